//! Property tests: on many generated histories and options, every plan keeps the
//! ramp cap, the rest days, the hard-day spacing, the long-session cap and the
//! strength-muscle rule, and passes its own check.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::{PlanOptions, SessionKind, build};
use crate::config::Config;
use crate::history::{History, Session};
use crate::rules::Severity;

const SPORTS: [&str; 5] = ["run", "ride", "swim", "strength", "walk"];

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

/// One session: sport, duration in 5-minute steps (20-175 min), optional RPE, and
/// legs or upper body for strength.
fn session_strategy() -> impl Strategy<Value = (usize, u32, Option<u32>, bool)> {
    (
        0usize..SPORTS.len(),
        4u32..36,
        prop::option::weighted(0.85, 2u32..10),
        any::<bool>(),
    )
}

fn session(date: NaiveDate, (sport, steps, rpe, legs): (usize, u32, Option<u32>, bool)) -> Session {
    let mut s = Session::new("me", date, SPORTS[sport], 5.0 * f64::from(steps));
    s.rpe = rpe.map(f64::from);
    if SPORTS[sport] == "strength" {
        s.muscle_groups = if legs {
            ["legs".to_string()].into()
        } else {
            ["chest".to_string(), "back".to_string()].into()
        };
    }
    s
}

/// A training history: 1 to 20 weeks, each with 2 to 6 sessions on distinct days
/// (any sport, duration and intensity), ending on any weekday.
fn history_strategy() -> impl Strategy<Value = Vec<Session>> {
    let week = prop::sample::subsequence((0u64..7).collect::<Vec<_>>(), 2..=6).prop_flat_map(|days| {
        let n = days.len();
        (Just(days), prop::collection::vec(session_strategy(), n))
    });
    (prop::collection::vec(week, 1..20), 0u64..7).prop_map(|(weeks, trim)| {
        let mut out = Vec::new();
        let total = weeks.len() as u64;
        for (w, (days, sessions)) in weeks.into_iter().enumerate() {
            for (day, spec) in days.into_iter().zip(sessions) {
                let offset = 7 * w as u64 + day;
                // Cut the last week short so the history can end on any weekday.
                if offset >= 7 * total - trim && out.len() > 1 {
                    continue;
                }
                out.push(session(day0() + chrono::Days::new(offset), spec));
            }
        }
        out
    })
}

/// Any history at all: sparse, tiny, odd.
fn any_history_strategy() -> impl Strategy<Value = Vec<Session>> {
    prop::collection::vec((0u64..200, session_strategy()), 1..60).prop_map(|rows| {
        rows.into_iter()
            .map(|(day, spec)| session(day0() + chrono::Days::new(day), spec))
            .collect()
    })
}

/// Days of a week with at least one session.
fn training_days(week: &crate::plan::PlanWeek) -> usize {
    let mut days: Vec<chrono::NaiveDate> = week.sessions.iter().map(|s| s.date).collect();
    days.dedup();
    days.len()
}

fn options_strategy() -> impl Strategy<Value = PlanOptions> {
    (
        1usize..13,
        2usize..5,
        prop::option::of(1usize..6),
        prop_oneof![Just(10.0), 5.0..20.0f64],
        prop_oneof![Just(0usize), 2usize..6],
        prop_oneof![Just(30.0), 10.0..50.0f64],
    )
        .prop_map(|(weeks, rest_days, sessions, ramp, deload_every, deload)| PlanOptions {
            weeks,
            rest_days: Some(rest_days),
            sessions_per_week: sessions.filter(|n| n + rest_days <= 7),
            ramp_pct: ramp,
            deload_every,
            deload_pct: deload,
            ..PlanOptions::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn every_plan_keeps_the_rules_and_passes_its_own_check(sessions in history_strategy(), options in options_strategy()) {
        let history = History { sessions: sessions.clone(), warnings: vec![] };
        let config = Config::default();
        let plan = build(&history, &config, &options).unwrap();
        let partial = usize::from(plan.start.weekday() != chrono::Weekday::Mon);
        prop_assert_eq!(plan.weeks.len(), options.weeks + partial);
        let last = sessions.iter().map(|s| s.date).max().unwrap();
        prop_assert_eq!(plan.start, last + chrono::Days::new(1), "the plan starts the day after as-of");
        prop_assert_eq!(plan.weeks[0].partial, partial == 1);
        assert_passes_check_like_check_does(&history, &config, &plan);
        assert_targets_hold_or_grow(&plan);

        // The plan's own verdict agrees: what blocks is explained in its note.
        if plan.check.blocking().next().is_some() {
            prop_assert!(plan.check.note.is_some());
        }

        let mut longest: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
        for s in &sessions {
            longest.entry(s.sport.to_string()).or_default().push((s.date, s.duration_min));
        }
        let mut previous: Option<&super::PlannedSession> = None;
        for week in &plan.weeks {
            // Ramp cap: never more than `ramp` above the weekly-ramp rule's base.
            prop_assert!(week.planned_load <= week.cap_load * (1.0 + 1e-9), "{} > cap {}", week.planned_load, week.cap_load);
            // Rest days, and at most one session a day.
            let days = if week.partial { (week.start + chrono::Days::new(7) - plan.start).num_days() as usize } else { 7 };
            if !week.partial {
                prop_assert!(week.rest_days.len() >= options.rest_days.unwrap_or(1));
            }
            prop_assert_eq!(week.rest_days.len() + training_days(week), days);
            // At most two hard sessions, and mostly easy: at least 80% of the
            // endurance minutes in recovery, easy and long sessions.
            prop_assert!(week.sessions.iter().filter(|s| s.kind == SessionKind::Intervals).count() <= 2);
            let endurance: f64 = week.sessions.iter().filter(|s| s.kind != SessionKind::Strength).map(|s| s.duration_min).sum();
            let easy: f64 = week.sessions.iter().filter(|s| matches!(s.kind, SessionKind::Easy | SessionKind::Recovery | SessionKind::Long)).map(|s| s.duration_min).sum();
            prop_assert!(easy >= 0.8 * endurance - 1e-9, "{} of {} min easy", easy, endurance);
            // Two sessions of a day never start together.
            for pair in week.sessions.windows(2) {
                prop_assert!(pair[0].date != pair[1].date || pair[0].time < pair[1].time,
                    "{} {} and {}", pair[0].date, pair[0].time, pair[1].time);
            }
            for s in &week.sessions {
                // Whole minutes; 5-minute steps but where the session-spike cap of a
                // short longest session is finer (33 min after 30).
                prop_assert_eq!(s.duration_min.fract(), 0.0);
                prop_assert_eq!(s.load, s.duration_min * s.expected_rpe);
                // The load counts the RPE the athlete usually logs: never below the
                // prescription, at most a point above it for easy kinds.
                prop_assert!(s.expected_rpe >= s.rpe);
                if matches!(s.kind, SessionKind::Easy | SessionKind::Recovery | SessionKind::Long) {
                    prop_assert!(s.expected_rpe <= s.rpe + 1.0 && s.rpe <= 4.0);
                }
                prop_assert_eq!(s.effort, crate::plan::effort_word(s.rpe));
                let quality = matches!(s.kind, SessionKind::Intervals | SessionKind::Moderate | SessionKind::Race);
                if quality {
                    prop_assert_eq!(s.warmup.minutes, 15);
                } else {
                    // Warm-up 5 to 10 and cool-down 5 to 10 minutes, together at most half
                    // the session when it is short (never under 5 each).
                    prop_assert!((5..=10).contains(&s.warmup.minutes) && (5..=10).contains(&s.cooldown.minutes));
                    let half = (s.duration_min / 2.0).floor() as u32;
                    prop_assert!(s.warmup.minutes + s.cooldown.minutes <= half.max(10),
                        "{} min: warm-up {}, cool-down {}", s.duration_min, s.warmup.minutes, s.cooldown.minutes);
                }
                prop_assert!(s.cooldown.stretches.iter().all(|st| st.contains("30 s")));
                prop_assert_eq!(s.hydration.electrolytes, s.duration_min > 120.0 && s.kind != SessionKind::Strength);
                // Single-session cap: within 110% of the longest same-sport session
                // of the previous 30 days, history and plan alike.
                let window: Vec<f64> = longest.get(&s.sport).into_iter().flatten()
                    .filter(|(d, _)| *d < s.date && *d >= s.date - chrono::Days::new(30))
                    .map(|(_, m)| *m)
                    .collect();
                if let Some(max) = window.iter().cloned().reduce(f64::max) {
                    prop_assert!(s.duration_min <= max * 1.1 + 1e-9, "{} {} min after {} min", s.sport, s.duration_min, max);
                }
                if let Some(p) = previous.filter(|p| p.date + chrono::Days::new(1) == s.date) {
                    // Hard days never back to back, never the day after the long session.
                    if s.kind == SessionKind::Intervals {
                        prop_assert!(p.kind != SessionKind::Intervals && p.kind != SessionKind::Long);
                    }
                    // Strength never works the same major muscles two days running
                    // (arms and core assist on push and pull days alike).
                    if s.kind == SessionKind::Strength && p.kind == SessionKind::Strength {
                        prop_assert!(s.muscle_groups.iter().all(|g| g == "arms" || g == "core" || !p.muscle_groups.contains(g)), "{:?} after {:?}", s, p);
                    }
                }
                longest.entry(s.sport.to_string()).or_default().push((s.date, s.duration_min));
                previous = Some(s);
            }
        }
    }
}

/// A realistic athlete: 4 to 20 weeks of 2 to 6 sessions, with distances for the
/// endurance sports, some without RPE; a squad-mate training on other days; then a
/// gap of any length before as-of (none, a few days, a short gap, a break, months).
fn athlete_strategy() -> impl Strategy<Value = (Vec<Session>, NaiveDate)> {
    let week = prop::sample::subsequence((0u64..7).collect::<Vec<_>>(), 2..=6).prop_flat_map(|days| {
        let n = days.len();
        (Just(days), prop::collection::vec(session_strategy(), n))
    });
    (
        prop::collection::vec(week, 4..20),
        prop::sample::select(vec![0u64, 1, 3, 6, 10, 17, 25, 36, 70, 130]),
    )
        .prop_map(|(weeks, gap)| {
            let mut out = Vec::new();
            for (w, (days, sessions)) in weeks.into_iter().enumerate() {
                for (day, spec) in days.into_iter().zip(sessions) {
                    let date = day0() + chrono::Days::new(7 * w as u64 + day);
                    let mut s = session(date, spec);
                    if s.sport != "strength" {
                        s.distance_km = Some(s.duration_min / 6.0);
                    }
                    // A squad-mate on the day after, twice as long: never seen by the plan.
                    let mut mate = session(date + chrono::Days::new(1), spec);
                    mate.athlete = "mate".into();
                    mate.duration_min *= 2.0;
                    out.push(s);
                    out.push(mate);
                }
            }
            let last = out.iter().filter(|s| s.athlete == "me").map(|s| s.date).max().unwrap();
            (out, last + chrono::Days::new(gap))
        })
}

/// Non-default thresholds the planner must read from the config.
fn config_strategy() -> impl Strategy<Value = Config> {
    (
        prop::sample::select(vec![10.0, 15.0, 20.0]),
        prop::sample::select(vec![10.0, 20.0]),
        prop::sample::select(vec![14i64, 21, 28]),
        prop::sample::select(vec![7.0, 8.0]),
        prop::sample::select(vec![30.0, 45.0]),
    )
        .prop_map(|(ramp, spike, break_days, hard, new_minutes)| {
            let mut c = Config::default();
            c.rules.weekly_ramp.caution_pct = ramp;
            c.rules.session_spike.caution_pct = spike;
            c.acwr.break_days = break_days;
            c.rules.back_to_back_hard.hard_rpe = hard;
            c.rules.new_activity.min_minutes = new_minutes;
            c
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Realistic athletes after any gap, under non-default thresholds: the plan starts
    /// the day after as-of, passes the rules as `check` runs them without giving up,
    /// its ordinary weeks never aim lower and keep at least two sessions, and its first
    /// full week follows where the plan says it starts.
    #[test]
    fn realistic_athletes_get_plans_that_pass_check(
        (sessions, as_of) in athlete_strategy(),
        config in config_strategy(),
        weeks in 1usize..9,
    ) {
        let history = History { sessions, warnings: vec![] };
        let options = PlanOptions { weeks, as_of: Some(as_of), athlete: Some("me".into()), ..PlanOptions::default() };
        let plan = build(&history, &config, &options).unwrap();
        prop_assert_eq!(plan.start, as_of + chrono::Days::new(1));
        prop_assert_eq!(plan.full_weeks().count(), weeks);
        assert_passes_check(&history, &config, &plan, true);
        assert_ordinary_weeks_hold_or_grow(&plan, &options);
        let sp = &plan.start_point;
        let first = plan.full_weeks().next().unwrap();
        prop_assert!(first.target_load <= sp.first_week_load * (1.0 + 1e-9));
        if let Some(t) = sp.tolerated && sp.situation != super::Situation::Beginner {
            prop_assert!(sp.first_week_load <= (t.load * sp.return_factor).max(180.0) * (1.0 + 1e-9));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On any history the planner returns a plan (never panics), and a plan it could
    /// not make safe says so through the flags in its check.
    #[test]
    fn any_history_gives_a_plan_or_says_why(sessions in any_history_strategy(), options in options_strategy()) {
        let history = History { sessions, warnings: vec![] };
        let plan = build(&history, &Config::default(), &options).unwrap();
        for week in plan.full_weeks() {
            prop_assert!(week.rest_days.len() >= options.rest_days.unwrap_or(1));
            prop_assert_eq!(week.rest_days.len() + training_days(week), 7);
        }
        assert_targets_hold_or_grow(&plan);
        if plan.check.blocking().next().is_some() {
            prop_assert!(plan.check.note.is_some());
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn next_monday_is_strictly_after() {
    assert_eq!(super::next_monday(d(2026, 11, 15)), d(2026, 11, 16)); // Sunday
    assert_eq!(super::next_monday(d(2026, 11, 16)), d(2026, 11, 23)); // Monday
    assert_eq!(super::next_monday(d(2026, 11, 19)), d(2026, 11, 23)); // Thursday
}

#[test]
fn the_self_check_on_the_last_year_agrees_with_the_whole_history() {
    // Three years of steady training: the plan's check flags on planned days must be
    // the same whether the rules see the whole history or only the last year.
    let mut sessions = Vec::new();
    for w in 0..156u64 {
        for (day, minutes, rpe) in [
            (1u64, 45.0, 7.0),
            (2, 40.0, 4.0),
            (3, 50.0, 5.0),
            (5, 80.0, 4.0),
            (6, 45.0, 3.0),
        ] {
            let mut s = Session::new(
                "me",
                d(2023, 11, 20) + chrono::Days::new(7 * w + day),
                "run",
                minutes + (w % 5) as f64 * 5.0,
            );
            s.rpe = Some(rpe);
            sessions.push(s);
        }
    }
    let history = History {
        sessions,
        warnings: vec![],
    };
    let config = Config::default();
    let plan = build(
        &history,
        &config,
        &PlanOptions {
            weeks: 8,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let planned = super::as_sessions("me", &plan.weeks);
    let mut all: Vec<&Session> = history.sessions.iter().collect();
    all.extend(planned.iter());
    let full = crate::analyze_athlete("me", &all, plan.end(), &config).unwrap();
    let on_plan: Vec<_> = full.flags.into_iter().filter(|f| f.date >= plan.start).collect();
    assert_eq!(on_plan, plan.check.flags);
    assert!(plan.check.blocking().next().is_none());
}

#[test]
fn a_beginner_gets_a_gentle_week() {
    let history = History {
        sessions: vec![Session::new("me", d(2026, 1, 7), "run", 20.0)],
        warnings: vec![],
    };
    let plan = build(&history, &Config::default(), &PlanOptions::default()).unwrap();
    // The day after the only session, a Wednesday: the rest of that week, then four.
    assert_eq!(plan.start, d(2026, 1, 8));
    assert!(plan.weeks[0].partial);
    assert_eq!(plan.start_point.situation, super::Situation::Beginner);
    // Never below the floor of 3 easy sessions of 20 min (60 min, 180 AU at RPE 3).
    assert_eq!(plan.start_point.first_week_minutes, 60.0);
    assert_eq!(plan.start_point.first_week_load, 180.0);
}

#[test]
fn several_athletes_need_a_choice() {
    let history = History {
        sessions: vec![
            Session::new("ana", d(2026, 1, 7), "run", 20.0),
            Session::new("ben", d(2026, 1, 7), "run", 20.0),
        ],
        warnings: vec![],
    };
    let e = build(&history, &Config::default(), &PlanOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the history holds several athletes (ana, ben); choose one with --athlete"
    );
    let plan = build(
        &history,
        &Config::default(),
        &PlanOptions {
            athlete: Some("ben".into()),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    assert_eq!(plan.athlete, "ben");
}

#[test]
fn weekly_targets_follow_the_capped_ramp_with_deloads() {
    // Eight steady weeks of 5 x 60 min at RPE 3 (900 AU a week): easy runs, so the
    // plan's easy sessions carry the same load per minute as the history.
    let mut sessions = Vec::new();
    for w in 0..8u64 {
        for day in [1u64, 2, 3, 5, 6] {
            let mut s = Session::new("me", d(2026, 1, 5) + chrono::Days::new(7 * w + day), "run", 60.0);
            s.rpe = Some(3.0);
            sessions.push(s);
        }
    }
    let history = History {
        sessions,
        warnings: vec![],
    };
    let plan = build(
        &history,
        &Config::default(),
        &PlanOptions {
            weeks: 6,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    // Tolerated: the median of the last six weeks, 900 AU and 300 min.
    assert_eq!(plan.baseline_weekly_load, 900.0);
    // The last session is a Sunday: the plan starts on the Monday, no partial week.
    assert!(!plan.weeks[0].partial);
    let targets: Vec<f64> = plan.weeks.iter().map(|w| w.target_load).collect();
    // Week 1 is the tolerated level; then +10% a week, which is also the cap.
    assert_eq!(targets[0], 900.0);
    assert!((plan.weeks[0].cap_load - 990.0).abs() < 1e-9);
    // Week 2: +10%, or less when week 1's planned sessions (rounded to 5 min) came
    // out below its target and the cap (10% over them) is lower.
    assert!(
        (targets[1] - plan.weeks[1].cap_load.min(990.0)).abs() < 1e-6,
        "{targets:?}"
    );
    assert!(targets[1] > 960.0, "{targets:?}");
    assert!(
        targets[2] > targets[1] && targets[2] <= targets[1] * 1.1 + 1e-9,
        "{targets:?}"
    );
    // Week 4 is a deload: 30% less than the level before it.
    assert!(plan.weeks[3].deload);
    assert!((targets[3] - targets[2] * 0.7).abs() < 1e-9, "{targets:?}");
    // After the deload the ramp goes on from the level before it, never lower.
    assert!(targets[4] >= targets[2]);
    assert!(plan.check.flags.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn an_unsafe_goal_date_is_refused_with_the_earliest_safe_one() {
    let mut sessions = Vec::new();
    for w in 0..6u64 {
        for day in [1u64, 3, 5] {
            let mut s = Session::new("me", d(2026, 1, 5) + chrono::Days::new(7 * w + day), "run", 40.0);
            s.rpe = Some(5.0);
            sessions.push(s);
        }
    }
    let history = History {
        sessions,
        warnings: vec![],
    };
    let goal = super::Goal {
        measure: super::GoalMeasure::Minutes,
        weekly: 300.0,
        by: Some(d(2026, 3, 1)),
    };
    let plan = build(
        &history,
        &Config::default(),
        &PlanOptions {
            goal: Some(goal),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let report = plan.goal.unwrap();
    assert!(!report.reachable);
    let earliest = report.earliest_safe_date.unwrap();
    assert!(earliest > d(2026, 3, 1));
    assert!(report.message.contains("is too soon"), "{}", report.message);
    // Never an unsafe ramp to meet the date.
    assert!(plan.weeks.iter().all(|w| w.planned_load <= w.cap_load * (1.0 + 1e-9)));
}

/// Found by the `pipeline` fuzz target: `--rest-days 6` without `--sessions-per-week`
/// panicked (`clamp(2, 1)`) instead of planning the one session a week that fits.
#[test]
fn six_rest_days_plan_one_session_a_week() {
    let sessions = (0..28u64)
        .map(|i| {
            let mut s = Session::new("me", day0() + chrono::Days::new(i), "run", 30.0);
            s.rpe = Some(5.0);
            s
        })
        .collect();
    let history = History {
        sessions,
        warnings: vec![],
    };
    for rest_days in 2..=6 {
        let options = PlanOptions {
            rest_days: Some(rest_days),
            ..PlanOptions::default()
        };
        let plan = build(&history, &Config::default(), &options).unwrap_or_else(|e| panic!("{rest_days}: {e}"));
        for week in &plan.weeks {
            assert!(week.rest_days.len() >= rest_days, "{rest_days}: {week:?}");
            assert!(!week.sessions.is_empty(), "{rest_days}: {week:?}");
        }
    }
}

/// The rules run the way `check` runs them: the history up to as-of plus the plan as
/// rows, through [`crate::analyze`], independent of the planner's own verdict. No
/// caution or danger flag may fall on a planned day, but for
/// - an ACWR day that is high with nothing planned too (the history keeps it high),
///   or that falls in the first `break_silence_days` of a return after a gap too
///   short to be a break (the window still holds the gap: any return reads high);
/// - a flag of the partial first week that the history alone already raises.
fn assert_passes_check_like_check_does(history: &History, config: &Config, plan: &super::Plan) {
    assert_passes_check(history, config, plan, false);
}

/// The planned weeks in short, for failure messages: each session's date, sport,
/// kind, minutes, prescribed and expected RPE.
fn weeks_summary(plan: &super::Plan) -> String {
    let weeks: Vec<_> = plan
        .weeks
        .iter()
        .map(|w| {
            let sessions: Vec<_> = w
                .sessions
                .iter()
                .map(|s| (s.date, s.sport.clone(), s.kind, s.duration_min, s.rpe, s.expected_rpe))
                .collect();
            (w.week.clone(), sessions)
        })
        .collect();
    format!("{weeks:?}")
}

/// As [`assert_passes_check_like_check_does`]; `strict`: the plan may not give up
/// (its note saying it could not remove a flag does not excuse it).
fn assert_passes_check(history: &History, config: &Config, plan: &super::Plan, strict: bool) {
    use crate::rules::Rule;
    let with = |weeks: &[super::PlanWeek]| {
        let mut h = history.clone();
        h.sessions.retain(|s| s.date <= plan.as_of);
        h.sessions.extend(super::as_sessions(&plan.athlete, weeks));
        let options = crate::AnalysisOptions {
            as_of: Some(plan.end()),
            athlete: Some(plan.athlete.clone()),
            ..Default::default()
        };
        crate::analyze(&h, config, &options).unwrap().athletes.remove(0)
    };
    let planned = with(&plan.weeks);
    let resting = with(&[]);
    let first_monday = plan.weeks[0].start;
    let weekly = |r: Rule| matches!(r, Rule::WeeklyRamp | Rule::IntensitySpike | Rule::Monotony);
    let gap = plan.start_point.days_without_training;
    let explained_until = (plan.start_point.return_factor < 1.0 && gap < config.acwr.break_days)
        .then(|| plan.start + chrono::Days::new(config.acwr.break_silence_days as u64 - 1));
    let high = |r: &crate::AthleteReport, date: NaiveDate| {
        r.days
            .iter()
            .any(|d| d.date == date && d.acwr.is_some_and(|a| crate::rules::above(a, config.acwr.high)))
    };
    // A plan that cannot pass (a tiny history: the weekly-ramp base is below the
    // floor of three 20-minute sessions) must say so.
    let unresolved = !strict
        && plan
            .check
            .note
            .as_deref()
            .is_some_and(|n| n.contains("could not remove"));
    // The acwr rule is silent after a break (check shows no flag there).
    let silenced = crate::tolerance::acwr_silenced(&planned.days, config);
    for (day, _) in planned
        .days
        .iter()
        .zip(silenced)
        .filter(|(d, quiet)| d.date >= plan.start && !quiet)
    {
        if high(&planned, day.date) {
            assert!(
                high(&resting, day.date) || explained_until.is_some_and(|u| day.date <= u) || unresolved,
                "ACWR {:?} on {} that a smaller plan would avoid (note {:?}; weeks {})",
                day.acwr,
                day.date,
                plan.check.note,
                weeks_summary(plan)
            );
            assert!(plan.check.note.is_some(), "a high ACWR on a planned day is explained");
        }
    }
    for f in planned.flags.iter().filter(|f| f.severity >= Severity::Caution) {
        if f.rule == Rule::Acwr {
            continue; // judged day by day above
        }
        let on_plan = f.date >= plan.start || (f.date == first_monday && weekly(f.rule));
        if !on_plan {
            continue;
        }
        let carried = f.date < plan.start
            && resting
                .flags
                .iter()
                .any(|g| g.rule == f.rule && g.date == f.date && g.severity >= f.severity);
        assert!(
            carried || unresolved,
            "{} flag on a planned day: {} (note {:?}; weeks {})",
            f.rule.as_str(),
            f.message,
            plan.check.note,
            weeks_summary(plan)
        );
    }
}

/// Ordinary weeks (full, not deload) never aim lower than the one before, and never
/// hold fewer than two sessions (one when the rest days leave room for one) or no load.
fn assert_ordinary_weeks_hold_or_grow(plan: &super::Plan, options: &PlanOptions) {
    assert_targets_hold_or_grow(plan);
    let ordinary: Vec<&super::PlanWeek> = plan.full_weeks().filter(|w| !w.deload).collect();
    for w in ordinary {
        // Two of the shortest sessions (20 min, at RPE 5 at most) must fit the week's
        // minutes target and the weekly-ramp cap: 90% of a 40-minute week holds one.
        let two_fit = w.cap_load >= 2.0 * 20.0 * 5.0 && w.target_minutes >= 2.0 * 20.0;
        // Or the rules allowed one only, which the plan's note says for that week.
        let explained = plan
            .check
            .note
            .as_deref()
            .is_some_and(|n| n.contains(&w.week) && n.contains("only one session"));
        let least = (7 - options.rest_days.unwrap_or(2)).min(if two_fit && !explained { 2 } else { 1 });
        assert!(
            w.sessions.len() >= least && w.planned_load > 0.0,
            "{}: {} sessions, {} AU",
            w.week,
            w.sessions.len(),
            w.planned_load
        );
    }
}

/// Ordinary weeks never aim lower than the one before (on any history, however tiny).
fn assert_targets_hold_or_grow(plan: &super::Plan) {
    let ordinary: Vec<&super::PlanWeek> = plan.full_weeks().filter(|w| !w.deload).collect();
    for pair in ordinary.windows(2) {
        assert!(
            pair[1].target_load >= pair[0].target_load * (1.0 - 1e-9),
            "{} aims at {} AU after {} AU",
            pair[1].week,
            pair[1].target_load,
            pair[0].target_load
        );
    }
}

/// A runner who ran 4 x 60 min a week at RPE 5 for eight weeks, then stopped for 36
/// days: week 1 back is 60% of what she did before the break, and the plan passes
/// the rules as `check` runs them (the acwr rule is silent after the break; the
/// weekly-ramp rule allows the return allowance).
#[test]
fn a_comeback_after_36_days_starts_at_60_percent() {
    let mut sessions = Vec::new();
    for w in 0..8u64 {
        for day in [1u64, 3, 5, 6] {
            let mut s = Session::new("ana", d(2026, 1, 5) + chrono::Days::new(7 * w + day), "run", 60.0);
            s.rpe = Some(5.0);
            sessions.push(s);
        }
    }
    let last = d(2026, 3, 1); // the eighth Sunday
    assert_eq!(sessions.last().unwrap().date, last);
    let history = History {
        sessions,
        warnings: vec![],
    };
    let config = Config::default();
    let options = PlanOptions {
        as_of: Some(last + chrono::Days::new(36)),
        ..PlanOptions::default()
    };
    let plan = build(&history, &config, &options).unwrap();
    assert_eq!(plan.start_point.situation, super::Situation::Break);
    assert_eq!(plan.start_point.days_without_training, 36);
    assert_eq!(plan.start_point.return_factor, 0.6);
    // Tolerated: 1200 AU and 240 min a week; 60% of it.
    assert_eq!(plan.start_point.first_week_load, 720.0);
    assert_eq!(plan.start_point.first_week_minutes, 144.0);
    let first = plan.full_weeks().next().unwrap();
    let minutes: f64 = first.sessions.iter().map(|s| s.duration_min).sum();
    assert!(first.target_load <= 720.0 + 1e-9, "{}", first.target_load);
    assert!((0.5 * 240.0..=0.6 * 240.0 * 1.02).contains(&minutes), "{minutes} min");
    assert_passes_check_like_check_does(&history, &config, &plan);
    assert_ordinary_weeks_hold_or_grow(&plan, &options);
    assert!(plan.check.blocking().next().is_none(), "{:#?}", plan.check.flags);
}
