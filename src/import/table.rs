//! An export read as a table: UTF-8 checked, BOM stripped, delimiter sniffed from the
//! header line, parsed with a real RFC-4180 reader (quoted commas, doubled quotes,
//! newlines inside fields), header names cleaned of junk, and every row tagged with
//! the physical line it starts on so messages can point at it.
//!
//! Columns are looked up by name, never by position, and a name may occur more than
//! once (Strava's two `Elapsed Time` and `Distance` columns).

use std::path::{Path, PathBuf};

use super::number::{self, DecimalMark};
use crate::error::{Error, Result};
use crate::history::{LineCounter, csv_error, not_text, unclosed_quote};

/// A whole export in memory.
#[derive(Debug)]
pub(crate) struct Table {
    pub path: PathBuf,
    pub header: Header,
    pub rows: Vec<Row>,
    pub delimiter: u8,
}

/// The header row: names as written (cleaned) and their lower-cased keys.
#[derive(Debug)]
pub(crate) struct Header {
    pub line: u64,
    names: Vec<String>,
    keys: Vec<String>,
}

/// The most columns a table may have. Exports have tens (Strava's has about 90); a
/// file with thousands is not an export, and every lookup would scan them all.
pub(crate) const MAX_COLUMNS: usize = 1_000;
/// The most data rows a table may have: one row a set over decades of gym logs is a
/// few hundred thousand. This bounds the memory of a file of tiny rows.
pub(crate) const MAX_ROWS: usize = 1_000_000;
/// The most cells (fields of all rows) a table may have: each costs 8 bytes besides
/// its text, so this keeps a file of empty cells within a few hundred MB. Strava's
/// export of 10,000 activities has about a million.
pub(crate) const MAX_CELLS: usize = 16_000_000;

/// One data record and the physical line it starts on. The fields are kept as the
/// CSV reader gives them (one buffer and their ends), not a `String` each: an export
/// of empty cells must not take 24 bytes a comma.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: u64,
    pub fields: csv::StringRecord,
}

impl Header {
    fn new(line: u64, raw: Vec<String>) -> Header {
        let names: Vec<String> = raw.iter().map(|n| clean_name(n)).collect();
        let keys = names.iter().map(|n| key(n)).collect();
        Header { line, names, keys }
    }

    /// The first column called `name` (case-insensitive).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.find_nth(name, 1)
    }

    /// The `occurrence`-th (1-based) column called `name`.
    pub fn find_nth(&self, name: &str, occurrence: usize) -> Option<usize> {
        let key = key(name);
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == key)
            .nth(occurrence.checked_sub(1)?)
            .map(|(i, _)| i)
    }

    /// The first of `names` that the header has (for renamed or translated columns).
    pub fn find_any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.find(n))
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.has(n))
    }

    /// Whether any column name starts with `prefix` (lower-case).
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.keys.iter().any(|k| k.starts_with(prefix))
    }

    pub fn name(&self, column: usize) -> &str {
        &self.names[column]
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// How names are compared: case-insensitive, typographic apostrophes as plain ones
/// (`Type d’activité`).
fn key(name: &str) -> String {
    name.to_lowercase().replace('\u{2019}', "'")
}

/// Trim, drop a BOM and quotes left by a re-save, and strip HTML junk such as
/// Strava 2021's `<span class="translation_missing" ...>Jump Count</span>`.
fn clean_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"')
        .to_string()
}

impl Table {
    /// Parse export bytes; `path` is used in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Table> {
        let path = path.to_path_buf();
        if let Err(e) = std::str::from_utf8(bytes) {
            if let Some(error) = not_text(&path, bytes, "an exported CSV file") {
                return Err(error);
            }
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(Error::Line {
                path,
                line,
                message:
                    "is not valid UTF-8; save the export as UTF-8 (it looks like Latin-1 or another legacy encoding)"
                        .into(),
            });
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::File {
                path,
                message: "is empty; expected an export with a header row".into(),
            });
        }
        let delimiter = sniff_delimiter(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(bytes);
        let mut lines = LineCounter::new(bytes);
        let mut header = None;
        let mut rows = Vec::new();
        let mut last_start = 0;
        let mut cells = 0usize;
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&path, e))?;
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            last_start = record.position().map_or(0, |p| p.byte());
            let line = lines.line_at(last_start);
            if record.len() > MAX_COLUMNS {
                return Err(Error::Line {
                    path,
                    line,
                    message: format!(
                        "has {} columns; crampless reads at most {MAX_COLUMNS} (is this an export?)",
                        record.len()
                    ),
                });
            }
            cells += record.len();
            if cells > MAX_CELLS {
                return Err(Error::Line {
                    path,
                    line,
                    message: format!(
                        "takes the file past {} million cells; crampless reads at most that many from one file",
                        MAX_CELLS / 1_000_000
                    ),
                });
            }
            if header.is_none() {
                header = Some(Header::new(line, record.iter().map(str::to_string).collect()));
            } else if rows.len() == MAX_ROWS {
                return Err(Error::Line {
                    path,
                    line,
                    message: format!("is past row {MAX_ROWS}; crampless reads at most {MAX_ROWS} rows from one file"),
                });
            } else {
                rows.push(Row { line, fields: record });
            }
        }
        if let Some(error) = unclosed_quote(&path, bytes, last_start, delimiter) {
            return Err(error);
        }
        // Only empty cells (`,,,` or Unicode spaces): as good as an empty file.
        let Some(header) = header else {
            return Err(Error::File {
                path,
                message: "has no header row, only empty cells; expected an export with a header row".into(),
            });
        };
        Ok(Table {
            path,
            header,
            rows,
            delimiter,
        })
    }

    /// A view of one row with typed accessors.
    pub fn record<'a>(&'a self, row: &'a Row) -> Record<'a> {
        Record { table: self, row }
    }

    /// The decimal mark used by the values of `columns` over the whole file.
    pub fn decimal_mark(&self, columns: &[Option<usize>]) -> DecimalMark {
        let columns: Vec<usize> = columns.iter().flatten().copied().collect();
        DecimalMark::detect(
            self.rows
                .iter()
                .flat_map(|row| columns.iter().filter_map(|&c| row.fields.get(c))),
        )
    }

    /// The trimmed values of one column, for whole-file detection (date order, ...).
    pub fn column_values(&self, column: Option<usize>) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .filter_map(move |row| column.and_then(|c| row.fields.get(c)))
            .map(|v| v.trim())
    }
}

/// `;` when the header line has more semicolons than commas (Strong's 2023 layout,
/// decimal-comma spreadsheets), a tab when it is tab-separated, else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// One row of a table, with accessors that turn bad cells into precise errors.
#[derive(Clone, Copy)]
pub(crate) struct Record<'a> {
    table: &'a Table,
    row: &'a Row,
}

impl<'a> Record<'a> {
    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// The cell as written, or "" when the column is absent or the row is short.
    pub fn raw(&self, column: Option<usize>) -> &'a str {
        column.and_then(|c| self.row.fields.get(c)).unwrap_or("")
    }

    /// The trimmed cell.
    pub fn text(&self, column: Option<usize>) -> &'a str {
        self.raw(column).trim()
    }

    /// The trimmed cell, `None` when empty.
    pub fn non_empty(&self, column: Option<usize>) -> Option<&'a str> {
        Some(self.text(column)).filter(|t| !t.is_empty())
    }

    /// An error about one cell: file, line, column name, value, what was expected.
    pub fn error(&self, column: Option<usize>, expected: impl Into<String>) -> Error {
        Error::Field {
            path: self.table.path.clone(),
            line: self.row.line,
            column: column.map_or_else(|| "?".into(), |c| self.table.header.name(c).to_string()),
            value: self.text(column).to_string(),
            expected: expected.into(),
        }
    }

    /// An error about the whole row.
    pub fn line_error(&self, message: impl Into<String>) -> Error {
        Error::Line {
            path: self.table.path.clone(),
            line: self.row.line,
            message: message.into(),
        }
    }

    /// A number (thousands separators, decimal commas per `mark`); `None` when missing.
    pub fn number(&self, column: Option<usize>, mark: DecimalMark) -> Result<Option<f64>> {
        number::parse(self.text(column), mark).map_err(|()| self.error(column, "is not a number"))
    }

    /// Reject rows with more fields than the header: a stray delimiter shifted the
    /// values, so no cell of the row can be trusted.
    pub fn check_width(&self) -> Result<()> {
        let (got, want) = (self.row.fields.len(), self.table.header.len());
        let extra_has_text = self.row.fields.iter().skip(want).any(|f| !f.trim().is_empty());
        if got > want && extra_has_text {
            return Err(self.line_error(format!(
                "has {got} fields but the header has {want}; a value probably contains an unquoted {:?}",
                self.table.delimiter as char
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::parse(Path::new("t.csv"), text.as_bytes()).unwrap()
    }

    #[test]
    fn duplicate_names_are_found_by_occurrence() {
        let t = table("Elapsed Time,Distance,Elapsed Time,Distance\n1,2,3,4\n");
        assert_eq!(t.header.find("distance"), Some(1));
        assert_eq!(t.header.find_nth("Distance", 2), Some(3));
        assert_eq!(t.header.find_nth("Distance", 3), None);
    }

    #[test]
    fn multi_line_fields_keep_physical_line_numbers() {
        let t = table("a,b\r\n1,\"two\nlines\"\r\n\r\n3,4\r\n");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(&t.rows[0].fields[1], "two\nlines");
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn semicolons_and_html_junk_in_the_header() {
        let t = table("\u{feff}Date;\"Workout Name\";<span class=\"x\">Jump Count</span>\n1;2;3\n");
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.header.names(), ["Date", "Workout Name", "Jump Count"]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        let e = Table::parse(Path::new("x.csv"), b"a;b\n1;\"2\n3;4\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.csv:2: a quoted field on this line is never closed"),
            "{e}"
        );
    }

    #[test]
    fn non_utf8_and_empty_files_are_errors() {
        let e = Table::parse(Path::new("x.csv"), b"a,b\n1,caf\xe9\n").unwrap_err();
        assert!(e.to_string().starts_with("x.csv:2: is not valid UTF-8"), "{e}");
        let e = Table::parse(Path::new("x.csv"), b" \n\n").unwrap_err();
        assert_eq!(e.to_string(), "x.csv: is empty; expected an export with a header row");
        let e = Table::parse(Path::new("x.csv"), ",,\n\u{a0}\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("has no header row"), "{e}");
    }
}
