//! The carrier simulator: moves shipments through realistic sequences of events and sends them the way each
//! carrier would — in its native format, signed — with configurable rates of delays, failed delivery attempts,
//! lost parcels, duplicates and out-of-order delivery.
//!
//! [`plan`] is pure: from a seed and the rates it decides each parcel's story (its canonical events and their
//! times) and the order and repetition in which the carrier sends them. [`encode`] writes one event in the
//! carrier's native format. The server's simulator loop and the tests feed the result to the real webhook.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shared::tracking::TrackingStatus;

/// How often things go wrong, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    /// A delivery attempt fails (then a second attempt succeeds).
    pub failed_attempt: u32,
    /// The parcel is lost in transit (the story ends there).
    pub lost: u32,
    /// Each event is also sent a second time.
    pub duplicate: u32,
    /// Each event swaps places with the next one when sent.
    pub reorder: u32,
    /// A leg takes twice as long.
    pub delay: u32,
}

impl Default for Rates {
    fn default() -> Self {
        Self { failed_attempt: 8, lost: 1, duplicate: 5, reorder: 5, delay: 10 }
    }
}

/// One event of a parcel's story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryEvent {
    /// The carrier's id for the event (unique per parcel and step).
    pub event_id: String,
    pub tracking_number: String,
    pub status: TrackingStatus,
    pub occurred_at_ms: i64,
}

/// A parcel's whole story and the order the carrier sends it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub tracking_number: String,
    /// In the order things happened.
    pub events: Vec<StoryEvent>,
    /// Indexes into `events`, in the order they are sent (with repeats for duplicates).
    pub sending_order: Vec<usize>,
}

impl Story {
    /// Where the parcel ends: the status of its last event.
    pub fn final_status(&self) -> TrackingStatus {
        self.events.last().map(|event| event.status).unwrap_or(TrackingStatus::LabelCreated)
    }
}

const HOUR_MS: i64 = 60 * 60 * 1_000;

/// Decides each parcel's story, deterministically for a seed.
pub fn plan(tracking_numbers: &[String], started_at_ms: i64, rates: Rates, seed: u64) -> Vec<Story> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    tracking_numbers
        .iter()
        .map(|tracking| {
            let mut at = started_at_ms;
            let mut steps =
                vec![TrackingStatus::PickedUp, TrackingStatus::InTransit, TrackingStatus::AtSortingCenter];
            if rng.random_range(0..100) < rates.lost {
                steps.push(TrackingStatus::Lost);
            } else {
                steps.push(TrackingStatus::OutForDelivery);
                if rng.random_range(0..100) < rates.failed_attempt {
                    steps.extend([TrackingStatus::DeliveryFailed, TrackingStatus::OutForDelivery]);
                }
                steps.push(TrackingStatus::Delivered);
            }
            let events: Vec<StoryEvent> = steps
                .into_iter()
                .enumerate()
                .map(|(step, status)| {
                    let leg = rng.random_range(1..12) * HOUR_MS;
                    at += if rng.random_range(0..100) < rates.delay { 2 * leg } else { leg };
                    StoryEvent {
                        event_id: format!("{tracking}-{step}"),
                        tracking_number: tracking.clone(),
                        status,
                        occurred_at_ms: at,
                    }
                })
                .collect();
            let mut sending_order: Vec<usize> = (0..events.len()).collect();
            for i in 0..sending_order.len().saturating_sub(1) {
                if rng.random_range(0..100) < rates.reorder {
                    sending_order.swap(i, i + 1);
                }
            }
            let mut with_duplicates = Vec::with_capacity(sending_order.len() + 2);
            for index in sending_order {
                with_duplicates.push(index);
                if rng.random_range(0..100) < rates.duplicate {
                    with_duplicates.push(index);
                }
            }
            Story { tracking_number: tracking.clone(), events, sending_order: with_duplicates }
        })
        .collect()
}

/// One event as the carrier writes it (the body its webhook sends).
pub fn encode(carrier: &str, event: &StoryEvent) -> serde_json::Value {
    use TrackingStatus::*;
    match carrier {
        "numeripost" => {
            let code = match event.status {
                LabelCreated => 100,
                PickedUp => 110,
                InTransit => 200,
                AtSortingCenter => 210,
                Customs => 300,
                OutForDelivery => 400,
                DeliveryFailed => 410,
                AvailableForPickup => 420,
                Delivered => 500,
                Returning => 600,
                ReturnedToSender => 610,
                Exception => 900,
                Lost => 990,
            };
            serde_json::json!({
                "event_id": event.event_id,
                "tracking_number": event.tracking_number,
                "code": code,
                "timestamp": rfc3339(event.occurred_at_ms),
                "facility": "SIM-HUB",
                "description": event.status.as_str(),
            })
        }
        "scanline" => {
            let scan = match event.status {
                LabelCreated => "SHIPMENT INFORMATION RECEIVED",
                PickedUp => "COLLECTED FROM SENDER",
                InTransit => "DEPARTED FACILITY",
                AtSortingCenter => "ARRIVED AT SORT FACILITY",
                Customs => "HELD BY CUSTOMS",
                OutForDelivery => "WITH COURIER FOR DELIVERY",
                DeliveryFailed => "DELIVERY ATTEMPTED - NO ONE HOME",
                AvailableForPickup => "READY FOR COLLECTION",
                Delivered => "DELIVERED",
                Returning => "RETURN TO SHIPPER INITIATED",
                ReturnedToSender => "RETURNED TO SHIPPER",
                Exception => "DAMAGED IN TRANSIT",
                Lost => "PARCEL MISSING",
            };
            serde_json::json!({
                "scan_id": event.event_id,
                "awb": event.tracking_number,
                "scan": scan,
                "location": "SIM1",
                "scanned_at": scanline_time(event.occurred_at_ms),
            })
        }
        _ => {
            let code = match event.status {
                LabelCreated => "MAN",
                PickedUp => "COL",
                InTransit => "TRN",
                AtSortingCenter => "ARR",
                Customs => "CUS",
                OutForDelivery => "OFD",
                DeliveryFailed => "NDL",
                AvailableForPickup => "PUP",
                Delivered => "DLV",
                Returning => "RTS",
                ReturnedToSender => "RTD",
                Exception => "EXC",
                Lost => "LST",
            };
            let seq: u32 = event.event_id.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            serde_json::json!({
                "batch": format!("sim-{}", event.event_id),
                "updates": [{ "ref": event.tracking_number, "seq": seq, "status": code,
                              "epoch": event.occurred_at_ms / 1_000, "depot": "SIM-1", "note": event.status.as_str() }],
            })
        }
    }
}

/// "2026-11-22T10:15:00Z" (seconds precision, UTC).
fn rfc3339(unix_ms: i64) -> String {
    let at = utc(unix_ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// "22.11.2026 10:15 +0000", as Scanline's handhelds print it.
fn scanline_time(unix_ms: i64) -> String {
    let at = utc(unix_ms);
    format!(
        "{:02}.{:02}.{} {:02}:{:02} +0000",
        at.day(),
        u8::from(at.month()),
        at.year(),
        at.hour(),
        at.minute()
    )
}

fn utc(unix_ms: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1_000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::carriers::adapter;

    #[test]
    fn every_carrier_reads_back_what_the_simulator_writes() {
        let stories = plan(&["T1".to_string()], 1_795_305_600_000, Rates::default(), 7);
        for carrier in ["numeripost", "scanline", "batchfreight"] {
            for event in &stories[0].events {
                let body = encode(carrier, event).to_string();
                let parsed =
                    adapter(carrier).expect("built in").parse(body.as_bytes()).expect("parses").remove(0);
                assert_eq!(parsed.event.status, event.status, "{carrier}");
                assert!(parsed.known_code, "{carrier}: {:?}", event.status);
                // Scanline writes minutes only.
                assert_eq!(parsed.event.occurred_at_ms / 60_000, event.occurred_at_ms / 60_000, "{carrier}");
            }
        }
    }

    #[test]
    fn every_status_reads_back_from_every_carrier_s_format() {
        for carrier in ["numeripost", "scanline", "batchfreight"] {
            for (step, status) in TrackingStatus::ALL.into_iter().enumerate() {
                let event = StoryEvent {
                    event_id: format!("T1-{step}"),
                    tracking_number: "T1".into(),
                    status,
                    occurred_at_ms: 1_795_305_600_000,
                };
                let body = encode(carrier, &event).to_string();
                let parsed =
                    adapter(carrier).expect("built in").parse(body.as_bytes()).expect("parses").remove(0);
                assert_eq!((parsed.event.status, parsed.known_code), (status, true), "{carrier}: {body}");
            }
        }
    }

    #[test]
    fn stories_end_delivered_or_lost_and_the_rates_show() {
        let numbers: Vec<String> = (0..1_000).map(|n| format!("T{n}")).collect();
        let rates = Rates { failed_attempt: 10, lost: 5, duplicate: 5, reorder: 5, delay: 10 };
        let stories = plan(&numbers, 0, rates, 42);
        let lost = stories.iter().filter(|s| s.final_status() == TrackingStatus::Lost).count();
        let delivered = stories.iter().filter(|s| s.final_status() == TrackingStatus::Delivered).count();
        assert_eq!(lost + delivered, 1_000);
        assert!((20..=90).contains(&lost), "about 5 % lost: {lost}");
        let sent: usize = stories.iter().map(|s| s.sending_order.len()).sum();
        let events: usize = stories.iter().map(|s| s.events.len()).sum();
        assert!(sent > events, "some events are sent twice");
        assert!(
            stories.iter().any(|s| s.sending_order.windows(2).any(|w| w[0] > w[1])),
            "some arrive out of order"
        );
        assert_eq!(plan(&numbers, 0, rates, 42), stories, "the same seed, the same stories");
    }
}
