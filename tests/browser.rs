//! The live preview in a real browser: runs `tests/browser/e2e.mjs` (node's test runner,
//! playwright-core driving Debian's Chromium) against the `careleaf` binary Cargo just built.
//!
//! It installs the npm packages (`npm ci`) when `tests/browser/node_modules` is missing. It
//! never skips: without Node.js or `/usr/bin/chromium` it fails and says to run
//! `tests/run.sh`, which installs them. `cargo test --test browser -- --nocapture` shows the
//! browser test's output as it runs, with the measured save-to-reload latency.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
/// The whole browser test normally takes well under a minute.
const TIME_LIMIT: Duration = Duration::from_secs(600);

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn missing(what: &str) -> ! {
    panic!(
        "{what}\nThe browser test needs Node.js, npm and Debian's chromium: run `tests/run.sh` \
         (it installs what is missing, then runs every test)."
    );
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
fn live_preview_in_headless_chromium() {
    let dir = browser_dir();
    if !runs("node") {
        missing("`node` (Node.js 20) is not installed.");
    }
    if !Path::new(CHROMIUM).exists() {
        missing(&format!("{CHROMIUM} is not installed."));
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        if !runs("npm") {
            missing("`npm` is not installed.");
        }
        println!(
            "browser test: installing npm packages (npm ci) in {}",
            dir.display()
        );
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("run npm ci");
        assert!(status.success(), "`npm ci` in {} failed", dir.display());
    }

    let started = Instant::now();
    let mut child = Command::new("node")
        .args(["--test", "--test-reporter=spec", "e2e.mjs"])
        .current_dir(&dir)
        .env("CARELEAF_BIN", env!("CARGO_BIN_EXE_careleaf"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so that on a time-out the browser and servers go with it.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| missing(&format!("cannot start `node`: {e}")));
    let (tx, rx) = mpsc::channel();
    forward(child.stdout.take().expect("stdout"), tx.clone(), false);
    forward(child.stderr.take().expect("stderr"), tx, true);

    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!(
                "the browser test took longer than {} s and was stopped",
                TIME_LIMIT.as_secs()
            );
        }
        thread::sleep(Duration::from_millis(50));
    };
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
