//! Property tests of the metrics and of what `check` and `import` promise, on
//! generated loads and histories (issue 7). Plan invariants live in
//! `src/plan/tests.rs`; merge order and row accounting in `src/import/`.
//!
//! - constant daily load gives an ACWR of exactly 1 (within 1e-12) from day 27 on,
//!   for rolling and uncoupled, and for EWMA it converges to 1;
//! - multiplying every load by a positive constant leaves ACWR and monotony unchanged
//!   (within a relative 1e-9);
//! - rolling ACWR never exceeds 4.0 (the acute week is a quarter of the chronic window);
//! - no NaN or infinity reaches the JSON of `check`: every number in the analysis is
//!   finite, and the JSON has nulls only where the format documents them;
//! - an import written to the history and imported again adds nothing.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;

use crampless::config::{AcwrConfig, AcwrMethod};
use crampless::history::{self, ReadOptions};
use crampless::import::{self, Format, ImportOptions};
use crampless::render::Style;
use crampless::render::check::{self, Format as CheckFormat};
use crampless::series::acwr;
use crampless::weekly::monotony;
use crampless::{AnalysisOptions, Config, Cramp, History, Session};

const METHODS: [AcwrMethod; 3] = [AcwrMethod::Rolling, AcwrMethod::Uncoupled, AcwrMethod::Ewma];

fn config(method: AcwrMethod) -> AcwrConfig {
    AcwrConfig {
        method,
        ..AcwrConfig::default()
    }
}

/// A daily load: rest days (0) often, otherwise up to two long hard sessions.
fn daily_load() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 4 => 0.01f64..30_000.0]
}

/// `a` and `b` agree within a relative `tolerance` (both None, or both Some and close).
fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= tolerance * x.abs().max(y.abs()),
        _ => false,
    }
}

proptest! {
    #[test]
    fn constant_load_gives_acwr_exactly_one_from_day_27(load in 0.01f64..30_000.0, days in 28usize..400) {
        let loads = vec![load; days];
        for method in METHODS {
            let ratios = acwr(&loads, &config(method));
            prop_assert!(ratios[..27].iter().all(|r| r.acwr.is_none()), "{:?}", method);
            for (i, r) in ratios.iter().enumerate().skip(27) {
                let value = r.acwr.expect("chronic is filled from day 27 on");
                prop_assert!((value - 1.0).abs() <= 1e-12, "{:?} day {}: {}", method, i, value);
            }
        }
    }

    #[test]
    fn ewma_acwr_converges_to_one_under_constant_load(
        before in prop::collection::vec(daily_load(), 1..120),
        load in 0.01f64..30_000.0,
    ) {
        // Whatever came before, the EWMAs forget it geometrically: by a factor 0.75 a
        // day for the acute and 27/29 for the chronic average. After 600 days even a
        // start 3 million times the load (30000 against 0.01) is forgotten.
        let mut loads = before.clone();
        loads.extend(std::iter::repeat_n(load, 600));
        let ratios = acwr(&loads, &config(AcwrMethod::Ewma));
        let distance = |day: usize| (ratios[before.len() + day].acwr.unwrap() - 1.0).abs();
        prop_assert!(distance(599) <= 1e-9, "after 600 days: {}", distance(599));
        // Once the acute average has caught up (0.75^150 < 1e-18), the ratio only gets
        // closer to 1 as the chronic one follows.
        for day in (150..550).step_by(50) {
            prop_assert!(
                distance(day + 50) <= distance(day) + 1e-12,
                "day {}: {} then {}", day, distance(day), distance(day + 50)
            );
        }
    }

    #[test]
    fn scaling_every_load_leaves_acwr_and_monotony_unchanged(
        loads in prop::collection::vec(daily_load(), 28..150),
        factor in prop_oneof![0.001f64..1.0, 1.0f64..1000.0],
    ) {
        let scaled: Vec<f64> = loads.iter().map(|l| l * factor).collect();
        for method in METHODS {
            let (a, b) = (acwr(&loads, &config(method)), acwr(&scaled, &config(method)));
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                prop_assert!(close(x.acwr, y.acwr, 1e-9), "{:?} day {}: {:?} vs {:?}", method, i, x.acwr, y.acwr);
            }
        }
        for (week, scaled_week) in loads.windows(7).zip(scaled.windows(7)) {
            let (x, y) = (monotony(week.try_into().unwrap()), monotony(scaled_week.try_into().unwrap()));
            prop_assert!(close(x, y, 1e-9), "{:?}: {:?} vs {:?}", week, x, y);
        }
    }

    #[test]
    fn rolling_acwr_never_exceeds_four(
        loads in prop::collection::vec(
            prop_oneof![3 => Just(0.0), 1 => 0.0f64..1e-6, 2 => 0.01f64..30_000.0, 1 => Just(30_000.0)],
            28..200,
        ),
    ) {
        for (i, r) in acwr(&loads, &config(AcwrMethod::Rolling)).iter().enumerate() {
            if let Some(value) = r.acwr {
                prop_assert!(value <= 4.0, "day {}: {}", i, value);
            }
        }
    }
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(offset)
}

/// One session with every field the load model and the rules look at.
fn session() -> impl Strategy<Value = Session> {
    (
        (
            prop::sample::select(vec!["me", "ana"]),
            0u64..200,
            prop::sample::select(vec!["run", "ride", "strength", "swim", "walk", "yoga"]),
            prop_oneof![0.01f64..1440.0, Just(1440.0), Just(0.01)],
            prop::option::of(0.0f64..10.0),
            prop::option::of(20.0f64..250.0),
        ),
        (
            prop::option::of(0.0f64..10_000.0),
            prop::option::of(0.0f64..10_000_000.0),
            prop::option::of(-60.0f64..60.0),
            prop::option::of(0.0f64..100.0),
            prop::sample::select(vec![Cramp::None, Cramp::Mild, Cramp::Severe]),
            prop::sample::subsequence(vec!["legs", "core", "back"], 0..=3),
        ),
    )
        .prop_map(
            |((athlete, offset, sport, minutes, rpe, hr), (km, tonnage, temp, humidity, cramp, groups))| {
                let mut s = Session::new(athlete, day(offset), sport, minutes);
                s.rpe = rpe;
                s.avg_hr = hr;
                s.distance_km = km;
                s.tonnage_kg = tonnage;
                s.temperature_c = temp;
                s.humidity_pct = humidity;
                s.cramp = cramp;
                s.muscle_groups = groups.into_iter().map(str::to_string).collect();
                s
            },
        )
}

/// Keys whose value may be null in `check --format json`, and why.
const NULLABLE: &[&str] = &[
    // days: acute before day 6, chronic and acwr before day 27 or when chronic is 0.
    "acute",
    "chronic",
    "acwr",
    // weeks: no tonnage logged, no minutes, a partial or empty week, no previous load.
    "tonnage_kg",
    "intensity",
    "monotony",
    "strain",
    "ramp_pct",
    // flag evidence: humidity not logged (heat), no earlier session of the sport
    // (new-activity).
    "humidity_pct",
    "previous_session",
];

/// Every number is finite and every null is under a key in [`NULLABLE`]; `path` says
/// where, for the failure message.
fn check_json(value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Number(n) if n.as_f64().is_none_or(|f| !f.is_finite()) => Err(format!("{path}: {n}")),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_json(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().try_for_each(|(key, v)| {
            if v.is_null() && !NULLABLE.contains(&key.as_str()) {
                return Err(format!("{path}.{key} is null: a NaN or infinity turned into null?"));
            }
            check_json(v, &format!("{path}.{key}"))
        }),
        _ => Ok(()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_nan_or_infinity_reaches_the_json_of_check(
        sessions in prop::collection::vec(session(), 1..120),
        method in prop::sample::select(METHODS.to_vec()),
        hr_max in prop::option::of(100.0f64..250.0),
        as_of_shift in prop::option::of(0u64..60),
    ) {
        let mut config = Config::default();
        config.acwr.method = method;
        config.load.hr_max = hr_max;
        let last = sessions.iter().map(|s| s.date).max().unwrap();
        let options = AnalysisOptions {
            as_of: as_of_shift.map(|d| last + chrono::Days::new(d)),
            athlete: None,
            ..AnalysisOptions::default()
        };
        let history = History { sessions, warnings: vec![] };
        let analysis = crampless::analyze(&history, &config, &options).unwrap();
        for report in &analysis.athletes {
            for d in &report.days {
                let values = [d.load, d.fitness, d.fatigue, d.form];
                prop_assert!(values.iter().chain(d.acute.iter()).chain(&d.chronic).chain(&d.acwr).all(|v| v.is_finite()), "{:?}", d);
                if method == AcwrMethod::Rolling {
                    prop_assert!(d.acwr.is_none_or(|v| v <= 4.0), "{:?}", d);
                }
            }
        }
        let mut out = Vec::new();
        check::write(&mut out, &analysis, &config, CheckFormat::Json, Style::default()).unwrap();
        let json: Value = serde_json::from_slice(&out).expect("valid JSON");
        if let Err(e) = check_json(&json, "") {
            prop_assert!(false, "{}", e);
        }
    }
}

fn read_options() -> ReadOptions {
    ReadOptions {
        latest_date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        keep_text: true,
    }
}

/// A Strava bulk-export row (current layout, English, its repeated column names
/// included): id, date, type, times in seconds, distance in km then metres; now and then a value a real export can hold that
/// crampless must reject or drop (an impossible date, a negative time).
fn strava_row() -> impl Strategy<Value = String> {
    (
        1u64..1_000_000,
        prop_oneof![
            9 => (0u64..300, 1u32..13, any::<bool>()).prop_map(|(d, h, pm)| {
                format!("\"{}, {h}:07:00 {}\"", day(d).format("%b %-d, %Y"), if pm { "PM" } else { "AM" })
            }),
            1 => Just("\"Feb 30, 2025, 7:00:00 AM\"".to_string()),
        ],
        prop::sample::select(vec!["Run", "Ride", "Weight Training", "Swim", "Kitesurf"]),
        prop_oneof![9 => 60u32..20_000, 1 => Just(0)],
        prop::option::of(0u32..100_000),
        prop::sample::select(vec!["", "Pegasus", "a, b"]),
    )
        .prop_map(|(id, date, kind, seconds, metres, gear)| {
            let km = metres.map_or(String::new(), |m| format!("{:.2}", f64::from(m) / 1000.0));
            let metres = metres.map_or(String::new(), |m| m.to_string());
            format!("{id},{date},\"Morning {kind}\",{kind},{seconds},{km},\"{gear}\",{seconds},{seconds},{metres}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// What `crampless import` does twice, with the history file in between: the
    /// second import adds nothing, the history reads back exactly as merged, and every
    /// row of the export is a session or a rejection naming its line.
    #[test]
    fn importing_the_same_export_twice_through_the_history_file_adds_nothing(
        rows in prop::collection::vec(strava_row(), 1..40),
        existing in prop::collection::vec(session(), 0..10),
    ) {
        let export = format!(
            "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,Elapsed Time,Moving Time,Distance\n{}\n",
            rows.join("\n")
        );
        let options = ImportOptions {
            zone: "Europe/Berlin".parse().unwrap(),
            latest_date: read_options().latest_date,
            ..ImportOptions::default()
        };
        let file = import::parse(Path::new("activities.csv"), export.as_bytes(), &options).unwrap();
        prop_assert_eq!(file.format, Format::Strava);
        prop_assert_eq!(file.rows_read, rows.len());
        prop_assert_eq!(file.sessions.len() + file.rejected.len(), rows.len());
        for e in &file.rejected {
            prop_assert!(e.to_string().starts_with("activities.csv:"), "{}", e);
        }

        let mut history_file = Vec::new();
        let first = import::merge(&existing, file.sessions.clone());
        history::write_csv(&mut history_file, &first.sessions).unwrap();
        if first.sessions.is_empty() {
            return Ok(());
        }
        let history = history::parse(Path::new("history.csv"), &history_file, read_options()).unwrap();
        prop_assert_eq!(&history.sessions, &first.sessions);
        let second = import::merge(&history.sessions, file.sessions);
        prop_assert_eq!(second.added, 0);
        prop_assert_eq!(second.sessions.len(), history.sessions.len());
    }
}
