//! Use cases of Middenveld. Each one checks the actor's role, validates through the domain,
//! runs in one transaction and writes its audit entry in that same transaction.

pub mod accountability;
pub mod advice;
pub mod agreement;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod contact;
pub mod demo;
pub mod duplicate;
pub mod error;
pub mod event;
pub mod example;
pub mod export;
pub mod geo;
pub mod import;
pub mod journey;
pub mod launching;
pub mod network;
pub mod opendata;
pub mod organisation;
pub mod person;
pub mod project;
pub mod referral;
pub mod search;
pub mod signpost;
pub mod support;
pub mod theme;
pub mod track;

pub use error::{Existing, ServiceError};
use middenveld_domain::Role;
pub use middenveld_store as store;
use middenveld_store::Db;

pub type Result<T> = std::result::Result<T, ServiceError>;

/// Today's date (UTC): the one clock the use cases read.
pub fn today() -> middenveld_domain::Date {
    middenveld_domain::Date(time::OffsetDateTime::now_utc().date())
}

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Cheap password hashing, for tests only.
    pub fast_password_hashing: bool,
    /// How long a login session lasts.
    pub session_hours: i64,
    /// How long the public site may reuse a computed figure (map layers, open data), in
    /// seconds; 0 computes every time (tests).
    pub public_cache_secs: u64,
    /// The province whose municipalities the maps show (CBS code, e.g. PV23 Overijssel).
    pub province: String,
    /// Numbering, reply term and ZGW export settings of advice letters.
    pub advice: middenveld_domain::advice::AdviceSettings,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            fast_password_hashing: false,
            session_hours: 12,
            public_cache_secs: 60,
            province: "PV23".to_string(),
            advice: Default::default(),
        }
    }
}

/// The application's use cases over one database.
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub config: ServiceConfig,
    pub throttle: std::sync::Arc<auth::LoginThrottle>,
    /// Computed figures of the public site.
    pub cache: std::sync::Arc<cache::PublicCache>,
}

impl Services {
    /// How long the public site may reuse a computed figure.
    pub fn public_ttl(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.config.public_cache_secs)
    }

    pub fn new(db: Db, config: ServiceConfig) -> Services {
        Services {
            db,
            config,
            throttle: Default::default(),
            cache: Default::default(),
        }
    }
}

/// Who performs a use case.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// The program itself (CLI, demo data): may do everything.
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_string(),
            role: Role::Admin,
        }
    }

    pub fn require(&self, role: Role) -> Result<()> {
        if self.role.allows(role) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}
