//! Reads an argument vector the way kubectl does, so that the policy judges the command kubectl
//! would actually run. Two steps, each a faithful port of kubectl's parser libraries:
//!
//! 1. cobra's `Command.Find`: `stripFlags` drops flags (and the values of flags it knows to
//!    take one; a flag it does not know is assumed to take one) and the first remaining word
//!    picks the subcommand; `argsMinusFirstX` removes that word; repeat.
//! 2. pflag's `FlagSet.Parse` on what is left, with the found command's flags: combined short
//!    flags (`-Aoyaml`), every value form (`-o yaml`, `-oyaml`, `-o=yaml`, `--output yaml`,
//!    `--output=yaml`), `_` normalised to `-` in long names, `--` ending the flags, and every
//!    occurrence of a repeated flag kept in order (the last one wins in kubectl).

use super::table::{Arity, Command, Flag, GLOBAL, HELP, ROOT};

/// One flag occurrence as kubectl reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// The flag it resolved to.
    pub flag: &'static Flag,
    /// Its value (`"true"` for a bool flag given alone).
    pub value: String,
    /// How it was written, for messages: `-o` or `--output` (or `--sort_by`).
    pub spelled: String,
}

/// The command kubectl would run and the flags and arguments it would see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation<'a> {
    /// The command path below the root (`["config", "view"]`); empty for bare `kubectl`.
    pub path: Vec<&'static Command>,
    /// A word cobra could not match to a subcommand of the last command of `path`, when that
    /// command has subcommands (or is the root): kubectl would treat it as a plugin name or
    /// print help.
    pub unmatched: Option<&'a str>,
    /// Every flag occurrence, in order.
    pub flags: Vec<FlagUse>,
    /// The positional arguments.
    pub positionals: Vec<&'a str>,
}

/// Why pflag would refuse the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// A flag the command does not have, as written.
    UnknownFlag(String),
    /// A value-taking flag at the end of the arguments.
    MissingValue(String),
    /// `---x`, `--=x`.
    BadSyntax(String),
}

impl Invocation<'_> {
    /// The command that would run (the root when `path` is empty).
    pub fn command(&self) -> &'static Command {
        self.path.last().copied().unwrap_or(&ROOT)
    }

    /// The command path as the user would type it: `config view`.
    pub fn command_name(&self) -> String {
        self.path.iter().map(|c| c.name).collect::<Vec<_>>().join(" ")
    }

    /// Every value given for the flag with this long name, in order.
    pub fn values<'s>(&'s self, long: &'s str) -> impl Iterator<Item = &'s FlagUse> + 's {
        self.flags.iter().filter(move |f| f.flag.long == long)
    }

    /// The value kubectl would use for a flag: the last one given.
    pub fn last<'s>(&'s self, long: &'s str) -> Option<&'s str> {
        self.values(long).last().map(|f| f.value.as_str())
    }
}

/// Parses `args` (the arguments after `kubectl`) as kubectl would.
pub fn parse<'a>(args: &[&'a str]) -> Result<Invocation<'a>, ParseError> {
    find(args).parse_flags()
}

/// The result of cobra's command search, before the command's flags are parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// As [`Invocation::path`].
    pub path: Vec<&'static Command>,
    /// As [`Invocation::unmatched`].
    pub unmatched: Option<&'a str>,
    /// The arguments left for the command's flag parsing.
    pub rest: Vec<&'a str>,
}

impl<'a> Found<'a> {
    /// pflag's parse of the remaining arguments with the found command's flags.
    pub fn parse_flags(self) -> Result<Invocation<'a>, ParseError> {
        let command = self.path.last().copied().unwrap_or(&ROOT);
        let (flags, positionals) = parse_flags(&self.rest, command)?;
        Ok(Invocation { path: self.path, unmatched: self.unmatched, flags, positionals })
    }
}

/// The flags cobra knows while it searches below `command`: the global ones and the command's
/// own (never `--help`, which cobra adds only when it runs the command).
fn find_flags(command: &'static Command) -> impl Iterator<Item = &'static Flag> {
    GLOBAL.iter().chain(command.flags)
}

fn lookup_long(flags: impl Iterator<Item = &'static Flag>, name: &str) -> Option<&'static Flag> {
    let normalised = name.replace('_', "-");
    flags.into_iter().find(|f| f.long == normalised)
}

fn lookup_short(flags: impl Iterator<Item = &'static Flag>, short: char) -> Option<&'static Flag> {
    flags.into_iter().find(|f| f.short == Some(short))
}

/// cobra's test for "this argument is a flag whose value is the next argument": a long flag
/// without `=` that is not a known bool, or a two-character short flag that is not a known bool.
fn value_in_next_arg(arg: &str, command: &'static Command) -> bool {
    if arg.contains('=') {
        return false;
    }
    if let Some(name) = arg.strip_prefix("--") {
        return lookup_long(find_flags(command), name).is_none_or(|f| f.arity == Arity::Value);
    }
    if arg.starts_with('-') && arg.len() == 2 {
        let short = arg[1..].chars().next();
        return short
            .and_then(|s| lookup_short(find_flags(command), s))
            .is_none_or(|f| f.arity == Arity::Value);
    }
    false
}

/// cobra's `stripFlags`: the words that are neither flags nor (by its reckoning) flag values.
fn strip_flags<'a>(args: &[&'a str], command: &'static Command) -> Vec<&'a str> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i];
        i += 1;
        if arg == "--" {
            break;
        }
        if value_in_next_arg(arg, command) {
            // cobra stops looking when the value would be the last argument.
            if args.len() - i <= 1 {
                break;
            }
            i += 1;
            continue;
        }
        if !arg.is_empty() && !arg.starts_with('-') {
            words.push(arg);
        }
    }
    words
}

/// cobra's `argsMinusFirstX`: `args` without the first occurrence of the word `word` that is
/// not a flag value.
fn args_minus_first_x<'a>(args: &[&'a str], word: &str, command: &'static Command) -> Vec<&'a str> {
    let mut pos = 0;
    while pos < args.len() {
        let arg = args[pos];
        if arg == "--" {
            break;
        }
        if value_in_next_arg(arg, command) {
            pos += 2;
            continue;
        }
        if !arg.starts_with('-') && arg == word {
            let mut rest = args.to_vec();
            rest.remove(pos);
            return rest;
        }
        pos += 1;
    }
    args.to_vec()
}

/// cobra's `Find`: the command path, an unmatched word below a command with subcommands, and
/// the arguments left for the command's own flag parsing.
pub fn find<'a>(args: &[&'a str]) -> Found<'a> {
    let mut node: &'static Command = &ROOT;
    let mut path = Vec::new();
    let mut rest = args.to_vec();
    loop {
        let Some(&word) = strip_flags(&rest, node).first() else {
            return Found { path, unmatched: None, rest };
        };
        match node.child(word) {
            Some(child) => {
                rest = args_minus_first_x(&rest, word, node);
                path.push(child);
                node = child;
            }
            None => {
                let unmatched = (path.is_empty() || !node.children.is_empty()).then_some(word);
                return Found { path, unmatched, rest };
            }
        }
    }
}

/// pflag's `Parse` with the command's full flag set (global, own, and help).
fn parse_flags<'a>(
    args: &[&'a str],
    command: &'static Command,
) -> Result<(Vec<FlagUse>, Vec<&'a str>), ParseError> {
    let all = || GLOBAL.iter().chain(command.flags).chain(std::iter::once(&HELP));
    let mut flags = Vec::new();
    let mut positionals = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i];
        i += 1;
        if arg.len() < 2 || !arg.starts_with('-') {
            positionals.push(arg);
            continue;
        }
        if arg == "--" {
            positionals.extend_from_slice(&args[i..]);
            break;
        }
        if let Some(body) = arg.strip_prefix("--") {
            if body.starts_with('-') || body.starts_with('=') {
                return Err(ParseError::BadSyntax(arg.to_owned()));
            }
            let (name, inline) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (body, None),
            };
            let spelled = format!("--{name}");
            let flag = lookup_long(all(), name).ok_or_else(|| ParseError::UnknownFlag(spelled.clone()))?;
            let value = match (inline, flag.arity) {
                (Some(value), _) => value.to_owned(),
                (None, Arity::Bool) => "true".to_owned(),
                (None, Arity::Value) => {
                    let value = args.get(i).ok_or_else(|| ParseError::MissingValue(spelled.clone()))?;
                    i += 1;
                    (*value).to_owned()
                }
            };
            flags.push(FlagUse { flag, value, spelled });
            continue;
        }
        // A group of shorthands: each letter is a flag until one takes the rest as its value.
        let mut shorts = &arg[1..];
        while let Some(c) = shorts.chars().next() {
            if shorts.starts_with("test.") {
                // pflag silently ignores `-test.*` (Go test flags); refuse it instead.
                return Err(ParseError::UnknownFlag(arg.to_owned()));
            }
            let spelled = format!("-{c}");
            let flag = lookup_short(all(), c).ok_or_else(|| ParseError::UnknownFlag(spelled.clone()))?;
            let after = &shorts[c.len_utf8()..];
            let value = if let Some(value) = after.strip_prefix('=').filter(|v| !v.is_empty()) {
                shorts = "";
                value.to_owned()
            } else if flag.arity == Arity::Bool {
                shorts = after;
                "true".to_owned()
            } else if !after.is_empty() {
                shorts = "";
                after.to_owned()
            } else {
                let value = args.get(i).ok_or_else(|| ParseError::MissingValue(spelled.clone()))?;
                i += 1;
                shorts = "";
                (*value).to_owned()
            };
            flags.push(FlagUse { flag, value, spelled });
        }
    }
    Ok((flags, positionals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&'static str]) -> Invocation<'static> {
        parse(args).unwrap_or_else(|e| panic!("{args:?}: {e:?}"))
    }

    fn flag_values(inv: &Invocation<'_>) -> Vec<(String, String)> {
        inv.flags.iter().map(|f| (f.flag.long.to_owned(), f.value.clone())).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn every_value_form_of_output_reads_the_same() {
        for form in [
            &["get", "secrets", "-o", "yaml"][..],
            &["get", "secrets", "-oyaml"],
            &["get", "secrets", "-o=yaml"],
            &["get", "secrets", "--output", "yaml"],
            &["get", "secrets", "--output=yaml"],
            // Not a global flag, so cobra skips "yaml" as its value and still finds `get`.
            &["-o", "yaml", "get", "secrets"],
        ] {
            let inv = parsed(form);
            assert_eq!(inv.command_name(), "get", "{form:?}");
            assert_eq!(inv.last("output"), Some("yaml"), "{form:?}");
            assert_eq!(inv.positionals, ["secrets"], "{form:?}");
        }
    }

    #[test]
    fn combined_shorthands_split_like_pflag() {
        let inv = parsed(&["get", "secrets", "-Aojson"]);
        assert_eq!(flag_values(&inv), pairs(&[("all-namespaces", "true"), ("output", "json")]));
        let inv = parsed(&["get", "secrets", "-Ao", "yaml"]);
        assert_eq!(flag_values(&inv), pairs(&[("all-namespaces", "true"), ("output", "yaml")]));
        let inv = parsed(&["get", "secrets", "-Ao=yaml"]);
        assert_eq!(flag_values(&inv), pairs(&[("all-namespaces", "true"), ("output", "yaml")]));
        // `-o=` (nothing after '=') takes "=" as its value, as pflag does.
        let inv = parsed(&["get", "pods", "-o="]);
        assert_eq!(inv.last("output"), Some("="));
    }

    #[test]
    fn repeated_flags_keep_every_occurrence_and_the_last_wins() {
        let inv = parsed(&["get", "secret", "x", "-o", "name", "-o", "yaml"]);
        let outputs: Vec<&str> = inv.values("output").map(|f| f.value.as_str()).collect();
        assert_eq!(outputs, ["name", "yaml"]);
        assert_eq!(inv.last("output"), Some("yaml"));
    }

    #[test]
    fn underscores_in_long_flags_are_normalised() {
        let inv = parsed(&["get", "secrets", "--sort_by=.data", "--all_namespaces"]);
        assert_eq!(flag_values(&inv), pairs(&[("sort-by", ".data"), ("all-namespaces", "true")]));
        assert_eq!(inv.flags[0].spelled, "--sort_by");
    }

    #[test]
    fn global_flags_before_the_command_and_their_values() {
        let inv = parsed(&["-n", "kube-system", "--context=prod", "get", "pods"]);
        assert_eq!(inv.command_name(), "get");
        assert_eq!(inv.positionals, ["pods"]);
        assert_eq!(inv.last("namespace"), Some("kube-system"));
        assert_eq!(inv.last("context"), Some("prod"));
        // A flag value that looks like a command is a value, not the command.
        let inv = parsed(&["-n", "delete", "get", "pods"]);
        assert_eq!(inv.command_name(), "get");
        assert_eq!(inv.last("namespace"), Some("delete"));
    }

    #[test]
    fn cobra_skips_a_word_after_an_unknown_flag_before_the_command() {
        // kubectl: `-A` is not global, so cobra takes "get" as its value and "pods" as the
        // command, which is unknown ("flags cannot be placed before plugin name").
        let found = find(&["-A", "get", "pods"]);
        assert!(found.path.is_empty());
        assert_eq!(found.unmatched, Some("pods"));
        // Same for --help before the command (cobra adds help only when it runs a command).
        let found = find(&["--help", "get", "pods"]);
        assert!(found.path.is_empty());
        assert_eq!(found.unmatched, Some("pods"));
    }

    #[test]
    fn cobra_stops_when_a_flag_value_would_be_the_last_argument() {
        // `kubectl -n get`: cobra breaks out, finds no command, and runs the root (help).
        let found = find(&["-n", "get"]);
        assert!(found.path.is_empty());
        assert_eq!(found.unmatched, None);
        assert_eq!(found.rest, ["-n", "get"]);
    }

    #[test]
    fn nested_commands_and_aliases() {
        let inv = parsed(&["--context", "x", "config", "-n", "y", "view", "--minify"]);
        assert_eq!(inv.command_name(), "config view");
        assert_eq!(flag_values(&inv), pairs(&[("context", "x"), ("namespace", "y"), ("minify", "true")]));
        assert_eq!(parsed(&["top", "po", "-A"]).command_name(), "top pod");
        assert_eq!(parsed(&["top", "nodes"]).command_name(), "top node");
        let inv = parsed(&["config", "use-context", "prod"]);
        assert_eq!(inv.command_name(), "config use-context");
    }

    #[test]
    fn unknown_words_below_groups_and_root_are_reported() {
        let inv = parsed(&["config", "frobnicate"]);
        assert_eq!(inv.command_name(), "config");
        assert_eq!(inv.unmatched, Some("frobnicate"));
        let inv = parsed(&["krew", "install", "x"]);
        assert!(inv.path.is_empty());
        assert_eq!(inv.unmatched, Some("krew"));
        // Commands are case-sensitive in cobra: `GET` is a plugin name, not `get`.
        assert_eq!(parsed(&["GET", "pods"]).unmatched, Some("GET"));
        // Below a leaf, words are positional arguments.
        let inv = parsed(&["get", "pods", "web"]);
        assert_eq!(inv.unmatched, None);
        assert_eq!(inv.positionals, ["pods", "web"]);
    }

    #[test]
    fn double_dash_ends_flags() {
        let inv = parsed(&["logs", "web", "--", "-o", "yaml"]);
        assert_eq!(inv.positionals, ["web", "-o", "yaml"]);
        assert!(inv.flags.is_empty());
        assert!(find(&["--", "delete", "pod"]).path.is_empty());
    }

    #[test]
    fn the_same_letter_means_different_flags_in_different_commands() {
        let inv = parsed(&["logs", "web", "-f"]);
        assert_eq!(flag_values(&inv), pairs(&[("follow", "true")]));
        let inv = parsed(&["get", "-f", "x.yaml"]);
        assert_eq!(flag_values(&inv), pairs(&[("filename", "x.yaml")]));
    }

    #[test]
    fn pflag_errors() {
        assert_eq!(parse(&["get", "pods", "--nope"]), Err(ParseError::UnknownFlag("--nope".into())));
        assert_eq!(parse(&["get", "pods", "-Z"]), Err(ParseError::UnknownFlag("-Z".into())));
        assert_eq!(parse(&["get", "pods", "-o"]), Err(ParseError::MissingValue("-o".into())));
        assert_eq!(parse(&["get", "pods", "--output"]), Err(ParseError::MissingValue("--output".into())));
        assert_eq!(parse(&["get", "pods", "---o"]), Err(ParseError::BadSyntax("---o".into())));
        assert_eq!(parse(&["get", "pods", "--=x"]), Err(ParseError::BadSyntax("--=x".into())));
        assert!(matches!(parse(&["get", "pods", "-test.v"]), Err(ParseError::UnknownFlag(_))));
        // "-" and "" are positional.
        assert_eq!(parsed(&["get", "pods", "-", ""]).positionals, ["pods", "-", ""]);
    }

    #[test]
    fn a_value_flag_takes_the_next_argument_even_when_it_looks_like_a_flag() {
        let inv = parsed(&["get", "pods", "-l", "--watch"]);
        assert_eq!(flag_values(&inv), pairs(&[("selector", "--watch")]));
        let inv = parsed(&["get", "pods", "--selector", "-oyaml"]);
        assert_eq!(flag_values(&inv), pairs(&[("selector", "-oyaml")]));
    }
}
