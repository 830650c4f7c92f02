//! Writing the canonical history CSV.

use std::io::Write;
use std::path::Path;

use super::{COLUMNS, Session};
use crate::error::{Error, Result};

/// Write `sessions` as canonical CSV. Unknown columns carried by the sessions are
/// written after the canonical ones, in the order first seen, so nothing is lost. A
/// name may occur more than once (two columns called `notes 2`, or the empty names of
/// trailing commas in a spreadsheet's header): each occurrence is a column of its own.
pub fn write_csv<W: Write>(out: W, sessions: &[Session]) -> std::io::Result<()> {
    // (name, occurrence): the second `x` column of a session is ("x", 1).
    let mut extra_columns: Vec<(&str, usize)> = Vec::new();
    for session in sessions {
        for (i, (name, _)) in session.extra().iter().enumerate() {
            let occurrence = session.extra()[..i].iter().filter(|(n, _)| n == name).count();
            if !extra_columns.contains(&(name.as_str(), occurrence)) {
                extra_columns.push((name, occurrence));
            }
        }
    }
    let mut writer = csv::Writer::from_writer(out);
    let header: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .chain(extra_columns.iter().map(|(name, _)| *name))
        .collect();
    writer.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for s in sessions {
        row.clear();
        row.extend(cells(s));
        // Cells as the user wrote them (an import never rewrites existing rows).
        for (column, text) in s.as_written() {
            if let Some(cell) = row.get_mut(usize::from(*column)) {
                cell.clone_from(text);
            }
        }
        for &(name, occurrence) in &extra_columns {
            let value = s
                .extra()
                .iter()
                .filter(|(n, _)| n == name)
                .nth(occurrence)
                .map(|(_, v)| v.as_str());
            row.push(value.unwrap_or_default().to_string());
        }
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// The cells of the canonical columns for `s`, as crampless writes its values.
pub(super) fn cells(s: &Session) -> [String; 14] {
    [
        s.athlete.to_string(),
        s.date_text().map_or_else(|| s.date.to_string(), str::to_string),
        s.sport.to_string(),
        number(Some(s.duration_min)),
        number(s.distance_km),
        number(s.rpe),
        number(s.avg_hr),
        number(s.tonnage_kg),
        s.muscle_groups.join(";"),
        number(s.temperature_c),
        number(s.humidity_pct),
        match s.cramp {
            super::Cramp::None => String::new(),
            other => other.as_str().to_string(),
        },
        s.notes.clone().unwrap_or_default(),
        s.source_id.clone().unwrap_or_default(),
    ]
}

/// Write the history to `path` atomically, keeping the previous file as `<path>.bak`.
pub fn write_file(path: &Path, sessions: &[Session]) -> Result<()> {
    let mut bytes = Vec::new();
    write_csv(&mut bytes, sessions).map_err(|e| Error::io(path, e))?;
    crate::atomic::replace_with_backup(path, &bytes)
}

/// Shortest decimal that reads back as the same `f64` (`8.5`, `30`, never `3e1`).
fn number(value: Option<f64>) -> String {
    match value {
        None => String::new(),
        // Whole numbers through an integer: `{:.0}` takes the slow exact path of
        // float formatting, and this runs for every cell of every row kept as
        // written. The same text, `-0` included.
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
            if v == 0.0 && v.is_sign_negative() {
                "-0".to_string()
            } else {
                (v as i64).to_string()
            }
        }
        Some(v) => {
            let text = v.to_string();
            debug_assert!(!text.contains('e'));
            text
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_numbers_are_written_as_the_float_formatter_writes_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            30.0,
            -12.0,
            1440.0,
            99_999_999_999_999.0,
            -99_999_999_999_999.0,
        ] {
            assert_eq!(super::number(Some(v)), format!("{v:.0}"), "{v}");
        }
        assert_eq!(super::number(Some(8.5)), "8.5");
    }

    use super::*;
    use crate::history::{ReadOptions, parse};

    #[test]
    fn round_trip_keeps_every_value_and_unknown_columns() {
        let text = "athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp,notes,source_id,shoe\n\
                    ana,2026-01-05T06:00:00Z,run,45.5,8.25,6,150,,legs;core,27.5,60,severe,\"hot, humid\",strava-1,Pegasus\n\
                    me,2026-01-06,strength,50,,7,,5230.5,legs,,,,,,\n";
        let opts = ReadOptions::default();
        let first = parse(Path::new("a.csv"), text.as_bytes(), opts).unwrap();
        let mut out = Vec::new();
        write_csv(&mut out, &first.sessions).unwrap();
        assert_eq!(String::from_utf8(out.clone()).unwrap(), text);
        let second = parse(Path::new("b.csv"), &out, opts).unwrap();
        assert_eq!(first.sessions, second.sessions);
    }

    /// Found by fuzzing (history_parse): the second of two unknown columns with the
    /// same name was dropped on rewrite, so an import lost the user's cells.
    #[test]
    fn unknown_columns_with_the_same_name_are_all_kept() {
        let text = "date,sport,duration_min,x,,x,\n2026-01-05,run,30,a,b,c,d\n";
        let opts = ReadOptions::default();
        let first = parse(Path::new("a.csv"), text.as_bytes(), opts).unwrap();
        let mut out = Vec::new();
        write_csv(&mut out, &first.sessions).unwrap();
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            format!("{},x,,x,\nme,2026-01-05,run,30,,,,,,,,,,,a,b,c,d\n", COLUMNS.join(","))
        );
        let second = parse(Path::new("b.csv"), &out, opts).unwrap();
        assert_eq!(first.sessions, second.sessions);
        assert_eq!(
            second.sessions[0].extra(),
            [("x", "a"), ("", "b"), ("x", "c"), ("", "d")].map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }
}
