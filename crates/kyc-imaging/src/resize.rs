//! High-quality downscaling (Lanczos3, SIMD) that never upscales.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use crate::{Error, Result};

/// The size that fits `max_edge` on the long side, keeping the aspect ratio.
pub fn fit(width: u32, height: u32, max_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_edge || max_edge == 0 {
        return (width, height);
    }
    let scale = f64::from(max_edge) / f64::from(long);
    let w = ((f64::from(width) * scale).round() as u32).clamp(1, max_edge);
    let h = ((f64::from(height) * scale).round() as u32).clamp(1, max_edge);
    (w, h)
}

/// Fits the long edge to `max_edge` with Lanczos3; never upscales.
pub fn downscale(image: RgbImage, max_edge: u32) -> Result<RgbImage> {
    let (w, h) = image.dimensions();
    let (nw, nh) = fit(w, h, max_edge);
    if (nw, nh) == (w, h) {
        return Ok(image);
    }
    let failed = |e: &dyn std::fmt::Display| Error::Encode { detail: format!("resizing failed: {e}") };
    let src = Image::from_vec_u8(w, h, image.into_raw(), PixelType::U8x3).map_err(|e| failed(&e))?;
    let mut dst = Image::new(nw, nh, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&src, &mut dst, &options).map_err(|e| failed(&e))?;
    RgbImage::from_raw(nw, nh, dst.into_vec()).ok_or_else(|| failed(&"unexpected buffer size"))
}
