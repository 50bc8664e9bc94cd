//! Support pages: the list with filters and totals, forms, detail with the status history and
//! the next step of the workflow, delete with confirmation.

use super::*;
use crate::api::support::{OndersteuningFilter, OndersteuningInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, SupportInstrument, SupportStatus};
use middenveld_domain::support::may_follow;
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ondersteuning", get(list))
        .route("/ondersteuning/nieuw", get(new_form).post(create))
        .route("/ondersteuning/{id}", get(detail))
        .route("/ondersteuning/{id}/bewerken", get(edit_form).post(update))
        .route("/ondersteuning/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/ondersteuning/{id}/status", post(set_status))
}

fn euro(e: Option<middenveld_domain::Euro>) -> Cell {
    Cell::text(e.map(|e| e.dutch()).unwrap_or_default())
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<OndersteuningFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let p = s.services.supports(&actor, &filter).await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("instrument", q.instrument.clone().unwrap_or_default()),
        ("status", q.status.clone().unwrap_or_default()),
        ("organisatie", q.organisatie.clone().unwrap_or_default()),
        ("aanbieder", q.aanbieder.clone().unwrap_or_default()),
    ];
    let base = "/ondersteuning";
    let numeric = |label: &str| Column {
        numeric: true,
        ..Column::plain(label)
    };
    let table = Table {
        id: "ondersteuning".into(),
        caption: tx.support.to_string(),
        columns: vec![
            Column::plain(tx.organisation),
            Column::plain(tx.field_instrument),
            Column::plain(tx.field_provider),
            Column::plain(tx.field_status),
            numeric(tx.field_amount_requested),
            numeric(tx.field_amount_granted),
            Column::plain(tx.field_applied_on),
        ],
        rows: p
            .page
            .items
            .iter()
            .map(|r| {
                vec![
                    Cell::link(
                        r.organisation_name.clone(),
                        format!("/organisaties/{}", r.data.organisation_id),
                    ),
                    Cell::link(r.data.instrument.label(lang), format!("/ondersteuning/{}", r.id)),
                    Cell::text(r.provider_name.clone().unwrap_or_default()),
                    Cell::text(r.data.status.label(lang)),
                    euro(r.data.amount_requested),
                    euro(r.data.amount_granted),
                    Cell::text(r.data.applied_on.map(|d| d.dutch()).unwrap_or_default()),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
        Field::new("instrument", tx.field_instrument, FieldKind::Select)
            .options(coded_options::<SupportInstrument>(lang))
            .empty(all)
            .value(q.instrument.clone().unwrap_or_default()),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<SupportStatus>(lang))
            .empty(all)
            .value(q.status.clone().unwrap_or_default()),
        Field::new("aanbieder", tx.field_provider, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.aanbieder.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.support.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/ondersteuning/nieuw".to_string(), tx.new_support.to_string())),
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &p.page),
        count_text: format!(
            "{} {}; {}: {}, {}: {}",
            p.page.total,
            tx.results_total,
            tx.field_amount_requested.to_lowercase(),
            p.requested.dutch(),
            tx.field_amount_granted.to_lowercase(),
            p.granted.dutch()
        ),
        empty: if pairs.iter().all(|(_, v)| v.is_empty()) {
            tx.empty_register.to_string()
        } else {
            tx.empty_list.to_string()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.support, Nav::Support);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

struct Choices {
    organisations: Vec<(i64, String)>,
    projects: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff, v: &OndersteuningInvoer) -> Result<Choices, AppError> {
    let linked: Vec<i64> = v.organisatie_id.into_iter().chain(v.aanbieder_id).collect();
    let projects = s
        .services
        .projects(
            &staff.actor(),
            &middenveld_services::store::project::ProjectFilter {
                paging: middenveld_services::store::Paging { page: 1, size: 100 },
                ..Default::default()
            },
        )
        .await?
        .items
        .into_iter()
        .map(|p| (p.id, p.data.name))
        .collect();
    Ok(Choices {
        organisations: super::person::organisation_choices(s, staff, &linked).await?,
        projects,
    })
}

fn fields(tx: &Texts, lang: Lang, v: &OndersteuningInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    vec![
        Field::new("organisatieId", tx.organisation, FieldKind::Select)
            .options(id_options(&c.organisations))
            .empty(tx.choose)
            .value(id(v.organisatie_id))
            .required(),
        Field::new("instrument", tx.field_instrument, FieldKind::Select)
            .options(coded_options::<SupportInstrument>(lang))
            .empty(tx.choose)
            .value(opt(&v.instrument))
            .required(),
        Field::new("aanbiederId", tx.field_provider, FieldKind::Select)
            .options(id_options(&c.organisations))
            .empty(tx.none_option)
            .value(id(v.aanbieder_id)),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<SupportStatus>(lang))
            .value(opt(&v.status))
            .hint(tx.support_status_hint),
        Field::text("bedragAangevraagd", tx.field_amount_requested)
            .value(opt(&v.bedrag_aangevraagd))
            .hint(tx.field_amount_hint)
            .narrow(),
        Field::text("bedragToegekend", tx.field_amount_granted)
            .value(opt(&v.bedrag_toegekend))
            .hint(tx.field_amount_hint)
            .narrow(),
        Field::new("aangevraagdOp", tx.field_applied_on, FieldKind::Date)
            .value(opt(&v.aangevraagd_op))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("besluitOp", tx.field_decided_on, FieldKind::Date)
            .value(opt(&v.besluit_op))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("projectId", tx.project, FieldKind::Select)
            .options(id_options(&c.projects))
            .empty(tx.none_option)
            .value(id(v.project_id)),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.support_form_intro.to_string()),
        action,
        fields,
        submit: tx.save.to_string(),
        cancel_href: cancel,
        alert: None,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct NewQuery {
    organisatie: Option<i64>,
}

async fn new_form(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<NewQuery>,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let v = OndersteuningInvoer {
        organisatie_id: q.organisatie,
        status: Some(SupportStatus::Applied.code().to_string()),
        ..Default::default()
    };
    let c = choices(&s, &staff, &v).await?;
    let cancel = q
        .organisatie
        .map(|o| format!("/organisaties/{o}"))
        .unwrap_or_else(|| "/ondersteuning".into());
    let form = form_view(
        tx,
        tx.new_support.into(),
        "/ondersteuning/nieuw".into(),
        cancel,
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &c),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_support, Nav::Support),
        form,
    ))
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &OndersteuningInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let c = choices(s, staff, v).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Support),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<OndersteuningInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_support(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/ondersteuning/{id}?melding=aangemaakt"))),
        Err(e) => {
            let tx = staff.ctx.tx;
            refused(
                &s,
                &staff,
                e,
                &v,
                tx.new_support,
                "/ondersteuning/nieuw".into(),
                "/ondersteuning".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.support(&staff.actor(), id).await?;
    let v = OndersteuningInvoer::from(&r.data);
    let c = choices(&s, &staff, &v).await?;
    let heading = format!(
        "{}: {} – {}",
        tx.edit,
        r.data.instrument.label(staff.ctx.lang),
        r.organisation_name
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/ondersteuning/{id}/bewerken"),
        format!("/ondersteuning/{id}"),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &c),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Support),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<OndersteuningInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_support(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/ondersteuning/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, staff.ctx.tx.support);
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/ondersteuning/{id}/bewerken"),
                format!("/ondersteuning/{id}"),
            )
            .await
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
struct StatusForm {
    status: Option<String>,
}

/// The next statuses the workflow allows from `from`.
fn next_statuses(from: SupportStatus, lang: Lang) -> Vec<(String, String)> {
    SupportStatus::ALL
        .iter()
        .filter(|s| **s != from && may_follow(from, **s))
        .map(|s| (s.code().to_string(), s.label(lang).to_string()))
        .collect()
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.support_detail(&staff.actor(), id).await?;
    let r = &d.record;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let date = |v: Option<middenveld_domain::Date>| Cell::text(v.map(|d| d.dutch()).unwrap_or_default());
    let items = vec![
        Item {
            label: tx.organisation.into(),
            value: Cell::link(
                r.organisation_name.clone(),
                format!("/organisaties/{}", r.data.organisation_id),
            ),
        },
        Item {
            label: tx.field_instrument.into(),
            value: Cell::text(r.data.instrument.label(lang)),
        },
        Item {
            label: tx.field_provider.into(),
            value: match (r.data.provider_id, &r.provider_name) {
                (Some(p), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{p}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(r.data.status.label(lang)),
        },
        Item {
            label: tx.field_amount_requested.into(),
            value: euro(r.data.amount_requested),
        },
        Item {
            label: tx.field_amount_granted.into(),
            value: euro(r.data.amount_granted),
        },
        Item {
            label: tx.field_applied_on.into(),
            value: date(r.data.applied_on),
        },
        Item {
            label: tx.field_decided_on.into(),
            value: date(r.data.decided_on),
        },
        Item {
            label: tx.project.into(),
            value: match (r.data.project_id, &r.project_name) {
                (Some(p), Some(name)) => Cell::link(name.clone(), format!("/projecten/{p}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.field_omschrijving.into(),
            value: Cell::text(r.data.description.clone().unwrap_or_default()),
        },
    ];
    let next = next_statuses(r.data.status, lang);
    let form = (can_edit && !next.is_empty()).then(|| InlineForm {
        heading: tx.support_next_status.into(),
        action: format!("/ondersteuning/{id}/status"),
        fields: vec![
            Field::new("status", tx.field_status, FieldKind::Select)
                .options(next)
                .required(),
        ],
        submit: tx.save.into(),
    });
    let statuses = Section {
        id: "status".into(),
        title: tx.support_statuses.into(),
        table: Table {
            id: "t-status".into(),
            caption: tx.support_statuses.into(),
            columns: vec![
                Column::plain(tx.timeline_when),
                Column::plain(tx.field_status),
                Column::plain(tx.by_whom),
            ],
            rows: d
                .statuses
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(dutch_time(&c.changed_at)),
                        Cell::text(c.to.label(lang)),
                        Cell::text(c.user_name.clone()),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form,
    };
    let heading = format!("{} – {}", r.data.instrument.label(lang), r.organisation_name);
    let detail = DetailView {
        heading: heading.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&r.updated_at))),
        edit_href: Some(format!("/ondersteuning/{id}/bewerken")),
        delete_href: Some(format!("/ondersteuning/{id}/verwijderen")),
        items,
        sections: vec![statuses],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(heading, Nav::Support);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

/// The next status; a refused one comes back on a form page of its own.
async fn set_status(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    match s
        .services
        .set_support_status(&staff.actor(), id, v.status.as_deref())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/ondersteuning/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
            let r = s.services.support(&staff.actor(), id).await?;
            let heading = format!("{}: {}", tx.support_next_status, r.organisation_name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/ondersteuning/{id}/status"),
                fields: vec![
                    Field::new("status", tx.field_status, FieldKind::Select)
                        .options(next_statuses(r.data.status, lang))
                        .value(v.status.clone().unwrap_or_default())
                        .required()
                        .errors_from(&errors, lang),
                ],
                submit: tx.save.into(),
                cancel_href: format!("/ondersteuning/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Support),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let r = s.services.support(&staff.actor(), id).await?;
    let text = format!("{} – {}", r.data.instrument.label(lang), r.organisation_name);
    let heading = format!("{text} {}", tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Support,
        heading,
        text,
        Vec::new(),
        format!("/ondersteuning/{id}/verwijderen"),
        format!("/ondersteuning/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_support(&staff.actor(), id).await?;
    Ok(see_other("/ondersteuning?melding=verwijderd"))
}

/// The support an organisation received, for its page.
pub fn support_section(
    tx: &'static Texts,
    lang: Lang,
    records: &[middenveld_services::store::support::SupportRecord],
) -> Section {
    Section {
        id: "ondersteuning".into(),
        title: tx.support.into(),
        table: Table {
            id: "t-ondersteuning".into(),
            caption: tx.support.into(),
            columns: vec![
                Column::plain(tx.field_instrument),
                Column::plain(tx.field_provider),
                Column::plain(tx.field_status),
                Column {
                    numeric: true,
                    ..Column::plain(tx.field_amount_granted)
                },
            ],
            rows: records
                .iter()
                .map(|r| {
                    vec![
                        Cell::link(r.data.instrument.label(lang), format!("/ondersteuning/{}", r.id)),
                        Cell::text(r.provider_name.clone().unwrap_or_default()),
                        Cell::text(r.data.status.label(lang)),
                        euro(r.data.amount_granted),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    }
}
