//! Building a plan: weekly targets under the ramp cap, the layout of each week, and
//! the self-check loop that adjusts the plan until the rules raise no caution or
//! danger flag on a planned day.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::profile::{Profile, WeekTotals, profile};
use super::reminders;
use super::{
    Goal, GoalMeasure, GoalReport, Plan, PlanCheck, PlanOptions, PlanWeek, PlannedSession, RestDay, SessionKind,
};
use crate::analysis::analyze_athlete;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::{History, Session};
use crate::rules::{Flag, Severity, above};
use crate::weekly::week_label;

/// Durations are multiples of this (minutes).
const STEP_MIN: f64 = 5.0;
/// No planned session is shorter (minutes): warm-up, a main set, a cool-down.
const MIN_SESSION_MIN: f64 = 20.0;
/// No planned session is longer (minutes).
const MAX_SESSION_MIN: f64 = 240.0;
/// The first session of an unfamiliar sport stays at or under this (new-activity rule).
const NEW_SPORT_MAX_MIN: f64 = 30.0;
/// The self-check never cuts a week below this share of its target.
const MIN_SCALE: f64 = 0.25;
/// How many times the self-check may adjust the plan before giving up.
const MAX_ADJUSTMENTS: usize = 150;

/// Build a plan for one athlete of `history`.
pub fn build(history: &History, config: &Config, options: &PlanOptions) -> Result<Plan> {
    validate(options)?;
    let athlete = choose_athlete(history, options)?;
    let sessions: Vec<&Session> = history.sessions.iter().filter(|s| s.athlete == athlete).collect();
    let Some(as_of) = options.as_of.or_else(|| history.last_date()) else {
        return Err(Error::Invalid("the history has no sessions".into()));
    };
    let start = match options.start {
        Some(d) if d.weekday() != Weekday::Mon => {
            return Err(Error::Invalid(format!(
                "--start {d} is a {}; a plan starts on a Monday",
                d.weekday()
            )));
        }
        Some(d) if d <= as_of => {
            return Err(Error::Invalid(format!(
                "--start {d} is not after the history's as-of date {as_of}; plan from a later Monday"
            )));
        }
        Some(d) => d,
        None => next_monday(as_of),
    };
    let day_before = start - chrono::Days::new(1);
    let report = analyze_athlete(&athlete, &sessions, day_before, config);
    let checked = recent_history(&sessions, start);
    let mut profile = profile(&athlete, &sessions, report.as_ref(), as_of, start, config);
    if !options.sports.is_empty() {
        profile.sports = options.sports.iter().map(|s| crate::sport::canonical(s)).collect();
    }
    if profile.sports.is_empty() {
        profile.sports = vec!["run".to_string()];
    }
    let shape = WeekShape::from_options(&profile, options)?;

    let carried_over = evaluate(&checked, &profile, &empty_weeks(&profile, options.weeks), config).1;
    let mut adjust = vec![Adjustment::default(); options.weeks];
    let mut last = None;
    for _ in 0..MAX_ADJUSTMENTS {
        let weeks = generate(&profile, &shape, options, &adjust);
        let (flags, high_days) = evaluate(&checked, &profile, &weeks, config);
        let check = PlanCheck {
            flags,
            note: None,
            carried_over: carried_over.clone(),
        };
        let blocking: Vec<&Flag> = check.blocking().collect();
        let acwr_days: Vec<NaiveDate> = high_days.into_iter().filter(|d| !carried_over.contains(d)).collect();
        if blocking.is_empty() && acwr_days.is_empty() {
            return Ok(finish(&profile, options, weeks, check, config));
        }
        // One gentle step per week and round, so the plan stays as close to the
        // allowed ramp as the rules permit.
        let mut step = vec![Adjustment::default(); options.weeks];
        let last_week = options.weeks - 1;
        for flag in &blocking {
            let w = week_index(&profile, flag.date).min(last_week);
            step[w] = step[w].merge(Adjustment::for_flag(flag));
        }
        // A day's ACWR comes from its acute window (the 7 days up to it), which can
        // lie mostly in the week before: lighten every week the window touches.
        let acute = config.acwr.acute_days as u64;
        let acwr_flags = blocking
            .iter()
            .filter(|f| f.rule == crate::rules::Rule::Acwr)
            .map(|f| f.date);
        for day in acwr_days.iter().copied().chain(acwr_flags) {
            let window_start = day - chrono::Days::new(acute.saturating_sub(1));
            let first = week_index(&profile, window_start).min(last_week);
            let end = week_index(&profile, day).min(last_week);
            for s in &mut step[first..=end] {
                *s = s.merge(Adjustment::LIGHTER);
            }
        }
        for (a, s) in adjust.iter_mut().zip(step) {
            if s.scale < 1.0 && a.scale <= MIN_SCALE {
                a.skip += 1;
            }
            a.scale = (a.scale * s.scale).max(MIN_SCALE);
            a.easier += s.easier;
        }
        last = Some((weeks, check));
    }
    let (weeks, check) = last.expect("at least one attempt");
    Ok(finish(&profile, options, weeks, check, config))
}

/// How much history the self-check looks at. No rule looks back further than a few
/// weeks from a planned day (30 days for session spikes, 28 for ACWR and unfamiliar
/// sports, four full weeks for the weekly ramp, four training weeks for intensity),
/// so a year before the plan gives the same verdict on planned days as the whole
/// history, at a fraction of the cost of re-analysing years on every round.
const CHECKED_HISTORY_DAYS: u64 = 365;

/// The sessions the self-check needs: the last year before `start`, or everything
/// when that year holds fewer than eight weeks of training (the intensity rule may
/// then reach further back for its four training weeks).
fn recent_history<'h>(sessions: &[&'h Session], start: NaiveDate) -> Vec<&'h Session> {
    let from = start - chrono::Days::new(CHECKED_HISTORY_DAYS);
    let recent: Vec<&Session> = sessions.iter().copied().filter(|s| s.date >= from).collect();
    let mut weeks: Vec<NaiveDate> = recent.iter().map(|s| crate::weekly::monday_of(s.date)).collect();
    weeks.sort_unstable();
    weeks.dedup();
    if recent.len() == sessions.len() || weeks.len() < 8 {
        sessions.to_vec()
    } else {
        recent
    }
}

/// Weeks with nothing planned: what the rules see if the athlete only rests.
fn empty_weeks(profile: &Profile, weeks: usize) -> Vec<PlanWeek> {
    (0..weeks)
        .map(|i| {
            let monday = profile.start + chrono::Days::new(7 * i as u64);
            PlanWeek {
                week: week_label(monday),
                start: monday,
                target_load: 0.0,
                planned_load: 0.0,
                deload: false,
                sessions: Vec::new(),
                rest_days: Vec::new(),
                cap_load: 0.0,
            }
        })
        .collect()
}

fn validate(o: &PlanOptions) -> Result<()> {
    let invalid = |m: String| Err(Error::Invalid(m));
    if !(1..=52).contains(&o.weeks) {
        return invalid(format!("--weeks {} must be from 1 to 52", o.weeks));
    }
    if !(2..=6).contains(&o.rest_days) {
        return invalid(format!(
            "--rest-days {} must be from 2 to 6: at least two rest days a week let muscles recover",
            o.rest_days
        ));
    }
    if let Some(n) = o.sessions_per_week
        && (n == 0 || n + o.rest_days > 7)
    {
        return invalid(format!(
            "--sessions-per-week {n} with --rest-days {} does not fit in a week (one session a day at most)",
            o.rest_days
        ));
    }
    if !(o.ramp_pct > 0.0 && o.ramp_pct <= 30.0) {
        return invalid(format!(
            "--ramp {} must be above 0 and at most 30 (percent per week)",
            o.ramp_pct
        ));
    }
    if o.deload_every == 1 {
        return invalid("--deload-every 1 would make every week a deload week; use 0 for none, or 2 or more".into());
    }
    if !(0.0..100.0).contains(&o.deload_pct) {
        return invalid(format!(
            "--deload {} must be from 0 to under 100 (percent)",
            o.deload_pct
        ));
    }
    if let Some(kg) = o.body_mass_kg
        && !(20.0..=300.0).contains(&kg)
    {
        return invalid(format!("--body-mass {kg} must be a body mass in kg from 20 to 300"));
    }
    if let Some(goal) = o.goal
        && !(goal.weekly > 0.0 && goal.weekly.is_finite())
    {
        return invalid("the goal must be above 0".into());
    }
    Ok(())
}

fn choose_athlete(history: &History, options: &PlanOptions) -> Result<String> {
    let athletes = history.athletes();
    match &options.athlete {
        Some(a) if athletes.contains(&a.as_str()) => Ok(a.clone()),
        Some(a) => Err(Error::Invalid(format!(
            "no athlete {a:?} in the history; athletes: {}",
            athletes.join(", ")
        ))),
        None if athletes.len() == 1 => Ok(athletes[0].to_string()),
        None => Err(Error::Invalid(format!(
            "the history holds several athletes ({}); choose one with --athlete",
            athletes.join(", ")
        ))),
    }
}

/// The Monday after `date`.
pub fn next_monday(date: NaiveDate) -> NaiveDate {
    date + chrono::Days::new(7 - u64::from(date.weekday().num_days_from_monday()))
}

fn week_index(profile: &Profile, date: NaiveDate) -> usize {
    ((date - profile.start).num_days().max(0) / 7) as usize
}

/// What the self-check asks of one week.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Adjustment {
    /// Multiplier on the week's target.
    scale: f64,
    /// How many steps to ease the week's intensity mix.
    easier: usize,
    /// How many of the week's first sessions become rest days (when lighter
    /// sessions are not enough: the load the week starts with is the problem).
    skip: usize,
}

impl Default for Adjustment {
    fn default() -> Self {
        Adjustment {
            scale: 1.0,
            easier: 0,
            skip: 0,
        }
    }
}

impl Adjustment {
    /// A week 5% lighter.
    const LIGHTER: Adjustment = Adjustment {
        scale: 0.95,
        easier: 0,
        skip: 0,
    };
    /// A week one step easier in its intensity mix.
    const EASIER: Adjustment = Adjustment {
        scale: 1.0,
        easier: 1,
        skip: 0,
    };

    /// What to change in a week a flag fell on: too intense or too alike weeks get an
    /// easier mix, everything else less load.
    fn for_flag(flag: &Flag) -> Adjustment {
        use crate::rules::Rule;
        match flag.rule {
            Rule::IntensitySpike | Rule::Monotony | Rule::BackToBackHard => Adjustment::EASIER,
            _ => Adjustment::LIGHTER,
        }
    }

    /// Both adjustments, each at most once.
    fn merge(self, other: Adjustment) -> Adjustment {
        Adjustment {
            scale: self.scale.min(other.scale),
            easier: self.easier.max(other.easier),
            skip: self.skip.max(other.skip),
        }
    }
}

/// The shape every week follows: how many sessions, which days, how many hard.
#[derive(Debug, Clone)]
struct WeekShape {
    sessions: usize,
    hard: usize,
    strength: usize,
    endurance: Vec<String>,
    intensity: Option<f64>,
}

impl WeekShape {
    fn from_options(p: &Profile, o: &PlanOptions) -> Result<WeekShape> {
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
struct Slot {
    day: usize,
    kind: SessionKind,
    sport: String,
    rpe: f64,
    weight: f64,
    muscle_groups: Vec<String>,
}

/// Kinds, sports and intensities of one week's sessions.
fn slots(shape: &WeekShape, deload: bool, easier: usize) -> Vec<Slot> {
    let days = training_days(shape.sessions);
    let mut slots: Vec<Slot> = Vec::with_capacity(days.len());
    // The long session is on Saturday when the week trains on Saturday.
    let long_day = if shape.endurance.is_empty() {
        None
    } else if days.contains(&5) {
        Some(5)
    } else {
        days.last().copied()
    };
    let mut hard_left = if deload { shape.hard.min(1) } else { shape.hard };
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
            slots.push(slot(day, SessionKind::Hard, sport, 7.0, 0.8));
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
    calibrate_intensity(&mut slots, shape.intensity, easier);
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

fn mix_intensity(slots: &[Slot]) -> f64 {
    let minutes: f64 = slots.iter().map(|s| s.weight).sum();
    slots.iter().map(|s| s.weight * s.rpe).sum::<f64>() / minutes.max(f64::MIN_POSITIVE)
}

/// Keep the week's intensity near what the athlete is used to: the intensity-spike
/// rule fires 1 RPE point above the recent mean, and a much easier mix would need
/// more minutes for the same load (a minutes ramp).
fn calibrate_intensity(slots: &mut [Slot], usual: Option<f64>, easier: usize) {
    let usual = usual.unwrap_or(5.0);
    for _ in 0..easier {
        if !ease_one(slots) {
            break;
        }
    }
    while mix_intensity(slots) > usual + 0.6 && ease_one(slots) {}
    if easier == 0 {
        while mix_intensity(slots) < usual - 0.3 && harden_one(slots) {}
    }
}

/// Make the easiest session one RPE point harder, within its kind; false when every
/// session is at its kind's ceiling.
fn harden_one(slots: &mut [Slot]) -> bool {
    let ceiling = |kind: SessionKind| match kind {
        SessionKind::Easy => 4.0,
        SessionKind::Long => 5.0,
        SessionKind::Moderate => 6.0,
        SessionKind::Strength => 7.0,
        SessionKind::Hard => 7.0,
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
fn ease_one(slots: &mut [Slot]) -> bool {
    if let Some(s) = slots.iter_mut().rev().find(|s| s.kind == SessionKind::Hard) {
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

/// The weekly-ramp rule's base for the next week: the higher of the previous week
/// and the mean of the up-to-four previous full weeks.
fn ramp_base(weeks: &[WeekTotals], get: impl Fn(&WeekTotals) -> f64) -> Option<f64> {
    let earlier = &weeks[weeks.len().saturating_sub(4)..];
    let full: Vec<f64> = earlier.iter().filter(|w| w.full).map(&get).collect();
    if full.is_empty() {
        return None;
    }
    let mean = full.iter().sum::<f64>() / full.len() as f64;
    let prev = weeks.last().filter(|w| w.full).map(&get);
    Some(prev.map_or(mean, |p| p.max(mean)))
}

/// The weekly targets: the ramp from the baseline, deloads, the goal, the cap.
#[derive(Debug, Clone)]
struct Ramp<'a> {
    options: &'a PlanOptions,
    /// The last build (non-deload) week's target.
    build_level: f64,
    /// The goal as a weekly load, once the mix's intensity is known.
    goal_load: Option<f64>,
}

impl Ramp<'_> {
    fn is_deload(&self, k: usize) -> bool {
        self.options.deload_every > 0 && k.is_multiple_of(self.options.deload_every)
    }

    /// The uncapped target of week `k` (1-based) and whether it is a deload week.
    fn desired(&self, k: usize, previous_target: f64) -> (f64, bool) {
        let r = self.options.ramp_pct / 100.0;
        if self.is_deload(k) {
            return (previous_target * (1.0 - self.options.deload_pct / 100.0), true);
        }
        let mut target = self.build_level * (1.0 + r);
        if let Some(goal) = self.goal_load {
            target = target.min(goal);
        }
        (target, false)
    }
}

fn generate(profile: &Profile, shape: &WeekShape, options: &PlanOptions, adjust: &[Adjustment]) -> Vec<PlanWeek> {
    let mut weeks_so_far = profile.weeks.clone();
    let mut by_sport = profile.sessions_by_sport.clone();
    let probe = slots(shape, false, 0);
    let mix = mix_intensity(&probe);
    let mut ramp = Ramp {
        options,
        build_level: profile.baseline,
        goal_load: options.goal.map(|g| goal_as_load(g, mix)),
    };
    let mut previous_target = profile.baseline;
    let mut out = Vec::with_capacity(options.weeks);
    for (i, adj) in adjust.iter().enumerate().take(options.weeks) {
        let k = i + 1;
        let monday = profile.start + chrono::Days::new(7 * i as u64);
        let (desired, deload) = ramp.desired(k, previous_target);
        let r = 1.0 + options.ramp_pct / 100.0;
        let cap_load = ramp_base(&weeks_so_far, |w| w.load).map_or(f64::INFINITY, |b| b * r);
        let cap_minutes = ramp_base(&weeks_so_far, |w| w.minutes).map_or(f64::INFINITY, |b| b * r);
        let full_week = slots(shape, deload, adj.easier);
        let week_mix = mix_intensity(&full_week);
        let target = desired.min(cap_load).min(cap_minutes * week_mix) * adj.scale;
        // Earliest sessions first, the long session last: after a big spike in the
        // history, resting is the only way to bring the acute load down.
        let mut week_slots = full_week;
        for _ in 0..adj.skip.min(week_slots.len()) {
            let i = week_slots.iter().position(|s| s.kind != SessionKind::Long).unwrap_or(0);
            week_slots.remove(i);
        }
        let sessions = lay_out(monday, &week_slots, target, cap_load, cap_minutes, &by_sport, options);
        for s in &sessions {
            by_sport
                .entry(s.sport.clone())
                .or_default()
                .push((s.date, s.duration_min));
        }
        let planned_load: f64 = sessions.iter().map(|s| s.load).sum();
        let planned_minutes: f64 = sessions.iter().map(|s| s.duration_min).sum();
        weeks_so_far.push(WeekTotals {
            load: planned_load,
            minutes: planned_minutes,
            full: true,
        });
        // A week cut short by rest days does not lower the level the ramp builds on.
        if !deload && adj.skip == 0 {
            ramp.build_level = target;
        }
        previous_target = target;
        let long_dates: Vec<NaiveDate> = out
            .last()
            .into_iter()
            .flat_map(|w: &PlanWeek| &w.sessions)
            .chain(&sessions)
            .filter(|s| s.kind == SessionKind::Long)
            .map(|s| s.date)
            .collect();
        let rest_days = (0..7)
            .map(|d| monday + chrono::Days::new(d))
            .filter(|date| !sessions.iter().any(|s| s.date == *date))
            .map(|date| RestDay {
                date,
                advice: reminders::rest_day(long_dates.contains(&(date - chrono::Days::new(1)))),
            })
            .collect();
        out.push(PlanWeek {
            week: week_label(monday),
            start: monday,
            target_load: target,
            planned_load,
            deload,
            sessions,
            rest_days,
            cap_load,
        });
    }
    out
}

fn goal_as_load(goal: Goal, intensity: f64) -> f64 {
    match goal.measure {
        GoalMeasure::Load => goal.weekly,
        GoalMeasure::Minutes => goal.weekly * intensity,
    }
}

/// The longest same-sport session in the 30 days before `date`, and whether the
/// sport was done in the 28 days before it.
fn recent_longest(
    by_sport: &HashMap<String, Vec<(NaiveDate, f64)>>,
    sport: &str,
    date: NaiveDate,
) -> (Option<f64>, bool) {
    let Some(list) = by_sport.get(sport) else {
        return (None, false);
    };
    let from30 = date - chrono::Days::new(30);
    let from28 = date - chrono::Days::new(28);
    let window = list.iter().filter(|(d, _)| *d >= from30 && *d < date);
    let longest = window
        .clone()
        .map(|(_, m)| *m)
        .fold(None, |acc: Option<f64>, m| Some(acc.map_or(m, |a| a.max(m))));
    let familiar = list.iter().any(|(d, _)| *d >= from28 && *d < date);
    (longest, familiar)
}

fn floor_step(minutes: f64) -> f64 {
    (minutes / STEP_MIN + 1e-9).floor() * STEP_MIN
}

fn round_step(minutes: f64) -> f64 {
    (minutes / STEP_MIN).round() * STEP_MIN
}

/// Durations for one week's slots: shares of the target by weight and intensity,
/// each session capped (single-session spike, unfamiliar sport), rounded to 5 min,
/// and the week kept under the load and minutes caps.
fn lay_out(
    monday: NaiveDate,
    slots: &[Slot],
    target: f64,
    cap_load: f64,
    cap_minutes: f64,
    by_sport: &HashMap<String, Vec<(NaiveDate, f64)>>,
    options: &PlanOptions,
) -> Vec<PlannedSession> {
    let mut slots: Vec<Slot> = slots.to_vec();
    let mut caps: Vec<f64> = Vec::with_capacity(slots.len());
    for s in slots.iter_mut() {
        let date = monday + chrono::Days::new(s.day as u64);
        let (longest, familiar) = recent_longest(by_sport, &s.sport, date);
        let mut cap = longest.map_or(f64::INFINITY, |l| floor_step(l * 1.1));
        if !familiar {
            cap = cap.min(NEW_SPORT_MAX_MIN);
            if s.kind == SessionKind::Hard {
                s.kind = SessionKind::Easy;
                s.rpe = 4.0;
                s.weight = 0.8;
            }
        }
        caps.push(cap.clamp(MIN_SESSION_MIN, MAX_SESSION_MIN));
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
        .map(|(m, cap)| round_step(*m).clamp(MIN_SESSION_MIN, *cap))
        .collect();
    // Keep under the caps: trim the longest sessions 5 min at a time.
    let load = |d: &[f64]| d.iter().zip(&slots).map(|(m, s)| m * s.rpe).sum::<f64>();
    let limit_load = cap_load.min(target.max(0.0) * 1.02);
    while (above(load(&durations), limit_load) || above(durations.iter().sum::<f64>(), cap_minutes))
        && let Some(i) = (0..durations.len())
            .filter(|&i| durations[i] - STEP_MIN >= MIN_SESSION_MIN)
            .max_by(|&a, &b| durations[a].total_cmp(&durations[b]))
    {
        durations[i] -= STEP_MIN;
    }
    // Still over at the minimum durations: drop sessions, most intense first (fewer
    // proper sessions rather than many token ones; dropping an easy one would raise
    // the week's intensity). One always stays.
    let mut keep: Vec<bool> = vec![true; slots.len()];
    while above(load_kept(&durations, &slots, &keep), limit_load)
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

fn planned_session(monday: NaiveDate, s: &Slot, duration: f64, options: &PlanOptions) -> PlannedSession {
    let warmup = reminders::warmup(&s.sport, s.kind, &s.muscle_groups);
    let cooldown = reminders::cooldown(&s.sport, s.kind, &s.muscle_groups);
    let main_minutes = (duration - f64::from(warmup.minutes) - f64::from(cooldown.minutes)).max(5.0);
    PlannedSession {
        date: monday + chrono::Days::new(s.day as u64),
        sport: s.sport.clone(),
        kind: s.kind,
        duration_min: duration,
        rpe: s.rpe,
        load: duration * s.rpe,
        main: reminders::main_set(&s.sport, s.kind, main_minutes, s.rpe, &s.muscle_groups),
        warmup,
        cooldown,
        hydration: reminders::hydration(duration, options.body_mass_kg),
        muscle_groups: s.muscle_groups.clone(),
    }
}

/// The planned sessions as history rows, so the rules can judge them.
pub(super) fn as_sessions(athlete: &str, weeks: &[PlanWeek]) -> Vec<Session> {
    weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .map(|p| {
            let mut s = Session::new(athlete, p.date, &p.sport, p.duration_min);
            s.rpe = Some(p.rpe);
            s.muscle_groups = p.muscle_groups.clone();
            s
        })
        .collect()
}

/// Run the rules on the history with the planned weeks appended: the flags on
/// planned days, and the planned days whose ACWR is above the caution threshold
/// (including runs that began before the plan, whose flag is dated before it).
fn evaluate(
    history: &[&Session],
    profile: &Profile,
    weeks: &[PlanWeek],
    config: &Config,
) -> (Vec<Flag>, Vec<NaiveDate>) {
    let planned = as_sessions(&profile.athlete, weeks);
    let mut all: Vec<&Session> = history.iter().copied().filter(|s| s.date <= profile.as_of).collect();
    all.extend(planned.iter());
    let end = profile.start + chrono::Days::new(7 * weeks.len() as u64 - 1);
    let report = analyze_athlete(&profile.athlete, &all, end, config).expect("the plan has days");
    let high_days = report
        .days
        .iter()
        .filter(|d| d.date >= profile.start && d.acwr.is_some_and(|a| above(a, config.acwr.high)))
        .map(|d| d.date)
        .collect();
    let flags = report.flags.into_iter().filter(|f| f.date >= profile.start).collect();
    (flags, high_days)
}

fn finish(
    profile: &Profile,
    options: &PlanOptions,
    weeks: Vec<PlanWeek>,
    mut check: PlanCheck,
    config: &Config,
) -> Plan {
    let goal = options.goal.map(|g| goal_report(g, profile, options, &weeks));
    let carried: Vec<NaiveDate> = check
        .flags
        .iter()
        .filter(|f| f.rule == crate::rules::Rule::Acwr && f.severity >= Severity::Caution)
        .map(|f| f.date)
        .filter(|d| check.carried_over.contains(d))
        .collect();
    if check.blocking().next().is_some() {
        check.note = Some(
            "the planner could not remove every caution or danger flag on the planned days without cutting the plan below what your recent training allows; ease off further and rebuild over more weeks".to_string(),
        );
    } else if let (Some(first), Some(until)) = (carried.first(), check.carried_over.last()) {
        check.note = Some(format!(
            "ACWR stays above {} from {first} to {until} whatever the plan does: the training before the plan keeps the acute load high. The plan starts easy so that it falls as fast as rest allows.",
            config.acwr.high
        ));
    }
    Plan {
        athlete: profile.athlete.clone(),
        start: profile.start,
        baseline_weekly_load: profile.baseline,
        baseline_note: profile.baseline_source.to_string(),
        weeks,
        goal,
        check,
        closing_advice: reminders::CLOSING.to_string(),
    }
}

/// Whether and when the goal is reachable at the allowed ramp: the ramp (with its
/// deloads) simulated forward from the baseline, never faster.
fn goal_report(goal: Goal, profile: &Profile, options: &PlanOptions, weeks: &[PlanWeek]) -> GoalReport {
    let intensity = weeks
        .iter()
        .find(|w| !w.sessions.is_empty())
        .map(|w| w.planned_load / w.sessions.iter().map(|s| s.duration_min).sum::<f64>())
        .unwrap_or(5.0);
    let goal_load = goal_as_load(goal, intensity);
    let volume = |load: f64| match goal.measure {
        GoalMeasure::Load => load,
        GoalMeasure::Minutes => load / intensity,
    };
    let unit = match goal.measure {
        GoalMeasure::Load => "AU",
        GoalMeasure::Minutes => "min",
    };
    // Simulate: same targets and caps as the planner, up to ten years.
    let mut totals = profile.weeks.clone();
    let mut ramp = Ramp {
        options,
        build_level: profile.baseline,
        goal_load: None,
    };
    let mut previous = profile.baseline;
    let r = 1.0 + options.ramp_pct / 100.0;
    let mut reached_k = None;
    for k in 1..=520 {
        let (desired, deload) = ramp.desired(k, previous);
        let cap = ramp_base(&totals, |w| w.load).map_or(f64::INFINITY, |b| b * r);
        let target = desired.min(cap);
        if !deload && target >= goal_load * (1.0 - 1e-9) {
            reached_k = Some(k);
            break;
        }
        totals.push(WeekTotals {
            load: target,
            minutes: target / intensity,
            full: true,
        });
        if !deload {
            ramp.build_level = target;
        }
        previous = target;
    }
    let earliest = reached_k.map(|k| profile.start + chrono::Days::new(7 * (k as u64 - 1)));
    let reached_in_week = weeks
        .iter()
        .find(|w| !w.deload && volume(w.planned_load) >= goal.weekly * 0.97)
        .map(|w| w.week.clone());
    let reachable = match (goal.by, earliest) {
        (_, None) => false,
        (Some(by), Some(e)) => e <= by,
        (None, Some(_)) => true,
    };
    let goal_text = format!("{} {unit}/week", crate::rules::num(goal.weekly));
    let message = match (goal.by, earliest) {
        (_, None) => format!(
            "{goal_text} is not reachable within ten years at a {}% weekly ramp",
            options.ramp_pct
        ),
        (Some(by), Some(e)) if e > by => format!(
            "{goal_text} by {by} is too soon: from {} {unit}/week now, a safe {}% weekly ramp with a lighter week every {} reaches it in the week of {e} at the earliest. The plan keeps the safe ramp.",
            crate::rules::num(volume(profile.baseline).round()),
            crate::rules::num(options.ramp_pct),
            if options.deload_every == 0 {
                "never".to_string()
            } else {
                format!("{} weeks", options.deload_every)
            }
        ),
        (Some(by), Some(e)) => format!(
            "{goal_text} is safely reachable by {by}: at a {}% ramp, from the week of {e}",
            crate::rules::num(options.ramp_pct)
        ),
        (None, Some(e)) => format!(
            "{goal_text} is reachable at a {}% ramp from the week of {e}",
            crate::rules::num(options.ramp_pct)
        ),
    };
    GoalReport {
        measure: goal.measure,
        weekly: goal.weekly,
        by: goal.by,
        reachable,
        earliest_safe_date: earliest,
        reached_in_week,
        message,
    }
}
