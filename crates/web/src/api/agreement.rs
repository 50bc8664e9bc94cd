//! Agreements in the API (`/afspraken`) with their yearly confirmation and evaluation
//! (`/afspraken/{id}/jaren/{jaar}`).

use super::network::ApiIds;
use super::network::id_filter;
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created, total};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::agreement::{Agreement, AgreementInput, YearInput};
use middenveld_domain::enums::{Coded, CommitmentKind};
use middenveld_services::agreement::{AgreementFilter, EvaluationDue};
use middenveld_services::store::agreement::{AgreementRecord, YearRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(list_years, record_year))
        .routes(routes!(update_year, delete_year))
}

/// An agreement as it is written (API and form alike).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AfspraakInvoer {
    /// Name (required).
    #[schema(example = "Krachtenkaart circulaire economie (IPO)")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(max_length = 10000)]
    pub omschrijving: Option<String>,
    /// Free-text parties such as "IPO" or "Rijk" (a form sends one text with a party per line).
    pub partijen: Vec<String>,
    /// Ids of organisations from the register that are party.
    #[serde(deserialize_with = "super::ids")]
    pub organisaties: Vec<i64>,
    /// First year (required), e.g. 2021.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2021)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub startjaar: Option<String>,
    /// Last year; empty while the agreement runs on.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>)]
    #[schema(minimum = 2000, maximum = 2100)]
    pub eindjaar: Option<String>,
    /// Day and month the yearly evaluation is due, `dd-mm`; default 01-12.
    #[schema(example = "01-12")]
    pub evaluatie_dag: Option<String>,
    /// Offers ("aanbod"), in order.
    pub aanbod: Vec<String>,
    /// Asks ("vraag"), in order.
    pub vragen: Vec<String>,
    #[serde(deserialize_with = "super::ids")]
    pub themas: Vec<i64>,
    /// Ids of accountability indicators.
    #[serde(deserialize_with = "super::ids")]
    pub indicatoren: Vec<i64>,
    /// Ids of accountability performance objectives ("prestaties").
    #[serde(deserialize_with = "super::ids")]
    pub prestaties: Vec<i64>,
}

impl From<AfspraakInvoer> for AgreementInput {
    fn from(v: AfspraakInvoer) -> Self {
        AgreementInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
            parties: v.partijen,
            organisation_ids: v.organisaties,
            start_year: v.startjaar,
            end_year: v.eindjaar,
            due: v.evaluatie_dag,
            offers: v.aanbod,
            asks: v.vragen,
            theme_ids: v.themas,
            indicator_ids: v.indicatoren,
            objective_ids: v.prestaties,
        }
    }
}

impl From<&Agreement> for AfspraakInvoer {
    fn from(a: &Agreement) -> Self {
        AfspraakInvoer {
            naam: Some(a.name.clone()),
            omschrijving: a.description.clone(),
            partijen: a.parties.clone(),
            organisaties: a.organisation_ids.clone(),
            startjaar: Some(a.start_year.to_string()),
            eindjaar: a.end_year.map(|y| y.to_string()),
            evaluatie_dag: Some(a.due_text()),
            aanbod: a.commitments_of(CommitmentKind::Offer),
            vragen: a.commitments_of(CommitmentKind::Ask),
            themas: a.theme_ids.clone(),
            indicatoren: a.indicator_ids.clone(),
            prestaties: a.objective_ids.clone(),
        }
    }
}

/// One year as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct JaarInvoer {
    /// The year (required), not before the start year and not in the future.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2025)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub jaar: Option<String>,
    /// bevestigd, aangepast or beeindigd (required).
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ConfirmationStatus>)]
    pub status: Option<String>,
    /// When it was decided; default today.
    // The ADR lint wants `format: date` on a date field; the API also reads "" as absent.
    #[schema(format = Date, value_type = Option<String>)]
    pub datum: Option<String>,
    /// The evaluation (required).
    #[schema(required, nullable = false, min_length = 1, max_length = 20000, pattern = r"\S")]
    pub evaluatie: Option<String>,
    /// What changed (required when aangepast).
    #[schema(max_length = 5000)]
    pub wijziging: Option<String>,
}

impl From<JaarInvoer> for YearInput {
    fn from(v: JaarInvoer) -> Self {
        YearInput {
            year: v.jaar,
            status: v.status,
            date: v.datum,
            evaluation: v.evaluatie,
            change: v.wijziging,
        }
    }
}

/// A recorded year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Jaar {
    pub jaar: i32,
    pub status: String,
    #[schema(format = Date, value_type = String)]
    pub datum: String,
    pub evaluatie: String,
    pub wijziging: Option<String>,
    pub vastgelegd_door: String,
    pub gewijzigd_op: String,
}

impl From<&YearRow> for Jaar {
    fn from(y: &YearRow) -> Self {
        Jaar {
            jaar: y.data.year,
            status: y.data.status.code().to_string(),
            datum: y.data.date.iso(),
            evaluatie: y.data.evaluation.clone(),
            wijziging: y.data.change.clone(),
            vastgelegd_door: y.recorded_by.clone(),
            gewijzigd_op: y.updated_at.clone(),
        }
    }
}

/// An evaluation that is due (from 30 days before) or overdue.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvaluatieNodig {
    pub jaar: i32,
    #[schema(format = Date, value_type = String)]
    pub uiterlijk: String,
    pub te_laat: bool,
}

impl From<&EvaluationDue> for EvaluatieNodig {
    fn from(d: &EvaluationDue) -> Self {
        EvaluatieNodig {
            jaar: d.year,
            uiterlijk: d.due.iso(),
            te_laat: d.overdue,
        }
    }
}

/// A stored agreement with its years, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Afspraak {
    pub id: i64,
    #[serde(flatten)]
    pub velden: AfspraakInvoer,
    /// lopend or beeindigd.
    pub stand: String,
    pub jaren: Vec<Jaar>,
    pub evaluaties_nodig: Vec<EvaluatieNodig>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

fn stand(r: &AgreementRecord) -> &'static str {
    if middenveld_domain::agreement::ended_in(&r.year_records()).is_some() {
        "beeindigd"
    } else {
        "lopend"
    }
}

impl Afspraak {
    pub fn new(r: &AgreementRecord, due: &[EvaluationDue]) -> Afspraak {
        Afspraak {
            id: r.id,
            velden: AfspraakInvoer::from(&r.data),
            stand: stand(r).into(),
            jaren: r.years.iter().map(Jaar::from).collect(),
            evaluaties_nodig: due.iter().map(EvaluatieNodig::from).collect(),
            aangemaakt_op: r.created_at.clone(),
            gewijzigd_op: r.updated_at.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Afspraken {
    pub items: Vec<Afspraak>,
    pub totaal: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Jaren {
    pub items: Vec<Jaar>,
    pub totaal: i64,
}

/// Filter of the agreement list (shared with the page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct AfspraakFilter {
    /// Words in name, description, parties or commitments.
    pub zoek: Option<String>,
    /// Theme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub thema: Option<String>,
    /// lopend or beeindigd.
    #[param(pattern = r"^(|lopend|beeindigd)$")]
    pub stand: Option<String>,
    /// "ja": only agreements with an evaluation due or overdue.
    pub evaluatie: Option<String>,
}

impl AfspraakFilter {
    /// With `strict` (API) a bad value is a 400; pages ignore it.
    pub fn to_filter(&self, strict: bool) -> ApiResult<AgreementFilter> {
        let ended = match self.stand.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("lopend") => Some(false),
            Some("beeindigd") => Some(true),
            Some(_) if !strict => None,
            Some(_) => {
                return Err(super::ApiError::bad_request(
                    "Onbekende waarde voor stand; mogelijk: lopend, beeindigd.",
                ));
            }
        };
        Ok(AgreementFilter {
            search: self.zoek.clone().filter(|s| !s.trim().is_empty()),
            theme_id: id_filter(strict, "thema", &self.thema)?,
            ended,
            evaluation_due: matches!(self.evaluatie.as_deref(), Some("ja" | "true" | "1")),
        })
    }
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Afspraak> {
    let r = s.services.agreement(&user.actor(), id).await?;
    let today = middenveld_domain::Date(time::OffsetDateTime::now_utc().date());
    let due: Vec<EvaluationDue> = s
        .services
        .evaluations_due(&user.actor(), today)
        .await?
        .into_iter()
        .filter(|d| d.agreement_id == id)
        .collect();
    Ok(Afspraak::new(&r, &due))
}

/// Every agreement by name, with the evaluations due.
#[utoipa::path(get, path = "/afspraken", tag = "afspraken", operation_id = "afspraken-lijst",
    params(AfspraakFilter),
    responses((status = 200, description = "De afspraken", body = Afspraken)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<AfspraakFilter>) -> ApiResult<Response> {
    let filter = q.to_filter(true)?;
    let items: Vec<Afspraak> = s
        .services
        .agreements(&user.actor(), &filter)
        .await?
        .iter()
        .map(|(r, d)| Afspraak::new(r, d))
        .collect();
    Ok(axum::Json(Afspraken {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

/// Register an agreement.
#[utoipa::path(post, path = "/afspraken", tag = "afspraken", operation_id = "afspraken-aanmaken",
    request_body = AfspraakInvoer,
    responses((status = 201, description = "Aangemaakt", body = Afspraak)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<AfspraakInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_agreement(&user.actor(), body.into()).await?;
    Ok(created(format!("/api/v1/afspraken/{id}"), one(&s, &user, id).await?))
}

/// One agreement with its years.
#[utoipa::path(get, path = "/afspraken/{id}", tag = "afspraken", operation_id = "afspraken-ophalen",
    params(("id" = i64, Path, description = "Id van de afspraak")),
    responses((status = 200, description = "De afspraak", body = Afspraak)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace an agreement (its years are kept).
#[utoipa::path(put, path = "/afspraken/{id}", tag = "afspraken", operation_id = "afspraken-wijzigen",
    params(("id" = i64, Path, description = "Id van de afspraak")),
    request_body = AfspraakInvoer,
    responses((status = 200, description = "Gewijzigd", body = Afspraak)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AfspraakInvoer>,
) -> ApiResult<Response> {
    s.services.update_agreement(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete an agreement with its recorded years.
#[utoipa::path(delete, path = "/afspraken/{id}", tag = "afspraken", operation_id = "afspraken-verwijderen",
    params(("id" = i64, Path, description = "Id van de afspraak")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_agreement(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The recorded years, newest first.
#[utoipa::path(get, path = "/afspraken/{id}/jaren", tag = "afspraken", operation_id = "afspraken-jaren-lijst",
    params(("id" = i64, Path, description = "Id van de afspraak")),
    responses((status = 200, description = "De jaren", body = Jaren)))]
async fn list_years(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Jaar> = s
        .services
        .agreement_years(&user.actor(), id)
        .await?
        .iter()
        .map(Jaar::from)
        .collect();
    Ok(axum::Json(Jaren {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

/// Record the confirmation and evaluation of a year.
#[utoipa::path(post, path = "/afspraken/{id}/jaren", tag = "afspraken", operation_id = "afspraken-jaar-vastleggen",
    params(("id" = i64, Path, description = "Id van de afspraak")),
    request_body = JaarInvoer,
    responses((status = 201, description = "Vastgelegd", body = Afspraak)))]
async fn record_year(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<JaarInvoer>,
) -> ApiResult<Response> {
    let year = s.services.record_agreement_year(&user.actor(), id, body.into()).await?;
    Ok(created(
        format!("/api/v1/afspraken/{id}/jaren/{year}"),
        one(&s, &user, id).await?,
    ))
}

/// Replace the record of a year.
#[utoipa::path(put, path = "/afspraken/{id}/jaren/{jaar}", tag = "afspraken", operation_id = "afspraken-jaar-wijzigen",
    params(("id" = i64, Path, description = "Id van de afspraak"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    request_body = JaarInvoer,
    responses((status = 200, description = "Gewijzigd", body = Afspraak)))]
async fn update_year(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, year): ApiIds,
    ApiJson(body): ApiJson<JaarInvoer>,
) -> ApiResult<Response> {
    let year = i32::try_from(year).map_err(|_| middenveld_services::ServiceError::NotFound)?;
    s.services
        .update_agreement_year(&user.actor(), id, year, body.into())
        .await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete the record of a year.
#[utoipa::path(delete, path = "/afspraken/{id}/jaren/{jaar}", tag = "afspraken", operation_id = "afspraken-jaar-verwijderen",
    params(("id" = i64, Path, description = "Id van de afspraak"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete_year(State(s): State<AppState>, user: ApiUser, ApiIds(id, year): ApiIds) -> ApiResult<Response> {
    let year = i32::try_from(year).map_err(|_| middenveld_services::ServiceError::NotFound)?;
    s.services.delete_agreement_year(&user.actor(), id, year).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
