//! The template engine (Tera), loaded with the theme's templates and the site's overrides.
//!
//! Templates ending in `.html` or `.xml` are autoescaped: every title, question and other
//! front-matter text is HTML-escaped unless a template marks it `| safe` (the theme does that
//! only for HTML made from markdown).

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

/// The loaded template engine, with the templates' sources for pointing at errors.
pub struct Templates {
    pub tera: Tera,
    sources: Vec<TemplateSource>,
    /// Of every template's name and text ([`Theme::fingerprint`]).
    fingerprint: u128,
}

impl Templates {
    /// A diagnostic for a Tera error, at the template file, line and column Tera names.
    pub fn diagnostic(&self, context: &str, e: &dyn std::error::Error) -> Diagnostic {
        template_diagnostic(&self.sources, context, &error_chain(e))
    }

    /// A fingerprint of the templates: pages made with other templates differ.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }
}

/// Turns Tera's report (`error: message` then ` --> name:line:col` and a snippet) into a
/// careleaf diagnostic on the template's own file, with its offending line.
fn template_diagnostic(sources: &[TemplateSource], context: &str, message: &str) -> Diagnostic {
    let mut lines = message.lines();
    let headline = lines
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_owned();
    let location = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next()?.trim().parse::<usize>().ok()?;
            let line = parts.next()?.trim().parse::<usize>().ok()?;
            let name = parts.next()?.trim().to_owned();
            Some((name, line, col))
        });
    let causes: Vec<&str> = message
        .lines()
        .filter_map(|l| l.trim().strip_prefix("caused by: "))
        .collect();
    let mut text = format!("{context}{headline}");
    for c in causes {
        text.push_str("; ");
        text.push_str(c);
    }
    match location {
        Some((name, line, col)) => match sources.iter().find(|t| t.name == name) {
            Some(t) => Diagnostic::error(&t.origin, &t.text, line, col, text),
            None => Diagnostic::file_error(&name, text),
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

/// Loads the templates into Tera. Problems are reported against the template's file.
pub fn engine(theme: &Theme, diags: &mut Diagnostics) -> Option<Templates> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
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

    #[test]
    fn tera_positions_become_diagnostics() {
        let sources = vec![TemplateSource {
            name: "article.html".into(),
            origin: "templates/article.html".into(),
            text: "a\nb\n<h1>{{ x </h1>\n".into(),
        }];
        let d = template_diagnostic(
            &sources,
            "template error: ",
            "error: Found `</` but expected }}.\n --> article.html:3:9\n  |\n3 | <h1>{{ x </h1>\n",
        );
        assert_eq!(
            (d.path.as_str(), d.line, d.column),
            ("templates/article.html", 3, 9)
        );
        assert_eq!(d.message, "template error: Found `</` but expected }}.");
        assert_eq!(d.source_line.as_deref(), Some("<h1>{{ x </h1>"));
    }
}
