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

/// Failed logins that one client address may make (over all user names) before each next
/// attempt from it must wait; the wait doubles with every further failure.
const ADDRESS_FREE: u32 = 10;
/// Failed logins for one user name from one address before that pair must wait.
const PAIR_FREE: u32 = 3;
/// Failed logins for one user name from devices it has never logged in from, over all
/// addresses, before such devices must wait (a guessing network spread over many addresses).
const USER_FREE: u32 = 10;
/// The longest wait for an address or a pair.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// The longest wait a user name can impose on strangers' devices: short, so that nobody can
/// lock its owner out; a device the user logged in from before never waits for it.
const LONGEST_USER_WAIT: Duration = Duration::from_secs(60);
/// A counter is forgotten this long after its last failure.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// The memory the counters may take, in bytes, however many addresses and names an attacker
/// tries. Each counter is a fixed-size hash of what it counts, never the name itself.
pub const THROTTLE_MAX_BYTES: usize = 4 * 1024 * 1024;
/// The longest user name and password a login form may send; longer ones are refused before
/// anything is counted or hashed.
pub const MAX_LOGIN_NAME_CHARS: usize = 64;
const MAX_PASSWORD_CHARS: usize = middenveld_domain::user::MAX_PASSWORD_LEN;

/// What a throttle counter counts.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Address,
    Pair,
    User,
}

impl Scope {
    fn rule(self) -> (u32, Duration) {
        match self {
            Scope::Address => (ADDRESS_FREE, LONGEST_WAIT),
            Scope::Pair => (PAIR_FREE, LONGEST_WAIT),
            Scope::User => (USER_FREE, LONGEST_USER_WAIT),
        }
    }
}

/// A counter's key: SHA-256 of its scope and parts, so every entry has the same small size.
type Key = [u8; 32];

fn key(scope: Scope, parts: &[&str]) -> (Scope, Key) {
    let mut h = Sha256::new();
    h.update([scope as u8]);
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let mut out: Key = [0; 32];
    out.copy_from_slice(&h.finalize());
    (scope, out)
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    failures: u32,
    last: Instant,
}

impl Counter {
    /// How long from `now` the next attempt must wait under this counter.
    fn wait(&self, scope: Scope, now: Instant) -> Duration {
        let (free, longest) = scope.rule();
        if self.failures < free {
            return Duration::ZERO;
        }
        let doublings = (self.failures - free).min(20);
        let delay = Duration::from_secs(1u64 << doublings).min(longest);
        (self.last + delay).saturating_duration_since(now)
    }
}

/// Slows password guessing without letting anyone lock an account: every failed login counts
/// against the client address, against the pair of address and user name, and (when the device
/// is unknown to that user) against the user name. Past a few free failures each counter makes
/// the next attempt wait, 1 s doubling per failure up to its longest wait; the answer says how
/// long (`Retry-After`). Because the pair and address are the stranger's own, the owner of the
/// name logs in from elsewhere, and from a device they used before even while the name is under
/// attack. Kept in memory per process, bounded in bytes; counters expire.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    counters: Mutex<HashMap<Key, Counter>>,
}

/// What one counter entry takes in the table: its key, its value and the map's control byte,
/// doubled for the spare room of a hash table that grows by doubling.
const ENTRY_BYTES: usize = 2 * (std::mem::size_of::<Key>() + std::mem::size_of::<Counter>() + 1);
const MAX_ENTRIES: usize = THROTTLE_MAX_BYTES / ENTRY_BYTES;

impl LoginThrottle {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<Key, Counter>>> {
        self.counters
            .lock()
            .map_err(|_| ServiceError::Internal("throttle poisoned".into()))
    }

    /// Refuses with the longest wait any of these counters asks for.
    fn check(&self, keys: &[(Scope, Key)], now: Instant) -> Result<()> {
        let map = self.lock()?;
        let wait = keys
            .iter()
            .filter_map(|(scope, k)| map.get(k).map(|c| c.wait(*scope, now)))
            .max()
            .unwrap_or_default();
        if wait.is_zero() {
            Ok(())
        } else {
            Err(ServiceError::Throttled {
                retry_after_secs: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
            })
        }
    }

    fn fail(&self, keys: &[(Scope, Key)], now: Instant) {
        let Ok(mut map) = self.lock() else { return };
        for (_, k) in keys {
            if !map.contains_key(k) && map.len() >= MAX_ENTRIES {
                make_room(&mut map, now);
            }
            let c = map.entry(*k).or_insert(Counter { failures: 0, last: now });
            if now.saturating_duration_since(c.last) >= FORGET_AFTER {
                c.failures = 0;
            }
            c.failures = c.failures.saturating_add(1);
            c.last = now;
        }
    }

    fn succeed(&self, keys: &[(Scope, Key)]) {
        if let Ok(mut map) = self.lock() {
            for (_, k) in keys {
                map.remove(k);
            }
        }
    }

    /// Drops the counters whose last failure is older than the forget time.
    pub fn forget_old(&self, now: Instant) {
        if let Ok(mut map) = self.lock() {
            map.retain(|_, c| now.saturating_duration_since(c.last) < FORGET_AFTER);
            map.shrink_to_fit();
        }
    }

    /// Counters held.
    pub fn len(&self) -> usize {
        self.lock().map(|m| m.len()).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the counter table has allocated.
    pub fn bytes(&self) -> usize {
        self.lock()
            .map(|m| m.capacity() * (std::mem::size_of::<Key>() + std::mem::size_of::<Counter>() + 1))
            .unwrap_or_default()
    }
}

/// Drops expired counters; when the table is still full of fresh ones, the oldest eighth goes
/// at once, so that a flood of new keys costs a scan per many insertions, not per insertion.
fn make_room(map: &mut HashMap<Key, Counter>, now: Instant) {
    map.retain(|_, c| now.saturating_duration_since(c.last) < FORGET_AFTER);
    if map.len() < MAX_ENTRIES {
        return;
    }
    let mut by_age: Vec<(Instant, Key)> = map.iter().map(|(k, c)| (c.last, *k)).collect();
    let cut = by_age.len() / 8;
    if cut > 0 {
        by_age.select_nth_unstable_by_key(cut, |(last, _)| *last);
    }
    for (_, k) in by_age.iter().take(cut.max(1)) {
        map.remove(k);
    }
}

/// Who is logging in, as far as the web layer can tell: the client's address (IPv6 grouped by
/// /64) and the device cookie it sent, if any.
#[derive(Debug, Clone, Default)]
pub struct LoginClient {
    pub address: String,
    pub device: Option<String>,
}

/// A successful login: the user, the new session secret and a device token to keep (a
/// browser that holds it is known to this user and never waits for strangers' failures).
#[derive(Debug, Clone)]
pub struct LoginOk {
    pub user: CurrentUser,
    pub session: String,
    pub device: String,
}

type HmacSha256 = hmac::Hmac<Sha256>;

/// A device token: `<user id>.<nonce>.<mac>`, the MAC keyed with the user's password hash, so
/// nothing is stored and a new password forgets every device.
fn device_mac(user: &UserRecord, nonce: &str) -> Option<HmacSha256> {
    use hmac::{KeyInit, Mac};
    let mut mac = HmacSha256::new_from_slice(user.password_hash.as_bytes()).ok()?;
    mac.update(b"middenveld-device\0");
    mac.update(user.id.to_string().as_bytes());
    mac.update(b".");
    mac.update(nonce.as_bytes());
    Some(mac)
}

fn device_token(user: &UserRecord) -> Result<String> {
    use hmac::Mac;
    let nonce: String = random_secret()?.chars().take(32).collect();
    let mac = device_mac(user, &nonce).ok_or_else(|| ServiceError::Internal("device token".into()))?;
    Ok(format!(
        "{}.{nonce}.{}",
        user.id,
        hex::encode(mac.finalize().into_bytes())
    ))
}

fn is_known_device(user: &UserRecord, token: Option<&str>) -> bool {
    use hmac::Mac;
    let Some(token) = token.filter(|t| t.len() <= 200) else {
        return false;
    };
    let mut parts = token.splitn(3, '.');
    let (Some(id), Some(nonce), Some(tag)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Ok(tag), Some(mac)) = (hex::decode(tag), device_mac(user, nonce)) else {
        return false;
    };
    id == user.id.to_string() && mac.verify_slice(&tag).is_ok()
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

    /// Checks a user name and password; gives the user, a new session secret and a device
    /// token. Over-long or malformed names and over-long passwords are refused before anything
    /// is counted; throttled attempts are refused before the password is looked at.
    pub async fn login(&self, username: &str, password: &str, client: &LoginClient) -> Result<LoginOk> {
        self.login_at(username, password, client, Instant::now()).await
    }

    async fn login_at(&self, username: &str, password: &str, client: &LoginClient, now: Instant) -> Result<LoginOk> {
        let mut e = ValidationErrors::new();
        let name = if username.chars().count() > MAX_LOGIN_NAME_CHARS {
            e.add(
                "gebruikersnaam",
                middenveld_domain::ErrorCode::TooLong {
                    max: MAX_LOGIN_NAME_CHARS,
                },
            );
            None
        } else {
            e.take("gebruikersnaam", parse_username(username))
        };
        if password.len() > 4 * MAX_PASSWORD_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
            e.add(
                "wachtwoord",
                middenveld_domain::ErrorCode::TooLong {
                    max: MAX_PASSWORD_CHARS,
                },
            );
        }
        let key_name = e.finish(|| name)?;
        let address = key(Scope::Address, &[&client.address]);
        let pair = key(Scope::Pair, &[&client.address, &key_name]);
        let user_key = key(Scope::User, &[&key_name]);
        self.throttle.check(&[address, pair], now)?;
        let mut conn = self.db.conn().await?;
        let found = user::by_name(&mut conn, &key_name).await?;
        let known = found
            .as_ref()
            .is_some_and(|u| is_known_device(u, client.device.as_deref()));
        if !known {
            self.throttle.check(&[user_key], now)?;
        }
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
                if known {
                    self.throttle.fail(&[address, pair], now);
                } else {
                    self.throttle.fail(&[address, pair, user_key], now);
                }
                return Err(ServiceError::BadCredentials);
            }
        };
        // Only this address's count for the name is cleared: the name's count of strangers'
        // failures stays, or a stranger would get fresh free guesses after each real login.
        self.throttle.succeed(&[pair]);
        drop(conn);
        let secret = random_secret()?;
        let device = device_token(&user)?;
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
        Ok(LoginOk {
            user: CurrentUser::from(&user),
            session: secret,
            device,
        })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::{Actor, ServiceConfig};

    fn pair_keys(address: &str, name: &str) -> [(Scope, Key); 2] {
        [key(Scope::Address, &[address]), key(Scope::Pair, &[address, name])]
    }

    #[test]
    fn the_table_stays_within_its_byte_bound_whatever_is_tried() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..(MAX_ENTRIES * 3) {
            let name = format!("{i}{}", "x".repeat(60));
            t.fail(&[key(Scope::User, &[&name])], now);
        }
        assert!(t.len() <= MAX_ENTRIES, "{} counters", t.len());
        assert!(t.bytes() <= THROTTLE_MAX_BYTES, "{} bytes", t.bytes());
    }

    #[test]
    fn counters_expire() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let keys = pair_keys("192.0.2.1", "admin");
        for _ in 0..PAIR_FREE + 3 {
            t.fail(&keys, now);
        }
        assert!(t.check(&keys, now).is_err());
        let later = now + FORGET_AFTER + Duration::from_secs(1);
        assert!(t.check(&keys, later).is_ok(), "the wait has passed");
        t.forget_old(later);
        assert!(t.is_empty(), "old counters are dropped");
    }

    #[test]
    fn the_wait_doubles_per_failure_and_is_said_in_seconds() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let keys = pair_keys("192.0.2.1", "admin");
        for _ in 0..PAIR_FREE {
            assert!(t.check(&keys, now).is_ok());
            t.fail(&keys, now);
        }
        let retry = |t: &LoginThrottle, at| match t.check(&keys, at) {
            Err(ServiceError::Throttled { retry_after_secs }) => retry_after_secs,
            other => panic!("expected a wait, got {other:?}"),
        };
        assert_eq!(retry(&t, now), 1);
        t.fail(&keys, now);
        assert_eq!(retry(&t, now), 2);
        t.fail(&keys, now);
        assert_eq!(retry(&t, now), 4);
        for _ in 0..30 {
            t.fail(&keys, now);
        }
        assert_eq!(retry(&t, now), LONGEST_WAIT.as_secs(), "the wait has a ceiling");
    }

    #[test]
    fn one_address_is_limited_over_all_user_names() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..ADDRESS_FREE {
            let keys = pair_keys("198.51.100.7", &format!("naam{i}"));
            assert!(t.check(&keys, now).is_ok(), "attempt {i}");
            t.fail(&keys, now);
        }
        assert!(matches!(
            t.check(&pair_keys("198.51.100.7", "nog-een-naam"), now),
            Err(ServiceError::Throttled { .. })
        ));
        assert!(
            t.check(&pair_keys("192.0.2.1", "nog-een-naam"), now).is_ok(),
            "other addresses are not"
        );
    }

    async fn services() -> (Services, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "middenveld-throttle-{}-{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let db = middenveld_store::Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        middenveld_store::migrate::run(&db).await.unwrap();
        let s = Services::new(
            db,
            ServiceConfig {
                fast_password_hashing: true,
                ..Default::default()
            },
        );
        s.add_user(&Actor::system("test"), "admin", "het-juiste-wachtwoord", Role::Admin)
            .await
            .unwrap();
        (s, path)
    }

    fn from(address: &str, device: Option<&str>) -> LoginClient {
        LoginClient {
            address: address.into(),
            device: device.map(str::to_string),
        }
    }

    #[tokio::test]
    async fn a_stranger_hammering_admin_does_not_lock_its_owner_out() {
        let (s, path) = services().await;
        let now = Instant::now();
        // The owner logged in once before: their browser keeps a device token.
        let first = s
            .login_at("admin", "het-juiste-wachtwoord", &from("192.0.2.10", None), now)
            .await
            .unwrap();
        // A stranger spread over many addresses tries wrong passwords, as fast as allowed.
        let mut refused = 0;
        for i in 0..200 {
            let stranger = from(&format!("203.0.113.{}", i % 50), None);
            match s.login_at("admin", "geraden-wachtwoord", &stranger, now).await {
                Err(ServiceError::BadCredentials) => {}
                Err(ServiceError::Throttled { retry_after_secs }) => {
                    assert!(retry_after_secs >= 1);
                    refused += 1;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(refused > 100, "guessing is slowed: {refused} of 200 refused");
        // The owner's known device gets in with the right password, at once.
        let again = s
            .login_at(
                "admin",
                "het-juiste-wachtwoord",
                &from("192.0.2.10", Some(&first.device)),
                now,
            )
            .await;
        assert!(again.is_ok(), "{again:?}");
        // A forged device token is a stranger's.
        let forged = format!("{}.00.00", first.user.id);
        assert!(matches!(
            s.login_at(
                "admin",
                "het-juiste-wachtwoord",
                &from("192.0.2.11", Some(&forged)),
                now
            )
            .await,
            Err(ServiceError::Throttled { .. })
        ));
        // A new device only waits a short while, never a lock-out: within a minute it gets in.
        let later = now + LONGEST_USER_WAIT + Duration::from_secs(1);
        assert!(
            s.login_at("admin", "het-juiste-wachtwoord", &from("192.0.2.12", None), later)
                .await
                .is_ok()
        );
        s.db.pool.close().await;
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test]
    async fn an_over_long_user_name_is_refused_before_anything_is_counted() {
        let (s, path) = services().await;
        let name = "a".repeat(1_000_000);
        for _ in 0..20 {
            let r = s
                .login(&name, "x", &from(&format!("2001:db8::{}", name.len()), None))
                .await;
            assert!(matches!(r, Err(ServiceError::Invalid(_))), "{r:?}");
        }
        assert!(s.throttle.is_empty(), "nothing stored");
        s.db.pool.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
