//! People in storage.

use crate::links::PERSON_ORGANISATIONS;
use crate::search;
use crate::sql::{Page, Paging, Sql};
use crate::{Backend, Conn, classify, decode};
use middenveld_domain::enums::{Coded, ConsentBasis};
use middenveld_domain::person::Person;
use middenveld_domain::{Date, Email};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub id: i64,
    pub data: Person,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub function: Option<String>,
    /// Names of the linked organisations, comma-separated.
    pub organisations: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub terms: Vec<String>,
    pub organisation_id: Option<i64>,
    pub network_id: Option<i64>,
    pub paging: Paging,
}

fn bind_data<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    p: &Person,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(p.name.clone())
        .bind(middenveld_domain::search::normalise(&p.name))
        .bind(p.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(p.phone.clone())
        .bind(p.function.clone())
        .bind(p.consent_basis.code())
        .bind(p.consent_date.iso())
        .bind(p.consent_purpose.clone())
        .bind(p.search_text())
}

pub async fn insert(conn: &mut Conn, p: &Person, now: &str) -> crate::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO people (name, sort_name, email, phone, function, consent_basis, consent_date, \
         consent_purpose, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    );
    let row = bind_data(q, p)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    PERSON_ORGANISATIONS.set(conn, id, &p.organisation_ids).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, p: &Person, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE people SET name = $1, sort_name = $2, email = $3, phone = $4, function = $5, \
         consent_basis = $6, consent_date = $7, consent_purpose = $8, search_text = $9, \
         updated_at = $10 WHERE id = $11",
    );
    let done = bind_data(q, p)
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    PERSON_ORGANISATIONS.set(conn, id, &p.organisation_ids).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM people WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub(crate) fn data_from_row(r: &AnyRow, organisation_ids: Vec<i64>) -> crate::Result<Person> {
    Ok(Person {
        name: r.try_get("name")?,
        email: r
            .try_get::<Option<String>, _>("email")?
            .map(|e| decode("email", Email::parse(&e)))
            .transpose()?,
        phone: r.try_get("phone")?,
        function: r.try_get("function")?,
        consent_basis: decode(
            "consent_basis",
            ConsentBasis::parse(&r.try_get::<String, _>("consent_basis")?),
        )?,
        consent_date: decode("consent_date", Date::parse(&r.try_get::<String, _>("consent_date")?))?,
        consent_purpose: r.try_get("consent_purpose")?,
        organisation_ids,
    })
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<PersonRecord>> {
    let Some(row) = sqlx::query(
        "SELECT id, name, email, phone, function, consent_basis, consent_date, consent_purpose, created_at, \
         updated_at FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let orgs = PERSON_ORGANISATIONS.get(conn, id).await?;
    Ok(Some(PersonRecord {
        id,
        data: data_from_row(&row, orgs)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    }))
}

pub async fn exists(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Builds the people list's query for a filter and counts the matches; see
/// [`crate::organisation::list_query`] (alias `p`).
pub(crate) async fn list_query(
    conn: &mut Conn,
    backend: Backend,
    f: &PersonFilter,
) -> crate::Result<crate::organisation::ListQuery> {
    let mut sql = Sql::default();
    let search = (!f.terms.is_empty()).then(|| search::clause(backend, &mut sql, "people", "p", &f.terms));
    let mut conditions = Vec::new();
    if let Some(o) = f.organisation_id {
        conditions.push(format!(
            "p.id IN (SELECT person_id FROM person_organisations WHERE organisation_id = {})",
            sql.int_arg(o)
        ));
    }
    if let Some(n) = f.network_id {
        conditions.push(format!(
            "p.id IN (SELECT person_id FROM memberships WHERE network_id = {} AND person_id IS NOT NULL)",
            sql.int_arg(n)
        ));
    }
    let mut count = sql.clone();
    match &search {
        Some(s) if conditions.is_empty() => count.push(&s.count_alone),
        Some(s) => count.push(&format!(
            "SELECT COUNT(*) FROM people p WHERE {} AND {}",
            s.condition,
            conditions.join(" AND ")
        )),
        None => count.push(&format!(
            "SELECT COUNT(*) FROM people p{}",
            crate::organisation::where_clause(&conditions)
        )),
    };
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    let mut from = String::from(" FROM people p");
    let mut order = "p.sort_name, p.id".to_string();
    if let Some(s) = &search {
        match search::order(total, true) {
            search::SearchOrder::Relevance => {
                from.push_str(&s.ranked_join);
                if s.ranked_needs_condition {
                    conditions.push(s.condition.clone());
                }
                order = format!("{}, {order}", s.rank);
            }
            search::SearchOrder::Name => {
                let rows = search::table_rows(conn, "people").await?;
                let reach = f.paging.offset().saturating_add(f.paging.size);
                from.push_str(search::name_hint(s, total, reach, rows));
                conditions.push(s.condition.clone());
            }
        }
    }
    Ok(crate::organisation::ListQuery {
        sql,
        from,
        where_clause: crate::organisation::where_clause(&conditions),
        order,
        total,
    })
}

pub async fn list(conn: &mut Conn, backend: Backend, f: &PersonFilter) -> crate::Result<Page<PersonSummary>> {
    let crate::organisation::ListQuery {
        mut sql,
        from,
        where_clause,
        order,
        total,
    } = list_query(conn, backend, f).await?;
    sql.push(&format!(
        "SELECT p.id, p.name, p.email, p.function, p.updated_at{from}{where_clause} ORDER BY {order}{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let orgs: Vec<String> = sqlx::query_scalar(
            "SELECT o.name FROM person_organisations po JOIN organisations o ON o.id = po.organisation_id \
             WHERE po.person_id = $1 ORDER BY o.sort_name LIMIT 5",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        items.push(PersonSummary {
            id,
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            function: r.try_get("function")?,
            organisations: orgs.join(", "),
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(Page {
        items,
        total,
        paging: f.paging,
    })
}

/// People linked to an organisation: (id, name, function).
pub async fn of_organisation(
    conn: &mut Conn,
    organisation_id: i64,
) -> crate::Result<Vec<(i64, String, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.function FROM person_organisations po JOIN people p ON p.id = po.person_id \
         WHERE po.organisation_id = $1 ORDER BY p.sort_name",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("function")?)))
        .collect()
}

/// (id, name) of people, by name, for select lists; capped at `limit`.
pub async fn names(conn: &mut Conn, limit: i64) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM people ORDER BY sort_name, id LIMIT $1")
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}
