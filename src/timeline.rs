//! The per-athlete timeline: every calendar day from the athlete's first session to
//! the as-of date, with the sessions of each day and their loads. Days without
//! sessions stay on the timeline with load 0; skipping them is the classic way
//! published ACWR and monotony numbers go wrong.

use std::ops::Range;

use chrono::NaiveDate;

use crate::config::Config;
use crate::history::Session;
use crate::load::{Intensity, intensity};

/// A session with its intensity and load.
#[derive(Debug, Clone)]
pub struct ScoredSession<'h> {
    pub session: &'h Session,
    pub intensity: Intensity,
    /// `duration_min x intensity`, in AU.
    pub load: f64,
    /// Index of the session's day on the timeline.
    pub day: usize,
}

/// One calendar day.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Sum of the day's session loads (AU).
    pub load: f64,
    /// No session above the rest-day intensity (2 by default): active recovery at most.
    pub rest: bool,
    /// The day's sessions, as a range into [`Timeline::sessions`].
    pub sessions: Range<usize>,
}

/// An athlete's timeline.
#[derive(Debug, Clone)]
pub struct Timeline<'h> {
    pub athlete: String,
    pub days: Vec<Day>,
    /// Sessions in date order (file order within a day), up to the as-of date.
    pub sessions: Vec<ScoredSession<'h>>,
}

impl<'h> Timeline<'h> {
    /// Build the timeline of `athlete` from its sessions (any order), ignoring those
    /// after `as_of`. Returns `None` when no session is on or before `as_of`.
    pub fn build(
        athlete: &str,
        sessions: impl IntoIterator<Item = &'h Session>,
        as_of: NaiveDate,
        config: &Config,
    ) -> Option<Timeline<'h>> {
        let mut kept: Vec<&Session> = sessions.into_iter().filter(|s| s.date <= as_of).collect();
        kept.sort_by_key(|s| s.date);
        let first = kept.first()?.date;
        let len = (as_of - first).num_days() as usize + 1;
        let rest_max = config.load.rest_day_max_intensity;
        let mut days: Vec<Day> = (0..len)
            .map(|i| Day {
                date: first + chrono::Days::new(i as u64),
                load: 0.0,
                rest: true,
                sessions: 0..0,
            })
            .collect();
        let mut scored = Vec::with_capacity(kept.len());
        for (index, session) in kept.into_iter().enumerate() {
            let day = (session.date - first).num_days() as usize;
            let intensity = intensity(session, config);
            let load = session.duration_min * intensity.value;
            let d = &mut days[day];
            if d.sessions.is_empty() {
                d.sessions = index..index;
            }
            d.sessions.end = index + 1;
            d.load += load;
            if intensity.value > rest_max {
                d.rest = false;
            }
            scored.push(ScoredSession {
                session,
                intensity,
                load,
                day,
            });
        }
        Some(Timeline {
            athlete: athlete.to_string(),
            days,
            sessions: scored,
        })
    }

    /// The first day of the timeline.
    pub fn start(&self) -> NaiveDate {
        self.days[0].date
    }

    /// The as-of date (last day of the timeline).
    pub fn end(&self) -> NaiveDate {
        self.days[self.days.len() - 1].date
    }

    /// Index of `date` on the timeline, if it is on it.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        let i = (date - self.start()).num_days();
        (0..self.days.len() as i64).contains(&i).then_some(i as usize)
    }

    /// The sessions of day `day`.
    pub fn sessions_on(&self, day: usize) -> &[ScoredSession<'h>] {
        &self.sessions[self.days[day].sessions.clone()]
    }

    /// Daily loads, one per timeline day.
    pub fn loads(&self) -> Vec<f64> {
        self.days.iter().map(|d| d.load).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn s(date: NaiveDate, minutes: f64, rpe: f64) -> Session {
        let mut s = Session::new("me", date, "run", minutes);
        s.rpe = Some(rpe);
        s
    }

    #[test]
    fn every_day_is_on_the_timeline_and_rest_days_follow_intensity() {
        let sessions = vec![
            s(d(1, 5), 30.0, 2.0), // walk-level: still a rest day, load counts
            s(d(1, 3), 60.0, 5.0),
            s(d(1, 3), 20.0, 8.0),
            s(d(1, 9), 45.0, 6.0), // after as-of: ignored
        ];
        let config = Config::default();
        let t = Timeline::build("me", &sessions, d(1, 7), &config).unwrap();
        assert_eq!(t.days.len(), 5);
        assert_eq!(t.start(), d(1, 3));
        assert_eq!(t.end(), d(1, 7));
        assert_eq!(t.loads(), vec![460.0, 0.0, 60.0, 0.0, 0.0]);
        assert_eq!(
            t.days.iter().map(|d| d.rest).collect::<Vec<_>>(),
            [false, true, true, true, true]
        );
        assert_eq!(t.sessions_on(0).len(), 2);
        assert_eq!(t.sessions_on(2)[0].load, 60.0);
        assert_eq!(t.index_of(d(1, 5)), Some(2));
        assert_eq!(t.index_of(d(1, 8)), None);
    }

    #[test]
    fn nothing_on_or_before_as_of_gives_no_timeline() {
        let sessions = vec![s(d(2, 1), 30.0, 5.0)];
        assert!(Timeline::build("me", &sessions, d(1, 31), &Config::default()).is_none());
    }
}
