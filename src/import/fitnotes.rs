//! FitNotes' workout data export, one row per set, with no workout name, start time,
//! duration or warm-up flag: a day is the workout, every set is a working set, and the
//! duration is estimated from the set count (see [`gym`](super::gym)). `Category` is
//! the muscle group (`Cardio` for cardio rows, which carry `Distance`,
//! `Distance Unit` and `Time` as `H:MM:SS`).
//!
//! Layouts: current (`Weight` with a `Weight Unit` per row, `kgs` or `lbs`, and
//! `Comment`), older (`Weight (kgs)`), and 2018-2020 (`Weight (lbs)`, no `Comment`).
//! Dates are ISO, or in the phone's locale, whose day/month order is read from the
//! whole file.

use super::dates::{self, DayOrder};
use super::gym::{LoggedRow, SetKind, Workout, WorkoutLog};
use super::number::DecimalMark;
use super::table::{Header, Table};
use super::units::{DistanceUnit, WeightUnit, positive};
use super::{Context, Converted, Format, RowOutcome, duration, missing_column};
use crate::error::Result;

const WEIGHT: &[&str] = &["Weight", "Weight (kgs)", "Weight (kg)", "Weight (lbs)", "Weight (lb)"];

pub(super) fn recognises(header: &Header) -> bool {
    header.has_all(&["Date", "Exercise", "Category", "Reps"]) && header.find_any(WEIGHT).is_some()
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let (date, exercise, category) = (h.find("Date"), h.find("Exercise"), h.find("Category"));
    if date.is_none() || exercise.is_none() {
        return Err(missing_column(table, Format::FitNotes, &["Date", "Exercise"]));
    }
    let weight = h.find_any(WEIGHT);
    let weight_unit_column = h.find("Weight Unit");
    let header_unit = match weight.map(|c| h.name(c).to_lowercase()) {
        Some(name) if name.contains("lb") => Some(WeightUnit::Lb),
        Some(name) if name.contains("kg") => Some(WeightUnit::Kg),
        _ => None,
    };
    let reps = h.find("Reps");
    let distance = h.find("Distance");
    let distance_unit_column = h.find("Distance Unit");
    let time = h.find("Time");
    let comment = h.find("Comment");
    let layout = if weight_unit_column.is_some() {
        "current layout"
    } else if comment.is_some() {
        "older layout (Weight (kgs))"
    } else {
        "2018-2020 layout"
    };
    let order = DayOrder::detect(table.column_values(date));

    let mut log = WorkoutLog::default();
    let mut assumed_kg = false;
    let mut out = Converted::new(layout);
    let locale_dates = table
        .column_values(date)
        .find(|d| !d.is_empty() && d.as_bytes().get(4) != Some(&b'-'));
    if let (true, Some(example)) = (order.guessed, locale_dates) {
        out.warnings.push(format!(
            "{}: dates such as {example:?} could be day/month or month/day and no date in the file tells; \
             read as day/month",
            table.path.display()
        ));
    }
    out.rows(table, |r| {
        let day = dates::parse(r.text(date), order.order)
            .map(|s| s.date)
            .ok_or_else(|| r.error(date, "is not a date; expected 2020-09-13 (or the phone's 13/09/2020)"))?;
        let Some(exercise_name) = r.non_empty(exercise) else {
            return Ok(RowOutcome::Skipped);
        };
        let category_name = r.text(category);
        let weight_value = r.number(weight, DecimalMark::Dot)?;
        let reps_value = r.number(reps, DecimalMark::Dot)?;
        let distance_value = r.number(distance, DecimalMark::Dot)?;
        let weight_unit = match r.non_empty(weight_unit_column) {
            Some(label) => Some(
                WeightUnit::from_label(label)
                    .ok_or_else(|| r.error(weight_unit_column, "is not a weight unit; expected kgs or lbs"))?,
            ),
            None => header_unit.or(context.options.weight_unit),
        };
        let seconds = match r.non_empty(time) {
            Some(text) => Some(
                duration::clock_seconds(text)
                    .ok_or_else(|| r.error(time, "is not a time; expected H:MM:SS such as 0:09:30"))?,
            ),
            None => None,
        };
        let distance_unit = match r.non_empty(distance_unit_column) {
            Some(label) => DistanceUnit::from_label(label)
                .ok_or_else(|| r.error(distance_unit_column, "is not a distance unit; expected km, m or mi"))?,
            None => DistanceUnit::Km,
        };
        if weight_unit.is_none() && weight_value.is_some_and(|w| w > 0.0) {
            assumed_kg = true;
        }
        let row = LoggedRow {
            exercise: exercise_name.to_string(),
            // FitNotes has no warm-up flag.
            kind: SetKind::Working,
            weight_kg: weight_value.map(|w| weight_unit.unwrap_or(WeightUnit::Kg).to_kg(w)),
            reps: reps_value,
            distance_km: positive(distance_value.map(|d| distance_unit.to_km(d))),
            seconds,
            rpe: None,
            category: Some(category_name.to_string()).filter(|c| !c.is_empty()),
            marked_cardio: category_name.eq_ignore_ascii_case("cardio"),
            note: r.non_empty(comment).map(str::to_string),
        };
        if row.is_cardio_without_time() {
            return Err(r.error(time, "is empty; a cardio row needs its time (H:MM:SS)"));
        }
        let key = format!("fitnotes:{day}");
        log.workout(&key, || Workout::new(day, key.clone(), r.line())).add(row);
        Ok(RowOutcome::Absorbed)
    });
    log.finish(context, &mut out);
    if assumed_kg {
        out.warnings.push(format!(
            "{}: the export does not say the weight unit; weights were read as kg (pass --weight-unit lb if needed)",
            table.path.display()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;

    #[test]
    fn current_layout_field_by_field() {
        let file = import("fitnotes_current.csv", &sydney());
        assert_eq!(file.layout, "current layout");
        assert_eq!(
            shown(&file),
            [
                // 80x5x2 + 30 lbs x10 (136.08 kg); no duration in FitNotes: 4 sets x 2.5 min.
                "me | 2026-01-05 | strength | 10 | - | - | - | 936.08 | chest;arms;core | - | - | Paused reps - duration estimated from 4 sets at 2.5 min per set | fitnotes:2026-01-05",
                "me | 2026-01-05 | run | 28.5 | 5 | - | - | - | - | - | - | Running (Treadmill) - Easy, 1% incline | fitnotes:2026-01-05:Running (Treadmill)",
                "me | 2026-01-06 | strength | 5 | - | - | - | 1000 | legs | - | - | duration estimated from 2 sets at 2.5 min per set | fitnotes:2026-01-06",
            ]
        );
        assert_eq!(
            rejections(&file),
            ["fitnotes_current.csv:9: column Time: \"\" is empty; a cardio row needs its time (H:MM:SS)"]
        );
        assert_eq!(
            file.warnings,
            ["2 workouts had no duration in the export; estimated at 2.5 min per set (the session notes say so)"]
        );
    }

    #[test]
    fn legacy_layout_in_pounds_with_month_first_dates() {
        let file = import("fitnotes_legacy.csv", &sydney());
        assert_eq!(file.layout, "2018-2020 layout");
        assert_eq!(
            shown(&file),
            [
                // 225 lb x 5 x 2; "2/16/2017" shows the dates are month first.
                "me | 2017-02-04 | strength | 5 | - | - | - | 1020.58 | back | - | - | duration estimated from 2 sets at 2.5 min per set | fitnotes:2017-02-04",
                "me | 2017-02-04 | run | 9.5 | 2.092 | - | - | - | - | - | - | Running (Treadmill) | fitnotes:2017-02-04:Running (Treadmill)",
                "me | 2017-02-16 | strength | 5 | - | - | - | 344.73 | shoulders;back | - | - | duration estimated from 2 sets at 2.5 min per set | fitnotes:2017-02-16",
            ]
        );
    }
}
