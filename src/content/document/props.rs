//! Property tests of the front-matter split ([`super::split_front_matter`]): the YAML is
//! exactly what lies between the opening `---` and the first closing line, the body is
//! everything after it, and any other text is refused on line 1 without a panic.

use proptest::prelude::*;

use super::split_front_matter;
use crate::fuzz::{config, tricky_text};

/// True for a line that closes front matter.
fn closes(line: &str) -> bool {
    matches!(line.trim_end(), "---" | "...")
}

/// A line of front matter that does not close it.
fn inner_line() -> impl Strategy<Value = String> {
    tricky_text(8)
        .prop_map(|t| t.replace(['\n', '\r'], " "))
        .prop_filter("not a closing line", |l| !closes(l))
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn the_first_closing_line_ends_the_yaml(
        lines in prop::collection::vec(inner_line(), 0..8),
        open in prop::sample::select(vec!["---", "--- ", "---\t", "---\r"]),
        close in prop::sample::select(vec!["---", "...", "--- ", "---\r", "...\t"]),
        crlf in any::<bool>(),
        body in tricky_text(16),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let yaml: String = lines.iter().map(|l| format!("{l}{nl}")).collect();
        let text = format!("{open}{nl}{yaml}{close}{nl}{body}");
        let (found, body_start) = split_front_matter(&text).unwrap();
        prop_assert_eq!(found, yaml.as_str());
        prop_assert_eq!(&text[body_start..], body.as_str());
    }

    #[test]
    fn any_text_is_split_or_refused_on_line_one(text in prop_oneof![
        tricky_text(40),
        tricky_text(40).prop_map(|t| format!("---\n{t}")),
        any::<String>(),
    ]) {
        match split_front_matter(&text) {
            Ok((yaml, body_start)) => {
                prop_assert!(text.get(body_start..).is_some(), "body at {body_start}");
                let first_end = text.find('\n').unwrap_or(text.len());
                prop_assert!(closes(&text[..first_end]));
                prop_assert!(text[first_end..].contains(yaml));
                prop_assert!(yaml.split('\n').all(|l| !closes(l)), "{yaml:?}");
            }
            Err((line, message)) => {
                prop_assert_eq!(line, 1);
                prop_assert!(!message.is_empty());
            }
        }
    }
}
