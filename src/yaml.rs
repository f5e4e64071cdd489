//! The one place careleaf calls its YAML library.
//!
//! serde_yaml is the crate named in the design, but it is archived upstream. Every YAML call in
//! careleaf goes through [`parse`], so moving to a maintained fork (serde-saphyr, say) means
//! changing this file only. This module also turns the library's messages into ones an editor
//! can act on: unknown keys get a "did you mean" suggestion, and positions are split out so
//! callers can shift them to the right line of the file.

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
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        let message = friendly_message(&e.to_string());
        let (line, column) = refine_position(text, line, column, &message);
        YamlError {
            line,
            column,
            message,
        }
    })
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
    }

    #[test]
    fn unknown_key_names_key_and_suggests() {
        let err = parse::<Entry>("title: a\nreviwed_on: 2024-01-01\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.column, 1);
        assert!(
            err.message
                .starts_with("unknown key `reviwed_on` (did you mean `reviewed_on`?)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn missing_key_is_named() {
        let err = parse::<Entry>("reviewed_on: x\n").unwrap_err();
        assert_eq!(err.message, "missing required key `title`");
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse::<Entry>("title: a\n  bad: [\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn extra_takes_anything() {
        let e: Entry = parse("title: a\nextra:\n  colour: blue\n  n: [1, 2]\n").unwrap();
        assert_eq!(e.extra.unwrap()["colour"], "blue");
    }
}
