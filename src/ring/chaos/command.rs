//! `veysi ring chaos`: checks the flags, starts or reaches the servers, runs the experiment
//! (stopping cleanly on Ctrl-C and SIGTERM), prints one report.

use std::process::ExitCode;
use std::time::Instant;

use super::cluster::RedisCluster;
use super::experiment::{self, Plan};
use super::node::NodeOptions;
use super::report::ChaosReport;
use crate::cli::GlobalArgs;
use crate::cli::ring_chaos::ChaosArgs;
use crate::progress::Progress;
use crate::report::Renderer;
use crate::ring::command::BarObserver;
use crate::run::UsageError;

/// Exit code after an interruption (128 + SIGINT, as shells report it).
const INTERRUPTED: u8 = 130;

/// Where the servers come from.
enum Servers {
    Spawn(u32),
    Redis(Vec<String>),
}

/// Runs `veysi ring chaos`.
pub fn run(args: ChaosArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let (plan, servers) = plan_of(&args)?;
    let options = NodeOptions {
        timeout: args.timeout,
        connections: args.connections as usize,
        pipeline: args.pipeline as usize,
    };
    let bar = BarObserver(Progress::from_global(global).bar(0, "starting"));
    let runtime = crate::run::runtime(None)?;
    // The experiment runs in the block_on future, on this (main) thread: spawned servers are
    // tied to the thread that starts them (see `spawn`).
    let outcome = runtime.block_on(async {
        let stop = crate::signal::shutdown_on_signal();
        tokio::select! {
            report = chaos(&args, &plan, &servers, options, &bar) => Some(report),
            () = stop.cancelled() => None,
        }
    });
    bar.0.finish_and_clear();
    match outcome {
        None => {
            // The experiment future is gone, and with it every server it started.
            if !global.quiet {
                eprintln!("veysi ring chaos: interrupted; the redis-server processes it started are stopped");
            }
            Ok(ExitCode::from(INTERRUPTED))
        }
        Some(report) => {
            Renderer::from_global(global).print(&report?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks the flags against each other and against the node names; nothing is started yet.
fn plan_of(args: &ChaosArgs) -> Result<(Plan, Servers), UsageError> {
    let (servers, count) = match args.spawn {
        Some(n) => (Servers::Spawn(n), n as usize),
        None => {
            let mut seen = std::collections::HashSet::new();
            if let Some(dup) = args.redis.iter().find(|a| !seen.insert(a.as_str())) {
                return Err(UsageError(format!("--redis lists {dup} twice: give each server once")));
            }
            (Servers::Redis(args.redis.clone()), args.redis.len())
        }
    };
    let names: Vec<String> = (1..=count).map(|i| format!("redis-{i}")).collect();
    // --kill takes a name, or one of the --redis addresses.
    let kill = args.kill.as_ref().map(|k| match args.redis.iter().position(|a| a == k) {
        Some(i) => names[i].clone(),
        None => k.clone(),
    });
    let mut algorithms = args.algorithms.clone();
    let mut seen = std::collections::HashSet::new();
    algorithms.retain(|a| seen.insert(*a));
    let plan = Plan {
        keys: args.keys,
        algorithms,
        router: args.router.config(),
        seed: args.seed,
        kill,
        mass: args.mass,
        restore: args.restore,
        prefix: args.prefix.clone(),
    };
    plan.router.validate().map_err(|e| UsageError(e.to_string()))?;
    experiment::victims(&plan, &names).map_err(UsageError)?;
    Ok((plan, servers))
}

/// Starts or reaches the servers, runs the experiment, and stops what it started (also when
/// the experiment fails: dropping the cluster kills its servers).
async fn chaos(
    args: &ChaosArgs,
    plan: &Plan,
    servers: &Servers,
    options: NodeOptions,
    observer: &BarObserver,
) -> anyhow::Result<ChaosReport> {
    let started = Instant::now();
    observer.0.set_message("starting servers");
    let mut cluster = match servers {
        Servers::Spawn(n) => RedisCluster::spawn(&args.redis_server, *n as usize, options).await?,
        Servers::Redis(addresses) => RedisCluster::connect(addresses, args.flush, options).await?,
    };
    let (events, algorithms) = experiment::run(&mut cluster, plan, observer).await?;
    let nodes = cluster.describe();
    if cluster.is_spawned() {
        cluster.stop();
    } else {
        observer.0.set_message("deleting keys");
        for &algorithm in &plan.algorithms {
            let names = experiment::KeyNames::new(&plan.prefix, algorithm);
            for start in (0..plan.keys).step_by(experiment::CHUNK) {
                let end = plan.keys.min(start + experiment::CHUNK as u32);
                cluster.delete(&names.chunk(start..end).keys()).await?;
            }
        }
    }
    Ok(ChaosReport {
        source: if cluster.is_spawned() { "spawn" } else { "redis" },
        keys: u64::from(plan.keys),
        seed: plan.seed,
        router: plan.router,
        killed: events.killed,
        mass_killed: events.mass_killed,
        restored: events.restored,
        nodes,
        algorithms,
        duration_ms: started.elapsed().as_secs_f64() * 1e3,
    })
}
