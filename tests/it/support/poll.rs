//! The one way the tests wait for something: look at a condition again and again until it
//! holds or a generous deadline passes, instead of sleeping a fixed time and hoping.

use std::fmt;
use std::time::{Duration, Instant};

/// The first pause between two looks; each pause doubles, up to [`LONGEST_PAUSE`], so a
/// condition that holds at once costs almost nothing and a slow one costs little CPU.
const FIRST_PAUSE: Duration = Duration::from_millis(1);
const LONGEST_PAUSE: Duration = Duration::from_millis(20);

/// Calls `f` until it returns `Some`, and returns what it returned. Panics, naming `what`,
/// when `timeout` has passed (`f` is always called once more after the deadline, so a busy
/// machine that paused this thread past the deadline does not fail the test wrongly).
pub fn poll_until<T>(
    timeout: Duration,
    what: impl fmt::Display,
    mut f: impl FnMut() -> Option<T>,
) -> T {
    let deadline = Instant::now() + timeout;
    let mut pause = FIRST_PAUSE;
    loop {
        let late = Instant::now() >= deadline;
        if let Some(v) = f() {
            return v;
        }
        if late {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// A description of what is awaited that is worked out only when the wait fails, so it can
/// show the last state seen (the last response, what a process printed).
pub struct Later<F>(pub F);

impl<F: Fn() -> String> fmt::Display for Later<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&(self.0)())
    }
}

/// Whether a read failed only because its short timeout passed (the socket is still open
/// and may yet send): how a poll tells "nothing yet" from "closed" or "broken".
pub fn is_read_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}
