//! Structural redaction of kubectl's JSON output: values are replaced by `[REDACTED]`, keys
//! are kept, so the shape stays readable.

use serde_json::{Map, Value};

/// What replaces a redacted value.
pub const REDACTED: &str = "[REDACTED]";

/// The annotation `kubectl apply` leaves on objects: the whole manifest, Secret data included.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Redacts every Secret anywhere in a kubectl JSON document — a single object, a `List` or
/// `SecretList` (whose items may carry no `kind`), the objects in Table rows, watch events —
/// and returns how many Secrets it found. In each, every value under `data` and `stringData`
/// becomes `[REDACTED]` (keys kept), and the last-applied-configuration annotation and
/// `managedFields` are dropped (both can carry the data).
pub fn secrets(document: &mut Value) -> usize {
    walk(document, false)
}

fn walk(value: &mut Value, known_secret: bool) -> usize {
    match value {
        Value::Object(object) => {
            if known_secret || looks_like_secret(object) {
                redact_secret(object);
                return 1;
            }
            let items_are_secrets = object.get("kind").and_then(Value::as_str) == Some("SecretList");
            object.iter_mut().map(|(key, child)| walk(child, items_are_secrets && key == "items")).sum()
        }
        Value::Array(items) => items.iter_mut().map(|item| walk(item, known_secret)).sum(),
        _ => 0,
    }
}

/// `kind: Secret`, or no kind at all with a Secret's shape: a `type` string and a `data` or
/// `stringData` map (a ConfigMap has no `type`). Erring towards redaction is the point.
fn looks_like_secret(object: &Map<String, Value>) -> bool {
    match object.get("kind").and_then(Value::as_str) {
        Some(kind) => kind == "Secret",
        None => {
            object.get("type").is_some_and(Value::is_string)
                && ["data", "stringData"].iter().any(|k| object.get(*k).is_some_and(Value::is_object))
        }
    }
}

fn redact_secret(secret: &mut Map<String, Value>) {
    for key in ["data", "stringData"] {
        match secret.get_mut(key) {
            Some(Value::Object(data)) => data.values_mut().for_each(|v| *v = Value::from(REDACTED)),
            Some(other) if !other.is_null() => *other = Value::from(REDACTED),
            _ => {}
        }
    }
    if let Some(Value::Object(metadata)) = secret.get_mut("metadata") {
        metadata.remove("managedFields");
        if let Some(Value::Object(annotations)) = metadata.get_mut("annotations") {
            annotations.remove(LAST_APPLIED);
        }
    }
}

/// auth-provider settings that name things rather than prove identity; every other key's value
/// (tokens, refresh tokens, client secrets, and any key added later) is redacted.
const AUTH_PROVIDER_PUBLIC_KEYS: &[&str] = &[
    "client-id",
    "idp-issuer-url",
    "cmd-path",
    "expiry-key",
    "token-key",
    "scopes",
    "tenant-id",
    "apiserver-id",
    "environment",
    "config-mode",
];

/// Credentials under `users[].user` that kubectl already hides in `config view` (without
/// `--raw`); redacted again in case it ever stops.
const USER_SECRETS: &[&str] = &["token", "password", "client-key-data", "client-certificate-data"];

/// Redacts a kubeconfig (`kubectl config view -o json`) where kubectl's own redaction stops
/// short: auth-provider configuration (OIDC id and refresh tokens, client secrets), exec
/// credential plugin arguments and environment values, user credentials, extension payloads,
/// and user:password in proxy URLs.
pub fn kubeconfig(config: &mut Value) {
    for user in items(config, "users") {
        let Some(user) = user.get_mut("user") else { continue };
        for key in USER_SECRETS {
            redact_field(user, key);
        }
        if let Some(Value::Object(settings)) = user.pointer_mut("/auth-provider/config") {
            for (key, value) in settings.iter_mut() {
                if !AUTH_PROVIDER_PUBLIC_KEYS.contains(&key.as_str()) {
                    *value = Value::from(REDACTED);
                }
            }
        }
        if let Some(exec) = user.get_mut("exec") {
            if let Some(Value::Array(args)) = exec.get_mut("args") {
                args.iter_mut().for_each(|arg| *arg = Value::from(REDACTED));
            }
            for var in items(exec, "env") {
                redact_field(var, "value");
            }
        }
    }
    for cluster in items(config, "clusters") {
        if let Some(proxy) = cluster.pointer_mut("/cluster/proxy-url")
            && proxy.as_str().is_some_and(|url| url.contains('@'))
        {
            *proxy = Value::from(REDACTED);
        }
    }
    redact_extensions(config);
}

/// The elements of the array at `key`, or nothing.
fn items<'v>(value: &'v mut Value, key: &str) -> impl Iterator<Item = &'v mut Value> {
    value.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten()
}

/// kubectl's own placeholders, kept as they are.
const KUBECTL_PLACEHOLDERS: [&str; 3] = ["", "REDACTED", "DATA+OMITTED"];

fn redact_field(object: &mut Value, key: &str) {
    if let Some(value) = object.get_mut(key)
        && !value.is_null()
        && !value.as_str().is_some_and(|s| KUBECTL_PLACEHOLDERS.contains(&s))
    {
        *value = Value::from(REDACTED);
    }
}

/// `extensions: [{name, extension: {...}}]` may appear at any level; the payloads are opaque.
fn redact_extensions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "extensions" {
                    for ext in child.as_array_mut().into_iter().flatten() {
                        redact_field(ext, "extension");
                    }
                } else {
                    redact_extensions(child);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(redact_extensions),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn secret(with_kind: bool) -> Value {
        let mut s = json!({
            "apiVersion": "v1",
            "metadata": {"name": "db", "namespace": "default",
                         "annotations": {LAST_APPLIED: "{\"stringData\":{\"password\":\"hunter2\"}}", "team": "db"},
                         "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:data": {"f:password": {}}}}]},
            "type": "Opaque",
            "data": {"password": "aHVudGVyMg==", "user": "YWRtaW4="},
            "stringData": {"token": "plain"}
        });
        if with_kind {
            s["kind"] = json!("Secret");
        }
        s
    }

    fn assert_redacted(s: &Value) {
        assert_eq!(s["data"], json!({"password": REDACTED, "user": REDACTED}), "{s}");
        assert_eq!(s["stringData"], json!({"token": REDACTED}));
        assert_eq!(s["metadata"]["annotations"], json!({"team": "db"}));
        assert!(s["metadata"].get("managedFields").is_none());
        assert_eq!(s["metadata"]["name"], "db");
        assert_eq!(s["type"], "Opaque");
        let text = s.to_string();
        for leaked in ["aHVudGVyMg", "YWRtaW4", "hunter2", "plain", "f:password"] {
            assert!(!text.contains(leaked), "{leaked} in {text}");
        }
    }

    #[test]
    fn a_single_secret() {
        let mut doc = secret(true);
        assert_eq!(secrets(&mut doc), 1);
        assert_redacted(&doc);
    }

    #[test]
    fn lists_of_every_shape() {
        // kubectl -o json: kind List, items with kinds, mixed with other objects.
        let configmap = json!({"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"LOG": "info"}});
        let mut doc = json!({"kind": "List", "items": [secret(true), configmap.clone(), secret(true)]});
        assert_eq!(secrets(&mut doc), 2);
        assert_redacted(&doc["items"][0]);
        assert_redacted(&doc["items"][2]);
        assert_eq!(doc["items"][1], configmap);
        // The API's SecretList: items carry no kind.
        let mut doc =
            json!({"kind": "SecretList", "apiVersion": "v1", "items": [secret(false), secret(false)]});
        assert_eq!(secrets(&mut doc), 2);
        assert_redacted(&doc["items"][1]);
        // A kind-less object shaped like a Secret, anywhere.
        let mut doc = json!({"whatever": {"nested": [secret(false)]}});
        assert_eq!(secrets(&mut doc), 1);
        assert_redacted(&doc["whatever"]["nested"][0]);
    }

    #[test]
    fn tables_with_objects_and_watch_events() {
        let mut doc = json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "columnDefinitions": [{"name": "Name", "type": "string"}],
            "rows": [{"cells": ["db"], "object": secret(true)},
                     {"cells": ["x"], "object": {"kind": "PartialObjectMetadata", "metadata": {"name": "x"}}}]});
        assert_eq!(secrets(&mut doc), 1);
        assert_redacted(&doc["rows"][0]["object"]);
        let mut doc = json!({"type": "ADDED", "object": secret(true)});
        assert_eq!(secrets(&mut doc), 1);
        assert_redacted(&doc["object"]);
    }

    #[test]
    fn other_objects_are_untouched() {
        let original = json!({"kind": "List", "items": [
            {"kind": "ConfigMap", "data": {"a": "b"}},
            {"kind": "Event", "type": "Warning", "message": "x"},
            {"kind": "Pod", "spec": {"containers": [{"env": [{"name": "A", "value": "b"}]}]}}
        ]});
        let mut doc = original.clone();
        assert_eq!(secrets(&mut doc), 0);
        assert_eq!(doc, original);
    }

    proptest::proptest! {
        /// However deep a Secret (with or without a kind) sits in lists, tables or other
        /// wrappers, none of its data survives.
        #[test]
        fn nested_secrets_never_survive(
            wrappers in proptest::collection::vec(0..4u8, 0..6),
            with_kind in proptest::bool::ANY,
            siblings in 0..3usize,
        ) {
            let mut doc = secret(with_kind);
            for wrapper in wrappers {
                doc = match wrapper {
                    0 => json!({"kind": "List", "items": [doc]}),
                    1 => json!({"kind": "Table", "rows": [{"cells": [], "object": doc}]}),
                    2 => json!({"type": "MODIFIED", "object": doc}),
                    _ => json!([doc]),
                };
            }
            let mut doc = json!({"items": [doc], "extra": vec![json!({"kind": "ConfigMap", "data": {"k": "v"}}); siblings]});
            proptest::prop_assert_eq!(secrets(&mut doc), 1);
            let text = doc.to_string();
            for leaked in ["aHVudGVyMg", "YWRtaW4", "hunter2", "plain"] {
                proptest::prop_assert!(!text.contains(leaked), "{} in {}", leaked, text);
            }
        }
    }

    #[test]
    fn odd_data_values_are_replaced_whole() {
        let mut doc = json!({"kind": "Secret", "data": "not-a-map", "stringData": null});
        secrets(&mut doc);
        assert_eq!(doc["data"], REDACTED);
        assert_eq!(doc["stringData"], Value::Null);
    }

    #[test]
    fn kubeconfig_credentials_kubectl_leaves_in_clear_are_redacted() {
        let mut config = json!({
            "kind": "Config",
            "clusters": [
                {"name": "c1", "cluster": {"server": "https://k8s", "proxy-url": "http://bob:pw@proxy:3128"}},
                {"name": "c2", "cluster": {"server": "https://k8s2", "proxy-url": "http://proxy:3128"}}
            ],
            "users": [
                {"name": "u1", "user": {"token": "REDACTED", "client-key-data": "DATA+OMITTED", "password": "pw0"}},
                {"name": "u2", "user": {"auth-provider": {"name": "oidc", "config": {
                    "client-id": "cid", "client-secret": "S3CRET", "id-token": "eyJ", "refresh-token": "r1",
                    "idp-issuer-url": "https://idp", "some-new-key": "x"}}}},
                {"name": "u3", "user": {"exec": {"command": "/bin/auth", "args": ["--password=pw"],
                    "env": [{"name": "PASS", "value": "pw"}]}, "username": "bob"}}
            ],
            "preferences": {"extensions": [{"name": "e", "extension": {"secret": "x"}}]}
        });
        kubeconfig(&mut config);
        let text = config.to_string();
        for leaked in [
            "S3CRET",
            "eyJ",
            "\"r1\"",
            "--password=pw",
            "\"pw\"",
            "bob:pw",
            "\"secret\":\"x\"",
            "some-new-key\":\"x",
        ] {
            assert!(!text.contains(leaked), "{leaked} leaked: {text}");
        }
        assert_eq!(config["users"][1]["user"]["auth-provider"]["config"]["client-id"], "cid");
        assert_eq!(config["users"][1]["user"]["auth-provider"]["config"]["client-secret"], REDACTED);
        assert_eq!(config["users"][2]["user"]["exec"]["env"][0]["name"], "PASS");
        assert_eq!(config["users"][2]["user"]["exec"]["command"], "/bin/auth");
        assert_eq!(config["users"][2]["user"]["username"], "bob");
        assert_eq!(config["users"][0]["user"]["token"], "REDACTED");
        assert_eq!(config["users"][0]["user"]["client-key-data"], "DATA+OMITTED");
        assert_eq!(config["users"][0]["user"]["password"], REDACTED);
        assert_eq!(config["clusters"][1]["cluster"]["proxy-url"], "http://proxy:3128");
        assert_eq!(config["clusters"][0]["cluster"]["server"], "https://k8s");
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        for mut value in [json!(null), json!([]), json!({"users": 3}), json!({"users": [1, {"user": "x"}]})] {
            kubeconfig(&mut value);
        }
    }
}
