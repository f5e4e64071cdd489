//! Adding FAQ entries safely: the one write path behind `careleaf faq add` and the preview's
//! "add a question" form.
//!
//! An entry is checked before anything is written (question, unique id, no near-duplicate
//! question, known topics, existing related articles, and the answer's markdown and links,
//! through the same pipeline as a build with the new text in place of the file). Only
//! problems in `faq.yaml` or in the new entry block an add. The entry is then appended as
//! text ([`entry_text`]), the result is read back and compared with the old entries plus the
//! new one, and the file is replaced atomically under a lock ([`atomic`]); if the file
//! changed meanwhile, the add starts over from the new contents.

pub mod atomic;
pub mod entry_text;

use std::path::Path;

use crate::content::Overrides;
use crate::content::faq::{FAQ_FILE, Faq};
use crate::content::source::{SourceFile, normalise};
use crate::content::topics::{self, TOPICS_FILE};
use crate::diag::{Diagnostic, did_you_mean};
use crate::site::Options;
use crate::slug;
use entry_text::{EntryValues, entry_lines, entry_lines_quoted, insert_entry};

/// What an editor asked to add.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub question: String,
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    pub id: Option<String>,
    /// A topic to add to `topics.yaml` on purpose: (slug, title).
    pub new_topic: Option<(String, String)>,
}

/// Which input a problem is about (the form shows it next to that field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Question,
    Answer,
    Topics,
    Related,
    Id,
    NewTopic,
    /// The FAQ file itself (or the site's settings).
    File,
}

/// One reason an entry was refused.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

impl Problem {
    fn new(field: Field, message: impl Into<String>) -> Self {
        Problem {
            field,
            message: message.into(),
        }
    }
}

/// A successful add.
#[derive(Debug, Clone)]
pub struct Added {
    pub id: String,
    /// Site paths where the entry appears: `/faq/#id` and its topic pages.
    pub faq_path: String,
    pub topic_paths: Vec<String>,
}

/// Why an add did not happen. Nothing was written in either case.
#[derive(Debug)]
pub enum AddError {
    Invalid(Vec<Problem>),
    Io(String),
}

impl std::fmt::Display for AddError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddError::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}", p.message)?;
                }
                Ok(())
            }
            AddError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// How many times an add starts over when the file keeps changing under it.
const ATTEMPTS: usize = 20;

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

/// Checks `entry` against the site at `root` and adds it to `content/faq.yaml`.
pub fn add(root: &Path, entry: &NewEntry) -> Result<Added, AddError> {
    let entry = tidy(entry);
    let problems = basic_problems(&entry);
    if !problems.is_empty() {
        return Err(AddError::Invalid(problems));
    }
    let faq_path = root.join(FAQ_FILE);
    let topics_path = root.join(TOPICS_FILE);
    let _lock = atomic::Lock::acquire(&faq_path)
        .map_err(|e| AddError::Io(format!("cannot lock {FAQ_FILE}: {e}")))?;
    // `topics.yaml` as it was, and as this add wrote it, once it has (a new topic).
    let mut topics_written: Option<(Option<Vec<u8>>, String)> = None;
    let result = (|| {
        for _ in 0..ATTEMPTS {
            let old_faq = read_optional(&faq_path)?;
            let old_topics = read_optional(&topics_path)?;
            let ours = topics_written
                .as_ref()
                .is_some_and(|(_, text)| old_topics.as_deref() == Some(text.as_bytes()));
            let plan = plan(
                root,
                &entry,
                old_faq.as_deref(),
                old_topics.as_deref(),
                ours,
            )
            .map_err(AddError::Invalid)?;
            if let Some(new_topics) = &plan.topics_text {
                match atomic::replace(&topics_path, old_topics.as_deref(), new_topics.as_bytes()) {
                    Ok(()) => topics_written = Some((old_topics.clone(), new_topics.clone())),
                    Err(atomic::ReplaceError::Changed) => continue,
                    Err(atomic::ReplaceError::Io(e)) => {
                        return Err(AddError::Io(format!("cannot write {TOPICS_FILE}: {e}")));
                    }
                }
            }
            match atomic::replace(&faq_path, old_faq.as_deref(), plan.faq_text.as_bytes()) {
                Ok(()) => {
                    return Ok(Added {
                        faq_path: crate::render::paths::faq_entry(&plan.id),
                        topic_paths: plan
                            .topics
                            .iter()
                            .map(|t| crate::render::paths::topic(t))
                            .collect(),
                        id: plan.id,
                    });
                }
                Err(atomic::ReplaceError::Changed) => continue,
                Err(atomic::ReplaceError::Io(e)) => {
                    return Err(AddError::Io(format!("cannot write {FAQ_FILE}: {e}")));
                }
            }
        }
        Err(AddError::Io(format!(
            "{FAQ_FILE} kept changing while careleaf tried to add the entry; try again"
        )))
    })();
    if result.is_err() {
        // A refused add changes no file: take back the topic this add wrote, if any.
        if let Some((before, ours)) = topics_written {
            undo_topics(&topics_path, before.as_deref(), &ours);
        }
    }
    result
}

/// Puts `topics.yaml` back as it was, if it still holds what this add wrote.
fn undo_topics(path: &Path, before: Option<&[u8]>, ours: &str) {
    match before {
        Some(old) => {
            let _ = atomic::replace(path, Some(ours.as_bytes()), old);
        }
        None => {
            if std::fs::read(path).is_ok_and(|now| now == ours.as_bytes()) {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Checks `entry` without writing anything (the form's live checks use this).
pub fn check(root: &Path, entry: &NewEntry) -> Result<String, Vec<Problem>> {
    let entry = tidy(entry);
    let problems = basic_problems(&entry);
    if !problems.is_empty() {
        return Err(problems);
    }
    let faq = read_optional(&root.join(FAQ_FILE))
        .map_err(|e| vec![Problem::new(Field::File, e.to_string())])?;
    let topics = read_optional(&root.join(TOPICS_FILE))
        .map_err(|e| vec![Problem::new(Field::File, e.to_string())])?;
    plan(root, &entry, faq.as_deref(), topics.as_deref(), false).map(|p| p.id)
}

/// Line endings and surrounding space as an editor would expect them.
fn tidy(entry: &NewEntry) -> NewEntry {
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
fn basic_problems(e: &NewEntry) -> Vec<Problem> {
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
    if let Some(id) = &e.id {
        if !slug::is_valid(id) {
            out.push(Problem::new(Field::Id, slug::invalid_reason("id", id)));
        }
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

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, AddError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(AddError::Io(format!("cannot read {}: {e}", path.display()))),
    }
}

/// The new texts, ready to write.
struct Plan {
    id: String,
    /// The entry's topics, a new topic included.
    topics: Vec<String>,
    faq_text: String,
    topics_text: Option<String>,
}

fn as_text(bytes: Option<&[u8]>, rel: &str) -> Result<String, Vec<Problem>> {
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

/// Works out and checks the new file contents for `e`, given the current ones.
/// `topic_already_added`: an earlier attempt of this add wrote the new topic (the add is
/// starting over because `faq.yaml` changed), so finding it defined is expected.
fn plan(
    root: &Path,
    e: &NewEntry,
    faq: Option<&[u8]>,
    topics_bytes: Option<&[u8]>,
    topic_already_added: bool,
) -> Result<Plan, Vec<Problem>> {
    let faq_text = as_text(faq, FAQ_FILE)?;
    let topics_text = as_text(topics_bytes, TOPICS_FILE)?;
    let mut problems = Vec::new();

    // The current FAQ must itself be sound.
    let current = Faq::parse(SourceFile::new(
        FAQ_FILE,
        root.join(FAQ_FILE),
        normalise(faq_text.clone()),
    ));
    let (current, faq_problems) = current;
    let faq_errors: Vec<&Diagnostic> = faq_problems.iter().filter(|d| d.is_error()).collect();
    if !faq_errors.is_empty() || (faq.is_some() && current.is_none()) {
        let list: Vec<String> = faq_errors.iter().map(|d| d.to_string()).collect();
        return Err(vec![Problem::new(
            Field::File,
            format!(
                "{FAQ_FILE} has errors; fix them before adding an entry:\n{}",
                list.join("\n")
            ),
        )]);
    }
    let existing = current.map(|f| f.entries).unwrap_or_default();

    let id = e.id.clone().unwrap_or_else(|| slug::slugify(&e.question));
    if id.is_empty() {
        problems.push(Problem::new(
            Field::Id,
            "cannot make an id from this question; give one",
        ));
    }
    if let Some(other) = existing.iter().find(|x| x.id == id) {
        problems.push(Problem::new(
            Field::Id,
            format!(
                "the id `{id}` is already used by the entry at {FAQ_FILE}:{} (\"{}\"); choose another id",
                other.first_line, other.question
            ),
        ));
    }
    let wanted = normalise_question(&e.question);
    if let Some(other) = existing
        .iter()
        .find(|x| normalise_question(&x.question) == wanted)
    {
        problems.push(Problem::new(
            Field::Question,
            format!(
                "this question is already in the FAQ: \"{}\" (id `{}`, {FAQ_FILE}:{})",
                other.question, other.id, other.first_line
            ),
        ));
    }

    // Topics: known ones, or a new one added on purpose.
    let has_topics_file = topics_bytes.is_some();
    let defined: Vec<String> = if has_topics_file {
        let src = SourceFile::new(
            TOPICS_FILE,
            root.join(TOPICS_FILE),
            normalise(topics_text.clone()),
        );
        match topics::parse(&src) {
            Ok(t) => t.into_iter().map(|t| t.slug).collect(),
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
    } else {
        Vec::new()
    };
    let mut new_topics_text = None;
    let mut known = defined.clone();
    if let Some((slug_text, title)) = &e.new_topic {
        if topic_already_added && defined.contains(slug_text) {
            // Written by this add's earlier attempt: nothing more to do.
        } else if defined.contains(slug_text) {
            problems.push(Problem::new(
                Field::NewTopic,
                format!("the topic `{slug_text}` already exists; use --topic {slug_text}"),
            ));
        } else {
            let mut t = topics_text.clone();
            let nl = if t.contains("\r\n") { "\r\n" } else { "\n" };
            if !t.is_empty() && !t.ends_with('\n') {
                t.push_str(nl);
            }
            t.push_str(&format!(
                "{slug_text}:{nl}  title: {}{nl}",
                entry_text::quoted(title)
            ));
            new_topics_text = Some(t);
            known.push(slug_text.clone());
        }
    }
    let topics_checked = has_topics_file || e.new_topic.is_some();
    let mut topics = e.topics.clone();
    if let Some((s, _)) = &e.new_topic {
        if !topics.contains(s) {
            topics.push(s.clone());
        }
    }
    if topics_checked {
        for t in &topics {
            if !known.contains(t) {
                problems.push(Problem::new(
                    Field::Topics,
                    format!(
                        "unknown topic `{t}`{}; known topics: {} (add one on purpose with --new-topic {t} --topic-title \"...\")",
                        did_you_mean(t, known.iter().map(String::as_str)),
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let values = EntryValues {
        id: id.clone(),
        question: e.question.clone(),
        answer: e.answer.clone(),
        topics: topics.clone(),
        related: e.related.clone(),
    };
    let new_faq = compose(&faq_text, &values, &existing)?;

    // The same checks a build makes, with the new text in place; only problems in the FAQ
    // (and a topics file we change) count.
    let overrides = Overrides {
        faq: Some(new_faq.clone()),
        topics: new_topics_text.clone(),
    };
    let diags = crate::pipeline::check_content(root, Options::default(), &overrides);
    let entry_start = new_faq_entry_line(&new_faq, &id);
    for d in diags.iter().filter(|d| d.is_error()) {
        let field = if d.path == FAQ_FILE {
            if d.line >= entry_start {
                field_of_line(d.source_line.as_deref().unwrap_or(""))
            } else {
                Field::File
            }
        } else if d.path == TOPICS_FILE && new_topics_text.is_some() {
            Field::NewTopic
        } else if d.path == crate::config::CONFIG_FILE {
            Field::File
        } else {
            continue;
        };
        let message = if field == Field::File || field == Field::NewTopic {
            d.to_string()
        } else {
            d.message.clone()
        };
        problems.push(Problem::new(field, message));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        id,
        topics,
        faq_text: new_faq,
        topics_text: new_topics_text,
    })
}

/// Appends the entry and proves the result reads back as the old entries plus the new one.
fn compose(
    faq_text: &str,
    v: &EntryValues,
    existing: &[crate::content::FaqEntry],
) -> Result<String, Vec<Problem>> {
    let attempts: [&dyn Fn(usize) -> Vec<String>; 2] =
        [&|d| entry_lines(v, d), &|d| entry_lines_quoted(v, d)];
    for make in attempts {
        let text = insert_entry(faq_text, make)
            .map_err(|e| vec![Problem::new(Field::File, e.to_string())])?;
        if reads_back(&text, v, existing) {
            return Ok(text);
        }
    }
    Err(vec![Problem::new(
        Field::Answer,
        "careleaf could not write this answer so that it reads back exactly; nothing was changed",
    )])
}

fn reads_back(text: &str, v: &EntryValues, existing: &[crate::content::FaqEntry]) -> bool {
    let (faq, _) = Faq::parse(SourceFile::new(
        FAQ_FILE,
        FAQ_FILE,
        normalise(text.to_owned()),
    ));
    let Some(faq) = faq else {
        return false;
    };
    if faq.entries.len() != existing.len() + 1 {
        return false;
    }
    let same = |a: &crate::content::FaqEntry, b: &crate::content::FaqEntry| {
        a.id == b.id
            && a.question == b.question
            && a.answer == b.answer
            && a.topics == b.topics
            && a.related == b.related
            && a.reviewed_on == b.reviewed_on
            && a.extra == b.extra
    };
    if !existing.iter().zip(&faq.entries).all(|(a, b)| same(a, b)) {
        return false;
    }
    let Some(new) = faq.entries.last() else {
        return false;
    };
    new.id == v.id
        && new.question == v.question
        && new.answer == v.answer
        && new.topics == v.topics
        && new.related == v.related
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

/// The answer as the FAQ page will show it: the site's markdown pipeline, links at `/`.
pub fn render_answer(answer: &str) -> String {
    let none = |_: &Path| -> Option<String> { None };
    let ctx = crate::render::markdown::Context {
        base_path: "",
        page_path: crate::render::paths::FAQ,
        source_file: None,
        resolve_file: &none,
        id_prefix: "preview_",
    };
    crate::render::markdown::render(answer, &ctx).html
}

/// What the "add a question" form offers: topics and articles, each as (slug, title).
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub topics: Vec<(String, String)>,
    /// True when `topics.yaml` exists, so only its topics may be used.
    pub topics_defined: bool,
    pub articles: Vec<(String, String)>,
}

/// The topics and articles of the site at `root`, for the form.
pub fn choices(root: &Path, drafts: bool) -> Choices {
    let mut diags = crate::diag::Diagnostics::new();
    let content = crate::content::load(root, &mut diags);
    let mut articles: Vec<(String, String)> = content
        .articles
        .iter()
        .filter(|d| drafts || !d.front.draft)
        .map(|d| (d.slug.clone(), d.front.title.clone()))
        .collect();
    articles.sort_by_key(|a| a.1.to_lowercase());
    if let Some((_, defs)) = content.topics {
        return Choices {
            topics: defs.into_iter().map(|t| (t.slug, t.title)).collect(),
            topics_defined: true,
            articles,
        };
    }
    // Without topics.yaml: the topics in use, titled from their slugs.
    let mut used: Vec<String> = Vec::new();
    let faq_topics = content
        .faq
        .iter()
        .flat_map(|f| f.entries.iter().flat_map(|e| e.topics.iter()));
    for t in content
        .articles
        .iter()
        .flat_map(|d| d.front.topics.iter())
        .chain(faq_topics)
    {
        if !used.contains(t) {
            used.push(t.clone());
        }
    }
    Choices {
        topics: used
            .into_iter()
            .map(|s| {
                let title = crate::site::title_from_slug(&s);
                (s, title)
            })
            .collect(),
        topics_defined: false,
        articles,
    }
}

/// The topics an entry may use (from `topics.yaml`), for prompts and the form.
pub fn list_topics(root: &Path) -> Vec<String> {
    let path = root.join(TOPICS_FILE);
    let Ok(src) = SourceFile::read(root, &path) else {
        return Vec::new();
    };
    topics::parse(&src)
        .map(|t| t.into_iter().map(|t| t.slug).collect())
        .unwrap_or_default()
}

/// An entry as `careleaf faq list` shows it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: String,
    pub question: String,
    pub topics: Vec<String>,
}

/// One line per entry for `careleaf faq list`: (id, question, topics).
pub fn list(root: &Path, topic: Option<&str>) -> Result<Vec<Listed>, Vec<Diagnostic>> {
    let path = root.join(FAQ_FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let src = SourceFile::read(root, &path).map_err(|d| vec![d])?;
    let (faq, problems) = Faq::parse(src);
    let errors: Vec<Diagnostic> = problems.into_iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(faq
        .map(|f| f.entries)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| topic.is_none_or(|t| e.topics.iter().any(|x| x == t)))
        .map(|e| Listed {
            id: e.id,
            question: e.question,
            topics: e.topics,
        })
        .collect())
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
