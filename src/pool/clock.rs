//! The clock behind idle times and lifetimes. Reading the precise monotonic clock costs ~20 ns
//! (two reads were half the cost of a get/put), so by default the pool reads the kernel's
//! coarse monotonic clock (~5 ns, a few milliseconds of resolution, plenty for idle timeouts
//! and lifetimes). Tests that pause tokio's clock use [`Clock::Tokio`].

use std::sync::OnceLock;
use std::time::Duration;

/// Which clock a pool stamps connections with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// `CLOCK_MONOTONIC_COARSE` on Linux (resolution of a timer tick, typically 1–4 ms);
    /// the precise monotonic clock elsewhere.
    #[default]
    Coarse,
    /// tokio's clock: precise, and it follows `tokio::time::pause` in tests.
    Tokio,
}

impl Clock {
    /// Nanoseconds since an arbitrary fixed point, never going backwards.
    #[inline]
    pub(crate) fn now_ns(self) -> u64 {
        match self {
            Clock::Coarse => coarse_ns(),
            Clock::Tokio => since_epoch(tokio::time::Instant::now().into_std()),
        }
    }
}

#[cfg(target_os = "linux")]
#[inline]
fn coarse_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid timespec to write to; CLOCK_MONOTONIC_COARSE always exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC_COARSE, &mut ts) };
    (ts.tv_sec as u64).wrapping_mul(1_000_000_000).wrapping_add(ts.tv_nsec as u64)
}

#[cfg(not(target_os = "linux"))]
#[inline]
fn coarse_ns() -> u64 {
    since_epoch(std::time::Instant::now())
}

/// Nanoseconds since a process-wide epoch an hour before the first call (so that instants of a
/// paused test clock, which start at their runtime's creation, are never before it).
fn since_epoch(now: std::time::Instant) -> u64 {
    static EPOCH: OnceLock<std::time::Instant> = OnceLock::new();
    let epoch = *EPOCH.get_or_init(|| {
        let now = std::time::Instant::now();
        now.checked_sub(Duration::from_secs(3600)).unwrap_or(now)
    });
    u64::try_from(now.saturating_duration_since(epoch).as_nanos()).unwrap_or(u64::MAX)
}

/// A duration in nanoseconds, saturating; `None` (never) is `u64::MAX`.
pub(crate) fn nanos(d: Option<Duration>) -> u64 {
    d.map_or(u64::MAX, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_clocks_move_forward() {
        for clock in [Clock::Coarse, Clock::Tokio] {
            let a = clock.now_ns();
            std::thread::sleep(Duration::from_millis(30));
            let b = clock.now_ns();
            assert!(b > a && b - a >= 20_000_000, "{clock:?}: {a} → {b}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_tokio_clock_follows_a_paused_runtime() {
        let a = Clock::Tokio.now_ns();
        tokio::time::advance(Duration::from_secs(5)).await;
        assert_eq!(Clock::Tokio.now_ns() - a, 5_000_000_000);
    }

    #[test]
    fn nanos_saturate() {
        assert_eq!(nanos(None), u64::MAX);
        assert_eq!(nanos(Some(Duration::MAX)), u64::MAX);
        assert_eq!(nanos(Some(Duration::from_millis(2))), 2_000_000);
    }
}
