//! The reminders every planned session and rest day carries, from the seed articles:
//! a dynamic warm-up, the main set in plain words, a cool-down with 30-second static
//! stretches, and hydration (before, during, after) with the warning not to drink
//! more than you sweat.

use super::{Cooldown, Hydration, SessionKind, Warmup};

/// The shortest warm-up: the first minutes easy, and a few drills.
pub const MIN_WARMUP_MINUTES: u32 = 5;

/// The warm-up and cool-down minutes of a session of `duration` minutes whose full
/// warm-up and cool-down are `full`. An easy, long or strength session is mostly
/// its main set: warm-up and cool-down take at most half of it, the cool-down first
/// shortened (to no less than 5 minutes), then the warm-up (to no less than
/// [`MIN_WARMUP_MINUTES`]). A beginner's 23-minute run is a 6-minute warm-up, 12
/// minutes of running and a 5-minute cool-down, not 8 minutes of running. A quality
/// session keeps its full warm-up and cool-down: they make the hard part safe.
pub fn around_minutes(full: (u32, u32), duration: f64, kind: SessionKind) -> (u32, u32) {
    const MIN_COOLDOWN_MINUTES: u32 = 5;
    let (warmup, cooldown) = full;
    let quality = matches!(kind, SessionKind::Intervals | SessionKind::Moderate | SessionKind::Race);
    let half = (duration / 2.0).floor().max(0.0) as u32;
    if quality || warmup + cooldown <= half {
        return full;
    }
    // `max` then `min`, not `clamp`: a full warm-up or cool-down under the minimum
    // stays as it is instead of panicking.
    let cooldown = cooldown.min(half.saturating_sub(MIN_WARMUP_MINUTES).max(MIN_COOLDOWN_MINUTES));
    let warmup = half.saturating_sub(cooldown).max(MIN_WARMUP_MINUTES).min(warmup);
    (warmup, cooldown)
}

/// Warm-up minutes: 15 before hard sessions, 10 otherwise (shortened for short
/// sessions by [`around_minutes`]).
pub fn warmup(sport: &str, kind: SessionKind, muscle_groups: &[String]) -> Warmup {
    let quality = matches!(kind, SessionKind::Intervals | SessionKind::Moderate | SessionKind::Race);
    let quality_drills: Option<&[&str]> = match sport {
        _ if !quality => None,
        "run" => Some(&[
            "10 min easy jog",
            "leg swings (front-back and sideways)",
            "drills: high knees, butt kicks, skips (2 x 20 m each)",
            "4-6 strides of 20 s, building to the session's pace, walk back",
        ]),
        "ride" => Some(&[
            "10 min easy spin, raising cadence",
            "3 x 30 s high-cadence spin-ups",
            "2-3 x 1 min building to the session's effort, 1 min easy",
        ]),
        "swim" => Some(&[
            "arm circles and shoulder rolls",
            "300 m easy mixed strokes",
            "4 x 50 m drill/swim",
            "4 x 25 m building to the session's pace",
        ]),
        "row" => Some(&[
            "10 min easy rowing",
            "hip hinges, arm circles",
            "3 x 10 strokes building to the session's pace",
        ]),
        _ => None,
    };
    if let Some(drills) = quality_drills {
        return Warmup {
            minutes: 15,
            drills: drills.iter().map(|d| d.to_string()).collect(),
        };
    }
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
        minutes: if quality { 15 } else { 10 },
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
        minutes: if matches!(kind, SessionKind::Intervals | SessionKind::Long | SessionKind::Race) {
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

/// Fluid and fuel for a session of `minutes` (science-plans.md section 9: Sawka et
/// al. 2007, ACSM; Jeukendrup 2014; Thomas et al. 2016; Hew-Butler et al. 2015).
/// Amounts only where they apply: carbohydrate for long or hard endurance sessions,
/// sodium over 2 hours (or over 1 hour when it is 25 C or more), none for strength.
/// The warning against over-drinking is said once per plan ([`FLUID_WARNING`]).
pub fn hydration(minutes: f64, kind: SessionKind, body_mass_kg: Option<f64>) -> Hydration {
    let endurance = kind != SessionKind::Strength;
    let hours = minutes / 60.0;
    let before_ml = body_mass_kg.map(|kg| [ml(5.0 * kg), ml(7.0 * kg)]);
    let before = match before_ml {
        Some([low, high]) => format!(
            "about {low}-{high} mL slowly, some {BEFORE_HOURS} hours before (5-7 mL per kg); pale urine means you are ready"
        ),
        None => {
            format!("about 5-7 mL per kg of body mass slowly, some {BEFORE_HOURS} hours before (350-500 mL at 70 kg)")
        }
    };
    let carbs_g_per_hour = if !endurance {
        None
    } else if minutes > 150.0 {
        Some([60, 90])
    } else if minutes > 120.0 {
        Some([30, 60])
    } else if minutes > 90.0
        || (minutes > 60.0 && !matches!(kind, SessionKind::Recovery | SessionKind::Easy | SessionKind::Long))
    {
        Some([30, 30])
    } else {
        None
    };
    let (sodium_mg_per_hour, sodium_only_if_hot) = if endurance && minutes > 120.0 {
        (Some([300, 600]), false)
    } else if endurance && minutes > 60.0 {
        (Some([300, 600]), true)
    } else {
        (None, false)
    };
    let mut during = if minutes > 60.0 {
        format!(
            "drink to thirst, about 0.4-0.8 L per hour ({:.1}-{:.1} L in all)",
            0.4 * hours,
            0.8 * hours
        )
    } else {
        "water to thirst".to_string()
    };
    match carbs_g_per_hour {
        Some([low, high]) if low == high => during.push_str(&format!("; about {low} g carbohydrate per hour")),
        Some([low, high]) => during.push_str(&format!(
            "; {low}-{high} g carbohydrate per hour{}",
            if high >= 90 {
                " (90 only if practised, glucose plus fructose)"
            } else {
                ""
            }
        )),
        None => {}
    }
    match (sodium_mg_per_hour, sodium_only_if_hot) {
        (Some([low, high]), false) => during.push_str(&format!("; {low}-{high} mg sodium per hour (a sports drink)")),
        (Some([low, high]), true) => {
            during.push_str(&format!("; if it is 25 C or warmer, {low}-{high} mg sodium per hour"))
        }
        (None, _) => {}
    }
    Hydration {
        before,
        during,
        after:
            "about 1.25-1.5 L per kg of body mass lost (weigh yourself before and after), with a salty snack or meal"
                .to_string(),
        electrolytes: sodium_mg_per_hour.is_some() && !sodium_only_if_hot,
        before_hours: BEFORE_HOURS,
        before_ml,
        during_l_per_hour: [0.4, 0.8],
        carbs_g_per_hour,
        sodium_mg_per_hour,
        sodium_only_if_hot,
    }
}

/// Hours before a session to drink the pre-session fluid.
pub const BEFORE_HOURS: u32 = 4;

/// Said once per plan.
pub const FLUID_WARNING: &str = "Amounts are guides: drink to thirst and never more than you sweat (you should not finish a session heavier than you started). Over-drinking is the main cause of exercise-associated hyponatraemia; headache, nausea, confusion or swelling need medical help. Fluids and salt alone do not prevent cramps.";

/// The main set in plain words, with the CR-10 word for its RPE.
pub fn main_set(
    sport: &str,
    kind: SessionKind,
    main_minutes: f64,
    rpe: f64,
    muscle_groups: &[String],
    sets: Option<u32>,
) -> String {
    let m = main_minutes.round() as i64;
    let r = rpe.round() as i64;
    let word = super::effort_word(rpe);
    match kind {
        SessionKind::Recovery => {
            format!("{m} min very relaxed {sport} at RPE {r} ({word}): loosen up after yesterday; stop early if tired")
        }
        SessionKind::Easy => {
            format!("{m} min easy {sport} at RPE {r} ({word}): you could talk in full sentences")
        }
        SessionKind::Moderate => {
            format!("{m} min steady {sport} at RPE {r} ({word}): you can speak in short phrases")
        }
        SessionKind::Long => format!(
            "{m} min long, easy {sport} at RPE {r} ({word}): finish feeling you could go on; fuel and drink on the way"
        ),
        SessionKind::Intervals => {
            let reps = (m / 8).clamp(3, 6);
            let hard = (r + 1).min(8);
            format!(
                "{m} min: {reps} x 3 min at RPE {hard} ({}), 2-3 min easy jog or spin between, the rest easy; the whole session about RPE {r} ({word})",
                super::effort_word(hard as f64)
            )
        }
        SessionKind::Race => format!(
            "race: {m} min of {sport} at RPE {r} ({word}); start easier than you feel you could, fuel and drink as rehearsed in your long sessions"
        ),
        SessionKind::Strength => {
            let exercises: &[&str] = strength_exercises(muscle_groups);
            let sets = sets.unwrap_or(9).max(3) as usize;
            // About 3-4 sets an exercise: as many exercises as that gives.
            let n = (sets / 3).clamp(1, exercises.len());
            let (low, high) = (sets / n, sets.div_ceil(n));
            let each = if low == high {
                format!("{low} sets")
            } else {
                format!("{low}-{high} sets")
            };
            format!(
                "{sets} working sets of 6-12 reps: {each} each of {} at RPE {r} ({word}, 2-3 reps in reserve), 90 s-3 min rest; add one load step to a lift once you beat the top of its rep range in every set",
                exercises[..n].join(", ")
            )
        }
    }
}

/// Exercises for the muscle groups a strength session works.
fn strength_exercises(groups: &[String]) -> &'static [&'static str] {
    let has = |g: &str| groups.iter().any(|x| x == g);
    if has("legs") {
        &[
            "squats",
            "Romanian deadlifts",
            "walking lunges",
            "calf raises",
            "planks",
        ]
    } else if has("chest") && has("back") {
        &[
            "bench press",
            "rows",
            "overhead press",
            "pull-ups or lat pulldowns",
            "dips",
        ]
    } else if has("chest") || has("shoulders") {
        &[
            "bench press",
            "overhead press",
            "incline dumbbell press",
            "lateral raises",
            "triceps pushdowns",
        ]
    } else if has("back") {
        &[
            "deadlifts",
            "rows",
            "pull-ups or lat pulldowns",
            "face pulls",
            "biceps curls",
        ]
    } else {
        &["goblet squats", "push-ups", "rows", "hip thrusts", "side planks"]
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
    fn a_short_easy_session_is_mostly_its_main_set() {
        // Full warm-up 10, cool-down 5: up to a 30-minute session the two take at
        // most half of it, the warm-up at least 5.
        let easy = |d| around_minutes((10, 5), d, SessionKind::Easy).0;
        assert_eq!(
            [easy(20.0), easy(23.0), easy(26.0), easy(30.0), easy(60.0)],
            [5, 6, 8, 10, 10]
        );
        assert_eq!(around_minutes((10, 5), 12.0, SessionKind::Strength), (5, 5));
        // A long session's 10-minute cool-down gives way first, to no less than 5.
        let long = |d| around_minutes((10, 10), d, SessionKind::Long);
        assert_eq!(
            [long(23.0), long(30.0), long(40.0), long(90.0)],
            [(5, 6), (5, 10), (10, 10), (10, 10)]
        );
        // A quality session keeps its warm-up and cool-down, however short.
        assert_eq!(around_minutes((15, 10), 30.0, SessionKind::Intervals), (15, 10));
        // A full warm-up under the minimum is kept, never lengthened.
        assert_eq!(around_minutes((3, 5), 10.0, SessionKind::Easy), (3, 5));
    }

    #[test]
    fn warmup_is_longer_before_hard_sessions_and_sport_specific() {
        assert_eq!(warmup("run", SessionKind::Intervals, &[]).minutes, 15);
        let quality = warmup("run", SessionKind::Intervals, &[]);
        assert!(quality.drills.iter().any(|d| d.contains("easy jog")), "{quality:?}");
        assert!(quality.drills.iter().any(|d| d.contains("strides")), "{quality:?}");
        assert!(!quality.drills.iter().any(|d| d.contains("lunges")), "{quality:?}");
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
        // 70 kg: 5-7 mL/kg is 350-490 mL, to the nearest 50 mL 350-500.
        let h = hydration(90.0, SessionKind::Long, Some(70.0));
        assert!(h.before.starts_with("about 350-500 mL"), "{}", h.before);
        assert_eq!(h.before_ml, Some([350, 500]));
        assert_eq!(h.before_hours, 4);
        assert!(h.during.contains("0.6-1.2 L"), "{}", h.during);
        // 90 min easy: no carbohydrate yet; sodium only in the heat.
        assert_eq!(h.carbs_g_per_hour, None);
        assert_eq!(h.sodium_mg_per_hour, Some([300, 600]));
        assert!(h.sodium_only_if_hot && !h.electrolytes);
        let short = hydration(45.0, SessionKind::Easy, None);
        assert!(!short.electrolytes);
        assert_eq!(short.sodium_mg_per_hour, None);
        assert_eq!(short.carbs_g_per_hour, None);
        assert!(short.after.contains("1.25-1.5 L per kg"));
    }

    #[test]
    fn fuel_grows_with_duration_and_skips_strength() {
        let cases = [
            (100.0, SessionKind::Long, Some([30, 30]), Some([300, 600]), true),
            (130.0, SessionKind::Long, Some([30, 60]), Some([300, 600]), false),
            (180.0, SessionKind::Long, Some([60, 90]), Some([300, 600]), false),
            (70.0, SessionKind::Intervals, Some([30, 30]), Some([300, 600]), true),
            (75.0, SessionKind::Strength, None, None, false),
        ];
        for (minutes, kind, carbs, sodium, hot_only) in cases {
            let h = hydration(minutes, kind, None);
            assert_eq!(h.carbs_g_per_hour, carbs, "{minutes} {kind:?}");
            assert_eq!(h.sodium_mg_per_hour, sodium, "{minutes} {kind:?}");
            assert_eq!(h.sodium_only_if_hot, hot_only, "{minutes} {kind:?}");
        }
        let h = hydration(180.0, SessionKind::Long, None);
        assert!(h.during.contains("60-90 g carbohydrate per hour"), "{}", h.during);
        assert!(h.during.contains("300-600 mg sodium per hour"), "{}", h.during);
        assert!(h.electrolytes);
    }
}
