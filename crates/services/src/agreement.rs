//! Use cases of agreements: register, confirm and evaluate each year, remind.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::agreement::{self as domain, Agreement, AgreementInput, YearInput, field};
use middenveld_domain::{Date, ErrorCode, Role, ValidationErrors};
use middenveld_store::Conn;
use middenveld_store::agreement::{self as store, AgreementRecord, YearRow};

pub const ENTITY: &str = "agreement";

/// The evaluation of one year of an agreement that is due (from 30 days before) or overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationDue {
    pub agreement_id: i64,
    pub name: String,
    pub year: i32,
    pub due: Date,
    pub overdue: bool,
}

/// Which agreements a list shows.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub search: Option<String>,
    pub theme_id: Option<i64>,
    /// Some(true): ended ("beeindigd"); Some(false): running ("lopend").
    pub ended: Option<bool>,
    /// Only those with an evaluation due or overdue today.
    pub evaluation_due: bool,
}

/// The linked records exist.
async fn check(conn: &mut Conn, a: &Agreement) -> Result<()> {
    let mut errors = ValidationErrors::new();
    for (f, table, ids) in [
        (field::ORGANISATIONS, "organisations", &a.organisation_ids),
        (field::THEMES, "themes", &a.theme_ids),
        (field::INDICATORS, "indicators", &a.indicator_ids),
        (field::OBJECTIVES, "objectives", &a.objective_ids),
    ] {
        if !middenveld_store::example::missing(conn, table, ids).await?.is_empty() {
            errors.add(f, ErrorCode::NotFound);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Invalid(errors))
    }
}

fn dues(r: &AgreementRecord, today: Date) -> Vec<EvaluationDue> {
    domain::evaluations_due(&r.data, &r.year_records(), today)
        .into_iter()
        .map(|d| EvaluationDue {
            agreement_id: r.id,
            name: r.data.name.clone(),
            year: d.year,
            due: d.due,
            overdue: d.overdue,
        })
        .collect()
}

impl Services {
    pub async fn create_agreement(&self, actor: &Actor, input: AgreementInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let a = input.parse()?;
        let mut tx = self.db.begin().await?;
        check(&mut tx, &a).await?;
        let id = store::insert(&mut tx, &a, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &a.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_agreement(&self, actor: &Actor, id: i64, input: AgreementInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let a = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        check(&mut tx, &a).await?;
        // Recorded years must stay within the (new) start and end year.
        let recorded = before.year_records();
        if let Some(first) = recorded.iter().map(|y| y.year).min()
            && first < a.start_year
        {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::START,
                ErrorCode::YearOutsidePeriod,
            )));
        }
        if let (Some(last), Some(end)) = (recorded.iter().map(|y| y.year).max(), a.end_year)
            && last > end
        {
            return Err(ServiceError::Invalid(ValidationErrors::one(
                field::END,
                ErrorCode::YearOutsidePeriod,
            )));
        }
        store::update(&mut tx, id, &a, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &before.data.snapshot(),
            &a.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an agreement with its recorded years (the page warns how many go with it).
    pub async fn delete_agreement(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::delete(&mut tx, id).await?;
        let mut snapshot = before.data.snapshot();
        snapshot.push((
            "jaren",
            before
                .years
                .iter()
                .map(|y| y.data.year.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
        audit::record(&mut tx, actor, ENTITY, id, Action::Delete, &snapshot, &vec![]).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn agreement(&self, actor: &Actor, id: i64) -> Result<AgreementRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn agreement_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?)
    }

    /// Agreements by name, filtered; each with the evaluations due today.
    pub async fn agreements(
        &self,
        actor: &Actor,
        filter: &AgreementFilter,
    ) -> Result<Vec<(AgreementRecord, Vec<EvaluationDue>)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let today = crate::today();
        let needle = filter
            .search
            .as_deref()
            .map(middenveld_domain::search::normalise)
            .filter(|s| !s.is_empty());
        Ok(store::list(&mut conn, filter.theme_id)
            .await?
            .into_iter()
            .filter(|r| {
                needle.as_ref().is_none_or(|n| {
                    let hay = middenveld_domain::search::normalise(&format!(
                        "{} {} {} {}",
                        r.data.name,
                        r.data.description.clone().unwrap_or_default(),
                        r.data.parties.join(" "),
                        r.data
                            .commitments
                            .iter()
                            .map(|c| c.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ));
                    hay.contains(n.as_str())
                })
            })
            .filter(|r| {
                filter
                    .ended
                    .is_none_or(|e| domain::ended_in(&r.year_records()).is_some() == e)
            })
            .map(|r| {
                let d = dues(&r, today);
                (r, d)
            })
            .filter(|(_, d)| !filter.evaluation_due || !d.is_empty())
            .collect())
    }

    /// Every evaluation due on `today` (from 30 days before its due date until recorded), soonest first.
    pub async fn evaluations_due(&self, actor: &Actor, today: Date) -> Result<Vec<EvaluationDue>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let mut out: Vec<EvaluationDue> = store::list(&mut conn, None)
            .await?
            .iter()
            .flat_map(|r| dues(r, today))
            .collect();
        out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }

    pub async fn agreement_years(&self, actor: &Actor, id: i64) -> Result<Vec<YearRow>> {
        Ok(self.agreement(actor, id).await?.years)
    }

    /// Records the confirmation and evaluation of a year; returns the year.
    pub async fn record_agreement_year(&self, actor: &Actor, id: i64, input: YearInput) -> Result<i32> {
        self.write_year(actor, id, None, input).await
    }

    /// Replaces the record of `year`.
    pub async fn update_agreement_year(&self, actor: &Actor, id: i64, year: i32, input: YearInput) -> Result<i32> {
        self.write_year(actor, id, Some(year), input).await
    }

    async fn write_year(&self, actor: &Actor, id: i64, replacing: Option<i32>, input: YearInput) -> Result<i32> {
        actor.require(Role::Editor)?;
        let today = crate::today();
        let y = input.parse(today)?;
        let mut tx = self.db.begin().await?;
        let a = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let before = match replacing {
            Some(r) => Some(
                a.years
                    .iter()
                    .find(|x| x.data.year == r)
                    .ok_or(ServiceError::NotFound)?
                    .data
                    .snapshot(),
            ),
            None => None,
        };
        domain::check_year(&a.data, &a.year_records(), y.year, replacing, today)?;
        let now = middenveld_store::now();
        match replacing {
            Some(r) => {
                store::update_year(&mut tx, id, r, &y, &actor.name, &now).await?;
            }
            None => store::insert_year(&mut tx, id, &y, &actor.name, &now)
                .await
                .map_err(|e| match e {
                    middenveld_store::StoreError::Unique => {
                        ServiceError::Invalid(ValidationErrors::one(field::YEAR, ErrorCode::YearRecorded))
                    }
                    other => other.into(),
                })?,
        }
        audit::record(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Link,
            &before.unwrap_or_default(),
            &y.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(y.year)
    }

    pub async fn delete_agreement_year(&self, actor: &Actor, id: i64, year: i32) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let a = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let row = a
            .years
            .iter()
            .find(|x| x.data.year == year)
            .ok_or(ServiceError::NotFound)?;
        store::delete_year(&mut tx, id, year).await?;
        audit::record(&mut tx, actor, ENTITY, id, Action::Link, &row.data.snapshot(), &vec![]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Objectives and indicators of the accountability module, for linking.
    pub async fn agreement_link_choices(&self, actor: &Actor) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>)> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok((
            store::objective_names(&mut conn).await?,
            store::indicator_names(&mut conn).await?,
        ))
    }
}
