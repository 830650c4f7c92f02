//! A progress bar on stderr for long imports (thousands of watch files, a Strava
//! archive), drawn only when stderr is a terminal, so logs and pipes stay clean.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
