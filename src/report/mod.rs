//! `crampless report`: one self-contained HTML page per history. For each athlete:
//! a summary, the flags worst first with their advice, logged cramps, the weekly
//! table, the load, weekly and form charts (inline SVG), and the plan for the next
//! weeks with every session's warm-up, cool-down and hydration, ending with the
//! stop-if-it-hurts and see-a-doctor advice. A squad's page starts with an index of
//! the athletes, worst flag first, linking to each athlete's section.
//!
//! The page needs nothing else: the CSS is inline, the charts are inline SVG, there
//! is no script, and a Content-Security-Policy forbids loading anything. It reads
//! on a phone (the layout reflows and wide tables scroll), prints (print styles,
//! one athlete per page), and is accessible (one `h1`, headings in order, `lang`,
//! labelled charts, contrast above 4.5:1, severity in words as well as colours).
//! All user text is escaped. The same input gives the same bytes.

mod athlete;
mod html;
mod svg;

use std::io::{self, Write};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::analysis::{AnalysisOptions, AthleteReport, Squad};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::{Cramp, History, Session};
use crate::plan::{Plan, PlanOptions};
use crate::render::fmt_opt;
use crate::rules::Severity;
use html::{anchor, badge, date, esc, heading, put};

/// The page's style sheet, inlined in every report.
const STYLE: &str = include_str!("style.css");

/// How many sections each thread makes per batch (and so how many are in memory
/// beyond the finished ones).
const SECTIONS_PER_THREAD: usize = 4;

/// The most weeks a report plans.
pub const MAX_WEEKS: usize = 52;

/// The default recent window of a report, in days (as `--recent`).
pub const DEFAULT_RECENT_DAYS: u32 = 14;

/// What to report on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// Every athlete's plan is made with these options (the weeks, the pattern, a
    /// race...), as `plan` makes it; only its athlete and as-of date are each
    /// athlete's and the report's, and a body mass left out is each athlete's from
    /// the config.
    pub plan: PlanOptions,
    /// The day the history is assessed on; default: its last session date.
    pub as_of: Option<NaiveDate>,
    /// Only this athlete; default: every athlete.
    pub athlete: Option<String>,
    /// Days up to the as-of date whose flags are "now" (banner, index order, the
    /// list's first part); `None`: the whole history.
    pub recent_days: Option<u32>,
    /// The history's file name, for the page's footer.
    pub source: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            plan: PlanOptions::default(),
            as_of: None,
            athlete: None,
            recent_days: Some(DEFAULT_RECENT_DAYS),
            source: None,
        }
    }
}

/// What a written report holds, for a summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportSummary {
    pub athletes: usize,
    pub flags: usize,
    pub danger: usize,
    pub caution: usize,
    pub info: usize,
    /// Sessions planned over all athletes.
    pub planned_sessions: usize,
    /// Athletes for whom no plan could be made (the page says why).
    pub without_plan: usize,
}

/// A report ready to be written: the history grouped by athlete, the as-of date
/// settled, and the options checked.
#[derive(Debug)]
pub struct Report<'h> {
    squad: Squad<'h>,
    /// Each athlete's sessions (indices into the history), to plan from.
    sessions_of: FxHashMap<&'h str, Vec<usize>>,
    history: &'h History,
    options: ReportOptions,
}

impl<'h> Report<'h> {
    /// Check the options against `history`: the athlete exists (else the error lists
    /// the athletes), some session is on or before the as-of date, and the weeks
    /// are from 1 to [`MAX_WEEKS`].
    pub fn new(history: &'h History, options: ReportOptions) -> Result<Report<'h>> {
        if !(1..=MAX_WEEKS).contains(&options.plan.weeks) {
            return Err(Error::Invalid(format!(
                "--weeks {} is not possible; plan from 1 to {MAX_WEEKS} weeks",
                options.plan.weeks
            )));
        }
        // The page never shows a flag's evidence: leave it out.
        let squad = Squad::new(
            history,
            &AnalysisOptions {
                as_of: options.as_of,
                athlete: options.athlete.clone(),
                recent_days: options.recent_days,
            },
        )?
        .without_evidence();
        let mut sessions_of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, s) in history.sessions.iter().enumerate() {
            sessions_of.entry(s.athlete.as_str()).or_default().push(i);
        }
        Ok(Report {
            squad,
            sessions_of,
            history,
            options,
        })
    }

    /// How many athletes the report covers.
    pub fn athletes(&self) -> usize {
        self.squad.athletes().count()
    }

    /// The day the history is assessed on.
    pub fn as_of(&self) -> NaiveDate {
        self.squad.as_of
    }

    /// Write the page to `out`. `progress` is called after each athlete with the
    /// number done so far.
    pub fn write_html(
        &self,
        out: &mut dyn Write,
        config: &Config,
        progress: &mut dyn FnMut(usize),
    ) -> io::Result<ReportSummary> {
        let athletes = self.athletes();
        let in_squad = athletes > 1;
        let mut entries: Vec<IndexEntry> = Vec::with_capacity(athletes);
        let mut summary = ReportSummary::default();
        // Reports come one at a time; their sections (plan, charts, HTML) are the
        // slow part, so they are made in batches on all cores.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut pending: Vec<AthleteReport> = Vec::new();
        let mut flush = |pending: &mut Vec<AthleteReport>, entries: &mut Vec<IndexEntry>| {
            let first = entries.len();
            let made = self.sections(std::mem::take(pending), first, config, in_squad, threads);
            for (report, entry, planned) in made {
                summary.add(&report, planned);
                entries.push(entry);
                progress(entries.len());
            }
        };
        self.squad.for_each_report(config, |report| {
            pending.push(report);
            if pending.len() >= SECTIONS_PER_THREAD * threads {
                flush(&mut pending, &mut entries);
            }
            Ok::<(), io::Error>(())
        })?;
        flush(&mut pending, &mut entries);
        // Worst first, so a coach sees who needs attention; then by name.
        entries.sort_by(|a, b| b.rank.cmp(&a.rank).then_with(|| a.name.cmp(&b.name)));

        self.head(out, &entries)?;
        if in_squad {
            index(out, &entries, self.squad.as_of, self.options.recent_days)?;
        }
        for entry in &entries {
            out.write_all(entry.html.as_bytes())?;
        }
        self.foot(out)?;
        Ok(summary)
    }

    /// The sections of `reports` (the athletes numbered from `first`), made on up to
    /// `threads` threads, in order, each with its planned session count (`None`
    /// without a plan).
    fn sections(
        &self,
        reports: Vec<AthleteReport>,
        first: usize,
        config: &Config,
        in_squad: bool,
        threads: usize,
    ) -> Vec<(AthleteReport, IndexEntry, Option<usize>)> {
        let make = |(i, report): (usize, AthleteReport)| {
            let anchor = anchor(first + i, &report.athlete);
            let (plan, cramps) = self.plan_and_cramps(&report, config);
            let html = athlete::Section {
                report: &report,
                plan: plan.as_ref().map_err(|e| e.to_string()),
                cramps: &cramps,
                config,
                anchor: &anchor,
                level: if in_squad { 3 } else { 2 },
                in_squad,
            }
            .html();
            let entry = IndexEntry::new(&report, anchor, html);
            let planned = plan.ok().map(|p| p.sessions().count());
            (report, entry, planned)
        };
        if threads < 2 || reports.len() < 2 {
            return reports.into_iter().enumerate().map(make).collect();
        }
        let part = reports.len().div_ceil(threads);
        let mut numbered: Vec<(usize, AthleteReport)> = reports.into_iter().enumerate().collect();
        let mut chunks = Vec::new();
        while !numbered.is_empty() {
            let rest = numbered.split_off(numbered.len().min(part));
            chunks.push(std::mem::replace(&mut numbered, rest));
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|chunk| scope.spawn(|| chunk.into_iter().map(make).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("making a section does not panic"))
                .collect()
        })
    }

    /// The athlete's plan (or why there is none) and logged cramps.
    fn plan_and_cramps(&self, report: &AthleteReport, config: &Config) -> (Result<Plan>, Vec<&'h Session>) {
        let indices = self
            .sessions_of
            .get(report.athlete.as_str())
            .map_or(&[][..], Vec::as_slice);
        let sessions: Vec<&Session> = indices.iter().map(|&i| &self.history.sessions[i]).collect();
        let cramps: Vec<&Session> = sessions
            .iter()
            .copied()
            .filter(|s| s.cramp != Cramp::None && s.date <= self.squad.as_of)
            .collect();
        // Plan from this athlete's sessions only: the planner then never scans a
        // club's whole history once per athlete.
        let own = History {
            sessions: sessions.into_iter().cloned().collect(),
            warnings: Vec::new(),
        };
        let template = &self.options.plan;
        let options = PlanOptions {
            as_of: Some(self.squad.as_of),
            athlete: Some(report.athlete.clone()),
            body_mass_kg: template
                .body_mass_kg
                .or_else(|| config.athletes.get(&report.athlete).and_then(|a| a.body_mass_kg)),
            ..template.clone()
        };
        let mut cramps = cramps;
        cramps.sort_by_key(|s| s.date);
        (crate::plan::build(&own, config, &options), cramps)
    }

    fn head(&self, out: &mut dyn Write, entries: &[IndexEntry]) -> io::Result<()> {
        let as_of = self.squad.as_of;
        let (title, h1) = match entries {
            [only] => (
                format!("crampless report: {} as of {as_of}", only.name),
                format!("Training report: {}", esc(&only.name)),
            ),
            _ => (
                format!("crampless report: {} athletes as of {as_of}", entries.len()),
                format!("Training report: {} athletes", entries.len()),
            ),
        };
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"generator\" content=\"crampless {}\">\n<meta name=\"color-scheme\" content=\"light\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"page-header\">\n<div class=\"wrap\">\n<p class=\"brand\">crampless</p>\n{}<p class=\"meta\">As of {}. Plan: the next {}.</p>\n</div>\n</header>\n<main class=\"wrap\">\n",
            env!("CARGO_PKG_VERSION"),
            esc(&title),
            heading(1, None, &h1),
            date(as_of),
            html::count(self.options.plan.weeks, "week"),
        )
    }

    fn foot(&self, out: &mut dyn Write) -> io::Result<()> {
        let source = self
            .options
            .source
            .as_deref()
            .map(|s| format!(" from {}", esc(s)))
            .unwrap_or_default();
        write!(
            out,
            "</main>\n<footer class=\"page-footer\">\n<div class=\"wrap\">\n<p>Made by crampless {}{source}, as of {}. Training-load numbers describe load; they do not diagnose anything, and ACWR is a disputed metric. Formulas, thresholds and their sources: docs/methodology.md in the crampless repository.</p>\n</div>\n</footer>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            date(self.squad.as_of)
        )
    }
}

impl ReportSummary {
    fn add(&mut self, report: &AthleteReport, planned_sessions: Option<usize>) {
        self.athletes += 1;
        self.flags += report.flags.len();
        for f in &report.flags {
            match f.severity {
                Severity::Danger => self.danger += 1,
                Severity::Caution => self.caution += 1,
                Severity::Info => self.info += 1,
            }
        }
        match planned_sessions {
            Some(n) => self.planned_sessions += n,
            None => self.without_plan += 1,
        }
    }
}

/// An athlete's line in the index, and their section.
struct IndexEntry {
    name: String,
    anchor: String,
    /// (worst severity, danger, caution, info): the index's sort key.
    rank: (Option<Severity>, usize, usize, usize),
    worst: Option<(Severity, &'static str, NaiveDate)>,
    days_since_last_session: i64,
    acwr: Option<f64>,
    sessions: usize,
    html: String,
}

impl IndexEntry {
    /// The entry ranks by the recent flags only: a coach must see who needs
    /// attention now, not who had a bad week months ago.
    fn new(report: &AthleteReport, anchor: String, html: String) -> IndexEntry {
        let n = |s: Severity| report.recent_flags().filter(|f| f.severity == s).count();
        IndexEntry {
            name: report.athlete.clone(),
            anchor,
            rank: (
                report.worst_recent(),
                n(Severity::Danger),
                n(Severity::Caution),
                n(Severity::Info),
            ),
            worst: report
                .recent_flags()
                .next()
                .map(|f| (f.severity, f.rule.as_str(), f.date)),
            days_since_last_session: report.days_since_last_session,
            acwr: report.days.last().and_then(|d| d.acwr),
            sessions: report.sessions,
            html,
        }
    }
}

/// The squad's index: one row per athlete, worst first, linking to each section.
fn index(out: &mut dyn Write, entries: &[IndexEntry], as_of: NaiveDate, recent_days: Option<u32>) -> io::Result<()> {
    let (worst_title, order) = match recent_days {
        Some(days) => (
            format!("Worst flag, last {}", html::count(days as usize, "day")),
            format!(
                "the worst flag of the last {} first; the counts are of those days",
                html::count(days as usize, "day")
            ),
        ),
        None => ("Worst flag".to_string(), "the worst flag first".to_string()),
    };
    let mut html = String::new();
    html.push_str("<nav class=\"index\" aria-labelledby=\"athletes\">\n");
    html.push_str(&heading(2, Some("athletes"), "Athletes"));
    put!(
        html,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"athletes-caption\" tabindex=\"0\">\n<table>\n<caption id=\"athletes-caption\">{} athletes as of {}, {order}. Select a name to read that athlete's report.</caption>\n<thead><tr><th scope=\"col\">Athlete</th><th scope=\"col\">{worst_title}</th><th scope=\"col\" class=\"num\">Danger</th><th scope=\"col\" class=\"num\">Caution</th><th scope=\"col\" class=\"num\">Info</th><th scope=\"col\" class=\"num\">ACWR</th><th scope=\"col\" class=\"num\">Sessions</th><th scope=\"col\" class=\"num\">Days since last session</th></tr></thead>\n<tbody>\n",
        entries.len(),
        date(as_of)
    );
    for e in entries {
        let worst = match e.worst {
            Some((severity, rule, d)) => format!("{} <span class=\"rule\">{rule}</span> {}", badge(severity), date(d)),
            None if recent_days.is_some() => "<span class=\"badge badge-ok\">Nothing now</span>".to_string(),
            None => "<span class=\"badge badge-ok\">No flags</span>".to_string(),
        };
        let (_, danger, caution, info) = e.rank;
        put!(
            html,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td>{worst}</td><td class=\"num\">{danger}</td><td class=\"num\">{caution}</td><td class=\"num\">{info}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            e.anchor,
            esc(&e.name),
            fmt_opt(e.acwr, 2),
            e.sessions,
            e.days_since_last_session
        );
    }
    html.push_str("</tbody>\n</table>\n</div>\n</nav>\n");
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests;
