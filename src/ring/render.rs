//! Tables for the `ring simulate` reports. Every figure comes from the report; this module
//! only formats.

use crate::report::{Report, Section, Style, fixed, int, num, pct, text};
use crate::ring::scenario::balance::BalanceReport;
use crate::ring::scenario::churn::ChurnReport;
use crate::ring::scenario::concurrent::ConcurrentReport;
use crate::ring::scenario::failure::FailureReport;
use crate::ring::scenario::hotkeys::HotKeysReport;
use crate::ring::scenario::remap::RemapReport;
use crate::ring::scenario::stats::sampling_floor_pct;
use crate::ring::scenario::{Params, ScenarioReport, SimulateReport};

impl Report for SimulateReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        match self {
            SimulateReport::One(report) => report.sections(style),
            SimulateReport::Many(reports) => reports.iter().flat_map(|r| r.sections(style)).collect(),
        }
    }
}

impl Report for ScenarioReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        match self {
            ScenarioReport::Remap(r) => remap(r, style),
            ScenarioReport::Balance(r) => balance(r, style),
            ScenarioReport::Failure(r) => failure(r, style),
            ScenarioReport::Churn(r) => churn(r, style),
            ScenarioReport::Concurrent(r) => concurrent(r, style),
            ScenarioReport::HotKeys(r) => hot_keys(r, style),
        }
    }
}

/// "100,000 keys, 5 nodes, hash xxh3, seed 1".
fn setting(params: &Params) -> String {
    format!(
        "{} keys, {} nodes, hash {}, seed {}",
        int(params.keys),
        params.node_count(),
        params.router.hash,
        params.seed
    )
}

/// `-` for a missing value.
fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "-".to_owned())
}

fn remap(report: &RemapReport, style: &Style) -> Vec<Section> {
    let mut table =
        style.table(&["algorithm", "nodes", "keys moved", "moved", "optimal", "moved between survivors"]);
    for row in &report.rows {
        table.add_row(vec![
            text(row.algorithm),
            num(format!("{} → {}", row.nodes_before, row.nodes_after)),
            num(int(row.keys_moved)),
            num(pct(row.moved_pct, 1)),
            num(pct(row.expected_pct, 1)),
            num(int(row.moved_between_survivors)),
        ]);
    }
    vec![
        Section::new(format!("Remap: keys that change node on a resize ({})", setting(&report.params)), table)
            .note("optimal = the share of the nodes that came or went (Karger monotonicity); modulo moves about N/(N+1).")
            .note("nodes are added at and removed from the end of the list: jump's best case (see the failure scenario).")
            .note("bounded-load re-assigns every key in order under its cap, so loads shift between survivors."),
    ]
}

fn balance(report: &BalanceReport, style: &Style) -> Vec<Section> {
    let params = &report.params;
    let mut table = style.table(&[
        "algorithm",
        "vnodes",
        "std dev (keys)",
        "std dev",
        "max/avg",
        "min/avg",
        "exact share std dev",
        "collisions",
    ]);
    for row in &report.rows {
        table.add_row(vec![
            text(row.algorithm),
            num(or_dash(row.vnodes.map(int))),
            num(int(row.stddev.round() as i64)),
            num(pct(row.stddev_pct, 2)),
            num(fixed(row.max_over_avg, 3)),
            num(fixed(row.min_over_avg, 3)),
            num(or_dash(row.space_stddev_pct.map(|s| pct(s, 2)))),
            num(int(row.collisions)),
        ]);
    }
    let floor = sampling_floor_pct(params.node_count(), params.keys);
    let mut sections = vec![
        Section::new(format!("Balance: keys per node ({})", setting(params)), table)
            .note(format!(
                "sampling floor √((N−1)/K) = {}: a perfect algorithm shows about this std dev with this many keys.",
                pct(floor, 2)
            ))
            .note("exact share std dev: spread of each node's fraction of the hash space (ring arcs, Maglev slots), free of sampling noise.")
            .note(format!("bounded-load caps every node at ⌈(1+ε)·avg⌉ with ε = {}.", params.router.epsilon)),
    ];
    if params.node_count() < 20 {
        sections[0].notes.push(
            "with few nodes the std dev is itself a rough estimate: use --nodes 100 or more to see the ring's 1/√vnodes."
                .into(),
        );
    }
    if !report.by_hash.is_empty() {
        let mut by_hash = style.table(&["hash", "std dev", "max/avg", "exact share std dev"]);
        for row in &report.by_hash {
            by_hash.add_row(vec![
                text(row.hash),
                num(pct(row.stddev_pct, 2)),
                num(fixed(row.max_over_avg, 3)),
                num(pct(row.space_stddev_pct, 2)),
            ]);
        }
        let vnodes = report.by_hash[0].vnodes;
        sections.push(
            Section::new(format!("Balance by hash function: ring with {vnodes} vnodes"), by_hash).note(format!(
                "a well-mixed hash gives an exact share std dev near 1/√vnodes = {}; FNV-1a and CRC32 cluster the labels name#0, name#1, ...",
                pct(100.0 / f64::from(vnodes).sqrt(), 2)
            )),
        );
    }
    sections
}

fn failure(report: &FailureReport, style: &Style) -> Vec<Section> {
    let mut table =
        style.table(&["algorithm", "misses", "on killed nodes", "moved between survivors", "hit rate"]);
    for row in &report.rows {
        table.add_row(vec![
            text(row.algorithm),
            num(int(row.misses)),
            num(int(row.misses_on_killed)),
            num(int(row.moved_between_survivors)),
            num(pct(row.hit_rate_pct, 1)),
        ]);
    }
    let killed = report.rows.first().map(|r| r.killed.join(", ")).unwrap_or_default();
    let mut sections = vec![
        Section::new(
            format!("{}: {killed} killed ({})", title_case(report.scenario), setting(&report.params)),
            table,
        )
        .note("ring, rendezvous, multi-probe and memento promise misses = the killed nodes' keys and 0 moves between survivors."),
    ];
    if let Some(first) = report.rows.first() {
        let mut nodes = style.table(&["node", "keys", ""]);
        for n in &first.keys_per_node {
            let mark = if first.killed.contains(&n.node) { "← killed" } else { "" };
            nodes.add_row(vec![text(&n.node), num(int(n.keys)), text(mark)]);
        }
        sections.push(Section::new(format!("Keys per node before the failure ({})", first.algorithm), nodes));
    }
    sections
}

fn churn(report: &ChurnReport, style: &Style) -> Vec<Section> {
    let mut summary = style.table(&[
        "algorithm",
        "ops ≤ 1.5× K/N",
        "worst ratio",
        "mean ratio",
        "max/avg start",
        "max/avg end",
        "drift (keys)",
    ]);
    for s in &report.summary {
        summary.add_row(vec![
            text(s.algorithm),
            num(format!("{}/{}", s.ops_within_1_5, s.ops)),
            num(fixed(s.worst_bound_ratio, 2)),
            num(fixed(s.mean_bound_ratio, 2)),
            num(fixed(s.max_over_avg_start, 3)),
            num(fixed(s.max_over_avg_end, 3)),
            num(or_dash(s.drift_keys.map(int))),
        ]);
    }
    let mut headers = vec!["step".to_owned(), "op".to_owned()];
    headers.extend(report.summary.iter().map(|s| s.algorithm.to_string()));
    let mut steps = style.table(&headers);
    let ops = report.summary.first().map_or(0, |s| s.ops);
    for step in 1..=ops {
        let of_step: Vec<_> = report.rows.iter().filter(|r| r.step == step).collect();
        let Some(first) = of_step.first() else { continue };
        let mut cells = vec![num(step), text(format!("{} {}", first.op, first.node))];
        cells.extend(of_step.iter().map(|r| num(fixed(r.bound_ratio, 2))));
        steps.add_row(cells);
    }
    vec![
        Section::new(
            format!("Churn: {} add/remove cycles ({})", report.params.cycles, setting(&report.params)),
            summary,
        )
        .note("ratio = keys moved by an operation / (K / max(N before, N after)); a consistent algorithm stays within 1.5.")
        .note("drift = keys routed differently from a router built from scratch on the final nodes (memento: history-dependent by design)."),
        Section::new("Churn: keys moved per operation, as a ratio of K/N", steps),
    ]
}

fn concurrent(report: &ConcurrentReport, style: &Style) -> Vec<Section> {
    let mut table = style.table(&[
        "algorithm",
        "publication",
        "readers",
        "lookups",
        "lookups/s",
        "versions",
        "invalid",
        "regressions",
        "blocked",
        "verified",
        "mismatches",
    ]);
    for row in &report.rows {
        table.add_row(vec![
            text(row.algorithm),
            text(row.publication),
            num(row.readers),
            num(int(row.lookups)),
            num(int(row.lookups_per_s.round() as i64)),
            num(int(row.versions_published)),
            num(int(row.invalid_answers)),
            num(int(row.version_regressions)),
            num(int(row.blocked_reads)),
            num(int(row.verified_answers)),
            num(int(row.mismatches)),
        ]);
    }
    vec![
        Section::new(
            format!("Concurrent: readers route while a writer adds and removes nodes ({})", setting(&report.params)),
            table,
        )
        .note("invalid = answers naming a node not live in the reader's version; regressions = a reader saw an older version after a newer one.")
        .note("verified = sampled answers replayed on a fresh router with the writer's changes; mismatches must be 0.")
        .note("arc-swap: readers load immutable snapshots without locks; rwlock: every lookup takes a read lock the writer holds while it rebuilds.")
        .note("blocked = lookups that found the writer holding the lock and had to wait.")
        .note("bounded-load is not run: its answers depend on shared load counters, not on a snapshot. lookups/s depends on the machine."),
    ]
}

fn hot_keys(report: &HotKeysReport, style: &Style) -> Vec<Section> {
    let params = &report.params;
    let mut table = style.table(&["policy", "max/avg", "min/avg", "off home", "requests per node"]);
    for row in &report.rows {
        let per_node: Vec<String> = row.requests_per_node.iter().map(|&r| int(r)).collect();
        table.add_row(vec![
            text(row.algorithm),
            num(fixed(row.max_over_avg, 3)),
            num(fixed(row.min_over_avg, 3)),
            num(pct(row.off_home_pct, 1)),
            text(per_node.join(" ")),
        ]);
    }
    vec![
        Section::new(
            format!(
                "Hot keys: {} Zipf(s = {}) requests over {} keys, {} nodes, {} vnodes, seed {}",
                int(params.requests),
                params.zipf,
                int(params.keys),
                params.node_count(),
                params.router.vnodes,
                params.seed
            ),
            table,
        )
        .note(format!("the hottest key alone draws {} of all requests.", pct(report.hottest_key_pct, 1)))
        .note(format!(
            "bounded-load: request m may only go to a node holding fewer than ⌈(1+ε)·m/N⌉ requests (ε = {}).",
            params.router.epsilon
        ))
        .note("two-choices: the less loaded of two ring positions; off home = requests served away from the key's ring node."),
    ]
}

/// `mass-failure` → `Mass-failure`.
fn title_case(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
