//! People pages: list with search and filters, detail with organisations and network
//! memberships, forms with the lawful basis, erasure with confirmation, and the overview of
//! everything held about a person (AVG access request).

use super::*;
use crate::api::person::{PersoonFilter, PersoonInvoer};
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Column, Field, FieldKind, FormView, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use middenveld_domain::enums::{Coded, ConsentBasis};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/personen", get(list))
        .route("/personen/nieuw", get(new_form).post(create))
        .route("/personen/{id}", get(detail))
        .route("/personen/{id}/bewerken", get(edit_form).post(update))
        .route("/personen/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/personen/{id}/gegevens", get(data))
        .route("/personen/{id}/gegevens.json", get(data_json))
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<PersoonFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.people(&actor, &filter).await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let networks = s.services.network_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("organisatie", q.organisatie.clone().unwrap_or_default()),
        ("netwerk", q.netwerk.clone().unwrap_or_default()),
    ];
    let base = "/personen";
    let table = Table {
        id: "personen".into(),
        caption: tx.people.to_string(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_email),
            Column::plain(tx.field_function),
            Column::plain(tx.field_organisations),
        ],
        rows: page
            .items
            .iter()
            .map(|p| {
                vec![
                    Cell::link(p.name.clone(), format!("/personen/{}", p.id)),
                    Cell::text(p.email.clone().unwrap_or_default()),
                    Cell::text(p.function.clone().unwrap_or_default()),
                    Cell::text(p.organisations.clone()),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.person_search_hint),
        Field::new("organisatie", tx.organisation, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.organisatie.clone().unwrap_or_default()),
        Field::new("netwerk", tx.network, FieldKind::Select)
            .options(id_options(&networks))
            .empty(all)
            .value(q.netwerk.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.people.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/personen/nieuw".to_string(), tx.new_person.to_string())),
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &page),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: if pairs.iter().all(|(_, v)| v.is_empty()) {
            tx.empty_register.to_string()
        } else {
            tx.empty_list.to_string()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.people, Nav::People);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = super::export::list_exports(tx, base, &pairs, page.total);
    Ok(list_response_with(&headers, chrome, list, extras))
}

/// The organisations to choose from: the first 2000 by name, plus any already linked that
/// fall outside them (so saving never drops a link the form did not show).
pub(crate) async fn organisation_choices(
    s: &AppState,
    staff: &Staff,
    linked: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    let actor = staff.actor();
    let mut all = s.services.organisation_names(&actor).await?;
    for id in linked {
        if !all.iter().any(|(o, _)| o == id)
            && let Ok(o) = s.services.organisation(&actor, *id).await
        {
            all.push((*id, o.data.name));
        }
    }
    Ok(all)
}

fn fields(
    tx: &crate::i18n::Texts,
    lang: Lang,
    v: &PersoonInvoer,
    e: &ValidationErrors,
    organisations: &[(i64, String)],
) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name)
            .value(opt(&v.naam))
            .required()
            .autocomplete("name"),
        Field::new("email", tx.field_email, FieldKind::Email)
            .value(opt(&v.email))
            .autocomplete("email"),
        Field::new("telefoon", tx.field_phone, FieldKind::Tel)
            .value(opt(&v.telefoon))
            .narrow()
            .autocomplete("tel"),
        Field::text("functie", tx.field_function)
            .value(opt(&v.functie))
            .autocomplete("organization-title"),
        Field::new("organisaties", tx.field_organisations, FieldKind::Checkboxes)
            .options(id_options(organisations))
            .values(v.organisaties.iter().map(i64::to_string).collect())
            .hint(tx.person_organisations_hint),
        Field::new("grondslag", tx.field_consent_basis, FieldKind::Select)
            .options(coded_options::<ConsentBasis>(lang))
            .empty(tx.choose)
            .value(opt(&v.grondslag))
            .hint(tx.field_consent_basis_hint)
            .required(),
        Field::new("grondslagDatum", tx.field_consent_date, FieldKind::Date)
            .value(opt(&v.grondslag_datum))
            .hint(tx.field_date_hint)
            .narrow()
            .required(),
        Field::new("doel", tx.field_consent_purpose, FieldKind::Textarea)
            .value(opt(&v.doel))
            .hint(tx.person_purpose_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &crate::i18n::Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.person_form_intro.to_string()),
        action,
        fields,
        submit: tx.save.to_string(),
        cancel_href: cancel,
        alert: None,
    }
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let organisations = organisation_choices(&s, &staff, &[]).await?;
    let fields = fields(
        tx,
        staff.ctx.lang,
        &PersoonInvoer::default(),
        &ValidationErrors::new(),
        &organisations,
    );
    let form = form_view(
        tx,
        tx.new_person.into(),
        "/personen/nieuw".into(),
        "/personen".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_person, Nav::People),
        form,
    ))
}

/// Re-shows the form after a refused save: 422 with field errors.
async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &PersoonInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let organisations = organisation_choices(s, staff, &v.organisaties).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &organisations),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::People),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<PersoonInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_person(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/personen/{id}?melding=aangemaakt"))),
        Err(e) => {
            refused(
                &s,
                &staff,
                e,
                &v,
                staff.ctx.tx.new_person,
                "/personen/nieuw".into(),
                "/personen".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.person(&staff.actor(), id).await?;
    let organisations = organisation_choices(&s, &staff, &record.data.organisation_ids).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &PersoonInvoer::from(&record.data),
        &ValidationErrors::new(),
        &organisations,
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/personen/{id}/bewerken"),
        format!("/personen/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::People),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<PersoonInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_person(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/personen/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/personen/{id}/bewerken"),
                format!("/personen/{id}"),
            )
            .await
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
    let d = s.services.person_detail(&staff.actor(), id).await?;
    let p = &d.record.data;
    let mut items = vec![Item {
        label: tx.field_email.into(),
        value: p
            .email
            .as_ref()
            .map(|e| Cell::link(e.as_str(), format!("mailto:{}", e.as_str())))
            .unwrap_or_default(),
    }];
    items.extend(contact_and_consent(p, tx, lang));
    items.push(Item {
        label: tx.person_data.into(),
        value: Cell::link(tx.person_data_link, format!("/personen/{id}/gegevens")),
    });
    let organisations = Section {
        id: "organisaties".into(),
        title: tx.organisations.into(),
        table: Table {
            id: "t-organisaties".into(),
            caption: tx.organisations.into(),
            columns: vec![Column::plain(tx.organisation)],
            rows: d
                .organisations
                .iter()
                .map(|(oid, n)| vec![Cell::link(n.clone(), format!("/organisaties/{oid}"))])
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let memberships = Section {
        id: "netwerken".into(),
        title: tx.memberships.into(),
        table: Table {
            id: "t-netwerken".into(),
            caption: tx.memberships.into(),
            columns: vec![
                Column::plain(tx.network),
                Column::plain(tx.field_status),
                Column::plain(tx.field_since),
                Column::plain(tx.field_until),
            ],
            rows: d
                .memberships
                .iter()
                .map(|m| {
                    vec![
                        Cell::link(m.network_name.clone(), format!("/netwerken/{}", m.network_id)),
                        Cell::badge(
                            m.data.status.label(lang),
                            super::organisation::membership_badge(m.data.status),
                        ),
                        Cell::text(m.data.since.dutch()),
                        Cell::text(m.data.until.map(|u| u.dutch()).unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let detail = DetailView {
        heading: p.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&d.record.updated_at))),
        edit_href: Some(format!("/personen/{id}/bewerken")),
        delete_href: Some(format!("/personen/{id}/verwijderen")),
        items,
        sections: vec![
            organisations,
            memberships,
            super::event::registrations_section(tx, lang, &d.registrations, false),
        ],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(p.name.clone(), Nav::People);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.person_detail(&staff.actor(), id).await?;
    let mut consequences = vec![
        tx.person_erase_data.to_string(),
        tx.person_erase_history.to_string(),
        tx.person_erase_elsewhere.to_string(),
    ];
    for (n, what) in [
        (d.organisations.len(), tx.organisations),
        (d.memberships.len(), tx.memberships),
    ] {
        if n > 0 {
            consequences.push(format!("{what}: {n}"));
        }
    }
    let heading = format!("{} {}", d.record.data.name, tx.confirm_delete);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: tx.person_erase_text.into(),
        consequences,
        action: format!("/personen/{id}/verwijderen"),
        cancel_href: format!("/personen/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::People),
            confirm,
        },
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_person(&staff.actor(), id).await?;
    s.imports.discard_all();
    Ok(see_other("/personen?melding=verwijderd"))
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    r
}

/// The phone, function and consent of a person, as the person page and the data page show them.
fn contact_and_consent(
    p: &middenveld_domain::person::Person,
    tx: &'static crate::i18n::Texts,
    lang: Lang,
) -> Vec<Item> {
    let text = |v: &Option<String>| Cell::text(v.clone().unwrap_or_default());
    vec![
        Item {
            label: tx.field_phone.into(),
            value: text(&p.phone),
        },
        Item {
            label: tx.field_function.into(),
            value: text(&p.function),
        },
        Item {
            label: tx.field_consent_basis.into(),
            value: Cell::text(p.consent_basis.label(lang)),
        },
        Item {
            label: tx.field_consent_date.into(),
            value: Cell::text(p.consent_date.dutch()),
        },
        Item {
            label: tx.field_consent_purpose.into(),
            value: text(&p.consent_purpose),
        },
    ]
}

/// Everything held about a person, as a page: what the JSON export holds, readable.
async fn data(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.person_data(&staff.actor(), id).await?;
    let p = &d.record.data;
    let mut items = vec![
        Item {
            label: tx.field_name.into(),
            value: Cell::link(p.name.clone(), format!("/personen/{id}")),
        },
        Item {
            label: tx.field_email.into(),
            value: Cell::text(p.email.as_ref().map(|e| e.as_str().to_string()).unwrap_or_default()),
        },
    ];
    items.extend(contact_and_consent(p, tx, lang));
    items.push(Item {
        label: "JSON".into(),
        value: Cell::link(tx.person_data_json, format!("/personen/{id}/gegevens.json")),
    });
    let section = |id: &str, title: &str, columns: Vec<Column>, rows: Vec<Vec<Cell>>| Section {
        id: id.into(),
        title: title.into(),
        table: Table {
            id: format!("t-{id}"),
            caption: title.into(),
            columns,
            rows,
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let organisations = section(
        "organisaties",
        tx.organisations,
        vec![Column::plain(tx.organisation)],
        d.organisations
            .iter()
            .map(|(oid, n)| vec![Cell::link(n.clone(), format!("/organisaties/{oid}"))])
            .collect(),
    );
    let memberships = section(
        "netwerken",
        tx.memberships,
        vec![
            Column::plain(tx.network),
            Column::plain(tx.field_status),
            Column::plain(tx.field_since),
            Column::plain(tx.field_until),
        ],
        d.memberships
            .iter()
            .map(|m| {
                vec![
                    Cell::link(m.network_name.clone(), format!("/netwerken/{}", m.network_id)),
                    Cell::text(m.data.status.label(lang)),
                    Cell::text(m.data.since.dutch()),
                    Cell::text(m.data.until.map(|u| u.dutch()).unwrap_or_default()),
                ]
            })
            .collect(),
    );
    let contacts = section(
        "contactmomenten",
        tx.contacts,
        vec![
            Column::plain(tx.contact_date),
            Column::plain(tx.organisation),
            Column::plain(tx.field_kind),
            Column::plain(tx.contact_summary),
            Column::plain(tx.recorded_by),
        ],
        d.contacts
            .iter()
            .map(|c| {
                vec![
                    Cell::text(c.data.date.dutch()),
                    Cell::link(
                        c.organisation_id.to_string(),
                        format!("/organisaties/{}", c.organisation_id),
                    ),
                    Cell::text(c.data.kind.label(lang)),
                    Cell::text(c.data.summary.clone()),
                    Cell::text(c.recorded_by.clone()),
                ]
            })
            .collect(),
    );
    let requests = section(
        "contactverzoeken",
        tx.contact_requests,
        vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_email),
            Column::plain(tx.field_question),
            Column::plain(tx.field_to_partner),
            Column::plain(tx.field_status),
        ],
        d.referrals
            .iter()
            .map(|r| {
                let v = r.visitor.as_ref();
                vec![
                    Cell::link(
                        v.map(|v| v.name.clone()).unwrap_or_default(),
                        format!("/doorverwijzingen/{}", r.id),
                    ),
                    Cell::text(v.map(|v| v.email.clone()).unwrap_or_default()),
                    Cell::text(r.data.question.clone()),
                    Cell::text(r.to_name.clone()),
                    Cell::text(r.data.status.label(lang)),
                ]
            })
            .collect(),
    );
    let mut history = history(tx, &d.audit);
    for (h, e) in history.iter_mut().zip(&d.audit) {
        h.summary = format!("{} · {} {}", h.summary, e.entity, e.entity_id);
    }
    let heading = format!("{} {}", tx.person_data_heading, p.name);
    let detail = DetailView {
        heading: heading.clone(),
        subtitle: Some(tx.person_data_intro.into()),
        edit_href: None,
        delete_href: None,
        items,
        sections: vec![
            organisations,
            memberships,
            super::event::registrations_section(tx, lang, &d.registrations, false),
            contacts,
            requests,
        ],
        history,
    };
    let chrome = staff.ctx.chrome(heading, Nav::People);
    Ok(no_store(render(StatusCode::OK, &DetailTemplate { chrome, detail })))
}

/// The same as the API's `/personen/{id}/gegevens`, as a file to hand to the person.
async fn data_json(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let d = s.services.person_data(&staff.actor(), id).await?;
    let body = serde_json::to_vec_pretty(&crate::api::person::PersoonGegevens::from(d))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut r = no_store(body.into_response());
    let h = r.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("attachment; filename=\"persoon-{id}-gegevens.json\"")) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
