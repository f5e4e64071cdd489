//! Markdown features in built pages (tables, footnotes, strikethrough, task lists, heading
//! ids, smart punctuation, highlighted code) and HTML escaping of front-matter text.

use crate::support::*;

const FEATURES: &str = "\
---
title: Features
---
Intro with a note.[^src] \"Quoted\" words, it's here -- and --- there...

| Drug | Dose |
|------|-----:|
| A    | 10 mg |
| B    | 20 mg |

~~old advice~~

- [x] done task
- [ ] open task

## Notes

## Notes

## Notes

## Ménière's disease

## Own id {#custom-id}

[jump](#notes-2) [down](#meniere-s-disease-x)

```rust
fn main() { let x = 1; }
```

```
plain block
```

[^src]: A source, 2024.
";

fn features_site() -> (Site, Built) {
    let site = Site::new(&[
        (
            "content/articles/features.md",
            &FEATURES.replace("[down](#meniere-s-disease-x)", ""),
        ),
        (
            "content/articles/plain.md",
            "---\ntitle: Plain\n---\nNo code here.\n",
        ),
    ]);
    let built = site.build();
    (site, built)
}

#[test]
fn tables_strikethrough_and_task_lists() {
    let (_site, built) = features_site();
    let page = built.page("/articles/features/");
    assert_eq!(page.texts(".content table thead th"), ["Drug", "Dose"]);
    assert_eq!(page.count(".content table tbody tr"), 2);
    assert_eq!(page.texts(".content table tbody td")[1], "10 mg");
    assert_eq!(page.text(".content del"), "old advice");
    let boxes = page.all(".content li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes[0].value().attr("checked").is_some());
    assert!(boxes[1].value().attr("checked").is_none());
    assert!(boxes.iter().all(|b| b.value().attr("disabled").is_some()));
}

#[test]
fn footnotes_link_to_their_definition() {
    let (_site, built) = features_site();
    let page = built.page("/articles/features/");
    let refs = page.hrefs(".content sup a");
    assert_eq!(refs.len(), 1, "{refs:?}");
    let id = refs[0].strip_prefix('#').expect("an anchor link");
    let def = page.one(&format!(".content [id=\"{id}\"]"));
    assert!(text_of(def).contains("A source, 2024."));
}

#[test]
fn heading_ids_are_slugs_with_repeats_numbered() {
    let (_site, built) = features_site();
    let page = built.page("/articles/features/");
    assert_eq!(
        page.attrs(".content h2", "id"),
        [
            "notes",
            "notes-1",
            "notes-2",
            "menieres-disease",
            "custom-id"
        ]
    );
    assert_eq!(page.text("#menieres-disease"), "Ménière’s disease");
    assert_eq!(page.hrefs(".content a[href^=\"#notes\"]"), ["#notes-2"]);
}

#[test]
fn accented_heading_transliterates() {
    let site = Site::new(&[(
        "content/articles/m.md",
        "---\ntitle: M\n---\n## Ménière\n\n## Über Schmerz\n\nSee [above](#meniere).\n",
    )]);
    let built = site.build();
    let page = built.page("/articles/m/");
    assert_eq!(page.attrs(".content h2", "id"), ["meniere", "uber-schmerz"]);
}

#[test]
fn smart_punctuation() {
    let (_site, built) = features_site();
    let page = built.page("/articles/features/");
    let first = page.texts(".content p")[0].clone();
    assert!(first.contains("“Quoted”"), "{first}");
    assert!(first.contains("it’s"), "{first}");
    assert!(first.contains("here – and — there…"), "{first}");
}

#[test]
fn fenced_code_is_highlighted_with_classes_not_styles() {
    let (_site, built) = features_site();
    let page = built.page("/articles/features/");
    let blocks = page.all(".content pre");
    assert_eq!(blocks.len(), 2);
    let rust = blocks[0];
    let classed: Vec<_> = rust
        .select(&sel("span[class]"))
        .filter(|s| {
            s.value()
                .attr("class")
                .unwrap()
                .split_whitespace()
                .all(|c| c.starts_with("hl-"))
        })
        .collect();
    assert!(classed.len() > 3, "too few hl- spans: {}", rust.html());
    assert_eq!(text_of(rust), "fn main() { let x = 1; }");
    // No inline styles in code blocks (table alignment may use them; that is pulldown-cmark's).
    assert_eq!(
        page.count(".content pre[style], .content pre [style]"),
        0,
        "inline styles found in code"
    );
    // A block without a language stays plain text.
    assert_eq!(text_of(blocks[1]), "plain block");
    // The code stylesheet is linked only where there is code, and it styles hl- classes.
    assert!(
        page.hrefs("link[rel=stylesheet]")
            .contains(&"/highlight.css".to_owned())
    );
    let plain = built.page("/articles/plain/");
    assert!(
        !plain
            .hrefs("link[rel=stylesheet]")
            .contains(&"/highlight.css".to_owned())
    );
    let css = std::fs::read_to_string(built.out.join("highlight.css")).unwrap();
    assert!(css.contains(".hl-"), "highlight.css has no hl- rules");
}

#[test]
fn unknown_code_language_is_a_plain_block() {
    let site = Site::new(&[(
        "content/articles/c.md",
        "---\ntitle: C\n---\n```no-such-language\n<b>x</b> & y\n```\n",
    )]);
    let built = site.build();
    let page = built.page("/articles/c/");
    assert_eq!(text_of(page.one(".content pre")), "<b>x</b> & y");
    assert!(!page.has(".content pre b"));
}

#[test]
fn a_broken_anchor_written_in_markdown_is_caught_by_the_output_checker_too() {
    // careleaf refuses the page as written, naming the line and the anchor it meant.
    let site = Site::new(&[("content/articles/features.md", FEATURES)]);
    let run = site.build_args(&[]).failed();
    let line = line_of(FEATURES, "[down](#meniere-s-disease-x)");
    let d = expect_error_in(
        &site,
        &run,
        "content/articles/features.md",
        line,
        "broken link `#meniere-s-disease-x`",
    );
    assert!(
        d.message.contains("did you mean `#menieres-disease`"),
        "{run}"
    );
    assert!(!site.public().exists(), "nothing was written");

    // Without that link it builds, and the tests' own output checker (which every other test
    // trusts) agrees every link resolves...
    let (_site, built) = features_site();
    assert_links_resolve(&built.out, "https://example.org/");
    // ...and finds the same mistake when it is in the built HTML.
    let file = built.file("/articles/features/");
    let html = std::fs::read_to_string(&file).unwrap();
    let broken = html.replacen(
        "</main>",
        "<a href=\"#meniere-s-disease-x\">down</a></main>",
        1,
    );
    assert_ne!(broken, html, "the page has a </main>");
    std::fs::write(&file, broken).unwrap();
    let (problems, _) = check_links(&built.out, "https://example.org/");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("#meniere-s-disease-x") && problems[0].contains("no element with id"),
        "{problems:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

const NASTY: &str = "Pain <script>alert(1)</script> & \"quotes\"";

#[test]
fn front_matter_text_is_escaped() {
    let site = Site::new(&[
        (
            "site.yaml",
            "title: Site <b>bold</b> & co\nbase_url: https://example.org/\ndescription: Desc <i>x</i>\n",
        ),
        (
            "content/topics.yaml",
            "pain:\n  title: Topic <em>x</em> & y\n",
        ),
        (
            "content/articles/nasty.md",
            "---\ntitle: 'Pain <script>alert(1)</script> & \"quotes\"'\ndescription: Less <img src=x onerror=alert(2)> than\nauthor: <b>Ann</b>\nreviewed_on: 2026-01-01\nreviewed_by: Dr <u>Who</u>\ntopics: [pain]\n---\nBody.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Is <script>bad()</script> & ok?\n    answer: Yes.\n    topics: [pain]\n    related: [nasty]\n",
        ),
    ]);
    let built = site.build();
    let page = built.page("/articles/nasty/");
    assert_eq!(page.text("h1"), NASTY);
    assert_eq!(
        page.one("head > title").text().collect::<String>(),
        format!("{NASTY} | Site <b>bold</b> & co")
    );
    assert_eq!(
        page.attrs("meta[property=\"og:title\"]", "content"),
        [NASTY]
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["Less <img src=x onerror=alert(2)> than"]
    );
    assert_eq!(page.text(".lead"), "Less <img src=x onerror=alert(2)> than");
    assert_eq!(page.text(".reviewer"), "Dr <u>Who</u>");
    assert!(page.text(".meta").contains("<b>Ann</b>"));
    assert_eq!(page.text(".topic-links a"), "Topic <em>x</em> & y");
    for (url, what) in [
        ("/articles/nasty/", "article"),
        ("/articles/", "articles list"),
        ("/topics/pain/", "topic"),
        ("/faq/", "faq"),
        ("/", "home"),
    ] {
        let p = built.page(url);
        // The one inline script is the page's structured data (tested in
        // `structured_data`); the other is the theme's search script, a file.
        assert_eq!(
            p.count("script:not([type=\"application/ld+json\"]):not([src=\"/search.js\"])"),
            0,
            "{what}: a <script> element got through"
        );
        assert_eq!(
            p.count("script:not([src])"),
            1,
            "{what}: only the structured data"
        );
        assert_eq!(p.count("img, u, b, em, i"), 0, "{what}: markup got through");
    }
    assert_eq!(built.page("/articles/").text(".article-list a"), NASTY);
    let faq = built.page("/faq/");
    assert_eq!(faq.text("#q h3"), "Is <script>bad()</script> & ok?");
    assert_eq!(faq.text(".entry-related a"), NASTY);
    assert_eq!(built.page("/").text("h1"), "Site <b>bold</b> & co");
}

#[test]
fn raw_html_in_markdown_passes_through() {
    let site = Site::new(&[
        (
            "content/articles/raw.md",
            "---\ntitle: Raw\n---\nSome <span class=\"raw\">x</span> inline.\n\n<div class=\"callout\"><strong>Note</strong> well.</div>\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: An <abbr title=\"physical therapist\">PT</abbr> helps.\n",
        ),
    ]);
    let built = site.build();
    let page = built.page("/articles/raw/");
    assert_eq!(page.text(".content span.raw"), "x");
    assert_eq!(page.text(".content div.callout strong"), "Note");
    let faq = built.page("/faq/");
    assert_eq!(
        faq.attrs("#q .faq-answer abbr", "title"),
        ["physical therapist"]
    );
}
