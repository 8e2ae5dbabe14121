//! `veysi pool ...`: flags in, one report out.

use std::process::ExitCode;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::cli::pool::{BenchArgs, PoolArgs, PoolCommand};
use crate::pool::bench::{self, BenchOptions, Budget, PingKind, Scenario};
use crate::progress::Progress;
use crate::report::Renderer;
use crate::run::UsageError;

/// Runs a `pool` subcommand.
pub fn run(args: PoolArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        PoolCommand::Bench(args) => bench_command(args, global),
    }
}

fn options(args: &BenchArgs) -> Result<BenchOptions, UsageError> {
    let mut scenarios = args.scenario.clone();
    if scenarios.is_empty() {
        scenarios = Scenario::DEFAULT.to_vec();
    }
    scenarios.dedup();
    if scenarios.contains(&Scenario::Chaos) && args.target.is_some() {
        return Err(UsageError(
            "--scenario chaos restarts the built-in echo server; it cannot be combined with --target".into(),
        ));
    }
    if scenarios.contains(&Scenario::Chaos) && args.ops.is_some() {
        return Err(UsageError(
            "--scenario chaos runs for a duration; use --duration instead of --ops".into(),
        ));
    }
    if args.ping == PingKind::Redis && args.target.is_none() {
        return Err(UsageError(
            "--ping redis needs --target pointing at a Redis server (the built-in server only echoes)".into(),
        ));
    }
    let budget = match (args.ops, args.duration) {
        (Some(ops), _) => Budget::Ops(ops),
        (None, Some(d)) => Budget::Duration(d),
        (None, None) => Budget::Duration(Duration::from_secs(1)),
    };
    Ok(BenchOptions {
        target: args.target.clone(),
        ping: args.ping,
        scenarios,
        budget,
        chaos_duration: args.duration.unwrap_or(Duration::from_secs(3)),
        workers: args.workers.map(|w| w as usize),
        compare: args.compare,
        seed: args.seed,
    })
}

fn bench_command(args: BenchArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let options = options(&args)?;
    let progress = Progress::from_global(global).bar(bench::planned_runs(&options), "pool bench");
    let runtime = crate::run::runtime(None)?;
    let report = runtime.block_on(bench::run(&options, &progress))?;
    progress.finish_and_clear();
    Renderer::from_global(global).print(&report)?;
    Ok(ExitCode::SUCCESS)
}
