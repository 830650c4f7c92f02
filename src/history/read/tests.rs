use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn opts() -> ReadOptions {
    ReadOptions {
        latest_date: d(2030, 1, 1),
        keep_text: true,
    }
}

fn parse_str(text: &str) -> Result<History> {
    parse(Path::new("history.csv"), text.as_bytes(), opts())
}

fn err(text: &str) -> String {
    parse_str(text).unwrap_err().to_string()
}

#[test]
fn accepts_the_date_forms_in_the_spec() {
    for (text, has_time) in [
        ("2026-01-05", false),
        ("2026-01-05T07:30", true),
        ("2026-01-05T07:30:15", true),
        ("2026-01-05T07:30:15.250", true),
        ("2026-01-05T07:30:15Z", true),
        ("2026-01-05T23:30:00+10:00", true),
        ("2026-01-05T23:30:00-0330", true),
        ("2026-01-05 07:30", true),
        ("2026-01-05 07:30:00", true),
    ] {
        assert_eq!(parse_date(text), Some((d(2026, 1, 5), has_time)), "{text}");
    }
}

#[test]
fn rejects_dates_that_are_not_iso_or_do_not_exist() {
    for text in [
        "2026-1-5",
        "31/12/2026",
        "2026-02-30",
        "2026-13-01",
        "2026-01-05T25:00",
        "2026-01-05 07:30Z",
        "2026-01-05X",
        "20260105",
        "2026-01-05T07",
    ] {
        assert_eq!(parse_date(text), None, "{text}");
    }
}

#[test]
fn plain_decimals_only() {
    assert_eq!(parse_plain_decimal("8.5"), Some(8.5));
    assert_eq!(parse_plain_decimal("-3"), Some(-3.0));
    assert_eq!(parse_plain_decimal(".5"), Some(0.5));
    assert_eq!(parse_plain_decimal("5."), Some(5.0));
    for bad in ["8,5", "1e3", "inf", "NaN", "", ".", "+", "1 000", "0x10"] {
        assert_eq!(parse_plain_decimal(bad), None, "{bad}");
    }
}

#[test]
fn reads_header_in_any_order_case_and_spaces() {
    let h = parse_str(" Sport ,DATE, duration_min ,RPE\nRunning,2026-01-05,30,6\n").unwrap();
    let s = &h.sessions[0];
    assert_eq!(s.sport, "run");
    assert_eq!(s.date, d(2026, 1, 5));
    assert_eq!(s.duration_min, 30.0);
    assert_eq!(s.rpe, Some(6.0));
    assert_eq!(s.athlete, "me");
    assert!(h.warnings.is_empty());
}

#[test]
fn bom_crlf_blank_lines_and_quoted_fields_are_fine() {
    let text = "\u{feff}date,sport,duration_min,notes\r\n\r\n2026-01-05,run,30,\"easy, \"\"chatty\"\"\nsecond line\"\r\n\r\n2026-01-04,ride,60,\r\n";
    let h = parse_str(text).unwrap();
    assert_eq!(h.sessions.len(), 2);
    assert_eq!(h.sessions[0].notes.as_deref(), Some("easy, \"chatty\"\nsecond line"));
    assert_eq!(h.sessions[1].sport, "ride");
}

#[test]
fn optional_columns_parse() {
    let h = parse_str(
        "athlete,date,sport,duration_min,distance_km,rpe,avg_hr,tonnage_kg,muscle_groups,temperature_c,humidity_pct,cramp,notes,source_id\n\
         ana,2026-01-05T06:00:00Z,run,45,8.5,6,150,,Legs; core;,27.5,60,Severe,hot,strava-1\n",
    )
    .unwrap();
    let s = &h.sessions[0];
    assert_eq!(s.athlete, "ana");
    assert_eq!(s.date_text(), Some("2026-01-05T06:00:00Z"));
    assert_eq!(s.distance_km, Some(8.5));
    assert_eq!(s.avg_hr, Some(150.0));
    assert_eq!(s.tonnage_kg, None);
    assert_eq!(*s.muscle_groups, ["legs", "core"]);
    assert_eq!(s.temperature_c, Some(27.5));
    assert_eq!(s.humidity_pct, Some(60.0));
    assert_eq!(s.cramp, Cramp::Severe);
    assert_eq!(s.source_id.as_deref(), Some("strava-1"));
}

#[test]
fn bad_cells_name_file_line_column_value_and_expectation() {
    assert_eq!(
        err("date,sport,duration_min,rpe\n2026-01-05,run,30,5\n\n2026-01-06,run,30,eleven\n"),
        "history.csv:4: column rpe: \"eleven\" is not a number from 0 to 10"
    );
    assert_eq!(
        err("date,sport,duration_min,rpe\n2026-01-05,run,30,11\n"),
        "history.csv:2: column rpe: \"11\" is not a number from 0 to 10"
    );
    assert_eq!(
        err("date,sport,duration_min\n2026-02-30,run,30\n"),
        "history.csv:2: column date: \"2026-02-30\" is not a date; expected YYYY-MM-DD (e.g. 2026-03-01) or an ISO date-time (2026-03-01T07:30, 2026-03-01 07:30:00)"
    );
    assert!(
        err("date,sport,duration_min\n31/12/2026,run,30\n")
            .starts_with("history.csv:2: column date: \"31/12/2026\" is not a date")
    );
    assert!(
        err("date,sport,duration_min\n2026-1-5,run,30\n")
            .starts_with("history.csv:2: column date: \"2026-1-5\" is not a date")
    );
    assert_eq!(
        err("date,sport,duration_min\n2026-01-05,run,8,5\n"),
        "history.csv:2: has 4 fields but the header has 3; check for a missing or extra comma, or quote fields that contain commas"
    );
    assert_eq!(
        err("date,sport,duration_min\n2026-01-05,run,\"8,5\"\n"),
        "history.csv:2: column duration_min: \"8,5\" is not a duration in minutes above 0 and at most 1440 (use a dot as the decimal separator: 8.5, not 8,5)"
    );
}

#[test]
fn duration_edges() {
    assert!(parse_str("date,sport,duration_min\n2026-01-05,run,1440\n").is_ok());
    assert!(parse_str("date,sport,duration_min\n2026-01-05,run,0.5\n").is_ok());
    for bad in ["0", "-5", "1440.5", "", "abc"] {
        let e = err(&format!("date,sport,duration_min\n2026-01-05,run,{bad}\n"));
        assert!(e.starts_with("history.csv:2: column duration_min:"), "{bad}: {e}");
    }
}

#[test]
fn whole_file_problems() {
    assert_eq!(
        err(""),
        "history.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session"
    );
    assert_eq!(
        err("\n\n  \n"),
        "history.csv: is empty; expected a header row (date,sport,duration_min,...) and one row per session"
    );
    assert_eq!(
        err("date,sport,duration_min\n"),
        "history.csv: has a header but no sessions; add one row per session below the header"
    );
    assert_eq!(
        err("date,sport\n2026-01-05,run\n"),
        "history.csv:1: missing required column duration_min; the header must name date, sport and duration_min"
    );
    assert_eq!(
        err("date,sport,duration_min,Sport\n2026-01-05,run,30,run\n"),
        "history.csv:1: column \"sport\" appears twice (fields 2 and 4); keep one"
    );
    assert!(err("date;sport;duration_min\n2026-01-05;run;30\n").contains("semicolon-separated"));
}

#[test]
fn row_chunks_split_at_row_boundaries_outside_quotes() {
    let text = b"h\na,1\nb,\"x\ny\"\nc,3\nd,4\n";
    let data_start = 2;
    for parts in 1..8 {
        let chunks = row_chunks(text, data_start, parts);
        assert_eq!(chunks.first().unwrap().0, data_start);
        assert_eq!(chunks.last().unwrap().1, text.len());
        for w in chunks.windows(2) {
            assert_eq!(w[0].1, w[1].0, "contiguous");
        }
        for (start, _) in &chunks[1..] {
            assert_eq!(text[start - 1], b'\n', "{parts}: starts after a newline");
            let quotes = text[data_start..*start].iter().filter(|&&b| b == b'"').count();
            assert_eq!(quotes % 2, 0, "{parts}: not inside the quoted field");
        }
    }
}

#[test]
fn a_big_file_parses_in_chunks_with_exact_line_numbers() {
    // Well over one chunk: quoted multi-line notes throughout, a bad cell at the end.
    let mut text = String::from("date,sport,duration_min,notes\n");
    let rows = 200_000;
    for i in 0..rows {
        text.push_str(&format!(
            "2026-01-{:02},run,{},\"easy, \"\"chatty\"\"\nline two {i}\"\n",
            1 + i % 28,
            20 + i % 50
        ));
    }
    let good = parse(Path::new("big.csv"), text.as_bytes(), opts()).unwrap();
    assert_eq!(good.sessions.len(), rows);
    assert_eq!(
        good.sessions[rows - 1].notes.as_deref(),
        Some(format!("easy, \"chatty\"\nline two {}", rows - 1).as_str())
    );
    assert_eq!(good.sessions[12_345].duration_min, f64::from(20 + 12_345 % 50));
    // Each row takes two physical lines; the header is line 1.
    text.push_str("2026-01-05,run,eleven,\n");
    let e = parse(Path::new("big.csv"), text.as_bytes(), opts())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "big.csv:{}: column duration_min: \"eleven\" is not a duration in minutes above 0 and at most 1440",
            2 + 2 * rows
        )
    );
}

#[test]
fn a_quote_as_text_never_makes_a_chunk_end_inside_a_later_quoted_field() {
    // `5" rain` is text (its field does not start with a quote), so from there on
    // the quotes before each row end are odd: counting them, a chunk cut falls
    // inside the next multi-line note. Each part count must read what one does.
    let mut text = String::from("athlete,date,sport,duration_min,notes\n");
    text.push_str("ana,2026-01-01,run,30,5\" rain\n");
    for i in 0..40 {
        text.push_str(&format!(
            "ana,2026-01-02,run,{},\"see\nzed,2026-01-03,run,45,x\"\n",
            20 + i
        ));
    }
    let whole = parse_in(Path::new("h.csv"), text.as_bytes(), opts(), Some(1), None).unwrap();
    assert_eq!(whole.sessions.len(), 41);
    assert!(whole.sessions.iter().all(|s| s.athlete == "ana"), "no session of zed");
    for parts in 2..12 {
        let chunked = parse_in(Path::new("h.csv"), text.as_bytes(), opts(), Some(parts), None).unwrap();
        assert_eq!(chunked.sessions, whole.sessions, "{parts} parts");
    }
    // What comes before such a cut may look blank: a note that starts on a new line.
    let mut text = String::from("notes,date,sport,duration_min\n5\" rain,2026-01-01,run,30\n");
    for _ in 0..40 {
        text.push_str("\"\nlegs heavy\",2026-01-02,run,40\n");
    }
    let whole = parse_in(Path::new("h.csv"), text.as_bytes(), opts(), Some(1), None).unwrap();
    assert_eq!(whole.sessions.len(), 41);
    assert_eq!(whole.sessions[40].notes.as_deref(), Some("\nlegs heavy"));
    for parts in 2..12 {
        let chunked = parse_in(Path::new("h.csv"), text.as_bytes(), opts(), Some(parts), None).unwrap();
        assert_eq!(chunked.sessions, whole.sessions, "{parts} parts");
    }
}

#[test]
fn non_utf8_bytes_name_the_line() {
    let bytes = b"date,sport,duration_min,notes\n2026-01-05,run,30,caf\xe9\n";
    let e = parse(Path::new("h.csv"), bytes, opts()).unwrap_err().to_string();
    assert!(e.starts_with("h.csv:2: byte 22 is not valid UTF-8"), "{e}");
}

#[test]
fn binary_and_utf16_files_are_named_as_such() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert_eq!(
        parse(Path::new("a.png"), png, opts()).unwrap_err().to_string(),
        "a.png: is binary data, not CSV text (an image, a spreadsheet workbook such as .xlsx, or a .fit \
         recording?); expected a history CSV file"
    );
    let utf16 = b"\xFF\xFEd\x00a\x00t\x00e\x00";
    assert_eq!(
        parse(Path::new("u.csv"), utf16, opts()).unwrap_err().to_string(),
        "u.csv: is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8); expected a history CSV file"
    );
}

/// A quote never closed would swallow every later row into one note.
#[test]
fn an_unclosed_quote_is_an_error_not_lost_rows() {
    assert_eq!(
        err("date,sport,duration_min,notes\n2026-01-05,run,30,\"oops\n2026-01-06,run,30,fine\n2026-01-07,run,30,x\n"),
        "history.csv:2: a quoted field on this line is never closed, so the 2 lines after it would be read into \
         it as one value; add the missing closing quote (\")"
    );
    assert!(err("date,sport,\"duration_min\n2026-01-05,run,30\n").starts_with("history.csv:1: a quoted field"));
    assert!(
        err("date,sport,duration_min,notes\r\n\r\n\r\n2026-01-05,run,30,\"x\r\n").starts_with(
            "history.csv:4: a quoted field on this line is never closed: the file ends inside it (cut off?)"
        )
    );
    // Closed quotes, escaped quotes, quotes inside a field and multi-line notes are fine.
    let h = parse_str(
        "date,sport,duration_min,notes\n2026-01-05,run,30,\"say \"\"hi\"\"\nand go\"\n2026-01-06,run,30,6\" of rain\n",
    )
    .unwrap();
    assert_eq!(h.sessions.len(), 2);
}

#[test]
fn unknown_columns_warn_and_are_kept() {
    let h = parse_str("date,sport,duration_min,shoe\n2026-01-05,run,30,Pegasus\n").unwrap();
    assert_eq!(h.warnings.len(), 1);
    assert!(h.warnings[0].contains("\"shoe\""), "{}", h.warnings[0]);
    assert_eq!(h.sessions[0].extra(), [("shoe".to_string(), "Pegasus".to_string())]);
}

#[test]
fn future_and_ancient_dates_are_typos() {
    assert!(err("date,sport,duration_min\n2999-01-05,run,30\n").contains("is in the future (after 2030-01-01)"));
    assert!(err("date,sport,duration_min\n1026-01-05,run,30\n").contains("is before 1900"));
}

#[test]
fn empty_sport_and_bad_cramp() {
    assert!(err("date,sport,duration_min\n2026-01-05, ,30\n").contains("column sport: \"\" is empty"));
    assert_eq!(
        err("date,sport,duration_min,cramp\n2026-01-05,run,30,yes\n"),
        "history.csv:2: column cramp: \"yes\" is not a cramp level; expected none, mild or severe"
    );
}

mod store {
    //! The session store reads every history exactly as a plain row-by-row reading
    //! says it should: the same sessions, field by field, and the first bad cell at
    //! its physical line, whether the rows are read in one chunk or several.

    use super::*;
    use proptest::prelude::*;

    /// One generated row: its cells, what it must read as, and whether its RPE cell
    /// is bad (the generator knows; the reader must find it).
    #[derive(Debug, Clone)]
    struct Row {
        athlete: &'static str,
        day: u32,
        time: Option<&'static str>,
        sport: &'static str,
        duration: (u32, bool),
        distance: Option<u32>,
        rpe: Option<u32>,
        groups: &'static str,
        notes: Option<&'static str>,
        bad_rpe: bool,
        blank_lines_before: usize,
    }

    fn row() -> impl Strategy<Value = Row> {
        (
            prop::sample::select(vec!["ana", "bo li", "", "c, d"]),
            0u32..400,
            prop::option::of(prop::sample::select(vec!["T07:30", " 18:05:00", "T06:00:00Z"])),
            prop::sample::select(vec!["run", "Trail Running", "ride", "strength", "Swim"]),
            (1u32..300, any::<bool>()),
            prop::option::of(0u32..40),
            prop::option::of(0u32..=10),
            prop::sample::select(vec!["", "legs", " Legs; Core ", "chest;back;"]),
            prop::option::of(prop::sample::select(vec![
                "easy",
                "hot, windy",
                "two\nlines \"quoted\"",
                LITERAL_QUOTE,
            ])),
            prop::bool::weighted(0.02),
            prop::sample::select(vec![0usize, 0, 0, 1, 2]),
        )
            .prop_map(
                |(athlete, day, time, sport, duration, distance, rpe, groups, notes, bad_rpe, blank_lines_before)| {
                    Row {
                        athlete,
                        day,
                        time,
                        sport,
                        duration,
                        distance,
                        rpe,
                        groups,
                        notes,
                        bad_rpe,
                        blank_lines_before,
                    }
                },
            )
    }

    /// A session's fields as the tests compare them: athlete, date, sport,
    /// minutes, km, RPE, muscle groups, notes.
    type Fields = (
        String,
        NaiveDate,
        String,
        f64,
        Option<f64>,
        Option<f64>,
        Vec<String>,
        Option<String>,
    );

    /// A note written as it is, unquoted, as in a hand-edited file: its quote is
    /// text to a CSV reader, so quotes no longer pair up from the start of the file.
    const LITERAL_QUOTE: &str = "5\" rain";

    fn quoted(text: &str) -> String {
        if text == LITERAL_QUOTE {
            return text.to_string();
        }
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }

    const COLUMNS: [&str; 8] = [
        "athlete",
        "date",
        "sport",
        "duration_min",
        "distance_km",
        "rpe",
        "muscle_groups",
        "notes",
    ];

    /// The file, and the physical line of the first bad row, if any.
    fn file(order: &[usize], rows: &[Row]) -> (String, Option<u64>) {
        let mut text: String = order.iter().map(|&c| COLUMNS[c]).collect::<Vec<_>>().join(",");
        text.push('\n');
        let mut line = 2u64;
        let mut bad = None;
        for r in rows {
            for _ in 0..r.blank_lines_before {
                text.push('\n');
                line += 1;
            }
            let date = d(2025, 1, 1) + chrono::Days::new(u64::from(r.day));
            let cells = [
                quoted(r.athlete),
                format!("{date}{}", r.time.unwrap_or("")),
                r.sport.to_string(),
                if r.duration.1 {
                    format!("{}.5", r.duration.0)
                } else {
                    r.duration.0.to_string()
                },
                r.distance.map_or(String::new(), |k| format!("{k}.25")),
                if r.bad_rpe {
                    "hard".to_string()
                } else {
                    r.rpe.map_or(String::new(), |v| v.to_string())
                },
                quoted(r.groups),
                r.notes.map_or(String::new(), quoted),
            ];
            let row: Vec<&str> = order.iter().map(|&c| cells[c].as_str()).collect();
            text.push_str(&row.join(","));
            text.push('\n');
            if r.bad_rpe && bad.is_none() {
                bad = Some(line);
            }
            line += 1 + r.notes.map_or(0, |n| n.matches('\n').count() as u64);
        }
        (text, bad)
    }

    /// What the row must read as, worked out from the generator's own values.
    fn expected(r: &Row) -> Fields {
        (
            if r.athlete.is_empty() { "me" } else { r.athlete }.to_string(),
            d(2025, 1, 1) + chrono::Days::new(u64::from(r.day)),
            match r.sport {
                "Trail Running" => "run",
                "Swim" => "swim",
                other => other,
            }
            .to_string(),
            f64::from(r.duration.0) + if r.duration.1 { 0.5 } else { 0.0 },
            r.distance.map(|k| f64::from(k) + 0.25),
            r.rpe.map(f64::from),
            match r.groups {
                "" => vec![],
                "legs" => vec!["legs".into()],
                " Legs; Core " => vec!["legs".into(), "core".into()],
                _ => vec!["chest".into(), "back".into()],
            },
            r.notes.map(str::to_string),
        )
    }

    fn read(s: &Session) -> Fields {
        (
            s.athlete.to_string(),
            s.date,
            s.sport.to_string(),
            s.duration_min,
            s.distance_km,
            s.rpe,
            s.muscle_groups.to_vec(),
            s.notes.clone(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 64 } else { 256 }))]
        #[test]
        fn the_store_reads_every_history_as_its_rows_say_in_any_number_of_chunks(
            order in Just((0..COLUMNS.len()).collect::<Vec<_>>()).prop_shuffle(),
            rows in prop::collection::vec(row(), 1..120),
            parts in 1usize..5,
        ) {
            let (text, bad) = file(&order, &rows);
            let read_in = |parts| parse_in(Path::new("h.csv"), text.as_bytes(), opts(), Some(parts), None);
            match bad {
                Some(line) => {
                    let e = read_in(parts).unwrap_err().to_string();
                    prop_assert_eq!(
                        e,
                        format!("h.csv:{line}: column rpe: \"hard\" is not a number from 0 to 10")
                    );
                }
                None => {
                    let history = read_in(parts).unwrap();
                    let got: Vec<_> = history.sessions.iter().map(read).collect();
                    let want: Vec<_> = rows.iter().map(expected).collect();
                    prop_assert_eq!(got, want);
                    for (s, r) in history.sessions.iter().zip(&rows) {
                        prop_assert_eq!(s.date_text().is_some(), r.time.is_some());
                    }
                    // Written back, the file reads as the same sessions.
                    let mut written = Vec::new();
                    crate::history::write_csv(&mut written, &history.sessions).unwrap();
                    let again = parse_in(Path::new("h.csv"), &written, opts(), Some(parts), None).unwrap();
                    // Cells kept as written are a set: their order follows the columns.
                    let kept = |h: &History| -> Vec<_> {
                        h.sessions
                            .iter()
                            .map(|s| {
                                let mut as_written = s.as_written().to_vec();
                                as_written.sort();
                                (read(s), s.date_text().map(str::to_string), as_written)
                            })
                            .collect()
                    };
                    prop_assert_eq!(kept(&again), kept(&history));
                }
            }
        }
    }
}
