//! The MCP server driven by the Python `mcp` client over stdio and Streamable HTTP.

use serde_json::{Value, json};

use super::*;

#[test]
fn serve_refuses_unsafe_listeners_and_a_missing_kubectl() {
    let fake = FakeKubectl::new();
    fake.command()
        .args(["kube-ro", "serve", "--http", "0.0.0.0:0", "--allow-remote"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--allow-remote needs a bearer token in VEYSI_KUBE_RO_MCP_TOKEN"));
    fake.command()
        .args(["kube-ro", "serve", "--http", "0.0.0.0:0"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("refusing to listen on 0.0.0.0:0"));
    std::fs::remove_file(fake.bin().join("kubectl")).unwrap();
    fake.command()
        .args(["kube-ro", "serve"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicates::str::contains("kubectl was not found on PATH"));
}
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
        ("explain", json!({"field_path": "pods.spec.nodeName"})),
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
    assert_eq!((is_error(5), text(5).as_str()), (false, "listening on :8080\nGET /healthz 200\n"));
    assert!(!is_error(6) && text(6) == "no", "{}", text(6));
    assert!(is_error(7) && text(7).contains("name"), "{}", text(7));
    assert!(!is_error(8) && text(8).contains("coredns"), "{}", text(8));
    assert!(!is_error(9) && text(9).contains("BackOff") && !text(9).contains("Pulled"), "{}", text(9));
    assert!(!is_error(10) && text(10).contains("NodeName indicates in which node"), "{}", text(10));
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
