//! The plan as a printable calendar: one row per week, one cell per day. Each
//! session shows its sport, kind, duration and RPE and, in short form, its warm-up,
//! cool-down and hydration; rest days are shaded with what to do; deload weeks are
//! tinted and labelled. Sized as an A4 page at 300 dpi, so it prints legibly.

use chrono::{Days, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{self, LegendItem, Swatch, Theme};
use super::reminders::{cooldown_text, heading, hydration_text, summary, warmup_text};
use super::{DrawError, fonts, palette, text};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlanWeek, PlannedSession, SessionKind};

/// A4 at 300 dpi, in pixels.
const A4_LANDSCAPE: (u32, u32) = (3508, 2480);
const A4_PORTRAIT: (u32, u32) = (2480, 3508);

/// Said on every calendar, whatever the plan's own closing advice: the seed
/// articles' warning about over-drinking.
const FLUIDS_NOTE: &str = "Drink to thirst; don't drink more than you sweat: over-drinking is dangerous, and fluids alone do not prevent cramps.";

/// The calendar's default size for a plan of `weeks` weeks: an A4 page, landscape
/// up to four weeks, portrait up to eight, then a taller page.
pub fn default_size(weeks: usize) -> (u32, u32) {
    match weeks {
        0..=4 => A4_LANDSCAPE,
        5..=8 => A4_PORTRAIT,
        n => (
            A4_PORTRAIT.0,
            (A4_PORTRAIT.1 as usize * n / 8).min(super::SIZE_LIMITS.1 as usize) as u32,
        ),
    }
}

/// The calendar's data.
pub struct CalendarView<'a> {
    plan: &'a Plan,
}

impl<'a> CalendarView<'a> {
    pub fn new(plan: &'a Plan) -> Result<CalendarView<'a>> {
        if plan.weeks.is_empty() {
            return Err(Error::Invalid("the plan has no weeks to put on a calendar".into()));
        }
        Ok(CalendarView { plan })
    }

    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), DrawError> {
        let theme = Theme::for_area(root);
        let plan = self.plan;
        let sessions = plan.sessions().count();
        let title = format!("Training plan · {}", plan.athlete);
        let subtitle = format!(
            "{} to {} · {} weeks · {sessions} sessions · baseline {} AU per week · AU = minutes × RPE",
            plan.start,
            plan.end(),
            plan.weeks.len(),
            text::thousands(plan.baseline_weekly_load)
        );
        let legend = [
            LegendItem::new(Swatch::Bar(palette::EASY), "Easy"),
            LegendItem::new(Swatch::Bar(palette::MODERATE), "Moderate"),
            LegendItem::new(Swatch::Bar(palette::HARD), "Hard"),
            LegendItem::new(Swatch::Bar(palette::LONG), "Long"),
            LegendItem::new(Swatch::Bar(palette::STRENGTH), "Strength"),
            LegendItem::new(
                Swatch::Outline {
                    fill: palette::REST_CELL,
                    stroke: palette::AXIS,
                },
                "Rest day",
            ),
            LegendItem::new(
                Swatch::Outline {
                    fill: palette::DELOAD_TINT,
                    stroke: palette::DELOAD,
                },
                "Deload week (easier)",
            ),
        ];
        let body = frame::header(root, &theme, &title, &subtitle, &legend)?;
        let (x0, y0) = body.get_base_pixel();
        let (w, h) = body.dim_in_pixel();
        let margin = theme.ipx(18.0);
        let grid = Rect {
            left: x0 + margin,
            top: y0,
            right: x0 + w as i32 - margin,
            bottom: y0 + h as i32 - margin,
        };
        let footer = format!("{} {FLUIDS_NOTE}", plan.closing_advice.trim());
        Layout::new(grid, plan.weeks.len(), footer.trim()).draw(&root.use_screen_coord(), plan)
    }
}

/// A pixel rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl Rect {
    fn width(&self) -> i32 {
        self.right - self.left
    }
    fn height(&self) -> i32 {
        self.bottom - self.top
    }
    fn shrink(&self, by: i32) -> Rect {
        Rect {
            left: self.left + by,
            top: self.top + by,
            right: self.right - by,
            bottom: self.bottom - by,
        }
    }
    fn corners(&self) -> [(i32, i32); 2] {
        [(self.left, self.top), (self.right, self.bottom)]
    }
}

/// Where everything goes, and the font sizes that fit the cells.
struct Layout {
    /// Body text size, from the cell size.
    font_px: f64,
    week_column: Rect,
    day_names: Rect,
    rows: Rect,
    footer: Rect,
    footer_lines: Vec<String>,
    weeks: usize,
}

/// Line height as a multiple of the font size.
const LINE_SPACING: f64 = 1.25;
/// Secondary text (reminders, dates) relative to the body size.
const SMALL: f64 = 0.85;

impl Layout {
    fn new(area: Rect, weeks: usize, footer_text: &str) -> Layout {
        let week_w = area.width() * 11 / 100;
        let col_w = f64::from(area.width() - week_w) / 7.0;
        // About eleven characters across a day column, and about twelve lines
        // down a week row (the footer takes a few lines off the page).
        let row_estimate = f64::from(area.height()) * 0.9 / weeks as f64;
        let font_px = (col_w / 11.0).min(row_estimate / 12.5).clamp(9.0, 64.0);
        let small = fonts::regular(font_px * SMALL);
        let measure = |s: &str| f64::from(fonts::text_width(&small, s));
        let width = f64::from(area.width());
        let footer_lines = text::truncate_lines(text::wrap(footer_text, width, &measure), 3, width, &measure);
        let small_line = (font_px * SMALL * LINE_SPACING).round() as i32;
        let footer_h = small_line * (footer_lines.len() as i32) + small_line / 2;
        let day_h = (font_px * 1.9).round() as i32;
        Layout {
            font_px,
            week_column: Rect {
                right: area.left + week_w,
                ..area
            },
            day_names: Rect {
                left: area.left + week_w,
                bottom: area.top + day_h,
                ..area
            },
            rows: Rect {
                left: area.left + week_w,
                top: area.top + day_h,
                bottom: area.bottom - footer_h,
                ..area
            },
            footer: Rect {
                top: area.bottom - footer_h + small_line / 2,
                ..area
            },
            footer_lines,
            weeks,
        }
    }

    fn row(&self, week: usize) -> (i32, i32) {
        let h = f64::from(self.rows.height()) / self.weeks as f64;
        let top = self.rows.top + (h * week as f64).round() as i32;
        let bottom = self.rows.top + (h * (week + 1) as f64).round() as i32;
        (top, bottom)
    }

    fn cell(&self, week: usize, day: usize) -> Rect {
        let w = f64::from(self.rows.width()) / 7.0;
        let (top, bottom) = self.row(week);
        Rect {
            left: self.rows.left + (w * day as f64).round() as i32,
            right: self.rows.left + (w * (day + 1) as f64).round() as i32,
            top,
            bottom,
        }
    }

    fn regular(&self) -> TextStyle<'static> {
        fonts::regular(self.font_px).color(&palette::TEXT)
    }

    fn bold(&self) -> TextStyle<'static> {
        fonts::bold(self.font_px).color(&palette::TEXT)
    }

    fn small(&self) -> TextStyle<'static> {
        fonts::regular(self.font_px * SMALL).color(&palette::MUTED_TEXT)
    }

    fn draw<DB: DrawingBackend>(&self, screen: &DrawingArea<DB, Shift>, plan: &Plan) -> Result<(), DrawError> {
        let border = palette::AXIS.stroke_width((self.font_px / 12.0).round().max(1.0) as u32);
        let pad = (self.font_px * 0.45).round() as i32;

        for (k, name) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].iter().enumerate() {
            let cell = self.cell(0, k);
            let style = self.bold().pos(Pos::new(HPos::Center, VPos::Center));
            let mid = (
                (cell.left + cell.right) / 2,
                (self.day_names.top + self.day_names.bottom) / 2,
            );
            screen.draw(&Text::new(*name, mid, style))?;
        }

        for (i, week) in plan.weeks.iter().enumerate() {
            let (top, bottom) = self.row(i);
            let label_cell = Rect {
                top,
                bottom,
                ..self.week_column
            };
            if week.deload {
                let row = Rect {
                    right: self.rows.right,
                    ..label_cell
                };
                screen.draw(&Rectangle::new(row.corners(), palette::DELOAD_TINT.filled()))?;
            }
            self.draw_week_label(screen, label_cell.shrink(pad), i, week)?;
            for day in 0..7 {
                let cell = self.cell(i, day);
                let date = week.start + Days::new(day as u64);
                self.draw_day(screen, cell, date, week)?;
                screen.draw(&frame::outline(cell.corners(), border))?;
            }
            screen.draw(&frame::outline(label_cell.corners(), border))?;
        }

        // Footer: the plan's closing advice and the fluids warning, once.
        let style = self.small().color(&palette::TEXT);
        let lines = self.footer_lines.iter().map(|l| Line::new(l, style.clone())).collect();
        self.draw_lines(screen, self.footer, lines)
    }

    fn draw_week_label<DB: DrawingBackend>(
        &self,
        screen: &DrawingArea<DB, Shift>,
        area: Rect,
        index: usize,
        week: &PlanWeek,
    ) -> Result<(), DrawError> {
        let end = week.start + Days::new(6);
        let width = f64::from(area.width());
        let mut lines = vec![
            Line::new(&format!("Week {}", index + 1), self.bold()),
            Line::new(&week.week, self.small()),
            Line::new(&format!("{} –", week.start.format("%b %-d")), self.small()),
            Line::new(&end.format("%b %-d").to_string(), self.small()),
            Line::new(&format!("{} AU", text::thousands(week.planned_load)), self.regular()),
        ];
        if week.deload {
            lines.push(Line::new("Deload", self.bold().color(&palette::DELOAD)));
        }
        for line in &mut lines {
            line.text = fit_one_line(&line.text, &line.style, width);
        }
        self.draw_lines(screen, area, lines)
    }

    fn draw_day<DB: DrawingBackend>(
        &self,
        screen: &DrawingArea<DB, Shift>,
        cell: Rect,
        date: NaiveDate,
        week: &PlanWeek,
    ) -> Result<(), DrawError> {
        let pad = (self.font_px * 0.45).round() as i32;
        let rest = week.rest_days.iter().find(|r| r.date == date);
        let sessions: Vec<&PlannedSession> = week.sessions.iter().filter(|s| s.date == date).collect();
        if rest.is_some() && sessions.is_empty() {
            screen.draw(&Rectangle::new(cell.shrink(1).corners(), palette::REST_CELL.filled()))?;
        }
        let inner = cell.shrink(pad);
        let date_line = Line::new(&date.format("%b %-d").to_string(), self.small());
        let date_h = date_line.height;
        self.draw_lines(screen, inner, vec![date_line])?;
        let body = Rect {
            top: inner.top + date_h + pad / 2,
            ..inner
        };
        let width = f64::from(body.width());
        if sessions.is_empty() {
            if let Some(rest) = rest {
                let sections = vec![
                    vec![Line::new("Rest day", self.bold().color(&palette::REST_TEXT))],
                    self.wrapped(&rest.advice, self.small(), width),
                ];
                self.draw_lines(screen, body, fit_sections(sections, body.height(), width))?;
            }
            return Ok(());
        }
        let share = body.height() / sessions.len() as i32;
        for (k, session) in sessions.iter().enumerate() {
            let part = Rect {
                top: body.top + share * k as i32,
                bottom: body.top + share * (k as i32 + 1),
                ..body
            };
            self.draw_session(screen, part, session)?;
        }
        Ok(())
    }

    fn draw_session<DB: DrawingBackend>(
        &self,
        screen: &DrawingArea<DB, Shift>,
        area: Rect,
        session: &PlannedSession,
    ) -> Result<(), DrawError> {
        let stripe = (self.font_px * 0.3).round().max(2.0) as i32;
        let text_area = Rect {
            left: area.left + stripe * 2 + 2,
            ..area
        };
        let width = f64::from(text_area.width());
        let sections = vec![
            self.wrapped(&heading(session), self.bold(), width),
            self.wrapped(&summary(session), self.regular(), width),
            self.wrapped(&warmup_text(session), self.small(), width),
            self.wrapped(&cooldown_text(session), self.small(), width),
            self.wrapped(&hydration_text(session), self.small(), width),
        ];
        let lines = fit_sections(sections, text_area.height(), width);
        // A stripe in the kind's colour down the left of the session's text.
        let used: i32 = lines.iter().map(|l| l.height).sum();
        let stripe_rect = Rect {
            right: area.left + stripe,
            bottom: area.top + used,
            ..area
        };
        screen.draw(&Rectangle::new(
            stripe_rect.corners(),
            kind_colour(session.kind).filled(),
        ))?;
        self.draw_lines(screen, text_area, lines)
    }

    fn wrapped(&self, text_: &str, style: TextStyle<'static>, width: f64) -> Vec<Line> {
        let measure = |s: &str| frame::width(&style, s);
        text::wrap(text_, width, &measure)
            .into_iter()
            .map(|l| Line::new(&l, style.clone()))
            .collect()
    }

    /// Draw `lines` top-down from the top-left of `area`, as many as fit.
    fn draw_lines<DB: DrawingBackend>(
        &self,
        screen: &DrawingArea<DB, Shift>,
        area: Rect,
        lines: Vec<Line>,
    ) -> Result<(), DrawError> {
        let mut y = area.top;
        for line in lines {
            if y + line.height > area.bottom + line.height / 4 {
                break;
            }
            let style = line.style.pos(Pos::new(HPos::Left, VPos::Top));
            screen.draw(&Text::new(line.text, (area.left, y), style))?;
            y += line.height;
        }
        Ok(())
    }
}

/// One line of cell text with its style and height in pixels.
#[derive(Clone)]
struct Line {
    text: String,
    style: TextStyle<'static>,
    height: i32,
}

impl Line {
    fn new(text: &str, style: TextStyle<'static>) -> Line {
        let height = (style.font.get_size() * LINE_SPACING).round() as i32;
        Line {
            text: text.to_string(),
            style,
            height,
        }
    }
}

/// Fit wrapped sections into `max_height` pixels: shorten the longest sections
/// first (each keeps at least one line, cut with an ellipsis), then drop sections
/// from the end.
fn fit_sections(sections: Vec<Vec<Line>>, max_height: i32, width: f64) -> Vec<Line> {
    let mut budget: Vec<usize> = sections.iter().map(Vec::len).collect();
    let height = |budget: &[usize]| -> i32 {
        sections
            .iter()
            .zip(budget)
            .map(|(section, &keep)| section.iter().take(keep).map(|l| l.height).sum::<i32>())
            .sum()
    };
    while height(&budget) > max_height {
        let longest = budget
            .iter()
            .enumerate()
            .max_by_key(|&(i, &n)| (n, i))
            .map(|(i, &n)| (i, n));
        match longest {
            Some((i, n)) if n > 1 => budget[i] -= 1,
            _ => match budget.iter().rposition(|&n| n > 0) {
                Some(last) => budget[last] = 0,
                None => break,
            },
        }
    }
    let mut out = Vec::new();
    for (section, keep) in sections.into_iter().zip(budget) {
        let full = section.len();
        for (k, mut line) in section.into_iter().take(keep).enumerate() {
            if keep < full && k + 1 == keep {
                let measure = |s: &str| frame::width(&line.style, s);
                line.text = text::with_ellipsis(&line.text, width, &measure);
            }
            out.push(line);
        }
    }
    out
}

/// `text` on one line of `width`, cut with an ellipsis if needed.
fn fit_one_line(text_: &str, style: &TextStyle, width: f64) -> String {
    if frame::width(style, text_) <= width {
        text_.to_string()
    } else {
        text::with_ellipsis(text_, width, &|s: &str| frame::width(style, s))
    }
}

fn kind_colour(kind: SessionKind) -> RGBColor {
    match kind {
        SessionKind::Easy | SessionKind::Recovery => palette::EASY,
        SessionKind::Moderate => palette::MODERATE,
        SessionKind::Intervals | SessionKind::Race => palette::HARD,
        SessionKind::Long => palette::LONG,
        SessionKind::Strength => palette::STRENGTH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_data;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()
    }

    #[test]
    fn default_size_is_an_a4_page() {
        assert_eq!(default_size(4), (3508, 2480));
        assert_eq!(default_size(6), (2480, 3508));
        assert_eq!(default_size(12), (2480, 5262));
        assert_eq!(default_size(100).1, 10_000);
    }

    #[test]
    fn sections_shrink_longest_first_and_keep_a_line_each() {
        let style = fonts::regular(20.0).color(&palette::TEXT);
        let line = |t: &str| Line::new(t, style.clone());
        assert_eq!(line("x").height, 25);
        let sections = vec![
            vec![line("Run · easy")],
            vec![line("40 min · RPE 4")],
            vec![
                line("Warm-up 10 min: leg"),
                line("swings, high knees,"),
                line("hip circles"),
            ],
            vec![line("Cool-down 10 min:"), line("stretch calves")],
            vec![line("Drink: to thirst")],
        ];
        let fitted = fit_sections(sections.clone(), 6 * 25, 400.0);
        let texts: Vec<&str> = fitted.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Run · easy",
                "40 min · RPE 4",
                "Warm-up 10 min: leg",
                "swings, high knees…",
                "Cool-down 10 min…",
                "Drink: to thirst"
            ]
        );
        let fitted = fit_sections(sections.clone(), 3 * 25 + 10, 400.0);
        assert_eq!(fitted.len(), 3);
        assert_eq!(fit_sections(sections, 1000, 400.0).len(), 8);
    }

    #[test]
    fn an_empty_plan_is_an_error() {
        let mut plan = test_data::plan(start(), 1, 1200.0);
        plan.weeks.clear();
        assert!(CalendarView::new(&plan).is_err());
    }
}
