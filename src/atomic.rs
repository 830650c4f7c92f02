//! Atomic file replacement: write a temporary file in the same folder, fsync it,
//! then rename it over the target. A reader never sees a half-written file, and a
//! failure at any point leaves the original untouched.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Replace `path` with `bytes` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Replace `path` with what `fill` writes, atomically. If `fill` fails, the
/// temporary file is removed and `path` is unchanged.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let named = path;
    let target = follow_links(path);
    let path = target.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::io(
            named,
            std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory, not a file"),
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".crampless-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(named, e))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        fill(&mut buffered).map_err(|e| Error::io(named, e))?;
        buffered.flush().map_err(|e| Error::io(named, e))?;
    }
    temp.as_file().sync_all().map_err(|e| Error::io(named, e))?;
    // Keep the permissions of the file being replaced.
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(temp.path(), meta.permissions());
    }
    temp.persist(path).map_err(|e| Error::io(named, e.error))?;
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

/// The file a write to `path` lands in: where its symbolic links lead (a history kept
/// in a synced folder and linked from elsewhere). Renaming over the link itself would
/// replace it with a copy and leave the real file behind, unchanged.
fn follow_links(path: &Path) -> PathBuf {
    // Linux gives up after 40 links in a chain; so does this (a loop ends here too).
    const MAX_LINKS: usize = 40;
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let Ok(target) = std::fs::read_link(&path) else { break };
        path = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    path
}

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
    fn writing_through_a_symbolic_link_updates_the_file_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("synced").join("history.csv");
        std::fs::create_dir(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "v1").unwrap();
        let link = dir.path().join("history.csv");
        std::os::unix::fs::symlink("synced/history.csv", &link).unwrap();
        replace_with_backup(&link, b"v2").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "v2");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("history.csv.bak")).unwrap(),
            "v1"
        );
        // A link to a folder that is gone (an unmounted drive) is an error, not a new file.
        let dangling = dir.path().join("gone.csv");
        std::os::unix::fs::symlink("unmounted/history.csv", &dangling).unwrap();
        let e = write(&dangling, b"v3").unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}: ", dangling.display())), "{e}");
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
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
