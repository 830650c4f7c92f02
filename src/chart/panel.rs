//! A plot panel over a date axis: x is days since the first day shown (one unit per
//! day, see [`AxisSpace`]), y is a number with a titled axis. Date labels come from
//! [`axis::date_ticks`], so they never overlap; panels stacked in one chart share
//! their label widths so their x axes line up.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{self, AxisSpace, Slots};
use super::frame::{self, Theme};
use super::{DrawError, palette, text};

/// A chart context over (day, value).
pub type TimeChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// How one panel is drawn.
pub struct PanelSpec<'s> {
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
    pub slots: Slots,
    pub y: Range<f64>,
    /// The y axis title, with its unit.
    pub y_title: &'s str,
    /// Whether this panel prints the date labels (the bottom panel of a stack does).
    pub show_dates: bool,
    /// How many y labels plotters may place at most.
    pub y_labels: usize,
    /// Print y labels as whole numbers (counts).
    pub integer_y: bool,
}

/// Build the panel on `area`: axes, y labels, date grid lines, and date labels when
/// `spec.show_dates`.
pub fn build<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    spec: &PanelSpec,
) -> Result<TimeChart<'a, DB>, DrawError> {
    let mut space = AxisSpace {
        first: spec.first,
        last: spec.last,
        width_px: 0.0,
        min_gap_px: theme.px(22.0),
        overhang_px: theme.px(18.0),
    };
    let x_label_area = if spec.show_dates { theme.px(50.0) } else { theme.px(6.0) };
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(14.0))
        .margin_right(theme.px(28.0))
        .margin_left(theme.px(10.0))
        .margin_bottom(if spec.show_dates { theme.px(8.0) } else { 0.0 })
        .x_label_area_size(x_label_area)
        .y_label_area_size(theme.px(84.0))
        .build_cartesian_2d(space.x_range(), spec.y.clone())?;
    let span = spec.y.end - spec.y.start;
    let integer_y = spec.integer_y;
    let y_format = move |v: &f64| {
        if integer_y {
            format!("{v:.0}")
        } else {
            text::number(*v, span)
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(0)
        .y_labels(spec.y_labels)
        .y_label_formatter(&y_format)
        .y_desc(spec.y_title)
        .label_style(theme.tick())
        .axis_desc_style(theme.axis_title())
        .bold_line_style(palette::GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(palette::AXIS.stroke_width(1));
    if spec.show_dates {
        mesh.x_desc(match spec.slots {
            Slots::Days => "Date",
            Slots::Weeks => "Week starting (Monday)",
        });
    }
    mesh.draw()?;

    let (x_px, y_px) = chart.plotting_area().get_pixel_range();
    space.width_px = f64::from(x_px.end - x_px.start);
    let tick_style = theme.tick();
    let measure = |label: &str| frame::width(&tick_style, label);
    let ticks = axis::date_ticks(&space, spec.slots, &measure);
    let (y0, y1) = (spec.y.start, spec.y.end);
    chart.draw_series(ticks.iter().map(|t| {
        let x = space.x(t.at);
        PathElement::new(vec![(x, y0), (x, y1)], palette::GRID.stroke_width(1))
    }))?;
    if spec.show_dates {
        let screen = area.use_screen_coord();
        let style = tick_style.pos(Pos::new(HPos::Center, VPos::Top));
        let tick_len = theme.ipx(5.0);
        for t in &ticks {
            let px = x_px.start + space.px(t.at).round() as i32;
            screen.draw(&PathElement::new(
                vec![(px, y_px.end), (px, y_px.end + tick_len)],
                palette::AXIS.stroke_width(1),
            ))?;
            screen.draw(&Text::new(
                t.label.clone(),
                (px, y_px.end + tick_len + theme.ipx(4.0)),
                style.clone(),
            ))?;
        }
    }
    Ok(chart)
}

/// The label of the as-of line: the day the chart was assessed on. The library does
/// not read the clock, so it names the date rather than saying "today".
pub fn today_label(as_of: chrono::NaiveDate) -> String {
    format!("as of {as_of}")
}

/// A vertical line at day `x` over the whole panel, marking the as-of date; with
/// `label`, the label at the top of the line (`row` text rows down, to clear other
/// labels there), on the line's left unless that leaves the plot.
pub fn today_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TimeChart<'_, DB>,
    theme: &Theme,
    x: f64,
    y: &Range<f64>,
    label: Option<&str>,
    row: i32,
) -> Result<(), DrawError> {
    let line = PathElement::new(
        vec![(x, y.start), (x, y.end)],
        palette::TODAY.stroke_width(theme.stroke(2.0)),
    );
    chart.plotting_area().draw(&line)?;
    let Some(label) = label else {
        return Ok(());
    };
    let (px, py) = chart.backend_coord(&(x, y.end));
    let (x_px, _) = chart.plotting_area().get_pixel_range();
    let style = theme.annotation_bold().color(&palette::TODAY);
    let pad = theme.ipx(6.0);
    let top = py + pad + row * theme.ipx(20.0);
    let fits_left = f64::from(px - pad) - frame::width(&style, label) >= f64::from(x_px.start);
    let (anchor, at) = if fits_left {
        (HPos::Right, px - pad)
    } else {
        (HPos::Left, px + pad)
    };
    area.use_screen_coord().draw(&Text::new(
        label.to_string(),
        (at, top),
        style.pos(Pos::new(anchor, VPos::Top)),
    ))?;
    Ok(())
}

/// Split `values` (day, value or gap) into runs without gaps, for line series.
pub fn runs(points: impl IntoIterator<Item = (f64, Option<f64>)>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (x, value) in points {
        match value {
            Some(v) => current.push((x, v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A y axis top with some headroom above `max` (at least `floor`).
pub fn headroom(max: f64, floor: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        (max * 1.12).max(floor)
    } else {
        floor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_gaps() {
        let runs = runs([
            (0.0, None),
            (1.0, Some(1.0)),
            (2.0, Some(2.0)),
            (3.0, None),
            (4.0, Some(4.0)),
        ]);
        assert_eq!(runs, vec![vec![(1.0, 1.0), (2.0, 2.0)], vec![(4.0, 4.0)]]);
    }

    #[test]
    fn headroom_above_the_max() {
        assert_eq!(headroom(100.0, 1.0), 112.00000000000001);
        assert_eq!(headroom(0.0, 10.0), 10.0);
        assert_eq!(headroom(f64::NAN, 10.0), 10.0);
    }
}
