//! Keys generated on the fly and the parallel driver that walks them.
//!
//! Key `i` of a run with seed `s` is the string `key:{s}:{i}`: structured like real cache
//! keys (so hash quality shows), different for every seed, and never stored. Work over the
//! key space is split into blocks that worker threads pull from a shared counter, and each
//! worker folds its keys into its own state; callers merge the states. Merges are sums of
//! integers, so results do not depend on the thread count or on scheduling.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// Keys handed to one worker at a time.
const BLOCK: u64 = 1 << 14;

/// The keys of a run: `count` keys derived from `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpace {
    /// Distinguishes the key sets of different seeds.
    pub seed: u64,
    /// Number of keys.
    pub count: u64,
}

/// A reusable buffer that renders keys of one key space without allocating.
#[derive(Debug, Clone)]
pub struct KeyBuf {
    bytes: [u8; 48],
    prefix: usize,
}

impl KeyBuf {
    /// A buffer for keys of `seed`.
    pub fn new(seed: u64) -> Self {
        let mut bytes = [0u8; 48];
        let mut prefix = 0;
        for part in [&b"key:"[..], seed.to_string().as_bytes(), b":"] {
            bytes[prefix..prefix + part.len()].copy_from_slice(part);
            prefix += part.len();
        }
        KeyBuf { bytes, prefix }
    }

    /// Key number `i`: `key:{seed}:{i}`.
    #[inline]
    pub fn key(&mut self, i: u64) -> &[u8] {
        let mut digits = [0u8; 20];
        let mut n = i;
        let mut len = 0;
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let end = self.prefix + len;
        for (slot, &d) in self.bytes[self.prefix..end].iter_mut().zip(digits[..len].iter().rev()) {
            *slot = d;
        }
        &self.bytes[..end]
    }
}

/// Receives progress from long simulations (the CLI draws a bar; tests ignore it).
pub trait Observer: Sync {
    /// A new stage of `total` steps begins.
    fn stage(&self, label: &str, total: u64);
    /// `done` more steps of the current stage finished.
    fn advance(&self, done: u64);
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Runs `body` over `0..count` split into blocks on `threads` workers, each folding into its
/// own state made by `init`; returns the states (one per worker that ran).
pub fn par_blocks<S: Send>(
    count: u64,
    threads: usize,
    observer: &dyn Observer,
    init: impl Fn() -> S + Sync,
    body: impl Fn(&mut S, Range<u64>) + Sync,
) -> Vec<S> {
    let next = AtomicU64::new(0);
    let worker = || {
        let mut state = init();
        loop {
            let start = next.fetch_add(BLOCK, Ordering::Relaxed);
            if start >= count {
                break;
            }
            let end = (start + BLOCK).min(count);
            body(&mut state, start..end);
            observer.advance(end - start);
        }
        state
    };
    let threads = threads.clamp(1, count.div_ceil(BLOCK).max(1) as usize);
    if threads == 1 {
        return vec![worker()];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// The number of worker threads to use by default: every core.
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_rendered_without_allocation_and_differ_by_seed() {
        let mut buf = KeyBuf::new(7);
        assert_eq!(buf.key(0), b"key:7:0");
        assert_eq!(buf.key(1234567), b"key:7:1234567");
        assert_eq!(buf.key(u64::MAX), format!("key:7:{}", u64::MAX).as_bytes());
        let mut other = KeyBuf::new(u64::MAX);
        assert_eq!(other.key(42), format!("key:{}:42", u64::MAX).as_bytes());
    }

    #[test]
    fn every_key_is_visited_once_whatever_the_thread_count() {
        for threads in [1, 2, 5] {
            let states = par_blocks(
                100_003,
                threads,
                &Silent,
                || (0u64, 0u64),
                |s, range| {
                    for i in range {
                        s.0 += 1;
                        s.1 += i;
                    }
                },
            );
            let (count, sum) = states.iter().fold((0, 0), |acc, s| (acc.0 + s.0, acc.1 + s.1));
            assert_eq!(count, 100_003);
            assert_eq!(sum, 100_002 * 100_003 / 2);
        }
    }
}
