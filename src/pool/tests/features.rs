//! One test per pool feature.

use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;

use tokio::time::{Instant, sleep};

use super::{Mock, assert_consistent, config, pool, settle};
use crate::pool::{Config, Error, Pool};

const MS: Duration = Duration::from_millis(1);

#[tokio::test(start_paused = true)]
async fn min_size_is_dialled_up_front_and_stats_follow_checkouts() {
    let pool = pool(config(3, 5)).await;
    let s = pool.stats();
    assert_eq!((s.size, s.idle, s.active, s.created), (3, 3, 0, 3));
    let conn = pool.get().await.unwrap();
    let s = pool.stats();
    assert_eq!((s.size, s.idle, s.active, s.requests, s.successes), (3, 2, 1, 1, 1));
    drop(conn);
    assert_eq!(pool.stats().idle, 3);
    assert!(pool.name().starts_with("veysi-pool-"));
    let named =
        Pool::new(Config { name: Some("redis-pool".into()), ..config(0, 1) }, Mock::default()).await.unwrap();
    assert_eq!(named.name(), "redis-pool");
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn invalid_config_is_rejected_before_any_dial() {
    let err = Pool::new(config(2, 1), Mock::default()).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
}

#[tokio::test(start_paused = true)]
async fn idle_connections_are_reused_last_in_first_out() {
    let pool = pool(config(0, 5)).await;
    let (a, b, c) = (pool.get().await.unwrap(), pool.get().await.unwrap(), pool.get().await.unwrap());
    let (ida, idb, idc) = (a.id, b.id, c.id);
    drop(b);
    drop(a);
    drop(c);
    let order: Vec<u64> = {
        let x = pool.get().await.unwrap();
        let y = pool.get().await.unwrap();
        let z = pool.get().await.unwrap();
        vec![x.id, y.id, z.id]
    };
    assert_eq!(order, [idc, ida, idb], "most recently returned first");
    assert_eq!(pool.manager().dials.load(SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn the_pool_grows_on_demand_up_to_max_then_get_times_out() {
    let pool = pool(Config { get_timeout: 50 * MS, ..config(0, 5) }).await;
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(pool.get().await.unwrap());
    }
    assert_eq!(pool.stats().size, 5);
    let start = Instant::now();
    let err = pool.get().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err}");
    assert_eq!(start.elapsed(), 50 * MS, "it waited exactly the get timeout");
    let s = pool.stats();
    assert_eq!((s.timeouts, s.failures, s.wait_count, s.size), (1, 1, 1, 5));
    assert_eq!(s.wait_time_ns, 50_000_000);
    assert!(matches!(pool.get_timeout(10 * MS).await, Err(Error::Timeout { .. })));
    let deadline = Instant::now() + 7 * MS;
    assert!(matches!(pool.get_until(deadline).await, Err(Error::Timeout { .. })));
    assert_eq!(Instant::now(), deadline);
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn a_waiting_get_takes_a_connection_returned_before_its_deadline() {
    let pool = pool(config(1, 1)).await;
    let conn = pool.get().await.unwrap();
    let id = conn.id;
    let ((), got) = tokio::join!(
        async {
            sleep(30 * MS).await;
            drop(conn);
        },
        pool.get_timeout(50 * MS)
    );
    assert_eq!(got.unwrap().id, id);
    let s = pool.stats();
    assert_eq!((s.wait_count, s.wait_time_ns, s.max_wait_ns), (1, 30_000_000, 30_000_000));
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_in_arrival_order() {
    let pool = pool(config(1, 1)).await;
    let held = pool.get().await.unwrap();
    let order = parking_lot::Mutex::new(Vec::new());
    let waiter = |n: usize| {
        let (pool, order) = (&pool, &order);
        async move {
            sleep(n as u32 * MS).await; // arrive in order 0, 1, 2, ...
            let conn = pool.get().await.unwrap();
            order.lock().push(n);
            sleep(MS).await;
            drop(conn);
        }
    };
    let release = async {
        sleep(20 * MS).await;
        drop(held);
    };
    tokio::join!(release, waiter(0), waiter(1), waiter(2), waiter(3), waiter(4));
    assert_eq!(*order.lock(), [0, 1, 2, 3, 4]);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_waiter_passes_its_connection_on() {
    let pool = pool(config(1, 1)).await;
    let held = pool.get().await.unwrap();
    let mut first = Box::pin(pool.get());
    assert!(futures_poll(&mut first).is_none(), "the first waiter queues");
    let second = pool.get_timeout(100 * MS);
    drop(held); // handed to the first waiter...
    drop(first); // ...which is dropped before it runs: the connection goes to the second
    assert!(second.await.is_ok());
    let s = pool.stats();
    assert_eq!((s.cancelled, s.successes, s.size), (1, 2, 1));
    assert_consistent(&pool);
}

/// Polls a future once with a no-op waker.
fn futures_poll<F: std::future::Future + Unpin>(f: &mut F) -> Option<F::Output> {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::Pin::new(f).poll(&mut cx) {
        std::task::Poll::Ready(out) => Some(out),
        std::task::Poll::Pending => None,
    }
}

#[tokio::test(start_paused = true)]
async fn checkout_checks_lifetime_then_idle_then_ping() {
    let cfg = Config {
        max_lifetime: Some(100 * MS),
        lifetime_jitter: 0.0,
        idle_timeout: Some(50 * MS),
        ping_idle_after: Some(10 * MS),
        ..config(1, 3)
    };
    let pool = pool(cfg).await;
    // Fresh: no ping due.
    drop(pool.get().await.unwrap());
    assert_eq!(pool.manager().pings.load(SeqCst), 0);
    // Idle 20 ms: pinged.
    sleep(20 * MS).await;
    drop(pool.get().await.unwrap());
    assert_eq!(pool.manager().pings.load(SeqCst), 1);
    // Idle 60 ms: closed for idleness without a ping, replaced by a fresh dial.
    sleep(60 * MS).await;
    drop(pool.get().await.unwrap());
    let s = pool.stats();
    assert_eq!((s.idle_closed, s.lifetime_closed, s.created), (1, 0, 2));
    assert_eq!(pool.manager().pings.load(SeqCst), 1);
    // Past its lifetime and idle too long: the lifetime check comes first.
    sleep(101 * MS).await;
    drop(pool.get().await.unwrap());
    let s = pool.stats();
    assert_eq!((s.idle_closed, s.lifetime_closed), (1, 1));
    assert_eq!(pool.manager().pings.load(SeqCst), 1);
    assert_eq!(pool.manager().open(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_ping_discards_the_connection_and_the_next_one_is_tried() {
    let pool = pool(Config { ping_idle_after: Some(Duration::ZERO), ..config(2, 3) }).await;
    // The stack holds ids 0 (bottom) and 1 (top): 1 fails its ping, 0 is handed out.
    pool.manager().bad.lock().insert(1);
    let conn = pool.get().await.unwrap();
    assert_eq!(conn.id, 0);
    let s = pool.stats();
    assert_eq!((s.ping_failed, s.size, s.successes), (1, 1, 1));
    assert_eq!(pool.manager().open(), 1);
}

#[tokio::test(start_paused = true)]
async fn at_most_three_unhealthy_connections_are_discarded_before_dialling() {
    let pool = pool(Config { ping_idle_after: Some(Duration::ZERO), ..config(5, 5) }).await;
    pool.manager().all_bad.store(true, SeqCst);
    let conn = pool.get().await.unwrap();
    assert_eq!(conn.id, 5, "a new connection was dialled after three discards");
    let s = pool.stats();
    assert_eq!((s.ping_failed, s.created, s.size, s.idle), (3, 6, 3, 2));
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn mark_unusable_destroys_on_drop_and_detach_frees_the_slot() {
    let pool = pool(config(2, 2)).await;
    let mut conn = pool.get().await.unwrap();
    conn.mark_unusable();
    assert!(!conn.is_usable());
    drop(conn);
    let s = pool.stats();
    assert_eq!((s.size, s.unusable_closed), (1, 1));
    assert_eq!(pool.manager().open(), 1);
    let conn = pool.get().await.unwrap().detach();
    assert_eq!(pool.stats().size, 0);
    assert_eq!(pool.manager().open(), 1, "a detached connection stays open with its new owner");
    drop(conn);
    assert_eq!(pool.manager().open(), 0);
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn growth_dials_increment_connections_one_for_the_caller() {
    let pool = pool(Config { increment: 3, ..config(0, 4) }).await;
    let _conn = pool.get().await.unwrap();
    settle().await;
    let s = pool.stats();
    assert_eq!((s.size, s.idle, s.created), (3, 2, 3));
    // Growth stops at max_size even when the increment is larger than the room left.
    let _more: Vec<_> =
        [pool.get().await.unwrap(), pool.get().await.unwrap(), pool.get().await.unwrap()].into();
    settle().await;
    assert_eq!(pool.stats().size, 4);
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn dial_errors_and_dial_timeouts_are_reported_and_release_the_slot() {
    let pool = pool(Config { dial_timeout: 100 * MS, ..config(0, 1) }).await;
    *pool.manager().fail_after.lock() = Some(0);
    assert!(matches!(pool.get().await, Err(Error::Dial(_))));
    *pool.manager().fail_after.lock() = None;
    *pool.manager().dial_delay.lock() = 200 * MS;
    assert!(matches!(pool.get().await, Err(Error::DialTimeout(d)) if d == 100 * MS));
    // The caller's deadline is shorter than the dial timeout: a timeout at the deadline.
    assert!(matches!(pool.get_timeout(30 * MS).await, Err(Error::Timeout { .. })));
    let s = pool.stats();
    assert_eq!((s.dial_failed, s.failures, s.timeouts, s.size, s.pending), (3, 3, 1, 0, 0));
    *pool.manager().dial_delay.lock() = Duration::ZERO;
    assert!(pool.get().await.is_ok(), "the slots were released");
}

#[tokio::test(start_paused = true)]
async fn a_get_dropped_mid_dial_or_mid_ping_leaks_nothing() {
    let pool = pool(config(0, 1)).await;
    *pool.manager().dial_delay.lock() = 50 * MS;
    assert!(tokio::time::timeout(10 * MS, pool.get()).await.is_err());
    let s = pool.stats();
    assert_eq!((s.pending, s.size, s.cancelled), (0, 0, 1));
    *pool.manager().dial_delay.lock() = Duration::ZERO;
    drop(pool.get().await.unwrap());

    struct SlowPing;
    impl crate::pool::Manager for SlowPing {
        type Connection = u8;
        type Error = std::io::Error;
        async fn connect(&self) -> std::io::Result<u8> {
            Ok(0)
        }
        async fn ping(&self, _: &mut u8) -> std::io::Result<()> {
            sleep(Duration::from_secs(1)).await;
            Ok(())
        }
    }
    let slow =
        Pool::new(Config { ping_idle_after: Some(Duration::ZERO), ..config(1, 1) }, SlowPing).await.unwrap();
    assert!(tokio::time::timeout(10 * MS, slow.get()).await.is_err());
    let s = slow.stats();
    assert_eq!((s.size, s.active, s.cancelled), (0, 0, 1), "a half-pinged connection is destroyed");
    assert!(slow.get().await.is_ok());
}

#[tokio::test(start_paused = true)]
async fn close_fails_gets_and_waiters_destroys_returns_and_keeps_counters() {
    let pool = pool(config(2, 2)).await;
    let a = pool.get().await.unwrap();
    let b = pool.get().await.unwrap();
    let waiter = pool.get();
    let closer = async {
        sleep(MS).await;
        pool.close().await;
    };
    let (got, ()) = tokio::join!(waiter, closer);
    assert!(matches!(got, Err(Error::Closed)));
    assert!(pool.is_closed());
    assert!(matches!(pool.get().await, Err(Error::Closed)));
    drop(a);
    drop(b);
    let s = pool.stats();
    assert_eq!((s.size, s.active, s.idle), (0, 0, 0));
    assert_eq!((s.successes, s.failures), (2, 2), "close keeps the history");
    assert_eq!(pool.manager().open(), 0);
    pool.close().await; // twice is fine
}

#[tokio::test(start_paused = true)]
async fn the_evictor_closes_idle_and_expired_pings_and_refills() {
    let cfg = Config {
        idle_timeout: Some(100 * MS),
        max_lifetime: Some(Duration::from_secs(10)),
        lifetime_jitter: 0.0,
        ping_idle_after: Some(30 * MS),
        evict_interval: Some(50 * MS),
        ..config(2, 6)
    };
    let pool = pool(cfg).await;
    let mut held = Vec::new();
    for _ in 0..6 {
        held.push(pool.get().await.unwrap());
    }
    drop(held);
    assert_eq!(pool.stats().idle, 6);
    // 1st pass at 50 ms: every idle connection is due a ping; one fails.
    pool.manager().bad.lock().insert(3);
    sleep(55 * MS).await;
    let s = pool.stats();
    assert_eq!((s.ping_failed, s.size), (1, 5));
    assert_eq!(pool.manager().pings.load(SeqCst), 5 + 1);
    // Pass at 150 ms: idle for 150 ms > 100 ms: all closed, refilled to min_size.
    sleep(100 * MS).await;
    let s = pool.stats();
    assert_eq!((s.idle_closed, s.size, s.idle, s.created), (5, 2, 2, 8));
    assert_consistent(&pool);
}

#[tokio::test(start_paused = true)]
async fn the_evictor_replaces_connections_at_the_end_of_their_lifetime() {
    let cfg = Config {
        max_lifetime: Some(100 * MS),
        lifetime_jitter: 0.0,
        evict_interval: Some(50 * MS),
        ..config(2, 4)
    };
    let pool = pool(cfg).await;
    sleep(160 * MS).await; // passes at 50, 100 (both expire, refill), 150
    let s = pool.stats();
    assert_eq!((s.lifetime_closed, s.size, s.created), (2, 2, 4));
    assert_eq!(pool.manager().open(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_evictor_stops_when_the_pool_is_closed_or_dropped() {
    let cfg = Config { evict_interval: Some(10 * MS), ..config(1, 2) };
    let pool = pool(cfg.clone()).await;
    let weak_open = std::sync::Arc::clone(&pool.manager().open);
    sleep(35 * MS).await;
    pool.close().await; // returns only once the evictor has finished
    assert_eq!(weak_open.load(SeqCst), 0);

    let pool = super::pool(cfg).await;
    let open = std::sync::Arc::clone(&pool.manager().open);
    drop(pool);
    sleep(50 * MS).await;
    assert_eq!(open.load(SeqCst), 0, "dropping the pool closes its connections");
}
