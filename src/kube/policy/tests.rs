//! The policy suite: one case per command class and per known bypass class, then properties
//! over generated argument vectors.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;

use proptest::prelude::*;

use super::*;

/// A table row: an argument vector and the expected rule (`ReadOnly` means allowed).
struct Case {
    args: &'static [&'static str],
    rule: Rule,
}

const fn case(rule: Rule, args: &'static [&'static str]) -> Case {
    Case { args, rule }
}

use Rule::*;

/// The read-only commands, each in a typical form (A.3.1, allowed classes).
const ALLOWED: &[Case] = &[
    case(ReadOnly, &["get", "pods", "-n", "kube-system"]),
    case(ReadOnly, &["get", "pods,services", "-o", "wide", "-w"]),
    case(ReadOnly, &["get", "deploy", "web", "-o", "yaml"]),
    case(ReadOnly, &["get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]),
    case(ReadOnly, &["get", "all", "-A", "-o", "json"]),
    case(ReadOnly, &["get", "configmap", "settings", "-o", "yaml"]), // A.5.17: documented limit
    case(ReadOnly, &["get", "--raw", "/healthz"]),
    case(ReadOnly, &["get", "--raw", "/readyz?verbose"]),
    case(ReadOnly, &["get", "--raw=/openapi/v3/apis/apps/v1"]),
    case(ReadOnly, &["get", "--raw", "/version"]),
    case(ReadOnly, &["describe", "pod", "web"]),
    case(ReadOnly, &["describe", "nodes", "-l", "role=worker"]),
    case(ReadOnly, &["logs", "deployment/my-app"]),
    case(ReadOnly, &["logs", "web", "-c", "app", "--tail=50", "-p"]),
    case(ReadOnly, &["logs", "-f", "web"]), // A.5.16: bounded by the MCP layer, free on the CLI
    case(ReadOnly, &["top", "pod", "-A", "--sort-by=cpu"]),
    case(ReadOnly, &["top", "nodes"]),
    case(ReadOnly, &["events", "-A", "--types=Warning"]),
    case(ReadOnly, &["events", "--for", "secret/db"]),
    case(ReadOnly, &["explain", "pods.spec.containers", "--recursive"]),
    case(ReadOnly, &["api-resources", "--verbs=list", "-o", "wide"]),
    case(ReadOnly, &["api-versions"]),
    case(ReadOnly, &["cluster-info"]),
    case(ReadOnly, &["version", "--client", "-o", "json"]),
    case(ReadOnly, &["wait", "--for=condition=Ready", "pod/web", "--timeout=30s"]),
    case(ReadOnly, &["wait", "secret/db", "--for=delete"]),
    case(ReadOnly, &["completion", "bash"]),
    case(ReadOnly, &["options"]),
    case(ReadOnly, &["help", "delete"]),
    case(ReadOnly, &["plugin", "list", "--name-only"]),
    case(ReadOnly, &["auth", "can-i", "delete", "pods", "-n", "prod"]),
    case(ReadOnly, &["auth", "whoami", "-o", "json"]),
    case(ReadOnly, &["rollout", "status", "deployment/web", "--timeout=60s"]),
    case(ReadOnly, &["rollout", "history", "deployment/web", "--revision=2"]),
    case(ReadOnly, &["config", "current-context"]),
    case(ReadOnly, &["config", "get-contexts", "-o", "name"]),
    case(ReadOnly, &["config", "get-clusters"]),
    case(ReadOnly, &["config", "get-users"]),
    case(ReadOnly, &["config", "view", "--minify"]),
    case(ReadOnly, &["config", "view", "-o", "json"]),
    case(ReadOnly, &[]),
    case(ReadOnly, &["-h"]),
    case(ReadOnly, &["get", "--help"]),
    case(ReadOnly, &["config"]),
    case(ReadOnly, &["--context", "staging", "-n", "web", "get", "pods"]),
    case(ReadOnly, &["-v=5", "get", "pods"]),
    case(ReadOnly, &["get", "pods", "--request-timeout=5s", "--warnings-as-errors"]),
    // Listing Secrets: names, types, key counts.
    case(ReadOnly, &["get", "secrets"]),
    case(ReadOnly, &["get", "secrets", "-A"]),
    case(ReadOnly, &["get", "secrets", "-o", "name"]),
    case(ReadOnly, &["get", "secret", "db", "-o", "wide", "-n", "prod"]),
    case(ReadOnly, &["get", "secrets", "--show-labels", "-L", "app", "-l", "tier=db"]),
    case(ReadOnly, &["get", "secrets", "-w", "--output-watch-events"]),
    case(ReadOnly, &["get", "pod/secret", "-o", "yaml"]), // a pod named "secret"
];

/// Commands that are blocked whatever their flags (A.3.1, blocked classes).
const BLOCKED_COMMANDS: &[Case] = &[
    case(MutatingCommand, &["delete", "pod", "nginx"]),
    case(MutatingCommand, &["create", "secret", "generic", "x", "--from-literal=a=b"]),
    case(MutatingCommand, &["apply", "-f", "deploy.yaml"]),
    case(MutatingCommand, &["replace", "-f", "x.yaml"]),
    case(MutatingCommand, &["patch", "deploy", "web", "-p", "{}"]),
    case(MutatingCommand, &["edit", "deploy", "web"]),
    case(MutatingCommand, &["set", "image", "deploy/web", "app=evil"]),
    case(MutatingCommand, &["label", "pod", "web", "a=b"]),
    case(MutatingCommand, &["annotate", "pod", "web", "a=b"]),
    case(MutatingCommand, &["scale", "deploy/web", "--replicas=0"]),
    case(MutatingCommand, &["autoscale", "deploy/web", "--max=3"]),
    case(MutatingCommand, &["expose", "deploy/web", "--port=80"]),
    case(MutatingCommand, &["run", "x", "--image=busybox", "--overrides={\"spec\":{\"hostPID\":true}}"]),
    case(MutatingCommand, &["rollout", "restart", "deploy/web"]),
    case(MutatingCommand, &["rollout", "undo", "deploy/web"]),
    case(MutatingCommand, &["rollout", "pause", "deploy/web"]),
    case(MutatingCommand, &["rollout", "resume", "deploy/web"]),
    case(MutatingCommand, &["drain", "node-1"]),
    case(MutatingCommand, &["cordon", "node-1"]),
    case(MutatingCommand, &["uncordon", "node-1"]),
    case(MutatingCommand, &["taint", "nodes", "node-1", "k=v:NoSchedule"]),
    case(MutatingCommand, &["certificate", "approve", "csr-1"]),
    case(MutatingCommand, &["auth", "reconcile", "-f", "rbac.yaml"]),
    case(MutatingCommand, &["apply", "view-last-applied", "secret/db"]),
    case(
        SideEffectCommand,
        &["exec", "-it", "web", "--", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"],
    ),
    case(SideEffectCommand, &["attach", "web"]),
    case(SideEffectCommand, &["cp", "web:/etc/passwd", "/tmp/x"]),
    case(SideEffectCommand, &["debug", "node/node-1", "-it", "--image=busybox"]),
    case(SideEffectCommand, &["port-forward", "svc/db", "5432"]),
    case(SideEffectCommand, &["proxy", "--port=8001"]),
    case(SideEffectCommand, &["diff", "-f", "x.yaml"]),
    case(SideEffectCommand, &["kustomize", "--enable-helm", "."]),
    case(SideEffectCommand, &["alpha", "kuberc"]),
    case(SideEffectCommand, &["cluster-info", "dump", "--output-directory=/tmp/x"]),
];

/// The bypass classes of the reference (A.5, numbered as there), plus parser corner cases.
const BYPASSES: &[Case] = &[
    // 1. Repeated -o: the last wins in kubectl, and every occurrence is checked here.
    case(SecretValues, &["get", "secret", "db", "-o", "name", "-o", "yaml"]),
    case(SecretValues, &["get", "secret", "db", "--output=name", "--output", "json"]),
    case(SecretValues, &["get", "secrets", "-o", "yaml", "-o", "name"]), // conservative: any occurrence
    // 2. Combined shorthands.
    case(SecretValues, &["get", "secrets", "-Aojson"]),
    case(SecretValues, &["get", "secrets", "-Ao", "yaml"]),
    case(SecretValues, &["get", "secrets", "-Ao=yaml"]),
    case(SecretValues, &["get", "secrets", "-wAoyaml"]),
    // 3. --template without -o means go-template.
    case(SecretValues, &["get", "secret", "db", "--template={{.data}}"]),
    case(SecretValues, &["get", "secret", "db", "-o", "name", "--template", "{{.data.password}}"]),
    // 4. --sort-by (full objects, an ordering oracle) and verbosity.
    case(SecretValues, &["get", "secrets", "--sort-by=.data.password"]),
    case(SecretValues, &["get", "secrets", "--sort_by", ".data"]),
    case(Verbosity, &["get", "secrets", "-v=8"]),
    case(Verbosity, &["get", "secrets", "--v", "9"]),
    case(Verbosity, &["-v6", "get", "pods"]),
    case(Verbosity, &["get", "pods", "-v", "+7"]),
    case(Verbosity, &["--vmodule=*=9", "get", "secrets"]),
    case(MalformedArguments, &["-v=high", "get", "pods"]),
    // 5. describe secret prints service-account tokens.
    case(SecretValues, &["describe", "secret", "db"]),
    case(SecretValues, &["describe", "secrets"]),
    case(SecretValues, &["describe", "Secret/db"]),
    case(SecretValues, &["describe", "cm,secrets", "-A"]),
    // 6. config view --raw / --flatten, and templates that would bypass the redaction.
    case(KubeconfigCredentials, &["config", "view", "--raw"]),
    case(KubeconfigCredentials, &["config", "view", "--flatten"]),
    case(KubeconfigCredentials, &["config", "view", "--raw=true"]),
    case(KubeconfigCredentials, &["config", "view", "-o", "jsonpath={.users[0].user.auth-provider.config}"]),
    case(KubeconfigCredentials, &["config", "view", "--template={{.users}}"]),
    // 7. --raw outside the allowlist: Secrets, node and service proxies, traversal, encoding.
    case(RawPath, &["get", "--raw", "/api/v1/namespaces/default/secrets"]),
    case(RawPath, &["get", "--raw", "/api/v1/nodes/node-1/proxy/logs/"]),
    case(RawPath, &["get", "--raw", "/api/v1/namespaces/x/services/db:5432/proxy/"]),
    case(RawPath, &["get", "--raw", "/openapi/v3/../../api/v1/secrets"]),
    case(RawPath, &["get", "--raw", "/healthz/%2e%2e/api/v1/secrets"]),
    case(RawPath, &["get", "--raw", "//evil.example/healthz"]),
    case(RawPath, &["get", "--raw", "/healthzz"]),
    case(RawPath, &["get", "--raw", "/healthz?x=/../../api"]),
    case(RawPath, &["get", "--raw", "/readyz", "--raw", "/api/v1/secrets"]),
    // 8. Resources from files, kustomizations or URLs; output templates read from local files.
    case(LocalFile, &["get", "-f", "secret.yaml"]),
    case(LocalFile, &["get", "--filename=https://example.com/x.yaml", "-o", "yaml"]),
    case(LocalFile, &["get", "-f", "-"]),
    case(LocalFile, &["get", "-k", "overlays/prod"]),
    case(LocalFile, &["describe", "-f", "x.yaml"]),
    case(LocalFile, &["rollout", "status", "-f", "x.yaml"]),
    case(LocalFile, &["wait", "-f", "x.yaml", "--for=delete"]),
    case(LocalFile, &["get", "pods", "-o", "jsonpath-file=/etc/passwd"]),
    case(LocalFile, &["get", "pods", "-o", "templatefile", "--template=/home/me/.ssh/id_ed25519"]),
    case(LocalFile, &["get", "pods", "-o=custom-columns-file=/etc/shadow"]),
    // 9. Every spelling of Secret.
    case(SecretValues, &["get", "Secret", "db", "-o", "yaml"]),
    case(SecretValues, &["get", "SECRETS", "-o", "json"]),
    case(SecretValues, &["get", "secrets.v1", "-o", "yaml"]),
    case(SecretValues, &["get", "secret.v1.", "-o", "yaml"]),
    case(SecretValues, &["get", "secret/db", "-o", "yaml"]),
    case(SecretValues, &["get", "secrets/db", "-o", "go-template={{.data}}"]),
    case(SecretValues, &["get", "cm,secret", "-o", "yaml"]),
    case(SecretValues, &["get", "pods", "secret", "-o", "yaml"]),
    case(SecretValues, &["get", "secrets", "-o", "custom-columns=V:.data"]),
    case(SecretValues, &["get", "secrets", "-o", "kyaml"]),
    case(SecretValues, &["get", "secrets", "-o", "JSON"]),
    case(SecretValues, &["get", "secrets", "-o="]),
    // Flags before the command: cobra still finds `get`.
    case(SecretValues, &["-o", "yaml", "get", "secret", "db"]),
    case(SecretValues, &["-n", "prod", "-o", "json", "get", "secrets"]),
    // wait prints objects and can test values.
    case(SecretValues, &["wait", "secret/db", "--for=create", "-o", "yaml"]),
    case(SecretValues, &["wait", "secret/db", "--for=jsonpath={.data.password}=aHVudGVyMg=="]),
    // 10. Another kubeconfig (exec plugins), server or token.
    case(Credentials, &["get", "pods", "--kubeconfig", "/tmp/evil.yaml"]),
    case(Credentials, &["--kubeconfig=/tmp/evil.yaml", "get", "pods"]),
    case(Credentials, &["get", "pods", "--server", "https://evil.example"]),
    case(Credentials, &["get", "pods", "-s", "https://evil.example"]),
    case(Credentials, &["-shttps://evil.example", "get", "pods"]),
    case(Credentials, &["get", "pods", "--token=abc"]),
    case(Credentials, &["get", "pods", "--kuberc", "/tmp/kuberc"]),
    case(Credentials, &["get", "pods", "--insecure-skip-tls-verify"]),
    case(Credentials, &["get", "pods", "--insecure_skip_tls_verify=true"]),
    case(Credentials, &["get", "pods", "--certificate-authority=/tmp/ca"]),
    case(Credentials, &["get", "pods", "--client-key=/tmp/k", "--client-certificate=/tmp/c"]),
    case(Credentials, &["get", "pods", "--tls-server-name=evil"]),
    case(Credentials, &["get", "pods", "--proxy-url=http://evil.example:3128"]),
    case(Credentials, &["get", "pods", "--username=admin", "--password=x"]),
    case(Credentials, &["logs", "web", "--insecure-skip-tls-verify-backend"]),
    // 11. Side-effect commands (also in BLOCKED_COMMANDS); with global flags first.
    case(SideEffectCommand, &["-n", "x", "exec", "web", "--", "sh"]),
    case(SideEffectCommand, &["--context=prod", "proxy"]),
    // 12. Plugins through unknown command names, and everything cobra would not match.
    case(UnknownCommand, &["krew", "install", "evil"]),
    case(UnknownCommand, &["ro", "get", "pods"]),
    case(UnknownCommand, &["GET", "pods"]),
    case(UnknownCommand, &["Delete", "pod", "x"]),
    case(UnknownCommand, &["d\u{435}lete", "pod", "x"]), // Cyrillic 'е'
    case(UnknownCommand, &["get-secrets"]),
    case(UnknownCommand, &["config", "frobnicate"]),
    case(UnknownCommand, &["top", "secrets"]),
    case(UnknownCommand, &["-A", "get", "secrets"]),
    case(UnknownCommand, &["__complete", "get", "secrets", ""]),
    // 13. Local files written by profiling or the discovery cache.
    case(LocalFile, &["get", "pods", "--profile=cpu", "--profile-output=/home/me/.bashrc"]),
    case(LocalFile, &["get", "pods", "--cache-dir=/tmp/x"]),
    // 14. The kubeconfig and kuberc cannot be rewritten.
    case(MutatingCommand, &["config", "use-context", "prod"]),
    case(MutatingCommand, &["config", "set-context", "--current", "--namespace=x"]),
    case(MutatingCommand, &["config", "set-credentials", "me", "--token=x"]),
    case(MutatingCommand, &["config", "set", "users.me.token", "x"]),
    case(MutatingCommand, &["config", "unset", "current-context"]),
    case(MutatingCommand, &["config", "delete-context", "prod"]),
    case(MutatingCommand, &["config", "rename-context", "a", "b"]),
    case(MutatingCommand, &["config", "set-cluster", "c", "--server=https://evil"]),
    case(
        SideEffectCommand,
        &["kuberc", "set", "--section=defaults", "--command=get", "--option=output=yaml"],
    ),
    // 15. Impersonation.
    case(Credentials, &["get", "pods", "--as=system:admin"]),
    case(Credentials, &["get", "pods", "--as-group=system:masters"]),
    case(Credentials, &["get", "pods", "--as_group", "system:masters"]),
    case(Credentials, &["get", "pods", "--as-uid=0"]),
    case(Credentials, &["get", "pods", "--as-user-extra=a=b"]),
    // 18. Control, bidi and invisible characters.
    case(InvalidArgument, &["del\u{200b}ete", "pod", "x"]),
    case(InvalidArgument, &["get\0delete"]),
    case(InvalidArgument, &["\u{202e}teled"]),
    case(InvalidArgument, &["get", "pods", "-l", "app=web\n{\"forged\":true}"]),
    case(InvalidArgument, &["get", "pods\x1b]0;pwned\x07"]),
    // Flags the policy does not know, and arguments kubectl would refuse.
    case(FlagNotAllowed, &["get", "pods", "--frobnicate"]),
    case(FlagNotAllowed, &["get", "pods", "-Z"]),
    case(FlagNotAllowed, &["logs", "web", "-o", "yaml"]),
    case(FlagNotAllowed, &["describe", "pods", "-o", "yaml"]),
    case(FlagNotAllowed, &["get", "pods", "-test.v"]),
    case(MalformedArguments, &["get", "pods", "-o"]),
    case(MalformedArguments, &["get", "pods", "---output=yaml"]),
    case(UnknownCommand, &["cluster-info", "dumps"]),
    case(UnexpectedArgument, &["version", "extra"]),
    case(UnexpectedArgument, &["config", "view", "extra"]),
    case(UnknownCommand, &["--help", "get", "pods"]),
];

fn assert_case(case: &Case) {
    let decision = check(case.args);
    assert_eq!(
        (decision.allowed, decision.rule),
        (case.rule == ReadOnly, case.rule),
        "{:?} -> {:?}",
        case.args,
        decision
    );
    assert!(!decision.reason.is_empty());
}

#[test]
fn read_only_commands_are_allowed() {
    ALLOWED.iter().for_each(assert_case);
}

#[test]
fn mutating_and_side_effect_commands_are_blocked() {
    BLOCKED_COMMANDS.iter().for_each(assert_case);
}

#[test]
fn every_known_bypass_is_blocked() {
    BYPASSES.iter().for_each(assert_case);
}

#[test]
fn messages_keep_the_articles_wording_and_name_the_rule() {
    let decision = check(&["delete", "pod", "nginx"]);
    assert_eq!(decision.reason, "'delete' is a mutating command");
    assert_eq!(decision.blocked_line(false), "✘ BLOCKED: 'delete' is a mutating command");
    assert_eq!(decision.blocked_line(true), "x BLOCKED: 'delete' is a mutating command");
    assert_eq!(decision.command, "delete");
    assert_eq!(check(&["rollout", "restart", "x"]).reason, "'rollout restart' is a mutating command");
    assert_eq!(
        check(&["config", "use-context", "x"]).reason,
        "'config use-context' is a mutating command: it rewrites your kubeconfig"
    );
    assert_eq!(check(&["exec", "x"]).reason, "'exec' is not allowed: it runs commands inside containers");
    assert_eq!(
        check(&["get", "secret", "x", "-o", "yaml"]).reason,
        "secret values cannot be displayed (use -o name or -o wide): -o yaml would expose Secret data"
    );
    assert_eq!(
        check(&["get", "pods", "--server=https://x"]).reason,
        "flag --server is not allowed: it can send your credentials to another server or act as someone else"
    );
    assert_eq!(check(&["get", "pods", "--nope"]).reason, "flag --nope is not allowed for 'get'");
    assert!(
        check(&["-A", "get", "pods"])
            .reason
            .ends_with("only kubectl's global flags may come before the command")
    );
}

#[test]
fn rejected_characters_are_named_by_code_point_never_echoed() {
    let decision = check(&["get", "pods\x1b[2J"]);
    assert_eq!(decision.reason, "argument 2 contains a control character (U+001B)");
    assert!(!decision.reason.contains('\x1b'));
    let decision = check(&[OsStr::new("get"), OsStr::from_bytes(b"p\xffods")]);
    assert_eq!(decision.rule, InvalidArgument);
    assert_eq!(decision.reason, "argument 2 contains bytes that are not valid UTF-8");
}

#[test]
fn decision_json_has_exactly_the_contract_fields() {
    let json = serde_json::to_value(check(&["delete", "pod", "x"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "allowed": false,
            "rule": "mutating-command",
            "reason": "'delete' is a mutating command",
            "command": "delete"
        })
    );
    let json = serde_json::to_value(check(&["-n", "x", "config", "view"])).unwrap();
    assert_eq!(json["allowed"], true);
    assert_eq!(json["rule"], "read-only");
    assert_eq!(json["command"], "config view");
    for rule in [ReadOnly, InvalidArgument, SecretValues, KubeconfigCredentials] {
        assert_eq!(serde_json::to_value(rule).unwrap(), rule.name());
    }
}

#[test]
fn scope_records_the_effective_context_and_namespace() {
    let d = check(&["--context", "a", "get", "pods", "-n", "x", "--context=b", "--namespace", "y"]);
    assert_eq!(d.scope, Scope { context: Some("b".into()), namespace: Some("y".into()) });
    let d = check(&["get", "pods", "-A"]);
    assert_eq!(d.scope.namespace.as_deref(), Some("*"));
    assert_eq!(check(&["get", "pods"]).scope, Scope::default());
}

#[test]
fn config_view_is_filtered_and_keeps_the_requested_format() {
    assert_eq!(check(&["config", "view"]).filter, Some(OutputFilter::Kubeconfig { json: false }));
    assert_eq!(
        check(&["config", "view", "-o", "json"]).filter,
        Some(OutputFilter::Kubeconfig { json: true })
    );
    assert_eq!(
        check(&["config", "view", "-ojson", "-o=yaml"]).filter,
        Some(OutputFilter::Kubeconfig { json: false })
    );
    assert_eq!(check(&["get", "pods"]).filter, None);
}

#[test]
fn redacted_json_on_secrets_is_allowed_only_for_the_redacting_viewer() {
    let json = ["get", "secret", "db", "-o", "json"];
    assert_eq!(check(&json).rule, SecretValues);
    let d = check_as(&json, Viewer::Redacted);
    assert!(d.allowed, "{d:?}");
    assert_eq!(d.filter, Some(OutputFilter::SecretJson));
    for args in [
        &["get", "secret", "db", "-o", "yaml"][..],
        &["get", "secret", "db", "-o", "json", "--template={{.data}}"],
        &["get", "secrets", "-o", "json", "--sort-by=.data.password"],
        &["get", "secrets", "-o", "json", "-o", "jsonpath={.items[*].data}"],
        &["get", "secrets", "-o", "json", "-w"],
        &["describe", "secret", "db"],
        &["get", "secret", "db", "-o", "json", "-v=8"],
    ] {
        assert!(!check_as(args, Viewer::Redacted).allowed, "{args:?}");
    }
    // Non-secret JSON needs no filter; the MCP layer redacts every JSON document anyway.
    assert_eq!(check_as(&["get", "pods", "-o", "json"], Viewer::Redacted).filter, None);
}

#[test]
fn display_command_quotes_what_a_shell_would_split() {
    assert_eq!(display_command(&["get", "pods", "-n", "kube-system"]), "kubectl get pods -n kube-system");
    assert_eq!(
        display_command(&["get", "pods", "-o", "jsonpath={.items[*]}"]),
        "kubectl get pods -o 'jsonpath={.items[*]}'"
    );
    assert_eq!(display_command(&["logs", "it's"]), "kubectl logs 'it'\\''s'");
    assert_eq!(display_command(&["get", ""]), "kubectl get ''");
}

// ---- properties ----------------------------------------------------------------------------

/// Every spelling of a resource argument that selects Secrets.
fn secret_target() -> impl Strategy<Value = Vec<String>> {
    let type_name = prop::sample::select(vec![
        "secret",
        "secrets",
        "Secret",
        "SECRETS",
        "Secrets",
        "secrets.v1",
        "secret.v1.",
        "SECRET.v1.",
    ]);
    let other = prop::sample::select(vec!["pods", "cm", "configmaps", "deployments.apps", "svc"]);
    prop_oneof![
        type_name.clone().prop_map(|t| vec![t.to_owned()]),
        (type_name.clone(), "[a-z][a-z0-9-]{0,12}").prop_map(|(t, n)| vec![t.to_owned(), n]),
        (type_name.clone(), "[a-z][a-z0-9-]{0,12}").prop_map(|(t, n)| vec![format!("{t}/{n}")]),
        (other, type_name, any::<bool>()).prop_map(|(o, t, first)| vec![if first {
            format!("{t},{o}")
        } else {
            format!("{o},{t}")
        }]),
    ]
}

/// An output option that can print Secret data, in any of pflag's spellings.
fn exposing_option() -> impl Strategy<Value = Vec<String>> {
    let format = prop::sample::select(vec![
        "yaml",
        "json",
        "YAML",
        "kyaml",
        "jsonpath={.data}",
        "jsonpath-as-json={.data.password}",
        "go-template={{.data}}",
        "template={{.data}}",
        "custom-columns=DATA:.data",
        "wide-ish",
    ]);
    let output = (format, 0..6usize).prop_map(|(f, form)| match form {
        0 => vec!["-o".to_owned(), f.to_owned()],
        1 => vec![format!("-o{f}")],
        2 => vec![format!("-o={f}")],
        3 => vec!["--output".to_owned(), f.to_owned()],
        4 => vec![format!("--output={f}")],
        _ => vec![format!("-Ao{f}")],
    });
    prop_oneof![
        4 => output,
        1 => prop::sample::select(vec!["--template={{.data}}", "--template", "--sort-by=.data.password", "--sort_by=.data"])
            .prop_map(|f| if f == "--template" { vec![f.to_owned(), "{{.data.token}}".to_owned()] } else { vec![f.to_owned()] }),
    ]
}

/// Harmless options that may be sprinkled anywhere after the command.
fn harmless_option() -> impl Strategy<Value = Vec<String>> {
    prop::sample::select(vec![
        vec!["-n", "prod"],
        vec!["--namespace=kube-system"],
        vec!["-l", "app=db"],
        vec!["--selector", "tier in (db)"],
        vec!["-A"],
        vec!["-w"],
        vec!["--show-labels"],
        vec!["--context", "staging"],
        vec!["-o", "name"],
        vec!["--output=wide"],
        vec!["--request-timeout=5s"],
        vec!["--chunk-size", "10"],
        vec!["--ignore-not-found"],
    ])
    .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

/// Harmless options that may also come before the command (kubectl's global ones).
fn global_option() -> impl Strategy<Value = Vec<String>> {
    prop::sample::select(vec![
        vec!["-n", "prod"],
        vec!["--context=staging"],
        vec!["--request-timeout", "3s"],
        vec!["-v=2"],
    ])
    .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

/// Assembles `[globals] get TARGET... [options with the exposing one somewhere]`.
fn assemble(
    globals: Vec<Vec<String>>,
    target: Vec<String>,
    mut options: Vec<Vec<String>>,
    exposing: Option<(Vec<String>, usize)>,
) -> Vec<String> {
    if let Some((option, at)) = exposing {
        let at = at % (options.len() + 1);
        options.insert(at, option);
    }
    let mut args: Vec<String> = globals.into_iter().flatten().collect();
    args.push("get".to_owned());
    args.extend(target);
    args.extend(options.into_iter().flatten());
    args
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Whatever the order and form of the flags, an exposing output on anything that may
    /// include a Secret is blocked.
    #[test]
    fn secret_values_are_blocked_in_any_flag_order_or_form(
        globals in prop::collection::vec(global_option(), 0..3),
        target in secret_target(),
        options in prop::collection::vec(harmless_option(), 0..5),
        exposing in exposing_option(),
        at in any::<usize>(),
    ) {
        let args = assemble(globals, target, options, Some((exposing, at)));
        let decision = check(&args);
        prop_assert!(!decision.allowed, "{:?} was allowed", args);
        prop_assert_eq!(decision.rule, SecretValues, "{:?}", args);
    }

    /// The same command lines without the exposing option list Secrets and are allowed: the
    /// property above is about the output, not about Secrets being untouchable.
    #[test]
    fn listing_secrets_is_allowed_in_any_flag_order_or_form(
        globals in prop::collection::vec(global_option(), 0..3),
        target in secret_target(),
        options in prop::collection::vec(harmless_option(), 0..5),
    ) {
        let args = assemble(globals, target, options, None);
        let decision = check(&args);
        prop_assert!(decision.allowed, "{:?} was blocked: {:?}", args, decision);
    }

    /// Any exposing option before the command is still seen (cobra passes it to `get`).
    #[test]
    fn exposing_output_before_the_command_is_blocked(target in secret_target(), exposing in exposing_option()) {
        let mut args = exposing.clone();
        args.push("get".to_owned());
        args.extend(target);
        let decision = check(&args);
        prop_assert!(!decision.allowed, "{:?} was allowed", args);
    }

    /// The policy never panics, and an allowed command never starts with a blocked verb.
    #[test]
    fn arbitrary_arguments_never_panic(args in prop::collection::vec("[-a-zA-Z0-9=/.,_ ]{0,12}", 0..8)) {
        let decision = check(&args);
        if decision.allowed {
            prop_assert!(decision.rule == ReadOnly);
            let inv = parse::parse(&args.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert!(inv.is_ok());
        }
    }

    /// Any argument holding a forbidden character blocks the whole command.
    #[test]
    fn forbidden_characters_block_anywhere(
        args in prop::collection::vec("[a-z]{1,6}", 1..5),
        at in any::<usize>(),
        c in prop::sample::select(vec!['\0', '\n', '\x1b', '\u{7f}', '\u{9b}', '\u{200b}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{e0041}']),
    ) {
        let mut args = args;
        let i = at % args.len();
        args[i].push(c);
        let decision = check(&args);
        prop_assert_eq!(decision.rule, InvalidArgument);
        prop_assert!(!decision.reason.contains(c));
    }
}
