use std::path::Path;

use proptest::prelude::*;

use super::read;
use crate::content::document::FrontMatter;
use crate::fuzz::config;

/// What the YAML library makes of `text`.
fn library(text: &str) -> Result<FrontMatter, String> {
    crate::yaml::parse::<FrontMatter>(text).map_err(|e| e.message)
}

/// `text` is read by the quick reader, and as the library reads it.
#[track_caller]
fn reads_as_the_library(text: &str) -> FrontMatter {
    let quick =
        read::<FrontMatter>(text).unwrap_or_else(|| panic!("the quick reader gave up on\n{text}"));
    assert_eq!(Ok(&quick), library(text).as_ref(), "{text}");
    quick
}

#[test]
fn reads_front_matter_as_editors_write_it() {
    let front = reads_as_the_library(
        "title: \"A Patient's Guide to Acupuncture\"\n\
         description: Acupuncture explained - what happens, and when to ask (Q&A no. 1).\n\
         topics: [acupuncture, pacing, 'sleep']\n\
         date: 2018-12-04\n\
         reviewed_on: 2019-12-04\n\
         reviewed_by: \"Olivia Grant, RN\"\n\
         draft: false\n\
         weight: -2\n",
    );
    assert_eq!(front.title, "A Patient's Guide to Acupuncture");
    assert_eq!(
        front.description.as_deref(),
        Some("Acupuncture explained - what happens, and when to ask (Q&A no. 1).")
    );
    assert_eq!(front.topics, ["acupuncture", "pacing", "sleep"]);
    assert_eq!(
        front.date.map(|d| d.to_string()).as_deref(),
        Some("2018-12-04")
    );
    assert_eq!(front.reviewed_by.as_deref(), Some("Olivia Grant, RN"));
    assert_eq!(front.weight, Some(-2));

    let front = reads_as_the_library(
        "title: Myofascial pain\n\
         topics:\n  - myofascial-pain\n\n  # the main one first\n  - fibromyalgia\n\
         author: Fibromyalgia Guide editorial team   \n\
         sources:\n\
         - title: Fibromyalgia\n  publisher: National Health Service (NHS)\n  url: https://www.nhs.uk/conditions/fibromyalgia/\n\
         -   title: \"Dry needling: a review\"\n    year: 2017\n    doi: 10.1136/annrheumdis-2016-209724\n\
         extra: [a, b]\n",
    );
    assert_eq!(front.topics, ["myofascial-pain", "fibromyalgia"]);
    assert_eq!(
        front.author.as_deref(),
        Some("Fibromyalgia Guide editorial team")
    );
    assert_eq!(front.sources.len(), 2);
    assert_eq!(
        front.sources[0].url.as_deref(),
        Some("https://www.nhs.uk/conditions/fibromyalgia/")
    );
    assert_eq!(front.sources[1].title, "Dry needling: a review");
    assert_eq!(front.sources[1].year, Some(2017));
    assert_eq!(
        front.sources[1].doi.as_deref(),
        Some("10.1136/annrheumdis-2016-209724")
    );
}

#[test]
fn gives_up_on_what_only_the_library_should_read() {
    let cases = [
        // Comments after values, escapes, quotes doubled or left open.
        "title: Pain # draft",
        "title: \"Pain\" # draft",
        "title: \"Pain\\n\"",
        "title: 'it''s'",
        "title: \"Pain",
        // Values YAML may read as more than text, where text is wanted.
        "title: 123",
        "title: 1.5",
        "title: 0x1F",
        "title: 1_000",
        "title: 12:30",
        "title: .inf",
        "title: true",
        "title: yes",
        "title: null",
        "title: ~",
        "title: Pain\nreviewed_by:",
        "title: Pain\ndraft: yes",
        "title: Pain\nweight: 007",
        "title: Pain\nweight: \"7\"",
        // Anchors, tags, block and flow styles it does not read.
        "title: &t Pain",
        "title: !!str Pain",
        "title: |\n  Pain",
        "title: >\n  Pain",
        "title: Pain\n  and more",
        "title: {a: b}",
        "title: Pain\ntopics: [a,]",
        "title: Pain\ntopics: [\"a, b\"]",
        "title: Pain\ntopics: [a, [b]]",
        "title: Pain\ntopics:\n  - a\n    b",
        "title: Pain\ntopics:\n    - a\n  - b",
        "title: Pain\ntopics:\n  - a: b",
        "title: Pain\nsources:\n  - title: A\n    url:\n      x",
        "title: Pain\nextra:\n  a: b",
        // Errors: the library words them.
        "title: Pain\ntitle: Ache",
        "title: Pain\ncolour: blue",
        "title: Pain\ndate: 2026-02-30",
        "title: Pain\ndate: 2026-2-3",
        "title: Pain\nsources:\n  - name: A",
        "description: no title",
        // Characters YAML treats specially.
        "title:\tPain",
        "title: Pain\r\n",
        "title: Pain\u{2028}Ache",
        "title: Pain\u{85}",
        "title: Pain\u{7}",
        // Not a mapping of simple keys.
        "? title\n: Pain",
        "\"title\": Pain",
        "title:Pain",
        "- title: Pain",
        "title: Pain\n---\ntitle: Ache",
    ];
    for text in cases {
        assert!(
            read::<FrontMatter>(text).is_none(),
            "the quick reader read {text:?}"
        );
    }
}

#[test]
fn reads_every_article_and_page_of_the_example_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut read_here = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("the example site can be listed");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a readable article");
        let (yaml, _) = crate::content::document::split_front_matter(&text)
            .unwrap_or_else(|e| panic!("{}: {e:?}", entry.path().display()));
        reads_as_the_library(yaml);
        read_here += 1;
    }
    assert!(
        read_here >= 7,
        "only {read_here} files under {}",
        root.display()
    );
}

/// Values weighted towards the ones YAML reads specially.
const VALUES: &[&str] = &[
    "Pain",
    "Living well: a guide",
    "Q&A about C# and *stars*",
    "https://example.org/a?b=c#d",
    "10.1136/bmj.1",
    "2026-01-01",
    "2026-02-30",
    "2026-1-1",
    "\"Quoted: with # and, commas\"",
    "'single \"quoted\"'",
    "\"\"",
    "''",
    "12",
    "-3",
    "007",
    "1e3",
    "1e",
    "1.2.3",
    "+1",
    ".5",
    ".NET",
    "0o17",
    "0x1g",
    "12:30",
    "1_0",
    "true",
    "True",
    "false",
    "yes",
    "No",
    "on",
    "null",
    "Null",
    "~",
    "inf",
    "-.inf",
    "NaN",
    "a: b",
    "a #b",
    "a#b",
    "end:",
    "[a, b]",
    "[]",
    "[ x ,y ]",
    "[1, 2]",
    "[a, 'b, c']",
    "[a,]",
    "{a: b}",
    "&x y",
    "*x",
    "!t y",
    "|",
    "- a",
    "%x",
    "@x",
    "`x`",
    "?",
    "é ü 日本 🙂",
    "\"a\\\"b\"",
];

/// The keys after the title.
const KEYS: &[&str] = &[
    "description",
    "topics",
    "date",
    "updated",
    "reviewed_on",
    "reviewed_by",
    "next_review",
    "author",
    "slug",
    "draft",
    "weight",
    "extra",
    "sources",
    "colour",
    "blank",
];

const SOURCE_KEYS: &[&str] = &[
    "title",
    "url",
    "publisher",
    "year",
    "doi",
    "pmid",
    "accessed",
    "name",
];

/// Values an editor would write for `key`, for most entries.
fn typical(key: &str) -> &'static [&'static str] {
    match key {
        "date" | "updated" | "reviewed_on" | "next_review" | "accessed" => {
            &["2026-01-01", "2019-12-04", "'2020-02-29'"]
        }
        "draft" => &["true", "false"],
        "weight" | "year" => &["12", "2017", "-3", "0"],
        "pmid" | "doi" => &["27377815", "10.1136/bmj.1", "\"123\""],
        "url" => &["https://example.org/a", "http://x.org/a?b=1#c"],
        _ => &[
            "Pain",
            "Living well with pain",
            "\"Quoted: text # here\"",
            "'Single quoted'",
            "Q&A about C#",
            "a-b",
        ],
    }
}

/// A value for `key`: mostly one an editor would write, sometimes one YAML reads specially.
fn value(key: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(typical(key)),
        1 => prop::sample::select(VALUES),
    ]
    .prop_map(str::to_owned)
    .boxed()
}

/// Indentation of a block list's items.
fn indent() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "  ", "    "])
}

/// The entry for `key`: a list for the keys that take one, else `key: value`.
fn entry(key: &'static str) -> BoxedStrategy<String> {
    match key {
        "topics" | "extra" => {
            let flow = prop::collection::vec(value(key), 0..4)
                .prop_map(move |items| format!("{key}: [{}]\n", items.join(", ")));
            let block =
                (indent(), prop::collection::vec(value(key), 1..4)).prop_map(move |(i, items)| {
                    let items: String = items.iter().map(|v| format!("{i}- {v}\n")).collect();
                    format!("{key}:\n{items}")
                });
            prop_oneof![flow, block].boxed()
        }
        "sources" => {
            let fields =
                prop::sample::subsequence(SOURCE_KEYS.to_vec(), 1..4).prop_flat_map(|keys| {
                    let values: Vec<_> = keys.iter().map(|&k| value(k)).collect();
                    (Just(keys), values)
                });
            (indent(), prop::collection::vec(fields, 1..3))
                .prop_map(|(i, list)| {
                    let mut out = String::from("sources:\n");
                    for (keys, values) in list {
                        for (n, (k, v)) in keys.iter().zip(values).enumerate() {
                            let lead = if n == 0 { "- " } else { "  " };
                            out.push_str(&format!("{i}{lead}{k}: {v}\n"));
                        }
                    }
                    out
                })
                .boxed()
        }
        "blank" => prop::sample::select(vec!["\n", "# note\n", "   \n"])
            .prop_map(str::to_owned)
            .boxed(),
        _ => value(key)
            .prop_map(move |v| format!("{key}: {v}\n"))
            .boxed(),
    }
}

/// Front matter with each key at most once (a key twice is an error, which the quick
/// reader leaves to the library), mostly starting with a title.
fn front_matter() -> impl Strategy<Value = String> {
    let title = prop_oneof![
        4 => value("title").prop_map(|v| format!("title: {v}\n")),
        1 => Just(String::new()),
    ];
    (title, prop::sample::subsequence(KEYS.to_vec(), 0..8))
        .prop_flat_map(|(title, keys)| {
            let entries: Vec<_> = keys.into_iter().map(entry).collect();
            (Just(title), entries)
        })
        .prop_map(|(title, entries)| format!("{title}{}", entries.concat()))
}

proptest! {
    #![proptest_config(config(2_000))]

    /// Whatever the quick reader reads, the library reads the same.
    #[test]
    fn never_reads_otherwise_than_the_library(text in front_matter()) {
        if let Some(quick) = read::<FrontMatter>(&text) {
            prop_assert_eq!(Ok(quick), library(&text), "{}", text);
        }
    }
}
