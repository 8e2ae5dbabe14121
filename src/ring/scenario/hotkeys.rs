//! `hot-keys`: the celebrity problem. Requests pick keys from a Zipf distribution (rank r
//! with probability ∝ 1/r^s), so a few keys take much of the traffic, and a ring, however
//! well balanced in keys, overloads the nodes that own them. Three policies serve the same
//! request stream:
//!
//! - `ring`: every request goes to its key's node (150 vnodes by default).
//! - `bounded-load`: requests are the balls of Mirrokni et al.: the m-th request may go to
//!   a node only while its load is below ⌈(1+ε)·m/N⌉, walking clockwise past full nodes.
//! - `two-choices`: the less loaded of two ring positions of the key (Azar et al. 1994).
//!
//! Loads accumulate (no request finishes), which is the worst case for the ring. The price
//! of the cure is locality: `off_home_pct` counts requests served away from the key's node.

use rand::SeedableRng as _;
use rand::distr::Distribution as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::Zipf;
use serde::Serialize;

use super::stats::{pct, spread};
use super::{Params, SimError};
use crate::ring::algo::bounded::BoundedLoad;
use crate::ring::algo::ring::Ring;
use crate::ring::keys::{KeyBuf, Observer};
use crate::ring::router::{Algorithm, RouterError};

/// One policy's load over the request stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotKeysRow {
    /// `ring`, `bounded-load` or `two-choices`.
    pub algorithm: &'static str,
    /// Requests served.
    pub requests: u64,
    /// The busiest node's requests over the mean.
    pub max_over_avg: f64,
    /// The idlest node's requests over the mean.
    pub min_over_avg: f64,
    /// Requests served by a node other than the key's ring node, percent.
    pub off_home_pct: f64,
    /// Requests per node, in node order.
    pub requests_per_node: Vec<u64>,
}

/// The `hot-keys` scenario's report.
#[derive(Debug, Serialize)]
pub struct HotKeysReport {
    /// Always `hot-keys`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// The hottest key's share of all requests, percent.
    pub hottest_key_pct: f64,
    /// One row per policy.
    pub rows: Vec<HotKeysRow>,
}

/// Tallies of one policy.
struct Tally {
    loads: Vec<u64>,
    off_home: u64,
}

impl Tally {
    fn new(n: usize) -> Self {
        Tally { loads: vec![0; n], off_home: 0 }
    }

    fn serve(&mut self, node: usize, home: usize) {
        self.loads[node] += 1;
        self.off_home += u64::from(node != home);
    }

    fn row(self, algorithm: &'static str, requests: u64) -> HotKeysRow {
        let s = spread(&self.loads);
        HotKeysRow {
            algorithm,
            requests,
            max_over_avg: s.max_over_avg,
            min_over_avg: s.min_over_avg,
            off_home_pct: pct(self.off_home, requests),
            requests_per_node: self.loads,
        }
    }
}

/// Runs the scenario.
pub fn run(params: &Params, observer: &dyn Observer) -> Result<HotKeysReport, SimError> {
    let nodes = params.node_list();
    let n = nodes.len();
    let ring = Ring::new(nodes.clone(), params.router.hash, params.router.vnodes)?;
    let mut bounded =
        BoundedLoad::new(nodes, params.router.hash, params.router.vnodes, params.router.epsilon)?;
    let zipf = Zipf::new(params.keys as f64, params.zipf)
        .map_err(|err| RouterError::Config(format!("cannot draw Zipf({}) ranks: {err}", params.zipf)))?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let mut buf = KeyBuf::new(params.seed);
    let (mut on_ring, mut on_bounded, mut on_two) = (Tally::new(n), Tally::new(n), Tally::new(n));
    let mut hottest = 0u64;
    observer.stage("hot-keys", params.requests);
    for r in 0..params.requests {
        let rank = zipf.sample(&mut rng) as u64;
        hottest += u64::from(rank == 1);
        let key = buf.key(rank.saturating_sub(1));
        let home = ring
            .route_hash(params.router.hash.hash(key))
            .ok_or(crate::ring::EmptyRouter { algorithm: Algorithm::Ring })?;
        on_ring.serve(home, home);
        on_bounded.serve(crate::ring::Router::assign(&mut bounded, key)?, home);
        let other = ring.second_choice(params.router.hash.hash(key)).unwrap_or(home);
        let choice = if on_two.loads[other] < on_two.loads[home] { other } else { home };
        on_two.serve(choice, home);
        if (r + 1) % (1 << 16) == 0 {
            observer.advance(1 << 16);
        }
    }
    let requests = params.requests;
    Ok(HotKeysReport {
        scenario: "hot-keys",
        params: params.clone(),
        hottest_key_pct: pct(hottest, requests),
        rows: vec![
            on_ring.row("ring", requests),
            on_bounded.row("bounded-load", requests),
            on_two.row("two-choices", requests),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    #[test]
    fn bounded_load_and_two_choices_cure_the_celebrity_problem() {
        let params = Params {
            keys: 10_000,
            requests: 200_000,
            zipf: 1.1,
            nodes: Some(5),
            router: crate::ring::RouterConfig { epsilon: 0.25, ..Default::default() },
            ..Params::default()
        };
        let report = run(&params, &Silent).unwrap();
        let [ring, bounded, two] = [&report.rows[0], &report.rows[1], &report.rows[2]];
        assert!(
            report.hottest_key_pct > 5.0,
            "Zipf(1.1) over 10k keys: top key ≈ 10 %, got {}",
            report.hottest_key_pct
        );
        // The hard cap of Mirrokni et al.
        let cap = ((1.25 * 200_000.0) / 5.0f64).ceil();
        assert!(bounded.requests_per_node.iter().all(|&l| l as f64 <= cap), "{bounded:?}");
        assert!(bounded.max_over_avg <= 1.25 + 1e-9);
        assert!(ring.max_over_avg > bounded.max_over_avg, "ring {ring:?}");
        assert!(two.max_over_avg < ring.max_over_avg, "two choices {two:?}");
        assert_eq!(ring.off_home_pct, 0.0);
        assert!(bounded.off_home_pct > 0.0);
        for row in &report.rows {
            assert_eq!(row.requests_per_node.iter().sum::<u64>(), 200_000);
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_requests() {
        let params = Params { keys: 1000, requests: 20_000, ..Params::default() };
        let a = run(&params, &Silent).unwrap();
        let b = run(&params, &Silent).unwrap();
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.hottest_key_pct, b.hottest_key_pct);
    }
}
