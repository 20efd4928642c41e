//! The red team's image attacks (issue 12), each made by `kyc-hostile` and each refused
//! or handled within bounds. Memory is measured in `tests/memory.rs`.

use kyc_hostile::progressive_jpeg_bomb;
use kyc_imaging::{inspect, prepare, Error, Limits, Options, MAX_SCANS};

#[test]
fn a_jpeg_with_more_scans_than_any_encoder_writes_is_refused_before_decoding() {
    // 1,000 scans: 5 s of CPU at 6000×6000 before the limit; tiny here, refused all the same.
    let bomb = progressive_jpeg_bomb(512, 512, 1_000);
    for result in
        [prepare(&bomb, &Options::document()).map(|_| ()), inspect(&bomb, &Limits::default(), 256).map(|_| ())]
    {
        let error = result.expect_err("a thousand scans are refused");
        assert_eq!(error.code(), "too_complex", "{error}");
        assert!(error.to_string().contains("Save it again"), "says what to do: {error}");
    }
    // The first scan over the limit is enough.
    let just_over = progressive_jpeg_bomb(64, 64, MAX_SCANS);
    assert!(matches!(prepare(&just_over, &Options::document()), Err(Error::TooComplex { .. })));
}

#[test]
fn a_progressive_jpeg_within_the_scan_limit_is_still_prepared() {
    // One DC scan and MAX_SCANS − 1 AC scans: the generator's JPEG is valid, and the limit is a limit.
    let many = progressive_jpeg_bomb(640, 480, MAX_SCANS - 1);
    let prepared = prepare(&many, &Options::document()).expect("a valid progressive JPEG");
    assert_eq!((prepared.width, prepared.height), (640, 480));
    let colour = kyc_hostile::progressive_jpeg_bomb_444(640, 480, MAX_SCANS - 1);
    let prepared = prepare(&colour, &Options::document()).expect("a valid three-component progressive JPEG");
    assert_eq!((prepared.width, prepared.height), (640, 480));
}

#[test]
fn the_scan_count_skips_entropy_coded_data_and_stuffed_bytes() {
    // The DC scan of a 4000×4000 image is 31 KB of entropy-coded bits with no marker in it.
    let bomb = progressive_jpeg_bomb(4000, 4000, 3);
    let probe = kyc_imaging::probe(&bomb).expect("four scans are fine");
    assert_eq!((probe.width, probe.height), (4000, 4000));
}
