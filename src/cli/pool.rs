//! Flags of `veysi pool`.

use std::time::Duration;

use clap::{Args, Subcommand};

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
    #[arg(long, value_parser = parse_duration, conflicts_with = "ops", value_name = "TIME")]
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

/// Parses `250ms`, `2s`, `1.5s`, `1m` (a bare number means seconds). Must be positive.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let split = value.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: f64 =
        number.parse().map_err(|_| format!("{value:?} is not a duration like 500ms, 2s or 1m"))?;
    let scale = match unit {
        "ms" => 1e-3,
        "" | "s" => 1.0,
        "m" => 60.0,
        _ => return Err(format!("unknown unit {unit:?} in {value:?}: use ms, s or m")),
    };
    match Duration::try_from_secs_f64(number * scale) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(format!("{value:?} must be a positive duration")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units_and_reject_nonsense() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        for bad in ["", "0s", "abc", "5h", "-1s", "1e999s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
