//! Readability and plain language: each check's warning at its place (in an article and in
//! FAQ answers written as a literal block, on one line or folded), each check switched off,
//! the allow lists and syllable overrides from `site.yaml`, the SMOG gate at `max_grade` and
//! `--strict`, pages gated and FAQ answers scored but not gated, what is left out of the
//! scores, and the preview re-analysing only an edited text.

use careleaf::analyze::{Analysis, Readability};
use careleaf::pipeline::{Caches, MemorySink, build_cached, build_in_memory};
use careleaf::site::Options;

use crate::support::*;

/// `site.yaml` with extra settings; the gate is out of the way unless a test sets it.
fn site_yaml(extra: &str) -> String {
    format!("{SITE_YAML}readability:\n  max_grade: 20\n{extra}")
}

/// An article where each plain-language check fires once: the long word on line 4, the
/// acronym 5:9, the percentage 6:7, the vague link 7:6, the long sentence 8:1, the long
/// list 10:1.
const CHECKS: &str = "---
title: Every check
---
Fibromyalgia can hurt.
Ask the NHS for help.
About 20% of people feel sore after it.
Then [click here](/faq/) to read on.
You can walk a bit each day and rest when you need to and then walk a bit more the next day if it feels fine to you.

- one
- two
- three
- four
- five
- six
- seven
- eight
";

/// FAQ answers with findings: in a literal block (line 6), a one-line answer (line 9) and a
/// folded block (line 14).
const FAQ: &str = "questions:
  - id: literal
    question: Literal?
    answer: |
      Yes, it is real.
      Ask the NHS about it.
  - id: one-line
    question: One line?
    answer: Try physiotherapy first, then see how you feel.
  - id: folded
    question: Folded?
    answer: >
      Rest helps and so does a
      physiotherapist who knows the condition well.
";

fn checks_site(extra: &str) -> Site {
    Site::new(&[
        ("site.yaml", &site_yaml(extra)),
        ("content/articles/checks.md", CHECKS),
        ("content/faq.yaml", FAQ),
    ])
}

/// The check names of the warnings on standard error, in order.
fn check_names(run: &Run) -> Vec<String> {
    run.diagnostics()
        .iter()
        .filter_map(|d| {
            let name = d.message.rsplit_once(" [")?.1.strip_suffix(']')?;
            Some(format!("{}:{}:{} {name}", d.path, d.line, d.column))
        })
        .collect()
}

#[test]
fn each_check_warns_once_at_its_place() {
    let site = checks_site("");
    let run = site.check().ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @r#"
    content/articles/checks.md:4:1: warning: “Fibromyalgia” has 5 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
      |
    4 | Fibromyalgia can hurt.
      | ^

    content/articles/checks.md:5:9: warning: “NHS” is not explained at its first use: write the full name first, as “Full Name (NHS)”, or mark it up as <abbr title="Full Name">NHS</abbr> [acronyms]
      |
    5 | Ask the NHS for help.
      |         ^

    content/articles/checks.md:6:7: warning: “20%” has no natural frequency nearby: add one in this sentence or the next (e.g. “1 in 5 people” or “20 out of 100”) [percentages]
      |
    6 | About 20% of people feel sore after it.
      |       ^

    content/articles/checks.md:7:6: warning: Link text “click here” says nothing out of context: use words that say where the link goes [link_text]
      |
    7 | Then [click here](/faq/) to read on.
      |      ^

    content/articles/checks.md:8:1: warning: This sentence has 28 words; try to keep sentences to 25 words or fewer, for example by splitting it in two [long_sentences]
      |
    8 | You can walk a bit each day and rest when you need to and then walk a bit more t…
      | ^

    content/articles/checks.md:10:1: warning: This list has 8 items; more than 7 are hard to take in: group them under short headings or into sub-lists [long_lists]
       |
    10 | - one
       | ^

    content/faq.yaml:6:15: warning: “NHS” is not explained at its first use: write the full name first, as “Full Name (NHS)”, or mark it up as <abbr title="Full Name">NHS</abbr> [acronyms]
      |
    6 |       Ask the NHS about it.
      |               ^

    content/faq.yaml:9:17: warning: “physiotherapy” has 6 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
      |
    9 |     answer: Try physiotherapy first, then see how you feel.
      |                 ^

    content/faq.yaml:14:7: warning: “physiotherapist” has 6 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
       |
    14 |       physiotherapist who knows the condition well.
       |       ^
    "#);
}

#[test]
fn each_check_can_be_switched_off() {
    let all = check_names(&checks_site("").check().ok());
    let names = [
        "long_words",
        "acronyms",
        "long_lists",
        "percentages",
        "link_text",
        "long_sentences",
    ];
    for name in names {
        let site = checks_site(&format!("plain_language:\n  checks:\n    {name}: false\n"));
        let left = check_names(&site.check().ok());
        let expected: Vec<String> = all
            .iter()
            .filter(|w| !w.ends_with(&format!(" {name}")))
            .cloned()
            .collect();
        assert!(expected.len() < all.len(), "{name} fired in {all:?}");
        assert_eq!(left, expected, "with {name} off");
    }
}

#[test]
fn allowed_words_and_known_acronyms_are_case_insensitive() {
    let site = checks_site(
        "plain_language:\n  allow: [FIBROMYALGIA, Physiotherapist, physiotherapy]\n  acronyms: [nhs]\n",
    );
    let names = check_names(&site.check().ok());
    assert_eq!(
        names,
        [
            "content/articles/checks.md:6:7 percentages",
            "content/articles/checks.md:7:6 link_text",
            "content/articles/checks.md:8:1 long_sentences",
            "content/articles/checks.md:10:1 long_lists",
        ]
    );
}

#[test]
fn syllable_counts_from_site_yaml_come_first() {
    let site = checks_site(
        "plain_language:\n  syllables:\n    Fibromyalgia: 3\n    sore: 4\n  checks:\n    acronyms: false\n    percentages: false\n    link_text: false\n    long_sentences: false\n    long_lists: false\n",
    );
    let run = site.check().ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/checks.md:6:26: warning: “sore” has 4 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
      |
    6 | About 20% of people feel sore after it.
      |                          ^

    content/faq.yaml:9:17: warning: “physiotherapy” has 6 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
      |
    9 |     answer: Try physiotherapy first, then see how you feel.
      |                 ^

    content/faq.yaml:14:7: warning: “physiotherapist” has 6 syllables: use a shorter, everyday word if there is one; if it must stay, explain it where it is first used and add it to `plain_language.allow` [long_words]
       |
    14 |       physiotherapist who knows the condition well.
       |       ^
    ");
    let analysis = analyse(&site);
    let plain = analyse(&checks_site(""));
    let (with, without) = (figures(&analysis.articles[0]), figures(&plain.articles[0]));
    // fibromyalgia 5 → 3 and sore 1 → 4: one syllable more in all.
    assert_eq!(with.syllables, without.syllables + 1);
}

/// Ten sentences of one-syllable words, `poly` of them with "banana" (three syllables).
fn smog_text(sentences: usize, poly: usize) -> String {
    (0..sentences)
        .map(|i| {
            if i < poly {
                "The cat ate a banana.\n"
            } else {
                "The cat sat on the mat.\n"
            }
        })
        .collect()
}

fn gated_site(max_grade: Option<&str>, body: &str) -> Site {
    let yaml = match max_grade {
        Some(g) => format!("{SITE_YAML}readability:\n  max_grade: {g}\n"),
        None => SITE_YAML.to_owned(),
    };
    Site::new(&[
        ("site.yaml", &yaml),
        (
            "content/articles/hard.md",
            &format!("---\ntitle: Hard\n---\n{body}"),
        ),
    ])
}

#[test]
fn the_smog_gate_warns_above_max_grade_and_strict_fails() {
    // 8 polysyllables in 10 sentences: 1.0430 × √24 + 3.1291 = 8.2386, shown as 8.2.
    let body = smog_text(10, 8);
    let site = gated_site(None, &body);
    let smog = figures(&analyse(&site).articles[0]).smog_grade;
    assert!((smog - 8.2386).abs() < 1e-3, "{smog}");
    let run = site.check().ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/articles/hard.md:2:1: warning: this article is hard to read: its SMOG grade is 8.2, above the site's limit of 8 (`readability.max_grade`); shorter sentences and fewer long words usually help
      |
    2 | title: Hard
      | ^
    ");
    // At the limit (as shown, one decimal) is not above it.
    let at = gated_site(Some("8.2"), &body);
    let run = at.check().ok();
    assert!(run.stderr.is_empty(), "{run}");
    assert!(
        !analyse(&at).articles[0]
            .readability
            .as_ref()
            .unwrap()
            .too_hard
    );
    let below = gated_site(Some("8.1"), &body);
    assert_eq!(below.check().ok().diagnostics().len(), 1);
    // --strict makes the warning an error, and nothing is built.
    let run = site.build_args(&["--strict"]).failed();
    assert_eq!(run.diagnostics()[0].severity, "error", "{run}");
    assert!(!site.public().exists());
    let run = site.command("check", &["--strict"]).failed();
    assert_eq!(run.diagnostics().len(), 1, "{run}");
}

#[test]
fn a_short_text_is_scored_but_not_gated() {
    // 8 polysyllables in 9 sentences: 1.0430 × √(240/9) + 3.1291 = 8.5151, above 8, but nine
    // sentences are too few for SMOG to judge: the figure is reported, the page not gated.
    let site = gated_site(None, &smog_text(9, 8));
    let run = site.command("check", &["--strict"]).ok();
    assert_eq!(run.stderr, "", "{run}");
    let r = figures(&analyse(&site).articles[0]);
    assert!((r.smog_grade - 8.5151).abs() < 1e-3, "{}", r.smog_grade);
    assert!(!r.smog_reliable && !r.too_hard);
    // One sentence more and the gate applies.
    let site = gated_site(None, &smog_text(10, 9));
    let run = site.check().ok();
    assert_eq!(run.diagnostics().len(), 1, "{run}");
}

#[test]
fn pages_are_gated_and_faq_answers_are_scored_but_not_gated() {
    let hard = smog_text(10, 10);
    let answer: String = hard.lines().map(|l| format!("      {l}\n")).collect();
    let site = Site::new(&[
        (
            "content/pages/about.md",
            &format!("---\ntitle: About\n---\n{hard}"),
        ),
        (
            "content/faq.yaml",
            &format!("questions:\n  - id: hard\n    question: Hard?\n    answer: |\n{answer}"),
        ),
    ]);
    let run = site.check().ok();
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    content/pages/about.md:2:1: warning: this page is hard to read: its SMOG grade is 8.8, above the site's limit of 8 (`readability.max_grade`); shorter sentences and fewer long words usually help
      |
    2 | title: About
      | ^
    ");
    let analysis = analyse(&site);
    let page = figures(&analysis.pages[0]);
    let answer = figures(&analysis.faq[0]);
    assert!(page.too_hard);
    assert_eq!(
        answer.smog_grade, page.smog_grade,
        "the same text scores the same"
    );
    assert!(!answer.too_hard, "FAQ answers are not gated");
    assert_eq!((answer.words, answer.sentences), (50, 10));
}

#[test]
fn code_tables_headings_html_and_sources_are_not_scored() {
    let prose = "Rest when you can. Walk a little each day. Ask your doctor about [pain relief](/faq/) \
                 or see <https://www.nhs.uk/conditions/fibromyalgia/>.\n\n- Sleep at set times\n- Drink water\n";
    let plain = Site::new(&[(
        "content/articles/a.md",
        &format!("---\ntitle: A\n---\n{prose}"),
    )]);
    let rich = format!(
        "---\ntitle: A\nsources:\n  - title: Fibromyalgia management guideline\n    url: https://www.nice.org.uk/guidance/ng193\n    publisher: National Institute for Health and Care Excellence\n    year: 2021\n---\n\
         ## Understanding fibromyalgia symptoms\n\n{prose}\n\
         ```\nsystemctl restart extraordinarily-complicated-service\n```\n\n\
         | Medication | Consideration |\n|---|---|\n| amitriptyline | anticholinergic |\n\n\
         <div class=\"note\">Extraordinarily complicated administrative information.</div>\n"
    );
    let rich = Site::new(&[("content/articles/a.md", &rich)]);
    let (a, b) = (analyse(&plain), analyse(&rich));
    let (a, b) = (figures(&a.articles[0]), figures(&b.articles[0]));
    assert_eq!(a, b);
    // The link's text counts, its address and the autolink do not; each item is a sentence.
    assert_eq!((a.words, a.sentences, a.polysyllables), (23, 5, 0));
}

#[test]
fn lint_counts_are_kept_per_item_by_check() {
    let analysis = analyse(&checks_site(""));
    let counts: Vec<(&str, usize)> = analysis.articles[0]
        .lints
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    assert_eq!(
        counts,
        [
            ("acronyms", 1),
            ("link_text", 1),
            ("long_lists", 1),
            ("long_sentences", 1),
            ("long_words", 1),
            ("percentages", 1),
        ]
    );
    let faq: Vec<Vec<(&str, usize)>> = analysis
        .faq
        .iter()
        .map(|i| i.lints.iter().map(|(k, v)| (*k, *v)).collect())
        .collect();
    assert_eq!(
        faq,
        [
            vec![("acronyms", 1)],
            vec![("long_words", 1)],
            vec![("long_words", 1)]
        ]
    );
    let r = figures(&analysis.faq[0]);
    assert_eq!((r.words, r.sentences, r.reading_minutes), (9, 2, 1));
}

#[test]
fn the_preview_reanalyses_only_what_changed() {
    let site = Site::new(&[
        (
            "content/articles/a.md",
            "---\ntitle: A\n---\nFibromyalgia can hurt.\n",
        ),
        ("content/articles/b.md", "---\ntitle: B\n---\nRest helps.\n"),
        ("content/faq.yaml", FAQ),
    ]);
    let mut caches = Caches::enabled();
    let build = |caches: &mut Caches| {
        build_cached(site.root(), options(), &MemorySink::new().sink(), caches)
            .expect("the site builds")
            .analysis
    };
    build(&mut caches);
    assert_eq!(
        caches.text.made_last_build(),
        5,
        "two articles, three answers"
    );
    build(&mut caches);
    assert_eq!(caches.text.made_last_build(), 0);
    // Front matter is not analysed: only a body edit counts.
    site.write(
        "content/articles/a.md",
        "---\ntitle: A, renamed\n---\nFibromyalgia can hurt.\n",
    );
    build(&mut caches);
    assert_eq!(caches.text.made_last_build(), 0);
    site.write(
        "content/articles/a.md",
        "---\ntitle: A\n---\nFibromyalgia can hurt a lot.\n",
    );
    let edited = build(&mut caches);
    assert_eq!(caches.text.made_last_build(), 1);
    assert_eq!(edited, analyse(&site), "the same as a build without caches");
    // A setting that changes what the checks find re-analyses every text.
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}plain_language:\n  allow: [fibromyalgia]\n"),
    );
    let allowed = build(&mut caches);
    assert_eq!(caches.text.made_last_build(), 5);
    assert_eq!(allowed, analyse(&site));
    assert!(allowed.articles[0].lints.is_empty());
}

fn options() -> Options {
    Options::new(careleaf::content::date::Date::parse("2026-06-01").expect("a date"))
}

/// What the analysis stage finds in `site` (built in memory, without caches).
fn analyse(site: &Site) -> Analysis {
    build_in_memory(site.root(), options())
        .expect("the site builds")
        .0
        .analysis
}

fn figures(item: &careleaf::analyze::Item) -> Readability {
    item.readability.clone().expect("the item has prose")
}
