//! The public site: what a visitor without an account sees. The exhibition of good examples,
//! the signpost, the strength and opportunity maps and open data. Public pages never look up
//! a session, show no personal data, and answer with a strong ETag so browsers and proxies can
//! cache them (a repeated request with `If-None-Match` gets 304 Not Modified).

pub mod exhibition;
pub mod home;
pub mod maps;
pub mod opendata;
pub mod signpost;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Texts, texts};
use crate::session::{CsrfToken, lang_of};
use crate::view::{Chrome, Nav};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use middenveld_domain::Lang;
use sha2::{Digest, Sha256};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(exhibition::router())
        .merge(maps::router())
        .merge(signpost::router())
        .merge(opendata::router())
}

/// Whether a path belongs to the public site (its error pages keep the visitors' frame).
pub fn is_public_path(path: &str) -> bool {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    (under("/wegwijzer") && !under("/wegwijzer/aanbod"))
        || ["/publiek", "/voorbeelden", "/kaarten", "/open-data"]
            .iter()
            .any(|p| under(p))
}

/// How long a browser or proxy may reuse a public page without asking again (seconds).
/// After that it revalidates with its ETag and usually gets 304.
pub const MAX_AGE: u32 = 60;

/// A request for a public page: the visitor's language, nothing else. The session cookie is
/// never read, so the page is the same for everyone who reads the same language.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub lang: Lang,
    pub tx: &'static Texts,
    /// The current path and query (for the language switch).
    pub here: String,
    /// The CSRF token, for the few public forms (contact); pages with a form are not cached.
    pub csrf: String,
}

impl Visitor {
    /// The page frame of the public site.
    pub fn chrome(&self, title: impl Into<String>, nav: Nav) -> Chrome {
        Chrome {
            tx: self.tx,
            lang: self.lang,
            title: title.into(),
            user: None,
            csrf: self.csrf.clone(),
            nav,
            here: self.here.clone(),
            notice: None,
            has_errors: false,
            public: true,
        }
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = lang_of(&parts.headers);
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        Ok(Visitor {
            lang,
            tx: texts(lang),
            here,
            csrf,
        })
    }
}

/// The strong ETag of a body: a quoted hash of its bytes.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Whether the request's `If-None-Match` names this ETag (or `*`).
fn not_modified(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// A cacheable public answer: `Cache-Control: public`, a strong ETag over the body, `Vary`
/// on the language cookie, and 304 Not Modified when the visitor already has this version.
pub fn cacheable(request: &HeaderMap, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
    cacheable_at(request, content_type, body, None)
}

/// [`cacheable`] with a `Last-Modified` header: when the figures were counted (RFC 3339).
pub fn cacheable_at(
    request: &HeaderMap,
    content_type: &str,
    body: impl Into<Vec<u8>>,
    modified: Option<&str>,
) -> Response {
    let body: Vec<u8> = body.into();
    let etag = etag_of(&body);
    let mut response = if not_modified(request, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = body.into_response();
        if let Ok(v) = HeaderValue::from_str(content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        r
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={MAX_AGE}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    if let Some(v) = modified
        .and_then(http_date)
        .and_then(|d| HeaderValue::from_str(&d).ok())
    {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}

/// An RFC 3339 timestamp as an HTTP date (`Tue, 24 Nov 2026 04:05:06 GMT`).
pub fn http_date(rfc3339: &str) -> Option<String> {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).ok()?;
    let t = t.to_offset(time::UtcOffset::UTC);
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.format(&format).ok()
}

/// Renders a public page as a cacheable answer (HTML).
pub fn page(request: &HeaderMap, t: &impl askama::Template) -> Response {
    match t.render() {
        Ok(html) => cacheable(request, "text/html; charset=utf-8", html),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}
