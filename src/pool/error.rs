//! What building a pool or getting a connection can fail with.

use std::time::Duration;

use super::config::ConfigError;

/// A pool error; `E` is the manager's dial/ping error.
#[derive(Debug, thiserror::Error)]
pub enum Error<E: std::error::Error + 'static> {
    /// The configuration is invalid (from [`Pool::new`](super::Pool::new)).
    #[error("invalid pool configuration: {0}")]
    Config(#[from] ConfigError),
    /// The pool was closed.
    #[error("the pool is closed")]
    Closed,
    /// No connection became free before the caller's deadline.
    #[error("no connection became available within {waited:?} (all connections busy or the dial slow)")]
    Timeout {
        /// How long the call waited.
        waited: Duration,
    },
    /// Dialling a new connection failed.
    #[error("cannot dial a new connection: {0}")]
    Dial(#[source] E),
    /// Dialling a new connection took longer than the dial timeout.
    #[error("dialling a new connection timed out after {0:?}")]
    DialTimeout(Duration),
}
