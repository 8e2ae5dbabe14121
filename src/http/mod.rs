//! `veysi http bench`: an HTTP/1.1 load generator in the class of wrk and oha (keep-alive
//! connections on hyper's connection-level client, closed and open model with
//! coordinated-omission correction, HDR histograms, exact accounting of every request), and
//! an in-process comparison of Rust HTTP server stacks.

pub mod client;
pub mod command;
pub mod compare;
pub mod deadline;
pub mod load;
pub mod render;
pub mod server;
pub mod stats;
pub mod summary;
pub mod target;

pub use load::{Length, Live, LoadConfig, LoadOutcome};
pub use stats::{ErrorClass, ErrorCounts, LatencySummary};
pub use summary::BenchSummary;
pub use target::{RequestSpec, Target};

/// What can go wrong before or around a run (failures of single requests are counted, not
/// raised).
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot parse URL {url:?}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error(
        "unsupported scheme {scheme:?} in {url:?}: only plain http:// is supported (put a TLS proxy in front)"
    )]
    UnsupportedScheme { url: String, scheme: String },
    #[error("invalid header {header:?}: {reason}")]
    BadHeader { header: String, reason: &'static str },
    #[error("invalid HTTP method {method:?}")]
    BadMethod { method: String },
    #[error("cannot resolve host {host:?}: {reason}")]
    Resolve { host: String, reason: String },
    #[error("cannot connect to {addr}: {reason} (is the server running and listening there?)")]
    Connect { addr: String, reason: String },
    #[error("invalid load settings: {0}")]
    Config(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(String),
    #[error("cannot start the {stack} server: {reason}")]
    Server { stack: String, reason: String },
}
