//! The repository's own example site (`site.yaml` and `content/` at the crate root), built
//! into a temp folder: every internal link resolves, every page carries the disclaimer, and
//! the content meets the minimums.

use std::path::Path;

use crate::support::*;
use scraper::ElementRef;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn base_url() -> String {
    let yaml = std::fs::read_to_string(Path::new(ROOT).join("site.yaml")).unwrap();
    yaml.lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .expect("site.yaml has a base_url")
        .trim()
        .trim_matches(['"', '\''])
        .to_owned()
}

/// The base path of the example site's base_url (`""` for a domain root).
fn base_path() -> String {
    let url = base_url();
    let after = url.find("://").map_or(0, |i| i + 3);
    url[after..].find('/').map_or(String::new(), |i| {
        url[after + i..].trim_end_matches('/').to_owned()
    })
}

/// Builds the example site into a fresh temp folder (never into the repository).
fn build_example() -> (tempfile::TempDir, Built) {
    let tmp = tempfile::Builder::new()
        .prefix("careleaf-example-")
        .tempdir()
        .unwrap();
    let out = tmp.path().join("public");
    let run = careleaf(&[
        "build".as_ref(),
        "--root".as_ref(),
        ROOT.as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    let built = Built {
        out,
        base_path: String::new(),
        run,
    }
    .with_base_path(&base_path());
    (tmp, built)
}

fn url(built: &Built, site_path: &str) -> String {
    format!("{}{site_path}", built.base_path)
}

#[test]
fn example_site_builds_without_warnings() {
    let (_tmp, built) = build_example();
    assert!(
        !built.run.stderr.contains("warning") && !built.run.stderr.contains("error"),
        "{}",
        built.run
    );
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let (_tmp, built) = build_example();
    assert_links_resolve(&built.out, &base_url());
}

#[test]
fn every_id_on_every_example_page_is_unique() {
    let (_tmp, built) = build_example();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
}

#[test]
fn every_example_page_has_the_disclaimer() {
    let (_tmp, built) = build_example();
    let files = built.html_files();
    assert!(files.len() >= 12, "{files:?}");
    for rel in files {
        let page = built.page(&url(&built, &file_to_url(&rel)));
        let text = page.text(".disclaimer");
        assert!(
            text.contains("not medical advice"),
            "{rel}: disclaimer is {text:?}"
        );
    }
}

#[test]
fn example_site_has_enough_articles_and_faq_entries() {
    let (_tmp, built) = build_example();
    let list = built.page(&url(&built, "/articles/"));
    let articles = list.hrefs(".article-list a");
    assert!(articles.len() >= 6, "only {} articles", articles.len());
    for a in &articles {
        assert!(built.exists(a), "{a} is listed but missing");
    }
    let faq = built.page(&url(&built, "/faq/"));
    let entries = faq.attrs("article.faq-entry", "id");
    assert!(entries.len() >= 12, "only {} FAQ entries", entries.len());
    let questions = faq.texts(".faq-question").join("\n").to_lowercase();
    for needle in ["acupuncture", "sessions", "hurt", "medic", "avoid"] {
        assert!(
            questions.contains(needle),
            "no FAQ question about {needle:?}"
        );
    }
    let about = built.page(&url(&built, "/about/"));
    assert!(
        about
            .text("main")
            .to_lowercase()
            .contains("not medical advice")
    );
}

#[test]
fn example_articles_are_long_enough_and_cite_sources() {
    let (_tmp, built) = build_example();
    let list = built.page(&url(&built, "/articles/"));
    for a in list.hrefs(".article-list a") {
        let page = built.page(&a);
        let words = text_of(page.one(".content")).split_whitespace().count();
        assert!(words >= 600, "{a}: {words} words");
        // The list after the "Sources" heading has at least two entries.
        let heading = page
            .all(".content h2")
            .into_iter()
            .find(|h| {
                let t = text_of(*h).to_lowercase();
                t.contains("source") || t.contains("reference")
            })
            .unwrap_or_else(|| panic!("{a}: no Sources heading"));
        let list = heading
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .next()
            .unwrap_or_else(|| panic!("{a}: nothing after the Sources heading"));
        let items = list.select(&sel("li")).count();
        assert!(items >= 2, "{a}: only {items} sources");
    }
}

#[test]
fn example_topics_have_descriptions_and_link_both_ways() {
    let (_tmp, built) = build_example();
    let topics = built.page(&url(&built, "/topics/"));
    let links = topics.hrefs(".topic-list h2 a");
    assert!(links.len() >= 3, "{links:?}");
    assert_eq!(topics.count(".topic-list .topic-description"), links.len());
    for t in links {
        let topic = built.page(&t);
        for a in topic.hrefs(".topic-articles a") {
            assert!(
                built.page(&a).hrefs(".topic-links a").contains(&t),
                "{a} is on {t} but does not link back"
            );
        }
        for f in topic.hrefs(".topic-faq a") {
            let (page, id) = f.split_once('#').expect("FAQ links carry an anchor");
            let faq = built.page(page);
            let entry = faq.one(&format!("[id=\"{id}\"]"));
            let back: Vec<&str> = entry
                .select(&sel(".entry-topics a"))
                .filter_map(|e| e.value().attr("href"))
                .collect();
            assert!(back.contains(&t.as_str()), "{f} does not link back to {t}");
        }
    }
}

#[test]
fn building_the_example_does_not_touch_the_repository() {
    let before = snapshot(&Path::new(ROOT).join("content"));
    let (_tmp, built) = build_example();
    assert!(built.out.join("index.html").is_file());
    assert_same_tree(
        &before,
        &snapshot(&Path::new(ROOT).join("content")),
        "the example content",
    );
}
