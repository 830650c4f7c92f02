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
    write_with_permissions_of(path, path, fill)
}

/// [`write_with`], giving the new file the permissions of `model` when it exists (the
/// file being replaced, or for a backup the file backed up), else the usual ones for
/// a new file (read-write for all, less the umask; never the temp file's 0600).
fn write_with_permissions_of(
    path: &Path,
    model: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
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
    if !dir.is_dir() {
        return Err(Error::File {
            path: named.to_path_buf(),
            message: format!(
                "cannot write: the folder {} does not exist; create it first",
                dir.display()
            ),
        });
    }
    let permissions = std::fs::metadata(model).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".crampless-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(permissions.clone().unwrap_or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    }));
    let mut temp = builder.tempfile_in(dir).map_err(|e| Error::io(named, e))?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        fill(&mut buffered).map_err(|e| Error::io(named, e))?;
        buffered.flush().map_err(|e| Error::io(named, e))?;
    }
    temp.as_file().sync_all().map_err(|e| Error::io(named, e))?;
    // Exactly the model's permissions: the umask may have narrowed them at creation.
    if let Some(permissions) = permissions {
        let _ = std::fs::set_permissions(temp.path(), permissions);
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
        write_with_permissions_of(Path::new(&backup), path, |out| out.write_all(&current))?;
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

    /// A new file gets the usual permissions, not the temp file's 0600; a backup gets
    /// those of the file it backs up.
    #[cfg(unix)]
    #[test]
    fn new_files_and_backups_get_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("history.csv");
        write(&path, b"v1").unwrap();
        // 0666 less the umask, as any program creating a file gets (Linux shows the umask).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(umask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) {
            let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
            assert_eq!(mode("history.csv"), 0o666 & !umask);
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_with_backup(&path, b"v2").unwrap();
        assert_eq!(mode("history.csv"), 0o640);
        assert_eq!(mode("history.csv.bak"), 0o640);
    }

    /// The fill fails after more than a buffer's worth, so part of it already reached
    /// the temp file: still nothing but the original remains.
    #[test]
    fn a_fill_failing_after_a_flushed_buffer_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ics");
        std::fs::write(&path, "original").unwrap();
        let result = write_with(&path, |out| {
            for _ in 0..100 {
                out.write_all(&[b'x'; 1024])?;
            }
            Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left"))
        });
        assert_eq!(
            result.unwrap_err().to_string(),
            format!("{}: no space left", path.display())
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ics");
        write(&path, b"v1").unwrap();
        // rw for the owner, readable by others (0666 less any usual umask), not the
        // temp file's owner-only 0600.
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o644, 0o644, "{mode:o}");
        assert_eq!(mode & 0o111, 0, "{mode:o}");
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
}
