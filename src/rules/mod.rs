//! The rules: each turns the timeline, the daily series and the weekly table into
//! flags. One file per rule; thresholds come from [`crate::config::RulesConfig`].
//!
//! Strict thresholds are strict: comparisons go through [`above`] and [`at_least`]
//! (see [`crate::compare`]).

mod acwr;
mod back_to_back_hard;
mod cramp_log;
mod heat;
mod intensity_spike;
mod missing_rest;
mod monotony;
mod new_activity;
mod session_spike;
mod weekly_ramp;

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::compare::{above, at_least, below};
use crate::config::Config;
use crate::series::DayMetrics;
use crate::timeline::Timeline;
use crate::weekly::Week;

/// How serious a flag is. Ordered: info < caution < danger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Caution,
    Danger,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Caution => "caution",
            Severity::Danger => "danger",
        }
    }
}

/// The rule that raised a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    SessionSpike,
    WeeklyRamp,
    IntensitySpike,
    Acwr,
    MissingRest,
    BackToBackHard,
    Monotony,
    Heat,
    LongSession,
    NewActivity,
    CrampLog,
}

impl Rule {
    pub const ALL: [Rule; 11] = [
        Rule::SessionSpike,
        Rule::WeeklyRamp,
        Rule::IntensitySpike,
        Rule::Acwr,
        Rule::MissingRest,
        Rule::BackToBackHard,
        Rule::Monotony,
        Rule::Heat,
        Rule::LongSession,
        Rule::NewActivity,
        Rule::CrampLog,
    ];

    /// The rule's name as written in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::SessionSpike => "session-spike",
            Rule::WeeklyRamp => "weekly-ramp",
            Rule::IntensitySpike => "intensity-spike",
            Rule::Acwr => "acwr",
            Rule::MissingRest => "missing-rest",
            Rule::BackToBackHard => "back-to-back-hard",
            Rule::Monotony => "monotony",
            Rule::Heat => "heat",
            Rule::LongSession => "long-session",
            Rule::NewActivity => "new-activity",
            Rule::CrampLog => "cramp-log",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub rule: Rule,
    pub severity: Severity,
    /// The day the finding starts (a session, the first day of a run of days, the
    /// Monday of a week).
    pub date: NaiveDate,
    /// The last day the finding covers: the same as `date` for one session; the
    /// last day of a run of days (ACWR above or below its band, days without rest)
    /// or of the week (weekly rules; at most the last day analysed).
    pub until: NaiveDate,
    /// Whether the flag reaches into the recent window up to the as-of date
    /// (`--recent`): `until` is in the window. Only these decide `--fail-on` and
    /// the report's banner. Set by the analysis; true when no window is chosen.
    pub recent: bool,
    /// Shared by the athlete's flags (thousands over a few years).
    pub athlete: Arc<str>,
    /// One line with the numbers.
    pub message: String,
    /// What to do about it, from the seed articles. Shared: a rule's flags mostly
    /// carry the same advice.
    pub advice: Arc<str>,
    /// The numbers behind the flag.
    pub evidence: serde_json::Value,
    /// Where the rule and its threshold come from.
    pub source: &'static str,
}

/// Everything a rule may look at.
pub struct Context<'a, 'h> {
    pub athlete: Arc<str>,
    pub timeline: &'a Timeline<'h>,
    pub days: &'a [DayMetrics],
    pub weeks: &'a [Week],
    pub config: &'a Config,
    /// Whether flags carry their `evidence`. Text and Markdown reports never show it,
    /// and building it is a good part of the cost on a club's history.
    pub with_evidence: bool,
}

impl Context<'_, '_> {
    /// The evidence built by `build`, or null when the output will not show it.
    fn evidence(&self, build: impl FnOnce() -> serde_json::Value) -> serde_json::Value {
        if self.with_evidence {
            build()
        } else {
            serde_json::Value::Null
        }
    }

    /// The last day of `week` on the timeline: its Sunday, or the last day
    /// analysed for the week in progress.
    fn week_end(&self, week: &Week) -> NaiveDate {
        (week.start + chrono::Days::new(6)).min(self.timeline.end())
    }

    /// A flag of this athlete, covering its own day (see [`Flag::lasting_to`]).
    /// One argument per field of [`Flag`], in its order.
    #[allow(clippy::too_many_arguments)]
    fn flag(
        &self,
        rule: Rule,
        severity: Severity,
        date: NaiveDate,
        message: String,
        advice: Arc<str>,
        evidence: serde_json::Value,
        source: &'static str,
    ) -> Flag {
        Flag {
            rule,
            severity,
            date,
            until: date,
            recent: true,
            athlete: self.athlete.clone(),
            message,
            advice,
            evidence,
            source,
        }
    }
}

impl Flag {
    /// The flag, covering the days up to `last` (never before its own date).
    pub(crate) fn lasting_to(mut self, last: NaiveDate) -> Flag {
        self.until = last.max(self.date);
        self
    }
}

/// Run every rule and return the flags, worst first (severity, then latest date).
pub fn evaluate(ctx: &Context) -> Vec<Flag> {
    let mut flags = Vec::new();
    session_spike::check(ctx, &mut flags);
    weekly_ramp::check(ctx, &mut flags);
    intensity_spike::check(ctx, &mut flags);
    acwr::check(ctx, &mut flags);
    missing_rest::check(ctx, &mut flags);
    back_to_back_hard::check(ctx, &mut flags);
    monotony::check(ctx, &mut flags);
    heat::check(ctx, &mut flags);
    new_activity::check(ctx, &mut flags);
    // Last: it lists the other flags of the cramp's day and the days before it.
    let cramps = cramp_log::check(ctx, &flags);
    flags.extend(cramps);
    sort_worst_first(&mut flags);
    flags
}

/// Sort flags by severity (worst first), then date (latest first), then rule.
pub fn sort_worst_first(flags: &mut [Flag]) {
    flags.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.date.cmp(&a.date))
            .then(a.rule.cmp(&b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Percent change from `base` to `value` (base > 0).
pub fn pct_change(value: f64, base: f64) -> f64 {
    (value - base) / base * 100.0
}

/// Format a number for a message: at most one decimal, no trailing `.0`.
pub(crate) fn num(value: f64) -> String {
    let tenths = (value * 10.0).round();
    // Below 10^11 the nearest double to tenths/10 prints as exactly those tenths,
    // so the digits come from the integer: the same text as formatting the float
    // ({:.0} or {:.1} of tenths/10, negative zero included) without the float
    // formatter, a good part of a club's check, where half a million flags each
    // print a few numbers.
    if tenths.abs() < 1e12 {
        let t = tenths as i64;
        let sign = if t < 0 || (t == 0 && tenths.is_sign_negative()) {
            "-"
        } else {
            ""
        };
        let t = t.unsigned_abs();
        return if t.is_multiple_of(10) {
            format!("{sign}{}", t / 10)
        } else {
            format!("{sign}{}.{}", t / 10, t % 10)
        };
    }
    let rounded = tenths / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Format a signed percentage for a message: `+25%`, `+12.5%`.
pub(crate) fn pct(value: f64) -> String {
    let sign = if value >= 0.0 { "+" } else { "" };
    format!("{sign}{}%", num(value))
}

/// Advice shared by several rules, from the seed articles.
pub(crate) mod advice {
    pub const STOP_IF_PAIN: &str = "If you feel pain, stop: don't push through it.";
    pub const WARM_UP: &str = "Warm up with dynamic drills (leg swings, walking lunges, high knees) and cool down with static stretches held 30 seconds.";
    pub const REST: &str = "Take rest days so muscles can recover: easy mobility, sleep and fluids.";
    pub const HYDRATE_LONG: &str = "Drink before (about 5-7 mL per kg body mass some 4 hours ahead), during (to thirst, roughly 0.4-0.8 L per hour, with sodium/electrolytes) and after; don't drink more than you sweat: over-drinking is dangerous, and fluids alone do not prevent cramps.";
    pub const DOCTOR: &str = "See a doctor if cramps are severe or frequent, come with muscle weakness, numbness or swelling, happen without exercise, or don't improve with stretching, rest and hydration; mention any medication you take.";
}

/// Sources cited by the rules (see docs/methodology.md for the full references).
pub(crate) mod source {
    pub const FRANDSEN_2025: &str = "Frandsen et al. 2025, Br J Sports Med 59(17):1203-1210 (single-session spike > 10% of the 30-day longest); seed articles: don't ramp up too quickly";
    pub const NIELSEN_2014: &str = "Nielsen et al. 2014, JOSPT 44(10):739-747 (> 30% weekly progression); the '10% rule' (coaching convention); seed articles: increase volume gradually";
    pub const INTENSITY: &str = "Schwellnus et al. 2011, Br J Sports Med 45(8):650-656 (cramps linked to higher intensity than usual); seed articles: increase intensity gradually";
    pub const GABBETT_2016: &str = "Gabbett 2016, Br J Sports Med 50(5):273-280 (0.8-1.3 'sweet spot', > 1.5 'danger zone'); Hulin et al. 2014/2016; disputed: Impellizzeri et al. 2021, Lolli et al. 2019";
    pub const MEEUSEN_2013: &str = "Meeusen et al. 2013, Med Sci Sports Exerc 45(1):186-205 (overtraining consensus: regular rest days); seed articles: take rest days";
    pub const HARD_DAYS: &str =
        "Seed articles: don't exercise sore or tired muscles; allow recovery between intense sessions";
    pub const FOSTER_1998: &str = "Foster 1998, Med Sci Sports Exerc 30(7):1164-1168 (monotony = mean/SD; > 2.0 high); Runalyze warning 1.5 / critical 2.0";
    pub const HEAT: &str = "Sawka et al. 2007, ACSM position stand, Med Sci Sports Exerc 39(2):377-390; seed articles: hot and humid conditions raise cramp risk";
    pub const LONG: &str = "Sawka et al. 2007, ACSM position stand (fluids and sodium in sessions over about an hour); seed articles: hydration and electrolytes";
    pub const NEW_ACTIVITY: &str =
        "Seed articles: unfamiliar exercises and sudden spikes cause fatigue and cramps; ease into new activities";
    pub const CRAMPS: &str = "Schwellnus et al. 2011 (previous cramps and higher-than-usual intensity are risk factors); Miller et al. 2022, J Athl Train 57(1):5-15; seed articles: when to see a doctor";
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_comparisons_ignore_rounding_noise() {
        assert!(!above(11.0 / 10.0 - 1.0, 0.1));
        assert!(!above(pct_change(11.0, 10.0), 10.0));
        assert!(!above(pct_change(3.63, 3.3), 10.0));
        assert!(above(pct_change(11.01, 10.0), 10.0));
        assert!(at_least(0.1 + 0.2, 0.3));
        assert!(!at_least(0.29, 0.3));
        assert!(!below(0.8000000000000002, 0.8));
        assert!(below(0.79, 0.8));
    }

    #[test]
    fn message_numbers() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(pct(25.0), "+25%");
        assert_eq!(pct(-12.5), "-12.5%");
        assert_eq!(num(-0.04), "-0");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(2e12), "2000000000000");
    }

    use proptest::prelude::*;

    proptest! {
        /// The digits from the integer are what the float formatter writes.
        #[test]
        fn message_numbers_are_those_of_the_float_formatter(
            value in prop_oneof![
                -1e4f64..1e4,
                -1e12f64..1e12,
                (-100_000i64..100_000).prop_map(|t| t as f64 / 20.0),
                proptest::num::f64::ANY,
            ]
        ) {
            let rounded = (value * 10.0).round() / 10.0;
            let formatter = if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") };
            prop_assert_eq!(num(value), formatter);
        }
    }
}
