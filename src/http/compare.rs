//! The stack comparison: every stack serves the same endpoints in this process on
//! 127.0.0.1, one stack at a time, and the same load drives each.

use std::net::{Ipv4Addr, SocketAddr};

use serde::Serialize;

use super::load::{LoadConfig, LoadOutcome};
use super::server::{ENDPOINTS, RunningServer, Stack};
use super::summary::BenchSummary;
use super::{HttpError, RequestSpec, Target};

/// What to compare and how.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    /// Stacks in the order they run; the first is the baseline unless hyper is among them.
    pub stacks: Vec<Stack>,
    /// Runtime worker threads of each server.
    pub server_threads: usize,
    /// The load for each run (its target and request are replaced per stack and endpoint).
    pub load: LoadConfig,
}

/// The comparison report: `{"baseline": ..., "comparison": [...]}`.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The stack speed-ups are relative to.
    pub baseline: Stack,
    pub server_threads: usize,
    pub comparison: Vec<StackRun>,
}

/// One stack on one endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct StackRun {
    pub stack: Stack,
    pub endpoint: String,
    /// requests/s relative to the baseline stack on the same endpoint.
    pub speedup: f64,
    #[serde(flatten)]
    pub summary: BenchSummary,
}

/// Runs every stack on every endpoint; `run_load` runs one load (the caller can wrap it in a
/// progress display).
pub fn compare(
    config: &CompareConfig,
    mut run_load: impl FnMut(&LoadConfig, &str) -> Result<LoadOutcome, HttpError>,
) -> Result<Comparison, HttpError> {
    let Some(&first) = config.stacks.first() else {
        return Err(HttpError::Config("name at least one stack to compare".into()));
    };
    let baseline = if config.stacks.contains(&Stack::Hyper) { Stack::Hyper } else { first };
    let mut runs = Vec::new();
    for &stack in &config.stacks {
        let server =
            RunningServer::start(stack, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config.server_threads)?;
        for path in ENDPOINTS {
            let target = Target::parse(&format!("http://{}{path}", server.addr()))?;
            let load = LoadConfig { request: RequestSpec::get(&target), target, ..config.load.clone() };
            let outcome = run_load(&load, &format!("{stack} {path}"))?;
            let summary = BenchSummary::new(&load, &outcome);
            runs.push(StackRun { stack, endpoint: path.to_owned(), speedup: 1.0, summary });
        }
    }
    for i in 0..runs.len() {
        let base = runs
            .iter()
            .find(|r| r.stack == baseline && r.endpoint == runs[i].endpoint)
            .map_or(0.0, |r| r.summary.requests_per_s);
        runs[i].speedup = if base > 0.0 { runs[i].summary.requests_per_s / base } else { f64::NAN };
    }
    Ok(Comparison { baseline, server_threads: config.server_threads, comparison: runs })
}
