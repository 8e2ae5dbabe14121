//! Lookup latency of every router at 10, 100 and 1,000 nodes with 16-byte keys, with two
//! peer crates measured in the same run: `hashring` (a Karger ring; fed the same 150 vnodes
//! per node and the same FNV-1a, then with its default SipHash) and `jumpch` (jump hash).
//!
//! `cargo bench --bench ring` (filter with e.g. `-- lookup/10/`).

use std::hash::{BuildHasher, Hash, Hasher};
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use veysi::ring::algo::numbered::jump;
use veysi::ring::{Algorithm, HashKind, Node, Router, RouterConfig};

const NODE_COUNTS: [usize; 3] = [10, 100, 1000];
const VNODES: u32 = 150;

/// 1,024 distinct 16-byte keys (`key:000000000042`), cycled so lookups do not repeat one key.
fn keys() -> Vec<[u8; 16]> {
    (0..1024u64)
        .map(|i| {
            let mut key = [0u8; 16];
            key.copy_from_slice(format!("key:{i:012}").as_bytes());
            key
        })
        .collect()
}

/// A key hashed as its bytes only, as our routers hash it (no length prefix).
struct Bytes<'a>(&'a [u8]);

impl Hash for Bytes<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.0);
    }
}

/// A vnode of the peer ring, hashed as the label `name#i`.
struct VNode(String);

impl Hash for VNode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.0.as_bytes());
    }
}

fn peer_ring<S: BuildHasher>(nodes: usize, hasher: S) -> hashring::HashRing<VNode, S> {
    let mut ring = hashring::HashRing::with_hasher(hasher);
    let vnodes = (1..=nodes).flat_map(|n| (0..VNODES).map(move |v| VNode(format!("node-{n}#{v}")))).collect();
    ring.batch_add(vnodes);
    ring
}

fn lookups(c: &mut Criterion) {
    let keys = keys();
    for &n in &NODE_COUNTS {
        let mut group = c.benchmark_group(format!("lookup/{n}"));
        let nodes = Node::numbered("node-", n);
        let mut routers: Vec<(String, Box<dyn Router>)> = Algorithm::ALL
            .iter()
            .map(|&a| {
                let config =
                    RouterConfig { hash: HashKind::Fnv1a64, vnodes: VNODES, ..RouterConfig::default() };
                (format!("{a}/fnv1a-64"), a.build(nodes.clone(), &config).expect("router builds"))
            })
            .collect();
        let xxh3 = RouterConfig { hash: HashKind::Xxh3, vnodes: VNODES, ..RouterConfig::default() };
        routers
            .push(("ring/xxh3".into(), Algorithm::Ring.build(nodes.clone(), &xxh3).expect("router builds")));
        for (name, router) in &routers {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                let mut i = 0;
                b.iter(|| {
                    i = (i + 1) & 1023;
                    router.route(black_box(&keys[i]))
                })
            });
        }
        let fnv = peer_ring(n, fnv::FnvBuildHasher::default());
        group.bench_function(BenchmarkId::from_parameter("hashring-crate/fnv1a-64"), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) & 1023;
                fnv.get(&Bytes(black_box(&keys[i]))).map(|v| v.0.len())
            })
        });
        let sip = peer_ring(n, hashring::DefaultHashBuilder);
        group.bench_function(BenchmarkId::from_parameter("hashring-crate/siphash"), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) & 1023;
                sip.get(&Bytes(black_box(&keys[i]))).map(|v| v.0.len())
            })
        });
        group.finish();
    }
}

/// Jump hash alone (a precomputed 64-bit key hash to a bucket): ours against `jumpch`.
fn jump_alone(c: &mut Criterion) {
    let hashes: Vec<u64> = keys().iter().map(|k| HashKind::Xxh3.hash(k)).collect();
    let mut group = c.benchmark_group("jump-bucket");
    for &n in &NODE_COUNTS {
        let buckets = n as u32;
        group.bench_function(BenchmarkId::new("veysi", n), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) & 1023;
                jump(black_box(hashes[i]), buckets)
            })
        });
        group.bench_function(BenchmarkId::new("jumpch-crate", n), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) & 1023;
                jumpch::hash(black_box(hashes[i]), buckets)
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2)).sample_size(30);
    targets = lookups, jump_alone
}
criterion_main!(benches);
