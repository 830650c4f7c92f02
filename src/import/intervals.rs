//! intervals.icu's activities CSV, and CSV dumps of the Strava API, which share its
//! field names (`start_date_local`, `moving_time`, `distance`, ... in seconds and
//! metres). `start_date_local` is the local wall time (the Strava API writes it with
//! a misleading `Z`), so its date is the training day as it stands.
//!
//! intervals.icu ids are Strava's own for activities synced from Strava, so those get
//! a `strava:` source id and merge with a Strava export of the same activity.

use super::dates::{self, DayOrder};
use super::number::DecimalMark;
use super::table::{Header, Table};
use super::units::positive;
use super::{Context, Converted, Format, RowOutcome, duration, join_notes, missing_column};
use crate::error::Result;

/// Which app wrote the API-style file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Intervals,
    StravaApi,
}

pub(super) fn recognises(header: &Header) -> bool {
    header.has("start_date_local") && header.has_prefix("icu_")
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    convert_api(table, context, Source::Intervals)
}

/// Read an API-style activities file.
pub(super) fn convert_api(table: &Table, context: &Context, source: Source) -> Result<Converted> {
    let h = &table.header;
    let format = match source {
        Source::Intervals => Format::Intervals,
        Source::StravaApi => Format::Strava,
    };
    let local_date = h.find("start_date_local");
    let utc_date = h.find("start_date");
    let kind = h.find_any(&["type", "sport_type"]);
    let moving = h.find("moving_time");
    let elapsed = h.find("elapsed_time");
    if local_date.is_none() && utc_date.is_none() {
        return Err(missing_column(table, format, &["start_date_local"]));
    }
    if kind.is_none() {
        return Err(missing_column(table, format, &["type"]));
    }
    let id = h.find("id");
    let name = h.find("name");
    let description = h.find("description");
    let distance = h.find("distance");
    let avg_hr = h.find("average_heartrate");
    let rpe = h.find_any(&["icu_rpe", "perceived_exertion"]);
    let temperature = h.find("average_temp");
    let layout = match source {
        Source::Intervals => format!("activities CSV, {} columns", h.len()),
        Source::StravaApi => format!("Strava API dump, {} columns", h.len()),
    };
    let mut out = Converted::new(layout);
    out.rows(table, |r| {
        let date = match local_date {
            Some(_) => dates::parse(r.text(local_date), DayOrder::DayFirst)
                .map(|s| s.date)
                .ok_or_else(|| {
                    r.error(
                        local_date,
                        "is not a date; expected an ISO date-time like 2026-01-05T07:30:00",
                    )
                })?,
            None => dates::parse(r.text(utc_date), DayOrder::DayFirst)
                .map(|s| context.options.zone.local_date(s.datetime()))
                .ok_or_else(|| {
                    r.error(
                        utc_date,
                        "is not a date; expected an ISO date-time like 2026-01-05T07:30:00Z",
                    )
                })?,
        };
        let sport = r
            .non_empty(kind)
            .ok_or_else(|| r.error(kind, "is empty; expected the activity type"))?;
        let mut seconds = None;
        for column in [moving, elapsed] {
            if let Some(s) = r.number(column, DecimalMark::Dot)?.filter(|s| *s > 0.0) {
                seconds = Some(s);
                break;
            }
        }
        let seconds = seconds.ok_or_else(|| r.line_error("has no moving_time or elapsed_time above 0"))?;
        let mut s = context.session(date, &split_camel_case(sport), duration::from_seconds(seconds));
        s.distance_km = positive(r.number(distance, DecimalMark::Dot)?.map(|m| m / 1000.0));
        s.avg_hr = r.number(avg_hr, DecimalMark::Dot)?;
        s.rpe = r.number(rpe, DecimalMark::Dot)?;
        s.temperature_c = r.number(temperature, DecimalMark::Dot)?;
        s.notes = join_notes([r.text(name), r.text(description)]);
        s.source_id = r.non_empty(id).map(|id| source_id(id, source));
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

/// `strava:123` for Strava ids (all digits), `intervals:i123` for intervals.icu's own.
fn source_id(id: &str, source: Source) -> String {
    if source == Source::StravaApi || id.bytes().all(|b| b.is_ascii_digit()) {
        format!("strava:{id}")
    } else {
        format!("intervals:{id}")
    }
}

/// `VirtualRide` -> `Virtual Ride`, so the sport aliases apply.
fn split_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase()) {
            out.push(' ');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::import::tests::support::*;

    #[test]
    fn activities_csv_field_by_field() {
        let file = import("intervals_activities.csv", &sydney());
        assert_eq!(
            shown(&file),
            [
                // A Strava-synced activity keeps Strava's id, so it merges with a Strava export.
                "me | 2026-01-05 | run | 50.17 | 10.021 | 6 | 151 | - | - | - | - | Morning Run | strava:16540012345",
                "me | 2026-01-06 | ride | 60 | 30.5 | - | 141 | - | - | - | - | Zwift - Tempo - Sweet spot, 3x12 | intervals:i98765432",
                // moving_time 0: the elapsed time.
                "me | 2026-01-07 | strength | 50 | - | 7 | - | - | - | - | - | Gym | intervals:i98765433",
            ]
        );
    }

    #[test]
    fn camel_case_types_become_words() {
        assert_eq!(split_camel_case("VirtualRide"), "Virtual Ride");
        assert_eq!(split_camel_case("WeightTraining"), "Weight Training");
        assert_eq!(split_camel_case("Run"), "Run");
        assert_eq!(crate::sport::canonical(&split_camel_case("EBikeRide")), "ride");
    }

    #[test]
    fn strava_ids_are_recognised() {
        assert_eq!(source_id("11110178459", Source::Intervals), "strava:11110178459");
        assert_eq!(source_id("i12345678", Source::Intervals), "intervals:i12345678");
    }
}
