//! TrainingPeaks' workout summaries export. It holds planned and completed workouts
//! together: only rows with `TimeTotalInHours` are training; planned-only rows and
//! `Day Off` notes are skipped and counted. Every field is quoted, times are decimal
//! hours, distances metres. There is no workout id, so the source id is made of the
//! day, type and title (numbered when one day repeats them).

use std::collections::HashMap;

use super::dates::{self, DayOrder};
use super::number::DecimalMark;
use super::table::{Header, Table};
use super::units::positive;
use super::{Context, Converted, Format, RowOutcome, duration, join_notes, missing_column};
use crate::error::Result;

pub(super) fn recognises(header: &Header) -> bool {
    header.has_all(&["WorkoutType", "WorkoutDay", "TimeTotalInHours"])
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    let h = &table.header;
    let (day, kind, total_hours) = (h.find("WorkoutDay"), h.find("WorkoutType"), h.find("TimeTotalInHours"));
    if day.is_none() || kind.is_none() || total_hours.is_none() {
        return Err(missing_column(
            table,
            Format::TrainingPeaks,
            &["WorkoutDay", "WorkoutType", "TimeTotalInHours"],
        ));
    }
    let title = h.find("Title");
    let distance = h.find("DistanceInMeters");
    let avg_hr = h.find("HeartRateAverage");
    let rpe = h.find("Rpe");
    let comments = h.find("AthleteComments");
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Converted::new(format!("{} columns", h.len()));
    out.rows(table, |r| {
        let workout_type = r.text(kind);
        let Some(hours) = r.number(total_hours, DecimalMark::Dot)?.filter(|h| *h > 0.0) else {
            return Ok(RowOutcome::PlannedOnly);
        };
        if workout_type.eq_ignore_ascii_case("day off") {
            return Ok(RowOutcome::PlannedOnly);
        }
        let date = dates::parse(r.text(day), DayOrder::DayFirst)
            .map(|s| s.date)
            .ok_or_else(|| r.error(day, "is not a date; expected 2026-01-05"))?;
        let sport = if workout_type.is_empty() { "other" } else { workout_type };
        let mut s = context.session(date, sport, duration::from_hours(hours));
        s.distance_km = positive(r.number(distance, DecimalMark::Dot)?.map(|m| m / 1000.0));
        s.avg_hr = r.number(avg_hr, DecimalMark::Dot)?;
        s.rpe = r.number(rpe, DecimalMark::Dot)?;
        s.notes = join_notes([r.text(title), r.text(comments)]);
        let key = format!("trainingpeaks:{date}:{workout_type}:{}", r.text(title));
        let count = seen.entry(key.clone()).or_default();
        *count += 1;
        s.source_id = Some(if *count == 1 { key } else { format!("{key}:{count}") });
        Ok(RowOutcome::Session(Box::new(s)))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::import::tests::support::*;

    #[test]
    fn completed_workouts_only_field_by_field() {
        let file = import("trainingpeaks_workouts.csv", &sydney());
        assert_eq!(
            shown(&file),
            [
                "me | 2026-01-05 | swim | 30.62 | 1.6 | 4 | 128 | - | - | - | - | Easy swim | trainingpeaks:2026-01-05:Swim:Easy swim",
                "me | 2026-01-06 | run | 61.28 | 12.309 | 7 | 156 | - | - | - | - | Tempo run - Felt strong, calf tight at the end | trainingpeaks:2026-01-06:Run:Tempo run",
                "me | 2026-01-07 | strength | 45 | - | 6 | - | - | - | - | - | Gym A | trainingpeaks:2026-01-07:Strength:Gym A",
                "me | 2026-01-08 | ride | 180.5 | 90.212 | - | 131 | - | - | - | - | Long ride | trainingpeaks:2026-01-08:Bike:Long ride",
            ]
        );
        // The day off and two planned-only workouts.
        assert_eq!(file.skipped_planned, 3);
        assert!(file.rejected.is_empty());
        assert_eq!(file.rows_read, file.sessions.len() + file.skipped_planned);
    }
}
