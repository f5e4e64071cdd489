//! Fault injection for tests: named points where a debug build fails or dies on request.
//!
//! The integration tests set `CARELEAF_TEST_FAULT=<name>` to make careleaf fail an I/O step
//! or abort at the worst moment of a write, and then check that nothing was lost. The
//! variable is read only in debug builds (which the tests run): a release binary ignores it,
//! so a stray variable in a user's environment can never make careleaf abort.
//!
//! The points: `temp-write` (writing a content file's temporary copy fails),
//! `before-rename` (killed after that copy is synced, before it replaces the file),
//! `output-before-swap` (killed with the new site staged, before it is swapped in) and
//! `output-after-swap` (killed right after the swap, before the old site is deleted).

use std::io;

/// The environment variable naming the fault to inject.
pub const ENV: &str = "CARELEAF_TEST_FAULT";

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
