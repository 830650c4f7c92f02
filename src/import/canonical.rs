//! The canonical history format itself (another crampless history, or one kept by
//! hand), read row by row through [`crate::history::parse`] so its rules are the
//! reader's own, while a bad row is reported and skipped instead of failing the file.
//! Unknown columns and date-time text ride along unchanged.

use super::table::{Header, Record, Table};
use super::{Context, Converted, RowOutcome};
use crate::error::{Error, Result};
use crate::history::{self, ReadOptions};

pub(super) fn recognises(header: &Header) -> bool {
    header.has_all(&["date", "sport", "duration_min"])
}

pub(super) fn convert(table: &Table, context: &Context) -> Result<Converted> {
    if !recognises(&table.header) {
        return Err(super::missing_column(
            table,
            super::Format::Canonical,
            &["date", "sport", "duration_min"],
        ));
    }
    // A header problem (a column twice) is the file's, not each row's.
    let names: Vec<String> = table.header.names().iter().map(|n| n.trim().to_lowercase()).collect();
    history::check_header(&table.path, table.header.line, &names)?;
    let athlete_column = table.header.find("athlete");
    let read_options = ReadOptions {
        latest_date: context.options.latest_date,
        keep_text: true,
    };
    let mut out = Converted::new(format!("{} columns", table.header.len()));
    let mut header_warnings = None;
    out.rows(table, |r| {
        let bytes = one_row_file(table, &r).map_err(|e| Error::io(&table.path, e))?;
        let mut parsed = history::parse(&table.path, &bytes, read_options).map_err(|e| at_line(e, &r))?;
        header_warnings.get_or_insert(parsed.warnings);
        let mut session = parsed.sessions.remove(0);
        // A row without an athlete is the importing athlete's.
        if r.text(athlete_column).is_empty() {
            session.athlete = history::Name::from(&context.athlete);
        }
        Ok(RowOutcome::Session(Box::new(session)))
    });
    out.warnings.extend(header_warnings.unwrap_or_default());
    Ok(out)
}

/// The header and one row as a file of their own.
fn one_row_file(table: &Table, r: &Record) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(table.header.names())?;
    let fields: Vec<&str> = (0..table.header.len()).map(|c| r.raw(Some(c))).collect();
    writer.write_record(&fields)?;
    writer.into_inner().map_err(|e| e.into_error())
}

/// The reader saw the row on line 2 of its one-row file; point at the real line.
fn at_line(error: Error, r: &Record) -> Error {
    match error {
        Error::Field {
            path,
            column,
            value,
            expected,
            ..
        } => Error::Field {
            path,
            line: r.line(),
            column,
            value,
            expected,
        },
        Error::Line { path, message, .. } => Error::Line {
            path,
            line: r.line(),
            message,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::import::tests::support::*;
    use crate::import::{Format, ImportOptions, parse};

    /// Found building the bad-input catalogue: a column twice in the header was
    /// reported once per row, at each row's line.
    #[test]
    fn a_column_twice_in_the_header_is_one_error_at_the_header() {
        let options = ImportOptions {
            format: Some(Format::Canonical),
            ..sydney()
        };
        let text = b"date,sport,duration_min,Date\n2026-01-05,run,30,2026-01-06\n2026-01-07,run,30,\n";
        let e = parse(Path::new("h.csv"), text, &options).unwrap_err();
        assert_eq!(
            e.to_string(),
            "h.csv:1: column \"date\" appears twice (fields 1 and 4); keep one"
        );
    }

    #[test]
    fn history_files_keep_their_athletes_extra_columns_and_date_text() {
        let options = ImportOptions {
            athlete: Some("bo".into()),
            ..sydney()
        };
        let file = import("canonical_history.csv", &options);
        assert_eq!(
            shown(&file),
            [
                "ana | 2026-01-05 | run | 45 | 8.5 | 6 | - | - | - | - | - | tempo, felt ok | -",
                // No athlete on the row: the importing athlete.
                "bo | 2026-01-06 | ride | 60 | - | 5 | - | - | - | - | - | - | -",
            ]
        );
        assert_eq!(file.sessions[0].date_text(), Some("2026-01-05T06:30"));
        assert_eq!(
            file.sessions[0].extra(),
            [("shoe".to_string(), "Pegasus 41".to_string())]
        );
        assert_eq!(
            rejections(&file),
            [
                "canonical_history.csv:4: column duration_min: \"-5\" is not a duration in minutes above 0 and at most 1440"
            ]
        );
        assert_eq!(file.warnings.len(), 1, "the unknown column is reported once");
    }
}
