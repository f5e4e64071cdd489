//! The preview's incremental rebuilds are correct: after every step of a scripted editing
//! session (edits, renames, new files, deletions, broken and fixed files, template and
//! settings changes), the preview's pages equal, byte for byte, a fresh full build of the
//! same files; when the files are broken both fail with the same diagnostics and the preview
//! keeps its last good snapshot. Also checks that the preview re-renders less than everything
//! after an article edit, and everything after a template edit.

use std::collections::BTreeSet;
use std::fs;
use std::sync::Arc;

use crate::support::*;
use careleaf::pipeline::build_in_memory;
use careleaf::serve::preview::{Outcome, Preview, Snapshot};
use careleaf::site::Options;

/// How many generated articles the fixture adds to the rich site.
const GENERATED: usize = 22;

fn generated_article(i: usize) -> (String, String) {
    let topics = ["pain", "sleep", "needling", "diet"];
    let t1 = topics[i % 4];
    let t2 = topics[(i + 1) % 4];
    // Each article links to the next one, so the first is linked by nobody.
    let link = if i < GENERATED {
        format!(
            "Next: [article {}](/articles/article-{:02}/).",
            i + 1,
            i + 1
        )
    } else {
        "The last one. Back to [sleep tips](/articles/sleep-tips/).".to_owned()
    };
    (
        format!("content/articles/generated/article-{i:02}.md"),
        format!(
            "---\ntitle: Generated article {i}\ndescription: Article number {i}.\ntopics: [{t1}, {t2}]\ndate: 2025-{:02}-{:02}\n---\nBody of article {i}. {link}\n\n## Details\n\nMore words about {t1}.\n",
            1 + i % 12,
            1 + i % 28
        ),
    )
}

fn fixture() -> Site {
    let mut files: Vec<(String, String)> = rich_site_files()
        .into_iter()
        .map(|(p, t)| (p.to_owned(), t.to_owned()))
        .collect();
    files.extend((1..=GENERATED).map(generated_article));
    files.push((
        "static/style.css".to_owned(),
        "body { color: #111; }\n".to_owned(),
    ));
    files.push(("static/img/dot.svg".to_owned(), "<svg/>\n".to_owned()));
    Site::from_owned(&files)
}

/// The default theme's template `name`, as shipped in the repository (and embedded).
fn default_template(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Where two byte strings first differ, with some context of each.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(80);
    let ctx = |s: &[u8]| String::from_utf8_lossy(&s[from..(at + 80).min(s.len())]).into_owned();
    format!(
        "lengths {} vs {}, first difference at byte {at}:\n  preview: …{}…\n  full:    …{}…",
        a.len(),
        b.len(),
        ctx(a),
        ctx(b)
    )
}

/// The preview under test and the last good snapshot it must keep on failure.
struct Session {
    site: Site,
    preview: Preview,
    last_good: Option<Arc<Snapshot>>,
    steps: usize,
    /// The files written, removed or renamed since the last step, as a watcher would list
    /// them: each step rebuilds after that list, the way the preview server does.
    changed: std::cell::RefCell<Vec<std::path::PathBuf>>,
}

/// What one step produced.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Built,
    Failed,
}

impl Session {
    fn new(site: Site) -> Session {
        let preview = Preview::new(site.root(), false, Some(Session::today()));
        Session {
            site,
            preview,
            last_good: None,
            steps: 0,
            changed: Default::default(),
        }
    }

    /// One fixed day for the preview and the full builds it is compared with.
    fn today() -> careleaf::content::date::Date {
        careleaf::content::date::Date::parse("2026-06-01").expect("a date")
    }

    fn options() -> Options {
        Options {
            preview: true,
            ..Options::new(Session::today())
        }
    }

    /// Rebuilds the preview and compares it with a fresh full build of the same files.
    fn step(&mut self, what: &str) -> Step {
        self.steps += 1;
        let what = format!("step {} ({what})", self.steps);
        let changed = self.changed.take();
        let outcome = match changed.is_empty() {
            true => self.preview.rebuild(),
            false => self.preview.rebuild_after(&changed),
        };
        let full = build_in_memory(self.site.root(), Session::options());
        match (outcome, full) {
            (Outcome::Built { warnings, .. }, Ok((built, files))) => {
                let snap = self
                    .preview
                    .snapshot()
                    .unwrap_or_else(|| panic!("{what}: built, but the preview has no snapshot"));
                // Same pages, same bytes.
                let preview_keys: BTreeSet<&String> = snap.pages.keys().collect();
                let full_keys: BTreeSet<&String> = files.iter().map(|f| &f.path).collect();
                assert_eq!(
                    preview_keys, full_keys,
                    "{what}: the preview has other pages than a full build"
                );
                assert_eq!(
                    files.len(),
                    full_keys.len(),
                    "{what}: repeated output paths"
                );
                for f in &files {
                    let mine = &snap.pages[&f.path];
                    assert!(
                        mine[..] == f.bytes[..],
                        "{what}: {} differs from a full build: {}",
                        f.path,
                        first_difference(mine, &f.bytes)
                    );
                }
                // Same static files.
                let preview_assets: Vec<&String> = snap.assets.keys().collect();
                let full_assets: Vec<&String> = built.assets.keys().collect();
                assert_eq!(
                    preview_assets, full_assets,
                    "{what}: the preview has other static files than a full build"
                );
                // Same warnings.
                let mine: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
                let theirs: Vec<String> = built.diagnostics.iter().map(|d| d.to_string()).collect();
                assert_eq!(mine, theirs, "{what}: other warnings than a full build");
                if let Some(old) = &self.last_good {
                    assert!(
                        snap.generation >= old.generation,
                        "{what}: the generation went backwards"
                    );
                }
                self.last_good = Some(snap);
                Step::Built
            }
            (Outcome::Failed(mine), Err(theirs)) => {
                let mine: Vec<String> = mine.iter().map(|d| d.to_string()).collect();
                let theirs: Vec<String> = theirs.iter().map(|d| d.to_string()).collect();
                assert_eq!(
                    mine, theirs,
                    "{what}: the preview reports other problems than a full build"
                );
                assert!(!mine.is_empty(), "{what}: failed without a diagnostic");
                let now = self.preview.snapshot();
                match (&now, &self.last_good) {
                    (Some(now), Some(good)) => assert!(
                        Arc::ptr_eq(now, good),
                        "{what}: a failed rebuild replaced the last good snapshot"
                    ),
                    (None, None) => {}
                    _ => panic!("{what}: a failed rebuild changed whether there is a snapshot"),
                }
                Step::Failed
            }
            (Outcome::Built { .. }, Err(theirs)) => panic!(
                "{what}: the preview built but a full build fails:\n{}",
                theirs
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            (Outcome::Failed(mine), Ok(_)) => panic!(
                "{what}: a full build succeeds but the preview fails:\n{}",
                mine.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    fn ok(&mut self, what: &str) -> Arc<Snapshot> {
        assert_eq!(self.step(what), Step::Built, "{what}: should build");
        self.last_good.clone().expect("a snapshot")
    }

    fn fails(&mut self, what: &str) -> Vec<String> {
        assert_eq!(self.step(what), Step::Failed, "{what}: should fail");
        match build_in_memory(self.site.root(), Session::options()) {
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
            Ok(_) => unreachable!(),
        }
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.site.path(rel)).expect("read fixture file")
    }

    /// Replaces the first `from` in `rel` with `to` (which must be there).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
        self.changed.borrow_mut().push(self.site.path(rel));
    }

    fn remove(&self, rel: &str) {
        self.site.remove(rel);
        self.changed.borrow_mut().push(self.site.path(rel));
    }

    fn rename(&self, from: &str, to: &str) {
        self.changed.borrow_mut().push(self.site.path(from));
        self.changed.borrow_mut().push(self.site.path(to));
        let to = self.site.path(to);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::rename(self.site.path(from), to).expect("rename fixture file");
    }
}

/// The HTML pages of a snapshot. The sitemap, feed and robots.txt beside them are made anew
/// in every build (they are cheap), so only pages can be reused.
fn html(snap: &Snapshot) -> impl Iterator<Item = (&String, &Arc<[u8]>)> {
    snap.pages.iter().filter(|(k, _)| k.ends_with(".html"))
}

/// Pages of `new` whose bytes are the very same allocation as in `old` (not re-rendered).
fn reused(old: &Snapshot, new: &Snapshot) -> usize {
    html(new)
        .filter(|(k, v)| old.pages.get(*k).is_some_and(|o| Arc::ptr_eq(o, v)))
        .count()
}

fn page_text(snap: &Snapshot, key: &str) -> String {
    String::from_utf8_lossy(
        snap.pages
            .get(key)
            .unwrap_or_else(|| panic!("no page {key}")),
    )
    .into_owned()
}

#[test]
fn preview_matches_a_full_build_after_every_edit() {
    let mut s = Session::new(fixture());
    let first = s.ok("first build");
    assert!(
        first.pages.len() >= 30,
        "the fixture should have 30+ pages, has {}",
        first.pages.len()
    );

    // An unchanged tree rebuilds to the very same pages.
    let again = s.ok("rebuild without changes");
    assert_eq!(reused(&first, &again), html(&first).count());

    // 1. An article's body.
    s.edit(
        "content/articles/sleep-tips.md",
        "Go to bed at the same time.",
        "Go to bed at the same time every night, even at weekends.",
    );
    let snap = s.ok("edit an article body");
    assert!(page_text(&snap, "articles/sleep-tips/index.html").contains("even at weekends"));

    // 2. A title: lists, topic pages and related lists elsewhere change.
    s.edit(
        "content/articles/basics/pain-basics.md",
        "title: Pain basics",
        "title: Understanding pain",
    );
    let snap = s.ok("edit a title");
    assert!(page_text(&snap, "topics/sleep/index.html").contains("Understanding pain"));
    assert!(page_text(&snap, "articles/index.html").contains("Understanding pain"));

    // 3. A topic added to an article.
    s.edit(
        "content/articles/sleep-tips.md",
        "topics: [sleep]",
        "topics: [sleep, diet]",
    );
    let snap = s.ok("add a topic to an article");
    assert!(page_text(&snap, "topics/diet/index.html").contains("Sleep tips"));

    // 4. Renaming a linked article changes its slug: links to it break, in both builds alike.
    s.rename(
        "content/articles/sleep-tips.md",
        "content/articles/better-sleep.md",
    );
    let errors = s.fails("rename a linked article");
    assert!(
        errors.iter().any(|e| e.contains("sleep-tips")),
        "the errors should name the old slug: {errors:?}"
    );
    // 5. ... and renaming it back fixes the site.
    s.rename(
        "content/articles/better-sleep.md",
        "content/articles/sleep-tips.md",
    );
    s.ok("rename it back");

    // 6. Renaming an article nobody links to: a new slug, the old page is gone.
    s.rename(
        "content/articles/generated/article-01.md",
        "content/articles/generated/first-article.md",
    );
    let snap = s.ok("rename an unlinked article");
    assert!(snap.pages.contains_key("articles/first-article/index.html"));
    assert!(!snap.pages.contains_key("articles/article-01/index.html"));

    // 7. Moving an article to another folder keeps its slug.
    s.rename(
        "content/articles/treatments/needling-guide.md",
        "content/articles/needling-guide.md",
    );
    s.edit(
        "content/articles/needling-guide.md",
        "[sleep tips](../sleep-tips.md)",
        "[sleep tips](sleep-tips.md)",
    );
    s.ok("move an article to another folder");

    // 8. A new article, then deleting it and another one.
    s.write(
        "content/articles/new-one.md",
        "---\ntitle: A brand new article\ntopics: [pain]\ndate: 2026-09-09\n---\nFresh. See [the FAQ](/faq/#sleep-help).\n",
    );
    let snap = s.ok("create an article");
    assert!(page_text(&snap, "index.html").contains("A brand new article"));
    s.remove("content/articles/new-one.md");
    s.ok("delete the new article");
    s.remove("content/articles/generated/first-article.md");
    let snap = s.ok("delete another article");
    assert!(!snap.pages.contains_key("articles/first-article/index.html"));

    // 9. FAQ entries: add, edit, remove.
    s.edit(
        "content/faq.yaml",
        "  - id: who-writes\n",
        "  - id: how-long\n    question: How long does a session take?\n    answer: About half an hour.\n    topics: [needling]\n  - id: who-writes\n",
    );
    let snap = s.ok("add a FAQ entry");
    assert!(page_text(&snap, "faq/index.html").contains("How long does a session take?"));
    s.edit(
        "content/faq.yaml",
        "answer: Yes, it is real, and it can be treated.",
        "answer: Yes, it is real, and it can often be treated.",
    );
    s.ok("edit a FAQ answer");
    s.edit(
        "content/faq.yaml",
        "  - id: pain-real\n    question: Is the pain real?\n    answer: Yes, it is real, and it can often be treated.\n    topics: [pain]\n",
        "",
    );
    let snap = s.ok("remove a FAQ entry");
    assert!(!page_text(&snap, "faq/index.html").contains("Is the pain real?"));

    // 10. A topic's description.
    s.edit(
        "content/topics.yaml",
        "description: Rest and sleep.",
        "description: Rest, naps and a good night's sleep.",
    );
    s.ok("edit a topic description");

    // 11. The site's settings.
    s.edit("site.yaml", "title: Test Health", "title: Better Health");
    let snap = s.ok("edit the site title");
    assert!(page_text(&snap, "faq/index.html").contains("Better Health"));
    // Who is a person shows only in the structured data, which the page cache must see.
    let key = "articles/pain-basics/index.html";
    assert!(page_text(&snap, key).contains(r#""@type":"Organization","name":"Dr. Ada Reviewer""#));
    s.edit(
        "site.yaml",
        "title: Better Health",
        "title: Better Health\npeople: [Dr. Ada Reviewer]",
    );
    let snap = s.ok("name a person in site.yaml");
    assert!(page_text(&snap, key).contains(r#""@type":"Person","name":"Dr. Ada Reviewer""#));

    // 12. A site template overriding the theme's: every page changes.
    let before = s.last_good.clone().unwrap();
    let base = default_template("base.html");
    assert!(base.contains("</footer>"));
    s.write(
        "templates/base.html",
        &base.replacen(
            "</footer>",
            "</footer><p class=\"override\">Local base</p>",
            1,
        ),
    );
    let snap = s.ok("override a template");
    assert_eq!(
        reused(&before, &snap),
        0,
        "every page must be rendered again after a template change"
    );
    for (k, v) in html(&snap) {
        assert!(
            String::from_utf8_lossy(v).contains("Local base"),
            "{k} was not rendered with the new template"
        );
    }
    s.edit("templates/base.html", "Local base", "Local base, edited");
    s.ok("edit the overriding template");
    s.remove("templates/base.html");
    s.ok("remove the overriding template");

    // 13. A stylesheet: no page changes.
    let before = s.last_good.clone().unwrap();
    s.site
        .write("static/style.css", "body { color: #222; margin: 0; }\n");
    let snap = s.ok("edit static/style.css");
    assert_eq!(
        reused(&before, &snap),
        html(&before).count(),
        "a stylesheet edit must not re-render pages"
    );
    s.write("static/img/new.svg", "<svg></svg>\n");
    s.ok("add a static file");
    s.remove("static/img/dot.svg");
    s.ok("remove a static file");

    // 14. A draft: in neither build.
    s.write(
        "content/articles/secret-plan.md",
        "---\ntitle: Secret plan\ntopics: [pain]\ndraft: true\n---\nNot yet.\n",
    );
    let snap = s.ok("add a draft");
    assert!(!snap.pages.contains_key("articles/secret-plan/index.html"));

    // 15. Broken YAML in the FAQ, then fixed.
    let faq = s.read("content/faq.yaml");
    s.edit(
        "content/faq.yaml",
        "question: What helps sleep?",
        "question: What helps: sleep?",
    );
    let errors = s.fails("break content/faq.yaml");
    assert!(
        errors.iter().any(|e| e.starts_with("content/faq.yaml:")),
        "{errors:?}"
    );
    s.write("content/faq.yaml", &faq);
    s.ok("fix content/faq.yaml");

    // 16. Broken front matter in an article, and a broken link, then fixed.
    let article = "content/articles/generated/article-05.md";
    let text = s.read(article);
    s.edit(article, "topics: [", "topics: [[");
    s.fails("break an article's front matter");
    s.write(article, &text);
    s.ok("fix the front matter");
    s.edit(
        article,
        "## Details",
        "See [a typo](/articles/sleep-tip/).\n\n## Details",
    );
    let errors = s.fails("add a broken link");
    assert!(
        errors.iter().any(|e| e.contains("/articles/sleep-tip/")),
        "{errors:?}"
    );
    s.edit(
        article,
        "[a typo](/articles/sleep-tip/)",
        "[the guide](/articles/needling-guide/#during-the-session)",
    );
    s.ok("fix the link");
    s.edit(article, "#during-the-session", "#no-such-heading-anywhere");
    s.fails("link to a missing anchor");
    s.edit(article, "#no-such-heading-anywhere", "#during-the-session");
    s.ok("fix the anchor");

    // 17. Broken topics.yaml and site.yaml, then fixed.
    let topics = s.read("content/topics.yaml");
    s.write(
        "content/topics.yaml",
        &topics.replacen("sleep:\n", "sleep\n", 1),
    );
    s.fails("break topics.yaml");
    s.write("content/topics.yaml", &topics);
    s.ok("fix topics.yaml");
    let settings = s.read("site.yaml");
    s.write("site.yaml", "title: [unclosed\n");
    s.fails("break site.yaml");
    s.write("site.yaml", &settings);
    s.ok("fix site.yaml");

    // 18. The same file rewritten with Windows line endings.
    for rel in ["content/articles/sleep-tips.md", "content/faq.yaml"] {
        let text = s.read(rel);
        s.write(rel, &text.replace('\n', "\r\n"));
        s.ok(&format!("CRLF rewrite of {rel}"));
    }

    // 19. A temp-file-and-rename save (a new inode for the same name).
    let tmp = "content/articles/.sleep-tips.md.tmp";
    let text = s.read("content/articles/sleep-tips.md");
    s.site
        .write(tmp, &text.replace("Sleep tips", "Tips for sleep"));
    s.rename(tmp, "content/articles/sleep-tips.md");
    let snap = s.ok("atomic save of an article");
    assert!(page_text(&snap, "articles/sleep-tips/index.html").contains("Tips for sleep"));
}

#[test]
fn an_article_edit_reuses_most_pages() {
    let mut s = Session::new(fixture());
    let before = s.ok("first build");
    s.edit(
        "content/articles/generated/article-07.md",
        "Body of article 7.",
        "Body of article 7, now with a longer first sentence.",
    );
    let after = s.ok("edit one article body");
    let total = html(&after).count();
    let same = reused(&before, &after);
    assert!(total >= 30, "{total} pages");
    eprintln!("an article body edit reused {same} of {total} pages");
    assert!(
        same * 2 >= total,
        "only {same} of {total} pages were reused after editing one article's body"
    );
    // The edited article itself is new.
    let key = "articles/article-07/index.html";
    assert!(!Arc::ptr_eq(&before.pages[key], &after.pages[key]));
    assert!(page_text(&after, key).contains("longer first sentence"));

    // A template edit re-renders every page.
    let base = default_template("base.html");
    s.write(
        "templates/base.html",
        &base.replacen("</main>", "</main><!-- edited -->", 1),
    );
    let templated = s.ok("template edit");
    assert_eq!(reused(&after, &templated), 0);
    for (k, v) in html(&templated) {
        assert!(after.pages[k] != *v, "{k} did not change with the template");
    }

    // So does a change to site.yaml.
    s.edit("site.yaml", "language: en", "language: en-GB");
    let relang = s.ok("site.yaml edit");
    assert_eq!(reused(&templated, &relang), 0);
}

/// A broken link with several equally close "did you mean" candidates gets the same
/// suggestion in every build (and so in the preview and a full build alike).
#[test]
fn did_you_mean_is_the_same_in_every_build() {
    let site = fixture();
    site.write(
        "content/articles/generated/article-05.md",
        "---\ntitle: Five\n---\nSee [nothing](/articles/no-such-article/).\n",
    );
    let mut messages = BTreeSet::new();
    for _ in 0..8 {
        let Err(diags) = build_in_memory(site.root(), Session::options()) else {
            panic!("the broken link must fail the build");
        };
        messages.insert(
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    assert_eq!(
        messages.len(),
        1,
        "the same files gave different diagnostics: {messages:#?}"
    );
}

/// An edit that keeps the file's length and modification time (tools such as `cp -p`,
/// `tar`, or file systems with coarse timestamps) must still be seen.
#[test]
fn an_edit_with_the_same_length_and_time_is_seen() {
    let mut s = Session::new(fixture());
    s.ok("first build");
    let rel = "content/articles/sleep-tips.md";
    let path = s.site.path(rel);
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, same inode (written in place), mtime put back.
    s.edit(rel, "Go to bed", "Go to BED");
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let snap = s.ok("same-length edit, same mtime");
    assert!(page_text(&snap, "articles/sleep-tips/index.html").contains("Go to BED"));
}

/// Adding, editing and removing `glossary.yaml` re-renders the pages whose words it marks:
/// after each step the preview equals a full build, and shows the new definition.
#[test]
fn glossary_edits_reach_the_marked_pages() {
    let mut s = Session::new(fixture());
    let first = s.ok("first build");
    assert!(!first.pages.contains_key("glossary/index.html"));

    s.write(
        "content/glossary.yaml",
        "- term: Session\n  definition: One visit for treatment.\n",
    );
    let snap = s.ok("add a glossary");
    let guide = page_text(&snap, "articles/needling-guide/index.html");
    assert!(guide.contains("<dfn>session</dfn>"), "{guide}");
    assert!(guide.contains("One visit for treatment."), "{guide}");
    assert!(page_text(&snap, "glossary/index.html").contains("One visit for treatment."));

    s.edit(
        "content/glossary.yaml",
        "One visit for treatment.",
        "A single visit to be treated.",
    );
    let snap = s.ok("edit a definition");
    let guide = page_text(&snap, "articles/needling-guide/index.html");
    assert!(guide.contains("A single visit to be treated."), "{guide}");
    assert!(!guide.contains("One visit for treatment."), "{guide}");

    s.edit(
        "content/glossary.yaml",
        "  definition:",
        "  aliases: [side effect]\n  definition:",
    );
    let snap = s.ok("add an alias");
    let safety = page_text(&snap, "articles/needling-safety/index.html");
    assert!(safety.contains("<dfn>Side effects</dfn>"), "{safety}");

    s.remove("content/glossary.yaml");
    let snap = s.ok("remove the glossary");
    assert!(!snap.pages.contains_key("glossary/index.html"));
    let guide = page_text(&snap, "articles/needling-guide/index.html");
    assert!(!guide.contains("<dfn>"), "{guide}");
}

/// The same promise at size: on a generated site of 2,000 articles, after edits of each kind
/// (a body, a title, topics, a new article, a broken and mended link, the FAQ, the
/// glossary), the preview equals a full build.
#[test]
fn preview_matches_a_full_build_on_a_large_generated_site() {
    const ARTICLES: usize = 2000;
    let mut s = Session::new(Site::from_owned(&generated_site_files(ARTICLES, 300)));
    let first = s.ok("first build");
    assert!(
        first.pages.len() > ARTICLES,
        "only {} pages",
        first.pages.len()
    );

    let a5 = "content/articles/part-5/article-0005.md";
    s.edit(
        a5,
        "This is article 5.",
        "This is article 5, with a new sentence.",
    );
    let snap = s.ok("edit an article body");
    assert!(page_text(&snap, "articles/article-0005/index.html").contains("with a new sentence"));

    let a17 = "content/articles/part-7/article-0017.md";
    s.edit(
        a17,
        "title: Article 17 about",
        "title: Renamed article 17 about",
    );
    let snap = s.ok("edit a title");
    assert!(page_text(&snap, "articles/index.html").contains("Renamed article 17"));

    s.edit(a17, "topics: [", "topics: [diet, ");
    let snap = s.ok("add a topic");
    assert!(page_text(&snap, "topics/diet/index.html").contains("Renamed article 17"));

    let (path, text) = crate::support::generated_article(ARTICLES, ARTICLES);
    s.write(
        &path,
        &text.replace("Article 2000 about", "Brand new article about"),
    );
    let snap = s.ok("add an article");
    assert!(page_text(&snap, "articles/article-2000/index.html").contains("Brand new article"));

    let a9 = "content/articles/part-9/article-0009.md";
    s.edit(a9, "article-0010/#details", "article-0010/#no-such-part");
    s.fails("link to a missing section");
    s.edit(a9, "article-0010/#no-such-part", "article-0010/#help");
    s.ok("link mended");

    s.edit(
        "content/faq.yaml",
        "question: Question number 3 about",
        "question: Reworded question 3 about",
    );
    let snap = s.ok("edit a question");
    assert!(page_text(&snap, "faq/index.html").contains("Reworded question 3"));

    s.edit(
        "content/glossary.yaml",
        "definition: Tiredness that rest does not fix.",
        "definition: Deep tiredness that rest does not fix.",
    );
    let snap = s.ok("edit a glossary definition");
    assert!(page_text(&snap, "glossary/index.html").contains("Deep tiredness"));
}

/// After a watcher's list of changed files, the preview reads only those (and everything in
/// folders on the list): an unlisted file's edit waits for its own event, or a rebuild that
/// reads everything.
#[test]
fn a_rebuild_after_a_change_list_reads_only_the_listed_files() {
    let mut s = Session::new(fixture());
    s.ok("first build");
    let sleep = "content/articles/sleep-tips.md";
    let pain = "content/articles/basics/pain-basics.md";
    s.edit(sleep, "Go to bed at the same time.", "Go to bed early.");
    s.edit(pain, "Pain is real.", "Pain is real and common.");
    let listed = s.site.path(sleep);
    assert!(matches!(
        s.preview.rebuild_after(&[listed]),
        Outcome::Built { .. }
    ));
    let snap = s.preview.snapshot().expect("a snapshot");
    assert!(page_text(&snap, "articles/sleep-tips/index.html").contains("Go to bed early."));
    let pain_page = page_text(&snap, "articles/pain-basics/index.html");
    assert!(
        pain_page.contains("Pain is real."),
        "the unlisted file was read"
    );
    assert!(!pain_page.contains("and common"));

    // A folder on the list stands for every file in it (a folder moved away and back).
    let folder = s.site.path("content/articles/basics");
    assert!(matches!(
        s.preview.rebuild_after(&[folder]),
        Outcome::Built { .. }
    ));
    let snap = s.preview.snapshot().expect("a snapshot");
    assert!(
        page_text(&snap, "articles/pain-basics/index.html").contains("Pain is real and common.")
    );

    // A list that cannot be trusted (the settings file stands for lost events) reads all.
    s.edit(
        pain,
        "Pain is real and common.",
        "Pain is real, common and treatable.",
    );
    assert!(matches!(
        s.preview.rebuild_after(&[s.site.path("site.yaml")]),
        Outcome::Built { .. }
    ));
    let snap = s.preview.snapshot().expect("a snapshot");
    assert!(page_text(&snap, "articles/pain-basics/index.html").contains("common and treatable"));
    // And after all that, the preview equals a full build again.
    s.ok("a rebuild that reads everything");
}
