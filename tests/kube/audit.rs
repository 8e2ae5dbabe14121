//! The audit log: fields, permissions, fail-closed mode, concurrent appends across rotations.

use predicates::prelude::*;

use super::*;

#[test]
fn every_decision_is_audited_with_mode_rule_and_kubectl_exit_code() {
    let fake = FakeKubectl::new();
    let state = fake.dir.path().join(".local/state/veysi");
    fake.command().args(["kube-ro", "get", "pods", "-n", "web", "--token=s3cr3t"]).assert().code(3);
    fake.command()
        .args(["kube-ro", "--context", "prod", "get", "pods", "-A"])
        .env("FAKE_KUBECTL_EXIT", "5")
        .assert()
        .code(5);
    fake.command().args(["kube-ro", "--check", "delete", "pod", "x"]).assert().code(3);
    let plugins = tempfile::tempdir().unwrap();
    let plugin = symlink_veysi(plugins.path(), "kubectl-ro");
    fake.command_for(&plugin).args(["top", "pods"]).assert().success();

    let lines = audit_lines(&state);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let by_mode = |mode: &str| lines.iter().filter(|l| l["mode"] == mode).collect::<Vec<_>>();
    let cli = by_mode("cli");
    let blocked = cli.iter().find(|l| l["decision"] == "blocked").unwrap();
    assert_eq!(blocked["rule"], "credentials");
    assert_eq!(blocked["argv"], serde_json::json!(["get", "pods", "-n", "web", "--token=***"]));
    assert_eq!(blocked["namespace"], "web");
    assert_eq!(blocked["kubectl_exit_code"], serde_json::Value::Null);
    let ran = cli.iter().find(|l| l["decision"] == "allowed").unwrap();
    assert_eq!(ran["kubectl_exit_code"], 5);
    assert_eq!(ran["context"], "prod");
    assert_eq!(ran["namespace"], "*");
    assert!(ran["duration_ms"].is_u64());
    assert_eq!(by_mode("check")[0]["rule"], "mutating-command");
    assert_eq!(by_mode("plugin")[0]["command"], "top pod");

    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&state.join("kube-ro-audit.jsonl")), 0o600);
}

#[test]
fn audit_required_refuses_to_run_kubectl_when_the_log_is_unwritable() {
    let fake = FakeKubectl::new();
    let blocker = fake.dir.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let unwritable = blocker.join("audit.jsonl");
    fake.command()
        .args(["kube-ro", "--audit-required", "get", "pods"])
        .env(audit::PATH_VAR, &unwritable)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refusing to run kubectl"));
    assert_eq!(fake.received(), None);
    // Without it, a warning and kubectl runs.
    fake.command()
        .args(["kube-ro", "get", "pods"])
        .env(audit::PATH_VAR, &unwritable)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: audit log not written"));
    assert!(fake.received().is_some());
}

#[test]
fn concurrent_invocations_lose_and_tear_no_lines_across_rotations() {
    const PROCESSES: usize = 8;
    const EACH: usize = 25;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("kube-ro-audit.jsonl");
    std::thread::scope(|scope| {
        for p in 0..PROCESSES {
            let log = &log;
            scope.spawn(move || {
                for i in 0..EACH {
                    let label = format!("run={p}-{i}");
                    let status = veysi()
                        .args(["kube-ro", "--check", "get", "pods", "-l", &label])
                        .env(audit::PATH_VAR, log)
                        .env(audit::MAX_BYTES_VAR, "16384")
                        .output()
                        .unwrap()
                        .status;
                    assert!(status.success());
                }
            });
        }
    });
    let lines = audit_lines(dir.path());
    let mut labels: Vec<String> = lines.iter().map(|l| l["argv"][3].as_str().unwrap().to_owned()).collect();
    labels.sort();
    let mut expected: Vec<String> =
        (0..PROCESSES).flat_map(|p| (0..EACH).map(move |i| format!("run={p}-{i}"))).collect();
    expected.sort();
    assert_eq!(labels, expected, "lines were lost or duplicated");
    let rotated = (1..=5).filter(|n| dir.path().join(format!("kube-ro-audit.jsonl.{n}")).exists()).count();
    assert!(rotated >= 2, "the test should cross rotations, saw {rotated} rotated files");
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        assert!(entry.metadata().unwrap().len() <= 16384, "{:?} exceeds the rotation size", entry.path());
    }
}
