//! Charts inline: each chart is drawn as SVG by [`crate::chart`] and embedded in the
//! page as a `<figure>`, scaled to the page width, with a text alternative
//! (`role="img"`, `aria-label` and `<title>`) and a caption.

use crate::chart::{self, ChartInput, ChartOptions, Format};
use crate::report::html::esc;

/// The size charts are drawn at: wide enough for a desktop page, with text that
/// stays legible when the page scales them down.
pub const CHART_SIZE: (u32, u32) = (1000, 580);

/// A `<figure>` holding `input` drawn as SVG, described by `alt` (what the chart
/// shows, for screen readers) and captioned with `caption` (HTML). A chart that
/// cannot be drawn becomes a note saying why.
pub fn figure(input: &ChartInput, options: &ChartOptions, alt: &str, caption_html: &str) -> String {
    let options = ChartOptions {
        size: Some(CHART_SIZE),
        ..options.clone()
    };
    let svg = chart::render_to_bytes(Format::Svg, input, &options)
        .map_err(|e| e.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string()))
        .and_then(|text| accessible(&text, alt));
    match svg {
        Ok(svg) => format!(
            "<figure class=\"chart\">\n<div class=\"chart-frame\">{svg}</div>\n<figcaption>{caption_html}</figcaption>\n</figure>\n"
        ),
        Err(why) => format!(
            "<p class=\"note\">The {} chart could not be drawn: {}</p>\n",
            input.kind(),
            esc(&why)
        ),
    }
}

/// The SVG document `svg` made fit for inline HTML: the fixed `width` and
/// `height` are dropped (its `viewBox` keeps the proportions and CSS sets the
/// width), and it is labelled as one image with `alt`.
fn accessible(svg: &str, alt: &str) -> Result<String, String> {
    let open_end = svg
        .find('>')
        .filter(|_| svg.starts_with("<svg"))
        .ok_or("not an SVG document")?;
    let open = &svg[..open_end];
    let view_box = attribute(open, "viewBox").ok_or("the SVG has no viewBox")?;
    let body = svg[open_end + 1..].trim_start_matches('\n');
    let alt = esc(alt);
    Ok(format!(
        "<svg viewBox=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{alt}\" focusable=\"false\"><title>{alt}</title>\n{body}",
        esc(view_box)
    ))
}

/// The value of `name="..."` in an opening tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Pixels between two days of a sparkline, and its height: whole pixels, so that
/// each point is a few digits (a club's index has a thousand sparklines).
const SPARK_STEP: i64 = 2;
const SPARK_HEIGHT: i64 = 24;

/// A small inline chart of daily `loads` (oldest first, at most `days`) for a
/// squad's index: a line scaled to the highest day, the last day at the right edge
/// (a shorter history starts part-way), with a text alternative giving the peak and
/// the last day. Its colours and size are in the style sheet (`.spark`).
pub fn sparkline(loads: &[f64], days: usize) -> String {
    if loads.is_empty() {
        return "-".to_string();
    }
    let width = SPARK_STEP * (days.max(loads.len()) as i64 - 1).max(1);
    let peak = loads.iter().copied().fold(0.0, f64::max);
    let bottom = SPARK_HEIGHT - 1;
    let mut points = String::with_capacity(loads.len() * 6);
    let first_x = width - SPARK_STEP * (loads.len() as i64 - 1);
    for (i, load) in loads.iter().enumerate() {
        let y = if peak > 0.0 {
            bottom - (load / peak * (SPARK_HEIGHT - 2) as f64).round() as i64
        } else {
            bottom
        };
        if i > 0 {
            points.push(' ');
        }
        points.push_str(&format!("{},{y}", first_x + SPARK_STEP * i as i64));
    }
    let last = loads.last().copied().unwrap_or(0.0);
    format!(
        "<svg class=\"spark\" viewBox=\"0 0 {width} {SPARK_HEIGHT}\" role=\"img\" aria-label=\"Daily load over {} days: peak {peak:.0} AU, last day {last:.0} AU\"><polyline points=\"{points}\"/></svg>",
        loads.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_element_is_labelled_and_scales() {
        let svg = "<svg width=\"1000\" height=\"580\" viewBox=\"0 0 1000 580\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = accessible(svg, "Load of <ana>").unwrap();
        assert!(out.starts_with("<svg viewBox=\"0 0 1000 580\""), "{out}");
        assert!(!out.contains("width=\"1000\""));
        assert!(out.contains("role=\"img\" aria-label=\"Load of &lt;ana&gt;\""));
        assert!(out.contains("<title>Load of &lt;ana&gt;</title>\n<rect/>"));
        assert!(accessible("<html>", "x").is_err());
    }

    /// The points' y values of a sparkline.
    fn ys(svg: &str) -> Vec<f64> {
        let start = svg.find("points=\"").unwrap() + 8;
        let end = start + svg[start..].find('"').unwrap();
        svg[start..end]
            .split(' ')
            .map(|p| p.split_once(',').unwrap().1.parse().unwrap())
            .collect()
    }

    #[test]
    fn a_sparkline_puts_the_peak_at_the_top_rest_days_at_the_bottom_and_today_right() {
        let svg = sparkline(&[0.0, 150.0, 300.0, 0.0], 4);
        // 24 px high, 1 px margins: 300 AU at y = 1, 150 at 12, 0 at 23; 2 px a day.
        assert_eq!(ys(&svg), [23.0, 12.0, 1.0, 23.0]);
        assert!(svg.contains("viewBox=\"0 0 6 24\""), "{svg}");
        assert!(svg.contains("points=\"0,23 2,12 4,1 6,23\""), "{svg}");
        assert!(svg.contains("aria-label=\"Daily load over 4 days: peak 300 AU, last day 0 AU\""));
        // Two days of a 56-day window: at the right edge (110 px wide).
        let short = sparkline(&[0.0, 10.0], 56);
        assert!(
            short.contains("viewBox=\"0 0 110 24\"") && short.contains("points=\"108,23 110,1\""),
            "{short}"
        );
        assert_eq!(ys(&sparkline(&[0.0, 0.0], 56)), [23.0, 23.0]);
        assert_eq!(sparkline(&[], 56), "-");
    }
}
