//! Issue #14, "sessions lost" and "injection": the real binary on hostile or unlucky
//! inputs in a temp folder. Each test failed before the fix it covers.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::workdir::Workdir;

const HEADER: &str = "athlete,date,sport,duration_min,source_id";

/// A canonical export of `rows` sessions, one a day from 1970-01-01, each with its
/// own `app:N` id.
fn export(app: &str, sport: &str, rows: usize) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut text = format!("{HEADER}\n");
    for i in 0..rows {
        let date = first + chrono::Days::new(i as u64);
        text.push_str(&format!("me,{date},{sport},30,{app}:{i}\n"));
    }
    text
}

/// The `  added N` count of each per-file report in `stdout`.
fn added_counts(stdout: &str) -> Vec<usize> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  added "))
        .map(|n| n.trim().parse().unwrap())
        .collect()
}

/// Data rows of a history (lines after the header, quoted line breaks aside: the
/// histories here have none).
fn rows(wd: &Workdir, name: &str) -> usize {
    wd.read(name).lines().count() - 1
}

// ---- Sessions lost -------------------------------------------------------------

/// Two imports of different exports into one history at the same time, several
/// times over: the history ends with every session of both, and each import's
/// "added" count is what it really added.
#[test]
fn concurrent_imports_into_one_history_keep_every_session() {
    const ROWS: usize = 8000;
    let wd = Workdir::new();
    wd.write("a.csv", export("a", "run", ROWS));
    wd.write("b.csv", export("b", "ride", ROWS));
    for round in 0..4 {
        let _ = std::fs::remove_file(wd.path("history.csv"));
        let spawn = |file: &str| {
            wd.command(&["import", file, "--into", "history.csv"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("a.csv"), spawn("b.csv"));
        for (name, child) in [("a", a), ("b", b)] {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "round {round}, {name}: {stderr}");
            assert_eq!(added_counts(&stdout), [ROWS], "round {round}, {name}: {stdout}");
            assert!(
                stdout.contains(&format!("history.csv: added {ROWS} sessions, now ")),
                "round {round}, {name}: {stdout}"
            );
        }
        assert_eq!(rows(&wd, "history.csv"), 2 * ROWS, "round {round}: sessions lost");
        let text = wd.read("history.csv");
        assert!(text.contains(",a:0\n") && text.contains(&format!(",b:{}\n", ROWS - 1)));
    }
    assert!(wd.exists("history.csv.lock"), "the lock file stays");
}

/// A second import waits for the first one's lock, saying so on stderr.
#[test]
fn an_import_waits_for_a_locked_history() {
    let wd = Workdir::new();
    wd.write("a.csv", export("a", "run", 3));
    wd.write("history.csv", export("h", "swim", 2));
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(wd.path("history.csv.lock"))
        .unwrap();
    lock.lock().unwrap();
    let child = wd
        .command(&["import", "a.csv", "--into", "history.csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // Still waiting: nothing written yet.
    assert_eq!(rows(&wd, "history.csv"), 2);
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "crampless: waiting for another crampless to finish with history.csv ...\n"
    );
    assert_eq!(rows(&wd, "history.csv"), 5);
}

/// A coach imports a second athlete's Garmin export (ids built from start times):
/// the ids of the first athlete do not make it a duplicate.
#[test]
fn the_same_ids_for_another_athlete_are_not_duplicates() {
    let wd = Workdir::new();
    wd.copy_from_repo("tests/data/import/garmin_activities.csv", "garmin.csv");
    let first = wd.run(&["import", "garmin.csv", "--into", "h.csv"]);
    first.expect_code(0);
    let added = added_counts(&first.stdout())[0];
    assert!(added > 0);
    let second = wd.run(&["import", "garmin.csv", "--into", "h.csv", "--athlete", "ben"]);
    second.expect_code(0);
    assert_eq!(added_counts(&second.stdout()), [added], "{}", second.stdout());
    assert!(
        second.stdout().contains("  duplicates skipped  0\n"),
        "{}",
        second.stdout()
    );
    assert_eq!(rows(&wd, "h.csv"), 2 * added);
    // The same athlete again: all duplicates, as before.
    let third = wd.run(&["import", "garmin.csv", "--into", "h.csv", "--athlete", "ben"]);
    assert_eq!(added_counts(&third.expect_code(0).stdout()), [0]);
}

/// Two runs on one day without ids, in the morning and the evening, are two runs.
#[test]
fn same_day_sessions_at_different_times_are_both_kept() {
    let wd = Workdir::new();
    wd.write("h.csv", "date,sport,duration_min\n2026-01-05T07:00,run,30\n");
    wd.write(
        "more.csv",
        "date,sport,duration_min\n2026-01-05T18:30,run,30\n2026-01-05T07:00,run,30\n",
    );
    let run = wd.run(&["import", "more.csv", "--into", "h.csv"]);
    run.expect_code(0);
    assert_eq!(added_counts(&run.stdout()), [1], "{}", run.stdout());
    assert!(run.stdout().contains("  duplicates skipped  1\n"));
    assert_eq!(rows(&wd, "h.csv"), 2);
}

/// An import writes existing rows back with the cells as written: the sport, the
/// numbers, muscle groups and cramp level keep their text.
#[test]
fn an_import_never_rewrites_existing_rows() {
    let wd = Workdir::new();
    wd.write(
        "h.csv",
        "athlete,date,sport,duration_min,distance_km,muscle_groups,cramp,shoe\n\
         ana,2026-01-05,Trail Running,45.0,8.50,Legs; Core,Mild,Speedgoat\n",
    );
    wd.write("new.csv", "athlete,date,sport,duration_min\nana,2026-01-07,ride,60\n");
    wd.run(&["import", "new.csv", "--into", "h.csv"]).expect_code(0);
    let text = wd.read("h.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let first = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        first
            .get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(cell("sport"), "Trail Running", "{text}");
    assert_eq!(cell("duration_min"), "45.0");
    assert_eq!(cell("distance_km"), "8.50");
    assert_eq!(cell("muscle_groups"), "Legs; Core");
    assert_eq!(cell("cramp"), "Mild");
    assert_eq!(cell("shoe"), "Speedgoat");
    // And it still reads as the same session.
    let json = wd.run(&["check", "h.csv", "--format", "json", "--as-of", "last"]);
    assert!(json.expect_code(0).stdout().contains("\"athlete\":\"ana\""));
}

/// An output that is an input (by any name) is refused; the input stays as it was.
#[cfg(unix)]
#[test]
fn an_output_that_is_an_input_is_refused() {
    let wd = Workdir::new();
    let history = wd.copy_from_repo("examples/history.csv", "h.csv");
    let before = wd.read("h.csv");
    std::fs::hard_link(&history, wd.path("same.csv")).unwrap();
    std::os::unix::fs::symlink("h.csv", wd.path("link.csv")).unwrap();
    for args in [
        &["plan", "h.csv", "--format", "csv", "-o", "h.csv"][..],
        &["plan", "h.csv", "-o", "./same.csv"],
        &["check", "h.csv", "-o", "link.csv"],
        &["report", "h.csv", "-o", "h.csv"],
        &["import", "h.csv", "--into", "link.csv"],
    ] {
        let run = wd.run(args);
        run.expect_code(2);
        assert!(
            run.stderr()
                .contains("is the same file as the input h.csv; write to another file"),
            "{args:?}: {}",
            run.stderr()
        );
        assert_eq!(wd.read("h.csv"), before, "{args:?}");
        assert!(!wd.exists("h.csv.bak"), "{args:?}");
    }
}

/// A FIFO (and so a device) is written in place, not replaced by a regular file;
/// `-o /dev/stdout` writes to the pipe it is.
#[cfg(unix)]
#[test]
fn non_regular_outputs_are_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    let fifo = wd.path("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = wd.run(&["check", "h.csv", "--format", "json", "-o", "out.fifo"]);
    assert!(
        std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced: {}",
        run.stderr()
    );
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert!(json["athletes"].is_array());
    assert_eq!(wd.files(), ["h.csv", "out.fifo"], "no temp file");

    let run = wd.run(&["plan", "h.csv", "--format", "json", "-o", "/dev/stdout"]);
    run.expect_code(0);
    let plan: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(plan["athlete"], "ana");
    let run = wd.run(&["check", "h.csv", "--format", "text", "-o", "/dev/null"]);
    run.expect_code(0);
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // --into a device: read as an empty history, written in place, with no backup
    // or lock file beside it in /dev.
    wd.write("a.csv", export("a", "run", 3));
    let run = wd.run(&["import", "a.csv", "--into", "/dev/null"]);
    run.expect_code(0);
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    assert!(!Path::new("/dev/null.bak").exists() && !Path::new("/dev/null.lock").exists());
}

/// A `history.csv.bak` that is a symbolic link: the file it points to is left
/// alone; the link is replaced by the backup itself.
#[cfg(unix)]
#[test]
fn a_backup_that_is_a_symbolic_link_is_not_followed() {
    let wd = Workdir::new();
    wd.write("h.csv", export("h", "swim", 2));
    wd.write("secret.txt", "do not overwrite\n");
    std::os::unix::fs::symlink("secret.txt", wd.path("h.csv.bak")).unwrap();
    wd.write("a.csv", export("a", "run", 3));
    wd.run(&["import", "a.csv", "--into", "h.csv"]).expect_code(0);
    assert_eq!(wd.read("secret.txt"), "do not overwrite\n");
    let bak = std::fs::symlink_metadata(wd.path("h.csv.bak")).unwrap();
    assert!(bak.file_type().is_file(), "the link is replaced by a file");
    assert_eq!(wd.read("h.csv.bak"), export("h", "swim", 2));
    assert_eq!(rows(&wd, "h.csv"), 5);
}

/// The history keeps its mode and, as root (`sudo crampless import`), its owner.
#[cfg(unix)]
#[test]
fn an_import_keeps_the_mode_and_owner_of_the_history() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let wd = Workdir::new();
    let history = wd.write("h.csv", export("h", "swim", 2));
    wd.write("a.csv", export("a", "run", 3));
    std::fs::set_permissions(&history, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = is_root();
    if root {
        std::os::unix::fs::chown(&history, Some(4242), Some(4343)).unwrap();
    }
    wd.run(&["import", "a.csv", "--into", "h.csv"]).expect_code(0);
    let meta = std::fs::metadata(&history).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343), "owner kept");
        let bak = std::fs::metadata(wd.path("h.csv.bak")).unwrap();
        assert_eq!((bak.uid(), bak.gid()), (4242, 4343), "the backup's too");
    }
}

/// A read-only history is not replaced, even by root; nothing is written.
#[cfg(unix)]
#[test]
fn a_read_only_history_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::new();
    let history = wd.write("h.csv", export("h", "swim", 2));
    wd.write("a.csv", export("a", "run", 3));
    std::fs::set_permissions(&history, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = wd.run(&["import", "a.csv", "--into", "h.csv"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "crampless: error: h.csv: is read-only; not replaced (make it writable first, e.g. chmod u+w, if it should change)\n"
    );
    assert_eq!(wd.read("h.csv"), export("h", "swim", 2));
    assert!(!wd.exists("h.csv.bak"));
    assert!(
        !run.stdout().contains("added"),
        "no report of sessions not kept: {}",
        run.stdout()
    );
}

/// SIGTERM while an output is being written: the hidden temp file goes too, and the
/// previous output stays.
#[cfg(unix)]
#[test]
fn a_terminated_write_leaves_no_temp_file() {
    let wd = Workdir::new();
    // Many athletes: `check` streams their reports into the temp file for seconds.
    let mut squad = String::from("athlete,date,sport,duration_min,rpe\n");
    for a in 0..400 {
        for d in 1..=28 {
            squad.push_str(&format!("a{a},2026-11-{d:02},run,{},5\n", 30 + d));
        }
    }
    wd.write("squad.csv", squad);
    wd.write("out.json", "previous\n");
    for _attempt in 0..5 {
        let caught = terminate_during(
            &wd,
            &["check", "squad.csv", "--format", "json", "-o", "out.json"],
            Duration::from_secs(30),
            |wd| wd.files().into_iter().any(|n| n.starts_with(".crampless-")),
        );
        if !caught {
            // Finished before the temp file was seen: a fast machine; try again.
            wd.write("out.json", "previous\n");
            continue;
        }
        assert_eq!(wd.files(), ["out.json", "squad.csv"], "temp file left behind");
        if wd.read("out.json") == "previous\n" {
            return;
        }
        // The signal came after the rename: nothing to check this time.
        wd.write("out.json", "previous\n");
    }
    panic!("never caught the write in progress");
}

/// SIGTERM while a squad's report folder is being written: the hidden folder and
/// every page in it go, and the previous report stays whole.
#[cfg(unix)]
#[test]
fn a_terminated_squad_report_leaves_no_temp_folder() {
    let wd = Workdir::new();
    let mut squad = String::from("athlete,date,sport,duration_min,rpe\n");
    for a in 0..200 {
        for d in 1..=28 {
            squad.push_str(&format!("a{a:03},2026-11-{d:02},run,{},5\n", 30 + d));
        }
    }
    wd.write("squad.csv", squad);
    wd.write(
        "small.csv",
        "athlete,date,sport,duration_min\na,2026-11-01,run,30\nb,2026-11-02,run,30\n",
    );
    wd.run(&["report", "small.csv", "-o", "out"]).expect_code(0);
    let previous = wd.read("out/index.html");
    for _attempt in 0..5 {
        let caught = terminate_during(
            &wd,
            &["report", "squad.csv", "-o", "out"],
            Duration::from_secs(60),
            |wd| {
                wd.files().into_iter().any(|n| {
                    n.starts_with(".crampless-")
                        && std::fs::read_dir(wd.path(&n).join("athletes")).is_ok_and(|mut d| d.next().is_some())
                })
            },
        );
        if !caught {
            wd.run(&["report", "small.csv", "-o", "out"]).expect_code(0);
            continue;
        }
        assert_eq!(wd.files(), ["out", "small.csv", "squad.csv"], "temp folder left behind");
        if wd.read("out/index.html") == previous {
            assert_eq!(std::fs::read_dir(wd.path("out/athletes")).unwrap().count(), 2);
            return;
        }
        wd.run(&["report", "small.csv", "-o", "out"]).expect_code(0);
    }
    panic!("never caught the report in progress");
}

/// Run crampless with `args` and send it SIGTERM as soon as `in_progress` sees its
/// write under way (looking for at most `patience`); `false` when it finished
/// first (a fast machine) and was not signalled.
#[cfg(unix)]
fn terminate_during(wd: &Workdir, args: &[&str], patience: Duration, in_progress: impl Fn(&Workdir) -> bool) -> bool {
    let mut child = wd.command(args).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    let mut seen = false;
    while !seen && started.elapsed() < patience {
        seen = in_progress(wd);
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    if !seen {
        let _ = child.wait();
        return false;
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait().unwrap();
    true
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"))
}

// ---- Future dates ----------------------------------------------------------------

/// Sessions after tomorrow are rejected by an import, each naming its file and line;
/// tomorrow itself is accepted (time zones).
#[test]
fn an_import_rejects_sessions_in_the_future() {
    let wd = Workdir::new();
    wd.write(
        "watch.csv",
        "date,sport,duration_min\n2026-12-03,run,30\n2027-06-05,run,30\n2026-11-30,ride,60\n",
    );
    let run = wd.run(&["import", "watch.csv", "--into", "h.csv"]);
    run.expect_code(0);
    assert_eq!(added_counts(&run.stdout()), [2], "{}", run.stdout());
    assert!(
        run.stdout().contains(
            "    watch.csv:3: column date: \"2027-06-05\" is in the future (after 2026-12-03); a history holds \
             sessions already done, so check the year\n"
        ),
        "{}",
        run.stdout()
    );
    // --strict refuses the whole file.
    let strict = wd.run(&["import", "watch.csv", "--into", "strict.csv", "--strict"]);
    strict.expect_code(2);
    assert!(!wd.exists("strict.csv"));
}

/// A history with sessions after tomorrow (written by hand or by an older version)
/// is read with a warning saying how many and from when.
#[test]
fn reading_a_history_with_future_sessions_warns() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    let mut text = wd.read("h.csv");
    text.push_str("ana,2027-03-01,run,30,,,,,,,,,,\n");
    wd.write("h.csv", text);
    let run = wd.run(&["check", "h.csv"]);
    run.expect_code(0);
    assert!(
        run.stderr().contains(
            "crampless: warning: h.csv: 1 session is dated after today (2026-12-02), the first on 2027-03-01"
        ),
        "{}",
        run.stderr()
    );
}

/// `--as-of`, `--start`, `--by` and `--race-date` far outside the history are usage
/// errors, at once.
#[test]
fn dates_far_outside_the_history_are_usage_errors() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "h.csv");
    for (args, flag) in [
        (&["plan", "h.csv", "--start", "9999-12-27"][..], "--start 9999-12-27"),
        (
            &["report", "h.csv", "--as-of", "9999-12-31", "-o", "r.html"],
            "--as-of 9999-12-31",
        ),
        (&["check", "h.csv", "--as-of", "1901-01-01"], "--as-of 1901-01-01"),
        (
            &["chart", "h.csv", "--as-of", "2029-01-01", "-o", "c.png"],
            "--as-of 2029-01-01",
        ),
        (
            &["plan", "h.csv", "--goal-minutes", "300", "--by", "3000-01-01"],
            "--by 3000-01-01",
        ),
        (
            &["plan", "h.csv", "--race-date", "9999-01-01", "--race-distance", "10k"],
            "--race-date 9999-01-01",
        ),
    ] {
        let started = Instant::now();
        let run = wd.run(args);
        run.expect_code(2);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{args:?} took {:?}",
            started.elapsed()
        );
        assert!(
            run.stderr().starts_with(&format!(
                "crampless: error: {flag} is too far from the history (sessions from 2026-08-08 to 2026-11-15, \
                 today 2026-12-02); expected a date from 2024-08-07 to 2028-12-02"
            )),
            "{args:?}: {}",
            run.stderr()
        );
    }
    // Within the margin: fine.
    wd.run(&["check", "h.csv", "--as-of", "2028-11-30"]).expect_code(0);
}

// ---- Injection -------------------------------------------------------------------

/// The example history with its athlete renamed (a CSV-quoted cell) and `run`
/// renamed to `sport`.
fn renamed(wd: &Workdir, athlete: &str, sport: &str) {
    wd.copy_from_repo("examples/history.csv", "h.csv");
    let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\""));
    let (quoted, sport) = (quote(athlete), quote(sport));
    let text: String = wd
        .read("h.csv")
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{line}\n")
            } else {
                let line = line.replacen("ana,", &format!("{quoted},"), 1);
                format!("{}\n", line.replacen(",run,", &format!(",{sport},"), 1))
            }
        })
        .collect();
    wd.write("h.csv", text);
}

/// RFC 5545: a name with line breaks adds no event; `\ ; ,` are escaped in every
/// TEXT property; lines are folded at 75 octets on character boundaries.
#[test]
fn ics_names_are_escaped_and_add_no_events() {
    let wd = Workdir::new();
    let evil =
        "Zoë; a,b\\c\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned\r\nX-EVIL:ééééééééééééééééééééééééééééééééééé";
    renamed(&wd, evil, "trail, hill; mud");
    let json: serde_json::Value =
        serde_json::from_str(&wd.run(&["plan", "h.csv", "--format", "json"]).expect_code(0).stdout()).unwrap();
    let sessions: usize = json["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["sessions"].as_array().unwrap().len())
        .sum();
    wd.run(&["plan", "h.csv", "--format", "ics", "-o", "plan.ics"])
        .expect_code(0);
    let bytes = std::fs::read(wd.path("plan.ics")).unwrap();
    let ics = String::from_utf8(bytes).expect("folding keeps UTF-8 whole");
    let lines: Vec<&str> = ics.split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "{ics}");
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), sessions);
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("SUMMARY:pwned") || l.starts_with("X-EVIL")),
        "{ics}"
    );
    let unfolded = ics.replace("\r\n ", "");
    let name = r"crampless plan for Zoë\; a\,b\\c\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:pwned\nX-EVIL:ééééééééééééééééééééééééééééééééééé";
    assert!(unfolded.contains(&format!("\r\nNAME:{name}\r\n")), "{unfolded}");
    assert!(unfolded.contains(&format!("\r\nX-WR-CALNAME:{name}\r\n")), "{unfolded}");
    assert!(unfolded.contains(r"trail\, hill\; mud"), "{unfolded}");
    assert!(!unfolded.replace("\r\n", "").contains('\r'), "no bare CR");
}

/// Escape sequences and line breaks in names reach no terminal raw: `check`, `plan`
/// and `import` show them as `\u{..}`.
#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_terminal() {
    let raw = |s: &str| s.contains(['\u{1b}', '\u{7}', '\r', '\u{9b}']);
    let wd = Workdir::new();
    let evil = "ana\u{1b}]0;pwned\u{7}\u{1b}[2J\r\n0 rejected";
    renamed(&wd, evil, "run\u{1b}[31m");
    for args in [
        &["check", "h.csv"][..],
        &["plan", "h.csv"],
        &["check", "h.csv", "--athlete", evil],
    ] {
        let run = wd.run(args);
        run.expect_code(0);
        let (out, err) = (run.stdout(), run.stderr());
        assert!(!raw(&out) && !raw(&err), "{args:?}: {out:?} {err:?}");
        assert!(
            out.contains(r"ana\u{1b}]0;pwned\u{7}\u{1b}[2J\u{d}\u{a}0 rejected"),
            "{args:?}: {out}"
        );
        assert!(!out.lines().any(|l| l.starts_with("0 rejected")), "{args:?}: {out}");
    }
    // An export whose name and cells carry escapes, with a bad row.
    let name = "evil\u{1b}[2J\u{1b}]0;x\u{7}.csv";
    wd.write(
        name,
        format!("athlete,date,sport,duration_min\n\"{evil}\",2026-11-20,run,30\nx\u{1b}[2J,2026-11-21,run,-5\n"),
    );
    let run = wd.run(&["import", name, "--into", "new.csv"]);
    run.expect_code(0);
    let (out, err) = (run.stdout(), run.stderr());
    assert!(!raw(&out) && !raw(&err), "{out:?} {err:?}");
    assert!(out.starts_with(r"evil\u{1b}[2J\u{1b}]0;x\u{7}.csv: canonical"), "{out}");
    assert!(out.contains("  rows rejected       1\n"), "{out}");
    // Errors on stderr too.
    let run = wd.run(&["check", name]);
    run.expect_code(2);
    assert!(!raw(&run.stderr()), "{:?}", run.stderr());
    assert!(run.stderr().contains(r"evil\u{1b}[2J"), "{}", run.stderr());
}

/// Spreadsheet formulas in names: the CSV outputs prefix them with `'`; the history
/// itself keeps them as written.
#[test]
fn csv_outputs_defuse_formulas() {
    let wd = Workdir::new();
    let evil = "=HYPERLINK(\"http://evil.example\",\"x\")";
    renamed(&wd, evil, "@sum(1+1)");
    let check = wd.run(&["check", "h.csv", "--format", "csv"]).expect_code(0).stdout();
    let mut reader = csv::Reader::from_reader(check.as_bytes());
    let mut n = 0;
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(&record[0], format!("'{evil}"));
        assert!(!record[4].starts_with(['=', '+', '-', '@']), "{:?}", &record[4]);
        n += 1;
    }
    assert!(n > 0);
    let plan = wd.run(&["plan", "h.csv", "--format", "csv"]).expect_code(0).stdout();
    let mut reader = csv::Reader::from_reader(plan.as_bytes());
    let sport = reader.headers().unwrap().iter().position(|h| h == "sport").unwrap();
    let mut sports = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(&record[0], format!("'{evil}"));
        sports.push(record[sport].to_string());
        for cell in record.iter() {
            assert!(!cell.starts_with(['=', '@']), "{cell:?}");
        }
    }
    assert!(sports.iter().any(|s| s == "'@sum(1+1)"), "{sports:?}");
    // The history round-trips: an import copies the name as it is.
    wd.run(&["import", "h.csv", "--into", "copy.csv"]).expect_code(0);
    assert!(
        wd.read("copy.csv")
            .contains(&format!("\"{}\"", evil.replace('"', "\"\"")))
    );
}

/// Markdown: a name adds no heading, table cell or row, and no raw HTML.
#[test]
fn markdown_outputs_escape_names() {
    let wd = Workdir::new();
    let evil = "<img src=x onerror=alert(1)>\n# owned | [link](javascript:x)";
    renamed(&wd, evil, "run");
    let escaped = r"&lt;img src=x onerror=alert\(1\)&gt; \# owned \| \[link\]\(javascript:x\)";
    let check = wd.run(&["check", "h.csv", "--format", "md"]).expect_code(0).stdout();
    let plan = wd.run(&["plan", "h.csv", "--format", "md"]).expect_code(0).stdout();
    for md in [&check, &plan] {
        assert!(!md.contains("<img") && !md.contains("](javascript"), "{md}");
        assert!(!md.lines().any(|l| l.starts_with("# owned")), "{md}");
    }
    assert!(check.contains(&format!("\n## {escaped}\n")), "{check}");
    assert!(plan.starts_with(&format!("# Plan for {escaped}: ")), "{plan}");
    // Every table row has as many cells as its header.
    for md in [&check, &plan] {
        let mut cells = None;
        for line in md.lines().filter(|l| l.starts_with('|')) {
            let n = line.replace("\\|", "").matches('|').count();
            if line.starts_with("| day |") || line.starts_with("| week |") || line.starts_with("| severity |") {
                cells = Some(n);
            }
            assert_eq!(Some(n), cells, "{line}");
        }
    }
}
