//! The synthetic camera behaves like a device, and the preview over it keeps only
//! the newest frame.

use std::time::{Duration, Instant};

use kyc_camera::{
    synthetic, CameraError, CameraSource, Choice, Preview, PreviewOptions, StreamRequest, SyntheticCamera,
};

fn request(width: u32, height: u32, fps: u32) -> StreamRequest {
    StreamRequest { width, height, fps, frame_timeout: Duration::from_millis(400) }
}

#[test]
fn lists_itself_with_its_modes() {
    let devices = SyntheticCamera::new().devices().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, synthetic::DEVICE_ID);
    let sizes: Vec<_> = devices[0].formats.iter().map(|f| (f.width, f.height)).collect();
    assert_eq!(sizes, [(640, 480), (1280, 720), (1920, 1080)]);
}

#[test]
fn opens_the_closest_mode_and_refuses_unknown_devices() {
    let camera = SyntheticCamera::new();
    let stream = camera.open(synthetic::DEVICE_ID, request(1300, 700, 30)).unwrap();
    assert_eq!((stream.format().width, stream.format().height), (1280, 720));
    let error = camera.open("3", request(640, 480, 30)).err().unwrap();
    assert_eq!(error, CameraError::UnknownDevice { id: "3".into() });
}

#[test]
fn frames_come_at_the_requested_size_and_pace() {
    let mut stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request(640, 480, 50)).unwrap();
    let started = Instant::now();
    let frames: Vec<_> = (0..26).map(|_| stream.next_frame().unwrap()).collect();
    let took = started.elapsed();
    assert!(frames.iter().all(|f| (f.width, f.height) == (640, 480) && f.rgb.len() == 640 * 480 * 3));
    assert_eq!(frames.iter().map(|f| f.sequence).collect::<Vec<_>>(), (0..26).collect::<Vec<_>>());
    // 25 intervals at 50 fps: half a second, not faster.
    assert!(took >= Duration::from_millis(490), "frames came too fast: {took:?}");
    assert!(took < Duration::from_millis(2500), "frames came too slowly: {took:?}");
    assert_ne!(frames[0].rgb, frames[25].rgb, "the scene moves");
}

#[test]
fn a_still_is_at_full_resolution_whatever_the_stream_size() {
    let mut stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    let still = stream.capture_still().unwrap();
    assert_eq!((still.width, still.height), (1920, 1080));
}

#[test]
fn after_close_every_call_says_closed_and_reopening_works() {
    let camera = SyntheticCamera::new();
    let mut stream = camera.open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    stream.next_frame().unwrap();
    stream.close();
    assert_eq!(stream.next_frame().unwrap_err(), CameraError::Closed);
    assert_eq!(stream.capture_still().unwrap_err(), CameraError::Closed);
    let mut again = camera.open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    assert_eq!(again.next_frame().unwrap().sequence, 0);
}

#[test]
fn a_stalled_stream_times_out() {
    let mut stream =
        SyntheticCamera::new().stalling_after(2).open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    stream.next_frame().unwrap();
    stream.next_frame().unwrap();
    let error = stream.next_frame().unwrap_err();
    assert_eq!(error.code(), "timeout");
    assert!(error.to_string().contains("stopped sending pictures"));
}

#[test]
fn plays_image_files_instead_of_the_scene() {
    let red = image::RgbImage::from_pixel(320, 240, image::Rgb([250, 0, 0]));
    let blue = image::RgbImage::from_pixel(320, 240, image::Rgb([0, 0, 250]));
    let mut stream =
        SyntheticCamera::from_images(vec![red, blue]).open(synthetic::DEVICE_ID, request(640, 480, 60)).unwrap();
    let first = stream.next_frame().unwrap();
    let second = stream.next_frame().unwrap();
    assert_eq!(&first.rgb[..3], &[250, 0, 0]);
    assert_eq!(&second.rgb[..3], &[0, 0, 250]);
}

#[test]
fn a_slow_consumer_always_gets_the_newest_frame_and_nothing_queues() {
    let stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request(640, 480, 60)).unwrap();
    let preview = Preview::start(stream, PreviewOptions { max_edge: 320, quality: 70 });
    let mut last = None;
    for _ in 0..5 {
        let produced_before = preview.stats().produced;
        let frame = preview.next(Duration::from_secs(2)).unwrap();
        // The newest frame produced before asking was #produced_before - 1: we get it or a newer one.
        assert!(
            frame.sequence + 1 >= produced_before,
            "frame #{} is stale: {produced_before} produced",
            frame.sequence
        );
        assert!(frame.jpeg.starts_with(&[0xFF, 0xD8]), "preview frames are JPEG bytes");
        assert_eq!((frame.width, frame.height), (320, 240));
        if let Some(previous) = last {
            assert!(frame.sequence > previous);
        }
        last = Some(frame.sequence);
        // The consumer is slow: it takes a frame about every 100 ms of a 60 fps stream.
        std::thread::sleep(Duration::from_millis(100));
    }
    let stats = preview.stats();
    assert!(stats.replaced > 10, "untaken frames were replaced, not queued: {stats:?}");
    assert_eq!(stats.max_waiting, 1, "never more than one frame waits");
}

#[test]
fn a_still_through_the_preview_is_full_resolution_and_prepared_for_upload() {
    let stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    let preview = Preview::start(stream, PreviewOptions::default());
    preview.next(Duration::from_secs(2)).unwrap();
    let still = preview.capture_still(Duration::from_secs(2)).unwrap();
    assert_eq!((still.width, still.height), (1920, 1080));
    let prepared = preview.capture_prepared(Duration::from_secs(2), &kyc_imaging::Options::selfie()).unwrap();
    assert_eq!((prepared.width, prepared.height), (1280, 720));
    assert!(prepared.bytes.len() <= 400_000);
}

#[test]
fn the_preview_reports_a_stall_and_stopping_releases_the_camera() {
    let stream = SyntheticCamera::new().stalling_after(1).open(synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    let preview = Preview::start(stream, PreviewOptions::default());
    preview.next(Duration::from_secs(2)).unwrap();
    let error = preview.next(Duration::from_secs(3)).unwrap_err();
    assert_eq!(error.code(), "timeout");
    preview.stop();
}

#[test]
fn the_camera_is_chosen_explicitly() {
    assert_eq!(Choice::parse("synthetic").unwrap(), Choice::Synthetic);
    assert_eq!(Choice::parse("device").unwrap(), Choice::Device(None));
    assert_eq!(Choice::parse("device:2").unwrap(), Choice::Device(Some("2".into())));
    assert_eq!(Choice::parse("files:a.jpg,b.png").unwrap(), Choice::Files(vec!["a.jpg".into(), "b.png".into()]));
    let error = Choice::parse("webcam").unwrap_err();
    assert!(error.contains("KYC_CAMERA=\"webcam\" is not understood"));
    assert!(Choice::Synthetic.describe().contains("not a real camera"));
}

#[test]
fn a_choice_opens_its_source_and_names_unknown_devices() {
    let choice = kyc_camera::Choice::parse("synthetic").unwrap();
    let source = choice.source().unwrap();
    let preview = choice.open(source.as_ref(), request(640, 480, 30), kyc_camera::PreviewOptions::default()).unwrap();
    let frame = preview.next(Duration::from_secs(5)).unwrap();
    assert_eq!((frame.width, frame.height), (640, 480));
    preview.stop();

    let named = kyc_camera::Choice::Device(Some("no-such-camera".into()));
    let error = named.open(source.as_ref(), request(640, 480, 30), kyc_camera::PreviewOptions::default()).err();
    assert_eq!(error.map(|e| e.code()), Some("unknown_device"));
}

#[test]
fn closing_a_shared_preview_ends_its_frames() {
    let source = SyntheticCamera::new();
    let stream = source.open(kyc_camera::synthetic::DEVICE_ID, request(640, 480, 30)).unwrap();
    let preview = std::sync::Arc::new(kyc_camera::Preview::start(stream, kyc_camera::PreviewOptions::default()));
    preview.next(Duration::from_secs(5)).unwrap();
    let forwarder = {
        let preview = preview.clone();
        std::thread::spawn(move || loop {
            match preview.next(Duration::from_secs(5)) {
                Ok(_) => continue,
                Err(error) => return error,
            }
        })
    };
    preview.close();
    assert_eq!(forwarder.join().unwrap(), kyc_camera::CameraError::Closed);
}

#[test]
fn forwarding_ends_when_the_receiver_goes_when_closed_and_on_a_stall() {
    let open = |stall: Option<u64>| {
        let source = match stall {
            Some(after) => SyntheticCamera::new().stalling_after(after),
            None => SyntheticCamera::new(),
        };
        let stream = source.open(synthetic::DEVICE_ID, request(320, 240, 30)).unwrap();
        std::sync::Arc::new(Preview::start(stream, PreviewOptions::default()))
    };
    // The receiver takes three frames, then is gone: forwarding stops and closes the preview.
    let preview = open(None);
    let mut taken = 0;
    let ended = preview.forward(Duration::from_secs(5), |jpeg| {
        assert!(jpeg.starts_with(&[0xFF, 0xD8]), "a JPEG frame");
        taken += 1;
        taken < 3
    });
    assert_eq!((ended, taken), (None, 3));
    // The frame in hand may still come; then the preview is closed.
    let after = std::iter::repeat_with(|| preview.next(Duration::from_secs(5))).find_map(Result::err);
    assert_eq!(after, Some(CameraError::Closed));
    // Closed by someone else: it ends quietly.
    let preview = open(None);
    let forwarder = {
        let preview = preview.clone();
        std::thread::spawn(move || preview.forward(Duration::from_secs(5), |_| true))
    };
    preview.close();
    assert_eq!(forwarder.join().unwrap(), None);
    // A stall is the failure it returns, for the caller to tell.
    let preview = open(Some(1));
    let ended = preview.forward(Duration::from_millis(500), |_| true);
    assert_eq!(ended.map(|e| e.code()), Some("timeout"));
}

#[test]
fn a_check_beside_the_preview_gets_the_newest_pixels_no_more_often_than_it_asks() {
    let stream = SyntheticCamera::new().open(synthetic::DEVICE_ID, request(640, 480, 60)).unwrap();
    let preview = Preview::start(stream, PreviewOptions { max_edge: 320, quality: 70 });
    let first = preview.pixels(Duration::ZERO, Duration::from_secs(5)).unwrap();
    assert_eq!(first.image.dimensions(), (320, 240), "at preview size");
    // Asking for a frame 100 ms after the last one seen: a 60 fps stream has several in between.
    let mut last = first;
    for _ in 0..3 {
        let next = preview.pixels(last.timestamp + Duration::from_millis(100), Duration::from_secs(5)).unwrap();
        assert!(next.timestamp >= last.timestamp + Duration::from_millis(100));
        assert!(next.sequence >= last.sequence + 5, "#{} after #{}", next.sequence, last.sequence);
        last = next;
    }
    // The JPEG frames are still there for the page: the check takes nothing from them.
    assert!(preview.next(Duration::from_secs(5)).is_ok());
    preview.close();
    let closed = preview.pixels(Duration::MAX, Duration::from_secs(5)).unwrap_err();
    assert_eq!(closed, CameraError::Closed);
}

#[test]
fn the_scene_face_waits_at_the_side_comes_to_the_middle_stays_and_goes_back() {
    let x = |ms: u64| synthetic::scene_face_x(Duration::from_millis(ms));
    assert_eq!(x(0), x(1400), "still at the side");
    assert!(x(0) < 0.3);
    assert!(x(0) < x(2000) && x(2000) < x(2500));
    assert_eq!(x(2500), 0.5);
    assert_eq!(x(2500), x(5500), "still in the middle");
    assert!(x(6000) < 0.5);
    assert_eq!(x(6500), x(0));
    assert_eq!(x(8000 + 3000), x(3000), "it goes round");
}
