//! Reading the canonical history CSV.
//!
//! The header is matched by name (trimmed, case-insensitive, any order). Every cell is
//! validated; the first bad cell stops the read with an error naming file, physical
//! line, column, value and what was expected.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Cramp, DEFAULT_ATHLETE, History, Session};
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
    if path.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is a directory; expected a history CSV file".into(),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(path, &bytes, options)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty_file(&path));
    }

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

    let mut history = History::default();
    let unknown: Vec<&str> = names
        .iter()
        .zip(&columns)
        .filter(|(_, c)| **c == Column::Unknown)
        .map(|(n, _)| n.as_str())
        .collect();
    if !unknown.is_empty() {
        history.warnings.push(format!(
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

    // The rows after the header, split into one chunk per core at row boundaries,
    // parsed in parallel and joined in file order; the first error in file order wins.
    let data_start = (reader.position().byte() as usize).min(bytes.len());
    let chunks = row_chunks(bytes, data_start, parallelism(bytes.len() - data_start));
    let parse_chunk = |&(start, end): &(usize, usize)| {
        let first_line = 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64;
        let context = RowContext {
            path: &path,
            columns: &columns,
            names: &names,
            options,
            sports: Vec::new(),
        };
        parse_rows(context, bytes, (start, end), first_line)
    };
    let parsed: Vec<Result<ParsedRows>> = if chunks.len() > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks.iter().map(|c| scope.spawn(move || parse_chunk(c))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("parsing does not panic"))
                .collect()
        })
    } else {
        chunks.iter().map(parse_chunk).collect()
    };
    let mut last_start = header_start;
    for rows in parsed {
        let rows = rows?;
        last_start = rows.last_start.unwrap_or(last_start);
        if history.sessions.is_empty() {
            history.sessions = rows.sessions;
        } else {
            history.sessions.extend(rows.sessions);
        }
    }
    if let Some(error) = unclosed_quote(&path, bytes, last_start, b',') {
        return Err(error);
    }
    if history.sessions.is_empty() {
        return Err(Error::File {
            path,
            message: "has a header but no sessions; add one row per session below the header".into(),
        });
    }
    Ok(history)
}

/// How many chunks to parse in parallel: one per core, for inputs big enough to be
/// worth a thread.
fn parallelism(data_len: usize) -> usize {
    const MIN_CHUNK: usize = 4 << 20;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (data_len / MIN_CHUNK).clamp(1, cores)
}

/// Split `bytes[data_start..]` into about `parts` ranges that each start at the
/// beginning of a row. A newline ends a row only outside quotes; RFC 4180 escapes a
/// quote inside a quoted field by doubling it, so an even number of quotes since the
/// data started means "not inside a quoted field".
fn row_chunks(bytes: &[u8], data_start: usize, parts: usize) -> Vec<(usize, usize)> {
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

/// The sessions of one chunk, and where its last record starts in the file.
struct ParsedRows {
    sessions: Vec<Session>,
    last_start: Option<u64>,
}

/// Parse the rows of `bytes[start..end]`; `first_line` is the physical line the
/// chunk starts on.
fn parse_rows(
    mut context: RowContext,
    bytes: &[u8],
    (start, end): (usize, usize),
    first_line: u64,
) -> Result<ParsedRows> {
    let chunk = &bytes[start..end];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
    let mut last_start = None;
    let mut record = csv::ByteRecord::new();
    // One row per line, roughly: reserve once instead of growing through copies.
    let mut sessions = Vec::with_capacity(chunk.iter().filter(|&&b| b == b'\n').count() + 1);
    let mut lines = LineCounter::starting_at(chunk, first_line);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) if is_blank(&record) => continue,
            Ok(true) => {
                let offset = record.position().map_or(0, |p| p.byte());
                let line = lines.line_at(offset);
                // Before using the row: a quote that is never closed swallows every
                // later row into this one, and must be said as that, not as a bad cell.
                let in_file = start as u64 + offset;
                if let Some(error) = unclosed_quote(context.path, bytes, in_file, b',') {
                    return Err(error);
                }
                last_start = Some(in_file);
                sessions.push(context.session(&record, line)?);
            }
            Err(e) => {
                let line = lines.line_at(e.position().map_or(0, |p| p.byte()));
                return Err(Error::Line {
                    path: context.path.clone(),
                    line,
                    message: format!("not valid CSV: {:?}", e.kind()),
                });
            }
        }
    }
    Ok(ParsedRows { sessions, last_start })
}

/// For bytes that are not UTF-8: an error when they are not text at all (binary data
/// such as an image, an .xlsx workbook or a .fit recording: they hold NUL bytes, which
/// no CSV does) or are UTF-16 text (a spreadsheet's "Unicode text" export). `None`
/// for anything else, which the caller reports as a legacy 8-bit encoding at its
/// first bad byte. `expected` names what the file should have been.
pub(crate) fn not_text(path: &Path, bytes: &[u8], expected: &str) -> Option<Error> {
    const SNIFF_BYTES: usize = 8192;
    let message = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        format!("is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8); expected {expected}")
    } else if bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0) {
        format!(
            "is binary data, not CSV text (an image, a spreadsheet workbook such as .xlsx, or a .fit recording?); \
             expected {expected}"
        )
    } else {
        return None;
    };
    Some(Error::File {
        path: path.to_path_buf(),
        message,
    })
}

/// An error when the record starting at byte `start` runs to the end of the file
/// inside a quoted field. A quote that is never closed makes the CSV reader take the
/// rest of the file, every later row included, as one value: rows would vanish into a
/// note without a word. Only the last record of a file can do this, so callers check
/// the last one (and, as it is cheap, the row they are about to use).
pub(crate) fn unclosed_quote(path: &Path, bytes: &[u8], start: u64, delimiter: u8) -> Option<Error> {
    let mut start = usize::try_from(start).ok()?.min(bytes.len());
    // The reported start of a record can be the blank lines skipped before it.
    while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
        start += 1;
    }
    let (mut quoted, mut field_start) = (false, true);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // an escaped quote
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
        } else if b == b'\n' {
            // The record ended before the end of the file: its quotes all closed.
            return None;
        }
        field_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    if !quoted {
        return None;
    }
    let (line, _) = line_and_column(bytes, start);
    let rest = &bytes[start..];
    let lines = rest.iter().filter(|&&b| b == b'\n').count() + usize::from(!rest.ends_with(b"\n"));
    Some(Error::Line {
        path: path.to_path_buf(),
        line,
        message: match lines - 1 {
            0 => "a quoted field on this line is never closed: the file ends inside it (cut off?); add the missing \
                  closing quote (\")"
                .to_string(),
            after => format!(
                "a quoted field on this line is never closed, so the {after} line{} after it would be read into it \
                 as one value; add the missing closing quote (\")",
                if after == 1 { "" } else { "s" }
            ),
        },
    })
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

pub(crate) fn csv_error(path: &Path, error: csv::Error) -> Error {
    let line = error.position().map_or(0, |p| p.line());
    match error.into_kind() {
        csv::ErrorKind::Io(e) => Error::io(path, e),
        other => Error::Line {
            path: path.to_path_buf(),
            line,
            message: format!("not valid CSV: {other:?}"),
        },
    }
}

/// Physical line numbers of byte offsets, counted incrementally (offsets only grow).
/// The csv crate's own line count skips blank lines, so it cannot be used in messages.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        LineCounter::starting_at(bytes, 1)
    }

    /// A counter for `bytes` whose first byte is on physical line `line`.
    fn starting_at(bytes: &'a [u8], line: u64) -> Self {
        LineCounter { bytes, offset: 0, line }
    }

    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        let mut offset = (offset as usize).min(self.bytes.len());
        // The reported start of a record can be the blank lines skipped before it.
        while matches!(self.bytes.get(offset), Some(b'\n' | b'\r')) {
            offset += 1;
        }
        if offset > self.offset {
            self.line += self.bytes[self.offset..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

/// 1-based line and column (in bytes) of byte offset `at`.
fn line_and_column(bytes: &[u8], at: usize) -> (u64, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

struct RowContext<'a> {
    path: &'a PathBuf,
    columns: &'a [Column],
    names: &'a [String],
    options: ReadOptions,
    /// (as written, canonical) sport names seen so far: a file has a handful.
    sports: Vec<(String, String)>,
}

impl RowContext<'_> {
    fn canonical_sport(&mut self, raw: &str) -> String {
        if let Some((_, canonical)) = self.sports.iter().find(|(seen, _)| seen == raw) {
            return canonical.clone();
        }
        let canonical = crate::sport::canonical(raw);
        self.sports.push((raw.to_string(), canonical.clone()));
        canonical
    }

    fn session(&mut self, record: &csv::ByteRecord, line: u64) -> Result<Session> {
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
            if keep_text && let Some(index) = column.index() {
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
                        session.athlete = value.to_string();
                    }
                }
                Column::Date => {
                    let (date, has_time) = cell.date()?;
                    session.date = date;
                    session.date_text = (has_time && keep_text).then(|| value.to_string());
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
                    session.muscle_groups = value
                        .split(';')
                        .map(|g| g.trim().to_lowercase())
                        .filter(|g| !g.is_empty())
                        .collect();
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
                Column::Notes if keep_text => session.notes = non_empty(raw),
                Column::SourceId if keep_text => session.source_id = non_empty(value),
                Column::Unknown if keep_text => session.extra.push((name.clone(), raw.to_string())),
                Column::Notes | Column::SourceId | Column::Unknown => {}
            }
        }
        debug_assert!(date_seen, "the header check guarantees a date column");
        if session.athlete.is_empty() {
            session.athlete = DEFAULT_ATHLETE.to_string();
        }
        if !written.is_empty() {
            let canonical = super::write::cells(&session);
            session.as_written = written
                .into_iter()
                .filter(|&(index, raw)| canonical[usize::from(index)] != raw)
                .map(|(index, raw)| (index, raw.to_string()))
                .collect();
        }
        Ok(session)
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

/// `[+-]digits[.digits]` or `[+-].digits`: what a person or spreadsheet writes, and
/// nothing Rust's float parser also accepts (`inf`, `NaN`, `1e3`).
pub(crate) fn parse_plain_decimal(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_ok = int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parse `YYYY-MM-DD`, optionally followed by a time: `THH:MM[:SS[.fff]]` with an
/// optional `Z` or `+HH:MM` offset, or ` HH:MM[:SS]`. Returns the calendar date as
/// written and whether a time was present.
pub(crate) fn parse_date(text: &str) -> Option<(NaiveDate, bool)> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some((date, false));
    }
    let (sep, time) = (rest[0], &rest[1..]);
    let zone_allowed = match sep {
        b'T' => true,
        b' ' => false,
        _ => return None,
    };
    valid_time(time, zone_allowed).then_some((date, true))
}

fn digits(b: &[u8]) -> Option<u32> {
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

fn valid_time(t: &[u8], zone_allowed: bool) -> bool {
    if t.len() < 5 || t[2] != b':' {
        return false;
    }
    let (Some(h), Some(m)) = (digits(&t[0..2]), digits(&t[3..5])) else {
        return false;
    };
    if h > 23 || m > 59 {
        return false;
    }
    let mut rest = &t[5..];
    if rest.first() == Some(&b':') {
        let Some(s) = rest.get(1..3).and_then(digits) else {
            return false;
        };
        if s > 60 {
            return false;
        }
        rest = &rest[3..];
        if zone_allowed && rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    if rest.is_empty() {
        return true;
    }
    if !zone_allowed {
        return false;
    }
    match rest {
        b"Z" => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        [b'+' | b'-', h1, h2] => digits(&[*h1, *h2]).is_some_and(|h| h <= 23),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn opts() -> ReadOptions {
        ReadOptions {
            latest_date: d(2030, 1, 1),
            keep_text: true,
        }
    }

    fn parse_str(text: &str) -> Result<History> {
        parse(Path::new("history.csv"), text.as_bytes(), opts())
    }

    fn err(text: &str) -> String {
        parse_str(text).unwrap_err().to_string()
    }

    #[test]
    fn accepts_the_date_forms_in_the_spec() {
        for (text, has_time) in [
            ("2026-01-05", false),
            ("2026-01-05T07:30", true),
            ("2026-01-05T07:30:15", true),
            ("2026-01-05T07:30:15.250", true),
            ("2026-01-05T07:30:15Z", true),
            ("2026-01-05T23:30:00+10:00", true),
            ("2026-01-05T23:30:00-0330", true),
            ("2026-01-05 07:30", true),
            ("2026-01-05 07:30:00", true),
        ] {
            assert_eq!(parse_date(text), Some((d(2026, 1, 5), has_time)), "{text}");
        }
    }

    #[test]
    fn rejects_dates_that_are_not_iso_or_do_not_exist() {
        for text in [
            "2026-1-5",
            "31/12/2026",
            "2026-02-30",
            "2026-13-01",
            "2026-01-05T25:00",
            "2026-01-05 07:30Z",
            "2026-01-05X",
            "20260105",
            "2026-01-05T07",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn plain_decimals_only() {
        assert_eq!(parse_plain_decimal("8.5"), Some(8.5));
        assert_eq!(parse_plain_decimal("-3"), Some(-3.0));
        assert_eq!(parse_plain_decimal(".5"), Some(0.5));
        assert_eq!(parse_plain_decimal("5."), Some(5.0));
        for bad in ["8,5", "1e3", "inf", "NaN", "", ".", "+", "1 000", "0x10"] {
            assert_eq!(parse_plain_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_header_in_any_order_case_and_spaces() {
        let h = parse_str(" Sport ,DATE, duration_min ,RPE\nRunning,2026-01-05,30,6\n").unwrap();
        let s = &h.sessions[0];
        assert_eq!(s.sport, "run");
        assert_eq!(s.date, d(2026, 1, 5));
        assert_eq!(s.duration_min, 30.0);
        assert_eq!(s.rpe, Some(6.0));
        assert_eq!(s.athlete, "me");
        assert!(h.warnings.is_empty());
    }

    #[test]
    fn bom_crlf_blank_lines_and_quoted_fields_are_fine() {
        let text = "\u{feff}date,sport,duration_min,notes\r\n\r\n2026-01-05,run,30,\"easy, \"\"chatty\"\"\nsecond line\"\r\n\r\n2026-01-04,ride,60,\r\n";
        let h = parse_str(text).unwrap();
        assert_eq!(h.sessions.len(), 2);
        assert_eq!(h.sessions[0].notes.as_deref(), Some("easy, \"chatty\"\nsecond line"));
        assert_eq!(h.sessions[1].sport, "ride");
    }

    #[test]
    fn optional_columns_parse() {
        let h = parse_str(
            "athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp,notes,source_id\n\
             ana,2026-01-05T06:00:00Z,run,45,8.5,6,150,,Legs; core;,27.5,60,Severe,hot,strava-1\n",
        )
        .unwrap();
        let s = &h.sessions[0];
        assert_eq!(s.athlete, "ana");
        assert_eq!(s.date_text.as_deref(), Some("2026-01-05T06:00:00Z"));
        assert_eq!(s.distance_km, Some(8.5));
        assert_eq!(s.avg_hr, Some(150.0));
        assert_eq!(s.tonnage_kg, None);
        assert_eq!(s.muscle_groups, vec!["legs", "core"]);
        assert_eq!(s.temperature_c, Some(27.5));
        assert_eq!(s.humidity_pct, Some(60.0));
        assert_eq!(s.cramp, Cramp::Severe);
        assert_eq!(s.source_id.as_deref(), Some("strava-1"));
    }

    #[test]
    fn bad_cells_name_file_line_column_value_and_expectation() {
        assert_eq!(
            err("date,sport,duration_min,rpe\n2026-01-05,run,30,5\n\n2026-01-06,run,30,eleven\n"),
            "history.csv:4: column rpe: \"eleven\" is not a number from 0 to 10"
        );
        assert_eq!(
            err("date,sport,duration_min,rpe\n2026-01-05,run,30,11\n"),
            "history.csv:2: column rpe: \"11\" is not a number from 0 to 10"
        );
        assert_eq!(
            err("date,sport,duration_min\n2026-02-30,run,30\n"),
            "history.csv:2: column date: \"2026-02-30\" is not a date; expected YYYY-MM-DD (e.g. 2026-03-01) or an ISO date-time (2026-03-01T07:30, 2026-03-01 07:30:00)"
        );
        assert!(
            err("date,sport,duration_min\n31/12/2026,run,30\n")
                .starts_with("history.csv:2: column date: \"31/12/2026\" is not a date")
        );
        assert!(
            err("date,sport,duration_min\n2026-1-5,run,30\n")
                .starts_with("history.csv:2: column date: \"2026-1-5\" is not a date")
        );
        assert_eq!(
            err("date,sport,duration_min\n2026-01-05,run,8,5\n"),
            "history.csv:2: has 4 fields but the header has 3; check for a missing or extra comma, or quote fields that contain commas"
        );
        assert_eq!(
            err("date,sport,duration_min\n2026-01-05,run,\"8,5\"\n"),
            "history.csv:2: column duration_min: \"8,5\" is not a duration in minutes above 0 and at most 1440 (use a dot as the decimal separator: 8.5, not 8,5)"
        );
    }

    #[test]
    fn duration_edges() {
        assert!(parse_str("date,sport,duration_min\n2026-01-05,run,1440\n").is_ok());
        assert!(parse_str("date,sport,duration_min\n2026-01-05,run,0.5\n").is_ok());
        for bad in ["0", "-5", "1440.5", "", "abc"] {
            let e = err(&format!("date,sport,duration_min\n2026-01-05,run,{bad}\n"));
            assert!(e.starts_with("history.csv:2: column duration_min:"), "{bad}: {e}");
        }
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(
            err(""),
            "history.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session"
        );
        assert_eq!(
            err("\n\n  \n"),
            "history.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session"
        );
        assert_eq!(
            err("date,sport,duration_min\n"),
            "history.csv: has a header but no sessions; add one row per session below the header"
        );
        assert_eq!(
            err("date,sport\n2026-01-05,run\n"),
            "history.csv:1: missing required column duration_min; the header must name date, sport and duration_min"
        );
        assert_eq!(
            err("date,sport,duration_min,Sport\n2026-01-05,run,30,run\n"),
            "history.csv:1: column \"sport\" appears twice (fields 2 and 4); keep one"
        );
        assert!(err("date;sport;duration_min\n2026-01-05;run;30\n").contains("semicolon-separated"));
    }

    #[test]
    fn row_chunks_split_at_row_boundaries_outside_quotes() {
        let text = b"h\na,1\nb,\"x\ny\"\nc,3\nd,4\n";
        let data_start = 2;
        for parts in 1..8 {
            let chunks = row_chunks(text, data_start, parts);
            assert_eq!(chunks.first().unwrap().0, data_start);
            assert_eq!(chunks.last().unwrap().1, text.len());
            for w in chunks.windows(2) {
                assert_eq!(w[0].1, w[1].0, "contiguous");
            }
            for (start, _) in &chunks[1..] {
                assert_eq!(text[start - 1], b'\n', "{parts}: starts after a newline");
                let quotes = text[data_start..*start].iter().filter(|&&b| b == b'"').count();
                assert_eq!(quotes % 2, 0, "{parts}: not inside the quoted field");
            }
        }
    }

    #[test]
    fn a_big_file_parses_in_chunks_with_exact_line_numbers() {
        // Well over one chunk: quoted multi-line notes throughout, a bad cell at the end.
        let mut text = String::from("date,sport,duration_min,notes\n");
        let rows = 200_000;
        for i in 0..rows {
            text.push_str(&format!(
                "2026-01-{:02},run,{},\"easy, \"\"chatty\"\"\nline two {i}\"\n",
                1 + i % 28,
                20 + i % 50
            ));
        }
        let good = parse(Path::new("big.csv"), text.as_bytes(), opts()).unwrap();
        assert_eq!(good.sessions.len(), rows);
        assert_eq!(
            good.sessions[rows - 1].notes.as_deref(),
            Some(format!("easy, \"chatty\"\nline two {}", rows - 1).as_str())
        );
        assert_eq!(good.sessions[12_345].duration_min, f64::from(20 + 12_345 % 50));
        // Each row takes two physical lines; the header is line 1.
        text.push_str("2026-01-05,run,eleven,\n");
        let e = parse(Path::new("big.csv"), text.as_bytes(), opts())
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            format!(
                "big.csv:{}: column duration_min: \"eleven\" is not a duration in minutes above 0 and at most 1440",
                2 + 2 * rows
            )
        );
    }

    #[test]
    fn non_utf8_bytes_name_the_line() {
        let bytes = b"date,sport,duration_min,notes\n2026-01-05,run,30,caf\xe9\n";
        let e = parse(Path::new("h.csv"), bytes, opts()).unwrap_err().to_string();
        assert!(e.starts_with("h.csv:2: byte 22 is not valid UTF-8"), "{e}");
    }

    #[test]
    fn binary_and_utf16_files_are_named_as_such() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(
            parse(Path::new("a.png"), png, opts()).unwrap_err().to_string(),
            "a.png: is binary data, not CSV text (an image, a spreadsheet workbook such as .xlsx, or a .fit \
             recording?); expected a history CSV file"
        );
        let utf16 = b"\xFF\xFEd\x00a\x00t\x00e\x00";
        assert_eq!(
            parse(Path::new("u.csv"), utf16, opts()).unwrap_err().to_string(),
            "u.csv: is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8); expected a history CSV file"
        );
    }

    /// A quote never closed would swallow every later row into one note.
    #[test]
    fn an_unclosed_quote_is_an_error_not_lost_rows() {
        assert_eq!(
            err(
                "date,sport,duration_min,notes\n2026-01-05,run,30,\"oops\n2026-01-06,run,30,fine\n2026-01-07,run,30,x\n"
            ),
            "history.csv:2: a quoted field on this line is never closed, so the 2 lines after it would be read into \
             it as one value; add the missing closing quote (\")"
        );
        assert!(err("date,sport,\"duration_min\n2026-01-05,run,30\n").starts_with("history.csv:1: a quoted field"));
        assert!(
            err("date,sport,duration_min,notes\r\n\r\n\r\n2026-01-05,run,30,\"x\r\n").starts_with(
                "history.csv:4: a quoted field on this line is never closed: the file ends inside it (cut off?)"
            )
        );
        // Closed quotes, escaped quotes, quotes inside a field and multi-line notes are fine.
        let h = parse_str(
            "date,sport,duration_min,notes\n2026-01-05,run,30,\"say \"\"hi\"\"\nand go\"\n2026-01-06,run,30,6\" of rain\n",
        )
        .unwrap();
        assert_eq!(h.sessions.len(), 2);
    }

    #[test]
    fn unknown_columns_warn_and_are_kept() {
        let h = parse_str("date,sport,duration_min,shoe\n2026-01-05,run,30,Pegasus\n").unwrap();
        assert_eq!(h.warnings.len(), 1);
        assert!(h.warnings[0].contains("\"shoe\""), "{}", h.warnings[0]);
        assert_eq!(h.sessions[0].extra, vec![("shoe".to_string(), "Pegasus".to_string())]);
    }

    #[test]
    fn future_and_ancient_dates_are_typos() {
        assert!(err("date,sport,duration_min\n2999-01-05,run,30\n").contains("is in the future (after 2030-01-01)"));
        assert!(err("date,sport,duration_min\n1026-01-05,run,30\n").contains("is before 1900"));
    }

    #[test]
    fn empty_sport_and_bad_cramp() {
        assert!(err("date,sport,duration_min\n2026-01-05, ,30\n").contains("column sport: \"\" is empty"));
        assert_eq!(
            err("date,sport,duration_min,cramp\n2026-01-05,run,30,yes\n"),
            "history.csv:2: column cramp: \"yes\" is not a cramp level; expected none, mild or severe"
        );
    }
}
