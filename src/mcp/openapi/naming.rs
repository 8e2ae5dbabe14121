//! Tool and argument names that every client accepts: `[A-Za-z0-9_-]`, case kept, at most
//! 64 characters (longer ones shortened deterministically with a hash suffix), unique.

use std::collections::HashSet;

/// The longest tool name (OpenAI and Claude Code's limits; Cursor's is 60 with its prefix).
pub const MAX_NAME: usize = 64;

/// A name made of `[A-Za-z0-9_-]` from any text: other characters become `_`, runs of `_`
/// collapse, leading and trailing `_`/`-` go. Case is kept.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    out.trim_matches(|c| c == '_' || c == '-').to_owned()
}

/// Shortens `name` to `max` characters: a prefix, `_`, and 8 hex digits of a hash of the
/// whole name, so that two long names sharing a prefix stay distinct and stable.
pub fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let hash = format!("{:08x}", fnv1a(name.as_bytes()) as u32);
    let keep = max.saturating_sub(hash.len() + 1);
    let prefix = name[..keep].trim_end_matches(['_', '-']);
    format!("{prefix}_{hash}")
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Hands out unique names: a taken name gets `_2`, `_3`, … (still within the length cap).
#[derive(Debug, Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    /// Reserves `name` (already sanitised) or the first free variant of it.
    pub fn unique(&mut self, name: &str, max: usize) -> String {
        let base = shorten(name, max);
        if self.taken.insert(base.clone()) {
            return base;
        }
        for n in 2.. {
            let suffix = format!("_{n}");
            let candidate = format!("{}{suffix}", shorten(name, max - suffix.len()));
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("the loop above always finds a free name")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_keeps_case_and_replaces_everything_else() {
        assert_eq!(sanitize("getItemById"), "getItemById");
        assert_eq!(sanitize("repos/get-content"), "repos_get-content");
        assert_eq!(sanitize("My Tool-Name (v2.0)!"), "My_Tool-Name_v2_0");
        assert_eq!(sanitize("GET /users/{id}"), "GET_users_id");
        assert_eq!(sanitize("!!!"), "");
    }

    #[test]
    fn long_names_are_cut_to_64_with_a_stable_distinct_hash() {
        let a = "x".repeat(70) + "a";
        let b = "x".repeat(70) + "b";
        let (sa, sb) = (shorten(&a, MAX_NAME), shorten(&b, MAX_NAME));
        assert_eq!(sa.len(), 64);
        assert_ne!(sa, sb);
        assert_eq!(sa, shorten(&a, MAX_NAME), "deterministic");
        assert_eq!(shorten("short", MAX_NAME), "short");
    }

    #[test]
    fn duplicates_get_numbered_suffixes_within_the_cap() {
        let mut namer = Namer::default();
        assert_eq!(namer.unique("list", MAX_NAME), "list");
        assert_eq!(namer.unique("list", MAX_NAME), "list_2");
        assert_eq!(namer.unique("list", MAX_NAME), "list_3");
        let long = "y".repeat(64);
        assert_eq!(namer.unique(&long, MAX_NAME), long);
        let second = namer.unique(&long, MAX_NAME);
        assert!(second.len() <= 64 && second.ends_with("_2"), "{second}");
    }
}
