//! Public pages: open data.

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}
