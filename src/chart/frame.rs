//! What every chart has around its plot: sizes scaled to the canvas ([`Theme`]),
//! the title and subtitle (athlete and period), and the legend, drawn in a band
//! above the plot so it never covers data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawError, fonts, palette};

/// Sizes in pixels, scaled from the 1200x700 design to the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub scale: f64,
}

impl Theme {
    /// The theme for a canvas of `(width, height)` pixels.
    pub fn for_area<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Theme {
        let (w, h) = area.dim_in_pixel();
        // Text below three quarters of the design size is too small to read, even on a
        // small canvas.
        let scale = (f64::from(w) / 1200.0).min(f64::from(h) / 700.0).clamp(0.75, 6.0);
        Theme { scale }
    }

    /// `design_px` at 1200x700, scaled.
    pub fn px(&self, design_px: f64) -> f64 {
        design_px * self.scale
    }

    /// `design_px` scaled and rounded, for pixel sizes (at least 1).
    pub fn ipx(&self, design_px: f64) -> i32 {
        (design_px * self.scale).round().max(1.0) as i32
    }

    /// A line width (at least 1 pixel).
    pub fn stroke(&self, design_px: f64) -> u32 {
        (design_px * self.scale).round().max(1.0) as u32
    }

    pub fn title(&self) -> TextStyle<'static> {
        fonts::bold(self.px(28.0)).color(&palette::TEXT)
    }

    pub fn subtitle(&self) -> TextStyle<'static> {
        fonts::regular(self.px(17.0)).color(&palette::MUTED_TEXT)
    }

    pub fn legend(&self) -> TextStyle<'static> {
        fonts::regular(self.px(16.0)).color(&palette::TEXT)
    }

    pub fn tick(&self) -> TextStyle<'static> {
        fonts::regular(self.px(15.0)).color(&palette::TEXT)
    }

    pub fn axis_title(&self) -> TextStyle<'static> {
        fonts::regular(self.px(16.0)).color(&palette::MUTED_TEXT)
    }

    pub fn annotation(&self) -> TextStyle<'static> {
        fonts::regular(self.px(14.0)).color(&palette::TEXT)
    }

    pub fn annotation_bold(&self) -> TextStyle<'static> {
        fonts::bold(self.px(14.0)).color(&palette::TEXT)
    }
}

/// Width in pixels of `text` in `style`.
pub fn width(style: &TextStyle, text: &str) -> f64 {
    f64::from(fonts::text_width(&style.font, text))
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled bar.
    Bar(RGBColor),
    /// A pale bar with a strong outline (planned).
    Outline {
        fill: RGBColor,
        stroke: RGBColor,
    },
    Line(RGBColor),
    Dashed(RGBColor),
    /// A translucent band (opacity 0..1).
    Band(RGBColor, f64),
    /// A triangle marker.
    Marker(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendItem {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> LegendItem {
        LegendItem {
            swatch,
            label: label.into(),
        }
    }
}

/// Draw the title, the subtitle and the legend at the top of `root`; return the
/// area below them for the plot.
pub fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    subtitle: &str,
    legend: &[LegendItem],
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    let (canvas_w, _) = root.dim_in_pixel();
    let pad = theme.ipx(18.0);
    let top_left = Pos::new(HPos::Left, VPos::Top);
    root.draw_text(title, &theme.title().pos(top_left), (pad, pad))?;
    let mut y = pad + theme.ipx(36.0);
    root.draw_text(subtitle, &theme.subtitle().pos(top_left), (pad, y))?;
    y += theme.ipx(30.0);
    if !legend.is_empty() {
        y = draw_legend(root, theme, legend, (pad, y), canvas_w as i32 - pad)?;
    }
    let (_, body) = root.split_vertically(y + theme.ipx(6.0));
    Ok(body)
}

/// Lay legend entries out left to right from `origin`, wrapping before `right`;
/// return the y below the last row.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    items: &[LegendItem],
    origin: (i32, i32),
    right: i32,
) -> Result<i32, DrawError> {
    let style = theme.legend().pos(Pos::new(HPos::Left, VPos::Center));
    let swatch_w = theme.ipx(26.0);
    let row_h = theme.ipx(24.0);
    let gap = theme.ipx(8.0);
    let item_gap = theme.ipx(26.0);
    let (mut x, mut y) = origin;
    for item in items {
        let w = swatch_w + gap + width(&style, &item.label).ceil() as i32;
        if x > origin.0 && x + w > right {
            x = origin.0;
            y += row_h;
        }
        let mid = y + row_h / 2;
        draw_swatch(root, theme, item.swatch, (x, mid), swatch_w)?;
        root.draw_text(&item.label, &style, (x + swatch_w + gap, mid))?;
        x += w + item_gap;
    }
    Ok(y + row_h)
}

/// The outline of a rectangle as a closed path: plotters' SVG backend ignores the
/// stroke width of rectangles, but not of paths.
pub fn outline<C: Copy>([a, b]: [(C, C); 2], style: ShapeStyle) -> PathElement<(C, C)> {
    PathElement::new(vec![(a.0, a.1), (b.0, a.1), (b.0, b.1), (a.0, b.1), (a.0, a.1)], style)
}

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    swatch: Swatch,
    (x, mid): (i32, i32),
    w: i32,
) -> Result<(), DrawError> {
    let half = theme.ipx(7.0);
    let bar = [(x, mid - half), (x + w, mid + half)];
    match swatch {
        Swatch::Bar(c) => root.draw(&Rectangle::new(bar, c.filled()))?,
        Swatch::Outline { fill, stroke } => {
            root.draw(&Rectangle::new(bar, fill.filled()))?;
            root.draw(&outline(bar, stroke.stroke_width(theme.stroke(2.0))))?;
        }
        Swatch::Line(c) => root.draw(&PathElement::new(
            vec![(x, mid), (x + w, mid)],
            c.stroke_width(theme.stroke(3.0)),
        ))?,
        Swatch::Dashed(c) => {
            let dash = w / 3;
            for k in [0, 2] {
                let x0 = x + k * dash;
                root.draw(&PathElement::new(
                    vec![(x0, mid), (x0 + dash, mid)],
                    c.stroke_width(theme.stroke(3.0)),
                ))?;
            }
        }
        Swatch::Band(c, opacity) => {
            root.draw(&Rectangle::new(bar, c.mix(opacity).filled()))?;
            root.draw(&Rectangle::new(
                bar,
                c.mix(opacity.mul_add(1.5, 0.2).min(1.0)).stroke_width(1),
            ))?;
        }
        Swatch::Marker(c) => {
            let r = theme.ipx(8.0);
            let cx = x + w / 2;
            root.draw(&Polygon::new(
                vec![(cx, mid - r), (cx - r, mid + r - 2), (cx + r, mid + r - 2)],
                c.filled(),
            ))?;
        }
    }
    Ok(())
}
