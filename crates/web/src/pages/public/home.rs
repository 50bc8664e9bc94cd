//! The public home page: what the site offers a visitor, one link each.

use super::{Visitor, page};
use crate::AppState;
use crate::view::{Chrome, Nav};
use askama::Template;
use axum::Router;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/publiek", get(home))
}

/// One part of the public site on the home page.
pub struct Part {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

#[derive(Template)]
#[template(path = "public_home.html")]
struct HomeTemplate {
    chrome: Chrome,
    parts: Vec<Part>,
}

pub async fn home(visitor: Visitor, headers: HeaderMap) -> Response {
    let tx = visitor.tx;
    let parts = vec![
        Part {
            href: "/voorbeelden",
            title: tx.pub_exhibition,
            text: tx.pub_exhibition_text,
        },
        Part {
            href: "/wegwijzer",
            title: tx.signpost,
            text: tx.pub_signpost_text,
        },
        Part {
            href: "/kaarten/krachtenkaart",
            title: tx.pub_strength_map,
            text: tx.pub_strength_text,
        },
        Part {
            href: "/kaarten/kansenkaart",
            title: tx.pub_opportunity_map,
            text: tx.pub_opportunity_text,
        },
        Part {
            href: "/open-data",
            title: tx.pub_open_data,
            text: tx.pub_open_data_text,
        },
    ];
    page(
        &headers,
        &HomeTemplate {
            chrome: visitor.chrome(tx.pub_home_title, Nav::PublicHome),
            parts,
        },
    )
}
