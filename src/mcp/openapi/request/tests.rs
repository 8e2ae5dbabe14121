use std::path::PathBuf;

use serde_json::json;

use super::*;
use crate::mcp::openapi::model;
use crate::mcp::openapi::normalize::Version;
use crate::mcp::openapi::select::Selection;
use crate::mcp::openapi::source::Location;
use crate::mcp::openapi::tools::{BuildOptions, build as build_tools};

/// The one tool of a document with a single operation `op` at `path`.
fn tool(path: &str, method: &str, op: Value) -> OperationTool {
    let doc = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:9/base"}], "paths": {path: {method: op}}});
    let doc = model::read(doc, Location::File(PathBuf::from("t.yaml")), Version::OpenApi30).unwrap();
    let options = BuildOptions {
        selection: Selection { all: true, ..Selection::default() },
        ..BuildOptions::default()
    };
    let mut catalog = build_tools(&doc, &options);
    assert!(catalog.skipped.is_empty(), "{:?}", catalog.skipped);
    catalog.tools.remove(0)
}

fn param(name: &str, location: &str, schema: Value, extra: Value) -> Value {
    let mut p = json!({"name": name, "in": location, "schema": schema});
    if location == "path" {
        p["required"] = json!(true);
    }
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn path_styles_and_exact_numbers() {
    let t = tool(
        "/items/{id}/{tags}/{m}/{o}",
        "get",
        json!({"parameters": [
            param("id", "path", json!({"type": "integer"}), json!({})),
            param("tags", "path", json!({"type": "array", "items": {"type": "string"}}), json!({"style": "label", "explode": true})),
            param("m", "path", json!({"type": "array", "items": {"type": "number"}}), json!({"style": "matrix"})),
            param("o", "path", json!({"type": "object"}), json!({"explode": true}))
        ], "responses": {}}),
    );
    let r = build(
        &t,
        &args(json!({"id": 10000000, "tags": ["a b", "c"], "m": [1.5, 2], "o": {"k": "v", "n": 1}})),
    )
    .unwrap();
    assert_eq!(r.url, "http://127.0.0.1:9/base/items/10000000/.a%20b.c/;m=1.5,2/k=v,n=1");
}

#[test]
fn path_values_cannot_escape_their_segment() {
    let t = tool(
        "/files/{name}",
        "get",
        json!({"parameters": [param("name", "path", json!({"type": "string"}), json!({}))], "responses": {}}),
    );
    let r = build(&t, &args(json!({"name": "../../admin?x=1#f"}))).unwrap();
    assert_eq!(r.url, "http://127.0.0.1:9/base/files/..%2F..%2Fadmin%3Fx%3D1%23f");
    for bad in ["..", "."] {
        let err = build(&t, &args(json!({"name": bad}))).unwrap_err();
        assert!(err.contains("not allowed in a path"), "{err}");
    }
}

#[test]
fn query_styles() {
    let p = |name: &str, schema: Value, extra: Value| param(name, "query", schema, extra);
    let arr = json!({"type": "array", "items": {"type": "string"}});
    let t = tool(
        "/q",
        "get",
        json!({"parameters": [
            p("a", arr.clone(), json!({})),
            p("b", arr.clone(), json!({"explode": false})),
            p("c", arr.clone(), json!({"style": "spaceDelimited", "explode": false})),
            p("d", arr.clone(), json!({"style": "pipeDelimited", "explode": false})),
            p("e", json!({"type": "object"}), json!({"style": "deepObject", "explode": true})),
            p("f", json!({"type": "string"}), json!({})),
            p("g", json!({"type": "string"}), json!({"allowReserved": true})),
            p("h", json!({"type": "object"}), json!({}))
        ], "responses": {}}),
    );
    let r = build(
        &t,
        &args(json!({"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y"], "d": ["x", "y"],
            "e": {"gte": 1, "nested": {"k": ["v"]}}, "f": "a&b=c d", "g": "a/b?c", "h": {"role": "admin"}})),
    )
    .unwrap();
    assert_eq!(
        r.query,
        [
            "a=x",
            "a=y",
            "b=x,y",
            "c=x%20y",
            "d=x|y",
            "e[gte]=1",
            "e[nested][k][0]=v",
            "f=a%26b%3Dc%20d",
            "g=a/b?c",
            "role=admin"
        ]
    );
}

#[test]
fn headers_and_cookies_go_where_declared_and_never_into_the_body() {
    let t = tool(
        "/h",
        "delete",
        json!({"parameters": [
            param("api_key", "header", json!({"type": "string"}), json!({})),
            param("X-Ids", "header", json!({"type": "array", "items": {"type": "integer"}}), json!({})),
            param("session", "cookie", json!({"type": "string"}), json!({}))
        ], "responses": {}}),
    );
    let r = build(&t, &args(json!({"api_key": "k1", "X-Ids": [1, 2], "session": "a b;c"}))).unwrap();
    assert_eq!(r.headers, [("api_key".to_owned(), "k1".to_owned()), ("X-Ids".to_owned(), "1,2".to_owned())]);
    assert_eq!(r.cookies, ["session=a%20b%3Bc"]);
    assert!(r.body.is_none());
    let err = build(&t, &args(json!({"api_key": "a\r\nX-Evil: 1"}))).unwrap_err();
    assert!(err.contains("control characters"), "{err}");
}

fn bytes_of(r: &HttpRequest) -> (String, String) {
    match &r.body {
        Some(Body::Bytes { content_type, bytes }) => {
            (content_type.clone(), String::from_utf8_lossy(bytes).into_owned())
        }
        other => panic!("not bytes: {other:?}"),
    }
}

#[test]
fn json_bodies_flattened_or_whole() {
    let t = tool(
        "/pets/{id}",
        "put",
        json!({"parameters": [param("id", "path", json!({"type": "integer"}), json!({}))],
            "requestBody": {"required": true, "content": {"application/vnd.api+json": {"schema": {"type": "object", "required": ["name"],
                "properties": {"name": {"type": "string"}, "id": {"type": "integer"}, "big": {"type": "integer"}}}}}},
            "responses": {}}),
    );
    // `id` clashes with the path parameter, so the body goes whole under `body`.
    assert!(t.spec.input_schema["properties"].get("body").is_some());
    let r = build(&t, &args(json!({"id": 1, "body": {"name": "rex", "id": 2, "big": 12345678901234u64}})))
        .unwrap();
    assert_eq!(
        bytes_of(&r),
        ("application/vnd.api+json".into(), r#"{"name":"rex","id":2,"big":12345678901234}"#.into())
    );

    let t = tool(
        "/pets",
        "post",
        json!({"requestBody": {"content": {"application/json": {"schema": {"type": "object",
            "properties": {"name": {"type": "string"}, "tags": {"type": "array"}}}}}}, "responses": {}}),
    );
    let r = build(&t, &args(json!({"name": "rex", "tags": ["a"]}))).unwrap();
    assert_eq!(bytes_of(&r), ("application/json".into(), r#"{"name":"rex","tags":["a"]}"#.into()));
}

#[test]
fn form_bodies_follow_their_encoding() {
    let t = tool(
        "/customers",
        "post",
        json!({"requestBody": {"content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {"email": {"type": "string"}, "metadata": {"type": "object"},
                "expand": {"type": "array", "items": {"type": "string"}}}},
            "encoding": {"metadata": {"style": "deepObject", "explode": true}, "expand": {"style": "deepObject", "explode": true}}}}},
            "responses": {}}),
    );
    let r = build(&t, &args(json!({"email": "a+b@x.io", "metadata": {"k": "v w"}, "expand": ["sources"]})))
        .unwrap();
    assert_eq!(
        bytes_of(&r),
        (
            "application/x-www-form-urlencoded".into(),
            "email=a%2Bb%40x.io&metadata[k]=v%20w&expand[0]=sources".into()
        )
    );
}

#[test]
fn multipart_and_raw_bytes() {
    let t = tool(
        "/upload",
        "post",
        json!({"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "meta": {"type": "object"}, "note": {"type": "string"}}}}}},
            "responses": {}}),
    );
    assert_eq!(t.spec.input_schema["properties"]["file"]["contentEncoding"], "base64");
    let r = build(&t, &args(json!({"file": "AAEC", "meta": {"a": 1}, "note": "hi"}))).unwrap();
    let Some(Body::Multipart(parts)) = r.body else { panic!("not multipart") };
    assert_eq!(parts[0].bytes, [0, 1, 2]);
    assert_eq!(parts[0].file_name.as_deref(), Some("file"));
    assert_eq!(parts[1].bytes, br#"{"a":1}"#);
    assert_eq!(parts[2].bytes, b"hi");

    let t = tool(
        "/raw",
        "put",
        json!({"requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {}}),
    );
    let r = build(&t, &args(json!({"body": "/w=="}))).unwrap();
    assert_eq!(
        r.body,
        Some(Body::Bytes { content_type: "application/octet-stream".into(), bytes: vec![0xff] })
    );
    assert!(build(&t, &args(json!({"body": "%%%"}))).unwrap_err().contains("base64"));
}
