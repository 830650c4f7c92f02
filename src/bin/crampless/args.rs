//! clap definitions shared by the subcommands, and their conversion to library types.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crampless::Config;
use crampless::config::AcwrMethod;
use crampless::render::Style;

use crate::cmd;

#[derive(Debug, Parser)]
#[command(
    name = "crampless",
    version,
    about = "Training-load planner that keeps you from ramping up too fast (and cramping)",
    long_about = "crampless reads your training history (one CSV row per session), flags what \
ramps up too fast (session spikes, weekly jumps, acute:chronic load, missing rest, hard days \
back to back, monotony, heat, unfamiliar activities, your cramp log) and plans the next weeks \
at a safe pace.\n\nFormulas and thresholds: docs/methodology.md.",
    after_help = "Examples:\n  crampless check examples/history.csv\n  crampless check history.csv --format json --acwr ewma\n  crampless plan history.csv --weeks 6\n  crampless report history.csv -o report.html\n  crampless init                # crampless.toml with every setting\n\nMore on a command: crampless help COMMAND, or crampless man COMMAND."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Settings file (TOML); default: ./crampless.toml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also print what was read and done, with timings, to stderr.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a history against progressive-training advice.
    #[command(
        after_help = "Examples:\n  crampless check examples/history.csv\n  crampless check history.csv --format json\n  crampless check history.csv --fail-on danger   # cron: a danger flag, last 14 days\n  crampless check history.csv --fail-on danger --recent all   # ... any date\n  crampless check history.csv --acwr ewma --as-of 2026-10-31 --athlete ana\n\nEvery report says its as-of date and the last session. Flags of the --recent days up to it come first (Now), the rest after (Earlier); JSON marks each flag \"recent\".\n\nExit status: 0 ok; 1 a recent flag at least as severe as --fail-on (the report is\nstill printed); 2 bad input or usage."
    )]
    Check(cmd::check::CheckArgs),
    /// Plan the next weeks from tomorrow at a safe pace, starting from what you can take now, with
    /// warm-up, cool-down and hydration reminders.
    #[command(
        after_help = "Examples:\n  crampless plan examples/history.csv\n  crampless plan history.csv --weeks 8 --format md -o plan.md\n  crampless plan history.csv --goal-minutes 360 --by 2027-03-01\n  crampless plan history.csv --format ics -o plan.ics\n  crampless plan history.csv --chart plan.png"
    )]
    Plan(cmd::plan::PlanArgs),
    /// Import app exports (Strava, Garmin, TrainingPeaks, intervals.icu, Strong, Hevy, FitNotes) and
    /// activity files (FIT, GPX, TCX, a Strava archive) into a history.
    #[command(
        after_help = "Examples:\n  crampless import ~/Downloads/activities.csv --into history.csv\n  crampless import strong.csv hevy.csv --into history.csv --athlete ana\n  crampless import Activities.csv --into history.csv --dry-run\n  crampless import activities.csv --into history.csv --tz Australia/Sydney\n  crampless import ~/garmin/*.fit run.gpx ride.tcx.gz --into history.csv\n  crampless import export_12345.zip --into history.csv --tz Europe/Berlin\n  crampless import export.csv --into history.csv --format generic --map date=\"Start Time\",sport=Type,duration=Time\n\nFormats, conversion and merge rules: docs/import.md."
    )]
    Import(cmd::import::ImportArgs),
    /// Draw a chart of a history or a plan as PNG or SVG.
    #[command(
        after_help = "Examples:\n  crampless chart history.csv -o load.png\n  crampless chart history.csv --kind weekly --measure minutes -o weekly.svg\n  crampless chart history.csv --kind form --since 2026-01-01 -o form.png\n  crampless chart history.csv --kind load --as-of last -o load.svg   # up to the last session\n  crampless chart history.csv --kind calendar --weeks 4 -o plan-calendar.png\n\nThe load, weekly, form and plan charts mark the as-of date (default today) with a labelled line."
    )]
    Chart(cmd::chart::ChartArgs),
    /// Write one self-contained HTML page: summary, flags, weekly table, charts and the plan.
    #[command(
        after_help = "Examples:\n  crampless report examples/history.csv -o report.html\n  crampless report squad.csv --weeks 6 -o squad.html      # an index, worst recent flag first\n  crampless report history.csv --athlete ana --as-of 2026-10-31 -o ana.html\n  crampless report history.csv --recent 28 -o report.html   # \"now\" is the last 28 days\n\nEach athlete's banner is the worst flag of the --recent days up to the as-of date, or \"nothing flagged\" with the days since the last session; earlier flags are folded away."
    )]
    Report(cmd::report::ReportArgs),
    /// Write crampless.toml with every setting at its default, each explained.
    #[command(
        after_help = "Examples:\n  crampless init                      # ./crampless.toml, read by every command run here\n  crampless init ~/club/crampless.toml\n  crampless init --force              # replace it; the old one is kept as crampless.toml.bak\n  crampless init -                    # print it"
    )]
    Init(cmd::init::InitArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  crampless completions bash > ~/.local/share/bash-completion/completions/crampless\n  source <(crampless completions bash)                # this shell only; or add it to ~/.bashrc\n  crampless completions zsh > ~/.zfunc/_crampless    # with fpath+=~/.zfunc before compinit\n  crampless completions fish > ~/.config/fish/completions/crampless.fish\n  crampless completions powershell >> $PROFILE"
    )]
    Completions(cmd::completions::CompletionsArgs),
    /// Print the manual page (roff) of crampless or of one of its commands.
    #[command(
        after_help = "Examples:\n  crampless man > crampless.1 && man -l crampless.1\n  crampless man report | man -l -\n  crampless man > ~/.local/share/man/man1/crampless.1"
    )]
    Man(cmd::man::ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AcwrArg {
    /// Acute 7-day mean over chronic 28-day mean (coupled).
    Rolling,
    /// Chronic = the 21 days before the acute week.
    Uncoupled,
    /// Exponentially weighted averages (Williams et al. 2017).
    Ewma,
}

impl From<AcwrArg> for AcwrMethod {
    fn from(a: AcwrArg) -> Self {
        match a {
            AcwrArg::Rolling => AcwrMethod::Rolling,
            AcwrArg::Uncoupled => AcwrMethod::Uncoupled,
            AcwrArg::Ewma => AcwrMethod::Ewma,
        }
    }
}

/// `--as-of`: the day a history is assessed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// A given date.
    Date(NaiveDate),
    /// The local date (or `CRAMPLESS_TODAY`).
    Today,
    /// The history's last session date.
    Last,
}

/// The environment variable that sets what `today` means, for tests and
/// reproducible runs; unset, it is the local date.
pub const TODAY_VAR: &str = "CRAMPLESS_TODAY";

/// Parse `--as-of DATE|today|last`.
pub fn parse_as_of(text: &str) -> Result<AsOf, String> {
    match text {
        "today" => Ok(AsOf::Today),
        "last" => Ok(AsOf::Last),
        _ => parse_date(text)
            .map(AsOf::Date)
            .map_err(|_| format!("{text:?} is not a date; expected YYYY-MM-DD (e.g. 2026-03-01), today or last")),
    }
}

impl AsOf {
    /// The date to assess on; `None` for the history's last session date.
    pub fn resolve(self) -> Result<Option<NaiveDate>> {
        Ok(match self {
            AsOf::Date(d) => Some(d),
            AsOf::Today => Some(today()?),
            AsOf::Last => None,
        })
    }
}

/// Today's local date, or the date in `CRAMPLESS_TODAY`.
pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_VAR) {
        Ok(text) => parse_date(&text).map_err(|e| anyhow::anyhow!("{TODAY_VAR}: {e}")),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// The options every command that assesses a history shares: the day, the athlete
/// and the ACWR method.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// Assess the history as of DATE (YYYY-MM-DD), `today`, or `last` (the history's
    /// last session date). Sessions after it are left out.
    #[arg(long, value_parser = parse_as_of, default_value = "today", value_name = "DATE|today|last")]
    pub as_of: AsOf,
    /// The athlete (required when the history holds several and the command shows one).
    #[arg(long)]
    pub athlete: Option<String>,
    /// ACWR method (overrides the config).
    #[arg(long, value_enum)]
    pub acwr: Option<AcwrArg>,
}

impl AssessArgs {
    /// The config with `--acwr` applied.
    pub fn apply(&self, config: &mut Config) {
        if let Some(method) = self.acwr {
            config.acwr.method = method.into();
        }
    }
}

/// `--recent DAYS|all`: how many days up to the as-of date count as "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent(pub Option<u32>);

/// Parse `--recent DAYS|all` (DAYS from 1 to 3660, ten years).
pub fn parse_recent(text: &str) -> Result<Recent, String> {
    if text == "all" {
        return Ok(Recent(None));
    }
    match text.parse::<u32>() {
        Ok(days) if (1..=3660).contains(&days) => Ok(Recent(Some(days))),
        _ => Err(format!(
            "{text:?} is not a number of days; expected 1 to 3660, or all (the whole history)"
        )),
    }
}

/// Parse a `YYYY-MM-DD` argument.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    ok.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("{text:?} is not a date; expected YYYY-MM-DD, e.g. 2026-03-01"))
}

impl Global {
    /// The config: `--config FILE`, else `./crampless.toml` when present, else defaults.
    pub fn config(&self) -> Result<Config> {
        let default = Path::new("crampless.toml");
        match &self.config {
            Some(path) => Ok(Config::load(path)?),
            None if default.is_file() => Ok(Config::load(default)?),
            None => Ok(Config::default()),
        }
    }

    /// Whether stdout output should be coloured.
    pub fn style(&self) -> Style {
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        };
        Style { color }
    }

    /// The style for output going to `output` (a file is never coloured) or stdout.
    pub fn style_for(&self, output: Option<&Path>) -> Style {
        if output.is_some() {
            Style::default()
        } else {
            self.style()
        }
    }

    /// Print warnings to stderr unless `--quiet`.
    pub fn warn(&self, warnings: &[String]) {
        if !self.quiet {
            for w in warnings {
                eprintln!("crampless: warning: {w}");
            }
        }
    }

    /// Print a `--verbose` line to stderr.
    pub fn detail(&self, message: std::fmt::Arguments) {
        if self.verbose {
            eprintln!("crampless: {message}");
        }
    }

    /// Read a history file for analysis (notes and ids are not kept), printing its
    /// warnings.
    pub fn read_history(&self, path: &Path) -> Result<crampless::History> {
        self.read_history_with(path, false)
    }

    /// Read a history file keeping its notes and ids, printing its warnings.
    pub fn read_history_keeping_text(&self, path: &Path) -> Result<crampless::History> {
        self.read_history_with(path, true)
    }

    fn read_history_with(&self, path: &Path, keep_text: bool) -> Result<crampless::History> {
        let started = std::time::Instant::now();
        let options = crampless::history::ReadOptions {
            keep_text,
            ..Default::default()
        };
        let history = crampless::history::read(path, options)
            .with_context(|| "cannot read the history")
            .map_err(strip_context)?;
        self.warn(&history.warnings);
        if self.verbose {
            self.detail(format_args!(
                "read {} sessions of {} athlete(s) from {} in {}",
                history.sessions.len(),
                history.athletes().len(),
                path.display(),
                crate::progress::elapsed(started)
            ));
        }
        Ok(history)
    }
}

/// The library's errors already name the file; an extra context line would repeat it.
fn strip_context(e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<crampless::Error>() {
        Ok(inner) => inner.into(),
        Err(other) => other,
    }
}
