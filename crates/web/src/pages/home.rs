//! The start page: for staff the register in figures, for visitors the public site's home.

use super::*;
use crate::error::AppError;
use crate::session::Ctx;
use crate::view::{Cell, Nav, Table};
use askama::Template;
use axum::extract::State;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    chrome: Chrome,
    counts: Table,
}

async fn home(State(s): State<AppState>, ctx: Ctx, headers: axum::http::HeaderMap) -> Result<Response, AppError> {
    // A visitor without an account gets the public site's home page.
    if ctx.user.is_none() {
        let visitor = super::public::Visitor {
            lang: ctx.lang,
            tx: ctx.tx,
            here: ctx.here.clone(),
            csrf: ctx.csrf.clone(),
        };
        return Ok(super::public::home::home(visitor, headers).await);
    }
    let tx = ctx.tx;
    let mut rows = Vec::new();
    if let Some(user) = &ctx.user {
        let actor = user.actor();
        let one = middenveld_services::store::Paging { page: 1, size: 1 };
        let orgs = s
            .services
            .organisations(
                &actor,
                &middenveld_services::store::organisation::OrganisationFilter {
                    paging: one,
                    ..Default::default()
                },
            )
            .await?
            .total;
        let people = s
            .services
            .people(
                &actor,
                &middenveld_services::store::person::PersonFilter {
                    paging: one,
                    ..Default::default()
                },
            )
            .await?
            .total;
        let networks = s
            .services
            .networks(
                &actor,
                &middenveld_services::store::network::NetworkFilter {
                    paging: one,
                    ..Default::default()
                },
            )
            .await?
            .total;
        let projects = s
            .services
            .projects(
                &actor,
                &middenveld_services::store::project::ProjectFilter {
                    paging: one,
                    ..Default::default()
                },
            )
            .await?
            .total;
        let themes = s
            .services
            .themes(
                &actor,
                &middenveld_services::store::theme::ThemeFilter {
                    paging: one,
                    ..Default::default()
                },
            )
            .await?
            .total;
        for (label, href, n) in [
            (tx.organisations, "/organisaties", orgs),
            (tx.people, "/personen", people),
            (tx.networks, "/netwerken", networks),
            (tx.projects, "/projecten", projects),
            (tx.themes, "/themas", themes),
        ] {
            rows.push(vec![Cell::link(label, href), Cell::number(n)]);
        }
    }
    let mut count_col = Column::plain(tx.count_label);
    count_col.numeric = true;
    let counts = Table {
        id: "register".into(),
        caption: tx.home.into(),
        columns: vec![Column::plain(tx.register_part), count_col],
        rows,
    };
    Ok(render(
        StatusCode::OK,
        &HomeTemplate {
            chrome: ctx.chrome(tx.home, Nav::Home),
            counts,
        },
    ))
}
