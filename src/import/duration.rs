//! Durations as exports write them, all turned into minutes: seconds (Strava,
//! intervals.icu, Hevy), clock times `hh:mm:ss` with optional fractions (Garmin's
//! `00:28:10.5` or `00:03:42,5`, FitNotes' `0:09:30`), Strong's `2h 38m`, and
//! decimal hours (TrainingPeaks).

use super::number::{self, DecimalMark, is_missing};

/// Seconds to minutes.
pub(crate) fn from_seconds(seconds: f64) -> f64 {
    seconds / 60.0
}

/// Decimal hours to minutes.
pub(crate) fn from_hours(hours: f64) -> f64 {
    hours * 60.0
}

/// `h:mm:ss`, `hh:mm:ss(.f|,f)` or `mm:ss`, in seconds. Two parts are minutes and
/// seconds, as a stopwatch shows them.
pub(crate) fn clock_seconds(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let (hours, minutes, seconds) = match parts[..] {
        [m, s] => ("0", m, s),
        [h, m, s] => (h, m, s),
        _ => unreachable!(),
    };
    let whole = |t: &str| (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<f64>().ok())?;
    let hours = whole(hours)?;
    let minutes = whole(minutes)?;
    let seconds = seconds.replace(',', ".");
    let (int, frac) = seconds.split_once('.').unwrap_or((seconds.as_str(), "0"));
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.is_empty() {
        return None;
    }
    let secs = whole(int)? + format!("0.{frac}").parse::<f64>().ok()?;
    if (parts.len() == 3 && minutes >= 60.0) || secs >= 60.0 {
        return None;
    }
    Some(hours * 3600.0 + minutes * 60.0 + secs)
}

/// Strong's `2h 38m`, `1h 6m`, `55m`, `2h` (also `45s`, `1h 2m 3s`), in minutes.
pub(crate) fn hours_minutes(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut minutes = 0.0;
    let mut seen = false;
    for part in text.split_whitespace() {
        let unit_at = part.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (value, unit) = part.split_at(unit_at);
        let value: f64 = value.parse().ok()?;
        minutes += value
            * match unit {
                "h" => 60.0,
                "m" | "min" => 1.0,
                "s" => 1.0 / 60.0,
                _ => return None,
            };
        seen = true;
    }
    seen.then_some(minutes)
}

/// Any of the shapes above, for a column whose app is unknown (`--format generic`):
/// a clock time, `2h 38m`, or a plain number taken as minutes.
pub(crate) fn any_minutes(text: &str, mark: DecimalMark) -> Result<Option<f64>, ()> {
    if is_missing(text) {
        return Ok(None);
    }
    if text.contains(':') {
        return clock_seconds(text).map(|s| Some(from_seconds(s))).ok_or(());
    }
    if let Some(minutes) = hours_minutes(text) {
        return Ok(Some(minutes));
    }
    number::parse(text, mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(clock_seconds("01:32:43"), Some(5563.0));
        assert_eq!(clock_seconds("0:09:30"), Some(570.0));
        assert_eq!(clock_seconds("00:28:10.5"), Some(1690.5));
        assert_eq!(clock_seconds("00:03:42,5"), Some(222.5));
        assert_eq!(clock_seconds("45:30"), Some(2730.0));
        for bad in [
            "--:--:--",
            "1:2:3:4",
            "00:61:00",
            "00:00:75",
            "a:bb:cc",
            "12",
            "1:30:",
            "04:43.60.8",
        ] {
            assert_eq!(clock_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn strong_durations() {
        assert_eq!(hours_minutes("2h 38m"), Some(158.0));
        assert_eq!(hours_minutes("1h 6m"), Some(66.0));
        assert_eq!(hours_minutes("55m"), Some(55.0));
        assert_eq!(hours_minutes("2h"), Some(120.0));
        assert_eq!(hours_minutes("1h 0m 30s"), Some(60.5));
        for bad in ["", "2 h", "h", "38x", "2h38"] {
            assert_eq!(hours_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn generic_columns_take_any_shape() {
        assert_eq!(any_minutes("1:05:00", DecimalMark::Dot), Ok(Some(65.0)));
        assert_eq!(any_minutes("1h 5m", DecimalMark::Dot), Ok(Some(65.0)));
        assert_eq!(any_minutes("42,5", DecimalMark::Comma), Ok(Some(42.5)));
        assert_eq!(any_minutes("--", DecimalMark::Dot), Ok(None));
        assert_eq!(any_minutes("soon", DecimalMark::Dot), Err(()));
    }

    #[test]
    fn conversions() {
        assert_eq!(from_seconds(2637.0), 43.95);
        assert!((from_hours(0.510277777777778) - 30.6166666).abs() < 1e-6);
    }
}
