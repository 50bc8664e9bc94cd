//! Contact moments in storage.

use crate::{Conn, decode};
use middenveld_domain::Date;
use middenveld_domain::contact::Contact;
use middenveld_domain::enums::{Coded, ContactKind};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct ContactRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub data: Contact,
    pub person_name: Option<String>,
    pub recorded_by: String,
    pub created_at: String,
}

pub async fn insert(conn: &mut Conn, organisation_id: i64, c: &Contact, by: &str, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO contacts (organisation_id, person_id, kind, contact_date, summary, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(organisation_id)
    .bind(c.person_id)
    .bind(c.kind.code())
    .bind(c.date.iso())
    .bind(c.summary.clone())
    .bind(by.to_string())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM contacts WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

fn record(r: &sqlx::any::AnyRow) -> crate::Result<ContactRecord> {
    Ok(ContactRecord {
        id: r.try_get("id")?,
        organisation_id: r.try_get("organisation_id")?,
        data: Contact {
            kind: decode("kind", ContactKind::parse(&r.try_get::<String, _>("kind")?))?,
            date: decode("contact_date", Date::parse(&r.try_get::<String, _>("contact_date")?))?,
            person_id: r.try_get("person_id")?,
            summary: r.try_get("summary")?,
        },
        person_name: r.try_get("person_name")?,
        recorded_by: r.try_get("recorded_by")?,
        created_at: r.try_get("created_at")?,
    })
}

const SELECT: &str = "SELECT c.id, c.organisation_id, c.person_id, c.kind, c.contact_date, c.summary, c.recorded_by, \
    c.created_at, p.name AS person_name FROM contacts c LEFT JOIN people p ON p.id = c.person_id";

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<ContactRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

/// An organisation's contact moments, latest first.
pub async fn of_organisation(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<ContactRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.organisation_id = $1 ORDER BY c.contact_date DESC, c.id DESC"
    )))
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}

/// The contact moments a person took part in, latest first.
pub async fn of_person(conn: &mut Conn, person_id: i64) -> crate::Result<Vec<ContactRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.person_id = $1 ORDER BY c.contact_date DESC, c.id DESC"
    )))
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}

pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query("UPDATE contacts SET organisation_id = $2 WHERE organisation_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
