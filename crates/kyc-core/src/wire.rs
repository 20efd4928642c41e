//! The JSON bodies, field for field as in the contract's examples.
//!
//! Conventions: a field the examples show as `null` is an `Option` that serializes
//! as `null`; a field a request may leave out is an `Option` that is skipped when
//! `None`; records carry `extra` so that fields a newer server adds survive a
//! round trip.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{DataUrl, DocumentType, KycStatus, OverallStatus};

/// Body of `POST upload-KYC-document`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UploadRequest {
    #[serde(rename = "fileData")]
    pub file_data: FileData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FileData {
    #[serde(rename = "type")]
    pub document_type: DocumentType,
    pub file: DataUrl,
    /// The extension the client declares. The server trusts the bytes, not this.
    pub ext: String,
}

/// Response of `upload-KYC-document` (not shown in the seed; see docs/API.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UploadResponse {
    pub document_type: DocumentType,
    pub document_reference: String,
    pub document_file_name: String,
    pub document_mime_type: String,
    pub kyc_status: KycStatus,
    pub when_created: String,
}

/// Body of `POST update_app_user_profile_v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentFields>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_addresses: Vec<AddressInput>,
}

/// The fields of one document, sent after its image was uploaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentFields {
    pub document_type: DocumentType,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_type: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_value: Option<String>,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_date"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_doc_expiry: Option<String>,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_date"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_issuing_date: Option<String>,
    /// A country *name*, e.g. "Thailand".
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_doc_issuance_country: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_doc_holder_name: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_issuing_authority: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_doc_reference_number: Option<String>,
}

impl DocumentFields {
    /// Fields with only the type set, as the selfie screen sends them.
    pub fn only(document_type: DocumentType) -> Self {
        DocumentFields {
            document_type,
            identification_type: None,
            identification_value: None,
            identification_doc_expiry: None,
            identification_issuing_date: None,
            identification_doc_issuance_country: None,
            identification_doc_holder_name: None,
            identification_issuing_authority: None,
            identification_doc_reference_number: None,
        }
    }

    /// Each optional field with its wire name, in contract order.
    pub fn named_fields(&self) -> [(&'static str, Option<&str>); 8] {
        [
            ("identification_type", self.identification_type.as_deref()),
            ("identification_value", self.identification_value.as_deref()),
            ("identification_doc_expiry", self.identification_doc_expiry.as_deref()),
            ("identification_issuing_date", self.identification_issuing_date.as_deref()),
            ("identification_doc_issuance_country", self.identification_doc_issuance_country.as_deref()),
            ("identification_doc_holder_name", self.identification_doc_holder_name.as_deref()),
            ("identification_issuing_authority", self.identification_issuing_authority.as_deref()),
            ("identification_doc_reference_number", self.identification_doc_reference_number.as_deref()),
        ]
    }
}

/// One entry of `user_addresses` in an update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AddressInput {
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::required_text"))]
    pub address_line_1: String,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line_2: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::required_text"))]
    pub city: String,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// `personal` when left out.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_address_type"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
    /// ISO 3166-1 alpha-2; the profile's `country_code` when left out.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_country_code"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// Response of `GET get_app_user_profile_v2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ProfileResponse {
    pub profile: Profile,
    pub documents: Vec<DocumentRecord>,
    pub kyc_status: OverallKycStatus,
}

impl ProfileResponse {
    /// The current document of a type, if the server lists one.
    pub fn document(&self, document_type: &DocumentType) -> Option<&DocumentRecord> {
        self.documents.iter().rev().find(|d| &d.document_type == document_type)
    }

    pub fn addresses(&self) -> &[AddressRecord] {
        self.profile.addresses.as_deref().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OverallKycStatus {
    pub status: OverallStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Profile {
    pub access_id: String,
    /// Left out by the server while the user has no address (as in screen 1's example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<AddressRecord>>,
    pub last_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub first_name: Option<String>,
    pub kyc_status: KycStatus,
    pub updated_by: Option<String>,
    pub middle_name: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub phone_number: Option<String>,
    pub failed_reason: Option<String>,
    pub phone_isd_code: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct DocumentRecord {
    pub access_id: String,
    pub kyc_status: KycStatus,
    /// RFC 3339 with microseconds and an offset.
    pub when_created: String,
    pub document_type: DocumentType,
    pub failed_reason: Option<String>,
    pub document_file_name: String,
    pub document_mime_type: String,
    pub document_reference: String,
    pub identification_type: Option<String>,
    pub identification_value: Option<String>,
    pub identification_doc_expiry: Option<String>,
    pub identification_issuing_date: Option<String>,
    pub identification_doc_holder_name: Option<String>,
    pub identification_issuing_authority: Option<String>,
    pub identification_doc_issuance_country: Option<String>,
    pub identification_doc_reference_number: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl DocumentRecord {
    /// True when every field that was sent is held with the same value.
    pub fn holds(&self, sent: &DocumentFields) -> bool {
        self.document_type == sent.document_type
            && self
                .fields()
                .named_fields()
                .iter()
                .zip(sent.named_fields())
                .all(|((_, held), (_, sent))| sent.is_none() || *held == sent)
    }

    /// The record's fields in the shape of an update.
    pub fn fields(&self) -> DocumentFields {
        DocumentFields {
            document_type: self.document_type.clone(),
            identification_type: self.identification_type.clone(),
            identification_value: self.identification_value.clone(),
            identification_doc_expiry: self.identification_doc_expiry.clone(),
            identification_issuing_date: self.identification_issuing_date.clone(),
            identification_doc_issuance_country: self.identification_doc_issuance_country.clone(),
            identification_doc_holder_name: self.identification_doc_holder_name.clone(),
            identification_issuing_authority: self.identification_issuing_authority.clone(),
            identification_doc_reference_number: self.identification_doc_reference_number.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AddressRecord {
    pub city: String,
    pub state: Option<String>,
    pub building: Option<String>,
    pub zip_code: Option<String>,
    pub access_id: String,
    pub kyc_status: KycStatus,
    pub updated_by: Option<String>,
    pub address_type: String,
    pub country_code: Option<String>,
    pub when_created: String,
    pub failed_reason: Option<String>,
    pub address_line_1: String,
    pub address_line_2: Option<String>,
}

impl AddressRecord {
    /// True when every field that was sent is held with the same value.
    pub fn holds(&self, sent: &AddressInput) -> bool {
        let same = |held: &Option<String>, sent: &Option<String>| sent.is_none() || held == sent;
        self.address_line_1 == sent.address_line_1
            && self.city == sent.city
            && same(&self.address_line_2, &sent.address_line_2)
            && same(&self.building, &sent.building)
            && same(&self.state, &sent.state)
            && same(&self.zip_code, &sent.zip_code)
            && sent.address_type.as_ref().is_none_or(|t| *t == self.address_type)
            && same(&self.country_code, &sent.country_code)
    }
}

/// Every error the API returns: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// Stable, machine-readable: the app switches on it.
    pub code: String,
    /// A sentence a person can act on, in the request's `Accept-Language` where the server has it.
    pub message: String,
}

/// What a review decides about (sandbox only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "target")]
pub enum ReviewTarget {
    Document { document_type: DocumentType },
    Address,
    Profile,
}

/// Body of the sandbox's `POST sandbox/review`: approve or reject something a user sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReviewRequest {
    #[serde(flatten)]
    pub target: ReviewTarget,
    pub status: KycStatus,
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::openapi::optional_plain_text"))]
    #[serde(default)]
    pub failed_reason: Option<String>,
}

/// How the examples describe a request: the HTTP body in `data`, plus method, endpoint and headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDescriptor<T> {
    pub data: T,
    pub method: String,
    pub endpoint: String,
    pub headers: BTreeMap<String, String>,
}

/// The upload examples carry the headers beside the body; on the wire they are HTTP headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadExample {
    #[serde(flatten)]
    pub body: UploadRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
}
