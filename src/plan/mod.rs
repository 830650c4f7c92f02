//! `crampless plan`: the next weeks at a safe pace, from tomorrow. Owns the plan's
//! data types, where a plan starts (tolerated load, a break, an overload, a
//! beginner), the weekly targets (capped ramp, deloads, goals), the layout of
//! sessions within a week, the reminders on every session, and the self-check that
//! the plan passes the same rules as the history.

mod build;
mod layout;
mod profile;
pub mod reminders;
mod selfcheck;
mod start;
mod targets;

pub use selfcheck::as_sessions;
pub use start::{Situation, StartPoint};

pub use build::{build, next_monday};

use chrono::NaiveDate;
use serde::Serialize;

use crate::rules::Flag;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOptions {
    /// Number of full weeks to plan (after a partial first week, if any).
    pub weeks: usize,
    /// First day of the plan, any weekday after as-of; default: the day after as-of.
    pub start: Option<NaiveDate>,
    /// The day the history is assessed on; default: its last session date.
    pub as_of: Option<NaiveDate>,
    /// Training sessions per week; default: from the last four weeks, clamped so the rest days fit.
    pub sessions_per_week: Option<usize>,
    /// Rest days per week (at least 2).
    pub rest_days: usize,
    /// Maximum weekly load increase, percent.
    pub ramp_pct: f64,
    /// Every n-th week is a deload week (0: never).
    pub deload_every: usize,
    /// How much lighter a deload week is than the week before, percent.
    pub deload_pct: f64,
    /// Sports to plan; empty: the athlete's main sports by load over the last 28 days.
    pub sports: Vec<String>,
    /// Body mass in kg, for hydration amounts.
    pub body_mass_kg: Option<f64>,
    /// The athlete to plan for (required when the history holds several).
    pub athlete: Option<String>,
    /// A weekly volume to reach.
    pub goal: Option<Goal>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            weeks: 4,
            start: None,
            as_of: None,
            sessions_per_week: None,
            rest_days: 2,
            ramp_pct: 10.0,
            deload_every: 4,
            deload_pct: 30.0,
            sports: Vec::new(),
            body_mass_kg: None,
            athlete: None,
            goal: None,
        }
    }
}

/// A weekly goal: minutes or load per week, optionally by a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Goal {
    pub measure: GoalMeasure,
    /// Weekly minutes or AU.
    pub weekly: f64,
    pub by: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalMeasure {
    Minutes,
    Load,
}

/// A plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub athlete: String,
    /// The day the history was assessed on.
    pub as_of: NaiveDate,
    /// The athlete's last session on or before `as_of`.
    pub last_session: NaiveDate,
    pub days_since_last_session: i64,
    /// First day of the plan (the day after as-of unless `--start`).
    pub start: NaiveDate,
    /// The weekly load the athlete tolerated before (AU): the chart's baseline.
    pub baseline_weekly_load: f64,
    /// How the baseline was found.
    #[serde(skip)]
    pub baseline_note: String,
    /// Where the plan starts, and why.
    pub start_point: StartPoint,
    pub weeks: Vec<PlanWeek>,
    pub goal: Option<GoalReport>,
    pub check: PlanCheck,
    /// Said once at the end of every plan: stop if it hurts, when to see a doctor.
    #[serde(skip)]
    pub closing_advice: String,
}

/// One planned week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanWeek {
    /// ISO week label, e.g. `2026-W14`.
    pub week: String,
    /// The Monday.
    pub start: NaiveDate,
    /// The plan starts after this week's Monday: only its remaining days are planned,
    /// and its target counts what the history already holds of it.
    pub partial: bool,
    /// The load the week aims for (AU), the whole week's.
    pub target_load: f64,
    /// The minutes the week aims for, the whole week's.
    pub target_minutes: f64,
    /// The sum of the planned sessions' loads (AU).
    pub planned_load: f64,
    pub deload: bool,
    pub sessions: Vec<PlannedSession>,
    pub rest_days: Vec<RestDay>,
    /// The most the weekly-ramp rule allows this week (AU): the ramp cap line.
    #[serde(skip)]
    pub cap_load: f64,
}

/// What a planned session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Easy,
    Moderate,
    Hard,
    Long,
    Strength,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Easy => "easy",
            SessionKind::Moderate => "moderate",
            SessionKind::Hard => "hard",
            SessionKind::Long => "long",
            SessionKind::Strength => "strength",
        }
    }
}

/// One planned session with its reminders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedSession {
    pub date: NaiveDate,
    pub sport: String,
    pub kind: SessionKind,
    pub duration_min: f64,
    pub rpe: f64,
    /// duration_min x rpe (AU).
    pub load: f64,
    pub warmup: Warmup,
    /// The main set in plain words.
    pub main: String,
    pub cooldown: Cooldown,
    pub hydration: Hydration,
    /// Muscle groups a strength session works (empty otherwise).
    #[serde(skip)]
    pub muscle_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warmup {
    pub minutes: u32,
    pub drills: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooldown {
    pub minutes: u32,
    /// Static stretches, each held 30 s.
    pub stretches: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hydration {
    pub before: String,
    pub during: String,
    pub after: String,
    /// Whether to take sodium/electrolytes during the session.
    pub electrolytes: bool,
}

/// A rest day and what to do with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestDay {
    pub date: NaiveDate,
    pub advice: String,
}

/// Whether and when a goal is safely reachable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalReport {
    pub measure: GoalMeasure,
    pub weekly: f64,
    pub by: Option<NaiveDate>,
    /// Whether the plan reaches the goal by `by` (or within the plan when no date).
    pub reachable: bool,
    /// The earliest Monday of a week that can reach the goal at the allowed ramp.
    pub earliest_safe_date: Option<NaiveDate>,
    /// The planned week that first reaches it, if any.
    pub reached_in_week: Option<String>,
    pub message: String,
}

/// The plan's own check: the flags the rules raise on planned days.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PlanCheck {
    pub flags: Vec<Flag>,
    /// Why a caution or danger flag remains, when the plan cannot remove it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Planned days whose ACWR is above the threshold even with nothing planned:
    /// the training before the plan keeps it high, whatever the plan does.
    #[serde(skip)]
    pub carried_over: Vec<NaiveDate>,
}

impl PlanCheck {
    /// Caution and danger flags the plan itself is responsible for.
    pub fn blocking(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| {
            f.severity >= crate::rules::Severity::Caution
                && !(f.rule == crate::rules::Rule::Acwr && self.carried_over.contains(&f.date))
        })
    }
}

impl Plan {
    /// Every planned session, in date order.
    pub fn sessions(&self) -> impl Iterator<Item = &PlannedSession> {
        self.weeks.iter().flat_map(|w| &w.sessions)
    }

    /// The last day of the plan (a Sunday).
    pub fn end(&self) -> NaiveDate {
        self.weeks.last().map_or(self.start, |w| w.start + chrono::Days::new(6))
    }

    /// The full weeks (without a partial first week).
    pub fn full_weeks(&self) -> impl Iterator<Item = &PlanWeek> {
        self.weeks.iter().filter(|w| !w.partial)
    }
}

#[cfg(test)]
mod tests;
