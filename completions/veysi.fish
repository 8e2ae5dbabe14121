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
complete -c veysi -n "__fish_veysi_needs_command" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro completions man help" -f -a "kube-ro" -d 'Read-only kubectl: runs kubectl only for commands that cannot change or leak anything'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro completions man help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro completions man help" -f -a "man" -d 'Write man pages (one per command) into a directory'
complete -c veysi -n "__fish_veysi_using_subcommand help; and not __fish_seen_subcommand_from kube-ro completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from kube-ro" -f -a "serve" -d 'Serve 20 read-only tools over MCP: stdio by default, Streamable HTTP with --http'
complete -c veysi -n "__fish_veysi_using_subcommand help; and __fish_seen_subcommand_from kube-ro" -f -a "install-plugin" -d 'Create the `kubectl-ro` symlink in DIR so that `kubectl ro ...` finds this binary'
