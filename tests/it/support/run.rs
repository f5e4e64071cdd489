//! Running the real `careleaf` binary to completion: always within a deadline, with a
//! closed standard input and none of the caller's settings that could make it interactive,
//! faulty or chatty, and with both output streams captured as text.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::diagnostics::{Diag, parse_diagnostics};
use super::poll::poll_until;
use super::site::Site;

/// The careleaf binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_careleaf");

/// "Today" for every run of the binary, so review dates (overdue or not) do not depend on
/// the day the tests run: 2026-06-01 as `SOURCE_DATE_EPOCH`. A test may set its own.
pub const TODAY: (&str, &str) = ("SOURCE_DATE_EPOCH", "1780272000");

/// How long a run may take unless [`Opts::timeout`] says otherwise: far more than any run
/// needs, even on a busy two-core machine, so only a hang reaches it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Environment variables that change how careleaf behaves; a run starts without them and
/// gets them only through [`Opts::env`].
pub const CLEARED_ENV: &[&str] = &[
    "CARELEAF_TEST_FAULT",
    "CARELEAF_TEST_PAUSE",
    "CARELEAF_TEST_SITEMAP_LIMIT",
    "CARELEAF_TIMINGS",
    "EDITOR",
    "VISUAL",
];

/// One finished run of the binary.
#[derive(Debug, Clone)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// The exit code; `None` when the process was killed by a signal.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Panics (showing both streams) unless the run succeeded.
    pub fn ok(self) -> Run {
        assert!(self.success(), "careleaf should have succeeded:\n{self}");
        self
    }

    /// Panics (showing both streams) unless the run exited with a non-zero status.
    pub fn failed(self) -> Run {
        assert!(
            self.code().is_some_and(|c| c != 0),
            "careleaf should have failed:\n{self}"
        );
        self
    }

    /// Panics unless the run exited with status 1 (careleaf's "refused" status).
    pub fn refused(self) -> Run {
        assert_eq!(
            self.code(),
            Some(1),
            "careleaf should have refused (exit 1):\n{self}"
        );
        self
    }

    /// Panics unless standard error contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "standard error should contain {needle:?}:\n{self}"
        );
        self
    }

    /// The diagnostics printed on standard error.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "status: {:?} after {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.elapsed, self.stdout, self.stderr
        )
    }
}

/// How a run is set up; the default runs [`BIN`] in the test's folder with nothing on
/// standard input.
#[derive(Default, Clone)]
pub struct Opts {
    pub env: Vec<(String, String)>,
    /// Bytes on standard input (closed right after); `None`: standard input is /dev/null.
    pub stdin: Option<Vec<u8>>,
    /// Killed (and the test failed) after this long; [`DEFAULT_TIMEOUT`] when zero.
    pub timeout: Duration,
    pub cwd: Option<PathBuf>,
    /// Another careleaf binary to run (e.g. a release build); `None`: [`BIN`].
    pub bin: Option<PathBuf>,
}

/// A child process that is killed when dropped, so a test that fails while waiting for it
/// leaves nothing running.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs careleaf with `args` as `opts` says, waiting for it to finish.
pub fn careleaf_with<S: AsRef<OsStr>>(args: &[S], opts: &Opts) -> Run {
    let timeout = if opts.timeout.is_zero() {
        DEFAULT_TIMEOUT
    } else {
        opts.timeout
    };
    let mut cmd = Command::new(opts.bin.as_deref().unwrap_or(Path::new(BIN)));
    cmd.args(args)
        .stdin(if opts.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in CLEARED_ENV {
        cmd.env_remove(name);
    }
    cmd.env(TODAY.0, TODAY.1);
    for (k, v) in &opts.env {
        cmd.env(k, v);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    let started = Instant::now();
    let mut child = ChildGuard(cmd.spawn().expect("careleaf starts"));
    if let Some(bytes) = &opts.stdin {
        let mut input = child.0.stdin.take().expect("piped stdin");
        let bytes = bytes.clone();
        std::thread::spawn(move || {
            let _ = input.write_all(&bytes);
        });
    }
    let stdout = drain(child.0.stdout.take().expect("piped stdout"));
    let stderr = drain(child.0.stderr.take().expect("piped stderr"));
    let shown: Vec<String> = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    let status = poll_until(
        timeout,
        format_args!("careleaf {shown:?} to finish (it was killed)"),
        || child.0.try_wait().expect("wait for careleaf"),
    );
    let elapsed = started.elapsed();
    Run {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        elapsed,
    }
}

/// Reads a child's output stream to its end on a thread of its own, so a child that fills
/// one pipe while the test reads the other cannot block.
fn drain(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// `careleaf <args...>` in the test's own folder.
pub fn careleaf<S: AsRef<OsStr>>(args: &[S]) -> Run {
    careleaf_with(args, &Opts::default())
}

/// `careleaf <args...>` in `cwd`.
pub fn run_in<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> Run {
    let opts = Opts {
        cwd: Some(cwd.to_path_buf()),
        ..Opts::default()
    };
    careleaf_with(args, &opts)
}

/// `careleaf <args...> --root <site>`.
pub fn careleaf_in(site: &Site, args: &[&str]) -> Run {
    careleaf_in_with(site, args, &Opts::default())
}

/// `careleaf <args...> --root <site>`, set up as `opts` says.
pub fn careleaf_in_with(site: &Site, args: &[&str], opts: &Opts) -> Run {
    let mut all: Vec<OsString> = args.iter().map(OsString::from).collect();
    all.push("--root".into());
    all.push(site.root().as_os_str().to_owned());
    careleaf_with(&all, opts)
}
