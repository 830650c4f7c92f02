//! Text in PNG charts. plotters 0.3.7 draws `ab_glyph` text ignoring each glyph's
//! left side bearing (digits and letters sit unevenly: "2 026") and with the
//! baseline at half the font size; [`TextBitMap`] wraps the bitmap backend, lays
//! glyphs out itself (advance, kerning, bearing, baseline at the ascent) and
//! passes everything else through unchanged.
//!
//! Widths match plotters' own estimate (the sum of advances and kerning at the
//! same scale), so text measured for layout is the width that gets drawn.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, Glyph, PxScale, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
};

use super::fonts;

type BitMapError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

/// The bitmap backend with correct text placement.
pub struct TextBitMap<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> TextBitMap<'a> {
    pub fn new(inner: BitMapBackend<'a>) -> Self {
        TextBitMap { inner }
    }
}

/// The parsed embedded faces.
fn face(style: FontStyle) -> &'static FontRef<'static> {
    static REGULAR: OnceLock<FontRef<'static>> = OnceLock::new();
    static BOLD: OnceLock<FontRef<'static>> = OnceLock::new();
    let (cell, bytes) = match style {
        FontStyle::Bold => (&BOLD, fonts::BOLD),
        _ => (&REGULAR, fonts::REGULAR),
    };
    // The bytes are the font files shipped in assets/ (checked by every test).
    cell.get_or_init(|| FontRef::try_from_slice(bytes).expect("the embedded font parses"))
}

/// Glyphs of `text` positioned on a baseline at y = 0 from x = 0, and the total
/// advance width.
fn layout(font: &FontRef<'static>, scale: PxScale, text: &str) -> (Vec<Glyph>, f32) {
    let scaled = font.as_scaled(scale);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0.0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            x += scaled.kern(prev, id);
        }
        glyphs.push(id.with_scale_and_position(scale, point(x, 0.0)));
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    (glyphs, x)
}

impl DrawingBackend for TextBitMap<'_> {
    type ErrorType = BitMapError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BitMapError>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let font = face(style.style());
        let scale = PxScale::from(style.size() as f32);
        let scaled = font.as_scaled(scale);
        let (glyphs, width) = layout(font, scale, text);
        let (ascent, descent) = (scaled.ascent(), scaled.descent());
        // The anchor box: the advance width by ascent to descent.
        let left = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let top = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -(ascent - descent) / 2.0,
            VPos::Bottom => -(ascent - descent),
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        for glyph in glyphs {
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            // Glyph pixel (x, y) relative to the anchor, before rotation.
            let origin_x = (left + bounds.min.x).round() as i32;
            let origin_y = (top + ascent + bounds.min.y).round() as i32;
            let mut result = Ok(());
            outline.draw(|x, y, coverage| {
                if result.is_err() || coverage <= 0.0 {
                    return;
                }
                let (dx, dy) = transform.transform(origin_x + x as i32, origin_y + y as i32);
                let (px, py) = (pos.0 + dx, pos.1 + dy);
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let pixel = BackendColor {
                        alpha: color.alpha * f64::from(coverage.min(1.0)),
                        rgb: color.rgb,
                    };
                    result = self.inner.draw_pixel((px, py), pixel);
                }
            });
            result?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_width_matches_what_plotters_measures() {
        let font = fonts::regular(20.0);
        for text in ["2026-03-04", "Jan 19", "Fitness (42-day)", "AVA"] {
            let (_, width) = layout(face(FontStyle::Normal), PxScale::from(20.0), text);
            assert_eq!(width as u32, fonts::text_width(&font, text), "{text}");
        }
    }
}
