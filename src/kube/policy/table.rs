//! The compiled-in model of kubectl's command line: its global flags, its command tree, and
//! for every command the policy lets through, that command's own flags (taken from
//! `kubectl <command> --help` of kubectl 1.27 to 1.37). Anything missing here is blocked:
//! an unknown command, subcommand or flag never reaches kubectl.

use super::Rule;

/// Whether a flag takes a value. Bool flags have pflag's `NoOptDefVal` ("true"): `--watch`
/// alone means true, and the next argument is not their value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// `--flag`, `--flag=false`, `-w`.
    Bool,
    /// `--flag VALUE`, `--flag=VALUE`, `-fVALUE`, `-f VALUE`, `-f=VALUE`.
    Value,
}

/// What the policy does when a flag appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Allowed; its value may still be checked by a rule (`-o`, `--raw`, `-v`).
    Allow,
    /// Always blocked, with the rule and the reason shown to the user.
    Block(Rule, &'static str),
}

/// One kubectl flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The long name, `-` separated (pflag normalises `_` to `-` before lookup).
    pub long: &'static str,
    /// The one-letter shorthand.
    pub short: Option<char>,
    /// Bool or value-taking.
    pub arity: Arity,
    /// Allowed or blocked.
    pub use_: Use,
}

const fn flag(long: &'static str, short: Option<char>, arity: Arity, use_: Use) -> Flag {
    Flag { long, short, arity, use_ }
}
const fn b(long: &'static str) -> Flag {
    flag(long, None, Arity::Bool, Use::Allow)
}
const fn v(long: &'static str) -> Flag {
    flag(long, None, Arity::Value, Use::Allow)
}
const fn sb(short: char, long: &'static str) -> Flag {
    flag(long, Some(short), Arity::Bool, Use::Allow)
}
const fn sv(short: char, long: &'static str) -> Flag {
    flag(long, Some(short), Arity::Value, Use::Allow)
}

const CREDENTIALS: &str = "it can send your credentials to another server or act as someone else";
const LOCAL_FILES: &str = "it reads or writes local files";

const fn identity(long: &'static str, short: Option<char>, arity: Arity) -> Flag {
    flag(long, short, arity, Use::Block(Rule::Credentials, CREDENTIALS))
}
const fn local_file(long: &'static str, short: Option<char>) -> Flag {
    flag(long, short, Arity::Value, Use::Block(Rule::LocalFile, LOCAL_FILES))
}

/// kubectl's global (persistent) flags, allowed or not. Cobra knows these before it has found
/// the command, so they are also what decides which word is the command.
pub const GLOBAL: &[Flag] = &[
    sv('n', "namespace"),
    v("context"),
    v("cluster"),
    v("user"),
    v("request-timeout"),
    b("match-server-version"),
    b("warnings-as-errors"),
    b("disable-compression"),
    v("log-flush-frequency"),
    sv('v', "v"),
    flag(
        "vmodule",
        None,
        Arity::Value,
        Use::Block(Rule::Verbosity, "per-file verbosity can log full responses"),
    ),
    identity("server", Some('s'), Arity::Value),
    identity("token", None, Arity::Value),
    identity("username", None, Arity::Value),
    identity("password", None, Arity::Value),
    identity("as", None, Arity::Value),
    identity("as-group", None, Arity::Value),
    identity("as-uid", None, Arity::Value),
    identity("as-user-extra", None, Arity::Value),
    identity("certificate-authority", None, Arity::Value),
    identity("client-certificate", None, Arity::Value),
    identity("client-key", None, Arity::Value),
    identity("tls-server-name", None, Arity::Value),
    identity("insecure-skip-tls-verify", None, Arity::Bool),
    identity("proxy-url", None, Arity::Value),
    flag(
        "kubeconfig",
        None,
        Arity::Value,
        Use::Block(
            Rule::Credentials,
            "another kubeconfig can run any program through an exec credential plugin",
        ),
    ),
    flag(
        "kuberc",
        None,
        Arity::Value,
        Use::Block(Rule::Credentials, "a kuberc file can add default flags and aliases to every command"),
    ),
    local_file("profile", None),
    local_file("profile-output", None),
    local_file("cache-dir", None),
];

/// `-h`/`--help`, which cobra adds to every command when it runs it (but does not know while
/// it looks for the command).
pub const HELP: Flag = sb('h', "help");

const FILE_SOURCES: &str = "it reads manifests from local files or URLs";
const FILENAME: Flag = flag("filename", Some('f'), Arity::Value, Use::Block(Rule::LocalFile, FILE_SOURCES));
const KUSTOMIZE: Flag = flag("kustomize", Some('k'), Arity::Value, Use::Block(Rule::LocalFile, FILE_SOURCES));

const GET: &[Flag] = &[
    sb('A', "all-namespaces"),
    b("allow-missing-template-keys"),
    v("chunk-size"),
    v("field-selector"),
    FILENAME,
    b("ignore-not-found"),
    KUSTOMIZE,
    sv('L', "label-columns"),
    b("no-headers"),
    sv('o', "output"),
    b("output-watch-events"),
    v("raw"),
    sb('R', "recursive"),
    sv('l', "selector"),
    b("server-print"),
    b("show-kind"),
    b("show-labels"),
    b("show-managed-fields"),
    v("sort-by"),
    v("subresource"),
    v("template"),
    sb('w', "watch"),
    b("watch-only"),
];

const DESCRIBE: &[Flag] = &[
    sb('A', "all-namespaces"),
    v("chunk-size"),
    FILENAME,
    KUSTOMIZE,
    sb('R', "recursive"),
    sv('l', "selector"),
    b("show-events"),
];

const LOGS: &[Flag] = &[
    b("all-containers"),
    b("all-pods"),
    sv('c', "container"),
    sb('f', "follow"),
    b("ignore-errors"),
    flag(
        "insecure-skip-tls-verify-backend",
        None,
        Arity::Bool,
        Use::Block(Rule::Credentials, "it turns off TLS verification of the kubelet"),
    ),
    v("limit-bytes"),
    v("max-log-requests"),
    v("pod-running-timeout"),
    b("prefix"),
    sb('p', "previous"),
    sv('l', "selector"),
    v("since"),
    v("since-time"),
    v("tail"),
    b("timestamps"),
];

const TOP_POD: &[Flag] = &[
    sb('A', "all-namespaces"),
    b("containers"),
    v("field-selector"),
    b("no-headers"),
    sv('l', "selector"),
    b("show-swap"),
    v("sort-by"),
    b("sum"),
    b("use-protocol-buffers"),
];

const TOP_NODE: &[Flag] = &[
    b("no-headers"),
    sv('l', "selector"),
    b("show-capacity"),
    b("show-swap"),
    v("sort-by"),
    b("use-protocol-buffers"),
];

const EVENTS: &[Flag] = &[
    sb('A', "all-namespaces"),
    b("allow-missing-template-keys"),
    v("chunk-size"),
    v("for"),
    b("no-headers"),
    sv('o', "output"),
    b("show-managed-fields"),
    v("template"),
    v("types"),
    sb('w', "watch"),
];

const EXPLAIN: &[Flag] = &[v("api-version"), v("max-depth"), sv('o', "output"), sb('R', "recursive")];

const API_RESOURCES: &[Flag] = &[
    v("api-group"),
    b("cached"),
    v("categories"),
    b("namespaced"),
    b("no-headers"),
    sv('o', "output"),
    b("show-managed-fields"),
    v("sort-by"),
    v("verbs"),
];

const VERSION: &[Flag] = &[b("client"), sv('o', "output")];

const CAN_I: &[Flag] =
    &[sb('A', "all-namespaces"), b("list"), b("no-headers"), sb('q', "quiet"), v("subresource")];

const PRINTING: [Flag; 4] =
    [b("allow-missing-template-keys"), sv('o', "output"), b("show-managed-fields"), v("template")];

const WHOAMI: &[Flag] = &PRINTING;

const ROLLOUT_STATUS: &[Flag] = &[
    FILENAME,
    KUSTOMIZE,
    sb('R', "recursive"),
    v("revision"),
    sv('l', "selector"),
    v("timeout"),
    sb('w', "watch"),
];

const ROLLOUT_HISTORY: &[Flag] = &[
    PRINTING[0],
    PRINTING[1],
    PRINTING[2],
    PRINTING[3],
    FILENAME,
    KUSTOMIZE,
    sb('R', "recursive"),
    v("revision"),
    sv('l', "selector"),
];

const GET_CONTEXTS: &[Flag] = &[b("no-headers"), sv('o', "output")];

const KUBECONFIG_CREDENTIALS: &str = "it prints the kubeconfig's credentials in clear";
const CONFIG_VIEW: &[Flag] = &[
    PRINTING[0],
    PRINTING[1],
    PRINTING[2],
    PRINTING[3],
    b("merge"),
    b("minify"),
    flag("raw", None, Arity::Bool, Use::Block(Rule::KubeconfigCredentials, KUBECONFIG_CREDENTIALS)),
    flag("flatten", None, Arity::Bool, Use::Block(Rule::KubeconfigCredentials, KUBECONFIG_CREDENTIALS)),
];

const WAIT: &[Flag] = &[
    b("all"),
    sb('A', "all-namespaces"),
    b("allow-missing-template-keys"),
    v("field-selector"),
    FILENAME,
    v("for"),
    b("local"),
    sv('o', "output"),
    sb('R', "recursive"),
    sv('l', "selector"),
    b("show-managed-fields"),
    v("template"),
    v("timeout"),
];

const PLUGIN_LIST: &[Flag] = &[b("name-only")];

/// What a command's positional arguments may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    /// None: kubectl would run a group's help or fail, and the policy treats a stray word as
    /// an unknown subcommand.
    Nothing,
    /// Anything (a shell name, a resource for `explain`, a pod name for `logs`...).
    Anything,
    /// Resources (`TYPE[,TYPE] NAME...` or `TYPE/NAME...`) that may name Secrets.
    Resources,
}

/// Whether a command may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read-only: runs once its flags, arguments and values pass.
    Read,
    /// Never runs: the rule and the reason shown to the user.
    Blocked(Rule, &'static str),
}

/// One kubectl command (a node of the command tree).
#[derive(Debug, PartialEq, Eq)]
pub struct Command {
    /// The name cobra matches (case-sensitive).
    pub name: &'static str,
    /// Other names cobra matches.
    pub aliases: &'static [&'static str],
    /// Read or blocked.
    pub access: Access,
    /// The command's own flags (the global ones apply everywhere).
    pub flags: &'static [Flag],
    /// Its positional arguments.
    pub args: Args,
    /// Its subcommands.
    pub children: &'static [Command],
}

impl Command {
    /// The subcommand cobra would pick for `word`: exact name or alias.
    pub fn child(&self, word: &str) -> Option<&'static Command> {
        self.children.iter().find(|c| c.name == word || c.aliases.contains(&word))
    }
}

const fn read(name: &'static str, flags: &'static [Flag], args: Args) -> Command {
    Command { name, aliases: &[], access: Access::Read, flags, args, children: &[] }
}
const fn group(name: &'static str, children: &'static [Command]) -> Command {
    Command { name, aliases: &[], access: Access::Read, flags: &[], args: Args::Nothing, children }
}
const fn blocked(name: &'static str, rule: Rule, why: &'static str) -> Command {
    Command {
        name,
        aliases: &[],
        access: Access::Blocked(rule, why),
        flags: &[],
        args: Args::Anything,
        children: &[],
    }
}
const fn mutating(name: &'static str) -> Command {
    blocked(name, Rule::MutatingCommand, "")
}
const fn kubeconfig_write(name: &'static str) -> Command {
    blocked(name, Rule::MutatingCommand, "it rewrites your kubeconfig")
}

/// kubectl itself: the root of the command tree.
pub const ROOT: Command = Command {
    name: "kubectl",
    aliases: &[],
    access: Access::Read,
    flags: &[],
    args: Args::Nothing,
    children: &[
        read("get", GET, Args::Resources),
        read("describe", DESCRIBE, Args::Resources),
        read("logs", LOGS, Args::Anything),
        read("events", EVENTS, Args::Anything),
        read("explain", EXPLAIN, Args::Anything),
        read("api-resources", API_RESOURCES, Args::Nothing),
        read("api-versions", &[], Args::Nothing),
        Command {
            name: "cluster-info",
            aliases: &[],
            access: Access::Read,
            flags: &[],
            args: Args::Nothing,
            children: &[blocked("dump", Rule::SideEffectCommand, "it writes cluster state to local files")],
        },
        read("version", VERSION, Args::Nothing),
        read("wait", WAIT, Args::Resources),
        read("completion", &[], Args::Anything),
        read("options", &[], Args::Nothing),
        read("help", &[], Args::Anything),
        group(
            "top",
            &[
                Command { aliases: &["pods", "po"], ..read("pod", TOP_POD, Args::Anything) },
                Command { aliases: &["nodes", "no"], ..read("node", TOP_NODE, Args::Anything) },
            ],
        ),
        group(
            "auth",
            &[
                read("can-i", CAN_I, Args::Anything),
                read("whoami", WHOAMI, Args::Nothing),
                mutating("reconcile"),
            ],
        ),
        group(
            "rollout",
            &[
                read("status", ROLLOUT_STATUS, Args::Anything),
                read("history", ROLLOUT_HISTORY, Args::Anything),
                mutating("pause"),
                mutating("restart"),
                mutating("resume"),
                mutating("undo"),
            ],
        ),
        group(
            "config",
            &[
                read("current-context", &[], Args::Nothing),
                read("get-contexts", GET_CONTEXTS, Args::Anything),
                read("get-clusters", &[], Args::Nothing),
                read("get-users", &[], Args::Nothing),
                read("view", CONFIG_VIEW, Args::Nothing),
                kubeconfig_write("set"),
                kubeconfig_write("set-cluster"),
                kubeconfig_write("set-context"),
                kubeconfig_write("set-credentials"),
                kubeconfig_write("unset"),
                kubeconfig_write("use-context"),
                kubeconfig_write("delete-cluster"),
                kubeconfig_write("delete-context"),
                kubeconfig_write("delete-user"),
                kubeconfig_write("rename-context"),
            ],
        ),
        group("plugin", &[read("list", PLUGIN_LIST, Args::Nothing)]),
        mutating("create"),
        mutating("expose"),
        mutating("run"),
        mutating("set"),
        mutating("edit"),
        mutating("delete"),
        mutating("scale"),
        mutating("autoscale"),
        mutating("certificate"),
        mutating("cordon"),
        mutating("uncordon"),
        mutating("drain"),
        mutating("taint"),
        mutating("apply"),
        mutating("patch"),
        mutating("replace"),
        mutating("label"),
        mutating("annotate"),
        blocked("exec", Rule::SideEffectCommand, "it runs commands inside containers"),
        blocked("attach", Rule::SideEffectCommand, "it attaches to a running container's terminal"),
        blocked("cp", Rule::SideEffectCommand, "it copies files into and out of containers"),
        blocked("debug", Rule::SideEffectCommand, "it starts debugging containers and pods"),
        blocked("port-forward", Rule::SideEffectCommand, "it opens network tunnels into the cluster"),
        blocked(
            "proxy",
            Rule::SideEffectCommand,
            "it opens a local, unauthenticated endpoint with your full API access",
        ),
        blocked(
            "diff",
            Rule::SideEffectCommand,
            "it runs KUBECTL_EXTERNAL_DIFF and sends server-side dry-run patches",
        ),
        blocked(
            "kustomize",
            Rule::SideEffectCommand,
            "it reads local files, fetches remote ones and can run plugins",
        ),
        blocked("alpha", Rule::SideEffectCommand, "alpha commands are not reviewed for this policy"),
        blocked(
            "kuberc",
            Rule::SideEffectCommand,
            "it edits the kuberc file that adds flags to every command",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_commands(cmd: &'static Command, out: &mut Vec<&'static Command>) {
        out.push(cmd);
        for child in cmd.children {
            all_commands(child, out);
        }
    }

    /// pflag panics on a redefined name or shorthand; a table that did so would model a
    /// kubectl that cannot exist.
    #[test]
    fn no_command_redefines_a_flag_name_or_shorthand() {
        let mut commands = Vec::new();
        all_commands(&ROOT, &mut commands);
        for cmd in commands {
            let flags: Vec<&Flag> = GLOBAL.iter().chain(cmd.flags).chain([&HELP]).collect();
            for (i, a) in flags.iter().enumerate() {
                for b in &flags[i + 1..] {
                    assert_ne!(a.long, b.long, "'{}' defines --{} twice", cmd.name, a.long);
                    if a.short.is_some() {
                        assert_ne!(a.short, b.short, "'{}' defines -{:?} twice", cmd.name, a.short);
                    }
                }
                assert!(!a.long.contains('_'), "--{} must be written with '-'", a.long);
            }
        }
    }

    #[test]
    fn children_names_are_unique() {
        let mut commands = Vec::new();
        all_commands(&ROOT, &mut commands);
        for cmd in commands {
            let mut names: Vec<&str> = cmd
                .children
                .iter()
                .flat_map(|c| [c.name].into_iter().chain(c.aliases.iter().copied()))
                .collect();
            let total = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), total, "duplicate subcommand names under '{}'", cmd.name);
        }
    }
}
