//! `content/faq.yaml`: the questions and answers, read strictly, with each entry's line.

use serde::Deserialize;

use super::date::Date;
use super::source::SourceFile;
use super::sources::Source;
use crate::diag::Diagnostic;
use crate::slug;

/// The FAQ file's path relative to the site root.
pub const FAQ_FILE: &str = "content/faq.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    /// Who reviews the FAQ; each entry may name its own reviewer instead.
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    questions: Vec<RawEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    /// Required, like `answer`: both are optional here so that one message can name every
    /// one missing.
    #[serde(default)]
    question: Option<String>,
    #[serde(default)]
    answer: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    reviewed_on: Option<Date>,
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    next_review: Option<Date>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    extra: Option<serde_json::Value>,
}

/// One question and its answer.
#[derive(Debug, Clone)]
pub struct FaqEntry {
    pub id: String,
    /// True when the id was written in the file (not derived from the question).
    pub explicit_id: bool,
    pub question: String,
    /// Markdown.
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    pub reviewed_on: Option<Date>,
    /// The entry's own reviewer, or else the file's `reviewed_by`.
    pub reviewed_by: Option<String>,
    /// When the next review is due, as written (see the analysis stage for the default).
    pub next_review: Option<Date>,
    pub sources: Vec<Source>,
    pub extra: serde_json::Value,
    /// 1-based lines of the entry in the file (first and last).
    pub first_line: usize,
    pub last_line: usize,
    /// 1-based line where the answer's text starts, for positions inside it.
    pub answer_line: usize,
}

/// The parsed FAQ file.
#[derive(Debug, Clone)]
pub struct Faq {
    pub source: SourceFile,
    pub title: String,
    pub intro: Option<String>,
    pub entries: Vec<FaqEntry>,
}

impl Faq {
    /// Parses the FAQ. Problems in single entries are reported and those entries left out;
    /// a YAML error fails the whole file.
    pub fn parse(source: SourceFile) -> (Option<Faq>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        if source.text.trim().is_empty() {
            let empty = Faq {
                source,
                title: default_title(),
                intro: None,
                entries: Vec::new(),
            };
            return (Some(empty), diags);
        }
        let raw: RawFaq = match crate::yaml::parse(&source.text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(source.error(e.line, e.column, e.message));
                return (None, diags);
            }
        };
        let spans = Spans::of(&source, raw.questions.len());
        let entries = raw
            .questions
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| check_entry(&source, e, spans.get(i), &mut diags))
            .map(|mut e: FaqEntry| {
                if e.reviewed_by.is_none() {
                    e.reviewed_by.clone_from(&raw.reviewed_by);
                }
                e
            })
            .collect();
        let title = raw
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(default_title);
        let faq = Faq {
            title,
            intro: raw.intro,
            entries,
            source,
        };
        (Some(faq), diags)
    }
}

/// The lines of each entry, or (when the list's layout cannot be followed) the whole list.
struct Spans {
    spans: Vec<(usize, usize)>,
    fallback: (usize, usize),
}

impl Spans {
    fn of(source: &SourceFile, entries: usize) -> Spans {
        let mut spans = entry_spans(&source.text);
        if spans.len() != entries {
            spans.clear();
        }
        let fallback = (source.locate_key("questions").0, source.line_count().max(1));
        Spans { spans, fallback }
    }

    fn get(&self, i: usize) -> (usize, usize) {
        self.spans.get(i).copied().unwrap_or(self.fallback)
    }
}

/// Checks one entry between lines `first..=last`; with problems, reports them and leaves
/// the entry out.
fn check_entry(
    source: &SourceFile,
    e: RawEntry,
    (first, last): (usize, usize),
    diags: &mut Vec<Diagnostic>,
) -> Option<FaqEntry> {
    let before = diags.len();
    let key_at = |key: &str| source.locate_key_in(key, first, last).unwrap_or((first, 1));
    let missing: Vec<&str> = [("question", &e.question), ("answer", &e.answer)]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k)
        .collect();
    if !missing.is_empty() {
        let column = source
            .line(first)
            .map_or(1, |l| l.len() - l.trim_start_matches([' ', '-']).len() + 1);
        diags.push(source.error(first, column, crate::yaml::missing_keys(&missing)));
        return None;
    }
    let question = e.question.clone().unwrap_or_default();
    let answer = e.answer.clone().unwrap_or_default();
    if question.trim().is_empty() {
        let (l, c) = key_at("question");
        diags.push(source.error(l, c, "`question` must not be empty"));
    }
    if answer.trim().is_empty() {
        let (l, c) = key_at("answer");
        diags.push(source.error(l, c, "`answer` must not be empty"));
    }
    let (id, explicit_id) = entry_id(source, &e, (first, last), diags.len() == before, diags);
    for t in &e.topics {
        if !slug::is_valid(t) {
            let (l, c) = source.locate_key_value("topics", t, first, last);
            diags.push(source.error(l, c, slug::invalid_reason("topic", t)));
        }
    }
    diags.extend(super::sources::check(source, &e.sources, first, last));
    if let (Some(next), Some(done)) = (e.next_review, e.reviewed_on)
        && next <= done
    {
        let (l, c) = source.locate_key_value("next_review", &next.to_string(), first, last);
        diags.push(source.error(
            l,
            c,
            format!("next_review ({next}) must come after reviewed_on ({done})"),
        ));
    }
    if diags.len() > before {
        return None;
    }
    let answer_line = source
        .locate_key_in("answer", first, last)
        .map_or(first, |(l, _)| l);
    Some(FaqEntry {
        id,
        explicit_id,
        question,
        answer,
        topics: e.topics,
        related: e.related,
        reviewed_on: e.reviewed_on,
        reviewed_by: e.reviewed_by,
        next_review: e.next_review,
        sources: e.sources,
        extra: e.extra.unwrap_or(serde_json::Value::Null),
        first_line: first,
        last_line: last,
        answer_line,
    })
}

/// The entry's id (written, or made from the question) and whether it was written. An id
/// that cannot be made is reported only when the entry has no other problem (`so_far_ok`):
/// an empty question explains it already.
fn entry_id(
    source: &SourceFile,
    e: &RawEntry,
    (first, last): (usize, usize),
    so_far_ok: bool,
    diags: &mut Vec<Diagnostic>,
) -> (String, bool) {
    if let Some(id) = &e.id {
        if !slug::is_valid(id) {
            let (l, c) = source.locate_key_value("id", id, first, last);
            diags.push(source.error(l, c, slug::invalid_reason("FAQ id", id)));
        }
        return (id.clone(), true);
    }
    let id = slug::slugify(e.question.as_deref().unwrap_or(""));
    if id.is_empty() && so_far_ok {
        let (l, c) = source
            .locate_key_in("question", first, last)
            .unwrap_or((first, 1));
        diags.push(source.error(
            l,
            c,
            "cannot make an id from this question; add an `id:` line",
        ));
    }
    (id, false)
}

fn default_title() -> String {
    "Frequently asked questions".to_owned()
}

/// The first and last line (1-based) of each item of the block-style `questions:` list.
/// Returns an empty list when the list is not in block style.
pub fn entry_spans(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| {
        // `questions:` alone, or followed by a comment.
        l.strip_prefix("questions:")
            .map(str::trim)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
    }) else {
        return Vec::new();
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut last_content = start;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let ind = line.len() - trimmed.len();
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        // A new top-level key ends the list.
        if ind == 0 && !is_item {
            break;
        }
        match indent {
            None if is_item => indent = Some(ind),
            None => {}
            Some(n) if is_item && ind == n => {}
            Some(n) if ind <= n && !is_item => break,
            Some(_) => {
                last_content = i;
                continue;
            }
        }
        if is_item && Some(ind) == indent {
            if let Some(prev) = spans.last_mut() {
                prev.1 = last_content + 1;
            }
            spans.push((i + 1, i + 1));
        }
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

    fn faq(text: &str) -> (Option<Faq>, Vec<Diagnostic>) {
        Faq::parse(SourceFile::new(FAQ_FILE, PathBuf::from("faq.yaml"), text))
    }

    #[test]
    fn spans_follow_block_items() {
        let text = "title: T\n# comment\nquestions:\n  - question: a\n    answer: |\n      x\n\n  - question: b\n    answer: y\nother: 1\n";
        assert_eq!(entry_spans(text), vec![(4, 6), (8, 9)]);
        let flush =
            "questions:  # the list\n- question: a\n  answer: b\n- question: c\n  answer: d\n";
        assert_eq!(entry_spans(flush), vec![(2, 3), (4, 5)]);
    }

    #[test]
    fn ids_default_to_question_slug() {
        let (f, d) = faq("questions:\n  - question: Does it hurt?\n    answer: A little.\n");
        assert!(d.is_empty());
        let f = f.unwrap();
        assert_eq!(f.entries[0].id, "does-it-hurt");
        assert!(!f.entries[0].explicit_id);
    }

    #[test]
    fn entry_errors_point_at_the_entry() {
        let (_, d) = faq(
            "questions:\n  - question: a\n    answer: b\n  - question: c\n    answer: d\n    id: Bad Id\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 6);
        let (_, d) = faq("questions:\n  - question: a\n    answr: b\n");
        assert_eq!(d[0].line, 3);
        assert!(
            d[0].message.contains("did you mean `answer`"),
            "{}",
            d[0].message
        );
    }
}
