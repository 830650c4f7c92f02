//! Activity files: what a watch or an app writes for one workout — FIT, GPX and TCX,
//! each also gzipped — and the Strava "download your data" archive that bundles them
//! with an `activities.csv`.
//!
//! A file is recognised by its bytes first (FIT's `.FIT` signature, gzip's `1f 8b`,
//! zip's `PK`, the XML root element) and by its name only when the bytes do not say.
//! Each reader (`fit`, `gpx`, `tcx`) turns a file into [`Activity`] summaries, one
//! per workout in the file (usually one); [`Activity::session`] makes the history
//! row. A file that cannot be read is one rejection of the import, never an error
//! that stops it: thousands of watch files should not fail on one bad download.
//! The `archive` module reads a Strava archive in place.

mod archive;
mod fit;
mod gpx;
mod tcx;
mod xml;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDateTime};

use super::readback::{self, Origin};
use super::units::positive;
use super::{Context, Format, ImportedFile, join_notes, tidy};
use crate::error::Error;
use crate::history::Session;

pub use archive::Enrichment;
pub(crate) use archive::{is_export_folder, read_archive, read_archive_bytes};

/// The most bytes crampless reads from one file: a file named on the command line, a
/// zip member, or what a gzip file unpacks to (unpacked bytes count). A one-day ultra
/// recorded every second is a few tens of MB as GPX or TCX, an export table of years
/// a few MB; this stops a decompression bomb or `/dev/zero` before the parsers, which
/// need a few times the file's size, see it.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// The activity file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Fit,
    Gpx,
    Tcx,
}

impl Kind {
    pub fn format(self) -> Format {
        match self {
            Kind::Fit => Format::Fit,
            Kind::Gpx => Format::Gpx,
            Kind::Tcx => Format::Tcx,
        }
    }

    fn from_format(format: Format) -> Option<Kind> {
        match format {
            Format::Fit => Some(Kind::Fit),
            Format::Gpx => Some(Kind::Gpx),
            Format::Tcx => Some(Kind::Tcx),
            _ => None,
        }
    }
}

/// What a file's bytes (and name) say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Activity(Kind),
    Gzip,
    Zip,
    /// Anything else: an export table, for the CSV readers.
    Other,
}

/// Tell what `bytes` are; `name` (the file name) decides only when the bytes do not.
pub(crate) fn sniff(name: &str, bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Sniffed::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    // FIT: header size, protocol, profile (2 bytes), data size (4 bytes), ".FIT".
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        return Sniffed::Activity(Kind::Fit);
    }
    match xml_root(bytes) {
        Some("gpx") => return Sniffed::Activity(Kind::Gpx),
        Some("TrainingCenterDatabase") => return Sniffed::Activity(Kind::Tcx),
        _ => {}
    }
    let name = name.to_ascii_lowercase();
    if name.ends_with(".fit") {
        Sniffed::Activity(Kind::Fit)
    } else if name.ends_with(".gpx") {
        Sniffed::Activity(Kind::Gpx)
    } else if name.ends_with(".tcx") {
        Sniffed::Activity(Kind::Tcx)
    } else if name.ends_with(".gz") {
        Sniffed::Gzip
    } else if name.ends_with(".zip") {
        Sniffed::Zip
    } else {
        Sniffed::Other
    }
}

/// The local name of an XML document's root element, looked for in the first few KB
/// past the declaration, comments and a BOM.
fn xml_root(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a multi-byte character: the valid part is enough.
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    text = text.trim_start_matches('\u{feff}');
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<?") {
            text = &rest[rest.find("?>")? + 2..];
        } else if let Some(rest) = text.strip_prefix("<!--") {
            text = &rest[rest.find("-->")? + 3..];
        } else if let Some(rest) = text.strip_prefix("<!") {
            text = &rest[rest.find('>')? + 1..];
        } else {
            let rest = text.strip_prefix('<')?;
            let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            let name = &rest[..end];
            return Some(name.rsplit(':').next().unwrap_or(name));
        }
    }
}

/// Why an activity file could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Unreadable {
    #[error("is not a readable FIT file: {0}")]
    Fit(String),
    #[error("is not a readable GPX file: {0}")]
    Gpx(String),
    #[error("is not a readable TCX file: {0}")]
    Tcx(String),
    #[error("is not a readable gzip file: {0}")]
    Gzip(std::io::Error),
    #[error("{}", too_large())]
    TooLarge,
    #[error(
        "is an archive inside the archive; archives are opened one level deep (unpack it and import the inner file)"
    )]
    Nested,
    #[error("{0}")]
    NoActivity(String),
}

/// One workout read from an activity file, in the file's own terms.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Activity {
    /// Start time, UTC.
    pub start: NaiveDateTime,
    /// The sport as the file names it; made canonical by [`Session::new`].
    pub sport: String,
    /// Start to finish, pauses included.
    pub elapsed_s: Option<f64>,
    /// Timer (or moving) time: pauses excluded.
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    /// The device's own sensor (FIT) or the track points' air temperature (GPX).
    pub temperature_c: Option<f64>,
    /// The activity's name or notes, when the file has one.
    pub name: Option<String>,
    pub source_id: String,
}

impl Activity {
    /// The history row: moving time as the duration (a watch paused at a cafe is not
    /// training), the elapsed time and the maximum heart rate in the notes.
    pub fn session(&self, context: &Context) -> Result<Session, String> {
        let elapsed = self.elapsed_s.filter(|s| *s > 0.0);
        let seconds = self
            .moving_s
            .filter(|s| *s > 0.0)
            .or(elapsed)
            .ok_or("has no duration (no timer, moving or elapsed time)")?;
        let date = context.options.zone.local_date(self.start);
        let mut s = context.session(date, &self.sport, seconds / 60.0);
        s.distance_km = positive(self.distance_m.map(|m| m / 1000.0));
        // Some devices write 0 for "no strap"; that is no heart rate, not a bad one.
        s.avg_hr = self.avg_hr.filter(|hr| *hr > 0.0);
        s.temperature_c = self.temperature_c;
        s.source_id = Some(self.source_id.clone());
        let elapsed_note = elapsed
            .filter(|e| e - seconds >= 60.0)
            .map(|e| format!("elapsed {:.0} min", e / 60.0));
        let max_hr_note = self.max_hr.filter(|hr| *hr > 0.0).map(|hr| format!("max HR {hr:.0}"));
        s.notes = join_notes(
            [self.name.as_deref(), elapsed_note.as_deref(), max_hr_note.as_deref()]
                .into_iter()
                .flatten(),
        );
        Ok(s)
    }
}

/// What a reader found in one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// e.g. "FIT activity, garmin fenix7".
    pub layout: String,
    pub activities: Vec<Activity>,
    /// Parts that are not training: multisport transitions.
    pub skipped: usize,
    pub warnings: Vec<String>,
}

/// Read one (unpacked) activity file.
pub(crate) fn read_activity(bytes: &[u8], kind: Kind) -> Result<Parsed, Unreadable> {
    match kind {
        Kind::Fit => fit::read(bytes),
        Kind::Gpx => gpx::read(bytes),
        Kind::Tcx => tcx::read(bytes),
    }
}

/// Why a file is refused before it is read: it is larger than [`MAX_FILE_BYTES`].
pub(crate) fn too_large() -> String {
    format!(
        "is larger than {} MB (unpacked); crampless reads at most that from one file",
        MAX_FILE_BYTES >> 20
    )
}

/// The bytes of a gzip stream, at most [`MAX_FILE_BYTES`] of them.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, Unreadable> {
    read_capped(flate2::read::MultiGzDecoder::new(bytes)).map_err(Unreadable::Gzip)?
}

/// Everything `reader` gives, or [`Unreadable::TooLarge`] past [`MAX_FILE_BYTES`]
/// (read one byte further, so a file of exactly the limit passes).
pub(crate) fn read_capped(reader: impl Read) -> std::io::Result<Result<Vec<u8>, Unreadable>> {
    let mut out = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Unreadable::TooLarge));
    }
    Ok(Ok(out))
}

/// Read a file found inside a folder (an unzipped export, a watch's activity folder):
/// only a regular file, never through a symbolic link, never a device, FIFO or socket
/// (which could hang or never end). The file is opened without following links and
/// without blocking, then its own metadata is checked, so a file swapped in between
/// is refused too. `Ok(None)`: there is no such file. The error says why a file was
/// skipped, never what is in it.
pub(crate) fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => not_regular(&meta.file_type()).map_or(Ok(()), Err)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be opened ({e})")),
    };
    let meta = file.metadata().map_err(|e| e.to_string())?;
    not_regular(&meta.file_type()).map_or(Ok(()), Err)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    match read_capped(file) {
        Ok(Ok(bytes)) => Ok(Some(bytes)),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Why a file of this type is not read; `None` for a regular file.
fn not_regular(kind: &std::fs::FileType) -> Option<String> {
    let what = if kind.is_file() {
        return None;
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        file_kind(kind)
    };
    Some(format!(
        "is {what}, not a regular file; skipped (links, devices and FIFOs are never read)"
    ))
}

#[cfg(unix)]
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn file_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// The file name without a trailing `.gz`, for telling what the content is.
fn inner_name(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        &name[..name.len() - 3]
    } else {
        name
    }
}

/// Which activity kind `bytes` are, if any: `--format` first, then the bytes and name.
fn kind_of(name: &str, bytes: &[u8], format: Option<Format>) -> Option<Kind> {
    match format {
        Some(format) => Kind::from_format(format),
        None => match sniff(name, bytes) {
            Sniffed::Activity(kind) => Some(kind),
            _ => None,
        },
    }
}

/// What a file turned out to hold, for [`crate::import::parse`].
pub(crate) enum Content<'a> {
    /// An export table for the CSV readers (unpacked, when it came gzipped).
    Table(Cow<'a, [u8]>),
    /// An activity file, already imported (or rejected).
    Imported(ImportedFile),
    /// A zip: a Strava archive.
    Zip(Cow<'a, [u8]>),
}

/// Tell what `bytes` (of the file called `name`) hold and import an activity file.
/// Gzip is transparent: what is inside is told by its own bytes and by the name
/// without `.gz` (`ride.tcx.gz`, also `activities.csv.gz`). `--format` names an
/// activity kind or an export; a zip is only an archive when no other export is named.
pub(crate) fn route<'a>(
    path: &Path,
    name: &str,
    bytes: &'a [u8],
    context: &Context,
    in_archive: bool,
) -> Result<Content<'a>, Error> {
    let format = context.options.format;
    let (bytes, name) = if sniff(name, bytes) == Sniffed::Gzip {
        let inner = inner_name(name);
        match gunzip(bytes) {
            Ok(expanded) => (Cow::Owned(expanded), inner),
            Err(e) => {
                return match kind_of(inner, &[], format) {
                    Some(kind) => Ok(Content::Imported(unreadable(path, kind, &e))),
                    None => Err(file_error(path, e.to_string())),
                };
            }
        }
    } else {
        (Cow::Borrowed(bytes), name)
    };
    if let Some(kind) = kind_of(name, &bytes, format) {
        return Ok(Content::Imported(import(path, &bytes, kind, context)));
    }
    if format.is_none_or(|f| f == Format::Strava) && sniff(name, &bytes) == Sniffed::Zip {
        if in_archive {
            return Err(file_error(path, Unreadable::Nested.to_string()));
        }
        return Ok(Content::Zip(bytes));
    }
    Ok(Content::Table(bytes))
}

/// Import one (decompressed) activity file. Never an error: an unreadable file comes
/// back as one rejection, so that one bad download does not stop a batch.
fn import(path: &Path, bytes: &[u8], kind: Kind, context: &Context) -> ImportedFile {
    let parsed = match read_activity(bytes, kind) {
        Ok(parsed) => parsed,
        Err(e) => return unreadable(path, kind, &e),
    };
    let mut file = empty(path, kind, parsed.layout);
    file.rows_read = parsed.activities.len();
    file.skipped_other = parsed.skipped;
    file.warnings = parsed
        .warnings
        .into_iter()
        .map(|w| format!("{}: {w}", path.display()))
        .collect();
    for activity in &parsed.activities {
        match to_history_row(activity, path, context) {
            Ok((session, warnings)) => {
                file.sessions.push(session);
                file.warnings.extend(warnings);
            }
            Err(e) => file.rejected.push(e),
        }
    }
    file
}

/// An activity file that could not be read: no sessions, one rejection saying why.
fn unreadable(path: &Path, kind: Kind, reason: &Unreadable) -> ImportedFile {
    let mut file = empty(path, kind, "unreadable".into());
    file.rejected.push(file_error(path, reason.to_string()));
    file
}

fn empty(path: &Path, kind: Kind, layout: String) -> ImportedFile {
    ImportedFile {
        path: path.to_path_buf(),
        format: kind.format(),
        layout,
        rows_read: 0,
        sessions: Vec::new(),
        rejected: Vec::new(),
        skipped_planned: 0,
        skipped_other: 0,
        warnings: Vec::new(),
        enrichment: None,
    }
}

/// The session of `activity`, rounded and checked against the history reader.
fn to_history_row(activity: &Activity, path: &Path, context: &Context) -> Result<(Session, Vec<String>), Error> {
    if activity.start.year() < 2000 {
        // FIT devices write seconds since power-on until they have a clock fix.
        return Err(file_error(
            path,
            "has no real start time (the device clock was not set)".into(),
        ));
    }
    let mut session = activity.session(context).map_err(|m| file_error(path, m))?;
    tidy(&mut session);
    readback::check(session, Origin::File(path), context.options.latest_date)
}

fn file_error(path: &Path, message: String) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message,
    }
}

/// The activity files directly in `folder`, by name: what a watch's `Activity` folder
/// or an unzipped download holds. Only regular files: a symbolic link, device or FIFO
/// with an activity file's name is left out, with a warning (second list) saying why.
pub(crate) fn files_in(folder: &Path) -> Result<(Vec<std::path::PathBuf>, Vec<String>), Error> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let path = entry.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let inner = inner_name(&name);
        if ![".fit", ".gpx", ".tcx"].iter().any(|ext| inner.ends_with(ext)) {
            continue;
        }
        // The entry's own type: a link is not followed.
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        match not_regular(&kind) {
            None => files.push(path),
            Some(reason) if !kind.is_dir() => skipped.push((path, reason)),
            Some(_) => {}
        }
    }
    files.sort();
    skipped.sort();
    let skipped = skipped
        .into_iter()
        .map(|(path, reason)| format!("{}: {reason}", path.display()))
        .collect();
    Ok((files, skipped))
}

/// An XML reader's first check: a download that failed often saved an error page or
/// message under the activity's name, which deserves a plainer word than a parser's.
pub(crate) fn not_xml(bytes: &[u8]) -> Option<String> {
    if bytes.first() == Some(&b'<') {
        return None;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    let head = head.lines().next().unwrap_or("").trim();
    Some(if head.is_empty() {
        "it is empty".to_string()
    } else {
        format!("it is not XML; it starts with {head:?}")
    })
}

/// Mean and maximum of heart rates or temperatures; `None` for no values.
pub(crate) fn mean_and_max(values: &[f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (Some(mean), Some(max))
}

/// `20260105T063000Z`: a UTC time for source ids, with no characters a CSV quotes.
pub(crate) fn compact_utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests;
