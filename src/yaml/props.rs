//! Property tests of YAML read through [`super::parse`], with the types careleaf reads from
//! editors' files: front matter, `faq.yaml`, `topics.yaml` and `site.yaml`. Whatever the
//! text, reading it ends (no panic, no hang) and every problem points at a line of the file.

use std::path::PathBuf;

use proptest::prelude::*;

use crate::content::Document;
use crate::content::faq::Faq;
use crate::content::source::{SourceFile, normalise};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fuzz::{config, tricky_text};

const KEYS: &[&str] = &[
    "title",
    "description",
    "topics",
    "date",
    "updated",
    "reviewed_on",
    "next_review",
    "reviewed_by",
    "author",
    "sources",
    "name",
    "url",
    "slug",
    "draft",
    "weight",
    "extra",
    "questions",
    "id",
    "question",
    "answer",
    "related",
    "intro",
    "base_url",
    "language",
    "disclaimer",
    "emergency_number",
    "theme",
    "review_interval_months",
    "people",
    "pain",
    "sleep",
    "<<",
    "? x",
];

const VALUES: &[&str] = &[
    "",
    "a",
    "Pain",
    "2026-01-01",
    "2026-02-30",
    "2026-13-01",
    "[a, b]",
    "[pain, sleep]",
    "{a: 1}",
    "[]",
    "{}",
    "|",
    "|-",
    "|+",
    "|2",
    ">",
    ">-",
    "&a x",
    "*a",
    "&a [x, y, z]",
    "[*a, *a, *a]",
    "~",
    "null",
    "true",
    "12",
    "-1",
    "1e400",
    "0x10",
    "99999999999999999999",
    "!!binary aGk=",
    "!custom x",
    "'it''s'",
    "\"a\\nb\"",
    "\"\\u00e9\"",
    "\"\\x\"",
    "https://example.org/",
    "- x",
    "[",
    "{",
    "\"",
    "'",
    "# comment",
    "a: b: c",
];

/// One line of YAML-like text: a key, a list item or a bare value, indented by up to six
/// spaces or a tab, with values that YAML and careleaf's types treat specially.
fn yaml_line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![
        4 => (0usize..7).prop_map(|n| " ".repeat(n)),
        1 => Just("\t".to_owned()),
    ];
    let value = prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(str::to_owned),
        1 => tricky_text(6).prop_map(|t| t.replace(['\n', '\r'], " ")),
    ];
    let body = prop_oneof![
        4 => (prop::sample::select(KEYS), value.clone()).prop_map(|(k, v)| format!("{k}: {v}")),
        2 => value.clone().prop_map(|v| format!("- {v}")),
        1 => (prop::sample::select(KEYS), value.clone())
            .prop_map(|(k, v)| format!("- {k}: {v}")),
        1 => value,
    ];
    (indent, body).prop_map(|(i, b)| format!("{i}{b}"))
}

/// A YAML-like file: lines joined with `\n` or `\r\n`, sometimes plain text instead.
fn yaml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::collection::vec(yaml_line(), 0..14), any::<bool>())
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" })),
        1 => tricky_text(40),
    ]
}

/// Every diagnostic names a line of `source` (or none, for the whole file), and a column
/// from 1 when it names a line.
fn point_into(source: &SourceFile, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let lines = source.line_count() + 1;
    for d in diags {
        prop_assert!(d.line <= lines, "{d:?} is past the end ({lines} lines)");
        prop_assert!(d.line == 0 || d.column >= 1, "{d:?}");
    }
    Ok(())
}

/// `text` as careleaf reads a file: byte-order mark dropped, line endings made `\n`.
fn file(rel: &str, text: &str) -> SourceFile {
    SourceFile::new(
        rel,
        PathBuf::from("/site").join(rel),
        normalise(text.to_owned()),
    )
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn front_matter(yaml in yaml_text(), body in tricky_text(8)) {
        let source = file("content/articles/a.md", &format!("---\n{yaml}\n---\n{body}"));
        if let Err(diags) = Document::parse(source.clone()) {
            prop_assert!(!diags.is_empty());
            point_into(&source, &diags)?;
        }
    }

    #[test]
    fn faq(text in yaml_text()) {
        let source = file("content/faq.yaml", &text);
        let (_, diags) = Faq::parse(source.clone());
        point_into(&source, &diags)?;
    }

    #[test]
    fn topics(text in yaml_text()) {
        let source = file("content/topics.yaml", &text);
        if let Err(diags) = crate::content::topics::parse(&source) {
            prop_assert!(!diags.is_empty());
            point_into(&source, &diags)?;
        }
    }

    #[test]
    fn site_settings(text in yaml_text()) {
        let source = file("site.yaml", &text);
        let mut diags = Diagnostics::new();
        let _ = crate::config::Config::from_source(PathBuf::from("/site"), &source, &mut diags);
        let diags: Vec<Diagnostic> = diags.into_iter().collect();
        point_into(&source, &diags)?;
    }

    #[test]
    fn errors_are_placed_in_the_text(text in yaml_text()) {
        let text = normalise(text);
        if let Err(e) = super::parse::<serde_json::Value>(&text) {
            prop_assert!(e.line >= 1 && e.column >= 1, "{e:?}");
            prop_assert!(e.line <= text.split('\n').count() + 1, "{e:?}");
        }
    }
}
