//! The files beside the pages: `sitemap.xml` (and its index of numbered files above the
//! protocol's limit), the Atom `feed.xml` and `robots.txt`, read back with a real XML parser
//! under a `base_url` with a path; their clash with static files, links to them, the preview
//! serving them, and two builds making the very same bytes.

use std::fs;

use roxmltree::{Document, Node};

use crate::support::*;

const BASE: &str = "https://example.org/guide";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

const SITE: &str = concat!(
    "\
title: Health & <Care>
base_url: https://example.org/guide/
language: en-GB
description: A small site for testing careleaf.
",
    crate::trust_yaml!()
);

/// Article `n` of the 21 dated ones: published on 2026-01-`n`. Article 2 was updated on
/// 2026-02-10 (the newest change of all), article 5 reviewed on 2026-03-01 (a review is no
/// update for the feed, but dates the page for the sitemap), article 21 has no description,
/// article 3 an author.
fn dated_article(n: usize) -> (String, String) {
    let mut front = format!("title: 'Article {n:02} & <friends>'\ndate: 2026-01-{n:02}\n");
    if n != 21 {
        front.push_str(&format!("description: Summary of article {n:02}.\n"));
    }
    match n {
        2 => front.push_str("updated: 2026-02-10\n"),
        3 => front.push_str("author: Dr Ann Lee\n"),
        5 => front.push_str("reviewed_on: 2026-03-01\nreviewed_by: Dr Ann Lee\n"),
        _ => {}
    }
    (
        format!("content/articles/a{n:02}.md"),
        format!("---\n{front}---\nText of article {n}.\n"),
    )
}

fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = (1..=21).map(dated_article).collect();
    files.push(("site.yaml".into(), SITE.into()));
    files.push((
        "content/articles/undated.md".into(),
        "---\ntitle: Undated\n---\nNo date here. [Feed](/feed.xml), [sitemap](/sitemap.xml) and [robots](/robots.txt).\n".into(),
    ));
    files.push((
        "content/pages/about.md".into(),
        "---\ntitle: About\ndate: 2025-12-01\n---\nAbout us.\n".into(),
    ));
    files.push((
        "content/faq.yaml".into(),
        "questions:\n  - id: q\n    question: Q?\n    answer: A whole sentence that answers the question well.\n".into(),
    ));
    files
}

fn site() -> Site {
    Site::from_owned(&files())
}

fn read(built: &Built, file: &str) -> String {
    fs::read_to_string(built.out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A child element's text (in namespace `ns`), if there is one.
fn child_text(node: Node, ns: &str, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name((ns, name)))
        .and_then(|c| c.text())
        .map(str::to_owned)
}

/// Every `<url>` of a `<urlset>` file: (loc, lastmod).
fn urlset(text: &str) -> Vec<(String, Option<String>)> {
    let doc = Document::parse(text).unwrap_or_else(|e| panic!("not XML ({e}): {text}"));
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "urlset")), "{text}");
    root.children()
        .filter(|n| n.is_element())
        .map(|n| {
            assert!(n.has_tag_name((SITEMAP_NS, "url")));
            (
                child_text(n, SITEMAP_NS, "loc").expect("a loc"),
                child_text(n, SITEMAP_NS, "lastmod"),
            )
        })
        .collect()
}

/// The absolute URL of every page the build wrote, but the not-found page, sorted.
fn page_urls(built: &Built) -> Vec<String> {
    let mut urls: Vec<String> = built
        .html_files()
        .into_iter()
        // Neither the not-found page nor the search page is in the sitemap.
        .filter(|f| f != "404.html" && f != "search/index.html")
        .map(|f| format!("{BASE}{}", file_to_url(&f)))
        .collect();
    urls.sort();
    urls
}

#[test]
fn the_sitemap_lists_every_page_under_the_base_path_dated_by_its_content() {
    let site = site();
    let built = site.build().with_base_path("/guide");
    let urls = urlset(&read(&built, "sitemap.xml"));
    let mut locs: Vec<String> = urls.iter().map(|(loc, _)| loc.clone()).collect();
    assert_eq!(locs[0], format!("{BASE}/"), "the home page first");
    locs.sort();
    assert_eq!(locs, page_urls(&built));
    let lastmod = |path: &str| {
        urls.iter()
            .find(|(loc, _)| *loc == format!("{BASE}{path}"))
            .unwrap_or_else(|| panic!("{path} not listed"))
            .1
            .as_deref()
    };
    assert_eq!(lastmod("/articles/a01/"), Some("2026-01-01"));
    // The newest of date, updated and reviewed_on.
    assert_eq!(lastmod("/articles/a02/"), Some("2026-02-10"));
    assert_eq!(lastmod("/articles/a05/"), Some("2026-03-01"));
    assert_eq!(lastmod("/about/"), Some("2025-12-01"));
    // Nothing dates these.
    for path in ["/articles/undated/", "/", "/articles/", "/topics/", "/faq/"] {
        assert_eq!(lastmod(path), None, "{path}");
    }
}

#[test]
fn robots_txt_lets_every_crawler_in_and_names_the_sitemap() {
    let site = site();
    let built = site.build();
    assert_eq!(
        read(&built, "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}/sitemap.xml\n")
    );
}

/// One feed entry as read back.
#[derive(Debug, PartialEq)]
struct Entry {
    id: String,
    title: String,
    link: String,
    published: Option<String>,
    updated: String,
    author: Option<String>,
    summary: Option<String>,
}

fn entry(node: Node) -> Entry {
    let text = |name| child_text(node, ATOM_NS, name);
    let links: Vec<Node> = node
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "link")))
        .collect();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].attribute("rel"), Some("alternate"));
    assert_eq!(links[0].attribute("type"), Some("text/html"));
    Entry {
        id: text("id").expect("an id"),
        title: text("title").expect("a title"),
        link: links[0].attribute("href").expect("an href").to_owned(),
        published: text("published"),
        updated: text("updated").expect("updated"),
        author: node
            .children()
            .find(|c| c.has_tag_name((ATOM_NS, "author")))
            .and_then(|a| child_text(a, ATOM_NS, "name")),
        summary: text("summary"),
    }
}

#[test]
fn the_feed_has_the_twenty_newest_articles_and_the_newest_date() {
    let site = site();
    let built = site.build();
    let text = read(&built, "feed.xml");
    let doc = Document::parse(&text).unwrap_or_else(|e| panic!("not XML ({e}): {text}"));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM_NS, "feed")));
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en-GB")
    );
    let text_of = |name| child_text(feed, ATOM_NS, name);
    assert_eq!(text_of("id").unwrap(), format!("{BASE}/feed.xml"));
    assert_eq!(text_of("title").unwrap(), "Health & <Care>");
    assert_eq!(
        text_of("subtitle").unwrap(),
        "A small site for testing careleaf."
    );
    // The newest entry's date, not the day of the build.
    assert_eq!(text_of("updated").unwrap(), "2026-02-10T00:00:00Z");
    let links: Vec<(Option<&str>, Option<&str>)> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "link")))
        .map(|l| (l.attribute("rel"), l.attribute("href")))
        .collect();
    let self_url = format!("{BASE}/feed.xml");
    let home = format!("{BASE}/");
    assert_eq!(
        links,
        [
            (Some("self"), Some(self_url.as_str())),
            (Some("alternate"), Some(home.as_str()))
        ]
    );
    let author = feed
        .children()
        .find(|c| c.has_tag_name((ATOM_NS, "author")))
        .and_then(|a| child_text(a, ATOM_NS, "name"));
    assert_eq!(author.as_deref(), Some("Health & <Care>"));

    let entries: Vec<Entry> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM_NS, "entry")))
        .map(entry)
        .collect();
    assert_eq!(entries.len(), 20, "21 dated articles, 20 in the feed");
    // Newest change first: article 2's update, then 21 down to 3; article 1 (the oldest)
    // and the undated article are left out.
    let order: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    let mut want = vec!["Article 02 & <friends>".to_owned()];
    want.extend(
        (3..=21)
            .rev()
            .map(|n| format!("Article {n:02} & <friends>")),
    );
    assert_eq!(order, want);
    assert_eq!(text_of("updated"), Some(entries[0].updated.clone()));
    let url = format!("{BASE}/articles/a02/");
    assert_eq!(
        entries[0],
        Entry {
            id: url.clone(),
            title: "Article 02 & <friends>".into(),
            link: url,
            published: Some("2026-01-02T00:00:00Z".into()),
            updated: "2026-02-10T00:00:00Z".into(),
            author: None,
            summary: Some("Summary of article 02.".into()),
        }
    );
    let a03 = entries.last().unwrap();
    assert_eq!(a03.author.as_deref(), Some("Dr Ann Lee"));
    assert_eq!(a03.updated, "2026-01-03T00:00:00Z");
    // A review is not an update.
    let a05 = entries.iter().find(|e| e.id.ends_with("/a05/")).unwrap();
    assert_eq!(a05.updated, "2026-01-05T00:00:00Z");
    // Article 21 has no description, so no summary.
    assert_eq!(entries[1].summary, None);
    for e in &entries {
        assert!(e.id.starts_with(&format!("{BASE}/articles/")), "{e:?}");
        assert_eq!(e.id, e.link);
    }

    // Every page links to the feed.
    let built = built.with_base_path("/guide");
    for url in [
        "/guide/",
        "/guide/articles/a02/",
        "/guide/faq/",
        "/guide/404.html",
    ] {
        let page = built.page(url);
        assert_eq!(
            page.attrs("link[rel=alternate][type=\"application/atom+xml\"]", "href"),
            ["/guide/feed.xml"],
            "{url}"
        );
    }
}

#[test]
fn without_a_dated_article_there_is_no_feed_and_no_link_to_one() {
    let site = Site::new(&[
        ("site.yaml", SITE),
        ("content/articles/a.md", "---\ntitle: A\n---\nText.\n"),
    ]);
    let built = site.build();
    assert!(!built.out.join("feed.xml").exists());
    assert!(built.out.join("sitemap.xml").is_file());
    assert!(built.out.join("robots.txt").is_file());
    let page = built.page("/articles/a/");
    assert_eq!(page.count("link[rel=alternate]"), 0);
    // So a link to it is broken.
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\n---\nThe [feed](/feed.xml).\n",
    );
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a.md:4:5: error: broken link `/feed.xml`: nothing in this site is at /feed.xml
      |
    4 | The [feed](/feed.xml).
      |     ^

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn two_builds_make_the_very_same_bytes() {
    let site = site();
    let outer = tempfile::tempdir().unwrap();
    let (one, two) = (outer.path().join("one"), outer.path().join("two"));
    site.build_into(&one);
    site.build_into(&two);
    let first = snapshot(&one);
    for file in ["sitemap.xml", "feed.xml", "robots.txt"] {
        assert!(first.contains_key(file), "{file} was not written");
    }
    assert_same_tree(&first, &snapshot(&two), "two builds of one site");
}

/// A build with at most `limit` URLs a sitemap file (the debug builds' test limit).
fn build_with_limit(site: &Site, limit: usize) -> Run {
    let opts = Opts {
        env: vec![("CARELEAF_TEST_SITEMAP_LIMIT".to_owned(), limit.to_string())],
        ..Opts::default()
    };
    careleaf_in_with(site, &["build"], &opts)
}

#[test]
fn above_the_limit_the_sitemap_is_an_index_of_numbered_files() {
    let site = site();
    let run = build_with_limit(&site, 10).ok();
    let built = Built::new(site.public(), run).with_base_path("/guide");
    let all = page_urls(&built);
    assert!(all.len() > 20 && all.len() <= 40, "{} pages", all.len());
    let parts = all.len().div_ceil(10);

    let index_text = read(&built, "sitemap.xml");
    let index = Document::parse(&index_text).unwrap();
    let root = index.root_element();
    assert!(
        root.has_tag_name((SITEMAP_NS, "sitemapindex")),
        "{index_text}"
    );
    let listed: Vec<String> = root
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "sitemap")))
        .map(|n| child_text(n, SITEMAP_NS, "loc").unwrap())
        .collect();
    let want: Vec<String> = (1..=parts)
        .map(|n| format!("{BASE}/sitemap-{n}.xml"))
        .collect();
    assert_eq!(listed, want);

    let mut locs = Vec::new();
    for n in 1..=parts {
        let urls = urlset(&read(&built, &format!("sitemap-{n}.xml")));
        assert!(urls.len() <= 10, "sitemap-{n}.xml has {}", urls.len());
        locs.extend(urls.into_iter().map(|(loc, _)| loc));
    }
    assert!(
        !built
            .out
            .join(format!("sitemap-{}.xml", parts + 1))
            .exists()
    );
    locs.sort();
    assert_eq!(locs, all, "every page once, across the files");
    // robots.txt names the index, at the same address as ever.
    assert!(read(&built, "robots.txt").ends_with(&format!("Sitemap: {BASE}/sitemap.xml\n")));

    // A static file where a numbered sitemap goes is refused like any clash.
    site.write("static/sitemap-2.xml", "<mine/>");
    let run = build_with_limit(&site, 10).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    static/sitemap-2.xml: error: clashes with the sitemap or feed careleaf makes: both would be written to sitemap-2.xml (rename or remove this file)

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

#[test]
fn static_files_may_not_take_the_place_of_the_sitemap_or_feed_but_robots_txt_may() {
    let site = site();
    site.write("static/feed.xml", "<feed/>");
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    static/feed.xml: error: clashes with the sitemap or feed careleaf makes: both would be written to feed.xml (rename or remove this file)

    careleaf: 1 error and 0 warnings; nothing was written
    ");
    assert!(!site.public().exists(), "nothing was written");
    // A site's own robots.txt (its own crawling rules) replaces careleaf's.
    site.remove("static/feed.xml");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    let built = site.build();
    assert_eq!(
        read(&built, "robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
}

#[test]
fn the_preview_serves_them_with_their_types() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    for (path, kind) in [
        ("/sitemap.xml", "application/xml"),
        ("/feed.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
        if path.ends_with(".xml") {
            let text = response.text();
            Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not XML ({e})"));
            // The preview serves the site at its own root, so links are root-relative.
            assert!(text.contains("/articles/a02/<"), "{path}: {text}");
            assert!(!text.contains(BASE), "{path}: {text}");
        }
    }
}
