//! Use cases of contact moments: record a call, e-mail or visit with an organisation.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::contact::{ContactInput, field};
use middenveld_domain::{Date, ErrorCode, Lang, LocalDateTime, Role, ValidationErrors};
use middenveld_store::contact::{self as store, ContactRecord};

impl Services {
    pub async fn add_contact(&self, actor: &Actor, organisation_id: i64, input: ContactInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let today: Date = LocalDateTime::now().date();
        let c = input.parse(today)?;
        let mut tx = self.db.begin().await?;
        if !middenveld_store::organisation::exists(&mut tx, organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        if let Some(p) = c.person_id
            && !middenveld_store::person::exists(&mut tx, p).await?
        {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::PERSON,
                ErrorCode::NotFound,
            )));
        }
        let id = store::insert(&mut tx, organisation_id, &c, &actor.name, &middenveld_store::now()).await?;
        audit::write(
            &mut tx,
            actor,
            crate::organisation::ENTITY,
            organisation_id,
            Action::Link,
            &audit::note("contactmoment", "", &c.label(Lang::Nl)),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn delete_contact(&self, actor: &Actor, id: i64) -> Result<i64> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::delete(&mut tx, id).await?;
        audit::write(
            &mut tx,
            actor,
            crate::organisation::ENTITY,
            before.organisation_id,
            Action::Link,
            &audit::note("contactmoment", &before.data.label(Lang::Nl), ""),
        )
        .await?;
        tx.commit().await?;
        Ok(before.organisation_id)
    }

    pub async fn contact(&self, actor: &Actor, id: i64) -> Result<ContactRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn contacts(&self, actor: &Actor, organisation_id: i64) -> Result<Vec<ContactRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        if !middenveld_store::organisation::exists(&mut conn, organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(store::of_organisation(&mut conn, organisation_id).await?)
    }
}
