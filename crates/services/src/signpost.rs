//! Use cases of the signpost: keep the directory of partner offers, and answer "where do I go
//! with this question, at this stage, in this sector?".

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::{JourneyStage, QuestionKind, Sector};
use middenveld_domain::signpost::{OfferInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::signpost::{self as store, OfferRecord};

pub const ENTITY: &str = "aanbod";

impl Services {
    pub async fn create_offer(&self, actor: &Actor, input: OfferInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let f = input.parse()?;
        let mut tx = self.db.begin().await?;
        if !middenveld_store::organisation::exists(&mut tx, f.partner_id).await? {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::PARTNER,
                ErrorCode::NotFound,
            )));
        }
        let id = store::insert(&mut tx, &f, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &f.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_offer(&self, actor: &Actor, id: i64, input: OfferInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let f = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        if !middenveld_store::organisation::exists(&mut tx, f.partner_id).await? {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::PARTNER,
                ErrorCode::NotFound,
            )));
        }
        store::update(&mut tx, id, &f, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &f.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_offer(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn offer(&self, actor: &Actor, id: i64) -> Result<OfferRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn offers(&self, actor: &Actor, kind: Option<QuestionKind>) -> Result<Vec<OfferRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, kind).await?)
    }

    /// The partners to go to with a question, the most specific offer first. The signpost is
    /// public: an offer names a partner organisation, never a person.
    pub async fn signpost(
        &self,
        kind: QuestionKind,
        stage: Option<JourneyStage>,
        sector: Option<Sector>,
    ) -> Result<Vec<OfferRecord>> {
        let mut conn = self.db.conn().await?;
        let mut fitting: Vec<OfferRecord> = store::list(&mut conn, Some(kind))
            .await?
            .into_iter()
            .filter(|o| o.data.fits(kind, stage, sector))
            .collect();
        fitting.sort_by_key(|o| o.data.rank());
        Ok(fitting)
    }
}
