//! A model reused from the last build must equal one built afresh, after every kind of edit:
//! each test edits a small site, builds it with the caches the preview keeps and without any,
//! and compares every list the model derived, the documents in it and the problems found.

use std::collections::HashMap;
use std::fmt::Debug;
use std::path::Path;

use crate::config::Config;
use crate::content::{Overrides, ParseCache, load_with};
use crate::diag::Diagnostics;
use crate::site::{Options, Site, SiteCache};

const SITE_YAML: &str = "title: T\nbase_url: https://example.org/\nlanguage: en\n\
                         description: D\neditorial_policy: E.\nfunding: F.\n";

const TOPICS_YAML: &str = "pain:\n  title: Pain\nsleep:\n  title: Sleep\n\
                           needling:\n  title: Needling\nunused:\n  title: Unused\n";

const FAQ_YAML: &str = r"title: Questions
questions:
  - id: why-pain
    question: Why does it hurt?
    answer: Pain has many causes, and a doctor can help find yours.
    topics: [pain]
    related: [pain-basics]
  - id: short
    question: Is it real?
    answer: Yes.
    topics: [sleep, needling]
  - question: No id here?
    answer: An entry without an id still builds, with a warning about it.
    topics: [sleep]
    related: [no-such-article]
";

/// An article's file: `front` lines (after the title) between the `---` lines, then `body`.
fn article(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{front}---\n{body}\n")
}

/// One site, built again and again with the caches the preview keeps.
struct Session {
    dir: tempfile::TempDir,
    parse: ParseCache,
    site: SiteCache,
    options: Options,
    /// What the last cached build made.
    last: String,
}

impl Session {
    /// A site with topics defined, an FAQ, a page, a draft and an article naming an
    /// unknown topic, built once with the caches.
    fn new() -> Session {
        let session = Session::empty();
        session.write("site.yaml", SITE_YAML);
        session.write("content/topics.yaml", TOPICS_YAML);
        session.write("content/faq.yaml", FAQ_YAML);
        let articles = [
            (
                "pain-basics",
                "Pain basics",
                "topics: [pain]\ndate: 2024-05-01\n",
            ),
            (
                "sleep-well",
                "Sleep well",
                "topics: [sleep, pain]\ndate: 2024-04-01\n",
            ),
            (
                "needles",
                "Needles",
                "topics: [needling, pain]\ndate: 2024-04-01\n",
            ),
            ("first", "First", "topics: [sleep]\nweight: 1\n"),
            ("typo", "Typo", "topics: [slep]\ndate: 2023-01-01\n"),
            ("later", "Later", "topics: [needling]\ndraft: true\n"),
        ];
        for (slug, title, front) in articles {
            let text = article(title, front, &format!("Text of {slug}."));
            session.write(&format!("content/articles/{slug}.md"), &text);
        }
        session.write(
            "content/pages/about.md",
            &article("About", "", "Who we are."),
        );
        session
    }

    fn empty() -> Session {
        Session {
            dir: tempfile::tempdir().unwrap(),
            parse: ParseCache::enabled(),
            site: SiteCache::enabled(),
            options: Options::new(crate::content::date::Date::parse("2026-06-01").unwrap()),
            last: String::new(),
        }
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).unwrap();
    }

    /// Builds with the caches and without, asserts both made the same model, and returns
    /// whether the cached build reused the last one's derived lists.
    fn rebuild(&mut self) -> bool {
        let cached = model(
            self.dir.path(),
            self.options,
            &mut self.parse,
            &mut self.site,
        );
        let reused = self.site.reused();
        let fresh = model(
            self.dir.path(),
            self.options,
            &mut ParseCache::default(),
            &mut SiteCache::default(),
        );
        assert_eq!(cached, fresh);
        self.last = cached;
        reused
    }
}

/// Everything the model made from the site at `root`, and every problem found loading it.
fn model(root: &Path, options: Options, parse: &mut ParseCache, cache: &mut SiteCache) -> String {
    let mut diags = Diagnostics::new();
    let (config, _) = Config::load(root, &mut diags).unwrap();
    let content = load_with(&config.root, &mut diags, parse, &Overrides::default());
    let site = Site::build_cached(config, content, options, cache, &mut diags);
    describe(&site, &diags)
}

/// One line per derived item, with the text of every document so that a reused model is
/// seen to hold this build's documents.
fn describe(site: &Site, diags: &Diagnostics) -> String {
    let mut out = Vec::new();
    for a in &site.articles {
        out.push(format!(
            "article {} topics {:?} related {:?} faq {:?} file {:?}",
            a.doc.slug, a.topics, a.related, a.related_faq, a.doc.source.text
        ));
    }
    for p in &site.pages {
        out.push(format!("page {} {:?}", p.slug, p.source.text));
    }
    for t in &site.trust_pages {
        out.push(format!("trust page {} {:?}", t.page.slug, t.from));
    }
    out.extend(site.topics.iter().map(|t| format!("{t:?}")));
    for f in &site.faq {
        out.push(format!("faq {:?} {:?} {:?}", f.entry, f.topics, f.related));
    }
    let text = |s: &Option<crate::content::source::SourceFile>| s.as_ref().map(|s| s.text.clone());
    out.push(format!(
        "faq {:?} {:?} {:?} failed {}",
        site.faq_title,
        site.faq_intro,
        text(&site.faq_source),
        site.faq_failed
    ));
    out.push(format!("topics file {:?}", text(&site.topics_source)));
    out.push(format!("config {:?}", site.config.title));
    out.push(sorted(&site.article_by_slug));
    out.push(sorted(&site.topic_by_slug));
    out.push(sorted(&site.article_by_file));
    out.push(sorted_set(&site.excluded_drafts));
    out.push(sorted_set(&site.excluded_draft_files));
    out.push(sorted_set(&site.failed_slugs));
    out.extend(diags.iter().map(|d| format!("{d:?}")));
    out.join("\n")
}

fn sorted<K: Ord + Debug, V: Debug>(map: &HashMap<K, V>) -> String {
    let mut items: Vec<_> = map.iter().collect();
    items.sort_by(|a, b| a.0.cmp(b.0));
    format!("{items:?}")
}

fn sorted_set<T: Ord + Debug>(set: &std::collections::HashSet<T>) -> String {
    let mut items: Vec<_> = set.iter().collect();
    items.sort();
    format!("{items:?}")
}

#[test]
fn the_fixture_has_what_the_edits_need() {
    let mut s = Session::new();
    assert!(!s.rebuild(), "the first build has nothing to reuse");
    let made = &s.last;
    for expected in [
        "unknown topic `slep`",
        "this entry has no `id:`",
        "related article `no-such-article` does not exist",
        "the answer has only 1 word",
        "article first topics",
    ] {
        assert!(made.contains(expected), "{expected:?} not in\n{made}");
    }
}

#[test]
fn a_body_edit_reuses_the_model() {
    let mut s = Session::new();
    s.rebuild();
    assert!(s.rebuild(), "nothing changed");
    s.edit(
        "content/articles/needles.md",
        "Text of needles.",
        "New text.",
    );
    assert!(s.rebuild(), "a body edit changes nothing the model derives");
    // The article naming an unknown topic: its problem is kept, and still shown.
    s.edit("content/articles/typo.md", "Text of typo.", "Other text.");
    assert!(s.rebuild());
    s.edit("content/pages/about.md", "Who we are.", "Who we were.");
    assert!(s.rebuild());
}

#[test]
fn an_emptied_body_is_warned_about_though_the_model_is_reused() {
    let mut s = Session::new();
    s.rebuild();
    s.edit("content/articles/needles.md", "Text of needles.", "");
    assert!(s.rebuild());
    s.edit("content/articles/needles.md", "---\n\n", "---\nBack.\n");
    assert!(s.rebuild());
}

#[test]
fn a_title_edit_reuses_the_model_unless_the_article_moves() {
    let mut s = Session::new();
    s.rebuild();
    // `needles` and `sleep-well` share a date: the title decides their order.
    s.edit(
        "content/articles/needles.md",
        "title: Needles",
        "title: Needling",
    );
    assert!(s.rebuild(), "still before `Sleep well`");
    s.edit(
        "content/articles/needles.md",
        "title: Needling",
        "title: Tiny needles",
    );
    assert!(!s.rebuild(), "now after `Sleep well`");
    s.edit(
        "content/articles/first.md",
        "title: First",
        "title: Zzz first",
    );
    assert!(s.rebuild(), "its weight keeps it first");
    s.edit(
        "content/articles/later.md",
        "title: Later",
        "title: Much later",
    );
    assert!(s.rebuild(), "a draft is not listed");
    s.edit(
        "content/articles/sleep-well.md",
        "title: Sleep well",
        "title: A",
    );
    assert!(s.rebuild(), "still before `Tiny needles`");
    s.edit("content/articles/sleep-well.md", "title: A", "title: Zzz");
    assert!(!s.rebuild(), "now after `Tiny needles`");
}

#[test]
fn other_front_matter_edits_rebuild_the_model() {
    let mut s = Session::new();
    s.rebuild();
    s.edit(
        "content/articles/needles.md",
        "needling, pain",
        "needling, sleep",
    );
    assert!(!s.rebuild(), "a topic edit");
    s.edit(
        "content/articles/needles.md",
        "date: 2024-04-01",
        "date: 2025-01-01",
    );
    assert!(!s.rebuild(), "a date edit");
    s.edit(
        "content/articles/pain-basics.md",
        "topics: [pain]",
        "topics: [pain]\nweight: 3",
    );
    assert!(!s.rebuild(), "a weight edit");
    s.edit(
        "content/articles/first.md",
        "title: First",
        "title: First\nslug: one",
    );
    assert!(!s.rebuild(), "a slug edit");
    s.edit(
        "content/articles/typo.md",
        "title: Typo",
        "title: Typo\ndescription: D.",
    );
    assert!(!s.rebuild(), "the front matter of a file with a problem");
    s.edit("content/articles/typo.md", "slep", "sleep");
    assert!(!s.rebuild(), "the problem fixed");
    s.edit(
        "content/articles/sleep-well.md",
        "title: Sleep well",
        "title: Sleep well\ndescription: D.",
    );
    assert!(s.rebuild(), "a description is not part of the model");
}

#[test]
fn added_removed_and_renamed_articles_rebuild_the_model() {
    let mut s = Session::new();
    s.rebuild();
    let text = article("Fresh", "topics: [pain, sleep]\ndate: 2024-06-01\n", "New.");
    s.write("content/articles/fresh.md", &text);
    assert!(!s.rebuild(), "an added article");
    s.remove("content/articles/pain-basics.md");
    assert!(!s.rebuild(), "a removed article (the FAQ links to it)");
    std::fs::rename(
        s.dir.path().join("content/articles/fresh.md"),
        s.dir.path().join("content/articles/fresh-2.md"),
    )
    .unwrap();
    assert!(!s.rebuild(), "a renamed article");
    s.write(
        "content/articles/copy.md",
        &article("Copy", "slug: needles\n", "Again."),
    );
    assert!(!s.rebuild(), "a repeated slug");
    s.edit("content/articles/copy.md", "Again.", "Once more.");
    assert!(s.rebuild(), "the repeat's body");
}

#[test]
fn a_draft_toggled_rebuilds_the_model() {
    let mut s = Session::new();
    s.rebuild();
    s.edit("content/articles/later.md", "draft: true", "draft: false");
    assert!(!s.rebuild());
    s.edit(
        "content/articles/pain-basics.md",
        "topics: [pain]",
        "topics: [pain]\ndraft: true",
    );
    assert!(!s.rebuild(), "the FAQ links to a draft now");
    s.options.drafts = true;
    assert!(!s.rebuild(), "drafts included");
    s.edit("content/articles/pain-basics.md", "Text of", "Body of");
    assert!(s.rebuild());
    s.options.related_lists = false;
    assert!(!s.rebuild(), "no related lists");
}

#[test]
fn faq_topics_and_settings_edits_are_seen() {
    let mut s = Session::new();
    s.rebuild();
    s.edit(
        "content/faq.yaml",
        "answer: Yes.",
        "answer: Yes, it is as real as any other illness you can name.",
    );
    assert!(!s.rebuild(), "an FAQ answer");
    s.edit(
        "content/faq.yaml",
        "topics: [sleep, needling]",
        "topics: [pain]",
    );
    assert!(!s.rebuild(), "an FAQ entry's topics");
    s.edit("content/topics.yaml", "title: Sleep", "title: Sleeping");
    assert!(!s.rebuild(), "a topic's title");
    s.edit("content/topics.yaml", "unused:\n  title: Unused\n", "");
    assert!(!s.rebuild(), "a topic removed");
    s.edit("site.yaml", "funding: F.\n", "funding: F.\nprivacy: P.\n");
    assert!(
        s.rebuild(),
        "the model derives nothing from the settings it re-reads"
    );
    s.write("content/pages/privacy.md", &article("Privacy", "", "P."));
    assert!(!s.rebuild(), "a page added");
    s.edit(
        "content/pages/privacy.md",
        "title: Privacy",
        "title: Privacy\ndraft: true",
    );
    assert!(!s.rebuild(), "a page made a draft");
    s.remove("content/faq.yaml");
    assert!(!s.rebuild(), "the FAQ removed");
    s.remove("content/topics.yaml");
    assert!(!s.rebuild(), "topics taken from use");
    s.edit(
        "content/articles/needles.md",
        "Text of needles.",
        "Changed.",
    );
    assert!(s.rebuild(), "a body edit with topics taken from use");
}

#[test]
fn files_that_fail_to_load_are_seen() {
    let mut s = Session::new();
    s.rebuild();
    s.edit(
        "content/articles/sleep-well.md",
        "title: Sleep well\n",
        "title: [\n",
    );
    assert!(!s.rebuild(), "an article that no longer loads");
    s.edit("content/articles/needles.md", "Text of needles.", "More.");
    assert!(s.rebuild(), "a body edit while another file is broken");
    s.edit(
        "content/articles/sleep-well.md",
        "title: [\n",
        "title: Sleep well\n",
    );
    assert!(!s.rebuild(), "the article loads again");
    s.edit("content/faq.yaml", "questions:", "questions: [");
    assert!(!s.rebuild(), "an FAQ that no longer loads");
}

#[test]
fn warnings_that_depend_on_other_files_are_made_afresh() {
    let mut s = Session::new();
    s.edit("content/articles/typo.md", "slep", "sleep");
    s.edit("content/faq.yaml", "no-such-article", "needles");
    s.rebuild();
    let unused = "topic `unused` has no articles";
    assert!(s.last.contains(unused), "{}", s.last);
    // An error in a file the model does not read holds that warning back.
    s.write("content/glossary.yaml", "terms: [\n");
    assert!(s.rebuild());
    assert!(!s.last.contains(unused), "{}", s.last);
    s.remove("content/glossary.yaml");
    assert!(s.rebuild());
    assert!(s.last.contains(unused), "{}", s.last);
}
