//! Writes that fail half-way leave the original file intact. The real binary runs
//! under a file-size limit (`ulimit -f 1`: 1024 bytes, `RLIMIT_FSIZE`), which works
//! as root too (CI runs as root, where a read-only folder does not stop a write):
//!
//! - with `SIGXFSZ` ignored, the write that crosses the limit fails with EFBIG: exit
//!   2, the original intact, no temp file left;
//! - with the default action, the process dies of `SIGXFSZ` in the middle of the
//!   write: the original is still intact, and its handler removed the half-written
//!   `.crampless-*.tmp` first (only `kill -9` or a power cut leaves one behind, which
//!   no command reads).
//!
//! Covered: `import --into` (the history and its `.bak`), `plan -o`, `check -o`.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

use crate::workdir::Workdir;

/// A history small enough that its `.bak` fits under the limit.
const HISTORY: &str = "athlete,date,sport,duration_min\nme,2026-01-03,run,30\n";
/// Three exports whose sessions make a history over 1024 bytes.
const EXPORTS: [&str; 3] = ["hevy_kg.csv", "strava_activities.csv", "garmin_activities.csv"];
/// `ulimit -f` counts 1024-byte blocks in bash.
const LIMIT_BYTES: usize = 1024;
const SIGXFSZ: i32 = 25;

/// How the process meets the limit.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Limit {
    /// `SIGXFSZ` ignored: the write returns an error.
    WriteFails,
    /// Default action: killed mid-write.
    Killed,
}

/// `crampless ARGS` in the folder under the file-size limit.
fn limited(wd: &Workdir, limit: Limit, args: &[&str]) -> std::process::Output {
    let trap = if limit == Limit::WriteFails {
        "trap '' XFSZ; "
    } else {
        ""
    };
    Command::new("bash")
        .arg("-c")
        .arg(format!("{trap}ulimit -f 1; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_crampless"))
        .args(args)
        .current_dir(wd.root())
        .env("TZ", "UTC")
        .output()
        .expect("bash")
}

fn contents(wd: &Workdir) -> BTreeMap<String, Vec<u8>> {
    wd.files()
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(wd.path(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// The outcome for each kind of limit: exit 2 and nothing new, or killed by SIGXFSZ
/// and nothing new either (the temp file removed on the signal). `expected` is the
/// folder afterwards.
#[track_caller]
fn assert_failed_cleanly(
    wd: &Workdir,
    limit: Limit,
    output: &std::process::Output,
    expected: &BTreeMap<String, Vec<u8>>,
    target: &str,
) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let after = contents(wd);
    match limit {
        Limit::WriteFails => {
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.ends_with(&format!("crampless: error: {target}: File too large (os error 27)\n")),
                "{stderr}"
            );
        }
        Limit::Killed => {
            assert_eq!(output.status.signal(), Some(SIGXFSZ), "{stderr}");
        }
    }
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{limit:?}"
    );
    assert!(after == *expected, "{limit:?}: a file changed");
}

#[test]
fn import_that_cannot_finish_writing_keeps_the_history_and_its_backup() {
    for limit in [Limit::WriteFails, Limit::Killed] {
        let wd = Workdir::new();
        wd.write("history.csv", HISTORY);
        for name in EXPORTS {
            wd.copy_from_repo(&format!("tests/data/import/{name}"), name);
        }
        let mut args = vec!["import"];
        args.extend(EXPORTS);
        args.extend(["--into", "history.csv", "--tz", "UTC"]);

        // Unlimited, the new history would be over the limit.
        let probe = Workdir::new();
        for name in EXPORTS {
            probe.copy_from_repo(&format!("tests/data/import/{name}"), name);
        }
        probe.write("history.csv", HISTORY);
        probe.run(&args).expect_code(0);
        assert!(probe.read("history.csv").len() > LIMIT_BYTES);

        let mut expected = contents(&wd);
        // The lock file of the history, empty, left in place.
        expected.insert("history.csv.lock".into(), Vec::new());
        // The backup is written first and whole: it is the previous version, as always.
        expected.insert("history.csv.bak".into(), HISTORY.into());
        let output = limited(&wd, limit, &args);
        assert_failed_cleanly(&wd, limit, &output, &expected, "history.csv");
        assert_eq!(wd.read("history.csv"), HISTORY);
    }
}

#[test]
fn plan_and_check_outputs_that_cannot_finish_writing_keep_the_previous_file() {
    for limit in [Limit::WriteFails, Limit::Killed] {
        for (command, output_file) in [("plan", "plan.md"), ("check", "report.json")] {
            let wd = Workdir::new();
            wd.copy_from_repo("examples/history.csv", "history.csv");
            wd.write(output_file, "the previous version\n");
            let format = if command == "plan" { "md" } else { "json" };
            let args = [command, "history.csv", "--format", format, "-o", output_file];
            let expected = contents(&wd);
            let output = limited(&wd, limit, &args);
            assert_failed_cleanly(&wd, limit, &output, &expected, output_file);
            // Without the limit, the same command replaces the file whole.
            wd.run(&args).expect_code(0);
            assert!(wd.read(output_file).len() > LIMIT_BYTES);
        }
    }
}

/// A folder without write permission: the temp file cannot be made. As root (CI runs
/// as root), where permissions do not stop a write, the binary runs as `nobody`
/// through `setpriv`; without `setpriv` the test is skipped, or fails under `CI=true`.
#[test]
fn a_read_only_folder_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let root = status
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"));
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file());
    if root && setpriv.is_none() {
        return crate::workdir::skip("running as root without setpriv (util-linux) to drop to nobody");
    }
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", "hevy_kg.csv");
    let expected = contents(&wd);
    // r-x for everyone: `nobody` can read the files, and nobody can write.
    std::fs::set_permissions(wd.root(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let run_as_user = |args: &[&str]| {
        let mut cmd = wd.command(args);
        if let (true, Some(setpriv)) = (root, setpriv) {
            let original = cmd;
            cmd = Command::new(setpriv);
            cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
                .arg(original.get_program())
                .args(original.get_args())
                .current_dir(wd.root())
                .env("TZ", "UTC")
                .env("CRAMPLESS_TODAY", crate::workdir::TODAY);
        }
        crate::workdir::Run(cmd.output().unwrap())
    };
    let run = run_as_user(&["import", "hevy_kg.csv", "--into", "history.csv"]);
    let plan = run_as_user(&["plan", "history.csv", "-o", "plan.txt"]);
    std::fs::set_permissions(wd.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    run.expect_code(2);
    plan.expect_code(2);
    assert!(run.stderr().contains("Permission denied"), "{}", run.stderr());
    assert!(contents(&wd) == expected, "{:?}", wd.files());
}
