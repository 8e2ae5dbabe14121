//! End-to-end tests of `veysi kube-ro` (and `kubectl-ro`).

mod support;

use predicates::prelude::*;
use support::{json_of, veysi};
use veysi::kube::audit;

/// `veysi` with a private HOME and state directory, so that no test writes the user's audit log.
fn sandboxed() -> (tempfile::TempDir, assert_cmd::Command) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = veysi();
    cmd.env("HOME", home.path()).env("XDG_STATE_HOME", home.path().join("state")).env_remove(audit::PATH_VAR);
    (home, cmd)
}

#[test]
fn check_prints_allowed_with_the_command_line_and_exits_0() {
    sandboxed()
        .1
        .args(["kube-ro", "--check", "get", "pods", "-n", "kube-system", "-o", "jsonpath={.items[*]}"])
        .assert()
        .code(0)
        .stdout("ALLOWED: kubectl get pods -n kube-system -o 'jsonpath={.items[*]}'\n");
}

#[test]
fn check_prints_the_blocked_line_in_ascii_when_not_a_terminal_and_exits_3() {
    sandboxed()
        .1
        .args(["kube-ro", "--check", "delete", "pod", "nginx"])
        .assert()
        .code(3)
        .stdout("x BLOCKED: 'delete' is a mutating command\n");
}

#[test]
fn check_json_prints_the_decision_object_and_keeps_the_exit_codes() {
    let output =
        veysi().args(["kube-ro", "--check", "--json", "get", "secret", "db", "-Aoyaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let json = json_of(&output);
    assert_eq!(json["allowed"], false);
    assert_eq!(json["rule"], "secret-values");
    assert_eq!(json["command"], "get");
    assert!(json["reason"].as_str().unwrap().contains("use -o name or -o wide"));
    assert_eq!(json.as_object().unwrap().len(), 4, "{json}");

    let output =
        veysi().args(["--json", "kube-ro", "--check", "get", "secrets", "-o", "name"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_of(&output)["allowed"], true);
}

#[test]
fn check_never_echoes_control_characters() {
    sandboxed()
        .1
        .args(["kube-ro", "--check", "get", "pods\x1b]0;owned\x07"])
        .assert()
        .code(3)
        .stdout("x BLOCKED: argument 2 contains a control character (U+001B)\n");
}

#[test]
fn kubectl_flags_before_the_command_reach_the_policy() {
    sandboxed()
        .1
        .args(["kube-ro", "--check", "-n", "prod", "-o", "yaml", "get", "secret", "db"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("secret values cannot be displayed"));
    // `--` separates the wrapper's flags from kubectl's.
    sandboxed().1.args(["kube-ro", "--check", "--", "-n", "prod", "get", "pods"]).assert().code(0);
}

// ---- the wrapper, with a fake kubectl that records what it was given -----------------------

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// A temporary directory holding a fake `kubectl` that records its arguments (NUL-separated)
/// and environment, prints a line, and exits with $FAKE_KUBECTL_EXIT.
struct FakeKubectl {
    dir: tempfile::TempDir,
}

const FAKE_KUBECTL: &str = r#"#!/bin/sh
log="$FAKE_KUBECTL_LOG"
for a in "$@"; do printf '%s\0' "$a"; done > "$log.args"
env > "$log.env"
if [ "$1 $2" = "config view" ]; then cat "$FAKE_CONFIG_JSON"; exit 0; fi
echo "fake kubectl ran"
exit "${FAKE_KUBECTL_EXIT:-0}"
"#;

fn write_executable(path: &Path, contents: &str) {
    std::fs::write(path, contents).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

impl FakeKubectl {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("bin")).unwrap();
        write_executable(&dir.path().join("bin/kubectl"), FAKE_KUBECTL);
        // The tools the fake needs, without whatever real kubectl the machine has.
        std::fs::create_dir(dir.path().join("tools")).unwrap();
        for tool in ["sh", "env", "cat"] {
            let real =
                ["/bin", "/usr/bin"].iter().map(|d| Path::new(d).join(tool)).find(|p| p.exists()).unwrap();
            std::os::unix::fs::symlink(real, dir.path().join("tools").join(tool)).unwrap();
        }
        FakeKubectl { dir }
    }

    fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    /// PATH: `first`, then the fake kubectl, then its tools.
    fn path(&self, first: &[&Path]) -> std::ffi::OsString {
        let tools = self.dir.path().join("tools");
        std::env::join_paths(first.iter().map(|p| p.to_path_buf()).chain([self.bin(), tools])).unwrap()
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("log")
    }

    /// `veysi ARGS` with only the fake (and the tools it needs) on PATH.
    fn command(&self) -> assert_cmd::Command {
        self.command_for(&assert_cmd::cargo::cargo_bin("veysi"))
    }

    /// `PROGRAM ARGS` in the same clean environment.
    fn command_for(&self, program: &Path) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(program);
        cmd.env_clear()
            .env("PATH", self.path(&[]))
            .env("FAKE_KUBECTL_LOG", self.log())
            .env("HOME", self.dir.path());
        cmd
    }

    /// The arguments kubectl received, or None if it never ran.
    fn received(&self) -> Option<Vec<String>> {
        let raw = std::fs::read(self.log().with_extension("args")).ok()?;
        let text = String::from_utf8(raw).unwrap();
        Some(text.split_terminator('\0').map(str::to_owned).collect())
    }

    fn received_env(&self) -> String {
        std::fs::read_to_string(self.log().with_extension("env")).unwrap()
    }
}

#[test]
fn allowed_commands_reach_kubectl_unchanged_with_its_output_and_exit_code() {
    let fake = FakeKubectl::new();
    let args = [
        "-n",
        "kube-system",
        "get",
        "pods",
        "-o",
        "jsonpath={.items[*].metadata.name}",
        "-l",
        "app in (a, b)",
    ];
    fake.command()
        .arg("kube-ro")
        .args(args)
        .env("FAKE_KUBECTL_EXIT", "7")
        .assert()
        .code(7)
        .stdout("fake kubectl ran\n");
    assert_eq!(fake.received().unwrap(), args);
}

#[test]
fn blocked_commands_never_reach_kubectl() {
    let fake = FakeKubectl::new();
    for args in [
        &["delete", "pod", "nginx"][..],
        &["get", "secret", "db", "-o", "yaml"],
        &["exec", "web", "--", "sh"],
    ] {
        fake.command()
            .arg("kube-ro")
            .args(args)
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::starts_with("x BLOCKED: "));
        assert_eq!(fake.received(), None, "{args:?} reached kubectl");
    }
    fake.command()
        .args(["kube-ro", "delete", "pod", "nginx"])
        .assert()
        .stderr("x BLOCKED: 'delete' is a mutating command\n");
}

#[test]
fn missing_kubectl_is_exit_code_4_with_a_clear_message() {
    let fake = FakeKubectl::new();
    std::fs::remove_file(fake.bin().join("kubectl")).unwrap();
    fake.command()
        .args(["kube-ro", "get", "pods"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("kubectl was not found on PATH"));
    fake.command()
        .args(["kube-ro", "get", "pods"])
        .env("VEYSI_KUBECTL", fake.bin().join("nope"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("VEYSI_KUBECTL="));
}

#[test]
fn kubectl_runs_with_a_cleaned_environment() {
    let fake = FakeKubectl::new();
    fake.command()
        .args(["kube-ro", "get", "pods"])
        .env("KUBECTL_EXTERNAL_DIFF", "rm -rf")
        .env("KUBE_EDITOR", "evil")
        .env("EDITOR", "evil")
        .env("KUBECTL_ENABLE_CMD_SHADOW", "true")
        .env("KUBERC", "/tmp/evil-kuberc")
        .env("KUBECONFIG", "/home/me/.kube/config")
        .assert()
        .success();
    let env = fake.received_env();
    for gone in ["KUBECTL_EXTERNAL_DIFF=", "KUBE_EDITOR=", "EDITOR=", "KUBECTL_ENABLE_CMD_SHADOW="] {
        assert!(!env.lines().any(|l| l.starts_with(gone)), "{gone} was passed:\n{env}");
    }
    for kept in ["KUBERC=off", "KUBECTL_KUBERC=false", "KUBECONFIG=/home/me/.kube/config"] {
        assert!(env.lines().any(|l| l == kept), "{kept} missing:\n{env}");
    }
}

fn symlink_veysi(dir: &Path, name: &str) -> PathBuf {
    let link = dir.join(name);
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("veysi"), &link).unwrap();
    link
}

#[test]
fn plugin_mode_prefers_kubectl_path_but_never_runs_itself() {
    let fake = FakeKubectl::new();
    let plugins = tempfile::tempdir().unwrap();
    let plugin = symlink_veysi(plugins.path(), "kubectl-ro");
    // kubectl starts the plugin with its full path and KUBECTL_PATH set to itself.
    let host = fake.dir.path().join("host-kubectl");
    write_executable(&host, &FAKE_KUBECTL.replace("fake kubectl ran", "host kubectl ran"));
    let run = |kubectl_path: &Path| {
        fake.command_for(&plugin).env("KUBECTL_PATH", kubectl_path).args(["get", "pods"]).output().unwrap()
    };
    let output = run(&host);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "host kubectl ran\n");
    // KUBECTL_PATH pointing back at the wrapper (kubectl aliased to it) falls back to PATH.
    let output = run(&plugin);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "fake kubectl ran\n", "{output:?}");
}

#[test]
fn kubectl_aliased_to_the_wrapper_is_skipped_on_path() {
    let fake = FakeKubectl::new();
    let aliased = tempfile::tempdir().unwrap();
    symlink_veysi(aliased.path(), "kubectl");
    fake.command()
        .env("PATH", fake.path(&[aliased.path()]))
        .args(["kube-ro", "get", "pods"])
        .assert()
        .success()
        .stdout("fake kubectl ran\n");
}

#[test]
fn a_kubectl_script_that_calls_back_into_the_wrapper_is_stopped() {
    let fake = FakeKubectl::new();
    let plugins = tempfile::tempdir().unwrap();
    let plugin = symlink_veysi(plugins.path(), "kubectl-ro");
    write_executable(&fake.bin().join("kubectl"), &format!("#!/bin/sh\nexec {} \"$@\"\n", plugin.display()));
    fake.command()
        .args(["kube-ro", "get", "pods"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("leads back to kubectl-ro"));
}

#[test]
fn config_view_is_redacted_beyond_what_kubectl_does() {
    let fake = FakeKubectl::new();
    let config = fake.dir.path().join("config.json");
    std::fs::write(
        &config,
        r#"{"kind":"Config","apiVersion":"v1","current-context":"a",
            "users":[{"name":"oidc","user":{"auth-provider":{"name":"oidc","config":{
                "client-id":"cid","client-secret":"CLIENTSECRET","refresh-token":"REFRESHTOKEN"}}}},
              {"name":"exec","user":{"exec":{"command":"aws","args":["--token=ARGSECRET"],
                "env":[{"name":"PASS","value":"ENVSECRET"}]}}}]}"#,
    )
    .unwrap();
    let output = fake
        .command()
        .env("FAKE_CONFIG_JSON", &config)
        .args(["kube-ro", "config", "view", "--minify"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(fake.received().unwrap(), ["config", "view", "--minify", "--output=json"]);
    for secret in ["CLIENTSECRET", "REFRESHTOKEN", "ARGSECRET", "ENVSECRET"] {
        assert!(!stdout.contains(secret), "{secret} leaked:\n{stdout}");
    }
    assert!(stdout.contains("client-id: cid"), "{stdout}");
    assert!(stdout.contains("current-context: a"), "{stdout}");
    // JSON when asked for JSON.
    let output = fake
        .command()
        .env("FAKE_CONFIG_JSON", &config)
        .args(["kube-ro", "config", "view", "-o", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["users"][0]["user"]["auth-provider"]["config"]["client-secret"], "[REDACTED]");
}

#[test]
fn install_plugin_creates_the_kubectl_ro_link() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    let output =
        veysi().args(["--json", "kube-ro", "install-plugin"]).arg(&bin).env("PATH", &bin).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let report = json_of(&output);
    assert_eq!(report["created"], true);
    assert_eq!(report["dir_on_path"], true);
    let link = bin.join("kubectl-ro");
    assert_eq!(
        std::fs::canonicalize(&link).unwrap(),
        std::fs::canonicalize(assert_cmd::cargo::cargo_bin("veysi")).unwrap()
    );
    // The link answers as the wrapper.
    assert_cmd::Command::new(&link)
        .args(["--check", "get", "pods"])
        .assert()
        .success()
        .stdout("ALLOWED: kubectl get pods\n");
}

// ---- the audit log ---------------------------------------------------------------------------

fn audit_lines(dir: &Path) -> Vec<serde_json::Value> {
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("kube-ro-audit.jsonl") && !name.ends_with(".lock") {
            for line in std::fs::read_to_string(entry.path()).unwrap().lines() {
                lines.push(
                    serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("torn line in {name} ({e}): {line}")),
                );
            }
        }
    }
    lines
}

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

// ---- the real kubectl against a test API server --------------------------------------------

#[path = "support/kube_api.rs"]
mod kube_api;

use kube_api::KubeApi;

/// The real kubectl (tests using it are ignored unless scripts/test runs them).
fn real_kubectl() -> PathBuf {
    kube_api::find_kubectl().expect("kubectl on PATH (scripts/test installs it)")
}

/// Runs PROGRAM ARGS against the test server, returning (exit code, stdout, stderr).
fn run_against(api: &KubeApi, program: &Path, args: &[&str]) -> (i32, String, String) {
    run_with(api, program, args, &[])
}

/// As [`run_against`], with extra environment variables.
fn run_with(
    api: &KubeApi,
    program: &Path,
    args: &[&str],
    extra_env: &[(&str, &str)],
) -> (i32, String, String) {
    let output = std::process::Command::new(program)
        .args(args)
        .env_clear()
        .envs(api.env(&[]))
        .envs(extra_env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn kube_ro(api: &KubeApi, args: &[&str]) -> (i32, String, String) {
    let mut full = vec!["kube-ro"];
    full.extend_from_slice(args);
    run_against(api, &assert_cmd::cargo::cargo_bin("veysi"), &full)
}

#[test]
#[ignore = "needs kubectl"]
fn the_wrapper_prints_exactly_what_kubectl_prints() {
    let api = KubeApi::start();
    let kubectl = real_kubectl();
    let cases: &[&[&str]] = &[
        &["get", "pods"],
        &["get", "pods", "-A", "-o", "wide"],
        &["-n", "kube-system", "get", "deployments"],
        &["get", "deploy", "web", "-o", "yaml"],
        &["get", "namespaces", "-o", "name"],
        &["get", "events"],
        &["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"],
        &["describe", "pod", "web-7d4b9c-abcde"],
        &["logs", "web-7d4b9c-abcde"],
        &["auth", "can-i", "list", "pods"],
        &["auth", "can-i", "delete", "pods"],
        &["get", "--raw", "/healthz"],
        &["api-resources", "--api-group=apps"],
        &["get", "pods", "nope"],
    ];
    for args in cases {
        let direct = run_against(&api, &kubectl, args);
        let wrapped = kube_ro(&api, args);
        assert_eq!((wrapped.0, &wrapped.1), (direct.0, &direct.1), "{args:?}: stderr {}", wrapped.2);
        assert!(!direct.1.is_empty() || direct.0 != 0, "{args:?} printed nothing: {}", direct.2);
    }
    // kubectl's own exit codes pass through: can-i says "no" with 1, a missing pod is 1.
    assert_eq!(kube_ro(&api, &["auth", "can-i", "delete", "pods"]).0, 1);
    assert_eq!(kube_ro(&api, &["get", "pods", "nope"]).0, 1);
}

#[test]
#[ignore = "needs kubectl"]
fn secrets_are_listed_by_name_and_type_only() {
    let api = KubeApi::start();
    let (code, out, err) = kube_ro(&api, &["get", "secrets"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("db-creds") && out.contains("Opaque"), "{out}");
    assert!(out.contains("build-token") && out.contains("kubernetes.io/service-account-token"), "{out}");
    assert_eq!(kube_api::leaks(&out), None);
    let (code, out, _) = kube_ro(&api, &["get", "secrets", "-o", "name"]);
    assert_eq!((code, out.as_str()), (0, "secret/db-creds\nsecret/build-token\n"));
}

/// Argument vectors that make the real kubectl print Secret data (or kubeconfig credentials),
/// in every form the reference lists, plus their harmless neighbours.
const LEAK_CORPUS: &[&[&str]] = &[
    &["get", "secret", "db-creds", "-o", "yaml"],
    &["get", "secrets", "-Aojson"],
    &["get", "secret", "db-creds", "-o", "name", "-o", "yaml"],
    &["get", "secret", "db-creds", "--template={{.data.password}}"],
    &["get", "Secret", "db-creds", "-o", "jsonpath={.data.password}"],
    &["get", "SECRETS", "-o", "json"],
    &["get", "secret/db-creds", "-o", "go-template={{.data}}"],
    &["get", "secrets/build-token", "-o", "custom-columns=T:.data.token"],
    &["get", "cm,secret", "-o", "yaml"],
    &["-o", "yaml", "get", "secret", "db-creds"],
    &["get", "secrets", "--sort-by=.data.password", "-v=8"],
    &["get", "secrets", "-v=9"],
    &["describe", "secret", "build-token"],
    &["describe", "secrets"],
    &["get", "--raw", "/api/v1/namespaces/default/secrets"],
    &["config", "view"],
    &["config", "view", "-o", "jsonpath={.users[*].user.auth-provider.config.client-secret}"],
    &["config", "view", "--raw"],
    &["config", "view", "--flatten"],
    &["get", "secrets"],
    &["get", "secrets", "-o", "wide"],
    &["get", "secrets", "-o", "name"],
    &["describe", "pods"],
    &["get", "pods", "-o", "yaml"],
    &["config", "get-contexts"],
];

#[test]
#[ignore = "needs kubectl"]
fn whatever_leaks_through_kubectl_is_blocked_or_redacted_by_the_wrapper() {
    let api = KubeApi::start();
    let kubectl = real_kubectl();
    let mut leaking = 0;
    for args in LEAK_CORPUS {
        let direct = run_against(&api, &kubectl, args);
        let direct_leak = kube_api::leaks(&format!("{}{}", direct.1, direct.2));
        leaking += usize::from(direct_leak.is_some());
        api.clear();
        let wrapped = kube_ro(&api, args);
        let wrapped_leak = kube_api::leaks(&format!("{}{}", wrapped.1, wrapped.2));
        assert_eq!(wrapped_leak, None, "{args:?} leaked through the wrapper:\n{}\n{}", wrapped.1, wrapped.2);
        if wrapped.0 == 3 {
            assert!(api.requests().is_empty(), "{args:?} was blocked but kubectl reached the server");
        } else if direct_leak.is_some() {
            // Allowed although kubectl alone leaks: only the redacting filter may do that.
            assert_eq!(args[..2], ["config", "view"], "{args:?} leaks through kubectl and was allowed");
        }
    }
    eprintln!("{leaking} of {} command lines leak through kubectl alone", LEAK_CORPUS.len());
    assert!(leaking >= 15, "the corpus should show real leaks through kubectl; only {leaking} leaked");
}

#[test]
#[ignore = "needs kubectl"]
fn blocked_writes_never_reach_the_server() {
    let api = KubeApi::start();
    let writes: &[&[&str]] = &[
        &["delete", "pod", "web-7d4b9c-abcde"],
        &["scale", "deployment/web", "--replicas=0"],
        &["label", "pod", "web-7d4b9c-abcde", "owned=yes"],
        &["rollout", "restart", "deployment/web"],
        &["annotate", "-n", "default", "deploy", "web", "a=b"],
        &["cordon", "node-1"],
        &["-n", "default", "exec", "web-7d4b9c-abcde", "--", "cat", "/etc/passwd"],
        &["create", "namespace", "evil"],
    ];
    for args in writes {
        let (code, _, err) = kube_ro(&api, args);
        assert_eq!(code, 3, "{args:?}: {err}");
    }
    assert!(api.requests().is_empty(), "{:?}", api.requests());
    // The same commands through kubectl alone do try to write (the server refuses with 405).
    let (_, _, _) = run_against(&api, &real_kubectl(), &["delete", "pod", "web-7d4b9c-abcde"]);
    assert!(!api.writes().is_empty(), "the server should have seen kubectl's DELETE");
}

#[test]
#[ignore = "needs kubectl"]
fn a_kuberc_cannot_change_what_the_wrapper_lets_kubectl_print() {
    let api = KubeApi::start();
    let kube_dir = api.home().join(".kube");
    std::fs::create_dir_all(&kube_dir).unwrap();
    std::fs::write(
        kube_dir.join("kuberc"),
        // v1alpha1 is read by kubectl 1.33 (with KUBECTL_KUBERC=true) through at least 1.37.
        "apiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Preference\noverrides:\n- command: get\n  flags:\n  - name: output\n    default: yaml\n",
    )
    .unwrap();
    let kuberc_on = [("KUBECTL_KUBERC", "true")];
    let (code, out, err) =
        run_with(&api, &assert_cmd::cargo::cargo_bin("veysi"), &["kube-ro", "get", "secrets"], &kuberc_on);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("NAME"), "the kuberc default leaked into the wrapped kubectl:\n{out}");
    assert_eq!(kube_api::leaks(&out), None);
    // Without the wrapper, a kubectl that reads kuberc prints the Secret as YAML.
    let (_, direct, _) = run_with(&api, &real_kubectl(), &["get", "secrets"], &kuberc_on);
    assert!(
        kube_api::leaks(&direct).is_some(),
        "the kuberc should make kubectl alone print Secret data:\n{direct}"
    );
}

#[test]
#[ignore = "needs kubectl"]
fn kubectl_ro_works_as_a_plugin_of_the_real_kubectl() {
    let api = KubeApi::start();
    let plugins = tempfile::tempdir().unwrap();
    veysi()
        .args(["kube-ro", "install-plugin"])
        .arg(plugins.path())
        .env("XDG_STATE_HOME", plugins.path())
        .assert()
        .success();
    let kubectl = real_kubectl();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(&kubectl)
            .args(args)
            .env_clear()
            .envs(api.env(&[plugins.path()]))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let direct = run(&["get", "pods"]);
    let plugin = run(&["ro", "get", "pods"]);
    assert_eq!((plugin.0, &plugin.1), (direct.0, &direct.1), "{}", plugin.2);
    let blocked = run(&["ro", "get", "secret", "db-creds", "-o", "yaml"]);
    assert_eq!(blocked.0, Some(3));
    assert!(blocked.2.contains("BLOCKED: secret values cannot be displayed"), "{}", blocked.2);
    assert_eq!(kube_api::leaks(&blocked.1), None);
    // The plugin's audit lines say "plugin".
    let state = api.env(&[]).into_iter().find(|(k, _)| k == "XDG_STATE_HOME").unwrap().1;
    let lines = audit_lines(&Path::new(&state).join("veysi"));
    assert!(lines.iter().all(|l| l["mode"] == "plugin"), "{lines:#?}");
    assert_eq!(lines.len(), 2);
}

// ---- the MCP server, driven by a real MCP client --------------------------------------------

use serde_json::{Value, json};

/// The text of a tool result's content blocks.
fn result_text(call: &Value) -> String {
    call["result"]["content"].as_array().map_or(String::new(), |blocks| {
        blocks.iter().filter_map(|b| b["text"].as_str()).collect::<Vec<_>>().join("\n")
    })
}

/// Calls tools on a server through the Python MCP client, returning its JSON report.
fn mcp_session(api: &KubeApi, target: &[&str], calls: &[(&str, Value)]) -> Value {
    let calls: Vec<String> = calls.iter().map(|(name, args)| format!("{name}\u{0}{args}")).collect();
    let mut args: Vec<&str> = vec!["--list"];
    for call in &calls {
        let (name, arguments) = call.split_once('\u{0}').unwrap();
        args.extend(["--call", name, arguments]);
    }
    args.extend(target);
    let home = api.home();
    let env: Vec<(&str, &std::ffi::OsStr)> = vec![("HOME", home.as_os_str())];
    support::mcp_client_with_env(&args, &env)
}

/// The calls every transport test makes, and what each must show.
fn standard_calls() -> Vec<(&'static str, Value)> {
    vec![
        ("list_pods", json!({})),
        ("list_secrets", json!({})),
        ("get_resource", json!({"resource": "secret", "name": "db-creds"})),
        ("get_resource", json!({"resource": "secrets", "output": "yaml"})),
        ("describe_resource", json!({"resource": "secret", "name": "build-token"})),
        ("get_pod_logs", json!({"name": "web-7d4b9c-abcde", "tail_lines": 2})),
        ("auth_can_i", json!({"verb": "delete", "resource": "pods"})),
        ("get_pod", json!({"name": "--server=https://evil.example"})),
        ("list_deployments", json!({"all_namespaces": true})),
        ("get_events", json!({"types": "Warning"})),
    ]
}

fn assert_standard_session(out: &Value) {
    let tools = out["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 20, "{tools:#?}");
    for tool in tools {
        assert_eq!(
            tool["annotations"],
            json!({"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true}),
            "{}",
            tool["name"]
        );
    }
    let calls = out["calls"].as_array().unwrap();
    let text = |i: usize| result_text(&calls[i]);
    let is_error = |i: usize| calls[i]["result"]["isError"] == true;
    for (i, call) in calls.iter().enumerate() {
        assert!(call.get("error").is_none(), "call {i} was a protocol error: {call}");
        assert_eq!(kube_api::leaks(&call.to_string()), None, "call {i} leaked: {call}");
    }
    assert!(
        !is_error(0) && text(0).contains("web-7d4b9c-abcde") && text(0).contains("10.0.0.11"),
        "{}",
        text(0)
    );
    assert!(
        !is_error(1)
            && text(1).contains("db-creds")
            && text(1).contains("kubernetes.io/service-account-token")
    );
    assert!(!is_error(2), "{}", text(2));
    let secret = &calls[2]["result"]["structuredContent"];
    assert_eq!(secret["data"], json!({"password": "[REDACTED]", "username": "[REDACTED]"}));
    assert_eq!(secret["metadata"]["name"], "db-creds");
    assert!(secret["metadata"].get("managedFields").is_none());
    assert!(!is_error(3) && text(3).contains("token: '[REDACTED]'"), "{}", text(3));
    assert!(is_error(4) && text(4).starts_with("BLOCKED: 'describe secret'"), "{}", text(4));
    assert!(!is_error(5) && text(5).contains("GET /healthz 200"), "{}", text(5));
    assert!(!is_error(6) && text(6) == "no", "{}", text(6));
    assert!(is_error(7) && text(7).contains("name"), "{}", text(7));
    assert!(!is_error(8) && text(8).contains("coredns"), "{}", text(8));
    assert!(!is_error(9) && text(9).contains("BackOff") && !text(9).contains("Pulled"), "{}", text(9));
}

#[test]
#[ignore = "needs kubectl and the Python mcp package"]
fn mcp_over_stdio_with_a_real_client() {
    let api = KubeApi::start();
    let veysi = assert_cmd::cargo::cargo_bin("veysi");
    let veysi = veysi.to_str().unwrap();
    let out = mcp_session(&api, &["--stdio", veysi, "kube-ro", "serve"], &standard_calls());
    if std::env::var_os("VEYSI_SHOW_MCP").is_some() {
        eprintln!("{}", serde_json::to_string_pretty(&out).unwrap());
    }
    assert_standard_session(&out);
    assert!(api.writes().is_empty());
    // Every call was audited as "mcp" under the client's HOME.
    let lines = audit_lines(&api.home().join(".local/state/veysi"));
    let tools: Vec<&str> = lines.iter().filter_map(|l| l["tool"].as_str()).collect();
    assert!(lines.iter().all(|l| l["mode"] == "mcp"));
    assert!(tools.contains(&"describe_resource") && tools.contains(&"list_pods"), "{tools:?}");
    let blocked = lines.iter().find(|l| l["tool"] == "describe_resource").unwrap();
    assert_eq!(blocked["decision"], "blocked");
}

#[test]
#[ignore = "needs kubectl and the Python mcp package"]
fn mcp_over_streamable_http_with_a_real_client() {
    use std::io::BufRead as _;
    let api = KubeApi::start();
    let port = support::free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("veysi"))
        .args(["kube-ro", "serve", "--http", &addr, "--timeout", "20"])
        .env_clear()
        .envs(api.env(&[]))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(server.stderr.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains(&format!("http://{addr}/mcp")), "{first}");
    let url = format!("http://{addr}/mcp");
    let out = mcp_session(&api, &["--http", &url], &standard_calls());
    server.kill().unwrap();
    server.wait().unwrap();
    assert_standard_session(&out);
}

/// The namespace a kubectl run asked the server about: `Some(ns)` for a namespaced request,
/// `Some("*")` for a request across namespaces, from the last non-discovery request.
fn namespace_requested(api: &KubeApi) -> Option<String> {
    let request = api.requests().into_iter().rev().find(|r| {
        let segments = r.path.split('/').filter(|s| !s.is_empty()).count();
        (r.path.starts_with("/api/v1/") && segments > 2) || (r.path.starts_with("/apis/") && segments > 3)
    })?;
    let segments: Vec<&str> = request.path.split('/').collect();
    Some(match segments.iter().position(|s| *s == "namespaces") {
        Some(i) if segments.len() > i + 2 => segments[i + 1].to_owned(),
        _ => "*".to_owned(),
    })
}

#[test]
#[ignore = "needs kubectl"]
fn the_policy_reads_flags_exactly_as_kubectl_does() {
    let api = KubeApi::start();
    let kubectl = real_kubectl();
    let cases: &[&[&str]] = &[
        &["get", "pods"],
        &["-n", "kube-system", "get", "pods"],
        &["get", "pods", "-n", "web", "-n", "kube-system"],
        &["get", "pods", "-Aowide"],
        &["-n", "delete", "get", "pods"],
        &["--namespace=web", "get", "deployments"],
        &["get", "deploy", "--all_namespaces"],
        &["get", "pods", "--namespace", "kube-system", "-o", "name"],
        &["-o", "name", "get", "pods", "-n", "web"],
        &["get", "pods", "-nkube-system"],
        &["get", "pods", "-n=web"],
        &["--context", "test", "get", "events", "-A"],
        &["get", "pods", "-A=false", "-n", "web"],
        &["get", "pods", "-An", "web"],
        &["get", "pods", "--all-namespaces=true", "--namespace=web"],
    ];
    for args in cases {
        let decision = veysi::kube::policy::check(args);
        assert!(decision.allowed, "{args:?}: {decision:?}");
        api.clear();
        let (code, _, err) = run_against(&api, &kubectl, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let expected = decision.scope.namespace.unwrap_or_else(|| "default".to_owned());
        assert_eq!(
            namespace_requested(&api),
            Some(expected),
            "{args:?}: the policy and kubectl disagree on the namespace"
        );
    }
}
