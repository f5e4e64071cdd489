//! careleaf in a real browser: runs every test file of `tests/browser` (each `*.mjs` but the
//! shared `lib.mjs`: the live preview in `e2e.mjs`, the accessibility gate in `a11y.mjs`, ...)
//! with node's test runner, playwright-core driving Debian's Chromium, against the `careleaf`
//! binary Cargo just built.
//!
//! Plain `cargo test` skips it, saying why, when Node.js, `/usr/bin/chromium` or the npm
//! packages of `tests/browser` are missing. `tests/run.sh` installs them and sets
//! `CARELEAF_REQUIRE_BROWSER=1`, which turns a skip into a failure. `tests/run.sh browser --
//! --nocapture` shows the browser test's output as it runs, with the measured
//! save-to-reload latency.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::support::poll_until;

const CHROMIUM: &str = "/usr/bin/chromium";
/// The browser tests normally take a few minutes; a busy machine may take several times that.
const TIME_LIMIT: Duration = Duration::from_secs(1500);

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Set by `tests/run.sh`: the browser test must run, not skip.
const REQUIRE: &str = "CARELEAF_REQUIRE_BROWSER";

/// Why the browser test cannot run here, if it cannot.
fn missing_tool(dir: &Path) -> Option<String> {
    if !runs("node") {
        return Some("`node` (Node.js 20 or later) is not installed".to_owned());
    }
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is not installed"));
    }
    if !runs("java") {
        return Some("`java` (for the HTML checker) is not installed".to_owned());
    }
    let packages = ["playwright-core", "axe-core", "vnu-jar"];
    if !packages
        .iter()
        .all(|p| dir.join("node_modules").join(p).is_dir())
    {
        return Some(format!(
            "the npm packages of {} are not installed",
            dir.display()
        ));
    }
    None
}

/// A process group led by a child process, killed whole when dropped (on a time-out the
/// browser and the servers go with node).
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.0.id())])
                .status();
            let _ = self.0.wait();
        }
    }
}

/// The test files of `dir`: every `.mjs` file but the shared helpers in `lib.mjs`, sorted.
fn test_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/browser is readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".mjs") && name != "lib.mjs")
        .collect();
    files.sort();
    files
}

/// True when `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Copies a child's output, line by line, to this test's output (so it is captured like any
/// test output, and shown as it comes with `--nocapture`), and sends each line to `lines`.
fn forward(stream: impl Read + Send + 'static, lines: mpsc::Sender<String>, to_stderr: bool) {
    // Spawned threads inherit the test's output capture.
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
            let _ = lines.send(line);
        }
    });
}

#[test]
fn browser_tests_in_headless_chromium() {
    let dir = browser_dir();
    if let Some(reason) = missing_tool(&dir) {
        let advice = "run `tests/run.sh`, which installs what is missing, then runs every test";
        if std::env::var_os(REQUIRE).is_some() {
            panic!("the browser test cannot run: {reason}; {advice}");
        }
        eprintln!("browser test skipped: {reason}; {advice}");
        return;
    }

    let files = test_files(&dir);
    assert!(
        files.iter().any(|f| f == "e2e.mjs"),
        "the browser tests are missing from {}: {files:?}",
        dir.display()
    );
    let child = Command::new("node")
        // One file at a time: the tests measure latencies and must not share two cores.
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&files)
        .current_dir(&dir)
        .env("CARELEAF_BIN", env!("CARGO_BIN_EXE_careleaf"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that on a time-out the browser and servers go with it.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `node`: {e}"));
    let mut node = Group(child);
    let (tx, rx) = mpsc::channel();
    forward(node.0.stdout.take().expect("stdout"), tx.clone(), false);
    forward(node.0.stderr.take().expect("stderr"), tx, true);

    let status = poll_until(
        TIME_LIMIT,
        "the browser test to finish (it was stopped)",
        || node.0.try_wait().expect("wait for node"),
    );
    // The readers end when the pipes close; collect everything they saw (a stray process
    // still holding a pipe open does not hold the test up).
    let mut output = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        output.push(line);
    }
    if !status.success() {
        let mut failed: Vec<&str> = output
            .iter()
            .map(|l| l.trim())
            .filter(|l| l.starts_with('✖') && !l.starts_with("✖ failing tests"))
            .collect();
        failed.sort_unstable();
        failed.dedup();
        panic!(
            "the browser test failed ({status}); its output is above. Failed:\n{}",
            failed.join("\n")
        );
    }
    let latency: Vec<&String> = output
        .iter()
        .filter(|l| l.starts_with("save-to-reload latency"))
        .collect();
    assert!(
        !latency.is_empty(),
        "the browser test printed no save-to-reload latency"
    );
    for line in latency {
        println!("browser test: {line}");
    }
}
