//! Merging duplicate organisations in the API (`POST /organisaties/{id}/samenvoegen`).

use super::organisation::Organisatie;
use super::{ApiId, ApiJson, ApiResult, ApiUser};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use middenveld_domain::duplicate::OTHER_FIELD;
use middenveld_domain::{ErrorCode, ValidationErrors};
use middenveld_services::ServiceError;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(merge))
}

/// Which organisation is merged into this one, and which of its values to take over.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SamenvoegenInvoer {
    /// Id of the organisation that is merged into this one and then deleted (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(value_type = Option<i64>, example = 12)]
    #[schema(required, nullable = false)]
    pub andere_id: Option<i64>,
    /// Fields whose value is taken from the other organisation: naam, kvkNummer, soort,
    /// grootteklasse, sbiCode, adres, postcode, plaats, gemeentecode, fase, spinOffVan (with its
    /// date), website, toelichting. Without it: the fields this organisation leaves empty.
    /// Themes are always those of both.
    #[schema(example = json!(["kvkNummer", "website"]))]
    pub overnemen: Option<Vec<String>>,
}

/// Merge another organisation into this one: this one stays, with the chosen values; every
/// link of the other (people, network memberships, project participations, spin-offs,
/// facilitated networks, themes) moves here, a link both have is kept once; the other is
/// deleted. Both histories record the merge.
#[utoipa::path(post, path = "/organisaties/{id}/samenvoegen", tag = "organisaties", operation_id = "organisatie-samenvoegen",
    params(("id" = i64, Path, description = "Id van de organisatie die blijft")),
    request_body = SamenvoegenInvoer,
    responses((status = 200, description = "Samengevoegd: de organisatie die blijft", body = Organisatie),
              (status = 404, description = "Een van beide organisaties bestaat niet", body = super::Problem, content_type = "application/problem+json"),
              (status = 422, description = "Geen andereId, een organisatie met zichzelf, of een onbekend veld in overnemen", body = super::Problem, content_type = "application/problem+json")))]
async fn merge(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<SamenvoegenInvoer>,
) -> ApiResult<Response> {
    let actor = user.actor();
    actor.require(middenveld_domain::Role::Editor)?;
    let Some(other) = body.andere_id else {
        return Err(ServiceError::Invalid(ValidationErrors::one(OTHER_FIELD, ErrorCode::Required)).into());
    };
    s.services
        .merge_organisations(&actor, id, other, body.overnemen)
        .await?;
    let record = s.services.organisation(&actor, id).await?;
    Ok(axum::Json(Organisatie::from(record)).into_response())
}
