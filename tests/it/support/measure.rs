//! Running careleaf while measuring what it costs: its peak memory (the kernel's own
//! account, from `wait4`) and the bytes it printed, for tests that hold the worst inputs to a
//! ceiling so that a regression to quadratic behaviour fails instead of passing slowly.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::run::{BIN, CLEARED_ENV, TODAY};

/// What a measured run cost.
pub struct Measured {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Peak resident memory, in MiB.
    pub peak_mib: u64,
    /// Bytes written to standard output and standard error.
    pub stdout_bytes: u64,
    pub stderr_bytes: u64,
    /// The first and last 64 KB of standard error (all of it when shorter).
    pub stderr_head: String,
    pub stderr_tail: String,
}

/// How long a measured run may take before it is killed.
const LIMIT: Duration = Duration::from_secs(300);

/// Runs careleaf with `args` in `cwd`, its output going to files (so that even a run printing
/// gigabytes costs the test nothing but disk), and measures it.
pub fn careleaf_measured(cwd: &Path, args: &[&str]) -> Measured {
    let logs = tempfile::tempdir().expect("temp dir for the logs");
    let out_path = logs.path().join("stdout");
    let err_path = logs.path().join("stderr");
    let mut cmd = Command::new(BIN);
    for name in CLEARED_ENV {
        cmd.env_remove(name);
    }
    let child = cmd
        .args(args)
        .current_dir(cwd)
        .env(TODAY.0, TODAY.1)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("careleaf starts");
    let pid = child.id() as libc::pid_t;
    // A watchdog kills a run that hangs; the wait below then returns.
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(LIMIT).is_err() {
            // SAFETY: kill(2) with a pid this test spawned and has not reaped yet.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with pointers to live locals. The `Child` is never
    // waited on by std afterwards (it is forgotten), so the pid is reaped exactly once.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    let _ = done.send(());
    let _ = watchdog.join();
    assert_eq!(
        reaped,
        pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let stderr = std::fs::read(&err_path).expect("stderr file");
    let edge = 64 * 1024;
    let head = &stderr[..stderr.len().min(edge)];
    let tail = &stderr[stderr.len().saturating_sub(edge)..];
    Measured {
        code,
        // ru_maxrss is in KiB on Linux.
        peak_mib: (usage.ru_maxrss as u64) / 1024,
        stdout_bytes: std::fs::metadata(&out_path).map_or(0, |m| m.len()),
        stderr_bytes: stderr.len() as u64,
        stderr_head: String::from_utf8_lossy(head).into_owned(),
        stderr_tail: String::from_utf8_lossy(tail).into_owned(),
    }
}
