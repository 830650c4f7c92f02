//! Garmin Connect's activity list export (`Activities.csv`). Dates are local; times
//! are `hh:mm:ss` (`--:--:--` when missing); numbers carry thousands separators, and
//! decimal-comma locales swap them, so the decimal mark is decided over the file.
//!
//! The duration is `Time`, the watch's timer time, which leaves out pauses (2020's
//! cycling lists call it `Activity Time`); `Moving Time` and `Elapsed Time` stand in
//! when it is missing. Distances are km, except pool swims, which Garmin writes in
//! metres (`"1,000"`). Garmin has no activity id in this export, so the start time is
//! the source id: no two activities of one athlete start in the same second.

use super::dates::{self, DayOrder};
use super::table::{Header, Table};
use super::units::positive;
use super::{Context, Converted, Format, RowOutcome, duration, missing_column};
use crate::error::Result;

pub(super) fn recognises(header: &Header) -> bool {
    header.has_all(&["Activity Type", "Date", "Favorite", "Title"])
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let kind = h.find("Activity Type");
    let date = h.find("Date");
    let durations = [
        h.find("Time"),
        h.find("Activity Time"),
        h.find("Moving Time"),
        h.find("Elapsed Time"),
    ];
    if kind.is_none() || date.is_none() {
        return Err(missing_column(table, Format::Garmin, &["Activity Type", "Date"]));
    }
    if durations.iter().all(Option::is_none) {
        return Err(missing_column(table, Format::Garmin, &["Time", "Elapsed Time"]));
    }
    let title = h.find("Title");
    let distance = h.find("Distance");
    let avg_hr = h.find("Avg HR");
    let min_temp = h.find_any(&["Min Temp", "Min Water Temp"]);
    let max_temp = h.find("Max Temp");
    let mark = table.decimal_mark(&[
        distance,
        h.find("Calories"),
        h.find("Total Ascent"),
        h.find("Avg Speed"),
    ]);
    let order = DayOrder::detect(table.column_values(date));

    let mut out = Converted::new(format!("{} columns", h.len()));
    if order.guessed && table.column_values(date).any(|d| d.contains('/')) {
        out.warnings.push(format!(
            "{}: dates such as {:?} could be day/month or month/day; read as day/month",
            table.path.display(),
            table.column_values(date).find(|d| d.contains('/')).unwrap_or_default()
        ));
    }
    out.rows(table, |r| {
        let stamp = dates::parse(r.text(date), order.order)
            .ok_or_else(|| r.error(date, "is not a date; expected Garmin's 2022-12-21 10:40:56"))?;
        let activity = r
            .non_empty(kind)
            .ok_or_else(|| r.error(kind, "is empty; expected the activity type"))?;
        let mut seconds = None;
        for column in durations {
            let text = r.text(column);
            if super::number::is_missing(text) {
                continue;
            }
            let value =
                duration::clock_seconds(text).ok_or_else(|| r.error(column, "is not a duration; expected hh:mm:ss"))?;
            if value > 0.0 {
                seconds = Some(value);
                break;
            }
        }
        let seconds = seconds.ok_or_else(|| r.line_error("has no Time, Moving Time or Elapsed Time"))?;
        let mut s = context.session(stamp.date, activity, duration::from_seconds(seconds));
        let lower = activity.to_lowercase();
        let in_metres = s.sport == "swim" && (lower.contains("pool") || lower.contains("lap"));
        s.distance_km = positive(
            r.number(distance, mark)?
                .map(|d| if in_metres { d / 1000.0 } else { d }),
        );
        s.avg_hr = r.number(avg_hr, mark)?;
        s.temperature_c = match (r.number(min_temp, mark)?, r.number(max_temp, mark)?) {
            (Some(low), Some(high)) => Some((low + high) / 2.0),
            (one, other) => one.or(other),
        };
        s.notes = r.non_empty(title).map(str::to_string);
        s.source_id = Some(format!("garmin:{}", stamp.key()));
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;

    #[test]
    fn english_2022_export_field_by_field() {
        let file = import("garmin_activities.csv", &sydney());
        assert_eq!(file.layout, "43 columns");
        assert_eq!(
            shown(&file),
            [
                // Timer time (1:52:43), not elapsed; "1,706"-style numbers; mean of min and max temperature.
                "me | 2026-01-10 | run | 112.72 | 21.13 | - | 158 | - | - | 22 | - | Valencia Running | garmin:2026-01-10 07:40:56",
                // Pool swims are in metres: "1,225" is 1.225 km; fractional seconds.
                "me | 2026-01-09 | swim | 41.18 | 1.225 | - | - | - | - | - | - | Pool Swim | garmin:2026-01-09 12:05:00",
                "me | 2026-01-08 | strength | 55 | - | - | 112 | - | - | - | - | Strength | garmin:2026-01-08 18:30:00",
                "me | 2026-01-07 | ride | 60 | - | - | 141 | - | - | - | - | Zwift - Tempo | garmin:2026-01-07 06:15:00",
            ]
        );
        assert_eq!(
            rejections(&file),
            ["garmin_activities.csv:6: column Time: \"abc\" is not a duration; expected hh:mm:ss"]
        );
    }

    #[test]
    fn decimal_comma_locale() {
        let file = import("garmin_activities_decimal_comma.csv", &sydney());
        assert_eq!(
            shown(&file),
            [
                "me | 2026-02-03 | run | 31.71 | 5.81 | - | 149 | - | - | - | - | Vakaro bėgimas | garmin:2026-02-03 18:10:00",
                // "1.000" metres in a decimal-comma file is 1000 m.
                "me | 2026-02-01 | swim | 35 | 1 | - | - | - | - | - | - | Baseinas | garmin:2026-02-01 08:00:00",
            ]
        );
    }
}
