//! The layout of one week: which days train, each session's kind, sport and
//! intensity, and durations that share the week's target within the caps of the
//! single-session-spike and new-activity rules (read from the config).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use chrono::NaiveTime;

use super::profile::{PastSession, Profile};
use super::reminders;
use super::{Lengths, PlanOptions, PlannedSession, SessionKind};
use crate::config::Config;
use crate::error::Result;
use crate::rules::above;

/// Durations are multiples of this (minutes).
const STEP_MIN: f64 = 5.0;
/// No planned session is longer (minutes).
const MAX_SESSION_MIN: f64 = 240.0;

/// Prescribed RPE by kind (science-plans.md section 6): recovery 1-2, easy 2-3,
/// long 3-4, intervals 7-8 (the hard RPE of the back-to-back rule).
const RECOVERY_RPE: f64 = 2.0;
const EASY_RPE: f64 = 3.0;
const LONG_RPE: f64 = 3.0;

/// One training slot of the athlete's usual week.
#[derive(Debug, Clone)]
struct Template {
    day: usize,
    sport: String,
    time: NaiveTime,
    /// The athlete's usual minutes in this slot.
    usual_minutes: Option<f64>,
    muscle_groups: Vec<String>,
    /// Usual minutes and tonnage of this strength day.
    strength_minutes: Option<f64>,
    tonnage_kg: Option<f64>,
}

/// The shape every week follows: which days train and with what, which is the
/// long one, how many are hard, and the usual lengths and logged RPE by kind.
#[derive(Debug, Clone)]
pub(super) struct WeekShape {
    pub(super) sessions: usize,
    templates: Vec<Template>,
    long_day: Option<usize>,
    hard: usize,
    hard_days: Vec<usize>,
    hard_sports: BTreeMap<u32, String>,
    lengths: Lengths,
    logged_rpe: HashMap<SessionKind, f64>,
    pub(super) pace: HashMap<(String, SessionKind), f64>,
    easy_share: f64,
}

impl WeekShape {
    pub(super) fn from_options(p: &Profile, o: &PlanOptions, config: &Config) -> Result<WeekShape> {
        let h = &p.habits;
        let pattern = &h.pattern;
        let fallback_time = config.plan.start_time()?;
        let rest_days = o.rest_days.unwrap_or(pattern.rest_days.max(1));
        let max_days = 7 - rest_days;
        let endurance: Vec<String> = p.sports.iter().filter(|s| *s != "strength").cloned().collect();
        let main = endurance.first().cloned().unwrap_or_else(|| "strength".to_string());
        let pattern_days: Vec<usize> = pattern.days.iter().map(|d| d.num_days_from_monday() as usize).collect();
        let doubles: Vec<usize> = pattern
            .double_days
            .iter()
            .map(|d| d.num_days_from_monday() as usize)
            .collect();
        let usual = pattern.sessions_per_week.max(p.usual_sessions.unwrap_or(0));
        let sessions = o
            .sessions_per_week
            .unwrap_or_else(|| if usual == 0 { 3 } else { usual.max(2) })
            .min(2 * max_days);
        // Days: the athlete's (or --days), else a spread that keeps Monday free.
        let mut days: Vec<usize> = if !pattern_days.is_empty() && (o.days.is_some() || o.sessions_per_week.is_none()) {
            pattern_days.clone()
        } else {
            default_days(sessions.min(max_days)).to_vec()
        };
        let long_day = pattern
            .long_day
            .map(|d| d.num_days_from_monday() as usize)
            .filter(|_| !endurance.is_empty());
        while days.len() > max_days {
            // Keep the long day; drop the day after another training day.
            let i = (0..days.len()).rev().find(|&i| Some(days[i]) != long_day).unwrap_or(0);
            days.remove(i);
        }
        // Slots: one a day, a second on the athlete's double days; then more days
        // while the rest days allow; a second session on other days only then.
        let mut slot_days: Vec<(usize, usize)> = days.iter().map(|&d| (d, 0)).collect();
        for &d in &doubles {
            if slot_days.len() < sessions && days.contains(&d) && Some(d) != long_day {
                slot_days.push((d, 1));
            }
        }
        for &d in default_days(6).iter().chain(&[4usize, 0]) {
            if slot_days.len() >= sessions || days.len() >= max_days {
                break;
            }
            if !days.contains(&d) {
                days.push(d);
                slot_days.push((d, 0));
            }
        }
        for &d in days.clone().iter() {
            if slot_days.len() >= sessions {
                break;
            }
            if !slot_days.contains(&(d, 1)) && Some(d) != long_day {
                slot_days.push((d, 1));
            }
        }
        slot_days.truncate(sessions.max(1));
        slot_days.sort();
        let time_of = |day: usize, slot: usize| {
            if let Some(t) = o.time {
                return if slot == 0 {
                    t
                } else {
                    h.slot_times.get(&(day as u32, 1)).copied().unwrap_or(t)
                };
            }
            h.slot_times
                .get(&(day as u32, slot))
                .copied()
                .unwrap_or_else(|| pattern.time_on(crate::plan::pattern::weekday(day as u32), fallback_time))
        };
        let mut templates: Vec<Template> = slot_days
            .iter()
            .map(|&(day, slot)| {
                let sport = h
                    .day_sports
                    .get(&(day as u32, slot))
                    .filter(|s| p.sports.contains(s))
                    .cloned()
                    .unwrap_or_else(|| main.clone());
                let usual_minutes = h
                    .slot_minutes
                    .get(&(day as u32, slot))
                    .copied()
                    .filter(|_| h.day_sports.get(&(day as u32, slot)) == Some(&sport));
                Template {
                    day,
                    sport,
                    time: time_of(day, slot),
                    usual_minutes,
                    muscle_groups: Vec::new(),
                    strength_minutes: None,
                    tonnage_kg: None,
                }
            })
            .collect();
        // The long day trains the main endurance sport.
        if let Some(l) = long_day
            && let Some(t) = templates.iter_mut().find(|t| t.day == l)
            && !endurance.is_empty()
        {
            t.sport = main.clone();
        }
        balance_sports(&mut templates, p, long_day, sessions);
        // One strength session a day at most: a second one is endurance, or dropped.
        let mut strength_days: Vec<usize> = Vec::new();
        templates.retain_mut(|t| {
            if t.sport != "strength" {
                return true;
            }
            if !strength_days.contains(&t.day) {
                strength_days.push(t.day);
                return true;
            }
            if endurance.is_empty() {
                return false;
            }
            t.sport = main.clone();
            true
        });
        // Strength days: the athlete's split, else legs and upper body in turn.
        let mut alternate = 0usize;
        for t in templates.iter_mut().filter(|t| t.sport == "strength") {
            let split = pattern
                .split
                .iter()
                .find(|s| s.day.num_days_from_monday() as usize == t.day);
            match split {
                Some(s) => {
                    t.muscle_groups = s.muscle_groups.clone();
                    t.strength_minutes = Some(s.minutes);
                    t.tonnage_kg = s.tonnage_kg;
                }
                None => {
                    t.muscle_groups = if alternate.is_multiple_of(2) {
                        vec!["legs".into(), "core".into()]
                    } else {
                        vec!["chest".into(), "back".into(), "shoulders".into(), "arms".into()]
                    };
                    t.strength_minutes = pattern.lengths.strength;
                    alternate += 1;
                }
            }
        }
        // Never the same major muscle group two days running ("not training sore
        // muscles"): a later day that repeats one works the other half of the body.
        let major = |g: &String| !matches!(g.as_str(), "arms" | "core");
        for i in (0..templates.len()).cycle().take(templates.len() * 7) {
            let t = templates[i].clone();
            // The day before, Sunday before Monday (the week repeats).
            let clash = templates.iter().any(|p| {
                p.sport == "strength"
                    && t.sport == "strength"
                    && (p.day + 1) % 7 == t.day
                    && p.muscle_groups.iter().any(|g| major(g) && t.muscle_groups.contains(g))
            });
            let t = &mut templates[i];
            if clash {
                let legs = t.muscle_groups.iter().any(|g| g == "legs");
                t.muscle_groups = if legs {
                    vec!["chest".into(), "back".into(), "shoulders".into(), "arms".into()]
                } else {
                    vec!["legs".into(), "core".into()]
                };
                t.tonnage_kg = None;
            }
        }
        let endurance_slots = templates.iter().filter(|t| t.sport != "strength").count();
        // At most 2 hard sessions a week, never more than the athlete's recent count
        // (3 only above ~8 endurance sessions, which the planner never asks for).
        let hard = pattern
            .hard_per_week
            .min(p.usual_hard)
            .max(pattern.hard_per_week.min(2))
            .min(2);
        let hard = if endurance_slots < 2 { 0 } else { hard };
        Ok(WeekShape {
            sessions: templates.len(),
            templates,
            long_day,
            hard,
            hard_days: h.hard_days.iter().map(|d| d.num_days_from_monday() as usize).collect(),
            hard_sports: h.hard_sports.clone(),
            lengths: pattern.lengths,
            logged_rpe: h.logged_rpe.clone(),
            pace: h.pace.clone(),
            easy_share: config.plan.easy_share,
        })
    }
}

/// Reassign slots so every sport with at least 20% of the recent sessions gets its
/// share of the week (at least one session), and `--sport` sports all appear.
fn balance_sports(templates: &mut [Template], p: &Profile, long_day: Option<usize>, sessions: usize) {
    let mut wanted: Vec<(String, usize)> = p
        .habits
        .pattern
        .sports
        .iter()
        .filter(|s| s.share >= super::pattern::SPORT_SHARE_MIN && p.sports.contains(&s.sport))
        .map(|s| (s.sport.clone(), ((s.share * sessions as f64).round() as usize).max(1)))
        .collect();
    for sport in &p.sports {
        if !wanted.iter().any(|(s, _)| s == sport) {
            wanted.push((sport.clone(), 1));
        }
    }
    for _ in 0..templates.len() * 2 {
        let count = |sport: &str, t: &[Template]| t.iter().filter(|x| x.sport == sport).count();
        let Some((short, _)) = wanted
            .iter()
            .find(|(s, n)| count(s, templates) < *n && count(s, templates) < templates.len())
            .cloned()
        else {
            break;
        };
        // Take a slot from the sport most over its share (never the long slot).
        let over = |t: &Template| {
            let n = count(&t.sport, templates);
            let want = wanted.iter().find(|(s, _)| *s == t.sport).map_or(0, |(_, n)| *n);
            n as i64 - want as i64
        };
        let Some(i) = (0..templates.len())
            .filter(|&i| templates[i].sport != short && Some(templates[i].day) != long_day)
            .filter(|&i| over(&templates[i]) > 0 || !wanted.iter().any(|(s, _)| *s == templates[i].sport))
            .max_by_key(|&i| (over(&templates[i]), templates[i].day))
        else {
            break;
        };
        templates[i].sport = short;
    }
}

/// Training days (0 = Monday) for `n` sessions when the history shows no pattern:
/// Monday rests, so no streak or hard pair crosses into the next week; the long
/// session is on Saturday.
fn default_days(n: usize) -> &'static [usize] {
    match n {
        0 => &[],
        1 => &[5],
        2 => &[2, 5],
        3 => &[1, 3, 5],
        4 => &[1, 3, 5, 6],
        5 => &[1, 2, 3, 5, 6],
        _ => &[0, 1, 2, 3, 5, 6],
    }
}

#[derive(Debug, Clone)]
pub(super) struct Slot {
    day: usize,
    pub(super) kind: SessionKind,
    sport: String,
    time: NaiveTime,
    /// The prescribed RPE.
    rpe: f64,
    /// The RPE the athlete will likely log for it: the load counts this.
    load_rpe: f64,
    weight: f64,
    muscle_groups: Vec<String>,
    strength_minutes: Option<f64>,
    tonnage_kg: Option<f64>,
}

impl WeekShape {
    /// The weekday a week cut to one session trains on: the long day, else the
    /// week's last training day.
    pub(super) fn anchor_day(&self) -> usize {
        self.long_day
            .or_else(|| self.templates.iter().map(|t| t.day).max())
            .unwrap_or(5)
    }

    /// The athlete's recent pace (minutes per km) for this kind of session, if any.
    fn pace_for(&self, sport: &str, kind: SessionKind) -> Option<f64> {
        if kind == SessionKind::Strength {
            return None;
        }
        let pace_kind = match kind {
            SessionKind::Intervals | SessionKind::Moderate | SessionKind::Race => SessionKind::Intervals,
            SessionKind::Long => SessionKind::Long,
            _ => SessionKind::Easy,
        };
        [pace_kind, SessionKind::Easy, SessionKind::Long]
            .iter()
            .find_map(|k| self.pace.get(&(sport.to_string(), *k)))
            .copied()
            .filter(|p| *p > 0.0)
    }

    /// The RPE the athlete will likely log for a session prescribed at `prescribed`:
    /// their usual for the kind, but at most one point above the prescription for
    /// easy kinds (athletes rate easy sessions about half a point to a point harder
    /// than planned; hard sessions agree: science-plans.md section 5).
    fn logged(&self, kind: SessionKind, prescribed: f64) -> f64 {
        let usual = match kind {
            SessionKind::Recovery => self.logged_rpe.get(&SessionKind::Easy).copied(),
            SessionKind::Moderate | SessionKind::Race => None,
            _ => self.logged_rpe.get(&kind).copied(),
        };
        match (kind, usual) {
            (_, None) => prescribed,
            (SessionKind::Recovery | SessionKind::Easy | SessionKind::Long, Some(u)) => {
                u.clamp(prescribed, prescribed + 1.0)
            }
            (_, Some(u)) => u.max(prescribed),
        }
    }

    /// Share weights by kind: the athlete's usual lengths relative to an easy session.
    fn weight(&self, kind: SessionKind) -> f64 {
        let easy = self.lengths.easy.unwrap_or(45.0);
        let of = |m: Option<f64>, default: f64| m.map_or(default, |m| (m / easy).clamp(0.4, 3.5));
        match kind {
            SessionKind::Recovery => of(self.lengths.recovery, 0.7).min(0.9),
            SessionKind::Easy | SessionKind::Moderate => 1.0,
            SessionKind::Long => of(self.lengths.long, 1.6).max(1.2),
            SessionKind::Intervals => of(self.lengths.intervals, 0.9).min(1.2),
            SessionKind::Strength | SessionKind::Race => 1.0,
        }
    }

    fn slot(&self, t: &Template, kind: SessionKind, rpe: f64) -> Slot {
        // The athlete's usual length in this slot, when it is of the same kind.
        let easy = self.lengths.easy.unwrap_or(45.0);
        let usual = t.usual_minutes.map(|m| (m / easy).clamp(0.4, 3.5));
        let weight = match (kind, usual) {
            (SessionKind::Easy | SessionKind::Long, Some(w)) => w,
            (SessionKind::Recovery, Some(w)) => w.min(self.weight(kind)),
            _ => self.weight(kind),
        };
        Slot {
            day: t.day,
            kind,
            sport: t.sport.clone(),
            time: t.time,
            rpe,
            load_rpe: self.logged(kind, rpe).max(rpe),
            weight,
            muscle_groups: t.muscle_groups.clone(),
            strength_minutes: t.strength_minutes,
            tonnage_kg: t.tonnage_kg,
        }
    }
}

/// Kinds, sports and intensities of one week's sessions, on the days from
/// `first_day` (0 = Monday; later in a partial first week). `hard_rpe` is the RPE of
/// a hard session; `hard_allowed` false plans none; `easier` turns that many hard
/// sessions easy.
pub(super) fn slots(
    shape: &WeekShape,
    deload: bool,
    easier: usize,
    hard_allowed: bool,
    hard_rpe: f64,
    first_day: usize,
) -> Vec<Slot> {
    let templates: Vec<&Template> = shape.templates.iter().filter(|t| t.day >= first_day).collect();
    let mut hard_left = if !hard_allowed {
        0
    } else if deload {
        shape.hard.min(1)
    } else {
        shape.hard
    };
    hard_left = hard_left.saturating_sub(easier);
    // Hard days: the athlete's, never the long day, the day after it or after another
    // hard day, nor a day with a second session.
    let endurance_days: Vec<usize> = templates
        .iter()
        .filter(|t| t.sport != "strength")
        .map(|t| t.day)
        .collect();
    let mut hard_days: Vec<usize> = Vec::new();
    let candidates: Vec<usize> = shape
        .hard_days
        .iter()
        .copied()
        .chain(endurance_days.iter().copied())
        .collect();
    for d in candidates {
        if hard_days.len() >= hard_left {
            break;
        }
        // Days after a long session: the long day's, and those of a second sport's
        // usual long session (a triathlete's long run).
        let after_long = |d: usize| {
            let before = (d + 6) % 7;
            shape.long_day == Some(before)
                || templates.iter().any(|t| {
                    t.day == before
                        && t.sport != "strength"
                        && t.usual_minutes
                            .is_some_and(|m| m >= 1.4 * shape.lengths.easy.unwrap_or(f64::INFINITY))
                })
        };
        let ok = endurance_days.contains(&d)
            && Some(d) != shape.long_day
            && !after_long(d)
            && shape.long_day.is_none_or(|l| d + 1 != l)
            && !hard_days.iter().any(|h: &usize| h.abs_diff(d) <= 1)
            && !hard_days.contains(&d);
        if ok {
            hard_days.push(d);
        }
    }
    let mut out: Vec<Slot> = Vec::with_capacity(templates.len());
    let mut hard_placed: Vec<usize> = Vec::new();
    for t in &templates {
        if t.sport == "strength" {
            out.push(shape.slot(
                t,
                SessionKind::Strength,
                shape.logged(SessionKind::Strength, 6.0).min(hard_rpe - 1.0),
            ));
            continue;
        }
        if Some(t.day) == shape.long_day && !out.iter().any(|s| s.kind == SessionKind::Long) {
            out.push(shape.slot(t, SessionKind::Long, LONG_RPE));
            continue;
        }
        let hard_sport = shape.hard_sports.get(&(t.day as u32));
        let sport_fits =
            hard_sport.is_none_or(|sp| *sp == t.sport || !templates.iter().any(|o| o.day == t.day && o.sport == *sp));
        if hard_days.contains(&t.day) && !hard_placed.contains(&t.day) && sport_fits {
            hard_placed.push(t.day);
            out.push(shape.slot(t, SessionKind::Intervals, hard_rpe));
            continue;
        }
        // A second sport's long session (a triathlete's long run the day after the
        // long ride) stays long.
        let long_sport = out
            .iter()
            .find(|s| s.kind == SessionKind::Long)
            .map(|s| s.sport.clone());
        let usually_long = t
            .usual_minutes
            .is_some_and(|m| m >= 1.4 * shape.lengths.easy.unwrap_or(f64::INFINITY));
        if usually_long && long_sport.as_ref().is_none_or(|sp| *sp != t.sport) && !out.iter().any(|s| s.day == t.day) {
            out.push(shape.slot(t, SessionKind::Long, LONG_RPE));
            continue;
        }
        let after_big = shape.long_day.is_some_and(|l| t.day == l + 1 || (l == 6 && t.day == 0))
            || hard_days.iter().any(|h| t.day == h + 1);
        if after_big {
            out.push(shape.slot(t, SessionKind::Recovery, RECOVERY_RPE));
        } else {
            out.push(shape.slot(t, SessionKind::Easy, EASY_RPE));
        }
    }
    // The self-check's easier steps: fewer hard sessions (above), then lower RPEs.
    for _ in 0..easier {
        if !ease_one(&mut out) {
            break;
        }
    }
    out
}

pub(super) fn mix_intensity(slots: &[Slot]) -> f64 {
    let minutes: f64 = slots.iter().map(|s| s.weight).sum();
    slots.iter().map(|s| s.weight * s.load_rpe).sum::<f64>() / minutes.max(f64::MIN_POSITIVE)
}

/// Put a slot on weekday `day` (0 = Monday).
/// Strength stays on its split day (its neighbours work other muscles).
pub(super) fn move_to(s: &mut Slot, day: usize) {
    if s.kind != SessionKind::Strength {
        s.day = day.min(6);
    }
}

/// Move a slot up to `days` later, Sunday at the latest.
pub(super) fn move_later(s: &mut Slot, days: usize) {
    if s.kind != SessionKind::Strength {
        s.day = (s.day + days).min(6);
    }
}

/// The date of a slot in the week starting `monday`.
pub(super) fn slot_date(monday: NaiveDate, s: &Slot) -> NaiveDate {
    monday + chrono::Days::new(s.day as u64)
}

/// Turn a quality or long session into a short easy one (the days before a race).
pub(super) fn make_easy(s: &mut Slot) {
    if s.kind == SessionKind::Long {
        s.kind = SessionKind::Easy;
        s.rpe = EASY_RPE;
        s.weight = 0.5;
    }
    if matches!(s.kind, SessionKind::Intervals | SessionKind::Moderate) {
        s.kind = SessionKind::Easy;
        s.rpe = EASY_RPE;
        s.load_rpe = s.load_rpe.min(EASY_RPE + 1.0);
        s.weight = 0.8;
    }
}

/// Two sessions of a day never start at the same time (a double day whose second
/// session has no usual time of its own): the first moves to the morning (07:00 at
/// the latest) and the second goes at least 8 hours after it, no later than 20:00.
/// `sessions` are sorted by date and time, and stay so.
pub(super) fn apart_in_the_day(sessions: &mut [PlannedSession]) {
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
    for i in 1..sessions.len() {
        let (before, rest) = sessions.split_at_mut(i);
        let (first, second) = (&mut before[i - 1], &mut rest[0]);
        if first.date == second.date && first.time == second.time && first.kind != SessionKind::Race {
            first.time = first.time.min(at(7));
            let later = first.time + chrono::Duration::hours(8);
            second.time = second
                .time
                .max(later)
                .min(at(20))
                .max(first.time + chrono::Duration::hours(1));
        }
    }
}

/// The race-day session: the distance at the estimated race pace.
pub(super) fn race_session(ctx: &WeekContext, date: NaiveDate, km: f64, minutes: f64, rpe: f64) -> PlannedSession {
    let day = (date - ctx.monday).num_days().clamp(0, 6) as usize;
    let template = ctx.shape.templates.iter().find(|t| t.day == day && t.sport == "run");
    let slot = Slot {
        day,
        kind: SessionKind::Race,
        sport: "run".to_string(),
        time: template.map_or_else(
            || NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            |t| t.time,
        ),
        rpe,
        load_rpe: rpe,
        weight: 1.0,
        muscle_groups: Vec::new(),
        strength_minutes: None,
        tonnage_kg: None,
    };
    let mut s = planned_session(ctx, &slot, minutes);
    s.distance_km = Some(km);
    s
}

/// Make one session easier; false when nothing is left to ease.
pub(super) fn ease_one(slots: &mut [Slot]) -> bool {
    if let Some(s) = slots.iter_mut().rev().find(|s| s.kind == SessionKind::Intervals) {
        s.kind = SessionKind::Easy;
        s.rpe = EASY_RPE;
        s.load_rpe = s.load_rpe.min(EASY_RPE + 1.0);
        s.weight = 1.0;
        return true;
    }
    for (kind, floor) in [
        (SessionKind::Moderate, 4.0),
        (SessionKind::Strength, 4.0),
        (SessionKind::Long, 3.0),
        (SessionKind::Easy, 2.5),
        (SessionKind::Recovery, 2.0),
    ] {
        if let Some(s) = slots.iter_mut().find(|s| s.kind == kind && s.load_rpe > floor) {
            s.load_rpe = (s.load_rpe - 1.0).max(floor);
            s.rpe = s.rpe.min(s.load_rpe);
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

/// The longest same-sport distance in the session-spike rule's window before `date`
/// (flagged spikes left out).
fn recent_longest_km(
    by_sport: &HashMap<String, Vec<PastSession>>,
    sport: &str,
    date: NaiveDate,
    config: &Config,
) -> Option<f64> {
    let window = chrono::Days::new(config.rules.session_spike.window_days.max(0) as u64);
    by_sport
        .get(sport)?
        .iter()
        .filter(|p| p.anchor && p.date >= date - window && p.date < date)
        .filter_map(|p| p.km)
        .reduce(f64::max)
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

/// What one week's layout needs beyond its slots and targets.
pub(super) struct WeekContext<'a> {
    pub(super) monday: NaiveDate,
    /// Full-week number (0 for a partial first week): strength tonnage grows by it.
    pub(super) week: usize,
    pub(super) deload: bool,
    /// Share of the usual strength volume this week (below 1 after a break or an
    /// overload, growing with the weekly target).
    pub(super) strength_scale: f64,
    /// The long run's minutes when a race build sets them.
    pub(super) long_minutes: Option<f64>,
    pub(super) shape: &'a WeekShape,
    pub(super) options: &'a PlanOptions,
    pub(super) config: &'a Config,
}

/// Durations for one week's slots: strength sessions at their usual minutes (scaled
/// on return), endurance sessions sharing the rest of the target by weight, each
/// capped (single-session spike, unfamiliar sport), rounded to 5 min (or to the
/// minute under a spike cap that 5-minute steps cannot reach), at least
/// `plan.easy_share` of the endurance minutes easy, and the week kept under the load
/// and minutes caps.
pub(super) fn lay_out(
    ctx: &WeekContext,
    slots: &[Slot],
    target: f64,
    cap_load: f64,
    cap_minutes: f64,
    by_sport: &HashMap<String, Vec<PastSession>>,
) -> Vec<PlannedSession> {
    let (monday, config) = (ctx.monday, ctx.config);
    let min_session = config.plan.floor_minutes;
    let spike_step = 1.0 + config.rules.session_spike.caution_pct / 100.0;
    let new_sport_max = config.rules.new_activity.min_minutes;
    let mut slots: Vec<Slot> = slots.to_vec();
    let mut caps: Vec<f64> = Vec::with_capacity(slots.len());
    for s in slots.iter_mut() {
        let date = monday + chrono::Days::new(s.day as u64);
        let (longest, familiar) = recent_longest(by_sport, &s.sport, date, config);
        let mut cap = longest.map_or(f64::INFINITY, |l| session_cap(l, spike_step));
        // With a pace, the distance the minutes cover stays within the rule too.
        let pace = ctx.shape.pace_for(&s.sport, s.kind);
        if let (Some(pace), Some(km)) = (pace, recent_longest_km(by_sport, &s.sport, date, config)) {
            cap = cap.min(session_cap(km * pace, spike_step).max(floor_step(km * spike_step * pace)));
        }
        if !familiar {
            cap = cap.min(floor_step(new_sport_max));
            if s.kind == SessionKind::Intervals {
                s.kind = SessionKind::Easy;
                s.rpe = EASY_RPE;
                s.load_rpe = EASY_RPE;
                s.weight = 0.8;
            }
            // Below the new-activity rule's hard RPE, whatever the kind (a strength
            // session's usual RPE can be at it).
            s.rpe = s.rpe.min(config.rules.new_activity.hard_rpe - 1.0);
            s.load_rpe = s.load_rpe.min(config.rules.new_activity.hard_rpe - 1.0);
        }
        caps.push(cap.clamp(min_session.min(MAX_SESSION_MIN), MAX_SESSION_MIN));
    }
    let mut minutes = vec![0.0; slots.len()];
    let mut fixed = vec![false; slots.len()];
    // Strength sessions keep their minutes: volume grows by tonnage, not time.
    for i in 0..slots.len() {
        if slots[i].kind == SessionKind::Strength {
            let usual = slots[i].strength_minutes.unwrap_or(45.0);
            // A deload week cuts sets (and so minutes) by about a third; otherwise the
            // minutes follow the week's share of the usual volume.
            let scale = if ctx.deload { 0.7 } else { ctx.strength_scale.min(1.0) };
            minutes[i] = floor_step(usual * scale).clamp(min_session, caps[i]);
            fixed[i] = true;
        }
    }
    // A race build sets the long run (within its cap: +10% a step at most).
    if let Some(long) = ctx.long_minutes {
        for i in 0..slots.len() {
            if slots[i].kind == SessionKind::Long {
                minutes[i] = floor_step(long).min(caps[i]).max(min_session);
                fixed[i] = true;
            }
        }
    }
    // Share the target by weight, then move the excess of capped sessions to the others.
    for _ in 0..slots.len() + 1 {
        let fixed_load: f64 = (0..slots.len())
            .filter(|&i| fixed[i])
            .map(|i| minutes[i] * slots[i].load_rpe)
            .sum();
        let free_weight: f64 = (0..slots.len())
            .filter(|&i| !fixed[i])
            .map(|i| slots[i].weight * slots[i].load_rpe)
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
        .enumerate()
        .map(|(i, (m, cap))| {
            if slots[i].kind == SessionKind::Strength {
                *m
            } else {
                round_step(*m).clamp(min_session, *cap)
            }
        })
        .collect();
    keep_mostly_easy(&mut slots, &mut durations, ctx.shape.easy_share, min_session);
    // Keep under the caps: first shrink every endurance session alike (the long one
    // stays the longest), then trim the longest sessions 5 min at a time.
    let load = |d: &[f64], slots: &[Slot]| d.iter().zip(slots).map(|(m, s)| m * s.load_rpe).sum::<f64>();
    let limit_load = cap_load.min(target.max(0.0) * 1.02);
    let over = (load(&durations, &slots) / limit_load.max(f64::MIN_POSITIVE))
        .max(durations.iter().sum::<f64>() / cap_minutes.max(f64::MIN_POSITIVE));
    if over > 1.0 {
        for (d, s) in durations.iter_mut().zip(&slots) {
            if s.kind != SessionKind::Strength {
                *d = floor_step(*d / over).max(min_session);
            }
        }
    }
    while (above(load(&durations, &slots), limit_load) || above(durations.iter().sum::<f64>(), cap_minutes))
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
                .load_rpe
                .total_cmp(&slots[b].load_rpe)
                .then(durations[b].total_cmp(&durations[a]))
        })
    {
        keep[i] = false;
    }
    // At the shortest sessions and the fewest of them, only intensity is left to give.
    while above(load_kept(&durations, &slots, &keep), limit_load) && ease_one(&mut slots) {}
    let (mut slots, mut durations): (Vec<Slot>, Vec<f64>) = slots
        .into_iter()
        .zip(durations)
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(pair, _)| pair)
        .unzip();
    // Trimming may have shortened easy sessions: the easy share holds for what is kept.
    keep_mostly_easy(&mut slots, &mut durations, ctx.shape.easy_share, min_session);
    slots
        .iter()
        .zip(durations)
        .map(|(s, duration)| planned_session(ctx, s, duration))
        .collect()
}

/// At least `share` of the endurance minutes easy (recovery, easy, long): shorten
/// the hard sessions, in 5-minute steps down to the shortest session, then make
/// them easy (science-plans.md section 5: the easy share moves up by shortening hard
/// minutes, not by relabelling them).
fn keep_mostly_easy(slots: &mut [Slot], durations: &mut [f64], share: f64, min_session: f64) {
    let is_easy = |k: SessionKind| matches!(k, SessionKind::Recovery | SessionKind::Easy | SessionKind::Long);
    let shares = |slots: &[Slot], durations: &[f64]| {
        let (mut easy, mut all) = (0.0, 0.0);
        for (s, d) in slots.iter().zip(durations.iter()) {
            if s.kind.is_endurance() && s.kind != SessionKind::Race {
                all += d;
                if is_easy(s.kind) {
                    easy += d;
                }
            }
        }
        (easy, all)
    };
    loop {
        let (easy, all) = shares(slots, durations);
        if all == 0.0 || easy >= share * all - 1e-9 {
            return;
        }
        let hardest = (0..slots.len())
            .filter(|&i| slots[i].kind.is_endurance() && !is_easy(slots[i].kind) && slots[i].kind != SessionKind::Race)
            .max_by(|&a, &b| durations[a].total_cmp(&durations[b]));
        let Some(i) = hardest else { return };
        if durations[i] - STEP_MIN >= min_session {
            durations[i] -= STEP_MIN;
        } else {
            slots[i].kind = SessionKind::Easy;
            slots[i].rpe = EASY_RPE;
            slots[i].load_rpe = slots[i].load_rpe.min(EASY_RPE + 1.0);
        }
    }
}

fn load_kept(durations: &[f64], slots: &[Slot], keep: &[bool]) -> f64 {
    (0..slots.len())
        .filter(|&i| keep[i])
        .map(|i| durations[i] * slots[i].load_rpe)
        .sum()
}

/// Working sets that fit in a strength session: about 10 min of warm-up and 5 of
/// cool-down, and 2.5 min per set with its rest (science-plans.md section 10).
pub fn strength_sets(minutes: f64) -> u32 {
    (((minutes - 15.0) / 2.5).floor().max(3.0)) as u32
}

/// Round a distance down: 0.1 km for swims, 0.5 km otherwise.
pub(super) fn round_km_down(sport: &str, km: f64) -> f64 {
    let step = if sport == "swim" { 0.1 } else { 0.5 };
    ((km / step + 1e-9).floor() * step * 10.0).round() / 10.0
}

/// Round a distance: 0.1 km for swims, 0.5 km otherwise.
fn round_km(sport: &str, km: f64) -> f64 {
    let step = if sport == "swim" { 0.1 } else { 0.5 };
    ((km / step).round() * step * 10.0).round() / 10.0
}

pub(super) fn planned_session(ctx: &WeekContext, s: &Slot, duration: f64) -> PlannedSession {
    let mut warmup = reminders::warmup(&s.sport, s.kind, &s.muscle_groups);
    let mut cooldown = reminders::cooldown(&s.sport, s.kind, &s.muscle_groups);
    (warmup.minutes, cooldown.minutes) =
        reminders::around_minutes((warmup.minutes, cooldown.minutes), duration, s.kind);
    let main_minutes = (duration - f64::from(warmup.minutes) - f64::from(cooldown.minutes)).max(5.0);
    let distance_km = ctx
        .shape
        .pace_for(&s.sport, s.kind)
        .map(|p| round_km(&s.sport, duration / p));
    let (sets, tonnage_kg) = if s.kind == SessionKind::Strength {
        let sets = strength_sets(duration);
        let growth = (1.0 + ctx.config.plan.tonnage_pct / 100.0).powi(ctx.week as i32);
        let tonnage = s.tonnage_kg.map(|t| {
            let scale = if ctx.deload {
                0.6
            } else if ctx.strength_scale < 1.0 {
                ctx.strength_scale
            } else {
                growth
            };
            (t * scale / 10.0).round() * 10.0
        });
        (Some(sets), tonnage)
    } else {
        (None, None)
    };
    PlannedSession {
        date: ctx.monday + chrono::Days::new(s.day as u64),
        time: s.time,
        sport: s.sport.clone(),
        kind: s.kind,
        duration_min: duration,
        distance_km,
        rpe: s.rpe,
        effort: super::effort_word(s.rpe),
        expected_rpe: s.load_rpe,
        sets,
        tonnage_kg,
        load: duration * s.load_rpe,
        main: reminders::main_set(&s.sport, s.kind, main_minutes, s.rpe, &s.muscle_groups, sets),
        warmup,
        cooldown,
        hydration: reminders::hydration(duration, s.kind, ctx.options.body_mass_kg),
        muscle_groups: s.muscle_groups.clone(),
    }
}
