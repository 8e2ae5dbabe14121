//! Structural redaction of kubectl's JSON output: values are replaced by `[REDACTED]`, keys
//! are kept, so the shape stays readable.

use serde_json::Value;

/// What replaces a redacted value.
pub const REDACTED: &str = "[REDACTED]";

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
