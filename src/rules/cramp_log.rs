//! `cramp-log`: every cramp the athlete logged, with the flags of its own day (its
//! session's spike, heat, length ...) and of the 3 days before it as possible
//! triggers. A severe cramp, or the 3rd within 30 days, is a caution
//! with the seed articles' advice on when to see a doctor.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, advice, source};
use crate::history::Cramp;

/// The most triggers a cramp's flag names (message and evidence); the rest are
/// counted. A day of thousands of sessions, each flagged, each with a cramp, made a
/// list of every flag for every cramp: 200 MB of JSON for 2,000 sessions.
const MAX_TRIGGERS_LISTED: usize = 10;

pub(super) fn check(ctx: &Context, earlier_flags: &[Flag]) -> Vec<Flag> {
    let cfg = &ctx.config.rules.cramp_log;
    let cramps: Vec<_> = ctx
        .timeline
        .sessions
        .iter()
        .filter(|s| s.session.cramp != Cramp::None)
        .collect();
    // The earlier flags by date (then severity, most severe first), searched by date
    // range; the cramps are in date order, so the window's start only moves on.
    let mut by_date: Vec<&Flag> = earlier_flags.iter().collect();
    by_date.sort_by(|a, b| a.date.cmp(&b.date).then(b.severity.cmp(&a.severity)));
    let mut flags = Vec::new();
    let mut first_in_window = 0;
    for (k, s) in cramps.iter().enumerate() {
        let date = s.session.date;
        let trigger_from = date - chrono::Days::new(cfg.trigger_days as u64);
        let from = by_date.partition_point(|f| f.date < trigger_from);
        let to = by_date.partition_point(|f| f.date <= date);
        let all_triggers = &by_date[from..to.max(from)];
        let triggers = &all_triggers[..all_triggers.len().min(MAX_TRIGGERS_LISTED)];
        let not_listed = all_triggers.len() - triggers.len();
        let window_from = date - chrono::Days::new((cfg.window_days - 1).max(0) as u64);
        while cramps[first_in_window].session.date < window_from {
            first_in_window += 1;
        }
        let in_window = k + 1 - first_in_window;
        let severe = s.session.cramp == Cramp::Severe;
        let repeated = in_window >= cfg.repeat_count;
        let severity = if severe || repeated {
            Severity::Caution
        } else {
            Severity::Info
        };
        let trigger_text = if triggers.is_empty() {
            format!("no other flag on the day or in the {} days before", cfg.trigger_days)
        } else {
            let names: Vec<String> = triggers
                .iter()
                .map(|f| format!("{} ({}, {})", f.rule.as_str(), f.severity.as_str(), f.date))
                .collect();
            let more = if not_listed > 0 {
                format!(" and {not_listed} more")
            } else {
                String::new()
            };
            format!(
                "possible triggers on the day and in the {} days before: {}{more}",
                cfg.trigger_days,
                names.join(", ")
            )
        };
        let count_text = if in_window > 1 {
            format!("; cramp {in_window} in {} days", cfg.window_days)
        } else {
            String::new()
        };
        let advice_text = if severity == Severity::Caution {
            format!(
                "{} Until then, ease off: shorter and easier sessions, rest days, and no big jumps in volume or intensity.",
                advice::DOCTOR
            )
        } else {
            format!(
                "Gently stretch and massage the muscle; note what came before it. Cramps follow sudden increases in intensity or volume and a history of cramping, so keep progress gradual, warm up and cool down. {}",
                advice::DOCTOR
            )
        };
        flags.push(ctx.flag(
            Rule::CrampLog,
            severity,
            date,
            format!(
                "{} cramp during {} min {}{count_text}; {trigger_text}",
                s.session.cramp.as_str(),
                super::num(s.session.duration_min),
                s.session.sport
            ),
            Arc::from(advice_text),
            ctx.evidence(|| {
                let mut evidence = json!({
                    "cramp": s.session.cramp.as_str(),
                    "sport": s.session.sport,
                    "cramps_in_window": in_window,
                    "window_days": cfg.window_days,
                    "possible_triggers": triggers.iter().map(|f| json!({
                        "rule": f.rule.as_str(),
                        "severity": f.severity.as_str(),
                        "date": f.date,
                        "message": f.message,
                    })).collect::<Vec<_>>(),
                });
                if not_listed > 0 {
                    evidence["possible_triggers_not_listed"] = json!(not_listed);
                }
                evidence
            }),
            source::CRAMPS,
        ));
    }
    flags
}

#[cfg(test)]
mod tests {
    use crate::history::Cramp;
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    #[test]
    fn a_mild_cramp_is_info_listing_flags_of_its_day_and_the_three_days_before() {
        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0).temperature_c = Some(28.0); // heat on d-3: a trigger
        h.add(3, "run", 30.0, 5.0).cramp = Cramp::Mild;
        let flags = h.flags_of(Rule::CrampLog, 3);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Info);
        assert_eq!(
            flags[0].message,
            "mild cramp during 30 min run; possible triggers on the day and in the 3 days before: heat (caution, 2026-01-05)"
        );
        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0).temperature_c = Some(28.0); // d-4: not a trigger
        h.add(4, "run", 30.0, 5.0).cramp = Cramp::Mild;
        assert!(
            h.flags_of(Rule::CrampLog, 4)[0]
                .message
                .ends_with("no other flag on the day or in the 3 days before")
        );
    }

    #[test]
    fn at_most_ten_triggers_are_listed_and_the_rest_counted() {
        let mut h = Hist::new();
        for _ in 0..12 {
            h.add(0, "run", 30.0, 5.0).temperature_c = Some(28.0);
        }
        h.add(0, "run", 30.0, 5.0).cramp = Cramp::Mild;
        let f = &h.flags_of(Rule::CrampLog, 0)[0];
        assert!(
            f.message
                .ends_with("heat (caution, 2026-01-05), heat (caution, 2026-01-05) and 2 more"),
            "{}",
            f.message
        );
        assert_eq!(f.evidence["possible_triggers"].as_array().unwrap().len(), 10);
        assert_eq!(f.evidence["possible_triggers_not_listed"], 2);
    }

    #[test]
    fn a_flag_on_the_cramp_s_own_day_is_a_trigger() {
        let mut h = Hist::new();
        let cramping = h.add(0, "run", 30.0, 5.0);
        cramping.temperature_c = Some(28.0);
        cramping.cramp = Cramp::Mild;
        let f = &h.flags_of(Rule::CrampLog, 0)[0];
        assert_eq!(
            f.message,
            "mild cramp during 30 min run; possible triggers on the day and in the 3 days before: heat (caution, 2026-01-05)"
        );
        assert_eq!(f.evidence["possible_triggers"][0]["rule"], "heat");
    }

    #[test]
    fn a_severe_cramp_during_a_spiking_long_run_lists_that_spike() {
        let mut h = Hist::new();
        for day in [0, 2, 4, 7, 9, 11] {
            h.add(day, "run", 50.0, 5.0);
        }
        // The long run: 92 min after a longest of 50 (+84%), with a severe cramp.
        let long = h.add(13, "run", 92.0, 5.0);
        long.cramp = Cramp::Severe;
        let spike = h.flags_of(Rule::SessionSpike, 13);
        assert_eq!(spike.len(), 1, "{spike:?}");
        assert_eq!(spike[0].date, h.day(13));
        let cramp = &h.flags_of(Rule::CrampLog, 13)[0];
        assert_eq!(cramp.severity, Severity::Caution);
        assert!(
            cramp.message.starts_with(
                "severe cramp during 92 min run; possible triggers on the day and in the 3 days before: session-spike ("
            ),
            "{}",
            cramp.message
        );
        assert!(cramp.message.contains(", 2026-01-18)"), "{}", cramp.message);
        assert!(!cramp.message.contains("no other flag"), "{}", cramp.message);
    }

    #[test]
    fn severe_or_third_within_30_days_is_caution_with_doctor_advice() {
        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0).cramp = Cramp::Severe;
        let f = &h.flags_of(Rule::CrampLog, 0)[0];
        assert_eq!(f.severity, Severity::Caution);
        assert!(f.advice.starts_with("See a doctor"));

        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0).cramp = Cramp::Mild;
        h.add(10, "run", 30.0, 5.0).cramp = Cramp::Mild;
        h.add(29, "run", 30.0, 5.0).cramp = Cramp::Mild; // day 0 is d-29: third in 30 days
        let flags = h.flags_of(Rule::CrampLog, 29);
        let third = flags.iter().find(|f| f.date == h.day(29)).unwrap();
        assert_eq!(third.severity, Severity::Caution);
        assert_eq!(third.evidence["cramps_in_window"], 3);

        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0).cramp = Cramp::Mild;
        h.add(10, "run", 30.0, 5.0).cramp = Cramp::Mild;
        h.add(30, "run", 30.0, 5.0).cramp = Cramp::Mild; // day 0 is d-30: outside
        let flags = h.flags_of(Rule::CrampLog, 30);
        assert!(flags.iter().all(|f| f.severity == Severity::Info));
    }
}
