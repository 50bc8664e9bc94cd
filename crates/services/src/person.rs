//! Use cases of people. Deleting a person erases their personal data, also from the audit log.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::person::{Person, PersonInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::network::MembershipRecord;
use middenveld_store::person::{self as store, PersonFilter, PersonRecord, PersonSummary};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "persoon";

#[derive(Debug, Clone)]
pub struct PersonDetail {
    pub record: PersonRecord,
    pub organisations: Vec<(i64, String)>,
    pub memberships: Vec<MembershipRecord>,
    /// Events registered for, latest first.
    pub registrations: Vec<middenveld_store::event::RegistrationRecord>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

async fn check(conn: &mut Conn, p: &Person) -> Result<()> {
    for id in &p.organisation_ids {
        if !middenveld_store::organisation::exists(conn, *id).await? {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::ORGANISATIONS,
                ErrorCode::NotFound,
            )));
        }
    }
    Ok(())
}

impl Services {
    pub async fn create_person(&self, actor: &Actor, input: PersonInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &p).await?;
        let id = store::insert(&mut tx, &p, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &p.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_person(&self, actor: &Actor, id: i64, input: PersonInput) -> Result<()> {
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

    /// Erases a person: the record, their links, and the personal values in their audit trail
    /// (who changed what and when stays; the values do not).
    pub async fn delete_person(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::delete(&mut tx, id).await?;
        middenveld_store::audit::erase_values(&mut tx, ENTITY, id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Delete,
            &audit::note("persoonsgegevens", "", "gewist"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn person_detail(&self, actor: &Actor, id: i64) -> Result<PersonDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        Ok(PersonDetail {
            organisations: middenveld_store::organisation::names_of(&mut conn, &record.data.organisation_ids).await?,
            memberships: middenveld_store::network::memberships_of_member(
                &mut conn,
                middenveld_domain::network::Member::Person(id),
            )
            .await?,
            registrations: middenveld_store::event::registrations_of_person(&mut conn, id).await?,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn person(&self, actor: &Actor, id: i64) -> Result<PersonRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn people(&self, actor: &Actor, filter: &PersonFilter) -> Result<Page<PersonSummary>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, self.db.backend, filter).await?)
    }

    pub async fn person_names(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::names(&mut conn, 2000).await?)
    }
}
