//! The built-in syllable dictionary: medical and everyday words whose syllables the rules
//! get wrong, the field's words that common counters get wrong (fibromyalgia 5,
//! anticoagulant 6, tissue 2: the rules here get them right, and the dictionary pins them so
//! a change to the rules cannot break them), and abbreviations counted as they are read
//! aloud ("Dr." doctor, "e.g." for example). Counts follow standard pronunciation
//! dictionaries (syllable breaks of the pronunciation, British where British and American
//! differ in syllables). A site adds its own words in `site.yaml` `plain_language.syllables`.

use super::super::words::Lower;

/// Words, lowercase, sorted (a test checks). Looked up for any token.
const WORDS: &[(&str, usize)] = &[
    // Emergency numbers are read digit by digit ("nine nine nine"), not as cardinals.
    ("111", 3),
    ("112", 3),
    ("911", 3),
    ("999", 3),
    ("aches", 1),
    ("anticoagulant", 6),
    ("anticoagulants", 6),
    ("area", 3),
    ("areas", 3),
    ("argue", 2),
    ("argued", 2),
    ("argues", 2),
    ("arguing", 3),
    ("business", 2),
    ("businesses", 3),
    ("diabetes", 4),
    ("element", 3),
    ("elements", 3),
    ("evening", 2),
    ("evenings", 2),
    ("every", 2),
    ("everybody", 4),
    ("everyday", 3),
    ("everyone", 3),
    ("everything", 3),
    ("everywhere", 3),
    ("fibromyalgia", 5),
    ("headaches", 2),
    ("herpes", 2),
    ("moreover", 3),
    ("myofascial", 4),
    ("nsaid", 2),
    ("nsaids", 2),
    ("people", 2),
    ("peoples", 2),
    ("physiotherapist", 6),
    ("physiotherapists", 6),
    ("pilates", 3),
    ("recipe", 3),
    ("recipes", 3),
    ("science", 2),
    ("sciences", 3),
    ("scientific", 4),
    ("scientist", 3),
    ("scientists", 3),
    ("someone", 2),
    ("syncope", 3),
    ("tiredness", 2),
    ("tissue", 2),
    ("tissues", 2),
    ("vegetable", 3),
    ("vegetables", 3),
    ("wherever", 3),
];

/// Abbreviations as read aloud, lowercase without the final full stop, sorted. Not looked
/// up for a token in capitals, which is an acronym ("MS", multiple sclerosis).
const ABBREVIATIONS: &[(&str, usize)] = &[
    ("approx", 5), // ap-prox-i-mate-ly
    ("cf", 2),     // com-pare
    ("cm", 4),     // cen-ti-me-tres
    ("dr", 2),     // doc-tor
    ("e.g", 4),    // for ex-am-ple
    ("etc", 4),    // et cet-er-a
    ("i.e", 2),    // that is
    ("kg", 3),     // kil-o-grams
    ("km", 4),     // kil-o-me-tres
    ("mcg", 3),    // mi-cro-grams
    ("mg", 3),     // mil-li-grams
    ("ml", 4),     // mil-li-li-tres
    ("mm", 4),     // mil-li-me-tres
    ("mr", 2),     // mis-ter
    ("mrs", 2),    // mis-sus
    ("ms", 1),     // miz
    ("prof", 3),   // pro-fes-sor
    ("st", 1),     // saint, street
    ("vs", 2),     // ver-sus
];

/// For each first letter (a–z, then one slot for anything else) a bit for each key length
/// (31 and longer share the last bit) that occurs in a list. Most words fail this check,
/// so they are never compared with the list's keys.
pub(super) type Index = [u32; 27];

const fn slot(first: u8) -> usize {
    if first.is_ascii_lowercase() {
        (first - b'a') as usize
    } else {
        26
    }
}

const fn length_bit(len: usize) -> u32 {
    1 << if len < 31 { len } else { 31 }
}

const fn index(list: &[(&str, usize)]) -> Index {
    let mut out = [0u32; 27];
    let mut i = 0;
    while i < list.len() {
        let key = list[i].0.as_bytes();
        out[slot(key[0])] |= length_bit(key.len());
        i += 1;
    }
    out
}

/// Adds an ASCII key (lowercase) to an index; other keys need no index (see [`may_hold`]).
pub(super) fn add_to_index(index: &mut Index, key: &str) {
    if let Some(&first) = key.as_bytes().first() {
        index[slot(first)] |= length_bit(key.len());
    }
}

/// Whether a list indexed by `index` may hold the lowercase form of `word`. Only an ASCII
/// word can be checked by its first byte and length (lowercasing keeps both); any other
/// word may be in any list.
pub(super) fn may_hold(index: &Index, word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&first) if word.is_ascii() => {
            index[slot(first.to_ascii_lowercase())] & length_bit(word.len()) != 0
        }
        Some(_) => true,
        None => false,
    }
}

const WORDS_INDEX: Index = index(WORDS);
const ABBREVIATIONS_INDEX: Index = index(ABBREVIATIONS);

/// Whether the built-in lists may hold `word` (any case): a cheap check before lowercasing.
pub(super) fn may_contain(word: &str) -> bool {
    may_hold(&WORDS_INDEX, word) || may_hold(&ABBREVIATIONS_INDEX, word)
}

fn find(list: &[(&str, usize)], key: &str) -> Option<usize> {
    list.binary_search_by(|(w, _)| (*w).cmp(key))
        .ok()
        .map(|i| list[i].1)
}

/// The built-in count for a lowercase key; abbreviations only when `abbreviations`.
pub(super) fn lookup(key: &str, abbreviations: bool) -> Option<usize> {
    find(WORDS, key).or_else(|| {
        if abbreviations {
            find(ABBREVIATIONS, key)
        } else {
            None
        }
    })
}

/// The built-in dictionary's count for `word` (any case), if it has one.
pub fn builtin(word: &str) -> Option<usize> {
    lookup(Lower::new(word).as_str(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_unique_lowercase_and_positive() {
        for list in [WORDS, ABBREVIATIONS] {
            for pair in list.windows(2) {
                assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
            }
            for (w, n) in list {
                assert_eq!(*w, w.to_lowercase());
                assert!(*n >= 1, "{w}");
            }
        }
    }

    #[test]
    fn index_lets_every_entry_through_and_stops_most_words() {
        for (w, _) in WORDS.iter().chain(ABBREVIATIONS) {
            assert!(may_contain(w), "{w}");
            assert!(may_contain(&w.to_uppercase()), "{w}");
        }
        assert!(!may_contain("sleep"));
        assert!(!may_contain("the"));
        assert!(may_contain("don’t"));
        assert!(!may_contain(""));
    }

    /// The words the issue and the research note name, with the counts common counters get
    /// wrong (in brackets): fibromyalgia 5 [4], myofascial 4 [3], anticoagulant 6 [5],
    /// physiotherapist 6 [5], tissue 2 [1], area 3 [2].
    #[test]
    fn pins_the_fields_words() {
        let pinned = [
            ("fibromyalgia", 5),
            ("myofascial", 4),
            ("anticoagulant", 6),
            ("physiotherapist", 6),
            ("tissue", 2),
            ("area", 3),
        ];
        for (word, n) in pinned {
            assert_eq!(builtin(word), Some(n), "{word}");
        }
    }

    #[test]
    fn looks_up_any_case() {
        assert_eq!(builtin("People"), Some(2));
        assert_eq!(builtin("DR"), Some(2));
        assert_eq!(lookup("ms", false), None);
        assert_eq!(builtin("unknownword"), None);
    }
}
