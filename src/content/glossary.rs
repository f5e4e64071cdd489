//! `content/glossary.yaml`: the optional list of medical words the site explains, each with
//! its other names, a plain-language definition and an optional link, read strictly.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{SeqAccess, Visitor};

use super::source::SourceFile;
use crate::diag::Diagnostic;
use crate::slug;

/// The glossary file's path relative to the site root.
pub const GLOSSARY_FILE: &str = "content/glossary.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    term: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
    #[serde(default)]
    link: Option<String>,
}

/// The file's list of entries, named as such when the file is something else.
struct Entries(Vec<RawEntry>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of entries, each starting with `- term:`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = seq.next_element()? {
                    out.push(e);
                }
                Ok(Entries(out))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Entries, E> {
                Ok(Entries(Vec::new()))
            }
        }
        d.deserialize_seq(V)
    }
}

/// One word of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// The word as the glossary page shows it.
    pub term: String,
    /// Its anchor on the glossary page (`trigger-point`).
    pub slug: String,
    /// Other ways the word is written (`trigger points` is found anyway: plurals count).
    pub aliases: Vec<String>,
    /// Markdown, one paragraph.
    pub definition: String,
    /// A page or URL to read more, as written.
    pub link: Option<String>,
    /// 1-based lines of the entry in the file (first and last).
    pub first_line: usize,
    pub last_line: usize,
}

impl GlossaryEntry {
    /// The term, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The parsed glossary file, entries in file order.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub source: SourceFile,
    pub entries: Vec<GlossaryEntry>,
}

impl Glossary {
    /// Parses the glossary. Entries with problems are reported and left out; a YAML error
    /// fails the whole file (`None`).
    pub fn parse(source: SourceFile) -> (Option<Glossary>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let raw: Vec<RawEntry> = if source.text.trim().is_empty() {
            Vec::new()
        } else {
            match crate::yaml::parse::<Entries>(&source.text) {
                Ok(r) => r.0,
                Err(e) => {
                    diags.push(source.error(e.line, e.column, e.message));
                    return (None, diags);
                }
            }
        };
        let spans = item_spans(&source.text);
        let fallback = (1, source.line_count().max(1));
        let spans_fit = spans.len() == raw.len();
        let mut names = Names::default();
        let mut entries = Vec::new();
        for (i, e) in raw.into_iter().enumerate() {
            let span = if spans_fit { spans[i] } else { fallback };
            if let Some(entry) = check_entry(&source, e, span, &mut names, &mut diags) {
                entries.push(entry);
            }
        }
        (Some(Glossary { source, entries }), diags)
    }
}

/// Every name (term or alias) and anchor seen so far, with where it was written, so a
/// repeat can name both places.
#[derive(Default)]
struct Names {
    /// Lowercased name with single spaces → (as written, line, column).
    names: HashMap<String, (String, usize, usize)>,
    /// Anchor → (term, line, column).
    slugs: HashMap<String, (String, usize, usize)>,
}

/// `name` lowercased, with runs of white space as one space: how names are compared.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks one entry between lines `first..=last`; with problems, reports them and leaves
/// the entry out.
fn check_entry(
    source: &SourceFile,
    e: RawEntry,
    (first, last): (usize, usize),
    names: &mut Names,
    diags: &mut Vec<Diagnostic>,
) -> Option<GlossaryEntry> {
    let before = diags.len();
    let key_at = |key: &str| source.locate_key_in(key, first, last).unwrap_or((first, 1));
    let slug = slug::slugify(&e.term);
    if slug.is_empty() {
        let (l, c) = key_at("term");
        diags.push(source.error(l, c, "`term` needs at least one letter or digit"));
    }
    if e.definition.trim().is_empty() {
        let (l, c) = key_at("definition");
        diags.push(source.error(l, c, "`definition` must not be empty"));
    } else if let Some(problem) = not_one_paragraph(&e.definition) {
        let (l, c) = key_at("definition");
        diags.push(source.error(l, c, problem));
    }
    if let Some(link) = &e.link
        && (link.trim().is_empty() || link.contains(|c: char| c.is_whitespace() || c == '<'))
    {
        let (l, c) = source.locate_key_value("link", link, first, last);
        let message = "`link` must be a site path (`/articles/x/`) or a URL, without spaces";
        diags.push(source.error(l, c, message));
    }
    for alias in &e.aliases {
        if slug::slugify(alias).is_empty() {
            let (l, c) = source.locate_key_value("aliases", alias, first, last);
            diags.push(source.error(l, c, "an alias needs at least one letter or digit"));
        }
    }
    if diags.len() > before {
        return None;
    }
    check_names(source, &e, &slug, (first, last), names, diags);
    if diags.len() > before {
        return None;
    }
    Some(GlossaryEntry {
        term: e.term.trim().to_owned(),
        slug,
        aliases: e.aliases.iter().map(|a| a.trim().to_owned()).collect(),
        definition: e.definition,
        link: e.link,
        first_line: first,
        last_line: last,
    })
}

/// Reports a term or alias written before (in this entry or another), and a term whose
/// anchor another term already has, naming both places.
fn check_names(
    source: &SourceFile,
    e: &RawEntry,
    slug: &str,
    (first, last): (usize, usize),
    names: &mut Names,
    diags: &mut Vec<Diagnostic>,
) {
    let before = diags.len();
    let (tl, tc) = source.locate_key_value("term", e.term.trim(), first, last);
    let written =
        std::iter::once(("term", e.term.trim(), (tl, tc))).chain(e.aliases.iter().map(|a| {
            let at = source.locate_key_value("aliases", a.trim(), first, last);
            ("alias", a.trim(), at)
        }));
    for (what, name, (l, c)) in written {
        let key = normalise_name(name);
        if let Some((earlier, el, ec)) = names.names.get(&key) {
            let message = format!(
                "{what} `{name}` is already in the glossary as `{earlier}` at {}:{el}:{ec}; \
                 each term and alias may appear once",
                source.rel
            );
            diags.push(source.error(l, c, message));
        } else {
            names.names.insert(key, (name.to_owned(), l, c));
        }
    }
    if diags.len() > before {
        return;
    }
    // A different name with the same anchor (`Trigger-point` after `Trigger point`).
    if let Some((term, l, c)) = names.slugs.get(slug) {
        let message = format!(
            "term `{}` has the same glossary anchor (`#{slug}`) as `{term}` at {}:{l}:{c}",
            e.term.trim(),
            source.rel
        );
        diags.push(source.error(tl, tc, message));
    } else {
        names
            .slugs
            .insert(slug.to_owned(), (e.term.trim().to_owned(), tl, tc));
    }
}

/// Why `definition` is not a single paragraph of text (a definition shows inside a sentence
/// of the page, so headings, lists and quotes do not fit), or `None` when it is one.
fn not_one_paragraph(definition: &str) -> Option<&'static str> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut depth = 0usize;
    let mut paragraphs = 0;
    for event in Parser::new(definition) {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                paragraphs += 1;
                depth += 1;
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => depth -= 1,
            Event::Start(_) if depth == 0 => return Some(BLOCKS),
            Event::Html(_) | Event::Rule if depth == 0 => return Some(BLOCKS),
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (paragraphs > 1).then_some(BLOCKS)
}

const BLOCKS: &str = "a `definition` is one paragraph of text (bold, italics and links are \
                      fine; headings, lists, quotes and blank lines are not)";

/// The first and last line (1-based) of each item of the file's top-level block list.
/// Returns an empty list when the file is not written as one.
fn item_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut last_content = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let ind = line.len() - trimmed.len();
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        match indent {
            None if is_item => indent = Some(ind),
            None => return Vec::new(),
            Some(n) if is_item && ind == n => {}
            Some(n) if ind <= n => return Vec::new(),
            Some(_) => {
                last_content = i;
                continue;
            }
        }
        if let Some(prev) = spans.last_mut() {
            prev.1 = last_content + 1;
        }
        spans.push((i + 1, i + 1));
        last_content = i;
    }
    if let Some(prev) = spans.last_mut() {
        prev.1 = last_content + 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn glossary(text: &str) -> (Option<Glossary>, Vec<Diagnostic>) {
        Glossary::parse(SourceFile::new(GLOSSARY_FILE, PathBuf::new(), text))
    }

    #[test]
    fn reads_entries_with_their_lines() {
        let (g, d) = glossary(
            "# words\n- term: Trigger point\n  aliases: [knot]\n  definition: A *tight* spot.\n\n- term: Myofascial\n  definition: About muscle and its wrapping.\n  link: /articles/a/\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let g = g.unwrap();
        assert_eq!(g.entries.len(), 2);
        let e = &g.entries[0];
        assert_eq!(
            (e.term.as_str(), e.slug.as_str(), e.first_line, e.last_line),
            ("Trigger point", "trigger-point", 2, 4)
        );
        assert_eq!(e.names().collect::<Vec<_>>(), ["Trigger point", "knot"]);
        assert_eq!(g.entries[1].link.as_deref(), Some("/articles/a/"));
        assert_eq!((g.entries[1].first_line, g.entries[1].last_line), (6, 8));
    }

    #[test]
    fn empty_file_is_an_empty_glossary() {
        let (g, d) = glossary("# nothing yet\n");
        assert!(d.is_empty());
        assert!(g.unwrap().entries.is_empty());
    }

    #[test]
    fn strict_keys_suggest_the_right_one() {
        let (g, d) = glossary("- term: a\n  defintion: b\n");
        assert!(g.is_none());
        assert_eq!((d[0].line, d[0].column), (2, 3));
        assert!(
            d[0].message.contains("did you mean `definition`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn repeats_name_both_places() {
        let (g, d) = glossary(
            "- term: Knot\n  definition: a\n- term: Trigger point\n  aliases: [knots, KNOT]\n  definition: b\n",
        );
        assert_eq!(g.unwrap().entries.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (4, 20));
        assert_eq!(
            d[0].message,
            "alias `KNOT` is already in the glossary as `Knot` at content/glossary.yaml:1:9; \
             each term and alias may appear once"
        );
    }

    #[test]
    fn definitions_are_one_paragraph() {
        assert_eq!(not_one_paragraph("A *tight* [spot](/a/)."), None);
        assert_eq!(not_one_paragraph("Line one\nline two"), None);
        assert!(not_one_paragraph("One.\n\nTwo.").is_some());
        assert!(not_one_paragraph("- a list").is_some());
        assert!(not_one_paragraph("# Heading").is_some());
    }
}
