//! The page cache's keys against the pages themselves: after each edit, a build with every
//! cache kept makes byte for byte what a build without caches makes, the pages the edit
//! shows on are made again, and pages it cannot show on are reused (handed to the sink as
//! the very bytes of the last build). Also the link cache, which the preview relies on in
//! the same way: a link to an anchor that an edit removed is reported.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::content::date::Date;
use crate::pipeline::{Caches, Plan, run};
use crate::site::Options;

type Pages = BTreeMap<String, Arc<[u8]>>;

fn options() -> Options {
    Options::new(Date::parse("2026-06-01").expect("a date"))
}

/// The model of the site at `root` as of [`options`]'s day (for the page modules' tests).
pub(super) fn model(root: &Path) -> crate::site::Site {
    let mut diags = crate::diag::Diagnostics::new();
    let (config, _) = crate::config::Config::load(root, &mut diags).expect("settings");
    let content = crate::content::load(&config.root, &mut diags);
    crate::site::Site::build(config, content, options(), &mut diags)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `a` and `b` share a topic (so each lists the other as related); the FAQ entry names `b`
/// and shares its topic with `c`; `d` has a topic of its own. `a` links to a section of `b`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguage: en\ndescription: D\n\
         editorial_policy: E.\nfunding: F.\nprivacy: P.\ncontact: C.\n",
    );
    write(
        root,
        "content/articles/a.md",
        "---\ntitle: Alpha\ntopics: [pain]\ndate: 2026-01-01\n---\n\
         Read [the details](/articles/b/#details).\n",
    );
    write(
        root,
        "content/articles/b.md",
        "---\ntitle: Bravo\ntopics: [pain]\ndate: 2026-01-02\n---\n\
         ## Details\n\nSome details.\n",
    );
    write(
        root,
        "content/articles/c.md",
        "---\ntitle: Charlie\ntopics: [sleep]\ndate: 2026-01-03\n---\nSleep well.\n",
    );
    write(
        root,
        "content/articles/d.md",
        "---\ntitle: Delta\ntopics: [rest]\ndate: 2025-01-04\n---\nRest well.\n",
    );
    write(
        root,
        "content/faq.yaml",
        "questions:\n  - id: q\n    question: Does pacing help?\n    \
         answer: Pacing helps many people keep going through the day.\n    \
         topics: [sleep]\n    related: [b]\n",
    );
    dir
}

/// Replaces `from` with `to` in the file `rel` of `root`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// One build of `root` with `caches`: every file by output path, as handed to the sink; or
/// the build's error messages.
fn build(root: &Path, caches: &mut Caches) -> Result<Pages, Vec<String>> {
    let pages = Mutex::new(Pages::new());
    let sink = |path: &str, bytes: &Arc<[u8]>| {
        pages.lock().unwrap().insert(path.to_owned(), bytes.clone());
        Ok(())
    };
    match run(root, Plan::every_page(options()), caches, &sink) {
        Ok(_) => Ok(pages.into_inner().unwrap()),
        Err(diags) => Err(diags
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.message.to_string())
            .collect()),
    }
}

/// A build with the kept `caches` that must equal a build without any, byte for byte.
fn cached_build(root: &Path, caches: &mut Caches) -> Pages {
    let cached = build(root, caches).expect("the cached build succeeds");
    let fresh = build(root, &mut Caches::default()).expect("the fresh build succeeds");
    let bytes = |p: &Pages| -> Vec<(String, Vec<u8>)> {
        p.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect()
    };
    let (cached_bytes, fresh_bytes) = (bytes(&cached), bytes(&fresh));
    for ((path, c), (_, f)) in cached_bytes.iter().zip(&fresh_bytes) {
        assert_eq!(
            String::from_utf8_lossy(c),
            String::from_utf8_lossy(f),
            "{path} differs from a build without caches"
        );
    }
    assert_eq!(cached_bytes, fresh_bytes);
    cached
}

/// Whether `path` was handed over as the very bytes of `before` (the page was reused).
fn reused(before: &Pages, after: &Pages, path: &str) -> bool {
    Arc::ptr_eq(&before[path], &after[path])
}

fn text(pages: &Pages, path: &str) -> String {
    String::from_utf8_lossy(&pages[path]).into_owned()
}

const A: &str = "articles/a/index.html";
const B: &str = "articles/b/index.html";
const C: &str = "articles/c/index.html";
const D: &str = "articles/d/index.html";
const INDEX: &str = "articles/index.html";
const PAIN: &str = "topics/pain/index.html";
const FAQ: &str = "faq/index.html";

#[test]
fn an_unchanged_site_reuses_every_page() {
    let dir = site();
    let mut caches = Caches::enabled();
    let first = cached_build(dir.path(), &mut caches);
    let second = cached_build(dir.path(), &mut caches);
    for path in first
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "search/index.html")
    {
        assert!(reused(&first, &second, path), "{path} was made again");
    }
}

#[test]
fn a_body_edit_makes_only_its_own_page_again() {
    let dir = site();
    let mut caches = Caches::enabled();
    let before = cached_build(dir.path(), &mut caches);
    edit(
        dir.path(),
        "content/articles/b.md",
        "Some details.",
        "New details.",
    );
    let after = cached_build(dir.path(), &mut caches);
    assert!(text(&after, B).contains("New details."));
    for path in [A, C, D, INDEX, PAIN, FAQ, "index.html"] {
        assert!(reused(&before, &after, path), "{path} was made again");
    }
}

#[test]
fn a_title_edit_makes_every_page_that_shows_the_title_again() {
    let dir = site();
    let mut caches = Caches::enabled();
    let before = cached_build(dir.path(), &mut caches);
    assert!(text(&before, A).contains("Bravo"), "a lists b as related");
    edit(
        dir.path(),
        "content/articles/b.md",
        "title: Bravo",
        "title: Bravissimo",
    );
    let after = cached_build(dir.path(), &mut caches);
    // Its own page, the listings, the related article's page, the FAQ entry naming it.
    for path in [B, INDEX, PAIN, A, FAQ, "index.html"] {
        assert!(text(&after, path).contains("Bravissimo"), "{path}");
        assert!(!reused(&before, &after, path), "{path} was reused");
    }
    assert!(reused(&before, &after, D), "d shows nothing of b");
}

#[test]
fn a_review_or_topic_change_reaches_the_pages_that_show_it() {
    let dir = site();
    let mut caches = Caches::enabled();
    cached_build(dir.path(), &mut caches);
    edit(
        dir.path(),
        "content/articles/b.md",
        "date: 2026-01-02",
        "date: 2026-01-02\nreviewed_on: 2026-02-01\nreviewed_by: Dr Who",
    );
    cached_build(dir.path(), &mut caches);
    edit(
        dir.path(),
        "content/articles/b.md",
        "topics: [pain]",
        "topics: [pain, sleep]",
    );
    let after = cached_build(dir.path(), &mut caches);
    assert!(text(&after, "topics/sleep/index.html").contains("Bravo"));
    edit(
        dir.path(),
        "content/faq.yaml",
        "Does pacing help?",
        "Does pacing really help?",
    );
    let after = cached_build(dir.path(), &mut caches);
    assert!(text(&after, B).contains("Does pacing really help?"));
}

#[test]
fn a_link_to_a_section_an_edit_removed_is_reported() {
    let dir = site();
    let mut caches = Caches::enabled();
    cached_build(dir.path(), &mut caches);
    edit(
        dir.path(),
        "content/articles/b.md",
        "## Details",
        "## Summary",
    );
    let cached = build(dir.path(), &mut caches).expect_err("the anchor is gone");
    let fresh = build(dir.path(), &mut Caches::default()).expect_err("the anchor is gone");
    assert_eq!(cached, fresh);
    assert!(
        cached.iter().any(|m| m.contains("/articles/b/#details")),
        "{cached:?}"
    );
    // Mended, the cached build succeeds again and equals a fresh one.
    edit(
        dir.path(),
        "content/articles/b.md",
        "## Summary",
        "## Details",
    );
    cached_build(dir.path(), &mut caches);
}

#[test]
fn a_slug_edit_moves_the_page_and_its_sitemap_entry() {
    let dir = site();
    let mut caches = Caches::enabled();
    let before = cached_build(dir.path(), &mut caches);
    assert!(text(&before, "sitemap.xml").contains("/articles/c/"));
    edit(
        dir.path(),
        "content/articles/c.md",
        "title: Charlie",
        "title: Charlie\nslug: bee",
    );
    let after = cached_build(dir.path(), &mut caches);
    assert!(!after.contains_key(C), "the old address is gone");
    assert!(text(&after, "articles/bee/index.html").contains("Charlie"));
    let sitemap = text(&after, "sitemap.xml");
    assert!(sitemap.contains("/articles/bee/") && !sitemap.contains("/articles/c/"));
    // Back again: the list made for `bee` is not the one used.
    edit(dir.path(), "content/articles/c.md", "\nslug: bee", "");
    let back = cached_build(dir.path(), &mut caches);
    assert!(back.contains_key(C) && !back.contains_key("articles/bee/index.html"));
}
