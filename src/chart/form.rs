//! The form chart (Performance Management Chart): fitness and fatigue lines, and
//! form between them shaded green when fresh (above 0) and red when tired. The
//! first `pmc.fitness_days` of the history are shaded grey with a note: fitness
//! starts at 0, so form there says more about the start than about the athlete.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Slots;
use super::frame::{self, LegendItem, Swatch, Theme};
use super::panel::{self, PanelSpec};
use super::{ChartOptions, DrawError, days_in_range, palette};
use crate::analysis::AthleteReport;
use crate::config::PmcConfig;
use crate::error::Result;
use crate::series::DayMetrics;

const FORM_OPACITY: f64 = 0.35;
const SETTLING_OPACITY: f64 = 0.16;

/// The form chart's data.
pub struct FormView<'a> {
    athlete: &'a str,
    days: &'a [DayMetrics],
    pmc: PmcConfig,
    /// The last day of the settling span (the athlete's first `fitness_days`).
    settled_from: NaiveDate,
    /// The day assessed on, marked with a labelled line.
    as_of: NaiveDate,
}

impl<'a> FormView<'a> {
    pub fn new(report: &'a AthleteReport, options: &ChartOptions) -> Result<FormView<'a>> {
        Ok(FormView {
            athlete: &report.athlete,
            days: days_in_range(report, options.since)?,
            pmc: options.pmc.clone(),
            settled_from: report.from + chrono::Days::new(options.pmc.fitness_days.ceil() as u64),
            as_of: report.as_of,
        })
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let theme = Theme::for_area(root);
        let (first, last) = (self.days[0].date, self.days[self.days.len() - 1].date);
        let (fit_days, fat_days) = (self.pmc.fitness_days, self.pmc.fatigue_days);
        let title = format!("Fitness, fatigue and form · {}", self.athlete);
        let subtitle = format!(
            "{first} to {last} ({} days) · exponentially weighted daily load · form = yesterday's fitness − fatigue",
            self.days.len()
        );
        let settling = first < self.settled_from;
        let mut legend = vec![
            LegendItem::new(Swatch::Line(palette::FITNESS), format!("Fitness ({fit_days}-day)")),
            LegendItem::new(Swatch::Line(palette::FATIGUE), format!("Fatigue ({fat_days}-day)")),
            LegendItem::new(Swatch::Band(palette::FORM_FRESH, FORM_OPACITY), "Form > 0: fresh"),
            LegendItem::new(Swatch::Band(palette::FORM_TIRED, FORM_OPACITY), "Form < 0: tired"),
        ];
        if settling {
            legend.push(LegendItem::new(
                Swatch::Band(palette::SETTLING, SETTLING_OPACITY),
                "Fitness settling: form not read",
            ));
        }
        let body = frame::header(root, &theme, &title, &subtitle, &legend)?;
        let max = self
            .days
            .iter()
            .flat_map(|d| [d.fitness, d.fatigue, d.form])
            .fold(0.0, f64::max);
        let min = self.days.iter().map(|d| d.form).fold(0.0, f64::min);
        let spec = PanelSpec {
            first,
            last,
            slots: Slots::Days,
            y: (min * 1.12).min(-1.0)..panel::headroom(max, 1.0),
            y_title: "AU per day",
            show_dates: true,
            y_labels: 7,
            integer_y: false,
        };
        let mut chart = panel::build(&body, &theme, &spec)?;
        let x = |d: &DayMetrics| (d.date - first).num_days() as f64;
        if settling {
            self.draw_settling(&body, &chart, &theme, first, last, &spec.y)?;
        }
        for (clamp, colour) in [
            (f64::max as fn(f64, f64) -> f64, palette::FORM_FRESH),
            (f64::min, palette::FORM_TIRED),
        ] {
            chart.draw_series(AreaSeries::new(
                self.days.iter().map(|d| (x(d), clamp(d.form, 0.0))),
                0.0,
                colour.mix(FORM_OPACITY).filled(),
            ))?;
        }
        let x_end = (last - first).num_days() as f64 + 0.5;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, 0.0), (x_end, 0.0)],
            palette::AXIS.stroke_width(1),
        )))?;
        // Fatigue swings day to day: a thinner line under the steadier fitness line.
        chart.draw_series(LineSeries::new(
            self.days.iter().map(|d| (x(d), d.fatigue)),
            palette::FATIGUE.stroke_width(theme.stroke(1.5)),
        ))?;
        chart.draw_series(LineSeries::new(
            self.days.iter().map(|d| (x(d), d.fitness)),
            palette::FITNESS.stroke_width(theme.stroke(3.0)),
        ))?;
        let label = panel::today_label(self.as_of);
        let today = (self.as_of - first).num_days() as f64;
        panel::today_line(&body, &chart, &theme, today, &spec.y, Some(&label), 0)?;
        Ok(())
    }

    /// Shade the settling span shown (from the first day shown to the day before
    /// fitness has had `fitness_days` to build) and say what it means.
    fn draw_settling<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &panel::TimeChart<'_, DB>,
        theme: &Theme,
        first: NaiveDate,
        last: NaiveDate,
        y: &std::ops::Range<f64>,
    ) -> Result<(), DrawError> {
        let end = (self.settled_from.min(last + chrono::Days::new(1)) - first).num_days() as f64 - 0.5;
        chart.plotting_area().draw(&Rectangle::new(
            [(-0.5, y.start), (end, y.end)],
            palette::SETTLING.mix(SETTLING_OPACITY).filled(),
        ))?;
        let (px, py) = chart.backend_coord(&(-0.5, y.end));
        let pad = theme.ipx(6.0);
        let note = format!(
            "fitness settling: first {} days",
            crate::render::fmt_opt(Some(self.pmc.fitness_days), 0)
        );
        let style = theme
            .annotation()
            .color(&palette::MUTED_TEXT)
            .pos(Pos::new(HPos::Left, VPos::Top));
        area.use_screen_coord()
            .draw(&Text::new(note, (px + pad, py + pad), style))?;
        Ok(())
    }
}
