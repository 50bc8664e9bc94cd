//! Use cases of good examples: editing, the editorial workflow, the public exhibition.
//!
//! Staff (viewers too) write drafts and put them up for review; only editors publish,
//! withdraw, delete or change what the public sees. Every change is audited in its own
//! transaction, and a change the public sees clears the public cache. The public use cases
//! take no actor and only ever read published examples.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::audit::Snapshot;
use middenveld_domain::enums::{Coded, ExampleStatus, QuestionKind, ReferralStatus};
use middenveld_domain::example::{self as rules, Consent, ConsentInput, ContactInput, Example, ExampleInput, field};
use middenveld_domain::referral::{Referral, VisitorContact};
use middenveld_domain::{Date, ErrorCode, Role, ValidationErrors};
use middenveld_store::example::{self as store, ExampleFilter, ExampleRecord, PictureMeta};
use middenveld_store::{Conn, Page};
use sha2::{Digest, Sha256};

pub const ENTITY: &str = "goed-voorbeeld";

/// Who the audit log names for a visitor's contact request.
const VISITOR: &str = "bezoeker (contactformulier)";

/// A published example as open data: no people, no contact data.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedExample {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub sector_code: Option<String>,
    pub theme_names: Vec<String>,
    pub organisation_names: Vec<String>,
    pub published_on: Option<Date>,
}

fn status_snapshot(status: ExampleStatus, published_on: Option<Date>) -> Snapshot {
    vec![
        (field::STATUS, status.code().to_string()),
        (
            field::PUBLISHED_ON,
            middenveld_domain::audit::opt(&published_on.map(Date::iso)),
        ),
    ]
}

/// The linked records exist.
async fn check(conn: &mut Conn, e: &Example) -> Result<()> {
    let mut errors = ValidationErrors::new();
    for (f, table, ids) in [
        (field::THEMES, "themes", &e.theme_ids),
        (field::ORGANISATIONS, "organisations", &e.organisation_ids),
        (field::PROJECTS, "projects", &e.project_ids),
    ] {
        if !store::missing(conn, table, ids).await?.is_empty() {
            errors.add(f, ErrorCode::NotFound);
        }
    }
    if let Some(id) = e.contact_partner_id
        && !store::missing(conn, "organisations", &[id]).await?.is_empty()
    {
        errors.add(field::CONTACT_PARTNER, ErrorCode::NotFound);
    }
    if let Some(m) = &e.municipality
        && !middenveld_store::reference::municipality_exists(conn, m.as_str()).await?
    {
        errors.add(field::MUNICIPALITY, ErrorCode::MunicipalityUnknown);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

async fn search_text(conn: &mut Conn, e: &Example) -> Result<String> {
    let names = store::organisation_names(conn, &e.organisation_ids).await?;
    Ok(e.search_text(&names))
}

/// Whether the actor may change the content of an example in this status.
fn may_edit(actor: &Actor, status: ExampleStatus) -> Result<()> {
    if rules::edit_needs_editor(status) {
        actor.require(Role::Editor)
    } else {
        actor.require(Role::Viewer)
    }
}

impl Services {
    /// Writes a new draft.
    pub async fn create_example(&self, actor: &Actor, input: ExampleInput) -> Result<i64> {
        actor.require(Role::Viewer)?;
        let e = input.parse()?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &e).await?;
        let text = search_text(&mut tx, &e).await?;
        let id = store::insert(&mut tx, &e, &text, &middenveld_store::now()).await?;
        let mut after = e.snapshot();
        after.extend(status_snapshot(ExampleStatus::Draft, None));
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &after).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes the content; a published (or withdrawn) example only by an editor.
    pub async fn update_example(&self, actor: &Actor, id: i64, input: ExampleInput) -> Result<()> {
        actor.require(Role::Viewer)?;
        let e = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        may_edit(actor, before.status)?;
        check(&mut tx, &e).await?;
        let text = search_text(&mut tx, &e).await?;
        store::update(&mut tx, id, &e, &text, &middenveld_store::now()).await?;
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
        if before.status == ExampleStatus::Published {
            self.cache.clear();
        }
        Ok(())
    }

    pub async fn delete_example(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::delete(&mut tx, id).await?;
        let mut snapshot = before.data.snapshot();
        snapshot.extend(status_snapshot(before.status, before.published_on));
        audit::record(&mut tx, actor, ENTITY, id, Action::Delete, &snapshot, &vec![]).await?;
        tx.commit().await?;
        self.cache.clear();
        Ok(())
    }

    /// Moves an example in the workflow. A move the workflow does not know is a conflict;
    /// publishing without consent or contact partner is invalid input naming what is missing.
    pub async fn set_example_status(&self, actor: &Actor, id: i64, status: Option<&str>) -> Result<()> {
        actor.require(Role::Viewer)?;
        let to = ExampleStatus::optional(status)
            .and_then(|s| s.ok_or(ErrorCode::Required))
            .map_err(|code| ServiceError::Invalid(ValidationErrors::one(field::STATUS, code)))?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        if !rules::move_allowed(before.status, to) {
            return Err(ServiceError::Conflict {
                errors: ValidationErrors::one(field::STATUS, ErrorCode::UnknownValue),
                existing: None,
            });
        }
        if rules::move_needs_editor(to) {
            actor.require(Role::Editor)?;
        }
        if to == ExampleStatus::Published {
            rules::publish_check(&before.data, before.consent.as_ref())?;
        }
        let published_on = if to == ExampleStatus::Published {
            Some(crate::today())
        } else {
            before.published_on
        };
        store::set_status(&mut tx, id, to, published_on, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &status_snapshot(before.status, before.published_on),
            &status_snapshot(to, published_on),
        )
        .await?;
        tx.commit().await?;
        if to == ExampleStatus::Published || before.status == ExampleStatus::Published {
            self.cache.clear();
        }
        Ok(())
    }

    /// Records (or replaces) the featured organisation's consent.
    pub async fn record_example_consent(&self, actor: &Actor, id: i64, input: ConsentInput) -> Result<()> {
        actor.require(Role::Viewer)?;
        let c = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        may_edit(actor, before.status)?;
        if !store::missing(&mut tx, "organisations", &[c.organisation_id])
            .await?
            .is_empty()
        {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::CONSENT_ORGANISATION,
                ErrorCode::NotFound,
            )));
        }
        store::set_consent(&mut tx, id, Some(&c), &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &Consent::snapshot(&before.consent),
            &Consent::snapshot(&Some(c)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a picture (PNG, JPEG or WebP, at most 5 MB, with an alternative text).
    pub async fn add_example_picture(&self, actor: &Actor, id: i64, bytes: Vec<u8>, alt: &str) -> Result<i64> {
        actor.require(Role::Viewer)?;
        let picture = rules::parse_picture(bytes, alt).map_err(|(_, e)| ServiceError::Invalid(e))?;
        let sha = hex::encode(Sha256::digest(&picture.bytes));
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        may_edit(actor, before.status)?;
        let now = middenveld_store::now();
        let pid = store::add_picture(&mut tx, id, &picture, &sha, &now).await?;
        store::touch(&mut tx, id, &now).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Link,
            &audit::note("afbeelding", "", &picture.alt_text),
        )
        .await?;
        tx.commit().await?;
        if before.status == ExampleStatus::Published {
            self.cache.clear();
        }
        Ok(pid)
    }

    pub async fn remove_example_picture(&self, actor: &Actor, id: i64, picture_id: i64) -> Result<()> {
        actor.require(Role::Viewer)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        may_edit(actor, before.status)?;
        let picture = before
            .pictures
            .iter()
            .find(|p| p.id == picture_id)
            .ok_or(ServiceError::NotFound)?;
        store::remove_picture(&mut tx, id, picture_id).await?;
        let now = middenveld_store::now();
        store::touch(&mut tx, id, &now).await?;
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Link,
            &audit::note("afbeelding", &picture.alt_text, ""),
        )
        .await?;
        tx.commit().await?;
        if before.status == ExampleStatus::Published {
            self.cache.clear();
        }
        Ok(())
    }

    pub async fn example(&self, actor: &Actor, id: i64) -> Result<ExampleRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn example_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?)
    }

    pub async fn examples(&self, actor: &Actor, filter: &ExampleFilter) -> Result<Page<ExampleRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, self.db.backend, filter).await?)
    }

    /// A picture of any example, for staff (previews of drafts).
    pub async fn example_picture(&self, actor: &Actor, id: i64, picture_id: i64) -> Result<(PictureMeta, Vec<u8>)> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::picture(&mut conn, id, picture_id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The projects an example can link to.
    pub async fn example_project_choices(&self, actor: &Actor) -> Result<Vec<(i64, String)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::project_choices(&mut conn).await?)
    }

    // -- the public exhibition: published examples only, no actor --

    /// Published examples matching the filter (the status filter is always "published").
    /// Kept in the public cache when the request is one of a bounded set (no free-text search,
    /// the first pages): arbitrary searches must not fill the memory.
    pub async fn exhibition(&self, filter: &ExampleFilter) -> Result<Page<ExampleRecord>> {
        let filter = ExampleFilter {
            status: Some(ExampleStatus::Published),
            ..filter.clone()
        };
        let compute = || async {
            let mut conn = self.db.conn().await?;
            Ok(store::list(&mut conn, self.db.backend, &filter).await?)
        };
        if filter.terms.is_empty() && filter.paging.page <= 20 {
            let key = format!("exhibition:{filter:?}");
            Ok((*self.cache.get_or(&key, self.public_ttl(), compute).await?).clone())
        } else {
            compute().await
        }
    }

    /// One published example; anything else is not found.
    pub async fn exhibited_example(&self, id: i64) -> Result<ExampleRecord> {
        let key = format!("exhibited-example:{id}");
        let e = self
            .cache
            .get_or(&key, self.public_ttl(), || async {
                let mut conn = self.db.conn().await?;
                match store::get(&mut conn, id).await? {
                    Some(e) if e.status == ExampleStatus::Published => Ok(e),
                    _ => Err(ServiceError::NotFound),
                }
            })
            .await?;
        Ok((*e).clone())
    }

    /// A picture of a published example; anything else is not found.
    pub async fn exhibited_picture(&self, id: i64, picture_id: i64) -> Result<(PictureMeta, Vec<u8>)> {
        let mut conn = self.db.conn().await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM examples WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if status.as_deref() != Some(ExampleStatus::Published.code()) {
            return Err(ServiceError::NotFound);
        }
        store::picture(&mut conn, id, picture_id)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The themes a visitor can filter the exhibition by (theme names are public).
    pub async fn public_theme_names(&self) -> Result<Vec<(i64, String)>> {
        let mut conn = self.db.conn().await?;
        Ok(store::theme_choices(&mut conn).await?)
    }

    /// When a published example last changed (Last-Modified of the exhibition).
    pub async fn exhibition_changed_at(&self) -> Result<Option<String>> {
        let mut conn = self.db.conn().await?;
        Ok(store::published_changed_at(&mut conn).await?)
    }

    /// Every published example for open data, by id.
    pub async fn published_examples(&self) -> Result<Vec<PublishedExample>> {
        let mut conn = self.db.conn().await?;
        let page = store::list(
            &mut conn,
            self.db.backend,
            &ExampleFilter {
                status: Some(ExampleStatus::Published),
                paging: middenveld_store::Paging::all(),
                ..ExampleFilter::default()
            },
        )
        .await?;
        let mut out: Vec<PublishedExample> = page
            .items
            .into_iter()
            .map(|e| PublishedExample {
                id: e.id,
                title: e.data.title,
                summary: e.data.summary,
                municipality_code: e.data.municipality.map(|m| m.as_str().to_string()),
                municipality_name: e.municipality_name,
                sector_code: e.data.sector.map(|s| s.code().to_string()),
                theme_names: e.themes.into_iter().map(|(_, n)| n).collect(),
                organisation_names: e.organisations.into_iter().map(|o| o.name).collect(),
                published_on: e.published_on,
            })
            .collect();
        out.sort_by_key(|e| e.id);
        Ok(out)
    }

    /// A visitor asks to get in touch about a published example: a referral in the contact
    /// partner's queue with the visitor's own contact data (given with consent). Returns the
    /// referral's id.
    pub async fn request_contact(&self, example_id: i64, input: ContactInput) -> Result<i64> {
        let request = input.parse()?;
        let mut tx = self.db.begin().await?;
        let example = match store::get(&mut tx, example_id).await? {
            Some(e) if e.status == ExampleStatus::Published => e,
            _ => return Err(ServiceError::NotFound),
        };
        let to_id = example.data.contact_partner_id.ok_or(ServiceError::NotFound)?;
        let now = middenveld_store::now();
        let referral = Referral {
            company_id: None,
            from_id: None,
            to_id,
            kind: QuestionKind::Partners,
            question: request.message.clone(),
            status: ReferralStatus::Open,
            outcome: None,
        };
        let visitor = VisitorContact {
            name: request.name.clone(),
            email: request.email.as_str().to_string(),
            organisation: request.organisation.clone(),
            example_id: Some(example_id),
            consent_at: now.clone(),
        };
        let id = middenveld_store::referral::insert_visitor(&mut tx, &referral, &visitor, VISITOR, &now).await?;
        let actor = Actor {
            user_id: None,
            name: VISITOR.to_string(),
            role: Role::Viewer,
        };
        // The audit log names the visitor and the example, not the e-mail address: the log
        // outlives the referral, personal data should not.
        let mut after = referral.snapshot();
        after.push(("contactNaam", request.name));
        after.push(("goedVoorbeeldId", example_id.to_string()));
        audit::record(
            &mut tx,
            &actor,
            crate::referral::ENTITY,
            id,
            Action::Create,
            &vec![],
            &after,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }
}
