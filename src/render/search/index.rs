//! The index's layout: which stems each document has and how much each weighs there, laid
//! out in small files so that a query downloads only what it needs, however large the site.
//!
//! All under `search/`:
//! - `manifest.json`: the format version, the number of documents, and the keys of the word
//!   and typo files that exist (so the browser never asks for a file that is not there).
//! - `w/<key>.json`, one per first two letters of a stem ([`words::prefix_key`]): each stem
//!   and its postings, a flat list `[doc, score, doc, score, …]`, best first, at most
//!   [`MAX_POSTINGS`] documents.
//! - `t/<key>.json`, one per last two letters ([`words::suffix_key`]): the stems of four
//!   letters or more ending so. A query word whose first letters were mistyped finds its
//!   stem here, then the stem's word file.
//! - `d/<n>.json`, one per document: title, link, kind and plain text, fetched only for the
//!   results shown.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::documents::Doc;
use super::words;

/// The index format's version, in the manifest; `search-engine.js` refuses another.
pub const VERSION: u32 = 1;
/// The most documents a stem lists (those where it weighs most). A word in more documents
/// than this is common enough that the best of them are what a reader wants.
pub const MAX_POSTINGS: usize = 100;

/// How much one occurrence weighs in each part, and how many occurrences count at most.
const TITLE: (u32, u32) = (20, 2);
const HEADING: (u32, u32) = (5, 2);
const DESCRIPTION: (u32, u32) = (4, 2);
const BODY: (u32, u32) = (1, 10);

/// One document's part of the index: its stems with their weights, and its own file.
#[derive(Debug)]
pub struct Entry {
    pub stems: Vec<(String, u32)>,
    /// `d/<n>.json`'s text.
    pub file: Arc<[u8]>,
}

impl Entry {
    pub fn new(doc: &Doc) -> Entry {
        let mut stems: Vec<(String, u32)> = weigh(doc).into_iter().collect();
        stems.sort_unstable();
        Entry {
            stems,
            file: Arc::from(json(&DocFile::from(doc)).into_bytes()),
        }
    }
}

/// The files of the index: (path under the output folder, bytes), manifest first, made from
/// each document's entry (document `n` is `entries[n]`).
pub fn files(entries: &[Arc<Entry>]) -> Vec<(String, Arc<[u8]>)> {
    let mut postings: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (id, entry) in entries.iter().enumerate() {
        for (stem, score) in &entry.stems {
            postings.entry(stem).or_default().push((id as u32, *score));
        }
    }
    let mut postings: Vec<(&str, Vec<(u32, u32)>)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut word_files: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    let mut typo_files: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (stem, list) in &mut postings {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
        let flat = list.iter().flat_map(|&(d, s)| [d, s]).collect();
        word_files
            .entry(words::prefix_key(stem))
            .or_default()
            .insert(stem, flat);
        if words::typos_allowed(stem) > 0 {
            typo_files
                .entry(words::suffix_key(stem))
                .or_default()
                .push(stem);
        }
    }
    let manifest = Manifest {
        version: VERSION,
        docs: entries.len(),
        words: word_files.keys().map(String::as_str).collect(),
        typos: typo_files.keys().map(String::as_str).collect(),
    };
    let bytes = |text: String| -> Arc<[u8]> { Arc::from(text.into_bytes()) };
    let mut out = vec![("search/manifest.json".to_owned(), bytes(json(&manifest)))];
    for (key, stems) in &word_files {
        out.push((format!("search/w/{key}.json"), bytes(json(stems))));
    }
    for (key, stems) in &typo_files {
        out.push((format!("search/t/{key}.json"), bytes(json(stems))));
    }
    for (id, entry) in entries.iter().enumerate() {
        out.push((format!("search/d/{id}.json"), Arc::clone(&entry.file)));
    }
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    words: Vec<&'a str>,
    typos: Vec<&'a str>,
}

/// A document as results show it.
#[derive(Serialize)]
struct DocFile<'a> {
    title: &'a str,
    url: &'a str,
    kind: &'static str,
    text: &'a str,
}

impl<'a> From<&'a Doc> for DocFile<'a> {
    fn from(d: &'a Doc) -> Self {
        DocFile {
            title: &d.title,
            url: &d.url,
            kind: d.kind.label(),
            text: &d.text,
        }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    // Maps with string keys, strings and numbers: serialising cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// Each stem of `doc` and its weight there: occurrences in each part, capped, times the
/// part's weight, summed.
fn weigh(doc: &Doc) -> HashMap<String, u32> {
    let mut counts: HashMap<String, [u32; 4]> = HashMap::new();
    let parts = [&doc.title, &doc.headings, &doc.description, &doc.text];
    for (i, part) in parts.iter().enumerate() {
        words::for_each_stem(part, |stem| match counts.get_mut(stem) {
            Some(n) => n[i] += 1,
            None => {
                let mut n = [0; 4];
                n[i] = 1;
                counts.insert(stem.to_owned(), n);
            }
        });
    }
    let rules = [TITLE, HEADING, DESCRIPTION, BODY];
    counts
        .into_iter()
        .map(|(stem, n)| {
            let score = n
                .iter()
                .zip(rules)
                .map(|(&count, (weight, cap))| weight * count.min(cap))
                .sum();
            (stem, score)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::documents::Kind;

    fn doc(title: &str, text: &str) -> Doc {
        Doc {
            kind: Kind::Article,
            title: title.to_owned(),
            url: format!("/a/{title}/"),
            description: String::new(),
            headings: String::new(),
            text: text.to_owned(),
        }
    }

    fn files(docs: &[Doc]) -> Vec<(String, Arc<[u8]>)> {
        let entries: Vec<Arc<Entry>> = docs.iter().map(|d| Arc::new(Entry::new(d))).collect();
        super::files(&entries)
    }

    fn parse(files: &[(String, Arc<[u8]>)], path: &str) -> serde_json::Value {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn titles_weigh_more_than_body_text() {
        let docs = [
            doc("Sleep", "Needles are thin."),
            doc("Needling", "Sleep well."),
        ];
        let files = files(&docs);
        let ne = parse(&files, "search/w/ne.json");
        // Document 1 has it in its title (20), document 0 once in its body (1).
        assert_eq!(ne["needl"], serde_json::json!([1, 20, 0, 1]));
        let sl = parse(&files, "search/w/sl.json");
        assert_eq!(sl["sleep"], serde_json::json!([0, 20, 1, 1]));
    }

    #[test]
    fn the_manifest_lists_every_word_and_typo_file() {
        let docs = [doc("Dry needling sessions", "A session of dry needling.")];
        let files = files(&docs);
        let manifest = parse(&files, "search/manifest.json");
        assert_eq!(manifest["version"], 1);
        assert_eq!(manifest["docs"], 1);
        assert_eq!(
            manifest["words"],
            serde_json::json!(["dr", "ne", "of", "se"])
        );
        // Only stems of four letters or more can have a typo: "needl", "session".
        assert_eq!(manifest["typos"], serde_json::json!(["dl", "on"]));
        assert_eq!(
            parse(&files, "search/t/on.json"),
            serde_json::json!(["session"])
        );
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "search/manifest.json",
                "search/w/dr.json",
                "search/w/ne.json",
                "search/w/of.json",
                "search/w/se.json",
                "search/t/dl.json",
                "search/t/on.json",
                "search/d/0.json",
            ]
        );
        let d = parse(&files, "search/d/0.json");
        assert_eq!(d["title"], "Dry needling sessions");
        assert_eq!(d["kind"], "Article");
        assert_eq!(d["url"], "/a/Dry needling sessions/");
    }

    #[test]
    fn a_common_word_lists_only_its_best_documents() {
        let mut docs: Vec<Doc> = (0..MAX_POSTINGS + 5)
            .map(|i| doc(&format!("d{i}"), "pain"))
            .collect();
        docs.push(doc("Pain", "pain pain"));
        let files = files(&docs);
        let list = parse(&files, "search/w/pa.json")["pain"].clone();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2 * MAX_POSTINGS);
        // The document with the word in its title comes first.
        assert_eq!(list[0], MAX_POSTINGS + 5);
        assert_eq!(list[1], 22);
    }
}
