//! Cross-links between articles, topics and FAQ entries, in both directions, and a link
//! checker run over the whole built output (every internal href/src resolves, every
//! `#fragment` names an element on its page). Also `base_url` with a path.

use std::collections::BTreeSet;

use crate::support::*;

const ARTICLES: [&str; 4] = [
    "/articles/pain-basics/",
    "/articles/sleep-tips/",
    "/articles/needling-guide/",
    "/articles/needling-safety/",
];

#[test]
fn article_links_to_its_topics_and_each_topic_page_links_back() {
    let site = rich_site();
    let built = site.build();
    let article = built.page("/articles/pain-basics/");
    assert_eq!(
        article.hrefs(".topic-links a"),
        ["/topics/pain/", "/topics/sleep/"]
    );
    assert_eq!(article.texts(".topic-links a"), ["Pain", "Sleep"]);

    // Every article → topic link is answered by the topic page listing the article, and every
    // article a topic page lists links back to that topic.
    for url in ARTICLES {
        let page = built.page(url);
        let topics = page.hrefs(".topic-links a");
        assert!(!topics.is_empty(), "{url} lists no topics");
        for t in &topics {
            let topic = built.page(t);
            assert!(
                topic.hrefs(".topic-articles a").contains(&url.to_owned()),
                "{t} does not link back to {url}"
            );
        }
    }
    for t in ["/topics/pain/", "/topics/sleep/", "/topics/needling/"] {
        let topic = built.page(t);
        for a in topic.hrefs(".topic-articles a") {
            let article = built.page(&a);
            assert!(
                article.hrefs(".topic-links a").contains(&t.to_owned()),
                "{a} is listed on {t} but does not link to it"
            );
        }
    }
}

#[test]
fn topic_page_lists_articles_in_site_order_and_its_faq_entries() {
    let site = rich_site();
    let built = site.build();
    let pain = built.page("/topics/pain/");
    assert_eq!(pain.text("h1"), "Pain");
    // The description is markdown.
    assert_eq!(pain.text(".topic-description em"), "pain");
    assert_eq!(
        pain.hrefs(".topic-articles a"),
        [
            "/articles/pain-basics/",
            "/articles/needling-guide/",
            "/articles/needling-safety/"
        ]
    );
    assert_eq!(
        pain.hrefs(".topic-faq a"),
        ["/faq/#does-it-hurt", "/faq/#pain-real"]
    );
    assert_eq!(
        pain.texts(".topic-faq a"),
        ["Does needling hurt?", "Is the pain real?"]
    );
    // A defined topic nothing uses still gets its (empty) page.
    let diet = built.page("/topics/diet/");
    assert_eq!(diet.text("h1"), "Diet");
    assert!(!diet.has(".topic-articles a"));
}

#[test]
fn faq_entry_links_its_topics_and_topic_pages_link_back_to_the_faq_anchor() {
    let site = rich_site();
    let built = site.build();
    let faq = built.page("/faq/");
    let ids: BTreeSet<String> = faq.ids().into_iter().collect();

    let entry = faq.one("#does-it-hurt");
    let topic_links: Vec<String> = entry
        .select(&sel(".entry-topics a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(topic_links, ["/topics/needling/", "/topics/pain/"]);

    for t in &topic_links {
        let topic = built.page(t);
        let back = topic.hrefs(".topic-faq a");
        assert!(
            back.contains(&"/faq/#does-it-hurt".to_owned()),
            "{t} does not link to the entry: {back:?}"
        );
        // Every FAQ link of a topic page lands on an element of /faq/.
        for href in back {
            let id = href.strip_prefix("/faq/#").expect("FAQ anchor link");
            assert!(ids.contains(id), "/faq/ has no element with id {id}");
        }
    }
}

#[test]
fn faq_is_grouped_by_first_topic_with_each_entry_once() {
    let site = rich_site();
    let built = site.build();
    let faq = built.page("/faq/");
    assert_eq!(faq.text("h1"), "Common questions");
    assert_eq!(faq.text(".faq-intro em"), "common");

    let entries = faq.attrs("article.faq-entry", "id");
    let unique: BTreeSet<&String> = entries.iter().collect();
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert_eq!(unique.len(), 5, "an entry appears twice: {entries:?}");

    // Groups follow topics.yaml order; an entry sits under its FIRST topic only.
    let groups: Vec<(String, Vec<String>)> = faq
        .all("section.faq-group")
        .into_iter()
        .map(|g| {
            let ids = g
                .select(&sel("article.faq-entry"))
                .filter_map(|e| e.value().attr("id").map(str::to_owned))
                .collect();
            let title = text_of(g.select(&sel("h2")).next().expect("group heading"));
            (title, ids)
        })
        .collect();
    let expect =
        |t: &str, ids: &[&str]| (t.to_owned(), ids.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        groups,
        vec![
            expect("Pain", &["pain-real"]),
            expect("Sleep", &["sleep-help"]),
            expect("Dry needling", &["does-it-hurt"]),
            expect("Diet", &["eat-well"]),
            expect("Other questions", &["who-writes"]),
        ]
    );
    // The group heading links to its topic page.
    assert_eq!(
        faq.hrefs("section.faq-group h2 a"),
        [
            "/topics/pain/",
            "/topics/sleep/",
            "/topics/needling/",
            "/topics/diet/"
        ]
    );

    // Each entry links all its topics and all its related articles.
    let entry = faq.one("#does-it-hurt");
    assert_eq!(
        entry
            .select(&sel(".entry-related a"))
            .filter_map(|a| a.value().attr("href"))
            .collect::<Vec<_>>(),
        ["/articles/needling-guide/", "/articles/needling-safety/"]
    );
    assert_eq!(
        text_of(entry.select(&sel("h3")).next().unwrap()),
        "Does needling hurt?"
    );
    // The answer is markdown, its link rewritten to a real page.
    assert_eq!(
        entry
            .select(&sel(".faq-answer a"))
            .filter_map(|a| a.value().attr("href"))
            .collect::<Vec<_>>(),
        ["/articles/needling-guide/#during-the-session"]
    );
}

#[test]
fn related_articles_best_matches_first() {
    let site = rich_site();
    let built = site.build();
    // pain-basics has [pain, sleep]: needling-safety shares both; sleep-tips and needling-guide
    // share one each, sleep-tips being newer.
    let page = built.page("/articles/pain-basics/");
    assert_eq!(
        page.hrefs(".related-articles .article-list a"),
        [
            "/articles/needling-safety/",
            "/articles/sleep-tips/",
            "/articles/needling-guide/"
        ]
    );
    let page = built.page("/articles/needling-guide/");
    assert_eq!(
        page.hrefs(".related-articles .article-list a"),
        ["/articles/needling-safety/", "/articles/pain-basics/"]
    );
    // An article never lists itself.
    for url in ARTICLES {
        let page = built.page(url);
        assert!(!page.hrefs(".related-articles a").contains(&url.to_owned()));
    }
}

#[test]
fn related_faq_entries_on_article_pages() {
    let site = rich_site();
    let built = site.build();
    // An entry naming the article in `related:` comes first, then entries sharing topics.
    let guide = built.page("/articles/needling-guide/");
    assert_eq!(
        guide.hrefs(".related-faq a"),
        ["/faq/#does-it-hurt", "/faq/#pain-real"]
    );
    let basics = built.page("/articles/pain-basics/");
    let got: BTreeSet<String> = basics.hrefs(".related-faq a").into_iter().collect();
    let want: BTreeSet<String> = ["/faq/#does-it-hurt", "/faq/#sleep-help", "/faq/#pain-real"]
        .map(String::from)
        .into();
    assert_eq!(got, want);
    // An entry without topics or related articles is on no article page.
    for url in ARTICLES {
        let page = built.page(url);
        assert!(!page.hrefs("a").contains(&"/faq/#who-writes".to_owned()));
    }
}

#[test]
fn related_topics_on_topic_pages() {
    let site = rich_site();
    let built = site.build();
    // pain co-occurs with needling three times and with sleep twice.
    let pain = built.page("/topics/pain/");
    assert_eq!(
        pain.hrefs(".related-topics a"),
        ["/topics/needling/", "/topics/sleep/"]
    );
    let diet = built.page("/topics/diet/");
    assert!(!diet.has(".related-topics a"));
}

#[test]
fn markdown_links_are_rewritten_to_their_pages() {
    let site = rich_site();
    let built = site.build();
    // A relative link to another article's .md file becomes its URL (fragment kept).
    let tips = built.page("/articles/sleep-tips/");
    assert_eq!(
        tips.hrefs(".content a"),
        ["/articles/pain-basics/#overview"]
    );
    let guide = built.page("/articles/needling-guide/");
    assert_eq!(guide.hrefs(".content a"), ["/articles/sleep-tips/"]);
    // `/articles/x` without the trailing slash means `/articles/x/`.
    let safety = built.page("/articles/needling-safety/");
    assert_eq!(safety.hrefs(".content a"), ["/articles/needling-guide/"]);
}

#[test]
fn every_internal_link_of_the_built_site_resolves() {
    let site = rich_site();
    let built = site.build();
    assert_links_resolve(&built.out, "https://example.org/");
}

#[test]
fn every_id_on_every_page_is_unique() {
    let site = rich_site();
    let built = site.build();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
}

#[test]
fn link_checker_notices_broken_links() {
    // Guard against a checker that passes everything: break a built page by hand.
    let site = rich_site();
    let built = site.build();
    let file = built.file("/articles/sleep-tips/");
    let html = std::fs::read_to_string(&file).unwrap();
    let html = html.replace(
        "</main>",
        "<a href=\"/articles/gone/\">x</a><a href=\"/faq/#gone\">y</a></main>",
    );
    std::fs::write(&file, html).unwrap();
    let (problems, _) = check_links(&built.out, "https://example.org/");
    assert_eq!(problems.len(), 2, "{problems:?}");
}

// ---------------------------------------------------------------------------------------------
// base_url with a path
// ---------------------------------------------------------------------------------------------

fn guide_site(base_url: &str) -> Site {
    let mut files = rich_site_files();
    let yaml = format!(
        "title: Test Health\nbase_url: {base_url}\ndescription: d\ndisclaimer: Not advice. See the [FAQ](/faq/).\n"
    );
    let yaml: &'static str = Box::leak(yaml.into_boxed_str());
    files.push(("site.yaml", yaml));
    files.push(("static/img/logo.png", "not really a png"));
    files.push((
        "content/pages/contact.md",
        "---\ntitle: Contact\n---\n![logo](/img/logo.png) [all articles](/articles/) [a topic](/topics/pain/) [home](/)\n",
    ));
    Site::new(&files)
}

/// Every root-relative URL attribute of every page.
fn root_relative_urls(built: &Built) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rel in built.html_files() {
        let page = built.page(&format!("/guide{}", file_to_url(&rel)));
        for u in page.urls() {
            if u.starts_with('/') && !u.starts_with("//") {
                out.push((rel.clone(), u));
            }
        }
    }
    out
}

#[test]
fn base_url_path_prefixes_every_generated_link() {
    for base_url in ["https://example.org/guide/", "https://example.org/guide"] {
        let site = guide_site(base_url);
        let built = site.build().with_base_path("/guide");
        let urls = root_relative_urls(&built);
        assert!(urls.len() > 50, "too few links found: {}", urls.len());
        let wrong: Vec<_> = urls
            .iter()
            .filter(|(_, u)| !u.starts_with("/guide/"))
            .collect();
        assert!(
            wrong.is_empty(),
            "{base_url}: links without /guide/: {wrong:?}"
        );
        assert_links_resolve(&built.out, base_url);
    }
}

#[test]
fn base_url_path_rewrites_markdown_links_and_canonicals_are_absolute() {
    let site = guide_site("https://example.org/guide/");
    let built = site.build().with_base_path("/guide");
    let basics = built.page("/guide/articles/pain-basics/");
    assert_eq!(
        basics.hrefs(".content a"),
        [
            "/guide/articles/sleep-tips/",
            "/guide/faq/#does-it-hurt",
            "#overview"
        ]
    );
    assert_eq!(
        basics.canonical(),
        "https://example.org/guide/articles/pain-basics/"
    );
    assert_eq!(
        basics.attrs("meta[property=\"og:url\"]", "content"),
        ["https://example.org/guide/articles/pain-basics/"]
    );
    assert_eq!(
        built.page("/guide/").canonical(),
        "https://example.org/guide/"
    );

    let contact = built.page("/guide/contact/");
    assert_eq!(
        contact.attrs(".content img", "src"),
        ["/guide/img/logo.png"]
    );
    assert_eq!(
        contact.hrefs(".content a"),
        ["/guide/articles/", "/guide/topics/pain/", "/guide/"]
    );
    // The disclaimer's markdown link too.
    assert_eq!(
        built.page("/guide/faq/").hrefs(".disclaimer a"),
        ["/guide/faq/"]
    );
    // The FAQ answer's link and the relative .md link.
    let tips = built.page("/guide/articles/sleep-tips/");
    assert_eq!(
        tips.hrefs(".content a"),
        ["/guide/articles/pain-basics/#overview"]
    );
    // Only canonical and og:url are absolute; no generated link points at the bare domain root.
    for rel in built.html_files() {
        let page = built.page(&format!("/guide{}", file_to_url(&rel)));
        for u in page.urls() {
            if u.starts_with("https://example.org") {
                assert!(
                    u.starts_with("https://example.org/guide/"),
                    "{rel}: {u} lacks the base path"
                );
            }
        }
        let absolute: Vec<String> = page
            .hrefs("a")
            .into_iter()
            .filter(|u| u.starts_with("https://example.org"))
            .collect();
        assert!(
            absolute.is_empty(),
            "{rel}: absolute <a> links {absolute:?}"
        );
    }
}

#[test]
fn base_url_with_or_without_trailing_slash_builds_the_same_site() {
    let a = guide_site("https://example.org/guide/");
    let b = guide_site("https://example.org/guide");
    a.build();
    b.build();
    assert_same_tree(
        &snapshot(&a.public()),
        &snapshot(&b.public()),
        "base_url with and without a trailing slash",
    );
}

// ---------------------------------------------------------------------------------------------
// Element ids must be unique on a page, or `#id` links land on the wrong element.
// ---------------------------------------------------------------------------------------------

#[test]
fn heading_named_main_does_not_repeat_the_main_landmark_id() {
    let site = Site::new(&[(
        "content/articles/a.md",
        "---\ntitle: A\n---\nIntro.\n\n## Main\n\nText.\n",
    )]);
    let built = site.build();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
}

#[test]
fn headings_and_footnotes_in_faq_answers_get_unique_ids() {
    let site = Site::new(&[(
        "content/faq.yaml",
        "questions:\n  - id: one\n    question: One?\n    answer: |\n      ## Details\n\n      First.[^1]\n\n      [^1]: Note one.\n  - id: two\n    question: Two?\n    answer: |\n      ## Details\n\n      Second.[^1]\n\n      [^1]: Note two.\n",
    )]);
    let built = site.build();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
    // The second answer's footnote reference leads to the second answer's note.
    let faq = built.page("/faq/");
    let href = faq
        .one("#two .faq-answer sup a")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let target = faq.one(&format!("[id=\"{}\"]", href.trim_start_matches('#')));
    assert!(
        text_of(target).contains("Note two"),
        "{href} leads to {:?}",
        text_of(target)
    );
}

#[test]
fn faq_ids_never_clash_with_group_anchors() {
    let site = Site::new(&[
        ("content/topics.yaml", "pain:\n  title: Pain\n"),
        (
            "content/faq.yaml",
            "questions:\n  - id: topic-pain\n    question: About the pain topic?\n    answer: Yes.\n    topics: [pain]\n  - id: other-questions\n    question: Other?\n    answer: Yes.\n",
        ),
    ]);
    // Entry ids are slugs (letters, digits, hyphens); group anchors use `_`, which a slug
    // never has, so ids that read like a group's are fine and stay distinct.
    let built = site.build();
    let dups = duplicate_ids(&built.out);
    assert!(dups.is_empty(), "repeated ids:\n{}", dups.join("\n"));
    let faq = built.page("/faq/");
    assert!(
        text_of(faq.one("[id=\"topic-pain\"]")).contains("About the pain topic?"),
        "the entry keeps its id"
    );
    assert!(faq.has("[id=\"topic_pain\"]"), "the group keeps its anchor");
    assert!(faq.has("[id=\"other-questions\"]"));
    assert!(faq.has("[id=\"other_questions\"]"));
    assert_links_resolve(&built.out, "https://example.org/");
}
