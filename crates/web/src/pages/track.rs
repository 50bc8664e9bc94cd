//! Track pages: list, forms, the detail with sessions, enrolled companies (alone or as a
//! chain), completing (the follow-up tasks), and the task list with the call-outcome form.

use super::*;
use crate::api::event::EvenementInvoer;
use crate::api::track::{GesprekInvoer, TaakFilter, TrackFilter, TrackInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, FollowUpOutcome};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tracks", get(list))
        .route("/tracks/nieuw", get(new_form).post(create))
        .route("/tracks/{id}", get(detail))
        .route("/tracks/{id}/bewerken", get(edit_form).post(update))
        .route("/tracks/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/tracks/{id}/sessies", post(add_session))
        .route("/tracks/{id}/deelnemers", post(enrol))
        .route(
            "/tracks/{id}/deelnemers/{organisatie}/verwijderen",
            get(confirm_unenrol).post(unenrol),
        )
        .route("/tracks/{id}/afronden", post(complete))
        .route("/taken", get(tasks))
        .route("/taken/{id}", get(task_form).post(complete_task))
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<TrackFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let tx = staff.ctx.tx;
    let provider = q.aanbieder.as_deref().and_then(|a| a.parse().ok());
    let page = s
        .services
        .tracks(
            &actor,
            crate::api::network::text_filter(&q.zoek).as_deref(),
            provider,
            middenveld_services::store::Paging::new(q.pagina, q.pagina_grootte),
        )
        .await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("aanbieder", q.aanbieder.clone().unwrap_or_default()),
    ];
    let base = "/tracks";
    let numeric = |label: &str| Column {
        numeric: true,
        ..Column::plain(label)
    };
    let table = Table {
        id: "tracks".into(),
        caption: tx.tracks.to_string(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_provider),
            numeric(tx.track_sessions),
            numeric(tx.participants),
            Column::plain(tx.field_status),
        ],
        rows: page
            .items
            .iter()
            .map(|t| {
                vec![
                    Cell::link(t.data.name.clone(), format!("/tracks/{}", t.id)),
                    Cell::text(t.provider_name.clone().unwrap_or_default()),
                    Cell::number(t.sessions),
                    Cell::number(t.enrolled),
                    Cell::text(if t.completed_at.is_some() {
                        tx.track_completed
                    } else {
                        tx.track_running
                    }),
                ]
            })
            .collect(),
    };
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
        Field::new("aanbieder", tx.field_provider, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.all)
            .value(q.aanbieder.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.tracks.to_string(),
        intro: Some(tx.tracks_intro.to_string()),
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/tracks/nieuw".to_string(), tx.new_track.to_string())),
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
    let mut chrome = staff.ctx.chrome(tx.tracks, Nav::Tracks);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = ListExtras {
        links: vec![("/taken".to_string(), tx.tasks.to_string())],
        ..Default::default()
    };
    Ok(list_response_with(&headers, chrome, list, extras))
}

fn fields(tx: &Texts, lang: Lang, v: &TrackInvoer, e: &ValidationErrors, orgs: &[(i64, String)]) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("aanbiederId", tx.field_provider, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.none_option)
            .value(v.aanbieder_id.map(|i| i.to_string()).unwrap_or_default()),
        Field::text("trainers", tx.track_trainers).value(opt(&v.trainers)),
        Field::text("opvolgingWeken", tx.track_weeks)
            .value(opt(&v.opvolging_weken))
            .hint(tx.track_weeks_hint)
            .narrow(),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.tracks_intro.to_string()),
        action,
        fields,
        submit: tx.save.to_string(),
        cancel_href: cancel,
        alert: None,
    }
}

async fn orgs(s: &AppState, staff: &Staff, linked: Option<i64>) -> Result<Vec<(i64, String)>, AppError> {
    super::person::organisation_choices(s, staff, &linked.into_iter().collect::<Vec<_>>()).await
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let v = TrackInvoer {
        opvolging_weken: Some(middenveld_domain::track::DEFAULT_WEEKS.to_string()),
        ..Default::default()
    };
    let o = orgs(&s, &staff, None).await?;
    let form = form_view(
        tx,
        tx.new_track.into(),
        "/tracks/nieuw".into(),
        "/tracks".into(),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_track, Nav::Tracks),
        form,
    ))
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &TrackInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let o = orgs(s, staff, v.aanbieder_id).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &o),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Tracks),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<TrackInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_track(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/tracks/{id}?melding=aangemaakt"))),
        Err(e) => {
            let tx = staff.ctx.tx;
            refused(
                &s,
                &staff,
                e,
                &v,
                tx.new_track,
                "/tracks/nieuw".into(),
                "/tracks".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let t = s.services.track(&staff.actor(), id).await?;
    let v = TrackInvoer::from(&t.data);
    let o = orgs(&s, &staff, v.aanbieder_id).await?;
    let heading = format!("{}: {}", tx.edit, t.data.name);
    let form = form_view(
        tx,
        heading.clone(),
        format!("/tracks/{id}/bewerken"),
        format!("/tracks/{id}"),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &o),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Tracks),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<TrackInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_track(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/tracks/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/tracks/{id}/bewerken"),
                format!("/tracks/{id}"),
            )
            .await
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct InschrijvingForm {
    #[serde(deserialize_with = "crate::api::opt_id")]
    organisatie_id: Option<i64>,
    keten: Option<String>,
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.track_detail(&staff.actor(), id).await?;
    let t = &d.record;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let items = vec![
        Item {
            label: tx.field_provider.into(),
            value: match (t.data.provider_id, &t.provider_name) {
                (Some(p), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{p}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.track_trainers.into(),
            value: Cell::text(t.data.trainers.clone().unwrap_or_default()),
        },
        Item {
            label: tx.track_weeks.into(),
            value: Cell::text(t.data.follow_up_weeks.to_string()),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(match &t.completed_at {
                Some(at) => format!("{} ({})", tx.track_completed, dutch_time(at)),
                None => tx.track_running.to_string(),
            }),
        },
        Item {
            label: tx.field_omschrijving.into(),
            value: Cell::text(t.data.description.clone().unwrap_or_default()),
        },
    ];
    let sessions = Section {
        id: "sessies".into(),
        title: tx.track_sessions.into(),
        table: Table {
            id: "t-sessies".into(),
            caption: tx.track_sessions.into(),
            columns: vec![Column::plain(tx.field_begins), Column::plain(tx.field_name)],
            rows: d
                .sessions
                .iter()
                .map(|(eid, name, start, _)| {
                    vec![
                        Cell::text(start.dutch()),
                        Cell::link(name.clone(), format!("/evenementen/{eid}")),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: can_edit.then(|| InlineForm {
            heading: tx.track_add_session.into(),
            action: format!("/tracks/{id}/sessies"),
            fields: vec![
                Field::text("naam", tx.field_name)
                    .value(format!("{} – sessie {}", t.data.name, d.sessions.len() + 1))
                    .required(),
                Field::new("begin", tx.field_begins, FieldKind::DateTime)
                    .hint(tx.field_datetime_hint)
                    .required(),
                Field::new("einde", tx.field_ends, FieldKind::DateTime).hint(tx.field_datetime_hint),
                Field::text("locatie", tx.field_location),
            ],
            submit: tx.save.into(),
        }),
    };
    let organisations = s.services.organisation_names(&staff.actor()).await?;
    let mut columns = vec![
        Column::plain(tx.organisation),
        Column::plain(tx.track_chain),
        Column::plain(tx.field_stage_short),
    ];
    if can_edit {
        columns.push(Column::plain(tx.delete));
    }
    let enrolled = Section {
        id: "deelnemers".into(),
        title: tx.participants.into(),
        table: Table {
            id: "t-deelnemers".into(),
            caption: tx.participants.into(),
            columns,
            rows: d
                .enrolments
                .iter()
                .map(|e| {
                    let mut row = vec![
                        Cell::link(
                            e.organisation_name.clone(),
                            format!("/organisaties/{}", e.organisation_id),
                        ),
                        Cell::text(e.chain.clone().unwrap_or_default()),
                        Cell::text(e.stage.map(|s| s.label(lang)).unwrap_or_default()),
                    ];
                    if can_edit {
                        row.push(Cell::link(
                            tx.delete,
                            format!("/tracks/{id}/deelnemers/{}/verwijderen", e.organisation_id),
                        ));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: can_edit.then(|| InlineForm {
            heading: tx.track_enrol.into(),
            action: format!("/tracks/{id}/deelnemers"),
            fields: vec![
                Field::new("organisatieId", tx.organisation, FieldKind::Select)
                    .options(id_options(&organisations))
                    .empty(tx.choose)
                    .required(),
                Field::text("keten", tx.track_chain).hint(tx.track_chain_hint),
            ],
            submit: tx.save.into(),
        }),
    };
    let tasks = Section {
        id: "opvolging".into(),
        title: tx.tasks.into(),
        table: task_table(tx, lang, &d.tasks),
        empty: tx.track_no_tasks.into(),
        form: (can_edit && !d.sessions.is_empty()).then(|| InlineForm {
            heading: tx.track_complete.into(),
            action: format!("/tracks/{id}/afronden"),
            fields: Vec::new(),
            submit: tx.track_complete.into(),
        }),
    };
    let detail = DetailView {
        heading: t.data.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&t.updated_at))),
        edit_href: Some(format!("/tracks/{id}/bewerken")),
        delete_href: Some(format!("/tracks/{id}/verwijderen")),
        items,
        sections: vec![sessions, enrolled, tasks],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(t.data.name.clone(), Nav::Tracks);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

fn task_table(tx: &Texts, lang: Lang, tasks: &[middenveld_services::store::track::TaskRecord]) -> Table {
    Table {
        id: "t-taken".into(),
        caption: tx.tasks.into(),
        columns: vec![
            Column::plain(tx.task_due),
            Column::plain(tx.organisation),
            Column::plain(tx.task_title),
            Column::plain(tx.field_outcome),
        ],
        rows: tasks
            .iter()
            .map(|k| {
                vec![
                    Cell::text(k.due_on.dutch()),
                    Cell::link(
                        k.organisation_name.clone(),
                        format!("/organisaties/{}", k.organisation_id),
                    ),
                    Cell::link(k.title.clone(), format!("/taken/{}", k.id)),
                    Cell::text(k.outcome.map(|o| o.label(lang)).unwrap_or(tx.task_open)),
                ]
            })
            .collect(),
    }
}

/// Redirects back to the Track, or shows the refused form with its errors.
async fn back_or_refused(
    staff: &Staff,
    id: i64,
    r: Result<(), ServiceError>,
    heading: &str,
    action: String,
    fields: Vec<Field>,
) -> Result<Response, AppError> {
    match r {
        Ok(()) => Ok(see_other(&format!("/tracks/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let lang = staff.ctx.lang;
            let form = FormView {
                heading: heading.to_string(),
                intro: None,
                action,
                fields: fields.into_iter().map(|f| f.errors_from(&errors, lang)).collect(),
                submit: staff.ctx.tx.save.into(),
                cancel_href: format!("/tracks/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Tracks),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_session(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<EvenementInvoer>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let r = s
        .services
        .add_session(&staff.actor(), id, v.clone().into())
        .await
        .map(|_| ());
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let fields = vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("begin", tx.field_begins, FieldKind::DateTime)
            .value(opt(&v.begin))
            .hint(tx.field_datetime_hint)
            .required(),
        Field::new("einde", tx.field_ends, FieldKind::DateTime)
            .value(opt(&v.einde))
            .hint(tx.field_datetime_hint),
        Field::text("locatie", tx.field_location).value(opt(&v.locatie)),
    ];
    back_or_refused(
        &staff,
        id,
        r,
        tx.track_add_session,
        format!("/tracks/{id}/sessies"),
        fields,
    )
    .await
}

async fn enrol(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<InschrijvingForm>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let r = s
        .services
        .enrol(&staff.actor(), id, v.organisatie_id, v.keten.as_deref())
        .await;
    let organisations = orgs(&s, &staff, v.organisatie_id).await?;
    let fields = vec![
        Field::new("organisatieId", tx.organisation, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.choose)
            .value(v.organisatie_id.map(|i| i.to_string()).unwrap_or_default())
            .required(),
        Field::text("keten", tx.track_chain)
            .value(v.keten.clone().unwrap_or_default())
            .hint(tx.track_chain_hint),
    ];
    back_or_refused(
        &staff,
        id,
        r,
        tx.track_enrol,
        format!("/tracks/{id}/deelnemers"),
        fields,
    )
    .await
}

async fn confirm_unenrol(State(s): State<AppState>, staff: Staff, Ids(id, org): Ids) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.track_detail(&staff.actor(), id).await?;
    let e = d
        .enrolments
        .iter()
        .find(|e| e.organisation_id == org)
        .ok_or(AppError::NotFound)?;
    let heading = format!("{} {}", e.organisation_name, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Tracks,
        heading,
        format!("{} – {}", e.organisation_name, d.record.data.name),
        Vec::new(),
        format!("/tracks/{id}/deelnemers/{org}/verwijderen"),
        format!("/tracks/{id}"),
    ))
}

async fn unenrol(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, org): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.unenrol(&staff.actor(), id, org).await?;
    Ok(see_other(&format!("/tracks/{id}?melding=gewijzigd")))
}

async fn complete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    match s.services.complete_track(&staff.actor(), id).await {
        Ok(_) => Ok(see_other(&format!("/tracks/{id}?melding=gewijzigd#opvolging"))),
        Err(ServiceError::Invalid(_)) => Err(AppError::BadRequest),
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let t = s.services.track(&staff.actor(), id).await?;
    let heading = format!("{} {}", t.data.name, tx.confirm_delete);
    Ok(confirm_page(
        &staff,
        Nav::Tracks,
        heading,
        t.data.name.clone(),
        vec![
            format!("{}: {}", tx.participants, t.enrolled),
            tx.track_delete_keeps.to_string(),
        ],
        format!("/tracks/{id}/verwijderen"),
        format!("/tracks/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_track(&staff.actor(), id).await?;
    Ok(see_other("/tracks?melding=verwijderd"))
}

async fn tasks(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<TaakFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.tasks(&staff.actor(), &filter).await?;
    let pairs = [
        ("status", q.status.clone().unwrap_or_default()),
        ("track", q.track.clone().unwrap_or_default()),
        ("organisatie", q.organisatie.clone().unwrap_or_default()),
    ];
    let base = "/taken";
    let filters = vec![
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(vec![
                ("open".into(), tx.task_open.into()),
                ("te-laat".into(), tx.task_overdue.into()),
                ("alle".into(), tx.period_all.into()),
            ])
            .value(q.status.clone().unwrap_or_else(|| "open".into())),
    ];
    let list = ListView {
        heading: tx.tasks.to_string(),
        intro: Some(tx.tasks_intro.to_string()),
        new_link: None,
        action: base.to_string(),
        filters,
        pager: pager(tx, base, &pairs, &page),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: tx.empty_list.to_string(),
        table: task_table(tx, lang, &page.items),
    };
    let mut chrome = staff.ctx.chrome(tx.tasks, Nav::Tracks);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

fn call_fields(tx: &Texts, lang: Lang, v: &GesprekInvoer, e: &ValidationErrors, orgs: &[(i64, String)]) -> Vec<Field> {
    vec![
        Field::new("uitkomst", tx.field_outcome, FieldKind::Select)
            .options(coded_options::<FollowUpOutcome>(lang))
            .empty(tx.choose)
            .value(v.uitkomst.clone().unwrap_or_default())
            .hint(tx.task_outcome_hint)
            .required(),
        Field::new("partnerId", tx.field_to_partner, FieldKind::Select)
            .options(id_options(orgs))
            .empty(tx.none_option)
            .value(v.partner_id.map(|i| i.to_string()).unwrap_or_default())
            .hint(tx.task_partner_hint),
        Field::new("notitie", tx.task_note, FieldKind::Textarea).value(v.notitie.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn task_page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    v: &GesprekInvoer,
    e: &ValidationErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let t = s.services.task(&staff.actor(), id).await?;
    let heading = format!("{}: {}", t.title, t.organisation_name);
    if let (Some(outcome), Some(at)) = (t.outcome, &t.done_at) {
        let detail = DetailView {
            heading: heading.clone(),
            subtitle: Some(format!(
                "{}: {} ({})",
                tx.task_done,
                dutch_time(at),
                t.done_by.clone().unwrap_or_default()
            )),
            edit_href: None,
            delete_href: None,
            items: vec![
                Item {
                    label: tx.organisation.into(),
                    value: Cell::link(
                        t.organisation_name.clone(),
                        format!("/organisaties/{}", t.organisation_id),
                    ),
                },
                Item {
                    label: tx.task_due.into(),
                    value: Cell::text(t.due_on.dutch()),
                },
                Item {
                    label: tx.field_outcome.into(),
                    value: Cell::text(outcome.label(lang)),
                },
                Item {
                    label: tx.task_note.into(),
                    value: Cell::text(t.note.clone().unwrap_or_default()),
                },
            ],
            sections: Vec::new(),
            history: Vec::new(),
        };
        return Ok(render(
            status,
            &DetailTemplate {
                chrome: staff.ctx.chrome(heading, Nav::Tracks),
                detail,
            },
        ));
    }
    staff.actor().require(Role::Editor)?;
    let organisations = s.services.organisation_names(&staff.actor()).await?;
    let form = FormView {
        heading: heading.clone(),
        intro: Some(format!(
            "{} {}: {}.",
            tx.task_intro,
            tx.task_due.to_lowercase(),
            t.due_on.dutch()
        )),
        action: format!("/taken/{id}"),
        fields: call_fields(tx, lang, v, e, &organisations),
        submit: tx.save.into(),
        cancel_href: "/taken".into(),
        alert: None,
    };
    Ok(form_response(status, staff.ctx.chrome(heading, Nav::Tracks), form))
}

async fn task_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    task_page(
        &s,
        &staff,
        id,
        &GesprekInvoer::default(),
        &ValidationErrors::new(),
        StatusCode::OK,
    )
    .await
}

async fn complete_task(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<GesprekInvoer>,
) -> Result<Response, AppError> {
    match s.services.complete_task(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => {
            let t = s.services.task(&staff.actor(), id).await?;
            Ok(see_other(&format!(
                "/organisaties/{}?melding=gewijzigd#tijdlijn",
                t.organisation_id
            )))
        }
        Err(ServiceError::Invalid(e)) => task_page(&s, &staff, id, &v, &e, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}
