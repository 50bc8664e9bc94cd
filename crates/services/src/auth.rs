//! Accounts: argon2id passwords, login sessions, API tokens, login throttling.
//! Session and token secrets are random; only their SHA-256 is stored.

use crate::{Actor, Result, ServiceError, Services};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use middenveld_domain::user::{check_password, parse_username};
use middenveld_domain::{Role, Timestamp, ValidationErrors};
use middenveld_store::user::{self, UserRecord};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A logged-in user, as requests carry it.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.id),
            name: self.username.clone(),
            role: self.role,
        }
    }
}

impl From<&UserRecord> for CurrentUser {
    fn from(u: &UserRecord) -> Self {
        CurrentUser {
            id: u.id,
            username: u.username.clone(),
            role: u.role,
        }
    }
}

/// A new random secret, hex-encoded (32 bytes).
pub fn random_secret() -> Result<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| ServiceError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(buf))
}

/// SHA-256 of a secret, hex-encoded: what the database keeps.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

const MAX_FAILURES: u32 = 5;
const LOCK_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counts failed logins per user name: after five failures within 15 minutes, that name is
/// refused for 15 minutes after the last failure. Kept in memory, per process.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    fn check(&self, key: &str) -> Result<()> {
        let map = self
            .failures
            .lock()
            .map_err(|_| ServiceError::Internal("throttle poisoned".into()))?;
        if let Some((count, last)) = map.get(key)
            && *count >= MAX_FAILURES
        {
            let elapsed = last.elapsed();
            if elapsed < LOCK_WINDOW {
                return Err(ServiceError::Throttled {
                    retry_after_secs: (LOCK_WINDOW - elapsed).as_secs().max(1),
                });
            }
        }
        Ok(())
    }

    fn fail(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= LOCK_WINDOW {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
            entry.1 = Instant::now();
            if map.len() > 100_000 {
                map.retain(|_, (_, last)| last.elapsed() < LOCK_WINDOW);
            }
        }
    }

    fn succeed(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }
}

impl Services {
    fn hasher(&self) -> Argon2<'static> {
        if self.config.fast_password_hashing {
            let params = Params::new(1024, 1, 1, None).unwrap_or_default();
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        } else {
            Argon2::default()
        }
    }

    pub fn hash_password(&self, password: &str) -> Result<String> {
        self.hasher()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
    }

    /// Creates a user (CLI `user add`, admin page). The password must be long enough.
    pub async fn add_user(&self, actor: &Actor, username: &str, password: &str, role: Role) -> Result<i64> {
        actor.require(Role::Admin)?;
        let mut e = ValidationErrors::new();
        let name = e.take("gebruikersnaam", parse_username(username));
        e.take("wachtwoord", check_password(password));
        let name = e.finish(|| name)?;
        let hash = self.hash_password(password)?;
        let mut tx = self.db.begin().await?;
        if user::by_name(&mut tx, &name).await?.is_some() {
            return Err(ServiceError::Conflict {
                errors: ValidationErrors::one("gebruikersnaam", middenveld_domain::ErrorCode::NameTaken),
                existing: None,
            });
        }
        let id = user::insert(&mut tx, &name, &hash, role, &middenveld_store::now()).await?;
        crate::audit::write(
            &mut tx,
            actor,
            "gebruiker",
            id,
            crate::audit::Action::Create,
            &crate::audit::note("rol", "", role.code_str()),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Checks a user name and password; gives the user and a new session secret.
    pub async fn login(&self, username: &str, password: &str) -> Result<(CurrentUser, String)> {
        let key = username.trim().to_ascii_lowercase();
        self.throttle.check(&key)?;
        let mut conn = self.db.conn().await?;
        let found = user::by_name(&mut conn, &key).await?;
        // Verify against a dummy hash when the user is unknown, so timing does not tell.
        let hash = found
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| DUMMY_HASH.to_string());
        let ok = self
            .hasher()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        let user = match found {
            Some(u) if ok && u.active => u,
            _ => {
                self.throttle.fail(&key);
                return Err(ServiceError::BadCredentials);
            }
        };
        self.throttle.succeed(&key);
        drop(conn);
        let secret = random_secret()?;
        let now = time::OffsetDateTime::now_utc();
        let expires = now + time::Duration::hours(self.config.session_hours);
        let mut tx = self.db.begin().await?;
        user::insert_session(
            &mut tx,
            &secret_hash(&secret),
            user.id,
            &Timestamp(now).rfc3339(),
            &Timestamp(expires).rfc3339(),
        )
        .await?;
        tx.commit().await?;
        Ok((CurrentUser::from(&user), secret))
    }

    pub async fn logout(&self, session_secret: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        user::delete_session(&mut tx, &secret_hash(session_secret)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user of a session cookie, if the session is valid.
    pub async fn session_user(&self, session_secret: &str) -> Result<Option<CurrentUser>> {
        let mut conn = self.db.conn().await?;
        let u = user::session_user(&mut conn, &secret_hash(session_secret), &middenveld_store::now()).await?;
        Ok(u.as_ref().map(CurrentUser::from))
    }

    /// The user of a bearer token, if the token is valid.
    pub async fn token_user(&self, token: &str) -> Result<Option<CurrentUser>> {
        let mut conn = self.db.conn().await?;
        let Some(found) = user::token_user(&mut conn, &secret_hash(token)).await? else {
            return Ok(None);
        };
        drop(conn);
        // The time of use to the minute: a client's every request would otherwise be a write.
        let now = time::OffsetDateTime::now_utc();
        let stale = Timestamp(now - time::Duration::minutes(1)).rfc3339();
        if found.last_used_at.as_deref().is_none_or(|at| at < stale.as_str()) {
            let mut tx = self.db.begin().await?;
            user::touch_token(&mut tx, found.token_id, &Timestamp(now).rfc3339()).await?;
            tx.commit().await?;
        }
        Ok(Some(CurrentUser::from(&found.user)))
    }

    /// Creates an API token for a user; the token itself is shown once and never stored.
    pub async fn create_token(&self, actor: &Actor, username: &str, name: &str) -> Result<String> {
        let mut conn = self.db.conn().await?;
        let target = user::by_name(&mut conn, &username.trim().to_ascii_lowercase())
            .await?
            .ok_or(ServiceError::NotFound)?;
        if actor.user_id != Some(target.id) {
            actor.require(Role::Admin)?;
        }
        drop(conn);
        let token = format!("mv_{}", random_secret()?);
        let name = if name.trim().is_empty() {
            "API".to_string()
        } else {
            name.trim().chars().take(100).collect()
        };
        let mut tx = self.db.begin().await?;
        user::insert_token(
            &mut tx,
            &secret_hash(&token),
            target.id,
            &name,
            &middenveld_store::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn revoke_token(&self, actor: &Actor, user_id: i64, token_id: i64) -> Result<()> {
        if actor.user_id != Some(user_id) {
            actor.require(Role::Admin)?;
        }
        let mut tx = self.db.begin().await?;
        if user::revoke_token(&mut tx, user_id, token_id, &middenveld_store::now()).await? {
            tx.commit().await?;
            Ok(())
        } else {
            Err(ServiceError::NotFound)
        }
    }

    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserRecord>> {
        actor.require(Role::Admin)?;
        let mut conn = self.db.conn().await?;
        Ok(user::all(&mut conn).await?)
    }

    pub async fn tokens(&self, actor: &Actor, user_id: i64) -> Result<Vec<user::TokenRecord>> {
        if actor.user_id != Some(user_id) {
            actor.require(Role::Admin)?;
        }
        let mut conn = self.db.conn().await?;
        Ok(user::tokens_of(&mut conn, user_id).await?)
    }

    /// Changes a user's role or blocks them; the last active admin cannot be demoted.
    pub async fn set_user_role(&self, actor: &Actor, user_id: i64, role: Role, active: bool) -> Result<()> {
        actor.require(Role::Admin)?;
        let mut tx = self.db.begin().await?;
        let before = user::by_id(&mut tx, user_id).await?.ok_or(ServiceError::NotFound)?;
        if before.role == Role::Admin
            && before.active
            && (role != Role::Admin || !active)
            && user::count_admins(&mut tx).await? <= 1
        {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                "rol",
                middenveld_domain::ErrorCode::LastAdmin,
            )));
        }
        user::set_role_and_active(&mut tx, user_id, role, active).await?;
        let changes = middenveld_domain::audit::diff(
            &vec![
                ("rol", before.role.code_str().to_string()),
                ("actief", before.active.to_string()),
            ],
            &vec![("rol", role.code_str().to_string()), ("actief", active.to_string())],
        );
        crate::audit::write(
            &mut tx,
            actor,
            "gebruiker",
            user_id,
            crate::audit::Action::Update,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether any user exists (a fresh database has none).
    pub async fn has_users(&self) -> Result<bool> {
        let mut conn = self.db.conn().await?;
        Ok(!user::all(&mut conn).await?.is_empty())
    }
}

/// An argon2id hash of a random password nobody knows, for constant-time refusals.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Vq1mD+M7uZ9T6k4dQnXNz2tDqB2mX6yW2pQe3y9lGqE";

trait CodeStr {
    fn code_str(self) -> &'static str;
}

impl CodeStr for Role {
    fn code_str(self) -> &'static str {
        middenveld_domain::Coded::code(self)
    }
}
