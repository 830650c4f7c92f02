//! Configuration: every threshold, window and default the rules and the load model
//! use, loadable from TOML (`--config FILE` or `crampless.toml`). Unknown keys are
//! errors, so a typo never silently falls back to a default.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How the acute:chronic workload ratio is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AcwrMethod {
    /// Acute = mean of the last 7 days; chronic = mean of the last 28 days (coupled).
    #[default]
    Rolling,
    /// Acute as rolling; chronic = mean of the 21 days before the acute week.
    Uncoupled,
    /// Exponentially weighted moving averages, a = 2/(N+1) (Williams et al. 2017).
    Ewma,
}

impl AcwrMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AcwrMethod::Rolling => "rolling",
            AcwrMethod::Uncoupled => "uncoupled",
            AcwrMethod::Ewma => "ewma",
        }
    }
}

/// Everything configurable. `Config::default()` holds the documented defaults
/// (see docs/methodology.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub load: LoadConfig,
    pub acwr: AcwrConfig,
    pub pmc: PmcConfig,
    pub rules: RulesConfig,
    /// What an athlete tolerates, and the return after a break.
    #[serde(rename = "return")]
    pub return_: ReturnConfig,
    pub plan: PlanConfig,
    /// Per-athlete settings, keyed by the `athlete` column.
    pub athletes: BTreeMap<String, AthleteConfig>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoadConfig {
    /// Intensity (RPE) used for a session with neither RPE nor heart rate.
    pub default_intensity: f64,
    /// Per-sport default intensity, overriding `default_intensity`.
    pub sport_intensity: BTreeMap<String, f64>,
    /// Maximum heart rate (bpm), for estimating RPE from `avg_hr`. No default.
    pub hr_max: Option<f64>,
    /// A day whose sessions all have intensity at or below this is a rest day.
    pub rest_day_max_intensity: f64,
}

impl Default for LoadConfig {
    fn default() -> Self {
        LoadConfig {
            default_intensity: 5.0,
            sport_intensity: BTreeMap::new(),
            hr_max: None,
            rest_day_max_intensity: 2.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct AthleteConfig {
    pub hr_max: Option<f64>,
    pub body_mass_kg: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AcwrConfig {
    pub method: AcwrMethod,
    pub acute_days: usize,
    pub chronic_days: usize,
    /// acwr above this starts a caution run ("sweet spot" upper bound, Gabbett 2016).
    pub high: f64,
    /// A run whose peak is above this is a danger.
    pub danger: f64,
    /// acwr below this starts an info run (detraining).
    pub low: f64,
    /// A break: at least this many days in a row without a training day.
    pub break_days: i64,
    /// From the first training day after a break, no acwr flag for this many days:
    /// the chronic window is empty, so any return reads high.
    pub break_silence_days: i64,
}

impl Default for AcwrConfig {
    fn default() -> Self {
        AcwrConfig {
            method: AcwrMethod::Rolling,
            acute_days: 7,
            chronic_days: 28,
            high: 1.3,
            danger: 1.5,
            low: 0.8,
            break_days: 21,
            break_silence_days: 28,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PmcConfig {
    pub fitness_days: f64,
    pub fatigue_days: f64,
    /// fitness(-1): the fitness before the first day of the history.
    pub fitness_seed: f64,
    /// fatigue(-1).
    pub fatigue_seed: f64,
}

impl Default for PmcConfig {
    fn default() -> Self {
        PmcConfig {
            fitness_days: 42.0,
            fatigue_days: 7.0,
            fitness_seed: 0.0,
            fatigue_seed: 0.0,
        }
    }
}

/// Thresholds of every rule. Percentages are written as percent (10 = 10%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    pub session_spike: SessionSpikeConfig,
    pub weekly_ramp: WeeklyRampConfig,
    pub intensity_spike: IntensitySpikeConfig,
    pub missing_rest: MissingRestConfig,
    pub back_to_back_hard: BackToBackHardConfig,
    pub monotony: MonotonyConfig,
    pub heat: HeatConfig,
    pub long_session: LongSessionConfig,
    pub new_activity: NewActivityConfig,
    pub cramp_log: CrampLogConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSpikeConfig {
    pub window_days: i64,
    pub caution_pct: f64,
    pub danger_pct: f64,
}

impl Default for SessionSpikeConfig {
    fn default() -> Self {
        SessionSpikeConfig {
            window_days: 30,
            caution_pct: 10.0,
            danger_pct: 30.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeeklyRampConfig {
    pub caution_pct: f64,
    pub danger_pct: f64,
    /// How many previous full weeks the mean part of the base covers.
    pub base_weeks: usize,
}

impl Default for WeeklyRampConfig {
    fn default() -> Self {
        WeeklyRampConfig {
            caution_pct: 10.0,
            danger_pct: 30.0,
            base_weeks: 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntensitySpikeConfig {
    pub caution_points: f64,
    pub danger_points: f64,
    pub weeks: usize,
}

impl Default for IntensitySpikeConfig {
    fn default() -> Self {
        IntensitySpikeConfig {
            caution_points: 1.0,
            danger_points: 2.0,
            weeks: 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MissingRestConfig {
    /// A streak of this many training days in a row is a caution.
    pub caution_days: usize,
    /// A streak reaching this many days is a danger.
    pub danger_days: usize,
}

impl Default for MissingRestConfig {
    fn default() -> Self {
        MissingRestConfig {
            caution_days: 7,
            danger_days: 13,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackToBackHardConfig {
    /// A session at or above this intensity is hard.
    pub hard_rpe: f64,
}

impl Default for BackToBackHardConfig {
    fn default() -> Self {
        BackToBackHardConfig { hard_rpe: 7.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonotonyConfig {
    pub info: f64,
    pub caution: f64,
}

impl Default for MonotonyConfig {
    fn default() -> Self {
        MonotonyConfig {
            info: 1.5,
            caution: 2.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeatConfig {
    pub caution_c: f64,
    pub danger_c: f64,
}

impl Default for HeatConfig {
    fn default() -> Self {
        HeatConfig {
            caution_c: 25.0,
            danger_c: 32.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LongSessionConfig {
    pub minutes: f64,
}

impl Default for LongSessionConfig {
    fn default() -> Self {
        LongSessionConfig { minutes: 90.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewActivityConfig {
    /// A sport with no session in this many previous days is unfamiliar.
    pub gap_days: i64,
    /// The first session back is flagged when longer than this...
    pub min_minutes: f64,
    /// ...or at least this intense.
    pub hard_rpe: f64,
}

impl Default for NewActivityConfig {
    fn default() -> Self {
        NewActivityConfig {
            gap_days: 28,
            min_minutes: 30.0,
            hard_rpe: 7.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrampLogConfig {
    /// Flags on the cramp's day and this many days before it are listed as possible triggers.
    pub trigger_days: i64,
    /// The window (days, including the cramp's day) in which repeated cramps count.
    pub window_days: i64,
    /// The cramp that makes this many within the window is a caution.
    pub repeat_count: usize,
}

impl Default for CrampLogConfig {
    fn default() -> Self {
        CrampLogConfig {
            trigger_days: 3,
            window_days: 30,
            repeat_count: 3,
        }
    }
}

/// What an athlete tolerates, and how much of it comes back after a break. Shared
/// by the planner and the weekly-ramp rule, so a plan meets its own check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnConfig {
    /// Tolerated weekly totals: the median over the non-empty weeks among this many
    /// ISO weeks up to the one holding the last session.
    pub tolerated_weeks: usize,
    /// A week more than this percent above the mean of the up-to-4 weeks before it
    /// is a spike week and left out of the tolerated totals.
    pub spike_pct: f64,
    /// Gaps (days since the last training day), ascending: a gap up to
    /// `up_to_days[i]` days brings back `share_pct[i]` percent of the tolerated totals.
    pub up_to_days: Vec<i64>,
    pub share_pct: Vec<f64>,
    /// The share after a longer gap, percent.
    pub longer_pct: f64,
    /// After more than this many days without training...
    pub easy_after_days: i64,
    /// ...no session at the hard RPE in this many first full weeks back.
    pub easy_weeks: usize,
}

impl Default for ReturnConfig {
    fn default() -> Self {
        ReturnConfig {
            tolerated_weeks: 6,
            spike_pct: 30.0,
            up_to_days: vec![7, 14, 28, 56, 112],
            share_pct: vec![100.0, 90.0, 70.0, 60.0, 45.0],
            longer_pct: 30.0,
            easy_after_days: 28,
            easy_weeks: 2,
        }
    }
}

impl ReturnConfig {
    /// The share (0-1) of the tolerated totals after `gap_days` days without training.
    pub fn factor(&self, gap_days: i64) -> f64 {
        self.up_to_days
            .iter()
            .zip(&self.share_pct)
            .find(|(up_to, _)| gap_days <= **up_to)
            .map_or(self.longer_pct, |(_, share)| *share)
            / 100.0
    }
}

/// Settings of `crampless plan`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanConfig {
    /// Start time of planned sessions in calendar exports, local `HH:MM`.
    pub session_time: String,
    /// A danger flag or a severe cramp this many days before as-of is an overload.
    pub overload_days: i64,
    /// After an overload, the first full week is at most this percent of the
    /// tolerated load and minutes.
    pub overload_pct: f64,
    /// An athlete whose history is shorter than this many weeks is a beginner.
    pub beginner_weeks: i64,
    /// The least any plan starts from: this many easy sessions a week...
    pub floor_sessions: usize,
    /// ...of this many minutes.
    pub floor_minutes: f64,
    /// At least this share of the planned endurance minutes is easy (RPE 4 or below:
    /// recovery, easy and long sessions), 0-1.
    pub easy_share: f64,
    /// A lifter's planned weekly tonnage grows this many percent a week.
    pub tonnage_pct: f64,
}

impl PlanConfig {
    /// `session_time` as a time of day.
    pub fn start_time(&self) -> crate::error::Result<chrono::NaiveTime> {
        chrono::NaiveTime::parse_from_str(&self.session_time, "%H:%M").map_err(|_| {
            crate::error::Error::Invalid(format!(
                "plan.session_time {:?} in the config is not a time; expected HH:MM, e.g. 18:00",
                self.session_time
            ))
        })
    }
}

impl Default for PlanConfig {
    fn default() -> Self {
        PlanConfig {
            session_time: "18:00".to_string(),
            overload_days: 28,
            overload_pct: 90.0,
            beginner_weeks: 4,
            floor_sessions: 3,
            floor_minutes: 20.0,
            easy_share: 0.8,
            tonnage_pct: 2.5,
        }
    }
}

/// A `crampless.toml` with every setting at its default, each explained in a
/// comment: what `crampless init` writes. It parses to `Config::default()`.
pub const COMMENTED_DEFAULTS: &str = include_str!("config/defaults.toml");

impl Config {
    /// Parse TOML text; `path` is used in messages.
    pub fn from_toml(path: &Path, text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: toml_message(text, &e),
        })?;
        // Parsing again as plain TOML cannot fail now; it gives the numbers with their keys.
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        non_finite_number(&table, "")
            .map_or_else(|| config.validate(), Err)
            .map_err(|message| Error::Config {
                path: path.to_path_buf(),
                message,
            })?;
        Ok(config)
    }

    /// Read a TOML config file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Config::from_toml(path, &text)
    }

    /// The maximum heart rate configured for `athlete`, if any.
    pub fn hr_max(&self, athlete: &str) -> Option<f64> {
        self.athletes.get(athlete).and_then(|a| a.hr_max).or(self.load.hr_max)
    }

    /// The default intensity of `sport` for sessions without RPE or heart rate.
    pub fn sport_intensity(&self, sport: &str) -> f64 {
        self.load
            .sport_intensity
            .get(sport)
            .copied()
            .unwrap_or(self.load.default_intensity)
    }

    fn validate(&self) -> std::result::Result<(), String> {
        let a = &self.acwr;
        if a.acute_days == 0 || a.chronic_days <= a.acute_days {
            return Err(format!(
                "acwr.acute_days ({}) must be at least 1 and less than acwr.chronic_days ({})",
                a.acute_days, a.chronic_days
            ));
        }
        if !(self.pmc.fitness_days >= 1.0 && self.pmc.fatigue_days >= 1.0) {
            return Err("pmc.fitness_days and pmc.fatigue_days must be at least 1".into());
        }
        let intensity_ok = |v: f64| (0.0..=10.0).contains(&v);
        if !intensity_ok(self.load.default_intensity) {
            return Err("load.default_intensity must be from 0 to 10".into());
        }
        if let Some((sport, v)) = self.load.sport_intensity.iter().find(|(_, v)| !intensity_ok(**v)) {
            return Err(format!("load.sport_intensity.{sport} = {v} must be from 0 to 10"));
        }
        let hr_ok = |v: Option<f64>| v.is_none_or(|v| (100.0..=250.0).contains(&v));
        if !hr_ok(self.load.hr_max) || !self.athletes.values().all(|a| hr_ok(a.hr_max)) {
            return Err("hr_max must be a heart rate from 100 to 250 bpm".into());
        }
        // Day counts are subtracted from dates: a negative or astronomical one would
        // run off the calendar.
        const MAX_DAYS: i64 = 3660;
        let days = [
            ("rules.session_spike.window_days", self.rules.session_spike.window_days),
            ("rules.new_activity.gap_days", self.rules.new_activity.gap_days),
            ("rules.cramp_log.trigger_days", self.rules.cramp_log.trigger_days),
            ("rules.cramp_log.window_days", self.rules.cramp_log.window_days),
            ("acwr.break_days", self.acwr.break_days),
            ("acwr.break_silence_days", self.acwr.break_silence_days),
            ("plan.overload_days", self.plan.overload_days),
            ("plan.beginner_weeks", self.plan.beginner_weeks),
            ("return.easy_after_days", self.return_.easy_after_days),
        ];
        if let Some((name, value)) = days.iter().find(|(_, v)| !(0..=MAX_DAYS).contains(v)) {
            return Err(format!(
                "{name} = {value} must be a number of days from 0 to {MAX_DAYS} (ten years)"
            ));
        }
        let r = &self.return_;
        if r.up_to_days.len() != r.share_pct.len()
            || r.up_to_days.windows(2).any(|w| w[0] >= w[1])
            || r.up_to_days.iter().any(|d| !(0..=MAX_DAYS).contains(d))
        {
            return Err(format!(
                "return.up_to_days must be ascending day counts from 0 to {MAX_DAYS}, one for each return.share_pct"
            ));
        }
        if !r
            .share_pct
            .iter()
            .chain([&r.longer_pct])
            .all(|p| *p > 0.0 && *p <= 100.0)
        {
            return Err("return.share_pct and return.longer_pct must be percentages above 0 and at most 100".into());
        }
        if !(1..=52).contains(&r.tolerated_weeks) || r.spike_pct <= 0.0 {
            return Err("return.tolerated_weeks must be from 1 to 52 and return.spike_pct above 0".into());
        }
        let p = &self.plan;
        if !(p.overload_pct > 0.0 && p.overload_pct <= 100.0) {
            return Err("plan.overload_pct must be above 0 and at most 100".into());
        }
        if !(1..=5).contains(&p.floor_sessions) || !(10.0..=120.0).contains(&p.floor_minutes) {
            return Err("plan.floor_sessions must be from 1 to 5 and plan.floor_minutes from 10 to 120".into());
        }
        if !(0.5..=1.0).contains(&p.easy_share) {
            return Err("plan.easy_share must be from 0.5 to 1 (the share of endurance minutes planned easy)".into());
        }
        if !(0.0..=10.0).contains(&p.tonnage_pct) {
            return Err("plan.tonnage_pct must be from 0 to 10 (percent a week)".into());
        }
        if self.rules.missing_rest.caution_days < 2 {
            return Err("rules.missing_rest.caution_days must be at least 2".into());
        }
        Ok(())
    }
}

/// The first setting that is `nan` or `inf` (TOML allows both), as a message. Every
/// number of the config ends up in a formula, and a NaN there would reach the output
/// (`check --format json` would write null for it).
fn non_finite_number(table: &toml::Table, prefix: &str) -> Option<String> {
    table.iter().find_map(|(key, value)| {
        let name = format!("{prefix}{key}");
        match value {
            toml::Value::Float(f) if !f.is_finite() => Some(format!("{name} = {f} is not a finite number")),
            toml::Value::Table(inner) => non_finite_number(inner, &format!("{name}.")),
            _ => None,
        }
    })
}

fn toml_message(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().to_string();
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_documented_in_methodology_are_the_real_ones() {
        let doc = include_str!("../docs/methodology.md");
        let block = doc
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a toml block in docs/methodology.md");
        assert_eq!(
            Config::from_toml(Path::new("methodology.md"), block).unwrap(),
            Config::default()
        );
    }

    /// TOML has `nan` and `inf`; either would carry a NaN into the JSON of `check`.
    #[test]
    fn nan_and_infinity_are_rejected_with_their_key() {
        for (text, message) in [
            (
                "[pmc]\nfitness_seed = nan\n",
                "c.toml: pmc.fitness_seed = NaN is not a finite number",
            ),
            ("[acwr]\nhigh = inf\n", "c.toml: acwr.high = inf is not a finite number"),
            (
                "[load.sport_intensity]\nrun = -inf\n",
                "c.toml: load.sport_intensity.run = -inf is not a finite number",
            ),
        ] {
            let e = Config::from_toml(Path::new("c.toml"), text).unwrap_err();
            assert_eq!(e.to_string(), message, "{text}");
        }
    }

    /// Found by fuzzing (config): `trigger_days = 622222222222222222` made the
    /// cramp-log rule subtract that many days from a date and panic.
    #[test]
    fn day_counts_must_fit_the_calendar() {
        for (text, message) in [
            (
                "[rules.cramp_log]\ntrigger_days = 622222222222222222\n",
                "c.toml: rules.cramp_log.trigger_days = 622222222222222222 must be a number of days from 0 to 3660 \
                 (ten years)",
            ),
            (
                "[rules.session_spike]\nwindow_days = -1\n",
                "c.toml: rules.session_spike.window_days = -1 must be a number of days from 0 to 3660 (ten years)",
            ),
        ] {
            let e = Config::from_toml(Path::new("c.toml"), text).unwrap_err();
            assert_eq!(e.to_string(), message, "{text}");
        }
    }

    #[test]
    fn commented_defaults_are_the_defaults_and_name_every_setting() {
        let parsed = Config::from_toml(Path::new("crampless.toml"), COMMENTED_DEFAULTS).unwrap();
        assert_eq!(parsed, Config::default());
        // (section, key) of every line `key = ...` or `# key = ...`, where the section
        // is the last `[a.b]` or `# [a.b]` header above it.
        let mut section = String::new();
        let mut written: Vec<(String, String)> = Vec::new();
        let mut sections: Vec<String> = Vec::new();
        for line in COMMENTED_DEFAULTS.lines() {
            let line = line.trim_start_matches('#').trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                sections.push(section.clone());
            } else if let Some((key, _)) = line.split_once(" = ")
                && !key.contains(' ')
            {
                written.push((section.clone(), key.to_string()));
            }
        }
        // Every setting of the defaults, by walking their serialised form; maps that
        // are empty by default (per-sport intensities, athletes) need their section,
        // and the athletes' section every per-athlete key.
        fn leaves(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>, maps: &mut Vec<String>) {
            let serde_json::Value::Object(fields) = value else {
                return;
            };
            if fields.is_empty() {
                maps.push(prefix.to_string());
            }
            for (key, value) in fields {
                if value.is_object() {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    leaves(&path, value, out, maps);
                } else {
                    out.push((prefix.to_string(), key.clone()));
                }
            }
        }
        let (mut expected, mut maps) = (Vec::new(), Vec::new());
        leaves(
            "",
            &serde_json::to_value(Config::default()).unwrap(),
            &mut expected,
            &mut maps,
        );
        let mut athlete = Vec::new();
        leaves(
            "athletes.ana",
            &serde_json::to_value(AthleteConfig::default()).unwrap(),
            &mut athlete,
            &mut maps,
        );
        expected.extend(athlete);
        assert!(expected.len() >= 39, "{expected:?}");
        for (section, key) in &expected {
            assert!(
                written.contains(&(section.clone(), key.clone())),
                "`{key}` of [{section}] is not in config/defaults.toml"
            );
        }
        for map in maps.iter().filter(|m| *m != "athletes.ana") {
            let header = if map == "athletes" {
                "athletes.ana"
            } else {
                map.as_str()
            };
            assert!(sections.iter().any(|s| s == header), "no [{header}] section");
        }
        for (section, key) in &written {
            assert!(
                expected.contains(&(section.clone(), key.clone())) || section == "load.sport_intensity",
                "unknown `{key}` in [{section}]"
            );
        }
    }

    #[test]
    fn empty_toml_is_the_defaults() {
        assert_eq!(Config::from_toml(Path::new("c.toml"), "").unwrap(), Config::default());
    }

    #[test]
    fn overrides_and_sport_intensities() {
        let c = Config::from_toml(
            Path::new("c.toml"),
            "[load]\nhr_max = 190\n[load.sport_intensity]\nwalk = 2\n[acwr]\nmethod = \"ewma\"\n[athletes.ana]\nhr_max = 180\n[rules.session_spike]\ncaution_pct = 15\n",
        )
        .unwrap();
        assert_eq!(c.acwr.method, AcwrMethod::Ewma);
        assert_eq!(c.sport_intensity("walk"), 2.0);
        assert_eq!(c.sport_intensity("run"), 5.0);
        assert_eq!(c.hr_max("ana"), Some(180.0));
        assert_eq!(c.hr_max("bo"), Some(190.0));
        assert_eq!(c.rules.session_spike.caution_pct, 15.0);
        assert_eq!(c.rules.session_spike.danger_pct, 30.0);
    }

    #[test]
    fn typos_are_errors_with_a_line() {
        let e = Config::from_toml(Path::new("c.toml"), "[rules]\n\n[rules.heat]\ncaution = 20\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("c.toml: line 4: unknown field `caution`"), "{e}");
    }

    #[test]
    fn impossible_values_are_errors() {
        let e = Config::from_toml(Path::new("c.toml"), "[acwr]\nacute_days = 30\n").unwrap_err();
        assert!(e.to_string().contains("acwr.acute_days"));
    }
}
