//! The rebuild thread: watches the site and publishes a build after every batch of changes.
//!
//! Setting up the watches walks every source folder, which takes a while on a large site, so
//! [`start_watching`] begins it on a thread of its own before the first build, and the
//! preview waits for it only briefly ([`HEAD_START`]): it starts serving promptly whatever
//! the size of the site. A watcher that was ready before the first build began has seen every
//! change since; one that came later may have missed a change made while the first build ran,
//! so one more build (quick: the caches skip what did not change) catches up, and is
//! announced only when it differs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::time::{Duration, Instant};

use super::preview::{Change, Outcome, Preview};
use super::publish::publish;
use super::state::Shared;
use super::watch::{self, SiteWatcher};

/// The longest the first build waits for the watcher to be set up.
pub const HEAD_START: Duration = Duration::from_secs(1);

/// The longest a failed rebuild waits for files to settle before its errors are shown.
const SETTLE_LIMIT: Duration = Duration::from_secs(2);

/// A watcher being set up on its own thread.
pub struct Setup {
    /// The watcher, when it was ready within the head start.
    early: Option<notify::Result<SiteWatcher>>,
    later: Receiver<notify::Result<SiteWatcher>>,
}

/// Starts setting up the watcher of the site at `root`, and waits for it at most
/// [`HEAD_START`].
pub fn start_watching(root: &Path) -> Setup {
    let (tx, later) = sync_channel(1);
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(SiteWatcher::new(&root));
    });
    let early = later.recv_timeout(HEAD_START).ok();
    Setup { early, later }
}

/// Publishes a rebuild after every batch of changes, on a thread of its own, once the watcher
/// is set up. Without a watcher the preview still serves the first build.
pub fn start_rebuilding(root: &Path, mut preview: Preview, shared: Arc<Shared>, setup: Setup) {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let (watcher, late) = match setup.early {
            Some(w) => (w, false),
            None => match setup.later.recv() {
                Ok(w) => (w, true),
                Err(_) => return,
            },
        };
        let mut watcher = match watcher {
            Ok(w) => w,
            Err(e) => {
                eprintln!(
                    "careleaf: warning: cannot watch {} for changes ({e}); the preview will not update",
                    root.display()
                );
                return;
            }
        };
        warn_ignored_links(&mut watcher);
        if late {
            catch_up(&root, &mut preview, &mut watcher, &shared);
        }
        while let Some(mut changed) = watcher.next_batch() {
            warn_ignored_links(&mut watcher);
            if changed.is_empty() {
                continue;
            }
            let outcome = rebuild_settled(&mut preview, &mut watcher, &mut changed);
            publish(&shared, &preview, outcome, Some(&shown(&root, &changed)));
        }
    });
}

/// Builds again after a late watcher was set up: published (and announced) only when the
/// site changed since the first build, or still fails. A failure settles like any other
/// rebuild's: an editor may be half-way through a save while this build reads the files.
fn catch_up(root: &Path, preview: &mut Preview, watcher: &mut SiteWatcher, shared: &Shared) {
    let mut changed = Vec::new();
    let outcome = rebuild_settled(preview, watcher, &mut changed);
    let unchanged = matches!(
        &outcome,
        Outcome::Built {
            change: Change::None,
            ..
        }
    );
    if !(unchanged && shared.current().errors.is_none()) {
        publish(shared, preview, outcome, Some(&shown(root, &changed)));
    }
}

/// The changed paths as the rebuild line names them: relative to the site's root.
fn shown(root: &Path, changed: &[PathBuf]) -> Vec<String> {
    changed
        .iter()
        .map(|p| crate::diag::display_path(root, p))
        .collect()
}

/// Says once which symlinks the preview ignores, as the build does.
fn warn_ignored_links(watcher: &mut SiteWatcher) {
    let links = watcher.take_new_links();
    if let Some(names) = name_some(&links) {
        eprintln!(
            "careleaf: warning: the build does not follow symlinks, so these are ignored: {names}"
        );
    }
}

/// How many names [`name_some`] shows before it says "and N more".
const NAMED: usize = 5;

/// `a, b and c`, `a, b, c, d, e and 3 more`; `None` for none.
fn name_some(names: &[String]) -> Option<String> {
    let shown = &names[..names.len().min(NAMED)];
    let rest = names.len() - shown.len();
    let (last, first) = shown.split_last()?;
    Some(match (first, rest) {
        ([], 0) => last.clone(),
        (_, 0) => format!("{} and {last}", first.join(", ")),
        (_, n) => format!("{} and {n} more", shown.join(", ")),
    })
}

/// Rebuilds after a batch of changes. A failure may only mean a file was caught half-saved
/// (an editor that writes in two steps, a checkout still running): then wait until the files
/// have been quiet for [`watch::SETTLE`] and build again, and only report the failure if it
/// stays. The files are read again even when no event came while waiting (on a busy machine
/// a save's events can come late); while events keep coming, this repeats until
/// [`SETTLE_LIMIT`]. A successful rebuild is never delayed. Paths that changed while settling
/// are added to `changed`.
fn rebuild_settled(
    preview: &mut Preview,
    watcher: &mut SiteWatcher,
    changed: &mut Vec<PathBuf>,
) -> Outcome {
    let deadline = Instant::now() + SETTLE_LIMIT;
    // The watcher's list spares reading unchanged files; after a failure every file is read
    // again, as a save's events may come late on a busy machine.
    let mut outcome = preview.rebuild_after(changed);
    while matches!(outcome, Outcome::Failed(_)) {
        let Some(more) = watcher.settle(watch::SETTLE, deadline) else {
            break;
        };
        let quiet = more.is_empty();
        changed.extend(more);
        outcome = preview.rebuild();
        if quiet || Instant::now() >= deadline {
            break;
        }
    }
    changed.sort();
    changed.dedup();
    outcome
}

#[cfg(test)]
mod tests {
    use super::name_some;

    #[test]
    fn ignored_links_are_named_briefly() {
        let f = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("l{i}")).collect() };
        assert_eq!(name_some(&f(0)), None);
        assert_eq!(name_some(&f(1)).as_deref(), Some("l1"));
        assert_eq!(name_some(&f(2)).as_deref(), Some("l1 and l2"));
        assert_eq!(name_some(&f(5)).as_deref(), Some("l1, l2, l3, l4 and l5"));
        assert_eq!(
            name_some(&f(8)).as_deref(),
            Some("l1, l2, l3, l4, l5 and 3 more")
        );
    }
}
