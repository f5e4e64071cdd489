//! Finding your way around a built site: the contents list of long articles (and only
//! those), the link back to the top of long pages, breadcrumbs on every page but the home
//! page, the slugs careleaf keeps for its own pages, and the preview form's way back to the
//! site.

use std::time::Duration;

use crate::support::*;

/// An article with `sections` `##` headings, the second of them with two `###` headings,
/// each section a short paragraph.
fn article(title: &str, sections: usize) -> String {
    let mut text = format!("---\ntitle: {title}\n---\nAn opening line.\n\n");
    for i in 1..=sections {
        text.push_str(&format!("## Part {i}\n\nSome words about part {i}.\n\n"));
        if i == 2 {
            text.push_str("### First step\n\nA step.\n\n### Second step\n\nAnother.\n\n");
        }
    }
    text
}

/// The `href` of every link of the contents list, in order, with its nesting depth.
fn contents(page: &Page) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for a in page.all("nav.toc a") {
        let depth = a
            .ancestors()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "ul"))
            .count();
        out.push((depth, a.value().attr("href").unwrap_or("").to_owned()));
    }
    out
}

#[test]
fn articles_with_four_sections_get_a_contents_list_linking_to_their_headings() {
    let site = Site::new(&[
        ("content/articles/long.md", &article("Long", 4)),
        ("content/articles/short.md", &article("Short", 3)),
        ("content/pages/guide.md", &article("Guide", 5)),
    ]);
    let built = site.build();
    // Standalone pages get one by the same rule.
    let guide = built.page("/guide/");
    assert_eq!(guide.count("nav.toc > ul > li"), 5);
    assert_eq!(guide.hrefs(".back-to-top a"), ["#main"]);

    let long = built.page("/articles/long/");
    let nav = long.one("nav.toc");
    assert_eq!(nav.value().attr("aria-labelledby"), Some("toc_title"));
    assert_eq!(long.text("nav.toc #toc_title"), "On this page");
    assert_eq!(
        contents(&long),
        [
            (1, "#part-1".to_owned()),
            (1, "#part-2".to_owned()),
            (2, "#first-step".to_owned()),
            (2, "#second-step".to_owned()),
            (1, "#part-3".to_owned()),
            (1, "#part-4".to_owned()),
        ],
        "the sections in order, each `###` under its `##`"
    );
    assert_eq!(
        long.texts("nav.toc a"),
        [
            "Part 1",
            "Part 2",
            "First step",
            "Second step",
            "Part 3",
            "Part 4"
        ]
    );
    // Every link lands on a heading of the article's text, and the list comes before it.
    for (_, href) in contents(&long) {
        let id = &href[1..];
        let target = long.one(&format!(".content [id=\"{id}\"]"));
        assert!(
            matches!(target.value().name(), "h2" | "h3"),
            "{href} is a heading"
        );
    }
    assert!(
        long.text.find("class=\"toc\"") < long.text.find("class=\"content\""),
        "the contents list comes before the text"
    );

    let short = built.page("/articles/short/");
    assert!(!short.has(".toc"), "three sections are too few for a list");
    assert!(short.has(".content h2#part-3"));
}

#[test]
fn long_pages_end_with_a_link_back_to_the_top() {
    let words = "word ".repeat(1100);
    let mut faq = String::from("questions:\n");
    for i in 1..=5 {
        faq.push_str(&format!("  - question: Question {i}?\n    answer: Yes.\n"));
    }
    let site = Site::new(&[
        ("content/articles/sections.md", &article("Sections", 4)),
        (
            "content/articles/wordy.md",
            &format!("---\ntitle: Wordy\n---\n{words}\n"),
        ),
        ("content/articles/short.md", &article("Short", 1)),
        ("content/faq.yaml", &faq),
    ]);
    let built = site.build();
    for url in ["/articles/sections/", "/articles/wordy/", "/faq/"] {
        let page = built.page(url);
        let link = page.one(".back-to-top a");
        assert_eq!(link.value().attr("href"), Some("#main"), "{url}");
        assert_eq!(text_of(link), "Back to top", "{url}");
        // The target is the page's main region, which takes the focus.
        assert_eq!(page.attrs("main#main", "tabindex"), ["-1"], "{url}");
        assert!(
            !page.has(".back-to-top [hidden], .back-to-top[hidden]"),
            "{url}: always shown"
        );
    }
    assert!(!built.page("/articles/short/").has(".back-to-top"));

    // A FAQ of two questions is not long.
    site.write(
        "content/faq.yaml",
        "questions:\n  - question: One?\n    answer: Yes.\n  - question: Two?\n    answer: No.\n",
    );
    assert!(!site.build().page("/faq/").has(".back-to-top"));
}

#[test]
fn every_page_but_the_home_page_has_breadcrumbs_from_home_to_itself() {
    let site = rich_site();
    let built = site.build();
    let home = built.page("/");
    assert!(!home.has(".breadcrumbs"), "the home page has no trail");
    assert!(
        !built.page("/404.html").has(".breadcrumbs"),
        "nor the not-found page"
    );
    let mut seen = 0;
    for file in built.html_files() {
        if file == "index.html" || file == "404.html" {
            continue;
        }
        let url = format!("/{}", file.trim_end_matches("index.html"));
        let page = built.page(&url);
        let nav = page.one("nav.breadcrumbs");
        assert_eq!(nav.value().attr("aria-label"), Some("Breadcrumb"), "{url}");
        let hrefs = page.hrefs("nav.breadcrumbs a");
        assert_eq!(hrefs.first().map(String::as_str), Some("/"), "{url}");
        assert_eq!(page.texts("nav.breadcrumbs li a")[0], "Home", "{url}");
        assert_eq!(
            hrefs.last(),
            Some(&url),
            "{url}: the trail ends at the page"
        );
        assert_eq!(
            page.attrs("nav.breadcrumbs a[aria-current=page]", "href"),
            std::slice::from_ref(&url),
            "{url}: only the last step is the current page"
        );
        seen += 1;
    }
    assert!(seen >= 15, "{seen} pages checked");
    assert_eq!(
        built
            .page("/articles/pain-basics/")
            .texts("nav.breadcrumbs a"),
        ["Home", "Articles", "Pain basics"]
    );
    assert_eq!(
        built.page("/topics/pain/").texts("nav.breadcrumbs a"),
        ["Home", "Topics", "Pain"]
    );
    assert_eq!(
        built.page("/faq/").texts("nav.breadcrumbs a").len(),
        2,
        "Home › the FAQ"
    );
}

#[test]
fn a_page_may_not_take_the_search_or_glossary_slug() {
    let site = Site::new(&[("content/pages/search.md", "---\ntitle: Find\n---\nBody.\n")]);
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/pages/search.md:1:1: error: page slug `search` is taken: careleaf makes /search/ itself (the site's search page); give this page another slug
      |
    1 | ---
      | ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
    assert!(!site.public().exists());

    // A slug set in the front matter is pointed at.
    let site = Site::new(&[(
        "content/pages/words.md",
        "---\ntitle: Words\nslug: glossary\n---\nBody.\n",
    )]);
    let run = site.build_args(&[]).failed();
    let d = expect_error_in(&site, &run, "content/pages/words.md", 3, "glossary");
    assert_eq!(d.column, 1);
    assert_eq!(
        d.message,
        "page slug `glossary` is taken: careleaf makes /glossary/ itself (the glossary of \
         medical words); give this page another slug"
    );
    // Articles live under /articles/, so they may use either.
    let site = Site::new(&[(
        "content/articles/search.md",
        "---\ntitle: Search\n---\nA.\n",
    )]);
    assert!(site.build().exists("/articles/search/"));
}

#[test]
fn the_preview_form_has_the_sites_header_and_a_way_back() {
    let site = rich_site();
    let serve = Server::start(site.root(), &[]);
    let page = poll_until(
        Duration::from_secs(20),
        "the form with the site's title",
        || {
            let page = serve.get("/_careleaf/faq/new").page("/_careleaf/faq/new");
            (page.count(".site-header .site-title") == 1
                && page.text(".site-header .site-title") == "Test Health")
                .then_some(page)
        },
    );
    assert_eq!(page.hrefs(".site-header .site-title"), ["/"]);
    assert_eq!(
        page.hrefs(".site-header nav a"),
        ["/articles/", "/topics/", "/faq/"]
    );
    assert_eq!(page.hrefs(".back-link a"), ["/faq/"]);
    assert_eq!(page.text(".back-link a"), "Back to the questions");
    assert_eq!(page.hrefs(".skip-link"), ["#main"]);
    // Every link of the header leads to a page the preview serves.
    for href in page.hrefs(".site-header a, .back-link a") {
        assert_eq!(serve.get(&href).status, 200, "{href}");
    }
}
