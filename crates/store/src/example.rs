//! Storage of good examples and their pictures.

use crate::sql::{Page, Paging, Sql};
use crate::{Backend, Conn, classify, decode};
use middenveld_domain::enums::{Coded, ExampleStatus, Sector};
use middenveld_domain::example::{Consent, Example, Picture};
use middenveld_domain::{Date, MunicipalityCode};
use sqlx::{AssertSqlSafe, Row};

/// An organisation involved, as the exhibition may show it: name and website, nothing else.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationLink {
    pub id: i64,
    pub name: String,
    pub website: Option<String>,
}

/// A picture without its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureMeta {
    pub id: i64,
    pub position: i64,
    pub alt_text: String,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct ExampleRecord {
    pub id: i64,
    pub data: Example,
    pub status: ExampleStatus,
    pub published_on: Option<Date>,
    pub consent: Option<Consent>,
    pub consent_organisation_name: Option<String>,
    pub municipality_name: Option<String>,
    pub contact_partner_name: Option<String>,
    /// (id, name), by name.
    pub themes: Vec<(i64, String)>,
    pub organisations: Vec<OrganisationLink>,
    /// (id, name), by name.
    pub projects: Vec<(i64, String)>,
    pub pictures: Vec<PictureMeta>,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT e.id, e.title, e.summary, e.story, e.municipality_code, e.sector, e.contact_partner_id, \
    e.consent_organisation_id, e.consent_signer, e.consent_date, e.consent_note, e.status, e.published_on, \
    e.created_at, e.updated_at, m.name AS municipality_name, cp.name AS contact_partner_name, \
    co.name AS consent_organisation_name FROM examples e \
    LEFT JOIN municipalities m ON m.code = e.municipality_code \
    LEFT JOIN organisations cp ON cp.id = e.contact_partner_id \
    LEFT JOIN organisations co ON co.id = e.consent_organisation_id";

async fn pairs(conn: &mut Conn, sql: &str, id: i64) -> crate::Result<Vec<(i64, String)>> {
    sqlx::query(AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

async fn record(conn: &mut Conn, r: &sqlx::any::AnyRow) -> crate::Result<ExampleRecord> {
    let id: i64 = r.try_get("id")?;
    let themes = pairs(
        conn,
        "SELECT t.id, t.name FROM example_themes x JOIN themes t ON t.id = x.theme_id WHERE x.example_id = $1 \
         ORDER BY t.name",
        id,
    )
    .await?;
    let projects = pairs(
        conn,
        "SELECT p.id, p.name FROM example_projects x JOIN projects p ON p.id = x.project_id WHERE x.example_id = $1 \
         ORDER BY p.sort_name",
        id,
    )
    .await?;
    let organisations = sqlx::query(
        "SELECT o.id, o.name, o.website FROM example_organisations x JOIN organisations o ON o.id = x.organisation_id \
         WHERE x.example_id = $1 ORDER BY o.sort_name",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|o| {
        Ok(OrganisationLink {
            id: o.try_get("id")?,
            name: o.try_get("name")?,
            website: o.try_get("website")?,
        })
    })
    .collect::<crate::Result<Vec<_>>>()?;
    let pictures = pictures(conn, id).await?;
    let consent = match (
        r.try_get::<Option<i64>, _>("consent_organisation_id")?,
        r.try_get::<Option<String>, _>("consent_signer")?,
        r.try_get::<Option<String>, _>("consent_date")?,
    ) {
        (Some(organisation_id), Some(signer), Some(date)) => Some(Consent {
            organisation_id,
            signer,
            date: decode("consent_date", Date::parse(&date))?,
            note: r.try_get("consent_note")?,
        }),
        _ => None,
    };
    let mut organisation_ids: Vec<i64> = organisations.iter().map(|o| o.id).collect();
    organisation_ids.sort_unstable();
    let mut theme_ids: Vec<i64> = themes.iter().map(|t| t.0).collect();
    theme_ids.sort_unstable();
    let mut project_ids: Vec<i64> = projects.iter().map(|p| p.0).collect();
    project_ids.sort_unstable();
    Ok(ExampleRecord {
        id,
        data: Example {
            title: r.try_get("title")?,
            summary: r.try_get("summary")?,
            story: r.try_get("story")?,
            municipality: r
                .try_get::<Option<String>, _>("municipality_code")?
                .map(|c| decode("municipality_code", MunicipalityCode::parse(&c)))
                .transpose()?,
            sector: r
                .try_get::<Option<String>, _>("sector")?
                .map(|c| decode("sector", Sector::parse(&c)))
                .transpose()?,
            theme_ids,
            organisation_ids,
            project_ids,
            contact_partner_id: r.try_get("contact_partner_id")?,
        },
        status: decode("status", ExampleStatus::parse(&r.try_get::<String, _>("status")?))?,
        published_on: r
            .try_get::<Option<String>, _>("published_on")?
            .map(|d| decode("published_on", Date::parse(&d)))
            .transpose()?,
        consent,
        consent_organisation_name: r.try_get("consent_organisation_name")?,
        municipality_name: r.try_get("municipality_name")?,
        contact_partner_name: r.try_get("contact_partner_name")?,
        themes,
        organisations,
        projects,
        pictures,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

async fn set_links(conn: &mut Conn, id: i64, e: &Example) -> crate::Result<()> {
    for (table, column, ids) in [
        ("example_themes", "theme_id", &e.theme_ids),
        ("example_organisations", "organisation_id", &e.organisation_ids),
        ("example_projects", "project_id", &e.project_ids),
    ] {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE example_id = $1")))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        for other in ids {
            sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO {table} (example_id, {column}) VALUES ($1, $2)"
            )))
            .bind(id)
            .bind(*other)
            .execute(&mut *conn)
            .await
            .map_err(classify)?;
        }
    }
    Ok(())
}

/// The names of organisations by id (for the search text).
pub async fn organisation_names(conn: &mut Conn, ids: &[i64]) -> crate::Result<Vec<String>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(name) = sqlx::query_scalar::<_, String>("SELECT name FROM organisations WHERE id = $1")
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
        {
            out.push(name);
        }
    }
    Ok(out)
}

/// Which of `ids` do not exist in `table` (a compile-time table name).
pub async fn missing(conn: &mut Conn, table: &'static str, ids: &[i64]) -> crate::Result<Vec<i64>> {
    let mut out = Vec::new();
    for id in ids {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table} WHERE id = $1")))
            .bind(*id)
            .fetch_one(&mut *conn)
            .await?;
        if n == 0 {
            out.push(*id);
        }
    }
    Ok(out)
}

pub async fn insert(conn: &mut Conn, e: &Example, search_text: &str, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO examples (title, sort_title, summary, story, municipality_code, sector, contact_partner_id, \
         status, search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(e.title.clone())
    .bind(middenveld_domain::search::normalise(&e.title))
    .bind(e.summary.clone())
    .bind(e.story.clone())
    .bind(e.municipality.as_ref().map(|m| m.as_str().to_string()))
    .bind(e.sector.map(|s| s.code()))
    .bind(e.contact_partner_id)
    .bind(ExampleStatus::Draft.code())
    .bind(search_text.to_string())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    set_links(conn, id, e).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, e: &Example, search_text: &str, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE examples SET title = $1, sort_title = $2, summary = $3, story = $4, municipality_code = $5, \
         sector = $6, contact_partner_id = $7, search_text = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(e.title.clone())
    .bind(middenveld_domain::search::normalise(&e.title))
    .bind(e.summary.clone())
    .bind(e.story.clone())
    .bind(e.municipality.as_ref().map(|m| m.as_str().to_string()))
    .bind(e.sector.map(|s| s.code()))
    .bind(e.contact_partner_id)
    .bind(search_text.to_string())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    set_links(conn, id, e).await?;
    Ok(true)
}

pub async fn set_status(
    conn: &mut Conn,
    id: i64,
    status: ExampleStatus,
    published_on: Option<Date>,
    now: &str,
) -> crate::Result<bool> {
    let done = sqlx::query("UPDATE examples SET status = $1, published_on = $2, updated_at = $3 WHERE id = $4")
        .bind(status.code())
        .bind(published_on.map(Date::iso))
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn set_consent(conn: &mut Conn, id: i64, c: Option<&Consent>, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE examples SET consent_organisation_id = $1, consent_signer = $2, consent_date = $3, consent_note = $4, \
         updated_at = $5 WHERE id = $6",
    )
    .bind(c.map(|c| c.organisation_id))
    .bind(c.map(|c| c.signer.clone()))
    .bind(c.map(|c| c.date.iso()))
    .bind(c.and_then(|c| c.note.clone()))
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

/// Marks the example changed (a picture added or removed).
pub async fn touch(conn: &mut Conn, id: i64, now: &str) -> crate::Result<()> {
    sqlx::query("UPDATE examples SET updated_at = $1 WHERE id = $2")
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM examples WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<ExampleRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE e.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some(record(conn, &r).await?)),
        None => Ok(None),
    }
}

#[derive(Debug, Clone, Default)]
pub struct ExampleFilter {
    pub status: Option<ExampleStatus>,
    pub theme_id: Option<i64>,
    pub sector: Option<Sector>,
    pub municipality_code: Option<String>,
    /// Normalised search words (each a prefix, all required).
    pub terms: Vec<String>,
    pub paging: Paging,
}

/// A page of examples: published ones newest first, otherwise last changed first.
pub async fn list(conn: &mut Conn, backend: Backend, f: &ExampleFilter) -> crate::Result<Page<ExampleRecord>> {
    let mut sql = Sql::default();
    let mut c = Vec::new();
    if let Some(s) = f.status {
        c.push(format!("e.status = {}", sql.text_arg(s.code())));
    }
    if let Some(t) = f.theme_id {
        c.push(format!(
            "e.id IN (SELECT example_id FROM example_themes WHERE theme_id = {})",
            sql.int_arg(t)
        ));
    }
    if let Some(s) = f.sector {
        c.push(format!("e.sector = {}", sql.text_arg(s.code())));
    }
    if let Some(m) = &f.municipality_code {
        c.push(format!("e.municipality_code = {}", sql.text_arg(m.clone())));
    }
    if !f.terms.is_empty() {
        let clause = crate::search::clause(backend, &mut sql, "examples", "e", &f.terms);
        c.push(clause.condition);
    }
    let where_clause = crate::organisation::where_clause(&c);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM examples e{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    let order = if f.status == Some(ExampleStatus::Published) {
        "e.published_on DESC, e.id DESC"
    } else {
        "e.updated_at DESC, e.id DESC"
    };
    sql.push(&format!(
        "{SELECT}{where_clause} ORDER BY {order}{}",
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

/// The last change of any published example (for Last-Modified), if any is published.
pub async fn published_changed_at(conn: &mut Conn) -> crate::Result<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT MAX(updated_at) FROM examples WHERE status = $1")
            .bind(ExampleStatus::Published.code())
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn pictures(conn: &mut Conn, example_id: i64) -> crate::Result<Vec<PictureMeta>> {
    sqlx::query(
        "SELECT id, position, alt_text, content_type, byte_size, sha256 FROM example_pictures \
         WHERE example_id = $1 ORDER BY position, id",
    )
    .bind(example_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|p| {
        Ok(PictureMeta {
            id: p.try_get("id")?,
            position: p.try_get("position")?,
            alt_text: p.try_get("alt_text")?,
            content_type: p.try_get("content_type")?,
            byte_size: p.try_get("byte_size")?,
            sha256: p.try_get("sha256")?,
        })
    })
    .collect()
}

/// Adds a picture after the others.
pub async fn add_picture(conn: &mut Conn, example_id: i64, p: &Picture, sha256: &str, now: &str) -> crate::Result<i64> {
    let position: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM example_pictures WHERE example_id = $1")
            .bind(example_id)
            .fetch_one(&mut *conn)
            .await?;
    let row = sqlx::query(
        "INSERT INTO example_pictures (example_id, position, alt_text, content_type, byte_size, sha256, data, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(example_id)
    .bind(position)
    .bind(p.alt_text.clone())
    .bind(p.content_type)
    .bind(i64::try_from(p.bytes.len()).unwrap_or(i64::MAX))
    .bind(sha256.to_string())
    .bind(p.bytes.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn remove_picture(conn: &mut Conn, example_id: i64, picture_id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM example_pictures WHERE id = $1 AND example_id = $2")
        .bind(picture_id)
        .bind(example_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A picture's metadata and bytes.
pub async fn picture(
    conn: &mut Conn,
    example_id: i64,
    picture_id: i64,
) -> crate::Result<Option<(PictureMeta, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT id, position, alt_text, content_type, byte_size, sha256, data FROM example_pictures \
         WHERE id = $1 AND example_id = $2",
    )
    .bind(picture_id)
    .bind(example_id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(p) => Ok(Some((
            PictureMeta {
                id: p.try_get("id")?,
                position: p.try_get("position")?,
                alt_text: p.try_get("alt_text")?,
                content_type: p.try_get("content_type")?,
                byte_size: p.try_get("byte_size")?,
                sha256: p.try_get("sha256")?,
            },
            p.try_get::<Vec<u8>, _>("data")?,
        ))),
        None => Ok(None),
    }
}

/// Every project (id, name), by name, for the form's choices.
pub async fn project_choices(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, name FROM projects ORDER BY sort_name, id LIMIT 2000")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Every theme (id, name), by name, for the exhibition's filter.
pub async fn theme_choices(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, name FROM themes ORDER BY name, id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// Moves the examples' references to organisation `from` to `to` (a merge): contact partner,
/// consent and the organisations involved (an example linked to both keeps one link).
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    for column in ["contact_partner_id", "consent_organisation_id"] {
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE examples SET {column} = $2 WHERE {column} = $1"
        )))
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE example_organisations SET organisation_id = $2 WHERE organisation_id = $1 \
         AND example_id NOT IN (SELECT example_id FROM example_organisations WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
