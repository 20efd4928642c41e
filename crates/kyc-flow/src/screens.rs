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

/// The steps of a sending screen, in order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Validate,
    Prepare,
    Upload,
    Update,
    ReadBack,
    Done,
}

impl Step {
    pub fn next(self) -> Step {
        match self {
            Step::Validate => Step::Prepare,
            Step::Prepare => Step::Upload,
            Step::Upload => Step::Update,
            Step::Update => Step::ReadBack,
            Step::ReadBack | Step::Done => Step::Done,
        }
    }
}

/// The state machine: the current screen and how far its steps have gone. A
/// failed step stays current (so a retry repeats exactly it); only a verified
/// read-back completes a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Flow {
    pub screen: Screen,
    pub step: Step,
}

impl Flow {
    pub fn start() -> Flow {
        Flow { screen: Screen::Start, step: Step::Validate }
    }

    /// Opens a screen at its first step.
    pub fn at(screen: Screen) -> Flow {
        Flow { screen, step: Step::Validate }
    }

    /// The current step succeeded.
    pub fn step_done(self) -> Flow {
        match self.screen {
            Screen::Start => Flow::at(Screen::PersonalDetails),
            Screen::Status => self,
            _ if self.step == Step::ReadBack => Flow { step: Step::Done, ..self },
            _ => Flow { step: self.step.next(), ..self },
        }
    }

    /// After a completed screen, where to go: the next screen the progress says is
    /// not done, or the status screen.
    pub fn advance(self, progress: &crate::Progress) -> Flow {
        Flow::at(progress.next)
    }

    /// Going back to edit an earlier screen restarts its steps; nothing typed is lost
    /// because drafts are kept by the caller, not here.
    pub fn back(self) -> Flow {
        let previous = match self.screen {
            Screen::Selfie => Screen::PersonalDetails,
            Screen::Address => Screen::Selfie,
            Screen::Status => Screen::Address,
            Screen::PersonalDetails | Screen::Start => Screen::Start,
        };
        Flow::at(previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_screen_runs_its_steps_in_order() {
        let mut flow = Flow::start().step_done();
        assert_eq!(flow, Flow::at(Screen::PersonalDetails));
        let mut seen = vec![flow.step];
        while flow.step != Step::Done {
            flow = flow.step_done();
            seen.push(flow.step);
        }
        assert_eq!(seen, [Step::Validate, Step::Prepare, Step::Upload, Step::Update, Step::ReadBack, Step::Done]);
        assert_eq!(flow.screen, Screen::PersonalDetails, "finishing steps never jumps screens by itself");
    }

    #[test]
    fn back_goes_one_screen_back_to_its_first_step() {
        assert_eq!(Flow { screen: Screen::Address, step: Step::Upload }.back(), Flow::at(Screen::Selfie));
        assert_eq!(Flow::at(Screen::PersonalDetails).back(), Flow::at(Screen::Start));
    }

    #[test]
    fn screens_and_documents_map_both_ways() {
        for screen in Screen::SENDING {
            let document = screen.document_type().unwrap();
            assert_eq!(Screen::for_document(&document), Some(screen));
        }
        assert_eq!(Screen::Status.document_type(), None);
    }
}
