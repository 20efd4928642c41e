fn main() {
    let commands = &[
        "app_info",
        "overview",
        "countries",
        "set_language",
        "prepare_photo",
        "send",
        "save_form",
        "held_photo",
        "discard_draft",
        "record_consent",
        "read_document",
        "compare_document",
        "camera_start",
        "camera_capture",
        "camera_stop",
        "update_check",
        "update_install",
        // Phones only: registered under `cfg(mobile)`, granted by capabilities/mobile.json alone.
        "webview_still",
        "webview_frame",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("the Tauri build step failed");
}
