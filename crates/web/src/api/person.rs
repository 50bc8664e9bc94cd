//! People in the API (`/personen`). The input type is shared with the HTML form, so form
//! fields and API fields have the same names. Deleting a person erases their personal data;
//! `/personen/{id}/gegevens` gives everything held about them.

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
        .routes(routes!(data))
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

/// Erase a person: the record, their links, the personal values in their audit trail, and
/// their name, e-mail address and phone number wherever other records' history or contact
/// data holds them. Pending imports are discarded.
#[utoipa::path(delete, path = "/personen/{id}", tag = "personen", operation_id = "persoon-verwijderen",
    params(("id" = i64, Path, description = "Id van de persoon")),
    responses((status = 204, description = "Verwijderd en de persoonsgegevens gewist")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_person(&user.actor(), id).await?;
    s.imports.discard_all();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An organisation a person is linked to.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GekoppeldeOrganisatie {
    pub id: i64,
    pub naam: String,
}

/// One changed field in an audit entry.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Wijziging {
    pub veld: String,
    pub oud: String,
    pub nieuw: String,
}

/// An audit entry: who changed which record, when, field by field.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Auditregel {
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub op: String,
    /// Who made the change.
    pub gebruiker: String,
    /// The kind of record changed (persoon, netwerk, evenement, organisatie, …).
    pub soort: String,
    pub record_id: i64,
    /// aangemaakt, gewijzigd, verwijderd or koppeling.
    pub actie: String,
    pub wijzigingen: Vec<Wijziging>,
}

impl From<middenveld_services::store::audit::AuditEntry> for Auditregel {
    fn from(e: middenveld_services::store::audit::AuditEntry) -> Self {
        let changes: Vec<middenveld_domain::audit::Change> = serde_json::from_str(&e.changes).unwrap_or_default();
        Auditregel {
            id: e.id,
            op: e.at,
            gebruiker: e.user_name,
            soort: e.entity,
            record_id: e.entity_id,
            actie: e.action,
            wijzigingen: changes
                .into_iter()
                .map(|c| Wijziging {
                    veld: c.field,
                    oud: c.old,
                    nieuw: c.new,
                })
                .collect(),
        }
    }
}

/// Everything the register holds about a person (AVG art. 15): their record, linked
/// organisations, memberships, event registrations, contact moments, contact requests made
/// through the public site with their e-mail address or name, and the audit entries of their
/// record and of other records that name them (at most 5,000, newest first).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersoonGegevens {
    pub persoon: Persoon,
    pub organisaties: Vec<GekoppeldeOrganisatie>,
    pub lidmaatschappen: Vec<super::network::Lidmaatschap>,
    pub registraties: Vec<super::event::Registratie>,
    pub contactmomenten: Vec<super::contact::Contactmoment>,
    pub contactverzoeken: Vec<super::referral::Doorverwijzing>,
    pub auditregels: Vec<Auditregel>,
    /// When this export was made (RFC 3339, UTC).
    pub opgesteld_op: String,
}

impl From<middenveld_services::person::PersonData> for PersoonGegevens {
    fn from(d: middenveld_services::person::PersonData) -> Self {
        PersoonGegevens {
            persoon: Persoon::from(d.record),
            organisaties: d
                .organisations
                .into_iter()
                .map(|(id, naam)| GekoppeldeOrganisatie { id, naam })
                .collect(),
            lidmaatschappen: d.memberships.into_iter().map(Into::into).collect(),
            registraties: d.registrations.into_iter().map(Into::into).collect(),
            contactmomenten: d.contacts.into_iter().map(Into::into).collect(),
            contactverzoeken: d.referrals.into_iter().map(Into::into).collect(),
            auditregels: d.audit.into_iter().map(Into::into).collect(),
            opgesteld_op: middenveld_services::store::now(),
        }
    }
}

/// Everything held about a person (the data subject's right of access), as one document.
/// Readable by every role that may read the person.
#[utoipa::path(get, path = "/personen/{id}/gegevens", tag = "personen", operation_id = "persoon-gegevens",
    params(("id" = i64, Path, description = "Id van de persoon")),
    responses((status = 200, description = "Alle gegevens over de persoon; nooit in een cache bewaard",
        body = PersoonGegevens,
        headers(("Cache-Control" = String, description = "no-store")))))]
async fn data(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let d = s.services.person_data(&user.actor(), id).await?;
    let mut r = axum::Json(PersoonGegevens::from(d)).into_response();
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(r)
}
