//! The 20 read-only tools of `veysi kube-ro serve`. Each turns typed parameters into a kubectl
//! command line (values never in flag position: flags are written `--flag=value`, positional
//! arguments come after `--`), which then goes through the same policy as the CLI.

use super::params::{Args, Kind, Param, optional, required};

/// How a tool's kubectl output becomes its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// kubectl's text (tables, describe, logs), passed on as is.
    Text,
    /// `-o json`, parsed and redacted; shown as JSON, or as YAML when `yaml` is set.
    Json {
        /// Render the redacted document as YAML.
        yaml: bool,
    },
    /// `auth can-i`: "yes" (exit 0) or "no" (exit 1) are both answers, not failures.
    Answer,
}

/// A kubectl command line in parts, so that the caller can add global flags before `--`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The command words: `["get", "pods"]`.
    pub command: Vec<&'static str>,
    /// Flags, each `--name` or `--name=value`.
    pub flags: Vec<String>,
    /// Positional arguments, placed after `--`.
    pub positionals: Vec<String>,
    /// How the output is shaped.
    pub shape: Shape,
}

impl Plan {
    fn new(command: &[&'static str], shape: Shape) -> Self {
        Plan { command: command.to_vec(), flags: Vec::new(), positionals: Vec::new(), shape }
    }

    fn flag(mut self, flag: impl Into<String>) -> Self {
        self.flags.push(flag.into());
        self
    }

    fn flag_if(self, condition: bool, flag: &str) -> Self {
        if condition { self.flag(flag) } else { self }
    }

    fn value(self, flag: &str, value: Option<impl std::fmt::Display>) -> Self {
        match value {
            Some(value) => self.flag(format!("--{flag}={value}")),
            None => self,
        }
    }

    fn arg(mut self, arg: impl Into<String>) -> Self {
        self.positionals.push(arg.into());
        self
    }

    /// The common scope parameters: context, namespace or all namespaces, selectors.
    fn scoped(self, args: &Args<'_>) -> Self {
        self.value("context", args.str("context"))
            .value("namespace", args.str("namespace"))
            .flag_if(args.flag("all_namespaces"), "--all-namespaces")
            .value("selector", args.str("label_selector"))
            .value("field-selector", args.str("field_selector"))
    }

    /// The full argument vector, with `extra` global flags before the positional arguments.
    pub fn argv(&self, extra: &[String]) -> Vec<String> {
        let mut argv: Vec<String> = self.command.iter().map(|s| (*s).to_owned()).collect();
        argv.extend(self.flags.iter().cloned());
        argv.extend(extra.iter().cloned());
        if !self.positionals.is_empty() {
            argv.push("--".to_owned());
            argv.extend(self.positionals.iter().cloned());
        }
        argv
    }
}

/// One tool: its name and description for the model, its parameters, and its command line.
pub struct Tool {
    /// The MCP tool name.
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// Its parameters (checked before `build` runs).
    pub params: &'static [Param],
    /// The kubectl command line for checked arguments.
    pub build: fn(&Args<'_>) -> Plan,
}

const CONTEXT: Param =
    optional("context", Kind::Context, "kubeconfig context to use (default: the current one)");
const NAMESPACE: Param =
    optional("namespace", Kind::Namespace, "namespace (default: the context's namespace)");
const ALL_NAMESPACES: Param = optional("all_namespaces", Kind::Bool, "list across all namespaces");
const LABELS: Param =
    optional("label_selector", Kind::LabelSelector, "label selector, e.g. app=web,tier!=db");
const FIELDS: Param =
    optional("field_selector", Kind::FieldSelector, "field selector, e.g. status.phase=Running");
const NAME: Param = required("name", Kind::Name, "object name");
const JSON_OR_YAML: Param =
    optional("output", Kind::Choice(&["json", "yaml"]), "json (default) or yaml; Secret values are redacted");

/// `get RESOURCE -o wide` in the call's scope.
fn wide_list(args: &Args<'_>, resource: &'static str) -> Plan {
    Plan::new(&["get", resource], Shape::Text).scoped(args).flag("--output=wide")
}

/// `describe RESOURCE NAME` in the call's scope.
fn describe(args: &Args<'_>, resource: &str) -> Plan {
    Plan::new(&["describe"], Shape::Text).scoped(args).arg(resource).arg(args.str("name").unwrap_or_default())
}

fn json_or_yaml(args: &Args<'_>) -> Shape {
    Shape::Json { yaml: args.str("output") == Some("yaml") }
}

/// Every tool, in the order `tools/list` shows them.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "list_namespaces",
        description: "List namespaces with their status and age (kubectl get namespaces).",
        params: &[CONTEXT],
        build: |a| Plan::new(&["get", "namespaces"], Shape::Text).scoped(a),
    },
    Tool {
        name: "list_pods",
        description: "List pods with readiness, status, restarts, age, IP and node (kubectl get pods -o wide).",
        params: &[CONTEXT, NAMESPACE, ALL_NAMESPACES, LABELS, FIELDS],
        build: |a| wide_list(a, "pods"),
    },
    Tool {
        name: "get_pod",
        description: "One pod as a full object (kubectl get pod NAME -o json), as JSON or YAML.",
        params: &[CONTEXT, NAMESPACE, NAME, JSON_OR_YAML],
        build: |a| {
            Plan::new(&["get"], json_or_yaml(a))
                .scoped(a)
                .flag("--output=json")
                .arg("pod")
                .arg(a.str("name").unwrap_or_default())
        },
    },
    Tool {
        name: "describe_pod",
        description: "Describe a pod: containers, state, conditions, volumes and recent events (kubectl describe pod).",
        params: &[CONTEXT, NAMESPACE, NAME],
        build: |a| describe(a, "pod"),
    },
    Tool {
        name: "get_pod_logs",
        description: "The last lines of a pod's logs (never follows). Use previous=true for the crashed container's logs.",
        params: &[
            CONTEXT,
            NAMESPACE,
            NAME,
            optional("container", Kind::Name, "container name (default: the only or default container)"),
            optional("tail_lines", Kind::Int { min: 1, max: 5000 }, "lines from the end (default 200)"),
            optional("since", Kind::Duration, "only lines newer than this, e.g. 10m or 2h"),
            optional("previous", Kind::Bool, "logs of the previous, terminated container instance"),
            optional("timestamps", Kind::Bool, "prefix each line with its timestamp"),
        ],
        build: |a| {
            Plan::new(&["logs"], Shape::Text)
                .scoped(a)
                .value("tail", Some(a.int("tail_lines").unwrap_or(200)))
                .value("container", a.str("container"))
                .value("since", a.str("since"))
                .flag_if(a.flag("previous"), "--previous")
                .flag_if(a.flag("timestamps"), "--timestamps")
                .arg(a.str("name").unwrap_or_default())
        },
    },
    Tool {
        name: "list_deployments",
        description: "List deployments with ready, up-to-date and available replicas (kubectl get deployments -o wide).",
        params: &[CONTEXT, NAMESPACE, ALL_NAMESPACES, LABELS],
        build: |a| wide_list(a, "deployments"),
    },
    Tool {
        name: "describe_deployment",
        description: "Describe a deployment: strategy, replicas, pod template, conditions and events.",
        params: &[CONTEXT, NAMESPACE, NAME],
        build: |a| describe(a, "deployment"),
    },
    Tool {
        name: "list_services",
        description: "List services with type, cluster IP, external IP and ports (kubectl get services -o wide).",
        params: &[CONTEXT, NAMESPACE, ALL_NAMESPACES, LABELS],
        build: |a| wide_list(a, "services"),
    },
    Tool {
        name: "list_nodes",
        description: "List nodes with status, roles, age, version and addresses (kubectl get nodes -o wide).",
        params: &[CONTEXT, LABELS],
        build: |a| wide_list(a, "nodes"),
    },
    Tool {
        name: "describe_node",
        description: "Describe a node: conditions, capacity, allocated resources, pods and events.",
        params: &[CONTEXT, NAME],
        build: |a| describe(a, "node"),
    },
    Tool {
        name: "get_events",
        description: "Recent events, oldest first; optionally only warnings, or only those about one object.",
        params: &[
            CONTEXT,
            NAMESPACE,
            ALL_NAMESPACES,
            optional(
                "for",
                Kind::TypedName,
                "only events about this object, e.g. pod/web-1 or deployment/web",
            ),
            optional("types", Kind::Choice(&["Normal", "Warning"]), "only events of this type"),
        ],
        build: |a| {
            Plan::new(&["events"], Shape::Text)
                .scoped(a)
                .value("for", a.str("for"))
                .value("types", a.str("types"))
        },
    },
    Tool {
        name: "top_pods",
        description: "CPU and memory use of pods (needs metrics-server).",
        params: &[
            CONTEXT,
            NAMESPACE,
            ALL_NAMESPACES,
            LABELS,
            optional("containers", Kind::Bool, "per container"),
        ],
        build: |a| {
            Plan::new(&["top", "pod"], Shape::Text).scoped(a).flag_if(a.flag("containers"), "--containers")
        },
    },
    Tool {
        name: "top_nodes",
        description: "CPU and memory use of nodes (needs metrics-server).",
        params: &[CONTEXT, LABELS],
        build: |a| Plan::new(&["top", "node"], Shape::Text).scoped(a),
    },
    Tool {
        name: "list_secrets",
        description: "List Secrets by name, type, number of keys and age. Values are never shown.",
        params: &[CONTEXT, NAMESPACE, ALL_NAMESPACES, LABELS],
        build: |a| Plan::new(&["get", "secrets"], Shape::Text).scoped(a),
    },
    Tool {
        name: "rollout_status",
        description: "Whether a rollout has finished, right now (does not wait).",
        params: &[
            CONTEXT,
            NAMESPACE,
            required("kind", Kind::Choice(&["deployment", "daemonset", "statefulset"]), "workload kind"),
            NAME,
        ],
        build: |a| {
            let target =
                format!("{}/{}", a.str("kind").unwrap_or_default(), a.str("name").unwrap_or_default());
            Plan::new(&["rollout", "status"], Shape::Text).scoped(a).flag("--watch=false").arg(target)
        },
    },
    Tool {
        name: "get_resource",
        description: "Any resource type, one object or a list: JSON (default) or YAML with Secret values redacted, \
                      or the wide table, or names only.",
        params: &[
            CONTEXT,
            NAMESPACE,
            ALL_NAMESPACES,
            LABELS,
            FIELDS,
            required(
                "resource",
                Kind::Resource,
                "resource type: pods, deployments.apps, configmaps, secrets...",
            ),
            optional("name", Kind::Name, "one object's name (default: list them)"),
            optional(
                "output",
                Kind::Choice(&["json", "yaml", "wide", "name"]),
                "json (default), yaml, wide or name",
            ),
        ],
        build: |a| {
            let (output, shape) = match a.str("output") {
                Some(table @ ("wide" | "name")) => (table, Shape::Text),
                other => ("json", Shape::Json { yaml: other == Some("yaml") }),
            };
            let plan = Plan::new(&["get"], shape)
                .scoped(a)
                .flag(format!("--output={output}"))
                .arg(a.str("resource").unwrap_or_default());
            match a.str("name") {
                Some(name) => plan.arg(name),
                None => plan,
            }
        },
    },
    Tool {
        name: "describe_resource",
        description: "Describe one object of any type (not Secrets: describe prints service-account tokens).",
        params: &[CONTEXT, NAMESPACE, required("resource", Kind::Resource, "resource type"), NAME],
        build: |a| describe(a, a.str("resource").unwrap_or_default()),
    },
    Tool {
        name: "api_resources",
        description: "The resource types the cluster serves, with short names, API group, kind and verbs.",
        params: &[
            CONTEXT,
            optional("api_group", Kind::ApiGroup, "only this API group (empty: the core group)"),
            optional("namespaced", Kind::Bool, "only namespaced (true) or cluster-scoped (false) types"),
        ],
        build: |a| {
            Plan::new(&["api-resources"], Shape::Text)
                .scoped(a)
                .flag("--output=wide")
                .value("api-group", a.str("api_group"))
                .value("namespaced", a.boolean("namespaced"))
        },
    },
    Tool {
        name: "explain",
        description: "Documentation of a resource type or field, e.g. pods.spec.containers.",
        params: &[
            CONTEXT,
            required("field_path", Kind::FieldPath, "type or field path: deployments, pods.spec.containers"),
            optional("recursive", Kind::Bool, "all nested fields, names only"),
        ],
        build: |a| {
            Plan::new(&["explain"], Shape::Text)
                .scoped(a)
                .flag_if(a.flag("recursive"), "--recursive")
                .arg(a.str("field_path").unwrap_or_default())
        },
    },
    Tool {
        name: "auth_can_i",
        description: "Whether the current identity may do something: answers yes or no.",
        params: &[
            CONTEXT,
            NAMESPACE,
            ALL_NAMESPACES,
            required("verb", Kind::Verb, "get, list, watch, create, update, patch, delete, or *"),
            required("resource", Kind::Resource, "resource type, e.g. pods or deployments.apps"),
            optional("name", Kind::Name, "one object's name"),
            optional(
                "subresource",
                Kind::Choice(&[
                    "log",
                    "status",
                    "scale",
                    "exec",
                    "portforward",
                    "proxy",
                    "attach",
                    "eviction",
                    "binding",
                    "token",
                    "ephemeralcontainers",
                    "resize",
                ]),
                "a subresource",
            ),
        ],
        build: |a| {
            let resource = match a.str("name") {
                Some(name) => format!("{}/{name}", a.str("resource").unwrap_or_default()),
                None => a.str("resource").unwrap_or_default().to_owned(),
            };
            Plan::new(&["auth", "can-i"], Shape::Answer)
                .scoped(a)
                .value("subresource", a.str("subresource"))
                .arg(a.str("verb").unwrap_or_default())
                .arg(resource)
        },
    },
];

/// The tool with this name.
pub fn find(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}
