//! Finding glossary words in a run of text: whole words only, any case, a plural of the
//! last word (`-s`, `-es`, `-y` → `-ies`) counts, aliases count, the longest name wins, and
//! each entry is found at most once (the caller keeps which entries were found).

use std::collections::HashMap;

/// One name (a term or an alias) of an entry, as lowercase words.
#[derive(Debug, Clone)]
struct Name {
    words: Vec<String>,
    entry: usize,
}

/// Where a glossary word was found: bytes `start..end` of the text, naming entry `entry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// Finds the names of a glossary's entries in text.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    names: Vec<Name>,
    /// First word (lowercase) → indexes into `names`.
    by_first: HashMap<String, Vec<usize>>,
}

/// A word of the text: its bytes and its lowercase form.
struct Word {
    start: usize,
    end: usize,
    lower: String,
}

impl Matcher {
    /// A matcher for `names`: (entry index, a term or alias of that entry).
    pub fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> Matcher {
        let mut m = Matcher::default();
        for (entry, name) in names {
            let words: Vec<String> = words(name).map(|w| w.lower).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            m.by_first.entry(first).or_default().push(m.names.len());
            m.names.push(Name { words, entry });
        }
        m
    }

    /// The glossary words of `text` whose entries are not yet in `used` (which gains them),
    /// in order. Where names overlap, the one starting first wins, then the longest: a name
    /// already used still takes its words, so "local twitch response" found a second time
    /// does not let "response" be found inside it.
    pub fn find(&self, text: &str, used: &mut Vec<bool>) -> Vec<Found> {
        let mut out = Vec::new();
        if self.names.is_empty() {
            return out;
        }
        let words: Vec<Word> = words(text).collect();
        let mut i = 0;
        while i < words.len() {
            let Some((name, len)) = self.longest_at(text, &words, i) else {
                i += 1;
                continue;
            };
            let entry = self.names[name].entry;
            if used.len() <= entry {
                used.resize(entry + 1, false);
            }
            if !used[entry] {
                used[entry] = true;
                out.push(Found {
                    start: words[i].start,
                    end: words[i + len - 1].end,
                    entry,
                });
            }
            i += len;
        }
        out
    }

    /// The longest name starting at word `i`: its index and how many words it takes.
    fn longest_at(&self, text: &str, words: &[Word], i: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for key in singulars(&words[i].lower) {
            for &n in self.by_first.get(key.as_str()).into_iter().flatten() {
                let len = self.names[n].words.len();
                if best.is_some_and(|(_, l)| l >= len) {
                    continue;
                }
                if self.matches_at(text, words, i, n) {
                    best = Some((n, len));
                }
            }
        }
        best
    }

    /// True when name `n` is written at word `i`: each word the same (the last may be a
    /// plural), and only white space or one hyphen between them.
    fn matches_at(&self, text: &str, words: &[Word], i: usize, n: usize) -> bool {
        let name = &self.names[n].words;
        let Some(span) = words.get(i..i + name.len()) else {
            return false;
        };
        let last = name.len() - 1;
        name.iter().zip(span).enumerate().all(|(k, (want, got))| {
            let same = if k == last {
                is_plural_of(&got.lower, want)
            } else {
                got.lower == *want
            };
            same && (k == 0 || joins(&text[span[k - 1].end..got.start]))
        })
    }
}

/// What may stand between two words of a name: white space (a line break too) or a hyphen.
fn joins(between: &str) -> bool {
    (!between.is_empty() && between.chars().all(char::is_whitespace))
        || matches!(between, "-" | "\u{2010}" | "\u{2011}")
}

/// `got` is `word` or a plural of it.
fn is_plural_of(got: &str, word: &str) -> bool {
    if got == word {
        return true;
    }
    let Some(rest) = got.strip_prefix(word) else {
        return word
            .strip_suffix('y')
            .is_some_and(|stem| got.strip_prefix(stem) == Some("ies"));
    };
    rest == "s" || rest == "es"
}

/// The forms a lowercase word may be the plural of (itself first).
fn singulars(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        out.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix('s') {
        out.push(stem.to_owned());
    }
    out.retain(|w| !w.is_empty());
    out.dedup();
    out
}

/// The words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some(Word {
            start,
            end,
            lower: text[start..end].to_lowercase(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        Matcher::new([
            (0, "trigger point"),
            (1, "local twitch response"),
            (2, "response"),
            (3, "myofascial pain syndrome"),
            (4, "myofascial"),
            (5, "therapy"),
            (6, "fibromyalgia"),
            (6, "FMS"),
            (7, "pneumothorax"),
            (8, "dry needling"),
        ])
    }

    /// The words found in `text`, as written.
    fn found(text: &str) -> Vec<&str> {
        let mut used = Vec::new();
        matcher()
            .find(text, &mut used)
            .iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(found("A responseverything, responses."), ["responses"]);
        assert!(found("unresponse pretrigger points").is_empty());
        assert_eq!(found("(response)"), ["response"]);
    }

    #[test]
    fn any_case() {
        assert_eq!(found("TRIGGER Point here"), ["TRIGGER Point"]);
        assert_eq!(found("Fibromyalgia"), ["Fibromyalgia"]);
    }

    #[test]
    fn plurals_of_the_last_word_count() {
        assert_eq!(found("two trigger points"), ["trigger points"]);
        assert_eq!(found("therapies help"), ["therapies"]);
        assert_eq!(found("pneumothoraxes"), ["pneumothoraxes"]);
        // Only the last word of a name takes a plural.
        assert!(found("triggers point").is_empty());
    }

    #[test]
    fn aliases_count_and_share_their_entry() {
        assert_eq!(found("FMS, also called fibromyalgia"), ["FMS"]);
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            found("a local twitch response, then a response"),
            ["local twitch response", "response"]
        );
        assert_eq!(
            found("myofascial pain syndrome and myofascial tissue"),
            ["myofascial pain syndrome", "myofascial"]
        );
    }

    #[test]
    fn a_used_name_keeps_its_words() {
        // The second "local twitch response" is not marked, and neither is the "response"
        // inside it.
        assert_eq!(
            found("local twitch response; local twitch response"),
            ["local twitch response"]
        );
    }

    #[test]
    fn each_entry_once() {
        assert_eq!(found("response and response"), ["response"]);
        let m = matcher();
        let mut used = Vec::new();
        assert_eq!(m.find("a response", &mut used).len(), 1);
        assert!(m.find("another response", &mut used).is_empty());
        assert_eq!(m.find("dry needling", &mut used)[0].entry, 8);
    }

    #[test]
    fn words_of_a_name_join_by_space_line_break_or_hyphen() {
        assert_eq!(found("dry\nneedling"), ["dry\nneedling"]);
        assert_eq!(found("dry-needling"), ["dry-needling"]);
        assert_eq!(found("dry  needling"), ["dry  needling"]);
        assert!(found("dry. Needling").is_empty());
        assert!(found("dry, needling").is_empty());
    }

    #[test]
    fn non_ascii_text_keeps_byte_positions() {
        let text = "Ménière’s and trigger points";
        let mut used = Vec::new();
        let f = matcher().find(text, &mut used);
        assert_eq!(&text[f[0].start..f[0].end], "trigger points");
    }

    #[test]
    fn plural_rules() {
        assert!(is_plural_of("points", "point"));
        assert!(is_plural_of("boxes", "box"));
        assert!(is_plural_of("therapies", "therapy"));
        assert!(!is_plural_of("pointy", "point"));
        assert!(!is_plural_of("therapys", "therap"));
    }
}
