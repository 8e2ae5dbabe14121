//! The human rendering of a [`BenchReport`]: results, the comparison, pool stats, chaos.

use super::BenchReport;
use crate::report::{Report, Section, Style, fixed, int, num, text};

impl Report for BenchReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut sections = vec![results(self, style)];
        if !self.comparison.is_empty() {
            sections.push(comparison(self, style));
        }
        sections.push(stats(self, style));
        if let Some(chaos) = &self.chaos {
            let mut table = style.table(&[
                "restarts",
                "dropped",
                "down ms",
                "get errors",
                "io errors",
                "max recovery ms",
                "unrecovered",
                "max get ms",
                "past deadline",
                "invariant breaks",
            ]);
            table.add_row(vec![
                num(int(chaos.restarts)),
                num(int(chaos.dropped_connections)),
                num(fixed(chaos.downtime_ms, 0)),
                num(int(chaos.get_errors)),
                num(int(chaos.io_errors)),
                num(fixed(chaos.max_recovery_ms, 1)),
                num(int(chaos.unrecovered)),
                num(fixed(chaos.max_get_ms, 1)),
                num(int(chaos.gets_past_deadline)),
                num(format!("{} / {}", int(chaos.invariant_violations), int(chaos.invariant_checks))),
            ]);
            let recoveries: Vec<String> = chaos.recovery_ms.iter().map(|ms| fixed(*ms, 1)).collect();
            sections.push(
                Section::new("Chaos: the server dropped connections and restarted", table)
                    .note(format!("recovery after each restart (ms): {}", recoveries.join(", ")))
                    .note(format!(
                        "every get had a {} ms deadline; recovery = server listening again → first successful round trip",
                        fixed(chaos.get_deadline_ms, 0)
                    )),
            );
        }
        sections
    }
}

fn results(report: &BenchReport, style: &Style) -> Section {
    let mut table = style.table(&[
        "pool", "scenario", "workers", "ops", "errors", "ns/op", "p50 ns", "p99 ns", "p99.9 ns", "ops/s",
    ]);
    for row in &report.rows {
        table.add_row(vec![
            text(row.pool),
            text(row.scenario),
            num(int(row.workers as u64)),
            num(int(row.ops)),
            num(int(row.errors)),
            num(fixed(row.ns_per_op, 1)),
            num(int(row.p50_ns)),
            num(int(row.p99_ns)),
            num(int(row.p999_ns)),
            num(int(row.ops_per_s.round() as u64)),
        ]);
    }
    let mut section = Section::new(format!("pool bench against {}", report.target), table)
        .note("ns/op = wall time ÷ operations (all workers); percentiles are per-operation latencies (get/put scenarios without ping time every 8th operation)");
    for row in report.rows.iter().filter(|r| r.first_error.is_some()) {
        section = section.note(format!(
            "{} {}: first error: {}",
            row.pool,
            row.scenario,
            row.first_error.as_deref().unwrap_or_default()
        ));
    }
    section
}

fn comparison(report: &BenchReport, style: &Style) -> Section {
    let mut table =
        style.table(&["scenario", "veysi ns/op", "deadpool ns/op", "× vs deadpool", "bb8 ns/op", "× vs bb8"]);
    let opt = |v: Option<f64>, decimals| v.map_or_else(|| "-".to_owned(), |v| fixed(v, decimals));
    for c in &report.comparison {
        table.add_row(vec![
            text(c.scenario),
            num(fixed(c.veysi_ns_per_op, 1)),
            num(opt(c.deadpool_ns_per_op, 1)),
            num(opt(c.speedup_vs_deadpool, 2)),
            num(opt(c.bb8_ns_per_op, 1)),
            num(opt(c.speedup_vs_bb8, 2)),
        ]);
    }
    Section::new(
        "Compared in the same process (× = peer ns/op ÷ veysi ns/op; above 1 means veysi is faster)",
        table,
    )
}

fn stats(report: &BenchReport, style: &Style) -> Section {
    let mut table = style.table(&[
        "scenario",
        "size",
        "active",
        "idle",
        "requests",
        "successes",
        "timeouts",
        "created",
        "dial failed",
        "ping failed",
        "unusable",
        "waits",
        "wait ms",
    ]);
    for row in &report.rows {
        let Some(s) = &row.stats else { continue };
        table.add_row(vec![
            text(row.scenario),
            num(int(s.size)),
            num(int(s.active)),
            num(int(s.idle)),
            num(int(s.requests)),
            num(int(s.successes)),
            num(int(s.timeouts)),
            num(int(s.created)),
            num(int(s.dial_failed)),
            num(int(s.ping_failed)),
            num(int(s.unusable_closed)),
            num(int(s.wait_count)),
            num(fixed(s.wait_time_ns as f64 / 1e6, 1)),
        ]);
    }
    Section::new("veysi pool stats at the end of each scenario", table)
}
