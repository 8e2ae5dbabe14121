//! The chaos scenario: workers do get + echo round trip + put while the built-in echo server
//! drops random connections and restarts. It checks that the pool recovers (dead connections
//! are found by the ping or by I/O errors, destroyed and replaced), that no `get` overruns its
//! deadline, and that the stats invariant holds throughout.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use serde::Serialize;
use tokio::time::{Instant, sleep};

use super::echo::EchoServer;
use super::peers::{Exchange, PoolSetup, Veysi};
use super::runner::{Measurement, histogram};
use crate::pool::Pool;
use crate::pool::TcpManager;

/// What the chaos run saw, beyond the usual row.
#[derive(Debug, Clone, Serialize)]
pub struct ChaosReport {
    /// Server restarts (every connection closed, down for a while, listening again).
    pub restarts: u64,
    /// Connections the server dropped at random while up.
    pub dropped_connections: u64,
    /// Total time the server was down.
    pub downtime_ms: f64,
    /// Failed gets (dial refused while down, timeouts).
    pub get_errors: u64,
    /// Failed round trips on a connection (dead connection, timeout).
    pub io_errors: u64,
    /// For each restart: time from the server listening again to the first successful round
    /// trip after it.
    pub recovery_ms: Vec<f64>,
    /// The slowest recovery.
    pub max_recovery_ms: f64,
    /// Restarts after which no round trip succeeded within 2 s. Must be 0.
    pub unrecovered: u64,
    /// The longest single `get`, and the deadline every get had.
    pub max_get_ms: f64,
    pub get_deadline_ms: f64,
    /// Gets that returned later than their deadline (plus 50 ms of scheduling slack). Must be 0.
    pub gets_past_deadline: u64,
    /// Stats snapshots taken during the run, and how many broke `size == active + idle`,
    /// `idle <= size` or `size + pending <= max_size`. Must be 0.
    pub invariant_checks: u64,
    pub invariant_violations: u64,
}

/// Chaos settings.
#[derive(Debug, Clone)]
pub struct ChaosPlan {
    pub duration: Duration,
    pub workers: usize,
    pub seed: u64,
}

const GET_DEADLINE: Duration = Duration::from_millis(250);
const SLACK: Duration = Duration::from_millis(50);

/// Runs the chaos scenario against `server` (which it stops and restarts).
pub async fn run(
    server: &EchoServer,
    plan: &ChaosPlan,
) -> std::io::Result<(Measurement, Veysi, ChaosReport)> {
    let setup = PoolSetup {
        manager: TcpManager::new(server.addr().to_string()),
        min_size: 5,
        max_size: 20,
        increment: 2,
        ping: true,
        get_timeout: GET_DEADLINE,
        dial_timeout: GET_DEADLINE,
        io_timeout: GET_DEADLINE,
        evict_interval: Some(Duration::from_millis(100)),
    };
    let veysi = <Veysi as super::peers::BenchPool>::build(&setup).await?;
    let shared = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..plan.workers.max(1) {
        let (pool, tally, stop) = (veysi.pool.clone(), Arc::clone(&shared), Arc::clone(&stop));
        tasks.spawn(async move { worker(&pool, &tally, &stop, start).await });
    }
    let monitor = {
        let (pool, tally, stop) = (veysi.pool.clone(), Arc::clone(&shared), Arc::clone(&stop));
        tokio::spawn(async move { monitor(&pool, &tally, &stop).await })
    };

    let mut report = disrupt(server, plan, &shared, start).await;
    stop.store(true, Relaxed);
    let mut total =
        Measurement { ops: 0, errors: 0, elapsed: Duration::ZERO, latency: histogram(), first_error: None };
    while let Some(joined) = tasks.join_next().await {
        if let Ok(part) = joined {
            total.ops += part.ops;
            total.errors += part.errors;
            let _ = total.latency.add(&part.latency);
            total.first_error = total.first_error.or(part.first_error);
        }
    }
    total.elapsed = start.elapsed();
    let _ = monitor.await;

    report.get_errors = shared.get_errors.load(Relaxed);
    report.io_errors = shared.io_errors.load(Relaxed);
    report.max_get_ms = ms(Duration::from_nanos(shared.max_get_ns.load(Relaxed)));
    report.get_deadline_ms = ms(GET_DEADLINE);
    report.gets_past_deadline = shared.past_deadline.load(Relaxed);
    report.invariant_checks = shared.checks.load(Relaxed);
    report.invariant_violations = shared.violations.load(Relaxed);
    Ok((total, veysi, report))
}

#[derive(Debug, Default)]
struct Tally {
    get_errors: AtomicU64,
    io_errors: AtomicU64,
    max_get_ns: AtomicU64,
    past_deadline: AtomicU64,
    /// Nanoseconds since the start of the last successful round trip's completion.
    last_success_ns: AtomicU64,
    checks: AtomicU64,
    violations: AtomicU64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

async fn worker(pool: &Pool<TcpManager>, tally: &Tally, stop: &AtomicBool, start: Instant) -> Measurement {
    let mut m =
        Measurement { ops: 0, errors: 0, elapsed: Duration::ZERO, latency: histogram(), first_error: None };
    while !stop.load(Relaxed) {
        let t0 = Instant::now();
        let got = pool.get().await;
        let get_time = t0.elapsed();
        let get_ns = u64::try_from(get_time.as_nanos()).unwrap_or(u64::MAX);
        tally.max_get_ns.fetch_max(get_ns, Relaxed);
        if get_time > GET_DEADLINE + SLACK {
            tally.past_deadline.fetch_add(1, Relaxed);
        }
        let result = match got {
            Err(err) => {
                tally.get_errors.fetch_add(1, Relaxed);
                Err(err.to_string())
            }
            Ok(mut conn) => match Exchange::Echo.run(&mut conn, GET_DEADLINE).await {
                Ok(()) => Ok(()),
                Err(err) => {
                    conn.mark_unusable();
                    tally.io_errors.fetch_add(1, Relaxed);
                    Err(err.to_string())
                }
            },
        };
        m.ops += 1;
        let _ = m.latency.record(u64::try_from(t0.elapsed().as_nanos()).unwrap_or(u64::MAX).max(1));
        match result {
            Ok(()) => {
                tally.last_success_ns.fetch_max(since(start), Relaxed);
            }
            Err(err) => {
                m.errors += 1;
                m.first_error.get_or_insert(err);
                sleep(Duration::from_millis(1)).await;
            }
        }
        tokio::task::yield_now().await;
    }
    m
}

async fn monitor(pool: &Pool<TcpManager>, tally: &Tally, stop: &AtomicBool) {
    let max = pool.config().max_size as u64;
    while !stop.load(Relaxed) {
        let s = pool.stats();
        tally.checks.fetch_add(1, Relaxed);
        if s.size != s.active + s.idle || s.idle > s.size || s.size + s.pending > max {
            tally.violations.fetch_add(1, Relaxed);
        }
        sleep(Duration::from_micros(500)).await;
    }
}

/// The chaos driver: alternates random connection drops and restarts until the duration is
/// spent (at least one restart), measuring each recovery.
async fn disrupt(server: &EchoServer, plan: &ChaosPlan, tally: &Tally, start: Instant) -> ChaosReport {
    let mut rng = fastrand::Rng::with_seed(plan.seed);
    let mut report = ChaosReport {
        restarts: 0,
        dropped_connections: 0,
        downtime_ms: 0.0,
        get_errors: 0,
        io_errors: 0,
        recovery_ms: Vec::new(),
        max_recovery_ms: 0.0,
        unrecovered: 0,
        max_get_ms: 0.0,
        get_deadline_ms: 0.0,
        gets_past_deadline: 0,
        invariant_checks: 0,
        invariant_violations: 0,
    };
    let end = start + plan.duration;
    let mut round = 0u64;
    sleep(plan.duration / 10).await; // a healthy start
    while Instant::now() + Duration::from_millis(300) < end {
        round += 1;
        if round.is_multiple_of(2) {
            report.dropped_connections += server.drop_random(0.3, &mut rng) as u64;
            sleep(Duration::from_millis(rng.u64(100..250))).await;
            continue;
        }
        let down = Duration::from_millis(rng.u64(50..150));
        server.stop();
        report.restarts += 1;
        sleep(down).await;
        report.downtime_ms += ms(down);
        let mut relisten = server.restart();
        while relisten.is_err() && Instant::now() < end + Duration::from_secs(1) {
            sleep(Duration::from_millis(10)).await; // the port is still held by the kernel
            relisten = server.restart();
        }
        let up = since(start);
        let give_up = Instant::now() + Duration::from_secs(2);
        while tally.last_success_ns.load(Relaxed) < up && Instant::now() < give_up {
            sleep(Duration::from_micros(200)).await;
        }
        let recovered = tally.last_success_ns.load(Relaxed);
        if recovered >= up {
            report.recovery_ms.push((recovered - up) as f64 / 1e6);
        } else {
            report.unrecovered += 1;
        }
        sleep(Duration::from_millis(rng.u64(100..250))).await;
    }
    while Instant::now() < end {
        sleep(Duration::from_millis(5)).await;
    }
    report.max_recovery_ms = report.recovery_ms.iter().copied().fold(0.0, f64::max);
    report
}
