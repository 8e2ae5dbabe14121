//! Finding the real kubectl and running it with a cleaned environment.
//!
//! kubectl is found, in order, from `VEYSI_KUBECTL`, from `KUBECTL_PATH` when kubectl started
//! us as its plugin, and from `PATH`; a candidate that is this very binary (by symlink, hard
//! link or copy on the same inode) is skipped, so aliasing `kubectl` to the wrapper cannot make
//! it run itself. A wrapper *script* named kubectl that calls kubectl-ro is caught by a marker
//! variable set in kubectl's environment.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// Set in kubectl's environment; seeing it on start means kubectl led back to the wrapper.
pub const ACTIVE_MARKER: &str = "VEYSI_KUBE_RO_ACTIVE";

/// Names the kubectl to run (a path), overriding the search.
pub const KUBECTL_OVERRIDE: &str = "VEYSI_KUBECTL";

/// Variables removed from kubectl's environment: external diff and editor programs, kubectl
/// feature switches and plugin-host state. All `KUBECTL_*` variables go too.
const REMOVED_VARS: &[&str] = &["KUBE_EDITOR", "EDITOR", "VISUAL"];

/// Why kubectl cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// `VEYSI_KUBECTL` names something that is not an executable file.
    #[error("VEYSI_KUBECTL={0} is not an executable file; point it at the real kubectl")]
    BadOverride(PathBuf),
    /// `VEYSI_KUBECTL` names this binary.
    #[error("VEYSI_KUBECTL={0} is kubectl-ro itself; point it at the real kubectl")]
    OverrideIsSelf(PathBuf),
    /// Nothing on PATH is a kubectl other than ourselves.
    #[error(
        "kubectl was not found on PATH{}; install kubectl or set VEYSI_KUBECTL to its path",
        if .skipped.is_empty() { String::new() } else { format!(" (skipped {}, which is kubectl-ro itself)", list(.skipped)) }
    )]
    NotFound {
        /// Candidates that were this binary.
        skipped: Vec<PathBuf>,
    },
    /// The kubectl we started started us again.
    #[error(
        "kubectl-ro was started by the kubectl it ran: the 'kubectl' found ({0}) leads back to kubectl-ro \
         (an alias or wrapper script?); set VEYSI_KUBECTL to the real kubectl"
    )]
    Recursion(String),
}

fn list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// Reads environment variables; the process environment in production, a map in tests.
pub trait Env {
    /// The variable's value, if set.
    fn var(&self, name: &str) -> Option<OsString>;
}

/// The process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<OsString> {
        std::env::var_os(name)
    }
}

/// A fixed set of variables (for tests and embedding).
impl Env for std::collections::HashMap<&str, OsString> {
    fn var(&self, name: &str) -> Option<OsString> {
        self.get(name).cloned()
    }
}

/// Finds the kubectl to run. `plugin_mode` is set when argv[0] was `kubectl-ro`; `self_exe` is
/// this binary.
pub fn locate(env: &dyn Env, plugin_mode: bool, self_exe: &Path) -> Result<PathBuf, LocateError> {
    if let Some(marker) = env.var(ACTIVE_MARKER).filter(|v| !v.is_empty()) {
        return Err(LocateError::Recursion(marker.to_string_lossy().into_owned()));
    }
    if let Some(path) = env.var(KUBECTL_OVERRIDE).filter(|v| !v.is_empty()).map(PathBuf::from) {
        if !is_executable(&path) {
            return Err(LocateError::BadOverride(path));
        }
        if same_file(&path, self_exe) {
            return Err(LocateError::OverrideIsSelf(path));
        }
        return Ok(path);
    }
    if plugin_mode
        && let Some(path) = env.var("KUBECTL_PATH").filter(|v| !v.is_empty()).map(PathBuf::from)
        && is_executable(&path)
        && !same_file(&path, self_exe)
    {
        return Ok(path);
    }
    let mut skipped = Vec::new();
    for dir in std::env::split_paths(&env.var("PATH").unwrap_or_default()) {
        let candidate = dir.join("kubectl");
        if !is_executable(&candidate) {
            continue;
        }
        if same_file(&candidate, self_exe) {
            skipped.push(candidate);
            continue;
        }
        return Ok(candidate);
    }
    Err(LocateError::NotFound { skipped })
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether two paths are the same file (same device and inode, symlinks followed).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Applies the cleaned environment to a kubectl command: removes external programs, kuberc
/// and every `KUBECTL_*` switch, turns kuberc off, and sets the recursion marker.
pub fn clean_env(command: &mut Command, kubectl: &Path) {
    let kubectl_vars: HashSet<OsString> =
        std::env::vars_os().map(|(k, _)| k).filter(|k| k.to_string_lossy().starts_with("KUBECTL_")).collect();
    for name in kubectl_vars.iter().map(OsString::as_os_str).chain(REMOVED_VARS.iter().map(OsStr::new)) {
        command.env_remove(name);
    }
    command.env("KUBERC", "off").env("KUBECTL_KUBERC", "false").env(ACTIVE_MARKER, kubectl);
}

/// How a kubectl run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The exit code the wrapper passes on: kubectl's own, or 128 + signal number.
    pub code: i32,
    /// Wall time kubectl ran.
    pub duration: Duration,
}

fn outcome(status: ExitStatus, started: Instant) -> Outcome {
    use std::os::unix::process::ExitStatusExt as _;
    let code = status.code().or_else(|| status.signal().map(|s| 128 + s)).unwrap_or(1);
    Outcome { code, duration: started.elapsed() }
}

/// Runs kubectl with the terminal passed through (stdin, stdout and stderr inherited) and
/// waits for it, forwarding SIGINT, SIGTERM, SIGHUP and SIGQUIT so that the wrapper outlives
/// it and can report its exit.
pub fn run_inherited(kubectl: &Path, args: &[OsString]) -> std::io::Result<Outcome> {
    let mut command = Command::new(kubectl);
    command.args(args);
    clean_env(&mut command, kubectl);
    let started = Instant::now();
    let mut child = command.spawn()?;
    let _forwarding = SignalForwarding::to(child.id());
    let status = child.wait()?;
    Ok(outcome(status, started))
}

/// Runs kubectl with stdout captured (stdin and stderr inherited), for output that must be
/// filtered before anyone sees it.
pub fn run_captured(kubectl: &Path, args: &[OsString]) -> std::io::Result<(Outcome, Vec<u8>)> {
    let mut command = Command::new(kubectl);
    command.args(args).stdout(Stdio::piped());
    clean_env(&mut command, kubectl);
    let started = Instant::now();
    let child = command.spawn()?;
    let _forwarding = SignalForwarding::to(child.id());
    let output = child.wait_with_output()?;
    Ok((outcome(output.status, started), output.stdout))
}

/// The child that termination signals are forwarded to (0: none).
static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward_signal(signal: libc::c_int) {
    let pid = CHILD.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill(2) is async-signal-safe; pid is a child this process spawned.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// While alive, termination signals sent to the wrapper go to the child instead.
struct SignalForwarding {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

const FORWARDED: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

impl SignalForwarding {
    fn to(pid: u32) -> Self {
        CHILD.store(i32::try_from(pid).unwrap_or(0), Ordering::SeqCst);
        let mut previous = Vec::new();
        for signal in FORWARDED {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler
            // only calls kill(2); `old` receives the previous action so it can be restored.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = forward_signal as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, &action, &mut old) == 0 {
                    previous.push((signal, old));
                }
            }
        }
        SignalForwarding { previous }
    }
}

impl Drop for SignalForwarding {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restores an action previously returned by sigaction(2).
            unsafe {
                libc::sigaction(*signal, old, std::ptr::null_mut());
            }
        }
        CHILD.store(0, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&'static str, &OsStr)]) -> HashMap<&'static str, OsString> {
        pairs.iter().map(|(k, v)| (*k, v.to_os_string())).collect()
    }

    fn executable(path: &Path) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn path_search_skips_this_binary_in_every_disguise() {
        let tmp = tempfile::tempdir().unwrap();
        let me = tmp.path().join("veysi");
        executable(&me);
        let (symlinked, hardlinked, real) =
            (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
        for dir in [&symlinked, &hardlinked, &real] {
            std::fs::create_dir(dir).unwrap();
        }
        std::os::unix::fs::symlink(&me, symlinked.join("kubectl")).unwrap();
        std::fs::hard_link(&me, hardlinked.join("kubectl")).unwrap();
        executable(&real.join("kubectl"));
        let path = std::env::join_paths([&symlinked, &hardlinked, &real]).unwrap();
        let found = locate(&env(&[("PATH", &path)]), false, &me).unwrap();
        assert_eq!(found, real.join("kubectl"));

        let only_me = std::env::join_paths([&symlinked, &hardlinked]).unwrap();
        let err = locate(&env(&[("PATH", &only_me)]), false, &me).unwrap_err();
        assert!(matches!(&err, LocateError::NotFound { skipped } if skipped.len() == 2), "{err}");
        assert!(err.to_string().contains("which is kubectl-ro itself"));
    }

    #[test]
    fn non_executables_and_directories_are_not_kubectl() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("kubectl"), "not executable").unwrap();
        let dir = tmp.path().join("d");
        std::fs::create_dir_all(dir.join("kubectl")).unwrap();
        let path = std::env::join_paths([tmp.path(), &dir]).unwrap();
        let err = locate(&env(&[("PATH", &path)]), false, Path::new("/nonexistent")).unwrap_err();
        assert!(matches!(err, LocateError::NotFound { .. }));
    }

    #[test]
    fn override_wins_but_never_names_ourselves() {
        let tmp = tempfile::tempdir().unwrap();
        let (me, other) = (tmp.path().join("veysi"), tmp.path().join("k"));
        executable(&me);
        executable(&other);
        assert_eq!(locate(&env(&[(KUBECTL_OVERRIDE, other.as_os_str())]), false, &me).unwrap(), other);
        assert!(matches!(
            locate(&env(&[(KUBECTL_OVERRIDE, me.as_os_str())]), false, &me),
            Err(LocateError::OverrideIsSelf(_))
        ));
        let missing = tmp.path().join("missing");
        assert!(matches!(
            locate(&env(&[(KUBECTL_OVERRIDE, missing.as_os_str())]), false, &me),
            Err(LocateError::BadOverride(_))
        ));
    }

    #[test]
    fn kubectl_path_is_used_only_in_plugin_mode_and_never_when_it_is_us() {
        let tmp = tempfile::tempdir().unwrap();
        let (me, host, on_path) = (tmp.path().join("veysi"), tmp.path().join("host"), tmp.path().join("p"));
        executable(&me);
        executable(&host);
        std::fs::create_dir(&on_path).unwrap();
        executable(&on_path.join("kubectl"));
        let vars = [("KUBECTL_PATH", host.as_os_str()), ("PATH", on_path.as_os_str())];
        assert_eq!(locate(&env(&vars), true, &me).unwrap(), host);
        assert_eq!(locate(&env(&vars), false, &me).unwrap(), on_path.join("kubectl"));
        let vars = [("KUBECTL_PATH", me.as_os_str()), ("PATH", on_path.as_os_str())];
        assert_eq!(locate(&env(&vars), true, &me).unwrap(), on_path.join("kubectl"));
    }

    #[test]
    fn the_marker_means_recursion() {
        let err =
            locate(&env(&[(ACTIVE_MARKER, OsStr::new("/usr/local/bin/kubectl"))]), false, Path::new("/x"))
                .unwrap_err();
        assert!(matches!(err, LocateError::Recursion(_)));
        assert!(err.to_string().contains("/usr/local/bin/kubectl"));
    }
}
