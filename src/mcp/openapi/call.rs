//! Calling the API for a tool: the request from [`super::request`], credentials from
//! [`super::auth`], optional client-side rate limit and retries, then the response as MCP
//! content with the article's error table (always `isError` results, never protocol errors).

use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::auth::Auth;
use super::inputs::CONFIRM_ARG;
use super::request::{self, Body, HttpRequest};
use super::tools::OperationTool;
use crate::mcp::{Content, ToolOutput};

/// The most bytes read from a response even when only its size is reported.
const READ_LIMIT: usize = 64 << 20;
/// The longest wait honoured from a `Retry-After` header.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Call settings.
#[derive(Debug, Clone)]
pub struct CallOptions {
    /// Per-request timeout (the whole exchange, body included).
    pub timeout: Duration,
    /// Response bytes shown to the model before truncation.
    pub max_response_bytes: usize,
    /// Retries for idempotent methods on 429/503.
    pub retries: u32,
    /// Client-side limit, requests per second (None: unlimited).
    pub rate_limit: Option<f64>,
}

/// Runs tool calls against the API.
pub struct Executor {
    client: reqwest::Client,
    auth: Auth,
    options: CallOptions,
    next_slot: Mutex<Instant>,
}

impl Executor {
    /// An executor with its own HTTP client.
    pub fn new(auth: Auth, options: CallOptions) -> Result<Self, String> {
        let client = super::http_client::builder(options.timeout).build().map_err(|e| e.to_string())?;
        Ok(Self { client, auth, options, next_slot: Mutex::new(Instant::now()) })
    }

    /// Calls `tool` with validated `args`.
    pub async fn call(&self, tool: &OperationTool, mut args: Map<String, Value>) -> ToolOutput {
        if tool.confirm && args.remove(CONFIRM_ARG) != Some(Value::Bool(true)) {
            return ToolOutput::error(format!(
                "This operation needs confirmation: ask the user, then call again with `{CONFIRM_ARG}: true`."
            ));
        }
        let plain = match request::build(tool, &args) {
            Ok(r) => r,
            Err(message) => return invalid(tool, &message),
        };
        let (mut request, mut headers) = match self.authenticated(tool, &plain).await {
            Ok(ready) => ready,
            Err(output) => return output,
        };
        let idempotent =
            matches!(request.method.as_str(), "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "TRACE");
        let attempts = if idempotent { self.options.retries + 1 } else { 1 };
        let mut refreshed = false;
        let mut attempt = 0;
        while attempt < attempts {
            attempt += 1;
            self.wait_for_slot().await;
            let result = self.send(&request, headers.clone()).await;
            if let Ok(response) = &result {
                let status = response.status().as_u16();
                // An OAuth2 token the API no longer accepts: fetch a new one, once.
                if status == 401 && !refreshed && self.auth.forget_tokens(tool).await {
                    refreshed = true;
                    attempt -= 1;
                    (request, headers) = match self.authenticated(tool, &plain).await {
                        Ok(ready) => ready,
                        Err(output) => return output,
                    };
                    continue;
                }
                if (status == 429 || status == 503) && attempt < attempts {
                    tokio::time::sleep(backoff(attempt, response.headers().get(RETRY_AFTER))).await;
                    continue;
                }
            }
            return match result {
                Ok(response) => self.respond(&request, response).await,
                Err(error) => describe_failure(&request, &error, self.options.timeout),
            };
        }
        ToolOutput::error("no attempt was made")
    }

    /// `plain` with credentials, and its headers checked.
    async fn authenticated(
        &self,
        tool: &OperationTool,
        plain: &HttpRequest,
    ) -> Result<(HttpRequest, HeaderMap), ToolOutput> {
        let mut request = plain.clone();
        self.auth.apply(tool, &mut request, &self.client).await.map_err(ToolOutput::error)?;
        let headers = header_map(&request).map_err(|message| invalid(tool, &message))?;
        Ok((request, headers))
    }

    async fn wait_for_slot(&self) {
        let Some(rate) = self.options.rate_limit.filter(|r| *r > 0.0) else { return };
        let interval = Duration::from_secs_f64(1.0 / rate);
        let start = {
            let mut next = self.next_slot.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + interval;
            start
        };
        tokio::time::sleep_until(start.into()).await;
    }

    async fn send(&self, r: &HttpRequest, headers: HeaderMap) -> Result<reqwest::Response, reqwest::Error> {
        let method = reqwest::Method::from_bytes(r.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut builder = self.client.request(method, r.full_url()).headers(headers);
        builder = match &r.body {
            Some(Body::Bytes { content_type, bytes }) => {
                builder.header(CONTENT_TYPE, content_type).body(bytes.clone())
            }
            Some(Body::Multipart(parts)) => {
                let mut form = reqwest::multipart::Form::new();
                for p in parts {
                    let bytes = || {
                        let part = reqwest::multipart::Part::bytes(p.bytes.clone());
                        match &p.file_name {
                            Some(f) => part.file_name(f.clone()),
                            None => part,
                        }
                    };
                    // Content types were checked by `header_map` with the same parser.
                    let part = match &p.content_type {
                        Some(ct) => bytes().mime_str(ct).unwrap_or_else(|_| bytes()),
                        None => bytes(),
                    };
                    form = form.part(p.name.clone(), part);
                }
                builder.multipart(form)
            }
            None => builder,
        };
        builder.send().await
    }

    async fn respond(&self, request: &HttpRequest, mut response: reqwest::Response) -> ToolOutput {
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        let limit = self.options.max_response_bytes;
        let (bytes, total, complete) = match read_capped(&mut response, limit).await {
            Ok(read) => read,
            Err(error) => return describe_failure(request, &error, self.options.timeout),
        };
        let truncation = (!complete || bytes.len() > limit).then(|| {
            let size = if complete { format!("{total} bytes") } else { format!("more than {READ_LIMIT} bytes") };
            format!(
                "\n[truncated: the response is {size}; showing the first {limit}. Ask for less (filters, paging) or raise --max-response-bytes]"
            )
        });
        let shown = &bytes[..bytes.len().min(limit)];
        if status.is_success() {
            return success(request, &content_type, shown, truncation);
        }
        let text = format!("{}{}", String::from_utf8_lossy(shown), truncation.unwrap_or_default());
        let reason = status.canonical_reason().unwrap_or("");
        let code = status.as_u16();
        if status.is_server_error() {
            ToolOutput::error(
                format!("Upstream server error: HTTP {code} {reason}\n{text}").trim_end().to_owned(),
            )
        } else if status.is_redirection() {
            let host = response.headers().get("location").and_then(|l| l.to_str().ok()).and_then(host_of);
            ToolOutput::error(format!(
                "HTTP {code} {reason}: the API redirected to another host ({}); not followed, so credentials stay with the API",
                host.unwrap_or_else(|| "unknown".to_owned())
            ))
        } else {
            ToolOutput::error(format!("HTTP {code} {reason}\n{text}").trim_end().to_owned())
        }
    }
}

fn invalid(tool: &OperationTool, message: &str) -> ToolOutput {
    ToolOutput::error(format!("Invalid arguments for tool `{}`: {message}", tool.spec.name))
}

/// The request's headers and cookies as a header map; a name or value HTTP cannot carry (a
/// non-ASCII header value, say) is an error naming it, never silently dropped. Values are not
/// repeated in the message: they may be credentials.
fn header_map(r: &HttpRequest) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::new();
    for (name, value) in &r.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| format!("the value of header `{name}` has characters HTTP headers cannot carry"))?;
        map.append(name, value);
    }
    if !r.cookies.is_empty() {
        let cookies = HeaderValue::from_str(&r.cookies.join("; "))
            .map_err(|_| "a cookie value has characters HTTP headers cannot carry".to_owned())?;
        map.insert(COOKIE, cookies);
    }
    if let Some(Body::Multipart(parts)) = &r.body {
        for ct in parts.iter().filter_map(|p| p.content_type.as_deref()) {
            if reqwest::multipart::Part::bytes(Vec::new()).mime_str(ct).is_err() {
                return Err(format!("`{ct}` is not a valid part content type"));
            }
        }
    }
    Ok(map)
}

/// Reads at most [`READ_LIMIT`] bytes, keeping `limit + 1` of them: (kept, total, complete).
async fn read_capped(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, usize, bool), reqwest::Error> {
    let mut kept = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = response.chunk().await? {
        total += chunk.len();
        let room = (limit + 1).saturating_sub(kept.len());
        kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if total > READ_LIMIT {
            return Ok((kept, total, false));
        }
    }
    Ok((kept, total, true))
}

fn success(
    request: &HttpRequest,
    content_type: &str,
    bytes: &[u8],
    truncation: Option<String>,
) -> ToolOutput {
    let is_json = content_type == "application/json" || content_type.ends_with("+json");
    if bytes.is_empty() {
        return ToolOutput::text("(empty response)");
    }
    if content_type.starts_with("image/") && truncation.is_none() {
        let data_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
        return ToolOutput {
            content: vec![Content::Image { data_base64, mime_type: content_type.to_owned() }],
            ..ToolOutput::default()
        };
    }
    let text = std::str::from_utf8(bytes);
    if let (Some(marker), Ok(_) | Err(_)) = (&truncation, text) {
        let shown = String::from_utf8_lossy(bytes);
        return ToolOutput::text(format!("{shown}{marker}"));
    }
    match text {
        Ok(text) if is_json => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                let compact = value.to_string();
                let structured = match value {
                    Value::Object(_) => value,
                    other => Value::Object(Map::from_iter([("result".to_owned(), other)])),
                };
                ToolOutput {
                    content: vec![Content::Text(compact)],
                    structured: Some(structured),
                    is_error: false,
                }
            }
            Err(_) => ToolOutput::text(text),
        },
        Ok(text) if !looks_binary(content_type) => ToolOutput::text(text),
        _ => {
            let data_base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
            let uri = request.url.clone();
            let mime_type = (!content_type.is_empty()).then(|| content_type.to_owned());
            ToolOutput {
                content: vec![Content::Blob { uri, mime_type, data_base64 }],
                ..ToolOutput::default()
            }
        }
    }
}

fn looks_binary(content_type: &str) -> bool {
    !(content_type.is_empty()
        || content_type.starts_with("text/")
        || content_type.ends_with("json")
        || content_type.ends_with("xml")
        || content_type.ends_with("yaml")
        || content_type == "application/javascript")
}

fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned))
}

/// A failed exchange, in the article's words; the URL is shown without its query string,
/// which may hold an API key.
fn describe_failure(request: &HttpRequest, error: &reqwest::Error, timeout: Duration) -> ToolOutput {
    let target = format!("{} {}", request.method, request.url);
    if error.is_timeout() {
        ToolOutput::error(format!("Request timed out after {} ({target})", humanize(timeout)))
    } else if error.is_connect() {
        ToolOutput::error(format!(
            "Failed to connect to upstream ({target}): {}",
            super::http_client::describe(error)
        ))
    } else {
        ToolOutput::error(format!("Request failed ({target}): {}", super::http_client::describe(error)))
    }
}

/// `30s`, `1.5s`, `250ms`.
pub fn humanize(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// Wait before retry `attempt` (1-based): `Retry-After` seconds when given (capped), else
/// 0.5 s doubled per attempt.
fn backoff(attempt: u32, retry_after: Option<&HeaderValue>) -> Duration {
    let hinted = retry_after
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    hinted
        .unwrap_or_else(|| Duration::from_millis(500) * 2u32.saturating_pow(attempt - 1))
        .min(MAX_RETRY_AFTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_honours_retry_after_and_doubles_otherwise() {
        assert_eq!(backoff(1, None), Duration::from_millis(500));
        assert_eq!(backoff(3, None), Duration::from_secs(2));
        assert_eq!(backoff(1, Some(&HeaderValue::from_static("7"))), Duration::from_secs(7));
        assert_eq!(backoff(1, Some(&HeaderValue::from_static("3600"))), MAX_RETRY_AFTER);
    }

    #[test]
    fn headers_http_cannot_carry_are_errors_not_silently_dropped() {
        let mut r = HttpRequest {
            method: "GET".into(),
            url: "http://127.0.0.1:9/x".into(),
            query: vec![],
            headers: vec![("X-Name".into(), "se\u{7f}cret".into())],
            cookies: vec![],
            body: None,
        };
        let err = header_map(&r).unwrap_err();
        assert!(err.contains("x-name"), "{err}");
        assert!(!err.contains("cret"), "values may be credentials and stay out of messages: {err}");
        r.headers = vec![("Bad Name".into(), "v".into())];
        assert!(header_map(&r).unwrap_err().contains("`Bad Name` is not a valid header name"));
        r.headers = vec![("X-Name".into(), "Zoe".into())];
        r.cookies = vec!["a=1".into(), "b=2".into()];
        let map = header_map(&r).unwrap();
        assert_eq!(map["x-name"], "Zoe");
        assert_eq!(map["cookie"], "a=1; b=2");
    }

    #[test]
    fn humanize_durations() {
        assert_eq!(humanize(Duration::from_secs(30)), "30s");
        assert_eq!(humanize(Duration::from_millis(250)), "250ms");
        assert_eq!(humanize(Duration::from_millis(1500)), "1.5s");
    }
}
