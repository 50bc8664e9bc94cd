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
    /// Advice whose reply deadline is near or past; empty: not shown.
    advice_due: Table,
    /// Agreements whose yearly evaluation is due; empty: not shown.
    evaluations_due: Table,
}

/// "verlopen" or "binnenkort", as text (not colour alone).
fn due_cell(tx: &crate::i18n::Texts, date: middenveld_domain::Date, overdue: bool) -> Cell {
    Cell::text(format!(
        "{} ({})",
        date.dutch(),
        if overdue { tx.due_overdue } else { tx.due_soon }
    ))
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
    let today = middenveld_services::today();
    let (mut advice_rows, mut evaluation_rows) = (Vec::new(), Vec::new());
    if let Some(user) = &ctx.user {
        let actor = user.actor();
        for a in s.services.advice_due(&actor, today).await? {
            advice_rows.push(vec![
                Cell::link(a.case_number.clone(), format!("/adviezen/{}", a.id)),
                Cell::text(a.subject.clone()),
                due_cell(tx, a.deadline, a.overdue),
            ]);
        }
        for e in s.services.evaluations_due(&actor, today).await? {
            evaluation_rows.push(vec![
                Cell::link(e.name.clone(), format!("/afspraken/{}", e.agreement_id)),
                Cell::text(e.year.to_string()),
                due_cell(tx, e.due, e.overdue),
            ]);
        }
    }
    let advice_due = Table {
        id: "termijnen".into(),
        caption: tx.dashboard_advice_due.into(),
        columns: vec![
            Column::plain(tx.dashboard_case_number),
            Column::plain(tx.dashboard_subject),
            Column::plain(tx.dashboard_reply_by),
        ],
        rows: advice_rows,
    };
    let evaluations_due = Table {
        id: "evaluaties".into(),
        caption: tx.dashboard_evaluations_due.into(),
        columns: vec![
            Column::plain(tx.dashboard_agreement),
            Column::plain(tx.dashboard_year),
            Column::plain(tx.dashboard_evaluate_by),
        ],
        rows: evaluation_rows,
    };
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
            advice_due,
            evaluations_due,
        },
    ))
}
