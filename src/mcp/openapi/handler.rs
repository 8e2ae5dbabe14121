//! The MCP side of `mcp openapi`: one tool per operation ([`OperationHandler`]), or three
//! meta-tools that search, describe and call operations ([`DynamicHandler`], for APIs too
//! big for a client's context).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::call::Executor;
use super::tools::OperationTool;
use crate::mcp::{
    Annotations, JsonObject, ServerIdentity, ToolHandler, ToolOutput, ToolServer, ToolSetError, ToolSpec,
};

/// Calls operations by tool name.
pub struct OperationHandler {
    tools: Arc<Vec<OperationTool>>,
    by_name: HashMap<String, usize>,
    executor: Executor,
}

impl OperationHandler {
    /// A handler for `tools`, calling through `executor`.
    pub fn new(tools: Arc<Vec<OperationTool>>, executor: Executor) -> Self {
        let by_name = tools.iter().enumerate().map(|(i, t)| (t.spec.name.clone(), i)).collect();
        Self { tools, by_name, executor }
    }
}

impl ToolHandler for OperationHandler {
    async fn call(&self, name: &str, arguments: JsonObject) -> ToolOutput {
        match self.by_name.get(name) {
            Some(&i) => self.executor.call(&self.tools[i], arguments).await,
            None => ToolOutput::error(format!("unknown operation `{name}`")),
        }
    }
}

/// A server with one tool per operation.
pub fn static_server(
    identity: ServerIdentity,
    tools: Arc<Vec<OperationTool>>,
    executor: Executor,
) -> Result<ToolServer<OperationHandler>, ToolSetError> {
    let specs = tools.iter().map(|t| t.spec.clone()).collect();
    ToolServer::new(identity, specs, OperationHandler::new(tools, executor))
}

/// The three meta-tools of `--tools dynamic`.
pub struct DynamicHandler {
    operations: ToolServer<OperationHandler>,
    tools: Arc<Vec<OperationTool>>,
}

/// Meta-tool names.
pub const SEARCH: &str = "search_operations";
/// See [`SEARCH`].
pub const DESCRIBE: &str = "describe_operation";
/// See [`SEARCH`].
pub const CALL: &str = "call_operation";

/// A server with the three meta-tools in front of every operation.
pub fn dynamic_server(
    identity: ServerIdentity,
    tools: Arc<Vec<OperationTool>>,
    executor: Executor,
) -> Result<ToolServer<DynamicHandler>, ToolSetError> {
    let operations = static_server(identity.clone(), Arc::clone(&tools), executor)?;
    ToolServer::new(identity, meta_tools(), DynamicHandler { operations, tools })
}

fn object(v: Value) -> JsonObject {
    match v {
        Value::Object(m) => m,
        _ => JsonObject::new(),
    }
}

/// The meta-tools' specs.
pub fn meta_tools() -> Vec<ToolSpec> {
    let search = ToolSpec::new(
        SEARCH,
        "Search the API's operations by words in their name, path, summary or tags. Returns names to pass to \
         describe_operation and call_operation.",
        object(json!({"type": "object", "properties": {
            "query": {"type": "string", "description": "Words to look for (all must match); empty lists everything."},
            "tag": {"type": "string", "description": "Only operations with this tag."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 25}
        }, "additionalProperties": false})),
    )
    .with_annotations(Annotations { open_world: false, ..Annotations::read_only() });
    let describe = ToolSpec::new(
        DESCRIBE,
        "Describe one operation: what it does, its method and path, and the JSON Schema of its arguments.",
        object(json!({"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false})),
    )
    .with_annotations(Annotations { open_world: false, ..Annotations::read_only() });
    let call = ToolSpec::new(
        CALL,
        "Call one operation with arguments matching the schema describe_operation returned.",
        object(json!({"type": "object", "properties": {
            "name": {"type": "string"},
            "arguments": {"type": "object", "default": {}}
        }, "required": ["name"], "additionalProperties": false})),
    );
    vec![search, describe, call]
}

impl ToolHandler for DynamicHandler {
    async fn call(&self, name: &str, arguments: JsonObject) -> ToolOutput {
        let text = |key: &str| arguments.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        match name {
            SEARCH => {
                let limit = arguments.get("limit").and_then(Value::as_u64).unwrap_or(25) as usize;
                ToolOutput::json(
                    json!({ "operations": search(&self.tools, &text("query"), &text("tag"), limit) }),
                )
            }
            DESCRIBE => match self.tools.iter().find(|t| t.spec.name == text("name")) {
                Some(t) => ToolOutput::json(json!({
                    "name": t.spec.name, "method": t.method, "path": t.path, "description": t.spec.description,
                    "input_schema": Value::Object((*t.spec.input_schema).clone()),
                    "annotations": t.spec.annotations,
                })),
                None => ToolOutput::error(format!(
                    "no operation named `{}`; use {SEARCH} to find names",
                    text("name")
                )),
            },
            CALL => {
                let args = arguments.get("arguments").and_then(Value::as_object).cloned().unwrap_or_default();
                match self.operations.call(&text("name"), args).await {
                    Some(output) => output,
                    None => ToolOutput::error(format!(
                        "no operation named `{}`; use {SEARCH} to find names",
                        text("name")
                    )),
                }
            }
            other => ToolOutput::error(format!("unknown tool `{other}`")),
        }
    }
}

/// Operations whose name, path, summary or tags contain every word of `query`.
fn search(tools: &[OperationTool], query: &str, tag: &str, limit: usize) -> Vec<Value> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    tools
        .iter()
        .filter(|t| tag.is_empty() || t.tags.iter().any(|x| x.eq_ignore_ascii_case(tag)))
        .filter(|t| {
            let haystack = format!("{} {} {} {}", t.spec.name, t.path, t.spec.description, t.tags.join(" "))
                .to_lowercase();
            words.iter().all(|w| haystack.contains(w))
        })
        .take(limit.clamp(1, 200))
        .map(|t| {
            let summary: String = t.spec.description.lines().next().unwrap_or("").chars().take(160).collect();
            json!({"name": t.spec.name, "method": t.method, "path": t.path, "summary": summary})
        })
        .collect()
}
