//! The athlete's usual week, read from the recent weeks of the history: training
//! weekdays and double days, the long-session day, the start time on each weekday,
//! the sport mix, how many hard sessions, session lengths and logged RPE by kind,
//! pace by sport and kind, and the strength split. Every part can be overridden from
//! the command line ([`super::PlanOptions`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use super::{DayTime, Lengths, Pattern, PlanOptions, SessionKind, SplitDay, SportShare};
use crate::analysis::AthleteReport;
use crate::config::Config;
use crate::history::Session;
use crate::load::intensity;
use crate::rules::at_least;
use crate::tolerance::median;

/// Sports with at least this share of the recent sessions appear every ordinary week.
pub const SPORT_SHARE_MIN: f64 = 0.2;
/// Days of history the pattern is read from (up to the last session).
pub const PATTERN_DAYS: i64 = 42;

/// What the planner knows of the athlete's usual week, beyond [`Pattern`] (which is
/// what the plan shows).
#[derive(Debug, Clone, Default)]
pub struct Habits {
    pub pattern: Pattern,
    /// The sport done on each weekday (slot 0, and slot 1 on double days).
    pub day_sports: BTreeMap<(u32, usize), String>,
    /// The usual start time of each weekday slot (slot 1 on double days).
    pub slot_times: BTreeMap<(u32, usize), NaiveTime>,
    /// Weekdays the athlete did hard sessions on, most often first.
    pub hard_days: Vec<Weekday>,
    /// The sport of the hard sessions on each of those weekdays.
    pub hard_sports: BTreeMap<u32, String>,
    /// Usual minutes of each weekday slot.
    pub slot_minutes: BTreeMap<(u32, usize), f64>,
    /// The RPE the athlete usually logs per kind of session (median).
    pub logged_rpe: HashMap<SessionKind, f64>,
    /// Minutes per km by (sport, kind): easy (also recovery), long, intervals.
    pub pace: HashMap<(String, SessionKind), f64>,
    /// Whether the strength split comes from the history (not a default).
    pub lifter: bool,
}

/// Read the athlete's habits from `sessions` (all up to as-of), over the weeks the
/// tolerated load is taken from when the report has them.
pub fn habits(sessions: &[&Session], report: Option<&AthleteReport>, as_of: NaiveDate, config: &Config) -> Habits {
    let upto: Vec<&Session> = sessions.iter().copied().filter(|s| s.date <= as_of).collect();
    let Some(last) = upto.iter().map(|s| s.date).max() else {
        return Habits::default();
    };
    let first = upto.iter().map(|s| s.date).min().unwrap_or(last);
    // A beginner's weeks grow fast (each would read as a spike): their last 7 days
    // are their week.
    let beginner = (last - first).num_days() < config.plan.beginner_weeks * 7;
    let days_back = if beginner { 7 } else { PATTERN_DAYS };
    let from = (last - chrono::Days::new(days_back as u64 - 1)).max(first);
    // Spike weeks (an overload) do not set the pattern: keep the weeks the
    // tolerated load comes from.
    let kept_weeks: Option<Vec<NaiveDate>> = report.filter(|_| !beginner).and_then(|r| {
        let last_i = r.weeks.iter().rposition(|w| w.start <= last)?;
        let kept: Vec<NaiveDate> = crate::tolerance::tolerated_weeks(&r.weeks, last_i, config)
            .into_iter()
            .map(|i| r.weeks[i].start)
            .filter(|m| *m + chrono::Days::new(6) >= from)
            .collect();
        (!kept.is_empty()).then_some(kept)
    });
    let in_window = |s: &&Session| {
        s.date >= from
            && s.date <= last
            && kept_weeks
                .as_ref()
                .is_none_or(|k| k.contains(&crate::weekly::monday_of(s.date)))
    };
    let training = |s: &&Session| intensity(s, config).value > config.load.rest_day_max_intensity;
    let recent: Vec<&Session> = upto.iter().copied().filter(in_window).filter(training).collect();
    let mondays: Vec<NaiveDate> = {
        let mut m: Vec<NaiveDate> = recent.iter().map(|s| crate::weekly::monday_of(s.date)).collect();
        m.sort();
        m.dedup();
        m
    };
    let n_weeks = mondays.len().max(1) as f64;
    let hard_rpe = config.rules.back_to_back_hard.hard_rpe;
    let rpe = |s: &Session| intensity(s, config).value;

    // Per week: sessions, training days, sessions per weekday.
    let mut per_week: BTreeMap<NaiveDate, BTreeMap<u32, Vec<&Session>>> = BTreeMap::new();
    let week_of = |date: NaiveDate| {
        if beginner { from } else { crate::weekly::monday_of(date) }
    };
    for s in &recent {
        per_week
            .entry(week_of(s.date))
            .or_default()
            .entry(s.date.weekday().num_days_from_monday())
            .or_default()
            .push(s);
    }
    let sessions_per_week = median(
        per_week
            .values()
            .map(|w| w.values().map(Vec::len).sum::<usize>() as f64),
    );
    let days_per_week = median(per_week.values().map(|w| w.len() as f64)).round() as usize;
    let mut day_count = [0usize; 7];
    let mut double_count = [0usize; 7];
    for week in per_week.values() {
        for (day, list) in week {
            day_count[*day as usize] += 1;
            if list.len() >= 2 {
                double_count[*day as usize] += 1;
            }
        }
    }
    let mut by_frequency: Vec<u32> = (0..7).filter(|d| day_count[*d as usize] > 0).collect();
    by_frequency.sort_by_key(|d| std::cmp::Reverse(day_count[*d as usize]));
    let mut days: Vec<u32> = by_frequency.into_iter().take(days_per_week.clamp(1, 7)).collect();
    days.sort();
    // A double day: two sessions on that weekday in at least half of the weeks.
    let doubles: Vec<u32> = days
        .iter()
        .copied()
        .filter(|d| double_count[*d as usize] as f64 >= n_weeks / 2.0 && double_count[*d as usize] > 0)
        .collect();

    // The sport of each weekday slot: the most frequent there.
    let mut day_sports: BTreeMap<(u32, usize), String> = BTreeMap::new();
    let mut slot_times: BTreeMap<(u32, usize), NaiveTime> = BTreeMap::new();
    let mut slot_minutes: BTreeMap<(u32, usize), f64> = BTreeMap::new();
    for &day in &days {
        let mut firsts: HashMap<&str, usize> = HashMap::new();
        let mut seconds: HashMap<&str, usize> = HashMap::new();
        let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut lengths: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        for week in per_week.values() {
            if let Some(list) = week.get(&day) {
                let mut list: Vec<&&Session> = list.iter().collect();
                list.sort_by_key(|s| (s.time, std::cmp::Reverse((s.duration_min * 10.0) as i64)));
                *firsts.entry(&list[0].sport).or_default() += 1;
                if list.len() >= 2 {
                    *seconds.entry(&list[1].sport).or_default() += 1;
                }
                for (slot, s) in list.iter().take(2).enumerate() {
                    lengths[slot].push(s.duration_min);
                    if let Some(t) = s.time {
                        times[slot].push(f64::from(t.hour() * 60 + t.minute()));
                    }
                }
            }
        }
        for (slot, list) in times.iter().enumerate() {
            if !list.is_empty() {
                slot_times.insert((day, slot), minutes_to_time(median(list.iter().copied())));
            }
        }
        for (slot, list) in lengths.iter().enumerate() {
            if !list.is_empty() {
                slot_minutes.insert((day, slot), median(list.iter().copied()));
            }
        }
        if let Some(sport) = most_common(&firsts) {
            day_sports.insert((day, 0), sport);
        }
        if doubles.contains(&day)
            && let Some(sport) = most_common(&seconds)
        {
            day_sports.insert((day, 1), sport);
        }
    }

    // Sport mix.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &recent {
        *counts.entry(&s.sport).or_default() += 1;
    }
    let total = recent.len().max(1) as f64;
    let mut sports: Vec<SportShare> = counts
        .iter()
        .map(|(sport, n)| SportShare {
            sport: sport.to_string(),
            share: *n as f64 / total,
            per_week: 0,
            easy_pace_min_per_km: None,
        })
        .collect();
    sports.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.sport.cmp(&b.sport)));

    // Long day: the weekday of each week's longest endurance session, most often.
    let mut long_days: HashMap<u32, usize> = HashMap::new();
    let mut longs: Vec<f64> = Vec::new();
    let mut long_ids: Vec<(NaiveDate, String)> = Vec::new();
    for week in per_week.values() {
        let longest = week
            .values()
            .flatten()
            .filter(|s| s.sport != "strength")
            .max_by(|a, b| a.duration_min.total_cmp(&b.duration_min));
        if let Some(l) = longest {
            *long_days.entry(l.date.weekday().num_days_from_monday()).or_default() += 1;
            longs.push(l.duration_min);
            long_ids.push((l.date, l.sport.to_string()));
        }
    }
    let long_day = long_days
        .iter()
        .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))
        .map(|(d, _)| weekday(*d));

    // Lengths and logged RPE by kind.
    let is_long = |s: &Session| long_ids.iter().any(|(d, sp)| *d == s.date && *sp == s.sport);
    let endurance: Vec<&Session> = recent.iter().copied().filter(|s| s.sport != "strength").collect();
    let hard: Vec<&Session> = endurance
        .iter()
        .copied()
        .filter(|s| at_least(rpe(s), hard_rpe))
        .collect();
    let ordinary: Vec<&Session> = endurance
        .iter()
        .copied()
        .filter(|s| !(at_least(rpe(s), hard_rpe) || (is_long(s) && longs.len() > 1)))
        .collect();
    let easy_minutes = (!ordinary.is_empty()).then(|| median(ordinary.iter().map(|s| s.duration_min)));
    let short: Vec<f64> = ordinary
        .iter()
        .map(|s| s.duration_min)
        .filter(|m| easy_minutes.is_some_and(|e| *m <= 0.8 * e))
        .collect();
    let strength: Vec<&Session> = recent.iter().copied().filter(|s| s.sport == "strength").collect();
    let lengths = Lengths {
        recovery: (short.len() >= 2).then(|| median(short.iter().copied())),
        easy: easy_minutes,
        long: (!longs.is_empty()).then(|| median(longs.iter().copied())),
        intervals: (!hard.is_empty()).then(|| median(hard.iter().map(|s| s.duration_min))),
        strength: (!strength.is_empty()).then(|| median(strength.iter().map(|s| s.duration_min))),
    };
    let mut logged_rpe: HashMap<SessionKind, f64> = HashMap::new();
    let with_rpe = |list: &[&Session]| -> Option<f64> {
        let v: Vec<f64> = list.iter().filter_map(|s| s.rpe).collect();
        (!v.is_empty()).then(|| median(v.into_iter()))
    };
    let long_sessions: Vec<&Session> = endurance.iter().copied().filter(|s| is_long(s)).collect();
    for (kind, list) in [
        (SessionKind::Easy, &ordinary),
        (SessionKind::Long, &long_sessions),
        (SessionKind::Intervals, &hard),
        (SessionKind::Strength, &strength),
    ] {
        if let Some(v) = with_rpe(list) {
            logged_rpe.insert(kind, v);
        }
    }
    let hard_per_week = median(per_week.values().map(|w| {
        w.values()
            .flatten()
            .filter(|s| s.sport != "strength" && at_least(rpe(s), hard_rpe))
            .count() as f64
    }))
    .round() as usize;
    let mut hard_day_count: HashMap<u32, usize> = HashMap::new();
    let mut hard_sports: BTreeMap<u32, String> = BTreeMap::new();
    for s in &hard {
        *hard_day_count
            .entry(s.date.weekday().num_days_from_monday())
            .or_default() += 1;
        hard_sports.insert(s.date.weekday().num_days_from_monday(), s.sport.to_string());
    }
    let mut hard_days: Vec<(u32, usize)> = hard_day_count.into_iter().collect();
    hard_days.sort_by_key(|(d, n)| (std::cmp::Reverse(*n), *d));

    // Pace by sport and kind: minutes per km of the sessions with a distance.
    let mut pace: HashMap<(String, SessionKind), f64> = HashMap::new();
    for (kind, list) in [
        (SessionKind::Easy, &ordinary),
        (SessionKind::Long, &long_sessions),
        (SessionKind::Intervals, &hard),
    ] {
        let mut by_sport: HashMap<&str, Vec<f64>> = HashMap::new();
        for s in list.iter() {
            if let Some(km) = s.distance_km.filter(|k| *k > 0.0) {
                by_sport.entry(&s.sport).or_default().push(s.duration_min / km);
            }
        }
        for (sport, paces) in by_sport {
            pace.insert((sport.to_string(), kind), median(paces.into_iter()));
        }
    }
    for share in &mut sports {
        share.easy_pace_min_per_km = pace
            .get(&(share.sport.clone(), SessionKind::Easy))
            .or_else(|| pace.get(&(share.sport.clone(), SessionKind::Long)))
            .copied();
    }

    // Start time per weekday: the median of the times written on that weekday.
    let mut times_by_day: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for s in upto.iter().filter(|s| in_window(s)) {
        if let Some(t) = s.time {
            times_by_day
                .entry(s.date.weekday().num_days_from_monday())
                .or_default()
                .push(t.hour() * 60 + t.minute());
        }
    }
    let times: Vec<DayTime> = times_by_day
        .iter()
        .filter(|(d, _)| !slot_times.contains_key(&(**d, 0)))
        .map(|(d, m)| (*d, m.clone()))
        .chain(
            slot_times
                .iter()
                .filter(|((_, slot), _)| *slot == 0)
                .map(|((d, _), t)| (*d, vec![t.hour() * 60 + t.minute()])),
        )
        .collect::<BTreeMap<u32, Vec<u32>>>()
        .iter()
        .map(|(d, minutes)| DayTime {
            day: weekday(*d),
            time: minutes_to_time(median(minutes.iter().map(|m| f64::from(*m)))),
        })
        .collect();

    // The strength split: per weekday, the muscle groups most often worked there.
    let mut split: Vec<SplitDay> = Vec::new();
    let mut strength_days: BTreeMap<u32, Vec<&Session>> = BTreeMap::new();
    for s in &strength {
        strength_days
            .entry(s.date.weekday().num_days_from_monday())
            .or_default()
            .push(s);
    }
    for (day, list) in &strength_days {
        // A weekday is part of the split when it was trained in half the weeks.
        if (list.len() as f64) < n_weeks / 2.0 {
            continue;
        }
        let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
        for s in list {
            let mut g = s.muscle_groups.to_vec();
            g.sort();
            *groups.entry(g).or_default() += 1;
        }
        let groups = groups
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(g, _)| g)
            .unwrap_or_default();
        let tonnages: Vec<f64> = list.iter().filter_map(|s| s.tonnage_kg).collect();
        split.push(SplitDay {
            day: weekday(*day),
            muscle_groups: groups,
            tonnage_kg: (!tonnages.is_empty()).then(|| median(tonnages.into_iter())),
            minutes: median(list.iter().map(|s| s.duration_min)),
        });
    }
    let lifter = !split.is_empty();
    let six_days = days_per_week >= 6;
    let pattern = Pattern {
        from: Some(from),
        to: Some(last),
        sessions_per_week: sessions_per_week.round() as usize,
        days: days.iter().map(|d| weekday(*d)).collect(),
        double_days: doubles.iter().map(|d| weekday(*d)).collect(),
        long_day,
        rest_days: if six_days { 1 } else { 2 },
        times,
        sports,
        hard_per_week,
        lengths,
        split,
    };
    Habits {
        pattern,
        day_sports,
        slot_times,
        slot_minutes,
        hard_sports,
        hard_days: hard_days.into_iter().map(|(d, _)| weekday(d)).collect(),
        logged_rpe,
        pace,
        lifter,
    }
}

/// Minutes after midnight as a time, to the nearest 5 minutes.
fn minutes_to_time(minutes: f64) -> NaiveTime {
    let m = ((minutes / 5.0).round() * 5.0).clamp(0.0, 1435.0) as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

fn most_common(counts: &HashMap<&str, usize>) -> Option<String> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s.to_string())
}

/// Monday = 0.
pub fn weekday(day: u32) -> Weekday {
    Weekday::try_from(day as u8).unwrap_or(Weekday::Mon)
}

/// Apply the command line's overrides to the pattern.
pub fn apply_overrides(h: &mut Habits, options: &PlanOptions) {
    if let Some(days) = &options.days {
        let mut days = days.clone();
        days.sort_by_key(|d| d.num_days_from_monday());
        days.dedup();
        h.pattern.double_days.retain(|d| days.contains(d));
        h.pattern.days = days;
    }
    if let Some(day) = options.long_day {
        h.pattern.long_day = Some(day);
        if !h.pattern.days.contains(&day) && options.days.is_none() {
            // The long day trains: it takes the place of the nearest usual day.
            if let Some(i) = h
                .pattern
                .days
                .iter()
                .position(|d| d.num_days_from_monday().abs_diff(day.num_days_from_monday()) <= 1)
            {
                h.pattern.days[i] = day;
            } else {
                h.pattern.days.push(day);
            }
            h.pattern.days.sort_by_key(|d| d.num_days_from_monday());
            h.pattern.days.dedup();
        }
    }
    if let Some(time) = options.time {
        h.pattern.times = h.pattern.days.iter().map(|&day| DayTime { day, time }).collect();
    }
    if let Some(rest) = options.rest_days {
        h.pattern.rest_days = rest;
    }
}

impl Pattern {
    /// The usual start time on `day`: that weekday's, else the nearest weekday's
    /// with one, else `fallback`.
    pub fn time_on(&self, day: Weekday, fallback: NaiveTime) -> NaiveTime {
        let d = day.num_days_from_monday() as i64;
        self.times
            .iter()
            .min_by_key(|t| {
                let e = t.day.num_days_from_monday() as i64;
                ((d - e).rem_euclid(7)).min((e - d).rem_euclid(7))
            })
            .map_or(fallback, |t| t.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        // 2026-10-05 is a Monday.
        NaiveDate::from_ymd_opt(2026, 10, 5).unwrap() + chrono::Days::new(u64::from(day))
    }

    fn at(day: u32, time: &str, sport: &str, minutes: f64, rpe: f64) -> Session {
        let mut s = Session::new("ana", d(day), sport, minutes);
        s.rpe = Some(rpe);
        s.time = NaiveTime::parse_from_str(time, "%H:%M").ok();
        s
    }

    #[test]
    fn a_twice_a_week_runner_at_seven() {
        let mut sessions = Vec::new();
        for w in 0..6 {
            let mut tue = at(w * 7 + 1, "07:00", "run", 35.0, 3.0);
            tue.distance_km = Some(5.0);
            let mut sat = at(w * 7 + 5, "07:30", "run", 80.0, 4.0);
            sat.distance_km = Some(12.0);
            sessions.push(tue);
            sessions.push(sat);
        }
        let refs: Vec<&Session> = sessions.iter().collect();
        let h = habits(&refs, None, d(40), &Config::default());
        let p = &h.pattern;
        assert_eq!(p.sessions_per_week, 2);
        assert_eq!(p.days, [Weekday::Tue, Weekday::Sat]);
        assert_eq!(p.long_day, Some(Weekday::Sat));
        assert_eq!(p.rest_days, 2);
        assert!(p.double_days.is_empty());
        assert_eq!(p.time_on(Weekday::Tue, NaiveTime::MIN).to_string(), "07:00:00");
        assert_eq!(p.time_on(Weekday::Sat, NaiveTime::MIN).to_string(), "07:30:00");
        assert_eq!(p.lengths.easy, Some(35.0));
        assert_eq!(p.lengths.long, Some(80.0));
        // 35 min / 5 km = 7 min/km; 80 / 12 = 6.67 min/km.
        assert_eq!(h.pace[&("run".to_string(), SessionKind::Easy)], 7.0);
        assert!((h.pace[&("run".to_string(), SessionKind::Long)] - 80.0 / 12.0).abs() < 1e-9);
        assert_eq!(p.sports.len(), 1);
        assert_eq!(p.sports[0].share, 1.0);
    }

    #[test]
    fn double_days_and_six_training_days() {
        let mut sessions = Vec::new();
        for w in 0..4 {
            for day in [0, 1, 2, 3, 5, 6] {
                sessions.push(at(w * 7 + day, "06:00", "run", 45.0, 3.0));
            }
            sessions.push(at(w * 7 + 1, "18:00", "swim", 40.0, 3.0));
            sessions.push(at(w * 7 + 3, "18:00", "ride", 60.0, 3.0));
        }
        let refs: Vec<&Session> = sessions.iter().collect();
        let h = habits(&refs, None, d(30), &Config::default());
        assert_eq!(h.pattern.days.len(), 6);
        assert_eq!(h.pattern.double_days, [Weekday::Tue, Weekday::Thu]);
        assert_eq!(h.pattern.rest_days, 1);
        assert_eq!(h.pattern.sessions_per_week, 8);
        assert_eq!(h.day_sports[&(1, 1)], "swim");
        assert_eq!(h.day_sports[&(3, 1)], "ride");
    }

    #[test]
    fn a_lifters_split_by_weekday() {
        let mut sessions = Vec::new();
        for w in 0..5 {
            for (day, groups, tonnage) in [
                (0, "chest;shoulders;arms", 6000.0),
                (1, "back;arms", 6500.0),
                (3, "legs;core", 9000.0),
                (4, "chest;back", 7000.0),
            ] {
                let mut s = at(w * 7 + day, "17:30", "strength", 60.0, 7.0);
                s.muscle_groups = groups.split(';').map(String::from).collect();
                s.tonnage_kg = Some(tonnage + 100.0 * f64::from(w));
                sessions.push(s);
            }
        }
        let refs: Vec<&Session> = sessions.iter().collect();
        let h = habits(&refs, None, d(34), &Config::default());
        assert!(h.lifter);
        let split = &h.pattern.split;
        assert_eq!(split.len(), 4);
        assert_eq!(split[2].day, Weekday::Thu);
        assert_eq!(split[2].muscle_groups, ["core", "legs"]);
        // Median of 9000..9400 in steps of 100.
        assert_eq!(split[2].tonnage_kg, Some(9200.0));
        assert_eq!(split[2].minutes, 60.0);
        assert_eq!(h.pattern.long_day, None);
    }
}
