//! Exports in the API: every record of a list as filtered (the list's parameters; paging is
//! ignored), streamed as one JSON array, or as CSV or XLSX (`formaat`, or the Accept header).

use super::network::{Lidmaatschap, Netwerk, NetwerkFilter};
use super::organisation::{Organisatie, OrganisatieFilter};
use super::person::{Persoon, PersoonFilter};
use super::project::{Project, ProjectFilter};
use super::{ApiError, ApiId, ApiQuery, ApiResult, ApiUser};
use crate::AppState;
use crate::export::{self as files, Columns, Format, XlsxRefused};
use crate::i18n::NL;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use middenveld_services::export::Export;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(organisations))
        .routes(routes!(people))
        .routes(routes!(networks))
        .routes(routes!(projects))
        .routes(routes!(members))
}

/// An XLSX workbook (one worksheet, header row frozen, typed cells).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct XlsxBestand(Vec<u8>);

/// The file format of an export.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct ExportFormaat {
    /// json (default), csv or xlsx. Without it the Accept header decides: text/csv, or the
    /// XLSX media type.
    #[param(pattern = r"^(|json|csv|xlsx)$")]
    pub formaat: Option<String>,
    /// CSV only: puntkomma (default, as Dutch Excel expects) or komma.
    #[param(pattern = r"^(|puntkomma|komma)$")]
    pub scheiding: Option<String>,
}

impl ExportFormaat {
    fn format(&self, headers: &HeaderMap) -> ApiResult<Format> {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let chosen = match self.formaat.as_deref().map(str::trim) {
            Some(f) if !f.is_empty() => f.to_ascii_lowercase(),
            _ if accept.contains(files::XLSX_TYPE) => "xlsx".into(),
            _ if accept.contains("text/csv") => "csv".into(),
            _ => "json".into(),
        };
        // The separator is checked whatever the format, as the document declares it.
        if !matches!(
            self.scheiding.as_deref().map(str::trim),
            None | Some("" | "puntkomma" | "komma")
        ) {
            return Err(ApiError::bad_request("scheiding: kies puntkomma of komma."));
        }
        match chosen.as_str() {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::csv(self.scheiding.as_deref())),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(ApiError::bad_request("formaat: kies json, csv of xlsx.")),
        }
    }
}

/// Answers in the chosen format; the file columns (Dutch headers) are only made for files.
async fn respond<T: Send + 'static, J: serde::Serialize>(
    export: Export<T>,
    format: Format,
    columns: impl FnOnce() -> Columns<T>,
    to_json: impl Fn(T) -> J + Send + Sync + 'static,
    (what, sheet): (&str, &str),
) -> ApiResult<Response> {
    match format {
        Format::Json => Ok(files::json(export, to_json)),
        Format::Csv { delimiter } => Ok(files::csv(export, columns(), delimiter, &files::file_name(what, "csv"))),
        Format::Xlsx => match files::xlsx(export, columns(), sheet, &files::file_name(what, "xlsx")).await {
            Ok(r) => Ok(r),
            Err(XlsxRefused::TooManyRows { total }) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Te veel rijen voor Excel",
                format!(
                    "De selectie heeft {total} rijen; een werkblad kan er hoogstens {} aan. Kies formaat=csv of verfijn de filters.",
                    files::XLSX_MAX_ROWS
                ),
            )),
            Err(XlsxRefused::Failed(e)) => {
                tracing::error!(error = %e, "XLSX export failed");
                Err(ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interne fout",
                    "De export kon niet worden gemaakt.",
                ))
            }
        },
    }
}

async fn theme_names(s: &AppState, user: &ApiUser, format: Format) -> ApiResult<HashMap<i64, String>> {
    if format == Format::Json {
        return Ok(HashMap::new());
    }
    Ok(s.services.theme_names(&user.actor()).await?.into_iter().collect())
}

/// Every organisation that matches the list's filters, in the list's order.
#[utoipa::path(get, path = "/organisaties/export", tag = "organisaties", operation_id = "organisaties-export",
    params(OrganisatieFilter, ExportFormaat),
    responses((status = 200, description = "Alle organisaties die aan de filters voldoen (pagina en paginaGrootte tellen niet)", content(
        (Vec<Organisatie> = "application/json"),
        (String = "text/csv"),
        (XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
      (status = 422, description = "Meer rijen dan een Excel-werkblad aankan", body = super::Problem, content_type = "application/problem+json")))]
async fn organisations(
    State(s): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<OrganisatieFilter>,
    ApiQuery(f): ApiQuery<ExportFormaat>,
) -> ApiResult<Response> {
    let format = f.format(&headers)?;
    let themes = theme_names(&s, &user, format).await?;
    let export = s
        .services
        .export_organisations(&user.actor(), q.to_filter(true)?)
        .await?;
    respond(
        export,
        format,
        || files::organisation_columns(&NL, themes),
        Organisatie::from,
        ("organisaties", NL.organisations),
    )
    .await
}

/// Every person who matches the list's filters, in the list's order.
#[utoipa::path(get, path = "/personen/export", tag = "personen", operation_id = "personen-export",
    params(PersoonFilter, ExportFormaat),
    responses((status = 200, description = "Alle personen die aan de filters voldoen (pagina en paginaGrootte tellen niet)", content(
        (Vec<Persoon> = "application/json"),
        (String = "text/csv"),
        (XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
      (status = 422, description = "Meer rijen dan een Excel-werkblad aankan", body = super::Problem, content_type = "application/problem+json")))]
async fn people(
    State(s): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<PersoonFilter>,
    ApiQuery(f): ApiQuery<ExportFormaat>,
) -> ApiResult<Response> {
    let format = f.format(&headers)?;
    let export = s.services.export_people(&user.actor(), q.to_filter(true)?).await?;
    respond(
        export,
        format,
        || files::person_columns(&NL),
        |row| Persoon::from(row.record),
        ("personen", NL.people),
    )
    .await
}

/// Every network that matches the list's filters, in the list's order.
#[utoipa::path(get, path = "/netwerken/export", tag = "netwerken", operation_id = "netwerken-export",
    params(NetwerkFilter, ExportFormaat),
    responses((status = 200, description = "Alle netwerken die aan de filters voldoen (pagina en paginaGrootte tellen niet)", content(
        (Vec<Netwerk> = "application/json"),
        (String = "text/csv"),
        (XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
      (status = 422, description = "Meer rijen dan een Excel-werkblad aankan", body = super::Problem, content_type = "application/problem+json")))]
async fn networks(
    State(s): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<NetwerkFilter>,
    ApiQuery(f): ApiQuery<ExportFormaat>,
) -> ApiResult<Response> {
    let format = f.format(&headers)?;
    let themes = theme_names(&s, &user, format).await?;
    let export = s.services.export_networks(&user.actor(), q.to_filter(true)?).await?;
    respond(
        export,
        format,
        || files::network_columns(&NL, themes),
        Netwerk::from,
        ("netwerken", NL.networks),
    )
    .await
}

/// Every project that matches the list's filters, in the list's order.
#[utoipa::path(get, path = "/projecten/export", tag = "projecten", operation_id = "projecten-export",
    params(ProjectFilter, ExportFormaat),
    responses((status = 200, description = "Alle projecten die aan de filters voldoen (pagina en paginaGrootte tellen niet)", content(
        (Vec<Project> = "application/json"),
        (String = "text/csv"),
        (XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
      (status = 422, description = "Meer rijen dan een Excel-werkblad aankan", body = super::Problem, content_type = "application/problem+json")))]
async fn projects(
    State(s): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<ProjectFilter>,
    ApiQuery(f): ApiQuery<ExportFormaat>,
) -> ApiResult<Response> {
    let format = f.format(&headers)?;
    let themes = theme_names(&s, &user, format).await?;
    let export = s.services.export_projects(&user.actor(), q.to_filter(true)?).await?;
    respond(
        export,
        format,
        || files::project_columns(&NL, themes),
        |row| {
            let consortium = files::consortium(&row);
            Project::new(row.record, consortium)
        },
        ("projecten", NL.projects),
    )
    .await
}

/// Every member of a network, current first, then by name.
#[utoipa::path(get, path = "/netwerken/{id}/leden/export", tag = "netwerken", operation_id = "netwerk-leden-export",
    params(("id" = i64, Path, description = "Id van het netwerk"), ExportFormaat),
    responses((status = 200, description = "Alle leden van het netwerk", content(
        (Vec<Lidmaatschap> = "application/json"),
        (String = "text/csv"),
        (XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
async fn members(
    State(s): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
    ApiId(id): ApiId,
    ApiQuery(f): ApiQuery<ExportFormaat>,
) -> ApiResult<Response> {
    let format = f.format(&headers)?;
    let export = s.services.export_members(&user.actor(), id).await?;
    let what = format!("netwerk-{id}-leden");
    respond(
        export,
        format,
        || files::member_columns(&NL),
        Lidmaatschap::from,
        (&what, NL.members),
    )
    .await
}
