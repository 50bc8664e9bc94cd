//! Who is asking and in which language: the request context of pages, the session cookie,
//! the client's address, and CSRF protection. A logged-in browser's forms carry a token derived
//! from its session secret (so a token is worth nothing without that session); before login,
//! a random cookie that every form must echo (double submit). With `--secure-cookies` the
//! cookies carry the `__Host-` prefix, so no other site or subdomain can set them.

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
use std::net::{IpAddr, SocketAddr};

pub const SESSION_COOKIE: &str = "mv_sessie";
pub const CSRF_COOKIE: &str = "mv_csrf";
pub const LANG_COOKIE: &str = "mv_taal";
pub const CSRF_FIELD: &str = "_csrf";
/// The cookie by which a browser that logged in before is known to that user.
pub const DEVICE_COOKIE: &str = "mv_apparaat";

/// A cookie's name as sent: `__Host-` prefixed when cookies are Secure (browsers refuse the
/// prefix on a cookie without Secure, i.e. over plain http).
pub fn cookie_name(base: &'static str, secure: bool) -> &'static str {
    match (secure, base) {
        (true, SESSION_COOKIE) => "__Host-mv_sessie",
        (true, CSRF_COOKIE) => "__Host-mv_csrf",
        (true, DEVICE_COOKIE) => "__Host-mv_apparaat",
        _ => base,
    }
}

/// The session secret this request carries, if any.
pub fn session_secret(headers: &HeaderMap, secure: bool) -> Option<String> {
    cookie(headers, cookie_name(SESSION_COOKIE, secure)).filter(|s| !s.is_empty())
}

/// The CSRF token of a session: a one-way function of its secret, so the page that shows it
/// does not give the secret away, and no other session (nor a planted cookie) can produce it.
pub fn session_csrf_token(session_secret: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"middenveld-csrf\0");
    h.update(session_secret.as_bytes());
    hex::encode(h.finalize())
}

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

/// The CSRF token that forms on this request's page carry (bound to the session when logged
/// in; else from the CSRF cookie, or newly made by the middleware).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The CSRF token a form posted with this request must carry; absent when the request can
/// prove nothing (no session and no CSRF cookie yet).
#[derive(Debug, Clone)]
pub struct CsrfExpected(String);

impl CsrfExpected {
    pub fn matches(&self, sent: &str) -> bool {
        !self.0.is_empty() && constant_time_eq(sent.as_bytes(), self.0.as_bytes())
    }
}

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
    let secure = state.config.secure_cookies;
    let existing = cookie(req.headers(), cookie_name(CSRF_COOKIE, secure))
        .filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()));
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (middenveld_services::auth::random_secret().unwrap_or_default(), true),
    };
    let form_token = match session_secret(req.headers(), secure) {
        Some(secret) => {
            let bound = session_csrf_token(&secret);
            req.extensions_mut().insert(CsrfExpected(bound.clone()));
            bound
        }
        None => {
            if !fresh {
                req.extensions_mut().insert(CsrfExpected(token.clone()));
            }
            token.clone()
        }
    };
    req.extensions_mut().insert(CsrfToken(form_token));
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
            cookie_name(CSRF_COOKIE, secure),
            &token,
            60 * 60 * 24 * 30,
            "Strict",
            secure,
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
        let user = match session_secret(&parts.headers, state.config.secure_cookies) {
            Some(secret) => state.services.session_user(&secret).await?,
            None => None,
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
        let expected = req.extensions().get::<CsrfExpected>().cloned();
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(r) if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(AppError::TooLarge),
            Err(_) => return Err(AppError::BadRequest),
        };
        let sent = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if !expected.is_some_and(|e| e.matches(&sent)) {
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

/// A redirect target from user input: only a path on this site, judged as a browser reads it
/// (browsers drop tabs and line breaks anywhere in a URL and trim control characters and spaces
/// at its ends, so `/<TAB>/example.com` is `//example.com`). Anything else goes to `/`.
pub fn safe_back(target: Option<&str>) -> String {
    let Some(t) = target else {
        return "/".to_string();
    };
    let cleaned: String = t.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let same_origin = cleaned.starts_with('/')
        && !cleaned.starts_with("//")
        && !cleaned.contains('\\')
        && cleaned.chars().all(|c| c.is_ascii_graphic());
    if same_origin {
        cleaned.to_string()
    } else {
        "/".to_string()
    }
}

/// The client's address as the throttles count it: the connection's peer when the server
/// knows it; behind a local reverse proxy, the last address it appended to `X-Forwarded-For`
/// (the one the client cannot forge); else one shared key. An IPv6 client is its /64
/// network: one line usually holds a whole /64, so counting single addresses would let one
/// visitor pose as billions.
pub fn client_address(peer: Option<SocketAddr>, headers: &HeaderMap) -> String {
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
    let ip = match (peer, forwarded) {
        (Some(p), Some(f)) if p.ip().is_loopback() => f,
        (Some(p), _) => p.ip(),
        (None, Some(f)) => f,
        (None, None) => return "onbekend".to_string(),
    };
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address of a request (see [`client_address`]).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientAddress(client_address(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for (given, expected) in [
            ("/organisaties?pagina=2", "/organisaties?pagina=2"),
            ("/\t/example.com", "/"),
            ("/\n/example.com", "/"),
            ("\t//example.com", "/"),
            (" /organisaties ", "/organisaties"),
            ("//example.com", "/"),
            ("/\\example.com", "/"),
            ("https://example.com", "/"),
            ("/\u{b}", "/"),
            ("/caf\u{e9}", "/"),
            ("", "/"),
        ] {
            assert_eq!(safe_back(Some(given)), expected, "{given:?}");
        }
        assert_eq!(safe_back(None), "/");
    }

    #[test]
    fn the_client_is_the_peer_or_the_proxys_last_address_and_ipv6_counts_by_64() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 10.0.0.7"));
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap_or_else(|_| unreachable!());
        let remote: SocketAddr = "192.0.2.1:4000".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(client_address(Some(local), &h), "10.0.0.7");
        assert_eq!(client_address(Some(remote), &h), "192.0.2.1");
        assert_eq!(client_address(None, &HeaderMap::new()), "onbekend");
        let a: SocketAddr = "[2001:db8:1:2:aaaa::1]:4000".parse().unwrap_or_else(|_| unreachable!());
        let b: SocketAddr = "[2001:db8:1:2:bbbb::9]:4000".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(client_address(Some(a), &HeaderMap::new()), "2001:db8:1:2::/64");
        assert_eq!(
            client_address(Some(a), &HeaderMap::new()),
            client_address(Some(b), &HeaderMap::new())
        );
    }

    #[test]
    fn a_session_token_is_bound_to_its_session() {
        let a = session_csrf_token("geheim-a");
        assert_eq!(a.len(), 64);
        assert_eq!(a, session_csrf_token("geheim-a"));
        assert_ne!(a, session_csrf_token("geheim-b"));
        assert!(!a.contains("geheim"));
    }
}
