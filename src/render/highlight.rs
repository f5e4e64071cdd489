//! Code highlighting with syntect, as CSS classes (`hl-` prefixed), never inline styles.
//!
//! The theme ships the matching stylesheet (`static/highlight.css`); [`stylesheet`] makes it,
//! and a test keeps the shipped file in step. The syntax set loads on first use, since most
//! patient pages have no code at all.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a name or file extension). `None` when the language is
/// unknown, so the caller can fall back to a plain block.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(lang)
        .or_else(|| ss.find_syntax_by_name(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    let body = generator.finalize();
    let class = crate::slug::slugify(lang);
    Some(format!(
        "<pre class=\"code\"><code class=\"language-{class}\">{body}</code></pre>\n"
    ))
}

/// The CSS for the classes [`highlight`] emits, from syntect's light theme with a dark variant.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from(
        "/* Code highlighting for careleaf's default theme. Made by `careleaf` from syntect's\n   InspiredGitHub (light) and base16-ocean.dark (dark) themes. */\n",
    );
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        css.push_str(&css_for_theme_with_class_style(light, STYLE).unwrap_or_default());
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&css_for_theme_with_class_style(dark, STYLE).unwrap_or_default());
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_languages() {
        let html = highlight("let x = 1;\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn shipped_stylesheet_matches() {
        let shipped = include_str!("../../themes/default/static/highlight.css");
        assert_eq!(
            shipped,
            stylesheet(),
            "themes/default/static/highlight.css is out of date: regenerate it with `careleaf highlight-css > themes/default/static/highlight.css`"
        );
    }
}
