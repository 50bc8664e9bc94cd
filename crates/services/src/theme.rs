//! Use cases of themes.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::theme::{ThemeInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::Page;
use middenveld_store::theme::{self as store, ThemeFilter, ThemeRecord};

pub const ENTITY: &str = "thema";

impl Services {
    pub async fn create_theme(&self, actor: &Actor, input: ThemeInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let t = input.parse()?;
        let mut tx = self.db.begin().await?;
        if store::find_by_name(&mut tx, &t.name, None).await?.is_some() {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::NAME,
                ErrorCode::NameTaken,
            )));
        }
        let id = store::insert(&mut tx, &t, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &t.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_theme(&self, actor: &Actor, id: i64, input: ThemeInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let t = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        if store::find_by_name(&mut tx, &t.name, Some(id)).await?.is_some() {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::NAME,
                ErrorCode::NameTaken,
            )));
        }
        store::update(&mut tx, id, &t, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &t.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_theme(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        crate::accountability::refuse_if_counted(&mut tx, middenveld_store::accountability::IndicatorTarget::Theme(id))
            .await?;
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

    pub async fn theme(&self, actor: &Actor, id: i64) -> Result<ThemeRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn themes(&self, actor: &Actor, filter: &ThemeFilter) -> Result<Page<ThemeRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }

    pub async fn theme_names(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::all_names(&mut conn).await?)
    }

    pub async fn theme_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?)
    }
}
