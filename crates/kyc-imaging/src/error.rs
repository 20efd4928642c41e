/// Why an image cannot be prepared. Each `Display` says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("unsupported format: this is {found}. Use a photo in JPEG, PNG or WebP format.")]
    UnsupportedFormat { found: String },
    #[error("the file is too big ({bytes} bytes; at most {max} are accepted). Use a smaller photo.")]
    TooManyBytes { bytes: usize, max: usize },
    #[error("the image is too large ({width}×{height} pixels; {limit}). Use a smaller photo.")]
    TooLarge { width: u32, height: u32, limit: String },
    #[error("the image is damaged or incomplete ({detail}). Take the photo again or choose another file.")]
    Corrupt { detail: String },
    #[error("the image is built in a way that makes it too costly to read ({detail}). Save it again as an ordinary JPEG or PNG, or take the photo again.")]
    TooComplex { detail: String },
    #[error("reading the image was stopped before it finished. Try again.")]
    Cancelled,
    #[error("the image could not be made small enough for upload ({bytes} bytes; the limit is {budget}). Use a simpler or smaller photo.")]
    OverBudget { bytes: usize, budget: usize },
    #[error("the prepared image could not be encoded ({detail}).")]
    Encode { detail: String },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn corrupt(detail: impl std::fmt::Display) -> Self {
        Error::Corrupt { detail: detail.to_string() }
    }

    /// A stable name for callers to switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::TooManyBytes { .. } => "too_many_bytes",
            Error::TooLarge { .. } => "too_large",
            Error::Corrupt { .. } => "corrupt",
            Error::TooComplex { .. } => "too_complex",
            Error::Cancelled => "cancelled",
            Error::OverBudget { .. } => "over_budget",
            Error::Encode { .. } => "encode",
        }
    }
}
