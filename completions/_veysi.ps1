
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
            [CompletionResult]::new('ring', 'ring', [CompletionResultType]::ParameterValue, 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more')
            [CompletionResult]::new('kube-ro', 'kube-ro', [CompletionResultType]::ParameterValue, 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything')
            [CompletionResult]::new('pool', 'pool', [CompletionResultType]::ParameterValue, 'An async connection pool and its benchmark against deadpool and bb8')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;ring' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys')
            [CompletionResult]::new('chaos', 'chaos', [CompletionResultType]::ParameterValue, 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;ring;simulate' {
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'What to measure (`headline` = remap + balance; `all` = every scenario)')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Keys, generated on the fly (never stored, so 100000000 runs in bounded memory)')
            [CompletionResult]::new('--nodes', '--nodes', [CompletionResultType]::ParameterName, 'Nodes (named node-1 .. node-N) [default: 5; 10 for mass-failure]')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Nodes added in the remap scenario (N → N+ADD)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Nodes removed in the remap scenario, from the end of the list (N → N−REMOVE)')
            [CompletionResult]::new('--vnode-sweep', '--vnode-sweep', [CompletionResultType]::ParameterName, 'Virtual-node counts the balance scenario sweeps for the ring (comma-separated)')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Hash function for keys and node names')
            [CompletionResult]::new('--vnodes', '--vnodes', [CompletionResultType]::ParameterName, 'Virtual nodes per node for ring and bounded-load')
            [CompletionResult]::new('--epsilon', '--epsilon', [CompletionResultType]::ParameterName, 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉')
            [CompletionResult]::new('--probes', '--probes', [CompletionResultType]::ParameterName, 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)')
            [CompletionResult]::new('--maglev-table', '--maglev-table', [CompletionResultType]::ParameterName, 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]')
            [CompletionResult]::new('--algorithms', '--algorithms', [CompletionResultType]::ParameterName, 'Algorithms to compare (comma-separated)')
            [CompletionResult]::new('--zipf', '--zipf', [CompletionResultType]::ParameterName, 'Zipf exponent of key popularity in the hot-keys scenario (0 = uniform)')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Requests in the hot-keys scenario')
            [CompletionResult]::new('--lookups', '--lookups', [CompletionResultType]::ParameterName, 'Lookups in the concurrent scenario, all reader threads together')
            [CompletionResult]::new('--cycles', '--cycles', [CompletionResultType]::ParameterName, 'Add/remove cycles in the churn scenario')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the keys and of every random choice')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]')
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
        'veysi;ring;chaos' {
            [CompletionResult]::new('--spawn', '--spawn', [CompletionResultType]::ParameterName, 'Start N redis-server processes on free 127.0.0.1 ports (temporary directories, no persistence), named redis-1 .. redis-N; they are stopped at the end, also on error and Ctrl-C')
            [CompletionResult]::new('--redis', '--redis', [CompletionResultType]::ParameterName, 'Use running Redis servers instead (comma-separated), named redis-1 .. redis-N in this order. The killed one gets SHUTDOWN NOSAVE. veysi writes only its own keys (expiring after an hour) and deletes them at the end')
            [CompletionResult]::new('--redis-server', '--redis-server', [CompletionResultType]::ParameterName, 'The redis-server program --spawn starts')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Keys per algorithm')
            [CompletionResult]::new('--algorithms', '--algorithms', [CompletionResultType]::ParameterName, 'Algorithms to compare (comma-separated); each is a client with its own key prefix')
            [CompletionResult]::new('--kill', '--kill', [CompletionResultType]::ParameterName, 'The node to kill: redis-1 .. redis-N, or a --redis address [default: chosen by --seed]')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the choice of nodes to kill')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Key prefix: keys are PREFIX:ALGORITHM:I')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound on every connect, ping and pipelined exchange (e.g. 500ms, 2s)')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Connections per server')
            [CompletionResult]::new('--pipeline', '--pipeline', [CompletionResultType]::ParameterName, 'Commands per pipelined exchange')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Hash function for keys and node names')
            [CompletionResult]::new('--vnodes', '--vnodes', [CompletionResultType]::ParameterName, 'Virtual nodes per node for ring and bounded-load')
            [CompletionResult]::new('--epsilon', '--epsilon', [CompletionResultType]::ParameterName, 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉')
            [CompletionResult]::new('--probes', '--probes', [CompletionResultType]::ParameterName, 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)')
            [CompletionResult]::new('--maglev-table', '--maglev-table', [CompletionResultType]::ParameterName, 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--flush', '--flush', [CompletionResultType]::ParameterName, 'Empty every --redis server (FLUSHDB) before loading')
            [CompletionResult]::new('--mass', '--mass', [CompletionResultType]::ParameterName, 'After the first kill, kill more nodes at once until half of them are down (needs 4+)')
            [CompletionResult]::new('--restore', '--restore', [CompletionResultType]::ParameterName, 'Finally restart the dead servers (empty) and show the warm-up (needs --spawn)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;ring;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys')
            [CompletionResult]::new('chaos', 'chaos', [CompletionResultType]::ParameterValue, 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;ring;help;simulate' {
            break
        }
        'veysi;ring;help;chaos' {
            break
        }
        'veysi;ring;help;help' {
            break
        }
        'veysi;kube-ro' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Run the policy only: print `ALLOWED: kubectl ...` (exit 0) or the BLOCKED line (exit 3). With --json, print the decision object {allowed, rule, reason, command}')
            [CompletionResult]::new('--audit-required', '--audit-required', [CompletionResultType]::ParameterName, 'Refuse to run kubectl when the audit log cannot be written (default: warn and go on)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http')
            [CompletionResult]::new('install-plugin', 'install-plugin', [CompletionResultType]::ParameterValue, 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;kube-ro;serve' {
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback only unless --allow-remote; Host and Origin are checked)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a call may run before kubectl is stopped (also kubectl''s --request-timeout)')
            [CompletionResult]::new('--max-output-bytes', '--max-output-bytes', [CompletionResultType]::ParameterName, 'Most bytes of output a call returns; the rest is cut with an explicit marker')
            [CompletionResult]::new('--max-concurrent', '--max-concurrent', [CompletionResultType]::ParameterName, 'Most kubectl processes running at once; further calls wait (within --timeout)')
            [CompletionResult]::new('--allowed-context', '--allowed-context', [CompletionResultType]::ParameterName, 'Only these kubeconfig contexts may be named in calls (repeatable; default: any)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Allow --http on an address other machines can reach (needs VEYSI_KUBE_RO_MCP_TOKEN)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'veysi;kube-ro;install-plugin' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing `kubectl-ro` symlink that points elsewhere')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'veysi;kube-ro;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http')
            [CompletionResult]::new('install-plugin', 'install-plugin', [CompletionResultType]::ParameterValue, 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;kube-ro;help;serve' {
            break
        }
        'veysi;kube-ro;help;install-plugin' {
            break
        }
        'veysi;kube-ro;help;help' {
            break
        }
        'veysi;pool' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;pool;bench' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A real server to benchmark (host:port) instead of the built-in echo server. The roundtrip scenario expects it to echo, or to be Redis with --ping redis')
            [CompletionResult]::new('--ping', '--ping', [CompletionResultType]::ParameterName, 'The health check of the ping scenario: a non-blocking read probe, or Redis PING/+PONG (which also becomes the round trip)')
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'Scenarios to run (repeat or separate with commas); default: all but chaos')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long each scenario runs per pool (e.g. 500ms, 2s). Default: 1s; chaos: 3s')
            [CompletionResult]::new('--ops', '--ops', [CompletionResultType]::ParameterName, 'Run this many operations per scenario and pool instead of a duration')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Workers for the multi-worker scenarios (default: cores × 4; contended: 8)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the chaos scenario''s random drops and restarts')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Run the same scenarios with deadpool and bb8 managing the same TCP connections, and show each one''s ns/op and veysi''s speed-up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'veysi;pool;help' {
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;pool;help;bench' {
            break
        }
        'veysi;pool;help;help' {
            break
        }
        'veysi;http' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one machine-readable JSON object on stdout instead of tables')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print results only: no progress bars or informational messages on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;http;bench' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Keep-alive connections, all open at once')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Keep-alive connections, all open at once')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Generator threads (each runs its share of the connections); default: all cores')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Generator threads (each runs its share of the connections); default: all cores')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the comparison]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the comparison]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send exactly this many requests instead of running for a duration')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Send exactly this many requests instead of running for a duration')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Send load for this long first without counting it [default: 0 with a URL, 500ms per run in the comparison]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Open model: requests per second across all connections, latency measured from each request''s intended send time (coordinated-omission correction)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Request body')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the request body from a file')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Limit for each complete response; a request still unanswered is a timeout error')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Limit for opening a connection; a connection that cannot reconnect for this long gives up')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Client implementation: native (preformatted requests, zero-allocation response scanner) or hyper (hyper''s connection-level client)')
            [CompletionResult]::new('--stacks', '--stacks', [CompletionResultType]::ParameterName, 'Comparison only: the stacks to compare, comma-separated')
            [CompletionResult]::new('--server-threads', '--server-threads', [CompletionResultType]::ParameterName, 'Comparison only: server threads; the load uses the other cores unless --threads says otherwise [default: half the cores]')
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
        'veysi;http;serve' {
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'The server stack')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free port)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Server threads [default: all cores]')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Server threads [default: all cores]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Stop after this long instead of running until interrupted')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop after this long instead of running until interrupted')
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
        'veysi;http;help' {
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;http;help;bench' {
            break
        }
        'veysi;http;help;serve' {
            break
        }
        'veysi;http;help;help' {
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
            [CompletionResult]::new('ring', 'ring', [CompletionResultType]::ParameterValue, 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more')
            [CompletionResult]::new('kube-ro', 'kube-ro', [CompletionResultType]::ParameterValue, 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything')
            [CompletionResult]::new('pool', 'pool', [CompletionResultType]::ParameterValue, 'An async connection pool and its benchmark against deadpool and bb8')
            [CompletionResult]::new('http', 'http', [CompletionResultType]::ParameterValue, 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (one per command) into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'veysi;help;ring' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys')
            [CompletionResult]::new('chaos', 'chaos', [CompletionResultType]::ParameterValue, 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors')
            break
        }
        'veysi;help;ring;simulate' {
            break
        }
        'veysi;help;ring;chaos' {
            break
        }
        'veysi;help;kube-ro' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http')
            [CompletionResult]::new('install-plugin', 'install-plugin', [CompletionResultType]::ParameterValue, 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary')
            break
        }
        'veysi;help;kube-ro;serve' {
            break
        }
        'veysi;help;kube-ro;install-plugin' {
            break
        }
        'veysi;help;pool' {
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Benchmark the pool: the Go connpool''s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8')
            break
        }
        'veysi;help;pool;bench' {
            break
        }
        'veysi;help;http' {
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)')
            break
        }
        'veysi;help;http;bench' {
            break
        }
        'veysi;help;http;serve' {
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
