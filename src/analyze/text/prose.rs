//! The prose of a markdown text: the paragraphs, list items and quoted paragraphs that
//! readability formulas and plain-language lints score, with each word's byte range in the
//! markdown source, plus the text's links and lists for the lints.
//!
//! Left out of the prose: fenced and indented code, inline code, tables, headings, raw HTML
//! (but text between inline tags such as `<abbr>` stays), footnote definitions, image alt
//! text, the text of autolinks, and bare URLs and email addresses. A link's text stays; its
//! destination goes. Each list item is its own block, so it ends a sentence even without a
//! full stop (a SMOG hand-count rule); so does the paragraph before a list.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::words;

/// The parser options careleaf renders with; [`from_markdown`] parses with them.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where a block of prose comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A list item's own text (without its nested lists), or a paragraph inside an item.
    ListItem,
}

/// One block of prose: its end always ends a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Inside a block quote.
    pub quoted: bool,
    /// The block's plain text, as a range of [`Prose::text`].
    pub text: Range<usize>,
    /// The block's words, as a range of [`Prose::words`].
    pub words: Range<usize>,
}

/// One word: where it is in [`Prose::text`] and in the markdown source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Byte range in the markdown source. Exact for plain text; for text the parser rewrote
    /// (entities, escapes, smart quotes) it covers the whole rewritten piece.
    pub src_start: usize,
    pub src_end: usize,
    /// Inside `<abbr title="…">…</abbr>` inline HTML.
    pub in_abbr: bool,
    /// Its letters and digits (for Coleman–Liau), counted as it was found.
    pub letters: u32,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](url)` and reference links.
    Text,
    /// `<https://…>`: its text is the address itself.
    Autolink,
    /// `<name@example.org>`.
    Email,
}

/// A link anywhere in the text (also in headings and tables, which are not prose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The visible text, as the reader sees it (image alt text left out).
    pub text: String,
    pub dest: String,
    /// The whole link in the markdown source.
    pub src: Range<usize>,
    /// The link wraps an image, so it may have no text and still say something.
    pub has_image: bool,
}

/// A list anywhere in the prose, with its own item count (nested lists count separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub items: usize,
    pub ordered: bool,
    pub src: Range<usize>,
}

/// The prose of one markdown text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    /// The plain text of all blocks, one after another.
    pub text: String,
    pub blocks: Vec<Block>,
    pub words: Vec<Word>,
    pub links: Vec<Link>,
    pub lists: Vec<List>,
}

impl Prose {
    pub fn block_words(&self, block: &Block) -> &[Word] {
        &self.words[block.words.clone()]
    }

    pub fn word_text(&self, word: &Word) -> &str {
        &self.text[word.start..word.end]
    }
}

/// The prose of a markdown text, parsed with [`parser_options`].
pub fn from_markdown(markdown: &str) -> Prose {
    // The plain text is about as long as the markdown (markup drops bytes; smart quotes and
    // dashes add a few), and prose has a word every six bytes or so: room made once, not
    // grown word by word.
    let mut b = Builder::default();
    b.prose.text.reserve(markdown.len());
    b.prose.words.reserve(markdown.len() / 6);
    b.read(Parser::new_ext(markdown, parser_options()).into_offset_iter())
}

/// The prose of a stream of parser events with their source ranges (from
/// `Parser::into_offset_iter`), so a renderer can share one parse.
pub fn from_events<'a, I>(events: I) -> Prose
where
    I: IntoIterator<Item = (Event<'a>, Range<usize>)>,
{
    Builder::default().read(events)
}

/// A piece of block text and the source bytes it came from.
#[derive(Debug, Clone, Copy)]
struct Segment {
    text_start: usize,
    src_start: usize,
    src_end: usize,
    /// The text is a verbatim copy of the source, so offsets map byte for byte.
    exact: bool,
    in_abbr: bool,
}

struct OpenLink {
    link: Link,
    /// Text of the link goes to the prose (not an autolink, not in a skipped part).
    in_prose: bool,
}

#[derive(Default)]
struct Builder {
    prose: Prose,
    /// Start of the open block's text in `prose.text`.
    block_start: usize,
    segments: Vec<Segment>,
    /// Depth of containers whose text is not prose: code, tables, headings, footnote
    /// definitions, HTML blocks, metadata.
    skip: usize,
    images: usize,
    quotes: usize,
    open_lists: Vec<List>,
    links: Vec<OpenLink>,
    /// For each open `<abbr>`: whether it has a title.
    abbrs: Vec<bool>,
    /// A blockquote has just opened: its first paragraph may begin with a callout marker.
    quote_opened: bool,
    /// The first line of a blockquote's first paragraph is being read: where its text and
    /// segments began, to drop it if it is only a callout marker (`[!URGENT]`).
    marker_line: Option<(usize, usize)>,
}

impl Builder {
    /// The prose of `events`, added to what this builder has.
    fn read<'a>(mut self, events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>) -> Prose {
        for (event, range) in events {
            self.event(event, range);
        }
        self.flush();
        self.prose
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let opens_paragraph = matches!(event, Event::Start(Tag::Paragraph));
        if matches!(
            event,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        ) {
            self.end_marker_line();
        }
        let quote_opened = std::mem::take(&mut self.quote_opened);
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => self.text(&t, range),
            Event::Code(code) => {
                if let Some(l) = self.links.last_mut() {
                    l.link.text.push_str(&code);
                }
                self.push(" ", range, false);
            }
            Event::SoftBreak | Event::HardBreak => self.push(" ", range, false),
            Event::InlineHtml(html) => self.inline_html(&html, range),
            Event::Rule => self.flush(),
            Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
        if opens_paragraph && quote_opened {
            self.marker_line = Some((self.prose.text.len(), self.segments.len()));
        }
    }

    /// Ends the first line of a blockquote's first paragraph: a line that is only a callout
    /// marker (`[!EMERGENCY]`, rendered as the callout's heading) is not prose.
    fn end_marker_line(&mut self) {
        let Some((text, segments)) = self.marker_line.take() else {
            return;
        };
        let line = self.prose.text[text..].trim();
        let is_marker = line
            .strip_prefix("[!")
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
        if is_marker {
            self.prose.text.truncate(text);
            self.segments.truncate(segments);
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let kind = match link_type {
                    LinkType::Autolink => LinkKind::Autolink,
                    LinkType::Email => LinkKind::Email,
                    _ => LinkKind::Text,
                };
                let in_prose = kind == LinkKind::Text
                    && self.links.iter().all(|l| l.in_prose)
                    && self.skip == 0;
                self.links.push(OpenLink {
                    link: Link {
                        kind,
                        text: String::new(),
                        dest: dest_url.to_string(),
                        src: range,
                        has_image: false,
                    },
                    in_prose,
                });
            }
            Tag::Image { .. } => {
                self.images += 1;
                if let Some(l) = self.links.last_mut() {
                    l.link.has_image = true;
                }
            }
            Tag::List(first) => {
                self.flush();
                self.open_lists.push(List {
                    items: 0,
                    ordered: first.is_some(),
                    src: range,
                });
            }
            Tag::Item => {
                self.flush();
                if let Some(list) = self.open_lists.last_mut() {
                    list.items += 1;
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
                self.quote_opened = true;
            }
            Tag::Paragraph | Tag::DefinitionList | Tag::DefinitionListTitle => self.flush(),
            Tag::DefinitionListDefinition => self.flush(),
            Tag::Heading { .. }
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip += 1;
            }
        }
    }

    fn end(&mut self, tag: TagEnd, _range: Range<usize>) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Link => {
                if let Some(open) = self.links.pop() {
                    self.prose.links.push(open.link);
                }
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            TagEnd::List(_) => {
                self.flush();
                let list = self.open_lists.pop();
                if let Some(list) = list.filter(|_| self.skip == 0) {
                    self.prose.lists.push(list);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::Item
            | TagEnd::Paragraph
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.flush(),
            TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_) => {
                self.flush();
                self.skip = self.skip.saturating_sub(1);
            }
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if self.images > 0 {
            return;
        }
        if let Some(l) = self.links.last_mut() {
            l.link.text.push_str(text);
        }
        let exact = text.len() == range.len();
        self.push(text, range, exact);
    }

    /// `<abbr title="…">` marks the words up to `</abbr>`; `<br>` separates words. Other
    /// inline tags are left out without separating the text around them.
    fn inline_html(&mut self, html: &str, range: Range<usize>) {
        let tag = html.trim_start_matches('<');
        let name_is = |t: &str, name: &str| {
            t.get(..name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && !t[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        };
        if name_is(tag, "abbr") {
            let lower = html.to_ascii_lowercase();
            self.abbrs.push(lower.contains("title="));
        } else if name_is(tag, "/abbr") {
            self.abbrs.pop();
        } else if name_is(tag, "br") {
            self.push(" ", range, false);
        }
    }

    /// Appends text to the open block, unless the text is not prose here.
    fn push(&mut self, text: &str, range: Range<usize>, exact: bool) {
        if self.skip > 0 || self.images > 0 || self.links.iter().any(|l| !l.in_prose) {
            return;
        }
        self.segments.push(Segment {
            text_start: self.prose.text.len(),
            src_start: range.start,
            src_end: range.end,
            exact,
            in_abbr: self.abbrs.iter().any(|&titled| titled),
        });
        self.prose.text.push_str(text);
    }

    /// Ends the open block: finds its words and maps them back to the source.
    fn flush(&mut self) {
        let start = self.block_start;
        if self.prose.text.len() > start {
            words::blank_urls(&mut self.prose.text, start);
            let first_word = self.prose.words.len();
            let text = &self.prose.text;
            let segments = &self.segments;
            let words = &mut self.prose.words;
            let mut seg = 0;
            words::for_each_word(text, start, |s, e, letters| {
                while seg + 1 < segments.len() && segments[seg + 1].text_start <= s {
                    seg += 1;
                }
                let mut word = locate(segments, seg, s, e);
                word.letters = u32::try_from(letters).unwrap_or(u32::MAX);
                words.push(word);
            });
            if self.prose.words.len() > first_word {
                let kind = if self.open_lists.is_empty() {
                    BlockKind::Paragraph
                } else {
                    BlockKind::ListItem
                };
                self.prose.blocks.push(Block {
                    kind,
                    quoted: self.quotes > 0,
                    text: start..self.prose.text.len(),
                    words: first_word..self.prose.words.len(),
                });
                // Keeps the next block's words apart from this one's.
                self.prose.text.push('\n');
            } else {
                self.prose.text.truncate(start);
            }
        }
        self.segments.clear();
        self.block_start = self.prose.text.len();
    }
}

/// The word `start..end` of the block text, which begins in `segments[seg]`.
fn locate(segments: &[Segment], seg: usize, start: usize, end: usize) -> Word {
    let first = segments[seg];
    let mut last_i = seg;
    while last_i + 1 < segments.len() && segments[last_i + 1].text_start < end {
        last_i += 1;
    }
    let last = segments[last_i];
    let src_start = if first.exact {
        first.src_start + (start - first.text_start)
    } else {
        first.src_start
    };
    let src_end = if last.exact {
        last.src_start + (end - last.text_start)
    } else {
        last.src_end
    };
    Word {
        start,
        end,
        src_start,
        src_end: src_end.max(src_start),
        in_abbr: first.in_abbr,
        letters: 0,
    }
}

#[cfg(test)]
mod tests;
