//! Muscle groups of gym exercises, from the app's category (FitNotes) or from the
//! exercise name (`Squat (Barbell)` -> legs). The history uses six groups: legs,
//! chest, back, shoulders, arms, core.

/// Name fragments and their group, most specific first: `leg curl` must win over
/// `curl`, `leg raise` over `leg`, `bench press` over `press`.
const BY_NAME: &[(&str, &str)] = &[
    ("calf raise", "legs"),
    ("leg raise", "core"),
    ("knee raise", "core"),
    ("leg curl", "legs"),
    ("leg extension", "legs"),
    ("leg press", "legs"),
    ("lateral raise", "shoulders"),
    ("front raise", "shoulders"),
    ("rear delt", "shoulders"),
    ("face pull", "shoulders"),
    ("upright row", "shoulders"),
    ("overhead press", "shoulders"),
    ("shoulder press", "shoulders"),
    ("military press", "shoulders"),
    ("arnold press", "shoulders"),
    ("push press", "shoulders"),
    ("bench press", "chest"),
    ("chest", "chest"),
    ("push up", "chest"),
    ("pushup", "chest"),
    ("fly", "chest"),
    ("flye", "chest"),
    ("pec deck", "chest"),
    ("dip", "chest"),
    ("squat", "legs"),
    ("lunge", "legs"),
    ("deadlift", "legs"),
    ("hip thrust", "legs"),
    ("glute", "legs"),
    ("hip abduct", "legs"),
    ("hip adduct", "legs"),
    ("step up", "legs"),
    ("hamstring", "legs"),
    ("good morning", "legs"),
    ("kettlebell swing", "legs"),
    ("pull up", "back"),
    ("pullup", "back"),
    ("chin up", "back"),
    ("chinup", "back"),
    ("pulldown", "back"),
    ("pull down", "back"),
    ("row", "back"),
    ("shrug", "back"),
    ("back extension", "back"),
    ("hyperextension", "back"),
    ("triceps", "arms"),
    ("tricep", "arms"),
    ("skullcrusher", "arms"),
    ("pushdown", "arms"),
    ("curl", "arms"),
    ("plank", "core"),
    ("crunch", "core"),
    ("sit up", "core"),
    ("situp", "core"),
    ("ab wheel", "core"),
    ("russian twist", "core"),
    ("flutter kick", "core"),
    ("hollow", "core"),
    ("oblique", "core"),
];

/// The group of an exercise name, if any fragment matches a whole word run.
pub(crate) fn from_exercise(name: &str) -> Option<&'static str> {
    // `Pull-Up (Assisted)` -> ` pull up assisted `: words padded so fragments match whole words.
    let words: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let padded = format!(" {} ", words.split_whitespace().collect::<Vec<_>>().join(" "));
    BY_NAME.iter().find_map(|(fragment, group)| {
        // A fragment matches at a word start and may end mid-word (`raise` in `raises`).
        padded.contains(&format!(" {fragment}")).then_some(*group)
    })
}

/// The group of an app category such as FitNotes' `Biceps` or `Abs`.
pub(crate) fn from_category(category: &str) -> Option<&'static str> {
    Some(match category.trim().to_lowercase().as_str() {
        "legs" | "quads" | "quadriceps" | "hamstrings" | "glutes" | "calves" | "leg" => "legs",
        "chest" | "pecs" => "chest",
        "back" | "lats" | "traps" | "lower back" => "back",
        "shoulders" | "shoulder" | "delts" => "shoulders",
        "biceps" | "triceps" | "arms" | "forearms" => "arms",
        "abs" | "core" | "abdominals" => "core",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercise_names_from_real_exports() {
        for (name, want) in [
            ("Squat (Barbell)", Some("legs")),
            ("Leg Press", Some("legs")),
            ("Walking Lunge (Dumbbell)", Some("legs")),
            ("Romanian Deadlift (Barbell)", Some("legs")),
            ("Lying Leg Curl (Machine)", Some("legs")),
            ("Leg Extension (Machine)", Some("legs")),
            ("Seated Calf Raise (Machine)", Some("legs")),
            ("Hip Adductor (Machine)", Some("legs")),
            ("Bench Press (Dumbbell)", Some("chest")),
            ("Incline Bench Press (Dumbbell)", Some("chest")),
            ("Push-Up", Some("chest")),
            ("Chest Fly", Some("chest")),
            ("Chest Dip (Assisted)", Some("chest")),
            ("Bent Over Row (Barbell)", Some("back")),
            ("Pull Up (Assisted)", Some("back")),
            ("Lat Pulldown (Cable)", Some("back")),
            ("Seated Cable Row - V Grip (Cable)", Some("back")),
            ("Overhead Press (Barbell)", Some("shoulders")),
            ("Lateral Raise (Machine)", Some("shoulders")),
            ("Upright Row (Barbell)", Some("shoulders")),
            ("Bicep Curl (Dumbbell)", Some("arms")),
            ("Hammer Curl (Cable)", Some("arms")),
            ("Triceps Extension (Machine)", Some("arms")),
            ("Triceps Pushdown", Some("arms")),
            ("Plank", Some("core")),
            ("Crunch (Machine)", Some("core")),
            ("Hanging Leg Raise", Some("core")),
            ("Running (Treadmill)", None),
            ("Farmer's Walk", None),
        ] {
            assert_eq!(from_exercise(name), want, "{name}");
        }
    }

    #[test]
    fn fitnotes_categories() {
        assert_eq!(from_category("Biceps"), Some("arms"));
        assert_eq!(from_category("Abs"), Some("core"));
        assert_eq!(from_category("Legs"), Some("legs"));
        assert_eq!(from_category("Cardio"), None);
    }
}
