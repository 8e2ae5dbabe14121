//! Credentials: from flags (the article's `--auth-type`, applied to every call) or from the
//! document's `securitySchemes` (applied per operation's `security`). Secrets come only from
//! environment variables, are read at call time, and never appear in messages.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use tokio::sync::Mutex;

use super::request::{HttpRequest, encode_component};
use super::tools::OperationTool;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One way to authenticate, naming the environment variables that hold its secrets.
#[derive(Debug, Clone)]
pub enum Credential {
    /// `Authorization: Bearer $env`.
    Bearer {
        /// Variable holding the token.
        token_env: String,
    },
    /// An API key.
    ApiKey {
        /// Variable holding the key.
        key_env: String,
        /// Header, query or cookie name.
        name: String,
        /// Where it goes.
        location: KeyLocation,
    },
    /// HTTP basic.
    Basic {
        /// Variable holding the user name.
        user_env: String,
        /// Variable holding the password.
        password_env: String,
    },
    /// OAuth2 client credentials: a token fetched from `token_url`, cached and refreshed.
    ClientCredentials {
        /// The token endpoint.
        token_url: String,
        /// Variable holding the client id.
        client_id_env: String,
        /// Variable holding the client secret.
        client_secret_env: String,
        /// Scopes to ask for.
        scopes: Vec<String>,
        /// The cached token and when it expires.
        cache: Arc<Mutex<Option<(String, Instant)>>>,
    },
}

impl Credential {
    /// The environment variables this credential needs.
    pub fn env_vars(&self) -> Vec<&str> {
        match self {
            Credential::Bearer { token_env } => vec![token_env],
            Credential::ApiKey { key_env, .. } => vec![key_env],
            Credential::Basic { user_env, password_env } => vec![user_env, password_env],
            Credential::ClientCredentials { client_id_env, client_secret_env, .. } => {
                vec![client_id_env, client_secret_env]
            }
        }
    }

    /// What it is, in words, for messages and `--list`.
    pub fn describe(&self) -> String {
        match self {
            Credential::Bearer { .. } => "bearer token".to_owned(),
            Credential::ApiKey { name, location, .. } => {
                let place = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query",
                    KeyLocation::Cookie => "cookie",
                };
                format!("API key `{name}` in the {place}")
            }
            Credential::Basic { .. } => "HTTP basic user name and password".to_owned(),
            Credential::ClientCredentials { .. } => {
                "OAuth2 client id and secret (client credentials)".to_owned()
            }
        }
    }

    fn missing(&self) -> Option<&str> {
        self.env_vars().into_iter().find(|v| env(v).is_none())
    }

    async fn apply(&self, request: &mut HttpRequest, client: &reqwest::Client) -> Result<(), String> {
        let need = |var: &str| env(var).ok_or_else(|| missing_message(var, self));
        match self {
            Credential::Bearer { token_env } => {
                request.headers.push(("Authorization".into(), format!("Bearer {}", need(token_env)?)))
            }
            Credential::ApiKey { key_env, name, location } => {
                let key = need(key_env)?;
                match location {
                    KeyLocation::Header => request.headers.push((name.clone(), key)),
                    KeyLocation::Query => {
                        request.query.push(format!("{}={}", encode_component(name), encode_component(&key)))
                    }
                    KeyLocation::Cookie => request.cookies.push(format!("{name}={}", encode_component(&key))),
                }
            }
            Credential::Basic { user_env, password_env } => {
                let pair = format!("{}:{}", need(user_env)?, need(password_env)?);
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                request.headers.push(("Authorization".into(), format!("Basic {encoded}")));
            }
            Credential::ClientCredentials { token_url, client_id_env, client_secret_env, scopes, cache } => {
                let mut cached = cache.lock().await;
                let fresh = cached
                    .as_ref()
                    .filter(|(_, expires)| Instant::now() + Duration::from_secs(30) < *expires);
                let token = match fresh {
                    Some((token, _)) => token.clone(),
                    None => {
                        let (id, secret) = (need(client_id_env)?, need(client_secret_env)?);
                        let (token, lifetime) = fetch_token(client, token_url, &id, &secret, scopes).await?;
                        *cached = Some((token.clone(), Instant::now() + lifetime));
                        token
                    }
                };
                request.headers.push(("Authorization".into(), format!("Bearer {token}")));
            }
        }
        Ok(())
    }
}

fn env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

fn missing_message(var: &str, credential: &Credential) -> String {
    format!(
        "Missing credential: set the environment variable {var} ({}) before starting the server",
        credential.describe()
    )
}

async fn fetch_token(
    client: &reqwest::Client,
    token_url: &str,
    id: &str,
    secret: &str,
    scopes: &[String],
) -> Result<(String, Duration), String> {
    let mut form = vec![("grant_type", "client_credentials".to_owned())];
    if !scopes.is_empty() {
        form.push(("scope", scopes.join(" ")));
    }
    let body: String =
        form.iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect::<Vec<_>>().join("&");
    let response = client
        .post(token_url)
        .basic_auth(id, Some(secret))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("OAuth2 token request failed: {}", super::http_client::describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("OAuth2 token request was refused: HTTP {status}"));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("OAuth2 token response: {}", super::http_client::describe(&e)))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| "OAuth2 token response is not JSON".to_owned())?;
    let token = json
        .get("access_token")
        .and_then(|t| t.as_str())
        .ok_or("OAuth2 token response has no access_token")?;
    let lifetime = json.get("expires_in").and_then(serde_json::Value::as_u64).unwrap_or(3600);
    Ok((token.to_owned(), Duration::from_secs(lifetime)))
}

/// All credentials a server knows: the flags' one, and one per document security scheme.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// From `--auth-type`: applied to every call.
    pub global: Option<Credential>,
    /// Document scheme name → credential, used per the operation's `security`.
    pub schemes: HashMap<String, Credential>,
}

/// The environment variable prefix for a document security scheme: `VEYSI_AUTH_<SCHEME>`.
pub fn scheme_env(scheme: &str) -> String {
    let upper: String = scheme
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    format!("VEYSI_AUTH_{upper}")
}

impl Auth {
    /// Credentials for the document's schemes (secrets in `VEYSI_AUTH_<SCHEME>[_…]`) plus the
    /// flags' credential.
    pub fn new(schemes: &IndexMap<String, ReferenceOr<SecurityScheme>>, global: Option<Credential>) -> Self {
        let schemes = schemes
            .iter()
            .filter_map(|(name, scheme)| match scheme {
                ReferenceOr::Item(s) => Some((name.clone(), from_scheme(name, s))),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        Self { global, schemes }
    }

    /// Adds the credentials `tool` needs to `request`, or says which variable to set.
    pub async fn apply(
        &self,
        tool: &OperationTool,
        request: &mut HttpRequest,
        client: &reqwest::Client,
    ) -> Result<(), String> {
        if let Some(global) = &self.global {
            return global.apply(request, client).await;
        }
        if tool.security.is_empty() || tool.security.iter().any(IndexMap::is_empty) {
            // No requirement, or an anonymous alternative: send credentials when configured.
            if let Some(alternative) = tool.security.iter().find(|a| self.satisfied(a) && !a.is_empty()) {
                return self.apply_alternative(alternative, request, client).await;
            }
            return Ok(());
        }
        match tool.security.iter().find(|a| self.satisfied(a)) {
            Some(alternative) => self.apply_alternative(alternative, request, client).await,
            None => Err(self.missing(&tool.security)),
        }
    }

    /// Drops the cached OAuth2 tokens `tool` uses, so the next call fetches new ones; whether
    /// there was one.
    pub async fn forget_tokens(&self, tool: &OperationTool) -> bool {
        let mut credentials: Vec<&Credential> = self.global.iter().collect();
        if self.global.is_none() {
            credentials
                .extend(tool.security.iter().flat_map(IndexMap::keys).filter_map(|s| self.schemes.get(s)));
        }
        let mut forgot = false;
        for credential in credentials {
            if let Credential::ClientCredentials { cache, .. } = credential {
                forgot |= cache.lock().await.take().is_some();
            }
        }
        forgot
    }

    fn satisfied(&self, alternative: &IndexMap<String, Vec<String>>) -> bool {
        alternative.keys().all(|s| self.schemes.get(s).is_some_and(|c| c.missing().is_none()))
    }

    async fn apply_alternative(
        &self,
        alternative: &IndexMap<String, Vec<String>>,
        request: &mut HttpRequest,
        client: &reqwest::Client,
    ) -> Result<(), String> {
        for (scheme, scopes) in alternative {
            let Some(credential) = self.schemes.get(scheme) else { continue };
            let credential = match credential {
                Credential::ClientCredentials {
                    token_url,
                    client_id_env,
                    client_secret_env,
                    scopes: none,
                    cache,
                } if none.is_empty() && !scopes.is_empty() => &Credential::ClientCredentials {
                    token_url: token_url.clone(),
                    client_id_env: client_id_env.clone(),
                    client_secret_env: client_secret_env.clone(),
                    scopes: scopes.clone(),
                    cache: Arc::clone(cache),
                },
                other => other,
            };
            credential.apply(request, client).await?;
        }
        Ok(())
    }

    fn missing(&self, alternatives: &[IndexMap<String, Vec<String>>]) -> String {
        let mut needs = Vec::new();
        for scheme in alternatives.iter().flat_map(IndexMap::keys) {
            match self.schemes.get(scheme) {
                Some(c) => {
                    let vars = c.missing().map(str::to_owned).unwrap_or_default();
                    needs.push(format!("{vars} ({} for scheme `{scheme}`)", c.describe()));
                }
                None => {
                    needs.push(format!("(scheme `{scheme}` is not defined in the document; use --auth-type)"))
                }
            }
        }
        needs.dedup();
        format!("Missing credential: this operation needs one of: set {}", needs.join(", or set "))
    }
}

fn from_scheme(name: &str, scheme: &SecurityScheme) -> Credential {
    let prefix = scheme_env(name);
    match scheme {
        SecurityScheme::APIKey { location, name: key_name, .. } => Credential::ApiKey {
            key_env: prefix,
            name: key_name.clone(),
            location: match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            },
        },
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Credential::Basic {
            user_env: format!("{prefix}_USERNAME"),
            password_env: format!("{prefix}_PASSWORD"),
        },
        SecurityScheme::OAuth2 { flows, .. } if flows.client_credentials.is_some() => {
            let flow = flows.client_credentials.as_ref().map(|f| f.token_url.clone()).unwrap_or_default();
            Credential::ClientCredentials {
                token_url: flow,
                client_id_env: format!("{prefix}_CLIENT_ID"),
                client_secret_env: format!("{prefix}_CLIENT_SECRET"),
                scopes: Vec::new(),
                cache: Arc::default(),
            }
        }
        // bearer, other OAuth2 flows and OpenID Connect: an access token the user provides.
        _ => Credential::Bearer { token_env: prefix },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_env_names_are_shell_friendly() {
        assert_eq!(scheme_env("petstore_auth"), "VEYSI_AUTH_PETSTORE_AUTH");
        assert_eq!(scheme_env("api-key.v2"), "VEYSI_AUTH_API_KEY_V2");
    }

    #[test]
    fn schemes_map_to_credentials() {
        let schemes: IndexMap<String, ReferenceOr<SecurityScheme>> = serde_json::from_value(serde_json::json!({
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "basic": {"type": "http", "scheme": "basic"},
            "cc": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "http://127.0.0.1:1/token", "scopes": {}}}},
            "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "http://x", "scopes": {}}}}
        }))
        .unwrap();
        let auth = Auth::new(&schemes, None);
        assert!(
            matches!(&auth.schemes["key"], Credential::ApiKey { key_env, .. } if key_env == "VEYSI_AUTH_KEY")
        );
        assert_eq!(
            auth.schemes["basic"].env_vars(),
            ["VEYSI_AUTH_BASIC_USERNAME", "VEYSI_AUTH_BASIC_PASSWORD"]
        );
        assert_eq!(auth.schemes["cc"].env_vars(), ["VEYSI_AUTH_CC_CLIENT_ID", "VEYSI_AUTH_CC_CLIENT_SECRET"]);
        assert!(matches!(&auth.schemes["implicit"], Credential::Bearer { .. }));
    }
}
