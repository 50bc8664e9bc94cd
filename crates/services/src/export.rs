//! Exports: every record of a list as filtered and sorted on screen. A task of its own reads
//! the records from the database and hands them over a small buffer, so the writer (CSV,
//! XLSX, JSON) sets the pace and a million records never sit in memory at once.

use crate::{Actor, Result, ServiceError, Services};
use futures_util::StreamExt;
use middenveld_domain::Role;
use middenveld_store::Conn;
use middenveld_store::export::{self as store, PersonRow, ProjectRow};
use middenveld_store::network::{MembershipRecord, NetworkFilter, NetworkRecord};
use middenveld_store::organisation::{OrganisationFilter, OrganisationRecord};
use middenveld_store::person::PersonFilter;
use middenveld_store::project::ProjectFilter;
use tokio::sync::{mpsc, oneshot};

/// Records read ahead of the writer.
const READ_AHEAD: usize = 256;

/// The records of an export, in list order; `total` is how many matched when it started.
pub struct Export<T> {
    pub total: i64,
    rows: mpsc::Receiver<Result<T>>,
}

impl<T> Export<T> {
    /// The next record; `None` at the end. An error ends the export.
    pub async fn next(&mut self) -> Option<Result<T>> {
        self.rows.recv().await
    }

    /// [`Export::next`] for a blocking thread (`tokio::task::spawn_blocking`).
    pub fn blocking_next(&mut self) -> Option<Result<T>> {
        self.rows.blocking_recv()
    }

    /// An export of records already read.
    fn of(items: Vec<T>) -> Export<T> {
        let (tx, rx) = mpsc::channel(items.len().max(1));
        let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
        for item in items {
            // Cannot fail: the channel has room for every item and its receiver is alive.
            let _ = tx.try_send(Ok(item));
        }
        Export { total, rows: rx }
    }
}

/// Starts a task that owns a pooled connection, opens the store stream with `$open` (an
/// expression using the connection `$conn`), and forwards its records. Answers once the
/// query has started (or failed), with the total.
macro_rules! spawn_export {
    ($services:expr, |$conn:ident| $open:expr) => {{
        let mut pooled = $services.db.conn().await?;
        let (started_tx, started_rx) = oneshot::channel::<Result<i64>>();
        let (tx, rx) = mpsc::channel(READ_AHEAD);
        tokio::spawn(async move {
            let $conn: &mut Conn = &mut pooled;
            match $open.await {
                Err(e) => {
                    let _ = started_tx.send(Err(e.into()));
                }
                Ok(stream) => {
                    let _ = started_tx.send(Ok(stream.total));
                    let mut rows = stream.rows;
                    while let Some(row) = rows.next().await {
                        let failed = row.is_err();
                        // A closed channel means the reader went away (download cancelled).
                        if tx.send(row.map_err(ServiceError::from)).await.is_err() || failed {
                            break;
                        }
                    }
                }
            }
        });
        let total = started_rx
            .await
            .map_err(|_| ServiceError::Internal("the export task ended before it started".into()))??;
        Ok(Export { total, rows: rx })
    }};
}

impl Services {
    pub async fn export_organisations(
        &self,
        actor: &Actor,
        filter: OrganisationFilter,
    ) -> Result<Export<OrganisationRecord>> {
        actor.require(Role::Viewer)?;
        let backend = self.db.backend;
        spawn_export!(self, |conn| store::organisations(conn, backend, &filter))
    }

    pub async fn export_people(&self, actor: &Actor, filter: PersonFilter) -> Result<Export<PersonRow>> {
        actor.require(Role::Viewer)?;
        let backend = self.db.backend;
        spawn_export!(self, |conn| store::people(conn, backend, &filter))
    }

    pub async fn export_networks(&self, actor: &Actor, filter: NetworkFilter) -> Result<Export<NetworkRecord>> {
        actor.require(Role::Viewer)?;
        spawn_export!(self, |conn| store::networks(conn, &filter))
    }

    pub async fn export_projects(&self, actor: &Actor, filter: ProjectFilter) -> Result<Export<ProjectRow>> {
        actor.require(Role::Viewer)?;
        spawn_export!(self, |conn| store::projects(conn, &filter))
    }

    /// The members of a network (a network has hundreds, not millions: read at once).
    pub async fn export_members(&self, actor: &Actor, network_id: i64) -> Result<Export<MembershipRecord>> {
        Ok(Export::of(self.memberships(actor, network_id).await?))
    }
}
