//! The `ring chaos` report: phases per algorithm, keys per node, the nodes and their pools'
//! health-check counters. JSON is the serialised value; the tables in [`super::render`] only
//! format it.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::tally::Tally;
use crate::pool::Stats;
use crate::ring::router::{Algorithm, RouterConfig};

/// A phase of the experiment; each is one row per algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// SET every key on its node.
    Load,
    /// GET every key back: all hits.
    Read,
    /// One node died and left the router; GET every key.
    Kill,
    /// More nodes died at once, until half are down; GET every key.
    MassKill,
    /// The dead nodes came back empty and rejoined the router; GET every key.
    Restore,
    /// GET every key again after the restore's misses were filled.
    Warm,
}

impl Phase {
    /// The JSON name (`mass_kill`).
    pub fn name(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::Read => "read",
            Phase::Kill => "kill",
            Phase::MassKill => "mass_kill",
            Phase::Restore => "restore",
            Phase::Warm => "warm",
        }
    }
}

/// One phase of one algorithm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseRow {
    /// Which phase.
    pub phase: Phase,
    /// Keys routed (all of the algorithm's keys).
    pub keys: u64,
    /// GETs that found the key.
    pub hits: u64,
    /// GETs that did not (then filled again on the key's new node).
    pub misses: u64,
    /// Misses of keys whose node this phase's event killed.
    pub misses_on_killed: u64,
    /// Keys routed to a different surviving node than before.
    pub moved_between_survivors: u64,
    /// `hits / keys`, between 0 and 1; `null` for the load phase (nothing is read).
    pub hit_rate: Option<f64>,
    /// Keys routed to a node this phase's event brought back (it came back empty).
    pub moved_to_restored: u64,
    /// SETs: every key in the load phase, the misses in the others.
    pub written: u64,
    /// Nodes in the router during the phase.
    pub live_nodes: usize,
    /// Wall time of the phase for this algorithm (routing, reads, refills), in milliseconds.
    pub duration_ms: f64,
}

impl PhaseRow {
    /// An empty row for `keys` keys on `live_nodes` nodes.
    pub fn new(phase: Phase, keys: u64, live_nodes: usize) -> Self {
        PhaseRow {
            phase,
            keys,
            hits: 0,
            misses: 0,
            misses_on_killed: 0,
            moved_between_survivors: 0,
            hit_rate: None,
            moved_to_restored: 0,
            written: 0,
            live_nodes,
            duration_ms: 0.0,
        }
    }

    /// Takes the counts of a read phase.
    pub fn count(&mut self, t: Tally) {
        self.hits = t.hits;
        self.misses = t.misses;
        self.misses_on_killed = t.misses_on_killed;
        self.moved_between_survivors = t.moved_between_survivors;
        self.moved_to_restored = t.moved_to_restored;
        self.hit_rate = Some(if self.keys == 0 { 1.0 } else { t.hits as f64 / self.keys as f64 });
    }
}

/// Keys per node per phase, serialised as `{"redis-1": {"load": 2197, "kill": 2690, ...}, ...}`
/// in node and phase order.
#[derive(Debug, Clone, PartialEq)]
pub struct PerNode {
    /// Node names, in cluster order.
    pub nodes: Vec<String>,
    /// `(phase, keys per node)` in phase order.
    pub phases: Vec<(Phase, Vec<u64>)>,
}

impl PerNode {
    /// Node `n`'s keys in `phase`, if the phase ran.
    pub fn keys(&self, n: usize, phase: Phase) -> Option<u64> {
        self.phases.iter().find(|(p, _)| *p == phase).map(|(_, counts)| counts[n])
    }
}

impl Serialize for PerNode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Phases<'a>(&'a PerNode, usize);
        impl Serialize for Phases<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.phases.len()))?;
                for (phase, counts) in &self.0.phases {
                    map.serialize_entry(phase.name(), &counts[self.1])?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.nodes.len()))?;
        for (n, name) in self.nodes.iter().enumerate() {
            map.serialize_entry(name, &Phases(self, n))?;
        }
        map.end()
    }
}

/// One algorithm's run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlgorithmReport {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Its keys are `{key_prefix}{i}`.
    pub key_prefix: String,
    /// One row per phase, in order.
    pub phases: Vec<PhaseRow>,
    /// Keys routed to each node in each phase.
    pub per_node: PerNode,
}

impl AlgorithmReport {
    /// An empty report for `algorithm` over `nodes`.
    pub fn new(algorithm: Algorithm, key_prefix: String, nodes: &[String]) -> Self {
        AlgorithmReport {
            algorithm,
            key_prefix,
            phases: Vec::new(),
            per_node: PerNode { nodes: nodes.to_vec(), phases: Vec::new() },
        }
    }

    /// Appends a phase and its keys per node.
    pub fn record(&mut self, row: PhaseRow, counts: &[u64]) {
        self.per_node.phases.push((row.phase, counts.to_vec()));
        self.phases.push(row);
    }

    /// The row of `phase`, if it ran.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseRow> {
        self.phases.iter().find(|r| r.phase == phase)
    }
}

/// A node of the experiment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// Its name (`redis-1`), what routers hash.
    pub name: String,
    /// `host:port`.
    pub address: String,
    /// Whether veysi started it (`--spawn`).
    pub spawned: bool,
    /// Process ids of every redis-server started for it, the last one current (empty unless
    /// spawned).
    pub pids: Vec<u32>,
    /// The server's `redis_version`.
    pub redis_version: String,
    /// Whether it was up at the end.
    pub up: bool,
    /// Its connection pool's counters: a dead node shows as failed pings and dials.
    pub pool: Stats,
}

/// The whole `ring chaos` report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChaosReport {
    /// `spawn` or `redis`.
    pub source: &'static str,
    /// Keys per algorithm.
    pub keys: u64,
    /// The seed that chose the victims.
    pub seed: u64,
    /// Router settings.
    pub router: RouterConfig,
    /// The node killed in the `kill` phase.
    pub killed: String,
    /// The nodes killed in the `mass_kill` phase.
    pub mass_killed: Vec<String>,
    /// The nodes brought back in the `restore` phase.
    pub restored: Vec<String>,
    /// The nodes.
    pub nodes: Vec<NodeReport>,
    /// One entry per algorithm.
    pub algorithms: Vec<AlgorithmReport>,
    /// Wall time of the whole run, servers' start and stop included, in milliseconds.
    pub duration_ms: f64,
}
