//! A rule-based English syllable counter for single words of letters (no dictionary): vowel
//! groups, with rules for vowel pairs that are two syllables ("di-et", "a-re-a"), silent
//! final e and its exceptions ("mus-cle", "cen-tre", "need-ed"), y as a vowel, u after q and
//! g, and silent e before suffixes and in common compounds ("man-age-ment", "life-style").

/// Syllables in a word of letters, by rule alone. Letters outside a–z are mapped (accented
/// vowels to their base vowel) or dropped; a word with letters but no vowel counts one.
/// Returns 0 only for a word without letters.
pub fn count(word: &str) -> usize {
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let mut n = 0;
    for c in word.chars() {
        let Some(b) = ascii_letter(c) else { continue };
        if n < stack.len() {
            stack[n] = b;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(b);
        }
        n += 1;
    }
    if heap.is_empty() {
        count_letters(&stack[..n])
    } else {
        count_letters(&heap)
    }
}

/// A lowercase ASCII letter for `c`, with accents removed from common Latin vowels.
fn ascii_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let b = match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'æ' => b'a',
        'è' | 'é' | 'ê' | 'ë' => b'e',
        'ì' | 'í' | 'î' | 'ï' => b'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'œ' => b'o',
        'ù' | 'ú' | 'û' | 'ü' => b'u',
        'ý' | 'ÿ' => b'y',
        'ç' => b'c',
        'ñ' => b'n',
        c if c.is_alphabetic() => b'x',
        _ => return None,
    };
    Some(b)
}

fn is_aeiou(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether the letter at `i` is pronounced as (part of) a vowel.
fn is_vowel(w: &[u8], i: usize) -> bool {
    let next_is_vowel = w.get(i + 1).is_some_and(|&b| is_aeiou(b) || b == b'y');
    match w[i] {
        b'a' | b'e' | b'i' | b'o' => true,
        // "qu" and "gu" before a vowel ("quality", "language", "fatigue"): u is a consonant.
        b'u' => !(i > 0 && (w[i - 1] == b'q' || (w[i - 1] == b'g' && next_is_vowel))),
        // "yes", "beyond", "day": a consonant at the start or after a vowel; else a vowel.
        b'y' => {
            if i == 0 {
                !w.get(1).is_some_and(|&b| is_aeiou(b))
            } else {
                !is_aeiou(w[i - 1])
            }
        }
        _ => false,
    }
}

/// A run of vowel letters: `start..end`, and whether another group comes before it.
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    first: bool,
}

fn count_letters(w: &[u8]) -> usize {
    if w.is_empty() {
        return 0;
    }
    let n = w.len();
    let mut count = 0usize;
    let mut i = 0;
    let mut first = true;
    while i < n {
        if !is_vowel(w, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && is_vowel(w, i) {
            i += 1;
        }
        let g = Group {
            start,
            end: i,
            first,
        };
        first = false;
        count += 1;
        for j in start..i - 1 {
            if hiatus(w, j, g) {
                count += 1;
            }
        }
    }
    count = count.saturating_sub(silent_e(w));
    count += syllabic_endings(w);
    count.max(1)
}

/// Whether the vowel letters `w[j]` and `w[j + 1]`, both in group `g`, are two syllables.
fn hiatus(w: &[u8], j: usize, g: Group) -> bool {
    let (a, b) = (w[j], w[j + 1]);
    let after = |k: usize| w.get(j + k).copied();
    let split = match (a, b) {
        // "cry-ing", "my-o-fas-cial"; but "dye", "dyes", "dyed" are one.
        (b'y', b'e') => {
            !(j + 2 == w.len() || (j + 3 == w.len() && matches!(w[j + 2], b's' | b'd')))
        }
        (b'y', _) => true,
        // "be-hav-iour" has a glide, not a syllable.
        (b'i', b'a' | b'o' | b'u') => {
            let glide = &w[j + 1..g.end] == b"ou" && w[g.end..].starts_with(b"r");
            !(palatal(w, j, g) || glide)
        }
        (b'i', b'e') => ie_split(w, j, g),
        (b'e', b'a') => ea_split(w, j, g),
        // "vid-e-o", "the-o-ry", but "sur-geon", "gor-geous", "o-cean".
        (b'e', b'o') => {
            !(j >= 2 && matches!(w[j - 1], b'g' | b'c') && matches!(after(2), Some(b'n' | b'u')))
        }
        // "u-su-al", "con-tin-u-ous", "flu-id", "ru-in", "flu-ent", "cru-el".
        (b'u', b'a' | b'o') => true,
        (b'u', b'i') => matches!(after(2), Some(b'd' | b'n')),
        (b'u', b'e') => matches!(after(2), Some(b'l' | b'n' | b't')),
        // "co-ag-u-late", "os-te-o-ar-thri-tis".
        (b'o', b'a') => after(2) == Some(b'g') || (j > g.start && w[j - 1] == b'e'),
        (b'o', b'o' | b'i' | b'e') => {
            j == 1
                && ["coope", "coord", "coinc", "coex"]
                    .iter()
                    .any(|p| w.starts_with(p.as_bytes()))
        }
        (b'e', b'i') => {
            j == 1 && w.starts_with(b"rein") && matches!(w.get(4), Some(b'f' | b't' | b's'))
        }
        _ => false,
    };
    // "be-ing", "go-ing", "see-ing": the i of a final -ing after a vowel.
    split || (b == b'i' && j + 2 == g.end && matches!(&w[g.end..], b"ng" | b"ngs"))
}

/// "-tion", "-cial", "-cian", "-gia", "-cious": after c, t, s, g or x (not at the start of
/// the word) an i before a vowel only softens the consonant and adds no syllable.
fn palatal(w: &[u8], j: usize, g: Group) -> bool {
    if j < 2 || !matches!(w[j - 1], b'c' | b't' | b's' | b'g' | b'x') {
        return false;
    }
    let rest = &w[g.end..];
    match &w[j + 1..g.end] {
        b"a" => rest.is_empty() || rest.starts_with(b"n") || rest.starts_with(b"l"),
        b"o" => rest.starts_with(b"n"),
        b"ou" => rest.starts_with(b"s"),
        _ => false,
    }
}

/// "di-et", "so-ci-e-ty", "cli-ent", "ex-pe-ri-ence", "eas-i-er"; but "pa-tient",
/// "an-cient", "stud-ies", "field", "friend".
fn ie_split(w: &[u8], j: usize, g: Group) -> bool {
    let rest = &w[j + 2..];
    if rest.starts_with(b"t") {
        return true;
    }
    if rest.starts_with(b"nt") || rest.starts_with(b"nc") {
        return !(j >= 2 && matches!(w[j - 1], b'c' | b't' | b's' | b'g' | b'x'));
    }
    let comparative = matches!(rest, b"r" | b"rs" | b"st");
    comparative && !g.first && j > 0 && !is_aeiou(w[j - 1])
}

/// "a-re-a", "i-de-a", "cre-ate", "re-act", "re-al-i-ty"; but "each", "real-ly", "crea-ture".
fn ea_split(w: &[u8], j: usize, g: Group) -> bool {
    let word_final =
        j + 2 == g.end && (g.end == w.len() || (g.end + 1 == w.len() && w[g.end] == b's'));
    if word_final && !g.first {
        return true;
    }
    if j >= 2 && w[j - 2..].starts_with(b"creat") && !w[j + 3..].starts_with(b"ur") {
        return true;
    }
    j == 1
        && w[0] == b'r'
        && ["ct", "ss", "li"]
            .iter()
            .any(|p| w[3..].starts_with(p.as_bytes()))
}

/// Compound words whose first part ends in a silent e ("life-style", "some-times").
const SILENT_E_HEADS: &[&str] = &[
    "base", "care", "fire", "guide", "home", "house", "life", "like", "none", "pace", "safe",
    "side", "some", "there", "time", "where", "whole", "wide",
];

/// Suffixes after which a consonant + e is silent ("care-ful", "man-age-ment").
const SILENT_E_SUFFIXES: &[&str] = &["ful", "less", "lihood", "liness", "ly", "ment", "ness"];

/// How many lone e's are silent: a final e ("make"), -es and -ed endings that add no
/// syllable ("makes", "lived"), an e before a suffix ("safely"), and the e at the end of
/// a compound's first part ("lifestyle"). A syllabic -le or -re after a consonant
/// ("muscle", "centre", "muscles", "centred") is not silent, nor -es after a hissing sound
/// ("causes", "changes") or -ed after t or d ("needed").
fn silent_e(w: &[u8]) -> usize {
    let n = w.len();
    let Some(first_vowel) = (0..n).find(|&i| is_vowel(w, i)) else {
        return 0;
    };
    // An e after a consonant, not followed by a vowel, with a vowel somewhere before it.
    let lone_e = |k: usize| {
        w[k] == b'e'
            && k > first_vowel + 1
            && !is_vowel(w, k - 1)
            && !(k + 1 < n && is_vowel(w, k + 1))
    };
    // Consonant + l or r before the e: the l or r carries the syllable.
    let syllabic = |k: usize| {
        k >= 2 && matches!(w[k - 1], b'l' | b'r') && !is_vowel(w, k - 2) && w[k - 2] != w[k - 1]
    };
    let mut silent = 0;
    for k in 1..n.saturating_sub(2) {
        if !lone_e(k) || syllabic(k) {
            continue;
        }
        let rest = &w[k + 1..];
        let suffix = SILENT_E_SUFFIXES
            .iter()
            .any(|s| rest.starts_with(s.as_bytes()));
        let head = SILENT_E_HEADS
            .iter()
            .any(|h| h.len() == k + 1 && w.starts_with(h.as_bytes()));
        if suffix || head {
            silent += 1;
        }
    }
    if n >= 2 && lone_e(n - 1) && !syllabic(n - 1) {
        silent += 1;
    }
    if n >= 3 && lone_e(n - 2) && !syllabic(n - 2) {
        let before = w[n - 3];
        let hissing = matches!(before, b's' | b'x' | b'z' | b'c' | b'g')
            || (before == b'h' && n >= 4 && matches!(w[n - 4], b'c' | b's'));
        let silent_ending = match w[n - 1] {
            b's' => !hissing,
            b'd' => !matches!(before, b't' | b'd'),
            _ => false,
        };
        if silent_ending {
            silent += 1;
        }
    }
    silent
}

/// Endings with a syllable but no vowel letter: "spa-sm", "au-ti-sm", "rhy-thm".
fn syllabic_endings(w: &[u8]) -> usize {
    let core = w
        .strip_suffix(b"s")
        .filter(|c| c.ends_with(b"sm") || c.ends_with(b"thm"))
        .unwrap_or(w);
    let n = core.len();
    let sm = core.ends_with(b"sm") && n >= 3 && is_vowel(core, n - 3);
    usize::from(sm || core.ends_with(b"thm"))
}
