//! `veysi http ...`: turns flags into a load configuration, runs it with a live progress
//! line on stderr, and prints the report.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;

use super::load::{self, Length, Live, LoadConfig, LoadOutcome};
use super::{BenchSummary, HttpError, RequestSpec, Target};
use crate::cli::GlobalArgs;
use crate::cli::http::{BenchArgs, HttpArgs, HttpCommand};
use crate::progress::Progress;
use crate::report::{Renderer, int};
use crate::run::UsageError;

/// Default length of a run against a URL.
const DEFAULT_DURATION: Duration = Duration::from_secs(10);

/// Runs `veysi http ...`.
pub fn run(args: HttpArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        HttpCommand::Bench(args) => bench(&args, global),
    }
}

fn bench(args: &BenchArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(args, args.url.clone(), DEFAULT_DURATION, Duration::ZERO)?;
    let outcome = run_with_progress(&config, Progress::from_global(global), &config.target.url)?;
    Renderer::from_global(global).print(&BenchSummary::new(&config, &outcome))?;
    Ok(ExitCode::SUCCESS)
}

/// All cores of the machine (1 when unknown).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The load settings the flags ask for, against `target`, with the mode's defaults.
fn load_config(
    args: &BenchArgs,
    target: Target,
    default_duration: Duration,
    default_warmup: Duration,
) -> anyhow::Result<LoadConfig> {
    let body = match (&args.body, &args.body_file) {
        (Some(body), _) => Bytes::from(body.clone()),
        (None, Some(path)) => Bytes::from(
            std::fs::read(path)
                .with_context(|| format!("cannot read the request body from {}", path.display()))?,
        ),
        (None, None) => Bytes::new(),
    };
    let request = RequestSpec::new(&target, &args.method, &args.headers, body).map_err(usage)?;
    let length = match args.requests {
        Some(n) => Length::Requests(n),
        None => Length::Duration(args.duration.unwrap_or(default_duration)),
    };
    Ok(LoadConfig {
        target,
        request,
        connections: args.connections as usize,
        threads: args.threads.map_or_else(cores, |t| t as usize),
        length,
        warmup: args.warmup.unwrap_or(default_warmup),
        rate: args.rate,
        timeout: args.timeout,
        connect_timeout: args.connect_timeout,
    })
}

fn usage(err: HttpError) -> anyhow::Error {
    UsageError(err.to_string()).into()
}

/// Runs the load on its own threads while this one keeps a live line on stderr (when shown):
/// elapsed time, requests per second over the last tick, and errors so far.
fn run_with_progress(config: &LoadConfig, progress: Progress, label: &str) -> Result<LoadOutcome, HttpError> {
    let live = Live::new(config.threads);
    if !progress.enabled() {
        return load::run(config, &live);
    }
    let bar = progress.spinner(label.to_owned());
    let outcome = std::thread::scope(|scope| {
        let worker = scope.spawn(|| load::run(config, &live));
        let started = Instant::now();
        let (mut last_requests, mut last_tick) = (0, started);
        while !worker.is_finished() {
            std::thread::sleep(Duration::from_millis(200));
            let (requests, now) = (live.requests(), Instant::now());
            let rate = (requests - last_requests) as f64 / (now - last_tick).as_secs_f64().max(1e-3);
            (last_requests, last_tick) = (requests, now);
            bar.set_message(format!(
                "{label}  {} requests  {} req/s  {} errors",
                int(requests),
                int(rate as i64),
                int(live.errors())
            ));
        }
        worker.join().unwrap_or_else(|_| Err(HttpError::Runtime("the load generator panicked".into())))
    });
    bar.finish_and_clear();
    outcome
}
