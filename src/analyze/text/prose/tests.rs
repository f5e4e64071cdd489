//! What goes into the prose, what stays out, and where each word is in the source.

use super::*;

/// The words of each block, joined by spaces.
fn blocks(markdown: &str) -> Vec<String> {
    let p = from_markdown(markdown);
    p.blocks
        .iter()
        .map(|b| {
            p.block_words(b)
                .iter()
                .map(|w| p.word_text(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn keeps_paragraphs_list_items_and_quotes() {
    let md = "Intro text.\n\n- one\n- two\n  - nested\n\n> Quoted *words* here.\n\n1. first\n\n   second para\n";
    let p = from_markdown(md);
    let kinds: Vec<(BlockKind, bool)> = p.blocks.iter().map(|b| (b.kind, b.quoted)).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Paragraph, false),
            (BlockKind::ListItem, false),
            (BlockKind::ListItem, false),
            (BlockKind::ListItem, false),
            (BlockKind::Paragraph, true),
            (BlockKind::ListItem, false),
            (BlockKind::ListItem, false),
        ]
    );
    assert_eq!(
        blocks(md),
        [
            "Intro text",
            "one",
            "two",
            "nested",
            "Quoted words here",
            "first",
            "second para"
        ]
    );
}

#[test]
fn leaves_out_code_tables_headings_html_footnotes_images_and_urls() {
    let md = "\
# Heading words

Keep `inline code` this.[^1] See [the NHS page](https://www.nhs.uk/x) and <https://example.org/y>
or https://bare.example.org/z and help@example.org too.

```
fenced code words
```

    indented code words

| table | words |
|-------|-------|
| cell  | text  |

<div>
raw html block words
</div>

![alt text words](pic.png) After image.

[^1]: Footnote words.

Term <abbr title=\"National Health Service\">NHS</abbr> <span>kept</span>.
";
    assert_eq!(
        blocks(md),
        [
            "Keep this See the NHS page and or and too",
            "After image",
            "Term NHS kept"
        ]
    );
}

#[test]
fn words_know_their_source_offsets() {
    let md = "Some **bold** text &amp; “quoted” words.\n\n- item one\n";
    let p = from_markdown(md);
    for w in &p.words {
        let text = p.word_text(w);
        assert_eq!(&md[w.src_start..w.src_end], text, "{text}");
    }
    // Smart punctuation rewrites quotes; the words beside them still map exactly.
    let md = "He said \"stop\" and it's done";
    let p = from_markdown(md);
    let its = p.words.iter().find(|w| p.word_text(w) == "it’s").unwrap();
    // The apostrophe became ’ (3 bytes for 1): the word covers the rewritten piece.
    assert_eq!(&md[its.src_start..its.src_end], "it's");
    let stop = p.words.iter().find(|w| p.word_text(w) == "stop").unwrap();
    assert_eq!(&md[stop.src_start..stop.src_end], "stop");
}

#[test]
fn marks_words_inside_titled_abbr() {
    let p = from_markdown(
        "<abbr title=\"cognitive behavioural therapy\">CBT</abbr> and <abbr>GP</abbr> and NHS",
    );
    let flags: Vec<(&str, bool)> = p
        .words
        .iter()
        .map(|w| (p.word_text(w), w.in_abbr))
        .collect();
    assert_eq!(
        flags,
        [
            ("CBT", true),
            ("and", false),
            ("GP", false),
            ("and", false),
            ("NHS", false)
        ]
    );
}

#[test]
fn collects_links_and_lists() {
    let md = "[click here](a.md), <https://x.org>, [![logo](l.png)](b.md), <me@x.org>\n\n\
              # [Heading link](h.md)\n\n1. a\n2. b\n   - c\n";
    let p = from_markdown(md);
    let links: Vec<(LinkKind, &str, &str, bool)> = p
        .links
        .iter()
        .map(|l| (l.kind, l.text.as_str(), l.dest.as_str(), l.has_image))
        .collect();
    assert_eq!(
        links,
        [
            (LinkKind::Text, "click here", "a.md", false),
            (LinkKind::Autolink, "https://x.org", "https://x.org", false),
            (LinkKind::Text, "", "b.md", true),
            (LinkKind::Email, "me@x.org", "me@x.org", false),
            (LinkKind::Text, "Heading link", "h.md", false),
        ]
    );
    assert_eq!(&md[p.links[0].src.clone()], "[click here](a.md)");
    let lists: Vec<(usize, bool)> = p.lists.iter().map(|l| (l.items, l.ordered)).collect();
    assert_eq!(lists, [(1, false), (2, true)]);
    assert!(md[p.lists[1].src.clone()].starts_with("1. a"));
}

#[test]
fn shares_the_renderers_events() {
    let md = "A *b* c.\n\n- d";
    let events = Parser::new_ext(md, parser_options()).into_offset_iter();
    assert_eq!(from_events(events), from_markdown(md));
}

#[test]
fn empty_and_odd_input() {
    assert_eq!(from_markdown(""), Prose::default());
    assert!(from_markdown("---\n\n***\n\n> \n\n- \n").blocks.is_empty());
    let p = from_markdown("… — !!! ???");
    assert!(p.blocks.is_empty() && p.words.is_empty());
}

#[test]
fn a_callout_marker_is_not_prose() {
    let texts = |md: &str| -> Vec<String> {
        let p = from_markdown(md);
        p.words.iter().map(|w| p.word_text(w).to_owned()).collect()
    };
    // The marker alone on the quote's first line becomes the callout's heading.
    assert_eq!(
        texts("> [!EMERGENCY]\n> Call now.\n\n> [!ROUTINE]\n\n> Later.\n"),
        ["Call", "now", "Later"]
    );
    // Anywhere else, or with text after it on its line, it is written text.
    assert_eq!(texts("> Note [!URGENT]\n"), ["Note", "URGENT"]);
    assert_eq!(texts("> [!URGENT] Go today.\n"), ["URGENT", "Go", "today"]);
    assert_eq!(texts("[!URGENT]\n"), ["URGENT"]);
}
