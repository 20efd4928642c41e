use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// An image type the API accepts for upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    Jpeg,
    Png,
}

impl MediaType {
    /// Recognises the type from the bytes themselves, never from a name or a declared type.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else {
            None
        }
    }

    /// The type a `data:` URL or `Content-Type` declares, if it is one of ours.
    pub fn from_mime(mime: &str) -> Option<MediaType> {
        [MediaType::Jpeg, MediaType::Png].into_iter().find(|t| t.mime().eq_ignore_ascii_case(mime))
    }

    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
        }
    }

    /// The `ext` of the upload contract and of stored file names.
    pub fn ext(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
        }
    }
}

/// The `file` of an upload: a `data:` URL that knows its media type.
///
/// It keeps the text exactly as received, so a placeholder such as the seed's
/// `data:image/base64…` still round-trips; [`DataUrl::decode`] is where the
/// content is checked.
#[derive(Clone, PartialEq, Eq)]
pub struct DataUrl(String);

/// A `data:` URL. That it carries a `;base64,` payload (422 `invalid_data_url`), and that the
/// payload is a JPEG or PNG that decodes within the limits (415, 413, 422), are the server's
/// checks, beyond what the schema says (the contract's own examples elide the payload as
/// `data:image/base64…`).
#[cfg(feature = "openapi")]
impl schemars::JsonSchema for DataUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DataUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^data:",
            "description": "data:<mime>;base64,<payload> of a JPEG or PNG: at most 10 MB decoded, 10000 px a side, 40 megapixels"
        })
    }
}

impl DataUrl {
    /// Builds `data:<mime>;base64,<payload>` from image bytes of a known type.
    pub fn from_bytes(media_type: MediaType, bytes: &[u8]) -> DataUrl {
        let payload = base64::engine::general_purpose::STANDARD.encode(bytes);
        DataUrl(format!("data:{};base64,{payload}", media_type.mime()))
    }

    /// Builds one from bytes whose type is sniffed from their content.
    pub fn from_image(bytes: &[u8]) -> Result<(DataUrl, MediaType)> {
        let media_type = MediaType::sniff(bytes).ok_or(Error::UnsupportedMediaType)?;
        Ok((DataUrl::from_bytes(media_type, bytes), media_type))
    }

    pub fn parse(text: impl Into<String>) -> Result<DataUrl> {
        let text = text.into();
        // Bytes, not `str` slicing: the fifth byte may fall inside a multi-byte character.
        if !text.as_bytes().get(..5).is_some_and(|head| head.eq_ignore_ascii_case(b"data:")) {
            return Err(Error::NotADataUrl);
        }
        Ok(DataUrl(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The declared media type (`image/png` in `data:image/png;base64,...`), if there is one.
    pub fn media_type(&self) -> Option<&str> {
        let (head, _) = self.0[5..].split_once(',')?;
        let mime = head.split(';').next().unwrap_or_default();
        (!mime.is_empty()).then_some(mime)
    }

    /// Length of the base64 payload, to check limits before decoding.
    pub fn payload_len(&self) -> usize {
        self.0.split_once(',').map_or(0, |(_, p)| p.len())
    }

    /// Decodes the payload. Only base64 payloads are accepted: images are binary.
    pub fn decode(&self) -> Result<Vec<u8>> {
        let (head, payload) = self.0[5..].split_once(',').ok_or(Error::DataUrlNotBase64)?;
        if !head.to_ascii_lowercase().ends_with(";base64") {
            return Err(Error::DataUrlNotBase64);
        }
        if self.media_type().is_none() {
            return Err(Error::DataUrlNoMediaType);
        }
        let payload: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD.decode(payload).map_err(|_| Error::DataUrlBadBase64)
    }
}

/// Never prints the payload: it is a person's document or face.
impl std::fmt::Debug for DataUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataUrl({}, {} base64 chars)", self.media_type().unwrap_or("?"), self.payload_len())
    }
}

impl Serialize for DataUrl {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DataUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        DataUrl::parse(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_decodes() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let (url, mt) = DataUrl::from_image(png).unwrap();
        assert_eq!(mt, MediaType::Png);
        assert_eq!(url.media_type(), Some("image/png"));
        assert!(url.as_str().starts_with("data:image/png;base64,"));
        assert_eq!(url.decode().unwrap(), png);
    }

    #[test]
    fn refuses_what_is_not_a_data_url() {
        assert_eq!(DataUrl::parse("http://x/y.png"), Err(Error::NotADataUrl));
        assert_eq!(DataUrl::parse(""), Err(Error::NotADataUrl));
    }

    #[test]
    fn a_multi_byte_character_across_the_scheme_is_refused_not_a_panic() {
        // The red team's request: byte 5 falls inside the `€` (found panicking the sandbox).
        assert_eq!(DataUrl::parse("dat€xx"), Err(Error::NotADataUrl));
        assert_eq!(DataUrl::parse("€"), Err(Error::NotADataUrl));
        assert_eq!(DataUrl::parse("DATA:€"), Ok(DataUrl("DATA:€".into())));
        assert_eq!(DataUrl::parse("data:€,x").unwrap().decode(), Err(Error::DataUrlNotBase64));
    }

    #[test]
    fn the_seed_placeholder_parses_but_does_not_decode() {
        let url = DataUrl::parse("data:image/base64…").unwrap();
        assert_eq!(url.media_type(), None);
        assert_eq!(url.decode(), Err(Error::DataUrlNotBase64));
    }

    #[test]
    fn bad_payloads_are_named() {
        assert_eq!(DataUrl::parse("data:image/png,abc").unwrap().decode(), Err(Error::DataUrlNotBase64));
        assert_eq!(DataUrl::parse("data:image/png;base64,@@@").unwrap().decode(), Err(Error::DataUrlBadBase64));
        assert_eq!(DataUrl::parse("data:;base64,AAAA").unwrap().decode(), Err(Error::DataUrlNoMediaType));
    }

    #[test]
    fn debug_hides_the_payload() {
        let url = DataUrl::from_bytes(MediaType::Jpeg, b"secret face bytes");
        let shown = format!("{url:?}");
        assert!(!shown.contains("c2VjcmV0"), "payload leaked into Debug: {shown}");
        assert!(shown.contains("image/jpeg"));
    }

    #[test]
    fn sniffs_by_content() {
        assert_eq!(MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"%PDF-1.7"), None);
        assert_eq!(MediaType::sniff(b""), None);
    }
}
