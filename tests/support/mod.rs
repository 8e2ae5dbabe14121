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
