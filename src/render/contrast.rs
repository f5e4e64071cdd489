//! WCAG 2 colour contrast: the relative luminance of an sRGB colour and the contrast ratio of
//! two, as WCAG 2.2 defines them. The code highlighting's colours are adjusted with it, and
//! the tests below hold the default theme's palette (`style.css`) to AA in light and dark.

/// An sRGB colour.
pub type Rgb = [u8; 3];

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const STYLE: &str = include_str!("../../themes/default/static/style.css");

    /// `#rrggbb` or `#rgb`.
    fn hex(value: &str) -> Option<Rgb> {
        let h = value.strip_prefix('#')?;
        let full: String = match h.len() {
            3 => h.chars().flat_map(|c| [c, c]).collect(),
            6 => h.to_owned(),
            _ => return None,
        };
        let byte = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).ok();
        Some([byte(0)?, byte(2)?, byte(4)?])
    }

    /// The colour custom properties (`--name: #hex;`) of the first `:root { }` block at or
    /// after `from` in the stylesheet, added to `into`.
    fn root_colours(from: usize, into: &mut BTreeMap<String, Rgb>) {
        let start = STYLE[from..].find(":root {").expect("a :root block") + from;
        let end = STYLE[start..].find('}').expect("the block ends") + start;
        for decl in STYLE[start + 7..end].split(';') {
            // A comment before a declaration is not part of it.
            let decl = decl.rsplit("*/").next().unwrap_or(decl);
            let Some((name, value)) = decl.trim().split_once(':') else {
                continue;
            };
            if let (Some(name), Some(rgb)) = (name.trim().strip_prefix("--"), hex(value.trim())) {
                into.insert(name.to_owned(), rgb);
            }
        }
    }

    /// The palette on screens that prefer light, and on those that prefer dark (the light
    /// values with the dark block's on top).
    fn palettes() -> [(&'static str, BTreeMap<String, Rgb>); 2] {
        let mut light = BTreeMap::new();
        root_colours(0, &mut light);
        let dark_at = STYLE
            .find("@media (prefers-color-scheme: dark)")
            .expect("a dark scheme");
        let mut dark = light.clone();
        root_colours(dark_at, &mut dark);
        [("light", light), ("dark", dark)]
    }

    /// Text needs 4.5:1 (WCAG 1.4.3), borders and icons 3:1 (1.4.11).
    const TEXT: f64 = 4.5;
    const NON_TEXT: f64 = 3.0;

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
        for (scheme, colours) in palettes() {
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
}
