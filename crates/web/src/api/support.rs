//! Support records in the API (`/ondersteuning`), with their status history
//! (`/ondersteuning/{id}/status`). Amounts are euros as text: `25000.00` (also `€ 25.000`).

use super::network::{id_filter, text_filter};
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, SupportInstrument, SupportStatus};
use middenveld_domain::support::{Support, SupportInput, plain};
use middenveld_services::store::support::{StatusChange, SupportFilter as StoreFilter, SupportRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(statuses, set_status))
}

/// Support as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct OndersteuningInvoer {
    /// The supported organisation (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(required, nullable = false)]
    pub organisatie_id: Option<i64>,
    /// The organisation that gives the support.
    #[serde(deserialize_with = "super::opt_id")]
    pub aanbieder_id: Option<i64>,
    /// adviesgesprek, innovatievoucher, mit-haalbaarheid, mit-rd, efro-project, financiering,
    /// coaching, studentopdracht or overig (required).
    #[schema(example = "mit-haalbaarheid")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::SupportInstrument>)]
    pub instrument: Option<String>,
    /// aangevraagd (default for a new record) or toegekend to start; then along the workflow:
    /// aangevraagd → toegekend / afgewezen → uitbetaald → afgesloten.
    #[schema(example = "aangevraagd")]
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::SupportStatus>)]
    pub status: Option<String>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
    /// Euros, not negative.
    #[schema(example = "20000.00")]
    pub bedrag_aangevraagd: Option<String>,
    /// Euros, not negative.
    pub bedrag_toegekend: Option<String>,
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub aangevraagd_op: Option<String>,
    /// Not before the application.
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub besluit_op: Option<String>,
    /// The project (e.g. an EFRO project) it belongs to.
    #[serde(deserialize_with = "super::opt_id")]
    pub project_id: Option<i64>,
}

impl From<OndersteuningInvoer> for SupportInput {
    fn from(v: OndersteuningInvoer) -> Self {
        SupportInput {
            organisation_id: v.organisatie_id,
            provider_id: v.aanbieder_id,
            instrument: v.instrument,
            status: v.status,
            description: v.omschrijving,
            amount_requested: v.bedrag_aangevraagd,
            amount_granted: v.bedrag_toegekend,
            applied_on: v.aangevraagd_op,
            decided_on: v.besluit_op,
            project_id: v.project_id,
        }
    }
}

impl From<&Support> for OndersteuningInvoer {
    fn from(s: &Support) -> Self {
        OndersteuningInvoer {
            organisatie_id: Some(s.organisation_id),
            aanbieder_id: s.provider_id,
            instrument: Some(s.instrument.code().to_string()),
            status: Some(s.status.code().to_string()),
            omschrijving: s.description.clone(),
            bedrag_aangevraagd: s.amount_requested.map(plain),
            bedrag_toegekend: s.amount_granted.map(plain),
            aangevraagd_op: s.applied_on.map(|d| d.iso()),
            besluit_op: s.decided_on.map(|d| d.iso()),
            project_id: s.project_id,
        }
    }
}

/// A stored support record.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ondersteuning {
    pub id: i64,
    #[serde(flatten)]
    pub velden: OndersteuningInvoer,
    /// Name of the organisation.
    pub organisatie: String,
    /// Name of the provider.
    pub aanbieder: Option<String>,
    /// Name of the project.
    pub project: Option<String>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<SupportRecord> for Ondersteuning {
    fn from(r: SupportRecord) -> Self {
        Ondersteuning {
            id: r.id,
            velden: OndersteuningInvoer::from(&r.data),
            organisatie: r.organisation_name,
            aanbieder: r.provider_name,
            project: r.project_name,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// A page of support records with the totals of every match.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OndersteuningLijst {
    pub items: Vec<Ondersteuning>,
    pub totaal: i64,
    pub pagina: i64,
    pub pagina_grootte: i64,
    /// Sum of the requested amounts of every match, euros.
    pub totaal_aangevraagd: String,
    /// Sum of the granted amounts of every match, euros.
    pub totaal_toegekend: String,
}

/// Filters of the support list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct OndersteuningFilter {
    /// Part of the organisation's name.
    pub zoek: Option<String>,
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::SupportInstrument>)]
    pub instrument: Option<String>,
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::SupportStatus>)]
    pub status: Option<String>,
    /// Organisation id (the supported one).
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    /// Provider id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub aanbieder: Option<String>,
    pub pagina: Option<i64>,
    pub pagina_grootte: Option<i64>,
}

impl OndersteuningFilter {
    pub fn to_filter(&self, strict: bool) -> ApiResult<StoreFilter> {
        Ok(StoreFilter {
            name_contains: text_filter(&self.zoek),
            instrument: lenient(strict, filter::<SupportInstrument>("instrument", &self.instrument))?,
            status: lenient(strict, filter::<SupportStatus>("status", &self.status))?,
            organisation_id: id_filter(strict, "organisatie", &self.organisatie)?,
            provider_id: id_filter(strict, "aanbieder", &self.aanbieder)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// A status the record had.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Statuswijziging {
    pub van: Option<String>,
    pub naar: String,
    pub door: String,
    pub op: String,
}

impl From<StatusChange> for Statuswijziging {
    fn from(c: StatusChange) -> Self {
        Statuswijziging {
            van: c.from.map(|s| s.code().to_string()),
            naar: c.to.code().to_string(),
            door: c.user_name,
            op: c.changed_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Statuswijzigingen {
    pub items: Vec<Statuswijziging>,
    pub totaal: i64,
}

/// The next status.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusInvoer {
    /// toegekend, afgewezen, uitbetaald or afgesloten, as the workflow allows.
    #[schema(example = "toegekend")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::SupportStatus>)]
    pub status: Option<String>,
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Ondersteuning> {
    Ok(Ondersteuning::from(s.services.support(&user.actor(), id).await?))
}

/// List support records, latest first, with the totals of the amounts.
#[utoipa::path(get, path = "/ondersteuning", tag = "ondersteuning", operation_id = "ondersteuning-lijst",
    params(OndersteuningFilter),
    responses((status = 200, description = "Een pagina ondersteuning", body = OndersteuningLijst)))]
async fn list(
    State(s): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<OndersteuningFilter>,
) -> ApiResult<Response> {
    let p = s.services.supports(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(OndersteuningLijst {
        totaal: p.page.total,
        pagina: p.page.paging.page,
        pagina_grootte: p.page.paging.size,
        items: p.page.items.into_iter().map(Ondersteuning::from).collect(),
        totaal_aangevraagd: plain(p.requested),
        totaal_toegekend: plain(p.granted),
    })
    .into_response())
}

/// Record support.
#[utoipa::path(post, path = "/ondersteuning", tag = "ondersteuning", operation_id = "ondersteuning-aanmaken",
    request_body = OndersteuningInvoer,
    responses((status = 201, description = "Aangemaakt", body = Ondersteuning)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<OndersteuningInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_support(&user.actor(), body.into()).await?;
    Ok(created(
        format!("/api/v1/ondersteuning/{id}"),
        one(&s, &user, id).await?,
    ))
}

/// One support record.
#[utoipa::path(get, path = "/ondersteuning/{id}", tag = "ondersteuning", operation_id = "ondersteuning-ophalen",
    params(("id" = i64, Path, description = "Id van de ondersteuning")),
    responses((status = 200, description = "De ondersteuning", body = Ondersteuning)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace a support record (its status only along the workflow).
#[utoipa::path(put, path = "/ondersteuning/{id}", tag = "ondersteuning", operation_id = "ondersteuning-wijzigen",
    params(("id" = i64, Path, description = "Id van de ondersteuning")),
    request_body = OndersteuningInvoer,
    responses((status = 200, description = "Gewijzigd", body = Ondersteuning)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<OndersteuningInvoer>,
) -> ApiResult<Response> {
    s.services.update_support(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete a support record.
#[utoipa::path(delete, path = "/ondersteuning/{id}", tag = "ondersteuning", operation_id = "ondersteuning-verwijderen",
    params(("id" = i64, Path, description = "Id van de ondersteuning")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_support(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The status history of a support record, oldest first.
#[utoipa::path(get, path = "/ondersteuning/{id}/status", tag = "ondersteuning", operation_id = "ondersteuning-status-lijst",
    params(("id" = i64, Path, description = "Id van de ondersteuning")),
    responses((status = 200, description = "De statusgeschiedenis", body = Statuswijzigingen)))]
async fn statuses(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Statuswijziging> = s
        .services
        .support_detail(&user.actor(), id)
        .await?
        .statuses
        .into_iter()
        .map(Statuswijziging::from)
        .collect();
    Ok(axum::Json(Statuswijzigingen {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Move a support record to the next status of the workflow.
#[utoipa::path(post, path = "/ondersteuning/{id}/status", tag = "ondersteuning", operation_id = "ondersteuning-status-zetten",
    params(("id" = i64, Path, description = "Id van de ondersteuning")),
    request_body = StatusInvoer,
    responses((status = 201, description = "Vastgelegd", body = Ondersteuning)))]
async fn set_status(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<StatusInvoer>,
) -> ApiResult<Response> {
    s.services
        .set_support_status(&user.actor(), id, body.status.as_deref())
        .await?;
    Ok(created(
        format!("/api/v1/ondersteuning/{id}/status"),
        one(&s, &user, id).await?,
    ))
}
