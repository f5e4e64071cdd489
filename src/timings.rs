//! Stage timings for profiling: with `CARELEAF_TIMINGS` set, each stage of a build prints
//! its wall time, the process's CPU time over the same span and its resident memory after.

use std::time::Instant;

/// Prints how long each stage took when `CARELEAF_TIMINGS` is set (for profiling): wall time
/// and the CPU time of the whole process over the same span, whose ratio shows how well a
/// stage keeps the cores busy.
pub struct Timer {
    on: bool,
    last: Instant,
    last_cpu: f64,
}

impl Timer {
    /// Starts timing the first stage.
    pub fn start() -> Self {
        let on = std::env::var_os("CARELEAF_TIMINGS").is_some();
        Timer {
            on,
            last: Instant::now(),
            // The CPU clock is read only when timings are printed.
            last_cpu: if on { process_cpu_ms() } else { 0.0 },
        }
    }

    pub fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = process_cpu_ms();
            eprintln!(
                "careleaf: {stage}: {:.1} ms ({:.0} ms CPU, {} MiB resident)",
                self.last.elapsed().as_secs_f64() * 1000.0,
                cpu - self.last_cpu,
                resident_mib()
            );
            self.last_cpu = cpu;
        }
        self.last = Instant::now();
    }
}

/// Runs `work`, timed as `stage` (a part of a stage run beside others, say) when timings
/// are printed.
pub fn timed<T>(stage: &str, work: impl FnOnce() -> T) -> T {
    let mut timer = Timer::start();
    let done = work();
    timer.lap(stage);
    done
}

/// The process's resident memory now, in MiB (0 where unknown): the second field of
/// `/proc/self/statm`, in pages.
fn resident_mib() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    // SAFETY: sysconf only reads a system setting.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * u64::try_from(page).unwrap_or(4096) / (1024 * 1024)
}

/// User and system CPU time of this process so far, in milliseconds (0 where unknown).
fn process_cpu_ms() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
    if !ok {
        return 0.0;
    }
    // SAFETY: initialised by the successful call above (and zeroed before it).
    let u = unsafe { usage.assume_init() };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}
