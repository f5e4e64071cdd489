//! "Get help" callouts: a blockquote whose first line is `[!EMERGENCY]`, `[!URGENT]` or
//! `[!ROUTINE]` (in the style of GitHub's alerts, which careleaf parses itself) becomes an
//! `<aside>` with a visible heading that says what to do, a text label that does not rely
//! on colour, and an icon.
//!
//! This module recognises the marker in the markdown's events and writes the aside's opening
//! HTML; [`super::markdown`] records every marker it meets ([`Callout`]) and the build's check
//! step ([`crate::callout_check`]) reports unknown kinds and a missing emergency number.
//! As on GitHub, the marker must be alone on the quote's first line: a quote whose first line
//! has more text after the marker stays a plain quote, and the check step reports it.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::markdown::escape_html;

/// The three levels of care a callout can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CalloutKind {
    /// Call the emergency number now.
    Emergency,
    /// Get help the same day.
    Urgent,
    /// Talk to your doctor.
    Routine,
}

/// Every kind, with its marker as written in markdown.
pub const KINDS: &[(CalloutKind, &str)] = &[
    (CalloutKind::Emergency, "EMERGENCY"),
    (CalloutKind::Urgent, "URGENT"),
    (CalloutKind::Routine, "ROUTINE"),
];

impl CalloutKind {
    /// The kind a marker name (`urgent`, `URGENT`) stands for; any case is accepted.
    pub fn from_name(name: &str) -> Option<CalloutKind> {
        KINDS
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(k, _)| *k)
    }

    /// The marker as careleaf writes it (`[!URGENT]`).
    pub fn marker(self) -> String {
        let name = KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n);
        format!("[!{name}]")
    }

    /// The class the theme styles this level by.
    fn class(self) -> &'static str {
        match self {
            CalloutKind::Emergency => "callout-emergency",
            CalloutKind::Urgent => "callout-urgent",
            CalloutKind::Routine => "callout-routine",
        }
    }

    /// The label (said in words, so it never rests on colour) and what to do.
    fn title(self, emergency_number: Option<&str>) -> (&'static str, String) {
        match self {
            CalloutKind::Emergency => {
                let number = emergency_number.unwrap_or("your local emergency number");
                ("Emergency:", format!("call {number} now"))
            }
            CalloutKind::Urgent => ("Urgent:", "get help today".to_owned()),
            CalloutKind::Routine => ("Not urgent:", "talk to your doctor".to_owned()),
        }
    }

    /// A small line drawing that tells the levels apart without colour: a warning triangle,
    /// a clock, a speech bubble. Hidden from screen readers, which read the label instead.
    fn icon(self) -> &'static str {
        match self {
            CalloutKind::Emergency => {
                r#"<path d="M12 3 2 20.5h20z"/><path d="M12 9.5v5M12 17.2v.3"/>"#
            }
            CalloutKind::Urgent => r#"<circle cx="12" cy="12" r="9"/><path d="M12 6.5V12l3.5 3"/>"#,
            CalloutKind::Routine => {
                r#"<path d="M4 5h16v11H9l-4 4v-4H4z"/><path d="M8.5 9.5h7M8.5 12.5h5"/>"#
            }
        }
    }
}

/// A callout marker found in markdown, kept so the check step can report on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// The name between `[!` and `]`, as written (`URGENTT`).
    pub name: String,
    /// The kind it names, if any.
    pub kind: Option<CalloutKind>,
    /// More text followed the marker on its line (so it was not made a callout).
    pub text_after: bool,
    /// Byte offset of the `[!` in the markdown text.
    pub offset: usize,
    /// How many markers written exactly like this one come before it in the same text, to
    /// find it again in markdown held in YAML, whose offsets are not the file's.
    pub repeat: usize,
}

impl Callout {
    /// The marker as written (`[!URGENTT]`).
    pub fn written(&self) -> String {
        format!("[!{}]", self.name)
    }

    /// True when the quote became a callout.
    pub fn rendered(&self) -> bool {
        self.kind.is_some() && !self.text_after
    }
}

/// What a blockquote starting at some event turned out to be.
pub struct Found {
    pub callout: Callout,
    /// Index of the first event after the marker's line.
    pub resume: usize,
    /// The quote's first paragraph goes on after the marker's line, so it must be opened
    /// again (when the marker was the whole paragraph, it is dropped).
    pub paragraph_goes_on: bool,
}

/// Looks for a callout marker at the start of the blockquote whose `Start` event is at
/// `i`: the first paragraph's first line, `[!NAME]`. `None` when there is none.
pub fn find(events: &[(Event, Range<usize>)], i: usize, markdown: &str) -> Option<Found> {
    if !matches!(events.get(i + 1), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let mut line = String::new();
    let mut offset = None;
    let mut j = i + 2;
    let mut other_inline = false;
    while let Some((event, range)) = events.get(j) {
        match event {
            Event::Text(t) => {
                offset.get_or_insert(range.start);
                line.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => break,
            _ => {
                other_inline = true;
                break;
            }
        }
        j += 1;
    }
    let offset = offset?;
    let rest = line.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !is_name {
        return None;
    }
    let text_after = other_inline || !rest[close + 1..].trim().is_empty();
    let written = format!("[!{name}]");
    let callout = Callout {
        name: name.to_owned(),
        kind: CalloutKind::from_name(name),
        text_after,
        offset,
        repeat: markdown
            .get(..offset)
            .map_or(0, |before| before.matches(&written).count()),
    };
    let ends_paragraph = matches!(events.get(j), Some((Event::End(TagEnd::Paragraph), _)));
    Some(Found {
        callout,
        resume: j + 1,
        paragraph_goes_on: !ends_paragraph,
    })
}

/// The opening of a callout's aside, up to where its content starts: the heading (at
/// `heading_level`) with its label, icon and what to do.
pub fn open(kind: CalloutKind, heading_level: u8, emergency_number: Option<&str>) -> String {
    let (label, action) = kind.title(emergency_number);
    let level = heading_level.clamp(2, 6);
    format!(
        "<aside class=\"callout {class}\">\n<h{level} class=\"callout-title\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">{icon}</svg><span class=\"callout-label\">{label}</span> {action}</h{level}>\n<div class=\"callout-body\">\n",
        class = kind.class(),
        icon = kind.icon(),
        action = escape_html(&action),
    )
}

/// The end of a callout's aside.
pub const CLOSE: &str = "</div>\n</aside>\n";

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn first(markdown: &str) -> Option<Found> {
        let events: Vec<_> = Parser::new(markdown).into_offset_iter().collect();
        find(&events, 0, markdown)
    }

    #[test]
    fn markers_are_found_in_any_case_and_alone_on_their_line() {
        let found = first("> [!urgent]\n> Call us.\n").expect("a marker");
        assert_eq!(found.callout.kind, Some(CalloutKind::Urgent));
        assert_eq!((found.callout.offset, found.callout.text_after), (2, false));
        assert!(found.paragraph_goes_on);
        let found = first("> [!ROUTINE]\n>\n> Later.\n").expect("a marker");
        assert!(!found.paragraph_goes_on);
        let found = first("> [!URGENT] Call us.\n").expect("a marker");
        assert!(found.callout.text_after && !found.callout.rendered());
        let found = first("> [!URGENTT]\n> x\n").expect("a marker");
        assert_eq!(
            (found.callout.kind, found.callout.name.as_str()),
            (None, "URGENTT")
        );
        assert!(first("> Just a quote [!URGENT]\n").is_none());
        assert!(first("> [not a marker]\n").is_none());
        assert!(first("> **[!URGENT]**\n").is_none());
    }

    #[test]
    fn repeats_count_markers_written_the_same_way() {
        let text = "> [!URGENT]\n> a\n\n> [!URGENT]\n> b\n";
        let events: Vec<_> = Parser::new(text).into_offset_iter().collect();
        let second = events
            .iter()
            .enumerate()
            .filter(|(_, (e, _))| matches!(e, Event::Start(Tag::BlockQuote(_))))
            .nth(1)
            .map(|(i, _)| i)
            .expect("two quotes");
        let found = find(&events, second, text).expect("a marker");
        assert_eq!(found.callout.repeat, 1);
    }

    #[test]
    fn the_opening_names_the_level_in_words() {
        let html = open(CalloutKind::Emergency, 2, Some("999"));
        assert!(
            html.contains("class=\"callout callout-emergency\""),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"callout-label\">Emergency:</span> call 999 now</h2>"),
            "{html}"
        );
        let html = open(CalloutKind::Emergency, 9, None);
        assert!(
            html.contains("call your local emergency number now</h6>"),
            "{html}"
        );
        assert!(open(CalloutKind::Routine, 1, None).contains("<h2 "));
    }
}
