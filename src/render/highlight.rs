//! Code highlighting with syntect, as CSS classes (`hl-` prefixed), never inline styles.
//!
//! The theme ships the matching stylesheet (`static/highlight.css`); [`stylesheet`] makes it,
//! and a test keeps the shipped file in step. The syntax set loads on first use, since most
//! patient pages have no code at all.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
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
        "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{class}\">{body}</code></pre>\n"
    ))
}

/// The CSS for the classes [`highlight`] emits: syntect's InspiredGitHub theme on screens
/// that prefer light and in print, base16-ocean.dark on screens that prefer dark. Every
/// colour is nudged until it has at least 4.5:1 contrast with its background (WCAG AA).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::from(
        "/* Code highlighting for careleaf's default theme, made by `careleaf highlight-css` from\n   syntect's InspiredGitHub (light, print) and base16-ocean.dark (dark) themes, with colours\n   adjusted to at least 4.5:1 contrast. */\n",
    );
    let schemes = [
        (
            "InspiredGitHub",
            "@media print, (prefers-color-scheme: light)",
        ),
        (
            "base16-ocean.dark",
            "@media screen and (prefers-color-scheme: dark)",
        ),
    ];
    for (name, media) in schemes {
        let Some(theme) = themes.themes.get(name) else {
            continue;
        };
        let theme = with_contrast(theme.clone(), 4.5);
        css.push_str(media);
        css.push_str(" {\n");
        css.push_str(&css_for_theme_with_class_style(&theme, STYLE).unwrap_or_default());
        css.push_str("}\n");
    }
    css
}

/// Darkens (on a light background) or lightens (on a dark one) every foreground colour of
/// `theme` until it reaches `ratio` contrast with the theme's background.
fn with_contrast(mut theme: Theme, ratio: f64) -> Theme {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let dark_bg = super::contrast::luminance(rgb(bg)) < 0.5;
    let fix = |c: Color| -> Color {
        let mut c = c;
        for _ in 0..40 {
            if contrast(c, bg) >= ratio {
                break;
            }
            let step = |v: u8| -> u8 {
                if dark_bg {
                    v.saturating_add(((255 - v as u16) / 8).max(1) as u8)
                } else {
                    ((v as u16 * 7) / 8) as u8
                }
            };
            c = Color {
                r: step(c.r),
                g: step(c.g),
                b: step(c.b),
                a: 255,
            };
        }
        c
    };
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(fix(fg));
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(fix(fg));
        }
        // Backgrounds of single scopes would change the contrast again; drop them.
        item.style.background = None;
    }
    theme
}

/// WCAG contrast ratio of two colours.
fn contrast(a: Color, b: Color) -> f64 {
    super::contrast::ratio(rgb(a), rgb(b))
}

fn rgb(c: Color) -> super::contrast::Rgb {
    [c.r, c.g, c.b]
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
    fn every_colour_has_aa_contrast() {
        let themes = ThemeSet::load_defaults();
        for name in ["InspiredGitHub", "base16-ocean.dark"] {
            let theme = with_contrast(themes.themes[name].clone(), 4.5);
            let bg = theme.settings.background.unwrap_or(Color::WHITE);
            for item in &theme.scopes {
                if let Some(fg) = item.style.foreground {
                    assert!(contrast(fg, bg) >= 4.5, "{name}: {fg:?} on {bg:?}");
                }
            }
        }
        // The WCAG formula itself: black on white is 21:1.
        assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
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
