//! The wrapper with a fake kubectl that records its arguments and environment.

use predicates::prelude::*;

use super::*;
use support::json_of;

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
