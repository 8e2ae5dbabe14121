//! `veysi mcp openapi`: any OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1) as MCP tools
//! that call the API.
//!
//! The pipeline: [`source`] reads the document (file or URL, YAML or JSON, external `$ref`s),
//! [`normalize`] brings it to OpenAPI 3.0, [`model`] reads it into `openapiv3` types one
//! operation at a time (broken ones are skipped and reported), [`tools`] selects operations
//! and builds each tool (names, flat input schemas from [`inputs`], JSON Schema from
//! [`schema`]), and at call time the handler builds the HTTP request and maps the response.

pub mod auth;
pub mod call;
pub mod command;
pub mod handler;
pub mod http_client;
pub mod inputs;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod request;
pub mod schema;
pub mod select;
pub mod source;
pub mod tools;

use source::{FetchOptions, Location};

/// A document that could not be loaded: the file, the JSON pointer and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", if pointer.is_empty() { String::new() } else { format!(" at {pointer}") })]
pub struct LoadError {
    /// The file or URL.
    pub file: String,
    /// JSON pointer of the problem (empty for the whole document).
    pub pointer: String,
    /// What is wrong and, where possible, what to do.
    pub message: String,
}

impl LoadError {
    /// An error at `pointer` in `file`.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: file.into(), pointer: pointer.into(), message: message.into() }
    }
}

/// Loads, bundles and normalises a document.
pub async fn load(spec: &str, fetch: FetchOptions) -> Result<model::Document, LoadError> {
    let location = Location::parse(spec)?;
    let mut raw = source::read_document(&location, fetch).await?;
    let version = normalize::detect(&raw).map_err(|e| LoadError::new(location.to_string(), "", e))?;
    source::bundle(&mut raw, &location, fetch).await?;
    normalize::to_openapi30(&mut raw, version);
    model::read(raw, location, version)
}
