//! `crampless plan`: the next weeks at a safe pace, checked by the same rules.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use crampless::render::plan::{self, Format};

use crate::args::{Global, PlanArgs};
use crate::output;

#[derive(Debug, Args)]
pub struct PlanCommandArgs {
    /// The history CSV the plan builds on.
    pub history: PathBuf,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Output format [default: from the extension of -o FILE (.txt, .md, .csv, .json, .ics), else
    /// text].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<FormatArg>,
    /// Write the plan to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also draw the plan chart (recent weeks and planned weeks) to FILE.png or FILE.svg.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Md,
    Csv,
    Json,
    /// iCalendar events (RFC 5545) for any calendar app.
    Ics,
}

/// The extensions of `-o FILE` that choose a format.
const EXTENSIONS: &[(&str, FormatArg)] = &[
    ("txt", FormatArg::Text),
    ("text", FormatArg::Text),
    ("md", FormatArg::Md),
    ("markdown", FormatArg::Md),
    ("csv", FormatArg::Csv),
    ("json", FormatArg::Json),
    ("ics", FormatArg::Ics),
];

pub fn run(global: &Global, args: &PlanCommandArgs) -> Result<ExitCode> {
    let format = output::format(args.format, args.output.as_deref(), EXTENSIONS, FormatArg::Text)?;
    let mut config = global.config()?;
    args.plan.assess.apply(&mut config);
    let history = inputs(global, args, format)?;
    let options = args.plan.options(&config, &history)?;
    let started = std::time::Instant::now();
    let plan = crampless::plan::build(&history, &config, &options)?;
    global.detail(format_args!(
        "plan: {} week(s) for {}, {} sessions, in {}",
        plan.weeks.len(),
        plan.athlete,
        plan.sessions().count(),
        crate::progress::elapsed(started)
    ));
    if let Some(path) = &args.chart {
        // Drawn first, so that a chart error prints no plan.
        let analysis = crampless::analyze(
            &history,
            &config,
            &crampless::AnalysisOptions {
                as_of: options.as_of,
                athlete: Some(plan.athlete.clone()),
                ..crampless::AnalysisOptions::default()
            },
        )?;
        let input = crampless::chart::ChartInput::Plan {
            report: &analysis.athletes[0],
            plan: &plan,
        };
        crampless::chart::render(path, &input, &crampless::chart::ChartOptions::for_config(&config))?;
    }
    let format = match format {
        FormatArg::Text => Format::Text,
        FormatArg::Md => Format::Markdown,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
        FormatArg::Ics => Format::Ics,
    };
    let style = global.style_for(args.output.as_deref());
    output::emit(args.output.as_deref(), |out| plan::write(out, &plan, format, style))?;
    let blocking = plan.check.blocking().count();
    if blocking > 0 {
        global.warn(&[format!(
            "the plan still has {blocking} caution/danger flag(s) on planned days; see the self-check section"
        )]);
    }
    Ok(ExitCode::SUCCESS)
}

/// `plan`'s history, checked as every command's is (`guard::check_command`), its
/// names escaped for the terminal as they are read when the plan is text.
fn inputs(global: &Global, args: &PlanCommandArgs, format: FormatArg) -> Result<crampless::History> {
    let shown: Option<crampless::history::Shown> = (format == FormatArg::Text).then_some(crampless::escape::terminal);
    let history = global.read_history(&args.history, shown)?;
    crate::guard::check_command(
        &history,
        crate::args::today()?,
        &[&args.history],
        &[("-o", args.output.as_deref()), ("--chart", args.chart.as_deref())],
        &args.plan.dates()?,
    )?;
    Ok(history)
}
