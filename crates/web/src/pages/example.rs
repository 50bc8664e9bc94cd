//! Staff pages of good examples: the editorial side of the exhibition.

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
