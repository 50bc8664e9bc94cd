//! Pages and JSON API of Middenveld: server-rendered HTML with htmx enhancement under `/`,
//! the JSON API under `/api/v1` with its OpenAPI document.

pub mod api;
pub mod assets;
pub mod error;
pub mod export;
pub mod i18n;
pub mod pages;
pub mod session;
pub mod view;

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::get;
use middenveld_services::Services;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies Secure (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Largest import upload in MB (default 200).
    pub import_max_mb: Option<u64>,
}

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub config: Arc<WebConfig>,
    pub imports: Arc<pages::import::Jobs>,
}

/// The OpenAPI document as served.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, doc) = api::router().split_for_parts();
    api::openapi::finish(doc, api::PUBLIC_PATHS)
}

/// The whole application: pages, API, assets, with security headers.
pub fn app(services: Services, config: WebConfig) -> Router {
    let upload_limit = config
        .import_max_mb
        .unwrap_or(pages::import::DEFAULT_MAX_MB)
        .saturating_mul(1024 * 1024);
    let state = AppState {
        services,
        config: Arc::new(config),
        imports: Default::default(),
    };
    let (api_router, doc) = api::router().split_for_parts();
    let doc = Arc::new(api::openapi::finish(doc, api::PUBLIC_PATHS));
    let api_router = api_router
        .route(
            "/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(|| async {
            api::ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze API-route bestaat niet.",
            )
        })
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("api-version"),
            HeaderValue::from_static(api::openapi::API_VERSION),
        ));
    // Uploads get a body limit of their own; everything else stays under 2 MB.
    let uploads = pages::import::upload_router()
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            usize::try_from(upload_limit.saturating_add(1024 * 1024)).unwrap_or(usize::MAX),
        ));
    let small_bodies = || tower_http::limit::RequestBodyLimitLayer::new(2 * 1024 * 1024);
    Router::new()
        .merge(pages::router().layer(small_bodies()))
        .merge(uploads)
        .merge(
            pages::example::upload_router()
                .layer(axum::extract::DefaultBodyLimit::max(6 * 1024 * 1024))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(6 * 1024 * 1024)),
        )
        .merge(
            pages::advice::upload_router()
                .layer(axum::extract::DefaultBodyLimit::max(11 * 1024 * 1024))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(11 * 1024 * 1024)),
        )
        .route("/assets/{*path}", get(assets::asset))
        .route("/gezond", get(|| async { "ok" }))
        .nest("/api/v1", api_router.layer(small_bodies()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), error::error_pages))
        .layer(axum::middleware::from_fn(no_store_unless_public))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::csrf_cookie,
        ))
        .layer(header(
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
        ))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("permissions-policy", "camera=(), microphone=(), geolocation=()"))
        .with_state(state)
}

/// Whether a path serves what anyone may read (the public site, its assets, the API's open
/// data and signpost, the OpenAPI document): only those may be kept by browsers and proxies.
fn is_public_resource(path: &str) -> bool {
    if let Some(api) = path.strip_prefix("/api/v1") {
        return api == "/openapi.json"
            || api::PUBLIC_PATHS.iter().any(|p| {
                let fixed = p.split("/{").next().unwrap_or_default();
                api == fixed || (p.contains('{') && api.starts_with(&format!("{fixed}/")))
            });
    }
    path.starts_with("/assets/") || path == "/gezond" || pages::public::is_public_path(path)
}

/// Every other answer (staff pages, the API, login) is marked `no-store`, so no browser cache
/// or proxy keeps personal data, unless its handler chose its own caching.
async fn no_store_unless_public(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let public = is_public_resource(req.uri().path());
    let mut response = next.run(req).await;
    if !public && !response.headers().contains_key(axum::http::header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value))
}
