//! `veysi pool bench`: the Go original's four benchmarks (sequential, parallel, with ping,
//! contended) plus get + echo round trip + put, run against a built-in echo server or a real
//! target, optionally side by side with deadpool and bb8 in the same process, and a chaos
//! scenario in which the server drops connections and restarts.

mod chaos;
pub mod echo;
pub mod peers;
mod report;
pub mod runner;

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

pub use chaos::ChaosReport;
use echo::EchoServer;
use peers::{Bb8, BenchPool, Deadpool, Exchange, Op, PoolSetup, Veysi};
pub use runner::Budget;

use crate::pool::{Stats, TcpManager, TcpPing};

/// The benchmark scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// One worker: get + put (min 5, max 10).
    Sequential,
    /// One worker per core × 4: get + put (min 5, max 20, increment 2).
    Parallel,
    /// One worker: get with a health check on every checkout + put (min 5, max 10).
    Ping,
    /// 8 workers fight over 2 connections: get + put (min = max = 2).
    Contended,
    /// One worker per core × 4: get + one echo round trip (or Redis PING) + put (min 5, max 20).
    Roundtrip,
    /// Round trips while the built-in server drops connections and restarts.
    Chaos,
}

impl Scenario {
    /// The scenarios run when none is named.
    pub const DEFAULT: [Scenario; 5] =
        [Scenario::Sequential, Scenario::Parallel, Scenario::Ping, Scenario::Contended, Scenario::Roundtrip];

    /// The name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Sequential => "sequential",
            Scenario::Parallel => "parallel",
            Scenario::Ping => "ping",
            Scenario::Contended => "contended",
            Scenario::Roundtrip => "roundtrip",
            Scenario::Chaos => "chaos",
        }
    }
}

/// The health check the `ping` scenario (and the round trip) uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum PingKind {
    /// A non-blocking read probe of the socket (any TCP server).
    Probe,
    /// Redis `PING` → `+PONG` (a Redis server); the round trip is a `PING` too.
    Redis,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// `host:port` of a real server; `None` starts the built-in echo server.
    pub target: Option<String>,
    pub ping: PingKind,
    pub scenarios: Vec<Scenario>,
    /// Budget of each steady scenario.
    pub budget: Budget,
    /// How long the chaos scenario runs.
    pub chaos_duration: Duration,
    /// Workers for the multi-worker scenarios (default: the scenario's own).
    pub workers: Option<usize>,
    /// Also run deadpool and bb8.
    pub compare: bool,
    /// Seed of the chaos scenario's random drops and restarts.
    pub seed: u64,
}

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The built-in echo server did not start.
    #[error("cannot start the built-in echo server: {0}")]
    Server(#[source] std::io::Error),
    /// A pool could not be built (the target refused the first connections, say).
    #[error("cannot fill the {pool} pool for the {scenario} scenario from {target}: {source}")]
    Pool { pool: &'static str, scenario: &'static str, target: String, source: std::io::Error },
    /// The chaos scenario needs the built-in server.
    #[error("the chaos scenario restarts the built-in echo server, so it cannot run against --target")]
    ChaosNeedsBuiltin,
}

/// One pool in one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub pool: &'static str,
    pub scenario: &'static str,
    pub workers: usize,
    pub ops: u64,
    pub errors: u64,
    pub ns_per_op: f64,
    pub p50_ns: u64,
    pub p99_ns: u64,
    pub p999_ns: u64,
    pub ops_per_s: f64,
    pub elapsed_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
    /// The pool's counters at the end (veysi rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<Stats>,
}

/// One scenario's ns/op for each pool and our speed-up over each peer (peer ns/op ÷ ours).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub scenario: &'static str,
    pub veysi_ns_per_op: f64,
    pub deadpool_ns_per_op: Option<f64>,
    pub bb8_ns_per_op: Option<f64>,
    pub speedup_vs_deadpool: Option<f64>,
    pub speedup_vs_bb8: Option<f64>,
}

/// The whole result of `veysi pool bench`.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// The server benchmarked (`127.0.0.1:PORT (built-in echo server)` or the `--target`).
    pub target: String,
    pub ping: PingKind,
    pub rows: Vec<Row>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comparison: Vec<Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chaos: Option<ChaosReport>,
}

/// The shape of a steady scenario, as in the original's benchmarks.
struct Shape {
    min: usize,
    max: usize,
    increment: usize,
    workers: usize,
    ping: bool,
    op: Op,
    sample_every: u64,
}

fn shape(scenario: Scenario, options: &BenchOptions) -> Shape {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let many = options.workers.unwrap_or(cores * 4);
    let exchange = match options.ping {
        PingKind::Probe => Exchange::Echo,
        PingKind::Redis => Exchange::RedisPing,
    };
    let get_put = |min, max, increment, workers, ping| Shape {
        min,
        max,
        increment,
        workers,
        ping,
        op: Op::GetPut,
        sample_every: if ping { 1 } else { 8 },
    };
    match scenario {
        Scenario::Sequential => get_put(5, 10, 1, 1, false),
        Scenario::Parallel => get_put(5, 20, 2, many, false),
        Scenario::Ping => get_put(5, 10, 1, 1, true),
        Scenario::Contended => get_put(2, 2, 1, options.workers.unwrap_or(8), false),
        Scenario::Roundtrip | Scenario::Chaos => {
            Shape { op: Op::RoundTrip(exchange), sample_every: 1, ..get_put(5, 20, 2, many, false) }
        }
    }
}

/// Runs the benchmark. `progress` is told about each finished run.
pub async fn run(
    options: &BenchOptions,
    progress: &indicatif::ProgressBar,
) -> Result<BenchReport, BenchError> {
    let server = match &options.target {
        Some(_) if options.scenarios.contains(&Scenario::Chaos) => return Err(BenchError::ChaosNeedsBuiltin),
        Some(_) => None,
        None => Some(EchoServer::start().await.map_err(BenchError::Server)?),
    };
    let (target, label) = match &server {
        Some(s) => (s.addr().to_string(), format!("{} (built-in echo server)", s.addr())),
        None => {
            let target = options.target.clone().unwrap_or_default();
            (target.clone(), target)
        }
    };
    let tcp_ping = match options.ping {
        PingKind::Probe => TcpPing::Probe,
        PingKind::Redis => TcpPing::Redis,
    };
    let manager = TcpManager::new(target.clone()).with_ping(tcp_ping);
    let mut report = BenchReport {
        target: label,
        ping: options.ping,
        rows: Vec::new(),
        comparison: Vec::new(),
        chaos: None,
    };

    for &scenario in &options.scenarios {
        if scenario == Scenario::Chaos {
            let Some(server) = &server else { return Err(BenchError::ChaosNeedsBuiltin) };
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let plan = chaos::ChaosPlan {
                duration: options.chaos_duration,
                workers: options.workers.unwrap_or(cores * 4),
                seed: options.seed,
            };
            let (measured, veysi, chaos) =
                chaos::run(server, &plan).await.map_err(|source| BenchError::Pool {
                    pool: Veysi::NAME,
                    scenario: scenario.name(),
                    target: target.clone(),
                    source,
                })?;
            report.rows.push(row(Veysi::NAME, scenario, plan.workers, &measured, veysi.stats()));
            report.chaos = Some(chaos);
            veysi.pool.close().await;
            progress.inc(1);
            continue;
        }
        let shape = shape(scenario, options);
        let setup = PoolSetup {
            manager: manager.clone(),
            min_size: shape.min,
            max_size: shape.max,
            increment: shape.increment,
            ping: shape.ping,
            get_timeout: Duration::from_secs(5),
            dial_timeout: Duration::from_secs(5),
            io_timeout: Duration::from_secs(5),
            evict_interval: None,
        };
        let ours = measure::<Veysi>(scenario, &shape, &setup, options, &target, progress).await?;
        if options.compare {
            let dp = measure::<Deadpool>(scenario, &shape, &setup, options, &target, progress).await?;
            let bb = measure::<Bb8>(scenario, &shape, &setup, options, &target, progress).await?;
            report.comparison.push(Comparison {
                scenario: scenario.name(),
                veysi_ns_per_op: ours.ns_per_op,
                deadpool_ns_per_op: Some(dp.ns_per_op),
                bb8_ns_per_op: Some(bb.ns_per_op),
                speedup_vs_deadpool: Some(dp.ns_per_op / ours.ns_per_op),
                speedup_vs_bb8: Some(bb.ns_per_op / ours.ns_per_op),
            });
            report.rows.extend([ours, dp, bb]);
        } else {
            report.rows.push(ours);
        }
    }
    Ok(report)
}

async fn measure<P: BenchPool>(
    scenario: Scenario,
    shape: &Shape,
    setup: &PoolSetup,
    options: &BenchOptions,
    target: &str,
    progress: &indicatif::ProgressBar,
) -> Result<Row, BenchError> {
    progress.set_message(format!("{} {}", P::NAME, scenario.name()));
    let pool = P::build(setup).await.map_err(|source| BenchError::Pool {
        pool: P::NAME,
        scenario: scenario.name(),
        target: target.to_owned(),
        source,
    })?;
    let pool = Arc::new(pool);
    // Warm up: every worker's first operations (and the allocator, and the branch predictor).
    runner::drive(
        &pool,
        shape.op,
        shape.workers,
        Budget::Ops(200 * shape.workers as u64),
        shape.sample_every,
    )
    .await;
    let measured = runner::drive(&pool, shape.op, shape.workers, options.budget, shape.sample_every).await;
    progress.inc(1);
    Ok(row(P::NAME, scenario, shape.workers, &measured, pool.stats()))
}

fn row(
    pool: &'static str,
    scenario: Scenario,
    workers: usize,
    m: &runner::Measurement,
    stats: Option<Stats>,
) -> Row {
    let ops = m.ops.max(1) as f64;
    let secs = m.elapsed.as_secs_f64();
    Row {
        pool,
        scenario: scenario.name(),
        workers,
        ops: m.ops,
        errors: m.errors,
        ns_per_op: m.elapsed.as_nanos() as f64 / ops,
        p50_ns: m.latency.value_at_quantile(0.50),
        p99_ns: m.latency.value_at_quantile(0.99),
        p999_ns: m.latency.value_at_quantile(0.999),
        ops_per_s: if secs > 0.0 { m.ops as f64 / secs } else { 0.0 },
        elapsed_ms: secs * 1e3,
        first_error: m.first_error.clone(),
        stats,
    }
}

/// How many pool runs `options` makes (for a progress bar).
pub fn planned_runs(options: &BenchOptions) -> u64 {
    options.scenarios.iter().map(|s| if *s == Scenario::Chaos || !options.compare { 1 } else { 3 }).sum()
}
