//! What sort of problem a diagnostic is about, so that the diagnostics left out of a long
//! list can be counted by sort ("and 1,234 more: 1,200 warnings [long_words], 34 errors
//! (broken links)"). The kinds are stable: scripts may rely on their keys.

use super::Severity;

/// What sort of problem a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A plain-language check, by the key that switches it off under
    /// `plain_language.checks` (`long_words`); its messages end with the key in brackets.
    PlainLanguage(&'static str),
    /// A link or image that points at nothing the build makes.
    BrokenLink,
    /// A "get help" callout written wrongly or unable to name the emergency number.
    Callout,
    /// A text above the site's reading level.
    ReadingLevel,
    /// A medical review that is overdue, unsigned or missing.
    Review,
    /// An article with no text: its page would be blank.
    EmptyArticle,
    /// A topic with no articles and no questions: its page would be empty.
    EmptyTopic,
    /// An FAQ answer too short to answer anything.
    ShortAnswer,
    /// Anything else: settings, front matter, the FAQ and topics files, templates, output.
    Other,
}

impl Kind {
    /// The kind's stable key (`long_words`, `broken_link`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Kind::PlainLanguage(check) => check,
            Kind::BrokenLink => "broken_link",
            Kind::Callout => "callout",
            Kind::ReadingLevel => "reading_level",
            Kind::Review => "review",
            Kind::EmptyArticle => "empty_article",
            Kind::EmptyTopic => "empty_topic",
            Kind::ShortAnswer => "short_answer",
            Kind::Other => "other",
        }
    }

    /// `1,234 warnings [long_words]`, `56 errors (broken links)`.
    pub fn count(self, severity: Severity, n: usize) -> String {
        let word = match (severity, n) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
        };
        let n = thousands(n);
        match self {
            Kind::PlainLanguage(check) => format!("{n} {word} [{check}]"),
            Kind::BrokenLink => format!("{n} {word} (broken links)"),
            Kind::Callout => format!("{n} {word} (callouts)"),
            Kind::ReadingLevel => format!("{n} {word} (reading level)"),
            Kind::Review => format!("{n} {word} (reviews)"),
            Kind::EmptyArticle => format!("{n} {word} (empty articles)"),
            Kind::EmptyTopic => format!("{n} {word} (empty topics)"),
            Kind::ShortAnswer => format!("{n} {word} (short answers)"),
            Kind::Other => format!("{n} other {word}"),
        }
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        let long = Kind::PlainLanguage("long_words");
        assert_eq!(
            long.count(Severity::Warning, 1234),
            "1,234 warnings [long_words]"
        );
        assert_eq!(
            Kind::BrokenLink.count(Severity::Error, 1),
            "1 error (broken links)"
        );
        assert_eq!(Kind::Other.count(Severity::Error, 3), "3 other errors");
        assert_eq!(
            Kind::ShortAnswer.count(Severity::Warning, 2),
            "2 warnings (short answers)"
        );
        assert_eq!(Kind::EmptyTopic.key(), "empty_topic");
    }
}
