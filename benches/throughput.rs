//! Benchmarks (divan): parsing, indexing by athlete (the session store `check`
//! uses for a shuffled file), streaming athlete by athlete (for a grouped one),
//! series and rules (the flags) for one athlete and for a club, `check` end
//! to end, a squad's report, `plan`, and `import`, against a floor: reading the same
//! bytes with the csv crate alone, every field touched, nothing computed. All in one
//! run.
//!
//! `cargo bench --bench throughput`; numbers and how to read them are in
//! docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use crampless::analysis::StreamedSquad;
use crampless::history::{History, Indexed, ReadOptions, stream};
use crampless::render::{Style, check};
use crampless::{AnalysisOptions, Config, Squad};

#[allow(dead_code)] // its `main` is the example's entry point, unused here
#[path = "../examples/gen_history.rs"]
mod gen_history;

fn main() {
    divan::main();
}

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// A generated history: `athletes` x 3 years (about 980 sessions per athlete).
fn generated(athletes: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    gen_history::generate(athletes, 3, 7, end(), &mut bytes).unwrap();
    bytes
}

static ONE: LazyLock<Vec<u8>> = LazyLock::new(|| generated(1));
static CLUB_10: LazyLock<Vec<u8>> = LazyLock::new(|| generated(10));
static CLUB_100: LazyLock<Vec<u8>> = LazyLock::new(|| generated(100));
static CLUB_1000: LazyLock<Vec<u8>> = LazyLock::new(|| generated(1000));

fn club(athletes: usize) -> &'static [u8] {
    match athletes {
        1 => &ONE,
        10 => &CLUB_10,
        100 => &CLUB_100,
        _ => &CLUB_1000,
    }
}

fn options() -> ReadOptions {
    ReadOptions {
        latest_date: end(),
        keep_text: false,
    }
}

fn parse(bytes: &[u8]) -> History {
    crampless::history::parse(Path::new("bench.csv"), bytes, options()).unwrap()
}

/// The floor: the csv crate alone, every field of every record touched.
#[divan::bench(args = [10, 100, 1000], sample_count = 10)]
fn csv_baseline(bencher: divan::Bencher, athletes: usize) {
    let bytes = club(athletes);
    bencher.counter(divan::counter::BytesCount::of_slice(bytes)).bench(|| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(black_box(bytes));
        let mut record = csv::ByteRecord::new();
        let mut touched = 0usize;
        while reader.read_byte_record(&mut record).unwrap() {
            for field in record.iter() {
                touched += field.len() + usize::from(field.first().copied().unwrap_or(0));
            }
        }
        touched
    });
}

/// Reading the canonical history: every cell validated and converted.
#[divan::bench(args = [10, 100, 1000], sample_count = 10)]
fn parse_history(bencher: divan::Bencher, athletes: usize) {
    let bytes = club(athletes);
    bencher
        .counter(divan::counter::BytesCount::of_slice(bytes))
        .bench(|| parse(black_box(bytes)));
}

/// Indexing by athlete: every cell validated (as `parse_history`), only each
/// athlete's row offsets kept.
#[divan::bench(args = [10, 100, 1000], sample_count = 10)]
fn index_history(bencher: divan::Bencher, athletes: usize) {
    let bytes = club(athletes);
    bencher
        .counter(divan::counter::BytesCount::of_slice(bytes))
        .bench(|| Indexed::new(Path::new("bench.csv"), black_box(bytes.to_vec()), options(), None).unwrap());
}

/// Reading every athlete's sessions back from the index, one athlete at a time.
#[divan::bench(args = [1000], sample_count = 10)]
fn sessions_from_index(bencher: divan::Bencher, athletes: usize) {
    let index = Indexed::new(Path::new("bench.csv"), club(athletes).to_vec(), options(), None).unwrap();
    bencher.bench(|| {
        index
            .athletes()
            .iter()
            .map(|a| index.sessions(a).unwrap().len())
            .sum::<usize>()
    });
}

/// Timeline, daily series, weekly table and every rule for the whole squad
/// (already parsed), reports dropped as they come.
#[divan::bench(args = [1, 1000], sample_count = 10)]
fn series_and_rules(bencher: divan::Bencher, athletes: usize) {
    let history = parse(club(athletes));
    let config = Config::default();
    bencher.bench(|| {
        let squad = Squad::new(&history, &AnalysisOptions::default()).unwrap();
        let mut flags = 0;
        squad
            .for_each_report(&config, |r| {
                flags += r.flags.len();
                Ok::<(), crampless::Error>(())
            })
            .unwrap();
        flags
    });
}

/// `check --format text` end to end: index, analyse, render into a sink.
#[divan::bench(args = [1, 10, 100, 1000], sample_count = 5)]
fn check_text_end_to_end(bencher: divan::Bencher, athletes: usize) {
    let bytes = club(athletes);
    let config = Config::default();
    bencher.counter(divan::counter::BytesCount::of_slice(bytes)).bench(|| {
        let index = Indexed::new(Path::new("bench.csv"), black_box(bytes.to_vec()), options(), None).unwrap();
        let squad = Squad::from_index(&index, &AnalysisOptions::default())
            .unwrap()
            .without_evidence();
        let mut out = std::io::sink();
        let mut renderer = check::Renderer::new(check::Format::Text, Style::default(), squad.as_of);
        renderer.begin(&mut out).unwrap();
        squad
            .for_each_report(&config, |r| renderer.athlete(&mut out, &r, &config))
            .unwrap();
        renderer.finish(&mut out).unwrap();
    });
}

/// The club as `import` writes it, grouped by athlete then date, in a file (what
/// `check` streams).
static GROUPED_1000: LazyLock<tempfile::TempPath> = LazyLock::new(|| {
    let text = std::str::from_utf8(club(1000)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut rows: Vec<&str> = lines.collect();
    // The generator writes no quoted field: the first two cells are athlete, date.
    rows.sort_by_key(|row| {
        let mut cells = row.splitn(3, ',');
        (cells.next().unwrap(), cells.next().unwrap())
    });
    let mut file = tempfile::NamedTempFile::new().unwrap();
    use std::io::Write;
    writeln!(file, "{header}").unwrap();
    for row in rows {
        writeln!(file, "{row}").unwrap();
    }
    file.into_temp_path()
});

/// Reading a grouped club as it goes, athlete by athlete (every cell validated
/// once), sessions counted and dropped.
#[divan::bench(sample_count = 10)]
fn stream_grouped_1000(bencher: divan::Bencher) {
    let path: &Path = &GROUPED_1000;
    bencher.bench(|| {
        let mut sessions = 0;
        let outcome = stream::by_athlete(path, options(), None, |groups, _| {
            sessions += groups.iter().map(|g| g.sessions.len()).sum::<usize>();
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(matches!(outcome, stream::Outcome::Streamed(_)));
        sessions
    });
}

/// `check --format text` end to end on the grouped club: streamed, analysed and
/// each report rendered on the core that made it, into a sink (as the binary does).
#[divan::bench(sample_count = 5)]
fn check_text_streamed_1000(bencher: divan::Bencher) {
    let path: &Path = &GROUPED_1000;
    let config = Config::default();
    let options = AnalysisOptions {
        as_of: Some(end()),
        ..AnalysisOptions::default()
    };
    bencher.bench(|| {
        let squad = StreamedSquad::new(&options).unwrap().without_evidence();
        let mut out = std::io::sink();
        let renderer = check::Renderer::new(check::Format::Text, Style::default(), end());
        let mut writer = renderer.clone();
        stream::by_athlete(path, self::options(), None, |groups, _| {
            squad.for_each_made(
                &groups,
                &config,
                |r| {
                    let mut body = Vec::new();
                    renderer.athlete_body(&mut body, &r, &config).map(|()| body)
                },
                |body| {
                    writer.separate(&mut out)?;
                    std::io::Write::write_all(&mut out, &body?)
                },
            )
        })
        .unwrap()
    });
}

/// A squad's report as a folder of pages (kept in memory): every athlete's plan,
/// charts and page, then the index.
#[divan::bench(args = [10, 100], sample_count = 3)]
fn squad_report_pages(bencher: divan::Bencher, athletes: usize) {
    let history = parse(club(athletes));
    let config = Config::default();
    bencher.bench(|| {
        let report = crampless::report::Report::new(&history, crampless::report::ReportOptions::default()).unwrap();
        let mut bytes = 0usize;
        report
            .write_pages(&config, &mut |_| {}, &mut |_, page| {
                bytes += page.len();
                Ok(())
            })
            .unwrap();
        bytes
    });
}

/// `plan` for one athlete with a 3-year history (4 weeks, self-check included).
#[divan::bench(sample_count = 20)]
fn plan_one_athlete(bencher: divan::Bencher) {
    let history = parse(club(1));
    let config = Config::default();
    bencher.bench(|| crampless::plan::build(&history, &config, &crampless::plan::PlanOptions::default()).unwrap());
}

/// Importing a large Strava export (the fixture's activities repeated to 50,000 rows).
#[divan::bench(sample_count = 10)]
fn import_strava_50k(bencher: divan::Bencher) {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/import/strava_activities.csv"
    ))
    .unwrap();
    let (header, rows) = fixture.split_once('\n').unwrap();
    let per_copy = rows
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count()
        .max(1);
    let mut export = format!("{header}\n");
    for _ in 0..50_000 / per_copy {
        export.push_str(rows);
        if !rows.ends_with('\n') {
            export.push('\n');
        }
    }
    let options = crampless::import::ImportOptions {
        zone: crampless::import::Zone::Fixed(chrono::FixedOffset::east_opt(0).unwrap()),
        ..Default::default()
    };
    bencher.counter(divan::counter::BytesCount::of_str(&export)).bench(|| {
        crampless::import::parse(Path::new("activities.csv"), black_box(export.as_bytes()), &options).unwrap()
    });
}
