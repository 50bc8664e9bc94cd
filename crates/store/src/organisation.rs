//! Organisations in storage.

use crate::links::ORGANISATION_THEMES;
use crate::search;
use crate::sql::{Page, Paging, Sql};
use crate::{Backend, Conn, classify, decode};
use middenveld_domain::enums::{Coded, JourneyStage, OrganisationKind, SizeClass};
use middenveld_domain::organisation::Organisation;
use middenveld_domain::{Date, KvkNumber, MunicipalityCode, Postcode, SbiCode};
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored organisation with the names of what it refers to.
#[derive(Debug, Clone)]
pub struct OrganisationRecord {
    pub id: i64,
    pub data: Organisation,
    pub municipality_name: Option<String>,
    pub spin_off_of_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A row of the organisation list.
#[derive(Debug, Clone)]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub kvk_number: Option<String>,
    pub kind: OrganisationKind,
    pub city: Option<String>,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub journey_stage: Option<JourneyStage>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrganisationSort {
    /// Best match first when searching, else by name.
    #[default]
    Default,
    NameAsc,
    NameDesc,
    MunicipalityAsc,
    UpdatedDesc,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Normalised search words (prefixes, all required).
    pub terms: Vec<String>,
    pub kind: Option<OrganisationKind>,
    pub municipality_code: Option<String>,
    pub theme_id: Option<i64>,
    pub journey_stage: Option<JourneyStage>,
    pub network_id: Option<i64>,
    pub sort: OrganisationSort,
    pub paging: Paging,
}

pub(crate) const COLUMNS: &str = "o.id, o.name, o.kvk_number, o.kind, o.size_class, o.sbi_code, o.address, \
    o.postcode, o.city, o.municipality_code, o.journey_stage, o.spin_off_of, o.spin_off_date, \
    o.website, o.description, o.created_at, o.updated_at";

fn bind_data<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    o: &Organisation,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(o.name.clone())
        .bind(middenveld_domain::search::normalise(&o.name))
        .bind(o.kvk_number.as_ref().map(|k| k.as_str().to_string()))
        .bind(o.kind.code())
        .bind(o.size_class.map(Coded::code))
        .bind(o.sbi_code.as_ref().map(|s| s.as_str().to_string()))
        .bind(o.address.clone())
        .bind(o.postcode.as_ref().map(|p| p.as_str().to_string()))
        .bind(o.city.clone())
        .bind(o.municipality_code.as_ref().map(|m| m.as_str().to_string()))
        .bind(o.journey_stage.map(Coded::code))
        .bind(o.spin_off_of)
        .bind(o.spin_off_date.map(Date::iso))
        .bind(o.website.clone())
        .bind(o.description.clone())
        .bind(o.search_text())
}

pub async fn insert(conn: &mut Conn, o: &Organisation, now: &str) -> crate::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO organisations (name, sort_name, kvk_number, kind, size_class, sbi_code, address, \
         postcode, city, municipality_code, journey_stage, spin_off_of, spin_off_date, website, \
         description, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
         RETURNING id",
    );
    let row = bind_data(q, o)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    ORGANISATION_THEMES.set(conn, id, &o.theme_ids).await?;
    Ok(id)
}

/// Updates every field; false when no such organisation.
pub async fn update(conn: &mut Conn, id: i64, o: &Organisation, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE organisations SET name = $1, sort_name = $2, kvk_number = $3, kind = $4, \
         size_class = $5, sbi_code = $6, address = $7, postcode = $8, city = $9, \
         municipality_code = $10, journey_stage = $11, spin_off_of = $12, spin_off_date = $13, \
         website = $14, description = $15, search_text = $16, updated_at = $17 WHERE id = $18",
    );
    let done = bind_data(q, o)
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    ORGANISATION_THEMES.set(conn, id, &o.theme_ids).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM organisations WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub(crate) fn data_from_row(r: &AnyRow, theme_ids: Vec<i64>) -> crate::Result<Organisation> {
    let opt = |col: &str| -> crate::Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(col)?) };
    Ok(Organisation {
        name: r.try_get("name")?,
        kvk_number: opt("kvk_number")?
            .map(|k| decode("kvk_number", KvkNumber::parse(&k)))
            .transpose()?,
        kind: decode("kind", OrganisationKind::parse(&r.try_get::<String, _>("kind")?))?,
        size_class: opt("size_class")?
            .map(|s| decode("size_class", SizeClass::parse(&s)))
            .transpose()?,
        sbi_code: opt("sbi_code")?
            .map(|s| decode("sbi_code", SbiCode::parse(&s)))
            .transpose()?,
        address: opt("address")?,
        postcode: opt("postcode")?
            .map(|p| decode("postcode", Postcode::parse(&p)))
            .transpose()?,
        city: opt("city")?,
        municipality_code: opt("municipality_code")?
            .map(|m| decode("municipality_code", MunicipalityCode::parse(&m)))
            .transpose()?,
        journey_stage: opt("journey_stage")?
            .map(|s| decode("journey_stage", JourneyStage::parse(&s)))
            .transpose()?,
        spin_off_of: r.try_get("spin_off_of")?,
        spin_off_date: opt("spin_off_date")?
            .map(|d| decode("spin_off_date", Date::parse(&d)))
            .transpose()?,
        website: opt("website")?,
        description: opt("description")?,
        theme_ids,
    })
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<OrganisationRecord>> {
    let sql = format!(
        "SELECT {COLUMNS}, m.name AS municipality_name, p.name AS spin_off_of_name \
         FROM organisations o LEFT JOIN municipalities m ON m.code = o.municipality_code \
         LEFT JOIN organisations p ON p.id = o.spin_off_of WHERE o.id = $1"
    );
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let themes = ORGANISATION_THEMES.get(conn, id).await?;
    Ok(Some(OrganisationRecord {
        id,
        data: data_from_row(&row, themes)?,
        municipality_name: row.try_get("municipality_name")?,
        spin_off_of_name: row.try_get("spin_off_of_name")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    }))
}

/// The organisation holding this KvK number, other than `except`: (id, name).
pub async fn find_by_kvk(conn: &mut Conn, kvk: &str, except: Option<i64>) -> crate::Result<Option<(i64, String)>> {
    let row = sqlx::query("SELECT id, name FROM organisations WHERE kvk_number = $1 AND id <> $2")
        .bind(kvk)
        .bind(except.unwrap_or(-1))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).transpose()
}

pub async fn exists(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// The parts of the organisation list's query for a filter: the parameters in `sql`, the
/// FROM (alias `o`, with any search join), the WHERE and the ORDER BY (ending in `o.id`, so
/// one organisation's rows stay together when more tables are joined), and the total.
pub(crate) struct ListQuery {
    pub sql: Sql,
    pub from: String,
    pub where_clause: String,
    pub order: String,
    pub total: i64,
}

/// Builds the list's query and counts the matches (the count decides the search order).
pub(crate) async fn list_query(conn: &mut Conn, backend: Backend, f: &OrganisationFilter) -> crate::Result<ListQuery> {
    let mut sql = Sql::default();
    let search = (!f.terms.is_empty()).then(|| search::clause(backend, &mut sql, "organisations", "o", &f.terms));
    let mut conditions: Vec<String> = Vec::new();
    if let Some(k) = f.kind {
        conditions.push(format!("o.kind = {}", sql.text_arg(k.code())));
    }
    if let Some(m) = &f.municipality_code {
        conditions.push(format!("o.municipality_code = {}", sql.text_arg(m.clone())));
    }
    if let Some(s) = f.journey_stage {
        conditions.push(format!("o.journey_stage = {}", sql.text_arg(s.code())));
    }
    if let Some(t) = f.theme_id {
        conditions.push(format!(
            "o.id IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = {})",
            sql.int_arg(t)
        ));
    }
    if let Some(n) = f.network_id {
        conditions.push(format!(
            "o.id IN (SELECT organisation_id FROM memberships WHERE network_id = {} AND organisation_id IS NOT NULL)",
            sql.int_arg(n)
        ));
    }

    let mut count = sql.clone();
    match &search {
        Some(s) if conditions.is_empty() => count.push(&s.count_alone),
        Some(s) => count.push(&format!(
            "SELECT COUNT(*) FROM organisations o WHERE {} AND {}",
            s.condition,
            conditions.join(" AND ")
        )),
        None => count.push(&format!(
            "SELECT COUNT(*) FROM organisations o{}",
            where_clause(&conditions)
        )),
    };
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;

    let by_name = matches!(
        f.sort,
        OrganisationSort::Default | OrganisationSort::NameAsc | OrganisationSort::NameDesc
    );
    let mut from = String::from(" FROM organisations o");
    let mut order = match f.sort {
        OrganisationSort::Default | OrganisationSort::NameAsc => "o.sort_name, o.id".to_string(),
        OrganisationSort::NameDesc => "o.sort_name DESC, o.id DESC".into(),
        OrganisationSort::MunicipalityAsc => "m.name, o.sort_name, o.id".into(),
        OrganisationSort::UpdatedDesc => "o.updated_at DESC, o.id DESC".into(),
    };
    if let Some(s) = &search {
        match search::order(total, f.sort == OrganisationSort::Default) {
            search::SearchOrder::Relevance => {
                from.push_str(&s.ranked_join);
                if s.ranked_needs_condition {
                    conditions.push(s.condition.clone());
                }
                order = format!("{}, {order}", s.rank);
            }
            search::SearchOrder::Name => {
                if by_name {
                    let rows = search::table_rows(conn, "organisations").await?;
                    let reach = f.paging.offset().saturating_add(f.paging.size);
                    from.push_str(search::name_hint(s, total, reach, rows));
                }
                conditions.push(s.condition.clone());
            }
        }
    }
    Ok(ListQuery {
        sql,
        from,
        where_clause: where_clause(&conditions),
        order,
        total,
    })
}

pub async fn list(
    conn: &mut Conn,
    backend: Backend,
    f: &OrganisationFilter,
) -> crate::Result<Page<OrganisationSummary>> {
    let ListQuery {
        mut sql,
        from,
        where_clause,
        order,
        total,
    } = list_query(conn, backend, f).await?;
    sql.push(&format!(
        "SELECT o.id, o.name, o.kvk_number, o.kind, o.city, o.municipality_code, o.journey_stage, \
         o.updated_at, m.name AS municipality_name{from} \
         LEFT JOIN municipalities m ON m.code = o.municipality_code{where_clause} ORDER BY {order}{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(OrganisationSummary {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kvk_number: r.try_get("kvk_number")?,
                kind: decode("kind", OrganisationKind::parse(&r.try_get::<String, _>("kind")?))?,
                city: r.try_get("city")?,
                municipality_code: r.try_get("municipality_code")?,
                municipality_name: r.try_get("municipality_name")?,
                journey_stage: r
                    .try_get::<Option<String>, _>("journey_stage")?
                    .map(|s| decode("journey_stage", JourneyStage::parse(&s)))
                    .transpose()?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect::<crate::Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        paging: f.paging,
    })
}

/// ` WHERE a AND b`, or nothing.
pub(crate) fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

/// (id, name) of every organisation, by name: for select lists. Capped at `limit`.
pub async fn names(conn: &mut Conn, limit: i64) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM organisations ORDER BY sort_name, id LIMIT $1")
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// (id, name) for the given ids.
pub async fn names_of(conn: &mut Conn, ids: &[i64]) -> crate::Result<Vec<(i64, String)>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(name) = sqlx::query_scalar::<_, String>("SELECT name FROM organisations WHERE id = $1")
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
        {
            out.push((*id, name));
        }
    }
    Ok(out)
}

/// Organisations that are spin-offs of this one: (id, name, date).
pub async fn spin_offs(conn: &mut Conn, id: i64) -> crate::Result<Vec<(i64, String, Option<String>)>> {
    let rows =
        sqlx::query("SELECT id, name, spin_off_date FROM organisations WHERE spin_off_of = $1 ORDER BY sort_name")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("spin_off_date")?)))
        .collect()
}

/// The kinds of the given organisations (for consortium classification).
pub async fn kinds_of(conn: &mut Conn, ids: &[i64]) -> crate::Result<Vec<OrganisationKind>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(k) = sqlx::query_scalar::<_, String>("SELECT kind FROM organisations WHERE id = $1")
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
        {
            out.push(decode("kind", OrganisationKind::parse(&k))?);
        }
    }
    Ok(out)
}
