//! The signpost ("wegwijzer"): three questions (kind of question, stage, sector) give the
//! partners to go to and the next step; staff keep the directory of offers behind it.

use super::*;
use crate::api::signpost::AanbodInvoer;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, ListView, Nav, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use middenveld_domain::enums::{Coded, JourneyStage, QuestionKind, Sector};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::store::signpost::OfferRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wegwijzer/aanbod", get(offers))
        .route("/wegwijzer/aanbod/nieuw", get(new_form).post(create))
        .route("/wegwijzer/aanbod/{id}/bewerken", get(edit_form).post(update))
        .route("/wegwijzer/aanbod/{id}/verwijderen", get(confirm_delete).post(delete))
}

/// The signpost shows every answer on one page.
pub(crate) fn no_pages() -> crate::view::Pager {
    crate::view::Pager {
        prev: None,
        next: None,
        pages: Vec::new(),
        summary: String::new(),
    }
}

pub(crate) fn offer_table(tx: &Texts, lang: Lang, id: &str, offers: &[OfferRecord], manage: bool) -> Table {
    let mut columns = vec![
        Column::plain(tx.field_partner),
        Column::plain(tx.signpost_offer),
        Column::plain(tx.signpost_next_step),
    ];
    if manage {
        columns.insert(1, Column::plain(tx.field_question_kind));
        columns.push(Column::plain(tx.edit));
        columns.push(Column::plain(tx.delete));
    }
    Table {
        id: id.into(),
        caption: tx.signpost.into(),
        columns,
        rows: offers
            .iter()
            .map(|o| {
                let mut scope = Vec::new();
                if !o.data.stages.is_empty() {
                    scope.push(
                        o.data
                            .stages
                            .iter()
                            .map(|s| s.label(lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
                if let Some(sec) = o.data.sector {
                    scope.push(sec.label(lang).to_string());
                }
                let what = if scope.is_empty() {
                    o.data.description.clone()
                } else {
                    format!("{} ({})", o.data.description, scope.join("; "))
                };
                // The public signpost names the partner; only staff follow it into the register.
                let partner = if manage {
                    Cell::link(o.partner_name.clone(), format!("/organisaties/{}", o.data.partner_id))
                } else {
                    Cell::text(o.partner_name.clone())
                };
                let mut row = vec![
                    partner,
                    Cell::text(what),
                    match &o.data.website {
                        Some(w) => Cell::link(o.data.next_step.clone(), w.clone()),
                        None => Cell::text(o.data.next_step.clone()),
                    },
                ];
                if manage {
                    row.insert(1, Cell::text(o.data.kind.label(lang)));
                    row.push(Cell::link(tx.edit, format!("/wegwijzer/aanbod/{}/bewerken", o.id)));
                    row.push(Cell::link(tx.delete, format!("/wegwijzer/aanbod/{}/verwijderen", o.id)));
                }
                row
            })
            .collect(),
    }
}

async fn offers(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let all = s.services.offers(&staff.actor(), None).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let list = ListView {
        heading: tx.signpost_manage.into(),
        intro: Some(tx.signpost_manage_intro.into()),
        new_link: can_edit.then(|| ("/wegwijzer/aanbod/nieuw".to_string(), tx.signpost_new.to_string())),
        action: "/wegwijzer/aanbod".into(),
        filters: Vec::new(),
        pager: no_pages(),
        count_text: format!("{} {}", all.len(), tx.results_total),
        empty: tx.empty_register.into(),
        table: offer_table(tx, lang, "aanbod", &all, can_edit),
    };
    let mut chrome = staff.ctx.chrome(tx.signpost_manage, Nav::Signpost);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

fn fields(tx: &Texts, lang: Lang, v: &AanbodInvoer, e: &ValidationErrors, orgs: &[(i64, String)]) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::new("partnerId", tx.field_partner, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.choose)
            .value(v.partner_id.map(|i| i.to_string()).unwrap_or_default())
            .required(),
        Field::new("soortVraag", tx.field_question_kind, FieldKind::Select)
            .options(coded_options::<QuestionKind>(lang))
            .empty(tx.choose)
            .value(opt(&v.soort_vraag))
            .required(),
        Field::new("fasen", tx.signpost_stages, FieldKind::Checkboxes)
            .options(coded_options::<JourneyStage>(lang))
            .values(v.fasen.clone())
            .hint(tx.signpost_stages_hint),
        Field::new("sector", tx.signpost_q_sector, FieldKind::Select)
            .options(coded_options::<Sector>(lang))
            .empty(tx.signpost_any)
            .value(opt(&v.sector)),
        Field::new("omschrijving", tx.signpost_offer, FieldKind::Textarea)
            .value(opt(&v.omschrijving))
            .required(),
        Field::text("volgendeStap", tx.signpost_next_step)
            .value(opt(&v.volgende_stap))
            .required(),
        Field::new("website", tx.field_website, FieldKind::Url).value(opt(&v.website)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.signpost_manage_intro.into()),
        action,
        fields,
        submit: tx.save.into(),
        cancel_href: "/wegwijzer/aanbod".into(),
        alert: None,
    }
}

async fn orgs(s: &AppState, staff: &Staff, v: &AanbodInvoer) -> Result<Vec<(i64, String)>, AppError> {
    super::person::organisation_choices(s, staff, &v.partner_id.into_iter().collect::<Vec<_>>()).await
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let v = AanbodInvoer::default();
    let o = orgs(&s, &staff, &v).await?;
    let form = form_view(
        tx,
        tx.signpost_new.into(),
        "/wegwijzer/aanbod/nieuw".into(),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.signpost_new, Nav::Signpost),
        form,
    ))
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &AanbodInvoer,
    heading: &str,
    action: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let o = orgs(s, staff, v).await?;
    let form = form_view(tx, heading.into(), action, fields(tx, staff.ctx.lang, v, &errors, &o));
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Signpost),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<AanbodInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_offer(&staff.actor(), v.clone().into()).await {
        Ok(_) => Ok(see_other("/wegwijzer/aanbod?melding=aangemaakt")),
        Err(e) => {
            refused(
                &s,
                &staff,
                e,
                &v,
                staff.ctx.tx.signpost_new,
                "/wegwijzer/aanbod/nieuw".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.offer(&staff.actor(), id).await?;
    let v = AanbodInvoer::from(&r.data);
    let o = orgs(&s, &staff, &v).await?;
    let heading = format!("{}: {}", tx.edit, r.partner_name);
    let form = form_view(
        tx,
        heading.clone(),
        format!("/wegwijzer/aanbod/{id}/bewerken"),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Signpost),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<AanbodInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_offer(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other("/wegwijzer/aanbod?melding=gewijzigd")),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, staff.ctx.tx.signpost_offer);
            refused(&s, &staff, e, &v, &heading, format!("/wegwijzer/aanbod/{id}/bewerken")).await
        }
    }
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.offer(&staff.actor(), id).await?;
    let heading = format!("{} {}", r.partner_name, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Signpost,
        heading,
        format!("{}: {}", r.partner_name, r.data.description),
        Vec::new(),
        format!("/wegwijzer/aanbod/{id}/verwijderen"),
        "/wegwijzer/aanbod".into(),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_offer(&staff.actor(), id).await?;
    Ok(see_other("/wegwijzer/aanbod?melding=verwijderd"))
}
