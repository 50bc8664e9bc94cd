//! The entrepreneur's journey: stage changes with who, when and why; an organisation's
//! timeline (stage changes, events, memberships, in one list); the funnel of how many
//! organisations are at each stage and how many moved in a period. All computed from the
//! register by queries, never stored twice.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::{Coded, JourneyStage};
use middenveld_domain::journey::{self as rules, Implied, StageChange};
use middenveld_domain::{Date, Lang, LocalDateTime, Role, Timestamp};
use middenveld_store::Conn;
use middenveld_store::journey::{self as store, By, FunnelFilter, StageChangeRecord};

/// Who an actor is, for the stage history.
pub(crate) fn by(actor: &Actor) -> By<'_> {
    By {
        user_id: actor.user_id,
        user_name: &actor.name,
    }
}

/// Records a stage change of an organisation (the stage itself is written by the caller).
pub(crate) async fn record(conn: &mut Conn, actor: &Actor, organisation_id: i64, change: &StageChange) -> Result<()> {
    store::insert(conn, organisation_id, change, by(actor), &middenveld_store::now()).await?;
    Ok(())
}

/// One line of an organisation's timeline.
#[derive(Debug, Clone)]
pub struct TimelineItem {
    /// Sorts the timeline (ISO date or time; later is larger).
    pub key: String,
    /// When, as shown: a Dutch date or date and time.
    pub when: String,
    pub what: TimelineKind,
    pub text: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    Stage,
    Event,
    Membership,
    Support,
    Referral,
    Track,
    Contact,
    Registered,
}

impl TimelineKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TimelineKind::Stage => lang.pick("Fase", "Stage"),
            TimelineKind::Event => lang.pick("Evenement", "Event"),
            TimelineKind::Membership => lang.pick("Netwerk", "Network"),
            TimelineKind::Support => lang.pick("Ondersteuning", "Support"),
            TimelineKind::Referral => lang.pick("Doorverwijzing", "Referral"),
            TimelineKind::Track => lang.pick("Track", "Track"),
            TimelineKind::Contact => lang.pick("Contactmoment", "Contact"),
            TimelineKind::Registered => lang.pick("Geregistreerd", "Registered"),
        }
    }
}

/// The funnel: organisations per stage now, and moves between stages in a period.
#[derive(Debug, Clone)]
pub struct Funnel {
    /// Every stage in journey order, then "no stage" (None), with its number.
    pub stages: Vec<(Option<JourneyStage>, i64)>,
    pub total: i64,
    /// (from, to, number) in the period; to None means the stage was cleared.
    pub moves: Vec<(JourneyStage, Option<JourneyStage>, i64)>,
    /// Moves to a later stage, to an earlier one.
    pub forward: i64,
    pub backward: i64,
    /// Follow-up calls past their due date.
    pub overdue: i64,
}

fn stage_text(s: Option<JourneyStage>, lang: Lang) -> &'static str {
    s.map(|s| s.label(lang)).unwrap_or(lang.pick("geen", "none"))
}

fn order(s: Option<JourneyStage>) -> usize {
    s.and_then(|s| JourneyStage::ALL.iter().position(|x| *x == s))
        .unwrap_or(JourneyStage::ALL.len())
}

impl Services {
    /// Moves an organisation to another stage (or none), saying why.
    pub async fn change_stage(
        &self,
        actor: &Actor,
        organisation_id: i64,
        stage: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let to = JourneyStage::optional(stage)
            .map_err(|c| ServiceError::Invalid(middenveld_domain::ValidationErrors::one(rules::STAGE, c)))?;
        let mut tx = self.db.begin().await?;
        let before = middenveld_store::organisation::get(&mut tx, organisation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let Some(change) = rules::stage_change(before.data.journey_stage, to, reason, Implied::None)? else {
            return Ok(());
        };
        let now = middenveld_store::now();
        store::set_stage(&mut tx, organisation_id, to, &now).await?;
        record(&mut tx, actor, organisation_id, &change).await?;
        let changes = audit::note(
            middenveld_domain::organisation::field::STAGE,
            change.from.map(Coded::code).unwrap_or_default(),
            change.to.map(Coded::code).unwrap_or_default(),
        );
        audit::write(
            &mut tx,
            actor,
            crate::organisation::ENTITY,
            organisation_id,
            Action::Update,
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn stage_history(&self, actor: &Actor, organisation_id: i64) -> Result<Vec<StageChangeRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        if !middenveld_store::organisation::exists(&mut conn, organisation_id).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(store::changes_of(&mut conn, organisation_id).await?)
    }

    /// Everything that happened to an organisation, latest first: stage changes (who, why),
    /// events its people attended or registered for, network memberships, its registration.
    pub async fn timeline(&self, actor: &Actor, organisation_id: i64, lang: Lang) -> Result<Vec<TimelineItem>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let org = middenveld_store::organisation::get(&mut conn, organisation_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut items = Vec::new();
        let moment = |at: &str| {
            Timestamp::parse(at)
                .map(|t| t.dutch())
                .unwrap_or_else(|_| at.to_string())
        };
        for c in store::changes_of(&mut conn, organisation_id).await? {
            items.push(TimelineItem {
                when: moment(&c.changed_at),
                key: c.changed_at.clone(),
                what: TimelineKind::Stage,
                text: format!(
                    "{} → {}: {} ({})",
                    stage_text(c.change.from, lang),
                    stage_text(c.change.to, lang),
                    c.change.reason,
                    c.user_name
                ),
                href: None,
            });
        }
        for r in middenveld_store::event::registrations_of_organisation(&mut conn, organisation_id).await? {
            items.push(TimelineItem {
                key: local_key(r.event_starts_at),
                when: r.event_starts_at.dutch(),
                what: TimelineKind::Event,
                text: format!("{}: {} ({})", r.event_name, r.person_name, r.data.status.label(lang)),
                href: Some(format!("/evenementen/{}", r.event_id)),
            });
        }
        let memberships = middenveld_store::network::memberships_of_member(
            &mut conn,
            middenveld_domain::network::Member::Organisation(organisation_id),
        )
        .await?;
        for m in memberships {
            items.push(TimelineItem {
                key: m.data.since.iso(),
                when: m.data.since.dutch(),
                what: TimelineKind::Membership,
                text: format!("{} ({})", m.network_name, m.data.status.label(lang)),
                href: Some(format!("/netwerken/{}", m.network_id)),
            });
            if let Some(until) = m.data.until {
                items.push(TimelineItem {
                    key: until.iso(),
                    when: until.dutch(),
                    what: TimelineKind::Membership,
                    text: format!(
                        "{}: {}",
                        m.network_name,
                        lang.pick("lidmaatschap beëindigd", "membership ended")
                    ),
                    href: Some(format!("/netwerken/{}", m.network_id)),
                });
            }
        }
        for r in middenveld_store::support::of_organisation(&mut conn, organisation_id).await? {
            let day = r.data.applied_on.or(r.data.decided_on);
            let provider = r.provider_name.map(|p| format!(" – {p}")).unwrap_or_default();
            let amount = r
                .data
                .amount_granted
                .or(r.data.amount_requested)
                .map(|a| format!(", {}", a.dutch()))
                .unwrap_or_default();
            items.push(TimelineItem {
                key: day.map(Date::iso).unwrap_or_else(|| r.created_at.clone()),
                when: day.map(Date::dutch).unwrap_or_else(|| moment(&r.created_at)),
                what: TimelineKind::Support,
                text: format!(
                    "{}{provider} ({}{amount})",
                    r.data.instrument.label(lang),
                    r.data.status.label(lang)
                ),
                href: Some(format!("/ondersteuning/{}", r.id)),
            });
        }
        for r in middenveld_store::referral::about(&mut conn, organisation_id).await? {
            let from = r.from_name.map(|f| format!("{f} → ")).unwrap_or_default();
            items.push(TimelineItem {
                when: moment(&r.created_at),
                key: r.created_at.clone(),
                what: TimelineKind::Referral,
                text: format!(
                    "{from}{}: {} ({})",
                    r.to_name,
                    r.data.question,
                    r.data.status.label(lang)
                ),
                href: Some(format!("/doorverwijzingen/{}", r.id)),
            });
        }
        for e in middenveld_store::track::enrolments_of(&mut conn, organisation_id).await? {
            let chain = e.chain.map(|c| format!(" ({c})")).unwrap_or_default();
            items.push(TimelineItem {
                when: moment(&e.enrolled_at),
                key: e.enrolled_at.clone(),
                what: TimelineKind::Track,
                text: format!("{}: {}{chain}", lang.pick("Ingeschreven", "Enrolled"), e.track_name),
                href: Some(format!("/tracks/{}", e.track_id)),
            });
        }
        let tasks = middenveld_store::track::tasks(
            &mut conn,
            &middenveld_store::track::TaskFilter {
                include_done: true,
                organisation_id: Some(organisation_id),
                paging: middenveld_store::Paging::all(),
                ..Default::default()
            },
        )
        .await?;
        for t in tasks.items {
            let (key, when, state) = match (&t.done_at, t.outcome) {
                (Some(at), Some(o)) => (at.clone(), moment(at), o.label(lang).to_string()),
                _ => (
                    t.due_on.iso(),
                    t.due_on.dutch(),
                    lang.pick("gepland", "planned").to_string(),
                ),
            };
            items.push(TimelineItem {
                key,
                when,
                what: TimelineKind::Track,
                text: format!("{}: {state}", t.title),
                href: Some(format!("/taken/{}", t.id)),
            });
        }
        for c in middenveld_store::contact::of_organisation(&mut conn, organisation_id).await? {
            let person = c.person_name.map(|p| format!(" ({p})")).unwrap_or_default();
            items.push(TimelineItem {
                key: c.data.date.iso(),
                when: c.data.date.dutch(),
                what: TimelineKind::Contact,
                text: format!("{}{person} – {}", c.data.label(lang), c.recorded_by),
                href: None,
            });
        }
        items.push(TimelineItem {
            when: moment(&org.created_at),
            key: org.created_at.clone(),
            what: TimelineKind::Registered,
            text: lang
                .pick("In het register opgenomen", "Added to the register")
                .to_string(),
            href: None,
        });
        items.sort_by(|a, b| b.key.cmp(&a.key));
        Ok(items)
    }

    pub async fn funnel(&self, actor: &Actor, filter: &FunnelFilter) -> Result<Funnel> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let counted = store::stage_counts(&mut conn, filter).await?;
        let mut stages: Vec<(Option<JourneyStage>, i64)> = JourneyStage::ALL
            .iter()
            .map(|s| Some(*s))
            .chain(std::iter::once(None))
            .map(|s| (s, counted.iter().filter(|(c, _)| *c == s).map(|(_, n)| *n).sum()))
            .collect();
        stages.sort_by_key(|(s, _)| order(*s));
        let moves = store::moves(&mut conn, filter).await?;
        let forward = moves
            .iter()
            .filter(|(f, t, _)| t.is_some() && order(*t) > order(Some(*f)))
            .map(|(_, _, n)| n)
            .sum();
        let backward = moves
            .iter()
            .filter(|(f, t, _)| t.is_some() && order(*t) < order(Some(*f)))
            .map(|(_, _, n)| n)
            .sum();
        let overdue = middenveld_store::track::count_tasks(
            &mut conn,
            &middenveld_store::track::TaskFilter {
                overdue_on: Some(LocalDateTime::now().date()),
                ..Default::default()
            },
        )
        .await?;
        Ok(Funnel {
            overdue,
            total: stages.iter().map(|(_, n)| n).sum(),
            stages,
            moves,
            forward,
            backward,
        })
    }
}

/// A local event time as a timeline key: comparable with the UTC keys of stage changes to the
/// day (exact order within a day is not needed).
fn local_key(t: LocalDateTime) -> String {
    format!("{}T{:02}:{:02}:00Z", Date(t.0.date()).iso(), t.0.hour(), t.0.minute())
}
