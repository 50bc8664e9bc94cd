//! Writing audit entries inside the use case's transaction.

use crate::Actor;
use middenveld_domain::audit::{Change, Snapshot, diff};
use middenveld_store::Conn;
use middenveld_store::audit::{NewAuditEntry, insert};

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    /// A linked record (member, participant) was added, changed or removed.
    Link,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Create => "aangemaakt",
            Action::Update => "gewijzigd",
            Action::Delete => "verwijderd",
            Action::Link => "koppeling",
        }
    }
}

/// Records the change from `before` to `after`; an update that changes nothing is not logged.
pub async fn record(
    conn: &mut Conn,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    action: Action,
    before: &Snapshot,
    after: &Snapshot,
) -> crate::Result<()> {
    let changes = diff(before, after);
    if changes.is_empty() && action == Action::Update {
        return Ok(());
    }
    write(conn, actor, entity, entity_id, action, &changes).await
}

pub async fn write(
    conn: &mut Conn,
    actor: &Actor,
    entity: &str,
    entity_id: i64,
    action: Action,
    changes: &[Change],
) -> crate::Result<()> {
    let json = serde_json::to_string(changes).map_err(|e| crate::ServiceError::Internal(e.to_string()))?;
    let now = middenveld_store::now();
    insert(
        conn,
        &NewAuditEntry {
            at: &now,
            user_id: actor.user_id,
            user_name: &actor.name,
            entity,
            entity_id,
            action: action.code(),
            changes: json,
        },
    )
    .await?;
    Ok(())
}

/// A change list of one line, for link actions ("lid toegevoegd: Oost NL").
pub fn note(field: &str, old: &str, new: &str) -> Vec<Change> {
    vec![Change {
        field: field.to_string(),
        old: old.to_string(),
        new: new.to_string(),
    }]
}
