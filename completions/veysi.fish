# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_veysi_global_optspecs
    string join \n json q/quiet color= h/help V/version
end

function __fish_veysi_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_veysi_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_veysi_using_subcommand
    set -l cmd (__fish_veysi_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c veysi -n "__fish_veysi_needs_command" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_needs_command" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_needs_command" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_needs_command" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "mcp" -d 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -f -a "openapi" -d 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and not __fish_seen_subcommand_from openapi help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l spec -d 'OpenAPI document: a file or an http(s) URL, YAML or JSON' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l config -d 'YAML file with any of these flags as kebab-case keys (e.g. `server-url: ...`)' -r -F
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l tag -d 'Operations with this tag become tools [default: mcp]' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l include-tag -d 'Also operations with these tags (comma-separated or repeated)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l exclude-tag -d 'Leave out operations with these tags' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l include-op -d 'Only operations whose operationId matches one of these globs (`*`, `?`)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l exclude-op -d 'Leave out operations whose operationId matches one of these globs' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l method -d 'Only these HTTP methods' -r -f -a "get\t''
put\t''
post\t''
delete\t''
options\t''
head\t''
patch\t''
trace\t''"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l tools -d '`static`: one tool per operation; `dynamic`: three meta-tools (search, describe, call), so a 1,000-operation API fits any client\'s context [default: static]' -r -f -a "static\t'One tool per operation'
dynamic\t'Three meta-tools: search_operations, describe_operation, call_operation'"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l server-url -d 'Base URL of the API, instead of the document\'s servers' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l timeout -d 'Timeout of each API request, body included (e.g. 30s, 500ms, 2m) [default: 30s]' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l max-response-bytes -d 'Response bytes shown to the model; longer responses are cut with a marker [default: 102400]' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l retries -d 'Retries for idempotent requests answered 429 or 503 (honouring Retry-After) [default: 0]' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l rate-limit -d 'Client-side limit on API requests per second' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-type -d 'Authentication for every request; without it, the document\'s securitySchemes apply (secrets in VEYSI_AUTH_<SCHEME>, see --list)' -r -f -a "bearer\t'`Authorization: Bearer $VAR` (--auth-token-env)'
api-key\t'An API key (--auth-key-env, --auth-key-name, --auth-key-in)'
basic\t'HTTP basic (--auth-username-env, --auth-password-env)'
oauth2\t'OAuth2 client credentials (--oauth-token-url, --oauth-client-id-env, --oauth-client-secret-env)'"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-token-env -d 'Environment variable holding the bearer token (--auth-type bearer)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-key-env -d 'Environment variable holding the API key (--auth-type api-key)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-key-name -d 'Header, query parameter or cookie name of the API key' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-key-in -d 'Where the API key goes [default: header]' -r -f -a "header\t'A request header'
query\t'A query parameter'
cookie\t'A cookie'"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-username-env -d 'Environment variable holding the user name (--auth-type basic)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l auth-password-env -d 'Environment variable holding the password (--auth-type basic)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l oauth-token-url -d 'OAuth2 token endpoint (--auth-type oauth2, client credentials)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l oauth-client-id-env -d 'Environment variable holding the OAuth2 client id' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l oauth-client-secret-env -d 'Environment variable holding the OAuth2 client secret' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l oauth-scope -d 'OAuth2 scopes to request' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l http -d 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback unless --allow-remote)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l http-token-env -d 'Environment variable holding a token HTTP clients must send as `Authorization: Bearer`' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l allow-host -d 'Host names accepted in the Host header besides localhost, 127.0.0.1 and ::1' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l allow-origin -d 'Browser origins accepted besides loopback ones (e.g. https://app.example.com)' -r
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l allow-remote-refs -d 'Follow `$ref`s to http(s) URLs (off: a document cannot make veysi fetch URLs)'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l list -d 'Print the generated tools (a table, or JSON with --json) instead of serving'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l all -d 'Every operation becomes a tool (x-mcp-hidden: true still hides)'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l read-only -d 'Only GET, HEAD and OPTIONS operations'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l no-output-schema -d 'Leave out output schemas (when the API\'s responses do not match its document)'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l sse -d 'With --http, also serve the legacy SSE transport at /sse and /messages for old clients'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l allow-remote -d 'Let --http listen on a non-loopback address (then set --http-token-env and --allow-host)'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from openapi" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from help" -f -a "openapi" -d 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
complete -c veysi -n "__fish_veysi_using_subcommand mcp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand completions" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand completions" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand completions" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand completions" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand man" -l dir -d 'Directory to write the pages into (created if missing)' -r -F
complete -c veysi -n "__fish_veysi_using_subcommand man" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand man" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand man" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand man" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro mcp completions man help" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro mcp completions man help" -f -a "mcp" -d 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro mcp completions man help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro mcp completions man help" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro mcp completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from mcp" -f -a "openapi" -d 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
