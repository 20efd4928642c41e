//! String enums of the contract. Each keeps a value it does not know in `Other`
//! instead of failing, so a newer server never breaks an older app.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as it was sent.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, in contract order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)+];

            /// The value as it is spelled on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(s) => s,
                }
            }

            /// True when the value is one this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// The values this version knows (a client keeps others; a server sends only these).
        #[cfg(feature = "openapi")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($wire,)+] })
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

open_enum! {
    /// Which document an upload or a profile entry is.
    DocumentType {
        /// Screen 1: the front of the ID document.
        IdProofFront => "id_proof_front",
        /// Screen 2: the live selfie.
        IdProofLive => "id_proof_live",
        /// Screen 3: the proof of address.
        AddressProof => "address_proof",
    }
}

open_enum! {
    /// Review status of a document, an address or the profile (`kyc_status` on those records).
    KycStatus {
        Pending => "PENDING",
        Approved => "APPROVED",
        Rejected => "REJECTED",
    }
}

open_enum! {
    /// The overall verification state (`kyc_status.status` of the profile response).
    OverallStatus {
        /// Nothing has been sent yet.
        NotStarted => "not_started",
        /// Something was sent and waits for review; nothing is rejected.
        VerificationPending => "verification_pending",
        /// Something was rejected: see the `failed_reason` of the profile and documents.
        Rejected => "rejected",
        /// Everything was approved.
        Verified => "verified",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T>(wire: &str, expected: T)
    where
        T: for<'de> Deserialize<'de> + Serialize + PartialEq + std::fmt::Debug,
    {
        let json = format!("\"{wire}\"");
        let value: T = serde_json::from_str(&json).expect("any string deserializes");
        assert_eq!(value, expected, "{wire} should map to {expected:?}");
        assert_eq!(serde_json::to_string(&value).unwrap(), json, "{wire} must serialize back unchanged");
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        check("id_proof_front", DocumentType::IdProofFront);
        check("id_proof_live", DocumentType::IdProofLive);
        check("address_proof", DocumentType::AddressProof);
        check("id_proof_back", DocumentType::Other("id_proof_back".into()));
        check("PENDING", KycStatus::Pending);
        check("REJECTED", KycStatus::Rejected);
        check("ON_HOLD", KycStatus::Other("ON_HOLD".into()));
        check("verification_pending", OverallStatus::VerificationPending);
        check("manual_review", OverallStatus::Other("manual_review".into()));
    }

    #[test]
    fn other_is_not_known() {
        assert!(DocumentType::IdProofFront.is_known());
        assert!(!DocumentType::from("x").is_known());
        assert_eq!(DocumentType::KNOWN.len(), 3);
    }
}
