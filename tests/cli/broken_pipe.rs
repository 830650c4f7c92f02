//! A reader that stops early (`crampless plan ... | head`) is not an error: exit 0
//! and nothing on stderr, for `plan` and `import --dry-run` as for `check`
//! (`check::a_broken_pipe_exits_quietly_with_status_0`).

use std::io::Read;
use std::process::Stdio;

use crate::workdir::Workdir;

/// Run `args`, read the first bytes of stdout, close the pipe: the binary must exit
/// 0 without a word. The output must be far larger than a pipe's buffer (64 KiB), so
/// that the write after the close fails.
#[track_caller]
fn assert_quiet_on_broken_pipe(wd: &Workdir, args: &[&str]) {
    let mut child = wd
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
}

#[test]
fn plan_piped_into_head_exits_quietly() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    // 52 weeks of JSON: about 280 KB.
    assert_quiet_on_broken_pipe(&wd, &["plan", "history.csv", "--weeks", "52", "--format", "json"]);
}

#[test]
fn import_dry_run_piped_into_head_exits_quietly() {
    let wd = Workdir::new();
    // 5000 rows with an RPE of 11: one rejection line each on stdout, about 400 KB.
    let mut export = String::from("date,sport,duration_min,rpe\n");
    for i in 0..5000u64 {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(i % 1500);
        export.push_str(&format!("{day},run,30,11\n"));
    }
    wd.write("export.csv", export);
    assert_quiet_on_broken_pipe(&wd, &["import", "export.csv", "--into", "history.csv", "--dry-run"]);
    assert!(!wd.exists("history.csv"));
}
