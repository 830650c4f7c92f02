//! The weekly table: one row per ISO week (Monday to Sunday) from the first to the
//! last week of the timeline, empty weeks included.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::timeline::Timeline;

/// The highest monotony reported: a week of identical non-zero days would be infinite.
pub const MONOTONY_CAP: f64 = 10.0;

/// One ISO week, as `check --format json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// ISO week label, e.g. `2026-W05`.
    pub week: String,
    /// The Monday of the week.
    pub start: NaiveDate,
    pub load: f64,
    pub minutes: f64,
    pub distance_km: f64,
    /// Null when no session of the week has a tonnage.
    pub tonnage_kg: Option<f64>,
    pub sessions: usize,
    /// Rest days among the week's days on the timeline.
    pub rest_days: usize,
    /// load / minutes: the mean session intensity weighted by duration.
    pub intensity: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
    /// Percent load change from the previous ISO week (12.5 = +12.5%).
    pub ramp_pct: Option<f64>,
    /// The week is not fully on the timeline (the first or the current week).
    pub partial: bool,
    /// Days of the week on the timeline (7 unless partial).
    #[serde(skip)]
    pub days_on_timeline: usize,
}

impl Week {
    /// Days of the week that were training days.
    pub fn training_days(&self) -> usize {
        self.days_on_timeline - self.rest_days
    }
}

/// The Monday of `date`'s ISO week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// ISO week label of `date`, e.g. `2026-W05`.
pub fn week_label(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Foster's monotony of seven daily loads: mean / sample SD (n-1), 10 when the SD is
/// 0 and the load is not, capped at 10, null when the week's load is 0.
pub fn monotony(daily: &[f64; 7]) -> Option<f64> {
    let total: f64 = daily.iter().sum();
    if total == 0.0 {
        return None;
    }
    let mean = total / 7.0;
    let variance = daily.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / 6.0;
    let sd = variance.sqrt();
    if sd == 0.0 {
        return Some(MONOTONY_CAP);
    }
    Some((mean / sd).min(MONOTONY_CAP))
}

/// Build the weekly table of a timeline.
pub fn table(timeline: &Timeline) -> Vec<Week> {
    let first_monday = monday_of(timeline.start());
    let weeks = ((timeline.end() - first_monday).num_days() / 7 + 1) as usize;
    let mut out: Vec<Week> = Vec::with_capacity(weeks);
    for w in 0..weeks {
        let start = first_monday + chrono::Days::new(7 * w as u64);
        let mut daily = [0.0; 7];
        let (mut minutes, mut distance, mut tonnage) = (0.0, 0.0, None::<f64>);
        let (mut sessions, mut rest_days, mut days_on_timeline) = (0, 0, 0);
        for (k, slot) in daily.iter_mut().enumerate() {
            let Some(i) = timeline.index_of(start + chrono::Days::new(k as u64)) else {
                continue;
            };
            days_on_timeline += 1;
            let day = &timeline.days[i];
            *slot = day.load;
            rest_days += usize::from(day.rest);
            for s in timeline.sessions_on(i) {
                sessions += 1;
                minutes += s.session.duration_min;
                distance += s.session.distance_km.unwrap_or(0.0);
                if let Some(t) = s.session.tonnage_kg {
                    *tonnage.get_or_insert(0.0) += t;
                }
            }
        }
        let load: f64 = daily.iter().sum();
        let partial = days_on_timeline < 7;
        let monotony = if partial { None } else { monotony(&daily) };
        let ramp_pct = out
            .last()
            .filter(|prev| prev.load != 0.0)
            .map(|prev| (load - prev.load) / prev.load * 100.0);
        out.push(Week {
            week: week_label(start),
            start,
            load,
            minutes,
            distance_km: distance,
            tonnage_kg: tonnage,
            sessions,
            rest_days,
            intensity: (minutes > 0.0).then(|| load / minutes),
            monotony,
            strain: monotony.map(|m| load * m),
            ramp_pct,
            partial,
            days_on_timeline,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::history::Session;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn monotony_definition_and_edges() {
        assert_eq!(monotony(&[0.0; 7]), None);
        assert_eq!(monotony(&[50.0; 7]), Some(10.0));
        // mean 10, sample SD of [0,0,0,0,0,0,70] = sqrt(4900*6/7*... ) computed directly:
        let days = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 70.0];
        let mean = 10.0;
        let sd = ((6.0 * 100.0 + 3600.0) / 6.0f64).sqrt();
        assert_eq!(monotony(&days), Some(mean / sd));
        // Nearly flat weeks are capped at 10.
        assert_eq!(monotony(&[100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 101.0]), Some(10.0));
    }

    #[test]
    fn weeks_are_iso_weeks_with_empty_ones_and_partial_edges() {
        // 2026-01-07 is a Wednesday (W02); as-of 2026-01-27 is a Tuesday (W05).
        let mut a = Session::new("me", d(1, 7), "run", 30.0);
        a.rpe = Some(5.0);
        a.distance_km = Some(5.0);
        let mut b = Session::new("me", d(1, 12), "strength", 60.0);
        b.rpe = Some(6.0);
        b.tonnage_kg = Some(4000.0);
        let mut c = Session::new("me", d(1, 26), "run", 40.0);
        c.rpe = Some(5.0);
        let sessions = [a, b, c];
        let t = Timeline::build("me", &sessions, d(1, 27), &Config::default()).unwrap();
        let weeks = table(&t);
        let labels: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(labels, ["2026-W02", "2026-W03", "2026-W04", "2026-W05"]);
        assert_eq!(weeks[0].start, d(1, 5));
        assert!(weeks[0].partial && !weeks[1].partial && !weeks[2].partial && weeks[3].partial);
        assert_eq!(weeks[0].days_on_timeline, 5);
        assert_eq!(weeks[0].load, 150.0);
        assert_eq!(weeks[0].distance_km, 5.0);
        assert_eq!(weeks[0].tonnage_kg, None);
        assert_eq!(weeks[0].rest_days, 4);
        assert_eq!(weeks[0].monotony, None);
        assert_eq!(weeks[0].ramp_pct, None);
        assert_eq!(weeks[1].tonnage_kg, Some(4000.0));
        assert_eq!(weeks[1].intensity, Some(6.0));
        assert_eq!(weeks[1].ramp_pct, Some(140.0));
        assert_eq!(weeks[1].rest_days, 6);
        assert!(weeks[1].monotony.is_some());
        assert_eq!(weeks[1].strain, Some(360.0 * weeks[1].monotony.unwrap()));
        // An empty full week: load 0, no intensity, monotony null, ramp -100%.
        assert_eq!(weeks[2].load, 0.0);
        assert_eq!(weeks[2].intensity, None);
        assert_eq!(weeks[2].monotony, None);
        assert_eq!(weeks[2].ramp_pct, Some(-100.0));
        assert_eq!(weeks[2].rest_days, 7);
        // The week after an empty week has no ramp.
        assert_eq!(weeks[3].ramp_pct, None);
        assert_eq!(weeks[3].sessions, 1);
    }
}
