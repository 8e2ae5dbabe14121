//! OpenAPI 3.0 schemas → JSON Schema (2020-12) for MCP: `nullable` becomes a type union,
//! boolean `exclusiveMinimum/Maximum` become numbers, `example` becomes `examples`, OpenAPI-only
//! keywords go, and `$ref`s to component schemas become `#/$defs/…` with only the referenced
//! definitions attached to each tool. Recursive schemas stay finite that way.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value, json};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Whether a schema describes what a client sends (read-only properties dropped) or what
/// the API returns (write-only properties dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Request: tool input.
    Input,
    /// Response: tool output.
    Output,
}

/// Converts schemas against a document's components, caching each converted definition.
pub struct Converter<'a> {
    components: &'a Components,
    /// Component name → `$defs` key (sanitised, unique).
    def_keys: HashMap<&'a str, String>,
    cache: Mutex<HashMap<(String, Direction), Arc<Converted>>>,
}

/// One converted schema and the component schemas it refers to.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The JSON Schema.
    pub schema: Value,
    /// Names of the component schemas it references directly.
    pub refs: Vec<String>,
    /// Its serialised size in bytes (set for cached definitions, 0 otherwise).
    pub size: usize,
}

impl<'a> Converter<'a> {
    /// A converter for `components`.
    pub fn new(components: &'a Components) -> Self {
        let mut def_keys = HashMap::with_capacity(components.schemas.len());
        let mut used = std::collections::HashSet::new();
        for name in components.schemas.keys() {
            let mut key: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' })
                .collect();
            while !used.insert(key.clone()) {
                key.push('_');
            }
            def_keys.insert(name.as_str(), key);
        }
        Self { components, def_keys, cache: Mutex::new(HashMap::new()) }
    }

    /// The components this converter resolves against.
    pub fn components(&self) -> &'a Components {
        self.components
    }

    /// Converts a schema (or reference) from the document.
    pub fn convert<S: serde::Serialize>(
        &self,
        schema: &S,
        direction: Direction,
    ) -> Result<Converted, String> {
        let mut value = serde_json::to_value(schema).map_err(|e| e.to_string())?;
        let mut refs = Vec::new();
        self.fix(&mut value, direction, &mut refs)?;
        Ok(Converted { schema: value, refs, size: 0 })
    }

    /// The `$defs` object for everything `refs` reaches (transitively), or `None` when empty.
    pub fn defs_for(
        &self,
        refs: &[String],
        direction: Direction,
    ) -> Result<Option<Map<String, Value>>, String> {
        let closure = self.closure(refs, direction)?;
        Ok((!closure.is_empty())
            .then(|| closure.into_iter().map(|(key, def)| (key, def.schema.clone())).collect()))
    }

    /// Every definition `refs` reaches, by `$defs` key, without copying the schemas.
    pub fn closure(
        &self,
        refs: &[String],
        direction: Direction,
    ) -> Result<BTreeMap<String, Arc<Converted>>, String> {
        let mut defs = BTreeMap::new();
        let mut queue: Vec<String> = refs.to_vec();
        while let Some(name) = queue.pop() {
            let Some(key) = self.def_keys.get(name.as_str()) else { continue };
            if defs.contains_key(key) {
                continue;
            }
            let def = self.definition(&name, direction)?;
            queue.extend(def.refs.iter().cloned());
            defs.insert(key.clone(), def);
        }
        Ok(defs)
    }

    fn definition(&self, name: &str, direction: Direction) -> Result<Arc<Converted>, String> {
        let cache_key = (name.to_owned(), direction);
        if let Some(hit) = self.cache.lock().unwrap_or_else(PoisonError::into_inner).get(&cache_key) {
            return Ok(Arc::clone(hit));
        }
        let schema =
            self.components.schemas.get(name).ok_or_else(|| dangling(&format!("{SCHEMA_PREFIX}{name}")))?;
        let mut converted = self.convert(schema, direction)?;
        converted.size = serde_json::to_string(&converted.schema).map_or(0, |s| s.len());
        let converted = Arc::new(converted);
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).insert(cache_key, Arc::clone(&converted));
        Ok(converted)
    }

    /// Rewrites one schema value in place (children first).
    fn fix(&self, value: &mut Value, direction: Direction, refs: &mut Vec<String>) -> Result<(), String> {
        let Value::Object(map) = value else { return Ok(()) };
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = reference.strip_prefix(SCHEMA_PREFIX).ok_or_else(|| {
                format!("unsupported $ref `{reference}` in a schema (only {SCHEMA_PREFIX}… is allowed)")
            })?;
            let target = unescape_pointer(target);
            let key = self.def_keys.get(target.as_str()).ok_or_else(|| dangling(reference))?;
            *value = json!({ "$ref": format!("#/$defs/{key}") });
            refs.push(target);
            return Ok(());
        }
        for (key, child) in map.iter_mut() {
            match key.as_str() {
                "properties" => {
                    if let Some(children) = child.as_object_mut() {
                        for s in children.values_mut() {
                            self.fix(s, direction, refs)?;
                        }
                    }
                }
                "items" | "additionalProperties" | "not" => self.fix(child, direction, refs)?,
                "allOf" | "anyOf" | "oneOf" => {
                    if let Some(items) = child.as_array_mut() {
                        for s in items {
                            self.fix(s, direction, refs)?;
                        }
                    }
                }
                _ => {}
            }
        }
        drop_one_way_properties(map, direction);
        to_json_schema_keywords(map);
        if map.remove("nullable").is_some_and(|n| n == json!(true)) {
            make_nullable(value);
        }
        Ok(())
    }
}

fn dangling(reference: &str) -> String {
    format!("dangling $ref `{reference}`: the document defines no such schema")
}

fn unescape_pointer(segment: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

/// Removes `readOnly` properties from request schemas and `writeOnly` ones from responses.
fn drop_one_way_properties(map: &mut Map<String, Value>, direction: Direction) {
    let flag = match direction {
        Direction::Input => "readOnly",
        Direction::Output => "writeOnly",
    };
    let Some(Value::Object(properties)) = map.get_mut("properties") else { return };
    let dropped: Vec<String> = properties
        .iter()
        .filter(|(_, s)| s.get(flag) == Some(&json!(true)))
        .map(|(k, _)| k.clone())
        .collect();
    if dropped.is_empty() {
        return;
    }
    properties.retain(|k, _| !dropped.contains(k));
    if let Some(Value::Array(required)) = map.get_mut("required") {
        required.retain(|r| r.as_str().is_none_or(|r| !dropped.iter().any(|d| d == r)));
    }
}

/// OpenAPI 3.0 keywords → JSON Schema 2020-12 keywords, in place.
fn to_json_schema_keywords(map: &mut Map<String, Value>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        match map.remove(exclusive) {
            Some(Value::Bool(true)) => {
                if let Some(b) = map.remove(bound) {
                    map.insert(exclusive.into(), b);
                }
            }
            Some(n @ Value::Number(_)) => {
                map.insert(exclusive.into(), n);
            }
            _ => {}
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    for openapi_only in ["xml", "discriminator", "externalDocs"] {
        map.remove(openapi_only);
    }
    map.retain(|k, _| !k.starts_with("x-"));
    if map.get("required").is_some_and(|r| r.as_array().is_some_and(Vec::is_empty)) {
        map.remove("required");
    }
}

/// `nullable: true` as JSON Schema: `null` joins the type (and the enum), or the schema
/// becomes `anyOf: [schema, {type: null}]` when it has no single type.
fn make_nullable(value: &mut Value) {
    let Value::Object(map) = value else { return };
    if let Some(Value::Array(values)) = map.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match map.get("type").cloned() {
        Some(Value::String(t)) => {
            map.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(mut types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            map.insert("type".into(), Value::Array(types));
        }
        _ => {
            let description = map.remove("description");
            let inner = std::mem::take(map);
            map.insert("anyOf".into(), json!([Value::Object(inner), {"type": "null"}]));
            if let Some(d) = description {
                map.insert("description".into(), d);
            }
        }
    }
}

/// The properties and required list of an object schema (following `$ref`s and merging
/// `allOf` parts), or `None` when the schema is not a plain object with properties.
pub fn object_shape(components: &Components, schema: &ReferenceOr<Schema>) -> Option<ObjectShape> {
    let mut shape = ObjectShape::default();
    collect_shape(components, schema, &mut shape, 0).then_some(shape).filter(|s| !s.properties.is_empty())
}

/// Properties of an object schema, in document order.
#[derive(Debug, Default, Clone)]
pub struct ObjectShape {
    /// Property name → schema.
    pub properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    /// Required property names.
    pub required: Vec<String>,
}

fn collect_shape(
    components: &Components,
    schema: &ReferenceOr<Schema>,
    shape: &mut ObjectShape,
    depth: usize,
) -> bool {
    if depth > 16 {
        return false;
    }
    let schema = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            let Some(target) = reference.strip_prefix(SCHEMA_PREFIX).and_then(|n| components.schemas.get(n))
            else {
                return false;
            };
            return collect_shape(components, target, shape, depth + 1);
        }
    };
    if schema.schema_data.nullable {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            shape.properties.extend(o.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
            shape.required.extend(o.required.iter().cloned());
            true
        }
        SchemaKind::AllOf { all_of } => {
            all_of.iter().all(|part| collect_shape(components, part, shape, depth + 1))
        }
        SchemaKind::Any(any)
            if any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.typ.as_deref().is_none_or(|t| t == "object") =>
        {
            shape.properties.extend(any.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
            shape.required.extend(any.required.iter().cloned());
            any.all_of.iter().all(|part| collect_shape(components, part, shape, depth + 1))
        }
        _ => false,
    }
}

/// Follows `$ref`s to component schemas until an inline schema (at most 16 hops).
pub fn resolve_schema<'s>(components: &'s Components, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    let mut current = schema;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                current = components.schemas.get(reference.strip_prefix(SCHEMA_PREFIX)?)?;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(schemas: Value) -> Components {
        serde_json::from_value(json!({ "schemas": schemas })).unwrap()
    }

    fn schema(v: Value) -> ReferenceOr<Schema> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn nullable_exclusive_bounds_and_examples_become_json_schema() {
        let c = components(json!({}));
        let conv = Converter::new(&c);
        let out = conv
            .convert(
                &schema(json!({"type": "object", "properties": {
                    "a": {"type": "string", "nullable": true, "enum": ["x"], "example": "x"},
                    "n": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                    "o": {"allOf": [{"type": "object"}], "nullable": true, "description": "d"}
                }, "xml": {"name": "x"}})),
                Direction::Input,
            )
            .unwrap();
        let p = &out.schema["properties"];
        assert_eq!(p["a"], json!({"type": ["string", "null"], "enum": ["x", null], "examples": ["x"]}));
        assert_eq!(p["n"], json!({"type": "integer", "exclusiveMinimum": 0}));
        assert_eq!(
            p["o"],
            json!({"anyOf": [{"allOf": [{"type": "object"}]}, {"type": "null"}], "description": "d"})
        );
        assert!(out.schema.get("xml").is_none());
    }

    #[test]
    fn refs_become_defs_with_the_transitive_closure_and_cycles_terminate() {
        let c = components(json!({
            "Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                                                      "tag": {"$ref": "#/components/schemas/Tag"}}},
            "Tag": {"type": "string"},
            "Unused": {"type": "integer"}
        }));
        let conv = Converter::new(&c);
        let out =
            conv.convert(&schema(json!({"$ref": "#/components/schemas/Node"})), Direction::Input).unwrap();
        assert_eq!(out.schema, json!({"$ref": "#/$defs/Node"}));
        let defs = conv.defs_for(&out.refs, Direction::Input).unwrap().unwrap();
        let keys: Vec<&String> = defs.keys().collect();
        assert_eq!(keys, ["Node", "Tag"]);
        assert_eq!(defs["Node"]["properties"]["children"]["items"], json!({"$ref": "#/$defs/Node"}));
    }

    #[test]
    fn dangling_refs_and_read_only_properties() {
        let c = components(json!({}));
        let conv = Converter::new(&c);
        let err = conv
            .convert(&schema(json!({"$ref": "#/components/schemas/Nope"})), Direction::Input)
            .unwrap_err();
        assert!(err.contains("dangling") && err.contains("Nope"), "{err}");
        let s = schema(json!({"type": "object", "required": ["id", "name"], "properties": {
            "id": {"type": "integer", "readOnly": true}, "name": {"type": "string"}}}));
        let input = conv.convert(&s, Direction::Input).unwrap().schema;
        assert_eq!(input["required"], json!(["name"]));
        assert!(input["properties"].get("id").is_none());
        let output = conv.convert(&s, Direction::Output).unwrap().schema;
        assert!(output["properties"].get("id").is_some());
    }

    #[test]
    fn object_shapes_follow_refs_and_merge_all_of() {
        let c = components(
            json!({"Base": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}),
        );
        let s = schema(
            json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"x": {}}}]}),
        );
        let shape = object_shape(&c, &s).unwrap();
        assert_eq!(shape.properties.keys().collect::<Vec<_>>(), ["id", "x"]);
        assert_eq!(shape.required, ["id"]);
        assert!(object_shape(&c, &schema(json!({"type": "array", "items": {}}))).is_none());
    }
}
