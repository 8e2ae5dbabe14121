//! The experiment's Redis servers: spawned by veysi (`--spawn`) or given (`--redis`), each
//! reached through its own [`RedisNode`]. Implements [`Store`]: keys are written with a value
//! unique to the run (so a leftover from an earlier run never counts as a hit) and an expiry
//! (so nothing outlives an interrupted run on a server veysi did not start).

use std::path::Path;
use std::time::Duration;

use futures::{StreamExt as _, TryStreamExt as _};

use super::error::ChaosError;
use super::experiment::Store;
use super::node::{NodeOptions, RedisNode};
use super::report::NodeReport;
use super::resp::{self, Reply};
use super::spawn::{self, RedisServer};

/// How long keys live on the servers, in milliseconds (an hour).
const KEY_TTL_MS: &[u8] = b"3600000";
/// How long a spawned server may take to answer its first PING.
const READY_WITHIN: Duration = Duration::from_secs(10);

/// One node: its client, and its process when veysi started it.
#[derive(Debug)]
struct Member {
    node: RedisNode,
    server: Option<RedisServer>,
    version: String,
    up: bool,
}

/// The servers of one experiment. Dropping it stops the servers veysi started.
#[derive(Debug)]
pub struct RedisCluster {
    names: Vec<String>,
    members: Vec<Member>,
    value: Vec<u8>,
    timeout: Duration,
}

impl RedisCluster {
    /// Starts `count` redis-servers (`binary`) on free loopback ports, named `redis-1`...
    pub async fn spawn(binary: &Path, count: usize, options: NodeOptions) -> Result<Self, ChaosError> {
        let servers = spawn::start_many(binary, count, READY_WITHIN).await?;
        let mut members = Vec::with_capacity(count);
        for (i, server) in servers.into_iter().enumerate() {
            let node = RedisNode::new(&format!("redis-{}", i + 1), &server.address(), options).await?;
            members.push(Member { node, server: Some(server), version: String::new(), up: true });
        }
        Self::ready(members, options).await
    }

    /// Uses running servers at `addresses` (`host:port`), named `redis-1`... in that order.
    /// Each must answer PING. With `flush`, each is emptied (FLUSHDB) first.
    pub async fn connect(
        addresses: &[String],
        flush: bool,
        options: NodeOptions,
    ) -> Result<Self, ChaosError> {
        let mut members = Vec::with_capacity(addresses.len());
        for (i, address) in addresses.iter().enumerate() {
            let node = RedisNode::new(&format!("redis-{}", i + 1), address, options).await?;
            members.push(Member { node, server: None, version: String::new(), up: true });
        }
        let cluster = Self::ready(members, options).await?;
        if flush {
            for member in &cluster.members {
                let mut command = Vec::new();
                resp::encode(&mut command, &[b"FLUSHDB"]);
                expect_ok(&member.node, "FLUSHDB", member.node.exchange(&command, 1).await?.pop())?;
            }
        }
        Ok(cluster)
    }

    /// Checks every server (PING, version) at once.
    async fn ready(mut members: Vec<Member>, options: NodeOptions) -> Result<Self, ChaosError> {
        let checks = futures::future::join_all(members.iter().map(|m| m.node.check())).await;
        let mut failures = Vec::new();
        for (member, check) in members.iter_mut().zip(checks) {
            match check {
                Ok(version) => member.version = version,
                Err(err) => failures.push(err),
            }
        }
        match failures.len() {
            0 => {}
            1 => return Err(failures.remove(0)),
            _ => return Err(ChaosError::Unavailable(failures.iter().map(ToString::to_string).collect())),
        }
        let names = members.iter().map(|m| m.node.name().to_owned()).collect();
        let value = format!("veysi-chaos-{:016x}", fastrand::u64(..)).into_bytes();
        Ok(RedisCluster { names, members, value, timeout: options.timeout })
    }

    /// Whether veysi started the servers.
    pub fn is_spawned(&self) -> bool {
        self.members.iter().all(|m| m.server.is_some())
    }

    /// The nodes as the report shows them.
    pub fn describe(&self) -> Vec<NodeReport> {
        self.members
            .iter()
            .map(|m| NodeReport {
                name: m.node.name().to_owned(),
                address: m.node.address().to_owned(),
                spawned: m.server.is_some(),
                pids: m.server.as_ref().map(|s| s.pids().to_vec()).unwrap_or_default(),
                redis_version: m.version.clone(),
                up: m.up,
                pool: m.node.stats(),
            })
            .collect()
    }

    /// Deletes `keys` from every live server veysi did not start (spawned ones go away whole).
    pub async fn delete(&self, keys: &[&[u8]]) -> Result<(), ChaosError> {
        for member in self.members.iter().filter(|m| m.up && m.server.is_none()) {
            let node = &member.node;
            for chunk in keys.chunks(node.pipeline_depth()) {
                let mut command = Vec::new();
                let args: Vec<&[u8]> = std::iter::once(&b"UNLINK"[..]).chain(chunk.iter().copied()).collect();
                resp::encode(&mut command, &args);
                match node.exchange(&command, 1).await?.pop() {
                    Some(Reply::Integer(_)) => {}
                    other => return Err(unexpected(node, "UNLINK", other)),
                }
            }
        }
        Ok(())
    }

    /// Stops every server veysi started, now.
    pub fn stop(&mut self) {
        for member in &mut self.members {
            if let Some(server) = member.server.as_mut() {
                server.kill();
                member.up = false;
            }
        }
    }

    /// Runs `command_of(key)` for every key on `node`, pipelined in batches, with at most the
    /// pool's connection count in flight; returns the replies in key order.
    async fn batched(
        &self,
        node: usize,
        keys: &[&[u8]],
        command_of: impl Fn(&mut Vec<u8>, &[u8]),
    ) -> Result<Vec<Reply>, ChaosError> {
        let node = &self.members[node].node;
        let batches: Vec<(Vec<u8>, usize)> = keys
            .chunks(node.pipeline_depth())
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 64);
                chunk.iter().for_each(|key| command_of(&mut buf, key));
                (buf, chunk.len())
            })
            .collect();
        let replies: Vec<Vec<Reply>> = futures::stream::iter(batches.iter())
            .map(|(buf, count)| node.exchange(buf, *count))
            .buffered(node.connections())
            .try_collect()
            .await?;
        Ok(replies.into_iter().flatten().collect())
    }
}

impl Store for RedisCluster {
    fn names(&self) -> &[String] {
        &self.names
    }

    async fn set(&self, node: usize, keys: &[&[u8]]) -> Result<(), ChaosError> {
        let value = self.value.as_slice();
        let replies = self
            .batched(node, keys, |buf, key| resp::encode(buf, &[b"SET", key, value, b"PX", KEY_TTL_MS]))
            .await?;
        for reply in replies {
            expect_ok(&self.members[node].node, "SET", Some(reply))?;
        }
        Ok(())
    }

    async fn get(&self, node: usize, keys: &[&[u8]]) -> Result<Vec<bool>, ChaosError> {
        let replies = self.batched(node, keys, |buf, key| resp::encode(buf, &[b"GET", key])).await?;
        replies
            .into_iter()
            .map(|reply| match reply {
                Reply::Bulk(Some(v)) => Ok(v == self.value),
                Reply::Bulk(None) => Ok(false),
                other => Err(unexpected(&self.members[node].node, "GET", Some(other))),
            })
            .collect()
    }

    async fn kill(&mut self, node: usize) -> Result<(), ChaosError> {
        let member = &mut self.members[node];
        match member.server.as_mut() {
            Some(server) => server.kill(),
            None => member.node.shutdown_nosave().await?,
        }
        member.up = false;
        member.node.wait_down(self.timeout * 5).await
    }

    async fn restore(&mut self, node: usize) -> Result<(), ChaosError> {
        let member = &mut self.members[node];
        let Some(server) = member.server.as_mut() else {
            return Err(ChaosError::Node {
                node: member.node.name().to_owned(),
                address: member.node.address().to_owned(),
                problem: "veysi did not start this server, so it cannot restart it (--restore needs --spawn)"
                    .into(),
            });
        };
        server.restart(READY_WITHIN).await?;
        member.up = true;
        Ok(())
    }
}

/// `+OK`, or an error naming the reply.
fn expect_ok(node: &RedisNode, command: &str, reply: Option<Reply>) -> Result<(), ChaosError> {
    match reply {
        Some(Reply::Simple(s)) if s == "OK" => Ok(()),
        other => Err(unexpected(node, command, other)),
    }
}

fn unexpected(node: &RedisNode, command: &str, reply: Option<Reply>) -> ChaosError {
    ChaosError::Node {
        node: node.name().to_owned(),
        address: node.address().to_owned(),
        problem: match reply {
            Some(Reply::Error(e))
                if e.starts_with("MOVED") || e.starts_with("ASK") || e.starts_with("CLUSTERDOWN") =>
            {
                format!(
                    "{command} failed: {e} (a Redis Cluster node: ring chaos routes keys itself, so give standalone servers)"
                )
            }
            Some(Reply::Error(e)) if e.starts_with("READONLY") => {
                format!("{command} failed: {e} (a replica: give primaries or standalone servers)")
            }
            Some(Reply::Error(e)) => format!("{command} failed: {e}"),
            other => format!("unexpected reply to {command}: {other:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cluster_and_replica_refusals_say_what_to_give_instead() {
        let node = RedisNode::new("redis-2", "127.0.0.1:7001", NodeOptions::default()).await.unwrap();
        let message = |e: &str| unexpected(&node, "SET", Some(Reply::Error(e.into()))).to_string();
        let moved = message("MOVED 3999 127.0.0.1:7002");
        assert!(
            moved.starts_with("redis-2 (127.0.0.1:7001): SET failed: MOVED") && moved.contains("standalone")
        );
        assert!(message("READONLY You can't write against a read only replica.").contains("primaries"));
        assert_eq!(message("ERR boom"), "redis-2 (127.0.0.1:7001): SET failed: ERR boom");
        assert!(
            unexpected(&node, "GET", Some(Reply::Integer(1))).to_string().contains("unexpected reply to GET")
        );
    }
}
