//! The experiment: every algorithm is a cache client with its own key prefix, all of them on
//! the same nodes, run in lockstep through the phases so that one real failure is seen by all.
//!
//! Phases: `load` (SET every key on the node the router picks), `read` (GET them all back),
//! `kill` (one node dies and leaves the router; read all), optionally `mass_kill` (more nodes
//! die at once, until half are down; read all), `restore` (the dead nodes come back empty and
//! rejoin the router; read all) and `warm` (read all again). Every miss is filled again on the
//! key's new node, as a cache-aside client does, so each phase starts from a warm cache.
//!
//! A router's placement of the keys is computed fresh for each phase from its live nodes. For
//! a stateful router (bounded-load) that is an ordered assignment of all keys under fresh
//! loads, the model of [`crate::ring::algo::bounded`].

use std::future::Future;
use std::time::Instant;

use rand::SeedableRng as _;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom as _;

use super::error::ChaosError;
use super::report::{AlgorithmReport, Phase, PhaseRow};
use super::tally::{group, per_node, tally};
use crate::ring::keys::Observer;
use crate::ring::router::{Algorithm, Node, Router, RouterConfig};

/// Where the keys live: real Redis servers ([`super::RedisCluster`]) or memory (tests).
///
/// Nodes are numbered by their position in [`Store::names`]; the experiment never sends a
/// command to a node it killed and has not restored.
pub trait Store {
    /// The nodes' names, fixed for the whole experiment.
    fn names(&self) -> &[String];

    /// Stores this run's value under every key on `node`.
    fn set(&self, node: usize, keys: &[&[u8]]) -> impl Future<Output = Result<(), ChaosError>>;

    /// Reads every key from `node`: `true` where it holds this run's value.
    fn get(&self, node: usize, keys: &[&[u8]]) -> impl Future<Output = Result<Vec<bool>, ChaosError>>;

    /// Makes `node` fail, and returns once it no longer answers.
    fn kill(&mut self, node: usize) -> impl Future<Output = Result<(), ChaosError>>;

    /// Brings a killed `node` back, empty.
    fn restore(&mut self, node: usize) -> impl Future<Output = Result<(), ChaosError>>;
}

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Keys per algorithm.
    pub keys: u32,
    /// The clients, one per algorithm.
    pub algorithms: Vec<Algorithm>,
    /// Router settings (hash, vnodes, ε, probes, Maglev table).
    pub router: RouterConfig,
    /// Chooses the node to kill (unless `kill` names it) and the mass-kill victims.
    pub seed: u64,
    /// The node to kill, by name; `None` lets the seed choose.
    pub kill: Option<String>,
    /// Kill more nodes at once after the first, until half of them are down.
    pub mass: bool,
    /// Bring the dead nodes back at the end and show the warm-up.
    pub restore: bool,
    /// Keys are `{prefix}:{algorithm}:{i}`.
    pub prefix: String,
}

/// The nodes each event hit, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Events {
    /// The node killed in the `kill` phase.
    pub killed: String,
    /// The nodes killed together in the `mass_kill` phase.
    pub mass_killed: Vec<String>,
    /// The nodes brought back in the `restore` phase.
    pub restored: Vec<String>,
}

/// The nodes `plan` kills: the `kill` node, then the `mass_kill` ones (empty without
/// `--mass`). Mass kill takes ⌊N/2⌋ − 1 more nodes, so that half of them are down.
pub fn victims(plan: &Plan, names: &[String]) -> Result<(usize, Vec<usize>), String> {
    let n = names.len();
    if n < 2 {
        return Err("a kill needs at least 2 nodes (one dies, one survives)".into());
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(plan.seed));
    let first = match &plan.kill {
        Some(name) => names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("--kill {name}: no such node (the nodes are {})", names.join(", ")))?,
        None => order[0],
    };
    let mut mass = Vec::new();
    if plan.mass {
        if n < 4 {
            return Err(format!("--mass needs at least 4 nodes (half of them die), got {n}"));
        }
        mass = order.into_iter().filter(|&i| i != first).take(n / 2 - 1).collect();
        mass.sort_unstable();
    }
    Ok((first, mass))
}

/// Keys handed to the store at once: bounds memory whatever the key count.
pub const CHUNK: usize = 8192;

/// The key names of one algorithm, `{prefix}:{algorithm}:{i}`, made when needed (never all
/// stored: a million keys per algorithm stay cheap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyNames {
    prefix: String,
}

impl KeyNames {
    /// The names of `algorithm`'s keys under `prefix`.
    pub fn new(prefix: &str, algorithm: Algorithm) -> Self {
        KeyNames { prefix: format!("{prefix}:{algorithm}:") }
    }

    /// What every name starts with (`veysi:chaos:ring:`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Appends key `i`'s name to `out`.
    pub fn write(&self, i: u32, out: &mut Vec<u8>) {
        use std::io::Write as _;
        out.extend_from_slice(self.prefix.as_bytes());
        let _ = write!(out, "{i}"); // writing to a Vec cannot fail
    }

    /// The names of keys `indices`, in order: one buffer, sliced.
    pub fn chunk(&self, indices: impl IntoIterator<Item = u32>) -> Chunk {
        let mut chunk = Chunk { bytes: Vec::new(), ends: Vec::new() };
        for i in indices {
            self.write(i, &mut chunk.bytes);
            chunk.ends.push(chunk.bytes.len());
        }
        chunk
    }
}

/// Key names in one buffer (see [`KeyNames::chunk`]).
#[derive(Debug)]
pub struct Chunk {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Chunk {
    /// The names, as slices of the buffer.
    pub fn keys(&self) -> Vec<&[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.bytes[start..end]).collect()
    }
}

/// Runs the experiment on `store`; reports one entry per algorithm.
pub async fn run<S: Store>(
    store: &mut S,
    plan: &Plan,
    observer: &dyn Observer,
) -> Result<(Events, Vec<AlgorithmReport>), ChaosError> {
    let names = store.names().to_vec();
    let (first, mass) = victims(plan, &names).map_err(ChaosError::Plan)?;
    let mut clients =
        plan.algorithms.iter().map(|&a| Client::new(a, plan, &names)).collect::<Result<Vec<_>, _>>()?;
    let mut lab = Lab { store, clients: &mut clients, observer, nodes: names.len() };
    let mut events = Events { killed: names[first].clone(), ..Events::default() };

    lab.phase(Phase::Load, &[], &[]).await?;
    lab.phase(Phase::Read, &[], &[]).await?;
    lab.kill(&[first]).await?;
    lab.phase(Phase::Kill, &[first], &[]).await?;
    let mut dead = vec![first];
    if plan.mass {
        lab.kill(&mass).await?;
        lab.phase(Phase::MassKill, &mass, &[]).await?;
        events.mass_killed = mass.iter().map(|&i| names[i].clone()).collect();
        dead.extend(&mass);
    }
    if plan.restore {
        dead.sort_unstable();
        lab.restore(&dead).await?;
        lab.phase(Phase::Restore, &[], &dead).await?;
        lab.phase(Phase::Warm, &[], &[]).await?;
        events.restored = dead.iter().map(|&i| names[i].clone()).collect();
    }
    Ok((events, clients.into_iter().map(|c| c.report).collect()))
}

/// One algorithm's cache client.
struct Client {
    router: Box<dyn Router>,
    names: KeyNames,
    count: u32,
    /// Each key's node (cluster index) after the last phase.
    owners: Vec<u32>,
    report: AlgorithmReport,
}

impl Client {
    fn new(algorithm: Algorithm, plan: &Plan, names: &[String]) -> Result<Self, ChaosError> {
        let router = algorithm.build(names.iter().map(Node::new), &plan.router)?;
        let keys = KeyNames::new(&plan.prefix, algorithm);
        Ok(Client {
            router,
            report: AlgorithmReport::new(algorithm, keys.prefix().to_owned(), names),
            names: keys,
            count: plan.keys,
            owners: Vec::new(),
        })
    }

    /// Every key's node (a cluster index) under the router's current node set.
    fn placement(&self, names: &[String]) -> Result<Vec<u32>, ChaosError> {
        let to_cluster = self
            .router
            .nodes()
            .iter()
            .map(|node| {
                let index = names.iter().position(|n| *n == node.name);
                index
                    .map(|i| i as u32)
                    .ok_or_else(|| ChaosError::Plan(format!("{} is not a node", node.name)))
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let mut router = self.router.clone();
        router.reset_load();
        let mut owners = Vec::with_capacity(self.count as usize);
        let mut key = Vec::with_capacity(64);
        for i in 0..self.count {
            key.clear();
            self.names.write(i, &mut key);
            let index = if router.is_stateful() { router.assign(&key)? } else { router.route(&key)? };
            owners.push(to_cluster[index]);
        }
        Ok(owners)
    }
}

/// The clients and the store they share, for the length of a run.
struct Lab<'a, S: Store> {
    store: &'a mut S,
    clients: &'a mut [Client],
    observer: &'a dyn Observer,
    nodes: usize,
}

impl<S: Store> Lab<'_, S> {
    /// Kills `nodes` and removes them from every router.
    async fn kill(&mut self, nodes: &[usize]) -> Result<(), ChaosError> {
        for &node in nodes {
            self.store.kill(node).await?;
        }
        for client in self.clients.iter_mut() {
            for &node in nodes {
                client.router.remove(&self.store.names()[node])?;
            }
        }
        Ok(())
    }

    /// Restores `nodes` and adds them back to every router, in node order.
    async fn restore(&mut self, nodes: &[usize]) -> Result<(), ChaosError> {
        for &node in nodes {
            self.store.restore(node).await?;
        }
        for client in self.clients.iter_mut() {
            for &node in nodes {
                client.router.add(Node::new(self.store.names()[node].clone()))?;
            }
        }
        Ok(())
    }

    /// Runs `phase` for every client: routes all keys, writes (load) or reads them, fills
    /// the misses again, and records the row. `killed` / `restored` are the nodes the
    /// phase's event hit.
    async fn phase(&mut self, phase: Phase, killed: &[usize], restored: &[usize]) -> Result<(), ChaosError> {
        self.observer.stage(phase.name(), self.clients.len() as u64);
        let killed = flags(self.nodes, killed);
        let restored = flags(self.nodes, restored);
        let live = self.clients.first().map_or(0, |c| c.router.nodes().len());
        for client in self.clients.iter_mut() {
            let started = Instant::now();
            let owners = client.placement(self.store.names())?;
            let groups = group(&owners, self.nodes);
            let mut row = PhaseRow::new(phase, owners.len() as u64, live);
            if phase == Phase::Load {
                write(self.store, &client.names, &groups).await?;
                row.written = owners.len() as u64;
            } else {
                let hit = read(self.store, &client.names, &groups, owners.len()).await?;
                row.count(tally(&client.owners, &owners, &hit, &killed, &restored));
                let missed: Vec<Vec<u32>> = groups
                    .iter()
                    .map(|keys| keys.iter().copied().filter(|&k| !hit[k as usize]).collect())
                    .collect();
                write(self.store, &client.names, &missed).await?;
                row.written = row.misses;
            }
            row.duration_ms = started.elapsed().as_secs_f64() * 1e3;
            client.report.record(row, &per_node(&owners, self.nodes));
            client.owners = owners;
            self.observer.advance(1);
        }
        Ok(())
    }
}

/// `flags[n]` is whether node `n` is in `nodes`.
fn flags(count: usize, nodes: &[usize]) -> Vec<bool> {
    let mut flags = vec![false; count];
    nodes.iter().for_each(|&n| flags[n] = true);
    flags
}

/// Writes each node's keys to it, all nodes at once, [`CHUNK`] keys at a time per node.
async fn write<S: Store>(store: &S, names: &KeyNames, groups: &[Vec<u32>]) -> Result<(), ChaosError> {
    let writes = groups.iter().enumerate().filter(|(_, g)| !g.is_empty()).map(|(node, g)| async move {
        for part in g.chunks(CHUNK) {
            store.set(node, &names.chunk(part.iter().copied()).keys()).await?;
        }
        Ok::<_, ChaosError>(())
    });
    futures::future::try_join_all(writes).await?;
    Ok(())
}

/// Reads each node's keys from it, all nodes at once, [`CHUNK`] keys at a time per node:
/// `hit[k]` for each of the `count` keys.
async fn read<S: Store>(
    store: &S,
    names: &KeyNames,
    groups: &[Vec<u32>],
    count: usize,
) -> Result<Vec<bool>, ChaosError> {
    let reads = groups.iter().enumerate().filter(|(_, g)| !g.is_empty()).map(|(node, g)| async move {
        let mut hits = Vec::with_capacity(g.len());
        for part in g.chunks(CHUNK) {
            hits.extend(store.get(node, &names.chunk(part.iter().copied()).keys()).await?);
        }
        Ok::<_, ChaosError>((g, hits))
    });
    let mut hit = vec![false; count];
    for (g, hits) in futures::future::try_join_all(reads).await? {
        for (&k, h) in g.iter().zip(hits) {
            hit[k as usize] = h;
        }
    }
    Ok(hit)
}
