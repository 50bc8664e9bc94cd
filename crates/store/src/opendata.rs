//! The aggregated figures of open data: counts per area, theme and year, and the indicators of
//! frozen years. Only counts and names of organisations, programmes and themes leave here;
//! nothing about a person.

use crate::Conn;
use middenveld_domain::enums::{Coded, JourneyStage};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

/// Counts of one area (a municipality or a province).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaCounts {
    pub code: String,
    pub name: String,
    /// The province of a municipality; `None` for a province.
    pub province_code: Option<String>,
    /// Companies (SME and large) registered there.
    pub companies: i64,
    /// Companies per journey stage, in the order of `JourneyStage::ALL`.
    pub by_stage: Vec<i64>,
    /// Organisations with an active network membership.
    pub network_members: i64,
    /// Projects with at least one participant there.
    pub projects: i64,
    /// Organisations that received support (any support record).
    pub supported: i64,
}

/// Counts of one theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeCounts {
    pub name: String,
    pub organisations: i64,
    pub by_stage: Vec<i64>,
    pub networks: i64,
    pub projects: i64,
}

/// Counts of one calendar year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearCounts {
    pub year: i32,
    pub events: i64,
    pub attendances: i64,
    pub supported: i64,
    pub applications: i64,
    pub projects_started: i64,
}

/// The value of one indicator in a frozen year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenIndicator {
    pub year: i32,
    pub frozen_at: String,
    pub programme: String,
    pub objective_code: String,
    pub objective: String,
    pub action: String,
    pub indicator: String,
    pub unit: Option<String>,
    pub value: i64,
}

fn stage_index(code: &str) -> Option<usize> {
    JourneyStage::ALL.iter().position(|s| s.code() == code)
}

/// `(key, count)` pairs of a grouping query whose first column is text.
async fn grouped(conn: &mut Conn, sql: &str) -> crate::Result<BTreeMap<String, i64>> {
    let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        let key: Option<String> = r.try_get(0)?;
        if let Some(key) = key {
            out.insert(key, r.try_get::<i64, _>(1)?);
        }
    }
    Ok(out)
}

/// `(key, stage, count)` rows of a grouping query.
async fn grouped_by_stage(conn: &mut Conn, sql: &str) -> crate::Result<BTreeMap<String, Vec<i64>>> {
    let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in &rows {
        let key: Option<String> = r.try_get(0)?;
        let stage: Option<String> = r.try_get(1)?;
        let n: i64 = r.try_get(2)?;
        let (Some(key), Some(i)) = (key, stage.as_deref().and_then(stage_index)) else {
            continue;
        };
        out.entry(key).or_insert_with(|| vec![0; JourneyStage::ALL.len()])[i] += n;
    }
    Ok(out)
}

/// The condition that an organisation `o` is a company.
fn company() -> String {
    format!("o.kind IN ({})", crate::geo::company_kinds())
}

/// Counts per municipality (every municipality in the reference table), or per province when
/// `provinces` is set.
pub async fn areas(conn: &mut Conn, provinces: bool) -> crate::Result<Vec<AreaCounts>> {
    let company = company();
    let (area, join, list) = if provinces {
        (
            "m.province_code",
            "JOIN municipalities m ON m.code = o.municipality_code",
            "SELECT code, name, NULL AS province_code FROM provinces ORDER BY code",
        )
    } else {
        (
            "o.municipality_code",
            "",
            "SELECT code, name, province_code FROM municipalities ORDER BY code",
        )
    };
    let companies = grouped(
        conn,
        &format!("SELECT {area}, COUNT(*) FROM organisations o {join} WHERE {company} GROUP BY {area}"),
    )
    .await?;
    let stages = grouped_by_stage(
        conn,
        &format!(
            "SELECT {area}, o.journey_stage, COUNT(*) FROM organisations o {join} \
             WHERE {company} AND o.journey_stage IS NOT NULL GROUP BY {area}, o.journey_stage"
        ),
    )
    .await?;
    let members = grouped(
        conn,
        &format!(
            "SELECT {area}, COUNT(DISTINCT ms.organisation_id) FROM memberships ms \
             JOIN organisations o ON o.id = ms.organisation_id {join} \
             WHERE ms.status = 'actief' GROUP BY {area}"
        ),
    )
    .await?;
    let projects = grouped(
        conn,
        &format!(
            "SELECT {area}, COUNT(DISTINCT pp.project_id) FROM project_participants pp \
             JOIN organisations o ON o.id = pp.organisation_id {join} GROUP BY {area}"
        ),
    )
    .await?;
    let supported = grouped(
        conn,
        &format!(
            "SELECT {area}, COUNT(*) FROM organisations o {join} \
             WHERE EXISTS (SELECT 1 FROM support_records s WHERE s.organisation_id = o.id) GROUP BY {area}"
        ),
    )
    .await?;
    let rows = sqlx::query(AssertSqlSafe(list)).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let code: String = r.try_get("code")?;
        out.push(AreaCounts {
            name: r.try_get("name")?,
            province_code: r.try_get("province_code")?,
            companies: companies.get(&code).copied().unwrap_or(0),
            by_stage: stages
                .get(&code)
                .cloned()
                .unwrap_or_else(|| vec![0; JourneyStage::ALL.len()]),
            network_members: members.get(&code).copied().unwrap_or(0),
            projects: projects.get(&code).copied().unwrap_or(0),
            supported: supported.get(&code).copied().unwrap_or(0),
            code,
        });
    }
    Ok(out)
}

/// Counts per theme, by name.
pub async fn themes(conn: &mut Conn) -> crate::Result<Vec<ThemeCounts>> {
    let organisations = grouped(
        conn,
        "SELECT t.name, COUNT(*) FROM organisation_themes ot JOIN themes t ON t.id = ot.theme_id GROUP BY t.name",
    )
    .await?;
    let stages = grouped_by_stage(
        conn,
        &format!(
            "SELECT t.name, o.journey_stage, COUNT(*) FROM organisation_themes ot \
             JOIN themes t ON t.id = ot.theme_id JOIN organisations o ON o.id = ot.organisation_id \
             WHERE {} AND o.journey_stage IS NOT NULL GROUP BY t.name, o.journey_stage",
            company()
        ),
    )
    .await?;
    let networks = grouped(
        conn,
        "SELECT t.name, COUNT(*) FROM network_themes nt JOIN themes t ON t.id = nt.theme_id GROUP BY t.name",
    )
    .await?;
    let projects = grouped(
        conn,
        "SELECT t.name, COUNT(*) FROM project_themes pt JOIN themes t ON t.id = pt.theme_id GROUP BY t.name",
    )
    .await?;
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM themes ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    Ok(names
        .into_iter()
        .map(|name| ThemeCounts {
            organisations: organisations.get(&name).copied().unwrap_or(0),
            by_stage: stages
                .get(&name)
                .cloned()
                .unwrap_or_else(|| vec![0; JourneyStage::ALL.len()]),
            networks: networks.get(&name).copied().unwrap_or(0),
            projects: projects.get(&name).copied().unwrap_or(0),
            name,
        })
        .collect())
}

/// Counts per calendar year, for every year in which anything was counted.
pub async fn years(conn: &mut Conn) -> crate::Result<Vec<YearCounts>> {
    let events = grouped(
        conn,
        "SELECT SUBSTR(starts_at, 1, 4), COUNT(*) FROM events GROUP BY SUBSTR(starts_at, 1, 4)",
    )
    .await?;
    let attendances = grouped(
        conn,
        "SELECT SUBSTR(e.starts_at, 1, 4), COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.status = 'aanwezig' GROUP BY SUBSTR(e.starts_at, 1, 4)",
    )
    .await?;
    let supported = grouped(
        conn,
        "SELECT SUBSTR(COALESCE(applied_on, created_at), 1, 4), COUNT(DISTINCT organisation_id) \
         FROM support_records GROUP BY SUBSTR(COALESCE(applied_on, created_at), 1, 4)",
    )
    .await?;
    let applications = grouped(
        conn,
        "SELECT SUBSTR(applied_on, 1, 4), COUNT(*) FROM support_records \
         WHERE applied_on IS NOT NULL GROUP BY SUBSTR(applied_on, 1, 4)",
    )
    .await?;
    let projects = grouped(
        conn,
        "SELECT SUBSTR(start_date, 1, 4), COUNT(*) FROM projects WHERE start_date IS NOT NULL \
         GROUP BY SUBSTR(start_date, 1, 4)",
    )
    .await?;
    let mut years: Vec<i32> = [&events, &attendances, &supported, &applications, &projects]
        .iter()
        .flat_map(|m| m.keys())
        .filter_map(|y| y.parse::<i32>().ok())
        .collect();
    years.sort_unstable();
    years.dedup();
    Ok(years
        .into_iter()
        .map(|year| {
            let key = format!("{year:04}");
            let get = |m: &BTreeMap<String, i64>| m.get(&key).copied().unwrap_or(0);
            YearCounts {
                year,
                events: get(&events),
                attendances: get(&attendances),
                supported: get(&supported),
                applications: get(&applications),
                projects_started: get(&projects),
            }
        })
        .collect())
}

/// Every indicator's value in every frozen year: the snapshot of a counted indicator, the
/// entered value of a hand-entered one.
pub async fn frozen_indicators(conn: &mut Conn) -> crate::Result<Vec<FrozenIndicator>> {
    let rows = sqlx::query(
        "SELECT f.year, f.frozen_at, p.name AS programme, o.code AS objective_code, o.name AS objective, \
         a.text AS action, i.name AS indicator, i.unit, COALESCE(s.value, v.value) AS value \
         FROM frozen_years f CROSS JOIN indicators i \
         JOIN actions a ON a.id = i.action_id \
         JOIN objectives o ON o.id = a.objective_id \
         JOIN programmes p ON p.id = o.programme_id \
         LEFT JOIN indicator_snapshots s ON s.indicator_id = i.id AND s.year = f.year \
         LEFT JOIN indicator_values v ON v.indicator_id = i.id AND v.year = f.year \
         WHERE s.value IS NOT NULL OR v.value IS NOT NULL \
         ORDER BY f.year, o.code, a.position, i.position, i.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FrozenIndicator {
                year: i32::try_from(r.try_get::<i64, _>("year")?).unwrap_or_default(),
                frozen_at: r.try_get("frozen_at")?,
                programme: r.try_get("programme")?,
                objective_code: r.try_get("objective_code")?,
                objective: r.try_get("objective")?,
                action: r.try_get("action")?,
                indicator: r.try_get("indicator")?,
                unit: r.try_get("unit")?,
                value: r.try_get("value")?,
            })
        })
        .collect()
}
