//! Use cases of Tracks: plan one with its sessions, enrol companies (alone or as a chain),
//! complete it (a follow-up task per company, due N weeks after the last session), and record
//! the outcome of the follow-up call, which moves the company's journey stage or refers it on.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::{Coded, EventKind, QuestionKind, ReferralStatus};
use middenveld_domain::event::EventInput;
use middenveld_domain::journey::{Implied, stage_change};
use middenveld_domain::referral::Referral;
use middenveld_domain::track::{CallInput, Track, TrackInput, field};
use middenveld_domain::{Date, ErrorCode, Lang, Role, ValidationErrors, text};
use middenveld_store::track::{self as store, Enrolment, TaskFilter, TaskRecord, TrackRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "track";

#[derive(Debug, Clone)]
pub struct TrackDetail {
    pub record: TrackRecord,
    pub sessions: Vec<(
        i64,
        String,
        middenveld_domain::LocalDateTime,
        Option<middenveld_domain::LocalDateTime>,
    )>,
    pub enrolments: Vec<Enrolment>,
    pub tasks: Vec<TaskRecord>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

fn invalid(f: &'static str, code: ErrorCode) -> ServiceError {
    ServiceError::Invalid(ValidationErrors::one(f, code))
}

async fn check(conn: &mut Conn, t: &Track) -> Result<()> {
    if let Some(p) = t.provider_id
        && !middenveld_store::organisation::exists(conn, p).await?
    {
        return Err(invalid(field::PROVIDER, ErrorCode::NotFound));
    }
    Ok(())
}

impl Services {
    pub async fn create_track(&self, actor: &Actor, input: TrackInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let t = input.parse()?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &t).await?;
        let id = store::insert(&mut tx, &t, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &t.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_track(&self, actor: &Actor, id: i64, input: TrackInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let t = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        check(&mut tx, &t).await?;
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

    /// Deletes a Track with its enrolments; its sessions stay as events, its tasks as tasks.
    pub async fn delete_track(&self, actor: &Actor, id: i64) -> Result<()> {
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

    pub async fn track(&self, actor: &Actor, id: i64) -> Result<TrackRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn track_detail(&self, actor: &Actor, id: i64) -> Result<TrackDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        Ok(TrackDetail {
            sessions: store::sessions(&mut conn, id).await?,
            enrolments: store::enrolments(&mut conn, id).await?,
            tasks: store::tasks(
                &mut conn,
                &TaskFilter {
                    include_done: true,
                    track_id: Some(id),
                    paging: middenveld_store::Paging::all(),
                    ..Default::default()
                },
            )
            .await?
            .items,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn tracks(
        &self,
        actor: &Actor,
        name_contains: Option<&str>,
        provider_id: Option<i64>,
        paging: middenveld_store::Paging,
    ) -> Result<Page<TrackRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, name_contains, provider_id, paging).await?)
    }

    /// Plans a session of a Track: an event of kind "tracksessie" unless another kind is given.
    pub async fn add_session(&self, actor: &Actor, track_id: i64, mut input: EventInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let track = self.track(actor, track_id).await?;
        if input.kind.as_deref().is_none_or(|k| k.trim().is_empty()) {
            input.kind = Some(EventKind::TrackSession.code().to_string());
        }
        if input.organiser_id.is_none() {
            input.organiser_id = track.data.provider_id;
        }
        let event = input.parse()?;
        // One transaction: the event and its place in the Track, or neither.
        let mut tx = self.db.begin().await?;
        let event_id = crate::event::insert_event(&mut tx, actor, &event).await?;
        store::attach_session(&mut tx, event_id, track_id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            track_id,
            Action::Link,
            &audit::note("sessie", "", &event_id.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(event_id)
    }

    /// Enrols a company; companies enrolling together share a chain name.
    pub async fn enrol(
        &self,
        actor: &Actor,
        track_id: i64,
        organisation_id: Option<i64>,
        chain: Option<&str>,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let organisation_id = organisation_id.ok_or_else(|| invalid(field::ORGANISATION, ErrorCode::Required))?;
        let chain = text::optional(chain, 100).map_err(|c| invalid(field::CHAIN, c))?;
        let mut tx = self.db.begin().await?;
        store::get(&mut tx, track_id).await?.ok_or(ServiceError::NotFound)?;
        if !middenveld_store::organisation::exists(&mut tx, organisation_id).await? {
            return Err(invalid(field::ORGANISATION, ErrorCode::NotFound));
        }
        store::enrol(
            &mut tx,
            track_id,
            organisation_id,
            chain.as_deref(),
            &middenveld_store::now(),
        )
        .await?;
        let name = middenveld_store::organisation::get(&mut tx, organisation_id)
            .await?
            .map(|o| o.data.name)
            .unwrap_or_default();
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            track_id,
            Action::Link,
            &audit::note("deelnemer", "", &name),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn unenrol(&self, actor: &Actor, track_id: i64, organisation_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        if !store::unenrol(&mut tx, track_id, organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            track_id,
            Action::Link,
            &audit::note("deelnemer", &organisation_id.to_string(), ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Completes a Track: each enrolled company gets its follow-up call, due the Track's weeks
    /// after the last session (once; completing again adds only what is missing). The number
    /// of tasks added.
    pub async fn complete_track(&self, actor: &Actor, track_id: i64) -> Result<u64> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let track = store::get(&mut tx, track_id).await?.ok_or(ServiceError::NotFound)?;
        let last = store::sessions(&mut tx, track_id)
            .await?
            .iter()
            .map(|(_, _, start, end)| end.unwrap_or(*start).date())
            .max()
            .ok_or_else(|| invalid("sessies", ErrorCode::NoSessions))?;
        let due: Date = track.data.follow_up_due(last);
        let now = middenveld_store::now();
        let title = format!("Opvolggesprek na {}", track.data.name);
        let mut added = 0;
        for e in store::enrolments(&mut tx, track_id).await? {
            if store::add_follow_up(
                &mut tx,
                e.organisation_id,
                track_id,
                &title,
                due,
                Some(&actor.name),
                &now,
            )
            .await?
            {
                added += 1;
            }
        }
        store::set_completed(&mut tx, track_id, &now).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            track_id,
            Action::Update,
            &audit::note("afgerond", "", &format!("{added} opvolgtaken")),
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    pub async fn tasks(&self, actor: &Actor, filter: &TaskFilter) -> Result<Page<TaskRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::tasks(&mut conn, filter).await?)
    }

    pub async fn task(&self, actor: &Actor, id: i64) -> Result<TaskRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get_task(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    /// Records the outcome of a follow-up call: the task is done, the company's stage moves
    /// as the outcome says (with the call as its reason), and "referred" refers it to the
    /// partner. One transaction.
    pub async fn complete_task(&self, actor: &Actor, id: i64, input: CallInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let call = input.parse()?;
        let mut tx = self.db.begin().await?;
        let task = store::get_task(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        if task.done_at.is_some() {
            return Err(invalid(field::OUTCOME, ErrorCode::AlreadyDone));
        }
        if let Some(p) = call.partner_id
            && !middenveld_store::organisation::exists(&mut tx, p).await?
        {
            return Err(invalid(field::PARTNER, ErrorCode::NotFound));
        }
        let now = middenveld_store::now();
        store::complete_task(&mut tx, id, call.outcome, call.note.as_deref(), &actor.name, &now).await?;
        let org = middenveld_store::organisation::get(&mut tx, task.organisation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let reason = format!("{}: {}", task.title, call.outcome.label(Lang::Nl));
        if let Some(to) = call.outcome.stage()
            && let Ok(Some(change)) = stage_change(org.data.journey_stage, Some(to), Some(&reason), Implied::None)
        {
            middenveld_store::journey::set_stage(&mut tx, task.organisation_id, Some(to), &now).await?;
            crate::journey::record(&mut tx, actor, task.organisation_id, &change).await?;
        }
        if let Some(partner) = call.partner_id {
            let track = match task.track_id {
                Some(t) => store::get(&mut tx, t).await?,
                None => None,
            };
            let referral = Referral {
                company_id: Some(task.organisation_id),
                from_id: track.and_then(|t| t.data.provider_id),
                to_id: partner,
                kind: QuestionKind::Other,
                question: call.note.clone().unwrap_or_else(|| reason.clone()),
                status: ReferralStatus::Open,
                outcome: None,
            };
            let rid = middenveld_store::referral::insert(&mut tx, &referral, &actor.name, &now).await?;
            audit::record(
                &mut tx,
                actor,
                crate::referral::ENTITY,
                rid,
                Action::Create,
                &vec![],
                &referral.snapshot(),
            )
            .await?;
        }
        audit::write(
            &mut tx,
            actor,
            crate::organisation::ENTITY,
            task.organisation_id,
            Action::Update,
            &audit::note("opvolging", "", &reason),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
