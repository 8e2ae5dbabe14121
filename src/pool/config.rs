//! Pool configuration: sizes, timeouts, lifetimes, and the checks that make a configuration
//! valid before any connection is dialled.

use std::time::Duration;

use super::clock::{Clock, nanos};

/// How a [`Pool`](super::Pool) behaves. Every field has a default ([`Config::default`]); set
/// the ones you care about with struct update syntax:
///
/// ```
/// use std::time::Duration;
/// use veysi::pool::Config;
///
/// let config = Config { min_size: 5, max_size: 20, increment: 2, ..Config::default() };
/// assert!(config.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The pool's name in stats and errors; `None` gives `veysi-pool-N` (N counts pools in
    /// the process).
    pub name: Option<String>,
    /// Connections dialled when the pool is built and kept by the evictor (0 = none).
    pub min_size: usize,
    /// Hard cap on open connections (idle + checked out + being dialled). Must be ≥ 1.
    pub max_size: usize,
    /// Connections dialled at once when a `get` finds no idle connection and the pool may
    /// grow: one for the caller, the rest in the background. At least 1.
    pub increment: usize,
    /// Close a connection that has sat idle this long (on checkout and by the evictor).
    /// `None`: never.
    pub idle_timeout: Option<Duration>,
    /// Close a connection this long after it was dialled, plus a random jitter of up to
    /// `lifetime_jitter` of it, drawn per connection so that connections dialled together do
    /// not all expire together. `None`: never. Zero or tiny values are allowed (every
    /// connection is then used once).
    pub max_lifetime: Option<Duration>,
    /// The largest lifetime jitter as a fraction of `max_lifetime` (0.1 = up to +10 %).
    /// Between 0 and 1.
    pub lifetime_jitter: f64,
    /// Ping an idle connection on checkout (and in the evictor) when it has been idle at least
    /// this long: `Some(Duration::ZERO)` pings every checkout, `None` never pings. The ping is
    /// the manager's [`Manager::ping`](super::Manager::ping), run after the cheaper lifetime
    /// and idle checks.
    pub ping_idle_after: Option<Duration>,
    /// How often the background evictor closes expired and idle connections, pings idle
    /// ones, and refills to `min_size`. `None`: no evictor.
    pub evict_interval: Option<Duration>,
    /// Bound on each dial and each ping.
    pub dial_timeout: Duration,
    /// How long [`Pool::get`](super::Pool::get) waits for a connection before it fails with a
    /// timeout (callers with their own deadline use `get_until`).
    pub get_timeout: Duration,
    /// The clock for idle times and lifetimes: coarse and cheap by default; [`Clock::Tokio`]
    /// for tests that pause tokio's clock.
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            name: None,
            min_size: 0,
            max_size: 10,
            increment: 1,
            idle_timeout: None,
            max_lifetime: None,
            lifetime_jitter: 0.1,
            ping_idle_after: Some(Duration::ZERO),
            evict_interval: Some(Duration::from_secs(30)),
            dial_timeout: Duration::from_secs(5),
            get_timeout: Duration::from_secs(30),
            clock: Clock::Coarse,
        }
    }
}

/// Why a [`Config`] was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// `max_size` is 0.
    #[error("max_size must be at least 1")]
    ZeroMaxSize,
    /// `max_size` is above [`MAX_POOL_SIZE`](super::stats::MAX_POOL_SIZE).
    #[error("max_size must be at most {max}, got {0}", max = super::stats::MAX_POOL_SIZE)]
    MaxSizeTooLarge(usize),
    /// `min_size` exceeds `max_size`.
    #[error("min_size ({min}) must not exceed max_size ({max})")]
    MinAboveMax {
        /// The configured min_size.
        min: usize,
        /// The configured max_size.
        max: usize,
    },
    /// `increment` is 0.
    #[error("increment must be at least 1")]
    ZeroIncrement,
    /// `lifetime_jitter` is outside 0..=1 (or not a number).
    #[error("lifetime_jitter must be between 0 and 1, got {0}")]
    Jitter(f64),
    /// A timeout or interval that must be positive is zero.
    #[error("{0} must be greater than zero")]
    ZeroDuration(&'static str),
}

impl Config {
    /// Checks the configuration; [`Pool::new`](super::Pool::new) calls this first.
    /// An `increment` larger than the room left is fine: growth stops at `max_size`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.max_size == 0 {
            return Err(ConfigError::ZeroMaxSize);
        }
        if self.max_size > super::stats::MAX_POOL_SIZE {
            return Err(ConfigError::MaxSizeTooLarge(self.max_size));
        }
        if self.min_size > self.max_size {
            return Err(ConfigError::MinAboveMax { min: self.min_size, max: self.max_size });
        }
        if self.increment == 0 {
            return Err(ConfigError::ZeroIncrement);
        }
        if !(0.0..=1.0).contains(&self.lifetime_jitter) {
            return Err(ConfigError::Jitter(self.lifetime_jitter));
        }
        for (name, value) in [
            ("dial_timeout", Some(self.dial_timeout)),
            ("get_timeout", Some(self.get_timeout)),
            ("evict_interval", self.evict_interval),
        ] {
            if value == Some(Duration::ZERO) {
                return Err(ConfigError::ZeroDuration(name));
            }
        }
        Ok(())
    }

    /// When (on the pool clock, in ns) a connection dialled at `now` expires: `max_lifetime`
    /// plus a uniform jitter in `[0, lifetime_jitter × max_lifetime]`; `u64::MAX` is never.
    /// Never panics, whatever the lifetime (a zero lifetime expires at once).
    pub(crate) fn expiry(&self, now: u64) -> u64 {
        let Some(lifetime) = self.max_lifetime else { return u64::MAX };
        let fraction = self.lifetime_jitter * fastrand::f64();
        let jitter = Duration::try_from_secs_f64(lifetime.as_secs_f64() * fraction).unwrap_or(Duration::MAX);
        now.saturating_add(nanos(Some(lifetime.saturating_add(jitter))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn invalid_sizes_are_rejected_with_the_values_named() {
        let bad = |f: fn(&mut Config)| {
            let mut c = Config::default();
            f(&mut c);
            c.validate().unwrap_err()
        };
        assert_eq!(bad(|c| c.max_size = 0), ConfigError::ZeroMaxSize);
        assert_eq!(bad(|c| c.max_size = 1 << 21), ConfigError::MaxSizeTooLarge(1 << 21));
        assert_eq!(bad(|c| c.min_size = 11), ConfigError::MinAboveMax { min: 11, max: 10 });
        assert_eq!(bad(|c| c.increment = 0), ConfigError::ZeroIncrement);
        assert_eq!(bad(|c| c.lifetime_jitter = 1.5), ConfigError::Jitter(1.5));
        assert!(matches!(bad(|c| c.lifetime_jitter = f64::NAN), ConfigError::Jitter(_)));
        assert_eq!(bad(|c| c.dial_timeout = Duration::ZERO), ConfigError::ZeroDuration("dial_timeout"));
        assert_eq!(
            bad(|c| c.evict_interval = Some(Duration::ZERO)),
            ConfigError::ZeroDuration("evict_interval")
        );
        assert!(bad(|c| c.max_size = 0).to_string().contains("max_size"));
    }

    #[test]
    fn a_large_increment_is_allowed_growth_stops_at_max() {
        let c = Config { min_size: 6, max_size: 10, increment: 5, ..Config::default() };
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn expiry_stays_within_lifetime_plus_jitter() {
        let now = 1_000_000u64;
        let c = Config { max_lifetime: Some(Duration::from_secs(100)), ..Config::default() };
        let mut seen_jitter = false;
        for _ in 0..1000 {
            let life = Duration::from_nanos(c.expiry(now) - now);
            assert!(life >= Duration::from_secs(100) && life <= Duration::from_secs(110), "{life:?}");
            seen_jitter |= life > Duration::from_secs(100);
        }
        assert!(seen_jitter, "the jitter is never zero for 1000 connections");
        assert_eq!(Config::default().expiry(now), u64::MAX);
    }

    // Regression 7: the original panicked for 0 < MaxLifetime < 10 ns (jitter of Int64N(0)).
    #[test]
    fn tiny_zero_and_huge_lifetimes_never_panic() {
        let now = 1_000_000u64;
        for nanos in [0, 1, 5, 9, 10, 11] {
            let c = Config { max_lifetime: Some(Duration::from_nanos(nanos)), ..Config::default() };
            assert!(c.expiry(now) - now <= nanos + nanos / 10 + 1);
        }
        let c = Config { max_lifetime: Some(Duration::MAX), lifetime_jitter: 1.0, ..Config::default() };
        assert_eq!(c.expiry(now), u64::MAX, "an unrepresentable expiry means never");
    }
}
