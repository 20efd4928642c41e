use kyc_core::DocumentType;

/// Where the person is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    Start,
    PersonalDetails,
    Selfie,
    Address,
    Status,
}

impl Screen {
    /// The three screens that send something, in order.
    pub const SENDING: [Screen; 3] = [Screen::PersonalDetails, Screen::Selfie, Screen::Address];

    /// The document a sending screen uploads.
    pub fn document_type(self) -> Option<DocumentType> {
        match self {
            Screen::PersonalDetails => Some(DocumentType::IdProofFront),
            Screen::Selfie => Some(DocumentType::IdProofLive),
            Screen::Address => Some(DocumentType::AddressProof),
            Screen::Start | Screen::Status => None,
        }
    }

    pub fn for_document(document_type: &DocumentType) -> Option<Screen> {
        Screen::SENDING.into_iter().find(|s| s.document_type().as_ref() == Some(document_type))
    }
}

/// The steps of a sending screen, in order, as a send reports them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Validate,
    Upload,
    Update,
    ReadBack,
    Done,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Validate, Step::Upload, Step::Update, Step::ReadBack, Step::Done];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_and_documents_map_both_ways() {
        for screen in Screen::SENDING {
            let document = screen.document_type().unwrap();
            assert_eq!(Screen::for_document(&document), Some(screen));
        }
        assert_eq!(Screen::Status.document_type(), None);
    }
}
