//! State kept per worker thread of a parallel loop: each thread's share of the work goes
//! through one value of its own (a memo, a search reader), however many small tasks the
//! loop is cut into, so the loop can be cut finely enough to share out evenly without every
//! task starting its memo afresh.

use std::sync::{Mutex, PoisonError};

/// One `T` per thread of the current rayon pool.
pub struct PerThread<T> {
    slots: Vec<Mutex<T>>,
}

impl<T> PerThread<T> {
    /// One value made by `make` for each thread of the pool.
    pub fn new(make: impl Fn() -> T) -> Self {
        PerThread {
            slots: (0..rayon::current_num_threads().max(1))
                .map(|_| Mutex::new(make()))
                .collect(),
        }
    }

    /// Runs `f` on the calling thread's value. The value is locked while `f` runs, so `f`
    /// must not wait on other tasks of the pool (which this thread might then run, and
    /// which might want the same value): use it for one item's work, not a whole task's.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let i = rayon::current_thread_index().unwrap_or(0) % self.slots.len();
        let mut value = self.slots[i].lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut value)
    }

    /// Every thread's value.
    pub fn into_values(self) -> impl Iterator<Item = T> {
        self.slots
            .into_iter()
            .map(|slot| slot.into_inner().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn every_item_goes_through_one_of_as_many_values_as_threads() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let counts = pool.install(|| {
            let seen = PerThread::new(Vec::new);
            (0..1000)
                .into_par_iter()
                .for_each(|i| seen.with(|v| v.push(i)));
            let values: Vec<Vec<i32>> = seen.into_values().collect();
            values
        });
        assert_eq!(counts.len(), 3);
        let mut all: Vec<i32> = counts.into_iter().flatten().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
    }
}
