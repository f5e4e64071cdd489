//! What a reader sees of a health site beyond the text: "get help" callouts at three levels
//! (with the site's emergency number, and the messages for unknown or misplaced markers),
//! numbered sources lists (articles, pages, FAQ answers; footnotes still working), and the
//! trust pages (editorial policy, funding, privacy, contact) made from `site.yaml` or
//! `content/pages/`, linked from every footer, warned about when missing.

use crate::support::*;

/// `site.yaml` with the trust pages, the emergency number `number` (none when empty) and
/// any `more` lines.
fn settings(number: &str, more: &str) -> String {
    let number = if number.is_empty() {
        String::new()
    } else {
        format!("emergency_number: \"{number}\"\n")
    };
    format!("{SITE_YAML}{number}{more}")
}

const CALLOUTS: &str = "\
---
title: When to get help
---
Most pain after a session is mild.

> [!EMERGENCY]
> Chest pain or trouble breathing after needling near your chest? Do not wait.

## If it gets worse

> [!urgent]
>
> A fever or a hot, red, swollen spot needs a doctor **today**.

> [!ROUTINE]
> Soreness that lasts more than a week: ask at your next visit. See [the questions](/faq/).

> A plain quote stays a quote.
";

#[test]
fn each_callout_level_is_an_aside_with_a_heading_a_label_and_its_text() {
    let site = Site::new(&[
        ("site.yaml", &settings("999", "")),
        ("content/articles/help.md", CALLOUTS),
    ]);
    let built = site.build();
    assert!(built.run.stderr.is_empty(), "{}", built.run);
    let page = built.page("/articles/help/");
    let asides = page.all(".content aside.callout");
    let seen: Vec<(String, String, String, String, String)> = asides
        .iter()
        .map(|aside| {
            let part = |css: &str| {
                aside
                    .select(&sel(css))
                    .map(text_of)
                    .collect::<Vec<_>>()
                    .join("|")
            };
            let heading = aside
                .select(&sel(".callout-title"))
                .next()
                .expect("a title");
            (
                aside.value().attr("class").unwrap_or("").to_owned(),
                heading.value().name().to_owned(),
                part(".callout-title"),
                part(".callout-label"),
                part(".callout-body"),
            )
        })
        .collect();
    let row = |class: &str, tag: &str, title: &str, label: &str, body: &str| {
        (
            class.to_owned(),
            tag.to_owned(),
            title.to_owned(),
            label.to_owned(),
            body.to_owned(),
        )
    };
    assert_eq!(
        seen,
        [
            // Under the page's title (h1): an h2.
            row(
                "callout callout-emergency",
                "h2",
                "Emergency: call 999 now",
                "Emergency:",
                "Chest pain or trouble breathing after needling near your chest? Do not wait."
            ),
            // Under "## If it gets worse": an h3.
            row(
                "callout callout-urgent",
                "h3",
                "Urgent: get help today",
                "Urgent:",
                "A fever or a hot, red, swollen spot needs a doctor today."
            ),
            row(
                "callout callout-routine",
                "h3",
                "Not urgent: talk to your doctor",
                "Not urgent:",
                "Soreness that lasts more than a week: ask at your next visit. See the questions."
            ),
        ]
    );
    // The markdown inside works (emphasis, links), the icons are hidden from screen
    // readers, and the marker line is gone.
    assert_eq!(page.texts(".callout-urgent strong"), ["today"]);
    assert_eq!(page.hrefs(".callout-routine a"), ["/faq/"]);
    assert_eq!(page.attrs(".callout svg", "aria-hidden"), ["true"; 3]);
    assert!(!page.text.contains("[!"), "a marker was left in the page");
    assert_eq!(
        page.texts(".content blockquote"),
        ["A plain quote stays a quote."]
    );
    assert!(duplicate_ids(&built.out).is_empty());
}

#[test]
fn an_emergency_callout_without_a_number_names_none_and_warns_at_the_callout() {
    let site = Site::new(&[("content/articles/help.md", CALLOUTS)]);
    let run = site.build_args(&[]).ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @r#"
    content/articles/help.md:6:3: warning: this emergency callout can only say "call your local emergency number": set `emergency_number` in site.yaml (e.g. `emergency_number: "999"`) so it names the number to call
      |
    6 | > [!EMERGENCY]
      |   ^
    "#);
    let page = Built::new(site.public(), run).page("/articles/help/");
    assert_eq!(
        page.text(".callout-emergency .callout-title"),
        "Emergency: call your local emergency number now"
    );
    let run = site.build_args(&["--strict"]).failed();
    assert_eq!(run.diagnostics()[0].severity, "error", "{run}");
}

#[test]
fn unknown_or_misplaced_markers_are_errors_where_they_are_written() {
    let site = Site::new(&[
        ("site.yaml", &settings("112", "")),
        (
            "content/articles/a.md",
            "---\ntitle: A\n---\n> [!URGENTT]\n> Call today.\n\n> [!NOTE]\n> A note.\n\n> [!URGENT] Call today.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: |\n      This answer has two callouts written wrongly.\n\n      > [!EMERGENCYY]\n      > One.\n\n      > [!EMERGENCYY]\n      > Two.\n",
        ),
    ]);
    let run = site.check().failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a.md:4:3: error: unknown callout `[!URGENTT]` (did you mean `[!URGENT]`?): a callout is `[!EMERGENCY]` (call the emergency number now), `[!URGENT]` (get help today) or `[!ROUTINE]` (talk to your doctor)
      |
    4 | > [!URGENTT]
      |   ^

    content/articles/a.md:7:3: error: `[!NOTE]` is one of GitHub's alerts, which careleaf does not show (did you mean `[!ROUTINE]`?): a callout is `[!EMERGENCY]` (call the emergency number now), `[!URGENT]` (get help today) or `[!ROUTINE]` (talk to your doctor); for a plain quote, remove the `[!NOTE]` line
      |
    7 | > [!NOTE]
      |   ^

    content/articles/a.md:10:3: error: `[!URGENT]` must be alone on the first line of the quote, with the callout's text on the lines after it (as on GitHub); as written, this is a plain quote
       |
    10 | > [!URGENT] Call today.
       |   ^

    content/faq.yaml:7:9: error: unknown callout `[!EMERGENCYY]` (did you mean `[!EMERGENCY]`?): a callout is `[!EMERGENCY]` (call the emergency number now), `[!URGENT]` (get help today) or `[!ROUTINE]` (talk to your doctor)
      |
    7 |       > [!EMERGENCYY]
      |         ^

    content/faq.yaml:10:9: error: unknown callout `[!EMERGENCYY]` (did you mean `[!EMERGENCY]`?): a callout is `[!EMERGENCY]` (call the emergency number now), `[!URGENT]` (get help today) or `[!ROUTINE]` (talk to your doctor)
       |
    10 |       > [!EMERGENCYY]
       |         ^

    careleaf: 5 errors and 0 warnings
    ");
    // `faq check` reports the FAQ's, and nothing is built.
    let run = site.command("faq", &["check"]).failed();
    assert_eq!(run.diagnostics().len(), 2, "{run}");
    site.build_args(&[]).failed();
    assert!(!site.public().exists());
}

#[test]
fn callouts_work_in_faq_answers_with_ids_unique_on_the_page() {
    let answer = |id: &str| {
        format!(
            "  - id: {id}\n    question: {id}?\n    answer: |\n      > [!EMERGENCY]\n      > Call now.[^1]\n\n      #### Details\n\n      > [!ROUTINE]\n      > Ask later.\n\n      [^1]: Any time of day.\n"
        )
    };
    let site = Site::new(&[
        ("site.yaml", &settings("911", "")),
        (
            "content/faq.yaml",
            &format!(
                "questions:\n{}{}",
                answer("chest-pain"),
                answer("breathless")
            ),
        ),
    ]);
    let built = site.build();
    assert!(built.run.stderr.is_empty(), "{}", built.run);
    let faq = built.page("/faq/");
    // Under the question (an h3): an h4, and after the answer's own h4, an h5.
    let titles: Vec<(String, String)> = faq
        .all("#chest-pain .callout-title")
        .into_iter()
        .map(|h| (h.value().name().to_owned(), text_of(h)))
        .collect();
    assert_eq!(
        titles,
        [
            ("h4".to_owned(), "Emergency: call 911 now".to_owned()),
            (
                "h5".to_owned(),
                "Not urgent: talk to your doctor".to_owned()
            ),
        ]
    );
    assert_eq!(faq.count(".faq-answer aside.callout"), 4);
    assert_eq!(
        faq.attrs("#breathless .faq-answer [id]", "id"),
        ["breathless_details", "breathless_fn_1"]
    );
    assert!(
        duplicate_ids(&built.out).is_empty(),
        "{:?}",
        duplicate_ids(&built.out)
    );
    assert_links_resolve(&built.out, "https://example.org/");
}

const SOURCED: &str = "\
---
title: Does it work?
sources:
  - title: EULAR revised recommendations for the management of fibromyalgia
    publisher: Annals of the Rheumatic Diseases
    year: 2017
    doi: 10.1136/annrheumdis-2016-209724
    pmid: 27377815
  - title: Fibromyalgia
    url: https://www.nhs.uk/conditions/fibromyalgia/
    publisher: NHS
    accessed: 2026-03-01
  - title: A talk we heard
---
Exercise helps most people.[^study] Medicines help some.[^2]

[^study]: In the trials the review looked at.
[^2]: Ask your doctor which.
";

#[test]
fn sources_are_a_numbered_list_with_doi_and_pubmed_links_and_footnotes_still_work() {
    let site = Site::new(&[
        ("content/articles/works.md", SOURCED),
        (
            "content/articles/plain.md",
            "---\ntitle: Plain\n---\nNo sources.\n",
        ),
    ]);
    let built = site.build();
    let page = built.page("/articles/works/");
    assert_eq!(page.text(".sources h2"), "Sources");
    assert_eq!(page.attrs(".sources", "aria-labelledby"), ["sources_title"]);
    assert_eq!(page.count(".sources ol > li"), 3, "a numbered list");
    assert_eq!(
        page.texts(".sources li"),
        [
            "EULAR revised recommendations for the management of fibromyalgia. Annals of the Rheumatic Diseases, 2017. DOI: 10.1136/annrheumdis-2016-209724 PubMed 27377815",
            "Fibromyalgia. NHS. Accessed 1 March 2026.",
            "A talk we heard.",
        ]
    );
    // The title links to the source's address, else its DOI; the DOI and the PubMed record
    // are links of their own.
    assert_eq!(
        page.hrefs(".sources .source-title a"),
        [
            "https://doi.org/10.1136/annrheumdis-2016-209724",
            "https://www.nhs.uk/conditions/fibromyalgia/",
        ]
    );
    assert_eq!(
        page.hrefs(".sources .source-doi"),
        ["https://doi.org/10.1136/annrheumdis-2016-209724"]
    );
    assert_eq!(
        page.hrefs(".sources .source-pmid"),
        ["https://pubmed.ncbi.nlm.nih.gov/27377815/"]
    );
    assert_eq!(page.attrs(".sources time", "datetime"), ["2026-03-01"]);
    // After the text, before the review line.
    let order: Vec<String> = page
        .all("article.article > *")
        .into_iter()
        .map(|e| e.value().attr("class").unwrap_or("").to_owned())
        .collect();
    assert_eq!(order, ["article-header", "content", "sources", "review"]);
    // Footnotes keep working, inside the text.
    assert_eq!(
        page.hrefs(".content .footnote-reference a"),
        ["#fn_study", "#fn_2"]
    );
    assert_eq!(
        page.attrs(".content .footnote-definition", "id"),
        ["fn_study", "fn_2"]
    );
    assert!(duplicate_ids(&built.out).is_empty());
    assert_links_resolve(&built.out, "https://example.org/");
    // Only the article page lists sources: not an article without them, not the lists.
    assert!(!built.page("/articles/plain/").has(".sources"));
    for list in ["/", "/articles/"] {
        let page = built.page(list);
        assert!(!page.has(".sources"), "{list}");
        assert!(!page.text.contains("27377815"), "{list}");
    }
}

#[test]
fn faq_answers_and_pages_list_their_sources_too() {
    let site = Site::new(&[
        (
            "content/faq.yaml",
            "questions:\n  - id: q\n    question: Q?\n    answer: A whole sentence that answers the question well.\n    sources:\n      - title: NICE guideline NG193\n        url: https://www.nice.org.uk/guidance/ng193\n        year: 2021\n  - id: r\n    question: R?\n    answer: Another whole sentence that answers this question well.\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\nsources:\n  - title: A book\n    pmid: 123\n---\nAbout us.\n",
        ),
    ]);
    let built = site.build();
    let faq = built.page("/faq/");
    assert_eq!(faq.text("#q .sources h4"), "Sources");
    assert_eq!(
        faq.attrs("#q .sources", "aria-labelledby"),
        ["q_sources_title"]
    );
    assert_eq!(faq.texts("#q .sources li"), ["NICE guideline NG193. 2021."]);
    assert_eq!(
        faq.hrefs("#q .sources a"),
        ["https://www.nice.org.uk/guidance/ng193"]
    );
    assert!(
        !faq.has("#r .sources"),
        "an entry without sources has no list"
    );
    // A source after the answer, before the review line.
    let order: Vec<String> = faq
        .all("#q > *")
        .into_iter()
        .map(|e| e.value().attr("class").unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        order,
        [
            "faq-question",
            "faq-answer",
            "sources",
            "review not-reviewed"
        ]
    );
    let about = built.page("/about/");
    assert_eq!(about.texts(".sources li"), ["A book. PubMed 123"]);
    assert_eq!(
        about.hrefs(".sources a"),
        [
            "https://pubmed.ncbi.nlm.nih.gov/123/",
            "https://pubmed.ncbi.nlm.nih.gov/123/"
        ]
    );
    assert!(duplicate_ids(&built.out).is_empty());
}

/// Trust pages: editorial policy and privacy from `site.yaml` (the policy with a heading and
/// links), funding as a page of its own, contact missing.
fn trust_site(contact: bool) -> Site {
    let mut yaml = "\
title: Test Health
base_url: https://example.org/
editorial_policy: |
  Clinicians check every page. Read the [questions](/faq/) and how we are
  [funded](/funding/#who-pays).

  ## How often
  Every [three years](#editorial-policy_how-often).
privacy: We keep nothing about you.
funding: Ignored, since content/pages/money.md has the slug funding.
"
    .to_owned();
    if contact {
        yaml.push_str("contact: |\n  Write to us.\n");
    }
    Site::new(&[
        ("site.yaml", &yaml),
        (
            "content/pages/money.md",
            "---\ntitle: Who pays for this site\nslug: funding\n---\n## Who pays\n\nA charity. Our [policy](/editorial-policy/#editorial-policy_how-often).\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\nAbout us.\n",
        ),
        (
            "content/articles/a.md",
            "---\ntitle: A\n---\nSee our [privacy page](/privacy/).\n",
        ),
    ])
}

#[test]
fn trust_pages_come_from_site_yaml_unless_a_page_has_their_slug() {
    let site = trust_site(true);
    let run = site.build_args(&[]).ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @r#"
    site.yaml:10:1: warning: `funding` is not used: content/pages/money.md is the site's "Funding and advertising" page (/funding/); remove one of them
       |
    10 | funding: Ignored, since content/pages/money.md has the slug funding.
       | ^
    "#);
    let built = Built::new(site.public(), run);
    let policy = built.page("/editorial-policy/");
    assert_eq!(policy.text("h1"), "Editorial policy");
    assert_eq!(policy.text("head title"), "Editorial policy | Test Health");
    // Its ids carry its slug, as other markdown held in site.yaml does.
    assert_eq!(
        policy.attrs(".content h2", "id"),
        ["editorial-policy_how-often"]
    );
    assert_eq!(
        policy.hrefs(".content a"),
        ["/faq/", "/funding/#who-pays", "#editorial-policy_how-often"]
    );
    assert_eq!(
        built.page("/privacy/").text(".content"),
        "We keep nothing about you."
    );
    assert_eq!(built.page("/contact/").text(".content"), "Write to us.");
    // The page with the slug `funding` is the funding page; site.yaml's text is not used.
    let funding = built.page("/funding/");
    assert_eq!(funding.text("h1"), "Who pays for this site");
    assert!(!funding.text.contains("Ignored"));
    assert!(!policy.has(".review"), "trust pages claim no review");
}

#[test]
fn every_page_s_footer_links_the_trust_pages_then_the_other_pages() {
    let site = trust_site(true);
    let built = site.build_args(&[]).ok();
    let built = Built::new(site.public(), built);
    let files = built.html_files();
    assert_eq!(files.len(), 12, "{files:?}");
    for rel in &files {
        let page = built.page(&file_to_url(rel));
        assert_eq!(
            page.texts(".site-footer nav li a"),
            [
                "Editorial policy",
                "Who pays for this site",
                "Privacy",
                "Contact us",
                "About"
            ],
            "{rel}"
        );
        assert_eq!(
            page.hrefs(".site-footer nav li a"),
            [
                "/editorial-policy/",
                "/funding/",
                "/privacy/",
                "/contact/",
                "/about/"
            ],
            "{rel}"
        );
    }
    assert_links_resolve(&built.out, "https://example.org/");
}

#[test]
fn a_missing_trust_page_is_not_made_and_warns_once_and_strict_fails() {
    let site = trust_site(false);
    site.write(
        "content/articles/b.md",
        "---\ntitle: B\n---\n[Contact us](/contact/).\n",
    );
    let run = site.check().failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @r#"
    content/articles/b.md:4:1: error: broken link `/contact/`: nothing in this site is at /contact/
      |
    4 | [Contact us](/contact/).
      | ^

    site.yaml:1:1: warning: the site has no "Contact us" page (/contact/), which readers of a health site look for: write it in markdown under `contact:` in site.yaml, or as a page in content/pages/ with the slug `contact`
      |
    1 | title: Test Health
      | ^

    site.yaml:10:1: warning: `funding` is not used: content/pages/money.md is the site's "Funding and advertising" page (/funding/); remove one of them
       |
    10 | funding: Ignored, since content/pages/money.md has the slug funding.
       | ^

    careleaf: 1 error and 2 warnings
    "#);
    site.remove("content/articles/b.md");
    let run = site.build_args(&[]).ok();
    assert_eq!(run.diagnostics().len(), 2, "{run}");
    let built = Built::new(site.public(), run);
    assert!(!built.exists("/contact/"));
    assert!(
        !built
            .page("/")
            .hrefs("footer a")
            .contains(&"/contact/".to_owned())
    );
    for args in [&["build", "--strict"][..], &["check", "--strict"]] {
        let run = careleaf_in(&site, args).failed();
        let severities: Vec<String> = run.diagnostics().into_iter().map(|d| d.severity).collect();
        assert_eq!(severities, ["error", "error"], "{run}");
    }
}

#[test]
fn links_in_trust_pages_are_checked_where_site_yaml_has_them() {
    let with_privacy = |text: &str| {
        SITE_YAML.replace(
            "privacy: We keep nothing about you.",
            &format!("privacy: |\n  We keep nothing.\n\n  {text}"),
        )
    };
    let site = Site::new(&[(
        "site.yaml",
        &with_privacy("See [our rules](/rules/) and [the policy](/editorial-policy/)."),
    )]);
    let run = site.check().failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    site.yaml:11:19: error: broken link `/rules/`: nothing in this site is at /rules/ (did you mean `/articles/`?)
       |
    11 |   See [our rules](/rules/) and [the policy](/editorial-policy/).
       |                   ^

    careleaf: 1 error and 0 warnings
    ");
    // An anchor on the page itself is confirmed on the rendered page.
    site.write("site.yaml", &with_privacy("See [this part](#nowhere)."));
    let run = site.check().failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    site.yaml:11:19: error: broken link `#nowhere`: /privacy/ has no heading or entry with the id `nowhere`
       |
    11 |   See [this part](#nowhere).
       |                   ^

    careleaf: 1 error and 0 warnings
    ");
}
