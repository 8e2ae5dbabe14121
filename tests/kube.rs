//! End-to-end tests of `veysi kube-ro` (and `kubectl-ro`, `kubectl ro`): the policy's
//! `--check`, the wrapper around a fake kubectl, the audit log, the real kubectl against a test
//! API server, and the MCP server driven by a real MCP client. Shared helpers live here, the
//! tests in `tests/kube/`.

mod support;

#[path = "support/kube_api.rs"]
mod kube_api;

#[path = "kube/audit.rs"]
mod audit_log;
#[path = "kube/check.rs"]
mod check;
#[path = "kube/mcp.rs"]
mod mcp;
#[path = "kube/real_kubectl.rs"]
mod real_kubectl;
#[path = "kube/wrapper.rs"]
mod wrapper;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use kube_api::KubeApi;
use support::veysi;
use veysi::kube::audit;

/// `veysi` with a private HOME and state directory, so that no test writes the user's audit log.
fn sandboxed() -> (tempfile::TempDir, assert_cmd::Command) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = veysi();
    cmd.env("HOME", home.path()).env("XDG_STATE_HOME", home.path().join("state")).env_remove(audit::PATH_VAR);
    (home, cmd)
}

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

fn symlink_veysi(dir: &Path, name: &str) -> PathBuf {
    let link = dir.join(name);
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("veysi"), &link).unwrap();
    link
}

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
