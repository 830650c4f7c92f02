//! Detection, whole-file errors and the row accounting shared by every format.

use std::path::Path;

use super::*;

fn header_of(text: &str) -> Option<Format> {
    let table = Table::parse(Path::new("x.csv"), format!("{text}\n").as_bytes()).unwrap();
    detect(&table.header)
}

#[test]
fn each_format_is_detected_from_its_header() {
    for (header, want) in [
        (
            "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance",
            Format::Strava,
        ),
        (
            "Aktivitäts-ID,Aktivitätsdatum,Name der Aktivität,Aktivitätsart",
            Format::Strava,
        ),
        (
            "ID de l’activité,Date de l'activité,Nom de l'activité,Type d'activité",
            Format::Strava,
        ),
        (
            "id,date,name,type,description,elapsed_time,distance,commute,gear,filename",
            Format::Strava,
        ),
        (
            "id,name,type,start_date,start_date_local,distance,moving_time,elapsed_time",
            Format::Strava,
        ),
        (
            "Activity Type,Date,Favorite,Title,Distance,Calories,Time",
            Format::Garmin,
        ),
        (
            "\"Title\",\"WorkoutType\",\"WorkoutDay\",\"TimeTotalInHours\"",
            Format::TrainingPeaks,
        ),
        (
            "id,start_date_local,name,type,moving_time,icu_training_load",
            Format::Intervals,
        ),
        (
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps",
            Format::Strong,
        ),
        (
            "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps",
            Format::Strong,
        ),
        (
            "Datum;Workout-Name;Name der Übung;Reihenfolge festlegen;Gewicht",
            Format::Strong,
        ),
        (
            "title,start_time,end_time,description,exercise_title,set_index,set_type,weight_kg",
            Format::Hevy,
        ),
        (
            "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time",
            Format::FitNotes,
        ),
        ("date,sport,duration_min", Format::Canonical),
    ] {
        assert_eq!(header_of(header), Some(want), "{header}");
    }
    assert_eq!(header_of("Start Time,Type,Time"), None);
}

#[test]
fn formats_parse_from_their_names() {
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>(), Ok(format));
    }
    assert_eq!("intervals.icu".parse::<Format>(), Ok(Format::Intervals));
    assert_eq!("Training-Peaks".parse::<Format>(), Ok(Format::TrainingPeaks));
    assert!(
        "polar"
            .parse::<Format>()
            .unwrap_err()
            .contains("strava, garmin, trainingpeaks")
    );
}

#[test]
fn an_undetectable_file_lists_the_formats_and_suggests_a_mapping() {
    let e = parse(
        Path::new("x.csv"),
        b"Start Time,Type,Time\n2026-01-05,Run,30\n",
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("x.csv: cannot tell which app wrote this file (header: \"Start Time\", \"Type\", \"Time\")"),
        "{e}"
    );
    for format in Format::ALL.iter().filter(|f| **f != Format::Generic) {
        assert!(e.contains(format.name()), "{format}: {e}");
    }
    assert!(e.contains("--format generic --map date="), "{e}");
}

/// Found by fuzzing (import_detect): a quoted header cell holding the rest of the
/// file made a 4 KB message; names are cut short, and long lists too.
#[test]
fn messages_cut_long_header_names_short() {
    let cell = "x".repeat(5000);
    let text = format!("Date;\"{cell}\"\n1;2\n");
    let e = parse(Path::new("x.csv"), text.as_bytes(), &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!("(header: \"Date\", \"{}\"... (5000 bytes))", "x".repeat(60))),
        "{e}"
    );
    assert!(e.len() < 1000, "{} bytes", e.len());

    let many: Vec<String> = (0..500).map(|i| format!("column {i}")).collect();
    let options = ImportOptions {
        mapping: Some(ColumnMap::parse("date=When,sport=b,duration=c").unwrap()),
        ..ImportOptions::default()
    };
    let text = format!("{}\n", many.join(","));
    let e = parse(Path::new("x.csv"), text.as_bytes(), &options)
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("\"column 39\", ... (500 columns)"), "{e}");
}

#[test]
fn map_without_format_means_generic() {
    let options = ImportOptions {
        mapping: Some(ColumnMap::parse("date=Start Time,sport=Type,duration=Time").unwrap()),
        ..ImportOptions::default()
    };
    let file = parse(
        Path::new("x.csv"),
        b"Start Time,Type,Time\n2026-01-05,Run,0:30:00\n",
        &options,
    )
    .unwrap();
    assert_eq!(file.format, Format::Generic);
    assert_eq!(file.sessions[0].duration_min, 30.0);
    assert_eq!(file.sessions[0].sport, "run");
}

#[test]
fn forcing_a_format_on_the_wrong_file_names_the_missing_columns() {
    let options = ImportOptions {
        format: Some(Format::Garmin),
        ..ImportOptions::default()
    };
    let e = parse(Path::new("x.csv"), b"a,b\n1,2\n", &options)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "x.csv:1: has no \"Activity Type\" or \"Date\" column, which a Garmin Connect activity list (Activities.csv) \
         file needs; is this the right file (or --format)?"
    );
}

#[test]
fn missing_target_and_header_only_target_are_empty_histories() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("new.csv");
    assert!(
        read_target(&missing, ReadOptions::default())
            .unwrap()
            .sessions
            .is_empty()
    );
    let header_only = dir.path().join("h.csv");
    std::fs::write(&header_only, "athlete,date,sport,duration_min\n").unwrap();
    assert!(
        read_target(&header_only, ReadOptions::default())
            .unwrap()
            .sessions
            .is_empty()
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,sport,duration_min\n2026-01-05,run,-3\n").unwrap();
    assert!(read_target(&bad, ReadOptions::default()).is_err());
    // Not text at all: never taken for an empty history that may be overwritten.
    let binary = dir.path().join("history.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let e = read_target(&binary, ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("is binary data, not CSV text"), "{e}");
    // The messages are the history reader's, about a history.
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"date,sport,duration_min,notes\n2026-01-05,run,30,caf\xe9\n").unwrap();
    let e = read_target(&latin1, ReadOptions::default()).unwrap_err().to_string();
    assert!(e.ends_with("latin1.csv:2: byte 22 is not valid UTF-8; save the file as UTF-8 (it looks like Latin-1 or another legacy encoding)"), "{e}");
}

/// Helpers for the per-format tests, which read the fixtures in `tests/data/import`.
pub(crate) mod support {
    use std::path::{Path, PathBuf};

    use chrono::NaiveDate;

    use crate::history::Session;
    use crate::import::{ImportOptions, ImportedFile, read_file};

    pub fn fixture_path(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/import")
            .join(name)
    }

    /// Options with the athlete in Sydney and a fixed "today", so tests do not depend
    /// on the machine's zone or date.
    pub fn sydney() -> ImportOptions {
        ImportOptions {
            zone: "Australia/Sydney".parse().unwrap(),
            latest_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            ..ImportOptions::default()
        }
    }

    pub fn import(name: &str, options: &ImportOptions) -> ImportedFile {
        read_file(&fixture_path(name), options).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// One session, every field, `-` for empty:
    /// `athlete | date | sport | minutes | km | rpe | hr | tonnage | groups | temp | humidity | notes | source id`.
    pub fn show(s: &Session) -> String {
        let n = |v: Option<f64>| v.map_or("-".to_string(), |v| v.to_string());
        [
            s.athlete.to_string(),
            s.date.to_string(),
            s.sport.to_string(),
            s.duration_min.to_string(),
            n(s.distance_km),
            n(s.rpe),
            n(s.avg_hr),
            n(s.tonnage_kg),
            if s.muscle_groups.is_empty() {
                "-".into()
            } else {
                s.muscle_groups.join(";")
            },
            n(s.temperature_c),
            n(s.humidity_pct),
            s.notes.clone().unwrap_or_else(|| "-".into()),
            s.source_id.clone().unwrap_or_else(|| "-".into()),
        ]
        .join(" | ")
    }

    pub fn shown(file: &ImportedFile) -> Vec<String> {
        file.sessions.iter().map(show).collect()
    }

    /// Rejections with the fixture folder cut off the path.
    pub fn rejections(file: &ImportedFile) -> Vec<String> {
        let folder = format!("{}/", fixture_path("x").parent().unwrap().display());
        file.rejected
            .iter()
            .map(|e| e.to_string().replace(&folder, ""))
            .collect()
    }
}

mod properties {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;

    /// A cell of a Strava-API-style row: often valid, sometimes junk.
    fn cell(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(valid).prop_map(str::to_string),
            1 => "[a-z0-9:,.\" -]{0,6}",
        ]
    }

    /// A row, and whether all its cells are blank (such rows are skipped, as
    /// spreadsheets leave them behind, and are neither sessions nor rejections).
    fn row() -> impl Strategy<Value = (String, bool)> {
        (
            cell(&["2026-01-05T07:00:00", "2026-01-06T18:30:00", "2026-02-30T07:00:00"]),
            cell(&["Run", "Ride", "VirtualRide", "WeightTraining"]),
            cell(&["1800", "3600", "0", "-5", "100000"]),
            cell(&["5000", "", "12000.5", "1,500"]),
            cell(&["150", "", "12"]),
        )
            .prop_map(|(date, kind, moving, distance, hr)| {
                let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                let blank = [&date, &kind, &moving, &distance, &hr]
                    .iter()
                    .all(|c| c.trim().is_empty());
                (
                    format!("{},{},{},{},{}", q(&date), q(&kind), q(&moving), q(&distance), q(&hr)),
                    blank,
                )
            })
    }

    fn options() -> ImportOptions {
        ImportOptions {
            latest_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            ..ImportOptions::default()
        }
    }

    #[test]
    fn a_row_of_blank_quoted_cells_is_skipped_not_rejected() {
        let text = "start_date_local,type,moving_time,distance,average_heartrate,icu_training_load\n\
                    \"2026-01-05T07:00:00\",\"Run\",\"1800\",\"5000\",\"150\"\n\
                    \"\",\" \",\"\",\"\",\"\"\n";
        let file = parse(Path::new("p.csv"), text.as_bytes(), &options()).unwrap();
        assert_eq!((file.rows_read, file.sessions.len(), file.rejected.len()), (1, 1, 0));
    }

    proptest! {
        #[test]
        fn every_row_is_a_session_or_a_rejection_with_its_line(rows in prop::collection::vec(row(), 0..20)) {
            let lines: Vec<&str> = rows.iter().map(|(line, _)| line.as_str()).collect();
            let text = format!(
                "start_date_local,type,moving_time,distance,average_heartrate,icu_training_load\n{}\n",
                lines.join("\n")
            );
            let file = parse(Path::new("p.csv"), text.as_bytes(), &options()).unwrap();
            let not_blank = rows.iter().filter(|(_, blank)| !blank).count();
            prop_assert_eq!(file.rows_read, not_blank);
            prop_assert_eq!(file.sessions.len() + file.rejected.len(), not_blank);
            for e in &file.rejected {
                prop_assert!(e.to_string().starts_with("p.csv:"), "{}", e);
            }
            let merged = merge(&[], file.sessions.clone());
            prop_assert_eq!(merged.added + merged.duplicates, file.sessions.len());
            let again = merge(&merged.sessions, file.sessions);
            prop_assert_eq!(again.added, 0);
        }

        #[test]
        fn no_input_makes_any_reader_panic(text in "[a-zA-Z0-9 ,;:\"\n./()-]{0,200}", format in 0usize..9) {
            let options = ImportOptions {
                format: Some(Format::ALL[format]),
                mapping: (Format::ALL[format] == Format::Generic)
                    .then(|| ColumnMap::parse("date=a,sport=b,duration=c").unwrap()),
                ..options()
            };
            let header = "a,b,c,Date,Exercise Name,Set Order,Weight,Reps,title,start_time,end_time,exercise_title,set_type\n";
            let _ = parse(Path::new("p.csv"), format!("{header}{text}").as_bytes(), &options);
            let _ = parse(Path::new("p.csv"), text.as_bytes(), &options);
        }
    }
}
