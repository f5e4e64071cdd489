//! The site model: what the loaded content means once it is taken together.
//!
//! Owns the checks that need the whole site (duplicate slugs and ids, unknown topics and
//! related articles, drafts) and the indexes pages are made from: article order, topic →
//! articles and topic → FAQ entries, related articles and related topics. Everything here
//! refers to items by index, so rendering never searches.

mod related;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::source::SourceFile;
use crate::content::{Content, Document, FaqEntry};
use crate::diag::{Diagnostics, did_you_mean};

/// Choices that change what a build includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include articles and pages marked `draft: true`.
    pub drafts: bool,
    /// Build for the preview server: links are root-relative at `/` whatever path
    /// `base_url` has, and absolute URLs (canonical, Open Graph) become root-relative too.
    pub preview: bool,
}

/// How many related articles an article lists.
pub const RELATED_LIMIT: usize = 5;

#[derive(Debug)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub extra: serde_json::Value,
    /// Articles of this topic, in site order.
    pub articles: Vec<usize>,
    /// FAQ entries of this topic, in file order.
    pub faq: Vec<usize>,
    /// Topics that appear together with this one, most shared first.
    pub related: Vec<usize>,
}

#[derive(Debug)]
pub struct Article {
    pub doc: Arc<Document>,
    pub topics: Vec<usize>,
    pub related: Vec<usize>,
    pub related_faq: Vec<usize>,
}

#[derive(Debug)]
pub struct FaqItem {
    pub entry: FaqEntry,
    pub topics: Vec<usize>,
    pub related: Vec<usize>,
}

/// The whole site, checked and indexed.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub options: Options,
    /// Articles in listing order: weight, then newest first, then title.
    pub articles: Vec<Article>,
    pub pages: Vec<Arc<Document>>,
    pub topics: Vec<Topic>,
    pub faq: Vec<FaqItem>,
    pub faq_title: String,
    /// Markdown.
    pub faq_intro: Option<String>,
    pub faq_source: Option<SourceFile>,
    pub topics_source: Option<SourceFile>,
    pub article_by_slug: HashMap<String, usize>,
    pub topic_by_slug: HashMap<String, usize>,
    /// Source file (absolute) → article slug, for relative `.md` links.
    pub article_by_file: HashMap<PathBuf, String>,
    /// Slugs of drafts left out of this build, so links to them get a clear message.
    pub excluded_drafts: HashSet<String>,
    pub excluded_draft_files: HashSet<PathBuf>,
    /// Slugs of articles and pages that failed to load (links to them are not re-reported).
    pub failed_slugs: HashSet<String>,
    /// The FAQ file failed to load (links into it are not re-reported).
    pub faq_failed: bool,
}

/// Folder names at the site root that careleaf's own pages use.
pub const RESERVED_SLUGS: &[&str] = &["articles", "topics", "faq", "_careleaf"];

impl Site {
    /// Builds the model; problems go to `diags` and the offending items are left out.
    pub fn build(
        config: Config,
        content: Content,
        options: Options,
        diags: &mut Diagnostics,
    ) -> Site {
        let Content {
            articles,
            pages,
            faq,
            topics,
            failed_slugs,
            faq_failed,
        } = content;
        let mut excluded_drafts = HashSet::new();
        let mut excluded_draft_files = HashSet::new();
        let mut kept = Vec::new();
        for doc in articles {
            if doc.front.draft && !options.drafts {
                excluded_drafts.insert(doc.slug.clone());
                excluded_draft_files.insert(doc.source.path.clone());
            } else {
                kept.push(doc);
            }
        }

        // Duplicate article slugs: name both files.
        let mut first_by_slug: HashMap<String, String> = HashMap::new();
        let mut articles = Vec::new();
        for doc in kept {
            if let Some(other) = first_by_slug.get(&doc.slug) {
                let (l, c) = slug_position(&doc);
                diags.push(doc.source.error(
                    l,
                    c,
                    format!("duplicate article slug `{}`: {} also uses it (articles' URLs are flat, so each needs its own slug)", doc.slug, other),
                ));
                continue;
            }
            first_by_slug.insert(doc.slug.clone(), doc.source.rel.clone());
            articles.push(doc);
        }

        let pages = check_pages(pages, options, diags);

        // Topics: defined in topics.yaml, or taken from use.
        let (topics_source, mut topic_list) = match topics {
            Some((src, defs)) => {
                let list = defs
                    .into_iter()
                    .map(|d| Topic {
                        slug: d.slug,
                        title: d.title,
                        description: d.description,
                        extra: d.extra,
                        articles: Vec::new(),
                        faq: Vec::new(),
                        related: Vec::new(),
                    })
                    .collect::<Vec<_>>();
                (Some(src), list)
            }
            None => (None, Vec::new()),
        };
        let defined = topics_source.is_some();
        let mut topic_by_slug: HashMap<String, usize> = topic_list
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect();
        let defined_slugs: Vec<String> = topic_list.iter().map(|t| t.slug.clone()).collect();

        let mut resolve_topic =
            |slug: &str, topic_by_slug: &mut HashMap<String, usize>| -> Option<usize> {
                if let Some(&i) = topic_by_slug.get(slug) {
                    return Some(i);
                }
                if defined {
                    return None;
                }
                topic_list.push(Topic {
                    slug: slug.to_owned(),
                    title: title_from_slug(slug),
                    description: None,
                    extra: serde_json::Value::Null,
                    articles: Vec::new(),
                    faq: Vec::new(),
                    related: Vec::new(),
                });
                topic_by_slug.insert(slug.to_owned(), topic_list.len() - 1);
                Some(topic_list.len() - 1)
            };
        let unknown_topic = |slug: &str| {
            format!(
                "unknown topic `{slug}`{}; topics are defined in content/topics.yaml",
                did_you_mean(slug, defined_slugs.iter().map(String::as_str))
            )
        };

        // Article order decides the order of every list of articles.
        articles.sort_by(|a, b| {
            let wa = a.front.weight.unwrap_or(i64::MAX);
            let wb = b.front.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb)
                .then_with(|| b.front.date.cmp(&a.front.date))
                .then_with(|| a.front.title.cmp(&b.front.title))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut site_articles = Vec::with_capacity(articles.len());
        for doc in articles {
            let mut topics = Vec::new();
            let fm_end = doc.front_matter_end_line();
            for t in &doc.front.topics {
                match resolve_topic(t, &mut topic_by_slug) {
                    Some(i) if !topics.contains(&i) => topics.push(i),
                    Some(_) => {}
                    None => {
                        let (l, c) = doc.source.locate_key_value("topics", t, 1, fm_end);
                        diags.push(doc.source.error(l, c, unknown_topic(t)));
                    }
                }
            }
            site_articles.push(Article {
                doc,
                topics,
                related: Vec::new(),
                related_faq: Vec::new(),
            });
        }
        let article_by_slug: HashMap<String, usize> = site_articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.doc.slug.clone(), i))
            .collect();
        let article_by_file: HashMap<PathBuf, String> = site_articles
            .iter()
            .map(|a| (a.doc.source.path.clone(), a.doc.slug.clone()))
            .collect();

        // FAQ entries.
        let mut faq_items = Vec::new();
        let (faq_title, faq_intro, faq_source) = match faq {
            Some(f) => {
                let mut seen: HashMap<String, usize> = HashMap::new();
                let src = f.source;
                for entry in f.entries {
                    let (first, last) = (entry.first_line, entry.last_line);
                    if let Some(prev_line) = seen.get(&entry.id) {
                        let (l, c) = if entry.explicit_id {
                            src.locate_key_value("id", &entry.id, first, last)
                        } else {
                            src.locate_key_in("question", first, last)
                                .unwrap_or((first, 1))
                        };
                        diags.push(src.error(
                            l,
                            c,
                            format!("duplicate FAQ id `{}`: the entry at line {prev_line} already uses it", entry.id),
                        ));
                        continue;
                    }
                    seen.insert(entry.id.clone(), first);
                    if !entry.explicit_id {
                        let (l, c) = src
                            .locate_key_in("question", first, last)
                            .unwrap_or((first, 1));
                        diags.push(src.warning(
                            l,
                            c,
                            format!("this entry has no `id:`; add `id: {}` so its link (/faq/#{}) survives a reworded question", entry.id, entry.id),
                        ));
                    }
                    let mut topics = Vec::new();
                    for t in &entry.topics {
                        match resolve_topic(t, &mut topic_by_slug) {
                            Some(i) if !topics.contains(&i) => topics.push(i),
                            Some(_) => {}
                            None => {
                                let (l, c) = src.locate_key_value("topics", t, first, last);
                                diags.push(src.error(l, c, unknown_topic(t)));
                            }
                        }
                    }
                    let mut related = Vec::new();
                    for r in &entry.related {
                        if let Some(&i) = article_by_slug.get(r) {
                            if !related.contains(&i) {
                                related.push(i);
                            }
                            continue;
                        }
                        if failed_slugs.contains(r) {
                            // That article failed to load and was reported already.
                            continue;
                        }
                        let (l, c) = src.locate_key_value("related", r, first, last);
                        let msg = if excluded_drafts.contains(r) {
                            format!(
                                "related article `{r}` is a draft (build with --drafts to include it)"
                            )
                        } else {
                            format!(
                                "related article `{r}` does not exist{}",
                                did_you_mean(r, article_by_slug.keys().map(String::as_str))
                            )
                        };
                        diags.push(src.error(l, c, msg));
                    }
                    faq_items.push(FaqItem {
                        entry,
                        topics,
                        related,
                    });
                }
                (f.title, f.intro, Some(src))
            }
            None => ("Frequently asked questions".to_owned(), None, None),
        };

        let mut site = Site {
            config,
            options,
            articles: site_articles,
            pages,
            topics: topic_list,
            faq: faq_items,
            faq_title,
            faq_intro,
            faq_source,
            topics_source,
            article_by_slug,
            topic_by_slug,
            article_by_file,
            excluded_drafts,
            excluded_draft_files,
            failed_slugs: failed_slugs.into_iter().collect(),
            faq_failed,
        };
        related::index(&mut site);
        site
    }

    /// Articles newest first (by `date`, then listing order), for the home page.
    pub fn newest_articles(&self, n: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.articles.len()).collect();
        idx.sort_by(|&a, &b| {
            self.articles[b]
                .doc
                .front
                .date
                .cmp(&self.articles[a].doc.front.date)
                .then(a.cmp(&b))
        });
        idx.truncate(n);
        idx
    }
}

fn slug_position(doc: &Document) -> (usize, usize) {
    doc.source
        .locate_key_in("slug", 1, doc.front_matter_end_line())
        .unwrap_or((1, 1))
}

fn check_pages(
    pages: Vec<Arc<Document>>,
    options: Options,
    diags: &mut Diagnostics,
) -> Vec<Arc<Document>> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for doc in pages {
        if doc.front.draft && !options.drafts {
            continue;
        }
        let (l, c) = slug_position(&doc);
        if RESERVED_SLUGS.contains(&doc.slug.as_str()) {
            diags.push(doc.source.error(
                l,
                c,
                format!(
                    "page slug `{}` is taken by careleaf's own /{}/ pages; choose another",
                    doc.slug, doc.slug
                ),
            ));
            continue;
        }
        if let Some(other) = seen.get(&doc.slug) {
            diags.push(doc.source.error(
                l,
                c,
                format!("duplicate page slug `{}`: {} also uses it", doc.slug, other),
            ));
            continue;
        }
        seen.insert(doc.slug.clone(), doc.source.rel.clone());
        out.push(doc);
    }
    out
}

/// `dry-needling` → `Dry needling`.
pub fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_slugs() {
        assert_eq!(title_from_slug("dry-needling"), "Dry needling");
        assert_eq!(title_from_slug(""), "");
    }
}
