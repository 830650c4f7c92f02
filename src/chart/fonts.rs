//! The embedded font. Charts never ask the system for fonts (no fontconfig, no
//! freetype): DejaVu Sans is compiled into the binary and registered with plotters'
//! `ab_glyph` text renderer the first time a chart is drawn.
//! Licence: `assets/fonts/LICENSE-DejaVu.txt`.

use std::sync::Once;

use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

/// The family name charts ask plotters for. The bitmap backend looks it up in the
/// fonts registered below; the SVG backend writes it verbatim as the `font-family`
/// of each text element, where it reads as a CSS fallback list, so an SVG viewer
/// without DejaVu Sans still uses a sans-serif face.
pub const FAMILY: &str = "DejaVu Sans, sans-serif";

/// The font files, compiled in.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the embedded fonts with plotters (once per process).
pub fn register() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The bytes are the files shipped in assets/; failing to parse them is a
        // build defect, caught by every chart test.
        for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
            if register_font(FAMILY, style, bytes).is_err() {
                panic!("the embedded DejaVu Sans font does not parse");
            }
        }
    });
}

/// The regular face at `size` pixels.
pub fn regular(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal)
}

/// The bold face at `size` pixels.
pub fn bold(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Bold)
}

/// Width in pixels of `text` set in `font`. Falls back to an average glyph width
/// should the font not measure (it always does once registered).
pub fn text_width(font: &FontDesc, text: &str) -> u32 {
    register();
    font.box_size(text)
        .map(|(w, _)| w)
        .unwrap_or_else(|_| (text.chars().count() as f64 * font.get_size() * 0.6) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_font_registers_and_measures() {
        let font = regular(20.0);
        let short = text_width(&font, "Mar");
        let long = text_width(&font, "March 2026");
        assert!(short > 10 && long > 2 * short, "{short} {long}");
        assert!(text_width(&bold(20.0), "Mar") >= short);
    }
}
