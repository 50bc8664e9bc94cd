//! What an import needs from storage: remembered column mappings, and the look-ups that match
//! a batch of rows to records already in the register in one query each.

use crate::{Conn, decode};
use middenveld_domain::enums::{Coded, MembershipStatus};
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashMap;

/// At most this many values in one `IN (…)` list.
const IN_CHUNK: usize = 500;

/// The remembered mapping of one kind: header key → field key.
pub async fn saved_mapping(conn: &mut Conn, kind: &str) -> crate::Result<HashMap<String, String>> {
    let rows = sqlx::query("SELECT header_key, field FROM import_mappings WHERE kind = $1")
        .bind(kind)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("header_key")?, r.try_get("field")?)))
        .collect()
}

/// Remembers (header key, field key) pairs of a kind; an empty field forgets the header.
pub async fn save_mapping(
    conn: &mut Conn,
    kind: &str,
    pairs: &[(String, Option<String>)],
    now: &str,
) -> crate::Result<()> {
    for (header, field) in pairs {
        sqlx::query("DELETE FROM import_mappings WHERE kind = $1 AND header_key = $2")
            .bind(kind)
            .bind(header.clone())
            .execute(&mut *conn)
            .await?;
        if let Some(f) = field {
            sqlx::query("INSERT INTO import_mappings (kind, header_key, field, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(kind)
                .bind(header.clone())
                .bind(f.clone())
                .bind(now.to_string())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// `SELECT … WHERE column IN ($1, …)` over `values` in chunks; `select` ends with `IN `.
async fn rows_in(conn: &mut Conn, select: &str, values: &[String]) -> crate::Result<Vec<sqlx::any::AnyRow>> {
    let mut out = Vec::new();
    let mut unique: Vec<&String> = values.iter().collect();
    unique.sort_unstable();
    unique.dedup();
    for chunk in unique.chunks(IN_CHUNK) {
        // Plain `?` on SQLite: it looks `$n` up by a linear scan, quadratic over a long list.
        let positional = crate::bulk::binds_positionally(conn);
        let placeholders: Vec<String> = (1..=chunk.len())
            .map(|i| if positional { "?".to_string() } else { format!("${i}") })
            .collect();
        let sql = format!("{select}({})", placeholders.join(", "));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for v in chunk {
            q = q.bind((*v).clone());
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Organisations by KvK number: number → id.
pub async fn organisations_by_kvk(conn: &mut Conn, kvks: &[String]) -> crate::Result<HashMap<String, i64>> {
    let rows = rows_in(
        conn,
        "SELECT id, kvk_number FROM organisations WHERE kvk_number IN ",
        kvks,
    )
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("kvk_number")?, r.try_get("id")?)))
        .collect()
}

/// An organisation as a name look-up finds it.
#[derive(Debug, Clone)]
pub struct NamedOrganisation {
    pub id: i64,
    pub sort_name: String,
    pub postcode: Option<String>,
    pub kvk_number: Option<String>,
}

/// Organisations whose folded name is one of `sort_names`.
pub async fn organisations_by_name(conn: &mut Conn, sort_names: &[String]) -> crate::Result<Vec<NamedOrganisation>> {
    let rows = rows_in(
        conn,
        "SELECT id, sort_name, postcode, kvk_number FROM organisations WHERE sort_name IN ",
        sort_names,
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(NamedOrganisation {
                id: r.try_get("id")?,
                sort_name: r.try_get("sort_name")?,
                postcode: r.try_get("postcode")?,
                kvk_number: r.try_get("kvk_number")?,
            })
        })
        .collect()
}

/// People by e-mail address (as stored): address → id.
pub async fn people_by_email(conn: &mut Conn, emails: &[String]) -> crate::Result<HashMap<String, i64>> {
    let rows = rows_in(conn, "SELECT id, email FROM people WHERE email IN ", emails).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("email")?, r.try_get("id")?)))
        .collect()
}

/// Every network: folded name → ids (two networks may fold to the same name).
pub async fn networks_by_name(conn: &mut Conn) -> crate::Result<HashMap<String, Vec<(i64, String)>>> {
    let rows = sqlx::query("SELECT id, name FROM networks")
        .fetch_all(&mut *conn)
        .await?;
    let mut out: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for r in rows {
        let name: String = r.try_get("name")?;
        out.entry(middenveld_domain::search::normalise(&name))
            .or_default()
            .push((r.try_get("id")?, name));
    }
    Ok(out)
}

/// An open membership as the import matches it.
#[derive(Debug, Clone)]
pub struct OpenMembership {
    pub id: i64,
    pub status: MembershipStatus,
    pub since: String,
    pub until: Option<String>,
}

/// The open membership (no end date, or one in the future) of a member in a network.
pub async fn open_membership(
    conn: &mut Conn,
    network_id: i64,
    member: middenveld_domain::network::Member,
) -> crate::Result<Option<OpenMembership>> {
    use middenveld_domain::network::Member;
    let (column, id) = match member {
        Member::Organisation(o) => ("organisation_id", o),
        Member::Person(p) => ("person_id", p),
    };
    let sql = format!(
        "SELECT id, status, since, until FROM memberships WHERE network_id = $1 AND {column} = $2 \
         ORDER BY since DESC, id DESC LIMIT 1"
    );
    let Some(r) = sqlx::query(AssertSqlSafe(sql))
        .bind(network_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(OpenMembership {
        id: r.try_get("id")?,
        status: decode("status", MembershipStatus::parse(&r.try_get::<String, _>("status")?))?,
        since: r.try_get("since")?,
        until: r.try_get("until")?,
    }))
}
