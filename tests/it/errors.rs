//! Content errors: each exits non-zero, prints `path:line:col: error: message` with the
//! offending line and a caret, and leaves the previous output exactly as it was. Also
//! warnings, several errors in one run, and CRLF / byte-order-mark files.

use std::fs;

use crate::support::*;

/// Builds the rich fixture (it must build), applies `change`, and builds again: the second
/// build must fail and leave the previous output byte-for-byte untouched, with no temporary
/// folders left beside it. Returns the site and the failed run.
fn break_site(change: impl FnOnce(&Site)) -> (Site, Run) {
    let site = rich_site();
    site.build();
    let before = snapshot(&site.public());
    assert!(before.contains_key("index.html"));
    change(&site);
    let run = site.build_args(&[]).failed();
    assert!(
        run.stderr.ends_with("; nothing was written\n"),
        "no summary of what was wrong:\n{run}"
    );
    assert!(
        run.stdout.is_empty() || !run.stdout.contains("Built"),
        "{run}"
    );
    assert_same_tree(&before, &snapshot(&site.public()), "previous output");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    (site, run)
}

/// Appends text to the rich fixture's FAQ, returning the new text.
fn append_faq(site: &Site, extra: &str) -> String {
    let text = fs::read_to_string(site.path("content/faq.yaml")).unwrap() + extra;
    site.write("content/faq.yaml", &text);
    text
}

#[test]
fn yaml_syntax_error_in_front_matter() {
    let file = "content/articles/bad-yaml.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Bad\ndescription: a: b: c\ntopics: [pain]\n---\nBody.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/bad-yaml.md:3:15: error: mapping values are not allowed in this context
      |
    3 | description: a: b: c
      |               ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn missing_title() {
    let file = "content/articles/untitled.md";
    let (site, run) =
        break_site(|s| s.write(file, "---\ndescription: No title here\n---\nBody.\n"));
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/untitled.md:2:17: error: missing required key `title`
      |
    2 | description: No title here
      |                 ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn invalid_date() {
    let file = "content/articles/dated.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Dated\ntopics: [pain]\ndate: 2026-02-30\n---\nBody.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/dated.md:4:7: error: invalid date `2026-02-30`: there is no such day
      |
    4 | date: 2026-02-30
      |       ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn badly_shaped_date() {
    let file = "content/articles/dated.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Dated\nreviewed_on: 14/03/2026\n---\nBody.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/dated.md:3:14: error: invalid date `14/03/2026`: write dates as YYYY-MM-DD, e.g. 2026-03-14
      |
    3 | reviewed_on: 14/03/2026
      |              ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn unknown_front_matter_key_suggests_the_closest() {
    let file = "content/articles/typo.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Typo\ntopics: [pain]\nreviwed_on: 2026-01-01\n---\nBody.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/typo.md:4:1: error: unknown key `reviwed_on` (did you mean `reviewed_on`?); allowed keys: title, description, topics, date, updated, reviewed_on, reviewed_by, next_review, author, sources, slug, draft, weight, extra (put your own data under `extra:`)
      |
    4 | reviwed_on: 2026-01-01
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn unknown_key_in_site_yaml_names_the_key() {
    let (site, run) = break_site(|s| {
        let text = format!(
            "colour: blue\n{}",
            fs::read_to_string(s.path("site.yaml")).unwrap()
        );
        s.write("site.yaml", &text);
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    site.yaml:1:1: error: unknown key `colour`; allowed keys: title, base_url, language, description, theme, disclaimer, extra, review_interval_months, require_review, readability, plain_language, emergency_number, editorial_policy, funding, privacy, contact, people, logo, accent, accent_dark (put your own data under `extra:`)
      |
    1 | colour: blue
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn misspelt_key_in_site_yaml_suggests_the_right_one() {
    let (site, run) = break_site(|s| {
        s.write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\ndiscription: x\nlanguage: en\n",
        );
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    site.yaml:3:1: error: unknown key `discription` (did you mean `description`?); allowed keys: title, base_url, language, description, theme, disclaimer, extra, review_interval_months, require_review, readability, plain_language, emergency_number, editorial_policy, funding, privacy, contact, people, logo, accent, accent_dark (put your own data under `extra:`)
      |
    3 | discription: x
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn unknown_key_in_a_faq_entry_suggests_the_closest() {
    let (site, run) = break_site(|s| {
        append_faq(
            s,
            "  - id: extra-one\n    question: Extra?\n    answer: Yes.\n    reviwed_on: 2026-01-01\n    topics: [pain]\n",
        );
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/faq.yaml:24:5: error: unknown key `reviwed_on` (did you mean `reviewed_on`?); allowed keys: question, answer, topics, id, related, reviewed_on, reviewed_by, next_review, sources, extra (put your own data under `extra:`)
       |
    24 |     reviwed_on: 2026-01-01
       |     ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

fn needling_site() -> Site {
    let site = Site::new(&[
        (
            "content/topics.yaml",
            "dry-needling:\n  title: Dry needling\nsafety:\n  title: Safety\n",
        ),
        (
            "content/articles/a.md",
            "---\ntitle: A\ntopics:\n  - safety\n  - dry-needling\n---\nBody.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: A.\n    topics: [safety]\n",
        ),
    ]);
    site.build();
    site
}

#[test]
fn unknown_topic_suggests_the_defined_one() {
    let site = needling_site();
    let before = snapshot(&site.public());
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\ntopics:\n  - safety\n  - dry-neeling\n---\nBody.\n",
    );
    site.write(
        "content/faq.yaml",
        "questions:\n  - id: q\n    question: Q?\n    answer: A.\n    topics: [safety, dryneedling]\n    related: [a]\n",
    );
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a.md:5:5: error: unknown topic `dry-neeling` (did you mean `dry-needling`?); topics are defined in content/topics.yaml
      |
    5 |   - dry-neeling
      |     ^

    content/faq.yaml:5:22: error: unknown topic `dryneedling` (did you mean `dry-needling`?); topics are defined in content/topics.yaml
      |
    5 |     topics: [safety, dryneedling]
      |                      ^

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
    assert_same_tree(&before, &snapshot(&site.public()), "previous output");
}

#[test]
fn without_topics_yaml_topics_come_from_use() {
    let site = Site::new(&[(
        "content/articles/a.md",
        "---\ntitle: A\ntopics: [dry-needling]\n---\nBody.\n",
    )]);
    let built = site.build();
    assert_eq!(
        built.page("/topics/dry-needling/").text("h1"),
        "Dry needling"
    );
}

#[test]
fn broken_link_to_a_missing_article() {
    let file = "content/articles/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\nFirst line.\n\nSee [this](/articles/nope/) page.\n\nEnd.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/linker.md:6:5: warning: Link text “this” says nothing out of context: use words that say where the link goes [link_text]
      |
    6 | See [this](/articles/nope/) page.
      |     ^

    content/articles/linker.md:6:5: error: broken link `/articles/nope/`: nothing in this site is at /articles/nope/ (did you mean `/articles/`?)
      |
    6 | See [this](/articles/nope/) page.
      |     ^

    careleaf: 1 error and 1 warning; nothing was written
    ");
}

#[test]
fn broken_heading_anchor() {
    let file = "content/articles/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\nSee [this](/articles/needling-guide/#during-the-sesion).\n\nAnd [here](#nowhere).\n\nEnd.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/linker.md:4:5: warning: Link text “this” says nothing out of context: use words that say where the link goes [link_text]
      |
    4 | See [this](/articles/needling-guide/#during-the-sesion).
      |     ^

    content/articles/linker.md:4:5: error: broken link `/articles/needling-guide/#during-the-sesion`: /articles/needling-guide/ has no heading or entry with the id `during-the-sesion` (did you mean `#during-the-session`?)
      |
    4 | See [this](/articles/needling-guide/#during-the-sesion).
      |     ^

    content/articles/linker.md:6:5: warning: Link text “here” says nothing out of context: use words that say where the link goes [link_text]
      |
    6 | And [here](#nowhere).
      |     ^

    content/articles/linker.md:6:5: error: broken link `#nowhere`: /articles/linker/ has no heading or entry with the id `nowhere`
      |
    6 | And [here](#nowhere).
      |     ^

    careleaf: 2 errors and 2 warnings; nothing was written
    ");
}

#[test]
fn broken_faq_anchor() {
    let file = "content/articles/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\nSee [the answer](/faq/#nope).\n\nEnd.\n",
        )
    });
    expect_error_in(&site, &run, file, 4, "/faq/#nope");
}

#[test]
fn broken_link_inside_a_faq_answer_names_the_faq_line() {
    let (site, run) = break_site(|s| {
        append_faq(
            s,
            "  - id: extra-one\n    question: Extra?\n    answer: |\n      First line.\n      See [gone](/articles/gone/).\n    topics: [pain]\n",
        );
    });
    let text = fs::read_to_string(site.path("content/faq.yaml")).unwrap();
    expect_error_in(
        &site,
        &run,
        "content/faq.yaml",
        line_of(&text, "/articles/gone/"),
        "/articles/gone/",
    );
}

#[test]
fn broken_relative_md_link() {
    let file = "content/articles/treatments/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\nSee [x](../missing.md) and [y](needling-guide.md).\n\nEnd.\n",
        )
    });
    // The link to the sibling article resolves: only one error.
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/treatments/linker.md:4:5: error: broken link `../missing.md`: no article file at that path (relative links to .md files must point at an article in content/articles/)
      |
    4 | See [x](../missing.md) and [y](needling-guide.md).
      |     ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn broken_image_and_static_links() {
    let file = "content/articles/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\n![chart](/img/chart.png)\n\n[sheet](/docs/sheet.pdf)\n\nEnd.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/linker.md:4:1: error: broken image `/img/chart.png`: nothing in this site is at /img/chart.png
      |
    4 | ![chart](/img/chart.png)
      | ^

    content/articles/linker.md:6:1: error: broken link `/docs/sheet.pdf`: nothing in this site is at /docs/sheet.pdf
      |
    6 | [sheet](/docs/sheet.pdf)
      | ^

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
}

#[test]
fn duplicate_article_slug_names_both_files() {
    let (site, run) = break_site(|s| {
        s.write(
            "content/articles/more/needling-safety.md",
            "---\ntitle: More needling safety\n---\nBody.\n",
        )
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/treatments/needling-safety.md:1:1: error: duplicate article slug `needling-safety`: content/articles/more/needling-safety.md also uses it (articles' URLs are flat, so each needs its own slug)
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn duplicate_explicit_slug_points_at_the_slug_line() {
    let file = "content/articles/zzz.md";
    let (site, run) =
        break_site(|s| s.write(file, "---\ntitle: Z\nslug: sleep-tips\n---\nBody.\n"));
    let d = expect_error_in(&site, &run, file, 3, "sleep-tips");
    assert!(
        d.message.contains("content/articles/sleep-tips.md"),
        "{}",
        d.message
    );
}

#[test]
fn duplicate_faq_id() {
    let (site, run) = break_site(|s| {
        append_faq(
            s,
            "  - id: pain-real\n    question: Is it all in my head?\n    answer: No.\n",
        );
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/faq.yaml:21:9: error: duplicate FAQ id `pain-real`: the entry at line 14 already uses it
       |
    21 |   - id: pain-real
       |         ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn invalid_explicit_slug_and_faq_id() {
    let file = "content/articles/bad-slug.md";
    let (site, run) = break_site(|s| {
        s.write(file, "---\ntitle: B\nslug: Bad Slug\n---\nBody.\n");
        append_faq(s, "  - id: Bad_Id\n    question: Bad?\n    answer: Yes.\n");
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/bad-slug.md:3:1: error: slug `Bad Slug` must use only lowercase letters a-z, digits and single hyphens (try `bad-slug`)
      |
    3 | slug: Bad Slug
      | ^

    content/faq.yaml:21:9: error: FAQ id `Bad_Id` must use only lowercase letters a-z, digits and single hyphens (try `bad-id`)
       |
    21 |   - id: Bad_Id
       |         ^

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
}

#[test]
fn invalid_utf8_names_the_file() {
    let file = "content/articles/latin1.md";
    let (site, run) = break_site(|s| {
        s.write_bytes(file, b"---\ntitle: Caf\xe9\n---\nBody.\n");
    });
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/latin1.md:2:11: error: the file is not valid UTF-8 text; save it as UTF-8 in your editor

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn invalid_utf8_in_faq_and_site_yaml_names_the_file() {
    let (_site, run) = break_site(|s| {
        s.write_bytes(
            "content/faq.yaml",
            b"questions:\n  - id: a\n    question: \xff?\n    answer: b\n",
        );
    });
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.path == "content/faq.yaml" && d.message.contains("UTF-8")),
        "{run}"
    );
    let (_site, run) = break_site(|s| {
        s.write_bytes(
            "site.yaml",
            b"title: \xff\nbase_url: https://example.org/\n",
        );
    });
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.path == "site.yaml" && d.message.contains("UTF-8")),
        "{run}"
    );
}

#[test]
fn errors_in_several_files_are_reported_together() {
    let (site, run) = break_site(|s| {
        s.write(
            "content/articles/one.md",
            "---\ntitle: One\nreviwed_on: 2026-01-01\n---\nBody.\n",
        );
        s.write(
            "content/articles/two.md",
            "---\ntitle: Two\n---\nA [link](/articles/nope/).\n\nEnd.\n",
        );
        s.write(
            "content/pages/three.md",
            "---\ntitle: Three\ndate: 2026-13-01\n---\nBody.\n",
        );
        append_faq(
            s,
            "  - id: four\n    question: Four?\n    answer: A.\n    topics: [pian]\n    related: [sleep-tips]\n",
        );
    });
    expect_error_in(&site, &run, "content/articles/one.md", 3, "reviwed_on");
    expect_error_in(&site, &run, "content/articles/two.md", 4, "/articles/nope/");
    expect_error_in(&site, &run, "content/pages/three.md", 3, "2026-13-01");
    let text = fs::read_to_string(site.path("content/faq.yaml")).unwrap();
    expect_error_in(
        &site,
        &run,
        "content/faq.yaml",
        line_of(&text, "[pian]"),
        "did you mean `pain`",
    );
    let errors = run
        .diagnostics()
        .iter()
        .filter(|d| d.severity == "error")
        .count();
    assert_eq!(errors, 4, "{run}");
    assert!(
        run.stderr.contains("4 errors"),
        "no error count in the summary:\n{run}"
    );
}

#[test]
fn faq_entry_without_id_is_a_warning_and_the_build_succeeds() {
    let site = rich_site();
    append_faq(
        &site,
        "  - question: Can I exercise?\n    answer: Gently.\n",
    );
    let built = site.build();
    insta::assert_snapshot!(site.redact(&built.run.stderr), @"
    content/faq.yaml:21:5: warning: this entry has no `id:`; add `id: can-i-exercise` so its link (/faq/#can-i-exercise) survives a reworded question
       |
    21 |   - question: Can I exercise?
       |     ^
    ");
    assert!(built.run.stdout.contains("1 warning"), "{}", built.run);
    // The entry gets an id from its question.
    let faq = built.page("/faq/");
    assert_eq!(faq.text("#can-i-exercise h3"), "Can I exercise?");
}

#[test]
fn error_on_the_last_line_of_a_file_puts_the_caret_right_under_it() {
    // With and without a final newline.
    for ending in ["\n", ""] {
        let file = "content/articles/last.md";
        let (site, run) = break_site(|s| {
            s.write(
                file,
                &format!("---\ntitle: Last\n---\nSee [x](/articles/nope/).{ending}"),
            )
        });
        let d = expect_error_in(&site, &run, file, 4, "/articles/nope/");
        assert_eq!(d.column, 5);
        // `N | line` is followed directly by the caret line.
        let shown = "4 | See [x](/articles/nope/).\n  |     ^";
        assert!(run.stderr.contains(shown), "expected\n{shown}\nin:\n{run}");
    }
}

#[test]
fn a_page_may_not_take_a_reserved_slug() {
    let file = "content/pages/faq.md";
    let (site, run) = break_site(|s| s.write(file, "---\ntitle: My FAQ\n---\nBody.\n"));
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/pages/faq.md:1:1: error: page slug `faq` is taken by careleaf's own /faq/ pages; choose another
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

/// Front matter nested far deeper than any real file.
const DEEP: &str = concat!(
    "---\ntitle: D\nextra: ",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "\n---\n"
);

#[test]
fn odd_inputs_are_errors_not_panics() {
    let cases: &[(&str, &[u8])] = &[
        ("content/articles/empty.md", b""),
        ("content/articles/dashes.md", b"---\n"),
        ("content/articles/open.md", b"---\ntitle: x\n"),
        ("content/articles/nofront.md", b"# Just markdown\n"),
        ("content/articles/emptyfront.md", b"---\n---\nBody\n"),
        ("content/articles/list.md", b"---\n- a\n- b\n---\n"),
        (
            "content/articles/nul.md",
            b"---\ntitle: \x00\x01\n---\n\x00",
        ),
        (
            "content/articles/tabs.md",
            b"---\ntitle:\tx\n\ttopics: [a]\n---\n",
        ),
        (
            "content/articles/weight.md",
            b"---\ntitle: W\nweight: heavy\n---\n",
        ),
        (
            "content/articles/title-list.md",
            b"---\ntitle: [a, b]\n---\n",
        ),
        ("content/articles/deep.md", DEEP.as_bytes()),
        ("content/faq.yaml", b"questions: 7\n"),
        ("content/topics.yaml", b"- not\n- a map\n"),
        ("site.yaml", b"title: T\nbase_url: not a url\n"),
    ];
    for (path, bytes) in cases {
        let site = rich_site();
        site.write_bytes(path, bytes);
        let run = site.build_args(&[]);
        assert!(
            !run.stderr.contains("panicked"),
            "{path}: careleaf panicked:\n{run}"
        );
        assert_eq!(
            run.code(),
            Some(1),
            "{path}: expected a clean failure:\n{run}"
        );
        assert!(
            run.diagnostics()
                .iter()
                .any(|d| d.path == *path && d.severity == "error"),
            "{path}: no error naming the file:\n{run}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// CRLF line endings and byte-order marks
// ---------------------------------------------------------------------------------------------

fn windows(text: &str) -> Vec<u8> {
    let mut out = vec![0xef, 0xbb, 0xbf];
    out.extend(text.replace('\n', "\r\n").into_bytes());
    out
}

fn windows_site(files: &[(&str, &str)]) -> Site {
    let site = Site::new(&[]);
    site.write_bytes("site.yaml", &windows(SITE_YAML));
    for (p, t) in files {
        site.write_bytes(p, &windows(t));
    }
    site
}

#[test]
fn crlf_and_bom_files_build_exactly_like_lf_files() {
    let files = rich_site_files();
    let lf = Site::new(&files);
    let crlf = windows_site(&files);
    // A site template and a static text file saved the Windows way too.
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n{% endblock content %}\n";
    lf.write("templates/page.html", template);
    crlf.write_bytes("templates/page.html", &windows(template));
    assert!(
        fs::read(crlf.path("content/faq.yaml"))
            .unwrap()
            .starts_with(&[0xef, 0xbb, 0xbf])
    );
    lf.build();
    crlf.build();
    assert_same_tree(
        &snapshot(&lf.public()),
        &snapshot(&crlf.public()),
        "CRLF + BOM site vs LF site",
    );
}

#[test]
fn crlf_and_bom_files_report_the_same_errors_at_the_same_lines() {
    let mut files = rich_site_files();
    files.push((
        "content/articles/broken.md",
        "---\ntitle: Broken\ntopics: [pian]\nreviwed_on: 2026-01-01\n---\nText.\n\nA [link](/articles/nope/).\n\nEnd.\n",
    ));
    files.push((
        "content/articles/dated.md",
        "---\ntitle: Dated\ndate: 2026-02-30\n---\nText.\n",
    ));
    let lf = Site::new(&files);
    let crlf = windows_site(&files);
    let a = lf.build_args(&[]).failed();
    let b = crlf.build_args(&[]).failed();
    assert_eq!(
        a.stderr, b.stderr,
        "diagnostics differ between LF and CRLF+BOM"
    );
    assert!(
        !b.stderr.contains('\r'),
        "a carriage return leaked into a message"
    );
    expect_error_in(&crlf, &b, "content/articles/broken.md", 4, "reviwed_on");
    expect_error_in(&crlf, &b, "content/articles/dated.md", 3, "2026-02-30");
    // The link error is in the body, so its line counts the front matter.
    let fixed = "---\ntitle: Broken\n---\nText.\n\nA [link](/articles/nope/).\n\nEnd.\n";
    crlf.write_bytes("content/articles/broken.md", &windows(fixed));
    crlf.remove("content/articles/dated.md");
    let c = crlf.build_args(&[]).failed();
    expect_error_in(
        &crlf,
        &c,
        "content/articles/broken.md",
        6,
        "/articles/nope/",
    );
}

#[test]
fn broken_anchor_on_a_generated_page_is_an_error() {
    let file = "content/articles/linker.md";
    let (site, run) = break_site(|s| {
        s.write(
            file,
            "---\ntitle: Linker\n---\nSee [pain](/topics/pain/#nope).\n\nAnd [home](/#nope).\n\nEnd.\n",
        )
    });
    expect_error_in(&site, &run, file, 4, "#nope");
    expect_error_in(&site, &run, file, 6, "#nope");
}
