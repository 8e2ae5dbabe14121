//! One keep-alive HTTP/1.1 connection on hyper's connection-level client (`--engine hyper`).
//! The connection future and the request in flight are polled by the same task, so a
//! request costs no cross-task wake-ups, and the per-request timeout is a deadline check on
//! one long-lived timer instead of a timer registered per request.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::{Outcome, Prepared};
use crate::http::deadline::Deadline;
use crate::http::stats::ErrorClass;

/// Bytes moved over one connection since they were last taken.
#[derive(Debug, Default)]
pub struct IoCounts {
    read: Cell<u64>,
    written: Cell<u64>,
}

impl IoCounts {
    /// Returns (received, sent) and resets both to zero.
    pub fn take(&self) -> (u64, u64) {
        (self.read.take(), self.written.take())
    }
}

/// A TCP stream that counts the bytes it moves.
#[derive(Debug)]
struct Counted {
    stream: TcpStream,
    counts: Rc<IoCounts>,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        let n = (buf.filled().len() - before) as u64;
        self.counts.read.set(self.counts.read.get() + n);
        poll
    }
}

impl AsyncWrite for Counted {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = poll {
            self.counts.written.set(self.counts.written.get() + n as u64);
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = poll {
            self.counts.written.set(self.counts.written.get() + n as u64);
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

type Conn = http1::Connection<TokioIo<Counted>, Full<Bytes>>;

/// hyper's connection future and whether it is still running.
struct ConnTask {
    conn: Pin<Box<Conn>>,
    open: bool,
}

impl ConnTask {
    /// Drives the connection (reads, writes, keep-alive bookkeeping) one step.
    fn poll(&mut self, cx: &mut Context<'_>) {
        if self.open && self.conn.as_mut().poll(cx).is_ready() {
            self.open = false;
        }
    }
}

/// Polls `fut` together with the connection until `fut` is ready (`Some`) or `deadline`
/// passes (`None`).
async fn drive<F: Future>(
    conn: &mut ConnTask,
    timer: &mut Deadline,
    deadline: Instant,
    fut: F,
) -> Option<F::Output> {
    let mut fut = pin!(fut);
    let both = poll_fn(|cx| {
        conn.poll(cx);
        fut.as_mut().poll(cx)
    });
    timer.within(deadline, both).await
}

/// One open keep-alive connection.
pub struct Link {
    sender: http1::SendRequest<Full<Bytes>>,
    conn: ConnTask,
    counts: Rc<IoCounts>,
}

impl Link {
    /// Opens a connection to `addr` within `timeout`.
    pub async fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<Self> {
        let stream = super::connect_tcp(addr, timeout).await?;
        let counts = Rc::new(IoCounts::default());
        let io = TokioIo::new(Counted { stream, counts: Rc::clone(&counts) });
        // A small request is written with one syscall either way; flattening avoids writev's
        // iovec bookkeeping for the common empty-body case.
        let (sender, conn) =
            http1::Builder::new().writev(false).handshake(io).await.map_err(io::Error::other)?;
        Ok(Self { sender, conn: ConnTask { conn: Box::pin(conn), open: true }, counts })
    }

    /// The byte counters of this connection.
    pub fn counts(&self) -> &IoCounts {
        &self.counts
    }

    /// Waits until the connection can take the next request; false when it has closed (the
    /// server ended keep-alive, say) or does not become ready before `deadline`.
    pub async fn ready(&mut self, timer: &mut Deadline, deadline: Instant) -> bool {
        let sender = &mut self.sender;
        matches!(
            drive(&mut self.conn, timer, deadline, poll_fn(|cx| sender.poll_ready(cx))).await,
            Some(Ok(()))
        )
    }

    /// Sends one request and reads the whole response, failing at `deadline`.
    pub async fn exchange(&mut self, request: &Prepared, timer: &mut Deadline, deadline: Instant) -> Outcome {
        let mut req = Request::new(Full::new(request.spec.body.clone()));
        *req.method_mut() = request.spec.method.clone();
        *req.uri_mut() = request.path.clone();
        *req.headers_mut() = request.spec.headers.clone();
        let response = match drive(&mut self.conn, timer, deadline, self.sender.send_request(req)).await {
            None => return Outcome::Failed(ErrorClass::Timeout),
            Some(Err(e)) => return Outcome::Failed(classify(&e)),
            Some(Ok(response)) => response,
        };
        let status = response.status().as_u16();
        let mut body = response.into_body();
        loop {
            match drive(&mut self.conn, timer, deadline, body.frame()).await {
                None => return Outcome::Failed(ErrorClass::Timeout),
                Some(None) => return Outcome::Response(status),
                Some(Some(Ok(_))) => {}
                Some(Some(Err(e))) => return Outcome::Failed(classify(&e)),
            }
        }
    }
}

/// The error class of a failed exchange.
fn classify(err: &hyper::Error) -> ErrorClass {
    if err.is_parse() || err.is_parse_status() || err.is_parse_too_large() {
        return ErrorClass::Read;
    }
    if err.is_incomplete_message() || err.is_canceled() || err.is_closed() {
        return ErrorClass::Reset;
    }
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            return super::io_class(io);
        }
        source = e.source();
    }
    ErrorClass::Read
}
