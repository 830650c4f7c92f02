//! Checks that keep a command from losing or mangling data (issue #14): outputs that
//! would overwrite an input, dates far outside the history, sessions in the future,
//! and the lock that serialises writers of one history. Each is called from the
//! commands in one line.

use std::fs::File;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::{Days, NaiveDate};

use crampless::History;
use crampless::history::Indexed;

/// How far `--as-of`, `--start`, `--by` and `--race-date` may lie outside the history's span (and
/// today): two years.
pub const DATE_MARGIN_DAYS: u64 = 731;

/// Refuse outputs that are the same file as an input (same device and inode):
/// `plan h.csv --format csv -o h.csv` would replace the history with the plan.
pub fn refuse_overwriting_inputs(outputs: &[(&str, Option<&Path>)], inputs: &[&Path]) -> Result<()> {
    for &(flag, output) in outputs {
        let Some(output) = output else { continue };
        if let Some(input) = inputs.iter().find(|input| crampless::atomic::same_file(output, input)) {
            bail!(
                "{flag} {} is the same file as the input {}; write to another file",
                shown(output),
                shown(input)
            );
        }
    }
    Ok(())
}

/// The checks every command reading a history and writing files makes: no output
/// is an input, no date far outside the history (and `today`).
pub fn check_command(
    history: &History,
    today: NaiveDate,
    inputs: &[&Path],
    outputs: &[(&str, Option<&Path>)],
    dates: &[(&str, Option<NaiveDate>)],
) -> Result<()> {
    refuse_overwriting_inputs(outputs, inputs)?;
    dates_in_span(history, today, dates)
}

/// Refuse dates (`("--as-of", date)`) outside the history's first to last session,
/// widened to include today, plus [`DATE_MARGIN_DAYS`] on each side: a date in year
/// 9999 is a typo, and would make the command run for minutes.
pub fn dates_in_span(history: &History, today: NaiveDate, dates: &[(&str, Option<NaiveDate>)]) -> Result<()> {
    let first = history.sessions.iter().map(|s| s.date).min();
    dates_near(first.zip(history.last_date()), today, dates)
}

/// [`dates_in_span`] for a history indexed by athlete.
pub fn dates_in_index(index: &Indexed, today: NaiveDate, dates: &[(&str, Option<NaiveDate>)]) -> Result<()> {
    dates_near(index.span(), today, dates)
}

/// The latest date [`dates_near`] takes for a history whose last session (or
/// today, if later) is `last`.
pub fn latest_near(last: NaiveDate) -> NaiveDate {
    last.checked_add_days(Days::new(DATE_MARGIN_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// Each of `dates` within [`DATE_MARGIN_DAYS`] of the history's `span` (first and
/// last session) and today.
pub fn dates_near(
    span: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    dates: &[(&str, Option<NaiveDate>)],
) -> Result<()> {
    let (first, last) = span.unwrap_or((today, today));
    let (earliest, latest) = (
        first
            .min(today)
            .checked_sub_days(Days::new(DATE_MARGIN_DAYS))
            .unwrap_or(NaiveDate::MIN),
        latest_near(last.max(today)),
    );
    for &(flag, date) in dates {
        if let Some(date) = date
            && !(earliest..=latest).contains(&date)
        {
            bail!(
                "{flag} {date} is too far from the history (sessions from {first} to {last}, today {today}); \
                 expected a date from {earliest} to {latest}",
            );
        }
    }
    Ok(())
}

/// The latest date an import accepts: today plus one day for time zones (a session
/// logged at 01:00 in Sydney is still "yesterday" in Berlin).
pub fn latest_import_date(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(1)).unwrap_or(today)
}

/// The latest date a history read accepts at all (later is a typo in the year, an
/// error); sessions after [`latest_import_date`] but before this are warned about.
pub fn latest_read_date(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(366)).unwrap_or(today)
}

/// A warning when `history` has sessions after tomorrow: a watch with a wrong clock.
pub fn future_sessions(path: &Path, history: &History, today: NaiveDate) -> Option<String> {
    let mut future = FutureSessions::new(today);
    history.sessions.iter().for_each(|s| future.see(s.date));
    future.message(path)
}

/// [`future_sessions`] for a history indexed by athlete: only the athletes with a
/// session after today are read again.
pub fn future_sessions_in_index(path: &Path, index: &Indexed, today: NaiveDate) -> Result<Option<String>> {
    let mut future = FutureSessions::new(today);
    let after = future.after;
    for athlete in index.athletes().iter().filter(|a| a.last > after) {
        index.sessions(athlete)?.iter().for_each(|s| future.see(s.date));
    }
    Ok(future.message(path))
}

/// The sessions dated after tomorrow, counted as a history is read (see
/// [`future_sessions`]).
pub struct FutureSessions {
    today: NaiveDate,
    after: NaiveDate,
    count: usize,
    first: Option<NaiveDate>,
}

impl FutureSessions {
    pub fn new(today: NaiveDate) -> FutureSessions {
        FutureSessions {
            today,
            after: latest_import_date(today),
            count: 0,
            first: None,
        }
    }

    /// A session on `date`.
    pub fn see(&mut self, date: NaiveDate) {
        if date > self.after {
            self.count += 1;
            self.first = Some(self.first.map_or(date, |first| first.min(date)));
        }
    }

    /// The warning, if any session was in the future.
    pub fn message(&self, path: &Path) -> Option<String> {
        let first = self.first?;
        Some(format!(
            "{}: {} session{} dated after today ({}), the first on {first}; \
             they are left out of anything assessed as of today (a device with a wrong clock?)",
            shown(path),
            self.count,
            if self.count == 1 { " is" } else { "s are" },
            self.today,
        ))
    }
}

/// A path as shown in a message: control characters escaped.
pub fn shown(path: &Path) -> String {
    crampless::escape::terminal(&path.display().to_string()).into_owned()
}

/// An advisory lock on `<history>.lock`, held while a history is read, merged and
/// written; released when dropped (or when the process ends, however it ends).
pub struct HistoryLock {
    _file: Option<File>,
}

/// Lock the history at `path`, waiting for another crampless that holds it (with a
/// message on stderr unless `quiet`). The lock file sits next to the file the path
/// leads to, so two names for one history share it; it is never followed if it is
/// itself a symbolic link, and is left in place afterwards (removing it would race).
pub fn lock_history(path: &Path, quiet: bool) -> Result<HistoryLock> {
    // A device or FIFO is written in place: there is no history file to guard, and
    // no lock file belongs next to it (in /dev).
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Ok(HistoryLock { _file: None });
    }
    let real = crampless::atomic::follow_links(path);
    let mut name = real.into_os_string();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).mode(0o666);
    }
    let file = match options.open(&lock_path) {
        Ok(file) => file,
        Err(e) if is_symlink_error(&e, &lock_path) => bail!(
            "{}: is a symbolic link; crampless locks the history with this file and will not follow a link (remove it)",
            shown(&lock_path)
        ),
        // The history's folder is gone: there is nothing to lock, and the write
        // fails naming the folder.
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(HistoryLock { _file: None }),
        Err(e) => bail!("{}: cannot create the lock file: {e}", shown(&lock_path)),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            if !quiet {
                eprintln!(
                    "crampless: waiting for another crampless to finish with {} ...",
                    shown(path)
                );
            }
            file.lock()
                .map_err(|e| anyhow::anyhow!("{}: cannot lock: {e}", shown(&lock_path)))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            bail!("{}: cannot lock: {e}", shown(&lock_path))
        }
    }
    Ok(HistoryLock { _file: Some(file) })
}

fn is_symlink_error(e: &std::io::Error, path: &Path) -> bool {
    // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (some BSDs).
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::EMLINK)) {
        return true;
    }
    e.kind() != ErrorKind::NotFound && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// What identifies one version of a file: device, inode, size and change times.
/// Different after any rewrite, by crampless (a new inode) or another program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version(Option<(u64, u64, u64, i64, i64, i64, i64)>);

impl Version {
    pub fn of(path: &Path) -> Version {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Version(std::fs::metadata(path).ok().map(|m| {
                (
                    m.dev(),
                    m.ino(),
                    m.size(),
                    m.mtime(),
                    m.mtime_nsec(),
                    m.ctime(),
                    m.ctime_nsec(),
                )
            }))
        }
        #[cfg(not(unix))]
        {
            Version(std::fs::metadata(path).ok().map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                (
                    0,
                    0,
                    m.len(),
                    modified.as_secs() as i64,
                    modified.subsec_nanos() as i64,
                    0,
                    0,
                )
            }))
        }
    }
}
