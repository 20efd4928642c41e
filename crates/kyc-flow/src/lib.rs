//! The three KYC screens without IO: what each screen asks for and how it is
//! validated, the names of the steps a send reports (upload, update the profile,
//! read back and verify), and where to resume from what the server already holds.
//!
//! No IO, no clock, no threads: "today" is passed in, so every rule that compares
//! with the date can be tested at any date. Messages are English sentences with a
//! stable `code` per rule so a UI can show its own translation.

mod document;
mod draft;
mod overview;
mod resume;
mod screens;
mod validate;
mod verify;

pub use document::{
    document_fields, mismatches, prefill, same_name, zone_checks, zone_holds, DocumentFields, DocumentReading,
    Mismatch, ReadField, ZoneChecks, ZoneProblem,
};
pub use draft::{Consent, Draft, DraftPhoto, CONSENT_VERSION};
pub use overview::{overview, Overview};
pub use resume::{resume, Progress, ScreenState};
pub use screens::{Screen, Step};
pub use validate::{
    countries, country_by_name, local_date, validate_address, validate_personal, AddressDetails, CountryName,
    FieldError, Form, IdDocumentKind, PersonalDetails, ProofKind, Rule,
};
pub use verify::{verify, NotConfirmed};

/// A calendar date, `YYYY-MM-DD` on the wire.
pub type Date = time::Date;
