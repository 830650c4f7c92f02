//! `crampless check` on a history grouped by athlete in name order (as `import`
//! writes it), which is read as it goes: the same reports, warnings and errors as
//! the same rows in any other order, and nothing written when a late row is bad.

use crate::workdir::{Run, Workdir};

/// A squad of `athletes` (`a000`, `a001`, ...) over 70 days, with hard weeks,
/// rest days, hot days and notes over two lines, so that rules fire; `a002` also
/// has a session dated after today (a watch with a wrong clock). (athlete, CSV
/// row) in date order per athlete. 200 athletes make about 340 KB: more than the
/// stream's first block, so the file is read in several blocks and batches.
fn squad_rows(athletes: usize) -> Vec<(String, String)> {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let mut rows = Vec::new();
    for a in 0..athletes {
        let athlete = format!("a{a:03}");
        for day in 0..70u64 {
            if (day + a as u64) % 4 == 3 {
                continue;
            }
            let date = start + chrono::Days::new(day);
            let minutes = 30 + (day * 7 + a as u64 * 13) % 50 + if day > 55 { 60 } else { 0 };
            let rpe = 3 + (day + a as u64) % 6;
            let heat = if day % 17 == 0 { "33" } else { "" };
            let notes = if day % 9 == 0 {
                "\"felt \"\"ok\"\", legs\nheavy\""
            } else {
                ""
            };
            rows.push((
                athlete.clone(),
                format!("{athlete},{date},run,{minutes},{rpe},{heat},{notes},x\n"),
            ));
        }
        if a == 2 {
            rows.push((athlete.clone(), format!("{athlete},2026-12-20,run,30,5,,,x\n")));
        }
    }
    rows
}

const HEADER: &str = "athlete,date,sport,duration_min,rpe,temperature_c,notes,shoe\n";

fn file(rows: &[(String, String)]) -> String {
    let mut text = HEADER.to_string();
    rows.iter().for_each(|(_, row)| text.push_str(row));
    text
}

/// The rows grouped by athlete, and the same rows dealt out of order.
fn grouped_and_shuffled(wd: &Workdir) -> (&'static str, &'static str) {
    let rows = squad_rows(200);
    wd.write("grouped.csv", file(&rows));
    let mut shuffled = rows.clone();
    // Deal the rows out in a fixed scattered order: every athlete's rows apart.
    shuffled.sort_by_key(|(_, row)| {
        row.bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
    });
    assert_ne!(shuffled, rows);
    wd.write("shuffled.csv", file(&shuffled));
    ("grouped.csv", "shuffled.csv")
}

/// `crampless check FILE ARGS` on each of `files` (grouped, shuffled).
fn check_both(wd: &Workdir, (grouped, shuffled): (&str, &str), args: &[&str]) -> (Run, Run) {
    let run = |file: &str| wd.run(&[&["check", file][..], args].concat());
    (run(grouped), run(shuffled))
}

#[test]
fn a_grouped_history_gets_the_report_of_the_same_rows_in_any_order() {
    let wd = Workdir::new();
    let (grouped, shuffled) = grouped_and_shuffled(&wd);
    for extra in [
        &["--format", "text"][..],
        &["--format", "json"],
        &["--format", "jsonl"],
        &["--format", "csv"],
        &["--format", "md"],
        &["--athlete", "a001", "--format", "json"],
        &["--recent", "all", "--fail-on", "caution"],
        &["--as-of", "2026-10-01"],
    ] {
        let (streamed, indexed) = check_both(&wd, (grouped, shuffled), &[&["--verbose"], extra].concat());
        assert_eq!(streamed.code(), indexed.code(), "{extra:?}");
        assert!(
            streamed.code() == 0 || streamed.code() == 1,
            "{extra:?}: {}",
            streamed.stderr()
        );
        assert_eq!(streamed.stdout(), indexed.stdout(), "{extra:?}");
        assert!(streamed.stdout().contains("a001"), "{extra:?}");
        // Only the grouped file is read athlete by athlete; both say the same
        // warnings (the unknown column, the session after today), once.
        let (said, indexed_said) = (streamed.stderr(), indexed.stderr());
        assert!(said.contains("athlete by athlete"), "{extra:?}: {said}");
        assert!(
            !indexed_said.contains("athlete by athlete"),
            "{extra:?}: {indexed_said}"
        );
        for stderr in [&said, &indexed_said] {
            assert_eq!(stderr.matches("unknown column \"shoe\"").count(), 1, "{stderr}");
            assert_eq!(stderr.matches("1 session is dated after today").count(), 1, "{stderr}");
        }
    }
    // Said before the report, as the usual read says them: stderr and stdout
    // together are the same, in the same order.
    let together = |file: &str| {
        let out = wd.shell(&format!("crampless check {file} 2>&1")).output().expect("sh");
        String::from_utf8(out.stdout).unwrap().replace(file, "FILE")
    };
    let streamed = together(grouped);
    assert!(streamed.starts_with("crampless: warning: "), "{streamed}");
    assert_eq!(streamed, together(shuffled));
    // To a file, too.
    wd.run(&["check", grouped, "-o", "grouped.json"]).expect_code(0);
    wd.run(&["check", shuffled, "-o", "shuffled.json"]).expect_code(0);
    assert_eq!(wd.read("grouped.json"), wd.read("shuffled.json"));
}

#[test]
fn a_bad_row_late_in_a_grouped_history_writes_nothing() {
    let wd = Workdir::new();
    // Many blocks and batches of athletes are analysed before the bad row.
    let mut text = file(&squad_rows(200));
    assert!(text.len() > 256 << 10, "more than the first block");
    let line = text.matches('\n').count() + 1;
    text.push_str("a199,2026-11-10,run,forty,5,,,x\n");
    wd.write("h.csv", &text);
    let run = wd.run(&["check", "h.csv"]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "", "no half report on stdout");
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!("h.csv:{line}")) && stderr.contains("forty"),
        "the line and the cell: {stderr}"
    );
    assert!(
        !stderr.contains("warning"),
        "said once, by the read that failed: {stderr}"
    );

    wd.write("report.txt", "the report of yesterday\n");
    wd.run(&["check", "h.csv", "-o", "report.txt"]).expect_code(2);
    assert_eq!(wd.read("report.txt"), "the report of yesterday\n");
    let mut files = wd.files();
    files.sort();
    assert_eq!(files, ["h.csv", "report.txt"], "no temporary file left");
}

#[test]
fn what_only_the_whole_file_tells_is_said_as_usual() {
    let wd = Workdir::new();
    let (grouped, shuffled) = grouped_and_shuffled(&wd);
    for args in [
        // Known only once every row is read: an as-of date far before the
        // history, an athlete who is not in it, no session by the as-of date.
        &["--as-of", "2020-01-01"][..],
        &["--athlete", "max"],
        &["--as-of", "2026-08-15"],
        // Absurdly far: refused before any athlete's days up to it are made.
        &["--as-of", "9999-12-31", "--format", "json"],
    ] {
        let (streamed, indexed) = check_both(&wd, (grouped, shuffled), args);
        streamed.expect_code(2);
        assert_eq!(streamed.stdout(), "");
        assert_eq!(
            streamed.stderr().replace(grouped, "FILE"),
            indexed.stderr().replace(shuffled, "FILE"),
            "{args:?}"
        );
        assert_eq!(streamed.stderr().matches("unknown column").count(), 1);
    }
}
