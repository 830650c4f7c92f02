//! The canonical history: one row per session, the format every other part of
//! crampless reads and writes. [`read`] parses it with precise errors; [`write`]
//! writes it back so that a round trip changes nothing the user wrote.

mod cells;
mod diagnostics;
mod index;
mod name;
mod read;
pub mod stream;
mod write;

pub use index::{AthleteRows, Indexed};
pub(crate) use name::Interner;
pub use name::Name;
pub use read::{ReadOptions, Shown, parse, parse_in_parts, read, read_shown};
// Shared with the importers, which read CSV the same way.
pub(crate) use cells::parse_plain_decimal;
pub(crate) use diagnostics::{LineCounter, csv_error, not_text, unclosed_quote};
pub(crate) use read::check_header;
pub use write::{write_csv, write_file};

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

/// The athlete name used when a row has no `athlete`.
pub const DEFAULT_ATHLETE: &str = "me";

/// The columns of the canonical history, in the order crampless writes them.
pub const COLUMNS: [&str; 14] = [
    "athlete",
    "date",
    "sport",
    "duration_min",
    "distance_km",
    "rpe",
    "avg_hr",
    "tonnage_kg",
    "muscle_groups",
    "temperature_c",
    "humidity_pct",
    "cramp",
    "notes",
    "source_id",
];

/// A cramp the athlete logged with a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cramp {
    #[default]
    None,
    Mild,
    Severe,
}

impl Cramp {
    /// The word written in the history.
    pub fn as_str(self) -> &'static str {
        match self {
            Cramp::None => "none",
            Cramp::Mild => "mild",
            Cramp::Severe => "severe",
        }
    }
}

/// One training session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    /// Shared by every session of the athlete (see [`Name`]).
    pub athlete: Name,
    /// The training day: the calendar date as written.
    pub date: NaiveDate,
    /// The time of day as written in the `date` cell (`HH:MM`), when it has one:
    /// the planner's usual start time per weekday.
    #[serde(skip)]
    pub time: Option<chrono::NaiveTime>,
    /// Canonical sport name (see [`crate::sport::canonical`]).
    pub sport: Name,
    pub duration_min: f64,
    pub distance_km: Option<f64>,
    /// Session RPE on the CR-10 scale (0-10).
    pub rpe: Option<f64>,
    /// Average heart rate in bpm.
    pub avg_hr: Option<f64>,
    /// Sum of weight x reps over working sets, in kg.
    pub tonnage_kg: Option<f64>,
    /// Lower-cased muscle groups, e.g. `["legs", "core"]`; shared by the sessions
    /// that list the same groups.
    pub muscle_groups: Arc<[String]>,
    pub temperature_c: Option<f64>,
    pub humidity_pct: Option<f64>,
    pub cramp: Cramp,
    pub notes: Option<String>,
    pub source_id: Option<String>,
    /// What only a rewrite of the history needs; `None` for most sessions, and
    /// boxed so that it costs them one pointer.
    #[serde(skip)]
    pub kept: Option<Box<Kept>>,
}

/// The text of a history row that a rewrite writes back as it was.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kept {
    /// The `date` cell exactly as written when it carried a time of day.
    pub date_text: Option<String>,
    /// Columns crampless does not know, as (name, value), kept so nothing is lost.
    pub extra: Vec<(String, String)>,
    /// Cells of the canonical columns whose text differs from what crampless would
    /// write for the value read (`Trail Running` for the sport `run`, `30.0` for 30,
    /// ` Legs; Core`), as (index in [`COLUMNS`], text): a rewrite of the history
    /// writes them back as they were. Only kept by readers that keep text.
    pub as_written: Vec<(u8, String)>,
}

impl Session {
    /// The `date` cell as written, when it carried a time of day.
    pub fn date_text(&self) -> Option<&str> {
        self.kept.as_ref()?.date_text.as_deref()
    }

    /// The unknown columns kept, as (name, value).
    pub fn extra(&self) -> &[(String, String)] {
        self.kept.as_ref().map_or(&[], |k| &k.extra)
    }

    /// The canonical cells whose text differs from what crampless would write.
    pub fn as_written(&self) -> &[(u8, String)] {
        self.kept.as_ref().map_or(&[], |k| &k.as_written)
    }

    /// The kept text, to fill in.
    pub fn kept_mut(&mut self) -> &mut Kept {
        self.kept.get_or_insert_default()
    }

    /// The session without the cells kept as written: what an indexed history
    /// ([`Indexed`]), never written back, reads.
    pub fn without_as_written(&self) -> Session {
        let mut session = self.clone();
        if let Some(kept) = &mut session.kept {
            kept.as_written.clear();
            if **kept == Kept::default() {
                session.kept = None;
            }
        }
        session
    }

    /// A session with only the required fields set.
    pub fn new(athlete: &str, date: NaiveDate, sport: &str, duration_min: f64) -> Self {
        Session {
            athlete: Name::from(athlete),
            date,
            sport: Name::from(crate::sport::canonical(sport)),
            duration_min,
            ..Session::blank()
        }
    }

    /// A session with every field empty, to fill in field by field.
    pub(crate) fn blank() -> Self {
        Session {
            athlete: Name::default(),
            date: NaiveDate::MIN,
            time: None,
            sport: Name::default(),
            duration_min: 0.0,
            distance_km: None,
            rpe: None,
            avg_hr: None,
            tonnage_kg: None,
            muscle_groups: Arc::from([]),
            temperature_c: None,
            humidity_pct: None,
            cramp: Cramp::None,
            notes: None,
            source_id: None,
            kept: None,
        }
    }
}

/// A parsed history file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Sessions in file order.
    pub sessions: Vec<Session>,
    /// Non-fatal problems (unknown columns, ...), for the caller to show on stderr.
    pub warnings: Vec<String>,
}

impl History {
    /// The last session date: the default as-of date, the same for every athlete.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.sessions.iter().map(|s| s.date).max()
    }

    /// The distinct athlete names, sorted.
    pub fn athletes(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.sessions.iter().map(|s| s.athlete.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}
