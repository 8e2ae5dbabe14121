//! `veysi pool bench` end to end, against the built-in echo server and a real redis-server.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;
use support::{free_port, json_of, veysi};

fn bench(args: &[&str]) -> Value {
    let output = veysi().args(["pool", "bench", "--json"]).args(args).output().expect("veysi runs");
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    json_of(&output)
}

fn rows(report: &Value) -> &Vec<Value> {
    report["rows"].as_array().expect("rows is an array")
}

fn assert_row_shape(row: &Value) {
    for field in
        ["pool", "scenario", "ops", "errors", "ns_per_op", "p50_ns", "p99_ns", "p999_ns", "ops_per_s"]
    {
        assert!(!row[field].is_null(), "row lacks {field}: {row}");
    }
    assert!(row["ops"].as_u64().unwrap() > 0, "{row}");
    assert!(row["p50_ns"].as_u64().unwrap() <= row["p99_ns"].as_u64().unwrap(), "{row}");
    assert!(row["p99_ns"].as_u64().unwrap() <= row["p999_ns"].as_u64().unwrap(), "{row}");
}

#[test]
fn default_scenarios_run_against_the_built_in_echo_server() {
    let report = bench(&["--duration", "100ms"]);
    assert!(report["target"].as_str().unwrap().contains("built-in echo server"), "{report}");
    let scenarios: Vec<&str> = rows(&report).iter().map(|r| r["scenario"].as_str().unwrap()).collect();
    assert_eq!(scenarios, ["sequential", "parallel", "ping", "contended", "roundtrip"]);
    for row in rows(&report) {
        assert_row_shape(row);
        assert_eq!(row["pool"], "veysi");
        assert_eq!(row["errors"], 0, "{row}");
        let stats = &row["stats"];
        assert_eq!(
            stats["size"].as_u64().unwrap(),
            stats["active"].as_u64().unwrap() + stats["idle"].as_u64().unwrap()
        );
        assert!(stats["requests"].as_u64().unwrap() >= row["ops"].as_u64().unwrap(), "{row}");
    }
    let ping = &rows(&report)[2];
    assert_eq!(ping["stats"]["ping_failed"], 0);
    assert_eq!(rows(&report)[3]["workers"], 8, "contended runs 8 workers");
}

#[test]
fn compare_runs_deadpool_and_bb8_on_the_same_scenarios() {
    let report = bench(&["--compare", "--ops", "3000", "--scenario", "sequential,contended"]);
    let pools: Vec<(&str, &str)> = rows(&report)
        .iter()
        .map(|r| (r["pool"].as_str().unwrap(), r["scenario"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pools,
        [
            ("veysi", "sequential"),
            ("deadpool", "sequential"),
            ("bb8", "sequential"),
            ("veysi", "contended"),
            ("deadpool", "contended"),
            ("bb8", "contended")
        ]
    );
    for row in rows(&report) {
        assert_row_shape(row);
        assert_eq!(row["ops"], 3000, "--ops is exact: {row}");
        assert_eq!(row["stats"].is_null(), row["pool"] != "veysi", "{row}");
    }
    let comparison = report["comparison"].as_array().unwrap();
    assert_eq!(comparison.len(), 2);
    for c in comparison {
        let ours = c["veysi_ns_per_op"].as_f64().unwrap();
        let theirs = c["deadpool_ns_per_op"].as_f64().unwrap();
        assert!((c["speedup_vs_deadpool"].as_f64().unwrap() - theirs / ours).abs() < 1e-9, "{c}");
    }
}

#[test]
fn chaos_recovers_keeps_deadlines_and_the_stats_invariant() {
    let report = bench(&["--scenario", "chaos", "--duration", "1500ms", "--workers", "4", "--seed", "7"]);
    let chaos = &report["chaos"];
    assert!(chaos["restarts"].as_u64().unwrap() >= 1, "{chaos}");
    assert_eq!(chaos["unrecovered"], 0, "{chaos}");
    assert_eq!(chaos["gets_past_deadline"], 0, "{chaos}");
    assert_eq!(chaos["invariant_violations"], 0, "{chaos}");
    assert!(chaos["invariant_checks"].as_u64().unwrap() > 0, "{chaos}");
    let row = &rows(&report)[0];
    assert_eq!(row["scenario"], "chaos");
    assert!(row["errors"].as_u64().unwrap() > 0, "a restart makes some operations fail: {row}");
    assert!(row["stats"]["successes"].as_u64().unwrap() > row["errors"].as_u64().unwrap(), "{row}");
}

#[test]
fn tables_show_results_comparison_and_stats() {
    veysi()
        .args(["pool", "bench", "--ops", "500", "--scenario", "sequential", "--compare"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ns/op").and(predicate::str::contains("× vs deadpool")))
        .stdout(predicate::str::contains("veysi pool stats"));
}

#[test]
fn bad_flag_combinations_are_usage_errors() {
    for args in [
        &["--scenario", "chaos", "--target", "127.0.0.1:9"][..],
        &["--ping", "redis"],
        &["--scenario", "chaos", "--ops", "10"],
        &["--duration", "0s"],
        &["--duration", "5parsecs"],
        &["--workers", "0"],
        &["--ops", "10", "--duration", "1s"],
        &["--scenario", "nope"],
    ] {
        veysi().args(["pool", "bench"]).args(args).assert().code(2);
    }
}

#[test]
fn an_unreachable_target_is_a_clear_runtime_error() {
    let port = free_port();
    veysi()
        .args([
            "pool",
            "bench",
            "--target",
            &format!("127.0.0.1:{port}"),
            "--ops",
            "10",
            "--scenario",
            "sequential",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot fill the veysi pool").and(predicate::str::contains("refused")),
        );
}

/// A redis-server on a free loopback port, killed when dropped.
struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    fn start() -> Self {
        let port = free_port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server starts (scripts/test installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "redis-server did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, port }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[ignore = "needs redis-server"]
fn ping_redis_benchmarks_a_real_redis_server() {
    let redis = Redis::start();
    let target = format!("127.0.0.1:{}", redis.port);
    let report = bench(&[
        "--target",
        &target,
        "--ping",
        "redis",
        "--scenario",
        "ping,roundtrip",
        "--ops",
        "2000",
        "--compare",
    ]);
    assert_eq!(report["target"], target.as_str());
    assert_eq!(report["ping"], "redis");
    assert_eq!(rows(&report).len(), 6);
    for row in rows(&report) {
        assert_row_shape(row);
        assert_eq!(row["errors"], 0, "{row}");
    }
    assert_eq!(rows(&report)[0]["stats"]["ping_failed"], 0);
}

#[test]
#[ignore = "needs redis-server"]
fn the_redis_health_check_tells_a_live_server_from_a_dead_one() {
    use veysi::pool::{Config, Pool, TcpManager, TcpPing};
    let redis = Redis::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let manager = TcpManager::new(format!("127.0.0.1:{}", redis.port)).with_ping(TcpPing::Redis);
        let config =
            Config { min_size: 2, max_size: 2, ping_idle_after: Some(Duration::ZERO), ..Config::default() };
        let pool = Pool::new(config, manager).await.unwrap();
        for _ in 0..5 {
            drop(pool.get().await.unwrap());
        }
        assert_eq!(pool.stats().ping_failed, 0);
        drop(redis); // the server dies; the idle connections fail their PING
        let got = pool.get_timeout(Duration::from_secs(2)).await;
        assert!(got.is_err(), "no live connection can be had from a dead server");
        assert_eq!(pool.stats().ping_failed, 2, "{:?}", pool.stats());
    });
}
