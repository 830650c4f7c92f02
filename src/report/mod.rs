//! `crampless report`: self-contained HTML pages. For each athlete: a summary, the
//! flags worst first with their advice, logged cramps, the weekly table, the load,
//! weekly and form charts (inline SVG), and the plan for the next weeks with every
//! session's warm-up, cool-down and hydration, ending with the stop-if-it-hurts and
//! see-a-doctor advice. One athlete is one page ([`Report::write_html`]); a squad
//! is a folder of pages ([`Report::write_pages`]): an index of the athletes, worst
//! recent flag first, linking to one page per athlete.
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
use crate::history::{Cramp, History, Indexed, Session};
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
    /// Each athlete's sessions, to plan from.
    athletes: Athletes<'h>,
    options: ReportOptions,
    /// Each athlete's page in a squad's folder (see [`athlete_pages`]).
    pages: FxHashMap<&'h str, String>,
}

impl<'h> Report<'h> {
    /// Check the options against `history`: the athlete exists (else the error lists
    /// the athletes), some session is on or before the as-of date, and the weeks
    /// are from 1 to [`MAX_WEEKS`].
    pub fn new(history: &'h History, options: ReportOptions) -> Result<Report<'h>> {
        check_weeks(&options)?;
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
        let mut of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, s) in history.sessions.iter().enumerate() {
            of.entry(s.athlete.as_str()).or_default().push(i);
        }
        Ok(Report::with(squad, Athletes::InMemory { history, of }, options))
    }

    /// [`Report::new`] for a history indexed by athlete: each athlete's sessions are
    /// read when their page is made, so a club's report holds the file and a batch
    /// of athletes, not every session.
    pub fn from_index(index: &'h Indexed, options: ReportOptions) -> Result<Report<'h>> {
        check_weeks(&options)?;
        let squad = Squad::from_index(
            index,
            &AnalysisOptions {
                as_of: options.as_of,
                athlete: options.athlete.clone(),
                recent_days: options.recent_days,
            },
        )?
        .without_evidence();
        Ok(Report::with(squad, Athletes::Indexed(index), options))
    }

    fn with(squad: Squad<'h>, athletes: Athletes<'h>, options: ReportOptions) -> Report<'h> {
        let names: Vec<&str> = squad.athletes().collect();
        let pages = names.iter().copied().zip(athlete_pages(&names)).collect();
        Report {
            squad,
            athletes,
            options,
            pages,
        }
    }

    /// How many athletes the report covers.
    pub fn athletes(&self) -> usize {
        self.squad.athletes().count()
    }

    /// The day the history is assessed on.
    pub fn as_of(&self) -> NaiveDate {
        self.squad.as_of
    }

    /// Write every athlete on one page to `out`: a squad's page starts with the
    /// index. `progress` is called after each athlete with the number done so far.
    /// For a squad, [`Report::write_pages`] makes pages a browser opens at once.
    pub fn write_html(
        &self,
        out: &mut dyn Write,
        config: &Config,
        progress: &mut dyn FnMut(usize),
    ) -> io::Result<ReportSummary> {
        let layout = if self.athletes() > 1 {
            Layout::SquadPage
        } else {
            Layout::Alone
        };
        let mut entries: Vec<IndexEntry> = Vec::new();
        let summary = self.each_section(config, layout, progress, &mut |entry| {
            entries.push(entry);
            Ok(())
        })?;
        sort_worst_first(&mut entries);
        match entries.as_slice() {
            [only] => self.head(out, &only.name, "")?,
            _ => self.head(out, &self.squad_name(entries.len()), "")?,
        }
        if layout == Layout::SquadPage {
            index(
                out,
                &entries,
                entries.len(),
                self.squad.as_of,
                self.options.recent_days,
                "",
                |e| format!("#{}", e.anchor),
            )?;
        }
        for entry in &entries {
            out.write_all(entry.html.as_bytes())?;
        }
        self.foot(out)?;
        Ok(summary)
    }

    /// Write a squad's report as pages: one self-contained page per athlete (at
    /// [`athlete_pages`]), each handed to `page` with its path relative to the
    /// report's folder as soon as it is made, then the index ([`INDEX_PAGE`]):
    /// athletes worst-now first, one line each, linking to their pages. Only a
    /// batch of athletes' pages is in memory at once.
    pub fn write_pages(
        &self,
        config: &Config,
        progress: &mut dyn FnMut(usize),
        page: &mut dyn FnMut(&str, &[u8]) -> io::Result<()>,
    ) -> io::Result<ReportSummary> {
        let mut entries: Vec<IndexEntry> = Vec::new();
        let summary = self.each_section(config, Layout::Folder, progress, &mut |mut entry| {
            let mut html = Vec::with_capacity(entry.html.len() + STYLE.len() + 2048);
            self.head(&mut html, &entry.name, "")?;
            html.extend_from_slice(std::mem::take(&mut entry.html).as_bytes());
            self.foot(&mut html)?;
            page(&entry.page, &html)?;
            entries.push(entry);
            Ok(())
        })?;
        sort_worst_first(&mut entries);
        let parts: Vec<&[IndexEntry]> = entries.chunks(INDEX_ATHLETES_PER_PAGE).collect();
        let names: Vec<String> = (0..parts.len()).map(index_page).collect();
        for (number, part) in parts.iter().enumerate() {
            let mut html = Vec::new();
            // The index marks the folder as a report, which a later run may replace.
            let mark = format!("{}\n", crate::atomic::FOLDER_MARK);
            self.head(&mut html, &self.squad_name(entries.len()), &mark)?;
            let pager = pager(
                &names,
                number,
                number * INDEX_ATHLETES_PER_PAGE,
                part.len(),
                entries.len(),
            );
            index(
                &mut html,
                part,
                entries.len(),
                self.squad.as_of,
                self.options.recent_days,
                &pager,
                |e| e.page.clone(),
            )?;
            self.foot(&mut html)?;
            page(&names[number], &html)?;
        }
        Ok(summary)
    }

    /// "12 athletes": what a squad's page is about.
    fn squad_name(&self, athletes: usize) -> String {
        format!("{athletes} athletes")
    }

    /// Make every athlete's section in name order and hand each to `each`. Reports
    /// come one at a time; their sections (plan, charts, HTML) are the slow part,
    /// so they are made in batches on all cores.
    fn each_section(
        &self,
        config: &Config,
        layout: Layout,
        progress: &mut dyn FnMut(usize),
        each: &mut dyn FnMut(IndexEntry) -> io::Result<()>,
    ) -> io::Result<ReportSummary> {
        let mut summary = ReportSummary::default();
        let mut done = 0;
        let batch = SECTIONS_PER_THREAD * crate::parallel::threads();
        let mut pending: Vec<AthleteReport> = Vec::new();
        let mut flush = |pending: &mut Vec<AthleteReport>| -> io::Result<()> {
            let made = self.sections(pending, done, config, layout);
            for (report, (entry, planned)) in pending.drain(..).zip(made) {
                summary.add(&report, planned);
                done += 1;
                each(entry)?;
                progress(done);
            }
            Ok(())
        };
        self.squad.for_each_report(config, |report| {
            pending.push(report);
            if pending.len() >= batch {
                flush(&mut pending)?;
            }
            Ok::<(), io::Error>(())
        })?;
        flush(&mut pending)?;
        Ok(summary)
    }

    /// The sections of `reports` (the athletes numbered from `first` in name
    /// order), made on all cores, in order, each with its planned session count
    /// (`None` without a plan).
    fn sections(
        &self,
        reports: &[AthleteReport],
        first: usize,
        config: &Config,
        layout: Layout,
    ) -> Vec<(IndexEntry, Option<usize>)> {
        let numbered: Vec<(usize, &AthleteReport)> = reports.iter().enumerate().map(|(i, r)| (first + i, r)).collect();
        crate::parallel::map(&numbered, |&(number, report)| {
            let anchor = anchor(number, &report.athlete);
            let page = self.pages.get(report.athlete.as_str()).cloned().unwrap_or_default();
            let (plan, cramps) = self.plan_and_cramps(report, config);
            let cramps: Vec<&Session> = cramps.iter().collect();
            let html = athlete::Section {
                report,
                plan: plan.as_ref().map_err(|e| e.to_string()),
                cramps: &cramps,
                config,
                anchor: &anchor,
                level: if layout == Layout::SquadPage { 3 } else { 2 },
                in_squad: layout == Layout::SquadPage,
                back: match layout {
                    Layout::Alone => None,
                    Layout::SquadPage => Some("#athletes"),
                    Layout::Folder => Some("../index.html"),
                },
            }
            .html();
            let entry = IndexEntry::new(report, anchor, page, html);
            let planned = plan.ok().map(|p| p.sessions().count());
            (entry, planned)
        })
    }

    /// The athlete's plan (or why there is none) and logged cramps, oldest first.
    fn plan_and_cramps(&self, report: &AthleteReport, config: &Config) -> (Result<Plan>, Vec<Session>) {
        // Plan from this athlete's sessions only: the planner then never scans a
        // club's whole history once per athlete.
        let own = match self.athletes.sessions_of(report.athlete.as_str()) {
            Ok(sessions) => History {
                sessions,
                warnings: Vec::new(),
            },
            Err(e) => return (Err(e), Vec::new()),
        };
        let mut cramps: Vec<Session> = own
            .sessions
            .iter()
            .filter(|s| s.cramp != Cramp::None && s.date <= self.squad.as_of)
            .cloned()
            .collect();
        cramps.sort_by_key(|s| s.date);
        let template = &self.options.plan;
        let options = PlanOptions {
            as_of: Some(self.squad.as_of),
            athlete: Some(report.athlete.clone()),
            body_mass_kg: template
                .body_mass_kg
                .or_else(|| config.athletes.get(&report.athlete).and_then(|a| a.body_mass_kg)),
            ..template.clone()
        };
        (crate::plan::build(&own, config, &options), cramps)
    }

    /// The page's head and header, about `about` (an athlete's name, or "12
    /// athletes"); `extra_head` goes into `<head>` as it is.
    fn head(&self, out: &mut dyn Write, about: &str, extra_head: &str) -> io::Result<()> {
        let as_of = self.squad.as_of;
        let title = format!("crampless report: {about} as of {as_of}");
        let h1 = format!("Training report: {}", esc(about));
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<meta name=\"generator\" content=\"crampless {}\">\n<meta name=\"color-scheme\" content=\"light\">\n{extra_head}<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"page-header\">\n<div class=\"wrap\">\n<p class=\"brand\">crampless</p>\n{}<p class=\"meta\">As of {}. Plan: the next {}.</p>\n</div>\n</header>\n<main class=\"wrap\">\n",
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

/// The weeks a report plans: 1 to [`MAX_WEEKS`].
fn check_weeks(options: &ReportOptions) -> Result<()> {
    if (1..=MAX_WEEKS).contains(&options.plan.weeks) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "--weeks {} is not possible; plan from 1 to {MAX_WEEKS} weeks",
            options.plan.weeks
        )))
    }
}

/// Where a report finds each athlete's sessions.
#[derive(Debug)]
enum Athletes<'h> {
    /// A history in memory, and each athlete's sessions in it (indices).
    InMemory {
        history: &'h History,
        of: FxHashMap<&'h str, Vec<usize>>,
    },
    /// A history indexed by athlete.
    Indexed(&'h Indexed),
}

impl Athletes<'_> {
    /// The sessions of `athlete`, in file order.
    fn sessions_of(&self, athlete: &str) -> Result<Vec<Session>> {
        match self {
            Athletes::InMemory { history, of } => Ok(of
                .get(athlete)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&i| history.sessions[i].clone())
                .collect()),
            Athletes::Indexed(index) => {
                let athletes = index.athletes();
                match athletes.binary_search_by(|a| a.name.as_str().cmp(athlete)) {
                    Ok(i) => index.sessions(&athletes[i]),
                    Err(_) => Ok(Vec::new()),
                }
            }
        }
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

/// Where the athletes' sections go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One athlete, one page.
    Alone,
    /// Every athlete of a squad on one page, after the index.
    SquadPage,
    /// A squad's folder: each athlete on a page of their own.
    Folder,
}

/// The index page of a squad's report folder (its first page, when the index
/// has several).
pub const INDEX_PAGE: &str = "index.html";

/// The most athletes on one page of a squad's index: a line is under 1 KB, so a
/// page stays well under 1 MB however large the club.
pub(crate) const INDEX_ATHLETES_PER_PAGE: usize = 500;

/// The index page numbered `number` (0-based): `index.html`, `index-2.html`, ...
fn index_page(number: usize) -> String {
    match number {
        0 => INDEX_PAGE.to_string(),
        n => format!("index-{}.html", n + 1),
    }
}

/// For an index of several pages: which athletes this page lists and links to the
/// others ("Athletes 501-1,000 of 1,234, worst first. Pages: 1 2 3"); nothing for
/// one page.
fn pager(pages: &[String], current: usize, offset: usize, shown: usize, total: usize) -> String {
    if pages.len() < 2 {
        return String::new();
    }
    let links: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            if i == current {
                format!("<span aria-current=\"page\">{}</span>", i + 1)
            } else {
                format!("<a href=\"{}\">{}</a>", esc(page), i + 1)
            }
        })
        .collect();
    format!(
        "<p class=\"pager\">Athletes {}-{} of {}, worst first. Pages: {}</p>\n",
        offset + 1,
        offset + shown,
        total,
        links.join(" ")
    )
}

/// The longest part of an athlete's name kept in a page's file name.
const PAGE_SLUG_CHARS: usize = 48;

/// The pages of the athletes `names` in a squad's report folder, relative to the
/// folder, in the same order: `athletes/ana-lopez.html`. A page's name comes from
/// the athlete's name alone (its ASCII letters and digits, lower-cased, other runs
/// of characters as `-`, at most [`PAGE_SLUG_CHARS`]), so it stays the same when
/// athletes come and go and a bookmark keeps working. Names that give the same
/// slug (`Zoë`, `Zoé`), or none (`同`), add 8 hex digits of a hash of the whole
/// name (FNV-1a), the same on every run; a name from an export never leads
/// outside the folder.
pub(crate) fn athlete_pages(names: &[&str]) -> Vec<String> {
    let slugs: Vec<String> = names.iter().map(|n| slug(n)).collect();
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for s in &slugs {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut pages: Vec<String> = names
        .iter()
        .zip(&slugs)
        .map(|(name, slug)| match (slug.as_str(), count[slug.as_str()]) {
            ("", _) => format!("athlete-{:08x}", fnv1a(name) as u32),
            (slug, 1) => slug.to_string(),
            (slug, _) => format!("{slug}-{:08x}", fnv1a(name) as u32),
        })
        .collect();
    // A page name taken already (two names with one slug and one 32-bit hash, or
    // a name made to look like another's hashed page): the next free `-2`, `-3`...,
    // in name order.
    let mut taken: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for page in &mut pages {
        if !taken.insert(page.clone()) {
            let free = (2..)
                .map(|n| format!("{page}-{n}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_default();
            taken.insert(free.clone());
            *page = free;
        }
    }
    pages.into_iter().map(|p| format!("athletes/{p}.html")).collect()
}

/// The [`html::slug`] of `name`, at most [`PAGE_SLUG_CHARS`] long.
fn slug(name: &str) -> String {
    let mut slug = html::slug(name);
    slug.truncate(PAGE_SLUG_CHARS);
    slug.truncate(slug.trim_end_matches('-').len());
    slug
}

/// The 64-bit FNV-1a hash of `text`: fixed by its definition, so page names are
/// the same on every machine and version.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Weeks whose sessions an index line counts.
const SESSION_WEEKS: usize = 4;

/// Days of daily load in an index line's sparkline.
const SPARK_DAYS: usize = 56;

/// An athlete's line in the index, and their section.
struct IndexEntry {
    name: String,
    anchor: String,
    /// The athlete's page in a squad's folder.
    page: String,
    /// (worst severity, danger, caution, info): the index's sort key.
    rank: (Option<Severity>, usize, usize, usize),
    /// The worst recent flag's severity.
    worst: Option<Severity>,
    /// The recent flags by rule: (rule, its worst severity, how many), worst first.
    recent_rules: Vec<(&'static str, Severity, usize)>,
    /// Daily load over the last [`SPARK_DAYS`] days up to the as-of date.
    loads: Vec<f64>,
    days_since_last_session: i64,
    acwr: Option<f64>,
    /// Sessions in the last [`SESSION_WEEKS`] weeks of the weekly table (the
    /// current week so far included).
    recent_sessions: usize,
    html: String,
}

impl IndexEntry {
    /// The entry ranks by the recent flags only: a coach must see who needs
    /// attention now, not who had a bad week months ago.
    fn new(report: &AthleteReport, anchor: String, page: String, html: String) -> IndexEntry {
        let n = |s: Severity| report.recent_flags().filter(|f| f.severity == s).count();
        let mut recent_rules: Vec<(&'static str, Severity, usize)> = Vec::new();
        for f in report.recent_flags() {
            match recent_rules.iter_mut().find(|(rule, ..)| *rule == f.rule.as_str()) {
                Some((_, worst, count)) => {
                    *worst = (*worst).max(f.severity);
                    *count += 1;
                }
                None => recent_rules.push((f.rule.as_str(), f.severity, 1)),
            }
        }
        recent_rules.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        let from = report.days.len().saturating_sub(SPARK_DAYS);
        IndexEntry {
            name: report.athlete.clone(),
            anchor,
            page,
            rank: (
                report.worst_recent(),
                n(Severity::Danger),
                n(Severity::Caution),
                n(Severity::Info),
            ),
            worst: report.worst_recent(),
            recent_rules,
            loads: report.days[from..].iter().map(|d| d.load).collect(),
            days_since_last_session: report.days_since_last_session,
            acwr: report.days.last().and_then(|d| d.acwr),
            recent_sessions: report.weeks.iter().rev().take(SESSION_WEEKS).map(|w| w.sessions).sum(),
            html,
        }
    }
}

/// Worst recent flag first, so a coach sees who needs attention; then by name.
fn sort_worst_first(entries: &mut [IndexEntry]) {
    entries.sort_by(|a, b| b.rank.cmp(&a.rank).then_with(|| a.name.cmp(&b.name)));
}

/// The squad's index: one row per athlete of `entries` (all or one page of the
/// `total`), worst first, each name linking to `link(entry)` (the athlete's
/// section or page); `pager` leads to the index's other pages, if any.
fn index(
    out: &mut dyn Write,
    entries: &[IndexEntry],
    total: usize,
    as_of: NaiveDate,
    recent_days: Option<u32>,
    pager: &str,
    link: impl Fn(&IndexEntry) -> String,
) -> io::Result<()> {
    let (now_title, order) = match recent_days {
        Some(days) => (
            format!("Now, last {}", html::count(days as usize, "day")),
            format!(
                "the worst flag of the last {} first; the flags and counts are of those days",
                html::count(days as usize, "day")
            ),
        ),
        None => ("Flags".to_string(), "the worst flag first".to_string()),
    };
    let mut html = String::new();
    html.push_str("<nav class=\"index\" aria-labelledby=\"athletes\">\n");
    html.push_str(&heading(2, Some("athletes"), "Athletes"));
    html.push_str(pager);
    put!(
        html,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"athletes-caption\" tabindex=\"0\">\n<table>\n<caption id=\"athletes-caption\">{} athletes as of {}, {order}. Select a name for that athlete's report.</caption>\n<thead><tr><th scope=\"col\">Athlete</th><th scope=\"col\">{now_title}</th><th scope=\"col\" class=\"num\">Danger</th><th scope=\"col\" class=\"num\">Caution</th><th scope=\"col\" class=\"num\">Info</th><th scope=\"col\">Daily load, {} days</th><th scope=\"col\" class=\"num\">ACWR</th><th scope=\"col\" class=\"num\">Days since last session</th><th scope=\"col\" class=\"num\">Sessions in {} weeks</th></tr></thead>\n<tbody>\n",
        total,
        date(as_of),
        SPARK_DAYS,
        SESSION_WEEKS
    );
    for e in entries {
        let now = match e.worst {
            Some(severity) => format!("{} {}", badge(severity), recent_rules(&e.recent_rules)),
            None if recent_days.is_some() => "<span class=\"badge badge-ok\">Nothing now</span>".to_string(),
            None => "<span class=\"badge badge-ok\">No flags</span>".to_string(),
        };
        let (_, danger, caution, info) = e.rank;
        put!(
            html,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{now}</td><td>{danger}</td><td>{caution}</td><td>{info}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&link(e)),
            esc(&e.name),
            svg::sparkline(&e.loads, SPARK_DAYS),
            fmt_opt(e.acwr, 2),
            e.days_since_last_session,
            e.recent_sessions
        );
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html.push_str(pager);
    html.push_str("</nav>\n");
    out.write_all(html.as_bytes())
}

/// The most rules an index line names; the rest are counted.
const RULES_PER_LINE: usize = 4;

/// "session-spike ×2, acwr, heat and 2 more": the recent flags by rule, each in
/// the colour of its worst severity.
fn recent_rules(rules: &[(&'static str, Severity, usize)]) -> String {
    if rules.is_empty() {
        return "-".to_string();
    }
    let mut parts: Vec<String> = rules
        .iter()
        .take(RULES_PER_LINE)
        .map(|(rule, severity, count)| {
            let times = if *count > 1 {
                format!(" ×{count}")
            } else {
                String::new()
            };
            format!("<span class=\"rule rule-{}\">{rule}{times}</span>", severity.as_str())
        })
        .collect();
    if rules.len() > RULES_PER_LINE {
        parts.push(format!("and {} more", rules.len() - RULES_PER_LINE));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests;
