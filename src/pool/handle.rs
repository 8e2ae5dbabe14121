//! [`Pool`]: the public handle. Building, `get` and its fast path, stats, closing.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use tokio::time::Instant;

use super::config::Config;
use super::error::Error;
use super::evictor;
use super::get::Step;
use super::manager::Manager;
use super::pooled::Pooled;
use super::shared::Shared;
use super::state::Verdict;
use super::stats::Stats;

/// Numbers default pool names (`veysi-pool-1`, `veysi-pool-2`, ...).
static POOLS: AtomicU64 = AtomicU64::new(1);

/// An async connection pool. Cloning is cheap (a reference count); all clones share one pool.
///
/// Needs a tokio runtime (timers, the evictor task). A `get` takes the most recently returned
/// idle connection that passes the health check (lifetime, then idle time, then a ping if one
/// is due), else dials a new one if the pool may grow, else waits in a FIFO queue until a
/// connection comes back or the deadline passes.
pub struct Pool<M: Manager> {
    shared: Arc<Shared<M>>,
}

impl<M: Manager> Clone for Pool<M> {
    fn clone(&self) -> Self {
        Self { shared: Arc::clone(&self.shared) }
    }
}

impl<M: Manager> fmt::Debug for Pool<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool").field("name", &self.shared.name).field("stats", &self.stats()).finish()
    }
}

impl<M: Manager> Pool<M> {
    /// Validates `config`, dials `min_size` connections, and starts the evictor. If a dial
    /// fails, the connections already dialled are closed and the error is returned.
    pub async fn new(config: Config, manager: M) -> Result<Self, Error<M::Error>> {
        config.validate()?;
        let name =
            config.name.clone().unwrap_or_else(|| format!("veysi-pool-{}", POOLS.fetch_add(1, Relaxed)));
        let evict_interval = config.evict_interval;
        let shared = Arc::new(Shared::new(config, manager, name));
        while let Some(slot) = shared.reserve_refill() {
            shared.dial_idle(slot).await?; // on error, dropping `shared` closes what was dialled
        }
        if let Some(interval) = evict_interval {
            let handle = evictor::spawn(&shared, interval);
            *shared.evictor.lock() = Some(handle);
        }
        Ok(Self { shared })
    }

    /// Gets a connection, waiting up to the configured `get_timeout`.
    #[inline]
    pub async fn get(&self) -> Result<Pooled<'_, M>, Error<M::Error>> {
        self.acquire(None).await
    }

    /// Gets a connection, waiting up to `timeout`.
    pub async fn get_timeout(&self, timeout: Duration) -> Result<Pooled<'_, M>, Error<M::Error>> {
        self.acquire(Some(deadline_after(Instant::now(), timeout))).await
    }

    /// Gets a connection, waiting until `deadline` at the latest (a deadline carried by the
    /// caller, e.g. a request's).
    pub async fn get_until(&self, deadline: Instant) -> Result<Pooled<'_, M>, Error<M::Error>> {
        self.acquire(Some(deadline)).await
    }

    #[inline]
    async fn acquire(&self, deadline: Option<Instant>) -> Result<Pooled<'_, M>, Error<M::Error>> {
        let shared = &self.shared;
        let now = shared.clock.now_ns();
        let first = {
            let mut state = shared.state.lock();
            let step = shared.next_step(&mut state, now);
            if let Step::Check(idle, Verdict::Healthy) = step {
                // The fast path: counted and published under the lock, no atomic adds.
                shared.counters.success_locked();
                state.publish(&shared.counters);
                drop(state);
                return Ok(Pooled::new(shared, idle));
            }
            state.publish(&shared.counters);
            step
        };
        let deadline = Deadline { at: deadline, timeout: shared.config.get_timeout, since: None };
        shared.get_slow(first, deadline).await
    }

    /// The pool's counters. Never blocks users of the pool; `size == active + idle` always
    /// holds in a snapshot.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// The pool's name (from the config, or `veysi-pool-N`).
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// The configuration the pool was built with.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// The manager that dials and checks this pool's connections.
    pub fn manager(&self) -> &M {
        &self.shared.manager
    }

    /// Whether [`Pool::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Relaxed)
    }

    /// Closes the pool: closes idle connections, fails waiting and future `get` calls with
    /// [`Error::Closed`], and stops the evictor (waiting for it to finish). Connections still
    /// checked out are closed when they are returned. Counters are kept. Calling it again does
    /// nothing.
    pub async fn close(&self) {
        self.shared.close_now();
        let evictor = self.shared.evictor.lock().take();
        if let Some(handle) = evictor {
            let _ = handle.await;
        }
    }

    #[cfg(test)]
    pub(crate) fn check_invariants(&self) {
        self.shared.state.lock().check_invariants();
    }
}

/// A `get`'s deadline, read from the clock only when the slow path first needs it (a ping that
/// answers on its first poll never does).
pub(crate) struct Deadline {
    at: Option<Instant>,
    timeout: Duration,
    since: Option<Instant>,
}

impl Deadline {
    /// The deadline: the caller's, or `get_timeout` from the first call of this.
    pub fn at(&mut self) -> Instant {
        if self.since.is_none() {
            let now = Instant::now();
            self.since = Some(now);
            self.at.get_or_insert_with(|| deadline_after(now, self.timeout));
        }
        self.at.unwrap_or_else(Instant::now)
    }

    /// Time since the deadline was first needed.
    pub fn waited(&self) -> Duration {
        self.since.map_or(Duration::ZERO, |since| since.elapsed())
    }
}

/// `now + timeout`, saturating far in the future instead of overflowing.
fn deadline_after(now: Instant, timeout: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    now.checked_add(timeout).or_else(|| now.checked_add(CENTURY)).unwrap_or(now)
}
