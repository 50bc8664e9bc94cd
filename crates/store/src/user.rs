//! Users, login sessions and API tokens in storage. Secrets are stored only as hashes.

use crate::{Conn, classify, decode};
use middenveld_domain::enums::{Coded, Role};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
}

fn user(r: &sqlx::any::AnyRow) -> crate::Result<UserRecord> {
    Ok(UserRecord {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        password_hash: r.try_get("password_hash")?,
        role: decode("role", Role::parse(&r.try_get::<String, _>("role")?))?,
        active: r.try_get::<i64, _>("active")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert(conn: &mut Conn, username: &str, password_hash: &str, role: Role, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO users (username, password_hash, role, active, created_at) VALUES ($1, $2, $3, 1, $4) RETURNING id",
    )
    .bind(username.to_string())
    .bind(password_hash.to_string())
    .bind(role.code())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn set_password(conn: &mut Conn, id: i64, password_hash: &str) -> crate::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_role_and_active(conn: &mut Conn, id: i64, role: Role, active: bool) -> crate::Result<bool> {
    let done = sqlx::query("UPDATE users SET role = $1, active = $2 WHERE id = $3")
        .bind(role.code())
        .bind(i64::from(active))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn by_name(conn: &mut Conn, username: &str) -> crate::Result<Option<UserRecord>> {
    let row = sqlx::query("SELECT * FROM users WHERE username = $1")
        .bind(username.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(user).transpose()
}

pub async fn by_id(conn: &mut Conn, id: i64) -> crate::Result<Option<UserRecord>> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(user).transpose()
}

pub async fn all(conn: &mut Conn) -> crate::Result<Vec<UserRecord>> {
    let rows = sqlx::query("SELECT * FROM users ORDER BY username")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(user).collect()
}

pub async fn count_admins(conn: &mut Conn) -> crate::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    now: &str,
    expires_at: &str,
) -> crate::Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(now.to_string())
        .bind(expires_at.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The active user of an unexpired session.
pub async fn session_user(conn: &mut Conn, token_hash: &str, now: &str) -> crate::Result<Option<UserRecord>> {
    let row = sqlx::query(
        "SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash.to_string())
    .bind(now.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(user).transpose()
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> crate::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete_expired_sessions(conn: &mut Conn, now: &str) -> crate::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

pub async fn insert_token(
    conn: &mut Conn,
    token_hash: &str,
    user_id: i64,
    name: &str,
    now: &str,
) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(token_hash.to_string())
    .bind(user_id)
    .bind(name.to_string())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// A token's user and when the token was last used.
#[derive(Debug, Clone)]
pub struct TokenUse {
    pub user: UserRecord,
    pub token_id: i64,
    pub last_used_at: Option<String>,
}

/// The active user of an unrevoked token (a read: [`touch_token`] records the use).
pub async fn token_user(conn: &mut Conn, token_hash: &str) -> crate::Result<Option<TokenUse>> {
    let row = sqlx::query(
        "SELECT u.*, t.id AS token_id, t.last_used_at AS token_last_used_at FROM api_tokens t \
         JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1",
    )
    .bind(token_hash.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(TokenUse {
        user: user(&row)?,
        token_id: row.try_get("token_id")?,
        last_used_at: row.try_get("token_last_used_at")?,
    }))
}

/// Records when a token was used.
pub async fn touch_token(conn: &mut Conn, token_id: i64, now: &str) -> crate::Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now.to_string())
        .bind(token_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

pub async fn tokens_of(conn: &mut Conn, user_id: i64) -> crate::Result<Vec<TokenRecord>> {
    let rows = sqlx::query(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenRecord {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
                revoked_at: r.try_get("revoked_at")?,
            })
        })
        .collect()
}

pub async fn revoke_token(conn: &mut Conn, user_id: i64, token_id: i64, now: &str) -> crate::Result<bool> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now.to_string())
            .bind(token_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}
