//! Flags of `veysi pool`.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::duration::parse_positive_duration;
use crate::pool::bench::{PingKind, Scenario};

/// `veysi pool ...`.
#[derive(Debug, Args)]
pub struct PoolArgs {
    #[command(subcommand)]
    pub command: PoolCommand,
}

/// The `pool` subcommands.
#[derive(Debug, Subcommand)]
pub enum PoolCommand {
    /// Benchmark the pool: the Go connpool's four benchmarks plus an echo round trip, against a
    /// built-in echo server or a real target, optionally beside deadpool and bb8.
    ///
    /// Without --target a TCP echo server is started on 127.0.0.1. Scenarios: sequential
    /// (1 worker, min 5, max 10), parallel (cores × 4 workers, min 5, max 20, increment 2),
    /// ping (sequential with a health check on every get), contended (8 workers, 2
    /// connections), roundtrip (get + echo round trip + put). `--scenario chaos` makes the
    /// built-in server drop connections and restart while workers run.
    Bench(BenchArgs),
}

/// `veysi pool bench` flags.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A real server to benchmark (host:port) instead of the built-in echo server. The
    /// roundtrip scenario expects it to echo, or to be Redis with --ping redis.
    #[arg(long, value_name = "HOST:PORT")]
    pub target: Option<String>,

    /// The health check of the ping scenario: a non-blocking read probe, or Redis PING/+PONG
    /// (which also becomes the round trip).
    #[arg(long, value_enum, default_value_t = PingKind::Probe)]
    pub ping: PingKind,

    /// Scenarios to run (repeat or separate with commas); default: all but chaos.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "NAME")]
    pub scenario: Vec<Scenario>,

    /// How long each scenario runs per pool (e.g. 500ms, 2s). Default: 1s; chaos: 3s.
    #[arg(long, value_parser = parse_positive_duration, conflicts_with = "ops", value_name = "TIME")]
    pub duration: Option<Duration>,

    /// Run this many operations per scenario and pool instead of a duration.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..), value_name = "N")]
    pub ops: Option<u64>,

    /// Workers for the multi-worker scenarios (default: cores × 4; contended: 8).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=4096), value_name = "N")]
    pub workers: Option<u64>,

    /// Run the same scenarios with deadpool and bb8 managing the same TCP connections, and
    /// show each one's ns/op and veysi's speed-up.
    #[arg(long)]
    pub compare: bool,

    /// Seed of the chaos scenario's random drops and restarts.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
}
