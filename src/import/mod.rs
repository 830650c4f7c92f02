//! Importing app exports into the canonical history.
//!
//! This module owns everything between an export file and [`Session`]s: reading the
//! file as a table (`table`), telling which app wrote it from its header (`detect`),
//! converting its rows with one module per format (`strava`, `garmin`, ...; gym logs
//! share `gym`), checking that every session reads back as a valid history row
//! (`readback`), and merging them into an existing history without losing or duplicating
//! anything ([`merge()`]). Parsing helpers each have a small module: `number`,
//! `duration`, `dates`, `units`, `muscles`, `zone`.
//!
//! Formats: Strava bulk export, Garmin Connect activity list, TrainingPeaks workouts,
//! intervals.icu activities, Strong, Hevy, FitNotes, the canonical history itself,
//! and `generic` with a column mapping; and activity files — FIT, GPX, TCX, gzipped
//! or not, and the whole Strava archive — in `activity`, told by their bytes.
//! [`read_files`] reads many files on all cores ([`crate::parallel`]). `docs/import.md` has
//! the user-facing rules; `shared/docs/import-formats.md` the research behind each
//! format.
//!
//! Nothing here prints: every outcome (sessions, rejected rows, warnings) is data.

mod activity;
mod canonical;
mod dates;
mod duration;
mod fitnotes;
mod garmin;
mod generic;
mod gym;
mod hevy;
mod intervals;
mod merge;
mod muscles;
mod number;
mod readback;
mod strava;
mod strong;
mod table;
mod trainingpeaks;
mod units;
mod zone;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::{Error, Result, shown};
use crate::history::{DEFAULT_ATHLETE, History, ReadOptions, Session};
use table::{Header, Record, Table};

pub use activity::Enrichment;
pub use generic::ColumnMap;
pub use merge::{MergeOutcome, merge};
pub use units::{KG_PER_LB, KM_PER_MILE, WeightUnit};
pub use zone::Zone;

/// The export formats crampless reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Strava,
    Garmin,
    TrainingPeaks,
    Intervals,
    Strong,
    Hevy,
    FitNotes,
    Canonical,
    Generic,
    /// Activity files, one workout each (usually), recognised by their bytes.
    Fit,
    Gpx,
    Tcx,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 12] = [
        Format::Strava,
        Format::Garmin,
        Format::TrainingPeaks,
        Format::Intervals,
        Format::Strong,
        Format::Hevy,
        Format::FitNotes,
        Format::Canonical,
        Format::Generic,
        Format::Fit,
        Format::Gpx,
        Format::Tcx,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Strava => "strava",
            Format::Garmin => "garmin",
            Format::TrainingPeaks => "trainingpeaks",
            Format::Intervals => "intervals",
            Format::Strong => "strong",
            Format::Hevy => "hevy",
            Format::FitNotes => "fitnotes",
            Format::Canonical => "canonical",
            Format::Generic => "generic",
            Format::Fit => "fit",
            Format::Gpx => "gpx",
            Format::Tcx => "tcx",
        }
    }

    /// The file a user exports from the app.
    pub fn description(self) -> &'static str {
        match self {
            Format::Strava => "Strava bulk export activities.csv",
            Format::Garmin => "Garmin Connect activity list (Activities.csv)",
            Format::TrainingPeaks => "TrainingPeaks workout summaries",
            Format::Intervals => "intervals.icu activities CSV",
            Format::Strong => "Strong workout export",
            Format::Hevy => "Hevy workout export",
            Format::FitNotes => "FitNotes workout data export",
            Format::Canonical => "crampless history CSV",
            Format::Generic => "any spreadsheet, with --map",
            Format::Fit => "FIT activity file",
            Format::Gpx => "GPX track",
            Format::Tcx => "TCX activity file",
        }
    }

    /// Whether this is an activity file (one workout a file) rather than an export
    /// table (many sessions a file).
    pub fn is_activity_file(self) -> bool {
        matches!(self, Format::Fit | Format::Gpx | Format::Tcx)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase().replace(['.', '-', '_', ' '], "");
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted || (wanted == "intervalsicu" && *f == Format::Intervals))
            .ok_or_else(|| format!("{s:?} is not a format; expected one of {}", format_list()))
    }
}

fn format_list() -> String {
    Format::ALL.map(Format::name).join(", ")
}

/// How to read exports.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format, when detection from the header should be overridden.
    pub format: Option<Format>,
    /// Column mapping for [`Format::Generic`]; implies it when no format is given.
    pub mapping: Option<ColumnMap>,
    /// The athlete sessions are recorded for (default [`DEFAULT_ATHLETE`]); canonical
    /// files keep the athletes they name.
    pub athlete: Option<String>,
    /// The athlete's time zone, for exports with UTC times (Strava).
    pub zone: Zone,
    /// The unit of weights in files that do not say (Strong's classic layout).
    pub weight_unit: Option<WeightUnit>,
    /// Dates later than this are rejected, as the history reader does.
    pub latest_date: NaiveDate,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            mapping: None,
            athlete: None,
            zone: Zone::Local,
            weight_unit: None,
            latest_date: ReadOptions::default().latest_date,
        }
    }
}

/// One export, read and converted.
#[derive(Debug)]
pub struct ImportedFile {
    pub path: PathBuf,
    pub format: Format,
    /// Which variant of the format, e.g. "2023+ semicolon layout".
    pub layout: String,
    /// Data rows in the file (blank lines not counted).
    pub rows_read: usize,
    /// The sessions found, in file order.
    pub sessions: Vec<Session>,
    /// Rows that could not be used, each naming file, line and reason.
    pub rejected: Vec<Error>,
    /// Rows without actuals: planned-only workouts and day-off notes.
    pub skipped_planned: usize,
    /// Rows that are not training: rest timers and note rows.
    pub skipped_other: usize,
    /// Things the user should know (estimated durations, assumed units, ...).
    pub warnings: Vec<String>,
    /// For a Strava archive: what its activity files added to `activities.csv`.
    pub enrichment: Option<Enrichment>,
}

impl ImportedFile {
    /// First and last session date.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.sessions.iter().map(|s| s.date).min()?;
        let last = self.sessions.iter().map(|s| s.date).max()?;
        Some((first, last))
    }
}

/// Told how a long import goes, from worker threads: the command line draws a
/// progress bar with it.
pub trait Progress: Sync {
    /// `units` more pieces of work (files, or activity files inside an archive) are known.
    fn add_work(&self, _units: u64) {}
    /// `units` pieces of work are done.
    fn done(&self, _units: u64) {}
}

/// No progress to show.
impl Progress for () {}

/// What [`expand_folders`] found.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The files to read.
    pub files: Vec<PathBuf>,
    /// Entries of the folders that are not read (a symbolic link, device or FIFO with
    /// an activity file's name), each with its reason, for the user.
    pub skipped: Vec<String>,
}

/// The files an import reads for `paths`: a folder that is not an unzipped Strava
/// export stands for the activity files directly in it (`.fit`, `.gpx`, `.tcx`, also
/// gzipped, any case: watches write `.FIT`), sorted by name, regular files only; other
/// paths stay as given.
pub fn expand_folders(paths: &[PathBuf]) -> Result<Expanded> {
    let mut expanded = Expanded::default();
    for path in paths {
        if path.is_dir() && !activity::is_export_folder(path) {
            let (found, skipped) = activity::files_in(path)?;
            if found.is_empty() {
                let mut message =
                    "is a folder with no activity files (.fit, .gpx, .tcx) and no activities.csv".to_string();
                if !skipped.is_empty() {
                    message.push_str(&format!(
                        " that are regular files ({} skipped: {})",
                        skipped.len(),
                        skipped.join("; ")
                    ));
                }
                return Err(Error::File {
                    path: path.to_path_buf(),
                    message,
                });
            }
            expanded.files.extend(found);
            expanded.skipped.extend(skipped);
        } else {
            expanded.files.push(path.clone());
        }
    }
    Ok(expanded)
}

/// Read many files on all cores, each as [`read_file`] does; the results come in the
/// order of `paths`. `progress` counts one unit a file (plus the activity files an
/// archive opens).
pub fn read_files(paths: &[PathBuf], options: &ImportOptions, progress: &dyn Progress) -> Vec<Result<ImportedFile>> {
    progress.add_work(paths.len() as u64);
    crate::parallel::map_with(
        paths,
        || (),
        |(), path| {
            let file = read_file_with(path, options, progress);
            progress.done(1);
            file
        },
    )
}

/// Read an export or activity file and convert it.
///
/// An export that cannot be read is an error; an activity file that cannot be read
/// (truncated, damaged, not what its name says) comes back with no sessions and one
/// rejection, so that one bad file does not stop an import of thousands.
pub fn read_file(path: &Path, options: &ImportOptions) -> Result<ImportedFile> {
    read_file_with(path, options, &())
}

fn read_file_with(path: &Path, options: &ImportOptions, progress: &dyn Progress) -> Result<ImportedFile> {
    if activity::is_export_folder(path) {
        return activity::read_archive(path, options, progress);
    }
    if path.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is a directory; expected an exported CSV file, an activity file, or an unzipped Strava \
                      export (a folder with activities.csv)"
                .into(),
        });
    }
    // A Strava archive can be gigabytes: it is read in place, not loaded. Only a
    // regular file can be opened twice (to sniff, then to read): a pipe or FIFO
    // (`crampless import <(...)`) is read once, whole.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if regular && is_zip_file(path)? {
        return activity::read_archive(path, options, progress);
    }
    let bytes = read_named(path)?;
    parse_with(path, &bytes, options, progress, false)
}

/// A file named on the command line, whole, at most [`activity::MAX_FILE_BYTES`] of
/// it: a pipe or FIFO is fine (it is the user's own), `/dev/zero` is not endless.
fn read_named(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let too_large = || Error::File {
        path: path.to_path_buf(),
        message: activity::too_large(),
    };
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > activity::MAX_FILE_BYTES)
    {
        return Err(too_large());
    }
    activity::read_capped(file)
        .map_err(|e| Error::io(path, e))?
        .map_err(|_| too_large())
}

fn is_zip_file(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let read = file.read(&mut magic).map_err(|e| Error::io(path, e))?;
    Ok(activity::sniff(&file_name(path), &magic[..read]) == activity::Sniffed::Zip)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Convert export or activity-file bytes; `path` is used in messages and results.
pub fn parse(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<ImportedFile> {
    parse_with(path, bytes, options, &(), false)
}

/// [`parse`] for a file inside an archive: another archive in it is an error, not
/// opened (archives nest one level deep).
pub(crate) fn parse_member(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<ImportedFile> {
    parse_with(path, bytes, options, &(), true)
}

fn parse_with(
    path: &Path,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &dyn Progress,
    in_archive: bool,
) -> Result<ImportedFile> {
    let name = file_name(path);
    let context = Context {
        options,
        athlete: options.athlete.clone().unwrap_or_else(|| DEFAULT_ATHLETE.to_string()),
    };
    let bytes = match activity::route(path, &name, bytes, &context, in_archive)? {
        activity::Content::Imported(file) => return Ok(file),
        activity::Content::Zip(bytes) => return activity::read_archive_bytes(path, &bytes, options, progress),
        activity::Content::Table(bytes) => bytes,
    };
    let table = Table::parse(path, &bytes)?;
    let format = match (options.format, &options.mapping) {
        (Some(format), _) => format,
        (None, Some(_)) => Format::Generic,
        (None, None) => detect(&table.header).ok_or_else(|| undetectable(path, &table.header))?,
    };
    if format != Format::Generic && options.mapping.is_some() {
        return Err(Error::Invalid(format!(
            "--map only applies to --format generic, not {format}"
        )));
    }
    let converted = match format {
        Format::Strava => strava::convert(&table, &context)?,
        Format::Garmin => garmin::convert(&table, &context)?,
        Format::TrainingPeaks => trainingpeaks::convert(&table, &context)?,
        Format::Intervals => intervals::convert(&table, &context)?,
        Format::Strong => strong::convert(&table, &context)?,
        Format::Hevy => hevy::convert(&table, &context)?,
        Format::FitNotes => fitnotes::convert(&table, &context)?,
        Format::Canonical => canonical::convert(&table, &context)?,
        Format::Generic => generic::convert(&table, &context)?,
        Format::Fit | Format::Gpx | Format::Tcx => unreachable!("activity files are imported above"),
    };
    let mut file = ImportedFile {
        path: path.to_path_buf(),
        format,
        layout: converted.layout,
        rows_read: table.rows.len(),
        sessions: Vec::with_capacity(converted.sessions.len()),
        rejected: converted.rejected,
        skipped_planned: converted.skipped_planned,
        skipped_other: converted.skipped_other,
        warnings: converted.warnings,
        enrichment: None,
    };
    if table.rows.is_empty() {
        file.warnings.push(format!(
            "{}: has a header but no rows; nothing to import",
            path.display()
        ));
    }
    for (line, mut session) in converted.sessions {
        // Values from a history file are the user's own and stay as written.
        if format != Format::Canonical {
            tidy(&mut session);
        }
        match readback::check(session, readback::Origin::Line(path, line), options.latest_date) {
            Ok((session, warnings)) => {
                file.sessions.push(session);
                file.warnings.extend(warnings);
            }
            Err(e) => file.rejected.push(e),
        }
    }
    // Rejections in file order, whichever stage found them.
    file.rejected.sort_by_key(error_line);
    Ok(file)
}

/// Round conversion noise to what the measurements can tell: durations to 0.01 min,
/// distances to the metre, heart rate and weather to one decimal.
fn tidy(s: &mut Session) {
    use number::round_to;
    s.duration_min = round_to(s.duration_min, 2);
    s.distance_km = s.distance_km.map(|d| round_to(d, 3));
    s.rpe = s.rpe.map(|r| round_to(r, 2));
    s.avg_hr = s.avg_hr.map(|h| round_to(h, 1));
    s.tonnage_kg = s.tonnage_kg.map(|t| round_to(t, 2));
    s.temperature_c = s.temperature_c.map(|t| round_to(t, 1));
    s.humidity_pct = s.humidity_pct.map(|h| round_to(h, 1));
}

/// Read the history an import goes into: a missing, empty or header-only file is an
/// empty history (so `--into new.csv` works); anything else must be a valid history.
pub fn read_target(path: &Path, options: ReadOptions) -> Result<History> {
    if path.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is a directory; expected a history CSV file (or a new file's name)".into(),
        });
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
        Err(e) => return Err(Error::io(path, e)),
    };
    // Any other problem is reported by the history reader, in its words: the file is
    // a history, not an export.
    match crate::history::parse(path, &bytes, options) {
        Err(_) if is_new_history(path, &bytes) => Ok(History::default()),
        other => other,
    }
}

/// Empty, blank, or a header without rows: text with nothing in it to keep. (Binary
/// data is never a new history: it is not valid UTF-8.)
fn is_new_history(path: &Path, bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
        && match Table::parse(path, bytes) {
            Ok(table) => table.rows.is_empty(),
            // Empty, or only empty cells.
            Err(Error::File { .. }) => true,
            Err(_) => false,
        }
}

/// Which app wrote a file, from its header; each has a unique signature.
fn detect(header: &Header) -> Option<Format> {
    if canonical::recognises(header) {
        Some(Format::Canonical)
    } else if trainingpeaks::recognises(header) {
        Some(Format::TrainingPeaks)
    } else if intervals::recognises(header) {
        Some(Format::Intervals)
    } else if strava::recognises(header) {
        Some(Format::Strava)
    } else if garmin::recognises(header) {
        Some(Format::Garmin)
    } else if hevy::recognises(header) {
        Some(Format::Hevy)
    } else if strong::recognises(header) {
        Some(Format::Strong)
    } else if fitnotes::recognises(header) {
        Some(Format::FitNotes)
    } else {
        None
    }
}

fn undetectable(path: &Path, header: &Header) -> Error {
    const SHOWN: usize = 8;
    let mut names: Vec<String> = header.names().iter().take(SHOWN).map(|n| shown(n)).collect();
    if header.len() > SHOWN {
        names.push(format!("... ({} columns)", header.len()));
    }
    Error::File {
        path: path.to_path_buf(),
        message: format!(
            "cannot tell which app wrote this file (header: {}). crampless recognises these formats: {}. \
             Name one with --format, or map the columns yourself, e.g. \
             --format generic --map date=\"Start Time\",sport=\"Type\",duration=\"Time\"",
            names.join(", "),
            Format::ALL
                .iter()
                .filter(|f| **f != Format::Generic)
                .map(|f| format!("{} ({})", f.name(), f.description()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn error_line(e: &Error) -> u64 {
    match e {
        Error::Field { line, .. } | Error::Line { line, .. } => *line,
        _ => 0,
    }
}

/// What every format converter gets.
pub(crate) struct Context<'a> {
    pub options: &'a ImportOptions,
    pub athlete: String,
}

impl Context<'_> {
    /// A session for this import's athlete.
    pub fn session(&self, date: NaiveDate, sport: &str, duration_min: f64) -> Session {
        Session::new(&self.athlete, date, sport, duration_min)
    }
}

/// What a format converter produced, before the history check.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    pub layout: String,
    /// Sessions with the line of the first row they came from.
    pub sessions: Vec<(u64, Session)>,
    pub rejected: Vec<Error>,
    pub skipped_planned: usize,
    pub skipped_other: usize,
    pub warnings: Vec<String>,
}

/// What one row turned into.
pub(crate) enum RowOutcome {
    /// A session of its own (boxed: sessions are large, the other outcomes empty).
    Session(Box<Session>),
    /// Part of a workout built from several rows (gym logs).
    Absorbed,
    /// A planned workout or note without actuals.
    PlannedOnly,
    /// Not training (rest timer, note row).
    Skipped,
}

impl Converted {
    pub fn new(layout: impl Into<String>) -> Converted {
        Converted {
            layout: layout.into(),
            ..Converted::default()
        }
    }

    /// Convert every row with `convert_row`, keeping sessions and reporting bad rows.
    pub fn rows<'t>(&mut self, table: &'t Table, mut convert_row: impl FnMut(Record<'t>) -> Result<RowOutcome>) {
        for row in &table.rows {
            let record = table.record(row);
            match record.check_width().and_then(|()| convert_row(record)) {
                Ok(RowOutcome::Session(session)) => self.sessions.push((record.line(), *session)),
                Ok(RowOutcome::Absorbed) => {}
                Ok(RowOutcome::PlannedOnly) => self.skipped_planned += 1,
                Ok(RowOutcome::Skipped) => self.skipped_other += 1,
                Err(e) => self.rejected.push(e),
            }
        }
    }
}

/// A required column is missing: the file cannot be read as this format.
pub(crate) fn missing_column(table: &Table, format: Format, names: &[&str]) -> Error {
    Error::Line {
        path: table.path.clone(),
        line: table.header.line,
        message: format!(
            "has no {} column, which a {} file needs; is this the right file (or --format)?",
            names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(" or "),
            format.description()
        ),
    }
}

/// Join the non-empty parts of a note.
pub(crate) fn join_notes<'a>(parts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(" - "))
}

#[cfg(test)]
mod tests;
