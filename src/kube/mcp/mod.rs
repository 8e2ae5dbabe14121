//! `veysi kube-ro serve`: the read-only tools over MCP (stdio, or Streamable HTTP on
//! loopback), on the shared serving layer in [`crate::mcp`]. Every tool builds a kubectl
//! command line from typed parameters and passes it through the same policy as the CLI
//! ([`crate::kube::policy`]); JSON output is redacted, all output is capped, every call has a
//! deadline, and every decision is audited.

pub mod exec;
pub mod handler;
pub mod params;
pub mod tools;

use std::path::PathBuf;

pub use handler::{KubeTools, Limits};

use crate::kube::audit::AuditLog;
use crate::mcp::{
    Annotations, CancellationToken, HttpListener, HttpOptions, ServeError, ServerIdentity, ToolServer,
    ToolSpec,
};

/// What the server tells the model about itself.
const INSTRUCTIONS: &str = "Read-only access to a Kubernetes cluster through kubectl. No tool can change anything. \
Secret values are never shown: list_secrets gives names and types, get_resource redacts Secret data. Logs never \
follow and every call has a deadline and an output cap. A blocked or failed call comes back as an error that \
says why; narrow the query (namespace, name, label selector) when output is cut.";

/// The tools as `tools/list` shows them: every one annotated read-only, non-destructive,
/// idempotent, open-world.
pub fn tool_specs() -> Vec<ToolSpec> {
    tools::TOOLS
        .iter()
        .map(|t| {
            ToolSpec::new(t.name, t.description, params::schema(t.params))
                .with_annotations(Annotations::read_only())
        })
        .collect()
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The kubectl to run.
    pub kubectl: PathBuf,
    /// Streamable HTTP options; stdio when `None`.
    pub http: Option<HttpOptions>,
    /// Per-call limits.
    pub limits: Limits,
    /// Contexts a call may name (any when empty).
    pub allowed_contexts: Vec<String>,
    /// Where decisions are audited.
    pub audit: Option<AuditLog>,
}

/// Serves until the client goes away (stdio) or `shutdown` is cancelled. With HTTP, `bound`
/// is called with the listening address once the socket is bound.
pub async fn serve(
    config: ServeConfig,
    shutdown: CancellationToken,
    bound: impl FnOnce(std::net::SocketAddr),
) -> Result<(), ServeError> {
    let handler = KubeTools::new(config.kubectl, config.limits, config.allowed_contexts, config.audit);
    let identity = ServerIdentity {
        instructions: Some(INSTRUCTIONS.to_owned()),
        ..ServerIdentity::new("veysi-kube-ro")
    };
    let server = match ToolServer::new(identity, tool_specs(), handler) {
        Ok(server) => server,
        Err(err) => return Err(ServeError::Handshake(err.to_string())),
    };
    match config.http {
        None => crate::mcp::serve_stdio(server, shutdown).await,
        Some(options) => {
            let listener = HttpListener::bind(options).await?;
            bound(listener.local_addr()?);
            listener.serve(server, shutdown).await
        }
    }
}

#[cfg(test)]
mod tests;
