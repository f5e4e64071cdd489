//! The template engine (Tera), loaded with the theme's templates and the site's overrides.
//!
//! Templates ending in `.html` or `.xml` are autoescaped: every title, question and other
//! front-matter text is HTML-escaped unless a template marks it `| safe` (the theme does that
//! only for HTML made from markdown).

use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics};
use crate::theme::Theme;

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

/// Loads the templates into Tera. Problems are reported against the template's file.
pub fn engine(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    let batch = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()));
    if let Err(e) = tera.add_raw_templates(batch) {
        let message = error_chain(&e);
        let origin = theme
            .templates
            .iter()
            .find(|t| message.contains(&t.name))
            .map_or("templates", |t| t.origin.as_str());
        diags.push(Diagnostic::file_error(
            origin,
            format!("template error: {message}"),
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
    ok.then_some(tera)
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
