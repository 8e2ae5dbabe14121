//! `--check` and `--check --json`: the policy's decision without running kubectl.

use predicates::prelude::*;

use super::*;
use support::json_of;

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
