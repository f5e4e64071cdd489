//! Plain-words explanations of the YAML syntax mistakes whose library message, or position,
//! would not lead an editor to them: a quote never closed (reported where the library gave
//! up, often many lines further down, or at the end of the file), text after a closing
//! quote, a tab in the indentation, a line indented one space too little or too much, a
//! missing `:` or a missing space after it, a `: ` inside an unquoted value, a key written
//! twice, an unclosed `[`, and a second `---` document.
//!
//! Each explanation reads the text itself (by YAML's quoting rules: `''` inside single
//! quotes and `\"` inside double quotes do not close them; a quote opens a value only at its
//! start) to find the line where the mistake was made. When no explanation fits, the
//! library's own message and position stand.

use super::YamlError;

/// The better message and place for the library's error `raw` (its full text), first placed
/// at `found`; `found` itself when nothing better is known.
pub(super) fn explain(text: &str, raw: &str, found: YamlError) -> YamlError {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let better = if let Some(name) = duplicate_key(raw) {
        duplicate(&lines, name, found.line)
    } else if let Some(name) = missing_key(raw) {
        not_indented(&lines, name, found.line)
    } else if raw.starts_with("invalid type: string") && raw.contains("expected struct") {
        // The whole text read as one value: usually `key:value` with no space.
        no_space_after_colon(&lines)
    } else if raw.contains("more than one document") {
        second_document(&lines)
    } else if is_syntax(raw) {
        unclosed_quote(&lines, found.line)
            .or_else(|| tab(&lines, found.line))
            .or_else(|| on_the_line(&lines, raw, &found))
    } else {
        None
    };
    better.unwrap_or(found)
}

/// The key a "duplicate" error names: the library's (`duplicate entry with key "x"`) or
/// serde's (`duplicate field `x``).
fn duplicate_key(raw: &str) -> Option<&str> {
    if let Some(at) = raw.find("duplicate entry with key \"") {
        return raw[at..].split('"').nth(1);
    }
    let at = raw.find("duplicate field `")?;
    raw[at..].split('`').nth(1)
}

/// The key a "missing field" error names.
fn missing_key(raw: &str) -> Option<&str> {
    let at = raw.find("missing field `")?;
    raw[at..].split('`').nth(1)
}

/// The library's syntax errors (as opposed to a value of the wrong type or an unknown key).
fn is_syntax(raw: &str) -> bool {
    [
        "found unexpected end of stream",
        "did not find expected",
        "could not find expected",
        "mapping values are not allowed",
        "found character that cannot start any token",
        "found a tab character",
        "while scanning",
    ]
    .iter()
    .any(|m| raw.contains(m))
}

fn error(line: usize, column: usize, message: String) -> Option<YamlError> {
    Some(YamlError {
        line,
        column,
        message,
    })
}

/// The 1-based character column of byte `at` of `line`.
fn column(line: &str, at: usize) -> usize {
    line.get(..at).map_or(at, |s| s.chars().count()) + 1
}

/// `1 space`, `4 spaces`.
fn spaces(n: usize) -> String {
    if n == 1 {
        "1 space".to_owned()
    } else {
        format!("{n} spaces")
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where a line's key and value start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Byte where the key starts (after indentation and any `- `), or where a list item's
    /// value starts when it has no key.
    key: usize,
    /// Byte after the key's `:` (`None`: a list item without a key).
    colon: Option<usize>,
    /// Byte where the value starts (the line's end when it has none).
    value: usize,
    /// The indentation a continuation of this line's value must go beyond.
    owner: usize,
}

/// Reads `key: value`, `- key: value` or `- value` off a line; `None` for blank lines,
/// comments and lines of another shape.
fn entry(line: &str) -> Option<Entry> {
    let mut at = indent(line);
    let mut owner = at;
    if line[at..].is_empty() || line[at..].starts_with('#') {
        return None;
    }
    while line[at..].starts_with("- ") {
        owner = at;
        at += 2;
        at += indent(&line[at..]);
    }
    let rest = &line[at..];
    if rest.starts_with(['"', '\'', '[', '{', '|', '>']) {
        return Some(Entry {
            key: at,
            colon: None,
            value: at,
            owner,
        });
    }
    let colon = rest
        .char_indices()
        .find(|&(i, c)| {
            c == ':'
                && rest[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|n| n == ' ' || n == '\t')
        })
        .map(|(i, _)| i)?;
    let key = &rest[..colon];
    if key.is_empty() || key.contains(['#', '"', '\'']) {
        return None;
    }
    let after = at + colon + 1;
    let value = after + (line.len() - after - line[after..].trim_start().len());
    Some(Entry {
        key: at,
        colon: Some(after),
        value,
        owner: at,
    })
}

/// The byte (within `s`) of the quote `q` that closes a quoted value, `s` starting just
/// after the opening quote (or at a continuation line's start).
fn closing(s: &str, q: char) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(i);
            }
        }
    }
    None
}

/// The first quote, opened at or before line `limit`, that is never closed: its value runs
/// into a line no more indented than its key (or to the end of the file).
fn unclosed_quote(lines: &[&str], limit: usize) -> Option<YamlError> {
    let mut i = 0;
    let mut block: Option<usize> = None;
    while i < lines.len() && i < limit {
        let line = lines[i];
        if let Some(owner) = block {
            if line.trim().is_empty() || indent(line) > owner {
                i += 1;
                continue;
            }
            block = None;
        }
        let Some(e) = entry(line) else {
            i += 1;
            continue;
        };
        let value = &line[e.value..];
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            let modifiers = value.get(1..).unwrap_or("").trim_end();
            if value.starts_with(['|', '>'])
                && modifiers
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
            {
                block = Some(e.owner);
            }
            i += 1;
            continue;
        };
        if closing(&value[1..], q).is_some() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let closed = loop {
            let Some(next) = lines.get(j) else {
                break false;
            };
            if !next.trim().is_empty() {
                if indent(next) <= e.owner {
                    break false;
                }
                if closing(next, q).is_some() {
                    break true;
                }
            }
            j += 1;
        };
        if !closed {
            return error(
                i + 1,
                column(line, e.value),
                format!(
                    "this quote ({q}) is never closed: add a closing {q} at the end of the value, or remove the opening one"
                ),
            );
        }
        i = j + 1;
    }
    None
}

/// A tab in the indentation of line `at`.
fn tab(lines: &[&str], at: usize) -> Option<YamlError> {
    let line = lines.get(at.checked_sub(1)?)?;
    let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let tab = lead.find('\t')?;
    error(
        at,
        column(line, tab),
        "this line is indented with a tab, and YAML allows only spaces here: replace the tab with spaces".to_owned(),
    )
}

/// Explanations read off the line the library named (or the line its message points back to).
fn on_the_line(lines: &[&str], raw: &str, found: &YamlError) -> Option<YamlError> {
    let n = found.line;
    let line = *lines.get(n.checked_sub(1)?)?;
    if raw.starts_with("did not find expected key") {
        return text_after_quote(line, n);
    }
    if raw.starts_with("mapping values are not allowed") {
        return colon_in_value(lines, n, found.column);
    }
    if raw.starts_with("did not find expected '-' indicator") {
        return out_of_line(lines, n);
    }
    if raw.starts_with("could not find expected ':'") {
        let key_line = context_line(raw, "while scanning a simple key at line ")?;
        return missing_colon(lines, key_line);
    }
    if raw.starts_with("did not find expected ',' or ']'") {
        let open = context_line(raw, "while parsing a flow sequence at line ")?;
        let text = lines.get(open.checked_sub(1)?)?;
        let at = text.find('[')?;
        return error(
            open,
            column(text, at),
            "this list's `[` is never closed: add a `]` after its last item".to_owned(),
        );
    }
    None
}

/// The line number the library's message gives after `marker`.
fn context_line(raw: &str, marker: &str) -> Option<usize> {
    let rest = &raw[raw.find(marker)? + marker.len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// `title: "Pain" relief`: a quoted value with more text after its closing quote.
fn text_after_quote(line: &str, n: usize) -> Option<YamlError> {
    let e = entry(line)?;
    let value = &line[e.value..];
    let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let close = e.value + 1 + closing(&value[1..], q)?;
    let after = &line[close + 1..];
    let extra = after.trim_start();
    if extra.is_empty() || extra.starts_with('#') {
        return None;
    }
    let at = line.len() - extra.len();
    let apostrophe = if q == '\'' {
        " (inside '...', write an apostrophe as two: '')"
    } else {
        " (inside \"...\", write a quote mark as \\\")"
    };
    error(
        n,
        column(line, at),
        format!(
            "the value's closing quote ({q}) is followed by more text: put the whole value inside the quotes{apostrophe}, or remove the quotes"
        ),
    )
}

/// "mapping values are not allowed" at `col` of line `n`: a `: ` inside an unquoted value,
/// or a key indented further than the one above it.
fn colon_in_value(lines: &[&str], n: usize, col: usize) -> Option<YamlError> {
    let line = lines[n - 1];
    let e = entry(line)?;
    let key_colon = e.colon.map(|c| column(line, c - 1));
    if key_colon == Some(col) {
        let above = lines[..n - 1].iter().rev().find_map(|l| entry(l))?;
        let name = line[e.key..e.colon? - 1].trim();
        return error(
            n,
            column(line, e.key),
            format!(
                "`{name}` is indented more than the line above it ({} instead of {}): line it up with the key above",
                spaces(e.key),
                above.key
            ),
        );
    }
    let value = &line[e.value..];
    let smart = if value.starts_with(['“', '”', '‘', '’']) {
        " (“ ” and ‘ ’ are typographic quotes, which YAML does not read as quotes: use straight ones, \" or ')"
    } else {
        ""
    };
    error(
        n,
        col,
        format!(
            "this value has a `: ` in it, which YAML reads as the start of another key: put the whole value in quotes, e.g. `\"{}\"`{smart}",
            value.trim_matches(['“', '”', '‘', '’'])
        ),
    )
}

/// "did not find expected '-' indicator" at line `n`: a line inside a list that is neither
/// an item (`- `) nor lined up with the keys of the item above.
fn out_of_line(lines: &[&str], n: usize) -> Option<YamlError> {
    let line = lines[n - 1];
    let e = entry(line)?;
    let item = lines[..n - 1]
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with("- "))?;
    let dash = indent(item);
    let keys = entry(item)?.key;
    let name = e.colon.map_or("", |c| line[e.key..c - 1].trim());
    let message = if e.key > dash && e.key < keys {
        format!(
            "`{name}` is indented less than the key above it ({} instead of {keys}): line it up with the key above",
            spaces(e.key)
        )
    } else {
        format!(
            "this line is lined up with the list's `-` items but is not one: indent it by {keys} spaces to belong to the item above, or start a new item with `- `"
        )
    };
    error(n, column(line, e.key), message)
}

/// A key line without its `:` (`description b`) or without the space after it
/// (`description:b`).
fn missing_colon(lines: &[&str], n: usize) -> Option<YamlError> {
    let line = lines.get(n.checked_sub(1)?)?;
    let start = indent(line);
    let rest = &line[start..];
    if let Some(colon) = rest.find(':') {
        let key = &rest[..colon];
        let value = &rest[colon + 1..];
        return error(
            n,
            column(line, start + colon),
            format!("put a space after the `:`: write `{key}: {value}`"),
        );
    }
    let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
    error(
        n,
        column(line, start + key.len()),
        format!(
            "this line has no `:` after its key: write `{key}: {}`",
            value.trim_start()
        ),
    )
}

/// A key written twice in one mapping: the second time, searched from line `from` (where the
/// library placed the mapping, or the key's first use).
fn duplicate(lines: &[&str], name: &str, from: usize) -> Option<YamlError> {
    let mut first: Option<usize> = None;
    for (i, line) in lines.iter().enumerate().skip(from.saturating_sub(1)) {
        let Some(e) = entry(line) else { continue };
        let Some(colon) = e.colon else { continue };
        if line[e.key..colon - 1].trim() != name {
            continue;
        }
        match first {
            None => first = Some(e.key),
            Some(key) if key == e.key => {
                return error(
                    i + 1,
                    column(line, e.key),
                    format!(
                        "`{name}` is written twice here: keep one of them, as YAML allows each key once in one place"
                    ),
                );
            }
            Some(_) => {}
        }
    }
    None
}

/// "missing field `name`" reported where `name:` is written, at the same indentation as the
/// `key:` with no value above it: `name` was meant to be indented under that key.
fn not_indented(lines: &[&str], name: &str, at: usize) -> Option<YamlError> {
    let line = lines.get(at.checked_sub(1)?)?;
    let e = entry(line)?;
    if line[e.key..e.colon? - 1].trim() != name {
        return None;
    }
    let above = lines[..at - 1].iter().rev().find(|l| entry(l).is_some())?;
    let a = entry(above)?;
    let owner = above[a.key..a.colon? - 1].trim();
    if a.key != e.key || a.value < above.len() {
        return None;
    }
    error(
        at,
        column(line, e.key),
        format!(
            "`{name}` is not indented under `{owner}` above it, so `{owner}` has no `{name}`: indent this line by two more spaces"
        ),
    )
}

/// The first `key:value` line (no space after the `:`), when the text read as one value.
fn no_space_after_colon(lines: &[&str]) -> Option<YamlError> {
    let n = lines.iter().position(|l| {
        let rest = l.trim_start();
        rest.split_once(':').is_some_and(|(key, value)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && value.starts_with(|c: char| !c.is_whitespace())
        })
    })?;
    missing_colon(lines, n + 1)
}

/// A `---` line after the start, which YAML reads as a second document.
fn second_document(lines: &[&str]) -> Option<YamlError> {
    let (i, _) = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")?;
    error(
        i + 1,
        1,
        "this `---` line starts a second YAML document, which careleaf does not read: remove it"
            .to_owned(),
    )
}

#[cfg(test)]
mod tests;
