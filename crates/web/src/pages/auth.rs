//! Logging in and out, and the language switch.

use super::*;
use crate::error::AppError;
use crate::session::{CsrfForm, Ctx, LANG_COOKIE, SESSION_COOKIE, cookie, safe_back, set_cookie};
use crate::view::{Field, FieldKind, Nav};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header::SET_COOKIE};
use axum::routing::{get, post};
use middenveld_services::ServiceError;
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

async fn login(State(s): State<AppState>, ctx: Ctx, CsrfForm(f): CsrfForm<LoginForm>) -> Result<Response, AppError> {
    let back = safe_back(f.terug.as_deref());
    match s.services.login(&f.gebruikersnaam, &f.wachtwoord).await {
        Ok((_, secret)) => {
            let mut r = see_other(&back);
            let hours = s.services.config.session_hours;
            if let Ok(v) = HeaderValue::from_str(&set_cookie(
                SESSION_COOKIE,
                &secret,
                hours * 3600,
                "Lax",
                s.config.secure_cookies,
            )) {
                r.headers_mut().append(SET_COOKIE, v);
            }
            Ok(r)
        }
        Err(ServiceError::BadCredentials) => Ok(login_page(
            &ctx,
            StatusCode::UNAUTHORIZED,
            &f.gebruikersnaam,
            Some(ctx.tx.login_failed.into()),
            back,
        )),
        Err(ServiceError::Throttled { .. }) => Ok(login_page(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            &f.gebruikersnaam,
            Some(ctx.tx.login_throttled.into()),
            back,
        )),
        Err(e) => Err(e.into()),
    }
}

async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        s.services.logout(&secret).await?;
    }
    let mut r = see_other("/inloggen");
    if let Ok(v) = HeaderValue::from_str(&set_cookie(SESSION_COOKIE, "", 0, "Lax", s.config.secure_cookies)) {
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
