//! Units of weight and distance, and their conversion to the history's kg and km.

use std::fmt;
use std::str::FromStr;

/// Kilograms in one international avoirdupois pound (exact by definition).
pub const KG_PER_LB: f64 = 0.45359237;
/// Kilometres in one international mile (exact by definition).
pub const KM_PER_MILE: f64 = 1.609344;
/// Kilometres in one yard.
const KM_PER_YARD: f64 = 0.0009144;

/// The unit gym weights are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightUnit {
    Kg,
    Lb,
}

impl WeightUnit {
    /// `kg`, `kgs`, `lb`, `lbs`, ... as apps write it; `None` for anything else.
    pub fn from_label(label: &str) -> Option<WeightUnit> {
        match label.trim().to_lowercase().as_str() {
            "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => Some(WeightUnit::Kg),
            "lb" | "lbs" | "pound" | "pounds" => Some(WeightUnit::Lb),
            _ => None,
        }
    }

    pub fn to_kg(self, value: f64) -> f64 {
        match self {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * KG_PER_LB,
        }
    }
}

impl FromStr for WeightUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WeightUnit::from_label(s).ok_or_else(|| format!("{s:?} is not a weight unit; expected kg or lb"))
    }
}

impl fmt::Display for WeightUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WeightUnit::Kg => "kg",
            WeightUnit::Lb => "lb",
        })
    }
}

/// The unit distances are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DistanceUnit {
    Km,
    Metre,
    Mile,
    Yard,
}

impl DistanceUnit {
    pub fn from_label(label: &str) -> Option<DistanceUnit> {
        match label.trim().to_lowercase().as_str() {
            "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => Some(DistanceUnit::Km),
            "m" | "meter" | "meters" | "metre" | "metres" => Some(DistanceUnit::Metre),
            "mi" | "mile" | "miles" => Some(DistanceUnit::Mile),
            "yd" | "yds" | "yard" | "yards" => Some(DistanceUnit::Yard),
            _ => None,
        }
    }

    pub fn to_km(self, value: f64) -> f64 {
        match self {
            DistanceUnit::Km => value,
            DistanceUnit::Metre => value / 1000.0,
            DistanceUnit::Mile => value * KM_PER_MILE,
            DistanceUnit::Yard => value * KM_PER_YARD,
        }
    }
}

/// A distance of 0 means "no distance" in every export (strength rows, manual entries).
pub(crate) fn positive(value: Option<f64>) -> Option<f64> {
    value.filter(|v| *v > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights() {
        assert_eq!(WeightUnit::from_label(" LBS "), Some(WeightUnit::Lb));
        assert_eq!(WeightUnit::from_label("kgs"), Some(WeightUnit::Kg));
        assert_eq!(WeightUnit::from_label("stone"), None);
        assert!((WeightUnit::Lb.to_kg(225.0) - 102.0582833).abs() < 1e-6);
        assert_eq!("lb".parse::<WeightUnit>(), Ok(WeightUnit::Lb));
        assert!("st".parse::<WeightUnit>().unwrap_err().contains("expected kg or lb"));
    }

    #[test]
    fn distances() {
        assert_eq!(DistanceUnit::from_label("mi").unwrap().to_km(1.0), 1.609344);
        assert_eq!(DistanceUnit::from_label("m").unwrap().to_km(1250.0), 1.25);
        assert_eq!(DistanceUnit::from_label("Km").unwrap().to_km(5.0), 5.0);
        assert!((DistanceUnit::Yard.to_km(1000.0) - 0.9144).abs() < 1e-12);
        assert_eq!(DistanceUnit::from_label("furlong"), None);
        assert_eq!(positive(Some(0.0)), None);
    }
}
