//! Counting: what each generator thread records per request (an HDR histogram, outcome
//! counts, status codes, bytes), and the summary figures computed from the merged records.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// Why a request (or a connection attempt) failed. Status codes ≥ 400 are answers, not
/// transport failures, and are counted apart from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The TCP connection could not be opened (refused, unreachable, `--connect-timeout`).
    /// No request was sent on it, so it is not counted in `requests`.
    Connect,
    /// No complete response within `--timeout`.
    Timeout,
    /// The peer reset or closed the connection before the response was complete.
    Reset,
    /// The response could not be read: malformed status line, headers or body, or an I/O
    /// error other than a reset.
    Read,
}

/// Failures by class (`status` counts answers with a status code ≥ 400).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ErrorCounts {
    /// Failed connection attempts (no request sent).
    pub connect: u64,
    /// Requests without a complete response within the timeout.
    pub timeout: u64,
    /// Requests whose connection was reset or closed by the peer mid-exchange.
    pub reset: u64,
    /// Requests whose response was malformed or failed to read.
    pub read: u64,
    /// Complete responses with status ≥ 400.
    pub status: u64,
}

impl ErrorCounts {
    fn add(&mut self, other: &ErrorCounts) {
        self.connect += other.connect;
        self.timeout += other.timeout;
        self.reset += other.reset;
        self.read += other.read;
        self.status += other.status;
    }

    /// Requests that were sent and failed at the transport level (connect failures excluded:
    /// no request went out on those).
    pub fn transport(&self) -> u64 {
        self.timeout + self.reset + self.read
    }
}

/// Highest latency the histograms hold: one hour, far past any sane `--timeout`.
const MAX_LATENCY_NS: u64 = 3_600_000_000_000;

/// One generator thread's records. Not shared: each thread owns one and they are merged
/// after the run, so recording needs no locks or atomics.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// Latency of every complete response, in nanoseconds (from the intended send time in
    /// the open model).
    pub latency: Histogram<u64>,
    /// Send-to-response latency without coordinated-omission correction (open model only).
    pub uncorrected: Option<Histogram<u64>>,
    /// Complete responses with status < 400.
    pub successes: u64,
    /// Failures by class.
    pub errors: ErrorCounts,
    /// Responses per status code (index = code, 0..=999).
    pub status_codes: Box<[u64; 1000]>,
    /// Bytes read from the sockets.
    pub bytes_received: u64,
    /// Bytes written to the sockets.
    pub bytes_sent: u64,
}

impl Recorder {
    /// An empty recorder; `open_model` adds the uncorrected histogram.
    pub fn new(open_model: bool) -> Self {
        let hist =
            || Histogram::new_with_bounds(1, MAX_LATENCY_NS, 3).expect("static histogram bounds are valid");
        Self {
            latency: hist(),
            uncorrected: open_model.then(hist),
            successes: 0,
            errors: ErrorCounts::default(),
            status_codes: Box::new([0; 1000]),
            bytes_received: 0,
            bytes_sent: 0,
        }
    }

    /// Records a complete response: its status and latency (corrected and as measured).
    pub fn response(&mut self, status: u16, latency: Duration, uncorrected: Duration) {
        self.latency.saturating_record(nanos(latency));
        if let Some(h) = &mut self.uncorrected {
            h.saturating_record(nanos(uncorrected));
        }
        if let Some(slot) = self.status_codes.get_mut(usize::from(status)) {
            *slot += 1;
        }
        if status >= 400 {
            self.errors.status += 1;
        } else {
            self.successes += 1;
        }
    }

    /// Records a failure of the given class.
    pub fn error(&mut self, class: ErrorClass) {
        let e = &mut self.errors;
        match class {
            ErrorClass::Connect => e.connect += 1,
            ErrorClass::Timeout => e.timeout += 1,
            ErrorClass::Reset => e.reset += 1,
            ErrorClass::Read => e.read += 1,
        }
    }

    /// Requests sent and accounted for: every one ended in exactly one of these.
    pub fn requests(&self) -> u64 {
        self.successes + self.errors.status + self.errors.transport()
    }

    /// Adds another thread's records into this one.
    pub fn merge(&mut self, other: &Recorder) {
        // Both histograms share bounds, so adding cannot fail; saturate rather than panic.
        let _ = self.latency.add(&other.latency);
        if let (Some(mine), Some(theirs)) = (&mut self.uncorrected, &other.uncorrected) {
            let _ = mine.add(theirs);
        }
        self.successes += other.successes;
        self.errors.add(&other.errors);
        for (mine, theirs) in self.status_codes.iter_mut().zip(other.status_codes.iter()) {
            *mine += theirs;
        }
        self.bytes_received += other.bytes_received;
        self.bytes_sent += other.bytes_sent;
    }

    /// Status code → count, for codes seen at least once.
    pub fn status_map(&self) -> BTreeMap<String, u64> {
        self.status_codes
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| (code.to_string(), *n))
            .collect()
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX).max(1)
}

/// Latency figures in milliseconds (all zero when nothing was recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LatencySummary {
    pub mean: f64,
    pub stdev: f64,
    pub min: f64,
    pub p50: f64,
    pub p75: f64,
    pub p90: f64,
    pub p99: f64,
    pub p999: f64,
    pub p9999: f64,
    pub max: f64,
}

const NS_PER_MS: f64 = 1e6;

impl LatencySummary {
    /// The summary of a nanosecond histogram.
    pub fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        let q = |p: f64| h.value_at_quantile(p) as f64 / NS_PER_MS;
        Self {
            mean: h.mean() / NS_PER_MS,
            stdev: h.stdev() / NS_PER_MS,
            min: h.min() as f64 / NS_PER_MS,
            p50: q(0.50),
            p75: q(0.75),
            p90: q(0.90),
            p99: q(0.99),
            p999: q(0.999),
            p9999: q(0.9999),
            max: h.max() as f64 / NS_PER_MS,
        }
    }
}

/// One histogram bucket: `count` latencies at most `le_ms` (and above the previous bucket).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bucket {
    pub le_ms: f64,
    pub count: u64,
}

/// The first bucket's upper bound (1 µs) and the growth factor between buckets (10 %): fine
/// enough to plot, a few hundred buckets at most from microseconds to minutes.
const FIRST_BUCKET_NS: u64 = 1_000;
const BUCKET_GROWTH: f64 = 1.1;

/// The non-empty buckets of a histogram on a logarithmic scale.
pub fn buckets(h: &Histogram<u64>) -> Vec<Bucket> {
    if h.is_empty() {
        return Vec::new();
    }
    h.iter_log(FIRST_BUCKET_NS, BUCKET_GROWTH)
        .filter(|v| v.count_since_last_iteration() > 0)
        .map(|v| Bucket {
            le_ms: v.value_iterated_to() as f64 / NS_PER_MS,
            count: v.count_since_last_iteration(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_lands_in_exactly_one_count() {
        let mut r = Recorder::new(false);
        r.response(200, Duration::from_millis(1), Duration::from_millis(1));
        r.response(503, Duration::from_millis(2), Duration::from_millis(2));
        r.error(ErrorClass::Timeout);
        r.error(ErrorClass::Reset);
        r.error(ErrorClass::Read);
        r.error(ErrorClass::Connect);
        assert_eq!(r.requests(), 5, "connect failures are not requests");
        assert_eq!((r.successes, r.errors.status, r.errors.connect), (1, 1, 1));
        assert_eq!(r.status_map(), BTreeMap::from([("200".into(), 1), ("503".into(), 1)]));
        assert_eq!(r.latency.len(), 2, "only complete responses have a latency");
    }

    #[test]
    fn merge_adds_everything() {
        let mut a = Recorder::new(true);
        let mut b = Recorder::new(true);
        a.response(200, Duration::from_micros(100), Duration::from_micros(50));
        b.response(200, Duration::from_micros(300), Duration::from_micros(60));
        b.error(ErrorClass::Timeout);
        b.bytes_received = 10;
        a.merge(&b);
        assert_eq!((a.requests(), a.successes, a.bytes_received), (3, 2, 10));
        assert_eq!(a.latency.len(), 2);
        assert_eq!(a.uncorrected.as_ref().map(|h| h.len()), Some(2));
        let s = LatencySummary::of(&a.latency);
        assert!((s.mean - 0.2).abs() < 0.001, "{s:?}");
        assert!(s.max > 0.29 && s.min < 0.11, "{s:?}");
    }

    #[test]
    fn buckets_cover_all_samples_in_rising_order() {
        let mut r = Recorder::new(false);
        for us in [5, 50, 51, 500, 5000] {
            r.response(200, Duration::from_micros(us), Duration::ZERO);
        }
        let b = buckets(&r.latency);
        assert_eq!(b.iter().map(|b| b.count).sum::<u64>(), 5);
        assert!(b.windows(2).all(|w| w[0].le_ms < w[1].le_ms), "{b:?}");
        assert!(b[0].le_ms >= 0.005 && b[b.len() - 1].le_ms >= 5.0, "{b:?}");
    }
}
