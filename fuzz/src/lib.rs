//! The checks behind every fuzz target, one public function per target.
//!
//! Each function takes the fuzzer's bytes, runs one entry point of the library and
//! panics when the library panics or breaks one of its promises:
//!
//! - an error names the file it is about (`fuzz.csv...`);
//! - a history that parses is written back and read again unchanged (rewriting the
//!   history during an import loses nothing);
//! - every session an import finds is a valid history row that reads back unchanged,
//!   and importing the same sessions again adds nothing;
//! - the analysis and the plan hold no NaN or infinity, and their JSON is valid.
//!
//! The same file is compiled into `tests/fuzz_regressions.rs` (with `#[path]`), which
//! runs every saved crashing input and every seed file through these functions on
//! each `cargo test`, so a fixed crash stays fixed without cargo-fuzz installed.

use std::path::Path;

use chrono::NaiveDate;
use crampless::config::AcwrMethod;
use crampless::history::{self, ReadOptions};
use crampless::import::{self, ColumnMap, Format, ImportOptions};
use crampless::plan::{Goal, GoalMeasure, PlanOptions};
use crampless::render::Style;
use crampless::{AnalysisOptions, Config, Error, Session};

/// What a target runs on the fuzzer's bytes.
pub type Check = fn(&[u8]);

/// Every target by name, as `tests/fuzz_regressions.rs` finds them.
pub const TARGETS: &[(&str, Check)] = &[
    ("history_parse", history_parse),
    ("import_detect", import_detect),
    ("import_strava", import_strava),
    ("import_garmin", import_garmin),
    ("import_trainingpeaks", import_trainingpeaks),
    ("import_intervals", import_intervals),
    ("import_strong", import_strong),
    ("import_hevy", import_hevy),
    ("import_fitnotes", import_fitnotes),
    ("import_canonical", import_canonical),
    ("import_generic", import_generic),
    ("pipeline", pipeline),
    ("config", config),
    ("import_archive", import_archive),
    ("import_folder", import_folder),
];

/// The name every input is read under; messages must name it.
const FILE: &str = "fuzz.csv";

/// A fixed "today", so a run does not depend on the date (dates after it are typos).
fn latest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 31).expect("valid date")
}

fn read_options() -> ReadOptions {
    ReadOptions {
        latest_date: latest_date(),
        keep_text: true,
    }
}

/// An error must say which file it is about (the request errors of `Invalid` have
/// no file), and stay short enough to read whatever the input.
fn assert_names_the_file(error: &Error, file: &str) {
    let message = error.to_string();
    if !matches!(error, Error::Invalid(_)) {
        assert!(message.starts_with(file), "error does not name {file}: {message}");
    }
    assert!(
        message.len() < 4096,
        "error message of {} bytes: {}",
        message.len(),
        &message[..message.len().min(600)]
    );
}

/// Panic with the first session that differs (not all of them: fuzz inputs are big).
fn assert_same_sessions(before: &[Session], after: &[Session], what: &str) {
    assert_eq!(before.len(), after.len(), "{what}: session count");
    if let Some((a, b)) = before.iter().zip(after).find(|(a, b)| a != b) {
        panic!("{what}:\nbefore: {a:?}\nafter:  {b:?}");
    }
}

/// `crampless::history::parse`: errors name the file; the index by athlete
/// (`history::Indexed`) gives the same error or the same sessions; a parsed history
/// rewrites to a file that reads back as the same sessions.
pub fn history_parse(data: &[u8]) {
    // A big file is read in one chunk per core: in 2 to 5 chunks, the same error or
    // the same sessions as in one, wherever the cuts fall (quotes as text included).
    let parts = 2 + data.len() % 4;
    let chunked = history::parse_in_parts(Path::new(FILE), data, read_options(), parts);
    let whole = history::parse_in_parts(Path::new(FILE), data, read_options(), 1);
    match (&chunked, &whole) {
        (Ok(a), Ok(b)) => assert_same_sessions(&b.sessions, &a.sessions, "a read in chunks differs"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "a read in chunks errs differently"),
        _ => panic!(
            "a read in {parts} chunks and in one disagree: {:?} vs {:?}",
            chunked.is_ok(),
            whole.is_ok()
        ),
    }
    // The index `check` reads a club's history with must say exactly what the whole
    // read says: the same error, or the same sessions athlete by athlete.
    let indexed = history::Indexed::new(Path::new(FILE), data.to_vec(), read_options(), None);
    let parsed = match history::parse(Path::new(FILE), data, read_options()) {
        Ok(parsed) => parsed,
        Err(e) => {
            assert!(stream(data).is_none(), "a history the whole read refuses was streamed");
            let other = indexed.expect_err("the index accepts a history the whole read refuses");
            assert_eq!(
                other.to_string(),
                e.to_string(),
                "the index and the whole read disagree"
            );
            return assert_names_the_file(&e, FILE);
        }
    };
    let index = indexed.unwrap_or_else(|e| panic!("the index refuses a history the whole read accepts: {e}"));
    let mut from_index = Vec::new();
    for athlete in index.athletes() {
        from_index.extend(index.sessions(athlete).expect("an indexed athlete reads back"));
    }
    // The index gives athletes in name order, each athlete's sessions in file order,
    // and keeps no cells as written (it is never written back).
    let mut whole: Vec<Session> = parsed.sessions.iter().map(Session::without_as_written).collect();
    whole.sort_by(|a, b| a.athlete.cmp(&b.athlete));
    assert_same_sessions(&whole, &from_index, "the index read sessions differently");
    // Read as it goes, cut into blocks anywhere, a history grouped by athlete in
    // name order is the index's; any other is left to the index.
    let streamed = stream(data);
    let names: Vec<&str> = parsed.sessions.iter().map(|s| s.athlete.as_str()).collect();
    let mut runs = names.clone();
    runs.dedup();
    let grouped = runs.windows(2).all(|w| w[0] < w[1]);
    match streamed {
        Some(sessions) => {
            assert!(grouped, "a history not grouped by athlete was streamed");
            assert_same_sessions(&from_index, &sessions, "the stream read sessions differently");
        }
        // A quote inside a field may end a stream early (it is then read another
        // way); without quotes, a grouped file is always streamed.
        None => assert!(!grouped || data.contains(&b'"'), "a grouped history was not streamed"),
    }
    assert!(!parsed.sessions.is_empty(), "a history that parses has sessions");
    let mut written = Vec::new();
    history::write_csv(&mut written, &parsed.sessions).expect("writing to memory");
    let again = history::parse(Path::new("rewritten.csv"), &written, read_options())
        .unwrap_or_else(|e| panic!("the rewritten history does not read back: {e}"));
    assert_same_sessions(&parsed.sessions, &again.sessions, "rewriting the history changed it");
}

/// The sessions of `data` streamed athlete by athlete from a file, in blocks of
/// a size taken from the data; `None` when it is to be read another way.
fn stream(data: &[u8]) -> Option<Vec<Session>> {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join(FILE);
    std::fs::write(&path, data).expect("writing the temp file");
    let first = 1 + data.len() % 53;
    let mut sessions = Vec::new();
    let outcome =
        history::stream::by_athlete_in_blocks(&path, read_options(), None, (first, 4 * first), |groups, _| {
            sessions.extend(groups.into_iter().flat_map(|g| g.sessions));
            Ok::<(), ()>(())
        })
        .expect("the taker never fails");
    matches!(outcome, history::stream::Outcome::Streamed(_)).then_some(sessions)
}

/// Detection from the header, then whichever converter it picks.
pub fn import_detect(data: &[u8]) {
    check_import(data, &import_options(None, None));
}

pub fn import_strava(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Strava), None));
}

pub fn import_garmin(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Garmin), None));
}

pub fn import_trainingpeaks(data: &[u8]) {
    check_import(data, &import_options(Some(Format::TrainingPeaks), None));
}

pub fn import_intervals(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Intervals), None));
}

pub fn import_strong(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Strong), None));
}

pub fn import_hevy(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Hevy), None));
}

pub fn import_fitnotes(data: &[u8]) {
    check_import(data, &import_options(Some(Format::FitNotes), None));
}

pub fn import_canonical(data: &[u8]) {
    check_import(data, &import_options(Some(Format::Canonical), None));
}

/// The first line is the `--map` text, the rest the spreadsheet.
pub fn import_generic(data: &[u8]) {
    let (map, file) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(map) = std::str::from_utf8(map) else { return };
    let Ok(mapping) = ColumnMap::parse(map) else { return };
    check_import(file, &import_options(Some(Format::Generic), Some(mapping)));
}

fn import_options(format: Option<Format>, mapping: Option<ColumnMap>) -> ImportOptions {
    ImportOptions {
        format,
        mapping,
        // A zone with daylight saving, so local-day conversion is exercised.
        zone: "Australia/Sydney".parse().expect("a known zone"),
        latest_date: latest_date(),
        ..ImportOptions::default()
    }
}

/// What `crampless import` does with one file, minus the file system: convert,
/// merge into an empty history, write it, read it back, import again.
fn check_import(data: &[u8], options: &ImportOptions) {
    let file = match import::parse(Path::new(FILE), data, options) {
        Ok(file) => file,
        Err(e) => return assert_names_the_file(&e, FILE),
    };
    for e in &file.rejected {
        assert_names_the_file(e, &format!("{FILE}:"));
    }
    if file.sessions.is_empty() {
        return;
    }
    let history = through_a_history_file(&file.sessions);
    let again = import::merge(&history, file.sessions);
    assert_eq!(again.added, 0, "importing the same file twice added sessions");
}

/// The members of an archive or folder made from fuzz bytes: `name NUL length
/// content ...`, the length two bytes big-endian (content may hold NULs: FIT, zip). A
/// name starting with `gz:` has its content gzipped. At most 16 members.
fn members(mut data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut members = Vec::new();
    while let Some(end) = data.iter().position(|&b| b == 0) {
        if members.len() == 16 || data.len() < end + 3 {
            break;
        }
        let name = String::from_utf8_lossy(&data[..end]).into_owned();
        let length = usize::from(u16::from_be_bytes([data[end + 1], data[end + 2]]));
        let rest = &data[end + 3..];
        let content = &rest[..length.min(rest.len())];
        data = &rest[content.len()..];
        let (name, content) = match name.strip_prefix("gz:") {
            Some(name) => (name.to_string(), gzip(content)),
            None => (name, content.to_vec()),
        };
        if !name.is_empty() {
            members.push((name, content));
        }
    }
    members
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// A Strava archive (zip) made from fuzz bytes (see [`members`]; the first byte picks
/// stored or deflated members), imported as `fuzz.zip`: no panic, no second level of
/// archive, errors name the file, and what is found is a valid history.
pub fn import_archive(data: &[u8]) {
    use std::io::Write;
    let Some((&flags, data)) = data.split_first() else {
        return;
    };
    let method = if flags & 1 == 0 {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in members(data) {
        // A name the zip writer refuses (a duplicate) is left out.
        if writer.start_file(name, options).is_ok() {
            writer.write_all(&content).expect("writing to memory");
        }
    }
    let Ok(zip) = writer.finish() else { return };
    let bytes = zip.into_inner();
    let options = import_options(None, None);
    let file = match import::parse(Path::new("fuzz.zip"), &bytes, &options) {
        Ok(file) => file,
        Err(e) => return assert_names_the_file(&e, "fuzz.zip"),
    };
    check_found(file, "fuzz.zip");
}

/// An unzipped export folder made from fuzz bytes (see [`members`]), in a temporary
/// folder, imported through the file system: a name starting with `link:` becomes a
/// symbolic link to its content (a path), `fifo:` a FIFO. No panic, no hang on the
/// FIFO, nothing read through a link, errors name the folder.
pub fn import_folder(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path().join("export");
    let Ok(()) = std::fs::create_dir(&root) else { return };
    for (name, content) in members(data) {
        // Only names inside the folder: the fuzzer must not write elsewhere.
        let relative = Path::new(&name);
        let plain = |p: &Path| p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        let (kind, relative) = if let Ok(rest) = relative.strip_prefix("link:") {
            ("link", rest)
        } else if let Ok(rest) = relative.strip_prefix("fifo:") {
            ("fifo", rest)
        } else {
            ("file", relative)
        };
        if !plain(relative) || relative.as_os_str().len() > 200 {
            continue;
        }
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = match kind {
            "link" => make_link(&String::from_utf8_lossy(&content), &path),
            "fifo" => make_fifo(&path),
            _ => std::fs::write(&path, &content),
        };
    }
    let options = import_options(None, None);
    let expanded = match import::expand_folders(std::slice::from_ref(&root)) {
        Ok(expanded) => expanded,
        Err(e) => return assert_names_the_file(&e, &root.display().to_string()),
    };
    for path in &expanded.files {
        match import::read_file(path, &options) {
            Ok(file) => check_found(file, &path.display().to_string()),
            Err(e) => assert_names_the_file(&e, &path.display().to_string()),
        }
    }
}

#[cfg(unix)]
fn make_link(target: &str, path: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, path)
}

#[cfg(unix)]
fn make_fifo(path: &Path) -> std::io::Result<()> {
    let status = std::process::Command::new("mkfifo").arg(path).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other("mkfifo failed"))
    }
}

#[cfg(not(unix))]
fn make_link(_: &str, _: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn make_fifo(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// What every import promises of what it found (see [`check_import`]).
fn check_found(file: import::ImportedFile, name: &str) {
    for e in &file.rejected {
        assert_names_the_file(e, name);
    }
    if !file.sessions.is_empty() {
        through_a_history_file(&file.sessions);
    }
}

/// Merge `sessions` (at least one) into an empty history, write it and read it
/// back: every session is added or a duplicate, and comes back unchanged. Returns
/// the sessions read back.
fn through_a_history_file(sessions: &[Session]) -> Vec<Session> {
    let merged = import::merge(&[], sessions.to_vec());
    assert_eq!(merged.added + merged.duplicates, sessions.len());
    let mut written = Vec::new();
    history::write_csv(&mut written, &merged.sessions).expect("writing to memory");
    let history = history::parse(Path::new("history.csv"), &written, read_options())
        .unwrap_or_else(|e| panic!("an import wrote a history that does not read back: {e}"));
    assert_same_sessions(
        &merged.sessions,
        &history.sessions,
        "imported sessions changed on the way through the history file",
    );
    history.sessions
}

/// Reads fuzz bytes as small numbers; past the end every read is 0.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from(self.u8()) << 8 | u16::from(self.u8())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

const SPORTS: [&str; 10] = [
    "run",
    "ride",
    "strength",
    "swim",
    "walk",
    "hike",
    "row",
    "yoga",
    "Running",
    "virtual ride",
];
const GROUPS: [&str; 4] = ["legs", "core", "back", "arms"];

/// A valid history made from fuzz bytes: up to two athletes, sessions over about
/// three years with every optional column, written as CSV. Every value is in range,
/// so it must parse.
fn history_from(bytes: &mut Bytes) -> String {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
    let mut csv = String::from(
        "athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp\n",
    );
    let mut rows = 0;
    while !bytes.is_empty() && rows < 2000 {
        rows += 1;
        let athlete = if bytes.u8().is_multiple_of(4) { "ana" } else { "me" };
        let date = first + chrono::Days::new(u64::from(bytes.u16() % 1000));
        let sport = SPORTS[usize::from(bytes.u8()) % SPORTS.len()];
        let minutes = f64::from(bytes.u16() % 1440 + 1) / if bytes.u8().is_multiple_of(2) { 1.0 } else { 4.0 };
        let flags = bytes.u8();
        let optional = |bit: u8, text: String| if flags & bit != 0 { text } else { String::new() };
        let distance = optional(1, format!("{}", f64::from(bytes.u16()) / 100.0));
        let rpe = optional(2, format!("{}", f64::from(bytes.u8() % 21) / 2.0));
        let hr = optional(4, format!("{}", 40 + bytes.u8() % 200));
        let tonnage = optional(8, format!("{}", bytes.u16()));
        let groups_mask = bytes.u8();
        let groups: Vec<&str> = GROUPS
            .iter()
            .enumerate()
            .filter(|(i, _)| groups_mask & (1 << i) != 0)
            .map(|(_, g)| *g)
            .collect();
        let temperature = optional(16, format!("{}", i16::from(bytes.u8() % 101) - 40));
        let humidity = optional(32, format!("{}", bytes.u8() % 101));
        let cramp = ["", "none", "mild", "severe"][usize::from(bytes.u8() % 4)];
        csv.push_str(&format!(
            "{athlete},{date},{sport},{minutes},{distance},{rpe},{hr},{tonnage},{},{temperature},{humidity},{cramp}\n",
            groups.join(";")
        ));
    }
    csv
}

/// The whole pipeline on a history made from the fuzz bytes: parse, analyse with
/// each ACWR method, render every `check` format, plan with fuzzed options, render
/// every `plan` format.
pub fn pipeline(data: &[u8]) {
    let mut bytes = Bytes(data);
    let method = [AcwrMethod::Rolling, AcwrMethod::Uncoupled, AcwrMethod::Ewma][usize::from(bytes.u8() % 3)];
    let as_of_shift = bytes.u8();
    let plan_bytes = [bytes.u8(), bytes.u8(), bytes.u8(), bytes.u8(), bytes.u8(), bytes.u8()];
    let hr_max = bytes.u8();
    let csv = history_from(&mut bytes);
    let history = match history::parse(Path::new(FILE), csv.as_bytes(), read_options()) {
        Ok(history) => history,
        // No rows: the fuzz input was too short.
        Err(e) if e.to_string().contains("no sessions") => return,
        Err(e) => panic!("a generated history did not parse: {e}\n{csv}"),
    };
    let mut config = Config::default();
    config.acwr.method = method;
    if hr_max >= 100 {
        config.load.hr_max = Some(f64::from(hr_max));
    }
    let last = history.sessions.iter().map(|s| s.date).max().expect("sessions");
    // Sometimes assess a few days after the last session, sometimes before it.
    let as_of = match as_of_shift % 4 {
        0 => None,
        1 => Some(last + chrono::Days::new(u64::from(as_of_shift))),
        _ => Some(last - chrono::Days::new(u64::from(as_of_shift % 64))),
    };
    check_and_plan(&history, &config, as_of, plan_bytes);
}

/// `Config::from_toml` on fuzzed TOML; a config that loads must give finite
/// numbers on the example history and a plan that renders.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = match Config::from_toml(Path::new("crampless.toml"), text) {
        Ok(config) => config,
        Err(e) => return assert_names_the_file(&e, "crampless.toml"),
    };
    let example = include_bytes!("../../examples/history.csv");
    let history = history::parse(Path::new("history.csv"), example, read_options()).expect("the example history");
    check_and_plan(&history, &config, None, [4, 2, 10, 4, 30, 0]);
}

fn check_and_plan(history: &crampless::History, config: &Config, as_of: Option<NaiveDate>, plan_bytes: [u8; 6]) {
    let options = AnalysisOptions {
        as_of,
        athlete: None,
        ..AnalysisOptions::default()
    };
    let analysis = match crampless::analyze(history, config, &options) {
        Ok(analysis) => analysis,
        Err(e) => return assert_names_the_file(&e, FILE),
    };
    for report in &analysis.athletes {
        for day in &report.days {
            let values = [Some(day.load), day.acute, day.chronic, day.acwr];
            let pmc = [day.fitness, day.fatigue, day.form];
            assert!(
                values.iter().flatten().chain(&pmc).all(|v| v.is_finite()),
                "non-finite day metrics: {day:?}"
            );
        }
        for week in &report.weeks {
            let values = [
                Some(week.load),
                Some(week.minutes),
                Some(week.distance_km),
                week.tonnage_kg,
                week.intensity,
                week.monotony,
                week.strain,
                week.ramp_pct,
            ];
            assert!(
                values.iter().flatten().all(|v| v.is_finite()),
                "non-finite week: {week:?}"
            );
        }
    }
    use crampless::render::check::{self, Format as CheckFormat};
    for format in [
        CheckFormat::Text,
        CheckFormat::Json,
        CheckFormat::Markdown,
        CheckFormat::Csv,
    ] {
        let mut out = Vec::new();
        check::write(
            &mut out,
            &analysis,
            config,
            format,
            Style {
                color: true,
                ..Style::default()
            },
        )
        .expect("rendering to memory");
        if format == CheckFormat::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("check writes valid JSON");
        }
    }

    let [weeks, rest_days, ramp, deload_every, deload, goal] = plan_bytes;
    let plan_options = PlanOptions {
        weeks: usize::from(weeks % 53),
        as_of,
        rest_days: Some(usize::from(rest_days % 7)),
        ramp_pct: f64::from(ramp % 40),
        deload_every: usize::from(deload_every % 6),
        deload_pct: f64::from(deload),
        athlete: Some(analysis.athletes[0].athlete.clone()),
        goal: (!goal.is_multiple_of(3)).then(|| Goal {
            measure: if goal % 3 == 1 {
                GoalMeasure::Minutes
            } else {
                GoalMeasure::Load
            },
            weekly: f64::from(goal) * 25.0,
            by: goal
                .is_multiple_of(2)
                .then(|| analysis.as_of + chrono::Days::new(u64::from(goal))),
        }),
        ..PlanOptions::default()
    };
    let plan = match crampless::plan::build(history, config, &plan_options) {
        Ok(plan) => plan,
        Err(e) => return assert_names_the_file(&e, FILE),
    };
    for session in plan.sessions() {
        assert!(
            [session.duration_min, session.rpe, session.load]
                .iter()
                .all(|v| v.is_finite()),
            "non-finite planned session: {session:?}"
        );
    }
    use crampless::render::plan::{self as render_plan, Format as PlanFormat};
    // The narrowest width the text is wrapped at, so that wrapping is exercised too.
    let narrow = Style {
        color: true,
        width: crampless::render::MIN_WIDTH,
    };
    for format in [
        PlanFormat::Text,
        PlanFormat::Markdown,
        PlanFormat::Csv,
        PlanFormat::Json,
        PlanFormat::Ics,
    ] {
        let mut out = Vec::new();
        render_plan::write(&mut out, &plan, format, narrow).expect("rendering to memory");
        if format == PlanFormat::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("plan writes valid JSON");
        }
    }
}
