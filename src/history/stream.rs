//! A history read as it goes, athlete by athlete, for a file whose rows are grouped
//! by athlete in name order: the order `import` writes. Memory is then a few
//! blocks of the file (one being read, one waiting, one being analysed) and a
//! batch of reports, whatever the number of athletes, and every row is read and
//! checked once.
//!
//! Streaming is only a faster way to the same result. Whenever the file is not
//! such a file, or anything in it would be an error, [`by_athlete`] says so
//! ([`Outcome::ReadAnotherWay`]) instead of reporting it, and the caller reads the
//! file the usual way ([`super::Indexed`]), which gives the same errors, with their
//! lines, as reading it whole. So no message depends on how a file was read.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::read::{Layout, no_header, parallelism, parse_rows, row_chunks};
use super::{Name, ReadOptions, Session, Shown};

/// One athlete's sessions, in file order.
#[derive(Debug)]
pub struct Group {
    pub name: Name,
    /// Their first session date.
    pub first: NaiveDate,
    pub sessions: Vec<Session>,
}

/// What a whole streamed file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: usize,
    pub athletes: usize,
    /// The first and last session dates.
    pub span: (NaiveDate, NaiveDate),
    /// Non-fatal problems (unknown columns), as [`super::History::warnings`].
    pub warnings: Vec<String>,
}

/// How a stream ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every row was read and handed over.
    Streamed(Summary),
    /// The file cannot be streamed: read it indexed or whole instead (which also
    /// says what is wrong with it, if anything is). What was handed over so far
    /// must be thrown away.
    ReadAnotherWay(Why),
}

/// Why a file cannot be streamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Not a regular file (a FIFO or device can be read only once), or it cannot
    /// be opened or read.
    NotAFile,
    /// An athlete's rows are not together, or the athletes are not in name order.
    NotGrouped,
    /// Something in it is an error (or a row is longer than [`LONGEST_ROW`]).
    NotValid,
    /// The taker of the batches failed (its error is what [`by_athlete`] returns).
    Stopped,
}

/// The first block read: a file that turns out not to be grouped costs little.
const FIRST_BLOCK: usize = 256 << 10;
/// Blocks grow to this.
const BLOCK: usize = 4 << 20;
/// A block that has no end of row within this many bytes is not streamed.
pub const LONGEST_ROW: usize = 64 << 20;

/// Read the history at `path` athlete by athlete, handing `each` every batch of
/// athletes whose rows have all been read (in name order, with the bytes of the
/// file read so far), as the file is read. Errors are only `each`'s; a file that
/// cannot be streamed ends with [`Outcome::ReadAnotherWay`].
pub fn by_athlete<E>(
    path: &Path,
    options: ReadOptions,
    shown: Option<Shown>,
    each: impl FnMut(Vec<Group>, u64) -> Result<(), E>,
) -> Result<Outcome, E> {
    by_athlete_in_blocks(path, options, shown, (FIRST_BLOCK, BLOCK), each)
}

/// [`by_athlete`], reading blocks of `first` bytes growing to `most` (tests and
/// the fuzz target cut small files in many places).
#[doc(hidden)]
pub fn by_athlete_in_blocks<E>(
    path: &Path,
    options: ReadOptions,
    shown: Option<Shown>,
    blocks: (usize, usize),
    mut each: impl FnMut(Vec<Group>, u64) -> Result<(), E>,
) -> Result<Outcome, E> {
    // Asked before opening: opening a FIFO waits for its writer, and what it
    // sends can be read only once.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(Outcome::ReadAnotherWay(Why::NotAFile));
    }
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(Outcome::ReadAnotherWay(Why::NotAFile));
    };
    // The file is read and its rows parsed ahead, on a thread of its own, while the
    // athletes read before are worked on.
    let read = crate::parallel::pipeline(
        |send| read_blocks(file, Stream::new(path, options, shown), blocks, send),
        |(batch, read)| each(batch, read),
    )?;
    Ok(match read {
        Ok(summary) => Outcome::Streamed(summary),
        Err(why) => Outcome::ReadAnotherWay(why),
    })
}

/// Read `file` into `stream` in blocks, sending each batch of athletes it ended
/// with the bytes read so far. A `send` that fails (the taker stopped) ends it.
fn read_blocks(
    mut file: std::fs::File,
    mut stream: Stream,
    (first, most): (usize, usize),
    send: &mut dyn FnMut((Vec<Group>, u64)) -> bool,
) -> Result<Summary, Why> {
    let mut buffer: Vec<u8> = Vec::new();
    let (mut target, mut read, mut eof) = (first, 0u64, false);
    loop {
        while buffer.len() < target && !eof {
            let want = (target - buffer.len()) as u64;
            let n = file
                .by_ref()
                .take(want)
                .read_to_end(&mut buffer)
                .map_err(|_| Why::NotAFile)?;
            read += n as u64;
            eof = (n as u64) < want;
        }
        // The first block must reach the header, past any blank lines before it.
        let cut = last_row_end(&buffer).filter(|&cut| stream.layout.is_some() || !no_header(&buffer[..cut]));
        let cut = match (eof, cut) {
            (true, _) => buffer.len(),
            (false, Some(cut)) => cut,
            (false, None) if buffer.len() >= LONGEST_ROW => return Err(Why::NotValid),
            (false, None) => {
                target = buffer.len() * 2;
                continue;
            }
        };
        let done = stream.block(&buffer[..cut], !eof)?;
        if !done.is_empty() && !send((done, read)) {
            return Err(Why::Stopped);
        }
        if eof {
            break;
        }
        buffer.drain(..cut);
        target = (target * 2).clamp(first, most).max(buffer.len() + first);
    }
    let (last, summary) = stream.finish()?;
    if !send((vec![last], read)) {
        return Err(Why::Stopped);
    }
    Ok(summary)
}

/// Where the last row of `bytes` that ends in it ends (just after its newline):
/// a newline outside quotes, that is with an even number of quotes before it
/// (RFC 4180 doubles a quote inside a quoted field). `bytes` starts at a row.
/// A wrong guess (after a quote that is text, `5" rain`) is harmless: a block that
/// ends inside a quoted field makes the file [`Why::NotValid`].
fn last_row_end(bytes: &[u8]) -> Option<usize> {
    let mut quotes_after = 0usize;
    let quotes = bytes.iter().filter(|&&b| b == b'"').count();
    for (i, &b) in bytes.iter().enumerate().rev() {
        match b {
            b'"' => quotes_after += 1,
            b'\n' if (quotes - quotes_after).is_multiple_of(2) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The state of a stream between blocks.
struct Stream<'p> {
    path: &'p Path,
    options: ReadOptions,
    shown: Option<Shown>,
    layout: Option<Layout>,
    /// The athlete whose rows were read last: more of them may follow.
    current: Option<Group>,
    rows: usize,
    athletes: usize,
    span: Option<(NaiveDate, NaiveDate)>,
}

impl<'p> Stream<'p> {
    fn new(path: &'p Path, options: ReadOptions, shown: Option<Shown>) -> Stream<'p> {
        Stream {
            path,
            options,
            shown,
            layout: None,
            current: None,
            rows: 0,
            athletes: 0,
            span: None,
        }
    }

    /// Read the rows of `block` (whole rows, as far as quotes tell; the first
    /// block holds the header; `goes_on`: more of the file follows) and return the
    /// athletes it ended.
    fn block(&mut self, block: &[u8], goes_on: bool) -> Result<Vec<Group>, Why> {
        // Cut at newlines, a block never splits a character: valid blocks are a
        // valid file.
        std::str::from_utf8(block).map_err(|_| Why::NotValid)?;
        let mut rows = block;
        if self.layout.is_none() {
            let layout = Layout::read(self.path, block).map_err(|_| Why::NotValid)?;
            rows = &block[layout.bom + layout.data_start.min(block.len() - layout.bom)..];
            self.layout = Some(layout);
        }
        let layout = self.layout.as_ref().expect("read above");
        let chunks = row_chunks(rows, 0, parallelism(rows.len()));
        let (options, shown) = (self.options, self.shown);
        // Errors are not reported from here (see the module doc): line numbers
        // do not matter.
        let parsed = crate::parallel::map(&chunks, |&range| {
            let mut sessions = Vec::new();
            parse_rows(
                layout.rows(options, shown, false),
                rows,
                range,
                1,
                goes_on,
                &mut sessions,
            )
            .map(|_| sessions)
        });
        let mut done = Vec::new();
        for chunk in parsed {
            // A row that runs to the end of its chunk was checked for a quote it
            // never closes (the reader would take the rest of the file as its
            // last field), so the file's last row was.
            let sessions = chunk.map_err(|_| Why::NotValid)?;
            for session in sessions {
                self.take(session, &mut done)?;
            }
        }
        Ok(done)
    }

    fn take(&mut self, session: Session, done: &mut Vec<Group>) -> Result<(), Why> {
        self.rows += 1;
        let date = session.date;
        self.span = Some(match self.span {
            None => (date, date),
            Some((first, last)) => (first.min(date), last.max(date)),
        });
        match &mut self.current {
            Some(group) if group.name == session.athlete => {
                group.first = group.first.min(date);
                group.sessions.push(session);
                return Ok(());
            }
            Some(group) if group.name > session.athlete => return Err(Why::NotGrouped),
            _ => {}
        }
        self.athletes += 1;
        let next = Group {
            name: session.athlete.clone(),
            first: date,
            sessions: vec![session],
        };
        if let Some(ended) = self.current.replace(next) {
            done.push(ended);
        }
        Ok(())
    }

    /// The last athlete and the summary, once the whole file was read.
    fn finish(self) -> Result<(Group, Summary), Why> {
        // A header without rows is an error.
        let (Some(last), Some(span), Some(layout)) = (self.current, self.span, self.layout) else {
            return Err(Why::NotValid);
        };
        Ok((
            last,
            Summary {
                rows: self.rows,
                athletes: self.athletes,
                span,
                warnings: layout.warnings,
            },
        ))
    }
}

#[cfg(test)]
mod tests;
