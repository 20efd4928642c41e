//! Draws the synthetic demo photos in `examples/submit/`: an ID card, a face and a
//! utility bill made of plain shapes. No real person or document is involved.
//!
//! `cargo run -p kyc-cli --example make_demo_images -- examples/submit`

use image::{Rgb, RgbImage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "examples/submit".into()));
    std::fs::create_dir_all(&out)?;
    id_card().save(out.join("id-front.png"))?;
    face().save_with_format(out.join("selfie.jpg"), image::ImageFormat::Jpeg)?;
    bill().save(out.join("address-proof.png"))?;
    Ok(())
}

fn rect(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(colour));
        }
    }
}

fn ellipse(img: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, colour: [u8; 3]) {
    for (x, y, p) in img.enumerate_pixels_mut() {
        let dx = (x as f32 - cx) / rx;
        let dy = (y as f32 - cy) / ry;
        if dx * dx + dy * dy <= 1.0 {
            *p = Rgb(colour);
        }
    }
}

/// Lines of "text": short dark bars of varying length.
fn text_lines(img: &mut RgbImage, x: u32, y: u32, lines: u32, width: u32) {
    for i in 0..lines {
        let w = width - (i * 37 % (width / 2));
        rect(img, x, y + i * 22, w, 9, [40, 44, 60]);
    }
}

fn id_card() -> RgbImage {
    let mut img = RgbImage::from_pixel(640, 404, Rgb([214, 228, 240]));
    rect(&mut img, 0, 0, 640, 56, [30, 70, 130]);
    rect(&mut img, 32, 88, 170, 220, [180, 190, 200]);
    ellipse(&mut img, 117.0, 170.0, 48.0, 60.0, [224, 190, 160]);
    rect(&mut img, 62, 240, 110, 68, [60, 80, 120]);
    text_lines(&mut img, 230, 96, 8, 370);
    rect(&mut img, 32, 336, 576, 12, [40, 44, 60]);
    rect(&mut img, 32, 360, 576, 12, [40, 44, 60]);
    img
}

fn face() -> RgbImage {
    let mut img = RgbImage::from_fn(480, 640, |x, y| Rgb([90 + (x / 8) as u8, 110 + (y / 10) as u8, 140]));
    ellipse(&mut img, 240.0, 280.0, 120.0, 160.0, [226, 188, 156]);
    ellipse(&mut img, 195.0, 250.0, 16.0, 10.0, [50, 40, 40]);
    ellipse(&mut img, 285.0, 250.0, 16.0, 10.0, [50, 40, 40]);
    rect(&mut img, 200, 360, 80, 10, [170, 90, 90]);
    rect(&mut img, 100, 470, 280, 170, [60, 70, 110]);
    img
}

fn bill() -> RgbImage {
    let mut img = RgbImage::from_pixel(600, 800, Rgb([250, 250, 246]));
    rect(&mut img, 40, 40, 160, 60, [240, 160, 40]);
    text_lines(&mut img, 40, 140, 5, 300);
    rect(&mut img, 40, 300, 520, 2, [120, 120, 120]);
    text_lines(&mut img, 40, 330, 12, 520);
    rect(&mut img, 380, 640, 180, 60, [230, 235, 240]);
    img
}
