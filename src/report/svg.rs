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
}
