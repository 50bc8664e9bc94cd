//! Network pages: list, detail with members (added, changed and removed from the page) and
//! the network's projects, forms, delete with confirmation.

use super::*;
use crate::api::network::{LidmaatschapInvoer, NetwerkFilter, NetwerkInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, InlineForm, Item, ListView, Nav, Section, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use middenveld_domain::enums::{Coded, MembershipStatus};
use middenveld_domain::network::Member;
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/netwerken", get(list))
        .route("/netwerken/nieuw", get(new_form).post(create))
        .route("/netwerken/{id}", get(detail))
        .route("/netwerken/{id}/bewerken", get(edit_form).post(update))
        .route("/netwerken/{id}/verwijderen", get(confirm_delete).post(delete))
        .route("/netwerken/{id}/leden/nieuw", get(new_member_form).post(add_member))
        .route(
            "/netwerken/{id}/leden/{lid}/bewerken",
            get(edit_member_form).post(update_member),
        )
        .route(
            "/netwerken/{id}/leden/{lid}/verwijderen",
            get(confirm_remove_member).post(remove_member),
        )
}

fn numeric(label: &str) -> Column {
    Column {
        numeric: true,
        ..Column::plain(label)
    }
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<NetwerkFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.networks(&actor, &filter).await?;
    let themes = s.services.theme_names(&actor).await?;
    let pairs = [
        ("zoek", q.zoek.clone().unwrap_or_default()),
        ("thema", q.thema.clone().unwrap_or_default()),
    ];
    let base = "/netwerken";
    let table = Table {
        id: "netwerken".into(),
        caption: tx.networks.to_string(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_facilitator),
            numeric(tx.active_members),
            numeric(tx.involved_members),
        ],
        rows: page
            .items
            .iter()
            .map(|n| {
                vec![
                    Cell::link(n.data.name.clone(), format!("/netwerken/{}", n.id)),
                    match (n.data.facilitator_id, &n.facilitator_name) {
                        (Some(f), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{f}")),
                        _ => Cell::default(),
                    },
                    Cell::number(n.active_members),
                    Cell::number(n.involved_members),
                ]
            })
            .collect(),
    };
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
        Field::new("thema", tx.theme, FieldKind::Select)
            .options(id_options(&themes))
            .empty(tx.all)
            .value(q.thema.clone().unwrap_or_default()),
    ];
    let list = ListView {
        heading: tx.networks.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/netwerken/nieuw".to_string(), tx.new_network.to_string())),
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
    let mut chrome = staff.ctx.chrome(tx.networks, Nav::Networks);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = super::export::list_exports(tx, base, &pairs, page.total);
    Ok(list_response_with(&headers, chrome, list, extras))
}

/// The select lists the network form needs.
struct Choices {
    organisations: Vec<(i64, String)>,
    themes: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff, facilitator: Option<i64>) -> Result<Choices, AppError> {
    Ok(Choices {
        organisations: super::person::organisation_choices(s, staff, &facilitator.into_iter().collect::<Vec<_>>())
            .await?,
        themes: s.services.theme_names(&staff.actor()).await?,
    })
}

fn fields(tx: &Texts, lang: Lang, v: &NetwerkInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
        Field::new("facilitatorId", tx.field_facilitator, FieldKind::Select)
            .options(id_options(&c.organisations))
            .empty(tx.none_option)
            .value(v.facilitator_id.map(|i| i.to_string()).unwrap_or_default()),
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
        intro: None,
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
        &NetwerkInvoer::default(),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        tx.new_network.into(),
        "/netwerken/nieuw".into(),
        "/netwerken".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_network, Nav::Networks),
        form,
    ))
}

/// Re-shows the form after a refused save: 422 with field errors.
async fn refused(
    s: &AppState,
    staff: &Staff,
    e: ServiceError,
    v: &NetwerkInvoer,
    heading: &str,
    action: String,
    cancel: String,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let errors = match e {
        ServiceError::Invalid(errors) => errors,
        other => return Err(other.into()),
    };
    let c = choices(s, staff, v.facilitator_id).await?;
    let form = form_view(
        tx,
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors, &c),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Networks),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<NetwerkInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_network(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/netwerken/{id}?melding=aangemaakt"))),
        Err(e) => {
            refused(
                &s,
                &staff,
                e,
                &v,
                staff.ctx.tx.new_network,
                "/netwerken/nieuw".into(),
                "/netwerken".into(),
            )
            .await
        }
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.network(&staff.actor(), id).await?;
    let c = choices(&s, &staff, record.data.facilitator_id).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &NetwerkInvoer::from(&record.data),
        &ValidationErrors::new(),
        &c,
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/netwerken/{id}/bewerken"),
        format!("/netwerken/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Networks),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<NetwerkInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_network(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/netwerken/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &s,
                &staff,
                e,
                &v,
                &heading,
                format!("/netwerken/{id}/bewerken"),
                format!("/netwerken/{id}"),
            )
            .await
        }
    }
}

/// The fields of a new membership: the member (organisation or person), status and dates.
async fn member_fields(
    s: &AppState,
    staff: &Staff,
    v: &LidmaatschapInvoer,
    e: &ValidationErrors,
) -> Result<Vec<Field>, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let organisations =
        super::person::organisation_choices(s, staff, &v.organisatie_id.into_iter().collect::<Vec<_>>()).await?;
    let people = s.services.person_names(&staff.actor()).await?;
    let id = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    let mut fields = vec![
        Field::new("organisatieId", tx.member_organisation, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.none_option)
            .value(id(v.organisatie_id))
            .hint(tx.member_hint),
        Field::new("persoonId", tx.member_person, FieldKind::Select)
            .options(id_options(&people))
            .empty(tx.none_option)
            .value(id(v.persoon_id)),
    ];
    fields.extend(status_fields(tx, lang, v));
    Ok(fields.into_iter().map(|f| f.errors_from(e, lang)).collect())
}

/// Status and dates of a membership (all that can change once it exists).
fn status_fields(tx: &Texts, lang: Lang, v: &LidmaatschapInvoer) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<MembershipStatus>(lang))
            .empty(tx.choose)
            .value(opt(&v.status))
            .required(),
        Field::new("sinds", tx.field_since, FieldKind::Date)
            .value(opt(&v.sinds))
            .hint(tx.field_date_hint)
            .narrow()
            .required(),
        Field::new("tot", tx.field_until, FieldKind::Date)
            .value(opt(&v.tot))
            .hint(tx.field_date_hint)
            .narrow(),
    ]
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let d = s.services.network_detail(&staff.actor(), id).await?;
    let n = &d.record.data;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let mut items = vec![Item {
        label: tx.field_omschrijving.into(),
        value: Cell::text(n.description.clone().unwrap_or_default()),
    }];
    items.push(Item {
        label: tx.field_facilitator.into(),
        value: match (n.facilitator_id, &d.record.facilitator_name) {
            (Some(f), Some(name)) => Cell::link(name.clone(), format!("/organisaties/{f}")),
            _ => Cell::default(),
        },
    });
    if let Some(w) = &n.website {
        items.push(Item {
            label: tx.field_website.into(),
            value: Cell::link(w.clone(), w.clone()),
        });
    }
    items.push(Item {
        label: tx.field_themes.into(),
        value: Cell::text(d.themes.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join(", ")),
    });
    items.push(Item {
        label: tx.active_members.into(),
        value: Cell::text(d.record.active_members.to_string()),
    });
    items.push(Item {
        label: tx.involved_members.into(),
        value: Cell::text(d.record.involved_members.to_string()),
    });
    if !d.memberships.is_empty() {
        for (ext, label) in [("csv", tx.export_file_csv), ("xlsx", tx.export_file_xlsx)] {
            items.push(Item {
                label: tx.export_members.into(),
                value: Cell::link(label, format!("/netwerken/{id}/leden/export.{ext}")),
            });
        }
    }

    let mut columns = vec![
        Column::plain(tx.field_member),
        Column::plain(tx.field_kind),
        Column::plain(tx.field_status),
        Column::plain(tx.field_since),
        Column::plain(tx.field_until),
    ];
    if can_edit {
        columns.push(Column::plain(tx.edit));
        columns.push(Column::plain(tx.delete));
    }
    let rows = d
        .memberships
        .iter()
        .map(|ms| {
            let (href, kind) = match ms.data.member {
                Member::Organisation(o) => (format!("/organisaties/{o}"), tx.organisation),
                Member::Person(p) => (format!("/personen/{p}"), tx.person),
            };
            let mut row = vec![
                Cell::link(ms.member_name.clone(), href),
                Cell::text(kind),
                Cell::badge(
                    ms.data.status.label(lang),
                    super::organisation::membership_badge(ms.data.status),
                ),
                Cell::text(ms.data.since.dutch()),
                Cell::text(ms.data.until.map(|u| u.dutch()).unwrap_or_default()),
            ];
            if can_edit {
                row.push(Cell::link(tx.edit, format!("/netwerken/{id}/leden/{}/bewerken", ms.id)));
                row.push(Cell::link(
                    tx.delete,
                    format!("/netwerken/{id}/leden/{}/verwijderen", ms.id),
                ));
            }
            row
        })
        .collect();
    let form = if can_edit {
        let v = LidmaatschapInvoer {
            status: Some(MembershipStatus::Active.code().to_string()),
            ..Default::default()
        };
        Some(InlineForm {
            heading: tx.add_member.into(),
            action: format!("/netwerken/{id}/leden/nieuw"),
            fields: member_fields(&s, &staff, &v, &ValidationErrors::new()).await?,
            submit: tx.add.into(),
        })
    } else {
        None
    };
    let members = Section {
        id: "leden".into(),
        title: tx.members.into(),
        table: Table {
            id: "t-leden".into(),
            caption: tx.members.into(),
            columns,
            rows,
        },
        empty: tx.no_records.into(),
        form,
    };
    let projects = Section {
        id: "projecten".into(),
        title: tx.projects.into(),
        table: Table {
            id: "t-projecten".into(),
            caption: tx.projects.into(),
            columns: vec![
                Column::plain(tx.project),
                Column::plain(tx.field_innovation_stage),
                numeric(tx.participants),
            ],
            rows: d
                .projects
                .iter()
                .map(|p| {
                    vec![
                        Cell::link(p.data.name.clone(), format!("/projecten/{}", p.id)),
                        Cell::text(p.data.stage.label(lang)),
                        Cell::number(p.participant_count),
                    ]
                })
                .collect(),
        },
        empty: tx.no_records.into(),
        form: None,
    };
    let detail = DetailView {
        heading: n.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&d.record.updated_at))),
        edit_href: Some(format!("/netwerken/{id}/bewerken")),
        delete_href: Some(format!("/netwerken/{id}/verwijderen")),
        items,
        sections: vec![members, projects],
        history: history(tx, &d.history),
    };
    let mut chrome = staff.ctx.chrome(n.name.clone(), Nav::Networks);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let d = s.services.network_detail(&staff.actor(), id).await?;
    let mut consequences = Vec::new();
    if !d.memberships.is_empty() {
        consequences.push(format!("{}: {}", tx.members, d.memberships.len()));
    }
    if !d.projects.is_empty() {
        consequences.push(format!("{}: {}", tx.network_delete_projects_stay, d.projects.len()));
    }
    let heading = format!("{} {}", d.record.data.name, tx.confirm_delete);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: d.record.data.name.clone(),
        consequences,
        action: format!("/netwerken/{id}/verwijderen"),
        cancel_href: format!("/netwerken/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Networks),
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
    s.services.delete_network(&staff.actor(), id).await?;
    Ok(see_other("/netwerken?melding=verwijderd"))
}

/// The stand-alone form to add a member (also where a refused inline form lands).
async fn member_form(
    s: &AppState,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    v: &LidmaatschapInvoer,
    e: &ValidationErrors,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let network = s.services.network(&staff.actor(), id).await?;
    let heading = format!("{}: {}", tx.add_member, network.data.name);
    let form = FormView {
        heading: heading.clone(),
        intro: None,
        action: format!("/netwerken/{id}/leden/nieuw"),
        fields: member_fields(s, staff, v, e).await?,
        submit: tx.add.into(),
        cancel_href: format!("/netwerken/{id}"),
        alert: None,
    };
    Ok(form_response(status, staff.ctx.chrome(heading, Nav::Networks), form))
}

async fn new_member_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let v = LidmaatschapInvoer {
        status: Some(MembershipStatus::Active.code().to_string()),
        ..Default::default()
    };
    member_form(&s, &staff, id, StatusCode::OK, &v, &ValidationErrors::new()).await
}

async fn add_member(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<LidmaatschapInvoer>,
) -> Result<Response, AppError> {
    match s.services.add_member(&staff.actor(), id, v.clone().into()).await {
        Ok(_) => Ok(see_other(&format!("/netwerken/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            member_form(&s, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, &v, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form to change a membership's status and dates.
async fn edit_member_view(
    s: &AppState,
    staff: &Staff,
    id: i64,
    lid: i64,
    status: StatusCode,
    v: &LidmaatschapInvoer,
    e: &ValidationErrors,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let m = s.services.membership(&staff.actor(), id, lid).await?;
    let heading = format!("{}: {}", tx.edit_membership, m.member_name);
    let form = FormView {
        heading: heading.clone(),
        intro: Some(format!(
            "{}: {} · {}: {}",
            tx.field_member, m.member_name, tx.network, m.network_name
        )),
        action: format!("/netwerken/{id}/leden/{lid}/bewerken"),
        fields: status_fields(tx, lang, v)
            .into_iter()
            .map(|f| f.errors_from(e, lang))
            .collect(),
        submit: tx.save.into(),
        cancel_href: format!("/netwerken/{id}"),
        alert: None,
    };
    Ok(form_response(status, staff.ctx.chrome(heading, Nav::Networks), form))
}

async fn edit_member_form(State(s): State<AppState>, staff: Staff, Ids(id, lid): Ids) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let m = s.services.membership(&staff.actor(), id, lid).await?;
    edit_member_view(
        &s,
        &staff,
        id,
        lid,
        StatusCode::OK,
        &LidmaatschapInvoer::from(&m.data),
        &ValidationErrors::new(),
    )
    .await
}

async fn update_member(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, lid): Ids,
    CsrfForm(v): CsrfForm<LidmaatschapInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .update_member(&staff.actor(), id, lid, v.clone().into())
        .await
    {
        Ok(()) => Ok(see_other(&format!("/netwerken/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            edit_member_view(&s, &staff, id, lid, StatusCode::UNPROCESSABLE_ENTITY, &v, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn confirm_remove_member(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, lid): Ids,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let m = s.services.membership(&staff.actor(), id, lid).await?;
    let heading = tx.remove_member_heading.to_string();
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: format!("{} – {}", m.member_name, m.network_name),
        consequences: Vec::new(),
        action: format!("/netwerken/{id}/leden/{lid}/verwijderen"),
        cancel_href: format!("/netwerken/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Networks),
            confirm,
        },
    ))
}

async fn remove_member(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, lid): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.remove_member(&staff.actor(), id, lid).await?;
    Ok(see_other(&format!("/netwerken/{id}?melding=gewijzigd")))
}
