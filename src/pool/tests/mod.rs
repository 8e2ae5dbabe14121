//! Tests of the pool against a scripted manager whose connections count themselves, so a test
//! can see every dial, ping and close. Time-based tests run on tokio's paused clock.

mod features;
mod regressions;

use std::collections::HashSet;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering::SeqCst};
use std::time::Duration;

use parking_lot::Mutex;

use super::{Config, Manager, Pool};

/// A connection that knows its id and keeps the count of open connections honest.
#[derive(Debug)]
pub(super) struct MockConn {
    pub id: u64,
    open: Arc<AtomicI64>,
}

impl Drop for MockConn {
    fn drop(&mut self) {
        self.open.fetch_sub(1, SeqCst);
    }
}

/// A manager whose dials and pings a test can script.
#[derive(Debug, Default)]
pub(super) struct Mock {
    next_id: AtomicU64,
    /// Connections alive right now (dialled and not yet dropped).
    pub open: Arc<AtomicI64>,
    pub dials: AtomicU64,
    pub pings: AtomicU64,
    /// Dials after this many successful ones fail.
    pub fail_after: Mutex<Option<u64>>,
    /// Every dial takes this long.
    pub dial_delay: Mutex<Duration>,
    /// Ids whose ping fails.
    pub bad: Mutex<HashSet<u64>>,
    /// Every ping fails.
    pub all_bad: AtomicBool,
    /// One ping in this many fails at random (0: none).
    pub fail_one_in: AtomicU64,
}

impl Mock {
    pub fn open(&self) -> i64 {
        self.open.load(SeqCst)
    }
}

impl Manager for Mock {
    type Connection = MockConn;
    type Error = io::Error;

    async fn connect(&self) -> io::Result<MockConn> {
        let delay = *self.dial_delay.lock();
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let n = self.dials.fetch_add(1, SeqCst);
        if self.fail_after.lock().is_some_and(|limit| n >= limit) {
            return Err(io::Error::new(io::ErrorKind::ConnectionRefused, "scripted dial failure"));
        }
        self.open.fetch_add(1, SeqCst);
        Ok(MockConn { id: self.next_id.fetch_add(1, SeqCst), open: Arc::clone(&self.open) })
    }

    async fn ping(&self, conn: &mut MockConn) -> io::Result<()> {
        self.pings.fetch_add(1, SeqCst);
        let one_in = self.fail_one_in.load(SeqCst);
        let unlucky = one_in > 0 && fastrand::u64(..one_in) == 0;
        if unlucky || self.all_bad.load(SeqCst) || self.bad.lock().contains(&conn.id) {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "scripted ping failure"));
        }
        Ok(())
    }
}

/// A configuration for tests: no pings, no evictor, unless a test asks for them.
pub(super) fn config(min: usize, max: usize) -> Config {
    Config {
        min_size: min,
        max_size: max,
        ping_idle_after: None,
        evict_interval: None,
        clock: crate::pool::Clock::Tokio,
        ..Config::default()
    }
}

/// Builds a pool with a fresh [`Mock`].
pub(super) async fn pool(config: Config) -> Pool<Mock> {
    Pool::new(config, Mock::default()).await.expect("the pool builds")
}

/// Asserts the stats identities and the internal accounting.
pub(super) fn assert_consistent(pool: &Pool<Mock>) {
    pool.check_invariants();
    let s = pool.stats();
    assert_eq!(s.size, s.active + s.idle, "{s:?}");
    assert!(s.size + s.pending <= pool.config().max_size as u64, "{s:?}");
    assert_eq!(s.requests, s.successes + s.failures + s.cancelled, "{s:?}");
}

/// Lets spawned tasks (background dials, woken waiters) run.
pub(super) async fn settle() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
}
