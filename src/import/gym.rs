//! Gym logs (Strong, Hevy, FitNotes) write one row per set; this module turns the
//! sets of a workout into sessions, the same way for every app:
//!
//! * one strength session per workout: tonnage = sum of weight x reps over working
//!   sets (warm-ups excluded, failure and drop sets included, body-weight and assisted
//!   sets add 0), RPE = mean of the set RPEs logged, muscle groups from the category
//!   or exercise names in order of first appearance;
//! * its duration is the workout's, less the time of cardio done in it; when the app
//!   has none (FitNotes), it is estimated at [`MINUTES_PER_SET`] per set and the
//!   session's notes say so;
//! * cardio rows (treadmill, bike, rower ...) become their own sessions, one per
//!   exercise per workout, with their own time and distance.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::number::round_to;
use super::{Context, Converted, join_notes, muscles};
use crate::history::Session;

/// Minutes a set takes with its rest, for workouts logged without a duration. Typical
/// hypertrophy/strength work is 30-60 s under load plus 1.5-3 min rest.
pub(crate) const MINUTES_PER_SET: f64 = 2.5;

/// How a set counts toward tonnage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetKind {
    Warmup,
    /// Normal, failure and drop sets.
    Working,
}

/// One row of a gym log, parsed and already in kg, km and seconds. Each app's reader
/// fills one of these; [`Workout::add`] decides whether it is a set or cardio.
#[derive(Debug, Clone)]
pub(crate) struct LoggedRow {
    pub exercise: String,
    pub kind: SetKind,
    pub weight_kg: Option<f64>,
    pub reps: Option<f64>,
    pub distance_km: Option<f64>,
    pub seconds: Option<f64>,
    pub rpe: Option<f64>,
    /// The app's own muscle category, when it has one (FitNotes).
    pub category: Option<String>,
    /// The app files the row under cardio (FitNotes' `Cardio` category).
    pub marked_cardio: bool,
    /// The comment on the row.
    pub note: Option<String>,
}

impl LoggedRow {
    /// The sport, when this row is cardio rather than a lift: the app says so, or the
    /// exercise is an endurance one, or it has a distance and no weight or reps. A row
    /// with weight or reps is a lift (a farmer's walk, a sled push).
    pub fn cardio_sport(&self) -> Option<String> {
        let lifted = self.weight_kg.is_some_and(|w| w > 0.0) || self.reps.is_some_and(|n| n > 0.0);
        let distance_only = self.distance_km.is_some_and(|d| d > 0.0) && !lifted;
        if self.marked_cardio {
            return cardio_sport(&self.exercise, true);
        }
        cardio_sport(&self.exercise, distance_only).filter(|_| !lifted)
    }

    /// A cardio row must say how long it lasted.
    pub fn is_cardio_without_time(&self) -> bool {
        self.cardio_sport().is_some() && self.seconds.is_none_or(|s| s <= 0.0)
    }
}

/// One set, as the strength session needs it.
#[derive(Debug, Clone)]
struct GymSet {
    exercise: String,
    kind: SetKind,
    weight_kg: Option<f64>,
    reps: Option<f64>,
    rpe: Option<f64>,
    category: Option<String>,
}

/// One cardio row, as its session needs it.
#[derive(Debug, Clone)]
struct CardioRow {
    exercise: String,
    sport: String,
    seconds: f64,
    distance_km: Option<f64>,
    note: Option<String>,
}

/// A workout being assembled from its rows.
#[derive(Debug)]
pub(crate) struct Workout {
    pub date: NaiveDate,
    /// The stable source id, e.g. `strong:2026-01-05 18:00:00:Leg Day`.
    pub source_id: String,
    pub title: Option<String>,
    pub notes: Option<String>,
    /// The workout's length as the app logged it.
    pub duration_min: Option<f64>,
    pub line: u64,
    /// Comments on sets, each once.
    set_notes: Vec<String>,
    sets: Vec<GymSet>,
    cardio: Vec<CardioRow>,
}

/// Workouts keyed by their source id, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct WorkoutLog {
    workouts: Vec<Workout>,
    index: HashMap<String, usize>,
}

impl WorkoutLog {
    /// The workout with `source_id`, created by `start` on its first row.
    pub fn workout(&mut self, source_id: &str, start: impl FnOnce() -> Workout) -> &mut Workout {
        let at = *self.index.entry(source_id.to_string()).or_insert_with(|| {
            self.workouts.push(start());
            self.workouts.len() - 1
        });
        &mut self.workouts[at]
    }

    /// Turn every workout into sessions, in order of first appearance.
    pub fn finish(self, context: &Context, out: &mut Converted) {
        let mut estimated = 0;
        for workout in self.workouts {
            estimated += usize::from(workout.finish(context, out));
        }
        if estimated > 0 {
            out.warnings.push(format!(
                "{estimated} workout{} had no duration in the export; estimated at {MINUTES_PER_SET} min per set \
                 (the session notes say so)",
                if estimated == 1 { "" } else { "s" }
            ));
        }
    }
}

impl Workout {
    pub fn new(date: NaiveDate, source_id: String, line: u64) -> Workout {
        Workout {
            date,
            source_id,
            title: None,
            notes: None,
            duration_min: None,
            line,
            set_notes: Vec::new(),
            sets: Vec::new(),
            cardio: Vec::new(),
        }
    }

    /// Keep the first non-empty title and the first notes the workout's rows give
    /// (apps repeat them on every set row, sometimes only on some).
    pub fn describe(&mut self, title: &str, notes: Option<&str>) {
        if self.title.is_none() && !title.is_empty() {
            self.title = Some(title.to_string());
        }
        if self.notes.is_none() {
            self.notes = notes.map(str::to_string);
        }
    }

    /// Add a row as a set of the strength session or as cardio of its own.
    pub fn add(&mut self, row: LoggedRow) {
        match row.cardio_sport() {
            Some(sport) => self.cardio.push(CardioRow {
                exercise: row.exercise,
                sport,
                seconds: row.seconds.unwrap_or_default(),
                distance_km: row.distance_km.filter(|d| *d > 0.0),
                note: row.note,
            }),
            None => {
                if let Some(note) = row.note
                    && !self.set_notes.contains(&note)
                {
                    self.set_notes.push(note);
                }
                self.sets.push(GymSet {
                    exercise: row.exercise,
                    kind: row.kind,
                    weight_kg: row.weight_kg,
                    reps: row.reps,
                    rpe: row.rpe,
                    category: row.category,
                });
            }
        }
    }

    /// Push this workout's sessions; returns whether its duration was estimated.
    fn finish(self, context: &Context, out: &mut Converted) -> bool {
        let cardio_minutes: f64 = self.cardio.iter().map(|c| c.seconds / 60.0).sum();
        let mut estimated = false;
        if !self.sets.is_empty() {
            let logged = self.duration_min.map(|d| d - cardio_minutes).filter(|d| *d >= 1.0);
            let duration = logged.unwrap_or_else(|| {
                estimated = true;
                self.sets.len() as f64 * MINUTES_PER_SET
            });
            let mut session = context.session(self.date, "strength", duration);
            fill_strength(&mut session, &self.sets);
            let estimate_note = estimated.then(|| {
                format!(
                    "duration estimated from {} sets at {MINUTES_PER_SET} min per set",
                    self.sets.len()
                )
            });
            let set_notes = self.set_notes.join("; ");
            session.notes = join_notes(
                [
                    self.title.as_deref(),
                    self.notes.as_deref(),
                    Some(set_notes.as_str()),
                    estimate_note.as_deref(),
                ]
                .into_iter()
                .flatten(),
            );
            session.source_id = Some(self.source_id.clone());
            out.sessions.push((self.line, session));
        }
        for (exercise, rows) in group_cardio(&self.cardio) {
            let seconds: f64 = rows.iter().map(|r| r.seconds).sum();
            let distance: f64 = rows.iter().filter_map(|r| r.distance_km).sum();
            let mut session = context.session(self.date, &rows[0].sport, seconds / 60.0);
            session.distance_km = (distance > 0.0).then_some(distance);
            let mut notes = vec![exercise, self.title.as_deref().unwrap_or_default()];
            for note in rows.iter().filter_map(|r| r.note.as_deref()) {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            session.notes = join_notes(notes);
            session.source_id = Some(format!("{}:{exercise}", self.source_id));
            out.sessions.push((self.line, session));
        }
        estimated
    }
}

/// Tonnage, RPE and muscle groups of a workout's sets.
fn fill_strength(session: &mut Session, sets: &[GymSet]) {
    let working = || sets.iter().filter(|s| s.kind == SetKind::Working);
    let mut tonnage = 0.0;
    let mut loaded = false;
    for set in working() {
        // Assisted machines log the counterweight, which helps rather than loads.
        if set.exercise.to_lowercase().contains("assisted") {
            continue;
        }
        if let (Some(weight), Some(reps)) = (set.weight_kg, set.reps)
            && weight > 0.0
        {
            tonnage += weight * reps;
            loaded = true;
        }
    }
    // A body-weight-only workout has no tonnage rather than a tonnage of 0.
    session.tonnage_kg = loaded.then_some(round_to(tonnage, 2));
    let rpes: Vec<f64> = working().filter_map(|s| s.rpe).collect();
    session.rpe = (!rpes.is_empty()).then(|| round_to(rpes.iter().sum::<f64>() / rpes.len() as f64, 2));
    for set in sets {
        let group = set
            .category
            .as_deref()
            .and_then(muscles::from_category)
            .or_else(|| muscles::from_exercise(&set.exercise));
        if let Some(group) = group
            && !session.muscle_groups.iter().any(|g| g == group)
        {
            session.muscle_groups = session
                .muscle_groups
                .iter()
                .cloned()
                .chain([group.to_string()])
                .collect();
        }
    }
}

/// Cardio rows grouped by exercise, in order of first appearance.
fn group_cardio(rows: &[CardioRow]) -> Vec<(&str, Vec<&CardioRow>)> {
    let mut groups: Vec<(&str, Vec<&CardioRow>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(name, _)| *name == row.exercise) {
            Some((_, group)) => group.push(row),
            None => groups.push((&row.exercise, vec![row])),
        }
    }
    groups
}

/// The sport of a cardio exercise (`Running (Treadmill)` -> run), or `None` for a
/// lift. `has_distance_only` is a row with a distance but no weight or reps, which
/// is cardio whatever its name.
fn cardio_sport(exercise: &str, has_distance_only: bool) -> Option<String> {
    let lower = exercise.to_lowercase();
    // `Running (Treadmill)`: the words before the brackets name the activity.
    let base = lower.split('(').next().unwrap_or_default().trim();
    let sport = crate::sport::canonical(base);
    if matches!(sport.as_str(), "run" | "ride" | "swim" | "row" | "walk" | "hike") {
        return Some(sport);
    }
    for (fragment, name) in [
        ("treadmill", "run"),
        ("elliptical", "elliptical"),
        ("cross trainer", "elliptical"),
        ("stair", "stair climber"),
        ("jump rope", "jump rope"),
        ("skipping", "jump rope"),
        ("cycling", "ride"),
        ("bike", "ride"),
        ("rowing", "row"),
        ("ski erg", "ski erg"),
    ] {
        if lower.contains(fragment) {
            return Some(name.to_string());
        }
    }
    has_distance_only.then(|| if sport.is_empty() { "other".to_string() } else { sport })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ImportOptions;

    fn set(exercise: &str, kind: SetKind, weight: Option<f64>, reps: Option<f64>, rpe: Option<f64>) -> LoggedRow {
        LoggedRow {
            exercise: exercise.into(),
            kind,
            weight_kg: weight,
            reps,
            distance_km: None,
            seconds: None,
            rpe,
            category: None,
            marked_cardio: false,
            note: None,
        }
    }

    fn finish(workout: Workout) -> Converted {
        let options = ImportOptions::default();
        let context = Context {
            options: &options,
            athlete: "me".into(),
        };
        let mut out = Converted::default();
        let mut log = WorkoutLog::default();
        let id = workout.source_id.clone();
        log.workout(&id, || workout);
        log.finish(&context, &mut out);
        out
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    }

    #[test]
    fn tonnage_rpe_and_muscles_follow_the_rules() {
        let mut w = Workout::new(day(), "strong:x".into(), 2);
        w.duration_min = Some(60.0);
        w.title = Some("Leg Day".into());
        w.add(set("Squat (Barbell)", SetKind::Warmup, Some(60.0), Some(5.0), None));
        w.add(set(
            "Squat (Barbell)",
            SetKind::Working,
            Some(100.0),
            Some(5.0),
            Some(8.0),
        ));
        w.add(set(
            "Squat (Barbell)",
            SetKind::Working,
            Some(100.0),
            Some(4.0),
            Some(9.0),
        ));
        w.add(set("Pull Up (Assisted)", SetKind::Working, Some(30.0), Some(8.0), None));
        w.add(set("Plank", SetKind::Working, None, None, None));
        w.add(LoggedRow {
            distance_km: Some(2.0),
            seconds: Some(600.0),
            ..set("Running (Treadmill)", SetKind::Working, None, None, None)
        });
        let out = finish(w);
        let (line, strength) = &out.sessions[0];
        assert_eq!(*line, 2);
        assert_eq!(strength.sport, "strength");
        assert_eq!(
            strength.duration_min, 50.0,
            "60 min workout less 10 min on the treadmill"
        );
        assert_eq!(strength.tonnage_kg, Some(900.0));
        assert_eq!(strength.rpe, Some(8.5));
        assert_eq!(*strength.muscle_groups, ["legs", "back", "core"]);
        assert_eq!(strength.notes.as_deref(), Some("Leg Day"));
        assert_eq!(strength.source_id.as_deref(), Some("strong:x"));
        let (_, run) = &out.sessions[1];
        assert_eq!(
            (run.sport.as_str(), run.duration_min, run.distance_km),
            ("run", 10.0, Some(2.0))
        );
        assert_eq!(run.source_id.as_deref(), Some("strong:x:Running (Treadmill)"));
        assert_eq!(run.notes.as_deref(), Some("Running (Treadmill) - Leg Day"));
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn missing_duration_is_estimated_and_said() {
        let mut w = Workout::new(day(), "fitnotes:2026-01-05".into(), 2);
        for _ in 0..4 {
            w.add(set("Push Up", SetKind::Working, Some(0.0), Some(20.0), None));
        }
        let out = finish(w);
        let s = &out.sessions[0].1;
        assert_eq!(s.duration_min, 10.0);
        assert_eq!(s.tonnage_kg, None, "body weight only");
        assert_eq!(
            s.notes.as_deref(),
            Some("duration estimated from 4 sets at 2.5 min per set")
        );
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn cardio_sports() {
        assert_eq!(cardio_sport("Running (Treadmill)", false).as_deref(), Some("run"));
        assert_eq!(cardio_sport("Elliptical Machine", false).as_deref(), Some("elliptical"));
        assert_eq!(cardio_sport("Rowing (Machine)", false).as_deref(), Some("row"));
        assert_eq!(cardio_sport("Cycling", false).as_deref(), Some("ride"));
        assert_eq!(cardio_sport("Bent Over Row (Barbell)", false), None);
        assert_eq!(cardio_sport("Plank", false), None);
        assert_eq!(cardio_sport("Farmer's Walk", false), None);
        assert_eq!(cardio_sport("Sled Drag", true).as_deref(), Some("sled drag"));
        let farmers_walk = LoggedRow {
            distance_km: Some(0.04),
            ..set("Farmer's Walk", SetKind::Working, Some(40.0), None, None)
        };
        assert_eq!(farmers_walk.cardio_sport(), None, "weight makes it a lift");
        let treadmill = set("Treadmill", SetKind::Working, None, None, None);
        assert!(treadmill.is_cardio_without_time());
    }
}
