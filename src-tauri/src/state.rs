use kyc_api_client::Client;

/// How the app reaches the KYC service.
pub struct Api {
    pub client: Client,
    /// True when it talks to the sandbox it started itself.
    pub sandbox: bool,
}
