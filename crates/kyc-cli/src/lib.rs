//! The library behind the `kyc` command: the three screens of the flow run
//! end to end from files (`submit`), shared by the command, its tests and the
//! load benchmark. The command line itself lives in `main.rs`.

pub mod submit;

pub use submit::{submit, FieldsFile, Images, ScreenReport, SubmitError, SubmitOptions};
