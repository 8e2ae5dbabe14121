//! MementoHash (Coluzzi, Brocco, Antonucci & Leidi, IEEE/ACM ToN 2024, arXiv 2306.09783):
//! jump hash over a "b-array" of buckets, plus a memory of the buckets removed from it. A
//! key landing on a removed bucket is re-hashed into the working set as it was when that
//! bucket left, following the chain of replacements. Any node can be removed in O(1), only
//! its keys move, memory is O(removed), and with no removals it is exactly jump hash.
//! A node added later takes the most recently removed bucket (LIFO), as in the paper.

use std::collections::HashMap;

use fnv::FnvBuildHasher;

use crate::ring::hash::{HashKind, mix64};
use crate::ring::router::{self, Algorithm, EmptyRouter, Node, Router, RouterError};

use super::numbered::jump;

/// A removed bucket: the working-set size right after its removal (also the bucket that
/// replaces it) and the bucket removed before it.
#[derive(Debug, Clone, Copy)]
struct Removed {
    replacer: u32,
    prev_removed: u32,
}

/// The bucket engine of the paper: b-array size, last removed bucket, replacement memory.
#[derive(Debug, Clone)]
struct Engine {
    b_array: u32,
    last_removed: u32,
    removed: HashMap<u32, Removed, FnvBuildHasher>,
}

impl Engine {
    fn new(size: u32) -> Self {
        Engine { b_array: size, last_removed: size, removed: HashMap::default() }
    }

    fn replacer(&self, bucket: u32) -> Option<u32> {
        self.removed.get(&bucket).map(|r| r.replacer)
    }

    /// The working bucket for key hash `h`; the working set must not be empty.
    #[inline]
    fn lookup(&self, h: u64) -> u32 {
        let mut b = jump(h, self.b_array);
        if self.removed.is_empty() {
            return b;
        }
        let mut replacer = self.replacer(b);
        while let Some(w) = replacer {
            // Re-hash into the working set as it was when `b` was removed: [0, w).
            b = (mix64(h ^ mix64(u64::from(b) + 1)) % u64::from(w.max(1))) as u32;
            // A bucket in that range removed earlier (replacer ≥ w) hands over to its replacer.
            let mut next = self.replacer(b);
            while let Some(r) = next
                && r >= w
            {
                b = r;
                next = self.replacer(b);
            }
            replacer = next;
        }
        b
    }

    fn remove(&mut self, bucket: u32) {
        if self.removed.is_empty() && bucket + 1 == self.b_array {
            // Removing the tail with nothing remembered: plain jump-hash shrinking.
            self.b_array = bucket;
            self.last_removed = bucket;
            return;
        }
        let size = self.b_array - self.removed.len() as u32;
        self.removed.insert(bucket, Removed { replacer: size - 1, prev_removed: self.last_removed });
        self.last_removed = bucket;
    }

    /// Restores the most recently removed bucket (or grows the b-array) and returns it.
    fn add(&mut self) -> u32 {
        let bucket = self.last_removed;
        self.last_removed = match self.removed.remove(&bucket) {
            Some(entry) => entry.prev_removed,
            None => bucket + 1,
        };
        self.b_array = self.b_array.max(bucket + 1);
        bucket
    }
}

/// MementoHash over named nodes: each live node holds one bucket.
#[derive(Debug, Clone)]
pub struct Memento {
    hash: HashKind,
    engine: Engine,
    nodes: Vec<Node>,
    /// The bucket of each live node, parallel to `nodes`.
    bucket_of: Vec<u32>,
    /// The live node index of each bucket (`u32::MAX` for a removed bucket).
    node_at: Vec<u32>,
}

impl Memento {
    /// MementoHash over `nodes` (already checked): node `i` starts in bucket `i`.
    pub fn new(nodes: Vec<Node>, hash: HashKind) -> Self {
        let n = nodes.len() as u32;
        Memento {
            hash,
            engine: Engine::new(n),
            bucket_of: (0..n).collect(),
            node_at: (0..n).collect(),
            nodes,
        }
    }

    /// Buckets remembered as removed (the algorithm's whole memory).
    pub fn removed_buckets(&self) -> usize {
        self.engine.removed.len()
    }
}

impl Router for Memento {
    fn algorithm(&self) -> Algorithm {
        Algorithm::Memento
    }

    fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    #[inline]
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        if self.nodes.is_empty() {
            return Err(EmptyRouter { algorithm: Algorithm::Memento });
        }
        let bucket = self.engine.lookup(self.hash.hash(key));
        Ok(self.node_at[bucket as usize] as usize)
    }

    fn add(&mut self, node: Node) -> Result<(), RouterError> {
        router::check_new(Algorithm::Memento, &self.nodes, &node)?;
        let bucket = self.engine.add() as usize;
        if self.node_at.len() <= bucket {
            self.node_at.resize(bucket + 1, u32::MAX);
        }
        self.node_at[bucket] = self.nodes.len() as u32;
        self.nodes.push(node);
        self.bucket_of.push(bucket as u32);
        Ok(())
    }

    fn remove(&mut self, name: &str) -> Result<Node, RouterError> {
        let i = router::find(&self.nodes, name)?;
        let bucket = self.bucket_of.remove(i);
        let node = self.nodes.remove(i);
        self.engine.remove(bucket);
        self.node_at[bucket as usize] = u32::MAX;
        self.node_at.truncate(self.engine.b_array as usize);
        for (index, &b) in self.bucket_of.iter().enumerate().skip(i) {
            self.node_at[b as usize] = index as u32;
        }
        Ok(node)
    }

    fn clone_box(&self) -> Box<dyn Router> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::algo::testing::{counts, max_over_avg, owners};

    #[test]
    fn without_removals_it_is_jump_hash() {
        let m = Memento::new(Node::numbered("n", 9), HashKind::Fnv1a64);
        for k in 0..5000u32 {
            let key = format!("key:{k}");
            let expected = jump(HashKind::Fnv1a64.hash(key.as_bytes()), 9) as usize;
            assert_eq!(m.route(key.as_bytes()).unwrap(), expected);
        }
    }

    #[test]
    fn removing_any_node_moves_only_its_keys_and_stays_balanced() {
        let mut m = Memento::new(Node::numbered("n", 10), HashKind::Fnv1a64);
        let mut before = owners(&m, 40_000);
        for victim in ["n3", "n7", "n1", "n10"] {
            m.remove(victim).unwrap();
            let after = owners(&m, 40_000);
            for (a, b) in before.iter().zip(&after) {
                assert!(a == b || a == victim, "{a} -> {b} when removing {victim}");
                assert_ne!(b, victim);
            }
            before = after;
        }
        assert_eq!(m.removed_buckets(), 4);
        assert!(max_over_avg(&counts(&m, 60_000)) < 1.05);
    }

    #[test]
    fn a_new_node_takes_the_last_removed_bucket_and_its_keys() {
        let mut m = Memento::new(Node::numbered("n", 6), HashKind::Fnv1a64);
        let before = owners(&m, 20_000);
        m.remove("n2").unwrap();
        m.add(Node::new("fresh")).unwrap();
        for (a, b) in before.iter().zip(owners(&m, 20_000)) {
            let expected = if a == "n2" { "fresh" } else { a.as_str() };
            assert_eq!(b, expected);
        }
        assert_eq!(m.removed_buckets(), 0);
    }

    #[test]
    fn tail_removal_shrinks_without_memory() {
        let mut m = Memento::new(Node::numbered("n", 4), HashKind::Fnv1a64);
        m.remove("n4").unwrap();
        assert_eq!(m.removed_buckets(), 0);
        assert_eq!(m.engine.b_array, 3);
    }

    #[test]
    fn emptied_and_refilled_router_routes_only_to_live_nodes() {
        let mut m = Memento::new(Node::numbered("n", 3), HashKind::Fnv1a64);
        for name in ["n1", "n2", "n3"] {
            m.remove(name).unwrap();
        }
        assert!(m.route(b"k").is_err());
        m.add(Node::new("x")).unwrap();
        assert!(owners(&m, 1000).iter().all(|o| o == "x"));
        m.add(Node::new("y")).unwrap();
        let o = owners(&m, 1000);
        assert!(o.iter().all(|o| o == "x" || o == "y") && o.iter().any(|o| o == "y"));
    }
}
