//! Search, as the build writes it: the index files under `search/` (read back as JSON) for
//! a fixture site under a `base_url` with a path, the `/search/` page and the header's search
//! box (parsed with scraper), the build summary's index size, the reserved `search` slug,
//! and the preview serving the index. What the browser does with them is
//! `tests/browser/search.mjs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::*;

const SITE: &str = concat!(
    "\
title: Search test
base_url: https://example.org/guide/
language: en
description: A small site for testing search.
",
    crate::trust_yaml!()
);

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("site.yaml", SITE),
        (
            "content/articles/sessions.md",
            "---\ntitle: Planning your sessions\ndescription: How often to go.\n---\n\
             Most people need a few visits.\n\n## Between visits\n\nRest at the Café.\n",
        ),
        (
            "content/articles/sleep.md",
            "---\ntitle: Sleep\n---\nA good night helps. One session of needling can tire you.\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About us\n---\nWho writes these pages.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: how-many\n    question: How many sessions will I need?\n    \
             answer: Often **four** to six.\n  - id: after\n    question: What should I do after?\n    \
             answer: Drink water after a session.\n",
        ),
    ]
}

fn build() -> (Site, Built) {
    let site = Site::new(&files());
    let built = site.build().with_base_path("/guide");
    (site, built)
}

fn json(out: &Path, rel: &str) -> Value {
    let path = out.join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// Every document the word files show: (kind, title, url), by number.
fn documents(out: &Path) -> Vec<(String, String, String)> {
    let manifest = json(out, "search/manifest.json");
    let count = manifest["docs"].as_u64().unwrap() as usize;
    let mut docs = vec![None; count];
    for key in manifest["words"].as_array().unwrap() {
        let file = json(out, &format!("search/w/{}.json", key.as_str().unwrap()));
        for (id, head) in file["docs"].as_object().unwrap() {
            let s = |i: usize| head[i].as_str().unwrap().to_owned();
            let head = (s(2), s(0), s(1));
            let slot = &mut docs[id.parse::<usize>().unwrap()];
            // Every word file shows a document alike.
            assert!(slot.as_ref().is_none_or(|h| *h == head), "{head:?}");
            *slot = Some(head);
        }
    }
    docs.into_iter()
        .enumerate()
        .map(|(i, d)| d.unwrap_or_else(|| panic!("document {i} is in no word file")))
        .collect()
}

/// The documents a stem lists, with their scores, best first.
fn postings(out: &Path, key: &str, stem: &str) -> Vec<(usize, u64)> {
    quoted(out, key, stem)
        .into_iter()
        .map(|(d, s, _)| (d, s))
        .collect()
}

/// The documents a stem lists, with their scores and the sentence each quotes, best first.
fn quoted(out: &Path, key: &str, stem: &str) -> Vec<(usize, u64, String)> {
    let file = json(out, &format!("search/w/{key}.json"));
    let list = file["stems"][stem]
        .as_array()
        .unwrap_or_else(|| panic!("no {stem} in w/{key}.json"));
    list.chunks(3)
        .map(|p| {
            let text = &file["text"][p[2].as_u64().unwrap() as usize];
            (
                p[0].as_u64().unwrap() as usize,
                p[1].as_u64().unwrap(),
                text.as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_index_holds_articles_pages_and_each_faq_entry() {
    let (_site, built) = build();
    let docs = documents(&built.out);
    let want = [
        (
            "Article",
            "Planning your sessions",
            "/guide/articles/sessions/",
        ),
        ("Article", "Sleep", "/guide/articles/sleep/"),
        ("Page", "About us", "/guide/about/"),
        ("Page", "Editorial policy", "/guide/editorial-policy/"),
        ("Page", "Funding and advertising", "/guide/funding/"),
        ("Page", "Privacy", "/guide/privacy/"),
        ("Page", "Contact us", "/guide/contact/"),
        (
            "Question",
            "How many sessions will I need?",
            "/guide/faq/#how-many",
        ),
        ("Question", "What should I do after?", "/guide/faq/#after"),
    ];
    let got: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|(k, t, u)| (k.as_str(), t.as_str(), u.as_str()))
        .collect();
    assert_eq!(got, want);
    // Each link leads to a page (and for a question, to its entry's anchor).
    for (_, _, url) in &docs {
        let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
        let page = built.page(path);
        if !anchor.is_empty() {
            assert!(
                page.ids().contains(&anchor.to_owned()),
                "no #{anchor} on {path}"
            );
        }
    }
    // A question is quoted from its answer, as plain text: the sentence with the word.
    assert_eq!(
        quoted(&built.out, "dri", "drink"),
        [(8, 1, "Drink water after a session.".to_owned())]
    );
    assert_eq!(
        quoted(&built.out, "fou", "four"),
        [(7, 1, "Often four to six.".to_owned())]
    );
    // A word found only in a title quotes the first sentence of the body.
    assert_eq!(
        quoted(&built.out, "pla", "plan"),
        [(0, 20, "Most people need a few visits.".to_owned())]
    );
}

#[test]
fn titles_and_questions_outweigh_body_text_and_words_are_stemmed() {
    let (_site, built) = build();
    // "sessions" and "session" are one stem: in the article's title (0), the question (7),
    // and the bodies of the sleep article (1) and the other question (8).
    let session = postings(&built.out, "ses", "session");
    let docs: BTreeSet<usize> = session.iter().map(|&(d, _)| d).collect();
    assert_eq!(docs, BTreeSet::from([0, 1, 7, 8]));
    let score = |doc| session.iter().find(|&&(d, _)| d == doc).unwrap().1;
    assert!(score(0) >= 20 && score(7) >= 20, "{session:?}");
    assert_eq!(score(1), 1);
    assert_eq!(score(8), 1);
    assert_eq!(
        session[0].0.min(session[1].0),
        0,
        "title hits come first: {session:?}"
    );
    // "needling" is indexed as "needl", as "needles" would be.
    assert_eq!(postings(&built.out, "nee", "needl"), [(1, 1)]);
    // Accents are removed: "Café" is "cafe". A heading weighs more than the body (5, and 1
    // for its text in the body).
    assert_eq!(postings(&built.out, "caf", "caf"), [(0, 1)]);
    assert_eq!(postings(&built.out, "bet", "between"), [(0, 6)]);
}

#[test]
fn a_glossary_definition_is_not_part_of_the_text_that_marks_it() {
    // The page shows a marked word's definition only when asked: search reads the text
    // around it, not the definition nor the toggletip's link.
    let mut all = files();
    all.push((
        "content/glossary.yaml",
        "- term: Acupuncture\n  definition: Needles placed by old Chinese ideas.\n",
    ));
    all.push((
        "content/articles/compare.md",
        "---\ntitle: Two treatments\n---\nAcupuncture differs from dry needling. Ask first.\n",
    ));
    let site = Site::new(&all);
    let built = site.build().with_base_path("/guide");
    let docs = documents(&built.out);
    let compare = docs.iter().position(|d| d.1 == "Two treatments").unwrap();
    let page = built.page(&docs[compare].2);
    assert_eq!(
        page.texts(".gloss dfn"),
        ["Acupuncture"],
        "the word is marked"
    );
    let quotes = quoted(&built.out, "acu", "acupunctur");
    assert_eq!(
        quotes,
        [(
            compare,
            1,
            "Acupuncture differs from dry needling.".to_owned()
        )]
    );
    // "needling" once in the body; the definition's "Needles" would make it twice.
    let needling = quoted(&built.out, "nee", "needl");
    assert!(needling.contains(&(
        compare,
        1,
        "Acupuncture differs from dry needling.".to_owned()
    )));
    // No document has the definition's own words nor the toggletip link's.
    for (key, stem) in [("chi", "chines"), ("pla", "place"), ("glo", "glossari")] {
        let file = built.out.join(format!("search/w/{key}.json"));
        let listed = fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|v| !v["stems"][stem].is_null());
        assert!(!listed, "{stem} is indexed");
    }
}

#[test]
fn the_manifest_lists_exactly_the_index_files() {
    let (_site, built) = build();
    let manifest = json(&built.out, "search/manifest.json");
    assert_eq!(manifest["version"], 2);
    let listed = |field: &str, folder: &str| -> BTreeSet<String> {
        manifest[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| format!("search/{folder}/{}.json", k.as_str().unwrap()))
            .collect()
    };
    let on_disk = |folder: &str| -> BTreeSet<String> {
        files_under(&built.out)
            .into_iter()
            .filter(|p| p.starts_with(&format!("search/{folder}/")))
            .collect()
    };
    assert_eq!(listed("words", "w"), on_disk("w"));
    assert_eq!(listed("typos", "t"), on_disk("t"));
    // Nothing else: results are shown from the word files alone.
    let all: BTreeSet<String> = files_under(&built.out)
        .into_iter()
        .filter(|p| p.starts_with("search/") && p != "search/index.html")
        .collect();
    assert_eq!(all.len(), 1 + on_disk("w").len() + on_disk("t").len());
    // A typo list names stems of four letters or more, each in the word file of its first
    // three letters.
    let typos = json(&built.out, "search/t/on.json");
    let stems: Vec<&str> = typos
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(stems.contains(&"session"), "{stems:?}");
    for stem in stems {
        assert!(stem.ends_with("on") && stem.len() >= 4);
        let key: String = stem.chars().take(3).collect();
        assert!(json(&built.out, &format!("search/w/{key}.json"))["stems"][stem].is_array());
    }
}

#[test]
fn the_search_page_and_the_header_box() {
    let (_site, built) = build();
    let page = built.page("/guide/search/");
    assert_eq!(page.text("h1"), "Search");
    // The page has its own box, not the header's.
    assert_eq!(page.count("header [data-search]"), 0);
    assert_eq!(
        page.attrs("main form[role=search]", "action"),
        ["/guide/search/"]
    );
    assert_eq!(page.attrs("main form[role=search]", "method"), ["get"]);
    assert_eq!(
        page.attrs("main [data-search]", "data-search-index"),
        ["/guide/search/"]
    );
    assert_eq!(page.attrs("main label", "for"), ["search-page-q"]);
    assert_eq!(page.attrs("#search-page-q", "name"), ["q"]);
    assert_eq!(
        page.attrs("main [data-search-status]", "aria-live"),
        ["polite"]
    );
    let noscript = page.text("main noscript");
    assert!(noscript.contains("Search needs JavaScript"), "{noscript}");
    assert!(noscript.contains("href=\"/guide/topics/\""), "{noscript}");

    for url in [
        "/guide/",
        "/guide/articles/sleep/",
        "/guide/faq/",
        "/guide/about/",
    ] {
        let page = built.page(url);
        assert_eq!(
            page.attrs("header form[role=search]", "action"),
            ["/guide/search/"],
            "{url}"
        );
        assert_eq!(
            page.attrs("header label", "for"),
            ["site-search-q"],
            "{url}"
        );
        assert_eq!(
            page.attrs("header input[type=search]", "id"),
            ["site-search-q"],
            "{url}"
        );
        assert!(
            page.text("header noscript")
                .contains("Search needs JavaScript"),
            "{url}"
        );
        assert_eq!(
            page.attrs("script[src]", "src"),
            ["/guide/search.js"],
            "{url}"
        );
        assert_eq!(page.count("script[src][defer]"), 1, "{url}");
        // No inline script but the page's structured data.
        assert_eq!(
            page.count("script:not([src]):not([type='application/ld+json'])"),
            0
        );
    }
    // The script every page loads is small (its prefetching and the preview's hook included);
    // it loads the rest when a box is used.
    let loader = fs::read_to_string(built.out.join("search.js")).unwrap();
    assert!(loader.contains("search-engine.js"));
    assert!(loader.len() < 2500, "search.js is {} bytes", loader.len());
    let engine = fs::read_to_string(built.out.join("search-engine.js")).unwrap();
    assert!(engine.contains("LATIN_FOLD"));
    // Readers find it through the box, not in the sitemap.
    let sitemap = fs::read_to_string(built.out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/search/"), "{sitemap}");
}

#[test]
fn the_build_summary_gives_the_index_size() {
    let (_site, built) = build();
    let stdout = &built.run.stdout;
    let files: Vec<String> = files_under(&built.out)
        .into_iter()
        .filter(|p| p.starts_with("search/") && p != "search/index.html")
        .collect();
    let bytes: u64 = files
        .iter()
        .map(|p| fs::metadata(built.out.join(p)).unwrap().len())
        .sum();
    let want = format!(
        ", search index {} KB in {} files,",
        bytes.div_ceil(1000),
        files.len()
    );
    assert!(stdout.contains(&want), "{want} not in {stdout}");
}

#[test]
fn a_page_cannot_take_the_search_slug() {
    let mut files = files();
    files.push(("content/pages/search.md", "---\ntitle: Find\n---\nText.\n"));
    let site = Site::new(&files);
    let run = site.build_args(&[]).failed();
    run.stderr_has(
        "page slug `search` is taken: careleaf makes /search/ itself (the site's search page); \
         give this page another slug",
    );
}

#[test]
fn the_preview_serves_the_index() {
    let site = Site::new(&files());
    let server = Server::start(site.root(), &[]);
    let manifest = server.get("/search/manifest.json");
    assert_served_as(&manifest, "/search/manifest.json", "application/json");
    let docs = manifest.json()["docs"].as_u64().unwrap();
    assert_eq!(docs, 9);
    // The preview serves at its own root: links in the index carry no base path there.
    let file = server.get("/search/w/ses.json").json();
    assert_eq!(file["docs"]["0"][1], "/articles/sessions/");
    let page = server.get("/search/").page("/search/");
    assert_eq!(
        page.attrs("main [data-search]", "data-search-index"),
        ["/search/"]
    );
}
