//! An async connection pool, generic over the connection type, and `veysi pool bench`.
//!
//! It keeps every feature of the Go `connpool` it re-creates (min/max size, growth increment,
//! idle timeout, max lifetime with per-connection jitter, a health-check hook run cheapest
//! check first, a background evictor, a deadline-bound `get`, `mark_unusable`, rich stats) and
//! fixes that pool's defects: closing never races returns, counters never go negative,
//! a connection is returned exactly once (ownership), a cold burst waits instead of failing
//! with "exhausted", a failed warm-up closes what it dialled, tiny lifetimes never panic, idle
//! connections are reused last-in-first-out so an idle timeout can shrink the pool, dials never
//! happen under the lock, and waiters are served in arrival order.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use tokio::io::AsyncWriteExt;
//! use veysi::pool::{Config, Pool, TcpManager};
//!
//! let config = Config { min_size: 5, max_size: 20, idle_timeout: Some(Duration::from_secs(30)), ..Config::default() };
//! let pool = Pool::new(config, TcpManager::new("127.0.0.1:6379")).await?;
//! let mut conn = pool.get().await?;
//! conn.write_all(b"*1\r\n$4\r\nPING\r\n").await?; // an I/O error marks it unusable
//! drop(conn); // back to the pool
//! println!("{:?}", pool.stats());
//! # Ok(()) }
//! ```

pub mod bench;
mod clock;
pub mod command;
mod config;
mod error;
mod evictor;
mod get;
mod handle;
mod manager;
mod pooled;
pub mod redis;
mod shared;
mod state;
mod stats;
mod tcp;

pub use clock::Clock;
pub use config::{Config, ConfigError};
pub use error::Error;
pub use handle::Pool;
pub use manager::Manager;
pub use pooled::Pooled;
pub use redis::redis_ping;
pub use stats::{MAX_POOL_SIZE, Stats};
pub use tcp::{TcpManager, TcpPing, probe};

#[cfg(test)]
mod tests;
