//! `veysi ring chaos`: the seed article's failure-isolation experiment on real Redis servers,
//! for every algorithm.
//!
//! Each algorithm is a cache client with its own key prefix; all of them share the same Redis
//! nodes (started by veysi, or given). Keys are loaded through each router and read back; then
//! a real node dies and leaves the routers, and every key is read again: the misses, which of
//! them belonged to the dead node, and how many keys the algorithm moved between surviving
//! nodes (none, for an algorithm with minimal disruption). Optionally half the nodes die at
//! once, and the dead come back empty to show the warm-up. See [`experiment`] for the phases,
//! [`tally`] for the accounting, [`cluster`] for the servers.
//!
//! Every connection comes from veysi's own [`crate::pool::Pool`], which pings each connection
//! it hands out, and every exchange has a timeout: a dead node shows as failed pings and dials
//! in the pool's counters, never as a hang.

pub mod cluster;
pub mod command;
pub mod error;
pub mod experiment;
pub mod node;
mod render;
pub mod report;
pub mod resp;
pub mod spawn;
pub mod tally;

pub use cluster::RedisCluster;
pub use error::ChaosError;
pub use experiment::{Events, Plan, Store};
pub use node::{NodeOptions, RedisNode};
pub use report::{AlgorithmReport, ChaosReport, NodeReport, Phase, PhaseRow};
pub use spawn::RedisServer;

#[cfg(test)]
mod tests;
