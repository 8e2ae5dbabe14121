//! The read-only policy: a pure function from a kubectl argument vector to a [`Decision`].
//!
//! It is compiled in (no file or variable can weaken it) and fails closed: kubectl's command
//! line is parsed exactly as kubectl parses it ([`parse`]), against a table of the commands and
//! flags known to be read-only ([`table`]); an unknown command, subcommand or flag is blocked,
//! and so is every way a read command can print Secret values ([`secrets`]), swap the identity
//! or server it talks to, touch local files, or log full responses.

pub mod parse;
pub mod secrets;
pub mod table;
pub mod text;

use std::ffi::OsStr;

use serde::Serialize;

use parse::{Invocation, ParseError};
use table::{Access, Args, Use};

/// The rule that decided: `read-only` for allowed commands, the others for blocked ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// An allowed, read-only command.
    ReadOnly,
    /// An argument with control, bidi or invisible characters, or not UTF-8.
    InvalidArgument,
    /// A command that changes the cluster or the kubeconfig.
    MutatingCommand,
    /// A command with other side effects: exec, attach, cp, debug, port-forward, proxy, diff...
    SideEffectCommand,
    /// A command or subcommand the policy does not know (unknown words run kubectl plugins).
    UnknownCommand,
    /// A positional argument where the command takes none.
    UnexpectedArgument,
    /// A flag the command does not have or the policy does not know.
    FlagNotAllowed,
    /// Arguments kubectl itself would refuse (a flag without its value, `---x`).
    MalformedArguments,
    /// A flag that swaps the server, the credentials or the identity.
    Credentials,
    /// A flag that reads or writes local files.
    LocalFile,
    /// Verbosity that logs requests and response bodies.
    Verbosity,
    /// `get --raw` outside the health, version and OpenAPI paths.
    RawPath,
    /// An output that can show Secret values.
    SecretValues,
    /// `config view` in a form that prints kubeconfig credentials.
    KubeconfigCredentials,
}

impl Rule {
    /// The rule's stable name, as in the JSON decision and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Rule::ReadOnly => "read-only",
            Rule::InvalidArgument => "invalid-argument",
            Rule::MutatingCommand => "mutating-command",
            Rule::SideEffectCommand => "side-effect-command",
            Rule::UnknownCommand => "unknown-command",
            Rule::UnexpectedArgument => "unexpected-argument",
            Rule::FlagNotAllowed => "flag-not-allowed",
            Rule::MalformedArguments => "malformed-arguments",
            Rule::Credentials => "credentials",
            Rule::LocalFile => "local-file",
            Rule::Verbosity => "verbosity",
            Rule::RawPath => "raw-path",
            Rule::SecretValues => "secret-values",
            Rule::KubeconfigCredentials => "kubeconfig-credentials",
        }
    }
}

/// Where a command points: the `--context` and namespace given on its command line (the last
/// occurrence, as kubectl uses); `None` means kubectl's default from the kubeconfig.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `--context`.
    pub context: Option<String>,
    /// `-n`/`--namespace`, or `*` for `-A`/`--all-namespaces`.
    pub namespace: Option<String>,
}

/// Who sees kubectl's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Viewer {
    /// Printed as kubectl wrote it (the command line).
    #[default]
    Direct,
    /// Parsed as JSON and passed through [`crate::kube::redact::secrets`] before anyone sees it
    /// (the MCP tools): `-o json` on Secrets is then allowed, and nothing else that shows values.
    Redacted,
}

/// How the output of an allowed command must be post-processed before anyone sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFilter {
    /// `config view`: kubectl's own redaction leaves auth-provider tokens, client secrets and
    /// exec-plugin environment values in clear, so kubectl is asked for JSON and the rest is
    /// redacted before printing as YAML, or JSON when `json` is set.
    Kubeconfig {
        /// Print JSON rather than YAML.
        json: bool,
    },
    /// `-o json` that may hold Secrets: only ever shown after [`Viewer::Redacted`] redaction.
    SecretJson,
}

/// The policy's answer for one argument vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether kubectl may run.
    pub allowed: bool,
    /// The rule that decided.
    pub rule: Rule,
    /// Why, in words: `'delete' is a mutating command`.
    pub reason: String,
    /// The kubectl command recognised (`get`, `config view`), or the unknown word.
    pub command: String,
    /// Context and namespace from the command line, for the audit log.
    #[serde(skip)]
    pub scope: Scope,
    /// Post-processing the output needs.
    #[serde(skip)]
    pub filter: Option<OutputFilter>,
}

impl Decision {
    fn block(rule: Rule, reason: impl Into<String>, command: impl Into<String>, scope: Scope) -> Self {
        Decision { allowed: false, rule, reason: reason.into(), command: command.into(), scope, filter: None }
    }

    /// The line printed when a command is blocked: `✘ BLOCKED: 'delete' is a mutating command`
    /// (with an ASCII `x` when `ascii` is set).
    pub fn blocked_line(&self, ascii: bool) -> String {
        format!("{} BLOCKED: {}", if ascii { "x" } else { "✘" }, self.reason)
    }
}

/// Decides whether kubectl may run with these arguments (everything after `kubectl`), its
/// output printed as is.
pub fn check<S: AsRef<OsStr>>(args: &[S]) -> Decision {
    check_as(args, Viewer::Direct)
}

/// As [`check`], for output that reaches its reader as `viewer` says.
pub fn check_as<S: AsRef<OsStr>>(args: &[S], viewer: Viewer) -> Decision {
    let mut texts = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        match text::check_arg(arg.as_ref()) {
            Ok(text) => texts.push(text),
            Err(bad) => {
                let reason = format!("argument {} contains {}", i + 1, bad.describe());
                return Decision::block(Rule::InvalidArgument, reason, "", Scope::default());
            }
        }
    }
    check_text(&texts, viewer)
}

fn check_text(args: &[&str], viewer: Viewer) -> Decision {
    let found = parse::find(args);
    let name = found.path.iter().map(|c| c.name).collect::<Vec<_>>().join(" ");
    for (depth, command) in found.path.iter().enumerate() {
        if let Access::Blocked(rule, why) = command.access {
            let name = found.path[..=depth].iter().map(|c| c.name).collect::<Vec<_>>().join(" ");
            let reason = match (rule, why.is_empty()) {
                (Rule::MutatingCommand, true) => format!("'{name}' is a mutating command"),
                (Rule::MutatingCommand, false) => format!("'{name}' is a mutating command: {why}"),
                _ => format!("'{name}' is not allowed: {why}"),
            };
            return Decision::block(rule, reason, name, Scope::default());
        }
    }
    if let Some(word) = found.unmatched {
        let full = if name.is_empty() { word.to_owned() } else { format!("{name} {word}") };
        let mut reason = if name.is_empty() {
            format!(
                "'{word}' is not a kubectl command this wrapper allows (unknown commands run kubectl plugins)"
            )
        } else {
            format!("'{full}' is not an allowed command")
        };
        if name.is_empty() && args.first().is_some_and(|a| a.starts_with('-')) {
            reason.push_str("; only kubectl's global flags may come before the command");
        }
        return Decision::block(Rule::UnknownCommand, reason, full, Scope::default());
    }
    let display = if name.is_empty() { "kubectl".to_owned() } else { name.clone() };
    let invocation = match found.parse_flags() {
        Ok(invocation) => invocation,
        Err(err) => {
            let (rule, reason) = match err {
                ParseError::UnknownFlag(flag) => {
                    (Rule::FlagNotAllowed, format!("flag {flag} is not allowed for '{display}'"))
                }
                ParseError::MissingValue(flag) => {
                    (Rule::MalformedArguments, format!("flag {flag} needs a value"))
                }
                ParseError::BadSyntax(arg) => (Rule::MalformedArguments, format!("bad flag syntax: {arg}")),
            };
            return Decision::block(rule, reason, name, Scope::default());
        }
    };
    let scope = scope_of(&invocation);
    match judge(&invocation, &display, viewer) {
        Err((rule, reason)) => Decision::block(rule, reason, name, scope),
        Ok(filter) => Decision {
            allowed: true,
            rule: Rule::ReadOnly,
            reason: format!("'{display}' is read-only"),
            command: name,
            scope,
            filter,
        },
    }
}

fn scope_of(invocation: &Invocation<'_>) -> Scope {
    let all_namespaces = invocation.last("all-namespaces").is_some_and(|v| v != "false");
    Scope {
        context: invocation.last("context").map(str::to_owned),
        namespace: if all_namespaces {
            Some("*".to_owned())
        } else {
            invocation.last("namespace").map(str::to_owned)
        },
    }
}

type Verdict = Result<Option<OutputFilter>, (Rule, String)>;

/// The rules on an invocation whose command and flags are all known.
fn judge(inv: &Invocation<'_>, display: &str, viewer: Viewer) -> Verdict {
    for used in &inv.flags {
        if let Use::Block(rule, why) = used.flag.use_ {
            return Err((rule, format!("flag {} is not allowed: {why}", used.spelled)));
        }
    }
    let command = inv.command();
    if command.args == Args::Nothing && !inv.positionals.is_empty() {
        let rule = if inv.path.is_empty() { Rule::UnknownCommand } else { Rule::UnexpectedArgument };
        return Err((rule, format!("'{display}' takes no arguments here (got '{}')", inv.positionals[0])));
    }
    check_verbosity(inv)?;
    for used in inv.values("output") {
        if secrets::reads_local_file(&used.value) {
            return Err((Rule::LocalFile, format!("output format '{}' reads a local file", used.value)));
        }
    }
    for used in inv.values("raw") {
        if !raw_path_allowed(&used.value) {
            return Err((
                Rule::RawPath,
                format!(
                    "--raw '{}' is outside the allowed paths (/healthz, /livez, /readyz, /version, /openapi/v2, /openapi/v3)",
                    used.value
                ),
            ));
        }
    }
    match inv.command_name().as_str() {
        "get"
            if viewer == Viewer::Redacted
                && secrets::targets_secrets(&inv.positionals)
                && redactable_json(inv) =>
        {
            Ok(Some(OutputFilter::SecretJson))
        }
        "get" | "wait" if secrets::targets_secrets(&inv.positionals) => {
            check_secret_listing(inv).map(|()| None)
        }
        "describe" if secrets::targets_secrets(&inv.positionals) => Err((
            Rule::SecretValues,
            "'describe secret' prints service-account tokens in clear; list Secrets with 'get secrets'"
                .to_owned(),
        )),
        "config view" => check_config_view(inv).map(Some),
        _ => Ok(None),
    }
}

fn check_verbosity(inv: &Invocation<'_>) -> Result<(), (Rule, String)> {
    for used in inv.values("v") {
        match used.value.parse::<i32>() {
            Ok(level) if level >= 6 => {
                return Err((
                    Rule::Verbosity,
                    format!(
                        "verbosity {}={level} logs requests, and from 8 on whole responses with Secret data; use 5 or less",
                        used.spelled
                    ),
                ));
            }
            Ok(_) => {}
            Err(_) => {
                return Err((
                    Rule::MalformedArguments,
                    format!("{} needs a number, got '{}'", used.spelled, used.value),
                ));
            }
        }
    }
    Ok(())
}

const SECRET_HINT: &str = "secret values cannot be displayed (use -o name or -o wide)";

/// `get -o json` (every `-o` exactly json) without a template, sort key or raw path: output
/// that structural redaction can make safe.
fn redactable_json(inv: &Invocation<'_>) -> bool {
    inv.values("output").next().is_some()
        && inv.values("output").all(|f| f.value.eq_ignore_ascii_case("json"))
        && ["template", "sort-by", "raw", "watch", "watch-only"]
            .iter()
            .all(|flag| inv.values(flag).next().is_none())
}

/// `get`/`wait` on Secrets: only outputs that list names and types.
fn check_secret_listing(inv: &Invocation<'_>) -> Result<(), (Rule, String)> {
    let exposing = inv
        .values("output")
        .find(|f| !secrets::is_listing_output(&f.value))
        .map(|f| format!("{} {}", f.spelled, f.value))
        .or_else(|| inv.values("template").next().map(|f| f.spelled.clone()))
        .or_else(|| inv.values("sort-by").next().map(|f| f.spelled.clone()))
        .or_else(|| {
            inv.values("for")
                .find(|f| secrets::tests_field_values(&f.value))
                .map(|f| format!("{}={}", f.spelled, f.value))
        });
    match exposing {
        Some(what) => Err((Rule::SecretValues, format!("{SECRET_HINT}: {what} would expose Secret data"))),
        None => Ok(()),
    }
}

/// `config view`: YAML or JSON only (redacted by the wrapper), never templates.
fn check_config_view(inv: &Invocation<'_>) -> Result<OutputFilter, (Rule, String)> {
    let unsafe_output = inv
        .values("output")
        .find(|f| !matches!(f.value.to_ascii_lowercase().as_str(), "" | "yaml" | "json"))
        .map(|f| format!("{} {}", f.spelled, f.value))
        .or_else(|| inv.values("template").next().map(|f| f.spelled.clone()));
    if let Some(what) = unsafe_output {
        return Err((
            Rule::KubeconfigCredentials,
            format!(
                "'config view' prints only yaml or json here ({what} would bypass the redaction of \
                 auth-provider and exec credentials that kubectl leaves in clear)"
            ),
        ));
    }
    Ok(OutputFilter::Kubeconfig { json: inv.last("output").is_some_and(|o| o.eq_ignore_ascii_case("json")) })
}

/// `get --raw PATH`: only health, version and OpenAPI paths, written plainly (no `..`, no
/// percent-encoding, no empty segments) so that no path normalisation can lead elsewhere.
pub fn raw_path_allowed(raw: &str) -> bool {
    const ROOTS: [&str; 6] = ["/healthz", "/livez", "/readyz", "/version", "/openapi/v2", "/openapi/v3"];
    let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
    let under_root =
        ROOTS.iter().any(|root| path.strip_prefix(root).is_some_and(|r| r.is_empty() || r.starts_with('/')));
    let plain_segments = path.split('/').skip(1).all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    });
    let plain_query = query.chars().all(|c| c.is_ascii_alphanumeric() || "=&-_.".contains(c));
    under_root && plain_segments && plain_query
}

/// A command line as a person would type it, quoting arguments a shell would split or expand.
pub fn display_command<S: AsRef<OsStr>>(args: &[S]) -> String {
    let mut out = String::from("kubectl");
    for arg in args {
        let arg = text::escape_for_log(arg.as_ref());
        out.push(' ');
        if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c)) {
            out.push_str(&arg);
        } else {
            out.push('\'');
            out.push_str(&arg.replace('\'', "'\\''"));
            out.push('\'');
        }
    }
    out
}

#[cfg(test)]
mod tests;
