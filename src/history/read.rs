//! Reading the canonical history CSV.
//!
//! The header is matched by name (trimmed, case-insensitive, any order). Every cell is
//! validated; the first bad cell stops the read with an error naming file, physical
//! line, column, value and what was expected.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;

use super::cells::{parse_date, parse_plain_decimal};
use super::diagnostics::{LineCounter, csv_error, line_and_column, not_text, unclosed_quote};
use super::{Cramp, DEFAULT_ATHLETE, History, Interner, Name, Session};
use crate::error::{Error, Result};

/// Options for [`read`] and [`parse`].
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Dates later than this are rejected as typos. The binary passes today + 1 year.
    pub latest_date: NaiveDate,
    /// Keep what only a rewrite of the history needs: `notes`, `source_id`, unknown
    /// columns and the date-time text. Analysis-only readers turn it off to save
    /// memory on a club's history; the values are still validated.
    pub keep_text: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            latest_date: chrono::Local::now().date_naive() + chrono::Days::new(366),
            keep_text: true,
        }
    }
}

/// The earliest date accepted: anything before is a typo in the year.
const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();

/// Read and parse a history file.
pub fn read(path: &Path, options: ReadOptions) -> Result<History> {
    read_shown(path, options, None)
}

/// [`read`], with athlete, sport and notes shown as `shown` says (e.g. escaped
/// for a terminal) as they are read.
pub fn read_shown(path: &Path, options: ReadOptions, shown: Option<Shown>) -> Result<History> {
    let bytes = file_bytes(path)?;
    parse_in(path, &bytes, options, None, shown)
}

/// The bytes of the history file `path`.
pub(super) fn file_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is a directory; expected a history CSV file".into(),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Column {
    Athlete,
    Date,
    Sport,
    Duration,
    Distance,
    Rpe,
    AvgHr,
    Tonnage,
    MuscleGroups,
    Temperature,
    Humidity,
    Cramp,
    Notes,
    SourceId,
    Unknown,
}

impl Column {
    /// The column's index in [`super::COLUMNS`]; `None` for unknown columns.
    fn index(self) -> Option<u8> {
        (self != Column::Unknown).then_some(self as u8)
    }

    fn from_name(name: &str) -> Column {
        match name {
            "athlete" => Column::Athlete,
            "date" => Column::Date,
            "sport" => Column::Sport,
            "duration_min" => Column::Duration,
            "distance_km" => Column::Distance,
            "rpe" => Column::Rpe,
            "avg_hr" => Column::AvgHr,
            "tonnage_kg" => Column::Tonnage,
            "muscle_groups" => Column::MuscleGroups,
            "temperature_c" => Column::Temperature,
            "humidity_pct" => Column::Humidity,
            "cramp" => Column::Cramp,
            "notes" => Column::Notes,
            "source_id" => Column::SourceId,
            _ => Column::Unknown,
        }
    }
}

/// Parse history bytes; `path` is only used in messages.
pub fn parse(path: &Path, bytes: &[u8], options: ReadOptions) -> Result<History> {
    parse_in(path, bytes, options, None, None)
}

/// [`parse`] in `parts` chunks whatever the size (the fuzz target compares).
#[doc(hidden)]
pub fn parse_in_parts(path: &Path, bytes: &[u8], options: ReadOptions, parts: usize) -> Result<History> {
    parse_in(path, bytes, options, Some(parts), None)
}

/// [`parse`], with the rows cut into `parts` chunks instead of one per core for a
/// big file (tests force chunks on small inputs).
fn parse_in(
    path: &Path,
    bytes: &[u8],
    options: ReadOptions,
    parts: Option<usize>,
    shown: Option<Shown>,
) -> Result<History> {
    let layout = Layout::read(path, bytes)?;
    let chunks = read_rows(&layout, bytes, options, parts, shown, true, |rows| {
        Vec::<Session>::with_capacity(rows)
    })?;
    let mut sessions = Vec::new();
    for chunk in chunks {
        if sessions.is_empty() {
            sessions = chunk;
        } else {
            sessions.extend(chunk);
        }
    }
    Ok(History {
        sessions,
        warnings: layout.warnings,
    })
}

/// What every row of a history is read against: its header, and where the rows
/// start.
pub(super) struct Layout {
    pub(super) path: PathBuf,
    pub(super) columns: Vec<Column>,
    pub(super) names: Vec<String>,
    /// Where the header starts and the rows after it, in bytes after a BOM.
    pub(super) header_start: u64,
    pub(super) data_start: usize,
    /// The length of a UTF-8 byte-order mark the file starts with (0 or 3).
    pub(super) bom: usize,
    pub(super) warnings: Vec<String>,
}

impl Layout {
    /// Check that `bytes` are UTF-8 text with a valid header, and read it.
    pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Layout> {
        let path = path.to_path_buf();
        if let Err(e) = std::str::from_utf8(bytes) {
            if let Some(error) = not_text(&path, bytes, "a history CSV file") {
                return Err(error);
            }
            let (line, column) = line_and_column(bytes, e.valid_up_to());
            return Err(Error::Line {
                path,
                line,
                message: format!(
                    "byte {column} is not valid UTF-8; save the file as UTF-8 (it looks like Latin-1 or another legacy encoding)"
                ),
            });
        }
        if no_header(bytes) {
            return Err(empty_file(&path));
        }
        let stripped = without_bom(bytes);
        let bom = bytes.len() - stripped.len();
        let bytes = stripped;

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();

        // Header: the first non-blank record.
        let (header_start, header_line, columns, names) = loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => return Err(empty_file(&path)),
                Ok(true) if is_blank(&record) => continue,
                Ok(true) => {
                    let line = record.position().map_or(1, |p| p.line());
                    let names: Vec<String> = record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
                        .collect();
                    let start = record.position().map_or(0, |p| p.byte());
                    if let Some(error) = unclosed_quote(&path, bytes, start, b',') {
                        return Err(error);
                    }
                    let columns = header_columns(&path, line, &names)?;
                    break (start, line, columns, names);
                }
                Err(e) => return Err(csv_error(&path, e)),
            }
        };

        let mut warnings = Vec::new();
        let unknown: Vec<&str> = names
            .iter()
            .zip(&columns)
            .filter(|(_, c)| **c == Column::Unknown)
            .map(|(n, _)| n.as_str())
            .collect();
        if !unknown.is_empty() {
            warnings.push(format!(
                "{}:{header_line}: unknown column{} {} kept as they are but not used (known columns: {})",
                path.display(),
                if unknown.len() == 1 { "" } else { "s" },
                unknown
                    .iter()
                    .map(|n| crate::error::shown(n))
                    .collect::<Vec<_>>()
                    .join(", "),
                super::COLUMNS.join(", ")
            ));
        }
        let data_start = (reader.position().byte() as usize).min(bytes.len());
        Ok(Layout {
            path,
            columns,
            names,
            header_start,
            data_start,
            bom,
            warnings,
        })
    }

    /// A reader of this layout's rows into sessions.
    /// `as_written`: keep the cells whose text differs from what crampless would
    /// write (see [`super::Kept::as_written`]), for a history that may be rewritten.
    pub(super) fn rows(&self, options: ReadOptions, shown: Option<Shown>, as_written: bool) -> RowContext<'_> {
        RowContext {
            path: &self.path,
            columns: &self.columns,
            names: &self.names,
            options,
            shown,
            as_written: as_written && options.keep_text,
            athletes: Interner::default(),
            sports: Interner::default(),
            muscles: FxHashMap::default(),
        }
    }
}

/// How names and notes are to be shown (e.g. escaped for a terminal), applied as
/// rows are read.
pub type Shown = fn(&str) -> std::borrow::Cow<'_, str>;

/// Where the rows of a chunk go: each session read, with the bytes of its row
/// (after a BOM), in file order.
pub(super) trait RowSink: Send {
    fn take(&mut self, session: Session, row: std::ops::Range<u64>);
    fn is_empty(&self) -> bool;
}

impl RowSink for Vec<Session> {
    fn take(&mut self, session: Session, _row: std::ops::Range<u64>) {
        self.push(session);
    }
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

/// Read every row of the file `bytes` (as given, BOM included) laid out as `layout`
/// into one sink per chunk, made by `sink(rows expected)` (`as_written` as in
/// [`Layout::rows`]): the chunks cut at row
/// boundaries, one per core for a big file (or `parts`), read in parallel, returned
/// in file order. The first error in file order wins.
pub(super) fn read_rows<S: RowSink>(
    layout: &Layout,
    bytes: &[u8],
    options: ReadOptions,
    parts: Option<usize>,
    shown: Option<Shown>,
    as_written: bool,
    sink: impl Fn(usize) -> S + Sync,
) -> Result<Vec<S>> {
    let whole = &bytes[layout.bom..];
    let parts = parts.unwrap_or_else(|| parallelism(whole.len() - layout.data_start));
    match read_rows_in(layout, whole, options, parts, shown, as_written, &sink) {
        // A quote that is text (in a field that does not start with one: `5" rain`)
        // makes the quotes before a newline odd although the row ends there, so a
        // chunk may have been cut inside a later quoted field: read in one piece.
        Err(Cut::InsideQuotes) => read_rows_in(layout, whole, options, 1, shown, as_written, &sink),
        done => done,
    }
    .map_err(|cut| match cut {
        Cut::Error(error) => error,
        // One chunk runs to the end of the file: it is never cut.
        Cut::InsideQuotes => Error::File {
            path: layout.path.clone(),
            message: "internal error: a file read in one piece was cut; please report it".into(),
        },
    })
}

/// Why the rows of a chunk could not be read.
#[derive(Debug)]
pub(super) enum Cut {
    /// The chunk ends inside a quoted field: it was cut in the wrong place.
    InsideQuotes,
    Error(Error),
}

impl From<Error> for Cut {
    fn from(error: Error) -> Cut {
        Cut::Error(error)
    }
}

/// [`read_rows`] in `parts` chunks, `bytes` after any BOM.
fn read_rows_in<S: RowSink>(
    layout: &Layout,
    bytes: &[u8],
    options: ReadOptions,
    parts: usize,
    shown: Option<Shown>,
    as_written: bool,
    sink: &(impl Fn(usize) -> S + Sync),
) -> std::result::Result<Vec<S>, Cut> {
    let data_start = layout.data_start;
    let chunks = row_chunks(bytes, data_start, parts);
    let parse_chunk = |&(start, end): &(usize, usize)| {
        let first_line = 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64;
        // One row per line, roughly: reserve once instead of growing through copies.
        let mut out = sink(bytes[start..end].iter().filter(|&&b| b == b'\n').count() + 1);
        let last_start = parse_rows(
            layout.rows(options, shown, as_written),
            bytes,
            (start, end),
            first_line,
            false,
            &mut out,
        )?;
        Ok((out, last_start))
    };
    let parsed: Vec<std::result::Result<(S, Option<u64>), Cut>> = crate::parallel::map(&chunks, parse_chunk);
    let mut last_start = layout.header_start;
    let mut sinks = Vec::with_capacity(parsed.len());
    for chunk in parsed {
        let (out, last) = chunk?;
        last_start = last.unwrap_or(last_start);
        sinks.push(out);
    }
    if let Some(error) = unclosed_quote(&layout.path, bytes, last_start, b',') {
        return Err(error.into());
    }
    if sinks.iter().all(RowSink::is_empty) {
        return Err(Error::File {
            path: layout.path.clone(),
            message: "has a header but no sessions; add one row per session below the header".into(),
        }
        .into());
    }
    Ok(sinks)
}

/// How many chunks to parse in parallel: one per core, for inputs big enough to be
/// worth a thread.
pub(super) fn parallelism(data_len: usize) -> usize {
    const MIN_CHUNK: usize = 4 << 20;
    (data_len / MIN_CHUNK).clamp(1, crate::parallel::threads())
}

/// Split `bytes[data_start..]` into about `parts` ranges that each start at the
/// beginning of a row. A newline ends a row only outside quotes; RFC 4180 escapes a
/// quote inside a quoted field by doubling it, so an even number of quotes since the
/// data started means "not inside a quoted field".
pub(super) fn row_chunks(bytes: &[u8], data_start: usize, parts: usize) -> Vec<(usize, usize)> {
    let len = bytes.len();
    let mut bounds = vec![data_start];
    let (mut pos, mut quotes) = (data_start, 0usize);
    for k in 1..parts {
        let target = data_start + (len - data_start) * k / parts;
        while pos < len && (pos < target || bytes[pos] != b'\n' || quotes % 2 == 1) {
            quotes += usize::from(bytes[pos] == b'"');
            pos += 1;
        }
        if pos >= len {
            break;
        }
        pos += 1; // the row starts after the newline
        bounds.push(pos);
    }
    bounds.push(len);
    bounds.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a < b).collect()
}

/// Parse the rows of `bytes[start..end]` into `sink`; `first_line` is the physical
/// line the chunk starts on; `goes_on`: the file goes on after `bytes` (a block
/// of a stream). Returns where the chunk's last record starts, or
/// [`Cut::InsideQuotes`] when the chunk ends inside a quoted field and the file
/// goes on after it (the chunk was cut in the wrong place; a quote that is never
/// closed by the end of the file is an error).
pub(super) fn parse_rows<S: RowSink>(
    mut context: RowContext,
    bytes: &[u8],
    (start, end): (usize, usize),
    first_line: u64,
    goes_on: bool,
    sink: &mut S,
) -> std::result::Result<Option<u64>, Cut> {
    let chunk = &bytes[start..end];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
    let mut last_start = None;
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::starting_at(chunk, first_line);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let offset = record.position().map_or(0, |p| p.byte());
                let in_file = start as u64 + offset;
                let row_end = start as u64 + reader.position().byte();
                // Only a row that runs to the end of the chunk can have a quote
                // open there. If the file goes on, the chunk was cut inside a quoted
                // field: looked at before a blank row is passed over, as what comes
                // before such a cut may look blank (a note that starts on a new line).
                let at_end = row_end >= end as u64;
                if at_end
                    && (end < bytes.len() || goes_on)
                    && unclosed_quote(context.path, &bytes[..end], in_file, b',').is_some()
                {
                    return Err(Cut::InsideQuotes);
                }
                if is_blank(&record) {
                    continue;
                }
                let line = lines.line_at(offset);
                // Before using the row: a quote that is never closed swallows every
                // later row into this one, and must be said as that, not as a bad cell.
                if at_end && let Some(error) = unclosed_quote(context.path, bytes, in_file, b',') {
                    return Err(error.into());
                }
                last_start = Some(in_file);
                sink.take(context.session(&record, line)?, in_file..row_end);
            }
            Err(e) => {
                let line = lines.line_at(e.position().map_or(0, |p| p.byte()));
                return Err(Error::Line {
                    path: context.path.clone(),
                    line,
                    message: format!("not valid CSV: {:?}", e.kind()),
                }
                .into());
            }
        }
    }
    Ok(last_start)
}

/// `bytes` without the UTF-8 byte-order mark they may start with.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Whether `bytes` are only a byte-order mark and blank lines: no header yet (a
/// whole file so is empty).
pub(super) fn no_header(bytes: &[u8]) -> bool {
    without_bom(bytes).iter().all(u8::is_ascii_whitespace)
}

fn empty_file(path: &Path) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message: "is empty; expected a header row (date,sport,duration_min,...) and one row per session".into(),
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

/// Check a header's names (trimmed, lower-cased) as [`parse`] does: no known column
/// twice, and every required one. For readers that go row by row (the canonical
/// importer), so that a header problem is one error at the header's line.
pub(crate) fn check_header(path: &Path, line: u64, names: &[String]) -> Result<()> {
    header_columns(path, line, names).map(|_| ())
}

fn header_columns(path: &Path, line: u64, names: &[String]) -> Result<Vec<Column>> {
    let columns: Vec<Column> = names.iter().map(|n| Column::from_name(n)).collect();
    for (i, column) in columns.iter().enumerate() {
        if *column == Column::Unknown {
            continue;
        }
        if let Some(j) = columns[..i].iter().position(|c| c == column) {
            return Err(Error::Line {
                path: path.to_path_buf(),
                line,
                message: format!(
                    "column {:?} appears twice (fields {} and {}); keep one",
                    names[i],
                    j + 1,
                    i + 1
                ),
            });
        }
    }
    let missing: Vec<&str> = [
        ("date", Column::Date),
        ("sport", Column::Sport),
        ("duration_min", Column::Duration),
    ]
    .into_iter()
    .filter(|(_, c)| !columns.contains(c))
    .map(|(n, _)| n)
    .collect();
    if !missing.is_empty() {
        let hint = if names.len() == 1 && names[0].contains(';') {
            " (the header has no commas: the file looks semicolon-separated; crampless expects commas. \
             To convert a semicolon-separated or decimal-comma spreadsheet: crampless import FILE --into HISTORY \
             --format generic --map date=COLUMN,sport=COLUMN,duration=COLUMN)"
        } else if names.len() == 1 && names[0].contains('\t') {
            " (the header has no commas: the file looks tab-separated; crampless expects commas)"
        } else {
            ""
        };
        return Err(Error::Line {
            path: path.to_path_buf(),
            line,
            message: format!(
                "missing required column{} {}; the header must name date, sport and duration_min{hint}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
        });
    }
    Ok(columns)
}

pub(super) struct RowContext<'a> {
    path: &'a PathBuf,
    columns: &'a [Column],
    names: &'a [String],
    options: ReadOptions,
    /// Applied to athlete, sport and notes as they are read.
    shown: Option<Shown>,
    /// Keep the cells a rewrite must write back as they were (only with `keep_text`).
    as_written: bool,
    /// (as written, canonical) sport names seen so far: a file has a handful.
    /// One shared name per athlete, sport spelling and muscle-group list: a club's
    /// file repeats a few hundred of them over a million rows.
    athletes: Interner,
    sports: Interner,
    muscles: FxHashMap<Box<str>, Arc<[String]>>,
}

impl RowContext<'_> {
    fn canonical_sport(&mut self, raw: &str) -> Name {
        let shown = self.shown;
        self.sports
            .get_or(raw, |raw| show(shown, &crate::sport::canonical(raw)))
    }

    fn athlete(&mut self, raw: &str) -> Name {
        let shown = self.shown;
        self.athletes.get_or(raw, |raw| show(shown, raw))
    }

    fn muscle_groups(&mut self, cell: &str) -> Arc<[String]> {
        if let Some(groups) = self.muscles.get(cell) {
            return groups.clone();
        }
        let groups: Arc<[String]> = cell
            .split(';')
            .map(|g| g.trim().to_lowercase())
            .filter(|g| !g.is_empty())
            .collect();
        self.muscles.insert(cell.into(), groups.clone());
        groups
    }

    pub(super) fn session(&mut self, record: &csv::ByteRecord, line: u64) -> Result<Session> {
        if record.len() != self.columns.len() {
            return Err(Error::Line {
                path: self.path.clone(),
                line,
                message: format!(
                    "has {} field{} but the header has {}; check for a missing or extra comma, or quote fields that contain commas",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" },
                    self.columns.len()
                ),
            });
        }
        let keep_text = self.options.keep_text;
        let mut session = Session::blank();
        let mut date_seen = false;
        // (index in COLUMNS, cell) of the canonical columns, to keep as written.
        let mut written: Vec<(u8, &str)> = Vec::new();
        for ((field, &column), name) in record.iter().zip(self.columns).zip(self.names) {
            // Valid UTF-8 was checked for the whole file up front.
            let raw = std::str::from_utf8(field).unwrap_or_default();
            if self.as_written
                && let Some(index) = column.index()
            {
                written.push((index, raw));
            }
            let value = raw.trim();
            let cell = Cell {
                ctx: self,
                line,
                name,
                value,
            };
            match column {
                Column::Athlete => {
                    if !value.is_empty() {
                        session.athlete = self.athlete(value);
                    }
                }
                Column::Date => {
                    let (date, has_time) = cell.date()?;
                    session.date = date;
                    if has_time && keep_text {
                        session.kept_mut().date_text = Some(value.to_string());
                    }
                    // parse_date checked `HH:MM` at bytes 11..16.
                    session.time = has_time
                        .then(|| chrono::NaiveTime::parse_from_str(value.get(11..16)?, "%H:%M").ok())
                        .flatten();
                    date_seen = true;
                }
                Column::Sport => {
                    if value.is_empty() {
                        return Err(cell.error("is empty; expected a sport such as run, ride, swim or strength"));
                    }
                    session.sport = self.canonical_sport(value);
                }
                Column::Duration => {
                    session.duration_min = cell
                        .number(
                            |v| v > 0.0 && v <= 1440.0,
                            "is not a duration in minutes above 0 and at most 1440",
                        )?
                        .ok_or_else(|| cell.error("is empty; expected the duration in minutes"))?;
                }
                Column::Distance => {
                    session.distance_km = cell.number(
                        |v| (0.0..=10_000.0).contains(&v),
                        "is not a distance in km from 0 to 10000",
                    )?;
                }
                Column::Rpe => {
                    session.rpe = cell.number(|v| (0.0..=10.0).contains(&v), "is not a number from 0 to 10")?;
                }
                Column::AvgHr => {
                    session.avg_hr = cell.number(
                        |v| (20.0..=250.0).contains(&v),
                        "is not a heart rate in bpm from 20 to 250",
                    )?;
                }
                Column::Tonnage => {
                    session.tonnage_kg = cell.number(
                        |v| (0.0..=10_000_000.0).contains(&v),
                        "is not a tonnage in kg of 0 or more",
                    )?;
                }
                Column::MuscleGroups => {
                    session.muscle_groups = self.muscle_groups(value);
                }
                Column::Temperature => {
                    session.temperature_c = cell.number(
                        |v| (-60.0..=60.0).contains(&v),
                        "is not a temperature in degrees C from -60 to 60",
                    )?;
                }
                Column::Humidity => {
                    session.humidity_pct = cell.number(
                        |v| (0.0..=100.0).contains(&v),
                        "is not a relative humidity in percent from 0 to 100",
                    )?;
                }
                Column::Cramp => {
                    session.cramp = match value.to_ascii_lowercase().as_str() {
                        "" | "none" => Cramp::None,
                        "mild" => Cramp::Mild,
                        "severe" => Cramp::Severe,
                        _ => return Err(cell.error("is not a cramp level; expected none, mild or severe")),
                    };
                }
                Column::Notes if keep_text => {
                    session.notes = non_empty(raw).map(|notes| match self.shown {
                        Some(shown) => shown(&notes).into_owned(),
                        None => notes,
                    });
                }
                Column::SourceId if keep_text => session.source_id = non_empty(value),
                Column::Unknown if keep_text => session.kept_mut().extra.push((name.clone(), raw.to_string())),
                Column::Notes | Column::SourceId | Column::Unknown => {}
            }
        }
        debug_assert!(date_seen, "the header check guarantees a date column");
        if session.athlete.is_empty() {
            session.athlete = self.athlete(DEFAULT_ATHLETE);
        }
        if !written.is_empty() {
            let canonical = super::write::cells(&session);
            let as_written: Vec<(u8, String)> = written
                .into_iter()
                .filter(|&(index, raw)| canonical[usize::from(index)] != raw)
                .map(|(index, raw)| (index, raw.to_string()))
                .collect();
            if !as_written.is_empty() {
                session.kept_mut().as_written = as_written;
            }
        }
        Ok(session)
    }
}

/// `text` as a name, shown as `shown` says.
fn show(shown: Option<Shown>, text: &str) -> Name {
    match shown {
        Some(shown) => Name::from(shown(text).into_owned()),
        None => Name::from(text),
    }
}

fn non_empty(value: &str) -> Option<String> {
    (!value.trim().is_empty()).then(|| value.to_string())
}

struct Cell<'a> {
    ctx: &'a RowContext<'a>,
    line: u64,
    name: &'a str,
    value: &'a str,
}

impl Cell<'_> {
    fn error(&self, expected: &str) -> Error {
        Error::Field {
            path: self.ctx.path.clone(),
            line: self.line,
            column: self.name.to_string(),
            value: self.value.to_string(),
            expected: expected.to_string(),
        }
    }

    /// A plain decimal (`8.5`), or `None` for an empty cell.
    fn number(&self, valid: impl Fn(f64) -> bool, expected: &str) -> Result<Option<f64>> {
        if self.value.is_empty() {
            return Ok(None);
        }
        match parse_plain_decimal(self.value) {
            Some(v) if valid(v) => Ok(Some(v)),
            Some(_) => Err(self.error(expected)),
            None if self.value.contains(',') && parse_plain_decimal(&self.value.replace(',', ".")).is_some() => {
                Err(self.error(&format!(
                    "{expected} (use a dot as the decimal separator: 8.5, not 8,5)"
                )))
            }
            None => Err(self.error(expected)),
        }
    }

    fn date(&self) -> Result<(NaiveDate, bool)> {
        const EXPECTED: &str = "is not a date; expected YYYY-MM-DD (e.g. 2026-03-01) or an ISO date-time (2026-03-01T07:30, 2026-03-01 07:30:00)";
        if self.value.is_empty() {
            return Err(self.error("is empty; expected a date as YYYY-MM-DD"));
        }
        let (date, has_time) = parse_date(self.value).ok_or_else(|| self.error(EXPECTED))?;
        if date < EARLIEST_DATE {
            return Err(self.error("is before 1900; check the year"));
        }
        if date > self.ctx.options.latest_date {
            return Err(self.error(&format!(
                "is in the future (after {}); a history holds sessions already done, so check the year",
                self.ctx.options.latest_date
            )));
        }
        Ok((date, has_time))
    }
}

#[cfg(test)]
mod tests;
