//! What decoding costs in memory, counted by the allocator itself (not timed, not
//! sampled): a 16-bit PNG must cost what its 8-bit image costs, not what it declares.

use kyc_hostile::png16_bomb;
use kyc_imaging::{inspect, Limits};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

#[test]
fn a_sixteen_bit_png_costs_no_more_than_its_eight_bit_image() {
    let (width, height) = (2000u32, 2000u32);
    let bomb = png16_bomb(width, height);
    assert!(bomb.len() < 200_000, "a small file on the wire: {} bytes", bomb.len());
    let pixels = (width * height) as usize;

    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    let inspection = inspect(&bomb, &Limits::default(), 256).expect("an all-zero PNG is a valid image");
    let peak = ALLOCATOR.peak_usage().saturating_sub(before);

    assert_eq!((inspection.source.width, inspection.source.height), (width, height));
    // The RGB image (3 bytes a pixel) and the decoder's rows; the file declares 8 bytes a pixel.
    let bound = pixels * 3 + (2 << 20);
    assert!(peak <= bound, "decoding took {peak} bytes at its peak; at most {bound} expected");
}
