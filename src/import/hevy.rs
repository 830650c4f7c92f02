//! Hevy's workout export, one row per set. The unit lives in the column name
//! (`weight_kg` or `weight_lbs`, `distance_km` or `distance_miles`); times look like
//! `26 Jul 2025, 07:06` (month names localised in non-English apps) and the workout
//! lasts from `start_time` to `end_time`. `set_type` is `normal`, `warmup`,
//! `failure` or `dropset`. A workout is the rows sharing `start_time` and `title`.

use super::dates::{self, DayOrder};
use super::gym::{LoggedRow, SetKind, Workout, WorkoutLog};
use super::number::DecimalMark;
use super::table::{Header, Table};
use super::units::{DistanceUnit, WeightUnit, positive};
use super::{Context, Converted, Format, RowOutcome, missing_column};
use crate::error::Result;

pub(super) fn recognises(header: &Header) -> bool {
    header.has_all(&["title", "start_time", "end_time", "exercise_title", "set_type"])
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let (title, start, end, exercise) = (
        h.find("title"),
        h.find("start_time"),
        h.find("end_time"),
        h.find("exercise_title"),
    );
    if start.is_none() || exercise.is_none() {
        return Err(missing_column(table, Format::Hevy, &["start_time", "exercise_title"]));
    }
    let (weight, weight_unit) = match (h.find("weight_kg"), h.find_any(&["weight_lbs", "weight_lb"])) {
        (Some(c), _) => (Some(c), WeightUnit::Kg),
        (None, Some(c)) => (Some(c), WeightUnit::Lb),
        (None, None) => (None, WeightUnit::Kg),
    };
    let (distance, distance_unit) = match (h.find("distance_km"), h.find_any(&["distance_miles", "distance_mi"])) {
        (Some(c), _) => (Some(c), DistanceUnit::Km),
        (None, Some(c)) => (Some(c), DistanceUnit::Mile),
        (None, None) => (h.find("distance_meters"), DistanceUnit::Metre),
    };
    let set_type = h.find("set_type");
    let reps = h.find("reps");
    let seconds = h.find("duration_seconds");
    let rpe = h.find("rpe");
    let description = h.find("description");
    let exercise_notes = h.find("exercise_notes");
    let unit = if weight_unit == WeightUnit::Lb { "lbs" } else { "kg" };

    let mut log = WorkoutLog::default();
    let mut out = Converted::new(format!("{unit} account"));
    out.rows(table, |r| {
        let started = dates::parse(r.text(start), DayOrder::DayFirst)
            .ok_or_else(|| r.error(start, "is not a date; expected Hevy's \"26 Jul 2025, 07:06\""))?;
        let ended = match r.non_empty(end) {
            Some(text) => Some(
                dates::parse(text, DayOrder::DayFirst)
                    .ok_or_else(|| r.error(end, "is not a date; expected Hevy's \"26 Jul 2025, 08:15\""))?,
            ),
            None => None,
        };
        let Some(exercise_name) = r.non_empty(exercise) else {
            return Ok(RowOutcome::Skipped);
        };
        let kind = match r.text(set_type).to_lowercase().as_str() {
            "warmup" | "warm-up" | "warm up" => SetKind::Warmup,
            "" | "normal" | "failure" | "dropset" | "drop set" | "drop" => SetKind::Working,
            _ => {
                return Err(r.error(
                    set_type,
                    "is not a set type; expected normal, warmup, failure or dropset",
                ));
            }
        };
        let weight_value = r.number(weight, DecimalMark::Dot)?;
        let reps_value = r.number(reps, DecimalMark::Dot)?;
        let distance_value = r.number(distance, DecimalMark::Dot)?;
        let seconds_value = r.number(seconds, DecimalMark::Dot)?;
        let rpe_value = r.number(rpe, DecimalMark::Dot)?;
        let row = LoggedRow {
            exercise: exercise_name.to_string(),
            kind,
            weight_kg: weight_value.map(|w| weight_unit.to_kg(w)),
            reps: reps_value,
            distance_km: positive(distance_value.map(|d| distance_unit.to_km(d))),
            seconds: seconds_value,
            rpe: rpe_value,
            category: None,
            marked_cardio: false,
            note: r.non_empty(exercise_notes).map(str::to_string),
        };
        if row.is_cardio_without_time() {
            return Err(r.error(seconds, "is empty; a cardio row needs its time in seconds"));
        }
        let workout_title = r.text(title);
        let key = format!("hevy:{}:{workout_title}", started.key());
        let workout = log.workout(&key, || Workout::new(started.date, key.clone(), r.line()));
        workout.describe(workout_title, r.non_empty(description));
        if workout.duration_min.is_none()
            && let Some(ended) = ended
        {
            let minutes = (ended.datetime() - started.datetime()).num_seconds() as f64 / 60.0;
            workout.duration_min = (minutes > 0.0).then_some(minutes);
        }
        workout.add(row);
        Ok(RowOutcome::Absorbed)
    });
    log.finish(context, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;

    #[test]
    fn kg_account_field_by_field() {
        let file = import("hevy_kg.csv", &sydney());
        assert_eq!(file.layout, "kg account");
        assert_eq!(
            shown(&file),
            [
                // 100x5 + 100x4 (failure) + 80x8 + 50x12 (drop set) = 2140; warm-up and the assisted
                // pull-up's counterweight left out. 69 min less 15 on the treadmill. Exercise notes kept.
                "me | 2026-01-05 | strength | 54 | - | 8.83 | - | 2140 | legs;core;back | - | - | Morning workout 💪 - Gym before work.\nKnee ok. - Slow eccentric | hevy:2026-01-05 07:06:00:Morning workout 💪",
                "me | 2026-01-05 | run | 15 | 2.5 | - | - | - | - | - | - | Treadmill - Morning workout 💪 | hevy:2026-01-05 07:06:00:Morning workout 💪:Treadmill",
                "me | 2026-01-07 | strength | 50 | - | - | - | 950 | chest;shoulders | - | - | Upper | hevy:2026-01-07 18:30:00:Upper",
            ]
        );
        assert_eq!(
            rejections(&file),
            [
                "hevy_kg.csv:21: column set_type: \"superset\" is not a set type; expected normal, warmup, failure or dropset"
            ]
        );
    }

    #[test]
    fn lbs_account_field_by_field() {
        let file = import("hevy_lbs.csv", &sydney());
        assert_eq!(file.layout, "lbs account");
        assert_eq!(
            shown(&file),
            [
                // 7235 lb.
                "me | 2025-09-12 | strength | 90 | - | - | - | 3281.74 | legs | - | - | I'm Still Standing - Elton John | hevy:2025-09-12 21:46:00:I'm Still Standing - Elton John",
                "me | 2025-09-11 | strength | 59 | - | - | - | 374.21 | back | - | - | Back in Black - AC/DC | hevy:2025-09-11 22:02:00:Back in Black - AC/DC",
                // 1.5 miles.
                "me | 2025-09-11 | run | 13 | 2.414 | - | - | - | - | - | - | Running - Back in Black - AC/DC | hevy:2025-09-11 22:02:00:Back in Black - AC/DC:Running",
            ]
        );
    }

    #[test]
    fn french_month_names() {
        let text = "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n\
                    Jambes,\"3 févr. 2026, 18:30\",\"3 févr. 2026, 19:15\",,Squat (Barre),,,0,normal,80,5,,,\n";
        let file = crate::import::parse(std::path::Path::new("fr.csv"), text.as_bytes(), &sydney()).unwrap();
        assert_eq!(
            shown(&file),
            [
                "me | 2026-02-03 | strength | 45 | - | - | - | 400 | legs | - | - | Jambes | hevy:2026-02-03 18:30:00:Jambes"
            ]
        );
    }
}
