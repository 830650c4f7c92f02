//! Builders for rule tests: a history of sessions on day offsets from Monday
//! 2026-01-05, analysed with the default config.

use chrono::NaiveDate;

use crate::config::Config;
use crate::history::Session;
use crate::rules::{Flag, Rule, Severity};
use crate::series::DayMetrics;

pub struct Hist {
    pub sessions: Vec<Session>,
    pub config: Config,
}

impl Hist {
    pub fn new() -> Hist {
        Hist {
            sessions: Vec::new(),
            config: Config::default(),
        }
    }

    /// The date of day offset `day` (day 0 = Monday 2026-01-05).
    pub fn day(&self, day: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(day as u64)
    }

    /// Add a session and return it for further fields.
    pub fn add(&mut self, day: i64, sport: &str, minutes: f64, rpe: f64) -> &mut Session {
        let mut s = Session::new("me", self.day(day), sport, minutes);
        s.rpe = Some(rpe);
        self.sessions.push(s);
        self.sessions.last_mut().unwrap()
    }

    fn report(&self, as_of: i64) -> crate::AthleteReport {
        let refs: Vec<&Session> = self.sessions.iter().collect();
        crate::analyze_athlete("me", &refs, self.day(as_of), &self.config).expect("a session on or before as-of")
    }

    /// The weekly table up to day `as_of`.
    pub fn weeks(&self, as_of: i64) -> Vec<crate::weekly::Week> {
        self.report(as_of).weeks
    }

    /// The timeline's days up to day `as_of`.
    pub fn timeline_days(&self, as_of: i64) -> Vec<crate::timeline::Day> {
        crate::timeline::Timeline::build("me", self.sessions.iter(), self.day(as_of), &self.config)
            .expect("a session on or before as-of")
            .days
    }

    /// The daily series up to day `as_of`.
    pub fn days(&self, as_of: i64) -> Vec<DayMetrics> {
        self.report(as_of).days
    }

    /// The flags of `rule` up to day `as_of`, in date order.
    pub fn flags_of(&self, rule: Rule, as_of: i64) -> Vec<Flag> {
        let mut flags: Vec<Flag> = self
            .report(as_of)
            .flags
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        flags.sort_by_key(|f| f.date);
        flags
    }

    /// (severity, message) of the flags of `rule`, in date order.
    pub fn severities(&self, rule: Rule, as_of: i64) -> Vec<(Severity, String)> {
        self.flags_of(rule, as_of)
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }
}
