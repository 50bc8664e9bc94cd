//! The JSON API under `/api/v1`: token authentication, problem+json errors (RFC 9457), and
//! an OpenAPI 3 document generated from the handlers, shaped to the Dutch API Design Rules.

pub mod accountability;
pub mod advice;
pub mod agreement;
pub mod contact;
pub mod duplicate;
pub mod event;
pub mod example;
pub mod export;
pub mod journey;
pub mod launching;
pub mod network;
pub mod openapi;
pub mod opendata;
pub mod organisation;
pub mod person;
pub mod project;
pub mod referral;
pub mod search;
pub mod signpost;
pub mod support;
pub mod theme;
pub mod track;

use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use middenveld_domain::{Lang, ValidationErrors};
use middenveld_services::auth::CurrentUser;
use middenveld_services::{Actor, ServiceError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The API paths anyone may read without a token: the public site's data.
pub const PUBLIC_PATHS: &[&str] = &["/wegwijzer", "/open-data", "/open-data/{dataset}"];

/// The API's routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(organisation::router())
        .merge(duplicate::router())
        .merge(export::router())
        .merge(person::router())
        .merge(theme::router())
        .merge(network::router())
        .merge(project::router())
        .merge(event::router())
        .merge(journey::router())
        .merge(contact::router())
        .merge(support::router())
        .merge(referral::router())
        .merge(track::router())
        .merge(signpost::router())
        .merge(accountability::router())
        .merge(launching::router())
        .merge(search::router())
        .merge(example::router())
        .merge(opendata::router())
        .merge(advice::router())
        .merge(agreement::router())
}

/// One refused field of a request.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvalidParam {
    /// The field, as named in the request body (e.g. `kvkNummer`).
    pub name: String,
    /// A stable code for the kind of error.
    pub code: String,
    /// What is wrong and how to fix it, in Dutch.
    pub reason: String,
}

/// An error in the format of RFC 9457 (problem+json).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// The existing record a conflicting request collides with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing: Option<Link>,
    /// The records that still refer to a record whose deletion was refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<Link>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Link {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// An API error, rendered as problem+json.
#[derive(Debug)]
pub struct ApiError(pub Box<Problem>);

impl ApiError {
    pub fn new(status: StatusCode, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError(Box::new(Problem {
            type_: "about:blank".into(),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            invalid_params: Vec::new(),
            existing: None,
            used_by: Vec::new(),
        }))
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "Ongeldig verzoek", detail)
    }

    fn invalid(status: StatusCode, title: &str, errors: &ValidationErrors) -> ApiError {
        let mut e = ApiError::new(status, title, errors.to_string());
        e.0.invalid_params = errors
            .0
            .iter()
            .map(|f| InvalidParam {
                name: f.field.to_string(),
                code: error_code(&f.code),
                reason: f.code.message(Lang::Nl),
            })
            .collect();
        e
    }
}

fn error_code(code: &middenveld_domain::ErrorCode) -> String {
    let debug = format!("{code:?}");
    let name = debug.split([' ', '{', '(']).next().unwrap_or_default();
    // CamelCase → kebab-case: KvkDuplicate → kvk-duplicate
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errors) => {
                ApiError::invalid(StatusCode::UNPROCESSABLE_ENTITY, "Ongeldige invoer", &errors)
            }
            ServiceError::Conflict { errors, existing } => {
                let mut p = ApiError::invalid(StatusCode::CONFLICT, "Bestaat al", &errors);
                p.0.existing = existing.map(|x| Link {
                    href: format!("/api/v1/{}/{}", x.collection, x.id),
                    title: Some(x.name),
                });
                p
            }
            ServiceError::InUse(users) => {
                let detail = if users.is_empty() {
                    "Dit record wordt nog gebruikt door andere records en is niet verwijderd.".to_string()
                } else {
                    let names: Vec<String> = users
                        .iter()
                        .map(|u| format!("'{}' (/api/v1/{}/{})", u.name, u.collection, u.id))
                        .collect();
                    format!(
                        "Dit record wordt nog gebruikt door: {}. Wijzig of verwijder die eerst; er is niets verwijderd.",
                        names.join(", ")
                    )
                };
                let mut p = ApiError::new(StatusCode::CONFLICT, "In gebruik", detail);
                p.0.used_by = users
                    .into_iter()
                    .map(|u| Link {
                        href: format!("/api/v1/{}/{}", u.collection, u.id),
                        title: Some(u.name),
                    })
                    .collect();
                p
            }
            ServiceError::NotFound => ApiError::new(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Dit record bestaat niet (meer).",
            ),
            ServiceError::Forbidden => {
                ApiError::new(StatusCode::FORBIDDEN, "Geen toegang", "Uw rol staat dit niet toe.")
            }
            ServiceError::BadCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "Niet aangemeld", "Ongeldig token.")
            }
            ServiceError::Throttled { retry_after_secs } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Te veel verzoeken",
                format!("Probeer het over {retry_after_secs} seconden opnieuw."),
            ),
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "API request failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interne fout",
                    "Er is niets opgeslagen.",
                )
            }
            ServiceError::Internal(e) => {
                tracing::error!(error = %e, "API request failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interne fout",
                    "Er is niets opgeslagen.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(self.0.as_ref()).unwrap_or_default();
        let mut r = (status, body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A caller authenticated with `Authorization: Bearer <token>`.
pub struct ApiUser(pub CurrentUser);

impl ApiUser {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Niet aangemeld",
                "Stuur een API-token mee: Authorization: Bearer <token> (maak er een met `middenveld token create`).",
            ));
        };
        match state.services.token_user(token).await? {
            Some(user) => Ok(ApiUser(user)),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "Niet aangemeld",
                "Dit token is onbekend of ingetrokken.",
            )),
        }
    }
}

/// A JSON body; anything unreadable is a 400 problem.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        // Read as JSON first: serde would also build a record from an array (`[null, null]`),
        // and the document declares every body an object.
        let value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(v)) => v,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Verzoek te groot",
                    "Het verzoek is groter dan deze route aanneemt; er is niets opgeslagen.",
                ));
            }
            Err(rejection) => {
                return Err(ApiError::bad_request(format!(
                    "De JSON in het verzoek is niet te lezen: {}",
                    rejection.body_text()
                )));
            }
        };
        if !value.is_object() {
            return Err(ApiError::bad_request(
                "De JSON in het verzoek is niet te lezen: verwacht een object ({...}).",
            ));
        }
        serde_json::from_value::<T>(value)
            .map(ApiJson)
            .map_err(|e| ApiError::bad_request(format!("De JSON in het verzoek is niet te lezen: {e}")))
    }
}

/// Query parameters; anything unreadable is a 400 problem.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or_default();
        serde_html_form::from_str::<T>(q)
            .map(ApiQuery)
            .map_err(|e| ApiError::bad_request(format!("Ongeldige zoekparameters: {e}")))
    }
}

/// A path id; a non-number is a 400 problem.
pub struct ApiId(pub i64);

impl FromRequestParts<AppState> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => path_number(&id)
                .map(ApiId)
                .ok_or_else(|| ApiError::bad_request("Het id in het pad is geen getal.")),
            Err(_) => Err(ApiError::bad_request("Het id in het pad is geen getal.")),
        }
    }
}

/// A whole number in a path: `12`, or `12.0` (JSON Schema calls both an integer, and clients
/// that generate paths from the document may write either).
pub fn path_number(segment: &str) -> Option<i64> {
    segment
        .parse::<i64>()
        .ok()
        .or_else(|| segment.parse::<f64>().ok().filter(|f| f.is_finite()).and_then(whole))
}

/// 201 Created with a Location header and the new record.
/// A list's length as the `totaal` of a response.
pub fn total(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn created<T: Serialize>(location: String, body: T) -> Response {
    let mut r = (StatusCode::CREATED, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A list page in the API.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Lijst<T> {
    pub items: Vec<T>,
    /// Total number of matching records.
    pub totaal: i64,
    pub pagina: i64,
    pub pagina_grootte: i64,
}

impl<T> Lijst<T> {
    pub fn from_page<S>(page: middenveld_services::store::Page<S>, f: impl Fn(S) -> T) -> Lijst<T> {
        Lijst {
            totaal: page.total,
            pagina: page.paging.page,
            pagina_grootte: page.paging.size,
            items: page.items.into_iter().map(f).collect(),
        }
    }
}

/// A whole number as JSON gives it: `600` and `600.0` alike (JSON Schema calls both an
/// integer), or text (forms send text).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    Int(i64),
    Float(f64),
    Str(String),
}

impl RawId {
    /// The number; `None` for empty text.
    fn id<E: serde::de::Error>(self) -> Option<Result<i64, E>> {
        match self {
            RawId::Int(i) => Some(Ok(i)),
            RawId::Float(f) => Some(whole(f).ok_or_else(|| E::custom(format!("{f} is geen geheel getal")))),
            RawId::Str(s) if s.trim().is_empty() => None,
            RawId::Str(s) => Some(s.trim().parse().map_err(E::custom)),
        }
    }
}

/// A float that is a whole number within the range of `i64`.
pub fn whole(f: f64) -> Option<i64> {
    // 2^63 as f64; every f64 strictly between -2^63 and 2^63 with no fraction fits an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    #[allow(clippy::cast_possible_truncation)]
    (f.fract() == 0.0 && f > -LIMIT && f < LIMIT).then_some(f as i64)
}

/// Accepts an id as a number or a string, and "" or null as absent (forms send strings).
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<RawId>::deserialize(d)? {
        None => Ok(None),
        Some(raw) => raw.id().transpose(),
    }
}

/// Accepts a whole number as a JSON number (`600` or `600.0`) or as text (forms send text);
/// the domain reads and checks it, so "ooit" is a 422 on the field. A fraction is unreadable
/// (400).
pub fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<RawId>::deserialize(d)? {
        None => Ok(None),
        Some(RawId::Str(s)) => Ok(Some(s)),
        Some(raw) => raw.id().transpose().map(|n| n.map(|n| n.to_string())),
    }
}

/// Writes a whole number kept as text (see [`number_text`]) as a JSON number, as the
/// OpenAPI document declares it; text that is not a number stays text.
pub fn number_json<S: serde::Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match v.as_deref().map(|t| (t, t.trim().parse::<i64>())) {
        None => s.serialize_none(),
        Some((_, Ok(n))) => s.serialize_i64(n),
        Some((t, Err(_))) => s.serialize_str(t),
    }
}

/// Accepts a list of ids as numbers or strings (forms repeat the key). A list may be left
/// out (empty), but not given as `null`: the OpenAPI document declares an array.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<RawId>),
        One(RawId),
    }
    let raw = match Option::<OneOrMany>::deserialize(d)? {
        None => {
            return Err(serde::de::Error::custom(
                "een lijst mag niet null zijn; laat hem weg of geef []",
            ));
        }
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::One(r)) => vec![r],
    };
    raw.into_iter().filter_map(RawId::id).collect()
}

/// A list of records, each of which must be a JSON object (serde would also build a record
/// from an array).
pub fn objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Vec::<serde_json::Map<String, serde_json::Value>>::deserialize(d)?
        .into_iter()
        .map(|m| serde_json::from_value(serde_json::Value::Object(m)).map_err(serde::de::Error::custom))
        .collect()
}

/// Paging parameters shared by every list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct Paginering {
    /// Page number, from 1.
    pub pagina: Option<i64>,
    /// Items per page, 1 to 100 (default 25).
    pub pagina_grootte: Option<i64>,
}

impl Paginering {
    pub fn paging(&self) -> middenveld_services::store::Paging {
        middenveld_services::store::Paging::new(self.pagina, self.pagina_grootte)
    }
}

/// Parses an optional enumeration filter; an unknown value is a 400 naming the parameter.
pub fn filter<T: middenveld_domain::Coded>(name: &str, v: &Option<String>) -> ApiResult<Option<T>> {
    T::optional(v.as_deref()).map_err(|_| {
        ApiError::bad_request(format!(
            "Onbekende waarde voor {name}; mogelijk: {}.",
            T::codes().join(", ")
        ))
    })
}

/// With `strict`, a refused filter value is an error (API); otherwise it is ignored (pages).
pub fn lenient<T>(strict: bool, r: ApiResult<Option<T>>) -> ApiResult<Option<T>> {
    if strict { r } else { Ok(r.unwrap_or(None)) }
}
