//! The audit log: who changed what, when, field by field.

use crate::Conn;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub user_name: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    /// JSON array of {field, old, new}.
    pub changes: String,
}

#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub at: &'a str,
    pub user_id: Option<i64>,
    pub user_name: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub action: &'a str,
    pub changes: String,
}

pub async fn insert(conn: &mut Conn, e: &NewAuditEntry<'_>) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO audit_entries (at, user_id, user_name, entity, entity_id, action, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.at.to_string())
    .bind(e.user_id)
    .bind(e.user_name.to_string())
    .bind(e.entity.to_string())
    .bind(e.entity_id)
    .bind(e.action.to_string())
    .bind(e.changes.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn entry(r: &sqlx::any::AnyRow) -> crate::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        user_name: r.try_get("user_name")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        action: r.try_get("action")?,
        changes: r.try_get("changes")?,
    })
}

/// The history of one record, newest first.
pub async fn for_record(conn: &mut Conn, entity: &str, entity_id: i64, limit: i64) -> crate::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, user_name, entity, entity_id, action, changes FROM audit_entries \
         WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(entity.to_string())
    .bind(entity_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(entry).collect()
}

/// Entries whose change list matches one of `LIKE` patterns (lower case, `\` escapes) in
/// lower case, newest first: candidates for what names a person (see
/// `middenveld_domain::erasure::Traces::like_patterns`). Reads the whole log: for erasure
/// and the export of one person, not for pages.
pub async fn matching(conn: &mut Conn, patterns: &[String], limit: i64) -> crate::Result<Vec<AuditEntry>> {
    if patterns.is_empty() {
        return Ok(Vec::new());
    }
    let condition = (1..=patterns.len())
        .map(|i| format!("LOWER(changes) LIKE ${i} ESCAPE '\\'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, at, user_name, entity, entity_id, action, changes FROM audit_entries \
         WHERE {condition} ORDER BY id DESC LIMIT ${}",
        patterns.len() + 1
    )));
    for p in patterns {
        q = q.bind(p.clone());
    }
    let rows = q.bind(limit).fetch_all(&mut *conn).await?;
    rows.iter().map(entry).collect()
}

/// Replaces an entry's change list (erasure of personal values); who and when stay.
pub async fn set_changes(conn: &mut Conn, id: i64, changes: &str) -> crate::Result<()> {
    sqlx::query("UPDATE audit_entries SET changes = $1 WHERE id = $2")
        .bind(changes.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Blanks the values in a record's audit trail (erasure of personal data); who and when stay.
pub async fn erase_values(conn: &mut Conn, entity: &str, entity_id: i64) -> crate::Result<()> {
    sqlx::query("UPDATE audit_entries SET changes = '[]' WHERE entity = $1 AND entity_id = $2")
        .bind(entity.to_string())
        .bind(entity_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
