//! MCP over stdin/stdout. stdout carries only protocol messages: nothing else in the process
//! may print to it while this runs (logs go to stderr).

use rmcp::ServiceExt;
use tokio_util::sync::CancellationToken;

use super::ServeError;
use super::server::ToolServer;
use super::tool::ToolHandler;

/// Serves `server` on stdin/stdout until the client closes stdin or `shutdown` is cancelled.
///
/// Tokio reads stdin on a blocking thread that cancellation cannot interrupt, so after a
/// cancelled run the caller should drop its runtime with `shutdown_background()` (or exit).
pub async fn serve_stdio<H: ToolHandler>(
    server: ToolServer<H>,
    shutdown: CancellationToken,
) -> Result<(), ServeError> {
    let running = match server.serve_with_ct(rmcp::transport::stdio(), shutdown.clone()).await {
        Ok(running) => running,
        // Cancelled, or the client went away before initializing: nothing to serve.
        Err(_) if shutdown.is_cancelled() => return Ok(()),
        Err(err) => return Err(ServeError::Handshake(err.to_string())),
    };
    running.waiting().await.map_err(|err| ServeError::Handshake(err.to_string()))?;
    Ok(())
}
