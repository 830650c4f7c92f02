//! `crampless plan`: the next weeks at a safe pace, from tomorrow. Owns the plan's
//! data types, where a plan starts (tolerated load, a break, an overload, a
//! beginner), the weekly targets (capped ramp, deloads, goals), the layout of
//! sessions within a week, the reminders on every session, and the self-check that
//! the plan passes the same rules as the history.

mod build;
mod layout;
pub mod pattern;
mod profile;
mod race;
pub mod reminders;
mod selfcheck;
mod start;
mod targets;

pub use selfcheck::as_sessions;
pub use start::{Situation, StartPoint};

pub use build::{build, next_monday};

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Serialize, Serializer};

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
    /// Full rest days per week (1-6); default: 2, or 1 for an athlete whose recent
    /// weeks routinely have 6 training days.
    pub rest_days: Option<usize>,
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
    /// Training weekdays; default: the athlete's usual days.
    pub days: Option<Vec<Weekday>>,
    /// The long session's weekday; default: the athlete's usual long day.
    pub long_day: Option<Weekday>,
    /// Start time of every session; default: the athlete's usual time on each
    /// weekday, else `plan.session_time`.
    pub time: Option<NaiveTime>,
    /// A race to build toward, taper for and run.
    pub race: Option<RaceGoal>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            weeks: 4,
            start: None,
            as_of: None,
            sessions_per_week: None,
            rest_days: None,
            ramp_pct: 10.0,
            deload_every: 4,
            deload_pct: 30.0,
            sports: Vec::new(),
            body_mass_kg: None,
            athlete: None,
            goal: None,
            days: None,
            long_day: None,
            time: None,
            race: None,
        }
    }
}

/// A race: its date and distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RaceGoal {
    pub date: NaiveDate,
    pub distance_km: f64,
}

impl RaceGoal {
    /// "marathon", "half marathon", "10k", "5k" or "42.2 km".
    pub fn label(&self) -> String {
        race_label(self.distance_km)
    }
}

/// The usual name of a race distance.
pub fn race_label(km: f64) -> String {
    const NAMED: [(f64, &str); 4] = [
        (42.195, "marathon"),
        (21.0975, "half marathon"),
        (10.0, "10k"),
        (5.0, "5k"),
    ];
    NAMED
        .iter()
        .find(|(d, _)| (km - d).abs() < 0.05)
        .map_or_else(|| format!("{} km", crate::rules::num(km)), |(_, name)| name.to_string())
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
    /// The athlete's week the plan follows: days, times, sports, lengths, split.
    pub pattern: Pattern,
    pub weeks: Vec<PlanWeek>,
    pub goal: Option<GoalReport>,
    /// The race the plan builds toward, and whether it is safely reachable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub race: Option<RaceReport>,
    pub check: PlanCheck,
    /// Said once per plan: drink to thirst, never more than you sweat.
    pub fluid_warning: String,
    /// Said once at the end of every plan: stop if it hurts, when to see a doctor.
    #[serde(skip)]
    pub closing_advice: String,
}

/// The athlete's usual week, from the last weeks of the history (each part
/// overridable from the command line).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Pattern {
    /// The span of history the pattern was read from.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Training sessions in a usual week.
    pub sessions_per_week: usize,
    /// Training weekdays, Monday first.
    #[serde(serialize_with = "weekdays")]
    pub days: Vec<Weekday>,
    /// Weekdays with two sessions.
    #[serde(serialize_with = "weekdays")]
    pub double_days: Vec<Weekday>,
    /// The long session's weekday.
    #[serde(serialize_with = "opt_weekday")]
    pub long_day: Option<Weekday>,
    /// Full rest days a week.
    pub rest_days: usize,
    /// Start time per training weekday.
    pub times: Vec<DayTime>,
    /// Sports with their share of the sessions.
    pub sports: Vec<SportShare>,
    /// Hard sessions (RPE 7 or more) in a usual week.
    pub hard_per_week: usize,
    /// Usual session lengths by kind, minutes.
    pub lengths: Lengths,
    /// The strength split: what each strength weekday works.
    pub split: Vec<SplitDay>,
}

/// A weekday's usual start time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayTime {
    #[serde(serialize_with = "weekday")]
    pub day: Weekday,
    #[serde(serialize_with = "hh_mm")]
    pub time: NaiveTime,
}

/// A sport's share of the athlete's recent sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SportShare {
    pub sport: String,
    /// Share of the sessions, 0-1.
    pub share: f64,
    /// Sessions of it in a planned ordinary week.
    pub per_week: usize,
    /// Recent pace by kind of session, minutes per km (None without distances).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub easy_pace_min_per_km: Option<f64>,
}

/// Usual session lengths by kind (minutes); `None` when the history has none of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Lengths {
    pub recovery: Option<f64>,
    pub easy: Option<f64>,
    pub long: Option<f64>,
    pub intervals: Option<f64>,
    pub strength: Option<f64>,
}

/// One strength day of the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitDay {
    #[serde(serialize_with = "weekday")]
    pub day: Weekday,
    pub muscle_groups: Vec<String>,
    /// Recent tonnage of this day's sessions (kg), when logged.
    pub tonnage_kg: Option<f64>,
    /// Recent minutes of this day's sessions.
    pub minutes: f64,
}

/// A race goal's verdict and the plan's shape around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaceReport {
    pub date: NaiveDate,
    pub distance_km: f64,
    pub label: String,
    /// Whether the race can be run safely on that date.
    pub reachable: bool,
    /// The earliest date the race is safe, when `date` is too soon.
    pub earliest_safe_date: Option<NaiveDate>,
    /// First day of the taper.
    pub taper_from: Option<NaiveDate>,
    /// Weeks of taper the distance asks for (race week included).
    pub taper_weeks: usize,
    /// The long run the race asks for at least (minutes).
    pub needed_long_min: f64,
    /// The longest planned run before the race (minutes and km).
    pub peak_long_min: Option<f64>,
    pub peak_long_km: Option<f64>,
    pub message: String,
}

/// Lower-case three-letter weekday names: `mon`..`sun`.
pub fn weekday_name(day: Weekday) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.num_days_from_monday() as usize]
}

fn weekday<S: Serializer>(day: &Weekday, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(weekday_name(*day))
}

fn opt_weekday<S: Serializer>(day: &Option<Weekday>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match day {
        Some(d) => s.serialize_str(weekday_name(*d)),
        None => s.serialize_none(),
    }
}

fn weekdays<S: Serializer>(days: &[Weekday], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(days.iter().map(|d| weekday_name(*d)))
}

fn hh_mm<S: Serializer>(time: &NaiveTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&time.format("%H:%M").to_string())
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
    /// Short and very easy, the day after a hard or long one.
    Recovery,
    Easy,
    /// Steady or tempo (RPE 5-6).
    Moderate,
    /// Repeats at RPE 7 or more, with easy minutes around them.
    Intervals,
    Long,
    Strength,
    /// Race day.
    Race,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Recovery => "recovery",
            SessionKind::Easy => "easy",
            SessionKind::Moderate => "moderate",
            SessionKind::Intervals => "intervals",
            SessionKind::Long => "long",
            SessionKind::Strength => "strength",
            SessionKind::Race => "race",
        }
    }

    /// Endurance kinds (not strength).
    pub fn is_endurance(self) -> bool {
        self != SessionKind::Strength
    }
}

/// The CR-10 word for a session RPE (Foster et al. 2001; Borg CR-10): 1 very easy,
/// 2 easy, 3 moderate, 4 somewhat hard, 5-6 hard, 7-9 very hard, 10 maximal.
pub fn effort_word(rpe: f64) -> &'static str {
    match rpe.round() as i64 {
        i64::MIN..=0 => "rest",
        1 => "very easy",
        2 => "easy",
        3 => "moderate",
        4 => "somewhat hard",
        5 | 6 => "hard",
        7..=9 => "very hard",
        _ => "maximal",
    }
}

/// One planned session with its reminders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedSession {
    pub date: NaiveDate,
    /// Local start time (floating: the same wall-clock time wherever the athlete is).
    #[serde(serialize_with = "hh_mm")]
    pub time: NaiveTime,
    pub sport: String,
    pub kind: SessionKind,
    pub duration_min: f64,
    /// Distance to cover at the athlete's recent pace for this kind of session;
    /// `None` when the history has no distances for the sport.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub rpe: f64,
    /// The CR-10 word for `rpe` ([`effort_word`]).
    pub effort: &'static str,
    /// The RPE the athlete is likely to log for it: their usual for this kind of
    /// session (athletes rate easy sessions harder than prescribed). `load` counts it.
    pub expected_rpe: f64,
    /// Strength: working sets in the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
    /// Strength: sum of weight x reps over the working sets (kg).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tonnage_kg: Option<f64>,
    /// duration_min x expected_rpe (AU).
    pub load: f64,
    pub warmup: Warmup,
    /// The main set in plain words.
    pub main: String,
    pub cooldown: Cooldown,
    pub hydration: Hydration,
    /// Muscle groups a strength session works (empty otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
    /// How many hours before the session to drink `before_ml`.
    pub before_hours: u32,
    /// Fluid some `before_hours` before the session, mL (low, high), from body mass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_ml: Option<[u32; 2]>,
    /// Fluid during, litres per hour (low, high), led by thirst.
    pub during_l_per_hour: [f64; 2],
    /// Carbohydrate during, grams per hour (low, high), for longer sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carbs_g_per_hour: Option<[u32; 2]>,
    /// Sodium during, mg per hour (low, high), for long or hot sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sodium_mg_per_hour: Option<[u32; 2]>,
    /// The sodium applies only when it is hot (25 C or more).
    pub sodium_only_if_hot: bool,
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
    /// A race: (its week's Monday, race day). The race day, the days after it and
    /// the weekly flags of its week are intended.
    #[serde(skip)]
    pub race: Option<(NaiveDate, NaiveDate)>,
}

impl PlanCheck {
    /// Caution and danger flags the plan itself is responsible for.
    pub fn blocking(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| {
            f.severity >= crate::rules::Severity::Caution
                && !(f.rule == crate::rules::Rule::Acwr && self.carried_over.contains(&f.date))
                && !self.intended(f)
        })
    }

    /// Whether a flag is the race's doing: on or after race day, or a weekly flag of
    /// the race week (the race makes it the biggest week).
    pub fn intended(&self, f: &Flag) -> bool {
        use crate::rules::Rule;
        self.race.is_some_and(|(monday, day)| {
            f.date >= day
                || (f.date == monday && matches!(f.rule, Rule::WeeklyRamp | Rule::IntensitySpike | Rule::Monotony))
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
