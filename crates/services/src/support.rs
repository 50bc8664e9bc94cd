//! Use cases of support records: record what a company received from which provider, move
//! its status along the workflow (applied → granted / rejected → paid → closed), with the
//! history of every status.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::SupportStatus;
use middenveld_domain::support::{Support, SupportInput, field};
use middenveld_domain::{ErrorCode, Euro, Role, ValidationErrors};
use middenveld_store::support::{self as store, StatusChange, SupportFilter, SupportRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "ondersteuning";

#[derive(Debug, Clone)]
pub struct SupportDetail {
    pub record: SupportRecord,
    pub statuses: Vec<StatusChange>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

/// A page of support records with the totals over every match.
#[derive(Debug, Clone)]
pub struct SupportPage {
    pub page: Page<SupportRecord>,
    pub requested: Euro,
    pub granted: Euro,
}

/// The organisation, provider and project a record names exist.
async fn check(conn: &mut Conn, s: &Support) -> Result<()> {
    let mut e = ValidationErrors::new();
    if !middenveld_store::organisation::exists(conn, s.organisation_id).await? {
        e.add(field::ORGANISATION, ErrorCode::NotFound);
    }
    if let Some(p) = s.provider_id
        && !middenveld_store::organisation::exists(conn, p).await?
    {
        e.add(field::PROVIDER, ErrorCode::NotFound);
    }
    if let Some(p) = s.project_id
        && !middenveld_store::project::exists(conn, p).await?
    {
        e.add(field::PROJECT, ErrorCode::NotFound);
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

impl Services {
    pub async fn create_support(&self, actor: &Actor, input: SupportInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let s = input.parse(None)?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &s).await?;
        let now = middenveld_store::now();
        let id = store::insert(&mut tx, &s, &now).await?;
        store::insert_status(&mut tx, id, None, s.status, crate::journey::by(actor), &now).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &s.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a record; its status may only move along the workflow.
    pub async fn update_support(&self, actor: &Actor, id: i64, input: SupportInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let s = input.parse(Some(before.data.status))?;
        check(&mut tx, &s).await?;
        let now = middenveld_store::now();
        store::update(&mut tx, id, &s, &now).await?;
        if s.status != before.data.status {
            store::insert_status(
                &mut tx,
                id,
                Some(before.data.status),
                s.status,
                crate::journey::by(actor),
                &now,
            )
            .await?;
        }
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &s.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a record to the next status of the workflow.
    pub async fn set_support_status(&self, actor: &Actor, id: i64, status: Option<&str>) -> Result<()> {
        actor.require(Role::Editor)?;
        let before = {
            let mut conn = self.db.conn().await?;
            store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?
        };
        if <SupportStatus as middenveld_domain::Coded>::optional(status)
            .ok()
            .flatten()
            .is_none()
        {
            let code = match status.map(str::trim).filter(|s| !s.is_empty()) {
                None => ErrorCode::Required,
                Some(_) => ErrorCode::UnknownValue,
            };
            return Err(ServiceError::Invalid(ValidationErrors::one(field::STATUS, code)));
        }
        let mut input = to_input(&before.data);
        input.status = status.map(str::to_string);
        self.update_support(actor, id, input).await
    }

    pub async fn delete_support(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn support(&self, actor: &Actor, id: i64) -> Result<SupportRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn support_detail(&self, actor: &Actor, id: i64) -> Result<SupportDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        Ok(SupportDetail {
            statuses: store::statuses(&mut conn, id).await?,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn supports(&self, actor: &Actor, filter: &SupportFilter) -> Result<SupportPage> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let (page, requested, granted) = store::list(&mut conn, filter).await?;
        Ok(SupportPage {
            page,
            requested,
            granted,
        })
    }

    pub async fn support_of(&self, actor: &Actor, organisation_id: i64) -> Result<Vec<SupportRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::of_organisation(&mut conn, organisation_id).await?)
    }
}

/// A stored record as input again (to change one field of it).
pub fn to_input(s: &Support) -> SupportInput {
    use middenveld_domain::Coded;
    SupportInput {
        organisation_id: Some(s.organisation_id),
        provider_id: s.provider_id,
        instrument: Some(s.instrument.code().to_string()),
        status: Some(s.status.code().to_string()),
        description: s.description.clone(),
        amount_requested: s.amount_requested.map(middenveld_domain::support::plain),
        amount_granted: s.amount_granted.map(middenveld_domain::support::plain),
        applied_on: s.applied_on.map(middenveld_domain::Date::iso),
        decided_on: s.decided_on.map(middenveld_domain::Date::iso),
        project_id: s.project_id,
    }
}
