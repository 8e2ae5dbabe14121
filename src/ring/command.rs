//! `veysi ring ...`: runs the library and prints one report.

use std::process::ExitCode;

use indicatif::ProgressBar;

use crate::cli::GlobalArgs;
use crate::cli::ring::{RingArgs, RingCommand, SimulateArgs};
use crate::progress::Progress;
use crate::report::Renderer;
use crate::ring::keys::Observer;
use crate::ring::scenario;
use crate::run::UsageError;

/// Runs a `ring` subcommand.
pub fn run(args: RingArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        RingCommand::Simulate(args) => simulate(&args, global),
        RingCommand::Chaos(args) => super::chaos::command::run(args, global),
    }
}

fn simulate(args: &SimulateArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let params = args.params();
    params.validate(args.scenario).map_err(UsageError)?;
    let observer = BarObserver(Progress::from_global(global).bar(0, "starting"));
    let report = scenario::simulate(args.scenario, &params, &observer);
    observer.0.finish_and_clear();
    Renderer::from_global(global).print(&report?)?;
    Ok(ExitCode::SUCCESS)
}

/// Shows simulation stages on a progress bar (hidden unless stderr is a terminal).
pub(crate) struct BarObserver(pub(crate) ProgressBar);

impl Observer for BarObserver {
    fn stage(&self, label: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(label.to_owned());
    }

    fn advance(&self, done: u64) {
        self.0.inc(done);
    }
}
