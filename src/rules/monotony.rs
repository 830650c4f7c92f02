//! `monotony`: a full week whose daily loads are too alike (Foster 1998): monotony
//! above 2.0 is a caution, above 1.5 an info.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, source};

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.monotony;
    let advice_text: Arc<str> = Arc::from(
        "Your days are too alike. Vary the load: make easy days clearly easy, keep hard days hard, and take at least one rest day so load rises and falls through the week.",
    );
    for week in ctx.weeks.iter().filter(|w| !w.partial) {
        let Some(monotony) = week.monotony else { continue };
        let severity = if above(monotony, cfg.caution) {
            Severity::Caution
        } else if above(monotony, cfg.info) {
            Severity::Info
        } else {
            continue;
        };
        let limit = if severity == Severity::Caution {
            cfg.caution
        } else {
            cfg.info
        };
        flags.push(
            ctx.flag(
                Rule::Monotony,
                severity,
                week.start,
                format!(
                    "week {}: monotony {monotony:.2} is above {limit} (strain {:.0})",
                    week.week,
                    week.strain.unwrap_or(0.0)
                ),
                advice_text.clone(),
                ctx.evidence(|| {
                    json!({
                        "week": week.week,
                        "monotony": monotony,
                        "strain": week.strain,
                        "load": week.load,
                        "threshold": limit,
                    })
                }),
                source::FOSTER_1998,
            )
            .lasting_to(ctx.week_end(week)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn week(minutes: [f64; 7]) -> Vec<crate::rules::Flag> {
        let mut h = Hist::new();
        for (day, m) in minutes.iter().enumerate() {
            if *m > 0.0 {
                h.add(day as i64, "ride", *m, 5.0);
            }
        }
        h.flags_of(Rule::Monotony, 6)
    }

    #[test]
    fn identical_days_are_capped_caution_and_varied_weeks_pass() {
        let flags = week([60.0; 7]);
        assert_eq!(flags[0].severity, Severity::Caution);
        assert_eq!(flags[0].evidence["monotony"], 10.0);
        assert!(week([60.0, 0.0, 90.0, 30.0, 0.0, 120.0, 20.0]).is_empty());
    }

    #[test]
    fn exactly_at_the_threshold_does_not_fire_just_above_does() {
        let mut h = Hist::new();
        for (day, m) in [60.0, 0.0, 90.0, 30.0, 0.0, 120.0, 20.0].iter().enumerate() {
            if *m > 0.0 {
                h.add(day as i64, "ride", *m, 5.0);
            }
        }
        let exact = crate::weekly::monotony(&[300.0, 0.0, 450.0, 150.0, 0.0, 600.0, 100.0]).unwrap();
        h.config.rules.monotony.info = 0.1;
        h.config.rules.monotony.caution = exact;
        let flags = h.flags_of(Rule::Monotony, 6);
        assert_eq!(
            flags[0].severity,
            Severity::Info,
            "monotony equal to the caution limit is not above it"
        );
        h.config.rules.monotony.caution = exact - 1e-6;
        assert_eq!(h.flags_of(Rule::Monotony, 6)[0].severity, Severity::Caution);
        h.config.rules.monotony.caution = exact + 1e-6;
        assert_eq!(h.flags_of(Rule::Monotony, 6)[0].severity, Severity::Info);
    }

    #[test]
    fn info_between_1_5_and_2() {
        // Six days at 50 and one rest day: mean 42.86, SD 18.9 -> monotony 2.27 (caution).
        let six = week([10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 0.0]);
        assert_eq!(six[0].severity, Severity::Caution);
        // Five at 50, two at 0: mean 35.71, SD 24.4 -> 1.46 (nothing).
        assert!(week([10.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0]).is_empty());
        // Five at 50, one at 25, one at 0: mean 39.29, SD 19.67 -> 1.997 (info).
        let info = week([10.0, 10.0, 10.0, 10.0, 10.0, 5.0, 0.0]);
        assert_eq!(info.len(), 1);
        assert_eq!(info[0].severity, Severity::Info);
    }
}
