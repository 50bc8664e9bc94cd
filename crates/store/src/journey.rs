//! The journey-stage history in storage, and the funnel's counts.

use crate::Conn;
use crate::sql::Sql;
use middenveld_domain::enums::{Coded, JourneyStage};
use middenveld_domain::journey::StageChange;
use sqlx::Row;

/// A recorded stage change.
#[derive(Debug, Clone)]
pub struct StageChangeRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub change: StageChange,
    pub user_name: String,
    /// RFC 3339, UTC.
    pub changed_at: String,
}

fn stage(col: &str, v: Option<String>) -> crate::Result<Option<JourneyStage>> {
    v.map(|s| crate::decode(col, JourneyStage::parse(&s))).transpose()
}

/// Who made a change.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub user_id: Option<i64>,
    pub user_name: &'a str,
}

pub async fn insert(
    conn: &mut Conn,
    organisation_id: i64,
    c: &StageChange,
    by: By<'_>,
    at: &str,
) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO stage_changes (organisation_id, from_stage, to_stage, reason, user_id, user_name, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(organisation_id)
    .bind(c.from.map(Coded::code))
    .bind(c.to.map(Coded::code))
    .bind(c.reason.clone())
    .bind(by.user_id)
    .bind(by.user_name.to_string())
    .bind(at.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// The stage changes of an organisation, latest first.
pub async fn changes_of(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<StageChangeRecord>> {
    let rows = sqlx::query(
        "SELECT id, organisation_id, from_stage, to_stage, reason, user_name, changed_at FROM stage_changes \
         WHERE organisation_id = $1 ORDER BY changed_at DESC, id DESC",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StageChangeRecord {
                id: r.try_get("id")?,
                organisation_id: r.try_get("organisation_id")?,
                change: StageChange {
                    from: stage("from_stage", r.try_get("from_stage")?)?,
                    to: stage("to_stage", r.try_get("to_stage")?)?,
                    reason: r.try_get("reason")?,
                },
                user_name: r.try_get("user_name")?,
                changed_at: r.try_get("changed_at")?,
            })
        })
        .collect()
}

/// Which organisations the funnel counts.
#[derive(Debug, Clone, Default)]
pub struct FunnelFilter {
    /// Members (active or involved, any time) of this network.
    pub network_id: Option<i64>,
    /// Registered for this event (a Track session, a meeting): its cohort.
    pub event_id: Option<i64>,
    /// Enrolled in this Track: its cohort.
    pub track_id: Option<i64>,
    /// Moves counted from this moment (RFC 3339 or a date), inclusive.
    pub from: Option<String>,
    /// Moves counted before this moment (exclusive).
    pub until: Option<String>,
}

fn cohort(sql: &mut Sql, f: &FunnelFilter, column: &str) -> Vec<String> {
    let mut c = Vec::new();
    if let Some(n) = f.network_id {
        c.push(format!(
            "{column} IN (SELECT organisation_id FROM memberships WHERE network_id = {} AND organisation_id IS NOT NULL)",
            sql.int_arg(n)
        ));
    }
    if let Some(t) = f.track_id {
        c.push(format!(
            "{column} IN (SELECT organisation_id FROM enrolments WHERE track_id = {})",
            sql.int_arg(t)
        ));
    }
    if let Some(e) = f.event_id {
        c.push(format!(
            "{column} IN (SELECT organisation_id FROM registrations WHERE event_id = {} AND organisation_id IS NOT NULL)",
            sql.int_arg(e)
        ));
    }
    c
}

impl FunnelFilter {
    /// Whether a cohort narrows the counts (else the trigger-kept totals answer).
    fn has_cohort(&self) -> bool {
        self.network_id.is_some() || self.track_id.is_some() || self.event_id.is_some()
    }

    /// Whether the period's bounds are whole days, as the per-day move counts keep them.
    fn whole_days(&self) -> bool {
        [&self.from, &self.until].into_iter().flatten().all(|b| b.len() == 10)
    }
}

/// How many organisations are at each stage now (None: no stage recorded).
pub async fn stage_counts(conn: &mut Conn, f: &FunnelFilter) -> crate::Result<Vec<(Option<JourneyStage>, i64)>> {
    if !f.has_cohort() {
        // Kept by the triggers of migration 21.
        let rows = sqlx::query("SELECT NULLIF(stage, '') AS journey_stage, n FROM stage_counts WHERE n <> 0")
            .fetch_all(&mut *conn)
            .await?;
        return rows
            .iter()
            .map(|r| Ok((stage("journey_stage", r.try_get("journey_stage")?)?, r.try_get("n")?)))
            .collect();
    }
    let mut sql = Sql::default();
    let conditions = cohort(&mut sql, f, "id");
    let where_clause = crate::organisation::where_clause(&conditions);
    sql.push(&format!(
        "SELECT journey_stage, COUNT(*) AS n FROM organisations{where_clause} GROUP BY journey_stage"
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((stage("journey_stage", r.try_get("journey_stage")?)?, r.try_get("n")?)))
        .collect()
}

/// Moves between stages in the period: (from, to, number of changes), first registrations
/// (from none) left out. Each possible pair is counted as its own range of the index on
/// (from, to, moment), so the cost follows the changes in the period, not all changes.
pub async fn moves(conn: &mut Conn, f: &FunnelFilter) -> crate::Result<Vec<(JourneyStage, Option<JourneyStage>, i64)>> {
    if !f.has_cohort() && f.whole_days() {
        return move_days(conn, f).await;
    }
    let mut sql = Sql::default();
    let mut conditions = cohort(&mut sql, f, "organisation_id");
    if let Some(from) = &f.from {
        conditions.push(format!("changed_at >= {}", sql.text_arg(from.clone())));
    }
    if let Some(until) = &f.until {
        conditions.push(format!("changed_at < {}", sql.text_arg(until.clone())));
    }
    let rest: String = conditions.iter().map(|c| format!(" AND {c}")).collect();
    // Stage codes are constants of the domain, not input: safe to write into the text.
    let mut parts = Vec::new();
    for from in JourneyStage::ALL {
        let targets = JourneyStage::ALL
            .iter()
            .filter(|t| *t != from)
            .map(|t| (format!("'{}'", t.code()), format!("to_stage = '{}'", t.code())))
            .chain(std::iter::once(("NULL".to_string(), "to_stage IS NULL".to_string())));
        for (to, to_condition) in targets {
            parts.push(format!(
                "SELECT '{from}' AS from_stage, CAST({to} AS TEXT) AS to_stage, \
                 (SELECT COUNT(*) FROM stage_changes WHERE from_stage = '{from}' AND {to_condition}{rest}) AS n",
                from = from.code()
            ));
        }
    }
    sql.push(&format!(
        "SELECT from_stage, to_stage, CAST(n AS BIGINT) AS n FROM ({}) m WHERE n > 0 \
         ORDER BY from_stage, to_stage IS NULL, to_stage",
        parts.join(" UNION ALL ")
    ));
    move_rows(&sql.query().fetch_all(&mut *conn).await?)
}

/// [`moves`] from the per-day counts the triggers of migration 21 keep: a few thousand rows
/// for a year, whatever the number of changes.
async fn move_days(conn: &mut Conn, f: &FunnelFilter) -> crate::Result<Vec<(JourneyStage, Option<JourneyStage>, i64)>> {
    let mut sql = Sql::default();
    let mut conditions = vec!["from_stage <> ''".to_string(), "from_stage <> to_stage".to_string()];
    if let Some(from) = &f.from {
        conditions.push(format!("day >= {}", sql.text_arg(from.clone())));
    }
    if let Some(until) = &f.until {
        conditions.push(format!("day < {}", sql.text_arg(until.clone())));
    }
    sql.push(&format!(
        "SELECT from_stage, NULLIF(to_stage, '') AS to_stage, CAST(SUM(n) AS BIGINT) AS n FROM stage_move_days \
         WHERE {} GROUP BY from_stage, to_stage HAVING SUM(n) > 0 ORDER BY from_stage, to_stage = '', to_stage",
        conditions.join(" AND ")
    ));
    move_rows(&sql.query().fetch_all(&mut *conn).await?)
}

/// Rows of (from_stage, to_stage, n) as moves; a row from no stage is skipped.
fn move_rows(rows: &[sqlx::any::AnyRow]) -> crate::Result<Vec<(JourneyStage, Option<JourneyStage>, i64)>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(from) = stage("from_stage", r.try_get("from_stage")?)? else {
            continue;
        };
        out.push((from, stage("to_stage", r.try_get("to_stage")?)?, r.try_get("n")?));
    }
    Ok(out)
}

/// Sets an organisation's current stage (its history is written by [`insert`]).
pub async fn set_stage(
    conn: &mut Conn,
    organisation_id: i64,
    to: Option<JourneyStage>,
    now: &str,
) -> crate::Result<bool> {
    let done = sqlx::query("UPDATE organisations SET journey_stage = $1, updated_at = $2 WHERE id = $3")
        .bind(to.map(Coded::code))
        .bind(now.to_string())
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
