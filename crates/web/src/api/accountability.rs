//! Accountability in the API: programmes (`/programmas`), their performance objectives
//! (`/prestaties`) with actions (`/acties`), indicators with targets and values entered by
//! hand (`/indicatoren`), an objective's year with its note and finances
//! (`/prestaties/{id}/jaren/{jaar}`), frozen years (`/bevroren-jaren`) and the annual report
//! (`/jaarverslagen/{jaar}`, also as Markdown, Word and an indicator spreadsheet).
//! Amounts are euros as text (`145000.00`, also `€ 145.000`), as in `/ondersteuning`.

use super::network::{ApiIds, id_filter};
use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, created, total};
use crate::AppState;
use crate::export::XLSX_TYPE;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use middenveld_domain::Coded;
use middenveld_domain::accountability::{
    Finance, FinanceInput, FinanceLineInput, IndicatorInput, ObjectiveInput, ProgrammeInput, YEARS,
};
use middenveld_domain::report::Block;
use middenveld_domain::support::plain;
use middenveld_services::accountability::{AnnualReport, IndicatorYear, ObjectiveYear};
use middenveld_services::store::accountability::{
    ActionRecord, FrozenYear, IndicatorRecord, ObjectiveRecord, ProgrammeRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(programmes, create_programme))
        .routes(routes!(programme, update_programme, delete_programme))
        .routes(routes!(programme_objectives, create_objective))
        .routes(routes!(objectives))
        .routes(routes!(objective, update_objective, delete_objective))
        .routes(routes!(actions, create_action))
        .routes(routes!(action, update_action, delete_action))
        .routes(routes!(create_indicator))
        .routes(routes!(indicator, update_indicator, delete_indicator))
        .routes(routes!(set_target))
        .routes(routes!(delete_target))
        .routes(routes!(manual_values, set_manual_value))
        .routes(routes!(delete_manual_value))
        .routes(routes!(indicator_records))
        .routes(routes!(objective_year))
        .routes(routes!(progress_note, set_progress_note))
        .routes(routes!(finance, set_finance, delete_finance))
        .routes(routes!(frozen_years, freeze_year))
        .routes(routes!(frozen_year, unfreeze_year))
        .routes(routes!(annual_report))
        .routes(routes!(annual_report_markdown))
        .routes(routes!(annual_report_docx))
        .routes(routes!(annual_report_indicators))
}

/// A year from the path or a parameter, within the years Middenveld knows.
fn path_year(v: i64) -> ApiResult<i32> {
    i32::try_from(v).ok().filter(|y| YEARS.contains(y)).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Het jaar moet tussen {} en {} liggen.",
            YEARS.start(),
            YEARS.end()
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Programmes

/// A programme as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ProgrammaInvoer {
    /// Name (required).
    #[schema(example = "Innovatie en circulaire economie 2016–2019")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
    /// First year (required), e.g. 2016.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2016)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub beginjaar: Option<String>,
    /// Last year; empty while the programme runs. Not before the first year.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2019)]
    #[schema(minimum = 2000, maximum = 2100)]
    pub eindjaar: Option<String>,
    /// The Provincial Council's decision, e.g. PS/2016/871.
    #[schema(max_length = 200)]
    pub besluit: Option<String>,
    /// The reserve the objectives relate to.
    #[schema(max_length = 200)]
    pub reserve: Option<String>,
}

impl From<ProgrammaInvoer> for ProgrammeInput {
    fn from(v: ProgrammaInvoer) -> Self {
        ProgrammeInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
            start_year: v.beginjaar,
            end_year: v.eindjaar,
            decision_reference: v.besluit,
            reserve_name: v.reserve,
        }
    }
}

/// A stored programme.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Programma {
    pub id: i64,
    pub naam: String,
    pub omschrijving: Option<String>,
    pub beginjaar: i32,
    pub eindjaar: Option<i32>,
    pub besluit: Option<String>,
    pub reserve: Option<String>,
    /// Number of performance objectives.
    pub aantal_prestaties: i64,
}

impl From<ProgrammeRecord> for Programma {
    fn from(r: ProgrammeRecord) -> Self {
        Programma {
            id: r.id,
            naam: r.data.name,
            omschrijving: r.data.description,
            beginjaar: r.data.start_year,
            eindjaar: r.data.end_year,
            besluit: r.data.decision_reference,
            reserve: r.data.reserve_name,
            aantal_prestaties: r.objective_count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Programmas {
    pub items: Vec<Programma>,
    pub totaal: i64,
}

/// Every programme, latest first.
#[utoipa::path(get, path = "/programmas", tag = "programmas", operation_id = "programmas-lijst",
    responses((status = 200, description = "De programma's", body = Programmas)))]
async fn programmes(State(s): State<AppState>, user: ApiUser) -> ApiResult<Response> {
    let items: Vec<Programma> = s
        .services
        .programmes(&user.actor())
        .await?
        .into_iter()
        .map(Programma::from)
        .collect();
    Ok(axum::Json(Programmas {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

/// Register a programme.
#[utoipa::path(post, path = "/programmas", tag = "programmas", operation_id = "programma-aanmaken",
    request_body = ProgrammaInvoer,
    responses((status = 201, description = "Aangemaakt", body = Programma)))]
async fn create_programme(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ProgrammaInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_programme(&user.actor(), body.into()).await?;
    let p = Programma::from(s.services.programme(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/programmas/{id}"), p))
}

/// One programme.
#[utoipa::path(get, path = "/programmas/{id}", tag = "programmas", operation_id = "programma-ophalen",
    params(("id" = i64, Path, description = "Id van het programma")),
    responses((status = 200, description = "Het programma", body = Programma)))]
async fn programme(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Programma::from(s.services.programme(&user.actor(), id).await?)).into_response())
}

/// Replace a programme.
#[utoipa::path(put, path = "/programmas/{id}", tag = "programmas", operation_id = "programma-wijzigen",
    params(("id" = i64, Path, description = "Id van het programma")),
    request_body = ProgrammaInvoer,
    responses((status = 200, description = "Gewijzigd", body = Programma)))]
async fn update_programme(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ProgrammaInvoer>,
) -> ApiResult<Response> {
    s.services.update_programme(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(Programma::from(s.services.programme(&user.actor(), id).await?)).into_response())
}

/// Delete a programme with its objectives; refused while a frozen year keeps values of it.
#[utoipa::path(delete, path = "/programmas/{id}", tag = "programmas", operation_id = "programma-verwijderen",
    params(("id" = i64, Path, description = "Id van het programma")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Een bevroren jaar bewaart waarden van dit programma", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_programme(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_programme(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Objectives

/// A performance objective ("prestatie") as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PrestatieInvoer {
    /// The number in the budget (required, unique), e.g. 5.3.2.
    #[schema(example = "5.3.2")]
    #[schema(required, nullable = false, min_length = 1, max_length = 30, pattern = r"\S")]
    pub code: Option<String>,
    /// Name (required).
    #[schema(example = "Innovatie")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// The chapter's Context section.
    pub context: Option<String>,
    /// The responsible portfolio holder.
    #[schema(max_length = 200)]
    pub portefeuillehouder: Option<String>,
    /// The province's role, e.g. "regisseur en faciliteerder".
    pub rol_provincie: Option<String>,
    /// "Structureel." or "Niet structureel. Eindigt naar verwachting in 2019".
    pub looptijd: Option<String>,
    /// The relation with the programme's reserve.
    pub relatie_reserve: Option<String>,
    /// Decisions, one per line (PS/2012/107, …).
    pub besluiten: Option<String>,
    /// The project website: an address or its name.
    #[schema(max_length = 500)]
    pub website: Option<String>,
}

impl From<PrestatieInvoer> for ObjectiveInput {
    fn from(v: PrestatieInvoer) -> Self {
        ObjectiveInput {
            code: v.code.unwrap_or_default(),
            name: v.naam.unwrap_or_default(),
            context: v.context,
            portfolio_holder: v.portefeuillehouder,
            province_role: v.rol_provincie,
            duration: v.looptijd,
            reserve_relation: v.relatie_reserve,
            decision_references: v.besluiten,
            website: v.website,
        }
    }
}

/// A stored performance objective.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prestatie {
    pub id: i64,
    pub programma_id: i64,
    /// Name of the programme.
    pub programma: String,
    #[serde(flatten)]
    pub velden: PrestatieInvoer,
}

impl From<ObjectiveRecord> for Prestatie {
    fn from(r: ObjectiveRecord) -> Self {
        let d = r.data;
        Prestatie {
            id: r.id,
            programma_id: r.programme_id,
            programma: r.programme_name,
            velden: PrestatieInvoer {
                code: Some(d.code),
                naam: Some(d.name),
                context: d.context,
                portefeuillehouder: d.portfolio_holder,
                rol_provincie: d.province_role,
                looptijd: d.duration,
                relatie_reserve: d.reserve_relation,
                besluiten: d.decision_references,
                website: d.website,
            },
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prestaties {
    pub items: Vec<Prestatie>,
    pub totaal: i64,
}

/// Filter of the objective list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct PrestatieFilter {
    /// Programme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub programma_id: Option<String>,
}

fn prestaties(items: Vec<ObjectiveRecord>) -> Prestaties {
    let items: Vec<Prestatie> = items.into_iter().map(Prestatie::from).collect();
    Prestaties {
        totaal: total(items.len()),
        items,
    }
}

/// Every performance objective, by code; `programmaId` gives those of one programme.
#[utoipa::path(get, path = "/prestaties", tag = "prestaties", operation_id = "prestaties-lijst",
    params(PrestatieFilter),
    responses((status = 200, description = "De prestaties", body = Prestaties)))]
async fn objectives(
    State(s): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<PrestatieFilter>,
) -> ApiResult<Response> {
    let programme = id_filter(true, "programmaId", &q.programma_id)?;
    let items = s.services.objectives(&user.actor(), programme).await?;
    Ok(axum::Json(prestaties(items)).into_response())
}

/// The performance objectives of a programme, by code.
#[utoipa::path(get, path = "/programmas/{id}/prestaties", tag = "programmas", operation_id = "programma-prestaties-lijst",
    params(("id" = i64, Path, description = "Id van het programma")),
    responses((status = 200, description = "De prestaties", body = Prestaties)))]
async fn programme_objectives(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.programme(&user.actor(), id).await?;
    let items = s.services.objectives(&user.actor(), Some(id)).await?;
    Ok(axum::Json(prestaties(items)).into_response())
}

/// Add a performance objective to a programme.
#[utoipa::path(post, path = "/programmas/{id}/prestaties", tag = "programmas", operation_id = "prestatie-aanmaken",
    params(("id" = i64, Path, description = "Id van het programma")),
    request_body = PrestatieInvoer,
    responses((status = 201, description = "Aangemaakt", body = Prestatie),
      (status = 409, description = "De code is al in gebruik", body = super::Problem, content_type = "application/problem+json")))]
async fn create_objective(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(programme): ApiId,
    ApiJson(body): ApiJson<PrestatieInvoer>,
) -> ApiResult<Response> {
    s.services.programme(&user.actor(), programme).await?;
    let id = s
        .services
        .create_objective(&user.actor(), Some(programme), body.into())
        .await?;
    let o = Prestatie::from(s.services.objective(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/prestaties/{id}"), o))
}

/// One performance objective.
#[utoipa::path(get, path = "/prestaties/{id}", tag = "prestaties", operation_id = "prestatie-ophalen",
    params(("id" = i64, Path, description = "Id van de prestatie")),
    responses((status = 200, description = "De prestatie", body = Prestatie)))]
async fn objective(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Prestatie::from(s.services.objective(&user.actor(), id).await?)).into_response())
}

/// Replace a performance objective (its programme stays).
#[utoipa::path(put, path = "/prestaties/{id}", tag = "prestaties", operation_id = "prestatie-wijzigen",
    params(("id" = i64, Path, description = "Id van de prestatie")),
    request_body = PrestatieInvoer,
    responses((status = 200, description = "Gewijzigd", body = Prestatie),
      (status = 409, description = "De code is al in gebruik", body = super::Problem, content_type = "application/problem+json")))]
async fn update_objective(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<PrestatieInvoer>,
) -> ApiResult<Response> {
    s.services.update_objective(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(Prestatie::from(s.services.objective(&user.actor(), id).await?)).into_response())
}

/// Delete a performance objective with its actions and indicators; refused while a frozen
/// year keeps values of it.
#[utoipa::path(delete, path = "/prestaties/{id}", tag = "prestaties", operation_id = "prestatie-verwijderen",
    params(("id" = i64, Path, description = "Id van de prestatie")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Een bevroren jaar bewaart waarden van deze prestatie", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_objective(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_objective(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Actions

/// An action as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ActieInvoer {
    /// The action as the budget writes it (required).
    #[schema(example = "Wij bevorderen de samenwerking tussen ondernemers en kennisinstellingen.")]
    #[schema(required, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")]
    pub tekst: Option<String>,
    /// Position in the list; without it a new action goes last and a changed one stays.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>, example = 1)]
    pub volgorde: Option<String>,
}

/// A stored action.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Actie {
    pub id: i64,
    pub prestatie_id: i64,
    pub volgorde: i64,
    pub tekst: String,
}

impl From<ActionRecord> for Actie {
    fn from(r: ActionRecord) -> Self {
        Actie {
            id: r.id,
            prestatie_id: r.objective_id,
            volgorde: r.position,
            tekst: r.text,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Acties {
    pub items: Vec<Actie>,
    pub totaal: i64,
}

/// The actions of a performance objective, in order.
#[utoipa::path(get, path = "/prestaties/{id}/acties", tag = "prestaties", operation_id = "prestatie-acties-lijst",
    params(("id" = i64, Path, description = "Id van de prestatie")),
    responses((status = 200, description = "De acties", body = Acties)))]
async fn actions(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Actie> = s
        .services
        .actions(&user.actor(), id)
        .await?
        .into_iter()
        .map(Actie::from)
        .collect();
    Ok(axum::Json(Acties {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

/// Add an action to a performance objective.
#[utoipa::path(post, path = "/prestaties/{id}/acties", tag = "prestaties", operation_id = "actie-aanmaken",
    params(("id" = i64, Path, description = "Id van de prestatie")),
    request_body = ActieInvoer,
    responses((status = 201, description = "Aangemaakt", body = Actie)))]
async fn create_action(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(objective): ApiId,
    ApiJson(body): ApiJson<ActieInvoer>,
) -> ApiResult<Response> {
    let id = s
        .services
        .create_action(
            &user.actor(),
            objective,
            body.tekst.as_deref().unwrap_or_default(),
            body.volgorde.as_deref(),
        )
        .await?;
    let a = Actie::from(s.services.action(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/acties/{id}"), a))
}

/// One action.
#[utoipa::path(get, path = "/acties/{id}", tag = "acties", operation_id = "actie-ophalen",
    params(("id" = i64, Path, description = "Id van de actie")),
    responses((status = 200, description = "De actie", body = Actie)))]
async fn action(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Actie::from(s.services.action(&user.actor(), id).await?)).into_response())
}

/// Replace an action's text (and position, when given).
#[utoipa::path(put, path = "/acties/{id}", tag = "acties", operation_id = "actie-wijzigen",
    params(("id" = i64, Path, description = "Id van de actie")),
    request_body = ActieInvoer,
    responses((status = 200, description = "Gewijzigd", body = Actie)))]
async fn update_action(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ActieInvoer>,
) -> ApiResult<Response> {
    s.services
        .update_action(
            &user.actor(),
            id,
            body.tekst.as_deref().unwrap_or_default(),
            body.volgorde.as_deref(),
        )
        .await?;
    Ok(axum::Json(Actie::from(s.services.action(&user.actor(), id).await?)).into_response())
}

/// Delete an action with its indicators; refused while a frozen year keeps values of them.
#[utoipa::path(delete, path = "/acties/{id}", tag = "acties", operation_id = "actie-verwijderen",
    params(("id" = i64, Path, description = "Id van de actie")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Een bevroren jaar bewaart waarden van deze actie", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_action(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_action(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Indicators

/// An indicator as it is written (create, replace). A counted indicator takes only the
/// filters its count knows; any other is refused.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct IndicatorInvoer {
    /// As it reads in the results (required), e.g. "Aantal ontmoetingen/evenementen".
    #[schema(example = "Aantal ontmoetingen/evenementen")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// What is counted (required): evenementen, deelnemers, consortia, consortia-privaat,
    /// consortia-publiek-privaat, ondersteunde-organisaties, spin-offs, launching-customer,
    /// actieve-netwerkleden, actieve-netwerken, aanvragen, toekenningen; or handmatig (values
    /// entered by hand with their source).
    #[schema(example = "evenementen")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::accountability::Measure>)]
    pub telling: Option<String>,
    #[schema(max_length = 50)]
    pub eenheid: Option<String>,
    /// minimaal (default: the target is a floor) or maximaal (a ceiling).
    #[schema(example = "minimaal")]
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::accountability::Comparison>)]
    pub vergelijking: Option<String>,
    /// The value at the start.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>)]
    pub nulmeting: Option<String>,
    /// How the report writes the value: exact (default, "163") or meer-dan (">160", rounded
    /// down to afronding).
    #[schema(example = "exact")]
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::accountability::Display>)]
    pub weergave: Option<String>,
    /// The step of meer-dan (required with it), e.g. 10.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>)]
    pub afronding: Option<String>,
    /// Position under the action; without it a new indicator goes last.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>)]
    pub volgorde: Option<String>,
    /// Filter: theme id.
    #[serde(deserialize_with = "super::opt_id")]
    pub thema_id: Option<i64>,
    /// Filter: network id.
    #[serde(deserialize_with = "super::opt_id")]
    pub netwerk_id: Option<i64>,
    /// Filter: support instrument, e.g. innovatievoucher.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::SupportInstrument>)]
    pub instrument: Option<String>,
    /// Filter: kind of organisation, e.g. mkb.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::OrganisationKind>)]
    pub soort_organisatie: Option<String>,
    /// Filter: CBS municipality code, e.g. GM0193.
    pub gemeente: Option<String>,
}

impl From<IndicatorInvoer> for IndicatorInput {
    fn from(v: IndicatorInvoer) -> Self {
        IndicatorInput {
            name: v.naam.unwrap_or_default(),
            measure: v.telling,
            unit: v.eenheid,
            comparison: v.vergelijking,
            baseline: v.nulmeting,
            display: v.weergave,
            display_step: v.afronding,
            position: v.volgorde,
            theme_id: v.thema_id,
            network_id: v.netwerk_id,
            instrument: v.instrument,
            organisation_kind: v.soort_organisatie,
            municipality_code: v.gemeente,
        }
    }
}

/// A target of an indicator: one year, or a period of years.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Doel {
    pub id: i64,
    pub vanaf_jaar: i32,
    pub tot_en_met_jaar: i32,
    pub waarde: i64,
}

/// A stored indicator with its targets.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Indicator {
    pub id: i64,
    pub actie_id: i64,
    pub prestatie_id: i64,
    pub naam: String,
    #[schema(example = "evenementen")]
    pub telling: String,
    pub eenheid: Option<String>,
    #[schema(example = "minimaal")]
    pub vergelijking: String,
    pub nulmeting: Option<i64>,
    #[schema(example = "exact")]
    pub weergave: String,
    pub afronding: Option<i64>,
    pub volgorde: Option<i64>,
    pub thema_id: Option<i64>,
    pub netwerk_id: Option<i64>,
    pub instrument: Option<String>,
    pub soort_organisatie: Option<String>,
    pub gemeente: Option<String>,
    pub doelen: Vec<Doel>,
}

impl From<IndicatorRecord> for Indicator {
    fn from(r: IndicatorRecord) -> Self {
        let d = r.data;
        let f = d.filters;
        Indicator {
            id: r.id,
            actie_id: r.action_id,
            prestatie_id: r.objective_id,
            naam: d.name,
            telling: d.measure.code().to_string(),
            eenheid: d.unit,
            vergelijking: d.comparison.code().to_string(),
            nulmeting: d.baseline,
            weergave: d.display.code().to_string(),
            afronding: d.display_step,
            volgorde: d.position,
            thema_id: f.theme_id,
            netwerk_id: f.network_id,
            instrument: f.instrument.map(|i| i.code().to_string()),
            soort_organisatie: f.organisation_kind.map(|k| k.code().to_string()),
            gemeente: f.municipality.map(|m| m.as_str().to_string()),
            doelen: r
                .targets
                .into_iter()
                .map(|(id, t)| Doel {
                    id,
                    vanaf_jaar: t.from_year,
                    tot_en_met_jaar: t.to_year,
                    waarde: t.value,
                })
                .collect(),
        }
    }
}

async fn one_indicator(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Indicator> {
    Ok(Indicator::from(s.services.indicator(&user.actor(), id).await?))
}

/// Add an indicator to an action.
#[utoipa::path(post, path = "/acties/{id}/indicatoren", tag = "acties", operation_id = "indicator-aanmaken",
    params(("id" = i64, Path, description = "Id van de actie")),
    request_body = IndicatorInvoer,
    responses((status = 201, description = "Aangemaakt", body = Indicator)))]
async fn create_indicator(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(action): ApiId,
    ApiJson(body): ApiJson<IndicatorInvoer>,
) -> ApiResult<Response> {
    s.services.action(&user.actor(), action).await?;
    let id = s
        .services
        .create_indicator(&user.actor(), Some(action), body.into())
        .await?;
    Ok(created(
        format!("/api/v1/indicatoren/{id}"),
        one_indicator(&s, &user, id).await?,
    ))
}

/// One indicator with its targets.
#[utoipa::path(get, path = "/indicatoren/{id}", tag = "indicatoren", operation_id = "indicator-ophalen",
    params(("id" = i64, Path, description = "Id van de indicator")),
    responses((status = 200, description = "De indicator", body = Indicator)))]
async fn indicator(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one_indicator(&s, &user, id).await?).into_response())
}

/// Replace an indicator (its targets are kept). What it counts cannot change while a frozen
/// year keeps a value of it.
#[utoipa::path(put, path = "/indicatoren/{id}", tag = "indicatoren", operation_id = "indicator-wijzigen",
    params(("id" = i64, Path, description = "Id van de indicator")),
    request_body = IndicatorInvoer,
    responses((status = 200, description = "Gewijzigd", body = Indicator)))]
async fn update_indicator(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<IndicatorInvoer>,
) -> ApiResult<Response> {
    s.services.update_indicator(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one_indicator(&s, &user, id).await?).into_response())
}

/// Delete an indicator; refused while a frozen year keeps a value of it.
#[utoipa::path(delete, path = "/indicatoren/{id}", tag = "indicatoren", operation_id = "indicator-verwijderen",
    params(("id" = i64, Path, description = "Id van de indicator")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Een bevroren jaar bewaart een waarde van deze indicator", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_indicator(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_indicator(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A target as it is written: one year (vanafJaar only) or a period.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct DoelInvoer {
    /// First year (required).
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2016)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub vanaf_jaar: Option<String>,
    /// Last year of a period; empty for a target of one year.
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2019)]
    #[schema(minimum = 2000, maximum = 2100)]
    pub tot_en_met_jaar: Option<String>,
    /// The target (required, not negative).
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>, example = 6000)]
    #[schema(required, nullable = false)]
    pub waarde: Option<String>,
}

/// Set the target of an indicator for a year or a period (replacing one for the same period).
#[utoipa::path(post, path = "/indicatoren/{id}/doelen", tag = "indicatoren", operation_id = "indicator-doel-zetten",
    params(("id" = i64, Path, description = "Id van de indicator")),
    request_body = DoelInvoer,
    responses((status = 201, description = "Vastgelegd; de indicator met zijn doelen", body = Indicator)))]
async fn set_target(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<DoelInvoer>,
) -> ApiResult<Response> {
    s.services
        .set_target(
            &user.actor(),
            id,
            body.vanaf_jaar.as_deref(),
            body.tot_en_met_jaar.as_deref(),
            body.waarde.as_deref(),
        )
        .await?;
    Ok(created(
        format!("/api/v1/indicatoren/{id}"),
        one_indicator(&s, &user, id).await?,
    ))
}

/// Delete a target; refused when its period touches a frozen year.
#[utoipa::path(delete, path = "/indicatoren/{id}/doelen/{doelId}", tag = "indicatoren", operation_id = "indicator-doel-verwijderen",
    params(("id" = i64, Path, description = "Id van de indicator"), ("doelId" = i64, Path, description = "Id van het doel")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Het doel raakt een bevroren jaar", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_target(State(s): State<AppState>, user: ApiUser, ApiIds(id, target): ApiIds) -> ApiResult<Response> {
    s.services.delete_target(&user.actor(), id, target).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A value entered by hand as it is written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct WaardeInvoer {
    /// The year (required).
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2017)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub jaar: Option<String>,
    /// The value (required).
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i64>, example = 12)]
    #[schema(required, nullable = false)]
    pub waarde: Option<String>,
    /// Where the value comes from (required).
    #[schema(example = "Jaarrapportage Oost NL 2017")]
    #[schema(required, nullable = false, min_length = 1, max_length = 500, pattern = r"\S")]
    pub bron: Option<String>,
}

/// A value entered by hand, with its source.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Waarde {
    pub jaar: i32,
    pub waarde: i64,
    pub bron: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Waarden {
    pub items: Vec<Waarde>,
    pub totaal: i64,
}

/// The values entered by hand for an indicator, by year.
#[utoipa::path(get, path = "/indicatoren/{id}/waarden", tag = "indicatoren", operation_id = "indicator-waarden-lijst",
    params(("id" = i64, Path, description = "Id van de indicator")),
    responses((status = 200, description = "De waarden", body = Waarden)))]
async fn manual_values(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.indicator(&user.actor(), id).await?;
    let items: Vec<Waarde> = s
        .services
        .manual_values(&user.actor(), id)
        .await?
        .into_iter()
        .map(|(jaar, waarde, bron)| Waarde { jaar, waarde, bron })
        .collect();
    Ok(axum::Json(Waarden {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

/// Enter the value of a year by hand, with its source (indicators with telling handmatig;
/// replaces the year's value).
#[utoipa::path(post, path = "/indicatoren/{id}/waarden", tag = "indicatoren", operation_id = "indicator-waarde-zetten",
    params(("id" = i64, Path, description = "Id van de indicator")),
    request_body = WaardeInvoer,
    responses((status = 201, description = "Vastgelegd", body = Waarde)))]
async fn set_manual_value(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<WaardeInvoer>,
) -> ApiResult<Response> {
    s.services
        .set_manual_value(
            &user.actor(),
            id,
            body.jaar.as_deref(),
            body.waarde.as_deref(),
            body.bron.as_deref(),
        )
        .await?;
    let year = body.jaar.as_deref().and_then(|y| y.trim().parse::<i32>().ok());
    let value = s
        .services
        .manual_values(&user.actor(), id)
        .await?
        .into_iter()
        .find(|(y, _, _)| Some(*y) == year)
        .map(|(jaar, waarde, bron)| Waarde { jaar, waarde, bron })
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(created(
        format!("/api/v1/indicatoren/{id}/waarden/{}", value.jaar),
        value,
    ))
}

/// Delete the value of a year; refused for a frozen year.
#[utoipa::path(delete, path = "/indicatoren/{id}/waarden/{jaar}", tag = "indicatoren", operation_id = "indicator-waarde-verwijderen",
    params(("id" = i64, Path, description = "Id van de indicator"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Het jaar is bevroren", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_manual_value(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, year): ApiIds,
) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services.delete_manual_value(&user.actor(), id, year).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The year of a drill-down.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JaarParameter {
    /// The year, e.g. 2017.
    #[param(minimum = 2000, maximum = 2100)]
    pub jaar: i32,
}

/// A record an indicator counts.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GeteldRecord {
    /// Where the record is in the web interface, e.g. /evenementen/12.
    pub pad: String,
    pub naam: String,
    /// The record's date in the count (an event's day, a project's start, a spin-off's date).
    #[schema(format = Date, value_type = Option<String>)]
    pub datum: Option<String>,
}

/// The records behind an indicator's value in a year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GeteldeRecords {
    pub indicator_id: i64,
    pub jaar: i32,
    /// The indicator's value in the year: the frozen value in a frozen year, else the live count.
    pub gerealiseerd: Option<i64>,
    /// Whether `gerealiseerd` is the frozen value (the records are always today's).
    pub bevroren: bool,
    pub items: Vec<GeteldRecord>,
    /// Number of records listed.
    pub totaal: i64,
    /// The most records the list holds.
    pub maximum: i64,
}

/// The records an indicator counts in a year (at most 1000), with its value. Values entered
/// by hand have none.
#[utoipa::path(get, path = "/indicatoren/{id}/records", tag = "indicatoren", operation_id = "indicator-records",
    params(("id" = i64, Path, description = "Id van de indicator"), JaarParameter),
    responses((status = 200, description = "De getelde records", body = GeteldeRecords)))]
async fn indicator_records(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiQuery(q): ApiQuery<JaarParameter>,
) -> ApiResult<Response> {
    let year = path_year(i64::from(q.jaar))?;
    let (iy, records) = s.services.indicator_records(&user.actor(), id, year).await?;
    let items: Vec<GeteldRecord> = records
        .into_iter()
        .map(|c| GeteldRecord {
            pad: c.path,
            naam: c.name,
            datum: c.date.map(|d| d.chars().take(10).collect()),
        })
        .collect();
    Ok(axum::Json(GeteldeRecords {
        indicator_id: id,
        jaar: year,
        gerealiseerd: iy.realised,
        bevroren: iy.frozen,
        totaal: total(items.len()),
        items,
        maximum: middenveld_services::accountability::DRILL_LIMIT,
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// An objective's year: indicators against targets, the progress note, the finances

/// A frozen year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BevrorenJaar {
    pub jaar: i32,
    /// When it was frozen (RFC 3339, UTC).
    pub bevroren_op: String,
    /// Who froze it.
    pub bevroren_door: String,
}

impl From<FrozenYear> for BevrorenJaar {
    fn from(f: FrozenYear) -> Self {
        BevrorenJaar {
            jaar: f.year,
            bevroren_op: f.frozen_at,
            bevroren_door: f.frozen_by,
        }
    }
}

/// A target over a period that covers the year, with the value realised over the period so far.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodeDoel {
    pub vanaf_jaar: i32,
    pub tot_en_met_jaar: i32,
    pub doel: i64,
    /// Realised from the first year of the period up to and including this year.
    pub gerealiseerd: i64,
    #[schema(example = "op-koers")]
    pub status: String,
}

/// An indicator in one year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorJaar {
    pub indicator_id: i64,
    pub actie_id: i64,
    pub naam: String,
    #[schema(example = "evenementen")]
    pub telling: String,
    pub eenheid: Option<String>,
    #[schema(example = "minimaal")]
    pub vergelijking: String,
    /// The value of the year; null for a value by hand not yet entered.
    pub gerealiseerd: Option<i64>,
    /// The value as the report writes it: "163", ">160", or "—".
    #[schema(example = ">160")]
    pub gerealiseerd_tekst: String,
    /// Where a value entered by hand comes from.
    pub bron: Option<String>,
    /// The target of the year itself.
    pub doel: Option<i64>,
    /// gehaald, op-koers, achter, niet-gehaald or geen-doel.
    #[schema(example = "gehaald")]
    pub status: String,
    pub periode: Option<PeriodeDoel>,
    /// Whether the value is the one kept when the year was frozen.
    pub bevroren: bool,
}

impl From<&IndicatorYear> for IndicatorJaar {
    fn from(iy: &IndicatorYear) -> Self {
        let d = &iy.indicator.data;
        IndicatorJaar {
            indicator_id: iy.indicator.id,
            actie_id: iy.indicator.action_id,
            naam: d.name.clone(),
            telling: d.measure.code().to_string(),
            eenheid: d.unit.clone(),
            vergelijking: d.comparison.code().to_string(),
            gerealiseerd: iy.realised,
            gerealiseerd_tekst: iy.display(),
            bron: iy.source.clone(),
            doel: iy.target.map(|t| t.value),
            status: iy.status.code().to_string(),
            periode: iy.period.map(|(t, v, status)| PeriodeDoel {
                vanaf_jaar: t.from_year,
                tot_en_met_jaar: t.to_year,
                doel: t.value,
                gerealiseerd: v,
                status: status.code().to_string(),
            }),
            bevroren: iy.frozen,
        }
    }
}

/// A line of the finances as it is written and read.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct FinancienRegel {
    /// onderuitputting (adds to the balance), tekort (subtracts), onttrekking-reserve,
    /// toevoeging-reserve, externe-inkomsten, resultaatbestemming or begrotingswijziging.
    #[schema(example = "onderuitputting")]
    pub soort: Option<String>,
    /// Euros, not negative.
    #[schema(example = "246000.00")]
    pub bedrag: Option<String>,
    /// The sentence(s) of the report.
    pub tekst: Option<String>,
}

/// The finances of a year as they are written. Errors in a line name regelSoort,
/// regelBedrag or regelTekst.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct FinancienInvoer {
    /// Euros.
    #[schema(example = "1200000.00")]
    pub begroot: Option<String>,
    /// Euros.
    #[schema(example = "1055000.00")]
    pub gerealiseerd: Option<String>,
    /// Euros (required); negative for a shortfall.
    #[schema(example = "145000.00")]
    pub saldo: Option<String>,
    /// What the balance is made of.
    pub samenstelling: Option<String>,
    #[serde(deserialize_with = "super::objects")]
    pub regels: Vec<FinancienRegel>,
    /// The lines do not add up to the balance (or budget minus realised differs from it) and
    /// this is recorded on purpose; without it such finances are refused.
    pub afwijking_gezien: bool,
}

/// The finances of an objective in a year.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Financien {
    pub jaar: i32,
    /// Euros.
    pub begroot: Option<String>,
    /// Euros.
    pub gerealiseerd: Option<String>,
    /// Euros.
    #[schema(example = "145000.00")]
    pub saldo: String,
    pub samenstelling: Option<String>,
    pub regels: Vec<FinancienRegel>,
    /// The sum of the lines that explain the balance (onderuitputting minus tekort), euros.
    #[schema(example = "145000.00")]
    pub verklaard: String,
    pub afwijking_gezien: bool,
}

impl From<Finance> for Financien {
    fn from(f: Finance) -> Self {
        Financien {
            jaar: f.year,
            begroot: f.budget.map(plain),
            gerealiseerd: f.realised.map(plain),
            saldo: plain(f.balance),
            samenstelling: f.composition.clone(),
            verklaard: plain(f.explained()),
            regels: f
                .lines
                .into_iter()
                .map(|l| FinancienRegel {
                    soort: Some(l.kind.code().to_string()),
                    bedrag: Some(plain(l.amount)),
                    tekst: Some(l.text),
                })
                .collect(),
            afwijking_gezien: f.acknowledged,
        }
    }
}

/// A performance objective in one year: its actions, its indicators against their targets,
/// its progress note and its finances.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrestatieJaar {
    pub prestatie: Prestatie,
    pub jaar: i32,
    /// Set when the year is frozen.
    pub bevroren: Option<BevrorenJaar>,
    pub acties: Vec<Actie>,
    pub indicatoren: Vec<IndicatorJaar>,
    /// The progress note ("Toelichting op voortgang"); a line `[resultaten]` marks where the
    /// results go.
    pub toelichting: Option<String>,
    pub financien: Option<Financien>,
}

impl From<ObjectiveYear> for PrestatieJaar {
    fn from(oy: ObjectiveYear) -> Self {
        PrestatieJaar {
            indicatoren: oy.indicators.iter().map(IndicatorJaar::from).collect(),
            prestatie: Prestatie::from(oy.objective),
            jaar: oy.year,
            bevroren: oy.frozen.map(BevrorenJaar::from),
            acties: oy.actions.into_iter().map(Actie::from).collect(),
            toelichting: oy.note,
            financien: oy.finance.map(Financien::from),
        }
    }
}

/// A performance objective in a year: indicators with realised value, target and status (the
/// frozen values in a frozen year), the progress note and the finances.
#[utoipa::path(get, path = "/prestaties/{id}/jaren/{jaar}", tag = "prestaties", operation_id = "prestatie-jaar-ophalen",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar, bijvoorbeeld 2017")),
    responses((status = 200, description = "De prestatie in het jaar", body = PrestatieJaar)))]
async fn objective_year(State(s): State<AppState>, user: ApiUser, ApiIds(id, year): ApiIds) -> ApiResult<Response> {
    let year = path_year(year)?;
    let oy = s.services.objective_year(&user.actor(), id, year).await?;
    Ok(axum::Json(PrestatieJaar::from(oy)).into_response())
}

/// The progress note of a year.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Toelichting {
    /// The note (required). Blank lines separate paragraphs; lines starting with "•" or "-"
    /// make a list; a line `[resultaten]` marks where the results go.
    #[schema(example = "In 2017 is het netwerk gegroeid.\n\n[resultaten]")]
    pub tekst: Option<String>,
}

/// The progress note of an objective in a year.
#[utoipa::path(get, path = "/prestaties/{id}/jaren/{jaar}/toelichting", tag = "prestaties", operation_id = "prestatie-toelichting-ophalen",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "De toelichting", body = Toelichting)))]
async fn progress_note(State(s): State<AppState>, user: ApiUser, ApiIds(id, year): ApiIds) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services.objective(&user.actor(), id).await?;
    let tekst = s
        .services
        .progress_note(&user.actor(), id, year)
        .await?
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(axum::Json(Toelichting { tekst: Some(tekst) }).into_response())
}

/// Write the progress note of a year; refused for a frozen year.
#[utoipa::path(put, path = "/prestaties/{id}/jaren/{jaar}/toelichting", tag = "prestaties", operation_id = "prestatie-toelichting-zetten",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    request_body = Toelichting,
    responses((status = 200, description = "Vastgelegd", body = Toelichting)))]
async fn set_progress_note(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, year): ApiIds,
    ApiJson(body): ApiJson<Toelichting>,
) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services
        .set_progress_note(
            &user.actor(),
            id,
            Some(&year.to_string()),
            body.tekst.as_deref().unwrap_or_default(),
        )
        .await?;
    let tekst = s.services.progress_note(&user.actor(), id, year).await?;
    Ok(axum::Json(Toelichting { tekst }).into_response())
}

/// The finances of an objective in a year.
#[utoipa::path(get, path = "/prestaties/{id}/jaren/{jaar}/financien", tag = "prestaties", operation_id = "prestatie-financien-ophalen",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "De financiën", body = Financien)))]
async fn finance(State(s): State<AppState>, user: ApiUser, ApiIds(id, year): ApiIds) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services.objective(&user.actor(), id).await?;
    let f = s
        .services
        .finance(&user.actor(), id, year)
        .await?
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(axum::Json(Financien::from(f)).into_response())
}

/// Replace the finances of a year; refused for a frozen year. Lines that do not add up to the
/// balance are refused (422 on afwijkingGezien) until afwijkingGezien is true.
#[utoipa::path(put, path = "/prestaties/{id}/jaren/{jaar}/financien", tag = "prestaties", operation_id = "prestatie-financien-zetten",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    request_body = FinancienInvoer,
    responses((status = 200, description = "Vastgelegd", body = Financien)))]
async fn set_finance(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, year): ApiIds,
    ApiJson(body): ApiJson<FinancienInvoer>,
) -> ApiResult<Response> {
    let year = path_year(year)?;
    let input = FinanceInput {
        year: Some(year.to_string()),
        budget: body.begroot,
        realised: body.gerealiseerd,
        balance: body.saldo,
        composition: body.samenstelling,
        lines: body
            .regels
            .into_iter()
            .map(|l| FinanceLineInput {
                kind: l.soort,
                amount: l.bedrag,
                text: l.tekst,
            })
            .collect(),
        acknowledged: body.afwijking_gezien,
    };
    s.services.set_finance(&user.actor(), id, input).await?;
    let f = s
        .services
        .finance(&user.actor(), id, year)
        .await?
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(axum::Json(Financien::from(f)).into_response())
}

/// Delete the finances of a year; refused for a frozen year.
#[utoipa::path(delete, path = "/prestaties/{id}/jaren/{jaar}/financien", tag = "prestaties", operation_id = "prestatie-financien-verwijderen",
    params(("id" = i64, Path, description = "Id van de prestatie"), ("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 204, description = "Verwijderd"),
      (status = 422, description = "Het jaar is bevroren", body = super::Problem, content_type = "application/problem+json")))]
async fn delete_finance(State(s): State<AppState>, user: ApiUser, ApiIds(id, year): ApiIds) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services.delete_finance(&user.actor(), id, year).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// Frozen years

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BevrorenJaren {
    pub items: Vec<BevrorenJaar>,
    pub totaal: i64,
}

/// The year to freeze.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct BevriezenInvoer {
    /// The year (required).
    #[serde(deserialize_with = "super::number_text", serialize_with = "super::number_json")]
    #[schema(value_type = Option<i32>, example = 2017)]
    #[schema(required, nullable = false, minimum = 2000, maximum = 2100)]
    pub jaar: Option<String>,
}

/// The frozen years, latest first.
#[utoipa::path(get, path = "/bevroren-jaren", tag = "bevroren-jaren", operation_id = "bevroren-jaren-lijst",
    responses((status = 200, description = "De bevroren jaren", body = BevrorenJaren)))]
async fn frozen_years(State(s): State<AppState>, user: ApiUser) -> ApiResult<Response> {
    let items: Vec<BevrorenJaar> = s
        .services
        .frozen_years(&user.actor())
        .await?
        .into_iter()
        .map(BevrorenJaar::from)
        .collect();
    Ok(axum::Json(BevrorenJaren {
        totaal: total(items.len()),
        items,
    })
    .into_response())
}

async fn one_frozen_year(s: &AppState, user: &ApiUser, year: i32) -> ApiResult<BevrorenJaar> {
    s.services
        .frozen_years(&user.actor())
        .await?
        .into_iter()
        .find(|f| f.year == year)
        .map(BevrorenJaar::from)
        .ok_or_else(|| middenveld_services::ServiceError::NotFound.into())
}

/// Freeze a year: every indicator's value is kept as it is now, and the year's targets,
/// values, notes and finances can no longer change (a frozen year is a 422 on jaar).
#[utoipa::path(post, path = "/bevroren-jaren", tag = "bevroren-jaren", operation_id = "jaar-bevriezen",
    request_body = BevriezenInvoer,
    responses((status = 201, description = "Bevroren", body = BevrorenJaar)))]
async fn freeze_year(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<BevriezenInvoer>,
) -> ApiResult<Response> {
    s.services.freeze_year(&user.actor(), body.jaar.as_deref()).await?;
    let year = body
        .jaar
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .unwrap_or_default();
    let f = one_frozen_year(&s, &user, year).await?;
    Ok(created(format!("/api/v1/bevroren-jaren/{year}"), f))
}

/// One frozen year.
#[utoipa::path(get, path = "/bevroren-jaren/{jaar}", tag = "bevroren-jaren", operation_id = "bevroren-jaar-ophalen",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "Het bevroren jaar", body = BevrorenJaar)))]
async fn frozen_year(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    let year = path_year(year)?;
    Ok(axum::Json(one_frozen_year(&s, &user, year).await?).into_response())
}

/// Unfreeze a year (administrators only; recorded in the audit log).
#[utoipa::path(delete, path = "/bevroren-jaren/{jaar}", tag = "bevroren-jaren", operation_id = "jaar-ontdooien",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 204, description = "Ontdooid")))]
async fn unfreeze_year(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    let year = path_year(year)?;
    s.services.unfreeze_year(&user.actor(), year).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------------------------------------
// The annual report

/// A piece of a chapter.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Blok {
    /// kop (heading), alinea (paragraph), label (a bold label), opsomming (bullets) or
    /// nummering (numbered list).
    #[schema(example = "kop")]
    pub soort: String,
    /// Heading level within the chapter: 1 for its sections (Context, Acties, Toelichting op
    /// voortgang, Financiën, Basisinformatie), 2 below them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub niveau: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tekst: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
}

impl From<Block> for Blok {
    fn from(b: Block) -> Self {
        let (soort, niveau, tekst, items) = match b {
            Block::Heading { level, text } => ("kop", Some(level), Some(text), None),
            Block::Paragraph(t) => ("alinea", None, Some(t), None),
            Block::Label(t) => ("label", None, Some(t), None),
            Block::Bullets(items) => ("opsomming", None, None, Some(items)),
            Block::Numbered(items) => ("nummering", None, None, Some(items)),
        };
        Blok {
            soort: soort.to_string(),
            niveau,
            tekst,
            items,
        }
    }
}

/// The chapter of one performance objective.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Hoofdstuk {
    pub prestatie_id: i64,
    pub programma_id: i64,
    pub programma: String,
    #[schema(example = "5.3.2")]
    pub code: String,
    #[schema(example = "Innovatie")]
    pub naam: String,
    /// "5.3.2 Innovatie".
    pub titel: String,
    /// The chapter below its title, in order.
    pub blokken: Vec<Blok>,
}

/// The annual report of a year: a chapter per performance objective.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Jaarverslag {
    pub jaar: i32,
    /// "Jaarverslag 2017".
    pub titel: String,
    /// Set when the year is frozen (its figures are final).
    pub bevroren: Option<BevrorenJaar>,
    pub hoofdstukken: Vec<Hoofdstuk>,
}

impl From<AnnualReport> for Jaarverslag {
    fn from(r: AnnualReport) -> Self {
        let titel = r.title();
        Jaarverslag {
            jaar: r.year,
            titel,
            bevroren: r.frozen.map(BevrorenJaar::from),
            hoofdstukken: r
                .chapters
                .into_iter()
                .map(|(oy, chapter)| Hoofdstuk {
                    prestatie_id: oy.objective.id,
                    programma_id: oy.objective.programme_id,
                    programma: oy.objective.programme_name,
                    titel: chapter.title(),
                    // Level 0 is the chapter's title (given as titel); its sections are 1.
                    blokken: chapter.blocks(0).into_iter().skip(1).map(Blok::from).collect(),
                    code: chapter.code,
                    naam: chapter.name,
                })
                .collect(),
        }
    }
}

/// A Word document (.docx).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct DocxBestand(Vec<u8>);

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async fn report(s: &AppState, user: &ApiUser, year: i64) -> ApiResult<AnnualReport> {
    let year = path_year(year)?;
    Ok(s.services.annual_report(&user.actor(), year).await?)
}

/// A file to download, never cached.
fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Writes a file off the async runtime.
async fn render(
    report: AnnualReport,
    f: impl FnOnce(&AnnualReport) -> middenveld_services::Result<Vec<u8>> + Send + 'static,
) -> ApiResult<Vec<u8>> {
    match tokio::task::spawn_blocking(move || f(&report)).await {
        Ok(r) => Ok(r?),
        Err(e) => Err(middenveld_services::ServiceError::Internal(e.to_string()).into()),
    }
}

/// The annual report of a year: a chapter per performance objective (those of programmes
/// running in the year, or with a note, finances or a target for it), each with its sections
/// Context, Acties, Toelichting op voortgang, Financiën and Basisinformatie.
#[utoipa::path(get, path = "/jaarverslagen/{jaar}", tag = "jaarverslagen", operation_id = "jaarverslag-ophalen",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar, bijvoorbeeld 2017")),
    responses((status = 200, description = "Het jaarverslag", body = Jaarverslag)))]
async fn annual_report(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Jaarverslag::from(report(&s, &user, year).await?)).into_response())
}

/// The annual report as Markdown.
#[utoipa::path(get, path = "/jaarverslagen/{jaar}/markdown", tag = "jaarverslagen", operation_id = "jaarverslag-markdown",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "Het jaarverslag in Markdown", content((String = "text/markdown")))))]
async fn annual_report_markdown(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    let md = report(&s, &user, year).await?.markdown();
    let mut r = md.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/markdown; charset=utf-8"),
    );
    Ok(r)
}

/// The annual report as a Word document (jaarverslag-JAAR.docx).
#[utoipa::path(get, path = "/jaarverslagen/{jaar}/docx", tag = "jaarverslagen", operation_id = "jaarverslag-docx",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "Het jaarverslag als Word-document", content(
        (DocxBestand = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")))))]
async fn annual_report_docx(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    let r = report(&s, &user, year).await?;
    let name = format!("jaarverslag-{}.docx", r.year);
    let bytes = render(r, AnnualReport::docx).await?;
    Ok(file(bytes, DOCX_TYPE, &name))
}

/// Every indicator of the annual report as a spreadsheet (jaarverslag-JAAR-indicatoren.xlsx):
/// programme, objective, indicator, target, realised value, status, period target, source.
#[utoipa::path(get, path = "/jaarverslagen/{jaar}/indicatoren", tag = "jaarverslagen", operation_id = "jaarverslag-indicatoren",
    params(("jaar" = i32, Path, minimum = 2000, maximum = 2100, description = "Het jaar")),
    responses((status = 200, description = "De indicatoren als Excel-werkblad", content(
        (super::export::XlsxBestand = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
async fn annual_report_indicators(State(s): State<AppState>, user: ApiUser, ApiId(year): ApiId) -> ApiResult<Response> {
    let r = report(&s, &user, year).await?;
    let name = format!("jaarverslag-{}-indicatoren.xlsx", r.year);
    let bytes = render(r, AnnualReport::indicators_xlsx).await?;
    Ok(file(bytes, XLSX_TYPE, &name))
}
