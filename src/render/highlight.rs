//! Code highlighting with syntect, as CSS classes (`hl-` prefixed), never inline styles.
//!
//! The theme ships the matching stylesheet (`static/highlight.css`); [`stylesheet`] makes it,
//! and a test keeps the shipped file in step. The syntax set loads on first use, since most
//! patient pages have no code at all.
//!
//! Highlighting costs a few microseconds and a few hundred bytes of memory per character of
//! code (a 2 MB line took seconds and half a gigabyte, and made 120 MB of HTML), so code past
//! the limits here ([`too_big`]) is shown plain instead, and the renderer records it for a
//! warning.

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

/// The longest line, in characters, that careleaf highlights. Code lines on a patient page
/// are rarely over 100 characters; a line 20 times wider is pasted data, not code to read.
pub const MAX_LINE_CHARS: usize = 2_000;

/// How many bytes of code one markdown text (a file's body, a FAQ answer) may have
/// highlighted in all, so that no page costs more than about a second of highlighting
/// however its code is split up. 200 KB is thousands of lines: far more than a patient page
/// shows.
pub const MAX_HIGHLIGHTED_BYTES: usize = 200 * 1024;

/// Why a code block was shown without highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooBig {
    /// Its `line`-th line (counted from 1 within the block) has `chars` characters, more
    /// than [`MAX_LINE_CHARS`].
    LongLine { line: usize, chars: usize },
    /// The block alone has `bytes` bytes, more than [`MAX_HIGHLIGHTED_BYTES`].
    Block { bytes: usize },
    /// The blocks before it in the same text used up [`MAX_HIGHLIGHTED_BYTES`].
    AllowanceUsed,
}

/// Whether `code` is too big to highlight, with `allowance` bytes left for its text; `None`
/// when it may be highlighted (it then uses `code.len()` bytes of the allowance).
pub fn too_big(code: &str, allowance: usize) -> Option<TooBig> {
    for (i, line) in code.split('\n').enumerate() {
        // A line has no more characters than bytes: count only lines that might be over.
        if line.len() > MAX_LINE_CHARS {
            let chars = line.chars().count();
            if chars > MAX_LINE_CHARS {
                return Some(TooBig::LongLine { line: i + 1, chars });
            }
        }
    }
    if code.len() > MAX_HIGHLIGHTED_BYTES {
        return Some(TooBig::Block { bytes: code.len() });
    }
    (code.len() > allowance).then_some(TooBig::AllowanceUsed)
}

/// A code block shown without highlighting because it was too big, as the renderer records
/// it for the check step ([`crate::code_check`]): the first such block of a text, and how
/// many more the text has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainCode {
    /// Byte offset of the block's opening fence in the markdown text.
    pub offset: usize,
    /// The fence's line as written (```` ```python ````), and how many times that text comes
    /// before it in the same markdown, to find it again in markdown held in YAML, whose
    /// offsets are not the file's.
    pub fence: String,
    pub repeat: usize,
    pub reason: TooBig,
    /// Code blocks after it in the same text that were shown plain too.
    pub more: usize,
}

/// True when careleaf can highlight code written in `lang` (a name or file extension).
pub fn is_known(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

fn find_syntax(lang: &str) -> Option<&'static syntect::parsing::SyntaxReference> {
    let ss = syntaxes();
    ss.find_syntax_by_token(lang)
        .or_else(|| ss.find_syntax_by_name(lang))
}

/// Highlights `code` written in `lang` (a name or file extension). `None` when the language is
/// unknown, so the caller can fall back to a plain block.
///
/// The same block on several pages (a clinic's standard snippet, say) is highlighted once:
/// results are remembered by language and code, up to [`MEMO_BYTES`] in all, for the life of
/// the process (a preview keeps them between rebuilds; they can never be stale, since the
/// HTML depends on nothing else).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    if let Some(html) = memo::get(lang, code) {
        return Some(html);
    }
    let html = highlight_uncached(code, lang)?;
    memo::put(lang, code, &html);
    Some(html)
}

/// How many bytes of code and highlighted HTML the memo of [`highlight`] keeps at most;
/// blocks seen after it is full are highlighted each time.
pub const MEMO_BYTES: usize = 8 * 1024 * 1024;

mod memo {
    use std::collections::HashMap;
    use std::sync::{Mutex, PoisonError};

    #[derive(Default)]
    struct Memo {
        /// Keyed by language, then code, so a lookup needs no key built.
        html: HashMap<Box<str>, HashMap<Box<str>, Box<str>>>,
        bytes: usize,
    }

    static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

    pub fn get(lang: &str, code: &str) -> Option<String> {
        let memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
        let html = memo.as_ref()?.html.get(lang)?.get(code)?;
        Some(String::from(&**html))
    }

    pub fn put(lang: &str, code: &str, html: &str) {
        let mut memo = MEMO.lock().unwrap_or_else(PoisonError::into_inner);
        let memo = memo.get_or_insert_with(Memo::default);
        let bytes = lang.len() + code.len() + html.len();
        if memo.bytes + bytes > super::MEMO_BYTES {
            return;
        }
        let by_code = memo.html.entry(lang.into()).or_default();
        if !by_code.contains_key(code) {
            by_code.insert(code.into(), html.into());
            memo.bytes += bytes;
        }
    }
}

fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), STYLE);
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
    fn remembered_blocks_are_what_highlighting_makes_for_their_language() {
        let code = "x = [1, 2]\nprint(\"done\")\n";
        for _ in 0..2 {
            for lang in ["python", "ruby", "py"] {
                assert_eq!(
                    highlight(code, lang),
                    highlight_uncached(code, lang),
                    "{lang}"
                );
            }
        }
        assert_ne!(highlight(code, "python"), highlight(code, "ruby"));
        assert_ne!(
            highlight(code, "python"),
            highlight(code, "py"),
            "the class names the fence"
        );
        assert_eq!(highlight(code, "no-such-language"), None);
    }

    #[test]
    fn limits() {
        let line = "x".repeat(MAX_LINE_CHARS);
        assert_eq!(too_big(&line, MAX_HIGHLIGHTED_BYTES), None);
        // Characters are counted, not bytes.
        let wide = "é".repeat(MAX_LINE_CHARS);
        assert_eq!(too_big(&wide, MAX_HIGHLIGHTED_BYTES), None);
        let long = format!("a\n{line}y\nb\n");
        assert_eq!(
            too_big(&long, MAX_HIGHLIGHTED_BYTES),
            Some(TooBig::LongLine {
                line: 2,
                chars: MAX_LINE_CHARS + 1
            })
        );
        let block = "x = 1\n".repeat(MAX_HIGHLIGHTED_BYTES / 6 + 1);
        assert_eq!(
            too_big(&block, MAX_HIGHLIGHTED_BYTES),
            Some(TooBig::Block { bytes: block.len() })
        );
        assert_eq!(too_big("x = 1\n", 6), None);
        assert_eq!(too_big("x = 1\n", 5), Some(TooBig::AllowanceUsed));
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
