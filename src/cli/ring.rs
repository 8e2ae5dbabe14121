//! `veysi ring ...`: the consistent-hashing lab's flags.

use clap::{Args, Subcommand};

use crate::ring::scenario::{Params, Scenario};
use crate::ring::{Algorithm, HashKind, RouterConfig};

/// `veysi ring`: consistent hashing, simulated and (later) against real servers.
#[derive(Debug, Args)]
pub struct RingArgs {
    #[command(subcommand)]
    pub command: RingCommand,
}

/// The `ring` subcommands.
#[derive(Debug, Subcommand)]
pub enum RingCommand {
    /// Compare consistent-hashing algorithms on generated keys: remapping, balance,
    /// failures, churn, concurrency and hot keys.
    ///
    /// With no flags it runs the headline comparison: how many of 100,000 keys move when 5
    /// nodes become 6 (and 4), and how evenly keys spread, for every algorithm.
    Simulate(SimulateArgs),

    /// The failure-isolation experiment on real Redis servers, for every algorithm: load
    /// keys, kill a node, count the misses and the keys moved between survivors.
    ///
    /// `--spawn 5` starts five redis-server processes on free loopback ports and stops them
    /// at the end; `--redis host:port,...` uses running servers. Phases: load, read, kill,
    /// then optionally mass_kill (--mass) and restore + warm (--restore).
    Chaos(super::ring_chaos::ChaosArgs),
}

/// `veysi ring simulate` flags. Same flags and `--seed`, same numbers.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// What to measure (`headline` = remap + balance; `all` = every scenario).
    #[arg(long, value_enum, default_value_t = Scenario::Headline)]
    pub scenario: Scenario,

    /// Keys, generated on the fly (never stored, so 100000000 runs in bounded memory).
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    pub keys: u64,

    /// Nodes (named node-1 .. node-N) [default: 5; 10 for mass-failure].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub nodes: Option<u32>,

    /// Nodes added in the remap scenario (N → N+ADD).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub add: u32,

    /// Nodes removed in the remap scenario, from the end of the list (N → N−REMOVE).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub remove: u32,

    /// Virtual-node counts the balance scenario sweeps for the ring (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "1,50,150,500", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub vnode_sweep: Vec<u32>,

    #[command(flatten)]
    pub router: RouterFlags,

    /// Algorithms to compare (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Algorithm::ALL)]
    pub algorithms: Vec<Algorithm>,

    /// Zipf exponent of key popularity in the hot-keys scenario (0 = uniform).
    #[arg(long, default_value_t = Params::default().zipf, value_parser = non_negative_number, allow_negative_numbers = true)]
    pub zipf: f64,

    /// Requests in the hot-keys scenario.
    #[arg(long, default_value_t = Params::default().requests, value_parser = clap::value_parser!(u64).range(1..=100_000_000_000))]
    pub requests: u64,

    /// Lookups in the concurrent scenario, all reader threads together.
    #[arg(long, default_value_t = Params::default().lookups, value_parser = clap::value_parser!(u64).range(1..=100_000_000_000))]
    pub lookups: u64,

    /// Add/remove cycles in the churn scenario.
    #[arg(long, default_value_t = Params::default().cycles, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub cycles: u32,

    /// Seed of the keys and of every random choice.
    #[arg(long, default_value_t = Params::default().seed)]
    pub seed: u64,

    /// Worker threads [default: all cores].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub threads: Option<u32>,
}

impl SimulateArgs {
    /// The simulation parameters these flags describe.
    pub fn params(&self) -> Params {
        let defaults = Params::default();
        Params {
            keys: self.keys,
            nodes: self.nodes.map(|n| n as usize),
            add: self.add as usize,
            remove: self.remove as usize,
            vnode_sweep: self.vnode_sweep.clone(),
            router: self.router.config(),
            algorithms: self.algorithms.clone(),
            zipf: self.zipf,
            requests: self.requests,
            lookups: self.lookups,
            cycles: self.cycles,
            seed: self.seed,
            threads: self.threads.map_or(defaults.threads, |t| t as usize),
        }
    }
}

/// Router settings: the hash function and each algorithm's parameters.
#[derive(Debug, Clone, Args)]
pub struct RouterFlags {
    /// Hash function for keys and node names.
    #[arg(long, value_enum, default_value_t = HashKind::default())]
    pub hash: HashKind,

    /// Virtual nodes per node for ring and bounded-load.
    #[arg(long, default_value_t = RouterConfig::default().vnodes, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub vnodes: u32,

    /// Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉.
    #[arg(long, default_value_t = RouterConfig::default().epsilon, value_parser = positive_number, allow_negative_numbers = true)]
    pub epsilon: f64,

    /// Multi-probe probes per lookup (21 ≈ peak/mean 1.05).
    #[arg(long, default_value_t = RouterConfig::default().probes, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub probes: u32,

    /// Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)].
    #[arg(long, value_parser = prime)]
    pub maglev_table: Option<u64>,
}

impl RouterFlags {
    /// The router configuration these flags describe.
    pub fn config(&self) -> RouterConfig {
        RouterConfig {
            hash: self.hash,
            vnodes: self.vnodes,
            epsilon: self.epsilon,
            probes: self.probes,
            maglev_table: self.maglev_table,
        }
    }
}

/// A finite number above zero.
fn positive_number(s: &str) -> Result<f64, String> {
    let value: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if value.is_finite() && value > 0.0 { Ok(value) } else { Err(format!("{s} must be a number above 0")) }
}

/// A finite number, zero or above.
fn non_negative_number(s: &str) -> Result<f64, String> {
    let value: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(format!("{s} must be a number, 0 or above"))
    }
}

/// A prime table size (Maglev).
fn prime(s: &str) -> Result<u64, String> {
    let value: u64 = s.parse().map_err(|_| format!("{s:?} is not a whole number"))?;
    if !crate::ring::algo::maglev::is_prime(value) {
        return Err(format!("{value} is not a prime (try 65537 or 655373)"));
    }
    if value > crate::ring::algo::maglev::MAX_TABLE {
        return Err(format!("{value} is above the largest table, {}", crate::ring::algo::maglev::MAX_TABLE));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_parsers_reject_what_they_should() {
        assert!(positive_number("0.25").is_ok());
        for bad in ["-1", "0", "nan", "inf", "x"] {
            assert!(positive_number(bad).is_err(), "{bad}");
        }
        assert_eq!(non_negative_number("0"), Ok(0.0));
        assert!(non_negative_number("-0.5").is_err());
        assert_eq!(prime("65537"), Ok(65_537));
        assert!(prime("65536").unwrap_err().contains("not a prime"));
    }
}
