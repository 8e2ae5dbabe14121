//! `veysi ring chaos` end to end: real redis-server processes, the invariants of the seed
//! article's failure-isolation experiment read from the JSON, and no server left behind.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{free_addr, json_of, veysi};
use veysi::ring::chaos::{NodeOptions, RedisNode, RedisServer, resp};

/// A hang guard for every run (never a timing assertion).
const HANG: Duration = Duration::from_secs(120);

/// Runs `veysi ring chaos ARGS` to the end.
fn chaos(args: &[&str]) -> std::process::Output {
    veysi().args(["ring", "chaos"]).args(args).timeout(HANG).output().unwrap()
}

/// Whether `pid` is a live (not zombie) redis-server.
fn redis_alive(pid: u64) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // "pid (comm) state ...": comm may hold spaces, so split at the last ')'.
    let Some((head, tail)) = stat.rsplit_once(')') else { return false };
    head.contains("redis-server") && !tail.trim_start().starts_with('Z')
}

/// Waits (bounded) until none of `pids` is a live redis-server; true if they all went.
fn all_gone(pids: &[u64]) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if !pids.iter().any(|&p| redis_alive(p)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The pids of the redis-server children of `parent`.
fn redis_children(parent: u32) -> Vec<u64> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
        .filter(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            status.lines().any(|l| l == format!("PPid:\t{parent}")) && redis_alive(*pid)
        })
        .collect()
}

fn pids_of(report: &Value) -> Vec<u64> {
    report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["pids"].as_array().unwrap())
        .map(|p| p.as_u64().unwrap())
        .collect()
}

fn phase<'a>(algorithm: &'a Value, name: &str) -> &'a Value {
    algorithm["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phase"] == name)
        .unwrap_or_else(|| panic!("no {name} phase"))
}

fn per_node(algorithm: &Value, node: &str, phase: &str) -> u64 {
    algorithm["per_node"][node][phase]
        .as_u64()
        .unwrap_or_else(|| panic!("no per_node count for {node} in {phase}"))
}

#[test]
#[ignore = "needs redis-server"]
fn spawn_5_kills_one_node_and_only_its_keys_miss() {
    let output = chaos(&["--spawn", "5", "--json", "--kill", "redis-2", "--mass", "--restore"]);
    let report = json_of(&output);
    assert!(output.status.success(), "{report}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["source"], "spawn");
    assert_eq!(report["killed"], "redis-2");
    let mass: Vec<&str> =
        report["mass_killed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(mass.len(), 1, "half of 5 is 2 nodes down: redis-2 and one more");
    let algorithms = report["algorithms"].as_array().unwrap();
    assert_eq!(algorithms.len(), 8, "every algorithm by default");
    let mut maglev_moves = None;
    for a in algorithms {
        let name = a["algorithm"].as_str().unwrap();
        assert_eq!(phase(a, "read")["hit_rate"], 1.0, "{name}: every key reads back");
        let kill = phase(a, "kill");
        let dead_keys = per_node(a, "redis-2", "read");
        assert!(dead_keys > 1000, "{name}: redis-2 held about a fifth of 10,000 keys");
        let (misses, on_killed, moved) = (
            kill["misses"].as_u64().unwrap(),
            kill["misses_on_killed"].as_u64().unwrap(),
            kill["moved_between_survivors"].as_u64().unwrap(),
        );
        assert_eq!(on_killed, dead_keys, "{name}: every key of the dead node misses");
        assert_eq!(
            misses,
            on_killed + moved,
            "{name}: the other misses are the keys moved between survivors"
        );
        assert_eq!(kill["hits"].as_u64().unwrap() + misses, 10_000);
        assert_eq!(per_node(a, "redis-2", "kill"), 0, "{name}: nothing routes to the dead node");
        match name {
            "ring" | "rendezvous" | "multi-probe" | "memento" => {
                assert_eq!(moved, 0, "{name}: zero keys remapped between survivors");
                assert_eq!(misses, dead_keys, "{name}: misses == the dead node's keys");
                let mass_phase = phase(a, "mass_kill");
                assert_eq!(mass_phase["moved_between_survivors"], 0, "{name}");
                assert_eq!(mass_phase["misses"].as_u64().unwrap(), per_node(a, mass[0], "kill"), "{name}");
                let restore = phase(a, "restore");
                assert_eq!(restore["moved_between_survivors"], 0, "{name}");
                assert_eq!(
                    restore["misses"], restore["moved_to_restored"],
                    "{name}: the warm-up is the keys going home"
                );
            }
            "maglev" => maglev_moves = Some(moved),
            "bounded-load" => assert!(moved <= 100, "{name}: re-balancing moves few keys ({moved})"),
            "modulo" | "jump" => assert!(moved > 1000, "{name} renumbers the nodes: {moved} keys moved"),
            other => panic!("unexpected algorithm {other}"),
        }
        assert_eq!(phase(a, "warm")["hit_rate"], 1.0, "{name}: warm again after the restore");
    }
    let maglev_moves = maglev_moves.expect("a maglev row");
    assert!(maglev_moves <= 100, "Maglev's disruption is minimal (under 1%): {maglev_moves}");

    let nodes = report["nodes"].as_array().unwrap();
    let redis2 = nodes.iter().find(|n| n["name"] == "redis-2").unwrap();
    assert_eq!(redis2["pids"].as_array().unwrap().len(), 2, "killed and restarted");
    assert!(redis2["pool"]["dial_failed"].as_u64().unwrap() >= 1, "the dead node shows in its pool's stats");
    let pids = pids_of(&report);
    assert_eq!(pids.len(), 7, "5 servers, 2 restarts");
    assert!(all_gone(&pids), "every redis-server the run started is stopped: {pids:?}");
}

#[test]
#[ignore = "needs redis-server"]
fn the_table_shows_the_articles_failure_isolation_figures() {
    let output = chaos(&["--spawn", "3", "--algorithms", "ring", "--keys", "3000"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    for expected in
        ["Chaos on 3 Redis", "moved between", "← killed", "Keys per node after", "pings", "100.0%"]
    {
        assert!(stdout.contains(expected), "{expected:?} missing from:\n{stdout}");
    }
}

/// Starts veysi on `spawn` servers with a workload long enough to be interrupted, and waits
/// until all its redis-server children run.
#[expect(clippy::zombie_processes, reason = "the caller waits for the child it gets back")]
fn start_long_run(spawn: usize) -> (std::process::Child, Vec<u64>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_veysi"))
        .args(["ring", "chaos", "--spawn", &spawn.to_string(), "--keys", "1000000", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let servers = redis_children(child.id());
        if servers.len() == spawn {
            return (child, servers);
        }
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the servers did not start: {servers:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs redis-server"]
fn ctrl_c_and_sigterm_stop_every_server_and_exit_130() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let (child, servers) = start_long_run(3);
        std::thread::sleep(Duration::from_millis(200)); // into the load phase
        // SAFETY: signalling a child process we own.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
        assert!(all_gone(&servers), "signal {signal} left redis-server running: {servers:?}");
    }
}

#[test]
#[ignore = "needs redis-server"]
fn an_error_mid_run_stops_the_servers_and_names_the_node() {
    // A redis-server that records its pid and refuses writes past 1 MB: the load phase fails.
    let dir = tempfile::tempdir().unwrap();
    let (wrapper, pids) = (dir.path().join("redis-server"), dir.path().join("pids"));
    let script = format!(
        "#!/bin/sh\necho $$ >> '{}'\nexec redis-server \"$@\" --maxmemory 1mb --maxmemory-policy noeviction\n",
        pids.display()
    );
    std::fs::write(&wrapper, script).unwrap();
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = chaos(&["--spawn", "3", "--keys", "100000", "--redis-server", wrapper.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("redis-") && stderr.contains("SET failed: OOM"), "{stderr}");
    let pids: Vec<u64> =
        std::fs::read_to_string(&pids).unwrap().lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(pids.len(), 3);
    assert!(all_gone(&pids), "the failed run left redis-server running: {pids:?}");
}

#[test]
#[ignore = "needs redis-server"]
fn servers_die_with_veysi_even_when_it_is_killed_outright() {
    let (mut child, servers) = start_long_run(2);
    child.kill().unwrap(); // SIGKILL: no handler, no destructor runs
    child.wait().unwrap();
    assert!(all_gone(&servers), "SIGKILL of veysi left redis-server running: {servers:?}");
}

#[test]
#[ignore = "needs redis-server"]
fn a_panic_while_a_server_runs_still_stops_it() {
    let pid = std::sync::Mutex::new(0u64);
    let result = std::panic::catch_unwind(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server =
                RedisServer::start(Path::new("redis-server"), Duration::from_secs(10)).await.unwrap();
            *pid.lock().unwrap() = u64::from(server.pids()[0]);
            assert!(redis_alive(u64::from(server.pids()[0])));
            panic!("boom while redis-server runs");
        })
    });
    assert!(result.is_err());
    let pid = *pid.lock().unwrap();
    assert!(pid > 0 && all_gone(&[pid]), "the panic left redis-server {pid} running");
}

#[test]
fn spawn_without_redis_server_says_how_to_install_it() {
    let output = chaos(&["--spawn", "3", "--redis-server", "/nonexistent/redis-server"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("apt-get install redis-server") && stderr.contains("--redis-server"), "{stderr}");
}

#[test]
fn a_server_that_is_down_errors_cleanly_and_names_it() {
    let (up, down) = (free_addr(), free_addr());
    let _listener = std::net::TcpListener::bind(up).unwrap(); // accepts, never answers
    let output = chaos(&["--timeout", "300ms", "--redis", &format!("{up},{down}")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Whichever is checked first fails first: the silent one times out, the closed one refuses.
    assert!(
        stderr.contains(&format!("redis-2 ({down}): cannot connect"))
            || stderr.contains(&format!("redis-1 ({up}): no reply within")),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no report on failure");
}

#[test]
fn bad_flags_are_usage_errors() {
    let cases: &[(&[&str], &str)] = &[
        (&["--redis", "localhost"], "host:port"),
        (&["--redis", "127.0.0.1:1,127.0.0.1:1"], "twice"),
        (&["--redis", "127.0.0.1:1"], "at least 2"),
        (&["--spawn", "3", "--kill", "redis-9"], "no such node"),
        (&["--spawn", "3", "--mass"], "at least 4"),
        (&["--redis", "127.0.0.1:1,127.0.0.1:2", "--restore"], "cannot be used with"),
        (&["--spawn", "3", "--flush"], "cannot be used with"),
        (&["--spawn", "1"], "--spawn"),
        (&[], "--spawn"),
    ];
    for (args, expected) in cases {
        let output = chaos(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: expected {expected:?} in {stderr}");
    }
}

/// Sends one command to `address` and returns the reply.
fn command(address: &str, args: &[&[u8]]) -> resp::Reply {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let node = RedisNode::new("test", address, NodeOptions::default()).await.unwrap();
        let mut buf = Vec::new();
        resp::encode(&mut buf, args);
        node.exchange(&buf, 1).await.unwrap().remove(0)
    })
}

#[test]
#[ignore = "needs redis-server"]
fn given_servers_keep_their_data_lose_our_keys_and_the_victim_is_shut_down() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut servers: Vec<RedisServer> = runtime.block_on(async {
        let mut servers = Vec::new();
        for _ in 0..4 {
            servers
                .push(RedisServer::start(Path::new("redis-server"), Duration::from_secs(10)).await.unwrap());
        }
        servers
    });
    let addresses: Vec<String> = servers.iter().map(RedisServer::address).collect();
    for address in &addresses {
        assert_eq!(command(address, &[b"SET", b"users:own", b"keep me"]), resp::Reply::Simple("OK".into()));
    }
    let servers_flag = addresses.join(",");
    let output = chaos(&[
        "--json",
        "--keys",
        "2000",
        "--algorithms",
        "ring,jump",
        "--kill",
        &addresses[2],
        "--redis",
        &servers_flag,
    ]);
    let report = json_of(&output);
    assert!(output.status.success(), "{report}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report["source"], "redis");
    assert_eq!(report["killed"], "redis-3", "--kill takes the address of a given server");
    let ring = &report["algorithms"][0];
    assert_eq!(phase(ring, "kill")["misses"].as_u64().unwrap(), per_node(ring, "redis-3", "read"));
    assert_eq!(phase(ring, "kill")["moved_between_survivors"], 0);

    assert!(!servers[2].is_running(), "SHUTDOWN NOSAVE stopped the victim");
    for (i, address) in addresses.iter().enumerate().filter(|(i, _)| *i != 2) {
        assert_eq!(
            command(address, &[b"GET", b"users:own"]),
            resp::Reply::Bulk(Some(b"keep me".to_vec())),
            "server {i}"
        );
        assert_eq!(
            command(address, &[b"DBSIZE"]),
            resp::Reply::Integer(1),
            "server {i}: veysi deleted its keys"
        );
    }
}
