//! The `ring simulate` scenarios: each measures one property of every selected algorithm
//! over keys generated on the fly, and returns a serialisable report (rendered by
//! [`crate::ring::render`]).

pub mod balance;
pub mod churn;
pub mod concurrent;
pub mod failure;
pub mod hotkeys;
pub mod remap;
pub mod stats;
pub mod sweep;

use serde::Serialize;

use crate::ring::keys::{KeySpace, Observer, all_cores};
use crate::ring::router::{Algorithm, EmptyRouter, Node, Router, RouterConfig, RouterError};

/// The prefix of simulated node names: `node-1`, `node-2`, ...
pub const NODE_PREFIX: &str = "node-";

/// What `ring simulate --scenario` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// The seed article's two headline tables: remap (N → N+1 and N → N−1) and balance.
    Headline,
    /// Keys moved when nodes are added (N → N+add) and removed (N → N−remove).
    Remap,
    /// Per-node key counts: standard deviation, max/avg, min/avg, against the sampling floor.
    Balance,
    /// One node dies: misses, and keys moved between survivors.
    Failure,
    /// Half the nodes (of 10 by default) die at once.
    MassFailure,
    /// Add/remove cycles: keys moved per operation against K/N, and drift.
    Churn,
    /// Readers on every core routing while a writer adds and removes nodes.
    Concurrent,
    /// Zipf-distributed requests: per-node load for ring, bounded-load and two choices.
    HotKeys,
    /// Every scenario above, in order.
    All,
}

impl Scenario {
    /// The CLI and JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Headline => "headline",
            Scenario::Remap => "remap",
            Scenario::Balance => "balance",
            Scenario::Failure => "failure",
            Scenario::MassFailure => "mass-failure",
            Scenario::Churn => "churn",
            Scenario::Concurrent => "concurrent",
            Scenario::HotKeys => "hot-keys",
            Scenario::All => "all",
        }
    }

    /// The single scenarios this one runs.
    pub fn expand(self) -> Vec<Scenario> {
        match self {
            Scenario::Headline => vec![Scenario::Remap, Scenario::Balance],
            Scenario::All => vec![
                Scenario::Remap,
                Scenario::Balance,
                Scenario::Failure,
                Scenario::MassFailure,
                Scenario::Churn,
                Scenario::Concurrent,
                Scenario::HotKeys,
            ],
            single => vec![single],
        }
    }

    /// Nodes when `--nodes` is not given: 10 for mass-failure (half of them die), else 5.
    pub fn default_nodes(self) -> usize {
        if self == Scenario::MassFailure { 10 } else { 5 }
    }
}

/// Everything a simulation depends on. The same parameters give the same numbers (except
/// the timings of the concurrent scenario), whatever the thread count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    /// Keys per scenario, generated on the fly (`key:{seed}:{i}`).
    pub keys: u64,
    /// Nodes; `None` takes the scenario's default ([`Scenario::default_nodes`]).
    pub nodes: Option<usize>,
    /// Nodes added in the remap scenario.
    pub add: usize,
    /// Nodes removed in the remap scenario (from the tail of the list).
    pub remove: usize,
    /// Virtual-node counts the balance scenario sweeps for the ring.
    pub vnode_sweep: Vec<u32>,
    /// Hash function and each algorithm's settings (vnodes, ε, probes, Maglev table).
    #[serde(flatten)]
    pub router: RouterConfig,
    /// Algorithms to compare.
    pub algorithms: Vec<Algorithm>,
    /// Zipf exponent of request popularity (hot-keys).
    pub zipf: f64,
    /// Requests in the hot-keys scenario.
    pub requests: u64,
    /// Lookups in the concurrent scenario (all readers together).
    pub lookups: u64,
    /// Add/remove cycles in the churn scenario.
    pub cycles: u32,
    /// Seed of keys and of every random choice.
    pub seed: u64,
    /// Worker threads (the concurrent scenario's reader count).
    pub threads: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            keys: 100_000,
            nodes: None,
            add: 1,
            remove: 1,
            vnode_sweep: vec![1, 50, 150, 500],
            router: RouterConfig::default(),
            algorithms: Algorithm::ALL.to_vec(),
            zipf: 1.0,
            requests: 1_000_000,
            lookups: 4_000_000,
            cycles: 20,
            seed: 42,
            threads: all_cores(),
        }
    }
}

impl Params {
    /// The router settings these parameters describe.
    pub fn router_config(&self) -> RouterConfig {
        self.router
    }

    /// The key space.
    pub fn key_space(&self) -> KeySpace {
        KeySpace { seed: self.seed, count: self.keys }
    }

    /// These parameters with `nodes` resolved for `scenario`.
    pub fn for_scenario(&self, scenario: Scenario) -> Params {
        Params { nodes: Some(self.nodes.unwrap_or(scenario.default_nodes())), ..self.clone() }
    }

    /// The node count (resolved by [`Params::for_scenario`], else 5).
    pub fn node_count(&self) -> usize {
        self.nodes.unwrap_or(5)
    }

    /// The simulated nodes: `node-1` .. `node-N`.
    pub fn node_list(&self) -> Vec<Node> {
        Node::numbered(NODE_PREFIX, self.node_count())
    }

    /// Checks combinations of values that are valid one by one; names the flag to change.
    pub fn validate(&self, scenario: Scenario) -> Result<(), String> {
        if self.algorithms.is_empty() {
            return Err("--algorithms needs at least one algorithm".into());
        }
        for single in scenario.expand() {
            let n = self.for_scenario(single).node_count();
            match single {
                Scenario::Remap if self.remove >= n => {
                    return Err(format!(
                        "--remove {} must be below the node count ({n}): at least one node must remain",
                        self.remove
                    ));
                }
                Scenario::Failure | Scenario::MassFailure | Scenario::Churn if n < 2 => {
                    return Err(format!("the {} scenario needs --nodes 2 or more", single.name()));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Builds `algorithm` over the simulated nodes.
    pub fn build(&self, algorithm: Algorithm) -> Result<Box<dyn Router>, SimError> {
        Ok(algorithm.build(self.node_list(), &self.router_config())?)
    }
}

/// A simulation failed.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// A router could not be built or changed.
    #[error(transparent)]
    Router(#[from] RouterError),
    /// A router had no nodes to route to.
    #[error(transparent)]
    Empty(#[from] EmptyRouter),
}

/// The report of one scenario.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ScenarioReport {
    /// `remap`.
    Remap(remap::RemapReport),
    /// `balance`.
    Balance(balance::BalanceReport),
    /// `failure` and `mass-failure`.
    Failure(failure::FailureReport),
    /// `churn`.
    Churn(churn::ChurnReport),
    /// `concurrent`.
    Concurrent(concurrent::ConcurrentReport),
    /// `hot-keys`.
    HotKeys(hotkeys::HotKeysReport),
}

/// What `ring simulate` prints: one scenario's object, or an array of them (`headline`,
/// `all`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SimulateReport {
    /// A single scenario.
    One(Box<ScenarioReport>),
    /// Several scenarios, in order.
    Many(Vec<ScenarioReport>),
}

/// Runs `scenario` (expanding `headline` and `all`) with `params`.
pub fn simulate(
    scenario: Scenario,
    params: &Params,
    observer: &dyn Observer,
) -> Result<SimulateReport, SimError> {
    let mut reports = Vec::new();
    for single in scenario.expand() {
        let params = params.for_scenario(single);
        reports.push(match single {
            Scenario::Remap => ScenarioReport::Remap(remap::run(&params, observer)?),
            Scenario::Balance => ScenarioReport::Balance(balance::run(&params, observer)?),
            Scenario::Failure => ScenarioReport::Failure(failure::run(single, &params, observer)?),
            Scenario::MassFailure => ScenarioReport::Failure(failure::run(single, &params, observer)?),
            Scenario::Churn => ScenarioReport::Churn(churn::run(&params, observer)?),
            Scenario::Concurrent => ScenarioReport::Concurrent(concurrent::run(&params, observer)?),
            Scenario::HotKeys => ScenarioReport::HotKeys(hotkeys::run(&params, observer)?),
            // expand() returns single scenarios only.
            Scenario::Headline | Scenario::All => continue,
        });
    }
    Ok(if reports.len() == 1 {
        SimulateReport::One(Box::new(reports.remove(0)))
    } else {
        SimulateReport::Many(reports)
    })
}
