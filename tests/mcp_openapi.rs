//! `veysi mcp openapi` end to end: every real document in the test data loads; malformed ones
//! fail clearly; a recording upstream server sees exactly the HTTP requests the document
//! defines; a real MCP client (the Python `mcp` package) lists and calls tools over stdio and
//! Streamable HTTP and sees each row of the error table.

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use support::{json_of, mcp_client, veysi};

const TESTDATA: &str = "../shared/testdata/openapi";

// ---------------------------------------------------------------------------------------------
// Every document in the test data.

fn list_json(spec: &str, extra: &[&str]) -> Value {
    let output = veysi()
        .args(["mcp", "openapi", "--spec", spec, "--all", "--list", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{spec}: {}", String::from_utf8_lossy(&output.stderr));
    json_of(&output)
}

fn assert_valid_schema(tool: &str, schema: &Value) {
    if let Err(e) = jsonschema::meta::validate(schema) {
        panic!("{tool}: not a valid JSON Schema: {e}\n{schema:#}");
    }
    if let Err(e) = jsonschema::validator_for(schema) {
        panic!("{tool}: the schema does not compile (dangling $ref?): {e}\n{schema:#}");
    }
}

#[test]
fn every_test_document_loads_with_all_and_every_schema_is_valid() {
    let expected = [
        ("petstore-2.0.json", 3),
        ("petstore-3.0.yaml", 19),
        ("webhook-3.1.yaml", 0),
        ("museum-3.1.yaml", 8),
        ("twilio-3.0.json", 197),
        ("stripe-3.0.yaml", 468),
        ("github-3.0.json", 874),
    ];
    let name_ok = |n: &str| {
        !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    for (file, count) in expected {
        let out = list_json(&format!("{TESTDATA}/{file}"), &[]);
        let tools = out["tools"].as_array().unwrap();
        assert_eq!(tools.len(), count, "{file}: tool count (skipped: {})", out["skipped"]);
        assert_eq!(out["skipped"], json!([]), "{file}");
        let mut names = std::collections::HashSet::new();
        for t in tools {
            let name = t["name"].as_str().unwrap();
            assert!(name_ok(name), "{file}: bad tool name {name:?}");
            assert!(names.insert(name.to_owned()), "{file}: duplicate tool name {name}");
            assert_eq!(t["input_schema"]["type"], "object", "{file} {name}");
            assert_valid_schema(&format!("{file} {name}"), &t["input_schema"]);
            if let Some(output) = t.get("output_schema") {
                assert_eq!(output["type"], "object", "{file} {name}: outputSchema root must be an object");
                assert_valid_schema(&format!("{file} {name} output"), output);
            }
            for hint in ["read_only", "destructive", "idempotent", "open_world"] {
                assert!(t["annotations"][hint].is_boolean(), "{file} {name}: {hint} missing");
            }
            for key in ["method", "path", "description"] {
                assert!(t[key].is_string(), "{file} {name}: {key}");
            }
        }
    }
}

#[test]
fn big_apis_keep_tools_list_small_and_output_schemas_valid() {
    for (file, limit) in [("github-3.0.json", 4_000_000), ("stripe-3.0.yaml", 5_000_000)] {
        let out = list_json(&format!("{TESTDATA}/{file}"), &[]);
        let bytes = out["tools_list_bytes"].as_u64().unwrap();
        assert!(bytes < limit, "{file}: tools/list is {bytes} bytes, over {limit}");
        let dynamic = list_json(&format!("{TESTDATA}/{file}"), &["--tools", "dynamic"]);
        assert!(
            dynamic["tools_list_bytes"].as_u64().unwrap() < 2_000,
            "{file}: dynamic mode lists three small tools"
        );
    }
}

#[test]
fn github_names_with_slashes_and_over_64_chars_become_valid_and_stable() {
    let out = list_json(&format!("{TESTDATA}/github-3.0.json"), &[]);
    let names: Vec<&str> =
        out["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"repos_get"), "operationId repos/get keeps its words");
    let long = names.iter().filter(|n| n.len() == 64).count();
    assert!(long >= 20, "GitHub has ~30 operationIds over 64 characters, shortened with a hash: {long}");
    let again = list_json(&format!("{TESTDATA}/github-3.0.json"), &[]);
    assert_eq!(out["tools"][100]["name"], again["tools"][100]["name"], "deterministic");
}

#[test]
fn the_articles_tag_rule_and_table_rendering() {
    let output = veysi()
        .args([
            "mcp",
            "openapi",
            "--spec",
            "examples/weather.yaml",
            "--server-url",
            "http://127.0.0.1:9",
            "--list",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("getForecast") && table.contains("getElevation"), "{table}");
    assert!(table.contains("latitude*") && table.contains("read-only"), "{table}");
    assert!(table.contains("tools/list answer:"), "{table}");
}

// ---------------------------------------------------------------------------------------------
// Malformed documents.

fn run_list(dir: &Path, name: &str, text: &str) -> std::process::Output {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    veysi()
        .args(["mcp", "openapi", "--spec"])
        .arg(&path)
        .args(["--all", "--list", "--json"])
        .output()
        .unwrap()
}

#[test]
fn malformed_documents_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("empty.yaml", "", "empty"),
        ("bad.yaml", "openapi: 3.0.0\npaths: [unclosed\n", "invalid YAML"),
        ("bad.json", "{\"openapi\": \"3.0.0\",", "invalid JSON"),
        ("notapi.yaml", "hello: world\n", "neither an `openapi` nor a `swagger`"),
        ("types.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: [1, 2]\n", "/paths"),
        ("v4.yaml", "openapi: 4.0.0\n", "unsupported `openapi` version"),
    ];
    for (name, text, expected) in cases {
        let out = run_list(dir.path(), name, text);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(expected), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
    }
    let missing =
        veysi().args(["mcp", "openapi", "--spec", "/nonexistent/api.yaml", "--list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the file"));
}

#[test]
fn dangling_refs_skip_only_their_operation_and_circular_schemas_work() {
    let dir = tempfile::tempdir().unwrap();
    let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
paths:
  /good:
    post:
      operationId: good
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Node"}
      responses: {"200": {description: ok}}
  /bad:
    get:
      operationId: bad
      parameters: [{name: q, in: query, schema: {$ref: "#/components/schemas/Missing"}}]
      responses: {"200": {description: ok}}
  /broken:
    get:
      parameters: [{in: query}]
      responses: {}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
"##;
    let out = run_list(dir.path(), "api.yaml", doc);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = json_of(&out);
    let names: Vec<&str> =
        json["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["good"]);
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    let reasons: String = skipped.iter().map(|s| format!("{} {}\n", s["operation"], s["reason"])).collect();
    assert!(reasons.contains("GET /bad") && reasons.contains("#/components/schemas/Missing"), "{reasons}");
    assert!(
        reasons.contains("GET /broken") && reasons.contains("/paths/~1broken/get/parameters/0"),
        "{reasons}"
    );
    let schema = &json["tools"][0]["input_schema"];
    assert_eq!(schema["properties"]["children"]["items"], json!({"$ref": "#/$defs/Node"}));
    assert_valid_schema("good", schema);
}

// ---------------------------------------------------------------------------------------------
// A recording upstream.

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// What the upstream received, and documents it serves under `/specs/`.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Recorded>>>, Arc<Mutex<std::collections::HashMap<String, String>>>);

impl Recorder {
    fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    fn serve_file(&self, path: &str, text: String) {
        self.1.lock().unwrap().insert(path.to_owned(), text);
    }

    fn count(&self, path: &str) -> usize {
        self.0.lock().unwrap().iter().filter(|r| r.uri.split('?').next() == Some(path)).count()
    }
}

async fn upstream_handler(
    State(rec): State<Recorder>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fresh_token = headers.get("authorization").is_some_and(|a| a == "Bearer tok-2");
    rec.0.lock().unwrap().push(Recorded {
        method: method.to_string(),
        uri: uri.to_string(),
        headers,
        body: body.to_vec(),
    });
    let path = uri.path();
    if let Some(text) = rec.1.lock().unwrap().get(path) {
        return text.clone().into_response();
    }
    if path == "/busy" || (path == "/flaky" && rec.count(path) < 2) {
        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "0")], "busy").into_response();
    }
    if let Some(code) = path.strip_prefix("/status/") {
        let code = StatusCode::from_u16(code.parse().unwrap_or(500)).unwrap();
        return (code, format!("{{\"message\": \"status {}\"}}", code.as_u16())).into_response();
    }
    match path {
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late".into_response()
        }
        "/image" => ([("content-type", "image/png")], vec![0x89, b'P', b'N', b'G']).into_response(),
        "/big" => ([("content-type", "text/plain")], "x".repeat(300_000)).into_response(),
        "/token" => {
            ([("content-type", "application/json")], r#"{"access_token": "tok-123", "expires_in": 3600}"#)
                .into_response()
        }
        "/token2" => {
            let token = format!(r#"{{"access_token": "tok-{}", "expires_in": 3600}}"#, rec.count(path));
            ([("content-type", "application/json")], token).into_response()
        }
        "/secure/rotate" if !fresh_token => (StatusCode::UNAUTHORIZED, "token revoked").into_response(),
        "/redirect" => Response::builder()
            .status(302)
            .header("location", "http://elsewhere.example/steal")
            .body(Body::empty())
            .unwrap(),
        "/v1/forecast" => (
            [("content-type", "application/json")],
            r#"{"latitude": 52.52, "longitude": 13.41, "current": {"temperature_2m": 3.5}}"#,
        )
            .into_response(),
        _ => ([("content-type", "application/json")], r#"{"ok": true, "items": [1, 2]}"#).into_response(),
    }
}

/// Starts the recording upstream on a free loopback port, on its own runtime thread.
fn start_upstream() -> (SocketAddr, Recorder) {
    let recorder = Recorder::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let state = recorder.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = axum::Router::new().fallback(upstream_handler).with_state(state);
            axum::serve(listener, app).await.unwrap();
        });
    });
    (addr, recorder)
}

/// The document the recorder tests serve: one operation per thing to check.
fn recorder_doc(upstream: SocketAddr) -> String {
    format!(
        r##"
openapi: 3.0.3
info: {{title: Recorder, version: "1"}}
servers: [{{url: "http://{upstream}"}}]
components:
  securitySchemes:
    key: {{type: apiKey, in: header, name: X-Api-Key}}
    qkey: {{type: apiKey, in: query, name: api_key}}
    ckey: {{type: apiKey, in: cookie, name: session}}
    bearer: {{type: http, scheme: bearer}}
    basic: {{type: http, scheme: basic}}
    missing: {{type: http, scheme: bearer}}
    rotating: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: "http://{upstream}/token2", scopes: {{}}}}}}}}
    cc: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: "http://{upstream}/token", scopes: {{read: r}}}}}}}}
paths:
  /items/{{id}}:
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: integer}}}}
    get:
      operationId: getItem
      parameters:
        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: filter, in: query, style: deepObject, explode: true, schema: {{type: object}}}}
        - {{name: X-Trace, in: header, schema: {{type: string}}}}
        - {{name: pref, in: cookie, schema: {{type: string}}}}
      responses: {{"200": {{description: ok}}}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema: {{type: object, required: [name], properties: {{name: {{type: string}}, count: {{type: integer}}}}}}
      responses: {{"201": {{description: ok}}}}
  /forms:
    post:
      operationId: postForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {{type: object, properties: {{email: {{type: string}}, metadata: {{type: object}}}}}}
            encoding: {{metadata: {{style: deepObject, explode: true}}}}
      responses: {{"200": {{description: ok}}}}
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {{type: object, properties: {{file: {{type: string, format: binary}}, note: {{type: string}}}}}}
      responses: {{"200": {{description: ok}}}}
  /raw:
    put:
      operationId: putRaw
      requestBody:
        content:
          application/octet-stream:
            schema: {{type: string, format: binary}}
      responses: {{"200": {{description: ok}}}}
  /secure/key: {{get: {{operationId: withKey, security: [{{key: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/query: {{get: {{operationId: withQueryKey, security: [{{qkey: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/cookie: {{get: {{operationId: withCookieKey, security: [{{ckey: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/bearer: {{get: {{operationId: withBearer, security: [{{bearer: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/basic: {{get: {{operationId: withBasic, security: [{{basic: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/cc: {{get: {{operationId: withClientCredentials, security: [{{cc: [read]}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/rotate: {{get: {{operationId: withRotatingToken, security: [{{rotating: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /secure/missing: {{get: {{operationId: needsMissing, security: [{{missing: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /status/{{code}}:
    get:
      operationId: status
      parameters: [{{name: code, in: path, required: true, schema: {{type: integer}}}}]
      responses: {{"200": {{description: ok}}}}
  /slow: {{get: {{operationId: slow, responses: {{"200": {{description: ok}}}}}}}}
  /image: {{get: {{operationId: image, responses: {{"200": {{description: ok}}}}}}}}
  /big: {{get: {{operationId: big, responses: {{"200": {{description: ok}}}}}}}}
  /redirect: {{get: {{operationId: redirect, security: [{{key: []}}], responses: {{"200": {{description: ok}}}}}}}}
  /danger:
    delete:
      operationId: danger
      x-mcp-confirm: true
      responses: {{"204": {{description: gone}}}}
"##
    )
}

fn header<'a>(r: &'a Recorded, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The client session every e2e test runs: calls in order, then the recorder's requests.
fn e2e_calls() -> Vec<(&'static str, Value)> {
    vec![
        (
            "getItem",
            json!({"id": 10000000, "tags": ["a b", "c"], "filter": {"gte": 5}, "X-Trace": "t1", "pref": "dark"}),
        ),
        ("createItem", json!({"name": "rex", "count": 2})),
        ("postForm", json!({"email": "a+b@x.io", "metadata": {"k": "v"}})),
        ("upload", json!({"file": "AAEC", "note": "hi"})),
        ("putRaw", json!({"body": "/w=="})),
        ("withKey", json!({})),
        ("withQueryKey", json!({})),
        ("withCookieKey", json!({})),
        ("withBearer", json!({})),
        ("withBasic", json!({})),
        ("withClientCredentials", json!({})),
        ("needsMissing", json!({})),
        ("status", json!({"code": 404})),
        ("status", json!({"code": 503})),
        ("slow", json!({})),
        ("image", json!({})),
        ("big", json!({})),
        ("redirect", json!({})),
        ("danger", json!({})),
        ("createItem", json!({"count": "many"})),
        ("withRotatingToken", json!({})),
    ]
}

/// Every credential the recorder document's schemes read; none may reach tool output.
const SECRETS: [(&str, &str); 10] = [
    ("VEYSI_AUTH_KEY", "k-secret"),
    ("VEYSI_AUTH_QKEY", "q-secret"),
    ("VEYSI_AUTH_CKEY", "c-secret"),
    ("VEYSI_AUTH_BEARER", "b-secret"),
    ("VEYSI_AUTH_BASIC_USERNAME", "alice"),
    ("VEYSI_AUTH_BASIC_PASSWORD", "pw"),
    ("VEYSI_AUTH_CC_CLIENT_ID", "client"),
    ("VEYSI_AUTH_CC_CLIENT_SECRET", "cc-secret"),
    ("VEYSI_AUTH_ROTATING_CLIENT_ID", "rot-id"),
    ("VEYSI_AUTH_ROTATING_CLIENT_SECRET", "r-secret"),
];

fn client_args(calls: &[(&'static str, Value)]) -> Vec<String> {
    let mut args = vec!["--list".to_owned()];
    for (name, arguments) in calls {
        args.extend(["--call".to_owned(), (*name).to_owned(), arguments.to_string()]);
    }
    args
}

fn veysi_command(spec: &Path, extra: &[&str]) -> Vec<String> {
    let mut cmd =
        vec![env!("CARGO_BIN_EXE_veysi").to_owned(), "mcp".into(), "openapi".into(), "--spec".into()];
    cmd.push(spec.display().to_string());
    cmd.extend(["--all", "--timeout", "1s", "--max-response-bytes", "1000"].map(str::to_owned));
    cmd.extend(extra.iter().map(|s| (*s).to_owned()));
    cmd
}

fn text_of(result: &Value) -> String {
    result["content"]
        .as_array()
        .map(|c| c.iter().filter_map(|b| b["text"].as_str()).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default()
}

fn check_session(out: &Value, recorded: &[Recorded]) {
    let calls = out["calls"].as_array().unwrap();
    let result = |i: usize| &calls[i]["result"];
    let by_path = |p: &str| {
        recorded
            .iter()
            .find(|r| r.uri.split('?').next() == Some(p))
            .unwrap_or_else(|| panic!("no request to {p}"))
    };

    // Tools as clients see them.
    let tools = out["tools"].as_array().unwrap();
    let get_item = tools.iter().find(|t| t["name"] == "getItem").unwrap();
    assert_eq!(get_item["annotations"]["readOnlyHint"], true);
    assert_eq!(get_item["inputSchema"]["required"], json!(["id"]));

    // Parameter locations and styles.
    let r = by_path("/items/10000000");
    assert_eq!(r.method, "GET");
    assert_eq!(r.uri, "/items/10000000?tags=a%20b&tags=c&filter[gte]=5");
    assert_eq!(header(r, "x-trace"), Some("t1"));
    assert_eq!(header(r, "cookie"), Some("pref=dark"));
    assert!(r.body.is_empty(), "a GET with header and cookie parameters has no body");
    assert_eq!(result(0)["structuredContent"], json!({"ok": true, "items": [1, 2]}));
    assert_eq!(text_of(result(0)), r#"{"ok":true,"items":[1,2]}"#, "compact JSON, the API's key order");

    // Bodies.
    let r = by_path("/items");
    assert_eq!((r.method.as_str(), header(r, "content-type")), ("POST", Some("application/json")));
    assert_eq!(String::from_utf8_lossy(&r.body), r#"{"name":"rex","count":2}"#);
    let r = by_path("/forms");
    assert_eq!(header(r, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(String::from_utf8_lossy(&r.body), "email=a%2Bb%40x.io&metadata[k]=v");
    let r = by_path("/upload");
    assert!(header(r, "content-type").unwrap().starts_with("multipart/form-data; boundary="));
    let body = String::from_utf8_lossy(&r.body);
    assert!(
        body.contains("name=\"file\"; filename=\"file\"") && body.contains("name=\"note\"\r\n\r\nhi"),
        "{body}"
    );
    assert!(r.body.windows(3).any(|w| w == [0, 1, 2]), "file bytes decoded from base64");
    let r = by_path("/raw");
    assert_eq!(
        (r.method.as_str(), header(r, "content-type"), r.body.as_slice()),
        ("PUT", Some("application/octet-stream"), &[0xff][..])
    );

    // Auth schemes, from VEYSI_AUTH_<SCHEME> variables only.
    assert_eq!(header(by_path("/secure/key"), "x-api-key"), Some("k-secret"));
    assert_eq!(by_path("/secure/query").uri, "/secure/query?api_key=q-secret");
    assert_eq!(header(by_path("/secure/cookie"), "cookie"), Some("session=c-secret"));
    assert_eq!(header(by_path("/secure/bearer"), "authorization"), Some("Bearer b-secret"));
    assert_eq!(header(by_path("/secure/basic"), "authorization"), Some("Basic YWxpY2U6cHc="));
    let token = by_path("/token");
    assert_eq!(String::from_utf8_lossy(&token.body), "grant_type=client_credentials&scope=read");
    assert_eq!(header(token, "authorization"), Some("Basic Y2xpZW50OmNjLXNlY3JldA=="));
    assert_eq!(header(by_path("/secure/cc"), "authorization"), Some("Bearer tok-123"));
    let missing = text_of(result(11));
    assert_eq!(result(11)["isError"], true);
    assert!(missing.starts_with("Missing credential") && missing.contains("VEYSI_AUTH_MISSING"), "{missing}");
    assert!(
        !recorded.iter().any(|r| r.uri.starts_with("/secure/missing")),
        "nothing is sent without the credential"
    );

    // The error table.
    assert_eq!(result(12)["isError"], true);
    assert!(
        text_of(result(12)).starts_with("HTTP 404 Not Found\n{\"message\": \"status 404\"}"),
        "{}",
        text_of(result(12))
    );
    assert!(text_of(result(13)).starts_with("Upstream server error: HTTP 503"), "{}", text_of(result(13)));
    assert!(
        text_of(result(14)).starts_with("Request timed out after 1s (GET http://"),
        "{}",
        text_of(result(14))
    );
    assert_eq!(result(15)["content"][0]["type"], "image");
    assert_eq!(result(15)["content"][0]["mimeType"], "image/png");
    let big = text_of(result(16));
    assert!(
        big.starts_with("xxx")
            && big.contains("[truncated: the response is 300000 bytes; showing the first 1000"),
        "{big}"
    );
    let redirect = text_of(result(17));
    assert!(
        redirect.contains("HTTP 302")
            && redirect.contains("elsewhere.example")
            && !redirect.contains("k-secret"),
        "{redirect}"
    );
    assert!(text_of(result(18)).contains("confirm"), "x-mcp-confirm without confirm: {}", result(18));
    assert_eq!(result(18)["isError"], true);
    assert!(!recorded.iter().any(|r| r.uri.starts_with("/danger")), "an unconfirmed call sends nothing");
    let invalid = text_of(result(19));
    assert!(invalid.contains("argument `count`") && invalid.contains("name"), "{invalid}");

    // A revoked OAuth2 token is replaced, once.
    assert_ne!(result(20)["isError"], true, "{}", result(20));
    let rotations: Vec<&Recorded> = recorded.iter().filter(|r| r.uri == "/secure/rotate").collect();
    assert_eq!(rotations.len(), 2);
    assert_eq!(header(rotations[1], "authorization"), Some("Bearer tok-2"));

    // Secrets never reach tool output.
    let all_text = out.to_string();
    for (_, secret) in SECRETS {
        assert!(!all_text.contains(secret), "secret {secret} leaked into tool output");
    }
}

fn spec_file(dir: &Path, upstream: SocketAddr) -> std::path::PathBuf {
    let path = dir.join("recorder.yaml");
    std::fs::write(&path, recorder_doc(upstream)).unwrap();
    path
}

fn env_args() -> Vec<String> {
    SECRETS.iter().flat_map(|(k, v)| ["--env".to_owned(), format!("{k}={v}")]).collect()
}

#[test]
#[ignore = "needs the Python mcp package"]
fn a_real_client_over_stdio_gets_exact_requests_and_the_error_table() {
    let (upstream, recorder) = start_upstream();
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_file(dir.path(), upstream);
    let calls = e2e_calls();
    let mut args = client_args(&calls);
    args.extend(env_args());
    args.push("--stdio".into());
    args.extend(veysi_command(&spec, &[]));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = mcp_client(&args);
    check_session(&out, &recorder.take());
}

#[test]
#[ignore = "needs the Python mcp package"]
fn a_real_client_over_streamable_http() {
    let (upstream, recorder) = start_upstream();
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_file(dir.path(), upstream);
    let addr = support::free_addr();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_veysi"));
    server.args(&veysi_command(&spec, &["--http", &addr.to_string(), "--http-token-env", "MCP_TOKEN"])[1..]);
    for (k, v) in SECRETS {
        server.env(k, v);
    }
    let mut child =
        server.env("MCP_TOKEN", "http-t0ken").stderr(std::process::Stdio::null()).spawn().unwrap();
    wait_for_port(addr);
    let calls = e2e_calls();
    let mut args = client_args(&calls);
    args.extend([
        "--header".into(),
        "Authorization: Bearer http-t0ken".into(),
        "--http".into(),
        format!("http://{addr}/mcp"),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = mcp_client(&args);
    let _ = child.kill();
    let _ = child.wait();
    check_session(&out, &recorder.take());
}

fn wait_for_port(addr: SocketAddr) {
    for _ in 0..200 {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("nothing listens on {addr}");
}

#[test]
#[ignore = "needs the Python mcp package"]
fn connection_failures_are_tool_errors_and_dynamic_mode_calls_through() {
    let closed = support::free_addr();
    let calls = [
        ("search_operations", json!({"query": "forecast"})),
        ("describe_operation", json!({"name": "getForecast"})),
        (
            "call_operation",
            json!({"name": "getForecast", "arguments": {"latitude": 52.52, "longitude": 13.41}}),
        ),
        ("call_operation", json!({"name": "getForecast", "arguments": {"latitude": "north"}})),
    ];
    let out = weather_session(&calls, &["--tools", "dynamic"], &format!("http://{closed}"));
    assert_eq!(tool_names(&out), ["search_operations", "describe_operation", "call_operation"]);
    let calls = out["calls"].as_array().unwrap();
    assert_eq!(calls[0]["result"]["structuredContent"]["operations"][0]["name"], "getForecast");
    assert_eq!(
        calls[1]["result"]["structuredContent"]["input_schema"]["required"],
        json!(["latitude", "longitude"])
    );
    let refused = text_of(&calls[2]["result"]);
    assert!(refused.starts_with("Failed to connect to upstream (GET http://"), "{refused}");
    assert_eq!(calls[2]["result"]["isError"], true);
    assert!(text_of(&calls[3]["result"]).contains("argument `latitude`"), "{}", calls[3]);
}

#[test]
#[ignore = "needs the Python mcp package"]
fn the_weather_example_answers_through_a_local_stub() {
    let (upstream, recorder) = start_upstream();
    let calls =
        [("getForecast", json!({"latitude": 52.52, "longitude": 13.41, "current": "temperature_2m"}))];
    let out = weather_session(&calls, &[], &format!("http://{upstream}"));
    let names = tool_names(&out);
    assert_eq!(names, ["getForecast", "getElevation"], "the article's two tools, case kept");
    let forecast = &out["tools"][0]["inputSchema"]["properties"];
    assert!(
        forecast["latitude"]["description"].as_str().unwrap().contains("Latitude"),
        "parameter descriptions are kept"
    );
    let result = &out["calls"][0]["result"];
    assert_eq!(result["structuredContent"]["current"]["temperature_2m"], 3.5, "{result}");
    let recorded = recorder.take();
    assert_eq!(recorded[0].uri, "/v1/forecast?latitude=52.52&longitude=13.41&current=temperature_2m");
}

/// A real client session with `veysi mcp openapi --spec examples/weather.yaml` over stdio.
fn weather_session(calls: &[(&'static str, Value)], flags: &[&str], server_url: &str) -> Value {
    let mut args = client_args(calls);
    args.push("--stdio".into());
    args.extend(
        [env!("CARGO_BIN_EXE_veysi"), "mcp", "openapi", "--spec", "examples/weather.yaml"].map(str::to_owned),
    );
    args.extend(flags.iter().map(|f| (*f).to_owned()));
    args.extend(["--server-url".to_owned(), server_url.to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    mcp_client(&args)
}

fn tool_names(out: &Value) -> Vec<&str> {
    out["tools"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect()
}

// ---------------------------------------------------------------------------------------------
// Configuration, documents from URLs, retries.

#[test]
fn config_file_and_environment_variables_set_every_flag() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("veysi.yaml");
    std::fs::write(&config, "spec: examples/weather.yaml\nall: true\nexclude-op: [getElevation]\nserver-url: http://127.0.0.1:9\n")
        .unwrap();
    let out = veysi().args(["mcp", "openapi", "--list", "--json", "--config"]).arg(&config).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names: Vec<String> = json_of(&out)["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["getForecast"]);

    // Environment variables (names a shell can set) and flags beat the file.
    let out = veysi()
        .args(["mcp", "openapi", "--list", "--json", "--config"])
        .arg(&config)
        .env("VEYSI_MCP_EXCLUDE_OP", "getForecast")
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["tools"][0]["name"], "getElevation");
    let out = veysi()
        .args(["mcp", "openapi", "--list", "--json", "--exclude-op", "none", "--config"])
        .arg(&config)
        .env("VEYSI_MCP_EXCLUDE_OP", "getForecast")
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["tools"].as_array().unwrap().len(), 2);

    std::fs::write(&config, "spec: x.yaml\nauth-token: sk_live_secret\n").unwrap();
    let out = veysi().args(["mcp", "openapi", "--list", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "unknown keys (a secret in the file) are a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("auth-token") && !stderr.contains("sk_live_secret"), "{stderr}");
}

#[test]
fn bad_flag_combinations_are_usage_errors() {
    let out = veysi().args(["mcp", "openapi", "--list"]).env_remove("VEYSI_MCP_SPEC").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--spec"));
    let out = veysi()
        .args(["mcp", "openapi", "--spec", "examples/weather.yaml", "--auth-type", "bearer", "--list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--auth-token-env"));
    let out = veysi().args(["mcp", "openapi", "--spec", "x", "--timeout", "soon"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = veysi()
        .args(["mcp", "openapi", "--spec", "examples/weather.yaml", "--http", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

fn fetch_options() -> veysi::mcp::openapi::source::FetchOptions {
    veysi::mcp::openapi::source::FetchOptions { timeout: Duration::from_secs(5), allow_remote_refs: false }
}

fn all_tools() -> veysi::mcp::openapi::tools::BuildOptions {
    veysi::mcp::openapi::tools::BuildOptions {
        selection: veysi::mcp::openapi::select::Selection { all: true, ..Default::default() },
        ..Default::default()
    }
}

#[tokio::test]
async fn documents_from_urls_resolve_relative_servers_and_external_refs() {
    let (upstream, recorder) = start_upstream();
    recorder.serve_file(
        "/specs/api.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: /api/v2}]\npaths:\n  /pets:\n    post:\n      \
         operationId: addPet\n      requestBody:\n        content:\n          application/json:\n            schema: \
         {$ref: 'common/pet.yaml'}\n      responses: {'200': {description: ok}}\n"
            .to_owned(),
    );
    recorder.serve_file(
        "/specs/common/pet.yaml",
        "type: object\nproperties:\n  name: {type: [string, 'null']}\n".to_owned(),
    );
    let doc = veysi::mcp::openapi::load(&format!("http://{upstream}/specs/api.yaml"), fetch_options())
        .await
        .unwrap();
    let catalog = veysi::mcp::openapi::tools::build(&doc, &all_tools());
    let tool = &catalog.tools[0];
    assert_eq!(tool.base_url.as_deref(), Ok(format!("http://{upstream}/api/v2").as_str()));
    assert_eq!(tool.spec.input_schema["properties"]["name"]["type"], json!(["string", "null"]));
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_503_and_others_are_not() {
    use veysi::mcp::openapi::call::{CallOptions, Executor};
    let (upstream, recorder) = start_upstream();
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("flaky.yaml");
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'http://{upstream}'}}]\npaths:\n  /flaky:\n    \
             get: {{operationId: getFlaky, responses: {{'200': {{description: ok}}}}}}\n  /busy:\n    \
             post: {{operationId: postBusy, responses: {{'200': {{description: ok}}}}}}\n"
        ),
    )
    .unwrap();
    let doc = veysi::mcp::openapi::load(spec.to_str().unwrap(), fetch_options()).await.unwrap();
    let catalog = veysi::mcp::openapi::tools::build(&doc, &all_tools());
    let options = |retries| CallOptions {
        timeout: Duration::from_secs(5),
        max_response_bytes: 1000,
        retries,
        rate_limit: Some(50.0),
    };
    let post = Executor::new(Default::default(), options(3))
        .unwrap()
        .call(&catalog.tools[1], Default::default())
        .await;
    assert!(post.is_error, "POST is not retried: {post:?}");
    assert_eq!(recorder.count("/busy"), 1);
    let get = Executor::new(Default::default(), options(3))
        .unwrap()
        .call(&catalog.tools[0], Default::default())
        .await;
    assert!(!get.is_error, "GET is retried after 503 + Retry-After: {get:?}");
    assert_eq!(recorder.count("/flaky"), 2, "one 503, then success");
}

#[test]
fn stdio_carries_only_protocol_on_stdout_and_exits_cleanly_at_eof() {
    let session = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
    ];
    let stdin: String = session.iter().map(|m| format!("{m}\n")).collect();
    let out = veysi()
        .args(["mcp", "openapi", "--spec", "examples/weather.yaml", "--server-url", "http://127.0.0.1:9"])
        .write_stdin(stdin)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "EOF on stdin ends the server cleanly: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let replies: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON-RPC line ({e}): {l:?}")))
        .collect();
    assert_eq!(replies.len(), 2, "{stdout}");
    assert!(replies.iter().all(|r| r["jsonrpc"] == "2.0"));
    assert_eq!(replies[1]["id"], 2);
    assert_eq!(replies[1]["result"]["tools"].as_array().unwrap().len(), 2);
}
