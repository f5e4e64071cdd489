//! Whole folders compared byte for byte, and the names careleaf must not leave behind.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

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
