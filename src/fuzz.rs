//! Settings and input generators shared by the property tests ("fuzzing") that sit beside
//! the parsers of editor input: the front-matter split, YAML through [`crate::yaml`], the
//! FAQ entry writer, link targets and the preview's request paths.
//!
//! Each property runs a moderate number of cases in `cargo test`; set `PROPTEST_CASES` to run
//! them long (`PROPTEST_CASES=200000 cargo test --release --lib props`). A failure is
//! shrunk and its seed saved under `proptest-regressions/`, which every later run replays
//! first; each finding also gets a plain regression test beside its parser.

use proptest::prelude::*;
use proptest::test_runner::Config;

/// `default_cases` cases per property, or `PROPTEST_CASES` when that is set.
pub fn config(default_cases: u32) -> Config {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        Config::default()
    } else {
        Config::with_cases(default_cases)
    }
}

/// Any text, weighted towards the characters that parsers of editor input treat specially:
/// line endings, spaces and tabs, quotes, YAML and markdown punctuation, `%`, `/`, `.`,
/// `\`, NUL, a byte-order mark and other Unicode.
pub fn tricky_text(max_len: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z0-9]{1,6}",
        2 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("\t".to_owned()),
        3 => prop::sample::select(vec![
            "---", "...", "-", ":", ": ", "#", " #", "|", "|-", "|+", "|2", ">", "'", "\"", "\\",
            "[", "]", "{", "}", ",", "&a", "*a", "!!", "?", "%", "%2", "%2e", "%2E", "%2f",
            "%5c", "%00", "%25", "%23", "%3F", "%+1", "%zz", "/", "//", ".", "..", "./", "../",
            "#", "?", "=", "`", "```", "~~~", "<", ">", "&", "\0", "\u{feff}", "\u{85}",
            "\u{2028}", "é", "日本", "🙂", "\u{7f}", "\u{1b}", "index.html", ".md", "null", "~",
        ])
        .prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..max_len).prop_map(|v| v.concat())
}
