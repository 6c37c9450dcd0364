//! Carrier adapters: each carrier's native tracking events, translated into the one tracking language of
//! `shared::tracking`, with the carrier's own code and words kept beside ours.
//!
//! The three built-in carriers speak differently on purpose, as real ones do: NumeriPost pushes one event at a
//! time with numeric codes and RFC 3339 times; Scanline sends free-text scans with location codes and local times
//! with an offset; BatchFreight sends batches of three-letter codes with Unix seconds. A code an adapter does not
//! know becomes `exception` with the raw text kept, and is reported as unknown so the server can count it.
//!
//! [`simulator`] plans parcels' stories (pure); [`live`] sends them to a server's webhook as the carriers would.

pub mod batchfreight;
pub mod live;
pub mod numeripost;
pub mod scanline;
pub mod simulator;

use shared::delivery::ServiceLevel;
use shared::tracking::{TrackingEvent, TrackingStatus};

use crate::db::carrier_network::CarrierLaneRow;
use crate::demo::generator::shelf_price;

/// One carrier event, translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierEvent {
    /// The carrier's id for the event (the same event delivered twice has the same id).
    pub event_id: String,
    pub tracking_number: String,
    pub event: TrackingEvent,
    /// False when the carrier's code was not in the adapter's table (the event is then an `exception`).
    pub known_code: bool,
}

/// Why a payload could not be read; the webhook answers 400 with this.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PayloadError(pub String);

/// A carrier's native format.
pub trait CarrierAdapter: Send + Sync {
    /// The carrier's code in URLs and the registry (`numeripost`, `scanline`, `batchfreight`).
    fn code(&self) -> &'static str;
    /// The carrier's name as people read it.
    fn name(&self) -> &'static str;
    /// Reads one webhook body: one event or a batch.
    fn parse(&self, body: &[u8]) -> Result<Vec<CarrierEvent>, PayloadError>;
    /// The terms the carrier publishes: what the registry starts from when the carrier is first registered.
    fn terms(&self) -> &'static CarrierTerms;
}

/// A carrier that cannot push its events is asked for them instead: the same native payloads its webhook would
/// carry, from the cursor its feed gave last time. The logistics job polls every registered feed; the events then
/// take exactly the webhook's path (adapter, dedupe, out-of-order rules) minus the signature, since we made the
/// request ourselves.
#[async_trait::async_trait]
pub trait TrackingFeed: Send + Sync {
    /// The carrier's code (its adapter reads the payloads).
    fn carrier_code(&self) -> &'static str;
    /// The payloads after `cursor` (all of them when None) and the cursor to ask from next time.
    async fn poll(&self, cursor: Option<&str>) -> Result<FeedPage, PayloadError>;
}

/// One answer of a carrier's feed.
#[derive(Debug, Clone, Default)]
pub struct FeedPage {
    /// Webhook-shaped bodies in the carrier's format.
    pub bodies: Vec<Vec<u8>>,
    /// Where to continue; None keeps the old cursor (nothing new).
    pub next_cursor: Option<String>,
}

/// A carrier's published terms.
#[derive(Debug)]
pub struct CarrierTerms {
    /// Its tracking numbers start with this.
    pub tracking_prefix: &'static str,
    /// Minutes after midnight UTC by which a parcel must be handed over to leave the same day.
    pub pickup_cutoff_minute: i64,
    pub daily_capacity: i64,
    pub services: &'static [ServiceTerms],
}

/// One service level between any two regions the network serves: transit days and a price in US cents, inside a
/// region and across borders. Prices are turned into each origin market's currency at local price levels.
#[derive(Debug)]
pub struct ServiceTerms {
    pub level: ServiceLevel,
    pub domestic: (i64, i64, i64),
    pub international: (i64, i64, i64),
}

impl CarrierTerms {
    /// The lanes between every pair of regions the marketplace serves.
    pub fn lanes(&self, carrier_code: &str) -> Vec<CarrierLaneRow> {
        let mut lanes = Vec::new();
        for origin in shared::regions::REGIONS {
            for destination in shared::regions::REGIONS {
                for service in self.services {
                    let (min, max, usd_cents) = if origin.code == destination.code {
                        service.domestic
                    } else {
                        service.international
                    };
                    lanes.push(CarrierLaneRow {
                        carrier_code: carrier_code.to_string(),
                        origin_region: origin.code.to_string(),
                        destination_region: destination.code.to_string(),
                        service_level: service.level.as_str().to_string(),
                        transit_min_days: min,
                        transit_max_days: max,
                        currency: origin.market_currency.to_string(),
                        price_minor: shelf_price(usd_cents, origin.market_currency),
                    });
                }
            }
        }
        lanes
    }
}

/// The built-in carriers.
pub static ADAPTERS: [&dyn CarrierAdapter; 3] =
    [&numeripost::NumeriPost, &scanline::Scanline, &batchfreight::BatchFreight];

/// The adapter for a carrier code.
pub fn adapter(code: &str) -> Option<&'static dyn CarrierAdapter> {
    ADAPTERS.iter().copied().find(|adapter| adapter.code() == code)
}

/// Builds the canonical event; an unknown code becomes an exception with the carrier's words kept.
fn translated(
    event_id: String,
    tracking_number: String,
    status: Option<TrackingStatus>,
    occurred_at_ms: i64,
    location: Option<String>,
    raw_code: String,
    raw_text: String,
) -> CarrierEvent {
    CarrierEvent {
        event_id,
        tracking_number,
        known_code: status.is_some(),
        event: TrackingEvent {
            status: status.unwrap_or(TrackingStatus::Exception),
            occurred_at_ms,
            location: location.filter(|place| !place.trim().is_empty()),
            raw_code,
            raw_text,
        },
    }
}

fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, PayloadError> {
    serde_json::from_slice(body)
        .map_err(|error| PayloadError(format!("the body is not this carrier's format: {error}")))
}

fn required(value: &str, what: &str) -> Result<String, PayloadError> {
    let value = value.trim();
    if value.is_empty() || value.len() > 64 {
        return Err(PayloadError(format!("{what} must be 1 to 64 characters")));
    }
    Ok(value.to_string())
}
