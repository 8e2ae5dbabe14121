//! The checked-in completions and man pages must match what the binary generates.

use std::path::Path;

use veysi::docs;

const REGENERATE: &str = "run `scripts/gen-docs` and commit completions/ and man/";

#[test]
fn checked_in_completions_are_fresh() {
    for shell in docs::SHELLS {
        let file = Path::new("completions").join(docs::completion_file_name(shell));
        let on_disk = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{} is missing ({e}): {REGENERATE}", file.display()));
        assert!(on_disk == docs::completion(shell), "{} is stale: {REGENERATE}", file.display());
    }
}

#[test]
fn checked_in_man_pages_are_fresh() {
    let pages = docs::man_pages().expect("man pages render");
    let mut expected: Vec<String> = pages.iter().map(|(name, _)| name.clone()).collect();
    for (name, contents) in &pages {
        let file = Path::new("man").join(name);
        let on_disk = std::fs::read(&file)
            .unwrap_or_else(|e| panic!("{} is missing ({e}): {REGENERATE}", file.display()));
        assert!(&on_disk == contents, "{} is stale: {REGENERATE}", file.display());
    }
    let mut found: Vec<String> = std::fs::read_dir("man")
        .expect("man/ exists")
        .map(|e| e.expect("readable man/ entry").file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    found.sort();
    assert_eq!(found, expected, "man/ holds pages for commands that no longer exist: {REGENERATE}");
}

#[test]
fn completions_cover_every_top_level_command() {
    let bash = docs::completion(clap_complete::Shell::Bash);
    for command in ["kube-ro", "completions", "man"] {
        assert!(bash.contains(command), "bash completion lacks {command}");
    }
}
