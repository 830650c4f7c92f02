//! `new-activity`: the first session of a sport after none in the previous 28 days,
//! when it is long (> 30 min) or hard (intensity 7 or more). Only that first session
//! is examined; days before the 28th of the timeline are not, since what came before
//! the history is unknown.

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, advice, at_least, num, source};

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.new_activity;
    let advice_text: Arc<str> = Arc::from(format!(
        "Unfamiliar (or long-forgotten) activity: ease into it with shorter, easier sessions (under {} min, below RPE {}) for the first couple of weeks. {} {}",
        num(cfg.min_minutes),
        num(cfg.hard_rpe),
        advice::WARM_UP,
        advice::STOP_IF_PAIN
    ));
    // The last date of each sport; an athlete does a handful, so a short list.
    let mut last_seen: Vec<(&str, NaiveDate)> = Vec::new();
    for s in &ctx.timeline.sessions {
        let session = s.session;
        let previous = match last_seen.iter_mut().find(|(sport, _)| *sport == session.sport) {
            Some((_, date)) => Some(std::mem::replace(date, session.date)),
            None => {
                last_seen.push((&session.sport, session.date));
                None
            }
        };
        let unfamiliar = previous.is_none_or(|p| (session.date - p).num_days() > cfg.gap_days);
        if !unfamiliar || (s.day as i64) < cfg.gap_days {
            continue;
        }
        let long = above(session.duration_min, cfg.min_minutes);
        let hard = at_least(s.intensity.value, cfg.hard_rpe);
        if !(long || hard) {
            continue;
        }
        let since = match previous {
            Some(p) => format!("the first since {p}"),
            None => "the first in this history".to_string(),
        };
        flags.push(ctx.flag(
            Rule::NewActivity,
            Severity::Caution,
            session.date,
            format!(
                "{} min {} at RPE {}: {since}, with none in the previous {} days",
                num(session.duration_min),
                session.sport,
                num(s.intensity.value),
                cfg.gap_days
            ),
            advice_text.clone(),
            ctx.evidence(|| {
                json!({
                    "sport": session.sport,
                    "duration_min": session.duration_min,
                    "intensity": s.intensity.value,
                    "previous_session": previous,
                    "gap_days": cfg.gap_days,
                })
            }),
            source::NEW_ACTIVITY,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn base() -> Hist {
        let mut h = Hist::new();
        for day in (0..60).step_by(2) {
            h.add(day, "run", 30.0, 5.0);
        }
        h
    }

    #[test]
    fn long_or_hard_first_session_of_a_new_sport_fires() {
        let mut h = base();
        h.add(40, "swim", 31.0, 4.0);
        let flags = h.flags_of(Rule::NewActivity, 59);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Caution);
        assert_eq!(flags[0].date, h.day(40));
        let mut h = base();
        h.add(40, "swim", 20.0, 7.0);
        assert_eq!(h.flags_of(Rule::NewActivity, 59).len(), 1);
    }

    #[test]
    fn exactly_30_minutes_at_rpe_below_7_and_later_sessions_do_not_fire() {
        let mut h = base();
        h.add(40, "swim", 30.0, 6.9);
        h.add(42, "swim", 90.0, 8.0); // not the first: not examined
        assert!(h.flags_of(Rule::NewActivity, 59).is_empty());
    }

    #[test]
    fn a_gap_of_exactly_28_days_is_familiar_and_29_is_not() {
        let mut h = base();
        h.add(10, "swim", 20.0, 4.0);
        h.add(38, "swim", 60.0, 5.0); // day 10 is d-28: in the window
        assert!(h.flags_of(Rule::NewActivity, 59).is_empty());
        let mut h = base();
        h.add(10, "swim", 20.0, 4.0);
        h.add(39, "swim", 60.0, 5.0);
        assert_eq!(h.flags_of(Rule::NewActivity, 59).len(), 1);
    }

    #[test]
    fn not_before_day_28_of_the_timeline() {
        let mut h = base();
        h.add(27, "swim", 60.0, 8.0);
        assert!(h.flags_of(Rule::NewActivity, 59).is_empty());
        let mut h = base();
        h.add(28, "swim", 60.0, 8.0);
        assert_eq!(h.flags_of(Rule::NewActivity, 59).len(), 1);
    }
}
