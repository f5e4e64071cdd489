//! Read-only views for the command line and the preview's form: the entries
//! ([`list`]), the topics and articles an entry may use ([`choices`], [`list_topics`]) and
//! an answer as the FAQ page will show it ([`render_answer`]).

use std::path::Path;

use crate::content::faq::{FAQ_FILE, Faq};
use crate::content::source::SourceFile;
use crate::content::topics::{self, TOPICS_FILE};
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Error;

/// The answer as the FAQ page of the site at `root` will show it: the site's markdown
/// pipeline, links at `/`, callouts with the site's emergency number.
pub fn render_answer(root: &Path, answer: &str) -> String {
    let none = |_: &Path| -> Option<String> { None };
    let emergency_number = crate::config::Config::load(root, &mut Diagnostics::new())
        .and_then(|(config, _)| config.health.emergency_number);
    let ctx = crate::render::markdown::Context {
        base_path: "",
        page_path: crate::render::paths::FAQ,
        source_file: None,
        resolve_file: &none,
        id_prefix: "preview_",
        // Answers sit under their question, an `<h3>`.
        section_level: 3,
        emergency_number: emergency_number.as_deref(),
        glossary: None,
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
    let mut diags = Diagnostics::new();
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
    let Ok(src) = SourceFile::read_within(root, &path, crate::read::LISTS) else {
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
/// A FAQ with errors is refused with them ([`Error::Site`]); a `topic` the site does not
/// have is refused too ([`Error::UnknownTopic`]), as a typo would otherwise list nothing.
pub fn list(root: &Path, topic: Option<&str>) -> Result<Vec<Listed>, Error> {
    if let Some(t) = topic {
        known_topic(root, t)?;
    }
    let path = root.join(FAQ_FILE);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut errors = Diagnostics::new();
    let (faq, problems) = match SourceFile::read_within(root, &path, crate::read::LISTS) {
        Ok(src) => Faq::parse(src),
        Err(d) => (None, vec![d]),
    };
    errors.extend(problems.into_iter().filter(Diagnostic::is_error));
    if errors.has_errors() {
        return Err(Error::Site(errors));
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

/// Fails unless `topic` is one of the site's topics: those of `topics.yaml`, or without it
/// those its articles and questions use.
fn known_topic(root: &Path, topic: &str) -> Result<(), Error> {
    let known: Vec<String> = choices(root, true)
        .topics
        .into_iter()
        .map(|(slug, _)| slug)
        .collect();
    if known.iter().any(|k| k == topic) {
        return Ok(());
    }
    Err(Error::UnknownTopic {
        topic: topic.to_owned(),
        suggestion: crate::diag::did_you_mean(topic, known.iter().map(String::as_str)),
        known: if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        },
    })
}
