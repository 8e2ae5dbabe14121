//! Which operations become tools: the article's rules (`mcp` tag, `x-mcp-hidden`) and
//! veysi's filters (`--all`, tags in and out, operationId globs, methods, read-only).

use serde_json::Value;

use super::model::OperationEntry;

/// The selection flags.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The tag that opts an operation in (the article's `mcp`).
    pub tag: String,
    /// Every operation, tagged or not (`x-mcp-hidden: true` still hides).
    pub all: bool,
    /// Also include operations with any of these tags.
    pub include_tags: Vec<String>,
    /// Leave out operations with any of these tags.
    pub exclude_tags: Vec<String>,
    /// Keep only operations whose operationId matches one of these globs (`*`, `?`).
    pub include_operations: Vec<String>,
    /// Leave out operations whose operationId matches one of these globs.
    pub exclude_operations: Vec<String>,
    /// Keep only these methods (lower-case), when not empty.
    pub methods: Vec<String>,
    /// Only GET, HEAD and OPTIONS.
    pub read_only: bool,
}

impl Selection {
    /// Whether `entry` becomes a tool.
    pub fn includes(&self, entry: &OperationEntry) -> bool {
        let op = &entry.operation;
        let hidden = op.extensions.get("x-mcp-hidden").or_else(|| entry.path_extensions.get("x-mcp-hidden"));
        let forced_visible = match hidden.and_then(Value::as_bool) {
            Some(true) => return false,
            Some(false) => true,
            None => false,
        };
        if self.read_only && !matches!(entry.method, "get" | "head" | "options") {
            return false;
        }
        if !self.methods.is_empty() && !self.methods.iter().any(|m| m.eq_ignore_ascii_case(entry.method)) {
            return false;
        }
        if op.tags.iter().any(|t| self.exclude_tags.contains(t)) {
            return false;
        }
        let id = op.operation_id.as_deref().unwrap_or("");
        if self.exclude_operations.iter().any(|g| glob_match(g, id)) {
            return false;
        }
        if !self.include_operations.is_empty() {
            return self.include_operations.iter().any(|g| glob_match(g, id));
        }
        forced_visible || self.all || op.tags.iter().any(|t| *t == self.tag || self.include_tags.contains(t))
    }
}

/// Shell-style glob: `*` any run, `?` one character; the whole text must match.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;
    use serde_json::json;

    use super::*;

    fn entry(method: &'static str, op: Value, path_ext: Value) -> OperationEntry {
        OperationEntry {
            path: "/x".into(),
            method,
            operation: serde_json::from_value(op).unwrap(),
            path_parameters: vec![],
            path_servers: vec![],
            path_extensions: serde_json::from_value::<IndexMap<String, Value>>(path_ext).unwrap(),
        }
    }

    fn article() -> Selection {
        Selection { tag: "mcp".into(), ..Selection::default() }
    }

    #[test]
    fn the_articles_rules_tag_and_hidden_with_operation_beating_path_item() {
        let s = article();
        let r = json!({"responses": {}});
        assert!(s.includes(&entry("get", json!({"tags": ["mcp"], "responses": {}}), json!({}))));
        assert!(!s.includes(&entry("get", json!({"tags": ["other"], "responses": {}}), json!({}))));
        assert!(!s.includes(&entry(
            "get",
            json!({"tags": ["mcp"], "x-mcp-hidden": true, "responses": {}}),
            json!({})
        )));
        assert!(s.includes(&entry(
            "get",
            json!({"tags": ["internal"], "x-mcp-hidden": false, "responses": {}}),
            json!({})
        )));
        assert!(
            s.includes(&entry("get", r.clone(), json!({"x-mcp-hidden": false}))),
            "path item forces visible"
        );
        assert!(
            !s.includes(&entry(
                "get",
                json!({"x-mcp-hidden": true, "responses": {}}),
                json!({"x-mcp-hidden": false})
            )),
            "operation beats path item"
        );
        assert!(
            !s.includes(&entry("get", json!({"tags": ["Mcp"], "responses": {}}), json!({}))),
            "tags match exactly"
        );
    }

    #[test]
    fn all_read_only_methods_tags_and_operation_globs() {
        let op = |id: &str, tags: Value| json!({"operationId": id, "tags": tags, "responses": {}});
        let all = Selection { all: true, ..article() };
        assert!(all.includes(&entry("post", op("a", json!([])), json!({}))));
        let ro = Selection { read_only: true, ..all.clone() };
        assert!(!ro.includes(&entry("post", op("a", json!([])), json!({}))));
        assert!(ro.includes(&entry("head", op("a", json!([])), json!({}))));
        let ex = Selection { exclude_tags: vec!["admin".into()], ..all.clone() };
        assert!(!ex.includes(&entry("get", op("a", json!(["admin"])), json!({}))));
        let inc = Selection { include_operations: vec!["repos/*".into()], ..article() };
        assert!(inc.includes(&entry("get", op("repos/get", json!([])), json!({}))));
        assert!(!inc.includes(&entry("get", op("users/get", json!([])), json!({}))));
        let methods = Selection { methods: vec!["GET".into()], ..all };
        assert!(!methods.includes(&entry("delete", op("a", json!([])), json!({}))));
    }

    #[test]
    fn globs() {
        assert!(glob_match("*", ""));
        assert!(glob_match("repos/*/get", "repos/x/y/get"));
        assert!(glob_match("get?", "getX"));
        assert!(!glob_match("get?", "get"));
        assert!(!glob_match("a*b", "ac"));
    }
}
