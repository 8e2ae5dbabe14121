//! Drives one pool through one scenario: worker tasks loop over an operation until the budget
//! (a duration or a number of operations) is spent, recording latencies in HDR histograms.

use std::sync::Arc;
use std::time::Duration;

use hdrhistogram::Histogram;
use tokio::time::Instant;

use super::peers::{BenchPool, Op};

/// How long a scenario runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Run for this long.
    Duration(Duration),
    /// Run this many operations in total, split evenly over the workers.
    Ops(u64),
}

/// What the workers measured.
#[derive(Debug)]
pub struct Measurement {
    pub ops: u64,
    pub errors: u64,
    pub elapsed: Duration,
    pub latency: Histogram<u64>,
    pub first_error: Option<String>,
}

/// Operations between two checks of the clock (duration budget) and two yields (several
/// workers: the pool's fast path never yields by itself, and tasks must interleave).
const CHECK_EVERY: u64 = 32;

/// A latency histogram from 1 ns to 1 minute with 3 significant digits.
pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000_000, 3).expect("constant histogram bounds are valid")
}

/// Runs `op` on `workers` tasks. Latency is timed on every `sample_every`-th operation (timing
/// every operation would add two clock reads to a ~50 ns operation).
pub async fn drive<P: BenchPool>(
    pool: &Arc<P>,
    op: Op,
    workers: usize,
    budget: Budget,
    sample_every: u64,
) -> Measurement {
    let workers = workers.max(1);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let pool = Arc::clone(pool);
        let quota = match budget {
            Budget::Ops(total) => {
                Some(total / workers as u64 + u64::from((w as u64) < total % workers as u64))
            }
            Budget::Duration(_) => None,
        };
        let end = match budget {
            Budget::Duration(d) => Some(start + d),
            Budget::Ops(_) => None,
        };
        tasks.spawn(async move { worker(&*pool, op, quota, end, sample_every.max(1), workers > 1).await });
    }
    let mut total =
        Measurement { ops: 0, errors: 0, elapsed: Duration::ZERO, latency: histogram(), first_error: None };
    while let Some(joined) = tasks.join_next().await {
        let Ok(part) = joined else { continue };
        total.ops += part.ops;
        total.errors += part.errors;
        let _ = total.latency.add(&part.latency);
        if total.first_error.is_none() {
            total.first_error = part.first_error;
        }
    }
    total.elapsed = start.elapsed();
    total
}

async fn worker<P: BenchPool>(
    pool: &P,
    op: Op,
    quota: Option<u64>,
    end: Option<Instant>,
    sample_every: u64,
    yields: bool,
) -> Measurement {
    let mut m =
        Measurement { ops: 0, errors: 0, elapsed: Duration::ZERO, latency: histogram(), first_error: None };
    loop {
        if quota.is_some_and(|q| m.ops >= q) {
            break;
        }
        let timed = m.ops.is_multiple_of(sample_every);
        let t0 = timed.then(Instant::now);
        let result = pool.op(op).await;
        if let Some(t0) = t0 {
            let ns = u64::try_from(t0.elapsed().as_nanos()).unwrap_or(u64::MAX).max(1);
            let _ = m.latency.record(ns);
        }
        m.ops += 1;
        if let Err(err) = result {
            m.errors += 1;
            m.first_error.get_or_insert(err);
            tokio::time::sleep(Duration::from_millis(1)).await; // don't spin on a dead target
        }
        if m.ops.is_multiple_of(CHECK_EVERY) {
            if end.is_some_and(|end| Instant::now() >= end) {
                break;
            }
            if yields {
                tokio::task::yield_now().await;
            }
        }
    }
    m
}
