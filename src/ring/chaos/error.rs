//! What a chaos experiment can fail with. Every message names the server or program at fault
//! and what to do about it.

use std::path::PathBuf;
use std::time::Duration;

use crate::ring::router::{EmptyRouter, RouterError};

/// A chaos experiment failed.
#[derive(Debug, thiserror::Error)]
pub enum ChaosError {
    /// The redis-server program is not on PATH.
    #[error(
        "{} is not installed or not on PATH: install it with `apt-get install redis-server` \
         (Debian, Ubuntu), `dnf install redis` (Fedora) or `brew install redis` (macOS), or pass \
         --redis-server with its path",
        binary.display()
    )]
    NotInstalled {
        /// The program that was looked for.
        binary: PathBuf,
    },
    /// redis-server could not be started.
    #[error("cannot start {}: {reason}", binary.display())]
    Spawn {
        /// The program.
        binary: PathBuf,
        /// Why.
        reason: String,
    },
    /// A started redis-server exited before it answered PING.
    #[error("redis-server on 127.0.0.1:{port} exited ({status}) before it answered PING; its log: {log}")]
    Exited {
        /// Its port.
        port: u16,
        /// How it exited.
        status: String,
        /// The end of its log.
        log: String,
    },
    /// A started redis-server did not answer PING in time.
    #[error("redis-server on 127.0.0.1:{port} did not answer PING within {waited:?}; its log: {log}")]
    NotReady {
        /// Its port.
        port: u16,
        /// How long veysi waited.
        waited: Duration,
        /// The end of its log.
        log: String,
    },
    /// A server could not be reached, or failed a command.
    #[error("{node} ({address}): {problem}")]
    Node {
        /// The node's name (`redis-3`).
        node: String,
        /// Its `host:port`.
        address: String,
        /// What went wrong, and what to check.
        problem: String,
    },
    /// Several servers failed their first check (each message names one).
    #[error("{} servers failed their check:\n  {}", .0.len(), .0.join("\n  "))]
    Unavailable(Vec<String>),
    /// The plan cannot run on these nodes (a `--kill` name that is not a node, say).
    #[error("{0}")]
    Plan(String),
    /// The router rejected a change (a node name twice, say).
    #[error(transparent)]
    Router(#[from] RouterError),
    /// Every node of a router is down.
    #[error(transparent)]
    Empty(#[from] EmptyRouter),
}
