//! What the planner needs to know about the athlete's recent training: the baseline
//! weekly load, main sports, usual number of sessions and hard sessions, usual
//! intensity, and the sessions the rules will compare the plan with.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::AthleteReport;
use crate::config::Config;
use crate::history::Session;
use crate::load::intensity;
use crate::rules::at_least;

/// A gentle first week for someone with no usable history: 3 x 30 min at RPE 4.
pub const BEGINNER_WEEK: (usize, f64, f64) = (3, 30.0, 4.0);

/// One week's totals, as the weekly-ramp rule sees them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekTotals {
    pub load: f64,
    pub minutes: f64,
    pub full: bool,
}

/// The athlete's recent training, as of the plan.
#[derive(Debug, Clone)]
pub struct Profile {
    pub athlete: String,
    pub as_of: NaiveDate,
    pub start: NaiveDate,
    /// Weekly load the plan starts from (AU).
    pub baseline: f64,
    /// How the baseline was found, for the output.
    pub baseline_source: &'static str,
    /// Sports to plan, main sport first.
    pub sports: Vec<String>,
    /// Training sessions per week the athlete has been doing (last 4 weeks).
    pub usual_sessions: Option<usize>,
    /// Hard sessions (intensity >= 7) per week over the last 4 weeks.
    pub usual_hard: usize,
    /// Strength sessions per week over the last 4 weeks.
    pub usual_strength: usize,
    /// Mean weekly intensity of the last 4 weeks with a training day (RPE).
    pub usual_intensity: Option<f64>,
    /// Weeks before the plan (first may be partial), oldest first.
    pub weeks: Vec<WeekTotals>,
    /// (date, duration) of every session per sport, date order.
    pub sessions_by_sport: HashMap<String, Vec<(NaiveDate, f64)>>,
}

/// Build the profile from the athlete's sessions and the report analysed up to the
/// day before the plan starts.
pub fn profile(
    athlete: &str,
    sessions: &[&Session],
    report: Option<&AthleteReport>,
    as_of: NaiveDate,
    start: NaiveDate,
    config: &Config,
) -> Profile {
    let recent_from = as_of - chrono::Days::new(27);
    let recent: Vec<&Session> = sessions
        .iter()
        .copied()
        .filter(|s| s.date >= recent_from && s.date <= as_of)
        .collect();
    let mut load_by_sport: HashMap<&str, f64> = HashMap::new();
    for s in &recent {
        *load_by_sport.entry(&s.sport).or_default() += s.duration_min * intensity(s, config).value;
    }
    if load_by_sport.is_empty() {
        // Nothing in the last 28 days: fall back to the whole history.
        for s in sessions.iter().filter(|s| s.date <= as_of) {
            *load_by_sport.entry(&s.sport).or_default() += s.duration_min * intensity(s, config).value;
        }
    }
    let total: f64 = load_by_sport.values().sum();
    let mut ranked: Vec<(&str, f64)> = load_by_sport.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    // Main sports: those with at least 10% of the load, at most four.
    let sports: Vec<String> = ranked
        .iter()
        .filter(|(_, load)| *load >= 0.1 * total)
        .take(4)
        .map(|(s, _)| s.to_string())
        .collect();

    let days_to_as_of = report.map_or(0, |r| r.days.iter().filter(|d| d.date <= as_of).count());
    let (baseline, baseline_source) = match report {
        Some(r) if days_to_as_of >= 28 => {
            let last = &r.days[..days_to_as_of];
            let chronic = last[last.len() - 28..].iter().map(|d| d.load).sum::<f64>() / 28.0;
            (7.0 * chronic, "7 x the mean daily load of the last 28 days")
        }
        Some(r) => {
            let full: Vec<f64> = r
                .weeks
                .iter()
                .filter(|w| !w.partial && w.start + chrono::Days::new(6) <= as_of)
                .map(|w| w.load)
                .collect();
            if full.is_empty() {
                (beginner_load(), "a gentle beginner week (3 x 30 min at RPE 4)")
            } else {
                (
                    full.iter().sum::<f64>() / full.len() as f64,
                    "the mean of the full weeks in the history",
                )
            }
        }
        None => (beginner_load(), "a gentle beginner week (3 x 30 min at RPE 4)"),
    };
    let baseline = if baseline > 0.0 { baseline } else { beginner_load() };

    let weeks_in_recent = 4.0;
    let training_sessions = recent
        .iter()
        .filter(|s| intensity(s, config).value > config.load.rest_day_max_intensity)
        .count();
    let hard = recent
        .iter()
        .filter(|s| at_least(intensity(s, config).value, config.rules.back_to_back_hard.hard_rpe))
        .count();
    let strength = recent.iter().filter(|s| s.sport == "strength").count();
    let usual_intensity = report.and_then(|r| {
        let ints: Vec<f64> = r
            .weeks
            .iter()
            .rev()
            .filter(|w| w.start <= as_of && w.training_days() > 0)
            .filter_map(|w| w.intensity)
            .take(4)
            .collect();
        (!ints.is_empty()).then(|| ints.iter().sum::<f64>() / ints.len() as f64)
    });
    let weeks = report
        .map(|r| {
            r.weeks
                .iter()
                .map(|w| WeekTotals {
                    load: w.load,
                    minutes: w.minutes,
                    full: !w.partial,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut sessions_by_sport: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
    for s in sessions.iter().filter(|s| s.date <= as_of) {
        sessions_by_sport
            .entry(s.sport.clone())
            .or_default()
            .push((s.date, s.duration_min));
    }
    for list in sessions_by_sport.values_mut() {
        list.sort_by_key(|(d, _)| *d);
    }
    Profile {
        athlete: athlete.to_string(),
        as_of,
        start,
        baseline,
        baseline_source,
        sports,
        usual_sessions: (training_sessions > 0).then(|| (training_sessions as f64 / weeks_in_recent).round() as usize),
        usual_hard: ((hard as f64 / weeks_in_recent).round() as usize).min(2),
        usual_strength: (strength as f64 / weeks_in_recent).round() as usize,
        usual_intensity,
        weeks,
        sessions_by_sport,
    }
}

fn beginner_load() -> f64 {
    let (n, minutes, rpe) = BEGINNER_WEEK;
    n as f64 * minutes * rpe
}
