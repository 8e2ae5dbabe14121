//! The state behind the pool's one lock: the LIFO stack of idle connections, the slot
//! accounting that caps the pool, and the FIFO queue of waiting `get` calls.
//!
//! Everything here is synchronous and quick; dialling, pinging and closing happen outside the
//! lock, in the callers. The accounting invariant is
//! `slots == idle.len() + active + pending`, where `active` counts connections checked out
//! and `pending` counts slots reserved for a dial (or handed to a waiter that will dial).
//! A `get` hands a returned connection or a freed slot straight to the oldest waiter, so
//! waiters are served in arrival order and nobody barges past them; a connection or slot handed
//! to a waiter that is then dropped moves on to the next waiter.

use std::collections::VecDeque;
use std::task::{Poll, Waker};

use super::clock::nanos;
use super::config::Config;
use super::stats::Counters;
use slab::Slab;

/// A connection with its timestamps, as it sits in the pool or travels to a user.
#[derive(Debug)]
pub(crate) struct Idle<C> {
    pub conn: C,
    pub meta: Meta,
}

/// When a connection expires and when it was last returned, on the pool clock (ns).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meta {
    /// `u64::MAX`: never.
    pub expires: u64,
    pub last_used: u64,
}

/// The time limits of a [`Config`] in pool-clock nanoseconds (`u64::MAX`: none), computed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    idle_timeout: u64,
    ping_idle_after: u64,
}

impl Limits {
    pub fn new(config: &Config) -> Self {
        Self { idle_timeout: nanos(config.idle_timeout), ping_idle_after: nanos(config.ping_idle_after) }
    }
}

/// The result of the cheap, time-based part of the checkout health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Use it.
    Healthy,
    /// Passed the time checks but is due a ping.
    NeedsPing,
    /// Past its lifetime.
    Expired,
    /// Idle longer than the idle timeout.
    IdleTooLong,
}

impl Meta {
    /// A connection dialled at `now`.
    pub fn fresh(now: u64, config: &Config) -> Self {
        Self { expires: config.expiry(now), last_used: now }
    }

    /// Lifetime first, then idle time, then whether a ping is due: cheapest first.
    #[inline]
    pub fn verdict(&self, now: u64, limits: &Limits) -> Verdict {
        if now >= self.expires {
            return Verdict::Expired;
        }
        let idle = now.saturating_sub(self.last_used);
        if idle >= limits.idle_timeout {
            return Verdict::IdleTooLong;
        }
        if idle >= limits.ping_idle_after {
            return Verdict::NeedsPing;
        }
        Verdict::Healthy
    }
}

/// What a waiting `get` is handed.
#[derive(Debug)]
pub(crate) enum Handoff<C> {
    /// A returned connection.
    Conn(Idle<C>),
    /// A reserved slot (counted in `pending`): the waiter dials.
    Slot,
    /// The pool closed.
    Closed,
}

#[derive(Debug)]
enum Waiter<C> {
    Waiting(Option<Waker>),
    Served(Handoff<C>),
}

/// What [`State::put`] did with a connection.
#[derive(Debug)]
pub(crate) enum Put<C> {
    /// Pushed on the idle stack.
    Pooled,
    /// Handed to a waiter, to be woken once the lock is released.
    Handed(Option<Waker>),
    /// The pool is closed: the slot is released, close the connection.
    Closed(Idle<C>),
}

/// Everything guarded by the pool lock.
#[derive(Debug)]
pub(crate) struct State<C> {
    /// Idle connections, most recently returned on top.
    idle: Vec<Idle<C>>,
    slots: usize,
    pending: usize,
    closed: bool,
    queue: VecDeque<usize>,
    waiters: Slab<Waiter<C>>,
}

impl<C> State<C> {
    pub fn new(max_size: usize) -> Self {
        Self {
            idle: Vec::with_capacity(max_size),
            slots: 0,
            pending: 0,
            closed: false,
            queue: VecDeque::new(),
            waiters: Slab::new(),
        }
    }

    /// Publishes the gauges; every method that changes them is followed by a call to this.
    pub fn publish(&self, counters: &Counters) {
        counters.publish_locked(self.slots - self.pending, self.idle.len(), self.pending, self.queue.len());
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Pops the most recently returned idle connection, unless callers are waiting (they come
    /// first; the stack is empty then anyway, since returns go straight to waiters).
    #[inline]
    pub fn pop_idle(&mut self) -> Option<Idle<C>> {
        if self.queue.is_empty() { self.idle.pop() } else { None }
    }

    /// Reserves up to `want` slots for dials, within `max_size`; returns how many.
    pub fn reserve(&mut self, want: usize, max_size: usize) -> usize {
        if self.closed || !self.queue.is_empty() {
            return 0;
        }
        let n = want.min(max_size.saturating_sub(self.slots));
        self.slots += n;
        self.pending += n;
        n
    }

    /// How many slots to reserve so that the pool holds at least `min_size`.
    pub fn shortfall(&self, min_size: usize) -> usize {
        if self.closed { 0 } else { min_size.saturating_sub(self.slots) }
    }

    /// Queues a waiting `get` at the back; returns its key.
    pub fn enqueue(&mut self) -> usize {
        let key = self.waiters.insert(Waiter::Waiting(None));
        self.queue.push_back(key);
        key
    }

    /// Returns a checked-out connection: to the oldest waiter, else onto the stack.
    #[inline]
    pub fn put(&mut self, idle: Idle<C>) -> Put<C> {
        if self.closed {
            self.slots -= 1;
            return Put::Closed(idle);
        }
        if self.queue.is_empty() {
            self.idle.push(idle);
            return Put::Pooled;
        }
        Put::Handed(self.serve(Handoff::Conn(idle)))
    }

    /// Releases the slot of a checked-out connection that was destroyed: the oldest waiter gets
    /// it (and dials), else the pool shrinks.
    pub fn release_active(&mut self) -> Option<Waker> {
        if self.closed || self.queue.is_empty() {
            self.slots -= 1;
            return None;
        }
        self.pending += 1;
        self.serve(Handoff::Slot)
    }

    /// Keeps the slot of a destroyed checked-out connection for a replacement dial.
    pub fn active_to_pending(&mut self) {
        self.pending += 1;
    }

    /// Releases a pending slot whose dial failed or was abandoned.
    pub fn release_pending(&mut self) -> Option<Waker> {
        self.pending -= 1;
        self.release_active()
    }

    /// A pending slot's dial succeeded: the connection is now checked out. `false` when the
    /// pool closed meanwhile (the slot is then released; close the connection).
    pub fn fill_pending(&mut self) -> bool {
        self.pending -= 1;
        if self.closed {
            self.slots -= 1;
        }
        !self.closed
    }

    /// Hands `handoff` to the oldest waiter and returns its waker. The queue must be non-empty.
    fn serve(&mut self, handoff: Handoff<C>) -> Option<Waker> {
        let key = self.queue.pop_front()?;
        let waiter = self.waiters.get_mut(key)?;
        match std::mem::replace(waiter, Waiter::Served(handoff)) {
            Waiter::Waiting(waker) => waker,
            Waiter::Served(_) => None, // unreachable: served waiters leave the queue
        }
    }

    /// Polls a waiter: its handoff if it was served (the waiter is then gone), else stores the
    /// waker and reports pending.
    pub fn poll_waiter(&mut self, key: usize, waker: &Waker) -> Poll<Handoff<C>> {
        match self.waiters.get_mut(key) {
            Some(Waiter::Waiting(slot)) => {
                if !slot.as_ref().is_some_and(|w| w.will_wake(waker)) {
                    *slot = Some(waker.clone());
                }
                Poll::Pending
            }
            Some(Waiter::Served(_)) => match self.waiters.try_remove(key) {
                Some(Waiter::Served(handoff)) => Poll::Ready(handoff),
                _ => Poll::Ready(Handoff::Closed),
            },
            None => Poll::Ready(Handoff::Closed),
        }
    }

    /// Removes a waiter that gave up; returns what it had been handed, if anything, so that
    /// the caller passes it on.
    pub fn cancel_waiter(&mut self, key: usize) -> Option<Handoff<C>> {
        match self.waiters.try_remove(key)? {
            Waiter::Served(handoff) => Some(handoff),
            Waiter::Waiting(_) => {
                self.queue.retain(|&k| k != key);
                None
            }
        }
    }

    /// Passes on what a cancelled waiter had been handed (see [`State::cancel_waiter`]).
    /// Returns a waker to wake and a connection to close, if any.
    pub fn reroute(&mut self, handoff: Handoff<C>) -> (Option<Waker>, Option<Idle<C>>) {
        match handoff {
            Handoff::Conn(idle) => match self.put(idle) {
                Put::Pooled => (None, None),
                Put::Handed(waker) => (waker, None),
                Put::Closed(idle) => (None, Some(idle)),
            },
            Handoff::Slot => (self.release_pending(), None),
            Handoff::Closed => (None, None),
        }
    }

    /// Closes the pool: returns the idle connections to close and the waiters to wake (each
    /// is handed [`Handoff::Closed`]). Connections still checked out close when returned.
    pub fn close(&mut self) -> (Vec<Idle<C>>, Vec<Waker>) {
        if self.closed {
            return (Vec::new(), Vec::new());
        }
        self.closed = true;
        let idle = std::mem::take(&mut self.idle);
        self.slots -= idle.len();
        let mut wakers = Vec::with_capacity(self.queue.len());
        while !self.queue.is_empty() {
            wakers.extend(self.serve(Handoff::Closed));
        }
        (idle, wakers)
    }

    /// For the evictor: takes out the idle connections that are past their lifetime or idle
    /// timeout (their slots are released; close them), and checks out the ones due a ping
    /// (they count as active until [`State::return_pinged`]).
    pub fn evict(&mut self, now: u64, limits: &Limits) -> Eviction<C> {
        let mut out = Eviction { expired: Vec::new(), idle_too_long: Vec::new(), to_ping: Vec::new() };
        if self.closed {
            return out;
        }
        let mut kept = Vec::with_capacity(self.idle.capacity());
        for idle in self.idle.drain(..) {
            match idle.meta.verdict(now, limits) {
                Verdict::Expired => out.expired.push(idle),
                Verdict::IdleTooLong => out.idle_too_long.push(idle),
                Verdict::NeedsPing => out.to_ping.push(idle),
                Verdict::Healthy => kept.push(idle),
            }
        }
        self.idle = kept;
        self.slots -= out.expired.len() + out.idle_too_long.len();
        out
    }

    /// Returns connections that passed the evictor's ping: to waiters first, the rest back at
    /// the bottom of the stack in their original order (they are the least recently used, and
    /// their idle clocks keep running so that an idle timeout can still shrink the pool).
    pub fn return_pinged(&mut self, mut survivors: Vec<Idle<C>>) -> (Vec<Waker>, Vec<Idle<C>>) {
        if self.closed {
            self.slots -= survivors.len();
            return (Vec::new(), survivors);
        }
        let mut wakers = Vec::new();
        while !self.queue.is_empty() && !survivors.is_empty() {
            let idle = survivors.remove(0);
            wakers.extend(self.serve(Handoff::Conn(idle)));
        }
        self.idle.splice(0..0, survivors);
        (wakers, Vec::new())
    }

    #[cfg(test)]
    pub fn check_invariants(&self) {
        assert!(self.pending <= self.slots, "pending {} > slots {}", self.pending, self.slots);
        assert!(self.idle.len() <= self.slots - self.pending, "idle exceeds size");
        assert!(self.queue.is_empty() || self.idle.is_empty(), "waiters wait while connections idle");
    }
}

/// What the evictor takes out of the pool in one pass.
#[derive(Debug)]
pub(crate) struct Eviction<C> {
    pub expired: Vec<Idle<C>>,
    pub idle_too_long: Vec<Idle<C>>,
    pub to_ping: Vec<Idle<C>>,
}
