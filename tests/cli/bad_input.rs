//! The bad-input catalogue: every kind of broken history or export a user may hand
//! crampless, with the exact message each gives. Small inputs are committed under
//! `tests/data/bad/`; big ones (a 10 MB field, a million blank lines), a folder, a
//! dangling link and a FIFO cut off mid-row are made at test time.
//!
//! Each input is given three ways, each in a folder that must not change, byte for
//! byte (no output, no temp file, no `.bak`), unless the command could use the input:
//! 1. `check INPUT -o out.json`: exit 2, nothing on stdout, the exact message;
//! 2. `import hevy_kg.csv --into INPUT`: the same message (an import never writes
//!    over a history it cannot read), except that an empty or header-only history is
//!    a new one, which the import fills;
//! 3. `import INPUT --into history.csv --strict`: exit 2 with the import's message,
//!    or the rejected row listed on stdout; a semicolon file in history columns is a
//!    spreadsheet import reads.
//!
//! `docs/reliability.md` shows the catalogue as a table.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command};

use crate::workdir::{Run, Workdir};

const HISTORY: &str = "athlete,date,sport,duration_min\nme,2026-01-03,run,30\n";
const EXPORT: &str = "hevy_kg.csv";

/// What `import INPUT --into history.csv --strict` does.
enum Import {
    /// Exit 2 with this message, before anything is read into the history.
    Fails(&'static str),
    /// Exit 2 (`--strict`), the row listed on stdout with this reason.
    RejectsRow(String),
    /// Import can use it (exit 0): a semicolon file's sessions are added; a
    /// header-only file adds nothing, with a warning.
    Reads,
}

struct Case {
    input: &'static str,
    /// The message of `check` and of `import --into INPUT`, after "crampless: error: ".
    message: String,
    import: Import,
}

fn bad(input: &'static str, message: impl Into<String>, import: Import) -> Case {
    Case {
        input,
        message: message.into(),
        import,
    }
}

/// The inputs committed under tests/data/bad.
fn committed_cases() -> Vec<Case> {
    use Import::*;
    let duration = "is not a duration in minutes above 0 and at most 1440";
    // Reading a history accepts dates up to a year after today (later is a typo in
    // the year); an import nothing after tomorrow (a device with a wrong clock).
    let today = chrono::NaiveDate::parse_from_str(crate::workdir::TODAY, "%Y-%m-%d").unwrap();
    let latest = today + chrono::Days::new(366);
    let latest_import = today + chrono::Days::new(1);
    let iso = "is not a date; expected YYYY-MM-DD (e.g. 2026-03-01) or an ISO date-time (2026-03-01T07:30, \
               2026-03-01 07:30:00)";
    let semicolons = "missing required columns date, sport, duration_min; the header must name date, sport and \
                      duration_min (the header has no commas: the file looks semicolon-separated; crampless expects \
                      commas. To convert a semicolon-separated or decimal-comma spreadsheet: crampless import FILE \
                      --into HISTORY --format generic --map date=COLUMN,sport=COLUMN,duration=COLUMN)";
    let unclosed = "unclosed_quote.csv:2: a quoted field on this line is never closed, so the 2 lines after it \
                    would be read into it as one value; add the missing closing quote (\")";
    vec![
        bad(
            "empty.csv",
            "empty.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session",
            Fails("empty.csv: is empty; expected an export with a header row"),
        ),
        bad(
            "header_only.csv",
            "header_only.csv: has a header but no sessions; add one row per session below the header",
            // Nothing to import is not an error: a warning, and the history is not touched.
            Reads,
        ),
        bad(
            "missing_column.csv",
            "missing_column.csv:1: missing required column duration_min; the header must name date, sport and \
             duration_min",
            Fails("missing_column.csv: cannot tell which app wrote this file (header: \"date\", \"sport\", \"rpe\")"),
        ),
        bad(
            "duplicate_column.csv",
            "duplicate_column.csv:1: column \"date\" appears twice (fields 1 and 4); keep one",
            Fails("duplicate_column.csv:1: column \"date\" appears twice (fields 1 and 4); keep one"),
        ),
        bad("semicolons.csv", format!("semicolons.csv:1: {semicolons}"), Reads),
        bad(
            "semicolon_decimal_comma.csv",
            format!("semicolon_decimal_comma.csv:1: {semicolons}"),
            RejectsRow(format!(
                "semicolon_decimal_comma.csv:2: column duration_min: \"45,5\" {duration} (use a dot as the decimal \
                 separator: 8.5, not 8,5)"
            )),
        ),
        bad(
            "latin1.csv",
            "latin1.csv:2: byte 22 is not valid UTF-8; save the file as UTF-8 (it looks like Latin-1 or another \
             legacy encoding)",
            Fails(
                "latin1.csv:2: is not valid UTF-8; save the export as UTF-8 (it looks like Latin-1 or another legacy \
                 encoding)",
            ),
        ),
        bad(
            "too_many_fields.csv",
            "too_many_fields.csv:2: has 4 fields but the header has 3; check for a missing or extra comma, or quote \
             fields that contain commas",
            RejectsRow(
                "too_many_fields.csv:2: has 4 fields but the header has 3; a value probably contains an unquoted ','"
                    .into(),
            ),
        ),
        bad(
            "too_few_fields.csv",
            "too_few_fields.csv:2: has 2 fields but the header has 3; check for a missing or extra comma, or quote \
             fields that contain commas",
            RejectsRow(
                "too_few_fields.csv:2: column duration_min: \"\" is empty; expected the duration in minutes".into(),
            ),
        ),
        bad(
            "negative_duration.csv",
            format!("negative_duration.csv:2: column duration_min: \"-30\" {duration}"),
            RejectsRow(format!(
                "negative_duration.csv:2: column duration_min: \"-30\" {duration}"
            )),
        ),
        bad(
            "zero_duration.csv",
            format!("zero_duration.csv:2: column duration_min: \"0\" {duration}"),
            RejectsRow(format!("zero_duration.csv:2: column duration_min: \"0\" {duration}")),
        ),
        bad(
            "huge_duration.csv",
            format!("huge_duration.csv:2: column duration_min: \"100000\" {duration}"),
            RejectsRow(format!(
                "huge_duration.csv:2: column duration_min: \"100000\" {duration}"
            )),
        ),
        bad(
            "rpe_11.csv",
            "rpe_11.csv:2: column rpe: \"11\" is not a number from 0 to 10",
            RejectsRow("rpe_11.csv:2: column rpe: \"11\" is not a number from 0 to 10".into()),
        ),
        bad(
            "feb_30.csv",
            format!("feb_30.csv:2: column date: \"2026-02-30\" {iso}"),
            RejectsRow(format!("feb_30.csv:2: column date: \"2026-02-30\" {iso}")),
        ),
        bad(
            "day_first_date.csv",
            format!("day_first_date.csv:2: column date: \"31/12/2026\" {iso}"),
            RejectsRow(format!("day_first_date.csv:2: column date: \"31/12/2026\" {iso}")),
        ),
        bad(
            "future_date.csv",
            format!(
                "future_date.csv:2: column date: \"2999-01-05\" is in the future (after {latest}); a history holds \
                 sessions already done, so check the year"
            ),
            RejectsRow(format!(
                "future_date.csv:2: column date: \"2999-01-05\" is in the future (after {latest_import}); a history holds \
                 sessions already done, so check the year"
            )),
        ),
        bad("unclosed_quote.csv", unclosed, Fails(unclosed)),
        bad(
            "binary.png",
            "binary.png: is binary data, not CSV text (an image, a spreadsheet workbook such as .xlsx, or a .fit \
             recording?); expected a history CSV file",
            Fails(
                "binary.png: is binary data, not CSV text (an image, a spreadsheet workbook such as .xlsx, or a .fit \
                 recording?); expected an exported CSV file",
            ),
        ),
    ]
}

/// Every file in the folder with its bytes (other kinds of entry by kind only, so a
/// FIFO is never opened).
fn snapshot(wd: &Workdir) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(wd.root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().unwrap();
        let contents = if kind.is_file() {
            std::fs::read(entry.path()).unwrap()
        } else {
            format!("{kind:?} -> {:?}", std::fs::read_link(entry.path()).ok()).into_bytes()
        };
        files.insert(name, contents);
    }
    files
}

/// Run `args`, asserting that the folder is the same afterwards.
#[track_caller]
fn run_unchanged(wd: &Workdir, args: &[&str]) -> Run {
    let before = snapshot(wd);
    let run = wd.run(args);
    let after = snapshot(wd);
    assert!(
        before == after,
        "{args:?} changed the folder: {:?} -> {:?}\nstderr: {}",
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        run.stderr()
    );
    run
}

/// The `check` and `import --into INPUT` legs: exit 2, the message, nothing written.
#[track_caller]
fn assert_refused_as_history(wd: &Workdir, case: &Case) {
    let run = run_unchanged(wd, &["check", case.input, "-o", "out.json"]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "", "{}: check printed to stdout", case.input);
    assert_eq!(
        run.stderr(),
        format!("crampless: error: {}\n", case.message),
        "{}",
        case.input
    );

    if matches!(case.input, "empty.csv" | "header_only.csv") {
        return; // a new history: see `an_empty_or_header_only_history_is_a_new_one`
    }
    let run = run_unchanged(wd, &["import", EXPORT, "--into", case.input]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "", "{}: import --into printed to stdout", case.input);
    assert_eq!(
        run.stderr(),
        format!("crampless: error: {}\n", case.message),
        "{}",
        case.input
    );
}

/// The `import INPUT --into history.csv --strict` leg.
#[track_caller]
fn assert_import_outcome(wd: &Workdir, case: &Case) {
    let args = ["import", case.input, "--into", "history.csv", "--strict"];
    match &case.import {
        Import::Fails(message) => {
            let run = run_unchanged(wd, &args);
            run.expect_code(2);
            assert_eq!(run.stdout(), "", "{}", case.input);
            let stderr = run.stderr();
            assert!(
                stderr.starts_with(&format!("crampless: error: {message}")),
                "{}: {stderr}",
                case.input
            );
        }
        Import::RejectsRow(reason) => {
            let run = run_unchanged(wd, &args);
            run.expect_code(2);
            assert!(
                run.stdout()
                    .contains(&format!("  rows rejected       1\n    {reason}\n")),
                "{}: {}",
                case.input,
                run.stdout()
            );
            assert_eq!(
                run.stderr(),
                "crampless: error: --strict: 1 bad row (listed above); history.csv not changed\n",
                "{}",
                case.input
            );
        }
        Import::Reads => {
            wd.run(&args).expect_code(0);
        }
    }
}

fn folder_with(input: &str, contents: &[u8]) -> Workdir {
    let wd = Workdir::new();
    wd.write(input, contents);
    wd.write("history.csv", HISTORY);
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", EXPORT);
    wd
}

#[test]
fn every_committed_bad_input_gives_its_message_exit_2_and_changes_nothing() {
    let cases = committed_cases();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad");
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".gitattributes")
        .collect();
    committed.sort();
    let mut listed: Vec<String> = cases.iter().map(|c| c.input.to_string()).collect();
    listed.sort();
    assert_eq!(
        committed, listed,
        "every file in tests/data/bad has a case, and only those"
    );

    for case in &cases {
        let wd = folder_with(case.input, &std::fs::read(dir.join(case.input)).unwrap());
        assert_refused_as_history(&wd, case);
        assert_import_outcome(&wd, case);
    }
}

#[test]
fn an_empty_or_header_only_history_is_a_new_one() {
    for input in ["empty.csv", "header_only.csv"] {
        let wd = Workdir::new();
        wd.copy_from_repo(&format!("tests/data/bad/{input}"), input);
        wd.copy_from_repo("tests/data/import/hevy_kg.csv", EXPORT);
        let before = std::fs::read(wd.path(input)).unwrap();
        wd.run(&["import", EXPORT, "--into", input]).expect_code(0);
        assert!(
            wd.read(input).starts_with("athlete,date,sport,duration_min,"),
            "{input}"
        );
        assert_eq!(std::fs::read(wd.path(&format!("{input}.bak"))).unwrap(), before);
    }
}

#[test]
fn a_10_mb_field_is_shown_shortened() {
    let mut text = b"date,sport,duration_min\n2026-01-05,run,".to_vec();
    text.extend(std::iter::repeat_n(b'9', 10_000_000));
    text.push(b'\n');
    let wd = folder_with("big_field.csv", &text);
    let message = format!(
        "big_field.csv:2: column duration_min: \"{}\"... (10000000 bytes) is not a duration in minutes above 0 and \
         at most 1440",
        "9".repeat(60)
    );
    let case = bad("big_field.csv", message.clone(), Import::RejectsRow(message));
    assert_refused_as_history(&wd, &case);
    assert_import_outcome(&wd, &case);
}

#[test]
fn a_million_blank_lines_keep_the_line_numbers_right() {
    let mut text = b"date,sport,duration_min,rpe\n".to_vec();
    text.extend(std::iter::repeat_n(b'\n', 1_000_000));
    text.extend(b"2026-01-05,run,30,11\n");
    let wd = folder_with("blank_lines.csv", &text);
    let message = "blank_lines.csv:1000002: column rpe: \"11\" is not a number from 0 to 10";
    let case = bad("blank_lines.csv", message, Import::RejectsRow(message.into()));
    assert_refused_as_history(&wd, &case);
    assert_import_outcome(&wd, &case);

    // Nothing but blank lines is an empty file.
    let wd = folder_with("blank.csv", &vec![b'\n'; 1_000_000]);
    let case = bad(
        "blank.csv",
        "blank.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session",
        Import::Fails("blank.csv: is empty; expected an export with a header row"),
    );
    let run = run_unchanged(&wd, &["check", "blank.csv", "-o", "out.json"]);
    run.expect_code(2);
    assert_eq!(run.stderr(), format!("crampless: error: {}\n", case.message));
    assert_import_outcome(&wd, &case);
}

#[test]
fn a_directory_given_as_a_file() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("exports")).unwrap();
    wd.write("history.csv", HISTORY);
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", EXPORT);
    let run = run_unchanged(&wd, &["check", "exports", "-o", "out.json"]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "crampless: error: exports: is a directory; expected a history CSV file\n"
    );
    let run = run_unchanged(&wd, &["import", EXPORT, "--into", "exports"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "crampless: error: exports: is a directory; expected a history CSV file (or a new file's name)\n"
    );
    let case = bad(
        "exports",
        "",
        // A folder of watch files can be imported; an empty one says what it lacks.
        Import::Fails("exports: is a folder with no activity files (.fit, .gpx, .tcx) and no activities.csv"),
    );
    assert_import_outcome(&wd, &case);
    // Output into a folder is refused too, before anything is written.
    let run = run_unchanged(&wd, &["check", "history.csv", "-o", "exports"]);
    run.expect_code(2);
    assert_eq!(run.stderr(), "crampless: error: exports: is a directory, not a file\n");
}

/// A file that vanished before it could be read: a link to a file that is gone (a
/// history on a drive that is not mounted).
#[cfg(unix)]
#[test]
fn a_file_that_is_gone() {
    let wd = Workdir::new();
    std::os::unix::fs::symlink("unmounted/history.csv", wd.path("gone.csv")).unwrap();
    wd.write("history.csv", HISTORY);
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", EXPORT);
    let missing = "gone.csv: No such file or directory (os error 2)";
    let run = run_unchanged(&wd, &["check", "gone.csv", "-o", "out.json"]);
    run.expect_code(2);
    assert_eq!(run.stdout(), "");
    assert_eq!(run.stderr(), format!("crampless: error: {missing}\n"));
    // Importing into it would make a new history where the link points: its folder is
    // gone too, so the import fails and the link stays as it was.
    let run = run_unchanged(&wd, &["import", EXPORT, "--into", "gone.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr().starts_with("crampless: error: gone.csv: "),
        "{}",
        run.stderr()
    );
    assert_import_outcome(&wd, &bad("gone.csv", "", Import::Fails(missing)));
}

/// A file that ends in the middle of the read: a FIFO whose writer stops half-way
/// through a row and exits, as a download or a copy from a drive that is pulled out
/// would. What was read ends mid-row, and that row is the error.
#[cfg(unix)]
#[test]
fn a_file_cut_off_in_the_middle_of_a_row() {
    let wd = Workdir::new();
    wd.write("history.csv", HISTORY);
    wd.copy_from_repo("tests/data/import/hevy_kg.csv", EXPORT);
    let status = Command::new("mkfifo").arg(wd.path("cut.csv")).status().expect("mkfifo");
    assert!(status.success());
    // The writer blocks until crampless opens the FIFO, writes, and dies.
    let writer = |wd: &Workdir| -> Child {
        Command::new("sh")
            .arg("-c")
            .arg("printf 'date,sport,duration_min,rpe\\n2026-01-05,run,30,5\\n2026-01-06,ru' > cut.csv")
            .current_dir(wd.root())
            .spawn()
            .expect("sh")
    };
    let finish = |mut child: Child| {
        // Should crampless never open the FIFO, the writer would wait for ever.
        let _ = child.kill();
        let _ = child.wait();
    };

    let child = writer(&wd);
    let run = run_unchanged(&wd, &["check", "cut.csv", "-o", "out.json"]);
    finish(child);
    run.expect_code(2);
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "crampless: error: cut.csv:3: has 2 fields but the header has 4; check for a missing or extra comma, or \
         quote fields that contain commas\n"
    );

    let child = writer(&wd);
    let case = bad(
        "cut.csv",
        "",
        Import::RejectsRow("cut.csv:3: column duration_min: \"\" is empty; expected the duration in minutes".into()),
    );
    assert_import_outcome(&wd, &case);
    finish(child);
}
