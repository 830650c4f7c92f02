//! `heat`: a session at 25 C or more (caution) or 32 C or more (danger), and
//! `long-session`: a session of 90 minutes or more (info). Both are about fluids
//! and sodium, with the warning not to drink more than you sweat.

use std::sync::Arc;

use serde_json::json;

use super::{Context, Flag, Rule, Severity, advice, at_least, num, source};

pub(super) fn check(ctx: &Context, flags: &mut Vec<Flag>) {
    let heat = &ctx.config.rules.heat;
    let long = &ctx.config.rules.long_session;
    let long_advice: Arc<str> = Arc::from(format!(
        "Long session: take fluids with sodium/electrolytes on the way and refuel after. {}",
        advice::HYDRATE_LONG
    ));
    for s in &ctx.timeline.sessions {
        let session = s.session;
        if let Some(temp) = session.temperature_c {
            let severity = if at_least(temp, heat.danger_c) {
                Some(Severity::Danger)
            } else if at_least(temp, heat.caution_c) {
                Some(Severity::Caution)
            } else {
                None
            };
            if let Some(severity) = severity {
                let humidity = session
                    .humidity_pct
                    .map(|h| format!(", {}% humidity", num(h)))
                    .unwrap_or_default();
                let extra = if severity == Severity::Danger {
                    " Consider moving the session to a cooler time of day or indoors, and cut it short if you feel dizzy, nauseous or stop sweating."
                } else {
                    ""
                };
                flags.push(ctx.flag(
                    Rule::Heat,
                    severity,
                    session.date,
                    format!(
                        "{} min {} at {} C{humidity}",
                        num(session.duration_min),
                        session.sport,
                        num(temp)
                    ),
                    Arc::from(format!(
                        "Heat and humidity raise sweat losses and cramp risk: slow your pace and plan drinks. {}{extra}",
                        advice::HYDRATE_LONG
                    )),
                    ctx.evidence(|| json!({
                        "sport": session.sport,
                        "temperature_c": temp,
                        "humidity_pct": session.humidity_pct,
                        "duration_min": session.duration_min,
                        "caution_c": heat.caution_c,
                        "danger_c": heat.danger_c,
                    })),
                    source::HEAT,
                ));
            }
        }
        if at_least(session.duration_min, long.minutes) {
            flags.push(ctx.flag(
                Rule::LongSession,
                Severity::Info,
                session.date,
                format!("{} min {} session", num(session.duration_min), session.sport),
                long_advice.clone(),
                ctx.evidence(|| {
                    json!({
                        "sport": session.sport,
                        "duration_min": session.duration_min,
                        "threshold_min": long.minutes,
                    })
                }),
                source::LONG,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::Hist;
    use crate::rules::{Rule, Severity};

    fn heat(temp: f64) -> Vec<Severity> {
        let mut h = Hist::new();
        h.add(0, "run", 45.0, 5.0).temperature_c = Some(temp);
        h.flags_of(Rule::Heat, 0).iter().map(|f| f.severity).collect()
    }

    #[test]
    fn heat_edges() {
        assert!(heat(24.9).is_empty());
        assert_eq!(heat(25.0), [Severity::Caution]);
        assert_eq!(heat(31.9), [Severity::Caution]);
        assert_eq!(heat(32.0), [Severity::Danger]);
    }

    #[test]
    fn long_session_edges_and_message() {
        let mut h = Hist::new();
        h.add(0, "ride", 89.9, 5.0);
        h.add(1, "ride", 90.0, 5.0);
        let flags = h.flags_of(Rule::LongSession, 1);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].message, "90 min ride session");
        assert!(flags[0].advice.contains("don't drink more than you sweat"));
    }
}
