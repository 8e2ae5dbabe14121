//! The connection factory the pool is generic over: how to dial, check and close one kind of
//! connection (TCP by default; a TLS stream, a Unix socket or a protocol client fit the same way).

use std::future::Future;

/// Dials, health-checks and closes connections for a [`Pool`](super::Pool).
///
/// Only `connect` is required. The pool never calls these methods while it holds its lock, so
/// a slow dial or ping delays only the `get` that needs it.
pub trait Manager: Send + Sync + 'static {
    /// The pooled connection (a `TcpStream`, a TLS stream, a protocol client...).
    type Connection: Send + 'static;
    /// What dialling or pinging can fail with.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Dials a new connection. The pool bounds it by the dial timeout and the caller's deadline.
    fn connect(&self) -> impl Future<Output = Result<Self::Connection, Self::Error>> + Send;

    /// Checks that an idle connection still works (called on checkout after the cheaper
    /// lifetime and idle checks, when [`Config::ping_idle_after`](super::Config) asks for it,
    /// and by the evictor). An error discards the connection. The default says "healthy".
    fn ping(&self, conn: &mut Self::Connection) -> impl Future<Output = Result<(), Self::Error>> + Send {
        let _ = conn;
        std::future::ready(Ok(()))
    }

    /// Closes a connection the pool discards (expired, idle, failed a ping, marked unusable,
    /// or the pool closed). The default drops it.
    fn close(&self, conn: Self::Connection) {
        drop(conn);
    }
}
