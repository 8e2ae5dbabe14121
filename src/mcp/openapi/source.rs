//! Reading an OpenAPI document: from a file or an http(s) URL (with a timeout), YAML or JSON,
//! with relative external `$ref`s (multi-file documents) pulled into one JSON value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::LoadError;

/// Where a document came from: its location resolves relative `$ref`s and server URLs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// A local file.
    File(PathBuf),
    /// An http(s) URL.
    Url(Url),
}

impl Location {
    /// Parses `--spec`: an http(s) URL, a `file://` URL, or a path.
    pub fn parse(spec: &str) -> Result<Self, LoadError> {
        if spec.starts_with("http://") || spec.starts_with("https://") {
            let url =
                Url::parse(spec).map_err(|e| LoadError::new(spec, "", format!("not a valid URL: {e}")))?;
            return Ok(Location::Url(url));
        }
        if let Some(path) = spec.strip_prefix("file://") {
            return Ok(Location::File(PathBuf::from(path)));
        }
        Ok(Location::File(PathBuf::from(spec)))
    }

    /// `reference` (a relative or absolute file path or URL) resolved against this location.
    fn join(&self, reference: &str) -> Result<Self, String> {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Url::parse(reference).map(Location::Url).map_err(|e| e.to_string());
        }
        match self {
            Location::Url(base) => base.join(reference).map(Location::Url).map_err(|e| e.to_string()),
            Location::File(path) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                Ok(Location::File(dir.join(reference)))
            }
        }
    }

    fn is_remote(&self) -> bool {
        matches!(self, Location::Url(_))
    }

    /// The base URL relative server URLs resolve against, when the document came from a URL.
    pub fn base_url(&self) -> Option<&Url> {
        match self {
            Location::Url(url) => Some(url),
            Location::File(_) => None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Url(url) => write!(f, "{url}"),
        }
    }
}

/// How documents are fetched.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    /// Timeout for each http(s) fetch.
    pub timeout: Duration,
    /// Follow `$ref`s to http(s) URLs from a local document (off: a document could make the
    /// server fetch arbitrary URLs).
    pub allow_remote_refs: bool,
}

/// Reads and parses one document (no `$ref` handling).
pub async fn read_document(location: &Location, options: FetchOptions) -> Result<Value, LoadError> {
    let text = match location {
        Location::File(path) => std::fs::read_to_string(path)
            .map_err(|e| LoadError::new(location.to_string(), "", format!("cannot read the file: {e}")))?,
        Location::Url(url) => fetch(url, options.timeout).await.map_err(|e| {
            LoadError::new(location.to_string(), "", format!("cannot fetch the document: {e}"))
        })?,
    };
    parse_text(&text).map_err(|e| LoadError::new(location.to_string(), "", e))
}

async fn fetch(url: &Url, timeout: Duration) -> Result<String, String> {
    let client = super::http_client::builder(timeout).build().map_err(|e| e.to_string())?;
    let response = client.get(url.clone()).send().await.map_err(|e| super::http_client::describe(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    response.text().await.map_err(|e| super::http_client::describe(&e))
}

/// Parses JSON or YAML text into a JSON value.
pub fn parse_text(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Err("the document is empty".to_owned());
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"));
    }
    let value: Value = yaml_serde::from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
    if !value.is_object() {
        return Err("the document is not a YAML or JSON object (mapping)".to_owned());
    }
    Ok(value)
}

/// Replaces every external `$ref` (`other.yaml#/components/schemas/X`, `../common.json`) in
/// `root` with the content it points to, recursively. A reference cycle through external
/// files is cut by hoisting the schema into `components/schemas` and referencing it there.
pub async fn bundle(root: &mut Value, location: &Location, options: FetchOptions) -> Result<(), LoadError> {
    if !contains_external_ref(root) {
        return Ok(());
    }
    let mut bundler =
        Bundler { options, files: HashMap::new(), stack: Vec::new(), hoisted: Vec::new(), names_given: 0 };
    let taken = std::mem::take(root);
    *root = bundler.resolve(taken, location, true).await?;
    if !bundler.hoisted.is_empty() {
        let schemas = root
            .as_object_mut()
            .map(|doc| doc.entry("components").or_insert_with(|| Value::Object(Default::default())))
            .and_then(Value::as_object_mut)
            .map(|components| {
                components.entry("schemas").or_insert_with(|| Value::Object(Default::default()))
            })
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            for (name, schema) in bundler.hoisted {
                schemas.insert(name, schema);
            }
        }
    }
    Ok(())
}

/// Keys whose values are data, not document structure: a `$ref` inside them is not a
/// reference (GitHub's SCIM examples carry `"$ref": "https://..."`).
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

fn contains_external_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#')))
                || (!is_data_key(k) && contains_external_ref(v))
        }),
        Value::Array(items) => items.iter().any(contains_external_ref),
        _ => false,
    }
}

struct Bundler {
    options: FetchOptions,
    files: HashMap<Location, Value>,
    /// (file, pointer) targets being inlined, to detect cycles.
    stack: Vec<(Location, String, Option<String>)>,
    hoisted: Vec<(String, Value)>,
    names_given: usize,
}

impl Bundler {
    /// Resolves the refs inside `value`, which lives in the document at `location`. In the
    /// root document, local (`#/…`) refs stay as they are; in other files they are inlined.
    fn resolve<'a>(
        &'a mut self,
        value: Value,
        location: &'a Location,
        is_root: bool,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, LoadError>> + Send + 'a>> {
        Box::pin(async move {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get("$ref")
                        && !(is_root && reference.starts_with('#'))
                    {
                        return self.inline(reference.clone(), location).await;
                    }
                    let mut out = serde_json::Map::with_capacity(map.len());
                    for (key, item) in map {
                        let item = if is_data_key(&key) {
                            item
                        } else {
                            self.resolve(item, location, is_root).await?
                        };
                        out.insert(key, item);
                    }
                    Ok(Value::Object(out))
                }
                Value::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        out.push(self.resolve(item, location, is_root).await?);
                    }
                    Ok(Value::Array(out))
                }
                other => Ok(other),
            }
        })
    }

    async fn inline(&mut self, reference: String, from: &Location) -> Result<Value, LoadError> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
        let target = if file.is_empty() {
            from.clone()
        } else {
            from.join(file)
                .map_err(|e| LoadError::new(from.to_string(), &reference, format!("bad $ref: {e}")))?
        };
        if target.is_remote() && !from.is_remote() && !self.options.allow_remote_refs {
            return Err(LoadError::new(
                from.to_string(),
                &reference,
                "remote $ref refused: pass --allow-remote-refs to let the document make veysi fetch URLs",
            ));
        }
        if let Some(position) = self.stack.iter().position(|(l, p, _)| *l == target && p == pointer) {
            let name = match &self.stack[position].2 {
                Some(name) => name.clone(),
                None => {
                    self.names_given += 1;
                    let name = hoisted_name(&target, pointer, self.names_given);
                    self.stack[position].2 = Some(name.clone());
                    name
                }
            };
            return Ok(serde_json::json!({ "$ref": format!("#/components/schemas/{name}") }));
        }
        if !self.files.contains_key(&target) {
            let document = read_document(&target, self.options).await?;
            self.files.insert(target.clone(), document);
        }
        let node =
            self.files.get(&target).and_then(|doc| doc.pointer(pointer)).cloned().ok_or_else(|| {
                LoadError::new(target.to_string(), pointer, format!("$ref `{reference}` points to nothing"))
            })?;
        self.stack.push((target.clone(), pointer.to_owned(), None));
        let resolved = self.resolve(node, &target, false).await;
        let (_, _, hoisted) = self.stack.pop().unwrap_or((target, String::new(), None));
        let resolved = resolved?;
        match hoisted {
            Some(name) => {
                self.hoisted.push((name.clone(), resolved));
                Ok(serde_json::json!({ "$ref": format!("#/components/schemas/{name}") }))
            }
            None => Ok(resolved),
        }
    }
}

/// A components/schemas name for a hoisted external schema: the pointer's last segment, or
/// the file's stem for a whole-file schema, made unique with a counter.
fn hoisted_name(target: &Location, pointer: &str, n: usize) -> String {
    let stem = match target {
        Location::File(path) => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
        Location::Url(url) => url
            .path_segments()
            .and_then(|mut s| s.next_back())
            .map(|s| s.split('.').next().unwrap_or(s).to_owned()),
    };
    let last = pointer.rsplit('/').next().filter(|s| !s.is_empty()).map(str::to_owned).or(stem);
    format!("{}_ext{n}", last.unwrap_or_else(|| "schema".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> FetchOptions {
        FetchOptions { timeout: Duration::from_secs(5), allow_remote_refs: false }
    }

    #[test]
    fn parses_json_and_yaml_and_refuses_empty_or_scalar_documents() {
        assert_eq!(parse_text(r#"{"openapi": "3.0.0"}"#).unwrap()["openapi"], "3.0.0");
        assert_eq!(parse_text("openapi: 3.1.0\n").unwrap()["openapi"], "3.1.0");
        assert!(parse_text("").unwrap_err().contains("empty"));
        assert!(parse_text("just a string").unwrap_err().contains("not a YAML or JSON object"));
        assert!(parse_text("a: [1, 2\n").unwrap_err().contains("invalid YAML"));
        assert!(parse_text("{\"a\": }").unwrap_err().contains("invalid JSON"));
    }

    #[tokio::test]
    async fn external_refs_are_inlined_relative_to_the_referring_file_and_cycles_are_hoisted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("schemas")).unwrap();
        std::fs::write(
            dir.path().join("schemas/pet.yaml"),
            "type: object\nproperties:\n  owner: {$ref: 'owner.yaml'}\n  id: {$ref: '#/definitions/Id'}\ndefinitions:\n  Id: {type: integer}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("schemas/owner.yaml"),
            "type: object\nproperties:\n  pets:\n    type: array\n    items: {$ref: 'pet.yaml'}\n",
        )
        .unwrap();
        let root_path = dir.path().join("api.yaml");
        let mut root = serde_json::json!({
            "openapi": "3.0.0",
            "components": {"schemas": {"Pet": {"$ref": "schemas/pet.yaml"}, "Local": {"$ref": "#/components/schemas/Pet"}}}
        });
        bundle(&mut root, &Location::File(root_path), options()).await.unwrap();
        let pet_ref = root["components"]["schemas"]["Pet"]["$ref"].as_str().unwrap().to_owned();
        assert_eq!(
            pet_ref, "#/components/schemas/pet_ext1",
            "the cyclic file schema is hoisted under its stem"
        );
        let pet = &root["components"]["schemas"]["pet_ext1"];
        assert_eq!(pet["properties"]["id"], serde_json::json!({"type": "integer"}), "{root:#}");
        let owner = &pet["properties"]["owner"];
        let cycle = owner["properties"]["pets"]["items"]["$ref"].as_str().unwrap();
        assert!(cycle.starts_with("#/components/schemas/"), "{root:#}");
        assert!(root.pointer(&cycle[1..]).is_some(), "the hoisted schema exists: {root:#}");
        assert_eq!(
            root["components"]["schemas"]["Local"]["$ref"], "#/components/schemas/Pet",
            "root-local refs stay"
        );
    }

    #[tokio::test]
    async fn dangling_and_remote_external_refs_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "x: 1\n").unwrap();
        let loc = Location::File(dir.path().join("api.yaml"));
        let mut doc = serde_json::json!({"p": {"$ref": "a.yaml#/nope"}});
        let err = bundle(&mut doc, &loc, options()).await.unwrap_err().to_string();
        assert!(
            err.contains("a.yaml") && err.contains("/nope") && err.contains("points to nothing"),
            "{err}"
        );

        let mut doc = serde_json::json!({"p": {"$ref": "http://127.0.0.1:9/x.yaml"}});
        let err = bundle(&mut doc, &loc, options()).await.unwrap_err().to_string();
        assert!(err.contains("--allow-remote-refs"), "{err}");

        let mut doc = serde_json::json!({"p": {"$ref": "missing.yaml"}});
        let err = bundle(&mut doc, &loc, options()).await.unwrap_err().to_string();
        assert!(err.contains("missing.yaml") && err.contains("cannot read"), "{err}");
    }
}
