//! The public signpost ("wegwijzer"): a visitor answers what the question is about, where the
//! company stands and its sector, and gets the partners to go to with the next step. Staff keep
//! the directory behind it at `/wegwijzer/aanbod`.

use super::{Visitor, cacheable};
use crate::AppState;
use crate::api::signpost::WegwijzerVraag;
use crate::error::AppError;
use crate::pages::signpost::{no_pages, offer_table};
use crate::pages::{ListExtras, ListResultsTemplate, ListTemplate, PageQuery, coded_options, is_htmx};
use crate::view::{Field, FieldKind, ListView, Nav};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use middenveld_domain::enums::{JourneyStage, QuestionKind, Sector};

pub fn router() -> Router<AppState> {
    Router::new().route("/wegwijzer", get(signpost))
}

async fn signpost(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    PageQuery(q): PageQuery<WegwijzerVraag>,
) -> Result<Response, AppError> {
    let (tx, lang) = (visitor.tx, visitor.lang);
    // An unknown answer (a hand-edited link) is refused, not silently dropped.
    let (kind, stage, sector) = q.parse(true).map_err(|_| AppError::BadRequest)?;
    let answers = match kind {
        Some(k) => s.services.signpost(k, stage, sector).await?,
        None => Vec::new(),
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let filters = vec![
        Field::new("soortVraag", tx.signpost_q_kind, FieldKind::Select)
            .options(coded_options::<QuestionKind>(lang))
            .empty(tx.choose)
            .value(opt(&q.soort_vraag)),
        Field::new("fase", tx.signpost_q_stage, FieldKind::Select)
            .options(coded_options::<JourneyStage>(lang))
            .empty(tx.signpost_any)
            .value(opt(&q.fase)),
        Field::new("sector", tx.signpost_q_sector, FieldKind::Select)
            .options(coded_options::<Sector>(lang))
            .empty(tx.signpost_any)
            .value(opt(&q.sector)),
    ];
    let list = ListView {
        heading: tx.signpost.into(),
        intro: Some(tx.signpost_intro.into()),
        new_link: None,
        action: "/wegwijzer".into(),
        filters: filters.into_iter().map(Field::filter).collect(),
        pager: no_pages(),
        count_text: match kind {
            Some(_) => format!("{} {}", answers.len(), tx.signpost_found),
            None => tx.signpost_ask.into(),
        },
        empty: if kind.is_some() {
            tx.signpost_none.into()
        } else {
            tx.signpost_ask.into()
        },
        table: offer_table(tx, lang, "wegwijzer", &answers, false),
    };
    let chrome = visitor.chrome(tx.signpost, Nav::PublicSignpost);
    let extras = ListExtras::default();
    let html = if is_htmx(&headers) {
        ListResultsTemplate { chrome, list, extras }.render()
    } else {
        ListTemplate { chrome, list, extras }.render()
    }
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(cacheable(&headers, "text/html; charset=utf-8", html))
}
