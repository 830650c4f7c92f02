//! What an athlete tolerates, and what comes back after a break: the tolerated
//! weekly totals, breaks in training, the return allowance after a break, and the
//! weekly-ramp base. The weekly-ramp rule and the planner both use these, so a plan
//! that returns at the allowance passes its own check.

use chrono::NaiveDate;

use crate::compare::above;
use crate::config::Config;
use crate::series::DayMetrics;
use crate::timeline::Day;
use crate::weekly::Week;

/// A week's totals in the three measures the weekly-ramp rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Totals {
    pub load: f64,
    pub minutes: f64,
    pub distance_km: f64,
}

impl Totals {
    pub fn of(week: &Week) -> Totals {
        Totals {
            load: week.load,
            minutes: week.minutes,
            distance_km: week.distance_km,
        }
    }

    /// Every measure times `factor`.
    pub fn scaled(self, factor: f64) -> Totals {
        self.map(|v| v * factor)
    }

    pub fn map(self, f: impl Fn(f64) -> f64) -> Totals {
        Totals {
            load: f(self.load),
            minutes: f(self.minutes),
            distance_km: f(self.distance_km),
        }
    }

    /// Measure by measure.
    pub fn zip(self, other: Totals, f: impl Fn(f64, f64) -> f64) -> Totals {
        Totals {
            load: f(self.load, other.load),
            minutes: f(self.minutes, other.minutes),
            distance_km: f(self.distance_km, other.distance_km),
        }
    }

    pub fn max(self, other: Totals) -> Totals {
        self.zip(other, f64::max)
    }

    pub fn min(self, other: Totals) -> Totals {
        self.zip(other, f64::min)
    }

    pub fn plus(self, other: Totals) -> Totals {
        self.zip(other, |a, b| a + b)
    }
}

/// A week as the weekly-ramp rule sees it: its totals, and whether the whole week
/// is on the timeline (a partial week is never a base).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekTotals {
    pub totals: Totals,
    pub full: bool,
}

impl From<&Week> for WeekTotals {
    fn from(week: &Week) -> Self {
        WeekTotals {
            totals: Totals::of(week),
            full: !week.partial,
        }
    }
}

/// The weekly-ramp rule's base for the week after `earlier`, measure by measure:
/// the higher of the previous week (when full) and the mean of the full weeks among
/// the last `base_weeks`. `None` when none of those weeks is full.
pub fn ramp_base(earlier: &[WeekTotals], base_weeks: usize) -> Option<RampBase> {
    let window = &earlier[earlier.len().saturating_sub(base_weeks)..];
    let full: Vec<Totals> = window.iter().filter(|w| w.full).map(|w| w.totals).collect();
    if full.is_empty() {
        return None;
    }
    let n = full.len() as f64;
    let mean = full.iter().fold(Totals::default(), |a, t| a.plus(*t)).scaled(1.0 / n);
    let previous = earlier.last().filter(|w| w.full).map(|w| w.totals);
    Some(RampBase {
        base: previous.map_or(mean, |p| p.max(mean)),
        previous,
        mean,
        weeks_in_mean: full.len(),
    })
}

/// The weekly-ramp base and what it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RampBase {
    pub base: Totals,
    pub previous: Option<Totals>,
    pub mean: Totals,
    pub weeks_in_mean: usize,
}

/// The tolerated weekly totals before `weeks[last]` ends: per measure, the median of
/// the non-empty weeks among the `return.tolerated_weeks` ISO weeks up to and
/// including `weeks[last]` (the week holding the last session), leaving out spike
/// weeks: load more than `return.spike_pct` above the mean of the up-to-4 weeks
/// before them. When every week is a spike, none is left out. `None` when those
/// weeks are all empty.
pub fn tolerated(weeks: &[Week], last: usize, config: &Config) -> Option<Totals> {
    let kept = tolerated_weeks(weeks, last, config);
    if kept.is_empty() {
        return None;
    }
    let totals: Vec<Totals> = kept.iter().map(|&i| Totals::of(&weeks[i])).collect();
    Some(Totals {
        load: median(totals.iter().map(|t| t.load)),
        minutes: median(totals.iter().map(|t| t.minutes)),
        distance_km: median(totals.iter().map(|t| t.distance_km)),
    })
}

/// The indices of the weeks [`tolerated`] takes its medians over.
pub fn tolerated_weeks(weeks: &[Week], last: usize, config: &Config) -> Vec<usize> {
    let cfg = &config.return_;
    let from = (last + 1).saturating_sub(cfg.tolerated_weeks);
    let candidates: Vec<usize> = (from..=last).filter(|&i| weeks[i].sessions > 0).collect();
    let base_weeks = config.rules.weekly_ramp.base_weeks.max(1);
    let is_spike = |i: usize| {
        let before = &weeks[i.saturating_sub(base_weeks)..i];
        if before.is_empty() {
            return false;
        }
        let mean = before.iter().map(|w| w.load).sum::<f64>() / before.len() as f64;
        mean > 0.0 && above(weeks[i].load, mean * (1.0 + cfg.spike_pct / 100.0))
    };
    let kept: Vec<usize> = candidates.iter().copied().filter(|&i| !is_spike(i)).collect();
    if kept.is_empty() { candidates } else { kept }
}

/// The median; the mean of the middle two for an even count. 0 for none.
pub fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// A run of days without a training day between two training days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// The last training day before it.
    pub last_training: NaiveDate,
    /// The first training day after it.
    pub first_back: NaiveDate,
    /// Days without training in between.
    pub days_off: i64,
}

/// The breaks of at least `min_days` days without a training day among `days`, given
/// as (date, rest day) in date order (all sports together; a rest-day walk is not
/// training).
pub fn breaks(days: impl IntoIterator<Item = (NaiveDate, bool)>, min_days: i64) -> Vec<Break> {
    let mut out = Vec::new();
    let mut last_training: Option<NaiveDate> = None;
    for (date, _) in days.into_iter().filter(|(_, rest)| !rest) {
        if let Some(last) = last_training {
            let days_off = (date - last).num_days() - 1;
            if days_off >= min_days {
                out.push(Break {
                    last_training: last,
                    first_back: date,
                    days_off,
                });
            }
        }
        last_training = Some(date);
    }
    out
}

/// Per day of the daily series: whether the acwr rule is silent on it, because it
/// falls in the `acwr.break_silence_days` from the first training day after a break
/// of `acwr.break_days` or more. The rule and the planner's self-check both read it.
pub fn acwr_silenced(days: &[DayMetrics], config: &Config) -> Vec<bool> {
    let cfg = &config.acwr;
    let mut silent = vec![false; days.len()];
    let Some(first) = days.first().map(|d| d.date) else {
        return silent;
    };
    for b in breaks(days.iter().map(|d| (d.date, d.rest)), cfg.break_days) {
        let from = (b.first_back - first).num_days().max(0) as usize;
        let until = (from + cfg.break_silence_days.max(0) as usize).min(silent.len());
        for s in silent.iter_mut().take(until).skip(from) {
            *s = true;
        }
    }
    silent
}

/// What the weekly-ramp rule allows in a return window: from the first training day
/// after a break of `acwr.break_days` or more, for `acwr.break_silence_days` days, the
/// base of a week that overlaps the window is at least the [`return_level`] of the
/// break's length and the tolerated totals before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReturnAllowance {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub days_off: i64,
    /// The return factor (0-1).
    pub factor: f64,
    pub tolerated: Totals,
    pub allowance: Totals,
}

impl ReturnAllowance {
    /// Whether the week starting on `monday` overlaps the return window.
    pub fn covers_week(&self, monday: NaiveDate) -> bool {
        let sunday = monday + chrono::Days::new(6);
        monday <= self.until && sunday >= self.from
    }
}

/// The least any plan starts from, and any return is allowed: `plan.floor_sessions`
/// easy sessions (RPE 3) of `plan.floor_minutes` a week.
pub fn floor_week(config: &Config) -> Totals {
    let minutes = config.plan.floor_sessions as f64 * config.plan.floor_minutes;
    Totals {
        load: minutes * 3.0,
        minutes,
        distance_km: 0.0,
    }
}

/// What a return after `gap_days` without training starts from, per measure: the
/// return factor times the tolerated totals, never below the floor week (but never
/// above what was tolerated: the floor is not a jump for someone who did less). The
/// planner starts there and the weekly-ramp rule allows it.
pub fn return_level(tolerated: Totals, gap_days: i64, config: &Config) -> Totals {
    tolerated
        .scaled(config.return_.factor(gap_days))
        .max(floor_week(config).min(tolerated))
}

/// The return allowances of a timeline's breaks (see [`ReturnAllowance`]).
pub fn return_allowances(days: &[Day], weeks: &[Week], config: &Config) -> Vec<ReturnAllowance> {
    let silence = config.acwr.break_silence_days.max(1) as u64;
    breaks(days.iter().map(|d| (d.date, d.rest)), config.acwr.break_days)
        .into_iter()
        .filter_map(|b| {
            let last_week = weeks.iter().rposition(|w| w.start <= b.last_training)?;
            let tolerated = tolerated(weeks, last_week, config)?;
            let factor = config.return_.factor(b.days_off);
            Some(ReturnAllowance {
                from: b.first_back,
                until: b.first_back + chrono::Days::new(silence - 1),
                days_off: b.days_off,
                factor,
                tolerated,
                allowance: return_level(tolerated, b.days_off, config),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::Hist;

    #[test]
    fn the_return_factor_follows_the_table() {
        let cfg = Config::default().return_;
        for (days, share) in [
            (0, 1.0),
            (7, 1.0),
            (8, 0.9),
            (14, 0.9),
            (15, 0.7),
            (28, 0.7),
            (29, 0.6),
            (56, 0.6),
            (57, 0.45),
            (112, 0.45),
            (113, 0.3),
            (4000, 0.3),
        ] {
            assert_eq!(cfg.factor(days), share, "{days} days");
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 2.0, 3.0].into_iter()), 2.5);
        assert_eq!(median(std::iter::empty()), 0.0);
    }

    /// Weekly minutes at RPE 5, one session on each week's Monday (0: an empty week).
    fn weeks_of(minutes: &[f64]) -> Vec<Week> {
        let mut h = Hist::new();
        for (w, m) in minutes.iter().enumerate() {
            if *m > 0.0 {
                h.add(7 * w as i64, "run", *m, 5.0);
            }
        }
        h.weeks(7 * minutes.len() as i64 - 1)
    }

    #[test]
    fn tolerated_is_the_median_of_the_non_empty_weeks_without_spikes() {
        // The six weeks up to week 6: 100, 110, 0, 100, 200, 120. Week 5 is a spike:
        // 200 > 1.3 x (100 + 110 + 0 + 100) / 4 = 100.75; week 6 is not:
        // 120 <= 1.3 x (110 + 0 + 100 + 200) / 4 = 133.25.
        let weeks = weeks_of(&[100.0, 100.0, 110.0, 0.0, 100.0, 200.0, 120.0]);
        let t = tolerated(&weeks, 6, &Config::default()).unwrap();
        // Without the empty and the spike week: 100, 110, 100, 120 -> median 105 min.
        assert_eq!(t.minutes, 105.0);
        assert_eq!(t.load, 525.0);
        // Only up to the week asked for: 100 and 100 (week 0 has no week before it).
        assert_eq!(tolerated(&weeks, 1, &Config::default()).unwrap().minutes, 100.0);
        // A week after an empty one is a spike when the mean before it is low.
        let weeks = weeks_of(&[100.0, 0.0, 0.0, 0.0, 90.0]);
        assert_eq!(tolerated(&weeks, 4, &Config::default()).unwrap().minutes, 100.0);
    }

    #[test]
    fn every_week_a_spike_leaves_none_out_and_no_week_gives_none() {
        // With two weeks counted, 20 (> 1.3 x 10) and 40 (> 1.3 x 15) are both spikes.
        let mut config = Config::default();
        config.return_.tolerated_weeks = 2;
        let weeks = weeks_of(&[10.0, 20.0, 40.0]);
        assert_eq!(tolerated(&weeks, 2, &config).unwrap().minutes, 30.0);
        let weeks = weeks_of(&[10.0, 0.0, 0.0]);
        assert_eq!(tolerated(&weeks[1..], 1, &Config::default()), None);
    }

    #[test]
    fn breaks_count_days_without_training_and_skip_rest_days() {
        let mut h = Hist::new();
        h.add(0, "run", 30.0, 5.0);
        h.add(10, "walk", 30.0, 2.0); // a rest-day walk: not training
        h.add(22, "run", 30.0, 5.0); // 21 days off
        h.add(30, "run", 30.0, 5.0); // 7 days off
        let days: Vec<(NaiveDate, bool)> = h.timeline_days(30).iter().map(|d| (d.date, d.rest)).collect();
        let found = breaks(days.iter().copied(), 21);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].days_off, 21);
        assert_eq!(found[0].first_back, h.day(22));
        assert!(breaks(days, 22).is_empty());
    }

    #[test]
    fn ramp_base_is_the_higher_of_last_week_and_the_mean() {
        let w = |load: f64, full: bool| WeekTotals {
            totals: Totals {
                load,
                minutes: load / 5.0,
                distance_km: 0.0,
            },
            full,
        };
        let b = ramp_base(&[w(100.0, true), w(100.0, true), w(100.0, true), w(70.0, true)], 4).unwrap();
        assert_eq!(b.base.load, 92.5);
        let b = ramp_base(&[w(50.0, true), w(100.0, true), w(130.0, true)], 4).unwrap();
        assert_eq!(b.base.load, 130.0);
        assert_eq!(ramp_base(&[w(50.0, false)], 4), None);
    }
}
