//! Working out and checking an add before anything is written: [`plan`] turns the entry and
//! the files as they are now into the new file texts, or the problems that keep it out;
//! [`check`] runs the same checks for the form's live feedback.
//!
//! The steps: the current FAQ must be sound, the id and question must be new, the topics
//! must be known (or added on purpose), the new text must read back exactly
//! ([`super::compose`]), and a build's own checks must pass with the new text in place.

use std::path::Path;

use super::compose::{compose, first_draft};
use super::entry::{Field, NewEntry, Problem};
use super::entry_text::{self, EntryValues};
use super::input::{basic_problems, normalise_question, tidy};
use crate::content::faq::{FAQ_FILE, Faq};
use crate::content::source::{SourceFile, normalise};
use crate::content::topics::{self, TOPICS_FILE};
use crate::content::{FaqEntry, FaqText, Overrides, ParsedFaq};
use crate::diag::{Diagnostic, did_you_mean};
use crate::site::Options;
use crate::slug;

/// The new texts, ready to write.
pub struct Plan {
    pub id: String,
    /// The entry's topics, a new topic included.
    pub topics: Vec<String>,
    pub faq_text: String,
    pub topics_text: Option<String>,
}

/// Checks `entry` without writing anything (the form's live checks use this).
pub fn check(root: &Path, entry: &NewEntry) -> Result<String, Vec<Problem>> {
    let entry = tidy(entry);
    let problems = basic_problems(&entry);
    if !problems.is_empty() {
        return Err(problems);
    }
    let read = |rel: &str| {
        super::atomic::read_current(&root.join(rel))
            .map_err(|e| vec![Problem::new(Field::File, e.report())])
    };
    let faq = read(FAQ_FILE)?;
    let topics = read(TOPICS_FILE)?;
    plan(root, &entry, faq.as_deref(), topics.as_deref()).map(|p| p.id)
}

/// Works out and checks the new file contents for `e`, given the current ones.
pub fn plan(
    root: &Path,
    e: &NewEntry,
    faq: Option<&[u8]>,
    topics_bytes: Option<&[u8]>,
) -> Result<Plan, Vec<Problem>> {
    let faq_text = as_text(faq, FAQ_FILE)?;
    let topics_text = match topics_bytes {
        Some(_) => Some(as_text(topics_bytes, TOPICS_FILE)?),
        None => None,
    };
    let id = e.id.clone().unwrap_or_else(|| slug::slugify(&e.question));
    let mut topic_problems = Vec::new();
    let topics = plan_topics(root, e, topics_text.as_deref(), &mut topic_problems);
    let values = EntryValues {
        id: id.clone(),
        question: e.question.clone(),
        answer: e.answer.clone(),
        topics: topics.used.clone(),
        related: e.related.clone(),
    };
    // Reading the current entries and checking the new text as a build would are the long
    // steps, and the text can be written before the entries are read: both run at once. What
    // the check read the new text as then proves it reads back as the entries plus the new
    // one (a large FAQ is read once for both); the check's result is used only if the text
    // it checked is the one proven right.
    let draft = first_draft(&faq_text, &values);
    let new_topics = topics.new_text.as_deref();
    let (existing, draft_checked) = rayon::join(
        || current_entries(root, &faq_text, faq.is_some()),
        || {
            draft
                .as_ref()
                .map(|t| site_problems(root, t, new_topics, &id))
        },
    );
    let existing = existing?;
    let draft_read = draft
        .as_deref()
        .zip(draft_checked.as_ref().and_then(|c| c.1.as_ref()));
    let composed = compose(&faq_text, &values, &existing, draft_read);
    let draft_problems = draft_checked.map(|c| c.0);
    let mut problems = identity_problems(e, &id, &existing);
    problems.extend(topic_problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let new_faq = composed?;
    within_limit(&new_faq, FAQ_FILE)?;
    if let Some(t) = &topics.new_text {
        within_limit(t, TOPICS_FILE)?;
    }
    let problems = match draft_problems {
        Some(problems) if draft.as_ref() == Some(&new_faq) => problems,
        _ => site_problems(root, &new_faq, new_topics, &id).0,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        id,
        topics: topics.used,
        faq_text: new_faq,
        topics_text: topics.new_text,
    })
}

pub(super) fn as_text(bytes: Option<&[u8]>, rel: &str) -> Result<String, Vec<Problem>> {
    match bytes {
        None => Ok(String::new()),
        Some(b) => String::from_utf8(b.to_vec()).map_err(|_| {
            vec![Problem::new(
                Field::File,
                format!("{rel} is not valid UTF-8 text; fix it first"),
            )]
        }),
    }
}

/// A new text must stay within the size a build reads, or the add would break the site.
fn within_limit(text: &str, rel: &str) -> Result<(), Vec<Problem>> {
    let limit = crate::read::LISTS;
    if text.len() as u64 <= limit.bytes {
        return Ok(());
    }
    Err(vec![Problem::new(
        Field::File,
        format!(
            "with this entry {rel} would be larger than {}, the limit for {}; move long answers into articles",
            crate::read::mib(limit.bytes),
            limit.what,
        ),
    )])
}

/// The entries the FAQ has now. The file must be sound before anything is added to it.
pub(super) fn current_entries(
    root: &Path,
    faq_text: &str,
    exists: bool,
) -> Result<Vec<FaqEntry>, Vec<Problem>> {
    let (current, faq_problems) = Faq::parse(SourceFile::new(
        FAQ_FILE,
        root.join(FAQ_FILE),
        normalise(faq_text.to_owned()),
    ));
    let faq_errors: Vec<&Diagnostic> = faq_problems.iter().filter(|d| d.is_error()).collect();
    if !faq_errors.is_empty() || (exists && current.is_none()) {
        let list: Vec<String> = faq_errors.iter().map(|d| d.to_string()).collect();
        return Err(vec![Problem::new(
            Field::File,
            format!(
                "{FAQ_FILE} has errors; fix them before adding an entry:\n{}",
                list.join("\n")
            ),
        )]);
    }
    Ok(current.map(|f| f.entries).unwrap_or_default())
}

/// The question must not be asked already, and the id must be usable and unused. A question
/// already in the FAQ is the real reason an add is refused, so it comes first; the id that
/// entry uses (the one made from the same question) is not a second problem.
pub(super) fn identity_problems(e: &NewEntry, id: &str, existing: &[FaqEntry]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let wanted = normalise_question(&e.question);
    let duplicate = existing
        .iter()
        .find(|x| normalise_question(&x.question) == wanted);
    if let Some(other) = duplicate {
        problems.push(Problem::new(
            Field::Question,
            format!(
                "this question is already in the FAQ: \"{}\" (id `{}`, {FAQ_FILE}:{})",
                other.question, other.id, other.first_line
            ),
        ));
    }
    if id.is_empty() {
        problems.push(Problem::new(
            Field::Id,
            "cannot make an id from this question; give one",
        ));
    }
    let clash = existing.iter().find(|x| x.id == id);
    if let Some(other) = clash.filter(|c| duplicate.is_none_or(|d| d.id != c.id)) {
        problems.push(Problem::new(
            Field::Id,
            format!(
                "the id `{id}` is already used by the entry at {FAQ_FILE}:{} (\"{}\"); choose another id",
                other.first_line, other.question
            ),
        ));
    }
    problems
}

/// The entry's topics and, for a new topic, the new `topics.yaml` text.
pub(super) struct TopicsPlan {
    used: Vec<String>,
    new_text: Option<String>,
}

/// Topics: known ones, or a new one added on purpose. `topics_text` is `None` when the site
/// has no `topics.yaml`: then any topic goes, unless a new one is being defined.
///
/// A new topic that is already defined with the same title is not a conflict: an earlier
/// attempt of this add wrote it (the add is starting over because `faq.yaml` changed), or an
/// add of the same entry was killed between writing `topics.yaml` and `faq.yaml`, and running
/// it again must finish the job.
pub(super) fn plan_topics(
    root: &Path,
    e: &NewEntry,
    topics_text: Option<&str>,
    problems: &mut Vec<Problem>,
) -> TopicsPlan {
    let defined = topics_text.map_or_else(Vec::new, |t| defined_topics(root, t, problems));
    let mut known: Vec<String> = defined.iter().map(|(slug, _)| slug.clone()).collect();
    let mut new_text = None;
    if let Some((slug_text, title)) = &e.new_topic {
        match defined.iter().find(|(slug, _)| slug == slug_text) {
            Some((_, existing)) if existing == title => {}
            Some(_) => problems.push(Problem::new(
                Field::NewTopic,
                format!("the topic `{slug_text}` already exists; use --topic {slug_text}"),
            )),
            None => {
                new_text = Some(with_topic(topics_text.unwrap_or(""), slug_text, title));
                known.push(slug_text.clone());
            }
        }
    }
    let mut used = e.topics.clone();
    if let Some((s, _)) = &e.new_topic
        && !used.contains(s)
    {
        used.push(s.clone());
    }
    if topics_text.is_some() || e.new_topic.is_some() {
        problems.extend(unknown_topics(&used, &known));
    }
    TopicsPlan { used, new_text }
}

/// The topics `topics.yaml` defines, as (slug, title); its errors are problems of the add.
fn defined_topics(root: &Path, text: &str, problems: &mut Vec<Problem>) -> Vec<(String, String)> {
    let src = SourceFile::new(
        TOPICS_FILE,
        root.join(TOPICS_FILE),
        normalise(text.to_owned()),
    );
    match topics::parse(&src) {
        Ok(t) => t.into_iter().map(|t| (t.slug, t.title)).collect(),
        Err(d) => {
            problems.push(Problem::new(
                Field::File,
                format!(
                    "{TOPICS_FILE} has errors; fix them first:\n{}",
                    d.iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            ));
            Vec::new()
        }
    }
}

/// `topics.yaml` with a new topic appended, in the file's own line endings.
fn with_topic(text: &str, slug_text: &str, title: &str) -> String {
    let mut t = text.to_owned();
    let nl = if t.contains("\r\n") { "\r\n" } else { "\n" };
    if !t.is_empty() && !t.ends_with('\n') {
        t.push_str(nl);
    }
    t.push_str(&format!(
        "{slug_text}:{nl}  title: {}{nl}",
        entry_text::quoted(title)
    ));
    t
}

fn unknown_topics(used: &[String], known: &[String]) -> Vec<Problem> {
    used.iter()
        .filter(|t| !known.contains(t))
        .map(|t| {
            Problem::new(
                Field::Topics,
                format!(
                    "unknown topic `{t}`{}; known topics: {} (add one on purpose with --new-topic {t} --topic-title \"...\")",
                    did_you_mean(t, known.iter().map(String::as_str)),
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                ),
            )
        })
        .collect()
}

/// The same checks a build makes, with the new text in place; only problems in the FAQ
/// (and a topics file we change, and the settings) count. Those depend on other articles
/// only through their front matter and, for links into them, their headings, so only those
/// are read (see [`crate::edit_focus`]); related lists, which no check needs, are skipped.
/// Returns the problems, and what the check read `new_faq` as.
fn site_problems(
    root: &Path,
    new_faq: &str,
    new_topics: Option<&str>,
    id: &str,
) -> (Vec<Problem>, Option<ParsedFaq>) {
    let overrides = Overrides {
        faq: Some(FaqText::new(new_faq)),
        topics: new_topics.map(str::to_owned),
        // Only problems of the FAQ count, so other files' text is read only where the
        // FAQ's links need their headings.
        bodies: Some(Default::default()),
    };
    // Only errors count here, and no error depends on the date (it only decides whether a
    // review is overdue, a warning), so the clock's date will do.
    let options = Options {
        related_lists: false,
        ..Options::new(crate::content::date::clock_today())
    };
    let diags = crate::pipeline::content_errors(root, options, &overrides);
    let entry_start = new_faq_entry_line(new_faq, id);
    let mut problems = Vec::new();
    for d in diags.iter() {
        let field = if d.path == FAQ_FILE {
            if d.line >= entry_start {
                // The diagnostic shows only part of a long line: read the whole line.
                let line = d.line.checked_sub(1).and_then(|n| new_faq.lines().nth(n));
                field_of_line(line.unwrap_or(""))
            } else {
                Field::File
            }
        } else if d.path == TOPICS_FILE && new_topics.is_some() {
            Field::NewTopic
        } else if d.path == crate::config::CONFIG_FILE {
            Field::File
        } else {
            continue;
        };
        let message = if field == Field::File || field == Field::NewTopic {
            d.to_string()
        } else {
            d.message.to_string()
        };
        problems.push(Problem::new(field, message));
    }
    let read = overrides.faq.as_ref().and_then(FaqText::read).cloned();
    (problems, read)
}

/// The line where the entry with `id` starts in `text`.
fn new_faq_entry_line(text: &str, id: &str) -> usize {
    let needle = format!("- id: {id}");
    text.lines()
        .position(|l| l.trim_start() == needle)
        .map_or(usize::MAX, |i| i + 1)
}

/// Which field a line of a written entry belongs to.
fn field_of_line(line: &str) -> Field {
    let t = line.trim_start().trim_start_matches("- ");
    if t.starts_with("question:") {
        Field::Question
    } else if t.starts_with("topics:") {
        Field::Topics
    } else if t.starts_with("related:") {
        Field::Related
    } else if t.starts_with("id:") {
        Field::Id
    } else {
        Field::Answer
    }
}
