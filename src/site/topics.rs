//! The site's topics: those defined in `topics.yaml`, or (without that file) those taken
//! from use, and the lookup from a topic slug an item names to its topic.

use std::collections::HashMap;

use super::{Topic, title_from_slug};
use crate::content::TopicDef;
use crate::content::source::SourceFile;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};

/// The topics found so far, growing as items name new ones when none are defined.
pub(super) struct Topics {
    /// `topics.yaml`, when the site has one: then only its topics exist.
    pub source: Option<SourceFile>,
    pub list: Vec<Topic>,
    pub by_slug: HashMap<String, usize>,
    /// The slugs `topics.yaml` defines, for "did you mean" hints.
    defined: Vec<String>,
}

impl Topics {
    pub fn new(defs: Option<(SourceFile, Vec<TopicDef>)>) -> Topics {
        let (source, list): (_, Vec<Topic>) = match defs {
            Some((src, defs)) => (Some(src), defs.into_iter().map(defined_topic).collect()),
            None => (None, Vec::new()),
        };
        let by_slug = list
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        let defined = list.iter().map(|t| t.slug.clone()).collect();
        Topics {
            source,
            list,
            by_slug,
            defined,
        }
    }

    /// The topics `slugs` name, each once, in order. An unknown slug is reported at the
    /// position `at` gives for it.
    pub fn resolve_all(
        &mut self,
        slugs: &[String],
        diags: &mut Diagnostics,
        at: impl Fn(&str, String) -> Diagnostic,
    ) -> Vec<usize> {
        let mut topics = Vec::new();
        for slug in slugs {
            match self.resolve(slug) {
                Some(i) if !topics.contains(&i) => topics.push(i),
                Some(_) => {}
                // Every use of one unknown topic is one mistake, shown once with its places.
                None => diags.push(at(slug, self.unknown(slug)).repeatable()),
            }
        }
        topics
    }

    /// The topic `slug` names: a defined one, or (with no `topics.yaml`) one made for it.
    fn resolve(&mut self, slug: &str) -> Option<usize> {
        if let Some(&i) = self.by_slug.get(slug) {
            return Some(i);
        }
        if self.source.is_some() {
            return None;
        }
        self.list.push(Topic {
            slug: slug.to_owned(),
            title: title_from_slug(slug),
            description: None,
            extra: serde_json::Value::Null,
            line: None,
            articles: Vec::new(),
            faq: Vec::new(),
            related: Vec::new(),
        });
        self.by_slug.insert(slug.to_owned(), self.list.len() - 1);
        Some(self.list.len() - 1)
    }

    fn unknown(&self, slug: &str) -> String {
        format!(
            "unknown topic `{slug}`{}; topics are defined in content/topics.yaml",
            did_you_mean(slug, self.defined.iter().map(String::as_str))
        )
    }
}

fn defined_topic(d: TopicDef) -> Topic {
    Topic {
        slug: d.slug,
        title: d.title,
        description: d.description,
        extra: d.extra,
        line: Some(d.line),
        articles: Vec::new(),
        faq: Vec::new(),
        related: Vec::new(),
    }
}
