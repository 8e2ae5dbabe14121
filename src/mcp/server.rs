//! [`ToolServer`]: an rmcp `ServerHandler` over a fixed list of [`ToolSpec`]s and one
//! [`ToolHandler`]. It answers `tools/list` from a prebuilt list, validates `tools/call`
//! arguments against the tool's input schema, and turns [`ToolOutput`] into MCP results.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, ListToolsResult,
    PaginatedRequestParams, ResourceContents, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::Value;

use super::tool::{Content, JsonObject, ToolHandler, ToolOutput, ToolSpec};

/// How the server introduces itself in `initialize`.
#[derive(Debug, Clone)]
pub struct ServerIdentity {
    /// `serverInfo.name`, e.g. `veysi-kube-ro`.
    pub name: String,
    /// `serverInfo.version`.
    pub version: String,
    /// Optional instructions for the model about how to use the tools.
    pub instructions: Option<String>,
}

impl ServerIdentity {
    /// An identity with this crate's version and no instructions.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), version: env!("CARGO_PKG_VERSION").to_owned(), instructions: None }
    }
}

/// Serves a fixed set of tools through one handler. Cheap to clone (shared state), as the
/// Streamable HTTP transport needs one instance per session.
pub struct ToolServer<H> {
    inner: Arc<Inner<H>>,
}

impl<H> Clone for ToolServer<H> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner) }
    }
}

struct Inner<H> {
    identity: ServerIdentity,
    specs: Vec<ToolSpec>,
    listed: Vec<Tool>,
    by_name: HashMap<String, usize>,
    /// Compiled lazily on a tool's first call; `None` when the schema does not compile
    /// (then only the handler checks the arguments).
    validators: Vec<OnceLock<Option<jsonschema::Validator>>>,
    handler: H,
}

/// A list of tools that cannot be served as given.
#[derive(Debug, thiserror::Error)]
pub enum ToolSetError {
    /// Two tools share a name.
    #[error("two tools are named `{0}`; tool names must be unique")]
    DuplicateName(String),
}

impl<H: ToolHandler> ToolServer<H> {
    /// A server for `tools`, answered by `handler`.
    pub fn new(identity: ServerIdentity, tools: Vec<ToolSpec>, handler: H) -> Result<Self, ToolSetError> {
        let mut by_name = HashMap::with_capacity(tools.len());
        for (i, spec) in tools.iter().enumerate() {
            if by_name.insert(spec.name.clone(), i).is_some() {
                return Err(ToolSetError::DuplicateName(spec.name.clone()));
            }
        }
        let listed = tools.iter().map(to_rmcp_tool).collect();
        let validators = tools.iter().map(|_| OnceLock::new()).collect();
        Ok(Self { inner: Arc::new(Inner { identity, specs: tools, listed, by_name, validators, handler }) })
    }

    /// The tools, in the order they are listed.
    pub fn tools(&self) -> &[ToolSpec] {
        &self.inner.specs
    }

    /// Calls a tool the way `tools/call` does: unknown names are `None` (a protocol error),
    /// invalid arguments an error output naming the argument, otherwise the handler's output.
    pub async fn call(&self, name: &str, arguments: JsonObject) -> Option<ToolOutput> {
        let index = *self.inner.by_name.get(name)?;
        if let Some(message) = self.invalid_arguments(index, &arguments) {
            return Some(ToolOutput::error(message));
        }
        Some(self.inner.handler.call(name, arguments).await)
    }

    fn invalid_arguments(&self, index: usize, arguments: &JsonObject) -> Option<String> {
        let spec = &self.inner.specs[index];
        let validator = self.inner.validators[index]
            .get_or_init(|| jsonschema::validator_for(&Value::Object((*spec.input_schema).clone())).ok())
            .as_ref()?;
        let instance = Value::Object(arguments.clone());
        let problems: Vec<String> = validator.iter_errors(&instance).take(5).map(describe_error).collect();
        (!problems.is_empty())
            .then(|| format!("Invalid arguments for tool `{}`: {}", spec.name, problems.join("; ")))
    }
}

/// One validation error in words that name the argument: `argument `limit`: "x" is not of
/// type "integer"`.
fn describe_error(error: jsonschema::ValidationError<'_>) -> String {
    let path = error.instance_path().to_string();
    let mut segments = path.trim_start_matches('/').split('/').filter(|s| !s.is_empty());
    let message = error.to_string();
    match segments.next() {
        None => message,
        Some(first) => {
            let rest: Vec<&str> = segments.collect();
            let at = if rest.is_empty() { String::new() } else { format!(" at /{}", rest.join("/")) };
            format!("argument `{first}`{at}: {message}")
        }
    }
}

fn to_rmcp_tool(spec: &ToolSpec) -> Tool {
    let a = spec.annotations;
    let annotations = ToolAnnotations::new()
        .read_only(a.read_only)
        .destructive(a.destructive)
        .idempotent(a.idempotent)
        .open_world(a.open_world);
    let mut tool = Tool::new(spec.name.clone(), spec.description.clone(), Arc::clone(&spec.input_schema))
        .with_annotations(annotations);
    if let Some(title) = &spec.title {
        tool = tool.with_title(title.clone());
    }
    if let Some(schema) = &spec.output_schema {
        tool = tool.with_raw_output_schema(Arc::clone(schema));
    }
    tool
}

/// Converts a [`ToolOutput`] into the MCP result.
pub fn to_call_result(output: ToolOutput) -> CallToolResult {
    let content = output.content.into_iter().map(to_content_block).collect();
    let mut result =
        if output.is_error { CallToolResult::error(content) } else { CallToolResult::success(content) };
    result.structured_content = output.structured;
    result
}

fn to_content_block(content: Content) -> ContentBlock {
    match content {
        Content::Text(text) => ContentBlock::text(text),
        Content::Image { data_base64, mime_type } => ContentBlock::image(data_base64, mime_type),
        Content::Blob { uri, mime_type, data_base64 } => {
            let blob = ResourceContents::blob(data_base64, uri);
            ContentBlock::resource(match mime_type {
                Some(mime) => blob.with_mime_type(mime),
                None => blob,
            })
        }
    }
}

impl<H: ToolHandler> ServerHandler for ToolServer<H> {
    fn get_info(&self) -> ServerConfig {
        let identity = &self.inner.identity;
        let config = ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(identity.name.clone(), identity.version.clone()));
        match &identity.instructions {
            Some(text) => config.with_instructions(text.clone()),
            None => config,
        }
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.inner.listed.clone()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.inner.by_name.get(name).map(|&i| self.inner.listed[i].clone())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = request.arguments.unwrap_or_default();
        let call = self.call(&request.name, arguments);
        let output = tokio::select! {
            output = call => output,
            () = context.ct.cancelled() => Some(ToolOutput::error("The call was cancelled by the client")),
        };
        match output {
            Some(output) => Ok(to_call_result(output).into()),
            None => Err(ErrorData::invalid_params(format!("unknown tool `{}`", request.name), None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::mcp::tool::Annotations;

    struct Echo;

    impl ToolHandler for Echo {
        async fn call(&self, name: &str, arguments: JsonObject) -> ToolOutput {
            ToolOutput::json(json!({"tool": name, "arguments": arguments}))
        }
    }

    fn object(value: Value) -> JsonObject {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn server() -> ToolServer<Echo> {
        let schema = object(json!({
            "type": "object",
            "properties": {"n": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "items": {"type": "string"}}},
            "required": ["n"],
            "additionalProperties": false
        }));
        let tool =
            ToolSpec::new("echo", "Echoes its arguments", schema).with_annotations(Annotations::read_only());
        ToolServer::new(ServerIdentity::new("test"), vec![tool], Echo).unwrap()
    }

    #[tokio::test]
    async fn valid_arguments_reach_the_handler() {
        let out = server().call("echo", object(json!({"n": 3}))).await.unwrap();
        assert!(!out.is_error);
        assert_eq!(out.structured, Some(json!({"tool": "echo", "arguments": {"n": 3}})));
    }

    #[tokio::test]
    async fn invalid_arguments_are_an_error_output_naming_the_argument() {
        let s = server();
        let wrong_type = s.call("echo", object(json!({"n": "three"}))).await.unwrap();
        assert!(wrong_type.is_error);
        assert!(
            matches!(&wrong_type.content[0], Content::Text(t) if t.contains("argument `n`") && t.contains("integer")),
            "{wrong_type:?}"
        );

        let missing = s.call("echo", object(json!({}))).await.unwrap();
        assert!(
            matches!(&missing.content[0], Content::Text(t) if t.contains("\"n\" is a required property")),
            "{missing:?}"
        );

        let nested = s.call("echo", object(json!({"n": 1, "tags": ["a", 2]}))).await.unwrap();
        assert!(
            matches!(&nested.content[0], Content::Text(t) if t.contains("argument `tags` at /1")),
            "{nested:?}"
        );

        let unknown = s.call("echo", object(json!({"n": 1, "x": 1}))).await.unwrap();
        assert!(unknown.is_error, "additionalProperties: false rejects unknown arguments");
    }

    #[tokio::test]
    async fn unknown_tools_are_none() {
        assert!(server().call("nope", JsonObject::new()).await.is_none());
    }

    #[test]
    fn duplicate_names_are_refused() {
        let t = ToolSpec::new("a", "", JsonObject::new());
        let err = ToolServer::new(ServerIdentity::new("t"), vec![t.clone(), t], Echo).err().unwrap();
        assert!(err.to_string().contains("`a`"));
    }

    #[test]
    fn listed_tools_carry_all_four_annotations_and_the_output_schema() {
        let s = server();
        let tool = serde_json::to_value(s.get_tool("echo").unwrap()).unwrap();
        assert_eq!(
            tool["annotations"],
            json!({"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": true})
        );
        assert_eq!(tool["inputSchema"]["required"], json!(["n"]));
    }

    #[test]
    fn outputs_convert_to_mcp_results() {
        let result = serde_json::to_value(to_call_result(ToolOutput::error("boom"))).unwrap();
        assert_eq!(result["isError"], json!(true));
        assert_eq!(result["content"][0]["text"], json!("boom"));
        let blob = ToolOutput {
            content: vec![Content::Blob {
                uri: "http://x/y".into(),
                mime_type: Some("application/pdf".into()),
                data_base64: "AA==".into(),
            }],
            structured: None,
            is_error: false,
        };
        let result = serde_json::to_value(to_call_result(blob)).unwrap();
        assert_eq!(result["content"][0]["resource"]["blob"], json!("AA=="));
        assert_eq!(result["content"][0]["resource"]["mimeType"], json!("application/pdf"));
    }
}
