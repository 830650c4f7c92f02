//! The athlete's time zone, used to turn UTC start times (Strava's bulk export) into
//! the local calendar day: a 6:30 run in Sydney is 19:30 UTC the day before.

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Where the athlete trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// This computer's zone (`TZ`, or the system setting).
    #[default]
    Local,
    /// An IANA zone such as `Europe/Berlin`, with its daylight-saving rules.
    Named(chrono_tz::Tz),
    /// A fixed offset from UTC such as `+10:00`.
    Fixed(FixedOffset),
}

impl Zone {
    /// The local calendar day of a UTC date-time.
    pub fn local_date(&self, utc: NaiveDateTime) -> NaiveDate {
        let utc = Utc.from_utc_datetime(&utc);
        match self {
            Zone::Local => utc.with_timezone(&chrono::Local).date_naive(),
            Zone::Named(tz) => utc.with_timezone(tz).date_naive(),
            Zone::Fixed(offset) => utc.with_timezone(offset).date_naive(),
        }
    }
}

impl FromStr for Zone {
    type Err = String;

    /// `local`, an IANA name (`Europe/Berlin`, `UTC`), or an offset (`+10:00`, `-0330`, `UTC+2`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("local") {
            return Ok(Zone::Local);
        }
        if let Ok(tz) = text.parse::<chrono_tz::Tz>() {
            return Ok(Zone::Named(tz));
        }
        let offset = text
            .strip_prefix("UTC")
            .or_else(|| text.strip_prefix("GMT"))
            .unwrap_or(text);
        if let Some(fixed) = parse_offset(offset) {
            return Ok(Zone::Fixed(fixed));
        }
        Err(format!(
            "{text:?} is not a time zone; expected an IANA name such as Europe/Berlin or America/New_York, \
             UTC, an offset such as +10:00, or local"
        ))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Local => f.write_str("local"),
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

/// `+10`, `+10:00`, `-0330`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn early_runs_east_of_utc_fall_on_the_next_day() {
        let sydney: Zone = "Australia/Sydney".parse().unwrap();
        assert_eq!(sydney.local_date(utc("2026-01-04 19:30:00")), day(2026, 1, 5));
        let la: Zone = "America/Los_Angeles".parse().unwrap();
        assert_eq!(la.local_date(utc("2026-01-05 03:00:00")), day(2026, 1, 4));
        let plus10: Zone = "+10:00".parse().unwrap();
        assert_eq!(plus10.local_date(utc("2026-01-04 19:30:00")), day(2026, 1, 5));
        assert_eq!(
            "UTC".parse::<Zone>().unwrap().local_date(utc("2026-01-04 23:59:59")),
            day(2026, 1, 4)
        );
    }

    #[test]
    fn zone_names() {
        assert_eq!("local".parse::<Zone>(), Ok(Zone::Local));
        assert_eq!("UTC-0330".parse::<Zone>().unwrap().to_string(), "-03:30");
        assert_eq!("Europe/Berlin".parse::<Zone>().unwrap().to_string(), "Europe/Berlin");
        let e = "Mars/Olympus".parse::<Zone>().unwrap_err();
        assert!(e.contains("IANA name"), "{e}");
        assert!("+25:00".parse::<Zone>().is_err());
    }
}
