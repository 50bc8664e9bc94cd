//! Use cases of duplicate organisations: the likely pairs, and merging two records into one
//! (one transaction: every link moves to the kept record, the other is deleted, and both
//! trails say so).

use crate::audit::{self, Action};
use crate::organisation::ENTITY;
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::audit::{Change, diff};
use middenveld_domain::duplicate::{self as rules, OTHER_FIELD};
use middenveld_domain::network::Member;
use middenveld_domain::organisation::field;
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::duplicate::{self as store, CandidateOrganisation, DuplicateReason};
use middenveld_store::organisation::{self as organisations, OrganisationRecord};
use std::collections::HashMap;

/// Two organisations that are likely one; `kept` is the older, the one a merge keeps by default.
#[derive(Debug, Clone)]
pub struct DuplicatePair {
    pub kept: CandidateOrganisation,
    pub other: CandidateOrganisation,
    pub reason: DuplicateReason,
}

/// The likely duplicates, by name; `capped` when there may be more than shown.
#[derive(Debug, Clone)]
pub struct Duplicates {
    pub pairs: Vec<DuplicatePair>,
    pub capped: bool,
}

/// What a merge would do, for the confirmation page.
#[derive(Debug, Clone)]
pub struct MergePreview {
    pub kept: OrganisationRecord,
    pub other: OrganisationRecord,
    /// The chosen fields whose values differ.
    pub differing: Vec<&'static str>,
    /// The fields taken from the other record unless the user chooses otherwise.
    pub default_take: Vec<&'static str>,
    /// Links of the other record that move: people, memberships, projects, spin-offs,
    /// networks it facilitates.
    pub people: usize,
    pub memberships: usize,
    pub projects: usize,
    pub spin_offs: usize,
    pub facilitated_networks: usize,
}

fn merge_with_itself() -> ServiceError {
    ServiceError::Invalid(ValidationErrors::one(OTHER_FIELD, ErrorCode::MergeWithItself))
}

/// "Oost NL (#12)": how one record names the other in the audit log.
fn named(name: &str, id: i64) -> String {
    format!("{name} (#{id})")
}

impl Services {
    /// Likely duplicate organisations (at most [`store::PAIR_CAP`] pairs).
    pub async fn duplicate_organisations(&self, actor: &Actor) -> Result<Duplicates> {
        actor.require(Role::Editor)?;
        let mut conn = self.db.conn().await?;
        let (found, capped) = store::candidates(&mut conn, self.db.backend, store::PAIR_CAP).await?;
        let mut ids: Vec<i64> = found.iter().flat_map(|p| [p.first, p.second]).collect();
        ids.sort_unstable();
        ids.dedup();
        let by_id: HashMap<i64, CandidateOrganisation> = store::candidates_by_id(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut pairs: Vec<DuplicatePair> = found
            .iter()
            .filter_map(|p| {
                let (a, b) = (by_id.get(&p.first)?, by_id.get(&p.second)?);
                let (kept, other) = if (&b.created_at, b.id) < (&a.created_at, a.id) {
                    (b, a)
                } else {
                    (a, b)
                };
                Some(DuplicatePair {
                    kept: kept.clone(),
                    other: other.clone(),
                    reason: p.reason,
                })
            })
            .collect();
        pairs.sort_by(|x, y| {
            (&x.kept.sort_name, &x.other.sort_name, x.kept.id, x.other.id).cmp(&(
                &y.kept.sort_name,
                &y.other.sort_name,
                y.kept.id,
                y.other.id,
            ))
        });
        Ok(Duplicates { pairs, capped })
    }

    /// Both records and what merging `other_id` into `kept_id` would move.
    pub async fn merge_preview(&self, actor: &Actor, kept_id: i64, other_id: i64) -> Result<MergePreview> {
        actor.require(Role::Editor)?;
        let mut conn = self.db.conn().await?;
        let kept = organisations::get(&mut conn, kept_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let other = organisations::get(&mut conn, other_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if kept_id == other_id {
            return Err(merge_with_itself());
        }
        Ok(MergePreview {
            differing: rules::differing(&kept.data, &other.data),
            default_take: rules::default_take(&kept.data, &other.data),
            people: middenveld_store::person::of_organisation(&mut conn, other_id)
                .await?
                .len(),
            memberships: store::held_memberships(&mut conn, other_id).await?.len(),
            projects: middenveld_store::project::projects_of_organisation(&mut conn, other_id)
                .await?
                .len(),
            spin_offs: organisations::spin_offs(&mut conn, other_id)
                .await?
                .iter()
                .filter(|(id, _, _)| *id != kept_id)
                .count(),
            facilitated_networks: sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM networks WHERE facilitator_id = $1",
            )
            .bind(other_id)
            .fetch_one(&mut *conn)
            .await?
            .try_into()
            .unwrap_or_default(),
            kept,
            other,
        })
    }

    /// Merges organisation `other_id` into `kept_id`: the kept record takes the `take` fields
    /// from the other (by default those it leaves blank) and the themes of both; every link
    /// of the other moves to it (a link both have stays once); the other is deleted. The kept
    /// record's history records the changes and the merge; the deleted record's history
    /// names the record it was merged into.
    pub async fn merge_organisations(
        &self,
        actor: &Actor,
        kept_id: i64,
        other_id: i64,
        take: Option<Vec<String>>,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let take = take.map(|t| rules::parse_take(&t)).transpose()?;
        let mut tx = self.db.begin().await?;
        let kept = organisations::get(&mut tx, kept_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let other = organisations::get(&mut tx, other_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if kept_id == other_id {
            return Err(merge_with_itself());
        }
        let take = take.unwrap_or_else(|| rules::default_take(&kept.data, &other.data));
        let merged = rules::merge(&kept.data, kept_id, &other.data, other_id, &take);
        let now = middenveld_store::now();
        let (old_name, new_name) = (other.data.name.as_str(), merged.name.as_str());

        // What the other record is linked to, for the linked records' history.
        let people = middenveld_store::person::of_organisation(&mut tx, other_id).await?;
        let memberships =
            middenveld_store::network::memberships_of_member(&mut tx, Member::Organisation(other_id)).await?;
        let projects = middenveld_store::project::projects_of_organisation(&mut tx, other_id).await?;

        let plan = rules::plan_memberships(
            &store::held_memberships(&mut tx, kept_id).await?,
            &store::held_memberships(&mut tx, other_id).await?,
        );
        store::apply_membership_plan(&mut tx, kept_id, &plan).await?;
        store::move_people(&mut tx, other_id, kept_id).await?;
        store::move_participations(&mut tx, other_id, kept_id).await?;
        let spin_offs = store::move_spin_offs(&mut tx, other_id, kept_id, &now).await?;
        let facilitated = store::move_facilitation(&mut tx, other_id, kept_id, &now).await?;
        let organised = store::move_events(&mut tx, other_id, kept_id, &now).await?;
        store::move_stage_history(&mut tx, other_id, kept_id).await?;
        middenveld_store::support::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::referral::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::track::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::signpost::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::launching::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::contact::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::example::move_to(&mut tx, other_id, kept_id).await?;
        middenveld_store::agreement::move_to(&mut tx, other_id, kept_id).await?;
        // The links both had go with the other record (cascade); then the KvK number is free.
        organisations::delete(&mut tx, other_id).await?;
        organisations::update(&mut tx, kept_id, &merged, &now).await?;
        let reason = format!("Samengevoegd met {}", named(old_name, other_id));
        if let Ok(Some(c)) = middenveld_domain::journey::stage_change(
            kept.data.journey_stage,
            merged.journey_stage,
            Some(&reason),
            middenveld_domain::journey::Implied::None,
        ) {
            crate::journey::record(&mut tx, actor, kept_id, &c).await?;
        }

        let mut changes = diff(&kept.data.snapshot(), &merged.snapshot());
        changes.extend(audit::note("samengevoegdMet", "", &named(old_name, other_id)));
        audit::write(&mut tx, actor, ENTITY, kept_id, Action::Update, &changes).await?;
        let mut changes = diff(&other.data.snapshot(), &vec![]);
        changes.extend(audit::note("samengevoegdIn", "", &named(new_name, kept_id)));
        audit::write(&mut tx, actor, ENTITY, other_id, Action::Delete, &changes).await?;

        let mut networks: Vec<i64> = memberships.iter().map(|m| m.network_id).collect();
        networks.dedup();
        for network in networks {
            let note = audit::note("lid", old_name, new_name);
            audit::write(&mut tx, actor, crate::network::ENTITY, network, Action::Link, &note).await?;
        }
        for network in facilitated {
            let note = audit::note("facilitatorId", &other_id.to_string(), &kept_id.to_string());
            audit::write(&mut tx, actor, crate::network::ENTITY, network, Action::Update, &note).await?;
        }
        for event in organised {
            let note = audit::note("organisatorId", &other_id.to_string(), &kept_id.to_string());
            audit::write(&mut tx, actor, crate::event::ENTITY, event, Action::Update, &note).await?;
        }
        for p in &projects {
            let note = audit::note("deelnemer", old_name, new_name);
            audit::write(
                &mut tx,
                actor,
                crate::project::ENTITY,
                p.project_id,
                Action::Link,
                &note,
            )
            .await?;
        }
        for (person, _, _) in &people {
            let note = audit::note(middenveld_domain::person::field::ORGANISATIONS, old_name, new_name);
            audit::write(&mut tx, actor, crate::person::ENTITY, *person, Action::Link, &note).await?;
        }
        for child in spin_offs {
            let note: Vec<Change> = audit::note(field::SPIN_OFF_OF, &other_id.to_string(), &kept_id.to_string());
            audit::write(&mut tx, actor, ENTITY, child, Action::Update, &note).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
