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
];

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
        let mut tx = db.begin().await?;
        let script = match db.backend {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(script)).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(crate::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
        applied.push(m.version);
    }
    crate::reference::seed(db).await?;
    if db.backend == Backend::Sqlite {
        // Keeps the query planner's statistics current (PostgreSQL's autovacuum does this);
        // 0x10002 also analyses tables that were never analysed.
        sqlx::query("PRAGMA optimize = 0x10002").execute(&db.pool).await?;
    }
    Ok(applied)
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
