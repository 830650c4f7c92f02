//! `intensity-spike`: a week's intensity (load / minutes) at least 1.0 RPE point above
//! the mean of the 4 most recent earlier weeks that had a training day.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, advice, at_least, num, source};

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.intensity_spike;
    let advice_text: Arc<str> = Arc::from(format!(
        "Intensity jumped: running or lifting harder than usual is a leading cramp trigger. Keep most sessions easy, add hard work gradually and pace yourself within your limits. {}",
        advice::STOP_IF_PAIN
    ));
    for (w, week) in ctx.weeks.iter().enumerate() {
        let Some(intensity) = week.intensity else { continue };
        let earlier: Vec<f64> = ctx.weeks[..w]
            .iter()
            .rev()
            .filter(|x| x.training_days() > 0)
            .filter_map(|x| x.intensity)
            .take(cfg.weeks)
            .collect();
        if earlier.len() < cfg.weeks || cfg.weeks == 0 {
            continue;
        }
        let mean = earlier.iter().sum::<f64>() / earlier.len() as f64;
        let rise = intensity - mean;
        let severity = if at_least(rise, cfg.danger_points) {
            Severity::Danger
        } else if at_least(rise, cfg.caution_points) {
            Severity::Caution
        } else {
            continue;
        };
        flags.push(
            ctx.flag(
                Rule::IntensitySpike,
                severity,
                week.start,
                format!(
                    "week {}: mean intensity RPE {} is {} points above the {}-week mean of {}",
                    week.week,
                    num_2(intensity),
                    num_2(rise),
                    cfg.weeks,
                    num_2(mean)
                ),
                advice_text.clone(),
                ctx.evidence(|| {
                    json!({
                        "week": week.week,
                        "intensity": intensity,
                        "previous_mean": mean,
                        "rise": rise,
                        "previous_weeks": earlier,
                    })
                }),
                source::INTENSITY,
            )
            .lasting_to(ctx.week_end(week)),
        );
    }
}

/// Intensities differ in tenths: two decimals keep the arithmetic visible.
fn num_2(value: f64) -> String {
    let text = format!("{value:.2}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed.is_empty() || trimmed == "-" {
        num(0.0)
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    /// Four weeks at RPE 4, then a fifth week at `rpe`.
    fn fifth_week(rpe: f64) -> Vec<(Severity, String)> {
        let mut h = Hist::new();
        for w in 0..4 {
            h.add(7 * w + 1, "run", 40.0, 4.0);
        }
        h.add(29, "run", 40.0, rpe);
        h.severities(Rule::IntensitySpike, 34)
    }

    #[test]
    fn edges_at_and_around_one_and_two_points() {
        assert!(fifth_week(4.9).is_empty());
        assert_eq!(fifth_week(5.0)[0].0, Severity::Caution, "exactly +1.0 fires");
        assert_eq!(fifth_week(5.9)[0].0, Severity::Caution);
        assert_eq!(fifth_week(6.0)[0].0, Severity::Danger, "exactly +2.0 is danger");
        assert_eq!(
            fifth_week(6.0)[0].1,
            "week 2026-W06: mean intensity RPE 6 is 2 points above the 4-week mean of 4"
        );
    }

    #[test]
    fn needs_four_earlier_weeks_with_a_training_day() {
        let mut h = Hist::new();
        for w in 0..3 {
            h.add(7 * w + 1, "run", 40.0, 4.0);
        }
        h.add(22, "walk", 40.0, 2.0); // week 4 only has a rest-day walk: not counted
        h.add(29, "run", 40.0, 8.0);
        assert!(h.severities(Rule::IntensitySpike, 34).is_empty());
    }
}
