//! One Redis server as the experiment talks to it: a pool of TCP connections (veysi's own
//! [`Pool`], pinging every connection it hands out), pipelined commands in batches, and a
//! timeout on every exchange, so a dead or wedged server is an error, never a hang.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::time::Instant;

use super::error::ChaosError;
use super::resp::{self, Reply};
use crate::pool::{self, Config, Pool, Stats, TcpManager, TcpPing};

/// Unconsumed reply bytes one exchange may buffer before the peer is called hostile.
const MAX_BUFFER: usize = resp::MAX_BULK + (1 << 20);
/// How often [`RedisNode::wait_down`] looks again.
const DOWN_POLL: Duration = Duration::from_millis(20);

/// How the experiment talks to its servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeOptions {
    /// Bound on every dial, ping and pipelined exchange.
    pub timeout: Duration,
    /// Connections per node (exchanges in flight per node).
    pub connections: usize,
    /// Commands per pipelined exchange.
    pub pipeline: usize,
}

impl Default for NodeOptions {
    fn default() -> Self {
        NodeOptions { timeout: Duration::from_secs(2), connections: 4, pipeline: 500 }
    }
}

/// A Redis server reached through a connection pool.
#[derive(Debug)]
pub struct RedisNode {
    name: String,
    address: String,
    pool: Pool<TcpManager>,
    options: NodeOptions,
}

impl RedisNode {
    /// A node called `name` at `address` (`host:port`). Dials nothing yet.
    pub async fn new(name: &str, address: &str, options: NodeOptions) -> Result<Self, ChaosError> {
        let config = Config {
            name: Some(format!("ring-chaos:{name}")),
            min_size: 0,
            max_size: options.connections.max(1),
            ping_idle_after: Some(Duration::ZERO),
            evict_interval: None,
            dial_timeout: options.timeout,
            get_timeout: options.timeout,
            ..Config::default()
        };
        let manager = TcpManager::new(address).with_ping(TcpPing::Redis);
        let pool = Pool::new(config, manager).await.map_err(|e| ChaosError::Node {
            node: name.to_owned(),
            address: address.to_owned(),
            problem: e.to_string(),
        })?;
        Ok(RedisNode { name: name.to_owned(), address: address.to_owned(), pool, options })
    }

    /// The node's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `host:port`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The pool's counters.
    pub fn stats(&self) -> Stats {
        self.pool.stats()
    }

    /// Exchanges in flight at once (the pool's size).
    pub fn connections(&self) -> usize {
        self.options.connections.max(1)
    }

    /// Commands per pipelined exchange.
    pub fn pipeline_depth(&self) -> usize {
        self.options.pipeline.max(1)
    }

    /// Checks that the server answers PING and returns its `redis_version`.
    pub async fn check(&self) -> Result<String, ChaosError> {
        let mut commands = Vec::new();
        resp::encode(&mut commands, &[b"PING"]);
        resp::encode(&mut commands, &[b"INFO", b"server"]);
        let replies = self.exchange_hinted(&commands, 2, "; is this a Redis server?").await?;
        match &replies[0] {
            Reply::Simple(s) if s == "PONG" => {}
            Reply::Error(e) if e.starts_with("NOAUTH") => {
                return Err(self.fail(format!(
                    "the server wants a password ({e}); veysi ring chaos does not authenticate: \
                     use a server without requirepass"
                )));
            }
            other => {
                return Err(
                    self.fail(format!("expected +PONG to PING, got {other:?}: is this a Redis server?"))
                );
            }
        }
        let info = match &replies[1] {
            Reply::Bulk(Some(text)) => String::from_utf8_lossy(text).into_owned(),
            other => return Err(self.fail(format!("unexpected reply to INFO server: {other:?}"))),
        };
        Ok(info
            .lines()
            .find_map(|l| l.strip_prefix("redis_version:"))
            .map_or_else(|| "unknown".to_owned(), |v| v.trim().to_owned()))
    }

    /// Sends `commands` (`count` RESP commands, already encoded) on one pooled connection and
    /// reads exactly `count` replies, all within the timeout. Error replies are returned as
    /// replies; a failed, timed-out or garbled exchange discards the connection.
    pub async fn exchange(&self, commands: &[u8], count: usize) -> Result<Vec<Reply>, ChaosError> {
        self.exchange_hinted(commands, count, "").await
    }

    /// [`RedisNode::exchange`], with `hint` appended to the problem when the connection was
    /// made but the exchange failed.
    async fn exchange_hinted(
        &self,
        commands: &[u8],
        count: usize,
        hint: &str,
    ) -> Result<Vec<Reply>, ChaosError> {
        let mut conn = self.pool.get_timeout(self.options.timeout).await.map_err(|e| self.unreachable(e))?;
        let result = tokio::time::timeout(self.options.timeout, async {
            conn.write_all(commands).await.map_err(|e| format!("cannot send: {e}"))?;
            read_replies(&mut *conn, count).await
        })
        .await;
        match result {
            Ok(Ok(replies)) => Ok(replies),
            Ok(Err(problem)) => {
                conn.mark_unusable();
                Err(self.fail(format!("{problem}{hint}")))
            }
            Err(_) => {
                conn.mark_unusable();
                Err(self.fail(format!(
                    "no reply within {:?} (raise --timeout if the server is just slow){hint}",
                    self.options.timeout
                )))
            }
        }
    }

    /// `SHUTDOWN NOSAVE`: the server exits without saving. Success is the server closing the
    /// connection; an error reply is a refusal.
    pub async fn shutdown_nosave(&self) -> Result<(), ChaosError> {
        let mut commands = Vec::new();
        resp::encode(&mut commands, &[b"SHUTDOWN", b"NOSAVE"]);
        match self.exchange(&commands, 1).await {
            Ok(replies) => Err(self.fail(format!("SHUTDOWN NOSAVE was refused: {:?}", replies[0]))),
            Err(_) => Ok(()), // the connection closed (or the server stopped answering): it is going down
        }
    }

    /// Waits until the node refuses connections (its pool's pings and dials fail), for at
    /// most `within`.
    pub async fn wait_down(&self, within: Duration) -> Result<(), ChaosError> {
        let deadline = Instant::now() + within;
        loop {
            match self.pool.get_timeout(self.options.timeout.min(within)).await {
                Err(pool::Error::Dial(_) | pool::Error::DialTimeout(_)) => return Ok(()),
                Ok(conn) => drop(conn),
                Err(_) => {}
            }
            if Instant::now() >= deadline {
                return Err(self.fail(format!("still accepts connections {within:?} after it was killed")));
            }
            tokio::time::sleep(DOWN_POLL).await;
        }
    }

    fn unreachable(&self, err: pool::Error<std::io::Error>) -> ChaosError {
        self.fail(match err {
            pool::Error::Dial(e) => {
                format!("cannot connect: {e} (is the server running, and the address right?)")
            }
            pool::Error::DialTimeout(t) => {
                format!("no answer to connect within {t:?} (is the address right?)")
            }
            other => other.to_string(),
        })
    }

    fn fail(&self, problem: String) -> ChaosError {
        ChaosError::Node { node: self.name.clone(), address: self.address.clone(), problem }
    }
}

/// Reads exactly `count` replies from `stream`.
async fn read_replies<S: tokio::io::AsyncRead + Unpin>(
    stream: &mut S,
    count: usize,
) -> Result<Vec<Reply>, String> {
    let mut replies = Vec::with_capacity(count);
    let mut buf: Vec<u8> = Vec::with_capacity(16 << 10);
    let mut at = 0;
    while replies.len() < count {
        match resp::decode(&buf[at..]).map_err(|e| e.to_string())? {
            Some((reply, used)) => {
                replies.push(reply);
                at += used;
                continue;
            }
            None if buf.len() - at > MAX_BUFFER => {
                return Err(format!("a reply is larger than {MAX_BUFFER} bytes"));
            }
            None => {}
        }
        if at > 0 {
            buf.drain(..at);
            at = 0;
        }
        buf.reserve(16 << 10);
        let n = stream.read_buf(&mut buf).await.map_err(|e| format!("cannot read a reply: {e}"))?;
        if n == 0 {
            return Err(format!(
                "the server closed the connection after {} of {count} replies",
                replies.len()
            ));
        }
    }
    if at < buf.len() {
        return Err("the server sent more replies than commands".into());
    }
    Ok(replies)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read_from(parts: &[&'static [u8]], count: usize) -> Result<Vec<Reply>, String> {
        let (mut client, mut server) = tokio::io::duplex(64);
        let parts = parts.to_vec();
        tokio::spawn(async move {
            for part in parts {
                server.write_all(part).await.unwrap();
                tokio::task::yield_now().await;
            }
        });
        read_replies(&mut client, count).await
    }

    #[tokio::test]
    async fn replies_split_across_reads_are_reassembled_in_order() {
        let parts: &[&[u8]] = &[b"+O", b"K\r\n$5\r\nhel", b"lo\r\n$-", b"1\r\n"];
        let replies = read_from(parts, 3).await.unwrap();
        assert_eq!(
            replies,
            [Reply::Simple("OK".into()), Reply::Bulk(Some(b"hello".to_vec())), Reply::Bulk(None)]
        );
    }

    #[tokio::test]
    async fn a_short_garbled_or_chatty_peer_is_an_error() {
        assert!(
            read_from(&[b"+OK\r\n"], 2).await.unwrap_err().contains("closed the connection after 1 of 2")
        );
        assert!(read_from(&[b"!bad\r\n"], 1).await.unwrap_err().contains("RESP"));
        assert!(read_from(&[b"+OK\r\n+OK\r\n"], 1).await.unwrap_err().contains("more replies"));
    }

    #[tokio::test]
    async fn a_closed_port_is_a_clear_connect_error_not_a_hang() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let node =
            RedisNode::new("redis-1", &format!("127.0.0.1:{port}"), NodeOptions::default()).await.unwrap();
        let err = node.check().await.unwrap_err().to_string();
        assert!(err.contains("redis-1") && err.contains("cannot connect"), "{err}");
        assert_eq!(node.stats().dial_failed, 1);
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let hold = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(socket);
        });
        let options = NodeOptions { timeout: Duration::from_millis(100), ..NodeOptions::default() };
        let node = RedisNode::new("redis-1", &address, options).await.unwrap();
        let err = node.check().await.unwrap_err().to_string();
        assert!(err.contains("no reply within"), "{err}");
        hold.abort();
    }
}
