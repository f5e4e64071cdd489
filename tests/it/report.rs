//! `careleaf report` in its three formats, and the same report live in the preview at
//! `/_careleaf/report/`: a row for each article, page and question, with its review status
//! and what is wrong with it.

use crate::support::*;

/// Reviewed and described; reviewed long ago (overdue on 2026-06-01); never reviewed and
/// without a description; a page; a reviewed FAQ entry and an unreviewed one.
fn report_site() -> Site {
    Site::new(&[
        (
            "content/articles/good.md",
            "---\ntitle: A good article\ndescription: Reviewed and described.\nreviewed_on: 2026-01-10\nreviewed_by: Dr Lee\n---\nRest helps.\n",
        ),
        (
            "content/articles/old.md",
            "---\ntitle: An old article\ndescription: Reviewed long ago.\nreviewed_on: 2022-05-01\nreviewed_by: Dr Lee\n---\nRest helps.\n",
        ),
        (
            "content/articles/new.md",
            "---\ntitle: A new article\n---\nRest helps.\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About us\ndescription: Who we are.\n---\nWe are a clinic.\n",
        ),
        (
            "content/faq.yaml",
            "questions:\n  - id: checked\n    question: Is it checked?\n    answer: Yes.\n    reviewed_on: 2026-02-01\n    reviewed_by: Dr Lee\n  - id: unchecked\n    question: Is this one checked?\n    answer: Not yet.\n",
        ),
    ])
}

#[test]
fn the_text_report_has_a_row_for_each_item_and_says_what_is_wrong() {
    let site = report_site();
    let run = careleaf_in(&site, &["report"]).ok();
    assert_eq!(
        run.stderr, "",
        "warnings are not printed: the report lists them"
    );
    insta::assert_snapshot!(run.stdout, @"
    KIND     TITLE                 WORDS  MIN  FK    SMOG  REVIEWED    NEXT REVIEW  PROBLEMS
    article  A good article        2      1    -3.0  3.1   2026-01-10  2029-01-10   -
    article  A new article         2      1    -3.0  3.1   no          -            not medically reviewed; no description
    article  An old article        2      1    -3.0  3.1   2022-05-01  2025-05-01   review overdue since 2025-05-01
    page     About us              4      1    0.7   3.1   no          -            -
    faq      Is it checked?        1      1    -3.4  3.1   2026-02-01  2029-02-01   -
    faq      Is this one checked?  2      1    -3.0  3.1   no          -            not medically reviewed

    3 of 6 items have problems (as of 2026-06-01; readability limit: SMOG grade 8).
    ");
}

#[test]
fn the_json_report_is_only_json_with_plain_dates() {
    let site = report_site();
    let run = careleaf_in(&site, &["report", "--format", "json"]).ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("standard output is not one JSON value ({e}):\n{run}"));
    assert_eq!(json["site"], "Test Health");
    assert_eq!(json["today"], "2026-06-01");
    assert_eq!(json["max_grade"], 8.0);
    let items = json["items"].as_array().expect("items");
    let titles: Vec<&str> = items
        .iter()
        .map(|i| i["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "A good article",
            "A new article",
            "An old article",
            "About us",
            "Is it checked?",
            "Is this one checked?"
        ]
    );
    let old = &items[2];
    assert_eq!(old["kind"], "article");
    assert_eq!(old["file"], "content/articles/old.md");
    assert_eq!(old["path"], "/articles/old/");
    assert_eq!(old["reviewed_on"], "2022-05-01");
    assert_eq!(old["next_review"], "2025-05-01");
    assert_eq!(old["overdue"], true);
    assert_eq!(old["problems"][0], "review overdue since 2025-05-01");
    let new = &items[1];
    assert!(new["reviewed_on"].is_null() && new["next_review"].is_null());
    assert_eq!(
        new["problems"],
        serde_json::json!(["not medically reviewed", "no description"])
    );
    let faq = &items[4];
    assert_eq!(
        (faq["kind"].as_str(), faq["line"].as_u64()),
        (Some("faq"), Some(2))
    );
    assert_eq!(faq["path"], "/faq/#checked");
    assert_eq!(
        items[3]["problems"],
        serde_json::json!([]),
        "pages need no review"
    );
}

#[test]
fn the_html_report_is_a_page_an_editor_can_open() {
    let site = report_site();
    let run = careleaf_in(&site, &["report", "--format", "html"]).ok();
    let page = Page::parse("report.html", run.stdout.clone());
    assert_eq!(page.text("h1"), "Content report: Test Health");
    assert_eq!(page.count("tbody tr"), 6);
    assert!(
        page.has("style"),
        "a file of its own carries its stylesheet"
    );
    assert!(!page.has("script"), "no script: it works as a file");
    let links = page.hrefs("tbody th a");
    assert_eq!(links[0], "https://example.org/articles/good/");
    assert_eq!(links[5], "https://example.org/faq/#unchecked");
    let row = page.all("tbody tr")[2];
    assert!(
        text_of(row).contains("review overdue since 2025-05-01"),
        "{}",
        text_of(row)
    );
    assert_eq!(
        page.text("caption"),
        "Every article, page and question, with what needs attention"
    );
    assert_eq!(page.all("thead th[scope=col]").len(), 9);
}

#[test]
fn the_preview_shows_the_report_and_keeps_it_current() {
    let site = report_site();
    let server = Server::start(site.root(), &[]);
    server.wait_stdout("/_careleaf/report/");
    let r = server.get("/_careleaf/report/");
    assert_eq!(r.status, 200);
    let page = r.page("/_careleaf/report/");
    assert_eq!(
        page.inline_code(),
        Vec::<String>::new(),
        "no inline script or style"
    );
    let (scripts, stylesheets) = page.scripts_and_stylesheets();
    assert_eq!(scripts, ["/_careleaf/live.js"], "it reloads with the site");
    assert_eq!(stylesheets, ["/_careleaf/report.css"]);
    assert_served_as(
        &server.get("/_careleaf/report.css"),
        "/_careleaf/report.css",
        "text/css; charset=utf-8",
    );
    assert_eq!(
        page.hrefs("tbody th a")[0],
        "/articles/good/",
        "links stay on the preview"
    );
    // Review the new article: its row follows.
    site.write(
        "content/articles/new.md",
        "---\ntitle: A new article\ndescription: Now described.\nreviewed_on: 2026-05-20\nreviewed_by: Dr Lee\n---\nRest helps.\n",
    );
    server.wait_for("/_careleaf/report/", "the reviewed article's row", |r| {
        let page = r.page("/_careleaf/report/");
        let row = text_of(page.all("tbody tr")[1]);
        row.contains("20 May 2026") && row.contains("None")
    });
}
