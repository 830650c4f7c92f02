//! Hostile and unlucky inputs (issue #14): nested archives, decompression and parser
//! bombs, quadratic paths, links, devices and FIFOs in export folders, and the watch
//! files that real devices write a little out of spec. Every input is made here, in
//! the test's temp folder: nothing big is committed.
//!
//! Runs that could hang or run away on a regression go through [`run_within`], which
//! kills the binary after a deadline; memory is bounded with `ulimit -v`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::workdir::{Run, Workdir};

/// Run `cmd` and check it used at most `cpu_seconds` of CPU (its own and its
/// children's, user and system): a quadratic path is a failure however busy the
/// machine is. A run still going after ten times that in wall-clock time (at least a
/// minute) is killed: a hang on a FIFO uses no CPU at all.
#[track_caller]
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which clippy does not see
fn run_within(mut cmd: Command, cpu_seconds: u64) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run crampless");
    let started = Instant::now();
    let wall = Duration::from_secs((cpu_seconds * 10).max(60));
    // Read the pipes on threads so a chatty child does not block on them.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).ok();
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).ok();
        buf
    });
    let pid = child.id() as libc::pid_t;
    loop {
        let mut status = 0;
        // SAFETY: plain out-parameters; the pid is our own child, reaped only here.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            let used = cpu(usage.ru_utime) + cpu(usage.ru_stime);
            eprintln!(
                "crampless used {used:.2} s of CPU in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            let output = std::process::Output {
                status: std::os::unix::process::ExitStatusExt::from_raw(status),
                stdout: out.join().unwrap(),
                stderr: err.join().unwrap(),
            };
            assert!(
                used <= cpu_seconds as f64,
                "crampless used {used:.1} s of CPU, more than {cpu_seconds} s: a quadratic path?\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            return Run(output);
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > wall {
            child.kill().ok();
            child.wait().ok();
            panic!("crampless still ran after {} s (killed): a hang?", wall.as_secs());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `crampless args...` in the folder under `ulimit -v` (KB of address space): a run
/// that needs more than that fails to allocate and aborts (exit 134), which the
/// caller's `expect_code` reports.
fn limited(wd: &Workdir, kilobytes: u64, args: &[&str]) -> Command {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    wd.shell(&format!("ulimit -v {kilobytes}; exec crampless {}", quoted.join(" ")))
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A gzip file that unpacks to `megabytes` MB of `pattern`: one member for 1 MB,
/// repeated (gzip members concatenate), so it is cheap to make.
fn gzip_bomb(pattern: &[u8], megabytes: usize) -> Vec<u8> {
    let mut one = Vec::with_capacity(1 << 20);
    while one.len() < 1 << 20 {
        one.extend_from_slice(pattern);
    }
    one.truncate(1 << 20);
    gzip(&one).repeat(megabytes)
}

/// The Strava `activities.csv` header, and rows with the columns the reader uses.
const STRAVA_HEADER: &str = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance";

fn strava_row(id: u64, date: &str, minutes: u32, file: &str) -> String {
    format!(
        "{id},\"{date}, 7:00:00 AM\",Morning Run,Run,,{},5.0,,,,,,{file},,,{},{},5000.0",
        minutes * 60,
        minutes * 60,
        minutes * 60
    )
}

fn strava_csv(rows: &[String]) -> String {
    format!("{STRAVA_HEADER}\n{}\n", rows.join("\n"))
}

/// A GPX run with `points` track points a second apart.
fn gpx_run(points: usize) -> String {
    let mut gpx = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>Morning Run</name><type>running</type><trkseg>\n",
    );
    for i in 0..points {
        gpx.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"13.400000\"><time>2026-11-20T07:{:02}:{:02}Z</time></trkpt>\n",
            52.5 + i as f64 * 0.00003,
            (i / 60) % 60,
            i % 60
        ));
    }
    gpx.push_str("</trkseg></trk></gpx>\n");
    gpx
}

// ---- Crash or runaway ----

#[test]
fn a_zip_nested_3000_deep_is_reported_not_opened() {
    let wd = Workdir::new();
    let csv = strava_csv(&[strava_row(1, "Nov 20, 2026", 30, "")]);
    let mut archive = zip_of(&[("activities.csv", csv.as_bytes())]);
    for _ in 0..3000 {
        archive = zip_of(&[("activities.csv", &archive)]);
    }
    wd.write("export.zip", &archive);
    let run = run_within(wd.command(&["import", "export.zip", "--into", "history.csv"]), 10);
    run.expect_code(2);
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "export.zip/activities.csv: is an archive inside the archive; archives are opened one level deep"
        ),
        "{stderr}"
    );
    assert!(!wd.exists("history.csv"));
}

#[test]
fn a_zip_or_gzip_inside_an_activity_file_of_an_archive_is_a_warning_naming_it() {
    let wd = Workdir::new();
    let inner = zip_of(&[("x.gpx", gpx_run(10).as_bytes())]);
    let csv = strava_csv(&[
        strava_row(1, "Nov 20, 2026", 30, "activities/1.gpx.gz"),
        strava_row(2, "Nov 21, 2026", 30, "activities/2.fit"),
    ]);
    let archive = zip_of(&[
        ("activities.csv", csv.as_bytes()),
        ("activities/1.gpx.gz", &gzip(&inner)),
        ("activities/2.fit", &inner),
    ]);
    wd.write("export.zip", archive);
    let run = run_within(wd.command(&["import", "export.zip", "--into", "history.csv"]), 10);
    run.expect_code(0);
    let stderr = run.stderr();
    for member in ["export.zip/activities/1.gpx.gz", "export.zip/activities/2.fit"] {
        assert!(
            stderr.contains(&format!("{member}: is an archive inside the archive")),
            "{member}: {stderr}"
        );
    }
    assert_eq!(wd.read("history.csv").lines().count(), 3);
}

#[test]
#[cfg(target_os = "linux")]
fn decompression_bombs_are_refused_at_64_mb_without_running_out_of_memory() {
    let wd = Workdir::new();
    // 300 MB of tiny CSV cells (inside the old 512 MB cap: the parser needed 2 GB+)
    // and 400 MB of TCX track points (9 GB in the XML tree), each a few hundred KB.
    wd.write("cells.csv.gz", gzip_bomb(b"1,\n", 300));
    let mut tcx = String::from("<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap>");
    tcx.push_str(&"<Trackpoint/>".repeat(80_000));
    let tcx = gzip_bomb(tcx.as_bytes(), 400);
    wd.write("points.tcx.gz", tcx);
    for (file, code) in [("cells.csv.gz", 2), ("points.tcx.gz", 0)] {
        let run = run_within(limited(&wd, 1_500_000, &["import", file, "--into", "history.csv"]), 20);
        run.expect_code(code);
        let all = run.stdout() + &run.stderr();
        assert!(
            all.contains(&format!(
                "{file}: is larger than 64 MB (unpacked); crampless reads at most that from one file"
            )),
            "{file}: {all}"
        );
    }
    // A file named on the command line is capped too: /dev/zero is not endless.
    let run = run_within(wd.command(&["import", "/dev/zero", "--into", "zero.csv"]), 10);
    run.expect_code(2);
    assert!(
        run.stderr().contains("/dev/zero: is larger than 64 MB"),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("zero.csv"));
}

#[test]
#[cfg(target_os = "linux")]
fn a_tcx_of_two_million_elements_under_the_size_cap_stays_within_a_small_multiple() {
    let wd = Workdir::new();
    // Just under the element budget, 30 MB: the tree must fit in 1.5 GB of address
    // space; just over it is refused before any tree is built.
    let head = "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Id>2026-11-20T07:00:00Z</Id><Lap StartTime=\"2026-11-20T07:00:00Z\"><TotalTimeSeconds>1800</TotalTimeSeconds><Track>";
    let tail = "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
    for (points, expected) in [
        (1_999_000, "sessions found      1"),
        (2_000_001, "has more than 2000000 XML elements"),
    ] {
        let tcx = format!("{head}{}{tail}", "<Trackpoint/>".repeat(points));
        wd.write("big.tcx.gz", gzip(tcx.as_bytes()));
        let run = run_within(
            limited(&wd, 1_500_000, &["import", "big.tcx.gz", "--into", "h.csv"]),
            20,
        );
        run.expect_code(0);
        assert!(run.stdout().contains(expected), "{points}: {}", run.stdout());
    }
}

#[test]
fn a_gpx_nested_100000_deep_is_refused_at_once() {
    let wd = Workdir::new();
    let depth = 100_000;
    let gpx = format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"x\">{}{}</gpx>",
        "<extensions>".repeat(depth),
        "</extensions>".repeat(depth)
    );
    wd.write("deep.gpx.gz", gzip(gpx.as_bytes()));
    let run = run_within(wd.command(&["import", "deep.gpx.gz", "--into", "history.csv"]), 5);
    run.expect_code(0);
    assert!(
        run.stdout()
            .contains("deep.gpx.gz: is not a readable GPX file: has XML elements nested more than 64 deep"),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_csv_with_20000_columns_is_refused_with_a_clear_error() {
    let wd = Workdir::new();
    let header: Vec<String> = (0..20_000).map(|i| format!("c{i}")).collect();
    let row = vec!["1"; 20_000].join(",");
    wd.write("wide.csv", format!("{}\n{row}\n", header.join(",")));
    let run = run_within(wd.command(&["import", "wide.csv", "--into", "history.csv"]), 5);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("wide.csv:1: has 20000 columns; crampless reads at most 1000 (is this an export?)"),
        "{}",
        run.stderr()
    );
    let run = run_within(wd.command(&["check", "wide.csv"]), 5);
    run.expect_code(2);
}

#[test]
fn a_csv_past_a_million_rows_or_16_million_cells_is_refused_naming_the_line() {
    let wd = Workdir::new();
    // 1,000,001 rows of one cell, and 17,000 rows of 1,000 (mostly empty) cells: small
    // gzipped, each was kept as a String a cell.
    let mut rows = String::from("date,sport,duration_min\n");
    rows.push_str(&"1\n".repeat(1_000_001));
    wd.write("rows.csv.gz", gzip(rows.as_bytes()));
    let mut cells = (0..1000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
    cells.push('\n');
    cells.push_str(&format!("1{}\n", ",".repeat(999)).repeat(17_000));
    wd.write("cells.csv.gz", gzip(cells.as_bytes()));
    for (file, message) in [
        (
            "rows.csv.gz",
            "rows.csv.gz:1000002: is past row 1000000; crampless reads at most 1000000 rows from one file",
        ),
        (
            "cells.csv.gz",
            "cells.csv.gz:16001: takes the file past 16 million cells; crampless reads at most that many from one file",
        ),
    ] {
        let run = run_within(limited(&wd, 1_000_000, &["import", file, "--into", "history.csv"]), 20);
        run.expect_code(2);
        assert!(run.stderr().contains(message), "{file}: {}", run.stderr());
    }
}

#[test]
fn an_archive_file_named_by_many_rows_is_read_once() {
    let wd = Workdir::new();
    // 1,000 sessions naming one 1 MB GPX: read once, a fraction of a second; read
    // per row (as before), minutes.
    let rows: Vec<String> = (0..1000)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(i);
            strava_row(
                1000 + i,
                &day.format("%b %-d, %Y").to_string(),
                30,
                "activities/big.gpx",
            )
        })
        .collect();
    let gpx = gpx_run(3600 * 2);
    assert!(gpx.len() > 500_000, "{}", gpx.len());
    let archive = zip_of(&[
        ("activities.csv", strava_csv(&rows).as_bytes()),
        ("activities/big.gpx", gpx.as_bytes()),
    ]);
    wd.write("export.zip", archive);
    let run = run_within(wd.command(&["import", "export.zip", "--into", "history.csv"]), 5);
    run.expect_code(0);
    assert!(
        run.stdout().contains("  added               1000\n"),
        "{}",
        run.stdout()
    );
}

/// `count` sessions of one athlete on one day, no two of them duplicates: durations 2
/// minutes apart, distances 2% apart, from `first_km` up.
fn same_day_sessions(count: usize, first_km: f64) -> String {
    let mut csv = String::from("athlete,date,sport,duration_min,distance_km\n");
    for i in 0..count {
        let minutes = 2 * (i % 700) + 1;
        let km = first_km * 1.02f64.powi((i / 700) as i32);
        csv.push_str(&format!("me,2026-11-20,run,{minutes},{km:.3}\n"));
    }
    csv
}

#[test]
fn importing_into_a_day_of_100000_sessions_is_not_quadratic() {
    // 20,000 new sessions, none a duplicate, into a history with 100,000 on the same
    // day: each was compared with the whole day (2 billion comparisons, 38 s of CPU
    // in a debug build); now with the few of its duration and distance.
    let wd = Workdir::new();
    wd.write("history.csv", same_day_sessions(100_000, 1.0));
    wd.write("day.csv", same_day_sessions(20_000, 20.0));
    let run = run_within(
        wd.command(&["import", "day.csv", "--format", "canonical", "--into", "history.csv"]),
        15,
    );
    run.expect_code(0);
    assert!(
        run.stdout().contains("  added               20000\n"),
        "{}",
        run.stdout()
    );
    // Again: each is the duplicate of its twin, found as fast.
    let run = run_within(
        wd.command(&["import", "day.csv", "--format", "canonical", "--into", "history.csv"]),
        15,
    );
    run.expect_code(0);
    assert!(
        run.stdout().contains("  duplicates skipped  20000\n"),
        "{}",
        run.stdout()
    );
}

#[test]
fn check_on_thousands_of_sessions_a_day_is_not_quadratic() {
    let wd = Workdir::new();
    let mut csv = String::from("athlete,date,sport,duration_min,distance_km\n");
    for day in 1..=30 {
        for i in 0..2000 {
            csv.push_str(&format!("me,2026-11-{day:02},run,{},{}\n", 10 + i % 90, 1 + i % 20));
        }
    }
    wd.write("busy.csv", csv);
    let run = run_within(wd.command(&["check", "busy.csv", "--format", "json"]), 10);
    run.expect_code(0);
}

#[test]
#[cfg(target_os = "linux")]
fn check_on_a_day_of_cramps_in_the_heat_lists_triggers_once_not_per_pair() {
    // 5,000 sessions on one day, each hot and each with a cramp: every cramp listed
    // every flag of its day (quadratic: 4 GB and counting for 5,000); now at most 10
    // triggers each, the rest counted.
    let wd = Workdir::new();
    let mut csv = String::from("athlete,date,sport,duration_min,temperature_c,cramp\n");
    for i in 0..5000 {
        csv.push_str(&format!("me,2026-11-20,run,{},35,mild\n", 20 + i % 60));
    }
    wd.write("hot.csv", csv);
    let run = run_within(limited(&wd, 1_000_000, &["check", "hot.csv", "--format", "json"]), 10);
    run.expect_code(0);
    let json = run.stdout();
    assert!(json.len() < 20 << 20, "{} bytes of JSON", json.len());
    let listed = format!(
        "{}heat (danger, 2026-11-20) and 4990 more\"",
        "heat (danger, 2026-11-20), ".repeat(9)
    );
    assert_eq!(json.matches(&listed).count(), 5000, "{}", &json[..json.len().min(2000)]);
    assert_eq!(json.matches("\"possible_triggers_not_listed\":4990").count(), 5000);
}

// ---- Links, devices and FIFOs in folders ----

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

#[test]
#[cfg(unix)]
fn an_export_folder_never_follows_links_nor_reads_devices_or_fifos() {
    use std::os::unix::fs::symlink;
    let wd = Workdir::new();
    wd.write("secret.txt", "TOPSECRET-do-not-echo\n");
    let csv = strava_csv(&[
        strava_row(1, "Nov 17, 2026", 30, "activities/1.gpx"),
        strava_row(2, "Nov 18, 2026", 31, "activities/2.fit"),
        strava_row(3, "Nov 19, 2026", 32, "activities/3.tcx"),
        strava_row(4, "Nov 20, 2026", 33, "activities/4.gpx"),
        strava_row(5, "Nov 21, 2026", 34, "linked/5.gpx"),
    ]);
    wd.write("export/activities.csv", csv);
    wd.write("export/activities/4.gpx", gpx_run(60));
    symlink(wd.path("secret.txt"), wd.path("export/activities/1.gpx")).unwrap();
    mkfifo(&wd.path("export/activities/2.fit"));
    symlink("/dev/zero", wd.path("export/activities/3.tcx")).unwrap();
    std::fs::create_dir(wd.path("elsewhere")).unwrap();
    wd.write("elsewhere/5.gpx", gpx_run(60));
    symlink(wd.path("elsewhere"), wd.path("export/linked")).unwrap();

    let run = run_within(wd.command(&["import", "export", "--into", "history.csv"]), 10);
    run.expect_code(0);
    let (stdout, stderr) = (run.stdout(), run.stderr());
    assert!(
        !stdout.contains("TOPSECRET") && !stderr.contains("TOPSECRET"),
        "{stdout}{stderr}"
    );
    for (file, what) in [
        ("activities/1.gpx", "is a symbolic link, not a regular file"),
        ("activities/2.fit", "is a FIFO, not a regular file"),
        ("activities/3.tcx", "is a symbolic link, not a regular file"),
        ("linked/5.gpx", "export/linked is not a folder (links are not followed)"),
    ] {
        assert!(stderr.contains(&format!("export/{file}: ")), "{file}: {stderr}");
        assert!(stderr.contains(what), "{file}: {what}: {stderr}");
    }
    assert!(stdout.contains("  added               5\n"), "{stdout}");

    // activities.csv itself as a link: refused, naming it.
    std::fs::rename(wd.path("export/activities.csv"), wd.path("real.csv")).unwrap();
    symlink(wd.path("real.csv"), wd.path("export/activities.csv")).unwrap();
    let run = run_within(wd.command(&["import", "export", "--into", "other.csv"]), 10);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("export/activities.csv: is a symbolic link, not a regular file"),
        "{}",
        run.stderr()
    );
}

#[test]
#[cfg(unix)]
fn an_activity_folder_skips_links_and_fifos_with_a_reason() {
    use std::os::unix::fs::symlink;
    let wd = Workdir::new();
    wd.write("secret.txt", "TOPSECRET-do-not-echo\n");
    wd.write("watch/run.gpx", gpx_run(60));
    symlink(wd.path("secret.txt"), wd.path("watch/leak.gpx")).unwrap();
    mkfifo(&wd.path("watch/pipe.fit"));
    symlink("/dev/zero", wd.path("watch/zero.tcx")).unwrap();
    let run = run_within(wd.command(&["import", "watch", "--into", "history.csv"]), 10);
    run.expect_code(0);
    let (stdout, stderr) = (run.stdout(), run.stderr());
    assert!(
        !stdout.contains("TOPSECRET") && !stderr.contains("TOPSECRET"),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("activity files: 1 (1 GPX)"), "{stdout}");
    for line in [
        "watch/leak.gpx: is a symbolic link, not a regular file; skipped",
        "watch/pipe.fit: is a FIFO, not a regular file; skipped",
        "watch/zero.tcx: is a symbolic link, not a regular file; skipped",
    ] {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
}

// ---- Real watch files ----

#[test]
fn a_tcx_multisport_session_gives_one_session_per_sport() {
    let wd = Workdir::new();
    let lap = |start: &str, seconds: u32, metres: u32| {
        format!(
            "<Lap StartTime=\"{start}\"><TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod></Lap>"
        )
    };
    let sport = |name: &str, start: &str, seconds: u32, metres: u32| {
        format!(
            "<Activity Sport=\"{name}\"><Id>{start}</Id>{}</Activity>",
            lap(start, seconds, metres)
        )
    };
    let tcx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities><MultiSportSession><Id>2026-11-21T08:00:00Z</Id><FirstSport>{}</FirstSport><NextSport><Transition StartTime=\"2026-11-21T08:30:00Z\"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>0</DistanceMeters><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod></Transition>{}</NextSport><NextSport>{}</NextSport></MultiSportSession></Activities></TrainingCenterDatabase>\n",
        sport("Biking", "2026-11-21T08:00:00Z", 1800, 15000),
        sport("Running", "2026-11-21T08:31:00Z", 2400, 8000),
        sport("Biking", "2026-11-21T09:12:00Z", 900, 7000)
    );
    wd.write("tri.tcx", tcx);
    let run = wd.run(&["import", "tri.tcx", "--into", "history.csv"]);
    run.expect_code(0);
    assert!(
        run.stdout().contains("  added               3\n")
            && run
                .stdout()
                .contains("  parts skipped       1 (multisport transitions)\n"),
        "{}",
        run.stdout()
    );
    let history = wd.read("history.csv");
    assert_eq!(history.lines().count(), 4, "{history}");
    for row in [
        "me,2026-11-21,ride,30,15,,,,,,,,,tcx:20261121T080000Z-ride",
        "me,2026-11-21,run,40,8,,,,,,,,,tcx:20261121T083100Z-run",
        "me,2026-11-21,ride,15,7,,,,,,,,,tcx:20261121T091200Z-ride",
    ] {
        assert!(history.contains(row), "{row}: {history}");
    }
}

/// A FIT activity (file_id, an event, a session) whose event message defines field 3
/// (`data`, uint32) with 1 byte, as COROS does: not whole values of its type.
/// `crc_ok` false spoils the file's CRC.
fn fit_with_misaligned_field(crc_ok: bool) -> Vec<u8> {
    const FIT_EPOCH: i64 = 631_065_600;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(7, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let t = u32::try_from(start - FIT_EPOCH).unwrap();
    let mut data = Vec::new();
    let define = |data: &mut Vec<u8>, local: u8, global: u16, fields: &[(u8, u8, u8)]| {
        data.extend_from_slice(&[0x40 | local, 0, 0]);
        data.extend_from_slice(&global.to_le_bytes());
        data.push(fields.len() as u8);
        for (number, size, base) in fields {
            data.extend_from_slice(&[*number, *size, *base]);
        }
    };
    // file_id: type (activity), manufacturer, serial number, time created.
    define(
        &mut data,
        0,
        0,
        &[(0, 1, 0x00), (1, 2, 0x84), (3, 4, 0x8C), (4, 4, 0x86)],
    );
    data.push(0);
    data.push(4);
    data.extend_from_slice(&294u16.to_le_bytes()); // coros
    data.extend_from_slice(&4242u32.to_le_bytes());
    data.extend_from_slice(&t.to_le_bytes());
    // event: timestamp, event, event type, and `data` (uint32) in 1 byte.
    define(
        &mut data,
        1,
        21,
        &[(253, 4, 0x86), (0, 1, 0x00), (1, 1, 0x00), (3, 1, 0x86)],
    );
    data.push(1);
    data.extend_from_slice(&t.to_le_bytes());
    data.extend_from_slice(&[0, 0, 7]);
    // session: timestamp, start, sport (cycling), sub sport, elapsed, timer (ms),
    // distance (cm), average heart rate.
    define(
        &mut data,
        2,
        18,
        &[
            (253, 4, 0x86),
            (2, 4, 0x86),
            (5, 1, 0x00),
            (6, 1, 0x00),
            (7, 4, 0x86),
            (8, 4, 0x86),
            (9, 4, 0x86),
            (16, 1, 0x02),
        ],
    );
    data.push(2);
    data.extend_from_slice(&(t + 3600).to_le_bytes());
    data.extend_from_slice(&t.to_le_bytes());
    data.extend_from_slice(&[2, 0]);
    data.extend_from_slice(&3_600_000u32.to_le_bytes());
    data.extend_from_slice(&3_500_000u32.to_le_bytes());
    data.extend_from_slice(&3_000_000u32.to_le_bytes());
    data.push(140);

    let mut file = vec![14, 0x20];
    file.extend_from_slice(&2132u16.to_le_bytes());
    file.extend_from_slice(&(data.len() as u32).to_le_bytes());
    file.extend_from_slice(b".FIT");
    let header_crc = fit_crc(&file);
    file.extend_from_slice(&header_crc.to_le_bytes());
    file.extend_from_slice(&data);
    let crc = fit_crc(&file) ^ u16::from(!crc_ok);
    file.extend_from_slice(&crc.to_le_bytes());
    file
}

/// The FIT CRC-16 (from the FIT SDK).
fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01,
        0x8801, 0x4400,
    ];
    bytes.iter().fold(0u16, |mut crc, &byte| {
        for nibble in [byte & 0xF, byte >> 4] {
            let tmp = TABLE[usize::from(crc & 0xF)];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ TABLE[usize::from(nibble)];
        }
        crc
    })
}

#[test]
fn a_fit_file_with_field_sizes_off_the_profile_imports_with_a_warning() {
    let wd = Workdir::new();
    wd.write("coros.fit", fit_with_misaligned_field(true));
    let run = wd.run(&["import", "coros.fit", "--into", "history.csv"]);
    run.expect_code(0);
    assert!(
        run.stderr().contains(
            "coros.fit: 1 field definition(s) have a size that is not whole values of their type (first: field 3 of message 21, 1 bytes of 4-byte values); those fields were read as raw bytes and ignored"
        ),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("ERROR"), "{}", run.stderr());
    let history = wd.read("history.csv");
    assert!(
        history.contains("\nme,2026-11-20,ride,58.33,30,,140,") && history.contains("fit:4242-20261120T070000Z"),
        "{history}"
    );

    // The same file with a wrong CRC is damaged: refused as such, not patched.
    wd.write("damaged.fit", fit_with_misaligned_field(false));
    let run = wd.run(&["import", "damaged.fit", "--into", "other.csv"]);
    run.expect_code(0);
    assert!(
        run.stdout()
            .contains("damaged.fit: is not a readable FIT file: its checksum does not match: the file is damaged"),
        "{}",
        run.stdout()
    );
}

/// The 22 real FIT, GPX and TCX files of `../shared/activity-samples` (not in the
/// repository: their licences are their projects'). A manual check, run with
/// `cargo test --test cli -- --ignored shared_activity_samples`; it fails when the
/// folder is missing, so it never passes by skipping. `CRAMPLESS_SAMPLES` names
/// another folder.
#[test]
#[ignore = "needs ../shared/activity-samples; run with --ignored"]
fn shared_activity_samples_each_import_or_are_skipped_with_a_reason() {
    let folder = std::env::var_os("CRAMPLESS_SAMPLES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/activity-samples"));
    assert!(folder.is_dir(), "{} is missing", folder.display());
    // Sessions each file must give; 0: not an activity, skipped with a reason.
    let expected: [(&str, usize, &str); 22] = [
        ("coros_pace2_ride.fit", 1, "ride"),
        ("course_route_only.tcx", 0, "has no <Activity>"),
        ("ecoach_three_segments.gpx", 1, "other"),
        ("edge500_ride_autopause.fit", 1, "ride"),
        ("fr305_multisport_session.tcx", 3, "ride"),
        ("fr735xt_pool_swim.fit", 1, "swim"),
        ("fr920xt_triathlon_chained.fit", 3, "swim"),
        ("fr920xt_two_runs.fit", 2, "run"),
        ("garminconnect_run_hr_with_route.gpx", 1, "run"),
        ("monitoring_not_activity.fit", 0, "not an activity"),
        ("movescount_suunto_hr.gpx", 1, "other"),
        ("polar_v800_offset_run.tcx", 1, "run"),
        ("pytrainer_gpxdata_hr_offset.gpx", 1, "other"),
        ("sigma_rox_ride_3laps.tcx", 1, "ride"),
        ("sigma_unfinished_nosession.fit", 0, "without a session summary"),
        ("strava_nachtlauf_hr_atemp.gpx", 1, "other"),
        ("strava_route_no_times.gpx", 0, "has no track with time stamps"),
        ("suunto_ambit3_run_nodistance.fit", 1, "run"),
        ("vivoactive_indoor_row.fit", 1, "row"),
        ("vivoactive_sup_other.tcx", 1, "other"),
        ("wahoo_elemnt_ride_cold.fit", 1, "ride"),
        ("zwift_virtual_ride_hr0.fit", 1, "ride"),
    ];
    for (name, sessions, what) in expected {
        let wd = Workdir::new();
        let bytes = std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        wd.write(name, bytes);
        let run = wd.run(&["import", name, "--into", "history.csv"]);
        run.expect_code(0);
        let stdout = run.stdout();
        assert!(
            stdout.contains(&format!("  added               {sessions}\n")),
            "{name}: {stdout}"
        );
        if sessions == 0 {
            assert!(stdout.contains(what), "{name}: {stdout}");
        } else {
            let history = wd.read("history.csv");
            assert!(history.contains(&format!(",{what},")), "{name}: {history}");
        }
    }
}
