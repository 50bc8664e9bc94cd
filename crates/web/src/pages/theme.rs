//! Theme pages: list, detail with the numbers of organisations, networks and projects (each a
//! link to the filtered list), forms, delete with confirmation.

use super::*;
use crate::api::theme::{ThemaFilter, ThemaInvoer};
use crate::error::AppError;
use crate::session::{CsrfForm, Staff};
use crate::view::{Cell, Field, FieldKind, FormView, Item, ListView, Nav, Table};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/themas", get(list))
        .route("/themas/nieuw", get(new_form).post(create))
        .route("/themas/{id}", get(detail))
        .route("/themas/{id}/bewerken", get(edit_form).post(update))
        .route("/themas/{id}/verwijderen", get(confirm_delete).post(delete))
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
    PageQuery(q): PageQuery<ThemaFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter();
    let page = s.services.themes(&staff.actor(), &filter).await?;
    let pairs = [("zoek", q.zoek.clone().unwrap_or_default())];
    let base = "/themas";
    let table = Table {
        id: "themas".into(),
        caption: tx.themes.to_string(),
        columns: vec![
            Column::plain(tx.field_name),
            Column::plain(tx.field_omschrijving),
            numeric(tx.organisations),
            numeric(tx.networks),
            numeric(tx.projects),
        ],
        rows: page
            .items
            .iter()
            .map(|t| {
                vec![
                    Cell::link(t.data.name.clone(), format!("/themas/{}", t.id)),
                    Cell::text(t.data.description.clone().unwrap_or_default()),
                    Cell::number(t.organisations),
                    Cell::number(t.networks),
                    Cell::number(t.projects),
                ]
            })
            .collect(),
    };
    let filters = vec![
        Field::new("zoek", tx.search_in_list, FieldKind::Search)
            .value(q.zoek.clone().unwrap_or_default())
            .hint(tx.name_search_hint),
    ];
    let list = ListView {
        heading: tx.themes.to_string(),
        intro: None,
        new_link: staff
            .ctx
            .chrome("", Nav::None)
            .can_edit()
            .then(|| ("/themas/nieuw".to_string(), tx.new_theme.to_string())),
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
    let mut chrome = staff.ctx.chrome(tx.themes, Nav::Themes);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response(&headers, chrome, list))
}

fn fields(tx: &crate::i18n::Texts, lang: Lang, v: &ThemaInvoer, e: &ValidationErrors) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::text("naam", tx.field_name).value(opt(&v.naam)).required(),
        Field::new("omschrijving", tx.field_omschrijving, FieldKind::Textarea).value(opt(&v.omschrijving)),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

fn form_view(tx: &crate::i18n::Texts, heading: String, action: String, cancel: String, fields: Vec<Field>) -> FormView {
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

async fn new_form(staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let fields = fields(tx, staff.ctx.lang, &ThemaInvoer::default(), &ValidationErrors::new());
    let form = form_view(
        tx,
        tx.new_theme.into(),
        "/themas/nieuw".into(),
        "/themas".into(),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(tx.new_theme, Nav::Themes),
        form,
    ))
}

/// Re-shows the form after a refused save: 422 with field errors (a taken name is one).
fn refused(
    staff: &Staff,
    e: ServiceError,
    v: &ThemaInvoer,
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
        heading.to_string(),
        action,
        cancel,
        fields(tx, staff.ctx.lang, v, &errors),
    );
    Ok(form_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        staff.ctx.chrome(heading, Nav::Themes),
        form,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<ThemaInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_theme(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("/themas/{id}?melding=aangemaakt"))),
        Err(e) => refused(
            &staff,
            e,
            &v,
            staff.ctx.tx.new_theme,
            "/themas/nieuw".into(),
            "/themas".into(),
        ),
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let record = s.services.theme(&staff.actor(), id).await?;
    let heading = format!("{}: {}", tx.edit, record.data.name);
    let fields = fields(
        tx,
        staff.ctx.lang,
        &ThemaInvoer::from(&record.data),
        &ValidationErrors::new(),
    );
    let form = form_view(
        tx,
        heading.clone(),
        format!("/themas/{id}/bewerken"),
        format!("/themas/{id}"),
        fields,
    );
    Ok(form_response(
        StatusCode::OK,
        staff.ctx.chrome(heading, Nav::Themes),
        form,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ThemaInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_theme(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("/themas/{id}?melding=gewijzigd"))),
        Err(e) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.naam.clone().unwrap_or_default());
            refused(
                &staff,
                e,
                &v,
                &heading,
                format!("/themas/{id}/bewerken"),
                format!("/themas/{id}"),
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
    let tx = staff.ctx.tx;
    let t = s.services.theme(&staff.actor(), id).await?;
    let entries = s.services.theme_history(&staff.actor(), id).await?;
    let count_link = |n: i64, what: &str, href: String| Cell::link(format!("{n} {}", what.to_lowercase()), href);
    let items = vec![
        Item {
            label: tx.field_omschrijving.into(),
            value: Cell::text(t.data.description.clone().unwrap_or_default()),
        },
        Item {
            label: tx.organisations.into(),
            value: count_link(t.organisations, tx.organisations, format!("/organisaties?thema={id}")),
        },
        Item {
            label: tx.networks.into(),
            value: count_link(t.networks, tx.networks, format!("/netwerken?thema={id}")),
        },
        Item {
            label: tx.projects.into(),
            value: count_link(t.projects, tx.projects, format!("/projecten?thema={id}")),
        },
    ];
    let detail = DetailView {
        heading: t.data.name.clone(),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&t.updated_at))),
        edit_href: Some(format!("/themas/{id}/bewerken")),
        delete_href: Some(format!("/themas/{id}/verwijderen")),
        items,
        sections: Vec::new(),
        history: history(tx, &entries),
    };
    let mut chrome = staff.ctx.chrome(t.data.name.clone(), Nav::Themes);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let t = s.services.theme(&staff.actor(), id).await?;
    let mut consequences = Vec::new();
    for (n, what) in [
        (t.organisations, tx.organisations),
        (t.networks, tx.networks),
        (t.projects, tx.projects),
    ] {
        if n > 0 {
            consequences.push(format!("{what}: {n}"));
        }
    }
    if !consequences.is_empty() {
        consequences.insert(0, tx.theme_delete_unlinks.to_string());
    }
    let heading = format!("{} {}", t.data.name, tx.confirm_delete);
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text: t.data.name.clone(),
        consequences,
        action: format!("/themas/{id}/verwijderen"),
        cancel_href: format!("/themas/{id}"),
        cancel_label: tx.no_back.into(),
    };
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, Nav::Themes),
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
    s.services.delete_theme(&staff.actor(), id).await?;
    Ok(see_other("/themas?melding=verwijderd"))
}
