//! `remap`: how many keys change owner when the cluster grows from N to N+add nodes (new
//! nodes appended) and shrinks from N to N−remove (the last nodes leave, as a scale-in
//! does). The optimum is the changed nodes' share: add/(N+add) and remove/N (Karger's
//! monotonicity); modulo moves about N/(N+1). Keys moved between nodes present on both
//! sides are counted separately: for a consistent algorithm there are none.

use serde::Serialize;

use super::stats::pct;
use super::sweep::{Universe, sweep};
use super::{NODE_PREFIX, Params, SimError};
use crate::ring::keys::Observer;
use crate::ring::router::{Algorithm, Node};

/// One resize of one algorithm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemapRow {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Nodes before the change.
    pub nodes_before: usize,
    /// Nodes after it.
    pub nodes_after: usize,
    /// Keys routed.
    pub keys: u64,
    /// Keys whose node changed.
    pub keys_moved: u64,
    /// The same in percent of all keys.
    pub moved_pct: f64,
    /// The optimum in percent: the share of the nodes that came or went.
    pub expected_pct: f64,
    /// Keys that moved between nodes present before and after (0 for a monotone algorithm).
    pub moved_between_survivors: u64,
}

/// The `remap` scenario's report.
#[derive(Debug, Serialize)]
pub struct RemapReport {
    /// Always `remap`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// Two rows per algorithm: growth, then shrinkage.
    pub rows: Vec<RemapRow>,
}

/// Runs the scenario.
pub fn run(params: &Params, observer: &dyn Observer) -> Result<RemapReport, SimError> {
    let n = params.node_count();
    let keys = params.key_space();
    let mut rows = Vec::new();
    for &algorithm in &params.algorithms {
        observer.stage(&format!("remap: {algorithm}"), keys.count);
        let before = params.build(algorithm)?;
        let mut grown = before.clone();
        for i in 1..=params.add {
            grown.add(Node::new(format!("{NODE_PREFIX}{}", n + i)))?;
        }
        let mut shrunk = before.clone();
        for i in 0..params.remove {
            shrunk.remove(&format!("{NODE_PREFIX}{}", n - i))?;
        }
        let mut universe = Universe::default();
        let views =
            [universe.view(before.as_ref()), universe.view(grown.as_ref()), universe.view(shrunk.as_ref())];
        // Ids 0..n are the original nodes; the grown view's extra ids are the newcomers, and
        // the removed nodes are the last `remove` original ids.
        let original = |id: u32| (id as usize) < n;
        let kept = |id: u32| (id as usize) < n - params.remove;
        let states = sweep(
            keys,
            params.threads,
            observer,
            &views,
            || [0u64; 4],
            |acc, _, o| {
                if o[0] != o[1] {
                    acc[0] += 1;
                    acc[1] += u64::from(original(o[1]));
                }
                if o[0] != o[2] {
                    acc[2] += 1;
                    acc[3] += u64::from(kept(o[0]));
                }
            },
        )?;
        let total = states.iter().fold([0u64; 4], |t, s| std::array::from_fn(|i| t[i] + s[i]));
        let row = |nodes_after: usize, moved: u64, between: u64, changed: usize, base: usize| RemapRow {
            algorithm,
            nodes_before: n,
            nodes_after,
            keys: keys.count,
            keys_moved: moved,
            moved_pct: pct(moved, keys.count),
            expected_pct: 100.0 * changed as f64 / base as f64,
            moved_between_survivors: between,
        };
        rows.push(row(n + params.add, total[0], total[1], params.add, n + params.add));
        rows.push(row(n - params.remove, total[2], total[3], params.remove, n));
    }
    Ok(RemapReport { scenario: "remap", params: params.clone(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    fn params() -> Params {
        Params { keys: 60_000, nodes: Some(5), threads: 2, ..Params::default() }
    }

    #[test]
    fn consistent_algorithms_move_about_one_sixth_and_nothing_between_old_nodes() {
        let report = run(&params(), &Silent).unwrap();
        for row in &report.rows {
            let grow = row.nodes_after > row.nodes_before;
            let expected = if grow { 100.0 / 6.0 } else { 100.0 / 5.0 };
            assert!((row.expected_pct - expected).abs() < 1e-9);
            match row.algorithm {
                Algorithm::Modulo => {
                    assert!((row.moved_pct - if grow { 83.3 } else { 80.0 }).abs() < 2.0, "{row:?}")
                }
                // Tail changes are jump's and memento's best case: optimal.
                Algorithm::Jump | Algorithm::Memento | Algorithm::Rendezvous => {
                    assert!((row.moved_pct - expected).abs() < 1.5, "{row:?}");
                    assert_eq!(row.moved_between_survivors, 0, "{row:?}");
                }
                Algorithm::Ring | Algorithm::MultiProbe => {
                    assert!(row.moved_pct < expected * 1.6, "{row:?}");
                    assert_eq!(row.moved_between_survivors, 0, "{row:?}");
                }
                Algorithm::Maglev | Algorithm::BoundedLoad => {
                    assert!(row.moved_between_survivors > 0, "{row:?}");
                }
            }
        }
        assert_eq!(report.rows.len(), 2 * Algorithm::ALL.len());
    }

    #[test]
    fn several_nodes_at_once_and_the_same_seed_gives_the_same_numbers() {
        let p = Params { add: 3, remove: 2, algorithms: vec![Algorithm::Ring, Algorithm::Jump], ..params() };
        let a = run(&p, &Silent).unwrap();
        assert_eq!(a.rows[0].nodes_after, 8);
        assert_eq!(a.rows[1].nodes_after, 3);
        assert!((a.rows[2].moved_pct - 37.5).abs() < 1.5, "jump 5 → 8 moves 3/8: {:?}", a.rows[2]);
        let b = run(&Params { threads: 1, ..p }, &Silent).unwrap();
        assert_eq!(a.rows, b.rows);
    }
}
