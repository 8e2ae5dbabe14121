
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'veysi' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'veysi'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'veysi' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('kube-ro', 'kube-ro', [CompletionResultType]::ParameterValue, 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;kube-ro' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;mcp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;mcp;openapi' {
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'OpenAPI document: a file or an http(s) URL, YAML or JSON')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML file with any of these flags as kebab-case keys (e.g. `server-url: ...`)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Operations with this tag become tools [default: mcp]')
            [CompletionResult]::new('--include-tag', '--include-tag', [CompletionResultType]::ParameterName, 'Also operations with these tags (comma-separated or repeated)')
            [CompletionResult]::new('--exclude-tag', '--exclude-tag', [CompletionResultType]::ParameterName, 'Leave out operations with these tags')
            [CompletionResult]::new('--include-op', '--include-op', [CompletionResultType]::ParameterName, 'Only operations whose operationId matches one of these globs (`*`, `?`)')
            [CompletionResult]::new('--exclude-op', '--exclude-op', [CompletionResultType]::ParameterName, 'Leave out operations whose operationId matches one of these globs')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Only these HTTP methods')
            [CompletionResult]::new('--tools', '--tools', [CompletionResultType]::ParameterName, '`static`: one tool per operation; `dynamic`: three meta-tools (search, describe, call), so a 1,000-operation API fits any client''s context [default: static]')
            [CompletionResult]::new('--server-url', '--server-url', [CompletionResultType]::ParameterName, 'Base URL of the API, instead of the document''s servers')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout of each API request, body included (e.g. 30s, 500ms, 2m) [default: 30s]')
            [CompletionResult]::new('--max-response-bytes', '--max-response-bytes', [CompletionResultType]::ParameterName, 'Response bytes shown to the model; longer responses are cut with a marker [default: 102400]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries for idempotent requests answered 429 or 503 (honouring Retry-After) [default: 0]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Client-side limit on API requests per second')
            [CompletionResult]::new('--auth-type', '--auth-type', [CompletionResultType]::ParameterName, 'Authentication for every request; without it, the document''s securitySchemes apply (secrets in VEYSI_AUTH_<SCHEME>, see --list)')
            [CompletionResult]::new('--auth-token-env', '--auth-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding the bearer token (--auth-type bearer)')
            [CompletionResult]::new('--auth-key-env', '--auth-key-env', [CompletionResultType]::ParameterName, 'Environment variable holding the API key (--auth-type api-key)')
            [CompletionResult]::new('--auth-key-name', '--auth-key-name', [CompletionResultType]::ParameterName, 'Header, query parameter or cookie name of the API key')
            [CompletionResult]::new('--auth-key-in', '--auth-key-in', [CompletionResultType]::ParameterName, 'Where the API key goes [default: header]')
            [CompletionResult]::new('--auth-username-env', '--auth-username-env', [CompletionResultType]::ParameterName, 'Environment variable holding the user name (--auth-type basic)')
            [CompletionResult]::new('--auth-password-env', '--auth-password-env', [CompletionResultType]::ParameterName, 'Environment variable holding the password (--auth-type basic)')
            [CompletionResult]::new('--oauth-token-url', '--oauth-token-url', [CompletionResultType]::ParameterName, 'OAuth2 token endpoint (--auth-type oauth2, client credentials)')
            [CompletionResult]::new('--oauth-client-id-env', '--oauth-client-id-env', [CompletionResultType]::ParameterName, 'Environment variable holding the OAuth2 client id')
            [CompletionResult]::new('--oauth-client-secret-env', '--oauth-client-secret-env', [CompletionResultType]::ParameterName, 'Environment variable holding the OAuth2 client secret')
            [CompletionResult]::new('--oauth-scope', '--oauth-scope', [CompletionResultType]::ParameterName, 'OAuth2 scopes to request')
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback unless --allow-remote)')
            [CompletionResult]::new('--http-token-env', '--http-token-env', [CompletionResultType]::ParameterName, 'Environment variable holding a token HTTP clients must send as `Authorization: Bearer`')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host names accepted in the Host header besides localhost, 127.0.0.1 and ::1')
            [CompletionResult]::new('--allow-origin', '--allow-origin', [CompletionResultType]::ParameterName, 'Browser origins accepted besides loopback ones (e.g. https://app.example.com)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--allow-remote-refs', '--allow-remote-refs', [CompletionResultType]::ParameterName, 'Follow `$ref`s to http(s) URLs (off: a document cannot make veysi fetch URLs)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print the generated tools (a table, or JSON with --json) instead of serving')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every operation becomes a tool (x-mcp-hidden: true still hides)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Only GET, HEAD and OPTIONS operations')
            [CompletionResult]::new('--no-output-schema', '--no-output-schema', [CompletionResultType]::ParameterName, 'Leave out output schemas (when the API''s responses do not match its document)')
            [CompletionResult]::new('--sse', '--sse', [CompletionResultType]::ParameterName, 'With --http, also serve the legacy SSE transport at /sse and /messages for old clients')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Let --http listen on a non-loopback address (then set --http-token-env and --allow-host)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;mcp;help' {
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;mcp;help;openapi' {
            break
        }
        'veysi;mcp;help;help' {
            break
        }
        'veysi;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Directory to write the pages into (created if missing)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;help' {
            [CompletionResult]::new('kube-ro', 'kube-ro', [CompletionResultType]::ParameterValue, 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;help;kube-ro' {
            break
        }
        'veysi;help;mcp' {
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API')
            break
        }
        'veysi;help;mcp;openapi' {
            break
        }
        'veysi;help;completions' {
            break
        }
        'veysi;help;man' {
            break
        }
        'veysi;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
