//! Use cases of events and registrations: plan an event, register people, record attendance
//! once it has begun, and the iCalendar feed of what is coming.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::Coded;
use middenveld_domain::event::{Event, EventInput, RegistrationInput, field};
use middenveld_domain::ical::{self, CalendarEvent};
use middenveld_domain::{ErrorCode, Lang, LocalDateTime, Role, ValidationErrors};
use middenveld_store::event::{self as store, EventFilter, EventRecord, RegistrationRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "evenement";

/// The most events one feed carries.
const FEED_LIMIT: i64 = 500;

#[derive(Debug, Clone)]
pub struct EventDetail {
    pub record: EventRecord,
    pub registrations: Vec<RegistrationRecord>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

fn invalid(field: &'static str, code: ErrorCode) -> ServiceError {
    ServiceError::Invalid(ValidationErrors::one(field, code))
}

/// The organiser and network an event names exist.
async fn check(conn: &mut Conn, e: &Event) -> Result<()> {
    let mut errors = ValidationErrors::new();
    if let Some(o) = e.organiser_id
        && !middenveld_store::organisation::exists(conn, o).await?
    {
        errors.add(field::ORGANISER, ErrorCode::NotFound);
    }
    if let Some(n) = e.network_id
        && !middenveld_store::network::exists(conn, n).await?
    {
        errors.add(field::NETWORK, ErrorCode::NotFound);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

/// Writes a checked event with its audit entry, in the caller's transaction.
pub(crate) async fn insert_event(conn: &mut Conn, actor: &Actor, e: &Event) -> Result<i64> {
    check(conn, e).await?;
    let id = store::insert(conn, e, &middenveld_store::now()).await?;
    audit::record(conn, actor, ENTITY, id, Action::Create, &vec![], &e.snapshot()).await?;
    Ok(id)
}

/// "Name (status)" of a registration, for the audit trail.
fn label(r: &Option<RegistrationRecord>) -> String {
    r.as_ref()
        .map(|r| format!("{} ({})", r.person_name, r.data.status.label(Lang::Nl)))
        .unwrap_or_default()
}

impl Services {
    pub async fn create_event(&self, actor: &Actor, input: EventInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let e = input.parse()?;
        let mut tx = self.db.begin().await?;
        let id = insert_event(&mut tx, actor, &e).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an event. Moving it into the future is refused while attendance is recorded.
    pub async fn update_event(&self, actor: &Actor, id: i64, input: EventInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let e = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        check(&mut tx, &e).await?;
        if !e.has_begun(LocalDateTime::now())
            && store::registrations(&mut tx, id)
                .await?
                .iter()
                .any(|r| r.data.status != middenveld_domain::RegistrationStatus::Registered)
        {
            return Err(invalid(field::START, ErrorCode::AttendanceBeforeStart));
        }
        store::update(&mut tx, id, &e, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &e.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_event(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn event(&self, actor: &Actor, id: i64) -> Result<EventRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn event_detail(&self, actor: &Actor, id: i64) -> Result<EventDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        Ok(EventDetail {
            registrations: store::registrations(&mut conn, id).await?,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn events(&self, actor: &Actor, filter: &EventFilter) -> Result<Page<EventRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }

    pub async fn registrations(&self, actor: &Actor, event_id: i64) -> Result<Vec<RegistrationRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, event_id).await?.ok_or(ServiceError::NotFound)?;
        Ok(store::registrations(&mut conn, event_id).await?)
    }

    /// The events a person registered for, and those registered on behalf of an organisation.
    pub async fn registrations_of(
        &self,
        actor: &Actor,
        person_id: Option<i64>,
        organisation_id: Option<i64>,
    ) -> Result<Vec<RegistrationRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let mut out = Vec::new();
        if let Some(p) = person_id {
            out.extend(store::registrations_of_person(&mut conn, p).await?);
        }
        if let Some(o) = organisation_id {
            out.extend(store::registrations_of_organisation(&mut conn, o).await?);
        }
        Ok(out)
    }

    /// Registers a person for an event, or changes their registration (organisation, status:
    /// attended or no-show only once the event has begun).
    pub async fn set_registration(&self, actor: &Actor, event_id: i64, input: RegistrationInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let event = store::get(&mut tx, event_id).await?.ok_or(ServiceError::NotFound)?;
        let r = input.parse(&event.data, LocalDateTime::now())?;
        if !middenveld_store::person::exists(&mut tx, r.person_id).await? {
            return Err(invalid(field::PERSON, ErrorCode::NotFound));
        }
        if let Some(o) = r.organisation_id
            && !middenveld_store::organisation::exists(&mut tx, o).await?
        {
            return Err(invalid(field::ORGANISATION, ErrorCode::NotFound));
        }
        let before = store::get_registration(&mut tx, event_id, r.person_id).await?;
        store::upsert_registration(&mut tx, event_id, &r, &middenveld_store::now()).await?;
        let after = store::get_registration(&mut tx, event_id, r.person_id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            event_id,
            Action::Link,
            &audit::note("registratie", &label(&before), &label(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_registration(&self, actor: &Actor, event_id: i64, person_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get_registration(&mut tx, event_id, person_id).await?;
        if before.is_none() {
            return Err(ServiceError::NotFound);
        }
        store::delete_registration(&mut tx, event_id, person_id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            event_id,
            Action::Link,
            &audit::note("registratie", &label(&before), ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The iCalendar feed (RFC 5545) of events that have not ended, for any calendar client.
    /// Public: it shows what the events list shows to anyone, no registrations.
    pub async fn event_feed(&self, lang: Lang) -> Result<String> {
        let mut conn = self.db.conn().await?;
        let records = store::calendar(&mut conn, LocalDateTime::now(), FEED_LIMIT).await?;
        let events: Vec<CalendarEvent> = records
            .iter()
            .map(|r| CalendarEvent {
                uid: format!("evenement-{}@middenveld", r.id),
                summary: r.data.name.clone(),
                description: feed_description(r, lang),
                location: r.data.location.clone(),
                url: r.data.website.clone(),
                start: r.data.starts_at.0,
                end: r.data.ends_at.map(|e| e.0),
                last_modified: middenveld_domain::Timestamp::parse(&r.updated_at)
                    .map(|t| t.0)
                    .unwrap_or_else(|_| time::OffsetDateTime::now_utc()),
            })
            .collect();
        let name = match lang {
            Lang::Nl => "Middenveld: evenementen",
            Lang::En => "Middenveld: events",
        };
        Ok(ical::calendar(name, &events, time::OffsetDateTime::now_utc()))
    }
}

/// The kind, organiser and description of an event, as the feed's DESCRIPTION.
fn feed_description(r: &EventRecord, lang: Lang) -> Option<String> {
    let mut lines = vec![r.data.kind.label(lang).to_string()];
    if let Some(o) = &r.organiser_name {
        lines.push(match lang {
            Lang::Nl => format!("Organisator: {o}"),
            Lang::En => format!("Organiser: {o}"),
        });
    }
    if let Some(d) = &r.data.description {
        lines.push(String::new());
        lines.push(d.clone());
    }
    Some(lines.join("\n"))
}
