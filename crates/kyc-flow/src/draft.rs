//! What the person entered on this device and has not sent yet. The app keeps it
//! encrypted between runs (`kyc-vault`), so a closed window, a crash or a lost
//! connection loses nothing; each screen's part is dropped once the server confirms it.

use kyc_core::DataUrl;
use serde::{Deserialize, Serialize};

use crate::{AddressDetails, Form, Overview, PersonalDetails, Screen, ScreenState};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub personal: Option<PersonalDetails>,
    pub address: Option<AddressDetails>,
    /// Each screen's prepared photo, with the idempotency key of its upload: sending the
    /// same photo again (after a failure or a restart) is recognised, never stored twice.
    pub photos: Vec<DraftPhoto>,
    pub consent: Option<Consent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPhoto {
    pub screen: Screen,
    pub file: DataUrl,
    pub upload_key: String,
}

/// The version of the consent screen's text; a new text needs consent again.
pub const CONSENT_VERSION: &str = "2026-11-28";

/// The person agreed to what the consent screen says, in the version they read.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub version: String,
    /// RFC 3339, UTC.
    pub given_at: String,
}

impl Draft {
    /// Keeps what was typed on a form (the selfie has nothing typed).
    pub fn put_form(&mut self, form: Form) {
        match form {
            Form::PersonalDetails(details) => self.personal = Some(details),
            Form::Address(details) => self.address = Some(details),
            Form::Selfie => {}
        }
    }

    pub fn put_photo(&mut self, photo: DraftPhoto) {
        self.photos.retain(|p| p.screen != photo.screen);
        self.photos.push(photo);
    }

    pub fn photo(&self, screen: Screen) -> Option<&DraftPhoto> {
        self.photos.iter().find(|p| p.screen == screen)
    }

    /// The server confirmed `screen`: what was typed and taken for it is no longer needed.
    pub fn sent(&mut self, screen: Screen) {
        match screen {
            Screen::PersonalDetails => self.personal = None,
            Screen::Address => self.address = None,
            _ => {}
        }
        self.photos.retain(|p| p.screen != screen);
    }

    /// Nothing typed or taken is waiting to be sent.
    pub fn is_empty(&self) -> bool {
        self.personal.is_none() && self.address.is_none() && self.photos.is_empty()
    }

    /// The forms to show — what the person typed here wins over what the server holds — and
    /// where to go: a screen whose photo is still held was never confirmed, so it is not done,
    /// even if the server already stored the upload (an answer lost, the app killed mid-send).
    pub fn apply(&self, mut overview: Overview) -> Overview {
        if self.personal.is_some() {
            overview.personal.clone_from(&self.personal);
        }
        if self.address.is_some() {
            overview.address.clone_from(&self.address);
        }
        for photo in &self.photos {
            if let Some(state @ ScreenState::Pending) = overview.progress.of_mut(photo.screen) {
                *state = ScreenState::NotSent;
            }
        }
        overview.progress.next = overview.progress.first_to_send();
        overview
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(screen: Screen, key: &str) -> DraftPhoto {
        DraftPhoto { screen, file: DataUrl::parse("data:image/jpeg;base64,AAAA").unwrap(), upload_key: key.into() }
    }

    #[test]
    fn a_screen_sent_forgets_only_its_own_part() {
        let mut draft = Draft::default();
        draft.put_form(Form::PersonalDetails(PersonalDetails { holder_name: "A".into(), ..Default::default() }));
        draft.put_form(Form::Address(AddressDetails { city: "B".into(), ..Default::default() }));
        draft.put_photo(photo(Screen::PersonalDetails, "k1"));
        draft.put_photo(photo(Screen::Selfie, "k2"));
        draft.put_photo(photo(Screen::PersonalDetails, "k3"));
        assert_eq!(draft.photos.len(), 2, "a new photo replaces the screen's old one");
        assert_eq!(draft.photo(Screen::PersonalDetails).unwrap().upload_key, "k3");

        draft.sent(Screen::PersonalDetails);
        assert_eq!(draft.personal, None);
        assert!(draft.photo(Screen::PersonalDetails).is_none());
        assert_eq!(draft.address.as_ref().unwrap().city, "B");
        draft.sent(Screen::Selfie);
        draft.sent(Screen::Address);
        assert!(draft.is_empty());
    }

    #[test]
    fn typed_values_win_over_the_servers() {
        let profile = include_str!("../../kyc-core/tests/fixtures/3-address.profile.response.json");
        let server = crate::overview(&serde_json::from_str(profile).unwrap());
        assert!(server.personal.is_some() && server.address.is_some(), "the fixture holds both forms");
        let mut draft = Draft::default();
        draft.put_form(Form::PersonalDetails(PersonalDetails { holder_name: "Typed".into(), ..Default::default() }));
        let shown = draft.apply(server.clone());
        assert_eq!(shown.personal.unwrap().holder_name, "Typed");
        assert_eq!(shown.progress, server.progress);
        assert_eq!(shown.address, server.address, "nothing typed there: the server's stays");
    }

    #[test]
    fn a_screen_whose_photo_is_still_held_is_not_done() {
        let profile = include_str!("../../kyc-core/tests/fixtures/1-personal-details.profile.response.json");
        let server = crate::overview(&serde_json::from_str(profile).unwrap());
        assert_eq!(server.progress.personal_details, ScreenState::Pending);
        assert_eq!(server.progress.next, Screen::Selfie);
        // The upload reached the server, but the app never heard back: the photo is still in the draft.
        let mut draft = Draft::default();
        draft.put_photo(photo(Screen::PersonalDetails, "k"));
        let shown = draft.apply(server);
        assert_eq!(shown.progress.personal_details, ScreenState::NotSent);
        assert_eq!(shown.progress.next, Screen::PersonalDetails, "the person finishes that screen first");
    }
}
