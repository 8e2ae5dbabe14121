//! Maglev hashing (Eisenbud et al., NSDI 2016): each node walks its own permutation of a
//! prime-sized table and claims free slots in turn, so every node owns ⌊M/N⌋ or ⌈M/N⌉
//! slots; a lookup is one table index. With M > 100·N shares differ by at most 1 %.
//! Disruption is "minimal", not optimal: a rebuild after a removal moves some keys between
//! surviving nodes, which the failure scenarios report. Weights give proportional turns.

use super::Rebuilt;
use crate::ring::hash::{HashKind, mix64};
use crate::ring::router::{Algorithm, EmptyRouter, Node, Router, RouterError};

/// The default table size (Envoy's and go-maglev's `SmallM`).
pub const DEFAULT_TABLE: u64 = 65_537;

/// The largest table this router builds (about 512 MB of slots would be unreasonable).
pub const MAX_TABLE: u64 = 1 << 27;

/// A Maglev lookup table over a set of nodes.
#[derive(Debug, Clone)]
pub struct Maglev {
    hash: HashKind,
    nodes: Vec<Node>,
    /// Fixed size, or `None` to size automatically: the smallest prime ≥ max(65537, 100·N).
    fixed: Option<u64>,
    table: Vec<u32>,
}

impl Maglev {
    /// A table over `nodes` (already checked) of size `table` (a prime) or automatic.
    pub fn new(nodes: Vec<Node>, hash: HashKind, table: Option<u64>) -> Result<Self, RouterError> {
        let mut m = Maglev { hash, nodes, fixed: table, table: Vec::new() };
        m.rebuild()?;
        Ok(m)
    }

    /// The table size in use.
    pub fn table_size(&self) -> u64 {
        self.table.len() as u64
    }

    fn size_for(&self, n: usize) -> Result<u64, RouterError> {
        let size = match self.fixed {
            Some(m) => m,
            None => next_prime((100 * n as u64).max(DEFAULT_TABLE)),
        };
        if size > MAX_TABLE {
            return Err(RouterError::Config(format!(
                "a Maglev table of {size} slots is too large (at most {MAX_TABLE}): use fewer nodes"
            )));
        }
        if (size as usize) < self.nodes.len() {
            return Err(RouterError::Config(format!(
                "a Maglev table of {size} slots cannot hold {} nodes: use a larger prime",
                self.nodes.len()
            )));
        }
        Ok(size)
    }
}

/// Whether `n` is prime (deterministic trial division; table sizes are small).
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let mut d = 3u64;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// The smallest prime ≥ `n`.
pub fn next_prime(mut n: u64) -> u64 {
    while !is_prime(n) {
        n += 1;
    }
    n
}

impl Rebuilt for Maglev {
    fn node_list(&mut self) -> &mut Vec<Node> {
        &mut self.nodes
    }

    /// Fills the table: nodes in name order take turns (weight-proportional) claiming the
    /// next free slot of their permutation `offset + j·skip (mod M)`.
    fn rebuild(&mut self) -> Result<(), RouterError> {
        let n = self.nodes.len();
        if n == 0 {
            self.table.clear();
            return Ok(());
        }
        let m = self.size_for(n)?;
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by(|&a, &b| self.nodes[a].name.cmp(&self.nodes[b].name));
        let perms: Vec<(u64, u64)> = self
            .nodes
            .iter()
            .map(|node| {
                let h = self.hash.hash(node.name.as_bytes());
                (mix64(h) % m, mix64(h ^ 0x9e37_79b9_7f4a_7c15) % (m - 1) + 1)
            })
            .collect();
        let max_weight = self.nodes.iter().map(|n| u64::from(n.weight)).max().unwrap_or(1);
        let mut next = vec![0u64; n];
        let mut credit = vec![0u64; n];
        let mut table = vec![u32::MAX; m as usize];
        let mut filled = 0u64;
        while filled < m {
            for &i in &order {
                credit[i] += u64::from(self.nodes[i].weight);
                if credit[i] < max_weight {
                    continue;
                }
                credit[i] -= max_weight;
                let (offset, skip) = perms[i];
                loop {
                    let slot = ((offset + next[i] * skip) % m) as usize;
                    next[i] += 1;
                    if table[slot] == u32::MAX {
                        table[slot] = i as u32;
                        filled += 1;
                        break;
                    }
                }
                if filled == m {
                    break;
                }
            }
        }
        self.table = table;
        Ok(())
    }
}

impl Router for Maglev {
    fn algorithm(&self) -> Algorithm {
        Algorithm::Maglev
    }

    list_router_methods!();

    #[inline]
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        if self.table.is_empty() {
            return Err(EmptyRouter { algorithm: Algorithm::Maglev });
        }
        let slot = self.hash.hash(key) % self.table.len() as u64;
        Ok(self.table[slot as usize] as usize)
    }

    fn space_shares(&self) -> Option<Vec<f64>> {
        let mut slots = vec![0u64; self.nodes.len()];
        for &owner in &self.table {
            slots[owner as usize] += 1;
        }
        let m = self.table.len() as f64;
        Some(slots.into_iter().map(|s| s as f64 / m).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::algo::testing::owners;

    #[test]
    fn every_node_owns_floor_or_ceil_of_m_over_n_slots() {
        for n in [1usize, 3, 5, 10, 100, 655] {
            let m = Maglev::new(Node::numbered("backend-", n), HashKind::Fnv1a64, None).unwrap();
            let size = m.table_size();
            assert!(is_prime(size) && size >= 100 * n as u64);
            let mut slots = vec![0u64; n];
            for &o in &m.table {
                slots[o as usize] += 1;
            }
            let (lo, hi) = (size / n as u64, size.div_ceil(n as u64));
            assert!(slots.iter().all(|&s| s == lo || s == hi), "{n} nodes: {slots:?}");
        }
    }

    #[test]
    fn table_sizes_are_primes_of_the_right_size() {
        assert!(is_prime(65_537) && is_prime(655_373) && !is_prime(65_535) && !is_prime(1));
        assert_eq!(next_prime(65_537), 65_537);
        assert_eq!(next_prime(100_000), 100_003);
        let m = Maglev::new(Node::numbered("b", 1000), HashKind::Fnv1a64, None).unwrap();
        assert_eq!(m.table_size(), 100_003);
    }

    #[test]
    fn weights_give_proportional_slots() {
        let nodes = vec![Node::weighted("a", 1), Node::weighted("b", 3)];
        let m = Maglev::new(nodes, HashKind::Fnv1a64, None).unwrap();
        let shares = m.space_shares().unwrap();
        assert!((shares[1] - 0.75).abs() < 0.001, "{shares:?}");
    }

    #[test]
    fn removal_is_minimal_disruption_not_zero_disruption() {
        let mut m = Maglev::new(Node::numbered("b", 10), HashKind::Fnv1a64, None).unwrap();
        let before = owners(&m, 50_000);
        m.remove("b3").unwrap();
        let after = owners(&m, 50_000);
        let from_b3 = before.iter().filter(|o| *o == "b3").count();
        let survivors_moved = before.iter().zip(&after).filter(|(a, b)| a != b && *a != "b3").count();
        assert!(after.iter().all(|o| o != "b3"));
        assert!(from_b3 > 4000);
        // A few survivors' keys move, but far fewer than the removed node's.
        assert!(survivors_moved < from_b3 / 2, "{survivors_moved} survivors' keys moved");
    }

    #[test]
    fn a_fixed_table_size_that_is_not_prime_is_rejected() {
        let config = crate::ring::RouterConfig { maglev_table: Some(65_536), ..Default::default() };
        let err = Algorithm::Maglev.build(Node::numbered("b", 3), &config).unwrap_err();
        assert!(err.to_string().contains("prime"), "{err}");
    }
}
