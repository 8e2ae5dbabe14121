//! The load generator's client connections. Two engines speak HTTP/1.1 keep-alive on one
//! TCP connection each: `native` (the default: a preformatted request and a zero-allocation
//! response scanner, the cheapest per request) and `hyper` (hyper's connection-level client,
//! full HTTP semantics at several times the user-space cost). Both count the same outcomes,
//! so one cross-checks the other.

pub mod codec;
pub mod hyper_link;
pub mod native;

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::deadline::Deadline;
use super::stats::ErrorClass;
use super::target::{RequestSpec, Target};

/// Which client implementation drives the connections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// Preformatted request, zero-allocation response scanner (the fastest).
    #[default]
    Native,
    /// hyper's connection-level HTTP/1.1 client.
    Hyper,
}

/// How one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A complete response with this status code.
    Response(u16),
    /// A failure; the connection must not be used again.
    Failed(ErrorClass),
}

/// The request every connection repeats, in the form each engine wants it.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The whole request as written on the wire (native engine).
    pub wire: Bytes,
    /// Whether it is a HEAD request (its response has no body).
    pub head_only: bool,
    /// Method, headers and body (hyper engine).
    pub spec: RequestSpec,
    /// The request target (hyper engine).
    pub path: http::Uri,
}

impl Prepared {
    /// Formats `spec` for `target` once.
    pub fn new(target: &Target, spec: &RequestSpec) -> Self {
        let mut wire = BytesMut::with_capacity(256 + spec.body.len());
        wire.put_slice(spec.method.as_str().as_bytes());
        wire.put_u8(b' ');
        wire.put_slice(target.path_and_query.to_string().as_bytes());
        wire.put_slice(b" HTTP/1.1\r\n");
        for (name, value) in &spec.headers {
            wire.put_slice(name.as_str().as_bytes());
            wire.put_slice(b": ");
            wire.put_slice(value.as_bytes());
            wire.put_slice(b"\r\n");
        }
        let needs_length = !spec.body.is_empty()
            || matches!(spec.method, http::Method::POST | http::Method::PUT | http::Method::PATCH);
        if needs_length && !spec.headers.contains_key(http::header::CONTENT_LENGTH) {
            wire.put_slice(format!("content-length: {}\r\n", spec.body.len()).as_bytes());
        }
        wire.put_slice(b"\r\n");
        wire.put_slice(&spec.body);
        Self {
            wire: wire.freeze(),
            head_only: spec.method == http::Method::HEAD,
            spec: spec.clone(),
            path: target.path_and_query.clone(),
        }
    }
}

/// One open connection of either engine.
pub enum Link {
    Native(native::Link),
    Hyper(hyper_link::Link),
}

impl Link {
    /// Opens a connection to `addr` within `timeout`.
    pub async fn connect(engine: Engine, addr: SocketAddr, timeout: Duration) -> io::Result<Self> {
        Ok(match engine {
            Engine::Native => Link::Native(native::Link::connect(addr, timeout).await?),
            Engine::Hyper => Link::Hyper(hyper_link::Link::connect(addr, timeout).await?),
        })
    }

    /// Waits until the connection can take the next request; false when it has closed.
    pub async fn ready(&mut self, timer: &mut Deadline, deadline: Instant) -> bool {
        match self {
            Link::Native(link) => link.is_open(),
            Link::Hyper(link) => link.ready(timer, deadline).await,
        }
    }

    /// Sends one request and reads the whole response, failing at `deadline`.
    pub async fn exchange(&mut self, request: &Prepared, timer: &mut Deadline, deadline: Instant) -> Outcome {
        match self {
            Link::Native(link) => link.exchange(request, timer, deadline).await,
            Link::Hyper(link) => link.exchange(request, timer, deadline).await,
        }
    }

    /// Returns (received, sent) bytes since the last call.
    pub fn take_counts(&mut self) -> (u64, u64) {
        match self {
            Link::Native(link) => link.take_counts(),
            Link::Hyper(link) => link.counts().take(),
        }
    }
}

/// Opens a TCP connection with Nagle off (requests are written whole).
async fn connect_tcp(addr: SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
    let stream = tokio::time::timeout(timeout, TcpStream::connect(addr)).await.map_err(|_| {
        io::Error::new(io::ErrorKind::TimedOut, format!("no connection within {timeout:?}"))
    })??;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// The error class of an I/O error on an open connection.
fn io_class(err: &io::Error) -> ErrorClass {
    match err.kind() {
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::UnexpectedEof
        | io::ErrorKind::NotConnected => ErrorClass::Reset,
        io::ErrorKind::TimedOut => ErrorClass::Timeout,
        _ => ErrorClass::Read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepared_requests_are_complete_http_messages() {
        let t = Target::parse("http://127.0.0.1:8080/a?b=1").unwrap();
        let spec = RequestSpec::new(&t, "POST", &["X-Test: 1".into()], Bytes::from("body")).unwrap();
        let p = Prepared::new(&t, &spec);
        let text = std::str::from_utf8(&p.wire).unwrap();
        assert!(text.starts_with("POST /a?b=1 HTTP/1.1\r\n"), "{text}");
        assert!(text.contains("host: 127.0.0.1:8080\r\n") && text.contains("x-test: 1\r\n"), "{text}");
        assert!(text.ends_with("content-length: 4\r\n\r\nbody"), "{text}");
        let get = Prepared::new(&t, &RequestSpec::get(&t));
        assert!(!std::str::from_utf8(&get.wire).unwrap().contains("content-length"));
        let head = Prepared::new(&t, &RequestSpec::new(&t, "HEAD", &[], Bytes::new()).unwrap());
        assert!(head.head_only);
    }
}
