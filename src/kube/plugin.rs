//! `veysi kube-ro install-plugin DIR`: the `kubectl-ro` symlink that lets kubectl find the
//! wrapper as its `ro` plugin.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::KUBECTL_PLUGIN_NAME;
use crate::kube::runner::same_file;
use crate::report::{Report, Section, Style, text};

/// Why the link could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The directory cannot be created.
    #[error("cannot create {0}: {1}")]
    CreateDir(PathBuf, std::io::Error),
    /// A file that is not a symlink is in the way.
    #[error("{0} exists and is not a symlink to veysi; move it away first")]
    Occupied(PathBuf),
    /// A symlink to something else is in the way.
    #[error("{0} already points to {1}; pass --force to replace it")]
    PointsElsewhere(PathBuf, PathBuf),
    /// Creating or replacing the link failed.
    #[error("cannot create the symlink {0}: {1}")]
    Link(PathBuf, std::io::Error),
}

/// What `install-plugin` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstallReport {
    /// The symlink: `DIR/kubectl-ro`.
    pub link: PathBuf,
    /// What it points to: this binary.
    pub target: PathBuf,
    /// False when the link was already in place.
    pub created: bool,
    /// Whether DIR is on PATH (kubectl finds plugins only there).
    pub dir_on_path: bool,
    /// Other `kubectl-ro-*` executables on PATH: kubectl's greedy plugin lookup would run them
    /// instead of kubectl-ro for `kubectl ro <that suffix> ...`.
    pub shadowing: Vec<PathBuf>,
}

impl Report for InstallReport {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut table = style.table(&["item", "value"]);
        table.add_row(vec![text("link"), text(self.link.display())]);
        table.add_row(vec![text("target"), text(self.target.display())]);
        table.add_row(vec![text("created"), text(if self.created { "yes" } else { "no, already in place" })]);
        table.add_row(vec![text("directory on PATH"), text(if self.dir_on_path { "yes" } else { "no" })]);
        let mut section = Section::new("kubectl ro plugin", table);
        if !self.dir_on_path {
            section = section
                .note(format!("add {} to PATH so that `kubectl ro` finds it", parent(&self.link).display()));
        }
        for path in &self.shadowing {
            section = section.note(format!(
                "warning: {} shadows `kubectl ro {}` (kubectl tries the longest plugin name first)",
                path.display(),
                shadowed_words(path)
            ));
        }
        vec![section]
    }
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

fn shadowed_words(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.strip_prefix("kubectl-ro-").unwrap_or(&name).replace('-', " ")
}

/// Creates `dir/kubectl-ro` pointing at `target` (this binary). `path_var` is PATH, for the
/// on-PATH check and the shadowing scan.
pub fn install(
    dir: &Path,
    target: &Path,
    force: bool,
    path_var: &std::ffi::OsStr,
) -> Result<InstallReport, InstallError> {
    std::fs::create_dir_all(dir).map_err(|e| InstallError::CreateDir(dir.to_owned(), e))?;
    let link = dir.join(KUBECTL_PLUGIN_NAME);
    let created = match std::fs::symlink_metadata(&link) {
        Err(_) => {
            std::os::unix::fs::symlink(target, &link).map_err(|e| InstallError::Link(link.clone(), e))?;
            true
        }
        Ok(_) if same_file(&link, target) => false,
        Ok(meta) if !meta.file_type().is_symlink() => return Err(InstallError::Occupied(link)),
        Ok(_) if !force => {
            let points_to = std::fs::read_link(&link).unwrap_or_default();
            return Err(InstallError::PointsElsewhere(link, points_to));
        }
        Ok(_) => {
            let staging = dir.join(format!(".{KUBECTL_PLUGIN_NAME}.{}", std::process::id()));
            std::os::unix::fs::symlink(target, &staging)
                .map_err(|e| InstallError::Link(staging.clone(), e))?;
            std::fs::rename(&staging, &link).map_err(|e| {
                let _ = std::fs::remove_file(&staging);
                InstallError::Link(link.clone(), e)
            })?;
            true
        }
    };
    let path_dirs: Vec<PathBuf> = std::env::split_paths(path_var).collect();
    let dir_on_path = path_dirs.iter().any(|p| same_file(p, dir));
    let mut shadowing: Vec<PathBuf> = path_dirs
        .iter()
        .filter_map(|p| std::fs::read_dir(p).ok())
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("kubectl-ro-")))
        .collect();
    shadowing.sort();
    shadowing.dedup();
    Ok(InstallReport { link, target: target.to_owned(), created, dir_on_path, shadowing })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_once_refuses_to_clobber_and_replaces_with_force() {
        let tmp = tempfile::tempdir().unwrap();
        let (target, other) = (tmp.path().join("veysi"), tmp.path().join("other"));
        std::fs::write(&target, "bin").unwrap();
        std::fs::write(&other, "bin").unwrap();
        let dir = tmp.path().join("bin");
        let report = install(&dir, &target, false, dir.as_os_str()).unwrap();
        assert!(report.created && report.dir_on_path);
        assert_eq!(std::fs::read_link(dir.join("kubectl-ro")).unwrap(), target);
        assert!(!install(&dir, &target, false, dir.as_os_str()).unwrap().created);

        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&other, elsewhere.join("kubectl-ro")).unwrap();
        assert!(matches!(
            install(&elsewhere, &target, false, "".as_ref()),
            Err(InstallError::PointsElsewhere(..))
        ));
        let report = install(&elsewhere, &target, true, "".as_ref()).unwrap();
        assert!(report.created && !report.dir_on_path);
        assert!(same_file(&elsewhere.join("kubectl-ro"), &target));

        let occupied = tmp.path().join("occupied");
        std::fs::create_dir(&occupied).unwrap();
        std::fs::write(occupied.join("kubectl-ro"), "someone else's").unwrap();
        assert!(matches!(install(&occupied, &target, true, "".as_ref()), Err(InstallError::Occupied(_))));
    }

    #[test]
    fn plugins_that_would_shadow_subcommands_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("veysi");
        std::fs::write(&target, "bin").unwrap();
        std::fs::write(tmp.path().join("kubectl-ro-get"), "x").unwrap();
        let report = install(&tmp.path().join("bin"), &target, false, tmp.path().as_os_str()).unwrap();
        assert_eq!(report.shadowing, [tmp.path().join("kubectl-ro-get")]);
        assert_eq!(shadowed_words(&report.shadowing[0]), "get");
    }
}
