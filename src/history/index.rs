//! A history read athlete by athlete: the file's bytes and, for each athlete, where
//! their rows are. Every row is read and checked once up front, with exactly the
//! errors of [`super::parse`]; then one athlete's sessions are read again when
//! they are needed and dropped after. For analysis and reports only: an indexed
//! history is never written back, so the cells kept as written
//! ([`super::Kept::as_written`]) are not kept. A club's check then holds the file and one
//! batch of athletes, about 16 bytes a row beyond the file, instead of every
//! session (232 bytes each) at once, whatever order the rows are in.

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::read::{Layout, RowSink, Shown, read_rows};
use super::{Name, ReadOptions, Session};
use crate::error::{Error, Result};

/// The rows of one athlete.
#[derive(Debug, Clone)]
pub struct AthleteRows {
    pub name: Name,
    /// Their first and last session dates.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Their rows: start (after a BOM) and length in bytes, in file order.
    rows: Vec<(u64, u32)>,
}

impl AthleteRows {
    /// How many sessions the athlete has.
    pub fn sessions(&self) -> usize {
        self.rows.len()
    }
}

/// A history file indexed by athlete.
pub struct Indexed {
    bytes: Vec<u8>,
    layout: Layout,
    options: ReadOptions,
    shown: Option<Shown>,
    /// By name.
    athletes: Vec<AthleteRows>,
    rows: usize,
}

impl std::fmt::Debug for Indexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexed")
            .field("bytes", &self.bytes.len())
            .field("athletes", &self.athletes.len())
            .field("rows", &self.rows)
            .finish()
    }
}

/// The rows of each athlete in one chunk of the file.
#[derive(Default)]
struct ChunkIndex {
    athletes: FxHashMap<Name, AthleteRows>,
    /// The row before, to skip the lookup for runs of one athlete's rows.
    last: Option<Name>,
    rows: usize,
}

impl RowSink for ChunkIndex {
    fn take(&mut self, session: Session, row: Range<u64>) {
        self.rows += 1;
        let len = u32::try_from(row.end - row.start).unwrap_or(u32::MAX);
        let entry = match &self.last {
            Some(last) if *last == session.athlete => self.athletes.get_mut(last),
            _ => None,
        };
        let entry = match entry {
            Some(entry) => entry,
            None => {
                self.last = Some(session.athlete.clone());
                self.athletes
                    .entry(session.athlete.clone())
                    .or_insert_with(|| AthleteRows {
                        name: session.athlete.clone(),
                        first: session.date,
                        last: session.date,
                        rows: Vec::new(),
                    })
            }
        };
        entry.first = entry.first.min(session.date);
        entry.last = entry.last.max(session.date);
        entry.rows.push((row.start, len));
    }

    fn is_empty(&self) -> bool {
        self.rows == 0
    }
}

impl Indexed {
    /// Index the history file `path`.
    pub fn read(path: &Path, options: ReadOptions, shown: Option<Shown>) -> Result<Indexed> {
        Indexed::new(path, super::read::file_bytes(path)?, options, shown)
    }

    /// Index history `bytes` (`path` only for messages): every row is read and
    /// checked, with the errors [`super::parse`] gives. `shown`, if any, is applied
    /// to athlete, sport and notes as they are read.
    pub fn new(path: &Path, bytes: Vec<u8>, options: ReadOptions, shown: Option<Shown>) -> Result<Indexed> {
        Indexed::with_parts(path, bytes, options, shown, None)
    }

    pub(super) fn with_parts(
        path: &Path,
        bytes: Vec<u8>,
        options: ReadOptions,
        shown: Option<Shown>,
        parts: Option<usize>,
    ) -> Result<Indexed> {
        let layout = Layout::read(path, &bytes)?;
        let chunks = read_rows(&layout, &bytes, options, parts, shown, false, |_| ChunkIndex::default())?;
        let mut athletes: FxHashMap<Name, AthleteRows> = FxHashMap::default();
        let mut rows = 0;
        for chunk in chunks {
            rows += chunk.rows;
            for (name, part) in chunk.athletes {
                match athletes.get_mut(&name) {
                    None => {
                        athletes.insert(name, part);
                    }
                    Some(all) => {
                        // Chunks come in file order: rows stay in file order.
                        all.first = all.first.min(part.first);
                        all.last = all.last.max(part.last);
                        all.rows.extend(part.rows);
                    }
                }
            }
        }
        let mut athletes: Vec<AthleteRows> = athletes.into_values().collect();
        athletes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        Ok(Indexed {
            bytes,
            layout,
            options,
            shown,
            athletes,
            rows,
        })
    }

    /// The athletes, by name.
    pub fn athletes(&self) -> &[AthleteRows] {
        &self.athletes
    }

    /// Sessions in the file.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Non-fatal problems (unknown columns), as [`super::History::warnings`].
    pub fn warnings(&self) -> &[String] {
        &self.layout.warnings
    }

    /// The first and last session dates of the whole file.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.athletes.iter().map(|a| a.first).min()?;
        let last = self.athletes.iter().map(|a| a.last).max()?;
        Some((first, last))
    }

    /// Every date of every session, for checks over the whole file (sessions in the
    /// future): one athlete at a time.
    pub fn dates(&self) -> impl Iterator<Item = Result<Vec<NaiveDate>>> + '_ {
        self.athletes
            .iter()
            .map(|a| Ok(self.sessions(a)?.into_iter().map(|s| s.date).collect()))
    }

    /// The sessions of `athlete` (one of [`Indexed::athletes`]), in file order,
    /// read again from the file's bytes. They were checked when indexed, so an
    /// error here is a bug.
    pub fn sessions(&self, athlete: &AthleteRows) -> Result<Vec<Session>> {
        let bytes = &self.bytes[self.layout.bom..];
        let mut context = self.layout.rows(self.options, self.shown, false);
        let mut record = csv::ByteRecord::new();
        let mut sessions = Vec::with_capacity(athlete.rows.len());
        // One reader for the athlete: rows that follow each other in the file (an
        // imported history keeps each athlete's rows together) are read straight
        // on; the reader only seeks to a row that does not. A small buffer keeps
        // each seek cheap.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1024)
            .from_reader(std::io::Cursor::new(bytes));
        // The bytes are this index's own and were read once already: a row that
        // no longer reads is a bug (or rows of another index), not bad input.
        let changed = |detail: String| Error::File {
            path: self.layout.path.clone(),
            message: format!("internal error: an indexed row does not read again ({detail}); please report it"),
        };
        let mut next = None;
        for &(start, len) in &athlete.rows {
            if next != Some(start) {
                let mut at = csv::Position::new();
                at.set_byte(start);
                reader.seek(at).map_err(|e| changed(e.to_string()))?;
            }
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return Err(changed("a row is missing".into())),
                Err(e) => return Err(changed(e.to_string())),
            }
            next = Some(start + u64::from(len));
            sessions.push(context.session(&record, 0)?);
        }
        Ok(sessions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::parse;

    fn opts() -> ReadOptions {
        ReadOptions {
            latest_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            keep_text: true,
        }
    }

    #[test]
    fn each_athlete_reads_as_the_whole_file_does_in_any_order_of_rows() {
        let text = "\u{feff}athlete,date,sport,duration_min,notes\nbo,2026-01-02,run,30,\"a, \"\"b\"\"\nc\"\n\nana,2026-01-01,Trail Running,45,\nbo,2026-01-03,ride,60,x\nana,2026-01-04,run,20,\n";
        let whole = parse(Path::new("h.csv"), text.as_bytes(), opts()).unwrap();
        for parts in 1..4 {
            let index =
                Indexed::with_parts(Path::new("h.csv"), text.as_bytes().to_vec(), opts(), None, Some(parts)).unwrap();
            let names: Vec<&str> = index.athletes().iter().map(|a| a.name.as_str()).collect();
            assert_eq!(names, ["ana", "bo"]);
            assert_eq!(index.rows(), 4);
            for athlete in index.athletes() {
                let sessions = index.sessions(athlete).unwrap();
                let expected: Vec<Session> = whole
                    .sessions
                    .iter()
                    .filter(|s| s.athlete == athlete.name)
                    .map(Session::without_as_written)
                    .collect();
                assert_eq!(sessions, expected, "{parts} parts");
            }
            let d = |day| NaiveDate::from_ymd_opt(2026, 1, day).unwrap();
            assert_eq!(index.span(), Some((d(1), d(4))));
            assert_eq!((index.athletes()[1].first, index.athletes()[1].last), (d(2), d(3)));
        }
    }

    #[test]
    fn errors_are_those_of_reading_the_whole_file() {
        for text in [
            "athlete,date,sport,duration_min\nbo,2026-01-02,run,30\nana,2026-01-01,run,eleven\n",
            "date,sport\n2026-01-01,run\n",
            "athlete,date,sport,duration_min\n",
            "athlete,date,sport,duration_min,notes\nbo,2026-01-02,run,30,\"open\n",
        ] {
            let whole = parse(Path::new("h.csv"), text.as_bytes(), opts())
                .unwrap_err()
                .to_string();
            let indexed = Indexed::new(Path::new("h.csv"), text.as_bytes().to_vec(), opts(), None)
                .unwrap_err()
                .to_string();
            assert_eq!(indexed, whole);
        }
    }

    #[test]
    fn names_are_shown_as_asked() {
        let text = "athlete,date,sport,duration_min,notes\n\"a\u{1b}[2J\",2026-01-02,run,30,\"n\u{7}\"\n";
        let shown: Shown = |t| std::borrow::Cow::Owned(t.replace('\u{1b}', "ESC").replace('\u{7}', "BEL"));
        let index = Indexed::new(Path::new("h.csv"), text.as_bytes().to_vec(), opts(), Some(shown)).unwrap();
        assert_eq!(index.athletes()[0].name, "aESC[2J");
        let s = &index.sessions(&index.athletes()[0]).unwrap()[0];
        assert_eq!((s.athlete.as_str(), s.notes.as_deref()), ("aESC[2J", Some("nBEL")));
    }
}
