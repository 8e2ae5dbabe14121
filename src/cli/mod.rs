//! The whole command tree of `veysi` (clap derive): the single source of `--help`, shell
//! completions and man pages. Each tool's flags live in a submodule named after the tool;
//! this file holds the global flags, the top-level commands, and argv[0] dispatch.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod duration;
pub mod http;
pub mod kube;
pub mod mcp;
pub mod pool;
pub mod ring;
pub mod ring_chaos;

/// The name under which kubectl finds the binary as a plugin (`kubectl ro ...`).
pub const KUBECTL_PLUGIN_NAME: &str = "kubectl-ro";

/// Five tools for backend and infrastructure engineers.
#[derive(Debug, Parser)]
#[command(
    name = "veysi",
    version,
    about,
    long_about = "Five tools for backend and infrastructure engineers, in one binary:\n\
                  a consistent-hashing lab (ring), an async connection pool and its benchmark (pool),\n\
                  an HTTP load generator (http), a read-only kubectl (kube-ro), and an\n\
                  OpenAPI-to-MCP server (mcp).\n\n\
                  Every command prints tables on stdout, or JSON with --json.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Print one machine-readable JSON object on stdout instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    /// Print results only: no progress bars or informational messages on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream, given whether that stream is a terminal.
    /// `auto` follows <https://no-color.org>: a non-empty NO_COLOR turns colour off.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// Whether to colour stdout.
    pub fn stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal())
    }

    /// Whether to colour stderr.
    pub fn stderr(self) -> bool {
        self.enabled(std::io::stderr().is_terminal())
    }
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more.
    Ring(ring::RingArgs),

    /// Read-only kubectl: runs kubectl only for commands that cannot change or leak anything.
    ///
    /// Also installed as `kubectl-ro`, so that `kubectl ro ARGS...` works as a kubectl plugin.
    #[command(name = "kube-ro")]
    KubeRo(kube::KubeRoArgs),

    /// An async connection pool and its benchmark against deadpool and bb8.
    Pool(pool::PoolArgs),
    /// HTTP load generator (wrk/oha class) and in-process comparison of server stacks.
    Http(Box<http::HttpArgs>),

    /// MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API.
    Mcp(mcp::McpArgs),

    /// Print a shell completion script on stdout.
    Completions(CompletionsArgs),

    /// Write man pages (one per command) into a directory.
    Man(ManArgs),
}

/// `veysi completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `veysi man [--dir DIR]`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Directory to write the pages into (created if missing).
    #[arg(long, default_value = "man", value_name = "DIR")]
    pub dir: PathBuf,
}

impl Cli {
    /// Parses an argument vector (program name first), returning clap's error for usage
    /// problems, help and version, so the caller decides how to print and exit.
    pub fn try_parse_from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        <Self as Parser>::try_parse_from(args)
    }
}

/// Rewrites the process arguments for argv[0] dispatch: invoked as `kubectl-ro` (directly, by
/// a symlink, or by kubectl with the plugin's full path), the binary behaves as
/// `veysi kube-ro`. Any other name is left alone.
pub fn args_for_invocation(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if args.first().is_some_and(|argv0| invoked_as_plugin(Path::new(argv0))) {
        args.splice(0..1, [OsString::from("veysi"), OsString::from("kube-ro")]);
    }
    args
}

/// Whether argv[0] names the kubectl plugin (`kubectl-ro`, also with a path or `.exe`).
pub fn invoked_as_plugin(argv0: &Path) -> bool {
    argv0.file_stem().and_then(|stem| stem.to_str()).is_some_and(|stem| stem == KUBECTL_PLUGIN_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter().map(|a| a.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn kubectl_ro_argv0_becomes_kube_ro_in_every_form() {
        for argv0 in ["kubectl-ro", "/usr/local/bin/kubectl-ro", "./kubectl-ro.exe"] {
            let args = args_for_invocation([argv0, "get", "pods", "-A"].map(OsString::from));
            assert_eq!(strings(&args), ["veysi", "kube-ro", "get", "pods", "-A"], "argv0 {argv0}");
        }
    }

    #[test]
    fn other_names_are_left_alone() {
        for argv0 in ["veysi", "/opt/veysi", "kubectl", "kubectl-ro-old", "my-kubectl-ro"] {
            let args = args_for_invocation([argv0, "ring"].map(OsString::from));
            assert_eq!(strings(&args), [argv0, "ring"], "argv0 {argv0}");
        }
    }

    #[test]
    fn color_never_and_always_ignore_the_terminal() {
        assert!(!ColorChoice::Never.enabled(true));
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Auto.enabled(false));
    }

    #[test]
    fn command_tree_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
