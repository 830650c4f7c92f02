//! The activity-file fixtures in `tests/data/activity` (made by `make_fixtures.py`
//! there), session by session and field by field.

use std::path::{Path, PathBuf};

use super::*;
use crate::import::tests::support::show;
use crate::import::{ImportOptions, read_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/activity")
        .join(name)
}

fn berlin() -> ImportOptions {
    ImportOptions {
        zone: "Europe/Berlin".parse().unwrap(),
        latest_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        ..ImportOptions::default()
    }
}

fn import(name: &str, options: &ImportOptions) -> ImportedFile {
    read_file(&fixture(name), options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn shown(file: &ImportedFile) -> Vec<String> {
    file.sessions.iter().map(show).collect()
}

fn rejections(file: &ImportedFile) -> Vec<String> {
    let folder = format!("{}/", fixture("x").parent().unwrap().display());
    file.rejected
        .iter()
        .map(|e| e.to_string().replace(&folder, ""))
        .collect()
}

#[test]
fn fit_activity_field_by_field() {
    let file = import("run.fit", &berlin());
    assert_eq!(file.format, Format::Fit);
    assert_eq!(file.layout, "FIT activity, garmin fr945");
    assert_eq!((file.rows_read, file.rejected.len()), (1, 0));
    assert_eq!(
        shown(&file),
        // 23:40 UTC on the 4th is past midnight in Berlin; the timer time (50 min) is
        // the duration, the elapsed time and max HR go to the notes.
        [
            "me | 2026-01-05 | run | 50 | 10.022 | - | 151 | - | - | 21 | - | elapsed 55 min - max HR 178 | fit:3987654321-20260104T234000Z"
        ]
    );
    let la = ImportOptions {
        zone: "America/Los_Angeles".parse().unwrap(),
        ..berlin()
    };
    assert_eq!(import("run.fit", &la).sessions[0].date.to_string(), "2026-01-04");
}

#[test]
fn a_multisport_fit_file_gives_one_session_per_sport_and_skips_transitions() {
    let file = import("triathlon.fit", &berlin());
    assert_eq!((file.rows_read, file.skipped_other), (3, 2));
    assert_eq!(
        shown(&file),
        [
            "me | 2026-01-11 | swim | 29.83 | 1.5 | - | - | - | - | - | - | - | fit:3987654321-20260111T070000Z",
            "me | 2026-01-11 | ride | 64.67 | 40 | - | 141 | - | - | - | - | max HR 162 | fit:3987654321-20260111T070000Z/3",
            "me | 2026-01-11 | run | 39.83 | 10 | - | 158 | - | - | - | - | max HR 176 | fit:3987654321-20260111T070000Z/5",
        ]
    );
}

#[test]
fn a_fit_file_that_is_not_an_activity_is_rejected_with_its_kind() {
    let file = import("settings.fit", &berlin());
    assert_eq!(
        rejections(&file),
        ["settings.fit: is a FIT settings file, not an activity; nothing to import"]
    );
}

#[test]
fn gpx_track_field_by_field() {
    let file = import("run.gpx", &berlin());
    assert_eq!(file.format, Format::Gpx);
    assert_eq!(file.layout, "GPX track, StravaGPX");
    assert_eq!(
        shown(&file),
        // Strava's type 9 is a run; 18 one-minute steps of 300 m are moving time and
        // distance, the 5-minute stop between the segments is neither; heart rate and
        // air temperature come from the TrackPointExtension.
        [
            "me | 2026-01-07 | run | 18 | 5.404 | - | 154 | - | - | 8.5 | - | Morning Run - elapsed 24 min - max HR 168 | gpx:20260107T061500Z-run"
        ]
    );
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
}

#[test]
fn tcx_laps_field_by_field() {
    let file = import("ride.tcx", &berlin());
    assert_eq!(file.format, Format::Tcx);
    assert_eq!(file.layout, "TCX activity, Strava");
    assert_eq!(
        shown(&file),
        // Two laps: 60 + 30 min on the timer, 24 + 11.5 km, heart rate 141 and 150
        // weighted by lap time.
        [
            "me | 2026-01-09 | ride | 90 | 35.5 | - | 144 | - | - | - | - | Tempo on the canal path - elapsed 92 min - max HR 172 | tcx:20260109T150000Z-ride"
        ]
    );
}

#[test]
fn gzip_is_transparent() {
    let plain = import("ride.tcx", &berlin());
    let gzipped = import("ride.tcx.gz", &berlin());
    assert_eq!(gzipped.format, Format::Tcx);
    assert_eq!(gzipped.sessions, plain.sessions);
}

#[test]
fn strava_archive_fills_heart_rate_and_temperature_from_activity_files() {
    let file = import("strava_export.zip", &berlin());
    assert_eq!(file.format, Format::Strava);
    assert_eq!(file.layout, "archive, English headers, 99 columns");
    assert_eq!(
        shown(&file),
        [
            // HR from the CSV (149, not the file's 151); the temperature from the FIT file.
            "me | 2026-01-05 | run | 50 | 10.022 | - | 149 | - | - | 21 | - | Night Run | strava:17001",
            // Both from the FIT file.
            "me | 2026-01-06 | ride | 85 | 45.2 | - | 128 | - | - | 14 | - | Afternoon Ride | strava:17002",
            // Lap heart rates from the TCX (written with leading white space, as Strava does).
            "me | 2026-01-09 | ride | 90 | 35.5 | - | 144 | - | - | - | - | Canal Tempo | strava:17003",
            // Track-point heart rates from the GPX.
            "me | 2026-01-08 | walk | 30 | 2.002 | - | 101.5 | - | - | - | - | Lunch Walk | strava:17004",
            // A manual entry has no file.
            "me | 2026-01-09 | strength | 60 | - | - | - | - | - | - | - | Gym | strava:17005",
            // Its file is cut short: kept as the CSV has it.
            "me | 2026-01-10 | run | 30.83 | 5 | - | - | - | - | - | - | Easy Run | strava:17006",
        ]
    );
    assert_eq!(
        file.enrichment,
        Some(Enrichment {
            files_read: 4,
            heart_rate_added: 3,
            temperature_added: 2,
            files_missing: 0,
            files_unreadable: 1,
        })
    );
    assert!(file.rejected.is_empty());
    let folder = format!("{}/", fixture("x").parent().unwrap().display());
    let warnings: Vec<String> = file.warnings.iter().map(|w| w.replace(&folder, "")).collect();
    assert_eq!(
        warnings,
        [
            "strava_export.zip/activities/18006.fit.gz: is not a readable FIT file: it ends early: its header announces 225 bytes, the file has 60 (cut short in a download or copy?); the session is kept as the CSV has it"
        ]
    );
}

#[test]
fn progress_counts_the_files_and_the_activity_files_an_archive_opens() {
    use std::sync::atomic::{AtomicU64, Ordering};
    #[derive(Default)]
    struct Count {
        work: AtomicU64,
        done: AtomicU64,
    }
    impl crate::import::Progress for Count {
        fn add_work(&self, units: u64) {
            self.work.fetch_add(units, Ordering::Relaxed);
        }
        fn done(&self, units: u64) {
            self.done.fetch_add(units, Ordering::Relaxed);
        }
    }
    let count = Count::default();
    let paths = [fixture("run.fit"), fixture("strava_export.zip")];
    let files = crate::import::read_files(&paths, &berlin(), &count);
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].as_ref().unwrap().format, Format::Fit, "in the order given");
    // Two files, and the five activity files of sessions the CSV leaves incomplete.
    assert_eq!(count.work.into_inner(), 7);
    assert_eq!(count.done.into_inner(), 7);
}

#[test]
fn an_unzipped_strava_export_reads_the_same() {
    let zipped = import("strava_export.zip", &berlin());
    let folder = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(fixture("strava_export.zip")).unwrap()).unwrap();
    archive.extract(folder.path()).unwrap();
    let unzipped = read_file(folder.path(), &berlin()).unwrap();
    assert_eq!(unzipped.sessions, zipped.sessions);
    assert_eq!(unzipped.enrichment, zipped.enrichment);
}

#[test]
fn unreadable_files_are_one_rejection_each_not_an_error() {
    let truncated = import("truncated.fit", &berlin());
    assert_eq!(truncated.format, Format::Fit);
    assert!(truncated.sessions.is_empty());
    assert_eq!(
        rejections(&truncated),
        [
            "truncated.fit: is not a readable FIT file: it ends early: its header announces 225 bytes, the file has 112 (cut short in a download or copy?)"
        ]
    );
    let not_xml = import("not_xml.gpx", &berlin());
    assert_eq!(not_xml.format, Format::Gpx);
    assert_eq!(
        rejections(&not_xml),
        ["not_xml.gpx: is not a readable GPX file: it is not XML; it starts with \"Rate Limit Exceeded\""]
    );
}

#[test]
fn every_truncation_of_every_fixture_is_a_rejection_or_a_session_never_a_panic() {
    for name in ["run.fit", "run.gpx", "ride.tcx", "ride.tcx.gz"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for cut in 0..bytes.len() {
            let path = Path::new(name);
            let file = match crate::import::parse(path, &bytes[..cut], &berlin()) {
                Ok(file) => file,
                // Too short to tell it is an activity file: the CSV reader's error.
                Err(_) => continue,
            };
            assert_eq!(
                file.sessions.len() + file.rejected.len(),
                file.rows_read.max(1),
                "{name} cut at {cut}"
            );
        }
    }
}

#[test]
fn gpx_sports_from_the_type_or_the_track_name() {
    for (kind, name, want) in [
        (Some("running"), None, "run"),
        (Some("road_biking"), None, "ride"),
        (Some("trail_running"), Some("x"), "run"),
        (Some("9"), None, "run"),
        (Some("1"), Some("Afternoon Ride"), "ride"),
        (None, Some("Evening Weight Training"), "strength"),
        (None, Some("Lunch Walk"), "walk"),
        (None, Some("Wald und Wiese"), "other"),
        (Some(" "), None, "other"),
    ] {
        let sport = gpx::sport_name(kind, name);
        assert_eq!(crate::sport::canonical(&sport), want, "{kind:?} {name:?}");
    }
}

#[test]
fn files_are_recognised_by_their_bytes_before_their_names() {
    let fit = std::fs::read(fixture("run.fit")).unwrap();
    assert_eq!(sniff("run.gpx", &fit), Sniffed::Activity(Kind::Fit));
    assert_eq!(
        sniff(
            "x",
            b"\xef\xbb\xbf  <?xml version=\"1.0\"?>\n<!-- hi -->\n<gpx version=\"1.1\">"
        ),
        Sniffed::Activity(Kind::Gpx)
    );
    assert_eq!(
        sniff(
            "x",
            b"<?xml version=\"1.0\"?><ns:TrainingCenterDatabase xmlns:ns=\"x\">"
        ),
        Sniffed::Activity(Kind::Tcx)
    );
    assert_eq!(sniff("a.csv", b"\x1f\x8b\x08"), Sniffed::Gzip);
    assert_eq!(sniff("a.csv", b"PK\x03\x04"), Sniffed::Zip);
    assert_eq!(sniff("ride.TCX", b"garbage"), Sniffed::Activity(Kind::Tcx));
    assert_eq!(sniff("activities.csv", b"Activity ID,Activity Date"), Sniffed::Other);
}

#[test]
fn fit_sports_map_to_canonical_names() {
    for (sport, sub, want) in [
        ("running", "trail", "run"),
        ("cycling", "indoor_cycling", "ride"),
        ("e_biking", "generic", "ride"),
        ("training", "strength_training", "strength"),
        ("training", "cardio_training", "cardio training"),
        ("fitness_equipment", "indoor_rowing", "row"),
        ("fitness_equipment", "treadmill", "run"),
        ("cross_country_skiing", "generic", "cross country skiing"),
        ("generic", "generic", "other"),
    ] {
        let name = fit::sport_name(Some(sport.into()), Some(sub.into()));
        assert_eq!(crate::sport::canonical(&name), want, "{sport}/{sub}");
    }
}

#[test]
fn damaged_files_never_panic() {
    // A few random bytes overwritten, thousands of times (xorshift, fixed seed). Run with
    // more rounds this found a panic in fitparser on a bad header size, which
    // `fit::check_headers` now catches first.
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut random = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in ["run.fit", "run.gpx", "ride.tcx"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for _ in 0..2000 {
            let mut damaged = bytes.clone();
            for _ in 0..=random() % 4 {
                let at = random() as usize % damaged.len();
                damaged[at] = random() as u8;
            }
            if let Ok(file) = crate::import::parse(Path::new(name), &damaged, &berlin()) {
                assert!(file.sessions.len() + file.rejected.len() >= 1, "{name}");
            }
        }
    }
}
