//! The pool's counters: atomics that users never wait for, read as one [`Stats`] snapshot.
//!
//! Two kinds of fields: gauges and the hot-path success counter are written only while the
//! pool's lock is held, so the hot path updates them with plain stores (no read-modify-write);
//! all other counters are atomic adds on slow paths. Size, idle and pending are packed into one
//! word (21 bits each, see [`MAX_POOL_SIZE`]) so that a snapshot is never torn between two
//! publications: it always satisfies `size == active + idle` and `size + pending <= max_size`.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use serde::Serialize;

/// A snapshot of a pool's state and history. Reading it never blocks the pool's users.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Open connections: `active + idle` (dials in flight are in `pending`, not here).
    pub size: u64,
    /// Connections checked out (including ones being health-checked).
    pub active: u64,
    /// Idle connections ready for `get` ("available").
    pub idle: u64,
    /// Dials in flight (or slots about to be dialled).
    pub pending: u64,
    /// `get` calls waiting for a connection right now.
    pub waiting: u64,
    /// `get` calls finished: `successes + failures + cancelled`.
    pub requests: u64,
    /// `get` calls that returned a connection.
    pub successes: u64,
    /// `get` calls that returned an error (timeouts included).
    pub failures: u64,
    /// `get` calls that gave up at their deadline.
    pub timeouts: u64,
    /// `get` futures dropped before they finished.
    pub cancelled: u64,
    /// Connections dialled successfully.
    pub created: u64,
    /// Dials that failed or timed out.
    pub dial_failed: u64,
    /// Connections closed for sitting idle past the idle timeout.
    pub idle_closed: u64,
    /// Connections closed at the end of their lifetime.
    pub lifetime_closed: u64,
    /// Connections closed because their ping failed.
    pub ping_failed: u64,
    /// Connections closed because the user marked them unusable.
    pub unusable_closed: u64,
    /// `get` calls that had to wait for a connection or a free slot.
    pub wait_count: u64,
    /// Total time those calls waited, in nanoseconds.
    pub wait_time_ns: u64,
    /// The longest single wait, in nanoseconds.
    pub max_wait_ns: u64,
}

/// The largest `max_size` a pool accepts: each packed gauge has 21 bits.
pub const MAX_POOL_SIZE: usize = (1 << GAUGE_BITS) - 1;

const GAUGE_BITS: u32 = 21;
const GAUGE_MASK: u64 = (1 << GAUGE_BITS) - 1;

/// The live counters behind [`Stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    // Written only under the pool lock (plain load + store).
    /// `size << 42 | idle << 21 | pending`.
    gauges: AtomicU64,
    waiting: AtomicU64,
    successes_locked: AtomicU64,
    // Written anywhere (atomic adds).
    pub(crate) successes: AtomicU64,
    pub(crate) failures: AtomicU64,
    pub(crate) timeouts: AtomicU64,
    pub(crate) cancelled: AtomicU64,
    pub(crate) created: AtomicU64,
    pub(crate) dial_failed: AtomicU64,
    pub(crate) idle_closed: AtomicU64,
    pub(crate) lifetime_closed: AtomicU64,
    pub(crate) ping_failed: AtomicU64,
    pub(crate) unusable_closed: AtomicU64,
    pub(crate) wait_count: AtomicU64,
    pub(crate) wait_time_ns: AtomicU64,
    pub(crate) max_wait_ns: AtomicU64,
}

/// Adds one to a counter.
pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Relaxed);
}

impl Counters {
    /// Publishes the gauges. Call only while holding the pool lock (writers never race).
    pub(crate) fn publish_locked(&self, size: usize, idle: usize, pending: usize, waiting: usize) {
        let [size, idle, pending] = [size, idle, pending].map(|v| v as u64 & GAUGE_MASK);
        self.gauges.store((size << (2 * GAUGE_BITS)) | (idle << GAUGE_BITS) | pending, Relaxed);
        self.waiting.store(waiting as u64, Relaxed);
    }

    /// Counts a hot-path success. Call only while holding the pool lock.
    pub(crate) fn success_locked(&self) {
        self.successes_locked.store(self.successes_locked.load(Relaxed) + 1, Relaxed);
    }

    /// Records one finished wait.
    pub(crate) fn waited(&self, waited: Duration) {
        let ns = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
        self.wait_time_ns.fetch_add(ns, Relaxed);
        self.max_wait_ns.fetch_max(ns, Relaxed);
    }

    /// A snapshot of every counter.
    pub(crate) fn snapshot(&self) -> Stats {
        let gauges = self.gauges.load(Relaxed);
        let (size, idle, pending) =
            (gauges >> (2 * GAUGE_BITS), (gauges >> GAUGE_BITS) & GAUGE_MASK, gauges & GAUGE_MASK);
        let successes = self.successes_locked.load(Relaxed) + self.successes.load(Relaxed);
        let failures = self.failures.load(Relaxed);
        let cancelled = self.cancelled.load(Relaxed);
        Stats {
            size,
            active: size.saturating_sub(idle),
            idle,
            pending,
            waiting: self.waiting.load(Relaxed),
            requests: successes + failures + cancelled,
            successes,
            failures,
            timeouts: self.timeouts.load(Relaxed),
            cancelled,
            created: self.created.load(Relaxed),
            dial_failed: self.dial_failed.load(Relaxed),
            idle_closed: self.idle_closed.load(Relaxed),
            lifetime_closed: self.lifetime_closed.load(Relaxed),
            ping_failed: self.ping_failed.load(Relaxed),
            unusable_closed: self.unusable_closed.load(Relaxed),
            wait_count: self.wait_count.load(Relaxed),
            wait_time_ns: self.wait_time_ns.load(Relaxed),
            max_wait_ns: self.max_wait_ns.load(Relaxed),
        }
    }
}

impl Stats {
    /// Total time `get` calls spent waiting.
    pub fn wait_time(&self) -> Duration {
        Duration::from_nanos(self.wait_time_ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_derives_active_and_requests() {
        let c = Counters::default();
        c.publish_locked(7, 3, 1, 2);
        c.success_locked();
        bump(&c.successes);
        bump(&c.failures);
        bump(&c.cancelled);
        c.waited(Duration::from_millis(2));
        c.waited(Duration::from_millis(5));
        let s = c.snapshot();
        assert_eq!((s.size, s.active, s.idle, s.pending, s.waiting), (7, 4, 3, 1, 2));
        assert_eq!((s.requests, s.successes, s.failures, s.cancelled), (4, 2, 1, 1));
        assert_eq!((s.wait_time_ns, s.max_wait_ns), (7_000_000, 5_000_000));
        assert_eq!(s.wait_time(), Duration::from_millis(7));
    }
}
