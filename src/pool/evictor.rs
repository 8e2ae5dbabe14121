//! The background evictor: every interval it closes expired and idle connections, pings the
//! idle ones that are due a ping, and refills the pool to `min_size`. It holds only a weak
//! reference between passes, so it stops when the pool is closed or dropped.

use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

use super::manager::Manager;
use super::pooled::Pooled;
use super::shared::Shared;
use super::stats::bump;

/// Starts the evictor for `shared`, running a pass every `interval`.
pub(crate) fn spawn<M: Manager>(shared: &Arc<Shared<M>>, interval: Duration) -> JoinHandle<()> {
    let weak: Weak<Shared<M>> = Arc::downgrade(shared);
    let stop = Arc::clone(&shared.stop);
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval_at(Instant::now() + interval, interval);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                _ = stop.notified() => return,
                _ = ticker.tick() => {}
            }
            let Some(shared) = weak.upgrade() else { return };
            if shared.closed.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            tokio::select! {
                biased;
                _ = stop.notified() => return,
                _ = shared.evict_once() => {}
            }
        }
    })
}

impl<M: Manager> Shared<M> {
    /// One evictor pass. Safe to drop half-way: connections out for a ping are destroyed.
    pub(crate) async fn evict_once(&self) {
        let eviction = {
            let mut state = self.state.lock();
            let eviction = state.evict(self.clock.now_ns(), &self.limits);
            state.publish(&self.counters);
            eviction
        };
        for (closed, counter) in [
            (eviction.expired, &self.counters.lifetime_closed),
            (eviction.idle_too_long, &self.counters.idle_closed),
        ] {
            for idle in closed {
                bump(counter);
                self.manager.close(idle.conn);
            }
        }

        let mut survivors = Vec::with_capacity(eviction.to_ping.len());
        for idle in eviction.to_ping {
            let mut pooled = Pooled::unchecked(self, idle);
            match tokio::time::timeout(self.io_timeout(), self.manager.ping(&mut pooled)).await {
                Ok(Ok(())) => survivors.push(pooled.into_parts().1),
                _ => {
                    bump(&self.counters.ping_failed);
                    let (_, idle) = pooled.into_parts();
                    self.discard(idle.conn);
                }
            }
        }
        let (wakers, to_close) = {
            let mut state = self.state.lock();
            let out = state.return_pinged(survivors);
            state.publish(&self.counters);
            out
        };
        wakers.into_iter().for_each(|w| w.wake());
        to_close.into_iter().for_each(|idle| self.manager.close(idle.conn));

        while let Some(slot) = self.reserve_refill() {
            if self.dial_idle(slot).await.is_err() {
                break; // counted in dial_failed; the next pass tries again
            }
        }
    }
}
