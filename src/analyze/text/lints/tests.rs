//! Each lint on small markdown fixtures: what it reports, where, and what it leaves alone.

use super::super::syllables::SyllableMemo;
use super::super::{prose, readability, sentences};
use super::*;

fn run(markdown: &str, config: &LintConfig) -> Vec<Finding> {
    let p = prose::from_markdown(markdown);
    let counter = Syllables::new();
    let words = readability::word_syllables(&p, &counter, &mut SyllableMemo::default());
    lint(&p, &words, &sentences::all(&p), &counter, config)
}

/// Findings of one kind as (kind, source text) pairs.
fn found(markdown: &str, kind: LintKind) -> Vec<String> {
    found_with(markdown, kind, &LintConfig::default())
}

fn found_with(markdown: &str, kind: LintKind, config: &LintConfig) -> Vec<String> {
    run(markdown, config)
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| markdown[f.byte_start..f.byte_end].to_string())
        .collect()
}

#[test]
fn long_words_first_use_only_and_everyday_words_pass() {
    let md = "Fibromyalgia is common. Fibromyalgia’s effects vary. Information usually helps; \
              anti-inflammatory creams and self-management too. Physiotherapists and 2024 and \
              NSAIDs and <abbr title=\"x\">acetaminophen</abbr>. Activities and appointments.";
    assert_eq!(
        found(md, LintKind::LongWord),
        ["Fibromyalgia", "anti-inflammatory", "Physiotherapists"]
    );
    let f = run(md, &LintConfig::default());
    assert_eq!(
        f[0].message,
        "“Fibromyalgia” has 5 syllables: use a shorter, everyday word if there is one; if it must \
         stay, explain it where it is first used and add it to `plain_language.allow`"
    );
}

#[test]
fn long_words_allow_list_is_case_insensitive_and_threshold_configurable() {
    let md = "Fibromyalgia and physiotherapist and medicine.";
    let mut config = LintConfig {
        allow_words: WordSet::new(["FIBROMYALGIA", "Physiotherapist"]),
        ..LintConfig::default()
    };
    assert!(found_with(md, LintKind::LongWord, &config).is_empty());
    config.long_word_syllables = 3;
    assert_eq!(found_with(md, LintKind::LongWord, &config), ["medicine"]);
}

#[test]
fn acronyms_need_expanding_at_first_use() {
    let md = "See your GP. The NHS can help. Ask the NHS again.";
    assert_eq!(found(md, LintKind::Acronym), ["GP", "NHS"]);
    let f = run(md, &LintConfig::default());
    assert!(f.iter().any(|f| {
        f.message
            .starts_with("“GP” is not explained at its first use")
    }));
}

#[test]
fn acronym_expansions_and_abbr_are_accepted() {
    let md = "The National Health Service (NHS) helps. Non-steroidal anti-inflammatory drugs \
              (NSAIDs) ease pain. CBT (cognitive behavioural therapy) helps. \
              <abbr title=\"general practitioner\">GP</abbr> visits. Later the NHS, NSAIDs, CBT and GP.";
    assert!(
        found(md, LintKind::Acronym).is_empty(),
        "{:?}",
        found(md, LintKind::Acronym)
    );
}

#[test]
fn acronym_with_a_wrong_expansion_or_only_later_expansion_is_reported() {
    let md = "Some help (NHS) exists. Ask about SSRIs. Selective serotonin reuptake inhibitors (SSRIs) help.";
    assert_eq!(found(md, LintKind::Acronym), ["NHS", "SSRIs"]);
}

#[test]
fn acronym_exceptions() {
    let md = "In the UK and US, TV is OK. Type II and phase III trials. NICE guideline NG193 and \
              vitamin B12. Do NOT stop suddenly. CALL AN AMBULANCE NOW. COVID-19 and NHS-funded care.";
    let config = LintConfig {
        allow_acronyms: WordSet::new(["nice"]),
        ..LintConfig::default()
    };
    assert_eq!(
        found_with(md, LintKind::Acronym, &config),
        ["COVID-19", "NHS-funded"]
    );
}

#[test]
fn lists_longer_than_seven_items() {
    let eight = (1..=8).map(|i| format!("- item {i}\n")).collect::<String>();
    let seven = (1..=7).map(|i| format!("- item {i}\n")).collect::<String>();
    let md = format!("Intro:\n\n{eight}\nText.\n\n{seven}");
    let lists = found(&md, LintKind::LongList);
    assert_eq!(lists.len(), 1);
    assert!(
        lists[0].starts_with("- item 1\n") && lists[0].contains("- item 8"),
        "{lists:?}"
    );
    // Grouped into sub-lists: the outer list has 3 items, each sub-list 4.
    let grouped = "- a\n  - 1\n  - 2\n  - 3\n  - 4\n- b\n  - 1\n  - 2\n  - 3\n  - 4\n- c\n";
    assert!(found(grouped, LintKind::LongList).is_empty());
    let config = LintConfig {
        max_list_items: 2,
        ..LintConfig::default()
    };
    // The outer list and both sub-lists.
    assert_eq!(found_with(grouped, LintKind::LongList, &config).len(), 3);
}

#[test]
fn percentages_need_a_natural_frequency_nearby() {
    let md = "About 19% of people bruise. 20 percent feel sore. Nausea affects 5 per cent.\n\n\
              About 20% of people bruise (1 in 5). Soreness affects 10%. That is one in ten people.\n\n\
              Only 8% feel sick. It is 8 out of 100. Drowsiness: 2 %.";
    assert_eq!(
        found(md, LintKind::Percentage),
        ["19%", "20 percent", "5 per cent", "2"]
    );
    assert!(found("1 in every 20 people, or 5%.", LintKind::Percentage).is_empty());
    assert!(found("About 5 in 100, so 5%.", LintKind::Percentage).is_empty());
}

#[test]
fn link_text_that_says_nothing() {
    let md = "[Click here](a.md), [here](b.md), [Read more…](c.md), [more](d.md), [this link](e.md), \
              [link](f.md), [https://nhs.uk](https://nhs.uk), <https://nhs.uk>, [](g.md), \
              [NHS advice on fibromyalgia](h.md), [![NHS logo](logo.png)](i.md), <help@x.org>.\n\n\
              ## [here](j.md)\n";
    assert_eq!(
        found(md, LintKind::LinkText),
        [
            "[Click here](a.md)",
            "[here](b.md)",
            "[Read more…](c.md)",
            "[more](d.md)",
            "[this link](e.md)",
            "[link](f.md)",
            "[https://nhs.uk](https://nhs.uk)",
            "<https://nhs.uk>",
            "[](g.md)",
            "[here](j.md)",
        ]
    );
}

#[test]
fn sentences_over_25_words() {
    let long = (1..=26)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let ok = (1..=25)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let md = format!("Short one. {long}. {ok}.");
    let f = found(&md, LintKind::LongSentence);
    assert_eq!(f, [long]);
    let findings = run(&md, &LintConfig::default());
    assert_eq!(
        findings
            .iter()
            .find(|f| f.kind == LintKind::LongSentence)
            .map(|f| f.message.as_str()),
        Some(
            "This sentence has 26 words; try to keep sentences to 25 words or fewer, for example by splitting it in two"
        )
    );
}

#[test]
fn kinds_switch_off_and_output_is_sorted() {
    let md = "[here](a.md) Fibromyalgia and the NHS. 50% of people.";
    let all = run(md, &LintConfig::default());
    let kinds: Vec<LintKind> = all.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            LintKind::LinkText,
            LintKind::LongWord,
            LintKind::Acronym,
            LintKind::Percentage
        ]
    );
    assert!(all.windows(2).all(|w| w[0].byte_start <= w[1].byte_start));
    let mut config = LintConfig::default();
    for kind in LintKind::ALL {
        config.disable(kind);
        assert!(!config.is_enabled(kind));
    }
    assert!(run(md, &config).is_empty());
    config.enable(LintKind::Acronym);
    assert_eq!(run(md, &config).len(), 1);
    assert_eq!(LintKind::from_name("long_words"), Some(LintKind::LongWord));
    assert!(
        LintKind::ALL
            .iter()
            .all(|k| LintKind::from_name(k.name()) == Some(*k))
    );
    assert_eq!(LintKind::from_name("nope"), None);
}
