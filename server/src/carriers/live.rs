//! The carrier simulator, live: Bazaar's carriers move the open shipments through their planned stories as real
//! carriers would — each event in the carrier's native format, signed with the carrier's secret and posted over
//! HTTP to a Bazaar server's webhook (`POST /api/v1/carriers/{carrier}/events`), so signatures, deduplication and
//! out-of-order handling are exercised exactly as with a real carrier.
//!
//! One piece serves the `simulate-carriers` command, the server's background mode (`[logistics] simulator`), the
//! API test and the carrier-events benchmark:
//! - [`LiveSimulation`] (pure): the parcels being moved and, tick by tick, what each carrier sends.
//! - [`Delivery`]: one request as the carrier writes it (BatchFreight batches its updates, the others send one
//!   event per request).
//! - [`WebhookClient`]: signs and posts a delivery, and reads the server's answer.
//! - [`simulate_open_shipments`]: the command's run; [`spawn_background`]: the server's loop.
//!
//! # Time
//! The plan's stories happen over simulated hours; live, an event happens when it is sent, so it is never ahead of
//! the clock of the server receiving it. The plan still decides the order: a parcel sends one event per tick (a
//! leg the plan made half a day or longer, which a delay does, waits one tick more), in the plan's sending order
//! with its duplicates and swaps. An event sent ahead of one that happened before it dates the skipped ones a unit
//! of the carrier's clock apart before it (a second; a minute for Scanline, whose scans print minutes), so when
//! they arrive they are recognisably older and move nothing: a lost parcel stays lost. A parcel starts once the
//! carrier's clock, at its precision, has passed the time the shipment's status was set, so its timeline reads
//! label first, as a real carrier's would (the server itself takes a first scan dated before the label).
//!
//! # Invariants
//! - Every loop is bounded: a story has a handful of events, at most [`MAX_LIVE_PARCELS`] move at once, and the
//!   background mode gives a parcel up after [`MAX_PASSES`] whole stories.
//! - An event is never dated after the moment it is signed and sent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Bytes;
use serde_json::Value;
use shared::tracking::TrackingStatus;

use super::ADAPTERS;
use super::simulator::{Rates, Story, StoryEvent, encode, plan};
use crate::clock::SharedClock;
use crate::db::Database;
use crate::db::shipments as store;
use crate::payments::webhook::sign;
use crate::services::logistics::CARRIER_SIGNATURE_HEADER;

/// Most updates BatchFreight puts in one batch.
pub const BATCH_UPDATES: usize = 50;
/// Most parcels moving at once; more open shipments wait for a place.
pub const MAX_LIVE_PARCELS: usize = 10_000;
/// Whole stories the background mode plays for a parcel that is still open afterwards (a request failed, or news
/// came from elsewhere) before leaving it alone.
pub const MAX_PASSES: u8 = 3;
/// Requests in flight at once.
const CONCURRENT_REQUESTS: usize = 8;
/// A request may take this long before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A plan leg this long or longer takes an extra tick.
const LONG_LEG_MS: i64 = 12 * 60 * 60 * 1_000;
/// Characters of a failed answer kept in the error.
const ERROR_BODY_CHARS: usize = 200;
/// How long a run waits for the carriers' clock to pass the labels' times before giving up.
const MAX_WAIT: Duration = Duration::from_secs(120);
/// The pause between ticks while every parcel waits (at a step shorter than this).
const IDLE_STEP: Duration = Duration::from_millis(200);

/// How the simulator moves parcels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveOptions {
    /// How often things go wrong.
    pub rates: Rates,
    /// With the tracking number, decides a parcel's story: the same seed replays the same story, so a run that
    /// was interrupted can be resumed (what was sent before comes again as duplicates).
    pub seed: u64,
    /// Time between ticks (each moving parcel sends at most one event per tick).
    pub step: Duration,
}

/// A parcel's story, the same for the same tracking number, rates and seed whatever else is planned beside it.
pub fn story_of(tracking_number: &str, rates: Rates, seed: u64) -> Story {
    // Only the legs' lengths of the plan's times are used live (see the module's "Time").
    plan(&[tracking_number.to_string()], 0, rates, seed ^ fnv1a(tracking_number)).remove(0)
}

/// FNV-1a: a stable hash (the standard library's may change between releases, and stories must not).
fn fnv1a(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3))
}

/// The smallest step of a carrier's clock as its format writes it.
fn clock_unit_ms(carrier: &str) -> i64 {
    if carrier == "scanline" { 60_000 } else { 1_000 }
}

/// An open shipment of a built-in carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenParcel {
    /// The carrier's code.
    pub carrier: &'static str,
    /// The number the carrier issued, which its events carry.
    pub tracking_number: String,
    /// When its current status was set (its label's time for a new shipment).
    pub since_ms: i64,
}

/// One request as a carrier sends it.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The carrier's code, which is also its webhook's path segment.
    pub carrier: &'static str,
    /// The carrier's native JSON.
    pub body: Bytes,
    /// Events in the body.
    pub events: u32,
}

impl Delivery {
    /// One event in the carrier's format (NumeriPost and Scanline send events one by one).
    pub fn single(carrier: &'static str, event: &StoryEvent) -> Delivery {
        Delivery { carrier, body: Bytes::from(encode(carrier, event).to_string()), events: 1 }
    }

    /// A BatchFreight batch of these events' updates (at most [`BATCH_UPDATES`] make sense; the carrier allows 500).
    pub fn batch(events: &[StoryEvent]) -> Delivery {
        let updates: Vec<Value> =
            events.iter().map(|event| encode("batchfreight", event)["updates"][0].clone()).collect();
        let first = events.first().map_or("empty", |event| event.event_id.as_str());
        let body =
            serde_json::json!({ "batch": format!("sim-{first}+{}", events.len()), "updates": updates });
        Delivery {
            carrier: "batchfreight",
            body: Bytes::from(body.to_string()),
            events: u32::try_from(events.len()).unwrap_or(u32::MAX),
        }
    }

    /// Each event as its carrier sends it: BatchFreight's in batches of [`BATCH_UPDATES`] in the order given, the
    /// others' one per request.
    pub fn for_events(events: Vec<(&'static str, StoryEvent)>) -> Vec<Delivery> {
        let mut deliveries = Vec::with_capacity(events.len());
        let mut batched = Vec::new();
        for (carrier, event) in events {
            if carrier == "batchfreight" {
                batched.push(event);
            } else {
                deliveries.push(Delivery::single(carrier, &event));
            }
        }
        deliveries.extend(batched.chunks(BATCH_UPDATES).map(Delivery::batch));
        deliveries
    }
}

/// A parcel on the move.
#[derive(Debug, Clone)]
struct Parcel {
    carrier: &'static str,
    story: Story,
    /// Ticks after its start each entry of `story.sending_order` is due (strictly increasing: one event per tick).
    due_after: Vec<u64>,
    /// The tick its first event went out; None while it waits for `not_before_ms`.
    start_tick: Option<u64>,
    /// Its status's time rounded up to the carrier's clock unit: events dated earlier would move nothing.
    not_before_ms: i64,
    /// Entries of the sending order sent so far.
    sent: usize,
    /// The live time of each story event once given; always the story's first events.
    times_ms: Vec<i64>,
}

impl Parcel {
    fn new(carrier: &'static str, story: Story, since_ms: i64) -> Parcel {
        let unit_ms = clock_unit_ms(carrier);
        let not_before_ms = since_ms.div_euclid(unit_ms) * unit_ms
            + if since_ms.rem_euclid(unit_ms) == 0 { 0 } else { unit_ms };
        let mut due_after = Vec::with_capacity(story.sending_order.len());
        let mut seen = HashSet::new();
        let mut tick = 0;
        for (slot, &index) in story.sending_order.iter().enumerate() {
            if slot > 0 {
                tick += 1;
            }
            let before = if index == 0 { 0 } else { story.events[index - 1].occurred_at_ms };
            if seen.insert(index) && slot > 0 && story.events[index].occurred_at_ms - before >= LONG_LEG_MS {
                tick += 1;
            }
            due_after.push(tick);
        }
        Parcel { carrier, story, due_after, start_tick: None, not_before_ms, sent: 0, times_ms: Vec::new() }
    }

    /// Whether entry `sent` of the sending order is due at `tick` (starting the parcel when its time has come).
    fn next_is_due(&mut self, tick: u64, now_ms: i64) -> bool {
        if self.finished() {
            return false;
        }
        let start = match self.start_tick {
            Some(start) => start,
            None if now_ms >= self.not_before_ms => *self.start_tick.insert(tick),
            None => return false,
        };
        start + self.due_after[self.sent] <= tick
    }

    /// Story event `index` dated for sending at `now_ms` (see the module's "Time").
    fn dated(&mut self, index: usize, now_ms: i64) -> StoryEvent {
        let unit_ms = clock_unit_ms(self.carrier);
        while self.times_ms.len() <= index {
            let behind = (index - self.times_ms.len()) as i64;
            let at_ms = if behind == 0 {
                now_ms
            } else {
                // Skipped over: before the unit of the carrier's clock `now_ms` falls in, so it reads back older than
                // the event sent now; and where there is room, not before the event ahead of it in the story, so
                // the timeline keeps the story's order.
                let latest_ms = now_ms.div_euclid(unit_ms) * unit_ms - behind;
                let previous_ms = self.times_ms.last().copied().unwrap_or(i64::MIN);
                (now_ms - behind * unit_ms).max(previous_ms).min(latest_ms)
            };
            self.times_ms.push(at_ms);
        }
        StoryEvent { occurred_at_ms: self.times_ms[index], ..self.story.events[index].clone() }
    }

    fn finished(&self) -> bool {
        self.sent >= self.story.sending_order.len()
    }
}

/// The parcels being moved, tick by tick. Pure: the caller brings the open shipments and the time.
#[derive(Debug, Clone)]
pub struct LiveSimulation {
    rates: Rates,
    seed: u64,
    tick: u64,
    /// By carrier and tracking number (ordered, so a tick's requests go out in the same order every run).
    parcels: BTreeMap<(&'static str, String), Parcel>,
    /// Whole stories played per parcel that was still open afterwards.
    passes: HashMap<(&'static str, String), u8>,
}

impl LiveSimulation {
    pub fn new(rates: Rates, seed: u64) -> LiveSimulation {
        LiveSimulation { rates, seed, tick: 0, parcels: BTreeMap::new(), passes: HashMap::new() }
    }

    /// Takes in the open shipments: those not moving yet get their story, unless [`MAX_LIVE_PARCELS`] are moving
    /// or their story was played [`MAX_PASSES`] times already. Returns how many were taken in.
    pub fn admit(&mut self, open: Vec<OpenParcel>) -> usize {
        let keys: HashSet<(&'static str, String)> =
            open.iter().map(|parcel| (parcel.carrier, parcel.tracking_number.clone())).collect();
        // A parcel that is no longer open needs no count (and a long-running server forgets it).
        self.passes.retain(|key, _| keys.contains(key));
        let mut taken = 0;
        for parcel in open {
            let key = (parcel.carrier, parcel.tracking_number);
            if self.parcels.len() >= MAX_LIVE_PARCELS {
                break;
            }
            if self.parcels.contains_key(&key) || self.passes.get(&key).copied().unwrap_or(0) >= MAX_PASSES {
                continue;
            }
            let story = story_of(&key.1, self.rates, self.seed);
            self.parcels.insert(key.clone(), Parcel::new(key.0, story, parcel.since_ms));
            taken += 1;
        }
        taken
    }

    /// The stories of the parcels moving, by carrier and tracking number.
    pub fn stories(&self) -> impl Iterator<Item = (&'static str, &Story)> {
        self.parcels.values().map(|parcel| (parcel.carrier, &parcel.story))
    }

    /// Parcels still moving.
    pub fn moving(&self) -> usize {
        self.parcels.len()
    }

    /// Parcels waiting for the carriers' clock to pass their status's time.
    pub fn waiting(&self) -> usize {
        self.parcels.values().filter(|parcel| parcel.start_tick.is_none()).count()
    }

    pub fn is_done(&self) -> bool {
        self.parcels.is_empty()
    }

    /// What the carriers send this tick, dated `now_ms`; then moves on to the next tick. Parcels whose whole story
    /// has been sent stop moving.
    pub fn tick(&mut self, now_ms: i64) -> Vec<Delivery> {
        let mut due = Vec::new();
        for parcel in self.parcels.values_mut() {
            while parcel.next_is_due(self.tick, now_ms) {
                let index = parcel.story.sending_order[parcel.sent];
                due.push((parcel.carrier, parcel.dated(index, now_ms)));
                parcel.sent += 1;
            }
        }
        let finished: Vec<_> =
            self.parcels.iter().filter(|(_, parcel)| parcel.finished()).map(|(key, _)| key.clone()).collect();
        for key in finished {
            self.parcels.remove(&key);
            *self.passes.entry(key).or_default() += 1;
        }
        self.tick += 1;
        Delivery::for_events(due)
    }
}

/// What the server answered to a run of requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Requests sent, answered or not.
    pub requests: u64,
    /// Events in those requests (duplicates the simulator sent on purpose included).
    pub events: u64,
    /// New events the server kept.
    pub accepted: u64,
    /// Events it had already (same carrier event id).
    pub duplicates: u64,
    /// Requests not answered 200 (their events count as sent, not as accepted).
    pub failed_requests: u64,
    /// What went wrong with the first failed request.
    pub first_error: Option<String>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.requests += other.requests;
        self.events += other.events;
        self.accepted += other.accepted;
        self.duplicates += other.duplicates;
        self.failed_requests += other.failed_requests;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Signs deliveries with each carrier's secret and posts them to a Bazaar server's carrier webhook.
#[derive(Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    /// e.g. `http://127.0.0.1:3000`.
    base_url: String,
    secrets: Arc<HashMap<&'static str, String>>,
    /// The carriers' clock: signatures and event times come from it (tests pass the server's manual clock).
    clock: SharedClock,
}

impl WebhookClient {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        secrets: HashMap<&'static str, String>,
        clock: SharedClock,
    ) -> WebhookClient {
        WebhookClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            secrets: Arc::new(secrets),
            clock,
        }
    }

    /// A client for the built-in carriers, with the secrets they are registered with in `db`.
    pub async fn for_builtin_carriers(
        db: &Database,
        base_url: &str,
        clock: SharedClock,
    ) -> anyhow::Result<WebhookClient> {
        let mut secrets = HashMap::new();
        for carrier in ADAPTERS {
            let secret = store::carrier_secret(db.pool(), carrier.code())
                .await
                .context("reading a carrier's secret")?
                .with_context(|| {
                    format!("{} is not registered (has the server started once?)", carrier.name())
                })?;
            secrets.insert(carrier.code(), secret);
        }
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .context("building the HTTP client")?;
        Ok(WebhookClient::new(http, base_url, secrets, clock))
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The delivery as a signed request, signed now (the webhook accepts five minutes either side).
    pub fn request(&self, delivery: &Delivery) -> reqwest::RequestBuilder {
        let secret = self.secrets.get(delivery.carrier).map_or("", String::as_str);
        let signature = sign(secret.as_bytes(), self.clock.now_ms() / 1_000, &delivery.body);
        self.http
            .post(format!("{}/api/v1/carriers/{}/events", self.base_url, delivery.carrier))
            .header(CARRIER_SIGNATURE_HEADER, signature)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(delivery.body.clone())
    }

    /// Posts one delivery; the server's count of new and repeated events, or why it failed.
    pub async fn post(&self, delivery: &Delivery) -> Result<(u64, u64), String> {
        let response = self.request(delivery).send().await.map_err(|e| format!("sending: {e}"))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| format!("reading the answer: {e}"))?;
        if status != reqwest::StatusCode::OK {
            let text: String = String::from_utf8_lossy(&body).chars().take(ERROR_BODY_CHARS).collect();
            return Err(format!("{} answered HTTP {}: {text}", delivery.carrier, status.as_u16()));
        }
        let answer: Value =
            serde_json::from_slice(&body).map_err(|e| format!("the answer is not JSON: {e}"))?;
        let count = |field: &str| answer[field].as_u64().unwrap_or(0);
        Ok((count("accepted"), count("duplicates")))
    }

    /// Posts every delivery, [`CONCURRENT_REQUESTS`] at a time.
    pub async fn post_all(&self, deliveries: Vec<Delivery>) -> Tally {
        let mut tally = Tally::default();
        let mut in_flight = tokio::task::JoinSet::new();
        for delivery in deliveries {
            while in_flight.len() >= CONCURRENT_REQUESTS {
                if let Some(joined) = in_flight.join_next().await {
                    tally.add(joined.unwrap_or_else(failed_task));
                }
            }
            let client = self.clone();
            in_flight.spawn(async move {
                let mut tally = Tally { requests: 1, events: u64::from(delivery.events), ..Tally::default() };
                match client.post(&delivery).await {
                    Ok((accepted, duplicates)) => {
                        tally.accepted = accepted;
                        tally.duplicates = duplicates;
                    }
                    Err(error) => {
                        tally.failed_requests = 1;
                        tally.first_error = Some(error);
                    }
                }
                tally
            });
        }
        while let Some(joined) = in_flight.join_next().await {
            tally.add(joined.unwrap_or_else(failed_task));
        }
        tally
    }
}

fn failed_task(error: tokio::task::JoinError) -> Tally {
    Tally {
        failed_requests: 1,
        first_error: Some(format!("a sending task failed: {error}")),
        ..Tally::default()
    }
}

/// The open shipments of the built-in carriers, at most [`MAX_LIVE_PARCELS`] of each, oldest first.
pub async fn open_parcels(db: &Database) -> anyhow::Result<Vec<OpenParcel>> {
    let mut open = Vec::new();
    for carrier in ADAPTERS {
        let limit = u32::try_from(MAX_LIVE_PARCELS).unwrap_or(u32::MAX);
        let rows = store::open_shipments(db.pool(), carrier.code(), limit)
            .await
            .context("reading open shipments")?;
        open.extend(rows.into_iter().map(|row| OpenParcel {
            carrier: carrier.code(),
            tracking_number: row.tracking_number,
            since_ms: row.status_since_ms,
        }));
    }
    Ok(open)
}

/// What a run of the simulator did.
#[derive(Debug, Clone, Default)]
pub struct RunOutcome {
    /// Open shipments taken in.
    pub parcels: usize,
    /// Parcels whose story ends delivered, and lost.
    pub delivered: usize,
    pub lost: usize,
    /// Ticks until every story was sent (waiting ones included).
    pub ticks: u64,
    /// What the server answered, over the whole run.
    pub tally: Tally,
}

/// The `simulate-carriers` run: every open shipment of the built-in carriers (or `only` those tracking numbers)
/// through its story, one tick every
/// `options.step`, until every story has been sent. `progress` hears after each tick that sent something, with
/// the tick's number, the parcels still moving and the totals so far.
pub async fn simulate_open_shipments(
    db: &Database,
    client: &WebhookClient,
    options: LiveOptions,
    only: &[String],
    mut progress: impl FnMut(u64, usize, &Tally),
) -> anyhow::Result<RunOutcome> {
    let mut simulation = LiveSimulation::new(options.rates, options.seed);
    let mut open = open_parcels(db).await?;
    if !only.is_empty() {
        open.retain(|parcel| only.contains(&parcel.tracking_number));
    }
    let parcels = simulation.admit(open);
    let ends = |status| simulation.stories().filter(|(_, story)| story.final_status() == status).count();
    let mut outcome = RunOutcome {
        parcels,
        delivered: ends(TrackingStatus::Delivered),
        lost: ends(TrackingStatus::Lost),
        ..RunOutcome::default()
    };
    let mut idle_since = None;
    while !simulation.is_done() {
        if idle_since.is_some() {
            tokio::time::sleep(options.step.max(IDLE_STEP)).await;
        } else if outcome.ticks > 0 && !options.step.is_zero() {
            tokio::time::sleep(options.step).await;
        }
        let deliveries = simulation.tick(client.now_ms());
        if deliveries.is_empty() && simulation.waiting() == simulation.moving() {
            let since = *idle_since.get_or_insert_with(std::time::Instant::now);
            if since.elapsed() > MAX_WAIT {
                anyhow::bail!(
                    "{} parcels' statuses are dated after the carriers' clock even {} s later",
                    simulation.waiting(),
                    MAX_WAIT.as_secs()
                );
            }
        } else {
            idle_since = None;
        }
        outcome.ticks += 1;
        if !deliveries.is_empty() {
            outcome.tally.add(client.post_all(deliveries).await);
            progress(outcome.ticks, simulation.moving(), &outcome.tally);
        }
    }
    Ok(outcome)
}

/// The server's background mode: every `options.step`, new open shipments of the built-in carriers start their
/// story and every moving parcel sends what is due, through the server's own webhook. Ends with the runtime.
pub fn spawn_background(db: Database, client: WebhookClient, options: LiveOptions) {
    tokio::spawn(async move {
        let mut simulation = LiveSimulation::new(options.rates, options.seed);
        let mut ticks = tokio::time::interval(options.step.max(Duration::from_millis(100)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match open_parcels(&db).await {
                Ok(open) => {
                    let started = simulation.admit(open);
                    if started > 0 {
                        tracing::info!(
                            started,
                            moving = simulation.moving(),
                            "carrier simulator: new parcels"
                        );
                    }
                }
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "carrier simulator: no shipments read")
                }
            }
            let deliveries = simulation.tick(client.now_ms());
            if deliveries.is_empty() {
                continue;
            }
            let tally = client.post_all(deliveries).await;
            tracing::debug!(?tally, "carrier simulator: tick sent");
            if let Some(error) = &tally.first_error {
                tracing::warn!(failed = tally.failed_requests, %error, "carrier simulator: requests failed");
            }
        }
    });
}

/// `http://<address>` for requests from this machine (an unspecified address is reached on loopback).
pub fn local_url(address: SocketAddr) -> String {
    let ip = if address.ip().is_unspecified() {
        match address {
            SocketAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
            SocketAddr::V6(_) => std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        }
    } else {
        address.ip()
    };
    format!("http://{}", SocketAddr::new(ip, address.port()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carriers::adapter;
    use shared::tracking::ParcelState;

    fn parcel(carrier: &'static str, tracking_number: &str) -> OpenParcel {
        OpenParcel { carrier, tracking_number: tracking_number.to_string(), since_ms: 0 }
    }

    fn every_rate(percent: u32) -> Rates {
        Rates { failed_attempt: percent, lost: percent, duplicate: percent, reorder: percent, delay: percent }
    }

    /// Plays every delivery through the adapters and `ParcelState`, as the server would, at one time per tick.
    /// Returns each parcel's state and its events' times as the carrier wrote them, by story step.
    fn play(
        simulation: &mut LiveSimulation,
        now_ms: impl Fn(u64) -> i64,
    ) -> (HashMap<String, ParcelState>, HashMap<String, BTreeMap<u32, i64>>) {
        let mut states: HashMap<String, ParcelState> = HashMap::new();
        let mut times: HashMap<String, BTreeMap<u32, i64>> = HashMap::new();
        let mut seen = HashSet::new();
        let mut tick = 0;
        while !simulation.is_done() {
            let at = now_ms(tick);
            for delivery in simulation.tick(at) {
                let events =
                    adapter(delivery.carrier).expect("built in").parse(&delivery.body).expect("parses");
                for native in events {
                    assert!(native.event.occurred_at_ms <= at, "never dated after it is sent");
                    if !seen.insert((delivery.carrier, native.event_id.clone())) {
                        continue;
                    }
                    let step = native.event_id.rsplit(['-', ':']).next().and_then(|n| n.parse().ok());
                    times
                        .entry(native.tracking_number.clone())
                        .or_default()
                        .insert(step.expect("ids end in the step"), native.event.occurred_at_ms);
                    let state = states.entry(native.tracking_number.clone()).or_default();
                    if let Some(next) = state.apply(native.event.status, native.event.occurred_at_ms) {
                        *state = next;
                    }
                }
            }
            tick += 1;
            assert!(tick < 100, "stories end");
        }
        (states, times)
    }

    #[test]
    fn every_parcel_ends_in_its_story_s_final_state_at_any_pace_even_with_everything_going_wrong() {
        let carriers = ["numeripost", "scanline", "batchfreight"];
        let open: Vec<OpenParcel> =
            (0..600).map(|n| parcel(carriers[n % 3], &format!("LIVE{n:05}"))).collect();
        // Everything at once (one clock reading), a second apart, twenty seconds apart as the demo runs, a minute.
        for step_ms in [0, 1_000, 20_000, 60_000] {
            let mut simulation = LiveSimulation::new(every_rate(30), 7);
            assert_eq!(simulation.admit(open.clone()), 600);
            let expected: HashMap<String, TrackingStatus> = simulation
                .stories()
                .map(|(_, story)| (story.tracking_number.clone(), story.final_status()))
                .collect();
            assert!(expected.values().any(|s| *s == TrackingStatus::Lost), "some parcels are lost");
            let (states, times) = play(&mut simulation, |tick| 1_795_305_630_500 + tick as i64 * step_ms);
            for (tracking, status) in &expected {
                assert_eq!(states[tracking].status, Some(*status), "{tracking} at a {step_ms} ms step");
            }
            if step_ms >= 60_000 {
                // A step no shorter than the carriers' clock units leaves room: late events keep the story's order.
                for (tracking, by_step) in &times {
                    let in_story_order: Vec<i64> = by_step.values().copied().collect();
                    assert!(in_story_order.is_sorted(), "{tracking}: {in_story_order:?}");
                }
            }
        }
    }

    #[test]
    fn one_event_per_parcel_per_tick_batches_for_batchfreight_and_delays_take_longer() {
        let open: Vec<OpenParcel> = (0..120).map(|n| parcel("batchfreight", &format!("BF{n:04}"))).collect();
        let mut quiet = LiveSimulation::new(Rates { delay: 0, ..every_rate(0) }, 1);
        quiet.admit(open.clone());
        let first = quiet.tick(0);
        assert_eq!(first.iter().map(|d| d.events).collect::<Vec<_>>(), [50, 50, 20], "one event per parcel");
        let mut ticks = 1;
        while !quiet.is_done() {
            quiet.tick(0);
            ticks += 1;
        }
        assert_eq!(ticks, 5, "picked up, in transit, sorting centre, out for delivery, delivered");

        let mut slow = LiveSimulation::new(Rates { delay: 100, ..every_rate(0) }, 1);
        slow.admit(open);
        let mut ticks = 0;
        while !slow.is_done() {
            slow.tick(0);
            ticks += 1;
        }
        assert!(ticks > 5, "long legs wait a tick more: {ticks}");
    }

    #[test]
    fn the_same_seed_the_same_story_and_parcels_are_given_up_after_some_passes() {
        let a = story_of("NP0000000001", every_rate(20), 9);
        assert_eq!(a, story_of("NP0000000001", every_rate(20), 9));
        let mut simulation = LiveSimulation::new(every_rate(0), 9);
        let open = vec![parcel("numeripost", "NP1")];
        for _ in 0..MAX_PASSES {
            assert_eq!(simulation.admit(open.clone()), 1);
            while !simulation.is_done() {
                simulation.tick(0);
            }
        }
        assert_eq!(
            simulation.admit(open.clone()),
            0,
            "still open after {MAX_PASSES} whole stories: left alone"
        );
        assert_eq!(simulation.admit(Vec::new()), 0);
        assert_eq!(simulation.admit(open), 1, "forgotten once it was no longer open");
    }

    #[test]
    fn a_parcel_starts_once_the_carrier_s_clock_has_passed_its_label() {
        let label_ms = 1_795_305_630_500; // 10:40:30.5
        let mut simulation = LiveSimulation::new(every_rate(0), 3);
        let open = vec![
            OpenParcel { since_ms: label_ms, ..parcel("numeripost", "NP1") },
            OpenParcel { since_ms: label_ms, ..parcel("scanline", "SL1") },
        ];
        simulation.admit(open);
        assert!(
            simulation.tick(label_ms + 400).is_empty(),
            "a pick-up dated 10:40:30 would be older than the label"
        );
        assert_eq!(simulation.waiting(), 2);
        let first = simulation.tick(label_ms + 500);
        assert_eq!(first.iter().map(|d| d.carrier).collect::<Vec<_>>(), ["numeripost"]);
        assert!(
            simulation.tick(label_ms + 29_000).iter().all(|d| d.carrier == "numeripost"),
            "Scanline prints 10:40"
        );
        assert_eq!(simulation.tick(label_ms + 29_500).iter().filter(|d| d.carrier == "scanline").count(), 1);
        assert_eq!(simulation.waiting(), 0);
    }

    #[test]
    fn local_urls_reach_unspecified_addresses_on_loopback() {
        assert_eq!(local_url("0.0.0.0:3000".parse().expect("address")), "http://127.0.0.1:3000");
        assert_eq!(local_url("127.0.0.1:8080".parse().expect("address")), "http://127.0.0.1:8080");
        assert_eq!(local_url("[::]:3000".parse().expect("address")), "http://[::1]:3000");
    }
}
