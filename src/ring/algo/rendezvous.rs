//! Rendezvous (highest random weight) hashing (Thaler & Ravishankar 1998): every node scores
//! every key and the highest score wins. O(N) per lookup, perfect balance, and removing a
//! node moves only its keys. Weights use the logarithmic method (Schindelhauer & Schomaker):
//! score = w / −ln(u) with u uniform in (0, 1), which gives node i a share of w_i / Σw.

use super::Rebuilt;
use crate::ring::hash::{HashKind, mix64};
use crate::ring::router::{Algorithm, EmptyRouter, Node, Router, RouterError};

/// Rendezvous hashing over a set of nodes.
#[derive(Debug, Clone)]
pub struct Rendezvous {
    hash: HashKind,
    nodes: Vec<Node>,
    /// Per-node seed: the node name's hash, mixed.
    seeds: Vec<u64>,
    weighted: bool,
}

impl Rendezvous {
    /// Rendezvous over `nodes` (already checked).
    pub fn new(nodes: Vec<Node>, hash: HashKind) -> Result<Self, RouterError> {
        let mut r = Rendezvous { hash, nodes, seeds: Vec::new(), weighted: false };
        r.rebuild()?;
        Ok(r)
    }
}

/// The weighted score of a 64-bit draw: w / −ln(u), u in (0, 1).
#[inline]
fn weighted_score(draw: u64, weight: u32) -> f64 {
    let u = ((draw >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    f64::from(weight) / -u.ln()
}

impl Rebuilt for Rendezvous {
    fn node_list(&mut self) -> &mut Vec<Node> {
        &mut self.nodes
    }

    fn rebuild(&mut self) -> Result<(), RouterError> {
        self.seeds = self.nodes.iter().map(|n| mix64(self.hash.hash(n.name.as_bytes()))).collect();
        self.weighted = self.nodes.iter().any(|n| n.weight != 1);
        Ok(())
    }
}

impl Router for Rendezvous {
    fn algorithm(&self) -> Algorithm {
        Algorithm::Rendezvous
    }

    list_router_methods!();

    #[inline]
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        if self.nodes.is_empty() {
            return Err(EmptyRouter { algorithm: Algorithm::Rendezvous });
        }
        let k = mix64(self.hash.hash(key));
        let mut best = 0;
        if self.weighted {
            let mut best_score = f64::NEG_INFINITY;
            for (i, (&seed, node)) in self.seeds.iter().zip(&self.nodes).enumerate() {
                let score = weighted_score(mix64(k ^ seed), node.weight);
                if score > best_score {
                    best_score = score;
                    best = i;
                }
            }
        } else {
            // With equal weights the score is monotone in the draw: compare draws directly.
            let mut best_draw = 0u64;
            for (i, &seed) in self.seeds.iter().enumerate() {
                let draw = mix64(k ^ seed);
                if draw > best_draw || i == 0 {
                    best_draw = draw;
                    best = i;
                }
            }
        }
        Ok(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::algo::testing::{counts, owners};

    #[test]
    fn the_highest_score_wins_and_removal_moves_only_the_removed_nodes_keys() {
        let mut r = Rendezvous::new(Node::numbered("n", 6), HashKind::Fnv1a64).unwrap();
        let before = owners(&r, 20_000);
        r.remove("n4").unwrap();
        let after = owners(&r, 20_000);
        for (a, b) in before.iter().zip(&after) {
            assert!(a == b || a == "n4", "{a} -> {b}");
        }
    }

    #[test]
    fn weights_give_proportional_shares() {
        let nodes = vec![Node::weighted("a", 1), Node::weighted("b", 2), Node::weighted("c", 5)];
        let r = Rendezvous::new(nodes, HashKind::Xxh3).unwrap();
        let c = counts(&r, 80_000);
        for (count, expected) in c.iter().zip([10_000.0, 20_000.0, 50_000.0]) {
            assert!((*count as f64 / expected - 1.0).abs() < 0.04, "{c:?}");
        }
    }

    #[test]
    fn equal_weights_take_the_same_answer_through_either_score() {
        let r = Rendezvous::new(Node::numbered("n", 7), HashKind::Fnv1a64).unwrap();
        for k in 0..2000u32 {
            let key = k.to_le_bytes();
            let h = mix64(HashKind::Fnv1a64.hash(&key));
            let by_weight = (0..7)
                .max_by(|&a, &b| {
                    weighted_score(mix64(h ^ r.seeds[a]), 1)
                        .total_cmp(&weighted_score(mix64(h ^ r.seeds[b]), 1))
                })
                .unwrap();
            assert_eq!(r.route(&key).unwrap(), by_weight);
        }
    }
}
