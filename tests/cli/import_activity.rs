//! `crampless import` of activity files and the Strava archive, on the fixtures in
//! `tests/data/activity` (made by `make_fixtures.py` there).

use crate::workdir::{Run, Workdir};

const FIXTURES: [&str; 8] = [
    "run.fit",
    "triathlon.fit",
    "run.gpx",
    "ride.tcx",
    "ride.tcx.gz",
    "strava_export.zip",
    "truncated.fit",
    "not_xml.gpx",
];

fn workdir() -> Workdir {
    let wd = Workdir::new();
    for name in FIXTURES {
        wd.copy_from_repo(&format!("tests/data/activity/{name}"), name);
    }
    wd
}

fn import(wd: &Workdir, files: &[&str], extra: &[&str]) -> Run {
    let mut args = vec!["import"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--into", "history.csv", "--tz", "Europe/Berlin"]);
    args.extend_from_slice(extra);
    wd.run(&args)
}

#[test]
fn each_activity_file_imports_checks_and_imports_again_as_nothing_new() {
    for name in [
        "run.fit",
        "triathlon.fit",
        "run.gpx",
        "ride.tcx",
        "ride.tcx.gz",
        "strava_export.zip",
    ] {
        let wd = workdir();
        let first = import(&wd, &[name], &[]);
        first.expect_code(0);
        assert!(first.stdout().contains("(new file)"), "{name}: {}", first.stdout());
        wd.run(&["check", "history.csv"]).expect_code(0);
        wd.run(&["plan", "history.csv"]).expect_code(0);

        let written = wd.read("history.csv");
        let again = import(&wd, &[name], &[]);
        again.expect_code(0);
        assert!(
            again.stdout().contains("  added               0\n"),
            "{name}: {}",
            again.stdout()
        );
        assert!(again.stdout().ends_with("history.csv: nothing new; file not changed\n"));
        assert_eq!(wd.read("history.csv"), written, "{name}");
    }
}

#[test]
fn activity_files_get_one_summary_and_bad_ones_are_reported_and_skipped() {
    let wd = workdir();
    let run = import(
        &wd,
        &[
            "run.fit",
            "run.gpx",
            "ride.tcx",
            "ride.tcx.gz",
            "truncated.fit",
            "not_xml.gpx",
        ],
        &[],
    );
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        "activity files: 6 (2 FIT, 2 GPX, 2 TCX)\n\
         \x20 sessions found      4 (2026-01-05 to 2026-01-09)\n\
         \x20 added               3\n\
         \x20 duplicates skipped  1\n\
         \x20 rejected            2\n\
         \x20   truncated.fit: is not a readable FIT file: it ends early: its header announces 225 bytes, the file has 112 (cut short in a download or copy?)\n\
         \x20   not_xml.gpx: is not a readable GPX file: it is not XML; it starts with \"Rate Limit Exceeded\"\n\
         history.csv: added 3 sessions, now 3 in all (new file)\n"
    );
    assert_eq!(
        wd.read("history.csv"),
        "athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp,notes,source_id\n\
         me,2026-01-05,run,50,10.022,,151,,,21,,,elapsed 55 min - max HR 178,fit:3987654321-20260104T234000Z\n\
         me,2026-01-07,run,18,5.404,,154,,,8.5,,,Morning Run - elapsed 24 min - max HR 168,gpx:20260107T061500Z-run\n\
         me,2026-01-09,ride,90,35.5,,144,,,,,,Tempo on the canal path - elapsed 92 min - max HR 172,tcx:20260109T150000Z-ride\n"
    );
}

#[test]
fn multisport_transitions_are_counted_as_skipped_parts() {
    let wd = workdir();
    let run = import(&wd, &["triathlon.fit"], &[]);
    run.expect_code(0);
    assert!(
        run.stdout().contains(
            "  added               3\n  duplicates skipped  0\n  parts skipped       2 (multisport transitions)\n"
        ),
        "{}",
        run.stdout()
    );
}

#[test]
fn strict_fails_on_a_bad_activity_file_and_writes_nothing() {
    let wd = workdir();
    let run = import(&wd, &["run.fit", "truncated.fit"], &["--strict"]);
    run.expect_code(2);
    assert!(
        run.stdout().contains("truncated.fit: is not a readable FIT file"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr().ends_with(
            "crampless: error: --strict: 1 rejected activity file (listed above); history.csv not changed\n"
        ),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("history.csv"));
    import(&wd, &["run.fit"], &["--strict"]).expect_code(0);
}

#[test]
fn the_strava_archive_gives_one_session_per_activity_with_heart_rate_from_its_files() {
    let wd = workdir();
    let run = import(&wd, &["strava_export.zip"], &[]);
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        "strava_export.zip: strava (Strava bulk export activities.csv; archive, English headers, 99 columns)\n\
         \x20 rows read           6\n\
         \x20 sessions found      6 (2026-01-05 to 2026-01-10)\n\
         \x20 added               6\n\
         \x20 duplicates skipped  0\n\
         \x20 activity files read 4 (heart rate for 3 sessions, temperature for 2; 1 unreadable)\n\
         \x20 rows rejected       0\n\
         history.csv: added 6 sessions, now 6 in all (new file)\n"
    );
    assert_eq!(
        run.stderr(),
        "crampless: warning: strava_export.zip/activities/18006.fit.gz: is not a readable FIT file: it ends early: \
         its header announces 225 bytes, the file has 60 (cut short in a download or copy?); the session is kept as the CSV has it\n"
    );
    let written = wd.read("history.csv");
    assert!(
        written.contains("me,2026-01-06,ride,85,45.2,,128,,,14,,,Afternoon Ride,strava:17002\n"),
        "{written}"
    );
    assert!(
        written.contains("me,2026-01-09,ride,90,35.5,,144,,,,,,Canal Tempo,strava:17003\n"),
        "{written}"
    );
    // The archive's activity files are the same workouts as the loose files: importing
    // those afterwards adds nothing (the FIT run, the TCX ride).
    let run = import(&wd, &["run.fit", "ride.tcx"], &[]);
    run.expect_code(0);
    assert!(run.stdout().contains("  duplicates skipped  2\n"), "{}", run.stdout());
}

#[test]
fn an_unzipped_strava_export_folder_imports_like_the_zip() {
    let wd = workdir();
    let folder = wd.path("export_12345");
    std::fs::create_dir_all(folder.join("activities")).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(wd.path("strava_export.zip")).unwrap()).unwrap();
    archive.extract(&folder).unwrap();
    let run = import(&wd, &["export_12345"], &[]);
    run.expect_code(0);
    assert!(
        run.stdout()
            .contains("  activity files read 4 (heart rate for 3 sessions, temperature for 2; 1 unreadable)\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn many_copies_of_one_file_are_read_in_parallel_and_added_once() {
    let wd = workdir();
    let bytes = std::fs::read(wd.path("run.fit")).unwrap();
    let names: Vec<String> = (0..60).map(|i| format!("watch/{i:03}.fit")).collect();
    for name in &names {
        wd.write(name, &bytes);
    }
    let files: Vec<&str> = names.iter().map(String::as_str).collect();
    let run = import(&wd, &files, &[]);
    run.expect_code(0);
    assert!(
        run.stdout().starts_with("activity files: 60 (60 FIT)\n"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout()
            .contains("  added               1\n  duplicates skipped  59\n")
    );
    // Not a terminal: no progress bar on stderr.
    assert_eq!(run.stderr(), "");
}

#[test]
fn a_folder_stands_for_the_activity_files_in_it() {
    let wd = workdir();
    // A watch over USB: upper-case names, other files beside them.
    wd.write(
        "GARMIN/Activity/A1B2C3D4.FIT",
        std::fs::read(wd.path("run.fit")).unwrap(),
    );
    wd.write(
        "GARMIN/Activity/ride.tcx.gz",
        std::fs::read(wd.path("ride.tcx.gz")).unwrap(),
    );
    wd.write("GARMIN/Activity/notes.txt", "not an activity");
    wd.write(
        "GARMIN/Activity/old/run.gpx",
        std::fs::read(wd.path("run.gpx")).unwrap(),
    );
    let run = import(&wd, &["GARMIN/Activity"], &[]);
    run.expect_code(0);
    assert!(
        run.stdout().starts_with("activity files: 2 (1 FIT, 1 TCX)\n"),
        "{}",
        run.stdout()
    );
    let run = import(&wd, &["GARMIN"], &[]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("GARMIN: is a folder with no activity files (.fit, .gpx, .tcx) and no activities.csv"),
        "{}",
        run.stderr()
    );
}

#[test]
fn exports_and_activity_files_mix_and_dry_run_changes_nothing() {
    let wd = workdir();
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", "hevy_kg.csv");
    let run = import(&wd, &["run.gpx", "hevy_kg.csv", "ride.tcx.gz"], &["--dry-run"]);
    run.expect_code(0);
    let out = run.stdout();
    // The export first, then the activity files together.
    assert!(out.starts_with("hevy_kg.csv: hevy"), "{out}");
    assert!(out.contains("activity files: 2 (1 GPX, 1 TCX)\n"), "{out}");
    assert!(
        out.ends_with("dry run: history.csv not changed (would add 5 sessions)\n"),
        "{out}"
    );
    assert!(!wd.exists("history.csv"));
}

#[test]
fn a_missing_activity_file_is_an_error_like_any_missing_file() {
    let wd = workdir();
    let run = import(&wd, &["run.fit", "gone.fit"], &[]);
    run.expect_code(2);
    assert!(
        run.stderr().starts_with("crampless: error: gone.fit: "),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("history.csv"));
}

#[test]
fn a_zip_that_is_not_a_strava_archive_is_an_error() {
    let wd = workdir();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("ride.fit", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"not really").unwrap();
    wd.write("garmin.zip", zip.finish().unwrap().into_inner());
    let run = import(&wd, &["garmin.zip"], &[]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("garmin.zip: has no activities.csv, so it is not a Strava archive"),
        "{}",
        run.stderr()
    );
}
