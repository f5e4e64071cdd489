//! Marking glossary words in one piece of markdown's events: runs of plain text are searched
//! (line breaks inside a paragraph included, so a name may wrap), while text inside headings,
//! links, images, code and the matching raw HTML elements is left alone. Callout headings
//! and code blocks reach this pass as raw HTML already, so they are never searched.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Marks;

/// Raw HTML elements whose text is never marked.
const SKIPPED_ELEMENTS: &[&str] = &[
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "pre", "samp",
    "script", "style", "textarea",
];

/// `events` with the first use of each glossary word marked up; and how many were marked.
/// Toggletip ids start with `id_prefix`.
pub fn mark<'m>(events: Vec<Event<'m>>, marks: &Marks, id_prefix: &str) -> (Vec<Event<'m>>, usize) {
    let mut out = Vec::with_capacity(events.len());
    let mut run: Vec<Event<'m>> = Vec::new();
    let mut used = Vec::new();
    let mut marked = 0;
    let mut skip = 0usize;
    for event in events {
        let plain = matches!(event, Event::Text(_) | Event::SoftBreak);
        if plain && skip == 0 {
            run.push(event);
            continue;
        }
        marked += flush(&mut run, &mut out, marks, id_prefix, &mut used);
        skip = skip_depth(skip, &event);
        out.push(event);
    }
    marked += flush(&mut run, &mut out, marks, id_prefix, &mut used);
    (out, marked)
}

/// The depth of skipped elements after `event`.
fn skip_depth(depth: usize, event: &Event) -> usize {
    match event {
        Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => depth + 1,
        Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image) => depth.saturating_sub(1),
        Event::Html(html) | Event::InlineHtml(html) => html_depth(depth, html),
        _ => depth,
    }
}

/// The depth of skipped elements after the raw HTML `html`: each opening tag of a skipped
/// element adds one, each closing tag takes one away.
fn html_depth(mut depth: usize, html: &str) -> usize {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let self_closing = rest[name_start + name_len..]
            .split('>')
            .next()
            .is_some_and(|attrs| attrs.ends_with('/'));
        if SKIPPED_ELEMENTS.contains(&name.as_str()) && !self_closing {
            depth = if closing {
                depth.saturating_sub(1)
            } else {
                depth + 1
            };
        }
    }
    depth
}

/// Searches the run of plain text in `run` (emptying it) and writes it to `out`, marked.
/// Returns how many words were marked.
fn flush<'m>(
    run: &mut Vec<Event<'m>>,
    out: &mut Vec<Event<'m>>,
    marks: &Marks,
    id_prefix: &str,
    used: &mut Vec<bool>,
) -> usize {
    if run.is_empty() {
        return 0;
    }
    let text: String = run
        .iter()
        .map(|e| match e {
            Event::Text(t) => t.as_ref(),
            _ => "\n",
        })
        .collect();
    let found = marks.matcher().find(&text, used);
    if found.is_empty() {
        out.append(run);
        return 0;
    }
    run.clear();
    let mut at = 0;
    for f in &found {
        if f.start > at {
            out.push(Event::Text(CowStr::from(text[at..f.start].to_owned())));
        }
        let html = marks.markup(f.entry, &text[f.start..f.end], id_prefix);
        out.push(Event::InlineHtml(CowStr::from(html)));
        at = f.end;
    }
    if at < text.len() {
        out.push(Event::Text(CowStr::from(text[at..].to_owned())));
    }
    found.len()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::Tip;
    use super::*;
    use crate::render::markdown::{Context, render};

    fn marks() -> Marks {
        let tip = |term: &str, slug: &str| Tip {
            term: term.into(),
            slug: slug.into(),
            definition_html: format!("About {term}."),
        };
        Marks::new(
            vec![
                tip("Trigger point", "trigger-point"),
                tip("Local twitch response", "local-twitch-response"),
                tip("Response", "response"),
            ],
            &[
                vec!["trigger point", "knot"],
                vec!["local twitch response"],
                vec!["response"],
            ],
            "/glossary/".into(),
        )
    }

    /// `markdown` rendered with the glossary; the words marked (the `<dfn>`s' text).
    fn marked(markdown: &str, prefix: &str) -> (String, Vec<String>) {
        let marks = marks();
        let none = |_: &Path| None;
        let ctx = Context {
            base_path: "",
            page_path: "/articles/a/",
            source_file: None,
            resolve_file: &none,
            id_prefix: prefix,
            section_level: 1,
            emergency_number: Some("999"),
            glossary: Some(&marks),
        };
        let r = render(markdown, &ctx);
        let dfns = r
            .html
            .split("<dfn>")
            .skip(1)
            .map(|s| s.split("</dfn>").next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(r.glossary_marks, r.html.matches("<dfn>").count());
        (r.html, dfns)
    }

    #[test]
    fn first_use_only() {
        let (html, dfns) = marked("A trigger point.\n\nAnother trigger point and knots.", "");
        assert_eq!(dfns, ["trigger point"]);
        assert!(html.contains("id=\"gloss_trigger-point\""), "{html}");
    }

    #[test]
    fn never_in_headings_links_images_or_code() {
        let (_, dfns) = marked(
            "# Trigger point\n\n[a trigger point](/x/) ![trigger point](/i.png) `trigger point`\n\n```\ntrigger point\n```\n\n    trigger point\n\n<a href=\"/y/\">trigger point</a> <code>trigger point</code>\n\nNow: trigger point.",
            "",
        );
        assert_eq!(dfns, ["trigger point"]);
    }

    #[test]
    fn never_in_callout_headings() {
        let (html, dfns) = marked("> [!EMERGENCY]\n> A trigger point here.\n", "");
        assert_eq!(dfns, ["trigger point"]);
        let heading_end = html.find("</h2>").unwrap_or(0);
        assert!(html.find("<dfn>").unwrap_or(0) > heading_end, "{html}");
    }

    #[test]
    fn names_across_styling_are_not_split_but_line_breaks_join() {
        let (_, dfns) = marked("A local twitch\nresponse, *trigger* point.", "");
        assert_eq!(dfns, ["local twitch\nresponse"]);
    }

    #[test]
    fn longest_wins_and_a_used_name_keeps_its_words() {
        let (_, dfns) = marked(
            "A local twitch response.\n\nA local twitch response and a response.",
            "",
        );
        assert_eq!(dfns, ["local twitch response", "response"]);
    }

    #[test]
    fn emphasis_and_tables_are_searched_and_ids_take_the_prefix() {
        let (html, dfns) = marked("| a |\n|---|\n| **Knots** |\n", "q1_");
        assert_eq!(dfns, ["Knots"]);
        assert!(html.contains("<strong><span class=\"gloss\">"), "{html}");
        assert!(html.contains("aria-controls=\"q1_gloss_trigger-point\""));
    }

    #[test]
    fn raw_html_depth() {
        assert_eq!(html_depth(0, "<a href=\"x\">"), 1);
        assert_eq!(html_depth(1, "</a>"), 0);
        assert_eq!(html_depth(0, "<abbr title=x>y</abbr><br/><span>"), 0);
        assert_eq!(html_depth(0, "<pre>"), 1);
        assert_eq!(html_depth(0, "<p>"), 0);
    }
}
