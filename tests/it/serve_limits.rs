//! `careleaf serve` against unlucky sites, through the real binary: a symlink to a big folder
//! outside the site, a watcher slow to set up. Each must leave the preview answering
//! everyone, within the limits the README states.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::*;
use tempfile::TempDir;

/// The rich fixture site, in a folder inside another temporary folder.
fn fixture() -> (TempDir, Site) {
    site_in_folder(&rich_site_files())
}

/// Writes a tree of `folders` folders, each with a markdown file, under `dir`.
fn big_tree(dir: &Path, folders: usize) {
    for i in 0..folders {
        let sub = dir.join(format!("d{:02}/e{i:04}", i % 40));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join("page.md"), "---\ntitle: Elsewhere\n---\nText.\n").unwrap();
    }
}

/// The folders under `dir`, itself included, without following symlinks.
fn folders_under(dir: &Path) -> usize {
    1 + fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| folders_under(&e.path()))
        .sum::<usize>()
}

// ---------------------------------------------------------------------------------------------
// Watching: symlinks out of the site, a slow watcher
// ---------------------------------------------------------------------------------------------

#[test]
fn a_symlink_to_a_big_folder_outside_the_site_is_neither_watched_nor_rebuilt() {
    let (outer, site) = fixture();
    let big = outer.path().join("big");
    big_tree(&big, 2000);
    std::os::unix::fs::symlink(&big, site.path("content/big")).unwrap();
    let site_folders = folders_under(site.root());

    let server = Server::start(site.root(), &[]);
    // Said once, naming the symlink.
    let warning =
        "careleaf: warning: the build does not follow symlinks, so these are ignored: content/big";
    let err = server.wait_stderr("does not follow symlinks");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("symlinks"))
            .collect::<Vec<_>>(),
        [warning],
        "{err}"
    );
    // The watches cover the site's own folders, not the 2,000 behind the symlink.
    let watches = server.inotify_watches();
    assert!(
        watches <= site_folders,
        "{watches} inotify watches for a site of {site_folders} folders"
    );

    // Changes under the symlink's target rebuild nothing.
    let since = server.rebuilt_lines().len();
    fs::write(big.join("d00/e0000/page.md"), "---\ntitle: Changed\n---\n").unwrap();
    fs::write(big.join("d01/new.md"), "---\ntitle: New\n---\n").unwrap();
    fs::create_dir(big.join("d02/new-folder")).unwrap();
    let lines = server.rebuilds_until_marker(&site, since, "after-big");
    assert!(
        lines.iter().all(|l| !l.contains("content/big")),
        "a change behind the symlink rebuilt the site:\n{}",
        lines.join("\n")
    );
    assert_eq!(server.stderr_count("does not follow symlinks"), 1);
}

/// The preview serves before its watcher is set up (a large site takes a while to watch),
/// and a change made meanwhile is still picked up once it is.
#[test]
fn the_preview_serves_while_its_watcher_is_set_up_and_catches_up_after() {
    let (_outer, site) = fixture();
    let pause = tempfile::tempdir().unwrap();
    let setting = format!("watch-setup:{}", pause.path().display());
    let server = Server::try_start(site.root(), &[], &[("CARELEAF_TEST_PAUSE", &setting)])
        .unwrap_or_else(|e| panic!("{e}"));
    poll_until(Duration::from_secs(10), "the watcher to pause", || {
        pause.path().join("paused").exists().then_some(())
    });
    // The URL is printed (Server::start waited for it) and pages are served.
    let r = server.get("/articles/sleep-tips/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Go to bed"));

    // An edit while nothing watches yet...
    let rel = "content/articles/sleep-tips.md";
    let text = fs::read_to_string(site.path(rel)).unwrap();
    site.write(
        rel,
        &text.replace("Go to bed", "Go to bed (while watching began)"),
    );
    fs::write(pause.path().join("resume"), "").unwrap();
    // ...is built once the watcher is ready, and announced.
    server.wait_for(
        "/articles/sleep-tips/",
        "the edit made before watching",
        |r| r.text().contains("(while watching began)"),
    );
    server.wait_stderr("after changes to the site");
    // And the watcher works from then on.
    site.write(rel, &text.replace("Go to bed", "Go to bed (watched)"));
    server.wait_for("/articles/sleep-tips/", "a later edit", |r| {
        r.text().contains("(watched)")
    });
}
