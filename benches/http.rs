//! Per-request cost and heap allocations per request of each server stack over an in-memory
//! duplex connection (no TCP): the fasthttp-vs-net/http table (ns/op, allocs/op) for Rust.
//!
//! The client side is a bare loop over a preformatted request and one reused buffer, so it
//! allocates nothing itself: the allocations counted are the server stack's (plus the tokio
//! duplex pipe, which reuses its buffer once grown). "sequential" is one connection, one
//! request at a time; "parallel" is several connections at once on a multi-thread runtime
//! (the Go benchmark's RunParallel), reported per request.
//!
//! `cargo bench --bench http` prints criterion's timings, then a table of allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use veysi::http::server::{ENDPOINTS, Stack};

/// The system allocator, counting every allocation and the bytes asked for.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Connections driven at once in the parallel benchmarks.
const PARALLEL_CONNECTIONS: usize = 8;

/// One keep-alive client connection to a stack over an in-memory pipe.
struct Client {
    io: DuplexStream,
    request: Vec<u8>,
    buf: Vec<u8>,
}

impl Client {
    /// Connects a new client to a fresh server connection of `stack` on the current runtime.
    fn connect(service: &veysi::http::server::Service, path: &str) -> Self {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let service = service.clone();
        tokio::spawn(async move { service.serve(server).await });
        let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n").into_bytes();
        Self { io: client, request, buf: Vec::with_capacity(4096) }
    }

    /// Sends the request and reads one complete response.
    async fn roundtrip(&mut self) {
        self.io.write_all(&self.request).await.expect("the server reads");
        self.buf.clear();
        loop {
            if self.io.read_buf(&mut self.buf).await.expect("the server answers") == 0 {
                panic!("the server closed the connection");
            }
            let mut headers = [httparse::EMPTY_HEADER; 16];
            let mut response = httparse::Response::new(&mut headers);
            if let Ok(httparse::Status::Complete(head)) = response.parse(&self.buf) {
                assert_eq!(response.code, Some(200));
                let length = response
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| std::str::from_utf8(h.value).ok()?.parse::<usize>().ok())
                    .expect("a content-length");
                if self.buf.len() >= head + length {
                    return;
                }
            }
        }
    }
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime")
}

/// Time for `iters` sequential requests on one connection.
fn sequential(rt: &tokio::runtime::Runtime, client: &mut Client, iters: u64) -> Duration {
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            client.roundtrip().await;
        }
        start.elapsed()
    })
}

/// Time for `iters` requests spread over the parallel clients.
fn parallel(rt: &tokio::runtime::Runtime, clients: &mut Vec<Client>, iters: u64) -> Duration {
    let per_client = iters.div_ceil(clients.len() as u64);
    rt.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = clients
            .drain(..)
            .map(|mut c| {
                tokio::spawn(async move {
                    for _ in 0..per_client {
                        c.roundtrip().await;
                    }
                    c
                })
            })
            .collect();
        for task in tasks {
            clients.push(task.await.expect("a client task"));
        }
        start.elapsed()
    })
}

fn connect_all(rt: &tokio::runtime::Runtime, stack: Stack, path: &str, n: usize) -> Vec<Client> {
    let _guard = rt.enter();
    let service = stack.service();
    (0..n).map(|_| Client::connect(&service, path)).collect()
}

fn bench_stacks(c: &mut Criterion) {
    for (mode, connections) in [("sequential", 1), ("parallel", PARALLEL_CONNECTIONS)] {
        let mut group = c.benchmark_group(format!("http/{mode}"));
        group.throughput(Throughput::Elements(1));
        for path in ENDPOINTS {
            for stack in Stack::ALL {
                let rt = if connections == 1 { current_thread() } else { multi_thread() };
                let mut clients = connect_all(&rt, stack, path, connections);
                let endpoint = if path == "/" { "plaintext" } else { path.trim_start_matches('/') };
                group.bench_function(BenchmarkId::new(stack.name(), endpoint), |b| {
                    b.iter_custom(|iters| run(&rt, &mut clients, iters));
                });
            }
        }
        group.finish();
    }
}

fn run(rt: &tokio::runtime::Runtime, clients: &mut Vec<Client>, iters: u64) -> Duration {
    if clients.len() == 1 { sequential(rt, &mut clients[0], iters) } else { parallel(rt, clients, iters) }
}

/// Requests per measurement of allocations.
const ALLOCATION_REQUESTS: u64 = 2_000;

/// Prints heap allocations and bytes per request for every stack, endpoint and mode.
fn allocation_table() {
    println!("\nheap allocations per request (in-memory duplex, after warm-up)");
    println!(
        "{:<11} {:<9} {:<7} {:>10} {:>10} {:>10}",
        "mode", "stack", "path", "ns/op", "allocs/op", "bytes/op"
    );
    for (mode, connections) in [("sequential", 1), ("parallel", PARALLEL_CONNECTIONS)] {
        for path in ENDPOINTS {
            for stack in Stack::ALL {
                let rt = if connections == 1 { current_thread() } else { multi_thread() };
                let mut clients = connect_all(&rt, stack, path, connections);
                run(&rt, &mut clients, ALLOCATION_REQUESTS);
                let (a0, b0) = (ALLOCATIONS.load(Ordering::Relaxed), ALLOCATED_BYTES.load(Ordering::Relaxed));
                let took = run(&rt, &mut clients, ALLOCATION_REQUESTS);
                let (a1, b1) = (ALLOCATIONS.load(Ordering::Relaxed), ALLOCATED_BYTES.load(Ordering::Relaxed));
                let n = ALLOCATION_REQUESTS.div_ceil(connections as u64) * connections as u64;
                println!(
                    "{mode:<11} {:<9} {path:<7} {:>10.0} {:>10.2} {:>10.1}",
                    stack.name(),
                    took.as_nanos() as f64 / n as f64,
                    (a1 - a0) as f64 / n as f64,
                    (b1 - b0) as f64 / n as f64
                );
            }
        }
    }
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    bench_stacks(&mut c);
    c.final_summary();
    allocation_table();
}
