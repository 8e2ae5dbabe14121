//! One flat input schema per operation: path, query, header and cookie parameters plus the
//! body's properties side by side (a clashing or non-object body goes under `body`), and
//! the bindings that route each argument back to its place in the HTTP request.

use indexmap::IndexMap;
use openapiv3::{
    Components, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
    RequestBody, Schema,
};
use serde_json::{Map, Value, json};

use super::model::OperationEntry;
use super::naming::{MAX_NAME, Namer, shorten};
use super::schema::{Converter, Direction, ObjectShape, object_shape, resolve_schema};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// OpenAPI serialisation styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b` in paths and headers.
    Simple,
    /// `.a.b` in paths.
    Label,
    /// `;x=a,b` in paths.
    Matrix,
    /// `x=a&x=b` or `x=a,b` in queries, cookies and forms.
    Form,
    /// `x=a%20b`.
    SpaceDelimited,
    /// `x=a|b`.
    PipeDelimited,
    /// `x[k]=v`.
    DeepObject,
}

impl Style {
    /// The style an `encoding` object (or a query parameter) names.
    pub fn from_query(style: &QueryStyle) -> Self {
        match style {
            QueryStyle::Form => Style::Form,
            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            QueryStyle::PipeDelimited => Style::PipeDelimited,
            QueryStyle::DeepObject => Style::DeepObject,
        }
    }
}

/// How one tool argument becomes one request parameter.
#[derive(Debug, Clone)]
pub struct ParamBinding {
    /// The argument's name in the tool schema.
    pub arg: String,
    /// The parameter's name in the request.
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Serialisation style.
    pub style: Style,
    /// Whether arrays and objects explode into several pairs.
    pub explode: bool,
    /// Query only: reserved characters are sent as they are.
    pub allow_reserved: bool,
    /// Defined through `content`: sent as JSON text.
    pub as_json: bool,
}

/// The kind of request body, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// `application/json` and `+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*` and XML: the `body` argument is sent as it is.
    Text,
    /// Anything else: the `body` argument is base64 and sent as raw bytes.
    Binary,
}

impl BodyKind {
    fn of(media_type: &str) -> Self {
        let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence.starts_with("text/") || essence.ends_with("xml") {
            BodyKind::Text
        } else {
            BodyKind::Binary
        }
    }

    /// Preference when an operation accepts several media types.
    fn rank(self) -> u8 {
        match self {
            BodyKind::Json => 0,
            BodyKind::Form => 1,
            BodyKind::Multipart => 2,
            BodyKind::Text => 3,
            BodyKind::Binary => 4,
        }
    }
}

/// A body field with its form/multipart encoding.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// Argument name.
    pub arg: String,
    /// Property name in the body.
    pub property: String,
    /// Form style (forms: `form` exploded unless the encoding says otherwise).
    pub style: Style,
    /// Exploded.
    pub explode: bool,
    /// Multipart: the part's content type from the encoding, if any.
    pub content_type: Option<String>,
    /// Multipart: the value is base64 file content.
    pub binary: bool,
}

/// How arguments become the request body.
#[derive(Debug, Clone)]
pub struct BodyBinding {
    /// The media type sent as Content-Type.
    pub media_type: String,
    /// Its kind.
    pub kind: BodyKind,
    /// Either the body's properties as separate arguments, or one argument for all of it.
    pub shape: BodyShape,
}

/// See [`BodyBinding::shape`].
#[derive(Debug, Clone)]
pub enum BodyShape {
    /// Object properties flattened into arguments.
    Fields(Vec<BodyField>),
    /// One argument holds the whole body.
    Whole {
        /// The argument name (`body` unless taken).
        arg: String,
    },
}

/// The input side of a tool.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The JSON Schema of the arguments object.
    pub schema: Map<String, Value>,
    /// Parameter bindings.
    pub params: Vec<ParamBinding>,
    /// Body binding.
    pub body: Option<BodyBinding>,
}

/// The argument that confirms a tool marked `x-mcp-confirm: true`.
pub const CONFIRM_ARG: &str = "confirm";

/// Builds the inputs of `entry`; an error is a reason to skip the operation.
pub fn build(conv: &Converter<'_>, entry: &OperationEntry, confirm: bool) -> Result<Inputs, String> {
    let components = conv.components();
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut refs = Vec::new();
    let mut names = Namer::default();
    let mut params = Vec::new();

    // The operation's parameters override the path item's with the same name and location.
    let mut declared = resolve_parameters(components, &entry.operation.parameters)?;
    for (location, p) in resolve_parameters(components, &entry.path_parameters)? {
        let name = &p.parameter_data_ref().name;
        if !declared.iter().any(|(l, d)| *l == location && d.parameter_data_ref().name == *name) {
            declared.push((location, p));
        }
    }
    declared.sort_by_key(|(location, _)| *location as u8);
    for (location, (data, style, explode, allow_reserved)) in declared.iter().map(|(l, p)| (*l, style_of(p)))
    {
        let arg = arg_name(&mut names, &data.name, location.as_str());
        let (mut schema, as_json) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (conv.convert(s, Direction::Input)?, false),
            ParameterSchemaOrContent::Content(content) => {
                let schema = content.values().find_map(|m| m.schema.as_ref());
                (schema.map(|s| conv.convert(s, Direction::Input)).transpose()?.unwrap_or_default(), true)
            }
        };
        refs.append(&mut schema.refs);
        annotate(
            &mut schema.schema,
            data.description.as_deref(),
            data.deprecated == Some(true),
            data.example.as_ref(),
        );
        properties.insert(arg.clone(), schema.schema);
        if data.required || location == ParamLocation::Path {
            required.push(json!(arg));
        }
        params.push(ParamBinding {
            arg,
            name: data.name.clone(),
            location,
            style,
            explode,
            allow_reserved,
            as_json,
        });
    }

    let body = match &entry.operation.request_body {
        Some(body) => {
            let body = resolve_ref(components, body, "#/components/requestBodies/", |c| &c.request_bodies)?;
            body_inputs(conv, body, &mut names, &mut properties, &mut required, &mut refs)?
        }
        None => None,
    };
    if confirm {
        properties.insert(
            CONFIRM_ARG.into(),
            json!({"type": "boolean", "const": true,
                   "description": "This operation needs explicit confirmation: set to true only when the user has approved it."}),
        );
        required.push(json!(CONFIRM_ARG));
    }

    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), json!(false));
    if let Some(defs) = conv.defs_for(&refs, Direction::Input)? {
        schema.insert("$defs".into(), Value::Object(defs));
    }
    Ok(Inputs { schema, params, body })
}

fn resolve_parameters<'c>(
    components: &'c Components,
    list: &'c [ReferenceOr<Parameter>],
) -> Result<Vec<(ParamLocation, &'c Parameter)>, String> {
    list.iter()
        .map(|p| {
            let p = resolve_ref(components, p, "#/components/parameters/", |c| &c.parameters)?;
            Ok((location_of(p), p))
        })
        .collect()
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// A parameter's data, style, explode and allowReserved (with OpenAPI's defaults).
fn style_of(p: &Parameter) -> (&ParameterData, Style, bool, bool) {
    let data = p.parameter_data_ref();
    let (style, allow_reserved) = match p {
        Parameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => Style::Simple,
                PathStyle::Label => Style::Label,
                PathStyle::Matrix => Style::Matrix,
            },
            false,
        ),
        Parameter::Query { style, allow_reserved, .. } => (Style::from_query(style), *allow_reserved),
        Parameter::Header { .. } => (Style::Simple, false),
        Parameter::Cookie { .. } => (Style::Form, false),
    };
    let explode = data.explode.unwrap_or(style == Style::Form);
    (data, style, explode, allow_reserved)
}

/// A unique argument name for a request name: sanitised for clients (`[A-Za-z0-9_.-]`),
/// suffixed with its location when an earlier argument has the name.
fn arg_name(names: &mut Namer, raw: &str, location: &str) -> String {
    let mut base: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || "_.-".contains(c) { c } else { '_' }).collect();
    if base.is_empty() {
        base = location.to_owned();
    }
    let base = shorten(&base, MAX_NAME);
    if names.contains(&base) {
        let suffixed = format!("{}_{location}", shorten(&base, MAX_NAME - location.len() - 1));
        return names.unique(&suffixed, MAX_NAME);
    }
    names.unique(&base, MAX_NAME)
}

/// Follows a component `$ref` (at most 16 hops) for parameters, bodies, responses, headers.
pub fn resolve_ref<'c, T>(
    components: &'c Components,
    item: &'c ReferenceOr<T>,
    prefix: &str,
    section: impl Fn(&'c Components) -> &'c IndexMap<String, ReferenceOr<T>>,
) -> Result<&'c T, String> {
    let mut current = item;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                current = reference
                    .strip_prefix(prefix)
                    .and_then(|name| section(components).get(name))
                    .ok_or_else(|| {
                        format!("dangling $ref `{reference}`: the document defines no such component")
                    })?;
            }
        }
    }
    Err(format!("$ref chain too long or circular starting at {prefix}"))
}

/// Adds a parameter's own description, deprecation and example to its schema.
fn annotate(schema: &mut Value, description: Option<&str>, deprecated: bool, example: Option<&Value>) {
    let Value::Object(map) = schema else { return };
    if map.contains_key("$ref") {
        // Siblings of $ref are fine in 2020-12, but keep the ref object minimal for old clients.
        let reference = std::mem::take(map);
        map.insert("allOf".into(), json!([Value::Object(reference)]));
    }
    if let Some(d) = description.filter(|d| !d.trim().is_empty()) {
        map.insert("description".into(), json!(d.trim()));
    }
    if deprecated {
        map.insert("deprecated".into(), json!(true));
    }
    if let Some(e) = example {
        map.entry("examples").or_insert_with(|| json!([e]));
    }
}

fn body_inputs(
    conv: &Converter<'_>,
    body: &RequestBody,
    names: &mut Namer,
    properties: &mut Map<String, Value>,
    required: &mut Vec<Value>,
    refs: &mut Vec<String>,
) -> Result<Option<BodyBinding>, String> {
    let Some((media_type, media)) = body.content.iter().min_by_key(|(t, _)| BodyKind::of(t).rank()) else {
        return Ok(None);
    };
    let kind = BodyKind::of(media_type);
    let components = conv.components();
    let schema = media.schema.clone().unwrap_or_else(|| ReferenceOr::Item(any_schema()));
    if accepts_nothing(components, &schema) {
        // Stripe declares `{type: object, properties: {}, additionalProperties: false}` bodies
        // on its GETs: there is nothing to send, so no argument for it.
        return Ok(None);
    }
    let media_type = media_type.clone();

    let flattenable = matches!(kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart);
    if let Some(shape) = object_shape(components, &schema).filter(|_| flattenable) {
        let flat = Flat { conv, kind, media, required_body: body.required };
        if let Some(fields) = flat.fields(&shape, names, properties, required, refs)? {
            return Ok(Some(BodyBinding { media_type, kind, shape: BodyShape::Fields(fields) }));
        }
    }

    let arg = names.unique("body", MAX_NAME);
    let mut schema_value = match kind {
        BodyKind::Binary => json!({"type": "string", "contentEncoding": "base64"}),
        BodyKind::Text => json!({"type": "string"}),
        _ => {
            let mut converted = conv.convert(&schema, Direction::Input)?;
            refs.append(&mut converted.refs);
            converted.schema
        }
    };
    let what = match kind {
        BodyKind::Binary => format!("Request body ({media_type}), base64-encoded."),
        BodyKind::Text => format!("Request body ({media_type}), sent as is."),
        _ => format!("Request body ({media_type})."),
    };
    let description = body.description.as_deref().map_or(what.clone(), |d| format!("{} {what}", d.trim()));
    annotate(&mut schema_value, Some(&description), false, None);
    properties.insert(arg.clone(), schema_value);
    if body.required {
        required.push(json!(arg));
    }
    Ok(Some(BodyBinding { media_type, kind, shape: BodyShape::Whole { arg } }))
}

/// Flattens an object body's properties into arguments.
struct Flat<'c, 'd> {
    conv: &'c Converter<'d>,
    kind: BodyKind,
    media: &'c openapiv3::MediaType,
    required_body: bool,
}

impl Flat<'_, '_> {
    /// The fields, or `None` when a property name clashes with a parameter (then the body
    /// goes whole under `body`).
    fn fields(
        &self,
        shape: &ObjectShape,
        names: &mut Namer,
        properties: &mut Map<String, Value>,
        required: &mut Vec<Value>,
        refs: &mut Vec<String>,
    ) -> Result<Option<Vec<BodyField>>, String> {
        let components = self.conv.components();
        let writable: Vec<(&String, &ReferenceOr<Box<Schema>>)> =
            shape.properties.iter().filter(|(_, s)| !is_read_only(components, s)).collect();
        if writable.is_empty() || writable.iter().any(|(name, _)| names.contains(&sanitize_arg(name))) {
            return Ok(None);
        }
        let mut fields = Vec::with_capacity(writable.len());
        for (property, prop_schema) in writable {
            let arg = arg_name(names, property, "body");
            let mut converted = self.conv.convert(prop_schema, Direction::Input)?;
            refs.append(&mut converted.refs);
            let binary = self.kind == BodyKind::Multipart && is_binary(components, prop_schema);
            if binary {
                converted.schema = json!({"type": "string", "contentEncoding": "base64", "description": "File content, base64-encoded."});
            }
            if self.required_body && shape.required.contains(property) {
                required.push(json!(arg));
            }
            let encoding = self.media.encoding.get(property);
            let (style, explode) = match encoding.and_then(|e| e.style.as_ref()) {
                Some(s) => (Style::from_query(s), encoding.is_some_and(|e| e.explode)),
                None => (Style::Form, true),
            };
            let content_type = encoding.and_then(|e| e.content_type.clone());
            properties.insert(arg.clone(), converted.schema);
            fields.push(BodyField { arg, property: property.clone(), style, explode, content_type, binary });
        }
        Ok(Some(fields))
    }
}

/// An object schema without properties that forbids additional ones.
fn accepts_nothing(components: &Components, schema: &ReferenceOr<Schema>) -> bool {
    use openapiv3::{AdditionalProperties, SchemaKind, Type};
    let closed = |props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
                  extra: &Option<AdditionalProperties>| {
        props.is_empty() && matches!(extra, Some(AdditionalProperties::Any(false)))
    };
    resolve_schema(components, schema).is_some_and(|s| match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => closed(&o.properties, &o.additional_properties),
        SchemaKind::Any(a) => {
            a.typ.as_deref() == Some("object") && closed(&a.properties, &a.additional_properties)
        }
        _ => false,
    })
}

fn sanitize_arg(raw: &str) -> String {
    let s: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || "_.-".contains(c) { c } else { '_' }).collect();
    shorten(&s, MAX_NAME)
}

fn any_schema() -> Schema {
    Schema { schema_data: Default::default(), schema_kind: openapiv3::SchemaKind::Any(Default::default()) }
}

fn is_read_only(components: &Components, schema: &ReferenceOr<Box<Schema>>) -> bool {
    resolve_boxed(components, schema).is_some_and(|s| s.schema_data.read_only)
}

fn is_binary(components: &Components, schema: &ReferenceOr<Box<Schema>>) -> bool {
    resolve_boxed(components, schema).is_some_and(|s| {
        matches!(&s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(t))
            if matches!(&t.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)))
    })
}

fn resolve_boxed<'s>(components: &'s Components, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => {
            let target = components.schemas.get(reference.strip_prefix("#/components/schemas/")?)?;
            resolve_schema(components, target)
        }
    }
}
