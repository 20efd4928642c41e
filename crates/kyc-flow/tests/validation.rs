//! Every validation rule, through one `check` helper: each case breaks one rule.

use kyc_flow::{
    local_date, validate_address, validate_personal, AddressDetails, IdDocumentKind, PersonalDetails, ProofKind, Rule,
};
use time::macros::{date, datetime};

const TODAY: time::Date = date!(2026 - 11 - 28);

fn passport() -> PersonalDetails {
    PersonalDetails {
        kind: Some(IdDocumentKind::Passport),
        number: "SX1234567".into(),
        issue_date: "2021-06-18".into(),
        expiry_date: "2031-06-17".into(),
        issuing_country: "Thailand".into(),
        holder_name: "Alex Sample".into(),
        issuing_authority: "Sandbox Passport Office".into(),
    }
}

fn address() -> AddressDetails {
    AddressDetails {
        line_1: "221 Sample Road".into(),
        city: "Chiang Mai".into(),
        state: "Chiang Mai".into(),
        postcode: "50200".into(),
        country_code: "TH".into(),
        proof_kind: Some(ProofKind::ElectricityBill),
        proof_date: "2026-10-21".into(),
        proof_issuer: "Provincial Electricity Authority".into(),
        ..AddressDetails::default()
    }
}

/// Applies `change` to valid details and expects exactly this rule on this field (or success).
fn check_personal(change: impl Fn(&mut PersonalDetails), expected: Option<(&str, Rule)>) {
    let mut details = passport();
    change(&mut details);
    match (validate_personal(&details, TODAY), expected) {
        (Ok(_), None) => {}
        (Err(errors), Some((field, rule))) => {
            assert_eq!(errors.len(), 1, "one broken rule, one message: {errors:?}");
            assert_eq!((errors[0].field, errors[0].rule), (field, rule), "{errors:?}");
            assert!(!errors[0].message.is_empty());
        }
        (got, want) => panic!("{details:?}: expected {want:?}, got {got:?}"),
    }
}

fn check_address(change: impl Fn(&mut AddressDetails), expected: Option<(&str, Rule)>) {
    let mut details = address();
    change(&mut details);
    match (validate_address(&details, TODAY), expected) {
        (Ok(_), None) => {}
        (Err(errors), Some((field, rule))) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!((errors[0].field, errors[0].rule), (field, rule), "{errors:?}");
        }
        (got, want) => panic!("{details:?}: expected {want:?}, got {got:?}"),
    }
}

#[test]
fn personal_details_rules() {
    check_personal(|_| {}, None);
    check_personal(|d| d.kind = None, Some(("identification_type", Rule::Required)));
    check_personal(|d| d.number = "  ".into(), Some(("identification_value", Rule::Required)));
    check_personal(|d| d.number = "AB12".into(), Some(("identification_value", Rule::ImplausibleNumber)));
    check_personal(|d| d.number = "ABCDEFGH".into(), Some(("identification_value", Rule::ImplausibleNumber)));
    check_personal(|d| d.number = "SX12345/67".into(), Some(("identification_value", Rule::ImplausibleNumber)));
    check_personal(|d| d.number = "1234 5678 9012".into(), None);
    check_personal(|d| d.issue_date = String::new(), Some(("identification_issuing_date", Rule::Required)));
    check_personal(|d| d.issue_date = "18/06/2021".into(), Some(("identification_issuing_date", Rule::NotADate)));
    check_personal(|d| d.expiry_date = "2031-02-30".into(), Some(("identification_doc_expiry", Rule::NotADate)));
    check_personal(|d| d.issue_date = "2026-11-29".into(), Some(("identification_issuing_date", Rule::IssuedInFuture)));
    check_personal(|d| d.issue_date = "2026-11-28".into(), None);
    check_personal(
        |d| d.expiry_date = "2021-06-18".into(),
        Some(("identification_doc_expiry", Rule::ExpiryNotAfterIssue)),
    );
    check_personal(|d| d.expiry_date = "2026-11-27".into(), Some(("identification_doc_expiry", Rule::Expired)));
    check_personal(|d| d.expiry_date = "2026-11-28".into(), None);
    check_personal(|d| d.issuing_country = "".into(), Some(("identification_doc_issuance_country", Rule::Required)));
    check_personal(
        |d| d.issuing_country = "Atlantis".into(),
        Some(("identification_doc_issuance_country", Rule::UnknownCountry)),
    );
    check_personal(|d| d.issuing_country = "japan".into(), None);
    check_personal(|d| d.holder_name = "".into(), Some(("identification_doc_holder_name", Rule::Required)));
    check_personal(|d| d.holder_name = "R2-D2".into(), Some(("identification_doc_holder_name", Rule::ImplausibleName)));
    check_personal(|d| d.holder_name = "Nguyễn Thị Ánh".into(), None);
    check_personal(|d| d.holder_name = "สมชาย ใจดี".into(), None);
    check_personal(|d| d.issuing_authority = "".into(), Some(("identification_issuing_authority", Rule::Required)));
    check_personal(
        |d| d.issuing_authority = "x".repeat(300),
        Some(("identification_issuing_authority", Rule::TooLong)),
    );
    // A right-to-left override would show a reviewer "Office Passport" reversed: refused, not stored.
    check_personal(
        |d| d.issuing_authority = "Passport \u{202E}eciffO".into(),
        Some(("identification_issuing_authority", Rule::HiddenCharacters)),
    );
}

#[test]
fn the_seed_examples_passport_is_expired_today_but_was_valid_then() {
    let mut details = passport();
    details.issue_date = "2019-06-18".into();
    details.expiry_date = "2024-06-17".into();
    let errors = validate_personal(&details, TODAY).unwrap_err();
    assert_eq!(errors[0].rule, Rule::Expired);
    assert!(validate_personal(&details, date!(2022 - 06 - 21)).is_ok(), "valid on the day the example was recorded");
}

#[test]
fn valid_details_become_the_contracts_fields() {
    let fields = validate_personal(&passport(), TODAY).unwrap();
    assert_eq!(fields.identification_type.as_deref(), Some("Passport"));
    assert_eq!(fields.identification_doc_reference_number, None, "not asked on this screen, not sent");
    let (proof, address) = validate_address(&address(), TODAY).unwrap();
    assert_eq!(proof.identification_type.as_deref(), Some("Electricity bill"));
    assert_eq!(proof.identification_value.as_deref(), Some(""), "sent empty, as the example does");
    assert_eq!(address.country_code.as_deref(), Some("TH"));
}

#[test]
fn address_rules() {
    check_address(|_| {}, None);
    check_address(|a| a.line_1 = " ".into(), Some(("address_line_1", Rule::Required)));
    check_address(|a| a.city = "".into(), Some(("city", Rule::Required)));
    check_address(|a| a.postcode = "5020".into(), Some(("zip_code", Rule::ImplausiblePostcode)));
    check_address(|a| a.postcode = "".into(), None);
    for (country, ok, bad) in [
        ("US", "94105-1234", "9410"),
        ("JP", "150-0002", "150-00021"),
        ("GB", "SW1A 1AA", "12345"),
        ("SG", "018956", "18956"),
        ("ZZ", "AB-123", "!"),
    ] {
        check_address(
            |a| {
                a.country_code = country.into();
                a.postcode = ok.into();
            },
            None,
        );
        check_address(
            |a| {
                a.country_code = country.into();
                a.postcode = bad.into();
            },
            Some(("zip_code", Rule::ImplausiblePostcode)),
        );
    }
    check_address(|a| a.proof_kind = None, Some(("identification_type", Rule::Required)));
    check_address(|a| a.proof_date = "2026-13-01".into(), Some(("identification_issuing_date", Rule::NotADate)));
    check_address(|a| a.proof_date = "2026-12-01".into(), Some(("identification_issuing_date", Rule::IssuedInFuture)));
    check_address(|a| a.proof_date = "2026-08-01".into(), Some(("identification_issuing_date", Rule::ProofTooOld)));
    check_address(|a| a.proof_date = "2026-08-28".into(), None);
    check_address(|a| a.proof_issuer = "".into(), Some(("identification_issuing_authority", Rule::Required)));
    check_address(|a| a.line_2 = "y".repeat(257), Some(("address_line_2", Rule::TooLong)));
    check_address(|a| a.line_2 = "Flat 2\u{0007}".into(), Some(("address_line_2", Rule::HiddenCharacters)));
    check_address(|a| a.city = "Chiang\nMai".into(), Some(("city", Rule::HiddenCharacters)));
    check_address(
        |a| a.proof_issuer = "\u{2066}PEA\u{2069}".into(),
        Some(("identification_issuing_authority", Rule::HiddenCharacters)),
    );
}

#[test]
fn all_problems_are_reported_at_once_one_per_field() {
    let errors = validate_personal(&PersonalDetails::default(), TODAY).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields.len(), 7, "{fields:?}");
    assert!(errors.iter().all(|e| e.rule == Rule::Required));
}

#[test]
fn a_form_names_its_screen_and_validates_as_that_screen() {
    use kyc_flow::{Form, Screen};
    let form: Form = serde_json::from_str(r#"{"screen": "selfie"}"#).unwrap();
    assert_eq!(form.screen(), Screen::Selfie);
    let (fields, held) = form.validate(TODAY).unwrap();
    assert_eq!(fields, kyc_core::DocumentFields::only(kyc_core::DocumentType::IdProofLive));
    assert_eq!(held, None);

    let personal = Form::PersonalDetails(PersonalDetails { number: String::new(), ..passport() });
    assert_eq!(personal.validate(TODAY).unwrap_err()[0].rule, Rule::Required);
    let (_, held) = Form::Address(address()).validate(TODAY).unwrap();
    assert_eq!(held.map(|a| a.city), Some("Chiang Mai".to_owned()));
}

#[test]
fn today_is_the_persons_local_date_at_both_edges_of_the_world() {
    // 10:30 UTC on 30 November: already 1 December in Kiribati (+14 h), still 29 November at −12 h.
    let now = datetime!(2026-11-30 10:30 UTC);
    assert_eq!(local_date(now, None), date!(2026 - 11 - 30));
    let east = local_date(now, Some(14 * 60));
    let west = local_date(now, Some(-12 * 60));
    assert_eq!((east, west), (date!(2026 - 12 - 01), date!(2026 - 11 - 29)));
    // East: a passport issued today (local) is not "in the future", one that expired yesterday is expired.
    let issued_today = PersonalDetails { issue_date: "2026-12-01".into(), ..passport() };
    assert!(validate_personal(&issued_today, east).is_ok());
    assert!(validate_personal(&issued_today, local_date(now, None)).is_err(), "the UTC date refused it");
    let expired_yesterday = PersonalDetails { expiry_date: "2026-11-30".into(), ..passport() };
    assert!(validate_personal(&expired_yesterday, east).is_err());
    // West: a passport valid through today (local) is still valid; the UTC date would call it expired.
    let valid_today = PersonalDetails { expiry_date: "2026-11-29".into(), ..passport() };
    assert!(validate_personal(&valid_today, west).is_ok());
    assert!(validate_personal(&valid_today, local_date(now, None)).is_err(), "the UTC date refused it");
    // An offset no place uses is clamped, not trusted.
    assert_eq!(local_date(now, Some(48 * 60)), east);
}
