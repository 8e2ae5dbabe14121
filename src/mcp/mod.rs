//! MCP serving shared by `veysi kube-ro serve` and `veysi mcp openapi`: tools in plain types,
//! the rmcp glue, and the transports (stdio, Streamable HTTP, legacy HTTP+SSE).
//!
//! To serve tools:
//!
//! 1. Describe each tool as a [`ToolSpec`] (name, description, input schema, optional output
//!    schema, [`Annotations`]).
//! 2. Implement [`ToolHandler`]: one async `call(name, arguments) -> ToolOutput` for all tools.
//!    Arguments arrive already validated against the tool's input schema (a bad argument
//!    becomes an `isError` result naming it, without reaching the handler). Report failures
//!    as [`ToolOutput::error`], never as panics: the model sees them.
//! 3. Build a [`ToolServer`] and hand it to a transport with a [`CancellationToken`] for
//!    shutdown ([`crate::signal::shutdown_on_signal`] cancels one on SIGINT/SIGTERM):
//!    - [`serve_stdio`]: the default for MCP clients that start the server as a child process.
//!      Nothing but protocol is written to stdout.
//!    - [`HttpListener`]: Streamable HTTP at `/mcp`, plus `/sse` + `/messages` with
//!      [`HttpOptions::legacy_sse`]. Loopback only unless [`HttpOptions::allow_remote`];
//!      `Host` and `Origin` are checked on every request (DNS rebinding); an optional bearer
//!      token is required when [`HttpOptions::bearer_token`] is set.
//!
//! ```no_run
//! use veysi::mcp::{Annotations, JsonObject, ServerIdentity, ToolHandler, ToolOutput, ToolServer, ToolSpec};
//!
//! struct Hello;
//! impl ToolHandler for Hello {
//!     async fn call(&self, _name: &str, args: JsonObject) -> ToolOutput {
//!         ToolOutput::text(format!("hello {}", args.get("who").and_then(|v| v.as_str()).unwrap_or("world")))
//!     }
//! }
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let schema = serde_json::json!({"type": "object", "properties": {"who": {"type": "string"}}});
//! let schema = schema.as_object().cloned().unwrap_or_default();
//! let tool = ToolSpec::new("hello", "Greets someone", schema).with_annotations(Annotations::read_only());
//! let server = ToolServer::new(ServerIdentity::new("demo"), vec![tool], Hello)?;
//! veysi::mcp::serve_stdio(server, veysi::signal::shutdown_on_signal()).await?;
//! # Ok(()) }
//! ```
//!
//! The rmcp version is pinned exactly in Cargo.toml because its API moves between releases;
//! only this module touches it.

mod http;
pub mod openapi;
mod server;
mod sse;
mod stdio;
mod tool;

use std::net::SocketAddr;

pub use http::{HttpListener, HttpOptions};
pub use server::{ServerIdentity, ToolServer, ToolSetError, to_call_result, tools_list_bytes};
pub use stdio::serve_stdio;
pub use tokio_util::sync::CancellationToken;
pub use tool::{Annotations, Content, JsonObject, ToolHandler, ToolOutput, ToolSpec};

/// Why serving stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The HTTP address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// A non-loopback address was asked for without allowing remote clients.
    #[error(
        "refusing to listen on {0}, which other machines can reach: use a loopback address such as \
         127.0.0.1, or pass --allow-remote (and require a bearer token)"
    )]
    NotLoopback(SocketAddr),
    /// The MCP session could not start or ended abnormally.
    #[error("MCP session failed: {0}")]
    Handshake(String),
    /// An I/O error while serving.
    #[error("MCP server I/O error: {0}")]
    Io(std::io::Error),
}
