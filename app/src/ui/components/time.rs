//! Times as people read them: "2026-11-21 23:51 UTC". Pure, so the same text on every machine.

/// Formats Unix milliseconds as a UTC date and minute.
pub fn utc_minute(unix_ms: i64) -> String {
    let minutes = unix_ms.div_euclid(60_000);
    let days = minutes.div_euclid(1_440);
    let minute_of_day = minutes.rem_euclid(1_440);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", minute_of_day / 60, minute_of_day % 60)
}

/// The UTC calendar date (year, month, day) of Unix milliseconds.
pub fn utc_date(unix_ms: i64) -> (i64, u32, u32) {
    civil_from_days(unix_ms.div_euclid(86_400_000))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::{utc_date, utc_minute};

    #[test]
    fn dates_of_known_instants() {
        assert_eq!(utc_date(1_796_256_000_000), (2026, 12, 3));
        assert_eq!(utc_date(-1), (1969, 12, 31));
    }

    #[test]
    fn known_instants() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_767_225_600_000), "2026-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_709_164_800_000 + 61_000), "2024-02-29 00:01 UTC");
        assert_eq!(utc_minute(-60_000), "1969-12-31 23:59 UTC");
    }
}
