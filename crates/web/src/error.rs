//! Errors of page requests. A handler returns `AppError`; the outer `error_pages` middleware,
//! which knows the visitor's language and user, turns it into a proper page.

use crate::AppState;
use crate::i18n::texts;
use crate::session::{CsrfToken, lang_of, session_secret};
use crate::view::{Chrome, Nav};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use middenveld_services::ServiceError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    BadRequest,
    /// The request body is larger than this route accepts.
    TooLarge,
    /// Not logged in: go to this login URL.
    Login(String),
    /// A delete refused: these records (page path, name) still refer to the record.
    InUse(Vec<(String, String)>),
    Internal(String),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Invalid(_) | ServiceError::Conflict { .. } | ServiceError::BadCredentials => {
                AppError::BadRequest
            }
            ServiceError::Throttled { .. } => AppError::Forbidden,
            ServiceError::InUse(users) => AppError::InUse(
                users
                    .into_iter()
                    .map(|u| (format!("/{}/{}", u.collection, u.id), u.name))
                    .collect(),
            ),
            ServiceError::Store(e) => AppError::Internal(e.to_string()),
            ServiceError::Internal(e) => AppError::Internal(e),
        }
    }
}

/// Marks a response as an error the middleware should render, with the links it offers.
#[derive(Debug, Clone)]
struct ErrorPage(StatusCode, Vec<(String, String)>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut links = Vec::new();
        let status = match self {
            AppError::Login(to) => return Redirect::to(&to).into_response(),
            AppError::InUse(users) => {
                links = users;
                StatusCode::CONFLICT
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut r = status.into_response();
        r.extensions_mut().insert(ErrorPage(status, links));
        r
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    chrome: Chrome,
    heading: String,
    text: String,
    /// Records to go to (path, name), such as those that keep a record from being deleted.
    links: Vec<(String, String)>,
}

/// Renders marked error responses (and bare 404s of unknown routes) as full pages.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let is_api = req.uri().path().starts_with("/api/");
    let public = crate::pages::public::is_public_path(req.uri().path());
    let is_get = req.method() == axum::http::Method::GET;
    let response = next.run(req).await;
    let (status, links) = match response.extensions().get::<ErrorPage>() {
        Some(ErrorPage(s, links)) => (*s, links.clone()),
        // A body over a route's limit, refused before any handler ran (a plain-text 413).
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE && is_api => {
            return crate::api::ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Verzoek te groot",
                "Het verzoek is groter dan deze route aanneemt; er is niets opgeslagen.",
            )
            .into_response();
        }
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, Vec::new()),
        None if response.status() == StatusCode::NOT_FOUND
            && !is_api
            && response.headers().get("content-type").is_none() =>
        {
            (StatusCode::NOT_FOUND, Vec::new())
        }
        None => return response,
    };
    let lang = lang_of(&headers);
    let tx = texts(lang);
    // On the public site an error page keeps the visitors' frame and looks up no session.
    let user = match session_secret(&headers, state.config.secure_cookies) {
        Some(s) if !public => state.services.session_user(&s).await.ok().flatten(),
        _ => None,
    };
    let (heading, text) = match status {
        StatusCode::NOT_FOUND => (tx.not_found_title, tx.not_found_text),
        StatusCode::FORBIDDEN => (tx.forbidden_title, tx.forbidden_text),
        StatusCode::CONFLICT if links.is_empty() => (tx.in_use_title, tx.in_use_unnamed_text),
        StatusCode::CONFLICT => (tx.in_use_title, tx.in_use_text),
        // A GET has no form: its address asked for a choice that does not exist.
        StatusCode::BAD_REQUEST if is_get => (tx.bad_request_title, tx.bad_query_text),
        StatusCode::BAD_REQUEST => (tx.bad_request_title, tx.bad_request_text),
        StatusCode::PAYLOAD_TOO_LARGE => (tx.too_large_title, tx.too_large_text),
        _ => (tx.error_title, tx.error_text),
    };
    let page = ErrorTemplate {
        chrome: Chrome {
            tx,
            lang,
            title: heading.to_string(),
            user,
            csrf,
            nav: Nav::None,
            here: "/".into(),
            notice: None,
            has_errors: false,
            public,
        },
        heading: heading.to_string(),
        text: text.to_string(),
        links,
    };
    match page.render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}
