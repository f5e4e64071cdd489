//! Fixture sites: a site written into a fresh temporary folder, building or checking it with
//! the real binary, and the built output looked up by URL.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::diagnostics::redact_dir;
use super::html::Page;
use super::links::files_under;
use super::run::{Run, careleaf};

/// The four trust pages, each a line of `site.yaml` (a site without them warns).
#[macro_export]
macro_rules! trust_yaml {
    () => {
        "\
editorial_policy: Our clinicians check every page.
funding: We take no adverts.
privacy: We keep nothing about you.
contact: Write to us.
"
    };
}

/// The trust pages' lines of [`SITE_YAML`], for fixtures that write their own `site.yaml`.
pub const TRUST_YAML: &str = trust_yaml!();

/// The settings most fixtures use (served at the domain root), with the trust pages.
pub const SITE_YAML: &str = concat!(
    "\
title: Test Health
base_url: https://example.org/
language: en
description: A small site for testing careleaf.
disclaimer: This is **not** medical advice. Read the [questions](/faq/).
",
    trust_yaml!()
);

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
        Site::fill(dir, files)
    }

    /// Like [`Site::new`] with owned strings (for generated fixtures).
    pub fn from_owned(files: &[(String, String)]) -> Site {
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Site::new(&borrowed)
    }

    fn fill(dir: TempDir, files: &[(&str, &str)]) -> Site {
        let site = Site { dir };
        if !files.iter().any(|(p, _)| *p == "site.yaml") {
            site.write("site.yaml", SITE_YAML);
        }
        for (path, text) in files {
            site.write(path, text);
        }
        site
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

    /// `careleaf <command> --root <root> <extra...>`.
    pub fn command(&self, command: &str, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec![command.into(), "--root".into()];
        args.push(self.root().into());
        args.extend(extra.iter().map(OsString::from));
        careleaf(&args)
    }

    /// `careleaf build --root <root> <extra...>` (output defaults to `<root>/public`).
    pub fn build_args(&self, extra: &[&str]) -> Run {
        self.command("build", extra)
    }

    /// Builds into `<root>/public` and panics unless the build succeeds.
    pub fn build(&self) -> Built {
        Built::new(self.public(), self.build_args(&[]).ok())
    }

    /// Builds with `--drafts` and panics unless the build succeeds.
    pub fn build_drafts(&self) -> Built {
        Built::new(self.public(), self.build_args(&["--drafts"]).ok())
    }

    /// `careleaf build --root <root> --output <out> <extra...>`.
    pub fn build_to(&self, out: &Path, extra: &[&str]) -> Run {
        let out = out.to_str().expect("temp paths are UTF-8");
        self.build_args(&[&["--output", out], extra].concat())
    }

    /// Builds into `out` and panics unless the build succeeds.
    pub fn build_into(&self, out: &Path) -> Built {
        Built::new(out.to_path_buf(), self.build_to(out, &[]).ok())
    }

    /// `careleaf check --root <root>`.
    pub fn check(&self) -> Run {
        self.command("check", &[])
    }

    /// `text` with this site's folder written as `[SITE]`, for a snapshot.
    pub fn redact(&self, text: &str) -> String {
        redact_dir(text, self.root(), "[SITE]")
    }
}

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
    (outer, Site::fill(dir, files))
}

/// A built site: its output folder and the run that made it.
pub struct Built {
    pub out: PathBuf,
    /// `""` or a prefix such as `/guide`, stripped from URLs to find files.
    pub base_path: String,
    pub run: Run,
}

impl Built {
    /// The output in `out`, made by `run`, served at the domain root.
    pub fn new(out: PathBuf, run: Run) -> Built {
        Built {
            out,
            base_path: String::new(),
            run,
        }
    }

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
        Page::parse(url, text)
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
