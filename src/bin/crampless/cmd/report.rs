//! `crampless report`: one self-contained HTML page with each athlete's summary,
//! flags, weekly table, charts and plan.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::Args;

use crampless::report::{Report, ReportOptions};

use crate::args::{Global, PlanArgs, Recent, parse_recent};
use crate::output;
use crate::progress::Progress;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The history CSV (date, sport, duration_min, ...).
    pub history: PathBuf,
    /// Write the page to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Flags dated in the DAYS days up to the as-of date are "now": the banner and
    /// the list start with them, earlier ones fold away; `all` for the whole history.
    #[arg(long, value_parser = parse_recent, default_value = "14", value_name = "DAYS|all")]
    pub recent: Recent,
    // The day, the athlete, and every athlete's plan: in a squad, the plan options
    // (--days, --time, --body-mass, a race...) apply to every athlete.
    #[command(flatten)]
    pub plan: PlanArgs,
}

pub fn run(global: &Global, args: &ReportArgs) -> Result<ExitCode> {
    let mut config = global.config()?;
    args.plan.assess.apply(&mut config);
    // Notes are kept: the report lists the notes of sessions with a cramp.
    let history = global.read_history_keeping_text(&args.history)?;
    crate::guard::check_command(
        &history,
        &[&args.history],
        &[("-o", args.output.as_deref())],
        &crate::guard::plan_dates(&args.plan)?,
    )?;
    let plan = args.plan.options(&config, &history)?;
    let options = ReportOptions {
        as_of: plan.as_of,
        athlete: plan.athlete.clone(),
        plan,
        recent_days: args.recent.0,
        source: args.history.file_name().map(|name| name.to_string_lossy().into_owned()),
    };
    let report = Report::new(&history, options)?;
    let started = Instant::now();
    let athletes = report.athletes();
    // The page goes to a file or a pipe; the bar, on a terminal, to stderr.
    let progress = Progress::new(global.quiet, athletes as u64, "athletes", args.output.is_some());
    let mut summary = Default::default();
    output::emit(args.output.as_deref(), |out| {
        summary = report.write_html(out, &config, &mut |done| progress.set(done as u64))?;
        Ok(())
    })?;
    progress.finish();
    global.detail(format_args!(
        "report: {} athlete{} as of {}: {} flags ({} danger, {} caution, {} info), {} planned sessions{} in {}",
        summary.athletes,
        if summary.athletes == 1 { "" } else { "s" },
        report.as_of(),
        summary.flags,
        summary.danger,
        summary.caution,
        summary.info,
        summary.planned_sessions,
        if summary.without_plan > 0 {
            format!(" ({} athletes without a plan)", summary.without_plan)
        } else {
            String::new()
        },
        crate::progress::elapsed(started)
    ));
    if let Some(path) = &args.output {
        global.detail(format_args!("wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}
