//! Referrals in the API (`/doorverwijzingen`): a company's question referred from one partner
//! to another; without a status filter the list is the queue (not yet closed).

use super::network::id_filter;
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, QuestionKind, ReferralStatus};
use middenveld_domain::referral::{Referral, ReferralInput};
use middenveld_services::store::referral::{ReferralFilter as StoreFilter, ReferralRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(set_status))
}

/// A referral as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct DoorverwijzingInvoer {
    /// The company with the question (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(required, nullable = false)]
    pub organisatie_id: Option<i64>,
    /// The partner that refers.
    #[serde(deserialize_with = "super::opt_id")]
    pub van_partner_id: Option<i64>,
    /// The partner the question goes to (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(required, nullable = false)]
    pub naar_partner_id: Option<i64>,
    /// financiering, subsidie, kennis-onderzoek, circulair-ontwerp, netwerk-partners,
    /// talent-studenten, regelgeving or overig (required).
    #[schema(example = "financiering")]
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::QuestionKind>)]
    pub soort_vraag: Option<String>,
    /// The question (required).
    #[schema(example = "Financiering van een circulaire businesscase")]
    #[schema(required, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub vraag: Option<String>,
    /// open (default), in-behandeling or afgerond; only forward.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::ReferralStatus>)]
    pub status: Option<String>,
    /// What came of it.
    #[schema(max_length = 5000)]
    pub uitkomst: Option<String>,
}

impl From<DoorverwijzingInvoer> for ReferralInput {
    fn from(v: DoorverwijzingInvoer) -> Self {
        ReferralInput {
            company_id: v.organisatie_id,
            from_id: v.van_partner_id,
            to_id: v.naar_partner_id,
            kind: v.soort_vraag,
            question: v.vraag,
            status: v.status,
            outcome: v.uitkomst,
            visitor_request: false,
        }
    }
}

impl From<&Referral> for DoorverwijzingInvoer {
    fn from(r: &Referral) -> Self {
        DoorverwijzingInvoer {
            organisatie_id: r.company_id,
            van_partner_id: r.from_id,
            naar_partner_id: Some(r.to_id),
            soort_vraag: Some(r.kind.code().to_string()),
            vraag: Some(r.question.clone()),
            status: Some(r.status.code().to_string()),
            uitkomst: r.outcome.clone(),
        }
    }
}

/// A stored referral.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Doorverwijzing {
    pub id: i64,
    #[serde(flatten)]
    pub velden: DoorverwijzingInvoer,
    /// The company's name; empty for a visitor's contact request (see `bezoeker`).
    pub organisatie: Option<String>,
    /// The visitor who asked to get in touch via a good example (no company in the register).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bezoeker: Option<Bezoeker>,
    pub van_partner: Option<String>,
    pub naar_partner: String,
    /// Who recorded it.
    pub door: String,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    /// When it was closed.
    pub afgerond_op: Option<String>,
}

/// A visitor of the exhibition who asked to get in touch, with consent to pass this on.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bezoeker {
    pub naam: String,
    pub email: String,
    pub organisatie: Option<String>,
    /// The good example the request is about.
    pub goed_voorbeeld_id: Option<i64>,
    pub goed_voorbeeld: Option<String>,
    /// When the visitor consented to pass on the contact data.
    pub toestemming_op: String,
}

impl From<ReferralRecord> for Doorverwijzing {
    fn from(r: ReferralRecord) -> Self {
        Doorverwijzing {
            id: r.id,
            velden: DoorverwijzingInvoer::from(&r.data),
            organisatie: r.company_name,
            bezoeker: r.visitor.map(|v| Bezoeker {
                naam: v.name,
                email: v.email,
                organisatie: v.organisation,
                goed_voorbeeld_id: v.example_id,
                goed_voorbeeld: r.example_title,
                toestemming_op: v.consent_at,
            }),
            van_partner: r.from_name,
            naar_partner: r.to_name,
            door: r.created_by,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
            afgerond_op: r.closed_at,
        }
    }
}

/// Filters of the referral list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct DoorverwijzingFilter {
    /// open, in-behandeling, afgerond or alle; without it, the queue (not closed).
    #[param(pattern = r"^(|open|in-behandeling|afgerond|alle)$")]
    pub status: Option<String>,
    /// Receiving partner id: its queue.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub naar: Option<String>,
    /// Referring partner id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub van: Option<String>,
    /// Company id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::QuestionKind>)]
    pub soort_vraag: Option<String>,
    pub pagina: Option<i64>,
    pub pagina_grootte: Option<i64>,
}

impl DoorverwijzingFilter {
    pub fn to_filter(&self, strict: bool) -> ApiResult<StoreFilter> {
        let all = self.status.as_deref().map(str::trim) == Some("alle");
        let status = if all {
            None
        } else {
            lenient(strict, filter::<ReferralStatus>("status", &self.status))?
        };
        Ok(StoreFilter {
            status,
            open_only: !all && status.is_none(),
            to_id: id_filter(strict, "naar", &self.naar)?,
            from_id: id_filter(strict, "van", &self.van)?,
            company_id: id_filter(strict, "organisatie", &self.organisatie)?,
            kind: lenient(strict, filter::<QuestionKind>("soortVraag", &self.soort_vraag))?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// The next status.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct DoorverwijzingStatus {
    /// in-behandeling or afgerond.
    #[schema(example = "afgerond")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ReferralStatus>)]
    pub status: Option<String>,
    /// What came of it (kept when absent).
    pub uitkomst: Option<String>,
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Doorverwijzing> {
    Ok(Doorverwijzing::from(s.services.referral(&user.actor(), id).await?))
}

/// List referrals, oldest first: by default the queue (not closed).
#[utoipa::path(get, path = "/doorverwijzingen", tag = "doorverwijzingen", operation_id = "doorverwijzingen-lijst",
    params(DoorverwijzingFilter),
    responses((status = 200, description = "Een pagina doorverwijzingen", body = Lijst<Doorverwijzing>)))]
async fn list(
    State(s): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<DoorverwijzingFilter>,
) -> ApiResult<Response> {
    let page = s.services.referrals(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(Lijst {
        items: page.items.into_iter().map(Doorverwijzing::from).collect::<Vec<_>>(),
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
    })
    .into_response())
}

/// Refer a company's question to a partner.
#[utoipa::path(post, path = "/doorverwijzingen", tag = "doorverwijzingen", operation_id = "doorverwijzing-aanmaken",
    request_body = DoorverwijzingInvoer,
    responses((status = 201, description = "Aangemaakt", body = Doorverwijzing)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<DoorverwijzingInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_referral(&user.actor(), body.into()).await?;
    Ok(created(
        format!("/api/v1/doorverwijzingen/{id}"),
        one(&s, &user, id).await?,
    ))
}

/// One referral.
#[utoipa::path(get, path = "/doorverwijzingen/{id}", tag = "doorverwijzingen", operation_id = "doorverwijzing-ophalen",
    params(("id" = i64, Path, description = "Id van de doorverwijzing")),
    responses((status = 200, description = "De doorverwijzing", body = Doorverwijzing)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace a referral (its status only forward).
#[utoipa::path(put, path = "/doorverwijzingen/{id}", tag = "doorverwijzingen", operation_id = "doorverwijzing-wijzigen",
    params(("id" = i64, Path, description = "Id van de doorverwijzing")),
    request_body = DoorverwijzingInvoer,
    responses((status = 200, description = "Gewijzigd", body = Doorverwijzing)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<DoorverwijzingInvoer>,
) -> ApiResult<Response> {
    s.services.update_referral(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete a referral.
#[utoipa::path(delete, path = "/doorverwijzingen/{id}", tag = "doorverwijzingen", operation_id = "doorverwijzing-verwijderen",
    params(("id" = i64, Path, description = "Id van de doorverwijzing")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_referral(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Take a referral up or close it, with its outcome.
#[utoipa::path(post, path = "/doorverwijzingen/{id}/status", tag = "doorverwijzingen", operation_id = "doorverwijzing-status-zetten",
    params(("id" = i64, Path, description = "Id van de doorverwijzing")),
    request_body = DoorverwijzingStatus,
    responses((status = 201, description = "Vastgelegd", body = Doorverwijzing)))]
async fn set_status(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<DoorverwijzingStatus>,
) -> ApiResult<Response> {
    s.services
        .set_referral_status(&user.actor(), id, body.status.as_deref(), body.uitkomst.as_deref())
        .await?;
    Ok(created(
        format!("/api/v1/doorverwijzingen/{id}"),
        one(&s, &user, id).await?,
    ))
}
