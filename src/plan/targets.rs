//! The weekly targets: load and minutes that start where the athlete can start
//! (see [`super::start`]) and grow by the ramp, deload weeks that never lower the
//! weeks after them, the goal, and the cap of the weekly-ramp rule (with its return
//! allowance), so the plan passes its own check. Also whether a goal is reachable.

use chrono::NaiveDate;

use super::start::StartPoint;
use super::{Goal, GoalMeasure, GoalReport, PlanOptions, PlanWeek};
use crate::config::Config;
use crate::rules::num;
use crate::tolerance::{self, Totals, WeekTotals};

/// One week's target and the most the weekly-ramp rule allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct WeekTarget {
    pub load: f64,
    pub minutes: f64,
    pub deload: bool,
    /// The most the weekly-ramp rule allows this week, history of the week included.
    pub cap_load: f64,
    pub cap_minutes: f64,
    /// The most distance the weekly-ramp rule allows this week (km).
    pub cap_distance: f64,
}

/// The return allowance the weekly-ramp rule will grant the plan's first weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PlanReturn {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub allowance: Totals,
}

/// The ramp of targets, week by week.
#[derive(Debug, Clone)]
pub(super) struct Targets<'a> {
    options: &'a PlanOptions,
    config: &'a Config,
    /// The last ordinary week's target (load, minutes).
    level: (f64, f64),
    /// Ordinary weeks so far.
    ordinary: usize,
    goal: Option<Goal>,
    returning: Option<PlanReturn>,
}

impl<'a> Targets<'a> {
    pub(super) fn new(
        start: &StartPoint,
        options: &'a PlanOptions,
        config: &'a Config,
        returning: Option<PlanReturn>,
    ) -> Targets<'a> {
        Targets {
            options,
            config,
            level: (start.first_week_load, start.first_week_minutes),
            ordinary: 0,
            goal: options.goal,
            returning,
        }
    }

    /// Whether full week `k` (1-based) is a deload week.
    pub(super) fn is_deload(&self, k: usize) -> bool {
        self.options.deload_every > 0 && k > 0 && k.is_multiple_of(self.options.deload_every)
    }

    /// The target of the week starting `monday`: week `k` of the plan (0 for a partial
    /// first week). `earlier` are the weeks before it (history and plan), `so_far` what
    /// the week already holds before the plan starts, and `intensity` the load per
    /// minute of the week's planned mix (to turn a minutes goal into load).
    pub(super) fn week(
        &mut self,
        k: usize,
        monday: NaiveDate,
        earlier: &[WeekTotals],
        so_far: Totals,
        intensity: f64,
    ) -> WeekTarget {
        let ramp = 1.0 + self.options.ramp_pct / 100.0;
        let rule = 1.0 + self.config.rules.weekly_ramp.caution_pct / 100.0;
        let mut base = tolerance::ramp_base(earlier, self.config.rules.weekly_ramp.base_weeks).map(|b| b.base);
        if let Some(r) = self
            .returning
            .filter(|r| monday <= r.until && monday + chrono::Days::new(6) >= r.from)
        {
            base = Some(base.map_or(r.allowance, |b| b.max(r.allowance)));
        }
        let cap_load = base.map_or(f64::INFINITY, |b| b.load * rule) - so_far.load;
        let cap_minutes = base.map_or(f64::INFINITY, |b| b.minutes * rule) - so_far.minutes;
        // A base without distance (no distances logged) does not cap it: the rule
        // needs a base above zero.
        let cap_distance = base
            .filter(|b| b.distance_km > 0.0)
            .map_or(f64::INFINITY, |b| b.distance_km * rule)
            - so_far.distance_km;
        let deload = self.is_deload(k);
        // The first full week (and a partial week before it) is the start level;
        // each later ordinary week grows it by the ramp.
        let grow = if k >= 2 { ramp } else { 1.0 };
        let mut desired = (self.level.0 * grow, self.level.1 * grow);
        if let Some(goal) = self.goal {
            let goal_load = match goal.measure {
                GoalMeasure::Load => goal.weekly,
                GoalMeasure::Minutes => goal.weekly * intensity,
            };
            if goal_load < desired.0 {
                let share = (goal_load / desired.0).max(0.0);
                desired = (goal_load, desired.1 * share);
            }
        }
        if deload {
            let lighter = 1.0 - self.options.deload_pct / 100.0;
            return WeekTarget {
                load: (self.level.0 * lighter).min(cap_load.max(0.0)),
                minutes: (self.level.1 * lighter).min(cap_minutes.max(0.0)),
                deload,
                cap_load,
                cap_minutes,
                cap_distance,
            };
        }
        // Capped so the plan passes the weekly-ramp rule, but an ordinary week never
        // falls below the one before: when the rule forbids growth, hold.
        let mut load = desired.0.min(cap_load.max(0.0));
        let mut minutes = desired.1.min(cap_minutes.max(0.0));
        if self.ordinary > 0 && k >= 2 {
            load = load.max(self.level.0);
            minutes = minutes.max(self.level.1);
        }
        if k >= 1 {
            self.level = (load, minutes);
            self.ordinary += 1;
        }
        WeekTarget {
            load,
            minutes,
            deload,
            cap_load,
            cap_minutes,
            cap_distance,
        }
    }
}

/// Whether and when the goal is reachable at the allowed ramp: the same targets and
/// caps as the plan, simulated forward for up to ten years, never faster.
#[allow(clippy::too_many_arguments)] // the plan's own inputs, each needed to re-run its ramp
pub(super) fn goal_report(
    goal: Goal,
    start: &StartPoint,
    first_monday: NaiveDate,
    history_weeks: &[WeekTotals],
    options: &PlanOptions,
    config: &Config,
    returning: Option<PlanReturn>,
    weeks: &[PlanWeek],
) -> GoalReport {
    let intensity = weeks
        .iter()
        .find(|w| !w.sessions.is_empty())
        .map(|w| w.planned_load / w.sessions.iter().map(|s| s.duration_min).sum::<f64>())
        .unwrap_or(5.0);
    let (unit, volume): (&str, fn(f64, f64) -> f64) = match goal.measure {
        GoalMeasure::Load => ("AU", |load, _| load),
        GoalMeasure::Minutes => ("min", |_, minutes| minutes),
    };
    let unlimited = PlanOptions {
        goal: None,
        ..options.clone()
    };
    let mut targets = Targets::new(start, &unlimited, config, returning);
    let mut totals = history_weeks.to_vec();
    let mut reached_k = None;
    for k in 1..=520 {
        let monday = first_monday + chrono::Days::new(7 * (k as u64 - 1));
        let t = targets.week(k, monday, &totals, Totals::default(), intensity);
        if !t.deload && volume(t.load, t.minutes) >= goal.weekly * (1.0 - 1e-9) {
            reached_k = Some(k);
            break;
        }
        totals.push(WeekTotals {
            totals: Totals {
                load: t.load,
                minutes: t.minutes,
                distance_km: 0.0,
            },
            full: true,
        });
    }
    let earliest = reached_k.map(|k| first_monday + chrono::Days::new(7 * (k as u64 - 1)));
    let reached_in_week = weeks
        .iter()
        .filter(|w| !w.partial)
        .find(|w| {
            let minutes: f64 = w.sessions.iter().map(|s| s.duration_min).sum();
            !w.deload && volume(w.planned_load, minutes) >= goal.weekly * 0.97
        })
        .map(|w| w.week.clone());
    let reachable = match (goal.by, earliest) {
        (_, None) => false,
        (Some(by), Some(e)) => e <= by,
        (None, Some(_)) => true,
    };
    let goal_text = format!("{} {unit}/week", num(goal.weekly));
    let now = volume(start.first_week_load, start.first_week_minutes);
    let message = match (goal.by, earliest) {
        (_, None) => format!(
            "{goal_text} is not reachable within ten years at a {}% weekly ramp",
            num(options.ramp_pct)
        ),
        (Some(by), Some(e)) if e > by => format!(
            "{goal_text} by {by} is too soon: from {} {unit}/week now, a safe {}% weekly ramp with a lighter week every {} reaches it in the week of {e} at the earliest. The plan keeps the safe ramp.",
            num(now.round()),
            num(options.ramp_pct),
            if options.deload_every == 0 {
                "never".to_string()
            } else {
                format!("{} weeks", options.deload_every)
            }
        ),
        (Some(by), Some(e)) => format!(
            "{goal_text} is safely reachable by {by}: at a {}% ramp, from the week of {e}",
            num(options.ramp_pct)
        ),
        (None, Some(e)) => format!(
            "{goal_text} is reachable at a {}% ramp from the week of {e}",
            num(options.ramp_pct)
        ),
    };
    GoalReport {
        measure: goal.measure,
        weekly: goal.weekly,
        by: goal.by,
        reachable,
        earliest_safe_date: earliest,
        reached_in_week,
        message,
    }
}
