//! A cheap per-connection timeout: one long-lived timer re-armed lazily, instead of a timer
//! registered and cancelled around every request or read.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use tokio::time::{Instant, Sleep};

/// A per-connection timer that is re-armed lazily: it fires at or before the deadline of the
/// request in flight, and only when it fires is the real deadline checked and the timer moved.
/// Deadlines only grow, so a timer set for an earlier request just fires early once.
pub struct Deadline {
    timer: Pin<Box<Sleep>>,
}

impl Deadline {
    /// A timer first armed for `at`.
    pub fn new(at: Instant) -> Self {
        Self { timer: Box::pin(tokio::time::sleep_until(at)) }
    }

    /// Ready once `deadline` has passed.
    pub fn poll_expired(&mut self, cx: &mut Context<'_>, deadline: Instant) -> Poll<()> {
        loop {
            if self.timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            if Instant::now() >= deadline {
                return Poll::Ready(());
            }
            self.timer.as_mut().reset(deadline);
        }
    }

    /// Runs `fut` until it completes (`Some`) or `deadline` passes (`None`).
    pub async fn within<F: Future>(&mut self, deadline: Instant, fut: F) -> Option<F::Output> {
        let mut fut = pin!(fut);
        poll_fn(|cx| {
            if let Poll::Ready(out) = fut.as_mut().poll(cx) {
                return Poll::Ready(Some(out));
            }
            self.poll_expired(cx, deadline).map(|()| None)
        })
        .await
    }
}
