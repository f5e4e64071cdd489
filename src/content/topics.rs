//! `content/topics.yaml`: the optional list of topics, slug → title and description.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use super::source::SourceFile;
use crate::diag::Diagnostic;
use crate::slug;

/// The topics file's path relative to the site root.
pub const TOPICS_FILE: &str = "content/topics.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    extra: Option<serde_json::Value>,
}

/// A topic defined in `topics.yaml`.
#[derive(Debug, Clone)]
pub struct TopicDef {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub extra: serde_json::Value,
    pub line: usize,
}

/// A YAML mapping kept in file order.
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of topic slugs to `title:` and `description:`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

/// Parses `topics.yaml` into its topics, in file order.
pub fn parse(source: &SourceFile) -> Result<Vec<TopicDef>, Vec<Diagnostic>> {
    if source.text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let raw: Ordered<RawTopic> = crate::yaml::parse(&source.text)
        .map_err(|e| vec![source.error(e.line, e.column, e.message)])?;
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (slug_text, t) in raw.0 {
        let (line, col) = source.locate_key(&slug_text);
        if !slug::is_valid(&slug_text) {
            errors.push(source.error(line, col, slug::invalid_reason("topic", &slug_text)));
            continue;
        }
        if !seen.insert(slug_text.clone()) {
            errors.push(source.error(line, col, format!("topic `{slug_text}` is defined twice")));
            continue;
        }
        if t.title.trim().is_empty() {
            errors.push(source.error(line, col, format!("topic `{slug_text}` needs a `title`")));
            continue;
        }
        out.push(TopicDef {
            slug: slug_text,
            title: t.title,
            description: t.description,
            extra: t.extra.unwrap_or(serde_json::Value::Null),
            line,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The error for a `topics.yaml` that defines no topics (empty, or only comments): one
/// message for the file, rather than one "unknown topic" for every use of a topic.
pub fn defines_none(source: &SourceFile) -> Diagnostic {
    source.error(
        1,
        1,
        "content/topics.yaml defines no topics: add them (a line `pain:` with `  title: Pain` under it, for each topic), or delete the file to take the topics from the articles and questions that name them",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile::new(TOPICS_FILE, PathBuf::new(), text)
    }

    #[test]
    fn keeps_file_order() {
        let t = parse(&src(
            "zeta:\n  title: Z\nalpha:\n  title: A\n  description: d\n",
        ))
        .unwrap();
        let slugs: Vec<_> = t.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["zeta", "alpha"]);
        assert_eq!(t[1].line, 3);
    }

    #[test]
    fn strict_keys() {
        let e = parse(&src("pain:\n  title: P\n  descripton: x\n")).unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("did you mean `description`"));
    }
}
