//! The result of one run as reported: the JSON contract of `veysi http bench URL --json`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::load::{LoadConfig, LoadOutcome};
use super::stats::{Bucket, ErrorCounts, LatencySummary, buckets};

/// Everything measured in one run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchSummary {
    pub url: String,
    pub connections: usize,
    pub threads: usize,
    /// Open model: the requested rate; absent in the closed model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_rate_per_s: Option<f64>,
    /// Measured time: from the end of the warm-up to the last counted response.
    pub duration_s: f64,
    /// Requests sent and counted: `successes` + `errors.status` + transport errors
    /// (`timeout`, `reset`, `read`). Failed connection attempts (`errors.connect`) sent nothing.
    pub requests: u64,
    /// Complete responses with status < 400.
    pub successes: u64,
    pub errors: ErrorCounts,
    /// Status code → responses.
    pub status_codes: BTreeMap<String, u64>,
    pub requests_per_s: f64,
    /// Bytes received per second (response heads and bodies).
    pub bytes_per_s: f64,
    pub bytes_received: u64,
    pub bytes_sent: u64,
    /// Latency of complete responses; in the open model measured from each request's
    /// intended send time (coordinated-omission corrected).
    pub latency_ms: LatencySummary,
    /// Open model only: the same latencies measured from the actual send, uncorrected, to
    /// show what a closed-loop tool would have reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncorrected_latency_ms: Option<LatencySummary>,
    /// Non-empty buckets of the latency histogram (10 % wide, logarithmic).
    pub histogram: Vec<Bucket>,
}

impl BenchSummary {
    /// The summary of a finished run.
    pub fn new(config: &LoadConfig, outcome: &LoadOutcome) -> Self {
        let r = &outcome.recorder;
        let secs = outcome.elapsed.as_secs_f64();
        let per_s = |n: u64| if secs > 0.0 { n as f64 / secs } else { 0.0 };
        let requests = r.requests();
        Self {
            url: config.target.url.clone(),
            connections: config.connections,
            threads: config.threads.clamp(1, config.connections.max(1)),
            target_rate_per_s: config.rate,
            duration_s: secs,
            requests,
            successes: r.successes,
            errors: r.errors,
            status_codes: r.status_map(),
            requests_per_s: per_s(requests),
            bytes_per_s: per_s(r.bytes_received),
            bytes_received: r.bytes_received,
            bytes_sent: r.bytes_sent,
            latency_ms: LatencySummary::of(&r.latency),
            uncorrected_latency_ms: r.uncorrected.as_ref().map(LatencySummary::of),
            histogram: buckets(&r.latency),
        }
    }
}
