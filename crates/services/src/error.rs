//! The one error type of the use cases, rendered by the web layer as a page or problem+json.

use middenveld_domain::{ErrorCode, ValidationErrors};
use middenveld_store::StoreError;

/// An existing record that a refused request collides with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    /// The collection it lives in, as in URLs: `organisaties`.
    pub collection: &'static str,
    pub id: i64,
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("conflict: {errors}")]
    Conflict {
        errors: ValidationErrors,
        existing: Option<Existing>,
    },
    /// A delete refused because other records still refer to the record: these (empty when
    /// only the database's foreign key knew).
    #[error("still in use")]
    InUse(Vec<Existing>),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("wrong user name or password")]
    BadCredentials,
    #[error("too many attempts; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ValidationErrors> for ServiceError {
    fn from(e: ValidationErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            // A unique value taken between our check and the write (a race): still a conflict.
            StoreError::Unique => ServiceError::Conflict {
                errors: ValidationErrors::one("naam", ErrorCode::NameTaken),
                existing: None,
            },
            StoreError::ForeignKey => ServiceError::Invalid(ValidationErrors::one("id", ErrorCode::NotFound)),
            StoreError::InUse => ServiceError::InUse(Vec::new()),
            other => ServiceError::Store(other),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::from(StoreError::Db(e))
    }
}
