//! `concurrent`: reader threads (one per `--threads`) route keys while a writer thread adds
//! and removes nodes as fast as it can publish.
//!
//! Each change is published as a new immutable snapshot (router plus the writer's own record
//! of which nodes are live) through `arc-swap`: readers never take a lock and never wait for
//! the writer, and a reader always sees one whole snapshot. Every answer is checked against
//! the live set of the snapshot it came from, readers check that versions never go back,
//! and a sample of answers is verified afterwards by replaying the writer's operations on a
//! fresh router: an answer must be exactly what its version's router gives.
//!
//! For contrast the ring also runs under an `RwLock` that the writer holds while it changes
//! the router in place (the seed article's RWMutex design): every lookup takes the read
//! lock, and readers stall while the writer rebuilds.
//!
//! Bounded-load is left out: its answers depend on per-request load counters, which are
//! shared mutable state rather than a snapshot.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, TryLockError};
use std::time::{Duration, Instant};

use arc_swap::{ArcSwap, Cache};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng as _};
use serde::Serialize;

use super::churn::Op;
use super::{NODE_PREFIX, Params, SimError};
use crate::ring::keys::{KeyBuf, Observer};
use crate::ring::router::{Algorithm, Router};

/// Every this many lookups a reader keeps its answer for the replay check.
const SAMPLE_EVERY: u64 = 512;
/// The writer pauses this long between changes, so a run sees hundreds of versions.
const WRITER_PAUSE: Duration = Duration::from_micros(200);
/// The writer stops after this many changes even if readers are still running.
const MAX_CHANGES: usize = 100_000;

/// One algorithm under concurrent reads and writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcurrentRow {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// How snapshots reach readers: `arc-swap` or `rwlock`.
    pub publication: &'static str,
    /// Reader threads.
    pub readers: usize,
    /// Lookups, all readers together.
    pub lookups: u64,
    /// Lookups per second, all readers together (wall time of the slowest reader).
    pub lookups_per_s: f64,
    /// Router versions the writer published during the run.
    pub versions_published: u64,
    /// Answers naming a node that was not live in the reader's version (must be 0).
    pub invalid_answers: u64,
    /// Times a reader saw an older version after a newer one (must be 0).
    pub version_regressions: u64,
    /// Lookups that had to wait for the writer (0 by construction with arc-swap).
    pub blocked_reads: u64,
    /// Sampled answers re-computed by replaying the writer's changes.
    pub verified_answers: u64,
    /// Of those, answers that differ from the replay (must be 0).
    pub mismatches: u64,
}

/// The `concurrent` scenario's report.
#[derive(Debug, Serialize)]
pub struct ConcurrentReport {
    /// Always `concurrent`.
    pub scenario: &'static str,
    /// The parameters it ran with.
    pub params: Params,
    /// One row per algorithm (arc-swap), then the ring under an RwLock.
    pub rows: Vec<ConcurrentRow>,
}

/// A published view: a version, its router, and the writer's own record of live nodes.
#[derive(Debug)]
struct Snapshot {
    version: u64,
    router: Box<dyn Router>,
    /// Universe id of each router node index.
    ids: Vec<u32>,
    /// Liveness by universe id, as the writer recorded it.
    live: Vec<bool>,
}

/// Node names by universe id, assigned as the writer creates them.
#[derive(Debug, Default)]
struct Names {
    ids: HashMap<String, u32>,
    live: Vec<bool>,
}

impl Names {
    fn snapshot(&mut self, version: u64, router: Box<dyn Router>) -> Snapshot {
        let mut snapshot = Snapshot { version, router, ids: Vec::new(), live: Vec::new() };
        self.refresh(&mut snapshot, version);
        snapshot
    }

    /// Brings a snapshot's version, ids and liveness up to date with its router.
    fn refresh(&mut self, snapshot: &mut Snapshot, version: u64) {
        snapshot.version = version;
        snapshot.ids = snapshot.router.nodes().iter().map(|n| self.id(&n.name)).collect();
        snapshot.live.clone_from(&self.live);
    }

    fn id(&mut self, name: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(name.to_owned()).or_insert_with(|| {
            self.live.push(false);
            next
        })
    }

    fn set_live(&mut self, name: &str, live: bool) {
        let id = self.id(name) as usize;
        self.live[id] = live;
    }
}

/// A reader's access to the current snapshot: calls its argument with it, and returns
/// whether it first had to wait for the writer.
type Loader<'a> = Box<dyn FnMut(&mut dyn FnMut(&Snapshot)) -> bool + Send + 'a>;

/// How readers reach the current snapshot.
trait View: Sync {
    /// The snapshot a reader sees now.
    fn reader(&self) -> Loader<'_>;
    /// Applies `op` and publishes version `version`.
    fn change(&self, op: &Op, version: u64, names: &mut Names) -> Result<(), SimError>;
}

/// Immutable snapshots behind an `ArcSwap`: the writer builds the next one aside.
struct Swapped(ArcSwap<Snapshot>);

impl View for Swapped {
    fn reader(&self) -> Loader<'_> {
        let mut cache = Cache::new(&self.0);
        Box::new(move |f| {
            f(cache.load());
            false
        })
    }

    fn change(&self, op: &Op, version: u64, names: &mut Names) -> Result<(), SimError> {
        let mut next = self.0.load().router.clone_box();
        op.apply(next.as_mut())?;
        self.0.store(Arc::new(names.snapshot(version, next)));
        Ok(())
    }
}

/// One snapshot behind an `RwLock`, changed in place under the write lock.
struct Locked(RwLock<Snapshot>);

impl View for Locked {
    fn reader(&self) -> Loader<'_> {
        Box::new(move |f| {
            let (guard, waited) = match self.0.try_read() {
                Ok(guard) => (guard, false),
                Err(TryLockError::Poisoned(poisoned)) => (poisoned.into_inner(), false),
                Err(TryLockError::WouldBlock) => {
                    (self.0.read().unwrap_or_else(PoisonError::into_inner), true)
                }
            };
            f(&guard);
            waited
        })
    }

    fn change(&self, op: &Op, version: u64, names: &mut Names) -> Result<(), SimError> {
        let mut current = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let applied = op.apply(current.router.as_mut());
        names.refresh(&mut current, version);
        applied
    }
}

/// What one reader saw.
#[derive(Debug, Default)]
struct ReaderTally {
    lookups: u64,
    invalid: u64,
    regressions: u64,
    blocked: u64,
    samples: Vec<(u64, u64, u32)>,
    elapsed: Duration,
}

fn read(params: &Params, reader: usize, lookups: u64, mut load: Loader<'_>) -> ReaderTally {
    let mut tally = ReaderTally::default();
    let mut buf = KeyBuf::new(params.seed);
    let mut last_version = 0;
    let start = Instant::now();
    let offset = reader as u64 * lookups;
    for j in 0..lookups {
        let i = (offset + j) % params.keys;
        let key = buf.key(i);
        let waited = load(&mut |snap: &Snapshot| {
            if snap.version < last_version {
                tally.regressions += 1;
            }
            last_version = snap.version;
            match snap.router.route(key) {
                Ok(index) => {
                    let id = snap.ids[index];
                    if !snap.live[id as usize] {
                        tally.invalid += 1;
                    }
                    if j % SAMPLE_EVERY == 0 {
                        tally.samples.push((snap.version, i, id));
                    }
                }
                Err(_) => tally.invalid += 1,
            }
        });
        tally.blocked += u64::from(waited);
    }
    tally.lookups = lookups;
    tally.elapsed = start.elapsed();
    tally
}

/// The writer: alternately adds a fresh node and removes a random live one, until told to
/// stop. Returns the operations in order (operation k produced version k+1).
fn write(
    view: &impl View,
    params: &Params,
    names: &mut Names,
    stop: &AtomicBool,
) -> Result<Vec<Op>, SimError> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed ^ 0x5eed);
    let mut live: Vec<String> = params.node_list().into_iter().map(|n| n.name).collect();
    let mut next = live.len() + 1;
    let mut ops = Vec::new();
    while !stop.load(Ordering::Acquire) && ops.len() < MAX_CHANGES {
        let op = if ops.len() % 2 == 0 {
            let name = format!("{NODE_PREFIX}{next}");
            next += 1;
            live.push(name.clone());
            names.set_live(&name, true);
            Op::Add(name)
        } else {
            let name = live.remove(rng.random_range(0..live.len()));
            names.set_live(&name, false);
            Op::Remove(name)
        };
        view.change(&op, ops.len() as u64 + 1, names)?;
        ops.push(op);
        std::thread::sleep(WRITER_PAUSE);
    }
    Ok(ops)
}

/// Replays `ops` on a fresh router and counts sampled answers that differ.
fn verify(
    params: &Params,
    algorithm: Algorithm,
    ops: &[Op],
    names: &Names,
    mut samples: Vec<(u64, u64, u32)>,
) -> Result<(u64, u64), SimError> {
    samples.sort_unstable_by_key(|s| s.0);
    let mut router = params.build(algorithm)?;
    let mut applied = 0usize;
    let mut buf = KeyBuf::new(params.seed);
    let mut mismatches = 0;
    for &(version, i, id) in &samples {
        while (applied as u64) < version {
            ops[applied].apply(router.as_mut())?;
            applied += 1;
        }
        let name = router.route_name(buf.key(i))?;
        mismatches += u64::from(names.ids.get(name) != Some(&id));
    }
    Ok((samples.len() as u64, mismatches))
}

/// Waits for a scoped thread, passing its panic on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Runs the readers and the writer on `view` until the readers are done.
fn drive(
    view: &impl View,
    params: &Params,
    names: &mut Names,
) -> (Vec<ReaderTally>, Result<Vec<Op>, SimError>) {
    let readers = params.threads.max(1);
    let per_reader = params.lookups.div_ceil(readers as u64);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let stop = &stop;
        let writer = scope.spawn(move || write(view, params, names, stop));
        let handles: Vec<_> = (0..readers)
            .map(|r| {
                let load = view.reader();
                scope.spawn(move || read(params, r, per_reader, load))
            })
            .collect();
        let tallies = handles.into_iter().map(join).collect();
        stop.store(true, Ordering::Release);
        (tallies, join(writer))
    })
}

fn run_one(params: &Params, algorithm: Algorithm, locked: bool) -> Result<ConcurrentRow, SimError> {
    let mut names = Names::default();
    for node in params.node_list() {
        names.set_live(&node.name, true);
    }
    let first = names.snapshot(0, params.build(algorithm)?);
    let (tallies, ops) = if locked {
        drive(&Locked(RwLock::new(first)), params, &mut names)
    } else {
        drive(&Swapped(ArcSwap::from_pointee(first)), params, &mut names)
    };
    let ops = ops?;
    let samples = tallies.iter().flat_map(|t| t.samples.iter().copied()).collect();
    let (verified, mismatches) = verify(params, algorithm, &ops, &names, samples)?;
    let lookups: u64 = tallies.iter().map(|t| t.lookups).sum();
    let slowest = tallies.iter().map(|t| t.elapsed).max().unwrap_or_default().as_secs_f64();
    Ok(ConcurrentRow {
        algorithm,
        publication: if locked { "rwlock" } else { "arc-swap" },
        readers: tallies.len(),
        lookups,
        lookups_per_s: if slowest > 0.0 { lookups as f64 / slowest } else { 0.0 },
        versions_published: ops.len() as u64,
        invalid_answers: tallies.iter().map(|t| t.invalid).sum(),
        version_regressions: tallies.iter().map(|t| t.regressions).sum(),
        blocked_reads: tallies.iter().map(|t| t.blocked).sum(),
        verified_answers: verified,
        mismatches,
    })
}

/// Runs the scenario.
pub fn run(params: &Params, observer: &dyn Observer) -> Result<ConcurrentReport, SimError> {
    let mut rows = Vec::new();
    for &algorithm in params.algorithms.iter().filter(|&&a| a != Algorithm::BoundedLoad) {
        observer.stage(&format!("concurrent: {algorithm}"), 1);
        rows.push(run_one(params, algorithm, false)?);
        observer.advance(1);
    }
    if params.algorithms.contains(&Algorithm::Ring) {
        observer.stage("concurrent: ring under an RwLock", 1);
        rows.push(run_one(params, Algorithm::Ring, true)?);
        observer.advance(1);
    }
    Ok(ConcurrentReport { scenario: "concurrent", params: params.clone(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ring::keys::Silent;

    #[test]
    fn every_answer_is_live_in_its_view_and_replays_exactly() {
        let params = Params { lookups: 100_000, threads: 2, keys: 10_000, ..Params::default() };
        let report = run(&params, &Silent).unwrap();
        assert_eq!(report.rows.len(), Algorithm::ALL.len()); // 7 arc-swap rows + the RwLock ring
        for row in &report.rows {
            assert_eq!(row.lookups, 100_000, "{row:?}");
            assert_eq!(row.invalid_answers, 0, "{row:?}");
            assert_eq!(row.version_regressions, 0, "{row:?}");
            assert_eq!(row.mismatches, 0, "{row:?}");
            if row.publication == "arc-swap" {
                assert_eq!(row.blocked_reads, 0, "arc-swap readers never wait: {row:?}");
            }
            assert!(row.verified_answers >= 100_000 / SAMPLE_EVERY, "{row:?}");
            assert!(row.versions_published >= 1, "the writer publishes before its first pause: {row:?}");
        }
        assert!(report.rows.iter().all(|r| r.algorithm != Algorithm::BoundedLoad));
    }

    #[test]
    fn an_answer_outside_the_live_set_is_counted() {
        let params = Params { keys: 100, ..Params::default() };
        let mut names = Names::default();
        // The writer's record says no node is live: every answer must be flagged.
        for node in params.node_list() {
            names.set_live(&node.name, false);
        }
        let view = Swapped(ArcSwap::from_pointee(names.snapshot(3, params.build(Algorithm::Ring).unwrap())));
        let tally = read(&params, 0, 1000, view.reader());
        assert_eq!(tally.invalid, 1000);
        assert_eq!(tally.regressions, 0);
    }

    #[test]
    fn a_wrong_answer_fails_the_replay() {
        let params = Params { keys: 100, ..Params::default() };
        let mut names = Names::default();
        for node in params.node_list() {
            names.set_live(&node.name, true);
        }
        let ops = vec![Op::Add("node-6".into())];
        names.set_live("node-6", true);
        let router = params.build(Algorithm::Ring).unwrap();
        let owner = router.route_name(KeyBuf::new(params.seed).key(7)).unwrap().to_owned();
        let right = names.ids[&owner];
        let wrong = (right + 1) % 5;
        let (verified, mismatches) =
            verify(&params, Algorithm::Ring, &ops, &names, vec![(0, 7, right), (0, 7, wrong)]).unwrap();
        assert_eq!((verified, mismatches), (2, 1));
    }
}
