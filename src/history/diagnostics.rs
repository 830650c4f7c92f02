//! Diagnostics for CSV readers: what a file that is not text, an unclosed quote or a
//! csv-crate error means, and physical line numbers. Shared by the history reader and
//! the importers, so every CSV a user gives is reported the same way.

use std::path::Path;

use crate::error::Error;

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
    pub(super) fn starting_at(bytes: &'a [u8], line: u64) -> Self {
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
pub(super) fn line_and_column(bytes: &[u8], at: usize) -> (u64, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}
