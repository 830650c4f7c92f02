//! Atomic file replacement: write a temporary file in the same folder, fsync it,
//! then rename it over the target. A reader never sees a half-written file, and a
//! failure at any point leaves the original untouched.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Replace `path` with `bytes` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Replace `path` with what `fill` writes, atomically. If `fill` fails, the
/// temporary file is removed and `path` is unchanged.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory, not a file"),
        ));
    }
    if !dir.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!(
                "cannot write: the folder {} does not exist; create it first",
                dir.display()
            ),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".crampless-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        fill(&mut buffered).map_err(|e| Error::io(path, e))?;
        buffered.flush().map_err(|e| Error::io(path, e))?;
    }
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // Keep the permissions of the file being replaced; a new file gets the usual
    // rw-r--r-- rather than the temp file's owner-only mode.
    match std::fs::metadata(path) {
        Ok(meta) => {
            let _ = std::fs::set_permissions(temp.path(), meta.permissions());
        }
        Err(_) => set_new_file_mode(temp.path()),
    }
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Replace `path` atomically, first copying the current file (if any) to `<path>.bak`.
pub fn replace_with_backup(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        let mut backup = path.as_os_str().to_owned();
        backup.push(".bak");
        let current = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        write(Path::new(&backup), &current)?;
    }
    write(path, bytes)
}

#[cfg(unix)]
fn set_new_file_mode(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn set_new_file_mode(_path: &Path) {}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Makes the rename itself durable; failure here does not undo the write.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_fill_leaves_original_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.csv");
        std::fs::write(&path, "original").unwrap();
        let result = write_with(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(result.unwrap_err().to_string().contains("disk full"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ics");
        write(&path, b"v1").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&path, b"v2").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_missing_folder_is_named_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/plan.csv");
        let e = write(&path, b"x").unwrap_err().to_string();
        assert!(e.ends_with("/no/such does not exist; create it first"), "{e}");
        assert!(!e.contains(".crampless-"), "no temp file name: {e}");
        assert!(!dir.path().join("no").exists());
    }

    #[test]
    fn backup_keeps_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.csv");
        std::fs::write(&path, "v1").unwrap();
        replace_with_backup(&path, b"v2").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "v2");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("history.csv.bak")).unwrap(),
            "v1"
        );
    }
}
