//! A progress bar on stderr for runs that take a while: a club's `check` or
//! `report`, an `import` of many files. Only on a terminal, never with `--quiet`,
//! never over output that is going to the same terminal, and only once the run
//! has taken half a second, so quick runs never flash a bar.
//! (`CRAMPLESS_PROGRESS_DELAY_MS` changes the delay; the tests set it to 0.)
//! `ImportBar` is the same idea for the library's parallel reading of many
//! activity files, whose amount of work is only known as files are opened.

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar appears.
const DEFAULT_DELAY: Duration = Duration::from_millis(500);

/// A progress bar that may never be shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    delay: Duration,
    shown: Cell<bool>,
}

impl Progress {
    /// A bar counting to `len` `unit`s, never with `quiet`. `stdout_free`: nothing goes to stdout while
    /// the bar runs (the result goes to a file, or is printed after the bar); else
    /// the bar stays away when stdout is a terminal, where it would mix with the
    /// output.
    pub fn new(quiet: bool, len: u64, unit: &str, stdout_free: bool) -> Progress {
        Progress::with_template(quiet, len, &format!("{{pos}}/{{len}} {unit}"), stdout_free)
    }

    /// A bar counting to `len` bytes (of a file read as it goes), with a message
    /// ([`Progress::say`]), as [`Progress::new`].
    pub fn bytes(quiet: bool, len: u64, stdout_free: bool) -> Progress {
        Progress::with_template(quiet, len, "{bytes}/{total_bytes} read, {msg}", stdout_free)
    }

    /// What the bar says after its count.
    pub fn say(&self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    fn with_template(quiet: bool, len: u64, count: &str, stdout_free: bool) -> Progress {
        let stdout_busy = !stdout_free && std::io::stdout().is_terminal();
        let wanted = !quiet && len > 1 && std::io::stderr().is_terminal() && !stdout_busy;
        let bar = wanted.then(|| {
            let style = ProgressStyle::with_template(&format!("[{{bar:30}}] {count} ({{eta}} left)"))
                .expect("a valid template")
                .progress_chars("=> ");
            ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden()).with_style(style)
        });
        let delay = std::env::var("CRAMPLESS_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DEFAULT_DELAY, Duration::from_millis);
        Progress {
            bar,
            started: Instant::now(),
            delay,
            shown: Cell::new(false),
        }
    }

    /// `done` units are done.
    pub fn set(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        if !self.shown.get() && self.started.elapsed() >= self.delay {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown.set(true);
        }
        bar.set_position(done);
    }

    /// One more unit is done.
    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            self.set(bar.position() + 1);
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // An error ends the run early: the bar must not stay over the message.
        self.finish();
    }
}

/// A duration for `--verbose`: "85 ms", "2.4 s".
pub fn elapsed(since: Instant) -> String {
    let d = since.elapsed();
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// From this many files on, an import shows a bar; an archive always does.
const MANY_FILES: usize = 20;

/// The library's progress reports, drawn as a bar (or nothing).
pub struct ImportBar(Option<ProgressBar>);

impl ImportBar {
    /// A bar for reading `files`, when it is worth one and stderr is a terminal.
    pub fn new(files: &[PathBuf], quiet: bool) -> ImportBar {
        let has_archive = files
            .iter()
            .any(|f| f.is_dir() || f.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")));
        if quiet || !std::io::stderr().is_terminal() || (files.len() < MANY_FILES && !has_archive) {
            return ImportBar(None);
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("reading {bar:40} {pos}/{len} files, {eta} left") {
            bar.set_style(style);
        }
        ImportBar(Some(bar))
    }

    /// Clear the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl crampless::import::Progress for ImportBar {
    fn add_work(&self, units: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(units);
        }
    }

    fn done(&self, units: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(units);
        }
    }
}
