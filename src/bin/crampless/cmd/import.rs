//! `crampless import`: read app exports and activity files, merge them into a
//! history, report per export and once for all activity files.
//!
//! All files are read (on all cores) before anything is written: an unreadable or
//! undetectable export, or with `--strict` any bad row or rejected activity file,
//! stops the command with nothing changed.
//!
//! The history is locked (`<history>.lock`) while it is merged and written: a second
//! import into it waits. If the history changed since it was first read (another
//! import finished while the files were read), it is read again under the lock and
//! the merge is redone, so the counts reported are those of the file written.
//! Sessions dated after tomorrow are rejected, row by row.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crampless::history::{self, ReadOptions};
use crampless::import::{self, ColumnMap, Enrichment, Format, ImportOptions, ImportedFile, WeightUnit, Zone};

use crate::args::Global;
use crate::guard;
use crate::progress::ImportBar;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Export files (Strava, Garmin, TrainingPeaks, intervals.icu, Strong, Hevy, FitNotes, a history CSV),
    /// activity files (FIT, GPX, TCX, also .gz; a folder for all in it) or a Strava archive (.zip, or
    /// the folder it unzips to).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The history to add to; created when missing. The previous version is kept as FILE.bak.
    #[arg(long, value_name = "HISTORY")]
    pub into: PathBuf,
    /// The export's format; default: detected from the file's bytes and header.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Column mapping for --format generic: key=Column,... (keys: date, sport, duration,
    /// duration_s, duration_h, distance, distance_m, distance_mi, rpe, avg_hr, tonnage,
    /// tonnage_lb, temperature, humidity, notes, source_id, athlete, muscle_groups).
    #[arg(long, value_name = "KEY=COLUMN,...")]
    pub map: Vec<String>,
    /// Record the sessions for this athlete (default: "me"; history files keep their own).
    #[arg(long)]
    pub athlete: Option<String>,
    /// Your time zone, for UTC times (Strava, FIT, GPX, TCX): an IANA name (Europe/Berlin), UTC, +10:00 or local.
    #[arg(long, value_parser = parse_zone, default_value = "local", value_name = "ZONE")]
    pub tz: Zone,
    /// Unit of weights when the export does not say (Strong's classic layout).
    #[arg(long, value_enum, value_name = "UNIT")]
    pub weight_unit: Option<WeightUnitArg>,
    /// Show what would be imported; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Fail, writing nothing, if any row is bad (default: report and skip bad rows).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Strava,
    Garmin,
    Trainingpeaks,
    Intervals,
    Strong,
    Hevy,
    Fitnotes,
    Canonical,
    Generic,
    Fit,
    Gpx,
    Tcx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Strava => Format::Strava,
            FormatArg::Garmin => Format::Garmin,
            FormatArg::Trainingpeaks => Format::TrainingPeaks,
            FormatArg::Intervals => Format::Intervals,
            FormatArg::Strong => Format::Strong,
            FormatArg::Hevy => Format::Hevy,
            FormatArg::Fitnotes => Format::FitNotes,
            FormatArg::Canonical => Format::Canonical,
            FormatArg::Generic => Format::Generic,
            FormatArg::Fit => Format::Fit,
            FormatArg::Gpx => Format::Gpx,
            FormatArg::Tcx => Format::Tcx,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WeightUnitArg {
    Kg,
    #[value(alias = "lbs")]
    Lb,
}

impl From<WeightUnitArg> for WeightUnit {
    fn from(u: WeightUnitArg) -> Self {
        match u {
            WeightUnitArg::Kg => WeightUnit::Kg,
            WeightUnitArg::Lb => WeightUnit::Lb,
        }
    }
}

fn parse_zone(text: &str) -> Result<Zone, String> {
    text.parse()
}

impl ImportArgs {
    /// The library's options from the command line.
    fn options(&self) -> Result<ImportOptions> {
        let mapping = if self.map.is_empty() {
            None
        } else {
            let mut map = ColumnMap::default();
            for text in &self.map {
                map.extend(text).map_err(|e| anyhow::anyhow!("--map: {e}"))?;
            }
            Some(map)
        };
        Ok(ImportOptions {
            format: self.format.map(Format::from),
            mapping,
            athlete: self.athlete.clone(),
            zone: self.tz,
            weight_unit: self.weight_unit.map(WeightUnit::from),
            ..ImportOptions::default()
        })
    }
}

pub fn run(global: &Global, args: &ImportArgs) -> Result<ExitCode> {
    let today = crate::args::today()?;
    let mut options = args.options()?;
    options.latest_date = guard::latest_import_date(today);
    let target_options = ReadOptions {
        latest_date: guard::latest_read_date(today),
        keep_text: true,
    };
    let inputs: Vec<&std::path::Path> = args.files.iter().map(PathBuf::as_path).collect();
    guard::refuse_overwriting_inputs(&[("--into", Some(&args.into))], &inputs)?;
    let version = guard::Version::of(&args.into);
    let target = import::read_target(&args.into, target_options)?;
    global.warn(&target.warnings);

    // Read every file first: nothing is written unless all of them can be read.
    let started = std::time::Instant::now();
    let expanded = import::expand_folders(&args.files)?;
    global.warn(&expanded.skipped);
    let paths = expanded.files;
    let bar = ImportBar::new(&paths, global.quiet);
    let read = import::read_files(&paths, &options, &bar);
    bar.finish();
    let files = read.into_iter().collect::<crampless::Result<Vec<ImportedFile>>>()?;
    // Exports are reported one by one; activity files, possibly thousands, together.
    let (activity_files, exports): (Vec<&ImportedFile>, Vec<&ImportedFile>) =
        files.iter().partition(|f| f.format.is_activity_file());
    global.detail(format_args!(
        "import: read {} file(s), {} sessions found, in {}",
        files.len(),
        files.iter().map(|f| f.sessions.len()).sum::<usize>(),
        crate::progress::elapsed(started)
    ));

    for file in &files {
        global.warn(&file.warnings);
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let bad_rows: usize = exports.iter().map(|f| f.rejected.len()).sum();
    let bad_activities: usize = activity_files.iter().map(|f| f.rejected.len()).sum();
    if args.strict && bad_rows + bad_activities > 0 {
        let merged = merge_all(target.sessions, &exports, &activity_files);
        merged.report(&mut out, &exports, &activity_files)?;
        out.flush()?;
        let mut problems = Vec::new();
        if bad_rows > 0 {
            problems.push(format!("{bad_rows} bad row{}", plural(bad_rows)));
        }
        if bad_activities > 0 {
            problems.push(format!(
                "{bad_activities} rejected activity file{}",
                plural(bad_activities)
            ));
        }
        bail!(
            "--strict: {} (listed above); {} not changed",
            problems.join(" and "),
            guard::shown(&args.into)
        );
    }
    let into = guard::shown(&args.into);
    if args.dry_run {
        let merged = merge_all(target.sessions, &exports, &activity_files);
        merged.report(&mut out, &exports, &activity_files)?;
        let added_total = merged.added_total();
        writeln!(
            out,
            "dry run: {into} not changed (would add {added_total} session{})",
            plural(added_total)
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }

    // Merge and write under the lock, from the history as it is now.
    let _lock = guard::lock_history(&args.into, global.quiet)?;
    let target = if guard::Version::of(&args.into) == version {
        target
    } else {
        global.detail(format_args!(
            "import: {into} changed since it was read; reading it again"
        ));
        let target = import::read_target(&args.into, target_options)?;
        global.warn(&target.warnings);
        target
    };
    let existed = args.into.exists();
    let merged = merge_all(target.sessions, &exports, &activity_files);
    let added_total = merged.added_total();
    let sessions = merged.sessions;
    // Counts are printed once the history holding them is written.
    let mut reports = Vec::new();
    merged_report(&mut reports, &merged.counts, &exports, &activity_files)?;
    if added_total == 0 && existed {
        out.write_all(&reports)?;
        writeln!(out, "{into}: nothing new; file not changed")?;
    } else {
        history::write_file(&args.into, &sessions)?;
        out.write_all(&reports)?;
        let backup = if existed {
            format!("; previous version kept as {into}.bak")
        } else {
            " (new file)".to_string()
        };
        writeln!(
            out,
            "{into}: added {added_total} session{}, now {} in all{backup}",
            plural(added_total),
            sessions.len()
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Every file merged into the history in turn: exports one by one, then all
/// activity files together.
struct Merged {
    sessions: Vec<crampless::Session>,
    /// (added, duplicates) of each export, then of the activity files if any.
    counts: Vec<(usize, usize)>,
}

impl Merged {
    fn added_total(&self) -> usize {
        self.counts.iter().map(|c| c.0).sum()
    }

    fn report(&self, out: &mut impl Write, exports: &[&ImportedFile], activity_files: &[&ImportedFile]) -> Result<()> {
        merged_report(out, &self.counts, exports, activity_files)
    }
}

fn merge_all(
    mut sessions: Vec<crampless::Session>,
    exports: &[&ImportedFile],
    activity_files: &[&ImportedFile],
) -> Merged {
    let mut counts = Vec::with_capacity(exports.len() + 1);
    for file in exports {
        let merged = import::merge(&sessions, file.sessions.clone());
        counts.push((merged.added, merged.duplicates));
        sessions = merged.sessions;
    }
    if !activity_files.is_empty() {
        let new = activity_files.iter().flat_map(|f| f.sessions.iter().cloned()).collect();
        let merged = import::merge(&sessions, new);
        counts.push((merged.added, merged.duplicates));
        sessions = merged.sessions;
    }
    Merged { sessions, counts }
}

fn merged_report(
    out: &mut impl Write,
    counts: &[(usize, usize)],
    exports: &[&ImportedFile],
    activity_files: &[&ImportedFile],
) -> Result<()> {
    for (file, &(added, duplicates)) in exports.iter().zip(counts) {
        report(out, file, added, duplicates)?;
    }
    if let Some(&(added, duplicates)) = counts.get(exports.len()) {
        report_activity_files(out, activity_files, added, duplicates)?;
    }
    Ok(())
}

/// The per-file summary.
fn report(out: &mut impl Write, file: &ImportedFile, added: usize, duplicates: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} ({}; {})",
        guard::shown(&file.path),
        file.format,
        file.format.description(),
        file.layout
    )?;
    writeln!(out, "  rows read           {}", file.rows_read)?;
    writeln!(
        out,
        "  sessions found      {}{}",
        file.sessions.len(),
        range_text(file.date_range())
    )?;
    writeln!(out, "  added               {added}")?;
    writeln!(out, "  duplicates skipped  {duplicates}")?;
    if file.skipped_planned > 0 {
        writeln!(
            out,
            "  planned-only rows   {} (skipped: no actuals)",
            file.skipped_planned
        )?;
    }
    if file.skipped_other > 0 {
        writeln!(out, "  other rows skipped  {} (rest timers, notes)", file.skipped_other)?;
    }
    if let Some(enrichment) = &file.enrichment {
        writeln!(out, "  activity files read {}", enrichment_summary(enrichment))?;
    }
    writeln!(out, "  rows rejected       {}", file.rejected.len())?;
    for error in &file.rejected {
        writeln!(out, "    {}", crampless::escape::terminal(&error.to_string()))?;
    }
    Ok(())
}

/// `4 (heart rate for 3 sessions, temperature for 2; 1 unreadable)`.
fn enrichment_summary(e: &Enrichment) -> String {
    let mut added = Vec::new();
    if e.heart_rate_added > 0 {
        added.push(format!(
            "heart rate for {} session{}",
            e.heart_rate_added,
            plural(e.heart_rate_added)
        ));
    }
    if e.temperature_added > 0 {
        added.push(format!("temperature for {}", e.temperature_added));
    }
    let mut failed = Vec::new();
    if e.files_unreadable > 0 {
        failed.push(format!("{} unreadable", e.files_unreadable));
    }
    if e.files_missing > 0 {
        failed.push(format!("{} missing", e.files_missing));
    }
    let mut details = if added.is_empty() {
        "nothing added".to_string()
    } else {
        added.join(", ")
    };
    if !failed.is_empty() {
        details = format!("{details}; {}", failed.join(", "));
    }
    format!("{} ({details})", e.files_read)
}

/// One summary for all activity files: how many of each kind, what they held, and
/// every file or session rejected with its reason.
fn report_activity_files(
    out: &mut impl Write,
    files: &[&ImportedFile],
    added: usize,
    duplicates: usize,
) -> std::io::Result<()> {
    let kinds: Vec<String> = [Format::Fit, Format::Gpx, Format::Tcx]
        .into_iter()
        .filter_map(|format| {
            let n = files.iter().filter(|f| f.format == format).count();
            (n > 0).then(|| format!("{n} {}", format.name().to_uppercase()))
        })
        .collect();
    writeln!(out, "activity files: {} ({})", files.len(), kinds.join(", "))?;
    let ranges: Vec<_> = files.iter().filter_map(|f| f.date_range()).collect();
    let range = ranges.iter().map(|r| r.0).min().zip(ranges.iter().map(|r| r.1).max());
    let found: usize = files.iter().map(|f| f.sessions.len()).sum();
    writeln!(out, "  sessions found      {found}{}", range_text(range))?;
    writeln!(out, "  added               {added}")?;
    writeln!(out, "  duplicates skipped  {duplicates}")?;
    let skipped: usize = files.iter().map(|f| f.skipped_other).sum();
    if skipped > 0 {
        writeln!(out, "  parts skipped       {skipped} (multisport transitions)")?;
    }
    let rejected: Vec<_> = files.iter().flat_map(|f| f.rejected.iter()).collect();
    writeln!(out, "  rejected            {}", rejected.len())?;
    for error in rejected {
        writeln!(out, "    {}", crampless::escape::terminal(&error.to_string()))?;
    }
    Ok(())
}

/// ` (2026-01-05 to 2026-01-09)`, ` (2026-01-05)` or nothing.
fn range_text(range: Option<(NaiveDate, NaiveDate)>) -> String {
    match range {
        Some((first, last)) if first == last => format!(" ({first})"),
        Some((first, last)) => format!(" ({first} to {last})"),
        None => String::new(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
