//! Staff pages of good examples: the editorial side of the exhibition. The list with filters,
//! forms, the detail with the workflow buttons the user may press, the featured
//! organisation's consent, pictures (upload with alt text, preview, remove with confirmation)
//! and the history; delete with confirmation.

use super::*;
use crate::api::example::{ToestemmingInvoer, VoorbeeldFilter, VoorbeeldInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CSRF_FIELD, CsrfExpected, CsrfForm, Staff};
use crate::view::{Cell, Chrome, Field, FieldKind, FormView, Item, ListView, Nav, Table};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::routing::{get, post};
use middenveld_domain::enums::{Coded, ExampleStatus, Sector};
use middenveld_domain::example::{self as rules, PictureProblem, field};
use middenveld_domain::{ErrorCode, Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::store::example::ExampleRecord;

const BASE: &str = "/redactie/voorbeelden";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/redactie/voorbeelden/nieuw", get(new_form).post(create))
        .route("/redactie/voorbeelden/{id}", get(detail))
        .route("/redactie/voorbeelden/{id}/bewerken", get(edit_form).post(update))
        .route(
            "/redactie/voorbeelden/{id}/verwijderen",
            get(confirm_delete).post(delete),
        )
        .route("/redactie/voorbeelden/{id}/status", post(set_status))
        .route("/redactie/voorbeelden/{id}/toestemming", post(set_consent))
        .route("/redactie/voorbeelden/{id}/afbeeldingen/{picture}", get(preview))
        .route(
            "/redactie/voorbeelden/{id}/afbeeldingen/{picture}/verwijderen",
            get(confirm_remove_picture).post(remove_picture),
        )
}

/// The picture upload, outside the 2 MB body limit of the other pages: a picture may be up
/// to 5 MB (the service refuses more with a clear message).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/redactie/voorbeelden/{id}/afbeeldingen", post(upload))
}

/// Page links that keep every filter (by owned key names).
pub(crate) fn pages_of<T>(
    tx: &Texts,
    base: &str,
    pairs: &[(&'static str, String)],
    page: &middenveld_services::store::Page<T>,
    found: &str,
) -> crate::view::Pager {
    let last = page.pages();
    let current = page.paging.page.min(last);
    let href = |n: i64| {
        let mut p: Vec<(&str, String)> = pairs.iter().filter(|(k, _)| *k != "pagina").cloned().collect();
        if n > 1 {
            p.push(("pagina", n.to_string()));
        }
        format!("{base}{}", query_string(&p))
    };
    let mut numbers: Vec<i64> = vec![1, current - 1, current, current + 1, last];
    numbers.retain(|n| *n >= 1 && *n <= last);
    numbers.sort_unstable();
    numbers.dedup();
    let _ = tx;
    crate::view::Pager {
        prev: (current > 1).then(|| href(current - 1)),
        next: (current < last).then(|| href(current + 1)),
        pages: numbers
            .into_iter()
            .map(|n| (n, (n != current).then(|| href(n))))
            .collect(),
        summary: format!("{} {found}", page.total),
    }
}

pub(crate) fn status_badge(s: ExampleStatus) -> &'static str {
    match s {
        ExampleStatus::Draft => "utrecht-status-badge--neutral",
        ExampleStatus::Review => "utrecht-status-badge--warning",
        ExampleStatus::Published => "utrecht-status-badge--success",
        ExampleStatus::Withdrawn => "utrecht-status-badge--danger",
    }
}

fn names(v: &[(i64, String)]) -> String {
    v.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<VoorbeeldFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let actor = staff.actor();
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let filter = q.to_filter(false).map_err(|_| AppError::BadRequest)?;
    let page = s.services.examples(&actor, &filter).await?;
    let themes = s.services.theme_names(&actor).await?;
    let municipalities = s.services.municipalities().await?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let pairs: Vec<(&'static str, String)> = vec![
        ("zoek", opt(&q.zoek)),
        ("status", opt(&q.status)),
        ("thema", opt(&q.thema)),
        ("gemeentecode", opt(&q.gemeentecode)),
    ];
    let table = Table {
        id: "voorbeelden".into(),
        caption: tx.ex_heading.into(),
        columns: vec![
            Column::plain(tx.ex_title),
            Column::plain(tx.field_status),
            Column::plain(tx.field_municipality),
            Column::plain(tx.ex_themes),
            Column::plain(tx.last_changed),
        ],
        rows: page
            .items
            .iter()
            .map(|e| {
                vec![
                    Cell::link(e.data.title.clone(), format!("{BASE}/{}", e.id)),
                    Cell::badge(e.status.label(lang), status_badge(e.status)),
                    Cell::text(e.municipality_name.clone().unwrap_or_default()),
                    Cell::text(names(&e.themes)),
                    Cell::text(dutch_time(&e.updated_at)),
                ]
            })
            .collect(),
    };
    let all = tx.all;
    let filters = vec![
        Field::new("zoek", tx.search, FieldKind::Search).value(opt(&q.zoek)),
        Field::new("status", tx.field_status, FieldKind::Select)
            .options(coded_options::<ExampleStatus>(lang))
            .empty(all)
            .value(opt(&q.status)),
        Field::new("thema", tx.theme, FieldKind::Select)
            .options(id_options(&themes))
            .empty(all)
            .value(opt(&q.thema)),
        Field::new("gemeentecode", tx.field_municipality, FieldKind::Select)
            .options(
                municipalities
                    .iter()
                    .map(|m| (m.code.clone(), m.name.clone()))
                    .collect(),
            )
            .empty(all)
            .value(opt(&q.gemeentecode)),
    ];
    let filtered = pairs.iter().any(|(_, v)| !v.is_empty());
    let list = ListView {
        heading: tx.ex_heading.into(),
        intro: Some(tx.ex_intro.into()),
        new_link: Some((format!("{BASE}/nieuw"), tx.ex_new.to_string())),
        action: BASE.into(),
        filters,
        pager: pages_of(tx, BASE, &pairs, &page, tx.results_total),
        count_text: format!("{} {}", page.total, tx.results_total),
        empty: if filtered {
            tx.empty_list.into()
        } else {
            tx.ex_empty.into()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.ex_heading, Nav::Examples);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(list_response_with(&headers, chrome, list, ListExtras::default()))
}

/// The choices of the form's link fields.
struct Choices {
    themes: Vec<(i64, String)>,
    organisations: Vec<(i64, String)>,
    projects: Vec<(i64, String)>,
    municipalities: Vec<(String, String)>,
}

async fn choices(s: &AppState, staff: &Staff, v: &VoorbeeldInvoer) -> Result<Choices, AppError> {
    let actor = staff.actor();
    let mut linked = v.organisatie_ids.clone();
    linked.extend(v.contactpartner_id);
    Ok(Choices {
        themes: s.services.theme_names(&actor).await?,
        organisations: super::person::organisation_choices(s, staff, &linked).await?,
        projects: s.services.example_project_choices(&actor).await?,
        municipalities: s
            .services
            .municipalities()
            .await?
            .into_iter()
            .map(|m| (m.code, m.name))
            .collect(),
    })
}

fn fields(tx: &Texts, lang: Lang, v: &VoorbeeldInvoer, e: &ValidationErrors, c: &Choices) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let strings = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>();
    vec![
        Field::text("titel", tx.ex_title).value(opt(&v.titel)).required(),
        Field::new("samenvatting", tx.ex_summary, FieldKind::Textarea)
            .value(opt(&v.samenvatting))
            .hint(tx.ex_summary_hint)
            .required(),
        Field::new("verhaal", tx.ex_story, FieldKind::Textarea)
            .value(opt(&v.verhaal))
            .hint(tx.ex_story_hint)
            .required(),
        Field::new("gemeentecode", tx.field_municipality, FieldKind::Select)
            .options(c.municipalities.clone())
            .empty(tx.none_option)
            .value(opt(&v.gemeentecode)),
        Field::new("sector", tx.ex_sector, FieldKind::Select)
            .options(coded_options::<Sector>(lang))
            .empty(tx.none_option)
            .value(opt(&v.sector)),
        Field::new("themaIds", tx.ex_themes, FieldKind::Checkboxes)
            .options(id_options(&c.themes))
            .values(strings(&v.thema_ids)),
        Field::new("organisatieIds", tx.ex_organisations, FieldKind::Checkboxes)
            .options(id_options(&c.organisations))
            .values(strings(&v.organisatie_ids))
            .hint(tx.ex_organisations_hint),
        Field::new("projectIds", tx.ex_projects, FieldKind::Checkboxes)
            .options(id_options(&c.projects))
            .values(strings(&v.project_ids)),
        Field::new("contactpartnerId", tx.ex_contact_partner, FieldKind::Select)
            .options(id_options(&c.organisations))
            .empty(tx.none_option)
            .value(v.contactpartner_id.map(|i| i.to_string()).unwrap_or_default())
            .hint(tx.ex_contact_partner_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

/// Where a form page is: its heading, where it posts, where "cancel" goes.
struct Target {
    heading: String,
    action: String,
    cancel: String,
}

async fn form_page(
    s: &AppState,
    staff: &Staff,
    status: StatusCode,
    target: Target,
    v: &VoorbeeldInvoer,
    e: &ValidationErrors,
) -> Result<Response, AppError> {
    let Target {
        heading,
        action,
        cancel,
    } = target;
    let tx = staff.ctx.tx;
    let c = choices(s, staff, v).await?;
    let form = FormView {
        heading: heading.clone(),
        intro: Some(tx.ex_intro.into()),
        action,
        fields: fields(tx, staff.ctx.lang, v, e, &c),
        submit: tx.save.into(),
        cancel_href: cancel,
        alert: None,
    };
    Ok(form_response(status, staff.ctx.chrome(heading, Nav::Examples), form))
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Viewer)?;
    let tx = staff.ctx.tx;
    form_page(
        &s,
        &staff,
        StatusCode::OK,
        Target {
            heading: tx.ex_new.into(),
            action: format!("{BASE}/nieuw"),
            cancel: BASE.into(),
        },
        &VoorbeeldInvoer::default(),
        &ValidationErrors::new(),
    )
    .await
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<VoorbeeldInvoer>,
) -> Result<Response, AppError> {
    match s.services.create_example(&staff.actor(), v.clone().into()).await {
        Ok(id) => Ok(see_other(&format!("{BASE}/{id}?melding=aangemaakt"))),
        Err(ServiceError::Invalid(errors)) => {
            form_page(
                &s,
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                Target {
                    heading: staff.ctx.tx.ex_new.into(),
                    action: format!("{BASE}/nieuw"),
                    cancel: BASE.into(),
                },
                &v,
                &errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn may_edit(staff: &Staff, e: &ExampleRecord) -> bool {
    let role = if rules::edit_needs_editor(e.status) {
        Role::Editor
    } else {
        Role::Viewer
    };
    staff.user.role.allows(role)
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let e = s.services.example(&staff.actor(), id).await?;
    if !may_edit(&staff, &e) {
        return Err(AppError::Forbidden);
    }
    let heading = format!("{}: {}", staff.ctx.tx.edit, e.data.title);
    form_page(
        &s,
        &staff,
        StatusCode::OK,
        Target {
            heading,
            action: format!("{BASE}/{id}/bewerken"),
            cancel: format!("{BASE}/{id}"),
        },
        &VoorbeeldInvoer::from(&e.data),
        &ValidationErrors::new(),
    )
    .await
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<VoorbeeldInvoer>,
) -> Result<Response, AppError> {
    match s.services.update_example(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let heading = format!("{}: {}", staff.ctx.tx.edit, v.titel.clone().unwrap_or_default());
            form_page(
                &s,
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                Target {
                    heading,
                    action: format!("{BASE}/{id}/bewerken"),
                    cancel: format!("{BASE}/{id}"),
                },
                &v,
                &errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A workflow button: the target status and its label.
pub struct Move {
    pub to: &'static str,
    pub label: &'static str,
    pub primary: bool,
}

fn move_label(tx: &Texts, to: ExampleStatus) -> &'static str {
    match to {
        ExampleStatus::Draft => tx.ex_to_draft,
        ExampleStatus::Review => tx.ex_to_review,
        ExampleStatus::Published => tx.ex_to_published,
        ExampleStatus::Withdrawn => tx.ex_to_withdrawn,
    }
}

/// A picture as the detail page shows it.
pub struct PictureView {
    pub src: String,
    pub alt: String,
    pub remove_href: String,
}

#[derive(askama::Template)]
#[template(path = "example_detail.html")]
struct DetailPage {
    chrome: Chrome,
    heading: String,
    subtitle: String,
    alert: Option<String>,
    can_edit: bool,
    can_delete: bool,
    base: String,
    items: Vec<Item>,
    paragraphs: Vec<String>,
    moves: Vec<Move>,
    consent_items: Vec<Item>,
    consent_fields: Vec<Field>,
    consent_open: bool,
    pictures: Vec<PictureView>,
    picture_fields: Vec<Field>,
    picture_open: bool,
    history: Vec<crate::view::HistoryItem>,
}

/// What the detail page shows besides the record: a refusal, the consent form's and the
/// picture form's values and errors.
#[derive(Default)]
struct DetailState {
    alert: Option<String>,
    consent: ToestemmingInvoer,
    consent_errors: ValidationErrors,
    picture_alt: String,
    picture_errors: Vec<(&'static str, String)>,
}

async fn detail_page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    state: DetailState,
    notice_code: Option<&str>,
) -> Result<Response, AppError> {
    let (tx, lang) = (staff.ctx.tx, staff.ctx.lang);
    let actor = staff.actor();
    let e = s.services.example(&actor, id).await?;
    let can_edit = may_edit(staff, &e);
    let base = format!("{BASE}/{id}");
    let text = |t: String| Cell::text(t);
    let mut items = vec![
        Item {
            label: tx.field_status.into(),
            value: Cell::badge(e.status.label(lang), status_badge(e.status)),
        },
        Item {
            label: tx.ex_summary.into(),
            value: text(e.data.summary.clone()),
        },
        Item {
            label: tx.field_municipality.into(),
            value: text(e.municipality_name.clone().unwrap_or_default()),
        },
        Item {
            label: tx.ex_sector.into(),
            value: text(e.data.sector.map(|s| s.label(lang).to_string()).unwrap_or_default()),
        },
        Item {
            label: tx.ex_themes.into(),
            value: text(names(&e.themes)),
        },
        Item {
            label: tx.ex_organisations.into(),
            value: text(
                e.organisations
                    .iter()
                    .map(|o| o.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        },
        Item {
            label: tx.ex_projects.into(),
            value: text(names(&e.projects)),
        },
        Item {
            label: tx.ex_contact_partner.into(),
            value: match (e.data.contact_partner_id, &e.contact_partner_name) {
                (Some(o), Some(n)) => Cell::link(n.clone(), format!("/organisaties/{o}")),
                _ => Cell::default(),
            },
        },
        Item {
            label: tx.ex_published_on.into(),
            value: text(e.published_on.map(|d| d.dutch()).unwrap_or_default()),
        },
    ];
    if e.status == ExampleStatus::Published {
        items.push(Item {
            label: tx.ex_public_link.into(),
            value: Cell::link(format!("/voorbeelden/{id}"), format!("/voorbeelden/{id}")),
        });
    }
    let moves = rules::next_statuses(e.status)
        .into_iter()
        .filter(|to| !rules::move_needs_editor(*to) || staff.user.role.allows(Role::Editor))
        .map(|to| Move {
            to: to.code(),
            label: move_label(tx, to),
            primary: matches!(to, ExampleStatus::Review | ExampleStatus::Published),
        })
        .collect();
    let consent_items = match &e.consent {
        Some(c) => vec![
            Item {
                label: tx.ex_consent_org.into(),
                value: text(e.consent_organisation_name.clone().unwrap_or_default()),
            },
            Item {
                label: tx.ex_consent_signer.into(),
                value: text(c.signer.clone()),
            },
            Item {
                label: tx.ex_consent_date.into(),
                value: text(c.date.dutch()),
            },
            Item {
                label: tx.ex_consent_note.into(),
                value: text(c.note.clone().unwrap_or_default()),
            },
        ],
        None => Vec::new(),
    };
    let organisations = if can_edit {
        let linked: Vec<i64> = e
            .data
            .organisation_ids
            .iter()
            .copied()
            .chain(e.consent.as_ref().map(|c| c.organisation_id))
            .collect();
        super::person::organisation_choices(s, staff, &linked).await?
    } else {
        Vec::new()
    };
    let consent_open = !state.consent_errors.is_empty();
    let c = if consent_open {
        state.consent.clone()
    } else {
        ToestemmingInvoer {
            toestemming_organisatie_id: e.consent.as_ref().map(|c| c.organisation_id).or(e
                .data
                .organisation_ids
                .first()
                .copied()),
            toestemming_door: e.consent.as_ref().map(|c| c.signer.clone()),
            toestemming_datum: e.consent.as_ref().map(|c| c.date.iso()),
            toestemming_toelichting: e.consent.as_ref().and_then(|c| c.note.clone()),
        }
    };
    let consent_fields = vec![
        Field::new(field::CONSENT_ORGANISATION, tx.ex_consent_org, FieldKind::Select)
            .options(id_options(&organisations))
            .empty(tx.choose)
            .value(c.toestemming_organisatie_id.map(|i| i.to_string()).unwrap_or_default())
            .required(),
        Field::text(field::CONSENT_SIGNER, tx.ex_consent_signer)
            .value(c.toestemming_door.clone().unwrap_or_default())
            .required(),
        Field::new(field::CONSENT_DATE, tx.ex_consent_date, FieldKind::Date)
            .value(c.toestemming_datum.clone().unwrap_or_default())
            .hint(tx.field_date_hint)
            .narrow()
            .required(),
        Field::new(field::CONSENT_NOTE, tx.ex_consent_note, FieldKind::Textarea)
            .value(c.toestemming_toelichting.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|f| f.errors_from(&state.consent_errors, lang))
    .collect();
    let pictures = e
        .pictures
        .iter()
        .map(|p| PictureView {
            src: format!("{base}/afbeeldingen/{}", p.id),
            alt: p.alt_text.clone(),
            remove_href: format!("{base}/afbeeldingen/{}/verwijderen", p.id),
        })
        .collect();
    let picture_error = |name: &str| {
        state
            .picture_errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| m.clone())
    };
    let mut file = Field::new(field::PICTURE, tx.ex_picture_file, FieldKind::Text).required();
    file.error = picture_error(field::PICTURE);
    let mut alt = Field::text(field::ALT, tx.ex_picture_alt)
        .value(state.picture_alt.clone())
        .hint(tx.ex_picture_alt_hint)
        .required();
    alt.error = picture_error(field::ALT);
    let picture_open = !state.picture_errors.is_empty();
    let heading = e.data.title.clone();
    let mut chrome = staff.ctx.chrome(heading.clone(), Nav::Examples);
    chrome.notice = notice(tx, notice_code);
    chrome.has_errors = state.alert.is_some() || consent_open || picture_open;
    let page = DetailPage {
        chrome,
        subtitle: format!("{}: {}", tx.last_changed, dutch_time(&e.updated_at)),
        heading,
        alert: state.alert,
        can_edit,
        can_delete: staff.user.role.allows(Role::Editor),
        base,
        items,
        paragraphs: rules::paragraphs(&e.data.story),
        moves,
        consent_items,
        consent_fields,
        consent_open,
        pictures,
        picture_fields: vec![file, alt],
        picture_open,
        history: history(tx, &s.services.example_history(&actor, id).await?),
    };
    Ok(render(status, &page))
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    detail_page(
        &s,
        &staff,
        id,
        StatusCode::OK,
        DetailState::default(),
        m.melding.as_deref(),
    )
    .await
}

async fn set_status(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<crate::api::example::VoorbeeldStatus>,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let refusal = |errors: &ValidationErrors| {
        errors
            .0
            .iter()
            .map(|f| {
                rules::workflow_message(f.field, lang)
                    .map(str::to_string)
                    .unwrap_or_else(|| f.code.message(lang))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (status, alert) = match s
        .services
        .set_example_status(&staff.actor(), id, v.status.as_deref())
        .await
    {
        Ok(()) => return Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Conflict { errors, .. }) => (StatusCode::CONFLICT, refusal(&errors)),
        Err(ServiceError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, refusal(&errors)),
        Err(e) => return Err(e.into()),
    };
    let state = DetailState {
        alert: Some(alert),
        ..DetailState::default()
    };
    detail_page(&s, &staff, id, status, state, None).await
}

async fn set_consent(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<ToestemmingInvoer>,
) -> Result<Response, AppError> {
    match s
        .services
        .record_example_consent(&staff.actor(), id, v.clone().into())
        .await
    {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let state = DetailState {
                consent: v,
                consent_errors: errors,
                ..DetailState::default()
            };
            detail_page(&s, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, state, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads the multipart upload (CSRF field, alt text, file) and adds the picture.
async fn upload(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    csrf: Option<axum::Extension<CsrfExpected>>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let lang = staff.ctx.lang;
    let mut sent_csrf = String::new();
    let mut alt = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut too_large = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                too_large = true;
                break;
            }
        };
        match field.name() {
            Some(CSRF_FIELD) => sent_csrf = field.text().await.unwrap_or_default(),
            Some("alt") => alt = field.text().await.unwrap_or_default(),
            Some("bestand") => {
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if bytes.len() + chunk.len() > rules::PICTURE_MAX_BYTES {
                                too_large = true;
                                break;
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(_) => {
                            too_large = true;
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
        if too_large {
            break;
        }
    }
    if !too_large && !csrf.is_some_and(|c| c.0.matches(&sent_csrf)) {
        return Err(AppError::BadRequest);
    }
    let result = if too_large {
        // Not read to the end: refused without looking further.
        Err(ServiceError::Invalid(ValidationErrors::one(
            field::PICTURE,
            ErrorCode::TooLong {
                max: rules::PICTURE_MAX_BYTES,
            },
        )))
    } else {
        s.services.add_example_picture(&staff.actor(), id, bytes, &alt).await
    };
    match result {
        Ok(_) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd#afbeeldingen"))),
        Err(ServiceError::Invalid(errors)) => {
            let picture_errors = errors
                .0
                .iter()
                .map(|f| {
                    let message = match (f.field, &f.code) {
                        (field::PICTURE, ErrorCode::Required) => PictureProblem::Missing.message(lang).to_string(),
                        (field::PICTURE, ErrorCode::TooLong { .. }) => {
                            PictureProblem::TooLarge.message(lang).to_string()
                        }
                        (field::PICTURE, _) => PictureProblem::NotAnImage.message(lang).to_string(),
                        (_, code) => code.message(lang),
                    };
                    (f.field, message)
                })
                .collect();
            let state = DetailState {
                picture_alt: alt,
                picture_errors,
                ..DetailState::default()
            };
            detail_page(&s, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, state, None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A picture for staff, whatever the example's status (previews of drafts); never cached by
/// shared caches.
async fn preview(State(s): State<AppState>, staff: Staff, Ids(id, picture): Ids) -> Result<Response, AppError> {
    let (meta, bytes) = s.services.example_picture(&staff.actor(), id, picture).await?;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&meta.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}

async fn confirm_remove_picture(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, picture): Ids,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let e = s.services.example(&staff.actor(), id).await?;
    if !may_edit(&staff, &e) {
        return Err(AppError::Forbidden);
    }
    let p = e.pictures.iter().find(|p| p.id == picture).ok_or(AppError::NotFound)?;
    Ok(confirm_page(
        &staff,
        Nav::Examples,
        format!("{} {}", tx.ex_picture_remove, tx.confirm_delete),
        format!("{} – {}", p.alt_text, e.data.title),
        vec![tx.ex_picture_remove_text.to_string()],
        format!("{BASE}/{id}/afbeeldingen/{picture}/verwijderen"),
        format!("{BASE}/{id}"),
    ))
}

async fn remove_picture(
    State(s): State<AppState>,
    staff: Staff,
    Ids(id, picture): Ids,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.remove_example_picture(&staff.actor(), id, picture).await?;
    Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd")))
}

async fn confirm_delete(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let e = s.services.example(&staff.actor(), id).await?;
    Ok(confirm_page(
        &staff,
        Nav::Examples,
        format!("{} {}", e.data.title, tx.confirm_delete),
        e.data.title.clone(),
        vec![tx.ex_delete_consequence.to_string()],
        format!("{BASE}/{id}/verwijderen"),
        format!("{BASE}/{id}"),
    ))
}

async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    s.services.delete_example(&staff.actor(), id).await?;
    Ok(see_other(&format!("{BASE}?melding=verwijderd")))
}
