//! How many connections the preview keeps open, and which one gives way to a new one.
//!
//! Every connection holds a [`Held`] slot from its accept until its socket closes (a
//! live-reload socket keeps its slot after the upgrade, so open tabs count). There are at most
//! [`limit_for_this_process`] slots. When all are taken, the connection that has been idle
//! longest (no request in flight, not a live-reload socket) is asked to close and the new one
//! takes its slot, so idle connections can never lock everyone out; when none is idle, the new
//! connection is refused.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// The most connections the preview keeps open at once.
pub const MAX_CONNECTIONS: usize = 256;
/// Open files kept free for everything else the preview does (reading the site, the
/// watcher, the FAQ form's writes) when the process may open few files.
const RESERVED_FILES: u64 = 64;

/// The connection cap for this process: [`MAX_CONNECTIONS`], or fewer when the limit on open
/// files (`ulimit -n`) would be reached first, since a connection the process cannot accept
/// for want of a file is one it cannot even refuse.
pub fn limit_for_this_process() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let known = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    let files = if known { limit.rlim_cur } else { 1024 };
    let spare = usize::try_from(files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX);
    MAX_CONNECTIONS.min(spare).max(1)
}

/// The open connections.
pub struct Slots {
    limit: usize,
    open: Mutex<HashMap<u64, Arc<Slot>>>,
    next_id: AtomicU64,
    epoch: Instant,
}

/// What is known of one open connection.
pub struct Slot {
    id: u64,
    epoch: Instant,
    /// When bytes last moved, in milliseconds since `epoch`.
    last_active: AtomicU64,
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// A live-reload socket: never idle, never asked to give way.
    exempt: AtomicBool,
    close: Notify,
}

impl Slots {
    pub fn new(limit: usize) -> Arc<Slots> {
        Arc::new(Slots {
            limit: limit.max(1),
            open: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            epoch: Instant::now(),
        })
    }

    /// A slot for a new connection, made free if need be by closing the connection idle the
    /// longest; `None` when every slot is busy.
    pub fn take(self: &Arc<Self>) -> Option<Held> {
        let mut open = self.open.lock().ok()?;
        if open.len() >= self.limit {
            let idlest = open
                .values()
                .filter(|s| s.is_idle())
                .max_by_key(|s| s.idle_for())
                .map(|s| s.id)?;
            if let Some(slot) = open.remove(&idlest) {
                slot.close.notify_one();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let slot = Arc::new(Slot {
            id,
            epoch: self.epoch,
            last_active: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            exempt: AtomicBool::new(false),
            close: Notify::new(),
        });
        slot.touch();
        open.insert(id, slot.clone());
        Some(Held {
            slots: self.clone(),
            slot,
        })
    }

    /// How many connections are open.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.open.lock().map(|o| o.len()).unwrap_or(0)
    }
}

impl Slot {
    /// Bytes moved just now.
    pub fn touch(&self) {
        let now = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_active.fetch_max(now, Ordering::Relaxed);
    }

    /// How long nothing has happened: zero while a request is being answered or for a
    /// live-reload socket.
    pub fn idle_for(&self) -> Duration {
        if !self.is_idle() {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.last_active.load(Ordering::Relaxed));
        self.epoch.elapsed().saturating_sub(last)
    }

    fn is_idle(&self) -> bool {
        !self.exempt.load(Ordering::Relaxed) && self.in_flight.load(Ordering::Relaxed) == 0
    }

    /// Marks a request as being answered until the value returned is dropped.
    pub fn busy(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        Busy(self.clone())
    }

    /// Marks the connection as a live-reload socket.
    pub fn exempt(&self) {
        self.exempt.store(true, Ordering::Relaxed);
    }

    /// Resolves when the connection has been asked to give way to a new one.
    pub async fn close_requested(&self) {
        self.close.notified().await;
    }
}

/// A request being answered (see [`Slot::busy`]).
pub struct Busy(Arc<Slot>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A slot held by an open connection, given back when dropped (when its socket closes).
pub struct Held {
    slots: Arc<Slots>,
    slot: Arc<Slot>,
}

impl Held {
    pub fn slot(&self) -> &Arc<Slot> {
        &self.slot
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut open) = self.slots.open.lock() {
            open.remove(&self.slot.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_house_closes_the_idlest_connection_and_never_a_busy_one() {
        let slots = Slots::new(3);
        let a = slots.take().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let b = slots.take().unwrap();
        let c = slots.take().unwrap();
        let _answering = a.slot().busy();
        c.slot().exempt();
        // `a` is busy and `c` a live socket: `b` gives way, though `a` is older.
        let d = slots.take().expect("room made");
        assert_eq!(slots.len(), 3);
        assert!(
            b.slot().close.notified().now_or_never_ready(),
            "b was asked to close"
        );
        drop(b);
        assert_eq!(slots.len(), 3, "b's slot was handed over already");
        // Now nobody is idle but `d`...
        let _d_busy = d.slot().busy();
        assert!(slots.take().is_none(), "no idle connection: refused");
        drop(d);
        assert_eq!(slots.len(), 2);
        assert!(slots.take().is_some());
    }

    #[test]
    fn the_cap_leaves_files_for_the_rest_of_the_preview() {
        let limit = limit_for_this_process();
        assert!((1..=MAX_CONNECTIONS).contains(&limit));
    }

    trait NowOrNever {
        fn now_or_never_ready(self) -> bool;
    }

    impl<F: std::future::Future> NowOrNever for F {
        /// True when the future is ready at its first poll.
        fn now_or_never_ready(self) -> bool {
            let mut f = std::pin::pin!(self);
            let waker = std::task::Waker::noop();
            let mut cx = std::task::Context::from_waker(waker);
            f.as_mut().poll(&mut cx).is_ready()
        }
    }
}
