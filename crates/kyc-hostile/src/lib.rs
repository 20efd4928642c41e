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
    let blocks = usize::from(width.div_ceil(8)) * usize::from(height.div_ceil(8));
    let mut out = vec![0xFF, 0xD8];
    // Quantisation table 0: all ones.
    segment(&mut out, 0xDB, &[[0u8].as_slice(), &[1u8; 64]].concat());
    // Progressive frame, one component (id 1, 1×1 sampling, table 0).
    let [wh, wl] = width.to_be_bytes();
    let [hh, hl] = height.to_be_bytes();
    segment(&mut out, 0xC2, &[8, hh, hl, wh, wl, 1, 1, 0x11, 0]);
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
    // The DC scan: every block's difference is 0.
    segment(&mut out, 0xDA, &[1, 1, 0x00, 0, 0, 0x00]);
    let mut bits = Bits::default();
    for _ in 0..blocks {
        bits.put(0, 1);
    }
    out.extend(bits.finish());
    // The AC scans: the whole image as end-of-band runs.
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
    for _ in 0..ac_scans {
        segment(&mut out, 0xDA, &[1, 1, 0x00, 1, 63, 0x00]);
        out.extend(&scan);
    }
    out.extend([0xFF, 0xD9]);
    out
}

/// An all-zero 16-bit RGBA PNG of `width`×`height`: a few hundred KB that decode to
/// 8 bytes a pixel (6324×6324 is 311 KB on the wire and 320 MB decoded).
pub fn png16_bomb(width: u32, height: u32) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([16, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // Each row is a filter byte and 8 bytes a pixel, all zero: compressed as a stream,
    // never held whole.
    let row = vec![0u8; 1 + width as usize * 8];
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(6, 15, 0));
    let mut idat = Vec::new();
    let mut buffer = vec![0u8; 1 << 16];
    for y in 0..=height {
        let (input, flush): (&[u8], _) = if y < height { (&row, TDEFLFlush::None) } else { (&[], TDEFLFlush::Finish) };
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
