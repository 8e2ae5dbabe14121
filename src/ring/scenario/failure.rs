//! `failure` and `mass-failure`: nodes die (one, or half of them at once, chosen by the
//! seed) and are removed from the router. A cache in front of each node then misses on
//! every key whose node changed. Minimal disruption means the misses are exactly the dead
//! nodes' keys and no key moves between survivors: ring, rendezvous, multi-probe and
//! memento promise it; modulo and jump renumber, Maglev rebuilds its table and
//! bounded-load re-balances, and the rows show what that costs.

use rand::SeedableRng as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom as _;
use serde::Serialize;

use super::stats::pct;
use super::sweep::{Universe, merge_counts, sweep};
use super::{NODE_PREFIX, Params, Scenario, SimError};
use crate::ring::keys::Observer;
use crate::ring::router::Algorithm;

/// A node's key count before the failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeKeys {
    /// Node name.
    pub node: String,
    /// Keys it held.
    pub keys: u64,
}

/// One algorithm's failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureRow {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The nodes that died.
    pub killed: Vec<String>,
    /// Keys whose node changed: cache misses after the failure.
    pub misses: u64,
    /// Of those, keys that lived on a dead node (unavoidable).
    pub misses_on_killed: u64,
    /// Keys that moved from one survivor to another (avoidable).
    pub moved_between_survivors: u64,
    /// Keys routed.
    pub keys: u64,
    /// Keys still on their node, percent.
    pub hit_rate_pct: f64,
    /// Every node's keys before the failure.
    pub keys_per_node: Vec<NodeKeys>,
}

/// The `failure` or `mass-failure` scenario's report.
#[derive(Debug, Serialize)]
pub struct FailureReport {
    /// `failure` or `mass-failure`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// One row per algorithm.
    pub rows: Vec<FailureRow>,
}

/// The nodes that die: one for `failure`, half for `mass-failure`, chosen by the seed.
pub fn victims(scenario: Scenario, params: &Params) -> Vec<String> {
    let n = params.node_count();
    let count = if scenario == Scenario::MassFailure { n / 2 } else { 1 };
    let mut names: Vec<String> = (1..=n).map(|i| format!("{NODE_PREFIX}{i}")).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    names.shuffle(&mut rng);
    names.truncate(count);
    names.sort_by_key(|name| name[NODE_PREFIX.len()..].parse::<usize>().unwrap_or(usize::MAX));
    names
}

/// Runs `failure` or `mass-failure`.
pub fn run(scenario: Scenario, params: &Params, observer: &dyn Observer) -> Result<FailureReport, SimError> {
    let killed = victims(scenario, params);
    let keys = params.key_space();
    let mut rows = Vec::new();
    for &algorithm in &params.algorithms {
        observer.stage(&format!("{}: {algorithm}", scenario.name()), keys.count);
        let before = params.build(algorithm)?;
        let mut after = before.clone();
        for name in &killed {
            after.remove(name)?;
        }
        let mut universe = Universe::default();
        let views = [universe.view(before.as_ref()), universe.view(after.as_ref())];
        let n = universe.len();
        let dead: Vec<bool> = (0..n as u32).map(|id| killed.iter().any(|k| k == universe.name(id))).collect();
        // Per worker: keys per node before, then misses, misses on dead nodes, survivor moves.
        let states = sweep(
            keys,
            params.threads,
            observer,
            &views,
            || vec![0u64; n + 3],
            |acc, _, o| {
                acc[o[0] as usize] += 1;
                if o[0] != o[1] {
                    acc[n] += 1;
                    if dead[o[0] as usize] {
                        acc[n + 1] += 1;
                    } else {
                        acc[n + 2] += 1;
                    }
                }
            },
        )?;
        let total = merge_counts(states);
        rows.push(FailureRow {
            algorithm,
            killed: killed.clone(),
            misses: total[n],
            misses_on_killed: total[n + 1],
            moved_between_survivors: total[n + 2],
            keys: keys.count,
            hit_rate_pct: 100.0 - pct(total[n], keys.count),
            keys_per_node: (0..n)
                .map(|id| NodeKeys { node: universe.name(id as u32).to_owned(), keys: total[id] })
                .collect(),
        });
    }
    Ok(FailureReport { scenario: scenario.name(), params: params.clone(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    fn check(scenario: Scenario, nodes: usize) {
        let params = Params { keys: 50_000, nodes: Some(nodes), threads: 2, seed: 7, ..Params::default() };
        let report = run(scenario, &params, &Silent).unwrap();
        for row in &report.rows {
            let on_killed: u64 =
                row.keys_per_node.iter().filter(|n| row.killed.contains(&n.node)).map(|n| n.keys).sum();
            // Every key of a dead node misses, whatever the algorithm.
            assert_eq!(row.misses_on_killed, on_killed, "{row:?}");
            assert_eq!(row.misses, row.misses_on_killed + row.moved_between_survivors);
            if row.algorithm.promises_minimal_disruption() {
                assert_eq!(row.moved_between_survivors, 0, "{row:?}");
                assert_eq!(row.misses, on_killed, "{row:?}");
            }
            assert_eq!(row.keys_per_node.iter().map(|n| n.keys).sum::<u64>(), 50_000);
        }
        let of = |a: Algorithm| report.rows.iter().find(|r| r.algorithm == a).unwrap();
        assert!(of(Algorithm::Modulo).moved_between_survivors > 10_000);
        assert!(of(Algorithm::Maglev).moved_between_survivors > 0);
    }

    #[test]
    fn one_death_misses_exactly_its_keys_for_minimal_disruption_algorithms() {
        check(Scenario::Failure, 5);
    }

    #[test]
    fn half_the_nodes_dying_moves_nothing_between_survivors() {
        check(Scenario::MassFailure, 10);
    }

    #[test]
    fn victims_depend_on_the_seed_only() {
        let p = Params { nodes: Some(10), seed: 3, ..Params::default() };
        let v = victims(Scenario::MassFailure, &p);
        assert_eq!(v.len(), 5);
        assert_eq!(v, victims(Scenario::MassFailure, &p));
        assert_ne!(v, victims(Scenario::MassFailure, &Params { seed: 4, ..p.clone() }));
        assert_eq!(victims(Scenario::Failure, &p).len(), 1);
    }
}
