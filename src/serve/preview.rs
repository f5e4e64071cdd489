//! The preview's copy of the site: built in memory, rebuilt on change, never written to disk.
//!
//! [`Preview::rebuild`] runs the normal pipeline with caches, so an edit to one article
//! re-parses and re-renders that article and only the pages whose inputs changed (the pages
//! that list it); a template or `site.yaml` change invalidates every page. Because the caches
//! only skip work whose inputs are unchanged, the preview always equals a full build of the
//! same files (a test checks this after every step of a scripted editing session).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::date::{Date, clock_today};
use crate::diag::Diagnostics;
use crate::pipeline::{Caches, MemorySink};
use crate::site::Options;
use crate::theme::Asset;

/// One successful build, as the server serves it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Counts successful builds from 1.
    pub generation: u64,
    /// Output path (`articles/x/index.html`) → bytes.
    pub pages: HashMap<String, Arc<[u8]>>,
    /// Output path → static file.
    pub assets: BTreeMap<String, Asset>,
    /// The canonical site folder: static files on disk must resolve inside it.
    pub root: PathBuf,
    /// What the content report at `/_careleaf/report/` shows.
    pub report: ReportData,
}

/// What the analysis found in one build, for the content report.
#[derive(Debug, Clone)]
pub struct ReportData {
    pub site_title: String,
    pub max_grade: f64,
    pub today: Date,
    pub analysis: crate::analyze::Analysis,
    pub subjects: crate::analyze::Subjects,
}

impl ReportData {
    /// The report's rows.
    pub fn report(&self) -> crate::report::Report<'_> {
        crate::report::Report::new(
            &self.site_title,
            self.today,
            self.max_grade,
            &self.analysis,
            &self.subjects,
        )
    }
}

/// What a rebuild changed, for telling open pages what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing a reader can see changed.
    None,
    /// Only these stylesheets changed (output paths): swap them in place.
    Stylesheets(Vec<String>),
    /// Only pages changed (output paths added, changed or removed, sorted), no static file:
    /// a page not named is unchanged, a page named may update in place.
    Pages(Vec<String>),
    /// Anything else: reload.
    Reload,
}

/// The result of one rebuild.
#[derive(Debug, Clone)]
pub enum Outcome {
    Built {
        change: Change,
        elapsed: Duration,
        warnings: Diagnostics,
    },
    Failed(Diagnostics),
}

/// The preview's state: the last good snapshot and the caches that make rebuilds quick.
pub struct Preview {
    root: PathBuf,
    options: Options,
    caches: Caches,
    current: Option<Arc<Snapshot>>,
    /// (length, modified time) of each static file in the current snapshot.
    asset_stamps: HashMap<String, (u64, Option<std::time::SystemTime>)>,
    generation: u64,
    /// Today's date for every rebuild when `SOURCE_DATE_EPOCH` fixed it; otherwise each
    /// rebuild takes the clock's (a preview may run past midnight).
    fixed_today: Option<Date>,
}

impl Preview {
    pub fn new(root: &Path, drafts: bool, fixed_today: Option<Date>) -> Preview {
        Preview {
            root: root.to_path_buf(),
            options: Options {
                drafts,
                preview: true,
                ..Options::new(fixed_today.unwrap_or_else(clock_today))
            },
            fixed_today,
            caches: Caches::enabled(),
            current: None,
            asset_stamps: HashMap::new(),
            generation: 0,
        }
    }

    /// The last successful build, if any.
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.current.clone()
    }

    /// Builds the site again after a watcher saw `changed` (absolute paths) change: articles
    /// and pages elsewhere are not read again. Without a list that can be trusted (empty, a
    /// path outside the site, or the watcher's sign that it lost events: the settings file),
    /// every file is read.
    pub fn rebuild_after(&mut self, changed: &[PathBuf]) -> Outcome {
        let config = self.root.join(crate::config::CONFIG_FILE);
        let trusted = !changed.is_empty()
            && changed
                .iter()
                .all(|p| *p != config && p.starts_with(&self.root));
        if trusted {
            let rel = changed
                .iter()
                .map(|p| crate::diag::display_path(&self.root, p));
            self.caches.parse.expect_changes_only_in(rel);
        }
        self.rebuild()
    }

    /// Builds the site again, reading every file. On failure the last good snapshot stays
    /// current.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        self.options.today = self.fixed_today.unwrap_or_else(clock_today);
        let memory = MemorySink::new();
        let built = match crate::pipeline::build_cached(
            &self.root,
            self.options,
            &memory.sink(),
            &mut self.caches,
        ) {
            Ok(b) => b,
            Err(diags) => return Outcome::Failed(diags),
        };
        let mut timer = crate::timings::Timer::start();
        let pages = memory.into_pages();
        let stamps = asset_stamps(&built.assets);
        let change = match &self.current {
            None => Change::Reload,
            Some(old) => diff(old, &self.asset_stamps, &pages, &built.assets, &stamps),
        };
        timer.lap("compare with the last build");
        if change != Change::None || self.current.is_none() {
            self.generation += 1;
        }
        self.asset_stamps = stamps;
        let report = ReportData {
            site_title: built.config.title.clone(),
            max_grade: built.config.health.readability.max_grade,
            today: self.options.today,
            analysis: built.analysis,
            subjects: built.subjects,
        };
        self.current = Some(Arc::new(Snapshot {
            generation: self.generation,
            pages,
            assets: built.assets,
            root: built.config.root,
            report,
        }));
        Outcome::Built {
            change,
            elapsed: started.elapsed(),
            warnings: built.diagnostics,
        }
    }
}

fn asset_stamps(
    assets: &BTreeMap<String, Asset>,
) -> HashMap<String, (u64, Option<std::time::SystemTime>)> {
    assets
        .iter()
        .map(|(k, a)| {
            let stamp = match a {
                Asset::Embedded(b) => (b.len() as u64, None),
                Asset::Disk(p) => std::fs::metadata(p)
                    .map(|m| (m.len(), m.modified().ok()))
                    .unwrap_or((0, None)),
            };
            (k.clone(), stamp)
        })
        .collect()
}

/// Compares two builds: which output files were added, removed or changed.
fn diff(
    old: &Snapshot,
    old_stamps: &HashMap<String, (u64, Option<std::time::SystemTime>)>,
    pages: &HashMap<String, Arc<[u8]>>,
    assets: &BTreeMap<String, Asset>,
    stamps: &HashMap<String, (u64, Option<std::time::SystemTime>)>,
) -> Change {
    let changed = changed_pages(&old.pages, pages);
    let mut css = Vec::new();
    let same_asset_set =
        assets.len() == old.assets.len() && assets.keys().all(|k| old.assets.contains_key(k));
    if !same_asset_set {
        return Change::Reload;
    }
    for (k, stamp) in stamps {
        let moved_source = match (assets.get(k), old.assets.get(k)) {
            (Some(Asset::Disk(a)), Some(Asset::Disk(b))) => a != b,
            (Some(Asset::Embedded(_)), Some(Asset::Embedded(_))) => false,
            _ => true,
        };
        if moved_source || old_stamps.get(k) != Some(stamp) {
            if k.ends_with(".css") {
                css.push(k.clone());
            } else {
                return Change::Reload;
            }
        }
    }
    match (changed.is_empty(), css.is_empty()) {
        (true, true) => Change::None,
        (true, false) => Change::Stylesheets(css),
        (false, true) => Change::Pages(changed),
        (false, false) => Change::Reload,
    }
}

/// The output paths added, changed or removed between two builds' pages, sorted.
fn changed_pages(
    old: &HashMap<String, Arc<[u8]>>,
    new: &HashMap<String, Arc<[u8]>>,
) -> Vec<String> {
    let mut kept = 0;
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| match old.get(*k) {
            Some(o) => {
                kept += 1;
                !Arc::ptr_eq(o, v) && o != *v
            }
            None => true,
        })
        .map(|(k, _)| k.clone())
        .collect();
    // Only when some old page is not among the new ones: a second pass over every page.
    if kept < old.len() {
        changed.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    }
    changed.sort_unstable();
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_pages_are_those_added_changed_or_removed() {
        let page = |s: &str| -> Arc<[u8]> { Arc::from(s.as_bytes()) };
        let same = page("same");
        let old: HashMap<String, Arc<[u8]>> = [
            ("a/index.html", same.clone()),
            ("b/index.html", page("b")),
            ("c/index.html", page("c")),
            ("gone/index.html", page("gone")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut new = old.clone();
        new.insert("b/index.html".into(), page("b")); // rendered again, same bytes
        new.insert("c/index.html".into(), page("c, edited"));
        new.insert("added/index.html".into(), page("added"));
        new.remove("gone/index.html");
        assert_eq!(
            changed_pages(&old, &new),
            ["added/index.html", "c/index.html", "gone/index.html"]
        );
        assert!(changed_pages(&old, &old).is_empty());
    }
}
