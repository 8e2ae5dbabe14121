//! `veysi ring chaos` flags: the failure-isolation experiment on real Redis servers.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args};

use super::duration::parse_positive_duration;
use super::ring::RouterFlags;
use crate::ring::Algorithm;
use crate::ring::chaos::NodeOptions;
use crate::ring::scenario::Params;

/// `veysi ring chaos` flags.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("servers").required(true).args(["spawn", "redis"])))]
pub struct ChaosArgs {
    /// Start N redis-server processes on free 127.0.0.1 ports (temporary directories, no
    /// persistence), named redis-1 .. redis-N; they are stopped at the end, also on error and
    /// Ctrl-C.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=64))]
    pub spawn: Option<u32>,

    /// Use running Redis servers instead (comma-separated), named redis-1 .. redis-N in this
    /// order. The killed one gets SHUTDOWN NOSAVE. veysi writes only its own keys (expiring
    /// after an hour) and deletes them at the end.
    #[arg(long, value_name = "HOST:PORT,...", value_delimiter = ',', value_parser = address, conflicts_with = "spawn")]
    pub redis: Vec<String>,

    /// The redis-server program --spawn starts.
    #[arg(long, default_value = "redis-server", value_name = "PATH")]
    pub redis_server: PathBuf,

    /// Empty every --redis server (FLUSHDB) before loading.
    #[arg(long, conflicts_with = "spawn")]
    pub flush: bool,

    /// Keys per algorithm.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub keys: u32,

    /// Algorithms to compare (comma-separated); each is a client with its own key prefix.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Algorithm::ALL)]
    pub algorithms: Vec<Algorithm>,

    /// The node to kill: redis-1 .. redis-N, or a --redis address [default: chosen by --seed].
    #[arg(long, value_name = "NAME")]
    pub kill: Option<String>,

    /// After the first kill, kill more nodes at once until half of them are down (needs 4+).
    #[arg(long)]
    pub mass: bool,

    /// Finally restart the dead servers (empty) and show the warm-up (needs --spawn).
    #[arg(long, conflicts_with = "redis")]
    pub restore: bool,

    /// Seed of the choice of nodes to kill.
    #[arg(long, default_value_t = Params::default().seed)]
    pub seed: u64,

    /// Key prefix: keys are PREFIX:ALGORITHM:I.
    #[arg(long, default_value = "veysi:chaos", value_parser = prefix)]
    pub prefix: String,

    /// Bound on every connect, ping and pipelined exchange (e.g. 500ms, 2s).
    #[arg(long, default_value = "2s", value_parser = parse_positive_duration, value_name = "TIME")]
    pub timeout: Duration,

    /// Connections per server.
    #[arg(long, default_value_t = NodeOptions::default().connections as u32, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub connections: u32,

    /// Commands per pipelined exchange.
    #[arg(long, default_value_t = NodeOptions::default().pipeline as u32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub pipeline: u32,

    #[command(flatten)]
    pub router: RouterFlags,
}

/// `host:port` with a non-empty host and a port from 1 to 65535.
fn address(s: &str) -> Result<String, String> {
    let s = s.trim();
    let (host, port) =
        s.rsplit_once(':').ok_or_else(|| format!("{s:?} is not host:port (e.g. 127.0.0.1:6379)"))?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(format!("{s:?} has no host (e.g. 127.0.0.1:6379)"));
    }
    match port.parse::<u16>() {
        Ok(p) if p > 0 => Ok(s.to_owned()),
        _ => Err(format!("{s:?} has no valid port (1-65535)")),
    }
}

/// A key prefix: non-empty, printable, no spaces.
fn prefix(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > 200 || !s.chars().all(|c| c.is_ascii_graphic()) {
        return Err(format!("{s:?} must be 1 to 200 printable characters without spaces"));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_need_a_host_and_a_port() {
        assert_eq!(address("127.0.0.1:6379"), Ok("127.0.0.1:6379".into()));
        assert_eq!(address("cache.internal:7000"), Ok("cache.internal:7000".into()));
        assert_eq!(address("[::1]:6379"), Ok("[::1]:6379".into()));
        for bad in ["127.0.0.1", ":6379", "host:", "host:0", "host:70000", "host:x"] {
            assert!(address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prefixes_are_printable_and_non_empty() {
        assert!(prefix("veysi:chaos").is_ok());
        for bad in ["", "a b", "tab\t", "é"] {
            assert!(prefix(bad).is_err(), "{bad:?}");
        }
    }
}
