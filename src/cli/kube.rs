//! Flags of `veysi kube-ro` (also `kubectl-ro` and `kubectl ro`).
//!
//! Everything after the wrapper's own flags is kubectl's command line, untouched. The settings
//! an agent must not be able to change from the command line (which kubectl binary runs, where
//! the audit log goes) are read from the environment instead, never from argv: an agent allowed
//! to run `kubectl-ro ...` could otherwise point them at any program or file.

use std::ffi::OsString;

use clap::Args;

/// `veysi kube-ro [--check] KUBECTL_ARGS...`.
#[derive(Debug, Args)]
#[command(
    disable_version_flag = true,
    after_help = "Exit codes: kubectl's own when it ran; 3 when the policy blocked the command \
                  (kubectl never started); 4 when kubectl is missing or cannot start.\n\n\
                  The wrapper's own flags go before the kubectl arguments; put `--` in between \
                  when a kubectl argument could be mistaken for one of them."
)]
pub struct KubeRoArgs {
    /// Run the policy only: print `ALLOWED: kubectl ...` (exit 0) or the BLOCKED line (exit 3).
    /// With --json, print the decision object {allowed, rule, reason, command}.
    #[arg(long)]
    pub check: bool,

    /// kubectl arguments, exactly as kubectl takes them.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "KUBECTL_ARGS")]
    pub args: Vec<OsString>,
}
