//! What the planner needs to know about the athlete's recent training: main sports,
//! usual number of sessions and hard sessions, usual intensity, the weeks the
//! weekly-ramp rule will compare the plan with, and each sport's sessions for the
//! session-spike and new-activity rules.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::AthleteReport;
use crate::config::Config;
use crate::history::Session;
use crate::load::intensity;
use crate::rules::at_least;
use crate::tolerance::{Totals, WeekTotals};

/// The athlete's recent training, as of the plan.
#[derive(Debug, Clone)]
pub struct Profile {
    pub athlete: String,
    pub as_of: NaiveDate,
    /// The first day of the plan.
    pub start: NaiveDate,
    /// The Monday of the plan's first (maybe partial) week.
    pub first_monday: NaiveDate,
    /// Sports to plan, main sport first.
    pub sports: Vec<String>,
    /// Training sessions per week the athlete has been doing (last 4 weeks).
    pub usual_sessions: Option<usize>,
    /// Hard sessions (intensity >= 7) per week over the last 4 weeks.
    pub usual_hard: usize,
    /// Weeks before the plan's first week (the first may be partial), oldest first.
    pub weeks: Vec<WeekTotals>,
    /// What the history holds of the plan's first week, before the plan starts.
    pub first_week_so_far: Totals,
    /// Every session per sport, date order.
    pub sessions_by_sport: HashMap<String, Vec<PastSession>>,
    /// The athlete's usual week.
    pub habits: super::pattern::Habits,
}

/// A session the rules will compare planned sessions with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PastSession {
    pub date: NaiveDate,
    pub minutes: f64,
    pub km: Option<f64>,
    /// Whether it may size later sessions: a flagged spike may not.
    pub anchor: bool,
}

/// Build the profile from the athlete's sessions and the report analysed up to the
/// day before the plan starts.
pub fn profile(
    athlete: &str,
    sessions: &[&Session],
    report: Option<&AthleteReport>,
    as_of: NaiveDate,
    start: NaiveDate,
    spikes: &[(NaiveDate, String)],
    config: &Config,
) -> Profile {
    // The athlete's usual week: the 28 days up to the last session (after a break,
    // the weeks before it), or the whole history when it is shorter.
    let upto: Vec<&Session> = sessions.iter().copied().filter(|s| s.date <= as_of).collect();
    let recent_to = upto.iter().map(|s| s.date).max().unwrap_or(as_of);
    let first = upto.iter().map(|s| s.date).min().unwrap_or(as_of);
    let recent_from = (recent_to - chrono::Days::new(27)).max(first);
    let weeks_in_recent = (((recent_to - recent_from).num_days() + 1) as f64 / 7.0).clamp(1.0, 4.0);
    let recent: Vec<&Session> = sessions
        .iter()
        .copied()
        .filter(|s| s.date >= recent_from && s.date <= recent_to)
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

    let training_sessions = recent
        .iter()
        .filter(|s| intensity(s, config).value > config.load.rest_day_max_intensity)
        .count();
    let hard = recent
        .iter()
        .filter(|s| at_least(intensity(s, config).value, config.rules.back_to_back_hard.hard_rpe))
        .count();
    let first_monday = crate::weekly::monday_of(start);
    let weeks: Vec<WeekTotals> = report
        .map(|r| {
            r.weeks
                .iter()
                .filter(|w| w.start < first_monday)
                .map(WeekTotals::from)
                .collect()
        })
        .unwrap_or_default();
    let first_week_so_far = report
        .and_then(|r| r.weeks.iter().find(|w| w.start == first_monday))
        .map_or(Totals::default(), Totals::of);
    let mut sessions_by_sport: HashMap<String, Vec<PastSession>> = HashMap::new();
    for s in sessions.iter().filter(|s| s.date <= as_of) {
        let spike = spikes.iter().any(|(d, sport)| *d == s.date && *sport == s.sport);
        sessions_by_sport
            .entry(s.sport.to_string())
            .or_default()
            .push(PastSession {
                date: s.date,
                minutes: s.duration_min,
                km: s.distance_km,
                anchor: !spike,
            });
    }
    for list in sessions_by_sport.values_mut() {
        list.sort_by_key(|p| p.date);
    }
    Profile {
        athlete: athlete.to_string(),
        as_of,
        start,
        first_monday,
        sports,
        usual_sessions: usual_training_days(report, recent_to, config)
            .or_else(|| (training_sessions > 0).then(|| (training_sessions as f64 / weeks_in_recent).round() as usize)),
        usual_hard: ((hard as f64 / weeks_in_recent).round() as usize).min(2),
        weeks,
        first_week_so_far,
        sessions_by_sport,
        habits: super::pattern::habits(sessions, report, as_of, config),
    }
}

/// Training days in a usual week: the median over the weeks the tolerated load is
/// taken from, so an overload streak does not set the number of sessions. `None`
/// with fewer than two such weeks (a beginner's count comes from the sessions).
fn usual_training_days(report: Option<&AthleteReport>, last_session: NaiveDate, config: &Config) -> Option<usize> {
    let r = report?;
    let last = r.weeks.iter().rposition(|w| w.start <= last_session)?;
    let kept = crate::tolerance::tolerated_weeks(&r.weeks, last, config);
    if kept.len() < 2 {
        return None;
    }
    let days = crate::tolerance::median(kept.iter().map(|&i| r.weeks[i].training_days() as f64));
    (days >= 1.0).then(|| days.round() as usize)
}
