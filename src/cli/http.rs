//! Flags of `veysi http`: the load generator (`bench`) and the test servers (`serve`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::duration::{parse_duration, parse_positive_duration};
use crate::http::Target;
use crate::http::client::Engine;
use crate::http::server::Stack;

/// `veysi http SUBCOMMAND`.
#[derive(Debug, Args)]
pub struct HttpArgs {
    #[command(subcommand)]
    pub command: HttpCommand,
}

/// The `http` subcommands.
#[derive(Debug, Subcommand)]
pub enum HttpCommand {
    /// Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process.
    ///
    /// With a URL: keep-alive connections send requests as fast as the server answers (closed
    /// model), or at a fixed --rate (open model, latency measured from each request's intended
    /// send time, so a stalled server shows in the percentiles). Every request sent is counted
    /// once: as a success, a status error (>= 400) or a transport error (timeout, reset, read);
    /// failed connection attempts are counted apart.
    ///
    /// Without a URL: serves `GET /` (Hello, World!) and `GET /json` from each server stack
    /// (hyper, axum, and a minimal tokio + httparse server) in this process on 127.0.0.1, one
    /// stack at a time, and drives each with the same load.
    Bench(Box<BenchArgs>),

    /// Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools).
    ///
    /// Prints the address it listens on, then serves until interrupted or --duration passes.
    Serve(ServeArgs),
}

/// `veysi http bench [URL]`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Target URL (http:// only). Leave out to compare the built-in server stacks.
    #[arg(value_parser = parse_target, value_name = "URL")]
    pub url: Option<Target>,

    /// Keep-alive connections, all open at once.
    #[arg(short, long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub connections: u32,

    /// Generator threads (each runs its share of the connections); default: all cores.
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,

    /// How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the
    /// comparison].
    #[arg(short, long, value_parser = parse_positive_duration, conflicts_with = "requests")]
    pub duration: Option<Duration>,

    /// Send exactly this many requests instead of running for a duration.
    #[arg(short = 'n', long, value_parser = clap::value_parser!(u64).range(1..))]
    pub requests: Option<u64>,

    /// Send load for this long first without counting it [default: 0 with a URL, 500ms per
    /// run in the comparison].
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub warmup: Option<Duration>,

    /// Open model: requests per second across all connections, latency measured from each
    /// request's intended send time (coordinated-omission correction).
    #[arg(long, value_parser = parse_rate, value_name = "PER_SECOND")]
    pub rate: Option<f64>,

    /// HTTP method.
    #[arg(short, long, default_value = "GET")]
    pub method: String,

    /// Extra request header, 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Request body.
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,

    /// Read the request body from a file.
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,

    /// Limit for each complete response; a request still unanswered is a timeout error.
    #[arg(long, default_value = "10s", value_parser = parse_positive_duration, value_name = "DURATION")]
    pub timeout: Duration,

    /// Limit for opening a connection; a connection that cannot reconnect for this long gives up.
    #[arg(long, default_value = "3s", value_parser = parse_positive_duration, value_name = "DURATION")]
    pub connect_timeout: Duration,

    /// Client implementation: native (preformatted requests, zero-allocation response scanner)
    /// or hyper (hyper's connection-level client).
    #[arg(long, value_enum, default_value_t = Engine::Native)]
    pub engine: Engine,

    /// Comparison only: the stacks to compare, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = Stack::ALL, conflicts_with = "url")]
    pub stacks: Vec<Stack>,

    /// Comparison only: server threads; the load uses the other cores unless --threads says
    /// otherwise [default: half the cores].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024), conflicts_with = "url")]
    pub server_threads: Option<u32>,
}

/// `veysi http serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The server stack.
    #[arg(long, value_enum, default_value_t = Stack::Minimal)]
    pub stack: Stack,

    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,

    /// Server threads [default: all cores].
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,

    /// Stop after this long instead of running until interrupted.
    #[arg(short, long, value_parser = parse_positive_duration)]
    pub duration: Option<Duration>,
}

fn parse_target(s: &str) -> Result<Target, String> {
    Target::parse(s).map_err(|e| e.to_string())
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 && r <= 1e9 => Ok(r),
        _ => Err(format!("{s:?} is not a rate: give requests per second, a number above 0")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_must_be_positive_numbers() {
        assert!(parse_rate("0").is_err() && parse_rate("NaN").is_err() && parse_rate("12.5").is_ok());
    }
}
