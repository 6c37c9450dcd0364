//! BatchFreight: batches of updates for many parcels, three-letter status codes, Unix seconds, a sequence number
//! per parcel instead of an event id.
//!
//! ```json
//! {"batch":"bf-20261122-0042","updates":[
//!   {"ref":"BF77120034","seq":4,"status":"OFD","epoch":1795338900,"depot":"LHR-3","note":"On vehicle"},
//!   {"ref":"BF77120035","seq":2,"status":"ARR","epoch":1795338960,"note":"Arrived at depot"}]}
//! ```

use serde::Deserialize;
use shared::tracking::TrackingStatus;

use super::{
    CarrierAdapter, CarrierEvent, CarrierTerms, PayloadError, ServiceTerms, json, required, translated,
};
use shared::delivery::ServiceLevel;

pub struct BatchFreight;

/// Most updates in one batch; a bigger body is refused before it is read (the webhook caps bytes too).
const MAX_BATCH: usize = 500;

#[derive(Deserialize)]
struct Payload {
    batch: String,
    updates: Vec<Update>,
}

#[derive(Deserialize)]
struct Update {
    #[serde(rename = "ref")]
    reference: String,
    seq: u32,
    status: String,
    epoch: i64,
    #[serde(default)]
    depot: Option<String>,
    #[serde(default)]
    note: String,
}

fn status(code: &str) -> Option<TrackingStatus> {
    use TrackingStatus::*;
    Some(match code {
        "MAN" => LabelCreated,
        "COL" => PickedUp,
        "TRN" => InTransit,
        "ARR" => AtSortingCenter,
        "CUS" => Customs,
        "OFD" => OutForDelivery,
        "NDL" => DeliveryFailed,
        "PUP" => AvailableForPickup,
        "DLV" => Delivered,
        "RTS" => Returning,
        "RTD" => ReturnedToSender,
        "EXC" => Exception,
        "LST" => Lost,
        _ => return None,
    })
}

// A consolidator: the cheapest and slowest, huge capacity, a noon pickup.
static TERMS: CarrierTerms = CarrierTerms {
    tracking_prefix: "BF",
    pickup_cutoff_minute: 12 * 60,
    daily_capacity: 5_000,
    services: &[
        ServiceTerms { level: ServiceLevel::Economy, domestic: (4, 8, 299), international: (14, 30, 599) },
        ServiceTerms { level: ServiceLevel::Standard, domestic: (3, 5, 499), international: (10, 16, 1_299) },
    ],
};

impl CarrierAdapter for BatchFreight {
    fn code(&self) -> &'static str {
        "batchfreight"
    }

    fn name(&self) -> &'static str {
        "BatchFreight"
    }

    fn terms(&self) -> &'static CarrierTerms {
        &TERMS
    }

    fn parse(&self, body: &[u8]) -> Result<Vec<CarrierEvent>, PayloadError> {
        let payload: Payload = json(body)?;
        required(&payload.batch, "batch")?;
        if payload.updates.is_empty() || payload.updates.len() > MAX_BATCH {
            return Err(PayloadError(format!("a batch holds 1 to {MAX_BATCH} updates")));
        }
        payload
            .updates
            .into_iter()
            .map(|update| {
                let reference = required(&update.reference, "ref")?;
                let code = update.status.trim().to_uppercase();
                let at_ms = update
                    .epoch
                    .checked_mul(1_000)
                    .filter(|ms| *ms > 0)
                    .ok_or_else(|| PayloadError(format!("epoch {} is not a time", update.epoch)))?;
                Ok(translated(
                    format!("{reference}:{}", update.seq),
                    reference,
                    status(&code),
                    at_ms,
                    update.depot,
                    code,
                    update.note,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_becomes_one_event_per_update_with_ids_from_reference_and_sequence() {
        let body = r#"{"batch":"bf-1","updates":[
            {"ref":"BF1","seq":4,"status":"OFD","epoch":1795338900,"depot":"LHR-3","note":"On vehicle"},
            {"ref":"BF2","seq":2,"status":"arr","epoch":1795338960,"note":"Arrived at depot"},
            {"ref":"BF1","seq":5,"status":"DLV","epoch":1795342500,"note":"Left at front door"}]}"#;
        let events = BatchFreight.parse(body.as_bytes()).expect("parses");
        let summary: Vec<(&str, &str, TrackingStatus, i64)> = events
            .iter()
            .map(|e| {
                (e.event_id.as_str(), e.tracking_number.as_str(), e.event.status, e.event.occurred_at_ms)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("BF1:4", "BF1", TrackingStatus::OutForDelivery, 1_795_338_900_000),
                ("BF2:2", "BF2", TrackingStatus::AtSortingCenter, 1_795_338_960_000),
                ("BF1:5", "BF1", TrackingStatus::Delivered, 1_795_342_500_000),
            ]
        );
        assert_eq!(events[0].event.location.as_deref(), Some("LHR-3"));
        assert_eq!(events[1].event.raw_code, "ARR");
    }

    #[test]
    fn every_code_in_the_table_and_an_unknown_one() {
        for (code, expected) in [
            ("MAN", TrackingStatus::LabelCreated),
            ("COL", TrackingStatus::PickedUp),
            ("TRN", TrackingStatus::InTransit),
            ("CUS", TrackingStatus::Customs),
            ("NDL", TrackingStatus::DeliveryFailed),
            ("PUP", TrackingStatus::AvailableForPickup),
            ("RTS", TrackingStatus::Returning),
            ("RTD", TrackingStatus::ReturnedToSender),
            ("LST", TrackingStatus::Lost),
        ] {
            assert_eq!(status(code), Some(expected), "{code}");
        }
        let body = r#"{"batch":"b","updates":[{"ref":"BF1","seq":1,"status":"ZZZ","epoch":1795338900,"note":"Weather"}]}"#;
        let event = BatchFreight.parse(body.as_bytes()).expect("parses").remove(0);
        assert_eq!((event.event.status, event.known_code), (TrackingStatus::Exception, false));
        assert_eq!(event.event.raw_text, "Weather");
    }

    #[test]
    fn empty_or_broken_batches_are_refused() {
        assert!(BatchFreight.parse(br#"{"batch":"b","updates":[]}"#).is_err());
        assert!(
            BatchFreight
                .parse(br#"{"batch":"b","updates":[{"ref":"BF1","seq":1,"status":"DLV","epoch":-5}]}"#)
                .is_err()
        );
        assert!(BatchFreight.parse(b"[1,2,3]").is_err());
    }
}
