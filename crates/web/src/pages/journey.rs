//! The journey: an organisation's timeline and stage changes (on its page), and the funnel
//! page (`/reis`) with organisations per stage and the moves between stages in a period.

use super::*;
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Nav, Section, Table};
use askama::Template;
use axum::extract::State;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, JourneyStage};
use middenveld_domain::{Date, Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::store::journey::FunnelFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reis", get(funnel))
        .route("/organisaties/{id}/fase", post(change_stage))
        .route("/organisaties/{id}/contactmomenten", post(add_contact))
        .route(
            "/contactmomenten/{id}/verwijderen",
            get(confirm_delete_contact).post(delete_contact),
        )
}

/// The stage form's fields: the new stage and why.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FaseInvoer {
    pub fase: Option<String>,
    pub fase_reden: Option<String>,
}

fn stage_fields(staff: &Staff, v: &FaseInvoer, e: &ValidationErrors) -> Vec<Field> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    vec![
        Field::new("fase", tx.field_stage, FieldKind::Select)
            .options(coded_options::<JourneyStage>(lang))
            .empty(tx.none_option)
            .value(v.fase.clone().unwrap_or_default()),
        Field::new("faseReden", tx.field_stage_reason, FieldKind::Text)
            .value(v.fase_reden.clone().unwrap_or_default())
            .hint(tx.field_stage_reason_hint)
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

/// The organisation page's timeline, latest first, with the stage form for editors.
pub async fn timeline_section(
    s: &AppState,
    staff: &Staff,
    id: i64,
    stage: Option<JourneyStage>,
) -> Result<Section, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let items = s.services.timeline(&staff.actor(), id, lang).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let form = can_edit.then(|| InlineForm {
        heading: tx.change_stage.into(),
        action: format!("/organisaties/{id}/fase"),
        fields: stage_fields(
            staff,
            &FaseInvoer {
                fase: stage.map(|s| s.code().to_string()),
                fase_reden: None,
            },
            &ValidationErrors::new(),
        ),
        submit: tx.save.into(),
    });
    Ok(Section {
        id: "tijdlijn".into(),
        title: tx.timeline.into(),
        table: Table {
            id: "t-tijdlijn".into(),
            caption: tx.timeline.into(),
            columns: vec![
                Column::plain(tx.timeline_when),
                Column::plain(tx.timeline_what),
                Column::plain(tx.timeline_details),
            ],
            rows: items
                .into_iter()
                .map(|i| {
                    vec![
                        Cell::text(i.when),
                        Cell::text(i.what.label(lang)),
                        match i.href {
                            Some(h) => Cell::link(i.text, h),
                            None => Cell::text(i.text),
                        },
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form,
    })
}

/// Moves an organisation to another stage; without a reason the form comes back with a 422.
async fn change_stage(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<FaseInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .change_stage(&staff.actor(), id, v.fase.as_deref(), v.fase_reden.as_deref())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/organisaties/{id}?melding=gewijzigd#tijdlijn"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let org = s.services.organisation(&staff.actor(), id).await?;
            let heading = format!("{}: {}", tx.change_stage, org.data.name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/organisaties/{id}/fase"),
                fields: stage_fields(&staff, &v, &errors),
                submit: tx.save.into(),
                cancel_href: format!("/organisaties/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Journey),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The funnel's filters (shared with the API).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct ReisFilter {
    /// Network id: its member organisations.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub netwerk: Option<String>,
    /// Event id: the organisations registered for it.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub evenement: Option<String>,
    /// Track id: the organisations enrolled in it (its cohort).
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub track: Option<String>,
    /// Moves from this date (YYYY-MM-DD or 21-02-2023), inclusive. Without `vanaf` and `tot`:
    /// from 1 January of the current year (for all years give an early date, e.g. 2000-01-01).
    #[param(schema_with = crate::api::openapi::date_or_empty_query)]
    pub vanaf: Option<String>,
    /// Moves before this date, exclusive.
    #[param(schema_with = crate::api::openapi::date_or_empty_query)]
    pub tot: Option<String>,
}

impl ReisFilter {
    /// The store filter; with `strict`, bad values are refused (API), else ignored (page).
    pub fn to_filter(&self, strict: bool) -> crate::api::ApiResult<FunnelFilter> {
        let date = |name: &str, v: &Option<String>| -> crate::api::ApiResult<Option<String>> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(d) => match Date::parse(d) {
                    Ok(d) => Ok(Some(d.iso())),
                    Err(_) if strict => Err(crate::api::ApiError::bad_request(format!(
                        "{name} is geen datum; gebruik bijvoorbeeld 2026-01-01."
                    ))),
                    Err(_) => Ok(None),
                },
            }
        };
        let (mut from, until) = (date("vanaf", &self.vanaf)?, date("tot", &self.tot)?);
        if from.is_none() && until.is_none() {
            // Without a period: the moves of this calendar year.
            from = Some(format!(
                "{:04}-01-01",
                middenveld_domain::LocalDateTime::now().date().year()
            ));
        }
        Ok(FunnelFilter {
            network_id: crate::api::network::id_filter(strict, "netwerk", &self.netwerk)?,
            event_id: crate::api::network::id_filter(strict, "evenement", &self.evenement)?,
            track_id: crate::api::network::id_filter(strict, "track", &self.track)?,
            from,
            until,
        })
    }
}

struct FunnelView {
    heading: String,
    intro: String,
    filters: Vec<Field>,
    summary: String,
    stages: Table,
    moves_heading: String,
    moves_summary: String,
    moves: Table,
    moves_empty: String,
    overdue: String,
}

#[derive(Template)]
#[template(path = "funnel.html")]
struct FunnelTemplate {
    chrome: crate::view::Chrome,
    v: FunnelView,
}

fn stage_label(s: Option<JourneyStage>, tx: &crate::i18n::Texts, lang: Lang) -> String {
    s.map(|s| s.label(lang).to_string())
        .unwrap_or_else(|| tx.funnel_no_stage.to_string())
}

async fn funnel(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<ReisFilter>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let f = s.services.funnel(&actor, &filter).await?;
    let networks = s.services.network_names(&actor).await?;
    let events: Vec<(i64, String)> = s
        .services
        .events(
            &actor,
            &middenveld_services::store::event::EventFilter {
                period: middenveld_services::store::event::Period::All,
                paging: middenveld_services::store::Paging { page: 1, size: 100 },
                ..Default::default()
            },
        )
        .await?
        .items
        .into_iter()
        .map(|e| (e.id, format!("{} ({})", e.data.name, e.data.starts_at.date().dutch())))
        .collect();
    let tracks: Vec<(i64, String)> = s
        .services
        .tracks(
            &actor,
            None,
            None,
            middenveld_services::store::Paging { page: 1, size: 100 },
        )
        .await?
        .items
        .into_iter()
        .map(|t| (t.id, t.data.name))
        .collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let filters = vec![
        Field::new("track", tx.track_cohort, FieldKind::Select)
            .options(id_options(&tracks))
            .empty(tx.all)
            .value(opt(&q.track)),
        Field::new("netwerk", tx.network, FieldKind::Select)
            .options(id_options(&networks))
            .empty(tx.all)
            .value(opt(&q.netwerk)),
        Field::new("evenement", tx.event, FieldKind::Select)
            .options(id_options(&events))
            .empty(tx.all)
            .value(opt(&q.evenement)),
        Field::new("vanaf", tx.period_from, FieldKind::Date)
            .value(filter.from.clone().unwrap_or_default())
            .narrow(),
        Field::new("tot", tx.period_until, FieldKind::Date)
            .value(filter.until.clone().unwrap_or_default())
            .narrow(),
    ]
    .into_iter()
    .map(Field::filter)
    .collect();
    let share = |n: i64| {
        if f.total == 0 {
            "0%".to_string()
        } else {
            format!("{}%", (n * 100 + f.total / 2) / f.total)
        }
    };
    let stages = Table {
        id: "t-fasen".into(),
        caption: tx.funnel_stages.into(),
        columns: vec![
            Column::plain(tx.field_stage_short),
            Column {
                numeric: true,
                ..Column::plain(tx.funnel_count)
            },
            Column {
                numeric: true,
                ..Column::plain(tx.funnel_share)
            },
        ],
        rows: f
            .stages
            .iter()
            .map(|(stage, n)| {
                let label = stage_label(*stage, tx, lang);
                vec![
                    match stage {
                        Some(st) => Cell::link(label, format!("/organisaties?fase={}", st.code())),
                        None => Cell::text(label),
                    },
                    Cell::number(*n),
                    Cell::text(share(*n)),
                ]
            })
            .collect(),
    };
    let moves = Table {
        id: "t-wisselingen".into(),
        caption: tx.funnel_moves.into(),
        columns: vec![
            Column::plain(tx.funnel_from),
            Column::plain(tx.funnel_to),
            Column {
                numeric: true,
                ..Column::plain(tx.funnel_count)
            },
        ],
        rows: f
            .moves
            .iter()
            .map(|(from, to, n)| {
                vec![
                    Cell::text(from.label(lang)),
                    Cell::text(stage_label(*to, tx, lang)),
                    Cell::number(*n),
                ]
            })
            .collect(),
    };
    let v = FunnelView {
        heading: tx.funnel.into(),
        intro: tx.funnel_intro.into(),
        filters,
        summary: format!("{} {}", f.total, tx.results_total),
        stages,
        moves_heading: tx.funnel_moves.into(),
        moves_summary: format!(
            "{} {}, {} {}",
            f.forward, tx.funnel_forward, f.backward, tx.funnel_backward
        ),
        moves,
        moves_empty: tx.empty_list.into(),
        overdue: format!("{}: {}", tx.funnel_overdue, f.overdue),
    };
    Ok(render(
        StatusCode::OK,
        &FunnelTemplate {
            chrome: staff.ctx.chrome(tx.funnel, Nav::Journey),
            v,
        },
    ))
}

fn contact_fields(
    staff: &Staff,
    v: &crate::api::contact::ContactmomentInvoer,
    e: &ValidationErrors,
    people: &[(i64, String)],
) -> Vec<Field> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::new("soort", tx.field_kind, FieldKind::Select)
            .options(coded_options::<middenveld_domain::ContactKind>(lang))
            .empty(tx.choose)
            .value(opt(&v.soort))
            .required(),
        Field::new("datum", tx.contact_date, FieldKind::Date)
            .value(opt(&v.datum))
            .hint(tx.contact_date_hint)
            .narrow(),
        Field::new("persoonId", tx.person, FieldKind::Select)
            .options(id_options(people))
            .empty(tx.none_option)
            .value(v.persoon_id.map(|i| i.to_string()).unwrap_or_default()),
        Field::new("samenvatting", tx.contact_summary, FieldKind::Textarea)
            .value(opt(&v.samenvatting))
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

/// The organisation page's contact moments, with the form for editors.
pub async fn contacts_section(
    s: &AppState,
    staff: &Staff,
    id: i64,
    people: &[(i64, String)],
) -> Result<Section, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let contacts = s.services.contacts(&staff.actor(), id).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let mut columns = vec![
        Column::plain(tx.timeline_when),
        Column::plain(tx.field_kind),
        Column::plain(tx.contact_summary),
        Column::plain(tx.by_whom),
    ];
    if can_edit {
        columns.push(Column::plain(tx.delete));
    }
    Ok(Section {
        id: "contactmomenten".into(),
        title: tx.contacts.into(),
        table: Table {
            id: "t-contactmomenten".into(),
            caption: tx.contacts.into(),
            columns,
            rows: contacts
                .iter()
                .map(|c| {
                    let person = c.person_name.clone().map(|p| format!(" ({p})")).unwrap_or_default();
                    let mut row = vec![
                        Cell::text(c.data.date.dutch()),
                        Cell::text(c.data.kind.label(lang)),
                        Cell::text(format!("{}{person}", c.data.summary)),
                        Cell::text(c.recorded_by.clone()),
                    ];
                    if can_edit {
                        row.push(Cell::link(tx.delete, format!("/contactmomenten/{}/verwijderen", c.id)));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: can_edit.then(|| InlineForm {
            heading: tx.add_contact.into(),
            action: format!("/organisaties/{id}/contactmomenten"),
            fields: contact_fields(staff, &Default::default(), &ValidationErrors::new(), people),
            submit: tx.save.into(),
        }),
    })
}

async fn add_contact(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<crate::api::contact::ContactmomentInvoer>,
) -> Result<Response, AppError> {
    match s.services.add_contact(&staff.actor(), id, v.clone().into()).await {
        Ok(_) => Ok(see_other(&format!(
            "/organisaties/{id}?melding=gewijzigd#contactmomenten"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let d = s.services.organisation_detail(&staff.actor(), id).await?;
            let people: Vec<(i64, String)> = d.people.iter().map(|(pid, name, _)| (*pid, name.clone())).collect();
            let heading = format!("{}: {}", tx.add_contact, d.record.data.name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/organisaties/{id}/contactmomenten"),
                fields: contact_fields(&staff, &v, &errors, &people),
                submit: tx.save.into(),
                cancel_href: format!("/organisaties/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Organisations),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete_contact(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let c = s.services.contact(&staff.actor(), id).await?;
    let heading = format!("{} {}", tx.contacts, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Organisations,
        heading,
        format!("{} – {}", c.data.date.dutch(), c.data.label(lang)),
        Vec::new(),
        format!("/contactmomenten/{id}/verwijderen"),
        format!("/organisaties/{}", c.organisation_id),
    ))
}

async fn delete_contact(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let org = s.services.delete_contact(&staff.actor(), id).await?;
    Ok(see_other(&format!(
        "/organisaties/{org}?melding=gewijzigd#contactmomenten"
    )))
}
