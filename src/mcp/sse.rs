//! The legacy HTTP+SSE transport (MCP 2024-11-05), for clients that predate Streamable HTTP.
//! `GET /sse` opens an event stream whose first event, `endpoint`, names the URL to POST
//! messages to (`/messages?sessionId=…`); responses come back as `message` events.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use futures::channel::mpsc;
use futures::{SinkExt, Stream, StreamExt};
use rmcp::ServiceExt;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use super::server::ToolServer;
use super::tool::ToolHandler;

/// Messages waiting for a slow client before the server stops reading its requests.
const QUEUE: usize = 64;

type Sessions = Arc<Mutex<HashMap<String, mpsc::Sender<ClientJsonRpcMessage>>>>;

struct SseState<H> {
    server: ToolServer<H>,
    sessions: Sessions,
    shutdown: CancellationToken,
}

/// The `/sse` and `/messages` routes for `server`; streams end when `shutdown` is cancelled.
pub(super) fn router<H: ToolHandler>(server: ToolServer<H>, shutdown: CancellationToken) -> Router {
    let state = Arc::new(SseState { server, sessions: Sessions::default(), shutdown });
    Router::new()
        .route("/sse", get(open_stream::<H>))
        .route("/messages", post(post_message::<H>))
        .with_state(state)
}

/// Removes a session from the table when its event stream is dropped (client gone).
struct SessionGuard {
    id: String,
    sessions: Sessions,
    _stop: tokio_util::sync::DropGuard,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.id);
    }
}

async fn open_stream<H: ToolHandler>(
    State(state): State<Arc<SseState<H>>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (to_server, from_client) = mpsc::channel::<ClientJsonRpcMessage>(QUEUE);
    let (to_client, from_server) = mpsc::channel::<ServerJsonRpcMessage>(QUEUE);
    state.sessions.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone(), to_server);

    let session_stop = state.shutdown.child_token();
    let server = state.server.clone();
    let stop = session_stop.clone();
    tokio::spawn(async move {
        if let Ok(running) = server.serve_with_ct((to_client, from_client), stop).await {
            let _ = running.waiting().await;
        }
    });

    let guard = SessionGuard {
        id: id.clone(),
        sessions: Arc::clone(&state.sessions),
        _stop: session_stop.clone().drop_guard(),
    };
    let endpoint = Event::default().event("endpoint").data(format!("/messages?sessionId={id}"));
    let messages = from_server.map(|message| {
        let data = serde_json::to_string(&message).unwrap_or_else(|_| "{}".to_owned());
        Event::default().event("message").data(data)
    });
    let stream = futures::stream::once(async { endpoint })
        .chain(messages)
        .take_until(session_stop.cancelled_owned())
        .map(move |event| {
            let _keep_alive_while_streaming = &guard;
            Ok(event)
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[derive(Deserialize)]
struct SessionQuery {
    #[serde(rename = "sessionId")]
    session_id: String,
}

async fn post_message<H: ToolHandler>(
    State(state): State<Arc<SseState<H>>>,
    Query(query): Query<SessionQuery>,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let message: ClientJsonRpcMessage = match serde_json::from_slice(&body) {
        Ok(message) => message,
        Err(_) => return (StatusCode::BAD_REQUEST, "body is not a JSON-RPC message"),
    };
    let sender =
        state.sessions.lock().unwrap_or_else(PoisonError::into_inner).get(&query.session_id).cloned();
    let Some(mut sender) = sender else { return (StatusCode::NOT_FOUND, "unknown session") };
    match sender.send(message).await {
        Ok(()) => (StatusCode::ACCEPTED, "Accepted"),
        Err(_) => (StatusCode::GONE, "session closed"),
    }
}
