//! Every page type exists with the right content; article order; flat article URLs; drafts;
//! static files (copy, override, clash); theme templates (embedded default, site override).

use std::fs;

use crate::support::*;

#[test]
fn every_page_type_is_written() {
    let site = rich_site();
    let built = site.build();
    for url in [
        "/",
        "/articles/",
        "/articles/pain-basics/",
        "/articles/sleep-tips/",
        "/articles/needling-guide/",
        "/articles/needling-safety/",
        "/topics/",
        "/topics/pain/",
        "/topics/sleep/",
        "/topics/needling/",
        "/topics/diet/",
        "/faq/",
        "/about/",
        "/editorial-policy/",
        "/funding/",
        "/privacy/",
        "/contact/",
        "/404.html",
        "/style.css",
        "/highlight.css",
    ] {
        assert!(built.exists(url), "{url} was not written");
    }
    // Nothing else: 4 articles + 4 topics + 7 fixed pages (with /search/) + 4 trust pages.
    assert_eq!(built.html_files().len(), 19, "{:?}", built.html_files());
    // Every page is a full document in the site's language with the disclaimer.
    for rel in built.html_files() {
        let page = built.page(&file_to_url(&rel));
        assert_eq!(page.attrs("html", "lang"), ["en"], "{rel}");
        assert!(page.has("head > title"), "{rel}");
        assert_eq!(page.count("h1"), 1, "{rel}: one h1 per page");
        assert_eq!(
            page.text(".disclaimer"),
            "This is not medical advice. Read the questions.",
            "{rel}"
        );
        assert_eq!(page.hrefs("link[rel=stylesheet]")[0], "/style.css", "{rel}");
        // Navigation to the main sections.
        let nav = page.hrefs("a");
        for section in ["/", "/articles/", "/topics/", "/faq/"] {
            assert!(
                nav.contains(&section.to_owned()),
                "{rel} lacks a link to {section}"
            );
        }
    }
}

#[test]
fn articles_are_flat_under_articles_whatever_their_folder() {
    let site = rich_site();
    let built = site.build();
    // content/articles/basics/pain-basics.md → /articles/pain-basics/
    assert!(built.out.join("articles/pain-basics/index.html").is_file());
    assert!(!built.out.join("articles/basics").exists());
    assert!(!built.out.join("articles/treatments").exists());
}

#[test]
fn slugs_come_from_file_names_or_an_explicit_slug() {
    let site = Site::new(&[
        (
            "content/articles/Ménière Disease.md",
            "---\ntitle: M\n---\nBody.\n",
        ),
        (
            "content/articles/x/long-file-name.md",
            "---\ntitle: L\nslug: short\n---\nBody.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - question: What is Ménière's disease?\n    answer: An inner-ear condition.\n",
        ),
    ]);
    let built = site.build();
    assert!(built.exists("/articles/meniere-disease/"));
    assert!(built.exists("/articles/short/"));
    assert!(!built.exists("/articles/long-file-name/"));
    // A FAQ entry without an id gets one from its question.
    assert!(built.page("/faq/").has("article#what-is-menieres-disease"));
}

#[test]
fn article_page_shows_its_content_and_review() {
    let site = rich_site();
    let built = site.build();
    let page = built.page("/articles/pain-basics/");
    assert_eq!(page.text("h1"), "Pain basics");
    assert_eq!(
        page.one("head > title").text().collect::<String>(),
        "Pain basics | Test Health"
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["What pain is and what helps."]
    );
    assert_eq!(page.text(".lead"), "What pain is and what helps.");
    assert!(page.texts(".content p")[0].starts_with("Pain is real."));
    assert_eq!(page.text(".content h2#overview"), "Overview");
    // Last review, reviewer and the next review (36 months on, the default).
    assert_eq!(
        page.texts(".review p"),
        [
            "Last reviewed 10 March 2026 by Dr. Ada Reviewer.",
            "Next review due 10 March 2029."
        ]
    );
    assert_eq!(page.text(".review .reviewer"), "Dr. Ada Reviewer");
    assert_eq!(
        page.attrs(".review time", "datetime"),
        ["2026-03-10", "2029-03-10"]
    );
    assert!(page.text(".meta").contains("The editors"));
    // Without reviewed_on the article says so, and claims no review.
    let tips = built.page("/articles/sleep-tips/");
    assert_eq!(
        tips.texts(".review p"),
        ["This article has not been medically reviewed yet."]
    );
    assert!(!tips.has(".review time") && !tips.has(".reviewer"));
    // A standalone page has no review line at all.
    assert!(!built.page("/about/").has(".review"));
}

#[test]
fn home_page_shows_purpose_topics_newest_articles_and_faq() {
    let site = rich_site();
    let built = site.build();
    let home = built.page("/");
    assert_eq!(home.text("h1"), "Test Health");
    assert!(
        home.text("main")
            .contains("A small site for testing careleaf.")
    );
    let hrefs = home.hrefs("main a");
    for t in [
        "/topics/pain/",
        "/topics/sleep/",
        "/topics/needling/",
        "/topics/diet/",
    ] {
        assert!(hrefs.contains(&t.to_owned()), "home lacks {t}");
    }
    // Newest first by date.
    assert_eq!(
        home.hrefs(".home-articles .article-list a"),
        [
            "/articles/sleep-tips/",
            "/articles/needling-guide/",
            "/articles/pain-basics/",
            "/articles/needling-safety/"
        ]
    );
    assert!(
        home.hrefs(".home-faq a")
            .contains(&"/faq/#does-it-hurt".to_owned())
    );
}

#[test]
fn topics_index_lists_every_topic_with_counts() {
    let site = rich_site();
    let built = site.build();
    let topics = built.page("/topics/");
    assert_eq!(
        topics.hrefs(".topic-list h2 a"),
        [
            "/topics/pain/",
            "/topics/sleep/",
            "/topics/needling/",
            "/topics/diet/"
        ]
    );
    assert_eq!(
        topics.texts(".topic-list h2 a"),
        ["Pain", "Sleep", "Dry needling", "Diet"]
    );
    let meta = topics.texts(".topic-list .meta");
    assert_eq!(meta[0], "3 articles, 2 questions");
    assert_eq!(meta[3], "0 articles, 1 question");
}

#[test]
fn standalone_page_and_404() {
    let site = rich_site();
    let built = site.build();
    let about = built.page("/about/");
    assert_eq!(about.text("h1"), "About us");
    assert_eq!(about.text(".content p"), "We are volunteers. Home.");
    // Pages are linked from every page's footer.
    assert!(
        built
            .page("/faq/")
            .hrefs("footer a")
            .contains(&"/about/".to_owned())
    );
    let missing = built.page("/404.html");
    assert_eq!(missing.text("h1"), "Page not found");
    assert!(missing.hrefs("main a").contains(&"/".to_owned()));
}

#[test]
fn articles_ordered_by_weight_then_newest_then_title() {
    let article = |title: &str, extra: &str| format!("---\ntitle: {title}\n{extra}---\nBody.\n");
    let files = [
        (
            "content/articles/a.md",
            article("Zulu", "date: 2026-01-01\n"),
        ),
        (
            "content/articles/b.md",
            article("Alpha", "date: 2026-01-01\n"),
        ),
        (
            "content/articles/c.md",
            article("Newest", "date: 2026-06-01\n"),
        ),
        (
            "content/articles/d.md",
            article("Heavy", "weight: 5\ndate: 2030-01-01\n"),
        ),
        ("content/articles/e.md", article("Light", "weight: 1\n")),
        ("content/articles/f.md", article("Undated", "")),
        (
            "content/articles/g.md",
            article("Minus", "weight: -3\ndate: 2020-01-01\n"),
        ),
    ];
    let files: Vec<(String, String)> = files.into_iter().map(|(p, t)| (p.to_owned(), t)).collect();
    let site = Site::from_owned(&files);
    let built = site.build();
    let list = built.page("/articles/");
    assert_eq!(
        list.texts(".article-list a"),
        [
            "Minus", "Light", "Heavy", "Newest", "Alpha", "Zulu", "Undated"
        ]
    );
}

#[test]
fn site_without_themes_folder_uses_the_embedded_default_theme() {
    let site = rich_site();
    assert!(!site.path("themes").exists());
    let built = site.build();
    let theme = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/");
    for file in ["style.css", "highlight.css"] {
        let got = fs::read(built.out.join(file)).unwrap();
        assert!(!got.is_empty(), "{file} is empty");
        let shipped = fs::read(format!("{theme}{file}")).unwrap();
        assert!(
            got == shipped,
            "{file} differs from themes/default/static/{file}"
        );
    }
    assert!(built.page("/").has("header.site-header"));
}

#[test]
fn site_template_overrides_the_theme_template() {
    let mut files = rich_site_files();
    files.push((
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom-article\">Custom: {{ article.title }}</p>{{ article.content | safe }}{% endblock content %}",
    ));
    let site = Site::new(&files);
    let built = site.build();
    let page = built.page("/articles/pain-basics/");
    assert_eq!(page.text("#custom-article"), "Custom: Pain basics");
    assert!(
        !page.has("article.article"),
        "the theme's article template was used"
    );
    // The theme's base template still wraps it, and other pages are untouched.
    assert!(page.has(".disclaimer"));
    assert!(!built.page("/faq/").has("#custom-article"));
    assert!(!built.page("/about/").has("#custom-article"));
}

#[test]
fn site_can_use_its_own_theme_folder() {
    let mut files = rich_site_files();
    let base = "<!DOCTYPE html><html lang=\"{{ site.language }}\"><head><title>{{ page_title }}</title></head><body class=\"plain\"><main id=\"main\">{% block content %}{% endblock content %}</main></body></html>";
    files.push((
        "site.yaml",
        "title: Plain\nbase_url: https://example.org/\ntheme: plain\n",
    ));
    files.push(("themes/plain/templates/base.html", base));
    for name in [
        "index", "articles", "article", "topics", "topic", "faq", "page", "404",
    ] {
        let t: &'static str = Box::leak(
            format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>{name}: {{{{ page_title }}}}</h1>{{% endblock content %}}")
                .into_boxed_str(),
        );
        let p: &'static str =
            Box::leak(format!("themes/plain/templates/{name}.html").into_boxed_str());
        files.push((p, t));
    }
    files.push(("themes/plain/static/plain.css", "body { color: black; }"));
    let site = Site::new(&files);
    let built = site.build();
    assert_eq!(
        built.page("/articles/sleep-tips/").text("h1"),
        "article: Sleep tips"
    );
    assert_eq!(built.page("/faq/").text("h1"), "faq: Common questions");
    assert!(built.exists("/plain.css"));
    assert!(
        !built.exists("/style.css"),
        "the default theme's static files leaked in"
    );
    // A theme without `search.html` has no search page; the index is still there for it.
    assert!(!built.exists("/search/"));
    assert!(built.exists("/search/manifest.json"));
}

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

fn draft_site() -> Site {
    let mut files = rich_site_files();
    files.push((
        "content/articles/secret.md",
        "---\ntitle: Secret draft\ntopics: [pain]\ndate: 2030-01-01\ndraft: true\n---\nNot yet.\n",
    ));
    files.push((
        "content/pages/team.md",
        "---\ntitle: Our team\ndraft: true\n---\nSoon.\n",
    ));
    Site::new(&files)
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = draft_site();
    let built = site.build();
    assert!(!built.exists("/articles/secret/"));
    assert!(!built.exists("/team/"));
    for rel in built.html_files() {
        let page = built.page(&file_to_url(&rel));
        assert!(
            !page
                .hrefs("a")
                .iter()
                .any(|h| h.contains("secret") || h == "/team/"),
            "{rel} links to a draft"
        );
        assert!(
            !page.text.contains("Secret draft"),
            "{rel} mentions the draft"
        );
    }

    let built = site.build_drafts();
    assert!(built.exists("/articles/secret/"));
    assert!(built.exists("/team/"));
    assert_eq!(built.page("/articles/secret/").text("h1"), "Secret draft");
    assert!(
        built
            .page("/articles/")
            .hrefs("a")
            .contains(&"/articles/secret/".to_owned())
    );
    assert!(
        built
            .page("/topics/pain/")
            .hrefs("a")
            .contains(&"/articles/secret/".to_owned())
    );
}

#[test]
fn a_link_to_a_draft_is_an_error_unless_drafts_are_built() {
    let site = draft_site();
    site.write(
        "content/articles/linker.md",
        "---\ntitle: Linker\n---\nIntro.\n\nSee [the secret](/articles/secret/).\n\nThe end.\n",
    );
    let run = site.build_args(&[]).failed();
    let d = expect_error_in(
        &site,
        &run,
        "content/articles/linker.md",
        6,
        "/articles/secret/",
    );
    assert!(d.message.contains("draft"), "{}", d.message);
    assert!(!site.public().exists(), "a failed build wrote output");

    let built = site.build_drafts();
    assert_eq!(
        built.page("/articles/linker/").hrefs(".content a"),
        ["/articles/secret/"]
    );
}

#[test]
fn a_relative_md_link_or_faq_related_to_a_draft_is_an_error() {
    let site = draft_site();
    site.write(
        "content/articles/linker.md",
        "---\ntitle: Linker\n---\nSee [the secret](secret.md).\n\nThe end.\n",
    );
    let faq = fs::read_to_string(site.path("content/faq.yaml")).unwrap()
        + "  - id: q\n    question: Q?\n    answer: A.\n    related: [secret]\n    topics: [pain]\n";
    site.write("content/faq.yaml", &faq);
    let run = site.build_args(&[]).failed();
    let d = expect_error_in(&site, &run, "content/articles/linker.md", 4, "secret.md");
    assert!(d.message.contains("draft"), "{}", d.message);
    let line = line_of(&faq, "related: [secret]");
    let d = expect_error_in(&site, &run, "content/faq.yaml", line, "secret");
    assert!(d.message.contains("draft"), "{}", d.message);
    site.build_drafts();
}

// ---------------------------------------------------------------------------------------------
// Static files
// ---------------------------------------------------------------------------------------------

const BINARY: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x00,
];

#[test]
fn static_files_are_copied_as_they_are() {
    let site = rich_site();
    site.write_bytes("static/img/logo.png", BINARY);
    site.write_bytes("static/docs/leaflet name.pdf", b"%PDF-1.4\r\n\x00\x01");
    site.write("static/humans.txt", "Team: careleaf\r\nSite: x\r\n");
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\n---\n![Logo](/img/logo.png)\n",
    );
    let built = site.build();
    assert_eq!(fs::read(built.out.join("img/logo.png")).unwrap(), BINARY);
    assert_eq!(
        fs::read(built.out.join("docs/leaflet name.pdf")).unwrap(),
        b"%PDF-1.4\r\n\x00\x01"
    );
    assert_eq!(
        fs::read(built.out.join("humans.txt")).unwrap(),
        b"Team: careleaf\r\nSite: x\r\n"
    );
    assert_eq!(
        built.page("/contact/").attrs(".content img", "src"),
        ["/img/logo.png"]
    );
    // The theme's files are still there.
    assert!(built.exists("/style.css"));
}

#[test]
fn hidden_static_files_are_copied_too() {
    let site = rich_site();
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:x@example.org\n",
    );
    site.write("static/.nojekyll", "");
    let built = site.build();
    assert!(built.out.join(".well-known/security.txt").is_file());
    assert!(built.out.join(".nojekyll").is_file());
}

#[test]
fn site_static_file_overrides_the_theme_file() {
    let site = rich_site();
    site.write("static/style.css", "/* my own style */\n");
    let built = site.build();
    assert_eq!(
        fs::read_to_string(built.out.join("style.css")).unwrap(),
        "/* my own style */\n"
    );
    assert!(built.exists("/highlight.css"));
}

#[test]
fn static_file_clashing_with_a_generated_page_is_an_error() {
    let site = rich_site();
    site.build();
    let before = snapshot(&site.public());
    site.write("static/faq/index.html", "<p>mine</p>");
    let run = site.build_args(&[]).failed();
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.severity == "error" && d.path == "static/faq/index.html"),
        "the clash must be an error naming the file:\n{run}"
    );
    assert_same_tree(&before, &snapshot(&site.public()), "output after a clash");
}

#[test]
fn static_file_clashing_with_an_article_page_is_an_error() {
    let site = rich_site();
    site.write("static/articles/sleep-tips/index.html", "<p>mine</p>");
    let run = site.build_args(&[]).failed();
    assert!(
        run.stderr.contains("static/articles/sleep-tips/index.html"),
        "{run}"
    );
    assert!(!site.public().exists());
}

// ---------------------------------------------------------------------------------------------
// `extra:` reaches the templates
// ---------------------------------------------------------------------------------------------

#[test]
fn extra_data_reaches_the_templates_of_every_kind_of_page() {
    let site = Site::new(&[
        (
            "site.yaml",
            "title: Test Health\nbase_url: https://example.org/\nextra:\n  clinic: Riverside Clinic\n  phone: [\"0100\", \"0200\"]\n",
        ),
        (
            "content/topics.yaml",
            "pain:\n  title: Pain\n  extra:\n    icon: leaf\n",
        ),
        (
            "content/articles/a.md",
            "---\ntitle: A\ntopics: [pain]\nextra:\n  badge: new\n  level: 3\n---\nText.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: A.\n    topics: [pain]\n    extra:\n      note: checked by a nurse\n",
        ),
        (
            "templates/article.html",
            "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page_title }}</title></head><body>\
<p id=\"site\">{{ site.extra.clinic }} {{ site.extra.phone[1] }}</p>\
<p id=\"article\">{{ article.extra.badge }} {{ article.extra.level }}</p></body></html>",
        ),
        (
            "templates/topic.html",
            "<!DOCTYPE html><html lang=\"en\"><head><title>{{ page_title }}</title></head><body>\
<p id=\"topic\">{{ topic.extra.icon }}</p>\
<ul>{% for q in faq_entries %}<li class=\"note\">{{ q.extra.note }}</li>{% endfor %}</ul></body></html>",
        ),
    ]);
    let built = site.build();
    let article = built.page("/articles/a/");
    assert_eq!(article.text("#site"), "Riverside Clinic 0200");
    assert_eq!(article.text("#article"), "new 3");
    let topic = built.page("/topics/pain/");
    assert_eq!(topic.text("#topic"), "leaf");
    assert_eq!(topic.texts(".note"), ["checked by a nurse"]);
}
