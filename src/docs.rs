//! Generated documentation: shell completion scripts and man pages, both derived from the
//! clap command tree in [`crate::cli`]. The generated files are checked in under
//! `completions/` and `man/`; `scripts/gen-docs` regenerates them and a test fails when
//! they are stale.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Every shell we ship completions for.
pub const SHELLS: [Shell; 5] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish];

/// Writes the completion script for `shell` to `out`.
pub fn write_completion(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "veysi", out);
}

/// The completion script for `shell`, as a string.
pub fn completion(shell: Shell) -> String {
    let mut buf = Vec::new();
    write_completion(shell, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The conventional file name of the completion script for `shell`.
pub fn completion_file_name(shell: Shell) -> String {
    match shell {
        Shell::Bash => "veysi.bash".into(),
        Shell::Zsh => "_veysi".into(),
        Shell::Fish => "veysi.fish".into(),
        Shell::PowerShell => "_veysi.ps1".into(),
        Shell::Elvish => "veysi.elv".into(),
        other => format!("veysi.{other}"),
    }
}

/// Every man page as (file name, contents): `veysi.1` and one page per (sub)command, named
/// `veysi-ring-simulate.1` and so on. Hidden commands get no page.
pub fn man_pages() -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut command = Cli::command();
    command.build();
    let mut pages = Vec::new();
    collect_pages(&command, "veysi", "veysi", &mut pages)?;
    Ok(pages)
}

fn collect_pages(
    command: &clap::Command,
    page: &str,
    bin_name: &str,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> io::Result<()> {
    let mut buf = Vec::new();
    let titled =
        command.clone().name(page.to_owned()).display_name(page.to_owned()).bin_name(bin_name.to_owned());
    clap_mangen::Man::new(titled).render(&mut buf)?;
    pages.push((format!("{page}.1"), buf));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        let name = sub.get_name();
        collect_pages(sub, &format!("{page}-{name}"), &format!("{bin_name} {name}"), pages)?;
    }
    Ok(())
}

/// Writes every man page into `dir` (created if missing) and returns the paths written.
pub fn write_man_pages(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (file, contents) in man_pages()? {
        let path = dir.join(file);
        std::fs::write(&path, contents)?;
        written.push(path);
    }
    Ok(written)
}
