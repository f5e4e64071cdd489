//! The text a diagnostic carries (its file's path, its message, the line it quotes), shared
//! rather than copied. The preview keeps a large site's warnings between builds (a hundred
//! thousand on a 10,000-article site) and hands them on after every save, so cloning a
//! diagnostic must not copy its strings.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string whose clones share one allocation. It reads like a `&str` (it
/// dereferences to one, compares with one and prints as one).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedText(Arc<str>);

impl SharedText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when both are the same allocation (then they are certainly equal).
    pub fn same(&self, other: &SharedText) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// How many texts [`SharedText::interned`] keeps per thread before it starts again.
const INTERNED: usize = 50_000;

/// The texts made by [`SharedText::interned`] on one thread, and room to put a text
/// together before looking it up.
#[derive(Default)]
struct Interned {
    texts: crate::word_map::FastSet<SharedText>,
    scratch: String,
}

thread_local! {
    static TEXTS: std::cell::RefCell<Interned> = std::cell::RefCell::default();
}

impl SharedText {
    /// `text`, sharing the allocation of an equal text made this way before on this thread.
    /// For messages that recur across a site in the same words (a long word's warning is
    /// given wherever the word is used: tens of thousands of times on a large site, in a few
    /// hundred different words). At most [`INTERNED`] texts are kept per thread; past that
    /// the set starts again, which costs only some sharing.
    ///
    /// The text is given in `parts`, joined here: a text seen before costs no allocation.
    pub fn interned(parts: &[&str]) -> SharedText {
        TEXTS.with(|interned| {
            let interned = &mut *interned.borrow_mut();
            let text = &mut interned.scratch;
            text.clear();
            parts.iter().for_each(|part| text.push_str(part));
            if let Some(kept) = interned.texts.get(text.as_str()) {
                return kept.clone();
            }
            if interned.texts.len() >= INTERNED {
                interned.texts.clear();
            }
            let made = SharedText::from(text.as_str());
            interned.texts.insert(made.clone());
            made
        })
    }
}

impl Default for SharedText {
    fn default() -> Self {
        SharedText::from("")
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> Self {
        SharedText(Arc::from(s))
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> Self {
        SharedText(Arc::from(s))
    }
}

impl From<&String> for SharedText {
    fn from(s: &String) -> Self {
        SharedText(Arc::from(s.as_str()))
    }
}

impl From<&SharedText> for String {
    fn from(s: &SharedText) -> Self {
        s.as_str().to_owned()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        self == other.as_str()
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::SharedText;

    #[test]
    fn clones_share_their_text_and_compare_as_text() {
        let a = SharedText::from("content/a.md".to_owned());
        let b = a.clone();
        assert!(a.same(&b));
        let c = SharedText::from("content/a.md");
        assert!(!a.same(&c));
        assert_eq!(a, c);
        assert_eq!(a, "content/a.md");
        assert_eq!(
            SharedText::from("a").cmp(&SharedText::from("b")),
            std::cmp::Ordering::Less
        );
        assert_eq!(format!("{a} {a:?}"), "content/a.md \"content/a.md\"");
    }

    #[test]
    fn interned_texts_share_one_allocation_and_the_set_is_bounded() {
        let word = |w: &str| SharedText::interned(&["“", w, "” has 4 syllables"]);
        let (a, b, c) = (word("exercises"), word("exercises"), word("continuing"));
        assert!(a.same(&b), "an equal text is shared");
        assert!(!a.same(&c));
        assert_eq!(a, "“exercises” has 4 syllables");
        for i in 0..super::INTERNED {
            SharedText::interned(&["text ", &i.to_string()]);
        }
        // The set started again: an equal text is made anew, and shared from then on.
        let again = word("exercises");
        assert!(!again.same(&a) && again == a);
        assert!(word("exercises").same(&again));
    }
}
