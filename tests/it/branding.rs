//! A site's branding from `site.yaml`: the favicon (the theme's, or the site's own), the
//! logo in the header, and the accent colours, refused when they fail WCAG contrast (with a
//! shade that passes) and otherwise written to `/brand.css`, linked after the theme's
//! stylesheet.

use crate::support::*;

/// The fixture settings with `extra` lines added.
fn site_yaml(extra: &str) -> String {
    format!("{SITE_YAML}{extra}")
}

/// A site with one article and `extra` lines in `site.yaml`.
fn branded(extra: &str) -> Site {
    Site::new(&[
        ("site.yaml", &site_yaml(extra)),
        ("content/articles/a.md", "---\ntitle: A\n---\nText.\n"),
    ])
}

/// WCAG contrast of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |hex: &str| {
        let v: Vec<f64> = (0..3)
            .map(|i| {
                let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap());
                let c = c / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            })
            .collect();
        0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn every_page_links_the_theme_s_favicon_which_is_built_and_served() {
    let site = branded("");
    let built = site.build();
    for url in ["/", "/articles/a/", "/404.html"] {
        let page = built.page(url);
        assert_eq!(page.hrefs("link[rel=icon]"), ["/favicon.svg"], "{url}");
        assert_eq!(page.attrs("link[rel=icon]", "type"), ["image/svg+xml"]);
    }
    let svg = std::fs::read_to_string(built.file("/favicon.svg")).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    // Without accent colours there is no brand stylesheet.
    assert!(!built.exists("/brand.css"));
    assert_eq!(
        built.page("/").hrefs("link[rel=stylesheet]"),
        ["/style.css"]
    );

    let serve = Server::start(site.root(), &[]);
    let r = serve.get("/favicon.svg");
    assert_served_as(&r, "/favicon.svg", "image/svg+xml");
    assert_eq!(r.text(), svg);
}

#[test]
fn a_site_s_own_favicon_wins_and_carries_the_base_path() {
    let site = Site::new(&[(
        "site.yaml",
        &SITE_YAML.replace("https://example.org/", "https://example.org/guide/"),
    )]);
    site.write_bytes("static/favicon.png", b"\x89PNG\r\n\x1a\n");
    let built = site.build().with_base_path("/guide");
    let page = built.page("/guide/");
    assert_eq!(page.hrefs("link[rel=icon]"), ["/guide/favicon.png"]);
    assert_eq!(page.attrs("link[rel=icon]", "type"), ["image/png"]);
    assert_eq!(
        std::fs::read(built.file("/guide/favicon.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
}

#[test]
fn the_logo_is_shown_in_the_header_with_the_site_title_as_its_text() {
    let site = branded("logo: img/logo.svg\n");
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let built = site.build();
    for url in ["/", "/articles/a/"] {
        let page = built.page(url);
        let img = page.one(".site-header a.site-title img.site-logo");
        assert_eq!(img.value().attr("src"), Some("/img/logo.svg"));
        assert_eq!(img.value().attr("alt"), Some("Test Health"));
        assert_eq!(page.hrefs(".site-header a.site-title"), ["/"]);
    }
    assert!(built.exists("/img/logo.svg"));
}

#[test]
fn a_logo_that_is_not_there_is_an_error_at_its_setting() {
    let site = branded("logo: img/missing.png\n");
    let run = site.build_args(&[]).failed();
    let line = line_of(&site_yaml("logo: img/missing.png\n"), "logo:");
    let d = expect_error_in(&site, &run, "site.yaml", line, "img/missing.png");
    assert_eq!(d.column, 7);
    assert_eq!(
        d.message,
        "logo `img/missing.png` not found: there is no file static/img/missing.png in the site"
    );
}

#[test]
fn an_accent_that_fails_contrast_is_refused_with_its_ratio_and_a_shade_that_passes() {
    let site = branded("accent: \"#4a9eff\"\n");
    let run = site.build_args(&[]).failed();
    insta::assert_snapshot!(site.redact(&run.stderr), @r##"
    site.yaml:10:10: error: accent `#4a9eff` is too light for the light scheme: 2.41:1 against its header and panel background (#f2f0ea), and links need 4.5:1 (focus rings 3:1); `#0067de` is the nearest darker shade that passes (4.61:1)
       |
    10 | accent: "#4a9eff"
       |          ^

    careleaf: 1 error and 0 warnings; nothing was written
    "##);

    // The suggested shade really passes on every background a link sits on, and builds.
    let suggested = run.stderr.split('`').nth(3).unwrap().to_owned();
    for bg in [
        "#fdfcf9", "#f2f0ea", "#fff5d6", "#fdf0f0", "#fff4e8", "#eef4fb",
    ] {
        assert!(contrast(&suggested, bg) >= 4.5, "{suggested} on {bg}");
    }
    site.write(
        "site.yaml",
        &site_yaml(&format!("accent: \"{suggested}\"\n")),
    );
    let built = site.build();
    let css = std::fs::read_to_string(built.file("/brand.css")).unwrap();
    assert!(css.contains(&format!("--accent: {suggested};")), "{css}");
}

#[test]
fn a_dark_scheme_accent_that_is_too_dark_is_refused_towards_lighter() {
    let site = branded("accent: \"#7a1f5c\"\naccent_dark: \"#7a1f5c\"\n");
    let run = site.build_args(&[]).failed();
    let d = expect_error_in(&site, &run, "site.yaml", 11, "accent_dark `#7a1f5c`");
    assert_eq!(d.column, 15);
    assert!(
        d.message
            .starts_with("accent_dark `#7a1f5c` is too dark for the dark scheme: 1."),
        "{}",
        d.message
    );
    let suggested = d.message.split('`').nth(3).unwrap();
    for bg in [
        "#15171b", "#1f2228", "#2a2416", "#2d1719", "#2b2114", "#152233",
    ] {
        assert!(contrast(suggested, bg) >= 4.5, "{suggested} on {bg}");
    }
    assert_eq!(
        run.diagnostics().len(),
        1,
        "the light accent is fine: {run}"
    );
}

#[test]
fn accents_that_pass_go_to_brand_css_linked_after_the_theme_stylesheet() {
    let site = branded("accent: \"#7A1F5C\"\naccent_dark: \"#f0a8d8\"\n");
    let built = site.build();
    let css = std::fs::read_to_string(built.file("/brand.css")).unwrap();
    assert_eq!(
        css,
        "/* Made by careleaf from site.yaml's accent colours. */\n\
         @media (prefers-color-scheme: light) {\n  :root { --accent: #7a1f5c; --hover: #7a1f5c; --ring: #7a1f5c; }\n}\n\
         @media (prefers-color-scheme: dark) {\n  :root { --accent: #f0a8d8; --hover: #f0a8d8; --ring: #f0a8d8; }\n}\n"
    );
    for url in ["/", "/articles/a/", "/faq/"] {
        let page = built.page(url);
        assert_eq!(
            page.hrefs("link[rel=stylesheet]"),
            ["/style.css", "/brand.css"],
            "{url}: the brand sheet comes after the theme's, so it wins"
        );
        assert!(page.inline_code().is_empty(), "{url}: nothing inline");
    }
    // The theme's links take the accent through the custom property brand.css sets.
    let style = std::fs::read_to_string(built.file("/style.css")).unwrap();
    assert!(
        style.contains("--link: var(--accent);"),
        "style.css reads --accent"
    );

    // The preview serves it too.
    let serve = Server::start(site.root(), &[]);
    assert_served_as(
        &serve.get("/brand.css"),
        "/brand.css",
        "text/css; charset=utf-8",
    );
}

#[test]
fn a_hex_colour_written_without_quotes_is_explained() {
    let site = branded("accent: #4a9eff\n");
    let run = site.build_args(&[]).failed();
    let d = expect_error_in(&site, &run, "site.yaml", 10, "accent has no value");
    assert_eq!(
        d.message,
        "accent has no value: in YAML `#` starts a comment, so write the colour in quotes, \
         such as accent: \"#0a55a8\""
    );
    let site = branded("accent: navy\n");
    let run = site.build_args(&[]).failed();
    expect_error_in(
        &site,
        &run,
        "site.yaml",
        10,
        "accent `navy` is not a colour",
    );
}
