
use builtin;
use str;

set edit:completion:arg-completer[veysi] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'veysi'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'veysi'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand kube-ro 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
            cand mcp 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;kube-ro'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;mcp'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand openapi 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;mcp;openapi'= {
            cand --spec 'OpenAPI document: a file or an http(s) URL, YAML or JSON'
            cand --config 'YAML file with any of these flags as kebab-case keys (e.g. `server-url: ...`)'
            cand --tag 'Operations with this tag become tools [default: mcp]'
            cand --include-tag 'Also operations with these tags (comma-separated or repeated)'
            cand --exclude-tag 'Leave out operations with these tags'
            cand --include-op 'Only operations whose operationId matches one of these globs (`*`, `?`)'
            cand --exclude-op 'Leave out operations whose operationId matches one of these globs'
            cand --method 'Only these HTTP methods'
            cand --tools '`static`: one tool per operation; `dynamic`: three meta-tools (search, describe, call), so a 1,000-operation API fits any client''s context [default: static]'
            cand --server-url 'Base URL of the API, instead of the document''s servers'
            cand --timeout 'Timeout of each API request, body included (e.g. 30s, 500ms, 2m) [default: 30s]'
            cand --max-response-bytes 'Response bytes shown to the model; longer responses are cut with a marker [default: 102400]'
            cand --retries 'Retries for idempotent requests answered 429 or 503 (honouring Retry-After) [default: 0]'
            cand --rate-limit 'Client-side limit on API requests per second'
            cand --auth-type 'Authentication for every request; without it, the document''s securitySchemes apply (secrets in VEYSI_AUTH_<SCHEME>, see --list)'
            cand --auth-token-env 'Environment variable holding the bearer token (--auth-type bearer)'
            cand --auth-key-env 'Environment variable holding the API key (--auth-type api-key)'
            cand --auth-key-name 'Header, query parameter or cookie name of the API key'
            cand --auth-key-in 'Where the API key goes [default: header]'
            cand --auth-username-env 'Environment variable holding the user name (--auth-type basic)'
            cand --auth-password-env 'Environment variable holding the password (--auth-type basic)'
            cand --oauth-token-url 'OAuth2 token endpoint (--auth-type oauth2, client credentials)'
            cand --oauth-client-id-env 'Environment variable holding the OAuth2 client id'
            cand --oauth-client-secret-env 'Environment variable holding the OAuth2 client secret'
            cand --oauth-scope 'OAuth2 scopes to request'
            cand --http 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback unless --allow-remote)'
            cand --http-token-env 'Environment variable holding a token HTTP clients must send as `Authorization: Bearer`'
            cand --allow-host 'Host names accepted in the Host header besides localhost, 127.0.0.1 and ::1'
            cand --allow-origin 'Browser origins accepted besides loopback ones (e.g. https://app.example.com)'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --allow-remote-refs 'Follow `$ref`s to http(s) URLs (off: a document cannot make veysi fetch URLs)'
            cand --list 'Print the generated tools (a table, or JSON with --json) instead of serving'
            cand --all 'Every operation becomes a tool (x-mcp-hidden: true still hides)'
            cand --read-only 'Only GET, HEAD and OPTIONS operations'
            cand --no-output-schema 'Leave out output schemas (when the API''s responses do not match its document)'
            cand --sse 'With --http, also serve the legacy SSE transport at /sse and /messages for old clients'
            cand --allow-remote 'Let --http listen on a non-loopback address (then set --http-token-env and --allow-host)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;mcp;help'= {
            cand openapi 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;mcp;help;openapi'= {
        }
        &'veysi;mcp;help;help'= {
        }
        &'veysi;completions'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;man'= {
            cand --dir 'Directory to write the pages into (created if missing)'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;help'= {
            cand kube-ro 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
            cand mcp 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;help;kube-ro'= {
        }
        &'veysi;help;mcp'= {
            cand openapi 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
        }
        &'veysi;help;mcp;openapi'= {
        }
        &'veysi;help;completions'= {
        }
        &'veysi;help;man'= {
        }
        &'veysi;help;help'= {
        }
    ]
    $completions[$command]
}
