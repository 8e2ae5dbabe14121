
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
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
            cand help 'Print this message or the help of the given subcommand(s)'
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
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
            cand help 'Print this message or the help of the given subcommand(s)'
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
            cand install-plugin 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
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
