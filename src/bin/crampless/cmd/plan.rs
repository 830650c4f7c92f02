//! `crampless plan`: the next weeks at a safe pace, checked by the same rules.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::{NaiveDate, NaiveTime};
use clap::{Args, ValueEnum};

use crampless::plan::{Goal, GoalMeasure, PlanOptions};
use crampless::render::plan::{self, Format, IcsOptions};

use crate::args::{AssessArgs, Global, parse_date};
use crate::output;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The history CSV the plan builds on.
    pub history: PathBuf,
    /// Full weeks to plan, after the rest of the current week.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub weeks: usize,
    /// First day of the plan, any day after the as-of date [default: the day after it].
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub start: Option<NaiveDate>,
    /// Training sessions per week [default: as in your usual recent weeks (spike weeks left out),
    /// clamped so the rest days fit].
    #[arg(long, value_name = "N")]
    pub sessions_per_week: Option<usize>,
    /// Full rest days per week, 1 to 6 [default: 2, or 1 when your recent weeks routinely
    /// have 6 training days].
    #[arg(long, value_name = "N")]
    pub rest_days: Option<usize>,
    /// Maximum weekly load increase, percent.
    #[arg(long, default_value_t = 10.0, value_name = "PCT")]
    pub ramp: f64,
    /// Every N-th week is an easier (deload) week; 0 for none.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub deload_every: usize,
    /// How much lighter a deload week is than the week before, percent.
    #[arg(long, default_value_t = 30.0, value_name = "PCT")]
    pub deload: f64,
    /// Sports to plan, e.g. run,strength [default: your main sports by load over the last 28 days].
    #[arg(long, value_delimiter = ',', value_name = "SPORT")]
    pub sport: Vec<String>,
    /// Body mass in kg, for hydration amounts [default: athletes.<name>.body_mass_kg in the config].
    #[arg(long, value_name = "KG")]
    pub body_mass: Option<f64>,
    #[command(flatten)]
    pub assess: AssessArgs,
    /// A weekly volume in minutes to build up to.
    #[arg(long, value_name = "MIN", conflicts_with = "goal_load")]
    pub goal_minutes: Option<f64>,
    /// A weekly load in AU to build up to.
    #[arg(long, value_name = "AU")]
    pub goal_load: Option<f64>,
    /// The date to reach the goal by; the plan says whether that is safely possible.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub by: Option<NaiveDate>,
    /// Race date to build toward (taper and race day included).
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "race_distance")]
    pub race_date: Option<NaiveDate>,
    /// Race distance: 5k, 10k, half, marathon or km.
    #[arg(long, value_name = "DIST", requires = "race_date")]
    pub race_distance: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
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

pub fn run(global: &Global, args: &PlanArgs) -> Result<ExitCode> {
    let mut config = global.config()?;
    args.assess.apply(&mut config);
    let as_of = args.assess.as_of.resolve()?;
    if args.by.is_some() && args.goal_minutes.is_none() && args.goal_load.is_none() {
        bail!("--by needs a goal: add --goal-minutes MIN or --goal-load AU");
    }
    let history = global.read_history(&args.history)?;
    let goal = match (args.goal_minutes, args.goal_load) {
        (Some(m), _) => Some(Goal {
            measure: GoalMeasure::Minutes,
            weekly: m,
            by: args.by,
        }),
        (None, Some(l)) => Some(Goal {
            measure: GoalMeasure::Load,
            weekly: l,
            by: args.by,
        }),
        (None, None) => None,
    };
    let body_mass = args.body_mass.or_else(|| {
        let athlete = args.assess.athlete.clone().or_else(|| {
            let names = history.athletes();
            (names.len() == 1).then(|| names[0].to_string())
        })?;
        config.athletes.get(&athlete)?.body_mass_kg
    });
    let options = PlanOptions {
        weeks: args.weeks,
        start: args.start,
        as_of,
        sessions_per_week: args.sessions_per_week,
        rest_days: args.rest_days,
        ramp_pct: args.ramp,
        deload_every: args.deload_every,
        deload_pct: args.deload,
        sports: args.sport.clone(),
        body_mass_kg: body_mass,
        athlete: args.assess.athlete.clone(),
        goal,
        race: match (args.race_date, args.race_distance.as_deref()) {
            (Some(date), Some(d)) => Some(crampless::plan::RaceGoal {
                date,
                distance_km: match d {
                    "5k" => 5.0,
                    "10k" => 10.0,
                    "half" => 21.0975,
                    "marathon" => 42.195,
                    km => km.parse().map_err(|_| {
                        anyhow::anyhow!("--race-distance {km:?}: expected 5k, 10k, half, marathon or km")
                    })?,
                },
            }),
            _ => None,
        },
        ..PlanOptions::default()
    };
    let session_time = NaiveTime::parse_from_str(&config.plan.session_time, "%H:%M").map_err(|_| {
        anyhow::anyhow!(
            "plan.session_time {:?} in the config is not a time; expected HH:MM, e.g. 18:00",
            config.plan.session_time
        )
    })?;
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
                as_of,
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
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Md => Format::Markdown,
        FormatArg::Csv => Format::Csv,
        FormatArg::Json => Format::Json,
        FormatArg::Ics => Format::Ics,
    };
    let style = global.style_for(args.output.as_deref());
    output::emit(args.output.as_deref(), |out| {
        plan::write(out, &plan, format, style, IcsOptions { session_time })
    })?;
    let blocking = plan.check.blocking().count();
    if blocking > 0 {
        global.warn(&[format!(
            "the plan still has {blocking} caution/danger flag(s) on planned days; see the self-check section"
        )]);
    }
    Ok(ExitCode::SUCCESS)
}
