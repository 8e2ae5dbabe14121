//! The experiment against an in-memory store: the phase accounting end to end, for every
//! algorithm, without servers.

use std::cell::RefCell;
use std::collections::HashSet;

use super::error::ChaosError;
use super::experiment::{self, Plan, Store, victims};
use super::report::{AlgorithmReport, Phase};
use crate::ring::keys::Silent;
use crate::ring::router::{Algorithm, RouterConfig};

/// Nodes as sets of keys; a killed node loses its keys, and any command sent to it fails.
struct Memory {
    names: Vec<String>,
    data: RefCell<Vec<HashSet<Vec<u8>>>>,
    up: Vec<bool>,
}

impl Memory {
    fn new(nodes: usize) -> Self {
        Memory {
            names: (1..=nodes).map(|i| format!("redis-{i}")).collect(),
            data: RefCell::new(vec![HashSet::new(); nodes]),
            up: vec![true; nodes],
        }
    }

    fn check_up(&self, node: usize) -> Result<(), ChaosError> {
        if self.up[node] {
            return Ok(());
        }
        Err(ChaosError::Node {
            node: self.names[node].clone(),
            address: "memory".into(),
            problem: "down".into(),
        })
    }
}

impl Store for Memory {
    fn names(&self) -> &[String] {
        &self.names
    }

    async fn set(&self, node: usize, keys: &[&[u8]]) -> Result<(), ChaosError> {
        self.check_up(node)?;
        self.data.borrow_mut()[node].extend(keys.iter().map(|k| k.to_vec()));
        Ok(())
    }

    async fn get(&self, node: usize, keys: &[&[u8]]) -> Result<Vec<bool>, ChaosError> {
        self.check_up(node)?;
        Ok(keys.iter().map(|k| self.data.borrow()[node].contains(*k)).collect())
    }

    async fn kill(&mut self, node: usize) -> Result<(), ChaosError> {
        self.up[node] = false;
        self.data.borrow_mut()[node].clear();
        Ok(())
    }

    async fn restore(&mut self, node: usize) -> Result<(), ChaosError> {
        self.up[node] = true;
        Ok(())
    }
}

fn plan(keys: u32) -> Plan {
    Plan {
        keys,
        algorithms: Algorithm::ALL.to_vec(),
        router: RouterConfig::default(),
        seed: 7,
        kill: None,
        mass: true,
        restore: true,
        prefix: "test".into(),
    }
}

fn run(nodes: usize, plan: &Plan) -> (experiment::Events, Vec<AlgorithmReport>) {
    let mut store = Memory::new(nodes);
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    runtime.block_on(experiment::run(&mut store, plan, &Silent)).unwrap()
}

/// Keys of the named nodes in `phase`.
fn keys_of(report: &AlgorithmReport, names: &[String], phase: Phase) -> u64 {
    let nodes = &report.per_node.nodes;
    names
        .iter()
        .map(|name| report.per_node.keys(nodes.iter().position(|n| n == name).unwrap(), phase).unwrap())
        .sum()
}

#[test]
fn every_phase_runs_in_order_and_accounts_for_every_key() {
    let (events, reports) = run(6, &plan(3000));
    assert_eq!(events.mass_killed.len(), 2, "half of 6 nodes die: the first plus two");
    assert!(!events.mass_killed.contains(&events.killed));
    assert_eq!(events.restored.len(), 3);
    for report in &reports {
        let phases: Vec<Phase> = report.phases.iter().map(|r| r.phase).collect();
        assert_eq!(
            phases,
            [Phase::Load, Phase::Read, Phase::Kill, Phase::MassKill, Phase::Restore, Phase::Warm]
        );
        for row in &report.phases {
            assert_eq!(row.keys, 3000);
            let per_node: u64 =
                report.per_node.phases.iter().find(|(p, _)| *p == row.phase).unwrap().1.iter().sum();
            assert_eq!(per_node, 3000, "{} {:?}: every key is on one node", report.algorithm, row.phase);
            if row.phase != Phase::Load {
                assert_eq!(row.hits + row.misses, 3000);
                assert_eq!(row.written, row.misses, "every miss is filled again");
            }
        }
        let (load, read, warm) = (Phase::Load, Phase::Read, Phase::Warm);
        assert_eq!(report.phase(load).unwrap().written, 3000);
        assert_eq!(report.phase(load).unwrap().hit_rate, None);
        assert_eq!(report.phase(read).unwrap().hits, 3000, "{}: all keys read back", report.algorithm);
        assert_eq!(report.phase(warm).unwrap().hits, 3000, "{}: warm after the refill", report.algorithm);
        assert_eq!(
            keys_of(report, std::slice::from_ref(&events.killed), Phase::Kill),
            0,
            "a dead node gets no keys"
        );
    }
}

#[test]
fn a_kill_misses_the_dead_nodes_keys_plus_the_keys_moved_between_survivors() {
    let (events, reports) = run(5, &plan(4000));
    for report in &reports {
        let kill = report.phase(Phase::Kill).unwrap();
        let dead_keys = keys_of(report, std::slice::from_ref(&events.killed), Phase::Read);
        // For every algorithm: each of the dead node's keys misses, and so does each key moved
        // between survivors (it was only ever written on its first node).
        assert_eq!(kill.misses_on_killed, dead_keys, "{}", report.algorithm);
        assert_eq!(kill.misses, kill.misses_on_killed + kill.moved_between_survivors, "{}", report.algorithm);
        if report.algorithm.promises_minimal_disruption() {
            assert_eq!(kill.moved_between_survivors, 0, "{}", report.algorithm);
            assert_eq!(kill.misses, dead_keys, "{}", report.algorithm);
            let mass = report.phase(Phase::MassKill).unwrap();
            assert_eq!(mass.moved_between_survivors, 0, "{}", report.algorithm);
            assert_eq!(
                mass.misses,
                keys_of(report, &events.mass_killed, Phase::Kill),
                "{}",
                report.algorithm
            );
            let restore = report.phase(Phase::Restore).unwrap();
            assert_eq!(restore.moved_between_survivors, 0, "{}", report.algorithm);
            assert_eq!(
                restore.misses, restore.moved_to_restored,
                "{}: the warm-up is the keys going home",
                report.algorithm
            );
            assert_eq!(restore.moved_to_restored, keys_of(report, &events.restored, Phase::Restore));
        }
    }
    let of = |a: Algorithm| reports.iter().find(|r| r.algorithm == a).unwrap().phase(Phase::Kill).unwrap();
    assert!(of(Algorithm::Modulo).moved_between_survivors > 1000, "modulo renumbers: most keys move");
    assert!(of(Algorithm::Maglev).moved_between_survivors < 40, "Maglev's disruption stays under 1%");
}

#[test]
fn each_algorithm_writes_under_its_own_prefix() {
    let (_, reports) = run(
        3,
        &Plan { algorithms: vec![Algorithm::Ring, Algorithm::Jump], mass: false, restore: false, ..plan(10) },
    );
    let prefixes: Vec<&str> = reports.iter().map(|r| r.key_prefix.as_str()).collect();
    assert_eq!(prefixes, ["test:ring:", "test:jump:"]);
    let names = experiment::KeyNames::new("test", Algorithm::Jump);
    assert_eq!(names.chunk([0, 12, 3]).keys(), [&b"test:jump:0"[..], b"test:jump:12", b"test:jump:3"]);
    assert!(names.chunk([]).keys().is_empty());
}

#[test]
fn victims_follow_the_seed_or_the_name_and_half_die_in_a_mass_kill() {
    let names: Vec<String> = (1..=10).map(|i| format!("redis-{i}")).collect();
    let p = plan(1);
    let (first, mass) = victims(&p, &names).unwrap();
    assert_eq!(victims(&p, &names).unwrap(), (first, mass.clone()), "same seed, same victims");
    assert_eq!(mass.len(), 4, "5 of 10 die in all");
    assert!(!mass.contains(&first));
    let named = Plan { kill: Some("redis-10".into()), ..plan(1) };
    assert_eq!(victims(&named, &names).unwrap().0, 9);
    let seeds: HashSet<usize> =
        (0..50).map(|seed| victims(&Plan { seed, ..plan(1) }, &names).unwrap().0).collect();
    assert!(seeds.len() > 5, "the seed varies the victim");

    let unknown = victims(&Plan { kill: Some("redis-11".into()), ..plan(1) }, &names).unwrap_err();
    assert!(unknown.contains("redis-11") && unknown.contains("redis-1, redis-2"), "{unknown}");
    assert!(victims(&plan(1), &names[..3]).unwrap_err().contains("at least 4"));
    assert!(victims(&Plan { mass: false, ..plan(1) }, &names[..1]).unwrap_err().contains("at least 2"));
}

#[test]
fn nodes_with_more_keys_than_a_chunk_get_them_all_in_order() {
    let keys = 3 * experiment::CHUNK as u32;
    let (_, reports) =
        run(2, &Plan { algorithms: vec![Algorithm::Rendezvous], mass: false, restore: false, ..plan(keys) });
    let read = reports[0].phase(Phase::Read).unwrap();
    assert_eq!(read.hits, u64::from(keys));
    assert!(reports[0].per_node.keys(0, Phase::Read).unwrap() > experiment::CHUNK as u64);
    let kill = reports[0].phase(Phase::Kill).unwrap();
    assert_eq!(kill.misses, kill.misses_on_killed);
    assert_eq!(kill.hits + kill.misses, u64::from(keys));
}
