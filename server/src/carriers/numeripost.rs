//! NumeriPost: one event per push, numeric status codes, RFC 3339 times.
//!
//! ```json
//! {"event_id":"np-7f3a","tracking_number":"NP123456789KR","code":210,
//!  "timestamp":"2026-11-22T10:15:00+09:00","facility":"ICN-HUB","description":"Sorted at hub"}
//! ```

use serde::Deserialize;
use shared::tracking::TrackingStatus;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{
    CarrierAdapter, CarrierEvent, CarrierTerms, PayloadError, ServiceTerms, json, required, translated,
};
use shared::delivery::ServiceLevel;

pub struct NumeriPost;

#[derive(Deserialize)]
struct Payload {
    event_id: String,
    tracking_number: String,
    code: u32,
    timestamp: String,
    #[serde(default)]
    facility: Option<String>,
    #[serde(default)]
    description: String,
}

fn status(code: u32) -> Option<TrackingStatus> {
    use TrackingStatus::*;
    Some(match code {
        100 => LabelCreated,
        110 => PickedUp,
        200 => InTransit,
        210 => AtSortingCenter,
        300 | 310 => Customs,
        400 => OutForDelivery,
        410 => DeliveryFailed,
        420 => AvailableForPickup,
        500 => Delivered,
        600 => Returning,
        610 => ReturnedToSender,
        900 => Exception,
        990 => Lost,
        _ => return None,
    })
}

// A national post: both everyday services everywhere, a generous daily allowance, a late-afternoon pickup.
static TERMS: CarrierTerms = CarrierTerms {
    tracking_prefix: "NP",
    pickup_cutoff_minute: 17 * 60,
    daily_capacity: 2_000,
    services: &[
        ServiceTerms { level: ServiceLevel::Economy, domestic: (3, 6, 399), international: (12, 25, 899) },
        ServiceTerms { level: ServiceLevel::Standard, domestic: (2, 4, 599), international: (8, 14, 1_699) },
    ],
};

impl CarrierAdapter for NumeriPost {
    fn code(&self) -> &'static str {
        "numeripost"
    }

    fn name(&self) -> &'static str {
        "NumeriPost"
    }

    fn terms(&self) -> &'static CarrierTerms {
        &TERMS
    }

    fn parse(&self, body: &[u8]) -> Result<Vec<CarrierEvent>, PayloadError> {
        let payload: Payload = json(body)?;
        let at = OffsetDateTime::parse(&payload.timestamp, &Rfc3339).map_err(|_| {
            PayloadError(format!("timestamp {:?} is not an RFC 3339 time", payload.timestamp))
        })?;
        Ok(vec![translated(
            required(&payload.event_id, "event_id")?,
            required(&payload.tracking_number, "tracking_number")?,
            status(payload.code),
            (at.unix_timestamp_nanos() / 1_000_000) as i64,
            payload.facility,
            payload.code.to_string(),
            payload.description,
        )])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Vec<CarrierEvent>, PayloadError> {
        NumeriPost.parse(body.as_bytes())
    }

    #[test]
    fn codes_become_canonical_statuses_with_the_raw_code_kept() {
        let table = [
            (100, TrackingStatus::LabelCreated),
            (110, TrackingStatus::PickedUp),
            (210, TrackingStatus::AtSortingCenter),
            (310, TrackingStatus::Customs),
            (410, TrackingStatus::DeliveryFailed),
            (500, TrackingStatus::Delivered),
            (610, TrackingStatus::ReturnedToSender),
            (990, TrackingStatus::Lost),
        ];
        for (code, expected) in table {
            let body = format!(
                r#"{{"event_id":"np-{code}","tracking_number":"NP1","code":{code},"timestamp":"2026-11-22T10:15:00+09:00","facility":"ICN-HUB","description":"x"}}"#
            );
            let events = parse(&body).expect("parses");
            assert_eq!(events[0].event.status, expected, "code {code}");
            assert_eq!(events[0].event.raw_code, code.to_string());
            assert!(events[0].known_code);
        }
    }

    #[test]
    fn times_carry_their_offset() {
        let events = parse(
            r#"{"event_id":"e","tracking_number":"NP1","code":200,"timestamp":"2026-11-22T10:15:00+09:00","description":"Departed"}"#,
        )
        .expect("parses");
        // 10:15 in Seoul is 01:15 UTC.
        assert_eq!(events[0].event.occurred_at_ms, 1_795_310_100_000);
        assert_eq!(events[0].event.location, None);
    }

    #[test]
    fn an_unknown_code_is_an_exception_with_its_words_kept() {
        let events = parse(
            r#"{"event_id":"e","tracking_number":"NP1","code":777,"timestamp":"2026-11-22T01:15:00Z","description":"Held by weather"}"#,
        )
        .expect("parses");
        assert_eq!(events[0].event.status, TrackingStatus::Exception);
        assert_eq!(events[0].event.raw_text, "Held by weather");
        assert!(!events[0].known_code);
    }

    #[test]
    fn malformed_payloads_say_what_is_wrong() {
        assert!(parse("{}").is_err());
        assert!(
            parse(r#"{"event_id":"e","tracking_number":"NP1","code":200,"timestamp":"yesterday"}"#)
                .expect_err("bad time")
                .0
                .contains("RFC 3339")
        );
        assert!(
            parse(r#"{"event_id":"","tracking_number":"NP1","code":200,"timestamp":"2026-11-22T01:15:00Z"}"#)
                .is_err()
        );
    }
}
