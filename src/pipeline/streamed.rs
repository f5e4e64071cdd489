//! A one-off build, streamed ([`Pages::Streamed`]): each article's body is rendered, its
//! page made and its search terms read in one go, and its HTML let go before the next, so
//! the run never holds every article's HTML at once (the staged run holds it all, which the
//! preview needs in order to reuse it). Once the link check and the checks after it have
//! made every message about the articles, their text goes too, before the files beside the
//! pages, the search index and the other pages are made. Everything else is the staged
//! run's: the same checks, pages and files made by the same functions, so both make the
//! same site (tests compare them). On the 10,000-article benchmark site this keeps the
//! peak at about 190 MiB, where the staged run reaches about 320.
//!
//! The article pages are made before the link check because no link can wait on them:
//! every anchor of an article's page comes from its markdown, so the check settles links
//! into articles itself and leaves only generated pages' anchors to watch for.

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::{
    Built, Caches, Checked, Plan, Sink, built, check_links, checks_after_links, failed, finish,
    write_all,
};
use crate::analyze::{Analysis, TextCache};
use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::links::LinkCache;
use crate::render::Piece;
use crate::render::pages::{ArticlePages, Made, PageList, Which};
use crate::render::pieces::{ArticleBodies, render_markdown_but_articles};
use crate::render::search::documents;
use crate::render::search::ranking::{self, Merger, ThreadReaders};
use crate::render::templates::Templates;
use crate::site::Site;
use crate::theme::Theme;
use crate::timings::{Timer, timed};

/// A site ready to build: modelled, with its theme and compiled templates.
pub(super) struct Ready<'t> {
    pub site: Site,
    pub config_source: SourceFile,
    pub theme: Theme,
    pub tera: &'t Templates,
}

/// Builds `ready` as `plan` says (its pages [`Pages::Streamed`]), with `diags` found so far
/// (none of them errors), handing each file to `sink`.
pub(super) fn run(
    ready: Ready,
    plan: Plan,
    mut diags: Diagnostics,
    sink: &Sink,
    started: Instant,
) -> Result<Built, Diagnostics> {
    let Ready {
        mut site,
        config_source,
        theme,
        tera,
    } = ready;
    let mut timer = Timer::start();
    let mut analysed = Diagnostics::new();
    let (analysis, (mut md, bodies)) = rayon::join(
        || {
            timed("  (analysis)", || match plan.errors_only {
                true => Analysis::default(),
                false => {
                    let mut texts = TextCache::default();
                    crate::analyze::run(&site, plan.options.today, &mut texts, &mut analysed)
                }
            })
        },
        || {
            timed("  (markdown but the articles)", || {
                render_markdown_but_articles(&site, Some(&config_source))
            })
        },
    );
    diags.append(analysed);
    timer.lap("analysis and markdown but the articles");
    let list = PageList::of(&site, None);
    let made = Made {
        site: &site,
        md: &md,
        analysis: &analysis,
        settings: &config_source.text,
    };
    let articles = articles(&made, &bodies, &list, tera, sink);
    md.articles = articles.pieces;
    timer.lap("articles: markdown, pages and search terms");
    let made = Made {
        site: &site,
        md: &md,
        analysis: &analysis,
        settings: &config_source.text,
    };
    let links = &mut LinkCache::default();
    let checked = check_links(made, &list, &theme, plan.pages, links, &mut diags);
    checks_after_links(&site, &md, &config_source, &mut diags);
    timer.lap("link check");
    if plan.options.strict {
        diags.promote_warnings();
    }
    // As in the staged run: errors before the pages stop the run (that one then renders
    // no page), and the pages' own problems are reported with all the others'.
    if diags.has_errors() {
        return failed(diags);
    }
    // Every message about an article is made, and what follows reads nothing of the
    // articles but their front matter: let go of their text and bodies before making the
    // rest. The other markdown borrows the site, so it is let go too and made again (it is
    // small).
    let anchors = checked.anchors;
    let (made_articles, read, problems) = (articles.made, articles.read, articles.problems);
    let mut letting_go = Timer::start();
    drop((md, bodies));
    release_article_texts(&mut site);
    let (md, _) = render_markdown_but_articles(&site, Some(&config_source));
    crate::memory::return_freed();
    letting_go.lap("  (articles let go)");
    let made = Made {
        site: &site,
        md: &md,
        analysis: &analysis,
        settings: &config_source.text,
    };
    let checked = Checked {
        made,
        list: &list,
        theme: &theme,
        anchors,
    };
    // With the articles' text gone, the rest is made side by side as in the staged run:
    // its peaks stay below the articles' stage.
    let others = Which::AllButArticles;
    let caches = &mut Caches::default();
    let mut written = write_all(&checked, Some(tera), others, Some(read), caches, sink);
    written.diags.extend(problems);
    timer.lap("site files, search index, subjects and the other pages");
    let pages = made_articles + written.pages;
    let (search, subjects) = finish(checked, Some(written), &mut diags, &mut caches.subjects);
    drop(md);
    timer.lap("finish");
    built(
        site, theme, pages, search, subjects, analysis, diags, started,
    )
}

/// Lets go of each article's text ([`crate::content::Document::release_text`]), which
/// nothing else holds by now.
fn release_article_texts(site: &mut Site) {
    let mut released = 0;
    for article in &mut site.articles {
        if let Some(doc) = Arc::get_mut(&mut article.doc) {
            doc.release_text();
            released += 1;
        }
    }
    debug_assert_eq!(
        released,
        site.articles.len(),
        "an article's text is held elsewhere"
    );
}

/// What [`articles`] made.
struct Articles<'a> {
    /// Each article's body, its HTML let go.
    pieces: Vec<Piece<'a>>,
    /// The articles as the search index read them.
    read: Merger,
    /// How many pages were made.
    made: usize,
    problems: Vec<Diagnostic>,
}

/// Renders each article's body, makes its page (handed to `sink`) and reads it for the
/// search index (into its thread's reader), then lets go of its HTML: a slice of the articles
/// per task, in parallel.
fn articles<'s>(
    made: &Made,
    bodies: &ArticleBodies<'s>,
    list: &PageList,
    tera: &Templates,
    sink: &Sink,
) -> Articles<'s> {
    let site = made.site;
    let pages = ArticlePages::new(made, list, tera);
    let count = site.articles.len();
    let per_task = ranking::per_task(count);
    let readers = ThreadReaders::new();
    let tasks: Vec<(Vec<Piece>, Vec<Diagnostic>)> = (0..count.div_ceil(per_task))
        .into_par_iter()
        .map(|task| {
            let first = task * per_task;
            let (mut pieces, mut problems) = (Vec::with_capacity(per_task), Vec::new());
            for i in first..count.min(first + per_task) {
                let mut piece = bodies.render(i);
                problems.extend(pages.page(i, &piece, sink));
                readers.read(
                    i as u32,
                    &documents::of_article(&site.articles[i], &piece.rendered),
                );
                piece.keep_only_what_checks_read();
                pieces.push(piece);
            }
            (pieces, problems)
        })
        .collect();
    let mut read = Merger::new(false);
    readers.finish_into(&mut read);
    let mut out = Articles {
        pieces: Vec::with_capacity(count),
        read,
        made: 0,
        problems: Vec::new(),
    };
    for (pieces, problems) in tasks {
        out.pieces.extend(pieces);
        out.problems.extend(problems);
    }
    out.made = count - out.problems.len();
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{Caches, Pages, Plan, run};
    use crate::diag::Diagnostics;
    use crate::render::sink::{MemorySink, OutputFile};
    use crate::site::Options;

    fn options() -> Options {
        Options::new(crate::content::date::Date::parse("2026-06-01").expect("a date"))
    }

    /// What one run of the site at `root` with `pages` gave: its problems (each as printed)
    /// or its page count and search index, and the files the sink received.
    fn outcome(
        root: &Path,
        pages: Pages,
        options: Options,
    ) -> (Result<String, Vec<String>>, Vec<OutputFile>) {
        let memory = MemorySink::new();
        let plan = Plan {
            pages,
            ..Plan::every_page(options)
        };
        let printed = |d: &Diagnostics| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        let result = match run(root, plan, &mut Caches::default(), &memory.sink()) {
            Ok(built) => Ok(format!(
                "{} pages, search {}, problems {:?}",
                built.pages,
                built.search,
                printed(&built.diagnostics)
            )),
            Err(diags) => Err(printed(&diags)),
        };
        (result, memory.into_files())
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder made");
        std::fs::write(path, text).expect("file written");
    }

    #[test]
    fn the_example_site_streamed_is_the_site_the_staged_run_makes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (staged, staged_files) = outcome(root, Pages::All, options());
        let (streamed, streamed_files) = outcome(root, Pages::Streamed, options());
        assert!(staged.is_ok(), "{staged:?}");
        assert_eq!(streamed, staged);
        assert!(staged_files.len() > 20, "{} files", staged_files.len());
        let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&streamed_files), paths(&staged_files));
        for (s, t) in streamed_files.iter().zip(&staged_files) {
            assert!(s.bytes == t.bytes, "{} differs", s.path);
        }
    }

    /// A site with a glossary, a standalone page, FAQ entries, headings linked across
    /// articles, an anchor only a generated page can confirm and (with `broken`) a broken
    /// link.
    fn fixture(broken: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        write(
            root,
            "site.yaml",
            "title: T\nbase_url: https://example.org/guide/\nlanguage: en\ndescription: D\n\
             editorial_policy: E.\nfunding: F.\nprivacy: P.\ncontact: C.\n",
        );
        write(
            root,
            "content/glossary.yaml",
            "- term: trigger point\n  definition: A tight, tender spot in a muscle.\n  link: /articles/a/\n",
        );
        write(
            root,
            "content/faq.yaml",
            "questions:\n  - id: hurt\n    question: Does it hurt?\n    topics: [pain]\n    \
             answer: Most people feel a brief cramp at a trigger point. See [the guide](/articles/a/#how-it-feels).\n",
        );
        write(
            root,
            "content/pages/about.md",
            "---\ntitle: About\n---\nWho we are. Read [A](../articles/a.md).\n",
        );
        let a = "---\ntitle: A\ntopics: [pain]\ndescription: About A.\n---\n\
                 ## How it feels\n\nA trigger point can ache. See [B](b.md#what-to-do) and \
                 [the pain topic](/topics/pain/#topic_articles_title).\n\n```rust\nfn main() {}\n```\n";
        write(root, "content/articles/a.md", a);
        let tail = if broken { "\n\n[gone](/nowhere/)" } else { "" };
        let b = format!(
            "---\ntitle: B\ntopics: [pain, sleep]\n---\n## What to do\n\nRest, then walk.{tail}\n"
        );
        write(root, "content/articles/b.md", &b);
        let hard =
            "Notwithstanding considerable interdisciplinary deliberation, institutionalised \
                    physiotherapeutic recommendations remain fundamentally individualised. "
                .repeat(12);
        write(
            root,
            "content/articles/hard.md",
            &format!("---\ntitle: Hard\n---\n{hard}\n"),
        );
        for i in 0..40 {
            let text = format!(
                "---\ntitle: Article {i}\ntopics: [sleep]\n---\nPlain words about sleep and pain, part {i}. Back to [A](a.md).\n"
            );
            write(root, &format!("content/articles/n{i:02}.md"), &text);
        }
        dir
    }

    #[test]
    fn a_site_with_every_kind_of_page_streamed_is_the_staged_site() {
        let dir = fixture(false);
        // Strict, the site's warnings are errors.
        for (strict, works) in [(false, true), (true, false)] {
            let options = Options {
                strict,
                ..options()
            };
            let (staged, staged_files) = outcome(dir.path(), Pages::All, options);
            let (streamed, streamed_files) = outcome(dir.path(), Pages::Streamed, options);
            assert_eq!(streamed, staged);
            assert_eq!(staged.is_ok(), works, "{staged:?}");
            if works {
                assert!(staged_files.iter().any(|f| f.path == "glossary/index.html"));
                assert_eq!(streamed_files.len(), staged_files.len());
                for (s, t) in streamed_files.iter().zip(&staged_files) {
                    assert_eq!((&s.path, &s.bytes), (&t.path, &t.bytes));
                }
            }
        }
    }

    #[test]
    fn pages_that_cannot_be_rendered_are_reported_alike() {
        let dir = fixture(false);
        let broken = |what: &str| {
            format!(
                "{{% extends \"base.html\" %}}\n{{% block content %}}\n  {{{{ {what}.nothing.deeper }}}}\n{{% endblock %}}\n"
            )
        };
        write(dir.path(), "templates/article.html", &broken("article"));
        write(dir.path(), "templates/topic.html", &broken("topic"));
        let (staged, _) = outcome(dir.path(), Pages::All, options());
        let (streamed, _) = outcome(dir.path(), Pages::Streamed, options());
        let problems = staged.expect_err("pages that cannot be rendered are errors");
        for template in ["templates/article.html", "templates/topic.html"] {
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(template) && p.contains("cannot render the page")),
                "{template}: {problems:?}"
            );
        }
        assert_eq!(streamed, Err(problems));
    }

    #[test]
    fn with_a_broken_link_both_report_the_same_problems_and_streaming_made_pages_first() {
        let dir = fixture(true);
        let (staged, staged_files) = outcome(dir.path(), Pages::All, options());
        let (streamed, streamed_files) = outcome(dir.path(), Pages::Streamed, options());
        let problems = staged.expect_err("a broken link is an error");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("broken link `/nowhere/`")),
            "{problems:?}"
        );
        assert_eq!(streamed, Err(problems));
        assert!(staged_files.is_empty(), "the staged run renders nothing");
        // The streamed run made the articles' pages before the link check found the
        // error (a build discards them with its staging folder), and nothing else.
        let paths: Vec<&str> = streamed_files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"articles/a/index.html"), "{paths:?}");
        assert!(
            paths
                .iter()
                .all(|p| p.starts_with("articles/") && *p != "articles/index.html"),
            "{paths:?}"
        );
    }
}
