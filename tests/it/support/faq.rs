//! Helpers for the FAQ-editing tests (`faq_add`, `faq_form`): `careleaf faq add` and
//! `faq list` on a fixture site, reading `content/faq.yaml` back with a real YAML parser,
//! checking that an add only inserted bytes, and FAQ fixtures written as people write them.

use std::collections::BTreeMap;

use crate::support::{Opts, Run, Site, careleaf_in, careleaf_in_with, rich_site_files};

/// The FAQ file, relative to the site root.
pub const FAQ: &str = "content/faq.yaml";
/// The topics file, relative to the site root.
pub const TOPICS: &str = "content/topics.yaml";
/// The lock file careleaf's writers share (created by the first add, kept afterwards).
pub const LOCK: &str = ".careleaf/faq.yaml.lock";
/// The folder holding it, at the site's root, as [`crate::support::snapshot`] names it.
pub const LOCK_DIR: &str = ".careleaf/";
/// Where earlier careleaf versions kept the lock.
pub const OLD_LOCK: &str = "content/.faq.yaml.lock";

// ---------------------------------------------------------------------------------------------
// Adding and listing
// ---------------------------------------------------------------------------------------------

/// `careleaf faq add --root <site> <args...>`.
pub fn add(site: &Site, args: &[&str]) -> Run {
    add_with(site, args, &Opts::default())
}

pub fn add_with(site: &Site, args: &[&str], opts: &Opts) -> Run {
    let mut all = vec!["faq", "add"];
    all.extend_from_slice(args);
    careleaf_in_with(site, &all, opts)
}

/// The ids `careleaf faq list` prints, in order (it must succeed).
pub fn listed_ids(site: &Site) -> Vec<String> {
    let out = careleaf_in(site, &["faq", "list"]).ok();
    out.stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the FAQ back
// ---------------------------------------------------------------------------------------------

pub fn read(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// One entry of `faq.yaml`, as a YAML parser (not careleaf) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `None` when the entry has no `id:` line.
    pub id: Option<String>,
    pub question: String,
    pub answer: String,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    /// The whole item, for comparing old entries with what they were.
    pub raw: serde_yaml::Value,
}

/// Parses FAQ text with serde_yaml (independently of careleaf) into its entries.
pub fn parse_entries(bytes: &[u8]) -> Vec<Entry> {
    let doc: serde_yaml::Value = serde_yaml::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "faq.yaml is not valid YAML ({e}):\n{}",
            String::from_utf8_lossy(bytes)
        )
    });
    let Some(list) = doc.get("questions") else {
        return Vec::new();
    };
    let list = list
        .as_sequence()
        .unwrap_or_else(|| panic!("`questions` is not a list: {list:?}"));
    list.iter()
        .map(|item| {
            let s = |k: &str| item.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let v = |k: &str| -> Vec<String> {
                item.get(k)
                    .and_then(|v| v.as_sequence())
                    .map(|l| {
                        l.iter()
                            .map(|x| x.as_str().expect("a string").to_owned())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Entry {
                id: s("id"),
                question: s("question").expect("every entry has a question"),
                answer: s("answer").expect("every entry has an answer"),
                topics: v("topics"),
                related: v("related"),
                raw: item.clone(),
            }
        })
        .collect()
}

/// The entries of the site's `content/faq.yaml`.
pub fn entries(site: &Site) -> Vec<Entry> {
    parse_entries(&read(site, FAQ))
}

/// The entry with `id` (panics when there is none or several).
pub fn entry(site: &Site, id: &str) -> Entry {
    let all = entries(site);
    let found: Vec<&Entry> = all.iter().filter(|e| e.id.as_deref() == Some(id)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one entry with id `{id}`: {all:#?}"
    );
    found[0].clone()
}

/// Checks that `new` is `old` with one block of bytes inserted at a line start, holding the
/// `- id: <id>` line (possibly after blank separator lines), and nothing else changed.
/// Returns (insertion offset, inserted text).
pub fn assert_inserted(old: &[u8], new: &[u8], id: &str) -> (usize, String) {
    let new_text = String::from_utf8(new.to_vec()).expect("faq.yaml stays UTF-8");
    assert!(new.len() > old.len(), "the file did not grow:\n{new_text}");
    let grown = new.len() - old.len();
    // The insertion point: the longest common prefix that ends at a line start...
    let mut pos = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while pos > 0 && old[pos - 1] != b'\n' {
        pos -= 1;
    }
    // ...after which everything of the old file must follow unchanged.
    assert!(
        new[pos + grown..] == old[pos..],
        "the old bytes are not all kept around one inserted block.\n--- old ---\n{}\n--- new ---\n{new_text}",
        String::from_utf8_lossy(old)
    );
    let inserted = new_text[pos..pos + grown].to_owned();
    let needle = format!("- id: {id}");
    assert!(
        inserted.lines().any(|l| l.trim_start() == needle),
        "the inserted block has no `{needle}` line: {inserted:?}"
    );
    (pos, inserted)
}

/// Every file of the site (bytes), except the output folder and the writers' lock file (and
/// its folder), which an add may create without changing any content.
pub fn content_state(site: &Site) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut all = crate::support::snapshot(site.root());
    all.retain(|k, _| !k.starts_with("public/") && k != LOCK && k != LOCK_DIR);
    all
}

/// Names in `content/` that look like temporary files of a write.
pub fn temp_files(site: &Site) -> Vec<String> {
    crate::support::names_in(&site.path("content"))
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A FAQ written the way people write YAML by hand: comments everywhere, blank lines, three
/// quoting styles, folded and literal answers, a derived id, a nested list written flush
/// with its key, a comment after the last item and trailing spaces.
pub const HANDMADE_FAQ: &str = "\
# FAQ of the test site.   
# Keep answers short; ask the clinic before changing medical advice.
title: 'Common questions'   # single-quoted, with a comment
intro: >
  Answers to *common*
  questions.

questions:   # the list
  # needling first
  - id: does-it-hurt
    question: \"Does needling hurt?\"
    answer: A little. See [the guide](/articles/needling-guide/#during-the-session).
    topics: [needling, pain]
    related:
      - needling-guide
      - needling-safety
    reviewed_on: 2026-03-10

  - id: dry-needling-hurt
    question: 'Does dry needling hurt?'
    answer: |
      Usually only a little.

      Most people feel a *twitch*.
    topics: [needling]

  - question: What helps sleep?
    answer: >-
      Regular hours
      and a dark room.
    topics:
    - sleep
    related: [sleep-tips]
  # (add new questions above this line)
";

/// The shared rich fixture (topics, articles, pages) with [`HANDMADE_FAQ`] as its FAQ.
pub fn handmade_site() -> Site {
    let mut files = rich_site_files();
    for f in files.iter_mut() {
        if f.0 == FAQ {
            f.1 = HANDMADE_FAQ;
        }
    }
    Site::new(&files)
}

/// The rich fixture with `faq` as its FAQ (`None`: no FAQ file at all).
/// (An article of that fixture links to `/faq/#does-it-hurt`; here it links to `/faq/`.)
pub fn rich_site_with_faq(faq: Option<&str>) -> Site {
    let files: Vec<(String, String)> = rich_site_files()
        .into_iter()
        .filter(|(p, _)| *p != FAQ)
        .map(|(p, t)| (p.to_owned(), t.replace("/faq/#does-it-hurt", "/faq/")))
        .collect();
    let site = Site::from_owned(&files);
    if let Some(text) = faq {
        site.write(FAQ, text);
    }
    site
}
