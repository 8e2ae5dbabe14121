//! Streamable HTTP at `/mcp` (and, on request, the legacy HTTP+SSE transport at `/sse` and
//! `/messages`) behind one guard that checks the `Host` and `Origin` headers against DNS
//! rebinding and, when configured, a bearer token.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rmcp::transport::StreamableHttpServerConfig;
use rmcp::transport::StreamableHttpService;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::ServeError;
use super::server::ToolServer;
use super::sse;
use super::tool::ToolHandler;

/// The host names every loopback-bound server accepts in `Host` and `Origin`.
const LOOPBACK_NAMES: [&str; 4] = ["localhost", "127.0.0.1", "::1", "[::1]"];

/// How to serve over HTTP.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Where to listen. Loopback unless `allow_remote` is set; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Accept a non-loopback `addr` (reachable from other machines). Off by default.
    pub allow_remote: bool,
    /// Host names (without port) accepted in the `Host` header besides the loopback names.
    pub allowed_hosts: Vec<String>,
    /// Browser origins (`scheme://host[:port]`) accepted besides loopback ones. Requests
    /// without an `Origin` header (non-browser clients) are always accepted.
    pub allowed_origins: Vec<String>,
    /// When set, every request must carry `Authorization: Bearer <token>`.
    pub bearer_token: Option<String>,
    /// Also serve the legacy HTTP+SSE transport (protocol 2024-11-05) at `/sse` + `/messages`.
    pub legacy_sse: bool,
}

impl HttpOptions {
    /// Loopback-only options for `addr`, no token, no legacy SSE.
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            allow_remote: false,
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            bearer_token: None,
            legacy_sse: false,
        }
    }
}

/// A bound HTTP listener, ready to serve (bind first to learn the port, then serve).
pub struct HttpListener {
    listener: TcpListener,
    options: HttpOptions,
}

impl HttpListener {
    /// Binds the listener. Refuses a non-loopback address unless `allow_remote` is set.
    pub async fn bind(options: HttpOptions) -> Result<Self, ServeError> {
        if !options.addr.ip().is_loopback() && !options.allow_remote {
            return Err(ServeError::NotLoopback(options.addr));
        }
        let listener = TcpListener::bind(options.addr)
            .await
            .map_err(|source| ServeError::Bind { addr: options.addr, source })?;
        Ok(Self { listener, options })
    }

    /// The address actually bound (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> Result<SocketAddr, ServeError> {
        self.listener.local_addr().map_err(ServeError::Io)
    }

    /// Serves `server` until `shutdown` is cancelled; open sessions and streams are closed then.
    pub async fn serve<H: ToolHandler>(
        self,
        server: ToolServer<H>,
        shutdown: CancellationToken,
    ) -> Result<(), ServeError> {
        let HttpListener { listener, options } = self;
        // The guard below validates Host for every route; rmcp's own check would refuse the
        // extra hosts a remote deployment allows. Stateless with plain JSON answers: the tools
        // never call back into the client, and a multi-megabyte tools/list as one JSON body
        // passes clients that cap SSE events (the Python SDK at 1 MB).
        let config = StreamableHttpServerConfig::default()
            .disable_allowed_hosts()
            .with_legacy_session_mode(false)
            .with_json_response(true)
            .with_cancellation_token(shutdown.child_token());
        let factory_server = server.clone();
        let streamable = StreamableHttpService::new(
            move || Ok(factory_server.clone()),
            Arc::new(LocalSessionManager::default()),
            config,
        );
        let mut router = Router::new().nest_service("/mcp", streamable);
        if options.legacy_sse {
            router = router.merge(sse::router(server, shutdown.child_token()));
        }
        let guard = Arc::new(Guard::new(&options));
        let router = router.layer(middleware::from_fn_with_state(guard, check_request));
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
            .map_err(ServeError::Io)
    }
}

/// The request checks shared by every route.
struct Guard {
    hosts: HashSet<String>,
    origins: HashSet<String>,
    bearer: Option<String>,
}

impl Guard {
    fn new(options: &HttpOptions) -> Self {
        let mut hosts: HashSet<String> =
            options.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()).collect();
        hosts.extend(LOOPBACK_NAMES.iter().map(|h| (*h).to_owned()));
        let origins =
            options.allowed_origins.iter().map(|o| o.trim_end_matches('/').to_ascii_lowercase()).collect();
        Self { hosts, origins, bearer: options.bearer_token.clone() }
    }

    /// Why a request is refused, or `None` to let it through.
    fn refusal(&self, headers: &HeaderMap) -> Option<Response> {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(host_name);
        if !host.is_some_and(|h| self.hosts.contains(&h)) {
            return Some(refuse(StatusCode::FORBIDDEN, "Host header not allowed"));
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let allowed = origin.to_str().ok().is_some_and(|o| self.origin_allowed(o));
            if !allowed {
                return Some(refuse(StatusCode::FORBIDDEN, "Origin not allowed"));
            }
        }
        if let Some(token) = &self.bearer {
            let presented = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
            if !presented.is_some_and(|p| constant_time_eq(p.trim().as_bytes(), token.as_bytes())) {
                let mut response = refuse(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
                return Some(response);
            }
        }
        None
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        if self.origins.contains(&origin) {
            return true;
        }
        let Some((scheme, authority)) = origin.split_once("://") else { return false };
        matches!(scheme, "http" | "https") && LOOPBACK_NAMES.contains(&host_name(authority).as_str())
    }
}

/// The host part of a `Host` header or origin authority, lower-cased, without the port.
fn host_name(authority: &str) -> String {
    let authority = authority.trim();
    let host = if authority.starts_with('[') {
        authority.find(']').map_or(authority, |end| &authority[..=end])
    } else {
        authority.rsplit_once(':').map_or(authority, |(host, _port)| host)
    };
    host.to_ascii_lowercase()
}

fn refuse(status: StatusCode, message: &'static str) -> Response {
    (status, message).into_response()
}

/// Compares secrets without an early exit that would leak how much of a guess matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn check_request(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    match guard.refusal(request.headers()) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    fn guard(token: Option<&str>) -> Guard {
        let mut options = HttpOptions::new(SocketAddr::from(([127, 0, 0, 1], 8080)));
        options.bearer_token = token.map(str::to_owned);
        options.allowed_origins = vec!["https://app.example.com".into()];
        Guard::new(&options)
    }

    #[test]
    fn loopback_hosts_pass_and_others_are_refused() {
        let g = guard(None);
        for host in ["127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080"] {
            assert!(g.refusal(&headers(&[("host", host)])).is_none(), "{host}");
        }
        for host in ["evil.example:8080", "127.0.0.1.evil.example", "localhost.evil:80"] {
            let refused = g.refusal(&headers(&[("host", host)])).expect(host);
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{host}");
        }
        assert!(g.refusal(&HeaderMap::new()).is_some(), "a missing Host is refused");
    }

    #[test]
    fn origins_must_be_loopback_or_listed() {
        let g = guard(None);
        for origin in ["http://localhost:6274", "http://127.0.0.1", "https://app.example.com"] {
            assert!(g.refusal(&headers(&[("host", "localhost"), ("origin", origin)])).is_none(), "{origin}");
        }
        for origin in ["http://evil.example", "null", "http://localhost.evil.example:80", "file://localhost"]
        {
            assert!(g.refusal(&headers(&[("host", "localhost"), ("origin", origin)])).is_some(), "{origin}");
        }
    }

    #[test]
    fn bearer_token_is_required_when_configured() {
        let g = guard(Some("s3cret"));
        assert_eq!(g.refusal(&headers(&[("host", "localhost")])).unwrap().status(), StatusCode::UNAUTHORIZED);
        let wrong = headers(&[("host", "localhost"), ("authorization", "Bearer nope")]);
        assert_eq!(g.refusal(&wrong).unwrap().status(), StatusCode::UNAUTHORIZED);
        assert!(g.refusal(&headers(&[("host", "localhost"), ("authorization", "Bearer s3cret")])).is_none());
    }

    #[tokio::test]
    async fn non_loopback_addresses_need_allow_remote() {
        let options = HttpOptions::new(SocketAddr::from(([0, 0, 0, 0], 0)));
        assert!(matches!(HttpListener::bind(options).await, Err(ServeError::NotLoopback(_))));
    }
}
