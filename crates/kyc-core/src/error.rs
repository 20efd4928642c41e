/// What can be wrong with a value of the contract.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("the file is not a data: URL (it should start with \"data:\")")]
    NotADataUrl,
    #[error("the data: URL has no \";base64,\" part, so its content cannot be read")]
    DataUrlNotBase64,
    #[error("the data: URL's content is not valid base64")]
    DataUrlBadBase64,
    #[error("the data: URL declares no media type")]
    DataUrlNoMediaType,
    #[error("the file is neither a JPEG nor a PNG image")]
    UnsupportedMediaType,
}

pub type Result<T> = std::result::Result<T, Error>;
