//! Advice letters in the API (`/adviezen`): registration with a case number, the decision
//! and reply (`/adviezen/{id}/antwoord`), and every case in ZGW Zaken fields (`/adviezen/zgw`).

use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use middenveld_domain::advice::{AdviceInput, ReplyInput};
use middenveld_services::advice::AdviceLinks;
use middenveld_services::store::advice::{AdviceFilter, AdviceRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(zgw))
        .routes(routes!(get_one, update))
        .routes(routes!(reply))
}

/// An incoming advice as it is registered (the case number is given by Middenveld).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AdviesInvoer {
    /// The advisory body (required).
    #[schema(example = "SER Overijssel")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub adviesorgaan: Option<String>,
    /// Postal address of the advisory body, one line a line (for the reply letter).
    #[schema(max_length = 500)]
    pub adres: Option<String>,
    /// Date the advice was received (required).
    #[schema(format = Date, value_type = Option<String>, example = "2022-12-01")]
    #[schema(required, nullable = false)]
    pub ontvangen: Option<String>,
    /// Their reference.
    #[schema(max_length = 100)]
    pub uw_kenmerk: Option<String>,
    /// Subject (required).
    #[schema(required, nullable = false, min_length = 1, max_length = 300, pattern = r"\S")]
    pub onderwerp: Option<String>,
    #[schema(max_length = 10000)]
    pub samenvatting: Option<String>,
    /// Reply within this many weeks (1 to 52); default from the configuration.
    pub termijn_weken: Option<String>,
    #[serde(deserialize_with = "super::ids")]
    pub prestatie_ids: Vec<i64>,
    #[serde(deserialize_with = "super::ids")]
    pub thema_ids: Vec<i64>,
}

impl From<&middenveld_services::store::advice::AdviceRecord> for AdviesInvoer {
    /// The form of a registered advice; the term in whole weeks from receipt to deadline.
    fn from(r: &middenveld_services::store::advice::AdviceRecord) -> Self {
        let days = (r.deadline.0 - r.data.received_on.0).whole_days();
        AdviesInvoer {
            adviesorgaan: Some(r.data.advisory_body.clone()),
            adres: r.data.addressee.clone(),
            ontvangen: Some(r.data.received_on.iso()),
            uw_kenmerk: r.data.their_reference.clone(),
            onderwerp: Some(r.data.subject.clone()),
            samenvatting: r.data.summary.clone(),
            termijn_weken: (days > 0 && days % 7 == 0).then(|| (days / 7).to_string()),
            prestatie_ids: r.objectives.iter().map(|(id, _)| *id).collect(),
            thema_ids: r.themes.iter().map(|(id, _)| *id).collect(),
        }
    }
}

impl AdviesInvoer {
    pub fn split(self) -> (AdviceInput, AdviceLinks) {
        (
            AdviceInput {
                advisory_body: self.adviesorgaan.unwrap_or_default(),
                addressee: self.adres,
                received_on: self.ontvangen,
                their_reference: self.uw_kenmerk,
                subject: self.onderwerp.unwrap_or_default(),
                summary: self.samenvatting,
                reply_weeks: self.termijn_weken,
            },
            AdviceLinks {
                objective_ids: self.prestatie_ids,
                theme_ids: self.thema_ids,
            },
        )
    }
}

/// The decision and the reply; an antwoordDatum closes the case.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AntwoordInvoer {
    #[schema(max_length = 10000)]
    pub besluit: Option<String>,
    /// Date of the reply letter; not before the advice was received.
    // The ADR lint wants `format: date` on a date field; the API also reads "" as absent.
    #[schema(format = Date, value_type = Option<String>)]
    pub antwoord_datum: Option<String>,
    /// The letter's text; a blank line starts a paragraph (required with a date).
    #[schema(max_length = 50000)]
    pub antwoord_tekst: Option<String>,
    #[schema(max_length = 200)]
    pub contact_naam: Option<String>,
    #[schema(max_length = 50)]
    pub contact_telefoon: Option<String>,
    pub contact_email: Option<String>,
    /// One signatory a line, e.g. "voorzitter, A.P. Heidema".
    #[schema(max_length = 1000)]
    pub ondertekening: Option<String>,
}

impl From<AntwoordInvoer> for ReplyInput {
    fn from(v: AntwoordInvoer) -> Self {
        ReplyInput {
            decision: v.besluit,
            reply_date: v.antwoord_datum,
            body: v.antwoord_tekst,
            contact_name: v.contact_naam,
            contact_phone: v.contact_telefoon,
            contact_email: v.contact_email,
            signatories: v.ondertekening,
        }
    }
}

/// A linked record: id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct Koppeling {
    pub id: i64,
    pub naam: String,
}

/// A registered advice.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Advies {
    pub id: i64,
    pub zaaknummer: String,
    pub adviesorgaan: String,
    pub adres: Option<String>,
    #[schema(format = Date, value_type = String)]
    pub ontvangen: String,
    #[schema(format = Date, value_type = String)]
    pub geregistreerd: String,
    pub uw_kenmerk: Option<String>,
    pub onderwerp: String,
    pub samenvatting: Option<String>,
    /// Reply deadline.
    #[schema(format = Date, value_type = String)]
    pub termijn: String,
    pub open: bool,
    pub besluit: Option<String>,
    /// Our reference of the reply, given when the reply is written.
    pub kenmerk: Option<String>,
    #[schema(format = Date, value_type = Option<String>)]
    pub antwoord_datum: Option<String>,
    pub antwoord_tekst: Option<String>,
    pub contact_naam: Option<String>,
    pub contact_telefoon: Option<String>,
    pub contact_email: Option<String>,
    pub ondertekening: Option<String>,
    /// File name of the advice document, if kept.
    pub document: Option<String>,
    pub prestaties: Vec<Koppeling>,
    pub themas: Vec<Koppeling>,
}

fn links(v: Vec<(i64, String)>) -> Vec<Koppeling> {
    v.into_iter().map(|(id, naam)| Koppeling { id, naam }).collect()
}

impl From<AdviceRecord> for Advies {
    fn from(r: AdviceRecord) -> Self {
        Advies {
            id: r.id,
            open: r.is_open(),
            zaaknummer: r.case_number,
            adviesorgaan: r.data.advisory_body,
            adres: r.data.addressee,
            ontvangen: r.data.received_on.iso(),
            geregistreerd: r.registered_on.iso(),
            uw_kenmerk: r.data.their_reference,
            onderwerp: r.data.subject,
            samenvatting: r.data.summary,
            termijn: r.deadline.iso(),
            besluit: r.reply.decision,
            kenmerk: r.reply_reference,
            antwoord_datum: r.reply.reply_date.map(|d| d.iso()),
            antwoord_tekst: r.reply.body,
            contact_naam: r.reply.contact_name,
            contact_telefoon: r.reply.contact_phone,
            contact_email: r.reply.contact_email,
            ondertekening: r.reply.signatories,
            document: r.document.map(|d| d.0),
            prestaties: links(r.objectives),
            themas: links(r.themes),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Adviezen {
    pub items: Vec<Advies>,
    pub totaal: i64,
}

/// Filter of the advice list (shared with the page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct AdviesFilter {
    /// `open` or `beantwoord`.
    #[param(pattern = r"^(|open|beantwoord)$")]
    pub status: Option<String>,
    /// Year received, e.g. 2022.
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2999)]
    pub jaar: Option<String>,
    /// Part of the subject, advisory body or case number.
    pub zoek: Option<String>,
}

impl AdviesFilter {
    /// The store filter; `Err` names the parameter that is not understood.
    pub fn parse(&self) -> Result<AdviceFilter, &'static str> {
        let open = match self.status.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("open") => Some(true),
            Some("beantwoord") => Some(false),
            Some(_) => return Err("status"),
        };
        let year = match self.jaar.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(y) => match y.parse::<i32>() {
                Ok(y) if (1900..=2999).contains(&y) => Some(y),
                _ => return Err("jaar"),
            },
        };
        let text = self
            .zoek
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        Ok(AdviceFilter { open, year, text })
    }
}

/// Every advice, latest received first.
#[utoipa::path(get, path = "/adviezen", tag = "adviezen", operation_id = "adviezen-lijst",
    params(AdviesFilter),
    responses((status = 200, description = "De adviezen", body = Adviezen)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<AdviesFilter>) -> ApiResult<Response> {
    let f = q.parse().map_err(|name| {
        ApiError::bad_request(format!(
            "Onbekende waarde voor {name}; status is open of beantwoord, jaar een jaartal."
        ))
    })?;
    let items: Vec<Advies> = s
        .services
        .advices(&user.actor(), &f)
        .await?
        .into_iter()
        .map(Advies::from)
        .collect();
    Ok(axum::Json(Adviezen {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Register an incoming advice; Middenveld gives the case number.
#[utoipa::path(post, path = "/adviezen", tag = "adviezen", operation_id = "adviezen-registreren",
    request_body = AdviesInvoer,
    responses((status = 201, description = "Geregistreerd", body = Advies)))]
async fn create(State(s): State<AppState>, user: ApiUser, ApiJson(body): ApiJson<AdviesInvoer>) -> ApiResult<Response> {
    let (input, links) = body.split();
    let id = s.services.register_advice(&user.actor(), input, links).await?;
    let a = Advies::from(s.services.advice(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/adviezen/{id}"), a))
}

/// One advice with its decision and reply.
#[utoipa::path(get, path = "/adviezen/{id}", tag = "adviezen", operation_id = "adviezen-ophalen",
    params(("id" = i64, Path, description = "Id van het advies")),
    responses((status = 200, description = "Het advies", body = Advies)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Advies::from(s.services.advice(&user.actor(), id).await?)).into_response())
}

/// Change what was registered (the case number never changes).
#[utoipa::path(put, path = "/adviezen/{id}", tag = "adviezen", operation_id = "adviezen-wijzigen",
    params(("id" = i64, Path, description = "Id van het advies")),
    request_body = AdviesInvoer,
    responses((status = 200, description = "Het advies", body = Advies)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AdviesInvoer>,
) -> ApiResult<Response> {
    let (input, links) = body.split();
    s.services.update_advice(&user.actor(), id, input, links).await?;
    Ok(axum::Json(Advies::from(s.services.advice(&user.actor(), id).await?)).into_response())
}

/// Record the decision and the reply; the first reply gets its reference.
#[utoipa::path(put, path = "/adviezen/{id}/antwoord", tag = "adviezen", operation_id = "adviezen-antwoord",
    params(("id" = i64, Path, description = "Id van het advies")),
    request_body = AntwoordInvoer,
    responses((status = 200, description = "Het advies", body = Advies)))]
async fn reply(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AntwoordInvoer>,
) -> ApiResult<Response> {
    s.services.reply_advice(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(Advies::from(s.services.advice(&user.actor(), id).await?)).into_response())
}

/// Every advice as a zaak in the fields of the ZGW Zaken API (docs/zgw-zaak.schema.json).
#[utoipa::path(get, path = "/adviezen/zgw", tag = "adviezen", operation_id = "adviezen-zgw",
    responses((status = 200, description = "Zaken", body = Vec<Object>)))]
async fn zgw(State(s): State<AppState>, user: ApiUser) -> ApiResult<Response> {
    Ok(axum::Json(s.services.advice_zgw(&user.actor()).await?).into_response())
}
