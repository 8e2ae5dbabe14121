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
complete -c veysi -n "__fish_veysi_needs_command" -f -a "http" -d 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
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
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro http completions man help" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro http completions man help" -f -a "http" -d 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro http completions man help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro http completions man help" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro http completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from http" -f -a "bench" -d 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from http" -f -a "serve" -d 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
