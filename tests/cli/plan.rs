//! `crampless plan` from the command line.

use chrono::Datelike;
use serde_json::Value;

use crate::workdir::Workdir;

fn example() -> Workdir {
    let wd = Workdir::new();
    wd.copy_from_repo("examples/history.csv", "history.csv");
    wd
}

#[test]
fn text_plan_snapshot() {
    let wd = example();
    let run = wd.run(&["plan", "history.csv", "--as-of", "last"]);
    insta::assert_snapshot!("plan_text_example", run.expect_code(0).stdout());
}

#[test]
fn json_plan_snapshot_and_shape() {
    let wd = example();
    let run = wd.run(&["plan", "history.csv", "--as-of", "last", "--format", "json"]);
    let v: Value = serde_json::from_str(&run.expect_code(0).stdout()).unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        [
            "as_of",
            "athlete",
            "baseline_weekly_load",
            "check",
            "days_since_last_session",
            "fluid_warning",
            "goal",
            "last_session",
            "pattern",
            "start",
            "start_point",
            "weeks"
        ]
    );
    assert_eq!(
        keys(&v["weeks"][0]),
        [
            "deload",
            "partial",
            "planned_load",
            "rest_days",
            "sessions",
            "start",
            "target_load",
            "target_minutes",
            "week"
        ]
    );
    assert_eq!(
        keys(&v["weeks"][0]["sessions"][0]),
        [
            "cooldown",
            "date",
            "distance_km",
            "duration_min",
            "effort",
            "expected_rpe",
            "hydration",
            "kind",
            "load",
            "main",
            "rpe",
            "sport",
            "time",
            "warmup"
        ]
    );
    assert_eq!(keys(&v["weeks"][0]["sessions"][0]["warmup"]), ["drills", "minutes"]);
    assert_eq!(
        keys(&v["weeks"][0]["sessions"][0]["cooldown"]),
        ["minutes", "stretches"]
    );
    assert_eq!(
        keys(&v["weeks"][0]["sessions"][0]["hydration"]),
        [
            "after",
            "before",
            "before_hours",
            "during",
            "during_l_per_hour",
            "electrolytes",
            "sodium_only_if_hot"
        ]
    );
    assert_eq!(keys(&v["check"]), ["flags"]);
    assert!(v["goal"].is_null());
    insta::assert_snapshot!("plan_json_example", serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn the_plan_passes_check_when_appended_to_the_history() {
    let wd = example();
    // As of the last session: the plan follows straight on, no gap to explain.
    let run = wd.run(&[
        "plan",
        "history.csv",
        "--as-of",
        "last",
        "--weeks",
        "8",
        "--format",
        "json",
    ]);
    let plan: Value = serde_json::from_str(&run.expect_code(0).stdout()).unwrap();
    // Append the planned sessions to the history and run `check` on the result.
    let csv = crate::workdir::with_plan_rows(&wd.read("history.csv"), &plan);
    wd.write("with-plan.csv", csv);
    // As of the plan's last day: with today's default the planned days would not be judged.
    let check = wd.run(&["check", "with-plan.csv", "--as-of", "last", "--format", "json"]);
    let v: Value = serde_json::from_str(&check.expect_code(0).stdout()).unwrap();
    let start = plan["start"].as_str().unwrap();
    assert!(
        v["athletes"][0]["as_of"].as_str().unwrap() > start,
        "the plan's days are checked"
    );
    let on_plan: Vec<&Value> = v["athletes"][0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["date"].as_str().unwrap() >= start && f["severity"] != "info")
        .collect();
    assert!(on_plan.is_empty(), "{on_plan:#?}");
    for day in v["athletes"][0]["days"].as_array().unwrap() {
        if day["date"].as_str().unwrap() >= start {
            assert!(day["acwr"].as_f64().unwrap() <= 1.3, "{day}");
        }
    }
}

#[test]
fn every_session_carries_its_reminders_and_the_plan_ends_with_the_doctor_advice() {
    let wd = example();
    let out = wd
        .run(&["plan", "history.csv", "--body-mass", "70"])
        .expect_code(0)
        .stdout();
    // A session's first line ends with its load; its warm-up follows, under it.
    let sessions = out.lines().filter(|l| l.ends_with(" AU")).count();
    let reminders = out.lines().filter(|l| l.trim_start().starts_with("warm-up ")).count();
    assert!(sessions >= 8, "{out}");
    assert_eq!(sessions, reminders);
    assert!(out.contains("\n  Rest "), "rest days are in the plan");
    let one_line = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(one_line.matches("See a doctor").count(), 1, "said once, at the end");
    assert!(one_line.ends_with("This plan is general guidance, not medical advice."));
    let json = wd
        .run(&["plan", "history.csv", "--body-mass", "70", "--format", "json"])
        .stdout();
    assert!(json.contains("about 350-500 mL slowly"), "body mass gives amounts");
}

#[test]
fn a_goal_too_soon_is_refused_with_the_earliest_safe_date() {
    let wd = example();
    let run = wd.run(&[
        "plan",
        "history.csv",
        "--goal-minutes",
        "360",
        "--by",
        "2027-01-01",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&run.expect_code(0).stdout()).unwrap();
    let goal = &v["goal"];
    assert_eq!(goal["reachable"], false);
    assert!(goal["earliest_safe_date"].as_str().unwrap() > "2027-01-01");
    assert!(goal["message"].as_str().unwrap().contains("is too soon"));
    let text = wd
        .run(&["plan", "history.csv", "--goal-minutes", "200", "--by", "2027-03-01"])
        .stdout();
    assert!(
        text.contains("Goal: 200 min/week is safely reachable by 2027-03-01"),
        "{text}"
    );
}

#[test]
fn ics_is_valid_icalendar_with_an_event_and_alarm_per_session() {
    let wd = example();
    let run = wd.run(&[
        "plan",
        "history.csv",
        "--as-of",
        "last",
        "--format",
        "ics",
        "-o",
        "plan.ics",
    ]);
    run.expect_code(0);
    let ics = wd.read("plan.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.trim_end().ends_with("END:VCALENDAR"));
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let events = ics.matches("BEGIN:VEVENT").count();
    assert_eq!(events, ics.matches("END:VEVENT").count());
    assert_eq!(events, ics.matches("BEGIN:VALARM").count());
    assert_eq!(events, ics.matches("TRIGGER:-PT4H").count());
    assert_eq!(events, ics.matches("DTSTART:").count());
    let json: Value = serde_json::from_str(
        &wd.run(&["plan", "history.csv", "--as-of", "last", "--format", "json"])
            .stdout(),
    )
    .unwrap();
    let sessions: usize = json["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["sessions"].as_array().unwrap().len())
        .sum();
    assert_eq!(events, sessions);
    // The example logs its sessions at 07:00, on Wednesdays at 18:30: the plan keeps
    // the athlete's times, and each event starts at its session's.
    for session in json["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
    {
        let date = session["date"].as_str().unwrap();
        let wednesday = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().weekday() == chrono::Weekday::Wed;
        assert_eq!(session["time"], if wednesday { "18:30" } else { "07:00" }, "{session}");
        let start = format!(
            "DTSTART:{}T{}00\r\n",
            date.replace('-', ""),
            session["time"].as_str().unwrap().replace(':', "")
        );
        assert!(ics.contains(&start), "{start}");
    }
    // A history without times: the config's session_time (default 18:00).
    let dates_only: String = wd
        .read("history.csv")
        .lines()
        .map(|l| l.replace("T07:00:00", "").replace("T18:30:00", "") + "\n")
        .collect();
    wd.write("dates.csv", &dates_only);
    let ics = wd
        .run(&["plan", "dates.csv", "--as-of", "last", "--format", "ics"])
        .stdout();
    assert!(ics.contains("DTSTART:20261117T180000"), "default 18:00 local: {ics}");
    wd.write("crampless.toml", "[plan]\nsession_time = \"06:30\"\n");
    let ics = wd
        .run(&["plan", "dates.csv", "--as-of", "last", "--format", "ics"])
        .stdout();
    assert!(ics.contains("DTSTART:20261117T063000"));
    // The same plan gives the same bytes.
    assert_eq!(
        ics,
        wd.run(&["plan", "dates.csv", "--as-of", "last", "--format", "ics"])
            .stdout()
    );
}

#[test]
fn markdown_and_csv() {
    let wd = example();
    let md = wd.run(&[
        "plan",
        "history.csv",
        "--as-of",
        "last",
        "--format",
        "md",
        "-o",
        "plan.md",
    ]);
    md.expect_code(0);
    let md = wd.read("plan.md");
    assert!(md.starts_with("# Plan for ana: 4 weeks from Mon 2026-11-16"), "{md}");
    assert!(md.contains(
        "| day | time | session | min | km | effort | load | main set | warm-up | cool-down | fluids and fuel |"
    ));
    let csv = wd
        .run(&["plan", "history.csv", "--format", "csv"])
        .expect_code(0)
        .stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<&str> = reader.headers().unwrap().iter().take(6).collect();
    assert_eq!(header, ["athlete", "week", "deload", "date", "time", "sport"]);
    assert!(reader.records().count() >= 8);
}

#[test]
fn options_and_errors() {
    let wd = example();
    let v: Value = serde_json::from_str(
        &wd.run(&[
            "plan",
            "history.csv",
            "--weeks",
            "6",
            "--sessions-per-week",
            "5",
            "--format",
            "json",
        ])
        .stdout(),
    )
    .unwrap();
    // Today (2026-12-02) is a Wednesday: the rest of this week, then six full weeks.
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 7);
    assert_eq!(weeks[0]["partial"], true);
    assert_eq!(v["start"], "2026-12-03");
    assert_eq!(weeks[4]["deload"], true, "the fourth full week");
    assert!(weeks[1..].iter().all(|w| w["rest_days"].as_array().unwrap().len() >= 2));
    for (args, message) in [
        (vec!["--rest-days", "7"], "--rest-days 7 must be from 1 to 6"),
        (
            vec!["--sessions-per-week", "11", "--rest-days", "2"],
            "--sessions-per-week 11 does not fit in 5 training days (two sessions a day at most)",
        ),
        (vec!["--by", "2027-01-01"], "--by needs a goal"),
        (
            vec!["--athlete", "zoe"],
            "no athlete \"zoe\" in the history; athletes: ana",
        ),
        (
            vec!["--start", "2026-11-09"],
            "--start 2026-11-09 is not after the as-of date 2026-12-02",
        ),
    ] {
        let mut all = vec!["plan", "history.csv"];
        all.extend(args);
        let run = wd.run(&all);
        run.expect_code(2);
        assert!(run.stderr().contains(message), "{all:?}: {}", run.stderr());
        assert!(run.stdout().is_empty());
    }
    wd.write(
        "squad.csv",
        "athlete,date,sport,duration_min,rpe\nana,2026-01-05,run,30,5\nben,2026-01-06,ride,60,4\n",
    );
    let run = wd.run(&["plan", "squad.csv"]);
    run.expect_code(2);
    assert!(
        run.stderr()
            .contains("the history holds several athletes (ana, ben); choose one with --athlete")
    );
    wd.run(&["plan", "squad.csv", "--athlete", "ben"]).expect_code(0);
}

#[test]
fn plan_chart_shortcut_draws_the_plan_beside_recent_weeks() {
    let wd = example();
    let run = wd.run(&["plan", "history.csv", "--chart", "plan.png"]);
    assert!(run.expect_code(0).stdout().starts_with("Plan for ana"));
    let image = crate::chart::decode_png(&std::fs::read(wd.path("plan.png")).unwrap());
    assert_eq!((image.0, image.1), (1200, 700));
    assert!(crate::chart::drawn(&image, (0, 0), (1200, 60)) > 500, "a title");
    assert!(crate::chart::drawn(&image, (100, 150), (1150, 640)) > 20_000, "bars");
    // A bad chart path fails before anything is printed, and nothing is written.
    let run = wd.run(&["plan", "history.csv", "--chart", "plan.gif"]);
    run.expect_code(2);
    assert!(run.stdout().is_empty());
    assert!(!wd.exists("plan.gif"));
}
