//! Atomic file replacement: write a temporary file in the same folder, fsync it,
//! then rename it over the target. A reader never sees a half-written file, and a
//! failure at any point leaves the original untouched.
//!
//! What is never done (issue #14):
//! - a target that exists and is not a regular file (a character device such as
//!   `/dev/null`, a FIFO, `/dev/stdout` on a pipe or terminal) is not replaced: it is
//!   opened and written in place;
//! - a read-only target (no write permission bit) is not replaced: an error;
//! - temporary files are created new (`O_EXCL`), never through a symbolic link, and a
//!   `.bak` that is a symbolic link is replaced by a file of its own: the file it
//!   points to is left alone;
//! - the replacement keeps the original's mode and, where allowed (as root), its
//!   owner and group;
//! - a temporary file does not outlive the write: removed on error, and on SIGINT,
//!   SIGTERM, SIGHUP or SIGXFSZ by [`remove_temp_files`], which the binary calls from
//!   its signal handler (only SIGKILL leaves one behind).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod folder;

pub use folder::{Folder, MARK as FOLDER_MARK};

/// Replace `path` with `bytes` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Replace `path` with what `fill` writes, atomically. If `fill` fails, the
/// temporary file is removed and `path` is unchanged.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    write_with_permissions_of(path, path, true, fill)
}

/// Whether `a` and `b` name the same existing file (same device and inode, after
/// symbolic links): an output that would overwrite an input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Write to a target that is not a regular file (device, FIFO, `/dev/stdout`) in
/// place: there is nothing to replace atomically, and renaming over it would put a
/// regular file where the device was.
fn write_in_place(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    let mut buffered = std::io::BufWriter::new(file);
    fill(&mut buffered).map_err(|e| Error::io(path, e))?;
    buffered.flush().map_err(|e| Error::io(path, e))
}

/// [`write_with`], giving the new file the permissions of `model` when it exists (the
/// file being replaced, or for a backup the file backed up), else the usual ones for
/// a new file (read-write for all, less the umask; never the temp file's 0600).
/// `follow`: write where `path`'s symbolic links lead (the history itself); else
/// replace a link at `path` by the new file (a backup).
fn write_with_permissions_of(
    path: &Path,
    model: &Path,
    follow: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let named = path;
    if follow
        && let Ok(meta) = std::fs::metadata(named)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return write_in_place(named, fill);
    }
    let target = if follow { follow_links(path) } else { path.to_path_buf() };
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
    if follow {
        refuse_read_only(named)?;
    }
    let model_meta = std::fs::metadata(model).ok().filter(std::fs::Metadata::is_file);
    let permissions = model_meta.as_ref().map(std::fs::Metadata::permissions);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".crampless-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(permissions.clone().unwrap_or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    }));
    // A signal between creating the file and registering it would leave it behind.
    let held = SignalsHeld::new();
    let mut temp = builder.tempfile_in(dir).map_err(|e| Error::io(named, e))?;
    let _registered = Registered::new(temp.path());
    drop(held);
    #[cfg(unix)]
    if let Some(meta) = &model_meta {
        // The owner and group of the file replaced (`sudo crampless import` must not
        // leave the history owned by root). Only root may give a file away; anyone
        // else keeps the file as their own, as before.
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
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

/// A read-only file (no write permission bit for anyone) is not replaced, even where
/// the folder would allow it (as root, or as its owner in a writable folder).
fn refuse_read_only(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.permissions().readonly() => Err(Error::File {
            path: path.to_path_buf(),
            message: "is read-only; not replaced (make it writable first, e.g. chmod u+w, if it should change)".into(),
        }),
        _ => Ok(()),
    }
}

/// Replace `path` atomically, first copying the current file (if any) to `<path>.bak`.
pub fn replace_with_backup(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_read_only(path)?;
    // A device or FIFO is written in place and has nothing to back up (a `.bak` of
    // `/dev/null` would be a new file in /dev).
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let mut backup = path.as_os_str().to_owned();
        backup.push(".bak");
        let current = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        // Never through a link: a `.bak` that is a symbolic link is replaced by a
        // file, its target left alone.
        write_with_permissions_of(Path::new(&backup), path, false, |out| out.write_all(&current))?;
    }
    write(path, bytes)
}

/// The file a write to `path` lands in: where its symbolic links lead (a history kept
/// in a synced folder and linked from elsewhere). Renaming over the link itself would
/// replace it with a copy and leave the real file behind, unchanged.
pub fn follow_links(path: &Path) -> PathBuf {
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

/// Temporary files being written, for [`remove_temp_files`]. A signal handler may
/// not lock or allocate, so this is a fixed set of slots holding C strings that are
/// never freed (a few small strings a run).
#[cfg(unix)]
static LIVE: [std::sync::atomic::AtomicPtr<libc::c_char>; 8] =
    [const { std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()) }; 8];

/// A temporary file's slot in [`LIVE`] while it is written; emptied on drop (after
/// the rename, so that a signal in between finds no file to remove).
struct Registered {
    #[cfg(unix)]
    slot: Option<usize>,
}

impl Registered {
    #[cfg(unix)]
    fn new(path: &Path) -> Registered {
        use std::os::unix::ffi::OsStrExt;
        use std::sync::atomic::Ordering;
        let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return Registered { slot: None };
        };
        let name = name.into_raw();
        for (i, slot) in LIVE.iter().enumerate() {
            if slot
                .compare_exchange(std::ptr::null_mut(), name, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return Registered { slot: Some(i) };
            }
        }
        // All slots busy (never in crampless, which writes one file at a time):
        // the file is still removed on error, only not on a signal.
        // SAFETY: `name` came from `into_raw` above and was not shared.
        drop(unsafe { std::ffi::CString::from_raw(name) });
        Registered { slot: None }
    }

    #[cfg(not(unix))]
    fn new(_path: &Path) -> Registered {
        Registered {}
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(i) = self.slot {
            // The string is leaked on purpose: a signal handler on another thread
            // may be reading it right now.
            LIVE[i].store(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// The signals that remove temporary files, held back on this thread while one is
/// created and registered, and delivered when dropped: a signal in between would
/// find a file it does not know of. Only this thread runs while outputs are opened
/// (workers start later), so holding them here holds them for the process.
pub(crate) struct SignalsHeld {
    #[cfg(unix)]
    old: Option<libc::sigset_t>,
}

impl SignalsHeld {
    pub(crate) fn new() -> SignalsHeld {
        #[cfg(unix)]
        {
            // SAFETY: sigset_t is plain data, filled by sigemptyset/sigaddset before
            // use; pthread_sigmask only changes this thread's mask.
            unsafe {
                let mut set: libc::sigset_t = std::mem::zeroed();
                let mut old: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGXFSZ] {
                    libc::sigaddset(&mut set, signal);
                }
                let ok = libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old) == 0;
                SignalsHeld { old: ok.then_some(old) }
            }
        }
        #[cfg(not(unix))]
        SignalsHeld {}
    }
}

impl Drop for SignalsHeld {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(old) = &self.old {
            // SAFETY: restores the mask saved by `new` on this thread.
            unsafe {
                libc::pthread_sigmask(libc::SIG_SETMASK, old, std::ptr::null_mut());
            }
        }
    }
}

/// Remove the temporary files being written. Async-signal-safe (only loads and
/// `unlink`): the binary calls it from its SIGINT/SIGTERM/SIGHUP/SIGXFSZ handler
/// before dying of the signal.
pub fn remove_temp_files() {
    #[cfg(unix)]
    for slot in &LIVE {
        remove_temp_file(slot);
    }
    folder::remove_written();
}

#[cfg(unix)]
fn remove_temp_file(slot: &std::sync::atomic::AtomicPtr<libc::c_char>) {
    let name = slot.swap(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
    if !name.is_null() {
        // SAFETY: a NUL-terminated string from `CString::into_raw`, never freed.
        unsafe {
            libc::unlink(name);
        }
    }
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

    #[cfg(unix)]
    #[test]
    fn a_backup_that_is_a_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.csv");
        std::fs::write(&path, "v1").unwrap();
        std::fs::write(dir.path().join("secret"), "keep").unwrap();
        std::os::unix::fs::symlink("secret", dir.path().join("history.csv.bak")).unwrap();
        replace_with_backup(&path, b"v2").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("secret")).unwrap(), "keep");
        let bak = dir.path().join("history.csv.bak");
        assert!(std::fs::symlink_metadata(&bak).unwrap().file_type().is_file());
        assert_eq!(std::fs::read_to_string(bak).unwrap(), "v1");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_not_replaced_and_gets_no_backup() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.csv");
        std::fs::write(&path, "v1").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let e = replace_with_backup(&path, b"v2").unwrap_err().to_string();
        assert!(
            e.ends_with(
                "history.csv: is read-only; not replaced (make it writable first, e.g. chmod u+w, if it should change)"
            ),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "v1");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn same_file_sees_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "x").unwrap();
        std::fs::hard_link(&a, dir.path().join("b.csv")).unwrap();
        std::os::unix::fs::symlink("a.csv", dir.path().join("c.csv")).unwrap();
        std::fs::write(dir.path().join("d.csv"), "x").unwrap();
        assert!(same_file(&a, &dir.path().join("b.csv")));
        assert!(same_file(&a, &dir.path().join("c.csv")));
        assert!(!same_file(&a, &dir.path().join("d.csv")));
        assert!(!same_file(&a, &dir.path().join("missing.csv")));
    }

    /// What the signal handler does, called from inside a write: the temp file is
    /// gone, the write fails, the original stays. (Only this test's slot is emptied:
    /// other tests write files at the same time.)
    #[cfg(unix)]
    #[test]
    fn remove_temp_files_removes_the_file_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.md");
        std::fs::write(&path, "original").unwrap();
        let result = write_with(&path, |out| {
            out.write_all(b"half")?;
            let temps = || {
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .filter(|e| {
                        e.as_ref()
                            .unwrap()
                            .file_name()
                            .to_string_lossy()
                            .starts_with(".crampless-")
                    })
                    .count()
            };
            assert_eq!(temps(), 1);
            let ours = LIVE.iter().find(|slot| {
                let name = slot.load(std::sync::atomic::Ordering::SeqCst);
                // SAFETY: slots hold NUL-terminated strings that are never freed.
                !name.is_null()
                    && unsafe { std::ffi::CStr::from_ptr(name) }
                        .to_string_lossy()
                        .starts_with(&*dir.path().to_string_lossy())
            });
            remove_temp_file(ours.expect("the temp file is registered"));
            assert_eq!(temps(), 0);
            Ok(())
        });
        assert!(result.is_err(), "the rename of a removed temp file fails");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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
