//! Consistent hashing: routers for eight algorithms behind one interface, pluggable hash
//! functions, and the `ring simulate` scenarios that measure them (remapping, balance,
//! failures, churn, concurrency, hot keys).
//!
//! ```
//! use veysi::ring::{Algorithm, Node, RouterConfig};
//!
//! let mut router = Algorithm::Ring.build(Node::numbered("redis-", 5), &RouterConfig::default())?;
//! let owner = router.route_name(b"user:1001")?.to_owned();
//! router.remove("redis-3")?;
//! assert!(owner == "redis-3" || router.route_name(b"user:1001")? == owner);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod algo;
pub mod chaos;
pub mod hash;
pub mod router;

pub use hash::HashKind;
pub use router::{Algorithm, EmptyRouter, Node, Router, RouterConfig, RouterError};
pub mod command;
pub mod keys;
pub mod render;
pub mod scenario;
