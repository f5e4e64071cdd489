//! The output folder: careleaf's marker, refusing folders it did not make (unless --force)
//! and folders holding the site, replacing stale files, and no temporary folders left behind.

use std::fs;

use crate::support::*;

/// A site plus a separate parent folder for its output, so nothing else sits beside it.
fn site_and_outer() -> (Site, tempfile::TempDir) {
    let outer = tempfile::Builder::new()
        .prefix("careleaf-out-")
        .tempdir()
        .unwrap();
    (rich_site(), outer)
}

fn build_to(site: &Site, out: &std::path::Path, extra: &[&str]) -> Run {
    let mut cmd = careleaf();
    cmd.arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--output")
        .arg(out)
        .args(extra);
    run(cmd)
}

#[test]
fn output_is_marked_as_careleafs() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    build_to(&site, &out, &[]).ok();
    assert!(out.join(".careleaf-output").is_file());
    assert_eq!(names_in(outer.path()), ["public"]);
    // A second build replaces it without --force.
    build_to(&site, &out, &[]).ok();
    assert_eq!(names_in(outer.path()), ["public"]);
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_make() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("mine");
    fs::create_dir_all(out.join("photos")).unwrap();
    fs::write(out.join("notes.txt"), "precious").unwrap();
    fs::write(out.join("photos/cat.jpg"), [0xff, 0xd8, 0x00]).unwrap();
    let before = snapshot(&out);
    let run = build_to(&site, &out, &[]).failed();
    assert!(
        run.stderr.contains("--force"),
        "should mention --force:\n{run}"
    );
    assert!(run.stderr.contains("error"), "{run}");
    assert_same_tree(&before, &snapshot(&out), "a folder careleaf did not make");
    assert_eq!(
        names_in(outer.path()),
        ["mine"],
        "temporary folders left behind"
    );
}

#[test]
fn force_replaces_a_folder_it_did_not_make() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("mine");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "old").unwrap();
    build_to(&site, &out, &["--force"]).ok();
    assert!(!out.join("notes.txt").exists());
    assert!(out.join(".careleaf-output").is_file());
    assert!(out.join("index.html").is_file());
    assert_eq!(names_in(outer.path()), ["mine"]);
}

#[test]
fn an_empty_folder_is_fine_without_force() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("empty");
    fs::create_dir_all(&out).unwrap();
    build_to(&site, &out, &[]).ok();
    assert!(out.join("faq/index.html").is_file());
}

#[test]
fn refuses_a_file_in_place_of_the_output_folder() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    fs::write(&out, "a file").unwrap();
    build_to(&site, &out, &[]).failed();
    assert_eq!(fs::read_to_string(&out).unwrap(), "a file");
}

#[test]
fn refuses_the_site_folder_or_a_folder_holding_it() {
    for output in [".", "..", "./", "content/.."] {
        for force in [false, true] {
            let site = rich_site();
            let before = snapshot(site.root());
            let mut args = vec!["build", "--root", ".", "--output", output];
            if force {
                args.push("--force");
            }
            let run = run_in(site.root(), &args).failed();
            assert!(run.stderr.contains("error"), "--output {output}:\n{run}");
            assert_same_tree(&before, &snapshot(site.root()), "the site folder");
            let name = site
                .root()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let beside: Vec<String> = leftovers(site.root().parent().unwrap())
                .into_iter()
                .filter(|n| n.contains(&name))
                .collect();
            assert!(beside.is_empty(), "left beside the site: {beside:?}");
        }
    }
}

#[test]
fn refuses_the_site_folder_given_as_an_absolute_path() {
    let site = rich_site();
    let before = snapshot(site.root());
    let mut cmd = careleaf();
    cmd.arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--output")
        .arg(site.root())
        .arg("--force");
    run(cmd).failed();
    assert_same_tree(&before, &snapshot(site.root()), "the site folder");
}

#[test]
fn rebuilding_removes_stale_pages() {
    let site = rich_site();
    let built = site.build();
    assert!(built.exists("/articles/sleep-tips/"));
    fs::write(built.out.join("stray.txt"), "left by hand").unwrap();
    site.remove("content/articles/sleep-tips.md");
    // Nothing links to it any more once the links are gone.
    let basics = fs::read_to_string(site.path("content/articles/basics/pain-basics.md")).unwrap();
    site.write(
        "content/articles/basics/pain-basics.md",
        &basics.replace("[sleep tips](/articles/sleep-tips/)", "sleep tips"),
    );
    let faq = fs::read_to_string(site.path("content/faq.yaml")).unwrap();
    site.write(
        "content/faq.yaml",
        &faq.replace("related: [sleep-tips]", "related: []"),
    );
    let guide =
        fs::read_to_string(site.path("content/articles/treatments/needling-guide.md")).unwrap();
    site.write(
        "content/articles/treatments/needling-guide.md",
        &guide.replace("[sleep tips](../sleep-tips.md)", "sleep tips"),
    );
    let built = site.build();
    assert!(
        !built.out.join("articles/sleep-tips").exists(),
        "stale article folder kept"
    );
    assert!(!built.out.join("stray.txt").exists(), "stale file kept");
    assert!(
        !built
            .page("/articles/")
            .hrefs("a")
            .contains(&"/articles/sleep-tips/".to_owned())
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_links_resolve(&built.out, "https://example.org/");
}

#[test]
fn no_temporary_folders_after_success_or_failure() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("site-out");
    build_to(&site, &out, &[]).ok();
    build_to(&site, &out, &[]).ok();
    assert_eq!(names_in(outer.path()), ["site-out"]);
    // A content error.
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\ndate: 2026-02-30\n---\n",
    );
    build_to(&site, &out, &[]).failed();
    assert_eq!(names_in(outer.path()), ["site-out"]);
    // A refused folder.
    site.remove("content/articles/bad.md");
    let other = outer.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("keep"), "x").unwrap();
    build_to(&site, &other, &[]).failed();
    assert_eq!(names_in(outer.path()), ["other", "site-out"]);
    assert_eq!(names_in(&other), ["keep"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    build_to(&site, &out, &[]).ok();
    let before = snapshot(&out);
    site.write(
        "content/articles/sleep-tips.md",
        "---\ntitle: Sleep tips\ntopics: [sleep]\nreviwed_on: 2026-01-01\n---\nChanged.\n",
    );
    build_to(&site, &out, &[]).failed();
    assert_same_tree(&before, &snapshot(&out), "previous output");
    assert_eq!(names_in(outer.path()), ["public"]);
}

#[test]
fn output_may_be_a_new_nested_folder() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("a/b/c");
    build_to(&site, &out, &[]).ok();
    assert!(out.join("index.html").is_file());
    assert_eq!(names_in(&outer.path().join("a/b")), ["c"]);
}
