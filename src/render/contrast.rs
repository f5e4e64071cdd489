//! WCAG 2 colour contrast: the relative luminance of an sRGB colour and the contrast ratio of
//! two, as WCAG 2.2 defines them; the default theme's palette in light and dark, read from
//! its `style.css`; and the nearest shade of a colour that reaches a given ratio. The code
//! highlighting's colours and the site's brand colours are checked with it, and the tests
//! below hold the default theme's palette to AA in light and dark.

use std::collections::BTreeMap;

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Text needs 4.5:1 against its background (WCAG 1.4.3).
pub const TEXT: f64 = 4.5;
/// Borders, icons and focus rings need 3:1 (WCAG 1.4.11).
pub const NON_TEXT: f64 = 3.0;

/// WCAG relative luminance (0 for black, 1 for white).
pub fn luminance(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// WCAG contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `#rrggbb` or `#rgb` (the `#` may be left out), any case.
pub fn parse_hex(value: &str) -> Option<Rgb> {
    let h = value.strip_prefix('#').unwrap_or(value);
    if !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let full: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_owned(),
        _ => return None,
    };
    let byte = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// `#rrggbb`, lower case.
pub fn to_hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Which way [`nearest_passing`] moves a colour: darker for light backgrounds, lighter for
/// dark ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Darker,
    Lighter,
}

/// The nearest shade of `c` (same hue and saturation, lightness moved in steps of 1%
/// `toward` black or white) whose contrast with every one of `backgrounds` is at least `min`,
/// with that lowest contrast. Black and white end the search, so light backgrounds always
/// get an answer going darker and dark ones going lighter.
pub fn nearest_passing(c: Rgb, backgrounds: &[Rgb], min: f64, toward: Toward) -> (Rgb, f64) {
    let (h, s, l) = to_hsl(c);
    let step = match toward {
        Toward::Darker => -0.01,
        Toward::Lighter => 0.01,
    };
    let mut last = (c, lowest_ratio(c, backgrounds));
    for i in 1..=100 {
        if last.1 >= min {
            break;
        }
        let shade = from_hsl(h, s, (l + step * f64::from(i)).clamp(0.0, 1.0));
        last = (shade, lowest_ratio(shade, backgrounds));
    }
    last
}

/// The lowest contrast of `c` with any of `backgrounds` (21 when there are none).
pub fn lowest_ratio(c: Rgb, backgrounds: &[Rgb]) -> f64 {
    backgrounds
        .iter()
        .map(|&b| ratio(c, b))
        .fold(21.0, f64::min)
}

/// Hue (0–1), saturation and lightness of an sRGB colour.
fn to_hsl(c: Rgb) -> (f64, f64, f64) {
    let [r, g, b] = c.map(|v| f64::from(v) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = d / (1.0 - (2.0 * l - 1.0).abs());
    let h = if max == r {
        ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h * 6.0;
    let x = c * (1.0 - (hp.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match hp as u8 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    // Clamped to 0..=255 first, so the cast cannot wrap.
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    [byte(r), byte(g), byte(b)]
}

/// A colour scheme's named colours (`bg` for `--bg`).
pub type Palette = BTreeMap<String, Rgb>;

/// The default theme's stylesheet, whose palette the brand colours are checked against.
pub const DEFAULT_STYLE: &str = include_str!("../../themes/default/static/style.css");

/// The custom properties (`--name: value;`) of the first `:root { }` block at or after
/// `from` in `style`, added to `into` as written.
fn root_properties(style: &str, from: usize, into: &mut BTreeMap<String, String>) {
    let Some(start) = style.get(from..).and_then(|s| s.find(":root {")) else {
        return;
    };
    let start = start + from;
    let end = style[start..].find('}').map_or(style.len(), |e| e + start);
    for decl in style[start + 7..end].split(';') {
        // A comment before a declaration is not part of it.
        let decl = decl.rsplit("*/").next().unwrap_or(decl);
        if let Some((name, value)) = decl.trim().split_once(':')
            && let Some(name) = name.trim().strip_prefix("--")
        {
            into.insert(name.to_owned(), value.trim().to_owned());
        }
    }
}

/// The colours among `properties`: hex values, and `var(--other)` naming one (as a browser
/// resolves them, after every block that applies).
fn colours(properties: &BTreeMap<String, String>) -> Palette {
    let resolve = |name: &str| {
        let mut value = properties.get(name)?;
        // A chain of references is short; a loop is not followed forever.
        for _ in 0..8 {
            match value
                .strip_prefix("var(--")
                .and_then(|v| v.strip_suffix(')'))
            {
                Some(other) => value = properties.get(other)?,
                None => return parse_hex(value).filter(|_| value.starts_with('#')),
            }
        }
        None
    };
    properties
        .keys()
        .filter_map(|name| Some((name.clone(), resolve(name)?)))
        .collect()
}

/// The palette of `style` on screens that prefer light, and on those that prefer dark (the
/// light values with the dark block's on top).
pub fn palettes(style: &str) -> (Palette, Palette) {
    let mut light = BTreeMap::new();
    root_properties(style, 0, &mut light);
    let mut dark = light.clone();
    if let Some(at) = style.find("@media (prefers-color-scheme: dark)") {
        root_properties(style, at, &mut dark);
    }
    (colours(&light), colours(&dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's palettes, named.
    fn named_palettes() -> [(&'static str, Palette); 2] {
        let (light, dark) = palettes(DEFAULT_STYLE);
        [("light", light), ("dark", dark)]
    }

    /// (foreground, background, minimum) for every pair the stylesheet puts together.
    fn pairs() -> Vec<(String, String, f64)> {
        let mut out: Vec<(String, String, f64)> = Vec::new();
        let mut add = |fg: &str, bg: &str, min: f64| out.push((fg.into(), bg.into(), min));
        for text in ["fg", "muted", "link", "visited", "hover"] {
            add(text, "bg", TEXT);
        }
        for text in ["fg", "link", "visited"] {
            add(text, "surface", TEXT);
        }
        add("fg", "note-bg", TEXT);
        add("border", "bg", NON_TEXT);
        add("focus-fg", "focus-bg", TEXT);
        for level in ["emergency", "urgent", "routine"] {
            let bg = format!("{level}-bg");
            for text in ["fg", "link", "visited", "hover"] {
                add(text, &bg, TEXT);
            }
            add(&format!("{level}-border"), &bg, NON_TEXT);
            add(&format!("{level}-border"), "bg", NON_TEXT);
        }
        add("emergency-band-fg", "emergency-band", TEXT);
        add("urgent-title", "urgent-bg", TEXT);
        add("routine-title", "routine-bg", TEXT);
        out
    }

    #[test]
    fn the_wcag_formula_matches_published_values() {
        assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        // Test vectors from WCAG's understanding documents.
        assert!((ratio([0x76; 3], [0xff; 3]) - 4.54).abs() < 0.01);
        assert!((ratio([0xaa; 3], [0xff; 3]) - 2.32).abs() < 0.01);
    }

    #[test]
    fn the_default_theme_meets_aa_in_light_and_dark() {
        let mut failures = Vec::new();
        for (scheme, colours) in named_palettes() {
            for (fg, bg, min) in pairs() {
                let get = |name: &str| {
                    *colours
                        .get(name)
                        .unwrap_or_else(|| panic!("style.css has no --{name} ({scheme})"))
                };
                let r = ratio(get(&fg), get(&bg));
                if r < min {
                    failures.push(format!(
                        "{scheme}: --{fg} on --{bg} is {r:.2}:1, under {min}:1"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn hex_colours_parse_and_print() {
        assert_eq!(parse_hex("#0A55a8"), Some([0x0a, 0x55, 0xa8]));
        assert_eq!(parse_hex("fa0"), Some([0xff, 0xaa, 0x00]));
        for bad in ["#12345", "red", "#ggg", "", "#+1+2+3"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
        assert_eq!(to_hex([0x0a, 0x55, 0xa8]), "#0a55a8");
    }

    #[test]
    fn hsl_round_trips_keep_the_colour() {
        for c in [
            [0x0a, 0x55, 0xa8],
            [255, 0, 0],
            [0x12, 0xab, 0x34],
            [200, 200, 200],
            [0, 0, 0],
        ] {
            let (h, s, l) = to_hsl(c);
            assert_eq!(from_hsl(h, s, l), c, "{}", to_hex(c));
        }
    }

    #[test]
    fn the_nearest_passing_shade_passes_and_keeps_the_hue() {
        let (light, dark) = palettes(DEFAULT_STYLE);
        let light_bgs = [light["bg"], light["surface"]];
        let sky = [0x4a, 0x9e, 0xff];
        assert!(lowest_ratio(sky, &light_bgs) < TEXT);
        let (shade, r) = nearest_passing(sky, &light_bgs, TEXT, Toward::Darker);
        assert!(r >= TEXT && lowest_ratio(shade, &light_bgs) == r);
        assert!(
            shade[2] > shade[0] && shade[2] > shade[1],
            "still blue: {}",
            to_hex(shade)
        );
        // One step lighter would not pass: it is the nearest.
        let (h, s, l) = to_hsl(shade);
        assert!(lowest_ratio(from_hsl(h, s, l + 0.01), &light_bgs) < TEXT);

        let dark_bgs = [dark["bg"], dark["surface"]];
        let navy = [0x0a, 0x55, 0xa8];
        let (shade, r) = nearest_passing(navy, &dark_bgs, TEXT, Toward::Lighter);
        assert!(r >= TEXT, "{} {r}", to_hex(shade));
        assert!(luminance(shade) > luminance(navy));
        // A colour that already passes is its own answer.
        assert_eq!(
            nearest_passing(shade, &dark_bgs, TEXT, Toward::Lighter).0,
            shade
        );
    }

    #[test]
    fn palettes_follow_var_references() {
        let style = ":root {\n  --a: #ffffff;\n  --b: var(--a);\n}\n@media (prefers-color-scheme: dark) {\n  :root { --a: #000; }\n}";
        let (light, dark) = palettes(style);
        assert_eq!(light["b"], [255, 255, 255]);
        assert_eq!(dark["a"], [0, 0, 0]);
        // As in a browser, the reference follows the dark block's value.
        assert_eq!(dark["b"], [0, 0, 0]);
    }
}
