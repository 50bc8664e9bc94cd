//! Use cases of networks and their memberships.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::network::{Member, Membership, MembershipInput, NetworkInput, field};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::network::{self as store, MembershipRecord, NetworkFilter, NetworkRecord};
use middenveld_store::{Conn, Page};

pub const ENTITY: &str = "netwerk";

#[derive(Debug, Clone)]
pub struct NetworkDetail {
    pub record: NetworkRecord,
    pub themes: Vec<(i64, String)>,
    pub memberships: Vec<MembershipRecord>,
    pub projects: Vec<middenveld_store::project::ProjectRecord>,
    pub history: Vec<middenveld_store::audit::AuditEntry>,
}

async fn check_network(conn: &mut Conn, n: &middenveld_domain::network::Network, id: Option<i64>) -> Result<()> {
    let mut e = ValidationErrors::new();
    if let Some(f) = n.facilitator_id
        && !middenveld_store::organisation::exists(conn, f).await?
    {
        e.add(field::FACILITATOR, ErrorCode::NotFound);
    }
    if !middenveld_store::theme::missing(conn, &n.theme_ids).await?.is_empty() {
        e.add(field::THEMES, ErrorCode::NotFound);
    }
    if store::find_by_name(conn, &n.name, id).await?.is_some() {
        e.add(field::NAME, ErrorCode::NameTaken);
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

async fn check_member(conn: &mut Conn, network_id: i64, m: &Membership, except: Option<i64>) -> Result<()> {
    let exists = match m.member {
        Member::Organisation(o) => middenveld_store::organisation::exists(conn, o).await?,
        Member::Person(p) => middenveld_store::person::exists(conn, p).await?,
    };
    let member_field = match m.member {
        Member::Organisation(_) => field::ORGANISATION,
        Member::Person(_) => field::PERSON,
    };
    if !exists {
        return Err(ServiceError::Invalid(ValidationErrors::one(
            member_field,
            ErrorCode::NotFound,
        )));
    }
    if m.until.is_none() && store::has_open_membership(conn, network_id, m.member, except).await? {
        return Err(ServiceError::Invalid(ValidationErrors::one(
            member_field,
            ErrorCode::DuplicateLink,
        )));
    }
    Ok(())
}

impl Services {
    pub async fn create_network(&self, actor: &Actor, input: NetworkInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let n = input.parse()?;
        let mut tx = self.db.begin().await?;
        check_network(&mut tx, &n, None).await?;
        let id = store::insert(&mut tx, &n, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &n.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_network(&self, actor: &Actor, id: i64, input: NetworkInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let n = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        check_network(&mut tx, &n, Some(id)).await?;
        store::update(&mut tx, id, &n, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &n.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_network(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        crate::accountability::refuse_if_counted(
            &mut tx,
            middenveld_store::accountability::IndicatorTarget::Network(id),
        )
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

    pub async fn network(&self, actor: &Actor, id: i64) -> Result<NetworkRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn network_detail(&self, actor: &Actor, id: i64) -> Result<NetworkDetail> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let record = store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)?;
        let themes = middenveld_store::theme::all_names(&mut conn)
            .await?
            .into_iter()
            .filter(|(t, _)| record.data.theme_ids.contains(t))
            .collect();
        let projects = middenveld_store::project::list(
            &mut conn,
            &middenveld_store::project::ProjectFilter {
                network_id: Some(id),
                paging: middenveld_store::Paging { page: 1, size: 100 },
                ..Default::default()
            },
        )
        .await?
        .items;
        Ok(NetworkDetail {
            themes,
            memberships: store::memberships_of_network(&mut conn, id).await?,
            projects,
            history: middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?,
            record,
        })
    }

    pub async fn networks(&self, actor: &Actor, filter: &NetworkFilter) -> Result<Page<NetworkRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }

    pub async fn network_names(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::all_names(&mut conn).await?)
    }

    pub async fn memberships(&self, actor: &Actor, network_id: i64) -> Result<Vec<MembershipRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        if !store::exists(&mut conn, network_id).await? {
            return Err(ServiceError::NotFound);
        }
        Ok(store::memberships_of_network(&mut conn, network_id).await?)
    }

    pub async fn membership(&self, actor: &Actor, network_id: i64, membership_id: i64) -> Result<MembershipRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get_membership(&mut conn, membership_id)
            .await?
            .filter(|m| m.network_id == network_id)
            .ok_or(ServiceError::NotFound)
    }

    pub async fn add_member(&self, actor: &Actor, network_id: i64, input: MembershipInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let m = input.parse()?;
        let mut tx = self.db.begin().await?;
        if !store::exists(&mut tx, network_id).await? {
            return Err(ServiceError::NotFound);
        }
        check_member(&mut tx, network_id, &m, None).await?;
        let id = store::insert_membership(&mut tx, network_id, &m, &middenveld_store::now()).await?;
        let name = store::get_membership(&mut tx, id)
            .await?
            .map(|r| r.member_name)
            .unwrap_or_default();
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            network_id,
            Action::Link,
            &audit::note(
                "lid",
                "",
                &format!(
                    "{name} ({})",
                    middenveld_domain::Coded::label(m.status, middenveld_domain::Lang::Nl)
                ),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes status or dates of a membership; the member itself stays.
    pub async fn update_member(
        &self,
        actor: &Actor,
        network_id: i64,
        membership_id: i64,
        input: MembershipInput,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get_membership(&mut tx, membership_id)
            .await?
            .filter(|m| m.network_id == network_id)
            .ok_or(ServiceError::NotFound)?;
        let (organisation_id, person_id) = match before.data.member {
            Member::Organisation(o) => (Some(o), None),
            Member::Person(p) => (None, Some(p)),
        };
        let m = MembershipInput {
            organisation_id,
            person_id,
            ..input
        }
        .parse()?;
        check_member(&mut tx, network_id, &m, Some(membership_id)).await?;
        store::update_membership(&mut tx, membership_id, &m).await?;
        let mut changes = middenveld_domain::audit::diff(&before.data.snapshot(), &m.snapshot());
        for c in &mut changes {
            c.field = format!("lid {}: {}", before.member_name, c.field);
        }
        audit::write(&mut tx, actor, ENTITY, network_id, Action::Link, &changes).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_member(&self, actor: &Actor, network_id: i64, membership_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get_membership(&mut tx, membership_id)
            .await?
            .filter(|m| m.network_id == network_id)
            .ok_or(ServiceError::NotFound)?;
        store::delete_membership(&mut tx, membership_id).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            network_id,
            Action::Link,
            &audit::note("lid", &before.member_name, ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
