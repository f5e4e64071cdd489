//! The contents list of a long article or page: its `##` sections, each with the `###`
//! headings under it, made from the headings the markdown renderer records. Short texts get
//! none, since a list of two or three links only pushes the text down the screen.

use serde::Serialize;

use super::markdown::Heading;

/// A text gets a contents list from this many `##` sections on.
pub const MIN_SECTIONS: usize = 4;

/// One entry of a contents list: a heading's text and id, with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub id: String,
    pub text: String,
    /// The `###` headings of a `##` section (empty for those themselves).
    pub children: Vec<TocEntry>,
}

/// The contents list of a text with `headings` (in document order): one entry per `##`
/// heading with its `###` headings, or nothing when it has fewer than [`MIN_SECTIONS`]
/// sections. Deeper headings, and `###` headings before the first `##`, are left out.
pub fn contents(headings: &[Heading]) -> Vec<TocEntry> {
    let sections = headings.iter().filter(|h| h.level == 2).count();
    if sections < MIN_SECTIONS {
        return Vec::new();
    }
    let mut out: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match h.level {
            2 => out.push(entry),
            3 => {
                if let Some(section) = out.last_mut() {
                    section.children.push(entry);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.to_owned(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn three_sections_get_no_list() {
        let headings = [h(2, "a"), h(3, "a1"), h(2, "b"), h(2, "c"), h(3, "c1")];
        assert!(contents(&headings).is_empty());
    }

    #[test]
    fn four_sections_nest_their_subheadings() {
        let headings = [
            h(3, "before"),
            h(2, "a"),
            h(3, "a1"),
            h(4, "deep"),
            h(3, "a2"),
            h(2, "b"),
            h(2, "c"),
            h(2, "d"),
            h(3, "d1"),
        ];
        let toc = contents(&headings);
        let shape: Vec<(&str, Vec<&str>)> = toc
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.children.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("a", vec!["a1", "a2"]),
                ("b", vec![]),
                ("c", vec![]),
                ("d", vec!["d1"])
            ]
        );
        assert_eq!(toc[0].text, "A");
    }
}
