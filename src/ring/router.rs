//! The routing interface every algorithm implements, the named nodes routers are built
//! from, and the algorithm registry ([`Algorithm`]) that builds a router by CLI name.
//!
//! A router maps a key to one of its live nodes. Nodes are identified by name (`redis-1`)
//! and carry an integer weight; `route` answers with an index into [`Router::nodes`], so a
//! caller can reach the node's name, or its own per-node state, without hashing strings.
//! Indices are only meaningful for the router state that produced them: `add` and `remove`
//! may renumber nodes.

use std::fmt;

use serde::Serialize;

use super::algo;
use super::hash::HashKind;

/// A node a router can send keys to: a unique name and a weight (1 = an ordinary share).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Node {
    /// Unique, non-empty name: `redis-1`, `10.0.0.7:6379`, ...
    pub name: String,
    /// Relative capacity, at least 1. Algorithms that cannot weigh nodes reject weights above 1.
    pub weight: u32,
}

impl Node {
    /// A node of weight 1.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), weight: 1 }
    }

    /// A node with the given weight.
    pub fn weighted(name: impl Into<String>, weight: u32) -> Self {
        Self { name: name.into(), weight }
    }

    /// `count` nodes named `{prefix}1` .. `{prefix}{count}`, weight 1.
    pub fn numbered(prefix: &str, count: usize) -> Vec<Node> {
        (1..=count).map(|i| Node::new(format!("{prefix}{i}"))).collect()
    }
}

/// Routing asked of a router that has no nodes. Never answered with a default node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {algorithm} router has no nodes: add a node before routing keys")]
pub struct EmptyRouter {
    /// The algorithm of the empty router.
    pub algorithm: Algorithm,
}

/// A router could not be built or changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouterError {
    /// `add` of a name the router already has.
    #[error("node {0:?} is already in the router: node names must be unique")]
    DuplicateNode(String),
    /// `remove` of a name the router does not have.
    #[error("node {0:?} is not in the router")]
    UnknownNode(String),
    /// A node with an empty name.
    #[error("a node has an empty name: every node needs a unique, non-empty name")]
    EmptyName,
    /// A node of weight 0.
    #[error("node {0:?} has weight 0: weights must be at least 1 (remove the node instead)")]
    ZeroWeight(String),
    /// A weighted node given to an algorithm that cannot weigh nodes.
    #[error(
        "{algorithm} cannot weigh nodes (node {name:?} has weight {weight}): use ring, rendezvous, \
         maglev or bounded-load for weighted nodes"
    )]
    WeightsUnsupported {
        /// The algorithm that was asked.
        algorithm: Algorithm,
        /// The weighted node.
        name: String,
        /// Its weight.
        weight: u32,
    },
    /// A configuration value out of range.
    #[error("invalid router configuration: {0}")]
    Config(String),
}

/// Maps keys to named nodes. Implemented by every algorithm in [`Algorithm`].
///
/// Stateless routers answer from their node set alone. A stateful router (bounded-load)
/// also depends on the loads recorded by [`Router::assign`]; [`Router::route`] then answers
/// where a key would go under the current loads without recording anything.
pub trait Router: Send + Sync + fmt::Debug {
    /// Which algorithm this is.
    fn algorithm(&self) -> Algorithm;

    /// The live nodes; `route` answers with an index into this slice.
    fn nodes(&self) -> &[Node];

    /// The node for `key`, as an index into [`Router::nodes`].
    fn route(&self, key: &[u8]) -> Result<usize, EmptyRouter>;

    /// Adds a node. Names are unique.
    fn add(&mut self, node: Node) -> Result<(), RouterError>;

    /// Removes the node called `name` and returns it.
    fn remove(&mut self, name: &str) -> Result<Node, RouterError>;

    /// A copy of this router as a trait object (snapshots, per-thread state).
    fn clone_box(&self) -> Box<dyn Router>;

    /// The name of the node for `key`.
    fn route_name(&self, key: &[u8]) -> Result<&str, EmptyRouter> {
        let index = self.route(key)?;
        Ok(&self.nodes()[index].name)
    }

    /// The index of the node called `name`, if it is live.
    fn position(&self, name: &str) -> Option<usize> {
        self.nodes().iter().position(|n| n.name == name)
    }

    /// Whether answers depend on recorded load (bounded-load) rather than on the node set alone.
    fn is_stateful(&self) -> bool {
        false
    }

    /// Places `key` and records its load. Stateless routers just route.
    fn assign(&mut self, key: &[u8]) -> Result<usize, EmptyRouter> {
        self.route(key)
    }

    /// Forgets all recorded load (a no-op for stateless routers).
    fn reset_load(&mut self) {}

    /// Each node's exact fraction of the hash space, in [`Router::nodes`] order, where the
    /// algorithm has one to compute (ring arcs, Maglev slots). This is the algorithm's own
    /// imbalance, free of the sampling noise of counting keys.
    fn space_shares(&self) -> Option<Vec<f64>> {
        None
    }

    /// Vnode positions that collided with another node's and were skipped (ring-based
    /// algorithms; zero elsewhere).
    fn collisions(&self) -> u64 {
        0
    }
}

impl Clone for Box<dyn Router> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// The consistent-hashing algorithms, by their CLI and JSON names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Karger ring with virtual nodes (`name#i`), binary search over sorted positions.
    Ring,
    /// `hash % N`: the baseline that remaps almost everything on a resize.
    Modulo,
    /// Jump consistent hash (Lamping & Veach 2014): O(1) memory, numbered buckets only.
    Jump,
    /// Rendezvous / highest random weight, weighted by the logarithmic method.
    Rendezvous,
    /// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018).
    BoundedLoad,
    /// Maglev lookup table (Eisenbud et al. 2016).
    Maglev,
    /// Multi-probe consistent hashing (Appleton & O'Reilly 2015).
    MultiProbe,
    /// MementoHash (Coluzzi et al. 2024): jump hash plus a memory of removed buckets.
    Memento,
}

impl Algorithm {
    /// Every algorithm, in the order reports list them.
    pub const ALL: [Algorithm; 8] = [
        Algorithm::Ring,
        Algorithm::Modulo,
        Algorithm::Jump,
        Algorithm::Rendezvous,
        Algorithm::BoundedLoad,
        Algorithm::Maglev,
        Algorithm::MultiProbe,
        Algorithm::Memento,
    ];

    /// The CLI and JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Ring => "ring",
            Algorithm::Modulo => "modulo",
            Algorithm::Jump => "jump",
            Algorithm::Rendezvous => "rendezvous",
            Algorithm::BoundedLoad => "bounded-load",
            Algorithm::Maglev => "maglev",
            Algorithm::MultiProbe => "multi-probe",
            Algorithm::Memento => "memento",
        }
    }

    /// Whether the algorithm honours node weights.
    pub fn supports_weights(self) -> bool {
        matches!(self, Algorithm::Ring | Algorithm::Rendezvous | Algorithm::BoundedLoad | Algorithm::Maglev)
    }

    /// Whether removing any node moves only that node's keys (Karger monotonicity for
    /// arbitrary removals). Modulo and jump renumber, Maglev rebuilds its table, and
    /// bounded-load's overflow cascades, so their survivors' keys can move.
    pub fn promises_minimal_disruption(self) -> bool {
        matches!(self, Algorithm::Ring | Algorithm::Rendezvous | Algorithm::MultiProbe | Algorithm::Memento)
    }

    /// Builds a router over `nodes` with `config`.
    pub fn build(
        self,
        nodes: impl IntoIterator<Item = Node>,
        config: &RouterConfig,
    ) -> Result<Box<dyn Router>, RouterError> {
        config.validate()?;
        let nodes: Vec<Node> = nodes.into_iter().collect();
        check_nodes(self, &nodes)?;
        Ok(match self {
            Algorithm::Ring => Box::new(algo::ring::Ring::new(nodes, config.hash, config.vnodes)?),
            Algorithm::Modulo => Box::new(algo::numbered::Numbered::modulo(nodes, config.hash)),
            Algorithm::Jump => Box::new(algo::numbered::Numbered::jump(nodes, config.hash)),
            Algorithm::Rendezvous => Box::new(algo::rendezvous::Rendezvous::new(nodes, config.hash)?),
            Algorithm::BoundedLoad => {
                Box::new(algo::bounded::BoundedLoad::new(nodes, config.hash, config.vnodes, config.epsilon)?)
            }
            Algorithm::Maglev => {
                Box::new(algo::maglev::Maglev::new(nodes, config.hash, config.maglev_table)?)
            }
            Algorithm::MultiProbe => {
                Box::new(algo::multiprobe::MultiProbe::new(nodes, config.hash, config.probes)?)
            }
            Algorithm::Memento => Box::new(algo::memento::Memento::new(nodes, config.hash)),
        })
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Algorithm {
    type Err = String;

    /// Parses a CLI name (`ring`, `bounded-load`, ...), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <Algorithm as clap::ValueEnum>::from_str(s, true).map_err(|_| {
            let names: Vec<&str> = Algorithm::ALL.iter().map(|a| a.name()).collect();
            format!("unknown algorithm {s:?}: expected one of {}", names.join(", "))
        })
    }
}

/// Settings shared by every algorithm; each uses the ones that concern it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RouterConfig {
    /// Hash function for keys and node names.
    pub hash: HashKind,
    /// Virtual nodes per unit of weight (ring, bounded-load).
    pub vnodes: u32,
    /// Bounded-load slack: a node's load is capped at ⌈(1+ε)·average⌉.
    pub epsilon: f64,
    /// Probes per lookup (multi-probe); 21 gives a peak-to-mean ratio near 1.05.
    pub probes: u32,
    /// Maglev table size (a prime); `None` picks the smallest prime ≥ max(65537, 100·N).
    pub maglev_table: Option<u64>,
}

impl Default for RouterConfig {
    fn default() -> Self {
        Self { hash: HashKind::default(), vnodes: 150, epsilon: 0.25, probes: 21, maglev_table: None }
    }
}

impl RouterConfig {
    /// Checks every value's range, naming the setting at fault.
    pub fn validate(&self) -> Result<(), RouterError> {
        if self.vnodes == 0 {
            return Err(RouterError::Config("vnodes must be at least 1".into()));
        }
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return Err(RouterError::Config(format!(
                "epsilon must be a number above 0, got {}",
                self.epsilon
            )));
        }
        if self.probes == 0 {
            return Err(RouterError::Config("probes must be at least 1".into()));
        }
        if let Some(m) = self.maglev_table
            && !algo::maglev::is_prime(m)
        {
            return Err(RouterError::Config(format!("the Maglev table size must be a prime, got {m}")));
        }
        Ok(())
    }
}

/// Names must be unique and non-empty, weights at least 1, and above 1 only where the
/// algorithm can honour them.
pub(crate) fn check_nodes(algorithm: Algorithm, nodes: &[Node]) -> Result<(), RouterError> {
    let mut seen = std::collections::HashSet::with_capacity(nodes.len());
    for node in nodes {
        check_node(algorithm, node)?;
        if !seen.insert(node.name.as_str()) {
            return Err(RouterError::DuplicateNode(node.name.clone()));
        }
    }
    Ok(())
}

/// One node's checks, for `add`.
pub(crate) fn check_node(algorithm: Algorithm, node: &Node) -> Result<(), RouterError> {
    if node.name.is_empty() {
        return Err(RouterError::EmptyName);
    }
    if node.weight == 0 {
        return Err(RouterError::ZeroWeight(node.name.clone()));
    }
    if node.weight > 1 && !algorithm.supports_weights() {
        return Err(RouterError::WeightsUnsupported {
            algorithm,
            name: node.name.clone(),
            weight: node.weight,
        });
    }
    Ok(())
}

/// The checks `add` makes against the current node set: valid node, new name.
pub(crate) fn check_new(algorithm: Algorithm, nodes: &[Node], node: &Node) -> Result<(), RouterError> {
    check_node(algorithm, node)?;
    if nodes.iter().any(|n| n.name == node.name) {
        return Err(RouterError::DuplicateNode(node.name.clone()));
    }
    Ok(())
}

/// The index of `name` in `nodes`, or [`RouterError::UnknownNode`].
pub(crate) fn find(nodes: &[Node], name: &str) -> Result<usize, RouterError> {
    nodes.iter().position(|n| n.name == name).ok_or_else(|| RouterError::UnknownNode(name.to_owned()))
}
