//! `veysi http bench`: the load generator's accounting, error classes, open model and
//! coordinated-omission correction against test servers started here, and the binary end to end.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use veysi::http::client::Engine;
use veysi::http::{BenchSummary, Length, Live, LoadConfig, RequestSpec, Target, load};

/// Both client engines: every accounting test runs on each, so they cross-check.
const ENGINES: [Engine; 2] = [Engine::Native, Engine::Hyper];

/// What the test server does with the n-th request it receives (0-based, across connections).
#[derive(Debug, Clone, Copy)]
enum Action {
    /// Answer with this status and body after `delay`.
    Respond { status: u16, body: &'static str, delay: Duration },
    /// Close the connection with a TCP reset instead of answering.
    Reset,
    /// Answer with bytes that are not HTTP.
    Garbage,
    /// Answer with this raw response, then close the connection when `close` is set.
    Raw { bytes: &'static str, close: bool },
}

const OK: Action = Action::Respond { status: 200, body: "Hello, World!", delay: Duration::ZERO };

/// Length of the test server's answer to `OK` (status line, headers, body).
fn ok_response_len() -> u64 {
    response_bytes(200, "Hello, World!").len() as u64
}

fn response_bytes(status: u16, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that counts every request it reads and acts on
/// each as `behaviour` says. Stops when dropped.
struct TestServer {
    addr: std::net::SocketAddr,
    received: Arc<AtomicU64>,
    /// The bytes of the first request received (head and body).
    first: Arc<std::sync::Mutex<Vec<u8>>>,
    _rt: tokio::runtime::Runtime,
}

impl TestServer {
    fn start(behaviour: impl Fn(u64) -> Action + Send + Sync + 'static) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(AtomicU64::new(0));
        let behaviour: Arc<dyn Fn(u64) -> Action + Send + Sync> = Arc::new(behaviour);
        let counter = Arc::clone(&received);
        let first = Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = Arc::clone(&first);
        rt.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&counter), Arc::clone(&keep), Arc::clone(&behaviour)));
            }
        });
        Self { addr, received, first, _rt: rt }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn received(&self) -> u64 {
        self.received.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    counter: Arc<AtomicU64>,
    first: Arc<std::sync::Mutex<Vec<u8>>>,
    behaviour: Arc<dyn Fn(u64) -> Action + Send + Sync>,
) {
    let mut buf = Vec::with_capacity(4096);
    loop {
        // Read until one complete request head (and its Content-Length body) is buffered.
        let consumed = loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut req = httparse::Request::new(&mut headers);
            if let Ok(httparse::Status::Complete(head)) = req.parse(&buf) {
                let body = req
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                    .and_then(|h| std::str::from_utf8(h.value).ok()?.parse::<usize>().ok())
                    .unwrap_or(0);
                if buf.len() >= head + body {
                    break head + body;
                }
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let n = counter.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            *first.lock().unwrap() = buf[..consumed].to_vec();
        }
        buf.drain(..consumed);
        match behaviour(n) {
            Action::Respond { status, body, delay } => {
                tokio::time::sleep(delay).await;
                if stream.write_all(&response_bytes(status, body)).await.is_err() {
                    return;
                }
            }
            Action::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            Action::Garbage => {
                let _ = stream.write_all(b"this is not HTTP at all\r\n\r\n").await;
                return;
            }
            Action::Raw { bytes, close } => {
                if stream.write_all(bytes.as_bytes()).await.is_err() || close {
                    return;
                }
            }
        }
    }
}

fn config(url: &str, connections: usize, length: Length) -> LoadConfig {
    config_with(Engine::Native, url, connections, length)
}

fn config_with(engine: Engine, url: &str, connections: usize, length: Length) -> LoadConfig {
    let target = Target::parse(url).unwrap();
    LoadConfig {
        request: RequestSpec::get(&target),
        target,
        connections,
        threads: 2,
        length,
        warmup: Duration::ZERO,
        rate: None,
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        engine,
    }
}

fn bench(config: &LoadConfig) -> BenchSummary {
    let outcome = load::run(config, &Live::new(config.threads)).expect("the run starts");
    BenchSummary::new(config, &outcome)
}

/// Every counted request ended in exactly one way.
fn assert_accounted(s: &BenchSummary) {
    let e = &s.errors;
    assert_eq!(s.requests, s.successes + e.status + e.timeout + e.reset + e.read, "{s:#?}");
    assert_eq!(s.status_codes.values().sum::<u64>(), s.successes + e.status, "{s:#?}");
}

#[test]
fn request_count_bytes_and_status_codes_are_exact() {
    for engine in ENGINES {
        let server = TestServer::start(|_| OK);
        let s = bench(&config_with(engine, &server.url("/"), 8, Length::Requests(2_000)));
        assert_eq!(s.requests, 2_000, "{engine:?}");
        assert_eq!(server.received(), 2_000, "{engine:?}: the server saw exactly the requests counted");
        assert_eq!(s.successes, 2_000);
        assert_eq!(s.status_codes.get("200"), Some(&2_000));
        assert_eq!(s.bytes_received, 2_000 * ok_response_len(), "{engine:?}");
        assert!(s.latency_ms.p50 > 0.0 && s.latency_ms.p50 <= s.latency_ms.max, "{s:#?}");
        assert_accounted(&s);
    }
}

#[test]
fn a_timed_run_counts_what_the_server_received_including_the_last_responses() {
    let server = TestServer::start(|_| OK);
    let s = bench(&config(&server.url("/"), 4, Length::Duration(Duration::from_millis(400))));
    assert!(s.requests > 0);
    assert_eq!(s.requests, server.received());
    assert_eq!(s.successes, s.requests);
    assert_accounted(&s);
}

#[test]
fn status_500_is_counted_as_a_status_error_not_a_transport_error() {
    for engine in ENGINES {
        let server = TestServer::start(|n| {
            if n % 4 == 0 { Action::Respond { status: 500, body: "oops", delay: Duration::ZERO } } else { OK }
        });
        let s = bench(&config_with(engine, &server.url("/"), 3, Length::Requests(400)));
        assert_eq!((s.requests, s.errors.status, s.successes), (400, 100, 300), "{engine:?}");
        assert_eq!(s.status_codes.get("500"), Some(&100));
        assert_eq!(s.errors.transport(), 0);
        assert_accounted(&s);
    }
}

#[test]
fn resets_are_counted_and_the_connection_is_reopened() {
    for engine in ENGINES {
        let server = TestServer::start(|n| if n % 5 == 4 { Action::Reset } else { OK });
        let s = bench(&config_with(engine, &server.url("/"), 4, Length::Requests(500)));
        assert_eq!(s.requests, 500, "{engine:?}");
        assert_eq!(server.received(), 500, "{engine:?}");
        assert_eq!(s.errors.reset, 100, "{engine:?}: {s:#?}");
        assert_eq!(s.successes, 400);
        assert_accounted(&s);
    }
}

#[test]
fn stalls_past_the_timeout_are_timeouts() {
    let stall = Action::Respond { status: 200, body: "late", delay: Duration::from_secs(2) };
    for engine in ENGINES {
        let server = TestServer::start(move |n| if n % 10 == 9 { stall } else { OK });
        let mut c = config_with(engine, &server.url("/"), 4, Length::Requests(100));
        c.timeout = Duration::from_millis(150);
        let s = bench(&c);
        assert_eq!(s.requests, 100, "{engine:?}");
        assert_eq!(s.errors.timeout, 10, "{engine:?}: {s:#?}");
        assert_eq!(s.successes, 90);
        assert!(s.latency_ms.max < 150.0, "timed-out requests have no latency: {s:#?}");
        assert_accounted(&s);
    }
}

#[test]
fn malformed_responses_are_read_errors() {
    for engine in ENGINES {
        let server = TestServer::start(|n| if n % 2 == 1 { Action::Garbage } else { OK });
        let s = bench(&config_with(engine, &server.url("/"), 2, Length::Requests(100)));
        assert_eq!((s.requests, s.errors.read, s.successes), (100, 50, 50), "{engine:?}: {s:#?}");
        assert_accounted(&s);
    }
}

#[test]
fn chunked_bodies_interim_responses_and_server_side_closes_are_successes() {
    const CHUNKED: &str = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    const CONTINUE: &str = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
    const LAST: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok";
    const UNTIL_CLOSE: &str = "HTTP/1.1 200 OK\r\n\r\nbody until the connection closes";
    for engine in ENGINES {
        let server = TestServer::start(|n| match n % 4 {
            0 => Action::Raw { bytes: CHUNKED, close: false },
            1 => Action::Raw { bytes: CONTINUE, close: false },
            2 => Action::Raw { bytes: LAST, close: true },
            _ => Action::Raw { bytes: UNTIL_CLOSE, close: true },
        });
        let s = bench(&config_with(engine, &server.url("/"), 3, Length::Requests(400)));
        assert_eq!((s.requests, s.successes), (400, 400), "{engine:?}: {s:#?}");
        assert_eq!(server.received(), 400, "{engine:?}");
        assert_eq!(s.status_codes.get("204"), Some(&100), "{engine:?}");
        assert_eq!(s.errors.connect, 0, "{engine:?}");
    }
}

#[test]
fn method_headers_and_body_reach_the_server() {
    for engine in ["native", "hyper"] {
        let server = TestServer::start(|_| OK);
        let out = support::veysi()
            .args(["http", "bench", &server.url("/submit?x=1"), "-n", "20", "-c", "2", "--json"])
            .args(["--engine", engine, "-m", "PUT", "-H", "X-Test: yes", "--body", "hello body"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(support::json_of(&out)["successes"], 20, "{engine}");
        let first = String::from_utf8(server.first.lock().unwrap().clone()).unwrap();
        let lower = first.to_ascii_lowercase();
        assert!(first.starts_with("PUT /submit?x=1 HTTP/1.1\r\n"), "{engine}: {first}");
        assert!(
            lower.contains("x-test: yes\r\n") && lower.contains("content-length: 10\r\n"),
            "{engine}: {first}"
        );
        assert!(lower.contains(&format!("host: {}\r\n", server.addr)), "{engine}: {first}");
        assert!(first.ends_with("\r\n\r\nhello body"), "{engine}: {first}");
    }
}

#[test]
fn large_bodies_stream_through_and_every_byte_is_counted() {
    let body = "x".repeat(300_000);
    let response: &'static str = Box::leak(
        format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}", body.len()).into_boxed_str(),
    );
    for engine in ENGINES {
        let server = TestServer::start(move |_| Action::Raw { bytes: response, close: false });
        let s = bench(&config_with(engine, &server.url("/"), 2, Length::Requests(20)));
        assert_eq!(s.successes, 20, "{engine:?}: {s:#?}");
        assert_eq!(s.bytes_received, 20 * response.len() as u64, "{engine:?}");
    }
}

#[test]
fn an_idle_connection_the_server_closed_is_reopened_not_counted_as_an_error() {
    // The server answers and then closes without saying so (a keep-alive timeout, in effect);
    // at 100 requests/s over 2 connections the close arrives long before the next request.
    const SILENT_CLOSE: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
    for engine in ENGINES {
        let server = TestServer::start(|_| Action::Raw { bytes: SILENT_CLOSE, close: true });
        let mut c = config_with(engine, &server.url("/"), 2, Length::Duration(Duration::from_secs(1)));
        c.rate = Some(100.0);
        let s = bench(&c);
        assert_eq!((s.requests, s.successes), (100, 100), "{engine:?}: {s:#?}");
        assert_eq!(server.received(), 100, "{engine:?}");
    }
}

#[test]
fn connection_refused_at_start_is_a_clear_error() {
    let url = format!("http://{}/", support::free_addr());
    let err = load::run(&config(&url, 2, Length::Requests(10)), &Live::new(2)).unwrap_err();
    assert!(err.to_string().contains("cannot connect"), "{err}");
}

#[test]
fn a_server_that_goes_away_produces_connect_errors_and_the_run_ends() {
    let server = TestServer::start(|_| OK);
    let url = server.url("/");
    let mut c = config(&url, 2, Length::Duration(Duration::from_secs(30)));
    c.connect_timeout = Duration::from_millis(300);
    let (tx, rx) = std::sync::mpsc::channel();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(server);
        tx.send(()).unwrap();
    });
    let s = bench(&c);
    rx.recv().unwrap();
    stopper.join().unwrap();
    assert!(s.errors.connect > 0, "{s:#?}");
    assert!(s.duration_s < 10.0, "connections gave up instead of retrying for the whole run: {s:#?}");
    assert_accounted(&s);
}

#[test]
fn warmup_requests_are_sent_but_not_counted() {
    let server = TestServer::start(|_| OK);
    let mut c = config(&server.url("/"), 2, Length::Requests(50));
    c.warmup = Duration::from_millis(200);
    let s = bench(&c);
    assert_eq!(s.requests, 50);
    assert!(server.received() > 50, "warm-up traffic reached the server: {}", server.received());
}

#[test]
fn open_model_holds_the_rate() {
    let server = TestServer::start(|_| OK);
    let mut c = config(&server.url("/"), 4, Length::Duration(Duration::from_secs(2)));
    c.rate = Some(250.0);
    let s = bench(&c);
    assert_eq!(s.requests, 500);
    assert_eq!(server.received(), 500);
    let off = (s.requests_per_s - 250.0).abs() / 250.0;
    assert!(off < 0.04, "rate {:.1}/s is {:.1}% off 250/s", s.requests_per_s, off * 100.0);
    assert_eq!(s.target_rate_per_s, Some(250.0));
}

#[test]
fn coordinated_omission_correction_raises_percentiles_when_the_server_stalls() {
    // The server pauses everything for 600 ms, a second into the run (a GC pause, say).
    let t0 = Instant::now();
    let pause = (t0 + Duration::from_millis(1000), t0 + Duration::from_millis(1600));
    let server = TestServer::start(move |_| {
        let now = Instant::now();
        let delay = if now >= pause.0 && now < pause.1 { pause.1 - now } else { Duration::ZERO };
        Action::Respond { status: 200, body: "ok", delay }
    });
    let mut c = config(&server.url("/"), 2, Length::Duration(Duration::from_secs(3)));
    c.rate = Some(200.0);
    let s = bench(&c);
    let corrected = s.latency_ms;
    let uncorrected = s.uncorrected_latency_ms.expect("the open model reports uncorrected latency too");
    // About 120 of 600 requests were due during the pause: the corrected p90 sees them
    // queue up, the send-to-answer view sees only the two requests caught in the pause.
    assert!(corrected.p90 > 100.0, "corrected {corrected:?}");
    assert!(uncorrected.p90 < 50.0, "uncorrected {uncorrected:?}");
    assert!(corrected.max >= 500.0, "corrected {corrected:?}");
}

#[test]
fn json_output_is_complete_and_counts_match_the_server() {
    let server = TestServer::start(|_| OK);
    let out = support::veysi()
        .args(["http", "bench", &server.url("/hello"), "-n", "300", "-c", "4", "-t", "2", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let j = support::json_of(&out);
    for key in [
        "url",
        "connections",
        "duration_s",
        "requests",
        "successes",
        "errors",
        "status_codes",
        "requests_per_s",
        "bytes_per_s",
        "latency_ms",
        "histogram",
    ] {
        assert!(j.get(key).is_some(), "missing {key} in {j}");
    }
    for class in ["connect", "timeout", "reset", "read", "status"] {
        assert_eq!(j["errors"][class], 0, "{j}");
    }
    for p in ["mean", "stdev", "min", "p50", "p75", "p90", "p99", "p999", "p9999", "max"] {
        assert!(j["latency_ms"][p].as_f64().is_some_and(|v| v >= 0.0), "latency_ms.{p} in {j}");
    }
    assert_eq!(j["requests"], 300);
    assert_eq!(server.received(), 300);
    assert_eq!(j["status_codes"]["200"], 300);
    assert_eq!(j["connections"], 4);
    let histogram_total: u64 =
        j["histogram"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(histogram_total, 300, "every latency is in a bucket");
}

#[test]
fn table_output_names_the_figures() {
    let server = TestServer::start(|_| OK);
    let out =
        support::veysi().args(["http", "bench", &server.url("/"), "-n", "50", "-c", "2"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["requests/s", "p99.99", "timeout", "Status codes", "50"] {
        assert!(text.contains(word), "{word} missing from\n{text}");
    }
}

#[test]
fn bad_input_is_a_clear_error_with_the_right_exit_code() {
    let unreachable = format!("http://{}/", support::free_addr());
    let cases: [(&[&str], i32, &str); 7] = [
        (&["not a url"], 2, "cannot parse URL"),
        (&["https://127.0.0.1/"], 2, "unsupported scheme"),
        (&["localhost:80"], 2, "cannot parse URL"),
        (&[&unreachable, "-n", "5"], 1, "cannot connect"),
        (&["http://127.0.0.1/", "-c", "0"], 2, "--connections"),
        (&["http://127.0.0.1/", "-H", "no colon"], 2, "Name: value"),
        (&["http://127.0.0.1/", "--rate=-5"], 2, "--rate"),
    ];
    for (args, code, message) in cases {
        support::veysi()
            .args(["http", "bench"])
            .args(args)
            .assert()
            .code(code)
            .stderr(predicates::str::contains(message));
    }
}

/// Sends one request over a fresh connection and returns the whole response as text.
fn fetch(addr: std::net::SocketAddr, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn every_stack_serves_the_same_endpoints() {
    use veysi::http::server::{RunningServer, Stack};
    for stack in Stack::ALL {
        let server = RunningServer::start(stack, "127.0.0.1:0".parse().unwrap(), 1).unwrap();
        let get = |path: &str| {
            fetch(server.addr(), &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        };
        let hello = get("/");
        assert!(hello.starts_with("HTTP/1.1 200"), "{stack}: {hello}");
        assert!(hello.to_ascii_lowercase().contains("content-type: text/plain"), "{stack}: {hello}");
        assert!(hello.ends_with("\r\n\r\nHello, World!"), "{stack}: {hello}");
        let json = get("/json");
        assert!(json.to_ascii_lowercase().contains("content-type: application/json"), "{stack}: {json}");
        assert!(json.ends_with(r#"{"message":"Hello, World!"}"#), "{stack}: {json}");
        assert!(get("/missing").starts_with("HTTP/1.1 404"), "{stack}");
    }
}

#[test]
fn the_stack_comparison_runs_end_to_end() {
    let out = support::veysi()
        .args(["http", "bench", "-d", "300ms", "--warmup", "0s", "-c", "4", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let j = support::json_of(&out);
    assert_eq!(j["baseline"], "hyper");
    let runs = j["comparison"].as_array().unwrap();
    let pairs: Vec<(String, String)> = runs
        .iter()
        .map(|r| (r["stack"].as_str().unwrap().into(), r["endpoint"].as_str().unwrap().into()))
        .collect();
    let expected: Vec<(String, String)> = ["hyper", "axum", "minimal"]
        .iter()
        .flat_map(|s| ["/", "/json"].map(|e| (s.to_string(), e.to_string())))
        .collect();
    assert_eq!(pairs, expected);
    for r in runs {
        assert!(r["requests"].as_u64().unwrap() > 0, "{r}");
        assert_eq!(r["successes"], r["requests"], "{r}");
        assert!(r["latency_ms"]["p99"].as_f64().unwrap() > 0.0, "{r}");
        assert!(r["speedup"].as_f64().unwrap() > 0.0, "{r}");
        if r["stack"] == "hyper" {
            assert_eq!(r["speedup"], 1.0);
        }
    }
}

#[test]
fn stacks_pick_a_subset_and_the_table_names_the_baseline() {
    let out = support::veysi()
        .args(["http", "bench", "--stacks", "minimal,axum", "-n", "100", "--warmup", "0s", "-c", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("vs minimal") && text.contains("axum") && !text.contains("hyper"), "{text}");
    support::veysi().args(["http", "bench", "http://127.0.0.1:1/", "--stacks", "axum"]).assert().code(2);
}

#[test]
fn serve_runs_a_stack_that_the_generator_can_load() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("veysi"))
        .args(["http", "serve", "--stack", "minimal", "--threads", "1", "--duration", "20s", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut json = String::new();
    while !json.trim_end().ends_with('}') {
        assert!(stdout.read_line(&mut json).unwrap() > 0, "serve printed {json:?} and stopped");
    }
    let url = serde_json::from_str::<serde_json::Value>(&json).unwrap()["url"].as_str().unwrap().to_owned();
    let out =
        support::veysi().args(["http", "bench", &url, "-n", "200", "-c", "4", "--json"]).output().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let j = support::json_of(&out);
    assert_eq!((j["requests"].as_u64(), j["successes"].as_u64()), (Some(200), Some(200)), "{j}");
}
