//! The hyper and axum stacks: the same two endpoints, written the way each stack's users
//! write them, served over hyper's HTTP/1.1 connection builder.

use std::convert::Infallible;

use axum::Router;
use axum::routing::get;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};

use super::{HELLO, MESSAGE};

/// Serves one connection with a bare hyper service.
pub async fn serve_hyper<IO>(io: IO) -> Result<(), hyper::Error>
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    http1::Builder::new().serve_connection(TokioIo::new(io), service_fn(hyper_route)).await
}

async fn hyper_route(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (content_type, body) = match (req.method(), req.uri().path()) {
        (&Method::GET, "/") => ("text/plain", Bytes::from_static(HELLO.as_bytes())),
        (&Method::GET, "/json") => {
            ("application/json", Bytes::from(serde_json::to_vec(&MESSAGE).unwrap_or_default()))
        }
        _ => {
            let mut not_found = Response::new(Full::default());
            *not_found.status_mut() = StatusCode::NOT_FOUND;
            return Ok(not_found);
        }
    };
    let mut response = Response::new(Full::new(body));
    response.headers_mut().insert(CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    Ok(response)
}

/// The axum application: a router with one handler per endpoint.
pub fn axum_router() -> Router {
    Router::new().route("/", get(|| async { HELLO })).route("/json", get(|| async { axum::Json(MESSAGE) }))
}

/// Serves one connection with the axum router.
pub async fn serve_axum<IO>(io: IO, router: Router) -> Result<(), hyper::Error>
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    http1::Builder::new().serve_connection(TokioIo::new(io), TowerToHyperService::new(router)).await
}
