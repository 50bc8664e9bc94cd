//! Use cases of projects and their participants; the consortium kind is derived.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::{Coded, ConsortiumKind};
use middenveld_domain::project::{ParticipantInput, Project, ProjectInput, consortium_kind, field};
use middenveld_domain::{ErrorCode, Lang, Role, ValidationErrors};
use middenveld_store::project::{self as store, ParticipantRecord, ProjectFilter, ProjectRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "project";

#[derive(Debug, Clone)]
pub struct ProjectDetail {
    pub record: ProjectRecord,
    pub themes: Vec<(i64, String)>,
    pub participants: Vec<ParticipantRecord>,
    pub consortium: Option<ConsortiumKind>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

async fn check(conn: &mut Conn, p: &Project) -> Result<()> {
    let mut e = ValidationErrors::new();
    if let Some(n) = p.network_id
        && !middenveld_store::network::exists(conn, n).await?
    {
        e.add(field::NETWORK, ErrorCode::NotFound);
    }
    if !middenveld_store::theme::missing(conn, &p.theme_ids).await?.is_empty() {
        e.add(field::THEMES, ErrorCode::NotFound);
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

impl Services {
    pub async fn create_project(&self, actor: &Actor, input: ProjectInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &p).await?;
        let id = store::insert(&mut tx, &p, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &p.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_project(&self, actor: &Actor, id: i64, input: ProjectInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        check(&mut tx, &p).await?;
        store::update(&mut tx, id, &p, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &p.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_project(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::delete(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Delete,
            &before.data.snapshot(),
            &vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn project(&self, actor: &Actor, id: i64) -> Result<ProjectRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn project_detail(&self, actor: &Actor, id: i64) -> Result<ProjectDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        let participants = store::participants(&mut conn, id).await?;
        let kinds: Vec<_> = participants.iter().map(|p| p.organisation_kind).collect();
        let themes = middenveld_store::theme::all_names(&mut conn)
            .await?
            .into_iter()
            .filter(|(t, _)| record.data.theme_ids.contains(t))
            .collect();
        Ok(ProjectDetail {
            themes,
            consortium: consortium_kind(&kinds),
            participants,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn projects(&self, actor: &Actor, filter: &ProjectFilter) -> Result<Page<ProjectRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }

    pub async fn participants(&self, actor: &Actor, project_id: i64) -> Result<Vec<ParticipantRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        if !store::exists(&mut conn, project_id).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(store::participants(&mut conn, project_id).await?)
    }

    /// Adds an organisation to a project, or changes its role when it already takes part.
    pub async fn set_participant(&self, actor: &Actor, project_id: i64, input: ParticipantInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        if !store::exists(&mut tx, project_id).await? {
            return Err(ServiceError::NotFound);
        }
        if !middenveld_store::organisation::exists(&mut tx, p.organisation_id).await? {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::ORGANISATION,
                ErrorCode::NotFound,
            )));
        }
        let before = store::get_participant(&mut tx, project_id, p.organisation_id).await?;
        store::upsert_participant(&mut tx, project_id, &p).await?;
        let after = store::get_participant(&mut tx, project_id, p.organisation_id).await?;
        let label = |r: &Option<ParticipantRecord>| {
            r.as_ref()
                .map(|r| format!("{} ({})", r.organisation_name, r.data.role.label(Lang::Nl)))
                .unwrap_or_default()
        };
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            project_id,
            Action::Link,
            &audit::note("deelnemer", &label(&before), &label(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_participant(&self, actor: &Actor, project_id: i64, organisation_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get_participant(&mut tx, project_id, organisation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        store::delete_participant(&mut tx, project_id, organisation_id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            project_id,
            Action::Link,
            &audit::note("deelnemer", &before.organisation_name, ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
