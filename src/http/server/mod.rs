//! The server stacks compared by `veysi http bench` without a URL, and served by
//! `veysi http serve`: hyper (bare service), axum (router on hyper), and our own minimal
//! tokio + httparse server. All serve `GET /` → `Hello, World!` (text/plain) and
//! `GET /json` → `{"message":"Hello, World!"}`, over any byte stream (TCP or in-memory).

pub mod date;
pub mod minimal;
pub mod stacks;

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

use super::HttpError;

/// The body of `GET /`.
pub const HELLO: &str = "Hello, World!";

/// The body of `GET /json`, serialised per request by every stack.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Message {
    pub message: &'static str,
}

/// The value `GET /json` serialises.
pub const MESSAGE: Message = Message { message: HELLO };

/// The paths of the endpoints every stack serves.
pub const ENDPOINTS: [&str; 2] = ["/", "/json"];

/// A server stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stack {
    /// hyper 1.x with a bare `service_fn`.
    Hyper,
    /// axum: a `Router` on hyper.
    Axum,
    /// Our own tokio + httparse server with preformatted responses and reused buffers.
    Minimal,
}

impl Stack {
    /// Every stack, in the order they are compared.
    pub const ALL: [Stack; 3] = [Stack::Hyper, Stack::Axum, Stack::Minimal];

    /// The stack's name as in `--stacks`.
    pub fn name(self) -> &'static str {
        match self {
            Stack::Hyper => "hyper",
            Stack::Axum => "axum",
            Stack::Minimal => "minimal",
        }
    }

    /// A ready-to-serve instance (the axum router is built once and shared).
    pub fn service(self) -> Service {
        match self {
            Stack::Hyper => Service::Hyper,
            Stack::Axum => Service::Axum(stacks::axum_router()),
            Stack::Minimal => Service::Minimal,
        }
    }
}

impl std::fmt::Display for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A stack ready to serve connections.
#[derive(Clone)]
pub enum Service {
    Hyper,
    Axum(axum::Router),
    Minimal,
}

impl Service {
    /// Serves one connection to its end. Errors are the peer's doing and end only that
    /// connection, so they are dropped here.
    pub async fn serve<IO>(&self, io: IO)
    where
        IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let _ = match self {
            Service::Hyper => stacks::serve_hyper(io).await.map_err(drop),
            Service::Axum(router) => stacks::serve_axum(io, router.clone()).await.map_err(drop),
            Service::Minimal => minimal::serve_connection(io).await.map_err(drop),
        };
    }
}

/// A stack serving TCP on its own runtime; stops when dropped.
pub struct RunningServer {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl RunningServer {
    /// Starts `stack` on `listen` with `threads` runtime worker threads.
    pub fn start(stack: Stack, listen: SocketAddr, threads: usize) -> Result<Self, HttpError> {
        let failed = |reason: String| HttpError::Server { stack: stack.name().to_owned(), reason };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name(format!("{stack}-server"))
            .enable_all()
            .build()
            .map_err(|e| failed(e.to_string()))?;
        let listener = runtime
            .block_on(TcpListener::bind(listen))
            .map_err(|e| failed(format!("cannot listen on {listen}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| failed(e.to_string()))?;
        let service = stack.service();
        runtime.spawn(async move {
            loop {
                match listener.accept().await {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        let service = service.clone();
                        tokio::spawn(async move { service.serve(stream).await });
                    }
                    // Out of file descriptors, say: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        });
        Ok(Self { addr, runtime: Some(runtime) })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
