//! `careleaf faq add` / `faq list` / `faq check` on the real binary (issue 4).
//!
//! Every add is checked against an independent YAML parser (serde_yaml), byte comparisons of
//! the file before and after (the new entry is the only inserted block), and a real build of
//! the site. Refusals must leave every file exactly as it was. Faults are injected with the
//! binary's test-only `CARELEAF_TEST_FAULT` hook.

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::support::faq::*;
use crate::support::*;

// ---------------------------------------------------------------------------------------------
// 1. Round trip, byte for byte
// ---------------------------------------------------------------------------------------------

/// (id, question, answer as given, extra arguments). The answer must read back exactly as
/// given, except that CRLF (and a lone CR) become LF: careleaf stores an answer's line
/// breaks as the file's own line endings, so a reader gets `\n`.
const TRICKY: &[(&str, &str, &str, &[&str])] = &[
    (
        "colons-hashes-quotes",
        "How long: \"weeks\" or 'months'? #1",
        "It depends: on you.\nSome people # feel better\nin weeks; others take 'months' or \"longer\".\n",
        &[
            "--topic",
            "pain",
            "--topic",
            "sleep",
            "--related",
            "sleep-tips",
        ],
    ),
    (
        "leading-spaces",
        "Leading spaces?",
        "  two leading spaces on the first line\nthen none\n   three on a later line\n",
        &[],
    ),
    (
        "code-block-first",
        "Indented code first?",
        "    four spaces: a code block\n    second code line\n\nThen text.\n",
        &[],
    ),
    (
        "trailing-spaces",
        "Trailing spaces?",
        "trailing spaces here   \nand a tab at the end\t\nlast  ",
        &[],
    ),
    (
        "emoji",
        "Can I use emoji 😀? 👍🏽",
        "Yes 😀👍🏽🇬🇧 and a ZWJ sequence 👩‍⚕️.\n",
        &["--topic", "diet"],
    ),
    (
        "scripts",
        "痛いですか？ هل يؤلم؟ Πονάει;",
        "痛みは本物です。\nالألم حقيقي ويمكن علاجه.\nΟ πόνος είναι πραγματικός.\n",
        &[],
    ),
    (
        "backslashes",
        "What about C:\\temp\\ and \\n?",
        "Paths like C:\\Users\\me and \\\\server\\share.\nA literal \\n is not a newline; \\\" neither.\n",
        &[],
    ),
    (
        "document-markers",
        "Three dashes?",
        "before\n\n---\n\nafter\n...\nend\n",
        &[],
    ),
    (
        "lists",
        "- Lists?",
        "Try these:\n\n- item one\n- item two: with a colon\n  - nested # hash\n\n1. first\n2. second\n",
        &[],
    ),
    (
        "tabs",
        "Tabs\tinside?",
        "col1\tcol2\n\tstarts with a tab\n",
        &[],
    ),
    ("no-newline", "No newline?", "no newline at the end", &[]),
    (
        "blank-first",
        "Blank first line?",
        "\nthe first line is blank\n",
        &[],
    ),
    (
        "blank-inside",
        "Blank lines inside?",
        "a\n\n\nb\n   \nc\n",
        &[],
    ),
    (
        "yaml-lookalike",
        "- id: fake",
        "answer: fake\nquestion: \"fake\"\n- id: fake\n  topics: [x]\n| pipe > gt\n",
        &[],
    ),
    (
        "indicators",
        "`Backticks`, @at, %percent, &amp *star !bang?",
        "`code` first\n@mention\n%percent\n&anchor *alias !tag\n> a quote\n",
        &[],
    ),
    (
        "odd-characters",
        "Odd\u{a0}spaces?",
        "non-breaking\u{a0}space, line\u{2028}separator, bom\u{feff}inside\n",
        &[],
    ),
    (
        "crlf",
        "CRLF?",
        "line one\r\nline two\r\n\r\nlone\rcr\n",
        &[],
    ),
    (
        "link-and-markdown",
        "Links: do they work?",
        "**Yes**: see [sleep tips](/articles/sleep-tips/) and [the guide](/articles/needling-guide/#during-the-session).\n",
        &["--related", "needling-guide"],
    ),
    // Last: an entry like this one blocks later adds (see the ignored test
    // `an_answer_ending_in_blank_lines_does_not_block_later_adds`).
    (
        "many-newlines",
        "Many newlines?",
        "ends with three newlines\n\n\n",
        &[],
    ),
];

/// What an answer reads back as: line breaks become `\n` (documented above).
fn expected_answer(given: &str) -> String {
    given.replace("\r\n", "\n").replace('\r', "\n")
}

#[test]
fn tricky_answers_and_questions_round_trip_byte_for_byte() {
    let site = rich_site();
    let mut before_entries = entries(&site);
    for (id, question, answer, extra) in TRICKY {
        let old = read(&site, FAQ);
        // `--flag=value`, so values starting with `-` stay values.
        let (q, a, i) = (
            format!("--question={question}"),
            format!("--answer={answer}"),
            format!("--id={id}"),
        );
        let mut args = vec![q.as_str(), a.as_str(), i.as_str()];
        args.extend_from_slice(extra);
        let out = add(&site, &args);
        assert!(out.success(), "adding `{id}` failed:\n{out}");
        let new = read(&site, FAQ);
        let (_, inserted) = assert_inserted(&old, &new, id);
        assert!(
            inserted.starts_with(&format!("  - id: {id}\n")),
            "`{id}`: the entry must use the list's indentation and an explicit id:\n{inserted}"
        );

        let after = parse_entries(&new);
        assert_eq!(after.len(), before_entries.len() + 1, "`{id}`");
        for (old_e, new_e) in before_entries.iter().zip(&after) {
            assert_eq!(old_e.raw, new_e.raw, "`{id}`: an existing entry changed");
        }
        let e = after.last().expect("the new entry");
        assert_eq!(e.id.as_deref(), Some(*id));
        assert_eq!(e.question, *question, "`{id}`: question");
        assert_eq!(e.answer, expected_answer(answer), "`{id}`: answer");
        let want_topics: Vec<String> = extra
            .chunks(2)
            .filter(|c| c[0] == "--topic")
            .map(|c| c[1].to_owned())
            .collect();
        let want_related: Vec<String> = extra
            .chunks(2)
            .filter(|c| c[0] == "--related")
            .map(|c| c[1].to_owned())
            .collect();
        assert_eq!(e.topics, want_topics, "`{id}`: topics");
        assert_eq!(e.related, want_related, "`{id}`: related");
        before_entries = after;
    }

    // careleaf reads them back the same way, and the site builds with every one of them.
    let ids = listed_ids(&site);
    for (id, ..) in TRICKY {
        assert_eq!(
            ids.iter().filter(|x| x == id).count(),
            1,
            "`faq list` shows `{id}` once: {ids:?}"
        );
    }
    let built = site.build();
    let page = built.page("/faq/");
    for (id, question, ..) in TRICKY {
        let entry = page.one(&format!("article.faq-entry[id=\"{id}\"]"));
        let q = entry
            .select(&crate::support::sel(".faq-question"))
            .next()
            .unwrap_or_else(|| panic!("`{id}` has no question heading"));
        assert_eq!(
            text_of(q),
            question.split_whitespace().collect::<Vec<_>>().join(" "),
            "`{id}`: the FAQ page shows the question as typed"
        );
    }
    let scripts = text_of(page.one("[id=\"scripts\"] .faq-answer"));
    for needle in [
        "痛みは本物です。",
        "الألم حقيقي ويمكن علاجه.",
        "Ο πόνος είναι πραγματικός.",
    ] {
        assert!(scripts.contains(needle), "{needle} in {scripts}");
    }
    let markdown = page.one("[id=\"link-and-markdown\"] .faq-answer");
    assert_eq!(
        markdown
            .select(&crate::support::sel("strong"))
            .map(text_of)
            .collect::<Vec<_>>(),
        ["Yes"]
    );
    crate::support::assert_links_resolve(&built.out, "https://example.org/");
}

#[test]
fn the_id_is_written_explicitly_and_the_output_says_where_the_entry_appears() {
    let site = rich_site();
    let question = "What's a \"flare-up\": #1?";
    let out = add(
        &site,
        &[
            "--question",
            question,
            "--answer",
            "A bad day.",
            "--topic",
            "pain",
            "--topic",
            "sleep",
        ],
    )
    .ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "Added \"What's a \"flare-up\": #1?\" to content/faq.yaml (id `whats-a-flare-up-1`).",
            "It will appear at /faq/#whats-a-flare-up-1",
            "and on /topics/pain/",
            "and on /topics/sleep/",
        ],
        "{out}"
    );
    let text = String::from_utf8(read(&site, FAQ)).unwrap();
    assert!(
        text.contains("\n  - id: whats-a-flare-up-1\n"),
        "the derived id is written into the file:\n{text}"
    );
    let e = entry(&site, "whats-a-flare-up-1");
    assert_eq!(e.question, question);
    assert_eq!(e.topics, ["pain", "sleep"]);
    // The printed places exist.
    let built = site.build();
    assert!(built.page("/faq/").has("[id=\"whats-a-flare-up-1\"]"));
    for t in ["/topics/pain/", "/topics/sleep/"] {
        assert!(
            built
                .page(t)
                .hrefs("a")
                .iter()
                .any(|h| h.ends_with("#whats-a-flare-up-1")),
            "{t} links to the new entry"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The append keeps every other byte
// ---------------------------------------------------------------------------------------------

#[test]
fn handmade_formatting_is_kept_and_the_entry_goes_after_the_last_item() {
    let site = handmade_site();
    // The fixture itself is valid.
    site.build();
    let old = read(&site, FAQ);
    let old_entries = entries(&site);
    add(
        &site,
        &[
            "--question",
            "Can I shower after needling?",
            "--answer",
            "Yes.\nWait an hour if you like.\n",
            "--id",
            "shower",
            "--topic",
            "needling",
        ],
    )
    .ok();
    let new = read(&site, FAQ);
    let (pos, inserted) = assert_inserted(&old, &new, "shower");
    assert_eq!(
        pos,
        HANDMADE_FAQ
            .find("  # (add new questions above this line)")
            .unwrap(),
        "the entry goes right after the last item's last line:\n{}",
        String::from_utf8_lossy(&new)
    );
    // The file separates its entries with blank lines, so the new one gets one too.
    assert!(
        inserted.starts_with("\n  - id: shower\n    question: "),
        "{inserted:?}"
    );
    let after = entries(&site);
    assert_eq!(after.len(), old_entries.len() + 1);
    for (a, b) in old_entries.iter().zip(&after) {
        assert_eq!(a.raw, b.raw);
    }
    assert_eq!(after[3].answer, "Yes.\nWait an hour if you like.\n");
    // The derived id of the third entry still works, and the site builds.
    let built = site.build();
    let page = built.page("/faq/");
    for id in [
        "does-it-hurt",
        "dry-needling-hurt",
        "what-helps-sleep",
        "shower",
    ] {
        assert!(page.has(&format!("[id=\"{id}\"]")), "{id}");
    }
}

#[test]
fn other_list_styles_are_followed() {
    // (name, file, expected start of the inserted text, where it must go)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "dashes flush with the key, a key after the list",
            "questions:\n- id: a\n  question: A?\n  answer: B.\n\n# about the page\ntitle: After the list\n",
            "- id: new-entry\n  question: ",
            "# about the page",
        ),
        (
            "four-space indentation and a literal block last",
            "title: T\nquestions:\n    - id: a\n      question: A?\n      answer: |\n        B.\n\n        C.\n",
            "    - id: new-entry\n      question: ",
            "",
        ),
    ];
    for (name, text, start, before) in cases {
        let site = rich_site_with_faq(Some(text));
        add(
            &site,
            &[
                "--question",
                "Brand new?",
                "--answer",
                "Yes:\n  really.\n",
                "--id",
                "new-entry",
            ],
        )
        .ok();
        let new = read(&site, FAQ);
        let (pos, inserted) = assert_inserted(text.as_bytes(), &new, "new-entry");
        assert!(inserted.starts_with(start), "{name}: {inserted:?}");
        let want_pos = if before.is_empty() {
            text.len()
        } else {
            text.find(before).unwrap()
        };
        assert_eq!(pos, want_pos, "{name}:\n{}", String::from_utf8_lossy(&new));
        let all = entries(&site);
        let e = all.last().unwrap();
        assert_eq!(e.answer, "Yes:\n  really.\n", "{name}");
        site.build();
    }
}

#[test]
fn a_last_line_without_newline_gets_one_before_the_entry() {
    let text = "questions:\n  - id: a\n    question: A?\n    answer: B.";
    let site = rich_site_with_faq(Some(text));
    add(
        &site,
        &["--question", "New?", "--answer", "Yes.", "--id", "new"],
    )
    .ok();
    let new = String::from_utf8(read(&site, FAQ)).unwrap();
    assert!(new.starts_with(text), "{new}");
    assert!(new[text.len()..].starts_with("\n  - id: new\n"), "{new}");
    assert_eq!(entries(&site).len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 5. Line endings, a file without a list, no file at all
// ---------------------------------------------------------------------------------------------

fn assert_only_crlf(bytes: &[u8], what: &str) {
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            assert!(
                i > 0 && bytes[i - 1] == b'\r',
                "{what}: lone LF at byte {i}:\n{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

#[test]
fn crlf_files_stay_crlf() {
    let faq = HANDMADE_FAQ.replace('\n', "\r\n");
    let topics = "pain:\r\n  title: Pain\r\nsleep:\r\n  title: Sleep\r\nneedling:\r\n  title: Dry needling\r\n";
    let site = handmade_site();
    site.write(FAQ, &faq);
    site.write(TOPICS, topics);
    add(
        &site,
        &[
            "--question",
            "Windows?",
            "--answer",
            "Line one\nline two\r\n\n  indented: three\n",
            "--id",
            "windows",
            "--topic",
            "sleep",
            "--new-topic",
            "fatigue",
            "--topic-title",
            "Fatigue",
        ],
    )
    .ok();
    let new = read(&site, FAQ);
    assert_only_crlf(&new, FAQ);
    let (_, inserted) = assert_inserted(faq.as_bytes(), &new, "windows");
    assert!(inserted.ends_with("\r\n"));
    let e = entry(&site, "windows");
    assert_eq!(e.answer, "Line one\nline two\n\n  indented: three\n");
    assert_eq!(e.topics, ["sleep", "fatigue"]);
    let new_topics = read(&site, TOPICS);
    assert_only_crlf(&new_topics, TOPICS);
    assert!(new_topics.starts_with(topics.as_bytes()));
    site.build();
}

#[test]
fn a_file_without_questions_gets_a_list() {
    for text in [
        "title: Only a title\nintro: Nothing yet.\n",
        "# just a comment",
        "",
    ] {
        let site = rich_site_with_faq(Some(text));
        add(
            &site,
            &["--question", "First?", "--answer", "Yes.", "--id", "first"],
        )
        .ok();
        let new = String::from_utf8(read(&site, FAQ)).unwrap();
        assert!(new.starts_with(text), "{text:?} → {new:?}");
        let e = entries(&site);
        assert_eq!(e.len(), 1, "{new}");
        assert_eq!(e[0].id.as_deref(), Some("first"));
        assert!(site.build().page("/faq/").has("[id=\"first\"]"));
    }
}

#[test]
fn a_missing_faq_is_created_and_the_site_builds() {
    let site = rich_site_with_faq(None);
    // The rich articles link to /faq/#does-it-hurt: make that the entry.
    add(
        &site,
        &[
            "--question",
            "Does needling hurt?",
            "--answer",
            "A little: see [the guide](/articles/needling-guide/).",
            "--id",
            "does-it-hurt",
            "--topic",
            "needling",
        ],
    )
    .ok();
    let text = String::from_utf8(read(&site, FAQ)).unwrap();
    assert!(
        text.starts_with("questions:\n  - id: does-it-hurt\n"),
        "{text}"
    );
    assert_eq!(listed_ids(&site), ["does-it-hurt"]);
    let built = site.build();
    assert_eq!(
        built
            .page("/faq/")
            .text("[id=\"does-it-hurt\"] .faq-question"),
        "Does needling hurt?"
    );
}

#[test]
fn a_byte_order_mark_before_questions_is_fine() {
    let text = "\u{feff}questions:\n  - id: a\n    question: A?\n    answer: B.\n";
    let site = rich_site_with_faq(Some(text));
    site.build();
    let out = add(
        &site,
        &["--question", "New?", "--answer", "Yes.", "--id", "new"],
    );
    assert!(out.success(), "{out}");
    let new = read(&site, FAQ);
    assert_inserted(text.as_bytes(), &new, "new");
    site.build();
}

#[test]
fn an_answer_ending_in_blank_lines_does_not_block_later_adds() {
    // Written by careleaf itself.
    let site = rich_site();
    add(
        &site,
        &[
            "--question",
            "Blank lines at the end?",
            "--answer",
            "Yes.\n\n",
            "--id",
            "blank-end",
        ],
    )
    .ok();
    assert_eq!(entry(&site, "blank-end").answer, "Yes.\n\n");
    let out = add(
        &site,
        &[
            "--question",
            "And the next one?",
            "--answer",
            "Also fine.",
            "--id",
            "next",
        ],
    );
    assert!(out.success(), "the add after it is refused:\n{out}");
    assert_eq!(entry(&site, "blank-end").answer, "Yes.\n\n");
    assert_eq!(entry(&site, "next").answer, "Also fine.");

    // Written by hand.
    let text = "questions:\n  - id: a\n    question: A?\n    answer: |+\n      B.\n\n\n";
    let site = rich_site_with_faq(Some(text));
    site.build();
    let before = entries(&site);
    let out = add(
        &site,
        &["--question", "New?", "--answer", "Yes.", "--id", "new"],
    );
    assert!(out.success(), "{out}");
    let after = entries(&site);
    assert_eq!(after[0].raw, before[0].raw, "the old answer is unchanged");
    assert_eq!(after[1].answer, "Yes.");
}

// ---------------------------------------------------------------------------------------------
// 2. Refusals change nothing
// ---------------------------------------------------------------------------------------------

struct Refusal {
    name: &'static str,
    /// Replaces `content/faq.yaml` (bytes) before the add.
    faq: Option<&'static [u8]>,
    /// Replaces `content/topics.yaml` before the add.
    topics: Option<&'static str>,
    args: &'static [&'static str],
    /// careleaf got as far as checking the entry (so it says "nothing was changed").
    checked: bool,
}

fn refusals() -> Vec<Refusal> {
    vec![
        Refusal {
            name: "empty question",
            faq: None,
            topics: None,
            args: &["--question", "", "--answer", "An answer."],
            checked: false,
        },
        Refusal {
            name: "blank question",
            faq: None,
            topics: None,
            args: &["--question", "   ", "--answer", "An answer."],
            checked: false,
        },
        Refusal {
            name: "two-line question",
            faq: None,
            topics: None,
            args: &["--question", "Line one\nline two?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "blank answer",
            faq: None,
            topics: None,
            args: &["--question", "A new question?", "--answer", " \n\t\n"],
            checked: false,
        },
        Refusal {
            name: "duplicate id",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "Something new?",
                "--answer",
                "A.",
                "--id",
                "does-it-hurt",
            ],
            checked: true,
        },
        Refusal {
            name: "id equal to a derived id",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "Something new?",
                "--answer",
                "A.",
                "--id",
                "what-helps-sleep",
            ],
            checked: true,
        },
        Refusal {
            name: "duplicate question",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "Does needling hurt?",
                "--answer",
                "A.",
                "--id",
                "other-id",
            ],
            checked: true,
        },
        Refusal {
            name: "near-duplicate question (case, hyphen, no question mark)",
            faq: None,
            topics: None,
            args: &["--question", "does DRY-needling hurt", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "near-duplicate question (spaces, punctuation)",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "  WHAT   helps sleep ?!",
                "--answer",
                "A.",
                "--id",
                "sleep-2",
            ],
            checked: true,
        },
        // The id made from the question is the one the same question already has: the
        // question is the reason, not the id.
        Refusal {
            name: "duplicate question whose id is taken too",
            faq: None,
            topics: None,
            args: &["--question", "What helps sleep?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "unknown topic",
            faq: None,
            topics: None,
            args: &["--question", "New?", "--answer", "A.", "--topic", "slep"],
            checked: true,
        },
        Refusal {
            name: "invalid topic slug",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "A.",
                "--topic",
                "Sleep Well",
            ],
            checked: true,
        },
        Refusal {
            // (With the same title as the existing topic it is no conflict: see
            // `faq_safety::an_add_killed_between_its_two_writes_can_be_run_again`.)
            name: "new topic that exists",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "A.",
                "--new-topic",
                "sleep",
                "--topic-title",
                "Sleep problems",
            ],
            checked: true,
        },
        Refusal {
            name: "new topic without a title",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "A.",
                "--new-topic",
                "fatigue",
                "--topic-title",
                " ",
            ],
            checked: true,
        },
        Refusal {
            name: "related article that is not a slug",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "A.",
                "--related",
                "Needling Guide",
            ],
            checked: true,
        },
        Refusal {
            name: "unknown related article",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "A.",
                "--related",
                "needling-gide",
            ],
            checked: true,
        },
        Refusal {
            name: "broken link in the answer",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "See\n[this](/articles/no-such-article/).",
                "--id",
                "new",
            ],
            checked: true,
        },
        Refusal {
            name: "broken relative file link in the answer",
            faq: None,
            topics: None,
            args: &[
                "--question",
                "New?",
                "--answer",
                "See [this](missing-article.md).",
                "--id",
                "new",
            ],
            checked: true,
        },
        Refusal {
            name: "a question that makes no id",
            faq: None,
            topics: None,
            args: &["--question", "???", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "invalid id",
            faq: None,
            topics: None,
            args: &["--question", "New?", "--answer", "A.", "--id", "Bad Id"],
            checked: true,
        },
        Refusal {
            name: "id with a double hyphen",
            faq: None,
            topics: None,
            args: &["--question", "New?", "--answer", "A.", "--id", "a--b"],
            checked: true,
        },
        Refusal {
            name: "flow-style list",
            faq: Some(b"title: T\nquestions: [{question: Q?, answer: A.}]\n"),
            topics: None,
            args: &["--question", "New?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "faq.yaml already has an unknown key",
            faq: Some(b"questions:\n  - id: a\n    question: A?\n    answr: B.\n"),
            topics: None,
            args: &["--question", "New?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "faq.yaml is not valid YAML",
            faq: Some(b"questions:\n  - id: a\n    question: \"A?\n    answer: B.\n"),
            topics: None,
            args: &["--question", "New?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "faq.yaml already has a broken link",
            faq: Some(
                b"questions:\n  - id: a\n    question: A?\n    answer: See [x](/nowhere/).\n",
            ),
            topics: None,
            args: &["--question", "New?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "faq.yaml is not UTF-8",
            faq: Some(b"questions:\n  - id: a\n    question: Caf\xe9?\n    answer: B.\n"),
            topics: None,
            args: &["--question", "New?", "--answer", "A."],
            checked: true,
        },
        Refusal {
            name: "topics.yaml has an error",
            faq: None,
            topics: Some("pain:\n  titel: Pain\n"),
            args: &["--question", "New?", "--answer", "A.", "--topic", "pain"],
            checked: true,
        },
    ]
}

#[test]
fn every_refusal_leaves_every_file_untouched() {
    let mut failures = Vec::new();
    // What each refusal that got as far as checking the entry printed, one section each, for
    // one snapshot of them all.
    let mut said = String::new();
    for r in refusals() {
        let site = handmade_site();
        if let Some(faq) = r.faq {
            site.write_bytes(FAQ, faq);
        }
        if let Some(topics) = r.topics {
            site.write(TOPICS, topics);
        }
        // An mtime in the past, so any rewrite would show.
        let faq_path = site.path(FAQ);
        let old_time = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&faq_path)
            .unwrap()
            .set_modified(old_time)
            .unwrap();
        let before = content_state(&site);
        let out = add(&site, r.args);
        let mut problems = Vec::new();
        if out.status.code() != Some(1) {
            problems.push("exit status is not 1".to_owned());
        }
        if r.checked {
            said.push_str(&format!("== {}\n{}", r.name, site.redact(&out.stderr)));
        } else if !out.stderr.starts_with("careleaf: error: missing --") {
            // The wording has its snapshot in `missing_values_with_a_non_terminal_stdin_fail_fast`.
            problems.push("does not say which value is missing".to_owned());
        }
        if r.checked && !out.stderr.contains("careleaf: nothing was changed") {
            problems.push("does not say that nothing was changed".to_owned());
        }
        if !out.stdout.is_empty() {
            problems.push("printed something on standard output".to_owned());
        }
        if content_state(&site) != before {
            problems.push("a file of the site changed".to_owned());
        }
        if std::fs::metadata(&faq_path).unwrap().modified().unwrap() != old_time {
            problems.push("faq.yaml's modification time changed".to_owned());
        }
        if !temp_files(&site).is_empty() {
            problems.push(format!("temporary files left: {:?}", temp_files(&site)));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{out}", r.name, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!(said, @r#"
    == two-line question
    careleaf: error (question): the question must be one line
    careleaf: nothing was changed
    == duplicate id
    careleaf: error (id): the id `does-it-hurt` is already used by the entry at content/faq.yaml:10 ("Does needling hurt?"); choose another id
    careleaf: nothing was changed
    == id equal to a derived id
    careleaf: error (id): the id `what-helps-sleep` is already used by the entry at content/faq.yaml:27 ("What helps sleep?"); choose another id
    careleaf: nothing was changed
    == duplicate question
    careleaf: error (question): this question is already in the FAQ: "Does needling hurt?" (id `does-it-hurt`, content/faq.yaml:10)
    careleaf: nothing was changed
    == near-duplicate question (case, hyphen, no question mark)
    careleaf: error (question): this question is already in the FAQ: "Does dry needling hurt?" (id `dry-needling-hurt`, content/faq.yaml:19)
    careleaf: nothing was changed
    == near-duplicate question (spaces, punctuation)
    careleaf: error (question): this question is already in the FAQ: "What helps sleep?" (id `what-helps-sleep`, content/faq.yaml:27)
    careleaf: nothing was changed
    == duplicate question whose id is taken too
    careleaf: error (question): this question is already in the FAQ: "What helps sleep?" (id `what-helps-sleep`, content/faq.yaml:27)
    careleaf: nothing was changed
    == unknown topic
    careleaf: error (topic): unknown topic `slep` (did you mean `sleep`?); known topics: pain, sleep, needling, diet (add one on purpose with --new-topic slep --topic-title "...")
    careleaf: nothing was changed
    == invalid topic slug
    careleaf: error (topic): topic `Sleep Well` must use only lowercase letters a-z, digits and single hyphens (try `sleep-well`)
    careleaf: nothing was changed
    == new topic that exists
    careleaf: error (new topic): the topic `sleep` already exists; use --topic sleep
    careleaf: nothing was changed
    == new topic without a title
    careleaf: error (new topic): the new topic needs a title (--topic-title)
    careleaf: nothing was changed
    == related article that is not a slug
    careleaf: error (related): related article `Needling Guide` must use only lowercase letters a-z, digits and single hyphens (try `needling-guide`)
    careleaf: nothing was changed
    == unknown related article
    careleaf: error (related): related article `needling-gide` does not exist (did you mean `needling-guide`?)
    careleaf: nothing was changed
    == broken link in the answer
    careleaf: error (answer): broken link `/articles/no-such-article/`: nothing in this site is at /articles/no-such-article/ (did you mean `/articles/`?)
    careleaf: nothing was changed
    == broken relative file link in the answer
    careleaf: error (answer): broken link `missing-article.md`: no article file at that path (relative links to .md files must point at an article in content/articles/)
    careleaf: nothing was changed
    == a question that makes no id
    careleaf: error (id): cannot make an id from this question; give one
    careleaf: nothing was changed
    == invalid id
    careleaf: error (id): id `Bad Id` must use only lowercase letters a-z, digits and single hyphens (try `bad-id`)
    careleaf: nothing was changed
    == id with a double hyphen
    careleaf: error (id): id `a--b` must use only lowercase letters a-z, digits and single hyphens (try `a-b`)
    careleaf: nothing was changed
    == flow-style list
    careleaf: error (faq.yaml): content/faq.yaml:2:12: error: `questions:` is written as a one-line list (`questions: [...]`); write it as a block list instead, one entry per item starting with `- question:` on its own line under `questions:`, then try again
      |
    2 | questions: [{question: Q?, answer: A.}]
      |            ^
    careleaf: nothing was changed
    == faq.yaml already has an unknown key
    careleaf: error (faq.yaml): content/faq.yaml has errors; fix them before adding an entry:
    content/faq.yaml:4:5: error: unknown key `answr` (did you mean `answer`?); allowed keys: question, answer, topics, id, related, reviewed_on, reviewed_by, next_review, sources, extra (put your own data under `extra:`)
      |
    4 |     answr: B.
      |     ^
    careleaf: nothing was changed
    == faq.yaml is not valid YAML
    careleaf: error (faq.yaml): content/faq.yaml has errors; fix them before adding an entry:
    content/faq.yaml:3:15: error: this quote (") is never closed: add a closing " at the end of the value, or remove the opening one
      |
    3 |     question: "A?
      |               ^
    careleaf: nothing was changed
    == faq.yaml already has a broken link
    careleaf: error (faq.yaml): content/faq.yaml:4:21: error: broken link `/nowhere/`: nothing in this site is at /nowhere/
      |
    4 |     answer: See [x](/nowhere/).
      |                     ^
    careleaf: nothing was changed
    == faq.yaml is not UTF-8
    careleaf: error (faq.yaml): content/faq.yaml is not valid UTF-8 text; fix it first
    careleaf: nothing was changed
    == topics.yaml has an error
    careleaf: error (faq.yaml): content/topics.yaml has errors; fix them first:
    content/topics.yaml:2:3: error: unknown key `titel` (did you mean `title`?); allowed keys: title, description, extra (put your own data under `extra:`)
      |
    2 |   titel: Pain
      |   ^
    careleaf: error (topic): unknown topic `pain`; known topics: none (add one on purpose with --new-topic pain --topic-title "...")
    careleaf: nothing was changed
    "#);
}

#[test]
fn refusals_name_the_existing_entry_and_its_line() {
    let site = rich_site();
    let text = String::from_utf8(read(&site, FAQ)).unwrap();
    let out = add(
        &site,
        &[
            "--question",
            "Something new?",
            "--answer",
            "A.",
            "--id",
            "pain-real",
        ],
    )
    .refused();
    out.stderr_has(&format!(
        "error (id): the id `pain-real` is already used by the entry at content/faq.yaml:{} (\"Is the pain real?\")",
        line_of(&text, "- id: pain-real")
    ));
    let out = add(
        &site,
        &["--question", "is THE pain, real", "--answer", "A."],
    )
    .refused();
    out.stderr_has(&format!(
        "error (question): this question is already in the FAQ: \"Is the pain real?\" (id `pain-real`, content/faq.yaml:{})",
        line_of(&text, "- id: pain-real")
    ));
    // A problem with the related list is shown as one, even when the answer names the slug.
    let out = add(
        &site,
        &[
            "--question",
            "New?",
            "--answer",
            "See [x](/articles/no-such-article/).",
            "--related",
            "no-such-article",
        ],
    )
    .refused();
    out.stderr_has("error (related): related article `no-such-article` does not exist")
        .stderr_has("error (answer): broken link `/articles/no-such-article/`");
}

#[test]
fn a_comment_after_questions_does_not_shift_line_numbers() {
    let site = handmade_site();
    let out = add(
        &site,
        &[
            "--question",
            "Something new?",
            "--answer",
            "A.",
            "--id",
            "does-it-hurt",
        ],
    )
    .refused();
    out.stderr_has(&format!(
        "already used by the entry at content/faq.yaml:{} ",
        line_of(HANDMADE_FAQ, "- id: does-it-hurt")
    ));
    let out = add(
        &site,
        &[
            "--question",
            "New?",
            "--answer",
            "See [x](/articles/no-such-article/).",
            "--related",
            "no-such-article",
        ],
    )
    .refused();
    out.stderr_has("error (related): related article `no-such-article` does not exist");
}

#[test]
fn the_output_names_the_new_topic_page_too() {
    let site = handmade_site();
    let out = add(
        &site,
        &[
            "--question",
            "Why am I so tired?",
            "--answer",
            "Pain disturbs sleep.",
            "--id",
            "tired",
            "--topic",
            "sleep",
            "--new-topic",
            "fatigue",
            "--topic-title",
            "Fatigue",
        ],
    )
    .ok();
    assert!(out.stdout.contains("and on /topics/sleep/"), "{out}");
    assert!(out.stdout.contains("and on /topics/fatigue/"), "{out}");
}

#[test]
fn a_broken_anchor_in_the_answer_is_refused() {
    for answer in [
        "See [this](/faq/#no-such-entry).",
        "See [this](/articles/needling-guide/#no-such-heading).",
        "See [this](#no-such-entry-either).",
    ] {
        let site = handmade_site();
        let before = content_state(&site);
        let out = add(
            &site,
            &["--question", "New?", "--answer", answer, "--id", "new"],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{answer}: must be refused:\n{out}"
        );
        out.stderr_has("error (answer): broken link");
        assert!(content_state(&site) == before, "{answer}: files changed");
        // What a build says about the same answer, for comparison.
        site.build();
    }
}

#[test]
fn a_broken_article_elsewhere_does_not_block_an_add() {
    let site = handmade_site();
    site.write(
        "content/articles/broken.md",
        "---\ntitle: Broken\ncolour: blue\n---\nText with a [dead link](/nowhere/).\n",
    );
    site.write(
        "content/articles/dead-link.md",
        "---\ntitle: Dead link\n---\nSee [nothing](/articles/nothing-here/).\n",
    );
    let check = site.check();
    assert!(
        !check.success(),
        "the fixture's articles must be broken:\n{check}"
    );
    assert!(check.stderr.contains("broken.md"), "{check}");
    assert!(check.stderr.contains("dead-link.md"), "{check}");

    let out = add(
        &site,
        &[
            "--question",
            "Does a broken article block me?",
            "--answer",
            "No: see [sleep tips](/articles/sleep-tips/).",
            "--id",
            "not-blocked",
            "--topic",
            "sleep",
            "--related",
            "needling-guide",
        ],
    );
    assert!(out.success(), "{out}");
    assert_eq!(entry(&site, "not-blocked").related, ["needling-guide"]);

    // The FAQ's own problems are still found with the broken article there.
    let before = content_state(&site);
    let out = add(
        &site,
        &[
            "--question",
            "Still checked?",
            "--answer",
            "See [x](/articles/no-such-article/).",
            "--related",
            "no-such-related",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out}");
    out.stderr_has("error (answer): broken link `/articles/no-such-article/`");
    out.stderr_has("error (related):");
    assert!(content_state(&site) == before);

    // Once the articles are fixed the site builds with the new entry.
    site.remove("content/articles/broken.md");
    site.remove("content/articles/dead-link.md");
    assert!(site.build().page("/faq/").has("[id=\"not-blocked\"]"));
}

// ---------------------------------------------------------------------------------------------
// 4. Topics
// ---------------------------------------------------------------------------------------------

#[test]
fn without_topics_yaml_any_topic_is_accepted_and_no_file_is_made() {
    let files: Vec<(&str, &str)> = rich_site_files()
        .into_iter()
        .filter(|(p, _)| *p != TOPICS)
        .collect();
    let site = Site::new(&files);
    let out = add(
        &site,
        &[
            "--question",
            "Is there a brand-new topic?",
            "--answer",
            "Yes.",
            "--id",
            "brand-new",
            "--topic",
            "brand-new-topic",
            "--topic",
            "pain",
        ],
    )
    .ok();
    assert!(
        out.stdout.contains("and on /topics/brand-new-topic/"),
        "{out}"
    );
    assert!(!site.path(TOPICS).exists(), "no topics.yaml may be created");
    assert_eq!(
        entry(&site, "brand-new").topics,
        ["brand-new-topic", "pain"]
    );
    let list = careleaf_in(&site, &["faq", "list", "--topic", "brand-new-topic"]).ok();
    assert_eq!(
        list.stdout,
        "brand-new\tIs there a brand-new topic?\tbrand-new-topic, pain\n"
    );
    let built = site.build();
    assert!(
        built
            .page("/topics/brand-new-topic/")
            .hrefs("a")
            .iter()
            .any(|h| h.ends_with("#brand-new")),
        "the new topic's page lists the entry"
    );
}

#[test]
fn new_topic_is_added_to_topics_yaml_on_purpose() {
    let site = handmade_site();
    // No final newline: one is added before the new topic.
    let old_topics = "pain:\n  title: Pain\nsleep:\n  title: Sleep\nneedling:\n  title: Dry needling\n# more later\ndiet:\n  title: Diet";
    site.write(TOPICS, old_topics);
    std::fs::set_permissions(site.path(TOPICS), std::fs::Permissions::from_mode(0o640)).unwrap();
    let title = "Tiredness: \"fatigue\" & sleep #1";
    let out = add(
        &site,
        &[
            "--question",
            "Why am I so tired?",
            "--answer",
            "Pain disturbs sleep.",
            "--id",
            "tired",
            "--topic",
            "sleep",
            "--new-topic",
            "fatigue",
            "--topic-title",
            title,
        ],
    )
    .ok();
    assert!(out.stdout.contains("and on /topics/sleep/"), "{out}");
    let new_topics = read(&site, TOPICS);
    assert!(
        new_topics.starts_with(old_topics.as_bytes()),
        "topics.yaml keeps its bytes:\n{}",
        String::from_utf8_lossy(&new_topics)
    );
    let doc: serde_yaml::Value = serde_yaml::from_slice(&new_topics).unwrap();
    assert_eq!(doc["fatigue"]["title"].as_str(), Some(title));
    assert_eq!(doc["diet"]["title"].as_str(), Some("Diet"));
    assert_eq!(
        std::fs::metadata(site.path(TOPICS))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
    assert_eq!(entry(&site, "tired").topics, ["sleep", "fatigue"]);
    // The topic can now be used without --new-topic.
    add(
        &site,
        &[
            "--question",
            "Does rest help?",
            "--answer",
            "Often.",
            "--topic",
            "fatigue",
        ],
    )
    .ok();
    let built = site.build();
    let page = built.page("/topics/fatigue/");
    assert!(page.text("h1").contains("Tiredness"), "{}", page.text("h1"));
    let links = page.hrefs("a");
    assert!(links.iter().any(|h| h.ends_with("#tired")), "{links:?}");
    assert!(
        links.iter().any(|h| h.ends_with("#does-rest-help")),
        "{links:?}"
    );
}

/// `faq add --new-topic fatigue` for "Why am I so tired?", paused (with
/// `CARELEAF_TEST_PAUSE`) right before it replaces `faq.yaml`, when the new topic is already
/// in `topics.yaml`. `meanwhile` runs at that moment; then the add goes on.
fn new_topic_add_with_a_save_in_between(site: &Site, meanwhile: impl FnOnce()) -> Run {
    let pause = tempfile::tempdir().unwrap();
    let setting = format!("before-faq-write:{}", pause.path().display());
    let root = site.root().to_path_buf();
    let adder = std::thread::spawn(move || {
        careleaf_with(
            &[
                "faq",
                "add",
                "--root",
                root.to_str().unwrap(),
                "--question",
                "Why am I so tired?",
                "--answer",
                "Pain disturbs sleep.",
                "--new-topic",
                "fatigue",
                "--topic-title",
                "Fatigue",
            ],
            &Opts {
                env: vec![("CARELEAF_TEST_PAUSE".to_owned(), setting)],
                ..Opts::default()
            },
        )
    });
    poll_until(Duration::from_secs(20), "the add to pause", || {
        pause.path().join("paused").exists().then_some(())
    });
    assert!(
        read(site, TOPICS).ends_with(b"fatigue:\n  title: \"Fatigue\"\n"),
        "the new topic is written before faq.yaml"
    );
    meanwhile();
    std::fs::write(pause.path().join("resume"), "").unwrap();
    adder.join().expect("the add finishes")
}

/// An editor's save of `faq.yaml`: `entry` appended, written to a temporary file and renamed
/// over it.
fn save_faq_by_hand(site: &Site, entry: &str) {
    let mut text = read(site, FAQ);
    text.extend_from_slice(entry.as_bytes());
    let tmp = site.path("content/.faq.yaml.editor-save");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, site.path(FAQ)).unwrap();
}

#[test]
fn a_new_topic_add_starts_over_when_the_faq_changes_after_the_topic_is_written() {
    let site = handmade_site();
    let old_topics = read(&site, TOPICS);
    let by_hand = "  - id: by-hand\n    question: \"Typed by hand?\"\n    answer: Yes.\n";
    let out = new_topic_add_with_a_save_in_between(&site, || save_faq_by_hand(&site, by_hand));
    let out = out.ok();
    // The add started over from the editor's file: both entries, the topic once.
    let ids = listed_ids(&site);
    assert!(ids.contains(&"by-hand".to_owned()), "{ids:?}\n{out}");
    assert!(
        ids.contains(&"why-am-i-so-tired".to_owned()),
        "{ids:?}\n{out}"
    );
    let mut expected = old_topics.clone();
    expected.extend_from_slice(b"fatigue:\n  title: \"Fatigue\"\n");
    assert_eq!(
        String::from_utf8_lossy(&read(&site, TOPICS)),
        String::from_utf8_lossy(&expected),
        "the topic is written once"
    );
    site.build();
}

#[test]
fn a_new_topic_add_refused_on_its_second_try_takes_its_topic_back() {
    let site = handmade_site();
    let old_topics = read(&site, TOPICS);
    // The editor adds the same question by hand while careleaf is about to write it.
    let same = "  - id: tired\n    question: \"Why am I so tired?\"\n    answer: Poor sleep.\n";
    let out = new_topic_add_with_a_save_in_between(&site, || save_faq_by_hand(&site, same));
    out.refused()
        .stderr_has("this question is already in the FAQ: \"Why am I so tired?\" (id `tired`");
    assert_eq!(
        String::from_utf8_lossy(&read(&site, TOPICS)),
        String::from_utf8_lossy(&old_topics),
        "the refused add took its topic back"
    );
    let ids = listed_ids(&site);
    assert!(ids.contains(&"tired".to_owned()) && !ids.contains(&"why-am-i-so-tired".to_owned()));
}

#[test]
fn a_failed_faq_write_takes_the_new_topic_back() {
    let site = handmade_site();
    let before = content_state(&site);
    let out = add_with(
        &site,
        &[
            "--question",
            "Why am I so tired?",
            "--answer",
            "Pain disturbs sleep.",
            "--new-topic",
            "fatigue",
            "--topic-title",
            "Fatigue",
        ],
        &Opts {
            env: vec![("CARELEAF_TEST_FAULT".to_owned(), "faq-write".to_owned())],
            ..Opts::default()
        },
    );
    let out = out.refused();
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot write [SITE]/content/faq.yaml: injected fault: faq.yaml could not be written
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before, "no file changed");
}

// ---------------------------------------------------------------------------------------------
// 6. Standard input that is not a terminal
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_values_with_a_non_terminal_stdin_fail_fast() {
    let site = rich_site();
    let before = content_state(&site);
    let mut said = String::new();
    for args in [
        vec!["--question", "Is this asked?"],
        vec!["--answer", "An answer."],
        vec![],
    ] {
        let out = add_with(
            &site,
            &args,
            &Opts {
                timeout: Duration::from_secs(10),
                ..Opts::default()
            },
        );
        assert_eq!(out.status.code(), Some(1), "{out}");
        // Waiting for input would run into the 10 s deadline above and fail the test.
        said.push_str(&format!("== faq add {}\n{}", args.join(" "), out.stderr));
    }
    insta::assert_snapshot!(said, @"
    == faq add --question Is this asked?
    careleaf: error: missing --answer (or --answer-file) (standard input is not a terminal, so careleaf cannot ask for it; give it on the command line)
    careleaf: nothing was changed
    == faq add --answer An answer.
    careleaf: error: missing --question (standard input is not a terminal, so careleaf cannot ask for it; give it on the command line)
    careleaf: nothing was changed
    == faq add 
    careleaf: error: missing --question and --answer (or --answer-file) (standard input is not a terminal, so careleaf cannot ask for it; give it on the command line)
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before);
}

#[test]
fn an_open_pipe_on_stdin_does_not_make_it_wait() {
    use std::process::{Command, Stdio};
    let site = rich_site();
    // Standard input is a pipe that stays open (nobody ever writes or closes it).
    let mut child = Command::new(BIN)
        .args(["faq", "add", "--question", "Waiting?", "--root"])
        .arg(site.root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .spawn()
        .unwrap();
    let _keep_open = child.stdin.take();
    let mut child = ChildGuard(child);
    let status = poll_until(
        Duration::from_secs(5),
        "careleaf to finish instead of waiting for standard input",
        || child.0.try_wait().unwrap(),
    );
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(err.contains("not a terminal"), "{err}");
}

#[test]
fn the_answer_can_come_from_stdin_or_a_file() {
    let site = rich_site();
    let answer = "  From stdin: with `:` and # hash\n- a list\n";
    add_with(
        &site,
        &[
            "--question",
            "From stdin?",
            "--answer-file",
            "-",
            "--id",
            "stdin",
        ],
        &Opts {
            stdin: Some(answer.as_bytes().to_vec()),
            ..Opts::default()
        },
    )
    .ok();
    assert_eq!(entry(&site, "stdin").answer, answer);

    let file = site.path("answer.md");
    std::fs::write(&file, "From a file.\r\nSecond line.\r\n").unwrap();
    add(
        &site,
        &[
            "--question",
            "From a file?",
            "--answer-file",
            file.to_str().unwrap(),
            "--id",
            "file",
        ],
    )
    .ok();
    assert_eq!(entry(&site, "file").answer, "From a file.\nSecond line.\n");
    site.build();
}

// ---------------------------------------------------------------------------------------------
// 7. Fault injection on the real command
// ---------------------------------------------------------------------------------------------

fn fault(name: &str) -> Opts {
    Opts {
        env: vec![("CARELEAF_TEST_FAULT".to_owned(), name.to_owned())],
        ..Opts::default()
    }
}

#[test]
fn killed_before_the_rename_leaves_the_old_valid_file() {
    use std::os::unix::process::ExitStatusExt;
    let site = handmade_site();
    std::fs::set_permissions(site.path(FAQ), std::fs::Permissions::from_mode(0o640)).unwrap();
    let old = read(&site, FAQ);
    let before = content_state(&site);
    let args = [
        "--question",
        "Interrupted?",
        "--answer",
        "Line one.\nLine two.\n",
        "--id",
        "interrupted",
        "--topic",
        "pain",
    ];
    let out = add_with(&site, &args, &fault("before-rename"));
    assert!(!out.success(), "the process must die:\n{out}");
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "killed by SIGABRT:\n{out}"
    );
    assert!(!out.stdout.contains("Added"), "{out}");
    assert_eq!(read(&site, FAQ), old, "faq.yaml is the old file");

    // The temporary file was complete when the process died: the new file, not a mix.
    let temps = temp_files(&site);
    assert_eq!(temps.len(), 1, "one temp file left behind: {temps:?}");
    assert!(
        temps[0].starts_with('.'),
        "temp files are hidden: {temps:?}"
    );
    let temp = std::fs::read(site.path(&format!("content/{}", temps[0]))).unwrap();
    assert_inserted(&old, &temp, "interrupted");

    // Only the leftover differs from before; the site is still valid.
    let mut now = content_state(&site);
    now.remove(&format!("content/{}", temps[0]));
    assert!(now == before);
    careleaf_in(&site, &["faq", "check"]).ok();
    assert!(!listed_ids(&site).contains(&"interrupted".to_owned()));
    site.build();

    // The leftover does not get in the way of the next add or build.
    add(&site, &args).ok();
    let new = read(&site, FAQ);
    assert_inserted(&old, &new, "interrupted");
    assert_eq!(
        std::fs::metadata(site.path(FAQ))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
    let built = site.build();
    assert!(built.page("/faq/").has("[id=\"interrupted\"]"));
    let leftovers = crate::support::files_under(&built.out)
        .into_iter()
        .filter(|f| f.contains(".tmp") || f.contains(".lock"))
        .collect::<Vec<_>>();
    assert!(
        leftovers.is_empty(),
        "hidden files leak into the output: {leftovers:?}"
    );
}

#[test]
fn a_failed_temp_write_changes_nothing() {
    let site = handmade_site();
    let before = content_state(&site);
    let out = add_with(
        &site,
        &[
            "--question",
            "Disk full?",
            "--answer",
            "Try again.",
            "--id",
            "disk-full",
        ],
        &fault("temp-write"),
    );
    assert_eq!(out.status.code(), Some(1), "{out}");
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot write [SITE]/content/faq.yaml: injected fault: the temporary file could not be written
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before, "files changed");
    assert!(temp_files(&site).is_empty(), "{:?}", temp_files(&site));

    // The same with a new topic: the first write (topics.yaml) fails, so nothing changes.
    let out = add_with(
        &site,
        &[
            "--question",
            "Disk full?",
            "--answer",
            "Try again.",
            "--new-topic",
            "storage",
            "--topic-title",
            "Storage",
        ],
        &fault("temp-write"),
    );
    assert_eq!(out.status.code(), Some(1), "{out}");
    assert!(content_state(&site) == before, "files changed");
    assert!(temp_files(&site).is_empty());

    // Killed while writing topics.yaml: both files are as they were.
    let out = add_with(
        &site,
        &[
            "--question",
            "Disk full?",
            "--answer",
            "Try again.",
            "--new-topic",
            "storage",
            "--topic-title",
            "Storage",
        ],
        &fault("before-rename"),
    );
    assert!(!out.success());
    let mut now = content_state(&site);
    now.retain(|k, _| !k.ends_with(".tmp"));
    assert!(now == before, "files changed");
    site.build();
}

/// Fault injection is a debug-build affair: a release binary must add normally whatever
/// `CARELEAF_TEST_FAULT` says. Runs when `CARELEAF_RELEASE_BIN` names a release build
/// (tests/run.sh builds one and sets it).
#[test]
fn release_binary_ignores_fault_injection() {
    let Some(bin) = std::env::var_os("CARELEAF_RELEASE_BIN") else {
        println!("skipped: CARELEAF_RELEASE_BIN does not name a release build of careleaf");
        return;
    };
    let bin = std::path::PathBuf::from(bin);
    assert!(
        bin.is_file(),
        "CARELEAF_RELEASE_BIN={} is not a file",
        bin.display()
    );
    for (i, point) in ["before-rename", "temp-write"].into_iter().enumerate() {
        let site = handmade_site();
        let old = read(&site, FAQ);
        let id = format!("release-{i}");
        let out = add_with(
            &site,
            &[
                "--question",
                &format!("Does a release build ignore {point}?"),
                "--answer",
                "Yes.",
                "--id",
                &id,
            ],
            &Opts {
                bin: Some(bin.clone()),
                ..fault(point)
            },
        )
        .ok();
        assert!(out.stdout.contains(&format!("(id `{id}`)")), "{out}");
        assert_inserted(&old, &read(&site, FAQ), &id);
        assert!(temp_files(&site).is_empty(), "{:?}", temp_files(&site));
    }
}

/// Problems reaching the files name the file and the cause, and change nothing.
#[test]
fn file_errors_name_the_path_and_the_cause() {
    // faq.yaml cannot be read (it is a folder).
    let site = rich_site_with_faq(None);
    std::fs::create_dir(site.path(FAQ)).unwrap();
    let out = add(&site, &["--question", "New?", "--answer", "A."]);
    assert_eq!(out.status.code(), Some(1), "{out}");
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot read [SITE]/content/faq.yaml: it is a folder, not a regular file
    careleaf: nothing was changed
    ");

    // The writers' lock cannot be taken (its file is a folder).
    let site = handmade_site();
    let before = content_state(&site);
    std::fs::create_dir_all(site.path(LOCK)).unwrap();
    let out = add(&site, &["--question", "New?", "--answer", "A."]);
    assert_eq!(out.status.code(), Some(1), "{out}");
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot lock [SITE]/content/faq.yaml: Is a directory (os error 21)
    careleaf: nothing was changed
    ");
    std::fs::remove_dir(site.path(LOCK)).unwrap();
    assert!(content_state(&site) == before, "files changed");

    // The answer file does not exist.
    let missing = site.path("no-such-answer.md");
    let out = add(
        &site,
        &[
            "--question",
            "New?",
            "--answer-file",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out}");
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot read the answer file [SITE]/no-such-answer.md: No such file or directory (os error 2)
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before, "files changed");
}

/// A site with no `content/` folder yet gets one, with `faq.yaml`, from its first add.
#[test]
fn the_first_add_makes_the_content_folder() {
    let site = Site::new(&[("site.yaml", "title: Bare\nbase_url: https://example.org/\n")]);
    add(
        &site,
        &[
            "--question",
            "Is this the first?",
            "--answer",
            "Yes, it is.",
        ],
    )
    .ok();
    let entries = parse_entries(&read(&site, FAQ));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].question, "Is this the first?");
}

/// The writers' lock is `.careleaf/faq.yaml.lock` at the site's root, outside `content/`;
/// the empty lock file earlier versions left in `content/` goes away with the next add, and
/// neither is ever published or reported by a build.
#[test]
fn the_lock_lives_in_dot_careleaf_and_the_old_one_is_cleared() {
    let site = rich_site();
    std::fs::write(site.path(OLD_LOCK), "").unwrap();
    // A build before any add leaves the old lock alone and does not publish or report it.
    let strict = careleaf_in(&site, &["check", "--strict"]);
    assert!(!strict.stderr.contains(".faq.yaml.lock"), "{strict}");
    let built = site.build();
    assert!(
        crate::support::files_under(&built.out)
            .iter()
            .all(|f| !f.contains("lock")),
        "the lock is published"
    );
    assert!(site.path(OLD_LOCK).is_file());

    add(
        &site,
        &["--question", "Where is the lock?", "--answer", "Here."],
    )
    .ok();
    assert!(site.path(LOCK).is_file(), "no lock at {LOCK}");
    assert!(
        !site.path(OLD_LOCK).exists(),
        "the old empty lock is still there"
    );
    assert_eq!(names_in(&site.path(".careleaf")), ["faq.yaml.lock"]);

    // A file of that name with something in it is not careleaf's: it stays.
    std::fs::write(site.path(OLD_LOCK), "mine\n").unwrap();
    add(&site, &["--question", "Is it kept?", "--answer", "Yes."]).ok();
    assert_eq!(read(&site, OLD_LOCK), b"mine\n");
}

// ---------------------------------------------------------------------------------------------
// 8. Permissions
// ---------------------------------------------------------------------------------------------

#[test]
fn permissions_are_kept() {
    for mode in [0o640, 0o600, 0o664] {
        let site = rich_site();
        std::fs::set_permissions(site.path(FAQ), std::fs::Permissions::from_mode(mode)).unwrap();
        add(
            &site,
            &["--question", "Mode?", "--answer", "Kept.", "--id", "mode"],
        )
        .ok();
        let got = std::fs::metadata(site.path(FAQ))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(got, mode, "{mode:o} became {got:o}");
    }
}

// ---------------------------------------------------------------------------------------------
// 9. An editor saving the file while adds run
// ---------------------------------------------------------------------------------------------

#[test]
fn an_editor_saving_the_file_during_adds_loses_nothing() {
    let site = rich_site();
    let path = site.path(FAQ);
    const ADDS: usize = 10;
    const SAVES: usize = 12;
    let started = Instant::now();

    // The editor: reads, appends an entry by hand, and saves with a rename, checking just
    // before the rename that nobody saved meanwhile (as careleaf does), so any entry lost
    // below is careleaf's doing. It does not save while careleaf is between writing its
    // temporary file and renaming it: careleaf's own check-then-rename cannot be made safe
    // against a save landing in that instant (see the ignored
    // `an_editor_save_at_the_worst_moment_is_not_lost`); saves at any other moment, in
    // particular while careleaf is checking the entry, must make careleaf start over.
    let editor = {
        let path = path.clone();
        let content = site.path("content");
        std::thread::spawn(move || {
            let tmp = path.with_file_name(".faq.yaml.editor-save");
            for i in 0..SAVES {
                std::thread::sleep(Duration::from_millis(25));
                loop {
                    let old = std::fs::read(&path).unwrap();
                    let mut text = old.clone();
                    text.extend_from_slice(
                        format!(
                            "  - id: by-hand-{i}\n    question: \"Typed by hand {i}?\"\n    answer: Yes.\n"
                        )
                        .as_bytes(),
                    );
                    std::fs::write(&tmp, &text).unwrap();
                    while careleaf_is_renaming(&content) {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                    if std::fs::read(&path).unwrap() == old {
                        std::fs::rename(&tmp, &path).unwrap();
                        break;
                    }
                }
            }
        })
    };
    let adders: Vec<_> = (0..ADDS)
        .map(|i| {
            let root = site.root().to_path_buf();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(30 * i as u64));
                careleaf_with(
                    &[
                        "faq",
                        "add",
                        "--root",
                        root.to_str().unwrap(),
                        "--question",
                        &format!("Added by the command line {i}?"),
                        "--answer",
                        &format!("Answer {i}."),
                        "--id",
                        &format!("cli-{i}"),
                    ],
                    &Opts::default(),
                )
            })
        })
        .collect();
    for a in adders {
        let out = a.join().unwrap();
        assert!(out.success(), "{out}");
    }
    editor.join().unwrap();

    let ids: Vec<String> = entries(&site)
        .into_iter()
        .map(|e| e.id.expect("every entry here has an id"))
        .collect();
    let mut expected: Vec<String> = RICH_FAQ_IDS.map(str::to_owned).to_vec();
    expected.extend((0..ADDS).map(|i| format!("cli-{i}")));
    expected.extend((0..SAVES).map(|i| format!("by-hand-{i}")));
    let got: BTreeSet<&String> = ids.iter().collect();
    let want: BTreeSet<&String> = expected.iter().collect();
    assert_eq!(got, want, "every entry lands");
    assert_eq!(ids.len(), expected.len(), "no entry twice: {ids:?}");
    assert_eq!(listed_ids(&site).len(), expected.len());
    site.build();
    eprintln!(
        "{ADDS} adds beside {SAVES} saves took {:?}",
        started.elapsed()
    );
}

/// True while a careleaf writer has its temporary file in `content/` (written, not yet renamed).
fn careleaf_is_renaming(content: &std::path::Path) -> bool {
    crate::support::names_in(content)
        .iter()
        .any(|n| n.starts_with(".faq.yaml.careleaf-") && n.ends_with(".tmp"))
}

/// An editor saves `faq.yaml` (temp file + rename) in the instant after careleaf has written
/// its new text and before it puts it in place. careleaf must notice, start over from the
/// editor's file, and end with both entries. A round where the editor's rename came only
/// after careleaf had finished leaves exactly the editor's file (written from the text they
/// had before careleaf's add, so careleaf's entry is gone by the editor's own hand); such
/// rounds prove nothing about the window and are not counted, but at least one round must hit
/// the window.
#[test]
fn an_editor_save_at_the_worst_moment_is_not_lost() {
    let site = rich_site();
    let path = site.path(FAQ);
    let content = site.path("content");
    let mut lost = Vec::new();
    let mut in_window = 0;
    for round in 0..25 {
        // The editor's save, ready to go.
        let old = std::fs::read(&path).unwrap();
        let mut text = old.clone();
        text.extend_from_slice(
            format!("  - id: by-hand-{round}\n    question: \"Typed by hand {round}?\"\n    answer: Yes.\n")
                .as_bytes(),
        );
        let tmp = content.join(".faq.yaml.editor-save");
        std::fs::write(&tmp, &text).unwrap();

        let mut child = std::process::Command::new(BIN)
            .args(["faq", "add", "--root"])
            .arg(site.root())
            .args(["--question", &format!("Added by the command line {round}?")])
            .args(["--answer", "Yes.", "--id", &format!("cli-{round}")])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // careleaf's temporary file for this process: save as soon as it holds careleaf's
        // new text (before the swap it holds the new entry; after the swap, the old file).
        let theirs = content.join(format!(".faq.yaml.careleaf-{}.tmp", child.id()));
        let needle = format!("id: cli-{round}\n");
        let mut saved = false;
        while !saved && child.try_wait().unwrap().is_none() {
            let ready = std::fs::read(&theirs)
                .is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle.as_str()));
            if ready {
                std::fs::rename(&tmp, &path).unwrap();
                saved = true;
            }
        }
        let status = child.wait().unwrap();
        let mut said = String::new();
        std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut said).unwrap();
        if !saved {
            // Not caught this round (careleaf was quicker); save now, normally.
            let mut now = std::fs::read(&path).unwrap();
            now.extend_from_slice(&text[old.len()..]);
            std::fs::write(&path, &now).unwrap();
        }
        let after = std::fs::read(&path).unwrap();
        let ids: Vec<String> = entries(&site).into_iter().filter_map(|e| e.id).collect();
        if !ids.contains(&format!("by-hand-{round}")) {
            lost.push(format!(
                "round {round}: the editor's save was overwritten (careleaf said: {})",
                said.lines().next().unwrap_or("nothing")
            ));
        }
        let editor_came_last = saved && after == text;
        if status.success() && !editor_came_last {
            if ids.contains(&format!("cli-{round}")) {
                in_window += usize::from(saved);
            } else {
                lost.push(format!("round {round}: careleaf's entry is missing"));
            }
        }
    }
    assert!(lost.is_empty(), "{}", lost.join("\n"));
    assert!(
        in_window >= 1,
        "no round saved in the window between careleaf's write and its swap"
    );
    eprintln!("{in_window} of 25 saves landed while careleaf was writing");
}

// ---------------------------------------------------------------------------------------------
// 11. faq list and faq check
// ---------------------------------------------------------------------------------------------

#[test]
fn faq_list_prints_id_question_topics_and_filters_by_topic() {
    let site = rich_site();
    let all = careleaf_in(&site, &["faq", "list"]).ok();
    assert_eq!(
        all.stdout,
        "does-it-hurt\tDoes needling hurt?\tneedling, pain\n\
         sleep-help\tWhat helps sleep?\tsleep\n\
         pain-real\tIs the pain real?\tpain\n\
         who-writes\tWho writes this site?\t\n\
         eat-well\tDoes what I eat matter?\tdiet\n"
    );
    let pain = careleaf_in(&site, &["faq", "list", "--topic", "pain"]).ok();
    assert_eq!(
        pain.stdout
            .lines()
            .map(|l| l.split('\t').next().unwrap())
            .collect::<Vec<_>>(),
        ["does-it-hurt", "pain-real"]
    );
    // A topic the site does not have is refused, not answered with an empty list.
    let none = careleaf_in(&site, &["faq", "list", "--topic", "no-such-topic"]).failed();
    assert_eq!(none.stdout, "");
    insta::assert_snapshot!(none.stderr, @"careleaf: error: unknown topic `no-such-topic`; known topics: pain, sleep, needling, diet");
    let typo = careleaf_in(&site, &["faq", "list", "--topic", "slep"]).failed();
    assert_eq!(typo.stdout, "");
    insta::assert_snapshot!(typo.stderr, @"careleaf: error: unknown topic `slep` (did you mean `sleep`?); known topics: pain, sleep, needling, diet");

    add(
        &site,
        &[
            "--question",
            "Naps?",
            "--answer",
            "Short ones.",
            "--topic",
            "sleep",
        ],
    )
    .ok();
    let sleep = careleaf_in(&site, &["faq", "list", "--topic", "sleep"]).ok();
    assert_eq!(
        sleep.stdout,
        "sleep-help\tWhat helps sleep?\tsleep\nnaps\tNaps?\tsleep\n"
    );
}

#[test]
fn faq_check_passes_on_the_example_site() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = careleaf_with(&["faq", "check", "--root", root], &Opts::default());
    assert!(out.success(), "{out}");
    assert!(out.stdout.contains("The FAQ has no errors"), "{out}");
    let list = careleaf_with(&["faq", "list", "--root", root], &Opts::default()).ok();
    assert!(list.stdout.lines().count() >= 5, "{list}");
    assert!(
        list.stdout.lines().all(|l| l.split('\t').count() == 3),
        "{list}"
    );
}

#[test]
fn faq_check_names_the_file_and_line_of_an_error() {
    let text = "questions:\n  - id: a\n    question: A?\n    answer: B.\n  - id: b\n    question: C?\n    answr: D.\n";
    let site = rich_site_with_faq(Some(text));
    let out = careleaf_in(&site, &["faq", "check"]);
    assert!(!out.success(), "{out}");
    let diags = parse_diagnostics(&out.stderr);
    assert!(
        diags
            .iter()
            .any(|d| d.path == FAQ && d.line == line_of(text, "answr") && d.severity == "error"),
        "an error at content/faq.yaml:{}:\n{out}",
        line_of(text, "answr")
    );
    // `faq list` refuses the same file the same way.
    let list = careleaf_in(&site, &["faq", "list"]);
    assert!(!list.success());
    assert!(list.stderr.contains("content/faq.yaml:7:"), "{list}");

    // A broken link in an answer is found at its line too.
    let text = "questions:\n  - id: a\n    question: A?\n    answer: |\n      Fine.\n      See [x](/articles/nothing/).\n";
    site.write(FAQ, text);
    let out = careleaf_in(&site, &["faq", "check"]);
    assert!(!out.success(), "{out}");
    assert!(
        out.stderr.contains("content/faq.yaml:6:") && out.stderr.contains("broken link"),
        "{out}"
    );

    // A broken article does not make the FAQ check fail.
    site.write(
        FAQ,
        "questions:\n  - id: a\n    question: A?\n    answer: B.\n",
    );
    site.write(
        "content/articles/broken.md",
        "---\ntitle: Broken\ncolour: blue\n---\nText.\n",
    );
    careleaf_in(&site, &["faq", "check"]).ok();
    assert!(!site.check().success());
}

#[test]
fn faq_check_finds_broken_anchors_like_a_build() {
    let site = rich_site_with_faq(Some(
        "questions:\n  - id: a\n    question: A?\n    answer: See [x](/faq/#nope).\n",
    ));
    assert!(!site.check().success(), "careleaf check finds it");
    let out = careleaf_in(&site, &["faq", "check"]);
    assert!(!out.success(), "faq check must find it too:\n{out}");
    assert!(out.stderr.contains("content/faq.yaml:4:"), "{out}");
}
