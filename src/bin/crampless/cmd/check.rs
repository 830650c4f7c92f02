//! `crampless check`: read a history, run the rules, report.

use std::io::{self, Seek, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crampless::analysis::StreamedSquad;
use crampless::history::Shown;
use crampless::history::stream::{self, Outcome};
use crampless::render::Style;
use crampless::render::check::{self, Format};
use crampless::{AnalysisOptions, AthleteReport, Config, Severity};

use crate::args::{AssessArgs, Global, Recent, one_athlete, parse_recent};
use crate::guard;
use crate::output;
use crate::progress::Progress;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The history CSV (date, sport, duration_min, ...).
    pub history: PathBuf,
    /// Output format [default: from the extension of -o FILE (.txt, .md, .csv, .json,
    /// .jsonl), else text]. jsonl: one athlete's JSON object per line.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,
    /// Exit with status 1 when a recent flag (see --recent) is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// Flags that reach into the DAYS days up to the as-of date are "now": listed first,
    /// and the only ones --fail-on looks at; `all` for the whole history.
    #[arg(long, value_parser = parse_recent, default_value = "14", value_name = "DAYS|all")]
    pub recent: Recent,
    #[command(flatten)]
    pub assess: AssessArgs,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also draw the load chart of the checked athlete to FILE (.png or .svg).
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
    Md,
    Csv,
}

/// The extensions of `-o FILE` that choose a format.
const EXTENSIONS: &[(&str, FormatArg)] = &[
    ("txt", FormatArg::Text),
    ("text", FormatArg::Text),
    ("md", FormatArg::Md),
    ("markdown", FormatArg::Md),
    ("csv", FormatArg::Csv),
    ("json", FormatArg::Json),
    ("jsonl", FormatArg::Jsonl),
    ("ndjson", FormatArg::Jsonl),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Info,
    Caution,
    Danger,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Caution => Severity::Caution,
            SeverityArg::Danger => Severity::Danger,
        }
    }
}

pub fn run(global: &Global, args: &CheckArgs) -> Result<ExitCode> {
    let format = output::format(args.format, args.output.as_deref(), EXTENSIONS, FormatArg::Text)?;
    let mut config = global.config()?;
    args.assess.apply(&mut config);
    guard::refuse_overwriting_inputs(
        &[("-o", args.output.as_deref()), ("--chart", args.chart.as_deref())],
        &[&args.history],
    )?;
    let as_of = args.assess.as_of.resolve()?;
    let text = format == FormatArg::Text;
    let athlete = args.assess.athlete.clone().map(|a| {
        // Names in a text report are escaped for the terminal; so is the one asked for.
        if text {
            crampless::escape::terminal(&a).into_owned()
        } else {
            a
        }
    });
    let mut options = AnalysisOptions {
        as_of,
        athlete,
        recent_days: args.recent.0,
    };
    let format = match format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::JsonLines,
        FormatArg::Md => Format::Markdown,
        FormatArg::Csv => Format::Csv,
    };
    let report = Reporting {
        format,
        style: global.style_for(args.output.as_deref()),
        threshold: args.fail_on.map(Severity::from),
        // Names in a text report are escaped for the terminal as they are read.
        shown: text.then_some(crampless::escape::terminal),
    };
    let started = std::time::Instant::now();
    // A history grouped by athlete in name order (as `import` writes it) is read
    // as it goes, once, athlete by athlete; any other is indexed by athlete and
    // each athlete's sessions are read when analysed. Either way a club's check
    // holds a part of the file, not every session. With a chart, the whole history
    // is read (the chart needs it).
    let streamed = match args.chart {
        None => check_streamed(global, args, &config, &options, &report)?,
        Some(_) => None,
    };
    let (as_of, tally) = match streamed {
        Some(done) => done,
        None => check_read(global, args, &config, &mut options, &report)?,
    };
    global.detail(format_args!(
        "check: {} athlete(s) as of {as_of}: {} flags ({} danger, {} caution, {} info), {} {} in {}",
        tally.athletes,
        tally.flags.iter().sum::<usize>(),
        tally.flags[Severity::Danger as usize],
        tally.flags[Severity::Caution as usize],
        tally.flags[Severity::Info as usize],
        tally.recent,
        match args.recent.0 {
            Some(days) => format!("in the last {days} days"),
            None => "recent (the whole history)".to_string(),
        },
        crate::progress::elapsed(started)
    ));
    Ok(if tally.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How the reports are written, whichever way the history is read.
struct Reporting {
    format: Format,
    style: Style,
    threshold: Option<Severity>,
    shown: Option<Shown>,
}

impl Reporting {
    /// Whether flags carry their evidence: only the formats that show it.
    fn with_evidence(&self) -> bool {
        !matches!(self.format, Format::Text | Format::Markdown)
    }
}

/// What a check counted as it wrote its reports.
#[derive(Debug, Default)]
struct Tally {
    athletes: usize,
    flags: [usize; 3],
    recent: usize,
    /// A recent flag at least as severe as `--fail-on`.
    failed: bool,
}

impl Tally {
    /// The count of one athlete's `report`.
    fn of(report: &AthleteReport, threshold: Option<Severity>) -> Tally {
        let mut tally = Tally {
            athletes: 1,
            // Only recent flags fail: a daily cron job must not fail forever
            // because of a flag from months ago.
            failed: threshold.is_some_and(|t| report.worst_recent().is_some_and(|w| w >= t)),
            ..Tally::default()
        };
        for f in &report.flags {
            tally.flags[f.severity as usize] += 1;
            tally.recent += usize::from(f.recent);
        }
        tally
    }

    fn add(&mut self, other: Tally) {
        self.athletes += other.athletes;
        self.recent += other.recent;
        self.failed |= other.failed;
        for (all, more) in self.flags.iter_mut().zip(other.flags) {
            *all += more;
        }
    }
}

/// One athlete's report as written (without its separator) and counted, made on
/// the core that analysed the athlete: the writing thread only copies bytes.
fn written(renderer: &check::Renderer, report: &AthleteReport, config: &Config, reporting: &Reporting) -> Made {
    let mut body = Vec::new();
    let written = renderer.athlete_body(&mut body, report, config);
    (Tally::of(report, reporting.threshold), written.map(|()| body))
}

/// See [`written`].
type Made = (Tally, io::Result<Vec<u8>>);

/// Write what [`written`] made, in order.
fn write_made(
    out: &mut dyn Write,
    renderer: &mut check::Renderer,
    tally: &mut Tally,
    (count, body): Made,
) -> io::Result<()> {
    tally.add(count);
    renderer.separate(out)?;
    out.write_all(&body?)
}

/// Check a history indexed by athlete, or read whole for a chart: the as-of date
/// and what was counted.
fn check_read(
    global: &Global,
    args: &CheckArgs,
    config: &Config,
    options: &mut AnalysisOptions,
    report: &Reporting,
) -> Result<(NaiveDate, Tally)> {
    let as_of = options.as_of;
    let (history, index);
    let mut squad = match &args.chart {
        Some(path) => {
            let whole = global.read_history(&args.history, report.shown)?;
            guard::dates_in_span(&whole, crate::args::today()?, &[("--as-of", as_of)])?;
            if options.athlete.is_none() {
                options.athlete = Some(one_athlete(&whole, None, "--chart")?);
            }
            history = whole;
            // Draw first, so that a chart error prints no report.
            let analysis = crampless::analyze(&history, config, options)?;
            let input = crampless::chart::ChartInput::Load {
                report: &analysis.athletes[0],
            };
            crampless::chart::render(path, &input, &crampless::chart::ChartOptions::for_config(config))?;
            crampless::Squad::new(&history, options)?
        }
        None => {
            index = global.index_history(&args.history, report.shown, false)?;
            guard::dates_in_index(&index, crate::args::today()?, &[("--as-of", as_of)])?;
            crampless::Squad::from_index(&index, options)?
        }
    };
    if !report.with_evidence() {
        squad = squad.without_evidence();
    }
    let progress = Progress::new(
        global.quiet,
        squad.athletes().count() as u64,
        "athletes",
        args.output.is_some(),
    );
    let mut tally = Tally::default();
    output::emit(args.output.as_deref(), |out| {
        let mut renderer = check::Renderer::new(report.format, report.style, squad.as_of);
        renderer.begin(out)?;
        let made = renderer.clone();
        squad.for_each_made(
            config,
            |athlete| written(&made, &athlete, config, report),
            |athlete| {
                progress.inc();
                write_made(out, &mut renderer, &mut tally, athlete)
            },
        )?;
        renderer.finish(out)
    })?;
    progress.finish();
    Ok((squad.as_of, tally))
}

/// Check a history read as it goes, athlete by athlete
/// ([`crampless::history::stream`]), writing each batch of reports as it is made:
/// the as-of date and what was counted. `None` when the file cannot be read so (it is not grouped by athlete in name
/// order, or something in it is wrong): nothing was written or said, and the
/// caller reads it the usual way, which gives the usual errors and output.
///
/// A report is never half written: to a file it goes through the usual temporary
/// file, renamed only once the whole history was read; to stdout (or a device) it
/// is kept in an unnamed temporary file until then.
fn check_streamed(
    global: &Global,
    args: &CheckArgs,
    config: &Config,
    options: &AnalysisOptions,
    report: &Reporting,
) -> Result<Option<(NaiveDate, Tally)>> {
    let started = std::time::Instant::now();
    let today = crate::args::today()?;
    let Some(mut squad) = StreamedSquad::new(options) else {
        return Ok(None);
    };
    let as_of = squad.as_of();
    // A date far ahead (9999-12-31: every athlete's days up to it) is refused by
    // the usual read before any work; streamed, it would be found only after. Any
    // date up to that far ahead is near the history (the window around its span
    // reaches as far past today), and one far in the past leaves no athlete with a
    // session by then, which the usual read then says: nothing is found late.
    if as_of > guard::latest_near(today) {
        return Ok(None);
    }
    if !report.with_evidence() {
        squad = squad.without_evidence();
    }
    let path = &args.history;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let progress = Progress::bytes(global.quiet, size, true);
    let mut tally = Tally::default();
    let mut future = guard::FutureSessions::new(today);
    // Writes the whole report; false when the history is to be read another way.
    let mut write = |out: &mut dyn Write| -> io::Result<bool> {
        let mut renderer = check::Renderer::new(report.format, report.style, as_of);
        renderer.begin(out)?;
        let made = renderer.clone();
        let outcome = stream::by_athlete(path, global.read_options(today, false), report.shown, |groups, read| {
            groups.iter().flat_map(|g| &g.sessions).for_each(|s| future.see(s.date));
            squad.for_each_made(
                &groups,
                config,
                |athlete| written(&made, &athlete, config, report),
                |athlete| write_made(out, &mut renderer, &mut tally, athlete),
            )?;
            progress.say(format!("{} athletes checked", tally.athletes));
            progress.set(read);
            Ok::<(), io::Error>(())
        })?;
        let Outcome::Streamed(read) = outcome else {
            return Ok(false);
        };
        // No athlete to report: the usual read says why. (The as-of date, near
        // today, is near the history: see above.)
        if tally.athletes == 0 {
            return Ok(false);
        }
        renderer.finish(out)?;
        // A full disk is found before anything is said (the usual read then tries).
        out.flush()?;
        // Said now, as the usual read says them: before the report is written out.
        progress.finish();
        global.warn(&read.warnings);
        global.warn(future.message(path).as_slice());
        global.detail(format_args!(
            "read {} sessions of {} athlete(s) from {} athlete by athlete in {}",
            read.rows,
            read.athletes,
            path.display(),
            crate::progress::elapsed(started)
        ));
        Ok(true)
    };
    let into_file = output::named_file(args.output.as_deref())
        .filter(|target| std::fs::metadata(target).map_or(true, |m| m.is_file()));
    match into_file {
        Some(target) => {
            let mut streamed = false;
            let replaced = crampless::atomic::write_with(target, |out| {
                streamed = write(out)?;
                if streamed {
                    Ok(())
                } else {
                    Err(io::Error::other("read another way"))
                }
            });
            // Anything that went wrong before the whole history was read is said
            // (or not) by the usual read, exactly as it would be without streaming.
            if !streamed {
                return Ok(None);
            }
            replaced?;
        }
        None => {
            let Ok(spool) = tempfile::tempfile() else {
                return Ok(None);
            };
            let mut spool = io::BufWriter::new(spool);
            if !matches!(write(&mut spool), Ok(true)) {
                return Ok(None);
            }
            let mut spool = spool.into_inner().map_err(io::IntoInnerError::into_error)?;
            spool.seek(io::SeekFrom::Start(0))?;
            output::emit(args.output.as_deref(), |out| io::copy(&mut spool, out).map(drop))?;
        }
    }
    Ok(Some((as_of, tally)))
}
