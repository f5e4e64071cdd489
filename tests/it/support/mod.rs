//! Shared helpers for careleaf's integration tests: fixture sites in temp folders, running the
//! real binary, parsing its HTML with a real HTML parser, checking every internal link of a
//! built site, and reading careleaf's `path:line:col: error: ...` diagnostics.

pub mod faq;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The settings most fixtures use (served at the domain root).
pub const SITE_YAML: &str = "\
title: Test Health
base_url: https://example.org/
language: en
description: A small site for testing careleaf.
disclaimer: This is **not** medical advice. Read the [questions](/faq/).
";

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

/// A `careleaf` command (the binary built by cargo for this package).
pub fn careleaf() -> Command {
    Command::cargo_bin("careleaf").expect("the careleaf binary is built by cargo")
}

/// The result of one run, with its output as text.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics (showing both streams) unless the run succeeded.
    pub fn ok(self) -> Run {
        assert!(self.success, "careleaf failed:\n{self}");
        self
    }

    /// Panics (showing both streams) unless the run failed with a non-zero exit status.
    pub fn failed(self) -> Run {
        assert!(
            !self.success && self.code.is_some_and(|c| c != 0),
            "careleaf should have failed:\n{self}"
        );
        self
    }

    /// The diagnostics printed on standard error.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `cmd` to completion and captures its output.
pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().expect("careleaf runs");
    Run {
        success: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs careleaf with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = careleaf();
    cmd.current_dir(cwd).args(args);
    run(cmd)
}

// ---------------------------------------------------------------------------------------------
// Fixture sites
// ---------------------------------------------------------------------------------------------

/// A site written into a fresh temporary folder. The folder (and everything built into
/// it) is deleted when the value is dropped.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// Writes `files` (path relative to the site root, text) into a new temp folder. Adds the
    /// default [`SITE_YAML`] when `files` has no `site.yaml`.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("careleaf-site-")
            .tempdir()
            .expect("temp dir");
        let site = Site { dir };
        if !files.iter().any(|(p, _)| *p == "site.yaml") {
            site.write("site.yaml", SITE_YAML);
        }
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// Like [`Site::new`] with owned strings (for generated fixtures).
    pub fn from_owned(files: &[(String, String)]) -> Site {
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Site::new(&borrowed)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a text file, creating folders as needed.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
        fs::write(&path, bytes).expect("write fixture file");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).expect("remove fixture file");
    }

    /// Line `n` (1-based) of a fixture file, as an editor shows it.
    pub fn line(&self, rel: &str, n: usize) -> String {
        let text = fs::read_to_string(self.path(rel)).expect("read fixture file");
        text.trim_start_matches('\u{feff}')
            .lines()
            .nth(n - 1)
            .unwrap_or_else(|| panic!("{rel} has no line {n}"))
            .trim_end_matches('\r')
            .to_owned()
    }

    /// The default output folder, `<root>/public`.
    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// `careleaf build --root <root> <extra...>` (output defaults to `<root>/public`).
    pub fn build_args(&self, extra: &[&str]) -> Run {
        let mut cmd = careleaf();
        cmd.arg("build").arg("--root").arg(self.root()).args(extra);
        run(cmd)
    }

    /// Builds into `<root>/public` and panics unless the build succeeds.
    pub fn build(&self) -> Built {
        let run = self.build_args(&[]).ok();
        Built {
            out: self.public(),
            base_path: String::new(),
            run,
        }
    }

    /// Builds with `--drafts` and panics unless the build succeeds.
    pub fn build_drafts(&self) -> Built {
        let run = self.build_args(&["--drafts"]).ok();
        Built {
            out: self.public(),
            base_path: String::new(),
            run,
        }
    }

    /// Builds into `out` and panics unless the build succeeds.
    pub fn build_into(&self, out: &Path) -> Built {
        let mut cmd = careleaf();
        cmd.arg("build")
            .arg("--root")
            .arg(self.root())
            .arg("--output")
            .arg(out);
        let run = run(cmd).ok();
        Built {
            out: out.to_path_buf(),
            base_path: String::new(),
            run,
        }
    }

    /// `careleaf check --root <root>`.
    pub fn check(&self) -> Run {
        let mut cmd = careleaf();
        cmd.arg("check").arg("--root").arg(self.root());
        run(cmd)
    }
}

/// A built site: its output folder and the run that made it.
pub struct Built {
    pub out: PathBuf,
    /// `""` or a prefix such as `/guide`, stripped from URLs to find files.
    pub base_path: String,
    pub run: Run,
}

impl Built {
    /// Sets the URL prefix the site is served under (for [`Built::page`]).
    pub fn with_base_path(mut self, base_path: &str) -> Built {
        self.base_path = base_path.trim_end_matches('/').to_owned();
        self
    }

    /// The output file a site URL (`/articles/x/`, `/404.html`) is served from.
    pub fn file(&self, url: &str) -> PathBuf {
        let rel = url
            .strip_prefix(self.base_path.as_str())
            .unwrap_or_else(|| panic!("{url} does not start with {}", self.base_path));
        url_to_file(&self.out, rel).unwrap_or_else(|| panic!("no output file for {url}"))
    }

    pub fn exists(&self, url: &str) -> bool {
        let rel = url.strip_prefix(self.base_path.as_str()).unwrap_or(url);
        url_to_file(&self.out, rel).is_some()
    }

    /// Parses the page at a site URL.
    pub fn page(&self, url: &str) -> Page {
        let path = self.file(url);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Page {
            url: url.to_owned(),
            html: Html::parse_document(&text),
            text,
        }
    }

    /// Every HTML file of the output, relative, with `/` separators.
    pub fn html_files(&self) -> Vec<String> {
        files_under(&self.out)
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }
}

/// Maps a site path (without base path) to an existing file: `/x/` → `x/index.html`.
pub fn url_to_file(out: &Path, site_path: &str) -> Option<PathBuf> {
    let rel = site_path.trim_start_matches('/');
    let candidate = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    candidate.is_file().then_some(candidate)
}

// ---------------------------------------------------------------------------------------------
// Parsed pages
// ---------------------------------------------------------------------------------------------

/// One parsed HTML page.
pub struct Page {
    pub url: String,
    pub html: Html,
    pub text: String,
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// The whitespace-normalised text of an element.
pub fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    /// Every element matching `css`.
    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        let s = sel(css);
        self.html.select(&s).collect()
    }

    /// The one element matching `css` (panics on none or several).
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.all(css);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one `{css}`, found {}",
            self.url,
            found.len()
        );
        found[0]
    }

    pub fn has(&self, css: &str) -> bool {
        !self.all(css).is_empty()
    }

    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// The texts of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }

    /// The `attr` of every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.all(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    /// The `href`s of every `a` matching `css` (e.g. `.topic-links a`).
    pub fn hrefs(&self, css: &str) -> Vec<String> {
        self.attrs(css, "href")
    }

    /// Every element id on the page, with repeats.
    pub fn ids(&self) -> Vec<String> {
        self.attrs("[id]", "id")
    }

    /// Every link-like URL on the page: `href` of `a`/`link`/`area`, `src` of
    /// `img`/`script`/`source`/`iframe`, and `content` of `og:url`.
    pub fn urls(&self) -> Vec<String> {
        let mut out = self.attrs("a[href], link[href], area[href]", "href");
        out.extend(self.attrs("img[src], script[src], source[src], iframe[src]", "src"));
        out.extend(self.attrs("meta[property=\"og:url\"]", "content"));
        out
    }

    /// The canonical URL.
    pub fn canonical(&self) -> String {
        self.attrs("link[rel=canonical]", "href")
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}: no canonical link", self.url))
    }

    /// Everything on the page that a strict Content-Security-Policy (no `'unsafe-inline'`)
    /// would block, described: a `<script>` without `src` or with a body, a `<style>`
    /// element, a `style` attribute, an `on*` event-handler attribute, a `javascript:` URL.
    pub fn inline_code(&self) -> Vec<String> {
        let mut found = Vec::new();
        for script in self.all("script") {
            let body = script.text().collect::<String>();
            if script.value().attr("src").is_none() || !body.trim().is_empty() {
                found.push(format!("an inline <script>: {:?}", script.html()));
            }
        }
        for style in self.all("style") {
            found.push(format!("a <style> element: {:?}", style.html()));
        }
        for el in self.all("*") {
            for (name, value) in el.value().attrs() {
                let name = name.to_ascii_lowercase();
                if name == "style" || name.starts_with("on") {
                    found.push(format!("<{} {name}=\"{value}\">", el.value().name()));
                }
                if value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
                {
                    found.push(format!(
                        "a javascript: URL in <{} {name}>",
                        el.value().name()
                    ));
                }
            }
        }
        found
    }

    /// The `src` of every script and the `href` of every stylesheet link, in page order.
    pub fn scripts_and_stylesheets(&self) -> (Vec<String>, Vec<String>) {
        (
            self.attrs("script[src]", "src"),
            self.attrs("link[rel~=stylesheet]", "href"),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Whole-output link checker
// ---------------------------------------------------------------------------------------------

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
        let page = Page {
            url: page_url.clone(),
            html: Html::parse_document(&text),
            text: String::new(),
        };
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

// ---------------------------------------------------------------------------------------------
// Folder snapshots
// ---------------------------------------------------------------------------------------------

/// Every entry under `dir` (folders as `None`, files with their bytes), for byte-for-byte
/// comparison of whole trees.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(base, &p, out);
            } else {
                out.insert(rel, Some(fs::read(&p).expect("read file")));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Panics naming the first difference between two snapshots.
pub fn assert_same_tree(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
    what: &str,
) {
    let b: BTreeSet<&String> = before.keys().collect();
    let a: BTreeSet<&String> = after.keys().collect();
    let gone: Vec<_> = b.difference(&a).collect();
    let new: Vec<_> = a.difference(&b).collect();
    assert!(
        gone.is_empty() && new.is_empty(),
        "{what}: entries removed {gone:?}, added {new:?}"
    );
    for (k, v) in before {
        assert!(after[k] == *v, "{what}: {k} changed");
    }
}

/// Names in `dir` that look like careleaf's temporary or set-aside folders.
pub fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("careleaf-new") || n.ends_with(".old") || n.contains(".tmp"))
        .collect()
}

/// The names directly inside `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

/// One diagnostic as printed: `path:line:col: error: message`, then (for a line > 0) a
/// ` |` line, `N | source line` and ` | ^` caret line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: String,
    pub message: String,
    pub source_line: Option<String>,
    /// 0-based character position of the caret under the source line.
    pub caret: Option<usize>,
}

/// Parses every diagnostic header (and its source and caret lines) out of standard error.
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some((head, severity, message)) = [": error: ", ": warning: "]
            .iter()
            .find_map(|sep| line.split_once(sep).map(|(h, m)| (h, sep, m)))
        else {
            continue;
        };
        let severity = severity.trim_matches([':', ' ']).to_owned();
        let mut parts = head.rsplitn(3, ':');
        let (col, ln, path) = (parts.next(), parts.next(), parts.next());
        let (path, line_no, column) = match (path, ln, col) {
            (Some(p), Some(l), Some(c)) => match (l.parse(), c.parse()) {
                (Ok(l), Ok(c)) => (p.to_owned(), l, c),
                _ => (head.to_owned(), 0, 0),
            },
            _ => (head.to_owned(), 0, 0),
        };
        let mut d = Diag {
            path,
            line: line_no,
            column,
            severity,
            message: message.to_owned(),
            source_line: None,
            caret: None,
        };
        // `  |`, `N | source`, `  | ^`
        if line_no > 0 && i + 1 < lines.len() {
            let number = line_no.to_string();
            let prefix = format!("{number} | ");
            if lines[i].trim() == "|" && lines[i + 1].starts_with(&prefix) {
                d.source_line = Some(lines[i + 1][prefix.len()..].to_owned());
                let caret_line = lines.get(i + 2).copied().unwrap_or("");
                let bar = format!("{} | ", " ".repeat(number.len()));
                if let Some(rest) = caret_line.strip_prefix(&bar) {
                    d.caret = rest.find('^').map(|b| rest[..b].chars().count());
                }
                i += 3;
            }
        }
        out.push(d);
    }
    out
}

/// Finds the error about `path` at `line` whose message contains `needle`; panics showing the
/// whole standard error otherwise. Also checks the source line and caret that follow it.
pub fn expect_error<'a>(
    run: &Run,
    diags: &'a [Diag],
    path: &str,
    line: usize,
    needle: &str,
) -> &'a Diag {
    expect_diag(run, diags, "error", path, line, needle)
}

pub fn expect_diag<'a>(
    run: &Run,
    diags: &'a [Diag],
    severity: &str,
    path: &str,
    line: usize,
    needle: &str,
) -> &'a Diag {
    let d = diags
        .iter()
        .find(|d| {
            d.severity == severity && d.path == path && d.line == line && d.message.contains(needle)
        })
        .unwrap_or_else(|| {
            panic!("expected `{path}:{line}:_: {severity}: ...{needle}...` in:\n{run}")
        });
    if line > 0 {
        assert!(
            d.column >= 1,
            "column must be 1-based, got {}:\n{run}",
            d.column
        );
        assert!(
            d.source_line.is_some(),
            "no source line after the diagnostic:\n{run}"
        );
        assert_eq!(
            d.caret,
            Some(d.column - 1),
            "the caret must stand under column {}:\n{run}",
            d.column
        );
    }
    d
}

/// The 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// Like [`expect_error`], and checks the quoted source line is the file's line `line`.
pub fn expect_error_in(site: &Site, run: &Run, path: &str, line: usize, needle: &str) -> Diag {
    let diags = run.diagnostics();
    let d = expect_error(run, &diags, path, line, needle).clone();
    assert_eq!(
        d.source_line.as_deref(),
        Some(site.line(path, line).as_str()),
        "the quoted line must be line {line} of {path}:\n{run}"
    );
    d
}

// ---------------------------------------------------------------------------------------------
// A richer fixture shared by several test files
// ---------------------------------------------------------------------------------------------

/// A small but complete site: topics, articles in sub-folders, a FAQ with related articles,
/// an about page. Relationships (see the tests) are chosen so related lists have a known order.
pub fn rich_site_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/topics.yaml",
            "\
pain:
  title: Pain
  description: Everything about *pain*.
sleep:
  title: Sleep
  description: Rest and sleep.
needling:
  title: Dry needling
  description: Thin needles in tight muscles.
diet:
  title: Diet
",
        ),
        (
            "content/articles/basics/pain-basics.md",
            "\
---
title: Pain basics
description: What pain is and what helps.
topics: [pain, sleep]
date: 2026-03-01
reviewed_on: 2026-03-10
reviewed_by: Dr. Ada Reviewer
author: The editors
weight: 1
---
Pain is real. Read our [sleep tips](/articles/sleep-tips/) and the
[answer about needling](/faq/#does-it-hurt).

## Overview

More text, see [the overview](#overview).
",
        ),
        (
            "content/articles/sleep-tips.md",
            "\
---
title: Sleep tips
description: Sleep better with pain.
topics: [sleep]
date: 2026-05-01
---
Go to bed at the same time. See [pain basics](basics/pain-basics.md#overview).
",
        ),
        (
            "content/articles/treatments/needling-guide.md",
            "\
---
title: Needling guide
topics: [needling, pain]
date: 2026-04-01
---
What happens in a session. Also read [sleep tips](../sleep-tips.md).

## During the session

You may feel a twitch.
",
        ),
        (
            "content/articles/treatments/needling-safety.md",
            "\
---
title: Needling safety
topics: [needling, pain, sleep]
date: 2026-02-01
---
Side effects are usually mild. Back to the [guide](/articles/needling-guide).
",
        ),
        (
            "content/faq.yaml",
            "\
title: Common questions
intro: Answers to *common* questions.
questions:
  - id: does-it-hurt
    question: Does needling hurt?
    answer: A little. See [the guide](/articles/needling-guide/#during-the-session).
    topics: [needling, pain]
    related: [needling-guide, needling-safety]
  - id: sleep-help
    question: What helps sleep?
    answer: Regular hours. See [also](#does-it-hurt).
    topics: [sleep]
    related: [sleep-tips]
  - id: pain-real
    question: Is the pain real?
    answer: Yes, it is.
    topics: [pain]
  - id: who-writes
    question: Who writes this site?
    answer: Volunteers.
",
        ),
        (
            "content/pages/about.md",
            "\
---
title: About us
description: Who runs this site.
---
We are volunteers. [Home](/).
",
        ),
    ]
}

pub fn rich_site() -> Site {
    Site::new(&rich_site_files())
}

// ---------------------------------------------------------------------------------------------
// The preview server (`careleaf serve`): a running server, a raw HTTP/1.1 client, WebSockets
// ---------------------------------------------------------------------------------------------

/// A site written into a folder inside another temporary folder, so a test can put files
/// *beside* the site (secrets that must never be served). Returns (outer folder, site).
pub fn site_in_folder(files: &[(&str, &str)]) -> (TempDir, Site) {
    let outer = tempfile::Builder::new()
        .prefix("careleaf-outer-")
        .tempdir()
        .expect("temp dir");
    let dir = tempfile::Builder::new()
        .prefix("site-")
        .tempdir_in(outer.path())
        .expect("temp dir");
    let site = Site { dir };
    if !files.iter().any(|(p, _)| *p == "site.yaml") {
        site.write("site.yaml", SITE_YAML);
    }
    for (path, text) in files {
        site.write(path, text);
    }
    (outer, site)
}

/// Polls `f` every few milliseconds until it returns `Some`, panicking with `what` after
/// `timeout`.
pub fn poll_until<T>(
    timeout: std::time::Duration,
    what: &str,
    mut f: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
}

/// A running `careleaf serve`. The process is killed when the value is dropped, also when a
/// test panics, so no server outlives its test.
pub struct Server {
    child: std::process::Child,
    /// The URL printed on its own line (`http://127.0.0.1:PORT/`).
    pub url: String,
    pub port: u16,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a child's output stream into `into`, line by line, also sending each line.
fn pump(
    stream: impl std::io::Read + Send + 'static,
    into: std::sync::Arc<std::sync::Mutex<String>>,
    lines: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    if let Ok(mut s) = into.lock() {
                        s.push_str(&line);
                    }
                    if let Some(tx) = &lines {
                        let _ = tx.send(line.trim_end().to_owned());
                    }
                }
            }
        }
    });
}

impl Server {
    /// `careleaf serve --root <root> --port 0 <extra...>`, once it printed its URL.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["--port", "0"];
        args.extend_from_slice(extra);
        Server::start_args(root, &args)
    }

    /// `careleaf serve --root <root> <args...>` (no `--port` added), once it printed its URL.
    /// Panics, showing both streams, if it exits or prints no URL within 60 s.
    pub fn start_args(root: &Path, args: &[&str]) -> Server {
        Server::try_start_env(root, args, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`Server::start_args`] with extra environment variables (and none of the test
    /// process's fault-injection settings); `Err` with both streams when it prints no URL.
    pub fn try_start_env(
        root: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Server, String> {
        use std::process::{Command, Stdio};
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_careleaf"));
        cmd.env_remove("CARELEAF_TEST_FAULT");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("serve")
            .arg("--root")
            .arg(root)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Should the test process itself be killed (so `Drop` never runs), the server goes
        // with the thread that started it.
        #[cfg(target_os = "linux")]
        // SAFETY: the closure only calls prctl, which is async-signal-safe.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("careleaf serve starts");
        let mut server = Server {
            child,
            url: String::new(),
            port: 0,
            stdout: Default::default(),
            stderr: Default::default(),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let out = server.child.stdout.take().expect("piped stdout");
        let err = server.child.stderr.take().expect("piped stderr");
        pump(out, server.stdout.clone(), Some(tx));
        pump(err, server.stderr.clone(), None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) if line.starts_with("http://") => {
                    server.url = line.clone();
                    server.port = line
                        .trim_end_matches('/')
                        .rsplit(':')
                        .next()
                        .and_then(|p| p.parse().ok())
                        .unwrap_or_else(|| panic!("no port in the URL line {line:?}"));
                    return Ok(server);
                }
                Ok(_) => {}
                Err(_) => {
                    // Give the error stream a moment to arrive.
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    return Err(format!(
                        "careleaf serve printed no URL (exit: {:?})\n--- stdout ---\n{}\n--- stderr ---\n{}",
                        server.child.try_wait().ok().flatten(),
                        server.stdout(),
                        server.stderr()
                    ));
                }
            }
        }
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits (10 s at most) until standard error contains `needle`: what the server printed
    /// reaches the test through a pipe, a moment after the server moved on.
    pub fn wait_stderr(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let err = self.stderr();
            if err.contains(needle) {
                return err;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no {needle:?} on standard error within 10 s:\n{err}"
            );
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
    }

    /// How many lines of standard error so far contain `needle`.
    pub fn stderr_count(&self, needle: &str) -> usize {
        self.stderr().lines().filter(|l| l.contains(needle)).count()
    }

    /// The exit status, if the server has stopped.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// `Host` value naming this server as the URL does (`127.0.0.1:PORT`).
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `GET path` with the server's own Host header.
    pub fn get(&self, path: &str) -> HttpResponse {
        http_request(self.port, "GET", path, &[])
    }

    /// `method path` with the server's own Host header plus `headers`.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
        http_request(self.port, method, path, headers)
    }

    /// Polls `GET path` until `ok` accepts the response (10 s at most).
    pub fn wait_for(
        &self,
        path: &str,
        what: &str,
        ok: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if std::time::Instant::now() >= deadline {
                panic!(
                    "timed out waiting for {what} at {path}; last response {} {}\n{}\n--- stderr ---\n{}",
                    r.status,
                    r.reason,
                    r.text(),
                    self.stderr()
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
    }

    /// Opens the live-reload socket with this server's own Origin.
    pub fn live(&self) -> LiveSocket {
        let origin = format!("http://{}", self.host());
        ws_connect(self.port, Some(&origin)).unwrap_or_else(|e| {
            panic!(
                "live-reload socket refused: {e}\n--- stderr ---\n{}",
                self.stderr()
            )
        })
    }
}

/// One HTTP response as read off the wire.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The body parsed as an HTML page.
    pub fn page(&self, url: &str) -> Page {
        let text = self.text();
        Page {
            url: url.to_owned(),
            html: Html::parse_document(&text),
            text,
        }
    }
}

/// Checks a script or stylesheet the preview serves: 200, exactly `content_type`, never
/// cached, never sniffed, not empty.
pub fn assert_served_as(r: &HttpResponse, url: &str, content_type: &str) {
    assert_eq!(r.status, 200, "GET {url}: {}", r.text());
    assert_eq!(r.header("content-type"), Some(content_type), "GET {url}");
    assert_eq!(r.header("cache-control"), Some("no-store"), "GET {url}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "GET {url}"
    );
    assert!(!r.body.is_empty(), "GET {url}: an empty body");
}

/// Sends `request` (bytes exactly as given) to 127.0.0.1:`port` and reads the response: until
/// its `Content-Length` has arrived, or else until the server closes the connection (send
/// `Connection: close`). Panics on a malformed response.
pub fn http_raw(port: u16, request: &[u8]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(15)))
        .expect("read timeout");
    stream.write_all(request).expect("send the request");
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                // A response with a length is complete once that many bytes arrived, even
                // if the connection stays open (a request without `Connection: close`).
                let is_head = request.starts_with(b"HEAD ");
                if let (false, Some(r)) = (is_head, parse_response(&raw)) {
                    let len = r
                        .header("content-length")
                        .and_then(|l| l.parse::<usize>().ok());
                    if len.is_some_and(|l| r.body.len() >= l) {
                        break;
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // A reset after a complete response (the server closed first) is fine.
            Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "reading the response to {:?} failed after {} bytes: {e}",
                String::from_utf8_lossy(request.split(|b| *b == b'\r').next().unwrap_or(b"")),
                raw.len()
            ),
        }
    }
    parse_response(&raw).unwrap_or_else(|| {
        panic!(
            "malformed HTTP response: {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

fn parse_response(raw: &[u8]) -> Option<HttpResponse> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let rest = &raw[end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.splitn(3, ' ');
    let _version = parts.next()?;
    let status: u16 = parts.next()?.parse().ok()?;
    let reason = parts.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut r = HttpResponse {
        status,
        reason,
        headers,
        body: Vec::new(),
    };
    r.body = if r
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        let mut body = Vec::new();
        let mut at = rest;
        loop {
            let nl = at.windows(2).position(|w| w == b"\r\n")?;
            let size_text = std::str::from_utf8(&at[..nl]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            at = &at[nl + 2..];
            if size == 0 {
                break;
            }
            body.extend_from_slice(at.get(..size)?);
            at = at.get(size + 2..)?;
        }
        body
    } else {
        rest.to_vec()
    };
    Some(r)
}

/// `method target HTTP/1.1` to 127.0.0.1:`port` with `Host: 127.0.0.1:port` (unless `headers`
/// has a Host), `headers`, and `Connection: close`.
pub fn http_request(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> HttpResponse {
    let mut req = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if method != "GET" && method != "HEAD" {
        req.push_str("Content-Length: 0\r\n");
    }
    req.push_str("Connection: close\r\n\r\n");
    http_raw(port, req.as_bytes())
}

/// A live-reload WebSocket client.
pub struct LiveSocket {
    pub ws: tungstenite::WebSocket<std::net::TcpStream>,
    /// Every message received so far (for failure messages).
    pub seen: Vec<String>,
}

/// Opens `ws://127.0.0.1:port/_careleaf/live`, with `Origin: origin` when given.
pub fn ws_connect(port: u16, origin: Option<&str>) -> Result<LiveSocket, tungstenite::Error> {
    use tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://127.0.0.1:{port}/_careleaf/live")
        .into_client_request()
        .expect("a valid request");
    if let Some(o) = origin {
        req.headers_mut().insert(
            "Origin",
            tungstenite::http::HeaderValue::from_str(o).expect("header value"),
        );
    }
    let stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).map_err(tungstenite::Error::Io)?;
    // A busy machine may take a while to answer the handshake: wait for it generously...
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(15)))
        .map_err(tungstenite::Error::Io)?;
    let (ws, _) = tungstenite::client(req, stream).map_err(|e| match e {
        tungstenite::HandshakeError::Failure(e) => e,
        tungstenite::HandshakeError::Interrupted(_) => {
            tungstenite::Error::Io(std::io::ErrorKind::WouldBlock.into())
        }
    })?;
    // ...then read in short slices, so `next` can keep its own deadline.
    ws.get_ref()
        .set_read_timeout(Some(std::time::Duration::from_millis(50)))
        .map_err(tungstenite::Error::Io)?;
    Ok(LiveSocket {
        ws,
        seen: Vec::new(),
    })
}

impl LiveSocket {
    /// The next text message as JSON, or `None` after `timeout`.
    pub fn next(&mut self, timeout: std::time::Duration) -> Option<serde_json::Value> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match self.ws.read() {
                Ok(tungstenite::Message::Text(t)) => {
                    self.seen.push(t.to_string());
                    return Some(
                        serde_json::from_str(t.as_str())
                            .unwrap_or_else(|e| panic!("live message is not JSON ({e}): {t}")),
                    );
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if std::time::Instant::now() >= deadline {
                        return None;
                    }
                }
                Err(e) => panic!("live socket failed: {e}; messages so far: {:?}", self.seen),
            }
        }
    }

    /// Skips messages until one of type `kind` arrives (10 s at most).
    pub fn expect(&mut self, kind: &str) -> serde_json::Value {
        self.expect_any(&[kind])
    }

    /// Skips messages until one of the types in `kinds` arrives (10 s at most).
    pub fn expect_any(&mut self, kinds: &[&str]) -> serde_json::Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.next(left) {
                Some(m) if kinds.iter().any(|k| m["type"] == *k) => return m,
                Some(_) => {}
                None => panic!(
                    "no {kinds:?} message within 10 s; messages so far: {:?}",
                    self.seen
                ),
            }
        }
    }
}
