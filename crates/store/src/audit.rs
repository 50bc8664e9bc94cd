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
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                user_name: r.try_get("user_name")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                action: r.try_get("action")?,
                changes: r.try_get("changes")?,
            })
        })
        .collect()
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
