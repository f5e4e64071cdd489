//! A document's body as search reads it: the plain text of its rendered HTML, made in one
//! pass (tags removed, entities decoded, runs of white space made one space), cut into
//! sentences so that a result can quote the sentence where a word first appears.

use std::sync::Arc;

use crate::word_map::FastMap;

/// The longest plain text read for a document, in bytes (about 5,000 words): words further
/// on are neither weighed nor quoted.
pub const MAX_TEXT: usize = 30_000;

/// The longest excerpt, in bytes: a longer sentence is cut around the word it is quoted for.
pub const EXCERPT: usize = 150;
/// How much of a long sentence an excerpt keeps before the word it is quoted for, in bytes.
const BEFORE: usize = 40;

/// Tags that sit inside a word's run of text; any other tag separates words (and sentences).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "u", "var",
];

/// The plain text of a body and where its sentences start.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PlainText {
    pub text: String,
    /// Byte offsets into `text` where sentences start, ascending (the first is 0).
    pub sentences: Vec<u32>,
}

impl PlainText {
    /// The plain text of rendered `html`, cut to at most `max` bytes at a character
    /// boundary. A sentence ends at a block tag and after `.`, `!` or `?` followed by space.
    pub fn of_html(html: &str, max: usize) -> PlainText {
        let mut out = Builder {
            text: PlainText {
                text: String::with_capacity(html.len().min(max)),
                sentences: Vec::new(),
            },
            max,
            space: false,
            brk: true,
            stop: false,
            full: false,
        };
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() && !out.full {
            match bytes[i] {
                b'<' => {
                    let Some(gt) = memchr::memchr(b'>', &bytes[i..]) else {
                        break;
                    };
                    if !is_inline(&html[i + 1..i + gt]) {
                        out.block();
                    }
                    i += gt + 1;
                }
                b'&' => match entity_at(&html[i + 1..]) {
                    Some((c, len)) => {
                        out.push(c);
                        i += len + 1;
                    }
                    None => {
                        out.push('&');
                        i += 1;
                    }
                },
                b' ' | b'\n' => {
                    out.space = true;
                    out.brk |= out.stop;
                    i += 1;
                }
                b if is_plain(b) => {
                    // A run that needs nothing done (most of the text), single spaces
                    // between its words included: taken whole.
                    let end = plain_run_end(bytes, i + 1);
                    out.push_run(&html[i..end]);
                    i = end;
                }
                b if b < 0x80 => {
                    out.push(b as char);
                    i += 1;
                }
                _ => {
                    let c = html[i..].chars().next().unwrap_or(' ');
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out.text
    }

    /// The sentence around byte `at`, cut to about [`EXCERPT`] bytes around it, with `…`
    /// where it was cut. Empty for an empty text.
    pub fn excerpt(&self, at: usize) -> String {
        self.sentence_of(at)
            .map_or_else(String::new, |i| self.excerpt_of(self.span_in(i, at)))
    }

    /// The number of the sentence holding byte `at` (none for an empty text).
    fn sentence_of(&self, at: usize) -> Option<usize> {
        let i = self
            .sentences
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1);
        (i < self.sentences.len()).then_some(i)
    }

    /// Which part of sentence `i` [`Self::excerpt`] quotes for byte `at`: a short sentence
    /// whole, wherever `at` is in it; a long one cut around `at`.
    fn span_in(&self, i: usize, at: usize) -> Span {
        let text = &self.text;
        let start = self.sentences[i] as usize;
        let end = self
            .sentences
            .get(i + 1)
            .map_or(text.len(), |&s| s as usize);
        let end = start + text[start..end].trim_end().len();
        if end - start <= EXCERPT {
            return Span {
                from: start,
                to: end,
                cut_before: false,
                cut_after: false,
            };
        }
        let at = at.clamp(start, end);
        let mut from = ceil_char(text, at.saturating_sub(BEFORE).max(start));
        if from > start {
            // Start at a word: after the first space between the cut and the word.
            from = text[from..at].find(' ').map_or(from, |s| from + s + 1);
        }
        let mut to = floor_char(text, (from + EXCERPT).min(end));
        if to < end {
            to = text[from..to].rfind(' ').map_or(to, |s| from + s);
        }
        Span {
            from,
            to,
            cut_before: from > start,
            cut_after: to < end,
        }
    }

    /// The excerpt `span` names.
    fn excerpt_of(&self, span: Span) -> String {
        let mut out = String::with_capacity(span.to - span.from + 8);
        self.write_excerpt(span, &mut out);
        out
    }

    /// Appends the excerpt `span` names to `out`.
    fn write_excerpt(&self, span: Span, out: &mut String) {
        if span.cut_before {
            out.push_str("\u{2026} ");
        }
        out.push_str(&self.text[span.from..span.to]);
        if span.cut_after {
            out.push_str(" \u{2026}");
        }
    }
}

/// The excerpts made so far for one document, each made once however many of its words
/// quote it (on a large site the postings' excerpts are most of the memory an index takes
/// to make): a short sentence's by its number, a cut one by where it was cut.
#[derive(Debug, Default)]
pub struct Excerpts {
    whole: Vec<Option<Arc<str>>>,
    cut: FastMap<Span, Arc<str>>,
    scratch: String,
}

impl Excerpts {
    /// Forgets the last document's excerpts, ready for `text`'s.
    pub fn start(&mut self, text: &PlainText) {
        self.whole.clear();
        self.whole.resize(text.sentences.len(), None);
        self.cut.clear();
    }

    /// [`PlainText::excerpt`] of `text` (the one given to the last [`Self::start`]) for
    /// byte `at`, shared with the other words that quote the same.
    pub fn get(&mut self, text: &PlainText, at: usize) -> Arc<str> {
        let Some(i) = text.sentence_of(at) else {
            return Arc::from("");
        };
        // Only a sentence quoted whole is kept by number: it is quoted whole from any byte.
        if let Some(Some(made)) = self.whole.get(i) {
            return made.clone();
        }
        let span = text.span_in(i, at);
        let whole = !span.cut_before && !span.cut_after;
        if !whole && let Some(made) = self.cut.get(&span) {
            return made.clone();
        }
        self.scratch.clear();
        text.write_excerpt(span, &mut self.scratch);
        let made: Arc<str> = Arc::from(self.scratch.as_str());
        match self.whole.get_mut(i) {
            Some(slot) if whole => *slot = Some(made.clone()),
            _ => {
                self.cut.insert(span, made.clone());
            }
        }
        made
    }
}

/// The part of a body's plain text an excerpt quotes, and whether it was cut at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span {
    from: usize,
    to: usize,
    cut_before: bool,
    cut_after: bool,
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a run of [`is_plain`] bytes and single spaces between them, going on at `from`,
/// ends: at the first byte that is neither plain nor a space before a plain byte. Sixteen
/// bytes are tested in one step (comparisons the compiler makes vector instructions) while
/// all of them go on; then one at a time.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while let Some(window) = bytes.get(end..end + 17) {
        let goes_on = (0..16).fold(true, |all, j| {
            let (b, next) = (window[j], window[j + 1]);
            all & (is_plain_by_compare(b) | ((b == b' ') & is_plain_by_compare(next)))
        });
        if !goes_on {
            break;
        }
        end += 16;
    }
    run_end_one_at_a_time(bytes, end)
}

/// [`plain_run_end`] one byte at a time.
fn run_end_one_at_a_time(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while let Some(&b) = bytes.get(end) {
        if is_plain(b) {
            end += 1;
        } else if b == b' ' && bytes.get(end + 1).is_some_and(|&n| is_plain(n)) {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// [`is_plain`] by comparisons rather than a table, for [`plain_run_end`]'s vector step.
fn is_plain_by_compare(b: u8) -> bool {
    (b < 0x80)
        & (b != b'<')
        & (b != b'&')
        & (b != b'.')
        & (b != b'!')
        & (b != b'?')
        & (b != b' ')
        & (b.wrapping_sub(b'\t') > b'\r' - b'\t')
}

/// True for ASCII bytes that the text takes as they are and that cannot end a sentence
/// (looked up: every byte of every page's HTML is tested).
fn is_plain(b: u8) -> bool {
    PLAIN[usize::from(b)]
}

static PLAIN: [bool; 256] = plain_bytes();

const fn plain_bytes() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] =
            b < 0x80 && !matches!(b, b'<' | b'&' | b'.' | b'!' | b'?' | b' ' | b'\t'..=b'\r');
        i += 1;
    }
    table
}

/// Builds the collapsed text one character at a time.
struct Builder {
    text: PlainText,
    max: usize,
    /// A space is due before the next character.
    space: bool,
    /// The next character starts a sentence.
    brk: bool,
    /// The last character ended a sentence if space follows.
    stop: bool,
    /// The text reached `max`: nothing more is taken.
    full: bool,
}

impl Builder {
    fn block(&mut self) {
        self.space = true;
        self.brk = true;
    }

    /// [`Self::push`] for each character of a run of [`is_plain`] bytes and single spaces
    /// between them.
    fn push_run(&mut self, run: &str) {
        let text = &mut self.text.text;
        let space = self.space && !text.is_empty();
        if text.len() + usize::from(space) + run.len() > self.max {
            run.chars().for_each(|c| self.push(c));
            return;
        }
        if space {
            text.push(' ');
        }
        self.space = false;
        if self.brk {
            self.text.sentences.push(text.len() as u32);
            self.brk = false;
        }
        text.push_str(run);
        self.stop = false;
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = true;
            self.brk |= self.stop;
            return;
        }
        let text = &mut self.text.text;
        if self.space && !text.is_empty() {
            if text.len() + 1 > self.max {
                self.full = true;
                return;
            }
            text.push(' ');
        }
        self.space = false;
        if text.len() + c.len_utf8() > self.max {
            self.full = true;
            return;
        }
        if self.brk {
            self.text.sentences.push(text.len() as u32);
            self.brk = false;
        }
        text.push(c);
        self.stop = matches!(c, '.' | '!' | '?');
    }
}

/// True when the tag (the text between `<` and `>`) is one of [`INLINE_TAGS`].
fn is_inline(tag: &str) -> bool {
    let name = tag.trim_start_matches('/');
    let len = name
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &name[..len];
    INLINE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// The character of the entity at the start of `after` (the text after a `&`) and the
/// length of its name with the `;`: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`
/// and numeric references; anything else is not an entity.
fn entity_at(after: &str) -> Option<(char, usize)> {
    let head = &after.as_bytes()[..after.len().min(11)];
    let semi = head.iter().position(|&b| b == b';')?;
    entity(&after[..semi]).map(|c| (c, semi + 1))
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The plain text of rendered HTML, whole.
pub fn plain_text(html: &str) -> String {
    PlainText::of_html(html, usize::MAX).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_bytes_by_compare_are_the_table_s() {
        for b in 0..=255u8 {
            assert_eq!(is_plain_by_compare(b), is_plain(b), "{b:#x}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Runs end where the one-byte-at-a-time loop ends them, from any place, whatever
        /// stops them and wherever that falls among the sixteen-byte steps.
        #[test]
        fn runs_end_where_one_byte_at_a_time_ends_them(
            text in "([a-z]{1,20}|[ ]{1,2}|[<>&.!?,\t\n\r]|é){0,30}",
            from in 0usize..200,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            prop_assert_eq!(plain_run_end(bytes, from), run_end_one_at_a_time(bytes, from));
        }
    }

    #[test]
    fn plain_text_keeps_words_whole_and_apart() {
        let html = "<h2 id=\"a\">Why <em>dry</em> needling</h2>\n<p>Fibro<strong>myalgia</strong> \
                    &amp; pain&#39;s &lt;b&gt; &#x2014;</p><ul><li>one</li><li>two</li></ul>";
        assert_eq!(
            plain_text(html),
            "Why dry needling Fibromyalgia & pain's <b> \u{2014} one two"
        );
    }

    #[test]
    fn unknown_entities_and_stray_ampersands_stay() {
        assert_eq!(
            plain_text("<p>A & B &copy; &#xZZ;</p>"),
            "A & B &copy; &#xZZ;"
        );
    }

    #[test]
    fn runs_of_words_are_taken_whole_with_their_spaces_collapsed_and_cut() {
        let html = "<p>one two  three\nfour \tfive six. seven</p>";
        assert_eq!(plain_text(html), "one two three four five six. seven");
        let p = PlainText::of_html(html, usize::MAX);
        let starts: Vec<&str> = p.sentences.iter().map(|&s| &p.text[s as usize..]).collect();
        assert_eq!(starts, ["one two three four five six. seven", "seven"]);
        assert_eq!(PlainText::of_html(html, 7).text, "one two");
        assert_eq!(PlainText::of_html(html, 8).text, "one two ");
        assert_eq!(PlainText::of_html("<p>a b c d</p>", 5).text, "a b c");
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        assert_eq!(PlainText::of_html("aé", 2).text, "a");
        assert_eq!(PlainText::of_html("abc", 5).text, "abc");
        assert_eq!(PlainText::of_html("<p>ab</p><p>cd</p>", 3).text, "ab ");
    }

    #[test]
    fn sentences_end_at_blocks_and_full_stops() {
        let p = PlainText::of_html(
            "<h2>Between visits</h2><p>Rest well. Drink <em>water</em>!  Then 3.5 more?</p>",
            usize::MAX,
        );
        assert_eq!(
            p.text,
            "Between visits Rest well. Drink water! Then 3.5 more?"
        );
        let starts: Vec<&str> = p.sentences.iter().map(|&s| &p.text[s as usize..]).collect();
        assert_eq!(
            starts,
            [
                "Between visits Rest well. Drink water! Then 3.5 more?",
                "Rest well. Drink water! Then 3.5 more?",
                "Drink water! Then 3.5 more?",
                "Then 3.5 more?"
            ]
        );
        assert_eq!(p.excerpt(0), "Between visits");
        assert_eq!(p.excerpt(p.text.find("water").unwrap()), "Drink water!");
        assert_eq!(p.excerpt(p.text.len() - 1), "Then 3.5 more?");
        assert_eq!(PlainText::default().excerpt(0), "");
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_word() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let html = format!("<p>{}.</p>", words.join(" "));
        let p = PlainText::of_html(&html, usize::MAX);
        let at = p.text.find("w50").unwrap();
        let e = p.excerpt(at);
        assert!(
            e.starts_with("\u{2026} w") && e.ends_with(" \u{2026}"),
            "{e}"
        );
        assert!(e.contains(" w50 ") && e.len() <= EXCERPT + 8, "{e}");
        let first = p.excerpt(0);
        assert!(first.starts_with("w0 w1 ") && first.ends_with(" \u{2026}"));
    }

    #[test]
    fn shared_excerpts_are_the_excerpts_made_once_per_document() {
        let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
        let html = format!("<p>Rest well. {}. Drink water!</p>", words.join(" "));
        let p = PlainText::of_html(&html, usize::MAX);
        let mut made = Excerpts::default();
        made.start(&p);
        for at in (0..p.text.len()).filter(|&i| p.text.is_char_boundary(i)) {
            assert_eq!(&*made.get(&p, at), p.excerpt(at), "at {at}");
        }
        let (rest, well) = (made.get(&p, 0), made.get(&p, 5));
        assert!(Arc::ptr_eq(&rest, &well), "one sentence, one excerpt");
        let long = p.text.find("w30").unwrap();
        assert!(Arc::ptr_eq(&made.get(&p, long), &made.get(&p, long)));
        // The next document's first sentence is its own.
        let other = PlainText::of_html("<p>Sleep first. Then walk.</p>", usize::MAX);
        made.start(&other);
        assert_eq!(&*made.get(&other, 0), "Sleep first.");
        assert_eq!(&*PlainText::default().excerpt(0), "");
        made.start(&PlainText::default());
        assert_eq!(&*made.get(&PlainText::default(), 0), "");
    }
}
