//! Bulk writes for large fixtures (`middenveld demo --scale N`): multi-row INSERT statements,
//! one code path for SQLite and PostgreSQL. The caller owns the
//! transaction (tens of thousands of rows each); these functions only chunk the rows so
//! that every statement stays under both backends' bind-parameter limits.
//!
//! Stored values are derived exactly as the per-record insert path does (`sort_name` and
//! `search_text` from `middenveld_domain::search::normalise`), and the full-text indexes
//! follow by themselves: SQLite's insert triggers fill the FTS5 tables, PostgreSQL's
//! generated `search_vector` column fills itself.
//!
//! Placeholders: `$n` on PostgreSQL, like the rest of the store; plain `?` on SQLite, because
//! SQLite finds the number of a `$n` parameter by a linear scan, so binding a statement of
//! 8,000 `$n` parameters is quadratic (measured: 5,000 against 25,000 organisations a second).
//! The statement text is the only difference between the backends.
//!
//! Ids: each multi-row INSERT returns its new ids. Both backends assign them in the order of
//! the VALUES rows (SQLite: max(rowid) + 1 per row; PostgreSQL: one `nextval` per row), but
//! neither promises the order of the RETURNING output, so the ids are sorted ascending before
//! they are matched to the rows.

use crate::{Conn, classify};
use middenveld_domain::Date;
use middenveld_domain::enums::Coded;
use middenveld_domain::network::{Member, Membership, Network};
use middenveld_domain::organisation::Organisation;
use middenveld_domain::person::Person;
use middenveld_domain::project::{Participant, Project};
use middenveld_domain::search::normalise;
use sqlx::{AssertSqlSafe, Row};

/// At most this many rows per INSERT statement.
pub const MAX_ROWS_PER_STATEMENT: usize = 500;

/// SQLite accepts 32766 bind parameters per statement (since 3.32), PostgreSQL 65535.
const MAX_PARAMS: usize = 32_766;

/// One bound value of a bulk row.
#[derive(Debug, Clone)]
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(Some(s.into()))
}

fn opt_text(s: Option<impl Into<String>>) -> Value {
    Value::Text(s.map(Into::into))
}

/// Rows for one table, flattened: `width` values per row.
struct Rows {
    table: &'static str,
    columns: Vec<&'static str>,
    /// Columns with the same value in every row (e.g. `created_at`), bound once per statement.
    shared: Vec<(&'static str, Value)>,
    values: Vec<Value>,
}

impl Rows {
    fn new(table: &'static str, columns: &[&'static str], capacity: usize) -> Rows {
        Rows {
            table,
            columns: columns.to_vec(),
            shared: Vec::new(),
            values: Vec::with_capacity(capacity * columns.len()),
        }
    }

    fn shared(mut self, column: &'static str, v: Value) -> Rows {
        self.shared.push((column, v));
        self
    }

    fn row(&mut self, values: impl IntoIterator<Item = Value>) {
        self.values.extend(values);
    }

    fn len(&self) -> usize {
        self.values.len().checked_div(self.columns.len()).unwrap_or(0)
    }

    fn rows_per_statement(&self, style: Style) -> usize {
        let per_row = match style {
            Style::Numbered => self.columns.len(),
            Style::Positional => self.columns.len() + self.shared.len(),
        };
        ((MAX_PARAMS - self.shared.len()) / per_row.max(1)).clamp(1, MAX_ROWS_PER_STATEMENT)
    }

    /// `INSERT INTO t (a, b, c, created_at) VALUES ($2, $3, $4, $1), …` (shared values first)
    /// or, positional, `VALUES (?, ?, ?, ?), …` (shared values repeated in every row).
    fn statement(&self, rows: usize, returning: bool, style: Style) -> String {
        let mut names: Vec<&str> = self.columns.clone();
        names.extend(self.shared.iter().map(|(c, _)| *c));
        let mut sql = format!("INSERT INTO {} ({}) VALUES ", self.table, names.join(", "));
        let width = self.columns.len();
        let first = self.shared.len() + 1;
        for r in 0..rows {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            match style {
                Style::Numbered => {
                    let own = (0..width).map(|c| format!("${}", first + r * width + c));
                    let shared = (0..self.shared.len()).map(|s| format!("${}", s + 1));
                    sql.push_str(&own.chain(shared).collect::<Vec<_>>().join(", "));
                }
                Style::Positional => {
                    sql.push_str(&vec!["?"; names.len()].join(", "));
                }
            }
            sql.push(')');
        }
        if returning {
            sql.push_str(" RETURNING id");
        }
        sql
    }

    /// Inserts all rows; with `returning`, gives the new ids in row order.
    async fn insert(&self, conn: &mut Conn, returning: bool) -> crate::Result<Vec<i64>> {
        let width = self.columns.len();
        let total = self.len();
        if total == 0 || width == 0 {
            return Ok(Vec::new());
        }
        let style = Style::of(conn);
        let per_statement = self.rows_per_statement(style);
        let full = self.statement(per_statement, returning, style);
        let shared: Vec<&Value> = self.shared.iter().map(|(_, v)| v).collect();
        let mut ids = Vec::with_capacity(if returning { total } else { 0 });
        for chunk in self.values.chunks(per_statement * width) {
            let rows = chunk.len() / width;
            let sql = if rows == per_statement {
                full.clone()
            } else {
                self.statement(rows, returning, style)
            };
            let ordered: Vec<&Value> = match style {
                Style::Numbered => shared.iter().copied().chain(chunk).collect(),
                Style::Positional => chunk
                    .chunks(width)
                    .flat_map(|row| row.iter().chain(shared.iter().copied()))
                    .collect(),
            };
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for v in ordered {
                q = match v {
                    Value::Int(i) => q.bind(*i),
                    Value::Text(s) => q.bind(s.clone()),
                };
            }
            if returning {
                let out = q.fetch_all(&mut *conn).await.map_err(classify)?;
                let mut chunk_ids = out
                    .iter()
                    .map(|r| r.try_get::<i64, _>(0))
                    .collect::<Result<Vec<_>, _>>()?;
                chunk_ids.sort_unstable();
                ids.extend(chunk_ids);
            } else {
                q.execute(&mut *conn).await.map_err(classify)?;
            }
        }
        Ok(ids)
    }
}

/// How a statement numbers its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `$1, $2, …`: what the rest of the store uses; PostgreSQL.
    Numbered,
    /// `?`: SQLite. SQLite looks up the number of a `$n` parameter with a linear scan, which
    /// makes binding a statement of thousands of `$n` parameters quadratic; plain `?`
    /// parameters bind in constant time each.
    Positional,
}

/// Whether long parameter lists on this connection bind as plain `?` (SQLite) rather than `$n`.
pub(crate) fn binds_positionally(conn: &Conn) -> bool {
    conn.backend_name().eq_ignore_ascii_case("sqlite")
}

impl Style {
    fn of(conn: &Conn) -> Style {
        if binds_positionally(conn) {
            Style::Positional
        } else {
            Style::Numbered
        }
    }
}

/// Inserts (owner, other) pairs into a link table.
async fn insert_links(conn: &mut Conn, link: crate::links::LinkTable, pairs: &[(i64, i64)]) -> crate::Result<u64> {
    let mut rows = Rows::new(link.table, &[link.owner, link.other], pairs.len());
    for (a, b) in pairs {
        rows.row([Value::Int(Some(*a)), Value::Int(Some(*b))]);
    }
    rows.insert(conn, false).await?;
    Ok(pairs.len() as u64)
}

fn pairs(ids: &[i64], links: impl Iterator<Item = Vec<i64>>) -> Vec<(i64, i64)> {
    ids.iter()
        .zip(links)
        .flat_map(|(id, others)| others.into_iter().map(move |o| (*id, o)))
        .collect()
}

fn mismatch(what: &str, expected: usize, got: usize) -> crate::StoreError {
    crate::StoreError::Corrupt(format!("bulk insert of {what}: {expected} rows, {got} ids returned"))
}

/// Inserts organisations and their theme links; gives their ids in input order.
pub async fn insert_organisations(conn: &mut Conn, orgs: &[Organisation], now: &str) -> crate::Result<Vec<i64>> {
    const COLUMNS: &[&str] = &[
        "name",
        "sort_name",
        "kvk_number",
        "kind",
        "size_class",
        "sbi_code",
        "address",
        "postcode",
        "city",
        "municipality_code",
        "journey_stage",
        "spin_off_of",
        "spin_off_date",
        "website",
        "description",
        "search_text",
    ];
    let mut rows = Rows::new("organisations", COLUMNS, orgs.len())
        .shared("created_at", text(now))
        .shared("updated_at", text(now));
    for o in orgs {
        rows.row([
            text(o.name.clone()),
            text(normalise(&o.name)),
            opt_text(o.kvk_number.as_ref().map(|k| k.as_str())),
            text(o.kind.code()),
            opt_text(o.size_class.map(Coded::code)),
            opt_text(o.sbi_code.as_ref().map(|s| s.as_str())),
            opt_text(o.address.clone()),
            opt_text(o.postcode.as_ref().map(|p| p.as_str())),
            opt_text(o.city.clone()),
            opt_text(o.municipality_code.as_ref().map(|m| m.as_str())),
            opt_text(o.journey_stage.map(Coded::code)),
            Value::Int(o.spin_off_of),
            opt_text(o.spin_off_date.map(Date::iso)),
            opt_text(o.website.clone()),
            opt_text(o.description.clone()),
            text(o.search_text()),
        ]);
    }
    let ids = rows.insert(conn, true).await?;
    if ids.len() != orgs.len() {
        return Err(mismatch("organisations", orgs.len(), ids.len()));
    }
    let links = pairs(&ids, orgs.iter().map(|o| o.theme_ids.clone()));
    insert_links(conn, crate::links::ORGANISATION_THEMES, &links).await?;
    Ok(ids)
}

/// Inserts people and their links to organisations; gives their ids in input order.
pub async fn insert_people(conn: &mut Conn, people: &[Person], now: &str) -> crate::Result<Vec<i64>> {
    const COLUMNS: &[&str] = &[
        "name",
        "sort_name",
        "email",
        "phone",
        "function",
        "consent_basis",
        "consent_date",
        "consent_purpose",
        "search_text",
    ];
    let mut rows = Rows::new("people", COLUMNS, people.len())
        .shared("created_at", text(now))
        .shared("updated_at", text(now));
    for p in people {
        rows.row([
            text(p.name.clone()),
            text(normalise(&p.name)),
            opt_text(p.email.as_ref().map(|e| e.as_str())),
            opt_text(p.phone.clone()),
            opt_text(p.function.clone()),
            text(p.consent_basis.code()),
            text(p.consent_date.iso()),
            opt_text(p.consent_purpose.clone()),
            text(p.search_text()),
        ]);
    }
    let ids = rows.insert(conn, true).await?;
    if ids.len() != people.len() {
        return Err(mismatch("people", people.len(), ids.len()));
    }
    let links = pairs(&ids, people.iter().map(|p| p.organisation_ids.clone()));
    insert_links(conn, crate::links::PERSON_ORGANISATIONS, &links).await?;
    Ok(ids)
}

/// Inserts networks and their theme links; gives their ids in input order.
pub async fn insert_networks(conn: &mut Conn, networks: &[Network], now: &str) -> crate::Result<Vec<i64>> {
    const COLUMNS: &[&str] = &["name", "description", "facilitator_id", "website"];
    let mut rows = Rows::new("networks", COLUMNS, networks.len())
        .shared("created_at", text(now))
        .shared("updated_at", text(now));
    for n in networks {
        rows.row([
            text(n.name.clone()),
            opt_text(n.description.clone()),
            Value::Int(n.facilitator_id),
            opt_text(n.website.clone()),
        ]);
    }
    let ids = rows.insert(conn, true).await?;
    if ids.len() != networks.len() {
        return Err(mismatch("networks", networks.len(), ids.len()));
    }
    let links = pairs(&ids, networks.iter().map(|n| n.theme_ids.clone()));
    insert_links(conn, crate::links::NETWORK_THEMES, &links).await?;
    Ok(ids)
}

/// Inserts memberships as (network id, membership); gives the number inserted.
pub async fn insert_memberships(conn: &mut Conn, memberships: &[(i64, Membership)], now: &str) -> crate::Result<u64> {
    const COLUMNS: &[&str] = &["network_id", "organisation_id", "person_id", "status", "since", "until"];
    let mut rows = Rows::new("memberships", COLUMNS, memberships.len()).shared("created_at", text(now));
    for (network_id, m) in memberships {
        let (org, person) = match m.member {
            Member::Organisation(o) => (Some(o), None),
            Member::Person(p) => (None, Some(p)),
        };
        rows.row([
            Value::Int(Some(*network_id)),
            Value::Int(org),
            Value::Int(person),
            text(m.status.code()),
            text(m.since.iso()),
            opt_text(m.until.map(Date::iso)),
        ]);
    }
    rows.insert(conn, false).await?;
    Ok(memberships.len() as u64)
}

/// Inserts audit entries in multi-row statements (imports write one per record).
pub async fn insert_audit_entries(conn: &mut Conn, entries: &[crate::audit::NewAuditEntry<'_>]) -> crate::Result<()> {
    const COLUMNS: &[&str] = &["at", "user_id", "user_name", "entity", "entity_id", "action", "changes"];
    let mut rows = Rows::new("audit_entries", COLUMNS, entries.len());
    for e in entries {
        rows.row([
            text(e.at),
            Value::Int(e.user_id),
            text(e.user_name),
            text(e.entity),
            Value::Int(Some(e.entity_id)),
            text(e.action),
            text(e.changes.clone()),
        ]);
    }
    rows.insert(conn, false).await?;
    Ok(())
}

/// Records the stage changes of many organisations at once: (organisation id, change).
pub async fn insert_stage_changes(
    conn: &mut Conn,
    changes: &[(i64, middenveld_domain::journey::StageChange)],
    by: crate::journey::By<'_>,
    at: &str,
) -> crate::Result<()> {
    const COLUMNS: &[&str] = &["organisation_id", "from_stage", "to_stage", "reason"];
    let mut rows = Rows::new("stage_changes", COLUMNS, changes.len())
        .shared("user_id", Value::Int(by.user_id))
        .shared("user_name", text(by.user_name))
        .shared("changed_at", text(at));
    for (id, c) in changes {
        rows.row([
            Value::Int(Some(*id)),
            opt_text(c.from.map(Coded::code)),
            opt_text(c.to.map(Coded::code)),
            text(c.reason.clone()),
        ]);
    }
    rows.insert(conn, false).await?;
    Ok(())
}

/// Inserts projects and their theme links; gives their ids in input order.
pub async fn insert_projects(conn: &mut Conn, projects: &[Project], now: &str) -> crate::Result<Vec<i64>> {
    const COLUMNS: &[&str] = &[
        "name",
        "sort_name",
        "description",
        "stage",
        "start_date",
        "end_date",
        "network_id",
        "website",
    ];
    let mut rows = Rows::new("projects", COLUMNS, projects.len())
        .shared("created_at", text(now))
        .shared("updated_at", text(now));
    for p in projects {
        rows.row([
            text(p.name.clone()),
            text(normalise(&p.name)),
            opt_text(p.description.clone()),
            text(p.stage.code()),
            opt_text(p.start_date.map(Date::iso)),
            opt_text(p.end_date.map(Date::iso)),
            Value::Int(p.network_id),
            opt_text(p.website.clone()),
        ]);
    }
    let ids = rows.insert(conn, true).await?;
    if ids.len() != projects.len() {
        return Err(mismatch("projects", projects.len(), ids.len()));
    }
    let links = pairs(&ids, projects.iter().map(|p| p.theme_ids.clone()));
    insert_links(conn, crate::links::PROJECT_THEMES, &links).await?;
    Ok(ids)
}

/// Inserts project participants as (project id, participant); gives the number inserted.
/// Each (project, organisation) pair must be new.
pub async fn insert_participants(conn: &mut Conn, participants: &[(i64, Participant)]) -> crate::Result<u64> {
    const COLUMNS: &[&str] = &["project_id", "organisation_id", "role"];
    let mut rows = Rows::new("project_participants", COLUMNS, participants.len());
    for (project_id, p) in participants {
        rows.row([
            Value::Int(Some(*project_id)),
            Value::Int(Some(p.organisation_id)),
            text(p.role.code()),
        ]);
    }
    rows.insert(conn, false).await?;
    Ok(participants.len() as u64)
}

/// The tables whose highest id a bulk writer may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Organisations,
    People,
    Networks,
    Memberships,
    Projects,
    ProjectParticipants,
    Events,
    Registrations,
    Support,
    Referrals,
    Tracks,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Organisations => "organisations",
            Table::People => "people",
            Table::Networks => "networks",
            Table::Memberships => "memberships",
            Table::Projects => "projects",
            Table::ProjectParticipants => "project_participants",
            Table::Events => "events",
            Table::Registrations => "registrations",
            Table::Support => "support_records",
            Table::Referrals => "referrals",
            Table::Tracks => "tracks",
        }
    }
}

/// The highest id in a table (0 when empty). Not for `ProjectParticipants`, which has no id.
pub async fn max_id(conn: &mut Conn, table: Table) -> crate::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!("SELECT MAX(id) FROM {}", table.name())))
        .fetch_one(&mut *conn)
        .await?;
    Ok(v.unwrap_or(0))
}

/// The number of rows in a table.
pub async fn count(conn: &mut Conn, table: Table) -> crate::Result<i64> {
    Ok(
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", table.name())))
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The KvK numbers already taken between `low` and `high` (inclusive, 8-digit strings).
pub async fn kvk_numbers_between(conn: &mut Conn, low: &str, high: &str) -> crate::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT kvk_number FROM organisations WHERE kvk_number >= $1 AND kvk_number <= $2")
            .bind(low.to_string())
            .bind(high.to_string())
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The memory of each sort thread while indexes are built, KiB.
const SORT_KIB: i64 = 8_000;

/// A table's secondary indexes and full-text insert trigger, set aside during a large load and
/// put back by [`SetAside::restore`] in the same transaction (SQLite only: there, building an
/// index once over the loaded table is cheaper than keeping fifteen name-ordered indexes up
/// to date row by row, measured at 1,000,000 organisations. On PostgreSQL, dropping an index
/// would lock the table against readers for the whole load, so nothing is set aside there).
///
/// Both steps are plain DDL inside the caller's transaction: a rollback, or a process killed
/// half-way, leaves every index as it was.
#[derive(Debug)]
pub struct SetAside {
    table: Table,
    /// Rows with a higher id were written without the full-text trigger.
    after_id: i64,
    /// The `CREATE INDEX` statements of the dropped indexes.
    indexes: Vec<String>,
    /// The `CREATE TRIGGER` statement of the dropped full-text insert trigger.
    fts_trigger: Option<String>,
}

/// Drops the secondary indexes of `table` except those in `keep` (which the load itself
/// reads) and its full-text insert trigger; `None` where nothing is set aside (PostgreSQL).
pub async fn set_aside(conn: &mut Conn, table: Table, keep: &[&str]) -> crate::Result<Option<SetAside>> {
    if !binds_positionally(conn) {
        return Ok(None);
    }
    let after_id = max_id(conn, table).await?;
    let fts_trigger_name = format!("{}_fts_insert", table.name());
    let rows = sqlx::query(
        "SELECT type, name, sql FROM sqlite_master \
         WHERE tbl_name = $1 AND sql IS NOT NULL AND (type = 'index' OR (type = 'trigger' AND name = $2)) \
         ORDER BY name",
    )
    .bind(table.name())
    .bind(fts_trigger_name)
    .fetch_all(&mut *conn)
    .await?;
    let mut set = SetAside {
        table,
        after_id,
        indexes: Vec::new(),
        fts_trigger: None,
    };
    for row in rows {
        let kind: String = row.try_get("type")?;
        let name: String = row.try_get("name")?;
        let sql: String = row.try_get("sql")?;
        if keep.contains(&name.as_str()) {
            continue;
        }
        let drop = if kind == "index" {
            set.indexes.push(sql);
            format!("DROP INDEX \"{name}\"")
        } else {
            set.fts_trigger = Some(sql);
            format!("DROP TRIGGER \"{name}\"")
        };
        sqlx::query(AssertSqlSafe(drop)).execute(&mut *conn).await?;
    }
    Ok(Some(set))
}

impl SetAside {
    /// Builds the dropped indexes again over the whole table and adds the rows loaded since to
    /// the full-text index in id order. Meanwhile the sorts spill to temporary files, not to
    /// memory (the connection's `temp_store = MEMORY` would hold a million-row sort in RAM and
    /// keep SQLite's sorter on one thread), on as many threads as the machine has.
    pub async fn restore(self, conn: &mut Conn) -> crate::Result<()> {
        let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store").fetch_one(&mut *conn).await?;
        let cache_size: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        // SQLite refuses to change `temp_store` inside a transaction once this (pooled)
        // connection has opened its temporary database; the sort then stays where it is.
        let spills = sqlx::query("PRAGMA temp_store = FILE")
            .execute(&mut *conn)
            .await
            .is_ok();
        // Each sort thread holds up to `cache_size` of rows in memory before it spills.
        sqlx::query(AssertSqlSafe(format!(
            "PRAGMA threads = {threads}; PRAGMA cache_size = -{SORT_KIB}"
        )))
        .execute(&mut *conn)
        .await?;
        let built = self.build(conn).await;
        if spills {
            // Best effort: if SQLite refuses now, the connection keeps spilling to files.
            let _ = sqlx::query(AssertSqlSafe(format!("PRAGMA temp_store = {temp_store}")))
                .execute(&mut *conn)
                .await;
        }
        sqlx::query(AssertSqlSafe(format!(
            "PRAGMA threads = 0; PRAGMA cache_size = {cache_size}"
        )))
        .execute(&mut *conn)
        .await?;
        built
    }

    async fn build(&self, conn: &mut Conn) -> crate::Result<()> {
        for sql in &self.indexes {
            sqlx::query(AssertSqlSafe(sql.clone())).execute(&mut *conn).await?;
        }
        if let Some(trigger) = &self.fts_trigger {
            let t = self.table.name();
            sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO {t}_fts (rowid, search_text) SELECT id, search_text FROM {t} WHERE id > $1 ORDER BY id"
            )))
            .bind(self.after_id)
            .execute(&mut *conn)
            .await?;
            sqlx::query(AssertSqlSafe(trigger.clone())).execute(&mut *conn).await?;
        }
        Ok(())
    }
}
