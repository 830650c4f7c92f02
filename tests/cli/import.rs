//! `crampless import` from the command line, on the fixtures in `tests/data/import`.

use crate::workdir::Workdir;

/// Every fixture, with the extra arguments it needs.
const FIXTURES: &[(&str, &[&str])] = &[
    ("strava_activities.csv", &[]),
    ("strava_activities_2021.csv", &[]),
    ("strava_activities_de.csv", &[]),
    ("strava_activities_2018.csv", &[]),
    ("garmin_activities.csv", &[]),
    ("garmin_activities_decimal_comma.csv", &[]),
    ("trainingpeaks_workouts.csv", &[]),
    ("intervals_activities.csv", &[]),
    ("strong_classic.csv", &["--weight-unit", "kg"]),
    ("strong_2023_semicolon.csv", &[]),
    ("hevy_kg.csv", &[]),
    ("hevy_lbs.csv", &[]),
    ("fitnotes_current.csv", &[]),
    ("fitnotes_legacy.csv", &[]),
    ("canonical_history.csv", &[]),
    (
        "generic_sheet.csv",
        &[
            "--map",
            "date=Start Time,sport=Type,duration=Time,distance=Km,avg_hr=Avg HR,notes=Notes",
        ],
    ),
];

const HISTORY: &str = "athlete,date,sport,duration_min,distance_km,rpe,notes,shoe\n\
                       me,2026-01-03T07:00:00+11:00,run,30,5,5,\"hand-logged, before the watch\",Pegasus\n";

fn copy_fixture(wd: &Workdir, name: &str) {
    wd.copy_from_repo(&format!("tests/data/import/{name}"), name);
}

fn import(wd: &Workdir, name: &str, extra: &[&str]) -> crate::workdir::Run {
    let mut args = vec!["import", name, "--into", "history.csv", "--tz", "Europe/Berlin"];
    args.extend_from_slice(extra);
    wd.run(&args)
}

#[test]
fn each_fixture_imports_checks_and_imports_again_as_nothing_new() {
    for (name, extra) in FIXTURES {
        let wd = Workdir::new();
        copy_fixture(&wd, name);
        let first = import(&wd, name, extra);
        first.expect_code(0);
        let out = first.stdout();
        assert!(out.contains("  rows read "), "{name}: {out}");
        assert!(out.contains("history.csv: added "), "{name}: {out}");
        assert!(out.contains("(new file)"), "{name}: {out}");

        // The history it wrote is one `check` reads.
        wd.run(&["check", "history.csv"]).expect_code(0);

        // The same export again adds nothing and leaves the file alone.
        let written = wd.read("history.csv");
        let again = import(&wd, name, extra);
        again.expect_code(0);
        let out = again.stdout();
        assert!(out.contains("  added               0\n"), "{name}: {out}");
        assert!(out.contains("nothing new; file not changed"), "{name}: {out}");
        assert_eq!(wd.read("history.csv"), written, "{name}");
        assert!(!wd.exists("history.csv.bak"), "{name}: no backup when nothing changes");
    }
}

#[test]
fn summary_names_format_counts_rejections_and_range() {
    let wd = Workdir::new();
    copy_fixture(&wd, "strava_activities.csv");
    let run = import(&wd, "strava_activities.csv", &[]);
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        "strava_activities.csv: strava (Strava bulk export activities.csv; English headers, 99 columns)\n\
         \x20 rows read           7\n\
         \x20 sessions found      6 (2026-01-02 to 2026-01-09)\n\
         \x20 added               6\n\
         \x20 duplicates skipped  0\n\
         \x20 rows rejected       1\n\
         \x20   strava_activities.csv:9: column Activity Date: \"yesterday\" is not a date; expected Strava's \"Mar 25, 2024, 6:01:54 AM\" (or a localised form such as \"09.12.2022, 15:24:49\")\n\
         history.csv: added 6 sessions, now 6 in all (new file)\n"
    );
}

#[test]
fn existing_rows_are_kept_as_written_and_the_previous_file_backed_up() {
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    copy_fixture(&wd, "trainingpeaks_workouts.csv");
    let run = import(&wd, "trainingpeaks_workouts.csv", &[]);
    run.expect_code(0);
    assert!(
        run.stdout()
            .contains("history.csv: added 4 sessions, now 5 in all; previous version kept as history.csv.bak"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("planned-only rows   3 (skipped: no actuals)"),
        "{}",
        run.stdout()
    );
    assert_eq!(wd.read("history.csv.bak"), HISTORY);
    let written = wd.read("history.csv");
    // The hand-logged row: date-time text, notes and the unknown column survive.
    assert!(
        written.contains("me,2026-01-03T07:00:00+11:00,run,30,5,5,,,,,,,\"hand-logged, before the watch\",,Pegasus\n"),
        "{written}"
    );
    assert!(written.starts_with("athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp,notes,source_id,shoe\n"));
    // Sorted by date: the existing row (Jan 3) comes before the imported ones (Jan 5 on).
    let dates: Vec<&str> = written.lines().skip(1).map(|l| &l[3..13]).collect();
    assert_eq!(
        dates,
        ["2026-01-03", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"]
    );
}

#[test]
fn the_same_activity_from_two_apps_is_imported_once() {
    let wd = Workdir::new();
    copy_fixture(&wd, "strava_activities.csv");
    copy_fixture(&wd, "intervals_activities.csv");
    let run = wd.run(&[
        "import",
        "strava_activities.csv",
        "intervals_activities.csv",
        "--into",
        "history.csv",
        "--tz",
        "Australia/Sydney",
    ]);
    run.expect_code(0);
    let out = run.stdout();
    // intervals.icu's first row is the Strava run (same Strava id).
    assert!(out.contains("intervals_activities.csv: intervals"), "{out}");
    assert!(out.contains("  duplicates skipped  1\n"), "{out}");
    assert!(
        out.contains("history.csv: added 8 sessions, now 8 in all (new file)"),
        "{out}"
    );
}

#[test]
fn dry_run_changes_nothing() {
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    copy_fixture(&wd, "hevy_kg.csv");
    let run = import(&wd, "hevy_kg.csv", &["--dry-run"]);
    run.expect_code(0);
    assert!(run.stdout().contains("  added               3\n"), "{}", run.stdout());
    assert!(
        run.stdout()
            .ends_with("dry run: history.csv not changed (would add 3 sessions)\n"),
        "{}",
        run.stdout()
    );
    assert_eq!(wd.read("history.csv"), HISTORY);
    assert_eq!(wd.files(), ["hevy_kg.csv", "history.csv"]);
}

#[test]
fn strict_writes_nothing_when_a_row_is_bad() {
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    copy_fixture(&wd, "strava_activities.csv");
    let run = import(&wd, "strava_activities.csv", &["--strict"]);
    run.expect_code(2);
    assert!(
        run.stdout().contains("strava_activities.csv:9: column Activity Date"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr()
            .ends_with("crampless: error: --strict: 1 bad row (listed above); history.csv not changed\n"),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.read("history.csv"), HISTORY);
    assert_eq!(wd.files(), ["history.csv", "strava_activities.csv"]);
}

#[test]
fn strict_passes_a_clean_file() {
    let wd = Workdir::new();
    copy_fixture(&wd, "strava_activities_2018.csv");
    import(&wd, "strava_activities_2018.csv", &["--strict"]).expect_code(0);
    assert!(wd.exists("history.csv"));
}

#[test]
fn an_undetectable_file_is_exit_2_with_the_format_list_and_nothing_written() {
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    wd.write("export.csv", "Start Time,Kind,Minutes\n2026-01-05 07:00,Run,30\n");
    let run = import(&wd, "export.csv", &[]);
    run.expect_code(2);
    let err = run.stderr();
    assert!(
        err.contains("crampless: error: export.csv: cannot tell which app wrote this file"),
        "{err}"
    );
    for format in [
        "strava",
        "garmin",
        "trainingpeaks",
        "intervals",
        "strong",
        "hevy",
        "fitnotes",
        "canonical",
    ] {
        assert!(err.contains(format), "{format}: {err}");
    }
    assert!(err.contains("--format generic --map date="), "{err}");
    assert_eq!(wd.read("history.csv"), HISTORY);
    assert!(!wd.exists("history.csv.bak"));

    // The suggested mapping then works.
    import(
        &wd,
        "export.csv",
        &["--map", "date=Start Time,sport=Kind,duration=Minutes"],
    )
    .expect_code(0);
    assert!(wd.read("history.csv").contains("me,2026-01-05,run,30,"));
}

#[test]
fn one_unreadable_file_stops_the_whole_import() {
    let wd = Workdir::new();
    copy_fixture(&wd, "hevy_kg.csv");
    let run = wd.run(&["import", "hevy_kg.csv", "missing.csv", "--into", "history.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr().starts_with("crampless: error: missing.csv: "),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("history.csv"));
}

#[test]
fn a_broken_history_is_not_overwritten() {
    let wd = Workdir::new();
    let broken = "date,sport,duration_min\n2026-01-05,run,soon\n";
    wd.write("history.csv", broken);
    copy_fixture(&wd, "hevy_kg.csv");
    let run = import(&wd, "hevy_kg.csv", &[]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("history.csv:2: column duration_min"),
        "{}",
        run.stderr()
    );
    assert_eq!(wd.read("history.csv"), broken);
}

#[test]
fn bad_options_are_usage_errors() {
    let wd = Workdir::new();
    copy_fixture(&wd, "hevy_kg.csv");
    let run = wd.run(&["import", "hevy_kg.csv", "--into", "history.csv", "--tz", "Mars/Olympus"]);
    run.expect_code(2);
    assert!(run.stderr().contains("is not a time zone"), "{}", run.stderr());
    let run = import(&wd, "hevy_kg.csv", &["--map", "when=Date"]);
    run.expect_code(2);
    assert!(run.stderr().contains("\"when\" is not a field"), "{}", run.stderr());
    let run = import(&wd, "hevy_kg.csv", &["--format", "polar"]);
    run.expect_code(2);
    assert!(!wd.exists("history.csv"));
}

#[test]
fn athlete_option_names_the_sessions() {
    let wd = Workdir::new();
    copy_fixture(&wd, "strong_2023_semicolon.csv");
    import(&wd, "strong_2023_semicolon.csv", &["--athlete", "ana"]).expect_code(0);
    let written = wd.read("history.csv");
    assert!(written.lines().skip(1).all(|l| l.starts_with("ana,")), "{written}");
}

#[test]
fn help_shows_an_example() {
    let run = Workdir::new().run(&["import", "--help"]);
    run.expect_code(0);
    assert!(
        run.stdout()
            .contains("crampless import ~/Downloads/activities.csv --into history.csv")
    );
    assert!(run.stdout().contains("--dry-run"));
}
