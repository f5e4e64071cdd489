//! The index's layout: the ranking laid out in small files, so that a query downloads only
//! what it needs, however large the site, and gets everything it shows in one round.
//!
//! All under `search/`:
//! - `manifest.json`: the format version, the number of documents, and the keys of the word
//!   and typo files that exist (so the browser never asks for a file that is not there).
//! - `w/<key>.json`, one per first three letters of a stem ([`words::prefix_key`]):
//!   `stems`, each stem's postings as a flat list `[doc, score, excerpt, …]`, best first, at
//!   most [`MAX_POSTINGS`] documents; `docs`, the title, link and kind of each document
//!   listed; `text`, the excerpts (the sentence where the stem first appears in that
//!   document), each once. A result is shown from the word file alone.
//! - `t/<key>.json`, one per last two letters ([`words::suffix_key`]): the stems of four
//!   letters or more ending so. A query word whose first letters were mistyped finds its
//!   stem here, then the stem's word file.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::documents::Kind;
use super::json::JsonOut;
#[cfg(doc)]
use super::ranking::MAX_POSTINGS;
use super::ranking::{Posting, Ranking};
use super::words;
use crate::word_map::FastMap;

/// The index format's version, in the manifest; `search-engine.js` refuses another.
pub const VERSION: u32 = 2;

/// A document as results show it.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: Kind,
}

/// A file's bytes.
pub type Bytes = Arc<[u8]>;

/// The word file of some stems (sorted) and their postings; `head` gives each document's.
pub fn word_file<'s, 'h>(
    stems: impl Iterator<Item = (&'s str, &'s [Posting])>,
    head: &(dyn Fn(u32) -> Head<'h> + Sync),
) -> Bytes {
    let mut docs: BTreeMap<u32, (&str, &str, &str)> = BTreeMap::new();
    let mut text: Vec<&str> = Vec::new();
    let mut text_at: FastMap<&str, u32> = FastMap::default();
    let mut out: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (stem, postings) in stems {
        let mut flat = Vec::with_capacity(postings.len() * 3);
        for p in postings {
            docs.entry(p.doc).or_insert_with(|| {
                let h = head(p.doc);
                (h.title, h.url, h.kind.label())
            });
            let at = *text_at.entry(&p.excerpt).or_insert_with(|| {
                text.push(&p.excerpt);
                text.len() as u32 - 1
            });
            flat.extend([p.doc, p.score, at]);
        }
        out.insert(stem, flat);
    }
    write_word_file(&docs, &text, &out)
}

/// `{"docs":{…},"text":[…],"stems":{…}}`, as serde_json would write a struct of those three
/// maps and list.
fn write_word_file(
    docs: &BTreeMap<u32, (&str, &str, &str)>,
    text: &[&str],
    stems: &BTreeMap<&str, Vec<u32>>,
) -> Bytes {
    let heads: usize = docs.values().map(|(t, u, _)| t.len() + u.len() + 24).sum();
    let excerpts: usize = text.iter().map(|t| t.len() + 3).sum();
    let postings: usize = stems.iter().map(|(s, p)| s.len() + 5 + 6 * p.len()).sum();
    let mut out = JsonOut::with_capacity(heads + excerpts + postings + 32);
    out.raw("{\"docs\":{");
    for (i, (doc, (title, url, kind))) in docs.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.u32_key(*doc);
        out.raw(":[");
        out.str(title);
        out.raw(",");
        out.str(url);
        out.raw(",");
        out.str(kind);
        out.raw("]");
    }
    out.raw("},\"text\":[");
    for (i, excerpt) in text.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.str(excerpt);
    }
    out.raw("],\"stems\":{");
    for (i, (stem, flat)) in stems.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.str(stem);
        out.raw(":[");
        for (j, n) in flat.iter().enumerate() {
            if j > 0 {
                out.raw(",");
            }
            out.u32(*n);
        }
        out.raw("]");
    }
    out.raw("}}");
    Arc::from(out.into_bytes())
}

/// The typo file of some stems.
pub fn typo_file(stems: &[&str]) -> Bytes {
    json(&stems)
}

/// The manifest, naming the word and typo files by key.
pub fn manifest(docs: usize, words: &[&str], typos: &[&str]) -> Bytes {
    json(&Manifest {
        version: VERSION,
        docs,
        words,
        typos,
    })
}

/// Whether a stem is in a typo file (one of four letters or more).
pub fn in_typo_file(stem: &str) -> bool {
    words::typos_allowed(stem) > 0
}

/// The files of the index: (path under the output folder, bytes), manifest first, word
/// files then typo files by key.
pub fn files<'a>(
    ranking: &'a Ranking,
    docs: usize,
    head: &(dyn Fn(u32) -> Head<'a> + Sync),
) -> Vec<(String, Bytes)> {
    let mut word_keys: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut typo_keys: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (i, (stem, _)) in ranking.stems.iter().enumerate() {
        word_keys
            .entry(words::prefix_key(stem))
            .or_default()
            .push(i);
        if in_typo_file(stem) {
            typo_keys
                .entry(words::suffix_key(stem))
                .or_default()
                .push(stem);
        }
    }
    let words: Vec<&str> = word_keys.keys().map(String::as_str).collect();
    let typos: Vec<&str> = typo_keys.keys().map(String::as_str).collect();
    let mut out = vec![(
        "search/manifest.json".to_owned(),
        manifest(docs, &words, &typos),
    )];
    let word_files: Vec<(String, Bytes)> = word_keys
        .par_iter()
        .map(|(key, list)| {
            let stems = list.iter().map(|&i| {
                let (stem, postings) = &ranking.stems[i];
                (&**stem, postings.as_slice())
            });
            (format!("search/w/{key}.json"), word_file(stems, head))
        })
        .collect();
    out.extend(word_files);
    for (key, stems) in &typo_keys {
        out.push((format!("search/t/{key}.json"), typo_file(stems)));
    }
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    words: &'a [&'a str],
    typos: &'a [&'a str],
}

fn json<T: Serialize>(value: &T) -> Bytes {
    // Maps with string keys, strings and numbers: serialising cannot fail.
    Arc::from(serde_json::to_vec(value).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::documents::{self, Source};
    use crate::render::search::ranking::{self, MAX_POSTINGS};

    fn rendered(text: &str) -> Arc<crate::render::Rendered> {
        Arc::new(crate::render::Rendered {
            html: format!("<p>{text}</p>"),
            ..Default::default()
        })
    }

    fn files(docs: &[(&str, &str)]) -> Vec<(String, Bytes)> {
        let bodies: Vec<_> = docs.iter().map(|(_, text)| rendered(text)).collect();
        let urls: Vec<String> = docs.iter().map(|(t, _)| format!("/a/{t}/")).collect();
        let sources: Vec<Source> = docs
            .iter()
            .zip(&bodies)
            .map(|((title, _), rendered)| documents::test_article(title, rendered))
            .collect();
        let read = ranking::rank(&sources, false);
        let head = |d: u32| Head {
            title: sources[d as usize].title,
            url: &urls[d as usize],
            kind: Kind::Article,
        };
        super::files(&read.ranking, docs.len(), &head)
    }

    fn parse(files: &[(String, Bytes)], path: &str) -> serde_json::Value {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn titles_weigh_more_than_body_text() {
        let docs = [("Sleep", "Needles are thin."), ("Needling", "Sleep well.")];
        let files = files(&docs);
        let ne = parse(&files, "search/w/nee.json");
        // Document 1 has it in its title (20), document 0 once in its body (1). Each is
        // shown with its title, link, kind and the sentence quoted.
        assert_eq!(ne["stems"]["needl"], serde_json::json!([1, 20, 0, 0, 1, 1]));
        assert_eq!(
            ne["text"],
            serde_json::json!(["Sleep well.", "Needles are thin."])
        );
        assert_eq!(
            ne["docs"],
            serde_json::json!({"0": ["Sleep", "/a/Sleep/", "Article"],
                               "1": ["Needling", "/a/Needling/", "Article"]})
        );
        let sl = parse(&files, "search/w/sle.json");
        assert_eq!(sl["stems"]["sleep"], serde_json::json!([0, 20, 0, 1, 1, 1]));
    }

    #[test]
    fn the_manifest_lists_every_word_and_typo_file() {
        let docs = [("Dry needling sessions", "A session of dry needling.")];
        let files = files(&docs);
        let manifest = parse(&files, "search/manifest.json");
        assert_eq!(manifest["version"], 2);
        assert_eq!(manifest["docs"], 1);
        assert_eq!(
            manifest["words"],
            serde_json::json!(["dry", "nee", "of", "ses"])
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
                "search/w/dry.json",
                "search/w/nee.json",
                "search/w/of.json",
                "search/w/ses.json",
                "search/t/dl.json",
                "search/t/on.json",
            ]
        );
    }

    #[test]
    fn a_common_word_lists_only_its_best_documents() {
        let titles: Vec<String> = (0..MAX_POSTINGS + 5).map(|i| format!("d{i}")).collect();
        let mut docs: Vec<(&str, &str)> = titles.iter().map(|t| (t.as_str(), "pain")).collect();
        docs.push(("Pain", "pain pain"));
        let files = files(&docs);
        let w = parse(&files, "search/w/pai.json");
        let list = w["stems"]["pain"].as_array().unwrap();
        assert_eq!(list.len(), 3 * MAX_POSTINGS);
        // The document with the word in its title comes first.
        assert_eq!(list[0], MAX_POSTINGS + 5);
        assert_eq!(list[1], 22);
        // Then the others in order; those past the limit are left out, with their heads.
        assert_eq!(list[3], 0);
        assert_eq!(w["docs"].as_object().unwrap().len(), MAX_POSTINGS);
        assert!(w["docs"].get(format!("{}", MAX_POSTINGS + 1)).is_none());
    }
}
