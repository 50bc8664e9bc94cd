//! placeholder
pub fn router() -> utoipa_axum::router::OpenApiRouter<crate::AppState> { utoipa_axum::router::OpenApiRouter::new() }
