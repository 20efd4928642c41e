//! Where a person stands, from what the server holds.

use kyc_core::{KycStatus, OverallStatus, ProfileResponse};
use serde::Serialize;

use crate::Screen;

/// What the server holds for one screen.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ScreenState {
    /// Nothing sent yet (or, for the address screen, the proof or the address is missing).
    NotSent,
    Pending,
    Approved,
    /// Sent and rejected: it can be sent again on its own.
    Rejected {
        reason: Option<String>,
    },
}

impl ScreenState {
    pub fn needs_sending(&self) -> bool {
        matches!(self, ScreenState::NotSent | ScreenState::Rejected { .. })
    }
}

/// Each sending screen's state, the overall status, and the screen to open.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub personal_details: ScreenState,
    pub selfie: ScreenState,
    pub address: ScreenState,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub overall: OverallStatus,
    /// The profile's own rejection reason, if the whole profile was rejected.
    pub profile_rejection: Option<String>,
    /// The first screen that still needs sending, else the status screen.
    pub next: Screen,
}

impl Progress {
    /// The first sending screen that still needs sending, else the status screen.
    pub fn first_to_send(&self) -> Screen {
        Screen::SENDING
            .into_iter()
            .find(|s| self.of(*s).is_some_and(ScreenState::needs_sending))
            .unwrap_or(Screen::Status)
    }

    pub(crate) fn of_mut(&mut self, screen: Screen) -> Option<&mut ScreenState> {
        match screen {
            Screen::PersonalDetails => Some(&mut self.personal_details),
            Screen::Selfie => Some(&mut self.selfie),
            Screen::Address => Some(&mut self.address),
            Screen::Start | Screen::Status => None,
        }
    }

    pub fn of(&self, screen: Screen) -> Option<&ScreenState> {
        match screen {
            Screen::PersonalDetails => Some(&self.personal_details),
            Screen::Selfie => Some(&self.selfie),
            Screen::Address => Some(&self.address),
            Screen::Start | Screen::Status => None,
        }
    }
}

/// Derives progress from a read-back: after a restart, this says which screens are
/// done and opens the first that is not.
pub fn resume(profile: &ProfileResponse) -> Progress {
    let state = |screen: Screen| -> ScreenState {
        let Some(document_type) = screen.document_type() else { return ScreenState::NotSent };
        let Some(document) = profile.document(&document_type) else { return ScreenState::NotSent };
        let mut status = document.kyc_status.clone();
        let mut reason = document.failed_reason.clone();
        if screen == Screen::Address {
            let addresses = profile.addresses();
            if addresses.is_empty() {
                return ScreenState::NotSent;
            }
            // The screen is only as good as its worst part.
            if let Some(rejected) = addresses.iter().find(|a| a.kyc_status == KycStatus::Rejected) {
                status = KycStatus::Rejected;
                reason = reason.or_else(|| rejected.failed_reason.clone());
            } else if status == KycStatus::Approved && addresses.iter().any(|a| a.kyc_status != KycStatus::Approved) {
                status = KycStatus::Pending;
            }
        }
        match status {
            KycStatus::Approved => ScreenState::Approved,
            KycStatus::Rejected => ScreenState::Rejected { reason },
            // Pending, and anything a newer server invents, counts as waiting for review.
            _ => ScreenState::Pending,
        }
    };
    let [personal_details, selfie, address] = Screen::SENDING.map(state);
    let profile_rejection =
        (profile.profile.kyc_status == KycStatus::Rejected).then(|| profile.profile.failed_reason.clone()).flatten();
    let mut progress = Progress {
        personal_details,
        selfie,
        address,
        overall: profile.kyc_status.status.clone(),
        profile_rejection,
        next: Screen::Status,
    };
    progress.next = progress.first_to_send();
    progress
}
