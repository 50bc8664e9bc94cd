//! Tracks, their sessions (events with a `track_id`), enrolments and follow-up tasks.

use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::enums::{Coded, FollowUpOutcome, JourneyStage};
use middenveld_domain::track::Track;
use middenveld_domain::{Date, LocalDateTime};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct TrackRecord {
    pub id: i64,
    pub data: Track,
    pub provider_name: Option<String>,
    pub sessions: i64,
    pub enrolled: i64,
    pub completed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT t.id, t.name, t.provider_id, t.trainers, t.follow_up_weeks, t.description, \
    t.completed_at, t.created_at, t.updated_at, o.name AS provider_name, \
    (SELECT COUNT(*) FROM events e WHERE e.track_id = t.id) AS sessions, \
    (SELECT COUNT(*) FROM enrolments n WHERE n.track_id = t.id) AS enrolled \
    FROM tracks t LEFT JOIN organisations o ON o.id = t.provider_id";

fn record(r: &sqlx::any::AnyRow) -> crate::Result<TrackRecord> {
    Ok(TrackRecord {
        id: r.try_get("id")?,
        data: Track {
            name: r.try_get("name")?,
            provider_id: r.try_get("provider_id")?,
            trainers: r.try_get("trainers")?,
            follow_up_weeks: r.try_get("follow_up_weeks")?,
            description: r.try_get("description")?,
        },
        provider_name: r.try_get("provider_name")?,
        sessions: r.try_get("sessions")?,
        enrolled: r.try_get("enrolled")?,
        completed_at: r.try_get("completed_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn insert(conn: &mut Conn, t: &Track, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO tracks (name, sort_name, provider_id, trainers, follow_up_weeks, description, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(t.name.clone())
    .bind(middenveld_domain::search::normalise(&t.name))
    .bind(t.provider_id)
    .bind(t.trainers.clone())
    .bind(t.follow_up_weeks)
    .bind(t.description.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update(conn: &mut Conn, id: i64, t: &Track, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE tracks SET name = $1, sort_name = $2, provider_id = $3, trainers = $4, follow_up_weeks = $5, \
         description = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(t.name.clone())
    .bind(middenveld_domain::search::normalise(&t.name))
    .bind(t.provider_id)
    .bind(t.trainers.clone())
    .bind(t.follow_up_weeks)
    .bind(t.description.clone())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM tracks WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<TrackRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE t.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

pub async fn list(
    conn: &mut Conn,
    name_contains: Option<&str>,
    provider_id: Option<i64>,
    paging: Paging,
) -> crate::Result<Page<TrackRecord>> {
    let mut sql = Sql::default();
    let mut c = Vec::new();
    if let Some(n) = name_contains {
        let p = sql.text_arg(format!(
            "%{}%",
            crate::theme::like_escape(&middenveld_domain::search::normalise(n))
        ));
        c.push(format!("t.sort_name LIKE {p} ESCAPE '\\'"));
    }
    if let Some(p) = provider_id {
        c.push(format!("t.provider_id = {}", sql.int_arg(p)));
    }
    let w = crate::organisation::where_clause(&c);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM tracks t{w}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    sql.push(&format!("{SELECT}{w} ORDER BY t.id DESC{}", paging.limit_clause()));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    Ok(Page {
        items: rows.iter().map(record).collect::<crate::Result<_>>()?,
        total,
        paging,
    })
}

pub async fn set_completed(conn: &mut Conn, id: i64, now: &str) -> crate::Result<()> {
    sqlx::query("UPDATE tracks SET completed_at = COALESCE(completed_at, $1), updated_at = $1 WHERE id = $2")
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Makes an event a session of a Track.
pub async fn attach_session(conn: &mut Conn, event_id: i64, track_id: i64) -> crate::Result<()> {
    sqlx::query("UPDATE events SET track_id = $1 WHERE id = $2")
        .bind(track_id)
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A session: (event id, name, begins, ends).
pub async fn sessions(
    conn: &mut Conn,
    track_id: i64,
) -> crate::Result<Vec<(i64, String, LocalDateTime, Option<LocalDateTime>)>> {
    let rows =
        sqlx::query("SELECT id, name, starts_at, ends_at FROM events WHERE track_id = $1 ORDER BY starts_at, id")
            .bind(track_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                decode("starts_at", LocalDateTime::parse(&r.try_get::<String, _>("starts_at")?))?,
                r.try_get::<Option<String>, _>("ends_at")?
                    .map(|e| decode("ends_at", LocalDateTime::parse(&e)))
                    .transpose()?,
            ))
        })
        .collect()
}

/// An enrolled company.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub track_id: i64,
    pub track_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub stage: Option<JourneyStage>,
    pub chain: Option<String>,
    pub enrolled_at: String,
}

const ENROLMENT_SELECT: &str = "SELECT n.track_id, t.name AS track_name, n.organisation_id, o.name AS organisation_name, \
    o.journey_stage, n.chain, n.enrolled_at FROM enrolments n JOIN tracks t ON t.id = n.track_id \
    JOIN organisations o ON o.id = n.organisation_id";

fn enrolment(r: &sqlx::any::AnyRow) -> crate::Result<Enrolment> {
    Ok(Enrolment {
        track_id: r.try_get("track_id")?,
        track_name: r.try_get("track_name")?,
        organisation_id: r.try_get("organisation_id")?,
        organisation_name: r.try_get("organisation_name")?,
        stage: r
            .try_get::<Option<String>, _>("journey_stage")?
            .map(|s| decode("journey_stage", JourneyStage::parse(&s)))
            .transpose()?,
        chain: r.try_get("chain")?,
        enrolled_at: r.try_get("enrolled_at")?,
    })
}

pub async fn enrolments(conn: &mut Conn, track_id: i64) -> crate::Result<Vec<Enrolment>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{ENROLMENT_SELECT} WHERE n.track_id = $1 ORDER BY n.chain IS NULL, n.chain, o.sort_name"
    )))
    .bind(track_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(enrolment).collect()
}

pub async fn enrolments_of(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<Enrolment>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{ENROLMENT_SELECT} WHERE n.organisation_id = $1 ORDER BY n.enrolled_at DESC"
    )))
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(enrolment).collect()
}

/// Enrols a company, or changes its chain.
pub async fn enrol(
    conn: &mut Conn,
    track_id: i64,
    organisation_id: i64,
    chain: Option<&str>,
    now: &str,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO enrolments (track_id, organisation_id, chain, enrolled_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (track_id, organisation_id) DO UPDATE SET chain = excluded.chain",
    )
    .bind(track_id)
    .bind(organisation_id)
    .bind(chain.map(str::to_string))
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

pub async fn unenrol(conn: &mut Conn, track_id: i64, organisation_id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM enrolments WHERE track_id = $1 AND organisation_id = $2")
        .bind(track_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A follow-up task.
#[derive(Debug, Clone)]
pub struct TaskRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub track_id: Option<i64>,
    pub track_name: Option<String>,
    pub title: String,
    pub due_on: Date,
    pub assignee: Option<String>,
    pub outcome: Option<FollowUpOutcome>,
    pub note: Option<String>,
    pub done_at: Option<String>,
    pub done_by: Option<String>,
    pub created_at: String,
}

const TASK_SELECT: &str = "SELECT k.id, k.organisation_id, o.name AS organisation_name, k.track_id, \
    t.name AS track_name, k.title, k.due_on, k.assignee, k.outcome, k.note, k.done_at, k.done_by, k.created_at \
    FROM tasks k JOIN organisations o ON o.id = k.organisation_id LEFT JOIN tracks t ON t.id = k.track_id";

fn task(r: &sqlx::any::AnyRow) -> crate::Result<TaskRecord> {
    Ok(TaskRecord {
        id: r.try_get("id")?,
        organisation_id: r.try_get("organisation_id")?,
        organisation_name: r.try_get("organisation_name")?,
        track_id: r.try_get("track_id")?,
        track_name: r.try_get("track_name")?,
        title: r.try_get("title")?,
        due_on: decode("due_on", Date::parse(&r.try_get::<String, _>("due_on")?))?,
        assignee: r.try_get("assignee")?,
        outcome: r
            .try_get::<Option<String>, _>("outcome")?
            .map(|s| decode("outcome", FollowUpOutcome::parse(&s)))
            .transpose()?,
        note: r.try_get("note")?,
        done_at: r.try_get("done_at")?,
        done_by: r.try_get("done_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Adds the follow-up task of a company in a Track, unless it has one; true when added.
pub async fn add_follow_up(
    conn: &mut Conn,
    organisation_id: i64,
    track_id: i64,
    title: &str,
    due_on: Date,
    assignee: Option<&str>,
    now: &str,
) -> crate::Result<bool> {
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE track_id = $1 AND organisation_id = $2")
        .bind(track_id)
        .bind(organisation_id)
        .fetch_one(&mut *conn)
        .await?;
    if exists > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO tasks (organisation_id, track_id, title, due_on, assignee, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(organisation_id)
    .bind(track_id)
    .bind(title.to_string())
    .bind(due_on.iso())
    .bind(assignee.map(str::to_string))
    .bind(now.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Done ones too.
    pub include_done: bool,
    /// Open and due before this date.
    pub overdue_on: Option<Date>,
    pub track_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub paging: Paging,
}

/// The WHERE clause of a task filter (paging aside).
fn task_where(sql: &mut Sql, f: &TaskFilter) -> String {
    let mut c = Vec::new();
    if !f.include_done || f.overdue_on.is_some() {
        c.push("k.done_at IS NULL".to_string());
    }
    if let Some(d) = f.overdue_on {
        c.push(format!("k.due_on < {}", sql.text_arg(d.iso())));
    }
    if let Some(t) = f.track_id {
        c.push(format!("k.track_id = {}", sql.int_arg(t)));
    }
    if let Some(o) = f.organisation_id {
        c.push(format!("k.organisation_id = {}", sql.int_arg(o)));
    }
    crate::organisation::where_clause(&c)
}

/// How many tasks the filter matches.
pub async fn count_tasks(conn: &mut Conn, f: &TaskFilter) -> crate::Result<i64> {
    let mut sql = Sql::default();
    let w = task_where(&mut sql, f);
    sql.push(&format!("SELECT COUNT(*) FROM tasks k{w}"));
    Ok(sql.scalar_i64().fetch_one(&mut *conn).await?)
}

pub async fn tasks(conn: &mut Conn, f: &TaskFilter) -> crate::Result<Page<TaskRecord>> {
    let total = count_tasks(conn, f).await?;
    let mut sql = Sql::default();
    let w = task_where(&mut sql, f);
    sql.push(&format!(
        "{TASK_SELECT}{w} ORDER BY k.due_on, k.id{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    Ok(Page {
        items: rows.iter().map(task).collect::<crate::Result<_>>()?,
        total,
        paging: f.paging,
    })
}

pub async fn get_task(conn: &mut Conn, id: i64) -> crate::Result<Option<TaskRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{TASK_SELECT} WHERE k.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(task).transpose()
}

pub async fn complete_task(
    conn: &mut Conn,
    id: i64,
    outcome: FollowUpOutcome,
    note: Option<&str>,
    by: &str,
    now: &str,
) -> crate::Result<()> {
    sqlx::query("UPDATE tasks SET outcome = $1, note = $2, done_at = $3, done_by = $4 WHERE id = $5")
        .bind(outcome.code())
        .bind(note.map(str::to_string))
        .bind(now.to_string())
        .bind(by.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Moves Tracks provided, enrolments and tasks of `from` to `to` (a merge); an enrolment both
/// had stays once.
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query("UPDATE tracks SET provider_id = $2 WHERE provider_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE enrolments SET organisation_id = $2 WHERE organisation_id = $1 \
         AND track_id NOT IN (SELECT track_id FROM enrolments WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE tasks SET organisation_id = $2 WHERE organisation_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
