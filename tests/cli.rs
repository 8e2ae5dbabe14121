//! End-to-end tests of the binary's shared behaviour: global flags, exit codes, argv[0] dispatch.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use support::veysi;

#[test]
fn help_lists_the_tools_and_global_flags() {
    veysi()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("kube-ro").and(predicate::str::contains("--json")))
        .stdout(predicate::str::contains("--quiet").and(predicate::str::contains("--color")));
}

#[test]
fn unknown_flags_are_usage_errors_with_exit_code_2() {
    veysi().arg("--no-such-flag").assert().code(2).stderr(predicate::str::contains("--no-such-flag"));
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        veysi().args(["completions", shell]).assert().success().stdout(predicate::str::contains("veysi"));
    }
    veysi().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    veysi().args(["--quiet", "man", "--dir"]).arg(dir.path()).assert().success();
    assert!(dir.path().join("veysi.1").is_file());
    assert!(dir.path().join("veysi-kube-ro.1").is_file());
}

#[test]
fn argv0_kubectl_ro_dispatches_to_kube_ro() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("kubectl-ro");
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("veysi"), &link).unwrap();
    // `--help` of the dispatched command is kube-ro's own help, named as the subcommand.
    Command::new(&link)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: veysi kube-ro"));
}
