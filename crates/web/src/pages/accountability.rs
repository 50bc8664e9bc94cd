//! Accountability pages: programmes with their performance objectives ("prestaties"), an
//! objective in one year (actions, indicators with target, status and chart, the progress note,
//! the finances), the indicator drill-down with targets and values by hand, and the annual
//! report with its downloads and frozen years.

use super::*;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Chrome, Field, FieldKind, FormView, HistoryItem, InlineForm, Item, Nav, Section, Table};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use middenveld_domain::accountability::{
    Comparison, Display, Finance, FinanceInput, FinanceLineInput, FinanceLineKind, IndicatorInput, Measure, Objective,
    ObjectiveInput, Programme, ProgrammeInput, TargetStatus, YEARS, dutch_count, finance_field,
};
use middenveld_domain::enums::{Coded, OrganisationKind, SupportInstrument};
use middenveld_domain::report::Block;
use middenveld_domain::{ErrorCode, Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::accountability::{DRILL_LIMIT, IndicatorYear};
use middenveld_services::store::accountability::{FrozenYear, IndicatorRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmas", get(programmes))
        .route("/programmas/nieuw", get(new_programme_form).post(create_programme))
        .route("/programmas/{id}", get(programme_detail))
        .route(
            "/programmas/{id}/bewerken",
            get(edit_programme_form).post(update_programme),
        )
        .route(
            "/programmas/{id}/verwijderen",
            get(confirm_delete_programme).post(delete_programme),
        )
        .route("/programmas/{id}/prestaties", post(create_objective))
        .route("/prestaties/{id}", get(objective_page))
        .route(
            "/prestaties/{id}/bewerken",
            get(edit_objective_form).post(update_objective),
        )
        .route(
            "/prestaties/{id}/verwijderen",
            get(confirm_delete_objective).post(delete_objective),
        )
        .route(
            "/prestaties/{id}/acties/nieuw",
            get(new_action_form).post(create_action),
        )
        .route(
            "/prestaties/{id}/indicatoren/nieuw",
            get(new_indicator_form).post(create_indicator),
        )
        .route("/prestaties/{id}/toelichting", post(set_note))
        .route("/prestaties/{id}/financien", post(set_finance))
        .route("/acties/{id}/bewerken", get(edit_action_form).post(update_action))
        .route(
            "/acties/{id}/verwijderen",
            get(confirm_delete_action).post(delete_action),
        )
        .route("/indicatoren/{id}", get(indicator_page))
        .route(
            "/indicatoren/{id}/bewerken",
            get(edit_indicator_form).post(update_indicator),
        )
        .route(
            "/indicatoren/{id}/verwijderen",
            get(confirm_delete_indicator).post(delete_indicator),
        )
        .route("/indicatoren/{id}/doelen", get(targets_page).post(set_target))
        .route(
            "/indicatoren/{id}/doelen/{doel}/verwijderen",
            get(confirm_delete_target).post(delete_target),
        )
        .route("/indicatoren/{id}/waarden", get(values_page).post(set_value))
        .route(
            "/indicatoren/{id}/waarden/{jaar}/verwijderen",
            get(confirm_delete_value).post(delete_value),
        )
        .route("/jaarverslag", get(reports))
        .route("/jaarverslag/bevriezen", get(confirm_freeze).post(freeze))
        .route("/jaarverslag/ontdooien", get(confirm_unfreeze).post(unfreeze))
        // `{jaar}` is the page, `{jaar}.md` and `{jaar}.docx` the downloads (the router has no
        // parameters with a suffix, so one handler reads the segment).
        .route("/jaarverslag/{jaar}", get(report))
        .route("/jaarverslag/{jaar}/indicatoren.xlsx", get(report_xlsx))
}

/// Lines of the finance form.
const FINANCE_LINES: usize = 8;

const MARKDOWN_TYPE: &str = "text/markdown; charset=utf-8";
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// ---------------------------------------------------------------------------------------------
// Shared helpers

fn this_year() -> i32 {
    middenveld_domain::LocalDateTime::now().date().year()
}

fn can_edit(staff: &Staff) -> bool {
    staff.user.role.allows(Role::Editor)
}

/// A year as Middenveld accepts it; anything else is no page.
fn strict_year(v: &str) -> Result<i32, AppError> {
    v.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or(AppError::NotFound)
}

/// The year of a page: none is the current year.
fn year_of(v: Option<&str>) -> Result<i32, AppError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(this_year()),
        Some(s) => strict_year(s),
    }
}

/// The year a form sent (a hidden field); the current year when it cannot be read, and the
/// service names the error.
fn posted_year(v: &Option<String>) -> i32 {
    v.as_deref()
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| YEARS.contains(y))
        .unwrap_or_else(this_year)
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn or_dash(v: &Option<String>) -> Cell {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Cell::text(s),
        None => Cell::text("—"),
    }
}

/// Query of the pages that show one year.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct YearQuery {
    jaar: Option<String>,
    melding: Option<String>,
    actie: Option<String>,
}

fn notice_of(tx: &Texts, code: Option<&str>) -> Option<String> {
    match code {
        Some("bevroren") => Some(tx.acc_notice_frozen.into()),
        Some("ontdooid") => Some(tx.acc_notice_unfrozen.into()),
        other => notice(tx, other),
    }
}

/// An option of a select that the page writes itself.
#[derive(Debug, Clone)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

/// Years to choose from, oldest first, marked when selected.
fn year_options(mut years: Vec<i32>, selected: i32) -> Vec<Opt> {
    years.push(selected);
    years.retain(|y| YEARS.contains(y));
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|y| Opt {
            value: y.to_string(),
            label: y.to_string(),
            selected: y == selected,
        })
        .collect()
}

fn programme_years(tx: &Texts, p: &Programme) -> String {
    match p.end_year {
        Some(end) if end == p.start_year => end.to_string(),
        Some(end) => format!("{}–{end}", p.start_year),
        None => format!("{} {}", tx.acc_programme_from, p.start_year),
    }
}

fn status_badge(s: TargetStatus) -> &'static str {
    match s {
        TargetStatus::Achieved => "utrecht-status-badge--safe",
        TargetStatus::OnTrack => "middenveld-status--info",
        TargetStatus::Behind => "utrecht-status-badge--warning",
        TargetStatus::Missed => "utrecht-status-badge--danger",
        TargetStatus::NoTarget => "utrecht-status-badge--neutral",
    }
}

/// The labels of the accountability fields in the history (the shared ones are already named).
fn relabel(tx: &Texts, mut items: Vec<HistoryItem>) -> Vec<HistoryItem> {
    for item in &mut items {
        for change in &mut item.changes {
            let label = match change.0.as_str() {
                "beginjaar" => tx.acc_programme_start,
                "eindjaar" => tx.acc_programme_end,
                "besluit" => tx.acc_programme_decision,
                "reserve" => tx.acc_programme_reserve,
                "code" => tx.acc_objective_code,
                "context" => tx.acc_objective_context,
                "portefeuillehouder" => tx.acc_objective_portfolio_holder,
                "rolProvincie" => tx.acc_objective_role,
                "looptijd" => tx.acc_objective_duration,
                "relatieReserve" => tx.acc_objective_reserve,
                "besluiten" => tx.acc_objective_decisions,
                "telling" => tx.acc_measure,
                "eenheid" => tx.acc_unit,
                "vergelijking" => tx.acc_comparison,
                "nulmeting" => tx.acc_baseline,
                "weergave" => tx.acc_display,
                "afronding" => tx.acc_step,
                "volgorde" => tx.acc_position,
                "themaId" => tx.theme,
                "netwerkId" => tx.network,
                "instrument" => tx.field_instrument,
                "soortOrganisatie" => tx.acc_organisation_kind,
                "gemeente" => tx.field_municipality,
                _ => continue,
            };
            change.0 = label.to_string();
        }
    }
    items
}

/// A short message page for a refused action (a delete while a frozen year keeps its values).
#[derive(Template)]
#[template(path = "accountability_message.html")]
struct MessageTemplate {
    chrome: Chrome,
    heading: String,
    text: String,
    back_href: String,
}

fn refused_page(staff: &Staff, e: ServiceError, back_href: String) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    match e {
        ServiceError::Invalid(errors) | ServiceError::Conflict { errors, .. } => {
            let text = errors
                .0
                .iter()
                .map(|f| f.code.message(lang))
                .collect::<Vec<_>>()
                .join(" ");
            Ok(render(
                StatusCode::CONFLICT,
                &MessageTemplate {
                    chrome: staff.ctx.chrome(tx.acc_refused, Nav::Accountability),
                    heading: tx.acc_refused.into(),
                    text,
                    back_href,
                },
            ))
        }
        other => Err(other.into()),
    }
}

/// A confirmation that does something other than delete (freeze, unfreeze a year).
#[derive(Template)]
#[template(path = "accountability_confirm.html")]
struct ActConfirmTemplate {
    chrome: Chrome,
    heading: String,
    consequences: Vec<String>,
    action: String,
    hidden: Vec<(String, String)>,
    submit: String,
    cancel_href: String,
}

fn download(body: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// A form page answered after a refused POST: 422 for field errors, 409 for a conflict.
fn refused_form(
    staff: &Staff,
    e: ServiceError,
    form: impl FnOnce(&ValidationErrors) -> FormView,
) -> Result<Response, AppError> {
    let (status, errors) = match e {
        ServiceError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        ServiceError::Conflict { errors, .. } => (StatusCode::CONFLICT, errors),
        other => return Err(other.into()),
    };
    let form = form(&errors);
    let chrome = staff.ctx.chrome(form.heading.clone(), Nav::Accountability);
    Ok(form_response(status, chrome, form))
}

fn plain_form(
    heading: String,
    intro: Option<&str>,
    action: String,
    cancel: String,
    fields: Vec<Field>,
    submit: &str,
) -> FormView {
    FormView {
        heading,
        intro: intro.map(str::to_string),
        action,
        fields,
        submit: submit.into(),
        cancel_href: cancel,
        alert: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Programmes

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ProgrammaInvoer {
    naam: Option<String>,
    omschrijving: Option<String>,
    beginjaar: Option<String>,
    eindjaar: Option<String>,
    besluit: Option<String>,
    reserve: Option<String>,
}

impl From<ProgrammaInvoer> for ProgrammeInput {
    fn from(v: ProgrammaInvoer) -> Self {
        ProgrammeInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
            start_year: v.beginjaar,
            end_year: v.eindjaar,
            decision_reference: v.besluit,
            reserve_name: v.reserve,
        }
    }
}

impl From<&Programme> for ProgrammaInvoer {
    fn from(p: &Programme) -> Self {
        ProgrammaInvoer {
            naam: Some(p.name.clone()),
            omschrijving: p.description.clone(),
            beginjaar: Some(p.start_year.to_string()),
            eindjaar: p.end_year.map(|y| y.to_string()),
            besluit: p.decision_reference.clone(),
            reserve: p.reserve_name.clone(),
        }
    }
}

fn programme_fields(tx: &Texts, lang: Lang, v: &ProgrammaInvoer, e: &ValidationErrors) -> Vec<Field> {
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
        Field::text("beginjaar", tx.acc_programme_start)
            .value(opt(&v.beginjaar))
            .hint(tx.acc_year_hint)
            .narrow()
            .required(),
        Field::text("eindjaar", tx.acc_programme_end)
            .value(opt(&v.eindjaar))
            .hint(tx.acc_programme_end_hint)
            .narrow(),
        Field::text("besluit", tx.acc_programme_decision)
            .value(opt(&v.besluit))
            .hint(tx.acc_programme_decision_hint),
        Field::text("reserve", tx.acc_programme_reserve)
            .value(opt(&v.reserve))
            .hint(tx.acc_programme_reserve_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

#[derive(Template)]
#[template(path = "accountability_programmes.html")]
struct ProgrammesTemplate {
    chrome: Chrome,
    table: Table,
}

async fn programmes(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let list = s.services.programmes(&staff.actor()).await?;
    let table = Table {
        id: "t-programmas".into(),
        caption: tx.acc_programmes.into(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.acc_programme_years),
            Column::plain(tx.acc_programme_decision),
            Column {
                numeric: true,
                ..Column::plain(tx.acc_objectives)
            },
        ],
        rows: list
            .iter()
            .map(|p| {
                vec![
                    Cell::link(p.data.name.clone(), format!("/programmas/{}", p.id)),
                    Cell::text(programme_years(tx, &p.data)),
                    or_dash(&p.data.decision_reference),
                    Cell::number(p.objective_count),
                ]
            })
            .collect(),
    };
    let mut chrome = staff.ctx.chrome(tx.acc_programmes, Nav::Accountability);
    chrome.notice = notice_of(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &ProgrammesTemplate { chrome, table }))
}

async fn new_programme_form(staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let form = plain_form(
        tx.acc_programme_new.into(),
        Some(tx.acc_programmes_intro),
        "/programmas/nieuw".into(),
        "/programmas".into(),
        programme_fields(
            tx,
            staff.ctx.lang,
            &ProgrammaInvoer::default(),
            &ValidationErrors::new(),
        ),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.acc_programme_new, Nav::Accountability),
        form,
    ))
}

async fn create_programme(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<ProgrammaInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_programme(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/programmas/{id}?melding=aangemaakt"))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    tx.acc_programme_new.into(),
                    Some(tx.acc_programmes_intro),
                    "/programmas/nieuw".into(),
                    "/programmas".into(),
                    programme_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn edit_programme_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let p = s.services.programme(&staff.actor(), id).await?;
    let heading = format!("{}: {}", tx.edit, p.data.name);
    let form = plain_form(
        heading.clone(),
        None,
        format!("/programmas/{id}/bewerken"),
        format!("/programmas/{id}"),
        programme_fields(
            tx,
            staff.ctx.lang,
            &ProgrammaInvoer::from(&p.data),
            &ValidationErrors::new(),
        ),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn update_programme(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ProgrammaInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_programme(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/programmas/{id}?melding=gewijzigd"))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.edit, opt(&v.naam)),
                    None,
                    format!("/programmas/{id}/bewerken"),
                    format!("/programmas/{id}"),
                    programme_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn programme_detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let p = s.services.programme(&actor, id).await?;
    let objectives = s.services.objectives(&actor, Some(id)).await?;
    let items = vec![
        Item {
            label: tx.field_omschrijving.into(),
            value: or_dash(&p.data.description),
        },
        Item {
            label: tx.acc_programme_years.into(),
            value: Cell::text(programme_years(tx, &p.data)),
        },
        Item {
            label: tx.acc_programme_decision.into(),
            value: or_dash(&p.data.decision_reference),
        },
        Item {
            label: tx.acc_programme_reserve.into(),
            value: or_dash(&p.data.reserve_name),
        },
        Item {
            label: tx.acc_report.into(),
            value: Cell::link(tx.acc_report, "/jaarverslag"),
        },
    ];
    let section = Section {
        id: "prestaties".into(),
        title: tx.acc_objectives.into(),
        table: Table {
            id: "t-prestaties".into(),
            caption: tx.acc_objectives.into(),
            columns: vec![Column::plain(tx.acc_objective_code), Column::plain(tx.field_name)],
            rows: objectives
                .iter()
                .map(|o| {
                    let href = format!("/prestaties/{}", o.id);
                    vec![
                        Cell::link(o.data.code.clone(), href.clone()),
                        Cell::link(o.data.name.clone(), href),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: can_edit(&staff).then(|| InlineForm {
            heading: tx.acc_objective_new.into(),
            action: format!("/programmas/{id}/prestaties"),
            fields: objective_fields(tx, lang, &PrestatieInvoer::default(), &ValidationErrors::new()),
            submit: tx.save.into(),
        }),
    };
    let detail = DetailView {
        heading: p.data.name.clone(),
        subtitle: Some(tx.acc_programme.into()),
        edit_href: Some(format!("/programmas/{id}/bewerken")),
        delete_href: Some(format!("/programmas/{id}/verwijderen")),
        items,
        sections: vec![section],
        history: relabel(
            tx,
            history(tx, &s.services.programme_history(&staff.actor(), id).await?),
        ),
    };
    let mut chrome = staff.ctx.chrome(p.data.name.clone(), Nav::Accountability);
    chrome.notice = notice_of(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete_programme(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let p = s.services.programme(&staff.actor(), id).await?;
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{} {}", p.data.name, tx.confirm_delete),
        p.data.name.clone(),
        vec![tx.acc_programme_delete_cascade.into()],
        format!("/programmas/{id}/verwijderen"),
        format!("/programmas/{id}"),
    ))
}

async fn delete_programme(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    match s.services.delete_programme(&staff.actor(), id).await {
        Ok(()) => Ok(see_other("/programmas?melding=verwijderd")),
        Err(e) => refused_page(&staff, e, format!("/programmas/{id}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Objectives: basic information

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct PrestatieInvoer {
    code: Option<String>,
    naam: Option<String>,
    context: Option<String>,
    portefeuillehouder: Option<String>,
    rol_provincie: Option<String>,
    looptijd: Option<String>,
    relatie_reserve: Option<String>,
    besluiten: Option<String>,
    website: Option<String>,
}

impl From<PrestatieInvoer> for ObjectiveInput {
    fn from(v: PrestatieInvoer) -> Self {
        ObjectiveInput {
            code: v.code.unwrap_or_default(),
            name: v.naam.unwrap_or_default(),
            context: v.context,
            portfolio_holder: v.portefeuillehouder,
            province_role: v.rol_provincie,
            duration: v.looptijd,
            reserve_relation: v.relatie_reserve,
            decision_references: v.besluiten,
            website: v.website,
        }
    }
}

impl From<&Objective> for PrestatieInvoer {
    fn from(o: &Objective) -> Self {
        PrestatieInvoer {
            code: Some(o.code.clone()),
            naam: Some(o.name.clone()),
            context: o.context.clone(),
            portefeuillehouder: o.portfolio_holder.clone(),
            rol_provincie: o.province_role.clone(),
            looptijd: o.duration.clone(),
            relatie_reserve: o.reserve_relation.clone(),
            besluiten: o.decision_references.clone(),
            website: o.website.clone(),
        }
    }
}

fn objective_fields(tx: &Texts, lang: Lang, v: &PrestatieInvoer, e: &ValidationErrors) -> Vec<Field> {
    vec![
        Field::text("code", tx.acc_objective_code)
            .value(opt(&v.code))
            .hint(tx.acc_objective_code_hint)
            .narrow()
            .required(),
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("context", tx.acc_objective_context, FieldKind::Textarea).value(opt(&v.context)),
        Field::text("portefeuillehouder", tx.acc_objective_portfolio_holder).value(opt(&v.portefeuillehouder)),
        Field::new("rolProvincie", tx.acc_objective_role, FieldKind::Textarea).value(opt(&v.rol_provincie)),
        Field::new("looptijd", tx.acc_objective_duration, FieldKind::Textarea)
            .value(opt(&v.looptijd))
            .hint(tx.acc_objective_duration_hint),
        Field::new("relatieReserve", tx.acc_objective_reserve, FieldKind::Textarea).value(opt(&v.relatie_reserve)),
        Field::new("besluiten", tx.acc_objective_decisions, FieldKind::Textarea)
            .value(opt(&v.besluiten))
            .hint(tx.acc_objective_decisions_hint),
        Field::text("website", tx.acc_objective_website)
            .value(opt(&v.website))
            .autocomplete("url"),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn create_objective(
    State(s): State<AppState>,
    staff: Staff,
    Id(programme_id): Id,
    CsrfForm(v): CsrfForm<PrestatieInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .create_objective(&staff.actor(), Some(programme_id), v.clone().into())
        .await
    {
        Ok(id) => Ok(see_other(&format!("/prestaties/{id}?melding=aangemaakt"))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            let p = s.services.programme(&staff.actor(), programme_id).await?;
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.acc_objective_new, p.data.name),
                    Some(tx.acc_objective_intro),
                    format!("/programmas/{programme_id}/prestaties"),
                    format!("/programmas/{programme_id}"),
                    objective_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn edit_objective_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let o = s.services.objective(&staff.actor(), id).await?;
    let heading = format!("{}: {} {}", tx.edit, o.data.code, o.data.name);
    let form = plain_form(
        heading.clone(),
        Some(tx.acc_objective_intro),
        format!("/prestaties/{id}/bewerken"),
        format!("/prestaties/{id}"),
        objective_fields(
            tx,
            staff.ctx.lang,
            &PrestatieInvoer::from(&o.data),
            &ValidationErrors::new(),
        ),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn update_objective(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<PrestatieInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_objective(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/prestaties/{id}?melding=gewijzigd"))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {} {}", tx.edit, opt(&v.code), opt(&v.naam)),
                    Some(tx.acc_objective_intro),
                    format!("/prestaties/{id}/bewerken"),
                    format!("/prestaties/{id}"),
                    objective_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn confirm_delete_objective(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let o = s.services.objective(&staff.actor(), id).await?;
    let name = format!("{} {}", o.data.code, o.data.name);
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{name} {}", tx.confirm_delete),
        name,
        vec![tx.acc_objective_delete_cascade.into()],
        format!("/prestaties/{id}/verwijderen"),
        format!("/prestaties/{id}"),
    ))
}

async fn delete_objective(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let o = s.services.objective(&staff.actor(), id).await?;
    match s.services.delete_objective(&staff.actor(), id).await {
        Ok(()) => Ok(see_other(&format!("/programmas/{}?melding=verwijderd", o.programme_id))),
        Err(e) => refused_page(&staff, e, format!("/prestaties/{id}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Objectives: one year (actions, indicators, note, finances)

/// A block of report text as the page writes it.
#[derive(Debug, Clone, Default)]
struct BlockView {
    /// h1…h4, p, label, ul or ol.
    tag: &'static str,
    class: &'static str,
    text: String,
    lines: Vec<String>,
    items: Vec<String>,
}

/// Blocks as HTML elements; every chapter title after the first starts a printed page.
fn block_views(blocks: Vec<Block>) -> Vec<BlockView> {
    let mut first_chapter = true;
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Heading { level, text } => {
                let tag = match level {
                    0 | 1 => "h1",
                    2 => "h2",
                    3 => "h3",
                    _ => "h4",
                };
                let class = if tag == "h2" && !std::mem::take(&mut first_chapter) {
                    "middenveld-report__chapter"
                } else {
                    ""
                };
                BlockView {
                    tag,
                    class,
                    text,
                    ..BlockView::default()
                }
            }
            Block::Paragraph(t) => BlockView {
                tag: "p",
                lines: t.lines().map(str::to_string).collect(),
                ..BlockView::default()
            },
            Block::Label(text) => BlockView {
                tag: "label",
                text,
                ..BlockView::default()
            },
            Block::Bullets(items) => BlockView {
                tag: "ul",
                items,
                ..BlockView::default()
            },
            Block::Numbered(items) => BlockView {
                tag: "ol",
                items,
                ..BlockView::default()
            },
        })
        .collect()
}

/// A bar chart of an indicator over the programme's years, drawn on the server.
#[derive(Debug, Clone)]
struct Chart {
    id: String,
    title: String,
    desc: String,
    width: i64,
    height: i64,
    base_y: i64,
    year_y: i64,
    bars: Vec<Bar>,
}

#[derive(Debug, Clone)]
struct Bar {
    x: i64,
    width: i64,
    y: i64,
    height: i64,
    cx: i64,
    label: String,
    label_y: i64,
    year: i32,
    /// The target marker: from x, to x, at y.
    target: Option<(i64, i64, i64)>,
}

fn chart(tx: &Texts, i: &IndicatorRecord, series: &[(i32, Option<i64>)]) -> Chart {
    const LEFT: i64 = 12;
    const SLOT: i64 = 64;
    const BAR: i64 = 36;
    const TOP: i64 = 24;
    const PLOT: i64 = 120;
    let target_of = |year: i32| {
        i.targets
            .iter()
            .map(|(_, t)| *t)
            .find(|t| t.is_year() && t.covers(year))
            .map(|t| t.value)
    };
    let max = series
        .iter()
        .filter_map(|(_, v)| *v)
        .chain(series.iter().filter_map(|(y, _)| target_of(*y)))
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |v: i64| (i128::from(v.max(0)) * i128::from(PLOT) / i128::from(max)) as i64;
    let base_y = TOP + PLOT;
    let mut described = Vec::new();
    let bars: Vec<Bar> = series
        .iter()
        .enumerate()
        .map(|(k, (year, value))| {
            let x = LEFT + k as i64 * SLOT + (SLOT - BAR) / 2;
            let height = value.map(scale).unwrap_or(0);
            let y = base_y - height;
            let target = target_of(*year);
            let marker = target.map(|t| (x - 6, x + BAR + 6, base_y - scale(t)));
            let top = marker.map(|m| m.2).unwrap_or(y).min(y);
            let label = value.map(dutch_count).unwrap_or_else(|| "—".into());
            let shown = value.map(dutch_count).unwrap_or_else(|| tx.acc_chart_no_value.into());
            described.push(match target {
                Some(t) => format!("{year}: {shown} ({} {})", tx.acc_target.to_lowercase(), dutch_count(t)),
                None => format!("{year}: {shown}"),
            });
            Bar {
                x,
                width: BAR,
                y,
                height,
                cx: x + BAR / 2,
                label,
                label_y: top - 6,
                year: *year,
                target: marker,
            }
        })
        .collect();
    let first = series.first().map(|(y, _)| *y).unwrap_or_default();
    let last = series.last().map(|(y, _)| *y).unwrap_or_default();
    Chart {
        id: format!("grafiek-{}", i.id),
        title: format!("{}: {} {first}–{last}", i.data.name, tx.acc_chart_over),
        desc: format!("{}: {}.", tx.acc_realised, described.join("; ")),
        width: LEFT * 2 + SLOT * series.len().max(1) as i64,
        height: base_y + 24,
        base_y,
        year_y: base_y + 18,
        bars,
    }
}

/// One indicator in the table under its action.
#[derive(Debug, Clone)]
struct IndicatorRow {
    id: i64,
    name: String,
    measure: String,
    target: String,
    period: Option<String>,
    realised: String,
    status: String,
    status_class: &'static str,
    manual: bool,
}

fn realised_text(tx: &Texts, iy: &IndicatorYear) -> String {
    match iy.realised {
        Some(v) => {
            let shown = iy.display();
            let exact = dutch_count(v);
            if shown == exact {
                shown
            } else {
                format!("{shown} ({} {exact})", tx.acc_exact)
            }
        }
        None => "—".into(),
    }
}

fn indicator_row(tx: &Texts, lang: Lang, iy: &IndicatorYear) -> IndicatorRow {
    let d = &iy.indicator.data;
    IndicatorRow {
        id: iy.indicator.id,
        name: d.name.clone(),
        measure: d.measure.label(lang).into(),
        target: iy.target.map(|t| dutch_count(t.value)).unwrap_or_else(|| "—".into()),
        period: iy.period.map(|(t, v, st)| {
            format!(
                "{} {}: {} ({} {}, {})",
                tx.acc_period,
                t.period_label(),
                dutch_count(t.value),
                tx.acc_period_so_far,
                dutch_count(v),
                st.label(lang).to_lowercase()
            )
        }),
        realised: realised_text(tx, iy),
        status: iy.status.label(lang).into(),
        status_class: status_badge(iy.status),
        manual: d.measure == Measure::Manual,
    }
}

#[derive(Debug, Clone)]
struct ActionView {
    id: i64,
    number: usize,
    text: String,
    indicators: Vec<IndicatorRow>,
}

/// A form of the year (note, finances): its fields, and an error that belongs to no field
/// (a frozen year).
#[derive(Debug, Clone)]
struct YearForm {
    fields: Vec<Field>,
    alert: Option<String>,
}

/// One line of the finance form, its fields numbered so that every id is unique.
#[derive(Debug, Clone)]
struct LineView {
    number: usize,
    kind_options: Vec<Opt>,
    amount: String,
    text: String,
    kind_error: Option<String>,
    amount_error: Option<String>,
    text_error: Option<String>,
}

#[derive(Debug, Clone)]
struct FinanceForm {
    fields: Vec<Field>,
    lines: Vec<LineView>,
    acknowledge: Option<Field>,
    alert: Option<String>,
}

#[derive(Debug, Clone)]
struct ObjectiveView {
    id: i64,
    heading: String,
    programme_href: String,
    programme_name: String,
    year: i32,
    year_action: String,
    year_options: Vec<Opt>,
    frozen: Option<String>,
    items: Vec<Item>,
    actions: Vec<ActionView>,
    note: Vec<BlockView>,
    note_form: Option<YearForm>,
    finance_items: Vec<Item>,
    finance_lines: Table,
    finance_form: Option<FinanceForm>,
    errors: Vec<(String, String)>,
    history: Vec<HistoryItem>,
}

#[derive(Template)]
#[template(path = "accountability_objective.html")]
struct ObjectiveTemplate {
    chrome: Chrome,
    v: ObjectiveView,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ToelichtingInvoer {
    jaar: Option<String>,
    tekst: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct FinancienInvoer {
    jaar: Option<String>,
    begroot: Option<String>,
    gerealiseerd: Option<String>,
    saldo: Option<String>,
    samenstelling: Option<String>,
    regel_soort: Vec<String>,
    regel_bedrag: Vec<String>,
    regel_tekst: Vec<String>,
    afwijking_gezien: Option<String>,
}

impl FinancienInvoer {
    fn lines(&self) -> Vec<FinanceLineInput> {
        let n = self
            .regel_soort
            .len()
            .max(self.regel_bedrag.len())
            .max(self.regel_tekst.len());
        (0..n)
            .map(|i| FinanceLineInput {
                kind: self.regel_soort.get(i).cloned(),
                amount: self.regel_bedrag.get(i).cloned(),
                text: self.regel_tekst.get(i).cloned(),
            })
            .collect()
    }

    fn acknowledged(&self) -> bool {
        self.afwijking_gezien.as_deref().is_some_and(|v| !v.trim().is_empty())
    }

    fn input(&self) -> FinanceInput {
        FinanceInput {
            year: self.jaar.clone(),
            budget: self.begroot.clone(),
            realised: self.gerealiseerd.clone(),
            balance: self.saldo.clone(),
            composition: self.samenstelling.clone(),
            lines: self.lines(),
            acknowledged: self.acknowledged(),
        }
    }

    fn of(f: &Finance) -> Self {
        FinancienInvoer {
            jaar: Some(f.year.to_string()),
            begroot: f.budget.map(|e| e.dutch()),
            gerealiseerd: f.realised.map(|e| e.dutch()),
            saldo: Some(f.balance.dutch()),
            samenstelling: f.composition.clone(),
            regel_soort: f.lines.iter().map(|l| l.kind.code().to_string()).collect(),
            regel_bedrag: f.lines.iter().map(|l| l.amount.dutch()).collect(),
            regel_tekst: f.lines.iter().map(|l| l.text.clone()).collect(),
            afwijking_gezien: f.acknowledged.then(|| "ja".to_string()),
        }
    }
}

/// The errors of one finance line on its own (the service names the line fields, not the line).
fn line_errors(line: &FinanceLineInput) -> ValidationErrors {
    FinanceInput {
        year: Some(YEARS.start().to_string()),
        balance: Some("0".into()),
        lines: vec![line.clone()],
        acknowledged: true,
        ..FinanceInput::default()
    }
    .parse()
    .err()
    .unwrap_or_default()
}

/// Messages of the errors on the hidden year field (a frozen year).
fn year_alert(e: &ValidationErrors, lang: Lang) -> Option<String> {
    let messages: Vec<String> =
        e.0.iter()
            .filter(|f| f.field == finance_field::YEAR)
            .map(|f| f.code.message(lang))
            .collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

fn note_form(tx: &Texts, lang: Lang, v: &ToelichtingInvoer, e: &ValidationErrors) -> YearForm {
    YearForm {
        fields: vec![
            Field::new("tekst", tx.acc_progress_note, FieldKind::Textarea)
                .value(opt(&v.tekst))
                .hint(tx.acc_note_hint)
                .required()
                .errors_from(e, lang),
        ],
        alert: year_alert(e, lang),
    }
}

fn finance_form(tx: &Texts, lang: Lang, v: &FinancienInvoer, e: &ValidationErrors) -> FinanceForm {
    let fields = vec![
        Field::text("begroot", tx.acc_finance_budget)
            .value(opt(&v.begroot))
            .hint(tx.field_amount_hint)
            .narrow(),
        Field::text("gerealiseerd", tx.acc_finance_realised)
            .value(opt(&v.gerealiseerd))
            .hint(tx.field_amount_hint)
            .narrow(),
        Field::text("saldo", tx.acc_finance_balance)
            .value(opt(&v.saldo))
            .hint(tx.field_amount_hint)
            .narrow()
            .required(),
        Field::new("samenstelling", tx.acc_finance_composition, FieldKind::Textarea)
            .value(opt(&v.samenstelling))
            .hint(tx.acc_finance_composition_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect();
    let line_fields_refused = e.0.iter().any(|f| {
        [
            finance_field::LINE_KIND,
            finance_field::LINE_AMOUNT,
            finance_field::LINE_TEXT,
        ]
        .contains(&f.field)
    });
    let mut inputs = v.lines();
    if inputs.len() < FINANCE_LINES {
        inputs.resize(FINANCE_LINES, FinanceLineInput::default());
    }
    let lines = inputs
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let le = if line_fields_refused {
                line_errors(l)
            } else {
                ValidationErrors::new()
            };
            let message = |field: &str| le.for_field(field).map(|f| f.code.message(lang));
            let kind = opt(&l.kind);
            LineView {
                number: i + 1,
                kind_options: coded_options::<FinanceLineKind>(lang)
                    .into_iter()
                    .map(|(value, label)| Opt {
                        selected: value == kind,
                        value,
                        label,
                    })
                    .collect(),
                amount: opt(&l.amount),
                text: opt(&l.text),
                kind_error: message(finance_field::LINE_KIND),
                amount_error: message(finance_field::LINE_AMOUNT),
                text_error: message(finance_field::LINE_TEXT),
            }
        })
        .collect();
    let difference = e.for_field(finance_field::ACKNOWLEDGED).is_some();
    let acknowledge = (difference || v.acknowledged()).then(|| {
        Field::new(
            finance_field::ACKNOWLEDGED,
            tx.acc_finance_difference,
            FieldKind::Checkboxes,
        )
        .options(vec![("ja".into(), tx.acc_finance_ack.into())])
        .values(if v.acknowledged() {
            vec!["ja".into()]
        } else {
            Vec::new()
        })
        .errors_from(e, lang)
    });
    FinanceForm {
        fields,
        lines,
        acknowledge,
        alert: year_alert(e, lang),
    }
}

/// The forms of the year as submitted, when a POST was refused.
#[derive(Default)]
struct Submitted {
    note: Option<(ToelichtingInvoer, ValidationErrors)>,
    finance: Option<(FinancienInvoer, ValidationErrors)>,
}

async fn objective_page(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    let year = year_of(q.jaar.as_deref())?;
    let notice = notice_of(staff.ctx.tx, q.melding.as_deref());
    render_objective(&s, &staff, id, year, Submitted::default(), StatusCode::OK, notice).await
}

fn frozen_text(tx: &Texts, f: &FrozenYear) -> String {
    format!(
        "{} {} {} {} {} {}. {}",
        tx.acc_frozen_year,
        f.year,
        tx.acc_frozen_on,
        dutch_time(&f.frozen_at),
        tx.by,
        f.frozen_by,
        tx.acc_frozen_rest
    )
}

async fn render_objective(
    s: &AppState,
    staff: &Staff,
    id: i64,
    year: i32,
    submitted: Submitted,
    status: StatusCode,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let oy = s.services.objective_year(&actor, id, year).await?;
    let programme = s.services.programme(&actor, oy.objective.programme_id).await?;
    let open = can_edit(staff) && oy.frozen.is_none();
    let o = &oy.objective.data;

    let mut actions = Vec::new();
    for (n, a) in oy.actions.iter().enumerate() {
        let mut indicators = Vec::new();
        for iy in oy.indicators.iter().filter(|i| i.indicator.action_id == a.id) {
            indicators.push(indicator_row(tx, lang, iy));
        }
        actions.push(ActionView {
            id: a.id,
            number: n + 1,
            text: a.text.clone(),
            indicators,
        });
    }

    let website = match o.website.as_deref() {
        Some(w) if w.starts_with("http://") || w.starts_with("https://") => Cell::link(w, w),
        _ => or_dash(&o.website),
    };
    let reserve_label = match &oy.objective.reserve_name {
        Some(r) => format!("{} {r}", tx.acc_objective_reserve),
        None => tx.acc_objective_reserve.to_string(),
    };
    let item = |label: &str, value: Cell| Item {
        label: label.into(),
        value,
    };
    let items = vec![
        item(tx.acc_objective_code, Cell::text(o.code.clone())),
        item(tx.field_name, Cell::text(o.name.clone())),
        item(
            tx.acc_programme,
            Cell::link(programme.data.name.clone(), format!("/programmas/{}", programme.id)),
        ),
        item(tx.acc_objective_context, or_dash(&o.context)),
        item(tx.acc_objective_portfolio_holder, or_dash(&o.portfolio_holder)),
        item(tx.acc_objective_role, or_dash(&o.province_role)),
        item(tx.acc_objective_duration, or_dash(&o.duration)),
        item(&reserve_label, or_dash(&o.reserve_relation)),
        item(tx.acc_objective_decisions, or_dash(&o.decision_references)),
        item(tx.acc_objective_website, website),
    ];

    let mut errors: Vec<(String, String)> = Vec::new();
    let note_form = match (&submitted.note, open) {
        (Some((v, e)), _) => {
            let f = note_form(tx, lang, v, e);
            collect_errors(&mut errors, &f.fields, &f.alert, "toelichting", tx.acc_progress_note);
            Some(f)
        }
        (None, true) => Some(note_form(
            tx,
            lang,
            &ToelichtingInvoer {
                jaar: Some(year.to_string()),
                tekst: oy.note.clone(),
            },
            &ValidationErrors::new(),
        )),
        (None, false) => None,
    };
    let finance_form = match (&submitted.finance, open) {
        (Some((v, e)), _) => {
            let f = finance_form(tx, lang, v, e);
            collect_errors(&mut errors, &f.fields, &f.alert, "financien", tx.acc_finances);
            for l in &f.lines {
                for (field, label, error) in [
                    ("regelSoort", tx.acc_finance_line_kind, &l.kind_error),
                    ("regelBedrag", tx.acc_finance_line_amount, &l.amount_error),
                    ("regelTekst", tx.acc_finance_line_text, &l.text_error),
                ] {
                    if let Some(message) = error {
                        errors.push((
                            format!("f-{field}-{}", l.number),
                            format!("{} {} – {label}: {message}", tx.acc_finance_line, l.number),
                        ));
                    }
                }
            }
            if let Some(a) = &f.acknowledge
                && let Some(message) = &a.error
            {
                errors.push((format!("{}-ja", a.id()), format!("{}: {message}", a.label)));
            }
            Some(f)
        }
        (None, true) => Some(finance_form(
            tx,
            lang,
            &oy.finance
                .as_ref()
                .map(FinancienInvoer::of)
                .unwrap_or_else(|| FinancienInvoer {
                    jaar: Some(year.to_string()),
                    ..FinancienInvoer::default()
                }),
            &ValidationErrors::new(),
        )),
        (None, false) => None,
    };

    let (finance_items, finance_lines) = match &oy.finance {
        Some(f) => finance_display(tx, lang, f),
        None => (Vec::new(), finance_lines_table(tx, lang, &[])),
    };
    let now = this_year();
    let mut years: Vec<i32> = programme.data.years_until(now.max(year)).collect();
    years.push(now);
    years.extend(s.services.written_years(&actor, id).await?);
    let heading = format!("{} {}", o.code, o.name);
    let v = ObjectiveView {
        id,
        heading: heading.clone(),
        programme_href: format!("/programmas/{}", programme.id),
        programme_name: programme.data.name.clone(),
        year,
        year_action: format!("/prestaties/{id}"),
        year_options: year_options(years, year),
        frozen: oy.frozen.as_ref().map(|f| frozen_text(tx, f)),
        items,
        actions,
        note: oy
            .note
            .as_deref()
            .map(|n| block_views(middenveld_domain::report::text_blocks(n)))
            .unwrap_or_default(),
        note_form,
        finance_items,
        finance_lines,
        finance_form,
        errors,
        history: relabel(tx, history(tx, &s.services.objective_history(&actor, id).await?)),
    };
    let mut chrome = staff.ctx.chrome(heading, Nav::Accountability);
    chrome.notice = notice;
    chrome.has_errors = !v.errors.is_empty();
    Ok(render(status, &ObjectiveTemplate { chrome, v }))
}

/// Adds the errors of a form to the page's error summary.
fn collect_errors(
    out: &mut Vec<(String, String)>,
    fields: &[Field],
    alert: &Option<String>,
    section: &str,
    section_label: &str,
) {
    if let Some(a) = alert {
        out.push((section.to_string(), format!("{section_label}: {a}")));
    }
    for f in fields {
        if let Some(e) = &f.error {
            out.push((f.id(), format!("{}: {e}", f.label)));
        }
    }
}

fn finance_lines_table(tx: &Texts, lang: Lang, f: &[middenveld_domain::accountability::FinanceLine]) -> Table {
    Table {
        id: "t-financien".into(),
        caption: tx.acc_finance_lines.into(),
        columns: vec![
            Column::plain(tx.acc_finance_line_kind),
            Column {
                numeric: true,
                ..Column::plain(tx.acc_finance_line_amount)
            },
            Column::plain(tx.acc_finance_line_text),
        ],
        rows: f
            .iter()
            .map(|l| {
                vec![
                    Cell::text(l.kind.label(lang)),
                    Cell {
                        numeric: true,
                        ..Cell::text(l.amount.dutch())
                    },
                    Cell::text(l.text.clone()),
                ]
            })
            .collect(),
    }
}

fn finance_display(tx: &Texts, lang: Lang, f: &Finance) -> (Vec<Item>, Table) {
    let euro = |e: Option<middenveld_domain::Euro>| Cell::text(e.map(|e| e.dutch()).unwrap_or_else(|| "—".into()));
    let items = vec![
        Item {
            label: tx.acc_finance_budget.into(),
            value: euro(f.budget),
        },
        Item {
            label: tx.acc_finance_realised.into(),
            value: euro(f.realised),
        },
        Item {
            label: tx.acc_finance_balance.into(),
            value: euro(Some(f.balance)),
        },
        Item {
            label: tx.acc_finance_composition.into(),
            value: or_dash(&f.composition),
        },
    ];
    (items, finance_lines_table(tx, lang, &f.lines))
}

async fn set_note(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ToelichtingInvoer>,
) -> Result<Response, AppError> {
    let year = posted_year(&v.jaar);
    match s
        .services
        .set_progress_note(
            &staff.actor(),
            id,
            v.jaar.as_deref(),
            v.tekst.as_deref().unwrap_or_default(),
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/prestaties/{id}?jaar={year}&melding=gewijzigd#toelichting"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let submitted = Submitted {
                note: Some((v, errors)),
                finance: None,
            };
            render_objective(&s, &staff, id, year, submitted, StatusCode::UNPROCESSABLE_ENTITY, None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_finance(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<FinancienInvoer>,
) -> Result<Response, AppError> {
    let year = posted_year(&v.jaar);
    match s.services.set_finance(&staff.actor(), id, v.input()).await {
        Ok(()) => Ok(see_other(&format!(
            "/prestaties/{id}?jaar={year}&melding=gewijzigd#financien"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let submitted = Submitted {
                note: None,
                finance: Some((v, errors)),
            };
            render_objective(&s, &staff, id, year, submitted, StatusCode::UNPROCESSABLE_ENTITY, None).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Actions

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ActieInvoer {
    tekst: Option<String>,
    volgorde: Option<String>,
}

fn action_fields(tx: &Texts, lang: Lang, v: &ActieInvoer, e: &ValidationErrors) -> Vec<Field> {
    vec![
        Field::new("tekst", tx.acc_action_text, FieldKind::Textarea)
            .value(opt(&v.tekst))
            .hint(tx.acc_action_text_hint)
            .required(),
        Field::text("volgorde", tx.acc_position)
            .value(opt(&v.volgorde))
            .hint(tx.acc_position_hint)
            .narrow(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn new_action_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let o = s.services.objective(&staff.actor(), id).await?;
    let heading = format!("{}: {} {}", tx.acc_action_add, o.data.code, o.data.name);
    let form = plain_form(
        heading.clone(),
        None,
        format!("/prestaties/{id}/acties/nieuw"),
        format!("/prestaties/{id}"),
        action_fields(tx, staff.ctx.lang, &ActieInvoer::default(), &ValidationErrors::new()),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn create_action(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ActieInvoer>,
) -> Result<Response, AppError> {
    let text = opt(&v.tekst);
    match s
        .services
        .create_action(&staff.actor(), id, &text, v.volgorde.as_deref())
        .await
    {
        Ok(action) => Ok(see_other(&format!(
            "/prestaties/{id}?melding=aangemaakt#actie-{action}"
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            let o = s.services.objective(&staff.actor(), id).await?;
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {} {}", tx.acc_action_add, o.data.code, o.data.name),
                    None,
                    format!("/prestaties/{id}/acties/nieuw"),
                    format!("/prestaties/{id}"),
                    action_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn edit_action_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let a = s.services.action(&staff.actor(), id).await?;
    let heading = format!("{}: {}", tx.edit, tx.acc_action);
    let v = ActieInvoer {
        tekst: Some(a.text.clone()),
        volgorde: Some(a.position.to_string()),
    };
    let form = plain_form(
        heading.clone(),
        None,
        format!("/acties/{id}/bewerken"),
        format!("/prestaties/{}#actie-{id}", a.objective_id),
        action_fields(tx, staff.ctx.lang, &v, &ValidationErrors::new()),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn update_action(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ActieInvoer>,
) -> Result<Response, AppError> {
    let a = s.services.action(&staff.actor(), id).await?;
    match s
        .services
        .update_action(&staff.actor(), id, &opt(&v.tekst), v.volgorde.as_deref())
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/prestaties/{}?melding=gewijzigd#actie-{id}",
            a.objective_id
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.edit, tx.acc_action),
                    None,
                    format!("/acties/{id}/bewerken"),
                    format!("/prestaties/{}#actie-{id}", a.objective_id),
                    action_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn confirm_delete_action(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let a = s.services.action(&staff.actor(), id).await?;
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{} {}", tx.acc_action, tx.confirm_delete),
        a.text.clone(),
        vec![tx.acc_action_delete_cascade.into()],
        format!("/acties/{id}/verwijderen"),
        format!("/prestaties/{}#actie-{id}", a.objective_id),
    ))
}

async fn delete_action(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let a = s.services.action(&staff.actor(), id).await?;
    match s.services.delete_action(&staff.actor(), id).await {
        Ok(()) => Ok(see_other(&format!(
            "/prestaties/{}?melding=verwijderd#acties",
            a.objective_id
        ))),
        Err(e) => refused_page(&staff, e, format!("/prestaties/{}", a.objective_id)),
    }
}

// ---------------------------------------------------------------------------------------------
// Indicators

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct IndicatorInvoer {
    naam: Option<String>,
    telling: Option<String>,
    eenheid: Option<String>,
    vergelijking: Option<String>,
    nulmeting: Option<String>,
    weergave: Option<String>,
    afronding: Option<String>,
    volgorde: Option<String>,
    #[serde(deserialize_with = "crate::api::opt_id")]
    thema_id: Option<i64>,
    #[serde(deserialize_with = "crate::api::opt_id")]
    netwerk_id: Option<i64>,
    instrument: Option<String>,
    soort_organisatie: Option<String>,
    gemeente: Option<String>,
    #[serde(deserialize_with = "crate::api::opt_id")]
    actie_id: Option<i64>,
}

impl IndicatorInvoer {
    fn input(&self) -> IndicatorInput {
        IndicatorInput {
            name: opt(&self.naam),
            measure: self.telling.clone(),
            unit: self.eenheid.clone(),
            comparison: self.vergelijking.clone(),
            baseline: self.nulmeting.clone(),
            display: self.weergave.clone(),
            display_step: self.afronding.clone(),
            position: self.volgorde.clone(),
            theme_id: self.thema_id,
            network_id: self.netwerk_id,
            instrument: self.instrument.clone(),
            organisation_kind: self.soort_organisatie.clone(),
            municipality_code: self.gemeente.clone(),
        }
    }

    fn of(i: &IndicatorRecord) -> Self {
        let d = &i.data;
        let f = &d.filters;
        IndicatorInvoer {
            naam: Some(d.name.clone()),
            telling: Some(d.measure.code().into()),
            eenheid: d.unit.clone(),
            vergelijking: Some(d.comparison.code().into()),
            nulmeting: d.baseline.map(|b| b.to_string()),
            weergave: Some(d.display.code().into()),
            afronding: d.display_step.map(|s| s.to_string()),
            volgorde: d.position.map(|p| p.to_string()),
            thema_id: f.theme_id,
            netwerk_id: f.network_id,
            instrument: f.instrument.map(|v| v.code().into()),
            soort_organisatie: f.organisation_kind.map(|v| v.code().into()),
            gemeente: f.municipality.as_ref().map(|m| m.as_str().to_string()),
            actie_id: Some(i.action_id),
        }
    }
}

/// What the select lists of the indicator form offer.
struct IndicatorOptions {
    actions: Vec<(i64, String)>,
    themes: Vec<(i64, String)>,
    networks: Vec<(i64, String)>,
    municipalities: Vec<(String, String)>,
}

async fn indicator_options(s: &AppState, staff: &Staff, objective_id: i64) -> Result<IndicatorOptions, AppError> {
    let actor = staff.actor();
    let actions = s
        .services
        .actions(&actor, objective_id)
        .await?
        .into_iter()
        .enumerate()
        .map(|(n, a)| {
            let mut text: String = a.text.chars().take(90).collect();
            if text.len() < a.text.len() {
                text.push('…');
            }
            (a.id, format!("{}. {text}", n + 1))
        })
        .collect();
    Ok(IndicatorOptions {
        actions,
        themes: s.services.theme_names(&actor).await?,
        networks: s.services.network_names(&actor).await?,
        municipalities: s
            .services
            .municipalities()
            .await?
            .into_iter()
            .map(|m| (m.code, m.name))
            .collect(),
    })
}

fn indicator_fields(
    tx: &Texts,
    lang: Lang,
    v: &IndicatorInvoer,
    e: &ValidationErrors,
    o: &IndicatorOptions,
    with_action: bool,
) -> Vec<Field> {
    let id = |v: Option<i64>| v.map(|i| i.to_string()).unwrap_or_default();
    let mut fields = Vec::new();
    if with_action {
        fields.push(
            Field::new("actieId", tx.acc_action, FieldKind::Select)
                .options(id_options(&o.actions))
                .empty(tx.choose)
                .value(id(v.actie_id))
                .required(),
        );
    }
    fields.extend([
        Field::text("naam", tx.field_name)
            .value(opt(&v.naam))
            .hint(tx.acc_indicator_name_hint)
            .required(),
        Field::new("telling", tx.acc_measure, FieldKind::Select)
            .options(coded_options::<Measure>(lang))
            .empty(tx.choose)
            .value(opt(&v.telling))
            .hint(tx.acc_measure_hint)
            .required(),
        Field::new("vergelijking", tx.acc_comparison, FieldKind::Select)
            .options(coded_options::<Comparison>(lang))
            .value(opt(&v.vergelijking)),
        Field::text("eenheid", tx.acc_unit).value(opt(&v.eenheid)).narrow(),
        Field::text("nulmeting", tx.acc_baseline)
            .value(opt(&v.nulmeting))
            .narrow(),
        Field::new("weergave", tx.acc_display, FieldKind::Select)
            .options(coded_options::<Display>(lang))
            .value(opt(&v.weergave)),
        Field::text("afronding", tx.acc_step)
            .value(opt(&v.afronding))
            .hint(tx.acc_step_hint)
            .narrow(),
        Field::text("volgorde", tx.acc_position)
            .value(opt(&v.volgorde))
            .hint(tx.acc_position_hint)
            .narrow(),
        Field::new("themaId", tx.theme, FieldKind::Select)
            .options(id_options(&o.themes))
            .empty(tx.none_option)
            .value(id(v.thema_id))
            .hint(tx.acc_filters_hint),
        Field::new("netwerkId", tx.network, FieldKind::Select)
            .options(id_options(&o.networks))
            .empty(tx.none_option)
            .value(id(v.netwerk_id)),
        Field::new("instrument", tx.field_instrument, FieldKind::Select)
            .options(coded_options::<SupportInstrument>(lang))
            .empty(tx.none_option)
            .value(opt(&v.instrument)),
        Field::new("soortOrganisatie", tx.acc_organisation_kind, FieldKind::Select)
            .options(coded_options::<OrganisationKind>(lang))
            .empty(tx.none_option)
            .value(opt(&v.soort_organisatie)),
        Field::new("gemeente", tx.field_municipality, FieldKind::Select)
            .options(o.municipalities.clone())
            .empty(tx.none_option)
            .value(opt(&v.gemeente)),
    ]);
    fields.into_iter().map(|f| f.errors_from(e, lang)).collect()
}

async fn new_indicator_form(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let o = s.services.objective(&staff.actor(), id).await?;
    let options = indicator_options(&s, &staff, id).await?;
    let v = IndicatorInvoer {
        actie_id: opt_id(&q.actie),
        ..IndicatorInvoer::default()
    };
    let heading = format!("{}: {} {}", tx.acc_indicator_add, o.data.code, o.data.name);
    let form = plain_form(
        heading.clone(),
        Some(tx.acc_indicator_intro),
        format!("/prestaties/{id}/indicatoren/nieuw"),
        format!("/prestaties/{id}"),
        indicator_fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &options, true),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn create_indicator(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<IndicatorInvoer>,
) -> Result<Response, AppError> {
    let o = s.services.objective(&staff.actor(), id).await?;
    // Only an action of this objective: the form offers no other.
    let options = indicator_options(&s, &staff, id).await?;
    let action = v.actie_id.filter(|a| options.actions.iter().any(|(x, _)| x == a));
    let result = match (v.actie_id, action) {
        (Some(_), None) => Err(ServiceError::Invalid(ValidationErrors::one(
            middenveld_domain::accountability::indicator_field::ACTION,
            ErrorCode::NotFound,
        ))),
        _ => s.services.create_indicator(&staff.actor(), action, v.input()).await,
    };
    match result {
        Ok(indicator) => Ok(see_other(&format!(
            "/prestaties/{id}?melding=aangemaakt#indicator-{indicator}"
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {} {}", tx.acc_indicator_add, o.data.code, o.data.name),
                    Some(tx.acc_indicator_intro),
                    format!("/prestaties/{id}/indicatoren/nieuw"),
                    format!("/prestaties/{id}"),
                    indicator_fields(tx, lang, &v, errors, &options, true),
                    tx.save,
                )
            })
        }
    }
}

async fn edit_indicator_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let i = s.services.indicator(&staff.actor(), id).await?;
    let options = indicator_options(&s, &staff, i.objective_id).await?;
    let heading = format!("{}: {}", tx.edit, i.data.name);
    let form = plain_form(
        heading.clone(),
        Some(tx.acc_indicator_intro),
        format!("/indicatoren/{id}/bewerken"),
        format!("/prestaties/{}#indicator-{id}", i.objective_id),
        indicator_fields(
            tx,
            staff.ctx.lang,
            &IndicatorInvoer::of(&i),
            &ValidationErrors::new(),
            &options,
            false,
        ),
        tx.save,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Accountability),
        form,
    ))
}

async fn update_indicator(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<IndicatorInvoer>,
) -> Result<Response, AppError> {
    let i = s.services.indicator(&staff.actor(), id).await?;
    match s.services.update_indicator(&staff.actor(), id, v.input()).await {
        Ok(()) => Ok(see_other(&format!(
            "/prestaties/{}?melding=gewijzigd#indicator-{id}",
            i.objective_id
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            let options = indicator_options(&s, &staff, i.objective_id).await?;
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.edit, i.data.name),
                    Some(tx.acc_indicator_intro),
                    format!("/indicatoren/{id}/bewerken"),
                    format!("/prestaties/{}#indicator-{id}", i.objective_id),
                    indicator_fields(tx, lang, &v, errors, &options, false),
                    tx.save,
                )
            })
        }
    }
}

async fn confirm_delete_indicator(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let i = s.services.indicator(&staff.actor(), id).await?;
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{} {}", i.data.name, tx.confirm_delete),
        i.data.name.clone(),
        Vec::new(),
        format!("/indicatoren/{id}/verwijderen"),
        format!("/prestaties/{}#indicator-{id}", i.objective_id),
    ))
}

async fn delete_indicator(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let i = s.services.indicator(&staff.actor(), id).await?;
    match s.services.delete_indicator(&staff.actor(), id).await {
        Ok(()) => Ok(see_other(&format!("/prestaties/{}?melding=verwijderd", i.objective_id))),
        Err(e) => refused_page(&staff, e, format!("/prestaties/{}", i.objective_id)),
    }
}

/// The measure and its filters in words: "Evenementen in de periode; Netwerk: Waardemakers".
async fn definition(s: &AppState, staff: &Staff, i: &IndicatorRecord) -> Result<String, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let f = &i.data.filters;
    let mut parts = vec![i.data.measure.label(lang).to_string()];
    let name_of = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(x, _)| *x == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if let Some(t) = f.theme_id {
        parts.push(format!(
            "{}: {}",
            tx.theme,
            name_of(&s.services.theme_names(&actor).await?, t)
        ));
    }
    if let Some(n) = f.network_id {
        parts.push(format!(
            "{}: {}",
            tx.network,
            name_of(&s.services.network_names(&actor).await?, n)
        ));
    }
    if let Some(v) = f.instrument {
        parts.push(format!("{}: {}", tx.field_instrument, v.label(lang)));
    }
    if let Some(v) = f.organisation_kind {
        parts.push(format!("{}: {}", tx.acc_organisation_kind, v.label(lang)));
    }
    if let Some(m) = &f.municipality {
        let name = s
            .services
            .municipalities()
            .await?
            .into_iter()
            .find(|x| x.code == m.as_str())
            .map(|x| x.name)
            .unwrap_or_else(|| m.as_str().to_string());
        parts.push(format!("{}: {name}", tx.field_municipality));
    }
    Ok(parts.join("; "))
}

#[derive(Debug, Clone)]
struct IndicatorView {
    id: i64,
    heading: String,
    /// The realised value over the programme's years (counted here, not on the objective
    /// page: at a million organisations each year's count takes its time).
    chart: Chart,
    objective_href: String,
    objective_label: String,
    year: i32,
    year_action: String,
    year_options: Vec<Opt>,
    items: Vec<Item>,
    manual: bool,
    records_heading: String,
    notes: Vec<String>,
    records: Table,
    empty: String,
}

#[derive(Template)]
#[template(path = "accountability_indicator.html")]
struct IndicatorTemplate {
    chrome: Chrome,
    v: IndicatorView,
}

async fn indicator_page(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let year = year_of(q.jaar.as_deref())?;
    let (iy, counted) = s.services.indicator_records(&actor, id, year).await?;
    let o = s.services.objective(&actor, iy.indicator.objective_id).await?;
    let action = s.services.action(&actor, iy.indicator.action_id).await?;
    let programme = s.services.programme(&actor, o.programme_id).await?;
    let d = &iy.indicator.data;
    let manual = d.measure == Measure::Manual;
    let mut items = vec![
        Item {
            label: tx.acc_action.into(),
            value: Cell::text(action.text.clone()),
        },
        Item {
            label: tx.acc_definition.into(),
            value: Cell::text(definition(&s, &staff, &iy.indicator).await?),
        },
        Item {
            label: tx.acc_comparison.into(),
            value: Cell::text(d.comparison.label(lang)),
        },
    ];
    if let Some(unit) = &d.unit {
        items.push(Item {
            label: tx.acc_unit.into(),
            value: Cell::text(unit.clone()),
        });
    }
    items.extend([
        Item {
            label: tx.acc_year.into(),
            value: Cell::text(year.to_string()),
        },
        Item {
            label: format!("{} {year}", tx.acc_target),
            value: Cell::text(iy.target.map(|t| dutch_count(t.value)).unwrap_or_else(|| "—".into())),
        },
        Item {
            label: tx.acc_realised.into(),
            value: Cell::text(realised_text(tx, &iy)),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::badge(iy.status.label(lang), status_badge(iy.status)),
        },
    ]);
    if let Some((t, v, st)) = iy.period {
        items.push(Item {
            label: format!("{} {}", tx.acc_period, t.period_label()),
            value: Cell::text(format!(
                "{} {}; {} {}: {}",
                tx.acc_target,
                dutch_count(t.value),
                tx.acc_realised,
                dutch_count(v),
                st.label(lang)
            )),
        });
    }
    let mut notes = Vec::new();
    let (records_heading, records) = if manual {
        let values = s.services.manual_values(&actor, id).await?;
        (
            tx.acc_values.to_string(),
            Table {
                id: "t-waarden".into(),
                caption: tx.acc_values.into(),
                columns: vec![
                    Column::plain(tx.acc_year),
                    Column {
                        numeric: true,
                        ..Column::plain(tx.acc_value)
                    },
                    Column::plain(tx.acc_source),
                ],
                rows: values
                    .iter()
                    .map(|(y, v, source)| {
                        vec![
                            Cell::text(y.to_string()),
                            Cell {
                                numeric: true,
                                ..Cell::text(dutch_count(*v))
                            },
                            Cell::text(source.clone()),
                        ]
                    })
                    .collect(),
            },
        )
    } else {
        if iy.frozen {
            notes.push(tx.acc_records_frozen.to_string());
        }
        if counted.len() as i64 >= DRILL_LIMIT {
            notes.push(format!("{} {}.", tx.acc_records_capped, dutch_count(DRILL_LIMIT)));
        }
        (
            format!("{} {year}", tx.acc_records),
            Table {
                id: "t-records".into(),
                caption: format!("{} {year}", tx.acc_records),
                columns: vec![Column::plain(tx.field_name), Column::plain(tx.contact_date)],
                rows: counted
                    .iter()
                    .map(|c| {
                        let date = c
                            .date
                            .as_deref()
                            .map(|d| dutch_date(d.get(..10).unwrap_or(d)))
                            .unwrap_or_default();
                        vec![Cell::link(c.name.clone(), c.path.clone()), Cell::text(date)]
                    })
                    .collect(),
            },
        )
    };
    let mut years: Vec<i32> = programme.data.years_until(this_year().max(year)).collect();
    years.push(this_year());
    let chart_years: Vec<i32> = programme.data.years_until(this_year()).collect();
    let series = s.services.indicator_series(&actor, id, &chart_years).await?;
    let v = IndicatorView {
        id,
        chart: chart(tx, &iy.indicator, &series),
        heading: d.name.clone(),
        objective_href: format!("/prestaties/{}?jaar={year}", o.id),
        objective_label: format!("{} {}", o.data.code, o.data.name),
        year,
        year_action: format!("/indicatoren/{id}"),
        year_options: year_options(years, year),
        items,
        manual,
        records_heading,
        notes,
        records,
        empty: if manual {
            tx.no_records.into()
        } else {
            tx.acc_records_none.into()
        },
    };
    let mut chrome = staff.ctx.chrome(d.name.clone(), Nav::Accountability);
    chrome.notice = notice_of(tx, q.melding.as_deref());
    Ok(render(StatusCode::OK, &IndicatorTemplate { chrome, v }))
}

// ---------------------------------------------------------------------------------------------
// Targets and values by hand

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DoelInvoer {
    vanaf_jaar: Option<String>,
    tot_en_met_jaar: Option<String>,
    waarde: Option<String>,
}

fn target_fields(tx: &Texts, lang: Lang, v: &DoelInvoer, e: &ValidationErrors) -> Vec<Field> {
    vec![
        Field::text("vanafJaar", tx.acc_target_from)
            .value(opt(&v.vanaf_jaar))
            .hint(tx.acc_year_hint)
            .narrow()
            .required(),
        Field::text("totEnMetJaar", tx.acc_target_to)
            .value(opt(&v.tot_en_met_jaar))
            .hint(tx.acc_target_to_hint)
            .narrow(),
        Field::text("waarde", tx.acc_target_value)
            .value(opt(&v.waarde))
            .hint(tx.acc_target_value_hint)
            .narrow()
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

/// The items at the top of the targets and values pages: what the indicator belongs to.
async fn indicator_items(s: &AppState, staff: &Staff, i: &IndicatorRecord) -> Result<Vec<Item>, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let o = s.services.objective(&staff.actor(), i.objective_id).await?;
    Ok(vec![
        Item {
            label: tx.acc_objective.into(),
            value: Cell::link(
                format!("{} {}", o.data.code, o.data.name),
                format!("/prestaties/{}#indicator-{}", o.id, i.id),
            ),
        },
        Item {
            label: tx.acc_definition.into(),
            value: Cell::text(definition(s, staff, i).await?),
        },
        Item {
            label: tx.acc_comparison.into(),
            value: Cell::text(i.data.comparison.label(lang)),
        },
        Item {
            label: tx.acc_records.into(),
            value: Cell::link(tx.acc_records_view, format!("/indicatoren/{}", i.id)),
        },
    ])
}

async fn targets_page(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let year = year_of(q.jaar.as_deref())?;
    let i = s.services.indicator(&staff.actor(), id).await?;
    let editor = can_edit(&staff);
    let mut columns = vec![
        Column::plain(tx.acc_period),
        Column {
            numeric: true,
            ..Column::plain(tx.acc_target_value)
        },
    ];
    if editor {
        columns.push(Column::plain(tx.delete));
    }
    let section = Section {
        id: "doelen".into(),
        title: tx.acc_targets.into(),
        table: Table {
            id: "t-doelen".into(),
            caption: tx.acc_targets.into(),
            columns,
            rows: i
                .targets
                .iter()
                .map(|(tid, t)| {
                    let mut row = vec![
                        Cell::text(t.period_label()),
                        Cell {
                            numeric: true,
                            ..Cell::text(dutch_count(t.value))
                        },
                    ];
                    if editor {
                        row.push(Cell::link(
                            format!("{} {}", tx.delete, t.period_label()),
                            format!("/indicatoren/{id}/doelen/{tid}/verwijderen"),
                        ));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: editor.then(|| InlineForm {
            heading: tx.acc_target_set.into(),
            action: format!("/indicatoren/{id}/doelen"),
            fields: target_fields(
                tx,
                lang,
                &DoelInvoer {
                    vanaf_jaar: Some(year.to_string()),
                    ..DoelInvoer::default()
                },
                &ValidationErrors::new(),
            ),
            submit: tx.save.into(),
        }),
    };
    indicator_subpage(
        &s,
        &staff,
        &i,
        (tx.acc_targets, tx.acc_targets_intro),
        section,
        q.melding.as_deref(),
    )
    .await
}

async fn set_target(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<DoelInvoer>,
) -> Result<Response, AppError> {
    let i = s.services.indicator(&staff.actor(), id).await?;
    match s
        .services
        .set_target(
            &staff.actor(),
            id,
            v.vanaf_jaar.as_deref(),
            v.tot_en_met_jaar.as_deref(),
            v.waarde.as_deref(),
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/indicatoren/{id}/doelen?jaar={}&melding=gewijzigd",
            posted_year(&v.vanaf_jaar)
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.acc_target_set, i.data.name),
                    Some(tx.acc_targets_intro),
                    format!("/indicatoren/{id}/doelen"),
                    format!("/indicatoren/{id}/doelen"),
                    target_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn confirm_delete_target(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, target): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let i = s.services.indicator(&staff.actor(), id).await?;
    let (_, t) = i.targets.iter().find(|(x, _)| *x == target).ok_or(AppError::NotFound)?;
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{} {} {}", tx.acc_target, t.period_label(), tx.confirm_delete),
        format!(
            "{} – {} {}: {}",
            i.data.name,
            tx.acc_target,
            t.period_label(),
            dutch_count(t.value)
        ),
        Vec::new(),
        format!("/indicatoren/{id}/doelen/{target}/verwijderen"),
        format!("/indicatoren/{id}/doelen"),
    ))
}

async fn delete_target(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, target): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    match s.services.delete_target(&staff.actor(), id, target).await {
        Ok(()) => Ok(see_other(&format!("/indicatoren/{id}/doelen?melding=verwijderd"))),
        Err(e) => refused_page(&staff, e, format!("/indicatoren/{id}/doelen")),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WaardeInvoer {
    jaar: Option<String>,
    waarde: Option<String>,
    bron: Option<String>,
}

fn value_fields(tx: &Texts, lang: Lang, v: &WaardeInvoer, e: &ValidationErrors) -> Vec<Field> {
    vec![
        Field::text("jaar", tx.acc_year)
            .value(opt(&v.jaar))
            .hint(tx.acc_year_hint)
            .narrow()
            .required(),
        Field::text("waarde", tx.acc_value)
            .value(opt(&v.waarde))
            .hint(tx.acc_value_hint)
            .narrow()
            .required(),
        Field::text("bron", tx.acc_source)
            .value(opt(&v.bron))
            .hint(tx.acc_source_hint)
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

/// A page of one indicator's targets or values: the indicator's facts, the section, its
/// history, under the heading word and intro given.
async fn indicator_subpage(
    s: &AppState,
    staff: &Staff,
    i: &IndicatorRecord,
    (heading, intro): (&str, &str),
    section: Section,
    melding: Option<&str>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let id = i.id;
    let detail = DetailView {
        heading: format!("{heading}: {}", i.data.name),
        subtitle: Some(intro.into()),
        edit_href: Some(format!("/indicatoren/{id}/bewerken")),
        delete_href: Some(format!("/indicatoren/{id}/verwijderen")),
        items: indicator_items(s, staff, i).await?,
        sections: vec![section],
        history: relabel(
            tx,
            history(tx, &s.services.indicator_history(&staff.actor(), id).await?),
        ),
    };
    let mut chrome = staff.ctx.chrome(detail.heading.clone(), Nav::Accountability);
    chrome.notice = notice_of(tx, melding);
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

/// An indicator whose values are entered by hand; the others have no values page.
async fn manual_indicator(s: &AppState, staff: &Staff, id: i64) -> Result<IndicatorRecord, AppError> {
    let i = s.services.indicator(&staff.actor(), id).await?;
    if i.data.measure == Measure::Manual {
        Ok(i)
    } else {
        Err(AppError::NotFound)
    }
}

async fn values_page(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let year = year_of(q.jaar.as_deref())?;
    let i = manual_indicator(&s, &staff, id).await?;
    let values = s.services.manual_values(&staff.actor(), id).await?;
    let editor = can_edit(&staff);
    let mut columns = vec![
        Column::plain(tx.acc_year),
        Column {
            numeric: true,
            ..Column::plain(tx.acc_value)
        },
        Column::plain(tx.acc_source),
    ];
    if editor {
        columns.push(Column::plain(tx.delete));
    }
    let section = Section {
        id: "waarden".into(),
        title: tx.acc_values.into(),
        table: Table {
            id: "t-waarden".into(),
            caption: tx.acc_values.into(),
            columns,
            rows: values
                .iter()
                .map(|(y, v, source)| {
                    let mut row = vec![
                        Cell::text(y.to_string()),
                        Cell {
                            numeric: true,
                            ..Cell::text(dutch_count(*v))
                        },
                        Cell::text(source.clone()),
                    ];
                    if editor {
                        row.push(Cell::link(
                            format!("{} {y}", tx.delete),
                            format!("/indicatoren/{id}/waarden/{y}/verwijderen"),
                        ));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: editor.then(|| InlineForm {
            heading: tx.acc_value_add.into(),
            action: format!("/indicatoren/{id}/waarden"),
            fields: value_fields(
                tx,
                lang,
                &WaardeInvoer {
                    jaar: Some(year.to_string()),
                    ..WaardeInvoer::default()
                },
                &ValidationErrors::new(),
            ),
            submit: tx.save.into(),
        }),
    };
    indicator_subpage(
        &s,
        &staff,
        &i,
        (tx.acc_values, tx.acc_values_intro),
        section,
        q.melding.as_deref(),
    )
    .await
}

async fn set_value(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<WaardeInvoer>,
) -> Result<Response, AppError> {
    let i = manual_indicator(&s, &staff, id).await?;
    match s
        .services
        .set_manual_value(
            &staff.actor(),
            id,
            v.jaar.as_deref(),
            v.waarde.as_deref(),
            v.bron.as_deref(),
        )
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/indicatoren/{id}/waarden?jaar={}&melding=gewijzigd",
            posted_year(&v.jaar)
        ))),
        Err(e) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            refused_form(&staff, e, |errors| {
                plain_form(
                    format!("{}: {}", tx.acc_value_add, i.data.name),
                    Some(tx.acc_values_intro),
                    format!("/indicatoren/{id}/waarden"),
                    format!("/indicatoren/{id}/waarden"),
                    value_fields(tx, lang, &v, errors),
                    tx.save,
                )
            })
        }
    }
}

async fn confirm_delete_value(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, year): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let i = manual_indicator(&s, &staff, id).await?;
    let values = s.services.manual_values(&staff.actor(), id).await?;
    let (_, value, source) = values
        .iter()
        .find(|(y, _, _)| i64::from(*y) == year)
        .ok_or(AppError::NotFound)?;
    Ok(confirm_page(
        &staff,
        Nav::Accountability,
        format!("{} {year} {}", tx.acc_value, tx.confirm_delete),
        format!("{} – {year}: {} ({source})", i.data.name, dutch_count(*value)),
        Vec::new(),
        format!("/indicatoren/{id}/waarden/{year}/verwijderen"),
        format!("/indicatoren/{id}/waarden"),
    ))
}

async fn delete_value(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, year): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let year = i32::try_from(year).map_err(|_| AppError::NotFound)?;
    match s.services.delete_manual_value(&staff.actor(), id, year).await {
        Ok(()) => Ok(see_other(&format!("/indicatoren/{id}/waarden?melding=verwijderd"))),
        Err(e) => refused_page(&staff, e, format!("/indicatoren/{id}/waarden")),
    }
}

// ---------------------------------------------------------------------------------------------
// The annual report and frozen years

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
struct JaarInvoer {
    jaar: Option<String>,
}

#[derive(Debug, Clone)]
struct ReportsView {
    errors: Vec<(String, String)>,
    year_options: Vec<Opt>,
    frozen: Table,
    freeze_fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "accountability_reports.html")]
struct ReportsTemplate {
    chrome: Chrome,
    v: ReportsView,
}

/// The report index: choose a year, the frozen years, the freeze form (with its errors).
async fn reports_page(
    s: &AppState,
    staff: &Staff,
    freeze: &JaarInvoer,
    errors: &ValidationErrors,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let now = this_year();
    let frozen = s.services.frozen_years(&actor).await?;
    let programmes = s.services.programmes(&actor).await?;
    let first = programmes
        .iter()
        .map(|p| p.data.start_year)
        .chain(frozen.iter().map(|f| f.year))
        .min()
        .unwrap_or(now)
        .min(now);
    let last = programmes
        .iter()
        .filter_map(|p| p.data.end_year)
        .max()
        .unwrap_or(now)
        .max(now);
    let mut options = year_options((first..=last).collect(), now);
    options.reverse();
    let admin = staff.user.role.allows(Role::Admin);
    let mut columns = vec![
        Column::plain(tx.acc_year),
        Column::plain(tx.acc_frozen_at),
        Column::plain(tx.by_whom),
    ];
    if admin {
        columns.push(Column::plain(tx.acc_unfreeze));
    }
    let table = Table {
        id: "t-bevroren".into(),
        caption: tx.acc_frozen_years.into(),
        columns,
        rows: frozen
            .iter()
            .map(|f| {
                let mut row = vec![
                    Cell::link(
                        format!("{} {}", tx.acc_report, f.year),
                        format!("/jaarverslag/{}", f.year),
                    ),
                    Cell::text(dutch_time(&f.frozen_at)),
                    Cell::text(f.frozen_by.clone()),
                ];
                if admin {
                    row.push(Cell::link(
                        format!("{} {}", tx.acc_unfreeze, f.year),
                        format!("/jaarverslag/ontdooien?jaar={}", f.year),
                    ));
                }
                row
            })
            .collect(),
    };
    let freeze_fields = vec![
        Field::text("jaar", tx.acc_year)
            .value(opt(&freeze.jaar))
            .hint(tx.acc_year_hint)
            .narrow()
            .required()
            .errors_from(errors, lang),
    ];
    let mut summary = Vec::new();
    collect_errors(&mut summary, &freeze_fields, &None, "", "");
    let v = ReportsView {
        errors: summary,
        year_options: options,
        frozen: table,
        freeze_fields,
    };
    let mut chrome = staff.ctx.chrome(tx.acc_report, Nav::Accountability);
    chrome.notice = notice;
    chrome.has_errors = !errors.is_empty();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &ReportsTemplate { chrome, v }))
}

async fn reports(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    if q.jaar.as_deref().is_some_and(|j| !j.trim().is_empty()) {
        let year = year_of(q.jaar.as_deref())?;
        return Ok(see_other(&format!("/jaarverslag/{year}")));
    }
    let notice = notice_of(staff.ctx.tx, q.melding.as_deref());
    reports_page(&s, &staff, &JaarInvoer::default(), &ValidationErrors::new(), notice).await
}

async fn confirm_freeze(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<JaarInvoer>,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let year = match middenveld_domain::accountability::parse_year(q.jaar.as_deref()) {
        Ok(y) => y,
        Err(code) => {
            let errors = ValidationErrors::one(finance_field::YEAR, code);
            return reports_page(&s, &staff, &q, &errors, None).await;
        }
    };
    if s.services
        .frozen_years(&staff.actor())
        .await?
        .iter()
        .any(|f| f.year == year)
    {
        let errors = ValidationErrors::one(finance_field::YEAR, ErrorCode::YearFrozen { year });
        return reports_page(&s, &staff, &q, &errors, None).await;
    }
    let heading = format!("{}{year}{}", tx.acc_freeze_before, tx.acc_freeze_after);
    Ok(render(
        StatusCode::OK,
        &ActConfirmTemplate {
            chrome: staff.ctx.chrome(heading.clone(), Nav::Accountability),
            heading,
            consequences: vec![
                tx.acc_freeze_values.into(),
                tx.acc_freeze_locks.into(),
                tx.acc_freeze_admin.into(),
            ],
            action: "/jaarverslag/bevriezen".into(),
            hidden: vec![("jaar".into(), year.to_string())],
            submit: tx.acc_freeze_yes.into(),
            cancel_href: "/jaarverslag".into(),
        },
    ))
}

async fn freeze(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<JaarInvoer>,
) -> Result<Response, AppError> {
    match s.services.freeze_year(&staff.actor(), v.jaar.as_deref()).await {
        Ok(()) => Ok(see_other(&format!(
            "/jaarverslag/{}?melding=bevroren",
            posted_year(&v.jaar)
        ))),
        Err(ServiceError::Invalid(errors)) => reports_page(&s, &staff, &v, &errors, None).await,
        Err(e) => Err(e.into()),
    }
}

async fn confirm_unfreeze(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<JaarInvoer>,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Admin)?;
    let tx = staff.ctx.tx;
    let year = strict_year(q.jaar.as_deref().unwrap_or_default())?;
    let frozen = s
        .services
        .frozen_years(&staff.actor())
        .await?
        .into_iter()
        .find(|f| f.year == year)
        .ok_or(AppError::NotFound)?;
    let heading = format!("{}{year}{}", tx.acc_unfreeze_before, tx.acc_unfreeze_after);
    Ok(render(
        StatusCode::OK,
        &ActConfirmTemplate {
            chrome: staff.ctx.chrome(heading.clone(), Nav::Accountability),
            heading,
            consequences: vec![
                frozen_text(tx, &frozen),
                tx.acc_unfreeze_values.into(),
                tx.acc_unfreeze_unlocks.into(),
                tx.acc_unfreeze_logged.into(),
            ],
            action: "/jaarverslag/ontdooien".into(),
            hidden: vec![("jaar".into(), year.to_string())],
            submit: tx.acc_unfreeze_yes.into(),
            cancel_href: "/jaarverslag".into(),
        },
    ))
}

async fn unfreeze(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<JaarInvoer>,
) -> Result<Response, AppError> {
    let year = strict_year(v.jaar.as_deref().unwrap_or_default())?;
    s.services.unfreeze_year(&staff.actor(), year).await?;
    Ok(see_other(&format!("/jaarverslag/{year}?melding=ontdooid")))
}

#[derive(Debug, Clone)]
struct ReportView {
    title: String,
    frozen: Option<String>,
    blocks: Vec<BlockView>,
    downloads: Vec<(String, String)>,
    freeze_href: Option<String>,
    unfreeze_href: Option<String>,
}

#[derive(Template)]
#[template(path = "accountability_report.html")]
struct ReportTemplate {
    chrome: Chrome,
    v: ReportView,
}

/// The annual report of a year; a year the report does not know is no page.
async fn annual_report(
    s: &AppState,
    staff: &Staff,
    year: i32,
) -> Result<middenveld_services::accountability::AnnualReport, AppError> {
    match s.services.annual_report(&staff.actor(), year).await {
        Ok(r) => Ok(r),
        Err(ServiceError::Invalid(_)) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

async fn report(
    State(s): State<AppState>,
    staff: Staff,
    Path(segment): Path<String>,
    PageQuery(q): PageQuery<YearQuery>,
) -> Result<Response, AppError> {
    if let Some(y) = segment.strip_suffix(".md") {
        let year = strict_year(y)?;
        let r = annual_report(&s, &staff, year).await?;
        return Ok(download(
            r.markdown().into_bytes(),
            MARKDOWN_TYPE,
            &format!("jaarverslag-{year}.md"),
        ));
    }
    if let Some(y) = segment.strip_suffix(".docx") {
        let year = strict_year(y)?;
        let r = annual_report(&s, &staff, year).await?;
        return Ok(download(r.docx()?, DOCX_TYPE, &format!("jaarverslag-{year}.docx")));
    }
    let tx = staff.ctx.tx;
    let year = strict_year(&segment)?;
    let r = annual_report(&s, &staff, year).await?;
    let editor = can_edit(&staff);
    let admin = staff.user.role.allows(Role::Admin);
    let v = ReportView {
        title: r.title(),
        frozen: r.frozen.as_ref().map(|f| frozen_text(tx, f)),
        // The title is written by the page itself.
        blocks: block_views(r.blocks().into_iter().skip(1).collect()),
        downloads: vec![
            (format!("/jaarverslag/{year}.md"), tx.acc_download_md.into()),
            (format!("/jaarverslag/{year}.docx"), tx.acc_download_docx.into()),
            (
                format!("/jaarverslag/{year}/indicatoren.xlsx"),
                tx.acc_download_xlsx.into(),
            ),
        ],
        freeze_href: (editor && r.frozen.is_none()).then(|| format!("/jaarverslag/bevriezen?jaar={year}")),
        unfreeze_href: (admin && r.frozen.is_some()).then(|| format!("/jaarverslag/ontdooien?jaar={year}")),
    };
    let mut chrome = staff.ctx.chrome(r.title(), Nav::Accountability);
    chrome.notice = notice_of(tx, q.melding.as_deref());
    Ok(render(StatusCode::OK, &ReportTemplate { chrome, v }))
}

async fn report_xlsx(
    State(s): State<AppState>,
    staff: Staff,
    Path(segment): Path<String>,
) -> Result<Response, AppError> {
    let year = strict_year(&segment)?;
    let r = annual_report(&s, &staff, year).await?;
    Ok(download(
        r.indicators_xlsx()?,
        crate::export::XLSX_TYPE,
        &format!("jaarverslag-{year}-indicatoren.xlsx"),
    ))
}
