//! Where a link in markdown points: each destination classified (a page or file of this
//! site, a relative `.md` file, or something outside the site) and rewritten to carry the
//! `base_url` path.

use std::path::{Component, Path, PathBuf};

use super::markdown::Context;

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path of this site (`/articles/x/`, `/style.css`) and maybe an anchor.
    Site {
        path: String,
        fragment: Option<String>,
    },
    /// A relative link to a markdown file that is not one of the site's articles.
    MissingFile(String),
    /// Anything outside the site (`https:`, `mailto:`, `//host`).
    External,
}

/// True for `https:`, `mailto:`, `tel:` and other URLs with a scheme, and `//host/...`.
pub(super) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Works out where `dest` points and the href to write in its place.
pub(super) fn classify(dest: &str, ctx: &Context) -> (String, Target) {
    if dest.is_empty() || is_external(dest) {
        return (dest.to_owned(), Target::External);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let with_fragment = |path: &str| {
        let path = href_path(path);
        match &fragment {
            Some(f) => [ctx.base_path, path.as_str(), "#", f].concat(),
            None => [ctx.base_path, path.as_str()].concat(),
        }
    };
    if path_part.is_empty() {
        // `#anchor` on this page: keep it as it is.
        let target = Target::Site {
            path: ctx.page_path.to_owned(),
            fragment,
        };
        return (dest.to_owned(), target);
    }
    if path_part.starts_with('/') {
        let path = canonical_site_path(path_part);
        return (with_fragment(&path), Target::Site { path, fragment });
    }
    if path_part.ends_with(".md") {
        if let Some(joined) = md_file_path(path_part, ctx) {
            return match (ctx.resolve_file)(&joined) {
                Some(path) => (with_fragment(&path), Target::Site { path, fragment }),
                None => (dest.to_owned(), Target::MissingFile(path_part.to_owned())),
            };
        }
        return (dest.to_owned(), Target::MissingFile(path_part.to_owned()));
    }
    // Relative to the page's URL.
    let dir = match ctx.page_path.rfind('/') {
        Some(i) => &ctx.page_path[..=i],
        None => "/",
    };
    let path = canonical_site_path(&join_url(dir, path_part));
    (with_fragment(&path), Target::Site { path, fragment })
}

/// The file a relative `.md` link points at, when the markdown comes from a file.
pub(super) fn md_file_path(path_part: &str, ctx: &Context) -> Option<PathBuf> {
    let file = ctx.source_file?;
    let base = file.parent().unwrap_or(Path::new(""));
    Some(normalise_fs(&base.join(percent_decode(path_part))))
}

/// `/articles/x` → `/articles/x/`; `/articles/x/index.html` → `/articles/x/`; files keep
/// their extension. Escapes are decoded, then `.` and `..` resolved (as browsers do, so an
/// escaped dot is a dot too).
pub fn canonical_site_path(path: &str) -> String {
    // Nearly every link is written canonical already (`/articles/x/`): nothing to decode,
    // resolve or add.
    if is_canonical_folder(path) {
        return path.to_owned();
    }
    resolve_site_path(path)
}

/// [`canonical_site_path`], worked out step by step.
fn resolve_site_path(path: &str) -> String {
    let resolved = join_url("/", &percent_decode(path));
    // Only a whole last segment `index.html` names the folder's page (`/.index.html` is a
    // file of its own).
    let p = match resolved.strip_suffix("index.html") {
        Some(folder) if folder.ends_with('/') => folder,
        _ => &resolved,
    };
    let last = p.rsplit('/').next().unwrap_or("");
    if p.ends_with('/') || last.contains('.') {
        p.to_owned()
    } else {
        format!("{p}/")
    }
}

/// True for a folder's path that [`canonical_site_path`] returns unchanged: from `/` to `/`,
/// with no escape and no empty, `.` or `..` segment.
fn is_canonical_folder(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    let inner = path.strip_prefix('/').and_then(|p| p.strip_suffix('/'));
    inner.is_some_and(|inner| {
        !inner.contains('%')
            && inner
                .split('/')
                .all(|segment| !matches!(segment, "" | "." | ".."))
    })
}

/// A decoded site path as it must be written in an address: `%`, `#` and `?` escaped again,
/// so that browsers and servers decode it to the path the link checker checked (the HTML
/// writer escapes spaces and other characters, but leaves these three as they are).
fn href_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// Joins a relative URL path onto a folder URL, resolving `.` and `..`.
fn join_url(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = rel.ends_with('/')
        || rel.ends_with("/.")
        || rel.ends_with("/..")
        || rel == "."
        || rel == "..";
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// Resolves `.` and `..` in a file path without touching the disk.
fn normalise_fs(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Two hex digits exactly: Rust's number parser would also take `+1`.
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (hex_digit(bytes.get(i + 1)), hex_digit(bytes.get(i + 2)))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of a hexadecimal digit.
fn hex_digit(b: Option<&u8>) -> Option<u8> {
    b.and_then(|b| (*b as char).to_digit(16)).map(|d| d as u8)
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_helpers() {
        assert_eq!(
            canonical_site_path("/articles/x/index.html"),
            "/articles/x/"
        );
        assert_eq!(canonical_site_path("/img/a%20b.png"), "/img/a b.png");
        assert_eq!(canonical_site_path("/.index.html"), "/.index.html");
        assert_eq!(canonical_site_path("/a/myindex.html"), "/a/myindex.html");
        assert_eq!(join_url("/articles/a/", "../b/"), "/articles/b/");
        assert_eq!(join_url("/articles/a/", "pic.png"), "/articles/a/pic.png");
        assert_eq!(percent_decode("%2e%2e/x%"), "../x%");
        // Found by the property tests: `%+1` is no escape.
        assert_eq!(percent_decode("%+1%+f%2"), "%+1%+f%2");
        assert!(is_external("mailto:a@b.org") && is_external("//host/x"));
        assert!(!is_external("a/b:c") && !is_external("/x"));
    }

    /// Found by the property tests: a decoded `%`, `#` or `?` was written into the address
    /// as it is, so a browser asked for another path than the one checked.
    #[test]
    fn addresses_decode_to_the_checked_path() {
        let ctx = Context {
            base_path: "/guide",
            page_path: "/articles/a/",
            source_file: None,
            resolve_file: &|_| None,
            id_prefix: "",
            section_level: 1,
            emergency_number: None,
            glossary: None,
        };
        let (href, target) = classify("/files/100%25%20sure%23%3F.pdf#p2", &ctx);
        assert_eq!(href, "/guide/files/100%25 sure%23%3F.pdf#p2");
        assert_eq!(
            target,
            Target::Site {
                path: "/files/100% sure#?.pdf".into(),
                fragment: Some("p2".into())
            }
        );
        assert_eq!(classify("/100%.png", &ctx).0, "/guide/100%25.png");
        // ... and an escaped dot was a path segment of its own, not resolved as browsers do.
        let (href, target) = classify("%2e/x/%2E%2E/y#%2e", &ctx);
        assert_eq!(href, "/guide/articles/a/y/#%2e");
        assert_eq!(
            target,
            Target::Site {
                path: "/articles/a/y/".into(),
                fragment: Some("%2e".into())
            }
        );
        assert_eq!(canonical_site_path("/a/../b/./c.png"), "/b/c.png");
    }
}
