//! Launching-customer cases and their suppliers in storage.

use crate::{Conn, classify, decode};
use middenveld_domain::Date;
use middenveld_domain::enums::{Coded, LaunchingStatus};
use middenveld_domain::launching::Case;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub id: i64,
    pub data: Case,
    /// (organisation id, name), by name.
    pub suppliers: Vec<(i64, String)>,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT id, name, challenge, innovation, status, outcome, start_date, created_at, updated_at \
    FROM launching_cases";

async fn records(conn: &mut Conn, rows: Vec<sqlx::any::AnyRow>) -> crate::Result<Vec<CaseRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let suppliers = sqlx::query(
            "SELECT o.id, o.name FROM launching_case_suppliers s JOIN organisations o ON o.id = s.organisation_id \
             WHERE s.case_id = $1 ORDER BY o.sort_name",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|s| Ok((s.try_get("id")?, s.try_get("name")?)))
        .collect::<crate::Result<Vec<_>>>()?;
        out.push(CaseRecord {
            id,
            data: Case {
                name: r.try_get("name")?,
                challenge: r.try_get("challenge")?,
                innovation: r.try_get("innovation")?,
                status: decode("status", LaunchingStatus::parse(&r.try_get::<String, _>("status")?))?,
                outcome: r.try_get("outcome")?,
                start_date: r
                    .try_get::<Option<String>, _>("start_date")?
                    .map(|d| decode("start_date", Date::parse(&d)))
                    .transpose()?,
            },
            suppliers,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

pub async fn insert(conn: &mut Conn, c: &Case, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO launching_cases (name, sort_name, challenge, innovation, status, outcome, start_date, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(c.name.clone())
    .bind(middenveld_domain::search::normalise(&c.name))
    .bind(c.challenge.clone())
    .bind(c.innovation.clone())
    .bind(c.status.code())
    .bind(c.outcome.clone())
    .bind(c.start_date.map(Date::iso))
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update(conn: &mut Conn, id: i64, c: &Case, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE launching_cases SET name = $1, sort_name = $2, challenge = $3, innovation = $4, status = $5, \
         outcome = $6, start_date = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(c.name.clone())
    .bind(middenveld_domain::search::normalise(&c.name))
    .bind(c.challenge.clone())
    .bind(c.innovation.clone())
    .bind(c.status.code())
    .bind(c.outcome.clone())
    .bind(c.start_date.map(Date::iso))
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM launching_cases WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<CaseRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(records(conn, rows).await?.into_iter().next())
}

/// Every case, latest first (there are a handful a year).
pub async fn list(conn: &mut Conn, status: Option<LaunchingStatus>) -> crate::Result<Vec<CaseRecord>> {
    let rows = match status {
        Some(s) => {
            sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE status = $1 ORDER BY id DESC")))
                .bind(s.code())
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(format!("{SELECT} ORDER BY id DESC")))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    records(conn, rows).await
}

pub async fn add_supplier(conn: &mut Conn, case_id: i64, organisation_id: i64) -> crate::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO launching_case_suppliers (case_id, organisation_id) VALUES ($1, $2) \
         ON CONFLICT (case_id, organisation_id) DO NOTHING",
    )
    .bind(case_id)
    .bind(organisation_id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn remove_supplier(conn: &mut Conn, case_id: i64, organisation_id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM launching_case_suppliers WHERE case_id = $1 AND organisation_id = $2")
        .bind(case_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Moves the supplier links of `from` to `to` (a merge); a case both supply keeps one.
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query(
        "UPDATE launching_case_suppliers SET organisation_id = $2 WHERE organisation_id = $1 \
         AND case_id NOT IN (SELECT case_id FROM launching_case_suppliers WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
