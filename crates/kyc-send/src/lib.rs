//! Sends one screen of the flow, in the order of the seed: prepare the photo
//! (`kyc-imaging`), upload it, update the profile with the screen's fields, read
//! the profile back and verify it (`kyc-flow`). Used by `kyc submit` and the app,
//! so both send exactly the same way.

use kyc_api_client::Client;
use kyc_core::{
    AddressInput, DocumentFields, DocumentType, FileData, ProfileResponse, UpdateProfileRequest, UploadRequest,
    UploadResponse,
};
use kyc_flow::Step;

/// Which step failed, and why.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the {document_type} image cannot be used: {error}")]
    Image { document_type: DocumentType, error: kyc_imaging::Error },
    #[error("{step} of {document_type} failed: {error}")]
    Api { step: &'static str, document_type: DocumentType, error: kyc_api_client::Error },
    #[error("the read-back does not confirm {document_type}: {problem}. Send this screen again.")]
    NotConfirmed { document_type: DocumentType, problem: kyc_flow::NotConfirmed },
}

/// What a screen sent and what the server then held.
#[derive(Debug, Clone)]
pub struct Sent {
    pub upload: UploadResponse,
    pub profile: ProfileResponse,
}

/// Runs a photo through the imaging pipeline with the options for its document type.
pub fn prepare_for(document_type: &DocumentType, image: &[u8]) -> Result<kyc_imaging::Prepared, SendError> {
    let options = match document_type {
        DocumentType::IdProofLive => kyc_imaging::Options::selfie(),
        _ => kyc_imaging::Options::document(),
    };
    kyc_imaging::prepare(image, &options)
        .map_err(|error| SendError::Image { document_type: document_type.clone(), error })
}

/// Uploads a prepared photo, sends the screen's fields (and address), reads back and verifies.
pub async fn send_screen(
    client: &Client,
    image: &kyc_imaging::Prepared,
    document: &DocumentFields,
    address: Option<&AddressInput>,
) -> Result<Sent, SendError> {
    send_screen_reporting(client, image, document, address, |_| {}).await
}

/// [`send_screen`], telling `on_step` as each step starts (and `Done` at the end), for a progress display.
pub async fn send_screen_reporting(
    client: &Client,
    image: &kyc_imaging::Prepared,
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
    let upload = client
        .upload(&UploadRequest {
            file_data: FileData {
                document_type: document_type.clone(),
                file: image.data_url(),
                ext: image.ext().into(),
            },
        })
        .await
        .map_err(api("upload"))?;
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
