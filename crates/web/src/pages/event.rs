//! Event pages: the calendar list (upcoming by default) with filters and the iCalendar feed,
//! detail with registrations and attendance (added, changed and removed from the page), forms,
//! delete with confirmation.

use super::*;
use crate::api::event::{EvenementFilter, EvenementInvoer, PERIODS, RegistratieInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, EventKind, RegistrationStatus};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::store::event::Period;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/evenementen", get(list))
        .route("/evenementen.ics", get(feed))
        .route("/evenementen/nieuw", get(new_form).post(create))
        .route("/evenementen/{id}", get(detail))
        .route("/evenementen/{id}/bewerken", get(edit_form).post(update))
        .route("/evenementen/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/evenementen/{id}/registraties", post(set_registration))
        .route(
            "/evenementen/{id}/registraties/{persoon}/verwijderen",
            get(confirm_remove_registration).post(remove_registration),
        )
}

/// The iCalendar feed of events that have not ended: public, so a calendar client can
/// subscribe without logging in (it carries what a poster would: no registrations).
async fn feed(State(s): State<AppState>, PageQuery(q): PageQuery<FeedQuery>) -> Result<Response, AppError> {
    let lang = if q.taal.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Nl
    };
    let body = s.services.event_feed(lang).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "inline; filename=\"evenementen.ics\"",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct FeedQuery {
    taal: Option<String>,
}

fn period_label(tx: &Texts, p: Period) -> &'static str {
    match p {
        Period::Upcoming => tx.period_upcoming,
        Period::Past => tx.period_past,
        Period::All => tx.period_all,
    }
}

fn when(e: &middenveld_domain::event::Event) -> String {
    match e.ends_at {
        Some(end) if end.date() == e.starts_at.date() => {
            format!("{}–{}", e.starts_at.dutch(), &end.dutch()[11..])
        }
        Some(end) => format!("{} – {}", e.starts_at.dutch(), end.dutch()),
        None => e.starts_at.dutch(),
    }
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<EvenementFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.events(&actor, &filter).await?;
    let networks = s.services.network_names(&actor).await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("soort", q.soort.clone().unwrap_or_default()),
        ("periode", q.periode.clone().unwrap_or_default()),
        ("organisator", q.organisator.clone().unwrap_or_default()),
        ("netwerk", q.netwerk.clone().unwrap_or_default()),
    ];
    let base = "/evenementen";
    let table = Table {
        id: "evenementen".into(),
        caption: tx.events.to_string(),
        columns: vec![
            Column::plain(tx.field_begins),
            Column::plain(tx.field_name),
            Column::plain(tx.field_kind),
            Column::plain(tx.field_location),
            Column::plain(tx.field_organiser),
            Column {
                numeric: true,
                ..Column::plain(tx.registrations)
            },
            Column {
                numeric: true,
                ..Column::plain(tx.attendees)
            },
        ],
        rows: page
            .items
            .iter()
            .map(|e| {
                vec![
                    Cell::text(when(&e.data)),
                    Cell::link(e.data.name.clone(), format!("/evenementen/{}", e.id)),
                    Cell::text(e.data.kind.label(lang)),
                    Cell::text(e.data.location.clone().unwrap_or_default()),
                    match (e.data.organiser_id, &e.organiser_name) {
                        (Some(o), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{o}")),
                        _ => Cell::default(),
                    },
                    Cell::number(e.registered),
                    Cell::number(e.attended),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
        Field::new("periode", tx.period, FieldKind::Select)
            .options(
                PERIODS
                    .iter()
                    .map(|(code, p)| (code.to_string(), period_label(tx, *p).to_string()))
                    .collect(),
            )
            .value(
                PERIODS
                    .iter()
                    .find(|(_, p)| *p == filter.period)
                    .map(|(c, _)| c.to_string())
                    .unwrap_or_default(),
            ),
        Field::new("soort", tx.field_kind, FieldKind::Select)
            .options(coded_options::<EventKind>(lang))
            .empty(all)
            .value(q.soort.clone().unwrap_or_default()),
        Field::new("organisator", tx.field_organiser, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.organisator.clone().unwrap_or_default()),
        Field::new("netwerk", tx.network, FieldKind::Select)
            .options(id_options(&networks))
            .empty(all)
            .value(q.netwerk.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.events.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/evenementen/nieuw".to_string(), tx.new_event.to_string())),
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &page),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: if pairs.iter().all(|(_, v)| v.is_empty()) && filter.period == Period::Upcoming {
            tx.empty_register.to_string()
        } else {
            tx.empty_list.to_string()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.events, Nav::Events);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = ListExtras {
        links: vec![("/evenementen.ics".to_string(), tx.calendar_feed.to_string())],
        exports: Vec::new(),
        export_note: None,
    };
    Ok(list_response_with(&headers, chrome, list, extras))
}

/// The select lists the event form needs.
struct Choices {
    networks: Vec<(i64, String)>,
    organisations: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff, organiser: Option<i64>) -> Result<Choices, AppError> {
    Ok(Choices {
        networks: s.services.network_names(&staff.actor()).await?,
        organisations: super::person::organisation_choices(s, staff, &organiser.into_iter().collect::<Vec<_>>())
            .await?,
    })
}

fn fields(tx: &Texts, lang: Lang, v: &EvenementInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("soort", tx.field_kind, FieldKind::Select)
            .options(coded_options::<EventKind>(lang))
            .empty(tx.choose)
            .value(opt(&v.soort))
            .required(),
        Field::new("begin", tx.field_begins, FieldKind::DateTime)
            .value(opt(&v.begin))
            .hint(tx.field_datetime_hint)
            .required(),
        Field::new("einde", tx.field_ends, FieldKind::DateTime)
            .value(opt(&v.einde))
            .hint(tx.field_datetime_hint),
        Field::text("locatie", tx.field_location).value(opt(&v.locatie)),
        Field::new("organisatorId", tx.field_organiser, FieldKind::Select)
            .options(id_options(&c.organisations))
            .empty(tx.none_option)
            .value(id(v.organisator_id)),
        Field::new("netwerkId", tx.field_network, FieldKind::Select)
            .options(id_options(&c.networks))
            .empty(tx.none_option)
            .value(id(v.netwerk_id)),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
        Field::new("website", tx.field_website, FieldKind::Url)
            .value(opt(&v.website))
            .autocomplete("url"),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.event_form_intro.to_string()),
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
    let c = choices(&s, &staff, None).await?;
    let fields = fields(
        tx,
        staff.ctx.lang,
        &EvenementInvoer::default(),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        tx.new_event.into(),
        "/evenementen/nieuw".into(),
        "/evenementen".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_event, Nav::Events),
        form,
    ))
}

/// Re-shows the form after a refused save: 422 with field errors.
async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &EvenementInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let c = choices(s, staff, v.organisator_id).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Events),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<EvenementInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_event(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/evenementen/{id}?melding=aangemaakt"))),
        Err(e) => {
            let tx = staff.ctx.tx;
            refused(
                &s,
                &staff,
                e,
                &v,
                tx.new_event,
                "/evenementen/nieuw".into(),
                "/evenementen".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.event(&staff.actor(), id).await?;
    let c = choices(&s, &staff, record.data.organiser_id).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &EvenementInvoer::from(&record.data),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/evenementen/{id}/bewerken"),
        format!("/evenementen/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Events),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<EvenementInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_event(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/evenementen/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/evenementen/{id}/bewerken"),
                format!("/evenementen/{id}"),
            )
            .await
        }
    }
}

/// Person, organisation and status of a registration.
async fn registration_fields(
    s: &AppState,
    staff: &Staff,
    v: &RegistratieInvoer,
    e: &ValidationErrors,
) -> Result<Vec<Field>, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let organisations =
        super::person::organisation_choices(s, staff, &v.organisatie_id.into_iter().collect::<Vec<_>>()).await?;
    let people = s.services.person_names(&staff.actor()).await?;
    let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    Ok(vec![
        Field::new("persoonId", tx.person, FieldKind::Select)
            .options(id_options(&people))
            .empty(tx.choose)
            .value(id(v.persoon_id))
            .hint(tx.registration_hint)
            .required(),
        Field::new("organisatieId", tx.field_on_behalf, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.none_option)
            .value(id(v.organisatie_id)),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<RegistrationStatus>(lang))
            .value(v.status.clone().unwrap_or_default())
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect())
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.event_detail(&staff.actor(), id).await?;
    let e = &d.record.data;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let mut items = vec![
        Item {
            label: tx.field_kind.into(),
            value: Cell::text(e.kind.label(lang)),
        },
        Item {
            label: tx.field_begins.into(),
            value: Cell::text(e.starts_at.dutch()),
        },
        Item {
            label: tx.field_ends.into(),
            value: Cell::text(e.ends_at.map(|t| t.dutch()).unwrap_or_default()),
        },
        Item {
            label: tx.field_location.into(),
            value: Cell::text(e.location.clone().unwrap_or_default()),
        },
        Item {
            label: tx.field_organiser.into(),
            value: match (e.organiser_id, &d.record.organiser_name) {
                (Some(o), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{o}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.field_network.into(),
            value: match (e.network_id, &d.record.network_name) {
                (Some(n), Some(name)) => Cell::link(name.clone(), format!("/netwerken/{n}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.registrations.into(),
            value: Cell::text(format!(
                "{} ({} {})",
                d.record.registered,
                d.record.attended,
                tx.attendees.to_lowercase()
            )),
        },
    ];
    if let Some(w) = &e.website {
        items.push(Item {
            label: tx.field_website.into(),
            value: Cell::link(w.clone(), w.clone()),
        });
    }
    items.push(Item {
        label: tx.field_omschrijving.into(),
        value: Cell::text(e.description.clone().unwrap_or_default()),
    });

    let mut columns = vec![
        Column::plain(tx.person),
        Column::plain(tx.organisation),
        Column::plain(tx.field_status),
    ];
    if can_edit {
        columns.push(Column::plain(tx.delete));
    }
    let rows = d
        .registrations
        .iter()
        .map(|r| {
            let person = r.data.person_id;
            let mut row = vec![
                Cell::link(r.person_name.clone(), format!("/personen/{person}")),
                match (r.data.organisation_id, &r.organisation_name) {
                    (Some(o), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{o}")),
                    _ => Cell::default(),
                },
                Cell::text(r.data.status.label(lang)),
            ];
            if can_edit {
                row.push(Cell::link(
                    tx.delete,
                    format!("/evenementen/{id}/registraties/{person}/verwijderen"),
                ));
            }
            row
        })
        .collect();
    let form = if can_edit {
        let begun = e.has_begun(middenveld_domain::LocalDateTime::now());
        let v = RegistratieInvoer {
            status: Some(
                if begun {
                    RegistrationStatus::Attended
                } else {
                    RegistrationStatus::Registered
                }
                .code()
                .to_string(),
            ),
            ..Default::default()
        };
        Some(InlineForm {
            heading: tx.add_registration.into(),
            action: format!("/evenementen/{id}/registraties"),
            fields: registration_fields(&s, &staff, &v, &ValidationErrors::new()).await?,
            submit: tx.save.into(),
        })
    } else {
        None
    };
    let registrations = Section {
        id: "registraties".into(),
        title: tx.registrations.into(),
        table: Table {
            id: "t-registraties".into(),
            caption: tx.registrations.into(),
            columns,
            rows,
        },
        empty: tx.no_records.into(),
        form,
    };
    let detail = DetailView {
        heading: e.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&d.record.updated_at))),
        edit_href: Some(format!("/evenementen/{id}/bewerken")),
        delete_href: Some(format!("/evenementen/{id}/verwijderen")),
        items,
        sections: vec![registrations],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(e.name.clone(), Nav::Events);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.event_detail(&staff.actor(), id).await?;
    let mut consequences = Vec::new();
    if !d.registrations.is_empty() {
        consequences.push(format!("{}: {}", tx.registrations, d.registrations.len()));
    }
    let heading = format!("{} {}", d.record.data.name, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Events,
        heading,
        format!("{} ({})", d.record.data.name, d.record.data.starts_at.dutch()),
        consequences,
        format!("/evenementen/{id}/verwijderen"),
        format!("/evenementen/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_event(&staff.actor(), id).await?;
    Ok(see_other("/evenementen?melding=verwijderd"))
}

/// Registers a person or changes their registration; a refused one gets a form page of its own.
async fn set_registration(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<RegistratieInvoer>,
) -> Result<Response, AppError> {
    match s.services.set_registration(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/evenementen/{id}?melding=gewijzigd#registraties"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let event = s.services.event(&staff.actor(), id).await?;
            let heading = format!("{}: {}", tx.add_registration, event.data.name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/evenementen/{id}/registraties"),
                fields: registration_fields(&s, &staff, &v, &errors).await?,
                submit: tx.save.into(),
                cancel_href: format!("/evenementen/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Events),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_remove_registration(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, person): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s
        .services
        .registrations(&staff.actor(), id)
        .await?
        .into_iter()
        .find(|r| r.data.person_id == person)
        .ok_or(AppError::NotFound)?;
    let heading = tx.remove_registration_heading.to_string();
    Ok(confirm_page(
        &staff,
        Nav::Events,
        heading,
        format!(
            "{} ({}) – {}",
            r.person_name,
            r.data.status.label(staff.ctx.lang),
            r.event_name
        ),
        Vec::new(),
        format!("/evenementen/{id}/registraties/{person}/verwijderen"),
        format!("/evenementen/{id}"),
    ))
}

async fn remove_registration(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, person): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.remove_registration(&staff.actor(), id, person).await?;
    Ok(see_other(&format!("/evenementen/{id}?melding=gewijzigd")))
}

/// The events of a person or of an organisation's people, for their detail pages: event,
/// when, (the person,) attendance.
pub fn registrations_section(
    tx: &'static Texts,
    lang: Lang,
    records: &[middenveld_services::store::event::RegistrationRecord],
    with_person: bool,
) -> Section {
    let mut columns = vec![Column::plain(tx.event), Column::plain(tx.field_begins)];
    if with_person {
        columns.push(Column::plain(tx.person));
    }
    columns.push(Column::plain(tx.field_status));
    Section {
        id: "evenementen".into(),
        title: tx.events_attended.into(),
        table: Table {
            id: "t-evenementen".into(),
            caption: tx.events_attended.into(),
            columns,
            rows: records
                .iter()
                .map(|r| {
                    let mut row = vec![
                        Cell::link(r.event_name.clone(), format!("/evenementen/{}", r.event_id)),
                        Cell::text(r.event_starts_at.dutch()),
                    ];
                    if with_person {
                        row.push(Cell::link(
                            r.person_name.clone(),
                            format!("/personen/{}", r.data.person_id),
                        ));
                    }
                    row.push(Cell::text(r.data.status.label(lang)));
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    }
}
