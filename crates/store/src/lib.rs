//! SQL storage of Middenveld: one code path for SQLite and PostgreSQL through sqlx's `Any`
//! driver, plain SQL with `$n` placeholders (both backends accept them). Backend-specific SQL
//! lives only in the migrations and the full-text search fragments (`search.rs`).

pub mod accountability;
pub mod advice;
pub mod agreement;
pub mod audit;
pub mod bulk;
pub mod contact;
pub mod db;
pub mod duplicate;
pub mod erasure;
pub mod event;
pub mod example;
pub mod export;
pub mod geo;
pub mod import;
pub mod journey;
pub mod launching;
pub mod links;
pub mod migrate;
pub mod network;
pub mod opendata;
pub mod organisation;
pub mod person;
pub mod project;
pub mod reference;
pub mod referral;
pub mod search;
pub mod signpost;
pub mod sql;
pub mod support;
pub mod theme;
pub mod track;
pub mod user;

pub use db::{Backend, Conn, Db};
pub use sql::{Page, Paging};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("a unique value is already taken")]
    Unique,
    #[error("a referenced record does not exist")]
    ForeignKey,
    /// A delete refused because other records still refer to the record.
    #[error("the record is still referred to by other records")]
    InUse,
    #[error(
        "the database schema is version {database}, newer than this program knows ({known}); use a newer Middenveld"
    )]
    SchemaTooNew { database: i64, known: i64 },
    #[error("stored value cannot be read: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Maps constraint violations to their kind (SQLite names no constraint, so by kind only).
pub(crate) fn classify(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        match db.kind() {
            sqlx::error::ErrorKind::UniqueViolation => return StoreError::Unique,
            sqlx::error::ErrorKind::ForeignKeyViolation => return StoreError::ForeignKey,
            // SQLite reports a foreign key's ON DELETE RESTRICT as a trigger's constraint
            // (SQLITE_CONSTRAINT_TRIGGER, 1811), not as SQLITE_CONSTRAINT_FOREIGNKEY.
            _ if db.code().as_deref() == Some("1811") && db.message().contains("FOREIGN KEY") => {
                return StoreError::ForeignKey;
            }
            _ => {}
        }
    }
    StoreError::Db(e)
}

/// As [`classify`], for deleting a record: a foreign-key violation there means that another
/// record still refers to it (a reference without ON DELETE CASCADE or SET NULL), not that a
/// referenced record is missing. The use cases name the referring records themselves where
/// they know them; this is the fallback for the references they do not check.
pub(crate) fn classify_delete(e: sqlx::Error) -> StoreError {
    match classify(e) {
        StoreError::ForeignKey => StoreError::InUse,
        other => other,
    }
}

/// Reads a stored code back into its enumeration.
pub(crate) fn decode<T>(what: &str, r: std::result::Result<T, middenveld_domain::ErrorCode>) -> Result<T> {
    r.map_err(|_| StoreError::Corrupt(what.to_string()))
}

/// The current moment as stored: RFC 3339 UTC.
pub fn now() -> String {
    middenveld_domain::Timestamp(time::OffsetDateTime::now_utc()).rfc3339()
}
