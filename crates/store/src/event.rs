//! Events and their registrations in storage.

use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::LocalDateTime;
use middenveld_domain::enums::{Coded, EventKind, RegistrationStatus};
use middenveld_domain::event::{Event, Registration};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct EventRecord {
    pub id: i64,
    pub data: Event,
    pub organiser_name: Option<String>,
    pub network_name: Option<String>,
    pub registered: i64,
    pub attended: i64,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT e.id, e.name, e.kind, e.starts_at, e.ends_at, e.location, e.organiser_id, \
    e.network_id, e.description, e.website, e.created_at, e.updated_at, o.name AS organiser_name, \
    n.name AS network_name, \
    (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id) AS registered, \
    (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'aanwezig') AS attended \
    FROM events e LEFT JOIN organisations o ON o.id = e.organiser_id LEFT JOIN networks n ON n.id = e.network_id";

fn local(col: &str, v: &str) -> crate::Result<LocalDateTime> {
    decode(col, LocalDateTime::parse(v))
}

fn record(r: &sqlx::any::AnyRow) -> crate::Result<EventRecord> {
    Ok(EventRecord {
        id: r.try_get("id")?,
        data: Event {
            name: r.try_get("name")?,
            kind: decode("kind", EventKind::parse(&r.try_get::<String, _>("kind")?))?,
            starts_at: local("starts_at", &r.try_get::<String, _>("starts_at")?)?,
            ends_at: r
                .try_get::<Option<String>, _>("ends_at")?
                .map(|v| local("ends_at", &v))
                .transpose()?,
            location: r.try_get("location")?,
            organiser_id: r.try_get("organiser_id")?,
            network_id: r.try_get("network_id")?,
            description: r.try_get("description")?,
            website: r.try_get("website")?,
        },
        organiser_name: r.try_get("organiser_name")?,
        network_name: r.try_get("network_name")?,
        registered: r.try_get("registered")?,
        attended: r.try_get("attended")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn bind_data<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    e: &Event,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(e.name.clone())
        .bind(middenveld_domain::search::normalise(&e.name))
        .bind(e.kind.code())
        .bind(e.starts_at.iso())
        .bind(e.ends_at.map(LocalDateTime::iso))
        .bind(e.location.clone())
        .bind(e.organiser_id)
        .bind(e.network_id)
        .bind(e.description.clone())
        .bind(e.website.clone())
}

pub async fn insert(conn: &mut Conn, e: &Event, now: &str) -> crate::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO events (name, sort_name, kind, starts_at, ends_at, location, organiser_id, network_id, \
         description, website, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    );
    let row = bind_data(q, e)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update(conn: &mut Conn, id: i64, e: &Event, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE events SET name = $1, sort_name = $2, kind = $3, starts_at = $4, ends_at = $5, location = $6, \
         organiser_id = $7, network_id = $8, description = $9, website = $10, updated_at = $11 WHERE id = $12",
    );
    let done = bind_data(q, e)
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM events WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<EventRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE e.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

/// Which events of the calendar a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// Not yet ended (or, without an end, not yet begun), soonest first.
    #[default]
    Upcoming,
    /// Begun before now, latest first.
    Past,
    /// All, latest first.
    All,
}

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub name_contains: Option<String>,
    pub kind: Option<EventKind>,
    pub period: Period,
    /// Wall-clock now in Amsterdam, for the period.
    pub now: Option<LocalDateTime>,
    pub organiser_id: Option<i64>,
    pub network_id: Option<i64>,
    /// Events this organisation's people registered for.
    pub organisation_id: Option<i64>,
    pub paging: Paging,
}

/// The WHERE clause of the event list (alias `e`) and its ORDER BY.
pub(crate) fn list_where(sql: &mut Sql, f: &EventFilter) -> (String, &'static str) {
    let mut conditions = Vec::new();
    if let Some(n) = &f.name_contains {
        let p = sql.text_arg(format!(
            "%{}%",
            crate::theme::like_escape(&middenveld_domain::search::normalise(n))
        ));
        conditions.push(format!("e.sort_name LIKE {p} ESCAPE '\\'"));
    }
    if let Some(k) = f.kind {
        conditions.push(format!("e.kind = {}", sql.text_arg(k.code())));
    }
    if let Some(o) = f.organiser_id {
        conditions.push(format!("e.organiser_id = {}", sql.int_arg(o)));
    }
    if let Some(n) = f.network_id {
        conditions.push(format!("e.network_id = {}", sql.int_arg(n)));
    }
    if let Some(o) = f.organisation_id {
        conditions.push(format!(
            "e.id IN (SELECT event_id FROM registrations WHERE organisation_id = {})",
            sql.int_arg(o)
        ));
    }
    let now = f.now.unwrap_or_else(LocalDateTime::now).iso();
    let order = match f.period {
        Period::Upcoming => {
            let p = sql.text_arg(now);
            conditions.push(format!("COALESCE(e.ends_at, e.starts_at) >= {p}"));
            " ORDER BY e.starts_at, e.id"
        }
        Period::Past => {
            let p = sql.text_arg(now);
            conditions.push(format!("e.starts_at < {p}"));
            " ORDER BY e.starts_at DESC, e.id DESC"
        }
        Period::All => " ORDER BY e.starts_at DESC, e.id DESC",
    };
    (crate::organisation::where_clause(&conditions), order)
}

pub async fn list(conn: &mut Conn, f: &EventFilter) -> crate::Result<Page<EventRecord>> {
    let mut sql = Sql::default();
    let (where_clause, order) = list_where(&mut sql, f);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM events e{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    sql.push(&format!("{SELECT}{where_clause}{order}{}", f.paging.limit_clause()));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    Ok(Page {
        items: rows.iter().map(record).collect::<crate::Result<_>>()?,
        total,
        paging: f.paging,
    })
}

/// Events by folded name (for an attendance import): folded name → (id, begins), oldest first.
pub async fn by_name(conn: &mut Conn) -> crate::Result<Vec<(i64, String, String)>> {
    let rows = sqlx::query("SELECT id, sort_name, starts_at FROM events ORDER BY starts_at, id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("sort_name")?, r.try_get("starts_at")?)))
        .collect()
}

/// A registration with the names of its event, person and organisation.
#[derive(Debug, Clone)]
pub struct RegistrationRecord {
    pub id: i64,
    pub event_id: i64,
    pub event_name: String,
    pub event_starts_at: LocalDateTime,
    pub data: Registration,
    pub person_name: String,
    pub person_email: Option<String>,
    pub organisation_name: Option<String>,
    pub updated_at: String,
}

const REGISTRATION_SELECT: &str = "SELECT r.id, r.event_id, e.name AS event_name, e.starts_at, r.person_id, \
    r.organisation_id, r.status, r.updated_at, p.name AS person_name, p.email, o.name AS organisation_name \
    FROM registrations r JOIN events e ON e.id = r.event_id JOIN people p ON p.id = r.person_id \
    LEFT JOIN organisations o ON o.id = r.organisation_id";

fn registration(r: &sqlx::any::AnyRow) -> crate::Result<RegistrationRecord> {
    Ok(RegistrationRecord {
        id: r.try_get("id")?,
        event_id: r.try_get("event_id")?,
        event_name: r.try_get("event_name")?,
        event_starts_at: local("starts_at", &r.try_get::<String, _>("starts_at")?)?,
        data: Registration {
            person_id: r.try_get("person_id")?,
            organisation_id: r.try_get("organisation_id")?,
            status: decode("status", RegistrationStatus::parse(&r.try_get::<String, _>("status")?))?,
        },
        person_name: r.try_get("person_name")?,
        person_email: r.try_get("email")?,
        organisation_name: r.try_get("organisation_name")?,
        updated_at: r.try_get("updated_at")?,
    })
}

async fn registrations_where(
    conn: &mut Conn,
    condition: &str,
    id: i64,
    order: &str,
) -> crate::Result<Vec<RegistrationRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{REGISTRATION_SELECT} WHERE {condition} = $1 ORDER BY {order}"
    )))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(registration).collect()
}

/// The registrations of an event, by person name.
pub async fn registrations(conn: &mut Conn, event_id: i64) -> crate::Result<Vec<RegistrationRecord>> {
    registrations_where(conn, "r.event_id", event_id, "p.sort_name, r.id").await
}

/// The events a person registered for, latest first.
pub async fn registrations_of_person(conn: &mut Conn, person_id: i64) -> crate::Result<Vec<RegistrationRecord>> {
    registrations_where(conn, "r.person_id", person_id, "e.starts_at DESC, r.id").await
}

/// The registrations on behalf of an organisation, latest event first.
pub async fn registrations_of_organisation(
    conn: &mut Conn,
    organisation_id: i64,
) -> crate::Result<Vec<RegistrationRecord>> {
    registrations_where(
        conn,
        "r.organisation_id",
        organisation_id,
        "e.starts_at DESC, p.sort_name",
    )
    .await
}

pub async fn get_registration(
    conn: &mut Conn,
    event_id: i64,
    person_id: i64,
) -> crate::Result<Option<RegistrationRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "{REGISTRATION_SELECT} WHERE r.event_id = $1 AND r.person_id = $2"
    )))
    .bind(event_id)
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(registration).transpose()
}

/// Registers a person, or changes the organisation and status of their registration.
pub async fn upsert_registration(conn: &mut Conn, event_id: i64, r: &Registration, now: &str) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO registrations (event_id, person_id, organisation_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (event_id, person_id) DO UPDATE SET \
         organisation_id = excluded.organisation_id, status = excluded.status, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(r.person_id)
    .bind(r.organisation_id)
    .bind(r.status.code())
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

pub async fn delete_registration(conn: &mut Conn, event_id: i64, person_id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM registrations WHERE event_id = $1 AND person_id = $2")
        .bind(event_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Events that have not ended by `from`, soonest first, at most `limit`: the iCalendar feed.
pub async fn calendar(conn: &mut Conn, from: LocalDateTime, limit: i64) -> crate::Result<Vec<EventRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{SELECT} WHERE COALESCE(e.ends_at, e.starts_at) >= $1 ORDER BY e.starts_at, e.id LIMIT {limit}"
    )))
    .bind(from.iso())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}
