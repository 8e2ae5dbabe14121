//! Algorithms over a numbered list of nodes: node `i` is bucket `i`.
//!
//! - modulo, `hash % N`: perfect balance, and a resize from N to N+1 moves N/(N+1) of all
//!   keys. The baseline every consistent scheme is measured against.
//! - jump consistent hash (Lamping & Veach 2014, arXiv 1406.2294): no memory beyond the
//!   list, near-perfect balance, and optimal moves when buckets are added or removed at the
//!   tail.
//!
//! Neither can skip a bucket, so removing a node in the middle renumbers every node after
//! it: these routers do exactly that (the list closes the gap) so reports show what they
//! really do on an arbitrary failure.

use crate::ring::hash::HashKind;
use crate::ring::router::{Algorithm, EmptyRouter, Node, Router, RouterError};

use super::Rebuilt;

/// The jump-hash bucket of `key` among `buckets` (> 0): the paper's algorithm, verbatim.
#[inline]
pub fn jump(mut key: u64, buckets: u32) -> u32 {
    let (mut b, mut j) = (-1i64, 0i64);
    while j < i64::from(buckets) {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    b as u32
}

/// Modulo or jump hash over a list of nodes.
#[derive(Debug, Clone)]
pub struct Numbered {
    algorithm: Algorithm,
    hash: HashKind,
    nodes: Vec<Node>,
}

impl Numbered {
    /// `hash % N` over `nodes` (already checked), in list order.
    pub fn modulo(nodes: Vec<Node>, hash: HashKind) -> Self {
        Numbered { algorithm: Algorithm::Modulo, hash, nodes }
    }

    /// Jump hash over `nodes` (already checked), in list order.
    pub fn jump(nodes: Vec<Node>, hash: HashKind) -> Self {
        Numbered { algorithm: Algorithm::Jump, hash, nodes }
    }
}

impl Rebuilt for Numbered {
    fn node_list(&mut self) -> &mut Vec<Node> {
        &mut self.nodes
    }

    fn rebuild(&mut self) -> Result<(), RouterError> {
        Ok(())
    }
}

impl Router for Numbered {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    list_router_methods!();

    #[inline]
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        if self.nodes.is_empty() {
            return Err(EmptyRouter { algorithm: self.algorithm });
        }
        let h = self.hash.hash(key);
        Ok(match self.algorithm {
            Algorithm::Jump => jump(h, self.nodes.len() as u32) as usize,
            _ => (h % self.nodes.len() as u64) as usize,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::algo::testing::owners;

    #[test]
    fn agrees_with_the_jumpch_crate() {
        assert_eq!(jump(0, 1), 0);
        for key in [0u64, 1, 7, 42, 0xDEAD_10CC, u64::MAX] {
            for n in [1u32, 2, 3, 10, 100, 1000, 1 << 20] {
                assert_eq!(jump(key, n), jumpch::hash(key, n), "key {key} buckets {n}");
            }
        }
    }

    #[test]
    fn adding_a_bucket_moves_keys_only_to_it() {
        for key in 0..20_000u64 {
            let h = crate::ring::hash::mix64(key);
            for n in 1..40u32 {
                let (a, b) = (jump(h, n), jump(h, n + 1));
                assert!(a == b || b == n, "key {key}: {a} -> {b} when growing to {}", n + 1);
            }
        }
    }

    #[test]
    fn routes_by_hash_modulo_node_count() {
        let m = Numbered::modulo(Node::numbered("n", 5), HashKind::Fnv1a64);
        for k in 0..100u32 {
            let key = format!("key:{k}");
            assert_eq!(m.route(key.as_bytes()).unwrap() as u64, HashKind::Fnv1a64.hash(key.as_bytes()) % 5);
        }
    }

    #[test]
    fn growing_five_to_six_moves_about_five_sixths() {
        let mut m = Numbered::modulo(Node::numbered("n", 5), HashKind::Fnv1a64);
        let before = owners(&m, 30_000);
        m.add(Node::new("n6")).unwrap();
        let moved = before.iter().zip(owners(&m, 30_000)).filter(|(a, b)| *a != b).count();
        let frac = moved as f64 / 30_000.0;
        assert!((frac - 5.0 / 6.0).abs() < 0.02, "moved {frac}");
    }

    #[test]
    fn removing_a_middle_node_renumbers_the_tail() {
        let mut j = Numbered::jump(Node::numbered("n", 5), HashKind::Fnv1a64);
        j.remove("n2").unwrap();
        let names: Vec<&str> = j.nodes().iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["n1", "n3", "n4", "n5"]);
    }
}
