//! Data for chart tests: a generated, realistic history (runs, rides, strength with
//! leg days, rest days, a slow build with a sudden jump) and a hand-built plan.

use chrono::{Datelike, Days, NaiveDate};

use crate::analysis::AthleteReport;
use crate::config::Config;
use crate::history::Session;
use crate::plan::{Cooldown, Hydration, Plan, PlanCheck, PlanWeek, PlannedSession, RestDay, SessionKind, Warmup};

/// The first day of generated histories (a Monday).
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap()
}

/// `days` days of training from [`first_day`]: a weekly pattern whose volume
/// grows slowly, wobbles from a fixed pseudo-random sequence, drops for a week now
/// and then, and jumps 60% in week 10 so the ramp and ACWR rules fire.
pub fn sessions(days: usize) -> Vec<Session> {
    let mut seed: u64 = 0x5eed;
    let mut wobble = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        0.85 + (seed >> 33) as f64 / f64::from(u32::MAX) * 0.3
    };
    let mut out = Vec::new();
    for i in 0..days {
        let date = first_day() + Days::new(i as u64);
        let week = i / 7;
        let volume =
            1.0 + week as f64 * 0.01 + if week == 10 { 0.6 } else { 0.0 } - if week % 9 == 8 { 0.4 } else { 0.0 };
        let plan: &[(&str, f64, f64)] = match date.weekday().num_days_from_monday() {
            1 => &[("run", 45.0, 6.0)],
            2 => &[("strength", 50.0, 6.0)],
            3 => &[("run", 40.0, 4.0)],
            5 => &[("ride", 90.0, 5.0)],
            6 => &[("run", 30.0, 3.0)],
            _ => &[],
        };
        for &(sport, minutes, rpe) in plan {
            let mut s = Session::new("ana", date, sport, (minutes * volume * wobble()).round());
            s.rpe = Some(rpe);
            match sport {
                "run" => s.distance_km = Some((s.duration_min / 5.5 * 10.0).round() / 10.0),
                "ride" => s.distance_km = Some((s.duration_min / 2.2).round()),
                _ => {
                    s.tonnage_kg = Some((4000.0 * volume).round());
                    s.muscle_groups = ["legs".into(), "core".into()].into();
                }
            }
            out.push(s);
        }
    }
    out
}

/// The report of [`sessions`]`(days)`, as of its last day.
pub fn report(days: usize) -> AthleteReport {
    let sessions = sessions(days);
    let refs: Vec<&Session> = sessions.iter().collect();
    let as_of = first_day() + Days::new(days as u64 - 1);
    crate::analyze_athlete("ana", &refs, as_of, &Config::default()).expect("sessions before as-of")
}

/// A hand-built plan of `weeks` weeks from `start` (a Monday): four sessions and
/// three rest days a week, every fourth week a deload.
pub fn plan(start: NaiveDate, weeks: usize, baseline: f64) -> Plan {
    let mut plan_weeks = Vec::new();
    let mut previous = baseline;
    for w in 0..weeks {
        let monday = start + Days::new(7 * w as u64);
        let deload = w % 4 == 3;
        let target = if deload { previous * 0.7 } else { previous * 1.08 };
        let layout: [(u64, &str, SessionKind, f64, f64); 4] = [
            (1, "run", SessionKind::Easy, 40.0, 4.0),
            (2, "strength", SessionKind::Strength, 45.0, 6.0),
            (3, "run", SessionKind::Intervals, 35.0, 7.0),
            (5, "ride", SessionKind::Long, 100.0, 5.0),
        ];
        let raw: f64 = layout.iter().map(|l| l.3 * l.4).sum();
        let factor = target / raw;
        let sessions: Vec<PlannedSession> = layout
            .iter()
            .map(|&(day, sport, kind, minutes, rpe)| {
                let duration_min = (minutes * factor / 5.0).round() * 5.0;
                session(monday + Days::new(day), sport, kind, duration_min, rpe)
            })
            .collect();
        let planned_load = sessions.iter().map(|s| s.load).sum();
        let rest_days = [0u64, 4, 6]
            .iter()
            .map(|&d| RestDay {
                date: monday + Days::new(d),
                advice: "Rest: easy mobility, a walk if you like, sleep well and drink to thirst.".into(),
            })
            .collect();
        plan_weeks.push(PlanWeek {
            week: crate::weekly::week_label(monday),
            start: monday,
            partial: false,
            target_load: target,
            target_minutes: target / 5.0,
            planned_load,
            deload,
            sessions,
            rest_days,
            cap_load: previous * 1.1,
        });
        previous = if deload { previous } else { target };
    }
    Plan {
        athlete: "ana".into(),
        as_of: start - Days::new(1),
        last_session: start - Days::new(1),
        days_since_last_session: 0,
        start_point: Default::default(),
        start,
        baseline_weekly_load: baseline,
        baseline_note: "7 x the chronic load".into(),
        pattern: Default::default(),
        weeks: plan_weeks,
        goal: None,
        race: None,
        check: PlanCheck::default(),
        fluid_warning: "Drink to thirst, never more than you sweat.".into(),
        closing_advice: "Stop if you feel pain, and don't push through it. See a doctor if cramps are severe or frequent, come with weakness, numbness or swelling, or don't improve with rest, stretching and fluids.".into(),
    }
}

fn session(date: NaiveDate, sport: &str, kind: SessionKind, duration_min: f64, rpe: f64) -> PlannedSession {
    let hard = rpe >= 7.0;
    let (drills, stretches): (&[&str], &[&str]) = match sport {
        "strength" => (&["ramp-up sets", "hip circles"], &["quads", "hamstrings", "glutes"]),
        "ride" => (&["easy spin", "leg swings"], &["quads", "hip flexors", "calves"]),
        _ => (
            &["leg swings", "walking lunges", "high knees"],
            &["calves", "hamstrings", "quads"],
        ),
    };
    let long = duration_min > 60.0;
    PlannedSession {
        date,
        time: chrono::NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time"),
        sport: sport.into(),
        kind,
        duration_min,
        distance_km: None,
        rpe,
        effort: crate::plan::effort_word(rpe),
        expected_rpe: rpe,
        sets: None,
        tonnage_kg: None,
        load: duration_min * rpe,
        warmup: Warmup {
            minutes: if hard { 15 } else { 10 },
            drills: drills.iter().map(|s| s.to_string()).collect(),
        },
        main: format!("{duration_min:.0} min at RPE {rpe:.0}"),
        cooldown: Cooldown {
            minutes: 10,
            stretches: stretches.iter().map(|s| s.to_string()).collect(),
        },
        hydration: Hydration {
            before: "drink 5-7 mL/kg about 4 h before".into(),
            during: if long {
                "drink to thirst, about 0.4-0.8 L per hour".into()
            } else {
                "water to thirst".into()
            },
            after: "drink to replace what you lost, about 1.25-1.5 L per kg".into(),
            electrolytes: long,
            before_hours: 4,
            before_ml: None,
            during_l_per_hour: [0.4, 0.8],
            carbs_g_per_hour: None,
            sodium_mg_per_hour: long.then_some([300, 600]),
            sodium_only_if_hot: false,
        },
        muscle_groups: if sport == "strength" {
            vec!["legs".into(), "core".into()]
        } else {
            Vec::new()
        },
    }
}
