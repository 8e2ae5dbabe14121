//! The table rendering of the reports (figures come computed in the report; this only
//! formats them).

use crate::report::{Report, Section, Style, fixed, int, num, text};

use super::compare::Comparison;
use super::stats::LatencySummary;
use super::summary::BenchSummary;

/// Column headers of a latency row, in [`latency_cells`] order.
pub const LATENCY_HEADERS: [&str; 10] =
    ["mean", "stdev", "min", "p50", "p75", "p90", "p99", "p99.9", "p99.99", "max"];

/// A latency summary as right-aligned cells, milliseconds with microsecond precision.
pub fn latency_cells(l: &LatencySummary) -> Vec<comfy_table::Cell> {
    [l.mean, l.stdev, l.min, l.p50, l.p75, l.p90, l.p99, l.p999, l.p9999, l.max]
        .into_iter()
        .map(|v| num(fixed(v, 3)))
        .collect()
}

/// Bytes per second in binary units (`1.23 MiB/s`).
pub fn bytes_rate(per_s: f64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let (mut value, mut unit) = (per_s, 0);
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{} {}/s", fixed(value, 2), UNITS[unit])
}

impl Report for BenchSummary {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut load = style.table(&["url", "connections", "threads", "model", "duration s"]);
        let model = match self.target_rate_per_s {
            Some(rate) => format!("open, {} req/s", fixed(rate, 1)),
            None => "closed".to_owned(),
        };
        load.add_row(vec![
            text(&self.url),
            num(self.connections),
            num(self.threads),
            text(model),
            num(fixed(self.duration_s, 2)),
        ]);

        let mut throughput = style.table(&["requests", "successes", "errors", "requests/s", "transfer/s"]);
        let failed = self.requests - self.successes;
        throughput.add_row(vec![
            num(int(self.requests)),
            num(int(self.successes)),
            num(int(failed)),
            num(int(self.requests_per_s.round() as i64)),
            num(bytes_rate(self.bytes_per_s)),
        ]);

        let mut headers = vec!["latency ms"];
        headers.extend(LATENCY_HEADERS);
        let mut latency = style.table(&headers);
        let mut row = vec![text(if self.uncorrected_latency_ms.is_some() { "corrected" } else { "all" })];
        row.extend(latency_cells(&self.latency_ms));
        latency.add_row(row);
        if let Some(uncorrected) = &self.uncorrected_latency_ms {
            let mut row = vec![text("uncorrected")];
            row.extend(latency_cells(uncorrected));
            latency.add_row(row);
        }

        let e = &self.errors;
        let mut outcomes = style.table(&["outcome", "count"]);
        for (name, count) in [
            ("success (< 400)", self.successes),
            ("status >= 400", e.status),
            ("timeout", e.timeout),
            ("reset", e.reset),
            ("read", e.read),
            ("connect (no request sent)", e.connect),
        ] {
            outcomes.add_row(vec![text(name), num(int(count))]);
        }
        let mut codes = style.table(&["status", "responses"]);
        for (code, count) in &self.status_codes {
            codes.add_row(vec![text(code), num(int(*count))]);
        }

        let mut latency_section = Section::new("Latency", latency);
        if self.uncorrected_latency_ms.is_some() {
            latency_section = latency_section.note(
                "corrected: from each request's intended send time (coordinated omission accounted for); \
                 uncorrected: from the actual send",
            );
        }
        vec![
            Section::new("Load", load),
            Section::new("Throughput", throughput),
            latency_section,
            Section::new("Outcomes", outcomes),
            Section::new("Status codes", codes),
        ]
    }
}

impl Report for Comparison {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut table = style.table(&[
            "stack",
            "endpoint",
            "requests/s",
            "p50 ms",
            "p99 ms",
            "errors",
            &format!("vs {}", self.baseline),
        ]);
        for run in &self.comparison {
            let s = &run.summary;
            table.add_row(vec![
                text(run.stack),
                text(&run.endpoint),
                num(int(s.requests_per_s.round() as i64)),
                num(fixed(s.latency_ms.p50, 3)),
                num(fixed(s.latency_ms.p99, 3)),
                num(int(s.requests - s.successes)),
                num(format!("{}x", fixed(run.speedup, 2))),
            ]);
        }
        let first = self.comparison.first().map(|r| &r.summary);
        let setup = first.map_or_else(String::new, |s| {
            format!(
                "{} connections on {} generator thread(s), {} server thread(s), {} s per run, all on 127.0.0.1 in this process",
                s.connections,
                s.threads,
                self.server_threads,
                fixed(s.duration_s, 1)
            )
        });
        vec![Section::new("Server stacks", table).note(setup)]
    }
}
