//! What an add is asked for and what it answers: [`NewEntry`], [`Problem`] (with the
//! [`Field`] it is about) and [`Added`].

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

impl Field {
    /// The name the command line shows for the field: `error (topic): ...`.
    pub fn label(self) -> &'static str {
        match self {
            Field::Question => "question",
            Field::Answer => "answer",
            Field::Topics => "topic",
            Field::Related => "related",
            Field::Id => "id",
            Field::NewTopic => "new topic",
            Field::File => "faq.yaml",
        }
    }
}

/// One reason an entry was refused.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

impl Problem {
    pub fn new(field: Field, message: impl Into<String>) -> Self {
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
