//! Project pages: list with filters, detail with participants (added, re-roled and removed
//! from the page) and the derived consortium kind, forms, delete with confirmation.

use super::*;
use crate::api::project::{DeelnemerInvoer, ProjectFilter, ProjectInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, InnovationStage, ParticipantRole};
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projecten", get(list))
        .route("/projecten/nieuw", get(new_form).post(create))
        .route("/projecten/{id}", get(detail))
        .route("/projecten/{id}/bewerken", get(edit_form).post(update))
        .route("/projecten/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/projecten/{id}/deelnemers", post(set_participant))
        .route(
            "/projecten/{id}/deelnemers/{organisatie}/verwijderen",
            get(confirm_remove_participant).post(remove_participant),
        )
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<ProjectFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.projects(&actor, &filter).await?;
    let networks = s.services.network_names(&actor).await?;
    let themes = s.services.theme_names(&actor).await?;
    let organisations = s.services.organisation_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("innovatiefase", q.innovatiefase.clone().unwrap_or_default()),
        ("netwerk", q.netwerk.clone().unwrap_or_default()),
        ("thema", q.thema.clone().unwrap_or_default()),
        ("organisatie", q.organisatie.clone().unwrap_or_default()),
    ];
    let base = "/projecten";
    let table = Table {
        id: "projecten".into(),
        caption: tx.projects.to_string(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_innovation_stage),
            Column::plain(tx.network),
            Column {
                numeric: true,
                ..Column::plain(tx.participants)
            },
        ],
        rows: page
            .items
            .iter()
            .map(|p| {
                vec![
                    Cell::link(p.data.name.clone(), format!("/projecten/{}", p.id)),
                    Cell::text(p.data.stage.label(lang)),
                    match (p.data.network_id, &p.network_name) {
                        (Some(n), Some(name)) => Cell::link(name.clone(), format!("/netwerken/{n}")),
                        _ => Cell::default(),
                    },
                    Cell::number(p.participant_count),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
        Field::new("innovatiefase", tx.field_innovation_stage, FieldKind::Select)
            .options(coded_options::<InnovationStage>(lang))
            .empty(all)
            .value(q.innovatiefase.clone().unwrap_or_default()),
        Field::new("netwerk", tx.network, FieldKind::Select)
            .options(id_options(&networks))
            .empty(all)
            .value(q.netwerk.clone().unwrap_or_default()),
        Field::new("thema", tx.theme, FieldKind::Select)
            .options(id_options(&themes))
            .empty(all)
            .value(q.thema.clone().unwrap_or_default()),
        Field::new("organisatie", tx.organisation, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(all)
            .value(q.organisatie.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.projects.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/projecten/nieuw".to_string(), tx.new_project.to_string())),
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
    let mut chrome = staff.ctx.chrome(tx.projects, Nav::Projects);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = super::export::list_exports(tx, base, &pairs, page.total);
    Ok(list_response_with(&headers, chrome, list, extras))
}

/// The select lists the project form needs.
struct Choices {
    networks: Vec<(i64, String)>,
    themes: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff) -> Result<Choices, AppError> {
    let actor = staff.actor();
    Ok(Choices {
        networks: s.services.network_names(&actor).await?,
        themes: s.services.theme_names(&actor).await?,
    })
}

fn fields(tx: &Texts, lang: Lang, v: &ProjectInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
        Field::new("innovatiefase", tx.field_innovation_stage, FieldKind::Select)
            .options(coded_options::<InnovationStage>(lang))
            .empty(tx.choose)
            .value(opt(&v.innovatiefase))
            .required(),
        Field::new("startdatum", tx.field_start, FieldKind::Date)
            .value(opt(&v.startdatum))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("einddatum", tx.field_end, FieldKind::Date)
            .value(opt(&v.einddatum))
            .hint(tx.field_date_hint)
            .narrow(),
        Field::new("netwerkId", tx.field_network, FieldKind::Select)
            .options(id_options(&c.networks))
            .empty(tx.none_option)
            .value(v.netwerk_id.map(|i| i.to_string()).unwrap_or_default()),
        Field::new("website", tx.field_website, FieldKind::Url)
            .value(opt(&v.website))
            .autocomplete("url"),
        Field::new("themas", tx.field_themes, FieldKind::Checkboxes)
            .options(id_options(&c.themes))
            .values(v.themas.iter().map(i64::to_string).collect()),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
    FormView {
        heading,
        intro: Some(tx.project_form_intro.to_string()),
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
    let c = choices(&s, &staff).await?;
    let fields = fields(
        tx,
        staff.ctx.lang,
        &ProjectInvoer::default(),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        tx.new_project.into(),
        "/projecten/nieuw".into(),
        "/projecten".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_project, Nav::Projects),
        form,
    ))
}

/// Re-shows the form after a refused save: 422 with field errors.
async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &ProjectInvoer,
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
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Projects),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<ProjectInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_project(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/projecten/{id}?melding=aangemaakt"))),
        Err(e) => {
            refused(
                &s,
                &staff,
                e,
                &v,
                staff.ctx.tx.new_project,
                "/projecten/nieuw".into(),
                "/projecten".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.project(&staff.actor(), id).await?;
    let c = choices(&s, &staff).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &ProjectInvoer::from(&record.data),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/projecten/{id}/bewerken"),
        format!("/projecten/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Projects),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ProjectInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_project(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/projecten/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/projecten/{id}/bewerken"),
                format!("/projecten/{id}"),
            )
            .await
        }
    }
}

/// Organisation and role of a participant.
async fn participant_fields(
    s: &AppState,
    staff: &Staff,
    v: &DeelnemerInvoer,
    e: &ValidationErrors,
) -> Result<Vec<Field>, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let organisations =
        super::person::organisation_choices(s, staff, &v.organisatie_id.into_iter().collect::<Vec<_>>()).await?;
    Ok(vec![
        Field::new("organisatieId", tx.organisation, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.choose)
            .value(v.organisatie_id.map(|i| i.to_string()).unwrap_or_default())
            .hint(tx.participant_hint)
            .required(),
        Field::new("rol", tx.field_role, FieldKind::Select)
            .options(coded_options::<ParticipantRole>(lang))
            .empty(tx.choose)
            .value(v.rol.clone().unwrap_or_default())
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
    let d = s.services.project_detail(&staff.actor(), id).await?;
    let p = &d.record.data;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let date = |v: Option<middenveld_domain::Date>| Cell::text(v.map(|d| d.dutch()).unwrap_or_default());
    let mut items = vec![
        Item {
            label: tx.field_innovation_stage.into(),
            value: Cell::text(p.stage.label(lang)),
        },
        Item {
            label: tx.consortium.into(),
            value: Cell::text(d.consortium.map(|c| c.label(lang)).unwrap_or(tx.consortium_none)),
        },
        Item {
            label: tx.field_start.into(),
            value: date(p.start_date),
        },
        Item {
            label: tx.field_end.into(),
            value: date(p.end_date),
        },
        Item {
            label: tx.field_network.into(),
            value: match (p.network_id, &d.record.network_name) {
                (Some(n), Some(name)) => Cell::link(name.clone(), format!("/netwerken/{n}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.field_themes.into(),
            value: Cell::text(d.themes.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join(", ")),
        },
    ];
    if let Some(w) = &p.website {
        items.push(Item {
            label: tx.field_website.into(),
            value: Cell::link(w.clone(), w.clone()),
        });
    }
    items.push(Item {
        label: tx.field_omschrijving.into(),
        value: Cell::text(p.description.clone().unwrap_or_default()),
    });

    let mut columns = vec![
        Column::plain(tx.organisation),
        Column::plain(tx.field_kind),
        Column::plain(tx.field_role),
    ];
    if can_edit {
        columns.push(Column::plain(tx.delete));
    }
    let rows = d
        .participants
        .iter()
        .map(|pt| {
            let org = pt.data.organisation_id;
            let mut row = vec![
                Cell::link(pt.organisation_name.clone(), format!("/organisaties/{org}")),
                Cell::text(pt.organisation_kind.label(lang)),
                Cell::text(pt.data.role.label(lang)),
            ];
            if can_edit {
                row.push(Cell::link(
                    tx.delete,
                    format!("/projecten/{id}/deelnemers/{org}/verwijderen"),
                ));
            }
            row
        })
        .collect();
    let form = if can_edit {
        let v = DeelnemerInvoer {
            rol: Some(ParticipantRole::Partner.code().to_string()),
            ..Default::default()
        };
        Some(InlineForm {
            heading: tx.add_participant.into(),
            action: format!("/projecten/{id}/deelnemers"),
            fields: participant_fields(&s, &staff, &v, &ValidationErrors::new()).await?,
            submit: tx.save.into(),
        })
    } else {
        None
    };
    let participants = Section {
        id: "deelnemers".into(),
        title: tx.participants.into(),
        table: Table {
            id: "t-deelnemers".into(),
            caption: tx.participants.into(),
            columns,
            rows,
        },
        empty: tx.no_records.into(),
        form,
    };
    let detail = DetailView {
        heading: p.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&d.record.updated_at))),
        edit_href: Some(format!("/projecten/{id}/bewerken")),
        delete_href: Some(format!("/projecten/{id}/verwijderen")),
        items,
        sections: vec![participants],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(p.name.clone(), Nav::Projects);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.project_detail(&staff.actor(), id).await?;
    let mut consequences = Vec::new();
    if !d.participants.is_empty() {
        consequences.push(format!("{}: {}", tx.participants, d.participants.len()));
    }
    let heading = format!("{} {}", d.record.data.name, tx.confirm_delete);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: d.record.data.name.clone(),
        consequences,
        action: format!("/projecten/{id}/verwijderen"),
        cancel_href: format!("/projecten/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Projects),
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
    s.services.delete_project(&staff.actor(), id).await?;
    Ok(see_other("/projecten?melding=verwijderd"))
}

/// Adds a participant or changes its role; a refused one gets a form page of its own.
async fn set_participant(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<DeelnemerInvoer>,
) -> Result<Response, AppError> {
    match s.services.set_participant(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/projecten/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let project = s.services.project(&staff.actor(), id).await?;
            let heading = format!("{}: {}", tx.add_participant, project.data.name);
            let form = FormView {
                heading: heading.clone(),
                intro: None,
                action: format!("/projecten/{id}/deelnemers"),
                fields: participant_fields(&s, &staff, &v, &errors).await?,
                submit: tx.save.into(),
                cancel_href: format!("/projecten/{id}"),
                alert: None,
            };
            Ok(form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                staff.ctx.chrome(heading, Nav::Projects),
                form,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_remove_participant(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, org): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let participant = s
        .services
        .participants(&staff.actor(), id)
        .await?
        .into_iter()
        .find(|p| p.data.organisation_id == org)
        .ok_or(AppError::NotFound)?;
    let heading = tx.remove_participant_heading.to_string();
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: format!(
            "{} ({}) – {}",
            participant.organisation_name,
            participant.data.role.label(staff.ctx.lang),
            participant.project_name
        ),
        consequences: Vec::new(),
        action: format!("/projecten/{id}/deelnemers/{org}/verwijderen"),
        cancel_href: format!("/projecten/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Projects),
            confirm,
        },
    ))
}

async fn remove_participant(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, org): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.remove_participant(&staff.actor(), id, org).await?;
    Ok(see_other(&format!("/projecten/{id}?melding=gewijzigd")))
}
