//! `crampless check`: read a history, run the rules, report.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use crampless::render::check::{self, Format};
use crampless::{AnalysisOptions, Severity};

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
    // With a chart, the whole history is read (the chart needs it); without, it is
    // indexed by athlete and each athlete's sessions are read when analysed, so a
    // club's check holds the file and one batch of athletes, not every session.
    // Names in a text report are escaped for the terminal as they are read.
    let shown: Option<crampless::history::Shown> = text.then_some(crampless::escape::terminal);
    let (history, index);
    let mut squad = match &args.chart {
        Some(path) => {
            let whole = global.read_history(&args.history, shown)?;
            guard::dates_in_span(&whole, crate::args::today()?, &[("--as-of", as_of)])?;
            if options.athlete.is_none() {
                options.athlete = Some(one_athlete(&whole, None, "--chart")?);
            }
            history = whole;
            // Draw first, so that a chart error prints no report.
            let analysis = crampless::analyze(&history, &config, &options)?;
            let input = crampless::chart::ChartInput::Load {
                report: &analysis.athletes[0],
            };
            crampless::chart::render(path, &input, &crampless::chart::ChartOptions::for_config(&config))?;
            crampless::Squad::new(&history, &options)?
        }
        None => {
            index = global.index_history(&args.history, shown, false)?;
            guard::dates_in_index(&index, crate::args::today()?, &[("--as-of", as_of)])?;
            crampless::Squad::from_index(&index, &options)?
        }
    };
    let format = match format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::JsonLines,
        FormatArg::Md => Format::Markdown,
        FormatArg::Csv => Format::Csv,
    };
    let style = global.style_for(args.output.as_deref());
    if matches!(format, Format::Text | Format::Markdown) {
        squad = squad.without_evidence();
    }
    let threshold = args.fail_on.map(Severity::from);
    let mut failed = false;
    let started = std::time::Instant::now();
    let progress = Progress::new(
        global.quiet,
        squad.athletes().count() as u64,
        "athletes",
        args.output.is_some(),
    );
    let (mut athletes, mut flags, mut recent) = (0, [0; 3], 0);
    output::emit(args.output.as_deref(), |out| {
        let mut renderer = check::Renderer::new(format, style, squad.as_of);
        renderer.begin(out)?;
        squad.for_each_report(&config, |report| {
            // Only recent flags fail: a daily cron job must not fail forever
            // because of a flag from months ago.
            failed |= threshold.is_some_and(|t| report.worst_recent().is_some_and(|w| w >= t));
            athletes += 1;
            for f in &report.flags {
                flags[f.severity as usize] += 1;
                recent += usize::from(f.recent);
            }
            progress.inc();
            renderer.athlete(out, &report, &config)
        })?;
        renderer.finish(out)
    })?;
    progress.finish();
    global.detail(format_args!(
        "check: {athletes} athlete(s) as of {}: {} flags ({} danger, {} caution, {} info), {recent} {} in {}",
        squad.as_of,
        flags.iter().sum::<usize>(),
        flags[Severity::Danger as usize],
        flags[Severity::Caution as usize],
        flags[Severity::Info as usize],
        match args.recent.0 {
            Some(days) => format!("in the last {days} days"),
            None => "recent (the whole history)".to_string(),
        },
        crate::progress::elapsed(started)
    ));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
