use super::*;
use crate::history::{DEFAULT_ATHLETE, Indexed, parse};
use proptest::prelude::*;

/// Notes kept, so that a note read wrong shows.
fn opts() -> ReadOptions {
    ReadOptions {
        latest_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        keep_text: true,
    }
}

/// Stream `bytes` from a file in blocks of `blocks`: how it ended, and every group
/// handed over.
fn stream(bytes: &[u8], blocks: (usize, usize)) -> (Outcome, Vec<Group>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.csv");
    let outcome = stream_from(&path, bytes, blocks);
    drop(dir);
    outcome
}

fn stream_from(path: &Path, bytes: &[u8], blocks: (usize, usize)) -> (Outcome, Vec<Group>) {
    std::fs::write(path, bytes).unwrap();
    let mut groups = Vec::new();
    let mut read_before = 0;
    let outcome = by_athlete_in_blocks(path, opts(), None, blocks, |batch, read| {
        assert!(read >= read_before && read <= bytes.len() as u64);
        read_before = read;
        groups.extend(batch);
        Ok::<(), ()>(())
    })
    .unwrap();
    (outcome, groups)
}

/// Whether `names` (the athletes of a file's sessions, in file order) come in
/// runs, in name order.
fn grouped(names: &[&str]) -> bool {
    let mut runs: Vec<&str> = names.to_vec();
    runs.dedup();
    runs.windows(2).all(|w| w[0] < w[1])
}

/// What the stream handed over is the file as the index reads it: the same
/// athletes in the same order with the same sessions, rows, span and warnings.
fn assert_same_as_index(path: &Path, bytes: &[u8], summary: &Summary, groups: &[Group]) {
    let index = Indexed::new(path, bytes.to_vec(), opts(), None).unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    let expected: Vec<&str> = index.athletes().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, expected);
    for (group, athlete) in groups.iter().zip(index.athletes()) {
        assert_eq!(group.sessions, index.sessions(athlete).unwrap(), "{}", group.name);
        assert_eq!(group.first, athlete.first);
    }
    assert_eq!(summary.rows, index.rows());
    assert_eq!(summary.athletes, index.athletes().len());
    assert_eq!(Some(summary.span), index.span());
    assert_eq!(summary.warnings, index.warnings());
}

#[test]
fn a_grouped_file_streams_athlete_by_athlete_cut_anywhere() {
    let text = "\u{feff}\n \r\n\nathlete,date,sport,duration_min,notes,shoe\n\
                ana,2026-01-03,run,30,\"a, \"\"b\"\"\nc\",x\n\
                ana,2026-01-01,Trail Running,45,,y\n\
                \n\
                bo,2026-01-02,ride,60,n,\n\
                zed,2026-01-05,run,20,\"\"\"\",\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.csv");
    for first in 1..text.len() + 2 {
        for most in [first, first * 3, 4096] {
            let (outcome, groups) = stream_from(&path, text.as_bytes(), (first, most));
            let Outcome::Streamed(summary) = outcome else {
                panic!("blocks of {first} to {most}: {outcome:?}")
            };
            assert_same_as_index(&path, text.as_bytes(), &summary, &groups);
            assert_eq!(summary.rows, 4);
            assert_eq!(summary.warnings.len(), 1, "the unknown column shoe");
        }
    }
}

#[test]
fn a_quote_as_text_never_makes_a_stream_misread() {
    // After `5" rain` (text: its field does not start with a quote) counting
    // quotes takes the newline inside each later note for a row end; what comes
    // before that cut looks blank. Cut anywhere, the stream stops or reads right.
    let mut text = String::from("notes,athlete,date,sport,duration_min\n5\" rain,ana,2026-01-01,run,30\n");
    for athlete in ["ana", "bo"] {
        for day in 2..6 {
            text.push_str(&format!("\"\nlegs heavy\",{athlete},2026-01-0{day},run,40\n"));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.csv");
    let mut streamed = 0;
    for first in 1..text.len() + 2 {
        let (outcome, groups) = stream_from(&path, text.as_bytes(), (first, 4 * first));
        if let Outcome::Streamed(summary) = outcome {
            assert_same_as_index(&path, text.as_bytes(), &summary, &groups);
            streamed += 1;
        }
    }
    assert!(streamed > 0, "a block holding the whole file streams");
}

#[test]
fn files_that_are_not_grouped_in_name_order_are_read_another_way() {
    for text in [
        // ana's rows are not together.
        "athlete,date,sport,duration_min\nana,2026-01-01,run,30\nbo,2026-01-02,run,30\nana,2026-01-03,run,30\n",
        // Together, but not in name order.
        "athlete,date,sport,duration_min\nbo,2026-01-02,run,30\nana,2026-01-01,run,30\n",
    ] {
        for first in [1, 8, 4096] {
            let (outcome, _) = stream(text.as_bytes(), (first, 4096));
            assert!(
                matches!(outcome, Outcome::ReadAnotherWay(Why::NotGrouped)),
                "{text:?}: {outcome:?}"
            );
        }
    }
}

#[test]
fn nothing_the_whole_read_rejects_is_streamed() {
    let mut latin1 =
        b"athlete,date,sport,duration_min,notes\nana,2026-01-01,run,30,\nbo,2026-01-02,run,30,caf".to_vec();
    latin1.extend(b"\xe9\n");
    let texts: Vec<Vec<u8>> = vec![
        latin1,
        // A bad cell in the last athlete's rows, after the others were handed over.
        b"athlete,date,sport,duration_min\nana,2026-01-01,run,30\nbo,2026-01-02,run,eleven\n".to_vec(),
        // The last row opens a quote it never closes.
        b"athlete,date,sport,duration_min,notes\nana,2026-01-01,run,30,\nbo,2026-01-02,run,30,\"open\n".to_vec(),
        // A header and no rows; nothing at all.
        b"athlete,date,sport,duration_min\n".to_vec(),
        b"".to_vec(),
        b"date,sport\n2026-01-01,run\n".to_vec(),
        b"athlete,date,sport,duration_min\nana,2026-01-01,run\n".to_vec(),
    ];
    for text in texts {
        assert!(parse(Path::new("h.csv"), &text, opts()).is_err());
        for first in [1, 7, 4096] {
            let (outcome, _) = stream(&text, (first, 4096));
            assert!(
                matches!(outcome, Outcome::ReadAnotherWay(Why::NotValid)),
                "{:?}: {outcome:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }
}

#[test]
fn only_regular_files_are_streamed() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().to_path_buf(), dir.path().join("missing.csv")] {
        let outcome = by_athlete(&path, opts(), None, |_, _| Ok::<(), ()>(())).unwrap();
        assert!(matches!(outcome, Outcome::ReadAnotherWay(Why::NotAFile)), "{outcome:?}");
    }
}

#[test]
fn the_callers_error_ends_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.csv");
    std::fs::write(
        &path,
        "athlete,date,sport,duration_min\nana,2026-01-01,run,30\nbo,2026-01-02,run,30\n",
    )
    .unwrap();
    let mut calls = 0;
    let result = by_athlete_in_blocks(&path, opts(), None, (8, 8), |_, _| {
        calls += 1;
        Err("disk full")
    });
    assert_eq!(result.unwrap_err(), "disk full");
    assert_eq!(calls, 1);
}

#[test]
fn a_row_end_is_a_newline_outside_quotes() {
    assert_eq!(last_row_end(b"a,b\nc,d"), Some(4));
    assert_eq!(last_row_end(b"a,\"b\nc\",d\ne"), Some(10));
    assert_eq!(last_row_end(b"a,\"b\nc"), None);
    assert_eq!(last_row_end(b"a,\"\"\"\"\n"), Some(7));
    assert_eq!(last_row_end(b"abc"), None);
}

/// A note written unquoted with a quote inside, as in a hand-edited file: the
/// quote is text.
const LITERAL_QUOTE: &str = "5\" rain";

/// A row's notes as written: plain, quoted with commas and quotes, over two lines
/// (also starting on a new line), or none.
fn notes() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "easy",
        "\"a, b\"",
        "\"say \"\"hi\"\"\"",
        "\"two\nlines\"",
        "\"x\"\"\ny\"",
        "\"\nlegs heavy\"",
    ])
}

/// Something that makes the whole read fail, placed at a row.
#[derive(Debug, Clone, Copy)]
enum Fault {
    None,
    BadDuration,
    Latin1,
    UnclosedQuote,
    MissingField,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        6 => Just(Fault::None),
        1 => Just(Fault::BadDuration),
        1 => Just(Fault::Latin1),
        1 => Just(Fault::UnclosedQuote),
        1 => Just(Fault::MissingField),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 96 } else { 256 }))]
    /// However the file is cut into blocks: a file grouped by athlete in name
    /// order that reads without error is streamed, exactly as the index reads it;
    /// any other file is never streamed; a file the whole read rejects is never
    /// streamed.
    #[test]
    fn a_stream_is_the_index_or_nothing(
        rows in prop::collection::vec((0usize..4, 0u32..60, 10u16..150, notes()), 1..40),
        sort in any::<bool>(),
        fault in fault(),
        at in any::<prop::sample::Index>(),
        first in 1usize..48,
        grow in 1usize..6,
        quote_as_text_at in prop::option::weighted(0.3, any::<prop::sample::Index>()),
    ) {
        const ATHLETES: [&str; 4] = ["ana", "bo", "", "zoe"];
        let name = |i: usize| if ATHLETES[i].is_empty() { DEFAULT_ATHLETE } else { ATHLETES[i] };
        let mut rows = rows;
        if sort {
            rows.sort_by_key(|r| name(r.0));
        }
        // In some files, one note is a quote as text.
        if let Some(at) = quote_as_text_at {
            let at = at.index(rows.len());
            rows[at].3 = LITERAL_QUOTE;
        }
        let at = at.index(rows.len());
        let mut bytes = b"athlete,date,sport,duration_min,notes\n".to_vec();
        for (i, (athlete, day, minutes, notes)) in rows.iter().enumerate() {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(*day));
            let row = match (i == at, fault) {
                (true, Fault::BadDuration) => format!("{},{date},run,-{minutes},{notes}\n", ATHLETES[*athlete]),
                (true, Fault::MissingField) => format!("{},{date},run,{minutes}\n", ATHLETES[*athlete]),
                (true, Fault::UnclosedQuote) => format!("{},{date},run,{minutes},\"{notes}\n", ATHLETES[*athlete]),
                _ => format!("{},{date},run,{minutes},{notes}\n", ATHLETES[*athlete]),
            };
            bytes.extend(row.as_bytes());
            if i == at && matches!(fault, Fault::Latin1) {
                bytes.extend(b"\xe9\n");
            }
        }
        let whole = parse(Path::new("h.csv"), &bytes, opts());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.csv");
        let (outcome, groups) = stream_from(&path, &bytes, (first, first * grow));
        // A quote inside a field that does not start with one is text to the
        // reader, which the row ends the stream guesses by counting quotes may not
        // see: such a file may be read another way, never misread.
        let quote_as_text = rows.iter().any(|r| r.3 == LITERAL_QUOTE) || !matches!(fault, Fault::None);
        match (&whole, outcome) {
            (Err(_), outcome) => prop_assert!(matches!(outcome, Outcome::ReadAnotherWay(_)), "{:?}", outcome),
            (Ok(history), outcome) => {
                // The athletes of the sessions the whole read found, in file order
                // (a faulty quote can make several rows one).
                let names: Vec<&str> = history.sessions.iter().map(|s| s.athlete.as_str()).collect();
                match outcome {
                    Outcome::Streamed(summary) => {
                        prop_assert!(grouped(&names));
                        assert_same_as_index(&path, &bytes, &summary, &groups);
                    }
                    Outcome::ReadAnotherWay(why) if grouped(&names) => {
                        prop_assert!(quote_as_text, "a grouped file read another way: {:?}", why);
                    }
                    Outcome::ReadAnotherWay(why) => {
                        prop_assert!(why == Why::NotGrouped || quote_as_text, "{:?}", why);
                    }
                }
            }
        }
    }
}
