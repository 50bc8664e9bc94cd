//! Likely duplicate organisations, found by walking indexes (never comparing every pair), and
//! moving every link of an organisation to another when the two are merged.
//!
//! Two rules, each one index scan that stops at the cap:
//! - the same normalised name (`sort_name`) in the same municipality
//!   (index `organisations_municipality`);
//! - the same postcode with a similar name: neighbours in name order whose `match_name` (the
//!   normalised name without legal forms, migration 0004) is equal, or one is the other
//!   followed by more words (index `organisations_postcode_match`).
//!
//! The same KvK number cannot occur twice (unique index, numbers normalised to 8 digits).

use crate::sql::{Arg, Sql};
use crate::{Backend, Conn};
use middenveld_domain::Date;
use middenveld_domain::duplicate::{HeldMembership, MembershipPlan};
use sqlx::Row;

/// At most this many pairs are looked for per rule, and shown.
pub const PAIR_CAP: usize = 500;

/// Why two organisations are likely the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateReason {
    SameNameSameMunicipality,
    SamePostcodeSimilarName,
}

/// Two organisations that are likely the same; `first` has the lower id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidatePair {
    pub first: i64,
    pub second: i64,
    pub reason: DuplicateReason,
}

/// Likely duplicate pairs, at most `cap`, each pair once (by the first rule that finds it).
/// Returns the pairs and whether the cap was reached (there may be more).
pub async fn candidates(conn: &mut Conn, backend: Backend, cap: usize) -> crate::Result<(Vec<CandidatePair>, bool)> {
    let mut pairs = same_name_same_municipality(conn, cap).await?;
    let mut capped = pairs.len() >= cap;
    let similar = similar_name_same_postcode(conn, backend, cap).await?;
    capped |= similar.len() >= cap;
    for p in similar {
        if !pairs.iter().any(|q| q.first == p.first && q.second == p.second) {
            pairs.push(p);
        }
    }
    capped |= pairs.len() > cap;
    pairs.truncate(cap);
    Ok((pairs, capped))
}

fn pair(a: i64, b: i64, reason: DuplicateReason) -> CandidatePair {
    CandidatePair {
        first: a.min(b),
        second: a.max(b),
        reason,
    }
}

/// Groups with the same municipality and normalised name; each other member pairs with the
/// group's lowest id (merging those pairs resolves the group).
async fn same_name_same_municipality(conn: &mut Conn, cap: usize) -> crate::Result<Vec<CandidatePair>> {
    let limit = i64::try_from(cap).unwrap_or(i64::MAX);
    let rows = sqlx::query(
        "SELECT o.id, o.municipality_code, o.sort_name FROM (SELECT municipality_code, sort_name \
         FROM organisations WHERE municipality_code IS NOT NULL GROUP BY municipality_code, sort_name \
         HAVING COUNT(*) > 1 LIMIT $1) g JOIN organisations o ON o.municipality_code = g.municipality_code \
         AND o.sort_name = g.sort_name ORDER BY o.municipality_code, o.sort_name, o.id",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut pairs = Vec::new();
    let mut group: Option<(String, String, i64)> = None;
    for r in &rows {
        let (id, municipality, name): (i64, String, String) = (
            r.try_get("id")?,
            r.try_get("municipality_code")?,
            r.try_get("sort_name")?,
        );
        match &group {
            Some((m, n, first)) if *m == municipality && *n == name => {
                pairs.push(pair(*first, id, DuplicateReason::SameNameSameMunicipality));
            }
            _ => group = Some((municipality, name, id)),
        }
        if pairs.len() >= cap {
            break;
        }
    }
    Ok(pairs)
}

/// Neighbours in (postcode, match_name) order whose names are equal without legal forms, or
/// where one is the other plus more words ("groene schakel" / "groene schakel zwolle").
async fn similar_name_same_postcode(
    conn: &mut Conn,
    backend: Backend,
    cap: usize,
) -> crate::Result<Vec<CandidatePair>> {
    // Byte order on both backends (SQLite compares bytes; a PostgreSQL locale would skip the
    // spaces between words); the PostgreSQL index is built with the same collation.
    let collate = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " COLLATE \"C\"",
    };
    let window = format!("OVER (PARTITION BY postcode ORDER BY match_name{collate}, id)");
    let limit = i64::try_from(cap).unwrap_or(i64::MAX);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT w.prev_id, w.id FROM (SELECT id, match_name, LAG(id) {window} AS prev_id, \
         LAG(match_name) {window} AS prev_name FROM organisations \
         WHERE postcode IS NOT NULL AND match_name <> '') w \
         WHERE w.prev_id IS NOT NULL AND (w.match_name = w.prev_name OR (length(w.prev_name) >= 3 \
         AND substr(w.match_name, 1, length(w.prev_name) + 1) = w.prev_name || ' ')) LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(pair(
                r.try_get("prev_id")?,
                r.try_get("id")?,
                DuplicateReason::SamePostcodeSimilarName,
            ))
        })
        .collect()
}

/// What the duplicates page shows of an organisation.
#[derive(Debug, Clone)]
pub struct CandidateOrganisation {
    pub id: i64,
    pub name: String,
    pub sort_name: String,
    pub kvk_number: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub municipality_name: Option<String>,
    pub created_at: String,
}

/// The organisations with these ids (any order; missing ids are left out).
pub async fn candidates_by_id(conn: &mut Conn, ids: &[i64]) -> crate::Result<Vec<CandidateOrganisation>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut sql = Sql::default();
        let placeholders: Vec<String> = chunk.iter().map(|id| sql.arg(Arg::Int(*id))).collect();
        sql.push(&format!(
            "SELECT o.id, o.name, o.sort_name, o.kvk_number, o.address, o.postcode, o.city, o.created_at, \
             m.name AS municipality_name FROM organisations o \
             LEFT JOIN municipalities m ON m.code = o.municipality_code WHERE o.id IN ({})",
            placeholders.join(", ")
        ));
        for r in sql.query().fetch_all(&mut *conn).await? {
            out.push(CandidateOrganisation {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                sort_name: r.try_get("sort_name")?,
                kvk_number: r.try_get("kvk_number")?,
                address: r.try_get("address")?,
                postcode: r.try_get("postcode")?,
                city: r.try_get("city")?,
                municipality_name: r.try_get("municipality_name")?,
                created_at: r.try_get("created_at")?,
            });
        }
    }
    Ok(out)
}

/// Every column that refers to an organisation, as (table, column), and how a merge treats it:
/// `organisation_themes` by the merged record's themes, `organisations.spin_off_of` by
/// [`move_spin_offs`] and the merged record, the others by the functions below. A test keeps
/// this list complete against the migrations.
pub const REFERENCES: &[(&str, &str)] = &[
    ("organisations", "spin_off_of"),
    ("organisation_themes", "organisation_id"),
    ("person_organisations", "organisation_id"),
    ("networks", "facilitator_id"),
    ("memberships", "organisation_id"),
    ("project_participants", "organisation_id"),
    ("events", "organiser_id"),
    ("registrations", "organisation_id"),
    ("stage_changes", "organisation_id"),
    ("support_records", "organisation_id"),
    ("support_records", "provider_id"),
    ("referrals", "company_id"),
    ("referrals", "from_id"),
    ("referrals", "to_id"),
    ("tracks", "provider_id"),
    ("enrolments", "organisation_id"),
    ("tasks", "organisation_id"),
    ("partner_offers", "partner_id"),
    ("launching_case_suppliers", "organisation_id"),
    ("contacts", "organisation_id"),
    ("examples", "contact_partner_id"),
    ("examples", "consent_organisation_id"),
    ("example_organisations", "organisation_id"),
    ("agreement_organisations", "organisation_id"),
];

/// The network memberships an organisation holds.
pub async fn held_memberships(conn: &mut Conn, organisation_id: i64) -> crate::Result<Vec<HeldMembership>> {
    let rows =
        sqlx::query("SELECT id, network_id, since, until FROM memberships WHERE organisation_id = $1 ORDER BY id")
            .bind(organisation_id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            let since: String = r.try_get("since")?;
            let until: Option<String> = r.try_get("until")?;
            Ok(HeldMembership {
                id: r.try_get("id")?,
                network_id: r.try_get("network_id")?,
                since: crate::decode("since", Date::parse(&since))?,
                until: until.map(|u| crate::decode("until", Date::parse(&u))).transpose()?,
            })
        })
        .collect()
}

/// Carries out a membership plan: moves memberships to `to`, removes the ones it already has,
/// moves start dates earlier.
pub async fn apply_membership_plan(conn: &mut Conn, to: i64, plan: &MembershipPlan) -> crate::Result<()> {
    for id in &plan.moved {
        sqlx::query("UPDATE memberships SET organisation_id = $1 WHERE id = $2")
            .bind(to)
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    for id in &plan.dropped {
        sqlx::query("DELETE FROM memberships WHERE id = $1")
            .bind(*id)
            .execute(&mut *conn)
            .await
            .map_err(crate::classify_delete)?;
    }
    for (id, since) in &plan.earlier_since {
        sqlx::query("UPDATE memberships SET since = $1 WHERE id = $2")
            .bind(since.iso())
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Links the people of `from` to `to` (a person linked to both keeps one link).
pub async fn move_people(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query(
        "UPDATE person_organisations SET organisation_id = $2 WHERE organisation_id = $1 \
         AND person_id NOT IN (SELECT person_id FROM person_organisations WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Moves the project participations of `from` to `to`; in a project both take part in, the
/// participation (and role) of `to` stays.
pub async fn move_participations(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query(
        "UPDATE project_participants SET organisation_id = $2 WHERE organisation_id = $1 \
         AND project_id NOT IN (SELECT project_id FROM project_participants WHERE organisation_id = $2)",
    )
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes the spin-offs of `from` spin-offs of `to` (other than `to` itself); their ids.
pub async fn move_spin_offs(conn: &mut Conn, from: i64, to: i64, now: &str) -> crate::Result<Vec<i64>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM organisations WHERE spin_off_of = $1 AND id <> $2 ORDER BY id")
            .bind(from)
            .bind(to)
            .fetch_all(&mut *conn)
            .await?;
    sqlx::query("UPDATE organisations SET spin_off_of = $2, updated_at = $3 WHERE spin_off_of = $1 AND id <> $2")
        .bind(from)
        .bind(to)
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(ids)
}

/// Makes `to` the facilitator of the networks `from` facilitates; their ids.
pub async fn move_facilitation(conn: &mut Conn, from: i64, to: i64, now: &str) -> crate::Result<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM networks WHERE facilitator_id = $1 ORDER BY id")
        .bind(from)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query("UPDATE networks SET facilitator_id = $2, updated_at = $3 WHERE facilitator_id = $1")
        .bind(from)
        .bind(to)
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(ids)
}

/// Makes `to` the organiser of the events `from` organises, and the organisation its people
/// came for at events; the ids of the events whose organiser changed.
pub async fn move_events(conn: &mut Conn, from: i64, to: i64, now: &str) -> crate::Result<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM events WHERE organiser_id = $1 ORDER BY id")
        .bind(from)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query("UPDATE events SET organiser_id = $2, updated_at = $3 WHERE organiser_id = $1")
        .bind(from)
        .bind(to)
        .bind(now.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE registrations SET organisation_id = $2 WHERE organisation_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(ids)
}

/// Gives the stage history of `from` to `to`, so the kept record's path shows both.
pub async fn move_stage_history(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    sqlx::query("UPDATE stage_changes SET organisation_id = $2 WHERE organisation_id = $1")
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::scripts;

    /// (table, column) of every `REFERENCES organisations` in a script: in CREATE TABLE
    /// blocks and in ALTER TABLE … ADD COLUMN statements.
    fn references(script: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut table = String::new();
        for line in script.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                table = rest.split_whitespace().next().unwrap_or_default().to_string();
            }
            if !line.contains("REFERENCES organisations") {
                continue;
            }
            let (t, column) = match line.strip_prefix("ALTER TABLE ") {
                Some(rest) => {
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    let column = words
                        .iter()
                        .position(|w| *w == "COLUMN")
                        .and_then(|i| words.get(i + 1))
                        .copied()
                        .unwrap_or_default();
                    (
                        words.first().copied().unwrap_or_default().to_string(),
                        column.to_string(),
                    )
                }
                None => (
                    table.clone(),
                    line.split_whitespace().next().unwrap_or_default().to_string(),
                ),
            };
            found.push((t, column));
        }
        found
    }

    #[test]
    fn a_merge_handles_every_column_that_refers_to_an_organisation() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let all = scripts(backend).join("\n");
            let found = references(&all);
            assert!(found.len() >= REFERENCES.len(), "{found:?}");
            for (table, column) in &found {
                assert!(
                    REFERENCES.iter().any(|(t, c)| t == table && c == column),
                    "{table}.{column} refers to organisations: teach the merge (store::duplicate) to move it"
                );
            }
        }
    }

    #[test]
    fn the_migration_drops_exactly_the_domain_legal_forms() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let script = scripts(backend)
                .into_iter()
                .find(|s| s.contains("ADD COLUMN match_name"))
                .unwrap_or_default();
            for form in middenveld_domain::duplicate::LEGAL_FORMS {
                assert!(
                    script.contains(&format!("' {form} ', ' '")),
                    "{form} missing for {backend:?}"
                );
            }
            let replaced = script.matches(", ' ')").count();
            assert_eq!(replaced, middenveld_domain::duplicate::LEGAL_FORMS.len(), "{backend:?}");
        }
    }
}
