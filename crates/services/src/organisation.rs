//! Use cases of organisations.

use crate::audit::{self, Action};
use crate::{Actor, Existing, Result, ServiceError, Services};
use middenveld_domain::journey::{Implied, stage_change};
use middenveld_domain::organisation::{Organisation, OrganisationInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::network::MembershipRecord;
use middenveld_store::organisation::{self as store, OrganisationFilter, OrganisationRecord, OrganisationSummary};
use middenveld_store::project::ParticipantRecord;
use middenveld_store::{Conn, Page, reference, theme};

pub const ENTITY: &str = "organisatie";

/// Everything an organisation's page shows.
#[derive(Debug, Clone)]
pub struct OrganisationDetail {
    pub record: OrganisationRecord,
    pub themes: Vec<(i64, String)>,
    pub people: Vec<(i64, String, Option<String>)>,
    pub memberships: Vec<MembershipRecord>,
    pub projects: Vec<ParticipantRecord>,
    pub spin_offs: Vec<(i64, String, Option<String>)>,
    /// Registrations for events on its behalf, latest event first.
    pub registrations: Vec<middenveld_store::event::RegistrationRecord>,
    /// Support it received, latest first.
    pub support: Vec<middenveld_store::support::SupportRecord>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

/// Checks what the domain cannot: references exist, the KvK number is free.
async fn check(conn: &mut Conn, o: &Organisation, id: Option<i64>) -> Result<()> {
    let mut e = ValidationErrors::new();
    if let Some(m) = &o.municipality_code
        && !reference::municipality_exists(conn, m.as_str()).await?
    {
        e.add(field::MUNICIPALITY, ErrorCode::MunicipalityUnknown);
    }
    if let Some(parent) = o.spin_off_of {
        if Some(parent) == id {
            e.add(field::SPIN_OFF_OF, ErrorCode::SelfReference);
        } else if !store::exists(conn, parent).await? {
            e.add(field::SPIN_OFF_OF, ErrorCode::NotFound);
        }
    }
    if !theme::missing(conn, &o.theme_ids).await?.is_empty() {
        e.add(field::THEMES, ErrorCode::NotFound);
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    if let Some(kvk) = &o.kvk_number
        && let Some((existing_id, name)) = store::find_by_kvk(conn, kvk.as_str(), id).await?
    {
        return Err(ServiceError::Conflict {
            errors: ValidationErrors::one(field::KVK, ErrorCode::KvkDuplicate),
            existing: Some(Existing {
                collection: "organisaties",
                id: existing_id,
                name,
            }),
        });
    }
    Ok(())
}

impl Services {
    pub async fn create_organisation(&self, actor: &Actor, input: OrganisationInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let reason = input.stage_reason.clone();
        let o = input.parse()?;
        let change = stage_change(None, o.journey_stage, reason.as_deref(), Implied::FirstRegistration)?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &o, None).await?;
        let id = store::insert(&mut tx, &o, &middenveld_store::now()).await?;
        if let Some(c) = &change {
            crate::journey::record(&mut tx, actor, id, c).await?;
        }
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &o.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an organisation; a change of its journey stage needs a reason (`faseReden`).
    pub async fn update_organisation(&self, actor: &Actor, id: i64, input: OrganisationInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let reason = input.stage_reason.clone();
        let wanted =
            <middenveld_domain::JourneyStage as middenveld_domain::Coded>::optional(input.journey_stage.as_deref());
        let parsed = input.parse();
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        // Every refused field at once: the form's and a missing reason (an unknown stage is
        // the form's error, not a change).
        let stage = wanted.unwrap_or(before.data.journey_stage);
        let change = stage_change(before.data.journey_stage, stage, reason.as_deref(), Implied::None);
        let o = match (parsed, &change) {
            (Ok(o), Ok(_)) => o,
            (Err(mut e), Err(r)) => {
                e.0.extend(r.0.iter().cloned());
                return Err(ServiceError::Invalid(e));
            }
            (Err(e), _) => return Err(ServiceError::Invalid(e)),
            (_, Err(e)) => return Err(ServiceError::Invalid(e.clone())),
        };
        check(&mut tx, &o, Some(id)).await?;
        store::update(&mut tx, id, &o, &middenveld_store::now()).await?;
        if let Ok(Some(c)) = &change {
            crate::journey::record(&mut tx, actor, id, c).await?;
        }
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &o.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an organisation with its memberships and project participations.
    pub async fn delete_organisation(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn organisation(&self, actor: &Actor, id: i64) -> Result<OrganisationRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn organisation_detail(&self, actor: &Actor, id: i64) -> Result<OrganisationDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        let all_themes = theme::all_names(&mut conn).await?;
        let themes = all_themes
            .into_iter()
            .filter(|(tid, _)| record.data.theme_ids.contains(tid))
            .collect();
        Ok(OrganisationDetail {
            themes,
            people: middenveld_store::person::of_organisation(&mut conn, id).await?,
            memberships: middenveld_store::network::memberships_of_member(
                &mut conn,
                middenveld_domain::network::Member::Organisation(id),
            )
            .await?,
            projects: middenveld_store::project::projects_of_organisation(&mut conn, id).await?,
            spin_offs: store::spin_offs(&mut conn, id).await?,
            registrations: middenveld_store::event::registrations_of_organisation(&mut conn, id).await?,
            support: middenveld_store::support::of_organisation(&mut conn, id).await?,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn organisations(&self, actor: &Actor, filter: &OrganisationFilter) -> Result<Page<OrganisationSummary>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, self.db.backend, filter).await?)
    }

    /// (id, name) of organisations for select lists.
    pub async fn organisation_names(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::names(&mut conn, 2000).await?)
    }

    pub async fn municipalities(&self) -> Result<Vec<reference::Municipality>> {
        let mut conn = self.db.conn().await?;
        Ok(reference::municipalities(&mut conn).await?)
    }
}
