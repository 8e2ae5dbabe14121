//! `churn`: rapid membership changes. Each cycle adds a fresh node, then removes a live node
//! chosen by the seed (possibly the newcomer), so the cluster oscillates between N+1 and N.
//! For every operation: keys moved against the ideal K/max(N_before, N_after) (a consistent
//! algorithm stays within 1.5×), and the balance after it. Drift: after all operations,
//! keys whose node differs from a router built from scratch on the final nodes. It is zero
//! for every algorithm whose answers depend on the node set alone (a ring that overwrote
//! colliding vnodes would drift); memento depends on its removal history by design, so its
//! drift is not reported.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};
use serde::Serialize;

use super::stats::spread;
use super::sweep::{Universe, merge_counts, sweep};
use super::{NODE_PREFIX, Params, SimError};
use crate::ring::keys::Observer;
use crate::ring::router::{Algorithm, Node, Router};

/// One operation of one algorithm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnRow {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Operation number, from 1.
    pub step: u32,
    /// `add` or `remove`.
    pub op: &'static str,
    /// The node added or removed.
    pub node: String,
    /// Nodes after the operation.
    pub nodes_after: usize,
    /// Keys whose node changed.
    pub keys_moved: u64,
    /// The ideal: K / max(nodes before, nodes after).
    pub expected_moved: f64,
    /// `keys_moved / expected_moved`.
    pub bound_ratio: f64,
    /// Largest per-node key count over the mean, after the operation.
    pub max_over_avg: f64,
}

/// One algorithm's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnSummary {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Operations performed.
    pub ops: u32,
    /// The largest `bound_ratio`.
    pub worst_bound_ratio: f64,
    /// The mean `bound_ratio`.
    pub mean_bound_ratio: f64,
    /// Operations with `bound_ratio` ≤ 1.5.
    pub ops_within_1_5: u32,
    /// Max/avg before the first operation.
    pub max_over_avg_start: f64,
    /// Max/avg after the last one.
    pub max_over_avg_end: f64,
    /// Keys routed differently from a router built from scratch on the final nodes; `null`
    /// for history-dependent algorithms (memento).
    pub drift_keys: Option<u64>,
}

/// The `churn` scenario's report.
#[derive(Debug, Serialize)]
pub struct ChurnReport {
    /// Always `churn`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// One row per operation per algorithm.
    pub rows: Vec<ChurnRow>,
    /// One summary per algorithm.
    pub summary: Vec<ChurnSummary>,
}

/// An add or a remove of a named node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    Add(String),
    Remove(String),
}

impl Op {
    fn kind(&self) -> &'static str {
        match self {
            Op::Add(_) => "add",
            Op::Remove(_) => "remove",
        }
    }

    fn node(&self) -> &str {
        match self {
            Op::Add(name) | Op::Remove(name) => name,
        }
    }

    /// Applies the operation to a router.
    pub(crate) fn apply(&self, router: &mut dyn Router) -> Result<(), SimError> {
        match self {
            Op::Add(name) => router.add(Node::new(name.clone()))?,
            Op::Remove(name) => {
                router.remove(name)?;
            }
        }
        Ok(())
    }
}

/// A seeded sequence of `cycles` add/remove pairs over nodes `node-1..node-n`: each cycle
/// adds `node-{n+c}` and then removes a random live node.
pub(crate) fn cycle_ops(n: usize, cycles: u32, seed: u64) -> Vec<Op> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0xc4u64);
    let mut live: Vec<String> = (1..=n).map(|i| format!("{NODE_PREFIX}{i}")).collect();
    let mut ops = Vec::with_capacity(2 * cycles as usize);
    for c in 1..=cycles as usize {
        let name = format!("{NODE_PREFIX}{}", n + c);
        live.push(name.clone());
        ops.push(Op::Add(name));
        let victim = live.remove(rng.random_range(0..live.len()));
        ops.push(Op::Remove(victim));
    }
    ops
}

/// Runs the scenario.
pub fn run(params: &Params, observer: &dyn Observer) -> Result<ChurnReport, SimError> {
    let ops = cycle_ops(params.node_count(), params.cycles, params.seed);
    let keys = params.key_space();
    let mut rows = Vec::new();
    let mut summary = Vec::new();
    for &algorithm in &params.algorithms {
        observer.stage(&format!("churn: {algorithm}"), keys.count);
        let mut states = vec![params.build(algorithm)?];
        for op in &ops {
            let mut next = states[states.len() - 1].clone();
            op.apply(next.as_mut())?;
            states.push(next);
        }
        let last = &states[states.len() - 1];
        let fresh = algorithm.build(last.nodes().to_vec(), &params.router_config())?;
        let mut universe = Universe::default();
        let mut views: Vec<_> = states.iter().map(|s| universe.view(s.as_ref())).collect();
        views.push(universe.view(fresh.as_ref()));
        let (s, u) = (states.len(), universe.len());
        // Per worker: keys per node per state, then moves per operation, then drift.
        let totals = merge_counts(sweep(
            keys,
            params.threads,
            observer,
            &views,
            || vec![0u64; s * u + s],
            |acc, _, o| {
                for (state, &owner) in o[..s].iter().enumerate() {
                    acc[state * u + owner as usize] += 1;
                }
                for op in 0..s - 1 {
                    acc[s * u + op] += u64::from(o[op] != o[op + 1]);
                }
                acc[s * u + s - 1] += u64::from(o[s - 1] != o[s]);
            },
        )?);
        let balance = |state: usize| {
            let counts: Vec<u64> =
                views[state].ids().iter().map(|&id| totals[state * u + id as usize]).collect();
            spread(&counts).max_over_avg
        };
        let mut ratios = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let (before, after) = (states[i].nodes().len(), states[i + 1].nodes().len());
            let expected = keys.count as f64 / before.max(after) as f64;
            let moved = totals[s * u + i];
            ratios.push(moved as f64 / expected);
            rows.push(ChurnRow {
                algorithm,
                step: i as u32 + 1,
                op: op.kind(),
                node: op.node().to_owned(),
                nodes_after: after,
                keys_moved: moved,
                expected_moved: expected,
                bound_ratio: moved as f64 / expected,
                max_over_avg: balance(i + 1),
            });
        }
        summary.push(ChurnSummary {
            algorithm,
            ops: ops.len() as u32,
            worst_bound_ratio: ratios.iter().copied().fold(0.0, f64::max),
            mean_bound_ratio: if ratios.is_empty() {
                0.0
            } else {
                ratios.iter().sum::<f64>() / ratios.len() as f64
            },
            ops_within_1_5: ratios.iter().filter(|&&r| r <= 1.5).count() as u32,
            max_over_avg_start: balance(0),
            max_over_avg_end: balance(s - 1),
            drift_keys: (algorithm != Algorithm::Memento).then_some(totals[s * u + s - 1]),
        });
    }
    Ok(ChurnReport { scenario: "churn", params: params.clone(), rows, summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    #[test]
    fn cycles_add_then_remove_a_live_node() {
        let ops = cycle_ops(5, 20, 42);
        assert_eq!(ops.len(), 40);
        assert_eq!(ops[0], Op::Add("node-6".into()));
        assert!(matches!(ops[1], Op::Remove(_)));
        assert_eq!(ops, cycle_ops(5, 20, 42));
        assert_ne!(ops, cycle_ops(5, 20, 43));
    }

    #[test]
    fn consistent_algorithms_stay_within_1_5_of_k_over_n_and_never_drift() {
        let params = Params { keys: 40_000, nodes: Some(5), cycles: 10, threads: 2, ..Params::default() };
        let report = run(&params, &Silent).unwrap();
        for s in &report.summary {
            match s.algorithm {
                Algorithm::Memento => assert_eq!(s.drift_keys, None),
                _ => assert_eq!(s.drift_keys, Some(0), "{s:?}"),
            }
            if matches!(s.algorithm, Algorithm::Ring | Algorithm::Rendezvous | Algorithm::Memento) {
                assert_eq!(s.ops_within_1_5, s.ops, "{s:?}");
                assert!(s.worst_bound_ratio <= 1.5, "{s:?}");
            }
            if s.algorithm == Algorithm::MultiProbe {
                // One position per node: with 5 nodes a node's share varies more than with vnodes.
                assert!(s.worst_bound_ratio < 2.0 && (s.mean_bound_ratio - 1.0).abs() < 0.1, "{s:?}");
            }
        }
        let modulo = report.summary.iter().find(|s| s.algorithm == Algorithm::Modulo).unwrap();
        assert!(modulo.worst_bound_ratio > 3.0, "{modulo:?}");
        assert_eq!(report.rows.len(), 20 * Algorithm::ALL.len());
    }
}
