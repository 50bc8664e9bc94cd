//! Agreement pages: the list with filters and the evaluations due, forms, the detail with
//! commitments, parties, links and the yearly history with a form to record a year, and
//! deletes with confirmation.

use super::*;
use crate::api::agreement::{AfspraakFilter, AfspraakInvoer, JaarInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, ConfirmationStatus};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::agreement::EvaluationDue;

const BASE: &str = "/afspraken";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/afspraken/nieuw", get(new_form).post(create))
        .route("/afspraken/{id}", get(detail))
        .route("/afspraken/{id}/bewerken", get(edit_form).post(update))
        .route("/afspraken/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/afspraken/{id}/jaren", post(record_year))
        .route(
            "/afspraken/{id}/jaren/{jaar}/bewerken",
            get(edit_year_form).post(update_year),
        )
        .route(
            "/afspraken/{id}/jaren/{jaar}/verwijderen",
            get(confirm_delete_year).post(delete_year),
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

/// "evaluatie 2026 uiterlijk 01-12-2026" or "… te laat …", as a badge.
fn due_cell(tx: &Texts, d: &EvaluationDue) -> Cell {
    let template = if d.overdue {
        tx.agreement_overdue
    } else {
        tx.agreement_due_on
    };
    let text = template
        .replace("{jaar}", &d.year.to_string())
        .replace("{datum}", &d.due.dutch());
    Cell::badge(
        text,
        if d.overdue {
            "utrecht-status-badge--danger"
        } else {
            "utrecht-status-badge--warning"
        },
    )
}

fn state_label(tx: &Texts, years: &[middenveld_domain::agreement::YearRecord]) -> &'static str {
    if middenveld_domain::agreement::ended_in(years).is_some() {
        tx.agreement_ended
    } else {
        tx.agreement_running
    }
}

fn today() -> middenveld_domain::Date {
    middenveld_domain::Date(time::OffsetDateTime::now_utc().date())
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<AfspraakFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::NotFound)?;
    let rows = s.services.agreements(&staff.actor(), &filter).await?;
    let themes = s.services.theme_names(&staff.actor()).await?;
    let table = Table {
        id: "afspraken".into(),
        caption: tx.agreements.into(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.agreement_parties),
            Column::plain(tx.agreement_start_year),
            Column::plain(tx.agreement_state),
            Column::plain(tx.agreement_evaluation_needed),
        ],
        rows: rows
            .iter()
            .map(|(r, due)| {
                let mut parties = r.data.parties.clone();
                if !r.data.organisation_ids.is_empty() {
                    parties.push(format!(
                        "+{} {}",
                        r.data.organisation_ids.len(),
                        tx.organisation.to_lowercase()
                    ));
                }
                vec![
                    Cell::link(r.data.name.clone(), format!("{BASE}/{}", r.id)),
                    Cell::text(parties.join(", ")),
                    Cell::text(r.data.start_year.to_string()),
                    Cell::text(state_label(tx, &r.year_records())),
                    match due.first() {
                        Some(d) => due_cell(tx, d),
                        None => Cell::text(""),
                    },
                ]
            })
            .collect(),
    };
    let filtered =
        filter.search.is_some() || filter.theme_id.is_some() || filter.ended.is_some() || filter.evaluation_due;
    let list = ListView {
        heading: tx.agreements.into(),
        intro: Some(tx.agreements_intro.into()),
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/afspraken/nieuw".to_string(), tx.agreement_new.to_string())),
        action: BASE.into(),
        filters: vec![
            Field::new("zoek", tx.search, FieldKind::Search).value(q.zoek.clone().unwrap_or_default()),
            Field::new("thema", tx.theme, FieldKind::Select)
                .options(id_options(&themes))
                .empty(tx.all)
                .value(q.thema.clone().unwrap_or_default()),
            Field::new("stand", tx.agreement_state, FieldKind::Select)
                .options(vec![
                    ("lopend".into(), tx.agreement_running.into()),
                    ("beeindigd".into(), tx.agreement_ended.into()),
                ])
                .empty(tx.all)
                .value(q.stand.clone().unwrap_or_default()),
            Field::new("evaluatie", tx.agreement_evaluation_needed, FieldKind::Select)
                .options(vec![("ja".into(), tx.yes.into())])
                .empty(tx.all)
                .value(q.evaluatie.clone().unwrap_or_default()),
        ],
        pager: no_pages(),
        count_text: format!("{} {}", rows.len(), tx.results_total),
        empty: if filtered {
            tx.empty_list.into()
        } else {
            tx.agreement_empty.into()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.agreements, Nav::Agreements);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

/// What the agreement form can link to.
struct Choices {
    organisations: Vec<(i64, String)>,
    themes: Vec<(i64, String)>,
    objectives: Vec<(i64, String)>,
    indicators: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff) -> Result<Choices, AppError> {
    let actor = staff.actor();
    let (objectives, indicators) = s.services.agreement_link_choices(&actor).await?;
    Ok(Choices {
        organisations: s.services.organisation_names(&actor).await?,
        themes: s.services.theme_names(&actor).await?,
        objectives,
        indicators,
    })
}

fn fields(tx: &Texts, lang: Lang, v: &AfspraakInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let ids = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("omschrijving", tx.field_description, FieldKind::Textarea).value(opt(&v.omschrijving)),
        Field::new("partijen", tx.agreement_parties, FieldKind::Textarea)
            .value(v.partijen.join("\n"))
            .hint(tx.agreement_parties_hint),
        Field::new("organisaties", tx.agreement_organisations, FieldKind::Checkboxes)
            .options(id_options(&c.organisations))
            .values(ids(&v.organisaties)),
        Field::text("startjaar", tx.agreement_start_year)
            .value(opt(&v.startjaar))
            .required()
            .narrow(),
        Field::text("eindjaar", tx.agreement_end_year)
            .value(opt(&v.eindjaar))
            .hint(tx.agreement_end_year_hint)
            .narrow(),
        Field::text("evaluatieDag", tx.agreement_due)
            .value(opt(&v.evaluatie_dag))
            .hint(tx.agreement_due_hint)
            .narrow(),
        Field::new("aanbod", tx.agreement_offers, FieldKind::Textarea)
            .value(v.aanbod.join("\n"))
            .hint(tx.agreement_offers_hint),
        Field::new("vragen", tx.agreement_asks, FieldKind::Textarea)
            .value(v.vragen.join("\n"))
            .hint(tx.agreement_offers_hint),
        Field::new("themas", tx.field_themes, FieldKind::Checkboxes)
            .options(id_options(&c.themes))
            .values(ids(&v.themas)),
        Field::new("prestaties", tx.agreement_objectives, FieldKind::Checkboxes)
            .options(id_options(&c.objectives))
            .values(ids(&v.prestaties)),
        Field::new("indicatoren", tx.agreement_indicators, FieldKind::Checkboxes)
            .options(id_options(&c.indicators))
            .values(ids(&v.indicatoren)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.agreements_intro.into()),
        action,
        fields,
        submit: tx.save.into(),
        cancel_href: cancel,
        alert: None,
    }
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = choices(&s, &staff).await?;
    let v = AfspraakInvoer {
        evaluatie_dag: Some("01-12".into()),
        ..AfspraakInvoer::default()
    };
    let form = form_view(
        tx,
        tx.agreement_new.into(),
        "/afspraken/nieuw".into(),
        BASE.into(),
        fields(tx, staff.ctx.lang, &v, &ValidationErrors::new(), &c),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.agreement_new, Nav::Agreements),
        form,
    ))
}

async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &AfspraakInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let c = choices(s, staff).await?;
    let form = form_view(
        tx,
        heading.into(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Agreements),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<AfspraakInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_agreement(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("{BASE}/{id}?melding=aangemaakt"))),
        Err(e) => {
            refused(
                &s,
                &staff,
                e,
                &v,
                staff.ctx.tx.agreement_new,
                "/afspraken/nieuw".into(),
                BASE.into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let a = s.services.agreement(&staff.actor(), id).await?;
    let c = choices(&s, &staff).await?;
    let heading = format!("{}: {}", tx.edit, a.data.name);
    let form = form_view(
        tx,
        heading.clone(),
        format!("{BASE}/{id}/bewerken"),
        format!("{BASE}/{id}"),
        fields(
            tx,
            staff.ctx.lang,
            &AfspraakInvoer::from(&a.data),
            &ValidationErrors::new(),
            &c,
        ),
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Agreements),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<AfspraakInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_agreement(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("{BASE}/{id}/bewerken"),
                format!("{BASE}/{id}"),
            )
            .await
        }
    }
}

fn year_fields(tx: &Texts, lang: Lang, v: &JaarInvoer, e: &ValidationErrors) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("jaar", tx.agreement_year)
            .value(opt(&v.jaar))
            .required()
            .narrow(),
        Field::new("status", tx.agreement_confirmation, FieldKind::Select)
            .options(coded_options::<ConfirmationStatus>(lang))
            .empty(tx.choose)
            .value(opt(&v.status))
            .required(),
        Field::new("datum", tx.agreement_date, FieldKind::Date)
            .value(opt(&v.datum))
            .hint(tx.agreement_date_hint)
            .narrow(),
        Field::new("evaluatie", tx.agreement_evaluation, FieldKind::Textarea)
            .value(opt(&v.evaluatie))
            .required(),
        Field::new("wijziging", tx.agreement_change, FieldKind::Textarea)
            .value(opt(&v.wijziging))
            .hint(tx.agreement_change_hint),
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
    let actor = staff.actor();
    let a = s.services.agreement(&actor, id).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let due: Vec<EvaluationDue> = s
        .services
        .evaluations_due(&actor, today())
        .await?
        .into_iter()
        .filter(|d| d.agreement_id == id)
        .collect();
    let c = choices(&s, &staff).await?;
    let name_of = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut items = vec![
        Item {
            label: tx.field_description.into(),
            value: Cell::text(a.data.description.clone().unwrap_or_default()),
        },
        Item {
            label: tx.agreement_start_year.into(),
            value: Cell::text(a.data.start_year.to_string()),
        },
        Item {
            label: tx.agreement_end_year.into(),
            value: Cell::text(a.data.end_year.map(|y| y.to_string()).unwrap_or_default()),
        },
        Item {
            label: tx.agreement_due.into(),
            value: Cell::text(a.data.due_text()),
        },
        Item {
            label: tx.agreement_state.into(),
            value: Cell::text(state_label(tx, &a.year_records())),
        },
    ];
    for d in &due {
        items.push(Item {
            label: tx.agreement_evaluation_needed.into(),
            value: due_cell(tx, d),
        });
    }

    let commitments = Section {
        id: "toezeggingen".into(),
        title: tx.agreement_commitments.into(),
        table: Table {
            id: "t-toezeggingen".into(),
            caption: tx.agreement_commitments.into(),
            columns: vec![Column::plain(tx.agreement_kind), Column::plain(tx.agreement_text)],
            rows: a
                .data
                .commitments
                .iter()
                .map(|c| vec![Cell::text(c.kind.label(lang)), Cell::text(c.text.clone())])
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let mut party_rows: Vec<Vec<Cell>> = a.data.parties.iter().map(|p| vec![Cell::text(p.clone())]).collect();
    party_rows.extend(
        a.data
            .organisation_ids
            .iter()
            .map(|o| vec![Cell::link(name_of(&c.organisations, *o), format!("/organisaties/{o}"))]),
    );
    let parties = Section {
        id: "partijen".into(),
        title: tx.agreement_parties.into(),
        table: Table {
            id: "t-partijen".into(),
            caption: tx.agreement_parties.into(),
            columns: vec![Column::plain(tx.agreement_parties)],
            rows: party_rows,
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let mut link_rows: Vec<Vec<Cell>> = Vec::new();
    link_rows.extend(a.data.theme_ids.iter().map(|t| {
        vec![
            Cell::text(tx.theme),
            Cell::link(name_of(&c.themes, *t), format!("/themas/{t}")),
        ]
    }));
    link_rows.extend(a.data.objective_ids.iter().map(|o| {
        vec![
            Cell::text(tx.agreement_objectives),
            Cell::link(name_of(&c.objectives, *o), format!("/prestaties/{o}")),
        ]
    }));
    link_rows.extend(a.data.indicator_ids.iter().map(|i| {
        vec![
            Cell::text(tx.agreement_indicators),
            Cell::link(name_of(&c.indicators, *i), format!("/indicatoren/{i}")),
        ]
    }));
    let links = Section {
        id: "koppelingen".into(),
        title: tx.agreement_links.into(),
        table: Table {
            id: "t-koppelingen".into(),
            caption: tx.agreement_links.into(),
            columns: vec![Column::plain(tx.agreement_kind), Column::plain(tx.field_name)],
            rows: link_rows,
        },
        empty: tx.no_records.into(),
        form: None,
    };

    let mut year_columns = vec![
        Column::plain(tx.agreement_year),
        Column::plain(tx.agreement_confirmation),
        Column::plain(tx.agreement_date),
        Column::plain(tx.agreement_evaluation),
        Column::plain(tx.agreement_change),
        Column::plain(tx.agreement_recorded_by),
    ];
    if can_edit {
        year_columns.push(Column::plain(tx.edit));
        year_columns.push(Column::plain(tx.delete));
    }
    let next_year = due.first().map(|d| d.year.to_string());
    let years = Section {
        id: "jaren".into(),
        title: tx.agreement_years.into(),
        table: Table {
            id: "t-jaren".into(),
            caption: tx.agreement_years.into(),
            columns: year_columns,
            rows: a
                .years
                .iter()
                .map(|y| {
                    let mut row = vec![
                        Cell::text(y.data.year.to_string()),
                        Cell::text(y.data.status.label(lang)),
                        Cell::text(y.data.date.dutch()),
                        Cell::text(y.data.evaluation.clone()),
                        Cell::text(y.data.change.clone().unwrap_or_default()),
                        Cell::text(y.recorded_by.clone()),
                    ];
                    if can_edit {
                        row.push(Cell::link(
                            tx.edit,
                            format!("{BASE}/{id}/jaren/{}/bewerken", y.data.year),
                        ));
                        row.push(Cell::link(
                            tx.delete,
                            format!("{BASE}/{id}/jaren/{}/verwijderen", y.data.year),
                        ));
                    }
                    row
                })
                .collect(),
        },
        empty: tx.agreement_years_empty.into(),
        form: can_edit.then(|| InlineForm {
            heading: tx.agreement_record_year.into(),
            action: format!("{BASE}/{id}/jaren"),
            fields: year_fields(
                tx,
                lang,
                &JaarInvoer {
                    jaar: next_year,
                    ..JaarInvoer::default()
                },
                &ValidationErrors::new(),
            ),
            submit: tx.save.into(),
        }),
    };
    let detail = DetailView {
        heading: a.data.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&a.updated_at))),
        edit_href: Some(format!("{BASE}/{id}/bewerken")),
        delete_href: Some(format!("{BASE}/{id}/verwijderen")),
        items,
        sections: vec![years, commitments, parties, links],
        history: history(tx, &s.services.agreement_history(&actor, id).await?),
    };
    let mut chrome = staff.ctx.chrome(a.data.name.clone(), Nav::Agreements);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

fn year_form(
    staff: &Staff,
    status: StatusCode,
    heading: String,
    action: String,
    id: i64,
    v: &JaarInvoer,
    e: &ValidationErrors,
) -> Response {
    let tx = staff.ctx.tx;
    let form = FormView {
        heading: heading.clone(),
        intro: None,
        action,
        fields: year_fields(tx, staff.ctx.lang, v, e),
        submit: tx.save.into(),
        cancel_href: format!("{BASE}/{id}"),
        alert: None,
    };
    form_response(status, staff.ctx.chrome(heading, Nav::Agreements), form)
}

async fn record_year(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<JaarInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .record_agreement_year(&staff.actor(), id, v.clone().into())
        .await
    {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd#jaren"))),
        Err(ServiceError::Invalid(errors)) => Ok(year_form(
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            staff.ctx.tx.agreement_record_year.into(),
            format!("{BASE}/{id}/jaren"),
            id,
            &v,
            &errors,
        )),
        Err(e) => Err(e.into()),
    }
}

fn path_year(year: i64) -> Result<i32, AppError> {
    i32::try_from(year).map_err(|_| AppError::NotFound)
}

async fn edit_year_form(State(s): State<AppState>, staff: Staff, Ids(id, year): Ids) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let year = path_year(year)?;
    let a = s.services.agreement(&staff.actor(), id).await?;
    let y = a.years.iter().find(|y| y.data.year == year).ok_or(AppError::NotFound)?;
    let v = JaarInvoer {
        jaar: Some(year.to_string()),
        status: Some(y.data.status.code().to_string()),
        datum: Some(y.data.date.iso()),
        evaluatie: Some(y.data.evaluation.clone()),
        wijziging: y.data.change.clone(),
    };
    Ok(year_form(
        &staff,
        StatusCode::OK,
        format!("{} {year}: {}", staff.ctx.tx.agreement_year, a.data.name),
        format!("{BASE}/{id}/jaren/{year}/bewerken"),
        id,
        &v,
        &ValidationErrors::new(),
    ))
}

async fn update_year(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, year): Ids,
    CsrfForm(v): CsrfForm<JaarInvoer>,
) -> Result<Response, AppError> {
    let year = path_year(year)?;
    match s
        .services
        .update_agreement_year(&staff.actor(), id, year, v.clone().into())
        .await
    {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd#jaren"))),
        Err(ServiceError::Invalid(errors)) => Ok(year_form(
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{} {year}", staff.ctx.tx.agreement_year),
            format!("{BASE}/{id}/jaren/{year}/bewerken"),
            id,
            &v,
            &errors,
        )),
        Err(e) => Err(e.into()),
    }
}

async fn confirm_delete_year(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, year): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let year = path_year(year)?;
    let a = s.services.agreement(&staff.actor(), id).await?;
    a.years.iter().find(|y| y.data.year == year).ok_or(AppError::NotFound)?;
    Ok(confirm_page(
        &staff,
        Nav::Agreements,
        format!("{} {year} {}", tx.agreement_year, tx.confirm_delete),
        format!("{} {year} – {}", tx.agreement_year, a.data.name),
        Vec::new(),
        format!("{BASE}/{id}/jaren/{year}/verwijderen"),
        format!("{BASE}/{id}"),
    ))
}

async fn delete_year(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, year): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services
        .delete_agreement_year(&staff.actor(), id, path_year(year)?)
        .await?;
    Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd")))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let a = s.services.agreement(&staff.actor(), id).await?;
    let heading = format!("{} {}", a.data.name, tx.confirm_delete);
    let consequences = if a.years.is_empty() {
        Vec::new()
    } else {
        vec![tx.agreement_delete_years.replace("{n}", &a.years.len().to_string())]
    };
    Ok(confirm_page(
        &staff,
        Nav::Agreements,
        heading,
        a.data.name.clone(),
        consequences,
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
    s.services.delete_agreement(&staff.actor(), id).await?;
    Ok(see_other("/afspraken?melding=verwijderd"))
}
