//! `veysi http ...`: turns flags into a load configuration, runs it with a live progress
//! line on stderr, and prints the report.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use bytes::Bytes;

use serde::Serialize;

use super::compare::{CompareConfig, compare};
use super::load::{self, Length, Live, LoadConfig, LoadOutcome};
use super::server::RunningServer;
use super::{BenchSummary, HttpError, RequestSpec, Target};
use crate::cli::GlobalArgs;
use crate::cli::http::{BenchArgs, HttpArgs, HttpCommand, ServeArgs};
use crate::progress::Progress;
use crate::report::{Renderer, Report, Section, Style, int, text};
use crate::run::UsageError;

/// Default length of a run against a URL.
const DEFAULT_DURATION: Duration = Duration::from_secs(10);
/// Default length and warm-up of each run of the stack comparison (six runs by default).
const COMPARE_DURATION: Duration = Duration::from_secs(2);
const COMPARE_WARMUP: Duration = Duration::from_millis(500);

/// Runs `veysi http ...`.
pub fn run(args: HttpArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        HttpCommand::Bench(args) => match args.url.clone() {
            Some(target) => bench(&args, target, global),
            None => compare_stacks(&args, global),
        },
        HttpCommand::Serve(args) => serve(&args, global),
    }
}

fn bench(args: &BenchArgs, target: Target, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(args, target, DEFAULT_DURATION, Duration::ZERO)?;
    let outcome = run_with_progress(&config, Progress::from_global(global), &config.target.url)?;
    Renderer::from_global(global).print(&BenchSummary::new(&config, &outcome))?;
    Ok(ExitCode::SUCCESS)
}

fn compare_stacks(args: &BenchArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let server_threads = args.server_threads.map_or_else(|| (cores() / 2).max(1), |t| t as usize);
    // Placeholder target: each run replaces it with the stack's own address.
    let placeholder = Target::parse("http://127.0.0.1/")?;
    let mut load = load_config(args, placeholder, COMPARE_DURATION, COMPARE_WARMUP)?;
    if args.threads.is_none() {
        load.threads = cores().saturating_sub(server_threads).max(1);
    }
    let config = CompareConfig { stacks: args.stacks.clone(), server_threads, load };
    let progress = Progress::from_global(global);
    let report = compare(&config, |load, label| run_with_progress(load, progress, label))?;
    Renderer::from_global(global).print(&report)?;
    Ok(ExitCode::SUCCESS)
}

/// What `veysi http serve` reports once it listens.
#[derive(Debug, Serialize)]
struct Serving {
    stack: super::server::Stack,
    url: String,
}

impl Report for Serving {
    fn sections(&self, style: &Style) -> Vec<Section> {
        let mut table = style.table(&["stack", "url"]);
        table.add_row(vec![text(self.stack), text(&self.url)]);
        vec![Section::new("Serving", table)]
    }
}

fn serve(args: &ServeArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let threads = args.threads.map_or_else(cores, |t| t as usize);
    let server = RunningServer::start(args.stack, args.listen, threads)?;
    Renderer::from_global(global)
        .print(&Serving { stack: args.stack, url: format!("http://{}/", server.addr()) })?;
    let waiter = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    waiter.block_on(async {
        match args.duration {
            Some(d) => tokio::select! {
                _ = tokio::time::sleep(d) => {}
                _ = tokio::signal::ctrl_c() => {}
            },
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    });
    drop(server);
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
        engine: args.engine,
    })
}

fn usage(err: HttpError) -> anyhow::Error {
    UsageError(err.to_string()).into()
}

/// Runs the load on its own threads while this one keeps a live line on stderr (when shown):
/// requests so far (a bar toward `-n`, else a spinner with the elapsed time), requests per
/// second over the last tick, and errors so far.
fn run_with_progress(config: &LoadConfig, progress: Progress, label: &str) -> Result<LoadOutcome, HttpError> {
    let live = Live::new(config.threads);
    if !progress.enabled() {
        return load::run(config, &live);
    }
    let bar = match config.length {
        Length::Requests(n) => progress.bar(n, label.to_owned()),
        Length::Duration(_) => progress.spinner(label.to_owned()),
    };
    let outcome = std::thread::scope(|scope| {
        let worker = scope.spawn(|| load::run(config, &live));
        let started = Instant::now();
        let (mut last_requests, mut last_tick) = (0, started);
        while !worker.is_finished() {
            std::thread::sleep(Duration::from_millis(200));
            let (requests, now) = (live.requests(), Instant::now());
            let rate = (requests - last_requests) as f64 / (now - last_tick).as_secs_f64().max(1e-3);
            (last_requests, last_tick) = (requests, now);
            bar.set_position(requests);
            let counted = match config.length {
                Length::Requests(_) => String::new(),
                Length::Duration(_) => format!("{} requests  ", int(requests)),
            };
            bar.set_message(format!(
                "{label}  {counted}{} req/s  {} errors",
                int(rate as i64),
                int(live.errors())
            ));
        }
        worker.join().unwrap_or_else(|_| Err(HttpError::Runtime("the load generator panicked".into())))
    });
    bar.finish_and_clear();
    outcome
}
