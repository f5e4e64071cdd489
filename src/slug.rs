//! Slugs: the lowercase `a-z0-9-` names used in URLs and anchors.
//!
//! Article slugs, topic slugs, FAQ ids and heading ids all follow one rule, so a link an
//! editor types by hand matches the one careleaf generates. Non-ASCII letters are
//! transliterated first (`Ménière` → `meniere`).

/// Turns free text into a slug: transliterate, lowercase, drop apostrophes, and join the
/// remaining runs of letters and digits with single hyphens. May return an empty string.
pub fn slugify(text: &str) -> String {
    // Most headings and file names are ASCII already: nothing to transliterate.
    let ascii = match text.is_ascii() {
        true => std::borrow::Cow::Borrowed(text),
        false => std::borrow::Cow::Owned(deunicode::deunicode(text)),
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // "don't" → "dont", not "don-t"
        } else {
            pending_dash = true;
        }
    }
    out
}

/// True when `s` is already a valid slug: non-empty runs of `a-z0-9` joined by single hyphens.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Explains why `s` is not a valid slug, suggesting the slug it probably meant.
pub fn invalid_reason(what: &str, s: &str) -> String {
    let suggestion = slugify(s);
    if suggestion.is_empty() {
        format!("{what} `{s}` must use only lowercase letters a-z, digits and hyphens")
    } else {
        format!(
            "{what} `{s}` must use only lowercase letters a-z, digits and single hyphens (try `{suggestion}`)"
        )
    }
}

/// Gives each repeated slug on one page a `-1`, `-2`, ... suffix.
#[derive(Default)]
pub struct UniqueIds {
    seen: crate::word_map::FastSet<String>,
}

impl UniqueIds {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves an id that must stay as it is (an explicit one).
    pub fn reserve(&mut self, id: &str) {
        self.seen.insert(id.to_owned());
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if !self.seen.contains(base) {
            let id = base.to_owned();
            self.seen.insert(id.clone());
            return id;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_and_collapses() {
        assert_eq!(slugify("Ménière's disease"), "menieres-disease");
        assert_eq!(slugify("  Does it hurt?  "), "does-it-hurt");
        assert_eq!(
            slugify("Dry needling -- vs. acupuncture"),
            "dry-needling-vs-acupuncture"
        );
        assert_eq!(slugify("???"), "");
        assert_eq!(slugify("Schmerz über 50"), "schmerz-uber-50");
    }

    #[test]
    fn validity() {
        assert!(is_valid("dry-needling"));
        assert!(is_valid("a1"));
        for bad in ["", "-a", "a-", "a--b", "Dry", "a_b", "é", "a b", "../x"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        let mut ids = UniqueIds::new();
        assert_eq!(ids.unique("notes"), "notes");
        assert_eq!(ids.unique("notes"), "notes-1");
        assert_eq!(ids.unique("notes"), "notes-2");
        assert_eq!(ids.unique(""), "section");
    }
}
