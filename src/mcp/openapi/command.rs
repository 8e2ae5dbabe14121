//! `veysi mcp openapi`: merges flags, environment and config file, loads the document, then
//! lists the tools (`--list`) or serves them over stdio or HTTP.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use serde::Serialize;
use serde_json::Value;

use super::auth::{Auth, Credential, KeyLocation};
use super::call::{CallOptions, Executor};
use super::handler::{dynamic_server, meta_tools, static_server};
use super::model::Skipped;
use super::select::Selection;
use super::source::FetchOptions;
use super::tools::{BuildOptions, Catalog};
use crate::cli::GlobalArgs;
use crate::cli::mcp::{AuthType, KeyIn, OpenapiArgs, ToolsMode};
use crate::mcp::{
    Annotations, HttpListener, HttpOptions, ServerIdentity, ToolHandler, ToolServer, serve_stdio,
    tools_list_bytes,
};
use crate::report::{Renderer, Report, Section, Style, int, text};
use crate::run::UsageError;

/// Default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default response cap shown to the model.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 100 * 1024;

/// Runs `veysi mcp openapi`.
pub fn run(args: OpenapiArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let args = with_config_file(args)?;
    let spec = args
        .spec
        .clone()
        .ok_or_else(|| UsageError("--spec is required (or VEYSI_MCP_SPEC, or `spec:` in --config)".into()))?;
    let global_credential = credential_from_flags(&args)?;
    let runtime = crate::run::runtime(None)?;
    let result = runtime.block_on(run_async(args, spec, global_credential, global));
    // stdin is read on a blocking thread that cannot be interrupted: do not wait for it.
    runtime.shutdown_background();
    result
}

fn with_config_file(args: OpenapiArgs) -> anyhow::Result<OpenapiArgs> {
    let Some(path) = args.config.clone() else { return Ok(args) };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let file: OpenapiArgs = yaml_serde::from_str(&text)
        .map_err(|e| UsageError(format!("config file {}: {e}", path.display())))?;
    Ok(args.or(file))
}

async fn run_async(
    args: OpenapiArgs,
    spec: String,
    global_credential: Option<Credential>,
    global: &GlobalArgs,
) -> anyhow::Result<ExitCode> {
    let timeout = args.timeout.map_or(DEFAULT_TIMEOUT, |t| t.0);
    let fetch = FetchOptions { timeout, allow_remote_refs: args.allow_remote_refs };
    let document = super::load(&spec, fetch).await?;
    let options = BuildOptions {
        selection: Selection {
            tag: args.tag.clone().unwrap_or_else(|| "mcp".to_owned()),
            all: args.all,
            include_tags: args.include_tag.clone(),
            exclude_tags: args.exclude_tag.clone(),
            include_operations: args.include_op.clone(),
            exclude_operations: args.exclude_op.clone(),
            methods: args.method.iter().map(|m| format!("{m:?}").to_lowercase()).collect(),
            read_only: args.read_only,
        },
        server_url: args.server_url.clone(),
        no_output_schema: args.no_output_schema,
    };
    let catalog = super::tools::build(&document, &options);
    let auth = Auth::new(&document.components.security_schemes, global_credential);
    let mode = args.tools.unwrap_or(ToolsMode::Static);

    if args.list {
        let report = ListReport::new(&catalog, &auth, mode);
        Renderer::from_global(global).print(&report).context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    if catalog.tools.is_empty() {
        anyhow::bail!(
            "no operation of {spec} became a tool ({} operations; {} skipped): tag operations `{}`, or pass --all \
             (see --list)",
            document.operations.len(),
            catalog.skipped.len(),
            options.selection.tag
        );
    }
    if !global.quiet {
        for s in &catalog.skipped {
            eprintln!("veysi: skipped {}: {}", s.operation, s.reason);
        }
    }
    let call_options = CallOptions {
        timeout,
        max_response_bytes: usize::try_from(args.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES))
            .unwrap_or(usize::MAX),
        retries: args.retries.unwrap_or(0),
        rate_limit: args.rate_limit,
    };
    let executor = Executor::new(auth, call_options)
        .map_err(|e| anyhow::anyhow!("cannot set up the HTTP client: {e}"))?;
    let identity = ServerIdentity {
        name: "veysi-mcp-openapi".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        instructions: Some(format!("Tools that call the {} API.", catalog.title)),
    };
    let tools = Arc::new(catalog.tools);
    match mode {
        ToolsMode::Static => serve(static_server(identity, tools, executor)?, &args, global).await,
        ToolsMode::Dynamic => serve(dynamic_server(identity, tools, executor)?, &args, global).await,
    }
}

async fn serve<H: ToolHandler>(
    server: ToolServer<H>,
    args: &OpenapiArgs,
    global: &GlobalArgs,
) -> anyhow::Result<ExitCode> {
    let shutdown = crate::signal::shutdown_on_signal();
    let Some(addr) = args.http else {
        serve_stdio(server, shutdown).await?;
        return Ok(ExitCode::SUCCESS);
    };
    let options = http_options(addr, args)?;
    let listener = HttpListener::bind(options).await?;
    let bound = listener.local_addr()?;
    if !global.quiet {
        eprintln!("veysi: serving {} MCP tools on http://{bound}/mcp", server.tools().len());
        if args.sse {
            eprintln!("veysi: legacy SSE transport on http://{bound}/sse");
        }
    }
    listener.serve(server, shutdown).await?;
    Ok(ExitCode::SUCCESS)
}

fn http_options(addr: SocketAddr, args: &OpenapiArgs) -> anyhow::Result<HttpOptions> {
    let mut options = HttpOptions::new(addr);
    options.allow_remote = args.allow_remote;
    options.allowed_hosts = args.allow_host.clone();
    options.allowed_origins = args.allow_origin.clone();
    options.legacy_sse = args.sse;
    if let Some(var) = &args.http_token_env {
        let token = std::env::var(var).ok().filter(|t| !t.is_empty());
        options.bearer_token = Some(token.ok_or_else(|| {
            UsageError(format!(
                "--http-token-env names {var}, but that environment variable is empty or not set"
            ))
        })?);
    }
    Ok(options)
}

/// The `--auth-type` credential, checked for completeness (a usage error names what is missing).
fn credential_from_flags(args: &OpenapiArgs) -> anyhow::Result<Option<Credential>> {
    let need = |value: &Option<String>, flag: &str, kind: &str| {
        value.clone().ok_or_else(|| UsageError(format!("--auth-type {kind} needs {flag}")))
    };
    let Some(kind) = args.auth_type else {
        if args.auth_token_env.is_some() || args.auth_key_env.is_some() {
            return Err(UsageError("--auth-token-env and --auth-key-env need --auth-type".into()).into());
        }
        return Ok(None);
    };
    Ok(Some(match kind {
        AuthType::Bearer => {
            Credential::Bearer { token_env: need(&args.auth_token_env, "--auth-token-env", "bearer")? }
        }
        AuthType::ApiKey => Credential::ApiKey {
            key_env: need(&args.auth_key_env, "--auth-key-env", "api-key")?,
            name: need(&args.auth_key_name, "--auth-key-name", "api-key")?,
            location: match args.auth_key_in.unwrap_or(KeyIn::Header) {
                KeyIn::Header => KeyLocation::Header,
                KeyIn::Query => KeyLocation::Query,
                KeyIn::Cookie => KeyLocation::Cookie,
            },
        },
        AuthType::Basic => Credential::Basic {
            user_env: need(&args.auth_username_env, "--auth-username-env", "basic")?,
            password_env: need(&args.auth_password_env, "--auth-password-env", "basic")?,
        },
        AuthType::Oauth2 => Credential::ClientCredentials {
            token_url: need(&args.oauth_token_url, "--oauth-token-url", "oauth2")?,
            client_id_env: need(&args.oauth_client_id_env, "--oauth-client-id-env", "oauth2")?,
            client_secret_env: need(&args.oauth_client_secret_env, "--oauth-client-secret-env", "oauth2")?,
            scopes: args.oauth_scope.clone(),
            cache: Arc::default(),
        },
    }))
}

/// `--list`: the JSON contract `{"tools": [...], "skipped": [...]}` plus sizes and auth hints.
#[derive(Debug, Serialize)]
struct ListReport {
    tools: Vec<ListedTool>,
    skipped: Vec<Skipped>,
    /// Size of the `tools/list` answer clients receive (in the chosen --tools mode).
    tools_list_bytes: usize,
    /// Environment variables that hold credentials, per document security scheme.
    auth: Vec<AuthHint>,
    #[serde(skip)]
    title: String,
}

#[derive(Debug, Serialize)]
struct ListedTool {
    name: String,
    method: String,
    path: String,
    description: String,
    input_schema: Value,
    /// The `outputSchema` clients get, when the 2xx response is a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    output_schema: Option<Value>,
    annotations: Annotations,
}

#[derive(Debug, Serialize)]
struct AuthHint {
    scheme: String,
    kind: String,
    env: Vec<String>,
}

impl ListReport {
    fn new(catalog: &Catalog, auth: &Auth, mode: ToolsMode) -> Self {
        let specs: Vec<_> = match mode {
            ToolsMode::Static => catalog.tools.iter().map(|t| t.spec.clone()).collect(),
            ToolsMode::Dynamic => meta_tools(),
        };
        let mut hints: Vec<AuthHint> = auth
            .schemes
            .iter()
            .map(|(scheme, c)| AuthHint {
                scheme: scheme.clone(),
                kind: c.describe(),
                env: c.env_vars().into_iter().map(str::to_owned).collect(),
            })
            .collect();
        hints.sort_by(|a, b| a.scheme.cmp(&b.scheme));
        Self {
            tools: catalog
                .tools
                .iter()
                .map(|t| ListedTool {
                    name: t.spec.name.clone(),
                    method: t.method.clone(),
                    path: t.path.clone(),
                    description: t.spec.description.clone(),
                    input_schema: Value::Object((*t.spec.input_schema).clone()),
                    output_schema: t.spec.output_schema.as_ref().map(|s| Value::Object((**s).clone())),
                    annotations: t.spec.annotations,
                })
                .collect(),
            skipped: catalog.skipped.clone(),
            tools_list_bytes: tools_list_bytes(&specs),
            auth: hints,
            title: catalog.title.clone(),
        }
    }
}

fn annotation_words(a: &Annotations) -> String {
    let mut words = Vec::new();
    if a.read_only {
        words.push("read-only");
    }
    if a.destructive {
        words.push("destructive");
    }
    if a.idempotent {
        words.push("idempotent");
    }
    if !a.open_world {
        words.push("closed-world");
    }
    words.join(", ")
}

fn parameter_list(schema: &Value) -> String {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema["properties"]
        .as_object()
        .map(|p| {
            p.keys()
                .map(|k| if required.contains(&k.as_str()) { format!("{k}*") } else { k.clone() })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

impl Report for ListReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut table = style.table(&["tool", "method", "path", "annotations", "parameters (* required)"]);
        for t in &self.tools {
            table.add_row(vec![
                text(&t.name),
                text(&t.method),
                text(&t.path),
                text(annotation_words(&t.annotations)),
                text(parameter_list(&t.input_schema)),
            ]);
        }
        let mut sections = vec![
            Section::new(format!("{}: {} tools", self.title, self.tools.len()), table)
                .note(format!("tools/list answer: {} bytes", int(self.tools_list_bytes as u64))),
        ];
        if !self.auth.is_empty() {
            let mut auth = style.table(&["scheme", "credential", "environment variables"]);
            for h in &self.auth {
                auth.add_row(vec![text(&h.scheme), text(&h.kind), text(h.env.join(", "))]);
            }
            sections.push(Section::new("Credentials (from the document's securitySchemes)", auth));
        }
        if !self.skipped.is_empty() {
            let mut skipped = style.table(&["skipped", "reason"]);
            for s in &self.skipped {
                skipped.add_row(vec![text(&s.operation), text(&s.reason)]);
            }
            sections.push(Section::new(format!("{} skipped", self.skipped.len()), skipped));
        }
        sections
    }
}
