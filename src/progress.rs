//! Progress bars on stderr (indicatif). They appear only when stderr is a terminal and
//! neither `--json` nor `--quiet` is given, so piped and machine output stays clean.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::GlobalArgs;

/// Hands out progress bars that are real or hidden depending on the output mode.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Progress for the given global flags: shown only on a terminal, without `--json`/`--quiet`.
    pub fn from_global(global: &GlobalArgs) -> Self {
        Self::new(!global.json && !global.quiet && std::io::stderr().is_terminal())
    }

    /// Progress that is shown (`true`) or hidden (`false`) regardless of the terminal.
    pub fn new(enabled: bool) -> Self {
        Self { enabled }
    }

    /// Whether bars are drawn at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// A bar counting `len` steps, labelled with `message`.
    pub fn bar(&self, len: u64, message: impl Into<Cow<'static, str>>) -> ProgressBar {
        self.make(ProgressBar::new(len), "{msg:>12} [{bar:30}] {pos}/{len} {per_sec} eta {eta}", message)
    }

    /// A spinner for work of unknown length (or a live counter the caller updates).
    pub fn spinner(&self, message: impl Into<Cow<'static, str>>) -> ProgressBar {
        let bar = self.make(ProgressBar::new_spinner(), "{spinner} {msg} {elapsed}", message);
        if self.enabled {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }

    fn make(&self, bar: ProgressBar, template: &str, message: impl Into<Cow<'static, str>>) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        bar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_progress_hands_out_hidden_bars() {
        let p = Progress::new(false);
        assert!(p.bar(10, "x").is_hidden());
        assert!(p.spinner("x").is_hidden());
    }
}
