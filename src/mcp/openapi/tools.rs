//! From a loaded document to tools: selection, names, descriptions, annotations, input and
//! output schemas, the server URL and the security each operation needs.

use openapiv3::{ReferenceOr, SecurityRequirement, Server, StatusCode};
use serde_json::{Map, Value, json};

use super::inputs::{self, CONFIRM_ARG, Inputs, resolve_ref};
use super::model::{Document, OperationEntry, Skipped};
use super::naming::{MAX_NAME, Namer, sanitize};
use super::schema::{Converter, Direction, resolve_schema};
use super::select::Selection;
use crate::mcp::{Annotations, ToolSpec};

/// How tools are generated.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Which operations become tools.
    pub selection: Selection,
    /// Overrides every server URL in the document.
    pub server_url: Option<String>,
    /// Leave out output schemas (for APIs whose responses do not match their schemas).
    pub no_output_schema: bool,
}

/// One operation as a tool, with everything needed to call it.
#[derive(Debug, Clone)]
pub struct OperationTool {
    /// What clients see.
    pub spec: ToolSpec,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// operationId, when the document has one.
    pub operation_id: Option<String>,
    /// Tags, for `--tools dynamic` search.
    pub tags: Vec<String>,
    /// Argument bindings.
    pub inputs: Inputs,
    /// Base URL (no trailing `/`), or why there is none.
    pub base_url: Result<String, String>,
    /// Alternative security requirements (any one satisfied is enough; empty: none needed).
    pub security: Vec<SecurityRequirement>,
    /// Requires `confirm: true`.
    pub confirm: bool,
}

/// The tools of a document and what was skipped.
#[derive(Debug)]
pub struct Catalog {
    /// `info.title`.
    pub title: String,
    /// The tools, in document order.
    pub tools: Vec<OperationTool>,
    /// Operations and components left out, with reasons.
    pub skipped: Vec<Skipped>,
}

/// Builds the tools of `doc`.
pub fn build(doc: &Document, options: &BuildOptions) -> Catalog {
    let conv = Converter::new(&doc.components);
    let selected: Vec<&OperationEntry> =
        doc.operations.iter().filter(|e| options.selection.includes(e)).collect();
    // Tools are independent (the converter's cache is shared and locked), so big documents
    // build on every core; names are given afterwards, in document order, to stay stable.
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(selected.len().div_ceil(64)).max(1);
    let chunk = selected.len().div_ceil(threads).max(1);
    let built: Vec<Result<OperationTool, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = selected
            .chunks(chunk)
            .map(|part| {
                scope.spawn(|| part.iter().map(|e| build_one(&conv, doc, e, options)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let mut namer = Namer::default();
    let mut tools = Vec::with_capacity(built.len());
    let mut skipped = doc.skipped.clone();
    for (entry, result) in selected.iter().zip(built) {
        match result {
            Ok(mut tool) => {
                tool.spec.name = namer.unique(&tool.spec.name, MAX_NAME);
                tools.push(tool);
            }
            Err(reason) => skipped.push(Skipped { operation: entry.label(), reason }),
        }
    }
    Catalog { title: doc.title.clone(), tools, skipped }
}

/// Builds one tool; its name is the sanitised source name, made unique by the caller.
fn build_one(
    conv: &Converter<'_>,
    doc: &Document,
    entry: &OperationEntry,
    options: &BuildOptions,
) -> Result<OperationTool, String> {
    let op = &entry.operation;
    let confirm = op.extensions.get("x-mcp-confirm").and_then(Value::as_bool).unwrap_or(false);
    let inputs = inputs::build(conv, entry, confirm)?;
    if let Some(missing) = undeclared_path_parameter(&entry.path, &inputs) {
        return Err(format!("the path has {{{missing}}} but no path parameter `{missing}` is declared"));
    }
    let name = op
        .extensions
        .get("x-mcp-tool-name")
        .and_then(Value::as_str)
        .or(op.operation_id.as_deref())
        .map(sanitize)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| sanitize(&format!("{}_{}", entry.method, entry.path)));
    let mut description = describe(entry);
    if confirm {
        description
            .push_str(&format!("\n\nRequires `{CONFIRM_ARG}: true` after the user approves the call."));
    }
    let mut spec =
        ToolSpec::new(name, description, inputs.schema.clone()).with_annotations(annotations(entry));
    if !options.no_output_schema
        && let Some(schema) = output_schema(conv, entry)?
    {
        spec = spec.with_output_schema(schema);
    }
    let security = op.security.clone().or_else(|| doc.security.clone()).unwrap_or_default();
    Ok(OperationTool {
        spec,
        method: entry.method.to_ascii_uppercase(),
        path: entry.path.clone(),
        operation_id: op.operation_id.clone(),
        tags: op.tags.clone(),
        inputs,
        base_url: base_url(doc, entry, options.server_url.as_deref()),
        security,
        confirm,
    })
}

/// A `{name}` in the path template that no path parameter fills (every call would fail).
fn undeclared_path_parameter(path: &str, inputs: &Inputs) -> Option<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).find_map(|name| {
        let declared =
            inputs.params.iter().any(|p| p.location == inputs::ParamLocation::Path && p.name == name);
        (!declared).then(|| name.to_owned())
    })
}

/// `x-mcp-description`, else summary and description together.
fn describe(entry: &OperationEntry) -> String {
    let op = &entry.operation;
    if let Some(text) = op.extensions.get("x-mcp-description").and_then(Value::as_str) {
        return text.trim().to_owned();
    }
    let parts: Vec<&str> = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut text = match parts.as_slice() {
        [] => entry.label(),
        [one] => (*one).to_owned(),
        [summary, description, ..] if description.starts_with(summary) => (*description).to_owned(),
        [summary, description, ..] => format!("{summary}\n\n{description}"),
    };
    if op.deprecated {
        text.insert_str(0, "(Deprecated) ");
    }
    text
}

/// Hints from the method, overridden by `x-mcp-read-only`, `x-mcp-destructive`,
/// `x-mcp-idempotent` and `x-mcp-open-world`.
fn annotations(entry: &OperationEntry) -> Annotations {
    let safe = matches!(entry.method, "get" | "head" | "options" | "trace");
    let mut a = Annotations {
        read_only: safe,
        destructive: matches!(entry.method, "post" | "put" | "patch" | "delete"),
        idempotent: safe || matches!(entry.method, "put" | "delete"),
        open_world: true,
    };
    let ext = |key: &str| entry.operation.extensions.get(key).and_then(Value::as_bool);
    if let Some(v) = ext("x-mcp-read-only") {
        a.read_only = v;
        if v {
            a.destructive = false;
        }
    }
    if let Some(v) = ext("x-mcp-destructive") {
        a.destructive = v;
    }
    if let Some(v) = ext("x-mcp-idempotent") {
        a.idempotent = v;
    }
    if let Some(v) = ext("x-mcp-open-world") {
        a.open_world = v;
    }
    a
}

/// The first 2xx JSON response's schema, when it is an object (MCP requires an object root).
fn output_schema(conv: &Converter<'_>, entry: &OperationEntry) -> Result<Option<Map<String, Value>>, String> {
    let components = conv.components();
    let responses = &entry.operation.responses;
    let success = responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        })
        .map(|(_, r)| r)
        .next();
    let Some(response) = success else { return Ok(None) };
    let Ok(response) = resolve_ref(components, response, "#/components/responses/", |c| &c.responses) else {
        return Ok(None);
    };
    let json_schema = response.content.iter().find(|(t, _)| is_json(t)).and_then(|(_, m)| m.schema.as_ref());
    let Some(schema) = json_schema else { return Ok(None) };
    if !is_object(components, schema) {
        return Ok(None);
    }
    let converted = conv.convert(schema, Direction::Output)?;
    let closure = conv.closure(&converted.refs, Direction::Output)?;
    let Value::Object(mut root) = converted.schema else { return Ok(None) };
    let size =
        serde_json::to_string(&root).map_or(0, |s| s.len()) + closure.values().map(|d| d.size).sum::<usize>();
    if size > OUTPUT_SCHEMA_BUDGET {
        // Big response schemas (Stripe's objects reach most of the document) cost every
        // client context; keep their top level only.
        let top = match root.get("$ref").and_then(Value::as_str) {
            Some(r) => closure.get(r.trim_start_matches("#/$defs/")).map(|d| d.schema.clone()),
            None => Some(Value::Object(root)),
        };
        let Some(Value::Object(top)) = top.map(|t| shallow(t, 0)) else { return Ok(None) };
        return Ok(Some(top));
    }
    if root.contains_key("$ref") {
        root = Map::from_iter([
            ("allOf".to_owned(), json!([Value::Object(root)])),
            ("type".to_owned(), json!("object")),
        ]);
    }
    if !closure.is_empty() {
        let defs = closure.into_iter().map(|(key, def)| (key, def.schema.clone())).collect();
        root.insert("$defs".into(), Value::Object(defs));
    }
    Ok(Some(root))
}

/// Output schemas bigger than this (with their `$defs`) are cut to their top level.
const OUTPUT_SCHEMA_BUDGET: usize = 4 * 1024;

/// A schema reduced to its first level: references become `{}` (anything), and nested
/// levels lose their descriptions and examples.
fn shallow(schema: Value, depth: usize) -> Value {
    match schema {
        Value::Object(map) if map.contains_key("$ref") => json!({}),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !(k == "examples" || (depth > 1 && k == "description")))
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "properties" => match v {
                            Value::Object(props) => Value::Object(
                                props.into_iter().map(|(p, s)| (p, shallow(s, depth + 1))).collect(),
                            ),
                            other => other,
                        },
                        "items" | "additionalProperties" | "not" => shallow(v, depth + 1),
                        "allOf" | "anyOf" | "oneOf" => match v {
                            Value::Array(items) => {
                                Value::Array(items.into_iter().map(|s| shallow(s, depth + 1)).collect())
                            }
                            other => other,
                        },
                        _ => v,
                    };
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn is_object(components: &openapiv3::Components, schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    use openapiv3::{SchemaKind, Type};
    resolve_schema(components, schema).is_some_and(|s| {
        !s.schema_data.nullable
            && match &s.schema_kind {
                SchemaKind::Type(Type::Object(_)) => true,
                SchemaKind::Any(any) => any.typ.as_deref() == Some("object"),
                _ => false,
            }
    })
}

/// The base URL for an operation: `--server-url`, else the operation's, path item's or
/// document's first server, variables set to their defaults, relative URLs resolved against
/// the document's URL.
fn base_url(doc: &Document, entry: &OperationEntry, override_url: Option<&str>) -> Result<String, String> {
    if let Some(url) = override_url {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    let server = entry
        .operation
        .servers
        .first()
        .or_else(|| entry.path_servers.first())
        .or_else(|| doc.servers.first())
        .ok_or("the document declares no server URL: pass --server-url")?;
    let url = expand_variables(server);
    if url.starts_with("http://") || url.starts_with("https://") {
        return Ok(url.trim_end_matches('/').to_owned());
    }
    match doc.location.base_url() {
        Some(base) => base
            .join(&url)
            .map(|u| u.as_str().trim_end_matches('/').to_owned())
            .map_err(|e| format!("bad server URL `{url}`: {e}")),
        None => Err(format!(
            "the server URL `{url}` is relative and the document was read from a file: pass --server-url"
        )),
    }
}

fn expand_variables(server: &Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;
    use crate::mcp::openapi::model;
    use crate::mcp::openapi::normalize::Version;
    use crate::mcp::openapi::source::Location;

    fn catalog(doc: Value, options: BuildOptions) -> Catalog {
        let doc = model::read(doc, Location::File(PathBuf::from("t.yaml")), Version::OpenApi30).unwrap();
        build(&doc, &options)
    }

    fn all() -> BuildOptions {
        BuildOptions { selection: Selection { all: true, ..Selection::default() }, ..BuildOptions::default() }
    }

    #[test]
    fn names_descriptions_annotations_and_servers() {
        let c = catalog(
            json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://{region}.example.com/v1/", "variables": {"region": {"default": "eu"}}}],
            "paths": {
                "/users/{id}": {"get": {"operationId": "users/get-by.id", "summary": "Get a user", "description": "Full record.",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok"}}},
                    "delete": {"operationId": "users/get-by.id", "x-mcp-description": "Remove it.", "x-mcp-confirm": true,
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                    "responses": {"204": {"description": "gone"}}}},
                "/x": {"put": {"x-mcp-tool-name": "put x!", "x-mcp-destructive": false, "responses": {}}}
            }}),
            all(),
        );
        let names: Vec<&str> = c.tools.iter().map(|t| t.spec.name.as_str()).collect();
        assert_eq!(names, ["users_get-by_id", "users_get-by_id_2", "put_x"]);
        assert_eq!(c.tools[0].spec.description, "Get a user\n\nFull record.");
        assert_eq!(c.tools[0].spec.annotations, Annotations::read_only());
        assert_eq!(c.tools[0].base_url.as_deref(), Ok("https://eu.example.com/v1"));
        let del = &c.tools[1];
        assert!(del.confirm && del.spec.description.starts_with("Remove it."));
        assert_eq!(del.spec.input_schema["required"], json!(["id", "confirm"]));
        assert_eq!(
            del.spec.annotations,
            Annotations { read_only: false, destructive: true, idempotent: true, open_world: true }
        );
        assert!(!c.tools[2].spec.annotations.destructive, "x-mcp-destructive overrides the method");
    }

    #[test]
    fn relative_servers_from_a_file_need_server_url() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "/api"}],
            "paths": {"/a": {"get": {"responses": {}}}}});
        let c = catalog(doc.clone(), all());
        assert!(c.tools[0].base_url.as_ref().unwrap_err().contains("--server-url"));
        let c = catalog(doc, BuildOptions { server_url: Some("http://127.0.0.1:9/".into()), ..all() });
        assert_eq!(c.tools[0].base_url.as_deref(), Ok("http://127.0.0.1:9"));
    }

    #[test]
    fn output_schemas_only_for_object_responses() {
        let c = catalog(
            json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "components": {"schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}},
            "paths": {
                "/pet": {"get": {"operationId": "pet", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}},
                "/pets": {"get": {"operationId": "pets", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {}}}}}}}}
            }}),
            all(),
        );
        let out = c.tools[0].spec.output_schema.as_ref().unwrap();
        assert_eq!(out["type"], json!("object"));
        assert_eq!(out["$defs"]["Pet"]["properties"]["name"]["type"], json!("string"));
        assert!(c.tools[1].spec.output_schema.is_none());
    }

    #[test]
    fn input_schemas_flatten_bodies_suffix_clashes_and_skip_empty_bodies() {
        let c = catalog(
            json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {
                "/a/{id}": {"post": {"operationId": "flat",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "id", "in": "query", "description": "Query id.", "schema": {"type": "integer"}},
                        {"name": "page[size]", "in": "query", "schema": {"type": "integer", "nullable": true}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                        "required": ["name", "uid"],
                        "properties": {"name": {"type": "string"}, "uid": {"type": "string", "readOnly": true}}}}}},
                    "responses": {}}},
                "/b": {"get": {"operationId": "empty", "requestBody": {"content": {"application/x-www-form-urlencoded":
                    {"schema": {"type": "object", "properties": {}, "additionalProperties": false}}}}, "responses": {}}},
                "/c": {"post": {"operationId": "array", "requestBody": {"content": {"application/json":
                    {"schema": {"type": "array", "items": {"type": "string"}}}}}, "responses": {}}},
                "/d/{undeclared}": {"get": {"operationId": "broken", "responses": {}}}
            }}),
            all(),
        );
        let flat = &c.tools[0].spec.input_schema;
        let names: Vec<&String> = flat["properties"].as_object().unwrap().keys().collect();
        assert_eq!(
            names,
            ["id", "id_query", "page_size_", "name"],
            "clashes get the location, names get sanitised"
        );
        assert_eq!(flat["properties"]["id_query"]["description"], "Query id.");
        assert_eq!(flat["properties"]["page_size_"]["type"], json!(["integer", "null"]));
        assert_eq!(flat["required"], json!(["id", "name"]), "read-only body properties are not inputs");
        assert_eq!(flat["additionalProperties"], json!(false));
        assert_eq!(c.tools[0].inputs.params[2].name, "page[size]", "the request keeps the real name");
        assert!(c.tools[1].spec.input_schema["properties"].as_object().unwrap().is_empty());
        assert_eq!(c.tools[2].spec.input_schema["properties"]["body"]["type"], "array");
        assert_eq!(c.tools.len(), 3);
        assert_eq!(c.skipped[0].operation, "GET /d/{undeclared}");
        assert!(c.skipped[0].reason.contains("no path parameter `undeclared`"), "{}", c.skipped[0].reason);
    }
}
