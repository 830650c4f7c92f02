//! clap definitions shared by the subcommands, and their conversion to library types.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crampless::config::AcwrMethod;
use crampless::render::Style;
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
