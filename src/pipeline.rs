//! One build from start to finish: settings → content → site model → markdown → link check →
//! templates. Pages go to a [`Sink`] as they are rendered: the output folder's staging area
//! for `build`, nowhere for `check`, memory for tests and the preview.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pages::{OutputFile, Sink};
use crate::site::{Options, Site};
use crate::theme::{Asset, Theme};

/// What a successful build made (the pages themselves went to the sink).
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    /// Pages rendered.
    pub pages: usize,
    /// Static files to copy: output path → source.
    pub assets: BTreeMap<String, Asset>,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
    pub elapsed: std::time::Duration,
}

/// Builds the site at `root`, handing each page to `sink`. All problems of the run come
/// back together; with errors, the sink may have received some pages (callers discard them).
pub fn build(root: &Path, options: Options, sink: &Sink) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some((config, config_source)) = Config::load(root, &mut diags) else {
        return Err(diags);
    };
    let theme = Theme::load(&config.root, &config.theme, &mut diags);
    let content = crate::content::load(&config.root, &mut diags);
    let site = Site::build(config, content, options, &mut diags);

    let md = crate::render::render_markdown(&site, Some(&config_source));
    let Some(theme) = theme else {
        diags.sort();
        return Err(diags);
    };
    let targets = crate::links::Targets::collect(&site, &md, &theme);
    let pending = crate::links::check(&site, &md, &targets, &mut diags);
    let page_paths = crate::render::pages::page_paths(&site);
    if let Err(e) = crate::output::check_clashes(&page_paths, &theme.assets) {
        diags.push(Diagnostic::file_error("static", e.to_string()));
    }
    let tera = crate::render::templates::engine(&theme, &mut diags);
    // Render only a site without errors: nothing half-built reaches the sink.
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    // Anchors only a rendered page can confirm are looked for as the pages go by.
    let mut wanted: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in &pending {
        wanted
            .entry(p.file.as_str())
            .or_default()
            .push(p.fragment.as_str());
    }
    let found: Mutex<HashSet<(String, String)>> = Mutex::new(HashSet::new());
    let checking_sink = |path: &str, bytes: &[u8]| -> Result<(), String> {
        if let Some(fragments) = wanted.get(path) {
            let html = String::from_utf8_lossy(bytes);
            let hits: Vec<(String, String)> = fragments
                .iter()
                .filter(|f| crate::links::html_has_id(&html, f))
                .map(|f| (path.to_owned(), (*f).to_owned()))
                .collect();
            if let Ok(mut set) = found.lock() {
                set.extend(hits);
            }
        }
        sink(path, bytes)
    };
    let pages = match tera {
        Some(tera) => {
            crate::render::pages::render_all(&site, &md, &tera, &checking_sink, &mut diags)
        }
        None => 0,
    };
    let found = found.into_inner().unwrap_or_default();
    for p in pending {
        if !found.contains(&(p.file, p.fragment)) {
            diags.push(p.error);
        }
    }
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    drop(md);
    Ok(Built {
        config: site.config,
        pages,
        assets: theme.assets,
        diagnostics: diags,
        elapsed: started.elapsed(),
    })
}

/// Builds the site and keeps every page in memory, sorted by path.
pub fn build_in_memory(
    root: &Path,
    options: Options,
) -> Result<(Built, Vec<OutputFile>), Diagnostics> {
    let files = Mutex::new(Vec::new());
    let sink = |path: &str, bytes: &[u8]| -> Result<(), String> {
        files
            .lock()
            .map_err(|_| "a rendering thread failed".to_owned())?
            .push(OutputFile {
                path: path.to_owned(),
                bytes: bytes.to_vec(),
            });
        Ok(())
    };
    let built = build(root, options, &sink)?;
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((built, files))
}
