//! Fault injection for tests: named points where a debug build fails or dies on request.
//!
//! The integration tests set `CARELEAF_TEST_FAULT=<name>` to make careleaf fail an I/O step
//! or abort at the worst moment of a write, and then check that nothing was lost. The
//! variable is read only in debug builds (which the tests run): a release binary ignores it,
//! so a stray variable in a user's environment can never make careleaf abort.
//!
//! The points: `temp-write` (writing a content file's temporary copy fails),
//! `before-rename` (killed after that copy is synced, before it replaces the file),
//! `output-before-swap` (killed with the new site staged, before it is swapped in),
//! `output-after-swap` (killed right after the swap, before the old site is deleted) and
//! `faq-write` (writing `faq.yaml` fails after a new topic went into `topics.yaml`).
//!
//! Pause points let a test act at an exact moment instead of racing: with
//! `CARELEAF_TEST_PAUSE=<name>:<folder>`, a debug build reaching point `<name>` creates
//! `<folder>/paused` and waits until the test creates `<folder>/resume`. The points:
//! `before-faq-write` (an add has planned its text, and written any new topic, and is about to
//! replace `faq.yaml`), `faq-open-for-writing` (an add found the file it replaces open for
//! writing in another program and is about to wait for it to be closed) and `watch-setup`
//! (the preview's watcher is about to watch the site, which the preview does not wait for).

use std::io;

/// The environment variable naming the fault to inject.
pub const ENV: &str = "CARELEAF_TEST_FAULT";
/// The environment variable naming a pause point and its folder: `<name>:<folder>`.
pub const PAUSE_ENV: &str = "CARELEAF_TEST_PAUSE";
/// The longest a pause point waits for the test to resume it.
const PAUSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// True when this run was asked to inject `name`. Always false in release builds.
fn wanted(name: &str) -> bool {
    if cfg!(debug_assertions) {
        std::env::var_os(ENV).is_some_and(|v| v == name)
    } else {
        false
    }
}

/// Aborts the process here when asked to: simulates careleaf being killed at this moment.
pub fn crash_point(name: &str) {
    if wanted(name) {
        std::process::abort();
    }
}

/// Fails here with an injected error when asked to; `what` says what failed.
pub fn fail_point(name: &str, what: &str) -> io::Result<()> {
    if wanted(name) {
        Err(io::Error::other(format!("injected fault: {what}")))
    } else {
        Ok(())
    }
}

/// Waits here when a test asked to pause at `name` (see the module's documentation), so the
/// test can change files at exactly this moment. Always returns at once in release builds.
pub fn pause_point(name: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(setting) = std::env::var_os(PAUSE_ENV) else {
        return;
    };
    let setting = setting.to_string_lossy();
    let Some((point, folder)) = setting.split_once(':') else {
        return;
    };
    if point != name {
        return;
    }
    let folder = std::path::Path::new(folder);
    let _ = std::fs::write(folder.join("paused"), name);
    let started = std::time::Instant::now();
    while !folder.join("resume").exists() && started.elapsed() < PAUSE_LIMIT {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
