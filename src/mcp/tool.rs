//! What a served tool is (name, description, schemas, annotations) and what a call returns,
//! in plain types that do not depend on the MCP SDK's shapes.

use std::future::Future;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

/// A JSON object: tool arguments, input and output schemas.
pub type JsonObject = serde_json::Map<String, Value>;

/// One tool as clients see it in `tools/list`.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    /// Unique name, `[A-Za-z0-9_-]`, at most 64 characters (the limit of the strictest clients).
    pub name: String,
    /// Optional human-readable title.
    pub title: Option<String>,
    /// What the tool does, for the model.
    pub description: String,
    /// JSON Schema of the arguments object (`"type": "object"` at the root). Arguments are
    /// validated against it before the handler runs.
    pub input_schema: Arc<JsonObject>,
    /// Optional JSON Schema of `structuredContent` (root `"type": "object"`).
    pub output_schema: Option<Arc<JsonObject>>,
    /// Behaviour hints; all four are always sent.
    pub annotations: Annotations,
}

impl ToolSpec {
    /// A tool with an input schema, default annotations (see [`Annotations::default`]) and no
    /// output schema.
    pub fn new(name: impl Into<String>, description: impl Into<String>, input_schema: JsonObject) -> Self {
        Self {
            name: name.into(),
            title: None,
            description: description.into(),
            input_schema: Arc::new(input_schema),
            output_schema: None,
            annotations: Annotations::default(),
        }
    }

    /// Sets the annotations.
    pub fn with_annotations(mut self, annotations: Annotations) -> Self {
        self.annotations = annotations;
        self
    }

    /// Sets the output schema.
    pub fn with_output_schema(mut self, schema: JsonObject) -> Self {
        self.output_schema = Some(Arc::new(schema));
        self
    }
}

/// MCP tool annotations. Every hint is sent explicitly, because some clients reject a tool
/// whose `destructiveHint` is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Annotations {
    /// The tool does not change its environment.
    pub read_only: bool,
    /// The tool may delete or overwrite things (meaningful when not read-only).
    pub destructive: bool,
    /// Calling twice with the same arguments has no further effect.
    pub idempotent: bool,
    /// The tool talks to an open world (a network API), not a closed one.
    pub open_world: bool,
}

impl Default for Annotations {
    /// The MCP defaults: not read-only, destructive, not idempotent, open world.
    fn default() -> Self {
        Self { read_only: false, destructive: true, idempotent: false, open_world: true }
    }
}

impl Annotations {
    /// Read-only, hence non-destructive and idempotent; open world.
    pub fn read_only() -> Self {
        Self { read_only: true, destructive: false, idempotent: true, open_world: true }
    }
}

/// One block of a tool result's `content`.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Plain text (JSON bodies are sent as compact JSON text).
    Text(String),
    /// An image, base64-encoded, with its MIME type.
    Image {
        /// Base64 of the image bytes.
        data_base64: String,
        /// e.g. `image/png`.
        mime_type: String,
    },
    /// Other binary data as an embedded resource, base64-encoded.
    Blob {
        /// The resource URI (for an HTTP response, the request URL).
        uri: String,
        /// The MIME type, if known.
        mime_type: Option<String>,
        /// Base64 of the bytes.
        data_base64: String,
    },
}

/// What a tool call returns: content blocks, optional structured content, and whether it is
/// an error the model should see (`isError`). Failures of the tool itself are outputs with
/// `is_error` set, never protocol errors, which clients hide from the model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ToolOutput {
    /// The content blocks.
    pub content: Vec<Content>,
    /// `structuredContent`: set when the tool has an output schema, or the result is JSON.
    pub structured: Option<Value>,
    /// Whether the call failed.
    pub is_error: bool,
}

impl ToolOutput {
    /// A successful text result.
    pub fn text(text: impl Into<String>) -> Self {
        Self { content: vec![Content::Text(text.into())], structured: None, is_error: false }
    }

    /// A failed call with a message for the model.
    pub fn error(message: impl Into<String>) -> Self {
        Self { content: vec![Content::Text(message.into())], structured: None, is_error: true }
    }

    /// A successful JSON result: compact JSON text plus the value as `structuredContent`.
    pub fn json(value: Value) -> Self {
        Self { content: vec![Content::Text(value.to_string())], structured: Some(value), is_error: false }
    }
}

/// Runs tool calls. One handler serves every tool of a server; `name` says which was called.
/// Arguments have already been validated against the tool's input schema.
pub trait ToolHandler: Send + Sync + 'static {
    /// Runs one call. Dropped (cancelled) when the client cancels the request.
    fn call(&self, name: &str, arguments: JsonObject) -> impl Future<Output = ToolOutput> + Send;
}
