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
    let run = wd.run(&args(&["plan", "history.csv", "--format", "json"], options));
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
    assert_ne!(date_kind_load(&tuned), date_kind_load(&default), "the options change the plan");
    assert_eq!(tuned["start"], "2026-12-07");
    let html = wd
        .run(&args(&["report", "history.csv"], TUNED))
        .expect_code(0)
        .stdout();
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
    wd.run(&args(&["chart", "history.csv", "--kind", "plan", "-o", "chart.svg"], TUNED))
        .expect_code(0);
    assert_eq!(wd.read("chart.svg"), wd.read("from-plan.svg"));
    wd.run(&["chart", "history.csv", "--kind", "plan", "-o", "default.svg"])
        .expect_code(0);
    assert_ne!(wd.read("default.svg"), wd.read("chart.svg"), "the options change the chart");
}

#[test]
fn the_calendar_draws_the_sessions_plan_prints_with_the_same_options() {
    let wd = example();
    let plan = plan_json(&wd, TUNED);
    wd.run(&args(&["chart", "history.csv", "--kind", "calendar", "-o", "cal.svg"], TUNED))
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
        plan["weeks"].as_array().unwrap().last().unwrap()["start"].as_str().unwrap()
    );
    assert!(
        texts.iter().any(|t| t.starts_with(&span[..14]) && t.contains(&format!("{} sessions", planned.len()))),
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
    for (file, starts) in [
        ("c.txt", "ana"),
        ("c.md", "#"),
        ("c.csv", "athlete,"),
        ("c.json", "{"),
    ] {
        wd.run(&["check", "history.csv", "-o", file]).expect_code(0);
        let written = wd.read(file);
        assert!(written.starts_with(starts), "{file}: {}", &written[..40.min(written.len())]);
    }
    let json: Value = serde_json::from_str(&wd.read("c.json")).unwrap();
    assert!(json["athletes"].is_array());
    let run = wd.run(&["check", "history.csv", "--format", "csv", "-o", "c2.json"]);
    run.expect_code(2);
    assert!(run.stderr().contains("--format csv contradicts the output file c2.json"), "{}", run.stderr());
    let run = wd.run(&["check", "history.csv", "-o", "c.ics"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("name the file with one of .txt, .text, .md, .markdown, .csv, .json or"),
        "{}",
        run.stderr()
    );
    assert!(!wd.exists("c2.json") && !wd.exists("c.ics"));
}
