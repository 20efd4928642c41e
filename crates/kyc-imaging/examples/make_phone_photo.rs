//! Writes a synthetic 12-megapixel "phone photo" JPEG (4032×3024, quality 92, with
//! sensor-like noise, a card on a table and an EXIF block), the benchmark's input.
//!
//! `cargo run --release -p kyc-imaging --example make_phone_photo -- OUT.jpg`

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "phone-12mp.jpg".into());
    std::fs::write(&out, phone_photo(4032, 3024)?)?;
    Ok(())
}

/// A deterministic pseudo-random generator (xorshift), so every run makes the same file.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> i32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        // Sum of three uniforms: roughly Gaussian, −19..19.
        ((self.0 & 0xFF) as i32 + ((self.0 >> 8) & 0xFF) as i32 + ((self.0 >> 16) & 0xFF) as i32 - 384) / 20
    }
}

pub fn phone_photo(w: usize, h: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let mut px = vec![0u8; w * h * 3];
    let card = (w / 5, h / 4, w * 4 / 5, h * 3 / 4);
    for y in 0..h {
        for x in 0..w {
            // A wooden table: warm gradient with grain.
            let grain = (((x as f32) * 0.013 + ((y as f32) * 0.002).sin() * 9.0).sin() * 18.0) as i32;
            let mut c = [150 + grain + (y * 40 / h) as i32, 110 + grain, 70 + grain / 2];
            let in_card = x >= card.0 && x < card.2 && y >= card.1 && y < card.3;
            if in_card {
                let (cx, cy) = (x - card.0, y - card.1);
                c = [222, 230, 238];
                if cy < (card.3 - card.1) / 7 {
                    c = [40, 80, 150];
                } else if cx > (card.2 - card.0) * 3 / 10 && (cy / 40) % 2 == 0 && (cx / 9) % 11 != 0 {
                    c = [45, 48, 60]; // lines of "text"
                } else if cx < (card.2 - card.0) / 4 && cy > (card.3 - card.1) / 4 {
                    let (dx, dy) =
                        (cx as f32 - (card.2 - card.0) as f32 / 8.0, cy as f32 - (card.3 - card.1) as f32 / 2.0);
                    if dx * dx / 90_000.0 + dy * dy / 160_000.0 < 1.0 {
                        c = [214, 176, 150]; // a drawn face, nobody's
                    }
                }
            }
            let i = (y * w + x) * 3;
            for k in 0..3 {
                px[i + k] = (c[k] + noise.next()).clamp(0, 255) as u8;
            }
        }
    }
    let mut compressor = Compressor::new()?;
    compressor.set_quality(92)?;
    compressor.set_subsamp(Subsamp::Sub2x2)?;
    let jpeg = compressor.compress_to_vec(Image {
        pixels: px.as_slice(),
        width: w,
        pitch: w * 3,
        height: h,
        format: PixelFormat::RGB,
    })?;
    Ok(with_exif(&jpeg))
}

/// Inserts a small EXIF block (orientation 1, a camera make) after SOI, as phones write one.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]); // two entries
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 1, 0, 0]); // Orientation = 1
    tiff.extend_from_slice(&[0x01, 0x0F, 0, 2, 0, 0, 0, 4, b'K', b'Y', b'C', 0]); // Make = "KYC"
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec();
    let len = (2 + 6 + tiff.len()) as u16;
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}
