//! `back-to-back-hard`: a hard session (intensity 7 or more) on each of two
//! consecutive days. The advice names the muscle groups (else the sport) both days
//! worked: don't train sore, tired muscles.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, advice, at_least, num, source};
use crate::timeline::ScoredSession;

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let hard_rpe = ctx.config.rules.back_to_back_hard.hard_rpe;
    let hard = |day: usize| -> Vec<&ScoredSession> {
        ctx.timeline
            .sessions_on(day)
            .iter()
            .filter(|s| at_least(s.intensity.value, hard_rpe))
            .collect()
    };
    let mut previous = hard(0);
    for day in 1..ctx.timeline.days.len() {
        let today = hard(day);
        if !previous.is_empty() && !today.is_empty() {
            flags.push(pair(ctx, day, &previous, &today));
        }
        previous = today;
    }
}

fn pair(ctx: &Context, day: usize, first: &[&ScoredSession], second: &[&ScoredSession]) -> Flag {
    let groups = |ss: &[&ScoredSession]| -> BTreeSet<String> {
        ss.iter()
            .flat_map(|s| s.session.muscle_groups.iter().cloned())
            .collect()
    };
    let sports =
        |ss: &[&ScoredSession]| -> BTreeSet<String> { ss.iter().map(|s| s.session.sport.to_string()).collect() };
    let shared_groups: Vec<String> = groups(first).intersection(&groups(second)).cloned().collect();
    let shared_sports: Vec<String> = sports(first).intersection(&sports(second)).cloned().collect();
    let describe = |ss: &[&ScoredSession]| -> String {
        ss.iter()
            .map(|s| format!("{} RPE {}", s.session.sport, num(s.intensity.value)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (date, yesterday) = (ctx.timeline.days[day].date, ctx.timeline.days[day - 1].date);
    let worked = if !shared_groups.is_empty() {
        format!("Both days worked your {}: ", and_list(&shared_groups))
    } else if !shared_sports.is_empty() {
        format!("Both days were hard {}: ", and_list(&shared_sports))
    } else {
        String::new()
    };
    Flag {
        rule: Rule::BackToBackHard,
        severity: Severity::Caution,
        date,
        until: date,
        recent: true,
        athlete: ctx.athlete.clone(),
        message: format!(
            "hard sessions on consecutive days: {yesterday} ({}) and {date} ({})",
            describe(first),
            describe(second)
        ),
        advice: Arc::from(format!(
            "{worked}don't train sore, tired muscles. Put an easy day or a rest day between hard days. {}",
            advice::STOP_IF_PAIN
        )),
        evidence: ctx.evidence(|| {
            json!({
                "first_date": yesterday,
                "second_date": date,
                "hard_rpe": ctx.config.rules.back_to_back_hard.hard_rpe,
                "shared_muscle_groups": shared_groups,
                "shared_sports": shared_sports,
            })
        }),
        source: source::HARD_DAYS,
    }
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    #[test]
    fn two_hard_days_in_a_row_name_the_shared_muscles() {
        let mut h = Hist::new();
        h.add(0, "strength", 50.0, 7.0).muscle_groups = ["legs".into(), "core".into()].into();
        h.add(1, "run", 40.0, 8.0).muscle_groups = ["legs".into()].into();
        let flags = h.flags_of(Rule::BackToBackHard, 1);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Caution);
        assert_eq!(flags[0].date, h.day(1));
        assert!(
            flags[0]
                .advice
                .starts_with("Both days worked your legs: don't train sore"),
            "{}",
            flags[0].advice
        );
        assert_eq!(
            flags[0].message,
            "hard sessions on consecutive days: 2026-01-05 (strength RPE 7) and 2026-01-06 (run RPE 8)"
        );
    }

    #[test]
    fn shared_sport_when_no_muscles_and_threshold_edges() {
        let mut h = Hist::new();
        h.add(0, "run", 40.0, 7.0);
        h.add(1, "run", 40.0, 7.0);
        h.add(2, "run", 40.0, 6.9);
        let flags = h.flags_of(Rule::BackToBackHard, 2);
        assert_eq!(flags.len(), 1, "RPE 6.9 is not hard");
        assert!(
            flags[0].advice.starts_with("Both days were hard run:"),
            "{}",
            flags[0].advice
        );
    }

    #[test]
    fn three_hard_days_are_two_pairs_and_a_gap_breaks_them() {
        let mut h = Hist::new();
        for day in [0, 1, 2, 4] {
            h.add(day, "ride", 60.0, 8.0);
        }
        assert_eq!(h.flags_of(Rule::BackToBackHard, 4).len(), 2);
    }
}
