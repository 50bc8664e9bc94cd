//! Launching-customer pages: the cases with their status, forms, the detail with suppliers
//! (added and removed from the page), delete with confirmation.

use super::*;
use crate::api::launching::{CaseFilter, CaseInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, LaunchingStatus};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

const BASE: &str = "/launching-customer";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/launching-customer/nieuw", get(new_form).post(create))
        .route("/launching-customer/{id}", get(detail))
        .route("/launching-customer/{id}/bewerken", get(edit_form).post(update))
        .route("/launching-customer/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/launching-customer/{id}/leveranciers", post(add_supplier))
        .route(
            "/launching-customer/{id}/leveranciers/{organisatie}/verwijderen",
            get(confirm_remove).post(remove_supplier),
        )
}

fn no_pages() -> crate::view::Pager {
    crate::view::Pager {
        prev: None,
        next: None,
        pages: Vec::new(),
        summary: String::new(),
    }
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<CaseFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let status = LaunchingStatus::optional(q.status.as_deref()).ok().flatten();
    let cases = s.services.cases(&staff.actor(), status).await?;
    let table = Table {
        id: "trajecten".into(),
        caption: tx.launching.into(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.launching_challenge),
            Column::plain(tx.launching_suppliers),
            Column::plain(tx.field_status),
        ],
        rows: cases
            .iter()
            .map(|c| {
                vec![
                    Cell::link(c.data.name.clone(), format!("{BASE}/{}", c.id)),
                    Cell::text(c.data.challenge.clone()),
                    Cell::text(
                        c.suppliers
                            .iter()
                            .map(|(_, n)| n.clone())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Cell::text(c.data.status.label(lang)),
                ]
            })
            .collect(),
    };
    let list = ListView {
        heading: tx.launching.into(),
        intro: Some(tx.launching_intro.into()),
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/launching-customer/nieuw".to_string(), tx.launching_new.to_string())),
        action: BASE.into(),
        filters: vec![
            Field::new("status", tx.field_status, FieldKind::Select)
                .options(coded_options::<LaunchingStatus>(lang))
                .empty(tx.all)
                .value(q.status.clone().unwrap_or_default()),
        ],
        pager: no_pages(),
        count_text: format!("{} {}", cases.len(), tx.results_total),
        empty: if status.is_none() {
            tx.empty_register.into()
        } else {
            tx.empty_list.into()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.launching, Nav::Launching);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

fn fields(tx: &Texts, lang: Lang, v: &CaseInvoer, e: &ValidationErrors) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("opgave", tx.launching_challenge, FieldKind::Textarea)
            .value(opt(&v.opgave))
            .required(),
        Field::new("innovatie", tx.launching_innovation, FieldKind::Textarea).value(opt(&v.innovatie)),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<LaunchingStatus>(lang))
            .value(opt(&v.status)),
        Field::new("startdatum", tx.field_start, FieldKind::Date)
            .value(opt(&v.startdatum))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("resultaat", tx.launching_outcome, FieldKind::Textarea)
            .value(opt(&v.resultaat))
            .hint(tx.launching_outcome_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.launching_intro.into()),
        action,
        fields,
        submit: tx.save.into(),
        cancel_href: cancel,
        alert: None,
    }
}

async fn new_form(staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let v = CaseInvoer::default();
    let form = form_view(
        tx,
        tx.launching_new.into(),
        "/launching-customer/nieuw".into(),
        BASE.into(),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new()),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.launching_new, Nav::Launching),
        form,
    ))
}

fn refused(
    staff: &Staff,
    e: ServiceError,
    v: &CaseInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let form = form_view(
        tx,
        heading.into(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Launching),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<CaseInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_case(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("{BASE}/{id}?melding=aangemaakt"))),
        Err(e) => refused(
            &staff,
            e,
            &v,
            staff.ctx.tx.launching_new,
            "/launching-customer/nieuw".into(),
            BASE.into(),
        ),
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = s.services.case(&staff.actor(), id).await?;
    let heading = format!("{}: {}", tx.edit, c.data.name);
    let form = form_view(
        tx,
        heading.clone(),
        format!("{BASE}/{id}/bewerken"),
        format!("{BASE}/{id}"),
        fields(tx, staff.ctx.lang, &CaseInvoer::from(&c.data), &ValidationErrors::new()),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Launching),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<CaseInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_case(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &staff,
                e,
                &v,
                &heading,
                format!("{BASE}/{id}/bewerken"),
                format!("{BASE}/{id}"),
            )
        }
    }
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let c = s.services.case(&staff.actor(), id).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let text = |v: &Option<String>| Cell::text(v.clone().unwrap_or_default());
    let items = vec![
        Item {
            label: tx.launching_challenge.into(),
            value: Cell::text(c.data.challenge.clone()),
        },
        Item {
            label: tx.launching_innovation.into(),
            value: text(&c.data.innovation),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(c.data.status.label(lang)),
        },
        Item {
            label: tx.field_start.into(),
            value: Cell::text(c.data.start_date.map(|d| d.dutch()).unwrap_or_default()),
        },
        Item {
            label: tx.launching_outcome.into(),
            value: text(&c.data.outcome),
        },
    ];
    let mut columns = vec![Column::plain(tx.organisation)];
    if can_edit {
        columns.push(Column::plain(tx.delete));
    }
    let organisations = if can_edit {
        s.services.organisation_names(&staff.actor()).await?
    } else {
        Vec::new()
    };
    let suppliers = Section {
        id: "leveranciers".into(),
        title: tx.launching_suppliers.into(),
        table: Table {
            id: "t-leveranciers".into(),
            caption: tx.launching_suppliers.into(),
            columns,
            rows: c
                .suppliers
                .iter()
                .map(|(oid, name)| {
                    let mut row = vec![Cell::link(name.clone(), format!("/organisaties/{oid}"))];
                    if can_edit {
                        row.push(Cell::link(
                            tx.delete,
                            format!("{BASE}/{id}/leveranciers/{oid}/verwijderen"),
                        ));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: can_edit.then(|| InlineForm {
            heading: tx.launching_add_supplier.into(),
            action: format!("{BASE}/{id}/leveranciers"),
            fields: vec![
                Field::new("organisatieId", tx.organisation, FieldKind::Select)
                    .options(id_options(&organisations))
                    .empty(tx.choose)
                    .required(),
            ],
            submit: tx.save.into(),
        }),
    };
    let detail = DetailView {
        heading: c.data.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&c.updated_at))),
        edit_href: Some(format!("{BASE}/{id}/bewerken")),
        delete_href: Some(format!("{BASE}/{id}/verwijderen")),
        items,
        sections: vec![suppliers],
        history: history(tx, &s.services.case_history(&staff.actor(), id).await?),
    };
    let mut chrome = staff.ctx.chrome(c.data.name.clone(), Nav::Launching);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SupplierForm {
    #[serde(deserialize_with = "crate::api::opt_id")]
    organisatie_id: Option<i64>,
}

async fn add_supplier(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<SupplierForm>,
) -> Result<Response, AppError> {
    match s.services.add_case_supplier(&staff.actor(), id, v.organisatie_id).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            let organisations = s.services.organisation_names(&staff.actor()).await?;
            let form = FormView {
                heading: tx.launching_add_supplier.into(),
                intro: None,
                action: format!("{BASE}/{id}/leveranciers"),
                fields: vec![
                    Field::new("organisatieId", tx.organisation, FieldKind::Select)
                        .options(id_options(&organisations))
                        .empty(tx.choose)
                        .required()
                        .errors_from(&errors, lang),
                ],
                submit: tx.save.into(),
                cancel_href: format!("{BASE}/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(tx.launching_add_supplier, Nav::Launching),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_remove(State(s): State<AppState>, staff: Staff, Ids(id, org): Ids) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = s.services.case(&staff.actor(), id).await?;
    let (_, name) = c.suppliers.iter().find(|(o, _)| *o == org).ok_or(AppError::NotFound)?;
    let heading = format!("{name} {}", tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Launching,
        heading,
        format!("{name} – {}", c.data.name),
        Vec::new(),
        format!("{BASE}/{id}/leveranciers/{org}/verwijderen"),
        format!("{BASE}/{id}"),
    ))
}

async fn remove_supplier(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, org): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.remove_case_supplier(&staff.actor(), id, org).await?;
    Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd")))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = s.services.case(&staff.actor(), id).await?;
    let heading = format!("{} {}", c.data.name, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Launching,
        heading,
        c.data.name.clone(),
        Vec::new(),
        format!("{BASE}/{id}/verwijderen"),
        format!("{BASE}/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_case(&staff.actor(), id).await?;
    Ok(see_other("/launching-customer?melding=verwijderd"))
}
