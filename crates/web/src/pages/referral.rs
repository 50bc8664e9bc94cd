//! Referral pages: the queue (open referrals, oldest first, per receiving partner), forms, the
//! detail with the next step and its outcome, delete with confirmation.

use super::*;
use crate::api::referral::{DoorverwijzingFilter, DoorverwijzingInvoer, DoorverwijzingStatus};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, QuestionKind, ReferralStatus};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/doorverwijzingen", get(list))
        .route("/doorverwijzingen/nieuw", get(new_form).post(create))
        .route("/doorverwijzingen/{id}", get(detail))
        .route("/doorverwijzingen/{id}/bewerken", get(edit_form).post(update))
        .route("/doorverwijzingen/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/doorverwijzingen/{id}/status", post(set_status))
}

fn status_options(tx: &Texts, lang: Lang) -> Vec<(String, String)> {
    let mut o = vec![("alle".to_string(), tx.period_all.to_string())];
    o.extend(coded_options::<ReferralStatus>(lang));
    o
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<DoorverwijzingFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.referrals(&actor, &filter).await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let pairs = [
        ("status", q.status.clone().unwrap_or_default()),
        ("naar", q.naar.clone().unwrap_or_default()),
        ("van", q.van.clone().unwrap_or_default()),
        ("soortVraag", q.soort_vraag.clone().unwrap_or_default()),
        ("organisatie", q.organisatie.clone().unwrap_or_default()),
    ];
    let base = "/doorverwijzingen";
    let table = Table {
        id: "doorverwijzingen".into(),
        caption: tx.referrals.to_string(),
        columns: vec![
            Column::plain(tx.referral_since),
            Column::plain(tx.organisation),
            Column::plain(tx.field_question),
            Column::plain(tx.field_from_partner),
            Column::plain(tx.field_to_partner),
            Column::plain(tx.field_status),
        ],
        rows: page
            .items
            .iter()
            .map(|r| {
                vec![
                    Cell::text(dutch_time(&r.created_at)),
                    who_cell(tx, r),
                    Cell::link(
                        format!("{}: {}", r.data.kind.label(lang), r.data.question),
                        format!("/doorverwijzingen/{}", r.id),
                    ),
                    Cell::text(r.from_name.clone().unwrap_or_default()),
                    Cell::text(r.to_name.clone()),
                    Cell::text(r.data.status.label(lang)),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(status_options(tx, lang))
            .empty(tx.referral_queue)
            .value(q.status.clone().unwrap_or_default()),
        Field::new("naar", tx.field_to_partner, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.naar.clone().unwrap_or_default()),
        Field::new("van", tx.field_from_partner, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.van.clone().unwrap_or_default()),
        Field::new("soortVraag", tx.field_question_kind, FieldKind::Select)
            .options(coded_options::<QuestionKind>(lang))
            .empty(all)
            .value(q.soort_vraag.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.referrals.to_string(),
        intro: Some(tx.referrals_intro.to_string()),
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/doorverwijzingen/nieuw".to_string(), tx.new_referral.to_string())),
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &page),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: tx.empty_list.to_string(),
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.referrals, Nav::Referrals);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

/// Who asked: the company (a link), or the visitor of the exhibition.
fn who_cell(tx: &Texts, r: &middenveld_services::store::referral::ReferralRecord) -> Cell {
    match r.data.company_id {
        Some(id) => Cell::link(r.who(), format!("/organisaties/{id}")),
        None => Cell::text(format!("{} – {}", r.who(), tx.ex_visitor)),
    }
}

fn fields(
    tx: &Texts,
    lang: Lang,
    v: &DoorverwijzingInvoer,
    e: &ValidationErrors,
    orgs: &[(i64, String)],
) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    vec![
        Field::new("organisatieId", tx.organisation, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.choose)
            .value(id(v.organisatie_id))
            .required(),
        Field::new("soortVraag", tx.field_question_kind, FieldKind::Select)
            .options(coded_options::<QuestionKind>(lang))
            .empty(tx.choose)
            .value(opt(&v.soort_vraag))
            .required(),
        Field::new("vraag", tx.field_question, FieldKind::Textarea)
            .value(opt(&v.vraag))
            .required(),
        Field::new("vanPartnerId", tx.field_from_partner, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.none_option)
            .value(id(v.van_partner_id)),
        Field::new("naarPartnerId", tx.field_to_partner, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.choose)
            .value(id(v.naar_partner_id))
            .required(),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<ReferralStatus>(lang))
            .value(opt(&v.status)),
        Field::new("uitkomst", tx.field_outcome, FieldKind::Textarea).value(opt(&v.uitkomst)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn orgs(s: &AppState, staff: &Staff, v: &DoorverwijzingInvoer) -> Result<Vec<(i64, String)>, AppError> {
    let linked: Vec<i64> = [v.organisatie_id, v.van_partner_id, v.naar_partner_id]
        .into_iter()
        .flatten()
        .collect();
    super::person::organisation_choices(s, staff, &linked).await
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.referral_form_intro.to_string()),
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
    let v = DoorverwijzingInvoer {
        organisatie_id: q.organisatie,
        status: Some(ReferralStatus::Open.code().to_string()),
        ..Default::default()
    };
    let o = orgs(&s, &staff, &v).await?;
    let form = form_view(
        tx,
        tx.new_referral.into(),
        "/doorverwijzingen/nieuw".into(),
        "/doorverwijzingen".into(),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_referral, Nav::Referrals),
        form,
    ))
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &DoorverwijzingInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let o = orgs(s, staff, v).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &o),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Referrals),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<DoorverwijzingInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_referral(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/doorverwijzingen/{id}?melding=aangemaakt"))),
        Err(e) => {
            let tx = staff.ctx.tx;
            refused(
                &s,
                &staff,
                e,
                &v,
                tx.new_referral,
                "/doorverwijzingen/nieuw".into(),
                "/doorverwijzingen".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.referral(&staff.actor(), id).await?;
    let v = DoorverwijzingInvoer::from(&r.data);
    let o = orgs(&s, &staff, &v).await?;
    let heading = format!("{}: {} – {}", tx.edit, r.who(), r.to_name);
    let form = form_view(
        tx,
        heading.clone(),
        format!("/doorverwijzingen/{id}/bewerken"),
        format!("/doorverwijzingen/{id}"),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Referrals),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<DoorverwijzingInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_referral(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/doorverwijzingen/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, staff.ctx.tx.referrals);
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/doorverwijzingen/{id}/bewerken"),
                format!("/doorverwijzingen/{id}"),
            )
            .await
        }
    }
}

/// The statuses after `from`.
fn next_statuses(from: ReferralStatus, lang: Lang) -> Vec<(String, String)> {
    let at = ReferralStatus::ALL.iter().position(|s| *s == from).unwrap_or(0);
    ReferralStatus::ALL[at + 1..]
        .iter()
        .map(|s| (s.code().to_string(), s.label(lang).to_string()))
        .collect()
}

fn status_fields(staff: &Staff, from: ReferralStatus, v: &DoorverwijzingStatus, e: &ValidationErrors) -> Vec<Field> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    vec![
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(next_statuses(from, lang))
            .value(v.status.clone().unwrap_or_default())
            .required(),
        Field::new("uitkomst", tx.field_outcome, FieldKind::Textarea).value(v.uitkomst.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.referral_detail(&staff.actor(), id).await?;
    let r = &d.record;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let org = |id: i64, name: &str| Cell::link(name.to_string(), format!("/organisaties/{id}"));
    let mut items = vec![Item {
        label: tx.organisation.into(),
        value: who_cell(tx, r),
    }];
    if let Some(v) = &r.visitor {
        // A visitor's own contact data, given with consent to pass it on to this partner.
        items.push(Item {
            label: tx.ex_contact_name.into(),
            value: Cell::text(v.name.clone()),
        });
        items.push(Item {
            label: tx.ex_contact_email.into(),
            value: Cell::link(v.email.clone(), format!("mailto:{}", v.email)),
        });
        items.push(Item {
            label: tx.ex_contact_organisation.into(),
            value: Cell::text(v.organisation.clone().unwrap_or_default()),
        });
        items.push(Item {
            label: tx.ex_contact_consent_at.into(),
            value: Cell::text(dutch_time(&v.consent_at)),
        });
        items.push(Item {
            label: tx.ex_example.into(),
            value: match (v.example_id, &r.example_title) {
                (Some(eid), Some(title)) => Cell::link(title.clone(), format!("/redactie/voorbeelden/{eid}")),
                _ => Cell::text(tx.ex_example_gone),
            },
        });
    }
    items.extend([
        Item {
            label: tx.field_question_kind.into(),
            value: Cell::text(r.data.kind.label(lang)),
        },
        Item {
            label: tx.field_question.into(),
            value: Cell::text(r.data.question.clone()),
        },
        Item {
            label: tx.field_from_partner.into(),
            value: match (r.data.from_id, &r.from_name) {
                (Some(f), Some(name)) => org(f, name),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.field_to_partner.into(),
            value: org(r.data.to_id, &r.to_name),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(r.data.status.label(lang)),
        },
        Item {
            label: tx.field_outcome.into(),
            value: Cell::text(r.data.outcome.clone().unwrap_or_default()),
        },
        Item {
            label: tx.referral_since.into(),
            value: Cell::text(format!("{} ({})", dutch_time(&r.created_at), r.created_by)),
        },
    ]);
    let next = next_statuses(r.data.status, lang);
    let sections = if can_edit && !next.is_empty() {
        vec![Section {
            id: "status".into(),
            title: tx.support_next_status.into(),
            table: Table {
                id: "t-status".into(),
                caption: tx.support_next_status.into(),
                columns: Vec::new(),
                rows: Vec::new(),
            },
            empty: String::new(),
            form: Some(InlineForm {
                heading: tx.support_next_status.into(),
                action: format!("/doorverwijzingen/{id}/status"),
                fields: status_fields(
                    &staff,
                    r.data.status,
                    &DoorverwijzingStatus::default(),
                    &ValidationErrors::new(),
                ),
                submit: tx.save.into(),
            }),
        }]
    } else {
        Vec::new()
    };
    let heading = format!("{} → {}", r.who(), r.to_name);
    let detail = DetailView {
        heading: heading.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&r.updated_at))),
        edit_href: Some(format!("/doorverwijzingen/{id}/bewerken")),
        delete_href: Some(format!("/doorverwijzingen/{id}/verwijderen")),
        items,
        sections,
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(heading, Nav::Referrals);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn set_status(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<DoorverwijzingStatus>,
) -> Result<Response, AppError> {
    match s
        .services
        .set_referral_status(&staff.actor(), id, v.status.as_deref(), v.uitkomst.as_deref())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/doorverwijzingen/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let r = s.services.referral(&staff.actor(), id).await?;
            let heading = format!("{}: {} → {}", tx.support_next_status, r.who(), r.to_name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/doorverwijzingen/{id}/status"),
                fields: status_fields(&staff, r.data.status, &v, &errors),
                submit: tx.save.into(),
                cancel_href: format!("/doorverwijzingen/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Referrals),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.referral(&staff.actor(), id).await?;
    let text = format!("{} → {}: {}", r.who(), r.to_name, r.data.question);
    let heading = format!("{} {}", tx.referrals, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Referrals,
        heading,
        text,
        Vec::new(),
        format!("/doorverwijzingen/{id}/verwijderen"),
        format!("/doorverwijzingen/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_referral(&staff.actor(), id).await?;
    Ok(see_other("/doorverwijzingen?melding=verwijderd"))
}
