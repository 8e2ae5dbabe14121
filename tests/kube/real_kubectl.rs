//! The real kubectl against the test API server: output, leaks, writes, kuberc, plugin mode.

use super::*;

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
        &["explain", "pods.spec.nodeName"],
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

/// Random command lines over a vocabulary of leak-prone and harmless words, in random orders
/// and forms (flags before the command, combined shorthands, repeated outputs, `--`), from a
/// fixed seed: whatever the policy allows, run through the wrapper against the real kubectl,
/// shows no Secret or kubeconfig credential.
#[test]
#[ignore = "needs kubectl"]
fn random_command_lines_the_policy_allows_never_leak() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    fn words(list: &[&[&'static str]]) -> impl Strategy<Value = Vec<&'static str>> + use<> {
        prop::sample::select(list.iter().map(|w| w.to_vec()).collect::<Vec<_>>())
    }
    let globals = words(&[
        &["-n", "default"],
        &["--context", "test"],
        &["-o", "yaml"],
        &["-v=8"],
        &["--context=other"],
    ]);
    let commands = words(&[
        &["get"],
        &["get"],
        &["get"],
        &["describe"],
        &["events"],
        &["config", "view"],
        &["logs"],
        &["wait"],
    ]);
    let targets = words(&[
        &["secret"],
        &["secrets"],
        &["Secret"],
        &["SECRETS"],
        &["secrets.v1"],
        &["secret.v1."],
        &["secret/db-creds"],
        &["secrets/build-token"],
        &["cm,secret"],
        &["pods"],
        &["db-creds"],
        &["build-token"],
        &["all"],
        &["pod/web-7d4b9c-abcde"],
    ]);
    let options = words(&[
        &["-o", "yaml"],
        &["-oyaml"],
        &["-o=json"],
        &["--output", "json"],
        &["-o", "name"],
        &["-o", "wide"],
        &["-o", "jsonpath={.data}"],
        &["-o", "go-template={{.data}}"],
        &["-o", "custom-columns=D:.data"],
        &["--template={{.data.token}}"],
        &["--sort-by=.data.password"],
        &["-A"],
        &["-Aojson"],
        &["-v=3"],
        &["-v=8"],
        &["--raw", "/api/v1/namespaces/default/secrets"],
        &["--raw", "/healthz"],
        &["--show-managed-fields"],
        &["--minify"],
        &["--server-print=false"],
        &["--for=jsonpath={.data.password}=x"],
        &["--timeout=1s"],
        &["--"],
    ]);
    let strategy = (
        prop::collection::vec(globals, 0..2),
        commands,
        prop::collection::vec(targets, 0..3),
        prop::collection::vec(options, 0..4),
        any::<u64>(),
    )
        .prop_map(|(globals, command, targets, options, shuffle)| {
            let mut tail: Vec<Vec<&str>> = targets.into_iter().chain(options).collect();
            let n = tail.len().max(1) as u64;
            tail.rotate_left((shuffle % n) as usize);
            let mut argv: Vec<&str> = globals.into_iter().flatten().collect();
            argv.extend(command);
            argv.extend(tail.into_iter().flatten());
            argv
        });

    let api = KubeApi::start();
    let config = Config { cases: 120, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let allowed = std::cell::Cell::new(0usize);
    let result = runner.run(&strategy, |argv| {
        if !veysi::kube::policy::check(&argv).allowed {
            return Ok(());
        }
        allowed.set(allowed.get() + 1);
        let (_, out, err) = kube_ro(&api, &argv);
        prop_assert_eq!(
            kube_api::leaks(&format!("{out}{err}")),
            None,
            "{:?} leaked:\n{}\n{}",
            argv,
            out,
            err
        );
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    eprintln!("{} of 120 generated command lines were allowed and ran", allowed.get());
    assert!(allowed.get() >= 20, "only {} of the generated command lines were allowed", allowed.get());
}
