//! An empty Tauri 2 window (a one-line page, no commands, no sandbox): the baseline that
//! `scripts/bench-app.sh` compares the app's start-up and idle memory with. The page marks
//! when it became interactive, as the app's first screen does.

const PAGE: &str = "<!doctype html><html><body><p data-testid=\"screen-start\">Empty</p>\
<script>document.documentElement.dataset.interactiveAt = String(Date.now());</script></body></html>";

fn main() {
    let context = tauri::generate_context!();
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_, _| {
            tauri::http::Response::builder()
                .header("content-type", "text/html")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let url = tauri::WebviewUrl::CustomProtocol("empty://localhost/".parse()?);
            tauri::WebviewWindowBuilder::new(app, "empty", url).title("Empty").inner_size(960.0, 780.0).build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("the empty window could not start: {e}");
        std::process::exit(1);
    }
}
