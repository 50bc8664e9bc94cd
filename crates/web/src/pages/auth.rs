//! Logging in and out, and the language switch.

use super::*;
use crate::error::AppError;
use crate::session::{
    ClientAddress, CsrfForm, Ctx, DEVICE_COOKIE, LANG_COOKIE, SESSION_COOKIE, cookie, cookie_name, safe_back,
    session_secret, set_cookie,
};
use crate::view::{Field, FieldKind, Nav};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header::SET_COOKIE};
use axum::routing::{get, post};
use middenveld_services::ServiceError;
use middenveld_services::auth::{LoginClient, MAX_LOGIN_NAME_CHARS};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen", get(login_form).post(login))
        .route("/uitloggen", post(logout))
        .route("/taal/{code}", get(language))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate {
    chrome: Chrome,
    fields: Vec<Field>,
    error: Option<String>,
    back: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginQuery {
    terug: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    gebruikersnaam: String,
    wachtwoord: String,
    terug: Option<String>,
}

fn login_page(ctx: &Ctx, status: StatusCode, username: &str, error: Option<String>, back: String) -> Response {
    let tx = ctx.tx;
    let fields = vec![
        Field::text("gebruikersnaam", tx.username)
            .value(username)
            .required()
            .autocomplete("username"),
        Field::new("wachtwoord", tx.password, FieldKind::Password)
            .required()
            .autocomplete("current-password"),
    ];
    let mut chrome = ctx.chrome(tx.login, Nav::None);
    chrome.has_errors = error.is_some();
    render(
        status,
        &LoginTemplate {
            chrome,
            fields,
            error,
            back,
        },
    )
}

async fn login_form(ctx: Ctx, PageQuery(q): PageQuery<LoginQuery>) -> Response {
    let back = safe_back(q.terug.as_deref());
    if ctx.user.is_some() {
        return see_other(&back);
    }
    login_page(&ctx, StatusCode::OK, "", None, back)
}

/// How long a browser stays known to the users who logged in with it (days).
const DEVICE_DAYS: i64 = 180;

async fn login(
    State(s): State<AppState>,
    ctx: Ctx,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let back = safe_back(f.terug.as_deref());
    let secure = s.config.secure_cookies;
    let client = LoginClient {
        address,
        device: cookie(&headers, cookie_name(DEVICE_COOKIE, secure)),
    };
    // An over-long name is not echoed back into the page.
    let shown = if f.gebruikersnaam.chars().count() <= MAX_LOGIN_NAME_CHARS {
        f.gebruikersnaam.as_str()
    } else {
        ""
    };
    match s.services.login(&f.gebruikersnaam, &f.wachtwoord, &client).await {
        Ok(ok) => {
            let mut r = see_other(&back);
            let hours = s.services.config.session_hours;
            for cookie in [
                set_cookie(
                    cookie_name(SESSION_COOKIE, secure),
                    &ok.session,
                    hours * 3600,
                    "Lax",
                    secure,
                ),
                set_cookie(
                    cookie_name(DEVICE_COOKIE, secure),
                    &ok.device,
                    DEVICE_DAYS * 24 * 3600,
                    "Strict",
                    secure,
                ),
            ] {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    r.headers_mut().append(SET_COOKIE, v);
                }
            }
            Ok(r)
        }
        Err(ServiceError::BadCredentials) => Ok(login_page(
            &ctx,
            StatusCode::UNAUTHORIZED,
            shown,
            Some(ctx.tx.login_failed.into()),
            back,
        )),
        Err(ServiceError::Invalid(errors)) => {
            let message = errors
                .0
                .iter()
                .map(|e| e.code.message(ctx.lang))
                .collect::<Vec<_>>()
                .join(" ");
            Ok(login_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                shown,
                Some(message),
                back,
            ))
        }
        Err(ServiceError::Throttled { retry_after_secs }) => {
            let text = ctx.tx.login_throttled.replace("{n}", &retry_after_secs.to_string());
            let mut r = login_page(&ctx, StatusCode::TOO_MANY_REQUESTS, shown, Some(text), back);
            r.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let secure = s.config.secure_cookies;
    if let Some(secret) = session_secret(&headers, secure) {
        s.services.logout(&secret).await?;
    }
    let mut r = see_other("/inloggen");
    if let Ok(v) = HeaderValue::from_str(&set_cookie(cookie_name(SESSION_COOKIE, secure), "", 0, "Lax", secure)) {
        r.headers_mut().append(SET_COOKIE, v);
    }
    Ok(r)
}

async fn language(
    State(s): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
    PageQuery(q): PageQuery<LoginQuery>,
) -> Response {
    let lang = middenveld_domain::Lang::parse(&code).unwrap_or_default();
    let mut r = see_other(&safe_back(q.terug.as_deref()));
    if let Ok(v) = HeaderValue::from_str(&set_cookie(
        LANG_COOKIE,
        lang.code(),
        60 * 60 * 24 * 365,
        "Lax",
        s.config.secure_cookies,
    )) {
        r.headers_mut().append(SET_COOKIE, v);
    }
    r
}
