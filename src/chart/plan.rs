//! The plan chart: the last eight weeks of history beside the planned weeks, the
//! planned bars drawn as outlines so they read as "not done yet", deload weeks
//! labelled, and the ramp cap (the most the weekly-ramp rule allows) as a dashed
//! step line over the planned weeks.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Slots;
use super::frame::{self, LegendItem, Swatch, Theme};
use super::panel::{self, PanelSpec};
use super::{DrawError, palette, text};
use crate::analysis::AthleteReport;
use crate::error::{Error, Result};
use crate::plan::Plan;

/// How many weeks of history the chart shows before the plan.
pub const HISTORY_WEEKS: usize = 8;

/// A week of history on the plan chart.
#[derive(Debug, Clone, PartialEq)]
struct HistoryWeek {
    start: NaiveDate,
    load: f64,
    partial: bool,
}

/// The plan chart's data.
pub struct PlanView<'a> {
    history: Vec<HistoryWeek>,
    plan: &'a Plan,
    /// Each planned week's load as drawn: a partial first week also holds what the
    /// history already has of it, so it is one bar, as the weekly-ramp rule sees it.
    planned: Vec<f64>,
    /// The day assessed on, marked with a labelled line.
    as_of: NaiveDate,
}

impl<'a> PlanView<'a> {
    pub fn new(report: &'a AthleteReport, plan: &'a Plan) -> Result<PlanView<'a>> {
        if plan.weeks.is_empty() {
            return Err(Error::Invalid("the plan has no weeks to chart".into()));
        }
        if report.athlete != plan.athlete {
            return Err(Error::Invalid(format!(
                "the plan is for {:?} but the history is of {:?}",
                plan.athlete, report.athlete
            )));
        }
        let first_monday = plan.weeks[0].start;
        let before: Vec<&crate::weekly::Week> = report.weeks.iter().filter(|w| w.start < first_monday).collect();
        let so_far = report
            .weeks
            .iter()
            .find(|w| w.start == first_monday && plan.weeks[0].partial)
            .map_or(0.0, |w| w.load);
        let planned = plan
            .weeks
            .iter()
            .enumerate()
            .map(|(i, w)| w.planned_load + if i == 0 { so_far } else { 0.0 })
            .collect();
        let history = before[before.len().saturating_sub(HISTORY_WEEKS)..]
            .iter()
            .map(|w| HistoryWeek {
                start: w.start,
                load: w.load,
                partial: w.partial,
            })
            .collect();
        Ok(PlanView {
            history,
            plan,
            planned,
            as_of: report.as_of,
        })
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let theme = Theme::for_area(root);
        let plan = self.plan;
        let first = self.history.first().map_or(plan.start, |w| w.start);
        let last = plan.end();
        let title = format!(
            "Plan · {} · {} weeks from {}",
            plan.athlete,
            plan.weeks.len(),
            plan.start
        );
        let history_text = match self.history.len() {
            0 => "no history before the plan".to_string(),
            1 => "the last week of history".to_string(),
            n => format!("the last {n} weeks of history"),
        };
        let subtitle = format!(
            "Weekly load: {history_text}, then the plan to {last} · baseline {} AU per week",
            text::thousands(plan.baseline_weekly_load)
        );
        let mut legend = vec![
            LegendItem::new(Swatch::Bar(palette::LOAD_BAR), "History"),
            LegendItem::new(
                Swatch::Outline {
                    fill: palette::PLANNED_FILL,
                    stroke: palette::PLANNED_BAR,
                },
                "Planned",
            ),
            LegendItem::new(Swatch::Dashed(palette::CAP), "Ramp cap (weekly-ramp limit)"),
        ];
        if self.history.iter().any(|w| w.partial) {
            legend.insert(1, LegendItem::new(Swatch::Bar(palette::PARTIAL_BAR), "Partial week"));
        }
        let body = frame::header(root, &theme, &title, &subtitle, &legend)?;

        let max = self
            .history
            .iter()
            .map(|w| w.load)
            .chain(plan.weeks.iter().zip(&self.planned).flat_map(|(w, p)| [*p, w.cap_load]))
            .fold(0.0, f64::max);
        // Room above the tallest bar for its value.
        let y_top = panel::headroom(max * 1.05, 10.0);
        let spec = PanelSpec {
            first,
            last,
            slots: Slots::Weeks,
            y: 0.0..y_top,
            y_title: "Load (AU per week)",
            show_dates: true,
            y_labels: 6,
            integer_y: false,
        };
        let mut chart = panel::build(&body, &theme, &spec)?;
        let centre = |start: NaiveDate| (start - first).num_days() as f64 + 3.0;
        let half = 3.5 * 0.62;
        let bar = |start: NaiveDate, load: f64| [(centre(start) - half, 0.0), (centre(start) + half, load)];

        chart.draw_series(self.history.iter().map(|w| {
            let colour = if w.partial {
                palette::PARTIAL_BAR
            } else {
                palette::LOAD_BAR
            };
            Rectangle::new(bar(w.start, w.load), colour.filled())
        }))?;
        chart.draw_series(
            plan.weeks
                .iter()
                .zip(&self.planned)
                .map(|(w, p)| Rectangle::new(bar(w.start, *p), palette::PLANNED_FILL.filled())),
        )?;
        chart.draw_series(
            plan.weeks
                .iter()
                .zip(&self.planned)
                .map(|(w, p)| frame::outline(bar(w.start, *p), palette::PLANNED_BAR.stroke_width(theme.stroke(2.5)))),
        )?;

        // The border between history and plan.
        let border = (plan.start - first).num_days() as f64 - 0.5;
        chart.draw_series(DashedLineSeries::new(
            [(border, 0.0), (border, y_top)],
            theme.ipx(6.0),
            theme.ipx(5.0),
            palette::AXIS.stroke_width(theme.stroke(1.5)),
        ))?;

        // The ramp cap: a step line, one level per planned week.
        let steps: Vec<(f64, f64)> = plan
            .weeks
            .iter()
            .flat_map(|w| {
                let x0 = (w.start - first).num_days() as f64 - 0.5;
                [(x0, w.cap_load), (x0 + 7.0, w.cap_load)]
            })
            .collect();
        chart.draw_series(DashedLineSeries::new(
            steps,
            theme.ipx(10.0),
            theme.ipx(6.0),
            palette::CAP.stroke_width(theme.stroke(2.5)),
        ))?;

        self.draw_labels(&body, &chart, &theme, first, border, y_top)?;
        if (first..=last).contains(&self.as_of) {
            // One row down: "history" and "plan" label the top of the border.
            let label = panel::today_label(self.as_of);
            let today = (self.as_of - first).num_days() as f64;
            panel::today_line(&body, &chart, &theme, today, &spec.y, Some(&label), 1)?;
        }
        // A race the plan builds toward: its day, marked and named.
        if let Some(race) = plan
            .race
            .as_ref()
            .filter(|r| r.reachable && (first..=last).contains(&r.date))
        {
            let label = format!("{} {}", race.label, race.date);
            let day = (race.date - first).num_days() as f64;
            panel::today_line(&body, &chart, &theme, day, &spec.y, Some(&label), 0)?;
        }
        Ok(())
    }

    /// Values on the bars (above history bars, inside the top of planned bars,
    /// clear of the cap line), "deload" above deload weeks, and "history" / "plan"
    /// on either side of the border.
    fn draw_labels<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        chart: &panel::TimeChart<'_, DB>,
        theme: &Theme,
        first: NaiveDate,
        border: f64,
        y_top: f64,
    ) -> Result<(), DrawError> {
        let screen = area.use_screen_coord();
        let above = theme.annotation().pos(Pos::new(HPos::Center, VPos::Bottom));
        let inside = theme.annotation().pos(Pos::new(HPos::Center, VPos::Top));
        let deload_style = theme
            .annotation_bold()
            .color(&palette::DELOAD)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let centre = |start: NaiveDate| (start - first).num_days() as f64 + 3.0;
        let gap = theme.ipx(6.0);
        for w in &self.history {
            let (px, py) = chart.backend_coord(&(centre(w.start), w.load));
            screen.draw(&Text::new(text::thousands(w.load), (px, py - gap), above.clone()))?;
        }
        for (w, planned) in self.plan.weeks.iter().zip(&self.planned) {
            let (px, py) = chart.backend_coord(&(centre(w.start), *planned));
            screen.draw(&Text::new(text::thousands(*planned), (px, py + gap), inside.clone()))?;
            if w.deload {
                // Above the bar: a deload week sits well below its cap line.
                screen.draw(&Text::new("deload", (px, py - gap), deload_style.clone()))?;
            }
        }
        let (bx, by) = chart.backend_coord(&(border, y_top));
        let side = theme.annotation_bold().color(&palette::MUTED_TEXT);
        let pad = theme.ipx(8.0);
        if !self.history.is_empty() {
            let style = side.pos(Pos::new(HPos::Right, VPos::Top));
            screen.draw(&Text::new("history", (bx - pad, by + pad), style))?;
        }
        screen.draw(&Text::new(
            "plan",
            (bx + pad, by + pad),
            side.pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_data;

    /// The first Monday after `date` (a Monday gives the next one).
    fn next_monday(date: NaiveDate) -> NaiveDate {
        crate::weekly::monday_of(date) + chrono::Days::new(7)
    }

    #[test]
    fn keeps_the_last_eight_weeks_before_the_plan() {
        let report = test_data::report(20 * 7 - 3);
        let plan = test_data::plan(next_monday(report.to), 4, 1500.0);
        let view = PlanView::new(&report, &plan).unwrap();
        assert_eq!(view.history.len(), HISTORY_WEEKS);
        assert_eq!(view.history.last().unwrap().start, crate::weekly::monday_of(report.to));
        assert!(view.history.last().unwrap().partial);
        assert_eq!(view.history[0].start, report.weeks[report.weeks.len() - 8].start);
    }

    #[test]
    fn a_short_history_shows_what_there_is_and_wrong_athlete_is_an_error() {
        let report = test_data::report(10);
        let plan = test_data::plan(next_monday(report.to), 2, 900.0);
        assert_eq!(PlanView::new(&report, &plan).unwrap().history.len(), 2);
        let mut other = plan.clone();
        other.athlete = "ben".into();
        assert!(PlanView::new(&report, &other).is_err());
        let mut empty = plan;
        empty.weeks.clear();
        let e = PlanView::new(&report, &empty).err().unwrap().to_string();
        assert_eq!(e, "the plan has no weeks to chart");
    }
}
