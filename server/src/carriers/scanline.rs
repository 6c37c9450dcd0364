//! Scanline: free-text scans as its handhelds print them, a location code, and local times with an offset.
//!
//! ```json
//! {"scan_id":"SL-99812","awb":"SL0099812DE","scan":"ARRIVED AT SORT FACILITY","location":"FRA1",
//!  "scanned_at":"22.11.2026 10:15 +0100"}
//! ```

use serde::Deserialize;
use shared::tracking::TrackingStatus;
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use super::{
    CarrierAdapter, CarrierEvent, CarrierTerms, PayloadError, ServiceTerms, json, required, translated,
};
use shared::delivery::ServiceLevel;

pub struct Scanline;

#[derive(Deserialize)]
struct Payload {
    scan_id: String,
    awb: String,
    scan: String,
    #[serde(default)]
    location: Option<String>,
    scanned_at: String,
}

const SCANNED_AT: &[BorrowedFormatItem<'static>] =
    format_description!("[day].[month].[year] [hour]:[minute] [offset_hour sign:mandatory][offset_minute]");

/// Scan texts, by the words that decide them; the first match wins, so specific phrases come before general ones.
const PHRASES: &[(&str, TrackingStatus)] = &[
    // Trouble first: "DAMAGED IN TRANSIT" is damage, not progress.
    ("MISSING", TrackingStatus::Lost),
    ("DAMAGED", TrackingStatus::Exception),
    ("SHIPMENT INFORMATION RECEIVED", TrackingStatus::LabelCreated),
    ("RETURNED TO SHIPPER", TrackingStatus::ReturnedToSender),
    ("RETURN TO SHIPPER", TrackingStatus::Returning),
    ("DELIVERY ATTEMPTED", TrackingStatus::DeliveryFailed),
    ("NOT DELIVERED", TrackingStatus::DeliveryFailed),
    ("READY FOR COLLECTION", TrackingStatus::AvailableForPickup),
    ("WITH COURIER FOR DELIVERY", TrackingStatus::OutForDelivery),
    ("DELIVERED", TrackingStatus::Delivered),
    ("CUSTOMS", TrackingStatus::Customs),
    // Leaving a sort facility is transit again.
    ("DEPARTED", TrackingStatus::InTransit),
    ("SORT FACILITY", TrackingStatus::AtSortingCenter),
    ("IN TRANSIT", TrackingStatus::InTransit),
    ("COLLECTED FROM SENDER", TrackingStatus::PickedUp),
];

fn status(scan: &str) -> Option<TrackingStatus> {
    let scan = scan.to_uppercase();
    PHRASES.iter().find(|(phrase, _)| scan.contains(phrase)).map(|(_, status)| *status)
}

// A courier: fast and dear, a small daily allowance, the latest pickup.
static TERMS: CarrierTerms = CarrierTerms {
    tracking_prefix: "SL",
    pickup_cutoff_minute: 18 * 60,
    daily_capacity: 400,
    services: &[
        ServiceTerms { level: ServiceLevel::Standard, domestic: (2, 3, 899), international: (7, 12, 2_199) },
        ServiceTerms { level: ServiceLevel::Express, domestic: (1, 1, 1_499), international: (3, 5, 3_499) },
    ],
};

impl CarrierAdapter for Scanline {
    fn code(&self) -> &'static str {
        "scanline"
    }

    fn name(&self) -> &'static str {
        "Scanline"
    }

    fn terms(&self) -> &'static CarrierTerms {
        &TERMS
    }

    fn parse(&self, body: &[u8]) -> Result<Vec<CarrierEvent>, PayloadError> {
        let payload: Payload = json(body)?;
        let at = OffsetDateTime::parse(payload.scanned_at.trim(), SCANNED_AT).map_err(|_| {
            PayloadError(format!(
                "scanned_at {:?} is not like \"22.11.2026 10:15 +0100\"",
                payload.scanned_at
            ))
        })?;
        let scan = payload.scan.trim().to_string();
        Ok(vec![translated(
            required(&payload.scan_id, "scan_id")?,
            required(&payload.awb, "awb")?,
            status(&scan),
            (at.unix_timestamp_nanos() / 1_000_000) as i64,
            payload.location,
            scan.clone(),
            scan,
        )])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> CarrierEvent {
        let body = format!(
            r#"{{"scan_id":"s1","awb":"SL1","scan":"{text}","location":"FRA1","scanned_at":"22.11.2026 10:15 +0100"}}"#
        );
        Scanline.parse(body.as_bytes()).expect("parses").remove(0)
    }

    #[test]
    fn scan_texts_become_canonical_statuses() {
        let table = [
            ("Shipment information received", TrackingStatus::LabelCreated),
            ("COLLECTED FROM SENDER", TrackingStatus::PickedUp),
            ("DEPARTED FACILITY", TrackingStatus::InTransit),
            ("ARRIVED AT SORT FACILITY", TrackingStatus::AtSortingCenter),
            ("HELD BY CUSTOMS - DOCUMENTS REQUIRED", TrackingStatus::Customs),
            ("WITH COURIER FOR DELIVERY", TrackingStatus::OutForDelivery),
            ("DELIVERY ATTEMPTED - NO ONE HOME", TrackingStatus::DeliveryFailed),
            ("NOT DELIVERED - ADDRESS UNCLEAR", TrackingStatus::DeliveryFailed),
            ("READY FOR COLLECTION AT PARCELSHOP", TrackingStatus::AvailableForPickup),
            ("DELIVERED - SIGNED BY NEIGHBOUR", TrackingStatus::Delivered),
            ("RETURN TO SHIPPER INITIATED", TrackingStatus::Returning),
            ("RETURNED TO SHIPPER", TrackingStatus::ReturnedToSender),
            ("PARCEL MISSING - INVESTIGATION OPENED", TrackingStatus::Lost),
        ];
        for (text, expected) in table {
            let event = scan(text);
            assert_eq!(event.event.status, expected, "{text}");
            assert_eq!(event.event.raw_text, text);
            assert_eq!(event.event.location.as_deref(), Some("FRA1"));
        }
    }

    #[test]
    fn local_times_with_an_offset_become_utc() {
        // 10:15 at +01:00 is 09:15 UTC.
        assert_eq!(scan("DEPARTED FACILITY").event.occurred_at_ms, 1_795_338_900_000);
    }

    #[test]
    fn an_unknown_scan_is_an_exception_with_its_text() {
        let event = scan("VEHICLE BREAKDOWN");
        assert_eq!(event.event.status, TrackingStatus::Exception);
        assert!(!event.known_code);
        assert_eq!(event.event.raw_text, "VEHICLE BREAKDOWN");
    }

    #[test]
    fn a_time_in_another_format_is_refused() {
        let body = r#"{"scan_id":"s1","awb":"SL1","scan":"DELIVERED","scanned_at":"2026-11-22T10:15:00Z"}"#;
        assert!(Scanline.parse(body.as_bytes()).is_err());
    }
}
