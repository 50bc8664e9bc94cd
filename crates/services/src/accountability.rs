//! Use cases of accountability: programmes, objectives, actions, indicators with targets,
//! progress notes, finances, frozen years, and the annual report.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::accountability::{
    Finance, FinanceInput, IndicatorInput, ManualValue, Measure, ObjectiveInput, ProgrammeInput, Target, TargetStatus,
    indicator_field, objective_field, parse_action, parse_note, status, target_field,
};
use middenveld_domain::enums::Coded;
use middenveld_domain::report::{Block, Chapter, markdown};
use middenveld_domain::{ErrorCode, Role, ValidationErrors};
use middenveld_store::Conn;
use middenveld_store::accountability::{
    self as store, ActionRecord, Counted, FrozenYear, IndicatorRecord, ObjectiveRecord, ProgrammeRecord,
};

pub const PROGRAMME: &str = "programma";
pub const OBJECTIVE: &str = "prestatie";
pub const INDICATOR: &str = "indicator";
pub const YEAR: &str = "jaar";

/// The most records a drill-down lists.
pub const DRILL_LIMIT: i64 = 1000;

/// Refuses to delete a theme or network that indicators count, naming them (at most 20), so
/// that a report's figure never loses what it counts.
pub(crate) async fn refuse_if_counted(
    conn: &mut Conn,
    counted: middenveld_store::accountability::IndicatorTarget,
) -> Result<()> {
    let found = middenveld_store::accountability::indicators_counting(conn, counted, 20).await?;
    if found.is_empty() {
        return Ok(());
    }
    Err(ServiceError::InUse(
        found
            .into_iter()
            .map(|(id, name)| crate::Existing {
                collection: "indicatoren",
                id,
                name,
            })
            .collect(),
    ))
}

/// An indicator in one year: its realised value against its target.
#[derive(Debug, Clone)]
pub struct IndicatorYear {
    pub indicator: IndicatorRecord,
    pub year: i32,
    /// None: a value by hand that has not been entered.
    pub realised: Option<i64>,
    /// Where a value by hand comes from.
    pub source: Option<String>,
    /// The target of the year itself.
    pub target: Option<Target>,
    pub status: TargetStatus,
    /// A target over a programme period that covers the year, with the realised value over
    /// the period so far and its status.
    pub period: Option<(Target, i64, TargetStatus)>,
    /// Whether the value is the frozen snapshot.
    pub frozen: bool,
}

impl IndicatorYear {
    /// The value as the report writes it ("—" when none).
    pub fn display(&self) -> String {
        self.realised
            .map(|v| self.indicator.data.display_value(v))
            .unwrap_or_else(|| "—".into())
    }
}

/// An objective with its actions and the indicators of one year.
#[derive(Debug, Clone)]
pub struct ObjectiveYear {
    pub objective: ObjectiveRecord,
    pub year: i32,
    pub actions: Vec<ActionRecord>,
    pub indicators: Vec<IndicatorYear>,
    pub note: Option<String>,
    pub finance: Option<Finance>,
    pub frozen: Option<FrozenYear>,
}

/// The annual report of a year: a chapter per objective, programme by programme.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    pub frozen: Option<FrozenYear>,
    pub chapters: Vec<(ObjectiveYear, Chapter)>,
}

impl AnnualReport {
    pub fn title(&self) -> String {
        format!("Jaarverslag {}", self.year)
    }

    /// The whole report as blocks: its title, then each chapter (level 2, sections 3).
    pub fn blocks(&self) -> Vec<Block> {
        let mut out = vec![Block::Heading {
            level: 1,
            text: self.title(),
        }];
        for (_, c) in &self.chapters {
            out.extend(c.blocks(2));
        }
        out
    }

    pub fn markdown(&self) -> String {
        markdown(&self.blocks())
    }

    /// The report as a Word document.
    pub fn docx(&self) -> Result<Vec<u8>> {
        use middenveld_tabular::{DocxBlock, DocxDocument, write_docx};
        let blocks = self
            .blocks()
            .into_iter()
            .map(|b| match b {
                Block::Heading { level: 1, text } => DocxBlock::Title(text),
                Block::Heading { level, text } => DocxBlock::Heading { level: level - 1, text },
                Block::Paragraph(t) => DocxBlock::Paragraph(t),
                Block::Label(t) => DocxBlock::Label(t),
                Block::Bullets(items) => DocxBlock::Bullets(items),
                Block::Numbered(items) => DocxBlock::Numbered(items),
            })
            .collect();
        write_docx(&DocxDocument {
            title: self.title(),
            language: "nl-NL".into(),
            blocks,
        })
        .map_err(|e| ServiceError::Internal(e.to_string()))
    }

    /// Every indicator of the report as a spreadsheet.
    pub fn indicators_xlsx(&self) -> Result<Vec<u8>> {
        use middenveld_tabular::{Cell, write_xlsx};
        let text = |s: &str| Cell::Text(s.to_string());
        let opt_int = |v: Option<i64>| v.map(Cell::Int).unwrap_or(Cell::Empty);
        let mut rows = Vec::new();
        for (oy, _) in &self.chapters {
            for iy in &oy.indicators {
                let d = &iy.indicator.data;
                rows.push(vec![
                    text(&oy.objective.programme_name),
                    text(&oy.objective.data.code),
                    text(&oy.objective.data.name),
                    text(&d.name),
                    text(d.measure.label(middenveld_domain::Lang::Nl)),
                    Cell::Int(i64::from(self.year)),
                    opt_int(iy.target.map(|t| t.value)),
                    opt_int(iy.realised),
                    text(&iy.display()),
                    text(d.comparison.label(middenveld_domain::Lang::Nl)),
                    text(iy.status.label(middenveld_domain::Lang::Nl)),
                    iy.period
                        .map(|(t, _, _)| text(&t.period_label()))
                        .unwrap_or(Cell::Empty),
                    opt_int(iy.period.map(|(t, _, _)| t.value)),
                    opt_int(iy.period.map(|(_, v, _)| v)),
                    d.unit.as_deref().map(text).unwrap_or(Cell::Empty),
                    iy.source.as_deref().map(text).unwrap_or(Cell::Empty),
                    Cell::Bool(iy.frozen),
                ]);
            }
        }
        write_xlsx(
            "Indicatoren",
            &[
                "Programma",
                "Prestatie",
                "Naam prestatie",
                "Indicator",
                "Telling",
                "Jaar",
                "Doel jaar",
                "Gerealiseerd",
                "Weergave",
                "Doel is",
                "Status",
                "Periode",
                "Doel periode",
                "Gerealiseerd periode",
                "Eenheid",
                "Bron",
                "Bevroren",
            ],
            rows.into_iter(),
        )
        .map_err(|e| ServiceError::Internal(e.to_string()))
    }
}

fn today() -> (i32, u16) {
    let d = middenveld_domain::LocalDateTime::now().date().0;
    (d.year(), d.ordinal())
}

fn invalid(field: &'static str, code: ErrorCode) -> ServiceError {
    ServiceError::Invalid(ValidationErrors::one(field, code))
}

/// Refuses a change to a frozen year.
async fn not_frozen(conn: &mut Conn, field: &'static str, years: std::ops::RangeInclusive<i32>) -> Result<()> {
    for f in store::frozen_years(conn).await? {
        if years.contains(&f.year) {
            return Err(invalid(field, ErrorCode::YearFrozen { year: f.year }));
        }
    }
    Ok(())
}

/// Refuses to delete (or redefine) indicators whose values a frozen year keeps; the error is
/// on `field`.
async fn no_snapshots(conn: &mut Conn, field: &'static str, indicator_ids: &[i64]) -> Result<()> {
    for f in store::frozen_years(conn).await? {
        for id in indicator_ids {
            if store::snapshot(conn, *id, f.year).await?.is_some() {
                return Err(invalid(field, ErrorCode::YearFrozen { year: f.year }));
            }
        }
    }
    Ok(())
}

/// The realised value of an indicator over the years `from..=to` (live): a count, or the sum
/// of the values entered by hand (None when there are none).
async fn realised(conn: &mut Conn, i: &IndicatorRecord, from: i32, to: i32) -> Result<(Option<i64>, Option<String>)> {
    if i.data.measure == Measure::Manual {
        let values: Vec<_> = store::values(conn, i.id)
            .await?
            .into_iter()
            .filter(|(y, _, _)| (from..=to).contains(y))
            .collect();
        if values.is_empty() {
            return Ok((None, None));
        }
        let sources: Vec<String> = values.iter().map(|(_, _, s)| s.clone()).collect();
        return Ok((Some(values.iter().map(|(_, v, _)| v).sum()), Some(sources.join("; "))));
    }
    Ok((
        store::count(conn, i.data.measure, &i.data.filters, from, to).await?,
        None,
    ))
}

async fn indicator_year(conn: &mut Conn, i: IndicatorRecord, year: i32, frozen: bool) -> Result<IndicatorYear> {
    let (today_year, ordinal) = today();
    let snapshot = if frozen {
        store::snapshot(conn, i.id, year).await?
    } else {
        None
    };
    let (value, source) = match snapshot {
        Some(v) => {
            let source = if i.data.measure == Measure::Manual {
                realised(conn, &i, year, year).await?.1
            } else {
                None
            };
            (Some(v), source)
        }
        None => realised(conn, &i, year, year).await?,
    };
    let target = i
        .targets
        .iter()
        .map(|(_, t)| *t)
        .find(|t| t.is_year() && t.covers(year));
    let state = status(
        i.data.comparison,
        target.as_ref(),
        value.unwrap_or(0),
        today_year,
        ordinal,
    );
    let mut period = None;
    if let Some(t) = i
        .targets
        .iter()
        .map(|(_, t)| *t)
        .find(|t| !t.is_year() && t.covers(year))
    {
        let (v, _) = realised(conn, &i, t.from_year, year).await?;
        let v = v.unwrap_or(0);
        period = Some((t, v, status(i.data.comparison, Some(&t), v, today_year, ordinal)));
    }
    Ok(IndicatorYear {
        status: if value.is_none() && target.is_some() {
            TargetStatus::Behind
        } else {
            state
        },
        indicator: i,
        year,
        realised: value,
        source,
        target,
        period,
        frozen: snapshot.is_some(),
    })
}

impl Services {
    // -----------------------------------------------------------------------------------------
    // Programmes

    pub async fn programmes(&self, actor: &Actor) -> Result<Vec<ProgrammeRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::programmes(&mut conn).await?)
    }

    pub async fn programme(&self, actor: &Actor, id: i64) -> Result<ProgrammeRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::programme(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn create_programme(&self, actor: &Actor, input: ProgrammeInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        let id = store::insert_programme(&mut tx, &p, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, PROGRAMME, id, Action::Create, &vec![], &p.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_programme(&self, actor: &Actor, id: i64, input: ProgrammeInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let p = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::programme(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::update_programme(&mut tx, id, &p, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            PROGRAMME,
            id,
            Action::Update,
            &before.data.snapshot(),
            &p.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a programme with its objectives; refused while a frozen year keeps values of it.
    pub async fn delete_programme(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::programme(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        for o in store::objectives(&mut tx, Some(id)).await? {
            let ids: Vec<i64> = store::indicators(&mut tx, o.id).await?.iter().map(|i| i.id).collect();
            no_snapshots(&mut tx, YEAR, &ids).await?;
        }
        store::delete_programme(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            PROGRAMME,
            id,
            Action::Delete,
            &before.data.snapshot(),
            &vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The change history of a programme.
    pub async fn programme_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, PROGRAMME, id, 100).await?)
    }

    // -----------------------------------------------------------------------------------------
    // Objectives

    pub async fn objectives(&self, actor: &Actor, programme_id: Option<i64>) -> Result<Vec<ObjectiveRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::objectives(&mut conn, programme_id).await?)
    }

    pub async fn objective(&self, actor: &Actor, id: i64) -> Result<ObjectiveRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::objective(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn create_objective(
        &self,
        actor: &Actor,
        programme_id: Option<i64>,
        input: ObjectiveInput,
    ) -> Result<i64> {
        actor.require(Role::Editor)?;
        let parsed = input.parse();
        let mut tx = self.db.begin().await?;
        let programme = match programme_id {
            Some(p) => store::programme(&mut tx, p).await?,
            None => None,
        };
        let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
        if programme.is_none() {
            errors.add(
                objective_field::PROGRAMME,
                if programme_id.is_none() {
                    ErrorCode::Required
                } else {
                    ErrorCode::NotFound
                },
            );
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let o = parsed?;
        let id = store::insert_objective(&mut tx, programme_id.unwrap_or_default(), &o, &middenveld_store::now())
            .await
            .map_err(code_taken)?;
        audit::record(&mut tx, actor, OBJECTIVE, id, Action::Create, &vec![], &o.snapshot()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_objective(&self, actor: &Actor, id: i64, input: ObjectiveInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let o = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::objective(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::update_objective(&mut tx, id, &o, &middenveld_store::now())
            .await
            .map_err(code_taken)?;
        audit::record(
            &mut tx,
            actor,
            OBJECTIVE,
            id,
            Action::Update,
            &before.data.snapshot(),
            &o.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_objective(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::objective(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let ids: Vec<i64> = store::indicators(&mut tx, id).await?.iter().map(|i| i.id).collect();
        no_snapshots(&mut tx, YEAR, &ids).await?;
        store::delete_objective(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            OBJECTIVE,
            id,
            Action::Delete,
            &before.data.snapshot(),
            &vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The change history of an objective (its notes, finances, actions and indicators too).
    pub async fn objective_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, OBJECTIVE, id, 100).await?)
    }

    // -----------------------------------------------------------------------------------------
    // Actions

    pub async fn actions(&self, actor: &Actor, objective_id: i64) -> Result<Vec<ActionRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::objective(&mut conn, objective_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(store::actions(&mut conn, objective_id).await?)
    }

    pub async fn action(&self, actor: &Actor, id: i64) -> Result<ActionRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::action(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn create_action(
        &self,
        actor: &Actor,
        objective_id: i64,
        text: &str,
        position: Option<&str>,
    ) -> Result<i64> {
        actor.require(Role::Editor)?;
        let (text, position) = parse_action(text, position)?;
        let mut tx = self.db.begin().await?;
        store::objective(&mut tx, objective_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let id = store::insert_action(&mut tx, objective_id, &text, position, &middenveld_store::now()).await?;
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            objective_id,
            Action::Link,
            &audit::note("actie", "", &text),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_action(&self, actor: &Actor, id: i64, text: &str, position: Option<&str>) -> Result<()> {
        actor.require(Role::Editor)?;
        let (text, position) = parse_action(text, position)?;
        let mut tx = self.db.begin().await?;
        let before = store::action(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        store::update_action(&mut tx, id, &text, position, &middenveld_store::now()).await?;
        if before.text != text {
            audit::write(
                &mut tx,
                actor,
                OBJECTIVE,
                before.objective_id,
                Action::Link,
                &audit::note("actie", &before.text, &text),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_action(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::action(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let ids: Vec<i64> = store::indicators(&mut tx, before.objective_id)
            .await?
            .iter()
            .filter(|i| i.action_id == id)
            .map(|i| i.id)
            .collect();
        no_snapshots(&mut tx, YEAR, &ids).await?;
        store::delete_action(&mut tx, id).await?;
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            before.objective_id,
            Action::Link,
            &audit::note("actie", &before.text, ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Indicators

    pub async fn indicator(&self, actor: &Actor, id: i64) -> Result<IndicatorRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::indicator(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    /// Checks that the filter values of an indicator exist in the register.
    async fn check_filters(conn: &mut Conn, input: &IndicatorInput) -> Result<ValidationErrors> {
        let mut e = ValidationErrors::new();
        if let Some(t) = input.theme_id
            && middenveld_store::theme::get(conn, t).await?.is_none()
        {
            e.add(indicator_field::THEME, ErrorCode::UnknownValue);
        }
        if let Some(n) = input.network_id
            && middenveld_store::network::get(conn, n).await?.is_none()
        {
            e.add(indicator_field::NETWORK, ErrorCode::UnknownValue);
        }
        if let Some(m) = input.municipality_code.as_deref().filter(|m| !m.trim().is_empty())
            && let Ok(code) = middenveld_domain::MunicipalityCode::parse(m)
            && !middenveld_store::reference::municipality_exists(conn, code.as_str()).await?
        {
            e.add(indicator_field::MUNICIPALITY, ErrorCode::MunicipalityUnknown);
        }
        Ok(e)
    }

    pub async fn create_indicator(&self, actor: &Actor, action_id: Option<i64>, input: IndicatorInput) -> Result<i64> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let mut errors = Self::check_filters(&mut tx, &input).await?;
        let action = match action_id {
            Some(a) => store::action(&mut tx, a).await?,
            None => None,
        };
        if action.is_none() {
            errors.add(
                indicator_field::ACTION,
                if action_id.is_none() {
                    ErrorCode::Required
                } else {
                    ErrorCode::NotFound
                },
            );
        }
        let parsed = input.parse();
        if let Err(e) = &parsed {
            errors.0.extend(e.0.iter().cloned());
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let (i, action) = (parsed?, action.ok_or(ServiceError::NotFound)?);
        let id = store::insert_indicator(&mut tx, action.id, &i, &middenveld_store::now()).await?;
        audit::record(&mut tx, actor, INDICATOR, id, Action::Create, &vec![], &i.snapshot()).await?;
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            action.objective_id,
            Action::Link,
            &audit::note("indicator", "", &i.name),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_indicator(&self, actor: &Actor, id: i64, input: IndicatorInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let mut errors = Self::check_filters(&mut tx, &input).await?;
        let parsed = input.parse();
        if let Err(e) = &parsed {
            errors.0.extend(e.0.iter().cloned());
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let i = parsed?;
        let before = store::indicator(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        if before.data.measure != i.measure || before.data.filters != i.filters {
            // What a frozen year counted stays as it was; a new definition counts from here on.
            no_snapshots(&mut tx, indicator_field::MEASURE, &[id]).await?;
        }
        store::update_indicator(&mut tx, id, &i, &middenveld_store::now()).await?;
        audit::record(
            &mut tx,
            actor,
            INDICATOR,
            id,
            Action::Update,
            &before.data.snapshot(),
            &i.snapshot(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_indicator(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::indicator(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        no_snapshots(&mut tx, YEAR, &[id]).await?;
        store::delete_indicator(&mut tx, id).await?;
        audit::record(
            &mut tx,
            actor,
            INDICATOR,
            id,
            Action::Delete,
            &before.data.snapshot(),
            &vec![],
        )
        .await?;
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            before.objective_id,
            Action::Link,
            &audit::note("indicator", &before.data.name, ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn indicator_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, INDICATOR, id, 100).await?)
    }

    /// Sets the target of an indicator for a year or a period (replacing one for the same
    /// period).
    pub async fn set_target(
        &self,
        actor: &Actor,
        indicator_id: i64,
        from: Option<&str>,
        to: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let t = Target::parse(from, to, value)?;
        let mut tx = self.db.begin().await?;
        store::indicator(&mut tx, indicator_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        not_frozen(&mut tx, target_field::FROM, t.from_year..=t.to_year).await?;
        store::set_target(&mut tx, indicator_id, &t).await?;
        audit::write(
            &mut tx,
            actor,
            INDICATOR,
            indicator_id,
            Action::Link,
            &audit::note(&format!("doel {}", t.period_label()), "", &t.value.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_target(&self, actor: &Actor, indicator_id: i64, target_id: i64) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let t = store::delete_target(&mut tx, indicator_id, target_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        not_frozen(&mut tx, target_field::FROM, t.from_year..=t.to_year).await?;
        audit::write(
            &mut tx,
            actor,
            INDICATOR,
            indicator_id,
            Action::Link,
            &audit::note(&format!("doel {}", t.period_label()), &t.value.to_string(), ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Enters the value of an indicator by hand, with its source.
    pub async fn set_manual_value(
        &self,
        actor: &Actor,
        indicator_id: i64,
        year: Option<&str>,
        value: Option<&str>,
        source: Option<&str>,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let v = ManualValue::parse(year, value, source)?;
        let mut tx = self.db.begin().await?;
        let i = store::indicator(&mut tx, indicator_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if i.data.measure != Measure::Manual {
            return Err(invalid(target_field::VALUE, ErrorCode::FilterNotApplicable));
        }
        not_frozen(&mut tx, target_field::YEAR, v.year..=v.year).await?;
        store::set_value(
            &mut tx,
            indicator_id,
            v.year,
            v.value,
            &v.source,
            &middenveld_store::now(),
        )
        .await?;
        audit::write(
            &mut tx,
            actor,
            INDICATOR,
            indicator_id,
            Action::Link,
            &audit::note(
                &format!("waarde {}", v.year),
                "",
                &format!("{} ({})", v.value, v.source),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_manual_value(&self, actor: &Actor, indicator_id: i64, year: i32) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        not_frozen(&mut tx, target_field::YEAR, year..=year).await?;
        if !store::delete_value(&mut tx, indicator_id, year).await? {
            return Err(ServiceError::NotFound);
        }
        audit::write(
            &mut tx,
            actor,
            INDICATOR,
            indicator_id,
            Action::Link,
            &audit::note(&format!("waarde {year}"), "verwijderd", ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn manual_values(&self, actor: &Actor, indicator_id: i64) -> Result<Vec<store::ManualRow>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::values(&mut conn, indicator_id).await?)
    }

    // -----------------------------------------------------------------------------------------
    // Progress notes and finances

    pub async fn set_progress_note(
        &self,
        actor: &Actor,
        objective_id: i64,
        year: Option<&str>,
        body: &str,
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let (year, body) = parse_note(year, body)?;
        let mut tx = self.db.begin().await?;
        store::objective(&mut tx, objective_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        not_frozen(&mut tx, target_field::YEAR, year..=year).await?;
        let before = store::note(&mut tx, objective_id, year).await?.unwrap_or_default();
        store::set_note(&mut tx, objective_id, year, &body, &middenveld_store::now()).await?;
        if before != body {
            audit::write(
                &mut tx,
                actor,
                OBJECTIVE,
                objective_id,
                Action::Update,
                &audit::note(&format!("toelichting {year}"), &before, &body),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn progress_note(&self, actor: &Actor, objective_id: i64, year: i32) -> Result<Option<String>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::note(&mut conn, objective_id, year).await?)
    }

    /// Replaces the finances of a year. Lines that do not add up to the balance are refused
    /// until the user acknowledges the difference.
    pub async fn set_finance(&self, actor: &Actor, objective_id: i64, input: FinanceInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let f = input.parse()?;
        let mut tx = self.db.begin().await?;
        store::objective(&mut tx, objective_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        not_frozen(&mut tx, target_field::YEAR, f.year..=f.year).await?;
        let before = store::finance(&mut tx, objective_id, f.year).await?;
        store::set_finance(&mut tx, objective_id, &f, &middenveld_store::now()).await?;
        let describe = |f: &Finance| {
            let lines: Vec<String> = f
                .lines
                .iter()
                .map(|l| format!("{} {}", l.kind.code(), l.amount.dutch()))
                .collect();
            format!("saldo {}; {}", f.balance.dutch(), lines.join(", "))
        };
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            objective_id,
            Action::Update,
            &audit::note(
                &format!("financiën {}", f.year),
                &before.as_ref().map(describe).unwrap_or_default(),
                &describe(&f),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_finance(&self, actor: &Actor, objective_id: i64, year: i32) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        not_frozen(&mut tx, target_field::YEAR, year..=year).await?;
        if !store::delete_finance(&mut tx, objective_id, year).await? {
            return Err(ServiceError::NotFound);
        }
        audit::write(
            &mut tx,
            actor,
            OBJECTIVE,
            objective_id,
            Action::Update,
            &audit::note(&format!("financiën {year}"), "verwijderd", ""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn finance(&self, actor: &Actor, objective_id: i64, year: i32) -> Result<Option<Finance>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::finance(&mut conn, objective_id, year).await?)
    }

    /// The years for which an objective has a note or finances.
    pub async fn written_years(&self, actor: &Actor, objective_id: i64) -> Result<Vec<i32>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::written_years(&mut conn, objective_id).await?)
    }

    // -----------------------------------------------------------------------------------------
    // Realised values, freezing, the report

    async fn objective_year_in(conn: &mut Conn, objective: ObjectiveRecord, year: i32) -> Result<ObjectiveYear> {
        let frozen = store::frozen(conn, year).await?;
        let actions = store::actions(conn, objective.id).await?;
        let mut indicators = Vec::new();
        for i in store::indicators(conn, objective.id).await? {
            indicators.push(indicator_year(conn, i, year, frozen.is_some()).await?);
        }
        Ok(ObjectiveYear {
            note: store::note(conn, objective.id, year).await?,
            finance: store::finance(conn, objective.id, year).await?,
            objective,
            year,
            actions,
            indicators,
            frozen,
        })
    }

    /// An objective in a year: its indicators with realised values, targets and status, its
    /// note and finances.
    pub async fn objective_year(&self, actor: &Actor, objective_id: i64, year: i32) -> Result<ObjectiveYear> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let o = store::objective(&mut conn, objective_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Self::objective_year_in(&mut conn, o, year).await
    }

    /// The realised value of an indicator in each of the years (for its chart); frozen years
    /// give their snapshot.
    pub async fn indicator_series(
        &self,
        actor: &Actor,
        indicator_id: i64,
        years: &[i32],
    ) -> Result<Vec<(i32, Option<i64>)>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let i = store::indicator(&mut conn, indicator_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut out = Vec::with_capacity(years.len());
        for y in years {
            let v = match store::snapshot(&mut conn, i.id, *y).await? {
                Some(v) => Some(v),
                None => realised(&mut conn, &i, *y, *y).await?.0,
            };
            out.push((*y, v));
        }
        Ok(out)
    }

    /// The records an indicator counts in a year (at most [`DRILL_LIMIT`]), with the count.
    pub async fn indicator_records(
        &self,
        actor: &Actor,
        indicator_id: i64,
        year: i32,
    ) -> Result<(IndicatorYear, Vec<Counted>)> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        let i = store::indicator(&mut conn, indicator_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let frozen = store::frozen(&mut conn, year).await?.is_some();
        let records = store::counted(&mut conn, i.data.measure, &i.data.filters, year, year, DRILL_LIMIT).await?;
        Ok((indicator_year(&mut conn, i, year, frozen).await?, records))
    }

    pub async fn frozen_years(&self, actor: &Actor) -> Result<Vec<FrozenYear>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::frozen_years(&mut conn).await?)
    }

    /// Freezes a year: the realised value of every indicator is kept as it is now, and the
    /// year's targets, values, notes and finances can no longer change.
    pub async fn freeze_year(&self, actor: &Actor, year: Option<&str>) -> Result<()> {
        actor.require(Role::Editor)?;
        let year = middenveld_domain::accountability::parse_year(year).map_err(|c| invalid(YEAR, c))?;
        let mut tx = self.db.begin().await?;
        let mut values = Vec::new();
        for o in store::objectives(&mut tx, None).await? {
            for i in store::indicators(&mut tx, o.id).await? {
                if let (Some(v), _) = realised(&mut tx, &i, year, year).await? {
                    values.push((i.id, v));
                }
            }
        }
        if !store::freeze(&mut tx, year, &actor.name, &middenveld_store::now(), &values).await? {
            return Err(invalid(YEAR, ErrorCode::YearFrozen { year }));
        }
        audit::write(
            &mut tx,
            actor,
            YEAR,
            i64::from(year),
            Action::Update,
            &audit::note("bevroren", "", &format!("{} indicatoren", values.len())),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unfreezes a year (administrators only; audited).
    pub async fn unfreeze_year(&self, actor: &Actor, year: i32) -> Result<()> {
        actor.require(Role::Admin)?;
        let mut tx = self.db.begin().await?;
        if !store::unfreeze(&mut tx, year).await? {
            return Err(ServiceError::NotFound);
        }
        audit::write(
            &mut tx,
            actor,
            YEAR,
            i64::from(year),
            Action::Update,
            &audit::note("bevroren", "ja", "nee"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The annual report of a year: every objective with actions, a note, finances or a
    /// target for the year, by code.
    pub async fn annual_report(&self, actor: &Actor, year: i32) -> Result<AnnualReport> {
        actor.require(Role::Viewer)?;
        if !middenveld_domain::accountability::YEARS.contains(&year) {
            return Err(invalid(YEAR, ErrorCode::YearFormat));
        }
        let mut conn = self.db.conn().await?;
        let frozen = store::frozen(&mut conn, year).await?;
        let mut chapters = Vec::new();
        for o in store::objectives(&mut conn, None).await? {
            let programme = store::programme(&mut conn, o.programme_id)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let in_programme = year >= programme.data.start_year && programme.data.end_year.is_none_or(|e| year <= e);
            let oy = Self::objective_year_in(&mut conn, o, year).await?;
            let has_target = oy.indicators.iter().any(|i| i.target.is_some() || i.period.is_some());
            if !(in_programme || oy.note.is_some() || oy.finance.is_some() || has_target) {
                continue;
            }
            let chapter = chapter_of(&oy);
            chapters.push((oy, chapter));
        }
        Ok(AnnualReport { year, frozen, chapters })
    }
}

/// The chapter of an objective in a year.
pub fn chapter_of(oy: &ObjectiveYear) -> Chapter {
    let d = &oy.objective.data;
    Chapter {
        code: d.code.clone(),
        name: d.name.clone(),
        context: d.context.clone(),
        actions: oy.actions.iter().map(|a| a.text.clone()).collect(),
        progress_note: oy.note.clone(),
        results: oy
            .indicators
            .iter()
            .filter(|i| i.realised.is_some())
            .map(|i| (i.indicator.data.name.clone(), i.display()))
            .collect(),
        finance: oy.finance.clone(),
        portfolio_holder: d.portfolio_holder.clone(),
        province_role: d.province_role.clone(),
        duration: d.duration.clone(),
        reserve_name: oy.objective.reserve_name.clone(),
        reserve_relation: d.reserve_relation.clone(),
        decision_references: d.decision_references.clone(),
        website: d.website.clone(),
    }
}

/// An objective code already in use is a conflict on the code field.
fn code_taken(e: middenveld_store::StoreError) -> ServiceError {
    match e {
        middenveld_store::StoreError::Unique => ServiceError::Conflict {
            errors: ValidationErrors::one(objective_field::CODE, ErrorCode::CodeTaken),
            existing: None,
        },
        other => other.into(),
    }
}
