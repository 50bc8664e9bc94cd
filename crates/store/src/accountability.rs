//! Programmes, objectives, actions, indicators, targets, values entered by hand, progress
//! notes, finances and frozen years in storage; and the counts of the register that the
//! indicators report.

use crate::organisation::where_clause;
use crate::sql::Sql;
use crate::{Conn, classify, decode};
use middenveld_domain::accountability::{
    Comparison, Display, Filters, Finance, FinanceLine, FinanceLineKind, Indicator, Measure, Objective, Programme,
    Target,
};
use middenveld_domain::enums::{Coded, OrganisationKind, SupportInstrument};
use middenveld_domain::{Euro, MunicipalityCode};
use sqlx::{AssertSqlSafe, Row};

// ---------------------------------------------------------------------------------------------
// Programmes

#[derive(Debug, Clone)]
pub struct ProgrammeRecord {
    pub id: i64,
    pub data: Programme,
    pub objective_count: i64,
}

const PROGRAMME_SELECT: &str = "SELECT p.id, p.name, p.description, p.start_year, p.end_year, p.decision_reference, \
    p.reserve_name, (SELECT COUNT(*) FROM objectives o WHERE o.programme_id = p.id) AS objective_count FROM programmes p";

fn programme_row(r: &sqlx::any::AnyRow) -> crate::Result<ProgrammeRecord> {
    Ok(ProgrammeRecord {
        id: r.try_get("id")?,
        data: Programme {
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            start_year: year(r.try_get("start_year")?)?,
            end_year: r.try_get::<Option<i64>, _>("end_year")?.map(year).transpose()?,
            decision_reference: r.try_get("decision_reference")?,
            reserve_name: r.try_get("reserve_name")?,
        },
        objective_count: r.try_get("objective_count")?,
    })
}

fn year(y: i64) -> crate::Result<i32> {
    i32::try_from(y).map_err(|_| crate::StoreError::Corrupt("year".into()))
}

pub async fn insert_programme(conn: &mut Conn, p: &Programme, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO programmes (name, description, start_year, end_year, decision_reference, reserve_name, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(p.name.clone())
    .bind(p.description.clone())
    .bind(i64::from(p.start_year))
    .bind(p.end_year.map(i64::from))
    .bind(p.decision_reference.clone())
    .bind(p.reserve_name.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update_programme(conn: &mut Conn, id: i64, p: &Programme, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE programmes SET name = $1, description = $2, start_year = $3, end_year = $4, decision_reference = $5, \
         reserve_name = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(p.name.clone())
    .bind(p.description.clone())
    .bind(i64::from(p.start_year))
    .bind(p.end_year.map(i64::from))
    .bind(p.decision_reference.clone())
    .bind(p.reserve_name.clone())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_programme(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM programmes WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn programme(conn: &mut Conn, id: i64) -> crate::Result<Option<ProgrammeRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{PROGRAMME_SELECT} WHERE p.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(programme_row).transpose()
}

pub async fn programmes(conn: &mut Conn) -> crate::Result<Vec<ProgrammeRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{PROGRAMME_SELECT} ORDER BY p.start_year DESC, p.name"
    )))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(programme_row).collect()
}

// ---------------------------------------------------------------------------------------------
// Objectives

#[derive(Debug, Clone)]
pub struct ObjectiveRecord {
    pub id: i64,
    pub programme_id: i64,
    pub programme_name: String,
    pub reserve_name: Option<String>,
    pub data: Objective,
}

const OBJECTIVE_SELECT: &str = "SELECT o.id, o.programme_id, p.name AS programme_name, p.reserve_name, o.code, o.name, \
    o.context, o.portfolio_holder, o.province_role, o.duration, o.reserve_relation, o.decision_references, o.website \
    FROM objectives o JOIN programmes p ON p.id = o.programme_id";

fn objective_row(r: &sqlx::any::AnyRow) -> crate::Result<ObjectiveRecord> {
    Ok(ObjectiveRecord {
        id: r.try_get("id")?,
        programme_id: r.try_get("programme_id")?,
        programme_name: r.try_get("programme_name")?,
        reserve_name: r.try_get("reserve_name")?,
        data: Objective {
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            context: r.try_get("context")?,
            portfolio_holder: r.try_get("portfolio_holder")?,
            province_role: r.try_get("province_role")?,
            duration: r.try_get("duration")?,
            reserve_relation: r.try_get("reserve_relation")?,
            decision_references: r.try_get("decision_references")?,
            website: r.try_get("website")?,
        },
    })
}

pub async fn insert_objective(conn: &mut Conn, programme_id: i64, o: &Objective, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO objectives (programme_id, code, name, context, portfolio_holder, province_role, duration, \
         reserve_relation, decision_references, website, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(programme_id)
    .bind(o.code.clone())
    .bind(o.name.clone())
    .bind(o.context.clone())
    .bind(o.portfolio_holder.clone())
    .bind(o.province_role.clone())
    .bind(o.duration.clone())
    .bind(o.reserve_relation.clone())
    .bind(o.decision_references.clone())
    .bind(o.website.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update_objective(conn: &mut Conn, id: i64, o: &Objective, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE objectives SET code = $1, name = $2, context = $3, portfolio_holder = $4, province_role = $5, \
         duration = $6, reserve_relation = $7, decision_references = $8, website = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(o.code.clone())
    .bind(o.name.clone())
    .bind(o.context.clone())
    .bind(o.portfolio_holder.clone())
    .bind(o.province_role.clone())
    .bind(o.duration.clone())
    .bind(o.reserve_relation.clone())
    .bind(o.decision_references.clone())
    .bind(o.website.clone())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_objective(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM objectives WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn objective(conn: &mut Conn, id: i64) -> crate::Result<Option<ObjectiveRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{OBJECTIVE_SELECT} WHERE o.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(objective_row).transpose()
}

/// Objectives by code, of one programme or of all.
pub async fn objectives(conn: &mut Conn, programme_id: Option<i64>) -> crate::Result<Vec<ObjectiveRecord>> {
    let rows = match programme_id {
        Some(p) => {
            sqlx::query(AssertSqlSafe(format!(
                "{OBJECTIVE_SELECT} WHERE o.programme_id = $1 ORDER BY o.code"
            )))
            .bind(p)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(format!("{OBJECTIVE_SELECT} ORDER BY o.code")))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter().map(objective_row).collect()
}

// ---------------------------------------------------------------------------------------------
// Actions

#[derive(Debug, Clone)]
pub struct ActionRecord {
    pub id: i64,
    pub objective_id: i64,
    pub position: i64,
    pub text: String,
}

fn action_row(r: &sqlx::any::AnyRow) -> crate::Result<ActionRecord> {
    Ok(ActionRecord {
        id: r.try_get("id")?,
        objective_id: r.try_get("objective_id")?,
        position: r.try_get("position")?,
        text: r.try_get("text")?,
    })
}

/// Adds an action; without a position it goes last.
pub async fn insert_action(
    conn: &mut Conn,
    objective_id: i64,
    text: &str,
    position: Option<i64>,
    now: &str,
) -> crate::Result<i64> {
    let position = match position {
        Some(p) => p,
        None => {
            sqlx::query_scalar::<_, i64>(
                "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM actions WHERE objective_id = $1",
            )
            .bind(objective_id)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    let row = sqlx::query(
        "INSERT INTO actions (objective_id, position, text, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         RETURNING id",
    )
    .bind(objective_id)
    .bind(position)
    .bind(text.to_string())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update_action(
    conn: &mut Conn,
    id: i64,
    text: &str,
    position: Option<i64>,
    now: &str,
) -> crate::Result<bool> {
    let done =
        sqlx::query("UPDATE actions SET text = $1, position = COALESCE($2, position), updated_at = $3 WHERE id = $4")
            .bind(text.to_string())
            .bind(position)
            .bind(now.to_string())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_action(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM actions WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn action(conn: &mut Conn, id: i64) -> crate::Result<Option<ActionRecord>> {
    let row = sqlx::query("SELECT id, objective_id, position, text FROM actions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(action_row).transpose()
}

pub async fn actions(conn: &mut Conn, objective_id: i64) -> crate::Result<Vec<ActionRecord>> {
    let rows = sqlx::query(
        "SELECT id, objective_id, position, text FROM actions WHERE objective_id = $1 ORDER BY position, id",
    )
    .bind(objective_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(action_row).collect()
}

// ---------------------------------------------------------------------------------------------
// Indicators, targets and values

#[derive(Debug, Clone)]
pub struct IndicatorRecord {
    pub id: i64,
    pub action_id: i64,
    pub objective_id: i64,
    pub data: Indicator,
    pub targets: Vec<(i64, Target)>,
}

const INDICATOR_SELECT: &str = "SELECT i.id, i.action_id, a.objective_id, i.position, i.name, i.measure, i.unit, \
    i.comparison, i.baseline, i.display, i.display_step, i.theme_id, i.network_id, i.instrument, i.organisation_kind, \
    i.municipality_code FROM indicators i JOIN actions a ON a.id = i.action_id";

async fn indicator_records(conn: &mut Conn, rows: Vec<sqlx::any::AnyRow>) -> crate::Result<Vec<IndicatorRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let targets = sqlx::query(
            "SELECT id, from_year, to_year, value FROM targets WHERE indicator_id = $1 ORDER BY from_year, to_year",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|t| {
            Ok((
                t.try_get("id")?,
                Target {
                    from_year: year(t.try_get("from_year")?)?,
                    to_year: year(t.try_get("to_year")?)?,
                    value: t.try_get("value")?,
                },
            ))
        })
        .collect::<crate::Result<Vec<_>>>()?;
        let code = |c: &str| -> crate::Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(c)?) };
        out.push(IndicatorRecord {
            id,
            action_id: r.try_get("action_id")?,
            objective_id: r.try_get("objective_id")?,
            data: Indicator {
                name: r.try_get("name")?,
                measure: decode("measure", Measure::parse(&r.try_get::<String, _>("measure")?))?,
                unit: r.try_get("unit")?,
                comparison: decode("comparison", Comparison::parse(&r.try_get::<String, _>("comparison")?))?,
                baseline: r.try_get("baseline")?,
                display: decode("display", Display::parse(&r.try_get::<String, _>("display")?))?,
                display_step: r.try_get("display_step")?,
                position: Some(r.try_get("position")?),
                filters: Filters {
                    theme_id: r.try_get("theme_id")?,
                    network_id: r.try_get("network_id")?,
                    instrument: decode(
                        "instrument",
                        SupportInstrument::optional(code("instrument")?.as_deref()),
                    )?,
                    organisation_kind: decode(
                        "organisation_kind",
                        OrganisationKind::optional(code("organisation_kind")?.as_deref()),
                    )?,
                    municipality: code("municipality_code")?
                        .map(|m| decode("municipality_code", MunicipalityCode::parse(&m)))
                        .transpose()?,
                },
            },
            targets,
        });
    }
    Ok(out)
}

fn bind_indicator<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    i: &Indicator,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(i.name.clone())
        .bind(i.measure.code())
        .bind(i.unit.clone())
        .bind(i.comparison.code())
        .bind(i.baseline)
        .bind(i.display.code())
        .bind(i.display_step)
        .bind(i.filters.theme_id)
        .bind(i.filters.network_id)
        .bind(i.filters.instrument.map(|v| v.code()))
        .bind(i.filters.organisation_kind.map(|v| v.code()))
        .bind(i.filters.municipality.as_ref().map(|m| m.as_str().to_string()))
}

pub async fn insert_indicator(conn: &mut Conn, action_id: i64, i: &Indicator, now: &str) -> crate::Result<i64> {
    let position = match i.position {
        Some(p) => p,
        None => {
            sqlx::query_scalar::<_, i64>(
                "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS BIGINT) FROM indicators WHERE action_id = $1",
            )
            .bind(action_id)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    let q = sqlx::query(
        "INSERT INTO indicators (name, measure, unit, comparison, baseline, display, display_step, theme_id, \
         network_id, instrument, organisation_kind, municipality_code, action_id, position, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    );
    let row = bind_indicator(q, i)
        .bind(action_id)
        .bind(position)
        .bind(now.to_string())
        .fetch_one(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(row.try_get("id")?)
}

pub async fn update_indicator(conn: &mut Conn, id: i64, i: &Indicator, now: &str) -> crate::Result<bool> {
    let q = sqlx::query(
        "UPDATE indicators SET name = $1, measure = $2, unit = $3, comparison = $4, baseline = $5, display = $6, \
         display_step = $7, theme_id = $8, network_id = $9, instrument = $10, organisation_kind = $11, \
         municipality_code = $12, position = COALESCE($13, position), updated_at = $14 WHERE id = $15",
    );
    let done = bind_indicator(q, i)
        .bind(i.position)
        .bind(now.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

/// A record an indicator can count, and so keeps from being deleted (the references are
/// ON DELETE RESTRICT: a figure in a report must not silently change its meaning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorTarget {
    Theme(i64),
    Network(i64),
}

/// The indicators (id, name) that count this theme or network, by id; at most `limit`.
pub async fn indicators_counting(
    conn: &mut Conn,
    counted: IndicatorTarget,
    limit: i64,
) -> crate::Result<Vec<(i64, String)>> {
    let (column, id) = match counted {
        IndicatorTarget::Theme(id) => ("theme_id", id),
        IndicatorTarget::Network(id) => ("network_id", id),
    };
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT id, name FROM indicators WHERE {column} = $1 ORDER BY id LIMIT $2"
    )))
    .bind(id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

pub async fn delete_indicator(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM indicators WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn indicator(conn: &mut Conn, id: i64) -> crate::Result<Option<IndicatorRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("{INDICATOR_SELECT} WHERE i.id = $1")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(indicator_records(conn, rows).await?.into_iter().next())
}

/// The indicators of an objective, in the order of its actions.
pub async fn indicators(conn: &mut Conn, objective_id: i64) -> crate::Result<Vec<IndicatorRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{INDICATOR_SELECT} WHERE a.objective_id = $1 ORDER BY a.position, a.id, i.position, i.id"
    )))
    .bind(objective_id)
    .fetch_all(&mut *conn)
    .await?;
    indicator_records(conn, rows).await
}

/// Adds a target, or replaces the value of the target for the same period.
pub async fn set_target(conn: &mut Conn, indicator_id: i64, t: &Target) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO targets (indicator_id, from_year, to_year, value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (indicator_id, from_year, to_year) DO UPDATE SET value = excluded.value",
    )
    .bind(indicator_id)
    .bind(i64::from(t.from_year))
    .bind(i64::from(t.to_year))
    .bind(t.value)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

/// Removes a target; gives the target it was.
pub async fn delete_target(conn: &mut Conn, indicator_id: i64, target_id: i64) -> crate::Result<Option<Target>> {
    let row =
        sqlx::query("DELETE FROM targets WHERE id = $1 AND indicator_id = $2 RETURNING from_year, to_year, value")
            .bind(target_id)
            .bind(indicator_id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|t| {
        Ok(Target {
            from_year: year(t.try_get("from_year")?)?,
            to_year: year(t.try_get("to_year")?)?,
            value: t.try_get("value")?,
        })
    })
    .transpose()
}

/// A value entered by hand: (year, value, source), by year.
pub type ManualRow = (i32, i64, String);

pub async fn set_value(
    conn: &mut Conn,
    indicator_id: i64,
    year_: i32,
    value: i64,
    source: &str,
    now: &str,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO indicator_values (indicator_id, year, value, source, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (indicator_id, year) DO UPDATE SET value = excluded.value, source = excluded.source, \
         updated_at = excluded.updated_at",
    )
    .bind(indicator_id)
    .bind(i64::from(year_))
    .bind(value)
    .bind(source.to_string())
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

pub async fn delete_value(conn: &mut Conn, indicator_id: i64, year_: i32) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM indicator_values WHERE indicator_id = $1 AND year = $2")
        .bind(indicator_id)
        .bind(i64::from(year_))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn values(conn: &mut Conn, indicator_id: i64) -> crate::Result<Vec<ManualRow>> {
    let rows = sqlx::query("SELECT year, value, source FROM indicator_values WHERE indicator_id = $1 ORDER BY year")
        .bind(indicator_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((year(r.try_get("year")?)?, r.try_get("value")?, r.try_get("source")?)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Progress notes and finances

pub async fn set_note(conn: &mut Conn, objective_id: i64, year_: i32, body: &str, now: &str) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO progress_notes (objective_id, year, body, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (objective_id, year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(objective_id)
    .bind(i64::from(year_))
    .bind(body.to_string())
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

pub async fn note(conn: &mut Conn, objective_id: i64, year_: i32) -> crate::Result<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, String>("SELECT body FROM progress_notes WHERE objective_id = $1 AND year = $2")
            .bind(objective_id)
            .bind(i64::from(year_))
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// The years for which an objective has a note or finances.
pub async fn written_years(conn: &mut Conn, objective_id: i64) -> crate::Result<Vec<i32>> {
    let rows = sqlx::query_scalar::<_, i64>(
        "SELECT year FROM progress_notes WHERE objective_id = $1 UNION SELECT year FROM finances WHERE objective_id = $1 \
         ORDER BY 1",
    )
    .bind(objective_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(year).collect()
}

/// Replaces the finances of an objective's year with `f`.
pub async fn set_finance(conn: &mut Conn, objective_id: i64, f: &Finance, now: &str) -> crate::Result<()> {
    delete_finance(conn, objective_id, f.year).await?;
    sqlx::query(
        "INSERT INTO finances (objective_id, year, budget_cents, realised_cents, balance_cents, composition, \
         acknowledged, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(objective_id)
    .bind(i64::from(f.year))
    .bind(f.budget.map(Euro::cents))
    .bind(f.realised.map(Euro::cents))
    .bind(f.balance.cents())
    .bind(f.composition.clone())
    .bind(i64::from(f.acknowledged))
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    for (n, l) in f.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO finance_lines (objective_id, year, position, kind, amount_cents, text) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(objective_id)
        .bind(i64::from(f.year))
        .bind(n as i64 + 1)
        .bind(l.kind.code())
        .bind(l.amount.cents())
        .bind(l.text.clone())
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    }
    Ok(())
}

pub async fn delete_finance(conn: &mut Conn, objective_id: i64, year_: i32) -> crate::Result<bool> {
    sqlx::query("DELETE FROM finance_lines WHERE objective_id = $1 AND year = $2")
        .bind(objective_id)
        .bind(i64::from(year_))
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM finances WHERE objective_id = $1 AND year = $2")
        .bind(objective_id)
        .bind(i64::from(year_))
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn finance(conn: &mut Conn, objective_id: i64, year_: i32) -> crate::Result<Option<Finance>> {
    let Some(r) = sqlx::query(
        "SELECT budget_cents, realised_cents, balance_cents, composition, acknowledged FROM finances \
         WHERE objective_id = $1 AND year = $2",
    )
    .bind(objective_id)
    .bind(i64::from(year_))
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let lines = sqlx::query(
        "SELECT kind, amount_cents, text FROM finance_lines WHERE objective_id = $1 AND year = $2 ORDER BY position",
    )
    .bind(objective_id)
    .bind(i64::from(year_))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|l| {
        Ok(FinanceLine {
            kind: decode("kind", FinanceLineKind::parse(&l.try_get::<String, _>("kind")?))?,
            amount: Euro(l.try_get("amount_cents")?),
            text: l.try_get("text")?,
        })
    })
    .collect::<crate::Result<Vec<_>>>()?;
    Ok(Some(Finance {
        year: year_,
        budget: r.try_get::<Option<i64>, _>("budget_cents")?.map(Euro),
        realised: r.try_get::<Option<i64>, _>("realised_cents")?.map(Euro),
        balance: Euro(r.try_get("balance_cents")?),
        composition: r.try_get("composition")?,
        lines,
        acknowledged: r.try_get::<i64, _>("acknowledged")? != 0,
    }))
}

// ---------------------------------------------------------------------------------------------
// Frozen years

#[derive(Debug, Clone)]
pub struct FrozenYear {
    pub year: i32,
    pub frozen_at: String,
    pub frozen_by: String,
}

pub async fn frozen_years(conn: &mut Conn) -> crate::Result<Vec<FrozenYear>> {
    let rows = sqlx::query("SELECT year, frozen_at, frozen_by FROM frozen_years ORDER BY year DESC")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(FrozenYear {
                year: year(r.try_get("year")?)?,
                frozen_at: r.try_get("frozen_at")?,
                frozen_by: r.try_get("frozen_by")?,
            })
        })
        .collect()
}

pub async fn frozen(conn: &mut Conn, year_: i32) -> crate::Result<Option<FrozenYear>> {
    Ok(frozen_years(conn).await?.into_iter().find(|f| f.year == year_))
}

/// Freezes a year with the realised value of each indicator; false when it was frozen.
pub async fn freeze(conn: &mut Conn, year_: i32, by: &str, now: &str, values: &[(i64, i64)]) -> crate::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO frozen_years (year, frozen_at, frozen_by) VALUES ($1, $2, $3) ON CONFLICT (year) DO NOTHING",
    )
    .bind(i64::from(year_))
    .bind(now.to_string())
    .bind(by.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for (indicator_id, value) in values {
        sqlx::query("INSERT INTO indicator_snapshots (indicator_id, year, value) VALUES ($1, $2, $3)")
            .bind(*indicator_id)
            .bind(i64::from(year_))
            .bind(*value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

pub async fn unfreeze(conn: &mut Conn, year_: i32) -> crate::Result<bool> {
    sqlx::query("DELETE FROM indicator_snapshots WHERE year = $1")
        .bind(i64::from(year_))
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM frozen_years WHERE year = $1")
        .bind(i64::from(year_))
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

/// The frozen value of an indicator in a year.
pub async fn snapshot(conn: &mut Conn, indicator_id: i64, year_: i32) -> crate::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT value FROM indicator_snapshots WHERE indicator_id = $1 AND year = $2")
            .bind(indicator_id)
            .bind(i64::from(year_))
            .fetch_optional(&mut *conn)
            .await?,
    )
}

// ---------------------------------------------------------------------------------------------
// Counting the register

/// A record an indicator counts: where it lives in the web UI, its name and its date.
#[derive(Debug, Clone)]
pub struct Counted {
    pub path: String,
    pub name: String,
    pub date: Option<String>,
}

impl Query {
    /// The conditions with the organisation filters.
    fn all_conditions(&self) -> Vec<String> {
        let mut c = self.conditions.clone();
        if let Some((_, of)) = &self.organisation {
            c.extend(of.iter().cloned());
        }
        c
    }

    /// The WHERE clause of each branch with all conditions (one clause without branches).
    fn wheres(&self) -> Vec<String> {
        let all = self.all_conditions();
        if self.branches.is_empty() {
            return vec![where_clause(&all)];
        }
        self.branches
            .iter()
            .map(|b| {
                let mut c = vec![b.clone()];
                c.extend(all.iter().cloned());
                where_clause(&c)
            })
            .collect()
    }

    /// One WHERE clause for all branches (ORed) with all conditions, for the drill-down.
    fn where_all(&self) -> String {
        let mut c = self.all_conditions();
        if !self.branches.is_empty() {
            let any: Vec<String> = self.branches.iter().map(|b| format!("({b})")).collect();
            c.insert(0, format!("({})", any.join(" OR ")));
        }
        where_clause(&c)
    }
}

/// What a measure's COUNT counts.
#[derive(Clone, Copy)]
enum Counting {
    Rows,
    /// The distinct values of a column, as the planner sees fit (over a small table, walking
    /// an index in the column's order is the fastest).
    Distinct(&'static str),
    /// The distinct values of a column among the rows the conditions' index range finds,
    /// grouped by a sort. The unary plus keeps SQLite's planner from walking the whole table
    /// in the column's index order to spare the sort instead: measured at 3,000,000 support
    /// records, a year's 378,000 took 0.2 s this way and 8-10 s that way, which the planner
    /// picked after statistics changed.
    Sorted(&'static str),
}

/// The SQL of a measure over the period [from, until) (ISO dates): the FROM clause, the
/// conditions, what COUNT counts, and the columns of a drill-down row.
struct Query {
    /// What the count reads: no more tables than the conditions need.
    from: &'static str,
    /// What a drill-down row reads (the count's tables joined with the names).
    row_from: &'static str,
    /// Alternatives of which a record meets at most one, each ANDed with the conditions. A
    /// count reads each as its own index range (UNION ALL) where an OR would make SQLite
    /// collect row ids and read the table (0.22 s against 0.3 s for a year of support).
    branches: Vec<String>,
    conditions: Vec<String>,
    /// The organisation filters, on the counted record's organisation column. A count of
    /// rows applies them after grouping the records by organisation: one lookup per
    /// organisation, in id order (0.16 s against 0.32 s for 185,000 grants to one kind).
    organisation: Option<OrganisationFilter>,
    count: Counting,
    row: &'static str,
    order: &'static str,
}

fn public_kinds() -> String {
    OrganisationKind::ALL
        .iter()
        .filter(|k| k.is_public())
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a counted record's organisation is looked up for the organisation filters: in the
/// narrow index on (id, kind, municipality) of migration 22, not in the wide table. SQLite
/// always takes the table for an id, so it is told (measured at 1,000,000 organisations: 0.24
/// s against 0.49 s for 185,000 grants of one kind); PostgreSQL's planner picks the index-only
/// scan itself.
fn facets_lookup(conn: &Conn) -> &'static str {
    if crate::bulk::binds_positionally(conn) {
        " INDEXED BY organisations_facets"
    } else {
        ""
    }
}

/// A counted record's organisation column (`alias.name`) and the conditions of the
/// organisation filters on it.
type OrganisationFilter = (&'static str, Vec<String>);

/// Conditions on an organisation column for the organisation filters: a lookup per counted
/// row by key, not a list of every organisation of a kind. `facets` is the hint of
/// [`facets_lookup`].
fn organisation_filters(sql: &mut Sql, facets: &str, f: &Filters, column: &'static str) -> OrganisationFilter {
    let mut c = Vec::new();
    if let Some(t) = f.theme_id {
        c.push(format!(
            "EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = {column} AND ot.theme_id = {})",
            sql.int_arg(t)
        ));
    }
    if let Some(k) = f.organisation_kind {
        c.push(format!(
            "EXISTS (SELECT 1 FROM organisations ok{facets} WHERE ok.id = {column} AND ok.kind = {})",
            sql.text_arg(k.code())
        ));
    }
    if let Some(m) = &f.municipality {
        c.push(format!(
            "EXISTS (SELECT 1 FROM organisations om{facets} WHERE om.id = {column} AND om.municipality_code = {})",
            sql.text_arg(m.as_str())
        ));
    }
    (column, c)
}

fn measure_query(
    sql: &mut Sql,
    measure: Measure,
    f: &Filters,
    (from, until): (&str, &str),
    facets: &str,
) -> Option<Query> {
    let mut c = Vec::new();
    let (a, b) = (sql.text_arg(from), sql.text_arg(until));
    let mut organisation: OrganisationFilter = ("", Vec::new());
    let q = |(from, row_from), branches, conditions, count, row, order| Query {
        from,
        row_from,
        branches,
        conditions,
        organisation: None,
        count,
        row,
        order,
    };
    let mut query = match measure {
        Measure::Manual => return None,
        Measure::Events => {
            c.push(format!("e.starts_at >= {a} AND e.starts_at < {b}"));
            if let Some(n) = f.network_id {
                c.push(format!("e.network_id = {}", sql.int_arg(n)));
            }
            q(
                ("events e", "events e"),
                Vec::new(),
                c,
                Counting::Rows,
                "'/evenementen/' || CAST(e.id AS TEXT) AS path, e.name AS name, e.starts_at AS date",
                "e.starts_at, e.id",
            )
        }
        Measure::Participants => {
            c.push(format!(
                "e.starts_at >= {a} AND e.starts_at < {b} AND r.status = 'aanwezig'"
            ));
            if let Some(n) = f.network_id {
                c.push(format!("e.network_id = {}", sql.int_arg(n)));
            }
            organisation = organisation_filters(
                sql,
                facets,
                &Filters {
                    theme_id: None,
                    ..f.clone()
                },
                "r.organisation_id",
            );
            q(
                (
                    "registrations r JOIN events e ON e.id = r.event_id",
                    "registrations r JOIN events e ON e.id = r.event_id JOIN people pe ON pe.id = r.person_id",
                ),
                Vec::new(),
                c,
                Counting::Rows,
                "'/personen/' || CAST(pe.id AS TEXT) AS path, pe.name || ' – ' || e.name AS name, e.starts_at AS date",
                "e.starts_at, r.id",
            )
        }
        Measure::Consortia | Measure::PrivateConsortia | Measure::PublicPrivateConsortia => {
            let public = public_kinds();
            c.push(format!("p.start_date >= {a} AND p.start_date < {b}"));
            c.push("(SELECT COUNT(*) FROM project_participants pp WHERE pp.project_id = p.id) >= 2".into());
            let private_exists = format!(
                "EXISTS (SELECT 1 FROM project_participants pp JOIN organisations o ON o.id = pp.organisation_id \
                 WHERE pp.project_id = p.id AND o.kind NOT IN ({public}))"
            );
            let public_exists = format!(
                "EXISTS (SELECT 1 FROM project_participants pp JOIN organisations o ON o.id = pp.organisation_id \
                 WHERE pp.project_id = p.id AND o.kind IN ({public}))"
            );
            c.push(private_exists);
            match measure {
                Measure::PrivateConsortia => c.push(format!("NOT {public_exists}")),
                Measure::PublicPrivateConsortia => c.push(public_exists),
                _ => {}
            }
            if let Some(t) = f.theme_id {
                c.push(format!(
                    "p.id IN (SELECT project_id FROM project_themes WHERE theme_id = {})",
                    sql.int_arg(t)
                ));
            }
            if let Some(n) = f.network_id {
                c.push(format!("p.network_id = {}", sql.int_arg(n)));
            }
            q(
                ("projects p", "projects p"),
                Vec::new(),
                c,
                Counting::Rows,
                "'/projecten/' || CAST(p.id AS TEXT) AS path, p.name AS name, p.start_date AS date",
                "p.start_date, p.id",
            )
        }
        Measure::SupportedOrganisations | Measure::Applications | Measure::Grants => {
            let mut branches = Vec::new();
            match measure {
                Measure::SupportedOrganisations => {
                    branches = vec![
                        format!("s.applied_on >= {a} AND s.applied_on < {b}"),
                        format!("s.applied_on IS NULL AND s.created_at >= {a} AND s.created_at < {b}"),
                    ]
                }
                Measure::Applications => c.push(format!("s.applied_on >= {a} AND s.applied_on < {b}")),
                _ => c.push(format!(
                    "s.decided_on >= {a} AND s.decided_on < {b} AND (s.status IN ('toegekend', 'uitbetaald') OR \
                     EXISTS (SELECT 1 FROM support_status_changes h WHERE h.support_id = s.id AND h.to_status = 'toegekend'))"
                )),
            }
            if let Some(i) = f.instrument {
                c.push(format!("s.instrument = {}", sql.text_arg(i.code())));
            }
            organisation = organisation_filters(sql, facets, f, "s.organisation_id");
            if measure == Measure::SupportedOrganisations {
                q(
                    (
                        "support_records s",
                        "support_records s JOIN organisations o ON o.id = s.organisation_id",
                    ),
                    branches,
                    c,
                    Counting::Sorted("s.organisation_id"),
                    "DISTINCT '/organisaties/' || CAST(o.id AS TEXT) AS path, o.name AS name, NULL AS date, o.sort_name",
                    "o.sort_name",
                )
            } else {
                q(
                    (
                        "support_records s",
                        "support_records s JOIN organisations o ON o.id = s.organisation_id",
                    ),
                    branches,
                    c,
                    Counting::Rows,
                    "'/ondersteuning/' || CAST(s.id AS TEXT) AS path, o.name || ' – ' || s.instrument AS name, \
                     COALESCE(s.decided_on, s.applied_on) AS date",
                    "date, s.id",
                )
            }
        }
        Measure::SpinOffs => {
            c.push(format!(
                "o.spin_off_of IS NOT NULL AND o.spin_off_date >= {a} AND o.spin_off_date < {b}"
            ));
            organisation = organisation_filters(sql, facets, f, "o.id");
            q(
                ("organisations o", "organisations o"),
                Vec::new(),
                c,
                Counting::Rows,
                "'/organisaties/' || CAST(o.id AS TEXT) AS path, o.name AS name, o.spin_off_date AS date",
                "o.spin_off_date, o.id",
            )
        }
        Measure::LaunchingCases => {
            c.push(format!("l.start_date >= {a} AND l.start_date < {b}"));
            q(
                ("launching_cases l", "launching_cases l"),
                Vec::new(),
                c,
                Counting::Rows,
                "'/launching-customer/' || CAST(l.id AS TEXT) AS path, l.name AS name, l.start_date AS date",
                "l.start_date, l.id",
            )
        }
        Measure::ActiveMembers | Measure::ActiveNetworks => {
            c.push(format!(
                "m.status = 'actief' AND m.organisation_id IS NOT NULL AND m.since < {b} AND (m.until IS NULL OR m.until >= {a})"
            ));
            if let Some(t) = f.theme_id {
                c.push(format!(
                    "m.network_id IN (SELECT network_id FROM network_themes WHERE theme_id = {})",
                    sql.int_arg(t)
                ));
            }
            if let Some(n) = f.network_id {
                c.push(format!("m.network_id = {}", sql.int_arg(n)));
            }
            organisation = organisation_filters(
                sql,
                facets,
                &Filters {
                    theme_id: None,
                    ..f.clone()
                },
                "m.organisation_id",
            );
            if measure == Measure::ActiveMembers {
                q(
                    (
                        "memberships m",
                        "memberships m JOIN organisations o ON o.id = m.organisation_id",
                    ),
                    Vec::new(),
                    c,
                    Counting::Distinct("m.organisation_id"),
                    "DISTINCT '/organisaties/' || CAST(o.id AS TEXT) AS path, o.name AS name, NULL AS date, o.sort_name",
                    "o.sort_name",
                )
            } else {
                q(
                    ("memberships m", "memberships m JOIN networks n ON n.id = m.network_id"),
                    Vec::new(),
                    c,
                    Counting::Distinct("m.network_id"),
                    "DISTINCT '/netwerken/' || CAST(n.id AS TEXT) AS path, n.name AS name, NULL AS date",
                    "name",
                )
            }
        }
    };
    if !organisation.1.is_empty() {
        query.organisation = Some(organisation);
    }
    Some(query)
}

/// The ISO bounds of the years `from..=to`: [from-01-01, (to+1)-01-01).
pub fn bounds(from_year: i32, to_year: i32) -> (String, String) {
    (format!("{from_year:04}-01-01"), format!("{:04}-01-01", to_year + 1))
}

/// How many records of the register the measure counts in the years `from..=to`; None for
/// a value entered by hand.
pub async fn count(
    conn: &mut Conn,
    measure: Measure,
    f: &Filters,
    from_year: i32,
    to_year: i32,
) -> crate::Result<Option<i64>> {
    let mut sql = Sql::default();
    let (from, until) = bounds(from_year, to_year);
    let Some(q) = measure_query(&mut sql, measure, f, (&from, &until), facets_lookup(conn)) else {
        return Ok(None);
    };
    let from = q.from;
    // The records as one SELECT of `what` per branch, put together with UNION ALL.
    let records = |what: &str| {
        q.wheres()
            .iter()
            .map(|w| format!("SELECT {what} FROM {from}{w}"))
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    };
    sql.push(&match (q.count, q.branches.is_empty()) {
        (Counting::Rows, true) => match &q.organisation {
            None => format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM {from}{}",
                where_clause(&q.conditions)
            ),
            // Grouped by organisation under the column's own alias and name, so that the
            // filters' text reads the group (the plus keeps the grouping a sort of the
            // records found, as in `Counting::Sorted`).
            Some((column, of)) => {
                let (alias, name) = column.split_once('.').unwrap_or(("", column));
                format!(
                    "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (SELECT +{column} AS {name}, COUNT(*) AS n \
                     FROM {from}{} GROUP BY +{column}) {alias}{}",
                    where_clause(&q.conditions),
                    where_clause(of)
                )
            }
        },
        (Counting::Rows, false) => format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({}) u", records("1 AS one")),
        (Counting::Distinct(column), true) => format!(
            "SELECT CAST(COUNT(DISTINCT {column}) AS BIGINT) FROM {from}{}",
            where_clause(&q.all_conditions())
        ),
        (Counting::Distinct(column), false) => format!(
            "SELECT CAST(COUNT(DISTINCT counted) AS BIGINT) FROM ({}) u",
            records(&format!("{column} AS counted"))
        ),
        (Counting::Sorted(column), _) => format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT +counted FROM ({}) u GROUP BY +counted) d",
            records(&format!("{column} AS counted"))
        ),
    });
    Ok(Some(sql.scalar_i64().fetch_one(&mut *conn).await?))
}

/// The records behind a count, at most `limit`.
pub async fn counted(
    conn: &mut Conn,
    measure: Measure,
    f: &Filters,
    from_year: i32,
    to_year: i32,
    limit: i64,
) -> crate::Result<Vec<Counted>> {
    let mut sql = Sql::default();
    let (from, until) = bounds(from_year, to_year);
    let Some(q) = measure_query(&mut sql, measure, f, (&from, &until), facets_lookup(conn)) else {
        return Ok(Vec::new());
    };
    let limit = sql.int_arg(limit);
    sql.push(&format!(
        "SELECT {} FROM {}{} ORDER BY {} LIMIT {limit}",
        q.row,
        q.row_from,
        q.where_all(),
        q.order
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Counted {
                path: r.try_get("path")?,
                name: r.try_get("name")?,
                date: r.try_get("date")?,
            })
        })
        .collect()
}
