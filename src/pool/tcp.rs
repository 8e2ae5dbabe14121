//! The default manager: plain TCP connections to one `host:port`, with a choice of health check.

use std::io;
use std::mem::MaybeUninit;

use tokio::net::TcpStream;

use super::Manager;
use super::redis::redis_ping;

/// How a [`TcpManager`] checks an idle connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TcpPing {
    /// No check: every connection is healthy until I/O on it fails.
    None,
    /// One non-blocking peek at the socket: nothing to read means alive; EOF (the peer closed),
    /// a socket error, or unexpected bytes waiting on an idle connection mean dead. It never
    /// waits and never consumes data (the original's 1 µs read-deadline probe without its
    /// wait or its lost byte).
    #[default]
    Probe,
    /// Redis `PING`, expecting `+PONG` (a full round trip, for Redis servers).
    Redis,
}

/// Dials TCP connections to one address (`host:port`; names are resolved on every dial), with
/// `TCP_NODELAY` set, and checks them with a [`TcpPing`].
#[derive(Debug, Clone)]
pub struct TcpManager {
    target: String,
    ping: TcpPing,
}

impl TcpManager {
    /// A manager for `target` (`host:port`) with the [`TcpPing::Probe`] health check.
    pub fn new(target: impl Into<String>) -> Self {
        Self { target: target.into(), ping: TcpPing::default() }
    }

    /// Uses `ping` as the health check.
    pub fn with_ping(mut self, ping: TcpPing) -> Self {
        self.ping = ping;
        self
    }

    /// The address this manager dials.
    pub fn target(&self) -> &str {
        &self.target
    }
}

impl Manager for TcpManager {
    type Connection = TcpStream;
    type Error = io::Error;

    async fn connect(&self) -> io::Result<TcpStream> {
        let stream = TcpStream::connect(self.target.as_str()).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    async fn ping(&self, conn: &mut TcpStream) -> io::Result<()> {
        match self.ping {
            TcpPing::None => Ok(()),
            TcpPing::Probe => probe(conn),
            TcpPing::Redis => redis_ping(conn).await,
        }
    }
}

/// The [`TcpPing::Probe`] check on its own: one `recv(MSG_PEEK)` on the non-blocking socket.
pub fn probe(stream: &TcpStream) -> io::Result<()> {
    let mut byte = [MaybeUninit::<u8>::uninit(); 1];
    match socket2::SockRef::from(stream).peek(&mut byte) {
        Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(()),
        Err(err) => Err(err),
        Ok(0) => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the peer closed the connection")),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "unexpected bytes are waiting on an idle connection",
        )),
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpListener;

    use super::*;

    #[tokio::test]
    async fn probe_tells_alive_closed_and_dirty_connections_apart() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let manager = TcpManager::new(listener.local_addr().unwrap().to_string());
        let mut conn = manager.connect().await.unwrap();
        let (mut server_side, _) = listener.accept().await.unwrap();
        manager.ping(&mut conn).await.expect("a quiet open connection is alive");

        server_side.write_all(b"x").await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert_eq!(probe(&conn).unwrap_err().kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            probe(&conn).unwrap_err().kind(),
            io::ErrorKind::InvalidData,
            "the probe consumes nothing"
        );

        drop(server_side);
        let mut other = manager.connect().await.unwrap();
        let (server_side, _) = listener.accept().await.unwrap();
        drop(server_side);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(manager.ping(&mut other).await.is_err(), "a connection the peer closed is dead");
        assert!(TcpManager::new("x").with_ping(TcpPing::None).ping(&mut other).await.is_ok());
    }

    #[tokio::test]
    async fn dialling_a_closed_port_fails() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        assert!(TcpManager::new(format!("127.0.0.1:{port}")).connect().await.is_err());
    }
}
