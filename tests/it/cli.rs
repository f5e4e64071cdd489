//! The command line: `--root` before or after the command, relative paths, `check`, `init`,
//! and the build summary line.

use std::fs;

use crate::support::*;

/// The number before `word` in `text` (`"Built 14 pages"` → 14 for `pages`).
fn number_before(text: &str, word: &str) -> Option<u128> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[1].trim_end_matches([',', '.']) == word)
        .and_then(|w| w[0].parse().ok())
}

#[test]
fn root_may_stand_before_or_after_the_command() {
    let site = rich_site();
    let root = site.root().to_str().unwrap().to_owned();
    let cwd = tempfile::tempdir().unwrap();
    run_in(cwd.path(), &["--root", &root, "build"]).ok();
    assert!(site.public().join("index.html").is_file());
    fs::remove_dir_all(site.public()).unwrap();
    run_in(cwd.path(), &["build", "--root", &root]).ok();
    assert!(site.public().join("index.html").is_file());
    run_in(cwd.path(), &["--root", &root, "check"]).ok();
    run_in(cwd.path(), &["check", "--root", &root]).ok();
    // Nothing was written in the current folder.
    assert_eq!(names_in(cwd.path()), Vec::<String>::new());
}

#[test]
fn root_defaults_to_the_current_folder() {
    let site = rich_site();
    run_in(site.root(), &["build"]).ok();
    assert!(site.public().join("faq/index.html").is_file());
}

#[test]
fn relative_root_and_output_are_relative_to_the_current_folder() {
    let cwd = tempfile::tempdir().unwrap();
    let site_dir = cwd.path().join("sites/health");
    for (p, t) in rich_site_files()
        .into_iter()
        .chain([("site.yaml", SITE_YAML)])
    {
        let path = site_dir.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, t).unwrap();
    }
    let run = run_in(
        cwd.path(),
        &["build", "--root", "sites/health", "--output", "out/www"],
    )
    .ok();
    assert!(cwd.path().join("out/www/index.html").is_file(), "{run}");
    assert!(!site_dir.join("public").exists());
    assert!(!site_dir.join("out").exists());

    // Without --output: <root>/public, with root relative to the current folder.
    run_in(&cwd.path().join("sites"), &["build", "--root", "health"]).ok();
    assert!(
        site_dir
            .join("public/articles/sleep-tips/index.html")
            .is_file()
    );

    // `..` in --root.
    let inner = site_dir.join("content");
    run_in(&inner, &["check", "--root", ".."]).ok();
}

#[test]
fn check_validates_without_writing() {
    let site = rich_site();
    let before = snapshot(site.root());
    let run = site.check().ok();
    assert!(!site.public().exists(), "check wrote the output folder");
    assert_same_tree(
        &before,
        &snapshot(site.root()),
        "the site folder after check",
    );
    assert!(!run.stdout.is_empty(), "check printed nothing");
    assert!(!run.stderr.contains("error"), "{run}");
}

#[test]
fn check_fails_on_errors_and_reports_them() {
    let site = rich_site();
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\ntopics: [pain]\n---\nSee [x](/articles/nope/).\n\nEnd.\n",
    );
    let run = site.check().failed();
    expect_error_in(&site, &run, "content/articles/bad.md", 5, "/articles/nope/");
    assert!(!site.public().exists());
}

#[test]
fn check_does_not_touch_an_existing_output() {
    let site = rich_site();
    site.build();
    let before = snapshot(&site.public());
    site.write("content/articles/new.md", "---\ntitle: New\n---\nNew.\n");
    site.check().ok();
    assert_same_tree(&before, &snapshot(&site.public()), "output after check");
}

#[test]
fn check_with_drafts() {
    let site = rich_site();
    site.write(
        "content/articles/draft.md",
        "---\ntitle: D\ndraft: true\n---\nDraft.\n",
    );
    site.write(
        "content/articles/linker.md",
        "---\ntitle: L\n---\nSee [d](/articles/draft/).\n\nEnd.\n",
    );
    site.check().failed();
    site.command("check", &["--drafts"]).ok();
}

#[test]
fn build_prints_a_summary_with_pages_time_and_warnings() {
    let site = rich_site();
    let built = site.build();
    let line = built
        .run
        .stdout
        .lines()
        .find(|l| l.contains("pages"))
        .unwrap_or_else(|| panic!("no summary line:\n{}", built.run))
        .to_owned();
    let pages = number_before(&line, "pages").expect("page count");
    assert_eq!(pages as usize, built.html_files().len(), "{line}");
    assert!(
        number_before(&line, "ms").is_some(),
        "no time in ms: {line}"
    );
    assert_eq!(number_before(&line, "warnings"), Some(0), "{line}");

    // One warning.
    let faq = fs::read_to_string(site.path("content/faq.yaml")).unwrap();
    site.write(
        "content/faq.yaml",
        &(faq + "  - question: No id here?\n    answer: Right, and the build still works without one.\n"),
    );
    let built = site.build();
    let line = built
        .run
        .stdout
        .lines()
        .find(|l| l.contains("pages"))
        .unwrap();
    assert_eq!(number_before(line, "warning"), Some(1), "{line}");
    assert_eq!(
        number_before(line, "pages").unwrap() as usize,
        built.html_files().len()
    );
}

#[test]
fn init_makes_a_site_that_builds_warning_only_about_the_trust_pages_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init", "my-site"]).ok();
    let dir = tmp.path().join("my-site");
    assert!(dir.join("site.yaml").is_file());
    assert!(
        !dir.join("themes").exists(),
        "the theme should come from the binary"
    );

    // The starter cannot know who funds the site or how to contact it: the only warnings
    // name the four trust pages to write.
    let check = run_in(&dir, &["check"]).ok();
    let trust_warning = |d: &Diag| {
        d.severity == "warning" && d.path == "site.yaml" && d.message.starts_with("the site has no")
    };
    let diags = check.diagnostics();
    assert_eq!(diags.len(), 4, "{check}");
    assert!(diags.iter().all(trust_warning), "{check}");
    let run = run_in(&dir, &["build"]).ok();
    let line = run.stdout.lines().find(|l| l.contains("pages")).unwrap();
    assert_eq!(number_before(line, "warnings"), Some(4), "{line}");
    // With them written, the starter builds without a warning.
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    let mut written = yaml.replace("\n#   ", "\n  ");
    for key in ["editorial_policy", "funding", "privacy", "contact"] {
        written = written.replace(&format!("\n# {key}:"), &format!("\n{key}:"));
    }
    std::fs::write(dir.join("site.yaml"), written).unwrap();
    let strict = run_in(&dir, &["check", "--strict"]).ok();
    assert!(strict.stderr.is_empty(), "{strict}");
    let run = run_in(&dir, &["build"]).ok();
    let built = Built {
        out: dir.join("public"),
        base_path: String::new(),
        run,
    };
    assert!(built.exists("/"));
    assert!(built.exists("/faq/"));
    assert!(built.exists("/articles/"));
    assert!(!built.page("/articles/").all(".article-list a").is_empty());
    assert_links_resolve(&built.out, "https://example.org/");
}

#[test]
fn init_into_an_existing_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("empty");
    fs::create_dir(&dir).unwrap();
    run_in(tmp.path(), &["init", "empty"]).ok();
    assert!(dir.join("site.yaml").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("busy");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.md"), "mine").unwrap();
    let before = snapshot(&dir);
    let run = run_in(tmp.path(), &["init", "busy"]).failed();
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(run.stderr, @"careleaf: error: cannot create a site in busy: it is not empty (careleaf init only writes into a new or empty folder, or one holding only a `.git` folder and a `.gitignore`)");
    assert_eq!(run.stdout, "");
    assert_same_tree(&before, &snapshot(&dir), "a non-empty folder after init");

    // A folder holding only a hidden file is not empty either.
    let hidden = tmp.path().join("hidden");
    fs::create_dir(&hidden).unwrap();
    fs::write(hidden.join(".git"), "x").unwrap();
    run_in(tmp.path(), &["init", "hidden"]).failed();
    assert_eq!(names_in(&hidden), [".git"]);

    // Nor is a file a folder.
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let run = run_in(tmp.path(), &["init", "notes.txt"]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(run.stderr, @"careleaf: error: cannot create a site in notes.txt: it exists and is not a folder");
    assert_eq!(
        fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

/// Runs `git` in `dir`; `None` when git is not installed.
fn git(dir: &std::path::Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .ok()?;
    assert!(out.status.success(), "git {args:?}: {out:?}");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// `init` in a new git repository writes a `.gitignore` that keeps the built site and the
/// FAQ writers' lock out of commits: after an add and a build, git sees only content.
#[test]
fn init_writes_a_gitignore_that_keeps_the_output_and_the_lock_out_of_git() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    fs::create_dir(&dir).unwrap();
    let Some(_) = git(&dir, &["init", "-q"]) else {
        println!("skipped: git is not installed");
        return;
    };
    run_in(tmp.path(), &["init", "repo"]).ok();
    insta::assert_snapshot!(fs::read_to_string(dir.join(".gitignore")).unwrap(), @"
    # Made by careleaf: the built site and careleaf's own working files are not content.
    /public/
    /.careleaf/
    ");
    run_in(
        &dir,
        &[
            "faq",
            "add",
            "--question",
            "Who writes these answers?",
            "--answer",
            "Nurses and physiotherapists of the clinic write and check every answer.",
            "--topic",
            "getting-started",
        ],
    )
    .ok();
    assert!(dir.join(".careleaf/faq.yaml.lock").is_file());
    run_in(&dir, &["build"]).ok();
    assert!(dir.join("public/index.html").is_file());
    let status = git(&dir, &["status", "--porcelain", "--untracked-files=all"]).unwrap();
    let mut seen: Vec<&str> = status.lines().map(|l| &l[3..]).collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ".gitignore",
            "content/articles/welcome.md",
            "content/faq.yaml",
            "content/pages/about.md",
            "content/topics.yaml",
            "site.yaml",
        ]
    );
}

/// A `.gitignore` already there keeps every line; only the missing ones are added.
#[test]
fn init_adds_only_the_missing_lines_to_an_existing_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cloned");
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".gitignore"), "node_modules/\n/public").unwrap();
    run_in(tmp.path(), &["init", "cloned"]).ok();
    assert!(dir.join("site.yaml").is_file());
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "node_modules/\n/public\n# Added by careleaf init\n/.careleaf/\n"
    );
    assert_eq!(names_in(&dir.join(".git")), Vec::<String>::new());

    // With both lines there, the file is left exactly as it was.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ready");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(".gitignore"), "public/\r\n/.careleaf\r\n").unwrap();
    run_in(tmp.path(), &["init", "ready"]).ok();
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "public/\r\n/.careleaf\r\n"
    );
}

/// The starter's `faq.yaml` and the example site's tell editors to use `careleaf faq add`
/// or the preview's form, not to copy and paste an entry.
#[test]
fn the_starter_and_example_faq_point_to_faq_add_and_the_form() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init", "site"]).ok();
    let starter = fs::read_to_string(tmp.path().join("site/content/faq.yaml")).unwrap();
    let example = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/faq.yaml"),
    )
    .unwrap();
    for (name, text) in [("starter", &starter), ("example", &example)] {
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(header.contains("`careleaf faq add`"), "{name}: {header}");
        assert!(header.contains("/_careleaf/faq/new"), "{name}: {header}");
        assert!(!header.to_lowercase().contains("copy"), "{name}: {header}");
        assert!(!header.to_lowercase().contains("paste"), "{name}: {header}");
    }
    // The starter's one question says the same.
    assert!(
        !starter.to_lowercase().contains("copy an entry"),
        "{starter}"
    );
}

#[test]
fn init_names_a_folder_it_cannot_create() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a-file"), "x").unwrap();
    let run = run_in(tmp.path(), &["init", "a-file/site"]);
    assert_eq!(run.code(), Some(1), "{run}");
    insta::assert_snapshot!(run.stderr, @"careleaf: error: cannot create a-file/site: Not a directory (os error 20)");
}

#[test]
fn check_and_faq_failures_end_with_a_count() {
    let site = rich_site();
    site.write(
        "content/articles/bad.md",
        "---\ntitle: Bad\ntopics: [pain]\n---\nSee [x](/articles/nope/).\n",
    );
    let run = site.check();
    assert_eq!(run.code(), Some(1), "{run}");
    assert!(
        run.stderr
            .ends_with("\n\ncareleaf: 1 error and 0 warnings\n"),
        "{run}"
    );
    let run = site.build_args(&[]);
    assert_eq!(run.code(), Some(1), "{run}");
    assert!(
        run.stderr
            .ends_with("\n\ncareleaf: 1 error and 0 warnings; nothing was written\n"),
        "{run}"
    );
    site.write(
        "content/faq.yaml",
        "questions:\n  - id: a\n    question: A?\n    answr: B.\n",
    );
    for args in [["faq", "check"], ["faq", "list"]] {
        let run = careleaf_in(&site, &args);
        assert_eq!(run.code(), Some(1), "{run}");
        expect_error_in(&site, &run, "content/faq.yaml", 4, "answr");
        assert!(
            run.stderr
                .ends_with("\n\ncareleaf: 1 error and 0 warnings\n"),
            "{args:?}: {run}"
        );
        assert_eq!(run.stdout, "", "{run}");
    }
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["build"]).failed();
    insta::assert_snapshot!(redact_dir(&run.stderr, tmp.path(), "[DIR]"), @"
    site.yaml: error: no site.yaml in [DIR] (is this a careleaf site? `careleaf init DIR` makes one)

    careleaf: 1 error and 0 warnings; nothing was written
    ");
    assert!(!tmp.path().join("public").exists());
    let run = run_in(tmp.path(), &["check", "--root", "no-such-folder"]).failed();
    insta::assert_snapshot!(run.stderr, @"
    no-such-folder: error: cannot open the site folder: No such file or directory (os error 2)

    careleaf: 1 error and 0 warnings
    ");
}

#[test]
fn unknown_arguments_are_usage_errors() {
    let site = rich_site();
    let run = run_in(site.root(), &["build", "--no-such-flag"]).failed();
    insta::assert_snapshot!(run.stderr, @"
    error: unexpected argument '--no-such-flag' found

    Usage: careleaf build [OPTIONS]

    For more information, try '--help'.
    ");
    let run = run_in(site.root(), &["no-such-command"]).failed();
    insta::assert_snapshot!(run.stderr, @"
    error: unrecognized subcommand 'no-such-command'

    Usage: careleaf [OPTIONS] <COMMAND>

    For more information, try '--help'.
    ");
    assert!(!site.public().exists());
}
