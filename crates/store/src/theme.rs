//! Themes in storage.

use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify};
use middenveld_domain::theme::Theme;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct ThemeRecord {
    pub id: i64,
    pub data: Theme,
    pub organisations: i64,
    pub networks: i64,
    pub projects: i64,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT t.id, t.name, t.description, t.created_at, t.updated_at, \
    (SELECT COUNT(*) FROM organisation_themes x WHERE x.theme_id = t.id) AS organisations, \
    (SELECT COUNT(*) FROM network_themes x WHERE x.theme_id = t.id) AS networks, \
    (SELECT COUNT(*) FROM project_themes x WHERE x.theme_id = t.id) AS projects FROM themes t";

fn record(r: &sqlx::any::AnyRow) -> crate::Result<ThemeRecord> {
    Ok(ThemeRecord {
        id: r.try_get("id")?,
        data: Theme {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
        },
        organisations: r.try_get("organisations")?,
        networks: r.try_get("networks")?,
        projects: r.try_get("projects")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, t: &Theme, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO themes (name, description, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(t.name.clone())
    .bind(t.description.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update(conn: &mut Conn, id: i64, t: &Theme, now: &str) -> crate::Result<bool> {
    let done = sqlx::query("UPDATE themes SET name = $1, description = $2, updated_at = $3 WHERE id = $4")
        .bind(t.name.clone())
        .bind(t.description.clone())
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM themes WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<ThemeRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

pub async fn find_by_name(conn: &mut Conn, name: &str, except: Option<i64>) -> crate::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM themes WHERE LOWER(name) = LOWER($1) AND id <> $2")
            .bind(name)
            .bind(except.unwrap_or(-1))
            .fetch_optional(&mut *conn)
            .await?,
    )
}

#[derive(Debug, Clone, Default)]
pub struct ThemeFilter {
    /// A case-insensitive part of the name.
    pub name_contains: Option<String>,
    pub paging: Paging,
}

pub async fn list(conn: &mut Conn, f: &ThemeFilter) -> crate::Result<Page<ThemeRecord>> {
    let mut sql = Sql::default();
    let mut cond = String::new();
    if let Some(n) = &f.name_contains {
        cond = format!(
            " WHERE LOWER(t.name) LIKE {}",
            sql.text_arg(format!("%{}%", like_escape(&n.to_lowercase())))
        );
        cond.push_str(" ESCAPE '\\'");
    }
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM themes t{cond}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    sql.push(&format!(
        "{SELECT}{cond} ORDER BY LOWER(t.name), t.id{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    let items = rows.iter().map(record).collect::<crate::Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        paging: f.paging,
    })
}

/// Every theme as (id, name), by name: for select lists and filters.
pub async fn all_names(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM themes ORDER BY LOWER(name), id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Ids among `ids` that are not themes.
pub async fn missing(conn: &mut Conn, ids: &[i64]) -> crate::Result<Vec<i64>> {
    let mut out = Vec::new();
    for id in ids {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM themes WHERE id = $1")
            .bind(*id)
            .fetch_one(&mut *conn)
            .await?;
        if n == 0 {
            out.push(*id);
        }
    }
    Ok(out)
}

/// Escapes LIKE wildcards in user text (used with `ESCAPE '\'`).
pub fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
