//! Strong's workout export, one row per set, in its layouts:
//!
//! * classic (iOS, up to 2023): comma-separated, `Duration` like `2h 38m`, weights in
//!   the user's display unit with no unit anywhere in the file (so `--weight-unit`
//!   says it; kg is assumed otherwise, with a warning);
//! * 2023+ (Android): semicolon-separated, a `Weight Unit` per row, `Workout Duration`
//!   last; decimal commas where the phone's locale uses them;
//! * 2025 (v6): `Workout #`, `Duration (sec)`, units in the header (`Weight (kg)`),
//!   rest timers and notes as pseudo-set rows (skipped and counted);
//! * German headers (`Datum`, `Name der Übung`, `Gewicht`, ...).
//!
//! A workout is the rows sharing `Date` and `Workout Name`; [`gym`](super::gym) turns
//! it into sessions. `Set Order` marks warm-ups `W` (excluded from tonnage) and
//! drop/failure sets `D`/`F` (included).

use super::dates::{self, DayOrder};
use super::gym::{LoggedRow, SetKind, Workout, WorkoutLog};
use super::table::{Header, Table};
use super::units::{DistanceUnit, WeightUnit, positive};
use super::{Context, Converted, Format, RowOutcome, duration, missing_column};
use crate::error::Result;

const DATE: &[&str] = &["Date", "Datum"];
const WORKOUT: &[&str] = &["Workout Name", "Workout-Name"];
const DURATION: &[&str] = &[
    "Duration",
    "Workout Duration",
    "Duration (sec)",
    "Workout-Dauer",
    "Dauer",
];
const EXERCISE: &[&str] = &["Exercise Name", "Name der Übung"];
const SET_ORDER: &[&str] = &["Set Order", "Reihenfolge festlegen"];
const WEIGHT: &[&str] = &[
    "Weight",
    "Gewicht",
    "Weight (kg)",
    "Weight (kgs)",
    "Weight (lbs)",
    "Weight (lb)",
];
const REPS: &[&str] = &["Reps", "Wiederh."];
const DISTANCE: &[&str] = &[
    "Distance",
    "Entfernung",
    "Distance (meters)",
    "Distance (km)",
    "Distance (miles)",
    "Distance (mi)",
];
const SECONDS: &[&str] = &["Seconds", "Sekunden"];
const WORKOUT_NOTES: &[&str] = &["Workout Notes", "Workout-Notizen"];

pub(super) fn recognises(header: &Header) -> bool {
    header.find_any(EXERCISE).is_some() && header.find_any(SET_ORDER).is_some() && header.find_any(DATE).is_some()
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let date = h.find_any(DATE);
    let exercise = h.find_any(EXERCISE);
    let set_order = h.find_any(SET_ORDER);
    if date.is_none() || exercise.is_none() || set_order.is_none() {
        return Err(missing_column(
            table,
            Format::Strong,
            &["Date", "Exercise Name", "Set Order"],
        ));
    }
    let workout_name = h.find_any(WORKOUT);
    let duration_column = h.find_any(DURATION);
    let weight = h.find_any(WEIGHT);
    let weight_unit_column = h.find("Weight Unit");
    let reps = h.find_any(REPS);
    let rpe = h.find("RPE");
    let distance = h.find_any(DISTANCE);
    let distance_unit_column = h.find("Distance Unit");
    let seconds = h.find_any(SECONDS);
    let workout_notes = h.find_any(WORKOUT_NOTES);
    let exercise_notes = h.find_any(&["Notes", "Notizen"]);

    // Units named in the header (v6) beat the user's option, which beats kg.
    let header_weight_unit = weight
        .and_then(|c| unit_in_name(h.name(c)))
        .and_then(WeightUnit::from_label);
    let header_distance_unit = distance
        .and_then(|c| unit_in_name(h.name(c)))
        .and_then(DistanceUnit::from_label);
    let duration_in_seconds = duration_column.is_some_and(|c| h.name(c).to_lowercase().contains("sec"));
    let mark = table.decimal_mark(&[weight, distance, rpe, reps]);
    let layout = if h.has("Workout #") {
        "2025 layout".to_string()
    } else if table.delimiter == b';' {
        "2023+ semicolon layout".to_string()
    } else if weight_unit_column.is_some() {
        "2023+ comma layout".to_string()
    } else {
        "classic layout".to_string()
    };

    let mut log = WorkoutLog::default();
    let mut assumed_kg = false;
    let mut out = Converted::new(layout);
    out.rows(table, |r| {
        let Some(exercise_name) = r.non_empty(exercise) else {
            return Ok(RowOutcome::Skipped);
        };
        let kind = match r.text(set_order).to_uppercase().as_str() {
            "W" => SetKind::Warmup,
            "D" | "F" => SetKind::Working,
            order if !order.is_empty() && order.bytes().all(|b| b.is_ascii_digit()) => SetKind::Working,
            // Rest timers and notes exported as pseudo-sets.
            _ => return Ok(RowOutcome::Skipped),
        };
        let stamp = dates::parse(r.text(date), DayOrder::DayFirst)
            .ok_or_else(|| r.error(date, "is not a date; expected Strong's 2020-12-30 18:51:52"))?;
        let duration_min = if r.non_empty(duration_column).is_none() {
            None
        } else if duration_in_seconds {
            r.number(duration_column, mark)?.map(duration::from_seconds)
        } else {
            let text = r.text(duration_column);
            let minutes =
                duration::hours_minutes(text).or_else(|| duration::clock_seconds(text).map(duration::from_seconds));
            Some(minutes.ok_or_else(|| r.error(duration_column, "is not a duration; expected Strong's 1h 6m"))?)
        };
        let weight_value = r.number(weight, mark)?;
        let reps_value = r.number(reps, mark)?;
        let distance_value = r.number(distance, mark)?;
        let seconds_value = r.number(seconds, mark)?;
        let rpe_value = r.number(rpe, mark)?;
        let weight_unit = match r.non_empty(weight_unit_column) {
            Some(label) => Some(
                WeightUnit::from_label(label)
                    .ok_or_else(|| r.error(weight_unit_column, "is not a weight unit; expected kg or lbs"))?,
            ),
            None => header_weight_unit.or(context.options.weight_unit),
        };
        let distance_unit = match r.non_empty(distance_unit_column) {
            Some(label) => DistanceUnit::from_label(label)
                .ok_or_else(|| r.error(distance_unit_column, "is not a distance unit; expected km, m or mi"))?,
            None => header_distance_unit.unwrap_or(DistanceUnit::Km),
        };
        if weight_unit.is_none() && weight_value.is_some_and(|w| w > 0.0) {
            assumed_kg = true;
        }
        let row = LoggedRow {
            exercise: exercise_name.to_string(),
            kind,
            weight_kg: weight_value.map(|w| weight_unit.unwrap_or(WeightUnit::Kg).to_kg(w)),
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
        let title = r.text(workout_name);
        let key = format!("strong:{}:{title}", stamp.key());
        let workout = log.workout(&key, || Workout::new(stamp.date, key.clone(), r.line()));
        workout.describe(title, r.non_empty(workout_notes));
        workout.duration_min = workout.duration_min.or(duration_min);
        workout.add(row);
        Ok(RowOutcome::Absorbed)
    });
    log.finish(context, &mut out);
    if assumed_kg {
        out.warnings.push(format!(
            "{}: Strong's export does not say the weight unit; weights were read as kg \
             (pass --weight-unit lb if you log in pounds)",
            table.path.display()
        ));
    }
    Ok(out)
}

/// `kg` in `Weight (kg)`.
fn unit_in_name(name: &str) -> Option<&str> {
    let open = name.find('(')?;
    let close = name[open..].find(')')? + open;
    Some(name[open + 1..close].trim())
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;
    use crate::import::{ImportOptions, WeightUnit};

    #[test]
    fn classic_layout_field_by_field() {
        let file = import("strong_classic.csv", &sydney());
        assert_eq!(file.layout, "classic layout");
        assert_eq!(
            shown(&file),
            [
                // Warm-up 60x5 left out; failure (100x3) and drop (140x8) sets in: 4820 kg.
                // RPE mean of 8, 8.5, 10; 1h 6m less the 10 min ride; workout notes, then set notes.
                "me | 2026-01-05 | strength | 56 | - | 8.83 | - | 4820 | legs;core | - | - | Leg Day - Felt heavy, slept 6h - Seat at 5,\nfeet high | strong:2026-01-05 18:00:00:Leg Day",
                "me | 2026-01-05 | ride | 10 | 4 | - | - | - | - | - | - | Cycling (Indoor) - Leg Day - Warm-up ride | strong:2026-01-05 18:00:00:Leg Day:Cycling (Indoor)",
                "me | 2026-01-07 | strength | 55 | - | - | - | 1060 | chest;shoulders;arms | - | - | Push | strong:2026-01-07 07:15:00:Push",
                "me | 2026-01-09 | strength | 120 | - | - | - | 1180 | legs;back | - | - | Pull | strong:2026-01-09 19:00:00:Pull",
            ]
        );
        assert_eq!(
            rejections(&file),
            ["strong_classic.csv:19: column Duration: \"soon\" is not a duration; expected Strong's 1h 6m"]
        );
        assert_eq!(file.warnings.len(), 1);
        assert!(
            file.warnings[0].contains("weights were read as kg"),
            "{}",
            file.warnings[0]
        );
    }

    #[test]
    fn classic_layout_in_pounds() {
        let options = ImportOptions {
            weight_unit: Some(WeightUnit::Lb),
            ..sydney()
        };
        let file = import("strong_classic.csv", &options);
        // 4820 lb.
        assert_eq!(file.sessions[0].tonnage_kg, Some(2186.32));
        assert!(file.warnings.is_empty());
    }

    #[test]
    fn semicolon_layout_with_decimal_commas_and_unit_per_row() {
        let file = import("strong_2023_semicolon.csv", &sydney());
        assert_eq!(file.layout, "2023+ semicolon layout");
        assert_eq!(
            shown(&file),
            [
                // 14x8 + 12,5x8 + 25 lbs x10 (113.4 kg) = 325.4 kg; the empty chest fly and plank add 0.
                "me | 2026-02-02 | strength | 36 | - | 8.5 | - | 325.4 | chest;arms;core | - | - | Arms | strong:2026-02-02 16:49:28:Arms",
                "me | 2026-02-02 | run | 8 | 1.5 | - | - | - | - | - | - | Running (Treadmill) - Arms | strong:2026-02-02 16:49:28:Arms:Running (Treadmill)",
                "me | 2026-02-04 | strength | 61 | - | - | - | 590 | back;core | - | - | Back and abs - Shoulder niggle; went light | strong:2026-02-04 09:01:55:Back and abs",
                "me | 2026-02-04 | elliptical | 5 | - | - | - | - | - | - | - | Elliptical Machine - Back and abs | strong:2026-02-04 09:01:55:Back and abs:Elliptical Machine",
            ]
        );
        assert_eq!(
            rejections(&file),
            ["strong_2023_semicolon.csv:12: column Seconds: \"\" is empty; a cardio row needs its time in seconds"]
        );
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    }

    #[test]
    fn v6_layout_skips_rest_timers_and_reads_units_from_the_header() {
        let text = "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (lbs),Reps,Distance (meters),Seconds,Notes,Workout Notes,RPE\n\
                    7,2025-03-01 10:00:00,Full Body,3600,Deadlift (Barbell),1,225,5,,,,,9\n\
                    7,2025-03-01 10:00:00,Full Body,3600,Deadlift (Barbell),Rest Timer,,,,120,,,\n\
                    7,2025-03-01 10:00:00,Full Body,3600,Rowing (Machine),1,,,2000,480,,,\n";
        let file = crate::import::parse(std::path::Path::new("v6.csv"), text.as_bytes(), &sydney()).unwrap();
        assert_eq!(file.layout, "2025 layout");
        assert_eq!(
            shown(&file),
            [
                "me | 2025-03-01 | strength | 52 | - | 9 | - | 510.29 | legs | - | - | Full Body | strong:2025-03-01 10:00:00:Full Body",
                "me | 2025-03-01 | row | 8 | 2 | - | - | - | - | - | - | Rowing (Machine) - Full Body | strong:2025-03-01 10:00:00:Full Body:Rowing (Machine)",
            ]
        );
        assert_eq!(file.skipped_other, 1);
    }
}
