//! Threshold comparisons that ignore floating-point noise, so that a session exactly
//! 10% longer does not fire because `11.0 / 10.0 - 1.0` happens to be
//! `0.10000000000000009`. Every rule and the planner compare through these.

/// Relative tolerance for threshold comparisons.
const TOLERANCE: f64 = 1e-9;

fn slack(limit: f64) -> f64 {
    TOLERANCE * limit.abs().max(1.0)
}

/// `value > limit`, where a value equal to the limit up to rounding is not above it.
pub fn above(value: f64, limit: f64) -> bool {
    value > limit + slack(limit)
}

/// `value >= limit`, where a value equal to the limit up to rounding counts as at it.
pub fn at_least(value: f64, limit: f64) -> bool {
    value >= limit - slack(limit)
}

/// `value < limit`, where a value equal to the limit up to rounding is not below it.
pub fn below(value: f64, limit: f64) -> bool {
    value < limit - slack(limit)
}
