//! The `kube-ro` command: `--check` prints the policy's decision; otherwise the decision gates
//! the real kubectl, whose exit code is passed on.

use std::ffi::OsString;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::kube::{InstallPluginArgs, KubeRoAction, KubeRoArgs, ServeArgs};
use crate::cli::{ColorChoice, GlobalArgs, invoked_as_plugin};
use crate::kube::audit::{AuditError, AuditLog, Entry, Mode};
use crate::kube::mcp::{self as kube_mcp, Limits, ServeConfig};
use crate::kube::policy::{self, Decision, OutputFilter};
use crate::kube::{plugin, redact, runner};
use crate::mcp::HttpOptions;
use crate::report::Renderer;

/// Exit code when the policy blocks a command (kubectl never starts).
pub const EXIT_BLOCKED: u8 = 3;
/// Exit code when kubectl is missing or cannot start.
pub const EXIT_NO_KUBECTL: u8 = 4;

/// Runs `veysi kube-ro`.
pub fn run(args: KubeRoArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        Some(KubeRoAction::InstallPlugin(install)) => return install_plugin(&install, global),
        Some(KubeRoAction::Serve(serve)) => return serve_mcp(&serve, global),
        None => {}
    }
    let audit = AuditLog::from_env(&runner::ProcessEnv);
    if args.check {
        let decision = policy::check(&args.args);
        record(&audit, Entry::new(Mode::Check, &decision, &args.args));
        return Ok(print_check(&decision, &args.args, global));
    }
    let plugin_mode = plugin_mode();
    let mode = if plugin_mode { Mode::Plugin } else { Mode::Cli };
    let decision = policy::check(&args.args);
    let entry = Entry::new(mode, &decision, &args.args);
    if !decision.allowed {
        eprintln!("{}", blocked_line(&decision, global.color, std::io::stderr().is_terminal()));
        record(&audit, entry);
        return Ok(ExitCode::from(EXIT_BLOCKED));
    }
    if args.audit_required
        && let Some(err) = audit_failure(&audit, AuditLog::probe)
    {
        anyhow::bail!("refusing to run kubectl: {err} (the audit log is required by --audit-required)");
    }
    let kubectl = match runner::locate(&runner::ProcessEnv, plugin_mode, &self_exe()) {
        Ok(path) => path,
        Err(err) => {
            eprintln!("error: {err}");
            record(&audit, Entry { error: Some(err.to_string()), ..entry });
            return Ok(ExitCode::from(EXIT_NO_KUBECTL));
        }
    };
    let result = match decision.filter {
        None => runner::run_inherited(&kubectl, &args.args),
        Some(filter) => run_filtered(&kubectl, &args.args, filter),
    };
    match result {
        Ok(outcome) => {
            record(&audit, entry.ran(outcome.code, outcome.duration));
            Ok(ExitCode::from(u8::try_from(outcome.code).unwrap_or(1)))
        }
        Err(err) => {
            let message = format!("cannot start {}: {err}", kubectl.display());
            eprintln!("error: {message}");
            record(&audit, Entry { error: Some(message), ..entry });
            Ok(ExitCode::from(EXIT_NO_KUBECTL))
        }
    }
}

/// Appends an audit line; a failure is reported on stderr and does not change the outcome
/// (`--audit-required` checks the log before kubectl runs instead).
fn record(audit: &Result<AuditLog, AuditError>, entry: Entry) {
    if let Some(err) = audit_failure(audit, |log| log.append(&entry)) {
        eprintln!("warning: audit log not written: {err}");
    }
}

/// What went wrong with the audit log, either finding it or doing `op` on it.
fn audit_failure(
    audit: &Result<AuditLog, AuditError>,
    op: impl FnOnce(&AuditLog) -> Result<(), AuditError>,
) -> Option<String> {
    match audit {
        Ok(log) => op(log).err().map(|e| e.to_string()),
        Err(err) => Some(err.to_string()),
    }
}

/// Whether kubectl started us as its plugin (argv[0] is `kubectl-ro`, usually a full path).
pub fn plugin_mode() -> bool {
    std::env::args_os().next().is_some_and(|argv0| invoked_as_plugin(Path::new(&argv0)))
}

fn self_exe() -> PathBuf {
    std::env::current_exe().unwrap_or_default()
}

/// Output that must be redacted first: kubectl prints JSON into a pipe, the wrapper redacts it
/// and prints it (`config view` as YAML unless JSON was asked for). Output that does not parse
/// is refused, never passed through.
fn run_filtered(kubectl: &Path, args: &[OsString], filter: OutputFilter) -> std::io::Result<runner::Outcome> {
    let mut args = args.to_vec();
    if let OutputFilter::Kubeconfig { .. } = filter {
        args.push("--output=json".into());
    }
    let (outcome, stdout) = runner::run_captured(kubectl, &args)?;
    if outcome.code != 0 {
        return Ok(outcome);
    }
    let Ok(mut document) = serde_json::from_slice::<serde_json::Value>(&stdout) else {
        eprintln!("error: kubectl did not print JSON; refusing to show its output unredacted");
        return Ok(runner::Outcome { code: 1, ..outcome });
    };
    let yaml = match filter {
        OutputFilter::Kubeconfig { json } => {
            redact::kubeconfig(&mut document);
            !json
        }
        OutputFilter::SecretJson => {
            redact::secrets(&mut document);
            false
        }
    };
    let text = if yaml {
        yaml_serde::to_string(&document).unwrap_or_default()
    } else {
        serde_json::to_string_pretty(&document).map(|t| t + "\n").unwrap_or_default()
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(outcome)
}

/// `--check`: the decision on stdout, as a line or (with --json) the decision object.
fn print_check(decision: &Decision, args: &[OsString], global: &GlobalArgs) -> ExitCode {
    if global.json {
        println!("{}", serde_json::to_string_pretty(decision).unwrap_or_default());
    } else if decision.allowed {
        println!("ALLOWED: {}", policy::display_command(args));
    } else {
        println!("{}", blocked_line(decision, global.color, std::io::stdout().is_terminal()));
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

/// Variable holding the bearer token HTTP clients must send.
pub const MCP_TOKEN_VAR: &str = "VEYSI_KUBE_RO_MCP_TOKEN";

/// `serve`: the MCP server. Nothing but protocol goes to stdout; notes go to stderr.
fn serve_mcp(args: &ServeArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let token = std::env::var(MCP_TOKEN_VAR).ok().filter(|t| !t.is_empty());
    if args.allow_remote && token.is_none() {
        return Err(crate::run::UsageError(format!(
            "--allow-remote needs a bearer token in {MCP_TOKEN_VAR}"
        ))
        .into());
    }
    let kubectl = match runner::locate(&runner::ProcessEnv, plugin_mode(), &self_exe()) {
        Ok(path) => path,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::from(EXIT_NO_KUBECTL));
        }
    };
    let audit = match AuditLog::from_env(&runner::ProcessEnv) {
        Ok(log) => Some(log),
        Err(err) => {
            eprintln!("warning: calls will not be audited: {err}");
            None
        }
    };
    let http = args.http.map(|addr| HttpOptions {
        allow_remote: args.allow_remote,
        bearer_token: token.clone(),
        ..HttpOptions::new(addr)
    });
    let config = ServeConfig {
        kubectl,
        http,
        limits: Limits {
            timeout: args.timeout,
            max_output_bytes: usize::try_from(args.max_output_bytes).unwrap_or(usize::MAX),
            max_concurrent: usize::from(args.max_concurrent),
        },
        allowed_contexts: args.allowed_contexts.clone(),
        audit,
    };
    let quiet = global.quiet;
    let runtime = crate::run::runtime(None)?;
    let result = runtime.block_on(async {
        let shutdown = crate::signal::shutdown_on_signal();
        kube_mcp::serve(config, shutdown, |addr| {
            if !quiet {
                eprintln!(
                    "serving {} read-only kubectl tools on http://{addr}/mcp",
                    kube_mcp::tools::TOOLS.len()
                );
            }
        })
        .await
    });
    // stdin is read on a blocking thread that cannot be interrupted.
    runtime.shutdown_background();
    result?;
    Ok(ExitCode::SUCCESS)
}
