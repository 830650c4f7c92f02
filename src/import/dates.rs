//! Dates and times as exports write them:
//!
//! * ISO `2022-12-21 10:40:56`, `2020-04-04T08:30:34`, `2024-02-06T18:20:32Z`;
//! * English month names, month first, 12-hour clock: Strava's `Mar 25, 2024, 6:01:54 AM`;
//! * day first with a month name: Hevy's `26 Jul 2025, 07:06`, French `24 mai 2012 à 16:27:40`,
//!   `févr.`, `déc.` (month names in English, German, French, Spanish, Dutch, Italian, Portuguese);
//! * numbers: German `09.12.2022, 15:24:49`, and `d/m/yyyy` or `m/d/yyyy`, whose order is
//!   decided over the whole file ([`DayOrder::detect`]) because one date cannot tell.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The order of day and month in all-number dates with the year last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayOrder {
    DayFirst,
    MonthFirst,
}

/// The outcome of [`DayOrder::detect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DetectedOrder {
    pub order: DayOrder,
    /// No date in the file could tell (every day was 12 or less).
    pub guessed: bool,
}

impl DayOrder {
    /// Look at every all-number date with the year last: a first number above 12 is a
    /// day, a second number above 12 is a day. With no such date, day first is assumed
    /// and `guessed` is set so the caller can say so.
    pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> DetectedOrder {
        let (mut day_first, mut month_first) = (0usize, 0usize);
        for value in values {
            if let Some((a, b, _)) = value
                .split_whitespace()
                .next()
                .and_then(|d| split_numeric_date(d.trim_end_matches(',')))
                .filter(|(_, _, year_last)| *year_last)
            {
                if a > 12 {
                    day_first += 1;
                } else if b > 12 {
                    month_first += 1;
                }
            }
        }
        DetectedOrder {
            order: if month_first > day_first {
                DayOrder::MonthFirst
            } else {
                DayOrder::DayFirst
            },
            guessed: day_first == 0 && month_first == 0,
        }
    }
}

/// A date with the time of day when the text had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl Stamp {
    /// Midnight when there is no time.
    pub fn datetime(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }

    /// `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`): a stable form for source ids.
    pub fn key(&self) -> String {
        match self.time {
            Some(t) => format!("{} {}", self.date, t.format("%H:%M:%S")),
            None => self.date.to_string(),
        }
    }
}

/// Parse any of the shapes in the module doc. `order` settles all-number dates with
/// the year last whose day is 12 or less.
pub(crate) fn parse(text: &str, order: DayOrder) -> Option<Stamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // ISO date-times glue date and time with a `T`.
    if let Some((date, time)) = text.split_once('T')
        && date.len() == 10
        && date.as_bytes()[4] == b'-'
    {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let time = parse_time(strip_zone(time))?;
        return Some(Stamp { date, time: Some(time) });
    }

    let mut date = None;
    let (mut day, mut month, mut year) = (None, None, None);
    let mut time: Option<NaiveTime> = None;
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(word) = words.next() {
        let lower = word.to_lowercase();
        if lower.contains(':') {
            let mut t = parse_time(&lower)?;
            if let Some(meridiem) = words.peek().map(|w| w.to_lowercase().replace('.', ""))
                && (meridiem == "am" || meridiem == "pm")
            {
                t = apply_meridiem(t, meridiem == "pm")?;
                words.next();
            }
            time = Some(t);
        } else if let Some((a, b, year_last)) = split_numeric_date(&lower) {
            date = Some(numeric_date(&lower, a, b, year_last, order)?);
        } else if lower.bytes().all(|b| b.is_ascii_digit() || b == b'.') && lower.bytes().any(|b| b.is_ascii_digit()) {
            // A lone number: a 4-digit year or a day (German writes `7.`).
            let digits = lower.trim_end_matches('.');
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 {
                year = Some(n as i32);
            } else if digits.len() <= 2 {
                day = Some(n);
            } else {
                return None;
            }
        } else if let Some(m) = month_number(&lower) {
            month = Some(m);
        }
        // Other words (`à`, `um`, weekday names) carry no date.
    }
    let date = match date {
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(year?, month?, day?)?,
    };
    Some(Stamp { date, time })
}

/// `Z`, `+01:00` or `-0330` after an ISO time: the wall time is what counts.
fn strip_zone(time: &str) -> &str {
    let time = time.strip_suffix('Z').unwrap_or(time);
    match time.rfind(['+', '-']) {
        Some(at) if at >= 5 => &time[..at],
        _ => time,
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let mut parts = text.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: f64 = match parts.next() {
        Some(s) => s.replace(',', ".").parse().ok()?,
        None => 0.0,
    };
    if parts.next().is_some() || !(0.0..60.0).contains(&s) {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, s as u32)
}

fn apply_meridiem(time: NaiveTime, pm: bool) -> Option<NaiveTime> {
    use chrono::Timelike;
    let h = time.hour();
    if !(1..=12).contains(&h) {
        return None;
    }
    let h24 = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, false) => h,
        (h, true) => h + 12,
    };
    time.with_hour(h24)
}

/// `2022-12-21`, `2026/06/28`, `09.12.2022`, `2/4/2017`: the first two numbers and
/// whether the year comes last.
fn split_numeric_date(text: &str) -> Option<(u32, u32, bool)> {
    let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = text.trim_end_matches('.').split(separator).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => Some((parts[1].parse().ok()?, parts[2].parse().ok()?, false)),
        (1..=2, 4) => Some((parts[0].parse().ok()?, parts[1].parse().ok()?, true)),
        _ => None,
    }
}

fn numeric_date(text: &str, a: u32, b: u32, year_last: bool, order: DayOrder) -> Option<NaiveDate> {
    let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = text.trim_end_matches('.').split(separator).collect();
    if !year_last {
        // Year first is always year, month, day.
        return NaiveDate::from_ymd_opt(parts[0].parse().ok()?, a, b);
    }
    let year: i32 = parts[2].parse().ok()?;
    // Dotted dates are day first in every locale that writes them.
    let day_first = separator == '.' || a > 12 || (b <= 12 && order == DayOrder::DayFirst);
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Month names and abbreviations (with or without a trailing dot) in the languages
/// exports were seen in, to 1..=12.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    const MONTHS: [&[&str]; 12] = [
        &[
            "jan", "january", "januar", "janv", "janvier", "ene", "enero", "januari", "gen", "gennaio", "janeiro",
        ],
        &[
            "feb",
            "february",
            "februar",
            "févr",
            "fevr",
            "février",
            "fevrier",
            "febrero",
            "februari",
            "febbraio",
            "fev",
            "fevereiro",
        ],
        &[
            "mar", "march", "märz", "maerz", "mrz", "mars", "marzo", "mrt", "maart", "março", "marco",
        ],
        &["apr", "april", "avr", "avril", "abr", "abril", "aprile"],
        &["may", "mai", "mayo", "mei", "mag", "maggio", "maio"],
        &["jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho"],
        &[
            "jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho",
        ],
        &["aug", "august", "août", "aout", "ago", "agosto", "augustus"],
        &[
            "sep",
            "sept",
            "september",
            "septembre",
            "septiembre",
            "set",
            "settembre",
            "setembro",
        ],
        &[
            "oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "out", "outubro",
        ],
        &["nov", "november", "novembre", "noviembre", "novembro"],
        &[
            "dec",
            "december",
            "dez",
            "dezember",
            "déc",
            "décembre",
            "decembre",
            "dic",
            "diciembre",
            "dicembre",
            "dezembro",
        ],
    ];
    MONTHS.iter().position(|names| names.contains(&w)).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Option<String> {
        parse(text, DayOrder::DayFirst).map(|s| s.key())
    }

    #[test]
    fn shapes_from_the_spec() {
        for (text, want) in [
            ("Mar 25, 2024, 6:01:54 AM", "2024-03-25 06:01:54"),
            ("Sep 12, 2018, 3:02:23 PM", "2018-09-12 15:02:23"),
            ("Jan 1, 2026, 12:05:00 AM", "2026-01-01 00:05:00"),
            ("Jan 1, 2026, 12:05:00 PM", "2026-01-01 12:05:00"),
            ("09.12.2022, 15:24:49", "2022-12-09 15:24:49"),
            ("24 mai 2012 à 16:27:40", "2012-05-24 16:27:40"),
            ("26 Jul 2025, 07:06", "2025-07-26 07:06:00"),
            ("9 Sep 2024, 22:06", "2024-09-09 22:06:00"),
            ("3 févr. 2025, 18:30", "2025-02-03 18:30:00"),
            ("12 déc. 2024, 07:00", "2024-12-12 07:00:00"),
            ("2022-12-21 10:40:56", "2022-12-21 10:40:56"),
            ("2020-04-04T08:30:34", "2020-04-04 08:30:34"),
            ("2024-02-06T18:20:32Z", "2024-02-06 18:20:32"),
            ("2024-02-06T18:20:32+01:00", "2024-02-06 18:20:32"),
            ("2026-01-05", "2026-01-05"),
            ("2026/06/28", "2026-06-28"),
            ("23/12/2025", "2025-12-23"),
            ("7/4/2020 15:36", "2020-04-07 15:36:00"),
            ("20-06-2018", "2018-06-20"),
        ] {
            assert_eq!(stamp(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn month_first_order_applies_to_ambiguous_dates_only() {
        let us = |t: &str| parse(t, DayOrder::MonthFirst).map(|s| s.key());
        assert_eq!(us("2/4/2017").as_deref(), Some("2017-02-04"));
        assert_eq!(us("12/31/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(us("23/12/2025").as_deref(), Some("2025-12-23"));
        assert_eq!(us("09.12.2022").as_deref(), Some("2022-12-09"));
    }

    #[test]
    fn nonsense_is_rejected() {
        for bad in [
            "",
            "yesterday",
            "Feb 30, 2024, 1:00:00 PM",
            "2024-13-01",
            "Mar 25, 2024, 13:01:54 PM",
            "25:00",
            "2024-02-06T25:00:00",
            "Mar 2024",
        ] {
            assert_eq!(stamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn order_detection() {
        let d = DayOrder::detect(["1/2/2020", "23/12/2025"]);
        assert_eq!((d.order, d.guessed), (DayOrder::DayFirst, false));
        let d = DayOrder::detect(["1/2/2020", "12/31/2025 10:00"]);
        assert_eq!((d.order, d.guessed), (DayOrder::MonthFirst, false));
        let d = DayOrder::detect(["1/2/2020", "2020-01-05"]);
        assert_eq!((d.order, d.guessed), (DayOrder::DayFirst, true));
    }
}
