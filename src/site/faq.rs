//! The FAQ in the site model: each entry's id checked unique across the file, its topics
//! and related articles resolved to indexes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::FaqItem;
use super::topics::Topics;
use crate::content::source::SourceFile;
use crate::content::{Faq, FaqEntry};
use crate::diag::{Diagnostics, did_you_mean};

/// The FAQ as the site model holds it.
pub(super) struct FaqModel {
    pub title: String,
    /// Markdown.
    pub intro: Option<String>,
    pub source: Option<SourceFile>,
    pub items: Vec<FaqItem>,
    /// The index in the file's entries of each item's entry (a repeated id is left out).
    pub kept: Vec<usize>,
}

/// What the model derived for one FAQ item, kept for the next build.
#[derive(Debug, Clone)]
pub(super) struct ItemLists {
    /// The index of its entry in the file.
    pub entry: usize,
    pub topics: Arc<[usize]>,
    pub related: Arc<[usize]>,
}

/// What an entry's `related:` list may name.
pub(super) struct ArticleNames<'a> {
    pub by_slug: &'a HashMap<String, usize>,
    /// Articles that failed to load (reported already).
    pub failed: &'a HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: &'a HashSet<String>,
}

/// The FAQ's entries checked against the rest of the site; problem entries are reported
/// and (for a repeated id) left out.
pub(super) fn model(
    faq: Option<Faq>,
    topics: &mut Topics,
    articles: &ArticleNames,
    diags: &mut Diagnostics,
) -> FaqModel {
    let Some(faq) = faq else {
        return no_faq();
    };
    let src = faq.source;
    // Each id → the first line of the entry that took it.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    let mut kept = Vec::new();
    for (index, entry) in faq.entries.into_iter().enumerate() {
        if let Some(&prev_line) = seen.get(&entry.id) {
            report_repeated_id(&src, &entry, prev_line, diags);
            continue;
        }
        seen.insert(entry.id.clone(), entry.first_line);
        if !entry.explicit_id {
            warn_missing_id(&src, &entry, diags);
        }
        let (first, last) = (entry.first_line, entry.last_line);
        let topics = topics.resolve_all(&entry.topics, diags, |t, message| {
            let (l, c) = src.locate_key_value("topics", t, first, last);
            src.error(l, c, message)
        });
        let related = related_articles(&src, &entry, articles, diags);
        items.push(FaqItem {
            entry,
            topics: topics.into(),
            related: related.into(),
        });
        kept.push(index);
    }
    FaqModel {
        title: faq.title,
        intro: faq.intro,
        source: Some(src),
        items,
        kept,
    }
}

/// The model of a site without an FAQ file.
fn no_faq() -> FaqModel {
    FaqModel {
        title: "Frequently asked questions".to_owned(),
        intro: None,
        source: None,
        items: Vec::new(),
        kept: Vec::new(),
    }
}

/// The FAQ model [`model`] made for the same file before, from that file read again: each of
/// `lists` is the index of an item's entry with its topics and related articles.
pub(super) fn again(faq: Option<Faq>, lists: &[ItemLists]) -> FaqModel {
    let Some(faq) = faq else {
        return no_faq();
    };
    // `lists` follows the file's order, as `model` found the entries.
    let mut lists_in_order = lists.iter().peekable();
    let mut items = Vec::with_capacity(lists.len());
    for (index, entry) in faq.entries.into_iter().enumerate() {
        if let Some(kept) = lists_in_order.next_if(|kept| kept.entry == index) {
            items.push(FaqItem {
                entry,
                topics: kept.topics.clone(),
                related: kept.related.clone(),
            });
        }
    }
    FaqModel {
        title: faq.title,
        intro: faq.intro,
        source: Some(faq.source),
        items,
        kept: lists.iter().map(|kept| kept.entry).collect(),
    }
}

fn report_repeated_id(
    src: &SourceFile,
    entry: &FaqEntry,
    prev_line: usize,
    diags: &mut Diagnostics,
) {
    let (first, last) = (entry.first_line, entry.last_line);
    let (l, c) = if entry.explicit_id {
        src.locate_key_value("id", &entry.id, first, last)
    } else {
        src.locate_key_in("question", first, last)
            .unwrap_or((first, 1))
    };
    diags.push(src.error(
        l,
        c,
        format!(
            "duplicate FAQ id `{}`: the entry at line {prev_line} already uses it",
            entry.id
        ),
    ));
}

fn warn_missing_id(src: &SourceFile, entry: &FaqEntry, diags: &mut Diagnostics) {
    let (l, c) = src
        .locate_key_in("question", entry.first_line, entry.last_line)
        .unwrap_or((entry.first_line, 1));
    diags.push(src.warning(
        l,
        c,
        format!("this entry has no `id:`; add `id: {}` so its link (/faq/#{}) survives a reworded question", entry.id, entry.id),
    ));
}

/// The articles an entry's `related:` names, each once; unknown ones reported, except those
/// that failed to load (reported already).
fn related_articles(
    src: &SourceFile,
    entry: &FaqEntry,
    articles: &ArticleNames,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut related = Vec::new();
    for r in &entry.related {
        if let Some(&i) = articles.by_slug.get(r) {
            if !related.contains(&i) {
                related.push(i);
            }
            continue;
        }
        if articles.failed.contains(r) {
            continue;
        }
        let (l, c) = src.locate_key_value("related", r, entry.first_line, entry.last_line);
        let msg = if articles.drafts.contains(r) {
            format!("related article `{r}` is a draft (build with --drafts to include it)")
        } else {
            format!(
                "related article `{r}` does not exist{}",
                did_you_mean(r, articles.by_slug.keys().map(String::as_str))
            )
        };
        diags.push(src.error(l, c, msg));
    }
    related
}
