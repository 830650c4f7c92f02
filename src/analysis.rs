//! The whole `check` pipeline for a history: group sessions by athlete, build each
//! timeline, compute the daily series and weekly table, and run the rules.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::stream::Group;
use crate::history::{AthleteRows, History, Indexed, Session};
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
    /// How many days up to `as_of` count as recent (`--recent`): flags dated in
    /// them are marked `recent`. `None`: the whole history is recent, so library
    /// callers that never ask see every flag as before.
    pub recent_days: Option<u32>,
}

impl AnalysisOptions {
    /// Whether the athlete `name`, whose first session is on `first`, is
    /// analysed as of `as_of`: the one asked for (or any), with a session by then.
    fn chooses(&self, name: &str, first: NaiveDate, as_of: NaiveDate) -> bool {
        self.athlete.as_deref().is_none_or(|wanted| name == wanted) && first <= as_of
    }
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
    /// The day the athlete is assessed on (the same as `to`).
    pub as_of: NaiveDate,
    /// The athlete's last session on or before `as_of`.
    pub last_session: NaiveDate,
    /// Days from `last_session` to `as_of` (0: trained that day).
    pub days_since_last_session: i64,
    /// Sessions on the timeline (not serialised: the JSON shape is fixed).
    #[serde(skip)]
    pub sessions: usize,
    /// Sessions without an RPE, whose intensity was estimated.
    pub estimated_intensity_sessions: usize,
    pub days: Vec<DayMetrics>,
    pub weeks: Vec<Week>,
    pub flags: Vec<Flag>,
    /// The recent window the flags were marked with (see
    /// [`AnalysisOptions::recent_days`]); not serialised: each flag says `recent`.
    #[serde(skip)]
    pub recent_days: Option<u32>,
}

impl AthleteReport {
    /// The worst flag's severity, if any flag.
    pub fn worst(&self) -> Option<rules::Severity> {
        self.flags.iter().map(|f| f.severity).max()
    }

    /// The worst recent flag's severity, if any: what `--fail-on` and the report's
    /// banner look at.
    pub fn worst_recent(&self) -> Option<rules::Severity> {
        self.recent_flags().map(|f| f.severity).max()
    }

    /// The recent flags, worst first.
    pub fn recent_flags(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| f.recent)
    }

    /// The flags before the recent window, worst first.
    pub fn earlier_flags(&self) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(|f| !f.recent)
    }

    /// `Some((days on the timeline, fitness_days))` while the athlete's history is
    /// shorter than the fitness time constant: fitness starts at 0, so form reads
    /// "tired" for anyone who just started and is not worth putting into words yet.
    pub fn fitness_settling(&self, pmc: &crate::config::PmcConfig) -> Option<(usize, usize)> {
        let needed = pmc.fitness_days.ceil() as usize;
        let days = self.days.len();
        (days < needed).then_some((days, needed))
    }
}

/// The first day of the recent window of `days` days up to `as_of`; `None` for the
/// whole history.
pub fn recent_from(as_of: NaiveDate, days: Option<u32>) -> Option<NaiveDate> {
    days.map(|d| as_of - chrono::Days::new(u64::from(d.max(1)) - 1))
}

/// The athletes of a history, grouped and ready to be analysed one at a time, so a
/// club's reports never need to be in memory together.
#[derive(Debug)]
pub struct Squad<'h> {
    /// The day the squad is assessed on.
    pub as_of: NaiveDate,
    /// The athletes in name order; only those with a session on or before `as_of`.
    source: Source<'h>,
    /// Whether flags carry their evidence (see [`Squad::without_evidence`]).
    with_evidence: bool,
    /// See [`AnalysisOptions::recent_days`].
    recent_days: Option<u32>,
}

/// Where a squad's sessions come from.
#[derive(Debug)]
enum Source<'h> {
    /// A history in memory: (athlete, sessions).
    Sessions(Vec<(&'h str, Vec<&'h Session>)>),
    /// A history indexed by athlete: each athlete's sessions are read when their
    /// batch is analysed, and dropped after.
    Indexed(&'h Indexed, Vec<&'h AthleteRows>),
}

/// How many athletes are analysed per batch (and held in memory at once).
const BATCH_PER_THREAD: usize = 16;

impl<'h> Squad<'h> {
    /// Group `history` by athlete and settle the as-of date.
    pub fn new(history: &'h History, options: &AnalysisOptions) -> Result<Squad<'h>> {
        let mut by_athlete: FxHashMap<&str, Vec<&Session>> = FxHashMap::default();
        for s in &history.sessions {
            by_athlete.entry(s.athlete.as_str()).or_default().push(s);
        }
        if let Some(wanted) = &options.athlete
            && !by_athlete.contains_key(wanted.as_str())
        {
            let mut names: Vec<&str> = by_athlete.keys().copied().collect();
            names.sort_unstable();
            return Err(Error::Invalid(format!(
                "no athlete {wanted:?} in the history; athletes: {}",
                names.join(", ")
            )));
        }
        let as_of = match options.as_of.or_else(|| history.last_date()) {
            Some(d) => d,
            None => return Err(Error::Invalid("the history has no sessions".into())),
        };
        let mut groups: Vec<(&str, Vec<&Session>)> = by_athlete
            .into_iter()
            .filter(|(name, _)| options.athlete.as_deref().is_none_or(|w| w == *name))
            .filter(|(_, sessions)| sessions.iter().any(|s| s.date <= as_of))
            .collect();
        if groups.is_empty() {
            return Err(Error::Invalid(format!(
                "no session on or before the as-of date {as_of}; choose a later --as-of"
            )));
        }
        groups.sort_unstable_by_key(|(name, _)| *name);
        Ok(Squad {
            as_of,
            source: Source::Sessions(groups),
            with_evidence: true,
            recent_days: options.recent_days,
        })
    }

    /// The squad of an indexed history: the same athletes, as-of date and errors
    /// as [`Squad::new`] on the whole file, with only a batch of athletes'
    /// sessions in memory at once.
    pub fn from_index(index: &'h Indexed, options: &AnalysisOptions) -> Result<Squad<'h>> {
        let athletes = index.athletes();
        if let Some(wanted) = &options.athlete
            && !athletes.iter().any(|a| a.name == *wanted)
        {
            let names: Vec<&str> = athletes.iter().map(|a| a.name.as_str()).collect();
            return Err(Error::Invalid(format!(
                "no athlete {wanted:?} in the history; athletes: {}",
                names.join(", ")
            )));
        }
        let as_of = match options.as_of.or_else(|| index.span().map(|(_, last)| last)) {
            Some(d) => d,
            None => return Err(Error::Invalid("the history has no sessions".into())),
        };
        let chosen: Vec<&AthleteRows> = athletes
            .iter()
            .filter(|a| options.chooses(&a.name, a.first, as_of))
            .collect();
        if chosen.is_empty() {
            return Err(Error::Invalid(format!(
                "no session on or before the as-of date {as_of}; choose a later --as-of"
            )));
        }
        Ok(Squad {
            as_of,
            source: Source::Indexed(index, chosen),
            with_evidence: true,
            recent_days: options.recent_days,
        })
    }

    /// Leave out each flag's `evidence` (null), for reports that never show it:
    /// building it is a good part of the cost on a club's history.
    pub fn without_evidence(mut self) -> Self {
        self.with_evidence = false;
        self
    }

    fn assessment(&self) -> Assessment {
        Assessment {
            as_of: self.as_of,
            with_evidence: self.with_evidence,
            recent_days: self.recent_days,
        }
    }

    /// The athletes, in the order their reports come.
    pub fn athletes(&self) -> Box<dyn Iterator<Item = &'h str> + '_> {
        match &self.source {
            Source::Sessions(groups) => Box::new(groups.iter().map(|(name, _)| *name)),
            Source::Indexed(_, athletes) => Box::new(athletes.iter().map(|a| a.name.as_str())),
        }
    }

    /// Analyse each athlete in name order and hand each report to `each`. Batches of
    /// athletes are analysed on all cores; only one batch of reports (and, for an
    /// indexed history, of sessions) is in memory.
    pub fn for_each_report<E: From<Error>>(
        &self,
        config: &Config,
        each: impl FnMut(AthleteReport) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_made(config, |report| report, each)
    }

    /// [`Squad::for_each_report`], with `make` turning each report into what `each`
    /// takes (its text, say) on the cores that analysed it.
    pub fn for_each_made<T: Send, E: From<Error>>(
        &self,
        config: &Config,
        make: impl Fn(AthleteReport) -> T + Sync,
        each: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let assessment = self.assessment();
        let report = |name: &str, sessions: &[&Session]| assessment.report(name, sessions, config).map(&make);
        match &self.source {
            Source::Sessions(groups) => in_batches(groups, |(name, sessions)| Ok(report(name, sessions)), each),
            Source::Indexed(index, athletes) => in_batches(
                athletes,
                |athlete| {
                    let sessions = index.sessions(athlete)?;
                    let refs: Vec<&Session> = sessions.iter().collect();
                    Ok(report(&athlete.name, &refs))
                },
                each,
            ),
        }
    }
}

/// `made` of every item on all cores, a batch at a time (so only a batch of
/// reports, and of sessions read for them, is in memory at once), each result
/// handed to `each` in item order; `None`s (no session by the as-of date) are
/// passed over. The first error in item order ends it.
fn in_batches<I: Sync, T: Send, E: From<Error>>(
    items: &[I],
    made: impl Fn(&I) -> Result<Option<T>> + Sync,
    mut each: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    for part in items.chunks(BATCH_PER_THREAD * crate::parallel::threads()) {
        for result in crate::parallel::map(part, &made) {
            if let Some(made) = result? {
                each(made)?;
            }
        }
    }
    Ok(())
}

/// How each athlete of a squad is assessed.
#[derive(Debug, Clone, Copy)]
struct Assessment {
    as_of: NaiveDate,
    with_evidence: bool,
    recent_days: Option<u32>,
}

impl Assessment {
    fn report(&self, name: &str, sessions: &[&Session], config: &Config) -> Option<AthleteReport> {
        analyze_athlete_with(name, sessions, self.as_of, config, self.with_evidence)
            .map(|report| report.with_recent(self.recent_days))
    }
}

/// A squad read as it goes ([`crate::history::stream`]): the athletes of each batch
/// the stream hands over are analysed as [`Squad`] analyses its own, a batch of
/// them at a time on all cores, so what is in memory does not grow with the
/// stream's batches.
#[derive(Debug)]
pub struct StreamedSquad<'o> {
    options: &'o AnalysisOptions,
    assessment: Assessment,
}

impl<'o> StreamedSquad<'o> {
    /// The squad `options` asks for; `None` without an as-of date (a stream cannot
    /// wait for the file's last session date). The athletes it does not ask for,
    /// or with no session by the as-of date, are passed over: if none is left, the
    /// usual read ([`Squad::from_index`]) says so.
    pub fn new(options: &'o AnalysisOptions) -> Option<StreamedSquad<'o>> {
        Some(StreamedSquad {
            options,
            assessment: Assessment {
                as_of: options.as_of?,
                with_evidence: true,
                recent_days: options.recent_days,
            },
        })
    }

    /// See [`Squad::without_evidence`].
    pub fn without_evidence(mut self) -> Self {
        self.assessment.with_evidence = false;
        self
    }

    /// The day the squad is assessed on.
    pub fn as_of(&self) -> NaiveDate {
        self.assessment.as_of
    }

    /// [`Squad::for_each_made`] for the athletes of `groups` (one batch from the
    /// stream, in name order).
    pub fn for_each_made<T: Send, E: From<Error>>(
        &self,
        groups: &[Group],
        config: &Config,
        make: impl Fn(AthleteReport) -> T + Sync,
        each: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let as_of = self.as_of();
        let chosen: Vec<&Group> = groups
            .iter()
            .filter(|g| self.options.chooses(&g.name, g.first, as_of))
            .collect();
        let report = |group: &&Group| {
            let sessions: Vec<&Session> = group.sessions.iter().collect();
            Ok(self.assessment.report(&group.name, &sessions, config).map(&make))
        };
        in_batches(&chosen, report, each)
    }
}

/// Analyse every athlete (or the one asked for) in `history`, all reports at once.
/// For a large squad prefer [`Squad::for_each_report`].
pub fn analyze(history: &History, config: &Config, options: &AnalysisOptions) -> Result<Analysis> {
    let squad = Squad::new(history, options)?;
    let mut athletes = Vec::new();
    squad.for_each_report(config, |report| {
        athletes.push(report);
        Ok::<(), Error>(())
    })?;
    Ok(Analysis {
        as_of: squad.as_of,
        athletes,
    })
}

impl AthleteReport {
    /// Mark each flag `recent` when it reaches into the `days` days up to the as-of
    /// date (its `until` is in them), every flag when `None`: an ACWR episode that
    /// started three weeks ago and is still going on is now.
    pub fn with_recent(mut self, days: Option<u32>) -> AthleteReport {
        let from = recent_from(self.as_of, days);
        for f in &mut self.flags {
            f.recent = from.is_none_or(|from| f.until >= from);
        }
        self.recent_days = days;
        self
    }
}

/// Analyse one athlete's sessions up to `as_of`. `None` when no session is on or
/// before `as_of`. Every flag is recent (see [`AthleteReport::with_recent`]).
pub fn analyze_athlete(
    athlete: &str,
    sessions: &[&Session],
    as_of: NaiveDate,
    config: &Config,
) -> Option<AthleteReport> {
    analyze_athlete_with(athlete, sessions, as_of, config, true)
}

fn analyze_athlete_with(
    athlete: &str,
    sessions: &[&Session],
    as_of: NaiveDate,
    config: &Config,
    with_evidence: bool,
) -> Option<AthleteReport> {
    let timeline = Timeline::build(athlete, sessions.iter().copied(), as_of, config)?;
    let days = series::daily(&timeline, &config.acwr, &config.pmc);
    let weeks = weekly::table(&timeline);
    let flags = rules::evaluate(&rules::Context {
        athlete: athlete.into(),
        timeline: &timeline,
        days: &days,
        weeks: &weeks,
        config,
        with_evidence,
    });
    let last_session = timeline.sessions.last().map_or(timeline.start(), |s| s.session.date);
    Some(AthleteReport {
        athlete: athlete.to_string(),
        from: timeline.start(),
        to: timeline.end(),
        as_of: timeline.end(),
        last_session,
        days_since_last_session: (timeline.end() - last_session).num_days(),
        sessions: timeline.sessions.len(),
        estimated_intensity_sessions: timeline
            .sessions
            .iter()
            .filter(|s| s.intensity.source != IntensitySource::Rpe)
            .count(),
        days,
        weeks,
        flags,
        recent_days: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rule, Severity};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, d).unwrap()
    }

    /// A danger session spike on 2026-06-02, analysed as of 2026-06-30.
    fn spiky() -> History {
        let mut a = Session::new("me", day(1), "run", 30.0);
        a.rpe = Some(5.0);
        let mut b = Session::new("me", day(2), "run", 40.0);
        b.rpe = Some(5.0);
        History {
            sessions: vec![a, b],
            warnings: vec![],
        }
    }

    fn spike_of(history: &History, recent_days: Option<u32>) -> (bool, Option<Severity>) {
        let options = AnalysisOptions {
            as_of: Some(day(30)),
            recent_days,
            ..AnalysisOptions::default()
        };
        let analysis = analyze(history, &Config::default(), &options).unwrap();
        let report = &analysis.athletes[0];
        let spike = report.flags.iter().find(|f| f.rule == Rule::SessionSpike).unwrap();
        assert_eq!(spike.severity, Severity::Danger);
        assert_eq!(report.recent_days, recent_days);
        (spike.recent, report.worst_recent())
    }

    #[test]
    fn flags_in_the_days_up_to_as_of_are_recent() {
        let h = spiky();
        // 2026-06-02 is the 29th day up to 2026-06-30.
        assert!(spike_of(&h, Some(29)).0);
        assert_eq!(spike_of(&h, Some(29)).1, Some(Severity::Danger));
        assert!(!spike_of(&h, Some(28)).0);
        assert_ne!(spike_of(&h, Some(28)).1, Some(Severity::Danger));
        // Library callers that never choose a window see every flag as recent.
        assert_eq!(spike_of(&h, None), (true, Some(Severity::Danger)));
        assert_eq!(recent_from(day(30), Some(14)), Some(day(17)));
        assert_eq!(recent_from(day(30), None), None);
    }

    #[test]
    fn fitness_settles_for_the_first_fitness_days() {
        let h = spiky();
        let config = Config::default();
        let refs: Vec<&Session> = h.sessions.iter().collect();
        let report =
            |to: u32| analyze_athlete("me", &refs, NaiveDate::from_ymd_opt(2026, 7, to).unwrap(), &config).unwrap();
        // 2026-06-01 to 2026-07-11 is 41 days; to 2026-07-12, 42: settled.
        assert_eq!(report(11).fitness_settling(&config.pmc), Some((41, 42)));
        assert_eq!(report(12).fitness_settling(&config.pmc), None);
    }

    mod indexed {
        use super::*;
        use crate::history::{Indexed, ReadOptions};
        use proptest::prelude::*;

        /// A squad's rows in any order: (athlete, day, minutes, RPE or none).
        fn rows() -> impl Strategy<Value = Vec<(u8, u16, u16, Option<u8>)>> {
            prop::collection::vec((0u8..6, 0u16..200, 10u16..150, prop::option::of(1u8..=10)), 1..300)
        }

        fn csv(rows: &[(u8, u16, u16, Option<u8>)]) -> String {
            let mut text = String::from("athlete,date,sport,duration_min,rpe\n");
            for (athlete, day, minutes, rpe) in rows {
                let date = day_of(*day);
                let rpe = rpe.map_or(String::new(), |r| r.to_string());
                text.push_str(&format!("a{athlete},{date},run,{minutes},{rpe}\n"));
            }
            text
        }

        fn day_of(offset: u16) -> NaiveDate {
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(offset))
        }

        fn reports(squad: &Squad, config: &Config) -> Vec<AthleteReport> {
            let mut all = Vec::new();
            squad
                .for_each_report(config, |r| {
                    all.push(r);
                    Ok::<(), Error>(())
                })
                .unwrap();
            all
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 48 } else { 128 }))]
            /// A squad read athlete by athlete from the index is analysed exactly as
            /// the whole history in memory is: the same athletes, days, weeks and
            /// flags, whatever the order of the rows, the as-of date or the athlete
            /// asked for.
            #[test]
            fn an_indexed_history_analyses_exactly_as_the_whole_one(
                rows in rows(),
                as_of in prop::option::of(0u16..260),
                athlete in prop::option::of(0u8..7),
            ) {
                let text = csv(&rows);
                let read = ReadOptions { latest_date: day_of(400), keep_text: false };
                let whole = crate::history::parse(std::path::Path::new("h.csv"), text.as_bytes(), read).unwrap();
                let index = Indexed::new(std::path::Path::new("h.csv"), text.into_bytes(), read, None).unwrap();
                let options = AnalysisOptions {
                    as_of: as_of.map(day_of),
                    athlete: athlete.map(|a| format!("a{a}")),
                    recent_days: Some(14),
                };
                let config = Config::default();
                match (Squad::new(&whole, &options), Squad::from_index(&index, &options)) {
                    (Ok(a), Ok(b)) => {
                        prop_assert_eq!(a.as_of, b.as_of);
                        prop_assert_eq!(a.athletes().collect::<Vec<_>>(), b.athletes().collect::<Vec<_>>());
                        let (a, b) = (reports(&a, &config), reports(&b, &config));
                        prop_assert_eq!(a.len(), b.len());
                        for (x, y) in a.iter().zip(&b) {
                            prop_assert_eq!(serde_json::to_string(x).unwrap(), serde_json::to_string(y).unwrap());
                            prop_assert_eq!(x.sessions, y.sessions);
                        }
                    }
                    (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => prop_assert!(false, "{:?} vs {:?}", a.map(|s| s.as_of), b.map(|s| s.as_of)),
                }
            }

            /// A squad streamed athlete by athlete from a file grouped in name order
            /// (as `import` writes it) gets exactly the reports of the whole history
            /// in memory, however the athletes fall into batches.
            #[test]
            fn a_streamed_history_analyses_exactly_as_the_whole_one(
                rows in rows(),
                as_of in 0u16..260,
                athlete in prop::option::of(0u8..7),
                first in 1usize..400,
            ) {
                let mut rows = rows;
                rows.sort_by_key(|r| r.0);
                let text = csv(&rows);
                let read = ReadOptions { latest_date: day_of(400), keep_text: false };
                let whole = crate::history::parse(std::path::Path::new("h.csv"), text.as_bytes(), read).unwrap();
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("h.csv");
                std::fs::write(&path, &text).unwrap();
                let options = AnalysisOptions {
                    as_of: Some(day_of(as_of)),
                    athlete: athlete.map(|a| format!("a{a}")),
                    recent_days: Some(14),
                };
                let config = Config::default();
                let mut streamed = Vec::new();
                let blocks = (first, 4 * first);
                let squad = StreamedSquad::new(&options).unwrap();
                let outcome = crate::history::stream::by_athlete_in_blocks(&path, read, None, blocks, |groups, _| {
                    squad.for_each_made(&groups, &config, |r| r, |r| {
                        streamed.push(r);
                        Ok::<(), Error>(())
                    })
                })
                .unwrap();
                prop_assert!(matches!(outcome, crate::history::stream::Outcome::Streamed(_)), "{:?}", outcome);
                match Squad::new(&whole, &options) {
                    Ok(squad) => {
                        let expected = reports(&squad, &config);
                        prop_assert_eq!(streamed.len(), expected.len());
                        for (x, y) in streamed.iter().zip(&expected) {
                            prop_assert_eq!(serde_json::to_string(x).unwrap(), serde_json::to_string(y).unwrap());
                            prop_assert_eq!(x.sessions, y.sessions);
                        }
                    }
                    // No athlete asked for, or none with a session by then: nothing.
                    Err(_) => prop_assert!(streamed.is_empty()),
                }
            }
        }
    }
}
