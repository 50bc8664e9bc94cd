//! Good examples in the API (`/voorbeelden`): the editorial side with token auth. Content is
//! written with PUT, the workflow moves with `POST /voorbeelden/{id}/status`, the featured
//! organisation's consent with `PUT /voorbeelden/{id}/toestemming`. A refused move is 409,
//! publishing without consent or contact partner 422, both as problem+json naming the cause.

use super::network::{ApiIds, id_filter};
use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, InvalidParam, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, ExampleStatus, Sector};
use middenveld_domain::example::{self as rules, ConsentInput, Example, ExampleInput, field};
use middenveld_domain::{Lang, MunicipalityCode};
use middenveld_services::ServiceError;
use middenveld_services::store::Paging;
use middenveld_services::store::example::{ExampleFilter, ExampleRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(set_status))
        .routes(routes!(set_consent))
        .routes(routes!(add_picture))
        .routes(routes!(remove_picture))
}

/// A good example as it is written (status and consent have their own operations).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VoorbeeldInvoer {
    /// Title (required, at most 200 characters).
    #[schema(example = "Cementloos beton in de turborotonde N737")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub titel: Option<String>,
    /// Short summary (required, at most 500 characters).
    #[schema(required, nullable = false, min_length = 1, max_length = 500, pattern = r"\S")]
    pub samenvatting: Option<String>,
    /// The story in plain text; a blank line starts a paragraph (required).
    #[schema(required, nullable = false, min_length = 1, pattern = r"\S")]
    pub verhaal: Option<String>,
    /// CBS municipality code.
    #[schema(example = "GM0153")]
    pub gemeentecode: Option<String>,
    /// Sector code.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::Sector>)]
    pub sector: Option<String>,
    #[serde(deserialize_with = "super::ids")]
    pub thema_ids: Vec<i64>,
    /// The organisations involved (the exhibition shows their name and website only).
    #[serde(deserialize_with = "super::ids")]
    pub organisatie_ids: Vec<i64>,
    #[serde(deserialize_with = "super::ids")]
    pub project_ids: Vec<i64>,
    /// The organisation that receives visitors' contact requests (required to publish).
    #[serde(deserialize_with = "super::opt_id")]
    pub contactpartner_id: Option<i64>,
}

impl From<VoorbeeldInvoer> for ExampleInput {
    fn from(v: VoorbeeldInvoer) -> Self {
        ExampleInput {
            title: v.titel.unwrap_or_default(),
            summary: v.samenvatting,
            story: v.verhaal,
            municipality_code: v.gemeentecode,
            sector: v.sector,
            theme_ids: v.thema_ids,
            organisation_ids: v.organisatie_ids,
            project_ids: v.project_ids,
            contact_partner_id: v.contactpartner_id,
        }
    }
}

impl From<&Example> for VoorbeeldInvoer {
    fn from(e: &Example) -> Self {
        VoorbeeldInvoer {
            titel: Some(e.title.clone()),
            samenvatting: Some(e.summary.clone()),
            verhaal: Some(e.story.clone()),
            gemeentecode: e.municipality.as_ref().map(|m| m.as_str().to_string()),
            sector: e.sector.map(|s| s.code().to_string()),
            thema_ids: e.theme_ids.clone(),
            organisatie_ids: e.organisation_ids.clone(),
            project_ids: e.project_ids.clone(),
            contactpartner_id: e.contact_partner_id,
        }
    }
}

/// The featured organisation's consent to show the example.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ToestemmingInvoer {
    /// The organisation that gave consent (required).
    #[serde(deserialize_with = "super::opt_id")]
    #[schema(required, nullable = false)]
    pub toestemming_organisatie_id: Option<i64>,
    /// Who signed on its behalf (required).
    #[schema(required, nullable = false, min_length = 1, pattern = r"\S")]
    pub toestemming_door: Option<String>,
    /// When (required).
    #[schema(format = Date, value_type = Option<String>)]
    #[schema(required, nullable = false)]
    pub toestemming_datum: Option<String>,
    pub toestemming_toelichting: Option<String>,
}

impl From<ToestemmingInvoer> for ConsentInput {
    fn from(v: ToestemmingInvoer) -> Self {
        ConsentInput {
            organisation_id: v.toestemming_organisatie_id,
            signer: v.toestemming_door,
            date: v.toestemming_datum,
            note: v.toestemming_toelichting,
        }
    }
}

/// A move in the workflow.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct VoorbeeldStatus {
    /// concept, ter-beoordeling, gepubliceerd or ingetrokken.
    #[schema(example = "ter-beoordeling")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ExampleStatus>)]
    pub status: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verwijzing {
    pub id: i64,
    pub naam: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetrokkenOrganisatie {
    pub id: i64,
    pub naam: String,
    pub website: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Toestemming {
    pub organisatie_id: i64,
    pub organisatie: Option<String>,
    pub door: String,
    #[schema(format = Date, value_type = String)]
    pub datum: String,
    pub toelichting: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Afbeelding {
    pub id: i64,
    pub alt: String,
    pub content_type: String,
    /// Size in bytes.
    pub grootte: i64,
    /// Where staff see it (with a session); the public URL works once published.
    pub href: String,
}

/// A stored good example.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Voorbeeld {
    pub id: i64,
    #[serde(flatten)]
    pub velden: VoorbeeldInvoer,
    /// concept, ter-beoordeling, gepubliceerd or ingetrokken.
    pub status: String,
    #[schema(format = Date, value_type = Option<String>)]
    pub publicatiedatum: Option<String>,
    pub gemeente: Option<String>,
    pub contactpartner: Option<String>,
    pub toestemming: Option<Toestemming>,
    pub themas: Vec<Verwijzing>,
    pub organisaties: Vec<BetrokkenOrganisatie>,
    pub projecten: Vec<Verwijzing>,
    pub afbeeldingen: Vec<Afbeelding>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<ExampleRecord> for Voorbeeld {
    fn from(r: ExampleRecord) -> Self {
        let id = r.id;
        Voorbeeld {
            id,
            velden: VoorbeeldInvoer::from(&r.data),
            status: r.status.code().to_string(),
            publicatiedatum: r.published_on.map(|d| d.iso()),
            gemeente: r.municipality_name,
            contactpartner: r.contact_partner_name,
            toestemming: r.consent.map(|c| Toestemming {
                organisatie_id: c.organisation_id,
                organisatie: r.consent_organisation_name.clone(),
                door: c.signer,
                datum: c.date.iso(),
                toelichting: c.note,
            }),
            themas: r.themes.into_iter().map(|(id, naam)| Verwijzing { id, naam }).collect(),
            organisaties: r
                .organisations
                .into_iter()
                .map(|o| BetrokkenOrganisatie {
                    id: o.id,
                    naam: o.name,
                    website: o.website,
                })
                .collect(),
            projecten: r
                .projects
                .into_iter()
                .map(|(id, naam)| Verwijzing { id, naam })
                .collect(),
            afbeeldingen: r
                .pictures
                .into_iter()
                .map(|p| Afbeelding {
                    href: format!("/redactie/voorbeelden/{id}/afbeeldingen/{}", p.id),
                    id: p.id,
                    alt: p.alt_text,
                    content_type: p.content_type,
                    grootte: p.byte_size,
                })
                .collect(),
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Voorbeelden {
    pub items: Vec<Voorbeeld>,
    pub totaal: i64,
    pub pagina: i64,
    pub pagina_grootte: i64,
}

/// Filters of the example list (shared with the staff and public pages).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct VoorbeeldFilter {
    /// concept, ter-beoordeling, gepubliceerd or ingetrokken.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::ExampleStatus>)]
    pub status: Option<String>,
    /// Theme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub thema: Option<String>,
    /// Sector code.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::Sector>)]
    pub sector: Option<String>,
    /// CBS municipality code (GM0153).
    #[param(pattern = r"^((GM)?[0-9]{1,4})?$")]
    pub gemeentecode: Option<String>,
    /// Words in title, summary, story or the organisations' names (accents and case ignored).
    pub zoek: Option<String>,
    pub pagina: Option<i64>,
    pub pagina_grootte: Option<i64>,
}

impl VoorbeeldFilter {
    /// The store filter; with `strict` an unknown value is a 400 naming the parameter.
    pub fn to_filter(&self, strict: bool) -> ApiResult<ExampleFilter> {
        let municipality_code = match self.gemeentecode.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => match MunicipalityCode::parse(c) {
                Ok(m) => Some(m.as_str().to_string()),
                Err(_) if !strict => None,
                Err(_) => {
                    return Err(ApiError::bad_request(
                        "Onbekende waarde voor gemeentecode; gebruik GM gevolgd door 4 cijfers, bijvoorbeeld GM0153.",
                    ));
                }
            },
        };
        Ok(ExampleFilter {
            status: lenient(strict, filter::<ExampleStatus>("status", &self.status))?,
            theme_id: id_filter(strict, "thema", &self.thema)?,
            sector: lenient(strict, filter::<Sector>("sector", &self.sector))?,
            municipality_code,
            terms: middenveld_domain::search::query_terms(self.zoek.as_deref().unwrap_or_default()),
            paging: Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// A service error as problem+json: a refused workflow move is 409, publishing without
/// consent or contact partner 422, each with a reason naming what is missing.
pub fn problem(e: ServiceError) -> ApiError {
    let workflow = |errors: &middenveld_domain::ValidationErrors| {
        errors
            .0
            .iter()
            .map(|f| InvalidParam {
                name: f.field.to_string(),
                code: match f.field {
                    field::STATUS => "status-move-refused".into(),
                    _ => "required-to-publish".into(),
                },
                reason: rules::workflow_message(f.field, Lang::Nl)
                    .map(str::to_string)
                    .unwrap_or_else(|| f.code.message(Lang::Nl)),
            })
            .collect::<Vec<_>>()
    };
    match e {
        ServiceError::Conflict { errors, .. } if errors.for_field(field::STATUS).is_some() => {
            let mut p = ApiError::new(
                StatusCode::CONFLICT,
                "Statuswijziging niet mogelijk",
                rules::workflow_message(field::STATUS, Lang::Nl).unwrap_or_default(),
            );
            p.0.invalid_params = workflow(&errors);
            p
        }
        ServiceError::Invalid(errors)
            if errors.for_field(field::CONSENT).is_some() || errors.for_field(field::CONTACT_PARTNER).is_some() =>
        {
            let params = workflow(&errors);
            let detail = params.iter().map(|p| p.reason.clone()).collect::<Vec<_>>().join(" ");
            let mut p = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "Publiceren nog niet mogelijk", detail);
            p.0.invalid_params = params;
            p
        }
        other => other.into(),
    }
}

/// Good examples, filtered and paged (every status, for staff).
#[utoipa::path(get, path = "/voorbeelden", tag = "voorbeelden", operation_id = "voorbeelden-lijst",
    params(VoorbeeldFilter),
    responses((status = 200, description = "De voorbeelden", body = Voorbeelden)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<VoorbeeldFilter>) -> ApiResult<Response> {
    let f = q.to_filter(true)?;
    let page = s.services.examples(&user.actor(), &f).await?;
    Ok(axum::Json(Voorbeelden {
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
        items: page.items.into_iter().map(Voorbeeld::from).collect(),
    })
    .into_response())
}

/// Write a new example (a draft).
#[utoipa::path(post, path = "/voorbeelden", tag = "voorbeelden", operation_id = "voorbeelden-aanmaken",
    request_body = VoorbeeldInvoer,
    responses((status = 201, description = "Aangemaakt als concept", body = Voorbeeld)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<VoorbeeldInvoer>,
) -> ApiResult<Response> {
    let id = s
        .services
        .create_example(&user.actor(), body.into())
        .await
        .map_err(problem)?;
    let e = Voorbeeld::from(s.services.example(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/voorbeelden/{id}"), e))
}

/// One example with its links, consent and pictures.
#[utoipa::path(get, path = "/voorbeelden/{id}", tag = "voorbeelden", operation_id = "voorbeelden-ophalen",
    params(("id" = i64, Path, description = "Id van het voorbeeld")),
    responses((status = 200, description = "Het voorbeeld", body = Voorbeeld)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(Voorbeeld::from(s.services.example(&user.actor(), id).await?)).into_response())
}

/// Replace the content (a published example only by an editor).
#[utoipa::path(put, path = "/voorbeelden/{id}", tag = "voorbeelden", operation_id = "voorbeelden-wijzigen",
    params(("id" = i64, Path, description = "Id van het voorbeeld")),
    request_body = VoorbeeldInvoer,
    responses((status = 200, description = "Gewijzigd", body = Voorbeeld)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<VoorbeeldInvoer>,
) -> ApiResult<Response> {
    s.services
        .update_example(&user.actor(), id, body.into())
        .await
        .map_err(problem)?;
    Ok(axum::Json(Voorbeeld::from(s.services.example(&user.actor(), id).await?)).into_response())
}

/// Delete an example with its pictures (editors).
#[utoipa::path(delete, path = "/voorbeelden/{id}", tag = "voorbeelden", operation_id = "voorbeelden-verwijderen",
    params(("id" = i64, Path, description = "Id van het voorbeeld")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_example(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Move an example in the workflow: concept → ter-beoordeling → gepubliceerd → ingetrokken,
/// back to concept from ter-beoordeling or ingetrokken. Only editors publish and withdraw.
#[utoipa::path(post, path = "/voorbeelden/{id}/status", tag = "voorbeelden", operation_id = "voorbeelden-status",
    params(("id" = i64, Path, description = "Id van het voorbeeld")),
    request_body = VoorbeeldStatus,
    responses((status = 200, description = "De nieuwe status", body = Voorbeeld),
        (status = 409, description = "Deze stap kan niet vanuit de huidige status", body = super::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Toestemming of contactpartner ontbreekt", body = super::Problem, content_type = "application/problem+json")))]
async fn set_status(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<VoorbeeldStatus>,
) -> ApiResult<Response> {
    s.services
        .set_example_status(&user.actor(), id, body.status.as_deref())
        .await
        .map_err(problem)?;
    Ok(axum::Json(Voorbeeld::from(s.services.example(&user.actor(), id).await?)).into_response())
}

/// Record the featured organisation's consent (needed to publish).
#[utoipa::path(put, path = "/voorbeelden/{id}/toestemming", tag = "voorbeelden", operation_id = "voorbeelden-toestemming",
    params(("id" = i64, Path, description = "Id van het voorbeeld")),
    request_body = ToestemmingInvoer,
    responses((status = 200, description = "Vastgelegd", body = Voorbeeld)))]
async fn set_consent(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ToestemmingInvoer>,
) -> ApiResult<Response> {
    s.services
        .record_example_consent(&user.actor(), id, body.into())
        .await
        .map_err(problem)?;
    Ok(axum::Json(Voorbeeld::from(s.services.example(&user.actor(), id).await?)).into_response())
}

/// The alternative text of an uploaded picture.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AfbeeldingParams {
    /// What the picture shows, for those who cannot see it (required).
    pub alt: Option<String>,
}

/// Add a picture: the request body is the PNG, JPEG or WebP file itself (recognised by its
/// bytes, at most 5 MB and within the API's request limit), the alt text a query parameter.
#[utoipa::path(post, path = "/voorbeelden/{id}/afbeeldingen", tag = "voorbeelden", operation_id = "voorbeelden-afbeelding-toevoegen",
    params(("id" = i64, Path, description = "Id van het voorbeeld"), AfbeeldingParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "De afbeelding"),
    responses((status = 201, description = "Toegevoegd", body = Voorbeeld)))]
async fn add_picture(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiQuery(q): ApiQuery<AfbeeldingParams>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    s.services
        .add_example_picture(&user.actor(), id, body.to_vec(), q.alt.as_deref().unwrap_or_default())
        .await
        .map_err(problem)?;
    let e = Voorbeeld::from(s.services.example(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/voorbeelden/{id}"), e))
}

/// Remove a picture.
#[utoipa::path(delete, path = "/voorbeelden/{id}/afbeeldingen/{afbeeldingId}", tag = "voorbeelden", operation_id = "voorbeelden-afbeelding-verwijderen",
    params(("id" = i64, Path, description = "Id van het voorbeeld"), ("afbeeldingId" = i64, Path, description = "Id van de afbeelding")),
    responses((status = 204, description = "Verwijderd")))]
async fn remove_picture(State(s): State<AppState>, user: ApiUser, ApiIds(id, picture): ApiIds) -> ApiResult<Response> {
    s.services.remove_example_picture(&user.actor(), id, picture).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
