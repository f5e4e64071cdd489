//! What a page says about itself to machines, under a `base_url` with a path: canonical,
//! Open Graph and description tags, the breadcrumb trail, and the schema.org JSON-LD
//! (`MedicalWebPage`, `FAQPage`, `WebPage`, `BreadcrumbList`), parsed back and checked field
//! by field.

use serde_json::{Value, json};

use crate::support::*;

const BASE: &str = "https://example.org/guide";

const SITE: &str = concat!(
    "\
title: Test Health
base_url: https://example.org/guide/
language: en-GB
description: A small site for testing careleaf.
people: [Dr Ann Lee]
",
    crate::trust_yaml!()
);

const REVIEWED: &str = "\
---
title: Sleep and pain
description: How sleep and pain affect each other.
date: 2026-01-10
updated: 2026-03-02
reviewed_on: 2026-03-01
reviewed_by: Dr Ann Lee
author: Care Team
topics: [pain, sleep]
sources:
  - title: A review of sleep in fibromyalgia
    url: https://example.com/review
    doi: 10.1136/example-1
    pmid: 25125935
  - title: NHS sleep advice
    url: https://www.nhs.uk/sleep/
    publisher: NHS
---
Sleep well.
";

const UNREVIEWED: &str = "\
---
title: Pacing
date: 2026-02-01
author: Dr Ann Lee
topics: [pain]
---
Pace yourself.
";

/// A title that tries to end the script element and start another.
const NASTY: &str = "Bad </script><script>alert(1)</script> & <!-- x";

const ABOUT: &str = "\
---
title: About us
description: Who we are.
date: 2026-01-05
reviewed_on: 2026-01-06
reviewed_by: Dr Ann Lee
---
We are a small team.
";

const FAQ: &str = "\
title: Common questions
questions:
  - id: does-it-hurt
    question: Does it hurt?
    answer: |
      A little. See [pacing](/articles/pacing/) and *rest*.
    topics: [pain]
  - id: how-long
    question: How long does it take?
    answer: About **30 minutes**.
";

const TOPICS: &str = "\
pain:
  title: Pain
sleep:
  title: Sleep
";

fn site() -> Site {
    Site::new(&[
        ("site.yaml", SITE),
        ("content/topics.yaml", TOPICS),
        ("content/articles/sleep-and-pain.md", REVIEWED),
        ("content/articles/pacing.md", UNREVIEWED),
        (
            "content/articles/nasty.md",
            &format!("---\ntitle: '{NASTY}'\ndate: 2026-01-01\n---\nText.\n"),
        ),
        ("content/pages/about.md", ABOUT),
        ("content/faq.yaml", FAQ),
    ])
}

fn built(site: &Site) -> Built {
    site.build().with_base_path("/guide")
}

/// The page's one JSON-LD block, parsed.
fn json_ld(page: &Page) -> Value {
    let scripts = page.all("script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1, "{}: one JSON-LD block", page.url);
    let text: String = scripts[0].text().collect();
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: JSON-LD does not parse ({e}): {text}", page.url));
    assert_eq!(doc["@context"], "https://schema.org");
    doc
}

/// The nodes of a page's graph.
fn nodes(page: &Page) -> Vec<Value> {
    json_ld(page)["@graph"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no @graph", page.url))
        .clone()
}

/// The one node of `kind` on the page.
fn node(page: &Page, kind: &str) -> Value {
    let found: Vec<Value> = nodes(page)
        .into_iter()
        .filter(|n| n["@type"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "{}: one {kind} node", page.url);
    found[0].clone()
}

fn types(page: &Page) -> Vec<String> {
    nodes(page)
        .iter()
        .map(|n| n["@type"].as_str().unwrap_or("?").to_owned())
        .collect()
}

#[test]
fn an_article_is_a_medical_web_page_for_patients() {
    let site = site();
    let built = built(&site);
    let page = built.page("/guide/articles/sleep-and-pain/");
    let url = format!("{BASE}/articles/sleep-and-pain/");
    assert_eq!(types(&page), ["MedicalWebPage", "BreadcrumbList"]);
    let web_page = node(&page, "MedicalWebPage");
    assert_eq!(
        web_page,
        json!({
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": "Sleep and pain",
            "headline": "Sleep and pain",
            "description": "How sleep and pain affect each other.",
            "inLanguage": "en-GB",
            "datePublished": "2026-01-10",
            "dateModified": "2026-03-02",
            "lastReviewed": "2026-03-01",
            "reviewedBy": { "@type": "Person", "name": "Dr Ann Lee" },
            "author": { "@type": "Organization", "name": "Care Team" },
            "about": [
                { "@type": "Thing", "name": "Pain", "url": format!("{BASE}/topics/pain/") },
                { "@type": "Thing", "name": "Sleep", "url": format!("{BASE}/topics/sleep/") },
            ],
            "audience": { "@type": "Patient" },
            "citation": [
                {
                    "@type": "CreativeWork",
                    "name": "A review of sleep in fibromyalgia",
                    "url": "https://example.com/review",
                    "sameAs": [
                        "https://doi.org/10.1136/example-1",
                        "https://pubmed.ncbi.nlm.nih.gov/25125935/",
                    ],
                },
                {
                    "@type": "CreativeWork",
                    "name": "NHS sleep advice",
                    "url": "https://www.nhs.uk/sleep/",
                },
            ],
            "breadcrumb": { "@id": format!("{url}#breadcrumb") },
        })
    );
    // The same facts the page shows.
    assert_eq!(page.canonical(), url);
    assert_eq!(page.text(".reviewer"), "Dr Ann Lee");
}

#[test]
fn an_unreviewed_article_claims_no_review() {
    let site = site();
    let built = built(&site);
    let page = built.page("/guide/articles/pacing/");
    let web_page = node(&page, "MedicalWebPage");
    let fields = web_page.as_object().unwrap();
    assert!(!fields.contains_key("lastReviewed"), "{web_page}");
    assert!(!fields.contains_key("reviewedBy"), "{web_page}");
    assert!(!fields.contains_key("citation"), "{web_page}");
    assert!(!fields.contains_key("description"), "{web_page}");
    // Without `updated`, the page was last modified when it was published.
    assert_eq!(web_page["datePublished"], "2026-02-01");
    assert_eq!(web_page["dateModified"], "2026-02-01");
    // A name in `people:` is a person, as author too.
    assert_eq!(
        web_page["author"],
        json!({ "@type": "Person", "name": "Dr Ann Lee" })
    );
    assert_eq!(
        page.text(".not-reviewed"),
        "This article has not been medically reviewed yet."
    );
}

#[test]
fn standalone_pages_are_web_pages_that_claim_no_review() {
    let site = site();
    let built = built(&site);
    let page = built.page("/guide/about/");
    assert_eq!(types(&page), ["WebPage", "BreadcrumbList"]);
    let url = format!("{BASE}/about/");
    assert_eq!(
        node(&page, "WebPage"),
        json!({
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": "About us",
            "description": "Who we are.",
            "inLanguage": "en-GB",
            "datePublished": "2026-01-05",
            "dateModified": "2026-01-05",
            "breadcrumb": { "@id": format!("{url}#breadcrumb") },
        })
    );
}

#[test]
fn the_faq_page_has_every_question_once_site_wide_with_its_answer_as_shown() {
    let site = site();
    let built = built(&site);
    let page = built.page("/guide/faq/");
    assert_eq!(types(&page), ["FAQPage", "BreadcrumbList"]);
    let faq = node(&page, "FAQPage");
    assert_eq!(faq["@id"], format!("{BASE}/faq/"));
    assert_eq!(faq["name"], "Common questions");
    assert_eq!(faq["inLanguage"], "en-GB");
    let questions = faq["mainEntity"].as_array().unwrap();
    let names: Vec<&str> = questions
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Does it hurt?", "How long does it take?"]);
    assert_eq!(
        questions[1],
        json!({
            "@type": "Question",
            "name": "How long does it take?",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": "<p>About <strong>30 minutes</strong>.</p>\n",
            },
        })
    );
    // Each answer is the HTML the page shows, verbatim (links with the base path).
    for q in questions {
        let answer = q["acceptedAnswer"]["text"].as_str().unwrap();
        assert!(
            page.text
                .contains(&format!("<div class=\"faq-answer\">{answer}</div>")),
            "not shown as is: {answer}"
        );
    }
    assert!(
        questions[0]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap()
            .contains("<a href=\"/guide/articles/pacing/\">pacing</a>")
    );

    // Other pages list the questions (the home page, topic pages) but never mark them up.
    let mut question_nodes = Vec::new();
    for rel in built.html_files() {
        let page = built.page(&format!("/guide{}", file_to_url(&rel)));
        if rel == "404.html" {
            assert_eq!(page.count("script[type=\"application/ld+json\"]"), 0);
            continue;
        }
        for n in nodes(&page) {
            assert!(
                n["@type"] != "FAQPage" || rel == "faq/index.html",
                "{rel} has an FAQPage"
            );
            for q in n["mainEntity"].as_array().into_iter().flatten() {
                question_nodes.push((rel.clone(), q["name"].as_str().unwrap().to_owned()));
            }
        }
    }
    assert_eq!(
        question_nodes,
        [
            ("faq/index.html".to_owned(), "Does it hurt?".to_owned()),
            (
                "faq/index.html".to_owned(),
                "How long does it take?".to_owned()
            ),
        ]
    );
}

/// The visible trail (titles, links, the current page marked) and the `BreadcrumbList` of a
/// page, which must tell the same story.
fn assert_trail(built: &Built, url: &str, expected: &[(&str, &str)]) {
    let page = built.page(url);
    let links: Vec<(String, String)> = page
        .all(".breadcrumbs a")
        .into_iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(t, p)| ((*t).to_owned(), format!("/guide{p}")))
        .collect();
    assert_eq!(links, want, "{url}: visible trail");
    assert_eq!(
        page.attrs(".breadcrumbs [aria-current=page]", "href"),
        [want.last().unwrap().1.clone()],
        "{url}: the current page is marked"
    );
    assert_eq!(page.attrs("nav.breadcrumbs", "aria-label"), ["Breadcrumb"]);
    let list = node(&page, "BreadcrumbList");
    let items: Vec<Value> = expected
        .iter()
        .enumerate()
        .map(|(i, (title, path))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": title,
                "item": format!("{BASE}{path}"),
            })
        })
        .collect();
    assert_eq!(list["itemListElement"], Value::Array(items), "{url}");
    let canonical = page.canonical();
    assert_eq!(list["@id"], format!("{canonical}#breadcrumb"));
    // The page node names its trail.
    let page_node = nodes(&page)
        .into_iter()
        .find(|n| n["@type"] != "BreadcrumbList")
        .unwrap();
    assert_eq!(page_node["breadcrumb"]["@id"], list["@id"]);
}

#[test]
fn every_page_but_home_has_one_breadcrumb_trail_shown_and_marked_up() {
    let site = site();
    let built = built(&site);
    let home = ("Home", "/");
    assert_trail(
        &built,
        "/guide/articles/sleep-and-pain/",
        &[
            home,
            ("Articles", "/articles/"),
            ("Sleep and pain", "/articles/sleep-and-pain/"),
        ],
    );
    assert_trail(
        &built,
        "/guide/articles/",
        &[home, ("Articles", "/articles/")],
    );
    assert_trail(&built, "/guide/topics/", &[home, ("Topics", "/topics/")]);
    assert_trail(
        &built,
        "/guide/topics/sleep/",
        &[home, ("Topics", "/topics/"), ("Sleep", "/topics/sleep/")],
    );
    assert_trail(
        &built,
        "/guide/faq/",
        &[home, ("Common questions", "/faq/")],
    );
    assert_trail(&built, "/guide/about/", &[home, ("About us", "/about/")]);
    for (url, kind) in [
        ("/guide/articles/", "CollectionPage"),
        ("/guide/topics/", "CollectionPage"),
        ("/guide/topics/sleep/", "CollectionPage"),
    ] {
        assert_eq!(types(&built.page(url)), [kind, "BreadcrumbList"], "{url}");
    }

    // The home page has no trail: it describes the site and itself.
    let home_page = built.page("/guide/");
    assert_eq!(home_page.count(".breadcrumbs"), 0);
    assert_eq!(types(&home_page), ["WebSite", "WebPage"]);
    assert_eq!(
        node(&home_page, "WebSite"),
        json!({
            "@type": "WebSite",
            "@id": format!("{BASE}/#website"),
            "url": format!("{BASE}/"),
            "name": "Test Health",
            "description": "A small site for testing careleaf.",
            "inLanguage": "en-GB",
        })
    );
    assert_eq!(
        node(&home_page, "WebPage")["isPartOf"],
        json!({ "@id": format!("{BASE}/#website") })
    );
    // Nor has the not-found page, which stands for addresses the site does not have.
    assert_eq!(built.page("/guide/404.html").count(".breadcrumbs"), 0);
}

#[test]
fn a_title_cannot_break_out_of_the_script_element() {
    let site = site();
    let built = built(&site);
    let page = built.page("/guide/articles/nasty/");
    // One inline script element, whole: the title did not end it (the other script is the
    // theme's search script, a file).
    assert_eq!(page.count("script:not([src])"), 1);
    assert_eq!(page.count("script"), 2);
    assert_eq!(node(&page, "MedicalWebPage")["name"], NASTY);
    let list = node(&page, "BreadcrumbList");
    assert_eq!(list["itemListElement"][2]["name"], NASTY);
    let raw: String = page.one("script:not([src])").text().collect();
    for bad in ["<", ">", "&"] {
        assert!(!raw.contains(bad), "{bad} left in {raw}");
    }
    // The visible trail shows the title as text.
    assert_eq!(page.texts(".breadcrumbs a")[2], NASTY);
}

#[test]
fn canonical_open_graph_and_description_carry_the_base_path() {
    let site = site();
    let built = built(&site);
    for (url, title, description, og_type) in [
        (
            "/guide/articles/sleep-and-pain/",
            "Sleep and pain",
            "How sleep and pain affect each other.",
            "article",
        ),
        ("/guide/about/", "About us", "Who we are.", "website"),
        (
            "/guide/",
            "Test Health",
            "A small site for testing careleaf.",
            "website",
        ),
        (
            "/guide/faq/",
            "Common questions",
            "Answers to common questions: Common questions",
            "website",
        ),
        (
            "/guide/topics/sleep/",
            "Sleep",
            "Articles and questions about Sleep.",
            "website",
        ),
    ] {
        let page = built.page(url);
        let absolute = format!("https://example.org{url}");
        assert_eq!(page.canonical(), absolute, "{url}");
        let meta = |css: &str| page.attrs(css, "content");
        assert_eq!(
            meta("meta[property=\"og:url\"]"),
            [absolute.as_str()],
            "{url}"
        );
        assert_eq!(meta("meta[property=\"og:title\"]"), [title], "{url}");
        assert_eq!(meta("meta[property=\"og:type\"]"), [og_type], "{url}");
        assert_eq!(meta("meta[property=\"og:site_name\"]"), ["Test Health"]);
        assert_eq!(
            meta("meta[property=\"og:description\"]"),
            [description],
            "{url}"
        );
        assert_eq!(meta("meta[name=description]"), [description], "{url}");
        // The structured data names the same address.
        let first = &nodes(&page)[0];
        let own = if first["@type"] == "WebSite" {
            nodes(&page)[1].clone()
        } else {
            first.clone()
        };
        assert_eq!(own["url"], absolute, "{url}");
    }
    // A page without a description has no description tags.
    let pacing = built.page("/guide/articles/pacing/");
    assert_eq!(pacing.count("meta[name=description]"), 0);
    assert_eq!(pacing.count("meta[property=\"og:description\"]"), 0);
}
