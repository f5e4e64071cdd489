//! Which folders the preview watches: the folders the build reads, reached the way the build
//! reaches them.
//!
//! The build never follows a symlink inside a folder it walks (it skips it), but it does read
//! through one where it starts a walk: a source folder itself, `content/articles`,
//! `content/pages`, a theme's folder and its `templates/` and `static/`. The watches do the
//! same, so a symlink to a large folder elsewhere (`content/usr -> /usr`) costs nothing and
//! changes under it cause no rebuild, while a theme shared through a symlink is still watched.
//! The symlinks left out are listed so the editor can be told once.

use std::path::{Path, PathBuf};

use notify::RecursiveMode;

use crate::content::is_editor_scratch;
use crate::diag::display_path;

/// The folders (relative to the site root) whose files feed a build.
pub const WATCHED_DIRS: &[&str] = &["content", "static", "templates", "themes"];

/// One watch: a folder, and whether the folders inside it are watched too (never through a
/// symlink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub path: PathBuf,
    pub mode: RecursiveMode,
}

/// Every watch the site needs now, each folder before the folders inside it: the site folder
/// itself (for `site.yaml`, and the source folders coming and going), each source folder with
/// everything in it, and each place where the build reads through a symlink below a source
/// folder (which the recursive watches do not follow).
pub fn watches(root: &Path) -> Vec<Watch> {
    let mut list = vec![Watch {
        path: root.to_path_buf(),
        mode: RecursiveMode::NonRecursive,
    }];
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            list.push(Watch {
                path,
                mode: RecursiveMode::Recursive,
            });
        }
    }
    for (path, mode) in entry_points(root) {
        if path.is_dir() && reached_through_link(root, &path) {
            list.push(Watch { path, mode });
        }
    }
    list
}

/// True when the build reads through the symlink at `path`: it is a source folder or one of
/// the places below one where the build starts a walk.
pub fn is_followed(root: &Path, path: &Path) -> bool {
    WATCHED_DIRS.iter().any(|d| root.join(d) == path)
        || entry_points(root).iter().any(|(p, _)| p == path)
}

/// The symlinks inside the recursively watched folders that nothing follows (neither the build
/// nor the watches), relative to the site root, sorted. Editors' scratch files (Emacs's
/// `.#name` locks are symlinks) are not listed.
pub fn ignored_links(root: &Path, watches: &[Watch]) -> Vec<String> {
    let mut links = Vec::new();
    for w in watches
        .iter()
        .filter(|w| w.mode == RecursiveMode::Recursive)
    {
        let walk = walkdir::WalkDir::new(&w.path)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !is_editor_scratch(&e.file_name().to_string_lossy()));
        for entry in walk.flatten() {
            if entry.path_is_symlink() && !is_followed(root, entry.path()) {
                links.push(display_path(root, entry.path()));
            }
        }
    }
    links.sort();
    links.dedup();
    links
}

/// True when `path` is a symlink nothing follows (and not an editor's scratch file).
pub fn is_ignored_link(root: &Path, path: &Path) -> bool {
    let scratch = path
        .file_name()
        .is_some_and(|n| is_editor_scratch(&n.to_string_lossy()));
    !scratch
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && !is_followed(root, path)
}

/// The places below a source folder where the build starts reading, with how much of each
/// it reads: the articles and pages, and each theme's templates and static files (a theme's
/// own folder only to reach those).
fn entry_points(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut points = vec![
        (root.join("content/articles"), RecursiveMode::Recursive),
        (root.join("content/pages"), RecursiveMode::Recursive),
    ];
    let mut themes: Vec<PathBuf> = std::fs::read_dir(root.join("themes"))
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    themes.sort();
    for theme in themes {
        points.push((theme.join("templates"), RecursiveMode::Recursive));
        points.push((theme.join("static"), RecursiveMode::Recursive));
        points.push((theme, RecursiveMode::NonRecursive));
    }
    // Each folder before the folders inside it.
    points.sort_by(|a, b| a.0.cmp(&b.0));
    points
}

/// True when a folder below `path`'s source folder, or `path` itself, is a symlink: a
/// recursive watch on the source folder does not reach it.
fn reached_through_link(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    for (i, part) in rel.components().enumerate() {
        at.push(part);
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        if i > 0 && is_link {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content/articles/a", "static", "themes/own/templates"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        dir
    }

    fn paths(root: &Path, list: &[Watch]) -> Vec<(String, RecursiveMode)> {
        list.iter()
            .map(|w| (display_path(root, &w.path), w.mode))
            .collect()
    }

    #[test]
    fn source_folders_are_watched_and_symlinks_the_build_skips_are_listed() {
        let outside = tempfile::tempdir().unwrap();
        let dir = site();
        let root = dir.path();
        symlink(outside.path(), root.join("content/usr")).unwrap();
        symlink(outside.path(), root.join("static/shared")).unwrap();
        symlink("nowhere", root.join("content/articles/a/.#lock.md")).unwrap();
        let list = watches(root);
        use RecursiveMode::*;
        assert_eq!(
            paths(root, &list),
            [
                (String::new(), NonRecursive),
                ("content".into(), Recursive),
                ("static".into(), Recursive),
                ("themes".into(), Recursive),
            ]
        );
        assert_eq!(ignored_links(root, &list), ["content/usr", "static/shared"]);
        assert!(is_ignored_link(root, &root.join("content/usr")));
        assert!(!is_ignored_link(
            root,
            &root.join("content/articles/a/.#lock.md")
        ));
        assert!(!is_ignored_link(root, &root.join("content/articles")));
    }

    #[test]
    fn folders_the_build_reads_through_a_symlink_are_watched() {
        let shared = tempfile::tempdir().unwrap();
        for d in ["theme/templates", "theme/static", "articles/x"] {
            std::fs::create_dir_all(shared.path().join(d)).unwrap();
        }
        symlink("/", shared.path().join("theme/static/root")).unwrap();
        let dir = site();
        let root = dir.path();
        std::fs::remove_dir_all(root.join("content/articles")).unwrap();
        symlink(
            shared.path().join("articles"),
            root.join("content/articles"),
        )
        .unwrap();
        symlink(shared.path().join("theme"), root.join("themes/shared")).unwrap();
        let list = watches(root);
        use RecursiveMode::*;
        assert_eq!(
            paths(root, &list)[4..],
            [
                ("content/articles".into(), Recursive),
                ("themes/shared".into(), NonRecursive),
                ("themes/shared/static".into(), Recursive),
                ("themes/shared/templates".into(), Recursive),
            ]
        );
        assert!(is_followed(root, &root.join("themes/shared")));
        // A symlink inside the shared theme's static files is skipped by the build.
        assert_eq!(ignored_links(root, &list), ["themes/shared/static/root"]);
    }
}
