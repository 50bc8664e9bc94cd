//! Contact moments in the API: `/organisaties/{id}/contactmomenten` and
//! `/contactmomenten/{id}`.

use super::{ApiId, ApiJson, ApiResult, ApiUser, created};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::contact::ContactInput;
use middenveld_domain::enums::Coded;
use middenveld_services::store::contact::ContactRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(delete))
}

/// A contact moment as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactmomentInvoer {
    /// telefoon, e-mail, bezoek, gesprek or overig (required).
    #[schema(example = "telefoon")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ContactKind>)]
    pub soort: Option<String>,
    /// When (default today; not in the future).
    // The ADR lint wants `format: date` on a date field; the API also reads "" as absent.
    #[schema(format = Date, value_type = Option<String>)]
    pub datum: Option<String>,
    /// The person spoken to.
    #[serde(deserialize_with = "super::opt_id")]
    pub persoon_id: Option<i64>,
    /// What was discussed (required).
    #[schema(required, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub samenvatting: Option<String>,
}

impl From<ContactmomentInvoer> for ContactInput {
    fn from(v: ContactmomentInvoer) -> Self {
        ContactInput {
            kind: v.soort,
            date: v.datum,
            person_id: v.persoon_id,
            summary: v.samenvatting,
        }
    }
}

/// A recorded contact moment.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contactmoment {
    pub id: i64,
    pub organisatie_id: i64,
    pub soort: String,
    #[schema(format = Date)]
    pub datum: String,
    pub persoon_id: Option<i64>,
    pub persoon: Option<String>,
    pub samenvatting: String,
    /// Who recorded it.
    pub door: String,
}

impl From<ContactRecord> for Contactmoment {
    fn from(c: ContactRecord) -> Self {
        Contactmoment {
            id: c.id,
            organisatie_id: c.organisation_id,
            soort: c.data.kind.code().to_string(),
            datum: c.data.date.iso(),
            persoon_id: c.data.person_id,
            persoon: c.person_name,
            samenvatting: c.data.summary,
            door: c.recorded_by,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contactmomenten {
    pub items: Vec<Contactmoment>,
    pub totaal: i64,
}

/// An organisation's contact moments, latest first.
#[utoipa::path(get, path = "/organisaties/{id}/contactmomenten", tag = "reis", operation_id = "organisatie-contactmomenten-lijst",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "De contactmomenten", body = Contactmomenten)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Contactmoment> = s
        .services
        .contacts(&user.actor(), id)
        .await?
        .into_iter()
        .map(Contactmoment::from)
        .collect();
    Ok(axum::Json(Contactmomenten {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Record a contact moment with an organisation.
#[utoipa::path(post, path = "/organisaties/{id}/contactmomenten", tag = "reis", operation_id = "organisatie-contactmoment-aanmaken",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    request_body = ContactmomentInvoer,
    responses((status = 201, description = "Vastgelegd", body = Contactmoment)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ContactmomentInvoer>,
) -> ApiResult<Response> {
    let cid = s.services.add_contact(&user.actor(), id, body.into()).await?;
    let c = Contactmoment::from(s.services.contact(&user.actor(), cid).await?);
    Ok(created(format!("/api/v1/contactmomenten/{cid}"), c))
}

/// Delete a contact moment.
#[utoipa::path(delete, path = "/contactmomenten/{id}", tag = "reis", operation_id = "contactmoment-verwijderen",
    params(("id" = i64, Path, description = "Id van het contactmoment")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_contact(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
