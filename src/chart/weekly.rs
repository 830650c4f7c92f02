//! The weekly chart: one bar per ISO week of load, minutes, distance or tonnage,
//! coloured by the weekly-ramp rule's severity for that week and labelled with its
//! change from the week before; below, the rest days of each week.

use chrono::{Days, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Slots;
use super::frame::{self, LegendItem, Swatch, Theme};
use super::panel::{self, PanelSpec};
use super::{ChartOptions, DrawError, Measure, palette, text};
use crate::analysis::AthleteReport;
use crate::error::{Error, Result};
use crate::rules::{Rule, Severity};
use crate::weekly::Week;

/// Amber is too light for text on white; labels of caution weeks use this.
const CAUTION_TEXT: RGBColor = RGBColor(168, 102, 0);

/// One week's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekBar {
    pub start: NaiveDate,
    pub value: f64,
    /// Percent change of the measure from the week before (none after an empty week).
    pub change_pct: Option<f64>,
    /// The weekly-ramp rule's flag on this week, if any.
    pub severity: Option<Severity>,
    pub rest_days: usize,
    pub partial: bool,
}

/// The weekly chart's data.
pub struct WeeklyView<'a> {
    athlete: &'a str,
    measure: Measure,
    bars: Vec<WeekBar>,
    /// The day assessed on, marked with a labelled line.
    as_of: NaiveDate,
}

impl<'a> WeeklyView<'a> {
    pub fn new(report: &'a AthleteReport, options: &ChartOptions) -> Result<WeeklyView<'a>> {
        let measure = options.measure;
        let since = options.since.unwrap_or(report.from);
        let mut bars = Vec::new();
        for (i, week) in report.weeks.iter().enumerate() {
            if week.start + Days::new(6) < since {
                continue;
            }
            let value = value_of(week, measure);
            let previous = i.checked_sub(1).map(|p| value_of(&report.weeks[p], measure));
            let severity = report
                .flags
                .iter()
                .filter(|f| f.rule == Rule::WeeklyRamp && f.date == week.start)
                .map(|f| f.severity)
                .max();
            bars.push(WeekBar {
                start: week.start,
                value,
                change_pct: previous.filter(|p| *p > 0.0).map(|p| (value - p) / p * 100.0),
                severity,
                rest_days: week.rest_days,
                partial: week.partial,
            });
        }
        if bars.is_empty() {
            return Err(Error::Invalid(format!(
                "no week from {since} on: the history of {} runs from {} to {}",
                report.athlete, report.from, report.to
            )));
        }
        if bars.iter().all(|b| b.value == 0.0) && matches!(measure, Measure::Distance | Measure::Tonnage) {
            let column = if measure == Measure::Distance {
                "distance_km"
            } else {
                "tonnage_kg"
            };
            return Err(Error::Invalid(format!(
                "no session from {} to {} has a {column}; chart another --measure",
                bars[0].start.max(report.from),
                report.to
            )));
        }
        Ok(WeeklyView {
            athlete: &report.athlete,
            measure,
            bars,
            as_of: report.as_of,
        })
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let theme = Theme::for_area(root);
        let first = self.bars[0].start;
        let last = self.bars[self.bars.len() - 1].start + Days::new(6);
        let (what, unit) = match self.measure {
            Measure::Load => ("load", "Load (AU per week)"),
            Measure::Minutes => ("minutes", "Minutes per week"),
            Measure::Distance => ("distance", "Distance (km per week)"),
            Measure::Tonnage => ("tonnage", "Tonnage (kg per week)"),
        };
        let title = format!("Weekly {what} · {}", self.athlete);
        let subtitle = format!(
            "ISO weeks {} to {} ({} weeks) · label: change from the week before · colour: weekly-ramp rule",
            crate::weekly::week_label(first),
            crate::weekly::week_label(last),
            self.bars.len()
        );
        let legend = [
            LegendItem::new(Swatch::Bar(palette::LOAD_BAR), "No ramp flag"),
            LegendItem::new(Swatch::Bar(palette::CAUTION), "Ramp caution"),
            LegendItem::new(Swatch::Bar(palette::DANGER), "Ramp danger"),
            LegendItem::new(Swatch::Bar(palette::PARTIAL_BAR), "Partial week (so far)"),
            LegendItem::new(Swatch::Bar(palette::REST), "Rest days"),
        ];
        let body = frame::header(root, &theme, &title, &subtitle, &legend)?;
        let (_, body_h) = body.dim_in_pixel();
        let (top, bottom) = body.split_vertically((f64::from(body_h) * 0.74) as i32);

        let max = self.bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let spec = PanelSpec {
            first,
            last,
            slots: Slots::Weeks,
            // Room above the tallest bar for its label, level or upright.
            y: 0.0..panel::headroom(max * 1.15, 1.0),
            y_title: unit,
            show_dates: false,
            y_labels: 6,
            integer_y: false,
        };
        let mut chart = panel::build(&top, &theme, &spec)?;
        let half = bar_half_width(&chart, self.bars.len());
        let centre = |b: &WeekBar| (b.start - first).num_days() as f64 + 3.0;
        chart.draw_series(self.bars.iter().map(|b| {
            Rectangle::new(
                [(centre(b) - half, 0.0), (centre(b) + half, b.value)],
                bar_colour(b).filled(),
            )
        }))?;
        self.draw_change_labels(&top, &chart, &theme, centre)?;
        let today = (self.as_of - first).num_days() as f64;
        let label = panel::today_label(self.as_of);
        panel::today_line(&top, &chart, &theme, today, &spec.y, Some(&label), 0)?;

        let rest_spec = PanelSpec {
            first,
            last,
            slots: Slots::Weeks,
            y: 0.0..7.5,
            y_title: "Rest days",
            show_dates: true,
            y_labels: 4,
            integer_y: true,
        };
        let mut rest = panel::build(&bottom, &theme, &rest_spec)?;
        rest.draw_series(self.bars.iter().map(|b| {
            Rectangle::new(
                [(centre(b) - half, 0.0), (centre(b) + half, b.rest_days as f64)],
                palette::REST.filled(),
            )
        }))?;
        panel::today_line(&bottom, &rest, &theme, today, &rest_spec.y, None, 0)?;
        Ok(())
    }

    /// Change labels above the bars: level when they all fit, else turned to run
    /// upwards when that fits, else level for as many as fit without overlapping,
    /// flagged weeks first (on long histories).
    fn draw_change_labels<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &panel::TimeChart<'_, DB>,
        theme: &Theme,
        centre: impl Fn(&WeekBar) -> f64,
    ) -> Result<(), DrawError> {
        let regular = theme.annotation();
        let bold = theme.annotation_bold();
        let gap = theme.px(6.0);
        let lift = theme.ipx(4.0);
        let labels: Vec<(&WeekBar, String, TextStyle)> = self
            .bars
            .iter()
            .filter_map(|bar| {
                let label = text::change_pct(bar.change_pct?);
                let style = match bar.severity {
                    Some(Severity::Danger) => bold.color(&palette::DANGER),
                    Some(_) => bold.color(&CAUTION_TEXT),
                    None => regular.color(&palette::TEXT),
                };
                Some((bar, label, style))
            })
            .collect();
        let spacing = f64::from(chart.backend_coord(&(7.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0);
        let widest = labels.iter().map(|(_, l, s)| frame::width(s, l)).fold(0.0, f64::max);
        let screen = area.use_screen_coord();

        if widest + gap <= spacing || theme.px(14.0) + gap > spacing {
            // Level labels; when they do not all fit, flagged weeks claim room first.
            let mut order: Vec<&(&WeekBar, String, TextStyle)> = labels.iter().collect();
            order.sort_by_key(|(bar, _, _)| std::cmp::Reverse(bar.severity));
            let mut placed: Vec<(f64, f64)> = Vec::new();
            for (bar, label, style) in order {
                let (px, py) = chart.backend_coord(&(centre(bar), bar.value));
                let half = frame::width(style, label) / 2.0;
                let (left, right) = (f64::from(px) - half, f64::from(px) + half);
                if placed.iter().any(|&(l, r)| right + gap > l && left < r + gap) {
                    continue;
                }
                placed.push((left, right));
                let anchored = style.pos(Pos::new(HPos::Center, VPos::Bottom));
                screen.draw(&Text::new(label.clone(), (px, py - lift), anchored))?;
            }
        } else {
            // Every label fits turned upright, reading upwards from the bar's top.
            for (bar, label, style) in &labels {
                let (px, py) = chart.backend_coord(&(centre(bar), bar.value));
                let upright = style
                    .transform(FontTransform::Rotate270)
                    .pos(Pos::new(HPos::Left, VPos::Center));
                screen.draw(&Text::new(label.clone(), (px, py - lift), upright))?;
            }
        }
        Ok(())
    }
}

fn value_of(week: &Week, measure: Measure) -> f64 {
    match measure {
        Measure::Load => week.load,
        Measure::Minutes => week.minutes,
        Measure::Distance => week.distance_km,
        Measure::Tonnage => week.tonnage_kg.unwrap_or(0.0),
    }
}

fn bar_colour(bar: &WeekBar) -> RGBColor {
    match bar.severity {
        Some(Severity::Danger) => palette::DANGER,
        Some(_) => palette::CAUTION,
        None if bar.partial => palette::PARTIAL_BAR,
        None => palette::LOAD_BAR,
    }
}

/// Half a week bar's width in days: a gap between bars while weeks are wide, none
/// when they are a few pixels.
fn bar_half_width<DB: DrawingBackend>(chart: &panel::TimeChart<'_, DB>, weeks: usize) -> f64 {
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let px_per_week = f64::from(x_px.end - x_px.start) / weeks.max(1) as f64;
    if px_per_week >= 8.0 { 3.5 * 0.72 } else { 3.5 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_data;

    #[test]
    fn bars_carry_change_severity_and_rest_days() {
        let report = test_data::report(16 * 7);
        let view = WeeklyView::new(&report, &ChartOptions::default()).unwrap();
        assert_eq!(view.bars.len(), report.weeks.len());
        assert_eq!(view.bars[0].change_pct, None);
        let w = &report.weeks;
        let expected = (w[5].load - w[4].load) / w[4].load * 100.0;
        assert_eq!(view.bars[5].change_pct, Some(expected));
        assert_eq!(view.bars[5].rest_days, w[5].rest_days);
        // The week-10 jump is a weekly-ramp flag, dated on its Monday.
        assert_eq!(view.bars[10].severity, Some(Severity::Danger));
        assert!(view.bars[3].severity.is_none());
    }

    #[test]
    fn other_measures_and_since() {
        let report = test_data::report(8 * 7);
        let options = ChartOptions {
            measure: Measure::Distance,
            since: Some(test_data::first_day() + Days::new(30)),
            ..ChartOptions::default()
        };
        let view = WeeklyView::new(&report, &options).unwrap();
        // Day 30 is in the fifth week: the chart starts with that week.
        assert_eq!(view.bars[0].start, report.weeks[4].start);
        assert_eq!(view.bars[0].value, report.weeks[4].distance_km);
        let w = &report.weeks;
        let expected = (w[4].distance_km - w[3].distance_km) / w[3].distance_km * 100.0;
        assert_eq!(view.bars[0].change_pct, Some(expected));
    }

    #[test]
    fn a_measure_without_data_is_a_clear_error() {
        let mut report = test_data::report(21);
        for w in &mut report.weeks {
            w.tonnage_kg = None;
        }
        let options = ChartOptions {
            measure: Measure::Tonnage,
            ..ChartOptions::default()
        };
        let e = WeeklyView::new(&report, &options).err().unwrap().to_string();
        assert!(e.contains("has a tonnage_kg; chart another --measure"), "{e}");
    }
}
