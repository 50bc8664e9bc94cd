//! The journey in the API: an organisation's stage changes (`/organisaties/{id}/fasewijzigingen`)
//! and timeline (`/organisaties/{id}/tijdlijn`), and the funnel (`/reis`).

use super::{ApiId, ApiJson, ApiQuery, ApiResult, ApiUser};
use crate::AppState;
use crate::pages::journey::ReisFilter;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use middenveld_domain::Lang;
use middenveld_domain::enums::Coded;
use middenveld_services::store::journey::StageChangeRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(stage_changes, change_stage))
        .routes(routes!(timeline))
        .routes(routes!(funnel))
}

/// A change of stage as it is written.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct FasewijzigingInvoer {
    /// The new stage (onbewust, geinteresseerd, plannen, implementeren, financieren-opschalen),
    /// or null to clear it.
    #[schema(schema_with = super::openapi::coded_or_null::<middenveld_domain::JourneyStage>)]
    pub fase: Option<String>,
    /// Why (required).
    #[schema(example = "Plan na de Track opgepakt")]
    #[schema(required, nullable = false, min_length = 1, max_length = 1000, pattern = r"\S")]
    pub fase_reden: Option<String>,
}

/// A recorded change of stage.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Fasewijziging {
    pub id: i64,
    pub organisatie_id: i64,
    /// The stage before; null at the first registration.
    pub van: Option<String>,
    /// The stage after; null when cleared.
    pub naar: Option<String>,
    pub reden: String,
    /// Who changed it.
    pub door: String,
    /// When (RFC 3339, UTC).
    pub op: String,
}

impl From<StageChangeRecord> for Fasewijziging {
    fn from(r: StageChangeRecord) -> Self {
        Fasewijziging {
            id: r.id,
            organisatie_id: r.organisation_id,
            van: r.change.from.map(|s| s.code().to_string()),
            naar: r.change.to.map(|s| s.code().to_string()),
            reden: r.change.reason,
            door: r.user_name,
            op: r.changed_at,
        }
    }
}

/// The stage changes of an organisation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Fasewijzigingen {
    pub items: Vec<Fasewijziging>,
    pub totaal: i64,
}

/// The stage history of an organisation, latest first.
#[utoipa::path(get, path = "/organisaties/{id}/fasewijzigingen", tag = "reis", operation_id = "organisatie-fasewijzigingen-lijst",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "De fasewijzigingen", body = Fasewijzigingen)))]
async fn stage_changes(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    let items: Vec<Fasewijziging> = s
        .services
        .stage_history(&user.actor(), id)
        .await?
        .into_iter()
        .map(Fasewijziging::from)
        .collect();
    Ok(axum::Json(Fasewijzigingen {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Move an organisation to another stage, saying why. Gives the history.
#[utoipa::path(post, path = "/organisaties/{id}/fasewijzigingen", tag = "reis", operation_id = "organisatie-fase-wijzigen",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    request_body = FasewijzigingInvoer,
    responses((status = 201, description = "Vastgelegd", body = Fasewijzigingen)))]
async fn change_stage(
    State(s): State<AppState>,
    user: ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FasewijzigingInvoer>,
) -> ApiResult<Response> {
    s.services
        .change_stage(&user.actor(), id, body.fase.as_deref(), body.fase_reden.as_deref())
        .await?;
    let items: Vec<Fasewijziging> = s
        .services
        .stage_history(&user.actor(), id)
        .await?
        .into_iter()
        .map(Fasewijziging::from)
        .collect();
    Ok(super::created(
        format!("/api/v1/organisaties/{id}/fasewijzigingen"),
        Fasewijzigingen {
            totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
            items,
        },
    ))
}

/// One line of a timeline.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TijdlijnRegel {
    /// ISO date or time, for sorting.
    pub moment: String,
    /// fase, evenement, netwerk, ondersteuning, doorverwijzing, track, contactmoment or
    /// geregistreerd.
    pub soort: String,
    pub omschrijving: String,
    /// The page it concerns, if any.
    pub link: Option<String>,
}

/// An organisation's timeline.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tijdlijn {
    pub items: Vec<TijdlijnRegel>,
    pub totaal: i64,
}

/// Everything that happened to an organisation, latest first: stage changes, events,
/// network memberships, its registration.
#[utoipa::path(get, path = "/organisaties/{id}/tijdlijn", tag = "reis", operation_id = "organisatie-tijdlijn",
    params(("id" = i64, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "De tijdlijn", body = Tijdlijn)))]
async fn timeline(State(s): State<AppState>, user: ApiUser, ApiId(id): ApiId) -> ApiResult<Response> {
    use middenveld_services::journey::TimelineKind;
    let items: Vec<TijdlijnRegel> = s
        .services
        .timeline(&user.actor(), id, Lang::Nl)
        .await?
        .into_iter()
        .map(|i| TijdlijnRegel {
            moment: i.key,
            soort: match i.what {
                TimelineKind::Stage => "fase",
                TimelineKind::Event => "evenement",
                TimelineKind::Membership => "netwerk",
                TimelineKind::Support => "ondersteuning",
                TimelineKind::Referral => "doorverwijzing",
                TimelineKind::Track => "track",
                TimelineKind::Contact => "contactmoment",
                TimelineKind::Registered => "geregistreerd",
            }
            .to_string(),
            omschrijving: i.text,
            link: i.href,
        })
        .collect();
    Ok(axum::Json(Tijdlijn {
        totaal: i64::try_from(items.len()).unwrap_or(i64::MAX),
        items,
    })
    .into_response())
}

/// Organisations at one stage.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaseAantal {
    /// The stage; null for organisations without one.
    pub fase: Option<String>,
    pub aantal: i64,
}

/// Changes from one stage to another in the period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Overgang {
    pub van: String,
    /// Null when the stage was cleared.
    pub naar: Option<String>,
    pub aantal: i64,
}

/// The funnel.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reis {
    /// Every stage in journey order, then the organisations without one.
    pub fasen: Vec<FaseAantal>,
    pub totaal: i64,
    pub overgangen: Vec<Overgang>,
    /// Changes to a later stage.
    pub vooruit: i64,
    /// Changes to an earlier stage.
    pub terug: i64,
    /// Follow-up calls past their due date (all organisations).
    pub opvolging_te_laat: i64,
}

/// How many organisations are at each stage, and how many changed stage in a period; for all,
/// a network's members or an event's cohort.
#[utoipa::path(get, path = "/reis", tag = "reis", operation_id = "reis-trechter",
    params(ReisFilter),
    responses((status = 200, description = "De trechter", body = Reis)))]
async fn funnel(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<ReisFilter>) -> ApiResult<Response> {
    let f = s.services.funnel(&user.actor(), &q.to_filter(true)?).await?;
    let code = |s: Option<middenveld_domain::JourneyStage>| s.map(|s| s.code().to_string());
    Ok(axum::Json(Reis {
        fasen: f
            .stages
            .iter()
            .map(|(s, n)| FaseAantal {
                fase: code(*s),
                aantal: *n,
            })
            .collect(),
        totaal: f.total,
        overgangen: f
            .moves
            .iter()
            .map(|(from, to, n)| Overgang {
                van: from.code().to_string(),
                naar: code(*to),
                aantal: *n,
            })
            .collect(),
        vooruit: f.forward,
        terug: f.backward,
        opvolging_te_laat: f.overdue,
    })
    .into_response())
}
