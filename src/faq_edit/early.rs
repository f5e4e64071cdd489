//! Checks of one part of an entry while the rest is still being typed, so that `careleaf faq
//! add` at a terminal can ask again at once: [`question_problems`] (the question and its id)
//! and [`topics_problems`]. The whole entry is checked by [`super::check`] as before.
//!
//! Each reads its file first: a `faq.yaml` or `topics.yaml` that cannot be read or has
//! errors is a problem of the file ([`Field::File`]), which no retyping can fix.

use std::path::Path;

use super::atomic::read_current;
use super::entry::{Field, NewEntry, Problem};
use super::input::{basic_problems, tidy};
use super::validate::{as_text, current_entries, identity_problems, plan_topics};
use crate::content::faq::FAQ_FILE;
use crate::content::topics::TOPICS_FILE;
use crate::slug;

/// The problems of the question and of the id (given, or made from the question): empty,
/// more than one line, already in the FAQ, an id that is taken or cannot be made.
pub fn question_problems(root: &Path, entry: &NewEntry) -> Vec<Problem> {
    let text = match file_text(root, FAQ_FILE) {
        Ok(t) => t,
        Err(p) => return p,
    };
    let existing = match current_entries(root, &text.0, text.1) {
        Ok(existing) => existing,
        Err(p) => return p,
    };
    let e = tidy(entry);
    let problems = only(basic_problems(&e), &[Field::Question, Field::Id]);
    if !problems.is_empty() {
        return problems;
    }
    let id = e.id.clone().unwrap_or_else(|| slug::slugify(&e.question));
    identity_problems(&e, &id, &existing)
}

/// The problems of the topics: not slugs, unknown ("did you mean"), or a new topic that
/// clashes with a defined one.
pub fn topics_problems(root: &Path, entry: &NewEntry) -> Vec<Problem> {
    let (text, exists) = match file_text(root, TOPICS_FILE) {
        Ok(t) => t,
        Err(p) => return p,
    };
    let e = tidy(entry);
    let mut problems = only(basic_problems(&e), &[Field::Topics, Field::NewTopic]);
    if !problems.is_empty() {
        return problems;
    }
    plan_topics(root, &e, exists.then_some(text.as_str()), &mut problems);
    problems
}

/// The text of the content file `rel` and whether it exists.
fn file_text(root: &Path, rel: &str) -> Result<(String, bool), Vec<Problem>> {
    let bytes =
        read_current(&root.join(rel)).map_err(|e| vec![Problem::new(Field::File, e.report())])?;
    Ok((as_text(bytes.as_deref(), rel)?, bytes.is_some()))
}

fn only(problems: Vec<Problem>, fields: &[Field]) -> Vec<Problem> {
    problems
        .into_iter()
        .filter(|p| fields.contains(&p.field))
        .collect()
}
