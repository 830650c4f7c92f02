//! Output of `crampless check`: a human report (text, Markdown), one flag per row
//! (CSV), or the full series (JSON, streamed one athlete at a time; JSON Lines, one
//! athlete's object per line, for streaming consumers).

use std::io::{self, Write};

use crate::analysis::{Analysis, AthleteReport};
use crate::config::Config;
use crate::render::{Style, as_of_line, fmt_opt, markdown_table, recent_window, settling_note, table};
use crate::rules::{Flag, Severity};

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// JSON Lines: each athlete's object (as in [`Format::Json`]'s `athletes`) on
    /// a line of its own.
    JsonLines,
    Markdown,
    Csv,
}

/// How many recent weeks the summary shows.
const SUMMARY_WEEKS: usize = 4;

/// Write `analysis` in `format`.
pub fn write(
    out: &mut dyn Write,
    analysis: &Analysis,
    config: &Config,
    format: Format,
    style: Style,
) -> io::Result<()> {
    let mut renderer = Renderer::new(format, style, analysis.as_of);
    renderer.begin(out)?;
    for report in &analysis.athletes {
        renderer.athlete(out, report, config)?;
    }
    renderer.finish(out)
}

/// Writes a check report one athlete at a time, so a club's output is produced as
/// it is computed and never held whole in memory.
#[derive(Debug, Clone)]
pub struct Renderer {
    format: Format,
    style: Style,
    as_of: chrono::NaiveDate,
    written: usize,
}

impl Renderer {
    pub fn new(format: Format, style: Style, as_of: chrono::NaiveDate) -> Renderer {
        Renderer {
            format,
            style,
            as_of,
            written: 0,
        }
    }

    /// What comes before the first athlete.
    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Text => Ok(()),
            Format::Markdown => writeln!(out, "# crampless check, as of {}", self.as_of),
            Format::Csv => {
                let mut w = ::csv::Writer::from_writer(out);
                w.write_record(CSV_HEADER)?;
                w.flush()
            }
            Format::Json => write!(out, "{{\"athletes\":["),
            Format::JsonLines => Ok(()),
        }
    }

    /// One athlete's report.
    pub fn athlete(&mut self, out: &mut dyn Write, report: &AthleteReport, config: &Config) -> io::Result<()> {
        self.separate(out)?;
        self.athlete_body(out, report, config)
    }

    /// What goes between two athletes' reports, before the next one: a blank line
    /// (text) or a comma (JSON) after the first.
    pub fn separate(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let first = self.written == 0;
        self.written += 1;
        match self.format {
            Format::Text if !first => writeln!(out),
            Format::Json if !first => write!(out, ","),
            _ => Ok(()),
        }
    }

    /// One athlete's report without its separator ([`Renderer::athlete`] is
    /// [`Renderer::separate`] then this). It changes nothing in the renderer, so a
    /// batch of reports can be written on all cores, each to its own buffer, and
    /// the buffers then written in order.
    pub fn athlete_body(&self, out: &mut dyn Write, report: &AthleteReport, config: &Config) -> io::Result<()> {
        match self.format {
            Format::Text => text(out, report, config, self.style),
            Format::Markdown => markdown(out, report, config),
            Format::Csv => csv(out, report),
            Format::Json => serde_json::to_writer(&mut *out, report).map_err(io::Error::from),
            Format::JsonLines => {
                serde_json::to_writer(&mut *out, report).map_err(io::Error::from)?;
                writeln!(out)
            }
        }
    }

    /// What comes after the last athlete.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => writeln!(out, "]}}"),
            _ => Ok(()),
        }
    }
}

fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Danger => "1;31",
        Severity::Caution => "33",
        Severity::Info => "36",
    }
}

fn counts<'a>(flags: impl Iterator<Item = &'a Flag>) -> String {
    let mut n = [0usize; 3];
    for f in flags {
        n[f.severity as usize] += 1;
    }
    let n = |s: Severity| n[s as usize];
    format!(
        "{} danger, {} caution, {} info",
        n(Severity::Danger),
        n(Severity::Caution),
        n(Severity::Info)
    )
}

fn current_line(report: &AthleteReport, config: &Config) -> String {
    let last = report.days.last().expect("a timeline has at least one day");
    let method = format!(
        "{} {}:{}",
        config.acwr.method.as_str(),
        config.acwr.acute_days,
        config.acwr.chronic_days
    );
    format!(
        "ACWR {} ({method}; acute {} AU/day, chronic {} AU/day) | fitness {} | fatigue {} | form {}",
        fmt_opt(last.acwr, 2),
        fmt_opt(last.acute, 0),
        fmt_opt(last.chronic, 0),
        fmt_opt(Some(last.fitness), 1),
        fmt_opt(Some(last.fatigue), 1),
        fmt_opt(Some(last.form), 1),
    )
}

fn week_rows(report: &AthleteReport) -> Vec<Vec<String>> {
    let start = report.weeks.len().saturating_sub(SUMMARY_WEEKS);
    report.weeks[start..]
        .iter()
        .map(|w| {
            vec![
                format!("{}{}", w.week, if w.partial { "*" } else { "" }),
                fmt_opt(Some(w.load), 0),
                fmt_opt(Some(w.minutes), 0),
                fmt_opt(Some(w.distance_km), 1),
                w.sessions.to_string(),
                w.rest_days.to_string(),
                fmt_opt(w.monotony, 2),
                w.ramp_pct.map_or("-".into(), |r| {
                    format!("{}{}%", if r >= 0.0 { "+" } else { "" }, fmt_opt(Some(r), 0))
                }),
            ]
        })
        .collect()
}

const WEEK_HEADER: [&str; 8] = [
    "week",
    "load AU",
    "minutes",
    "km",
    "sessions",
    "rest days",
    "monotony",
    "ramp",
];

fn text(out: &mut dyn Write, report: &AthleteReport, config: &Config, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "{}  {} to {}, {} sessions{}",
        style.paint("1", &report.athlete),
        report.from,
        report.to,
        report.sessions,
        if report.estimated_intensity_sessions > 0 {
            format!(
                " ({} with estimated intensity: no RPE)",
                report.estimated_intensity_sessions
            )
        } else {
            String::new()
        }
    )?;
    writeln!(out, "  {}", as_of_line(report))?;
    writeln!(out, "  {}", current_line(report, config))?;
    if let Some(note) = settling_note(report, config) {
        writeln!(out, "  {note}: form is not read as fresh or tired yet")?;
    }
    writeln!(out)?;
    write!(out, "{}", table(&WEEK_HEADER, week_rows(report), "  "))?;
    if report.weeks.last().is_some_and(|w| w.partial) {
        writeln!(out, "  * partial week")?;
    }
    writeln!(out)?;
    if report.flags.is_empty() {
        return writeln!(out, "  No flags: nothing ramps up too fast. Keep it steady.");
    }
    // Each piece of advice once per athlete: the first (worst, most recent) flag
    // that needs it.
    let mut advised = Advised::default();
    let Some(window) = recent_window(report) else {
        writeln!(out, "  Flags, worst first: {}", counts(report.flags.iter()))?;
        return text_flags(out, report.flags.iter(), style, &mut advised);
    };
    let recent: Vec<&Flag> = report.recent_flags().collect();
    if recent.is_empty() {
        writeln!(out, "  Now, {window}: nothing flagged.")?;
    } else {
        writeln!(out, "  Now, {window}, worst first: {}", counts(recent.iter().copied()))?;
        text_flags(out, recent.into_iter(), style, &mut advised)?;
    }
    let earlier: Vec<&Flag> = report.earlier_flags().collect();
    if !earlier.is_empty() {
        writeln!(out, "  Earlier, worst first: {}", counts(earlier.iter().copied()))?;
        text_flags(out, earlier.into_iter(), style, &mut advised)?;
    }
    Ok(())
}

fn text_flags<'a>(
    out: &mut dyn Write,
    flags: impl Iterator<Item = &'a Flag>,
    style: Style,
    advised: &mut Advised<'a>,
) -> io::Result<()> {
    for flag in flags {
        let label = format!("{:<7}", flag.severity.as_str().to_uppercase());
        writeln!(
            out,
            "  {} {}  {:<17}  {}",
            style.paint(severity_code(flag.severity), &label),
            flag.date,
            flag.rule.as_str(),
            flag.message
        )?;
        if advised.first_time(&flag.advice) {
            writeln!(out, "  {:<7} {:<10}  {:<17}  -> {}", "", "", "", flag.advice)?;
        }
    }
    Ok(())
}

fn markdown(out: &mut dyn Write, report: &AthleteReport, config: &Config) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "## {}", crate::escape::markdown(&report.athlete))?;
    writeln!(out)?;
    writeln!(
        out,
        "{} to {}, {} sessions ({} with estimated intensity).  ",
        report.from, report.to, report.sessions, report.estimated_intensity_sessions
    )?;
    writeln!(out, "{}.  ", capitalised(&as_of_line(report)))?;
    if let Some(note) = settling_note(report, config) {
        writeln!(out, "{}: form is not read as fresh or tired yet.  ", capitalised(&note))?;
    }
    writeln!(out, "{}", current_line(report, config))?;
    writeln!(out)?;
    markdown_table(out, &WEEK_HEADER, &week_rows(report))?;
    writeln!(out)?;
    let mut advised = Advised::default();
    let Some(window) = recent_window(report) else {
        writeln!(out, "### Flags ({})", counts(report.flags.iter()))?;
        writeln!(out)?;
        if report.flags.is_empty() {
            return writeln!(out, "No flags.");
        }
        return markdown_flags(out, report.flags.iter(), &mut advised);
    };
    let recent: Vec<&Flag> = report.recent_flags().collect();
    writeln!(out, "### Now: {window} ({})", counts(recent.iter().copied()))?;
    writeln!(out)?;
    if recent.is_empty() {
        writeln!(out, "Nothing flagged.")?;
    } else {
        markdown_flags(out, recent.into_iter(), &mut advised)?;
    }
    let earlier: Vec<&Flag> = report.earlier_flags().collect();
    if !earlier.is_empty() {
        writeln!(out)?;
        writeln!(out, "### Earlier ({})", counts(earlier.iter().copied()))?;
        writeln!(out)?;
        markdown_flags(out, earlier.into_iter(), &mut advised)?;
    }
    Ok(())
}

fn markdown_flags<'a>(
    out: &mut dyn Write,
    flags: impl Iterator<Item = &'a Flag>,
    advised: &mut Advised<'a>,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = flags
        .map(|f| {
            let advice = if advised.first_time(&f.advice) {
                f.advice.to_string()
            } else {
                "(as above)".to_string()
            };
            vec![
                f.severity.as_str().to_string(),
                f.date.to_string(),
                f.rule.as_str().to_string(),
                f.message.clone(),
                advice,
            ]
        })
        .collect();
    markdown_table(out, &["severity", "date", "rule", "message", "advice"], &rows)
}

/// `text` with its first letter upper-cased, to open a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The pieces of advice already shown for an athlete. A handful of distinct texts
/// repeat over thousands of flags, so a short list beats hashing long strings.
#[derive(Default)]
struct Advised<'a>(Vec<&'a str>);

impl<'a> Advised<'a> {
    fn first_time(&mut self, advice: &'a str) -> bool {
        // A rule's flags share one advice allocation: same pointer, same text, and no
        // need to compare a few hundred bytes for each of thousands of flags.
        let same = |seen: &&str| (seen.as_ptr() == advice.as_ptr() && seen.len() == advice.len()) || *seen == advice;
        let new = !self.0.iter().any(same);
        if new {
            self.0.push(advice);
        }
        new
    }
}

/// `recent` and `until` come last, so that scripts reading the columns by position
/// before they were added still work.
const CSV_HEADER: [&str; 10] = [
    "athlete", "date", "severity", "rule", "message", "advice", "source", "evidence", "recent", "until",
];

fn csv(out: &mut dyn Write, report: &AthleteReport) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(out);
    for f in &report.flags {
        w.write_record([
            &*crate::escape::csv_cell(&f.athlete),
            &f.date.to_string(),
            f.severity.as_str(),
            f.rule.as_str(),
            &*crate::escape::csv_cell(&f.message),
            &f.advice,
            f.source,
            &f.evidence.to_string(),
            if f.recent { "true" } else { "false" },
            &f.until.to_string(),
        ])?;
    }
    w.flush()
}
