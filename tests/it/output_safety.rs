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

#[test]
fn output_is_marked_as_careleafs() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    site.build_to(&out, &[]).ok();
    assert!(out.join(".careleaf-output").is_file());
    assert_eq!(names_in(outer.path()), ["public"]);
    // A second build replaces it without --force.
    site.build_to(&out, &[]).ok();
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
    let run = site.build_to(&out, &[]).failed();
    assert!(
        run.stderr.contains("--force"),
        "should mention --force:\n{run}"
    );
    assert!(
        run.stderr
            .contains(&out.canonicalize().unwrap().display().to_string()),
        "should name the folder:\n{run}"
    );
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
    site.build_to(&out, &["--force"]).ok();
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
    site.build_to(&out, &[]).ok();
    assert!(out.join("faq/index.html").is_file());
}

#[test]
fn refuses_a_file_in_place_of_the_output_folder() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    fs::write(&out, "a file").unwrap();
    site.build_to(&out, &[]).failed();
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
            assert!(
                run.stderr
                    .starts_with("careleaf: error: refusing to write the site into "),
                "--output {output}:\n{run}"
            );
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
    site.build_to(site.root(), &["--force"]).failed();
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
    site.build_to(&out, &[]).ok();
    site.build_to(&out, &[]).ok();
    assert_eq!(names_in(outer.path()), ["site-out"]);
    // A content error.
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\ndate: 2026-02-30\n---\n",
    );
    site.build_to(&out, &[]).failed();
    assert_eq!(names_in(outer.path()), ["site-out"]);
    // A refused folder.
    site.remove("content/articles/bad.md");
    let other = outer.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("keep"), "x").unwrap();
    site.build_to(&other, &[]).failed();
    assert_eq!(names_in(outer.path()), ["other", "site-out"]);
    assert_eq!(names_in(&other), ["keep"]);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("public");
    site.build_to(&out, &[]).ok();
    let before = snapshot(&out);
    site.write(
        "content/articles/sleep-tips.md",
        "---\ntitle: Sleep tips\ntopics: [sleep]\nreviwed_on: 2026-01-01\n---\nChanged.\n",
    );
    site.build_to(&out, &[]).failed();
    assert_same_tree(&before, &snapshot(&out), "previous output");
    assert_eq!(names_in(outer.path()), ["public"]);
}

#[test]
fn output_may_be_a_new_nested_folder() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("a/b/c");
    site.build_to(&out, &[]).ok();
    assert!(out.join("index.html").is_file());
    assert_eq!(names_in(&outer.path().join("a/b")), ["c"]);
}

// ---------------------------------------------------------------------------------------------
// Refusals: the whole message, and nothing written
// ---------------------------------------------------------------------------------------------

#[test]
fn refuses_an_output_folder_inside_a_source_folder() {
    // What each refusal printed, one section per folder, for one snapshot.
    let mut said = String::new();
    for output in ["content/out", "static/x", "templates/t", "themes/mine/out"] {
        let site = rich_site();
        fs::create_dir_all(site.path("static")).unwrap();
        let before = snapshot(site.root());
        let mut stderr = Vec::new();
        for force in [false, true] {
            let mut args = vec!["build", "--output", output];
            if force {
                args.push("--force");
            }
            let run = run_in(site.root(), &args);
            assert_eq!(run.code(), Some(1), "--output {output}:\n{run}");
            assert_eq!(run.stdout, "", "{run}");
            // The whole site folder is as it was (a staging folder would be made in it).
            assert_same_tree(&before, &snapshot(site.root()), "the site folder");
            stderr.push(site.redact(&run.stderr));
        }
        assert_eq!(stderr[0], stderr[1], "--force changes nothing");
        said.push_str(&format!("== --output {output}\n{}", stderr[0]));
    }
    insta::assert_snapshot!(said, @"
    == --output content/out
    careleaf: error: refusing to write the site into [SITE]/content/out: it is inside the site's content/ folder, which careleaf reads
    careleaf: nothing was written
    == --output static/x
    careleaf: error: refusing to write the site into [SITE]/static/x: it is inside the site's static/ folder, which careleaf reads
    careleaf: nothing was written
    == --output templates/t
    careleaf: error: refusing to write the site into [SITE]/templates/t: it is inside the site's templates/ folder, which careleaf reads
    careleaf: nothing was written
    == --output themes/mine/out
    careleaf: error: refusing to write the site into [SITE]/themes/mine/out: it is inside the site's themes/ folder, which careleaf reads
    careleaf: nothing was written
    ");
}

#[test]
fn refusing_the_site_folder_says_why() {
    let site = rich_site();
    let run = run_in(site.root(), &["build", "--output", "content/..", "--force"]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    careleaf: error: refusing to write the site into [SITE]: it is or contains the site folder, and replacing it would delete your content
    careleaf: nothing was written
    ");
}

#[test]
fn refusing_a_folder_it_did_not_make_says_how_to_go_on() {
    let (site, outer) = site_and_outer();
    let out = outer.path().join("mine");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "precious").unwrap();
    let run = site.build_to(&out, &[]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(redact_dir(&run.stderr, outer.path(), "[OUT]"), @"
    careleaf: error: refusing to replace [OUT]/mine: it is not empty and has no .careleaf-output file, so careleaf did not make it (choose another --output folder, or add --force to replace it)
    careleaf: nothing was written
    ");

    // A file where the folder should be is refused even with --force.
    let file = outer.path().join("file");
    fs::write(&file, "a file").unwrap();
    let run = site.build_to(&file, &["--force"]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(redact_dir(&run.stderr, outer.path(), "[OUT]"), @"
    careleaf: error: refusing to replace [OUT]/file: it is not a folder (choose another --output folder)
    careleaf: nothing was written
    ");
    assert_eq!(fs::read_to_string(&file).unwrap(), "a file");
    assert_eq!(names_in(outer.path()), ["file", "mine"]);
}

#[test]
fn an_output_folder_that_cannot_be_created_names_the_path_and_the_cause() {
    let (site, outer) = site_and_outer();
    let file = outer.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let run = site.build_to(&file.join("out"), &[]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(redact_dir(&run.stderr, outer.path(), "[OUT]"), @"
    careleaf: error: cannot create [OUT]/a-file: File exists (os error 17)
    careleaf: nothing was written
    ");
    assert_eq!(names_in(outer.path()), ["a-file"]);
}

#[test]
fn a_missing_site_folder_is_named() {
    let cwd = tempfile::tempdir().unwrap();
    let run = run_in(cwd.path(), &["build", "--root", "no-such-site"]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(run.stderr, @"
    careleaf: error: cannot open the site folder no-such-site: No such file or directory (os error 2)
    careleaf: nothing was written
    ");
    assert_eq!(names_in(cwd.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// A static file in a generated page's place: one error per file, at the file's real path
// ---------------------------------------------------------------------------------------------

#[test]
fn a_static_file_clashing_with_a_page_is_reported_at_its_own_path() {
    let site = rich_site();
    site.write("static/faq/index.html", "<p>mine</p>");
    site.write("static/articles/sleep-tips/index.html", "<p>mine</p>");
    site.write("static/articles/fine.txt", "no clash");
    let run = site.build_args(&[]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(site.redact(&run.stderr), @"
    static/articles/sleep-tips/index.html: error: clashes with a generated page: both would be written to articles/sleep-tips/index.html (rename or remove this file)

    static/faq/index.html: error: clashes with a generated page: both would be written to faq/index.html (rename or remove this file)

    careleaf: 2 errors and 0 warnings; nothing was written
    ");
    assert!(!site.public().exists());
}

#[test]
fn a_theme_static_file_clashing_with_a_page_is_reported_in_the_theme() {
    let mut files = rich_site_files();
    let yaml = format!("title: Plain\nbase_url: https://example.org/\ntheme: plain\n{TRUST_YAML}");
    files.push(("site.yaml", &yaml));
    // The theme is a copy of the default one, plus a file in the FAQ page's place.
    let theme = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default");
    let site = Site::new(&files);
    for rel in files_under(std::path::Path::new(theme)) {
        let dest = site.path(&format!("themes/plain/{rel}"));
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(format!("{theme}/{rel}"), dest).unwrap();
    }
    site.write("themes/plain/static/faq/index.html", "<p>theme</p>");
    let run = site.build_args(&[]);
    assert_eq!(run.code(), Some(1), "{run}");
    let diags = run.diagnostics();
    assert_eq!(diags.len(), 1, "{run}");
    assert_eq!(diags[0].path, "themes/plain/static/faq/index.html", "{run}");
    assert!(diags[0].message.contains(" faq/index.html "), "{run}");

    // The site's own static file of the same name overrides the theme's: it is the one named.
    site.write("static/faq/index.html", "<p>site</p>");
    let run = site.build_args(&[]);
    let paths: Vec<String> = run.diagnostics().into_iter().map(|d| d.path).collect();
    assert_eq!(paths, ["static/faq/index.html"], "{run}");
}

// ---------------------------------------------------------------------------------------------
// Killed builds and readers during rebuilds
// ---------------------------------------------------------------------------------------------

/// A site of `articles` articles whose every page shows "Generation N" (the site title).
fn generation_site(articles: usize) -> Site {
    let mut files: Vec<(String, String)> = (0..articles)
        .map(|i| {
            (
                format!("content/articles/a{i:03}.md"),
                format!("---\ntitle: Article {i}\n---\nText of article {i}.\n"),
            )
        })
        .collect();
    files.push(("site.yaml".to_owned(), generation_yaml(0)));
    Site::from_owned(&files)
}

fn generation_yaml(n: usize) -> String {
    format!("title: Generation {n} Health\nbase_url: https://example.org/\nlanguage: en\n")
}

/// The generation a page shows, or `None` when the page is not a whole page of one.
fn generation_of(page: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(page).ok()?;
    if !text.trim_end().ends_with("</html>") {
        return None;
    }
    let rest = &text[text.find("Generation ")? + "Generation ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
fn a_build_killed_at_the_swap_leaves_one_whole_site_and_the_next_build_cleans_up() {
    for point in ["output-before-swap", "output-after-swap"] {
        let site = generation_site(5);
        let outer = tempfile::tempdir().unwrap();
        let out = outer.path().join("public");
        site.build_to(&out, &[]).ok();
        let old = snapshot(&out);
        // The next generation, built elsewhere for reference.
        site.write("site.yaml", &generation_yaml(1));
        site.write("content/articles/new.md", "---\ntitle: New\n---\nNew.\n");
        let reference = tempfile::tempdir().unwrap();
        site.build_to(&reference.path().join("public"), &[]).ok();
        let new = snapshot(&reference.path().join("public"));
        assert!(old != new && new.contains_key("articles/new/index.html"));

        let opts = Opts {
            env: vec![("CARELEAF_TEST_FAULT".into(), point.into())],
            ..Opts::default()
        };
        let out_arg = out.to_str().unwrap();
        let killed = careleaf_in_with(&site, &["build", "--output", out_arg], &opts);
        assert_eq!(
            killed.code(),
            None,
            "{point}: the build must be killed:\n{killed}"
        );
        let (expected, which) = if point == "output-before-swap" {
            (&old, "the old site")
        } else {
            (&new, "the new site")
        };
        assert_same_tree(expected, &snapshot(&out), &format!("{point}: {which}"));
        assert_eq!(
            leftovers(outer.path()).len(),
            1,
            "{point}: the killed build left its staging folder"
        );

        site.build_to(&out, &[]).ok();
        assert_same_tree(&new, &snapshot(&out), &format!("{point}: the next build"));
        assert_eq!(names_in(outer.path()), ["public"], "{point}: leftovers");
    }
}

#[test]
fn a_running_build_keeps_its_staging_folder_from_the_next_one() {
    let site = generation_site(3);
    let outer = tempfile::tempdir().unwrap();
    let out = outer.path().join("public");
    site.build_to(&out, &[]).ok();
    // A staging folder whose marker is locked: a build still running.
    let live = outer.path().join(".public.careleaf-new-1-2");
    fs::create_dir(&live).unwrap();
    let marker = fs::File::create(live.join(".careleaf-output")).unwrap();
    marker.lock().unwrap();
    // One with no marker yet: a build just starting.
    let starting = outer.path().join(".public.careleaf-new-3-4");
    fs::create_dir(&starting).unwrap();
    // One whose build died: its marker is not locked.
    let dead = outer.path().join(".public.careleaf-new-5-6");
    fs::create_dir(&dead).unwrap();
    fs::write(dead.join(".careleaf-output"), "").unwrap();
    fs::write(dead.join("index.html"), "old").unwrap();
    // Something else that only looks alike stays too.
    let other = outer.path().join(".other.careleaf-new-7-8");
    fs::create_dir(&other).unwrap();
    fs::write(other.join(".careleaf-output"), "").unwrap();

    site.build_to(&out, &[]).ok();
    assert_eq!(
        names_in(outer.path()),
        [
            ".other.careleaf-new-7-8",
            ".public.careleaf-new-1-2",
            ".public.careleaf-new-3-4",
            "public"
        ]
    );
    drop(marker);
}

#[test]
fn readers_never_see_a_missing_page_or_a_mix_during_rebuilds() {
    use std::sync::atomic::{AtomicBool, Ordering};
    const REBUILDS: usize = 20;
    let site = generation_site(300);
    let outer = tempfile::tempdir().unwrap();
    let out = outer.path().join("public");
    site.build_to(&out, &[]).ok();
    let pages = [
        ".careleaf-output",
        "index.html",
        "articles/index.html",
        "articles/a000/index.html",
        "articles/a150/index.html",
        "articles/a299/index.html",
        "404.html",
    ];
    for p in pages {
        assert!(out.join(p).is_file(), "{p} is built");
    }
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        let out = out.clone();
        std::thread::spawn(move || {
            let mut problems = Vec::new();
            let (mut passes, mut last) = (0usize, 0usize);
            while !stop.load(Ordering::SeqCst) && problems.len() < 10 {
                for p in pages {
                    let bytes = match fs::read(out.join(p)) {
                        Ok(b) => b,
                        Err(e) => {
                            problems.push(format!("pass {passes}: {p} missing ({e})"));
                            continue;
                        }
                    };
                    if p == ".careleaf-output" {
                        continue;
                    }
                    match generation_of(&bytes) {
                        // Swaps only go forward: an older page after a newer one is a mix.
                        Some(g) if g < last => problems.push(format!(
                            "pass {passes}: {p} is from generation {g} after a page of {last}"
                        )),
                        Some(g) => last = g,
                        None => problems.push(format!("pass {passes}: {p} is not a whole page")),
                    }
                }
                passes += 1;
            }
            (problems, passes, last)
        })
    };
    for n in 1..=REBUILDS {
        site.write("site.yaml", &generation_yaml(n));
        site.build_to(&out, &[]).ok();
    }
    // Let the reader see the last generation before it stops.
    poll_until(
        std::time::Duration::from_secs(10),
        "the last generation in the output",
        || {
            (generation_of(&fs::read(out.join("index.html")).unwrap()) == Some(REBUILDS))
                .then_some(())
        },
    );
    stop.store(true, Ordering::SeqCst);
    let (problems, passes, last) = reader.join().unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(passes > REBUILDS, "the reader ran only {passes} passes");
    assert_eq!(last, REBUILDS, "the reader saw the last generation");
    assert_eq!(names_in(outer.path()), ["public"]);
}
