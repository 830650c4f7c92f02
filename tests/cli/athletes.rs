//! Realistic athletes (`tests/fixtures/athletes/`), planned as of 2026-11-30 and
//! judged as a coach would: where each plan starts, that it keeps the athlete's week,
//! and that `check` on the history plus the plan raises nothing on a planned day.
//!
//! - `runner.csv`: rita runs twice a week (40 min easy, 70-80 min long).
//! - `comeback.csv`: cora ran 4 x 60 min a week for 8 weeks, then stopped 36 days.
//! - `overload.csv`: olga, after 6 steady weeks, trained 11 days without rest and
//!   cramped badly in a 150-min long run (+114%) 8 days ago.
//! - `beginner.csv`: bea started 10 days ago; five 21-min runs last week.
//! - `triathlete.csv`: tess trains 8 times on 6 days: swim at 06:00 and run at 18:00
//!   on Tuesdays (intervals) and Thursdays, rides Wednesday and Friday evenings, a
//!   150-min ride on Saturday and an 80-min run on Sunday.
//! - `lifter.csv`: leo lifts a 4-day split at 17:30 (Mon chest/shoulders/arms, Tue
//!   back/arms, Thu legs/core 70 min, Fri chest/back), tonnage +1% a week.
//! - `marathoner.csv`: mara runs 5 times a week at 06:30/07:00 (intervals on
//!   Tuesday, 110-min long run on Sunday, about 6.1 min/km).

use serde_json::Value;

use crate::workdir::Workdir;

const AS_OF: &str = "2026-11-30";

struct Planned {
    wd: Workdir,
    plan: Value,
}

fn plan(fixture: &str) -> Planned {
    plan_with(fixture, &[])
}

fn plan_with(fixture: &str, extra: &[&str]) -> Planned {
    let wd = Workdir::new();
    wd.copy_from_repo(&format!("tests/fixtures/athletes/{fixture}.csv"), "history.csv");
    let mut args = vec!["plan", "history.csv", "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    let run = wd.run(&args);
    let plan = serde_json::from_str(&run.expect_code(0).stdout()).unwrap();
    Planned { wd, plan }
}

impl Planned {
    fn start_point(&self, key: &str) -> &Value {
        &self.plan["start_point"][key]
    }

    /// The full weeks, not deload.
    fn ordinary(&self) -> Vec<&Value> {
        self.weeks()
            .into_iter()
            .filter(|w| w["partial"] == false && w["deload"] == false)
            .collect()
    }

    fn weeks(&self) -> Vec<&Value> {
        self.plan["weeks"].as_array().unwrap().iter().collect()
    }

    fn first_full(&self) -> &Value {
        self.weeks().into_iter().find(|w| w["partial"] == false).unwrap()
    }

    /// The caution and danger flags that `check` raises on the planned days of the
    /// history with the plan appended, as (rule, date).
    fn checked_flags_on_plan(&self) -> Vec<(String, String)> {
        let csv = crate::workdir::with_plan_rows(&self.wd.read("history.csv"), &self.plan);
        self.wd.write("with-plan.csv", csv);
        let run = self
            .wd
            .run(&["check", "with-plan.csv", "--as-of", "last", "--format", "json"]);
        let v: Value = serde_json::from_str(&run.expect_code(0).stdout()).unwrap();
        // A week's flags are dated on its Monday: the partial week's judge planned days too.
        let first_monday = self.weeks()[0]["start"].as_str().unwrap().to_string();
        let start = self.plan["start"].as_str().unwrap().to_string();
        v["athletes"][0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] != "info")
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["date"].as_str().unwrap().to_string(),
                )
            })
            .filter(|(rule, date)| *date >= start || (*date == first_monday && rule == "weekly-ramp"))
            .collect()
    }
}

fn minutes(week: &Value) -> f64 {
    week["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["duration_min"].as_f64().unwrap())
        .sum()
}

fn sessions(week: &Value) -> usize {
    week["sessions"].as_array().unwrap().len()
}

/// Ordinary weeks aim at least as high as the one before.
fn assert_targets_never_fall(p: &Planned) {
    let targets: Vec<f64> = p
        .ordinary()
        .iter()
        .map(|w| w["target_load"].as_f64().unwrap())
        .collect();
    assert!(targets.windows(2).all(|t| t[1] >= t[0] - 1e-9), "{targets:?}");
}

#[test]
fn a_runner_twice_a_week_keeps_two_runs_from_what_she_tolerates() {
    let p = plan("runner");
    assert_eq!(p.plan["start"], "2026-12-01", "the day after as-of");
    assert_eq!(p.plan["days_since_last_session"], 2);
    assert_eq!(p.start_point("situation"), "steady");
    // Median of her last six weeks (40 + 70/75/80 min, RPE 4 and 5): 535 AU, 115 min.
    assert_eq!(p.start_point("tolerated")["load"], 535.0);
    assert_eq!(p.start_point("tolerated")["minutes"], 115.0);
    let first = p.first_full();
    assert_eq!(first["target_load"], 535.0);
    for w in p.ordinary() {
        assert_eq!(sessions(w), 2, "{w}");
        assert!(w["sessions"].as_array().unwrap().iter().all(|s| s["sport"] == "run"));
    }
    assert_targets_never_fall(&p);
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
}

#[test]
fn a_comeback_after_36_days_starts_at_60_percent_and_passes_check() {
    let p = plan("comeback");
    assert_eq!(p.start_point("situation"), "break");
    assert_eq!(p.start_point("days_without_training"), 36);
    assert_eq!(p.start_point("return_factor"), 0.6);
    // 60% of the 1200 AU and 240 min she ran a week before the break.
    assert_eq!(p.start_point("first_week_load"), 720.0);
    assert_eq!(p.start_point("first_week_minutes"), 144.0);
    let first = minutes(p.first_full());
    assert!((0.5 * 240.0..=0.6 * 240.0).contains(&first), "week 1 back: {first} min");
    // Four runs a week as before, none hard, and more minutes as the weeks go.
    for w in p.ordinary() {
        assert_eq!(sessions(w), 4, "{w}");
        assert!(
            w["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["rpe"].as_f64().unwrap() < 7.0)
        );
    }
    let ordinary: Vec<f64> = p.ordinary().into_iter().map(minutes).collect();
    assert!(ordinary.windows(2).all(|m| m[1] >= m[0]), "{ordinary:?}");
    assert_targets_never_fall(&p);
    assert!(p.plan["check"]["note"].is_null(), "{}", p.plan["check"]);
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
}

#[test]
fn after_an_overload_and_a_severe_cramp_the_first_week_steps_back() {
    let p = plan("overload");
    let tolerated = &p.start_point("tolerated");
    // The streak and the long-run week are spikes: what she tolerated comes from the six
    // steady weeks (45 + 40 + 45 + 70 min at RPE 6, 4, 5, 5 = 1005 AU, 200 min).
    assert_eq!(tolerated["load"], 1005.0);
    assert_eq!(tolerated["minutes"], 200.0);
    let reasons = p.start_point("reasons").to_string();
    assert!(reasons.contains("severe cramp on 2026-11-22"), "{reasons}");
    let first = p.first_full();
    assert!(first["planned_load"].as_f64().unwrap() <= 0.9 * 1005.0);
    assert!(minutes(first) <= 0.9 * 200.0);
    for s in first["sessions"].as_array().unwrap() {
        assert!(s["rpe"].as_f64().unwrap() < 7.0, "nothing hard: {s}");
        // Anchored to the 70-min long run before the spike, not to the 150-min spike.
        assert!(s["duration_min"].as_f64().unwrap() <= 77.0, "{s}");
    }
    // Four sessions as in her steady weeks, not the six of the streak.
    assert_eq!(sessions(first), 4);
    assert_targets_never_fall(&p);
    // 8 days off is too short to silence the acwr rule: the window still holds the
    // gap, and the plan says so. Nothing else is flagged.
    let flags = p.checked_flags_on_plan();
    assert!(flags.iter().all(|(rule, _)| rule == "acwr"), "{flags:?}");
    if !flags.is_empty() {
        let note = p.plan["check"]["note"].as_str().unwrap();
        assert!(note.contains("8 days without training"), "{note}");
    }
}

#[test]
fn a_beginner_keeps_last_weeks_minutes_and_nothing_hard() {
    let p = plan("beginner");
    assert_eq!(p.start_point("situation"), "beginner");
    // Five runs of 21 min last week: 105 min, kept.
    assert_eq!(p.start_point("first_week_minutes"), 105.0);
    let first = p.first_full();
    assert!(minutes(first) >= 100.0, "{} min", minutes(first));
    assert!(sessions(first) >= 4);
    for w in p.weeks() {
        for s in w["sessions"].as_array().unwrap() {
            assert!(s["rpe"].as_f64().unwrap() < 7.0, "{s}");
            // A short run is mostly running: warm-up and cool-down take at most
            // half of it (a 23-min run: 6 + 5 min, 12 min of running).
            let duration = s["duration_min"].as_f64().unwrap();
            let around = s["warmup"]["minutes"].as_f64().unwrap() + s["cooldown"]["minutes"].as_f64().unwrap();
            assert!(around <= (duration / 2.0).floor().max(10.0), "{s}");
        }
    }
    let ordinary: Vec<f64> = p.ordinary().into_iter().map(minutes).collect();
    assert!(ordinary.windows(2).all(|m| m[1] >= m[0]), "{ordinary:?}");
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
}

#[test]
fn a_squad_file_plans_each_athlete_as_if_alone() {
    let wd = Workdir::new();
    let mut squad = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/athletes/runner.csv"
    ))
    .unwrap();
    let comeback = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/athletes/comeback.csv"
    ))
    .unwrap();
    squad.extend(comeback.lines().skip(1).map(|l| format!("{l}\n")));
    wd.write("squad.csv", squad);
    let run = wd.run(&["plan", "squad.csv", "--as-of", AS_OF]);
    assert!(run.expect_code(2).stderr().contains("choose one with --athlete"));
    let alone = plan("comeback");
    let in_squad = wd.run(&[
        "plan",
        "squad.csv",
        "--as-of",
        AS_OF,
        "--athlete",
        "cora",
        "--format",
        "json",
    ]);
    let in_squad: Value = serde_json::from_str(&in_squad.expect_code(0).stdout()).unwrap();
    assert_eq!(in_squad["weeks"], alone.plan["weeks"]);
    assert_eq!(in_squad["start_point"], alone.plan["start_point"]);
}

fn all_sessions(p: &Planned) -> Vec<&Value> {
    p.weeks()
        .into_iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .collect()
}

fn weekday(date: &Value) -> chrono::Weekday {
    use chrono::Datelike;
    chrono::NaiveDate::parse_from_str(date.as_str().unwrap(), "%Y-%m-%d")
        .unwrap()
        .weekday()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Endurance minutes in recovery, easy and long sessions, over all endurance minutes
/// (the race not counted).
fn easy_share(week: &Value) -> Option<f64> {
    let (mut easy, mut all) = (0.0, 0.0);
    for s in week["sessions"].as_array().unwrap() {
        let kind = s["kind"].as_str().unwrap();
        if kind == "strength" || kind == "race" {
            continue;
        }
        all += f(&s["duration_min"]);
        if matches!(kind, "recovery" | "easy" | "long") {
            easy += f(&s["duration_min"]);
        }
    }
    (all > 0.0).then(|| easy / all)
}

#[test]
fn the_runner_keeps_her_days_her_time_and_her_pace() {
    let p = plan("runner");
    let pattern = &p.plan["pattern"];
    assert_eq!(pattern["days"], serde_json::json!(["tue", "sat"]));
    assert_eq!(pattern["long_day"], "sat");
    assert_eq!(pattern["rest_days"], 2);
    for s in all_sessions(&p) {
        // Her history: every run at 07:00, on Tuesdays (40 min, 6.5 km) and
        // Saturdays (70-80 min, 11-12.6 km).
        assert_eq!(s["time"], "07:00", "{s}");
        let day = weekday(&s["date"]);
        assert!(matches!(day, chrono::Weekday::Tue | chrono::Weekday::Sat), "{s}");
        let km = f(&s["distance_km"]);
        if day == chrono::Weekday::Tue {
            assert_eq!(s["kind"], "easy");
            // 40 min for 6.5 km: 6.15 min/km, to the nearest 0.5 km (or less under
            // the single-session spike rule's distance cap).
            let at_pace = f(&s["duration_min"]) * 6.5 / 40.0;
            assert!(km <= at_pace + 0.25 + 1e-9 && km >= at_pace - 1.5, "{s}");
        } else {
            assert_eq!(s["kind"], "long");
        }
        // RPE words from the CR-10 scale; no "conversational" at 4.
        let word = match f(&s["rpe"]).round() as i64 {
            2 => "easy",
            3 => "moderate",
            4 => "somewhat hard",
            5 | 6 => "hard",
            7..=9 => "very hard",
            r => panic!("unexpected RPE {r}"),
        };
        assert_eq!(s["effort"], word, "{s}");
    }
    for w in p.weeks() {
        assert!(easy_share(w).unwrap() >= 0.8, "{w}");
    }
    // Her long run stays near her 70-80 min in ordinary weeks.
    for w in p.ordinary() {
        let long = w["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "long")
            .unwrap();
        assert!(f(&long["duration_min"]) >= 70.0, "{long}");
    }
}

#[test]
fn the_triathlete_keeps_her_double_days_three_sports_and_one_rest_day() {
    let p = plan("triathlete");
    let pattern = &p.plan["pattern"];
    assert_eq!(pattern["sessions_per_week"], 8);
    assert_eq!(pattern["double_days"], serde_json::json!(["tue", "thu"]));
    assert_eq!(pattern["rest_days"], 1, "six training days a week: one full rest day");
    assert_eq!(pattern["hard_per_week"], 1);
    for w in p.ordinary() {
        let list = w["sessions"].as_array().unwrap();
        assert_eq!(list.len(), 8, "{w}");
        let count = |sport: &str| list.iter().filter(|s| s["sport"] == sport).count();
        // 3 rides, 3 runs, 2 swims in 8: every sport with 20% or more, every week.
        assert_eq!((count("ride"), count("run"), count("swim")), (3, 3, 2), "{w}");
        assert_eq!(w["rest_days"].as_array().unwrap().len(), 1);
        for day in [chrono::Weekday::Tue, chrono::Weekday::Thu] {
            let that_day: Vec<&Value> = list.iter().filter(|s| weekday(&s["date"]) == day).collect();
            assert_eq!(that_day.len(), 2, "{day}: {w}");
            assert_eq!(
                (&that_day[0]["sport"], &that_day[0]["time"]),
                (&"swim".into(), &"06:00".into())
            );
            assert_eq!(
                (&that_day[1]["sport"], &that_day[1]["time"]),
                (&"run".into(), &"18:00".into())
            );
        }
        // Hard sessions: at most her one a week plus one, and the Tuesday run.
        let hard: Vec<&Value> = list.iter().filter(|s| s["kind"] == "intervals").collect();
        assert!(hard.len() <= 2);
        assert!(
            hard.iter()
                .all(|s| s["sport"] == "run" && weekday(&s["date"]) == chrono::Weekday::Tue),
            "{w}"
        );
        assert!(easy_share(w).unwrap() >= 0.8, "{w}");
        // Her long ride and long run stay long.
        let long: Vec<&str> = list
            .iter()
            .filter(|s| s["kind"] == "long")
            .map(|s| s["sport"].as_str().unwrap())
            .collect();
        assert_eq!(long, ["ride", "run"], "{w}");
    }
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
}

#[test]
fn the_lifter_keeps_his_split_and_progresses_by_tonnage() {
    let p = plan("lifter");
    // The fixture's split, by weekday (muscle groups sorted).
    let split = [
        (chrono::Weekday::Mon, vec!["arms", "chest", "shoulders"], 60.0),
        (chrono::Weekday::Tue, vec!["arms", "back"], 60.0),
        (chrono::Weekday::Thu, vec!["core", "legs"], 70.0),
        (chrono::Weekday::Fri, vec!["back", "chest"], 60.0),
    ];
    let mut by_week: Vec<Vec<(chrono::Weekday, f64)>> = Vec::new();
    for w in p.weeks() {
        let mut tonnages = Vec::new();
        for s in w["sessions"].as_array().unwrap() {
            assert_eq!(s["sport"], "strength");
            assert_eq!(s["time"], "17:30");
            assert!(s.get("distance_km").is_none());
            let day = weekday(&s["date"]);
            let (_, groups, minutes) = split
                .iter()
                .find(|(d, _, _)| *d == day)
                .unwrap_or_else(|| panic!("{s}"));
            assert_eq!(s["muscle_groups"], serde_json::json!(groups), "{s}");
            // Minutes follow the prescription: ~15 min of warm-up and cool-down and
            // 2.5 min per working set.
            let sets = f(&s["sets"]);
            let d = f(&s["duration_min"]);
            assert_eq!(sets, ((d - 15.0) / 2.5).floor(), "{s}");
            if w["deload"] == false && w["partial"] == false {
                assert_eq!(d, *minutes, "{s}");
            }
            // No carbohydrate or sodium for a gym session.
            assert!(s["hydration"].get("carbs_g_per_hour").is_none(), "{s}");
            assert!(s["hydration"].get("sodium_mg_per_hour").is_none(), "{s}");
            tonnages.push((day, f(&s["tonnage_kg"])));
        }
        if w["partial"] == false && w["deload"] == false {
            by_week.push(tonnages);
        }
    }
    // Week over week, each day's tonnage grows 2-5% (2.5% by default, to 10 kg).
    let thu: Vec<f64> = by_week
        .iter()
        .filter_map(|w| w.iter().find(|(d, _)| *d == chrono::Weekday::Thu).map(|(_, t)| *t))
        .collect();
    assert!(thu.len() >= 3, "{thu:?}");
    for pair in thu.windows(2) {
        let growth = pair[1] / pair[0];
        assert!(growth > 1.0, "{thu:?}");
    }
    // Over the plan: about +2.5% a week compounded, between +2% and +5% a week.
    let weeks = (thu.len() - 1) as f64;
    let rate = (thu[thu.len() - 1] / thu[0]).powf(1.0 / weeks);
    assert!((1.02..=1.05).contains(&rate), "{rate} {thu:?}");
    // Week 1's Thursday: the median of his last six Thursdays (9000 x 1.02..1.07,
    // 9405 kg) grown one week at 2.5%.
    assert_eq!(thu[0], ((9405.0f64 * 1.025) / 10.0).round() * 10.0);
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
}

#[test]
fn a_marathon_16_weeks_out_builds_the_long_run_tapers_and_races() {
    let race = "2027-03-21";
    let p = plan_with("marathoner", &["--race-date", race, "--race-distance", "marathon"]);
    let report = &p.plan["race"];
    assert_eq!(report["reachable"], true);
    assert_eq!(report["label"], "marathon");
    assert_eq!(report["taper_weeks"], 3);
    // The plan runs through race day, past the default 4 weeks.
    let last = p.weeks().last().unwrap().to_owned();
    assert_eq!(last["start"], "2027-03-15");
    let sessions = all_sessions(&p);
    let race_day: Vec<&&Value> = sessions.iter().filter(|s| s["kind"] == "race").collect();
    assert_eq!(race_day.len(), 1);
    assert_eq!(race_day[0]["date"], race);
    assert_eq!(f(&race_day[0]["distance_km"]), 42.195);
    // A race of about 4 hours: 60-90 g carbohydrate and sodium every hour.
    assert_eq!(
        race_day[0]["hydration"]["carbs_g_per_hour"],
        serde_json::json!([60, 90])
    );
    assert_eq!(
        race_day[0]["hydration"]["sodium_mg_per_hour"],
        serde_json::json!([300, 600])
    );
    // Nothing after race day; nothing at RPE 7 or more in the two days before it.
    let race_date = chrono::NaiveDate::parse_from_str(race, "%Y-%m-%d").unwrap();
    for s in &sessions {
        let date = chrono::NaiveDate::parse_from_str(s["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert!(date <= race_date);
        if date < race_date && (race_date - date).num_days() <= 2 {
            assert!(f(&s["rpe"]) < 7.0, "{s}");
        }
    }
    // The long run: at least 95% of the 150 min the distance asks for (28-32 km or
    // 150 min, whichever first: 150 min at her 6.1 min/km), at least once 3-5 weeks
    // out, and never above 180 min.
    let longs: Vec<(chrono::NaiveDate, f64)> = sessions
        .iter()
        .filter(|s| s["kind"] == "long")
        .map(|s| {
            (
                chrono::NaiveDate::parse_from_str(s["date"].as_str().unwrap(), "%Y-%m-%d").unwrap(),
                f(&s["duration_min"]),
            )
        })
        .collect();
    assert!(longs.iter().all(|(_, m)| *m <= 180.0));
    assert!(
        longs
            .iter()
            .any(|(d, m)| *m >= 142.5 && (21..=35).contains(&(race_date - *d).num_days())),
        "{longs:?}"
    );
    // The long run grows at most 10% over the longest of the 30 days before it.
    let mut history_long = 117.0; // her longest run in the 30 days before the plan
    for (d, m) in &longs {
        let window: f64 = longs
            .iter()
            .filter(|(e, _)| e < d && (*d - *e).num_days() <= 30)
            .map(|(_, m)| *m)
            .fold(history_long, f64::max);
        assert!(*m <= window * 1.1 + 1e-9, "{d}: {m} after {window}");
        if (*d - chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).num_days() > 30 {
            history_long = 0.0;
        }
    }
    // The taper: the three weeks before the race, each lighter than the peak week
    // (the highest ordinary week before it), the race week 40-60% lighter without the
    // race, with an interval session kept until the race week's Tuesday.
    let taper_from = report["taper_from"].as_str().unwrap().to_string();
    assert_eq!(taper_from, "2027-03-01");
    let non_race = |w: &Value| -> f64 {
        w["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] != "race")
            .map(|s| f(&s["duration_min"]))
            .sum()
    };
    let peak = p
        .ordinary()
        .into_iter()
        .filter(|w| w["start"].as_str().unwrap() < taper_from.as_str())
        .map(minutes)
        .fold(0.0, f64::max);
    let taper: Vec<f64> = p
        .weeks()
        .into_iter()
        .filter(|w| w["start"].as_str().unwrap() >= taper_from.as_str())
        .map(non_race)
        .collect();
    assert_eq!(taper.len(), 3);
    assert!(taper.windows(2).all(|t| t[1] < t[0]), "{taper:?}");
    assert!(taper[0] <= 0.85 * peak && taper[2] <= 0.6 * peak, "{taper:?} of {peak}");
    for w in p
        .weeks()
        .into_iter()
        .filter(|w| w["start"].as_str().unwrap() >= taper_from.as_str())
    {
        assert!(
            w["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["kind"] == "intervals"),
            "{w}"
        );
    }
    // Before the race, the plan passes check; the race's own flags (on race day and
    // the race week's weekly flags) are intended, and the plan says so.
    for (rule, date) in p.checked_flags_on_plan() {
        let intended = date.as_str() >= race
            || (date == "2027-03-15" && matches!(rule.as_str(), "weekly-ramp" | "intensity-spike" | "monotony"));
        assert!(intended, "{rule} on {date}");
    }
    assert!(p.plan["check"]["note"].as_str().unwrap().contains("Intended"));
    // The plan chart marks and names race day.
    let chart = p.wd.run(&[
        "chart",
        "history.csv",
        "--kind",
        "plan",
        "--as-of",
        AS_OF,
        "--race-date",
        race,
        "--race-distance",
        "marathon",
        "-o",
        "plan.svg",
    ]);
    chart.expect_code(0);
    assert!(p.wd.read("plan.svg").contains("marathon 2027-03-21"));
}

#[test]
fn a_race_too_soon_is_refused_with_the_earliest_safe_date_and_no_race_is_planned() {
    let p = plan_with(
        "marathoner",
        &["--race-date", "2026-12-20", "--race-distance", "marathon"],
    );
    let report = &p.plan["race"];
    assert_eq!(report["reachable"], false);
    assert!(report["taper_from"].is_null());
    let earliest = report["earliest_safe_date"].as_str().unwrap().to_string();
    assert!(earliest.as_str() > "2026-12-20", "{earliest}");
    let message = report["message"].as_str().unwrap();
    assert!(message.contains("too soon") && message.contains(&earliest), "{message}");
    assert!(all_sessions(&p).iter().all(|s| s["kind"] != "race"));
    // Only what is safe: the same rules pass.
    assert_eq!(p.checked_flags_on_plan(), Vec::<(String, String)>::new());
    // The earliest safe date is safe by the planner's own verdict.
    let on_time = plan_with("marathoner", &["--race-date", &earliest, "--race-distance", "marathon"]);
    assert_eq!(on_time.plan["race"]["reachable"], true, "{}", on_time.plan["race"]);
    // The text says it plainly.
    let wd = &p.wd;
    let text = wd.run(&[
        "plan",
        "history.csv",
        "--as-of",
        AS_OF,
        "--race-date",
        "2026-12-20",
        "--race-distance",
        "marathon",
    ]);
    let out = text.expect_code(0).stdout();
    assert!(out.contains("too soon") && out.contains(&earliest), "{out}");
}
