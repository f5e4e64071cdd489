//! The template engine (Tera), loaded with the theme's templates and the site's overrides.
//!
//! Templates ending in `.html` or `.xml` are autoescaped: every title, question and other
//! front-matter text is HTML-escaped unless a template marks it `| safe` (the theme does that
//! only for HTML made from markdown). Tera's error reports are read here, in one place, to
//! point a diagnostic at the template's file, line and column.

use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics};
use crate::theme::{TemplateSource, Theme};

/// Templates every theme must provide, one per kind of page.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "articles.html",
    "article.html",
    "topics.html",
    "topic.html",
    "faq.html",
    "page.html",
    "404.html",
];

/// The template of the search page. A theme without it has no search page (the index is
/// still written, for a theme's own search to read).
pub const SEARCH: &str = "search.html";

/// The loaded template engine, with the templates' sources for pointing at errors.
pub struct Templates {
    pub tera: Tera,
    sources: Vec<TemplateSource>,
    /// Of every template's name and text ([`Theme::fingerprint`]).
    fingerprint: u128,
}

impl Templates {
    /// True when the theme has a template of this name.
    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|t| t.name == name)
    }

    /// A diagnostic for a Tera error, at the template file, line and column Tera names.
    pub fn diagnostic(&self, context: &str, e: &dyn std::error::Error) -> Diagnostic {
        template_diagnostic(&self.sources, context, &error_chain(e))
    }

    /// A fingerprint of the templates: pages made with other templates differ.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }
}

/// Turns Tera's report into a careleaf diagnostic on the template's own file, with its
/// offending line.
fn template_diagnostic(sources: &[TemplateSource], context: &str, message: &str) -> Diagnostic {
    let report = TeraReport::read(message);
    let mut text = format!("{context}{}", report.headline);
    for cause in &report.causes {
        text.push_str("; ");
        text.push_str(cause);
    }
    match report.location {
        Some((name, line, col)) => match sources.iter().find(|t| t.name == name) {
            Some(t) => Diagnostic::error(&t.origin, &t.text, line, col, text),
            None => Diagnostic::file_error(name, text),
        },
        None => {
            let origin = sources
                .iter()
                .find(|t| message.contains(&t.name))
                .map_or("templates", |t| t.origin.as_str());
            Diagnostic::file_error(origin, text)
        }
    }
}

/// What careleaf reads out of a Tera error (as [`error_chain`] writes it out). The only code
/// that knows the format of Tera's reports, which look like this:
///
/// ```text
/// error: Found `</` but expected }}.
///  --> article.html:3:10
///   |
/// 3 | <h1>{{ x </h1>
///   |          ^^
///   caused by: ...
/// ```
#[derive(Debug, PartialEq, Eq)]
struct TeraReport<'a> {
    /// The first line, without `error:`.
    headline: &'a str,
    /// Template name, 1-based line and column of the first ` --> name:line:col`.
    location: Option<(&'a str, usize, usize)>,
    /// The `caused by:` lines.
    causes: Vec<&'a str>,
}

impl<'a> TeraReport<'a> {
    fn read(message: &'a str) -> Self {
        let first = message.lines().next().unwrap_or("").trim();
        let headline = first.trim_start_matches("error:").trim();
        let location = message
            .lines()
            .find_map(|l| l.trim().strip_prefix("--> "))
            .and_then(|loc| {
                let mut parts = loc.rsplitn(3, ':');
                let col = parts.next()?.trim().parse::<usize>().ok()?;
                let line = parts.next()?.trim().parse::<usize>().ok()?;
                let name = parts.next()?.trim();
                Some((name, line, col))
            });
        let causes = message
            .lines()
            .filter_map(|l| l.trim().strip_prefix("caused by: "))
            .collect();
        TeraReport {
            headline,
            location,
            causes,
        }
    }
}

/// Loads the templates into Tera. Problems are reported against the template's file.
pub fn engine(theme: &Theme, diags: &mut Diagnostics) -> Option<Templates> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    tera.register_filter("safe", safe);
    let batch = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()));
    if let Err(e) = tera.add_raw_templates(batch) {
        diags.push(template_diagnostic(
            &theme.templates,
            "template error: ",
            &error_chain(&e),
        ));
        return None;
    }
    let mut ok = true;
    for name in REQUIRED {
        if !theme.templates.iter().any(|t| t.name == *name) {
            diags.push(Diagnostic::file_error(
                "templates",
                format!("the theme has no `{name}` template"),
            ));
            ok = false;
        }
    }
    ok.then(|| Templates {
        tera,
        sources: theme.templates.clone(),
        fingerprint: theme.fingerprint(),
    })
}

/// Tera's `safe` filter, without its copy of the text: a string comes back as the same
/// string marked safe, so an article's body (ten kilobytes, often more) is not copied once
/// more on its way into the page. Anything else is written out and marked safe, as Tera's
/// own filter does.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    match value.is_string() {
        true => value.clone().mark_safe(),
        false => tera::Value::safe_string(&value.to_string()),
    }
}

/// The error and its causes on one line each.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !msg.contains(&text) {
            msg.push_str("\n  caused by: ");
            msg.push_str(&text);
        }
        cur = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme with every required template (`article.html` as given, the others trivial).
    fn theme(article: &str) -> Theme {
        let mut templates: Vec<TemplateSource> = REQUIRED
            .iter()
            .filter(|name| **name != "article.html")
            .map(|name| source(name, "{{ page_title }}"))
            .collect();
        templates.push(source(
            "base.html",
            "<main>{% block content %}{% endblock %}</main>\n",
        ));
        templates.push(source("article.html", article));
        Theme {
            templates,
            ..Theme::default()
        }
    }

    fn source(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.to_owned(),
            origin: format!("templates/{name}"),
            text: text.to_owned(),
        }
    }

    /// Checks the diagnostic careleaf made from a real Tera error (`raw`, as Tera reported
    /// it). These tests fail when a new Tera words or places its errors differently: the
    /// panic says so and shows what Tera said.
    #[track_caller]
    fn assert_read(raw: &str, d: &Diagnostic, at: (usize, usize), message: &str, line: &str) {
        let got = (
            d.path.as_str(),
            d.line,
            d.column,
            d.message.as_str(),
            d.source_line.as_deref(),
        );
        let expected = ("templates/article.html", at.0, at.1, message, Some(line));
        assert!(
            got == expected,
            "Tera's error report format has changed: from its report\n{raw}\ncareleaf read\n  \
             {got:?}\nbut expected\n  {expected:?}\nUpdate TeraReport::read in \
             src/render/templates.rs."
        );
    }

    #[test]
    fn safe_marks_what_tera_marks_and_writes_what_tera_writes() {
        let page = "{{ s | safe }} {{ e }} {{ n | safe }} {{ l | safe }} {{ m.k | safe }}";
        let mut context = tera::Context::new();
        context.insert("s", "<b>body</b> & more");
        context.insert("e", "<i>escaped</i>");
        context.insert("n", &12.5);
        context.insert("l", &["<a>", "b"]);
        context.insert("m", &std::collections::BTreeMap::from([("k", "<k>")]));
        let render = |ours: bool| {
            let mut tera = Tera::new();
            tera.autoescape_on([".html"]);
            if ours {
                tera.register_filter("safe", safe);
            }
            tera.add_raw_template("page.html", page).unwrap();
            tera.render("page.html", &context).unwrap()
        };
        assert_eq!(render(true), render(false));
        assert!(
            render(true).starts_with("<b>body</b> & more &lt;i&gt;"),
            "{}",
            render(true)
        );
    }

    /// Loads a theme whose `article.html` is `text` (expected to fail): Tera's own report,
    /// and the diagnostic careleaf made of it.
    fn load_error(text: &str) -> (String, Diagnostic) {
        let theme = theme(text);
        let mut tera = Tera::new();
        let batch = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        let raw = error_chain(&tera.add_raw_templates(batch).unwrap_err());
        let mut diags = Diagnostics::new();
        assert!(engine(&theme, &mut diags).is_none());
        let d = diags.into_iter().next().expect("a template error");
        (raw, d)
    }

    #[test]
    fn tera_parse_error_position() {
        let (raw, d) = load_error(
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ x </h1>\n{% endblock %}\n",
        );
        assert_read(
            &raw,
            &d,
            (3, 10),
            "template error: Found `</` but expected }}.",
            "<h1>{{ x </h1>",
        );
    }

    #[test]
    fn tera_positions_past_line_nine() {
        // Tera widens its gutter (`  --> `) for two-digit line numbers.
        let padding = "\n".repeat(9);
        let (raw, d) = load_error(&format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}{padding}\n<p>{{{{ x </p>\n{{% endblock %}}\n"
        ));
        assert_read(
            &raw,
            &d,
            (12, 9),
            "template error: Found `</` but expected }}.",
            "<p>{{ x </p>",
        );
    }

    #[test]
    fn tera_unknown_filter_position() {
        let (raw, d) = load_error(
            "{% extends \"base.html\" %}\n{% block content %}\n  {{ page_title | shout }}\n{% endblock %}\n",
        );
        assert_read(
            &raw,
            &d,
            (3, 19),
            "template error: Unknown filter `shout`",
            "  {{ page_title | shout }}",
        );
    }

    #[test]
    fn tera_render_error_position() {
        let text = "{% extends \"base.html\" %}\n{% block content %}\n  {{ article.nothing.deeper }}\n{% endblock %}\n";
        let mut diags = Diagnostics::new();
        let templates = engine(&theme(text), &mut diags).expect("the templates load");
        let mut ctx = tera::Context::new();
        ctx.insert("article", &serde_json::json!({ "title": "T" }));
        let e = templates.tera.render("article.html", &ctx).unwrap_err();
        let d = templates.diagnostic("cannot render the page: ", &e);
        assert_read(
            &error_chain(&e),
            &d,
            (3, 14),
            "cannot render the page: Field `nothing` is not defined. Available fields: title",
            "  {{ article.nothing.deeper }}",
        );
    }

    #[test]
    fn reports_without_a_position_name_the_template() {
        let sources = vec![source("article.html", "x")];
        let d = template_diagnostic(&sources, "", "Template 'article.html' not found");
        assert_eq!((d.path.as_str(), d.line), ("templates/article.html", 0));
        let d = template_diagnostic(&sources, "", "something else");
        assert_eq!(d.path, "templates");
    }
}
