//! Themes in the API (`/themas`). The input type is shared with the HTML form, so form
//! fields and API fields have the same names.

use super::network::text_filter;
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::theme::{Theme, ThemeInput};
use middenveld_services::store::theme::{ThemeFilter, ThemeRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// A theme as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ThemaInvoer {
    /// Name, unique (required).
    #[schema(example = "Circulaire economie")]
    #[schema(required, nullable = false, min_length = 1, max_length = 100, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(max_length = 2000)]
    pub omschrijving: Option<String>,
}

impl From<ThemaInvoer> for ThemeInput {
    fn from(v: ThemaInvoer) -> Self {
        ThemeInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
        }
    }
}

impl From<&Theme> for ThemaInvoer {
    fn from(t: &Theme) -> Self {
        ThemaInvoer {
            naam: Some(t.name.clone()),
            omschrijving: t.description.clone(),
        }
    }
}

/// A stored theme with the number of records that carry it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Thema {
    pub id: i64,
    #[serde(flatten)]
    pub velden: ThemaInvoer,
    /// Number of organisations with this theme.
    pub aantal_organisaties: i64,
    /// Number of networks with this theme.
    pub aantal_netwerken: i64,
    /// Number of projects with this theme.
    pub aantal_projecten: i64,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<ThemeRecord> for Thema {
    fn from(r: ThemeRecord) -> Self {
        Thema {
            id: r.id,
            velden: ThemaInvoer::from(&r.data),
            aantal_organisaties: r.organisations,
            aantal_netwerken: r.networks,
            aantal_projecten: r.projects,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// Filters of the theme list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct ThemaFilter {
    /// Part of the name; case ignored.
    pub zoek: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl ThemaFilter {
    /// The store filter.
    pub fn to_filter(&self) -> ThemeFilter {
        ThemeFilter {
            name_contains: text_filter(&self.zoek),
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        }
    }
}

/// List themes by name, filtered and paged.
#[utoipa::path(get, path = "/themas", tag = "themas", operation_id = "themas-lijst",
    params(ThemaFilter),
    responses((status = 200, description = "Een pagina thema's", body = Lijst<Thema>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<ThemaFilter>) -> ApiResult<Response> {
    let page = s.services.themes(&user.actor(), &q.to_filter()).await?;
    Ok(axum::Json(Lijst::from_page(page, Thema::from)).into_response())
}

/// Register a theme.
#[utoipa::path(post, path = "/themas", tag = "themas", operation_id = "thema-aanmaken",
    request_body = ThemaInvoer,
    responses((status = 201, description = "Aangemaakt", body = Thema)))]
async fn create(State(s): State<AppState>, user: ApiUser, ApiJson(body): ApiJson<ThemaInvoer>) -> ApiResult<Response> {
    let id = s.services.create_theme(&user.actor(), body.into()).await?;
    let record = s.services.theme(&user.actor(), id).await?;
    Ok(created(format!("/api/v1/themas/{id}"), Thema::from(record)))
}

/// One theme.
#[utoipa::path(get, path = "/themas/{id}", tag = "themas", operation_id = "thema-ophalen",
    params(("id" = i64, Path, description = "Id van het thema")),
    responses((status = 200, description = "Het thema", body = Thema)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let record = s.services.theme(&user.actor(), id).await?;
    Ok(axum::Json(Thema::from(record)).into_response())
}

/// Replace a theme's fields.
#[utoipa::path(put, path = "/themas/{id}", tag = "themas", operation_id = "thema-wijzigen",
    params(("id" = i64, Path, description = "Id van het thema")),
    request_body = ThemaInvoer,
    responses((status = 200, description = "Gewijzigd", body = Thema)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ThemaInvoer>,
) -> ApiResult<Response> {
    s.services.update_theme(&user.actor(), id, body.into()).await?;
    let record = s.services.theme(&user.actor(), id).await?;
    Ok(axum::Json(Thema::from(record)).into_response())
}

/// Delete a theme (it is taken off the organisations, networks and projects that carry it).
#[utoipa::path(delete, path = "/themas/{id}", tag = "themas", operation_id = "thema-verwijderen",
    params(("id" = i64, Path, description = "Id van het thema")),
    responses((status = 204, description = "Verwijderd"),
              (status = 409, description = "Een indicator telt het nog (usedBy noemt en linkt die); er is niets verwijderd", body = super::Problem, content_type = "application/problem+json")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_theme(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
