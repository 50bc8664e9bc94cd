//! Many-to-many link tables (organisation ↔ theme, person ↔ organisation, …).
//! Table and column names are compile-time constants, never user input.

use crate::Conn;
use sqlx::AssertSqlSafe;

/// A link table: `table(owner_col, other_col)`.
#[derive(Debug, Clone, Copy)]
pub struct LinkTable {
    pub table: &'static str,
    pub owner: &'static str,
    pub other: &'static str,
}

pub const ORGANISATION_THEMES: LinkTable = LinkTable {
    table: "organisation_themes",
    owner: "organisation_id",
    other: "theme_id",
};
pub const NETWORK_THEMES: LinkTable = LinkTable {
    table: "network_themes",
    owner: "network_id",
    other: "theme_id",
};
pub const PROJECT_THEMES: LinkTable = LinkTable {
    table: "project_themes",
    owner: "project_id",
    other: "theme_id",
};
pub const PERSON_ORGANISATIONS: LinkTable = LinkTable {
    table: "person_organisations",
    owner: "person_id",
    other: "organisation_id",
};

impl LinkTable {
    /// Replaces the owner's links with exactly `ids`.
    pub async fn set(self, conn: &mut Conn, owner_id: i64, ids: &[i64]) -> crate::Result<()> {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM {} WHERE {} = $1",
            self.table, self.owner
        )))
        .bind(owner_id)
        .execute(&mut *conn)
        .await?;
        let insert = format!(
            "INSERT INTO {} ({}, {}) VALUES ($1, $2)",
            self.table, self.owner, self.other
        );
        for id in ids {
            sqlx::query(AssertSqlSafe(insert.clone()))
                .bind(owner_id)
                .bind(*id)
                .execute(&mut *conn)
                .await
                .map_err(crate::classify)?;
        }
        Ok(())
    }

    /// The ids linked to the owner, ascending.
    pub async fn get(self, conn: &mut Conn, owner_id: i64) -> crate::Result<Vec<i64>> {
        Ok(sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT {other} FROM {t} WHERE {owner} = $1 ORDER BY {other}",
            other = self.other,
            t = self.table,
            owner = self.owner
        )))
        .bind(owner_id)
        .fetch_all(&mut *conn)
        .await?)
    }
}
