//! Parallel and serial builds write the same site: every file, byte for byte, and the same
//! report, whatever the number of threads (rayon splits the work differently each time).

use crate::support::*;

/// Builds `site` into a fresh folder with `threads` worker threads.
fn build_with_threads(site: &Site, threads: usize) -> (std::path::PathBuf, Run) {
    let out = site.path(&format!("public-{threads}"));
    let opts = Opts {
        env: vec![("RAYON_NUM_THREADS".into(), threads.to_string())],
        ..Opts::default()
    };
    let out_arg = out.to_string_lossy().into_owned();
    let run = careleaf_in_with(site, &["build", "--output", &out_arg], &opts);
    (out, run)
}

#[test]
fn parallel_and_serial_builds_write_identical_trees() {
    let site = Site::from_owned(&generated_site_files(600, 120));
    let (serial_out, serial) = build_with_threads(&site, 1);
    let serial = serial.ok();
    let serial_tree = snapshot(&serial_out);
    assert!(
        serial_tree.len() > 600,
        "the generated site made only {} files",
        serial_tree.len()
    );
    for threads in [2, 4, 7] {
        let (out, run) = build_with_threads(&site, threads);
        let run = run.ok();
        assert_same_tree(
            &serial_tree,
            &snapshot(&out),
            &format!("{threads} threads against one"),
        );
        assert_eq!(
            report(&run, threads),
            report(&serial, 1),
            "{threads} threads report otherwise than one"
        );
    }
}

/// What a build printed, without its output folder's name and its duration.
fn report(run: &Run, threads: usize) -> String {
    let text =
        format!("{}\n{}", run.stdout, run.stderr).replace(&format!("public-{threads}"), "public-N");
    text.lines()
        .map(|line| match line.find(" in ") {
            Some(at) if line.starts_with("Built ") => {
                let rest = &line[at + 4..];
                let after = rest.find(" ms").map_or("", |ms| &rest[ms + 3..]);
                format!("{} in … ms{after}", &line[..at])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn broken_links_are_reported_alike_whatever_the_number_of_threads() {
    let mut files = generated_site_files(300, 40);
    // Every seventh article gets links of each broken kind the link check tells apart.
    for (path, text) in files.iter_mut() {
        let Some(n) = path
            .strip_suffix(".md")
            .and_then(|p| p.rsplit("article-").next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if n % 7 == 0 {
            text.push_str(&format!(
                "\nSee [gone](/articles/no-such-{n}/), [a part](/articles/article-0001/#no-part-{n}), \
                 [a file](../missing-{n}.md) and [a question](/faq/#no-question-{n}).\n"
            ));
        }
    }
    let site = Site::from_owned(&files);
    let check = |threads: usize| {
        let opts = Opts {
            env: vec![("RAYON_NUM_THREADS".into(), threads.to_string())],
            ..Opts::default()
        };
        careleaf_in_with(&site, &["check"], &opts).failed()
    };
    let serial = check(1);
    let broken = serial.stderr.matches("broken link").count();
    assert!(
        broken >= 20,
        "expected the broken links reported, found {broken}:\n{}",
        serial.stderr
    );
    for threads in [2, 5] {
        assert_eq!(
            check(threads).stderr,
            serial.stderr,
            "{threads} threads report the broken links otherwise than one"
        );
    }
}
