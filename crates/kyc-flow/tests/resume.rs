//! Resume and status from every combination of what the server can hold.

use kyc_core::{
    AddressRecord, DocumentRecord, DocumentType, KycStatus, OverallKycStatus, OverallStatus, Profile, ProfileResponse,
    UploadResponse,
};
use kyc_flow::{resume, verify, NotConfirmed, Screen, ScreenState};

/// What the server holds for a document or the address.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Held {
    Absent,
    Pending,
    Approved,
    Rejected,
}

const ALL: [Held; 4] = [Held::Absent, Held::Pending, Held::Approved, Held::Rejected];

fn status(held: Held) -> KycStatus {
    match held {
        Held::Pending | Held::Absent => KycStatus::Pending,
        Held::Approved => KycStatus::Approved,
        Held::Rejected => KycStatus::Rejected,
    }
}

fn document(document_type: DocumentType, held: Held) -> DocumentRecord {
    let fixture: ProfileResponse =
        serde_json::from_str(include_str!("../../kyc-core/tests/fixtures/3-address.profile.response.json")).unwrap();
    let mut record = fixture.documents[0].clone();
    record.document_type = document_type;
    record.kyc_status = status(held);
    record.failed_reason = (held == Held::Rejected).then(|| "Blurry photo".to_owned());
    record
}

fn profile(front: Held, selfie: Held, proof: Held, address: Held) -> ProfileResponse {
    let fixture: ProfileResponse =
        serde_json::from_str(include_str!("../../kyc-core/tests/fixtures/3-address.profile.response.json")).unwrap();
    let mut p = fixture.clone();
    p.documents =
        [(DocumentType::IdProofFront, front), (DocumentType::IdProofLive, selfie), (DocumentType::AddressProof, proof)]
            .into_iter()
            .filter(|(_, held)| *held != Held::Absent)
            .map(|(t, held)| document(t, held))
            .collect();
    let mut a: AddressRecord = fixture.profile.addresses.clone().unwrap()[0].clone();
    a.kyc_status = status(address);
    a.failed_reason = (address == Held::Rejected).then(|| "Address unreadable".to_owned());
    p.profile.addresses = (address != Held::Absent).then(|| vec![a]);
    p.kyc_status = OverallKycStatus { status: OverallStatus::VerificationPending };
    p
}

/// The expected state of a screen, by the rules written in plain words:
/// absent → not sent; rejected (document, or for the address screen the address) → rejected;
/// the address screen needs both the proof and the address; approved only when all its parts are.
fn expected(parts: &[Held]) -> &'static str {
    if parts.contains(&Held::Absent) {
        "not_sent"
    } else if parts.contains(&Held::Rejected) {
        "rejected"
    } else if parts.iter().all(|p| *p == Held::Approved) {
        "approved"
    } else {
        "pending"
    }
}

fn name(state: &ScreenState) -> &'static str {
    match state {
        ScreenState::NotSent => "not_sent",
        ScreenState::Pending => "pending",
        ScreenState::Approved => "approved",
        ScreenState::Rejected { .. } => "rejected",
    }
}

#[test]
fn every_combination_resumes_at_the_first_screen_that_needs_sending() {
    let mut combinations = 0;
    for front in ALL {
        for selfie in ALL {
            for proof in ALL {
                for address in ALL {
                    combinations += 1;
                    let progress = resume(&profile(front, selfie, proof, address));
                    let states = [expected(&[front]), expected(&[selfie]), expected(&[proof, address])];
                    let got = [name(&progress.personal_details), name(&progress.selfie), name(&progress.address)];
                    assert_eq!(got, states, "front {front:?}, selfie {selfie:?}, proof {proof:?}, address {address:?}");
                    let first = states.iter().position(|s| *s == "not_sent" || *s == "rejected");
                    let next = first.map_or(Screen::Status, |i| Screen::SENDING[i]);
                    assert_eq!(
                        progress.next, next,
                        "front {front:?}, selfie {selfie:?}, proof {proof:?}, address {address:?}"
                    );
                }
            }
        }
    }
    assert_eq!(combinations, 256);
}

#[test]
fn a_rejection_carries_its_reason_and_only_that_screen_is_reopened() {
    let progress = resume(&profile(Held::Pending, Held::Rejected, Held::Pending, Held::Pending));
    assert_eq!(progress.selfie, ScreenState::Rejected { reason: Some("Blurry photo".into()) });
    assert_eq!(progress.next, Screen::Selfie);
    assert_eq!(progress.personal_details, ScreenState::Pending, "the others stay as they are");
    let progress = resume(&profile(Held::Pending, Held::Pending, Held::Pending, Held::Rejected));
    assert_eq!(progress.address, ScreenState::Rejected { reason: Some("Address unreadable".into()) });
}

#[test]
fn a_fresh_profile_starts_at_personal_details_and_a_full_one_at_status() {
    assert_eq!(resume(&profile(Held::Absent, Held::Absent, Held::Absent, Held::Absent)).next, Screen::PersonalDetails);
    let done = resume(&profile(Held::Pending, Held::Pending, Held::Pending, Held::Pending));
    assert_eq!(done.next, Screen::Status);
    assert_eq!(done.overall, OverallStatus::VerificationPending);
}

#[test]
fn a_rejected_profile_reports_its_reason() {
    let mut p = profile(Held::Pending, Held::Pending, Held::Pending, Held::Pending);
    p.profile =
        Profile { kyc_status: KycStatus::Rejected, failed_reason: Some("Details do not match".into()), ..p.profile };
    assert_eq!(resume(&p).profile_rejection.as_deref(), Some("Details do not match"));
}

#[test]
fn verification_names_what_does_not_match() {
    let p = profile(Held::Pending, Held::Absent, Held::Absent, Held::Absent);
    let front = &p.documents[0];
    let upload = UploadResponse {
        document_type: DocumentType::IdProofFront,
        document_reference: front.document_reference.clone(),
        document_file_name: front.document_file_name.clone(),
        document_mime_type: front.document_mime_type.clone(),
        kyc_status: KycStatus::Pending,
        when_created: front.when_created.clone(),
    };
    let sent = front.fields();
    assert_eq!(verify(&p, &upload, &sent, None), Ok(()));

    let mut changed = sent.clone();
    changed.identification_value = Some("OTHER123".into());
    assert_eq!(
        verify(&p, &upload, &changed, None),
        Err(NotConfirmed::FieldsDiffer { fields: vec!["identification_value"] })
    );
    let other = UploadResponse { document_reference: "x/y.png".into(), ..upload.clone() };
    assert_eq!(verify(&p, &other, &sent, None), Err(NotConfirmed::OtherUpload(DocumentType::IdProofFront)));
    let selfie = kyc_core::DocumentFields::only(DocumentType::IdProofLive);
    assert_eq!(verify(&p, &upload, &selfie, None), Err(NotConfirmed::NotListed(DocumentType::IdProofLive)));
    let approved = profile(Held::Approved, Held::Absent, Held::Absent, Held::Absent);
    assert!(matches!(verify(&approved, &upload, &sent, None), Err(NotConfirmed::NotPending { .. })));
    let address = kyc_core::AddressInput {
        address_line_1: "Elsewhere 1".into(),
        address_line_2: None,
        building: None,
        city: "Tokyo".into(),
        state: None,
        zip_code: None,
        address_type: None,
        country_code: None,
    };
    assert_eq!(verify(&p, &upload, &sent, Some(&address)), Err(NotConfirmed::AddressMissing));
}
