//! A planned session's reminders in the short form a calendar cell has room for:
//! the heading, duration and RPE, the warm-up drills, the cool-down stretches, and
//! what to drink during the session. The planner's full sentences stay in the
//! text, Markdown and calendar-app outputs; here asides in parentheses, second
//! clauses after a semicolon and repeated words ("stretch", "30 s each side") go.

use crate::plan::PlannedSession;

/// Drills shown before the list is cut with an ellipsis.
const MAX_DRILLS: usize = 3;

/// `Run · easy`; just `Strength` when the kind repeats the sport.
pub fn heading(session: &PlannedSession) -> String {
    let sport = capitalised(&session.sport);
    if session.sport == session.kind.as_str() {
        sport
    } else {
        format!("{sport} · {}", session.kind.as_str())
    }
}

/// `45 min · RPE 7`.
pub fn summary(session: &PlannedSession) -> String {
    format!("{} min · RPE {}", whole(session.duration_min), whole(session.rpe))
}

/// `Warm-up 10 min: brisk walk or easy jog, leg swings, walking lunges…`.
pub fn warmup_text(session: &PlannedSession) -> String {
    let drills: Vec<String> = session.warmup.drills.iter().map(|d| short(d)).collect();
    let mut list = drills.iter().take(MAX_DRILLS).cloned().collect::<Vec<_>>().join(", ");
    if drills.len() > MAX_DRILLS {
        list.push('…');
    }
    labelled(&format!("Warm-up {} min", session.warmup.minutes), &list)
}

/// `Cool-down 10 min: stretch calf, hamstring, quad, 30 s each`.
pub fn cooldown_text(session: &PlannedSession) -> String {
    let stretches: Vec<String> = session
        .cooldown
        .stretches
        .iter()
        .map(|s| {
            let s = short(s);
            // "calf stretch, 30 s each side" -> "calf": the hold is said once.
            let s = s.split(", 30 s").next().unwrap_or(&s).trim().to_string();
            s.strip_suffix(" stretch").map(str::to_string).unwrap_or(s)
        })
        .filter(|s| !s.is_empty())
        .collect();
    let list = if stretches.is_empty() {
        String::new()
    } else {
        format!("stretch {}, 30 s each", stretches.join(", "))
    };
    labelled(&format!("Cool-down {} min", session.cooldown.minutes), &list)
}

/// What to drink during the session, with "+ electrolytes" in the label so that a
/// cut line keeps it (the before/after advice is the same every day and is on the
/// page once, like the warning not to over-drink).
pub fn hydration_text(session: &PlannedSession) -> String {
    let electrolytes = session.hydration.electrolytes;
    let label = if electrolytes {
        "Fluids + electrolytes"
    } else {
        "Fluids"
    };
    let during = short(&session.hydration.during);
    let clauses: Vec<&str> = during
        .split(", ")
        .filter(|clause| {
            let lower = clause.to_lowercase();
            // The label already says it.
            !(electrolytes && ["electrolyte", "sodium", "salt"].iter().any(|w| lower.contains(w)))
        })
        .collect();
    let text = clauses.join(", ");
    labelled(label, if text.is_empty() { "drink to thirst" } else { &text })
}

fn labelled(label: &str, text: &str) -> String {
    if text.is_empty() {
        label.to_string()
    } else {
        format!("{label}: {text}")
    }
}

/// The first clause of `text` (before a semicolon) without asides in
/// parentheses, with single spaces and no final full stop.
pub fn short(text: &str) -> String {
    let first = text.split(';').next().unwrap_or("");
    let mut out = String::new();
    let mut depth = 0u32;
    for c in first.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .join(" ")
        .replace(" ,", ",")
        .trim_end_matches(['.', ',', ':'])
        .to_string()
}

/// A whole number as such (`45`), else with one decimal (`6.5`).
fn whole(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_data;
    use crate::plan::SessionKind;

    fn sessions() -> Vec<PlannedSession> {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
        test_data::plan(start, 1, 1200.0).sessions().cloned().collect()
    }

    #[test]
    fn short_drops_asides_and_second_clauses() {
        assert_eq!(short("leg swings (front-back and sideways)"), "leg swings");
        assert_eq!(
            short("water to thirst (more in heat, with electrolytes); don't drink more than you sweat"),
            "water to thirst"
        );
        assert_eq!(
            short("drink to thirst, roughly 0.4-0.8 L per hour (about 0.4-0.5 L in total), with sodium"),
            "drink to thirst, roughly 0.4-0.8 L per hour, with sodium"
        );
        assert_eq!(short("Rest."), "Rest");
    }

    #[test]
    fn reminders_in_short_form() {
        let mut sessions = sessions();
        let long = sessions.iter_mut().find(|s| s.kind == SessionKind::Long).unwrap();
        assert_eq!(warmup_text(long), "Warm-up 10 min: easy spin, leg swings");
        assert_eq!(
            cooldown_text(long),
            "Cool-down 10 min: stretch quads, hip flexors, calves, 30 s each"
        );
        assert_eq!(
            hydration_text(long),
            "Fluids + electrolytes: drink to thirst, about 0.4-0.8 L per hour"
        );
        // The planner's wording.
        long.warmup.drills = [
            "5 min brisk walk or easy jog",
            "leg swings (front-back and sideways)",
            "walking lunges",
            "high knees",
        ]
        .map(String::from)
        .to_vec();
        long.cooldown.stretches = [
            "calf (wall) stretch, 30 s each side",
            "standing quad stretch, 30 s each side",
        ]
        .map(String::from)
        .to_vec();
        long.hydration.during = "drink to thirst, roughly 0.4-0.8 L per hour (about 0.7-1.3 L in total), with sodium/electrolytes; don't drink more than you sweat".into();
        assert_eq!(
            warmup_text(long),
            "Warm-up 10 min: 5 min brisk walk or easy jog, leg swings, walking lunges…"
        );
        assert_eq!(
            cooldown_text(long),
            "Cool-down 10 min: stretch calf, standing quad, 30 s each"
        );
        assert_eq!(
            hydration_text(long),
            "Fluids + electrolytes: drink to thirst, roughly 0.4-0.8 L per hour"
        );
        long.hydration.electrolytes = false;
        long.hydration.during = String::new();
        assert_eq!(hydration_text(long), "Fluids: drink to thirst");
    }

    #[test]
    fn heading_does_not_repeat_the_sport() {
        let headings: Vec<String> = sessions().iter().map(heading).collect();
        assert_eq!(headings, ["Run · easy", "Strength", "Run · intervals", "Ride · long"]);
        let mut first = sessions().remove(0);
        assert_eq!(summary(&first), "45 min · RPE 4");
        first.rpe = 6.5;
        assert_eq!(summary(&first), "45 min · RPE 6.5");
    }
}
