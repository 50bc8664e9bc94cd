//! Versioned migrations, plain SQL per backend with the same numbering, applied in order.
//! A database whose schema is newer than this binary is refused.

use crate::{Backend, Db, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "list_indexes",
        sqlite: include_str!("../migrations/sqlite/0002_list_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0002_list_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "import_mappings",
        sqlite: include_str!("../migrations/sqlite/0003_import_mappings.sql"),
        postgres: include_str!("../migrations/postgres/0003_import_mappings.sql"),
    },
    Migration {
        version: 4,
        name: "duplicates",
        sqlite: include_str!("../migrations/sqlite/0004_duplicates.sql"),
        postgres: include_str!("../migrations/postgres/0004_duplicates.sql"),
    },
    Migration {
        version: 5,
        name: "list_updated_indexes",
        sqlite: include_str!("../migrations/sqlite/0005_list_updated_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0005_list_updated_indexes.sql"),
    },
    Migration {
        version: 6,
        name: "events",
        sqlite: include_str!("../migrations/sqlite/0006_events.sql"),
        postgres: include_str!("../migrations/postgres/0006_events.sql"),
    },
    Migration {
        version: 7,
        name: "stage_changes",
        sqlite: include_str!("../migrations/sqlite/0007_stage_changes.sql"),
        postgres: include_str!("../migrations/postgres/0007_stage_changes.sql"),
    },
    Migration {
        version: 8,
        name: "support",
        sqlite: include_str!("../migrations/sqlite/0008_support.sql"),
        postgres: include_str!("../migrations/postgres/0008_support.sql"),
    },
    Migration {
        version: 9,
        name: "referrals",
        sqlite: include_str!("../migrations/sqlite/0009_referrals.sql"),
        postgres: include_str!("../migrations/postgres/0009_referrals.sql"),
    },
    Migration {
        version: 10,
        name: "tracks",
        sqlite: include_str!("../migrations/sqlite/0010_tracks.sql"),
        postgres: include_str!("../migrations/postgres/0010_tracks.sql"),
    },
    Migration {
        version: 11,
        name: "signpost",
        sqlite: include_str!("../migrations/sqlite/0011_signpost.sql"),
        postgres: include_str!("../migrations/postgres/0011_signpost.sql"),
    },
    Migration {
        version: 12,
        name: "launching_cases",
        sqlite: include_str!("../migrations/sqlite/0012_launching_cases.sql"),
        postgres: include_str!("../migrations/postgres/0012_launching_cases.sql"),
    },
    Migration {
        version: 13,
        name: "contacts",
        sqlite: include_str!("../migrations/sqlite/0013_contacts.sql"),
        postgres: include_str!("../migrations/postgres/0013_contacts.sql"),
    },
    Migration {
        version: 14,
        name: "spin_off_index",
        sqlite: include_str!("../migrations/sqlite/0014_spin_off_index.sql"),
        postgres: include_str!("../migrations/postgres/0014_spin_off_index.sql"),
    },
    Migration {
        version: 15,
        name: "accountability",
        sqlite: include_str!("../migrations/sqlite/0015_accountability.sql"),
        postgres: include_str!("../migrations/postgres/0015_accountability.sql"),
    },
    Migration {
        version: 16,
        name: "stage_moves_index",
        sqlite: include_str!("../migrations/sqlite/0016_stage_moves_index.sql"),
        postgres: include_str!("../migrations/postgres/0016_stage_moves_index.sql"),
    },
    Migration {
        version: 17,
        name: "examples",
        sqlite: include_str!("../migrations/sqlite/0017_examples.sql"),
        postgres: include_str!("../migrations/postgres/0017_examples.sql"),
    },
    Migration {
        version: 18,
        name: "boundaries",
        sqlite: include_str!("../migrations/sqlite/0018_boundaries.sql"),
        postgres: include_str!("../migrations/postgres/0018_boundaries.sql"),
    },
    Migration {
        version: 19,
        name: "advice",
        sqlite: include_str!("../migrations/sqlite/0019_advice.sql"),
        postgres: include_str!("../migrations/postgres/0019_advice.sql"),
    },
    Migration {
        version: 20,
        name: "agreements",
        sqlite: include_str!("../migrations/sqlite/0020_agreements.sql"),
        postgres: include_str!("../migrations/postgres/0020_agreements.sql"),
    },
    Migration {
        version: 21,
        name: "journey_counts",
        sqlite: include_str!("../migrations/sqlite/0021_journey_counts.sql"),
        postgres: include_str!("../migrations/postgres/0021_journey_counts.sql"),
    },
    Migration {
        version: 22,
        name: "indicator_indexes",
        sqlite: include_str!("../migrations/sqlite/0022_indicator_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0022_indicator_indexes.sql"),
    },
    Migration {
        version: 23,
        name: "ids_never_reused",
        sqlite: include_str!("../migrations/sqlite/0023_ids_never_reused.sql"),
        postgres: include_str!("../migrations/postgres/0023_ids_never_reused.sql"),
    },
];

/// The migration that rebuilds SQLite's tables with `AUTOINCREMENT` (see [`autoincrement`]).
const AUTOINCREMENT_VERSION: i64 = 23;

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// The SQL text of every migration for one backend, in order (for tests and tools).
pub fn scripts(backend: Backend) -> Vec<&'static str> {
    MIGRATIONS
        .iter()
        .map(|m| match backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        })
        .collect()
}

/// Applies the pending migrations, each in its own transaction, and seeds the reference
/// facts. Returns the versions applied.
pub async fn run(db: &Db) -> crate::Result<Vec<i64>> {
    let mut conn = db.conn().await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let current: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_version")
        .fetch_one(&mut *conn)
        .await?;
    let current = current.unwrap_or(0);
    if current > latest_version() {
        return Err(StoreError::SchemaTooNew {
            database: current,
            known: latest_version(),
        });
    }
    drop(conn);
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        if db.backend == Backend::Sqlite && m.version == AUTOINCREMENT_VERSION {
            apply_without_foreign_keys(db, m).await?;
        } else {
            let mut tx = db.begin().await?;
            apply(&mut tx, db.backend, m).await?;
            tx.commit().await?;
        }
        tracing::info!(version = m.version, name = m.name, "migration applied");
        applied.push(m.version);
    }
    crate::reference::seed(db).await?;
    if db.backend == Backend::Sqlite {
        // Keeps the query planner's statistics current (PostgreSQL's autovacuum does this);
        // 0x10002 also analyses tables that were never analysed.
        // On the writer: ANALYZE writes.
        let mut conn = db.writer_conn().await?;
        sqlx::query("PRAGMA optimize = 0x10002").execute(&mut *conn).await?;
    }
    Ok(applied)
}

/// Runs one migration's script and records it, in the caller's transaction.
async fn apply(conn: &mut crate::Conn, backend: Backend, m: &Migration) -> crate::Result<()> {
    let script = match backend {
        Backend::Sqlite => m.sqlite,
        Backend::Postgres => m.postgres,
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)")
        .bind(m.version)
        .bind(m.name)
        .bind(crate::now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Applies a SQLite migration that rebuilds tables. A table is rebuilt by creating its
/// successor and dropping it, and with foreign keys on, DROP TABLE first deletes every row,
/// cascading to the tables that refer to it. So foreign keys are off for the migration (a
/// pragma that has no effect inside a transaction, hence on the connection, before it
/// begins), checked at its end, and on again afterwards, also when it fails.
async fn apply_without_foreign_keys(db: &Db, m: &Migration) -> crate::Result<()> {
    use sqlx::Connection;
    let mut conn = db.writer_conn().await?;
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
    let result = async {
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
        autoincrement(&mut tx).await?;
        apply(&mut tx, Backend::Sqlite, m).await?;
        let broken: Vec<(String, i64)> = sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
            .fetch_all(&mut *tx)
            .await?;
        if let Some((table, rowid)) = broken.first() {
            return Err(StoreError::Corrupt(format!(
                "migration {}: {} rows refer to records that do not exist, the first in {table} (rowid {rowid})",
                m.version,
                broken.len()
            )));
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    // The connection that rebuilt the tables is not used again (SQLite 3.51 kept stale state
    // of the renamed tables in it: "no such table" on the next delete), and a new one starts
    // with foreign keys on in any case.
    conn.close_on_drop();
    drop(conn);
    result
}

/// Rebuilds every SQLite table whose integer primary key lacks `AUTOINCREMENT` with it, so
/// that the id of a deleted record (say an erased person) is never given to a new one, whose
/// page would then show the erased person's history. Generic, from the schema's own SQL: the
/// successor is created under a temporary name, the rows are copied with their ids (which also
/// sets the table's counter in sqlite_sequence), the table is dropped (its indexes and
/// triggers with it), the successor renamed, and the indexes and triggers created again from
/// their saved SQL. The tables of full-text indexes (FTS5) are left alone: they refer to their
/// content table by name and to its rows by id, which both stay. Runs with foreign keys off
/// (see [`apply_without_foreign_keys`]).
async fn autoincrement(conn: &mut crate::Conn) -> crate::Result<()> {
    let virtual_tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
            .fetch_all(&mut *conn)
            .await?;
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, sql) in tables {
        if virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_"))) {
            continue; // a full-text index's own storage
        }
        let Some(successor_sql) = with_autoincrement(&name, &sql)? else {
            continue;
        };
        let temporary = format!("{name}__autoincrement");
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid")
                .bind(name.clone())
                .fetch_all(&mut *conn)
                .await?;
        let columns = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let dependents: Vec<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE tbl_name = $1 AND type IN ('index', 'trigger') AND sql IS NOT NULL \
             ORDER BY type, name",
        )
        .bind(name.clone())
        .fetch_all(&mut *conn)
        .await?;
        let mut script = format!(
            "{successor_sql};\nINSERT INTO \"{temporary}\" ({columns}) SELECT {columns} FROM \"{name}\";\n\
             DROP TABLE \"{name}\";\nALTER TABLE \"{temporary}\" RENAME TO \"{name}\";\n"
        );
        for d in dependents {
            script.push_str(&d);
            script.push_str(";\n");
        }
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The CREATE TABLE statement of `name`'s successor under a temporary name, with
/// `AUTOINCREMENT` on its `INTEGER PRIMARY KEY` column; `None` when it has none or has it
/// already. A statement written otherwise than this schema writes them is refused rather than
/// guessed at.
fn with_autoincrement(name: &str, sql: &str) -> crate::Result<Option<String>> {
    const KEY: &str = "integer primary key";
    let lower = sql.to_ascii_lowercase();
    let Some(at) = lower.find(KEY) else {
        return Ok(None);
    };
    let end = at + KEY.len();
    if lower[end..].trim_start().starts_with("autoincrement") {
        return Ok(None);
    }
    let unexpected = || StoreError::Corrupt(format!("table {name}: cannot add AUTOINCREMENT to {sql:?}"));
    if lower[end..].contains(KEY) {
        return Err(unexpected());
    }
    let head = format!("CREATE TABLE {name} ");
    let Some(rest) = sql.strip_prefix(&head) else {
        return Err(unexpected());
    };
    let end = end - head.len();
    Ok(Some(format!(
        "CREATE TABLE \"{name}__autoincrement\" {} AUTOINCREMENT{}",
        &rest[..end],
        &rest[end..]
    )))
}

/// The schema version of the database (0 when never migrated).
pub async fn current_version(db: &Db) -> crate::Result<i64> {
    let mut conn = db.conn().await?;
    let exists = match db.backend {
        Backend::Sqlite => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            )
            .fetch_one(&mut *conn)
            .await?
        }
        Backend::Postgres => {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'",
            )
            .fetch_one(&mut *conn)
            .await?
        }
    };
    if exists == 0 {
        return Ok(0);
    }
    let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_version")
        .fetch_one(&mut *conn)
        .await?;
    Ok(v.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Table → column names, read from the CREATE TABLE and ALTER TABLE … ADD COLUMN statements.
    fn columns(script: &str) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut table: Option<String> = None;
        for line in script.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                let name = rest.split_whitespace().next().unwrap_or_default().to_string();
                out.entry(name.clone()).or_default();
                table = Some(name);
            } else if line.starts_with(");") {
                table = None;
            } else if let Some(t) = &table {
                let first = line.split_whitespace().next().unwrap_or_default();
                let is_constraint = ["PRIMARY", "CHECK", "UNIQUE", "FOREIGN", "--", ""].contains(&first);
                if !is_constraint {
                    out.entry(t.clone())
                        .or_default()
                        .push(first.trim_end_matches(',').to_string());
                }
            }
        }
        out
    }

    /// Names of the indexes created (CREATE INDEX … name ON …), less the full-text ones:
    /// those differ by design (FTS5 tables on SQLite, GIN indexes on PostgreSQL).
    fn indexes(script: &str) -> Vec<String> {
        let mut names: Vec<String> = script
            .lines()
            .filter(|l| !l.contains("USING GIN"))
            .filter_map(|l| l.trim().strip_prefix("CREATE INDEX "))
            .filter_map(|rest| rest.split_whitespace().next().map(str::to_string))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_backends_define_the_same_tables_columns_and_indexes() {
        for m in MIGRATIONS {
            assert_eq!(columns(m.sqlite), columns(m.postgres), "migration {}", m.version);
            assert_eq!(indexes(m.sqlite), indexes(m.postgres), "migration {}", m.version);
        }
        let all = scripts(Backend::Sqlite).join("\n");
        assert!(columns(&all).len() >= 17, "the schema has its tables");
    }

    #[test]
    fn versions_are_strictly_increasing() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        assert!(versions.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(latest_version(), *versions.last().unwrap_or(&0));
    }
}
