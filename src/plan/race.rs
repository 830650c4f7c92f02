//! A race goal (`--race-date`, `--race-distance`): the long run it needs, the taper
//! before it, the race-day session, and the earliest date the race is safe when the
//! one asked for is too soon (science-plans.md sections 7 and 8).

use chrono::NaiveDate;

use super::profile::Profile;
use super::{RaceGoal, race_label};
use crate::rules::num;

/// One shorter long run after this many steps.
const STEPS_PER_CUTBACK: usize = 3;
/// A long run this share of what the race asks for is long enough (5-minute steps).
pub(super) const LONG_ENOUGH: f64 = 0.95;
/// Pace assumed when the history has no distances, minutes per km.
const DEFAULT_PACE: f64 = 7.0;

/// What a race of a given distance asks of the plan.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RacePlan {
    pub goal: RaceGoal,
    pub label: String,
    /// Monday of the race week.
    pub race_monday: NaiveDate,
    /// Monday of the first taper week (reachable races only).
    pub taper_from: NaiveDate,
    /// Weekly volume of each taper week as a share of the peak week, race week last
    /// (the race itself not counted).
    pub taper: Vec<f64>,
    /// The long run the build aims for (minutes).
    pub peak_long_min: f64,
    /// The long run the race needs at least (minutes).
    pub needed_long_min: f64,
    /// The longest run of the last 30 days (minutes).
    pub longest_recent: f64,
    /// Minutes per km on long runs (the athlete's, or [`DEFAULT_PACE`]).
    pub long_pace: f64,
    pub pace_known: bool,
    /// Race duration (minutes) at the athlete's estimated race pace, and its RPE.
    pub race_minutes: f64,
    pub race_rpe: f64,
    pub reachable: bool,
    /// `None` when the race is not safe within a year.
    pub earliest_safe: Option<NaiveDate>,
}

impl RacePlan {
    /// Whether the week starting `monday` is in the taper.
    pub fn taper_factor(&self, monday: NaiveDate) -> Option<f64> {
        if !self.reachable || monday < self.taper_from || monday > self.race_monday {
            return None;
        }
        let i = ((monday - self.taper_from).num_days() / 7) as usize;
        self.taper.get(i).copied()
    }

    /// The longest the long run should be in the week starting `monday`: growing
    /// toward the peak in the build, at most 70% of it two weeks out, and the taper
    /// share after.
    pub fn long_run_minutes(&self, monday: NaiveDate) -> f64 {
        match self.taper_factor(monday) {
            Some(f) if monday == self.race_monday => self.peak_long_min * f * 0.6,
            Some(f) => self.peak_long_min * f.min(0.7),
            None => self.peak_long_min,
        }
    }
}

/// Build the race plan: the race must be after the plan's first day.
/// Build the race plan, taken as reachable: the plan built from it decides
/// ([`super::build::build`]).
pub(super) fn race_plan(goal: RaceGoal, profile: &Profile) -> RacePlan {
    let km = goal.distance_km;
    let habits = &profile.habits;
    let pace_of = |kind| habits.pace.get(&("run".to_string(), kind)).copied();
    let easy_pace = pace_of(super::SessionKind::Easy).or(pace_of(super::SessionKind::Long));
    let long_pace = pace_of(super::SessionKind::Long).or(easy_pace);
    let pace_known = long_pace.is_some();
    let long_pace = long_pace.unwrap_or(DEFAULT_PACE);
    let easy_pace = easy_pace.unwrap_or(long_pace);
    // Peak and least long run, whichever of distance or time comes first
    // (science-plans.md section 7), and the taper (section 8).
    let (peak_km, peak_min, needed_km, needed_min, taper, race_factor, race_rpe): (
        f64,
        f64,
        f64,
        f64,
        Vec<f64>,
        f64,
        f64,
    ) = if km >= 30.0 {
        (30.0, 150.0, 28.0, 150.0, vec![0.8, 0.65, 0.45], 0.93, 8.0)
    } else if km >= 15.0 {
        (19.0, 120.0, 16.0, 105.0, vec![0.75, 0.5], 0.88, 8.0)
    } else {
        let peak = (km * 1.4).min(km + 6.0).max(8.0);
        (peak, 90.0, km, 60.0, vec![0.6], if km > 7.0 { 0.85 } else { 0.8 }, 9.0)
    };
    let peak_long_min = (peak_km * long_pace).min(peak_min).min(180.0);
    let needed_long_min = (needed_km * long_pace).min(needed_min).min(peak_long_min);
    let recent_from = profile.as_of - chrono::Days::new(29);
    let longest_recent = profile
        .sessions_by_sport
        .get("run")
        .into_iter()
        .flatten()
        .filter(|p| p.date >= recent_from && p.date <= profile.as_of)
        .map(|p| p.minutes)
        .fold(0.0, f64::max);
    let race_monday = crate::weekly::monday_of(goal.date);
    let taper_from = race_monday - chrono::Days::new(7 * (taper.len() as u64 - 1));
    RacePlan {
        goal,
        label: race_label(km),
        race_monday,
        taper_from,
        taper,
        peak_long_min: (peak_long_min / 5.0).floor() * 5.0,
        needed_long_min,
        longest_recent,
        long_pace,
        pace_known,
        race_minutes: (km * easy_pace * race_factor).round(),
        race_rpe,
        reachable: true,
        earliest_safe: None,
    }
}

impl RacePlan {
    /// The verdict in plain words.
    pub fn message(&self, peak_planned: Option<f64>) -> String {
        let pace = if self.pace_known {
            String::new()
        } else {
            format!(
                " (your history has no run distances: durations assume {} min/km)",
                num(DEFAULT_PACE)
            )
        };
        if self.reachable {
            format!(
                "The {} on {}: the long run builds from {} to {} min{}, the taper starts {} ({}), and race day is about {} min at RPE {}{pace}.",
                self.label,
                self.goal.date,
                num(self.longest_recent.round()),
                num(peak_planned.unwrap_or(self.peak_long_min).round()),
                if peak_planned.is_some_and(|p| p < LONG_ENOUGH * self.needed_long_min) {
                    format!(
                        " (short of the {} min the race asks for: the ramp and spike rules allow no more by then)",
                        num(self.needed_long_min.round())
                    )
                } else {
                    String::new()
                },
                self.taper_from,
                self.taper
                    .iter()
                    .map(|f| format!("{}%", num((f * 100.0).round())))
                    .collect::<Vec<_>>()
                    .join(", then "),
                num(self.race_minutes),
                num(self.race_rpe)
            )
        } else {
            format!(
                "The {} on {} is too soon to run safely: your longest run of the last 30 days is {} min, and the race asks for a long run of about {} min (at most half of a week's minutes, so about {} min a week), built at most 10% a step with a shorter one every {} steps, then a {}-week taper. {} This plan builds toward it at a safe pace and plans no race.",
                self.label,
                self.goal.date,
                num(self.longest_recent.round()),
                num(self.needed_long_min.round()),
                num((2.0 * self.needed_long_min).round()),
                STEPS_PER_CUTBACK,
                self.taper.len(),
                match self.earliest_safe {
                    Some(d) => format!("The earliest safe race date is {d}."),
                    None => "No date within a year is safe at the allowed ramp.".to_string(),
                }
            )
        }
    }
}
