//! Property tests of the FAQ entry writer ([`super::insert_entry`] and the read-back check in
//! [`super::super::compose`]): on any `faq.yaml` an editor may have written, an inserted
//! entry reads back exactly, the old entries read back unchanged, and every old byte stays
//! (the file is the old text with the entry's lines put in one place).

use proptest::prelude::*;

use super::{EntryValues, entry_lines, insert_entry};
use crate::content::FaqEntry;
use crate::faq_edit::compose::{compose, read as parse};
use crate::fuzz::{config, tricky_text};

/// Text an editor might type as a question or answer: anything, but not blank.
fn editor_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => tricky_text(24),
        1 => any::<String>(),
    ]
    .prop_filter("not blank", |t| !t.trim().is_empty())
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}"
}

fn values(id: String) -> impl Strategy<Value = EntryValues> {
    (
        editor_text(),
        editor_text(),
        prop::collection::vec(slug(), 0..3),
        prop::collection::vec(slug(), 0..3),
    )
        .prop_map(move |(question, answer, topics, related)| EntryValues {
            id: id.clone(),
            question,
            answer,
            topics,
            related,
        })
}

/// An entry as an editor might have written it by hand, for dash column `dash`.
fn handwritten(i: usize, style: usize, dash: usize) -> Vec<String> {
    let p = " ".repeat(dash);
    let k = " ".repeat(dash + 2);
    let b = " ".repeat(dash + 4);
    let answer: Vec<String> = match style % 6 {
        0 => vec![format!("{k}answer: Rest and pacing help {i}.")],
        1 => vec![
            format!("{k}answer: |"),
            format!("{b}Line one."),
            String::new(),
            format!("{b}Line two."),
        ],
        2 => vec![
            format!("{k}answer: |+"),
            format!("{b}Kept."),
            String::new(),
            String::new(),
        ],
        3 => vec![
            format!("{k}answer: >-"),
            format!("{b}Folded"),
            format!("{b}text."),
        ],
        4 => vec![format!("{k}answer: 'It''s {i}'  # a comment")],
        _ => vec![format!("{k}answer: \"Tab\\tand \\u00e9\"")],
    };
    let mut lines = vec![
        format!("{p}- id: old-{i}"),
        format!("{k}question: \"Question {i}?\""),
    ];
    lines.extend(answer);
    if style.is_multiple_of(2) {
        lines.push(format!("{k}topics: [pain]"));
    }
    lines
}

/// A `faq.yaml` with a block list of entries, in one of the layouts editors use: the list at
/// column 0, 2 or 4, entries written by hand or by careleaf, separated by blank lines or not,
/// with comments and keys before and after, CRLF or LF, maybe a byte-order mark.
fn faq_file() -> impl Strategy<Value = String> {
    let entry = prop_oneof![(0usize..6).prop_map(Err), values("x".into()).prop_map(Ok),];
    (
        prop::sample::select(vec![0usize, 2, 4]),
        prop::collection::vec(entry, 0..4),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            "",
            "title: Questions\n",
            "# FAQ\nintro: |\n  Hello.\n\n",
        ]),
        prop::sample::select(vec![
            "",
            "\n",
            "# the end\n",
            "reviewed_by: Dr A\n",
            "\n\n# x",
        ]),
    )
        .prop_map(|(dash, entries, separated, crlf, bom, before, after)| {
            let mut lines: Vec<String> = before.lines().map(str::to_owned).collect();
            lines.push("questions:".to_owned());
            for (i, e) in entries.into_iter().enumerate() {
                if separated && i > 0 {
                    lines.push(String::new());
                }
                match e {
                    Err(style) => lines.extend(handwritten(i, style, dash)),
                    Ok(mut v) => {
                        v.id = format!("made-{i}");
                        lines.extend(entry_lines(&v, dash));
                    }
                }
            }
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            for l in lines {
                text.push_str(&l);
                text.push_str(nl);
            }
            text.push_str(&after.replace('\n', nl));
            text
        })
}

/// True when `new` is `old` with one run of bytes put in somewhere.
fn keeps_every_byte(old: &str, new: &str) -> bool {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let common = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    n.len() > o.len() && n.ends_with(&o[common..])
}

fn same_entry(a: &FaqEntry, b: &FaqEntry) -> bool {
    (&a.id, &a.question, &a.answer, &a.topics, &a.related)
        == (&b.id, &b.question, &b.answer, &b.topics, &b.related)
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn an_inserted_entry_reads_back_exactly_and_every_old_byte_stays(
        old in faq_file(),
        v in values("new-entry".into()),
    ) {
        let Some(before) = parse(&old) else {
            return Err(TestCaseError::fail(format!("the fixture must parse: {old:?}")));
        };
        let new = match compose(&old, &v, &before.entries, None) {
            Ok(new) => new,
            Err(p) => return Err(TestCaseError::fail(format!("{p:?} for {v:?} in {old:?}"))),
        };
        prop_assert!(keeps_every_byte(&old, &new), "old:\n{old:?}\nnew:\n{new:?}");
        let after = parse(&new).expect("compose checked it parses");
        prop_assert_eq!(after.entries.len(), before.entries.len() + 1);
        for (a, b) in before.entries.iter().zip(&after.entries) {
            prop_assert!(same_entry(a, b), "{a:?} became {b:?}");
        }
        let added = &after.entries[before.entries.len()];
        prop_assert_eq!(
            (&added.id, &added.question, &added.answer, &added.topics, &added.related),
            (&v.id, &v.question, &v.answer, &v.topics, &v.related)
        );
    }

    #[test]
    fn any_text_keeps_its_bytes_or_is_refused(old in prop_oneof![
        tricky_text(40),
        tricky_text(40).prop_map(|t| format!("questions:\n{t}")),
    ], v in values("new-entry".into())) {
        if let Ok(new) = insert_entry(&old, &|d| entry_lines(&v, d)) {
            prop_assert!(keeps_every_byte(&old, &new), "old:\n{old:?}\nnew:\n{new:?}");
        }
    }
}
