//! `acwr`: runs of days with the acute:chronic workload ratio above 1.3 (caution;
//! danger when the peak is above 1.5), and runs below 0.8 (info: detrained).
//!
//! After a break of `acwr.break_days` (21) or more days without training, the
//! chronic window is empty, so any return reads high (rolling ACWR is exactly 4.0 on
//! the first day back, however gentle). From the first training day after such a
//! break the rule is silent for `acwr.break_silence_days` (28), neither high nor low;
//! the daily values stay as they are, and the return is judged by the weekly-ramp
//! rule's return allowance, the session-spike and the new-activity rules.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, below, source};
use crate::series::DayMetrics;
use crate::tolerance;

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.acwr;
    let label = format!("ACWR ({} {}:{})", cfg.method.as_str(), cfg.acute_days, cfg.chronic_days);
    let high_advice: Arc<str> = Arc::from(
        "This week's load is well above what you are used to. Hold or reduce load for the next days, keep your rest days, and build back up in small steps. ACWR is a disputed metric: read it next to the session and weekly flags.",
    );
    let low_advice: Arc<str> = Arc::from(
        "You have been training well below your usual load (detrained). Build back gradually rather than returning straight to your old volume.",
    );
    let silent = tolerance::acwr_silenced(ctx.days, ctx.config);
    let days: Vec<DayMetrics> = ctx
        .days
        .iter()
        .zip(&silent)
        .map(|(d, quiet)| DayMetrics {
            acwr: if *quiet { None } else { d.acwr },
            ..d.clone()
        })
        .collect();
    let days = &days[..];
    for (start, end) in runs(days, |r| above(r, cfg.high)) {
        let run = &days[start..end];
        let (peak_day, peak) = extreme(run, |a, b| a > b);
        let severity = if above(peak, cfg.danger) {
            Severity::Danger
        } else {
            Severity::Caution
        };
        flags.push(
            ctx.flag(
                Rule::Acwr,
                severity,
                run[0].date,
                format!(
                    "{label} above {} for {} day{} from {}, peaking at {peak:.2} on {peak_day}",
                    cfg.high,
                    run.len(),
                    if run.len() == 1 { "" } else { "s" },
                    run[0].date
                ),
                high_advice.clone(),
                ctx.evidence(|| {
                    json!({
                        "method": cfg.method.as_str(),
                        "days": run.len(),
                        "peak": peak,
                        "peak_date": peak_day,
                        "threshold": cfg.high,
                        "danger": cfg.danger,
                    })
                }),
                source::GABBETT_2016,
            )
            .lasting_to(run[run.len() - 1].date),
        );
    }
    for (start, end) in runs(days, |r| below(r, cfg.low)) {
        let run = &days[start..end];
        let (low_day, lowest) = extreme(run, |a, b| a < b);
        flags.push(
            ctx.flag(
                Rule::Acwr,
                Severity::Info,
                run[0].date,
                format!(
                    "{label} below {} for {} day{} from {}, lowest {lowest:.2} on {low_day}",
                    cfg.low,
                    run.len(),
                    if run.len() == 1 { "" } else { "s" },
                    run[0].date
                ),
                low_advice.clone(),
                ctx.evidence(|| {
                    json!({
                        "method": cfg.method.as_str(),
                        "days": run.len(),
                        "lowest": lowest,
                        "lowest_date": low_day,
                        "threshold": cfg.low,
                    })
                }),
                source::GABBETT_2016,
            )
            .lasting_to(run[run.len() - 1].date),
        );
    }
}

/// Half-open index ranges of consecutive days whose acwr exists and satisfies `test`.
fn runs(days: &[DayMetrics], test: impl Fn(f64) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, day) in days.iter().enumerate() {
        let inside = day.acwr.is_some_and(&test);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, days.len()));
    }
    out
}

/// The first day holding the most extreme acwr of the run by `better`.
fn extreme(run: &[DayMetrics], better: impl Fn(f64, f64) -> bool) -> (chrono::NaiveDate, f64) {
    let mut best = (run[0].date, run[0].acwr.unwrap_or(f64::NAN));
    for day in &run[1..] {
        if let Some(v) = day.acwr
            && better(v, best.1)
        {
            best = (day.date, v);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn daily(h: &mut Hist, from: i64, to: i64, minutes: f64) {
        for day in from..=to {
            h.add(day, "ride", minutes, 5.0);
        }
    }

    #[test]
    fn the_golden_spike_is_one_danger_run_dated_on_its_first_day() {
        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0); // load 50
        daily(&mut h, 28, 34, 20.0); // load 100
        // With k days at 100 in the acute week, rolling acwr = 4(7+k)/(28+k):
        // k=3 gives 1.290, k=4 gives 1.375: the run starts on day 31 and peaks at 1.6.
        let flags = h.flags_of(Rule::Acwr, 34);
        assert_eq!(flags.len(), 1);
        let f = &flags[0];
        assert_eq!(f.severity, Severity::Danger);
        assert_eq!(f.date, h.day(31));
        assert_eq!(f.evidence["peak"], 1.6);
        assert_eq!(f.evidence["peak_date"], h.day(34).to_string());
        assert_eq!(f.evidence["days"], 4);
    }

    #[test]
    fn exactly_1_3_does_not_fire() {
        // 21 days at 90 then 7 at 130: on the last day acute 130, chronic 2800/28 = 100.
        let mut h = Hist::new();
        daily(&mut h, 0, 20, 18.0);
        daily(&mut h, 21, 27, 26.0);
        assert_eq!(h.days(27)[27].acwr, Some(1.3));
        assert!(h.flags_of(Rule::Acwr, 27).is_empty());
    }

    #[test]
    fn peak_exactly_1_5_is_caution_and_just_above_is_danger() {
        // 21 days at a, 7 at b: last-day acwr = 28b / (21a + 7b) = 1.5 when b = 1.8a.
        let mut h = Hist::new();
        daily(&mut h, 0, 20, 10.0); // 50
        for day in 21..=27 {
            h.add(day, "ride", 18.0, 5.0); // 90
        }
        assert_eq!(h.days(27)[27].acwr, Some(1.5));
        let flags = h.flags_of(Rule::Acwr, 27);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Caution);
        let mut h = Hist::new();
        daily(&mut h, 0, 20, 10.0);
        for day in 21..=27 {
            h.add(day, "ride", 13.0, 7.0); // 91
        }
        assert_eq!(h.flags_of(Rule::Acwr, 27)[0].severity, Severity::Danger);
    }

    #[test]
    fn a_break_of_21_days_silences_the_rule_for_28_days_from_the_first_day_back() {
        // 28 days off: the chronic window holds only the first day back, 4.0 however gentle.
        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0);
        daily(&mut h, 56, 90, 5.0);
        assert_eq!(h.days(90)[56].acwr, Some(4.0), "the daily value stays");
        let flags = h.flags_of(Rule::Acwr, 90);
        assert!(flags.iter().all(|f| f.date < h.day(56)), "{flags:#?}");

        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0);
        // Days 28-48 without training (21 days), back on day 49 with the same 10 min.
        daily(&mut h, 49, 80, 10.0);
        let flags = h.flags_of(Rule::Acwr, 80);
        // Only the detraining run during the break (before day 49) remains.
        assert_eq!(flags.len(), 1, "{flags:#?}");
        assert_eq!(flags[0].severity, Severity::Info);
        assert!(flags[0].date < h.day(49));
        // One day fewer off (20) is no break: the return reads high and is flagged.
        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0);
        daily(&mut h, 48, 80, 10.0);
        assert!(
            h.flags_of(Rule::Acwr, 80)
                .iter()
                .any(|f| f.severity >= Severity::Caution)
        );
    }

    #[test]
    fn after_the_silence_the_rule_speaks_again() {
        // Back on day 49 (21 days off); silent for days 49-76. A spike on days 77-83
        // (four times the daily load) is flagged.
        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0);
        daily(&mut h, 49, 76, 10.0);
        daily(&mut h, 77, 83, 40.0);
        let flags = h.flags_of(Rule::Acwr, 83);
        let high: Vec<_> = flags.iter().filter(|f| f.severity >= Severity::Caution).collect();
        assert_eq!(high.len(), 1, "{flags:#?}");
        assert!(high[0].date >= h.day(77));
    }

    #[test]
    fn a_drop_is_one_info_run_with_the_lowest_value() {
        let mut h = Hist::new();
        daily(&mut h, 0, 27, 10.0);
        h.add(40, "ride", 10.0, 5.0);
        // Day 28: (6*50/7) / (27*50/28) = 0.889; day 29: 0.769 < 0.8. Days 34-39 have acute 0.
        let flags = h.flags_of(Rule::Acwr, 40);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].severity, Severity::Info);
        assert_eq!(flags[0].date, h.day(29));
        assert_eq!(flags[0].evidence["days"], 12);
        assert_eq!(flags[0].evidence["lowest"], 0.0);
        assert_eq!(flags[0].evidence["lowest_date"], h.day(34).to_string());
    }
}
