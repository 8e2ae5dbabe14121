//! The audit log: one JSON line per policy decision, at
//! `$XDG_STATE_HOME/veysi/kube-ro-audit.jsonl` (or `~/.local/state/...`), in a 0700 directory,
//! as a 0600 file, rotated by size.
//!
//! Many kubectl-ro processes may append at once (an agent running commands in parallel, an
//! MCP server and a person). Each append holds an exclusive `flock` on a lock file beside the
//! log while it checks the size, rotates if the line would not fit, and writes the line in one
//! `write(2)` on an `O_APPEND` file: no line is lost to a rename, none is interleaved with
//! another, and no file passes the size limit. Lines are small and rare next to kubectl's own
//! run time, so serialising appends costs nothing that matters.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::os::fd::AsRawFd as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::kube::policy::{Decision, Rule, text};
use crate::kube::runner::Env;

/// Overrides the log's path.
pub const PATH_VAR: &str = "VEYSI_KUBE_RO_AUDIT_LOG";
/// Overrides the rotation size in bytes.
pub const MAX_BYTES_VAR: &str = "VEYSI_KUBE_RO_AUDIT_MAX_BYTES";
/// Rotation size unless overridden: 10 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Rotated files kept (`.1` newest ... `.5` oldest).
pub const KEEP: u32 = 5;
/// Longest argument kept in a line; longer ones are cut with a note of their size.
const MAX_ARG_CHARS: usize = 4096;
/// Flags whose values are secrets, masked as `***` in the log.
const SENSITIVE_FLAGS: [&str; 3] = ["token", "password", "proxy-url"];

/// How the decision was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `veysi kube-ro ...` or `kubectl-ro ...` run directly.
    Cli,
    /// `kubectl ro ...` (argv[0] `kubectl-ro`).
    Plugin,
    /// A tool call of `veysi kube-ro serve`.
    Mcp,
    /// `--check`: policy only.
    Check,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    /// How the decision was asked for.
    pub mode: Mode,
    /// `allowed` or `blocked`.
    pub decision: &'static str,
    /// The rule that decided.
    pub rule: Rule,
    /// The reason, as shown to the user.
    pub reason: String,
    /// The kubectl command recognised.
    pub command: String,
    /// The kubectl arguments, with secret flag values masked and unprintable characters escaped.
    pub argv: Vec<String>,
    /// `--context` from the command line; `null` means the kubeconfig's current context.
    pub context: Option<String>,
    /// The namespace from the command line, `*` for all; `null` means the default.
    pub namespace: Option<String>,
    /// kubectl's exit code, when it ran.
    pub kubectl_exit_code: Option<i32>,
    /// How long kubectl ran, in milliseconds.
    pub duration_ms: Option<u64>,
    /// The MCP tool that built the command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Why kubectl could not run, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The process that decided.
    pub pid: u32,
    /// Its user id.
    pub uid: u32,
}

impl Entry {
    /// An entry for a decision on `args`; the outcome fields start empty.
    pub fn new(mode: Mode, decision: &Decision, args: &[OsString]) -> Self {
        Entry {
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            mode,
            decision: if decision.allowed { "allowed" } else { "blocked" },
            rule: decision.rule,
            reason: decision.reason.clone(),
            command: decision.command.clone(),
            argv: masked_argv(args),
            context: decision.scope.context.clone(),
            namespace: decision.scope.namespace.clone(),
            kubectl_exit_code: None,
            duration_ms: None,
            tool: None,
            error: None,
            pid: std::process::id(),
            // SAFETY: getuid(2) cannot fail and has no side effects.
            uid: unsafe { libc::getuid() },
        }
    }

    /// Records how kubectl ended.
    pub fn ran(mut self, exit_code: i32, duration: Duration) -> Self {
        self.kubectl_exit_code = Some(exit_code);
        self.duration_ms = Some(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// The arguments as logged: printable (see [`text::escape_for_log`]), cut at 4096 characters,
/// and with the values of `--token`, `--password` and `--proxy-url` replaced by `***`.
pub fn masked_argv(args: &[OsString]) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut mask_next = false;
    for arg in args {
        let mut text = text::escape_for_log(arg);
        if std::mem::take(&mut mask_next) {
            text = "***".to_owned();
        } else if let Some(body) = text.strip_prefix("--") {
            let (name, value) = body.split_once('=').map_or((body, None), |(n, v)| (n, Some(v)));
            if SENSITIVE_FLAGS.contains(&name.replace('_', "-").as_str()) {
                match value {
                    Some(_) => text = format!("--{name}=***"),
                    None => mask_next = true,
                }
            }
        }
        if text.chars().count() > MAX_ARG_CHARS {
            let bytes = text.len();
            text = text.chars().take(MAX_ARG_CHARS).collect::<String>() + &format!("...[cut, {bytes} bytes]");
        }
        out.push(text);
    }
    out
}

/// Why a line could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// Neither the override, XDG_STATE_HOME nor HOME is set.
    #[error("no audit log location: set {PATH_VAR}, XDG_STATE_HOME or HOME")]
    NoLocation,
    /// A file system operation failed.
    #[error("audit log {path}: cannot {action}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The error.
        source: std::io::Error,
    },
    /// The path is a device, FIFO or socket.
    #[error("audit log {0} is not a regular file")]
    NotAFile(PathBuf),
    /// The kernel accepted only part of the line.
    #[error("audit log {0}: short write")]
    ShortWrite(PathBuf),
}

fn io<'p>(path: &'p Path, action: &'static str) -> impl FnOnce(std::io::Error) -> AuditError + 'p {
    move |source| AuditError::Io { path: path.to_owned(), action, source }
}

/// An audit log file and its rotation settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLog {
    path: PathBuf,
    max_bytes: u64,
    /// The directory veysi owns and keeps at 0700 (the default location's `veysi/`).
    own_dir: Option<PathBuf>,
}

impl AuditLog {
    /// A log at `path`, rotated past `max_bytes`.
    pub fn new(path: PathBuf, max_bytes: u64) -> Self {
        AuditLog { path, max_bytes: max_bytes.max(1), own_dir: None }
    }

    /// The log the environment asks for: `VEYSI_KUBE_RO_AUDIT_LOG`, else
    /// `$XDG_STATE_HOME/veysi/kube-ro-audit.jsonl`, else `$HOME/.local/state/veysi/...`;
    /// rotated at `VEYSI_KUBE_RO_AUDIT_MAX_BYTES` (default 10 MiB).
    pub fn from_env(env: &dyn Env) -> Result<Self, AuditError> {
        let max_bytes = env
            .var(MAX_BYTES_VAR)
            .and_then(|v| v.to_str().and_then(|s| s.trim().parse::<u64>().ok()))
            .unwrap_or(DEFAULT_MAX_BYTES);
        if let Some(path) = env.var(PATH_VAR).filter(|v| !v.is_empty()) {
            return Ok(AuditLog::new(path.into(), max_bytes));
        }
        let state = env
            .var("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| env.var("HOME").filter(|h| !h.is_empty()).map(|h| Path::new(&h).join(".local/state")))
            .ok_or(AuditError::NoLocation)?;
        let dir = state.join("veysi");
        Ok(AuditLog { path: dir.join("kube-ro-audit.jsonl"), max_bytes, own_dir: Some(dir) })
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one line, rotating first when the line would take the file past
    /// the size limit.
    pub fn append(&self, entry: &Entry) -> Result<(), AuditError> {
        let mut line = serde_json::to_vec(entry).unwrap_or_default();
        line.push(b'\n');
        let lock = self.open_lock()?;
        flock(&lock, libc::LOCK_EX).map_err(io(&self.path, "lock"))?;
        let size = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        if size > 0 && size + line.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        let mut file = self.open()?;
        let written = file.write(&line).map_err(io(&self.path, "write"))?;
        if written != line.len() {
            return Err(AuditError::ShortWrite(self.path.clone()));
        }
        Ok(())
        // The lock is released when `lock` is closed.
    }

    /// Makes sure a line could be written (directory, lock file and log open for appending),
    /// without writing one: the fail-closed check before running kubectl.
    pub fn probe(&self) -> Result<(), AuditError> {
        self.open_lock()?;
        self.open().map(drop)
    }

    fn ensure_dir(&self) -> Result<(), AuditError> {
        let dir = self.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io(dir, "create the directory"))?;
        if let Some(own) = &self.own_dir {
            tighten(own, 0o700).map_err(io(own, "set the directory's mode to 0700"))?;
        }
        Ok(())
    }

    fn open_with(&self, path: &Path) -> Result<File, AuditError> {
        self.ensure_dir()?;
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)
            .map_err(io(path, "open"))?;
        let meta = file.metadata().map_err(io(path, "stat"))?;
        if !meta.is_file() {
            return Err(AuditError::NotAFile(path.to_owned()));
        }
        tighten_file(&file, &meta, 0o600).map_err(io(path, "set the file's mode to 0600"))?;
        Ok(file)
    }

    fn open(&self) -> Result<File, AuditError> {
        self.open_with(&self.path)
    }

    fn open_lock(&self) -> Result<File, AuditError> {
        self.open_with(&self.lock_path())
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    /// The `n`th rotated file: `kube-ro-audit.jsonl.1`.
    pub fn rotated(&self, n: u32) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{n}"));
        self.path.with_file_name(name)
    }

    fn rotate(&self) -> Result<(), AuditError> {
        for n in (1..KEEP).rev() {
            match std::fs::rename(self.rotated(n), self.rotated(n + 1)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io(&self.path, "rotate")(e));
                }
                _ => {}
            }
        }
        std::fs::rename(&self.path, self.rotated(1)).map_err(io(&self.path, "rotate"))
    }
}

/// Removes group and other permission bits from a directory we own.
fn tighten(path: &Path, mode: u32) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    // SAFETY: getuid(2) cannot fail and has no side effects.
    if meta.uid() == unsafe { libc::getuid() } && meta.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

fn tighten_file(file: &File, meta: &std::fs::Metadata, mode: u32) -> std::io::Result<()> {
    // SAFETY: as above.
    if meta.uid() == unsafe { libc::getuid() } && meta.permissions().mode() & 0o777 != mode {
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

fn flock(file: &File, operation: libc::c_int) -> std::io::Result<()> {
    loop {
        // SAFETY: flock(2) on a descriptor this `File` owns for the duration of the call.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::kube::policy;

    fn env(pairs: &[(&'static str, &str)]) -> HashMap<&'static str, OsString> {
        pairs.iter().map(|(k, v)| (*k, OsString::from(v))).collect()
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn sensitive_values_are_masked_in_every_form() {
        let argv = masked_argv(&os(&[
            "get",
            "pods",
            "--token=abc",
            "--password",
            "pw",
            "--proxy_url=http://u:p@x",
            "-n",
            "x",
        ]));
        assert_eq!(argv, ["get", "pods", "--token=***", "--password", "***", "--proxy_url=***", "-n", "x"]);
        let long = "a".repeat(5000);
        let argv = masked_argv(&os(&[&long]));
        assert!(argv[0].ends_with("...[cut, 5000 bytes]") && argv[0].len() < 4200);
        assert_eq!(masked_argv(&os(&["a\u{1b}b"])), ["a\\u{1b}b"]);
    }

    #[test]
    fn location_follows_the_override_then_xdg_then_home() {
        let log = AuditLog::from_env(&env(&[(PATH_VAR, "/x/a.jsonl"), ("XDG_STATE_HOME", "/s")])).unwrap();
        assert_eq!(log.path(), Path::new("/x/a.jsonl"));
        let log = AuditLog::from_env(&env(&[("XDG_STATE_HOME", "/s"), ("HOME", "/h")])).unwrap();
        assert_eq!(log.path(), Path::new("/s/veysi/kube-ro-audit.jsonl"));
        let log = AuditLog::from_env(&env(&[
            ("XDG_STATE_HOME", "relative"),
            ("HOME", "/h"),
            (MAX_BYTES_VAR, "123"),
        ]))
        .unwrap();
        assert_eq!(log.path(), Path::new("/h/.local/state/veysi/kube-ro-audit.jsonl"));
        assert_eq!(log.max_bytes, 123);
        assert!(matches!(AuditLog::from_env(&env(&[])), Err(AuditError::NoLocation)));
    }

    #[test]
    fn entries_are_json_lines_with_0600_file_and_0700_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let env = env(&[("XDG_STATE_HOME", tmp.path().to_str().unwrap())]);
        let log = AuditLog::from_env(&env).unwrap();
        let args = os(&["get", "secret", "db", "-o", "yaml", "--context", "prod"]);
        let decision = policy::check(&args);
        log.append(&Entry::new(Mode::Cli, &decision, &args)).unwrap();
        log.append(
            &Entry::new(Mode::Cli, &policy::check(&os(&["get", "pods"])), &os(&["get", "pods"]))
                .ran(0, Duration::from_millis(1500)),
        )
        .unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["decision"], "blocked");
        assert_eq!(lines[0]["rule"], "secret-values");
        assert_eq!(lines[0]["mode"], "cli");
        assert_eq!(lines[0]["context"], "prod");
        assert_eq!(lines[0]["kubectl_exit_code"], serde_json::Value::Null);
        assert_eq!(lines[1]["decision"], "allowed");
        assert_eq!(lines[1]["kubectl_exit_code"], 0);
        assert_eq!(lines[1]["duration_ms"], 1500);
        assert!(lines[1]["time"].as_str().unwrap().ends_with('Z'));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(log.path()), 0o600);
        assert_eq!(mode(log.path().parent().unwrap()), 0o700);
    }

    #[test]
    fn existing_loose_permissions_are_tightened() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("veysi");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.join("kube-ro-audit.jsonl");
        std::fs::write(&file, "").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let env = env(&[("XDG_STATE_HOME", tmp.path().to_str().unwrap())]);
        let log = AuditLog::from_env(&env).unwrap();
        log.probe().unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_symlink_in_place_of_the_log_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("bashrc");
        std::fs::write(&target, "original\n").unwrap();
        let path = tmp.path().join("audit.jsonl");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let log = AuditLog::new(path, 1 << 20);
        let args = os(&["get", "pods"]);
        assert!(log.append(&Entry::new(Mode::Cli, &policy::check(&args), &args)).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "original\n");
    }

    /// Threads appending at full speed across several rotations: every line lands whole in one
    /// of the files, and no file passes the limit (which a write racing a rename would cause).
    #[test]
    fn concurrent_appends_across_rotations_lose_nothing() {
        const THREADS: usize = 8;
        const EACH: usize = 150;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.jsonl");
        // Room for every line in the six files, with little to spare: an extra rotation loses lines.
        let max = 70_000;
        std::thread::scope(|scope| {
            for t in 0..THREADS {
                let path = path.clone();
                scope.spawn(move || {
                    let log = AuditLog::new(path, max);
                    for i in 0..EACH {
                        let args = os(&["get", "pods", "-l", &format!("t={t}-{i}")]);
                        log.append(&Entry::new(Mode::Cli, &policy::check(&args), &args)).unwrap();
                    }
                });
            }
        });
        let log = AuditLog::new(path, max);
        let mut seen = Vec::new();
        for file in std::iter::once(log.path().to_owned()).chain((1..=KEEP).map(|n| log.rotated(n))) {
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            assert!(text.len() as u64 <= max, "{} has {} bytes", file.display(), text.len());
            for line in text.lines() {
                let entry: serde_json::Value = serde_json::from_str(line).unwrap();
                seen.push(entry["argv"][3].as_str().unwrap().to_owned());
            }
        }
        assert!(log.rotated(3).exists(), "the test should cross several rotations");
        seen.sort();
        let mut expected: Vec<String> =
            (0..THREADS).flat_map(|t| (0..EACH).map(move |i| format!("t={t}-{i}"))).collect();
        expected.sort();
        assert_eq!(seen.len(), expected.len());
        assert_eq!(seen, expected);
    }

    #[test]
    fn devices_are_refused_and_left_alone() {
        let log = AuditLog::new(PathBuf::from("/dev/null"), 1 << 20);
        assert!(matches!(log.probe(), Err(AuditError::NotAFile(_))));
        assert_eq!(std::fs::metadata("/dev/null").unwrap().permissions().mode() & 0o777, 0o666);
    }

    #[test]
    fn rotation_keeps_five_files_and_every_line_fits_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let log = AuditLog::new(tmp.path().join("a.jsonl"), 1000);
        let args = os(&["get", "pods"]);
        let entry = Entry::new(Mode::Cli, &policy::check(&args), &args);
        for _ in 0..100 {
            log.append(&entry).unwrap();
        }
        for n in 1..=KEEP {
            let size = std::fs::metadata(log.rotated(n)).unwrap().len();
            assert!(size > 0 && size <= 1000, "file .{n} has {size} bytes");
        }
        assert!(!log.rotated(KEEP + 1).exists());
        assert!(std::fs::metadata(log.path()).unwrap().len() <= 1000);
    }
}
