//! The built-in TCP echo server on 127.0.0.1 that `pool bench` runs against when no `--target`
//! is given. For the chaos scenario it can drop random connections and restart (close every
//! connection, stay down for a while, and listen again on the same port).

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::{AbortHandle, JoinHandle};

/// A running echo server. Dropping it stops it and closes its connections.
#[derive(Debug)]
pub struct EchoServer {
    addr: SocketAddr,
    inner: Arc<Inner>,
    acceptor: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Debug, Default)]
struct Inner {
    next: Mutex<u64>,
    conns: Mutex<HashMap<u64, AbortHandle>>,
}

impl EchoServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> io::Result<Self> {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Inner::default());
        let acceptor = tokio::spawn(accept(listener, Arc::clone(&inner)));
        Ok(Self { addr, inner, acceptor: Mutex::new(Some(acceptor)) })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections open right now.
    pub fn connections(&self) -> usize {
        self.inner.conns.lock().len()
    }

    /// Closes each open connection with probability `fraction`; returns how many it closed.
    pub fn drop_random(&self, fraction: f64, rng: &mut fastrand::Rng) -> usize {
        let mut conns = self.inner.conns.lock();
        let doomed: Vec<u64> = conns.keys().copied().filter(|_| rng.f64() < fraction).collect();
        for id in &doomed {
            if let Some(handle) = conns.remove(id) {
                handle.abort();
            }
        }
        doomed.len()
    }

    /// Stops listening and closes every connection (a crash).
    pub fn stop(&self) {
        if let Some(acceptor) = self.acceptor.lock().take() {
            acceptor.abort();
        }
        for (_, handle) in self.inner.conns.lock().drain() {
            handle.abort();
        }
    }

    /// Listens again on the same port after [`EchoServer::stop`].
    pub fn restart(&self) -> io::Result<()> {
        let listener = bind(self.addr)?;
        *self.acceptor.lock() = Some(tokio::spawn(accept(listener, Arc::clone(&self.inner))));
        Ok(())
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

async fn accept(listener: TcpListener, inner: Arc<Inner>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(1)).await; // out of descriptors, say
            continue;
        };
        let id = {
            let mut next = inner.next.lock();
            *next += 1;
            *next
        };
        let registry = Arc::clone(&inner);
        // Registered under the lock, so the task cannot remove itself before it is added.
        let mut conns = inner.conns.lock();
        let task = tokio::spawn(async move {
            let _ = echo(stream).await;
            registry.conns.lock().remove(&id);
        });
        conns.insert(id, task.abort_handle());
    }
}

async fn echo(mut stream: TcpStream) -> io::Result<()> {
    let _ = stream.set_nodelay(true);
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        stream.write_all(&buf[..n]).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn round_trip(addr: SocketAddr) -> io::Result<()> {
        let mut conn = TcpStream::connect(addr).await?;
        conn.write_all(b"hello").await?;
        let mut got = [0u8; 5];
        conn.read_exact(&mut got).await?;
        assert_eq!(&got, b"hello");
        Ok(())
    }

    #[tokio::test]
    async fn echoes_drops_and_restarts_on_the_same_port() {
        let server = EchoServer::start().await.unwrap();
        round_trip(server.addr()).await.unwrap();
        let mut kept = TcpStream::connect(server.addr()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(server.connections(), 1);
        assert_eq!(server.drop_random(1.0, &mut fastrand::Rng::with_seed(1)), 1);
        let mut buf = [0u8; 1];
        assert_eq!(kept.read(&mut buf).await.unwrap_or(0), 0, "a dropped connection sees EOF");

        server.stop();
        assert!(round_trip(server.addr()).await.is_err(), "nothing listens while stopped");
        server.restart().unwrap();
        round_trip(server.addr()).await.unwrap();
    }
}
