//! `redis-server` processes started for an experiment: each on a free loopback port, in its own
//! temporary directory, without persistence, and never outliving veysi.
//!
//! Four layers make sure no server is left running: [`RedisServer`]'s `Drop` kills and reaps
//! the process (normal end, errors, and panics, which unwind); the command stops on Ctrl-C and
//! SIGTERM and drops the servers; each server runs in its own process group, so a
//! terminal's Ctrl-C reaches veysi, which then stops them in order; and on Linux each server
//! gets SIGKILL from the kernel when the thread that started it exits (`PR_SET_PDEATHSIG`),
//! which covers veysi itself being killed with SIGKILL. Because of that last layer, start
//! servers from a thread that lives as long as they should: the main thread (a runtime's
//! `block_on` future runs there) or a runtime worker, not a `spawn_blocking` thread.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::error::ChaosError;
use crate::pool::redis_ping;

/// How often a starting server is polled for PING.
const POLL: Duration = Duration::from_millis(10);
/// Attempts at finding a port nobody grabs between our probe and the server's bind.
const PORT_ATTEMPTS: usize = 5;

/// One `redis-server` child process on `127.0.0.1:port`. Dropping it kills the process.
#[derive(Debug)]
pub struct RedisServer {
    binary: PathBuf,
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    pids: Vec<u32>,
}

impl RedisServer {
    /// Starts `binary` on a free loopback port and waits until it answers PING.
    pub async fn start(binary: &Path, ready_within: Duration) -> Result<Self, ChaosError> {
        let dir = tempfile::Builder::new().prefix("veysi-redis-").tempdir().map_err(|e| {
            ChaosError::Spawn { binary: binary.to_owned(), reason: format!("temporary directory: {e}") }
        })?;
        let mut server =
            RedisServer { binary: binary.to_owned(), port: 0, dir, child: None, pids: Vec::new() };
        let mut last = None;
        for _ in 0..PORT_ATTEMPTS {
            server.port = free_port().map_err(|e| ChaosError::Spawn {
                binary: binary.to_owned(),
                reason: format!("no free loopback port: {e}"),
            })?;
            let err = match server.launch(ready_within).await {
                Ok(()) => return Ok(server),
                Err(err) => err,
            };
            // Another process took the port between our probe and the server's bind: retry.
            if !matches!(&err, ChaosError::Exited { log, .. } if log.contains("in use")) {
                return Err(err);
            }
            last = Some(err);
        }
        Err(last.unwrap_or(ChaosError::Spawn { binary: binary.to_owned(), reason: "no port".into() }))
    }

    /// Starts the server again on the same port and directory (empty: nothing is persisted),
    /// after [`RedisServer::kill`].
    pub async fn restart(&mut self, ready_within: Duration) -> Result<(), ChaosError> {
        self.kill();
        self.launch(ready_within).await
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:port`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The process id of every process started for this server, the running one last.
    pub fn pids(&self) -> &[u32] {
        &self.pids
    }

    /// Whether the process is running.
    pub fn is_running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Kills the process (SIGKILL: a crash, no clean shutdown) and reaps it. Idempotent.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn launch(&mut self, ready_within: Duration) -> Result<(), ChaosError> {
        let log = self.dir.path().join("redis.log");
        let mut command = Command::new(&self.binary);
        command
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .args(["--daemonize", "no", "--databases", "1"])
            .arg("--dir")
            .arg(self.dir.path())
            .arg("--logfile")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        detach(&mut command);
        let child = command.spawn().map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ChaosError::NotInstalled { binary: self.binary.clone() },
            _ => ChaosError::Spawn { binary: self.binary.clone(), reason: e.to_string() },
        })?;
        self.pids.push(child.id());
        self.child = Some(child);
        let deadline = Instant::now() + ready_within;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                self.child = None;
                return Err(ChaosError::Exited {
                    port: self.port,
                    status: status.to_string(),
                    log: log_tail(&log),
                });
            }
            if answers_ping(self.port).await {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.kill();
                return Err(ChaosError::NotReady {
                    port: self.port,
                    waited: ready_within,
                    log: log_tail(&log),
                });
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Starts `count` servers at once; on any failure the ones already started are stopped.
pub async fn start_many(
    binary: &Path,
    count: usize,
    ready_within: Duration,
) -> Result<Vec<RedisServer>, ChaosError> {
    futures::future::try_join_all((0..count).map(|_| RedisServer::start(binary, ready_within))).await
}

/// Puts the child in its own process group (a terminal's Ctrl-C goes to veysi alone, which
/// stops the servers in order) and, on Linux, has the kernel kill it when the thread that
/// started it dies (veysi killed with SIGKILL, say).
#[cfg(unix)]
fn detach(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    command.process_group(0);
    #[cfg(target_os = "linux")]
    {
        // SAFETY: prctl is async-signal-safe; the closure allocates nothing and touches no
        // state of the parent.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

#[cfg(not(unix))]
fn detach(_: &mut Command) {}

/// A port that was free on 127.0.0.1 a moment ago.
fn free_port() -> io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Whether something on `127.0.0.1:port` answers PING with +PONG within a short time.
async fn answers_ping(port: u16) -> bool {
    let attempt = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
        redis_ping(&mut stream).await?;
        stream.shutdown().await
    };
    matches!(tokio::time::timeout(Duration::from_millis(500), attempt).await, Ok(Ok(())))
}

/// The last lines of a server's log, for an error message.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" | ");
    if tail.is_empty() { "(no log)".to_owned() } else { tail }
}
