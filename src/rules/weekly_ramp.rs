//! `weekly-ramp`: a week's load, minutes or distance more than 10% above its base
//! (caution) or 30% (danger). The base is the higher of the previous week and the
//! mean of the up-to-four previous full weeks, so coming back to the usual level
//! after a deload week is not a jump, while coming back from a week off is.
//!
//! After a break of `acwr.break_days` or more without training, the weeks that
//! overlap the `acwr.break_silence_days` from the first training day back have a base
//! of at least the return allowance: the return factor of the break's length times
//! the tolerated totals before it (see [`crate::tolerance`]). Empty weeks would
//! otherwise make the base 0, so the first week back is never judged and the week
//! after it is held to +10% of a tiny week.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, advice, num, pct, pct_change, source};
use crate::tolerance::{self, Totals, WeekTotals};

/// (name, unit, value of a week)
type Measure = (&'static str, &'static str, fn(&Totals) -> f64);

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
    let totals: Vec<WeekTotals> = weeks.iter().map(WeekTotals::from).collect();
    let returns = tolerance::return_allowances(&ctx.timeline.days, weeks, ctx.config);
    for (w, week) in weeks.iter().enumerate() {
        let Some(ramp) = tolerance::ramp_base(&totals[..w], cfg.base_weeks) else {
            continue;
        };
        let allowance = returns.iter().find(|r| r.covers_week(week.start));
        let mut jumped = Vec::new();
        let mut worst = None;
        for (name, unit, get) in MEASURES {
            let mean = get(&ramp.mean);
            let prev = ramp.previous.as_ref().map(get);
            let base = get(&ramp.base).max(allowance.map_or(0.0, |a| get(&a.allowance)));
            if base == 0.0 {
                continue;
            }
            let value = get(&totals[w].totals);
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
        let weeks_in_mean = ramp.weeks_in_mean;
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
        let returning = allowance.map_or(String::new(), |a| {
            format!(
                " (back from {} days without training: the base is at least {}% of what you tolerated before)",
                a.days_off,
                num(a.factor * 100.0)
            )
        });
        flags.push(
            ctx.flag(
                Rule::WeeklyRamp,
                severity,
                week.start,
                format!("week {}{so_far}: {}{returning}", week.week, parts.join("; ")),
                advice_text.clone(),
                ctx.evidence(|| {
                    let mut evidence = json!({
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
                        "weeks_in_mean": weeks_in_mean,
                    });
                    // Only in a return window: a null would read as a lost number.
                    if let Some(a) = allowance {
                        evidence["return_allowance"] = json!({
                            "days_off": a.days_off,
                            "factor": a.factor,
                            "tolerated": a.tolerated,
                            "allowance": a.allowance,
                            "from": a.from,
                            "until": a.until,
                        });
                    }
                    evidence
                }),
                source::NIELSEN_2014,
            )
            .lasting_to(ctx.week_end(week)),
        );
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

    /// Six weeks of 100 min, then `off` days without training from the last of them
    /// (a Monday), then one week back at `back` minutes in one Monday session.
    fn comeback(off: i64, back: f64) -> (Hist, i64) {
        let mut h = weeks(&[100.0; 6]);
        let first_back = 35 + off + 1;
        h.add(first_back, "ride", back, 5.0);
        (h, first_back)
    }

    #[test]
    fn a_return_week_is_judged_against_the_return_allowance() {
        // 36 days off: factor 60% of the tolerated 100 min (500 AU). Back at 98 min is
        // +63.3% above the allowance of 60 min: danger, though every week before was empty.
        let (h, first_back) = comeback(36, 98.0);
        let flags = h.flags_of(Rule::WeeklyRamp, first_back);
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::Danger);
        assert!(
            flags[0]
                .message
                .contains("minutes 98 min is +63.3% above its base 60 min"),
            "{}",
            flags[0].message
        );
        assert!(flags[0].message.contains("back from 36 days without training"));
        assert_eq!(flags[0].evidence["return_allowance"]["factor"], 0.6);
        // At the allowance (and up to +10% over it): no flag.
        let (h, first_back) = comeback(36, 66.0);
        assert!(h.flags_of(Rule::WeeklyRamp, first_back).is_empty());
        // The week after, still inside the 28 days: +10% on the allowance is allowed.
        let (mut h, first_back) = comeback(36, 60.0);
        h.add(first_back + 7, "ride", 66.0, 5.0);
        assert!(h.flags_of(Rule::WeeklyRamp, first_back + 7).is_empty());
    }

    #[test]
    fn a_gap_shorter_than_a_break_has_no_allowance() {
        // 20 days off: no break; the base is the mean of the (empty) weeks before.
        let (h, first_back) = comeback(20, 60.0);
        let flags = h.flags_of(Rule::WeeklyRamp, first_back);
        assert_eq!(flags.len(), 1);
        assert!(!flags[0].message.contains("back from"));
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
