//! Export downloads of the list pages: `/organisaties/export.csv?…the list's query…` and
//! `.xlsx`, the same for people, networks, projects and a network's members. Every matching
//! record, in the order of the list, with headers in the user's language.

use super::*;
use crate::api::network::NetwerkFilter;
use crate::api::organisation::OrganisatieFilter;
use crate::api::person::PersoonFilter;
use crate::api::project::ProjectFilter;
use crate::error::AppError;
use crate::export::{self as files, Columns, XLSX_MAX_ROWS, XlsxRefused};
use crate::session::Staff;
use crate::view::{Chrome, Nav};
use axum::extract::State;
use axum::routing::get;
use middenveld_services::export::Export;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisaties/export.csv", get(organisations))
        .route("/organisaties/export.xlsx", get(organisations))
        .route("/personen/export.csv", get(people))
        .route("/personen/export.xlsx", get(people))
        .route("/netwerken/export.csv", get(networks))
        .route("/netwerken/export.xlsx", get(networks))
        .route("/projecten/export.csv", get(projects))
        .route("/projecten/export.xlsx", get(projects))
        .route("/netwerken/{id}/leden/export.csv", get(members))
        .route("/netwerken/{id}/leden/export.xlsx", get(members))
}

/// The export links of a list page, carrying its filters and sort (not its page).
pub fn list_exports(tx: &Texts, base: &str, pairs: &[(&str, String)], total: i64) -> ListExtras {
    let query = query_string(pairs);
    let mut exports = vec![(format!("{base}/export.csv{query}"), tx.export_csv.to_string())];
    let mut export_note = None;
    if total <= XLSX_MAX_ROWS {
        exports.push((format!("{base}/export.xlsx{query}"), tx.export_xlsx.to_string()));
    } else {
        export_note = Some(tx.export_xlsx_too_many.to_string());
    }
    ListExtras {
        links: Vec::new(),
        exports,
        export_note,
    }
}

/// Options of a download besides the list's filters.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ExportQuery {
    /// `komma` for a comma-separated CSV file; a semicolon by default.
    pub scheiding: Option<String>,
}

/// The file type asked for, by the path's extension.
pub struct FileType(pub bool);

impl axum::extract::FromRequestParts<AppState> for FileType {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(FileType(parts.uri.path().ends_with(".xlsx")))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct RefusedTemplate {
    chrome: Chrome,
    heading: String,
    text: String,
    links: Vec<(String, String)>,
}

/// Answers the download: XLSX, or CSV with the chosen delimiter.
async fn respond<T: Send + 'static>(
    staff: &Staff,
    xlsx: FileType,
    options: &ExportQuery,
    export: Export<T>,
    columns: Columns<T>,
    (what, sheet): (&str, &str),
) -> Result<Response, AppError> {
    if !xlsx.0 {
        let files::Format::Csv { delimiter } = files::Format::csv(options.scheiding.as_deref()) else {
            return Err(AppError::BadRequest);
        };
        return Ok(files::csv(export, columns, delimiter, &files::file_name(what, "csv")));
    }
    match files::xlsx(export, columns, sheet, &files::file_name(what, "xlsx")).await {
        Ok(r) => Ok(r),
        Err(XlsxRefused::TooManyRows { .. }) => {
            let tx = staff.ctx.tx;
            let page = RefusedTemplate {
                chrome: staff.ctx.chrome(tx.export_too_many_title, Nav::None),
                heading: tx.export_too_many_title.to_string(),
                text: tx.export_xlsx_too_many.to_string(),
                links: Vec::new(),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(XlsxRefused::Failed(e)) => Err(AppError::Internal(e)),
    }
}

async fn theme_names(s: &AppState, staff: &Staff) -> Result<HashMap<i64, String>, AppError> {
    Ok(s.services.theme_names(&staff.actor()).await?.into_iter().collect())
}

async fn organisations(
    State(s): State<AppState>,
    staff: Staff,
    xlsx: FileType,
    PageQuery(q): PageQuery<OrganisatieFilter>,
    PageQuery(options): PageQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let columns = files::organisation_columns(tx, theme_names(&s, &staff).await?);
    let export = s.services.export_organisations(&staff.actor(), filter).await?;
    respond(
        &staff,
        xlsx,
        &options,
        export,
        columns,
        ("organisaties", tx.organisations),
    )
    .await
}

async fn people(
    State(s): State<AppState>,
    staff: Staff,
    xlsx: FileType,
    PageQuery(q): PageQuery<PersoonFilter>,
    PageQuery(options): PageQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let export = s.services.export_people(&staff.actor(), filter).await?;
    respond(
        &staff,
        xlsx,
        &options,
        export,
        files::person_columns(tx),
        ("personen", tx.people),
    )
    .await
}

async fn networks(
    State(s): State<AppState>,
    staff: Staff,
    xlsx: FileType,
    PageQuery(q): PageQuery<NetwerkFilter>,
    PageQuery(options): PageQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let columns = files::network_columns(tx, theme_names(&s, &staff).await?);
    let export = s.services.export_networks(&staff.actor(), filter).await?;
    respond(&staff, xlsx, &options, export, columns, ("netwerken", tx.networks)).await
}

async fn projects(
    State(s): State<AppState>,
    staff: Staff,
    xlsx: FileType,
    PageQuery(q): PageQuery<ProjectFilter>,
    PageQuery(options): PageQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let columns = files::project_columns(tx, theme_names(&s, &staff).await?);
    let export = s.services.export_projects(&staff.actor(), filter).await?;
    respond(&staff, xlsx, &options, export, columns, ("projecten", tx.projects)).await
}

async fn members(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    xlsx: FileType,
    PageQuery(options): PageQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let export = s.services.export_members(&staff.actor(), id).await?;
    let what = format!("netwerk-{id}-leden");
    respond(
        &staff,
        xlsx,
        &options,
        export,
        files::member_columns(tx),
        (&what, tx.members),
    )
    .await
}
