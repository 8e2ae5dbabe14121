//! Runs a parsed command line: calls the tool libraries and prints their reports.
//! Errors travel up as `anyhow::Error`; [`exit_code_of`] maps them to exit codes.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::cli::{Cli, Command};
use crate::docs;

/// A usage problem found after parsing (an inconsistent combination of flags, say).
/// Exits with code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit code for an error: 2 for [`UsageError`], 1 for everything else.
pub fn exit_code_of(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<UsageError>().is_some() { 2 } else { 1 }
}

/// The message printed for an error: the error and each cause in its chain, skipping a cause
/// whose text an outer message already quotes (libraries often include their source's text
/// in their own message, and the chain would otherwise say it twice).
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ring(args) => crate::ring::command::run(args, &cli.global),
        Command::KubeRo(args) => crate::kube::command::run(args, &cli.global),
        Command::Pool(args) => crate::pool::command::run(args, &cli.global),
        Command::Http(args) => crate::http::command::run(*args, &cli.global),
        Command::Mcp(mcp) => match mcp.command {
            crate::cli::mcp::McpCommand::Openapi(args) => {
                crate::mcp::openapi::command::run(*args, &cli.global)
            }
        },
        Command::Completions(args) => {
            let mut stdout = std::io::stdout().lock();
            docs::write_completion(args.shell, &mut stdout);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => {
            let written = docs::write_man_pages(&args.dir)
                .with_context(|| format!("cannot write man pages into {}", args.dir.display()))?;
            if !cli.global.quiet {
                eprintln!("wrote {} man pages into {}", written.len(), args.dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The tokio runtime async commands run on: multi-threaded, with `worker_threads` workers
/// (all cores when `None`), I/O and timers enabled.
pub fn runtime(worker_threads: Option<usize>) -> anyhow::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all();
    if let Some(n) = worker_threads {
        builder.worker_threads(n.max(1));
    }
    builder.build().context("cannot start the tokio runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot dial: {0}")]
    struct Quoting(#[source] std::io::Error);

    #[test]
    fn error_message_names_every_cause_once() {
        let refused = || std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let quoted = anyhow::Error::new(Quoting(refused())).context("cannot fill the pool");
        assert_eq!(error_message(&quoted), "cannot fill the pool: cannot dial: refused");
        let chained = anyhow::Error::new(refused()).context("cannot connect to 127.0.0.1:1");
        assert_eq!(error_message(&chained), "cannot connect to 127.0.0.1:1: refused");
    }
}
