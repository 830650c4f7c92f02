//! One set of plan options for `plan`, `chart --kind plan|calendar` and `report`
//! (each draws the plan the others print), the output format from `-o FILE`'s
//! extension, and a plan text that reads: wrapped, with what is the same every day
//! said once, and the numbers of the text in the calendar's alarms (issue 13).

use serde_json::Value;

use crate::workdir::Workdir;

fn example() -> Workdir {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    wd
}

/// Options that change the example's plan from the default one.
const TUNED: &[&str] = &[
    "--weeks",
    "3",
    "--start",
    "2026-12-07",
    "--sessions-per-week",
    "3",
    "--sport",
    "run,ride",
    "--ramp",
    "8",
];

fn args<'a>(command: &[&'a str], options: &[&'a str]) -> Vec<&'a str> {
    [command, options].concat()
}

fn plan_json(wd: &Workdir, options: &[&str]) -> Value {
    plan_json_of(wd, "history.csv", options)
}

fn plan_json_of(wd: &Workdir, history: &str, options: &[&str]) -> Value {
    let run = wd.run(&args(&["plan", history, "--format", "json"], options));
    serde_json::from_str(&run.expect_code(0).stdout()).unwrap()
}

fn sessions(plan: &Value) -> Vec<&Value> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .collect()
}

/// (date, kind, whole load) of every session of a plan.
fn date_kind_load(plan: &Value) -> Vec<(String, String, i64)> {
    sessions(plan)
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
                s["load"].as_f64().unwrap().round() as i64,
            )
        })
        .collect()
}

/// The same of every session the report's page lists: `<li class="day session
/// kind-K"><p class="day-head"><time datetime="D">...<span class="load">N AU`.
fn report_sessions(html: &str) -> Vec<(String, String, i64)> {
    html.split("<li class=\"day session kind-")
        .skip(1)
        .map(|item| {
            let kind = item.split('"').next().unwrap().to_string();
            let date = item.split("datetime=\"").nth(1).unwrap()[..10].to_string();
            let load = item
                .split("<span class=\"load\">")
                .nth(1)
                .unwrap()
                .split(" AU")
                .next()
                .unwrap()
                .replace(',', "");
            (date, kind, load.parse().unwrap())
        })
        .collect()
}

/// The texts of an SVG file, in drawing order.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let inner = &t[t.find('>').unwrap() + 1..];
            inner[..inner.find("</text>").unwrap()].trim().to_string()
        })
        .collect()
}

#[test]
fn report_plans_what_plan_prints_with_the_same_options() {
    let wd = example();
    let tuned = plan_json(&wd, TUNED);
    let default = plan_json(&wd, &[]);
    assert_ne!(
        date_kind_load(&tuned),
        date_kind_load(&default),
        "the options change the plan"
    );
    assert_eq!(tuned["start"], "2026-12-07");
    let html = wd.run(&args(&["report", "history.csv"], TUNED)).expect_code(0).stdout();
    let listed = report_sessions(&html);
    assert!(!listed.is_empty());
    assert_eq!(listed, date_kind_load(&tuned));
    let html = wd.run(&["report", "history.csv"]).expect_code(0).stdout();
    assert_eq!(report_sessions(&html), date_kind_load(&default));
}

#[test]
fn the_plan_chart_is_the_chart_plan_draws_with_the_same_options() {
    let wd = example();
    // `plan --chart` draws the very plan it prints.
    wd.run(&args(&["plan", "history.csv", "--chart", "from-plan.svg"], TUNED))
        .expect_code(0);
    wd.run(&args(
        &["chart", "history.csv", "--kind", "plan", "-o", "chart.svg"],
        TUNED,
    ))
    .expect_code(0);
    assert_eq!(wd.read("chart.svg"), wd.read("from-plan.svg"));
    wd.run(&["chart", "history.csv", "--kind", "plan", "-o", "default.svg"])
        .expect_code(0);
    assert_ne!(
        wd.read("default.svg"),
        wd.read("chart.svg"),
        "the options change the chart"
    );
}

#[test]
fn the_calendar_draws_the_sessions_plan_prints_with_the_same_options() {
    let wd = example();
    let plan = plan_json(&wd, TUNED);
    wd.run(&args(
        &["chart", "history.csv", "--kind", "calendar", "-o", "cal.svg"],
        TUNED,
    ))
    .expect_code(0);
    let texts = svg_texts(&wd.read("cal.svg"));
    // Each session's cell says "45 min · RPE 4", in date order.
    let drawn: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .filter(|t| t.contains(" min · RPE "))
        .collect();
    let planned: Vec<String> = sessions(&plan)
        .iter()
        .map(|s| {
            format!(
                "{} min · RPE {}",
                s["duration_min"].as_f64().unwrap().round(),
                s["rpe"].as_f64().unwrap().round()
            )
        })
        .collect();
    assert_eq!(drawn, planned);
    let span = format!(
        "{} to {}",
        plan["start"].as_str().unwrap(),
        plan["weeks"].as_array().unwrap().last().unwrap()["start"]
            .as_str()
            .unwrap()
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(&span[..14]) && t.contains(&format!("{} sessions", planned.len()))),
        "{texts:#?}"
    );
}

#[test]
fn plan_output_format_comes_from_the_extension() {
    let wd = example();
    for (file, starts) in [
        ("plan.txt", "Plan for ana"),
        ("plan.md", "# Plan for ana"),
        ("plan.csv", "athlete,week,deload,date,"),
        ("plan.json", "{\"athlete\":\"ana\""),
        ("plan.ics", "BEGIN:VCALENDAR\r\n"),
        ("PLAN.ICS", "BEGIN:VCALENDAR\r\n"),
    ] {
        wd.run(&["plan", "history.csv", "-o", file]).expect_code(0);
        let written = wd.read(file);
        assert!(written.starts_with(starts), "{file}: {}", &written[..60]);
    }
    // An explicit format that agrees is fine; one that contradicts is a usage error.
    wd.run(&["plan", "history.csv", "--format", "ics", "-o", "agree.ics"])
        .expect_code(0);
    let run = wd.run(&["plan", "history.csv", "--format", "json", "-o", "clash.ics"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains(
            "--format json contradicts the output file clash.ics, whose extension means --format ics; leave --format out, or name the file .json"
        ),
        "{}",
        run.stderr()
    );
    // An extension that names no format: an error listing the known ones, unless
    // --format says which.
    let run = wd.run(&["plan", "history.csv", "-o", "plan.out"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("cannot tell the format of plan.out from its extension; name the file with one of .txt, .text, .md, .markdown, .csv, .json, .ics or choose one with --format"),
        "{}",
        run.stderr()
    );
    wd.run(&["plan", "history.csv", "--format", "md", "-o", "plan.out"])
        .expect_code(0);
    assert!(wd.read("plan.out").starts_with("# Plan for ana"));
    assert!(!wd.exists("clash.ics"), "nothing is written on a usage error");
}

#[test]
fn check_output_format_comes_from_the_extension() {
    let wd = example();
    for (file, starts) in [("c.txt", "ana"), ("c.md", "#"), ("c.csv", "athlete,"), ("c.json", "{")] {
        wd.run(&["check", "history.csv", "-o", file]).expect_code(0);
        let written = wd.read(file);
        assert!(
            written.starts_with(starts),
            "{file}: {}",
            &written[..40.min(written.len())]
        );
    }
    let json: Value = serde_json::from_str(&wd.read("c.json")).unwrap();
    assert!(json["athletes"].is_array());
    let run = wd.run(&["check", "history.csv", "--format", "csv", "-o", "c2.json"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("--format csv contradicts the output file c2.json"),
        "{}",
        run.stderr()
    );
    let run = wd.run(&["check", "history.csv", "-o", "c.ics"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("name the file with one of .txt, .text, .md, .markdown, .csv, .json, .jsonl, .ndjson or"),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("c2.json") && !wd.exists("c.ics"));
}

/// Every line of `text` at most `width` characters wide.
#[track_caller]
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{} > {width}: {line:?}",
            line.chars().count()
        );
    }
}

#[test]
fn plan_text_wraps_at_100_columns_off_a_terminal_with_continuations_under_the_session() {
    let wd = example();
    let text = wd
        .run(&["plan", "history.csv", "--body-mass", "70"])
        .expect_code(0)
        .stdout();
    assert_fits(&text, 100);
    assert!(text.lines().any(|l| l.chars().count() > 90), "lines use the width");
    // COLUMNS is a terminal's: a pipe is still wrapped at 100.
    let piped = wd
        .command(&["plan", "history.csv", "--body-mass", "70"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), text);
    // A session's first line starts with its day and time; its other lines are
    // indented under its text.
    let lines: Vec<&str> = text.lines().collect();
    let firsts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].len() > 24 && lines[i].as_bytes()[2].is_ascii_uppercase() && lines[i].get(6..8) == Some("20")
        })
        .collect();
    assert!(firsts.len() >= 8, "{text}");
    for &i in &firsts {
        let time = &lines[i][17..22];
        assert!(time.as_bytes()[2] == b':', "{:?}", lines[i]);
        assert!(lines[i + 1].starts_with(&" ".repeat(24)), "{:?}", lines[i + 1]);
        assert!(!lines[i + 1].starts_with(&" ".repeat(25)), "{:?}", lines[i + 1]);
    }
}

#[test]
#[cfg(unix)]
fn plan_text_wraps_at_the_terminal_width() {
    let wd = example();
    let Some(shown) = crate::conventions::on_terminal(
        &wd,
        &["plan", "history.csv", "--color", "never"],
        &[("COLUMNS", "60"), ("CRAMPLESS_TODAY", crate::workdir::TODAY)],
    ) else {
        return;
    };
    let shown = shown.replace('\r', "");
    assert!(shown.starts_with("Plan for ana"), "{shown}");
    assert_fits(&shown, 60);
    assert!(shown.lines().any(|l| l.chars().count() > 50));
}

#[test]
fn rest_advice_once_a_week_and_the_fluid_warning_once() {
    let wd = example();
    let plan = plan_json(&wd, &["--weeks", "4"]);
    let text = wd.run(&["plan", "history.csv", "--weeks", "4"]).expect_code(0).stdout();
    // The text by week: after each week's title, up to the next blank line.
    let blocks: Vec<&str> = text.split("\n\n").skip(1).collect();
    let weeks = plan["weeks"].as_array().unwrap();
    for (week, block) in weeks.iter().zip(&blocks) {
        assert!(block.starts_with(week["week"].as_str().unwrap()), "{block}");
        let rest = week["rest_days"].as_array().unwrap();
        let mut advice: Vec<&str> = rest.iter().map(|r| r["advice"].as_str().unwrap()).collect();
        advice.sort_unstable();
        advice.dedup();
        let rest_lines: Vec<&str> = block.lines().filter(|l| l.starts_with("  Rest ")).collect();
        assert_eq!(rest_lines.len(), advice.len(), "{block}");
        // Each rest line names its days: "Rest Mon, Wed, Fri: ...".
        let named: usize = rest_lines
            .iter()
            .map(|l| l.split(':').next().unwrap().matches(", ").count() + 1)
            .sum();
        assert_eq!(named, rest.len(), "{block}");
    }
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let warning = plan["fluid_warning"].as_str().unwrap();
    assert!(!warning.is_empty());
    assert_eq!(one_line.matches(warning).count(), 1, "{text}");
    assert_eq!(text.matches("never more than you sweat").count(), 1, "{text}");
    let md = wd
        .run(&["plan", "history.csv", "--weeks", "4", "--format", "md"])
        .expect_code(0)
        .stdout();
    assert_eq!(md.matches(warning).count(), 1);
    assert_eq!(
        md.matches("- Rest ").count(),
        blocks
            .iter()
            .map(|b| b.lines().filter(|l| l.starts_with("  Rest ")).count())
            .sum::<usize>()
    );
}

#[test]
fn each_session_shows_its_time_effort_and_fluid_amounts() {
    let wd = example();
    let plan = plan_json(&wd, &["--body-mass", "70"]);
    let text = wd
        .run(&["plan", "history.csv", "--body-mass", "70"])
        .expect_code(0)
        .stdout();
    for s in sessions(&plan) {
        let date = s["date"].as_str().unwrap();
        let mut wanted = vec![
            format!(" {}  ", s["time"].as_str().unwrap()),
            format!("RPE {} ({})", s["rpe"].as_f64().unwrap(), s["effort"].as_str().unwrap()),
            format!("{} min", s["duration_min"].as_f64().unwrap()),
        ];
        if let Some(km) = s["distance_km"].as_f64() {
            wanted.push(format!("{} km", (km * 10.0).round() / 10.0));
        }
        assert!(
            text.lines()
                .any(|l| l.get(6..16) == Some(date) && wanted.iter().all(|w| l.contains(w.as_str()))),
            "no line of {date} with {wanted:?}: {text}"
        );
    }
    let before = "before: about 350-500 mL some 4 hours ahead";
    assert_eq!(text.matches(before).count(), sessions(&plan).len(), "{text}");
    let csv = wd
        .run(&["plan", "history.csv", "--body-mass", "70", "--format", "csv"])
        .expect_code(0)
        .stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    for column in [
        "time",
        "distance_km",
        "effort",
        "sets",
        "tonnage_kg",
        "before_ml",
        "carbs_g_per_hour",
        "sodium_mg_per_hour",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let first = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        first
            .get(header.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(cell("before_ml"), "350-500");
    assert_eq!(cell("time"), sessions(&plan)[0]["time"].as_str().unwrap());
}

#[test]
fn the_calendar_starts_each_event_at_its_time_and_alarms_as_the_text_says() {
    let wd = example();
    let plan = plan_json(&wd, &["--body-mass", "70"]);
    wd.run(&["plan", "history.csv", "--body-mass", "70", "-o", "plan.ics"])
        .expect_code(0);
    let ics = wd.read("plan.ics").replace("\r\n ", "");
    let events: Vec<&str> = ics.split("BEGIN:VEVENT").skip(1).collect();
    let planned = sessions(&plan);
    assert_eq!(events.len(), planned.len());
    for (event, s) in events.iter().zip(&planned) {
        let start = format!(
            "DTSTART:{}T{}00",
            s["date"].as_str().unwrap().replace('-', ""),
            s["time"].as_str().unwrap().replace(':', "")
        );
        assert!(event.contains(&start), "{start} in {event}");
        assert!(event.contains("TRIGGER:-PT4H\r\n"), "{event}");
        assert!(
            event.contains("DESCRIPTION:Drink about 350-500 mL now (session in 4 hours)\r\n"),
            "{event}"
        );
        assert_eq!(s["hydration"]["before_hours"], 4);
    }
    // Without a body mass the alarm says the amount per kg, as the text does.
    let ics = wd
        .run(&["plan", "history.csv", "--format", "ics"])
        .expect_code(0)
        .stdout();
    let text = wd.run(&["plan", "history.csv"]).expect_code(0).stdout();
    assert!(ics.contains("DESCRIPTION:Drink about 5-7 mL per kg of body mass now (session in 4 hours)"));
    assert!(text.contains("before: about 5-7 mL per kg of body mass some 4 hours ahead"));
}

#[test]
fn pattern_and_race_flags_parse_and_reach_the_plan() {
    let wd = example();
    let plan = plan_json(&wd, &["--time", "06:30"]);
    assert!(sessions(&plan).iter().all(|s| s["time"] == "06:30"), "{plan:#}");
    let ics = wd
        .run(&["plan", "history.csv", "--time", "06:30", "--format", "ics"])
        .expect_code(0)
        .stdout();
    assert!(ics.contains("DTSTART:20261203T063000"), "{ics}");
    assert!(!ics.contains("T180000"));
    for (options, message) in [
        (
            &["--days", "tue,xyz"][..],
            "invalid value 'xyz' for '--days <DAYS>': \"xyz\" is not a weekday; expected mon, tue, wed, thu, fri, sat or sun (or the full name)",
        ),
        (&["--long-day", "someday"], "\"someday\" is not a weekday"),
        (&["--time", "7pm"], "\"7pm\" is not a time; expected HH:MM"),
        (&["--time", "25:00"], "\"25:00\" is not a time"),
        (&["--race-date", "2027-03-28"], "--race-distance"),
        (&["--race-distance", "half"], "--race-date"),
        (
            &["--race-date", "2027-03-28", "--race-distance", "ultra"],
            "\"ultra\" is not a race distance; expected 5k, 10k, half, marathon or a number of km",
        ),
        (
            &["--race-date", "2026-12-01", "--race-distance", "10k"],
            "--race-date 2026-12-01 is not after the as-of date 2026-12-02",
        ),
    ] {
        let run = wd.run(&args(&["plan", "history.csv"], options));
        run.expect_code(2);
        assert!(run.stderr().contains(message), "{options:?}: {}", run.stderr());
        assert!(run.stdout().is_empty());
    }
    // Accepted spellings.
    for options in [
        &["--days", "Tue,THURSDAY,sat", "--long-day", "Sat"][..],
        &["--race-date", "2027-03-28", "--race-distance", "half"],
        &["--race-date", "2027-03-28", "--race-distance", "15km"],
    ] {
        wd.run(&args(&["plan", "history.csv"], options)).expect_code(0);
    }
}

#[test]
fn a_double_day_without_usual_times_starts_morning_and_evening() {
    let wd = Workdir::new();
    // Six weeks of Tuesday doubles (a ride and a run, no times of day), a Thursday
    // run and a Saturday long run, up to Saturday 2026-11-28.
    let mut csv = String::from("date,sport,duration_min,rpe\n");
    let first_tuesday = chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
    for week in 0..6u64 {
        let tue = first_tuesday + chrono::Days::new(7 * week);
        for (offset, sport, minutes) in [(0, "ride", 45), (0, "run", 30), (2, "run", 40), (4, "run", 60)] {
            csv.push_str(&format!("{},{sport},{minutes},3\n", tue + chrono::Days::new(offset)));
        }
    }
    wd.write("double.csv", csv);
    let plan = plan_json_of(&wd, "double.csv", &["--as-of", "2026-11-28", "--weeks", "2"]);
    let tuesdays: Vec<(&str, &str)> = sessions(&plan)
        .into_iter()
        .filter(|s| s["date"] == "2026-12-01" || s["date"] == "2026-12-08")
        .map(|s| (s["date"].as_str().unwrap(), s["time"].as_str().unwrap()))
        .collect();
    assert_eq!(
        tuesdays,
        [
            ("2026-12-01", "07:00"),
            ("2026-12-01", "18:00"),
            ("2026-12-08", "07:00"),
            ("2026-12-08", "18:00")
        ],
        "{plan}"
    );
}
