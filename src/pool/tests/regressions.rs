//! One regression test for each defect found in the Go original (numbered as in the issue),
//! plus the two design rules: no dialling under the lock, waiters served in arrival order
//! (the latter in `features.rs`).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::time::Duration;

use parking_lot::Mutex;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

use super::{Mock, assert_consistent, config, pool};
use crate::pool::{Config, Error, Pool};

const MS: Duration = Duration::from_millis(1);

/// 1. The original panicked ("send on closed channel") when a return raced `Stop()`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn r1_closing_while_connections_are_returned_never_panics() {
    for _ in 0..200 {
        let pool = Arc::new(pool(config(8, 8)).await);
        let open = Arc::clone(&pool.manager().open);
        let barrier = Arc::new(tokio::sync::Barrier::new(9));
        let mut tasks = JoinSet::new();
        for _ in 0..8 {
            let (pool, barrier) = (Arc::clone(&pool), Arc::clone(&barrier));
            tasks.spawn(async move {
                let conn = pool.get().await.unwrap();
                barrier.wait().await;
                drop(conn); // races the close below
                for _ in 0..3 {
                    if let Ok(conn) = pool.get_timeout(MS).await {
                        tokio::task::yield_now().await;
                        drop(conn);
                    }
                }
            });
        }
        let (closer, barrier) = (Arc::clone(&pool), Arc::clone(&barrier));
        tasks.spawn(async move {
            barrier.wait().await;
            closer.close().await;
        });
        while let Some(joined) = tasks.join_next().await {
            joined.expect("no task panicked");
        }
        let s = pool.stats();
        assert_eq!((s.size, s.active, s.idle), (0, 0, 0), "{s:?}");
        assert_eq!(open.load(SeqCst), 0);
    }
}

/// 2, 3 and 4. A long randomized stress run on a multi-threaded runtime: gets with random
/// deadlines, cancelled gets, unusable and detached connections, failing pings, an evictor
/// with tiny idle timeouts and lifetimes, and a close at the end. A monitor checks the
/// accounting all along; every checkout is recorded so that a connection handed out twice
/// is caught. (The original had data races on its channel field, negative sizes after close
/// and double-returned connections handed to two users.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn r2_r3_r4_randomized_stress_keeps_every_invariant() {
    for round in 0..3u64 {
        let cfg = Config {
            min_size: 2,
            max_size: 6,
            increment: 2,
            idle_timeout: Some(3 * MS),
            max_lifetime: Some(8 * MS),
            ping_idle_after: Some(Duration::ZERO),
            evict_interval: Some(MS),
            get_timeout: 20 * MS,
            ..Config::default()
        };
        let pool = Arc::new(pool(cfg).await);
        pool.manager().fail_one_in.store(20, SeqCst);
        let out = Arc::new(Mutex::new(HashSet::new()));
        let stop = Arc::new(AtomicBool::new(false));

        let monitor = {
            let (pool, stop) = (Arc::clone(&pool), Arc::clone(&stop));
            tokio::spawn(async move {
                let mut checks = 0u64;
                while !stop.load(SeqCst) {
                    assert_consistent(&pool);
                    checks += 1;
                    tokio::task::yield_now().await;
                }
                checks
            })
        };
        let mut workers = JoinSet::new();
        for worker in 0..16u64 {
            let (pool, out) = (Arc::clone(&pool), Arc::clone(&out));
            workers.spawn(async move {
                let mut rng = fastrand::Rng::with_seed(round * 100 + worker);
                for _ in 0..250 {
                    let action = rng.u8(..100);
                    let get = pool.get_timeout(Duration::from_micros(rng.u64(0..3000)));
                    if action < 10 {
                        // Cancel the get half-way.
                        let _ = tokio::time::timeout(Duration::from_micros(rng.u64(0..300)), get).await;
                        continue;
                    }
                    let Ok(mut conn) = get.await else { continue };
                    assert!(out.lock().insert(conn.id), "connection {} handed out twice", conn.id);
                    if rng.bool() {
                        tokio::task::yield_now().await;
                    } else {
                        sleep(Duration::from_micros(rng.u64(0..200))).await;
                    }
                    out.lock().remove(&conn.id);
                    match action {
                        10..20 => conn.mark_unusable(),
                        20..23 => drop(conn.detach()),
                        _ => {}
                    }
                }
            });
        }
        while let Some(joined) = workers.join_next().await {
            joined.expect("no worker panicked");
        }
        stop.store(true, SeqCst);
        assert!(monitor.await.expect("the monitor did not panic") > 0);
        assert_consistent(&pool);
        let s = pool.stats();
        assert_eq!(s.requests, 16 * 250, "every get is counted exactly once: {s:?}");
        assert!(s.successes > 1000 && s.ping_failed > 0 && s.cancelled > 0, "{s:?}");
        pool.close().await;
        assert_consistent(&pool);
        let s = pool.stats();
        assert_eq!((s.size, s.active, s.idle, s.pending), (0, 0, 0, 0), "{s:?}");
        // Background dials started before the close finish and close their connections.
        for _ in 0..100 {
            if pool.manager().open() == 0 {
                break;
            }
            sleep(MS).await;
        }
        assert_eq!(pool.manager().open(), 0);
    }
}

/// 3. Sizes after close: the original zeroed `size` while connections were out, so returning
/// one made it -1.
#[tokio::test(start_paused = true)]
async fn r3_size_never_goes_negative_after_close() {
    let pool = pool(config(3, 3)).await;
    let a = pool.get().await.unwrap();
    let b = pool.get().await.unwrap();
    pool.close().await;
    let s = pool.stats();
    assert_eq!((s.size, s.active, s.idle), (2, 2, 0));
    drop(a);
    let s = pool.stats();
    assert_eq!((s.size, s.active, s.idle), (1, 1, 0));
    drop(b);
    let s = pool.stats();
    assert_eq!((s.size, s.active, s.idle, s.successes), (0, 0, 0, 2));
}

/// 4. A returned connection can't be returned again: `Pooled` is consumed by its drop, and
/// the next two gets receive two different connections.
#[tokio::test(start_paused = true)]
async fn r4_a_connection_is_never_handed_out_twice() {
    let pool = pool(config(1, 2)).await;
    let conn = pool.get().await.unwrap();
    drop(conn); // the only way to return it; a second drop does not compile
    let a = pool.get().await.unwrap();
    let b = pool.get().await.unwrap();
    assert_ne!(a.id, b.id);
    let s = pool.stats();
    assert_eq!((s.size, s.active, s.idle), (2, 2, 0));
}

/// 5. A cold burst of 64 gets on a pool of max 8 with 1 s deadlines: the original failed 56
/// of them at once with "exhausted"; here they all wait their turn and succeed.
#[tokio::test(start_paused = true)]
async fn r5_a_cold_burst_waits_instead_of_failing() {
    let pool = Arc::new(pool(Config { max_size: 8, ..config(0, 8) }).await);
    *pool.manager().dial_delay.lock() = 5 * MS;
    let mut tasks = JoinSet::new();
    for _ in 0..64 {
        let pool = Arc::clone(&pool);
        tasks.spawn(async move {
            let conn = pool.get_timeout(Duration::from_secs(1)).await?;
            sleep(20 * MS).await;
            drop(conn);
            Ok::<_, Error<std::io::Error>>(())
        });
    }
    let mut ok = 0;
    while let Some(joined) = tasks.join_next().await {
        joined.unwrap().expect("every get in the burst succeeds");
        ok += 1;
    }
    assert_eq!(ok, 64);
    let s = pool.stats();
    assert_eq!((s.successes, s.failures, s.created, s.size), (64, 0, 8, 8));
    assert_eq!(s.wait_count, 56);
}

/// 6. If the factory fails while filling to min size, the connections already dialled are
/// closed (the original leaked them).
#[tokio::test(start_paused = true)]
async fn r6_a_failed_warm_up_closes_what_it_dialled() {
    let mock = Mock::default();
    *mock.fail_after.lock() = Some(3);
    let open = Arc::clone(&mock.open);
    let err = Pool::new(config(5, 5), mock).await.unwrap_err();
    assert!(matches!(err, Error::Dial(_)), "{err}");
    assert_eq!(open.load(SeqCst), 0);
}

/// 7. Lifetimes of 0 to 10 ns panicked in the original's jitter; here they just expire.
#[tokio::test(start_paused = true)]
async fn r7_tiny_and_zero_lifetimes_never_panic() {
    for nanos in [0, 1, 9, 10, 11] {
        let cfg = Config { max_lifetime: Some(Duration::from_nanos(nanos)), ..config(2, 2) };
        let pool = pool(cfg).await;
        for _ in 0..10 {
            sleep(MS).await;
            drop(pool.get().await.expect("a get with a tiny lifetime succeeds"));
        }
        assert!(pool.stats().lifetime_closed >= 10, "lifetime {nanos} ns");
        assert_consistent(&pool);
    }
}

/// 8. The original reused idle connections first-in-first-out, so one request every 5 ms kept
/// a pool grown to 8 at 8 forever despite a 60 ms idle timeout. LIFO reuse lets the surplus
/// go idle and be closed.
#[tokio::test(start_paused = true)]
async fn r8_lifo_reuse_lets_an_idle_timeout_shrink_a_grown_pool() {
    let cfg = Config { idle_timeout: Some(60 * MS), evict_interval: Some(20 * MS), ..config(0, 8) };
    let pool = pool(cfg).await;
    let burst: Vec<_> = {
        let mut v = Vec::new();
        for _ in 0..8 {
            v.push(pool.get().await.unwrap());
        }
        v
    };
    drop(burst);
    assert_eq!(pool.stats().size, 8);
    for _ in 0..100 {
        drop(pool.get().await.unwrap());
        sleep(5 * MS).await;
    }
    let s = pool.stats();
    assert_eq!(s.size, 1, "{s:?}");
    assert_eq!(s.idle_closed, 7);
}

/// A slow dial holds no lock: while one get dials for 100 ms, another get takes an idle
/// connection and stats are read, without waiting.
#[tokio::test(start_paused = true)]
async fn dialling_never_happens_under_the_lock() {
    let pool = pool(config(1, 3)).await;
    let held = pool.get().await.unwrap();
    *pool.manager().dial_delay.lock() = 100 * MS;
    let start = Instant::now();
    let dialling = pool.get();
    let other = async {
        sleep(MS).await;
        assert_eq!(pool.stats().pending, 1, "the dial is in flight");
        drop(held);
        let conn = pool.get().await.unwrap();
        assert_eq!(start.elapsed(), MS, "the idle connection was taken during the dial");
        conn
    };
    let (dialled, other) = tokio::join!(dialling, other);
    assert_ne!(dialled.unwrap().id, other.id);
    assert_eq!(start.elapsed(), 100 * MS);
}
