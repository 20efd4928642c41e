//! Screen 1's document read: the ID photo held in the draft read on the device (corners, MRZ),
//! and what it says set against the details typed so far — the empty fields filled from it, the
//! typed ones that disagree pointed out. Nothing is changed in the draft: the page shows it and the
//! person decides.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use kyc_flow::{DocumentReading, Mismatch, PersonalDetails, ReadField, Screen};
use serde::Serialize;

use crate::{AppError, Vault};

/// The read, and the details as they would be with it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentCheck {
    pub reading: DocumentReading,
    /// The typed details with every empty field the document speaks for filled in.
    pub filled: PersonalDetails,
    /// Which fields of `filled` came from the document.
    pub prefilled: Vec<ReadField>,
    /// Typed fields that disagree with the document.
    pub mismatches: Vec<Mismatch>,
}

/// The reading under way, if any: a new one (the person chose another photo) cancels it.
static CURRENT: std::sync::Mutex<Option<Arc<AtomicBool>>> = std::sync::Mutex::new(None);

/// Starts a reading: the one before it, if still running, is cancelled.
fn begin_reading() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let mut current = CURRENT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(previous) = current.replace(cancel.clone()) {
        previous.store(true, Ordering::Relaxed);
    }
    cancel
}

/// Reads the ID document photo held for screen 1 (off the async threads) against `details`.
/// A reading still running when the next one starts is cancelled: it stops before its next
/// line and answers with what it had (the page shows only the newest answer).
pub async fn read_document(vault: &Vault, details: PersonalDetails) -> Result<DocumentCheck, AppError> {
    let screen = Screen::PersonalDetails;
    let photo = vault.photo(screen).ok_or(AppError::NoPhoto { screen })?;
    let cancel = begin_reading();
    let reading = tokio::task::spawn_blocking(move || -> Result<DocumentReading, AppError> {
        let bytes = photo.file.decode().map_err(|e| AppError::Internal { message: e.to_string() })?;
        let pixels = image::load_from_memory(&bytes).map_err(|e| AppError::Internal { message: e.to_string() })?;
        kyc_send::read_document_until(&pixels.to_rgb8(), &cancel)
            .map_err(|e| AppError::Internal { message: e.to_string() })
    })
    .await
    .map_err(|e| AppError::Internal { message: e.to_string() })??;
    Ok(check(reading, &details))
}

/// The reading set against the typed details.
pub fn check(reading: DocumentReading, details: &PersonalDetails) -> DocumentCheck {
    match &reading.fields {
        Some(fields) => {
            let (filled, prefilled) = kyc_flow::prefill(details, fields);
            let mismatches = kyc_flow::mismatches(details, fields);
            DocumentCheck { reading, filled, prefilled, mismatches }
        }
        None => DocumentCheck { reading, filled: details.clone(), prefilled: Vec::new(), mismatches: Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_reading_cancels_the_one_under_way() {
        let first = begin_reading();
        assert!(!first.load(Ordering::Relaxed));
        let second = begin_reading();
        assert!(first.load(Ordering::Relaxed), "the first reading is told to stop");
        assert!(!second.load(Ordering::Relaxed));
    }
}
