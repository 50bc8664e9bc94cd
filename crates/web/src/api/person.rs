//! People in the API (`/personen`). The input type is shared with the HTML form, so form
//! fields and API fields have the same names. Deleting a person erases their personal data.

use super::network::id_filter;
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::Coded;
use middenveld_domain::person::{Person, PersonInput};
use middenveld_services::store::person::{PersonFilter, PersonRecord, PersonSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
}

/// A person as they are written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PersoonInvoer {
    /// Name (required).
    #[schema(example = "Marieke Bom")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(example = "m.bom@example.nl")]
    pub email: Option<String>,
    /// Digits with spaces, +, - or parentheses.
    #[schema(example = "038 499 88 99")]
    pub telefoon: Option<String>,
    #[schema(max_length = 200)]
    pub functie: Option<String>,
    /// Lawful basis for keeping the data (required): toestemming, overeenkomst,
    /// wettelijke-plicht, publieke-taak or gerechtvaardigd-belang.
    #[schema(example = "toestemming")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ConsentBasis>)]
    pub grondslag: Option<String>,
    /// Date of the lawful basis, e.g. of the consent (YYYY-MM-DD, required).
    #[schema(format = Date, value_type = Option<String>, example = "2024-03-01")]
    #[schema(required, nullable = false)]
    pub grondslag_datum: Option<String>,
    /// Purpose the data is kept for.
    #[schema(max_length = 500)]
    pub doel: Option<String>,
    /// Organisation ids.
    #[serde(deserialize_with = "super::ids")]
    pub organisaties: Vec<i64>,
}

impl From<PersoonInvoer> for PersonInput {
    fn from(v: PersoonInvoer) -> Self {
        PersonInput {
            name: v.naam.unwrap_or_default(),
            email: v.email,
            phone: v.telefoon,
            function: v.functie,
            consent_basis: v.grondslag,
            consent_date: v.grondslag_datum,
            consent_purpose: v.doel,
            organisation_ids: v.organisaties,
        }
    }
}

impl From<&Person> for PersoonInvoer {
    fn from(p: &Person) -> Self {
        PersoonInvoer {
            naam: Some(p.name.clone()),
            email: p.email.as_ref().map(|e| e.as_str().to_string()),
            telefoon: p.phone.clone(),
            functie: p.function.clone(),
            grondslag: Some(p.consent_basis.code().to_string()),
            grondslag_datum: Some(p.consent_date.iso()),
            doel: p.consent_purpose.clone(),
            organisaties: p.organisation_ids.clone(),
        }
    }
}

/// A stored person.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Persoon {
    pub id: i64,
    #[serde(flatten)]
    pub velden: PersoonInvoer,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<PersonRecord> for Persoon {
    fn from(r: PersonRecord) -> Self {
        Persoon {
            id: r.id,
            velden: PersoonInvoer::from(&r.data),
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// A person in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersoonSamenvatting {
    pub id: i64,
    pub naam: String,
    pub email: Option<String>,
    pub functie: Option<String>,
    /// Names of the linked organisations, comma-separated.
    pub organisatienamen: String,
    pub gewijzigd_op: String,
}

impl From<PersonSummary> for PersoonSamenvatting {
    fn from(s: PersonSummary) -> Self {
        PersoonSamenvatting {
            id: s.id,
            naam: s.name,
            email: s.email,
            functie: s.function,
            organisatienamen: s.organisations,
            gewijzigd_op: s.updated_at,
        }
    }
}

/// Filters of the people list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct PersoonFilter {
    /// Full text: words of name, e-mail or function; prefixes; accents and case ignored.
    pub zoek: Option<String>,
    /// Organisation id: people linked to it.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    /// Network id: people that are (or were) members.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub netwerk: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl PersoonFilter {
    /// The store filter; with `strict`, unreadable values are refused (API), else ignored (pages).
    pub fn to_filter(&self, strict: bool) -> ApiResult<PersonFilter> {
        Ok(PersonFilter {
            terms: middenveld_domain::search::query_terms(self.zoek.as_deref().unwrap_or_default()),
            organisation_id: id_filter(strict, "organisatie", &self.organisatie)?,
            network_id: id_filter(strict, "netwerk", &self.netwerk)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// List people, filtered, searched and paged.
#[utoipa::path(get, path = "/personen", tag = "personen", operation_id = "personen-lijst",
    params(PersoonFilter),
    responses((status = 200, description = "Een pagina personen", body = Lijst<PersoonSamenvatting>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<PersoonFilter>) -> ApiResult<Response> {
    let page = s.services.people(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(Lijst::from_page(page, PersoonSamenvatting::from)).into_response())
}

/// Register a person, with the lawful basis for keeping their data.
#[utoipa::path(post, path = "/personen", tag = "personen", operation_id = "persoon-aanmaken",
    request_body = PersoonInvoer,
    responses((status = 201, description = "Aangemaakt", body = Persoon)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<PersoonInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_person(&user.actor(), body.into()).await?;
    let record = s.services.person(&user.actor(), id).await?;
    Ok(created(format!("/api/v1/personen/{id}"), Persoon::from(record)))
}

/// One person.
#[utoipa::path(get, path = "/personen/{id}", tag = "personen", operation_id = "persoon-ophalen",
    params(("id" = i64, Path, description = "Id van de persoon")),
    responses((status = 200, description = "De persoon", body = Persoon)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let record = s.services.person(&user.actor(), id).await?;
    Ok(axum::Json(Persoon::from(record)).into_response())
}

/// Replace a person's fields.
#[utoipa::path(put, path = "/personen/{id}", tag = "personen", operation_id = "persoon-wijzigen",
    params(("id" = i64, Path, description = "Id van de persoon")),
    request_body = PersoonInvoer,
    responses((status = 200, description = "Gewijzigd", body = Persoon)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<PersoonInvoer>,
) -> ApiResult<Response> {
    s.services.update_person(&user.actor(), id, body.into()).await?;
    let record = s.services.person(&user.actor(), id).await?;
    Ok(axum::Json(Persoon::from(record)).into_response())
}

/// Erase a person: the record, their links and the personal values in their audit trail.
#[utoipa::path(delete, path = "/personen/{id}", tag = "personen", operation_id = "persoon-verwijderen",
    params(("id" = i64, Path, description = "Id van de persoon")),
    responses((status = 204, description = "Verwijderd en de persoonsgegevens gewist")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_person(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
