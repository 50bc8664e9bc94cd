//! The signpost's directory of partner offers in storage.

use crate::{Conn, classify, decode};
use middenveld_domain::enums::{Coded, JourneyStage, QuestionKind, Sector};
use middenveld_domain::signpost::Offer;
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct OfferRecord {
    pub id: i64,
    pub data: Offer,
    pub partner_name: String,
    pub updated_at: String,
}

const SELECT: &str = "SELECT f.id, f.partner_id, f.kind, f.sector, f.description, f.next_step, f.website, \
    f.updated_at, o.name AS partner_name FROM partner_offers f JOIN organisations o ON o.id = f.partner_id";

async fn records(conn: &mut Conn, rows: Vec<sqlx::any::AnyRow>) -> crate::Result<Vec<OfferRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let stage_codes: Vec<String> =
            sqlx::query_scalar("SELECT stage FROM offer_stages WHERE offer_id = $1 ORDER BY stage")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        let mut stages = stage_codes
            .iter()
            .map(|s| decode("stage", JourneyStage::parse(s)))
            .collect::<crate::Result<Vec<_>>>()?;
        stages.sort();
        out.push(OfferRecord {
            id,
            data: Offer {
                partner_id: r.try_get("partner_id")?,
                kind: decode("kind", QuestionKind::parse(&r.try_get::<String, _>("kind")?))?,
                stages,
                sector: r
                    .try_get::<Option<String>, _>("sector")?
                    .map(|s| decode("sector", Sector::parse(&s)))
                    .transpose()?,
                description: r.try_get("description")?,
                next_step: r.try_get("next_step")?,
                website: r.try_get("website")?,
            },
            partner_name: r.try_get("partner_name")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

async fn set_stages(conn: &mut Conn, id: i64, stages: &[JourneyStage]) -> crate::Result<()> {
    sqlx::query("DELETE FROM offer_stages WHERE offer_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for s in stages {
        sqlx::query("INSERT INTO offer_stages (offer_id, stage) VALUES ($1, $2)")
            .bind(id)
            .bind(s.code())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn insert(conn: &mut Conn, f: &Offer, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO partner_offers (partner_id, kind, sector, description, next_step, website, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(f.partner_id)
    .bind(f.kind.code())
    .bind(f.sector.map(Coded::code))
    .bind(f.description.clone())
    .bind(f.next_step.clone())
    .bind(f.website.clone())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    let id: i64 = row.try_get("id")?;
    set_stages(conn, id, &f.stages).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, f: &Offer, now: &str) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE partner_offers SET partner_id = $1, kind = $2, sector = $3, description = $4, next_step = $5, \
         website = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(f.partner_id)
    .bind(f.kind.code())
    .bind(f.sector.map(Coded::code))
    .bind(f.description.clone())
    .bind(f.next_step.clone())
    .bind(f.website.clone())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    set_stages(conn, id, &f.stages).await?;
    Ok(true)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM partner_offers WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<OfferRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE f.id = $1")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(records(conn, rows).await?.into_iter().next())
}

/// Every offer, or those of one kind of question, by partner name.
pub async fn list(conn: &mut Conn, kind: Option<QuestionKind>) -> crate::Result<Vec<OfferRecord>> {
    let rows = match kind {
        Some(k) => {
            sqlx::query(AssertSqlSafe(format!(
                "{SELECT} WHERE f.kind = $1 ORDER BY o.sort_name, f.id"
            )))
            .bind(k.code())
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(AssertSqlSafe(format!("{SELECT} ORDER BY o.sort_name, f.id")))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    records(conn, rows).await
}

/// Moves the offers of `from` to `to` (a merge).
pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query("UPDATE partner_offers SET partner_id = $2 WHERE partner_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
