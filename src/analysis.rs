//! The whole `check` pipeline for a history: group sessions by athlete, build each
//! timeline, compute the daily series and weekly table, and run the rules.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::{History, Session};
use crate::load::IntensitySource;
use crate::rules::{self, Flag};
use crate::series::{self, DayMetrics};
use crate::timeline::Timeline;
use crate::weekly::{self, Week};

/// What to analyse.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The day the squad is assessed on; default: the last session date in the file.
    pub as_of: Option<NaiveDate>,
    /// Only this athlete; default: every athlete.
    pub athlete: Option<String>,
}

/// The analysis of a whole history.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    #[serde(skip)]
    pub as_of: NaiveDate,
    pub athletes: Vec<AthleteReport>,
}

/// One athlete's analysis, as `check --format json` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct AthleteReport {
    pub athlete: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Sessions on the timeline (not serialised: the JSON shape is fixed).
    #[serde(skip)]
    pub sessions: usize,
    /// Sessions without an RPE, whose intensity was estimated.
    pub estimated_intensity_sessions: usize,
    pub days: Vec<DayMetrics>,
    pub weeks: Vec<Week>,
    pub flags: Vec<Flag>,
}

impl AthleteReport {
    /// The worst flag's severity, if any flag.
    pub fn worst(&self) -> Option<rules::Severity> {
        self.flags.iter().map(|f| f.severity).max()
    }
}

/// Analyse every athlete (or the one asked for) in `history`.
pub fn analyze(history: &History, config: &Config, options: &AnalysisOptions) -> Result<Analysis> {
    let mut by_athlete: HashMap<&str, Vec<&Session>> = HashMap::new();
    for s in &history.sessions {
        by_athlete.entry(s.athlete.as_str()).or_default().push(s);
    }
    let mut names: Vec<&str> = by_athlete.keys().copied().collect();
    names.sort_unstable();
    if let Some(wanted) = &options.athlete
        && !by_athlete.contains_key(wanted.as_str())
    {
        return Err(Error::Invalid(format!(
            "no athlete {wanted:?} in the history; athletes: {}",
            names.join(", ")
        )));
    }
    let as_of = match options.as_of {
        Some(d) => d,
        None => history
            .sessions
            .iter()
            .map(|s| s.date)
            .max()
            .ok_or_else(|| Error::Invalid("the history has no sessions".into()))?,
    };
    let athletes: Vec<AthleteReport> = names
        .iter()
        .filter(|n| options.athlete.as_deref().is_none_or(|w| w == **n))
        .filter_map(|name| analyze_athlete(name, &by_athlete[name], as_of, config))
        .collect();
    if athletes.is_empty() {
        return Err(Error::Invalid(format!(
            "no session on or before the as-of date {as_of}; choose a later --as-of"
        )));
    }
    Ok(Analysis { as_of, athletes })
}

/// Analyse one athlete's sessions up to `as_of`. `None` when no session is on or
/// before `as_of`.
pub fn analyze_athlete(
    athlete: &str,
    sessions: &[&Session],
    as_of: NaiveDate,
    config: &Config,
) -> Option<AthleteReport> {
    let timeline = Timeline::build(athlete, sessions.iter().copied(), as_of, config)?;
    let days = series::daily(&timeline, &config.acwr, &config.pmc);
    let weeks = weekly::table(&timeline);
    let flags = rules::evaluate(&rules::Context {
        athlete,
        timeline: &timeline,
        days: &days,
        weeks: &weeks,
        config,
    });
    Some(AthleteReport {
        athlete: athlete.to_string(),
        from: timeline.start(),
        to: timeline.end(),
        sessions: timeline.sessions.len(),
        estimated_intensity_sessions: timeline
            .sessions
            .iter()
            .filter(|s| s.intensity.source != IntensitySource::Rpe)
            .count(),
        days,
        weeks,
        flags,
    })
}
