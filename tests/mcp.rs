//! The shared MCP serving layer (`veysi::mcp`) driven by a real MCP client (the Python `mcp`
//! package) over Streamable HTTP and legacy SSE; stdio is exercised end to end by the tools
//! that serve over it (tests/mcp_openapi.rs).

mod support;

use std::net::SocketAddr;

use serde_json::{Value, json};
use veysi::mcp::{
    Annotations, CancellationToken, HttpListener, HttpOptions, JsonObject, ServerIdentity, ToolHandler,
    ToolOutput, ToolServer, ToolSpec,
};

struct Demo;

impl ToolHandler for Demo {
    async fn call(&self, name: &str, arguments: JsonObject) -> ToolOutput {
        match name {
            "add" => {
                let a = arguments.get("a").and_then(Value::as_i64).unwrap_or(0);
                let b = arguments.get("b").and_then(Value::as_i64).unwrap_or(0);
                ToolOutput::json(json!({"sum": a + b}))
            }
            _ => ToolOutput::error("this tool always fails"),
        }
    }
}

fn object(value: Value) -> JsonObject {
    value.as_object().cloned().unwrap_or_default()
}

fn demo_server() -> ToolServer<Demo> {
    let add = ToolSpec::new(
        "add",
        "Adds two integers",
        object(json!({
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
            "additionalProperties": false
        })),
    )
    .with_annotations(Annotations::read_only())
    .with_output_schema(object(json!({"type": "object", "properties": {"sum": {"type": "integer"}}})));
    let fail = ToolSpec::new("fail", "Always fails", object(json!({"type": "object"})));
    ToolServer::new(ServerIdentity::new("veysi-test"), vec![add, fail], Demo).unwrap()
}

/// Serves the demo tools over HTTP on a free loopback port; cancel the token to stop.
async fn start(
    options: impl FnOnce(&mut HttpOptions),
) -> (SocketAddr, CancellationToken, tokio::task::JoinHandle<()>) {
    let mut opts = HttpOptions::new(SocketAddr::from(([127, 0, 0, 1], 0)));
    options(&mut opts);
    let listener = HttpListener::bind(opts).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = CancellationToken::new();
    let serve = listener.serve(demo_server(), stop.clone());
    let task = tokio::spawn(async move { serve.await.unwrap() });
    (addr, stop, task)
}

async fn client(args: Vec<String>) -> Value {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        support::mcp_client(&args)
    })
    .await
    .unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

fn assert_demo_session(out: &Value) {
    let tools = out["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["add", "fail"]);
    assert_eq!(tools[0]["annotations"]["readOnlyHint"], json!(true));
    assert_eq!(tools[0]["annotations"]["destructiveHint"], json!(false));
    assert_eq!(tools[0]["outputSchema"]["properties"]["sum"]["type"], json!("integer"));

    let calls = out["calls"].as_array().unwrap();
    assert_eq!(calls[0]["result"]["structuredContent"], json!({"sum": 5}));
    assert_eq!(calls[0]["result"]["content"][0]["text"], json!("{\"sum\":5}"));
    assert_eq!(calls[1]["result"]["isError"], json!(true), "{}", calls[1]);
    let bad = calls[1]["result"]["content"][0]["text"].as_str().unwrap();
    assert!(bad.contains("argument `a`"), "invalid arguments name the argument: {bad}");
    assert_eq!(calls[2]["result"]["isError"], json!(true));
    assert_eq!(calls[2]["result"]["content"][0]["text"], json!("this tool always fails"));
    assert_eq!(calls[3]["error"]["code"], json!(-32602), "unknown tools are protocol errors: {}", calls[3]);
}

const SESSION: [&str; 9] = [
    "--list",
    "--call",
    "add",
    r#"{"a": 2, "b": 3}"#,
    "--call",
    "add",
    r#"{"a": "two", "b": 3}"#,
    "--call",
    "fail",
];

fn session_args(transport: &[&str]) -> Vec<String> {
    let mut args = strings(&SESSION);
    args.extend(strings(&["{}", "--call", "nope", "{}"]));
    args.extend(strings(transport));
    args
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Python mcp package"]
async fn streamable_http_serves_a_real_client_in_both_protocol_modes() {
    let (addr, stop, task) = start(|_| {}).await;
    let url = format!("http://{addr}/mcp");
    for mode in ["legacy", "auto"] {
        let out = client(session_args(&["--mode", mode, "--http", &url])).await;
        assert_demo_session(&out);
    }
    stop.cancel();
    task.await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Python mcp package"]
async fn legacy_sse_serves_a_real_client() {
    let (addr, stop, task) = start(|o| o.legacy_sse = true).await;
    let out = client(session_args(&["--sse", &format!("http://{addr}/sse")])).await;
    assert_demo_session(&out);
    stop.cancel();
    task.await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the Python mcp package"]
async fn bearer_token_is_required_when_set() {
    let (addr, stop, task) = start(|o| o.bearer_token = Some("t0ken".into())).await;
    let url = format!("http://{addr}/mcp");
    let ok = client(strings(&["--list", "--header", "Authorization: Bearer t0ken", "--http", &url])).await;
    assert_eq!(ok["tools"].as_array().unwrap().len(), 2);
    stop.cancel();
    task.await.unwrap();
}

/// Raw HTTP, to see the status codes a browser-borne attack would get.
async fn post_status(addr: SocketAddr, extra_headers: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
    let request = format!(
        "POST /mcp HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra_headers}\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .unwrap()
        .unwrap();
    let head = String::from_utf8_lossy(&response);
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn dns_rebinding_and_foreign_origins_are_refused() {
    let (addr, stop, task) = start(|o| o.bearer_token = Some("t0ken".into())).await;
    let auth = "Authorization: Bearer t0ken\r\n";
    assert_eq!(post_status(addr, &format!("Host: attacker.example:{}\r\n{auth}", addr.port())).await, 403);
    assert_eq!(
        post_status(addr, &format!("Host: {addr}\r\nOrigin: http://attacker.example\r\n{auth}")).await,
        403
    );
    assert_eq!(post_status(addr, &format!("Host: {addr}\r\n")).await, 401, "no token");
    assert_eq!(post_status(addr, &format!("Host: {addr}\r\nAuthorization: Bearer wrong\r\n")).await, 401);
    let allowed =
        post_status(addr, &format!("Host: {addr}\r\nOrigin: http://localhost:6274\r\n{auth}")).await;
    assert!(allowed != 403 && allowed != 401, "a loopback origin with the token passes the guard: {allowed}");
    stop.cancel();
    task.await.unwrap();
}
