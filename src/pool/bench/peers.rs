//! The pools under test behind one interface: ours, deadpool and bb8, all managing the same
//! tokio `TcpStream`s dialled and checked by the same [`TcpManager`].

use std::future::Future;
use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::pool::{Config, Manager, Pool, Stats, TcpManager, redis_ping};

/// What one benchmark operation does with a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Get a connection and put it back.
    GetPut,
    /// Get, one request/response round trip, put.
    RoundTrip(Exchange),
}

/// The round trip of [`Op::RoundTrip`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    /// Write a 32-byte message and read it back (an echo server).
    Echo,
    /// Redis `PING` → `+PONG`.
    RedisPing,
}

const MESSAGE: &[u8; 32] = b"veysi pool bench echo 0123456789";

impl Exchange {
    /// Runs the exchange on `conn`, bounded by `timeout`.
    pub async fn run<S: AsyncRead + AsyncWrite + Unpin>(
        self,
        conn: &mut S,
        timeout: Duration,
    ) -> io::Result<()> {
        let exchange = async {
            match self {
                Exchange::Echo => {
                    conn.write_all(MESSAGE).await?;
                    let mut reply = [0u8; MESSAGE.len()];
                    conn.read_exact(&mut reply).await?;
                    if &reply != MESSAGE {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            "the echo differs from the message",
                        ));
                    }
                    Ok(())
                }
                Exchange::RedisPing => redis_ping(conn).await,
            }
        };
        tokio::time::timeout(timeout, exchange).await.unwrap_or_else(|_| {
            Err(io::Error::new(io::ErrorKind::TimedOut, "no reply within the I/O timeout"))
        })
    }
}

/// How each pool is set up for a scenario (the same settings for every pool, where it has them).
#[derive(Debug, Clone)]
pub struct PoolSetup {
    pub manager: TcpManager,
    pub min_size: usize,
    pub max_size: usize,
    pub increment: usize,
    /// Health-check every checkout.
    pub ping: bool,
    pub get_timeout: Duration,
    pub dial_timeout: Duration,
    pub io_timeout: Duration,
    /// Evictor interval (ours only; the chaos scenario uses it to refill).
    pub evict_interval: Option<Duration>,
}

/// A pool the benchmark can drive.
pub trait BenchPool: Send + Sync + Sized + 'static {
    /// The name in reports: `veysi`, `deadpool`, `bb8`.
    const NAME: &'static str;
    /// Builds the pool and fills it to `min_size`.
    fn build(setup: &PoolSetup) -> impl Future<Output = io::Result<Self>> + Send;
    /// One operation; an error is counted, not fatal.
    fn op(&self, op: Op) -> impl Future<Output = Result<(), String>> + Send;
    /// The pool's own counters, where it has ours.
    fn stats(&self) -> Option<Stats> {
        None
    }
}

/// Our pool with its settings for a scenario.
pub struct Veysi {
    pub pool: Pool<TcpManager>,
    io_timeout: Duration,
}

impl BenchPool for Veysi {
    const NAME: &'static str = "veysi";

    async fn build(setup: &PoolSetup) -> io::Result<Self> {
        let config = Config {
            name: Some("bench".into()),
            min_size: setup.min_size,
            max_size: setup.max_size,
            increment: setup.increment,
            idle_timeout: Some(Duration::from_secs(60)),
            ping_idle_after: setup.ping.then_some(Duration::ZERO),
            evict_interval: setup.evict_interval,
            dial_timeout: setup.dial_timeout,
            get_timeout: setup.get_timeout,
            ..Config::default()
        };
        let pool = Pool::new(config, setup.manager.clone()).await.map_err(io::Error::other)?;
        Ok(Self { pool, io_timeout: setup.io_timeout })
    }

    #[inline]
    async fn op(&self, op: Op) -> Result<(), String> {
        let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
        match op {
            Op::GetPut => Ok(()),
            Op::RoundTrip(exchange) => {
                // I/O errors mark the connection unusable by themselves; a timeout does here.
                let result = exchange.run(&mut conn, self.io_timeout).await;
                if result.is_err() {
                    conn.mark_unusable();
                }
                result.map_err(|e| e.to_string())
            }
        }
    }

    fn stats(&self) -> Option<Stats> {
        Some(self.pool.stats())
    }
}

/// deadpool's manager over the same [`TcpManager`]: `recycle` pings when asked to.
pub struct DeadpoolManager {
    tcp: TcpManager,
    ping: bool,
}

impl deadpool::managed::Manager for DeadpoolManager {
    type Type = TcpStream;
    type Error = io::Error;

    async fn create(&self) -> io::Result<TcpStream> {
        self.tcp.connect().await
    }

    async fn recycle(
        &self,
        conn: &mut TcpStream,
        _: &deadpool::managed::Metrics,
    ) -> deadpool::managed::RecycleResult<io::Error> {
        if self.ping {
            self.tcp.ping(conn).await.map_err(deadpool::managed::RecycleError::Backend)?;
        }
        Ok(())
    }
}

/// deadpool with the same max size, wait and create timeouts; pre-filled to `min_size`.
pub struct Deadpool {
    pool: deadpool::managed::Pool<DeadpoolManager>,
    io_timeout: Duration,
}

impl BenchPool for Deadpool {
    const NAME: &'static str = "deadpool";

    async fn build(setup: &PoolSetup) -> io::Result<Self> {
        let manager = DeadpoolManager { tcp: setup.manager.clone(), ping: setup.ping };
        let pool = deadpool::managed::Pool::builder(manager)
            .max_size(setup.max_size)
            .runtime(deadpool::Runtime::Tokio1)
            .wait_timeout(Some(setup.get_timeout))
            .create_timeout(Some(setup.dial_timeout))
            .build()
            .map_err(io::Error::other)?;
        let mut warm = Vec::with_capacity(setup.min_size);
        for _ in 0..setup.min_size {
            warm.push(pool.get().await.map_err(io::Error::other)?);
        }
        drop(warm);
        Ok(Self { pool, io_timeout: setup.io_timeout })
    }

    #[inline]
    async fn op(&self, op: Op) -> Result<(), String> {
        let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
        match op {
            Op::GetPut => Ok(()),
            Op::RoundTrip(exchange) => {
                let result = exchange.run(&mut *conn, self.io_timeout).await;
                if result.is_err() {
                    drop(deadpool::managed::Object::take(conn)); // never back into the pool
                }
                result.map_err(|e| e.to_string())
            }
        }
    }
}

/// bb8's manager over the same [`TcpManager`].
pub struct Bb8Manager {
    tcp: TcpManager,
}

impl bb8::ManageConnection for Bb8Manager {
    type Connection = TcpStream;
    type Error = io::Error;

    async fn connect(&self) -> io::Result<TcpStream> {
        self.tcp.connect().await
    }

    async fn is_valid(&self, conn: &mut TcpStream) -> io::Result<()> {
        self.tcp.ping(conn).await
    }

    fn has_broken(&self, _: &mut TcpStream) -> bool {
        false
    }
}

/// bb8 with the same sizes, checkout test, idle and connection timeouts.
pub struct Bb8 {
    pool: bb8::Pool<Bb8Manager>,
    io_timeout: Duration,
}

impl BenchPool for Bb8 {
    const NAME: &'static str = "bb8";

    async fn build(setup: &PoolSetup) -> io::Result<Self> {
        let max = u32::try_from(setup.max_size).map_err(io::Error::other)?;
        let min = u32::try_from(setup.min_size).map_err(io::Error::other)?;
        let pool = bb8::Pool::builder()
            .max_size(max)
            .min_idle(Some(min))
            .test_on_check_out(setup.ping)
            .idle_timeout(Some(Duration::from_secs(60)))
            .max_lifetime(None)
            .connection_timeout(setup.get_timeout)
            .build(Bb8Manager { tcp: setup.manager.clone() })
            .await?;
        Ok(Self { pool, io_timeout: setup.io_timeout })
    }

    #[inline]
    async fn op(&self, op: Op) -> Result<(), String> {
        let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
        match op {
            Op::GetPut => Ok(()),
            Op::RoundTrip(exchange) => {
                exchange.run(&mut *conn, self.io_timeout).await.map_err(|e| e.to_string())
            }
        }
    }
}
