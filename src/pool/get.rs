//! The slow path of `get`: health checks that need a ping or a discard, dialling, and waiting
//! in the FIFO queue. The fast path (a healthy idle connection) lives in [`Pool`](super::Pool).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::time::Instant;

use super::error::Error;
use super::handle::Deadline;
use super::manager::Manager;
use super::pooled::Pooled;
use super::shared::{PendingSlot, Shared};
use super::state::{Handoff, Idle, State, Verdict};
use super::stats::bump;

/// Unhealthy idle connections one `get` discards before it dials a new one instead.
pub(crate) const MAX_DISCARDS: usize = 3;

/// What a `get` does next.
pub(crate) enum Step<'a, M: Manager> {
    /// Health-check this idle connection (the verdict of its time checks is attached).
    Check(Idle<M::Connection>, Verdict),
    /// Dial into a reserved slot; `extra` more slots are reserved for background growth.
    Dial(PendingSlot<'a, M>, usize),
    /// Wait in the queue under this key.
    Wait(usize),
    /// Fail: the pool is closed.
    Closed,
}

impl<M: Manager> Shared<M> {
    /// Decides the next step under the lock: pop an idle connection, else reserve slots to
    /// grow, else queue up. `now` is for the time checks of a popped connection.
    pub(crate) fn next_step(&self, state: &mut State<M::Connection>, now: u64) -> Step<'_, M> {
        if state.is_closed() {
            return Step::Closed;
        }
        if let Some(idle) = state.pop_idle() {
            let verdict = idle.meta.verdict(now, &self.limits);
            return Step::Check(idle, verdict);
        }
        let reserved = state.reserve(self.config.increment, self.config.max_size);
        if reserved > 0 {
            return Step::Dial(PendingSlot::adopt(self), reserved - 1);
        }
        bump(&self.counters.wait_count);
        Step::Wait(state.enqueue())
    }

    fn locked_step(&self) -> Step<'_, M> {
        let mut state = self.state.lock();
        let step = self.next_step(&mut state, self.clock.now_ns());
        state.publish(&self.counters);
        step
    }

    /// Runs `get` from `first` to the end, counting the outcome (a dropped future counts as
    /// cancelled).
    pub(crate) async fn get_slow<'a>(
        self: &'a Arc<Self>,
        first: Step<'a, M>,
        deadline: Deadline,
    ) -> Result<Pooled<'a, M>, Error<M::Error>> {
        let mut outcome = Outcome { shared: self, done: false };
        let result = self.run(first, deadline).await;
        outcome.done = true;
        match &result {
            Ok(_) => bump(&self.counters.successes),
            Err(err) => {
                bump(&self.counters.failures);
                if matches!(err, Error::Timeout { .. }) {
                    bump(&self.counters.timeouts);
                }
            }
        }
        result
    }

    async fn run<'a>(
        self: &'a Arc<Self>,
        first: Step<'a, M>,
        mut deadline: Deadline,
    ) -> Result<Pooled<'a, M>, Error<M::Error>> {
        let mut discarded = 0;
        let mut step = first;
        loop {
            step = match step {
                Step::Closed => return Err(Error::Closed),
                Step::Check(idle, verdict) => {
                    let idle = match verdict {
                        Verdict::Healthy => return Ok(Pooled::new(self, idle)),
                        Verdict::NeedsPing => match self.ping(idle, &mut deadline).await {
                            Ok(pooled) => return Ok(pooled),
                            Err(idle) => idle,
                        },
                        Verdict::Expired => {
                            bump(&self.counters.lifetime_closed);
                            idle
                        }
                        Verdict::IdleTooLong => {
                            bump(&self.counters.idle_closed);
                            idle
                        }
                    };
                    discarded += 1;
                    if discarded >= MAX_DISCARDS {
                        Step::Dial(self.replace(idle.conn), 0)
                    } else {
                        self.discard(idle.conn);
                        self.locked_step()
                    }
                }
                Step::Dial(slot, extra) => {
                    self.grow_in_background(extra);
                    let idle = self.dial(slot, Some(deadline.at())).await?;
                    return Ok(Pooled::new(self, idle));
                }
                Step::Wait(key) => {
                    let wait = Wait { shared: self, key, since: Instant::now(), done: false };
                    match tokio::time::timeout_at(deadline.at(), wait).await {
                        Ok(Handoff::Conn(idle)) => {
                            let verdict = idle.meta.verdict(self.clock.now_ns(), &self.limits);
                            Step::Check(idle, verdict)
                        }
                        Ok(Handoff::Slot) => Step::Dial(PendingSlot::adopt(self), 0),
                        Ok(Handoff::Closed) => Step::Closed,
                        Err(_) => return Err(Error::Timeout { waited: deadline.waited() }),
                    }
                }
            };
        }
    }

    /// Pings an idle connection, bounded by the dial timeout and the deadline. A dropped
    /// future destroys the connection (its state mid-ping is unknown).
    async fn ping<'a>(
        &'a self,
        idle: Idle<M::Connection>,
        deadline: &mut Deadline,
    ) -> Result<Pooled<'a, M>, Idle<M::Connection>> {
        let mut pooled = Pooled::unchecked(self, idle);
        let until = || deadline.at().min(Instant::now() + self.io_timeout());
        match bounded(self.manager.ping(&mut pooled), until).await {
            Some(Ok(())) => {
                pooled.set_usable();
                Ok(pooled)
            }
            _ => {
                bump(&self.counters.ping_failed);
                Err(pooled.into_parts().1)
            }
        }
    }
}

/// Runs `fut` bounded by the deadline `until()`, without arming a timer when it completes on
/// its first poll (a probe ping does: a timer would cost more than the probe).
pub(crate) async fn bounded<F: Future>(fut: F, until: impl FnOnce() -> Instant) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
        return Some(out);
    }
    tokio::time::timeout_at(until(), fut).await.ok()
}

/// Counts a `get` future dropped before it finished.
struct Outcome<'a, M: Manager> {
    shared: &'a Shared<M>,
    done: bool,
}

impl<M: Manager> Drop for Outcome<'_, M> {
    fn drop(&mut self) {
        if !self.done {
            bump(&self.shared.counters.cancelled);
        }
    }
}

/// A `get` waiting in the queue. Dropping it (timeout, cancellation) removes it from the queue,
/// and whatever it had already been handed goes on to the next waiter or back to the pool.
struct Wait<'a, M: Manager> {
    shared: &'a Shared<M>,
    key: usize,
    since: Instant,
    done: bool,
}

impl<M: Manager> Future for Wait<'_, M> {
    type Output = Handoff<M::Connection>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let poll = self.shared.state.lock().poll_waiter(self.key, cx.waker());
        self.done = poll.is_ready();
        poll
    }
}

impl<M: Manager> Drop for Wait<'_, M> {
    fn drop(&mut self) {
        self.shared.counters.waited(self.since.elapsed());
        if self.done {
            return;
        }
        let (waker, to_close) = {
            let mut state = self.shared.state.lock();
            let rerouted = match state.cancel_waiter(self.key) {
                Some(handoff) => state.reroute(handoff),
                None => (None, None),
            };
            state.publish(&self.shared.counters);
            rerouted
        };
        if let Some(idle) = to_close {
            self.shared.manager.close(idle.conn);
        }
        if let Some(w) = waker {
            w.wake();
        }
    }
}
