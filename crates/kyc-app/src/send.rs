use kyc_api_client::Client;
use kyc_flow::{Date, Form, Overview, Screen, Step};

use crate::{AppError, Vault};

/// Sends one screen: validate against `today` (the person's date), then upload its
/// photo, update the profile, read back and verify, telling `on_step` as each step
/// starts. The form and photo stay in the draft until the server confirms them; once
/// every screen is confirmed the draft is deleted. Answers where the person now stands.
pub async fn send(
    client: &Client,
    vault: &Vault,
    form: Form,
    today: Date,
    mut on_step: impl FnMut(Step),
) -> Result<Overview, AppError> {
    let screen = form.screen();
    // The draft is a safety net: failing to save it must not stop the sending itself.
    keep_going(vault.update(|draft| draft.put_form(form.clone())));
    on_step(Step::Validate);
    let (fields, address) = form.validate(today).map_err(|errors| AppError::Invalid { errors })?;
    let photo = vault.photo(screen).ok_or(AppError::NoPhoto { screen })?;
    tracing::info!(screen = ?screen, "sending a screen");
    let sent = kyc_send::send_screen_reporting(client, &photo, &fields, address.as_ref(), on_step)
        .await
        .inspect_err(|e| tracing::warn!(screen = ?screen, step = e.step(), code = e.code(), "a screen was not sent"))?;
    let overview = kyc_flow::overview(&sent.profile);
    // Sent and confirmed: a draft that cannot be updated now is no reason to report a failure.
    keep_going(if overview.progress.next == Screen::Status {
        vault.discard()
    } else {
        vault.update(|draft| draft.sent(screen))
    });
    Ok(vault.read(|draft| draft.apply(overview)))
}

/// Logs a draft that could not be saved (the in-memory draft is current either way).
fn keep_going(saved: Result<(), AppError>) {
    if saved.is_err() {
        tracing::warn!(code = "storage", "the draft could not be saved on disk");
    }
}
