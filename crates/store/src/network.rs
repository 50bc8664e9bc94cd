//! Networks and their memberships in storage.

use crate::links::NETWORK_THEMES;
use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::Date;
use middenveld_domain::enums::{Coded, MembershipStatus};
use middenveld_domain::network::{Member, Membership, Network};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct NetworkRecord {
    pub id: i64,
    pub data: Network,
    pub facilitator_name: Option<String>,
    pub active_members: i64,
    pub involved_members: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Counts members whose membership is open (no end date, or ending today or later).
pub(crate) const SELECT: &str = "SELECT n.id, n.name, n.description, n.facilitator_id, n.website, n.created_at, \
    n.updated_at, f.name AS facilitator_name, \
    (SELECT COUNT(*) FROM memberships x WHERE x.network_id = n.id AND x.status = 'actief' AND x.until IS NULL) AS active_members, \
    (SELECT COUNT(*) FROM memberships x WHERE x.network_id = n.id AND x.status = 'betrokken' AND x.until IS NULL) AS involved_members \
    FROM networks n LEFT JOIN organisations f ON f.id = n.facilitator_id";

async fn record(conn: &mut Conn, r: &sqlx::any::AnyRow) -> crate::Result<NetworkRecord> {
    let id: i64 = r.try_get("id")?;
    let theme_ids = NETWORK_THEMES.get(conn, id).await?;
    record_from_row(r, theme_ids)
}

/// A network from a row of [`SELECT`]'s columns, with its themes.
pub(crate) fn record_from_row(r: &sqlx::any::AnyRow, theme_ids: Vec<i64>) -> crate::Result<NetworkRecord> {
    Ok(NetworkRecord {
        id: r.try_get("id")?,
        data: Network {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            facilitator_id: r.try_get("facilitator_id")?,
            website: r.try_get("website")?,
            theme_ids,
        },
        facilitator_name: r.try_get("facilitator_name")?,
        active_members: r.try_get("active_members")?,
        involved_members: r.try_get("involved_members")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, n: &Network, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO networks (name, description, facilitator_id, website, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(n.name.clone())
    .bind(n.description.clone())
    .bind(n.facilitator_id)
    .bind(n.website.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    NETWORK_THEMES.set(conn, id, &n.theme_ids).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, n: &Network, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE networks SET name = $1, description = $2, facilitator_id = $3, website = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(n.name.clone())
    .bind(n.description.clone())
    .bind(n.facilitator_id)
    .bind(n.website.clone())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    NETWORK_THEMES.set(conn, id, &n.theme_ids).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM networks WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<NetworkRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE n.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some(record(conn, &r).await?)),
        None => Ok(None),
    }
}

pub async fn exists(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM networks WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

pub async fn find_by_name(conn: &mut Conn, name: &str, except: Option<i64>) -> crate::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM networks WHERE LOWER(name) = LOWER($1) AND id <> $2")
            .bind(name)
            .bind(except.unwrap_or(-1))
            .fetch_optional(&mut *conn)
            .await?,
    )
}

#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    pub name_contains: Option<String>,
    pub theme_id: Option<i64>,
    pub paging: Paging,
}

/// The WHERE clause of the network list for a filter (alias `n`), its parameters in `sql`.
pub(crate) fn list_where(sql: &mut Sql, f: &NetworkFilter) -> String {
    let mut conditions = Vec::new();
    if let Some(n) = &f.name_contains {
        let p = sql.text_arg(format!("%{}%", crate::theme::like_escape(&n.to_lowercase())));
        conditions.push(format!("LOWER(n.name) LIKE {p} ESCAPE '\\'"));
    }
    if let Some(t) = f.theme_id {
        conditions.push(format!(
            "n.id IN (SELECT network_id FROM network_themes WHERE theme_id = {})",
            sql.int_arg(t)
        ));
    }
    crate::organisation::where_clause(&conditions)
}

pub async fn list(conn: &mut Conn, f: &NetworkFilter) -> crate::Result<Page<NetworkRecord>> {
    let mut sql = Sql::default();
    let where_clause = list_where(&mut sql, f);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM networks n{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    sql.push(&format!(
        "{SELECT}{where_clause} ORDER BY LOWER(n.name), n.id{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        items.push(record(conn, r).await?);
    }
    Ok(Page {
        items,
        total,
        paging: f.paging,
    })
}

pub async fn all_names(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM networks ORDER BY LOWER(name), id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// A membership with the names needed to show it.
#[derive(Debug, Clone)]
pub struct MembershipRecord {
    pub id: i64,
    pub network_id: i64,
    pub network_name: String,
    pub data: Membership,
    pub member_name: String,
}

const MEMBERSHIP_SELECT: &str = "SELECT ms.id, ms.network_id, n.name AS network_name, ms.organisation_id, \
    ms.person_id, ms.status, ms.since, ms.until, COALESCE(o.name, p.name) AS member_name \
    FROM memberships ms JOIN networks n ON n.id = ms.network_id \
    LEFT JOIN organisations o ON o.id = ms.organisation_id LEFT JOIN people p ON p.id = ms.person_id";

fn membership(r: &sqlx::any::AnyRow) -> crate::Result<MembershipRecord> {
    let org: Option<i64> = r.try_get("organisation_id")?;
    let person: Option<i64> = r.try_get("person_id")?;
    let member = match (org, person) {
        (Some(o), _) => Member::Organisation(o),
        (None, Some(p)) => Member::Person(p),
        (None, None) => return Err(crate::StoreError::Corrupt("membership without member".into())),
    };
    Ok(MembershipRecord {
        id: r.try_get("id")?,
        network_id: r.try_get("network_id")?,
        network_name: r.try_get("network_name")?,
        data: Membership {
            member,
            status: decode("status", MembershipStatus::parse(&r.try_get::<String, _>("status")?))?,
            since: decode("since", Date::parse(&r.try_get::<String, _>("since")?))?,
            until: r
                .try_get::<Option<String>, _>("until")?
                .map(|u| decode("until", Date::parse(&u)))
                .transpose()?,
        },
        member_name: r.try_get("member_name")?,
    })
}

pub async fn insert_membership(conn: &mut Conn, network_id: i64, m: &Membership, now: &str) -> crate::Result<i64> {
    let (org, person) = match m.member {
        Member::Organisation(o) => (Some(o), None),
        Member::Person(p) => (None, Some(p)),
    };
    let row = sqlx::query(
        "INSERT INTO memberships (network_id, organisation_id, person_id, status, since, until, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(network_id)
    .bind(org)
    .bind(person)
    .bind(m.status.code())
    .bind(m.since.iso())
    .bind(m.until.map(Date::iso))
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update_membership(conn: &mut Conn, id: i64, m: &Membership) -> crate::Result<bool> {
    let done = sqlx::query("UPDATE memberships SET status = $1, since = $2, until = $3 WHERE id = $4")
        .bind(m.status.code())
        .bind(m.since.iso())
        .bind(m.until.map(Date::iso))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_membership(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM memberships WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get_membership(conn: &mut Conn, id: i64) -> crate::Result<Option<MembershipRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{MEMBERSHIP_SELECT} WHERE ms.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(membership).transpose()
}

/// Members of a network, current first, then by name.
pub async fn memberships_of_network(conn: &mut Conn, network_id: i64) -> crate::Result<Vec<MembershipRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{MEMBERSHIP_SELECT} WHERE ms.network_id = $1 ORDER BY CASE WHEN ms.until IS NULL THEN 0 ELSE 1 END, \
         ms.status, LOWER(COALESCE(o.name, p.name)), ms.id"
    )))
    .bind(network_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(membership).collect()
}

/// Memberships of an organisation or a person.
pub async fn memberships_of_member(conn: &mut Conn, member: Member) -> crate::Result<Vec<MembershipRecord>> {
    let (col, id) = match member {
        Member::Organisation(o) => ("organisation_id", o),
        Member::Person(p) => ("person_id", p),
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{MEMBERSHIP_SELECT} WHERE ms.{col} = $1 ORDER BY n.name, ms.since DESC"
    )))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(membership).collect()
}

/// Whether the member already has an open membership of this network (other than `except`).
pub async fn has_open_membership(
    conn: &mut Conn,
    network_id: i64,
    member: Member,
    except: Option<i64>,
) -> crate::Result<bool> {
    let (col, id) = match member {
        Member::Organisation(o) => ("organisation_id", o),
        Member::Person(p) => ("person_id", p),
    };
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM memberships WHERE network_id = $1 AND {col} = $2 AND until IS NULL AND id <> $3"
    )))
    .bind(network_id)
    .bind(id)
    .bind(except.unwrap_or(-1))
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}
