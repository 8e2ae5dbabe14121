//! Tool arguments → the HTTP request the operation defines: each parameter to its location
//! with OpenAPI `style`/`explode` serialisation, exact number formatting, percent-encoding
//! that a `../` in a path value cannot escape, and the body in its media type.

use base64::Engine as _;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use super::inputs::{BodyKind, BodyShape, ParamBinding, ParamLocation, Style};
use super::tools::OperationTool;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// For `allowReserved` query parameters: reserved characters stay as they are.
const RESERVED_OK: &AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// A request ready to send (before authentication).
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// Upper-case method.
    pub method: String,
    /// Base URL + path, without the query.
    pub url: String,
    /// Encoded query pairs (`name=value`), in order.
    pub query: Vec<String>,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Cookies (`name=value`).
    pub cookies: Vec<String>,
    /// The body.
    pub body: Option<Body>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Bytes with their content type.
    Bytes {
        /// Content-Type.
        content_type: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// multipart/form-data parts.
    Multipart(Vec<Part>),
}

/// One multipart part.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Field name.
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Content type (None for plain text fields).
    pub content_type: Option<String>,
    /// File name, for file parts.
    pub file_name: Option<String>,
}

impl HttpRequest {
    /// The full URL with the query string.
    pub fn full_url(&self) -> String {
        if self.query.is_empty() {
            self.url.clone()
        } else {
            format!("{}?{}", self.url, self.query.join("&"))
        }
    }
}

/// Builds the request for `tool` from validated `args`.
pub fn build(tool: &OperationTool, args: &Map<String, Value>) -> Result<HttpRequest, String> {
    let base = tool.base_url.as_ref().map_err(Clone::clone)?;
    let mut path = tool.path.clone();
    let mut request = HttpRequest {
        method: tool.method.clone(),
        url: String::new(),
        query: Vec::new(),
        headers: Vec::new(),
        cookies: Vec::new(),
        body: None,
    };
    for p in &tool.inputs.params {
        let Some(value) = args.get(&p.arg) else { continue };
        let value = if p.as_json { Value::String(value.to_string()) } else { value.clone() };
        match p.location {
            ParamLocation::Path => {
                let serialized = path_value(p, &value);
                if serialized.split('/').any(|s| s == "." || s == "..") {
                    return Err(format!("argument `{}`: `{serialized}` is not allowed in a path", p.arg));
                }
                path = path.replace(&format!("{{{}}}", p.name), &serialized);
            }
            ParamLocation::Query => {
                query_pairs(&p.name, &value, p.style, p.explode, p.allow_reserved, &mut request.query)
            }
            ParamLocation::Header => {
                let text = header_value(&value, p.explode);
                if text.chars().any(char::is_control) {
                    return Err(format!(
                        "argument `{}`: header values cannot contain control characters",
                        p.arg
                    ));
                }
                request.headers.push((p.name.clone(), text));
            }
            ParamLocation::Cookie => {
                let text = joined(&value, p.explode, ",", COMPONENT);
                request.cookies.push(format!("{}={text}", p.name));
            }
        }
    }
    if let Some(start) = path.find('{').filter(|&i| path[i..].contains('}')) {
        let end = path[start..].find('}').map_or(path.len(), |e| start + e + 1);
        return Err(format!("path parameter {} has no value", &path[start..end]));
    }
    request.url = format!("{base}{path}");
    verify_path(&request.url, base, &path)?;
    if let Some(binding) = &tool.inputs.body {
        request.body = body(binding.kind, &binding.media_type, &binding.shape, args)?;
    }
    Ok(request)
}

/// Refuses a URL whose path a parser would normalise (dot segments), so that a value can
/// never move the request to another path.
fn verify_path(url: &str, base: &str, path: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("the request URL is invalid: {e}"))?;
    let base_path =
        url::Url::parse(base).map(|b| b.path().trim_end_matches('/').to_owned()).unwrap_or_default();
    if parsed.path() != format!("{base_path}{path}") {
        return Err("a path argument would change the request path; refusing to send it".to_owned());
    }
    Ok(())
}

/// A primitive as text: strings as they are, numbers exactly as JSON writes them.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        nested => nested.to_string(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(text: &str) -> String {
    enc(text, COMPONENT)
}

fn enc(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// Arrays and objects joined for the non-exploded forms: `a,b` and `k,v,k2,v2` (or `k=v`
/// pairs when exploded and `explode_pairs`).
fn joined(value: &Value, explode_pairs: bool, separator: &str, set: &'static AsciiSet) -> String {
    match value {
        Value::Array(items) => items.iter().map(|v| enc(&scalar(v), set)).collect::<Vec<_>>().join(separator),
        Value::Object(map) if explode_pairs => map
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k, set), enc(&scalar(v), set)))
            .collect::<Vec<_>>()
            .join(separator),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [enc(k, set), enc(&scalar(v), set)])
            .collect::<Vec<_>>()
            .join(separator),
        other => enc(&scalar(other), set),
    }
}

fn path_value(p: &ParamBinding, value: &Value) -> String {
    let name = enc(&p.name, COMPONENT);
    match p.style {
        Style::Label => {
            let sep = if p.explode { "." } else { "," };
            format!(".{}", joined(value, p.explode, sep, COMPONENT))
        }
        Style::Matrix => match value {
            Value::Array(items) if p.explode => {
                items.iter().map(|v| format!(";{name}={}", enc(&scalar(v), COMPONENT))).collect()
            }
            Value::Object(map) if p.explode => map
                .iter()
                .map(|(k, v)| format!(";{}={}", enc(k, COMPONENT), enc(&scalar(v), COMPONENT)))
                .collect(),
            other => format!(";{name}={}", joined(other, false, ",", COMPONENT)),
        },
        _ => joined(value, p.explode, ",", COMPONENT),
    }
}

fn header_value(value: &Value, explode: bool) -> String {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(map) if explode => {
            map.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect::<Vec<_>>().join(",")
        }
        Value::Object(map) => {
            map.iter().flat_map(|(k, v)| [k.clone(), scalar(v)]).collect::<Vec<_>>().join(",")
        }
        other => scalar(other),
    }
}

/// Query (and form-body) pairs for one value in its style.
fn query_pairs(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    out: &mut Vec<String>,
) {
    let set = if allow_reserved { RESERVED_OK } else { COMPONENT };
    let key = enc(name, COMPONENT);
    match (style, value) {
        (_, Value::Null) => {}
        (Style::DeepObject, Value::Object(_) | Value::Array(_)) => deep_object(&key, value, set, out),
        (_, Value::Array(items)) if items.is_empty() => {}
        (Style::SpaceDelimited, Value::Array(_) | Value::Object(_)) => {
            out.push(format!("{key}={}", joined(value, false, "%20", set)));
        }
        (Style::PipeDelimited, Value::Array(_) | Value::Object(_)) => {
            out.push(format!("{key}={}", joined(value, false, "|", set)));
        }
        (_, Value::Array(items)) if explode => {
            out.extend(items.iter().map(|v| format!("{key}={}", enc(&scalar(v), set))));
        }
        (_, Value::Object(map)) if explode => {
            out.extend(map.iter().map(|(k, v)| format!("{}={}", enc(k, COMPONENT), enc(&scalar(v), set))));
        }
        (_, other @ (Value::Array(_) | Value::Object(_))) => {
            out.push(format!("{key}={}", joined(other, false, ",", set)))
        }
        (_, scalar_value) => out.push(format!("{key}={}", enc(&scalar(scalar_value), set))),
    }
}

/// `name[k]=v`, nested as `name[k][k2]=v` and `name[k][0]=v` (the Rails/PHP/Stripe form).
fn deep_object(prefix: &str, value: &Value, set: &'static AsciiSet, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                deep_object(&format!("{prefix}[{}]", enc(k, COMPONENT)), v, set, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep_object(&format!("{prefix}[{i}]"), v, set, out);
            }
        }
        Value::Null => {}
        other => out.push(format!("{prefix}={}", enc(&scalar(other), set))),
    }
}

fn body(
    kind: BodyKind,
    media_type: &str,
    shape: &BodyShape,
    args: &Map<String, Value>,
) -> Result<Option<Body>, String> {
    let bytes = |bytes: Vec<u8>| Some(Body::Bytes { content_type: media_type.to_owned(), bytes });
    match shape {
        BodyShape::Whole { arg } => {
            let Some(value) = args.get(arg) else { return Ok(None) };
            Ok(match kind {
                BodyKind::Json => bytes(value.to_string().into_bytes()),
                BodyKind::Text => bytes(scalar(value).into_bytes()),
                BodyKind::Binary => bytes(decode_base64(arg, value)?),
                BodyKind::Form => {
                    let mut pairs = Vec::new();
                    if let Value::Object(map) = value {
                        for (k, v) in map {
                            query_pairs(k, v, Style::Form, true, false, &mut pairs);
                        }
                    }
                    bytes(pairs.join("&").into_bytes())
                }
                BodyKind::Multipart => Some(Body::Multipart(match value {
                    Value::Object(map) => map.iter().map(|(k, v)| text_part(k, v)).collect(),
                    other => vec![text_part("body", other)],
                })),
            })
        }
        BodyShape::Fields(fields) => {
            let present: Vec<_> = fields.iter().filter_map(|f| args.get(&f.arg).map(|v| (f, v))).collect();
            if present.is_empty() && kind != BodyKind::Json {
                return Ok(None);
            }
            Ok(match kind {
                BodyKind::Form => {
                    let mut pairs = Vec::new();
                    for (f, v) in present {
                        query_pairs(&f.property, v, f.style, f.explode, false, &mut pairs);
                    }
                    bytes(pairs.join("&").into_bytes())
                }
                BodyKind::Multipart => {
                    let mut parts = Vec::with_capacity(present.len());
                    for (f, v) in present {
                        let mut part = if f.binary {
                            Part {
                                name: f.property.clone(),
                                bytes: decode_base64(&f.arg, v)?,
                                content_type: Some("application/octet-stream".to_owned()),
                                file_name: Some(f.property.clone()),
                            }
                        } else {
                            text_part(&f.property, v)
                        };
                        if let Some(ct) = &f.content_type {
                            part.content_type = Some(ct.clone());
                        }
                        parts.push(part);
                    }
                    Some(Body::Multipart(parts))
                }
                _ => {
                    if present.is_empty() {
                        return Ok(None);
                    }
                    let object: Map<String, Value> =
                        present.into_iter().map(|(f, v)| (f.property.clone(), v.clone())).collect();
                    bytes(Value::Object(object).to_string().into_bytes())
                }
            })
        }
    }
}

fn text_part(name: &str, value: &Value) -> Part {
    let (bytes, content_type) = match value {
        Value::Object(_) | Value::Array(_) => {
            (value.to_string().into_bytes(), Some("application/json".to_owned()))
        }
        other => (scalar(other).into_bytes(), None),
    };
    Part { name: name.to_owned(), bytes, content_type, file_name: None }
}

fn decode_base64(arg: &str, value: &Value) -> Result<Vec<u8>, String> {
    let text = value.as_str().ok_or_else(|| format!("argument `{arg}` must be a base64 string"))?;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| format!("argument `{arg}` is not valid base64: {e}"))
}

#[cfg(test)]
mod tests;
