//! Property tests of link-target parsing ([`super::classify`], [`super::canonical_site_path`],
//! [`super::percent_decode`]): any destination an editor writes is classified without a
//! panic, and the address careleaf writes for a site link leads, once a browser and the
//! server decode it, to the very path the link checker checked.

use std::path::Path;

use proptest::prelude::*;

use super::super::markdown::Context;
use super::{Target, canonical_site_path, classify, percent_decode, resolve_site_path};
use crate::fuzz::{config, tricky_text};

/// `%XX` decoding as the URL standard has it: a `%` counts only before two hex digits.
fn reference_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How the preview server (and any strict server) decodes a request path: `None` when an
/// escape is malformed or the bytes are not UTF-8.
fn server_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |j: usize| b.get(j).and_then(|c| (*c as char).to_digit(16));
            out.push((hex(i + 1)? * 16 + hex(i + 2)?) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Markdown files named with lower-case letters only are articles, at `/articles/<name>/`.
fn resolve(file: &Path) -> Option<String> {
    let stem = file.file_stem()?.to_str()?;
    let is_article = file.extension().is_some_and(|e| e == "md")
        && !stem.is_empty()
        && stem.chars().all(|c| c.is_ascii_lowercase());
    is_article.then(|| format!("/articles/{stem}/"))
}

fn destination() -> impl Strategy<Value = String> {
    prop_oneof![
        tricky_text(16),
        tricky_text(16).prop_map(|t| format!("/{t}")),
        tricky_text(12).prop_map(|t| format!("../{t}.md")),
        tricky_text(12).prop_map(|t| format!("{t}#{t}")),
        any::<String>(),
    ]
}

fn page_path() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["/", "/articles/a/", "/faq/", "/pages/about/"])
        .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn percent_decoding_follows_the_standard(s in tricky_text(24)) {
        prop_assert_eq!(percent_decode(&s), reference_decode(&s));
    }

    #[test]
    fn anything_escaped_decodes_back(s in any::<String>(), mask in any::<u64>()) {
        let mut encoded = String::new();
        for (i, c) in s.chars().enumerate() {
            if c == '%' || mask & (1 << (i % 64)) != 0 {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    encoded.push_str(&format!("%{b:02x}"));
                }
            } else {
                encoded.push(c);
            }
        }
        prop_assert_eq!(percent_decode(&encoded), s);
    }

    #[test]
    fn site_links_lead_where_they_were_checked(
        dest in destination(),
        page in page_path(),
        from_file in any::<bool>(),
    ) {
        let ctx = Context {
            base_path: "",
            page_path: &page,
            source_file: from_file.then_some(Path::new("/site/content/articles/a.md")),
            resolve_file: &resolve,
            id_prefix: "",
            section_level: 1,
            emergency_number: None,
            glossary: None,
        };
        let (href, target) = classify(&dest, &ctx);
        if let Target::Site { path, fragment } = target {
            prop_assert!(path.starts_with('/'), "{path:?}");
            for seg in path.split('/') {
                prop_assert!(seg != "." && seg != "..", "{dest:?} checked as {path:?}");
            }
            // A link to this page (`#part`, `?q`) stays as written; the rest is rewritten.
            if !dest.starts_with(['#', '?']) {
                let (href_path, href_fragment) = match href.split_once('#') {
                    Some((p, f)) => (p, Some(f.to_owned())),
                    None => (href.as_str(), None),
                };
                prop_assert!(!href_path.contains('?'), "{dest:?} written as {href:?}");
                prop_assert_eq!(
                    server_decode(href_path),
                    Some(path.clone()),
                    "{:?} written as {:?}, checked as {:?}", dest, href, path
                );
                prop_assert_eq!(href_fragment, fragment);
            }
        }
    }

    #[test]
    fn a_path_taken_as_it_is_is_the_path_resolved(
        segments in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(vec!["articles", "a-b", "x.png", "index.html", "", ".", "..", "%41", "a b"])
                    .prop_map(str::to_owned),
                1 => tricky_text(4),
            ],
            0..5,
        ),
        slash in any::<bool>(),
    ) {
        let p = format!("/{}{}", segments.join("/"), if slash { "/" } else { "" });
        prop_assert_eq!(canonical_site_path(&p), resolve_site_path(&p), "{:?}", p);
    }

    #[test]
    fn canonical_paths_are_pages_or_files(p in tricky_text(16)) {
        let c = canonical_site_path(&format!("/{p}"));
        let last = c.rsplit('/').next().unwrap_or("");
        prop_assert!(c.ends_with('/') || last.contains('.'), "{c:?}");
    }
}
