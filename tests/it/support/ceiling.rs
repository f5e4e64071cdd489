//! Running careleaf under a ceiling on memory and CPU time, so that a return to quadratic
//! time or memory on a hostile input fails a test, with a message naming the limit crossed,
//! instead of only making the run slow.
//!
//! The limits are set with util-linux's `prlimit` wrapped around the binary. Memory is
//! `RLIMIT_DATA`: the heap and every private writable mapping (since Linux 4.7), which is
//! what a runaway build grows. It is not `RLIMIT_AS`, because the address space also holds
//! glibc's per-thread malloc arenas (64 MiB reserved per thread, mostly never touched), so
//! the same build needs a different address-space ceiling on a machine with more cores.
//! Thread stacks do count as data, so the number of worker threads is fixed ([`THREADS`]).

use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};

use super::run::{BIN, Opts, Run, careleaf_with};
use super::site::Site;

/// Memory and CPU time one run may use.
#[derive(Debug, Clone, Copy)]
pub struct Ceiling {
    /// Mebibytes of data (heap and private writable mappings).
    pub memory_mb: u64,
    /// Seconds of CPU time (user and system, all threads together).
    pub cpu_seconds: u64,
}

/// Worker threads a run under a ceiling gets (unless its options set `RAYON_NUM_THREADS`):
/// each thread's stack is data too (2 MiB), so without a fixed number the same ceiling
/// would pass on two cores and fail on sixty-four.
const THREADS: usize = 2;

/// CPU seconds a run gets from [`run_with_memory_ceiling`]: far more than any of the tests'
/// builds needs in a debug build on a busy machine, and well inside the runner's deadline, so
/// a runaway build is stopped by the kernel and reported as such.
pub const DEFAULT_CPU_SECONDS: u64 = 30;

/// `careleaf <args> --root <site>` with at most `mb` MiB of data and
/// [`DEFAULT_CPU_SECONDS`] of CPU time. Panics, naming the limit, when the run crossed
/// either; otherwise returns the run for the caller to check.
pub fn run_with_memory_ceiling(mb: u64, site: &Site, args: &[&str]) -> Run {
    let ceiling = Ceiling {
        memory_mb: mb,
        cpu_seconds: DEFAULT_CPU_SECONDS,
    };
    run_within(ceiling, site, args, &Opts::default())
}

/// `careleaf <args> --root <site>` under `ceiling`, otherwise set up as `opts` says (its
/// `bin`, if any, is the binary run under the ceiling). Panics, naming the limit, when the
/// run crossed it.
pub fn run_within(ceiling: Ceiling, site: &Site, args: &[&str], opts: &Opts) -> Run {
    let bin = opts.bin.clone().unwrap_or_else(|| PathBuf::from(BIN));
    let mut all: Vec<OsString> = vec![
        format!("--data={}", ceiling.memory_mb * 1024 * 1024).into(),
        // SIGXCPU at the limit; SIGKILL five seconds later if that did not stop it.
        format!("--cpu={}:{}", ceiling.cpu_seconds, ceiling.cpu_seconds + 5).into(),
        bin.into(),
    ];
    all.extend(args.iter().map(OsString::from));
    all.push("--root".into());
    all.push(site.root().as_os_str().to_owned());
    let mut wrapped = Opts {
        bin: Some(Path::new("prlimit").to_path_buf()),
        ..opts.clone()
    };
    if !wrapped.env.iter().any(|(k, _)| k == "RAYON_NUM_THREADS") {
        wrapped
            .env
            .push(("RAYON_NUM_THREADS".into(), THREADS.to_string()));
    }
    let run = careleaf_with(&all, &wrapped);
    if let Some(limit) = crossed(&run) {
        panic!(
            "careleaf {args:?} crossed its {} ceiling ({} MiB of memory, {} CPU seconds):\n{run}",
            limit, ceiling.memory_mb, ceiling.cpu_seconds
        );
    }
    run
}

/// Which limit a finished run crossed, if any: Rust aborts when an allocation fails, and
/// the kernel sends `SIGXCPU` when the CPU time is used up (`SIGKILL` at the hard limit,
/// which the out-of-memory killer also sends).
fn crossed(run: &Run) -> Option<&'static str> {
    match run.status.signal() {
        Some(libc::SIGABRT) if run.stderr.contains("memory allocation of") => Some("memory"),
        Some(libc::SIGXCPU) => Some("CPU-time"),
        Some(libc::SIGKILL) => Some("CPU-time (or out-of-memory: killed)"),
        _ => None,
    }
}
