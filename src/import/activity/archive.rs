//! The Strava "download your data" archive (`export_12345.zip`), read in place, or
//! the folder it unzips to.
//!
//! `activities.csv` gives the sessions, through the Strava reader. Its `Filename`
//! column names each activity's original file (`activities/123.fit.gz`, `.gpx`,
//! `.tcx.gz`); for a session the CSV leaves without a heart rate or a temperature,
//! that file is read to fill them in — the same activity, never a second session.
//! Files of sessions the CSV already covers are not opened, and the ones that are
//! opened are read on all cores, each worker with its own handle on the archive. A
//! missing or unreadable activity file leaves its session as the CSV has it, with a
//! warning.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Component, Path, PathBuf};

use zip::ZipArchive;
use zip::result::ZipError;

use super::{MAX_FILE_BYTES, Sniffed, Unreadable, gunzip, inner_name, read_activity, read_capped, read_regular, sniff};
use crate::error::{Error, Result};
use crate::history::Session;
use crate::import::readback::{self, Origin};
use crate::import::table::Table;
use crate::import::{Format, ImportOptions, ImportedFile, Progress, tidy};

/// What the activity files of an archive added to its `activities.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enrichment {
    /// Activity files opened because their session lacked something.
    pub files_read: usize,
    /// Sessions that got their average heart rate from their file.
    pub heart_rate_added: usize,
    /// Sessions that got their temperature from their file.
    pub temperature_added: usize,
    /// Files named in `activities.csv` that the archive does not hold.
    pub files_missing: usize,
    /// Files that could not be read (each also a warning).
    pub files_unreadable: usize,
}

/// Read access to the files of an archive or an unzipped folder.
trait Entries {
    /// Every file's path inside, `/`-separated.
    fn names(&self) -> Vec<String>;
    /// A file's bytes; `None` when there is no such file.
    fn read(&mut self, name: &str) -> std::result::Result<Option<Vec<u8>>, String>;
}

struct Zip<R: Read + Seek>(ZipArchive<R>);

impl<R: Read + Seek> Entries for Zip<R> {
    fn names(&self) -> Vec<String> {
        self.0
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    fn read(&mut self, name: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        let entry = match self.0.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        // The size the archive announces first, then what really comes out.
        if entry.size() > MAX_FILE_BYTES {
            return Err(Unreadable::TooLarge.to_string());
        }
        match read_capped(entry) {
            Ok(Ok(bytes)) => Ok(Some(bytes)),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        }
    }
}

struct Folder(PathBuf);

impl Entries for Folder {
    fn names(&self) -> Vec<String> {
        // Whatever it is: reading it refuses a link, device or FIFO.
        if std::fs::symlink_metadata(self.0.join("activities.csv")).is_ok() {
            vec!["activities.csv".into()]
        } else {
            Vec::new()
        }
    }

    fn read(&mut self, name: &str) -> std::result::Result<Option<Vec<u8>>, String> {
        // Names come from the CSV: never leave the folder.
        let relative = Path::new(name);
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(format!("{name:?} is not a path inside the export"));
        }
        // Every folder on the way must be a real one too, not a link out of the export.
        let mut folder = self.0.clone();
        for part in relative.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            match std::fs::symlink_metadata(&folder) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(format!("{} is not a folder (links are not followed)", folder.display())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e.to_string()),
            }
        }
        read_regular(&self.0.join(relative))
    }
}

/// Whether `path` is a folder holding an unzipped Strava export.
pub(crate) fn is_export_folder(path: &Path) -> bool {
    path.is_dir() && std::fs::symlink_metadata(path.join("activities.csv")).is_ok_and(|m| !m.is_dir())
}

/// Read a Strava archive: a zip file (read in place, never loaded whole) or the folder
/// it unzips to.
pub(crate) fn read_archive(path: &Path, options: &ImportOptions, progress: &dyn Progress) -> Result<ImportedFile> {
    if path.is_dir() {
        return read_with(path, &|| Ok(Folder(path.to_path_buf())), options, progress);
    }
    let open = || -> Result<Zip<BufReader<File>>> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        ZipArchive::new(BufReader::new(file))
            .map(Zip)
            .map_err(|e| not_a_zip(path, e))
    };
    read_with(path, &open, options, progress)
}

/// Read a Strava archive already in memory.
pub(crate) fn read_archive_bytes(
    path: &Path,
    bytes: &[u8],
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportedFile> {
    let open = || {
        ZipArchive::new(Cursor::new(bytes))
            .map(Zip)
            .map_err(|e| not_a_zip(path, e))
    };
    read_with(path, &open, options, progress)
}

fn not_a_zip(path: &Path, e: ZipError) -> Error {
    Error::File {
        path: path.to_path_buf(),
        message: format!("is not a readable zip archive: {e}"),
    }
}

/// One activity file to open for one session.
struct Job {
    session: usize,
    entry: String,
}

/// What an activity file had for its session.
struct Found {
    avg_hr: Option<f64>,
    temperature_c: Option<f64>,
}

enum Failure {
    Missing,
    Unreadable(String),
}

fn read_with<E: Entries>(
    path: &Path,
    open: &(dyn Fn() -> Result<E> + Sync),
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportedFile> {
    let mut entries = open()?;
    let csv_name = find_activities_csv(&entries.names()).ok_or_else(|| Error::File {
        path: path.to_path_buf(),
        message: "has no activities.csv, so it is not a Strava archive; to import activity files \
                  (FIT, GPX, TCX) from it, unzip it and name the files"
            .into(),
    })?;
    let csv_path = path.join(&csv_name);
    let csv_bytes = entries
        .read(&csv_name)
        .map_err(|message| Error::File {
            path: csv_path.clone(),
            message,
        })?
        .unwrap_or_default();
    // A zip in the archive (even named activities.csv) is not opened: one level only.
    let mut file = crate::import::parse_member(&csv_path, &csv_bytes, options)?;
    file.path = path.to_path_buf();
    file.layout = if csv_name == "activities.csv" {
        format!("archive, {}", file.layout)
    } else {
        format!("archive, {csv_name}: {}", file.layout)
    };
    if file.format != Format::Strava {
        return Ok(file);
    }

    let folder = csv_name.rsplit_once('/').map_or("", |(folder, _)| folder);
    let files = activity_files(&csv_path, &csv_bytes)?;
    let jobs: Vec<Job> = file
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.avg_hr.is_none() || s.temperature_c.is_none())
        .filter_map(|(index, s)| {
            let id = s.source_id.as_deref()?.strip_prefix("strava:")?;
            let name = files.get(id)?;
            Some(Job {
                session: index,
                entry: if folder.is_empty() {
                    name.clone()
                } else {
                    format!("{folder}/{name}")
                },
            })
        })
        .collect();
    // Each file is read once, however many rows name it.
    let mut unique: Vec<&str> = jobs.iter().map(|j| j.entry.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    progress.add_work(unique.len() as u64);
    let results = crate::parallel::map_with(&unique, open, |entries, entry| {
        let result = match entries {
            Ok(entries) => read_job(entries, entry),
            Err(e) => Err(Failure::Unreadable(e.to_string())),
        };
        progress.done(1);
        result
    });
    let results: HashMap<&str, std::result::Result<Found, Failure>> = unique.iter().copied().zip(results).collect();

    let mut enrichment = Enrichment::default();
    for job in &jobs {
        let entry_path = path.join(&job.entry);
        let found = match &results[job.entry.as_str()] {
            Ok(found) => found,
            Err(Failure::Missing) => {
                enrichment.files_missing += 1;
                file.warnings.push(format!(
                    "{}: named in {csv_name} but not in the archive; the session is kept as the CSV has it",
                    entry_path.display()
                ));
                continue;
            }
            Err(Failure::Unreadable(reason)) => {
                enrichment.files_unreadable += 1;
                file.warnings.push(format!(
                    "{}: {reason}; the session is kept as the CSV has it",
                    entry_path.display()
                ));
                continue;
            }
        };
        enrichment.files_read += 1;
        let session = &mut file.sessions[job.session];
        let Some((filled, warnings)) = fill_in(session, found, &entry_path, options) else {
            continue;
        };
        enrichment.heart_rate_added += usize::from(session.avg_hr.is_none() && filled.avg_hr.is_some());
        enrichment.temperature_added += usize::from(session.temperature_c.is_none() && filled.temperature_c.is_some());
        *session = filled;
        file.warnings.extend(warnings);
    }
    file.enrichment = Some(enrichment);
    Ok(file)
}

/// `session` with what the CSV left empty taken from its activity file, checked like
/// any imported session (a value the history cannot hold is dropped with a warning);
/// `None` when the file adds nothing.
fn fill_in(session: &Session, found: &Found, file: &Path, options: &ImportOptions) -> Option<(Session, Vec<String>)> {
    let mut filled = session.clone();
    if filled.avg_hr.is_none() {
        // Some devices write 0 for "no strap".
        filled.avg_hr = found.avg_hr.filter(|hr| *hr > 0.0);
    }
    if filled.temperature_c.is_none() {
        filled.temperature_c = found.temperature_c;
    }
    if filled == *session {
        return None;
    }
    tidy(&mut filled);
    readback::check(filled, Origin::File(file), options.latest_date).ok()
}

/// The `activities.csv` nearest the top of the archive.
fn find_activities_csv(names: &[String]) -> Option<String> {
    names
        .iter()
        .filter(|n| {
            let base = n.rsplit('/').next().unwrap_or(n);
            base.eq_ignore_ascii_case("activities.csv")
        })
        .min_by_key(|n| (n.matches('/').count(), n.len()))
        .cloned()
}

/// Activity ID -> file name, from `activities.csv`. The id is the first column in
/// every layout; the file column is found by name, or, in a language whose name for
/// it is not known, as the column whose values are `activities/...` paths.
fn activity_files(csv_path: &Path, csv_bytes: &[u8]) -> Result<HashMap<String, String>> {
    let table = Table::parse(csv_path, csv_bytes)?;
    let by_name = table.header.find_any(&["Filename", "Dateiname", "Nom du fichier"]);
    let column = by_name.or_else(|| {
        (0..table.header.len()).find(|&c| table.column_values(Some(c)).any(|v| v.starts_with("activities/")))
    });
    let Some(column) = column else {
        return Ok(HashMap::new());
    };
    Ok(table
        .rows
        .iter()
        .filter_map(|row| {
            let id = row.fields.get(0)?.trim();
            let name = row.fields.get(column)?.trim().replace('\\', "/");
            (!id.is_empty() && !name.is_empty()).then(|| (id.to_string(), name))
        })
        .collect())
}

/// Open one activity file and take what its first workout measured.
fn read_job<E: Entries>(entries: &mut E, name: &str) -> std::result::Result<Found, Failure> {
    let bytes = entries
        .read(name)
        .map_err(Failure::Unreadable)?
        .ok_or(Failure::Missing)?;
    let unreadable = |e: Unreadable| Failure::Unreadable(e.to_string());
    let (bytes, inner) = match sniff(name, &bytes) {
        Sniffed::Gzip => (gunzip(&bytes).map_err(unreadable)?, inner_name(name)),
        _ => (bytes, name),
    };
    let kind = match sniff(inner, &bytes) {
        Sniffed::Activity(kind) => kind,
        // An archive in the archive (or gzip in gzip): not opened.
        Sniffed::Zip | Sniffed::Gzip => return Err(unreadable(Unreadable::Nested)),
        Sniffed::Other => return Err(Failure::Unreadable("is not a FIT, GPX or TCX file".into())),
    };
    let parsed = read_activity(&bytes, kind).map_err(unreadable)?;
    let first = parsed.activities.into_iter().next();
    Ok(Found {
        avg_hr: first.as_ref().and_then(|a| a.avg_hr),
        temperature_c: first.as_ref().and_then(|a| a.temperature_c),
    })
}
