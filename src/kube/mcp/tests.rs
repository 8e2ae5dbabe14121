//! The tool set against the policy, and calls through the handler with a fake kubectl.

use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use serde_json::{Value, json};

use super::params::{Args, Kind};
use super::tools::{Shape, TOOLS, find};
use super::*;
use crate::kube::policy::{self, Rule, Viewer};
use crate::mcp::{JsonObject, ToolHandler};

fn object(value: Value) -> JsonObject {
    value.as_object().cloned().unwrap_or_default()
}

/// A value every parameter kind accepts.
fn sample(kind: Kind) -> Value {
    match kind {
        Kind::Name => json!("web-1"),
        Kind::Namespace => json!("prod"),
        Kind::Resource => json!("deployments.apps"),
        Kind::TypedName => json!("pod/web-1"),
        Kind::LabelSelector => json!("app=web"),
        Kind::FieldSelector => json!("status.phase=Running"),
        Kind::Context => json!("staging"),
        Kind::Duration => json!("10m"),
        Kind::Verb => json!("list"),
        Kind::FieldPath => json!("pods.spec"),
        Kind::ApiGroup => json!("apps"),
        Kind::Bool => json!(true),
        Kind::Int { min, .. } => json!(min),
        Kind::Choice(choices) => json!(choices[0]),
    }
}

/// Arguments with every parameter set (or only the required ones).
fn arguments(tool: &tools::Tool, all: bool) -> JsonObject {
    tool.params.iter().filter(|p| all || p.required).map(|p| (p.name.to_owned(), sample(p.kind))).collect()
}

#[test]
fn twenty_uniquely_named_read_only_tools_with_closed_schemas() {
    let specs = tool_specs();
    assert_eq!(specs.len(), 20);
    let mut names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 20);
    for name in
        ["list_pods", "get_pod_logs", "list_deployments", "get_events", "list_secrets", "get_resource"]
    {
        assert!(names.contains(&name), "{name}");
    }
    for spec in &specs {
        assert_eq!(spec.annotations, crate::mcp::Annotations::read_only(), "{}", spec.name);
        assert_eq!(spec.input_schema["additionalProperties"], false, "{}", spec.name);
        assert!(
            jsonschema::validator_for(&Value::Object((*spec.input_schema).clone())).is_ok(),
            "{}",
            spec.name
        );
        assert!(spec.name.len() <= 64 && spec.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    }
}

#[test]
fn every_tool_builds_a_command_the_policy_allows() {
    for tool in TOOLS {
        for all in [false, true] {
            let values = arguments(tool, all);
            let args = Args::check(tool.params, &values).unwrap_or_else(|e| panic!("{}: {e}", tool.name));
            let plan = (tool.build)(&args);
            let argv = plan.argv(&["--request-timeout=30s".to_owned()]);
            let decision = policy::check_as(&argv, Viewer::Redacted);
            assert!(decision.allowed, "{} {argv:?}: {decision:?}", tool.name);
            // Positional values come only after `--`; every flag carries its value inline.
            let dash = argv.iter().position(|a| a == "--").unwrap_or(argv.len());
            assert!(argv[..dash].iter().skip(plan.command.len()).all(|a| a.starts_with("--")), "{argv:?}");
            if all {
                assert!(
                    !matches!(plan.shape, Shape::Text) || !argv.iter().any(|a| a == "--output=json"),
                    "{argv:?}"
                );
            }
        }
    }
}

#[test]
fn no_string_parameter_accepts_a_flag() {
    for tool in TOOLS {
        for param in tool.params.iter().filter(|p| !matches!(p.kind, Kind::Bool | Kind::Int { .. })) {
            for evil in ["-oyaml", "--server=https://evil.example", "--kubeconfig=/tmp/x", "-v=9"] {
                let mut values = arguments(tool, false);
                values.insert(param.name.to_owned(), json!(evil));
                assert!(
                    Args::check(tool.params, &values).is_err(),
                    "{}.{} accepted {evil}",
                    tool.name,
                    param.name
                );
            }
        }
    }
}

#[test]
fn secrets_through_the_generic_tools() {
    let plan_for = |name: &str, values: Value| {
        let tool = find(name).unwrap();
        let values = object(values);
        let args = Args::check(tool.params, &values).unwrap();
        policy::check_as(&(tool.build)(&args).argv(&[]), Viewer::Redacted)
    };
    for output in [json!(null), json!("json"), json!("yaml"), json!("name"), json!("wide")] {
        let d = plan_for("get_resource", json!({"resource": "secrets", "name": "db", "output": output}));
        assert!(d.allowed, "{output}: {d:?}");
    }
    let d = plan_for("describe_resource", json!({"resource": "Secret", "name": "db"}));
    assert_eq!(d.rule, Rule::SecretValues);
    assert!(plan_for("list_secrets", json!({"all_namespaces": true})).allowed);
}

fn fake_kubectl(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
    let path = dir.join("kubectl");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn call(handler: &KubeTools, name: &str, values: Value) -> crate::mcp::ToolOutput {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(handler.call(name, object(values)))
}

fn text_of(output: &crate::mcp::ToolOutput) -> String {
    output
        .content
        .iter()
        .map(|c| match c {
            crate::mcp::Content::Text(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

const LIMITS: Limits = Limits { timeout: Duration::from_secs(20), max_output_bytes: 4096, max_concurrent: 4 };

#[test]
fn blocked_calls_are_errors_that_never_run_kubectl() {
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("ran");
    let kubectl = fake_kubectl(tmp.path(), &format!("touch {}", marker.display()));
    let audit = AuditLog::new(tmp.path().join("audit.jsonl"), 1 << 20);
    let handler = KubeTools::new(kubectl, LIMITS, Vec::new(), Some(audit.clone()));
    let out = call(&handler, "describe_resource", json!({"resource": "secrets", "name": "db"}));
    assert!(out.is_error);
    assert!(
        text_of(&out).starts_with("BLOCKED: 'describe secret' prints service-account tokens"),
        "{}",
        text_of(&out)
    );
    assert!(!marker.exists());
    let out = call(&handler, "get_pod", json!({"name": "--server=https://evil"}));
    assert!(out.is_error && text_of(&out).contains("argument `name` must match"), "{}", text_of(&out));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(audit.path()).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["mode"], "mcp");
    assert_eq!(line["tool"], "describe_resource");
    assert_eq!(line["decision"], "blocked");
}

#[test]
fn json_output_is_redacted_and_anything_else_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = r#"{"kind":"List","items":[{"kind":"Secret","metadata":{"name":"db"},"type":"Opaque","data":{"password":"aHVudGVy"}}]}"#;
    let kubectl = fake_kubectl(tmp.path(), &format!("echo '{secret}'"));
    let handler = KubeTools::new(kubectl, LIMITS, Vec::new(), None);
    let out = call(&handler, "get_resource", json!({"resource": "secrets"}));
    assert!(!out.is_error, "{}", text_of(&out));
    assert!(!text_of(&out).contains("aHVudGVy"));
    assert_eq!(out.structured.unwrap()["items"][0]["data"]["password"], "[REDACTED]");

    let kubectl = fake_kubectl(tmp.path(), "echo 'password: aHVudGVy'");
    let handler = KubeTools::new(kubectl, LIMITS, Vec::new(), None);
    let out = call(&handler, "get_resource", json!({"resource": "secrets", "output": "yaml"}));
    assert!(out.is_error);
    assert!(!text_of(&out).contains("aHVudGVy"));
}

#[test]
fn failures_deadlines_caps_and_can_i_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let handler = |body: &str| KubeTools::new(fake_kubectl(tmp.path(), body), LIMITS, Vec::new(), None);

    let out = call(
        &handler("echo 'Error from server (NotFound)' >&2; exit 1"),
        "describe_pod",
        json!({"name": "x"}),
    );
    assert!(out.is_error && text_of(&out).contains("exit code 1") && text_of(&out).contains("NotFound"));

    let out = call(&handler("head -c 100000 /dev/zero | tr '\\0' a"), "get_pod_logs", json!({"name": "web"}));
    assert!(!out.is_error);
    assert!(text_of(&out).ends_with("narrow the query (namespace, name, label selector, tail_lines)]"));
    assert!(text_of(&out).contains("4096 of 100000 bytes shown"), "{}", &text_of(&out)[4090..]);

    let out = call(&handler("echo no; exit 1"), "auth_can_i", json!({"verb": "delete", "resource": "pods"}));
    assert!(!out.is_error);
    assert_eq!(text_of(&out), "no");

    let slow = KubeTools::new(
        fake_kubectl(tmp.path(), "exec sleep 30"),
        Limits { timeout: Duration::from_millis(300), ..LIMITS },
        Vec::new(),
        None,
    );
    let out = call(&slow, "list_pods", json!({}));
    assert!(out.is_error && text_of(&out).contains("did not finish within"), "{}", text_of(&out));

    let out = call(
        &handler("echo 'No resources found in prod namespace.' >&2"),
        "list_pods",
        json!({"namespace": "prod"}),
    );
    assert_eq!(text_of(&out), "No resources found in prod namespace.");
}

#[test]
fn calls_beyond_the_concurrency_limit_wait_and_give_up_at_the_deadline() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = Limits { timeout: Duration::from_millis(800), max_output_bytes: 4096, max_concurrent: 1 };
    let handler = KubeTools::new(fake_kubectl(tmp.path(), "exec sleep 30"), limits, Vec::new(), None);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (first, second) = runtime.block_on(async {
        tokio::join!(
            handler.call("list_pods", JsonObject::new()),
            handler.call("list_nodes", JsonObject::new())
        )
    });
    let texts = [text_of(&first), text_of(&second)];
    assert!(first.is_error && second.is_error);
    assert!(texts.iter().any(|t| t.contains("did not finish within")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("no kubectl slot became free")), "{texts:?}");
}

#[test]
fn contexts_outside_the_allowlist_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let handler =
        KubeTools::new(fake_kubectl(tmp.path(), "echo ok"), LIMITS, vec!["staging".to_owned()], None);
    assert!(!call(&handler, "list_pods", json!({"context": "staging"})).is_error);
    let out = call(&handler, "list_pods", json!({"context": "prod"}));
    assert!(out.is_error && text_of(&out).contains("allowed: staging"));
}
