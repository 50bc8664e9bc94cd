//! Types and rules of Middenveld: parsed values, enumerations and validation, without IO.
//!
//! Input becomes a domain value once (`KvkNumber::parse`, `Postcode::parse`, …); code past that
//! point cannot hold an invalid value. Validation of a whole record collects every field error,
//! so a form or an API client hears about all of them at once.

pub mod accountability;
pub mod advice;
pub mod agreement;
pub mod audit;
pub mod boundaries;
pub mod contact;
pub mod duplicate;
pub mod email;
pub mod enums;
pub mod erasure;
pub mod error;
pub mod event;
pub mod example;
pub mod geo;
pub mod ical;
pub mod import;
pub mod journey;
pub mod kvk;
pub mod lang;
pub mod launching;
pub mod money;
pub mod municipality;
pub mod network;
pub mod organisation;
pub mod person;
pub mod postcode;
pub mod project;
pub mod referral;
pub mod report;
pub mod sbi;
pub mod search;
pub mod signpost;
pub mod support;
pub mod text;
pub mod theme;
pub mod track;
pub mod user;
pub mod when;

pub use email::Email;
pub use enums::*;
pub use error::{ErrorCode, FieldError, ValidationErrors};
pub use kvk::KvkNumber;
pub use lang::Lang;
pub use money::Euro;
pub use municipality::{MunicipalityCode, ProvinceCode};
pub use postcode::Postcode;
pub use sbi::SbiCode;
pub use when::{Date, LocalDateTime, Timestamp};
