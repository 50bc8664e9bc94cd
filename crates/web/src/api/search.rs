//! Search across organisations and people (`/zoeken`): accents and case ignored, prefixes,
//! ranked.

use super::organisation::OrganisatieSamenvatting;
use super::person::PersoonSamenvatting;
use super::{ApiQuery, ApiResult, ApiUser, Lijst};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// The search question (shared with the search page).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", default)]
#[into_params(parameter_in = Query)]
pub struct Zoekvraag {
    /// Words to find; prefixes match ("coop" finds "Coöperatie"); accents and case ignored.
    pub zoek: Option<String>,
    /// Page number, from 1 (applies to both lists).
    pub pagina: Option<i64>,
    /// Items per page and list, 1 to 100.
    pub pagina_grootte: Option<i64>,
}

impl Zoekvraag {
    pub fn paging(&self) -> middenveld_services::store::Paging {
        middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte)
    }
}

/// Matching organisations and people, best match first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Zoekresultaten {
    pub organisaties: Lijst<OrganisatieSamenvatting>,
    pub personen: Lijst<PersoonSamenvatting>,
}

/// Search organisations and people at once.
#[utoipa::path(get, path = "/zoeken", tag = "zoeken", operation_id = "zoeken",
    params(Zoekvraag),
    responses((status = 200, description = "De gevonden organisaties en personen", body = Zoekresultaten)))]
async fn search(State(s): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<Zoekvraag>) -> ApiResult<Response> {
    let r = s
        .services
        .search(&user.actor(), q.zoek.as_deref().unwrap_or_default(), q.paging())
        .await?;
    Ok(axum::Json(Zoekresultaten {
        organisaties: Lijst::from_page(r.organisations, OrganisatieSamenvatting::from),
        personen: Lijst::from_page(r.people, PersoonSamenvatting::from),
    })
    .into_response())
}
