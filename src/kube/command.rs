//! The `kube-ro` command: `--check` prints the policy's decision; otherwise the decision gates
//! the real kubectl, whose exit code is passed on.

use std::ffi::OsString;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::kube::{InstallPluginArgs, KubeRoAction, KubeRoArgs};
use crate::cli::{ColorChoice, GlobalArgs, invoked_as_plugin};
use crate::kube::policy::{self, Decision, OutputFilter};
use crate::kube::{plugin, redact, runner};
use crate::report::Renderer;

/// Exit code when the policy blocks a command (kubectl never starts).
pub const EXIT_BLOCKED: u8 = 3;
/// Exit code when kubectl is missing or cannot start.
pub const EXIT_NO_KUBECTL: u8 = 4;

/// Runs `veysi kube-ro`.
pub fn run(args: KubeRoArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if let Some(KubeRoAction::InstallPlugin(install)) = args.action {
        return install_plugin(&install, global);
    }
    if args.check {
        return Ok(check(&args.args, global));
    }
    let decision = policy::check(&args.args);
    if !decision.allowed {
        eprintln!("{}", blocked_line(&decision, global.color, std::io::stderr().is_terminal()));
        return Ok(ExitCode::from(EXIT_BLOCKED));
    }
    let kubectl = match runner::locate(&runner::ProcessEnv, plugin_mode(), &self_exe()) {
        Ok(path) => path,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::from(EXIT_NO_KUBECTL));
        }
    };
    let result = match decision.filter {
        None => runner::run_inherited(&kubectl, &args.args).map(|outcome| outcome.code),
        Some(OutputFilter::Kubeconfig { json }) => run_config_view(&kubectl, &args.args, json),
    };
    match result {
        Ok(code) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        Err(err) => {
            eprintln!("error: cannot start {}: {err}", kubectl.display());
            Ok(ExitCode::from(EXIT_NO_KUBECTL))
        }
    }
}

/// Whether kubectl started us as its plugin (argv[0] is `kubectl-ro`, usually a full path).
pub fn plugin_mode() -> bool {
    std::env::args_os().next().is_some_and(|argv0| invoked_as_plugin(Path::new(&argv0)))
}

fn self_exe() -> PathBuf {
    std::env::current_exe().unwrap_or_default()
}

/// `config view`: kubectl prints JSON into a pipe, the wrapper redacts what kubectl's own
/// redaction leaves in clear and prints YAML (or JSON). Output that does not parse is refused.
fn run_config_view(kubectl: &Path, args: &[OsString], json: bool) -> std::io::Result<i32> {
    let mut args = args.to_vec();
    args.push("--output=json".into());
    let (outcome, stdout) = runner::run_captured(kubectl, &args)?;
    if outcome.code != 0 {
        return Ok(outcome.code);
    }
    let Ok(mut config) = serde_json::from_slice::<serde_json::Value>(&stdout) else {
        eprintln!("error: kubectl config view did not print JSON; refusing to show it unredacted");
        return Ok(1);
    };
    redact::kubeconfig(&mut config);
    let text = if json {
        serde_json::to_string_pretty(&config).map(|t| t + "\n").unwrap_or_default()
    } else {
        yaml_serde::to_string(&config).unwrap_or_default()
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(0)
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

fn install_plugin(args: &InstallPluginArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let target = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .context("cannot tell where this binary is, so the link would point nowhere")?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let report = plugin::install(&args.dir, &target, args.force, &path)?;
    Renderer::from_global(global).print(&report)?;
    Ok(ExitCode::SUCCESS)
}
