//! `veysi ring`: properties of every router (proptest) and end-to-end runs of the binary.

mod support;

use proptest::prelude::*;
use veysi::ring::{Algorithm, HashKind, Node, Router, RouterConfig};

fn config(hash: HashKind) -> RouterConfig {
    // Fewer vnodes than the default keeps the property runs fast; the properties hold for any.
    RouterConfig { hash, vnodes: 40, ..RouterConfig::default() }
}

fn hash_kind() -> impl Strategy<Value = HashKind> {
    prop::sample::select(vec![
        HashKind::Xxh3,
        HashKind::Fnv1a64,
        HashKind::Fnv1a32,
        HashKind::Murmur3,
        HashKind::Crc32,
        HashKind::Md5,
    ])
}

fn keys() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 1..24), 300)
}

fn names(nodes: &[Node]) -> Vec<String> {
    nodes.iter().map(|n| n.name.clone()).collect()
}

fn owners(router: &dyn Router, keys: &[Vec<u8>]) -> Vec<String> {
    keys.iter().map(|k| router.route_name(k).expect("non-empty router").to_owned()).collect()
}

/// Algorithms whose answers depend only on the node set, not on its order or history.
const ORDER_FREE: [Algorithm; 4] =
    [Algorithm::Ring, Algorithm::Rendezvous, Algorithm::Maglev, Algorithm::MultiProbe];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Karger monotonicity, growth: a new node only takes keys; nobody else trades.
    #[test]
    fn adding_a_node_only_moves_keys_to_it(n in 1usize..12, hash in hash_kind(), keys in keys()) {
        for algorithm in [Algorithm::Ring, Algorithm::Jump, Algorithm::Rendezvous, Algorithm::MultiProbe, Algorithm::Memento] {
            let mut router = algorithm.build(Node::numbered("node-", n), &config(hash)).unwrap();
            let before = owners(router.as_ref(), &keys);
            router.add(Node::new("newcomer")).unwrap();
            for (a, b) in before.iter().zip(owners(router.as_ref(), &keys)) {
                prop_assert!(*a == b || b == "newcomer", "{algorithm}: {a} -> {b}");
            }
        }
    }

    /// Karger monotonicity, removal of any node: only its keys move.
    #[test]
    fn removing_any_node_only_moves_its_keys(n in 2usize..12, victim in 0usize..12, hash in hash_kind(), keys in keys()) {
        let victim = format!("node-{}", victim % n + 1);
        for algorithm in [Algorithm::Ring, Algorithm::Rendezvous, Algorithm::MultiProbe, Algorithm::Memento] {
            let mut router = algorithm.build(Node::numbered("node-", n), &config(hash)).unwrap();
            let before = owners(router.as_ref(), &keys);
            router.remove(&victim).unwrap();
            for (a, b) in before.iter().zip(owners(router.as_ref(), &keys)) {
                prop_assert!(*a == b || *a == victim, "{algorithm}: {a} -> {b} after removing {victim}");
            }
        }
    }

    /// Monotonicity holds at every step of any history of additions and removals, not only
    /// from a fresh router (memento's removed-bucket memory is exercised here).
    #[test]
    fn every_change_in_a_history_moves_only_the_changed_nodes_keys(
        ops in prop::collection::vec((any::<bool>(), 0usize..16), 1..24),
        keys in keys(),
    ) {
        for algorithm in [Algorithm::Ring, Algorithm::Rendezvous, Algorithm::MultiProbe, Algorithm::Memento] {
            let mut router = algorithm.build(Node::numbered("node-", 4), &config(HashKind::Xxh3)).unwrap();
            let mut next = 5;
            let mut before = owners(router.as_ref(), &keys);
            for &(add, pick) in &ops {
                let changed = if add || router.nodes().len() == 1 {
                    let name = format!("node-{next}");
                    next += 1;
                    router.add(Node::new(name.clone())).unwrap();
                    name
                } else {
                    let name = router.nodes()[pick % router.nodes().len()].name.clone();
                    router.remove(&name).unwrap();
                    name
                };
                let after = owners(router.as_ref(), &keys);
                for (a, b) in before.iter().zip(&after) {
                    prop_assert!(a == b || *a == changed || *b == changed, "{algorithm}: {a} -> {b} when {changed} changed");
                }
                before = after;
            }
        }
    }

    /// Same nodes, same answers; for order-free algorithms, in any order and after any history.
    #[test]
    fn answers_are_deterministic(n in 1usize..10, hash in hash_kind(), keys in keys(), shuffle in any::<u64>()) {
        let nodes = Node::numbered("node-", n);
        let mut shuffled = nodes.clone();
        shuffled.sort_by_key(|node| veysi::ring::hash::mix64(shuffle ^ veysi::ring::hash::fnv1a_64(node.name.as_bytes())));
        for algorithm in Algorithm::ALL {
            let a = algorithm.build(nodes.clone(), &config(hash)).unwrap();
            let b = algorithm.build(nodes.clone(), &config(hash)).unwrap();
            prop_assert_eq!(owners(a.as_ref(), &keys), owners(b.as_ref(), &keys), "{}", algorithm);
            if ORDER_FREE.contains(&algorithm) {
                let mut c = algorithm.build(shuffled.clone(), &config(hash)).unwrap();
                c.add(Node::new("transient")).unwrap();
                c.remove("transient").unwrap();
                prop_assert_eq!(owners(a.as_ref(), &keys), owners(c.as_ref(), &keys), "{}", algorithm);
            }
        }
    }

    /// Whatever the history of additions and removals, every answer is a live node.
    #[test]
    fn every_answer_is_a_live_node(ops in prop::collection::vec((any::<bool>(), 0usize..8), 1..30), keys in keys()) {
        for algorithm in Algorithm::ALL {
            let mut router = algorithm.build(Node::numbered("node-", 3), &config(HashKind::Xxh3)).unwrap();
            let mut next = 4;
            for &(add, pick) in &ops {
                if add || router.nodes().is_empty() {
                    router.add(Node::new(format!("node-{next}"))).unwrap();
                    next += 1;
                } else {
                    let name = router.nodes()[pick % router.nodes().len()].name.clone();
                    router.remove(&name).unwrap();
                }
                if router.nodes().is_empty() {
                    prop_assert!(router.route(b"k").is_err());
                    continue;
                }
                let live = names(router.nodes());
                for key in &keys {
                    let owner = router.route_name(key).unwrap();
                    prop_assert!(live.iter().any(|n| n == owner), "{algorithm}: {owner} is not live");
                }
            }
        }
    }

    /// Jump and Maglev balance: per-node key counts within 5 binomial standard deviations of
    /// K/N (Maglev adds its ≤ 1 % slot imbalance), for well-mixed and FNV hashes alike.
    #[test]
    fn jump_and_maglev_stay_within_sampling_noise(n in 2usize..40, hash in prop::sample::select(vec![HashKind::Xxh3, HashKind::Fnv1a64, HashKind::Murmur3]), seed in any::<u32>()) {
        const K: u64 = 20_000;
        for algorithm in [Algorithm::Jump, Algorithm::Maglev] {
            let router = algorithm.build(Node::numbered("node-", n), &config(hash)).unwrap();
            let mut counts = vec![0u64; n];
            for i in 0..K {
                counts[router.route(format!("key:{seed}:{i}").as_bytes()).unwrap()] += 1;
            }
            let mean = K as f64 / n as f64;
            let sigma = (K as f64 * (1.0 / n as f64) * (1.0 - 1.0 / n as f64)).sqrt();
            let slack = 5.0 * sigma + if algorithm == Algorithm::Maglev { 0.01 * mean } else { 0.0 };
            for &c in &counts {
                prop_assert!((c as f64 - mean).abs() <= slack, "{algorithm} n={n} {hash}: {counts:?}");
            }
        }
    }
}

#[test]
fn every_empty_router_refuses_to_route() {
    for algorithm in Algorithm::ALL {
        let mut router = algorithm.build(Vec::new(), &RouterConfig::default()).unwrap();
        let err = router.route(b"user:1001").unwrap_err();
        assert_eq!(err.algorithm, algorithm);
        assert!(err.to_string().contains("no nodes"), "{err}");
        router.add(Node::new("only")).unwrap();
        assert_eq!(router.route_name(b"user:1001").unwrap(), "only");
        router.remove("only").unwrap();
        assert!(router.route(b"user:1001").is_err(), "{algorithm} routed on an emptied router");
    }
}

#[test]
fn node_errors_name_the_node_and_the_fix() {
    let config = RouterConfig::default();
    for algorithm in Algorithm::ALL {
        let mut router = algorithm.build(Node::numbered("redis-", 3), &config).unwrap();
        let dup = router.add(Node::new("redis-2")).unwrap_err().to_string();
        assert!(dup.contains("redis-2") && dup.contains("unique"), "{dup}");
        let unknown = router.remove("redis-9").unwrap_err().to_string();
        assert!(unknown.contains("redis-9"), "{unknown}");
        assert!(router.add(Node::weighted("zero", 0)).is_err());
        let weighted = router.add(Node::weighted("heavy", 3));
        assert_eq!(weighted.is_ok(), algorithm.supports_weights(), "{algorithm}");
    }
    let bad = RouterConfig { epsilon: -1.0, ..RouterConfig::default() };
    assert!(
        Algorithm::BoundedLoad
            .build(Node::numbered("n", 2), &bad)
            .unwrap_err()
            .to_string()
            .contains("epsilon")
    );
}

#[test]
fn algorithm_names_round_trip_through_the_cli_names() {
    for algorithm in Algorithm::ALL {
        assert_eq!(algorithm.name().parse::<Algorithm>().unwrap(), algorithm);
        assert_eq!(serde_json::to_value(algorithm).unwrap(), algorithm.name());
    }
    assert_eq!("Bounded-Load".parse::<Algorithm>().unwrap(), Algorithm::BoundedLoad);
    assert!("anchor".parse::<Algorithm>().unwrap_err().contains("memento"));
}

// ---------------------------------------------------------------------------------------
// The binary, end to end.

use predicates::prelude::*;
use support::{json_of, veysi};

fn simulate(args: &[&str]) -> serde_json::Value {
    let output = veysi().args(["--json", "ring", "simulate"]).args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    json_of(&output)
}

#[test]
fn default_run_prints_the_headline_tables() {
    veysi()
        .args(["ring", "simulate", "--keys", "20000"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Remap: keys that change node"))
        .stdout(predicate::str::contains("Balance: keys per node"))
        .stdout(predicate::str::contains("multi-probe").and(predicate::str::contains("5 → 6")))
        .stdout(predicate::str::contains("sampling floor"));
}

#[test]
fn remap_json_follows_the_contract() {
    let json = simulate(&["--scenario", "remap", "--keys", "20000", "--algorithms", "ring,modulo"]);
    assert_eq!(json["scenario"], "remap");
    assert_eq!(json["params"]["keys"], 20000);
    assert_eq!(json["params"]["nodes"], 5);
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for field in
        ["algorithm", "nodes_before", "nodes_after", "keys", "keys_moved", "moved_pct", "expected_pct"]
    {
        assert!(rows.iter().all(|r| !r[field].is_null()), "rows lack {field}: {json}");
    }
    let modulo = rows.iter().find(|r| r["algorithm"] == "modulo" && r["nodes_after"] == 6).unwrap();
    assert!((modulo["moved_pct"].as_f64().unwrap() - 83.3).abs() < 2.0, "{modulo}");
}

#[test]
fn balance_and_failure_json_follow_the_contract() {
    let balance = simulate(&["--scenario", "balance", "--keys", "20000", "--algorithms", "ring,jump"]);
    assert_eq!(balance["scenario"], "balance");
    for row in balance["rows"].as_array().unwrap() {
        for field in ["algorithm", "vnodes", "nodes", "keys", "stddev", "max_over_avg", "min_over_avg"] {
            assert!(row.get(field).is_some(), "balance row lacks {field}: {row}");
        }
    }
    for scenario in ["failure", "mass-failure"] {
        let json = simulate(&["--scenario", scenario, "--keys", "20000", "--algorithms", "ring,modulo"]);
        assert_eq!(json["scenario"], scenario);
        assert_eq!(json["params"]["nodes"], if scenario == "failure" { 5 } else { 10 });
        for row in json["rows"].as_array().unwrap() {
            for field in ["algorithm", "killed", "misses", "misses_on_killed", "moved_between_survivors"] {
                assert!(row.get(field).is_some(), "{scenario} row lacks {field}: {row}");
            }
        }
        let ring = &json["rows"][0];
        assert_eq!(ring["misses"], ring["misses_on_killed"]);
        assert_eq!(ring["moved_between_survivors"], 0);
    }
}

#[test]
fn headline_json_is_an_array_of_scenario_objects() {
    let json = simulate(&["--keys", "5000", "--algorithms", "jump"]);
    let scenarios: Vec<&str> =
        json.as_array().unwrap().iter().map(|s| s["scenario"].as_str().unwrap()).collect();
    assert_eq!(scenarios, ["remap", "balance"]);
}

/// Drops the figures that are timings (the concurrent scenario's throughput, how many
/// versions the writer managed to publish meanwhile, and how many reads met its lock).
fn without_timings(mut json: serde_json::Value) -> serde_json::Value {
    for scenario in json.as_array_mut().into_iter().flatten() {
        for row in scenario["rows"].as_array_mut().into_iter().flatten() {
            if let Some(row) = row.as_object_mut() {
                row.remove("lookups_per_s");
                row.remove("versions_published");
                row.remove("blocked_reads");
            }
        }
    }
    json
}

#[test]
fn same_seed_same_numbers_whatever_the_thread_count() {
    let args = [
        "--scenario",
        "all",
        "--keys",
        "20000",
        "--requests",
        "20000",
        "--lookups",
        "20000",
        "--cycles",
        "3",
        "--seed",
        "9",
    ];
    let one = without_timings(simulate(&[&args[..], &["--threads", "1"]].concat()));
    let again = without_timings(simulate(&[&args[..], &["--threads", "1"]].concat()));
    assert_eq!(one, again);
    // Key-space scenarios sum integers per worker: the thread count cannot change them.
    let three = simulate(&["--scenario", "failure", "--keys", "20000", "--seed", "9", "--threads", "3"]);
    assert_eq!(one[2]["rows"], three["rows"]);
    let other_seed = simulate(&["--scenario", "failure", "--keys", "20000", "--seed", "10"]);
    assert_ne!(one[2]["rows"], other_seed["rows"], "a different seed draws different keys");
}

#[test]
fn bad_values_are_usage_errors_naming_the_flag() {
    for (args, flag) in [
        (&["--nodes", "0"][..], "--nodes"),
        (&["--vnodes", "0"], "--vnodes"),
        (&["--epsilon", "-1"], "--epsilon"),
        (&["--epsilon", "0"], "--epsilon"),
        (&["--hash", "sha1"], "--hash"),
        (&["--algorithms", "ring,anchor"], "--algorithms"),
        (&["--keys", "0"], "--keys"),
        (&["--maglev-table", "65536"], "--maglev-table"),
        (&["--scenario", "remap", "--nodes", "3", "--remove", "3"], "--remove"),
    ] {
        veysi()
            .args(["ring", "simulate"])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag))
            .stdout(predicate::str::is_empty());
    }
}

#[test]
fn churn_json_follows_the_contract_and_consistent_algorithms_stay_bounded() {
    let json =
        simulate(&["--scenario", "churn", "--keys", "20000", "--cycles", "5", "--algorithms", "ring,jump"]);
    assert_eq!(json["scenario"], "churn");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2 * 10);
    for row in rows {
        for field in ["algorithm", "step", "op", "keys_moved", "bound_ratio"] {
            assert!(row.get(field).is_some(), "churn row lacks {field}: {row}");
        }
        if row["algorithm"] == "ring" {
            assert!(row["bound_ratio"].as_f64().unwrap() <= 1.5, "{row}");
        }
    }
    assert_eq!(json["summary"][0]["drift_keys"], 0);
}

#[test]
fn hot_keys_and_concurrent_run_from_the_command_line() {
    let hot = simulate(&["--scenario", "hot-keys", "--keys", "5000", "--requests", "50000", "--zipf", "1.2"]);
    let policies: Vec<&str> =
        hot["rows"].as_array().unwrap().iter().map(|r| r["algorithm"].as_str().unwrap()).collect();
    assert_eq!(policies, ["ring", "bounded-load", "two-choices"]);
    assert!(hot["rows"][1]["max_over_avg"].as_f64().unwrap() <= 1.25 + 1e-9);

    let concurrent = simulate(&[
        "--scenario",
        "concurrent",
        "--lookups",
        "40000",
        "--threads",
        "2",
        "--algorithms",
        "ring,memento",
    ]);
    for row in concurrent["rows"].as_array().unwrap() {
        assert_eq!(row["invalid_answers"], 0, "{row}");
        assert_eq!(row["mismatches"], 0, "{row}");
    }
}

#[test]
fn all_runs_every_scenario_in_order() {
    let json = simulate(&[
        "--scenario",
        "all",
        "--keys",
        "3000",
        "--requests",
        "3000",
        "--lookups",
        "3000",
        "--cycles",
        "2",
        "--algorithms",
        "ring",
    ]);
    let scenarios: Vec<&str> =
        json.as_array().unwrap().iter().map(|s| s["scenario"].as_str().unwrap()).collect();
    assert_eq!(scenarios, ["remap", "balance", "failure", "mass-failure", "churn", "concurrent", "hot-keys"]);
}
