//! `site.yaml` branding: the `logo` shown in the header, the `accent` colour the theme's
//! links and focus rings take (and `accent_dark` for screens that prefer dark), and the
//! favicon pages link to.
//!
//! Each accent is checked against its own scheme's backgrounds, read from the default
//! theme's `style.css`: links need 4.5:1 and focus rings 3:1, so an accent needs 4.5:1
//! against every background a link may sit on. A colour that fails is refused, with its
//! ratio and the nearest shade that passes. No single colour reaches that on both the light
//! and the dark backgrounds, which is why the dark scheme has its own; without
//! `accent_dark`, the dark scheme keeps the theme's own link colour.

use std::path::Path;

use crate::content::source::SourceFile;
use crate::diag::Diagnostics;
use crate::render::contrast::{
    self, DEFAULT_STYLE, NON_TEXT, Palette, Rgb, TEXT, Toward, nearest_passing, parse_hex, ratio,
    to_hex,
};

/// The site's branding, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    /// The logo's path under `static/` (`img/logo.svg`), a file that exists.
    pub logo: Option<String>,
    /// The accent on screens that prefer light.
    pub accent: Option<Rgb>,
    /// The accent on screens that prefer dark.
    pub accent_dark: Option<Rgb>,
    /// The favicon's output path: the site's own `static/favicon.*`, else the theme's.
    pub favicon: String,
}

/// The branding keys of `site.yaml`, as read.
#[derive(Debug, Default)]
pub struct RawBranding {
    pub logo: Option<String>,
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
}

/// The theme's own favicon, used when the site has none.
pub const THEME_FAVICON: &str = "favicon.svg";

/// A site's own favicon names, in the order one is chosen when it has several.
const OWN_FAVICONS: &[&str] = &["favicon.svg", "favicon.png", "favicon.ico"];

/// Image types a logo may be.
const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "webp", "gif", "avif"];

/// The backgrounds a link may sit on in the default theme, with the words for each.
const BACKGROUNDS: &[(&str, &str)] = &[
    ("bg", "page background"),
    ("surface", "header and panel background"),
    ("note-bg", "disclaimer background"),
    ("emergency-bg", "emergency callout background"),
    ("urgent-bg", "urgent callout background"),
    ("routine-bg", "routine callout background"),
];

impl Branding {
    /// Checks `raw` for the site at `root`; problems (at their place in `source`) go to
    /// `diags`, and mean `None`.
    pub fn check(
        root: &Path,
        raw: RawBranding,
        source: &SourceFile,
        diags: &mut Diagnostics,
    ) -> Option<Branding> {
        let mut ok = true;
        let (light, dark) = contrast::palettes(DEFAULT_STYLE);
        let schemes = [
            ("accent", raw.accent, &light, Toward::Darker),
            ("accent_dark", raw.accent_dark, &dark, Toward::Lighter),
        ];
        let mut accents = [None, None];
        for (slot, (key, value, palette, toward)) in accents.iter_mut().zip(schemes) {
            let checked = if value.is_none() && top_level_key(source, key).is_some() {
                // `accent: #0a55a8` unquoted is an empty value and a comment.
                Err(format!(
                    "{key} has no value: in YAML `#` starts a comment, so write the colour in \
                     quotes, such as {key}: \"#0a55a8\""
                ))
            } else {
                check_accent(key, value.as_deref(), palette, toward)
            };
            match checked {
                Ok(colour) => *slot = colour,
                Err(message) => {
                    let (line, col) = locate(source, key, value.as_deref());
                    diags.push(source.error(line, col, message));
                    ok = false;
                }
            }
        }
        if let Some(logo) = &raw.logo
            && let Err(message) = check_logo(root, logo)
        {
            let (line, col) = locate(source, "logo", Some(logo));
            diags.push(source.error(line, col, message));
            ok = false;
        }
        let [accent, accent_dark] = accents;
        ok.then(|| Branding {
            logo: raw.logo.map(|l| l.trim().to_owned()),
            accent,
            accent_dark,
            favicon: favicon(root),
        })
    }

    /// The media type of the favicon, for `<link rel="icon" type>`.
    pub fn favicon_type(&self) -> &'static str {
        match self.favicon.rsplit('.').next() {
            Some("png") => "image/png",
            Some("ico") => "image/x-icon",
            _ => "image/svg+xml",
        }
    }
}

/// Where `key`'s value is in `source`: the value itself, else the key, at the top level.
fn locate(source: &SourceFile, key: &str, value: Option<&str>) -> (usize, usize) {
    let Some((line, col)) = top_level_key(source, key) else {
        return (1, 1);
    };
    value
        .and_then(|v| source.locate_value_in(v.trim(), line, line))
        .unwrap_or((line, col))
}

/// The line and column of `key:` written at the start of a line (not nested under another
/// key).
fn top_level_key(source: &SourceFile, key: &str) -> Option<(usize, usize)> {
    source.lines_between(1, usize::MAX).find_map(|(n, line)| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
            .then_some((n, 1))
    })
}

/// The accent `value` of `key`, or why it cannot be used on `palette`'s backgrounds.
fn check_accent(
    key: &str,
    value: Option<&str>,
    palette: &Palette,
    toward: Toward,
) -> Result<Option<Rgb>, String> {
    let Some(value) = value.map(str::trim) else {
        return Ok(None);
    };
    let colour = parse_hex(value).ok_or_else(|| {
        format!(
            "{key} `{value}` is not a colour: write it as a hex colour in quotes, such as \
             {key}: \"#0a55a8\""
        )
    })?;
    let backgrounds: Vec<(Rgb, &str)> = BACKGROUNDS
        .iter()
        .filter_map(|(name, words)| Some((*palette.get(*name)?, *words)))
        .collect();
    let Some(&(worst, words)) = backgrounds
        .iter()
        .min_by(|a, b| ratio(colour, a.0).total_cmp(&ratio(colour, b.0)))
    else {
        return Ok(Some(colour));
    };
    let found = ratio(colour, worst);
    if found >= TEXT {
        return Ok(Some(colour));
    }
    let only: Vec<Rgb> = backgrounds.iter().map(|b| b.0).collect();
    let (shade, shade_ratio) = nearest_passing(colour, &only, TEXT, toward);
    let (scheme, too, way) = match toward {
        Toward::Darker => ("light", "light", "darker"),
        Toward::Lighter => ("dark", "dark", "lighter"),
    };
    Err(format!(
        "{key} `{value}` is too {too} for the {scheme} scheme: {} against its {words} ({}), \
         and links need {TEXT}:1 (focus rings {NON_TEXT}:1); `{}` is the nearest {way} shade \
         that passes ({})",
        shown(found),
        to_hex(worst),
        to_hex(shade),
        shown(shade_ratio)
    ))
}

/// A ratio as people read it: `2.71:1`, rounded down so a shown pass is a real one.
fn shown(r: f64) -> String {
    format!("{:.2}:1", (r * 100.0).floor() / 100.0)
}

/// Why `logo` cannot be the site's logo, if it cannot.
fn check_logo(root: &Path, logo: &str) -> Result<(), String> {
    let logo = logo.trim();
    let inside = !logo.is_empty()
        && !logo.starts_with('/')
        && !logo.contains('\\')
        && logo.split('/').all(|part| !part.is_empty() && part != "..");
    if !inside {
        return Err(format!(
            "logo `{logo}` must be a path inside the site's static/ folder, such as \
             `img/logo.svg`"
        ));
    }
    let ext = logo.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !ext.is_some_and(|e| LOGO_TYPES.contains(&e.as_str())) {
        return Err(format!(
            "logo `{logo}` is not an image careleaf knows (use .svg, .png, .jpg, .webp, .gif \
             or .avif)"
        ));
    }
    if !root.join("static").join(logo).is_file() {
        return Err(format!(
            "logo `{logo}` not found: there is no file static/{logo} in the site"
        ));
    }
    Ok(())
}

/// The site's own favicon (`static/favicon.svg`, `.png` or `.ico`), else the theme's.
fn favicon(root: &Path) -> String {
    let own = root.join("static");
    OWN_FAVICONS
        .iter()
        .find(|name| own.join(name).is_file())
        .unwrap_or(&THEME_FAVICON)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str, raw: RawBranding) -> (Option<Branding>, Vec<String>) {
        let source = SourceFile::new("site.yaml", "site.yaml", yaml);
        let mut diags = Diagnostics::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/img")).unwrap();
        std::fs::write(dir.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        let b = Branding::check(dir.path(), raw, &source, &mut diags);
        let shown = diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        (b, shown)
    }

    fn raw(logo: Option<&str>, accent: Option<&str>, dark: Option<&str>) -> RawBranding {
        RawBranding {
            logo: logo.map(str::to_owned),
            accent: accent.map(str::to_owned),
            accent_dark: dark.map(str::to_owned),
        }
    }

    #[test]
    fn good_colours_and_a_logo_are_kept() {
        let yaml = "title: T\nlogo: img/logo.svg\naccent: \"#7a1f5c\"\naccent_dark: \"#f0a8d8\"\n";
        let (b, errors) = check(
            yaml,
            raw(Some("img/logo.svg"), Some("#7a1f5c"), Some("#f0a8d8")),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let b = b.unwrap();
        assert_eq!(b.accent, Some([0x7a, 0x1f, 0x5c]));
        assert_eq!(b.accent_dark, Some([0xf0, 0xa8, 0xd8]));
        assert_eq!(b.logo.as_deref(), Some("img/logo.svg"));
        assert_eq!(
            (b.favicon.as_str(), b.favicon_type()),
            ("favicon.svg", "image/svg+xml")
        );
    }

    #[test]
    fn a_pale_accent_is_refused_with_its_ratio_and_a_shade_that_passes() {
        let yaml = "title: T\naccent: \"#4a9eff\"\n";
        let (b, errors) = check(yaml, raw(None, Some("#4a9eff"), None));
        assert!(b.is_none());
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert!(
            e.starts_with("2:10: accent `#4a9eff` is too light for the light scheme: 2."),
            "{e}"
        );
        let suggested = e.split('`').nth(3).unwrap();
        let (light, _) = contrast::palettes(DEFAULT_STYLE);
        let rgb = parse_hex(suggested).unwrap();
        for (name, _) in BACKGROUNDS {
            assert!(ratio(rgb, light[*name]) >= TEXT, "{suggested} on {name}");
        }
        // And the suggestion itself is accepted.
        let fixed = format!("title: T\naccent: \"{suggested}\"\n");
        let (b, errors) = check(&fixed, raw(None, Some(suggested), None));
        assert!(errors.is_empty() && b.is_some(), "{errors:?}");
    }

    #[test]
    fn a_dark_accent_for_the_dark_scheme_is_refused_towards_lighter() {
        let yaml = "title: T\naccent_dark: '#0a55a8'\n";
        let (_, errors) = check(yaml, raw(None, None, Some("#0a55a8")));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("2:15: accent_dark `#0a55a8` is too dark for the dark scheme"),
            "{errors:?}"
        );
        assert!(errors[0].contains("nearest lighter shade"), "{errors:?}");
    }

    #[test]
    fn an_unquoted_hex_colour_is_a_comment_and_is_explained() {
        let (_, errors) = check("title: T\naccent: #4a9eff\n", raw(None, None, None));
        assert_eq!(
            errors,
            [
                "2:1: accent has no value: in YAML `#` starts a comment, so write the colour in quotes, such as accent: \"#0a55a8\""
            ]
        );
    }

    #[test]
    fn names_and_bad_paths_are_refused() {
        let yaml = "title: T\naccent: blue\nlogo: ../secret.png\n";
        let (_, errors) = check(yaml, raw(Some("../secret.png"), Some("blue"), None));
        assert_eq!(
            errors,
            [
                "2:9: accent `blue` is not a colour: write it as a hex colour in quotes, such as accent: \"#0a55a8\"",
                "3:7: logo `../secret.png` must be a path inside the site's static/ folder, such as `img/logo.svg`",
            ]
        );
        let (_, errors) = check(
            "logo: img/none.png\n",
            raw(Some("img/none.png"), None, None),
        );
        assert_eq!(
            errors,
            [
                "1:7: logo `img/none.png` not found: there is no file static/img/none.png in the site"
            ]
        );
    }

    #[test]
    fn a_site_s_own_favicon_wins() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(favicon(dir.path()), "favicon.svg");
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/favicon.ico"), [0u8; 4]).unwrap();
        assert_eq!(favicon(dir.path()), "favicon.ico");
        std::fs::write(dir.path().join("static/favicon.png"), [0u8; 4]).unwrap();
        assert_eq!(favicon(dir.path()), "favicon.png");
    }
}
