//! Canonical sport names. Every reader (history and importers) goes through
//! [`canonical`], so `Running`, `jog` and `run` are one sport everywhere.

/// Lower-case `raw`, fold inner white space and map the common aliases to the
/// canonical names (run, ride, swim, strength, walk, hike, row). Unknown sports are
/// kept, lower-cased, never dropped.
pub fn canonical(raw: &str) -> String {
    let folded = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    alias(&folded).map_or(folded, str::to_string)
}

fn alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "run" | "running" | "jog" | "jogging" | "trail run" | "trail running" | "treadmill" | "treadmill running"
        | "virtual run" | "indoor run" | "indoor running" | "track running" | "street running" => "run",
        "ride" | "cycling" | "bike" | "biking" | "virtual ride" | "virtualride" | "indoor cycling" | "indoor ride"
        | "road cycling" | "road biking" | "mountain biking" | "mountain bike ride" | "gravel ride"
        | "gravel cycling" | "e-bike ride" | "ebike ride" | "bike ride" | "virtual cycling" => "ride",
        "swim"
        | "swimming"
        | "pool swim"
        | "pool swimming"
        | "open water swimming"
        | "open water swim"
        | "lap swimming" => "swim",
        "strength" | "gym" | "weight training" | "weights" | "weighttraining" | "strength training"
        | "weightlifting" | "weight lifting" => "strength",
        "walk" | "walking" => "walk",
        "hike" | "hiking" => "hike",
        "row" | "rowing" | "indoor rowing" | "indoor row" => "row",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn aliases_named_in_the_spec_map_to_canonical_names() {
        for (raw, want) in [
            ("Running", "run"),
            ("jog", "run"),
            ("cycling", "ride"),
            ("Bike", "ride"),
            ("Virtual Ride", "ride"),
            ("gym", "strength"),
            ("Weight Training", "strength"),
            ("weights", "strength"),
            ("Swimming", "swim"),
            ("walking", "walk"),
            ("Hiking", "hike"),
            ("rowing", "row"),
            ("  Virtual   Ride ", "ride"),
        ] {
            assert_eq!(canonical(raw), want, "{raw}");
        }
    }

    #[test]
    fn unknown_sports_are_kept_lower_cased() {
        assert_eq!(canonical("Bouldering"), "bouldering");
        assert_eq!(canonical("Stand Up Paddling"), "stand up paddling");
    }
}
