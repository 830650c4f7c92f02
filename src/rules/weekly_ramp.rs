//! `weekly-ramp`: a week's load, minutes or distance more than 10% above its base
//! (caution) or 30% (danger). The base is the higher of the previous week and the
//! mean of the up-to-four previous full weeks, so coming back to the usual level
//! after a deload week is not a jump, while coming back from a week off is.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, advice, num, pct, pct_change, source};
use crate::weekly::Week;

/// (name, unit, value of a week)
type Measure = (&'static str, &'static str, fn(&Week) -> f64);

const MEASURES: [Measure; 3] = [
    ("load", " AU", |w| w.load),
    ("minutes", " min", |w| w.minutes),
    ("distance_km", " km", |w| w.distance_km),
];

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.weekly_ramp;
    let advice_text: Arc<str> = Arc::from(format!(
        "Too much, too soon: bring this week back towards your usual level, then grow it by about {}% a week at most, with a lighter week every 3-4 weeks. {}",
        num(cfg.caution_pct),
        advice::REST
    ));
    let weeks = ctx.weeks;
    for (w, week) in weeks.iter().enumerate() {
        let earlier = &weeks[w.saturating_sub(cfg.base_weeks)..w];
        let full: Vec<&Week> = earlier.iter().filter(|x| !x.partial).collect();
        if full.is_empty() {
            continue;
        }
        let previous = w.checked_sub(1).map(|p| &weeks[p]).filter(|p| !p.partial);
        let mut jumped = Vec::new();
        let mut worst = None;
        for (name, unit, get) in MEASURES {
            let mean = full.iter().map(|x| get(x)).sum::<f64>() / full.len() as f64;
            let prev = previous.map(get);
            let base = prev.map_or(mean, |p| p.max(mean));
            if base == 0.0 {
                continue;
            }
            let value = get(week);
            let change = pct_change(value, base);
            if !above(change, cfg.caution_pct) {
                continue;
            }
            let severity = if above(change, cfg.danger_pct) {
                Severity::Danger
            } else {
                Severity::Caution
            };
            worst = worst.max(Some(severity));
            jumped.push((name, unit, value, base, change, prev, mean));
        }
        let Some(severity) = worst else { continue };
        let parts: Vec<String> = jumped
            .iter()
            .map(|(name, unit, value, base, change, _, _)| {
                format!(
                    "{name} {}{unit} is {} above its base {}{unit}",
                    num(*value),
                    pct(*change),
                    num(*base)
                )
            })
            .collect();
        let so_far = if week.partial { " (so far)" } else { "" };
        flags.push(ctx.flag(
            Rule::WeeklyRamp,
            severity,
            week.start,
            format!("week {}{so_far}: {}", week.week, parts.join("; ")),
            advice_text.clone(),
            ctx.evidence(|| {
                json!({
                    "week": week.week,
                    "partial": week.partial,
                    "measures": jumped.iter().map(|(name, _, value, base, change, prev, mean)| json!({
                        "measure": name,
                        "value": value,
                        "base": base,
                        "change_pct": change,
                        "previous_week": prev,
                        "mean_of_previous_full_weeks": mean,
                    })).collect::<Vec<_>>(),
                    "weeks_in_mean": full.len(),
                })
            }),
            source::NIELSEN_2014,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    /// Full weeks starting Monday 2026-01-05 (day 0); one session on each week's
    /// Monday with the given minutes at RPE 5 (so load = 5 x minutes).
    fn weeks(minutes: &[f64]) -> Hist {
        let mut h = Hist::new();
        for (w, m) in minutes.iter().enumerate() {
            if *m > 0.0 {
                h.add(7 * w as i64, "ride", *m, 5.0);
            }
        }
        h
    }

    fn ramp(minutes: &[f64]) -> Vec<(Severity, String)> {
        let last_day = 7 * minutes.len() as i64 - 1;
        weeks(minutes).severities(Rule::WeeklyRamp, last_day)
    }

    #[test]
    fn edges_exactly_at_just_below_just_above() {
        assert!(ramp(&[100.0, 110.0]).is_empty(), "exactly +10% does not fire");
        assert!(ramp(&[100.0, 109.9]).is_empty());
        assert_eq!(ramp(&[100.0, 110.1])[0].0, Severity::Caution);
        assert_eq!(ramp(&[100.0, 130.0])[0].0, Severity::Caution);
        assert_eq!(ramp(&[100.0, 130.1])[0].0, Severity::Danger);
    }

    #[test]
    fn back_to_usual_after_a_deload_is_not_a_jump_but_after_a_week_off_is() {
        // Mean of the four previous full weeks: (100+100+100+70)/4 = 92.5 < 100.
        // Base = max(70, 92.5) = 92.5 and 100 is +8.1%: no flag.
        assert!(ramp(&[100.0, 100.0, 100.0, 100.0, 70.0, 100.0]).is_empty());
        // After a week off: mean (100+100+100+0)/4 = 75, 100 is +33%: danger.
        let flags = ramp(&[100.0, 100.0, 100.0, 100.0, 0.0, 100.0]);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].0, Severity::Danger);
    }

    #[test]
    fn one_flag_per_week_listing_each_measure() {
        let flags = ramp(&[100.0, 125.0]);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].1,
            "week 2026-W03: load 625 AU is +25% above its base 500 AU; minutes 125 min is +25% above its base 100 min"
        );
    }

    #[test]
    fn no_flag_without_a_preceding_full_week_and_partial_weeks_are_not_a_base() {
        // Timeline starts on a Thursday: the first week is partial and is no base.
        let mut h = Hist::new();
        h.add(3, "ride", 30.0, 5.0);
        h.add(9, "ride", 300.0, 5.0);
        assert!(h.severities(Rule::WeeklyRamp, 13).is_empty());
    }

    #[test]
    fn the_current_partial_week_fires_once_its_totals_already_exceed() {
        let mut h = weeks(&[100.0, 100.0]);
        h.add(14, "ride", 150.0, 5.0); // Monday of week 3, as-of that Monday
        let flags = h.severities(Rule::WeeklyRamp, 14);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].1.starts_with("week 2026-W04 (so far):"), "{}", flags[0].1);
        let mut h = weeks(&[100.0, 100.0]);
        h.add(14, "ride", 90.0, 5.0);
        assert!(h.severities(Rule::WeeklyRamp, 14).is_empty());
    }
}
