//! The load chart: daily load bars with the acute and chronic load lines, markers on
//! days with caution or danger flags, and below it the ACWR panel with the
//! 0.8-1.3 "sweet spot" shaded green and the > 1.5 danger zone shaded red
//! (thresholds from the ACWR config).

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::Slots;
use super::frame::{self, LegendItem, Swatch, Theme};
use super::panel::{self, PanelSpec};
use super::{ChartOptions, DrawError, days_in_range, palette};
use crate::analysis::AthleteReport;
use crate::config::{AcwrConfig, AcwrMethod};
use crate::error::Result;
use crate::rules::Severity;
use crate::series::DayMetrics;

/// Opacity of the ACWR bands.
const BAND_OPACITY: f64 = 0.18;

/// The load chart's data.
pub struct LoadView<'a> {
    athlete: &'a str,
    days: &'a [DayMetrics],
    /// The worst caution-or-danger severity of each flagged day, by date.
    flagged: Vec<(NaiveDate, Severity)>,
    acwr: AcwrConfig,
    /// The day assessed on, marked with a labelled line.
    as_of: NaiveDate,
}

impl<'a> LoadView<'a> {
    pub fn new(report: &'a AthleteReport, options: &ChartOptions) -> Result<LoadView<'a>> {
        let days = days_in_range(report, options.since)?;
        Ok(LoadView {
            athlete: &report.athlete,
            days,
            flagged: worst_flag_per_day(report, days),
            acwr: options.acwr.clone(),
            as_of: report.as_of,
        })
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let theme = Theme::for_area(root);
        let (first, last) = (self.days[0].date, self.days[self.days.len() - 1].date);
        let title = format!("Training load · {}", self.athlete);
        let subtitle = format!(
            "{first} to {last} ({} days) · session load = minutes × RPE · {}",
            self.days.len(),
            method_text(&self.acwr)
        );
        let (low, high, danger) = (self.acwr.low, self.acwr.high, self.acwr.danger);
        let legend = [
            LegendItem::new(Swatch::Bar(palette::LOAD_BAR), "Daily load"),
            LegendItem::new(
                Swatch::Line(palette::ACUTE),
                format!("Acute ({}-day)", self.acwr.acute_days),
            ),
            LegendItem::new(
                Swatch::Line(palette::CHRONIC),
                format!("Chronic ({}-day)", self.acwr.chronic_days),
            ),
            LegendItem::new(Swatch::Marker(palette::CAUTION), "Caution flag"),
            LegendItem::new(Swatch::Marker(palette::DANGER), "Danger flag"),
            LegendItem::new(Swatch::Line(palette::ACWR_LINE), "ACWR"),
            LegendItem::new(
                Swatch::Band(palette::SAFE_BAND, BAND_OPACITY),
                format!("ACWR {low}–{high}: sweet spot"),
            ),
            LegendItem::new(
                Swatch::Band(palette::DANGER_BAND, BAND_OPACITY),
                format!("ACWR > {danger}: danger zone"),
            ),
        ];
        let body = frame::header(root, &theme, &title, &subtitle, &legend)?;
        let (_, body_h) = body.dim_in_pixel();
        let (top, bottom) = body.split_vertically((f64::from(body_h) * 0.6) as i32);
        self.draw_load_panel(&top, &theme, first, last)?;
        self.draw_acwr_panel(&bottom, &theme, first, last)?;
        Ok(())
    }

    fn draw_load_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<(), DrawError> {
        let max = self
            .days
            .iter()
            .flat_map(|d| [Some(d.load), d.acute, d.chronic])
            .flatten()
            .fold(0.0, f64::max);
        // Extra headroom: the flag markers sit in a strip above the tallest bar.
        let y_top = panel::headroom(max * 1.08, 10.0);
        let spec = PanelSpec {
            first,
            last,
            slots: Slots::Days,
            y: 0.0..y_top,
            y_title: "Load (AU per day)",
            show_dates: false,
            y_labels: 6,
            integer_y: false,
        };
        let mut chart = panel::build(area, theme, &spec)?;
        let x = |date: NaiveDate| (date - first).num_days() as f64;
        let half = bar_half_width(&chart, self.days.len());
        chart.draw_series(self.days.iter().filter(|d| d.load > 0.0).map(|d| {
            Rectangle::new(
                [(x(d.date) - half, 0.0), (x(d.date) + half, d.load)],
                palette::LOAD_BAR.filled(),
            )
        }))?;
        // Chronic load last and thicker: the steady baseline stays visible through
        // the day-to-day swings of acute load.
        for run in panel::runs(self.days.iter().map(|d| (x(d.date), d.acute))) {
            chart.draw_series(LineSeries::new(run, palette::ACUTE.stroke_width(theme.stroke(2.0))))?;
        }
        for run in panel::runs(self.days.iter().map(|d| (x(d.date), d.chronic))) {
            chart.draw_series(LineSeries::new(run, palette::CHRONIC.stroke_width(theme.stroke(3.0))))?;
        }
        let marker_y = y_top * 0.955;
        let size = theme.ipx(7.0);
        chart.draw_series(self.flagged.iter().map(|&(date, severity)| {
            let colour = if severity == Severity::Danger {
                palette::DANGER
            } else {
                palette::CAUTION
            };
            TriangleMarker::new((x(date), marker_y), size, colour.filled())
        }))?;
        let label = panel::today_label(self.as_of);
        panel::today_line(area, &chart, theme, x(self.as_of), &spec.y, Some(&label), 0)?;
        Ok(())
    }

    fn draw_acwr_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<(), DrawError> {
        let peak = self.days.iter().filter_map(|d| d.acwr).fold(0.0, f64::max);
        let y_top = panel::headroom(peak, self.acwr.danger + 0.5);
        let spec = PanelSpec {
            first,
            last,
            slots: Slots::Days,
            y: 0.0..y_top,
            y_title: "ACWR (ratio)",
            show_dates: true,
            y_labels: 6,
            integer_y: false,
        };
        let mut chart = panel::build(area, theme, &spec)?;
        let (x0, x1) = (-0.5, (last - first).num_days() as f64 + 0.5);
        chart.draw_series([
            Rectangle::new(
                [(x0, self.acwr.low), (x1, self.acwr.high)],
                palette::SAFE_BAND.mix(BAND_OPACITY).filled(),
            ),
            Rectangle::new(
                [(x0, self.acwr.danger), (x1, y_top)],
                palette::DANGER_BAND.mix(BAND_OPACITY).filled(),
            ),
        ])?;
        let points = self.days.iter().map(|d| ((d.date - first).num_days() as f64, d.acwr));
        for run in panel::runs(points) {
            chart.draw_series(LineSeries::new(run, palette::ACWR_LINE.stroke_width(theme.stroke(2.0))))?;
        }
        let today = (self.as_of - first).num_days() as f64;
        panel::today_line(area, &chart, theme, today, &spec.y, None, 0)?;
        Ok(())
    }
}

/// Half a bar's width in days: bars leave a gap between days while days are wide
/// enough to show one, and touch when they are not (avoids a moiré of gaps).
fn bar_half_width<DB: DrawingBackend>(chart: &panel::TimeChart<'_, DB>, days: usize) -> f64 {
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let px_per_day = f64::from(x_px.end - x_px.start) / days.max(1) as f64;
    if px_per_day >= 4.0 { 0.36 } else { 0.5 }
}

/// How acute and chronic load are computed, for the subtitle.
fn method_text(acwr: &AcwrConfig) -> String {
    let (a, c) = (acwr.acute_days, acwr.chronic_days);
    match acwr.method {
        AcwrMethod::Rolling => format!("ACWR rolling: {a}-day mean ÷ {c}-day mean"),
        AcwrMethod::Uncoupled => format!("ACWR uncoupled: {a}-day mean ÷ mean of the {} days before", c - a),
        AcwrMethod::Ewma => format!("ACWR EWMA: {a}-day ÷ {c}-day exponentially weighted"),
    }
}

/// The worst caution-or-danger severity of each day in `days` that has a flag.
fn worst_flag_per_day(report: &AthleteReport, days: &[DayMetrics]) -> Vec<(NaiveDate, Severity)> {
    let (first, last) = (days[0].date, days[days.len() - 1].date);
    let mut flagged: Vec<(NaiveDate, Severity)> = report
        .flags
        .iter()
        .filter(|f| f.severity >= Severity::Caution && (first..=last).contains(&f.date))
        .map(|f| (f.date, f.severity))
        .collect();
    // Worst first within a day, then keep one per day.
    flagged.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    flagged.dedup_by_key(|(date, _)| *date);
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_data;

    #[test]
    fn one_marker_per_flagged_day_with_the_worst_severity() {
        let report = test_data::report(120);
        let view = LoadView::new(&report, &ChartOptions::default()).unwrap();
        assert!(!view.flagged.is_empty());
        assert!(view.flagged.windows(2).all(|w| w[0].0 < w[1].0));
        for &(date, severity) in &view.flagged {
            let worst = report.flags.iter().filter(|f| f.date == date).map(|f| f.severity).max();
            assert_eq!(worst, Some(severity));
        }
    }

    #[test]
    fn since_after_the_last_day_is_a_clear_error() {
        let report = test_data::report(60);
        let options = ChartOptions {
            since: Some(report.to + chrono::Days::new(1)),
            ..ChartOptions::default()
        };
        let e = LoadView::new(&report, &options).err().unwrap().to_string();
        assert!(e.starts_with("no data from "), "{e}");
        assert!(e.contains("runs from"), "{e}");
    }
}
