//! A quick reader for the plain YAML nearly all front matter is written in: one `key: value`
//! a line at the top, each value a one-line scalar (plain, `"double"` or `'single'` quoted
//! without escapes), a one-line `[a, b]` list, or a block list (`- item`) of such scalars or
//! of one-level mappings (`- title: …` with the entry's other keys lined up below it). The
//! YAML library spends about a hundred thousand instructions on an article's ten lines of
//! front matter, a third of all the time it takes to read the article; this spends a few
//! thousand.
//!
//! It never reads anything differently from the library: it gives up, and its caller asks
//! the library, on whatever it is unsure of: comments after a value, escapes, anchors, tags,
//! multi-line or block values, a value left empty, nested mappings, a tab or a character
//! YAML forbids, a plain value YAML could read as a null, a boolean or a number where text
//! is wanted, and any error at all (an unknown key, a key given twice, a bad date), so the
//! library words every message an editor sees. A property test holds it to this: whenever
//! it reads a text, the library reads the same value from it.

use std::fmt;
use std::iter::Peekable;
use std::str::Split;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

/// `text` read as `T`, or `None` where the library must read it (see the module docs).
pub fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !allowed_characters(text) {
        return None;
    }
    let entries = mapping(text)?;
    T::deserialize(&Node::Map(entries)).ok()
}

/// A value as written.
#[derive(Debug, PartialEq)]
enum Node<'a> {
    /// A one-line scalar: its text, and whether it was quoted (quoted text is always text).
    Scalar {
        text: &'a str,
        quoted: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

type Lines<'a> = Peekable<Split<'a, char>>;

/// Only what YAML reads the same everywhere: no tab (never indentation, and quoted text
/// would keep it), no carriage return, no control character, and none of the characters the
/// YAML library treats as a line break or refuses (U+0085, U+2028, U+2029, U+FEFF).
fn allowed_characters(text: &str) -> bool {
    let plain_ascii = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    if text.bytes().all(plain_ascii) {
        return true;
    }
    text.chars().all(|c| {
        if c.is_ascii() {
            plain_ascii(c as u8)
        } else {
            !matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        }
    })
}

/// The top-level mapping: one key a line, each with its value.
fn mapping(text: &str) -> Option<Vec<(&str, Node<'_>)>> {
    let mut lines: Lines<'_> = text.split('\n').peekable();
    let mut entries = Vec::with_capacity(12);
    while let Some(line) = lines.next() {
        if is_blank_or_comment(line) {
            continue;
        }
        let (key, rest) = key_and_rest(line)?;
        let value = match rest {
            "" => block_list(&mut lines)?,
            _ => inline(rest)?,
        };
        entries.push((key, value));
    }
    Some(entries)
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// How many spaces `line` starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `key: rest` (or `key:` at the end of the line, `rest` empty) at the start of `line`, the
/// key a simple name.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let end = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))?;
    let key = &line[..end];
    if key.is_empty() || key.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let after = line[end..].strip_prefix(':')?;
    if after.is_empty() {
        return Some((key, ""));
    }
    if !after.starts_with(' ') {
        return None;
    }
    Some((key, after.trim_matches(' ')))
}

/// The block list below a `key:` line: items at one indentation, each a scalar or a
/// mapping whose other keys line up with its first.
fn block_list<'a>(lines: &mut Lines<'a>) -> Option<Node<'a>> {
    let mut items = Vec::new();
    let mut at = None;
    while let Some(&line) = lines.peek() {
        if is_blank_or_comment(line) {
            lines.next();
            continue;
        }
        let n = indent(line);
        let Some(item) = line[n..].strip_prefix("- ") else {
            // The next top-level key ends the list; anything else is more than this reads.
            if n == 0 && !line.starts_with('-') {
                break;
            }
            return None;
        };
        match at {
            None => at = Some(n),
            Some(a) if a != n => return None,
            Some(_) => {}
        }
        lines.next();
        let column = line.len() - item.trim_start_matches(' ').len();
        let item = item.trim_matches(' ');
        match key_and_rest(item) {
            Some((_, "")) => return None,
            Some((key, rest)) => items.push(list_mapping(key, rest, column, lines)?),
            None => items.push(scalar(item, false)?),
        }
    }
    // `key:` with nothing below it is a null: the library's to read.
    if items.is_empty() {
        return None;
    }
    Some(Node::Seq(items))
}

/// A mapping in a block list: its first entry, on the item's line, and the entries lined up
/// below it at `column`.
fn list_mapping<'a>(
    key: &'a str,
    rest: &'a str,
    column: usize,
    lines: &mut Lines<'a>,
) -> Option<Node<'a>> {
    let mut entries = vec![(key, scalar(rest, false)?)];
    while let Some(&line) = lines.peek() {
        if is_blank_or_comment(line) {
            lines.next();
            continue;
        }
        let n = indent(line);
        if n != column {
            // Back at the list's items or the top level (checked there), or deeper: a
            // value over several lines, which this does not read.
            if n > column {
                return None;
            }
            break;
        }
        let (key, rest) = key_and_rest(&line[n..])?;
        if rest.is_empty() {
            return None;
        }
        lines.next();
        entries.push((key, scalar(rest, false)?));
    }
    Some(Node::Map(entries))
}

/// A value on its key's line: a one-line `[a, b]` list or a scalar.
fn inline(value: &str) -> Option<Node<'_>> {
    let Some(inner) = value.strip_prefix('[') else {
        return scalar(value, false);
    };
    let inner = inner.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Node::Seq(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect::<Option<Vec<_>>>()
        .map(Node::Seq)
}

/// One scalar, already trimmed: quoted without escapes, or plain and free of everything
/// that would make YAML read it as more than its text (`in_list`: inside `[…]`, where commas
/// and brackets end it).
fn scalar(text: &str, in_list: bool) -> Option<Node<'_>> {
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        let clean = !inner.contains(q) && (q == '\'' || !inner.contains('\\'));
        clean.then_some(Node::Scalar {
            text: inner,
            quoted: true,
        })
    };
    match text.as_bytes().first()? {
        b'"' => return quoted('"'),
        b'\'' => return quoted('\''),
        // A sign, not the start of a list item.
        b'-' if text.len() > 1 && !text[1..].starts_with(' ') => {}
        // Indicators YAML gives a meaning to at the start of a value.
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => {}
    }
    let ends_early = text.contains(": ") || text.ends_with(':') || text.contains(" #");
    let ends_in_list = in_list && text.contains([',', '[', ']', '{', '}', ':']);
    (!ends_early && !ends_in_list).then_some(Node::Scalar {
        text,
        quoted: false,
    })
}

/// True when YAML might read plain `text` as something other than text: a null, a
/// boolean (YAML 1.2's and 1.1's words), or a number in any of its forms.
fn may_not_be_text(text: &str) -> bool {
    const WORDS: [&str; 16] = [
        "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "inf", "infinity", "nan",
        ".inf", ".nan", "",
    ];
    let unsigned = text.trim_start_matches(['+', '-']);
    if WORDS.iter().any(|w| unsigned.eq_ignore_ascii_case(w)) {
        return true;
    }
    let starts_like_number = text
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
    starts_like_number
        && (text.parse::<f64>().is_ok()
            || unsigned.parse::<u128>().is_ok()
            || unsigned
                .get(..2)
                .is_some_and(|p| ["0x", "0o", "0b"].iter().any(|r| p.eq_ignore_ascii_case(r)))
            || text.contains(['_', ':']))
}

/// A whole number as YAML writes one in decimal: `0`, or digits not starting with 0, with
/// an optional `-`.
fn decimal(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.len() <= 20
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| text.parse().ok()).flatten()
}

/// The reader gave up; the library reads the text instead.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the YAML library")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

impl<'a> Node<'a> {
    /// The text of a scalar that can only be read as text.
    fn text(&self) -> Result<&'a str, GiveUp> {
        match *self {
            Node::Scalar { text, quoted } if quoted || !may_not_be_text(text) => Ok(text),
            _ => Err(GiveUp),
        }
    }

    /// A plain decimal whole number.
    fn whole(&self) -> Result<i128, GiveUp> {
        match *self {
            Node::Scalar {
                text,
                quoted: false,
            } => decimal(text).ok_or(GiveUp),
            _ => Err(GiveUp),
        }
    }
}

/// What the reader does not read: it gives up.
macro_rules! give_up {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
                Err(GiveUp)
            }
        )*
    };
}

/// Whole numbers, handed on as the library hands them (`u64` unless negative); the
/// visitor refuses those out of its type's range.
macro_rules! whole_numbers {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
                visit_whole(self.whole()?, visitor)
            }
        )*
    };
}

/// Hands `n` on as the library does: as a `u64` unless it is negative.
fn visit_whole<'de, V: Visitor<'de>>(n: i128, visitor: V) -> Result<V::Value, GiveUp> {
    match u64::try_from(n) {
        Ok(u) => visitor.visit_u64(u),
        Err(_) => visitor.visit_i64(i64::try_from(n).map_err(|_| GiveUp)?),
    }
}

impl<'de, 'a> de::Deserializer<'de> for &'a Node<'a> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        // What a plain number is depends on who asks: here, whoever takes anything.
        if let Ok(n) = self.whole() {
            return visit_whole(n, visitor);
        }
        match self {
            Node::Scalar { .. } => visitor.visit_str(self.text()?),
            Node::Seq(_) => self.deserialize_seq(visitor),
            Node::Map(_) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Node::Scalar {
                text: "true",
                quoted: false,
            } => visitor.visit_bool(true),
            Node::Scalar {
                text: "false",
                quoted: false,
            } => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    whole_numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    give_up! {
        deserialize_i128 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_bytes deserialize_byte_buf deserialize_unit
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    /// The reader never keeps a null (it gives up on one), so an optional value is there.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_map(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    /// Every key is one the type asked for or an error (careleaf's types refuse unknown
    /// keys), so nothing is ever skipped quietly.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }
}

/// A list's items, handed out in order.
struct Items<'a>(std::slice::Iter<'a, Node<'a>>);

impl<'de, 'a> de::SeqAccess<'de> for Items<'a> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A mapping's entries, handed out in order.
struct Entries<'a> {
    entries: std::slice::Iter<'a, (&'a str, Node<'a>)>,
    value: Option<&'a Node<'a>>,
}

impl<'de, 'a> de::MapAccess<'de> for Entries<'a> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: StrDeserializer<'_, GiveUp> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        seed.deserialize(self.value.take().ok_or(GiveUp)?)
    }
}

#[cfg(test)]
mod tests;
