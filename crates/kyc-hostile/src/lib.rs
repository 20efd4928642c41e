//! Hostile inputs, made by code rather than kept as files: the attacks of the red-team
//! pass (issue 12), each small on the wire and costly to decode. Used by the imaging and
//! sandbox regression tests, to seed the fuzzer's corpus (`kyc-hostile corpus DIR`) and by
//! the sandbox's hostile-input bench.

/// A grayscale progressive JPEG of `width`×`height` with one DC scan and `ac_scans`
/// identical AC scans (spectral 1–63, first pass), each coding every block as one long
/// end-of-band run. libjpeg accepts the progression without a warning, and decodes
/// every scan over the whole image: at 6000×6000, 1,000 scans are 142 KB and cost
/// seconds of CPU; the file grows by ~35 bytes a scan.
pub fn progressive_jpeg_bomb(width: u16, height: u16, ac_scans: usize) -> Vec<u8> {
    progressive_jpeg(width, height, 1, ac_scans)
}

/// The same with three components at 4:4:4 (the AC scans take them in turn): the
/// most coefficient memory a progressive JPEG of this size can make libjpeg hold,
/// 6 bytes a pixel.
pub fn progressive_jpeg_bomb_444(width: u16, height: u16, ac_scans: usize) -> Vec<u8> {
    progressive_jpeg(width, height, 3, ac_scans)
}

fn progressive_jpeg(width: u16, height: u16, components: u8, ac_scans: usize) -> Vec<u8> {
    let blocks = usize::from(width.div_ceil(8)) * usize::from(height.div_ceil(8));
    let mut out = vec![0xFF, 0xD8];
    // Quantisation table 0: all ones.
    segment(&mut out, 0xDB, &[[0u8].as_slice(), &[1u8; 64]].concat());
    // Progressive frame: components 1…n, each 1×1 sampling and table 0.
    let [wh, wl] = width.to_be_bytes();
    let [hh, hl] = height.to_be_bytes();
    let mut frame = vec![8, hh, hl, wh, wl, components];
    frame.extend((1..=components).flat_map(|id| [id, 0x11, 0]));
    segment(&mut out, 0xC2, &frame);
    // DC table 0: one code, `0`, for "no difference".
    let mut dc = vec![0x00, 1];
    dc.extend([0u8; 15]);
    dc.push(0x00);
    segment(&mut out, 0xC4, &dc);
    // AC table 0: fifteen 4-bit codes 0000…1110 for EOB0…EOB14 (runs of 1 to 32,767 blocks).
    let mut ac = vec![0x10, 0, 0, 0, 15];
    ac.extend([0u8; 12]);
    ac.extend((0..15u8).map(|r| r << 4));
    segment(&mut out, 0xC4, &ac);
    // The DC scan, all components interleaved: every block's difference is 0.
    let mut header = vec![components];
    header.extend((1..=components).flat_map(|id| [id, 0x00]));
    header.extend([0, 0, 0x00]);
    segment(&mut out, 0xDA, &header);
    let mut bits = Bits::default();
    for _ in 0..blocks * usize::from(components) {
        bits.put(0, 1);
    }
    out.extend(bits.finish());
    // The AC scans, one component each: the whole component as end-of-band runs.
    let mut scan = Bits::default();
    let mut left = blocks;
    while left > 0 {
        let run = left.min(32_767);
        let r = usize::BITS - 1 - run.leading_zeros();
        scan.put(r, 4);
        scan.put(u32::try_from(run - (1 << r)).unwrap_or(0), r);
        left -= run;
    }
    let scan = scan.finish();
    for i in 0..ac_scans {
        let id = 1 + (i % usize::from(components)) as u8;
        segment(&mut out, 0xDA, &[1, id, 0x00, 1, 63, 0x00]);
        out.extend(&scan);
    }
    out.extend([0xFF, 0xD9]);
    out
}

/// An all-zero 16-bit RGBA PNG of `width`×`height`: a few hundred KB that decode to
/// 8 bytes a pixel (6324×6324 is 311 KB on the wire and 320 MB decoded).
pub fn png16_bomb(width: u32, height: u32) -> Vec<u8> {
    zero_png(width, height, PngKind { color_type: 6, bit_depth: 16, interlaced: false })
}

/// The layout of a PNG's samples.
#[derive(Debug, Clone, Copy)]
pub struct PngKind {
    /// 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
    pub color_type: u8,
    pub bit_depth: u8,
    /// Adam7.
    pub interlaced: bool,
}

/// An all-zero PNG of any layout (a palette PNG gets a one-colour palette), its data
/// compressed as a stream so that even a huge one is never held whole.
pub fn zero_png(width: u32, height: u32, kind: PngKind) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([kind.bit_depth, kind.color_type, 0, 0, u8::from(kind.interlaced)]);
    chunk(&mut out, b"IHDR", &ihdr);
    if kind.color_type == 3 {
        chunk(&mut out, b"PLTE", &[0, 0, 0]);
    }
    let samples: u8 = match kind.color_type {
        2 => 3,
        4 => 2,
        6 => 4,
        _ => 1,
    };
    let bits_per_pixel = u64::from(samples) * u64::from(kind.bit_depth);
    let row_bytes = |pixels: u64| 1 + (pixels * bits_per_pixel).div_ceil(8) as usize;
    // The rows of each Adam7 pass (or the one image), as (row length, row count).
    let passes: Vec<(usize, u32)> = if kind.interlaced {
        const ADAM7: [(u32, u32, u32, u32); 7] =
            [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        ADAM7
            .iter()
            .map(|&(x0, y0, dx, dy)| {
                let columns = width.saturating_sub(x0).div_ceil(dx);
                let rows = height.saturating_sub(y0).div_ceil(dy);
                (row_bytes(u64::from(columns)), if columns == 0 { 0 } else { rows })
            })
            .collect()
    } else {
        vec![(row_bytes(u64::from(width)), height)]
    };
    // Each row is a filter byte and its samples, all zero.
    let longest = passes.iter().map(|p| p.0).max().unwrap_or(1);
    let zeros = vec![0u8; longest];
    let rows = passes.iter().flat_map(|&(len, count)| std::iter::repeat_n(len, count as usize));
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(6, 15, 0));
    let mut idat = Vec::new();
    let mut buffer = vec![0u8; 1 << 16];
    for row in rows.map(Some).chain([None]) {
        let (input, flush): (&[u8], _) = match row {
            Some(len) => (&zeros[..len], TDEFLFlush::None),
            None => (&[], TDEFLFlush::Finish),
        };
        let mut input = input;
        loop {
            let (status, consumed, produced) = compress(&mut compressor, input, &mut buffer, flush);
            idat.extend(&buffer[..produced]);
            input = &input[consumed..];
            let done = if flush == TDEFLFlush::Finish { status == TDEFLStatus::Done } else { input.is_empty() };
            if done || matches!(status, TDEFLStatus::BadParam | TDEFLStatus::PutBufFailed) {
                break;
            }
        }
    }
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend([0xFF, marker]);
    out.extend(u16::try_from(body.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
    out.extend(body);
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], body: &[u8]) {
    out.extend(u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend(kind);
    out.extend(body);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(body);
    out.extend(crc.finalize().to_be_bytes());
}

/// Entropy-coded bits, most significant first, with 0xFF stuffing and 1-padding.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    acc: u32,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u32) {
        for i in (0..len).rev() {
            self.acc = (self.acc << 1) | ((value >> i) & 1);
            self.count += 1;
            if self.count == 8 {
                self.push();
            }
        }
    }

    fn push(&mut self) {
        let byte = (self.acc & 0xFF) as u8;
        self.bytes.push(byte);
        if byte == 0xFF {
            self.bytes.push(0x00);
        }
        self.acc = 0;
        self.count = 0;
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            let pad = 8 - self.count;
            self.put((1 << pad) - 1, pad);
        }
        self.bytes
    }
}
