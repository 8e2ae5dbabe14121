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
complete -c veysi -n "__fish_veysi_needs_command" -f -a "ring" -d 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "pool" -d 'An async connection pool and its benchmark against deadpool and bb8'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "http" -d 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "mcp" -d 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -f -a "simulate" -d 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -f -a "chaos" -d 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and not __fish_seen_subcommand_from simulate chaos help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l scenario -d 'What to measure (`headline` = remap + balance; `all` = every scenario)' -r -f -a "headline\t'The seed article\'s two headline tables: remap (N → N+1 and N → N−1) and balance'
remap\t'Keys moved when nodes are added (N → N+add) and removed (N → N−remove)'
balance\t'Per-node key counts: standard deviation, max/avg, min/avg, against the sampling floor'
failure\t'One node dies: misses, and keys moved between survivors'
mass-failure\t'Half the nodes (of 10 by default) die at once'
churn\t'Add/remove cycles: keys moved per operation against K/N, and drift'
concurrent\t'Readers on every core routing while a writer adds and removes nodes'
hot-keys\t'Zipf-distributed requests: per-node load for ring, bounded-load and two choices'
all\t'Every scenario above, in order'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l keys -d 'Keys, generated on the fly (never stored, so 100000000 runs in bounded memory)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l nodes -d 'Nodes (named node-1 .. node-N) [default: 5; 10 for mass-failure]' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l add -d 'Nodes added in the remap scenario (N → N+ADD)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l remove -d 'Nodes removed in the remap scenario, from the end of the list (N → N−REMOVE)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l vnode-sweep -d 'Virtual-node counts the balance scenario sweeps for the ring (comma-separated)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l hash -d 'Hash function for keys and node names' -r -f -a "fnv1a-64\t'FNV-1a, 64-bit. Its last input bytes barely reach the top bits, so sequential labels (`node-1#0`, `node-1#1`, ...) cluster on a ring: balance suffers (see the README)'
fnv1a-32\t'FNV-1a, 32-bit: the classic 2^32 ring of the seed article and many Go libraries, with the same weakness on sequential labels as the 64-bit variant'
xxh3\t'xxHash XXH3, 64-bit (seed 0): well mixed and the fastest; the default'
md5\t'MD5, first 8 digest bytes little-endian: ketama compatibility, slow'
crc32\t'CRC-32 (IEEE): fast but weakly spread on structured keys'
murmur3\t'MurmurHash3 x64_128 (seed 0), first 64-bit half: what Guava and Cassandra use'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l vnodes -d 'Virtual nodes per node for ring and bounded-load' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l epsilon -d 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l probes -d 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l maglev-table -d 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l algorithms -d 'Algorithms to compare (comma-separated)' -r -f -a "ring\t'Karger ring with virtual nodes (`name#i`), binary search over sorted positions'
modulo\t'`hash % N`: the baseline that remaps almost everything on a resize'
jump\t'Jump consistent hash (Lamping & Veach 2014): O(1) memory, numbered buckets only'
rendezvous\t'Rendezvous / highest random weight, weighted by the logarithmic method'
bounded-load\t'Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018)'
maglev\t'Maglev lookup table (Eisenbud et al. 2016)'
multi-probe\t'Multi-probe consistent hashing (Appleton & O\'Reilly 2015)'
memento\t'MementoHash (Coluzzi et al. 2024): jump hash plus a memory of removed buckets'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l zipf -d 'Zipf exponent of key popularity in the hot-keys scenario (0 = uniform)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l requests -d 'Requests in the hot-keys scenario' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l lookups -d 'Lookups in the concurrent scenario, all reader threads together' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l cycles -d 'Add/remove cycles in the churn scenario' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l seed -d 'Seed of the keys and of every random choice' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l threads -d 'Worker threads [default: all cores]' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l spawn -d 'Start N redis-server processes on free 127.0.0.1 ports (temporary directories, no persistence), named redis-1 .. redis-N; they are stopped at the end, also on error and Ctrl-C' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l redis -d 'Use running Redis servers instead (comma-separated), named redis-1 .. redis-N in this order. The killed one gets SHUTDOWN NOSAVE. veysi writes only its own keys (expiring after an hour) and deletes them at the end' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l redis-server -d 'The redis-server program --spawn starts' -r -F
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l keys -d 'Keys per algorithm' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l algorithms -d 'Algorithms to compare (comma-separated); each is a client with its own key prefix' -r -f -a "ring\t'Karger ring with virtual nodes (`name#i`), binary search over sorted positions'
modulo\t'`hash % N`: the baseline that remaps almost everything on a resize'
jump\t'Jump consistent hash (Lamping & Veach 2014): O(1) memory, numbered buckets only'
rendezvous\t'Rendezvous / highest random weight, weighted by the logarithmic method'
bounded-load\t'Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018)'
maglev\t'Maglev lookup table (Eisenbud et al. 2016)'
multi-probe\t'Multi-probe consistent hashing (Appleton & O\'Reilly 2015)'
memento\t'MementoHash (Coluzzi et al. 2024): jump hash plus a memory of removed buckets'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l kill -d 'The node to kill: redis-1 .. redis-N, or a --redis address [default: chosen by --seed]' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l seed -d 'Seed of the choice of nodes to kill' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l prefix -d 'Key prefix: keys are PREFIX:ALGORITHM:I' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l timeout -d 'Bound on every connect, ping and pipelined exchange (e.g. 500ms, 2s)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l connections -d 'Connections per server' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l pipeline -d 'Commands per pipelined exchange' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l hash -d 'Hash function for keys and node names' -r -f -a "fnv1a-64\t'FNV-1a, 64-bit. Its last input bytes barely reach the top bits, so sequential labels (`node-1#0`, `node-1#1`, ...) cluster on a ring: balance suffers (see the README)'
fnv1a-32\t'FNV-1a, 32-bit: the classic 2^32 ring of the seed article and many Go libraries, with the same weakness on sequential labels as the 64-bit variant'
xxh3\t'xxHash XXH3, 64-bit (seed 0): well mixed and the fastest; the default'
md5\t'MD5, first 8 digest bytes little-endian: ketama compatibility, slow'
crc32\t'CRC-32 (IEEE): fast but weakly spread on structured keys'
murmur3\t'MurmurHash3 x64_128 (seed 0), first 64-bit half: what Guava and Cassandra use'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l vnodes -d 'Virtual nodes per node for ring and bounded-load' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l epsilon -d 'Bounded-load slack: no node holds more than ⌈(1+EPSILON)·average⌉' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l probes -d 'Multi-probe probes per lookup (21 ≈ peak/mean 1.05)' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l maglev-table -d 'Maglev table size, a prime [default: smallest prime ≥ max(65537, 100·N)]' -r
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l flush -d 'Empty every --redis server (FLUSHDB) before loading'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l mass -d 'After the first kill, kill more nodes at once until half of them are down (needs 4+)'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l restore -d 'Finally restart the dead servers (empty) and show the warm-up (needs --spawn)'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from chaos" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from help" -f -a "chaos" -d 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
complete -c veysi -n "__fish_veysi_using_subcommand ring; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -l check -d 'Run the policy only: print `ALLOWED: kubectl ...` (exit 0) or the BLOCKED line (exit 3). With --json, print the decision object {allowed, rule, reason, command}'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -l audit-required -d 'Refuse to run kubectl when the audit log cannot be written (default: warn and go on)'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -a "serve" -d 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -a "install-plugin" -d 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and not __fish_seen_subcommand_from serve install-plugin help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l http -d 'Serve Streamable HTTP at http://ADDR/mcp instead of stdio (loopback only unless --allow-remote; Host and Origin are checked)' -r
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l timeout -d 'Seconds a call may run before kubectl is stopped (also kubectl\'s --request-timeout)' -r
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l max-output-bytes -d 'Most bytes of output a call returns; the rest is cut with an explicit marker' -r
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l max-concurrent -d 'Most kubectl processes running at once; further calls wait (within --timeout)' -r
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l allowed-context -d 'Only these kubeconfig contexts may be named in calls (repeatable; default: any)' -r
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l allow-remote -d 'Allow --http on an address other machines can reach (needs VEYSI_KUBE_RO_MCP_TOKEN)'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from install-plugin" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from install-plugin" -l force -d 'Replace an existing `kubectl-ro` symlink that points elsewhere'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from install-plugin" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from install-plugin" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from install-plugin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from help" -f -a "install-plugin" -d 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
complete -c veysi -n "__fish_veysi_using_subcommand kube-ro; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -f -a "bench" -d 'Benchmark the pool: the Go connpool\'s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and not __fish_seen_subcommand_from bench help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l target -d 'A real server to benchmark (host:port) instead of the built-in echo server. The roundtrip scenario expects it to echo, or to be Redis with --ping redis' -r
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l ping -d 'The health check of the ping scenario: a non-blocking read probe, or Redis PING/+PONG (which also becomes the round trip)' -r -f -a "probe\t'A non-blocking read probe of the socket (any TCP server)'
redis\t'Redis `PING` → `+PONG` (a Redis server); the round trip is a `PING` too'"
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l scenario -d 'Scenarios to run (repeat or separate with commas); default: all but chaos' -r -f -a "sequential\t'One worker: get + put (min 5, max 10)'
parallel\t'One worker per core × 4: get + put (min 5, max 20, increment 2)'
ping\t'One worker: get with a health check on every checkout + put (min 5, max 10)'
contended\t'8 workers fight over 2 connections: get + put (min = max = 2)'
roundtrip\t'One worker per core × 4: get + one echo round trip (or Redis PING) + put (min 5, max 20)'
chaos\t'Round trips while the built-in server drops connections and restarts'"
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l duration -d 'How long each scenario runs per pool (e.g. 500ms, 2s). Default: 1s; chaos: 3s' -r
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l ops -d 'Run this many operations per scenario and pool instead of a duration' -r
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l workers -d 'Workers for the multi-worker scenarios (default: cores × 4; contended: 8)' -r
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l seed -d 'Seed of the chaos scenario\'s random drops and restarts' -r
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l compare -d 'Run the same scenarios with deadpool and bb8 managing the same TCP connections, and show each one\'s ns/op and veysi\'s speed-up'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from bench" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "bench" -d 'Benchmark the pool: the Go connpool\'s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
complete -c veysi -n "__fish_veysi_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -f -a "bench" -d 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -f -a "serve" -d 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
complete -c veysi -n "__fish_veysi_using_subcommand http; and not __fish_seen_subcommand_from bench serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s c -l connections -d 'Keep-alive connections, all open at once' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s t -l threads -d 'Generator threads (each runs its share of the connections); default: all cores' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s d -l duration -d 'How long to send (e.g. 10s, 500ms, 2m) [default: 10s with a URL, 2s per run in the comparison]' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s n -l requests -d 'Send exactly this many requests instead of running for a duration' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l warmup -d 'Send load for this long first without counting it [default: 0 with a URL, 500ms per run in the comparison]' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l rate -d 'Open model: requests per second across all connections, latency measured from each request\'s intended send time (coordinated-omission correction)' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s m -l method -d 'HTTP method' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s H -l header -d 'Extra request header, \'Name: value\' (repeatable)' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l body -d 'Request body' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l body-file -d 'Read the request body from a file' -r -F
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l timeout -d 'Limit for each complete response; a request still unanswered is a timeout error' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l connect-timeout -d 'Limit for opening a connection; a connection that cannot reconnect for this long gives up' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l engine -d 'Client implementation: native (preformatted requests, zero-allocation response scanner) or hyper (hyper\'s connection-level client)' -r -f -a "native\t'Preformatted request, zero-allocation response scanner (the fastest)'
hyper\t'hyper\'s connection-level HTTP/1.1 client'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l stacks -d 'Comparison only: the stacks to compare, comma-separated' -r -f -a "hyper\t'hyper 1.x with a bare `service_fn`'
axum\t'axum: a `Router` on hyper'
minimal\t'Our own tokio + httparse server with preformatted responses and reused buffers'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l server-threads -d 'Comparison only: server threads; the load uses the other cores unless --threads says otherwise [default: half the cores]' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from bench" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -l stack -d 'The server stack' -r -f -a "hyper\t'hyper 1.x with a bare `service_fn`'
axum\t'axum: a `Router` on hyper'
minimal\t'Our own tokio + httparse server with preformatted responses and reused buffers'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -l listen -d 'Address to listen on (port 0 picks a free port)' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -s t -l threads -d 'Server threads [default: all cores]' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -s d -l duration -d 'Stop after this long instead of running until interrupted' -r
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -l color -d 'When to use colours in tables and messages (auto honours NO_COLOR and checks for a terminal)' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is not set'
always\t'Always colour'
never\t'Never colour'"
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -l json -d 'Print one machine-readable JSON object on stdout instead of tables'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print results only: no progress bars or informational messages on stderr'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from help" -f -a "bench" -d 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
complete -c veysi -n "__fish_veysi_using_subcommand http; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "ring" -d 'Consistent hashing lab: compare ring, jump, rendezvous, Maglev and more'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "pool" -d 'An async connection pool and its benchmark against deadpool and bb8'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "http" -d 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "mcp" -d 'MCP servers: `mcp openapi` turns any OpenAPI document into MCP tools that call the API'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from ring kube-ro pool http mcp completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from ring" -f -a "simulate" -d 'Compare consistent-hashing algorithms on generated keys: remapping, balance, failures, churn, concurrency and hot keys'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from ring" -f -a "chaos" -d 'The failure-isolation experiment on real Redis servers, for every algorithm: load keys, kill a node, count the misses and the keys moved between survivors'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from kube-ro" -f -a "serve" -d 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from kube-ro" -f -a "install-plugin" -d 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from pool" -f -a "bench" -d 'Benchmark the pool: the Go connpool\'s four benchmarks plus an echo round trip, against a built-in echo server or a real target, optionally beside deadpool and bb8'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from http" -f -a "bench" -d 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from http" -f -a "serve" -d 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from mcp" -f -a "openapi" -d 'Serve any OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1) as MCP tools that call the API'
