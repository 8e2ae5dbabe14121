//! Brings Swagger 2.0 and OpenAPI 3.1 documents to OpenAPI 3.0 (the shape `openapiv3` reads),
//! working on JSON values. 2.0: `definitions`, body/formData parameters, `host`/`basePath`,
//! `securityDefinitions`, `collectionFormat`. 3.1: type arrays, `const`, numeric
//! `exclusiveMinimum/Maximum`, `examples`, documents without `paths`.

use serde_json::{Map, Value, json};

/// Which OpenAPI family a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Version {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
}

/// Detects the version from `swagger` / `openapi`.
pub fn detect(doc: &Value) -> Result<Version, String> {
    if let Some(v) = doc.get("swagger") {
        return match v.as_str() {
            Some(s) if s.starts_with("2.") => Ok(Version::Swagger2),
            _ => Err(format!("unsupported `swagger` version {v}; Swagger 2.0 is supported")),
        };
    }
    match doc.get("openapi") {
        Some(Value::String(s)) if s.starts_with("3.0") => Ok(Version::OpenApi30),
        Some(Value::String(s)) if s.starts_with("3.1") || s.starts_with("3.2") => Ok(Version::OpenApi31),
        Some(v) => Err(format!("unsupported `openapi` version {v}; 2.0, 3.0 and 3.1 are supported")),
        None => Err("not an OpenAPI document: it has neither an `openapi` nor a `swagger` field".to_owned()),
    }
}

/// Converts `doc` in place to OpenAPI 3.0.
pub fn to_openapi30(doc: &mut Value, version: Version) {
    match version {
        Version::Swagger2 => swagger2::convert(doc),
        Version::OpenApi31 => from31(doc),
        Version::OpenApi30 => {}
    }
    if let Some(map) = doc.as_object_mut() {
        map.entry("paths").or_insert_with(|| json!({}));
        map.entry("info").or_insert_with(|| json!({"title": "API", "version": "0"}));
    }
}

fn from31(doc: &mut Value) {
    let Some(map) = doc.as_object_mut() else { return };
    map.insert("openapi".into(), json!("3.0.3"));
    map.remove("webhooks");
    map.remove("jsonSchemaDialect");
    if let Some(components) = map.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("pathItems");
    }
    walk_schemas(doc, &mut schema31_to_30);
}

/// Calls `f` on every schema object in the document (under `schema`, `schemas`, and the
/// schema keywords inside them), children first.
fn walk_schemas(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => walk_schema(child, f),
                    "schemas" => {
                        if let Some(schemas) = child.as_object_mut() {
                            schemas.values_mut().for_each(|s| walk_schema(s, f));
                        }
                    }
                    _ => walk_schemas(child, f),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk_schemas(i, f)),
        _ => {}
    }
}

/// Calls `f` on a schema and every subschema, children first.
pub fn walk_schema(schema: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    let Value::Object(map) = schema else { return };
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Some(children) = child.as_object_mut() {
                    children.values_mut().for_each(|s| walk_schema(s, f));
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems" => match child {
                Value::Array(items) => items.iter_mut().for_each(|s| walk_schema(s, f)),
                other => walk_schema(other, f),
            },
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Some(items) = child.as_array_mut() {
                    items.iter_mut().for_each(|s| walk_schema(s, f));
                }
            }
            _ => {}
        }
    }
    f(map);
}

fn schema31_to_30(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        if non_null.len() < types.len() {
            schema.insert("nullable".into(), json!(true));
        }
        match non_null.len() {
            0 => {
                schema.remove("type");
            }
            1 => {
                schema.insert("type".into(), non_null[0].clone());
            }
            _ => {
                schema.remove("type");
                let branches: Vec<Value> = non_null.into_iter().map(|t| json!({"type": t})).collect();
                schema.insert("anyOf".into(), Value::Array(branches));
            }
        }
    } else if schema.get("type").and_then(Value::as_str) == Some("null") {
        schema.remove("type");
        schema.insert("nullable".into(), json!(true));
        schema.insert("enum".into(), json!([null]));
    }
    if let Some(constant) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![constant]));
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = schema.get(exclusive).cloned() {
            schema.insert(bound.into(), Value::Number(n));
            schema.insert(exclusive.into(), json!(true));
        }
    }
    if let Some(Value::Array(examples)) = schema.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        schema.entry("example").or_insert(first);
    }
}

mod swagger2 {
    //! Swagger 2.0 → OpenAPI 3.0.

    use serde_json::{Map, Value, json};

    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    pub(super) fn convert(doc: &mut Value) {
        let Some(map) = doc.as_object_mut() else { return };
        let consumes = string_list(map.get("consumes"));
        let produces = string_list(map.get("produces"));
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        for key in ["info", "tags", "security", "externalDocs"] {
            if let Some(v) = map.remove(key) {
                out.insert(key.into(), v);
            }
        }
        out.insert("servers".into(), servers(map));
        for (key, value) in map.iter() {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }

        let global_params = map.remove("parameters").and_then(into_object).unwrap_or_default();
        let mut components = Map::new();
        components.insert("schemas".into(), map.remove("definitions").unwrap_or_else(|| json!({})));
        let (mut params, mut bodies) = (Map::new(), Map::new());
        for (name, param) in global_params {
            match param.get("in").and_then(Value::as_str) {
                Some("body") | Some("formData") => {
                    if let Some(body) = request_body(&[param], &consumes) {
                        bodies.insert(name, body);
                    }
                }
                _ => {
                    params.insert(name, parameter(param));
                }
            }
        }
        components.insert("parameters".into(), Value::Object(params));
        components.insert("requestBodies".into(), Value::Object(bodies));
        let responses = map.remove("responses").and_then(into_object).unwrap_or_default();
        let responses = responses.into_iter().map(|(k, r)| (k, response(r, &produces))).collect();
        components.insert("responses".into(), Value::Object(responses));
        if let Some(defs) = map.remove("securityDefinitions").and_then(into_object) {
            let schemes = defs.into_iter().map(|(k, d)| (k, security_scheme(d))).collect();
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        out.insert("components".into(), Value::Object(components));

        let mut paths = map.remove("paths").and_then(into_object).unwrap_or_default();
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                path_item(item, &consumes, &produces);
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        let mut converted = Value::Object(out);
        rewrite_refs(&mut converted);
        super::walk_schemas(&mut converted, &mut |schema| {
            if let Some(nullable) = schema.remove("x-nullable") {
                schema.insert("nullable".into(), nullable);
            }
        });
        *doc = converted;
    }

    fn into_object(v: Value) -> Option<Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    fn string_list(v: Option<&Value>) -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    fn servers(map: &Map<String, Value>) -> Value {
        let base_path = map.get("basePath").and_then(Value::as_str).unwrap_or("");
        let Some(host) = map.get("host").and_then(Value::as_str) else {
            return json!([{ "url": if base_path.is_empty() { "/" } else { base_path } }]);
        };
        let mut schemes = string_list(map.get("schemes"));
        if schemes.is_empty() {
            schemes.push("https".into());
        }
        Value::Array(schemes.iter().map(|s| json!({ "url": format!("{s}://{host}{base_path}") })).collect())
    }

    fn path_item(item: &mut Map<String, Value>, consumes: &[String], produces: &[String]) {
        if let Some(params) = item.remove("parameters") {
            let (params, _body) = split_parameters(params);
            item.insert("parameters".into(), Value::Array(params));
            // A path-level body parameter applies to every operation below.
            if let Some(body) = _body {
                for method in METHODS {
                    if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                        let list = op.entry("parameters").or_insert_with(|| json!([]));
                        if let Some(list) = list.as_array_mut() {
                            list.extend(body.iter().cloned());
                        }
                    }
                }
            }
        }
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
            let consumes =
                op.remove("consumes").map(|v| string_list(Some(&v))).unwrap_or_else(|| consumes.to_vec());
            let produces =
                op.remove("produces").map(|v| string_list(Some(&v))).unwrap_or_else(|| produces.to_vec());
            if let Some(params) = op.remove("parameters") {
                let (params, body_params) = split_parameters(params);
                op.insert("parameters".into(), Value::Array(params));
                if let Some(body) = body_params.and_then(|b| request_body(&b, &consumes)) {
                    op.insert("requestBody".into(), body);
                }
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                for r in responses.values_mut() {
                    *r = response(std::mem::take(r), &produces);
                }
            }
        }
    }

    /// Non-body parameters converted, and the body/formData ones kept apart.
    fn split_parameters(params: Value) -> (Vec<Value>, Option<Vec<Value>>) {
        let mut plain = Vec::new();
        let mut body = Vec::new();
        for p in params.as_array().cloned().unwrap_or_default() {
            match p.get("in").and_then(Value::as_str) {
                Some("body") | Some("formData") => body.push(p),
                _ if p.get("$ref").is_some() => plain.push(p),
                _ => plain.push(parameter(p)),
            }
        }
        (plain, (!body.is_empty()).then_some(body))
    }

    const SCHEMA_KEYS: [&str; 17] = [
        "type",
        "format",
        "items",
        "collectionFormat",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    ];

    /// A 2.0 non-body parameter (type etc. on the parameter) → 3.0 (`schema`, `style`).
    fn parameter(p: Value) -> Value {
        let Value::Object(mut p) = p else { return p };
        let location = p.get("in").and_then(Value::as_str).unwrap_or("query").to_owned();
        let schema = take_schema(&mut p);
        if let Some(format) = schema.get("collectionFormat").and_then(Value::as_str) {
            let (style, explode) = match (format, location.as_str()) {
                ("multi", _) => ("form", true),
                ("ssv", _) => ("spaceDelimited", false),
                ("pipes", _) => ("pipeDelimited", false),
                (_, "query" | "cookie") => ("form", false),
                _ => ("simple", false),
            };
            p.insert("style".into(), json!(style));
            p.insert("explode".into(), json!(explode));
        }
        let mut schema = schema;
        strip_collection_format(&mut schema);
        p.insert("schema".into(), schema);
        Value::Object(p)
    }

    fn take_schema(p: &mut Map<String, Value>) -> Value {
        let mut schema = Map::new();
        for key in SCHEMA_KEYS {
            if let Some(v) = p.remove(key) {
                schema.insert(key.into(), v);
            }
        }
        if let Some(v) = p.remove("x-nullable") {
            schema.insert("nullable".into(), v);
        }
        if schema.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        Value::Object(schema)
    }

    fn strip_collection_format(schema: &mut Value) {
        if let Some(map) = schema.as_object_mut() {
            map.remove("collectionFormat");
            if let Some(items) = map.get_mut("items") {
                strip_collection_format(items);
            }
        }
    }

    /// Body or formData parameters → a 3.0 request body.
    fn request_body(params: &[Value], consumes: &[String]) -> Option<Value> {
        if let Some(body) = params.iter().find(|p| p.get("in").and_then(Value::as_str) == Some("body")) {
            let schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
            let types =
                if consumes.is_empty() { vec!["application/json".to_owned()] } else { consumes.to_vec() };
            let content: Map<String, Value> =
                types.into_iter().map(|t| (t, json!({ "schema": schema }))).collect();
            let mut out = json!({ "content": content, "required": body.get("required").cloned().unwrap_or(json!(false)) });
            if let Some(d) = body.get("description") {
                out["description"] = d.clone();
            }
            return Some(out);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for p in params {
            let Some(name) = p.get("name").and_then(Value::as_str) else { continue };
            let mut p = p.as_object().cloned().unwrap_or_default();
            let mut schema = take_schema(&mut p);
            strip_collection_format(&mut schema);
            has_file |= schema.get("format").and_then(Value::as_str) == Some("binary");
            if let (Some(d), Some(s)) = (p.get("description"), schema.as_object_mut()) {
                s.insert("description".into(), d.clone());
            }
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
            properties.insert(name.to_owned(), schema);
        }
        if properties.is_empty() {
            return None;
        }
        let multipart = has_file || consumes.iter().any(|c| c.starts_with("multipart/form-data"));
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        let schema = json!({ "type": "object", "properties": properties, "required": required });
        Some(json!({ "content": { media: { "schema": schema } }, "required": !required.is_empty() }))
    }

    fn response(r: Value, produces: &[String]) -> Value {
        let Value::Object(mut r) = r else { return r };
        if r.contains_key("$ref") {
            return Value::Object(r);
        }
        if let Some(schema) = r.remove("schema") {
            let types =
                if produces.is_empty() { vec!["application/json".to_owned()] } else { produces.to_vec() };
            let content: Map<String, Value> =
                types.into_iter().map(|t| (t, json!({ "schema": schema }))).collect();
            r.insert("content".into(), Value::Object(content));
        }
        if let Some(headers) = r.get_mut("headers").and_then(Value::as_object_mut) {
            for h in headers.values_mut() {
                if let Some(map) = h.as_object_mut() {
                    let mut schema = take_schema(map);
                    strip_collection_format(&mut schema);
                    map.insert("schema".into(), schema);
                }
            }
        }
        r.entry("description").or_insert_with(|| json!(""));
        Value::Object(r)
    }

    fn security_scheme(d: Value) -> Value {
        let Value::Object(d) = d else { return d };
        let description = d.get("description").cloned();
        let mut out = match d.get("type").and_then(Value::as_str) {
            Some("basic") => json!({ "type": "http", "scheme": "basic" }),
            Some("apiKey") => json!({ "type": "apiKey", "name": d.get("name"), "in": d.get("in") }),
            Some("oauth2") => {
                let scopes = d.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let flow = match d.get("flow").and_then(Value::as_str) {
                    Some("application") => {
                        json!({ "clientCredentials": { "tokenUrl": d.get("tokenUrl"), "scopes": scopes } })
                    }
                    Some("password") => {
                        json!({ "password": { "tokenUrl": d.get("tokenUrl"), "scopes": scopes } })
                    }
                    Some("accessCode") => json!({ "authorizationCode": {
                        "authorizationUrl": d.get("authorizationUrl"), "tokenUrl": d.get("tokenUrl"), "scopes": scopes } }),
                    _ => {
                        json!({ "implicit": { "authorizationUrl": d.get("authorizationUrl"), "scopes": scopes } })
                    }
                };
                json!({ "type": "oauth2", "flows": flow })
            }
            _ => Value::Object(d.clone()),
        };
        if let (Some(desc), Some(map)) = (description, out.as_object_mut()) {
            map.insert("description".into(), desc);
        }
        out
    }

    /// `#/definitions/X` → `#/components/schemas/X`, and likewise for parameters and responses.
    /// Global body parameters became request bodies, so refs to them move there.
    fn rewrite_refs(value: &mut Value) {
        let bodies: Vec<String> = value
            .pointer("/components/requestBodies")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        rewrite(value, &bodies);
    }

    fn rewrite(value: &mut Value, bodies: &[String]) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get_mut("$ref") {
                    if let Some(rest) = r.strip_prefix("#/definitions/") {
                        *r = format!("#/components/schemas/{rest}");
                    } else if let Some(rest) = r.strip_prefix("#/parameters/") {
                        let kind =
                            if bodies.iter().any(|b| b == rest) { "requestBodies" } else { "parameters" };
                        *r = format!("#/components/{kind}/{rest}");
                    } else if let Some(rest) = r.strip_prefix("#/responses/") {
                        *r = format!("#/components/responses/{rest}");
                    }
                }
                map.values_mut().for_each(|v| rewrite(v, bodies));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, bodies)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_detected_and_unknown_ones_named() {
        assert_eq!(detect(&json!({"swagger": "2.0"})).unwrap(), Version::Swagger2);
        assert_eq!(detect(&json!({"openapi": "3.0.3"})).unwrap(), Version::OpenApi30);
        assert_eq!(detect(&json!({"openapi": "3.1.0"})).unwrap(), Version::OpenApi31);
        assert!(detect(&json!({"openapi": "4.0"})).unwrap_err().contains("unsupported"));
        assert!(detect(&json!({"info": {}})).unwrap_err().contains("neither"));
    }

    #[test]
    fn openapi31_schemas_become_30() {
        let mut doc = json!({"openapi": "3.1.0", "webhooks": {}, "components": {"schemas": {"A": {
            "type": "object",
            "properties": {
                "name": {"type": ["string", "null"], "examples": ["x"]},
                "n": {"type": "integer", "exclusiveMinimum": 0},
                "kind": {"const": "a"},
                "either": {"type": ["string", "integer"]}
            }
        }}}});
        to_openapi30(&mut doc, Version::OpenApi31);
        let p = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(p["name"], json!({"type": "string", "nullable": true, "example": "x"}));
        assert_eq!(p["n"], json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(p["kind"], json!({"enum": ["a"]}));
        assert_eq!(p["either"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert!(doc.get("webhooks").is_none());
        assert_eq!(doc["paths"], json!({}), "a paths-less 3.1 document gets empty paths");
    }

    #[test]
    fn swagger2_bodies_parameters_servers_and_refs_are_converted() {
        let mut doc = json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
            "consumes": ["application/json"],
            "securityDefinitions": {"basic": {"type": "basic"}, "key": {"type": "apiKey", "name": "X-Key", "in": "header"}},
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer", "format": "int64"}],
                "put": {
                    "parameters": [
                        {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                        {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}
                },
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"name": "file", "in": "formData", "type": "file", "required": true}],
                    "responses": {"200": {"description": "ok"}}
                }
            }},
            "definitions": {"Pet": {"type": "object", "properties": {"tag": {"type": "string", "x-nullable": true}}}}
        });
        to_openapi30(&mut doc, Version::Swagger2);
        assert_eq!(doc["servers"], json!([{"url": "https://api.example.com/v1"}]));
        let item = &doc["paths"]["/pets/{id}"];
        assert_eq!(item["parameters"][0]["schema"], json!({"type": "integer", "format": "int64"}));
        let put = &item["put"];
        assert_eq!(put["parameters"][0]["style"], "pipeDelimited");
        assert_eq!(
            put["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(put["requestBody"]["required"], true);
        assert_eq!(
            put["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        let upload = &item["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(upload["properties"]["file"], json!({"type": "string", "format": "binary"}));
        assert_eq!(doc["components"]["securitySchemes"]["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            doc["components"]["schemas"]["Pet"],
            json!({"type": "object", "properties": {"tag": {"type": "string", "nullable": true}}})
        );
    }
}
