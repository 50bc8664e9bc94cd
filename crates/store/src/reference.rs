//! Reference facts in the database: provinces and municipalities.

use crate::Db;
use middenveld_domain::municipality::{OVERIJSSEL, PROVINCES};
use sqlx::Row;

/// Inserts the written-in reference facts where missing (idempotent).
pub async fn seed(db: &Db) -> crate::Result<()> {
    let mut tx = db.begin().await?;
    for (code, name) in PROVINCES {
        sqlx::query("INSERT INTO provinces (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING")
            .bind(code)
            .bind(name)
            .execute(&mut *tx)
            .await?;
    }
    for (code, name) in OVERIJSSEL {
        sqlx::query(
            "INSERT INTO municipalities (code, name, province_code) VALUES ($1, $2, 'PV23') ON CONFLICT (code) DO NOTHING",
        )
        .bind(code)
        .bind(name)
        .execute(&mut *tx)
        .await?;
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
