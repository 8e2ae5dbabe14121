//! Typed tool parameters: each kind has one pattern, used both in the JSON Schema clients see
//! (and the MCP layer validates against) and again here before a value reaches kubectl's
//! command line. No pattern admits a leading `-`, so no value can be read as a flag.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::mcp::JsonObject;

/// What a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An object name (DNS subdomain: pods, deployments, nodes...).
    Name,
    /// A namespace (DNS label).
    Namespace,
    /// A resource type: `pods`, `deployments.apps`, `Secret`, `cm`.
    Resource,
    /// `TYPE/NAME`: `deployment/web`.
    TypedName,
    /// A label selector: `app=web,tier!=db`, `env in (a,b)`, `!canary`.
    LabelSelector,
    /// A field selector: `status.phase=Running`.
    FieldSelector,
    /// A kubeconfig context name.
    Context,
    /// A duration such as `10m` (for `--since`).
    Duration,
    /// A verb for `auth can-i`: `get`, `list`, `*`.
    Verb,
    /// An `explain` path: `pods.spec.containers`.
    FieldPath,
    /// An API group: `apps`, `networking.k8s.io` (empty for the core group).
    ApiGroup,
    /// true/false.
    Bool,
    /// An integer in a range.
    Int {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// One of a fixed set of strings.
    Choice(&'static [&'static str]),
}

/// The kinds that are strings checked by a pattern.
pub const STRING_KINDS: [Kind; 11] = [
    Kind::Name,
    Kind::Namespace,
    Kind::Resource,
    Kind::TypedName,
    Kind::LabelSelector,
    Kind::FieldSelector,
    Kind::Context,
    Kind::Duration,
    Kind::Verb,
    Kind::FieldPath,
    Kind::ApiGroup,
];

impl Kind {
    /// The anchored pattern for string kinds.
    fn pattern(self) -> Option<&'static str> {
        Some(match self {
            Kind::Name => r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$",
            Kind::Namespace => r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
            Kind::Resource => r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$",
            Kind::TypedName => r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$",
            Kind::LabelSelector => r"^[A-Za-z0-9!(][A-Za-z0-9 !=,()._/-]{0,1023}$",
            Kind::FieldSelector => r"^[A-Za-z0-9][A-Za-z0-9 !=,._/-]{0,1023}$",
            Kind::Context => r"^[A-Za-z0-9_][A-Za-z0-9_.:@/+-]{0,252}$",
            Kind::Duration => r"^[0-9]{1,6}(s|m|h)$",
            Kind::Verb => r"^([a-z]{1,32}|\*)$",
            Kind::FieldPath => r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$",
            Kind::ApiGroup => r"^([a-z0-9][a-z0-9.-]{0,252})?$",
            Kind::Bool | Kind::Int { .. } | Kind::Choice(_) => return None,
        })
    }

    fn regex(self) -> Option<&'static Regex> {
        static COMPILED: LazyLock<Vec<(Kind, Regex)>> = LazyLock::new(|| {
            STRING_KINDS.into_iter().filter_map(|k| Some((k, Regex::new(k.pattern()?).ok()?))).collect()
        });
        COMPILED.iter().find(|(k, _)| *k == self).map(|(_, r)| r)
    }

    /// The JSON Schema of one value.
    fn schema(self, description: &str) -> Value {
        match self {
            Kind::Bool => json!({"type": "boolean", "description": description}),
            Kind::Int { min, max } => {
                json!({"type": "integer", "minimum": min, "maximum": max, "description": description})
            }
            Kind::Choice(choices) => json!({"type": "string", "enum": choices, "description": description}),
            _ => json!({"type": "string", "pattern": self.pattern(), "description": description}),
        }
    }

    /// Checks one value against the kind.
    fn check(self, value: &Value) -> Result<(), String> {
        match self {
            Kind::Bool => value.as_bool().map(drop).ok_or_else(|| "must be true or false".to_owned()),
            Kind::Int { min, max } => match value.as_i64() {
                Some(n) if (min..=max).contains(&n) => Ok(()),
                _ => Err(format!("must be an integer from {min} to {max}")),
            },
            Kind::Choice(choices) => match value.as_str() {
                Some(s) if choices.contains(&s) => Ok(()),
                _ => Err(format!("must be one of {}", choices.join(", "))),
            },
            _ => match (value.as_str(), self.regex()) {
                (Some(s), Some(re)) if re.is_match(s) => Ok(()),
                _ => Err(format!("must match {}", self.pattern().unwrap_or_default())),
            },
        }
    }
}

/// One parameter of a tool.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Its name in the arguments object.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether the call must give it.
    pub required: bool,
    /// What it means, for the model.
    pub description: &'static str,
}

/// A required parameter.
pub const fn required(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param { name, kind, required: true, description }
}

/// An optional parameter.
pub const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param { name, kind, required: false, description }
}

/// The input schema of a tool with these parameters: an object, no other properties.
pub fn schema(params: &[Param]) -> JsonObject {
    let properties: JsonObject =
        params.iter().map(|p| (p.name.to_owned(), p.kind.schema(p.description))).collect();
    let required: Vec<&str> = params.iter().filter(|p| p.required).map(|p| p.name).collect();
    let mut schema = json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    schema.as_object().cloned().unwrap_or_default()
}

/// Arguments checked against a tool's parameters.
#[derive(Debug)]
pub struct Args<'a> {
    values: &'a JsonObject,
}

impl<'a> Args<'a> {
    /// Checks every argument (unknown names, missing required ones, types and patterns).
    pub fn check(params: &[Param], values: &'a JsonObject) -> Result<Self, String> {
        for name in values.keys() {
            if !params.iter().any(|p| p.name == name) {
                return Err(format!("unknown argument `{name}`"));
            }
        }
        for param in params {
            match values.get(param.name) {
                None | Some(Value::Null) if param.required => {
                    return Err(format!("argument `{}` is required", param.name));
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    param.kind.check(value).map_err(|e| format!("argument `{}` {e}", param.name))?
                }
            }
        }
        Ok(Args { values })
    }

    /// A string argument, if given.
    pub fn str(&self, name: &str) -> Option<&'a str> {
        self.values.get(name).and_then(Value::as_str)
    }

    /// A bool argument; false when absent.
    pub fn flag(&self, name: &str) -> bool {
        self.boolean(name).unwrap_or(false)
    }

    /// A bool argument, if given.
    pub fn boolean(&self, name: &str) -> Option<bool> {
        self.values.get(name).and_then(Value::as_bool)
    }

    /// An integer argument, if given.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(Value::as_i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_refuses_a_leading_dash_and_controls() {
        for kind in STRING_KINDS {
            assert!(kind.regex().is_some(), "{kind:?}");
            for bad in ["-oyaml", "--server=https://evil", "a\nb", "a\u{1b}b", "a\u{202e}"] {
                assert!(kind.check(&json!(bad)).is_err(), "{kind:?} accepted {bad:?}");
            }
        }
    }

    #[test]
    fn realistic_values_pass() {
        let ok = [
            (Kind::Name, "web-7d4b9c-abcde"),
            (Kind::Namespace, "kube-system"),
            (Kind::Resource, "deployments.apps"),
            (Kind::Resource, "Secret"),
            (Kind::TypedName, "deployment/web"),
            (Kind::LabelSelector, "app=web,tier notin (db, cache)"),
            (Kind::LabelSelector, "!canary"),
            (Kind::FieldSelector, "status.phase!=Running"),
            (Kind::Context, "arn:aws:eks:eu-west-1:123456789012:cluster/prod"),
            (Kind::Context, "gke_my-project_europe-west1_prod"),
            (Kind::Duration, "15m"),
            (Kind::Verb, "*"),
            (Kind::FieldPath, "pods.spec.containers"),
            (Kind::ApiGroup, ""),
            (Kind::ApiGroup, "networking.k8s.io"),
        ];
        for (kind, value) in ok {
            assert_eq!(kind.check(&json!(value)), Ok(()), "{kind:?} {value}");
        }
        assert!(Kind::Name.check(&json!("Web")).is_err());
        assert!(Kind::Duration.check(&json!("1d")).is_err());
        assert!(Kind::Int { min: 1, max: 10 }.check(&json!(11)).is_err());
        assert!(Kind::Choice(&["json", "yaml"]).check(&json!("jsonpath")).is_err());
    }

    #[test]
    fn args_refuse_unknown_missing_and_malformed_values() {
        let params = [required("name", Kind::Name, "n"), optional("previous", Kind::Bool, "p")];
        let values = |v: Value| v.as_object().cloned().unwrap();
        let ok = values(json!({"name": "web", "previous": true}));
        let args = Args::check(&params, &ok).unwrap();
        assert_eq!(args.str("name"), Some("web"));
        assert!(args.flag("previous"));
        assert!(Args::check(&params, &values(json!({}))).unwrap_err().contains("`name` is required"));
        assert!(
            Args::check(&params, &values(json!({"name": "web", "x": 1})))
                .unwrap_err()
                .contains("unknown argument `x`")
        );
        assert!(
            Args::check(&params, &values(json!({"name": "-f"}))).unwrap_err().contains("`name` must match")
        );
    }

    #[test]
    fn schemas_are_closed_objects_with_required_names() {
        let s =
            schema(&[required("name", Kind::Name, "n"), optional("tail", Kind::Int { min: 1, max: 5 }, "t")]);
        assert_eq!(s["type"], "object");
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["required"], json!(["name"]));
        assert_eq!(s["properties"]["tail"]["maximum"], 5);
        assert_eq!(s["properties"]["name"]["pattern"], Kind::Name.pattern().unwrap());
    }
}
