//! Every record of a list, as filtered and sorted on screen, streamed row by row (one query,
//! no paging), so a million organisations never sit in memory at once.
//!
//! A record's many-valued links (themes, organisations of a person) are joined in; the lists'
//! ORDER BY ends in the record's id, so the rows of one record arrive together and are folded
//! into one record here. One code path for both backends.

use crate::network::{NetworkFilter, NetworkRecord};
use crate::organisation::{ListQuery, OrganisationFilter, OrganisationRecord};
use crate::person::{PersonFilter, PersonRecord};
use crate::project::{ProjectFilter, ProjectRecord};
use crate::sql::Sql;
use crate::{Backend, Conn};
use futures_util::stream::{BoxStream, StreamExt};
use middenveld_domain::Coded;
use middenveld_domain::enums::OrganisationKind;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The matching records of a list: how many there are, and the stream of them.
pub struct RowStream<'c, T> {
    pub total: i64,
    pub rows: BoxStream<'c, crate::Result<T>>,
}

/// A person with the names of their organisations (by name).
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub record: PersonRecord,
    pub organisation_names: Vec<String>,
}

/// A project with the count of its participants of a public kind (for the consortium kind).
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub record: ProjectRecord,
    pub public_participants: i64,
}

/// Organisations as the list shows them for `f` (its paging is ignored).
pub async fn organisations<'c>(
    conn: &'c mut Conn,
    backend: Backend,
    f: &OrganisationFilter,
) -> crate::Result<RowStream<'c, OrganisationRecord>> {
    let ListQuery {
        mut sql,
        from,
        where_clause,
        order,
        total,
    } = crate::organisation::list_query(
        conn,
        backend,
        &OrganisationFilter {
            paging: crate::Paging::all(),
            ..f.clone()
        },
    )
    .await?;
    sql.push(&format!(
        "SELECT {columns}, m.name AS municipality_name, ot.theme_id{from} \
         LEFT JOIN municipalities m ON m.code = o.municipality_code \
         LEFT JOIN organisation_themes ot ON ot.organisation_id = o.id{where_clause} ORDER BY {order}",
        columns = crate::organisation::COLUMNS,
    ));
    let rows = folded(
        conn,
        sql,
        |r| {
            Ok(OrganisationRecord {
                id: r.try_get("id")?,
                data: crate::organisation::data_from_row(r, Vec::new())?,
                municipality_name: r.try_get("municipality_name")?,
                spin_off_of_name: None,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
            })
        },
        |o, r| {
            if let Some(theme) = r.try_get::<Option<i64>, _>("theme_id")? {
                o.data.theme_ids.push(theme);
            }
            Ok(())
        },
    );
    Ok(RowStream { total, rows })
}

/// People as the list shows them for `f` (its paging is ignored).
pub async fn people<'c>(
    conn: &'c mut Conn,
    backend: Backend,
    f: &PersonFilter,
) -> crate::Result<RowStream<'c, PersonRow>> {
    let ListQuery {
        mut sql,
        from,
        where_clause,
        order,
        total,
    } = crate::person::list_query(
        conn,
        backend,
        &PersonFilter {
            paging: crate::Paging::all(),
            ..f.clone()
        },
    )
    .await?;
    sql.push(&format!(
        "SELECT p.id, p.name, p.email, p.phone, p.function, p.consent_basis, p.consent_date, \
         p.consent_purpose, p.created_at, p.updated_at, po.organisation_id, po_o.name AS organisation_name\
         {from} LEFT JOIN person_organisations po ON po.person_id = p.id \
         LEFT JOIN organisations po_o ON po_o.id = po.organisation_id{where_clause} ORDER BY {order}"
    ));
    let rows = folded(
        conn,
        sql,
        |r| {
            Ok(PersonRow {
                record: PersonRecord {
                    id: r.try_get("id")?,
                    data: crate::person::data_from_row(r, Vec::new())?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                },
                organisation_names: Vec::new(),
            })
        },
        |p, r| {
            if let Some(id) = r.try_get::<Option<i64>, _>("organisation_id")? {
                p.record.data.organisation_ids.push(id);
                p.organisation_names.push(r.try_get("organisation_name")?);
            }
            Ok(())
        },
    );
    Ok(RowStream { total, rows })
}

/// Networks as the list shows them for `f` (its paging is ignored).
pub async fn networks<'c>(conn: &'c mut Conn, f: &NetworkFilter) -> crate::Result<RowStream<'c, NetworkRecord>> {
    let mut sql = Sql::default();
    let where_clause = crate::network::list_where(&mut sql, f);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM networks n{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    // SELECT ends with its FROM … JOIN, so the theme join follows it.
    sql.push(&format!(
        "{} LEFT JOIN network_themes nt ON nt.network_id = n.id{where_clause} ORDER BY LOWER(n.name), n.id",
        crate::network::SELECT.replacen(" FROM networks n", ", nt.theme_id FROM networks n", 1)
    ));
    let rows = folded(
        conn,
        sql,
        |r| crate::network::record_from_row(r, Vec::new()),
        |n, r| {
            if let Some(theme) = r.try_get::<Option<i64>, _>("theme_id")? {
                n.data.theme_ids.push(theme);
            }
            Ok(())
        },
    );
    Ok(RowStream { total, rows })
}

/// Projects as the list shows them for `f` (its paging is ignored).
pub async fn projects<'c>(conn: &'c mut Conn, f: &ProjectFilter) -> crate::Result<RowStream<'c, ProjectRow>> {
    let mut sql = Sql::default();
    let where_clause = crate::project::list_where(&mut sql, f);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM projects pr{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    // Codes of our own enumeration, never user input.
    let public_kinds = OrganisationKind::ALL
        .iter()
        .filter(|k| k.is_public())
        .map(|k| format!("'{}'", k.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let extra = format!(
        ", (SELECT COUNT(*) FROM project_participants x JOIN organisations xo ON xo.id = x.organisation_id \
         WHERE x.project_id = pr.id AND xo.kind IN ({public_kinds})) AS public_participants, pt.theme_id FROM projects pr"
    );
    sql.push(&format!(
        "{} LEFT JOIN project_themes pt ON pt.project_id = pr.id{where_clause} ORDER BY pr.sort_name, pr.id",
        crate::project::SELECT.replacen(" FROM projects pr", &extra, 1)
    ));
    let rows = folded(
        conn,
        sql,
        |r| {
            Ok(ProjectRow {
                record: crate::project::record_from_row(r, Vec::new())?,
                public_participants: r.try_get("public_participants")?,
            })
        },
        |p, r| {
            if let Some(theme) = r.try_get::<Option<i64>, _>("theme_id")? {
                p.record.data.theme_ids.push(theme);
            }
            Ok(())
        },
    );
    Ok(RowStream { total, rows })
}

/// A record whose joined links are complete: sorted as a single read gives them.
trait Complete {
    fn complete(&mut self);
}

impl Complete for OrganisationRecord {
    fn complete(&mut self) {
        self.data.theme_ids.sort_unstable();
    }
}

impl Complete for NetworkRecord {
    fn complete(&mut self) {
        self.data.theme_ids.sort_unstable();
    }
}

impl Complete for ProjectRow {
    fn complete(&mut self) {
        self.record.data.theme_ids.sort_unstable();
    }
}

impl Complete for PersonRow {
    fn complete(&mut self) {
        let mut links: Vec<(String, i64)> = self
            .organisation_names
            .drain(..)
            .zip(self.record.data.organisation_ids.drain(..))
            .collect();
        links.sort_by(|a, b| a.0.to_lowercase().cmp(&b.0.to_lowercase()).then(a.1.cmp(&b.1)));
        let (names, mut ids): (Vec<String>, Vec<i64>) = links.into_iter().unzip();
        self.organisation_names = names;
        ids.sort_unstable();
        self.record.data.organisation_ids = ids;
    }
}

/// Streams `sql` and folds consecutive rows with the same `id` into one record: `start`
/// makes it from its first row, `add` adds each row's joined link (the first row's too).
fn folded<'c, T: Complete + Send + 'c>(
    conn: &'c mut Conn,
    sql: Sql,
    start: fn(&AnyRow) -> crate::Result<T>,
    add: fn(&mut T, &AnyRow) -> crate::Result<()>,
) -> BoxStream<'c, crate::Result<T>> {
    struct State<'c, T> {
        rows: BoxStream<'c, Result<AnyRow, sqlx::Error>>,
        pending: Option<(i64, T)>,
        done: bool,
    }
    let state: State<'c, T> = State {
        rows: sql.query().fetch(conn),
        pending: None,
        done: false,
    };
    futures_util::stream::unfold(state, move |mut st| async move {
        if st.done {
            return None;
        }
        loop {
            let row = match st.rows.next().await {
                None => {
                    st.done = true;
                    return st.pending.take().map(|(_, mut record)| {
                        record.complete();
                        (Ok(record), st)
                    });
                }
                Some(Err(e)) => {
                    st.done = true;
                    return Some((Err(e.into()), st));
                }
                Some(Ok(row)) => row,
            };
            let step = (|| -> crate::Result<Option<T>> {
                let id: i64 = row.try_get("id")?;
                match &mut st.pending {
                    Some((pending_id, record)) if *pending_id == id => {
                        add(record, &row)?;
                        Ok(None)
                    }
                    _ => {
                        let mut record = start(&row)?;
                        add(&mut record, &row)?;
                        Ok(st.pending.replace((id, record)).map(|(_, mut previous)| {
                            previous.complete();
                            previous
                        }))
                    }
                }
            })();
            match step {
                Ok(None) => continue,
                Ok(Some(finished)) => return Some((Ok(finished), st)),
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
            }
        }
    })
    .boxed()
}
