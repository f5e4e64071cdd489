//! Work kept between builds: results remembered under a 128-bit fingerprint of their inputs.
//!
//! The preview rebuilds the site on every save. A [`Memo`] lets a stage skip work whose inputs
//! have not changed (parsing a file, rendering a piece of markdown, rendering a page). A
//! result is found only under the fingerprint ([`crate::fingerprint`], XXH3-128) of everything
//! it was made from, so a build with a memo makes exactly what a build without one makes.
//!
//! Each build is one [`Generation`]: it looks results up in what the previous build kept,
//! marks each one it uses with its number and sets aside what it makes; when it ends, what
//! it made is added and results it did not use (a deleted file, a page whose text changed)
//! are dropped. A result used again costs one lookup and one mark, never a move into a new
//! table. A disabled memo (one-off builds) keeps nothing and never even computes a
//! fingerprint.

use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Results of one kind (`V`), each under the fingerprint of its inputs.
#[derive(Debug)]
pub struct Memo<V> {
    enabled: bool,
    entries: Entries<Kept<V>>,
    /// The number of the last generation (the first is 1).
    generation: u64,
}

/// A result and the number of the last generation that used it.
#[derive(Debug)]
struct Kept<V> {
    value: V,
    used: AtomicU64,
}

/// Results by key: a fingerprint, or a key a stage builds from identities (an address
/// beside a context). The table spreads keys by [`spread`], which is cheaper than hashing
/// them again.
type Entries<V> = HashMap<u128, V, BuildHasherDefault<KeyHasher>>;

/// How many parts a generation's new results are set aside in.
const SHARDS: usize = 16;

/// Hashes a key to [`spread`] of it.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used for keys; anything else is spread 16 bytes at a time.
        for chunk in bytes.chunks(16) {
            let mut word = [0u8; 16];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ spread(u128::from_le_bytes(word));
        }
    }

    fn write_u128(&mut self, key: u128) {
        self.0 ^= spread(key);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// 64 bits of `key` in which every bit of both halves counts: a key built as an address
/// beside a fixed context differs only in one half, and all of those must not land in one
/// place of a table (a table of 10,000 such keys would then search through all of them at
/// every lookup).
fn spread(key: u128) -> u64 {
    // Both halves folded, then MurmurHash3's 64-bit finaliser.
    let mut x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A disabled memo: it keeps nothing.
impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            enabled: false,
            entries: Entries::default(),
            generation: 0,
        }
    }
}

impl<V: Clone> Memo<V> {
    /// A memo that keeps results between builds.
    pub fn enabled() -> Self {
        Memo {
            enabled: true,
            entries: Entries::default(),
            generation: 0,
        }
    }

    /// A memo that keeps nothing (the default): every lookup makes its result afresh.
    pub fn disabled() -> Self {
        Self::default()
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// How many results the last generation kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Starts one build's use of the memo. Safe to share between threads; when the
    /// generation is dropped, only the results it used or made stay.
    pub fn generation(&mut self) -> Generation<'_, V> {
        self.generation += 1;
        let made = (0..SHARDS).map(|_| Mutex::new(Vec::new())).collect();
        Generation { memo: self, made }
    }
}

/// One build's use of a [`Memo`].
pub struct Generation<'m, V: Clone> {
    memo: &'m mut Memo<V>,
    /// What this build made, to be added when it ends. In [`SHARDS`] parts, each behind its
    /// own lock, so that threads setting results aside at once seldom wait for each other.
    made: Vec<Mutex<Vec<(u128, V)>>>,
}

impl<V: Clone> Generation<'_, V> {
    /// The result remembered under `key`, or `make`'s (then remembered). `key` is called only
    /// when the memo is enabled.
    pub fn get_or_make(&self, key: impl FnOnce() -> u128, make: impl FnOnce() -> V) -> V {
        self.get_or_make_from((), |_| key(), |_| make())
    }

    /// [`Self::get_or_make`] for work that consumes its `input` (a file's bytes, say), which
    /// the fingerprint only borrows.
    pub fn get_or_make_from<I>(
        &self,
        input: I,
        key: impl FnOnce(&I) -> u128,
        make: impl FnOnce(I) -> V,
    ) -> V {
        let made = self.fetch(input, key, |_| true, |i| Ok::<V, Infallible>(make(i)));
        match made {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }

    /// [`Self::get_or_make`], reusing a remembered result only if `usable` accepts it (for
    /// results that also depend on something the fingerprint cannot cover).
    pub fn get_usable_or_make(
        &self,
        key: impl FnOnce() -> u128,
        usable: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> V,
    ) -> V {
        let made = self.fetch((), |_| key(), usable, |_| Ok::<V, Infallible>(make()));
        match made {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }

    /// [`Self::get_or_make`] for work that may fail: a failure is returned and not remembered.
    pub fn get_or_try_make<E>(
        &self,
        key: impl FnOnce() -> u128,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        self.fetch((), |_| key(), |_| true, |_| make())
    }

    /// Whether results are remembered at all.
    pub fn is_enabled(&self) -> bool {
        self.memo.enabled
    }

    /// The result remembered under `key`, if there is one (kept for the next build too).
    pub fn reuse(&self, key: u128) -> Option<V> {
        if !self.memo.enabled {
            return None;
        }
        Some(self.use_kept(self.memo.entries.get(&key)?))
    }

    /// The one lookup every method above is made of.
    fn fetch<I, E>(
        &self,
        input: I,
        key: impl FnOnce(&I) -> u128,
        usable: impl FnOnce(&V) -> bool,
        make: impl FnOnce(I) -> Result<V, E>,
    ) -> Result<V, E> {
        if !self.memo.enabled {
            return make(input);
        }
        let key = key(&input);
        if let Some(kept) = self.memo.entries.get(&key).filter(|k| usable(&k.value)) {
            return Ok(self.use_kept(kept));
        }
        let value = make(input)?;
        // Middle bits pick the part (the table uses the lowest and the highest).
        let shard = (spread(key) >> 40) as usize % SHARDS;
        // A poisoned lock means another thread panicked mid-push; the build is failing
        // anyway, and a result left out only costs the next build some work.
        if let Ok(mut made) = self.made[shard].lock() {
            made.push((key, value.clone()));
        }
        Ok(value)
    }

    /// Marks a kept result as used by this build, and returns it.
    fn use_kept(&self, kept: &Kept<V>) -> V {
        kept.used.store(self.memo.generation, Ordering::Relaxed);
        kept.value.clone()
    }
}

impl<V: Clone> Drop for Generation<'_, V> {
    fn drop(&mut self) {
        if !self.memo.enabled {
            return;
        }
        let now = self.memo.generation;
        let entries = &mut self.memo.entries;
        entries.retain(|_, kept| *kept.used.get_mut() == now);
        for part in std::mem::take(&mut self.made) {
            for (key, value) in part.into_inner().unwrap_or_default() {
                let used = AtomicU64::new(now);
                entries.insert(key, Kept { value, used });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Looks `key` up in `memo` for one build, counting how often the value had to be made.
    fn lookup(memo: &mut Memo<String>, key: u128, made: &Cell<usize>) -> String {
        let build = memo.generation();
        build.get_or_make(
            || key,
            || {
                made.set(made.get() + 1);
                format!("value {key}")
            },
        )
    }

    #[test]
    fn keys_that_differ_in_one_half_are_spread_over_the_table() {
        let count = |keys: &mut dyn Iterator<Item = u128>| {
            let places: std::collections::HashSet<u64> = keys.map(|k| spread(k) & 0xfff).collect();
            places.len()
        };
        // Addresses (multiples of 16) beside one context, and the other way round: 4,096
        // keys over 4,096 places, nearly two in three of them hit, as random keys would.
        let context = 0x1234_5678_9abc_def0u128;
        let high = &mut (0..4096u128).map(|i| (0x5555_0000 + 16 * i) << 64 | context);
        assert!(count(high) > 2400);
        let low = &mut (0..4096u128).map(|i| context << 64 | (0x5555_0000 + 16 * i));
        assert!(count(low) > 2400);
        let shards: std::collections::HashSet<usize> = (0..256u128)
            .map(|i| (spread((0x5555_0000 + 16 * i) << 64) >> 40) as usize % SHARDS)
            .collect();
        assert_eq!(shards.len(), SHARDS, "every part is used");
    }

    #[test]
    fn an_unchanged_fingerprint_is_a_hit() {
        let mut memo = Memo::enabled();
        let made = Cell::new(0);
        assert_eq!(lookup(&mut memo, 7, &made), "value 7");
        assert_eq!(lookup(&mut memo, 7, &made), "value 7");
        assert_eq!(
            made.get(),
            1,
            "the second build should reuse the first's result"
        );
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn a_changed_fingerprint_is_a_miss() {
        let mut memo = Memo::enabled();
        let made = Cell::new(0);
        lookup(&mut memo, 7, &made);
        assert_eq!(lookup(&mut memo, 8, &made), "value 8");
        assert_eq!(made.get(), 2);
    }

    #[test]
    fn entries_a_generation_did_not_use_are_dropped() {
        let mut memo = Memo::enabled();
        let made = Cell::new(0);
        {
            let build = memo.generation();
            build.get_or_make(|| 1, || "one".to_owned());
            build.get_or_make(|| 2, || "two".to_owned());
        }
        assert_eq!(memo.len(), 2);
        // The next build uses only key 1 (and makes 3): key 2 goes.
        {
            let build = memo.generation();
            build.get_or_make(|| 1, || unreachable!("key 1 is remembered"));
            build.get_or_make(|| 3, || "three".to_owned());
        }
        assert_eq!(memo.len(), 2);
        assert_eq!(lookup(&mut memo, 2, &made), "value 2");
        assert_eq!(
            made.get(),
            1,
            "key 2 should have been dropped and made again"
        );
    }

    #[test]
    fn a_disabled_memo_keeps_nothing_and_computes_no_key() {
        let mut memo = Memo::disabled();
        let made = Cell::new(0);
        for _ in 0..2 {
            let build = memo.generation();
            let v = build.get_or_make(
                || panic!("a disabled memo must not compute fingerprints"),
                || {
                    made.set(made.get() + 1);
                    "v".to_owned()
                },
            );
            assert_eq!(v, "v");
        }
        assert_eq!(made.get(), 2);
        assert!(memo.is_empty());
    }

    #[test]
    fn an_unusable_entry_is_made_again_and_a_failure_is_not_kept() {
        let mut memo = Memo::enabled();
        {
            let build = memo.generation();
            build.get_or_make(|| 1, || "old".to_owned());
            let failed: Result<String, &str> = build.get_or_try_make(|| 2, || Err("broken"));
            assert_eq!(failed, Err("broken"));
        }
        assert_eq!(memo.len(), 1, "a failure must not be remembered");
        let build = memo.generation();
        let v = build.get_usable_or_make(|| 1, |old| old != "old", || "new".to_owned());
        assert_eq!(v, "new");
    }

    #[test]
    fn a_generation_is_shared_between_threads() {
        let mut memo: Memo<u128> = Memo::enabled();
        {
            let build = memo.generation();
            std::thread::scope(|s| {
                for k in 0..4u128 {
                    let build = &build;
                    s.spawn(move || build.get_or_make(|| k, || k * 10));
                }
            });
        }
        assert_eq!(memo.len(), 4);
    }
}
