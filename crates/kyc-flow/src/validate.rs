//! What each screen asks for, and the rules it must pass before anything is sent.

use kyc_core::{AddressInput, DocumentFields, DocumentType};
use serde::{Deserialize, Serialize};

use crate::Date;

/// A rule a field broke. The UI switches on it for its own wording.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Required,
    NotADate,
    ExpiryNotAfterIssue,
    Expired,
    IssuedInFuture,
    UnknownCountry,
    ImplausibleNumber,
    ImplausibleName,
    ImplausiblePostcode,
    TooLong,
    ProofTooOld,
    /// A control character or an invisible direction mark (see `kyc_core::is_hidden_or_control`).
    HiddenCharacters,
}

/// One problem with one field, said so a person can fix it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The wire name of the field.
    pub field: &'static str,
    pub rule: Rule,
    pub message: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdDocumentKind {
    Passport,
    #[serde(rename = "National ID card")]
    NationalId,
    #[serde(rename = "Driving licence")]
    DrivingLicence,
}

impl IdDocumentKind {
    /// As sent in `identification_type` (the examples send "Passport").
    pub fn wire_name(self) -> &'static str {
        match self {
            IdDocumentKind::Passport => "Passport",
            IdDocumentKind::NationalId => "National ID card",
            IdDocumentKind::DrivingLicence => "Driving licence",
        }
    }

    pub const ALL: [IdDocumentKind; 3] =
        [IdDocumentKind::Passport, IdDocumentKind::NationalId, IdDocumentKind::DrivingLicence];

    pub fn from_wire_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.wire_name() == name)
    }
}

/// Screen 1, as typed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDetails {
    pub kind: Option<IdDocumentKind>,
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`.
    pub expiry_date: String,
    /// A country name, e.g. "Thailand".
    pub issuing_country: String,
    pub holder_name: String,
    pub issuing_authority: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProofKind {
    #[serde(rename = "Electricity bill")]
    ElectricityBill,
    #[serde(rename = "Water bill")]
    WaterBill,
    #[serde(rename = "Bank statement")]
    BankStatement,
    #[serde(rename = "Phone or internet bill")]
    PhoneBill,
    #[serde(rename = "Tax letter")]
    TaxLetter,
}

impl ProofKind {
    pub fn wire_name(self) -> &'static str {
        match self {
            ProofKind::ElectricityBill => "Electricity bill",
            ProofKind::WaterBill => "Water bill",
            ProofKind::BankStatement => "Bank statement",
            ProofKind::PhoneBill => "Phone or internet bill",
            ProofKind::TaxLetter => "Tax letter",
        }
    }

    pub const ALL: [ProofKind; 5] = [
        ProofKind::ElectricityBill,
        ProofKind::WaterBill,
        ProofKind::BankStatement,
        ProofKind::PhoneBill,
        ProofKind::TaxLetter,
    ];

    pub fn from_wire_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.wire_name() == name)
    }
}

/// Screen 3, as typed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressDetails {
    pub line_1: String,
    pub line_2: String,
    pub building: String,
    pub city: String,
    pub state: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2 of the address (the profile's country by default).
    pub country_code: String,
    pub proof_kind: Option<ProofKind>,
    /// `YYYY-MM-DD`: when the bill or statement was issued.
    pub proof_date: String,
    /// The account or reference number on the proof, if it has one.
    pub proof_reference: String,
    /// Who issued it (the utility, the bank).
    pub proof_issuer: String,
}

/// A sending screen's form, as the UI submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "screen", content = "details", rename_all = "snake_case")]
pub enum Form {
    PersonalDetails(PersonalDetails),
    /// The selfie has no fields: only its photo.
    Selfie,
    Address(AddressDetails),
}

impl Form {
    pub fn screen(&self) -> crate::Screen {
        match self {
            Form::PersonalDetails(_) => crate::Screen::PersonalDetails,
            Form::Selfie => crate::Screen::Selfie,
            Form::Address(_) => crate::Screen::Address,
        }
    }

    /// Checks the form; on success, the `documents` entry (and the address) to send.
    pub fn validate(&self, today: Date) -> Result<(DocumentFields, Option<AddressInput>), Vec<FieldError>> {
        match self {
            Form::PersonalDetails(details) => validate_personal(details, today).map(|fields| (fields, None)),
            Form::Selfie => Ok((DocumentFields::only(DocumentType::IdProofLive), None)),
            Form::Address(details) => validate_address(details, today).map(|(fields, address)| (fields, Some(address))),
        }
    }
}

/// The person's "today": the date where they are, at `now_utc`, with their UTC offset
/// in minutes as their device reports it (east positive). Offsets are clamped to the
/// ones in use on Earth (UTC−12:00 to UTC+14:00); without one, the UTC date.
pub fn local_date(now_utc: time::OffsetDateTime, utc_offset_minutes: Option<i32>) -> Date {
    let minutes = utc_offset_minutes.unwrap_or(0).clamp(-12 * 60, 14 * 60);
    (now_utc + time::Duration::minutes(i64::from(minutes))).date()
}

/// A proof of address must be recent: issued within this many days.
pub const PROOF_MAX_AGE_DAYS: i64 = 92;
const MAX_LEN: usize = 256;

/// Checks screen 1; on success, the `documents` entry to send.
pub fn validate_personal(details: &PersonalDetails, today: Date) -> Result<DocumentFields, Vec<FieldError>> {
    let mut errors = Errors::default();
    let kind = details.kind;
    if kind.is_none() {
        errors.push("identification_type", Rule::Required, "Choose the type of your ID document.");
    }
    let number = errors.required("identification_value", &details.number, "Enter the document number.");
    if let Some(number) = number {
        let ok_chars = number.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
        let length = number.chars().filter(char::is_ascii_alphanumeric).count();
        if !ok_chars || !(5..=20).contains(&length) || !number.chars().any(|c| c.is_ascii_digit()) {
            errors.push(
                "identification_value",
                Rule::ImplausibleNumber,
                "This does not look like a document number: use the 5 to 20 letters and digits printed on it.",
            );
        }
    }
    let issued =
        errors.date("identification_issuing_date", &details.issue_date, "Enter the date the document was issued.");
    let expires =
        errors.date("identification_doc_expiry", &details.expiry_date, "Enter the date the document expires.");
    if let Some(issued) = issued {
        if issued > today {
            errors.push("identification_issuing_date", Rule::IssuedInFuture, "The issue date cannot be in the future.");
        }
    }
    if let Some(expires) = expires {
        if issued.is_some_and(|issued| expires <= issued) {
            errors.push(
                "identification_doc_expiry",
                Rule::ExpiryNotAfterIssue,
                "The expiry date must be after the issue date.",
            );
        } else if expires < today {
            errors.push(
                "identification_doc_expiry",
                Rule::Expired,
                "This document has expired. Use a document that is still valid.",
            );
        }
    }
    let country = errors.required(
        "identification_doc_issuance_country",
        &details.issuing_country,
        "Choose the country that issued the document.",
    );
    if let Some(country) = country {
        if country_by_name(country).is_none() {
            errors.push(
                "identification_doc_issuance_country",
                Rule::UnknownCountry,
                "Choose the issuing country from the list.",
            );
        }
    }
    let holder = errors.required(
        "identification_doc_holder_name",
        &details.holder_name,
        "Enter your name as it is printed on the document.",
    );
    if let Some(holder) = holder {
        let letters = holder.chars().filter(|c| c.is_alphabetic()).count();
        let ok = holder.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || "'-.,".contains(c));
        if letters < 2 || !ok {
            errors.push(
                "identification_doc_holder_name",
                Rule::ImplausibleName,
                "Enter the name with letters only, as it is printed on the document.",
            );
        }
    }
    errors.required(
        "identification_issuing_authority",
        &details.issuing_authority,
        "Enter the authority that issued the document.",
    );
    errors.plain_text(&[
        ("identification_value", &details.number),
        ("identification_doc_issuance_country", &details.issuing_country),
        ("identification_doc_holder_name", &details.holder_name),
        ("identification_issuing_authority", &details.issuing_authority),
    ]);
    errors.finish()?;
    Ok(DocumentFields {
        identification_type: kind.map(|k| k.wire_name().to_owned()),
        identification_value: Some(details.number.trim().to_owned()),
        identification_doc_expiry: Some(details.expiry_date.trim().to_owned()),
        identification_issuing_date: Some(details.issue_date.trim().to_owned()),
        identification_doc_issuance_country: Some(details.issuing_country.trim().to_owned()),
        identification_doc_holder_name: Some(details.holder_name.trim().to_owned()),
        identification_issuing_authority: Some(details.issuing_authority.trim().to_owned()),
        ..DocumentFields::only(DocumentType::IdProofFront)
    })
}

/// Checks screen 3; on success, the proof's `documents` entry and the address to send.
pub fn validate_address(
    details: &AddressDetails,
    today: Date,
) -> Result<(DocumentFields, AddressInput), Vec<FieldError>> {
    let mut errors = Errors::default();
    errors.required("address_line_1", &details.line_1, "Enter the first line of your address.");
    errors.required("city", &details.city, "Enter your city or town.");
    let postcode = details.postcode.trim();
    if !postcode.is_empty() && !postcode_is_plausible(postcode, details.country_code.trim()) {
        errors.push(
            "zip_code",
            Rule::ImplausiblePostcode,
            "This postcode does not look right for your country. Check it.",
        );
    }
    if details.proof_kind.is_none() {
        errors.push("identification_type", Rule::Required, "Choose what kind of document proves your address.");
    }
    if let Some(date) =
        errors.date("identification_issuing_date", &details.proof_date, "Enter the date on the bill or statement.")
    {
        if date > today {
            errors.push(
                "identification_issuing_date",
                Rule::IssuedInFuture,
                "The date on the proof cannot be in the future.",
            );
        } else if (today - date).whole_days() > PROOF_MAX_AGE_DAYS {
            errors.push(
                "identification_issuing_date",
                Rule::ProofTooOld,
                "The proof of address must be from the last 3 months. Use a more recent bill or statement.",
            );
        }
    }
    errors.required(
        "identification_issuing_authority",
        &details.proof_issuer,
        "Enter who issued the bill or statement.",
    );
    errors.plain_text(&[
        ("address_line_1", &details.line_1),
        ("address_line_2", &details.line_2),
        ("building", &details.building),
        ("city", &details.city),
        ("state", &details.state),
        ("zip_code", &details.postcode),
        ("identification_doc_reference_number", &details.proof_reference),
        ("identification_issuing_authority", &details.proof_issuer),
    ]);
    errors.finish()?;
    let document = DocumentFields {
        identification_type: details.proof_kind.map(|k| k.wire_name().to_owned()),
        identification_value: Some(String::new()),
        identification_doc_reference_number: Some(details.proof_reference.trim().to_owned()),
        identification_issuing_date: Some(details.proof_date.trim().to_owned()),
        identification_issuing_authority: Some(details.proof_issuer.trim().to_owned()),
        ..DocumentFields::only(DocumentType::AddressProof)
    };
    let country = details.country_code.trim();
    let address = AddressInput {
        address_line_1: details.line_1.trim().to_owned(),
        address_line_2: Some(details.line_2.trim().to_owned()),
        building: Some(details.building.trim().to_owned()),
        city: details.city.trim().to_owned(),
        state: Some(details.state.trim().to_owned()),
        zip_code: Some(postcode.to_owned()),
        address_type: None,
        country_code: (!country.is_empty()).then(|| country.to_ascii_uppercase()),
    };
    Ok((document, address))
}

/// A country by its English name, alias or ISO code, as `celes` knows them.
pub fn country_by_name(name: &str) -> Option<celes::Country> {
    let name = name.trim();
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    celes::Country::from_name(&compact)
        .or_else(|_| celes::Country::from_alias(&compact))
        .or_else(|_| celes::Country::from_alias(name))
        .or_else(|_| if name.len() <= 3 { name.parse() } else { Err("not a code") })
        .ok()
}

/// A country for a list to choose from: the name is what `validate_personal` accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CountryName {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
}

/// Every country `celes` knows, sorted by name, for the issuing-country list.
pub fn countries() -> Vec<CountryName> {
    let mut all: Vec<CountryName> =
        celes::Country::get_countries().iter().map(|c| CountryName { name: c.long_name, code: c.alpha2 }).collect();
    all.sort_by_key(|c| c.name.trim_start_matches("The "));
    all
}

/// Postcode shapes of some countries; elsewhere 2–10 letters, digits, spaces or hyphens.
fn postcode_is_plausible(postcode: &str, country_code: &str) -> bool {
    let digits = |n: usize| postcode.len() == n && postcode.bytes().all(|b| b.is_ascii_digit());
    match country_code.to_ascii_uppercase().as_str() {
        "TH" | "DE" | "FR" | "ES" | "IT" | "MY" | "ID" | "VN" | "MX" => {
            digits(5) || (country_code.eq_ignore_ascii_case("VN") && digits(6))
        }
        "US" => {
            digits(5)
                || (postcode.len() == 10
                    && postcode.as_bytes()[5] == b'-'
                    && postcode.bytes().enumerate().all(|(i, b)| i == 5 || b.is_ascii_digit()))
        }
        "JP" => {
            digits(7)
                || (postcode.len() == 8
                    && postcode.as_bytes()[3] == b'-'
                    && postcode.bytes().enumerate().all(|(i, b)| i == 3 || b.is_ascii_digit()))
        }
        "CN" | "SG" => digits(6),
        "GB" => {
            let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
            (5..=7).contains(&compact.len())
                && compact.chars().all(|c| c.is_ascii_alphanumeric())
                && compact.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && compact.chars().rev().take(2).all(|c| c.is_ascii_alphabetic())
        }
        _ => {
            (2..=10).contains(&postcode.len())
                && postcode.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
                && postcode.chars().any(|c| c.is_ascii_alphanumeric())
        }
    }
}

#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: &'static str, rule: Rule, message: &str) {
        // One message per field: the first rule it breaks.
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field, rule, message: message.to_owned() });
        }
    }

    fn required<'a>(&mut self, field: &'static str, value: &'a str, message: &str) -> Option<&'a str> {
        let value = value.trim();
        if value.is_empty() {
            self.push(field, Rule::Required, message);
            None
        } else {
            Some(value)
        }
    }

    fn date(&mut self, field: &'static str, value: &str, required: &str) -> Option<Date> {
        let value = self.required(field, value, required)?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match Date::parse(value, &format) {
            Ok(date) => Some(date),
            Err(_) => {
                self.push(field, Rule::NotADate, "Enter a real date, written YYYY-MM-DD (for example 2030-06-17).");
                None
            }
        }
    }

    /// What every text field must be: at most `MAX_LEN` characters, and plain text.
    fn plain_text(&mut self, fields: &[(&'static str, &String)]) {
        for (field, value) in fields {
            if value.trim().chars().count() > MAX_LEN {
                self.push(field, Rule::TooLong, "This is too long: use at most 256 characters.");
            } else if value.chars().any(kyc_core::is_hidden_or_control) {
                self.push(
                    field,
                    Rule::HiddenCharacters,
                    "This holds invisible control characters (often pasted with the text). Type it again.",
                );
            }
        }
    }

    fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}
