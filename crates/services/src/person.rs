//! Use cases of people. Deleting a person erases their personal data, also from the audit log;
//! the data export gives everything held about them.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::erasure::Traces;
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

/// Audit entries in a person's data export, at most.
pub const DATA_AUDIT_LIMIT: i64 = 5000;

/// Everything held about one person; see [`Services::person_data`].
#[derive(Debug, Clone)]
pub struct PersonData {
    pub record: PersonRecord,
    pub organisations: Vec<(i64, String)>,
    pub memberships: Vec<MembershipRecord>,
    pub registrations: Vec<middenveld_store::event::RegistrationRecord>,
    pub contacts: Vec<middenveld_store::contact::ContactRecord>,
    /// Contact requests made through the public site with their e-mail address or name.
    pub referrals: Vec<middenveld_store::referral::ReferralRecord>,
    /// Their record's audit trail and other records' entries that name them, newest first.
    pub audit: Vec<middenveld_store::audit::AuditEntry>,
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

    /// Erases a person (AVG art. 17), in one transaction: the record and their links
    /// (memberships, registrations, organisations; contact moments stay with the
    /// organisation, without them), the values of their own audit trail, and every occurrence
    /// of their name, e-mail address or phone number in other records' audit values (the
    /// label of a membership or registration) and hand-written contact data. Who changed what
    /// and when stays. On SQLite the freed space is zeroed and the write-ahead log truncated
    /// afterwards, so the values do not stay behind in the file either. The public figures
    /// are recomputed.
    pub async fn delete_person(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let backend = self.db.backend;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let traces = Traces::of(&before.data);
        middenveld_store::erasure::begin_secure_delete(&mut tx, backend).await?;
        store::delete(&mut tx, id).await?;
        middenveld_store::audit::erase_values(&mut tx, ENTITY, id).await?;
        for entry in middenveld_store::audit::matching(&mut tx, &traces.like_patterns(), i64::MAX).await? {
            if let Some(scrubbed) = traces.scrub_changes(&entry.changes) {
                middenveld_store::audit::set_changes(&mut tx, entry.id, &scrubbed).await?;
            }
        }
        middenveld_store::erasure::scrub_texts(&mut tx, &traces).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Delete,
            &audit::note("persoonsgegevens", "", "gewist"),
        )
        .await?;
        middenveld_store::erasure::end_secure_delete(&mut tx, backend).await?;
        tx.commit().await?;
        self.cache.clear();
        match middenveld_store::erasure::checkpoint(&self.db).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!("erasure: the write-ahead log was in use and is truncated later"),
            Err(e) => tracing::warn!(error = %e, "erasure: write-ahead log not truncated"),
        }
        Ok(())
    }

    /// Everything the register holds about a person (AVG art. 15): their record,
    /// organisations, memberships, registrations, contact moments, contact requests made
    /// through the public site, and the audit entries of their record and of others that name
    /// them (at most [`DATA_AUDIT_LIMIT`], newest first).
    pub async fn person_data(&self, actor: &Actor, id: i64) -> Result<PersonData> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        let traces = Traces::of(&record.data);
        let mut audit = middenveld_store::audit::for_record(&mut conn, ENTITY, id, DATA_AUDIT_LIMIT).await?;
        let naming = middenveld_store::audit::matching(&mut conn, &traces.like_patterns(), DATA_AUDIT_LIMIT).await?;
        audit.extend(
            naming
                .into_iter()
                .filter(|e| !(e.entity == ENTITY && e.entity_id == id) && traces.mentioned_in(&e.changes)),
        );
        audit.sort_by_key(|e| std::cmp::Reverse(e.id));
        audit.truncate(usize::try_from(DATA_AUDIT_LIMIT).unwrap_or(usize::MAX));
        let email = record.data.email.as_ref().map(|e| e.as_str().to_string());
        Ok(PersonData {
            organisations: middenveld_store::organisation::names_of(&mut conn, &record.data.organisation_ids).await?,
            memberships: middenveld_store::network::memberships_of_member(
                &mut conn,
                middenveld_domain::network::Member::Person(id),
            )
            .await?,
            registrations: middenveld_store::event::registrations_of_person(&mut conn, id).await?,
            contacts: middenveld_store::contact::of_person(&mut conn, id).await?,
            referrals: middenveld_store::referral::of_visitor(&mut conn, email.as_deref(), &record.data.name).await?,
            audit,
            record,
        })
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
