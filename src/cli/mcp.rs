//! Flags of `veysi mcp openapi`. Every flag can also come from a `VEYSI_MCP_*` environment
//! variable and from a YAML `--config` file (kebab-case keys); flags and variables win over
//! the file. Credentials never do: flags and the file name only the variables that hold them.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde::Deserialize;

/// `veysi mcp ...`.
#[derive(Debug, Args)]
pub struct McpArgs {
    #[command(subcommand)]
    pub command: McpCommand,
}

/// MCP servers.
#[derive(Debug, Subcommand)]
pub enum McpCommand {
    /// Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API.
    ///
    /// Serves over stdio by default (for MCP clients that start it as a command), or Streamable
    /// HTTP at /mcp with --http. Only operations tagged `mcp` become tools unless --all or other
    /// filters say otherwise; `x-mcp-hidden`, `x-mcp-tool-name`, `x-mcp-description` and
    /// `x-mcp-confirm` in the document refine that. --list prints the tools instead of serving.
    Openapi(Box<OpenapiArgs>),
}

/// `veysi mcp openapi` flags. `Option`s and empty lists mean "not given" so that the config
/// file can fill them; defaults are applied after merging.
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct OpenapiArgs {
    /// OpenAPI document: a file or an http(s) URL, YAML or JSON.
    #[arg(long, env = "VEYSI_MCP_SPEC", value_name = "FILE|URL", help_heading = "Document")]
    pub spec: Option<String>,

    /// YAML file with any of these flags as kebab-case keys (e.g. `server-url: ...`).
    #[arg(long, env = "VEYSI_MCP_CONFIG", value_name = "FILE", help_heading = "Document")]
    #[serde(skip)]
    pub config: Option<PathBuf>,

    /// Follow `$ref`s to http(s) URLs (off: a document cannot make veysi fetch URLs).
    #[arg(long, env = "VEYSI_MCP_ALLOW_REMOTE_REFS", help_heading = "Document")]
    pub allow_remote_refs: bool,

    /// Print the generated tools (a table, or JSON with --json) instead of serving.
    #[arg(long, help_heading = "Document")]
    #[serde(skip)]
    pub list: bool,

    /// Operations with this tag become tools [default: mcp].
    #[arg(long, env = "VEYSI_MCP_TAG", value_name = "TAG", help_heading = "Choosing tools")]
    pub tag: Option<String>,

    /// Every operation becomes a tool (x-mcp-hidden: true still hides).
    #[arg(long, env = "VEYSI_MCP_ALL", help_heading = "Choosing tools")]
    pub all: bool,

    /// Also operations with these tags (comma-separated or repeated).
    #[arg(
        long = "include-tag",
        env = "VEYSI_MCP_INCLUDE_TAG",
        value_name = "TAG",
        value_delimiter = ',',
        help_heading = "Choosing tools"
    )]
    pub include_tag: Vec<String>,

    /// Leave out operations with these tags.
    #[arg(
        long = "exclude-tag",
        env = "VEYSI_MCP_EXCLUDE_TAG",
        value_name = "TAG",
        value_delimiter = ',',
        help_heading = "Choosing tools"
    )]
    pub exclude_tag: Vec<String>,

    /// Only operations whose operationId matches one of these globs (`*`, `?`).
    #[arg(
        long = "include-op",
        env = "VEYSI_MCP_INCLUDE_OP",
        value_name = "GLOB",
        value_delimiter = ',',
        help_heading = "Choosing tools"
    )]
    pub include_op: Vec<String>,

    /// Leave out operations whose operationId matches one of these globs.
    #[arg(
        long = "exclude-op",
        env = "VEYSI_MCP_EXCLUDE_OP",
        value_name = "GLOB",
        value_delimiter = ',',
        help_heading = "Choosing tools"
    )]
    pub exclude_op: Vec<String>,

    /// Only these HTTP methods.
    #[arg(
        long = "method",
        env = "VEYSI_MCP_METHOD",
        value_name = "METHOD",
        value_delimiter = ',',
        value_enum,
        help_heading = "Choosing tools"
    )]
    pub method: Vec<HttpMethod>,

    /// Only GET, HEAD and OPTIONS operations.
    #[arg(long, env = "VEYSI_MCP_READ_ONLY", help_heading = "Choosing tools")]
    pub read_only: bool,

    /// `static`: one tool per operation; `dynamic`: three meta-tools (search, describe, call),
    /// so a 1,000-operation API fits any client's context [default: static].
    #[arg(long, env = "VEYSI_MCP_TOOLS", value_enum, value_name = "MODE", help_heading = "Choosing tools")]
    pub tools: Option<ToolsMode>,

    /// Leave out output schemas (when the API's responses do not match its document).
    #[arg(long, env = "VEYSI_MCP_NO_OUTPUT_SCHEMA", help_heading = "Choosing tools")]
    pub no_output_schema: bool,

    /// Base URL of the API, instead of the document's servers.
    #[arg(long, env = "VEYSI_MCP_SERVER_URL", value_name = "URL", value_parser = parse_http_url, help_heading = "Calling the API")]
    pub server_url: Option<String>,

    /// Timeout of each API request, body included (e.g. 30s, 500ms, 2m) [default: 30s].
    #[arg(long, env = "VEYSI_MCP_TIMEOUT", value_name = "DURATION", help_heading = "Calling the API")]
    pub timeout: Option<HumanDuration>,

    /// Response bytes shown to the model; longer responses are cut with a marker [default: 102400].
    #[arg(long, env = "VEYSI_MCP_MAX_RESPONSE_BYTES", value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Calling the API")]
    pub max_response_bytes: Option<u64>,

    /// Retries for idempotent requests answered 429 or 503 (honouring Retry-After) [default: 0].
    #[arg(long, env = "VEYSI_MCP_RETRIES", value_name = "N", value_parser = clap::value_parser!(u32).range(0..=10), help_heading = "Calling the API")]
    pub retries: Option<u32>,

    /// Client-side limit on API requests per second.
    #[arg(long, env = "VEYSI_MCP_RATE_LIMIT", value_name = "PER_SECOND", value_parser = parse_rate, help_heading = "Calling the API")]
    pub rate_limit: Option<f64>,

    /// Authentication for every request; without it, the document's securitySchemes apply
    /// (secrets in VEYSI_AUTH_<SCHEME>, see --list).
    #[arg(
        long,
        env = "VEYSI_MCP_AUTH_TYPE",
        value_enum,
        value_name = "TYPE",
        help_heading = "Authentication"
    )]
    pub auth_type: Option<AuthType>,

    /// Environment variable holding the bearer token (--auth-type bearer).
    #[arg(long, env = "VEYSI_MCP_AUTH_TOKEN_ENV", value_name = "VAR", help_heading = "Authentication")]
    pub auth_token_env: Option<String>,

    /// Environment variable holding the API key (--auth-type api-key).
    #[arg(long, env = "VEYSI_MCP_AUTH_KEY_ENV", value_name = "VAR", help_heading = "Authentication")]
    pub auth_key_env: Option<String>,

    /// Header, query parameter or cookie name of the API key.
    #[arg(long, env = "VEYSI_MCP_AUTH_KEY_NAME", value_name = "NAME", help_heading = "Authentication")]
    pub auth_key_name: Option<String>,

    /// Where the API key goes [default: header].
    #[arg(
        long,
        env = "VEYSI_MCP_AUTH_KEY_IN",
        value_enum,
        value_name = "WHERE",
        help_heading = "Authentication"
    )]
    pub auth_key_in: Option<KeyIn>,

    /// Environment variable holding the user name (--auth-type basic).
    #[arg(long, env = "VEYSI_MCP_AUTH_USERNAME_ENV", value_name = "VAR", help_heading = "Authentication")]
    pub auth_username_env: Option<String>,

    /// Environment variable holding the password (--auth-type basic).
    #[arg(long, env = "VEYSI_MCP_AUTH_PASSWORD_ENV", value_name = "VAR", help_heading = "Authentication")]
    pub auth_password_env: Option<String>,

    /// OAuth2 token endpoint (--auth-type oauth2, client credentials).
    #[arg(long, env = "VEYSI_MCP_OAUTH_TOKEN_URL", value_name = "URL", value_parser = parse_http_url, help_heading = "Authentication")]
    pub oauth_token_url: Option<String>,

    /// Environment variable holding the OAuth2 client id.
    #[arg(long, env = "VEYSI_MCP_OAUTH_CLIENT_ID_ENV", value_name = "VAR", help_heading = "Authentication")]
    pub oauth_client_id_env: Option<String>,

    /// Environment variable holding the OAuth2 client secret.
    #[arg(
        long,
        env = "VEYSI_MCP_OAUTH_CLIENT_SECRET_ENV",
        value_name = "VAR",
        help_heading = "Authentication"
    )]
    pub oauth_client_secret_env: Option<String>,

    /// OAuth2 scopes to request.
    #[arg(
        long = "oauth-scope",
        env = "VEYSI_MCP_OAUTH_SCOPE",
        value_name = "SCOPE",
        value_delimiter = ',',
        help_heading = "Authentication"
    )]
    pub oauth_scope: Vec<String>,

    /// Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback unless --allow-remote).
    #[arg(long, env = "VEYSI_MCP_HTTP", value_name = "ADDR", help_heading = "Serving")]
    pub http: Option<SocketAddr>,

    /// With --http, also serve the legacy SSE transport at /sse and /messages for old clients.
    #[arg(long, env = "VEYSI_MCP_SSE", requires = "http", help_heading = "Serving")]
    pub sse: bool,

    /// Environment variable holding a token HTTP clients must send as `Authorization: Bearer`.
    #[arg(
        long,
        env = "VEYSI_MCP_HTTP_TOKEN_ENV",
        value_name = "VAR",
        requires = "http",
        help_heading = "Serving"
    )]
    pub http_token_env: Option<String>,

    /// Let --http listen on a non-loopback address (then set --http-token-env and --allow-host).
    #[arg(long, env = "VEYSI_MCP_ALLOW_REMOTE", requires = "http", help_heading = "Serving")]
    pub allow_remote: bool,

    /// Host names accepted in the Host header besides localhost, 127.0.0.1 and ::1.
    #[arg(
        long = "allow-host",
        env = "VEYSI_MCP_ALLOW_HOST",
        value_name = "HOST",
        value_delimiter = ',',
        help_heading = "Serving"
    )]
    pub allow_host: Vec<String>,

    /// Browser origins accepted besides loopback ones (e.g. https://app.example.com).
    #[arg(
        long = "allow-origin",
        env = "VEYSI_MCP_ALLOW_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ',',
        help_heading = "Serving"
    )]
    pub allow_origin: Vec<String>,
}

/// `--tools`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolsMode {
    /// One tool per operation.
    Static,
    /// Three meta-tools: search_operations, describe_operation, call_operation.
    Dynamic,
}

/// `--auth-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthType {
    /// `Authorization: Bearer $VAR` (--auth-token-env).
    Bearer,
    /// An API key (--auth-key-env, --auth-key-name, --auth-key-in).
    ApiKey,
    /// HTTP basic (--auth-username-env, --auth-password-env).
    Basic,
    /// OAuth2 client credentials (--oauth-token-url, --oauth-client-id-env, --oauth-client-secret-env).
    Oauth2,
}

/// `--auth-key-in`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// `--method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

/// A duration written `30s`, `500ms`, `2m`, `1h`, or a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HumanDuration(pub Duration);

impl FromStr for HumanDuration {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let d = super::duration::parse_positive_duration(s)?;
        if d > Duration::from_secs(86_400) {
            return Err(format!("`{}` is out of range: give more than 0 and at most 24h", s.trim()));
        }
        Ok(HumanDuration(d))
    }
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let text = match value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s,
            other => return Err(serde::de::Error::custom(format!("expected a duration, found {other}"))),
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn parse_http_url(s: &str) -> Result<String, String> {
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(s.to_owned()),
        _ => Err(format!("`{s}` is not an http(s) URL")),
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r > 0.0 && r.is_finite() => Ok(r),
        _ => Err(format!("`{s}` is not a positive number of requests per second")),
    }
}

impl OpenapiArgs {
    /// These flags with the gaps filled from `file` (a config file's values).
    pub fn or(self, file: OpenapiArgs) -> OpenapiArgs {
        macro_rules! merged {
            (options: $($o:ident),*; flags: $($f:ident),*; lists: $($l:ident),*) => {
                OpenapiArgs {
                    $($o: self.$o.or(file.$o),)*
                    $($f: self.$f || file.$f,)*
                    $($l: if self.$l.is_empty() { file.$l } else { self.$l },)*
                    config: self.config,
                    list: self.list,
                }
            };
        }
        merged!(
            options: spec, tag, tools, server_url, timeout, max_response_bytes, retries, rate_limit, auth_type,
                auth_token_env, auth_key_env, auth_key_name, auth_key_in, auth_username_env, auth_password_env,
                oauth_token_url, oauth_client_id_env, oauth_client_secret_env, http, http_token_env;
            flags: allow_remote_refs, all, read_only, no_output_schema, sse, allow_remote;
            lists: include_tag, exclude_tag, include_op, exclude_op, method, oauth_scope, allow_host, allow_origin
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!("30s".parse::<HumanDuration>().unwrap().0, Duration::from_secs(30));
        assert_eq!("250ms".parse::<HumanDuration>().unwrap().0, Duration::from_millis(250));
        assert_eq!("2m".parse::<HumanDuration>().unwrap().0, Duration::from_secs(120));
        assert_eq!("5".parse::<HumanDuration>().unwrap().0, Duration::from_secs(5));
        assert!("0s".parse::<HumanDuration>().is_err());
        assert!("3 weeks".parse::<HumanDuration>().is_err());
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let flags = OpenapiArgs { tag: Some("flag".into()), ..OpenapiArgs::default() };
        let file: OpenapiArgs = yaml_serde::from_str(
            "tag: file\nserver-url: http://127.0.0.1:1\nall: true\ninclude-tag: [a, b]\ntimeout: 5s\n",
        )
        .unwrap();
        let merged = flags.or(file);
        assert_eq!(merged.tag.as_deref(), Some("flag"));
        assert_eq!(merged.server_url.as_deref(), Some("http://127.0.0.1:1"));
        assert!(merged.all);
        assert_eq!(merged.include_tag, ["a", "b"]);
        assert_eq!(merged.timeout.map(|t| t.0), Some(Duration::from_secs(5)));
    }

    #[test]
    fn unknown_config_keys_are_refused() {
        let err = yaml_serde::from_str::<OpenapiArgs>("auth-token: secret\n").unwrap_err().to_string();
        assert!(err.contains("auth-token"), "{err}");
    }
}
