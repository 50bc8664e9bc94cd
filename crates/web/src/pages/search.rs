//! Search across organisations and people.

use super::*;
use crate::error::AppError;
use crate::session::Staff;
use crate::view::{Cell, Field, FieldKind, Nav, Section, Table};
use askama::Template;
use axum::extract::State;
use axum::routing::get;
use middenveld_domain::Coded;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/zoeken", get(search))
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    chrome: Chrome,
    query_field: Field,
    sections: Vec<Section>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SearchQuery {
    zoek: Option<String>,
}

async fn search(
    State(s): State<AppState>,
    staff: Staff,
    PageQuery(q): PageQuery<SearchQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let query = q.zoek.unwrap_or_default();
    let results = s
        .services
        .search(
            &staff.actor(),
            &query,
            middenveld_services::store::Paging { page: 1, size: 50 },
        )
        .await?;
    let organisations = Section {
        id: "gevonden-organisaties".into(),
        title: format!("{} ({})", tx.organisations, results.organisations.total),
        table: Table {
            id: "t-gevonden-organisaties".into(),
            caption: tx.organisations.into(),
            columns: vec![
                Column::plain(tx.field_name),
                Column::plain(tx.field_kind),
                Column::plain(tx.field_city),
                Column::plain(tx.field_kvk),
            ],
            rows: results
                .organisations
                .items
                .iter()
                .map(|o| {
                    vec![
                        Cell::link(o.name.clone(), format!("/organisaties/{}", o.id)),
                        Cell::text(o.kind.label(lang)),
                        Cell::text(o.city.clone().unwrap_or_default()),
                        Cell::text(o.kvk_number.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        empty: tx.nothing_found.into(),
        form: None,
    };
    let people = Section {
        id: "gevonden-personen".into(),
        title: format!("{} ({})", tx.people, results.people.total),
        table: Table {
            id: "t-gevonden-personen".into(),
            caption: tx.people.into(),
            columns: vec![
                Column::plain(tx.field_name),
                Column::plain(tx.field_function),
                Column::plain(tx.field_organisations),
            ],
            rows: results
                .people
                .items
                .iter()
                .map(|p| {
                    vec![
                        Cell::link(p.name.clone(), format!("/personen/{}", p.id)),
                        Cell::text(p.function.clone().unwrap_or_default()),
                        Cell::text(p.organisations.clone()),
                    ]
                })
                .collect(),
        },
        empty: tx.nothing_found.into(),
        form: None,
    };
    let query_field = Field::new("zoek", tx.search_label, FieldKind::Search)
        .value(query.clone())
        .hint(tx.search_hint);
    let title = if query.is_empty() {
        tx.search_results.to_string()
    } else {
        format!("{} „{}”", tx.search_for, query)
    };
    Ok(render(
        StatusCode::OK,
        &SearchTemplate {
            chrome: staff.ctx.chrome(title, Nav::Search),
            query_field,
            sections: vec![organisations, people],
        },
    ))
}
