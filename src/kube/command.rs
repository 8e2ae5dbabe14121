//! The `kube-ro` command: `--check` prints the policy's decision; otherwise the decision gates
//! the real kubectl.

use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::process::ExitCode;

use crate::cli::kube::KubeRoArgs;
use crate::cli::{ColorChoice, GlobalArgs};
use crate::kube::policy::{self, Decision};

/// Exit code when the policy blocks a command (kubectl never starts).
pub const EXIT_BLOCKED: u8 = 3;

/// Runs `veysi kube-ro`.
pub fn run(args: KubeRoArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.check {
        return Ok(check(&args.args, global));
    }
    anyhow::bail!("running kubectl is not wired in yet; use --check to see the policy's decision")
}

/// `--check`: the decision on stdout, as a line or (with --json) the decision object.
fn check(args: &[OsString], global: &GlobalArgs) -> ExitCode {
    let decision = policy::check(args);
    if global.json {
        println!("{}", serde_json::to_string_pretty(&decision).unwrap_or_default());
    } else if decision.allowed {
        println!("ALLOWED: {}", policy::display_command(args));
    } else {
        println!("{}", blocked_line(&decision, global.color, std::io::stdout().is_terminal()));
    }
    exit_code(&decision)
}

fn exit_code(decision: &Decision) -> ExitCode {
    if decision.allowed { ExitCode::SUCCESS } else { ExitCode::from(EXIT_BLOCKED) }
}

/// The BLOCKED line for a stream: `✘` in bold red on a colour terminal, a plain ASCII `x`
/// when the stream is not a terminal, NO_COLOR or VEYSI_ASCII is set, or `--color never`.
pub fn blocked_line(decision: &Decision, color: ColorChoice, is_terminal: bool) -> String {
    let fancy = color.enabled(is_terminal) && std::env::var_os("VEYSI_ASCII").is_none_or(|v| v.is_empty());
    let line = decision.blocked_line(!fancy);
    match line.split_once(": ") {
        Some((head, reason)) if fancy => format!("\x1b[1;31m{head}:\x1b[0m {reason}"),
        _ => line,
    }
}
