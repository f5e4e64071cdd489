//! The whole-output link checker: every internal link and image of a built site must lead to
//! a file of the output, and every `#fragment` to an element id on the page it names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use scraper::Html;

use super::html::{Page, sel};
use super::site::url_to_file;

/// Every file under `dir`, relative, with `/` separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// Joins a relative URL path onto the folder of `page` (a site path), resolving `.`/`..`.
fn join_relative(page: &str, rel: &str) -> String {
    let dir = &page[..=page.rfind('/').unwrap_or(0)];
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
    let mut out = format!("/{}", parts.join("/"));
    if (rel.ends_with('/') || rel.ends_with('.')) && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The site URL (`/x/`) of an output file (`x/index.html`).
pub fn file_to_url(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    }
}

/// Checks every internal `href`/`src` of every HTML file in `out`, for a site whose
/// `base_url` is `base_url`: links must carry the base path, resolve to a file of the output,
/// and a `#fragment` must name an element id on the target page. Absolute URLs on the site's
/// own origin and base path (canonical, `og:url`) are checked too. Returns the problems found
/// (empty when every link resolves) and the number of links checked.
pub fn check_links(out: &Path, base_url: &str) -> (Vec<String>, usize) {
    let base_url = base_url.trim_end_matches('/');
    let (origin, base_path) = {
        let after = base_url.find("://").map_or(0, |i| i + 3);
        match base_url[after..].find('/') {
            Some(i) => (&base_url[..after + i], &base_url[after + i..]),
            None => (base_url, ""),
        }
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut ids_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &Path| -> BTreeSet<String> {
        ids_cache
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = fs::read_to_string(file).unwrap_or_default();
                let doc = Html::parse_document(&text);
                doc.select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_owned))
                    .collect()
            })
            .clone()
    };
    for rel in files_under(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let page_url = file_to_url(&rel);
        let text = fs::read_to_string(out.join(&rel)).expect("read html");
        let page = Page::parse(&page_url, text);
        for url in page.urls() {
            // Absolute URLs to this site are checked like root-relative ones.
            let url = match url.strip_prefix(origin) {
                Some(rest) if !origin.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
                    if rest.is_empty() {
                        "/".to_owned()
                    } else {
                        rest.to_owned()
                    }
                }
                _ => url,
            };
            if url.starts_with("//") || has_scheme(&url) {
                continue;
            }
            checked += 1;
            let (path_part, fragment) = match url.split_once('#') {
                Some((p, f)) => (p.to_owned(), Some(percent_decode(f))),
                None => (url.clone(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("").to_owned();
            let site_path = if path_part.is_empty() {
                page_url.clone()
            } else if let Some(abs) = path_part.strip_prefix('/') {
                let abs = format!("/{abs}");
                if base_path.is_empty() {
                    abs
                } else if abs == base_path {
                    "/".to_owned()
                } else if let Some(rest) = abs.strip_prefix(&format!("{base_path}/")) {
                    format!("/{rest}")
                } else {
                    problems.push(format!(
                        "{rel}: `{url}` does not start with the base path {base_path}/"
                    ));
                    continue;
                }
            } else {
                join_relative(&page_url, &path_part)
            };
            let site_path = percent_decode(&site_path);
            let Some(target) = url_to_file(out, &site_path) else {
                problems.push(format!("{rel}: `{url}` → {site_path} is not in the output"));
                continue;
            };
            if let Some(f) = fragment.filter(|f| !f.is_empty())
                && target.extension().is_some_and(|e| e == "html")
                && !ids_of(&target).contains(&f)
            {
                problems.push(format!(
                    "{rel}: `{url}` → {} has no element with id `{f}`",
                    target.strip_prefix(out).unwrap_or(&target).display()
                ));
            }
        }
    }
    (problems, checked)
}

/// Panics listing every broken internal link of the output.
pub fn assert_links_resolve(out: &Path, base_url: &str) {
    let (problems, checked) = check_links(out, base_url);
    assert!(
        checked > 0,
        "no internal links were found in {}",
        out.display()
    );
    assert!(
        problems.is_empty(),
        "{} broken internal link(s) out of {checked}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every HTML file of `out` whose element ids repeat, with the repeated ids.
pub fn duplicate_ids(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for rel in files_under(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let text = fs::read_to_string(out.join(&rel)).expect("read html");
        let doc = Html::parse_document(&text);
        let mut seen = BTreeMap::<String, usize>::new();
        for e in doc.select(&sel("[id]")) {
            *seen
                .entry(e.value().attr("id").unwrap_or_default().to_owned())
                .or_default() += 1;
        }
        let dups: Vec<String> = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(id, n)| format!("{id} ×{n}"))
            .collect();
        if !dups.is_empty() {
            problems.push(format!("{rel}: {}", dups.join(", ")));
        }
    }
    problems
}
