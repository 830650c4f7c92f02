//! clap definitions shared by the subcommands, and their conversion to library types.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, NaiveTime, Weekday};
use clap::{Args, ValueEnum};

use crampless::config::AcwrMethod;
use crampless::plan::{Goal, GoalMeasure, PlanOptions, RaceGoal};
use crampless::render::{DEFAULT_WIDTH, MIN_WIDTH, Style};
use crampless::{Config, History};

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

    /// How stdout output looks: coloured or not, and the width to wrap at (the
    /// terminal's, or `COLUMNS`; 100 columns when stdout is not a terminal).
    pub fn style(&self) -> Style {
        let terminal = std::io::stdout().is_terminal();
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
        };
        Style {
            color,
            width: terminal_width(terminal).unwrap_or(DEFAULT_WIDTH).max(MIN_WIDTH),
        }
    }

    /// The style for output going to `output` (a file is never coloured, and is
    /// wrapped at 100 columns) or stdout.
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
                // Warnings quote names and file names: no control character reaches the terminal.
                eprintln!("crampless: warning: {}", crampless::escape::terminal(w));
            }
        }
    }

    /// Print a `--verbose` line to stderr.
    pub fn detail(&self, message: std::fmt::Arguments) {
        if self.verbose {
            eprintln!("crampless: {}", crampless::escape::terminal(&message.to_string()));
        }
    }

    /// How a history is read for analysis on `today`: a date more than a year
    /// ahead is a typo; `keep_text` as in [`crampless::history::ReadOptions`].
    pub fn read_options(&self, today: chrono::NaiveDate, keep_text: bool) -> crampless::history::ReadOptions {
        crampless::history::ReadOptions {
            keep_text,
            latest_date: crate::guard::latest_read_date(today),
        }
    }

    /// Read a history file for analysis (notes and ids are not kept), printing its
    /// warnings; athlete and sport names shown as `shown` says (escaped for a
    /// terminal when the output is text).
    pub fn read_history(&self, path: &Path, shown: Option<crampless::history::Shown>) -> Result<crampless::History> {
        let started = std::time::Instant::now();
        let today = today()?;
        let history = crampless::history::read_shown(path, self.read_options(today, false), shown)
            .with_context(|| "cannot read the history")
            .map_err(strip_context)?;
        self.warn(&history.warnings);
        self.warn(crate::guard::future_sessions(path, &history, today).as_slice());
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

    /// Index a history file by athlete (see [`crampless::history::Indexed`]),
    /// printing its warnings as [`Global::read_history`] does; `keep_text` as in
    /// [`crampless::history::ReadOptions`].
    pub fn index_history(
        &self,
        path: &Path,
        shown: Option<crampless::history::Shown>,
        keep_text: bool,
    ) -> Result<crampless::history::Indexed> {
        let started = std::time::Instant::now();
        let today = today()?;
        let index = crampless::history::Indexed::read(path, self.read_options(today, keep_text), shown)
            .with_context(|| "cannot read the history")
            .map_err(strip_context)?;
        self.warn(index.warnings());
        self.warn(crate::guard::future_sessions_in_index(path, &index, today)?.as_slice());
        if self.verbose {
            self.detail(format_args!(
                "read {} sessions of {} athlete(s) from {} in {}",
                index.rows(),
                index.athletes().len(),
                path.display(),
                crate::progress::elapsed(started)
            ));
        }
        Ok(index)
    }
}

/// The width of the terminal stdout is on: `COLUMNS` when set (as a shell sets it
/// for a resized window), else the terminal's size; none when stdout is not a
/// terminal.
fn terminal_width(terminal: bool) -> Option<usize> {
    if !terminal {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    columns
        .filter(|&c| c > 0)
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
}

/// The library's errors already name the file; an extra context line would repeat it.
fn strip_context(e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<crampless::Error>() {
        Ok(inner) => inner.into(),
        Err(other) => other,
    }
}

/// The options of a plan, the same for `plan`, `chart --kind plan|calendar` and
/// `report`, so that each draws the plan the others print. With the day, the
/// athlete and the ACWR method ([`AssessArgs`]).
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub assess: AssessArgs,
    /// Full weeks to plan, after the rest of the current week.
    #[arg(long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=crampless::report::MAX_WEEKS as i64),
          help_heading = "Plan options")]
    pub weeks: u16,
    /// First day of the plan, any day after the as-of date [default: the day after it].
    #[arg(long, value_parser = parse_date, value_name = "DATE", help_heading = "Plan options")]
    pub start: Option<NaiveDate>,
    /// Training sessions per week [default: as in your usual recent weeks (spike weeks left out),
    /// clamped so the rest days fit].
    #[arg(long, value_name = "N", help_heading = "Plan options")]
    pub sessions_per_week: Option<usize>,
    /// Full rest days per week [default: 2, or 1 when your recent weeks routinely have 6
    /// training days].
    #[arg(long, value_name = "N", help_heading = "Plan options")]
    pub rest_days: Option<usize>,
    /// Training weekdays, e.g. mon,wed,fri,sun [default: the days you usually train].
    #[arg(long, value_delimiter = ',', value_parser = parse_weekday, value_name = "DAYS",
          help_heading = "Plan options")]
    pub days: Option<Vec<Weekday>>,
    /// The long session's weekday, e.g. sun [default: your usual long day].
    #[arg(long, value_parser = parse_weekday, value_name = "DAY", help_heading = "Plan options")]
    pub long_day: Option<Weekday>,
    /// Start time of every session, HH:MM [default: your usual time on each weekday, else
    /// plan.session_time in the config].
    #[arg(long, value_parser = parse_time, value_name = "HH:MM", help_heading = "Plan options")]
    pub time: Option<NaiveTime>,
    /// Sports to plan, e.g. run,strength [default: your main sports by load over the last 28 days].
    #[arg(long, value_delimiter = ',', value_name = "SPORT", help_heading = "Plan options")]
    pub sport: Vec<String>,
    /// Maximum weekly load increase, percent.
    #[arg(long, default_value_t = 10.0, value_name = "PCT", help_heading = "Plan options")]
    pub ramp: f64,
    /// Every N-th week is an easier (deload) week; 0 for none.
    #[arg(long, default_value_t = 4, value_name = "N", help_heading = "Plan options")]
    pub deload_every: usize,
    /// How much lighter a deload week is than the week before, percent.
    #[arg(long, default_value_t = 30.0, value_name = "PCT", help_heading = "Plan options")]
    pub deload: f64,
    /// Body mass in kg, for hydration amounts [default: athletes.<name>.body_mass_kg in the config].
    #[arg(long, value_name = "KG", help_heading = "Plan options")]
    pub body_mass: Option<f64>,
    /// A weekly volume in minutes to build up to.
    #[arg(
        long,
        value_name = "MIN",
        conflicts_with = "goal_load",
        help_heading = "Plan options"
    )]
    pub goal_minutes: Option<f64>,
    /// A weekly load in AU to build up to.
    #[arg(long, value_name = "AU", help_heading = "Plan options")]
    pub goal_load: Option<f64>,
    /// The date to reach the goal by; the plan says whether that is safely possible.
    #[arg(long, value_parser = parse_date, value_name = "DATE", help_heading = "Plan options")]
    pub by: Option<NaiveDate>,
    /// A race to build toward, taper for and run (with --race-distance); the plan runs through it.
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "race_distance",
          help_heading = "Plan options")]
    pub race_date: Option<NaiveDate>,
    /// The race's distance: 5k, 10k, half, marathon, or a number of km (with --race-date).
    #[arg(long, value_parser = parse_race_distance, value_name = "5k|10k|half|marathon|KM",
          requires = "race_date", help_heading = "Plan options")]
    pub race_distance: Option<f64>,
}

impl PlanArgs {
    /// The dates of the plan options (and the as-of date) to keep within the
    /// history's span: `--as-of`, `--start`, `--by`, `--race-date`.
    pub fn dates(&self) -> Result<[(&'static str, Option<NaiveDate>); 4]> {
        Ok([
            ("--as-of", self.assess.as_of.resolve()?),
            ("--start", self.start),
            ("--by", self.by),
            ("--race-date", self.race_date),
        ])
    }

    /// The library's plan options, the only place the command line becomes one.
    /// `history` gives the body mass's athlete when the history holds one athlete
    /// and the as-of date's fallback (the last session) for the race check; `--body-mass`
    /// falls back to `athletes.<name>.body_mass_kg` of the config for that athlete.
    pub fn options(&self, config: &Config, history: &History) -> Result<PlanOptions> {
        let athletes = history.athletes();
        let last_of = |athlete: Option<&str>| {
            history
                .sessions
                .iter()
                .filter(|s| athlete.is_none_or(|a| s.athlete == a))
                .map(|s| s.date)
                .max()
        };
        self.options_for(config, &athletes, &last_of)
    }

    /// [`PlanArgs::options`] for a history indexed by athlete.
    pub fn options_for_index(&self, config: &Config, index: &crampless::history::Indexed) -> Result<PlanOptions> {
        let athletes: Vec<&str> = index.athletes().iter().map(|a| a.name.as_str()).collect();
        let last_of = |athlete: Option<&str>| {
            index
                .athletes()
                .iter()
                .filter(|a| athlete.is_none_or(|w| a.name == w))
                .map(|a| a.last)
                .max()
        };
        self.options_for(config, &athletes, &last_of)
    }

    /// The plan options of a history holding `athletes` (by name), whose last
    /// session date (of one athlete, or of all) `last_of` gives.
    fn options_for(
        &self,
        config: &Config,
        athletes: &[&str],
        last_of: &dyn Fn(Option<&str>) -> Option<NaiveDate>,
    ) -> Result<PlanOptions> {
        let as_of = self.assess.as_of.resolve()?;
        if self.by.is_some() && self.goal_minutes.is_none() && self.goal_load.is_none() {
            bail!("--by needs a goal: add --goal-minutes MIN or --goal-load AU");
        }
        let goal = match (self.goal_minutes, self.goal_load) {
            (Some(m), _) => Some((GoalMeasure::Minutes, m)),
            (None, Some(l)) => Some((GoalMeasure::Load, l)),
            (None, None) => None,
        }
        .map(|(measure, weekly)| Goal {
            measure,
            weekly,
            by: self.by,
        });
        let athlete = self.assess.athlete.clone().or_else(|| match athletes {
            [only] => Some(only.to_string()),
            _ => None,
        });
        let body_mass_kg = self
            .body_mass
            .or_else(|| config.athletes.get(athlete.as_deref()?)?.body_mass_kg);
        let race = match (self.race_date, self.race_distance) {
            (Some(date), Some(distance_km)) => {
                let from = as_of.or_else(|| last_of(athlete.as_deref()));
                if let Some(from) = from
                    && date <= from
                {
                    bail!("--race-date {date} is not after the as-of date {from}");
                }
                Some(RaceGoal { date, distance_km })
            }
            _ => None,
        };
        Ok(PlanOptions {
            weeks: usize::from(self.weeks),
            start: self.start,
            as_of,
            sessions_per_week: self.sessions_per_week,
            rest_days: self.rest_days,
            ramp_pct: self.ramp,
            deload_every: self.deload_every,
            deload_pct: self.deload,
            sports: self.sport.clone(),
            body_mass_kg,
            athlete: self.assess.athlete.clone(),
            goal,
            days: self.days.clone().map(|mut days| {
                days.sort_by_key(|d| d.num_days_from_monday());
                days.dedup();
                days
            }),
            long_day: self.long_day,
            time: self.time,
            race,
        })
    }
}

/// Parse a weekday: `mon`..`sun` or the full name, any case.
pub fn parse_weekday(text: &str) -> Result<Weekday, String> {
    const DAYS: [(&str, &str, Weekday); 7] = [
        ("mon", "monday", Weekday::Mon),
        ("tue", "tuesday", Weekday::Tue),
        ("wed", "wednesday", Weekday::Wed),
        ("thu", "thursday", Weekday::Thu),
        ("fri", "friday", Weekday::Fri),
        ("sat", "saturday", Weekday::Sat),
        ("sun", "sunday", Weekday::Sun),
    ];
    let lower = text.trim().to_ascii_lowercase();
    DAYS.iter()
        .find(|(short, long, _)| lower == *short || lower == *long)
        .map(|(_, _, day)| *day)
        .ok_or_else(|| {
            format!("{text:?} is not a weekday; expected mon, tue, wed, thu, fri, sat or sun (or the full name)")
        })
}

/// Parse a time of day, `HH:MM` (24-hour clock).
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let ok = text.len() == 5 && text.as_bytes()[2] == b':';
    ok.then(|| NaiveTime::parse_from_str(text, "%H:%M").ok())
        .flatten()
        .ok_or_else(|| format!("{text:?} is not a time; expected HH:MM on a 24-hour clock, e.g. 07:00 or 18:30"))
}

/// Parse a race distance: `5k`, `10k`, `half`, `marathon`, or km (`15`, `21.1`, `50km`).
pub fn parse_race_distance(text: &str) -> Result<f64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let km = match lower.as_str() {
        "5k" => Some(5.0),
        "10k" => Some(10.0),
        "half" | "half-marathon" | "half_marathon" => Some(21.0975),
        "marathon" => Some(42.195),
        number => number.trim_end_matches("km").trim().parse::<f64>().ok(),
    };
    match km {
        Some(km) if km > 0.0 && km <= 1000.0 => Ok(km),
        _ => Err(format!(
            "{text:?} is not a race distance; expected 5k, 10k, half, marathon or a number of km, e.g. 15"
        )),
    }
}

/// The one athlete a command shows: `wanted`, or the only athlete of the history;
/// an error listing them when there are several and none was chosen.
pub fn one_athlete(history: &History, wanted: Option<&str>, what: &str) -> Result<String> {
    if let Some(name) = wanted {
        return Ok(name.to_string());
    }
    match history.athletes().as_slice() {
        [only] => Ok(only.to_string()),
        [] => bail!("the history has no sessions"),
        several => bail!(
            "{what} shows one athlete and the history holds {}: {}; choose one with --athlete NAME",
            several.len(),
            several.join(", ")
        ),
    }
}
