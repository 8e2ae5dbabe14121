//! What the load generator sends, and where: the parsed target URL and the request template
//! every connection repeats (method, headers, body).

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HOST, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Uri};

use super::HttpError;

/// A parsed `http://host[:port]/path?query` target.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL as the user gave it (for reports).
    pub url: String,
    /// Host name or address, without brackets or port.
    pub host: String,
    /// TCP port (80 when the URL names none).
    pub port: u16,
    /// `host[:port]` as written in the URL: the Host header.
    pub authority: String,
    /// Path and query, `/` when empty: the request target of every request.
    pub path_and_query: Uri,
}

impl Target {
    /// Parses a URL. Only plain `http` is supported: HTTPS needs a TLS stack whose cost
    /// would dominate the generator's, and the comparison with wrk is made over plain HTTP.
    pub fn parse(url: &str) -> Result<Self, HttpError> {
        let bad = |reason: &str| HttpError::BadUrl { url: url.to_owned(), reason: reason.to_owned() };
        let uri: Uri = url.parse().map_err(|e: http::uri::InvalidUri| bad(&e.to_string()))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(other) => {
                return Err(HttpError::UnsupportedScheme { url: url.to_owned(), scheme: other.to_owned() });
            }
            None => return Err(bad("it has no scheme: write it as http://host:port/path")),
        }
        let authority = uri.authority().ok_or_else(|| bad("it has no host"))?;
        let host = authority.host().trim_start_matches('[').trim_end_matches(']').to_owned();
        if host.is_empty() {
            return Err(bad("it has no host"));
        }
        let path = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let path = if path.is_empty() { "/" } else { path };
        let path_and_query = path.parse().map_err(|e: http::uri::InvalidUri| bad(&e.to_string()))?;
        Ok(Self {
            url: url.to_owned(),
            host,
            port: authority.port_u16().unwrap_or(80),
            authority: authority.as_str().to_owned(),
            path_and_query,
        })
    }

    /// Resolves the host once, before the run (connections never look names up again).
    pub async fn resolve(&self, timeout: Duration) -> Result<SocketAddr, HttpError> {
        let lookup = tokio::net::lookup_host((self.host.as_str(), self.port));
        let unresolved = |reason: String| HttpError::Resolve { host: self.host.clone(), reason };
        let mut addrs = tokio::time::timeout(timeout, lookup)
            .await
            .map_err(|_| unresolved(format!("no answer within {timeout:?}")))?
            .map_err(|e| unresolved(e.to_string()))?;
        addrs.next().ok_or_else(|| unresolved("the name has no addresses".to_owned()))
    }
}

/// The request every connection sends: method, headers and body, with the Host header set.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: Method,
    /// Headers, Host included (from the URL unless given with `-H`).
    pub headers: HeaderMap,
    /// Request body (empty for none).
    pub body: Bytes,
}

impl RequestSpec {
    /// A request for `target`: `method`, extra `headers` given as `Name: value` lines, `body`.
    pub fn new(target: &Target, method: &str, headers: &[String], body: Bytes) -> Result<Self, HttpError> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| HttpError::BadMethod { method: method.to_owned() })?;
        let mut map = HeaderMap::new();
        for line in headers {
            let (name, value) = parse_header(line)?;
            map.append(name, value);
        }
        if !map.contains_key(HOST) {
            let host = HeaderValue::from_str(&target.authority)
                .map_err(|_| HttpError::BadHeader { header: target.authority.clone(), reason: "bad Host" })?;
            map.insert(HOST, host);
        }
        Ok(Self { method, headers: map, body })
    }

    /// A plain `GET` of `target` with no extra headers and no body.
    pub fn get(target: &Target) -> Self {
        let mut headers = HeaderMap::new();
        if let Ok(host) = HeaderValue::from_str(&target.authority) {
            headers.insert(HOST, host);
        }
        Self { method: Method::GET, headers, body: Bytes::new() }
    }
}

/// Parses one `-H 'Name: value'` argument.
pub fn parse_header(line: &str) -> Result<(HeaderName, HeaderValue), HttpError> {
    let bad = |reason| HttpError::BadHeader { header: line.to_owned(), reason };
    let (name, value) = line.split_once(':').ok_or_else(|| bad("write it as 'Name: value'"))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| bad("invalid header name"))?;
    let value = HeaderValue::from_str(value.trim()).map_err(|_| bad("invalid header value"))?;
    Ok((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_port_path_and_query() {
        let t = Target::parse("http://127.0.0.1:8080/a/b?x=1").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.authority.as_str()), ("127.0.0.1", 8080, "127.0.0.1:8080"));
        assert_eq!(t.path_and_query, "/a/b?x=1");
        let t = Target::parse("http://localhost").unwrap();
        assert_eq!((t.port, t.path_and_query.to_string().as_str()), (80, "/"));
        let t = Target::parse("http://[::1]:9/").unwrap();
        assert_eq!(t.host, "::1");
    }

    #[test]
    fn rejects_bad_urls_and_other_schemes() {
        assert!(matches!(Target::parse("not a url"), Err(HttpError::BadUrl { .. })));
        assert!(matches!(Target::parse("localhost:80/x"), Err(HttpError::BadUrl { .. })));
        assert!(matches!(Target::parse("https://localhost/"), Err(HttpError::UnsupportedScheme { .. })));
        assert!(matches!(Target::parse("ftp://localhost/"), Err(HttpError::UnsupportedScheme { .. })));
    }

    #[test]
    fn request_spec_sets_host_unless_given_and_parses_headers() {
        let t = Target::parse("http://example.test:81/").unwrap();
        let spec =
            RequestSpec::new(&t, "POST", &["X-A: 1".into(), "x-a: 2".into()], Bytes::from("hi")).unwrap();
        assert_eq!(spec.headers[HOST], "example.test:81");
        assert_eq!(spec.headers.get_all("x-a").iter().count(), 2);
        let spec = RequestSpec::new(&t, "GET", &["Host: other".into()], Bytes::new()).unwrap();
        assert_eq!(spec.headers[HOST], "other");
        assert!(matches!(
            RequestSpec::new(&t, "GET", &["nocolon".into()], Bytes::new()),
            Err(HttpError::BadHeader { .. })
        ));
        assert!(matches!(RequestSpec::new(&t, "G T", &[], Bytes::new()), Err(HttpError::BadMethod { .. })));
    }
}
