//! The last check on an imported session: it must read back through the history
//! reader unchanged, so that an import can never write a history that `check` then
//! refuses. Rather than copying the reader's limits here, each session is written as
//! one history row and parsed back. An out-of-range optional value (a 15 bpm heart
//! rate from a loose strap) is dropped with a warning; a bad date or duration rejects
//! the session, naming where it came from.

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::history::{self, ReadOptions, Session};

/// Where a session came from, for messages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin<'a> {
    /// A row of an export, by its physical line.
    Line(&'a Path, u64),
    /// A whole activity file (FIT, GPX, TCX), which has no lines to point at.
    File(&'a Path),
}

impl<'a> Origin<'a> {
    fn path(self) -> &'a Path {
        match self {
            Origin::Line(path, _) | Origin::File(path) => path,
        }
    }

    /// A whole-session problem, located as precisely as the origin allows.
    fn error(self, message: String) -> Error {
        match self {
            Origin::Line(path, line) => Error::Line {
                path: path.to_path_buf(),
                line,
                message,
            },
            Origin::File(path) => Error::File {
                path: path.to_path_buf(),
                message,
            },
        }
    }
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(path, line) => write!(f, "{}:{line}", path.display()),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Check `session` against the history reader.
pub(crate) fn check(mut session: Session, origin: Origin, latest_date: NaiveDate) -> Result<(Session, Vec<String>)> {
    let mut warnings = Vec::new();
    // Each round drops at most one optional field, so this ends.
    for _ in 0..=history::COLUMNS.len() {
        let mut bytes = Vec::new();
        history::write_csv(&mut bytes, std::slice::from_ref(&session)).map_err(|e| Error::io(origin.path(), e))?;
        let error = match history::parse(
            Path::new("row"),
            &bytes,
            ReadOptions {
                latest_date,
                keep_text: true,
            },
        ) {
            Ok(_) => return Ok((session, warnings)),
            Err(e) => e,
        };
        let Error::Field {
            column,
            value,
            expected,
            ..
        } = error
        else {
            return Err(origin.error(format!("cannot be written as a history row: {error}")));
        };
        let dropped = match column.as_str() {
            "distance_km" => session.distance_km.take().is_some(),
            "rpe" => session.rpe.take().is_some(),
            "avg_hr" => session.avg_hr.take().is_some(),
            "tonnage_kg" => session.tonnage_kg.take().is_some(),
            "temperature_c" => session.temperature_c.take().is_some(),
            "humidity_pct" => session.humidity_pct.take().is_some(),
            _ => false,
        };
        if !dropped {
            return Err(match origin {
                Origin::Line(path, line) => Error::Field {
                    path: path.to_path_buf(),
                    line,
                    column,
                    value,
                    expected,
                },
                Origin::File(_) => origin.error(format!("{column} {} {expected}", crate::error::shown(&value))),
            });
        }
        warnings.push(format!(
            "{origin}: {column} {} {expected}; left empty",
            crate::error::shown(&value)
        ));
    }
    unreachable!("every round drops a field or returns")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    #[test]
    fn good_sessions_pass_unchanged() {
        let mut s = Session::new("me", day(5), "run", 30.5);
        s.notes = Some("two\nlines, \"quoted\"".into());
        let (out, warnings) = check(s.clone(), Origin::Line(Path::new("a.csv"), 3), day(31)).unwrap();
        assert_eq!(out, s);
        assert!(warnings.is_empty());
    }

    #[test]
    fn out_of_range_optional_values_are_dropped_with_a_warning() {
        let mut s = Session::new("me", day(5), "run", 30.0);
        s.avg_hr = Some(12.0);
        s.humidity_pct = Some(130.0);
        let (out, warnings) = check(s, Origin::Line(Path::new("a.csv"), 3), day(31)).unwrap();
        assert_eq!((out.avg_hr, out.humidity_pct), (None, None));
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].starts_with("a.csv:3: avg_hr \"12\" is not a heart rate"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn bad_durations_and_future_dates_reject_the_session() {
        let long = Session::new("me", day(5), "ride", 1500.0);
        let e = check(long.clone(), Origin::Line(Path::new("a.csv"), 7), day(31))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "a.csv:7: column duration_min: \"1500\" is not a duration in minutes above 0 and at most 1440"
        );
        // An activity file has no lines: the file alone is named.
        let e = check(long, Origin::File(Path::new("hike.fit")), day(31))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "hike.fit: duration_min \"1500\" is not a duration in minutes above 0 and at most 1440"
        );
        let future = Session::new("me", day(30), "run", 30.0);
        let e = check(future, Origin::Line(Path::new("a.csv"), 8), day(10))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("a.csv:8: column date: \"2026-01-30\" is in the future"),
            "{e}"
        );
    }
}
