//! Networks in the API (`/netwerken`) with their members (`/netwerken/{id}/leden`). The input
//! types are shared with the HTML forms, so form fields and API fields have the same names.

use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created};
use crate::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::Coded;
use middenveld_domain::network::{Member, Membership, MembershipInput, Network, NetworkInput};
use middenveld_services::store::network::{MembershipRecord, NetworkFilter, NetworkRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(members, add_member))
        .routes(routes!(get_member, update_member, remove_member))
}

/// Two path ids (e.g. network and membership); a non-number is a 400 problem.
pub struct ApiIds(pub i64, pub i64);

impl FromRequestParts<AppState> for ApiIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ids = match axum::extract::Path::<(String, String)>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path((a, b))) => super::path_number(&a).zip(super::path_number(&b)),
            Err(_) => None,
        };
        ids.map(|(a, b)| ApiIds(a, b))
            .ok_or_else(|| ApiError::bad_request("Een id in het pad is geen getal."))
    }
}

/// Parses an optional id filter; with `strict` a non-number is a 400 naming the parameter,
/// otherwise it is ignored (pages).
pub fn id_filter(strict: bool, name: &str, v: &Option<String>) -> ApiResult<Option<i64>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse() {
            Ok(i) => Ok(Some(i)),
            Err(_) if !strict => Ok(None),
            Err(_) => Err(ApiError::bad_request(format!("{name} moet een getal zijn."))),
        },
    }
}

/// Text of a free-text filter, `None` when empty.
pub fn text_filter(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A network as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NetwerkInvoer {
    /// Name, unique (required).
    #[schema(example = "Waardemakers Circulair Twente")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
    /// Id of the organisation that facilitates the network.
    #[serde(deserialize_with = "super::opt_id")]
    pub facilitator_id: Option<i64>,
    #[schema(example = "https://www.waardemakers.nl")]
    #[schema(max_length = 500, pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s.][^\s]*\.[^\s]*)?$")]
    pub website: Option<String>,
    /// Theme ids.
    #[serde(deserialize_with = "super::ids")]
    pub themas: Vec<i64>,
}

impl From<NetwerkInvoer> for NetworkInput {
    fn from(v: NetwerkInvoer) -> Self {
        NetworkInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
            facilitator_id: v.facilitator_id,
            website: v.website,
            theme_ids: v.themas,
        }
    }
}

impl From<&Network> for NetwerkInvoer {
    fn from(n: &Network) -> Self {
        NetwerkInvoer {
            naam: Some(n.name.clone()),
            omschrijving: n.description.clone(),
            facilitator_id: n.facilitator_id,
            website: n.website.clone(),
            themas: n.theme_ids.clone(),
        }
    }
}

/// A stored network with its member counts.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Netwerk {
    pub id: i64,
    #[serde(flatten)]
    pub velden: NetwerkInvoer,
    /// Name of the facilitating organisation.
    pub facilitator: Option<String>,
    /// Number of current members with status actief.
    pub actieve_leden: i64,
    /// Number of current members with status betrokken.
    pub betrokken_leden: i64,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<NetworkRecord> for Netwerk {
    fn from(r: NetworkRecord) -> Self {
        Netwerk {
            id: r.id,
            velden: NetwerkInvoer::from(&r.data),
            facilitator: r.facilitator_name,
            actieve_leden: r.active_members,
            betrokken_leden: r.involved_members,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// Filters of the network list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct NetwerkFilter {
    /// Part of the name; case ignored.
    pub zoek: Option<String>,
    /// Theme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub thema: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl NetwerkFilter {
    /// The store filter; with `strict`, unreadable values are refused (API), else ignored (pages).
    pub fn to_filter(&self, strict: bool) -> ApiResult<NetworkFilter> {
        Ok(NetworkFilter {
            name_contains: text_filter(&self.zoek),
            theme_id: id_filter(strict, "thema", &self.thema)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// A membership as it is written. The member (organisation or person, exactly one) is set
/// when the membership is added and cannot be changed afterwards.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct LidmaatschapInvoer {
    /// Id of the member organisation (or give persoonId).
    #[serde(deserialize_with = "super::opt_id")]
    pub organisatie_id: Option<i64>,
    /// Id of the member person (or give organisatieId).
    #[serde(deserialize_with = "super::opt_id")]
    pub persoon_id: Option<i64>,
    /// actief or betrokken (required).
    #[schema(example = "actief")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::MembershipStatus>)]
    pub status: Option<String>,
    /// Member since (YYYY-MM-DD, required).
    #[schema(format = Date, value_type = Option<String>, example = "2018-01-01")]
    #[schema(required, nullable = false)]
    pub sinds: Option<String>,
    /// Member until (YYYY-MM-DD); empty while the membership runs.
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub tot: Option<String>,
}

impl From<LidmaatschapInvoer> for MembershipInput {
    fn from(v: LidmaatschapInvoer) -> Self {
        MembershipInput {
            organisation_id: v.organisatie_id,
            person_id: v.persoon_id,
            status: v.status,
            since: v.sinds,
            until: v.tot,
        }
    }
}

impl From<&Membership> for LidmaatschapInvoer {
    fn from(m: &Membership) -> Self {
        let (organisatie_id, persoon_id) = match m.member {
            Member::Organisation(o) => (Some(o), None),
            Member::Person(p) => (None, Some(p)),
        };
        LidmaatschapInvoer {
            organisatie_id,
            persoon_id,
            status: Some(m.status.code().to_string()),
            sinds: Some(m.since.iso()),
            tot: m.until.map(|d| d.iso()),
        }
    }
}

/// A stored membership.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Lidmaatschap {
    pub id: i64,
    pub netwerk_id: i64,
    /// Name of the network.
    pub netwerk: String,
    #[serde(flatten)]
    pub velden: LidmaatschapInvoer,
    /// Name of the member (organisation or person).
    pub lid: String,
}

impl From<MembershipRecord> for Lidmaatschap {
    fn from(r: MembershipRecord) -> Self {
        Lidmaatschap {
            id: r.id,
            netwerk_id: r.network_id,
            netwerk: r.network_name,
            velden: LidmaatschapInvoer::from(&r.data),
            lid: r.member_name,
        }
    }
}

/// The members of a network.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Leden {
    pub items: Vec<Lidmaatschap>,
    /// Number of memberships.
    pub totaal: i64,
}

/// List networks, filtered and paged.
#[utoipa::path(get, path = "/netwerken", tag = "netwerken", operation_id = "netwerken-lijst",
    params(NetwerkFilter),
    responses((status = 200, description = "Een pagina netwerken", body = Lijst<Netwerk>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<NetwerkFilter>) -> ApiResult<Response> {
    let page = s.services.networks(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(Lijst::from_page(page, Netwerk::from)).into_response())
}

/// Register a network.
#[utoipa::path(post, path = "/netwerken", tag = "netwerken", operation_id = "netwerk-aanmaken",
    request_body = NetwerkInvoer,
    responses((status = 201, description = "Aangemaakt", body = Netwerk)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<NetwerkInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_network(&user.actor(), body.into()).await?;
    let record = s.services.network(&user.actor(), id).await?;
    Ok(created(format!("/api/v1/netwerken/{id}"), Netwerk::from(record)))
}

/// One network, with its numbers of active and involved members.
#[utoipa::path(get, path = "/netwerken/{id}", tag = "netwerken", operation_id = "netwerk-ophalen",
    params(("id" = i64, Path, description = "Id van het netwerk")),
    responses((status = 200, description = "Het netwerk", body = Netwerk)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let record = s.services.network(&user.actor(), id).await?;
    Ok(axum::Json(Netwerk::from(record)).into_response())
}

/// Replace a network's fields.
#[utoipa::path(put, path = "/netwerken/{id}", tag = "netwerken", operation_id = "netwerk-wijzigen",
    params(("id" = i64, Path, description = "Id van het netwerk")),
    request_body = NetwerkInvoer,
    responses((status = 200, description = "Gewijzigd", body = Netwerk)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<NetwerkInvoer>,
) -> ApiResult<Response> {
    s.services.update_network(&user.actor(), id, body.into()).await?;
    let record = s.services.network(&user.actor(), id).await?;
    Ok(axum::Json(Netwerk::from(record)).into_response())
}

/// Delete a network (with its memberships).
#[utoipa::path(delete, path = "/netwerken/{id}", tag = "netwerken", operation_id = "netwerk-verwijderen",
    params(("id" = i64, Path, description = "Id van het netwerk")),
    responses((status = 204, description = "Verwijderd"),
              (status = 409, description = "Een indicator telt het nog (usedBy noemt en linkt die); er is niets verwijderd", body = super::Problem, content_type = "application/problem+json")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_network(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The members of a network, past and present.
#[utoipa::path(get, path = "/netwerken/{id}/leden", tag = "netwerken", operation_id = "netwerk-leden-lijst",
    params(("id" = i64, Path, description = "Id van het netwerk")),
    responses((status = 200, description = "De leden", body = Leden)))]
async fn members(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Lidmaatschap> = s
        .services
        .memberships(&user.actor(), id)
        .await?
        .into_iter()
        .map(Lidmaatschap::from)
        .collect();
    let totaal = i64::try_from(items.len()).unwrap_or(i64::MAX);
    Ok(axum::Json(Leden { items, totaal }).into_response())
}

/// Add a member (an organisation or a person) to a network.
#[utoipa::path(post, path = "/netwerken/{id}/leden", tag = "netwerken", operation_id = "netwerk-lid-toevoegen",
    params(("id" = i64, Path, description = "Id van het netwerk")),
    request_body = LidmaatschapInvoer,
    responses((status = 201, description = "Toegevoegd", body = Lidmaatschap)))]
async fn add_member(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<LidmaatschapInvoer>,
) -> ApiResult<Response> {
    let lid = s.services.add_member(&user.actor(), id, body.into()).await?;
    let record = s.services.membership(&user.actor(), id, lid).await?;
    Ok(created(
        format!("/api/v1/netwerken/{id}/leden/{lid}"),
        Lidmaatschap::from(record),
    ))
}

/// One membership of a network.
#[utoipa::path(get, path = "/netwerken/{id}/leden/{lidId}", tag = "netwerken", operation_id = "netwerk-lid-ophalen",
    params(("id" = i64, Path, description = "Id van het netwerk"), ("lidId" = i64, Path, description = "Id van het lidmaatschap")),
    responses((status = 200, description = "Het lidmaatschap", body = Lidmaatschap)))]
async fn get_member(State(s): State<AppState>, user: ApiUser, ApiIds(id, lid): ApiIds) -> ApiResult<Response> {
    let record = s.services.membership(&user.actor(), id, lid).await?;
    Ok(axum::Json(Lidmaatschap::from(record)).into_response())
}

/// Change the status or dates of a membership; the member itself stays
/// (organisatieId and persoonId in the body are ignored).
#[utoipa::path(put, path = "/netwerken/{id}/leden/{lidId}", tag = "netwerken", operation_id = "netwerk-lid-wijzigen",
    params(("id" = i64, Path, description = "Id van het netwerk"), ("lidId" = i64, Path, description = "Id van het lidmaatschap")),
    request_body = LidmaatschapInvoer,
    responses((status = 200, description = "Gewijzigd", body = Lidmaatschap)))]
async fn update_member(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, lid): ApiIds,
    ApiJson(body): ApiJson<LidmaatschapInvoer>,
) -> ApiResult<Response> {
    s.services.update_member(&user.actor(), id, lid, body.into()).await?;
    let record = s.services.membership(&user.actor(), id, lid).await?;
    Ok(axum::Json(Lidmaatschap::from(record)).into_response())
}

/// Remove a membership from a network.
#[utoipa::path(delete, path = "/netwerken/{id}/leden/{lidId}", tag = "netwerken", operation_id = "netwerk-lid-verwijderen",
    params(("id" = i64, Path, description = "Id van het netwerk"), ("lidId" = i64, Path, description = "Id van het lidmaatschap")),
    responses((status = 204, description = "Verwijderd")))]
async fn remove_member(State(s): State<AppState>, user: ApiUser, ApiIds(id, lid): ApiIds) -> ApiResult<Response> {
    s.services.remove_member(&user.actor(), id, lid).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
