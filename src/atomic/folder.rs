//! A folder of files replaced as a whole (a squad's report): every file is written
//! into a new hidden folder beside the target, synced, and only then does the new
//! folder take the target's name. A reader sees the old folder or the new one,
//! never a mix; a failure or a signal leaves the old one as it was.
//!
//! The target must be missing, an empty folder, or a folder this writer made
//! before (its `index.html` carries [`MARK`], and it holds only `index*.html` and
//! `athletes/*.html`): anything else (a file, a symbolic link, a folder of other
//! things, a one-page report renamed `index.html`) is refused, so a mistyped `-o`
//! never deletes a user's files.
//!
//! On Linux an existing report is swapped with the new folder in one step
//! (`renameat2` with `RENAME_EXCHANGE`) and checked again once it is aside: a folder
//! swapped in at the last moment is put back. Elsewhere it is renamed aside first,
//! and put back if the new folder cannot take its place.
//!
//! One folder is written at a time per process: the paths a signal handler removes
//! are one list for the process.

#[cfg(unix)]
use std::ffi::CString;
use std::path::{Component, Path, PathBuf};
#[cfg(unix)]
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::error::{Error, Result};

/// The file whose presence and content mark a folder as one this writer made.
const MARK_FILE: &str = "index.html";
/// What that file holds near its start when it is the index of a report folder
/// (only a squad's index has it; a one-page report does not).
pub const MARK: &str = "<meta name=\"crampless-report\" content=\"folder\">";
/// The one sub-folder a report folder holds.
const PAGES_DIR: &str = "athletes";

/// A folder being written; [`Folder::commit`] puts it in place. Dropped without a
/// commit, it removes what it wrote.
#[derive(Debug)]
pub struct Folder {
    target: PathBuf,
    temp: PathBuf,
    /// The sub-folders this writer made: a page goes only into one of them.
    made: Vec<PathBuf>,
    committed: bool,
}

impl Folder {
    /// Start writing the folder `target`, after checking that it may be replaced.
    pub fn create(target: &Path) -> Result<Folder> {
        check_replaceable(target)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !parent.is_dir() {
            return Err(Error::File {
                path: target.to_path_buf(),
                message: format!(
                    "cannot write: the folder {} does not exist; create it first",
                    parent.display()
                ),
            });
        }
        let held = super::SignalsHeld::new();
        let temp = tempfile::Builder::new()
            .prefix(".crampless-")
            .suffix(".tmp")
            .tempdir_in(parent)
            .map_err(|e| Error::io(target, e))?
            // Removed by `Drop` (and on a signal), not by `TempDir`, which would
            // remove it again after the commit put it in place.
            .keep();
        register(&temp);
        drop(held);
        // Nobody else may add to it (a link planted in it would lead pages away),
        // whatever the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o755));
        }
        Ok(Folder {
            target: target.to_path_buf(),
            temp,
            made: Vec::new(),
            committed: false,
        })
    }

    /// Write `bytes` to `relative` (e.g. `athletes/ana.html`) inside the folder.
    /// Only plain relative paths of at most two parts: no `..`, no absolute path.
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<()> {
        let rel = Path::new(relative);
        let parts: Vec<Component> = rel.components().collect();
        if parts.is_empty() || parts.len() > 2 || !parts.iter().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Invalid(format!(
                "{relative:?} is not a file name inside the folder"
            )));
        }
        let path = self.temp.join(rel);
        if let Some(dir) = path.parent()
            && dir != self.temp
            && !self.made.iter().any(|m| m == dir)
        {
            // Made here, new: never a folder or link someone else put there.
            let _held = super::SignalsHeld::new();
            std::fs::create_dir(dir).map_err(|e| Error::io(self.target.join(rel), e))?;
            register(dir);
            self.made.push(dir.to_path_buf());
        }
        // The folder is new and ours: `create_new` never follows a link or
        // overwrites a page written earlier in this run.
        let held = super::SignalsHeld::new();
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(self.target.join(rel), e))?;
        register(&path);
        drop(held);
        use std::io::Write;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(self.target.join(rel), e))
    }

    /// Put the folder in place of the target, replacing a folder made before.
    pub fn commit(mut self) -> Result<()> {
        // Checked again: the target may have changed while the pages were made.
        check_replaceable(&self.target)?;
        sync_tree(&self.temp);
        let exists = std::fs::symlink_metadata(&self.target).is_ok();
        if !exists {
            std::fs::rename(&self.temp, &self.target).map_err(|e| Error::io(&self.target, e))?;
            self.published();
            return Ok(());
        }
        if exchange(&self.temp, &self.target) {
            // The old report is now at the temp path: make sure it was one (a
            // folder swapped in after the check goes back), then remove it.
            self.published();
            if let Err(refused) = check_replaceable(&self.temp) {
                if exchange(&self.temp, &self.target) {
                    self.committed = false;
                    return Err(refused);
                }
                return Err(Error::File {
                    path: self.target.clone(),
                    message: format!(
                        "changed while the report was written, and could not be put back: it is now {}",
                        self.temp.display()
                    ),
                });
            }
            remove_aside(&self.temp);
            return Ok(());
        }
        // No atomic exchange here: the old report aside, the new one in, the old
        // one back if that fails.
        let aside = self.target.with_file_name(format!(
            ".crampless-old-{}-{}",
            std::process::id(),
            self.temp.file_name().and_then(|n| n.to_str()).unwrap_or("report")
        ));
        std::fs::rename(&self.target, &aside).map_err(|e| Error::io(&self.target, e))?;
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            let message = match std::fs::rename(&aside, &self.target) {
                Ok(()) => e.to_string(),
                Err(back) => format!(
                    "{e}; the previous report could not be put back ({back}): it is {}",
                    aside.display()
                ),
            };
            return Err(Error::File {
                path: self.target.clone(),
                message,
            });
        }
        self.published();
        remove_aside(&aside);
        Ok(())
    }

    /// The new folder is in place: nothing of it is to be removed any more.
    fn published(&mut self) {
        self.committed = true;
        unregister_all();
        if let Some(parent) = self.target.parent() {
            sync_dir(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            });
        }
    }
}

/// Remove a previous report set aside; a failure leaves a hidden folder, not an
/// error (the new report is in place).
fn remove_aside(path: &Path) {
    let _ = std::fs::remove_dir_all(path);
}

/// Swap `a` and `b` in one step, where the system can (Linux `renameat2` with
/// `RENAME_EXCHANGE`); `false` where it cannot, having changed nothing.
fn exchange(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let (Ok(a), Ok(b)) = (
            CString::new(a.as_os_str().as_bytes()),
            CString::new(b.as_os_str().as_bytes()),
        ) else {
            return false;
        };
        // SAFETY: two NUL-terminated paths that outlive the call.
        unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            ) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        if !self.committed {
            // Removed first: a signal in between still finds the paths to remove.
            let _ = std::fs::remove_dir_all(&self.temp);
            unregister_all();
        }
    }
}

/// Whether `target` may be replaced: missing, an empty folder, or a report folder
/// crampless made (its mark file says so; it holds only `.html` pages and one
/// folder of them).
fn check_replaceable(target: &Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::File {
            path: target.to_path_buf(),
            message: format!("{why}; not replaced: choose a new folder name for the report"),
        })
    };
    let meta = match std::fs::symlink_metadata(target) {
        Err(_) => return Ok(()),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return refuse("is a symbolic link");
    }
    if !meta.is_dir() {
        return refuse("exists and is not a folder");
    }
    let entries = list(target).map_err(|e| Error::io(target, e))?;
    if entries.is_empty() {
        return Ok(());
    }
    let marked = entries.iter().any(|(name, is_dir)| name == MARK_FILE && !is_dir)
        && std::fs::symlink_metadata(target.join(MARK_FILE)).is_ok_and(|m| m.is_file())
        && {
            let mut head = [0u8; 2048];
            std::fs::File::open(target.join(MARK_FILE))
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .is_ok_and(|n| String::from_utf8_lossy(&head[..n]).contains(MARK))
        };
    // The first thing a report folder never holds: anything but index pages and
    // the pages folder's `.html` files.
    let index_page = |name: &str| {
        name == MARK_FILE
            || name
                .strip_prefix("index-")
                .and_then(|rest| rest.strip_suffix(".html"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let stranger = entries.iter().find_map(|(name, is_dir)| {
        if !*is_dir {
            return (!index_page(name)).then(|| name.clone());
        }
        if name != PAGES_DIR {
            return Some(format!("{name}/"));
        }
        match list(&target.join(name)) {
            Ok(inner) => inner
                .iter()
                .find(|(n, d)| *d || !n.ends_with(".html"))
                .map(|(n, _)| format!("{name}/{n}")),
            Err(_) => Some(name.clone()),
        }
    });
    match (marked, stranger) {
        (true, None) => Ok(()),
        (_, Some(name)) => refuse(&format!(
            "is a folder that is not a crampless report (it holds {})",
            crate::error::shown(&name)
        )),
        (false, None) => refuse(&format!(
            "is a folder that is not a crampless report (it has no {MARK_FILE} made by crampless)"
        )),
    }
}

/// (name, is a real folder) of each entry of `dir`; a symbolic link counts as a file.
fn list(dir: &Path) -> std::io::Result<Vec<(String, bool)>> {
    std::fs::read_dir(dir)?
        .map(|entry| {
            let entry = entry?;
            let is_dir = entry.file_type()?.is_dir();
            Ok((entry.file_name().to_string_lossy().into_owned(), is_dir))
        })
        .collect()
}

fn sync_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                sync_dir(&entry.path());
            }
        }
    }
    sync_dir(dir);
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The paths written so far, newest first, for [`remove_written`] on a signal: a
/// push-only list of leaked nodes, so that a signal handler can walk it with loads
/// alone (no lock, no allocation).
#[cfg(unix)]
struct Node {
    path: *mut libc::c_char,
    next: *mut Node,
}

#[cfg(unix)]
static WRITTEN: AtomicPtr<Node> = AtomicPtr::new(std::ptr::null_mut());

/// Add `path` (a file or folder just created) to [`WRITTEN`].
#[cfg(unix)]
fn register(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = CString::new(path.as_os_str().as_bytes()) else {
        return;
    };
    let node = Box::into_raw(Box::new(Node {
        path: name.into_raw(),
        next: std::ptr::null_mut(),
    }));
    let mut head = WRITTEN.load(Ordering::SeqCst);
    loop {
        // SAFETY: `node` is ours until the exchange publishes it.
        unsafe { (*node).next = head };
        match WRITTEN.compare_exchange(head, node, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => break,
            Err(now) => head = now,
        }
    }
}

/// Forget the written paths (after a commit, or once `Drop` removed them). The nodes
/// are leaked on purpose: a signal handler may be walking them right now.
#[cfg(unix)]
fn unregister_all() {
    WRITTEN.store(std::ptr::null_mut(), Ordering::SeqCst);
}

/// Remove a folder being written: its files, then its folders, newest first.
/// Async-signal-safe (loads, `unlink` and `rmdir` only): called from the binary's
/// signal handler through [`super::remove_temp_files`].
#[cfg(unix)]
pub(crate) fn remove_written() {
    let mut node = WRITTEN.swap(std::ptr::null_mut(), Ordering::SeqCst);
    while !node.is_null() {
        // SAFETY: nodes are leaked, never freed, and immutable once published.
        unsafe {
            let path = (*node).path;
            // A folder fails `unlink` and is removed by `rmdir` once its files are
            // gone; files come after their folder in the list, so before it here.
            if libc::unlink(path) != 0 {
                libc::rmdir(path);
            }
            node = (*node).next;
        }
    }
}

#[cfg(not(unix))]
fn register(_path: &Path) {}
#[cfg(not(unix))]
fn unregister_all() {}
#[cfg(not(unix))]
pub(crate) fn remove_written() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, rel: &str) -> String {
        std::fs::read_to_string(dir.join(rel)).unwrap()
    }

    const INDEX: &str = "<!DOCTYPE html>\n<meta name=\"generator\" content=\"crampless 0.1.0\">\n<meta name=\"crampless-report\" content=\"folder\">\n";

    #[test]
    fn a_new_folder_appears_whole_and_a_report_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("squad");
        let mut folder = Folder::create(&target).unwrap();
        folder.write("athletes/a.html", b"a").unwrap();
        assert!(!target.exists(), "nothing at the target before the commit");
        folder.write("index.html", INDEX.as_bytes()).unwrap();
        folder.commit().unwrap();
        assert_eq!(page(&target, "athletes/a.html"), "a");

        let mut again = Folder::create(&target).unwrap();
        again.write("athletes/b.html", b"b").unwrap();
        again.write("index.html", INDEX.as_bytes()).unwrap();
        again.commit().unwrap();
        assert_eq!(page(&target, "athletes/b.html"), "b");
        assert!(!target.join("athletes/a.html").exists(), "the old report is gone");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["squad"], "no temporary or old folder left");
    }

    #[test]
    fn other_things_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        assert!(Folder::create(&file).unwrap_err().to_string().contains("not a folder"));
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).unwrap();
        std::fs::write(photos.join("index.html"), INDEX).unwrap();
        std::fs::write(photos.join("cat.jpg"), "jpg").unwrap();
        let err = Folder::create(&photos).unwrap_err().to_string();
        assert!(
            err.contains("is a folder that is not a crampless report (it holds \"cat.jpg\")"),
            "{err}"
        );
        std::fs::remove_file(photos.join("cat.jpg")).unwrap();
        // Only index pages and the pages folder: a user's own page or folder stays.
        for stranger in ["notes.html", "athletes-old/"] {
            let path = photos.join(stranger.trim_end_matches('/'));
            if stranger.ends_with('/') {
                std::fs::create_dir(&path).unwrap();
            } else {
                std::fs::write(&path, "mine").unwrap();
            }
            let err = Folder::create(&photos).unwrap_err().to_string();
            assert!(err.contains(&format!("(it holds \"{stranger}\")")), "{err}");
            if stranger.ends_with('/') {
                std::fs::remove_dir(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
        std::fs::create_dir(photos.join("athletes")).unwrap();
        std::fs::write(photos.join("athletes/ana.html"), "page").unwrap();
        std::fs::write(photos.join("index-2.html"), "page").unwrap();
        assert!(Folder::create(&photos).is_ok(), "a report folder of two index pages");
        // A one-page report saved as index.html is not a report folder.
        std::fs::write(
            photos.join("index.html"),
            "<meta name=\"generator\" content=\"crampless 0.1.0\">",
        )
        .unwrap();
        assert!(Folder::create(&photos).is_err());
        std::fs::write(photos.join("index.html"), "<html>my own page</html>").unwrap();
        let err = Folder::create(&photos).unwrap_err().to_string();
        assert!(
            err.contains("(it has no index.html made by crampless)"),
            "an index.html crampless did not make: {err}"
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&photos, &link).unwrap();
            assert!(Folder::create(&link).unwrap_err().to_string().contains("symbolic link"));
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(Folder::create(&empty).is_ok());
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_names_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("squad");
        {
            let mut folder = Folder::create(&target).unwrap();
            folder.write("index.html", b"x").unwrap();
            for bad in ["../escape.html", "/etc/passwd", "a/b/c.html", ""] {
                assert!(folder.write(bad, b"x").is_err(), "{bad}");
            }
            // Dropped without a commit.
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(!dir.path().parent().unwrap().join("escape.html").exists());
    }
}
