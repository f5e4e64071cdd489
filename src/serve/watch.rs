//! Watching the site's sources and turning bursts of file events into single rebuilds.
//!
//! Watches `site.yaml` (through the site folder, not recursively), and `content/`, `static/`,
//! `templates/` and `themes/` recursively, adding a folder's watch when it appears. Never
//! watches the output folder or anything else in the site folder (a repository's `target/`,
//! say). Editors' scratch files (vim's `.swp` and `4913`, `~` backups) are ignored. Events are
//! gathered until the tree has been quiet for [`QUIET`], so an atomic save (write a temp file,
//! rename it), a burst of saves or a `git checkout` of many files becomes one rebuild; events
//! that arrive during a rebuild are merged into the next one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the tree must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(25);
/// The longest a constant stream of events can delay a rebuild.
pub const MAX_DELAY: Duration = Duration::from_millis(400);

/// The folders (relative to the site root) whose files feed a build.
pub const WATCHED_DIRS: &[&str] = &["content", "static", "templates", "themes"];

/// Watches a site and yields batches of changed paths.
pub struct SiteWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: HashSet<PathBuf>,
}

impl SiteWatcher {
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(res);
        })?;
        let mut w = SiteWatcher {
            root: root.to_path_buf(),
            watcher,
            events: rx,
            watched: HashSet::new(),
        };
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh_watches();
        Ok(w)
    }

    /// Adds watches for source folders that exist now and are not watched yet.
    fn refresh_watches(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(path);
                }
            } else if !path.is_dir() && self.watched.remove(&path) {
                let _ = self.watcher.unwatch(&path);
            }
        }
    }

    /// True when an event for `path` can change the site.
    pub fn is_relevant(root: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let Some(first) = parts.next() else {
            return false;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if crate::content::is_editor_scratch(&name) {
            return false;
        }
        if first == crate::config::CONFIG_FILE {
            return true;
        }
        if !WATCHED_DIRS.contains(&first.as_str()) {
            return false;
        }
        // Hidden files only matter in static folders, which are copied as they are.
        let in_static = first == "static" || rel.components().any(|c| c.as_os_str() == "static");
        in_static
            || !rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    }

    /// Blocks until something relevant changes, then waits for quiet and returns the batch.
    /// Returns `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut batch: Vec<PathBuf> = Vec::new();
        // Wait for the first relevant event.
        while batch.is_empty() {
            let event = self.events.recv().ok()?;
            self.take(event, &mut batch);
        }
        let started = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => self.take(event, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.refresh_watches();
        batch.sort();
        batch.dedup();
        Some(batch)
    }

    fn take(&self, event: notify::Result<notify::Event>, batch: &mut Vec<PathBuf>) {
        let Ok(event) = event else {
            // The OS dropped events (queue overflow): rebuild to be safe.
            batch.push(self.root.join(crate::config::CONFIG_FILE));
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        if event.need_rescan() {
            batch.push(self.root.join(crate::config::CONFIG_FILE));
        }
        for p in event.paths {
            if Self::is_relevant(&self.root, &p) {
                batch.push(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance() {
        let root = Path::new("/site");
        let yes = |p: &str| SiteWatcher::is_relevant(root, Path::new(p));
        assert!(yes("/site/site.yaml"));
        assert!(yes("/site/content/articles/a.md"));
        assert!(yes("/site/static/.nojekyll"));
        assert!(yes("/site/themes/default/templates/base.html"));
        assert!(!yes("/site/content/articles/.a.md.swp"));
        assert!(!yes("/site/content/articles/4913"));
        assert!(!yes("/site/content/articles/a.md~"));
        assert!(!yes("/site/public/index.html"));
        assert!(!yes("/site/target/debug/x"));
        assert!(!yes("/site/content/.git/HEAD"));
        assert!(!yes("/elsewhere/site.yaml"));
    }
}
