//! The entry as typed: tidying it ([`tidy`]) and the checks that need no file
//! ([`basic_problems`]), plus what makes two questions the same ([`normalise_question`]).

use super::entry::{Field, NewEntry, Problem};
use crate::slug;

/// Questions that differ only in case, punctuation or spacing are the same question.
pub fn normalise_question(q: &str) -> String {
    let lowered = q.to_lowercase();
    let kept: String = lowered
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Line endings and surrounding space as an editor would expect them.
pub fn tidy(entry: &NewEntry) -> NewEntry {
    // Browsers send a textarea's lines with CRLF; the file's own line endings are applied
    // when the entry is written.
    let answer = entry.answer.replace("\r\n", "\n").replace('\r', "\n");
    let clean_list = |v: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for item in v.iter().flat_map(|s| s.split(',')) {
            let item = item.trim();
            if !item.is_empty() && !out.iter().any(|x| x == item) {
                out.push(item.to_owned());
            }
        }
        out
    };
    NewEntry {
        question: entry.question.trim().to_owned(),
        answer,
        topics: clean_list(&entry.topics),
        related: clean_list(&entry.related),
        id: entry
            .id
            .as_ref()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        new_topic: entry
            .new_topic
            .as_ref()
            .map(|(s, t)| (s.trim().to_owned(), t.trim().to_owned())),
    }
}

/// Problems visible without reading any file.
pub fn basic_problems(e: &NewEntry) -> Vec<Problem> {
    let mut out = Vec::new();
    if e.question.is_empty() {
        out.push(Problem::new(Field::Question, "the question is empty"));
    } else if e.question.contains('\n') {
        out.push(Problem::new(
            Field::Question,
            "the question must be one line",
        ));
    }
    if e.answer.trim().is_empty() {
        out.push(Problem::new(Field::Answer, "the answer is empty"));
    }
    if let Some(id) = &e.id
        && !slug::is_valid(id)
    {
        out.push(Problem::new(Field::Id, slug::invalid_reason("id", id)));
    }
    for t in &e.topics {
        if !slug::is_valid(t) {
            out.push(Problem::new(
                Field::Topics,
                slug::invalid_reason("topic", t),
            ));
        }
    }
    for r in &e.related {
        if !slug::is_valid(r) {
            out.push(Problem::new(
                Field::Related,
                slug::invalid_reason("related article", r),
            ));
        }
    }
    if let Some((s, title)) = &e.new_topic {
        if !slug::is_valid(s) {
            out.push(Problem::new(
                Field::NewTopic,
                slug::invalid_reason("topic", s),
            ));
        }
        if title.is_empty() {
            out.push(Problem::new(
                Field::NewTopic,
                "the new topic needs a title (--topic-title)",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_normalise_alike() {
        assert_eq!(
            normalise_question("Does it  HURT?"),
            normalise_question("does it hurt")
        );
        assert_eq!(
            normalise_question("Ça fait mal ?"),
            normalise_question("ça fait MAL")
        );
        assert_ne!(
            normalise_question("Does it hurt?"),
            normalise_question("Does it help?")
        );
    }
}
