//! The plan's self-check: the planned weeks are appended to the history and the
//! same rules as `check` are run; a week with a caution or danger flag is adjusted
//! (lighter, easier, fewer sessions) until none is left or nothing more can give.

use chrono::NaiveDate;

use super::PlanWeek;
use super::profile::Profile;
use crate::analysis::analyze_athlete;
use crate::config::Config;
use crate::history::Session;
use crate::rules::{Flag, Rule, above};

/// What the self-check asks of one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Adjustment {
    /// Multiplier on the week's target.
    pub(super) scale: f64,
    /// How many steps to ease the week's intensity mix.
    pub(super) easier: usize,
    /// How many of the week's first sessions become rest days (when lighter
    /// sessions are not enough: the load the week starts with is the problem).
    pub(super) skip: usize,
}

impl Default for Adjustment {
    fn default() -> Self {
        Adjustment {
            scale: 1.0,
            easier: 0,
            skip: 0,
        }
    }
}

impl Adjustment {
    /// A week 5% lighter.
    pub(super) const LIGHTER: Adjustment = Adjustment {
        scale: 0.95,
        easier: 0,
        skip: 0,
    };
    /// A week one step easier in its intensity mix.
    const EASIER: Adjustment = Adjustment {
        scale: 1.0,
        easier: 1,
        skip: 0,
    };

    /// What to change in a week a flag fell on: too intense or too alike weeks get an
    /// easier mix, everything else less load.
    pub(super) fn for_flag(flag: &Flag) -> Adjustment {
        use crate::rules::Rule;
        match flag.rule {
            Rule::IntensitySpike | Rule::BackToBackHard => Adjustment::EASIER,
            // Too alike days (six equal days and one rest): one more rest day.
            Rule::Monotony => Adjustment {
                scale: 1.0,
                easier: 0,
                skip: 1,
            },
            _ => Adjustment::LIGHTER,
        }
    }

    /// Both adjustments, each at most once.
    pub(super) fn merge(self, other: Adjustment) -> Adjustment {
        Adjustment {
            scale: self.scale.min(other.scale),
            easier: self.easier.max(other.easier),
            skip: self.skip.max(other.skip),
        }
    }
}

/// The planned sessions as history rows, so the rules can judge them.
pub fn as_sessions(athlete: &str, weeks: &[PlanWeek]) -> Vec<Session> {
    weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .map(|p| {
            let mut s = Session::new(athlete, p.date, &p.sport, p.duration_min);
            s.rpe = Some(p.expected_rpe);
            s.distance_km = p.distance_km;
            s.muscle_groups = p.muscle_groups.as_slice().into();
            s
        })
        .collect()
}

/// What the rules say about a plan.
pub(super) struct Verdict {
    /// The flags dated on planned days.
    pub flags: Vec<Flag>,
    /// Planned days whose ACWR is above the caution threshold (including runs that
    /// began before the plan, whose flag is dated before it).
    pub high_days: Vec<NaiveDate>,
}

/// Run the rules on the history up to as-of with the planned weeks appended.
pub(super) fn evaluate(history: &[&Session], profile: &Profile, weeks: &[PlanWeek], config: &Config) -> Verdict {
    let planned = as_sessions(&profile.athlete, weeks);
    let mut all: Vec<&Session> = history.iter().copied().filter(|s| s.date <= profile.as_of).collect();
    all.extend(planned.iter());
    let end = weeks.last().map_or(profile.as_of, |w| w.start + chrono::Days::new(6));
    let Some(report) = analyze_athlete(&profile.athlete, &all, end, config) else {
        return Verdict {
            flags: Vec::new(),
            high_days: Vec::new(),
        };
    };
    // Days the acwr rule is silent on (after a break) are not the plan's to fix.
    let silenced = crate::tolerance::acwr_silenced(&report.days, config);
    let high_days = report
        .days
        .iter()
        .zip(silenced)
        .filter(|(d, quiet)| !quiet && d.date >= profile.start && d.acwr.is_some_and(|a| above(a, config.acwr.high)))
        .map(|(d, _)| d.date)
        .collect();
    // A week's flags are dated on its Monday: those of a partial first week judge
    // the planned days too.
    let weekly = |f: &Flag| matches!(f.rule, Rule::WeeklyRamp | Rule::IntensitySpike | Rule::Monotony);
    let flags = report
        .flags
        .into_iter()
        .filter(|f| f.date >= profile.start || (f.date == profile.first_monday && weekly(f)))
        .collect();
    Verdict { flags, high_days }
}
