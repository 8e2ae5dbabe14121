//! A tool call end to end: arguments checked, kubectl command line built, the CLI's policy
//! applied, the decision audited, kubectl run under a deadline, its output redacted and capped.
//! Every failure is a tool result with `isError`, which the model sees.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::exec::{self, Captured};
use super::params::Args;
use super::tools::{self, Plan, Shape};
use crate::kube::audit::{AuditLog, Entry, Mode};
use crate::kube::policy::{self, Viewer};
use crate::kube::redact;
use crate::mcp::{JsonObject, ToolHandler, ToolOutput};

/// Limits on every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// kubectl is killed after this long (and gets it as `--request-timeout`); waiting for a
    /// free slot counts too.
    pub timeout: Duration,
    /// Most bytes of output a result carries; the rest is cut with a marker.
    pub max_output_bytes: usize,
    /// Most kubectl processes running at once; further calls wait for a slot.
    pub max_concurrent: usize,
}

/// Largest JSON document read from kubectl to be parsed and redacted (the result itself is
/// then capped by [`Limits::max_output_bytes`]).
const JSON_READ_LIMIT: usize = 32 * 1024 * 1024;

/// Serves the tools by running kubectl.
#[derive(Clone)]
pub struct KubeTools {
    inner: Arc<Inner>,
}

struct Inner {
    kubectl: PathBuf,
    limits: Limits,
    slots: tokio::sync::Semaphore,
    allowed_contexts: Vec<String>,
    audit: Option<AuditLog>,
}

impl KubeTools {
    /// Tools that run `kubectl` within `limits`, accept only `allowed_contexts` (any when
    /// empty) and audit to `audit` when there is one.
    pub fn new(
        kubectl: PathBuf,
        limits: Limits,
        allowed_contexts: Vec<String>,
        audit: Option<AuditLog>,
    ) -> Self {
        let slots = tokio::sync::Semaphore::new(limits.max_concurrent.max(1));
        KubeTools { inner: Arc::new(Inner { kubectl, limits, slots, allowed_contexts, audit }) }
    }

    async fn record(&self, entry: Entry) {
        let Some(log) = self.inner.audit.clone() else { return };
        let written = tokio::task::spawn_blocking(move || log.append(&entry)).await;
        if let Ok(Err(err)) = written {
            eprintln!("warning: audit log not written: {err}");
        }
    }
}

impl ToolHandler for KubeTools {
    async fn call(&self, name: &str, arguments: JsonObject) -> ToolOutput {
        let Some(tool) = tools::find(name) else {
            return ToolOutput::error(format!("unknown tool `{name}`"));
        };
        let args = match Args::check(tool.params, &arguments) {
            Ok(args) => args,
            Err(message) => return ToolOutput::error(format!("invalid arguments for `{name}`: {message}")),
        };
        if let Some(context) = args.str("context")
            && !self.inner.allowed_contexts.is_empty()
            && !self.inner.allowed_contexts.iter().any(|c| c == context)
        {
            return ToolOutput::error(format!(
                "context `{context}` is not served here; allowed: {}",
                self.inner.allowed_contexts.join(", ")
            ));
        }
        let plan = (tool.build)(&args);
        let timeout = format!("--request-timeout={}s", self.inner.limits.timeout.as_secs().max(1));
        let argv: Vec<OsString> = plan.argv(&[timeout]).into_iter().map(OsString::from).collect();
        let decision = policy::check_as(&argv, Viewer::Redacted);
        let mut entry = Entry::new(Mode::Mcp, &decision, &argv);
        entry.tool = Some(name.to_owned());
        if !decision.allowed {
            self.record(entry).await;
            return ToolOutput::error(format!("BLOCKED: {}", decision.reason));
        }
        let argv: Vec<String> = argv.into_iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let read_limit = match plan.shape {
            Shape::Json { .. } => JSON_READ_LIMIT,
            Shape::Text | Shape::Answer => self.inner.limits.max_output_bytes,
        };
        let started = std::time::Instant::now();
        let Ok(Ok(_slot)) = tokio::time::timeout(self.inner.limits.timeout, self.inner.slots.acquire()).await
        else {
            self.record(Entry {
                error: Some("no free kubectl slot before the deadline".to_owned()),
                ..entry
            })
            .await;
            return ToolOutput::error(format!(
                "too many calls at once: no kubectl slot became free within {} s; try again",
                self.inner.limits.timeout.as_secs_f64()
            ));
        };
        let remaining = self.inner.limits.timeout.saturating_sub(started.elapsed());
        let captured = exec::run(&self.inner.kubectl, &argv, read_limit, remaining).await;
        match captured {
            Err(err) => {
                let message = format!("cannot start {}: {err}", self.inner.kubectl.display());
                self.record(Entry { error: Some(message.clone()), ..entry }).await;
                ToolOutput::error(message)
            }
            Ok(captured) => {
                let entry = match captured.code {
                    Some(code) => entry.ran(code, captured.duration),
                    None => Entry {
                        error: Some("stopped at the deadline".to_owned()),
                        ..entry.ran(-1, captured.duration)
                    },
                };
                self.record(entry).await;
                shape(&plan, &captured, self.inner.limits)
            }
        }
    }
}

/// Turns kubectl's output into the tool result.
fn shape(plan: &Plan, captured: &Captured, limits: Limits) -> ToolOutput {
    let stdout = String::from_utf8_lossy(&captured.stdout);
    let stderr = String::from_utf8_lossy(&captured.stderr);
    let Some(code) = captured.code else {
        return ToolOutput::error(format!(
            "kubectl did not finish within {} s and was stopped; narrow the query (namespace, name, label selector)",
            limits.timeout.as_secs_f64()
        ));
    };
    match plan.shape {
        Shape::Answer if code <= 1 => ToolOutput::text(stdout.trim().to_owned()),
        _ if code != 0 => {
            let detail = [stderr.trim(), stdout.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            ToolOutput::error(cap(
                &format!("kubectl failed (exit code {code}): {detail}"),
                limits.max_output_bytes,
                None,
            ))
        }
        Shape::Json { .. } if captured.stdout_total > captured.stdout.len() as u64 => {
            ToolOutput::error(format!(
                "the object list is larger than {} MiB; narrow the query (namespace, name, label selector)",
                JSON_READ_LIMIT / (1024 * 1024)
            ))
        }
        Shape::Json { yaml } => json_result(&captured.stdout, yaml, limits.max_output_bytes),
        Shape::Text | Shape::Answer => {
            // kubectl prints "No resources found ..." on stderr with an empty stdout.
            let text = if stdout.trim().is_empty() { stderr.trim().to_owned() } else { stdout.into_owned() };
            ToolOutput::text(cap(&text, limits.max_output_bytes, Some(captured.stdout_total)))
        }
    }
}

/// Parses, redacts and renders JSON output; output that does not parse is refused, never
/// passed through.
fn json_result(stdout: &[u8], yaml: bool, max_bytes: usize) -> ToolOutput {
    let Ok(mut document) = serde_json::from_slice::<Value>(stdout) else {
        return ToolOutput::error(
            "refused: kubectl's output was not JSON, so it could not be checked for Secret values",
        );
    };
    redact::secrets(&mut document);
    let text = if yaml { yaml_serde::to_string(&document).unwrap_or_default() } else { document.to_string() };
    if text.len() <= max_bytes {
        return if yaml { ToolOutput::text(text) } else { ToolOutput::json(document) };
    }
    ToolOutput::text(cap(&text, max_bytes, None))
}

/// Cuts `text` to `max_bytes` (on a character boundary) with an explicit marker saying how
/// much was shown.
fn cap(text: &str, max_bytes: usize, total: Option<u64>) -> String {
    let total = total.unwrap_or(text.len() as u64).max(text.len() as u64);
    if total <= max_bytes as u64 {
        return text.to_owned();
    }
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[truncated: {end} of {total} bytes shown; narrow the query (namespace, name, label selector, tail_lines)]",
        &text[..end]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_marks_what_was_cut() {
        assert_eq!(cap("short", 100, None), "short");
        let capped = cap("héllo wörld", 2, None);
        assert!(capped.starts_with("h\n[truncated: 1 of 13 bytes shown"), "{capped}");
        let capped = cap("abc", 10, Some(5000));
        assert!(capped.contains("3 of 5000 bytes shown"), "{capped}");
    }

    #[test]
    fn json_is_redacted_and_unparsable_output_refused() {
        let secret =
            br#"{"kind":"Secret","metadata":{"name":"db"},"type":"Opaque","data":{"password":"aHVudGVy"}}"#;
        let out = json_result(secret, false, 1 << 20);
        assert!(!out.is_error);
        assert_eq!(out.structured.as_ref().unwrap()["data"]["password"], redact::REDACTED);
        let out = json_result(secret, true, 1 << 20);
        let text = format!("{:?}", out.content);
        assert!(text.contains("password: '[REDACTED]'") && !text.contains("aHVudGVy"), "{text}");
        let out = json_result(b"password: aHVudGVy", false, 1 << 20);
        assert!(out.is_error);
        assert!(!format!("{:?}", out.content).contains("aHVudGVy"));
    }
}
