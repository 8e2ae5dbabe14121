//! Running kubectl for a tool call: the cleaned environment of the CLI, a deadline after which
//! kubectl is killed, and a cap on how much output is kept (the rest is counted, not stored).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt as _};
use tokio::process::Command;

use crate::kube::runner;

/// How kubectl ended, and what it printed (up to the limits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// kubectl's exit code, or 128 + signal; `None` when it was stopped at the deadline.
    pub code: Option<i32>,
    /// stdout, at most the read limit.
    pub stdout: Vec<u8>,
    /// How many bytes kubectl wrote to stdout in all.
    pub stdout_total: u64,
    /// stderr, at most 64 KiB.
    pub stderr: Vec<u8>,
    /// Wall time.
    pub duration: Duration,
}

const STDERR_LIMIT: usize = 64 * 1024;

/// Runs kubectl with `args`, keeping at most `stdout_limit` bytes of stdout, and kills it when
/// it runs past `deadline`. Dropping the future (a cancelled call) kills kubectl too.
pub async fn run(
    kubectl: &Path,
    args: &[String],
    stdout_limit: usize,
    deadline: Duration,
) -> std::io::Result<Captured> {
    let mut command = Command::new(kubectl);
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    runner::clean_env(command.as_std_mut(), kubectl);
    let started = Instant::now();
    let mut child = command.spawn()?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(std::io::Error::other("kubectl's output pipes were not set up"));
    };
    let work = async {
        let (out, err, status) =
            tokio::join!(read_capped(stdout, stdout_limit), read_capped(stderr, STDERR_LIMIT), child.wait());
        (out, err, status)
    };
    match tokio::time::timeout(deadline, work).await {
        Ok(((stdout, stdout_total), (stderr, _), status)) => {
            use std::os::unix::process::ExitStatusExt as _;
            let status = status?;
            let code = status.code().or_else(|| status.signal().map(|s| 128 + s));
            Ok(Captured { code, stdout, stdout_total, stderr, duration: started.elapsed() })
        }
        Err(_) => {
            let _ = child.kill().await;
            Ok(Captured {
                code: None,
                stdout: Vec::new(),
                stdout_total: 0,
                stderr: Vec::new(),
                duration: started.elapsed(),
            })
        }
    }
}

/// Reads a pipe to its end, keeping the first `limit` bytes and counting the rest, so that a
/// chatty kubectl never blocks on a full pipe.
async fn read_capped(mut pipe: impl AsyncRead + Unpin, limit: usize) -> (Vec<u8>, u64) {
    let mut kept = Vec::new();
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => return (kept, total),
            Ok(n) => {
                total += n as u64;
                let room = limit.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn script(dir: &Path, body: &str) -> std::path::PathBuf {
        let path = dir.join("kubectl");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    #[test]
    fn output_beyond_the_limit_is_counted_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let kubectl = script(tmp.path(), "head -c 300000 /dev/zero; echo oops >&2; exit 2");
        let captured = runtime().block_on(run(&kubectl, &[], 1000, Duration::from_secs(20))).unwrap();
        assert_eq!(captured.code, Some(2));
        assert_eq!(captured.stdout.len(), 1000);
        assert_eq!(captured.stdout_total, 300_000);
        assert_eq!(captured.stderr, b"oops\n");
    }

    #[test]
    fn kubectl_is_stopped_at_the_deadline() {
        let tmp = tempfile::tempdir().unwrap();
        let kubectl = script(tmp.path(), "exec sleep 30");
        let captured = runtime().block_on(run(&kubectl, &[], 1000, Duration::from_millis(300))).unwrap();
        assert_eq!(captured.code, None);
    }

    #[test]
    fn arguments_arrive_as_given() {
        let tmp = tempfile::tempdir().unwrap();
        let kubectl = script(tmp.path(), r#"printf '%s|' "$@"; printf '%s' "$VEYSI_KUBE_RO_ACTIVE""#);
        let args = vec!["get".to_owned(), "pods".to_owned(), "--".to_owned(), "a b".to_owned()];
        let captured = runtime().block_on(run(&kubectl, &args, 1000, Duration::from_secs(20))).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&captured.stdout),
            format!("get|pods|--|a b|{}", kubectl.display())
        );
    }
}
