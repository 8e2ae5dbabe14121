
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
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
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
            cand completions 'Print a shell completion script on stdout'
            cand man 'Write man pages (one per command) into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'veysi;help;kube-ro'= {
            cand serve 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
        }
        &'veysi;help;kube-ro;serve'= {
        }
        &'veysi;help;kube-ro;install-plugin'= {
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
