//! Pool get/put micro-benchmarks: veysi against deadpool and bb8 in the same run, all managing
//! the same loopback TCP connections, with a counting allocator that reports (and, for veysi's
//! sequential get/put, asserts) heap allocations per operation.
//!
//! `cargo bench --bench pool` (add `-- sequential` or `-- contended` to pick a group).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use veysi::pool::TcpManager;
use veysi::pool::bench::echo::EchoServer;
use veysi::pool::bench::peers::{Bb8, BenchPool, Deadpool, Op, PoolSetup, Veysi};

/// Counts every allocation (and reallocation): in total, and on the current thread.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static THREAD_ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    ALLOCATIONS.fetch_add(1, Relaxed);
    let _ = THREAD_ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

/// Allocations made by this thread so far.
fn thread_allocations() -> u64 {
    THREAD_ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn setup(server: &EchoServer, min: usize, max: usize) -> PoolSetup {
    PoolSetup {
        manager: TcpManager::new(server.addr().to_string()),
        min_size: min,
        max_size: max,
        increment: 1,
        ping: false,
        get_timeout: Duration::from_secs(5),
        dial_timeout: Duration::from_secs(5),
        io_timeout: Duration::from_secs(5),
        evict_interval: None,
    }
}

/// Sequential get/put of a healthy idle connection (min 5, max 10), one task.
fn sequential<P: BenchPool>(c: &mut Criterion, rt: &tokio::runtime::Runtime, server: &EchoServer) {
    let pool = rt.block_on(P::build(&setup(server, 5, 10))).expect("the pool fills");
    let (mut allocations, mut ops) = (0u64, 0u64);
    c.bench_function(&format!("sequential/{}", P::NAME), |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let before = thread_allocations();
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(pool.op(Op::GetPut).await).expect("get/put succeeds");
                }
                let elapsed = start.elapsed();
                allocations += thread_allocations() - before;
                ops += iters;
                elapsed
            })
        })
    });
    eprintln!(
        "sequential/{}: {:.4} heap allocations per get/put ({allocations} in {ops} operations)",
        P::NAME,
        allocations as f64 / ops.max(1) as f64
    );
    if P::NAME == "veysi" {
        assert_eq!(allocations, 0, "veysi's get/put of a healthy idle connection must not allocate");
    }
}

/// 8 tasks share 2 connections (min = max = 2) on a multi-threaded runtime.
fn contended<P: BenchPool>(c: &mut Criterion, rt: &tokio::runtime::Runtime, server: &EchoServer) {
    const WORKERS: u64 = 8;
    let pool = Arc::new(rt.block_on(P::build(&setup(server, 2, 2))).expect("the pool fills"));
    let (mut allocations, mut total_ops) = (0u64, 0u64);
    c.bench_function(&format!("contended/{}", P::NAME), |b| {
        b.iter_custom(|iters| {
            let per_task = iters.div_ceil(WORKERS);
            rt.block_on(async {
                let before = ALLOCATIONS.load(Relaxed);
                let start = Instant::now();
                let tasks: Vec<_> = (0..WORKERS)
                    .map(|_| {
                        let pool = Arc::clone(&pool);
                        tokio::spawn(async move {
                            for _ in 0..per_task {
                                black_box(pool.op(Op::GetPut).await).expect("get/put succeeds");
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.expect("no task panicked");
                }
                let elapsed = start.elapsed();
                let ops = per_task * WORKERS;
                allocations += ALLOCATIONS.load(Relaxed) - before;
                total_ops += ops;
                elapsed.mul_f64(iters as f64 / ops as f64)
            })
        })
    });
    eprintln!(
        "contended/{}: {:.4} heap allocations per get/put (all threads, the 8 task spawns per sample included)",
        P::NAME,
        allocations as f64 / total_ops.max(1) as f64
    );
}

fn benches(c: &mut Criterion) {
    let single = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let multi = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let server = multi.block_on(EchoServer::start()).expect("the echo server starts");
    sequential::<Veysi>(c, &single, &server);
    sequential::<Deadpool>(c, &single, &server);
    sequential::<Bb8>(c, &single, &server);
    contended::<Veysi>(c, &multi, &server);
    contended::<Deadpool>(c, &multi, &server);
    contended::<Bb8>(c, &multi, &server);
}

criterion_group! {
    name = pool;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(pool);
