//! Use cases of launching-customer cases.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::LaunchingStatus;
use middenveld_domain::launching::{CaseInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::launching::{self as store, CaseRecord};

pub const ENTITY: &str = "launching-customer";

impl Services {
    pub async fn create_case(&self, actor: &Actor, input: CaseInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let c = input.parse()?;
        let mut tx = self.db.begin().await?;
        let id = store::insert(&mut tx, &c, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &c.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_case(&self, actor: &Actor, id: i64, input: CaseInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let c = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::update(&mut tx, id, &c, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &c.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_case(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn case(&self, actor: &Actor, id: i64) -> Result<CaseRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn case_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?)
    }

    pub async fn cases(&self, actor: &Actor, status: Option<LaunchingStatus>) -> Result<Vec<CaseRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, status).await?)
    }

    /// Adds a supplier to a case (again: nothing changes).
    pub async fn add_case_supplier(&self, actor: &Actor, id: i64, organisation_id: Option<i64>) -> Result<()> {
        actor.require(Role::Editor)?;
        let organisation_id = organisation_id
            .ok_or_else(|| ServiceError::Invalid(ValidationErrors::one(field::SUPPLIER, ErrorCode::Required)))?;
        let mut tx = self.db.begin().await?;
        store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let org = middenveld_store::organisation::get(&mut tx, organisation_id)
            .await?
            .ok_or_else(|| ServiceError::Invalid(ValidationErrors::one(field::SUPPLIER, ErrorCode::NotFound)))?;
        if store::add_supplier(&mut tx, id, organisation_id).await? {
            audit::write(
                &mut tx,
                actor,
                ENTITY,
                id,
                Action::Link,
                &audit::note("leverancier", "", &org.data.name),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_case_supplier(&self, actor: &Actor, id: i64, organisation_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        if !store::remove_supplier(&mut tx, id, organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Link,
            &audit::note("leverancier", &organisation_id.to_string(), ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
