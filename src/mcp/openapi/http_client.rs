//! The HTTP client used for API calls and document fetches: rustls (ring), a timeout on every
//! request, and redirects followed only within the same origin, so credentials never reach
//! another host.

use std::time::Duration;

use reqwest::redirect::Policy;

/// The most redirects followed for one request.
const MAX_REDIRECTS: usize = 10;

/// A client builder with TLS, the timeout, a User-Agent, and the same-origin redirect policy.
pub fn builder(timeout: Duration) -> reqwest::ClientBuilder {
    // Installing twice fails harmlessly; the provider must exist before the first client.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("veysi/", env!("CARGO_PKG_VERSION")))
        .redirect(same_origin_redirects())
}

/// Follows a redirect only to the same scheme, host and port as the original request; any
/// other redirect is returned to the caller as the 3xx response it is.
fn same_origin_redirects() -> Policy {
    Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else { return attempt.stop() };
        let same = first.scheme() == attempt.url().scheme()
            && first.host_str() == attempt.url().host_str()
            && first.port_or_known_default() == attempt.url().port_or_known_default();
        if !same || attempt.previous().len() > MAX_REDIRECTS { attempt.stop() } else { attempt.follow() }
    })
}

/// A reqwest error in words, without the URL (which may carry a query-string credential).
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "connection failed".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
