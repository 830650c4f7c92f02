//! Where a plan starts: what the athlete tolerated, how long ago they last trained,
//! whether the last weeks were an overload, whether they are a beginner, and so the
//! load and minutes of the first full week, with the reasons in words.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::AthleteReport;
use crate::config::Config;
use crate::history::{Cramp, Session};
use crate::load::intensity;
use crate::rules::{Rule, Severity, num};
use crate::tolerance::{self, Totals};

/// What the first weeks of a plan are set from.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct StartPoint {
    /// What shaped the start.
    pub situation: Situation,
    /// Weekly load, minutes and distance the athlete tolerated before (median of
    /// recent weeks without spikes); `None` with no usable week.
    pub tolerated: Option<Totals>,
    /// The last day with a training session (not a rest-day walk).
    pub last_training: Option<NaiveDate>,
    /// Days without training from it to as-of.
    pub days_without_training: i64,
    /// The share of the tolerated totals the break allows (0-1).
    pub return_factor: f64,
    /// The first full week's load (AU) and minutes.
    pub first_week_load: f64,
    pub first_week_minutes: f64,
    /// No session at the hard RPE or above in the first weeks.
    #[serde(skip)]
    pub hard_free_weeks: usize,
    /// The reasons, one sentence each, for the output.
    pub reasons: Vec<String>,
}

/// What shaped the start, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Situation {
    /// Training as usual.
    #[default]
    Steady,
    /// A gap of more than a week since the last training day.
    Break,
    /// A danger flag or a severe cramp in the last weeks.
    Overload,
    /// Less than a few weeks of history.
    Beginner,
    /// No usable week: a gentle floor.
    NoHistory,
}

/// The start of a plan for `report` (analysed up to as-of) and the athlete's sessions.
pub fn start_point(
    report: Option<&AthleteReport>,
    sessions: &[&Session],
    as_of: NaiveDate,
    config: &Config,
) -> StartPoint {
    let p = &config.plan;
    let floor = tolerance::floor_week(config);
    let mut reasons = Vec::new();
    let rest_max = config.load.rest_day_max_intensity;
    let last_training = sessions
        .iter()
        .filter(|s| s.date <= as_of && intensity(s, config).value > rest_max)
        .map(|s| s.date)
        .max();
    let first_session = sessions.iter().filter(|s| s.date <= as_of).map(|s| s.date).min();
    let days_without_training = last_training.map_or(0, |d| (as_of - d).num_days());
    let return_factor = config.return_.factor(days_without_training);

    let tolerated = report.and_then(|r| {
        let last_session = r.last_session;
        let last = r.weeks.iter().rposition(|w| w.start <= last_session)?;
        tolerance::tolerated(&r.weeks, last, config)
    });
    let Some(tolerated) = tolerated.filter(|t| t.load > 0.0 && t.minutes > 0.0) else {
        reasons.push(format!(
            "No usable week in the history: the plan starts from a gentle floor of {} easy sessions of {} min.",
            p.floor_sessions,
            num(p.floor_minutes)
        ));
        return StartPoint {
            situation: Situation::NoHistory,
            tolerated: None,
            last_training,
            days_without_training,
            return_factor,
            first_week_load: floor.load,
            first_week_minutes: floor.minutes,
            hard_free_weeks: usize::MAX,
            reasons,
        };
    };
    reasons.push(format!(
        "You tolerated about {} AU and {} min a week (the median of your recent weeks without spikes{}).",
        num(tolerated.load.round()),
        num(tolerated.minutes.round()),
        if tolerated.distance_km > 0.0 {
            format!(", {} km", num(tolerated.distance_km))
        } else {
            String::new()
        }
    ));
    let mut load = tolerated.load;
    let mut minutes = tolerated.minutes;
    let mut situation = Situation::Steady;
    let mut hard_free_weeks = 0;

    if return_factor < 1.0 {
        situation = Situation::Break;
        let level = tolerance::return_level(tolerated, days_without_training, config);
        load = level.load;
        minutes = level.minutes;
        reasons.push(format!(
            "{days_without_training} days without training since {}: the plan starts at {}% of that{}.",
            last_training.map_or_else(String::new, |d| d.to_string()),
            num(return_factor * 100.0),
            if level.minutes > tolerated.minutes * return_factor + 1e-9 {
                format!(
                    ", but never below {} easy sessions of {} min a week",
                    p.floor_sessions,
                    num(p.floor_minutes)
                )
            } else {
                String::new()
            }
        ));
        if days_without_training > config.return_.easy_after_days {
            hard_free_weeks = config.return_.easy_weeks;
        }
    }

    let overload_from = as_of - chrono::Days::new(p.overload_days.max(1) as u64 - 1);
    let danger = report.and_then(|r| {
        r.flags
            .iter()
            .filter(|f| f.severity == Severity::Danger && f.date >= overload_from && f.date <= as_of)
            .max_by_key(|f| f.date)
    });
    let severe_cramp = sessions
        .iter()
        .filter(|s| s.cramp == Cramp::Severe && s.date >= overload_from && s.date <= as_of)
        .map(|s| s.date)
        .max();
    if danger.is_some() || severe_cramp.is_some() {
        let share = p.overload_pct / 100.0;
        if situation == Situation::Steady {
            situation = Situation::Overload;
        }
        load = load.min(tolerated.load * share);
        minutes = minutes.min(tolerated.minutes * share);
        hard_free_weeks = hard_free_weeks.max(1);
        let what = match (danger, severe_cramp) {
            (_, Some(date)) => format!("a severe cramp on {date}"),
            (Some(f), None) => format!("a {} danger flag on {}", f.rule.as_str(), f.date),
            (None, None) => unreachable!("checked above"),
        };
        reasons.push(format!(
            "After {what}, the first full week steps back to at most {}% of what you tolerated, with no hard session, and long sessions are sized from before the spike.",
            num(p.overload_pct)
        ));
    }

    let beginner = first_session.is_some_and(|d| (as_of - d).num_days() < 7 * p.beginner_weeks);
    if beginner && let Some(r) = report {
        let last_full = r.weeks.iter().rev().find(|w| !w.partial && w.sessions > 0);
        let (last_week_load, last_week_minutes) = match last_full {
            Some(w) => (w.load, w.minutes),
            None => sessions
                .iter()
                .filter(|s| s.date <= as_of && (as_of - s.date).num_days() < 7)
                .fold((0.0, 0.0), |(load, minutes), s| {
                    (
                        load + s.duration_min * intensity(s, config).value,
                        minutes + s.duration_min,
                    )
                }),
        };
        situation = Situation::Beginner;
        hard_free_weeks = usize::MAX;
        if last_week_minutes > minutes {
            // Keep the minutes; the load may be as high as last week's, and the
            // self-check lowers the intensity, not the minutes, when a rule needs it.
            load = load.max(last_week_load);
            minutes = last_week_minutes;
        }
        reasons.push(format!(
            "A new history (under {} weeks): the plan keeps your {} min of the last week, easy, and adds nothing hard.",
            p.beginner_weeks,
            num(minutes.round())
        ));
        // A beginner's week is at least the floor; the weekly-ramp cap still
        // applies to it (it is none after a first, partial week).
        if minutes < floor.minutes {
            load = load.max(floor.load);
            minutes = floor.minutes;
            reasons.push(format!(
                "A beginner's week is at least {} easy sessions of {} min.",
                p.floor_sessions,
                num(p.floor_minutes)
            ));
        }
    }

    StartPoint {
        situation,
        tolerated: Some(tolerated),
        last_training,
        days_without_training,
        return_factor,
        first_week_load: load,
        first_week_minutes: minutes,
        hard_free_weeks,
        reasons,
    }
}

/// Sessions flagged as single-session spikes: after an overload, long sessions are
/// sized from the longest session before the spike, not from the spike itself.
pub fn spike_sessions(report: Option<&AthleteReport>) -> Vec<(NaiveDate, String)> {
    report
        .map(|r| {
            r.flags
                .iter()
                .filter(|f| f.rule == Rule::SessionSpike && f.severity >= Severity::Caution)
                .filter_map(|f| Some((f.date, f.evidence.get("sport")?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}
