//! Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018,
//! arXiv 1608.01350): a ring with virtual nodes in which every node has a capacity, and a
//! key walks clockwise past full nodes to the first one with room.
//!
//! The model simulated here: balls (keys, or requests in the hot-key scenario) are assigned
//! one at a time, in order. When the m-th ball arrives, node i's capacity is
//! ⌈(1+ε)·m·wᵢ/W⌉ (W the total weight; ⌈(1+ε)·m/N⌉ with equal weights), so no node ever
//! holds more than that: the paper's hard cap, also what HAProxy's `hash-balance-factor`
//! enforces. Loads are state: answers depend on what was assigned before, which is why
//! [`Router::assign`] records a ball and [`Router::route`] only peeks.

use crate::ring::hash::HashKind;
use crate::ring::router::{Algorithm, EmptyRouter, Node, Router, RouterError};

use super::ring::Ring;

/// Bounded-load consistent hashing: a ring plus per-node load counters.
#[derive(Debug, Clone)]
pub struct BoundedLoad {
    ring: Ring,
    epsilon: f64,
    loads: Vec<u64>,
    total: u64,
    total_weight: u64,
    /// Whether every node has weight 1 (one capacity for all).
    uniform: bool,
}

impl BoundedLoad {
    /// Bounded loads over `nodes` (already checked) on a ring of `vnodes` per unit weight.
    pub fn new(nodes: Vec<Node>, hash: HashKind, vnodes: u32, epsilon: f64) -> Result<Self, RouterError> {
        if !(epsilon.is_finite() && epsilon > 0.0) {
            return Err(RouterError::Config(format!("epsilon must be a number above 0, got {epsilon}")));
        }
        let loads = vec![0; nodes.len()];
        let ring = Ring::new(nodes, hash, vnodes)?;
        let mut bounded = BoundedLoad { ring, epsilon, loads, total: 0, total_weight: 0, uniform: true };
        bounded.refresh_weights();
        Ok(bounded)
    }

    /// The load slack ε.
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }

    /// The recorded load of each node, in [`Router::nodes`] order.
    pub fn loads(&self) -> &[u64] {
        &self.loads
    }

    /// Node `i`'s capacity when the `m`-th ball arrives: ⌈(1+ε)·m·wᵢ/W⌉.
    pub fn capacity(&self, i: usize, m: u64) -> u64 {
        let w = f64::from(self.ring.nodes()[i].weight);
        ((1.0 + self.epsilon) * m as f64 * w / self.total_weight as f64).ceil() as u64
    }

    /// The node the ring assigns `key` to, ignoring loads (its "home").
    pub fn home(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        self.ring.route(key).map_err(|_| EmptyRouter { algorithm: Algorithm::BoundedLoad })
    }

    /// Releases one ball from node `index` (a finished request, an evicted key).
    pub fn release(&mut self, index: usize) {
        if let Some(load) = self.loads.get_mut(index)
            && *load > 0
        {
            *load -= 1;
            self.total -= 1;
        }
    }

    fn refresh_weights(&mut self) {
        self.total_weight = self.ring.nodes().iter().map(|n| u64::from(n.weight)).sum();
        self.uniform = self.ring.nodes().iter().all(|n| n.weight == 1);
    }

    /// The first node clockwise from the key's position with room for one more ball.
    fn pick(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        let points = self.ring.points();
        if points.len() == 0 {
            return Err(EmptyRouter { algorithm: Algorithm::BoundedLoad });
        }
        let m = self.total + 1;
        let uniform = self.uniform;
        let uniform_cap = if uniform { self.capacity(0, m) } else { 0 };
        let start = self.ring.locate(self.ring.hash_kind().hash(key));
        for step in 0..points.len() {
            let node = points.owner((start + step) % points.len()) as usize;
            let cap = if uniform { uniform_cap } else { self.capacity(node, m) };
            if self.loads[node] < cap {
                return Ok(node);
            }
        }
        // Only reachable when every node with room lost all its positions to collisions:
        // the capacities always leave room somewhere, so take the least loaded node.
        Ok((0..self.loads.len())
            .min_by(|&a, &b| {
                let (ra, rb) = (
                    self.loads[a] as f64 / self.capacity(a, m) as f64,
                    self.loads[b] as f64 / self.capacity(b, m) as f64,
                );
                ra.total_cmp(&rb)
            })
            .unwrap_or(0))
    }
}

impl Router for BoundedLoad {
    fn algorithm(&self) -> Algorithm {
        Algorithm::BoundedLoad
    }

    fn nodes(&self) -> &[Node] {
        self.ring.nodes()
    }

    /// Where `key` would go under the current loads; records nothing.
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter> {
        self.pick(key)
    }

    fn add(&mut self, node: Node) -> Result<(), RouterError> {
        self.ring.add(node)?;
        self.loads.push(0);
        self.refresh_weights();
        Ok(())
    }

    /// Removes the node; its balls are dropped from the totals (they are re-assigned by
    /// whoever re-sends them).
    fn remove(&mut self, name: &str) -> Result<Node, RouterError> {
        let i = self.ring.position(name).ok_or_else(|| RouterError::UnknownNode(name.to_owned()))?;
        let node = self.ring.remove(name)?;
        self.total -= self.loads.remove(i);
        self.refresh_weights();
        Ok(node)
    }

    fn clone_box(&self) -> Box<dyn Router> {
        Box::new(self.clone())
    }

    fn is_stateful(&self) -> bool {
        true
    }

    fn assign(&mut self, key: &[u8]) -> Result<usize, EmptyRouter> {
        let node = self.pick(key)?;
        self.loads[node] += 1;
        self.total += 1;
        Ok(node)
    }

    fn reset_load(&mut self) {
        self.loads.iter_mut().for_each(|l| *l = 0);
        self.total = 0;
    }

    fn collisions(&self) -> u64 {
        self.ring.collisions()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign_all(b: &mut BoundedLoad, count: u32) {
        for k in 0..count {
            b.assign(format!("key:{k}").as_bytes()).unwrap();
        }
    }

    #[test]
    fn no_node_ever_exceeds_the_cap() {
        for epsilon in [0.05, 0.25, 1.0] {
            let mut b = BoundedLoad::new(Node::numbered("n", 7), HashKind::Fnv1a64, 10, epsilon).unwrap();
            for k in 0..30_000u32 {
                b.assign(format!("key:{k}").as_bytes()).unwrap();
                let m = u64::from(k) + 1;
                let cap = ((1.0 + epsilon) * m as f64 / 7.0).ceil() as u64;
                assert!(b.loads().iter().all(|&l| l <= cap), "ε {epsilon}, m {m}: {:?} > {cap}", b.loads());
            }
        }
    }

    #[test]
    fn with_room_everywhere_it_is_the_plain_ring() {
        let b = BoundedLoad::new(Node::numbered("n", 5), HashKind::Fnv1a64, 150, 0.25).unwrap();
        for k in 0..1000u32 {
            let key = format!("key:{k}");
            // No load recorded: the cap is ⌈1.25/5⌉ = 1 > 0 everywhere.
            assert_eq!(b.route(key.as_bytes()).unwrap(), b.home(key.as_bytes()).unwrap());
        }
    }

    #[test]
    fn weighted_caps_scale_with_weight_and_release_frees_room() {
        let nodes = vec![Node::weighted("big", 3), Node::new("small")];
        let mut b = BoundedLoad::new(nodes, HashKind::Fnv1a64, 50, 0.1).unwrap();
        assign_all(&mut b, 10_000);
        let m = 10_000;
        assert!(b.loads()[0] <= b.capacity(0, m) && b.loads()[1] <= b.capacity(1, m));
        assert!(b.loads()[0] > 2 * b.loads()[1], "{:?}", b.loads());
        b.release(1);
        assert_eq!(b.loads().iter().sum::<u64>(), 9_999);
        b.reset_load();
        assert!(b.loads().iter().all(|&l| l == 0));
    }

    #[test]
    fn removal_drops_the_nodes_load() {
        let mut b = BoundedLoad::new(Node::numbered("n", 4), HashKind::Fnv1a64, 50, 0.25).unwrap();
        assign_all(&mut b, 1000);
        let on_n2 = b.loads()[1];
        b.remove("n2").unwrap();
        assert_eq!(b.loads().iter().sum::<u64>(), 1000 - on_n2);
        assert!(b.remove("n2").is_err());
    }
}
