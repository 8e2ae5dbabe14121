//! The data every handle, checked-out connection and the evictor share, and the small
//! operations on it that return, discard and dial connections. Each takes the lock once,
//! briefly, and does its I/O (close, dial) and wake-ups after releasing it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::clock::Clock;
use super::config::Config;
use super::error::Error;
use super::manager::Manager;
use super::state::{Idle, Limits, Meta, Put, State};
use super::stats::{Counters, bump};

/// The pool proper, behind an `Arc` in [`Pool`](super::Pool).
pub(crate) struct Shared<M: Manager> {
    pub state: Mutex<State<M::Connection>>,
    pub counters: Counters,
    pub manager: M,
    pub config: Config,
    pub limits: Limits,
    pub clock: Clock,
    pub name: String,
    /// Set when the pool closes, so hot paths can check without the lock.
    pub closed: AtomicBool,
    /// Tells the evictor to stop.
    pub stop: Arc<Notify>,
    pub evictor: Mutex<Option<JoinHandle<()>>>,
}

impl<M: Manager> Shared<M> {
    pub fn new(config: Config, manager: M, name: String) -> Self {
        Self {
            state: Mutex::new(State::new(config.max_size)),
            counters: Counters::default(),
            manager,
            limits: Limits::new(&config),
            clock: config.clock,
            config,
            name,
            closed: AtomicBool::new(false),
            stop: Arc::new(Notify::new()),
            evictor: Mutex::new(None),
        }
    }

    /// Takes back a healthy checked-out connection: to the oldest waiter, else onto the stack.
    #[inline]
    pub fn recycle(&self, mut idle: Idle<M::Connection>) {
        idle.meta.last_used = self.clock.now_ns();
        self.put_back(idle);
    }

    #[inline]
    fn put_back(&self, idle: Idle<M::Connection>) {
        let put = {
            let mut state = self.state.lock();
            let put = state.put(idle);
            state.publish(&self.counters);
            put
        };
        match put {
            Put::Pooled => {}
            Put::Handed(waker) => waker.into_iter().for_each(|w| w.wake()),
            Put::Closed(idle) => self.manager.close(idle.conn),
        }
    }

    /// Destroys a checked-out connection and frees its slot (for the oldest waiter, if any).
    pub fn discard(&self, conn: M::Connection) {
        let waker = {
            let mut state = self.state.lock();
            let waker = state.release_active();
            state.publish(&self.counters);
            waker
        };
        self.manager.close(conn);
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// Destroys a checked-out connection but keeps its slot, reserved for a dial by the caller.
    pub fn replace(&self, conn: M::Connection) -> PendingSlot<'_, M> {
        {
            let mut state = self.state.lock();
            state.active_to_pending();
            state.publish(&self.counters);
        }
        self.manager.close(conn);
        PendingSlot { shared: self }
    }

    /// Dials into a reserved slot, bounded by the dial timeout and `deadline`. On success the
    /// connection is checked out to the caller; on any failure (or if the future is dropped)
    /// the slot is released.
    pub async fn dial(
        &self,
        slot: PendingSlot<'_, M>,
        deadline: Option<Instant>,
    ) -> Result<Idle<M::Connection>, Error<M::Error>> {
        let start = Instant::now();
        let dial_deadline = start + self.config.dial_timeout;
        let until = deadline.map_or(dial_deadline, |d| d.min(dial_deadline));
        match tokio::time::timeout_at(until, self.manager.connect()).await {
            Ok(Ok(conn)) => {
                bump(&self.counters.created);
                let idle = Idle { conn, meta: Meta::fresh(self.clock.now_ns(), &self.config) };
                slot.fill(idle)
            }
            Ok(Err(err)) => {
                bump(&self.counters.dial_failed);
                Err(Error::Dial(err))
            }
            Err(_) => {
                bump(&self.counters.dial_failed);
                if until < dial_deadline {
                    Err(Error::Timeout { waited: until.saturating_duration_since(start) })
                } else {
                    Err(Error::DialTimeout(self.config.dial_timeout))
                }
            }
        }
    }

    /// Dials into a reserved slot and puts the new connection in the pool (for growth and
    /// refills, off the caller's path).
    pub async fn dial_idle(&self, slot: PendingSlot<'_, M>) -> Result<(), Error<M::Error>> {
        let idle = self.dial(slot, None).await?;
        self.put_back(idle);
        Ok(())
    }

    /// Reserves one slot if the pool holds fewer than `min_size` connections.
    pub fn reserve_refill(&self) -> Option<PendingSlot<'_, M>> {
        let mut state = self.state.lock();
        if state.shortfall(self.config.min_size) == 0 || state.reserve(1, self.config.max_size) == 0 {
            return None;
        }
        state.publish(&self.counters);
        Some(PendingSlot { shared: self })
    }

    /// Dials `n` extra connections in the background, each into its own reserved slot.
    pub fn grow_in_background(self: &Arc<Self>, n: usize) {
        for _ in 0..n {
            let shared = Arc::clone(self);
            tokio::spawn(async move {
                let slot = PendingSlot { shared: &shared };
                let _ = shared.dial_idle(slot).await; // counted in dial_failed; a waiter dials again
            });
        }
    }

    /// Marks the pool closed and fails every waiter; returns the idle connections to close.
    pub fn close_now(&self) {
        self.closed.store(true, Relaxed);
        let (idle, wakers) = {
            let mut state = self.state.lock();
            let out = state.close();
            state.publish(&self.counters);
            out
        };
        wakers.into_iter().for_each(|w| w.wake());
        for idle in idle {
            self.manager.close(idle.conn);
        }
        self.stop.notify_one();
    }

    /// The dial timeout, which also bounds pings.
    pub fn io_timeout(&self) -> Duration {
        self.config.dial_timeout
    }
}

impl<M: Manager> Drop for Shared<M> {
    fn drop(&mut self) {
        let (idle, _) = self.state.get_mut().close();
        for idle in idle {
            self.manager.close(idle.conn);
        }
        self.stop.notify_one();
    }
}

/// A slot reserved for a dial (counted in `pending`). Dropping it unused releases it, to the
/// oldest waiter if there is one, so an abandoned dial never leaks capacity.
#[must_use = "a reserved slot is released when dropped"]
pub(crate) struct PendingSlot<'a, M: Manager> {
    shared: &'a Shared<M>,
}

impl<'a, M: Manager> PendingSlot<'a, M> {
    /// A slot the caller already holds in `pending` (handed over by the pool).
    pub fn adopt(shared: &'a Shared<M>) -> Self {
        Self { shared }
    }

    /// The dial succeeded: the slot now holds a checked-out connection. Fails (closing the
    /// connection) if the pool closed meanwhile.
    fn fill(self, idle: Idle<M::Connection>) -> Result<Idle<M::Connection>, Error<M::Error>> {
        let shared = self.shared;
        std::mem::forget(self);
        let open = {
            let mut state = shared.state.lock();
            let open = state.fill_pending();
            state.publish(&shared.counters);
            open
        };
        if open {
            Ok(idle)
        } else {
            shared.manager.close(idle.conn);
            Err(Error::Closed)
        }
    }
}

impl<M: Manager> Drop for PendingSlot<'_, M> {
    fn drop(&mut self) {
        let waker = {
            let mut state = self.shared.state.lock();
            let waker = state.release_pending();
            state.publish(&self.shared.counters);
            waker
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}
