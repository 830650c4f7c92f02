//! Date-axis labels: which dates get a label and how each is written, so that the
//! labels never overlap whatever the span (a week or three years) and the chart's
//! width, and the format suits the span: days (`Mar 2`), months (`Jan 2026`, `Apr`)
//! or years (`2026`).
//!
//! Pure logic: the caller passes a function measuring a label's width in pixels,
//! and places the labels with [`AxisSpace::px`], the same mapping the check uses.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::weekly::monday_of;

/// Spacing between labelled dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

/// Steps between labels, finest first. Charts with one bar per ISO week skip the
/// first two: never finer than a week.
const STEPS: [Step; 13] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(50),
];

/// What the x axis shows: one slot per day, or one bar per ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slots {
    Days,
    /// Week labels are centred under their bar (the Thursday), not on the Monday.
    Weeks,
}

/// The horizontal space of a date axis: the first and last day shown, one slot of
/// equal width per day, and how much room labels need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisSpace {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Width of the plot area in pixels.
    pub width_px: f64,
    /// Free space required between two labels.
    pub min_gap_px: f64,
    /// How far a label may stick out beyond either end of the plot area.
    pub overhang_px: f64,
}

impl AxisSpace {
    /// Days on the axis.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// The chart's x coordinate of `date`: days since `first`. The axis runs from
    /// -0.5 to `days() - 0.5`, so each day owns one unit centred on its value.
    pub fn x(&self, date: NaiveDate) -> f64 {
        (date - self.first).num_days() as f64
    }

    /// The x range to build the chart with.
    pub fn x_range(&self) -> std::ops::Range<f64> {
        -0.5..self.days() as f64 - 0.5
    }

    /// Pixel position of `date`'s centre from the left of the plot area.
    pub fn px(&self, date: NaiveDate) -> f64 {
        (self.x(date) + 0.5) / self.days() as f64 * self.width_px
    }
}

/// One label on the axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// The date the label names.
    pub date: NaiveDate,
    /// Where the label is drawn (the Thursday of a labelled week, else `date`).
    pub at: NaiveDate,
    pub label: String,
}

/// The labels of a date axis: the finest step whose labels fit without overlapping
/// (labels that would stick out of the plot are dropped).
pub fn date_ticks(space: &AxisSpace, slots: Slots, measure: &dyn Fn(&str) -> f64) -> Vec<Tick> {
    let steps: &[Step] = match slots {
        Slots::Days => &STEPS,
        Slots::Weeks => &STEPS[2..],
    };
    let mut last_try = Vec::new();
    // Every label is at least as wide as the digit "1": a step with more candidate
    // dates than such labels could fit on the axis overlaps for sure, and is
    // skipped without laying out its labels (a 3-year axis has 1,100 days). Up to
    // two labels at each end may be dropped for sticking out, hence the 4. The
    // coarsest step is always tried: it is the fallback when everything overlaps.
    let narrowest = measure("1");
    let room = space.width_px + 2.0 * space.overhang_px + space.min_gap_px;
    for (i, &step) in steps.iter().enumerate() {
        let coarsest = i + 1 == steps.len();
        let candidates = candidate_dates(space, step).len() as f64;
        if !coarsest && (candidates - 4.0).max(0.0) * (narrowest + space.min_gap_px) > room {
            continue;
        }
        let ticks = labelled_within_edges(space, step, slots, measure);
        if ticks.is_empty() {
            continue;
        }
        if overlap_free(space, &ticks, measure) {
            return ticks;
        }
        last_try = ticks;
    }
    // Even the coarsest step overlaps (absurdly narrow chart): keep what fits.
    thin_out(space, last_try, measure)
}

/// The ticks of `step` whose labels stay within the plot's edges. The first label
/// carries the year, so dropping one at the left edge relabels the rest.
fn labelled_within_edges(space: &AxisSpace, step: Step, slots: Slots, measure: &dyn Fn(&str) -> f64) -> Vec<Tick> {
    let mut dates = candidate_dates(space, step);
    loop {
        let ticks = labelled(space, &dates, step, slots);
        let count = ticks.len();
        let kept = within_edges(space, ticks, measure);
        if kept.len() == count {
            return kept;
        }
        dates = kept.iter().map(|t| t.date).collect();
    }
}

/// Every date `step` labels between `first` and `last`.
fn candidate_dates(space: &AxisSpace, step: Step) -> Vec<NaiveDate> {
    let (first, last) = (space.first, space.last);
    let mut dates = Vec::new();
    match step {
        Step::Days(n) => {
            let mut d = first;
            while d <= last {
                dates.push(d);
                d = d + Days::new(u64::from(n));
            }
        }
        Step::Weeks(n) => {
            let mut d = monday_of(first);
            if d < first {
                d = d + Days::new(7);
            }
            while d <= last {
                dates.push(d);
                d = d + Days::new(7 * u64::from(n));
            }
        }
        Step::Months(n) => {
            let mut d = first.with_day(1).unwrap_or(first);
            while d <= last {
                if d >= first && d.month0() % n == 0 {
                    dates.push(d);
                }
                d = d + Months::new(1);
            }
        }
        Step::Years(n) => {
            for year in first.year()..=last.year() {
                let Some(d) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                    continue;
                };
                if d >= first && year.rem_euclid(n as i32) == 0 {
                    dates.push(d);
                }
            }
        }
    }
    dates
}

/// Label `dates`: the year is spelled on the first label and wherever it changes
/// (for day and week steps only when the axis spans more than one year).
fn labelled(space: &AxisSpace, dates: &[NaiveDate], step: Step, slots: Slots) -> Vec<Tick> {
    let spans_years = space.first.year() != space.last.year();
    let mut previous_year = None;
    dates
        .iter()
        .copied()
        .map(|date| {
            let new_year = previous_year != Some(date.year());
            previous_year = Some(date.year());
            let label = match step {
                Step::Days(_) | Step::Weeks(_) if spans_years && new_year => date.format("%b %-d %Y").to_string(),
                Step::Days(_) | Step::Weeks(_) => date.format("%b %-d").to_string(),
                Step::Months(_) if new_year => date.format("%b %Y").to_string(),
                Step::Months(_) => date.format("%b").to_string(),
                Step::Years(_) => date.format("%Y").to_string(),
            };
            let at = match (slots, step) {
                (Slots::Weeks, Step::Weeks(_)) => date + Days::new(3),
                _ => date,
            };
            Tick { date, at, label }
        })
        .collect()
}

/// Left and right pixel edges of a label.
fn extent(space: &AxisSpace, tick: &Tick, measure: &dyn Fn(&str) -> f64) -> (f64, f64) {
    let centre = space.px(tick.at);
    let half = measure(&tick.label) / 2.0;
    (centre - half, centre + half)
}

fn within_edges(space: &AxisSpace, ticks: Vec<Tick>, measure: &dyn Fn(&str) -> f64) -> Vec<Tick> {
    ticks
        .into_iter()
        .filter(|t| {
            let (left, right) = extent(space, t, measure);
            t.at <= space.last && left >= -space.overhang_px && right <= space.width_px + space.overhang_px
        })
        .collect()
}

fn overlap_free(space: &AxisSpace, ticks: &[Tick], measure: &dyn Fn(&str) -> f64) -> bool {
    ticks.windows(2).all(|pair| {
        let (_, right) = extent(space, &pair[0], measure);
        let (left, _) = extent(space, &pair[1], measure);
        left - right >= space.min_gap_px
    })
}

fn thin_out(space: &AxisSpace, ticks: Vec<Tick>, measure: &dyn Fn(&str) -> f64) -> Vec<Tick> {
    let mut kept: Vec<Tick> = Vec::new();
    for tick in ticks {
        let fits = kept
            .last()
            .is_none_or(|prev| extent(space, &tick, measure).0 - extent(space, prev, measure).1 >= space.min_gap_px);
        if fits {
            kept.push(tick);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// About DejaVu Sans at 16 px: 9 px per character.
    fn measure(text: &str) -> f64 {
        text.chars().count() as f64 * 9.0
    }

    fn space(first: NaiveDate, last: NaiveDate, width_px: f64) -> AxisSpace {
        AxisSpace {
            first,
            last,
            width_px,
            min_gap_px: 16.0,
            overhang_px: 20.0,
        }
    }

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    fn assert_no_overlap(space: &AxisSpace, ticks: &[Tick]) {
        for pair in ticks.windows(2) {
            let (_, right) = extent(space, &pair[0], &measure);
            let (left, _) = extent(space, &pair[1], &measure);
            assert!(left - right >= space.min_gap_px, "{:?} overlaps {:?}", pair[0], pair[1]);
        }
        for t in ticks {
            let (left, right) = extent(space, t, &measure);
            assert!(
                left >= -space.overhang_px && right <= space.width_px + space.overhang_px,
                "{t:?}"
            );
        }
    }

    #[test]
    fn three_years_daily_get_month_or_year_labels_that_never_overlap() {
        let (first, last) = (d(2023, 3, 1), d(2026, 2, 28));
        for width in [300.0, 500.0, 800.0, 1050.0, 2000.0, 3300.0] {
            let s = space(first, last, width);
            let ticks = date_ticks(&s, Slots::Days, &measure);
            assert!(ticks.len() >= 2, "{width}: {ticks:?}");
            assert_no_overlap(&s, &ticks);
            // Months or years, never individual days, on three years.
            assert!(ticks.iter().all(|t| t.date.day() == 1), "{width}: {ticks:?}");
        }
        let s = space(first, last, 1050.0);
        let ticks = date_ticks(&s, Slots::Days, &measure);
        // Quarters at 1050 px, the year spelled out on each January and the first label.
        assert_eq!(
            labels(&ticks),
            [
                "Apr 2023", "Jul", "Oct", "Jan 2024", "Apr", "Jul", "Oct", "Jan 2025", "Apr", "Jul", "Oct", "Jan 2026"
            ]
        );
    }

    #[test]
    fn a_narrow_three_year_chart_falls_back_to_years() {
        let s = space(d(2023, 3, 1), d(2026, 2, 28), 300.0);
        assert_eq!(labels(&date_ticks(&s, Slots::Days, &measure)), ["2024", "2025", "2026"]);
    }

    #[test]
    fn short_spans_get_day_labels() {
        let s = space(d(2026, 3, 2), d(2026, 3, 8), 1000.0);
        let ticks = date_ticks(&s, Slots::Days, &measure);
        assert_eq!(
            labels(&ticks),
            ["Mar 2", "Mar 3", "Mar 4", "Mar 5", "Mar 6", "Mar 7", "Mar 8"]
        );
        let s = space(d(2026, 1, 1), d(2026, 3, 31), 1000.0);
        let ticks = date_ticks(&s, Slots::Days, &measure);
        assert!(
            ticks.iter().all(|t| t.date.weekday() == chrono::Weekday::Mon),
            "{ticks:?}"
        );
        assert_no_overlap(&s, &ticks);
    }

    #[test]
    fn the_year_is_added_when_the_span_crosses_new_year() {
        let s = space(d(2025, 12, 1), d(2026, 1, 25), 1000.0);
        let ticks = date_ticks(&s, Slots::Days, &measure);
        // Dec 1 would stick out on the left, so Dec 8 is the first label and has the year.
        assert_eq!(labels(&ticks)[..3], ["Dec 8 2025", "Dec 15", "Dec 22"]);
        assert!(labels(&ticks).contains(&"Jan 5 2026"), "{ticks:?}");
    }

    #[test]
    fn week_labels_sit_under_the_middle_of_their_bar() {
        // 16 ISO weeks from Monday 2026-01-05.
        let s = space(d(2026, 1, 5), d(2026, 4, 26), 1000.0);
        let ticks = date_ticks(&s, Slots::Weeks, &measure);
        assert_eq!(ticks[0].label, "Jan 5");
        assert_eq!(ticks[0].at, d(2026, 1, 8));
        assert_no_overlap(&s, &ticks);
        // Three years of weeks: months, placed on the 1st.
        let s = space(d(2023, 2, 27), d(2026, 3, 1), 1000.0);
        let ticks = date_ticks(&s, Slots::Weeks, &measure);
        assert!(ticks.iter().all(|t| t.at == t.date && t.date.day() == 1), "{ticks:?}");
        assert_no_overlap(&s, &ticks);
    }

    #[test]
    fn every_span_and_width_is_overlap_free() {
        let first = d(2024, 1, 1);
        for days in [1u64, 2, 5, 13, 40, 100, 200, 400, 800, 1500, 4000] {
            for width in [120.0, 400.0, 1100.0, 3300.0] {
                let s = space(first, first + Days::new(days - 1), width);
                for slots in [Slots::Days, Slots::Weeks] {
                    let ticks = date_ticks(&s, slots, &measure);
                    assert_no_overlap(&s, &ticks);
                }
            }
        }
    }

    #[test]
    fn px_maps_day_centres_across_the_width() {
        let s = space(d(2026, 1, 1), d(2026, 1, 10), 1000.0);
        assert_eq!(s.px(d(2026, 1, 1)), 50.0);
        assert_eq!(s.px(d(2026, 1, 10)), 950.0);
        assert_eq!(s.x_range(), -0.5..9.5);
    }
}
