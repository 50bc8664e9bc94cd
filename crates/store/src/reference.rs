//! Reference facts in the database: provinces, municipalities and their boundaries.

use crate::Db;
use crate::StoreError;
use middenveld_domain::boundaries;
use middenveld_domain::geo::MapLevel;
use middenveld_domain::municipality::PROVINCES;
use sqlx::Row;

/// Inserts the reference facts where missing (idempotent): the 12 provinces, the built-in
/// municipalities, and the built-in boundaries of each map level that has none loaded (a
/// level loaded with `geo import` keeps its own).
pub async fn seed(db: &Db) -> crate::Result<()> {
    let mut tx = db.begin().await?;
    for (code, name) in PROVINCES {
        sqlx::query("INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING")
            .bind(code)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM municipalities")
        .fetch_one(&mut *tx)
        .await?;
    let built_in = boundaries::municipalities();
    if usize::try_from(known).unwrap_or(0) < built_in.len() {
        for chunk in built_in.chunks(100) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${}, ${})", i * 4 + 1, i * 4 + 2, i * 4 + 3, i * 4 + 4))
                .collect();
            let sql = format!(
                "INSERT INTO municipalities (code, name, province_code, inhabitants) VALUES {} ON CONFLICT (code) DO NOTHING",
                rows.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for m in chunk {
                query = query
                    .bind(m.code)
                    .bind(m.name)
                    .bind(m.province_code)
                    .bind(m.inhabitants);
            }
            query.execute(&mut *tx).await?;
        }
    }
    for level in [MapLevel::Provinces, MapLevel::Municipalities] {
        if !crate::geo::level_loaded(&mut tx, level).await? {
            let features =
                boundaries::features(level).map_err(|e| StoreError::Corrupt(format!("built-in boundaries: {e}")))?;
            crate::geo::insert(&mut tx, level, features, &crate::now()).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub code: String,
    pub name: String,
    pub province_code: String,
}

pub async fn municipalities(conn: &mut crate::Conn) -> crate::Result<Vec<Municipality>> {
    let rows = sqlx::query("SELECT code, name, province_code FROM municipalities ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Municipality {
                code: r.try_get("code")?,
                name: r.try_get("name")?,
                province_code: r.try_get("province_code")?,
            })
        })
        .collect()
}

pub async fn municipality_exists(conn: &mut crate::Conn, code: &str) -> crate::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM municipalities WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}
