//! Our own minimal HTTP/1.1 server on tokio + httparse: the analogue of fasthttp's "don't
//! allocate, reuse". Each connection owns one input and one output buffer, reused for every
//! request; the static parts of each response are preformatted constants; the JSON body is
//! serialised into a reused buffer. Pipelined requests are answered with one write.

use std::io::{self, Write as _};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::Instant;

use super::date::with_date;
use super::{HELLO, MESSAGE};
use crate::http::deadline::Deadline;

/// Request heads larger than this are refused (431).
const MAX_HEAD: usize = 64 * 1024;
/// Request bodies larger than this are refused (413); the endpoints take none anyway.
const MAX_BODY: usize = 1024 * 1024;
/// A connection that sends nothing for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Headers per request; more is refused (431).
const MAX_HEADERS: usize = 32;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Hello,
    Json,
    NotFound,
    MethodNotAllowed,
}

/// The result of parsing the front of the input buffer.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    /// More bytes are needed.
    Partial,
    /// One complete request of `len` bytes (head and body).
    Request { len: usize, route: Route, head_only: bool, close: bool },
    /// A request we refuse with this status, closing the connection.
    Refused(u16),
}

fn parse(buf: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head = match req.parse(buf) {
        Ok(httparse::Status::Complete(head)) => head,
        Ok(httparse::Status::Partial) if buf.len() >= MAX_HEAD => return Parsed::Refused(431),
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(httparse::Error::TooManyHeaders) => return Parsed::Refused(431),
        Err(_) => return Parsed::Refused(400),
    };
    let mut close = req.version == Some(0);
    let mut body = 0;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            match std::str::from_utf8(h.value).ok().and_then(|v| v.trim().parse::<usize>().ok()) {
                Some(n) if n <= MAX_BODY => body = n,
                Some(_) => return Parsed::Refused(413),
                None => return Parsed::Refused(400),
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Parsed::Refused(501);
        } else if h.name.eq_ignore_ascii_case("connection") {
            if h.value.eq_ignore_ascii_case(b"close") {
                close = true;
            } else if h.value.eq_ignore_ascii_case(b"keep-alive") {
                close = false;
            }
        }
    }
    if buf.len() < head + body {
        return Parsed::Partial;
    }
    let path = req.path.unwrap_or("/");
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let method = req.method.unwrap_or("");
    let readable = method == "GET" || method == "HEAD";
    let route = match path {
        "/" if readable => Route::Hello,
        "/json" if readable => Route::Json,
        "/" | "/json" => Route::MethodNotAllowed,
        _ => Route::NotFound,
    };
    Parsed::Request { len: head + body, route, head_only: method == "HEAD", close }
}

/// The responses of one connection, appended to a reused output buffer.
#[derive(Debug, Default)]
struct Responses {
    out: Vec<u8>,
    json: Vec<u8>,
}

impl Responses {
    fn push(&mut self, route: Route, head_only: bool) {
        let (status, content_type, body): (&[u8], &[u8], &[u8]) = match route {
            Route::Hello => (b"200 OK", b"text/plain", HELLO.as_bytes()),
            Route::Json => {
                self.json.clear();
                // Serialising a struct of one static string into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut self.json, &MESSAGE);
                (b"200 OK", b"application/json", &self.json)
            }
            Route::NotFound => (b"404 Not Found", b"text/plain", b""),
            Route::MethodNotAllowed => (b"405 Method Not Allowed", b"text/plain", b""),
        };
        write_response(&mut self.out, status, content_type, body, head_only);
    }

    fn refuse(&mut self, status: u16) {
        let line: &[u8] = match status {
            413 => b"413 Content Too Large",
            431 => b"431 Request Header Fields Too Large",
            501 => b"501 Not Implemented",
            _ => b"400 Bad Request",
        };
        write_response(&mut self.out, line, b"text/plain", b"", false);
    }
}

fn write_response(out: &mut Vec<u8>, status: &[u8], content_type: &[u8], body: &[u8], head_only: bool) {
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(status);
    out.extend_from_slice(b"\r\ncontent-type: ");
    out.extend_from_slice(content_type);
    // Writing into a Vec cannot fail.
    let _ = write!(out, "\r\ncontent-length: {}\r\ndate: ", body.len());
    with_date(|_, date| out.extend_from_slice(date));
    out.extend_from_slice(b"\r\n\r\n");
    if !head_only {
        out.extend_from_slice(body);
    }
}

/// Serves one connection until the client closes it, asks to, idles past the timeout, or
/// sends something we refuse.
pub async fn serve_connection<IO: AsyncRead + AsyncWrite + Unpin>(mut io: IO) -> io::Result<()> {
    let mut input: Vec<u8> = Vec::with_capacity(8192);
    let mut responses = Responses { out: Vec::with_capacity(8192), json: Vec::with_capacity(64) };
    let mut idle = Deadline::new(Instant::now() + IDLE_TIMEOUT);
    loop {
        let mut consumed = 0;
        let mut close = false;
        while !close {
            match parse(&input[consumed..]) {
                Parsed::Partial => break,
                Parsed::Request { len, route, head_only, close: last } => {
                    responses.push(route, head_only);
                    consumed += len;
                    close = last;
                }
                Parsed::Refused(status) => {
                    responses.refuse(status);
                    close = true;
                }
            }
        }
        input.drain(..consumed);
        if !responses.out.is_empty() {
            io.write_all(&responses.out).await?;
            responses.out.clear();
        }
        if close {
            return io.shutdown().await;
        }
        if input.capacity() - input.len() < 1024 {
            input.reserve(8192);
        }
        match idle.within(Instant::now() + IDLE_TIMEOUT, io.read_buf(&mut input)).await {
            Some(Ok(0)) | None => return Ok(()),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(len: usize, route: Route, close: bool) -> Parsed {
        Parsed::Request { len, route, head_only: false, close }
    }

    #[test]
    fn parses_routes_bodies_and_connection_handling() {
        let get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(parse(get), request(get.len(), Route::Hello, false));
        assert_eq!(parse(b"GET /json?x=1 HTTP/1.1\r\n\r\n"), request(26, Route::Json, false));
        assert_eq!(parse(b"GET /nope HTTP/1.1\r\n\r\n"), request(22, Route::NotFound, false));
        assert_eq!(
            parse(b"POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\nhi"),
            request(40, Route::MethodNotAllowed, false)
        );
        assert_eq!(parse(b"POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\nh"), Parsed::Partial);
        assert_eq!(parse(b"GET / HTTP/1.0\r\n\r\n"), request(18, Route::Hello, true));
        assert_eq!(parse(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"), request(37, Route::Hello, true));
        assert_eq!(parse(b"GET / HT"), Parsed::Partial);
        assert_eq!(parse(b"\x01\x02 garbage\r\n\r\n"), Parsed::Refused(400));
        assert_eq!(parse(b"POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"), Parsed::Refused(501));
        assert_eq!(parse(b"POST / HTTP/1.1\r\ncontent-length: 99999999\r\n\r\n"), Parsed::Refused(413));
    }

    #[tokio::test]
    async fn answers_pipelined_requests_in_order_with_one_write() {
        let (mut client, server) = tokio::io::duplex(64 * 1024);
        let task = tokio::spawn(serve_connection(server));
        client.write_all(b"GET / HTTP/1.1\r\n\r\nGET /json HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut out = String::new();
        client.read_to_string(&mut out).await.unwrap();
        task.await.unwrap().unwrap();
        let statuses: Vec<&str> = out.match_indices("HTTP/1.1 ").map(|(i, _)| &out[i + 9..i + 12]).collect();
        assert_eq!(statuses, ["200", "200", "404"], "{out}");
        assert!(out.contains("content-length: 13\r\n") && out.contains("Hello, World!"), "{out}");
        assert!(out.contains(r#"{"message":"Hello, World!"}"#), "{out}");
    }
}
