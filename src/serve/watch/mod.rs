//! Watching the site's sources and turning bursts of file events into single rebuilds.
//!
//! Watches `site.yaml` (through the site folder, not recursively), and `content/`, `static/`,
//! `templates/` and `themes/` recursively without following symlinks, as the build reads them
//! ([`folders`] says exactly which folders), adding a folder's watch when it appears. Never
//! watches the output folder or anything else in the site folder (a repository's `target/`,
//! say). Editors' scratch files (vim's `.swp` and `4913`, `~` backups) are ignored. Events are
//! gathered until the tree has been quiet for [`QUIET`], so an atomic save (write a temp file,
//! rename it), a burst of saves or a `git checkout` of many files becomes one rebuild; events
//! that arrive during a rebuild are merged into the next one. When a rebuild fails,
//! [`SiteWatcher::settle`] waits for the files to stop changing, so a file caught half-saved
//! is read again before anyone is shown an error.

pub mod folders;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

pub use folders::WATCHED_DIRS;

/// How long the tree must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(12);
/// The longest a constant stream of events can delay a rebuild.
pub const MAX_DELAY: Duration = Duration::from_millis(400);

/// How long the tree must be quiet after a failed rebuild before the failure is believed: an
/// editor that saves in two writes, or a `git checkout` still running, is given this long.
pub const SETTLE: Duration = Duration::from_millis(200);

/// Watches a site and yields batches of changed paths.
pub struct SiteWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    /// Events, each stamped with the moment it arrived.
    events: Receiver<(Instant, notify::Result<notify::Event>)>,
    /// Watched folders, each with the identity (inode) of the folder its watch is on and how.
    watched: HashMap<PathBuf, (u64, RecursiveMode)>,
    /// Symlinks nothing follows that were found and not yet reported.
    new_links: Vec<String>,
    /// Every such symlink found so far, so each is reported once.
    links_seen: HashSet<String>,
    /// When the last relevant event arrived.
    last_event: Option<Instant>,
}

impl SiteWatcher {
    /// A watcher of `root` whose events come from `events` (sent by `watcher`), watching
    /// nothing yet.
    fn fed_by(
        root: &Path,
        watcher: RecommendedWatcher,
        events: Receiver<(Instant, notify::Result<notify::Event>)>,
    ) -> SiteWatcher {
        SiteWatcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: HashMap::new(),
            new_links: Vec::new(),
            links_seen: HashSet::new(),
            last_event: None,
        }
    }

    /// Watches the site. This walks every source folder, which takes a while for a large
    /// site: the preview serves meanwhile (see `serve::rebuild`).
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        let (tx, rx) = channel();
        let handler = move |res| {
            let _ = tx.send((Instant::now(), res));
        };
        // Like the build, never follow a symlink inside a watched folder.
        let config = notify::Config::default().with_follow_symlinks(false);
        let watcher = RecommendedWatcher::new(handler, config)?;
        let mut w = SiteWatcher::fed_by(root, watcher, rx);
        crate::fault::pause_point("watch-setup");
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh_watches();
        let links = folders::ignored_links(root, &folders::watches(root));
        w.note_links(links);
        Ok(w)
    }

    /// The symlinks nothing follows found since the last call (at first, all of them), to be
    /// reported once.
    pub fn take_new_links(&mut self) -> Vec<String> {
        std::mem::take(&mut self.new_links)
    }

    fn note_links(&mut self, links: Vec<String>) {
        for link in links {
            if self.links_seen.insert(link.clone()) {
                self.new_links.push(link);
            }
        }
    }

    /// Puts the watches where [`folders::watches`] says they belong now. A folder replaced by
    /// a new one of the same name (`rm -rf content && cp -r ...`, a rename swap) is watched
    /// again: a watch follows the folder it was put on, not its name.
    fn refresh_watches(&mut self) {
        let wanted: Vec<(PathBuf, (u64, RecursiveMode))> = folders::watches(&self.root)
            .into_iter()
            .filter_map(|w| Some((w.path.clone(), (folder_identity(&w.path)?, w.mode))))
            .collect();
        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(path, now)| !wanted.iter().any(|(p, w)| p == *path && w == *now))
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            self.forget(&path);
        }
        // Each folder before the folders inside it, so a folder whose watch was just dropped
        // with its parent's is watched again.
        for (path, (identity, mode)) in wanted {
            if self.watched.contains_key(&path) {
                continue;
            }
            if self.watcher.watch(&path, mode).is_ok() {
                self.watched.insert(path, (identity, mode));
            }
        }
    }

    /// Drops the watch on `path` and those inside it (the watcher drops a recursive watch's
    /// folders together), so [`Self::refresh_watches`] puts back what is still wanted.
    fn forget(&mut self, path: &Path) {
        let inside: Vec<PathBuf> = self
            .watched
            .keys()
            .filter(|p| p.starts_with(path))
            .cloned()
            .collect();
        for p in inside {
            let _ = self.watcher.unwatch(&p);
            self.watched.remove(&p);
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
            let (at, event) = self.events.recv().ok()?;
            self.take(at, event, &mut batch);
        }
        let started = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok((at, event)) => self.take(at, event, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.refresh_watches();
        batch.sort();
        batch.dedup();
        Some(batch)
    }

    /// Waits until no relevant event has arrived for `quiet`, counting from the newest event
    /// (which may have come while a rebuild ran) and at least from now: on a busy machine the
    /// events of a save can be delivered late, so a failure is never believed at once. Stops
    /// at `deadline`. Returns what changed meanwhile: empty when nothing did. `None` when the
    /// watcher has stopped.
    pub fn settle(&mut self, quiet: Duration, deadline: Instant) -> Option<Vec<PathBuf>> {
        let mut batch: Vec<PathBuf> = Vec::new();
        let started = Instant::now();
        loop {
            // Events that came while the rebuild ran are waiting already: take them first,
            // since they say when the files last changed.
            while let Ok((at, event)) = self.events.try_recv() {
                self.take(at, event, &mut batch);
            }
            let now = Instant::now();
            let quiet_until = self.last_event.map_or(started, |t| t.max(started)) + quiet;
            let until = quiet_until.min(deadline);
            if until <= now {
                break;
            }
            match self.events.recv_timeout(until - now) {
                Ok((at, event)) => self.take(at, event, &mut batch),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.refresh_watches();
        batch.sort();
        batch.dedup();
        Some(batch)
    }

    /// Adds the relevant paths of an event that arrived at `at` to `batch`.
    fn take(
        &mut self,
        at: Instant,
        event: notify::Result<notify::Event>,
        batch: &mut Vec<PathBuf>,
    ) {
        let before = batch.len();
        match event {
            // The OS dropped events (queue overflow): rebuild to be safe.
            Err(_) => batch.push(self.root.join(crate::config::CONFIG_FILE)),
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
            Ok(event) => {
                if event.need_rescan() {
                    batch.push(self.root.join(crate::config::CONFIG_FILE));
                }
                self.follow_moves(&event);
                let root = &self.root;
                batch.extend(
                    event
                        .paths
                        .into_iter()
                        .filter(|p| Self::is_relevant(root, p)),
                );
            }
        }
        if batch.len() > before {
            self.last_event = Some(self.last_event.map_or(at, |last| last.max(at)));
        }
    }
}

impl SiteWatcher {
    /// A watched folder moved or deleted loses its watch (and, for a recursive watch, those
    /// inside it): forget it, so the next refresh watches whatever has its name then, even
    /// the same folder moved back. A symlink that appeared is noted to be reported.
    fn follow_moves(&mut self, event: &notify::Event) {
        let gone = match event.kind {
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => {
                event.paths.first()
            }
            _ => None,
        };
        if let Some(path) = gone.filter(|p| self.watched.contains_key(*p)) {
            let path = path.clone();
            self.forget(&path);
        }
        let appeared = match event.kind {
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => {
                event.paths.first()
            }
            _ => None,
        };
        let root = &self.root;
        if let Some(path) =
            appeared.filter(|p| Self::is_relevant(root, p) && folders::is_ignored_link(root, p))
        {
            let link = crate::diag::display_path(&self.root, path);
            self.note_links(vec![link]);
        }
    }
}

/// The folder's inode (its identity across renames), or `None` if it is not a folder.
fn folder_identity(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        Some(std::os::unix::fs::MetadataExt::ino(&meta))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A watcher whose events come from the test, not from the disk.
    fn fed_watcher(
        root: &Path,
    ) -> (
        SiteWatcher,
        std::sync::mpsc::Sender<(Instant, notify::Result<notify::Event>)>,
    ) {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(|_| {}).expect("a watcher");
        (SiteWatcher::fed_by(root, watcher, rx), tx)
    }

    fn modified(path: PathBuf) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any)).add_path(path))
    }

    /// A rebuild that ran longer than the quiet time must not miss a change that came while
    /// it ran: `settle` takes the waiting events first and counts quiet from the newest.
    #[test]
    fn settle_sees_changes_made_during_a_long_rebuild() {
        let root = Path::new("/site");
        let (mut w, tx) = fed_watcher(root);
        let now = Instant::now();
        // The batch that started the rebuild, half a second ago...
        w.last_event = Some(now - Duration::from_millis(500));
        // ...and a save that arrived while it ran, 50 ms ago.
        let saved = root.join("content/articles/a.md");
        tx.send((now - Duration::from_millis(50), modified(saved.clone())))
            .expect("send");
        let batch = w
            .settle(SETTLE, now + Duration::from_secs(5))
            .expect("the watcher runs");
        assert_eq!(batch, [saved]);
        // It waited for quiet after that save, not after the first batch.
        assert!(Instant::now() >= now - Duration::from_millis(50) + SETTLE);
    }

    #[test]
    fn settle_returns_nothing_when_nothing_changed_since() {
        let (mut w, _tx) = fed_watcher(Path::new("/site"));
        w.last_event = Some(Instant::now() - Duration::from_secs(1));
        let batch = w
            .settle(SETTLE, Instant::now() + Duration::from_secs(5))
            .expect("the watcher runs");
        assert!(batch.is_empty());
    }

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
        assert!(!yes("/site/themes/default/static/style.css.30046.9.tmp"));
        assert!(!yes("/site/static/.#style.css"));
        assert!(!yes("/site/public/index.html"));
        assert!(!yes("/site/target/debug/x"));
        assert!(!yes("/site/content/.git/HEAD"));
        assert!(!yes("/elsewhere/site.yaml"));
    }
}
