//! Flags of `veysi kube-ro` (also `kubectl-ro` and `kubectl ro`).
//!
//! Everything after the wrapper's own flags is kubectl's command line, untouched. The settings
//! an agent must not be able to change from the command line (which kubectl binary runs, where
//! the audit log goes) are read from the environment instead, never from argv: an agent allowed
//! to run `kubectl-ro ...` could otherwise point them at any program or file.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

/// `veysi kube-ro [--check] KUBECTL_ARGS...`, `veysi kube-ro serve`, `veysi kube-ro install-plugin DIR`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    disable_version_flag = true,
    after_help = "Exit codes: kubectl's own when it ran; 3 when the policy blocked the command \
                  (kubectl never started); 4 when kubectl is missing or cannot start.\n\n\
                  Environment: VEYSI_KUBECTL (the kubectl to run; otherwise KUBECTL_PATH in plugin \
                  mode, then PATH, skipping this binary), NO_COLOR / VEYSI_ASCII (ASCII 'x' instead \
                  of '✘'), VEYSI_KUBE_RO_AUDIT_LOG (audit log path; default \
                  $XDG_STATE_HOME/veysi/kube-ro-audit.jsonl), VEYSI_KUBE_RO_AUDIT_MAX_BYTES (rotation \
                  size, default 10 MiB, 5 files kept). kubectl runs without KUBE_EDITOR, EDITOR, VISUAL and KUBECTL_* variables, \
                  and with KUBERC=off.\n\n\
                  The wrapper's own flags go before the kubectl arguments; put `--` in between \
                  when a kubectl argument could be mistaken for one of them."
)]
pub struct KubeRoArgs {
    /// `serve` or `install-plugin`; without one, the arguments are a kubectl command line.
    #[command(subcommand)]
    pub action: Option<KubeRoAction>,

    /// Run the policy only: print `ALLOWED: kubectl ...` (exit 0) or the BLOCKED line (exit 3).
    /// With --json, print the decision object {allowed, rule, reason, command}.
    #[arg(long)]
    pub check: bool,

    /// Refuse to run kubectl when the audit log cannot be written (default: warn and go on).
    #[arg(long, env = "VEYSI_KUBE_RO_AUDIT_REQUIRED", value_parser = clap::builder::BoolishValueParser::new())]
    pub audit_required: bool,

    /// kubectl arguments, exactly as kubectl takes them.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "KUBECTL_ARGS")]
    pub args: Vec<OsString>,
}

/// The subcommands of `kube-ro` that are not kubectl command lines.
#[derive(Debug, Subcommand)]
pub enum KubeRoAction {
    /// Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http.
    ///
    /// Every tool builds a kubectl command line from typed parameters and passes it through
    /// the same policy as the command line; Secret values in JSON or YAML output are redacted;
    /// logs never follow; each call has a deadline and an output cap. Blocked and failed calls
    /// are tool results with isError. Decisions go to the audit log (mode "mcp").
    Serve(ServeArgs),

    /// Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary.
    InstallPlugin(InstallPluginArgs),
}

/// `veysi kube-ro serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Environment: VEYSI_KUBECTL, VEYSI_KUBE_RO_AUDIT_LOG and VEYSI_KUBE_RO_AUDIT_MAX_BYTES \
                        as for the wrapper; VEYSI_KUBE_RO_MCP_TOKEN, when set, is the bearer token every \
                        HTTP request must carry (required with --allow-remote)."
)]
pub struct ServeArgs {
    /// Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback only unless
    /// --allow-remote; Host and Origin are checked).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<SocketAddr>,

    /// Allow --http on an address other machines can reach (needs VEYSI_KUBE_RO_MCP_TOKEN).
    #[arg(long, requires = "http")]
    pub allow_remote: bool,

    /// Seconds a call may run before kubectl is stopped (also kubectl's --request-timeout).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,

    /// Most bytes of output a call returns; the rest is cut with an explicit marker.
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024, value_parser = clap::value_parser!(u64).range(1024..=64 * 1024 * 1024))]
    pub max_output_bytes: u64,

    /// Most kubectl processes running at once; further calls wait (within --timeout).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_concurrent: u16,

    /// Only these kubeconfig contexts may be named in calls (repeatable; default: any).
    #[arg(long = "allowed-context", value_name = "CONTEXT")]
    pub allowed_contexts: Vec<String>,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(secs @ 1..=3600) => Ok(Duration::from_secs(secs)),
        _ => Err(format!("'{text}' is not a whole number of seconds from 1 to 3600")),
    }
}

/// `veysi kube-ro install-plugin DIR`.
#[derive(Debug, Args)]
pub struct InstallPluginArgs {
    /// Directory on kubectl's PATH to put the `kubectl-ro` symlink in (created if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Replace an existing `kubectl-ro` symlink that points elsewhere.
    #[arg(long)]
    pub force: bool,
}
