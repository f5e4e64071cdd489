//! Files that are not what they seem (issue 10): a named pipe, a link to `/dev/zero`, a file
//! over the size limit, read by the build, by `faq add` and by the preview. Every reader
//! must refuse them quickly with a message naming the path, never wait forever or read
//! without end. (A file that grows between the size check and the read is caught by the
//! reader's own unit test, `read::tests::a_file_that_grows_after_the_check_is_caught`.)

use std::ffi::CString;
use std::path::Path;
use std::time::Duration;

use crate::support::faq::*;
use crate::support::*;

/// Makes a named pipe at `path` (replacing any file there).
fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let c = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Replaces `path` with a symbolic link to `/dev/zero`.
fn link_to_dev_zero(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::os::unix::fs::symlink("/dev/zero", path).unwrap();
}

/// `careleaf faq add` under a 2 GiB address-space ceiling (`ulimit -v`), so a read without
/// end fails in seconds instead of taking the machine's memory, and a hang ends at 90 s (a
/// deadline, not a timing: a debug build reading a 32 MiB file twice at once on a loaded
/// 2-core machine has taken over 20 s).
fn add_within_limits(site: &Site, args: &[&str]) -> Run {
    let mut command = vec!["faq", "add"];
    command.extend_from_slice(args);
    within_limits(site, &command)
}

const ENTRY: &[&str] = &["--question", "Is this safe?", "--answer", "Yes."];

// ---------------------------------------------------------------------------------------------
// faq add
// ---------------------------------------------------------------------------------------------

#[test]
fn faq_add_refuses_a_named_pipe_at_once_and_lets_go_of_the_lock() {
    let site = rich_site();
    mkfifo(&site.path(FAQ));
    let out = add_within_limits(&site, ENTRY).refused();
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot read [SITE]/content/faq.yaml: it is a named pipe (FIFO), not a regular file
    careleaf: nothing was changed
    ");
    assert!(out.elapsed < Duration::from_secs(10), "{out}");
    // Nothing holds the writers' lock now, so the preview's form and the next add can go on.
    let lock = std::fs::File::open(site.path(LOCK)).unwrap();
    lock.try_lock().expect("the lock is free");
    drop(lock);

    // A pipe as topics.yaml is refused the same way.
    let site = rich_site();
    mkfifo(&site.path(TOPICS));
    add_within_limits(&site, ENTRY)
        .refused()
        .stderr_has("content/topics.yaml: it is a named pipe (FIFO), not a regular file");
}

#[test]
fn faq_add_refuses_a_link_to_dev_zero_without_reading_it() {
    for file in [FAQ, TOPICS] {
        let site = rich_site();
        link_to_dev_zero(&site.path(file));
        let out = add_within_limits(&site, ENTRY).refused();
        assert_eq!(
            site.redact(&out.stderr),
            format!(
                "careleaf: error: cannot read [SITE]/{file}: it is a device, not a regular file\ncareleaf: nothing was changed\n"
            )
        );
        assert!(out.elapsed < Duration::from_secs(10), "{out}");
    }
}

/// `faq.yaml` padded with comment lines to `len` bytes.
fn faq_of_size(len: usize) -> Vec<u8> {
    // The fixture's articles link to this entry.
    let entries =
        "questions:\n  - id: does-it-hurt\n    question: Does it hurt?\n    answer: A little.\n";
    let mut text = Vec::new();
    let line = format!("# {}\n", "x".repeat(1000));
    while text.len() + line.len() + entries.len() <= len {
        text.extend_from_slice(line.as_bytes());
    }
    text.resize(len - entries.len(), b'\n');
    text.extend_from_slice(entries.as_bytes());
    text
}

#[test]
fn faq_add_refuses_a_file_over_the_limit_and_will_not_grow_one_past_it() {
    const LIMIT: usize = 32 * 1024 * 1024;
    let site = rich_site();
    site.write_bytes(FAQ, &faq_of_size(LIMIT + 1));
    let before = content_state(&site);
    let out = add_within_limits(&site, ENTRY).refused();
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error: cannot read [SITE]/content/faq.yaml: the file is 32.1 MiB; the FAQ, topic and glossary files may be at most 32 MiB
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before, "files changed");

    // Just under the limit, an entry that would take it over is refused; a short one fits.
    site.write_bytes(FAQ, &faq_of_size(LIMIT - 100));
    let before = content_state(&site);
    let long = "word ".repeat(40);
    let out = add_within_limits(&site, &["--question", "Long?", "--answer", &long]).refused();
    insta::assert_snapshot!(site.redact(&out.stderr), @"
    careleaf: error (faq.yaml): with this entry content/faq.yaml would be larger than 32 MiB, the limit for the FAQ, topic and glossary files; move long answers into articles
    careleaf: nothing was changed
    ");
    assert!(content_state(&site) == before, "files changed");
    add_within_limits(&site, &["--question", "Short?", "--answer", "Yes."]).ok();
    assert!(read(&site, FAQ).len() <= LIMIT);
    site.build();
}

// ---------------------------------------------------------------------------------------------
// The build
// ---------------------------------------------------------------------------------------------

/// `careleaf <command> --root <site>` under a 2 GiB address-space ceiling, killed after 90 s.
fn within_limits(site: &Site, command: &[&str]) -> Run {
    let mut all: Vec<&str> = vec!["-c", "ulimit -v 2097152 && exec \"$0\" \"$@\"", BIN];
    all.extend_from_slice(command);
    all.extend_from_slice(&["--root", site.root().to_str().unwrap()]);
    careleaf_with(
        &all,
        &Opts {
            bin: Some("/bin/sh".into()),
            timeout: Duration::from_secs(90),
            ..Opts::default()
        },
    )
}

/// [`within_limits`]; the run must fail. Returns standard error with the site redacted.
fn failed_within_limits(site: &Site, command: &[&str]) -> String {
    site.redact(&within_limits(site, command).failed().stderr)
}

/// `careleaf build` on `site` within the limits; it must fail.
fn failed_build_within_limits(site: &Site) -> String {
    failed_within_limits(site, &["build"])
}

/// The FAQ and topics files are read by name, so a pipe or device there used to be skipped
/// as if the file did not exist (the FAQ page then vanished with a misleading broken-link
/// error); now it is named. Settings likewise ("no site.yaml" before).
#[test]
fn the_build_names_a_pipe_or_device_where_a_file_should_be() {
    let site = rich_site();
    mkfifo(&site.path(FAQ));
    let err = failed_build_within_limits(&site);
    assert!(
        err.starts_with("content/faq.yaml: error: it is a named pipe (FIFO), not a regular file\n"),
        "{err}"
    );
    // `faq check` reads the FAQ as the build does.
    let err = failed_within_limits(&site, &["faq", "check"]);
    assert!(
        err.starts_with("content/faq.yaml: error: it is a named pipe (FIFO), not a regular file\n"),
        "{err}"
    );

    let site = rich_site();
    link_to_dev_zero(&site.path(TOPICS));
    let err = failed_build_within_limits(&site);
    assert!(
        err.starts_with("content/topics.yaml: error: it is a device, not a regular file\n"),
        "{err}"
    );
    // `faq check` reports only the FAQ's own and the settings' errors, but it reads topics.yaml
    // the same bounded way: it ends at once instead of reading /dev/zero until memory runs out.
    let out = within_limits(&site, &["faq", "check"]);
    assert!(out.status.code().is_some(), "{out}");
    assert!(!out.stderr.contains("memory"), "{out}");

    let site = rich_site();
    link_to_dev_zero(&site.path("site.yaml"));
    insta::assert_snapshot!(failed_build_within_limits(&site), @"
    site.yaml: error: it is a device, not a regular file

    careleaf: 1 error and 0 warnings; nothing was written
    ");
}

// ---------------------------------------------------------------------------------------------
// The preview's static files
// ---------------------------------------------------------------------------------------------

/// A static file swapped for a named pipe after the build, requested before the preview has
/// rebuilt: the request used to wait forever on the pipe (holding one of the server's
/// threads). A sparse file far over the limit used to be read into memory whole. A link to
/// `/dev/zero` leaves the site and was refused already; it stays refused.
#[test]
fn the_preview_refuses_pipes_devices_and_huge_static_files() {
    let site = rich_site();
    site.write("static/notes.txt", "notes\n");
    site.write("static/zero.txt", "zero\n");
    let big = std::fs::File::create(site.path("static/big.bin")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    drop(big);
    let server = Server::start(site.root(), &[]);
    assert_eq!(server.get("/notes.txt").text(), "notes\n");

    let r = server.get("/big.bin");
    assert_eq!(r.status, 404, "a 100 MiB static file is not served whole");
    server.wait_stderr(
        "careleaf: the preview does not serve static/big.bin: the file is 100 MiB; static files may be at most 64 MiB",
    );

    // The pipe is made under a hidden name (never a static file) and moved into place, then
    // asked for at once.
    let pending = site.path("static/.pending");
    mkfifo(&pending);
    std::fs::rename(&pending, site.path("static/notes.txt")).unwrap();
    let r = server.get("/notes.txt");
    assert_eq!(r.status, 404, "{}", server.stderr());

    link_to_dev_zero(&site.path("static/zero.txt"));
    assert_eq!(server.get("/zero.txt").status, 404);

    // The server still answers.
    assert_eq!(server.get("/").status, 200);
}
