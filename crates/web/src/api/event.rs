//! Events in the API (`/evenementen`) with their registrations
//! (`/evenementen/{id}/registraties/{persoonId}`). Times are wall-clock times in
//! Europe/Amsterdam, `YYYY-MM-DDTHH:MM`. The input types are shared with the HTML forms.

use super::network::{ApiIds, id_filter, text_filter};
use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::LocalDateTime;
use middenveld_domain::enums::{Coded, EventKind};
use middenveld_domain::event::{Event as DomainEvent, EventInput, Registration, RegistrationInput};
use middenveld_services::store::event::{EventFilter as StoreFilter, EventRecord, Period, RegistrationRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(registrations))
        .routes(routes!(set_registration, remove_registration))
}

/// An event as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct EvenementInvoer {
    /// Name (required).
    #[schema(example = "Waardemakers: circulair inkopen")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// Kind (required): netwerkbijeenkomst, workshop, masterclass, webinar, bedrijfsbezoek,
    /// tracksessie, congres or overig.
    #[schema(example = "netwerkbijeenkomst")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::EventKind>)]
    pub soort: Option<String>,
    /// Begins (required), Europe/Amsterdam wall-clock time.
    #[schema(example = "2026-03-12T14:00")]
    #[schema(required, nullable = false)]
    pub begin: Option<String>,
    /// Ends, not before it begins.
    #[schema(example = "2026-03-12T17:00")]
    pub einde: Option<String>,
    #[schema(example = "Zwolle, Provinciehuis")]
    #[schema(max_length = 300)]
    pub locatie: Option<String>,
    /// Id of the organising organisation.
    #[serde(deserialize_with = "super::opt_id")]
    pub organisator_id: Option<i64>,
    /// Id of the network the event belongs to.
    #[serde(deserialize_with = "super::opt_id")]
    pub netwerk_id: Option<i64>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
    #[schema(max_length = 500, pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s.][^\s]*\.[^\s]*)?$")]
    pub website: Option<String>,
}

impl From<EvenementInvoer> for EventInput {
    fn from(v: EvenementInvoer) -> Self {
        EventInput {
            name: v.naam.unwrap_or_default(),
            kind: v.soort,
            starts_at: v.begin,
            ends_at: v.einde,
            location: v.locatie,
            organiser_id: v.organisator_id,
            network_id: v.netwerk_id,
            description: v.omschrijving,
            website: v.website,
        }
    }
}

impl From<&DomainEvent> for EvenementInvoer {
    fn from(e: &DomainEvent) -> Self {
        EvenementInvoer {
            naam: Some(e.name.clone()),
            soort: Some(e.kind.code().to_string()),
            begin: Some(e.starts_at.iso()),
            einde: e.ends_at.map(LocalDateTime::iso),
            locatie: e.location.clone(),
            organisator_id: e.organiser_id,
            netwerk_id: e.network_id,
            omschrijving: e.description.clone(),
            website: e.website.clone(),
        }
    }
}

/// A stored event with its numbers of registrations and attendees.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Evenement {
    pub id: i64,
    #[serde(flatten)]
    pub velden: EvenementInvoer,
    /// Name of the organiser.
    pub organisator: Option<String>,
    /// Name of the network.
    pub netwerk: Option<String>,
    /// Number of registrations (any status).
    pub aanmeldingen: i64,
    /// Number of registrations with status aanwezig.
    pub aanwezigen: i64,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<EventRecord> for Evenement {
    fn from(r: EventRecord) -> Self {
        Evenement {
            id: r.id,
            velden: EvenementInvoer::from(&r.data),
            organisator: r.organiser_name,
            netwerk: r.network_name,
            aanmeldingen: r.registered,
            aanwezigen: r.attended,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// A registration as it is written: the person (from the path in the API), on behalf of which
/// organisation, and the status.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RegistratieInvoer {
    /// Id of the person; in the API it comes from the path.
    #[serde(deserialize_with = "super::opt_id")]
    pub persoon_id: Option<i64>,
    /// Id of the organisation the person comes for.
    #[serde(deserialize_with = "super::opt_id")]
    pub organisatie_id: Option<i64>,
    /// aangemeld (default), aanwezig or afwezig; the last two only once the event has begun.
    #[schema(example = "aangemeld")]
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::RegistrationStatus>)]
    pub status: Option<String>,
}

impl From<RegistratieInvoer> for RegistrationInput {
    fn from(v: RegistratieInvoer) -> Self {
        RegistrationInput {
            person_id: v.persoon_id,
            organisation_id: v.organisatie_id,
            status: v.status,
        }
    }
}

impl From<&Registration> for RegistratieInvoer {
    fn from(r: &Registration) -> Self {
        RegistratieInvoer {
            persoon_id: Some(r.person_id),
            organisatie_id: r.organisation_id,
            status: Some(r.status.code().to_string()),
        }
    }
}

/// A registration with the names of the event, person and organisation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Registratie {
    pub evenement_id: i64,
    pub evenement: String,
    /// When the event begins.
    pub begin: String,
    #[serde(flatten)]
    pub velden: RegistratieInvoer,
    /// Name of the person.
    pub persoon: String,
    /// Name of the organisation.
    pub organisatie: Option<String>,
    pub gewijzigd_op: String,
}

impl From<RegistrationRecord> for Registratie {
    fn from(r: RegistrationRecord) -> Self {
        Registratie {
            evenement_id: r.event_id,
            evenement: r.event_name,
            begin: r.event_starts_at.iso(),
            velden: RegistratieInvoer::from(&r.data),
            persoon: r.person_name,
            organisatie: r.organisation_name,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// The registrations of an event.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Registraties {
    pub items: Vec<Registratie>,
    /// Number of registrations.
    pub totaal: i64,
    /// Number with status aanwezig.
    pub aanwezig: i64,
}

/// Filters of the event list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct EvenementFilter {
    /// Part of the name; accents and case ignored.
    pub zoek: Option<String>,
    /// Kind of event.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::EventKind>)]
    pub soort: Option<String>,
    /// komend (default: not yet ended, soonest first), geweest (latest first) or alle.
    #[param(pattern = r"^(|komend|geweest|alle)$")]
    pub periode: Option<String>,
    /// Organiser id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisator: Option<String>,
    /// Network id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub netwerk: Option<String>,
    /// Organisation id: events its people registered for on its behalf.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

/// The codes of the periods, as the filter names them.
pub const PERIODS: [(&str, Period); 3] = [
    ("komend", Period::Upcoming),
    ("geweest", Period::Past),
    ("alle", Period::All),
];

impl EvenementFilter {
    /// The store filter; with `strict`, unknown values are refused (API), else ignored (pages).
    pub fn to_filter(&self, strict: bool) -> ApiResult<StoreFilter> {
        let period = match self.periode.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => Period::Upcoming,
            Some(p) => match PERIODS.iter().find(|(code, _)| code.eq_ignore_ascii_case(p)) {
                Some((_, period)) => *period,
                None if strict => {
                    return Err(ApiError::bad_request(
                        "Onbekende waarde voor periode; mogelijk: komend, geweest, alle.".to_string(),
                    ));
                }
                None => Period::Upcoming,
            },
        };
        Ok(StoreFilter {
            name_contains: text_filter(&self.zoek),
            kind: lenient(strict, filter::<EventKind>("soort", &self.soort))?,
            period,
            now: None,
            organiser_id: id_filter(strict, "organisator", &self.organisator)?,
            network_id: id_filter(strict, "netwerk", &self.netwerk)?,
            organisation_id: id_filter(strict, "organisatie", &self.organisatie)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Evenement> {
    Ok(Evenement::from(s.services.event(&user.actor(), id).await?))
}

/// List events, filtered and paged: by default those not yet ended, soonest first.
#[utoipa::path(get, path = "/evenementen", tag = "evenementen", operation_id = "evenementen-lijst",
    params(EvenementFilter),
    responses((status = 200, description = "Een pagina evenementen", body = Lijst<Evenement>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<EvenementFilter>) -> ApiResult<Response> {
    let page = s.services.events(&user.actor(), &q.to_filter(true)?).await?;
    let lijst = Lijst {
        items: page.items.into_iter().map(Evenement::from).collect(),
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
    };
    Ok(axum::Json(lijst).into_response())
}

/// Plan an event.
#[utoipa::path(post, path = "/evenementen", tag = "evenementen", operation_id = "evenement-aanmaken",
    request_body = EvenementInvoer,
    responses((status = 201, description = "Aangemaakt", body = Evenement)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<EvenementInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_event(&user.actor(), body.into()).await?;
    Ok(created(format!("/api/v1/evenementen/{id}"), one(&s, &user, id).await?))
}

/// One event, with its numbers of registrations and attendees.
#[utoipa::path(get, path = "/evenementen/{id}", tag = "evenementen", operation_id = "evenement-ophalen",
    params(("id" = i64, Path, description = "Id van het evenement")),
    responses((status = 200, description = "Het evenement", body = Evenement)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace an event's fields (registrations are kept).
#[utoipa::path(put, path = "/evenementen/{id}", tag = "evenementen", operation_id = "evenement-wijzigen",
    params(("id" = i64, Path, description = "Id van het evenement")),
    request_body = EvenementInvoer,
    responses((status = 200, description = "Gewijzigd", body = Evenement)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<EvenementInvoer>,
) -> ApiResult<Response> {
    s.services.update_event(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete an event (with its registrations).
#[utoipa::path(delete, path = "/evenementen/{id}", tag = "evenementen", operation_id = "evenement-verwijderen",
    params(("id" = i64, Path, description = "Id van het evenement")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_event(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The registrations of an event, by person name.
#[utoipa::path(get, path = "/evenementen/{id}/registraties", tag = "evenementen", operation_id = "evenement-registraties-lijst",
    params(("id" = i64, Path, description = "Id van het evenement")),
    responses((status = 200, description = "De registraties", body = Registraties)))]
async fn registrations(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let records = s.services.registrations(&user.actor(), id).await?;
    let aanwezig = records
        .iter()
        .filter(|r| r.data.status == middenveld_domain::RegistrationStatus::Attended)
        .count();
    let items: Vec<Registratie> = records.into_iter().map(Registratie::from).collect();
    Ok(axum::Json(Registraties {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        aanwezig: i64::try_from(aanwezig).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Register a person for an event, or change their registration (organisation, status).
#[utoipa::path(put, path = "/evenementen/{id}/registraties/{persoonId}", tag = "evenementen", operation_id = "evenement-registratie-zetten",
    params(("id" = i64, Path, description = "Id van het evenement"), ("persoonId" = i64, Path, description = "Id van de persoon")),
    request_body = RegistratieInvoer,
    responses((status = 200, description = "De registratie", body = Registratie)))]
async fn set_registration(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, persoon): ApiIds,
    ApiJson(body): ApiJson<RegistratieInvoer>,
) -> ApiResult<Response> {
    let input = RegistratieInvoer {
        persoon_id: Some(persoon),
        ..body
    };
    s.services.set_registration(&user.actor(), id, input.into()).await?;
    let record = s
        .services
        .registrations(&user.actor(), id)
        .await?
        .into_iter()
        .find(|r| r.data.person_id == persoon)
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(axum::Json(Registratie::from(record)).into_response())
}

/// Remove a person's registration.
#[utoipa::path(delete, path = "/evenementen/{id}/registraties/{persoonId}", tag = "evenementen", operation_id = "evenement-registratie-verwijderen",
    params(("id" = i64, Path, description = "Id van het evenement"), ("persoonId" = i64, Path, description = "Id van de persoon")),
    responses((status = 204, description = "Verwijderd")))]
async fn remove_registration(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, persoon): ApiIds,
) -> ApiResult<Response> {
    s.services.remove_registration(&user.actor(), id, persoon).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
