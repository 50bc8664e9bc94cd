//! Launching-customer cases in the API (`/launching-customer`) with their suppliers
//! (`/launching-customer/{id}/leveranciers/{organisatieId}`).

use super::network::ApiIds;
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created, filter};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, LaunchingStatus};
use middenveld_domain::launching::{Case, CaseInput};
use middenveld_services::store::launching::CaseRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(add_supplier, remove_supplier))
}

/// A case as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct CaseInvoer {
    /// Name (required).
    #[schema(example = "Cementloos beton in de turborotonde N737")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// The province's challenge (required).
    #[schema(required, nullable = false, min_length = 1, max_length = 5000, pattern = r"\S")]
    pub opgave: Option<String>,
    /// The innovation.
    #[schema(max_length = 5000)]
    pub innovatie: Option<String>,
    /// verkenning (default), uitvraag, dialoog, toegepast or afgerond.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::LaunchingStatus>)]
    pub status: Option<String>,
    /// The outcome (required once afgerond).
    #[schema(max_length = 5000)]
    pub resultaat: Option<String>,
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub startdatum: Option<String>,
}

impl From<CaseInvoer> for CaseInput {
    fn from(v: CaseInvoer) -> Self {
        CaseInput {
            name: v.naam.unwrap_or_default(),
            challenge: v.opgave,
            innovation: v.innovatie,
            status: v.status,
            outcome: v.resultaat,
            start_date: v.startdatum,
        }
    }
}

impl From<&Case> for CaseInvoer {
    fn from(c: &Case) -> Self {
        CaseInvoer {
            naam: Some(c.name.clone()),
            opgave: Some(c.challenge.clone()),
            innovatie: c.innovation.clone(),
            status: Some(c.status.code().to_string()),
            resultaat: c.outcome.clone(),
            startdatum: c.start_date.map(|d| d.iso()),
        }
    }
}

/// A supplier of a case.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Leverancier {
    pub organisatie_id: i64,
    pub naam: String,
}

/// A stored case.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LaunchingCase {
    pub id: i64,
    #[serde(flatten)]
    pub velden: CaseInvoer,
    pub leveranciers: Vec<Leverancier>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<CaseRecord> for LaunchingCase {
    fn from(r: CaseRecord) -> Self {
        LaunchingCase {
            id: r.id,
            velden: CaseInvoer::from(&r.data),
            leveranciers: r
                .suppliers
                .into_iter()
                .map(|(organisatie_id, naam)| Leverancier { organisatie_id, naam })
                .collect(),
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LaunchingCases {
    pub items: Vec<LaunchingCase>,
    pub totaal: i64,
}

/// Filter of the case list (shared with the page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct CaseFilter {
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::LaunchingStatus>)]
    pub status: Option<String>,
}

/// Every launching-customer case, latest first.
#[utoipa::path(get, path = "/launching-customer", tag = "launching-customer", operation_id = "launching-customer-lijst",
    params(CaseFilter),
    responses((status = 200, description = "De trajecten", body = LaunchingCases)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<CaseFilter>) -> ApiResult<Response> {
    let status = filter::<LaunchingStatus>("status", &q.status)?;
    let items: Vec<LaunchingCase> = s
        .services
        .cases(&user.actor(), status)
        .await?
        .into_iter()
        .map(LaunchingCase::from)
        .collect();
    Ok(axum::Json(LaunchingCases {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Record a launching-customer case.
#[utoipa::path(post, path = "/launching-customer", tag = "launching-customer", operation_id = "launching-customer-aanmaken",
    request_body = CaseInvoer,
    responses((status = 201, description = "Aangemaakt", body = LaunchingCase)))]
async fn create(State(s): State<AppState>, user: ApiUser, ApiJson(body): ApiJson<CaseInvoer>) -> ApiResult<Response> {
    let id = s.services.create_case(&user.actor(), body.into()).await?;
    let c = LaunchingCase::from(s.services.case(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/launching-customer/{id}"), c))
}

/// One case with its suppliers.
#[utoipa::path(get, path = "/launching-customer/{id}", tag = "launching-customer", operation_id = "launching-customer-ophalen",
    params(("id" = i64, Path, description = "Id van het traject")),
    responses((status = 200, description = "Het traject", body = LaunchingCase)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(LaunchingCase::from(s.services.case(&user.actor(), id).await?)).into_response())
}

/// Replace a case (suppliers are kept).
#[utoipa::path(put, path = "/launching-customer/{id}", tag = "launching-customer", operation_id = "launching-customer-wijzigen",
    params(("id" = i64, Path, description = "Id van het traject")),
    request_body = CaseInvoer,
    responses((status = 200, description = "Gewijzigd", body = LaunchingCase)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<CaseInvoer>,
) -> ApiResult<Response> {
    s.services.update_case(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(LaunchingCase::from(s.services.case(&user.actor(), id).await?)).into_response())
}

/// Delete a case.
#[utoipa::path(delete, path = "/launching-customer/{id}", tag = "launching-customer", operation_id = "launching-customer-verwijderen",
    params(("id" = i64, Path, description = "Id van het traject")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_case(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Add a supplier.
#[utoipa::path(put, path = "/launching-customer/{id}/leveranciers/{organisatieId}", tag = "launching-customer", operation_id = "launching-customer-leverancier-zetten",
    params(("id" = i64, Path, description = "Id van het traject"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "Het traject", body = LaunchingCase)))]
async fn add_supplier(State(s): State<AppState>, user: ApiUser, ApiIds(id, org): ApiIds) -> ApiResult<Response> {
    s.services.add_case_supplier(&user.actor(), id, Some(org)).await?;
    Ok(axum::Json(LaunchingCase::from(s.services.case(&user.actor(), id).await?)).into_response())
}

/// Remove a supplier.
#[utoipa::path(delete, path = "/launching-customer/{id}/leveranciers/{organisatieId}", tag = "launching-customer", operation_id = "launching-customer-leverancier-verwijderen",
    params(("id" = i64, Path, description = "Id van het traject"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    responses((status = 204, description = "Verwijderd")))]
async fn remove_supplier(State(s): State<AppState>, user: ApiUser, ApiIds(id, org): ApiIds) -> ApiResult<Response> {
    s.services.remove_case_supplier(&user.actor(), id, org).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
