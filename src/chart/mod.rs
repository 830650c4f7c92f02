//! Charts of a history and a plan, as PNG or SVG: the `crampless chart` command
//! and the `--chart` shortcuts of `check` and `plan`.
//!
//! This module owns the chart kinds and their options ([`ChartInput`],
//! [`ChartOptions`]), the file formats ([`Format`]), and rendering: in memory first
//! ([`render_to_bytes`]), then written atomically ([`render`]), so a failed render
//! never leaves a partial file. One file per chart draws it (`load`, `weekly`,
//! `form`, `plan`, `calendar`); small shared modules hold the embedded font, the
//! colours, the date-axis labels, text fitting, and the title/legend frame.
//!
//! Output is deterministic: the same input gives the same bytes (no timestamps in
//! the files, no hash-map ordering).

mod axis;
mod calendar;
mod fonts;
mod form;
mod frame;
mod load;
mod output;
mod palette;
mod panel;
mod plan;
mod raster;
mod reminders;
mod text;
mod weekly;

use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::AthleteReport;
use crate::config::{AcwrConfig, Config, PmcConfig};
use crate::error::{Error, Result};
use crate::plan::Plan;

pub use output::Format;

/// The default size of every chart but the calendar, in pixels.
pub const DEFAULT_SIZE: (u32, u32) = (1200, 700);
/// The smallest and largest width or height accepted, in pixels.
pub const SIZE_LIMITS: (u32, u32) = (200, 10_000);

/// What to draw, and the data to draw it from.
#[derive(Debug, Clone, Copy)]
pub enum ChartInput<'a> {
    /// Daily load bars, acute and chronic load, and the ACWR panel with its bands.
    Load { report: &'a AthleteReport },
    /// Weekly totals of one measure, coloured by the weekly-ramp rule, with rest days.
    Weekly { report: &'a AthleteReport },
    /// Fitness, fatigue and form (the Performance Management Chart).
    Form { report: &'a AthleteReport },
    /// The last weeks of history beside the planned weeks, with the ramp cap.
    Plan { report: &'a AthleteReport, plan: &'a Plan },
    /// The plan as a printable week-by-week calendar.
    Calendar { plan: &'a Plan },
}

impl ChartInput<'_> {
    /// The chart's name, as `--kind` spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            ChartInput::Load { .. } => "load",
            ChartInput::Weekly { .. } => "weekly",
            ChartInput::Form { .. } => "form",
            ChartInput::Plan { .. } => "plan",
            ChartInput::Calendar { .. } => "calendar",
        }
    }

    /// The size used when [`ChartOptions::size`] is `None`: 1200x700, except the
    /// calendar, which is a printable A4 page at 300 dpi (landscape up to four
    /// weeks, portrait up to eight, then taller).
    pub fn default_size(&self) -> (u32, u32) {
        match self {
            ChartInput::Calendar { plan } => calendar::default_size(plan.weeks.len()),
            _ => DEFAULT_SIZE,
        }
    }
}

/// What the weekly chart totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Training load, AU (duration x RPE).
    #[default]
    Load,
    Minutes,
    /// Distance, km.
    Distance,
    /// Tonnage (weight x reps), kg.
    Tonnage,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Load => "load",
            Measure::Minutes => "minutes",
            Measure::Distance => "distance",
            Measure::Tonnage => "tonnage",
        }
    }
}

/// How to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Width and height in pixels; `None`: the chart's [`ChartInput::default_size`].
    pub size: Option<(u32, u32)>,
    /// First day shown (history charts); default: the athlete's first day.
    pub since: Option<NaiveDate>,
    /// What the weekly chart totals.
    pub measure: Measure,
    /// The ACWR method and thresholds the report was computed with: they label the
    /// ACWR panel and place its bands.
    pub acwr: AcwrConfig,
    /// The fitness/fatigue time constants the report was computed with (form chart).
    pub pmc: PmcConfig,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            size: None,
            since: None,
            measure: Measure::Load,
            acwr: AcwrConfig::default(),
            pmc: PmcConfig::default(),
        }
    }
}

impl ChartOptions {
    /// The default options for series computed with `config` (its ACWR method and
    /// thresholds, its fitness and fatigue time constants).
    pub fn for_config(config: &Config) -> ChartOptions {
        ChartOptions {
            acwr: config.acwr.clone(),
            pmc: config.pmc.clone(),
            ..ChartOptions::default()
        }
    }
}

/// Render `input` to `path`, PNG or SVG by the file's extension. The image is made
/// in memory and then written atomically: on any error no file is left behind and
/// an existing file at `path` is unchanged.
pub fn render(path: &Path, input: &ChartInput, options: &ChartOptions) -> Result<()> {
    let format = Format::from_path(path)?;
    let bytes = render_to_bytes(format, input, options).map_err(|e| match e {
        Error::Invalid(message) => Error::File {
            path: path.to_path_buf(),
            message: format!("cannot draw the {} chart: {message}", input.kind()),
        },
        other => other,
    })?;
    crate::atomic::write(path, &bytes)
}

/// Render `input` in `format` and return the file's bytes.
pub fn render_to_bytes(format: Format, input: &ChartInput, options: &ChartOptions) -> Result<Vec<u8>> {
    let (width, height) = options.size.unwrap_or_else(|| input.default_size());
    let (min, max) = SIZE_LIMITS;
    if !(min..=max).contains(&width) || !(min..=max).contains(&height) {
        return Err(Error::Invalid(format!(
            "a chart of {width}x{height} pixels is not possible; width and height must be from {min} to {max}"
        )));
    }
    let scene = Scene::prepare(input, options)?;
    output::render(format, (width, height), &scene)
}

/// A chart's data, selected and checked, ready to draw on any backend.
enum Scene<'a> {
    Load(load::LoadView<'a>),
    Weekly(weekly::WeeklyView<'a>),
    Form(form::FormView<'a>),
    Plan(plan::PlanView<'a>),
    Calendar(calendar::CalendarView<'a>),
}

impl<'a> Scene<'a> {
    fn prepare(input: &ChartInput<'a>, options: &ChartOptions) -> Result<Scene<'a>> {
        Ok(match *input {
            ChartInput::Load { report } => Scene::Load(load::LoadView::new(report, options)?),
            ChartInput::Weekly { report } => Scene::Weekly(weekly::WeeklyView::new(report, options)?),
            ChartInput::Form { report } => Scene::Form(form::FormView::new(report, options)?),
            ChartInput::Plan { report, plan } => Scene::Plan(plan::PlanView::new(report, plan)?),
            ChartInput::Calendar { plan } => Scene::Calendar(calendar::CalendarView::new(plan)?),
        })
    }
}

impl output::Drawable for Scene<'_> {
    fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        root: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    ) -> std::result::Result<(), DrawError> {
        match self {
            Scene::Load(view) => view.draw(root),
            Scene::Weekly(view) => view.draw(root),
            Scene::Form(view) => view.draw(root),
            Scene::Plan(view) => view.draw(root),
            Scene::Calendar(view) => view.draw(root),
        }
    }
}

/// A failure of the drawing backend (in memory, so in practice a defect).
#[derive(Debug)]
pub(crate) struct DrawError(String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

impl From<DrawError> for Error {
    fn from(e: DrawError) -> Self {
        Error::Invalid(e.0)
    }
}

/// The days of a report from `since` (or its first day) to its last day; an error
/// naming both ranges when none is left.
pub(crate) fn days_in_range(report: &AthleteReport, since: Option<NaiveDate>) -> Result<&[crate::series::DayMetrics]> {
    let from = since.unwrap_or(report.from).max(report.from);
    let start = report.days.partition_point(|d| d.date < from);
    let days = &report.days[start..];
    if days.is_empty() {
        return Err(Error::Invalid(format!(
            "no data from {} on: the history of {} runs from {} to {}",
            from, report.athlete, report.from, report.to
        )));
    }
    Ok(days)
}

#[cfg(test)]
pub(crate) mod test_data;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of chart from the generated history and a hand-built plan.
    /// Set `CRAMPLESS_CHART_DIR` to also save them there for a look.
    fn every_kind<'a>(report: &'a AthleteReport, plan: &'a Plan) -> [ChartInput<'a>; 5] {
        [
            ChartInput::Load { report },
            ChartInput::Weekly { report },
            ChartInput::Form { report },
            ChartInput::Plan { report, plan },
            ChartInput::Calendar { plan },
        ]
    }

    fn fixtures() -> (AthleteReport, Plan) {
        let report = test_data::report(200);
        let start = crate::weekly::monday_of(report.to) + chrono::Days::new(7);
        let plan = test_data::plan(start, 4, report.weeks[report.weeks.len() - 2].load);
        (report, plan)
    }

    fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn every_kind_renders_png_and_svg_deterministically() {
        let (report, plan) = fixtures();
        let options = ChartOptions::default();
        let save = std::env::var_os("CRAMPLESS_CHART_DIR").map(std::path::PathBuf::from);
        for input in every_kind(&report, &plan) {
            let png = render_to_bytes(Format::Png, &input, &options).unwrap();
            let (w, h, pixels) = decode_png(&png);
            assert_eq!((w, h), input.default_size(), "{}", input.kind());
            let drawn = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
            assert!(
                drawn > (w * h / 50) as usize,
                "{}: only {drawn} pixels drawn",
                input.kind()
            );
            assert_eq!(
                png,
                render_to_bytes(Format::Png, &input, &options).unwrap(),
                "{}",
                input.kind()
            );

            let svg = render_to_bytes(Format::Svg, &input, &options).unwrap();
            let text = String::from_utf8(svg.clone()).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(text.contains("ana"), "{}", input.kind());
            assert_eq!(svg, render_to_bytes(Format::Svg, &input, &options).unwrap());
            if let Some(dir) = &save {
                std::fs::write(dir.join(format!("{}.png", input.kind())), &png).unwrap();
                std::fs::write(dir.join(format!("{}.svg", input.kind())), &svg).unwrap();
            }
        }
    }

    #[test]
    fn size_option_and_limits() {
        let (report, _) = fixtures();
        let input = ChartInput::Load { report: &report };
        let options = ChartOptions {
            size: Some((640, 480)),
            ..ChartOptions::default()
        };
        let (w, h, _) = decode_png(&render_to_bytes(Format::Png, &input, &options).unwrap());
        assert_eq!((w, h), (640, 480));
        let tiny = ChartOptions {
            size: Some((100, 480)),
            ..ChartOptions::default()
        };
        let e = render_to_bytes(Format::Png, &input, &tiny).unwrap_err().to_string();
        assert!(e.contains("100x480") && e.contains("from 200 to 10000"), "{e}");
    }

    #[test]
    fn render_writes_atomically_and_names_the_file_on_errors() {
        let (report, _) = fixtures();
        let dir = tempfile::tempdir().unwrap();
        let input = ChartInput::Load { report: &report };
        let path = dir.path().join("load.svg");
        render(&path, &input, &ChartOptions::default()).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("<svg"));

        let late = ChartOptions {
            since: Some(report.to + chrono::Days::new(10)),
            ..ChartOptions::default()
        };
        let bad = dir.path().join("late.png");
        let e = render(&bad, &input, &late).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}: cannot draw the load chart: no data from", bad.display())),
            "{e}"
        );
        assert!(!bad.exists());
        let e = render(&dir.path().join("x/load.png"), &input, &ChartOptions::default()).unwrap_err();
        assert!(e.to_string().contains("x/load.png"), "{e}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["load.svg"]);
    }
}
