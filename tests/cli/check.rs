//! `crampless check` from the command line: formats, exit codes, errors, config.

use serde_json::Value;

use crate::workdir::Workdir;

const SMALL: &str = "date,sport,duration_min,rpe\n2026-01-05,run,30,5\n2026-01-06,run,40,6\n";

/// 28 days at load 50 then 7 days at load 100 (10 and 20 minutes at RPE 5).
fn golden_csv() -> String {
    let mut csv = String::from("date,sport,duration_min,rpe\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    for i in 0..35u64 {
        let minutes = if i < 28 { 10 } else { 20 };
        csv.push_str(&format!("{},ride,{minutes},5\n", start + chrono::Days::new(i)));
    }
    csv
}

fn json(run: &crate::workdir::Run) -> Value {
    serde_json::from_str(&run.stdout()).expect("valid JSON on stdout")
}

#[test]
fn text_report_on_the_example_shows_every_rule_with_advice() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["check", "history.csv"]);
    run.expect_code(0);
    let out = run.stdout();
    for rule in [
        "session-spike",
        "weekly-ramp",
        "intensity-spike",
        "acwr",
        "missing-rest",
        "back-to-back-hard",
        "monotony",
        "heat",
        "long-session",
        "new-activity",
        "cramp-log",
    ] {
        assert!(out.contains(&format!("  {rule} ")), "rule {rule} did not fire:\n{out}");
    }
    // Each piece of advice is shown once, under the first (worst) flag that needs it;
    // so the first flag of every rule is followed by its advice.
    let lines: Vec<&str> = out.lines().collect();
    let flag_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            ["  DANGER ", "  CAUTION ", "  INFO "]
                .iter()
                .any(|p| lines[i].starts_with(p))
        })
        .collect();
    // Today (2026-12-02) is 17 days after the last session: most flags are
    // earlier; the Now and Earlier headings count them between them.
    let total: usize = lines
        .iter()
        .filter_map(|l| l.split("worst first: ").nth(1))
        .flat_map(|counts| counts.split(", "))
        .map(|part| part.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert!(total > 20, "{out}");
    assert_eq!(flag_lines.len(), total, "{out}");
    let mut seen_rules = std::collections::HashSet::new();
    for &i in &flag_lines {
        let rule = lines[i].split_whitespace().nth(2).unwrap();
        if seen_rules.insert(rule) {
            assert!(
                lines[i + 1].trim_start().starts_with("-> "),
                "first {rule} flag without advice"
            );
        }
    }
    let json = wd.run(&["check", "history.csv", "--format", "json"]).stdout();
    let v: Value = serde_json::from_str(&json).unwrap();
    let distinct: std::collections::HashSet<&str> = v["athletes"][0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["advice"].as_str().unwrap())
        .collect();
    assert_eq!(
        out.matches("  -> ").count(),
        distinct.len(),
        "each piece of advice once"
    );
    assert!(!out.contains('\x1b'), "no colour when piped");
    assert!(run.stderr().is_empty(), "{}", run.stderr());
}

#[test]
fn text_report_snapshot() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["check", "history.csv"]);
    insta::assert_snapshot!("check_text_example", run.expect_code(0).stdout());
}

#[test]
fn json_snapshot() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["check", "history.csv", "--format", "json"]);
    let pretty = serde_json::to_string_pretty(&json(run.expect_code(0))).unwrap();
    insta::assert_snapshot!("check_json_example", pretty);
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["check", "history.csv", "--format", "json"]);
    let v = json(run.expect_code(0));
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["athletes"]);
    let a = &v["athletes"][0];
    assert_eq!(
        keys(a),
        [
            "as_of",
            "athlete",
            "days",
            "days_since_last_session",
            "estimated_intensity_sessions",
            "flags",
            "from",
            "last_session",
            "to",
            "weeks"
        ]
    );
    assert_eq!(a["athlete"], "ana");
    // As of today (the Workdir's 2026-12-02), 17 days after the last session.
    assert_eq!(a["as_of"], "2026-12-02");
    assert_eq!(a["to"], "2026-12-02");
    assert_eq!(a["last_session"], "2026-11-15");
    assert_eq!(a["days_since_last_session"], 17);
    assert_eq!(a["estimated_intensity_sessions"], 2);
    assert_eq!(
        keys(&a["days"][0]),
        [
            "acute", "acwr", "chronic", "date", "fatigue", "fitness", "form", "load", "rest"
        ]
    );
    assert_eq!(
        keys(&a["weeks"][0]),
        [
            "distance_km",
            "intensity",
            "load",
            "minutes",
            "monotony",
            "partial",
            "ramp_pct",
            "rest_days",
            "sessions",
            "start",
            "strain",
            "tonnage_kg",
            "week"
        ]
    );
    assert_eq!(
        keys(&a["flags"][0]),
        [
            "advice", "athlete", "date", "evidence", "message", "recent", "rule", "severity", "source", "until"
        ]
    );
    // Every calendar day is present, from 2026-08-08 to the as-of date, nulls
    // before the windows fill.
    let days = a["days"].as_array().unwrap();
    assert_eq!(days.len(), 117);
    assert!(days[5]["acute"].is_null() && days[6]["acute"].is_number());
    assert!(days[26]["acwr"].is_null() && days[27]["acwr"].is_number());
    // serde_json would reject NaN or infinity; the parse above already proves there is none.
    assert!(!run.stdout().contains("NaN"));
}

#[test]
fn golden_acwr_values_through_the_binary() {
    let wd = Workdir::new();
    wd.write("golden.csv", golden_csv());
    for (method, want) in [("rolling", 1.6), ("uncoupled", 2.0)] {
        let run = wd.run(&["check", "golden.csv", "--format", "json", "--acwr", method]);
        let v = json(run.expect_code(0));
        assert_eq!(v["athletes"][0]["days"][34]["acwr"], want, "{method}");
    }
    let run = wd.run(&["check", "golden.csv", "--format", "json", "--acwr", "ewma"]);
    let v = json(run.expect_code(0));
    let ewma = v["athletes"][0]["days"][34]["acwr"].as_f64().unwrap();
    assert_eq!(format!("{ewma:.6}"), "1.339350");
}

/// One recent session (two days before the Workdir's today) whose only flag is
/// at `level`: a mild cramp is info, a severe one caution, a run 33% longer than
/// the day before a danger session spike.
fn only_flag_at(level: &str) -> &'static str {
    match level {
        "none" => "date,sport,duration_min,rpe,cramp\n2026-11-30,run,30,5,\n",
        "info" => "date,sport,duration_min,rpe,cramp\n2026-11-30,run,30,5,mild\n",
        "caution" => "date,sport,duration_min,rpe,cramp\n2026-11-30,run,30,5,severe\n",
        "danger" => "date,sport,duration_min,rpe,cramp\n2026-11-30,run,30,5,\n2026-12-01,run,40,5,\n",
        _ => unreachable!(),
    }
}

#[test]
fn fail_on_each_level_passes_below_it_and_fails_at_it() {
    let wd = Workdir::new();
    for (fail_on, below, at) in [
        ("info", "none", "info"),
        ("caution", "info", "caution"),
        ("danger", "caution", "danger"),
    ] {
        wd.write("below.csv", only_flag_at(below));
        let run = wd.run(&["check", "below.csv", "--fail-on", fail_on]);
        run.expect_code(0);
        let worst = json(&wd.run(&["check", "below.csv", "--format", "json"]))["athletes"][0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect::<Vec<_>>();
        let expected: Vec<&str> = if below == "none" { vec![] } else { vec![below] };
        assert_eq!(worst, expected, "{below}.csv: only a {below} flag");

        wd.write("at.csv", only_flag_at(at));
        let run = wd.run(&["check", "at.csv", "--fail-on", fail_on]);
        run.expect_code(1);
        // The report is printed all the same.
        assert!(
            run.stdout().contains(&format!("  {:<7} 2026-", at.to_uppercase())),
            "{}",
            run.stdout()
        );
        // Also above the level: danger fails --fail-on info.
        wd.write("worst.csv", only_flag_at("danger"));
        wd.run(&["check", "worst.csv", "--fail-on", fail_on]).expect_code(1);
    }
}

#[test]
fn a_cron_job_fails_only_for_recent_flags() {
    let wd = Workdir::new();
    // A danger session spike on 2026-06-02, 183 days before today (2026-12-02).
    wd.write(
        "old.csv",
        "date,sport,duration_min,rpe\n2026-06-01,run,30,5\n2026-06-02,run,40,5\n",
    );
    let run = wd.run(&["check", "old.csv", "--fail-on", "danger"]);
    run.expect_code(0);
    assert!(
        run.stdout().contains("DANGER  2026-06-02  session-spike"),
        "still listed:\n{}",
        run.stdout()
    );
    wd.run(&["check", "old.csv", "--fail-on", "danger", "--recent", "all"])
        .expect_code(1);
    // The window is the DAYS days up to as-of: 184 days reach back to 2026-06-02.
    wd.run(&["check", "old.csv", "--fail-on", "danger", "--recent", "184"])
        .expect_code(1);
    wd.run(&["check", "old.csv", "--fail-on", "danger", "--recent", "183"])
        .expect_code(0);
    // Assessed on the day after the spike, it is recent again.
    wd.run(&["check", "old.csv", "--fail-on", "danger", "--as-of", "2026-06-03"])
        .expect_code(1);
    wd.run(&["check", "old.csv", "--fail-on", "danger", "--as-of", "last"])
        .expect_code(1);
    let run = wd.run(&["check", "old.csv", "--recent", "0"]);
    run.expect_code(2);
    assert!(run.stderr().contains("expected 1 to 3660, or all"), "{}", run.stderr());
}

#[test]
fn json_marks_every_flag_recent_or_not() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let v = json(wd.run(&["check", "history.csv", "--format", "json"]).expect_code(0));
    let flags = v["athletes"][0]["flags"].as_array().unwrap();
    assert!(flags.len() > 20);
    for f in flags {
        // The 14 days up to 2026-12-02 start on 2026-11-19.
        let recent = f["date"].as_str().unwrap() >= "2026-11-19";
        assert_eq!(f["recent"], recent, "{f}");
    }
    assert!(flags.iter().any(|f| f["recent"] == true));
    assert!(flags.iter().any(|f| f["recent"] == false));
    let v = json(
        wd.run(&["check", "history.csv", "--format", "json", "--recent", "all"])
            .expect_code(0),
    );
    let all = v["athletes"][0]["flags"].as_array().unwrap();
    assert_eq!(all.len(), flags.len(), "JSON keeps every flag");
    assert!(all.iter().all(|f| f["recent"] == true));
}

#[test]
fn text_says_the_as_of_date_and_lists_now_before_earlier_worst_first() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let out = wd.run(&["check", "history.csv"]).expect_code(0).stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "  as of 2026-12-02; last session 2026-11-15 (17 days ago)");
    let now = lines
        .iter()
        .position(|l| l.starts_with("  Now, the last 14 days (2026-11-19 to 2026-12-02), worst first: "))
        .expect("a Now heading");
    let earlier = lines
        .iter()
        .position(|l| l.starts_with("  Earlier, worst first: "))
        .expect("an Earlier heading");
    assert!(now < earlier);
    let flag = |l: &&&str| ["  DANGER ", "  CAUTION ", "  INFO "].iter().any(|p| l.starts_with(p));
    let rank = |l: &&str| {
        let mut words = l.split_whitespace();
        let severity = words.next().unwrap();
        let rank = ["INFO", "CAUTION", "DANGER"]
            .iter()
            .position(|s| *s == severity)
            .unwrap();
        (rank, words.next().unwrap().to_string())
    };
    let now_flags: Vec<(usize, String)> = lines[now..earlier].iter().filter(flag).map(rank).collect();
    let earlier_flags: Vec<(usize, String)> = lines[earlier..].iter().filter(flag).map(rank).collect();
    assert!(!now_flags.is_empty() && !earlier_flags.is_empty());
    assert!(now_flags.iter().all(|(_, d)| d.as_str() >= "2026-11-19"));
    assert!(earlier_flags.iter().all(|(_, d)| d.as_str() < "2026-11-19"));
    for part in [&now_flags, &earlier_flags] {
        assert!(part.windows(2).all(|w| w[0].0 >= w[1].0), "worst first: {part:?}");
    }

    // As of the last session, the only recent flag is a low-ACWR run that started
    // before the window (2026-10-25, 13 days: to 2026-11-06) and reaches into it
    // (from 2026-11-02): a run still going on in the last 14 days is now.
    let out = wd
        .run(&["check", "history.csv", "--as-of", "last"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("  as of 2026-11-15; last session 2026-11-15 (the same day)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  Now, the last 14 days (2026-11-02 to 2026-11-15), worst first: 0 danger, 0 caution, 1 info\n  INFO    2026-10-25  acwr               ACWR (rolling 7:28) below 0.8 for 13 days from 2026-10-25"
        ),
        "{out}"
    );
    let v = json(
        wd.run(&["check", "history.csv", "--as-of", "last", "--format", "json"])
            .expect_code(0),
    );
    let flags = v["athletes"][0]["flags"].as_array().unwrap();
    let recent: Vec<&Value> = flags.iter().filter(|f| f["recent"] == true).collect();
    assert_eq!(recent.len(), 1);
    assert_eq!(
        (recent[0]["date"].as_str(), recent[0]["until"].as_str()),
        (Some("2026-10-25"), Some("2026-11-06"))
    );
    // Every flag is recent exactly when it lasts into the window.
    for f in flags {
        assert_eq!(f["recent"] == true, f["until"].as_str().unwrap() >= "2026-11-02", "{f}");
        assert!(f["until"].as_str() >= f["date"].as_str(), "{f}");
        // A weekly rule covers its week, Monday to Sunday, up to the last day analysed.
        if ["weekly-ramp", "monotony", "intensity-spike"].contains(&f["rule"].as_str().unwrap()) {
            let monday = chrono::NaiveDate::parse_from_str(f["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
            let sunday = (monday + chrono::Days::new(6)).min(chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap());
            assert_eq!(f["until"], sunday.to_string(), "{f}");
        }
    }
    assert!(flags.iter().any(|f| f["rule"] == "weekly-ramp"));
    // The whole history: one list, as before --recent.
    let out = wd
        .run(&["check", "history.csv", "--recent", "all"])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("  Flags, worst first: 4 danger, 11 caution, 11 info\n"),
        "{out}"
    );
    assert!(!out.contains("Earlier"), "{out}");
}

#[test]
fn form_is_not_read_while_fitness_settles() {
    let wd = Workdir::new();
    wd.write(
        "new.csv",
        "date,sport,duration_min,rpe\n2026-11-20,run,30,5\n2026-11-23,run,30,5\n",
    );
    let out = wd.run(&["check", "new.csv"]).expect_code(0).stdout();
    assert!(
        out.contains("  fitness still settling (13 of 42 days): form is not read as fresh or tired yet\n"),
        "{out}"
    );
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let out = wd.run(&["check", "history.csv"]).expect_code(0).stdout();
    assert!(!out.contains("settling"), "{out}");
}

#[test]
fn bad_input_names_file_line_column_exits_2_and_prints_nothing() {
    let wd = Workdir::new();
    wd.write(
        "h.csv",
        "date,sport,duration_min,rpe\n2026-01-05,run,30,5\n\n2026-01-07,run,30,eleven\n",
    );
    let run = wd.run(&["check", "h.csv"]);
    run.expect_code(2);
    assert!(run.stdout().is_empty());
    assert_eq!(
        run.stderr().trim(),
        "crampless: error: h.csv:4: column rpe: \"eleven\" is not a number from 0 to 10"
    );
    let run = wd.run(&["check", "missing.csv"]);
    run.expect_code(2);
    assert!(run.stderr().contains("missing.csv"), "{}", run.stderr());
    let run = wd.run(&["check", "."]);
    run.expect_code(2);
    assert!(run.stderr().contains("is a directory"), "{}", run.stderr());
    wd.run(&["check", "h.csv", "--as-of", "2026-1-5"]).expect_code(2);
    wd.run(&["check"]).expect_code(2);
}

#[test]
fn as_of_cuts_later_sessions_or_extends_with_empty_days() {
    let wd = Workdir::new();
    wd.write("h.csv", SMALL);
    let run = wd.run(&["check", "h.csv", "--format", "json", "--as-of", "2026-01-05"]);
    let v = json(run.expect_code(0));
    assert_eq!(v["athletes"][0]["days"].as_array().unwrap().len(), 1);
    let run = wd.run(&["check", "h.csv", "--format", "json", "--as-of", "2026-01-15"]);
    let v = json(run.expect_code(0));
    let days = v["athletes"][0]["days"].as_array().unwrap();
    assert_eq!(days.len(), 11);
    assert_eq!(days[10]["load"], 0.0);
    assert_eq!(days[10]["rest"], true);
    let run = wd.run(&["check", "h.csv", "--as-of", "2025-12-01"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("no session on or before the as-of date 2025-12-01")
    );
}

#[test]
fn a_squad_is_assessed_on_one_day_and_athlete_filters() {
    let wd = Workdir::new();
    wd.write(
        "squad.csv",
        "athlete,date,sport,duration_min,rpe\nana,2026-01-05,run,30,5\nben,2026-01-03,ride,60,4\nben,2026-01-09,ride,60,4\n",
    );
    let v = json(wd.run(&["check", "squad.csv", "--format", "json"]).expect_code(0));
    let athletes = v["athletes"].as_array().unwrap();
    assert_eq!(athletes.len(), 2);
    assert_eq!(athletes[0]["athlete"], "ana");
    // Everyone is assessed today, however long ago their last session.
    assert_eq!(athletes[0]["to"], "2026-12-02");
    assert_eq!(athletes[0]["last_session"], "2026-01-05");
    assert_eq!(athletes[1]["from"], "2026-01-03");
    assert_eq!(athletes[1]["last_session"], "2026-01-09");
    // `last` is the file's last session, for every athlete.
    let v = json(
        wd.run(&["check", "squad.csv", "--format", "json", "--as-of", "last"])
            .expect_code(0),
    );
    assert_eq!(v["athletes"][0]["to"], "2026-01-09");
    assert_eq!(v["athletes"][0]["days_since_last_session"], 4);
    assert_eq!(v["athletes"][1]["days_since_last_session"], 0);
    let v = json(
        wd.run(&["check", "squad.csv", "--format", "json", "--athlete", "ben"])
            .expect_code(0),
    );
    assert_eq!(v["athletes"].as_array().unwrap().len(), 1);
    let run = wd.run(&["check", "squad.csv", "--athlete", "cat"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("no athlete \"cat\" in the history; athletes: ana, ben"),
        "{}",
        run.stderr()
    );
}

#[test]
fn markdown_and_csv_formats() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let md = wd
        .run(&["check", "history.csv", "--format", "md"])
        .expect_code(0)
        .stdout();
    assert!(md.starts_with("# crampless check, as of 2026-12-02\n"), "{md}");
    assert!(
        md.contains("As of 2026-12-02; last session 2026-11-15 (17 days ago).  \n"),
        "{md}"
    );
    assert!(md.contains("| severity | date | rule | message | advice |"));
    let now = md.find("### Now: the last 14 days (2026-11-19 to 2026-12-02) (0 danger, 0 caution, 1 info)");
    let earlier = md.find("### Earlier (4 danger, 11 caution, 10 info)");
    assert!(now.is_some() && earlier.is_some() && now < earlier, "{md}");
    let csv = wd
        .run(&["check", "history.csv", "--format", "csv"])
        .expect_code(0)
        .stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "athlete", "date", "severity", "rule", "message", "advice", "source", "evidence", "recent", "until"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let v = json(&wd.run(&["check", "history.csv", "--format", "json"]));
    let flags = v["athletes"][0]["flags"].as_array().unwrap();
    assert_eq!(rows.len(), flags.len());
    assert!(rows.iter().all(|r| serde_json::from_str::<Value>(&r[7]).is_ok()));
    for (row, flag) in rows.iter().zip(flags) {
        assert_eq!(row[8] == *"true", flag["recent"] == true, "{row:?}");
        assert_eq!(flag["until"], &row[9], "{row:?}");
    }
    assert!(rows.iter().any(|r| &r[8] == "false") && rows.iter().any(|r| &r[8] == "true"));
}

#[test]
fn config_file_in_the_folder_or_named_changes_thresholds() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let heat = |run: crate::workdir::Run| run.expect_code(0).stdout().contains("  heat ");
    assert!(heat(wd.run(&["check", "history.csv"])));
    wd.write("strict.toml", "[rules.heat]\ncaution_c = 35\ndanger_c = 40\n");
    assert!(!heat(wd.run(&["check", "history.csv", "--config", "strict.toml"])));
    wd.write("crampless.toml", "[rules.heat]\ncaution_c = 35\ndanger_c = 40\n");
    assert!(!heat(wd.run(&["check", "history.csv"])));
    wd.write("crampless.toml", "[rules.heat]\ncaution = 35\n");
    let run = wd.run(&["check", "history.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("crampless.toml: line 2: unknown field `caution`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let out = wd
        .run(&["check", "history.csv", "--color", "always"])
        .expect_code(0)
        .stdout();
    assert!(out.contains("\x1b[1;31mDANGER"), "{out}");
    let out = wd.run(&["check", "history.csv", "--color", "auto"]).stdout();
    assert!(!out.contains('\x1b'));
    let out = wd.run(&["check", "history.csv", "--color", "never"]).stdout();
    assert!(!out.contains('\x1b'));
}

#[test]
fn unknown_columns_warn_on_stderr_unless_quiet() {
    let wd = Workdir::new();
    wd.write("h.csv", "date,sport,duration_min,shoe\n2026-01-05,run,30,Pegasus\n");
    let run = wd.run(&["check", "h.csv"]);
    run.expect_code(0);
    assert!(
        run.stderr().contains("warning: h.csv:1: unknown column \"shoe\""),
        "{}",
        run.stderr()
    );
    assert!(wd.run(&["check", "h.csv", "-q"]).stderr().is_empty());
}

#[test]
fn output_file_is_written_whole() {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    let run = wd.run(&["check", "history.csv", "--format", "json", "-o", "report.json"]);
    run.expect_code(0);
    assert!(run.stdout().is_empty());
    let v: Value = serde_json::from_str(&wd.read("report.json")).unwrap();
    assert_eq!(v["athletes"][0]["athlete"], "ana");
    assert_eq!(wd.files(), ["history.csv", "report.json"], "no temp file left behind");
}

#[test]
fn a_broken_pipe_exits_quietly_with_status_0() {
    let wd = Workdir::new();
    // Two years of daily sessions: far more JSON than a pipe buffer holds.
    let mut csv = String::from("date,sport,duration_min,rpe\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for i in 0..730u64 {
        csv.push_str(&format!("{},run,{},5\n", start + chrono::Days::new(i), 30 + i % 20));
    }
    wd.write("big.csv", csv);
    wd.assert_quiet_on_broken_pipe(&["check", "big.csv", "--format", "json"]);
}

#[test]
fn jsonl_is_one_athlete_per_line_the_same_objects_as_json() {
    let wd = Workdir::new();
    let mut csv = String::from("athlete,date,sport,duration_min,rpe\n");
    for (k, athlete) in ["zoe", "amy", "bo \"b\"\nnewline"].iter().enumerate() {
        for d in 1..=20 {
            csv.push_str(&format!(
                "\"{}\",2026-11-{d:02},run,{},5\n",
                athlete.replace('"', "\"\""),
                20 + d * (k + 1)
            ));
        }
    }
    wd.write("squad.csv", csv);
    let whole = json(wd.run(&["check", "squad.csv", "--format", "json"]).expect_code(0));
    let athletes = whole["athletes"].as_array().unwrap();
    assert_eq!(athletes.len(), 3);
    let run = wd.run(&["check", "squad.csv", "--format", "jsonl"]);
    let text = run.expect_code(0).stdout();
    assert!(text.ends_with('\n'));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON value"))
        .collect();
    assert_eq!(&lines, athletes, "the lines are the JSON report's athletes, in order");
    assert_eq!(lines[2]["athlete"], "zoe");
    // -o .jsonl (or .ndjson) chooses it too.
    wd.run(&["check", "squad.csv", "-o", "out.ndjson"]).expect_code(0);
    assert_eq!(wd.read("out.ndjson"), text);
}
