//! The server-rendered pages, one module per resource, and what they share: list paging and
//! sorting links, history rendering, notices after a redirect.

pub mod accountability;
pub mod admin;
pub mod advice;
pub mod agreement;
pub mod auth;
pub mod duplicate;
pub mod event;
pub mod example;
pub mod export;
pub mod home;
pub mod import;
pub mod journey;
pub mod launching;
pub mod network;
pub mod organisation;
pub mod person;
pub mod project;
pub mod public;
pub mod referral;
pub mod search;
pub mod signpost;
pub mod support;
pub mod theme;
pub mod track;

use crate::AppState;
use crate::i18n::Texts;
use crate::view::{Column, HistoryItem, Pager, urlencode};
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use middenveld_domain::audit::Change;
use middenveld_services::store::Page;
use middenveld_services::store::audit::AuditEntry;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(auth::router())
        .merge(organisation::router())
        .merge(duplicate::router())
        .merge(export::router())
        .merge(person::router())
        .merge(theme::router())
        .merge(network::router())
        .merge(project::router())
        .merge(event::router())
        .merge(journey::router())
        .merge(support::router())
        .merge(referral::router())
        .merge(track::router())
        .merge(signpost::router())
        .merge(accountability::router())
        .merge(launching::router())
        .merge(search::router())
        .merge(admin::router())
        .merge(import::router())
        .merge(example::router())
        .merge(public::router())
        .merge(advice::router())
        .merge(agreement::router())
}

/// Renders a template with a status code.
pub fn render(status: StatusCode, t: &impl askama::Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => crate::error::AppError::Internal(e.to_string()).into_response(),
    }
}

/// Whether the request came from htmx (answer with the fragment only).
pub fn is_htmx(headers: &axum::http::HeaderMap) -> bool {
    headers.get("hx-request").is_some()
}

/// A query string from pairs, leaving out empty values.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Replaces (or adds) one key of a query.
pub fn with(pairs: &[(&str, String)], key: &'static str, value: String) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (k, v) in pairs {
        if *k != key {
            out.push((static_key(k), v.clone()));
        }
    }
    out.push((key, value));
    out
}

fn static_key(k: &str) -> &'static str {
    // Query keys are the fixed names our pages use; map back to their static spelling.
    const KEYS: &[&str] = &[
        "zoek",
        "soort",
        "gemeentecode",
        "thema",
        "fase",
        "netwerk",
        "sorteer",
        "pagina",
        "organisatie",
        "innovatiefase",
        "naam",
    ];
    KEYS.iter().copied().find(|s| *s == k).unwrap_or("x")
}

/// Page links for a list, keeping its filters.
pub fn pager<T>(tx: &Texts, base: &str, pairs: &[(&str, String)], page: &Page<T>) -> Pager {
    let last = page.pages();
    let current = page.paging.page.min(last);
    let href = |n: i64| format!("{base}{}", query_string(&with(pairs, "pagina", n.to_string())));
    let mut numbers: Vec<i64> = vec![1, current - 1, current, current + 1, last];
    numbers.retain(|n| *n >= 1 && *n <= last);
    numbers.sort_unstable();
    numbers.dedup();
    Pager {
        prev: (current > 1).then(|| href(current - 1)),
        next: (current < last).then(|| href(current + 1)),
        pages: numbers
            .into_iter()
            .map(|n| (n, (n != current).then(|| href(n))))
            .collect(),
        summary: format!("{} {}", page.total, tx.results_total),
    }
}

/// A column header that sorts by `key` (ascending) or `-key` (descending).
pub fn sort_column(tx: &Texts, label: &str, key: &str, current: &str, base: &str, pairs: &[(&str, String)]) -> Column {
    let (state, next) = if current == key {
        ("ascending", format!("-{key}"))
    } else if current == format!("-{key}") {
        ("descending", key.to_string())
    } else {
        ("none", key.to_string())
    };
    let hint = if next.starts_with('-') {
        tx.sort_descending
    } else {
        tx.sort_ascending
    };
    let mut q = with(pairs, "sorteer", next);
    q.retain(|(k, _)| *k != "pagina");
    Column {
        label: label.to_string(),
        sort_href: Some(format!("{base}{}", query_string(&q))),
        aria_sort: state,
        sort_hint: hint.to_string(),
        numeric: false,
    }
}

/// Audit entries as the timeline shows them.
pub fn history(tx: &'static Texts, entries: &[AuditEntry]) -> Vec<HistoryItem> {
    entries
        .iter()
        .map(|e| {
            let changes: Vec<Change> = serde_json::from_str(&e.changes).unwrap_or_default();
            let at = middenveld_domain::Timestamp::parse(&e.at)
                .map(|t| t.dutch())
                .unwrap_or_else(|_| e.at.clone());
            HistoryItem {
                at_iso: e.at.clone(),
                at,
                who: e.user_name.clone(),
                summary: action_label(tx, &e.action),
                changes: changes
                    .into_iter()
                    .map(|c| {
                        (
                            field_label(tx, &c.field),
                            shown_value(tx, &c.field, &c.old),
                            shown_value(tx, &c.field, &c.new),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The label of a public field name, as the forms show it.
fn field_label(tx: &Texts, field: &str) -> String {
    let label = match field {
        "naam" => tx.field_name,
        "kvkNummer" => tx.field_kvk,
        "soort" => tx.field_kind,
        "grootteklasse" => tx.field_size,
        "sbiCode" => tx.field_sbi,
        "adres" => tx.field_address,
        "postcode" => tx.field_postcode,
        "plaats" => tx.field_city,
        "gemeentecode" => tx.field_municipality,
        "fase" => tx.field_stage_short,
        "spinOffVan" => tx.field_spin_off_of,
        "spinOffDatum" => tx.field_spin_off_date,
        "website" => tx.field_website,
        "toelichting" => tx.field_description,
        "themas" => tx.field_themes,
        "email" => tx.field_email,
        "telefoon" => tx.field_phone,
        "functie" => tx.field_function,
        "grondslag" => tx.field_consent_basis,
        "grondslagDatum" => tx.field_consent_date,
        "doel" => tx.field_consent_purpose,
        "organisaties" => tx.field_organisations,
        "omschrijving" => tx.field_omschrijving,
        "facilitatorId" => tx.field_facilitator,
        "innovatiefase" => tx.field_innovation_stage,
        "startdatum" => tx.field_start,
        "einddatum" => tx.field_end,
        "netwerkId" => tx.field_network,
        "status" => tx.field_status,
        "sinds" => tx.field_since,
        "tot" => tx.field_until,
        "rol" => tx.role,
        "lid" => tx.field_member,
        "deelnemer" => tx.participants,
        "actief" => tx.active,
        "samengevoegdMet" => tx.field_merged_with,
        "samengevoegdIn" => tx.field_merged_into,
        other => other,
    };
    label.to_string()
}

/// A stored audit value as shown: codes as their labels, ISO dates the Dutch way.
fn shown_value(tx: &'static Texts, field: &str, value: &str) -> String {
    use middenveld_domain::{Coded, enums::*};
    let lang = tx.lang();
    fn label<T: Coded>(v: &str, lang: middenveld_domain::Lang) -> Option<String> {
        T::parse(v).ok().map(|c| c.label(lang).to_string())
    }
    let shown = match field {
        "soort" => label::<OrganisationKind>(value, lang),
        "grootteklasse" => label::<SizeClass>(value, lang),
        "fase" => label::<JourneyStage>(value, lang),
        "grondslag" => label::<ConsentBasis>(value, lang),
        "innovatiefase" => label::<InnovationStage>(value, lang),
        "status" => label::<MembershipStatus>(value, lang),
        "rol" => label::<Role>(value, lang),
        "spinOffDatum" | "grondslagDatum" | "startdatum" | "einddatum" | "sinds" | "tot" => {
            middenveld_domain::Date::parse(value).ok().map(|d| d.dutch())
        }
        _ => None,
    };
    shown.unwrap_or_else(|| value.to_string())
}

fn action_label(tx: &Texts, action: &str) -> String {
    match action {
        "aangemaakt" => tx.action_created,
        "gewijzigd" => tx.action_updated,
        "verwijderd" => tx.action_deleted,
        "koppeling" => tx.action_link,
        other => other,
    }
    .to_string()
}

/// The notice to show after a redirect (`?melding=aangemaakt`).
pub fn notice(tx: &Texts, code: Option<&str>) -> Option<String> {
    match code? {
        "aangemaakt" => Some(tx.notice_created.to_string()),
        "gewijzigd" => Some(tx.notice_updated.to_string()),
        "verwijderd" => Some(tx.notice_deleted.to_string()),
        "samengevoegd" => Some(tx.notice_merged.to_string()),
        _ => None,
    }
}

/// A date as shown: ISO text in, Dutch text out.
pub fn dutch_date(iso: &str) -> String {
    middenveld_domain::Date::parse(iso)
        .map(|d| d.dutch())
        .unwrap_or_else(|_| iso.to_string())
}

/// A stored timestamp as shown.
pub fn dutch_time(rfc3339: &str) -> String {
    middenveld_domain::Timestamp::parse(rfc3339)
        .map(|t| t.dutch())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Options of a coded enumeration for a select.
pub fn coded_options<T: middenveld_domain::Coded>(lang: middenveld_domain::Lang) -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|v| (v.code().to_string(), v.label(lang).to_string()))
        .collect()
}

/// (id, name) pairs as select options.
pub fn id_options(items: &[(i64, String)]) -> Vec<(String, String)> {
    items.iter().map(|(id, name)| (id.to_string(), name.clone())).collect()
}

/// Parses an optional id from a query value (empty or malformed → none).
pub fn opt_id(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

/// Status badge class for a journey stage.
pub fn stage_badge(stage: middenveld_domain::JourneyStage) -> &'static str {
    use middenveld_domain::JourneyStage::*;
    match stage {
        Unaware => "utrecht-status-badge--neutral",
        Interested => "middenveld-status--info",
        Planning => "utrecht-status-badge--warning",
        Implementing => "utrecht-status-badge--success",
        FinancingScaling => "utrecht-status-badge--active",
    }
}

use crate::view::{Chrome, ConfirmView, DetailView, FormView, ListView};
use askama::Template;

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListTemplate {
    pub chrome: Chrome,
    pub list: ListView,
    pub extras: ListExtras,
}

#[derive(Template)]
#[template(path = "list_results.html")]
pub struct ListResultsTemplate {
    pub chrome: Chrome,
    pub list: ListView,
    pub extras: ListExtras,
}

/// More on a list page than every list has: links beside "new" (href, label), and export
/// links (href, label) that carry the current filters, with a note when one is unavailable.
#[derive(Debug, Clone, Default)]
pub struct ListExtras {
    pub links: Vec<(String, String)>,
    pub exports: Vec<(String, String)>,
    pub export_note: Option<String>,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormTemplate {
    pub chrome: Chrome,
    pub form: FormView,
}

#[derive(Template)]
#[template(path = "detail.html")]
pub struct DetailTemplate {
    pub chrome: Chrome,
    pub detail: DetailView,
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmTemplate {
    pub chrome: Chrome,
    pub confirm: ConfirmView,
}

/// A list page, or only its results when htmx asks.
pub fn list_response(headers: &axum::http::HeaderMap, chrome: Chrome, list: ListView) -> Response {
    list_response_with(headers, chrome, list, ListExtras::default())
}

/// [`list_response`] with extra links and export links.
pub fn list_response_with(
    headers: &axum::http::HeaderMap,
    chrome: Chrome,
    mut list: ListView,
    extras: ListExtras,
) -> Response {
    list.filters = list.filters.into_iter().map(crate::view::Field::filter).collect();
    if is_htmx(headers) {
        render(StatusCode::OK, &ListResultsTemplate { chrome, list, extras })
    } else {
        render(StatusCode::OK, &ListTemplate { chrome, list, extras })
    }
}

/// A form page; `status` is 200 on first show, 422 with field errors, 409 on a conflict.
pub fn form_response(status: StatusCode, mut chrome: Chrome, form: FormView) -> Response {
    chrome.has_errors = !form.errors().is_empty() || form.alert.is_some();
    render(status, &FormTemplate { chrome, form })
}

/// 303 See Other to `to`.
/// 303 to a local path. A target that is no valid header value goes to the start page
/// rather than failing the request.
pub fn see_other(to: &str) -> Response {
    let location = axum::http::HeaderValue::from_str(to).unwrap_or(axum::http::HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, location)]).into_response()
}

/// A numeric path id; anything else is a 404 page.
pub struct Id(pub i64);

impl axum::extract::FromRequestParts<AppState> for Id {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(Id(id)),
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    }
}

/// Two numeric path ids (`/netwerken/{id}/leden/{lid}`).
pub struct Ids(pub i64, pub i64);

impl axum::extract::FromRequestParts<AppState> for Ids {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<(i64, i64)>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path((a, b))) => Ok(Ids(a, b)),
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    }
}

/// Query parameters of a page; unreadable ones give a 400 page.
pub struct PageQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequestParts<AppState> for PageQuery<T> {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        serde_html_form::from_str::<T>(parts.uri.query().unwrap_or_default())
            .map(PageQuery)
            .map_err(|_| crate::error::AppError::BadRequest)
    }
}

/// The `melding` query parameter of a page reached by redirect.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Melding {
    pub melding: Option<String>,
}

/// The page that asks before a delete: what goes (`text`), what else happens, where the form
/// posts and where "no" goes back to.
pub fn confirm_page(
    staff: &crate::session::Staff,
    nav: crate::view::Nav,
    heading: String,
    text: String,
    consequences: Vec<String>,
    action: String,
    cancel_href: String,
) -> Response {
    let confirm = crate::view::ConfirmView {
        heading: heading.clone(),
        text,
        consequences,
        action,
        cancel_href,
        cancel_label: staff.ctx.tx.no_back.into(),
    };
    render(
        StatusCode::OK,
        &ConfirmTemplate {
            chrome: staff.ctx.chrome(heading, nav),
            confirm,
        },
    )
}
