
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
            cand http 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
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
            cand http 'HTTP load generator (wrk/oha class) and in-process comparison of server stacks'
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;help;kube-ro'= {
        }
        &'veysi;help;http'= {
            cand bench 'Load-test an HTTP/1.1 server, or (with no URL) compare Rust server stacks in-process'
            cand serve 'Serve `GET /` and `GET /json` from one of the server stacks (a target for other tools)'
        }
        &'veysi;help;http;bench'= {
        }
        &'veysi;help;http;serve'= {
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
