//! A reader that stops early (`crampless plan ... | head`) is not an error: exit 0
//! and nothing on stderr, for `plan` and `import --dry-run` as for `check`
//! (`check::a_broken_pipe_exits_quietly_with_status_0`).

use crate::workdir::Workdir;

#[test]
fn plan_piped_into_head_exits_quietly() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    // 52 weeks of JSON: about 280 KB.
    wd.assert_quiet_on_broken_pipe(&["plan", "history.csv", "--weeks", "52", "--format", "json"]);
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
    wd.assert_quiet_on_broken_pipe(&["import", "export.csv", "--into", "history.csv", "--dry-run"]);
    assert!(!wd.exists("history.csv"));
}
