//! Projects and their participants in storage.

use crate::links::PROJECT_THEMES;
use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::Date;
use middenveld_domain::enums::{Coded, InnovationStage, OrganisationKind, ParticipantRole};
use middenveld_domain::project::{Participant, Project};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct ProjectRecord {
    pub id: i64,
    pub data: Project,
    pub network_name: Option<String>,
    pub participant_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) const SELECT: &str = "SELECT pr.id, pr.name, pr.description, pr.stage, pr.start_date, pr.end_date, \
    pr.network_id, pr.website, pr.created_at, pr.updated_at, n.name AS network_name, \
    (SELECT COUNT(*) FROM project_participants x WHERE x.project_id = pr.id) AS participant_count \
    FROM projects pr LEFT JOIN networks n ON n.id = pr.network_id";

async fn record(conn: &mut Conn, r: &sqlx::any::AnyRow) -> crate::Result<ProjectRecord> {
    let id: i64 = r.try_get("id")?;
    let theme_ids = PROJECT_THEMES.get(conn, id).await?;
    record_from_row(r, theme_ids)
}

/// A project from a row of [`SELECT`]'s columns, with its themes.
pub(crate) fn record_from_row(r: &sqlx::any::AnyRow, theme_ids: Vec<i64>) -> crate::Result<ProjectRecord> {
    let id: i64 = r.try_get("id")?;
    let date = |col: &str| -> crate::Result<Option<Date>> {
        r.try_get::<Option<String>, _>(col)?
            .map(|d| decode(col, Date::parse(&d)))
            .transpose()
    };
    Ok(ProjectRecord {
        id,
        data: Project {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            stage: decode("stage", InnovationStage::parse(&r.try_get::<String, _>("stage")?))?,
            start_date: date("start_date")?,
            end_date: date("end_date")?,
            network_id: r.try_get("network_id")?,
            website: r.try_get("website")?,
            theme_ids,
        },
        network_name: r.try_get("network_name")?,
        participant_count: r.try_get("participant_count")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn bind_data<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    p: &Project,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(p.name.clone())
        .bind(middenveld_domain::search::normalise(&p.name))
        .bind(p.description.clone())
        .bind(p.stage.code())
        .bind(p.start_date.map(Date::iso))
        .bind(p.end_date.map(Date::iso))
        .bind(p.network_id)
        .bind(p.website.clone())
}

pub async fn insert(conn: &mut Conn, p: &Project, now: &str) -> crate::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO projects (name, sort_name, description, stage, start_date, end_date, network_id, \
         website, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    );
    let row = bind_data(q, p)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    PROJECT_THEMES.set(conn, id, &p.theme_ids).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, p: &Project, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE projects SET name = $1, sort_name = $2, description = $3, stage = $4, start_date = $5, \
         end_date = $6, network_id = $7, website = $8, updated_at = $9 WHERE id = $10",
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
    PROJECT_THEMES.set(conn, id, &p.theme_ids).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<ProjectRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE pr.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some(record(conn, &r).await?)),
        None => Ok(None),
    }
}

pub async fn exists(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub name_contains: Option<String>,
    pub stage: Option<InnovationStage>,
    pub network_id: Option<i64>,
    pub theme_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub paging: Paging,
}

/// The WHERE clause of the project list for a filter (alias `pr`), its parameters in `sql`.
pub(crate) fn list_where(sql: &mut Sql, f: &ProjectFilter) -> String {
    let mut conditions = Vec::new();
    if let Some(n) = &f.name_contains {
        let p = sql.text_arg(format!(
            "%{}%",
            crate::theme::like_escape(&middenveld_domain::search::normalise(n))
        ));
        conditions.push(format!("pr.sort_name LIKE {p} ESCAPE '\\'"));
    }
    if let Some(s) = f.stage {
        conditions.push(format!("pr.stage = {}", sql.text_arg(s.code())));
    }
    if let Some(n) = f.network_id {
        conditions.push(format!("pr.network_id = {}", sql.int_arg(n)));
    }
    if let Some(t) = f.theme_id {
        conditions.push(format!(
            "pr.id IN (SELECT project_id FROM project_themes WHERE theme_id = {})",
            sql.int_arg(t)
        ));
    }
    if let Some(o) = f.organisation_id {
        conditions.push(format!(
            "pr.id IN (SELECT project_id FROM project_participants WHERE organisation_id = {})",
            sql.int_arg(o)
        ));
    }
    crate::organisation::where_clause(&conditions)
}

pub async fn list(conn: &mut Conn, f: &ProjectFilter) -> crate::Result<Page<ProjectRecord>> {
    let mut sql = Sql::default();
    let where_clause = list_where(&mut sql, f);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM projects pr{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    sql.push(&format!(
        "{SELECT}{where_clause} ORDER BY pr.sort_name, pr.id{}",
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

/// A participant with the organisation's name and kind.
#[derive(Debug, Clone)]
pub struct ParticipantRecord {
    pub project_id: i64,
    pub project_name: String,
    pub data: Participant,
    pub organisation_name: String,
    pub organisation_kind: OrganisationKind,
}

fn participant(r: &sqlx::any::AnyRow) -> crate::Result<ParticipantRecord> {
    Ok(ParticipantRecord {
        project_id: r.try_get("project_id")?,
        project_name: r.try_get("project_name")?,
        data: Participant {
            organisation_id: r.try_get("organisation_id")?,
            role: decode("role", ParticipantRole::parse(&r.try_get::<String, _>("role")?))?,
        },
        organisation_name: r.try_get("organisation_name")?,
        organisation_kind: decode("kind", OrganisationKind::parse(&r.try_get::<String, _>("kind")?))?,
    })
}

const PARTICIPANT_SELECT: &str = "SELECT pp.project_id, pr.name AS project_name, pp.organisation_id, pp.role, \
    o.name AS organisation_name, o.kind FROM project_participants pp \
    JOIN projects pr ON pr.id = pp.project_id JOIN organisations o ON o.id = pp.organisation_id";

pub async fn participants(conn: &mut Conn, project_id: i64) -> crate::Result<Vec<ParticipantRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{PARTICIPANT_SELECT} WHERE pp.project_id = $1 ORDER BY o.sort_name"
    )))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(participant).collect()
}

pub async fn projects_of_organisation(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<ParticipantRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{PARTICIPANT_SELECT} WHERE pp.organisation_id = $1 ORDER BY pr.sort_name"
    )))
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(participant).collect()
}

pub async fn get_participant(
    conn: &mut Conn,
    project_id: i64,
    organisation_id: i64,
) -> crate::Result<Option<ParticipantRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{PARTICIPANT_SELECT} WHERE pp.project_id = $1 AND pp.organisation_id = $2"
    )))
    .bind(project_id)
    .bind(organisation_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(participant).transpose()
}

/// Adds or changes the role of a participant.
pub async fn upsert_participant(conn: &mut Conn, project_id: i64, p: &Participant) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO project_participants (project_id, organisation_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (project_id, organisation_id) DO UPDATE SET role = excluded.role",
    )
    .bind(project_id)
    .bind(p.organisation_id)
    .bind(p.role.code())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

pub async fn delete_participant(conn: &mut Conn, project_id: i64, organisation_id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM project_participants WHERE project_id = $1 AND organisation_id = $2")
        .bind(project_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
