
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
            cand ring 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more'
            cand kube-ro 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
            cand pool 'An async connection pool and its benchmark against deadpool and bb8'
            cand http 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
            cand mcp 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;ring'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand simulate 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
            cand chaos 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;ring;simulate'= {
            cand --scenario 'What to measure (`headline` = remap + balance; `all` = every scenario)'
            cand --keys 'Keys, generated on the fly (never stored, so 100000000 runs in bounded memory)'
            cand --nodes 'Nodes (named node-1 .. node-N) [default: 5; 10 for mass-failure]'
            cand --add 'Nodes added in the remap scenario (N → N+ADD)'
            cand --remove 'Nodes removed in the remap scenario, from the end of the list (N → N−REMOVE)'
            cand --vnode-sweep 'Virtual-node counts the balance scenario sweeps for the ring (comma-separated)'
            cand --hash 'Hash function for keys and node names'
            cand --vnodes 'Virtual nodes per node for ring and bounded-load'
            cand --epsilon 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉'
            cand --probes 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)'
            cand --maglev-table 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]'
            cand --algorithms 'Algorithms to compare (comma-separated)'
            cand --zipf 'Zipf exponent of key popularity in the hot-keys scenario (0 = uniform)'
            cand --requests 'Requests in the hot-keys scenario'
            cand --lookups 'Lookups in the concurrent scenario, all reader threads together'
            cand --cycles 'Add/remove cycles in the churn scenario'
            cand --seed 'Seed of the keys and of every random choice'
            cand --threads 'Worker threads [default: all cores]'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;ring;chaos'= {
            cand --spawn 'Start N redis-server processes on free 127.0.0.1 ports (temporary directories, no persistence), named redis-1 .. redis-N; they are stopped at the end, also on error and Ctrl-C'
            cand --redis 'Use running Redis servers instead (comma-separated), named redis-1 .. redis-N in this order. The killed one gets SHUTDOWN NOSAVE. veysi writes only its own keys (expiring after an hour) and deletes them at the end'
            cand --redis-server 'The redis-server program --spawn starts'
            cand --keys 'Keys per algorithm'
            cand --algorithms 'Algorithms to compare (comma-separated); each is a client with its own key prefix'
            cand --kill 'The node to kill: redis-1 .. redis-N, or a --redis address [default: chosen by --seed]'
            cand --seed 'Seed of the choice of nodes to kill'
            cand --prefix 'Key prefix: keys are PREFIX:ALGORITHM:I'
            cand --timeout 'Bound on every connect, ping and pipelined exchange (e.g. 500ms, 2s)'
            cand --connections 'Connections per server'
            cand --pipeline 'Commands per pipelined exchange'
            cand --hash 'Hash function for keys and node names'
            cand --vnodes 'Virtual nodes per node for ring and bounded-load'
            cand --epsilon 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉'
            cand --probes 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)'
            cand --maglev-table 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --flush 'Empty every --redis server (FLUSHDB) before loading'
            cand --mass 'After the first kill, kill more nodes at once until half of them are down (needs 4+)'
            cand --restore 'Finally restart the dead servers (empty) and show the warm-up (needs --spawn)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;ring;help'= {
            cand simulate 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
            cand chaos 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;ring;help;simulate'= {
        }
        &'veysi;ring;help;chaos'= {
        }
        &'veysi;ring;help;help'= {
        }
        &'veysi;kube-ro'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --check 'Run the policy only: print `ALLOWED: kubectl ...` (exit 0) or the BLOCKED line (exit 3). With --json, print the decision object {allowed, rule, reason, command}'
            cand --audit-required 'Refuse to run kubectl when the audit log cannot be written (default: warn and go on)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand serve 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;kube-ro;serve'= {
            cand --http 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback only unless --allow-remote; Host and Origin are checked)'
            cand --timeout 'Seconds a call may run before kubectl is stopped (also kubectl''s --request-timeout)'
            cand --max-output-bytes 'Most bytes of output a call returns; the rest is cut with an explicit marker'
            cand --max-concurrent 'Most kubectl processes running at once; further calls wait (within --timeout)'
            cand --allowed-context 'Only these kubeconfig contexts may be named in calls (repeatable; default: any)'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --allow-remote 'Allow --http on an address other machines can reach (needs VEYSI_KUBE_RO_MCP_TOKEN)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'veysi;kube-ro;install-plugin'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --force 'Replace an existing `kubectl-ro` symlink that points elsewhere'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'veysi;kube-ro;help'= {
            cand serve 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;kube-ro;help;serve'= {
        }
        &'veysi;kube-ro;help;install-plugin'= {
        }
        &'veysi;kube-ro;help;help'= {
        }
        &'veysi;pool'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bench 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;pool;bench'= {
            cand --target 'A real server to benchmark (host:port) instead of the built-in echo server. The roundtrip scenario expects it to echo, or to be Redis with --ping redis'
            cand --ping 'The health check of the ping scenario: a non-blocking read probe, or Redis PING/+PONG (which also becomes the round trip)'
            cand --scenario 'Scenarios to run (repeat or separate with commas); default: all but chaos'
            cand --duration 'How long each scenario runs per pool (e.g. 500ms, 2s). Default: 1s; chaos: 3s'
            cand --ops 'Run this many operations per scenario and pool instead of a duration'
            cand --workers 'Workers for the multi-worker scenarios (default: cores × 4; contended: 8)'
            cand --seed 'Seed of the chaos scenario''s random drops and restarts'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --compare 'Run the same scenarios with deadpool and bb8 managing the same TCP connections, and show each one''s ns/op and veysi''s speed-up'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;pool;help'= {
            cand bench 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;pool;help;bench'= {
        }
        &'veysi;pool;help;help'= {
        }
        &'veysi;http'= {
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bench 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
            cand serve 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;http;bench'= {
            cand -c 'Keep-alive connections, all open at once'
            cand --connections 'Keep-alive connections, all open at once'
            cand -t 'Generator threads (each runs its share of the connections); default: all cores'
            cand --threads 'Generator threads (each runs its share of the connections); default: all cores'
            cand -d 'How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the comparison]'
            cand --duration 'How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the comparison]'
            cand -n 'Send exactly this many requests instead of running for a duration'
            cand --requests 'Send exactly this many requests instead of running for a duration'
            cand --warmup 'Send load for this long first without counting it [default: 0 with a URL, 500ms per run in the comparison]'
            cand --rate 'Open model: requests per second across all connections, latency measured from each request''s intended send time (coordinated-omission correction)'
            cand -m 'HTTP method'
            cand --method 'HTTP method'
            cand -H 'Extra request header, ''Name: value'' (repeatable)'
            cand --header 'Extra request header, ''Name: value'' (repeatable)'
            cand --body 'Request body'
            cand --body-file 'Read the request body from a file'
            cand --timeout 'Limit for each complete response; a request still unanswered is a timeout error'
            cand --connect-timeout 'Limit for opening a connection; a connection that cannot reconnect for this long gives up'
            cand --engine 'Client implementation: native (preformatted requests, zero-allocation response scanner) or hyper (hyper''s connection-level client)'
            cand --stacks 'Comparison only: the stacks to compare, comma-separated'
            cand --server-threads 'Comparison only: server threads; the load uses the other cores unless --threads says otherwise [default: half the cores]'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;http;serve'= {
            cand --stack 'The server stack'
            cand --listen 'Address to listen on (port 0 picks a free port)'
            cand -t 'Server threads [default: all cores]'
            cand --threads 'Server threads [default: all cores]'
            cand -d 'Stop after this long instead of running until interrupted'
            cand --duration 'Stop after this long instead of running until interrupted'
            cand --color 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)'
            cand --json 'Print one machine-readable JSON object on stdout instead of tables'
            cand -q 'Print results only: no progress bars or informational messages on stderr'
            cand --quiet 'Print results only: no progress bars or informational messages on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'veysi;http;help'= {
            cand bench 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
            cand serve 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;http;help;bench'= {
        }
        &'veysi;http;help;serve'= {
        }
        &'veysi;http;help;help'= {
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
            cand ring 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more'
            cand kube-ro 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
            cand pool 'An async connection pool and its benchmark against deadpool and bb8'
            cand http 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
            cand mcp 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;help;ring'= {
            cand simulate 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
            cand chaos 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
        }
        &'veysi;help;ring;simulate'= {
        }
        &'veysi;help;ring;chaos'= {
        }
        &'veysi;help;kube-ro'= {
            cand serve 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
        }
        &'veysi;help;kube-ro;serve'= {
        }
        &'veysi;help;kube-ro;install-plugin'= {
        }
        &'veysi;help;pool'= {
            cand bench 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
        }
        &'veysi;help;pool;bench'= {
        }
        &'veysi;help;http'= {
            cand bench 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
            cand serve 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
        }
        &'veysi;help;http;bench'= {
        }
        &'veysi;help;http;serve'= {
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
