//! Erasing a person's traces from the text of other records, and from the database file.

use crate::{Backend, Conn, Db};
use middenveld_domain::erasure::Traces;
use sqlx::Row;

/// The text columns of other records where a person's name, e-mail address or phone number
/// is written by hand: contact data, summaries of contact moments, follow-up tasks, reasons.
/// Erasure blanks the person's traces here; editorial texts (descriptions, stories of good
/// examples) are not rewritten behind their editors' backs.
const TEXT_COLUMNS: &[(&str, &[&str])] = &[
    ("contacts", &["summary"]),
    (
        "referrals",
        &[
            "question",
            "outcome",
            "contact_name",
            "contact_email",
            "contact_organisation",
        ],
    ),
    ("advices", &["contact_name", "contact_phone", "contact_email"]),
    ("tasks", &["title", "assignee", "outcome", "note"]),
    ("stage_changes", &["reason"]),
    ("support_records", &["description"]),
    ("tracks", &["trainers"]),
    ("examples", &["consent_signer"]),
];

/// Blanks the traces in [`TEXT_COLUMNS`]; gives the number of values changed.
pub async fn scrub_texts(conn: &mut Conn, traces: &Traces) -> crate::Result<u64> {
    let patterns = traces.like_patterns();
    if patterns.is_empty() {
        return Ok(0);
    }
    let mut changed = 0;
    for (table, columns) in TEXT_COLUMNS {
        for column in *columns {
            let condition = (1..=patterns.len())
                .map(|i| format!("LOWER({column}) LIKE ${i} ESCAPE '\\'"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, {column} AS v FROM {table} WHERE {condition}"
            )));
            for p in &patterns {
                q = q.bind(p.clone());
            }
            let rows = q.fetch_all(&mut *conn).await?;
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                let Some(text) = r.try_get::<Option<String>, _>("v")? else {
                    continue;
                };
                if let Some(scrubbed) = traces.scrub(&text) {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE {table} SET {column} = $1 WHERE id = $2"
                    )))
                    .bind(scrubbed)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                    changed += 1;
                }
            }
        }
    }
    Ok(changed)
}

/// SQLite only: from here on in this transaction, deleted and overwritten content is zeroed
/// in the file (`PRAGMA secure_delete`), and the people search index drops a deleted row's
/// words from its segments at once (FTS5 `secure-delete`) instead of marking them deleted.
/// [`end_secure_delete`] sets the connection back.
pub async fn begin_secure_delete(conn: &mut Conn, backend: Backend) -> crate::Result<()> {
    if backend == Backend::Sqlite {
        sqlx::raw_sql(
            "PRAGMA secure_delete = ON; \
             INSERT INTO people_fts(people_fts, rank) VALUES ('secure-delete', 1);",
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn end_secure_delete(conn: &mut Conn, backend: Backend) -> crate::Result<()> {
    if backend == Backend::Sqlite {
        sqlx::raw_sql("PRAGMA secure_delete = OFF;").execute(&mut *conn).await?;
    }
    Ok(())
}

/// SQLite only, after the erasure's commit: copies the write-ahead log into the database file
/// and truncates it, so the erased values' earlier page images do not stay in the log.
/// Gives false when readers kept part of the log in use (it is then overwritten later).
pub async fn checkpoint(db: &Db) -> crate::Result<bool> {
    if db.backend != Backend::Sqlite {
        return Ok(true);
    }
    let mut conn = db.conn().await?;
    let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *conn)
        .await?;
    let busy: i64 = row.try_get(0)?;
    Ok(busy == 0)
}
