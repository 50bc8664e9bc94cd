//! Tracks in the API (`/tracks`): sessions (`/tracks/{id}/sessies`), enrolled companies
//! (`/tracks/{id}/deelnemers/{organisatieId}`), completing (`/tracks/{id}/afronden`, which
//! creates the follow-up tasks), and the tasks (`/taken`) with their call outcome.

use super::event::EvenementInvoer;
use super::network::{ApiIds, id_filter, text_filter};
use super::{ApiError, ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::Coded;
use middenveld_domain::track::{CallInput, Track, TrackInput};
use middenveld_services::store::track::{Enrolment, TaskFilter, TaskRecord, TrackRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(add_session))
        .routes(routes!(enrolments))
        .routes(routes!(enrol, unenrol))
        .routes(routes!(complete))
        .routes(routes!(tasks))
        .routes(routes!(complete_task))
}

/// A Track as it is written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct TrackInvoer {
    /// Name (required).
    #[schema(example = "CIRCO Track Maakindustrie")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    /// The organisation that runs it (e.g. CIRCO).
    #[serde(deserialize_with = "super::opt_id")]
    pub aanbieder_id: Option<i64>,
    /// The trainers, as text.
    #[schema(max_length = 300)]
    pub trainers: Option<String>,
    /// Weeks between the last session and the follow-up call (0 to 52; default 4).
    #[schema(example = "4")]
    pub opvolging_weken: Option<String>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
}

impl From<TrackInvoer> for TrackInput {
    fn from(v: TrackInvoer) -> Self {
        TrackInput {
            name: v.naam.unwrap_or_default(),
            provider_id: v.aanbieder_id,
            trainers: v.trainers,
            follow_up_weeks: v.opvolging_weken,
            description: v.omschrijving,
        }
    }
}

impl From<&Track> for TrackInvoer {
    fn from(t: &Track) -> Self {
        TrackInvoer {
            naam: Some(t.name.clone()),
            aanbieder_id: t.provider_id,
            trainers: t.trainers.clone(),
            opvolging_weken: Some(t.follow_up_weeks.to_string()),
            omschrijving: t.description.clone(),
        }
    }
}

/// A stored Track.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackUit {
    pub id: i64,
    #[serde(flatten)]
    pub velden: TrackInvoer,
    pub aanbieder: Option<String>,
    /// Number of sessions.
    pub sessies: i64,
    /// Number of enrolled companies.
    pub deelnemers: i64,
    /// When it was completed (follow-up tasks created).
    pub afgerond_op: Option<String>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl From<TrackRecord> for TrackUit {
    fn from(r: TrackRecord) -> Self {
        TrackUit {
            id: r.id,
            velden: TrackInvoer::from(&r.data),
            aanbieder: r.provider_name,
            sessies: r.sessions,
            deelnemers: r.enrolled,
            afgerond_op: r.completed_at,
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// An enrolled company.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackDeelnemer {
    pub organisatie_id: i64,
    pub organisatie: String,
    /// Its journey stage now.
    pub fase: Option<String>,
    /// The chain it enrolled with.
    pub keten: Option<String>,
    pub ingeschreven_op: String,
}

impl From<Enrolment> for TrackDeelnemer {
    fn from(e: Enrolment) -> Self {
        TrackDeelnemer {
            organisatie_id: e.organisation_id,
            organisatie: e.organisation_name,
            fase: e.stage.map(|s| s.code().to_string()),
            keten: e.chain,
            ingeschreven_op: e.enrolled_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackDeelnemers {
    pub items: Vec<TrackDeelnemer>,
    pub totaal: i64,
}

/// An enrolment as it is written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct InschrijvingInvoer {
    /// Companies that enrol together share a chain name.
    #[schema(example = "Keten kunststof Twente")]
    pub keten: Option<String>,
}

/// What completing did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Afgerond {
    /// Follow-up tasks created now.
    pub opvolgtaken: u64,
}

/// A follow-up task.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Taak {
    pub id: i64,
    pub titel: String,
    pub organisatie_id: i64,
    pub organisatie: String,
    pub track_id: Option<i64>,
    pub track: Option<String>,
    /// Due date.
    pub deadline: String,
    pub toegewezen_aan: Option<String>,
    /// plan-opgepakt, plan-in-la, financiering-nodig or doorverwezen, once done.
    pub uitkomst: Option<String>,
    pub notitie: Option<String>,
    pub afgerond_op: Option<String>,
    pub afgerond_door: Option<String>,
}

impl From<TaskRecord> for Taak {
    fn from(t: TaskRecord) -> Self {
        Taak {
            id: t.id,
            titel: t.title,
            organisatie_id: t.organisation_id,
            organisatie: t.organisation_name,
            track_id: t.track_id,
            track: t.track_name,
            deadline: t.due_on.iso(),
            toegewezen_aan: t.assignee,
            uitkomst: t.outcome.map(|o| o.code().to_string()),
            notitie: t.note,
            afgerond_op: t.done_at,
            afgerond_door: t.done_by,
        }
    }
}

/// The outcome of a follow-up call.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct GesprekInvoer {
    /// plan-opgepakt (stage → implementeren), plan-in-la (→ plannen), financiering-nodig
    /// (→ financieren-opschalen) or doorverwezen (a referral to `partnerId`).
    #[schema(example = "plan-opgepakt")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::FollowUpOutcome>)]
    pub uitkomst: Option<String>,
    #[schema(max_length = 5000)]
    pub notitie: Option<String>,
    /// The partner it was referred to (with doorverwezen).
    #[serde(deserialize_with = "super::opt_id")]
    pub partner_id: Option<i64>,
}

impl From<GesprekInvoer> for CallInput {
    fn from(v: GesprekInvoer) -> Self {
        CallInput {
            outcome: v.uitkomst,
            note: v.notitie,
            partner_id: v.partner_id,
        }
    }
}

/// Filters of the Track list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct TrackFilter {
    pub zoek: Option<String>,
    /// Provider id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub aanbieder: Option<String>,
    pub pagina: Option<i64>,
    pub pagina_grootte: Option<i64>,
}

/// Filters of the task list (shared with the page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct TaakFilter {
    /// open (default), te-laat (open and past the due date) or alle.
    #[param(pattern = r"^(|open|te-laat|alle)$")]
    pub status: Option<String>,
    /// Track id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub track: Option<String>,
    /// Organisation id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    pub pagina: Option<i64>,
    pub pagina_grootte: Option<i64>,
}

impl TaakFilter {
    pub fn to_filter(&self, strict: bool) -> ApiResult<TaskFilter> {
        let today = middenveld_domain::LocalDateTime::now().date();
        let (include_done, overdue_on) = match self.status.as_deref().map(str::trim).unwrap_or("open") {
            "" | "open" => (false, None),
            "te-laat" => (false, Some(today)),
            "alle" => (true, None),
            _ if strict => {
                return Err(ApiError::bad_request(
                    "Onbekende waarde voor status; mogelijk: open, te-laat, alle.".to_string(),
                ));
            }
            _ => (false, None),
        };
        Ok(TaskFilter {
            include_done,
            overdue_on,
            track_id: id_filter(strict, "track", &self.track)?,
            organisation_id: id_filter(strict, "organisatie", &self.organisatie)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<TrackUit> {
    Ok(TrackUit::from(s.services.track(&user.actor(), id).await?))
}

/// List Tracks, latest first.
#[utoipa::path(get, path = "/tracks", tag = "tracks", operation_id = "tracks-lijst",
    params(TrackFilter),
    responses((status = 200, description = "Een pagina Tracks", body = Lijst<TrackUit>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<TrackFilter>) -> ApiResult<Response> {
    let page = s
        .services
        .tracks(
            &user.actor(),
            text_filter(&q.zoek).as_deref(),
            id_filter(true, "aanbieder", &q.aanbieder)?,
            middenveld_services::store::Paging::new(q.pagina, q.pagina_grootte),
        )
        .await?;
    Ok(axum::Json(Lijst {
        items: page.items.into_iter().map(TrackUit::from).collect::<Vec<_>>(),
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
    })
    .into_response())
}

/// Plan a Track.
#[utoipa::path(post, path = "/tracks", tag = "tracks", operation_id = "track-aanmaken",
    request_body = TrackInvoer,
    responses((status = 201, description = "Aangemaakt", body = TrackUit)))]
async fn create(State(s): State<AppState>, user: ApiUser, ApiJson(body): ApiJson<TrackInvoer>) -> ApiResult<Response> {
    let id = s.services.create_track(&user.actor(), body.into()).await?;
    Ok(created(format!("/api/v1/tracks/{id}"), one(&s, &user, id).await?))
}

/// One Track.
#[utoipa::path(get, path = "/tracks/{id}", tag = "tracks", operation_id = "track-ophalen",
    params(("id" = i64, Path, description = "Id van de Track")),
    responses((status = 200, description = "De Track", body = TrackUit)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace a Track's fields.
#[utoipa::path(put, path = "/tracks/{id}", tag = "tracks", operation_id = "track-wijzigen",
    params(("id" = i64, Path, description = "Id van de Track")),
    request_body = TrackInvoer,
    responses((status = 200, description = "Gewijzigd", body = TrackUit)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<TrackInvoer>,
) -> ApiResult<Response> {
    s.services.update_track(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete a Track (its sessions stay as events, its tasks as tasks).
#[utoipa::path(delete, path = "/tracks/{id}", tag = "tracks", operation_id = "track-verwijderen",
    params(("id" = i64, Path, description = "Id van de Track")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_track(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Plan a session: an event of the Track (kind tracksessie unless given).
#[utoipa::path(post, path = "/tracks/{id}/sessies", tag = "tracks", operation_id = "track-sessie-aanmaken",
    params(("id" = i64, Path, description = "Id van de Track")),
    request_body = EvenementInvoer,
    responses((status = 201, description = "Aangemaakt", body = super::event::Evenement)))]
async fn add_session(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<EvenementInvoer>,
) -> ApiResult<Response> {
    let event = s.services.add_session(&user.actor(), id, body.into()).await?;
    let e = super::event::Evenement::from(s.services.event(&user.actor(), event).await?);
    Ok(created(format!("/api/v1/evenementen/{event}"), e))
}

/// The enrolled companies, by chain and name.
#[utoipa::path(get, path = "/tracks/{id}/deelnemers", tag = "tracks", operation_id = "track-deelnemers-lijst",
    params(("id" = i64, Path, description = "Id van de Track")),
    responses((status = 200, description = "De deelnemers", body = TrackDeelnemers)))]
async fn enrolments(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<TrackDeelnemer> = s
        .services
        .track_detail(&user.actor(), id)
        .await?
        .enrolments
        .into_iter()
        .map(TrackDeelnemer::from)
        .collect();
    Ok(axum::Json(TrackDeelnemers {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Enrol a company (or change its chain).
#[utoipa::path(put, path = "/tracks/{id}/deelnemers/{organisatieId}", tag = "tracks", operation_id = "track-deelnemer-zetten",
    params(("id" = i64, Path, description = "Id van de Track"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    request_body = InschrijvingInvoer,
    responses((status = 200, description = "De deelnemers", body = TrackDeelnemers)))]
async fn enrol(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, org): ApiIds,
    ApiJson(body): ApiJson<InschrijvingInvoer>,
) -> ApiResult<Response> {
    s.services
        .enrol(&user.actor(), id, Some(org), body.keten.as_deref())
        .await?;
    enrolments(State(s), user, ApiId(id)).await
}

/// Remove a company from a Track.
#[utoipa::path(delete, path = "/tracks/{id}/deelnemers/{organisatieId}", tag = "tracks", operation_id = "track-deelnemer-verwijderen",
    params(("id" = i64, Path, description = "Id van de Track"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    responses((status = 204, description = "Verwijderd")))]
async fn unenrol(State(s): State<AppState>, user: ApiUser, ApiIds(id, org): ApiIds) -> ApiResult<Response> {
    s.services.unenrol(&user.actor(), id, org).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Complete a Track: a follow-up task per enrolled company, due the Track's weeks after the
/// last session (completing again adds only missing ones).
#[utoipa::path(post, path = "/tracks/{id}/afronden", tag = "tracks", operation_id = "track-afronden",
    params(("id" = i64, Path, description = "Id van de Track")),
    responses((status = 201, description = "Afgerond", body = Afgerond)))]
async fn complete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let opvolgtaken = s.services.complete_track(&user.actor(), id).await?;
    Ok(created(format!("/api/v1/taken?track={id}"), Afgerond { opvolgtaken }))
}

/// Follow-up tasks, soonest due first: open by default, te-laat for the overdue ones.
#[utoipa::path(get, path = "/taken", tag = "tracks", operation_id = "taken-lijst",
    params(TaakFilter),
    responses((status = 200, description = "Een pagina taken", body = Lijst<Taak>)))]
async fn tasks(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<TaakFilter>) -> ApiResult<Response> {
    let page = s.services.tasks(&user.actor(), &q.to_filter(true)?).await?;
    Ok(axum::Json(Lijst {
        items: page.items.into_iter().map(Taak::from).collect::<Vec<_>>(),
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
    })
    .into_response())
}

/// Record the outcome of a follow-up call: the company's stage moves, or it is referred.
#[utoipa::path(post, path = "/taken/{id}/afronden", tag = "tracks", operation_id = "taak-afronden",
    params(("id" = i64, Path, description = "Id van de taak")),
    request_body = GesprekInvoer,
    responses((status = 201, description = "Vastgelegd", body = Taak)))]
async fn complete_task(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<GesprekInvoer>,
) -> ApiResult<Response> {
    s.services.complete_task(&user.actor(), id, body.into()).await?;
    let t = Taak::from(s.services.task(&user.actor(), id).await?);
    Ok(created(format!("/api/v1/taken/{id}"), t))
}
