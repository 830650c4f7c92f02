//! The fuzz targets' checks (`fuzz/src/lib.rs`) on every `cargo test`, without
//! cargo-fuzz: every input a target ever failed on (kept under
//! `tests/data/fuzz-regressions/<target>/`) must now pass that target, and every seed
//! file (the import fixtures, the example history, `fuzz/seeds/`) must pass every
//! target. The checks panic on a library panic or a broken promise (an error that
//! does not name its file, a history that changes when rewritten, an import that
//! adds sessions the second time, a NaN in the analysis); see `fuzz/src/lib.rs`.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The files of `dir`, sorted, recursing into subfolders.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_in(&path));
        } else if path.file_name().is_some_and(|n| n != ".gitattributes") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn target(name: &str) -> checks::Check {
    checks::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target called {name:?} (a folder of tests/data/fuzz-regressions)"))
        .1
}

/// Run `check` on `file`, returning the panic message instead of unwinding.
fn failure(check: checks::Check, file: &Path) -> Option<String> {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    catch_unwind(AssertUnwindSafe(|| check(&bytes))).err().map(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{}: {message}", file.display())
    })
}

#[test]
fn every_saved_fuzz_failure_now_passes_its_target() {
    let root = repo("tests/data/fuzz-regressions");
    let mut failures = Vec::new();
    let mut count = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let check = target(&dir.file_name().unwrap().to_string_lossy());
        for file in files_in(&dir) {
            count += 1;
            failures.extend(failure(check, &file));
        }
    }
    assert!(count > 0, "no saved inputs under {}", root.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_seed_passes_every_target() {
    let mut seeds = files_in(&repo("tests/data/import"));
    seeds.extend(files_in(&repo("fuzz/seeds")));
    seeds.push(repo("examples/history.csv"));
    let mut failures = Vec::new();
    for (_, check) in checks::TARGETS {
        for seed in &seeds {
            failures.extend(failure(*check, seed));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
