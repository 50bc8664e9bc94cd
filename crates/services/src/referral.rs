//! Use cases of referrals: a partner refers a company's question to another partner, which
//! takes it up from its queue and closes it with an outcome.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::referral::{Referral, ReferralInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::referral::{self as store, ReferralFilter, ReferralRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "doorverwijzing";

#[derive(Debug, Clone)]
pub struct ReferralDetail {
    pub record: ReferralRecord,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

/// The company and partners a referral names exist.
async fn check(conn: &mut Conn, r: &Referral) -> Result<()> {
    let mut e = ValidationErrors::new();
    for (f, id) in [
        (field::COMPANY, r.company_id),
        (field::FROM, r.from_id),
        (field::TO, Some(r.to_id)),
    ] {
        if let Some(id) = id
            && !middenveld_store::organisation::exists(conn, id).await?
        {
            e.add(f, ErrorCode::NotFound);
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

impl Services {
    pub async fn create_referral(&self, actor: &Actor, input: ReferralInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let r = input.parse(None)?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &r).await?;
        let id = store::insert(&mut tx, &r, &actor.name, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &r.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_referral(&self, actor: &Actor, id: i64, input: ReferralInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        // A visitor's contact request stays one: it needs no company in the register.
        let input = ReferralInput {
            visitor_request: input.visitor_request || before.visitor.is_some(),
            ..input
        };
        let r = input.parse(Some(before.data.status))?;
        check(&mut tx, &r).await?;
        store::update(&mut tx, id, &r, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &r.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a referral up or closes it, with the outcome so far.
    pub async fn set_referral_status(
        &self,
        actor: &Actor,
        id: i64,
        status: Option<&str>,
        outcome: Option<&str>,
    ) -> Result<()> {
        let before = self.referral(actor, id).await?;
        let d = &before.data;
        let input = ReferralInput {
            company_id: d.company_id,
            from_id: d.from_id,
            to_id: Some(d.to_id),
            kind: Some(middenveld_domain::Coded::code(d.kind).to_string()),
            question: Some(d.question.clone()),
            status: Some(status.unwrap_or_default().to_string()).filter(|s| !s.trim().is_empty()),
            outcome: outcome.map(str::to_string).or(d.outcome.clone()),
            visitor_request: before.visitor.is_some(),
        };
        if input.status.is_none() {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::STATUS,
                ErrorCode::Required,
            )));
        }
        self.update_referral(actor, id, input).await
    }

    pub async fn delete_referral(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn referral(&self, actor: &Actor, id: i64) -> Result<ReferralRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn referral_detail(&self, actor: &Actor, id: i64) -> Result<ReferralDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        Ok(ReferralDetail {
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn referrals(&self, actor: &Actor, filter: &ReferralFilter) -> Result<Page<ReferralRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }
}
