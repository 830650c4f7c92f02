//! The layout of one week: which days train, each session's kind, sport and
//! intensity, and durations that share the week's target within the caps of the
//! single-session-spike and new-activity rules (read from the config).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::profile::{PastSession, Profile};
use super::reminders;
use super::{PlanOptions, PlannedSession, SessionKind};
use crate::config::Config;
use crate::error::Result;
use crate::rules::above;

/// Durations are multiples of this (minutes).
const STEP_MIN: f64 = 5.0;
/// No planned session is longer (minutes).
const MAX_SESSION_MIN: f64 = 240.0;

/// The shape every week follows: how many sessions, which days, how many hard.
#[derive(Debug, Clone)]
pub(super) struct WeekShape {
    pub(super) sessions: usize,
    hard: usize,
    strength: usize,
    endurance: Vec<String>,
    intensity: Option<f64>,
}

impl WeekShape {
    pub(super) fn from_options(p: &Profile, o: &PlanOptions) -> Result<WeekShape> {
        let max_sessions = 7 - o.rest_days;
        // At least two sessions when the rest days leave room (`clamp(2, 1)` would
        // panic with six rest days).
        let sessions = o
            .sessions_per_week
            .unwrap_or_else(|| p.usual_sessions.unwrap_or(3).max(2).min(max_sessions));
        let endurance: Vec<String> = p.sports.iter().filter(|s| *s != "strength").cloned().collect();
        let strength = if p.sports.iter().any(|s| s == "strength") {
            if endurance.is_empty() {
                sessions
            } else {
                p.usual_strength.clamp(1, 2).min(sessions.saturating_sub(1))
            }
        } else {
            0
        };
        Ok(WeekShape {
            sessions,
            hard: p.usual_hard.min(2),
            strength,
            endurance,
            intensity: p.usual_intensity,
        })
    }
}

/// Training days (0 = Monday) for `n` sessions: Monday is always a rest day, so no
/// streak or hard pair crosses into the next week; the long session is on Saturday.
fn training_days(n: usize) -> &'static [usize] {
    match n {
        0 => &[],
        1 => &[5],
        2 => &[2, 5],
        3 => &[1, 3, 5],
        4 => &[1, 3, 5, 6],
        _ => &[1, 2, 3, 5, 6],
    }
}

#[derive(Debug, Clone)]
pub(super) struct Slot {
    day: usize,
    pub(super) kind: SessionKind,
    sport: String,
    rpe: f64,
    weight: f64,
    muscle_groups: Vec<String>,
}

/// Kinds, sports and intensities of one week's sessions, on the days from
/// `first_day` (0 = Monday; later in a partial first week). `hard_rpe` is the RPE of
/// a hard session; `hard_allowed` false plans none.
pub(super) fn slots(
    shape: &WeekShape,
    deload: bool,
    easier: usize,
    hard_allowed: bool,
    hard_rpe: f64,
    first_day: usize,
) -> Vec<Slot> {
    let all_days = training_days(shape.sessions);
    let days: Vec<usize> = all_days.iter().copied().filter(|d| *d >= first_day).collect();
    let days = &days[..];
    let mut slots: Vec<Slot> = Vec::with_capacity(days.len());
    // The long session is on Saturday when the week trains on Saturday.
    let long_day = if shape.endurance.is_empty() {
        None
    } else if days.contains(&5) {
        Some(5)
    } else {
        days.last().copied()
    };
    let mut hard_left = if !hard_allowed {
        0
    } else if deload {
        shape.hard.min(1)
    } else {
        shape.hard
    };
    hard_left = hard_left.saturating_sub(easier);
    let mut strength_left = shape.strength;
    let mut rotation = 0usize;
    let mut last_hard: Option<usize> = None;
    let mut strength_count = 0usize;
    for &day in days {
        if Some(day) == long_day {
            slots.push(slot(day, SessionKind::Long, &shape.endurance[0], 4.0, 1.6));
            continue;
        }
        let after_long = long_day.is_some_and(|l| day == l + 1);
        let after_hard = last_hard.is_some_and(|h| day == h + 1);
        let remaining_days = days.iter().filter(|d| **d > day && Some(**d) != long_day).count();
        if strength_left > 0 && (strength_left > remaining_days || !(hard_left > 0 && !after_long && !after_hard)) {
            let groups: Vec<String> = if strength_count.is_multiple_of(2) {
                vec!["legs".into(), "core".into()]
            } else {
                vec!["chest".into(), "back".into(), "shoulders".into(), "arms".into()]
            };
            strength_count += 1;
            strength_left -= 1;
            let mut s = slot(day, SessionKind::Strength, "strength", 6.0, 0.9);
            s.muscle_groups = groups;
            slots.push(s);
            continue;
        }
        if hard_left > 0 && !after_long && !after_hard && !shape.endurance.is_empty() {
            let sport = &shape.endurance[(shape.hard - hard_left) % shape.endurance.len()];
            slots.push(slot(day, SessionKind::Intervals, sport, hard_rpe, 0.8));
            hard_left -= 1;
            last_hard = Some(day);
            continue;
        }
        let sport = if shape.endurance.is_empty() {
            "strength".to_string()
        } else {
            let others = &shape.endurance[1..];
            let s = if others.is_empty() {
                &shape.endurance[0]
            } else {
                &others[rotation % others.len()]
            };
            rotation += 1;
            s.clone()
        };
        if after_long || after_hard {
            slots.push(slot(day, SessionKind::Easy, &sport, 3.0, 0.8));
        } else {
            slots.push(slot(day, SessionKind::Moderate, &sport, 5.0, 1.0));
        }
    }
    calibrate_intensity(&mut slots, shape.intensity, easier, hard_rpe);
    slots
}

fn slot(day: usize, kind: SessionKind, sport: &str, rpe: f64, weight: f64) -> Slot {
    Slot {
        day,
        kind,
        sport: sport.to_string(),
        rpe,
        weight,
        muscle_groups: Vec::new(),
    }
}

pub(super) fn mix_intensity(slots: &[Slot]) -> f64 {
    let minutes: f64 = slots.iter().map(|s| s.weight).sum();
    slots.iter().map(|s| s.weight * s.rpe).sum::<f64>() / minutes.max(f64::MIN_POSITIVE)
}

/// Keep the week's intensity near what the athlete is used to: the intensity-spike
/// rule fires 1 RPE point above the recent mean, and a much easier mix would need
/// more minutes for the same load (a minutes ramp).
fn calibrate_intensity(slots: &mut [Slot], usual: Option<f64>, easier: usize, hard_rpe: f64) {
    let usual = usual.unwrap_or(5.0);
    for _ in 0..easier {
        if !ease_one(slots) {
            break;
        }
    }
    while mix_intensity(slots) > usual + 0.6 && ease_one(slots) {}
    if easier == 0 {
        while mix_intensity(slots) < usual - 0.3 && harden_one(slots, hard_rpe) {}
    }
}

/// Make the easiest session one RPE point harder, within its kind; false when every
/// session is at its kind's ceiling. Only hard and strength sessions reach the hard
/// RPE of the back-to-back rule.
fn harden_one(slots: &mut [Slot], hard_rpe: f64) -> bool {
    let ceiling = |kind: SessionKind| match kind {
        SessionKind::Recovery => 2.0,
        SessionKind::Easy => 4.0,
        SessionKind::Long => 5.0,
        SessionKind::Race => 9.0,
        SessionKind::Moderate => 6.0,
        SessionKind::Strength | SessionKind::Intervals => hard_rpe,
    };
    let candidate = slots
        .iter_mut()
        .filter(|s| s.rpe + 1.0 <= ceiling(s.kind))
        .min_by(|a, b| a.rpe.total_cmp(&b.rpe));
    match candidate {
        Some(s) => {
            s.rpe += 1.0;
            true
        }
        None => false,
    }
}

/// Make one session easier; false when nothing is left to ease.
pub(super) fn ease_one(slots: &mut [Slot]) -> bool {
    if let Some(s) = slots.iter_mut().rev().find(|s| s.kind == SessionKind::Intervals) {
        s.kind = SessionKind::Moderate;
        s.rpe = 5.0;
        s.weight = 1.0;
        return true;
    }
    for (kind, floor) in [
        (SessionKind::Moderate, 4.0),
        (SessionKind::Strength, 5.0),
        (SessionKind::Long, 3.0),
        (SessionKind::Moderate, 3.0),
        (SessionKind::Easy, 2.5),
    ] {
        if let Some(s) = slots.iter_mut().find(|s| s.kind == kind && s.rpe > floor) {
            s.rpe = (s.rpe - 1.0).max(floor);
            return true;
        }
    }
    false
}

/// The longest same-sport session in the session-spike rule's window before `date`
/// (flagged spikes left out: they may not license a further step), and whether the
/// sport was done within the new-activity rule's gap before it.
fn recent_longest(
    by_sport: &HashMap<String, Vec<PastSession>>,
    sport: &str,
    date: NaiveDate,
    config: &Config,
) -> (Option<f64>, bool) {
    let Some(list) = by_sport.get(sport) else {
        return (None, false);
    };
    let window = chrono::Days::new(config.rules.session_spike.window_days.max(0) as u64);
    let gap_from = date - chrono::Days::new(config.rules.new_activity.gap_days.max(0) as u64);
    let longest_anchor = |from: NaiveDate, to: NaiveDate| {
        list.iter()
            .filter(|p| p.anchor && p.date >= from && p.date < to)
            .map(|p| p.minutes)
            .reduce(f64::max)
    };
    let first_in_window = list.iter().find(|p| p.date >= date - window && p.date < date);
    // Only spikes in the window: size from the longest session in the window before
    // the first of them.
    let longest = longest_anchor(date - window, date)
        .or_else(|| first_in_window.and_then(|spike| longest_anchor(spike.date - window, spike.date)));
    let familiar = list.iter().any(|p| p.date >= gap_from && p.date < date);
    (longest, familiar)
}

fn floor_step(minutes: f64) -> f64 {
    (minutes / STEP_MIN + 1e-9).floor() * STEP_MIN
}

/// The longest a session may be after a longest session of `longest` minutes: the
/// step allowed, in 5-minute steps; in whole minutes when a 5-minute step cannot
/// grow at all (110% of 30 is 33, which 5-minute steps would round back to 30 for
/// ever).
fn session_cap(longest: f64, step: f64) -> f64 {
    let coarse = floor_step(longest * step);
    if coarse > longest {
        coarse
    } else {
        (longest * step + 1e-9).floor()
    }
}

fn round_step(minutes: f64) -> f64 {
    (minutes / STEP_MIN).round() * STEP_MIN
}

/// Durations for one week's slots: shares of the target by weight and intensity,
/// each session capped (single-session spike, unfamiliar sport), rounded to 5 min
/// (or to the minute under a spike cap that 5-minute steps cannot reach),
/// and the week kept under the load and minutes caps.
#[allow(clippy::too_many_arguments)] // one week's inputs, each needed
pub(super) fn lay_out(
    monday: NaiveDate,
    slots: &[Slot],
    target: f64,
    cap_load: f64,
    cap_minutes: f64,
    by_sport: &HashMap<String, Vec<PastSession>>,
    options: &PlanOptions,
    config: &Config,
) -> Vec<PlannedSession> {
    let min_session = config.plan.floor_minutes;
    let spike_step = 1.0 + config.rules.session_spike.caution_pct / 100.0;
    let new_sport_max = config.rules.new_activity.min_minutes;
    let mut slots: Vec<Slot> = slots.to_vec();
    let mut caps: Vec<f64> = Vec::with_capacity(slots.len());
    for s in slots.iter_mut() {
        let date = monday + chrono::Days::new(s.day as u64);
        let (longest, familiar) = recent_longest(by_sport, &s.sport, date, config);
        let mut cap = longest.map_or(f64::INFINITY, |l| session_cap(l, spike_step));
        if !familiar {
            cap = cap.min(floor_step(new_sport_max));
            if s.kind == SessionKind::Intervals {
                s.kind = SessionKind::Easy;
                s.rpe = 4.0;
                s.weight = 0.8;
            }
            // Below the new-activity rule's hard RPE, whatever the kind (a strength
            // session's usual RPE can be at it).
            s.rpe = s.rpe.min(config.rules.new_activity.hard_rpe - 1.0);
        }
        caps.push(cap.clamp(min_session.min(MAX_SESSION_MIN), MAX_SESSION_MIN));
    }
    // Share the target by weight, then move the excess of capped sessions to the others.
    let mut minutes = vec![0.0; slots.len()];
    let mut fixed = vec![false; slots.len()];
    for _ in 0..slots.len() + 1 {
        let fixed_load: f64 = (0..slots.len())
            .filter(|&i| fixed[i])
            .map(|i| minutes[i] * slots[i].rpe)
            .sum();
        let free_weight: f64 = (0..slots.len())
            .filter(|&i| !fixed[i])
            .map(|i| slots[i].weight * slots[i].rpe)
            .sum();
        if free_weight == 0.0 {
            break;
        }
        let unit = ((target - fixed_load) / free_weight).max(0.0);
        let mut changed = false;
        for i in 0..slots.len() {
            if fixed[i] {
                continue;
            }
            minutes[i] = slots[i].weight * unit;
            if minutes[i] > caps[i] {
                minutes[i] = caps[i];
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut durations: Vec<f64> = minutes
        .iter()
        .zip(&caps)
        .map(|(m, cap)| round_step(*m).clamp(min_session, *cap))
        .collect();
    // Keep under the caps: trim the longest sessions 5 min at a time.
    let load = |d: &[f64]| d.iter().zip(&slots).map(|(m, s)| m * s.rpe).sum::<f64>();
    let limit_load = cap_load.min(target.max(0.0) * 1.02);
    while (above(load(&durations), limit_load) || above(durations.iter().sum::<f64>(), cap_minutes))
        && let Some(i) = (0..durations.len())
            .filter(|&i| durations[i] - STEP_MIN >= min_session)
            .max_by(|&a, &b| durations[a].total_cmp(&durations[b]))
    {
        durations[i] -= STEP_MIN;
    }
    // Still over the load at the minimum durations: lower the intensity rather than
    // the minutes (the week's minutes are what the athlete can take; easy minutes
    // carry less load).
    let mut keep: Vec<bool> = vec![true; slots.len()];
    let minutes_kept = |durations: &[f64], keep: &[bool]| -> f64 {
        durations.iter().zip(keep).filter(|(_, k)| **k).map(|(d, _)| d).sum()
    };
    if !above(minutes_kept(&durations, &keep), cap_minutes) {
        while above(load_kept(&durations, &slots, &keep), limit_load) && ease_one(&mut slots) {}
    }
    // Still over: drop sessions, most intense first (fewer proper sessions rather
    // than many token ones; dropping an easy one would raise the week's intensity).
    // One always stays.
    while (above(load_kept(&durations, &slots, &keep), limit_load)
        || above(minutes_kept(&durations, &keep), cap_minutes))
        && keep.iter().filter(|k| **k).count() > 1
        && let Some(i) = (0..slots.len()).filter(|&i| keep[i]).max_by(|&a, &b| {
            slots[a]
                .rpe
                .total_cmp(&slots[b].rpe)
                .then(durations[b].total_cmp(&durations[a]))
        })
    {
        keep[i] = false;
    }
    // At the shortest sessions and the fewest of them, only intensity is left to give.
    while above(load_kept(&durations, &slots, &keep), limit_load) && ease_one(&mut slots) {}
    slots
        .iter()
        .zip(durations)
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((s, duration), _)| planned_session(monday, s, duration, options))
        .collect()
}

fn load_kept(durations: &[f64], slots: &[Slot], keep: &[bool]) -> f64 {
    (0..slots.len())
        .filter(|&i| keep[i])
        .map(|i| durations[i] * slots[i].rpe)
        .sum()
}

pub(super) fn planned_session(monday: NaiveDate, s: &Slot, duration: f64, options: &PlanOptions) -> PlannedSession {
    let warmup = reminders::warmup(&s.sport, s.kind, &s.muscle_groups);
    let cooldown = reminders::cooldown(&s.sport, s.kind, &s.muscle_groups);
    let main_minutes = (duration - f64::from(warmup.minutes) - f64::from(cooldown.minutes)).max(5.0);
    PlannedSession {
        date: monday + chrono::Days::new(s.day as u64),
        sport: s.sport.clone(),
        kind: s.kind,
        time: chrono::NaiveTime::from_hms_opt(18, 0, 0).expect("a valid time"),
        duration_min: duration,
        distance_km: None,
        rpe: s.rpe,
        effort: super::effort_word(s.rpe),
        sets: None,
        tonnage_kg: None,
        load: duration * s.rpe,
        main: reminders::main_set(&s.sport, s.kind, main_minutes, s.rpe, &s.muscle_groups),
        warmup,
        cooldown,
        hydration: reminders::hydration(duration, s.kind, options.body_mass_kg),
        muscle_groups: s.muscle_groups.clone(),
    }
}
