//! Projects in the API (`/projecten`) with their participants
//! (`/projecten/{id}/deelnemers`). The consortium kind is derived from the participants'
//! kinds, never written. The input types are shared with the HTML forms.

use super::network::{ApiIds, id_filter, text_filter};
use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser, Lijst, created, filter, lenient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, ConsortiumKind, InnovationStage};
use middenveld_domain::project::{
    Participant, ParticipantInput, Project as DomainProject, ProjectInput, consortium_kind,
};
use middenveld_services::store::project::{ParticipantRecord, ProjectFilter as StoreFilter, ProjectRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(participants))
        .routes(routes!(set_participant, remove_participant))
}

/// A project as it is written (create, replace).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectInvoer {
    /// Name (required).
    #[schema(example = "Smart Welding Factory")]
    #[schema(required, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")]
    pub naam: Option<String>,
    #[schema(max_length = 5000)]
    pub omschrijving: Option<String>,
    /// Innovation stage (required): idee, haalbaarheid, ontwikkeling, pilot, marktintroductie
    /// or opschaling.
    #[schema(example = "pilot")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::InnovationStage>)]
    pub innovatiefase: Option<String>,
    /// Start date (YYYY-MM-DD).
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub startdatum: Option<String>,
    /// End date (YYYY-MM-DD), not before the start date.
    #[schema(schema_with = super::openapi::date_or_empty)]
    pub einddatum: Option<String>,
    /// Id of the network the project came from.
    #[serde(deserialize_with = "super::opt_id")]
    pub netwerk_id: Option<i64>,
    #[schema(max_length = 500, pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s.][^\s]*\.[^\s]*)?$")]
    pub website: Option<String>,
    /// Theme ids.
    #[serde(deserialize_with = "super::ids")]
    pub themas: Vec<i64>,
}

impl From<ProjectInvoer> for ProjectInput {
    fn from(v: ProjectInvoer) -> Self {
        ProjectInput {
            name: v.naam.unwrap_or_default(),
            description: v.omschrijving,
            stage: v.innovatiefase,
            start_date: v.startdatum,
            end_date: v.einddatum,
            network_id: v.netwerk_id,
            website: v.website,
            theme_ids: v.themas,
        }
    }
}

impl From<&DomainProject> for ProjectInvoer {
    fn from(p: &DomainProject) -> Self {
        ProjectInvoer {
            naam: Some(p.name.clone()),
            omschrijving: p.description.clone(),
            innovatiefase: Some(p.stage.code().to_string()),
            startdatum: p.start_date.map(|d| d.iso()),
            einddatum: p.end_date.map(|d| d.iso()),
            netwerk_id: p.network_id,
            website: p.website.clone(),
            themas: p.theme_ids.clone(),
        }
    }
}

/// A stored project with its derived consortium kind.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: i64,
    #[serde(flatten)]
    pub velden: ProjectInvoer,
    /// Name of the network.
    pub netwerk: Option<String>,
    /// Number of participating organisations.
    pub deelnemers: i64,
    /// Derived from the participants' kinds (never written): privaat, publiek-privaat or
    /// publiek; null below two participants.
    #[schema(example = "publiek-privaat")]
    pub consortium: Option<String>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
}

impl Project {
    pub(crate) fn new(r: ProjectRecord, consortium: Option<ConsortiumKind>) -> Project {
        Project {
            id: r.id,
            velden: ProjectInvoer::from(&r.data),
            netwerk: r.network_name,
            deelnemers: r.participant_count,
            consortium: consortium.map(|c| c.code().to_string()),
            aangemaakt_op: r.created_at,
            gewijzigd_op: r.updated_at,
        }
    }
}

/// The participant of a project as it is written: the organisation and its role.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct DeelnemerInvoer {
    /// Id of the organisation; in the API it comes from the path.
    #[serde(deserialize_with = "super::opt_id")]
    pub organisatie_id: Option<i64>,
    /// penvoerder, partner, kennispartner, toeleverancier or klant (required).
    #[schema(example = "partner")]
    #[schema(required, schema_with = super::openapi::coded::<middenveld_domain::ParticipantRole>)]
    pub rol: Option<String>,
}

impl From<DeelnemerInvoer> for ParticipantInput {
    fn from(v: DeelnemerInvoer) -> Self {
        ParticipantInput {
            organisation_id: v.organisatie_id,
            role: v.rol,
        }
    }
}

impl From<&Participant> for DeelnemerInvoer {
    fn from(p: &Participant) -> Self {
        DeelnemerInvoer {
            organisatie_id: Some(p.organisation_id),
            rol: Some(p.role.code().to_string()),
        }
    }
}

/// A participating organisation with its name, kind and role.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deelnemer {
    pub project_id: i64,
    #[serde(flatten)]
    pub velden: DeelnemerInvoer,
    /// Name of the organisation.
    pub organisatie: String,
    /// Kind of the organisation (mkb, kennisinstelling, …).
    pub soort: String,
}

impl From<ParticipantRecord> for Deelnemer {
    fn from(r: ParticipantRecord) -> Self {
        Deelnemer {
            project_id: r.project_id,
            velden: DeelnemerInvoer::from(&r.data),
            organisatie: r.organisation_name,
            soort: r.organisation_kind.code().to_string(),
        }
    }
}

/// The participants of a project.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deelnemers {
    pub items: Vec<Deelnemer>,
    /// Number of participants.
    pub totaal: i64,
    /// Derived consortium kind: privaat, publiek-privaat, publiek, or null.
    pub consortium: Option<String>,
}

/// Filters of the project list (shared with the list page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct ProjectFilter {
    /// Part of the name; accents and case ignored.
    pub zoek: Option<String>,
    /// Innovation stage.
    #[param(schema_with = super::openapi::coded_or_empty::<middenveld_domain::InnovationStage>)]
    pub innovatiefase: Option<String>,
    /// Network id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub netwerk: Option<String>,
    /// Theme id.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub thema: Option<String>,
    /// Organisation id: projects it takes part in.
    #[param(value_type = Option<String>, pattern = r"^(-?[0-9]{1,18})?$")]
    pub organisatie: Option<String>,
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl ProjectFilter {
    /// The store filter; with `strict`, unknown values are refused (API), else ignored (pages).
    pub fn to_filter(&self, strict: bool) -> ApiResult<StoreFilter> {
        Ok(StoreFilter {
            name_contains: text_filter(&self.zoek),
            stage: lenient(strict, filter::<InnovationStage>("innovatiefase", &self.innovatiefase))?,
            network_id: id_filter(strict, "netwerk", &self.netwerk)?,
            theme_id: id_filter(strict, "thema", &self.thema)?,
            organisation_id: id_filter(strict, "organisatie", &self.organisatie)?,
            paging: middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte),
        })
    }
}

/// The project with its consortium kind, derived from its participants.
async fn with_consortium(s: &AppState, user: &ApiUser, r: ProjectRecord) -> ApiResult<Project> {
    if r.participant_count < 2 {
        return Ok(Project::new(r, None));
    }
    let kinds: Vec<_> = s
        .services
        .participants(&user.actor(), r.id)
        .await?
        .iter()
        .map(|p| p.organisation_kind)
        .collect();
    Ok(Project::new(r, consortium_kind(&kinds)))
}

async fn one(s: &AppState, user: &ApiUser, id: i64) -> ApiResult<Project> {
    let d = s.services.project_detail(&user.actor(), id).await?;
    Ok(Project::new(d.record, d.consortium))
}

/// List projects, filtered and paged.
#[utoipa::path(get, path = "/projecten", tag = "projecten", operation_id = "projecten-lijst",
    params(ProjectFilter),
    responses((status = 200, description = "Een pagina projecten", body = Lijst<Project>)))]
async fn list(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<ProjectFilter>) -> ApiResult<Response> {
    let page = s.services.projects(&user.actor(), &q.to_filter(true)?).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for r in page.items {
        items.push(with_consortium(&s, &user, r).await?);
    }
    let lijst = Lijst {
        items,
        totaal: page.total,
        pagina: page.paging.page,
        pagina_grootte: page.paging.size,
    };
    Ok(axum::Json(lijst).into_response())
}

/// Register a project.
#[utoipa::path(post, path = "/projecten", tag = "projecten", operation_id = "project-aanmaken",
    request_body = ProjectInvoer,
    responses((status = 201, description = "Aangemaakt", body = Project)))]
async fn create(
    State(s): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ProjectInvoer>,
) -> ApiResult<Response> {
    let id = s.services.create_project(&user.actor(), body.into()).await?;
    Ok(created(format!("/api/v1/projecten/{id}"), one(&s, &user, id).await?))
}

/// One project, with its number of participants and consortium kind.
#[utoipa::path(get, path = "/projecten/{id}", tag = "projecten", operation_id = "project-ophalen",
    params(("id" = i64, Path, description = "Id van het project")),
    responses((status = 200, description = "Het project", body = Project)))]
async fn get_one(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Replace a project's fields (participants are kept).
#[utoipa::path(put, path = "/projecten/{id}", tag = "projecten", operation_id = "project-wijzigen",
    params(("id" = i64, Path, description = "Id van het project")),
    request_body = ProjectInvoer,
    responses((status = 200, description = "Gewijzigd", body = Project)))]
async fn update(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ProjectInvoer>,
) -> ApiResult<Response> {
    s.services.update_project(&user.actor(), id, body.into()).await?;
    Ok(axum::Json(one(&s, &user, id).await?).into_response())
}

/// Delete a project (with its participations).
#[utoipa::path(delete, path = "/projecten/{id}", tag = "projecten", operation_id = "project-verwijderen",
    params(("id" = i64, Path, description = "Id van het project")),
    responses((status = 204, description = "Verwijderd")))]
async fn delete(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    s.services.delete_project(&user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The participants of a project, with organisation name, kind and role.
#[utoipa::path(get, path = "/projecten/{id}/deelnemers", tag = "projecten", operation_id = "project-deelnemers-lijst",
    params(("id" = i64, Path, description = "Id van het project")),
    responses((status = 200, description = "De deelnemers", body = Deelnemers)))]
async fn participants(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let records = s.services.participants(&user.actor(), id).await?;
    let kinds: Vec<_> = records.iter().map(|p| p.organisation_kind).collect();
    let consortium = consortium_kind(&kinds).map(|c| c.code().to_string());
    let items: Vec<Deelnemer> = records.into_iter().map(Deelnemer::from).collect();
    let totaal = i64::try_from(items.len()).unwrap_or(i64::MAX);
    Ok(axum::Json(Deelnemers {
        items,
        totaal,
        consortium,
    })
    .into_response())
}

/// Add an organisation to a project, or change its role when it already takes part.
#[utoipa::path(put, path = "/projecten/{id}/deelnemers/{organisatieId}", tag = "projecten", operation_id = "project-deelnemer-zetten",
    params(("id" = i64, Path, description = "Id van het project"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    request_body = DeelnemerInvoer,
    responses((status = 200, description = "De deelnemer", body = Deelnemer)))]
async fn set_participant(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, organisatie): ApiIds,
    ApiJson(body): ApiJson<DeelnemerInvoer>,
) -> ApiResult<Response> {
    let input = DeelnemerInvoer {
        organisatie_id: Some(organisatie),
        ..body
    };
    s.services.set_participant(&user.actor(), id, input.into()).await?;
    let record = s
        .services
        .participants(&user.actor(), id)
        .await?
        .into_iter()
        .find(|p| p.data.organisation_id == organisatie)
        .ok_or(middenveld_services::ServiceError::NotFound)?;
    Ok(axum::Json(Deelnemer::from(record)).into_response())
}

/// Remove an organisation from a project.
#[utoipa::path(delete, path = "/projecten/{id}/deelnemers/{organisatieId}", tag = "projecten", operation_id = "project-deelnemer-verwijderen",
    params(("id" = i64, Path, description = "Id van het project"), ("organisatieId" = i64, Path, description = "Id van de organisatie")),
    responses((status = 204, description = "Verwijderd")))]
async fn remove_participant(
    State(s): State<AppState>,
    user: ApiUser,
    ApiIds(id, organisatie): ApiIds,
) -> ApiResult<Response> {
    s.services.remove_participant(&user.actor(), id, organisatie).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
