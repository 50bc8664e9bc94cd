//! Support records and their status history in storage.

use crate::journey::By;
use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::enums::{Coded, SupportInstrument, SupportStatus};
use middenveld_domain::support::Support;
use middenveld_domain::{Date, Euro};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct SupportRecord {
    pub id: i64,
    pub data: Support,
    pub organisation_name: String,
    pub provider_name: Option<String>,
    pub project_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT s.id, s.organisation_id, s.provider_id, s.instrument, s.status, s.description, \
    s.amount_requested_cents, s.amount_granted_cents, s.applied_on, s.decided_on, s.project_id, s.created_at, \
    s.updated_at, o.name AS organisation_name, pv.name AS provider_name, pr.name AS project_name \
    FROM support_records s JOIN organisations o ON o.id = s.organisation_id \
    LEFT JOIN organisations pv ON pv.id = s.provider_id LEFT JOIN projects pr ON pr.id = s.project_id";

fn record(r: &sqlx::any::AnyRow) -> crate::Result<SupportRecord> {
    let date = |col: &str| -> crate::Result<Option<Date>> {
        r.try_get::<Option<String>, _>(col)?
            .map(|d| decode(col, Date::parse(&d)))
            .transpose()
    };
    Ok(SupportRecord {
        id: r.try_get("id")?,
        data: Support {
            organisation_id: r.try_get("organisation_id")?,
            provider_id: r.try_get("provider_id")?,
            instrument: decode(
                "instrument",
                SupportInstrument::parse(&r.try_get::<String, _>("instrument")?),
            )?,
            status: decode("status", SupportStatus::parse(&r.try_get::<String, _>("status")?))?,
            description: r.try_get("description")?,
            amount_requested: r.try_get::<Option<i64>, _>("amount_requested_cents")?.map(Euro),
            amount_granted: r.try_get::<Option<i64>, _>("amount_granted_cents")?.map(Euro),
            applied_on: date("applied_on")?,
            decided_on: date("decided_on")?,
            project_id: r.try_get("project_id")?,
        },
        organisation_name: r.try_get("organisation_name")?,
        provider_name: r.try_get("provider_name")?,
        project_name: r.try_get("project_name")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn bind_data<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    s: &Support,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(s.organisation_id)
        .bind(s.provider_id)
        .bind(s.instrument.code())
        .bind(s.status.code())
        .bind(s.description.clone())
        .bind(s.amount_requested.map(Euro::cents))
        .bind(s.amount_granted.map(Euro::cents))
        .bind(s.applied_on.map(Date::iso))
        .bind(s.decided_on.map(Date::iso))
        .bind(s.project_id)
}

pub async fn insert(conn: &mut Conn, s: &Support, now: &str) -> crate::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO support_records (organisation_id, provider_id, instrument, status, description, \
         amount_requested_cents, amount_granted_cents, applied_on, decided_on, project_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    );
    let row = bind_data(q, s)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update(conn: &mut Conn, id: i64, s: &Support, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE support_records SET organisation_id = $1, provider_id = $2, instrument = $3, status = $4, \
         description = $5, amount_requested_cents = $6, amount_granted_cents = $7, applied_on = $8, decided_on = $9, \
         project_id = $10, updated_at = $11 WHERE id = $12",
    );
    let done = bind_data(q, s)
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM support_records WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<SupportRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE s.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

#[derive(Debug, Clone, Default)]
pub struct SupportFilter {
    pub instrument: Option<SupportInstrument>,
    pub status: Option<SupportStatus>,
    pub organisation_id: Option<i64>,
    pub provider_id: Option<i64>,
    /// Part of the organisation's name.
    pub name_contains: Option<String>,
    pub paging: Paging,
}

pub(crate) fn list_where(sql: &mut Sql, f: &SupportFilter) -> String {
    let mut c = Vec::new();
    if let Some(i) = f.instrument {
        c.push(format!("s.instrument = {}", sql.text_arg(i.code())));
    }
    if let Some(st) = f.status {
        c.push(format!("s.status = {}", sql.text_arg(st.code())));
    }
    if let Some(o) = f.organisation_id {
        c.push(format!("s.organisation_id = {}", sql.int_arg(o)));
    }
    if let Some(p) = f.provider_id {
        c.push(format!("s.provider_id = {}", sql.int_arg(p)));
    }
    if let Some(n) = &f.name_contains {
        let p = sql.text_arg(format!(
            "%{}%",
            crate::theme::like_escape(&middenveld_domain::search::normalise(n))
        ));
        c.push(format!(
            "s.organisation_id IN (SELECT id FROM organisations WHERE sort_name LIKE {p} ESCAPE '\\')"
        ));
    }
    crate::organisation::where_clause(&c)
}

/// Support records, latest first; with the totals of the amounts over every match.
pub async fn list(conn: &mut Conn, f: &SupportFilter) -> crate::Result<(Page<SupportRecord>, Euro, Euro)> {
    let mut sql = Sql::default();
    let where_clause = list_where(&mut sql, f);
    let mut totals = sql.clone();
    totals.push(&format!(
        // PostgreSQL sums BIGINT as NUMERIC: cast back.
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(s.amount_requested_cents), 0) AS BIGINT) AS requested, \
         CAST(COALESCE(SUM(s.amount_granted_cents), 0) AS BIGINT) AS granted FROM support_records s{where_clause}"
    ));
    let row = totals.query().fetch_one(&mut *conn).await?;
    let total: i64 = row.try_get("n")?;
    let requested: i64 = row.try_get("requested")?;
    let granted: i64 = row.try_get("granted")?;
    sql.push(&format!(
        "{SELECT}{where_clause} ORDER BY s.id DESC{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    Ok((
        Page {
            items: rows.iter().map(record).collect::<crate::Result<_>>()?,
            total,
            paging: f.paging,
        },
        Euro(requested),
        Euro(granted),
    ))
}

/// The support an organisation received, latest first.
pub async fn of_organisation(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<SupportRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{SELECT} WHERE s.organisation_id = $1 ORDER BY s.id DESC"
    )))
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}

/// A change of status.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub from: Option<SupportStatus>,
    pub to: SupportStatus,
    pub user_name: String,
    pub changed_at: String,
}

pub async fn insert_status(
    conn: &mut Conn,
    support_id: i64,
    from: Option<SupportStatus>,
    to: SupportStatus,
    by: By<'_>,
    at: &str,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO support_status_changes (support_id, from_status, to_status, user_id, user_name, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(support_id)
    .bind(from.map(Coded::code))
    .bind(to.code())
    .bind(by.user_id)
    .bind(by.user_name.to_string())
    .bind(at.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The status history of a record, oldest first.
pub async fn statuses(conn: &mut Conn, support_id: i64) -> crate::Result<Vec<StatusChange>> {
    let rows = sqlx::query(
        "SELECT from_status, to_status, user_name, changed_at FROM support_status_changes \
         WHERE support_id = $1 ORDER BY id",
    )
    .bind(support_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StatusChange {
                from: r
                    .try_get::<Option<String>, _>("from_status")?
                    .map(|s| decode("from_status", SupportStatus::parse(&s)))
                    .transpose()?,
                to: decode("to_status", SupportStatus::parse(&r.try_get::<String, _>("to_status")?))?,
                user_name: r.try_get("user_name")?,
                changed_at: r.try_get("changed_at")?,
            })
        })
        .collect()
}

/// Moves the support records of `from` (received and provided) to `to` (a merge).
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    for column in ["organisation_id", "provider_id"] {
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE support_records SET {column} = $2 WHERE {column} = $1"
        )))
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
