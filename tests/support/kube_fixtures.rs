//! The objects the test API server serves: namespaces, pods (and their logs), deployments,
//! events, Secrets (an Opaque one with a last-applied annotation, a service-account token),
//! configmaps, services, nodes, metrics, and a slice of the core OpenAPI v3 document.

use serde_json::{Value, json};

use super::{SA_TOKEN, SECRET_PASSWORD, SECRET_PASSWORD_B64};

const CREATED: &str = "2025-01-01T00:00:00Z";

fn meta(name: &str, namespace: Option<&str>) -> Value {
    let mut m = json!({"name": name, "uid": format!("uid-{name}"), "resourceVersion": "1", "creationTimestamp": CREATED});
    if let Some(ns) = namespace {
        m["namespace"] = json!(ns);
    }
    m
}

fn pod(name: &str, namespace: &str, app: &str, ip: &str) -> Value {
    let mut m = meta(name, Some(namespace));
    m["labels"] = json!({"app": app});
    json!({"kind": "Pod", "apiVersion": "v1", "metadata": m,
           "spec": {"nodeName": "node-1", "containers": [{"name": "app", "image": format!("{app}:1.0"),
                    "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db-creds", "key": "password"}}}]}]},
           "status": {"phase": "Running", "podIP": ip, "startTime": CREATED,
                      "conditions": [{"type": "Ready", "status": "True"}],
                      "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "image": format!("{app}:1.0"),
                                             "imageID": "", "state": {"running": {"startedAt": CREATED}}}]}})
}

fn deployment(name: &str, namespace: &str) -> Value {
    json!({"kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta(name, Some(namespace)),
           "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "app", "image": format!("{name}:1.0")}]}}},
           "status": {"replicas": 2, "readyReplicas": 2, "updatedReplicas": 2, "availableReplicas": 2, "observedGeneration": 1,
                      "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "message": "ok"}]}})
}

fn event(
    name: &str,
    namespace: &str,
    kind: &str,
    object: &str,
    reason: &str,
    message: &str,
    type_: &str,
) -> Value {
    json!({"kind": "Event", "apiVersion": "v1", "metadata": meta(name, Some(namespace)),
           "involvedObject": {"kind": kind, "name": object, "namespace": namespace},
           "reason": reason, "message": message, "type": type_, "count": 1,
           "firstTimestamp": CREATED, "lastTimestamp": CREATED, "source": {"component": "kubelet"}})
}

fn secrets() -> Vec<Value> {
    let last_applied = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db-creds", "namespace": "default"},
                              "stringData": {"password": SECRET_PASSWORD}})
    .to_string();
    let mut db = meta("db-creds", Some("default"));
    db["annotations"] = json!({"kubectl.kubernetes.io/last-applied-configuration": last_applied});
    db["managedFields"] = json!([{"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
                                  "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:password": {}}}}]);
    let mut token = meta("build-token", Some("default"));
    token["annotations"] = json!({"kubernetes.io/service-account.name": "build"});
    let sa_token_b64 = base64(SA_TOKEN);
    vec![
        json!({"kind": "Secret", "apiVersion": "v1", "metadata": db, "type": "Opaque",
               "data": {"password": SECRET_PASSWORD_B64, "username": "YWRtaW4="}}),
        json!({"kind": "Secret", "apiVersion": "v1", "metadata": token, "type": "kubernetes.io/service-account-token",
               "data": {"token": sa_token_b64, "ca.crt": "Q0EtQ0VSVA==", "namespace": "ZGVmYXVsdA=="}}),
    ]
}

fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn objects(resource: &str) -> Vec<Value> {
    match resource {
        "namespaces" => ["default", "kube-system", "web"]
            .iter()
            .map(|n| json!({"kind": "Namespace", "apiVersion": "v1", "metadata": meta(n, None), "status": {"phase": "Active"}}))
            .collect(),
        "pods" => vec![
            pod("web-7d4b9c-abcde", "default", "web", "10.0.0.11"),
            pod("web-7d4b9c-fghij", "default", "web", "10.0.0.12"),
            pod("coredns-5d78c9-xyz12", "kube-system", "coredns", "10.0.0.2"),
        ],
        "deployments" => vec![deployment("web", "default"), deployment("coredns", "kube-system")],
        "events" => vec![
            event("web.1", "default", "Pod", "web-7d4b9c-abcde", "Pulled", "Container image \"web:1.0\" already present", "Normal"),
            event("web.2", "default", "Pod", "web-7d4b9c-fghij", "BackOff", "Back-off restarting failed container", "Warning"),
        ],
        "secrets" => secrets(),
        "configmaps" => vec![json!({"kind": "ConfigMap", "apiVersion": "v1", "metadata": meta("settings", Some("default")),
                                    "data": {"LOG_LEVEL": "info"}})],
        "services" => vec![json!({"kind": "Service", "apiVersion": "v1", "metadata": meta("web", Some("default")),
                                  "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "ports": [{"port": 80, "protocol": "TCP"}]}})],
        "serviceaccounts" => vec![json!({"kind": "ServiceAccount", "apiVersion": "v1", "metadata": meta("build", Some("default"))})],
        "nodes" => vec![json!({"kind": "Node", "apiVersion": "v1", "metadata": {"name": "node-1", "uid": "uid-node-1", "resourceVersion": "1",
                               "creationTimestamp": CREATED, "labels": {"node-role.kubernetes.io/control-plane": ""}},
                               "status": {"conditions": [{"type": "Ready", "status": "True"}],
                                          "nodeInfo": {"kubeletVersion": "v1.33.0"},
                                          "capacity": {"cpu": "4", "memory": "8Gi"}, "allocatable": {"cpu": "4", "memory": "8Gi"}}})],
        _ => Vec::new(),
    }
}

pub fn metrics(resource: &str) -> Vec<Value> {
    let now = CREATED;
    match resource {
        "pods" => objects("pods")
            .iter()
            .map(|p| {
                json!({"kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": p["metadata"].clone(),
                       "timestamp": now, "window": "30s",
                       "containers": [{"name": "app", "usage": {"cpu": "5m", "memory": "20Mi"}}]})
            })
            .collect(),
        "nodes" => vec![json!({"kind": "NodeMetrics", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {"name": "node-1"},
                               "timestamp": now, "window": "30s", "usage": {"cpu": "250m", "memory": "2Gi"}})],
        _ => Vec::new(),
    }
}

/// A pod's log, cut to `tailLines` like the kubelet does.
pub fn log_tail(pod: &str, query: &str) -> String {
    let lines = [format!("starting {pod}"), "listening on :8080".to_owned(), "GET /healthz 200".to_owned()];
    let tail =
        query.split('&').find_map(|p| p.strip_prefix("tailLines=")).and_then(|n| n.parse::<usize>().ok());
    let skip = tail.map_or(0, |n| lines.len().saturating_sub(n));
    lines[skip..].iter().map(|l| format!("{l}\n")).collect()
}

/// A slice of the core group's OpenAPI v3 document: enough for `kubectl explain pods.spec`.
pub fn core_openapi() -> Value {
    let text = |description: &str| json!({"type": "string", "description": description});
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.33.0"},
        "paths": {"/api/v1/namespaces/{namespace}/pods/{name}": {"get": {
            "x-kubernetes-action": "get",
            "x-kubernetes-group-version-kind": {"group": "", "kind": "Pod", "version": "v1"},
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/io.k8s.api.core.v1.Pod"}}}}}
        }}},
        "components": {"schemas": {
            "io.k8s.api.core.v1.Pod": {
                "type": "object",
                "description": "Pod is a collection of containers that can run on a host.",
                "properties": {
                    "apiVersion": text("APIVersion defines the versioned schema of this representation of an object."),
                    "kind": text("Kind is a string value representing the REST resource this object represents."),
                    "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}], "default": {},
                             "description": "Specification of the desired behavior of the pod."}
                },
                "x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}]
            },
            "io.k8s.api.core.v1.PodSpec": {
                "type": "object",
                "description": "PodSpec is a description of a pod.",
                "properties": {"nodeName": text("NodeName indicates in which node this pod is scheduled.")}
            }
        }}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_values() {
        assert_eq!(base64("hunter2-s3cr3t"), SECRET_PASSWORD_B64);
        assert_eq!(base64("admin"), "YWRtaW4=");
        assert_eq!(base64("ab"), "YWI=");
    }
}
