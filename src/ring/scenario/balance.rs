//! `balance`: how evenly keys spread over nodes. For the ring, a sweep over vnode counts
//! (the seed article's table) and a comparison of hash functions; for every algorithm, its
//! spread at the configured settings. Each row carries the sampling floor √((N−1)/K): the
//! spread a perfect algorithm shows with K keys. Where the algorithm has exact shares of the
//! hash space (ring arcs, Maglev slots) their spread is reported too: the algorithm's own
//! imbalance, without sampling noise (Gryski: ring at 100 vnodes ≈ 10 %, 1000 ≈ 3.2 %).

use serde::Serialize;

use super::stats::{Spread, sampling_floor_pct, shares_stddev_pct, spread};
use super::sweep::{Universe, merge_counts, sweep};
use super::{Params, SimError};
use crate::ring::hash::HashKind;
use crate::ring::keys::Observer;
use crate::ring::router::{Algorithm, Router, RouterConfig};

/// The spread of one algorithm at one setting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceRow {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Virtual nodes per node (ring and bounded-load), else `null`.
    pub vnodes: Option<u32>,
    /// Nodes.
    pub nodes: usize,
    /// Keys routed.
    pub keys: u64,
    /// Standard deviation of per-node key counts, in keys.
    pub stddev: f64,
    /// Largest per-node count over the mean.
    pub max_over_avg: f64,
    /// Smallest per-node count over the mean.
    pub min_over_avg: f64,
    /// Standard deviation relative to the mean, percent.
    pub stddev_pct: f64,
    /// What sampling alone gives a perfect algorithm, percent: √((N−1)/K).
    pub sampling_floor_pct: f64,
    /// Spread of the exact hash-space shares, percent (ring, Maglev), else `null`.
    pub space_stddev_pct: Option<f64>,
    /// Vnode positions skipped because they collided.
    pub collisions: u64,
}

/// The ring's spread under one hash function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashRow {
    /// The hash function.
    pub hash: HashKind,
    /// Virtual nodes per node.
    pub vnodes: u32,
    /// Per-node key counts' standard deviation relative to the mean, percent.
    pub stddev_pct: f64,
    /// Largest per-node count over the mean.
    pub max_over_avg: f64,
    /// Spread of the exact hash-space shares, percent.
    pub space_stddev_pct: f64,
}

/// The `balance` scenario's report.
#[derive(Debug, Serialize)]
pub struct BalanceReport {
    /// Always `balance`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// The ring at each vnode count of the sweep, then every other algorithm.
    pub rows: Vec<BalanceRow>,
    /// The ring at `--vnodes` under each hash function (empty when ring is not selected).
    pub by_hash: Vec<HashRow>,
}

/// Per-node key counts of `router` over the run's keys.
fn counts(
    params: &Params,
    observer: &dyn Observer,
    label: &str,
    router: &dyn Router,
) -> Result<Vec<u64>, SimError> {
    observer.stage(label, params.keys);
    let mut universe = Universe::default();
    let views = [universe.view(router)];
    let n = router.nodes().len();
    let states = sweep(
        params.key_space(),
        params.threads,
        observer,
        &views,
        || vec![0u64; n],
        |c, _, o| {
            c[o[0] as usize] += 1;
        },
    )?;
    Ok(merge_counts(states))
}

fn row(params: &Params, router: &dyn Router, vnodes: Option<u32>, counts: &[u64]) -> BalanceRow {
    let Spread { stddev, stddev_pct, max_over_avg, min_over_avg } = spread(counts);
    BalanceRow {
        algorithm: router.algorithm(),
        vnodes,
        nodes: counts.len(),
        keys: params.keys,
        stddev,
        max_over_avg,
        min_over_avg,
        stddev_pct,
        sampling_floor_pct: sampling_floor_pct(counts.len(), params.keys),
        space_stddev_pct: router.space_shares().map(|s| shares_stddev_pct(&s)),
        collisions: router.collisions(),
    }
}

/// Runs the scenario.
pub fn run(params: &Params, observer: &dyn Observer) -> Result<BalanceReport, SimError> {
    let mut rows = Vec::new();
    let mut by_hash = Vec::new();
    let ring_selected = params.algorithms.contains(&Algorithm::Ring);
    if ring_selected {
        for &vnodes in &params.vnode_sweep {
            let p = Params { router: RouterConfig { vnodes, ..params.router }, ..params.clone() };
            let ring = p.build(Algorithm::Ring)?;
            let c = counts(&p, observer, &format!("balance: ring, {vnodes} vnodes"), ring.as_ref())?;
            rows.push(row(&p, ring.as_ref(), Some(vnodes), &c));
        }
    }
    for &algorithm in &params.algorithms {
        if algorithm == Algorithm::Ring && params.vnode_sweep.contains(&params.router.vnodes) {
            continue;
        }
        let router = params.build(algorithm)?;
        let c = counts(params, observer, &format!("balance: {algorithm}"), router.as_ref())?;
        let vnodes =
            matches!(algorithm, Algorithm::Ring | Algorithm::BoundedLoad).then_some(params.router.vnodes);
        rows.push(row(params, router.as_ref(), vnodes, &c));
    }
    if ring_selected {
        for &hash in <HashKind as clap::ValueEnum>::value_variants() {
            let p = Params { router: RouterConfig { hash, ..params.router }, ..params.clone() };
            let ring = p.build(Algorithm::Ring)?;
            let c = counts(&p, observer, &format!("balance: ring, {hash}"), ring.as_ref())?;
            let r = row(&p, ring.as_ref(), Some(p.router.vnodes), &c);
            by_hash.push(HashRow {
                hash,
                vnodes: p.router.vnodes,
                stddev_pct: r.stddev_pct,
                max_over_avg: r.max_over_avg,
                space_stddev_pct: r.space_stddev_pct.unwrap_or(0.0),
            });
        }
    }
    Ok(BalanceReport { scenario: "balance", params: params.clone(), rows, by_hash })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    #[test]
    fn more_vnodes_balance_better_and_perfect_algorithms_sit_near_the_floor() {
        let params = Params { keys: 200_000, nodes: Some(5), threads: 2, ..Params::default() };
        let report = run(&params, &Silent).unwrap();
        let ring: Vec<&BalanceRow> = report.rows.iter().filter(|r| r.algorithm == Algorithm::Ring).collect();
        assert_eq!(
            ring.iter().map(|r| r.vnodes).collect::<Vec<_>>(),
            [Some(1), Some(50), Some(150), Some(500)]
        );
        assert!(ring[0].max_over_avg > ring[3].max_over_avg, "1 vnode must be worse than 500");
        assert!(ring[3].stddev_pct < 8.0, "{:?}", ring[3]);
        for row in &report.rows {
            assert_eq!(row.nodes, 5);
            let floor = row.sampling_floor_pct;
            match row.algorithm {
                // Exact by construction: within a few sampling floors.
                Algorithm::Modulo
                | Algorithm::Jump
                | Algorithm::Rendezvous
                | Algorithm::Memento
                | Algorithm::Maglev => {
                    assert!(row.stddev_pct < 4.0 * floor + 0.1, "{row:?}");
                }
                Algorithm::BoundedLoad => assert!(row.max_over_avg <= 1.25 + 1e-9, "{row:?}"),
                Algorithm::MultiProbe => assert!(row.max_over_avg < 1.1, "{row:?}"),
                Algorithm::Ring => {}
            }
        }
        assert_eq!(report.by_hash.len(), 6);
        let xxh3 = report.by_hash.iter().find(|h| h.hash == HashKind::Xxh3).unwrap();
        assert!(xxh3.space_stddev_pct < 12.0, "{xxh3:?}");
    }
}
