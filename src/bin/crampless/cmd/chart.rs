//! `crampless chart`: read a history, analyse one athlete, draw a chart to a PNG or
//! SVG file. The plan and calendar charts draw the plan `plan` prints with the same
//! options.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crampless::AnalysisOptions;
use crampless::chart::{self, ChartInput, ChartOptions, Measure};

use crate::args::{Global, PlanArgs, one_athlete, parse_date};

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// The history CSV (date, sport, duration_min, ...).
    pub history: PathBuf,
    /// The image to write; the extension chooses the format: .png or .svg.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// What to draw.
    #[arg(long, value_enum, default_value_t = KindArg::Load)]
    pub kind: KindArg,
    /// Image width in pixels [default: 1200; calendar: an A4 page at 300 dpi].
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Image height in pixels [default: 700; calendar: an A4 page at 300 dpi].
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// First day to show (YYYY-MM-DD); default: the athlete's first session.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// What the weekly chart totals.
    #[arg(long, value_enum, default_value_t = MeasureArg::Load)]
    pub measure: MeasureArg,
    // The day, the athlete, and the plan (its options count for the plan and calendar charts).
    #[command(flatten)]
    pub plan: PlanArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Daily load, acute and chronic load, flags, and the ACWR panel.
    Load,
    /// Weekly totals coloured by the weekly-ramp rule, with rest days.
    Weekly,
    /// The last 8 weeks and the planned weeks, with the ramp cap.
    Plan,
    /// Fitness, fatigue and form.
    Form,
    /// The plan as a printable week-by-week calendar.
    Calendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureArg {
    /// Training load, AU (minutes x RPE).
    Load,
    Minutes,
    /// Kilometres.
    Distance,
    /// Kilograms lifted (weight x reps).
    Tonnage,
}

impl From<MeasureArg> for Measure {
    fn from(m: MeasureArg) -> Self {
        match m {
            MeasureArg::Load => Measure::Load,
            MeasureArg::Minutes => Measure::Minutes,
            MeasureArg::Distance => Measure::Distance,
            MeasureArg::Tonnage => Measure::Tonnage,
        }
    }
}

pub fn run(global: &Global, args: &ChartArgs) -> Result<ExitCode> {
    let mut config = global.config()?;
    args.plan.assess.apply(&mut config);
    let as_of = args.plan.assess.as_of.resolve()?;
    let history = global.read_history(&args.history, None)?;
    crate::guard::check_command(
        &history,
        crate::args::today()?,
        &[&args.history],
        &[("-o", Some(&args.output))],
        &args.plan.dates()?,
    )?;
    let athlete = one_athlete(&history, args.plan.assess.athlete.as_deref(), "a chart")?;
    let analysis = crampless::analyze(
        &history,
        &config,
        &AnalysisOptions {
            as_of,
            athlete: Some(athlete.clone()),
            ..AnalysisOptions::default()
        },
    )?;
    let report = &analysis.athletes[0];
    let athlete_name = report.athlete.clone();
    let plan = match args.kind {
        KindArg::Plan | KindArg::Calendar => Some(crampless::plan::build(
            &history,
            &config,
            &args.plan.options(&config, &history)?,
        )?),
        _ => None,
    };
    let input = match (args.kind, &plan) {
        (KindArg::Load, _) => ChartInput::Load { report },
        (KindArg::Weekly, _) => ChartInput::Weekly { report },
        (KindArg::Form, _) => ChartInput::Form { report },
        (KindArg::Plan, Some(plan)) => ChartInput::Plan { report, plan },
        (KindArg::Calendar, Some(plan)) => ChartInput::Calendar { plan },
        (KindArg::Plan | KindArg::Calendar, None) => unreachable!("the plan is built for these kinds"),
    };
    let (default_w, default_h) = input.default_size();
    let size = match (args.width, args.height) {
        (None, None) => None,
        (w, h) => Some((w.unwrap_or(default_w), h.unwrap_or(default_h))),
    };
    let options = ChartOptions {
        size,
        since: args.since,
        measure: args.measure.into(),
        ..ChartOptions::for_config(&config)
    };
    let started = std::time::Instant::now();
    chart::render(&args.output, &input, &options)?;
    global.detail(format_args!(
        "chart: drew the {} chart of {athlete_name} to {} in {}",
        input.kind(),
        args.output.display(),
        crate::progress::elapsed(started)
    ));
    Ok(ExitCode::SUCCESS)
}
