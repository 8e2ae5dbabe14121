//! The native client connection: the request is preformatted once and written with one
//! syscall, responses are read into one reused 64 KiB buffer and framed by [`super::codec`]
//! without building header maps or body objects, so a request allocates nothing. This is
//! what wrk does in C; it keeps the generator's cost per request below wrk's and oha's.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::codec::{self, Parsed, Scan};
use super::{Outcome, Prepared, io_class};
use crate::http::deadline::Deadline;
use crate::http::stats::ErrorClass;

/// Receive buffer size: a response head must fit; bodies stream through it.
const BUFFER: usize = 64 * 1024;

/// One open keep-alive connection.
pub struct Link {
    stream: TcpStream,
    buf: Vec<u8>,
    open: bool,
    received: u64,
    sent: u64,
}

impl Link {
    /// Opens a connection to `addr` within `timeout`.
    pub async fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<Self> {
        let stream = super::connect_tcp(addr, timeout).await?;
        Ok(Self { stream, buf: Vec::with_capacity(BUFFER), open: true, received: 0, sent: 0 })
    }

    /// Whether the connection can take another request: the server did not end keep-alive in
    /// its last response, and has not closed the idle connection since (a keep-alive timeout,
    /// say). The check costs no syscall unless the socket turned readable while idle, so a
    /// server's idle close leads to a reconnect instead of a failed request.
    pub fn is_open(&mut self) -> bool {
        if !self.open {
            return false;
        }
        self.buf.clear();
        match self.stream.try_read_buf(&mut self.buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => true,
            // End of stream, an error, or bytes nobody asked for: this connection is done.
            _ => {
                self.open = false;
                false
            }
        }
    }

    /// Returns (received, sent) bytes since the last call.
    pub fn take_counts(&mut self) -> (u64, u64) {
        (std::mem::take(&mut self.received), std::mem::take(&mut self.sent))
    }

    /// Sends one request and reads the whole response, failing at `deadline`.
    pub async fn exchange(&mut self, request: &Prepared, timer: &mut Deadline, deadline: Instant) -> Outcome {
        match timer.within(deadline, self.stream.write_all(&request.wire)).await {
            None => return Outcome::Failed(ErrorClass::Timeout),
            Some(Err(e)) => return Outcome::Failed(io_class(&e)),
            Some(Ok(())) => self.sent += request.wire.len() as u64,
        }
        self.buf.clear();
        let head = loop {
            match codec::parse_head(&self.buf, request.head_only) {
                Parsed::Final(head) => break head,
                Parsed::Interim(len) => {
                    self.buf.drain(..len);
                    continue;
                }
                Parsed::Invalid(_) => return Outcome::Failed(ErrorClass::Read),
                Parsed::Partial if self.buf.len() == BUFFER => return Outcome::Failed(ErrorClass::Read),
                Parsed::Partial => {}
            }
            if let Err(failed) = self.fill(timer, deadline).await {
                return failed;
            }
        };
        let mut body = head.body;
        let mut start = head.len;
        loop {
            match body.scan(&self.buf[start..]) {
                Ok(Scan::Done(n)) if start + n == self.buf.len() => break,
                // Bytes after the response that nobody asked for: the server broke the protocol.
                Ok(Scan::Done(_)) | Err(_) => return Outcome::Failed(ErrorClass::Read),
                Ok(Scan::More) => {}
            }
            self.buf.clear();
            start = 0;
            match self.fill(timer, deadline).await {
                Ok(()) => {}
                // A body delimited by the end of the connection is complete at its end.
                Err(Outcome::Failed(ErrorClass::Reset)) if body == codec::Body::UntilClose => {
                    self.open = false;
                    break;
                }
                Err(failed) => return failed,
            }
        }
        self.open &= head.keep_alive;
        Outcome::Response(head.status)
    }

    /// Reads more bytes into the buffer; the end of the stream is a reset (the response was
    /// not complete).
    async fn fill(&mut self, timer: &mut Deadline, deadline: Instant) -> Result<(), Outcome> {
        match timer.within(deadline, self.stream.read_buf(&mut self.buf)).await {
            None => Err(Outcome::Failed(ErrorClass::Timeout)),
            Some(Ok(0)) => Err(Outcome::Failed(ErrorClass::Reset)),
            Some(Ok(n)) => {
                self.received += n as u64;
                Ok(())
            }
            Some(Err(e)) => Err(Outcome::Failed(io_class(&e))),
        }
    }
}
