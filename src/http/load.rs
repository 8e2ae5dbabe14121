//! The load generator: connections spread over generator threads, each thread a
//! current-thread tokio runtime (no cross-thread wake-ups, no shared state on the hot path),
//! in the closed model (send the next request as soon as the answer arrives) or the open
//! model (requests at a fixed rate, latency from each request's intended send time).

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::HttpError;
use super::client::{Engine, Link, Outcome, Prepared};
use super::deadline::Deadline;
use super::stats::{ErrorClass, Recorder};
use super::target::{RequestSpec, Target};

/// How long a run lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Send requests for this long (after the warm-up).
    Duration(Duration),
    /// Send exactly this many requests (after the warm-up).
    Requests(u64),
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    pub target: Target,
    pub request: RequestSpec,
    /// Keep-alive connections, all open at once.
    pub connections: usize,
    /// Generator threads (at most one per connection is used).
    pub threads: usize,
    pub length: Length,
    /// Load sent first and not counted, to fill caches and connection pools.
    pub warmup: Duration,
    /// Open model: requests per second across all connections. `None`: closed model.
    pub rate: Option<f64>,
    /// Per-request limit for the complete response.
    pub timeout: Duration,
    /// Limit for opening one connection; a connection that cannot reconnect for this long
    /// gives up.
    pub connect_timeout: Duration,
    /// The client implementation.
    pub engine: Engine,
}

/// The merged records of a run and the time they cover.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    pub recorder: Recorder,
    /// From the end of the warm-up to the last counted response.
    pub elapsed: Duration,
}

/// Counters a progress display reads while the run goes on: one cache line per thread, each
/// written by its own thread only.
#[derive(Debug, Clone)]
pub struct Live {
    threads: Arc<[LiveCounters]>,
}

#[derive(Debug, Default)]
#[repr(align(64))]
struct LiveCounters {
    requests: AtomicU64,
    errors: AtomicU64,
}

impl LiveCounters {
    fn bump(counter: &AtomicU64) {
        // Single writer: a plain load and store, no locked read-modify-write.
        counter.store(counter.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }
}

impl Live {
    /// Counters for up to `threads` generator threads.
    pub fn new(threads: usize) -> Self {
        Self { threads: (0..threads.max(1)).map(|_| LiveCounters::default()).collect() }
    }

    fn slot(&self, thread: usize) -> &LiveCounters {
        &self.threads[thread % self.threads.len()]
    }

    /// Counted requests so far.
    pub fn requests(&self) -> u64 {
        self.threads.iter().map(|t| t.requests.load(Ordering::Relaxed)).sum()
    }

    /// Counted failures so far (transport errors, connect failures and status ≥ 400).
    pub fn errors(&self) -> u64 {
        self.threads.iter().map(|t| t.errors.load(Ordering::Relaxed)).sum()
    }
}

/// When requests go out: shared by all threads, read-only except for the ticket counter.
#[derive(Debug)]
struct Plan {
    start: Instant,
    measure_from: Instant,
    /// Closed model with a duration: no request starts after this.
    stop_at: Option<Instant>,
    /// Tickets handed out so far (open model, or a request count).
    next_ticket: AtomicU64,
    /// Tickets below this are warm-up (open model).
    warmup_tickets: u64,
    /// No ticket at or above this is handed out.
    ticket_limit: u64,
    /// Open model: time between intended send times.
    interval: Option<Duration>,
}

/// Permission to send one request.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Counted in the results (false during the warm-up).
    measured: bool,
    /// Open model: when the request should go out.
    intended: Option<Instant>,
}

impl Plan {
    fn new(config: &LoadConfig, start: Instant) -> Self {
        let measure_from = start + config.warmup;
        let interval = config.rate.map(|r| Duration::from_secs_f64(1.0 / r));
        let (stop_at, warmup_tickets, ticket_limit) = match (config.rate, config.length) {
            (Some(rate), length) => {
                let warmup = (config.warmup.as_secs_f64() * rate).ceil() as u64;
                let measured = match length {
                    Length::Requests(n) => n,
                    Length::Duration(d) => (d.as_secs_f64() * rate).round() as u64,
                };
                (None, warmup, warmup + measured)
            }
            (None, Length::Duration(d)) => (Some(measure_from + d), 0, u64::MAX),
            (None, Length::Requests(n)) => (None, 0, n),
        };
        Self {
            start,
            measure_from,
            stop_at,
            next_ticket: AtomicU64::new(0),
            warmup_tickets,
            ticket_limit,
            interval,
        }
    }

    /// The next request to send, or `None` when the run is over for this connection.
    fn next(&self, now: Instant) -> Option<Slot> {
        if let Some(interval) = self.interval {
            let ticket = self.take_ticket()?;
            let intended = self.start + interval.mul_f64(ticket as f64);
            return Some(Slot { measured: ticket >= self.warmup_tickets, intended: Some(intended) });
        }
        if self.stop_at.is_some_and(|stop| now >= stop) {
            return None;
        }
        let measured = now >= self.measure_from;
        if measured && self.ticket_limit != u64::MAX {
            self.take_ticket()?;
        }
        Some(Slot { measured, intended: None })
    }

    fn take_ticket(&self) -> Option<u64> {
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        (ticket < self.ticket_limit).then_some(ticket)
    }
}

/// Immutable inputs shared by the connections of one thread.
struct Job {
    addr: SocketAddr,
    live: Live,
    thread: usize,
    request: Prepared,
    engine: Engine,
    timeout: Duration,
    connect_timeout: Duration,
}

/// Per-thread state the connections of that thread share.
struct ThreadState {
    recorder: RefCell<Recorder>,
    last_done: Cell<Option<Instant>>,
}

/// Runs a load test to completion on its own threads. Fails before sending anything when
/// the target cannot be resolved or connected to.
pub fn run(config: &LoadConfig, live: &Live) -> Result<LoadOutcome, HttpError> {
    if config.connections == 0 {
        return Err(HttpError::Config("at least one connection is needed".into()));
    }
    if config.rate.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
        return Err(HttpError::Config("the rate must be a positive number of requests per second".into()));
    }
    let addr = probe(config)?;
    let threads = config.threads.clamp(1, config.connections);
    let plan = Arc::new(Plan::new(config, Instant::now()));
    let outcomes: Vec<Result<(Recorder, Option<Instant>), HttpError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let conns = config.connections / threads + usize::from(t < config.connections % threads);
                let (plan, live) = (Arc::clone(&plan), live.clone());
                scope.spawn(move || run_thread(config, addr, conns, plan, live, t))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Err(HttpError::Runtime("a generator thread panicked".into())))
            })
            .collect()
    });
    let mut recorder = Recorder::new(config.rate.is_some());
    let mut last_done = plan.measure_from;
    for outcome in outcomes {
        let (r, done) = outcome?;
        recorder.merge(&r);
        last_done = last_done.max(done.unwrap_or(last_done));
    }
    Ok(LoadOutcome { recorder, elapsed: last_done.saturating_duration_since(plan.measure_from) })
}

/// Resolves the target and opens one connection, so a wrong address fails fast and clearly.
fn probe(config: &LoadConfig) -> Result<SocketAddr, HttpError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| HttpError::Runtime(e.to_string()))?;
    rt.block_on(async {
        let addr = config.target.resolve(config.connect_timeout).await?;
        Link::connect(config.engine, addr, config.connect_timeout)
            .await
            .map_err(|e| HttpError::Connect { addr: addr.to_string(), reason: e.to_string() })?;
        Ok(addr)
    })
}

fn run_thread(
    config: &LoadConfig,
    addr: SocketAddr,
    connections: usize,
    plan: Arc<Plan>,
    live: Live,
    thread: usize,
) -> Result<(Recorder, Option<Instant>), HttpError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| HttpError::Runtime(e.to_string()))?;
    let job = Rc::new(Job {
        addr,
        live,
        thread,
        request: Prepared::new(&config.target, &config.request),
        engine: config.engine,
        timeout: config.timeout,
        connect_timeout: config.connect_timeout,
    });
    let state = Rc::new(ThreadState {
        recorder: RefCell::new(Recorder::new(config.rate.is_some())),
        last_done: Cell::new(None),
    });
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async {
        let tasks: Vec<_> = (0..connections)
            .map(|_| {
                tokio::task::spawn_local(connection(Rc::clone(&job), Rc::clone(&state), Arc::clone(&plan)))
            })
            .collect();
        for task in tasks {
            let _ = task.await;
        }
    });
    drop(job);
    let state =
        Rc::try_unwrap(state).map_err(|_| HttpError::Runtime("connection tasks outlived the run".into()))?;
    Ok((state.recorder.into_inner(), state.last_done.get()))
}

/// Shortest and longest pause between reconnection attempts.
const MIN_BACKOFF: Duration = Duration::from_millis(5);
const MAX_BACKOFF: Duration = Duration::from_millis(500);

/// One connection's life: take a slot, (re)connect if needed, send, record; until the plan
/// says stop.
async fn connection(job: Rc<Job>, state: Rc<ThreadState>, plan: Arc<Plan>) {
    let mut link: Option<Link> = None;
    let mut timer = Deadline::new(Instant::now() + job.timeout);
    let live = job.live.slot(job.thread);
    while let Some(slot) = plan.next(Instant::now()) {
        // Open model: a connection that is free before the intended time waits for it, and
        // its latency starts when it wakes (timer lateness is ours, not the server's). One
        // that only got to the slot after its time (all connections were busy) measures from
        // the intended time: the wait is the server's doing (coordinated omission).
        let mut corrected_start = None;
        if let Some(intended) = slot.intended {
            if intended > Instant::now() {
                tokio::time::sleep_until(intended).await;
            } else {
                corrected_start = Some(intended);
            }
        }
        let Some(current) = ensure_link(&mut link, &job, &state, &mut timer, slot.measured).await else {
            return;
        };
        let start = Instant::now();
        let outcome = current.exchange(&job.request, &mut timer, start + job.timeout).await;
        let done = Instant::now();
        let (received, sent) = current.take_counts();
        if let Outcome::Failed(_) = outcome {
            link = None;
        }
        if !slot.measured {
            continue;
        }
        let mut r = state.recorder.borrow_mut();
        r.bytes_received += received;
        r.bytes_sent += sent;
        match outcome {
            Outcome::Response(status) => {
                let measured = done - start;
                r.response(status, done - corrected_start.unwrap_or(start), measured);
                if status >= 400 {
                    LiveCounters::bump(&live.errors);
                }
            }
            Outcome::Failed(class) => {
                r.error(class);
                LiveCounters::bump(&live.errors);
            }
        }
        LiveCounters::bump(&live.requests);
        state.last_done.set(Some(state.last_done.get().map_or(done, |d| d.max(done))));
    }
}

/// Returns a connection ready for the next request, reconnecting with backoff as needed.
/// `None` when reconnecting has failed for longer than the connect timeout: the connection
/// gives up.
async fn ensure_link<'a>(
    link: &'a mut Option<Link>,
    job: &Job,
    state: &ThreadState,
    timer: &mut Deadline,
    measured: bool,
) -> Option<&'a mut Link> {
    if let Some(current) = link.as_mut() {
        if current.ready(timer, Instant::now() + job.timeout).await {
            return link.as_mut();
        }
        *link = None;
    }
    let failing_since = Instant::now();
    let mut backoff = MIN_BACKOFF;
    loop {
        match Link::connect(job.engine, job.addr, job.connect_timeout).await {
            Ok(fresh) => return Some(link.insert(fresh)),
            Err(_) => {
                if measured {
                    state.recorder.borrow_mut().error(ErrorClass::Connect);
                    LiveCounters::bump(&job.live.slot(job.thread).errors);
                }
                if failing_since.elapsed() >= job.connect_timeout {
                    return None;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(length: Length, warmup: Duration, rate: Option<f64>) -> LoadConfig {
        let target = Target::parse("http://127.0.0.1:1/").unwrap();
        LoadConfig {
            request: RequestSpec::get(&target),
            target,
            connections: 1,
            threads: 1,
            length,
            warmup,
            rate,
            timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(1),
            engine: Engine::Native,
        }
    }

    fn drain(plan: &Plan, now: Instant) -> Vec<Slot> {
        std::iter::from_fn(|| plan.next(now)).take(100_000).collect()
    }

    #[test]
    fn open_model_hands_out_warmup_then_measured_slots_on_schedule() {
        let start = Instant::now();
        let plan = Plan::new(
            &config(Length::Duration(Duration::from_secs(2)), Duration::from_millis(500), Some(100.0)),
            start,
        );
        let slots = drain(&plan, start);
        assert_eq!(slots.len(), 50 + 200, "0.5 s of warm-up and 2 s of measurement at 100/s");
        assert_eq!(slots.iter().filter(|s| s.measured).count(), 200);
        assert!(slots[..50].iter().all(|s| !s.measured));
        assert_eq!(slots[10].intended, Some(start + Duration::from_millis(100)));
        assert_eq!(slots[249].intended, Some(start + Duration::from_millis(2490)));
    }

    #[test]
    fn request_counts_limit_measured_slots_only() {
        let start = Instant::now();
        let plan = Plan::new(&config(Length::Requests(7), Duration::from_secs(1), None), start);
        assert!(plan.next(start).is_some_and(|s| !s.measured), "warm-up slots are free");
        let after = start + Duration::from_secs(1);
        let measured = drain(&plan, after);
        assert_eq!(measured.len(), 7);
        assert!(measured.iter().all(|s| s.measured && s.intended.is_none()));
    }

    #[test]
    fn timed_closed_runs_stop_at_the_deadline() {
        let start = Instant::now();
        let plan = Plan::new(&config(Length::Duration(Duration::from_secs(1)), Duration::ZERO, None), start);
        assert!(plan.next(start + Duration::from_millis(999)).is_some());
        assert!(plan.next(start + Duration::from_secs(1)).is_none());
    }
}
