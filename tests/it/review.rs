//! The review cycle: the next review worked out from the last (month ends clamped), "today"
//! from `SOURCE_DATE_EPOCH`, what article and FAQ pages say about their review, the warnings
//! (overdue, no reviewer, `require_review`), `--strict`, and checked `sources:` values.

use crate::support::*;

/// 2026-06-01 and 2027-01-01, as `SOURCE_DATE_EPOCH` values.
const JUNE_2026: &str = "1780272000";
const JANUARY_2027: &str = "1798761600";

fn article(front: &str) -> String {
    format!("---\n{front}---\nSome text.\n")
}

fn run_on(site: &Site, args: &[&str], epoch: &str) -> Run {
    careleaf_in_with(
        site,
        args,
        &Opts {
            env: vec![("SOURCE_DATE_EPOCH".to_owned(), epoch.to_owned())],
            ..Opts::default()
        },
    )
}

#[test]
fn the_next_review_is_the_interval_after_the_last_clamped_to_the_month_end() {
    let site = Site::new(&[
        (
            "site.yaml",
            &format!(
                "title: T\nbase_url: https://example.org/\nreview_interval_months: 1\n{TRUST_YAML}"
            ),
        ),
        (
            "content/articles/a.md",
            &article("title: A\nreviewed_on: 2026-01-31\nreviewed_by: Dr Lee\n"),
        ),
        (
            "content/articles/b.md",
            &article(
                "title: B\nreviewed_on: 2026-01-15\nreviewed_by: Dr Lee\nnext_review: 2026-12-01\n",
            ),
        ),
    ]);
    // On 2026-02-01 (1769904000), before either review is due.
    let run = run_on(&site, &["build"], "1769904000").ok();
    assert!(run.stderr.is_empty(), "{run}");
    let built = Built::new(site.public(), run);
    let a = built.page("/articles/a/");
    assert_eq!(
        a.texts(".review p"),
        [
            "Last reviewed 31 January 2026 by Dr Lee.",
            "Next review due 28 February 2026."
        ]
    );
    let b = built.page("/articles/b/");
    assert_eq!(b.texts(".review p")[1], "Next review due 1 December 2026.");
}

#[test]
fn an_overdue_review_or_a_missing_reviewer_is_a_warning_and_strict_makes_it_an_error() {
    let site = Site::new(&[
        (
            "content/articles/old.md",
            &article("title: Old\nreviewed_on: 2023-06-01\nreviewed_by: Dr Lee\n"),
        ),
        (
            "content/articles/anon.md",
            &article("title: Anonymous\nreviewed_on: 2026-05-01\n"),
        ),
    ]);
    // On 2026-06-01 the review of 2023-06-01 is due today: not yet overdue.
    let run = run_on(&site, &["check"], JUNE_2026).ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/anon.md:3:1: warning: this article says it was reviewed but not by whom: add `reviewed_by`
      |
    3 | reviewed_on: 2026-05-01
      | ^
    ");
    // Half a year later it is.
    let run = run_on(&site, &["check"], JANUARY_2027).ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/anon.md:3:1: warning: this article says it was reviewed but not by whom: add `reviewed_by`
      |
    3 | reviewed_on: 2026-05-01
      | ^

    content/articles/old.md:3:1: warning: the review of this article was due on 1 June 2026 (last reviewed on 1 June 2023); have it reviewed again, then update `reviewed_on`
      |
    3 | reviewed_on: 2023-06-01
      | ^
    ");
    let run = run_on(&site, &["build", "--strict"], JANUARY_2027).failed();
    assert!(!site.public().exists(), "nothing is written:\n{run}");
    assert_eq!(run.diagnostics().len(), 2, "{run}");
    assert!(
        run.diagnostics().iter().all(|d| d.severity == "error"),
        "{run}"
    );
    run_on(&site, &["check", "--strict"], JANUARY_2027).failed();
    // The page says the review is overdue.
    let run = run_on(&site, &["build"], JANUARY_2027).ok();
    let built = Built::new(site.public(), run);
    assert_eq!(
        built.page("/articles/old/").texts(".review p")[1],
        "Next review due 1 June 2026 (this review is overdue)."
    );
}

#[test]
fn require_review_warns_about_unreviewed_articles_only() {
    let site = Site::new(&[
        (
            "site.yaml",
            &format!(
                "title: T\nbase_url: https://example.org/\nrequire_review: true\n{TRUST_YAML}"
            ),
        ),
        ("content/articles/new.md", &article("title: New article\n")),
        ("content/pages/about.md", &article("title: About\n")),
    ]);
    let run = run_on(&site, &["check"], JUNE_2026).ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/new.md:2:1: warning: this article has not been medically reviewed, and site.yaml has `require_review: true` (add `reviewed_on` and `reviewed_by` once a clinician has checked it)
      |
    2 | title: New article
      | ^
    ");
    run_on(&site, &["check", "--strict"], JUNE_2026).failed();
    // Without the setting an unreviewed article is fine, and says so on its page.
    site.write("site.yaml", SITE_YAML);
    let run = run_on(&site, &["build", "--strict"], JUNE_2026).ok();
    assert!(run.stderr.is_empty(), "{run}");
    let built = Built::new(site.public(), run);
    assert_eq!(
        built.page("/articles/new/").texts(".review p"),
        ["This article has not been medically reviewed yet."]
    );
}

#[test]
fn faq_entries_inherit_the_files_reviewer_and_say_when_unreviewed() {
    let site = Site::new(&[(
        "content/faq.yaml",
        "reviewed_by: The clinic's physiotherapists\nquestions:\n  - id: a\n    question: A?\n    answer: Yes, the clinic checks every answer on this site.\n    reviewed_on: 2026-02-01\n  - id: b\n    question: B?\n    answer: No, a doctor checked this one on their own.\n    reviewed_on: 2026-03-01\n    reviewed_by: Dr Lee\n    next_review: 2027-03-01\n  - id: c\n    question: C?\n    answer: Maybe; nobody has checked this answer yet at all.\n",
    )]);
    let run = run_on(&site, &["build"], JUNE_2026).ok();
    assert!(run.stderr.is_empty(), "{run}");
    let faq = Built::new(site.public(), run).page("/faq/");
    assert_eq!(
        faq.text("#a .review"),
        "Last reviewed 1 February 2026 by The clinic's physiotherapists; next review due 1 February 2029."
    );
    assert_eq!(
        faq.text("#b .review"),
        "Last reviewed 1 March 2026 by Dr Lee; next review due 1 March 2027."
    );
    assert_eq!(
        faq.text("#c .review"),
        "This answer has not been medically reviewed yet."
    );
    // Overdue on 2027-06-01 (1811808000): `faq check --strict` fails on the FAQ's warning.
    let run = run_on(&site, &["faq", "check"], "1811808000").ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/faq.yaml:12:5: warning: the review of this answer was due on 1 March 2027 (last reviewed on 1 March 2026); have it reviewed again, then update `reviewed_on`
       |
    12 |     next_review: 2027-03-01
       |     ^
    ");
    run_on(&site, &["faq", "check", "--strict"], "1811808000").failed();
}

#[test]
fn a_malformed_source_date_epoch_is_an_error() {
    let site = Site::new(&[("content/articles/a.md", &article("title: A\n"))]);
    let outputs: Vec<String> = [&["build"][..], &["check"], &["faq", "check"]]
        .iter()
        .map(|args| {
            let run = run_on(&site, args, "yesterday").failed();
            format!("== {}\n{}", args.join(" "), site.redact(&run.stderr))
        })
        .collect();
    insta::assert_snapshot!(outputs.join(""), @"
    == build
    careleaf: error: SOURCE_DATE_EPOCH is `yesterday`, which is not a number of seconds since 1970-01-01 00:00 UTC (set it to a whole number such as 1767225600, or unset it to use today's date)
    careleaf: nothing was written
    == check
    careleaf: error: SOURCE_DATE_EPOCH is `yesterday`, which is not a number of seconds since 1970-01-01 00:00 UTC (set it to a whole number such as 1767225600, or unset it to use today's date)
    == faq check
    careleaf: error: SOURCE_DATE_EPOCH is `yesterday`, which is not a number of seconds since 1970-01-01 00:00 UTC (set it to a whole number such as 1767225600, or unset it to use today's date)
    ");
    assert!(!site.public().exists());
}

#[test]
fn review_dates_and_sources_are_checked_where_they_are_written() {
    let site = Site::new(&[(
        "content/articles/a.md",
        &article(
            "title: A\nreviewed_on: 2026-03-01\nreviewed_by: Dr Lee\nnext_review: 2026-02-01\nsources:\n  - title: A review\n    doi: https://doi.org/10.1/x\n  - title: A trial\n    pmid: PMC42\n    url: www.example.org/trial\n  - title: ''\n",
        ),
    )]);
    let run = run_on(&site, &["check"], JUNE_2026).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/a.md:5:14: error: next_review (2026-02-01) must come after reviewed_on (2026-03-01)
      |
    5 | next_review: 2026-02-01
      |              ^

    content/articles/a.md:8:10: error: `https://doi.org/10.1/x` is not a DOI; a DOI starts with `10.` and has a `/`, e.g. 10.1136/annrheumdis-2016-209724 (without https://doi.org/)
      |
    8 |     doi: https://doi.org/10.1/x
      |          ^

    content/articles/a.md:10:11: error: `PMC42` is not a PubMed id; it is only digits, e.g. 25125935
       |
    10 |     pmid: PMC42
       |           ^

    content/articles/a.md:11:10: error: `www.example.org/trial` is not a web address; write it in full, starting with https://
       |
    11 |     url: www.example.org/trial
       |          ^

    content/articles/a.md:12:5: error: a source needs a `title`
       |
    12 |   - title: ''
       |     ^

    careleaf: 5 errors and 0 warnings
    ");
}
