//! `missing-rest`: more than 6 training days in a row (a rest day has no session
//! above RPE 2). One flag per streak, dated on its 7th day; danger at 13 days.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, source};

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.missing_rest;
    let advice_text: Arc<str> = Arc::from(
        "Take a rest day now, and at least one every week: easy mobility, sleep and fluids (an easy walk at RPE 2 or less counts as rest). Tired muscles cramp more easily: don't train sore, tired muscles.",
    );
    let days = &ctx.timeline.days;
    let mut start = 0;
    for i in 0..=days.len() {
        let training = i < days.len() && !days[i].rest;
        if training {
            continue;
        }
        let len = i - start;
        if len >= cfg.caution_days {
            let severity = if len >= cfg.danger_days {
                Severity::Danger
            } else {
                Severity::Caution
            };
            let ongoing = i == days.len();
            flags.push(
                ctx.flag(
                    Rule::MissingRest,
                    severity,
                    days[start + cfg.caution_days - 1].date,
                    format!(
                        "{len} training days in a row from {} to {}{} without a rest day",
                        days[start].date,
                        days[i - 1].date,
                        if ongoing { " (ongoing)" } else { "" }
                    ),
                    advice_text.clone(),
                    ctx.evidence(|| {
                        json!({
                            "streak_days": len,
                            "from": days[start].date,
                            "to": days[i - 1].date,
                            "ongoing": ongoing,
                        })
                    }),
                    source::MEEUSEN_2013,
                )
                .lasting_to(days[i - 1].date),
            );
        }
        start = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn streak(len: i64) -> Vec<crate::rules::Flag> {
        let mut h = Hist::new();
        for day in 0..len {
            h.add(day, "run", 30.0, 5.0);
        }
        h.add(len + 1, "run", 30.0, 5.0); // day len is a rest day
        h.flags_of(Rule::MissingRest, len + 1)
    }

    #[test]
    fn six_days_do_not_fire_seven_do_and_thirteen_is_danger() {
        assert!(streak(6).is_empty());
        let seven = streak(7);
        assert_eq!(seven.len(), 1);
        assert_eq!(seven[0].severity, Severity::Caution);
        assert_eq!(seven[0].date, Hist::new().day(6), "dated on the 7th day");
        assert_eq!(streak(12)[0].severity, Severity::Caution);
        let thirteen = streak(13);
        assert_eq!(thirteen.len(), 1, "one flag per streak");
        assert_eq!(thirteen[0].severity, Severity::Danger);
        assert_eq!(thirteen[0].date, Hist::new().day(6));
    }

    #[test]
    fn an_easy_walk_is_a_rest_day_but_a_harder_one_is_not() {
        let mut h = Hist::new();
        for day in 0..8 {
            let rpe = if day == 3 { 2.0 } else { 5.0 };
            h.add(day, "run", 30.0, rpe);
        }
        assert!(h.flags_of(Rule::MissingRest, 7).is_empty());
        let mut h = Hist::new();
        for day in 0..8 {
            let rpe = if day == 3 { 2.5 } else { 5.0 };
            h.add(day, "run", 30.0, rpe);
        }
        assert_eq!(h.flags_of(Rule::MissingRest, 7).len(), 1);
    }

    #[test]
    fn an_ongoing_streak_is_flagged() {
        let mut h = Hist::new();
        for day in 0..9 {
            h.add(day, "run", 30.0, 5.0);
        }
        let flags = h.flags_of(Rule::MissingRest, 8);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].message.contains("(ongoing)"), "{}", flags[0].message);
    }
}
