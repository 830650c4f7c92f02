//! `session-spike`: a session longer than the longest session of the same sport in
//! the previous 30 days (Frandsen et al. 2025).

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, above, advice, num, pct, pct_change, source};
use chrono::NaiveDate;

use crate::timeline::ScoredSession;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Measure {
    Distance,
    Tonnage,
    Duration,
}

impl Measure {
    fn of(self, s: &ScoredSession) -> Option<f64> {
        let value = match self {
            Measure::Distance => s.session.distance_km,
            Measure::Tonnage => s.session.tonnage_kg,
            Measure::Duration => Some(s.session.duration_min),
        };
        value.filter(|v| *v > 0.0)
    }

    fn name(self) -> &'static str {
        match self {
            Measure::Distance => "distance_km",
            Measure::Tonnage => "tonnage_kg",
            Measure::Duration => "duration_min",
        }
    }

    fn superlative(self) -> &'static str {
        match self {
            Measure::Tonnage => "heaviest",
            Measure::Distance | Measure::Duration => "longest",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Measure::Distance => " km",
            Measure::Tonnage => " kg tonnage",
            Measure::Duration => " min",
        }
    }
}

/// The largest value of each of [`Measure`]'s three measures, with its date.
type Maxima = [Option<(f64, NaiveDate)>; 3];

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let cfg = &ctx.config.rules.session_spike;
    let advice_text: Arc<str> = Arc::from(format!(
        "Keep single sessions within {}% of your longest recent one and build up gradually; a sudden long session is the best-supported overuse warning sign. {} {}",
        num(cfg.caution_pct),
        advice::WARM_UP,
        advice::STOP_IF_PAIN
    ));
    let sessions = &ctx.timeline.sessions;
    // An athlete does a handful of sports: a short list beats a hash map.
    let mut sports: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        let sport = s.session.sport.as_str();
        match sports.iter_mut().find(|(name, _)| *name == sport) {
            Some((_, list)) => list.push(i),
            None => sports.push((sport, vec![i])),
        }
    }
    sports.sort_unstable_by_key(|(sport, _)| *sport);
    const MEASURES: [Measure; 3] = [Measure::Distance, Measure::Tonnage, Measure::Duration];
    // The larger value, and of equal ones the earlier date.
    let larger = |a: (f64, NaiveDate), b: (f64, NaiveDate)| {
        if b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).is_gt() {
            b
        } else {
            a
        }
    };
    let merge = |a: Option<(f64, NaiveDate)>, b: Option<(f64, NaiveDate)>| match (a, b) {
        (Some(a), Some(b)) => Some(larger(a, b)),
        (a, b) => a.or(b),
    };
    for (_, indices) in sports {
        // Each day's largest value of each measure, then, for each day with sessions,
        // the largest over its window [d-30, d-1]: every session of a day shares that
        // window, so a day of thousands of sessions is not scanned once per session.
        let mut days: Vec<(NaiveDate, Maxima)> = Vec::new();
        for &i in &indices {
            let s = &sessions[i];
            let date = s.session.date;
            if days.last().is_none_or(|(d, _)| *d != date) {
                days.push((date, [None; 3]));
            }
            let maxima = &mut days.last_mut().expect("pushed above").1;
            for (slot, measure) in maxima.iter_mut().zip(MEASURES) {
                *slot = merge(*slot, measure.of(s).map(|v| (v, date)));
            }
        }
        let mut lo = 0;
        let mut day = 0;
        let mut window_max = [None; 3];
        for &i in &indices {
            let s = &sessions[i];
            let date = s.session.date;
            if days[day].0 != date || (i == indices[0]) {
                while days[day].0 != date {
                    day += 1;
                }
                // Sessions are in date order: the window is a sliding range of days.
                let window_start = date - chrono::Days::new(cfg.window_days as u64);
                while days[lo].0 < window_start {
                    lo += 1;
                }
                window_max = days[lo..day].iter().fold([None; 3], |acc, (_, m)| {
                    [merge(acc[0], m[0]), merge(acc[1], m[1]), merge(acc[2], m[2])]
                });
            }
            if lo >= day {
                continue; // no same-sport session in the window
            }
            let slot = |m: Measure| MEASURES.iter().position(|x| *x == m).expect("a measure");
            let measure = MEASURES
                .into_iter()
                .filter(|m| *m != Measure::Tonnage || s.session.sport == "strength")
                .find(|m| m.of(s).is_some() && window_max[slot(*m)].is_some())
                .unwrap_or(Measure::Duration);
            let value = measure.of(s).unwrap_or(s.session.duration_min);
            let Some(longest) = window_max[slot(measure)] else {
                continue;
            };
            let change = pct_change(value, longest.0);
            if !above(change, cfg.caution_pct) {
                continue;
            }
            let severity = if above(change, cfg.danger_pct) {
                Severity::Danger
            } else {
                Severity::Caution
            };
            let sport = &s.session.sport;
            // "run of 16 km" but "strength session of 5200 kg tonnage".
            let noun = if measure == Measure::Tonnage {
                format!("{sport} session")
            } else {
                sport.to_string()
            };
            let (what, unit) = (measure.name(), measure.unit());
            flags.push(ctx.flag(
                Rule::SessionSpike,
                severity,
                date,
                format!(
                    "{noun} of {}{unit} is {} over the {} {noun} of the previous {} days ({}{unit} on {})",
                    num(value),
                    pct(change),
                    measure.superlative(),
                    cfg.window_days,
                    num(longest.0),
                    longest.1
                ),
                advice_text.clone(),
                ctx.evidence(|| {
                    json!({
                        "sport": sport,
                        "measure": what,
                        "value": value,
                        "previous_max": longest.0,
                        "previous_max_date": longest.1,
                        "increase_pct": change,
                        "window_days": cfg.window_days,
                    })
                }),
                source::FRANDSEN_2025,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn spike(previous_km: f64, km: f64) -> Vec<(Severity, String)> {
        let mut h = Hist::new();
        h.add(0, "run", 60.0, 5.0).distance_km = Some(previous_km);
        h.add(10, "run", 60.0, 5.0).distance_km = Some(km);
        h.severities(Rule::SessionSpike, 10)
    }

    #[test]
    fn distance_edges_exactly_at_just_below_just_above() {
        assert!(spike(10.0, 11.0).is_empty(), "exactly +10% does not fire");
        assert!(spike(10.0, 10.99).is_empty());
        assert_eq!(spike(10.0, 11.01)[0].0, Severity::Caution);
        assert_eq!(spike(10.0, 13.0)[0].0, Severity::Caution, "exactly +30% is caution");
        assert_eq!(spike(10.0, 13.01)[0].0, Severity::Danger);
        assert!(spike(3.3, 3.63).is_empty(), "exactly +10% with awkward floats");
    }

    #[test]
    fn message_names_the_numbers() {
        let flags = spike(10.0, 12.5);
        assert_eq!(
            flags[0].1,
            "run of 12.5 km is +25% over the longest run of the previous 30 days (10 km on 2026-01-05)"
        );
    }

    #[test]
    fn window_is_the_previous_30_days_and_excludes_the_same_day() {
        let mut h = Hist::new();
        h.add(0, "run", 40.0, 5.0);
        h.add(31, "run", 80.0, 5.0); // day 0 is 31 days back: outside the window
        assert!(h.severities(Rule::SessionSpike, 31).is_empty());
        let mut h = Hist::new();
        h.add(0, "run", 40.0, 5.0);
        h.add(30, "run", 80.0, 5.0); // exactly 30 days back: inside
        assert_eq!(h.severities(Rule::SessionSpike, 30).len(), 1);
        let mut h = Hist::new();
        h.add(5, "run", 40.0, 5.0);
        h.add(5, "run", 80.0, 5.0); // same day only: no window session
        assert!(h.severities(Rule::SessionSpike, 5).is_empty());
    }

    #[test]
    fn other_sports_do_not_count_and_duration_is_the_fallback() {
        let mut h = Hist::new();
        h.add(0, "ride", 120.0, 5.0);
        h.add(1, "run", 40.0, 5.0);
        h.add(2, "run", 50.0, 5.0).distance_km = Some(9.0); // window has no distance: by duration
        let flags = h.severities(Rule::SessionSpike, 2);
        assert_eq!(flags.len(), 1);
        assert!(flags[0].1.contains("50 min"), "{}", flags[0].1);
    }

    #[test]
    fn strength_uses_tonnage() {
        let mut h = Hist::new();
        h.add(0, "strength", 60.0, 6.0).tonnage_kg = Some(5000.0);
        h.add(3, "strength", 60.0, 6.0).tonnage_kg = Some(6600.0);
        let flags = h.severities(Rule::SessionSpike, 3);
        assert_eq!(flags[0].0, Severity::Danger);
        assert_eq!(
            flags[0].1,
            "strength session of 6600 kg tonnage is +32% over the heaviest strength session of the previous 30 days (5000 kg tonnage on 2026-01-05)"
        );
    }
}
