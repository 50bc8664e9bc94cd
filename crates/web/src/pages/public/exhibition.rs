//! Public pages: the exhibition of good examples. The list (filters by theme, sector and
//! municipality, full-text search), the example with its story, pictures, the organisations
//! involved (name and website only: never people or contact data), and the "get in touch"
//! form that puts a referral in the contact partner's queue. Only published examples exist
//! here; everything else is 404. The list, the example and the pictures are cacheable; the
//! contact form carries a CSRF token and is not.

use super::{Visitor, cacheable_at};
use crate::AppState;
use crate::api::example::VoorbeeldFilter;
use crate::error::AppError;
use crate::pages::example::pages_of;
use crate::pages::{Id, Ids, PageQuery, coded_options, id_options, render};
use crate::session::{CsrfForm, client_address};
use crate::view::{Chrome, Field, FieldKind, Nav, Pager};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use middenveld_domain::enums::{Coded, Sector};
use middenveld_domain::example::{self as rules, ContactInput, field};
use middenveld_domain::{Lang, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::store::example::ExampleRecord;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/voorbeelden", get(list))
        .route("/voorbeelden/{id}", get(detail))
        .route("/voorbeelden/{id}/afbeeldingen/{picture}", get(picture))
        .route("/voorbeelden/{id}/contact", get(contact_form).post(contact))
}

/// One example on the list.
pub struct Card {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub meta: String,
    pub picture: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "public_examples.html")]
struct ListPage {
    chrome: Chrome,
    filters: Vec<Field>,
    count_text: String,
    empty: String,
    cards: Vec<Card>,
    pager: Pager,
}

fn meta_line(e: &ExampleRecord, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = &e.municipality_name {
        parts.push(m.clone());
    }
    if let Some(s) = e.data.sector {
        parts.push(s.label(lang).to_string());
    }
    parts.extend(e.themes.iter().map(|(_, n)| n.clone()));
    parts.join(" · ")
}

fn picture_href(example: i64, picture: i64) -> String {
    format!("/voorbeelden/{example}/afbeeldingen/{picture}")
}

async fn list(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    PageQuery(q): PageQuery<VoorbeeldFilter>,
) -> Result<Response, AppError> {
    let (tx, lang) = (visitor.tx, visitor.lang);
    // An unknown filter value (a hand-edited link) is refused, not silently dropped.
    let mut filter = q.to_filter(true).map_err(|_| AppError::BadRequest)?;
    filter.status = None;
    let themes = s.services.public_theme_names().await?;
    let municipalities = s.services.municipalities().await?;
    if filter.theme_id.is_some_and(|t| !themes.iter().any(|(id, _)| *id == t)) {
        return Err(AppError::BadRequest);
    }
    if let Some(code) = &filter.municipality_code
        && !municipalities.iter().any(|m| &m.code == code)
    {
        return Err(AppError::BadRequest);
    }
    let page = s.services.exhibition(&filter).await?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let pairs: Vec<(&'static str, String)> = vec![
        ("zoek", opt(&q.zoek)),
        ("thema", opt(&q.thema)),
        ("sector", opt(&q.sector)),
        ("gemeentecode", opt(&q.gemeentecode)),
    ];
    let filtered = pairs.iter().any(|(_, v)| !v.trim().is_empty());
    let any = tx.pub_ex_any;
    let filters = vec![
        Field::new("zoek", tx.pub_ex_search, FieldKind::Search)
            .value(opt(&q.zoek))
            .hint(tx.pub_ex_search_hint)
            .filter(),
        Field::new("thema", tx.theme, FieldKind::Select)
            .options(id_options(&themes))
            .empty(any)
            .value(opt(&q.thema))
            .filter(),
        Field::new("sector", tx.ex_sector, FieldKind::Select)
            .options(coded_options::<Sector>(lang))
            .empty(any)
            .value(opt(&q.sector))
            .filter(),
        Field::new("gemeentecode", tx.field_municipality, FieldKind::Select)
            .options(
                municipalities
                    .iter()
                    .map(|m| (m.code.clone(), m.name.clone()))
                    .collect(),
            )
            .empty(any)
            .value(opt(&q.gemeentecode))
            .filter(),
    ];
    let cards = page
        .items
        .iter()
        .map(|e| Card {
            href: format!("/voorbeelden/{}", e.id),
            title: e.data.title.clone(),
            summary: e.data.summary.clone(),
            meta: meta_line(e, lang),
            picture: e
                .pictures
                .first()
                .map(|p| (picture_href(e.id, p.id), p.alt_text.clone())),
        })
        .collect();
    let page_view = ListPage {
        chrome: visitor.chrome(tx.pub_exhibition, Nav::Exhibition),
        filters,
        count_text: format!("{} {}", page.total, tx.pub_ex_found),
        empty: if filtered {
            tx.pub_ex_none.into()
        } else {
            tx.pub_ex_none_yet.into()
        },
        pager: pages_of(tx, "/voorbeelden", &pairs, &page, tx.pub_ex_found),
        cards,
    };
    let html = page_view.render().map_err(|e| AppError::Internal(e.to_string()))?;
    let changed = s.services.exhibition_changed_at().await?;
    Ok(cacheable_at(
        &headers,
        "text/html; charset=utf-8",
        html,
        changed.as_deref(),
    ))
}

/// An organisation involved, as the public sees it.
pub struct Involved {
    pub name: String,
    pub website: Option<String>,
}

#[derive(Template)]
#[template(path = "public_example.html")]
struct DetailPage {
    chrome: Chrome,
    title: String,
    summary: String,
    paragraphs: Vec<String>,
    facts: Vec<(String, String)>,
    pictures: Vec<(String, String)>,
    involved: Vec<Involved>,
    projects: Vec<String>,
    contact: Option<(String, String)>,
}

async fn detail(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Id(id): Id,
) -> Result<Response, AppError> {
    let (tx, lang) = (visitor.tx, visitor.lang);
    let e = s.services.exhibited_example(id).await?;
    let mut facts = Vec::new();
    if let Some(m) = &e.municipality_name {
        facts.push((tx.field_municipality.to_string(), m.clone()));
    }
    if let Some(sector) = e.data.sector {
        facts.push((tx.ex_sector.to_string(), sector.label(lang).to_string()));
    }
    if !e.themes.is_empty() {
        facts.push((
            tx.ex_themes.to_string(),
            e.themes.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", "),
        ));
    }
    if let Some(d) = e.published_on {
        facts.push((tx.ex_published_on.to_string(), d.dutch()));
    }
    let contact = e.contact_partner_name.as_ref().map(|partner| {
        (
            tx.pub_ex_contact_text.replace("{partner}", partner),
            format!("/voorbeelden/{id}/contact"),
        )
    });
    let page_view = DetailPage {
        chrome: visitor.chrome(e.data.title.clone(), Nav::Exhibition),
        title: e.data.title.clone(),
        summary: e.data.summary.clone(),
        paragraphs: rules::paragraphs(&e.data.story),
        facts,
        pictures: e
            .pictures
            .iter()
            .map(|p| (picture_href(id, p.id), p.alt_text.clone()))
            .collect(),
        involved: e
            .organisations
            .iter()
            .map(|o| Involved {
                name: o.name.clone(),
                website: o.website.clone(),
            })
            .collect(),
        projects: e.projects.iter().map(|(_, n)| n.clone()).collect(),
        contact,
    };
    let html = page_view.render().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(cacheable_at(
        &headers,
        "text/html; charset=utf-8",
        html,
        Some(&e.updated_at),
    ))
}

/// A picture of a published example: its bytes never change under one id, so it may be
/// cached for a day (and revalidated by its ETag).
async fn picture(State(s): State<AppState>, headers: HeaderMap, Ids(id, picture): Ids) -> Result<Response, AppError> {
    let (meta, bytes) = s.services.exhibited_picture(id, picture).await?;
    let etag = format!("\"{}\"", meta.sha256.get(..32).unwrap_or(&meta.sha256));
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().trim_start_matches("W/") == etag);
    let mut r = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = bytes.into_response();
        if let Ok(v) = HeaderValue::from_str(&meta.content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        r
    };
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Ok(r)
}

// -- the contact form --

/// The contact form as sent. `website` is the honeypot: people never see it, robots fill it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub naam: Option<String>,
    pub email: Option<String>,
    pub organisatie: Option<String>,
    pub bericht: Option<String>,
    pub toestemming: Option<String>,
    pub website: Option<String>,
}

impl From<ContactForm> for ContactInput {
    fn from(f: ContactForm) -> Self {
        ContactInput {
            name: f.naam,
            email: f.email,
            organisation: f.organisatie,
            message: f.bericht,
            consent: f.toestemming.as_deref() == Some("ja"),
        }
    }
}

#[derive(Template)]
#[template(path = "public_example_contact.html")]
struct ContactPage {
    chrome: Chrome,
    heading: String,
    intro: String,
    action: String,
    back: String,
    fields: Vec<Field>,
    consent: Field,
    errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "public_example_thanks.html")]
struct MessagePage {
    chrome: Chrome,
    heading: String,
    text: String,
    back: String,
}

fn contact_page(
    visitor: &Visitor,
    e: &ExampleRecord,
    partner: &str,
    v: &ContactForm,
    errors: &ValidationErrors,
) -> ContactPage {
    let (tx, lang) = (visitor.tx, visitor.lang);
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let fields: Vec<Field> = vec![
        Field::text(field::NAME, tx.pub_ex_name)
            .value(opt(&v.naam))
            .autocomplete("name")
            .required(),
        Field::new(field::EMAIL, tx.pub_ex_email, FieldKind::Email)
            .value(opt(&v.email))
            .autocomplete("email")
            .required(),
        Field::text(field::ORGANISATION, tx.pub_ex_organisation)
            .value(opt(&v.organisatie))
            .autocomplete("organization"),
        Field::new(field::MESSAGE, tx.pub_ex_message, FieldKind::Textarea)
            .value(opt(&v.bericht))
            .hint(tx.pub_ex_message_hint)
            .required(),
    ]
    .into_iter()
    .map(|f| f.errors_from(errors, lang))
    .collect();
    let consent = Field::new(field::VISITOR_CONSENT, tx.pub_ex_consent_legend, FieldKind::Checkboxes)
        .options(vec![(
            "ja".to_string(),
            tx.pub_ex_consent.replace("{partner}", partner),
        )])
        .values(v.toestemming.clone().into_iter().collect())
        .required()
        .errors_from(errors, lang);
    let errors: Vec<(String, String)> = fields
        .iter()
        .chain(std::iter::once(&consent))
        .filter_map(|f| {
            f.error.as_ref().map(|e| {
                let id = if f.is_checkboxes() {
                    format!("{}-ja", f.id())
                } else {
                    f.id()
                };
                (id, format!("{}: {}", f.label, e))
            })
        })
        .collect();
    let mut chrome = visitor.chrome(format!("{} {}", tx.pub_ex_contact_title, e.data.title), Nav::Exhibition);
    chrome.has_errors = !errors.is_empty();
    ContactPage {
        chrome,
        heading: format!("{} {}", tx.pub_ex_contact_title, e.data.title),
        intro: tx.pub_ex_contact_intro.replace("{partner}", partner),
        action: format!("/voorbeelden/{}/contact", e.id),
        back: format!("/voorbeelden/{}", e.id),
        fields,
        consent,
        errors,
    }
}

async fn published_with_partner(s: &AppState, id: i64) -> Result<(ExampleRecord, String), AppError> {
    let e = s.services.exhibited_example(id).await?;
    let partner = e.contact_partner_name.clone().ok_or(AppError::NotFound)?;
    Ok((e, partner))
}

async fn contact_form(State(s): State<AppState>, visitor: Visitor, Id(id): Id) -> Result<Response, AppError> {
    let (e, partner) = published_with_partner(&s, id).await?;
    let page = contact_page(
        &visitor,
        &e,
        &partner,
        &ContactForm::default(),
        &ValidationErrors::new(),
    );
    Ok(no_store(render(StatusCode::OK, &page)))
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn message_page(visitor: &Visitor, status: StatusCode, heading: &str, text: &str, back: String) -> Response {
    no_store(render(
        status,
        &MessagePage {
            chrome: visitor.chrome(heading, Nav::Exhibition),
            heading: heading.to_string(),
            text: text.to_string(),
            back,
        },
    ))
}

async fn contact(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    connect: Option<axum::Extension<axum::extract::ConnectInfo<SocketAddr>>>,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ContactForm>,
) -> Result<Response, AppError> {
    let tx = visitor.tx;
    let (e, partner) = published_with_partner(&s, id).await?;
    let back = format!("/voorbeelden/{id}");
    // A filled honeypot is a robot: it gets the same thanks, nothing is written, and it uses
    // up no one's allowance (else robots could spend the shared one and block real visitors).
    if v.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        return Ok(message_page(
            &visitor,
            StatusCode::OK,
            tx.pub_ex_thanks_title,
            tx.pub_ex_thanks_text,
            back,
        ));
    }
    let client = client_address(connect.map(|c| c.0.0), &headers);
    if !LIMITER.allow(&client, Instant::now()) {
        let mut r = message_page(
            &visitor,
            StatusCode::TOO_MANY_REQUESTS,
            tx.pub_ex_too_many_title,
            tx.pub_ex_too_many_text,
            back,
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("600"));
        return Ok(r);
    }
    match s.services.request_contact(id, v.clone().into()).await {
        Ok(_) => Ok(message_page(
            &visitor,
            StatusCode::OK,
            tx.pub_ex_thanks_title,
            tx.pub_ex_thanks_text,
            back,
        )),
        Err(ServiceError::Invalid(errors)) => {
            let page = contact_page(&visitor, &e, &partner, &v, &errors);
            Ok(no_store(render(StatusCode::UNPROCESSABLE_ENTITY, &page)))
        }
        Err(e) => Err(e.into()),
    }
}

// -- rate limit of the contact form, in memory --

/// Requests per client address in one window.
const PER_CLIENT: usize = 5;
/// Requests of all clients together in one window (robots that change address).
const GLOBAL: usize = 200;
const WINDOW: Duration = Duration::from_secs(600);

/// Sliding-window counts per client and for everyone. Kept in the process: one server is
/// the deployment; a restart forgets, which is fine for a spam brake.
#[derive(Default)]
struct Limiter {
    state: Mutex<Counts>,
}

/// When each client, and everyone together, sent in the current window.
#[derive(Default)]
struct Counts {
    clients: HashMap<String, Vec<Instant>>,
    all: Vec<Instant>,
}

static LIMITER: LazyLock<Limiter> = LazyLock::new(Limiter::default);

impl Limiter {
    fn allow(&self, client: &str, now: Instant) -> bool {
        let Ok(mut guard) = self.state.lock() else {
            return false;
        };
        let Counts { clients, all } = &mut *guard;
        let fresh = |t: &Instant| now.duration_since(*t) < WINDOW;
        all.retain(fresh);
        if clients.len() > 10_000 {
            clients.retain(|_, v| {
                v.retain(fresh);
                !v.is_empty()
            });
        }
        let mine = clients.entry(client.to_string()).or_default();
        mine.retain(fresh);
        if mine.len() >= PER_CLIENT || all.len() >= GLOBAL {
            return false;
        }
        mine.push(now);
        all.push(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_allows_five_per_client_per_window() {
        let l = Limiter::default();
        let t = Instant::now();
        for _ in 0..PER_CLIENT {
            assert!(l.allow("a", t));
        }
        assert!(!l.allow("a", t));
        assert!(l.allow("b", t));
        assert!(l.allow("a", t + WINDOW + Duration::from_secs(1)));
    }
}
