//! Helpers shared by the integration tests (each `tests/<tool>.rs` declares `mod support;`).
#![allow(dead_code)] // each test binary uses a different subset

use std::net::{SocketAddr, TcpListener};

/// The `veysi` binary under test.
pub fn veysi() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("veysi").expect("the veysi binary is built")
}

/// A free TCP port on 127.0.0.1 (bound, read, released; good enough for a test server).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A free loopback address.
pub fn free_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], free_port()))
}

/// Parses a command's stdout as JSON, with the output in the panic message when it is not.
pub fn json_of(output: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}", String::from_utf8_lossy(&output.stderr))
    })
}

/// The Python MCP client driver (`tests/support/mcp_client.py`, needs the PyPI `mcp`
/// package): runs it with `args` and returns its JSON output. Panics with its stderr when it
/// fails to connect or does not finish within two minutes.
pub fn mcp_client(args: &[&str]) -> serde_json::Value {
    mcp_client_with_env(args, &[])
}

/// As [`mcp_client`], with extra environment variables for the driver (and so for a stdio
/// server it starts, which gets HOME, PATH, USER and the like from it).
pub fn mcp_client_with_env(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> serde_json::Value {
    let output = assert_cmd::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/mcp_client.py"))
        .args(args)
        .envs(env.iter().copied())
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("python3 runs");
    let value = json_of(&output);
    assert!(
        output.status.success(),
        "mcp_client.py {args:?} failed: {value}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    value
}
