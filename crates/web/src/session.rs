//! Who is asking and in which language: the request context of pages, the session cookie,
//! and CSRF protection (double submit: a random cookie that every form must echo).

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Texts, texts};
use crate::view::{Chrome, Nav, urlencode};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use middenveld_domain::Lang;
use middenveld_services::auth::CurrentUser;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "mv_sessie";
pub const CSRF_COOKIE: &str = "mv_csrf";
pub const LANG_COOKIE: &str = "mv_taal";
pub const CSRF_FIELD: &str = "_csrf";

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A Set-Cookie header value with our defaults (HttpOnly, Path=/).
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, same_site: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age_secs}{secure}")
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// The CSRF token of this request (from its cookie, or newly made by the middleware).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Makes sure every visitor has a CSRF cookie; forms echo it in a hidden field.
pub async fn csrf_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // The API authenticates with bearer tokens, never cookies: no CSRF cookie there.
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let existing =
        cookie(req.headers(), CSRF_COOKIE).filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()));
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (middenveld_services::auth::random_secret().unwrap_or_default(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(req).await;
    // A response that shared caches may keep (a public page) must not carry a cookie.
    let shared = response
        .headers()
        .get(axum::http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    if fresh
        && !shared
        && !token.is_empty()
        && let Ok(v) = HeaderValue::from_str(&set_cookie(
            CSRF_COOKIE,
            &token,
            60 * 60 * 24 * 30,
            "Strict",
            state.config.secure_cookies,
        ))
    {
        response.headers_mut().append(SET_COOKIE, v);
    }
    response
}

/// The context of a page request: language, texts, the user if logged in, CSRF token.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub tx: &'static Texts,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub here: String,
}

impl Ctx {
    pub fn chrome(&self, title: impl Into<String>, nav: Nav) -> Chrome {
        Chrome {
            tx: self.tx,
            lang: self.lang,
            title: title.into(),
            user: self.user.clone(),
            csrf: self.csrf.clone(),
            nav,
            here: self.here.clone(),
            notice: None,
            has_errors: false,
            public: false,
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = lang_of(&parts.headers);
        let user = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(secret) if !secret.is_empty() => state.services.session_user(&secret).await?,
            _ => None,
        };
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            lang,
            tx: texts(lang),
            user,
            csrf,
            here,
        })
    }
}

/// A page request by a logged-in user; anyone else is sent to the login page.
#[derive(Debug, Clone)]
pub struct Staff {
    pub ctx: Ctx,
    pub user: CurrentUser,
}

impl Staff {
    pub fn actor(&self) -> middenveld_services::Actor {
        self.user.actor()
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        match ctx.user.clone() {
            Some(user) => Ok(Staff { ctx, user }),
            None => Err(AppError::Login(format!("/inloggen?terug={}", urlencode(&ctx.here)))),
        }
    }
}

/// A form body whose CSRF field matches the visitor's cookie, deserialised into `T`.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let had_cookie = cookie(req.headers(), CSRF_COOKIE).is_some();
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest)?;
        let sent = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if !had_cookie || expected.is_empty() || !constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            return Err(AppError::BadRequest);
        }
        serde_html_form::from_bytes::<T>(&bytes).map(CsrfForm).map_err(|e| {
            tracing::debug!(error = %e, "form could not be read");
            AppError::BadRequest
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A redirect target from user input: only paths on this site.
pub fn safe_back(target: Option<&str>) -> String {
    match target {
        Some(t) if t.starts_with('/') && !t.starts_with("//") && !t.contains('\\') => t.to_string(),
        _ => "/".to_string(),
    }
}
