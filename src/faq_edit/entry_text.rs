//! Writing a new FAQ entry into `faq.yaml` as text, so every existing byte stays as it was.
//!
//! The entry goes right after the last item of the block-style `questions:` list, with that
//! list's indentation and the file's line endings. Questions are double-quoted (any text is
//! safe there); answers are literal blocks (`|`), with the chomping and indentation
//! indicators that make them round-trip exactly, or double-quoted when a block cannot.
//! A `questions:` careleaf cannot append to is a [`Diagnostic`] on `content/faq.yaml`.

use crate::content::faq::FAQ_FILE;
use crate::diag::Diagnostic;

/// A new entry's values, as they will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryValues {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
}

/// A problem with the shape of `questions:` that keeps the entry out, pinned to its line.
fn shape_error(text: &str, line_index: usize, line: &str, at: &str, message: &str) -> Diagnostic {
    // `at` is a suffix of `line`: the column is where it starts, counted in characters.
    let column = line[..line.len() - at.len()].chars().count() + 1;
    Diagnostic::error(FAQ_FILE, text, line_index + 1, column, message)
}

const FLOW_LIST: &str = "`questions:` is written as a one-line list (`questions: [...]`); write it as a block list instead, one entry per item starting with `- question:` on its own line under `questions:`, then try again";
const NOT_A_LIST: &str = "`questions:` must be a list of entries (lines starting with `- `)";

/// Double-quotes `s` for YAML, escaping what needs it.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// True for a character YAML cannot hold as it is: one outside YAML's printable set (C0 and
/// C1 controls, DEL, U+FFFE and U+FFFF), a line break (`\n`, `\r`, NEL, U+2028, U+2029), or a
/// byte-order mark. In a double-quoted string it must be escaped; a block cannot hold it.
fn needs_escape(c: char) -> bool {
    let printable = matches!(c,
        '\t' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    !printable || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// The lines of `answer` as a literal block scalar under a key indented by `indent`:
/// the header (`|`, `|-`, `|+`, with an indentation indicator when the text starts with a
/// space) and the content lines. `None` when a block cannot hold the text exactly.
fn literal_block(answer: &str, indent: usize) -> Option<(String, Vec<String>)> {
    if answer.is_empty() || answer.contains('\r') {
        return None;
    }
    if answer
        .chars()
        .any(|c| c != '\n' && c != '\t' && needs_escape(c))
    {
        return None;
    }
    let body = answer.trim_end_matches('\n');
    if body.is_empty() {
        return None;
    }
    let trailing = answer.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // Lines made only of spaces cannot start or end the text unambiguously.
    let lines: Vec<&str> = body.split('\n').collect();
    let first_content = lines.iter().find(|l| !l.trim().is_empty())?;
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        return None;
    }
    let content_indent = indent + 2;
    // A first line starting with a space or a tab would be read as indentation (a tab is
    // refused there): the indicator says how much indentation there is.
    let indicator = if first_content.starts_with([' ', '\t']) {
        "2"
    } else {
        ""
    };
    let header = format!("|{indicator}{chomp}");
    let pad = " ".repeat(content_indent);
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    // Kept trailing newlines are extra empty lines.
    for _ in 1..trailing {
        out.push(String::new());
    }
    Some((header, out))
}

/// The entry as lines (without line endings), for an item dash at column `dash`.
pub fn entry_lines(v: &EntryValues, dash: usize) -> Vec<String> {
    let pad = " ".repeat(dash);
    let key_pad = " ".repeat(dash + 2);
    let mut lines = vec![
        format!("{pad}- id: {}", v.id),
        format!("{key_pad}question: {}", quoted(&v.question)),
    ];
    match literal_block(&v.answer, dash + 2) {
        Some((header, body)) => {
            lines.push(format!("{key_pad}answer: {header}"));
            lines.extend(body);
        }
        None => lines.push(format!("{key_pad}answer: {}", quoted(&v.answer))),
    }
    if !v.topics.is_empty() {
        lines.push(format!("{key_pad}topics: [{}]", v.topics.join(", ")));
    }
    if !v.related.is_empty() {
        lines.push(format!("{key_pad}related: [{}]", v.related.join(", ")));
    }
    lines
}

/// The same entry with the answer always double-quoted (the fallback when a literal block
/// does not read back exactly).
pub fn entry_lines_quoted(v: &EntryValues, dash: usize) -> Vec<String> {
    let mut lines = entry_lines(
        &EntryValues {
            answer: String::new(),
            ..v.clone()
        },
        dash,
    );
    let key_pad = " ".repeat(dash + 2);
    if let Some(l) = lines
        .iter_mut()
        .find(|l| l.trim_start().starts_with("answer:"))
    {
        *l = format!("{key_pad}answer: {}", quoted(&v.answer));
    }
    lines
}

/// Inserts `entry` (made by `make` for the list's dash column) into `text`: after the last
/// item of `questions:`, or as a new list. Keeps every other byte, uses the file's line
/// endings, and returns the new text.
pub fn insert_entry(text: &str, make: &dyn Fn(usize) -> Vec<String>) -> Result<String, Diagnostic> {
    // A byte-order mark stays where it is, in front of everything.
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        return insert_entry(rest, make).map(|t| format!("\u{feff}{t}"));
    }
    let crlf = text.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    // Work on lines with their endings, so nothing is lost or changed.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let content = |l: &str| l.trim_end_matches('\n').trim_end_matches('\r').to_owned();

    let key_at = lines.iter().position(|l| {
        let c = content(l);
        c.starts_with("questions:") && !c.starts_with("questions:x")
    });
    let Some(key_at) = key_at else {
        // No list yet: add one at the end.
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str("questions:");
        out.push_str(nl);
        for l in make(2) {
            out.push_str(&l);
            out.push_str(nl);
        }
        return Ok(out);
    };
    let key_line = content(lines[key_at]);
    let value = key_line["questions:".len()..].trim_start();
    let after_key = strip_comment(value.trim_end());
    if after_key.starts_with('[') {
        return Err(shape_error(text, key_at, &key_line, value, FLOW_LIST));
    }
    if !after_key.is_empty() && after_key != "~" && after_key != "null" {
        return Err(shape_error(text, key_at, &key_line, value, NOT_A_LIST));
    }

    // Find the list's items: lines after the key, until the next top-level key.
    let mut dash: Option<usize> = None;
    let mut last_content = key_at;
    for (i, l) in lines.iter().enumerate().skip(key_at + 1) {
        let c = content(l);
        let trimmed = c.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let ind = c.len() - trimmed.len();
        if trimmed.starts_with('#') {
            // Deeper than the items, a `#` line may be text of a block answer (a markdown
            // heading, say), not a comment: it belongs to the item, and the new entry goes
            // after it.
            if dash.is_some_and(|d| ind > d) {
                last_content = i;
            }
            continue;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if ind == 0 && !is_item {
            break;
        }
        if dash.is_none() {
            if !is_item {
                return Err(shape_error(text, i, &c, trimmed, NOT_A_LIST));
            }
            dash = Some(ind);
        }
        if let Some(d) = dash
            && (ind < d || (ind == d && !is_item))
        {
            break;
        }
        last_content = i;
    }
    let dash = dash.unwrap_or(2);
    // Blank lines right after the last item stay with it (they may be part of a `|+`
    // answer); the new entry follows them. When entries are separated by blank lines and
    // there is none here, one is added, to match.
    let mut insert_after = last_content;
    while insert_after + 1 < lines.len() && content(lines[insert_after + 1]).trim().is_empty() {
        insert_after += 1;
    }
    let separated = items_are_separated(&lines, key_at, last_content, dash);
    let mut out = String::with_capacity(text.len() + 512);
    for l in &lines[..=insert_after] {
        out.push_str(l);
    }
    if !out.ends_with('\n') {
        out.push_str(nl);
    }
    if separated && insert_after == last_content && last_content > key_at {
        out.push_str(nl);
    }
    for l in make(dash) {
        out.push_str(&l);
        out.push_str(nl);
    }
    for l in &lines[insert_after + 1..] {
        out.push_str(l);
    }
    Ok(out)
}

/// True when the list's last item is preceded by a blank line (the file separates entries
/// with blank lines).
fn items_are_separated(lines: &[&str], key_at: usize, last: usize, dash: usize) -> bool {
    let is_item = |l: &str| {
        let c = l.trim_end_matches(['\n', '\r']);
        let t = c.trim_start();
        c.len() - t.len() == dash && (t == "-" || t.starts_with("- "))
    };
    let Some(start) = (key_at + 1..=last).rev().find(|&i| is_item(lines[i])) else {
        return false;
    };
    start > key_at + 1 && lines[start - 1].trim().is_empty()
}

/// `value # comment` → `value` (good enough for the text after `questions:`).
fn strip_comment(s: &str) -> &str {
    match s.find(" #") {
        Some(i) => s[..i].trim_end(),
        None if s.starts_with('#') => "",
        None => s,
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    fn v(answer: &str) -> EntryValues {
        EntryValues {
            id: "new".into(),
            question: "Q: \"why\" #1?".into(),
            answer: answer.into(),
            topics: vec!["pain".into()],
            related: vec![],
        }
    }

    #[test]
    fn appends_after_the_last_item_keeping_everything_else() {
        let text = "# top\nquestions:\n  - id: a\n    question: A\n    answer: |\n      x\n\n# trailing comment\nother: 1\n";
        let out = insert_entry(text, &|d| entry_lines(&v("y\n"), d)).unwrap();
        assert!(out.starts_with("# top\nquestions:\n  - id: a\n    question: A\n    answer: |\n      x\n\n  - id: new\n"), "{out}");
        assert!(
            out.ends_with("[pain]\n# trailing comment\nother: 1\n"),
            "{out}"
        );
    }

    /// Found by the property tests: a last answer line starting with `#` was taken for a
    /// comment, so the new entry went inside that answer, and the add was refused.
    #[test]
    fn a_hash_line_in_the_last_answer_stays_in_it() {
        let text =
            "questions:\n- id: a\n  answer: |-\n    Read this:\n    # A heading\n# the end\n";
        let out = insert_entry(text, &|d| entry_lines(&v("z"), d)).unwrap();
        assert_eq!(
            out,
            "questions:\n- id: a\n  answer: |-\n    Read this:\n    # A heading\n- id: new\n  \
             question: \"Q: \\\"why\\\" #1?\"\n  answer: |-\n    z\n  topics: [pain]\n# the end\n"
        );
    }

    #[test]
    fn keeps_crlf_and_creates_lists() {
        let out = insert_entry(
            "title: T\r\nquestions:\r\n- id: a\r\n  question: A\r\n  answer: B\r\n",
            &|d| entry_lines(&v("y"), d),
        )
        .unwrap();
        assert!(out.contains("\r\n- id: new\r\n  question:"), "{out:?}");
        assert!(!out.replace("\r\n", "").contains('\n'));
        let out = insert_entry("title: T", &|d| entry_lines(&v("y"), d)).unwrap();
        assert!(
            out.starts_with("title: T\nquestions:\n  - id: new\n"),
            "{out}"
        );
    }

    #[test]
    fn blank_line_separators_are_matched_and_kept_blocks_kept_whole() {
        let text =
            "questions:\n  - id: a\n    answer: x\n\n  - id: b\n    answer: |+\n      y\n\n\n";
        let out = insert_entry(text, &|d| entry_lines(&v("z"), d)).unwrap();
        assert!(out.starts_with(text), "{out}");
        let plain = "questions:\n  - id: a\n    answer: x\n\n  - id: b\n    answer: y\n";
        let out = insert_entry(plain, &|d| entry_lines(&v("z"), d)).unwrap();
        assert!(
            out.starts_with(
                "questions:\n  - id: a\n    answer: x\n\n  - id: b\n    answer: y\n\n  - id: new\n"
            ),
            "{out}"
        );
        let bom = insert_entry("\u{feff}questions:\n  - id: a\n", &|d| {
            entry_lines(&v("z"), d)
        })
        .unwrap();
        assert!(
            bom.starts_with("\u{feff}questions:\n  - id: a\n  - id: new"),
            "{bom}"
        );
    }

    #[test]
    fn refuses_flow_lists() {
        let e = insert_entry("questions: [{question: a, answer: b}]\n", &|d| {
            entry_lines(&v("y"), d)
        })
        .unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.line, e.column),
            ("content/faq.yaml", 1, 12)
        );
        assert!(e.message.contains("block list"), "{e}");
        let e = insert_entry("title: T\r\nquestions:\r\n  id: a\r\n", &|d| {
            entry_lines(&v("y"), d)
        })
        .unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert_eq!(e.source_line.as_deref(), Some("  id: a"));
        assert_eq!(e.message, NOT_A_LIST);
    }

    #[test]
    fn block_headers() {
        assert_eq!(literal_block("a\n", 4).unwrap().0, "|");
        assert_eq!(literal_block("a", 4).unwrap().0, "|-");
        assert_eq!(literal_block("a\n\n", 4).unwrap().0, "|+");
        assert_eq!(literal_block("  indented\nx", 4).unwrap().0, "|2-");
        assert!(literal_block("\nstarts blank", 4).is_none());
        assert!(literal_block("bell\u{7}", 4).is_none());
        assert_eq!(quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        // Found by the property tests: C1 controls are outside YAML's printable set.
        assert_eq!(quoted("\u{80}\u{9f}\u{a0}"), "\"\\u0080\\u009f\u{a0}\"");
        assert!(literal_block("x\u{80}", 4).is_none());
        // Found by the property tests: a first line starting with a tab needs the indicator.
        assert_eq!(literal_block("\tx", 4).unwrap().0, "|2-");
    }
}
