//! Storage of boundaries and the per-area counts behind the maps.
//!
//! Every layer is one GROUP BY query over the register, by municipality (of one province) or
//! by province, plus the same query without grouping for the total (a project with partners
//! in two municipalities counts in both, and once in the total).

use crate::Conn;
use crate::sql::Sql;
use middenveld_domain::enums::{Coded, JourneyStage, OrganisationKind};
use middenveld_domain::geo::{BBox, BoundaryFeature, MapLevel, StrengthLayer};
use sqlx::Row;

/// An area of a map: a municipality or a province from the reference tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub name: String,
}

/// A loaded outline, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub code: String,
    pub svg_path: String,
    pub bbox: BBox,
}

/// A loaded boundary as GeoJSON geometry (for open data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    pub code: String,
    pub name: String,
    /// The GeoJSON geometry object as JSON text.
    pub geometry: String,
}

/// Companies interested and implementing in one area (opportunity map).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interest {
    pub interested: i64,
    pub implementing: i64,
}

/// What the opportunity map counts: companies of a sector (its SBI divisions), a theme, or all.
#[derive(Debug, Clone, Default)]
pub struct CompanyFilter {
    /// Two-digit SBI divisions; empty means every sector.
    pub sbi_divisions: Vec<String>,
    pub theme_id: Option<i64>,
}

/// Replaces the boundaries of one level by `features` (inside the caller's transaction).
pub async fn replace(conn: &mut Conn, level: MapLevel, features: &[BoundaryFeature], now: &str) -> crate::Result<()> {
    sqlx::query("DELETE FROM boundaries WHERE level = $1")
        .bind(level.storage_code())
        .execute(&mut *conn)
        .await?;
    insert(conn, level, features, now).await
}

/// Whether any boundary of a level is loaded.
pub async fn level_loaded(conn: &mut Conn, level: MapLevel) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM boundaries WHERE level = $1 LIMIT 1) b")
        .bind(level.storage_code())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Rows per INSERT: 11 values each, well under either backend's limit of bound values.
const INSERT_CHUNK: usize = 50;

/// Adds boundaries of one level, many rows per statement (a national file is 342 rows).
pub async fn insert(conn: &mut Conn, level: MapLevel, features: &[BoundaryFeature], now: &str) -> crate::Result<()> {
    for chunk in features.chunks(INSERT_CHUNK) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p: Vec<String> = (1..=11).map(|k| format!("${}", i * 11 + k)).collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO boundaries (level, code, name, province_code, geometry, svg_path, min_x, min_y, max_x, max_y, loaded_at) \
             VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for f in chunk {
            query = query
                .bind(level.storage_code())
                .bind(f.code.clone())
                .bind(f.name.clone())
                .bind(f.province_code.clone())
                .bind(f.geometry.clone())
                .bind(f.svg_path.clone())
                .bind(f.bbox.min_x)
                .bind(f.bbox.min_y)
                .bind(f.bbox.max_x)
                .bind(f.bbox.max_y)
                .bind(now.to_string());
        }
        query.execute(&mut *conn).await.map_err(crate::classify)?;
    }
    Ok(())
}

pub async fn province_exists(conn: &mut Conn, code: &str) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provinces WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// The province of a known municipality.
pub async fn province_of(conn: &mut Conn, municipality: &str) -> crate::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT province_code FROM municipalities WHERE code = $1")
            .bind(municipality)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Adds a municipality the reference table does not know yet (the table holds Overijssel's
/// 25 from the start; a national boundary file brings the others).
pub async fn add_municipality(
    conn: &mut Conn,
    code: &str,
    name: &str,
    province_code: &str,
    inhabitants: Option<i64>,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO municipalities (code, name, province_code, inhabitants) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(code)
    .bind(name)
    .bind(province_code)
    .bind(inhabitants)
    .execute(&mut *conn)
    .await
    .map_err(crate::classify)?;
    Ok(())
}

/// How many boundaries of a level are loaded.
pub async fn count(conn: &mut Conn, level: MapLevel) -> crate::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM boundaries WHERE level = $1")
        .bind(level.storage_code())
        .fetch_one(&mut *conn)
        .await?)
}

/// The areas of a map: the municipalities of `province`, or the twelve provinces, by name.
pub async fn areas(conn: &mut Conn, level: MapLevel, province: &str) -> crate::Result<Vec<Area>> {
    let rows = match level {
        MapLevel::Municipalities => {
            sqlx::query("SELECT code, name FROM municipalities WHERE province_code = $1 ORDER BY name, code")
                .bind(province)
                .fetch_all(&mut *conn)
                .await?
        }
        MapLevel::Provinces => {
            sqlx::query("SELECT code, name FROM provinces ORDER BY name, code")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter()
        .map(|r| {
            Ok(Area {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
            })
        })
        .collect()
}

/// The loaded outlines of the areas of a map (possibly fewer than the areas, or none).
pub async fn shapes(conn: &mut Conn, level: MapLevel, province: &str) -> crate::Result<Vec<Shape>> {
    let rows = match level {
        MapLevel::Municipalities => {
            sqlx::query(
                "SELECT b.code, b.svg_path, b.min_x, b.min_y, b.max_x, b.max_y FROM boundaries b \
                 JOIN municipalities m ON m.code = b.code WHERE b.level = 'gemeente' AND m.province_code = $1 ORDER BY b.code",
            )
            .bind(province)
            .fetch_all(&mut *conn)
            .await?
        }
        MapLevel::Provinces => {
            sqlx::query(
                "SELECT b.code, b.svg_path, b.min_x, b.min_y, b.max_x, b.max_y FROM boundaries b \
                 WHERE b.level = 'provincie' ORDER BY b.code",
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            Ok(Shape {
                code: r.try_get("code")?,
                svg_path: r.try_get("svg_path")?,
                bbox: BBox {
                    min_x: r.try_get("min_x")?,
                    min_y: r.try_get("min_y")?,
                    max_x: r.try_get("max_x")?,
                    max_y: r.try_get("max_y")?,
                },
            })
        })
        .collect()
}

/// Every loaded boundary of a level as GeoJSON geometry, by code.
pub async fn geometries(conn: &mut Conn, level: MapLevel) -> crate::Result<Vec<Boundary>> {
    let rows = sqlx::query("SELECT code, name, geometry FROM boundaries WHERE level = $1 ORDER BY code")
        .bind(level.storage_code())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Boundary {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                geometry: r.try_get("geometry")?,
            })
        })
        .collect()
}

/// Themes (id, name) by name, for the opportunity map's filter.
pub async fn themes(conn: &mut Conn) -> crate::Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM themes ORDER BY name, id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}

/// `'mkb', 'grootbedrijf'`: the kinds that count as companies, our own codes, never user
/// text (the maps and the open data count the same companies).
pub(crate) fn company_kinds() -> String {
    OrganisationKind::ALL
        .iter()
        .filter(|k| k.is_company())
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn stages(list: &[JourneyStage]) -> String {
    list.iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The area column and the condition that limits a map to its areas.
fn scope(sql: &mut Sql, level: MapLevel, province: &str) -> (&'static str, String) {
    match level {
        MapLevel::Municipalities => ("m.code", format!("m.province_code = {}", sql.text_arg(province))),
        MapLevel::Provinces => ("m.province_code", "1 = 1".to_string()),
    }
}

/// Runs `SELECT area, measure FROM … GROUP BY area` and the total without grouping.
async fn grouped(
    conn: &mut Conn,
    mut sql: Sql,
    area: &str,
    measure: &str,
    from_where: &str,
) -> crate::Result<(Vec<(String, i64)>, i64)> {
    let text = format!("SELECT {area} AS area, {measure} AS n FROM {from_where} GROUP BY {area}");
    let total_text = format!("SELECT {measure} AS n FROM {from_where}");
    sql.text = text;
    let rows = sql.query().fetch_all(&mut *conn).await?;
    let per_area = rows
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("area")?, r.try_get::<i64, _>("n")?)))
        .collect::<crate::Result<Vec<_>>>()?;
    sql.text = total_text;
    let total = sql.scalar_i64().fetch_one(&mut *conn).await?;
    Ok((per_area, total))
}

/// The numbers of a strength-map layer per area code, and the total (each record once).
pub async fn strength(
    conn: &mut Conn,
    level: MapLevel,
    province: &str,
    layer: StrengthLayer,
    stage: Option<JourneyStage>,
) -> crate::Result<(Vec<(String, i64)>, i64)> {
    let mut sql = Sql::default();
    let (area, within) = scope(&mut sql, level, province);
    let located = "JOIN municipalities m ON m.code = o.municipality_code";
    let (measure, from_where) = match layer {
        StrengthLayer::Companies => {
            let stage = match stage {
                Some(s) => format!(" AND o.journey_stage = {}", sql.text_arg(s.code())),
                None => String::new(),
            };
            (
                "COUNT(*)",
                format!(
                    "organisations o {located} WHERE o.kind IN ({}){stage} AND {within}",
                    company_kinds()
                ),
            )
        }
        StrengthLayer::NetworkMembers => (
            "COUNT(*)",
            format!(
                "organisations o {located} WHERE EXISTS (SELECT 1 FROM memberships ms \
                 WHERE ms.organisation_id = o.id AND ms.status = 'actief') AND {within}"
            ),
        ),
        StrengthLayer::Projects => (
            "COUNT(DISTINCT pp.project_id)",
            format!(
                "project_participants pp JOIN organisations o ON o.id = pp.organisation_id {located} WHERE {within}"
            ),
        ),
        StrengthLayer::Examples => (
            "COUNT(DISTINCT e.id)",
            format!(
                "examples e JOIN example_organisations eo ON eo.example_id = e.id \
                 JOIN organisations o ON o.id = eo.organisation_id {located} \
                 WHERE e.status = 'gepubliceerd' AND {within}"
            ),
        ),
        StrengthLayer::Support => (
            "COUNT(DISTINCT s.organisation_id)",
            format!("support_records s JOIN organisations o ON o.id = s.organisation_id {located} WHERE {within}"),
        ),
    };
    grouped(conn, sql, area, measure, &from_where).await
}

/// Companies interested (interested, planning) and implementing (implementing, financing and
/// scaling) per area code.
pub async fn interest(
    conn: &mut Conn,
    level: MapLevel,
    province: &str,
    filter: &CompanyFilter,
) -> crate::Result<Vec<(String, Interest)>> {
    let interested = stages(&[JourneyStage::Interested, JourneyStage::Planning]);
    let implementing = stages(&[JourneyStage::Implementing, JourneyStage::FinancingScaling]);
    let mut sql = Sql::default();
    let (area, within) = scope(&mut sql, level, province);
    let mut conditions = vec![
        format!("o.kind IN ({})", company_kinds()),
        format!("o.journey_stage IN ({interested}, {implementing})"),
        within,
    ];
    if !filter.sbi_divisions.is_empty() {
        // Two-digit divisions from the domain's table, never user text.
        let divisions: Vec<String> = filter
            .sbi_divisions
            .iter()
            .filter(|d| d.len() == 2 && d.chars().all(|c| c.is_ascii_digit()))
            .map(|d| format!("'{d}'"))
            .collect();
        conditions.push(format!("substr(o.sbi_code, 1, 2) IN ({})", divisions.join(", ")));
    }
    if let Some(t) = filter.theme_id {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = o.id AND ot.theme_id = {})",
            sql.int_arg(t)
        ));
    }
    sql.text = format!(
        "SELECT {area} AS area, \
         COUNT(CASE WHEN o.journey_stage IN ({interested}) THEN 1 END) AS interested, \
         COUNT(CASE WHEN o.journey_stage IN ({implementing}) THEN 1 END) AS implementing \
         FROM organisations o JOIN municipalities m ON m.code = o.municipality_code \
         WHERE {} GROUP BY {area}",
        conditions.join(" AND ")
    );
    let rows = sql.query().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<String, _>("area")?,
                Interest {
                    interested: r.try_get("interested")?,
                    implementing: r.try_get("implementing")?,
                },
            ))
        })
        .collect()
}
