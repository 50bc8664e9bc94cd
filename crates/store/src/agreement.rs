//! Storage of agreements, commitments and yearly cycles.

use crate::links::LinkTable;
use crate::{Conn, classify, decode};
use middenveld_domain::Date;
use middenveld_domain::agreement::{Agreement, Commitment, YearRecord};
use middenveld_domain::enums::{Coded, CommitmentKind, ConfirmationStatus};
use sqlx::{AssertSqlSafe, Row};

pub const ORGANISATIONS: LinkTable = LinkTable {
    table: "agreement_organisations",
    owner: "agreement_id",
    other: "organisation_id",
};
pub const THEMES: LinkTable = LinkTable {
    table: "agreement_themes",
    owner: "agreement_id",
    other: "theme_id",
};
pub const INDICATORS: LinkTable = LinkTable {
    table: "agreement_indicators",
    owner: "agreement_id",
    other: "indicator_id",
};
pub const OBJECTIVES: LinkTable = LinkTable {
    table: "agreement_objectives",
    owner: "agreement_id",
    other: "objective_id",
};

/// A stored year with who recorded it.
#[derive(Debug, Clone)]
pub struct YearRow {
    pub data: YearRecord,
    pub recorded_by: String,
    pub updated_at: String,
}

#[derive(Debug, Clone)]
pub struct AgreementRecord {
    pub id: i64,
    pub data: Agreement,
    /// Years, newest first.
    pub years: Vec<YearRow>,
    pub created_at: String,
    pub updated_at: String,
}

impl AgreementRecord {
    pub fn year_records(&self) -> Vec<YearRecord> {
        self.years.iter().map(|y| y.data.clone()).collect()
    }
}

const SELECT: &str = "SELECT id, name, description, start_year, end_year, due_month, due_day, created_at, updated_at \
    FROM agreements";

fn int<T: TryFrom<i64>>(what: &str, v: i64) -> crate::Result<T> {
    T::try_from(v).map_err(|_| crate::StoreError::Corrupt(what.to_string()))
}

pub async fn years(conn: &mut Conn, id: i64) -> crate::Result<Vec<YearRow>> {
    let rows = sqlx::query(
        "SELECT year, status, decided_on, recorded_by, evaluation, change, updated_at FROM agreement_years \
         WHERE agreement_id = $1 ORDER BY year DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(YearRow {
                data: YearRecord {
                    year: int("year", r.try_get::<i64, _>("year")?)?,
                    status: decode("status", ConfirmationStatus::parse(&r.try_get::<String, _>("status")?))?,
                    date: decode("decided_on", Date::parse(&r.try_get::<String, _>("decided_on")?))?,
                    evaluation: r.try_get("evaluation")?,
                    change: r.try_get("change")?,
                },
                recorded_by: r.try_get("recorded_by")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
}

async fn records(conn: &mut Conn, rows: Vec<sqlx::any::AnyRow>) -> crate::Result<Vec<AgreementRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let parties =
            sqlx::query_scalar("SELECT name FROM agreement_parties WHERE agreement_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        let commitments =
            sqlx::query("SELECT kind, text FROM agreement_commitments WHERE agreement_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|c| {
                    Ok(Commitment {
                        kind: decode("kind", CommitmentKind::parse(&c.try_get::<String, _>("kind")?))?,
                        text: c.try_get("text")?,
                    })
                })
                .collect::<crate::Result<Vec<_>>>()?;
        let data = Agreement {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            parties,
            organisation_ids: ORGANISATIONS.get(conn, id).await?,
            start_year: int("start_year", r.try_get::<i64, _>("start_year")?)?,
            end_year: r
                .try_get::<Option<i64>, _>("end_year")?
                .map(|y| int("end_year", y))
                .transpose()?,
            due_month: int("due_month", r.try_get::<i64, _>("due_month")?)?,
            due_day: int("due_day", r.try_get::<i64, _>("due_day")?)?,
            commitments,
            theme_ids: THEMES.get(conn, id).await?,
            indicator_ids: INDICATORS.get(conn, id).await?,
            objective_ids: OBJECTIVES.get(conn, id).await?,
        };
        out.push(AgreementRecord {
            id,
            data,
            years: years(conn, id).await?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

async fn write_parts(conn: &mut Conn, id: i64, a: &Agreement) -> crate::Result<()> {
    sqlx::query("DELETE FROM agreement_parties WHERE agreement_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (i, p) in a.parties.iter().enumerate() {
        sqlx::query("INSERT INTO agreement_parties (agreement_id, position, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(p.clone())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM agreement_commitments WHERE agreement_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (i, c) in a.commitments.iter().enumerate() {
        sqlx::query("INSERT INTO agreement_commitments (agreement_id, position, kind, text) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(c.kind.code())
            .bind(c.text.clone())
            .execute(&mut *conn)
            .await?;
    }
    ORGANISATIONS.set(conn, id, &a.organisation_ids).await?;
    THEMES.set(conn, id, &a.theme_ids).await?;
    INDICATORS.set(conn, id, &a.indicator_ids).await?;
    OBJECTIVES.set(conn, id, &a.objective_ids).await?;
    Ok(())
}

pub async fn insert(conn: &mut Conn, a: &Agreement, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO agreements (name, sort_name, description, start_year, end_year, due_month, due_day, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(a.name.clone())
    .bind(middenveld_domain::search::normalise(&a.name))
    .bind(a.description.clone())
    .bind(i64::from(a.start_year))
    .bind(a.end_year.map(i64::from))
    .bind(i64::from(a.due_month))
    .bind(i64::from(a.due_day))
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    write_parts(conn, id, a).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, a: &Agreement, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE agreements SET name = $1, sort_name = $2, description = $3, start_year = $4, end_year = $5, \
         due_month = $6, due_day = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(a.name.clone())
    .bind(middenveld_domain::search::normalise(&a.name))
    .bind(a.description.clone())
    .bind(i64::from(a.start_year))
    .bind(a.end_year.map(i64::from))
    .bind(i64::from(a.due_month))
    .bind(i64::from(a.due_day))
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    write_parts(conn, id, a).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM agreements WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<AgreementRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(records(conn, rows).await?.into_iter().next())
}

/// Every agreement by name, optionally only those linked to a theme (there are a handful).
pub async fn list(conn: &mut Conn, theme_id: Option<i64>) -> crate::Result<Vec<AgreementRecord>> {
    let rows = match theme_id {
        Some(t) => {
            sqlx::query(AssertSqlSafe(format!(
                "{SELECT} WHERE id IN (SELECT agreement_id FROM agreement_themes WHERE theme_id = $1) \
                 ORDER BY sort_name, id"
            )))
            .bind(t)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(format!("{SELECT} ORDER BY sort_name, id")))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    records(conn, rows).await
}

pub async fn insert_year(conn: &mut Conn, id: i64, y: &YearRecord, by: &str, now: &str) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO agreement_years (agreement_id, year, status, decided_on, recorded_by, evaluation, change, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id)
    .bind(i64::from(y.year))
    .bind(y.status.code())
    .bind(y.date.iso())
    .bind(by.to_string())
    .bind(y.evaluation.clone())
    .bind(y.change.clone())
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

/// Replaces the record of `year` (which may move to another year).
pub async fn update_year(
    conn: &mut Conn,
    id: i64,
    year: i32,
    y: &YearRecord,
    by: &str,
    now: &str,
) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE agreement_years SET year = $1, status = $2, decided_on = $3, recorded_by = $4, evaluation = $5, \
         change = $6, updated_at = $7 WHERE agreement_id = $8 AND year = $9",
    )
    .bind(i64::from(y.year))
    .bind(y.status.code())
    .bind(y.date.iso())
    .bind(by.to_string())
    .bind(y.evaluation.clone())
    .bind(y.change.clone())
    .bind(now.to_string())
    .bind(id)
    .bind(i64::from(year))
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_year(conn: &mut Conn, id: i64, year: i32) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM agreement_years WHERE agreement_id = $1 AND year = $2")
        .bind(id)
        .bind(i64::from(year))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Objectives as (id, "code name") and indicators as (id, name), for choosing links.
pub async fn objective_names(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, code, name FROM objectives ORDER BY code")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                format!(
                    "{} {}",
                    r.try_get::<String, _>("code")?,
                    r.try_get::<String, _>("name")?
                ),
            ))
        })
        .collect()
}

pub async fn indicator_names(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM indicators ORDER BY name, id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Moves the party links of organisation `from` to `to` (a merge); an agreement both are
/// party to keeps one.
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query(
        "UPDATE agreement_organisations SET organisation_id = $2 WHERE organisation_id = $1 \
         AND agreement_id NOT IN (SELECT agreement_id FROM agreement_organisations WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
