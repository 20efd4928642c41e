//! Sends one screen of the flow, in the order of the seed: prepare the photo
//! (`kyc-imaging`), upload it, update the profile with the screen's fields, read
//! the profile back and verify it (`kyc-flow`). Used by `kyc submit` and the app,
//! so both send exactly the same way.

use kyc_api_client::{Client, IdempotencyKey};
use kyc_core::{
    AddressInput, DataUrl, DocumentFields, DocumentType, FileData, MediaType, ProfileResponse, UpdateProfileRequest,
    UploadRequest, UploadResponse,
};
use kyc_flow::Step;

mod gate;
mod reading;
pub use gate::{check_with, prepare_checked, subject, DocumentUpload};
pub use reading::{read_document, read_document_until};

/// Which step failed, and why.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the {document_type} image cannot be used: {error}")]
    Image { document_type: DocumentType, error: kyc_imaging::Error },
    #[error("{step} of {document_type} failed: {error}")]
    Api { step: &'static str, document_type: DocumentType, error: kyc_api_client::Error },
    #[error("the read-back does not confirm {document_type}: {problem}. Send this screen again.")]
    NotConfirmed { document_type: DocumentType, problem: kyc_flow::NotConfirmed },
    #[error("the {document_type} photo could not be checked: {error}. Reinstall the app.")]
    Vision { document_type: DocumentType, error: kyc_vision::DetectorError },
}

impl SendError {
    /// A stable name of what went wrong, safe to log: never a value that was sent or a server's sentence.
    pub fn code(&self) -> &'static str {
        match self {
            SendError::Image { error, .. } => error.code(),
            SendError::Api { error, .. } => error.code(),
            SendError::NotConfirmed { .. } => "not_confirmed",
            SendError::Vision { .. } => "vision",
        }
    }

    /// The step that failed.
    pub fn step(&self) -> &'static str {
        match self {
            SendError::Image { .. } => "prepare",
            SendError::Api { step, .. } => step,
            SendError::NotConfirmed { .. } => "verify",
            SendError::Vision { .. } => "check",
        }
    }
}

/// What a screen sent and what the server then held.
#[derive(Debug, Clone)]
pub struct Sent {
    pub upload: UploadResponse,
    pub profile: ProfileResponse,
}

/// Runs a photo through the imaging pipeline with the options for its document type.
pub fn prepare_for(document_type: &DocumentType, image: &[u8]) -> Result<kyc_imaging::Prepared, SendError> {
    kyc_imaging::prepare(image, &options_for(document_type))
        .map_err(|error| SendError::Image { document_type: document_type.clone(), error })
}

/// The imaging options for a document type's photo: a selfie is smaller than a document.
pub fn options_for(document_type: &DocumentType) -> kyc_imaging::Options {
    match document_type {
        DocumentType::IdProofLive => kyc_imaging::Options::selfie(),
        _ => kyc_imaging::Options::document(),
    }
}

/// A prepared photo as it is uploaded, under the key that makes sending the same
/// photo again (after a failure, or after a restart) safe: the server stores it once.
#[derive(Debug, Clone)]
pub struct Photo {
    pub file: DataUrl,
    pub media_type: MediaType,
    pub upload_key: IdempotencyKey,
}

impl Photo {
    /// A newly prepared photo, under a new key.
    pub fn new(prepared: &kyc_imaging::Prepared) -> Photo {
        Photo { file: prepared.data_url(), media_type: prepared.media_type, upload_key: IdempotencyKey::random() }
    }

    /// A photo kept from before (a draft), under the key it was first sent with.
    pub fn kept(file: DataUrl, upload_key: String) -> Option<Photo> {
        let media_type = file.media_type().and_then(MediaType::from_mime)?;
        Some(Photo { file, media_type, upload_key: IdempotencyKey::from_string(upload_key) })
    }
}

/// Uploads a prepared photo, sends the screen's fields (and address), reads back and verifies.
pub async fn send_screen(
    client: &Client,
    image: &kyc_imaging::Prepared,
    document: &DocumentFields,
    address: Option<&AddressInput>,
) -> Result<Sent, SendError> {
    send_screen_reporting(client, &Photo::new(image), document, address, |_| {}).await
}

/// [`send_screen`], telling `on_step` as each step starts (and `Done` at the end), for a progress display.
pub async fn send_screen_reporting(
    client: &Client,
    photo: &Photo,
    document: &DocumentFields,
    address: Option<&AddressInput>,
    mut on_step: impl FnMut(Step),
) -> Result<Sent, SendError> {
    let document_type = document.document_type.clone();
    let api = |step: &'static str| {
        let document_type = document_type.clone();
        move |error| SendError::Api { step, document_type, error }
    };
    on_step(Step::Upload);
    let request = UploadRequest {
        file_data: FileData {
            document_type: document_type.clone(),
            file: photo.file.clone(),
            ext: photo.media_type.ext().into(),
        },
    };
    let upload = client.upload_with_key(&request, &photo.upload_key).await.map_err(api("upload"))?;
    let update = UpdateProfileRequest {
        documents: vec![document.clone()],
        user_addresses: address.cloned().into_iter().collect(),
    };
    on_step(Step::Update);
    client.update_profile(&update).await.map_err(api("update"))?;
    on_step(Step::ReadBack);
    let profile = client.get_profile().await.map_err(api("read-back"))?;
    kyc_flow::verify(&profile, &upload, document, address)
        .map_err(|problem| SendError::NotConfirmed { document_type: document_type.clone(), problem })?;
    on_step(Step::Done);
    Ok(Sent { upload, profile })
}
