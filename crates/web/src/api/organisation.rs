//! Organisations in the API (`/organisaties`). The input type is shared with the HTML form,
//! so form fields and API fields have the same names.

use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, JourneyStage, OrganisationKind};
use middenveld_domain::organisation::{Organisation, OrganisationInput};
use middenveld_services::store::organisation::{
    OrganisationFilter, OrganisationRecord, OrganisationSort, OrganisationSummary,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// An organisation as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganisatieInvoer {
    /// Statutory name (required).
    #[schema(example = "Coöperatie De Groene Schakel U.A.")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// 8 digits; spaces allowed. Unique.
    #[schema(example = "51048329")]
    #[schema(pattern = r"^([0-9]{8})?$")]
    pub kvk_nummer: Option<String>,
    /// mkb, grootbedrijf, kennisinstelling, intermediair, overheid, financier or overig (required).
    #[schema(example = "mkb")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::OrganisationKind>)]
    pub soort: Option<String>,
    /// micro, klein, middelgroot or groot.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::SizeClass>)]
    pub grootteklasse: Option<String>,
    /// SBI code, 2 to 5 digits (dots allowed).
    #[schema(pattern = r"^([0-9]{2,5})?$")]
    pub sbi_code: Option<String>,
    #[schema(max_length = 200)]
    pub adres: Option<String>,
    #[schema(example = "8011 AB")]
    #[schema(pattern = r"^([1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2})?$")]
    pub postcode: Option<String>,
    #[schema(max_length = 100)]
    pub plaats: Option<String>,
    /// CBS municipality code, e.g. GM0193.
    #[schema(example = "GM0193")]
    #[schema(pattern = r"^((GM)?[0-9]{1,4})?$")]
    pub gemeentecode: Option<String>,
    /// Journey stage: onbewust, geinteresseerd, plannen, implementeren or financieren-opschalen.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::JourneyStage>)]
    pub fase: Option<String>,
    /// Why the journey stage changes: required on a change (write only; the history is at
    /// `/organisaties/{id}/fasewijzigingen`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fase_reden: Option<String>,
    /// Id of the parent organisation of a spin-off.
    #[serde(deserialize_with = "super::opt_id")]
    pub spin_off_van: Option<i64>,
    /// Date of the spin-off (YYYY-MM-DD).
    // The ADR lint wants `format: date` on a date field; the API also reads "" as absent.
    #[schema(format = Date, value_type = Option<String>)]
    pub spin_off_datum: Option<String>,
    #[schema(max_length = 500, pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s.][^\s]*\.[^\s]*)?$")]
    pub website: Option<String>,
    #[schema(max_length = 5000)]
    pub toelichting: Option<String>,
    /// Theme ids.
    #[serde(deserialize_with = "super::ids")]
    pub themas: Vec<i64>,
}

impl From<OrganisatieInvoer> for OrganisationInput {
    fn from(v: OrganisatieInvoer) -> Self {
        OrganisationInput {
            name: v.naam.unwrap_or_default(),
            kvk_number: v.kvk_nummer,
            kind: v.soort,
            size_class: v.grootteklasse,
            sbi_code: v.sbi_code,
            address: v.adres,
            postcode: v.postcode,
            city: v.plaats,
            municipality_code: v.gemeentecode,
            journey_stage: v.fase,
            stage_reason: v.fase_reden,
            spin_off_of: v.spin_off_van,
            spin_off_date: v.spin_off_datum,
            website: v.website,
            description: v.toelichting,
            theme_ids: v.themas,
        }
    }
}

impl From<&Organisation> for OrganisatieInvoer {
    fn from(o: &Organisation) -> Self {
        OrganisatieInvoer {
            naam: Some(o.name.clone()),
            kvk_nummer: o.kvk_number.as_ref().map(ToString::to_string),
            soort: Some(o.kind.code().to_string()),
            grootteklasse: o.size_class.map(|s| s.code().to_string()),
            sbi_code: o.sbi_code.as_ref().map(|s| s.as_str().to_string()),
            adres: o.address.clone(),
            postcode: o.postcode.as_ref().map(ToString::to_string),
            plaats: o.city.clone(),
            gemeentecode: o.municipality_code.as_ref().map(ToString::to_string),
            fase: o.journey_stage.map(|s| s.code().to_string()),
            fase_reden: None,
            spin_off_van: o.spin_off_of,
            spin_off_datum: o.spin_off_date.map(|d| d.iso()),
            website: o.website.clone(),
            toelichting: o.description.clone(),
            themas: o.theme_ids.clone(),
        }
    }
}

/// A stored organisation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organisatie {
    pub id: i64,
    #[serde(flatten)]
    pub velden: OrganisatieInvoer,
    /// Name of the municipality.
    pub gemeente: Option<String>,
    /// Whether private or public-private follows from kind: see consortia on projects.
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<OrganisationRecord> for Organisatie {
    fn from(r: OrganisationRecord) -> Self {
        Organisatie {
            id: r.id,
            velden: OrganisatieInvoer::from(&r.data),
            gemeente: r.municipality_name,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// An organisation in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisatieSamenvatting {
    pub id: i64,
    pub naam: String,
    pub kvk_nummer: Option<String>,
    pub soort: String,
    pub plaats: Option<String>,
    pub gemeentecode: Option<String>,
    pub gemeente: Option<String>,
    pub fase: Option<String>,
    pub gewijzigd_op: String,
}

impl From<OrganisationSummary> for OrganisatieSamenvatting {
    fn from(s: OrganisationSummary) -> Self {
        OrganisatieSamenvatting {
            id: s.id,
            naam: s.name,
            kvk_nummer: s.kvk_number,
            soort: s.kind.code().to_string(),
            plaats: s.city,
            gemeentecode: s.municipality_code,
            gemeente: s.municipality_name,
            fase: s.journey_stage.map(|j| j.code().to_string()),
            gewijzigd_op: s.updated_at,
        }
    }
}

/// Filters of the organisation list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct OrganisatieFilter {
    /// Full text: words of name, place or KvK number; prefixes; accents and case ignored.
    pub zoek: Option<String>,
    /// Kind of organisation.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::OrganisationKind>)]
    pub soort: Option<String>,
    /// CBS municipality code.
    pub gemeentecode: Option<String>,
    /// Theme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub thema: Option<String>,
    /// Journey stage.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::JourneyStage>)]
    pub fase: Option<String>,
    /// Network id: organisations that are (or were) members.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub netwerk: Option<String>,
    /// naam, -naam, gemeente or gewijzigd (newest first). Default: best match, then name.
    #[param(pattern = r"^(|naam|-naam|gemeente|gewijzigd|-gewijzigd)$")]
    pub sorteer: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl OrganisatieFilter {
    /// The store filter; with `strict`, unknown values are refused (API), else ignored (pages).
    pub fn to_filter(&self, strict: bool) -> ApiResult<OrganisationFilter> {
        let id = |name: &str, v: &Option<String>| -> ApiResult<Option<i64>> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => match s.parse() {
                    Ok(i) => Ok(Some(i)),
                    Err(_) if !strict => Ok(None),
                    Err(_) => Err(super::ApiError::bad_request(format!("{name} moet een getal zijn."))),
                },
            }
        };
        let sort = match self.sorteer.as_deref().unwrap_or_default() {
            "naam" => OrganisationSort::NameAsc,
            "-naam" => OrganisationSort::NameDesc,
            "gemeente" => OrganisationSort::MunicipalityAsc,
            "gewijzigd" | "-gewijzigd" => OrganisationSort::UpdatedDesc,
            "" => OrganisationSort::Default,
            _ if strict => {
                return Err(super::ApiError::bad_request(
                    "sorteer: kies naam, -naam, gemeente of gewijzigd.",
                ));
            }
            _ => OrganisationSort::Default,
        };
        Ok(OrganisationFilter {
            terms: middenveld_domain::search::query_terms(self.zoek.as_deref().unwrap_or_default()),
            kind: lenient(strict, filter::<OrganisationKind>("soort", &self.soort))?,
            municipality_code: self
                .gemeentecode
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .and_then(|s| middenveld_domain::MunicipalityCode::parse(s).ok())
                .map(|m| m.to_string()),
            theme_id: id("thema", &self.thema)?,
            journey_stage: lenient(strict, filter::<JourneyStage>("fase", &self.fase))?,
            network_id: id("netwerk", &self.netwerk)?,
            sort,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// List organisations, filtered, searched, sorted and paged.
#[utoipa::path(get, path = "/organisaties", tag = "organisaties", operation_id = "organisaties-lijst",
    params(OrganisatieFilter),
    responses((status = 200, description = "Een pagina organisaties", body = Lijst<OrganisatieSamenvatting>)))]
async fn list(
    State(s): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<OrganisatieFilter>,
) -> ApiResult<Response> {
    let page = s.services.organisations(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(Lijst::from_page(page, OrganisatieSamenvatting::from)).into_response())
}

/// Register an organisation.
#[utoipa::path(post, path = "/organisaties", tag = "organisaties", operation_id = "organisatie-aanmaken",
    request_body = OrganisatieInvoer,
    responses((status = 201, description = "Aangemaakt", body = Organisatie),
              (status = 409, description = "Het KvK-nummer is al geregistreerd (met een link naar de bestaande)", body = super::Problem, content_type = "application/problem+json")))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<OrganisatieInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_organisation(&user.actor(), body.into()).await?;
    let record = s.services.organisation(&user.actor(), id).await?;
    Ok(created(format!("/api/v1/organisaties/{id}"), Organisatie::from(record)))
}

/// One organisation.
#[utoipa::path(get, path = "/organisaties/{id}", tag = "organisaties", operation_id = "organisatie-ophalen",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "De organisatie", body = Organisatie)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let record = s.services.organisation(&user.actor(), id).await?;
    Ok(axum::Json(Organisatie::from(record)).into_response())
}

/// Replace an organisation's fields.
#[utoipa::path(put, path = "/organisaties/{id}", tag = "organisaties", operation_id = "organisatie-wijzigen",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    request_body = OrganisatieInvoer,
    responses((status = 200, description = "Gewijzigd", body = Organisatie),
              (status = 409, description = "Het KvK-nummer is al geregistreerd", body = super::Problem, content_type = "application/problem+json")))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<OrganisatieInvoer>,
) -> ApiResult<Response> {
    s.services.update_organisation(&user.actor(), id, body.into()).await?;
    let record = s.services.organisation(&user.actor(), id).await?;
    Ok(axum::Json(Organisatie::from(record)).into_response())
}

/// Delete an organisation (with its memberships and project participations).
#[utoipa::path(delete, path = "/organisaties/{id}", tag = "organisaties", operation_id = "organisatie-verwijderen",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_organisation(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
