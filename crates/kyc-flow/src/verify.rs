//! Step 3 of every screen: the read-back must hold exactly what was sent.

use kyc_core::{AddressInput, DocumentFields, DocumentType, KycStatus, ProfileResponse, UploadResponse};

/// Why a read-back does not confirm a screen. Names fields, never their values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotConfirmed {
    #[error("the server does not list the {0} document")]
    NotListed(DocumentType),
    #[error("the server lists another {0} document than the one just uploaded")]
    OtherUpload(DocumentType),
    #[error("the {document_type} document's status is {status}, not PENDING")]
    NotPending { document_type: DocumentType, status: KycStatus },
    #[error("the server holds other values than were sent for: {}", .fields.join(", "))]
    FieldsDiffer { fields: Vec<&'static str> },
    #[error("the server does not list the address that was sent")]
    AddressMissing,
}

/// Checks a read-back against what a screen sent: the document is listed, it is the
/// one uploaded, it is PENDING, every field sent is held unchanged, and the address
/// (if one was sent) is listed.
pub fn verify(
    profile: &ProfileResponse,
    upload: &UploadResponse,
    sent: &DocumentFields,
    address: Option<&AddressInput>,
) -> Result<(), NotConfirmed> {
    let document_type = &sent.document_type;
    let held = profile.document(document_type).ok_or_else(|| NotConfirmed::NotListed(document_type.clone()))?;
    if held.document_reference != upload.document_reference {
        return Err(NotConfirmed::OtherUpload(document_type.clone()));
    }
    if held.kyc_status != KycStatus::Pending {
        return Err(NotConfirmed::NotPending { document_type: document_type.clone(), status: held.kyc_status.clone() });
    }
    let fields: Vec<&'static str> = held
        .fields()
        .named_fields()
        .iter()
        .zip(sent.named_fields())
        .filter(|((_, held), (_, sent))| sent.is_some() && held != sent)
        .map(|((name, _), _)| *name)
        .collect();
    if !fields.is_empty() {
        return Err(NotConfirmed::FieldsDiffer { fields });
    }
    if let Some(address) = address {
        if !profile.addresses().iter().any(|a| a.holds(address)) {
            return Err(NotConfirmed::AddressMissing);
        }
    }
    Ok(())
}
