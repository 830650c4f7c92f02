//! The reminders every planned session and rest day carries, from the seed articles:
//! a dynamic warm-up, the main set in plain words, a cool-down with 30-second static
//! stretches, and hydration (before, during, after) with the warning not to drink
//! more than you sweat.

use super::{Cooldown, Hydration, SessionKind, Warmup};

/// Warm-up minutes: 15 before hard sessions, 10 otherwise.
pub fn warmup(sport: &str, kind: SessionKind, muscle_groups: &[String]) -> Warmup {
    let drills: &[&str] = match sport {
        "run" => &[
            "5 min brisk walk or easy jog",
            "leg swings (front-back and sideways)",
            "walking lunges",
            "high knees",
            "butt kicks",
        ],
        "ride" => &["10 min easy spin, raising cadence", "hip circles", "leg swings"],
        "swim" => &[
            "arm circles",
            "band pull-aparts or shoulder rolls",
            "200 m easy mixed strokes",
        ],
        "strength" => {
            if muscle_groups.iter().any(|g| g == "legs") {
                &[
                    "5 min easy cardio",
                    "hip circles",
                    "leg swings",
                    "bodyweight squats",
                    "ramp-up sets at 50% and 70% of the working weight",
                ]
            } else {
                &[
                    "5 min easy cardio",
                    "arm circles",
                    "band pull-aparts",
                    "push-ups on the knees",
                    "ramp-up sets at 50% and 70% of the working weight",
                ]
            }
        }
        "walk" | "hike" => &["ankle circles", "leg swings", "the first 5 min at an easy pace"],
        "row" => &["5 min easy rowing", "hip hinges", "arm circles"],
        _ => &["5 min easy movement", "leg swings", "arm circles", "hip circles"],
    };
    Warmup {
        minutes: if kind == SessionKind::Hard { 15 } else { 10 },
        drills: drills.iter().map(|d| d.to_string()).collect(),
    }
}

/// Cool-down: easy minutes and static stretches for the muscles used, each held 30 s.
pub fn cooldown(sport: &str, kind: SessionKind, muscle_groups: &[String]) -> Cooldown {
    let stretches: &[&str] = match sport {
        "run" | "walk" | "hike" => &[
            "calf (wall) stretch",
            "standing hamstring stretch",
            "standing quad stretch",
            "kneeling hip-flexor stretch",
        ],
        "ride" => &[
            "standing quad stretch",
            "kneeling hip-flexor stretch",
            "hamstring stretch",
            "figure-four glute stretch",
        ],
        "swim" => &[
            "cross-body shoulder stretch",
            "overhead triceps stretch",
            "child's pose (lats)",
            "doorway chest stretch",
        ],
        "row" => &[
            "seated hamstring stretch",
            "child's pose (lats)",
            "figure-four glute stretch",
            "cross-body shoulder stretch",
        ],
        "strength" if muscle_groups.iter().any(|g| g == "legs") => &[
            "standing quad stretch",
            "seated hamstring stretch",
            "figure-four glute stretch",
            "calf (wall) stretch",
        ],
        "strength" => &[
            "doorway chest stretch",
            "child's pose (lats)",
            "cross-body shoulder stretch",
            "overhead triceps stretch",
        ],
        _ => &[
            "calf (wall) stretch",
            "hamstring stretch",
            "quad stretch",
            "cross-body shoulder stretch",
        ],
    };
    Cooldown {
        minutes: if matches!(kind, SessionKind::Hard | SessionKind::Long) {
            10
        } else {
            5
        },
        stretches: stretches.iter().map(|s| format!("{s}, 30 s each side")).collect(),
    }
}

/// Round millilitres to the nearest 50 mL.
fn ml(value: f64) -> u32 {
    ((value / 50.0).round() * 50.0) as u32
}

/// Hydration for a session of `minutes` (Sawka et al. 2007, ACSM).
pub fn hydration(minutes: f64, body_mass_kg: Option<f64>) -> Hydration {
    let before = match body_mass_kg {
        Some(kg) => format!(
            "about {}-{} mL slowly, some 4 hours before (5-7 mL per kg); pale urine means you are ready",
            ml(5.0 * kg),
            ml(7.0 * kg)
        ),
        None => "about 5-7 mL per kg of body mass slowly, some 4 hours before (350-500 mL at 70 kg)".to_string(),
    };
    let long = minutes > 60.0;
    let during = if long {
        let hours = minutes / 60.0;
        format!(
            "drink to thirst, roughly 0.4-0.8 L per hour (about {:.1}-{:.1} L in total), with sodium/electrolytes; don't drink more than you sweat: over-drinking is dangerous, and fluids alone do not prevent cramps",
            0.4 * hours,
            0.8 * hours
        )
    } else {
        "water to thirst (more in heat, with electrolytes); don't drink more than you sweat: over-drinking is dangerous, and fluids alone do not prevent cramps".to_string()
    };
    Hydration {
        before,
        during,
        after:
            "about 1.25-1.5 L per kg of body mass lost (weigh yourself before and after), with a salty snack or meal"
                .to_string(),
        electrolytes: long,
    }
}

/// The main set in plain words.
pub fn main_set(sport: &str, kind: SessionKind, main_minutes: f64, rpe: f64, muscle_groups: &[String]) -> String {
    let m = main_minutes.round() as i64;
    let r = rpe.round() as i64;
    match kind {
        SessionKind::Easy => {
            format!("{m} min easy {sport} at RPE {r}: conversational, you could talk in full sentences")
        }
        SessionKind::Moderate => {
            format!("{m} min steady {sport} at RPE {r}: comfortably hard, you can speak in short phrases")
        }
        SessionKind::Long => format!(
            "{m} min long, steady {sport} at RPE {r}: easy enough to finish feeling you could go on; fuel and drink on the way"
        ),
        SessionKind::Hard => {
            let reps = (m / 8).clamp(3, 8);
            format!(
                "{m} min with {reps} x 3 min hard {sport} at RPE {} (a few words at a time), 2-3 min easy between, the rest easy; whole session averages RPE {r}",
                (r + 1).min(9)
            )
        }
        SessionKind::Strength => {
            let exercises = if muscle_groups.iter().any(|g| g == "legs") {
                "squats, Romanian deadlifts, walking lunges, calf raises and a plank"
            } else {
                "push-ups or bench press, rows, overhead press, lat pulldowns and a side plank"
            };
            format!(
                "{m} min: 3 sets of 8-12 reps of {exercises} at RPE {r} (2-3 reps in reserve), 90 s rest between sets; no new exercises at full load"
            )
        }
    }
}

/// What to do on a rest day.
pub fn rest_day(after_long: bool) -> String {
    if after_long {
        "Rest after the long session: 10-15 min easy mobility or a gentle walk (RPE 2 at most), sleep well, drink to thirst and eat a good meal.".to_string()
    } else {
        "Rest: easy mobility or a gentle walk (RPE 2 at most), 7-9 hours of sleep, drink to thirst through the day; let sore muscles recover.".to_string()
    }
}

/// Said once at the end of every plan.
pub const CLOSING: &str = "If you feel pain, stop: don't push through it, and take an extra rest day. See a doctor if cramps are severe or frequent, come with muscle weakness, numbness or swelling, happen without exercise, or don't improve with stretching, rest and hydration; mention any medication you take. This plan is general guidance, not medical advice.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warmup_is_longer_before_hard_sessions_and_sport_specific() {
        assert_eq!(warmup("run", SessionKind::Hard, &[]).minutes, 15);
        assert_eq!(warmup("run", SessionKind::Easy, &[]).minutes, 10);
        assert!(
            warmup("run", SessionKind::Easy, &[])
                .drills
                .iter()
                .any(|d| d.contains("leg swings"))
        );
        let legs = warmup("strength", SessionKind::Strength, &["legs".into()]);
        assert!(legs.drills.iter().any(|d| d.contains("ramp-up sets")));
    }

    #[test]
    fn every_stretch_is_held_30_seconds() {
        for sport in ["run", "ride", "swim", "strength", "row", "yoga"] {
            let c = cooldown(sport, SessionKind::Easy, &[]);
            assert!(!c.stretches.is_empty());
            assert!(c.stretches.iter().all(|s| s.contains("30 s")), "{sport}");
        }
    }

    #[test]
    fn hydration_amounts_from_body_mass_and_duration() {
        let h = hydration(90.0, Some(70.0));
        assert!(h.before.starts_with("about 350-500 mL"), "{}", h.before);
        assert!(h.during.contains("0.6-1.2 L"), "{}", h.during);
        assert!(h.electrolytes);
        assert!(h.during.contains("don't drink more than you sweat"));
        let short = hydration(45.0, None);
        assert!(!short.electrolytes);
        assert!(short.during.contains("don't drink more than you sweat"));
        assert!(short.after.contains("1.25-1.5 L per kg"));
    }
}
