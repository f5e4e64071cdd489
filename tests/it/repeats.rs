//! One mistake repeated in many places is one message: its words once, how many places it
//! is in and the first three of them. The terminal, the preview's overlay and its error page
//! all show it so; exit statuses and count lines still count every place.

use crate::support::*;

const TOPICS: &str = "safety:\n  title: Safety\npain:\n  title: Pain\n";

/// A site whose `n` articles (`a01.md` ...) each name the unknown topic `safty`, and one
/// more uses each topic.
fn site_with_one_unknown_topic(n: usize) -> Vec<(String, String)> {
    let mut files = vec![
        ("content/topics.yaml".to_owned(), TOPICS.to_owned()),
        (
            "content/articles/z.md".to_owned(),
            "---\ntitle: Z\ntopics: [safety, pain]\n---\nSome words to read here.\n".to_owned(),
        ),
    ];
    for i in 1..=n {
        files.push((
            format!("content/articles/a{i:02}.md"),
            format!("---\ntitle: Article {i}\ntopics: [safty]\n---\nSome words to read here.\n"),
        ));
    }
    files
}

#[test]
fn one_unknown_topic_in_twelve_files_is_one_message_naming_three_places() {
    let site = Site::from_owned(&site_with_one_unknown_topic(12));
    let run = site.build_args(&[]).failed();
    assert_eq!(run.code(), Some(1));
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a01.md:3:10: error: unknown topic `safty` (did you mean `safety`?); topics are defined in content/topics.yaml; found in 12 files: content/articles/a01.md:3:10, content/articles/a02.md:3:10, content/articles/a03.md:3:10 and 9 more
      |
    3 | topics: [safty]
      |          ^

    careleaf: 12 errors and 0 warnings; nothing was written
    ");
    let check = site.check().failed();
    assert_eq!(check.diagnostics().len(), 1, "{check}");
    assert!(
        check
            .stderr
            .ends_with("careleaf: 12 errors and 0 warnings\n"),
        "{check}"
    );
}

#[test]
fn links_to_one_missing_page_or_heading_are_one_message_and_other_targets_stay_apart() {
    let article = |name: &str, body: &str| {
        (
            format!("content/articles/{name}.md"),
            format!("---\ntitle: {name}\n---\n{body}\n"),
        )
    };
    let files = vec![
        article("a", "See [help](/help/) and [more help](/help/)."),
        article("b", "See [help](/help/)."),
        article("c", "See [the other](/other/)."),
    ];
    let site = Site::from_owned(&files);
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a.md:4:5: error: broken link `/help/`: nothing in this site is at /help/; found 3 times in 2 files: content/articles/a.md:4:5, content/articles/a.md:4:24 and content/articles/b.md:4:5
      |
    4 | See [help](/help/) and [more help](/help/).
      |     ^

    content/articles/c.md:4:5: error: broken link `/other/`: nothing in this site is at /other/
      |
    4 | See [the other](/other/).
      |     ^

    careleaf: 4 errors and 0 warnings; nothing was written
    ");
    // Headings are checked once the pages are made, which a site with errors never gets to.
    let files = vec![
        article("a", "No parts here."),
        article("b", "See [part](/articles/a/#part)."),
        article("c", "See [part](/articles/a/#part)."),
    ];
    let site = Site::from_owned(&files);
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/b.md:4:5: error: broken link `/articles/a/#part`: /articles/a/ has no heading or entry with the id `part`; found in 2 files: content/articles/b.md:4:5 and content/articles/c.md:4:5
      |
    4 | See [part](/articles/a/#part).
      |     ^

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
}

#[test]
fn the_preview_shows_one_message_for_the_repeats_in_its_overlay_and_error_page() {
    let (_outer, site) = site_in_folder(&[]);
    for (path, text) in site_with_one_unknown_topic(12) {
        site.write(&path, &text);
    }
    let server = Server::start(site.root(), &[]);
    let page = server.get("/").page("/");
    let items = page.texts(".careleaf-errors li");
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        items[0].contains("found in 12 files: content/articles/a01.md:3:10, content/articles/a02.md:3:10, content/articles/a03.md:3:10 and 9 more"),
        "{items:?}"
    );
    assert!(!page.has(".careleaf-more"), "nothing is left out");
    let hello = server.live().expect("hello");
    let errors = hello["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 1, "{hello}");
    assert_eq!(hello["error_count"], 12, "{hello}");
    assert!(hello["more"].is_null(), "{hello}");
    let message = errors[0]["message"].as_str().unwrap_or_default();
    assert!(message.ends_with("and 9 more"), "{message}");
    assert_eq!(errors[0]["path"], "content/articles/a01.md");
}
