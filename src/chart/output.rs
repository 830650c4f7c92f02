//! File formats: PNG (drawn by plotters' bitmap backend into an RGB buffer, encoded
//! with the `png` crate) and SVG (plotters' SVG backend into a string). The format
//! comes from the file's extension.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

use super::{DrawError, fonts, palette};
use crate::error::{Error, Result};

/// An image file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// The format named by `path`'s extension (`.png` or `.svg`, any case).
    pub fn from_path(path: &Path) -> Result<Format> {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            Some(other) => Err(Error::File {
                path: path.to_path_buf(),
                message: format!("unknown chart format \".{other}\"; name the file .png or .svg"),
            }),
            None => Err(Error::File {
                path: path.to_path_buf(),
                message: "the chart file needs an extension, .png or .svg, to choose the format".into(),
            }),
        }
    }
}

/// Something that draws itself on any plotters backend.
pub(crate) trait Drawable {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> std::result::Result<(), DrawError>;
}

/// Draw `scene` on a `size` canvas in `format` and return the encoded file.
pub(crate) fn render(format: Format, size: (u32, u32), scene: &impl Drawable) -> Result<Vec<u8>> {
    fonts::register();
    let (width, height) = size;
    match format {
        Format::Png => {
            let mut rgb = vec![0u8; width as usize * height as usize * 3];
            {
                let bitmap = BitMapBackend::with_buffer(&mut rgb, size);
                let root = super::raster::TextBitMap::new(bitmap).into_drawing_area();
                paint(&root, scene)?;
            }
            encode_png(&rgb, size)
        }
        Format::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                paint(&root, scene)?;
            }
            Ok(svg.into_bytes())
        }
    }
}

fn paint<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scene: &impl Drawable,
) -> std::result::Result<(), DrawError> {
    root.fill(&palette::BACKGROUND)?;
    scene.draw(root)?;
    root.present()?;
    Ok(())
}

/// Encode an RGB buffer as PNG: no timestamp or other varying chunk, so the same
/// pixels always give the same bytes.
fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>> {
    let failed = |e: png::EncodingError| Error::Invalid(format!("cannot encode the PNG: {e}"));
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // High compression gains under 1% here and takes half as long again.
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(rgb).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(Format::from_path(Path::new("a/load.png")).unwrap(), Format::Png);
        assert_eq!(Format::from_path(Path::new("load.SVG")).unwrap(), Format::Svg);
        let e = Format::from_path(Path::new("load.jpg")).unwrap_err().to_string();
        assert_eq!(e, "load.jpg: unknown chart format \".jpg\"; name the file .png or .svg");
        let e = Format::from_path(Path::new("load")).unwrap_err().to_string();
        assert!(e.starts_with("load: the chart file needs an extension"), "{e}");
    }
}
