//! The one place careleaf calls its YAML library.
//!
//! serde_yaml is the crate named in the design, but it is archived upstream. Every YAML call in
//! careleaf goes through [`parse`], so moving to a maintained fork (serde-saphyr, say) means
//! changing this file only. This module also turns the library's messages into ones an editor
//! can act on: unknown keys get a "did you mean" suggestion, and positions are split out so
//! callers can shift them to the right line of the file.
//!
//! The library's wording is read only here (`friendly_message`, `strip_location`,
//! `strip_path`, `refine_position`); the tests feed real serde_yaml errors through them,
//! so an upgrade that changes the wording fails a test that says so.

use serde::de::DeserializeOwned;

/// A YAML problem at a 1-based line and column of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` into `T`. Mappings in `T` are expected to use `deny_unknown_fields`;
/// the resulting "unknown field" messages are rewritten with the closest known key.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| position_at(text, l.index()));
        let raw = e.to_string();
        let message = friendly_message(&raw);
        let (line, column) = refine_position(text, line, column, &message);
        let found = YamlError {
            line,
            column,
            message,
        };
        explain::explain(text, &raw, found)
    })
}

/// The 1-based line and column (in characters) of byte `index` of `text`, counting only `\n`
/// as a line break, as the rest of careleaf does. The library's own line numbers also count
/// a lone `\r`, NEL (U+0085) and the Unicode line and paragraph separators, so in a file
/// holding one of those they named a line further down than the one meant, or one past
/// the end.
fn position_at(text: &str, index: usize) -> (usize, usize) {
    let mut end = index.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// serde_yaml places errors raised while converting a value (a bad date, an unknown key in a
/// nested mapping) at the start of the enclosing mapping. When the message quotes the
/// offending text in backticks, point at that text instead, searching from the reported line.
fn refine_position(text: &str, line: usize, column: usize, message: &str) -> (usize, usize) {
    let Some(token) = message.split('`').nth(1).filter(|t| !t.is_empty()) else {
        return (line, column);
    };
    for (i, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let mut from = 0;
        while let Some(pos) = l[from..].find(token) {
            let start = from + pos;
            let end = start + token.len();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
            if boundary(l[..start].chars().next_back()) && boundary(l[end..].chars().next()) {
                return (i + 1, l[..start].chars().count() + 1);
            }
            from = end;
        }
    }
    (line, column)
}

/// `missing required key `title`` or, for several, `missing required keys `title` and
/// `base_url``: one message for every required key left out, so an editor fixes them all
/// in one go.
pub fn missing_keys(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((only, [])) => format!("missing required key {only}"),
        Some((last, rest)) => format!("missing required keys {} and {last}", rest.join(", ")),
    }
}

/// Rewrites serde's wording into careleaf's and drops the trailing position.
fn friendly_message(raw: &str) -> String {
    let msg = strip_path(strip_location(raw));
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = crate::diag::did_you_mean(name, known.iter().copied());
        let list = if known.is_empty() {
            String::new()
        } else {
            format!("; allowed keys: {}", known.join(", "))
        };
        let extra = if known.contains(&"extra") {
            " (put your own data under `extra:`)"
        } else {
            ""
        };
        return format!("unknown key `{name}`{hint}{list}{extra}");
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("missing required key `{name}`");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: string \"") {
        let (value, expected) = rest.rsplit_once("\", expected ").unwrap_or((rest, ""));
        let want = match expected {
            "a boolean" => Some("is not `true` or `false`: write `true` or `false`"),
            "i64" | "u32" | "u64" | "i32" | "u8" | "usize" => {
                Some("is not a whole number: write it in digits, e.g. `3`")
            }
            _ => None,
        };
        if let Some(want) = want {
            return format!("`{value}` {want}");
        }
    }
    if msg.starts_with("invalid type: unit value") {
        return msg.replacen("invalid type: unit value", "empty value", 1);
    }
    msg.to_owned()
}

/// serde_yaml prefixes errors inside nested values with their path (`questions[0].topics: `);
/// the line and column already say where, so drop it.
fn strip_path(msg: &str) -> &str {
    match msg.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-[].".contains(c)) =>
        {
            rest
        }
        _ => msg,
    }
}

/// serde_yaml appends " at line L column C" (sometimes followed by more text); remove it.
fn strip_location(raw: &str) -> &str {
    match raw.find(" at line ") {
        Some(i) => raw[..i].trim_end_matches(','),
        None => raw,
    }
}

mod explain;
mod plain;

/// [`parse`], for text that is most likely plain YAML (front matter): read by
/// [`plain::read`] when it can be, so the library reads only the rest, and words every error.
pub fn parse_plain_first<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    match plain::read(text) {
        Some(value) => Ok(value),
        None => parse(text),
    }
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        title: String,
        reviewed_on: Option<String>,
        extra: Option<serde_json::Value>,
        #[serde(default)]
        sources: Vec<Source>,
        date: Option<crate::content::date::Date>,
        author: Option<Person>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Source {
        name: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
    }

    /// Parses `text` with the real serde_yaml and checks the line, column and message
    /// careleaf reads out of its error. These tests fail when a new serde_yaml words or
    /// places its errors differently: the panic says so and shows what the library said.
    #[track_caller]
    fn assert_reads(text: &str, line: usize, column: usize, message: &str) {
        assert_reads_as::<Entry>(text, line, column, message);
    }

    /// [`assert_reads`] for another type than [`Entry`].
    #[track_caller]
    fn assert_reads_as<T: DeserializeOwned + std::fmt::Debug>(
        text: &str,
        line: usize,
        column: usize,
        message: &str,
    ) {
        let raw = match serde_yaml::from_str::<T>(text) {
            Err(e) => format!(
                "{e} (location: {:?})",
                e.location().map(|l| (l.line(), l.column()))
            ),
            Ok(v) => panic!("serde_yaml accepted {text:?} as {v:?}; this test needs an error"),
        };
        let got = parse::<T>(text).unwrap_err();
        let expected = YamlError {
            line,
            column,
            message: message.to_owned(),
        };
        assert!(
            got == expected,
            "serde_yaml's error format has changed: from its error\n  {raw}\ncareleaf read\n  \
             {got:?}\nbut expected\n  {expected:?}\nUpdate the readers of its messages in \
             src/yaml.rs (friendly_message, strip_location, strip_path, refine_position)."
        );
    }

    #[test]
    fn serde_yaml_unknown_field() {
        assert_reads(
            "title: a\nreviwed_on: 2024-01-01\n",
            2,
            1,
            "unknown key `reviwed_on` (did you mean `reviewed_on`?); allowed keys: title, \
             reviewed_on, extra, sources, date, author (put your own data under `extra:`)",
        );
    }

    #[test]
    fn serde_yaml_unknown_field_in_a_nested_list() {
        // serde_yaml prefixes the path (`sources[1]: `); careleaf drops it.
        assert_reads(
            "title: a\nsources:\n  - name: x\n  - name: y\n    nmae: z\n",
            5,
            5,
            "unknown key `nmae` (did you mean `name`?); allowed keys: name",
        );
    }

    #[test]
    fn serde_yaml_missing_field() {
        assert_reads("reviewed_on: x\n", 1, 1, "missing required key `title`");
        assert_reads(
            "title: a\nsources:\n  - {}\n",
            3,
            5,
            "missing required key `name`",
        );
    }

    #[test]
    fn serde_yaml_bad_indentation() {
        assert_reads(
            "title: a\n reviewed_on: x\n",
            2,
            2,
            "`reviewed_on` is indented more than the line above it (1 space instead of 0): line \
             it up with the key above",
        );
    }

    #[test]
    fn serde_yaml_value_errors_point_at_the_value() {
        // serde_yaml places an error from converting a value at the start of the document;
        // careleaf finds the quoted value instead.
        assert_reads(
            "title: a\ndate: 2026-02-30\n",
            2,
            7,
            "invalid date `2026-02-30`: there is no such day",
        );
    }

    #[test]
    fn serde_yaml_empty_value() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Book {
            pages: u32,
        }
        assert_reads_as::<Book>("pages:\n", 1, 7, "empty value, expected u32");
    }

    /// Found by the property tests: YAML also breaks lines at NEL, U+2028, U+2029 and a lone
    /// `\r`, so the library's line numbers ran ahead of careleaf's (which break at `\n`).
    #[test]
    fn errors_are_placed_on_careleafs_lines() {
        let e = parse::<serde_json::Value>("\u{85}[a").unwrap_err();
        assert_eq!((e.line, e.column), (1, 4));
        let e = parse::<Entry>("title: a \u{2028} b\nautor: x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        let e = parse::<Entry>("\"\r\ra").unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(position_at("é\nab", 5), (2, 3));
        assert_eq!(position_at("é", 1), (1, 1));
        assert_eq!(position_at("ab", 99), (1, 3));
    }

    #[test]
    fn extra_takes_anything() {
        let e: Entry = parse("title: a\nextra:\n  colour: blue\n  n: [1, 2]\n").unwrap();
        assert_eq!(e.extra.unwrap()["colour"], "blue");
    }
}
