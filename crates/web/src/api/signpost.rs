//! The signpost in the API: `GET /wegwijzer` answers a question; `/aanbod` is the directory of
//! partner offers behind it.

use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created, filter};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, JourneyStage, QuestionKind, Sector};
use middenveld_domain::signpost::{Offer, OfferInput};
use middenveld_services::store::signpost::OfferRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signpost))
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// A partner offer as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AanbodInvoer {
    /// The partner (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(required, nullable = false)]
    pub partner_id: Option<i64>,
    /// The kind of question it helps with (required).
    #[schema(example = "financiering")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::QuestionKind>)]
    pub soort_vraag: Option<String>,
    /// Journey stages it serves; empty: every stage.
    pub fasen: Vec<String>,
    /// The sector it serves; empty: every sector.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::Sector>)]
    pub sector: Option<String>,
    /// What the partner offers (required).
    #[schema(required, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub omschrijving: Option<String>,
    /// What the company does next (required).
    #[schema(example = "Vraag een intakegesprek aan bij Oost NL")]
    #[schema(required, nullable = false, min_length = 1, max_length = 500, pattern = r"\S")]
    pub volgende_stap: Option<String>,
    #[schema(max_length = 500, pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s.][^\s]*\.[^\s]*)?$")]
    pub website: Option<String>,
}

impl From<AanbodInvoer> for OfferInput {
    fn from(v: AanbodInvoer) -> Self {
        OfferInput {
            partner_id: v.partner_id,
            kind: v.soort_vraag,
            stages: v.fasen,
            sector: v.sector,
            description: v.omschrijving,
            next_step: v.volgende_stap,
            website: v.website,
        }
    }
}

impl From<&Offer> for AanbodInvoer {
    fn from(f: &Offer) -> Self {
        AanbodInvoer {
            partner_id: Some(f.partner_id),
            soort_vraag: Some(f.kind.code().to_string()),
            fasen: f.stages.iter().map(|s| s.code().to_string()).collect(),
            sector: f.sector.map(|s| s.code().to_string()),
            omschrijving: Some(f.description.clone()),
            volgende_stap: Some(f.next_step.clone()),
            website: f.website.clone(),
        }
    }
}

/// A stored offer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Aanbod {
    pub id: i64,
    #[serde(flatten)]
    pub velden: AanbodInvoer,
    /// The partner's name.
    pub partner: String,
    pub gewijzigd_op: String,
}

impl From<OfferRecord> for Aanbod {
    fn from(r: OfferRecord) -> Self {
        Aanbod {
            id: r.id,
            velden: AanbodInvoer::from(&r.data),
            partner: r.partner_name,
            gewijzigd_op: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AanbodLijst {
    pub items: Vec<Aanbod>,
    pub totaal: i64,
}

/// The signpost's questions (shared with its page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct WegwijzerVraag {
    /// What the question is about (required for an answer).
    /// One of the codes of the question kinds (required: without it the answer is a 400).
    #[param(required, value_type = String, pattern = r"^(financiering|subsidie|kennis-onderzoek|circulair-ontwerp|netwerk-partners|talent-studenten|regelgeving|overig)$")]
    pub soort_vraag: Option<String>,
    /// Where the company is in its journey.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::JourneyStage>)]
    pub fase: Option<String>,
    /// The company's sector.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::Sector>)]
    pub sector: Option<String>,
}

impl WegwijzerVraag {
    pub fn parse(&self, strict: bool) -> ApiResult<(Option<QuestionKind>, Option<JourneyStage>, Option<Sector>)> {
        Ok((
            super::lenient(strict, filter::<QuestionKind>("soortVraag", &self.soort_vraag))?,
            super::lenient(strict, filter::<JourneyStage>("fase", &self.fase))?,
            super::lenient(strict, filter::<Sector>("sector", &self.sector))?,
        ))
    }
}

/// Where to go with a question (public, no token needed): the partners whose offer fits the kind of question, the
/// company's stage and sector, the most specific first, each with the next step.
#[utoipa::path(get, path = "/wegwijzer", tag = "wegwijzer", operation_id = "wegwijzer",
    params(WegwijzerVraag),
    responses((status = 200, description = "De partners", body = AanbodLijst)))]
async fn signpost(State(s): State<AppState>, ApiQuery(q): ApiQuery<WegwijzerVraag>) -> ApiResult<Response> {
    let (kind, stage, sector) = q.parse(true)?;
    let kind = kind.ok_or_else(|| ApiError::bad_request("Geef soortVraag op.".to_string()))?;
    let items: Vec<Aanbod> = s
        .services
        .signpost(kind, stage, sector)
        .await?
        .into_iter()
        .map(Aanbod::from)
        .collect();
    Ok(axum::Json(AanbodLijst {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// The directory of partner offers, by partner.
#[utoipa::path(get, path = "/aanbod", tag = "wegwijzer", operation_id = "aanbod-lijst",
    responses((status = 200, description = "Het aanbod", body = AanbodLijst)))]
async fn list(State(s): State<AppState>, user: ApiUser) -> ApiResult<Response> {
    let items: Vec<Aanbod> = s
        .services
        .offers(&user.actor(), None)
        .await?
        .into_iter()
        .map(Aanbod::from)
        .collect();
    Ok(axum::Json(AanbodLijst {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Add a partner offer.
#[utoipa::path(post, path = "/aanbod", tag = "wegwijzer", operation_id = "aanbod-aanmaken",
    request_body = AanbodInvoer,
    responses((status = 201, description = "Aangemaakt", body = Aanbod)))]
async fn create(State(s): State<AppState>, user: ApiUser, ApiJson(body): ApiJson<AanbodInvoer>) -> ApiResult<Response> {
    let id = s.services.create_offer(&user.actor(), body.into()).await?;
    let a = Aanbod::from(s.services.offer(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/aanbod/{id}"), a))
}

/// One offer.
#[utoipa::path(get, path = "/aanbod/{id}", tag = "wegwijzer", operation_id = "aanbod-ophalen",
    params(("id" = i64, Path, description = "Id van het aanbod")),
    responses((status = 200, description = "Het aanbod", body = Aanbod)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Aanbod::from(s.services.offer(&user.actor(), id).await?)).into_response())
}

/// Replace an offer.
#[utoipa::path(put, path = "/aanbod/{id}", tag = "wegwijzer", operation_id = "aanbod-wijzigen",
    params(("id" = i64, Path, description = "Id van het aanbod")),
    request_body = AanbodInvoer,
    responses((status = 200, description = "Gewijzigd", body = Aanbod)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AanbodInvoer>,
) -> ApiResult<Response> {
    s.services.update_offer(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(Aanbod::from(s.services.offer(&user.actor(), id).await?)).into_response())
}

/// Delete an offer.
#[utoipa::path(delete, path = "/aanbod/{id}", tag = "wegwijzer", operation_id = "aanbod-verwijderen",
    params(("id" = i64, Path, description = "Id van het aanbod")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_offer(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
