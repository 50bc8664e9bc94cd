//! Advice pages: the register of incoming advice with filters, registration, the detail with
//! the document, decision and reply, the reply letter (print page and .docx), the ZGW export.
//! Advice is never deleted, so a case number is never used twice.

use super::*;
use crate::api::advice::{AdviesFilter, AdviesInvoer, AntwoordInvoer};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::session::{CSRF_FIELD, CsrfExpected, CsrfForm, Staff};
use crate::view::{Cell, Chrome, Field, FieldKind, FormView, Item, ListView, Nav, Section, Table};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::routing::{get, post};
use middenveld_domain::advice::DocumentProblem;
use middenveld_domain::{Lang, Role, ValidationErrors};
use middenveld_services::ServiceError;
use middenveld_services::advice::{AttachError, ReplyLetter};

const BASE: &str = "/adviezen";
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/adviezen/nieuw", get(new_form).post(create))
        .route("/adviezen/zgw.json", get(zgw))
        .route("/adviezen/{id}", get(detail))
        .route("/adviezen/{id}/bewerken", get(edit_form).post(update))
        .route("/adviezen/{id}/antwoord", get(reply_form).post(reply))
        .route("/adviezen/{id}/document", get(document))
        .route("/adviezen/{id}/document/nieuw", get(upload_form))
        .route("/adviezen/{id}/brief", get(letter))
        .route("/adviezen/{id}/brief.docx", get(letter_docx))
}

/// The document upload, with a body limit of its own (see lib.rs).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/adviezen/{id}/document", post(upload))
}

fn download(body: Vec<u8>, content_type: &str, file_name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    PageQuery(q): PageQuery<AdviesFilter>,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let filter = q.parse().unwrap_or_default();
    let filtered = filter.open.is_some() || filter.year.is_some() || filter.text.is_some();
    let advices = s.services.advices(&staff.actor(), &filter).await?;
    let today = middenveld_domain::Date(time::OffsetDateTime::now_utc().date());
    let table = Table {
        id: "adviezen".into(),
        caption: tx.advice_nav.into(),
        columns: vec![
            Column::plain(tx.advice_case_number),
            Column::plain(tx.advice_subject),
            Column::plain(tx.advice_body),
            Column::plain(tx.advice_received),
            Column::plain(tx.advice_deadline),
            Column::plain(tx.field_status),
        ],
        rows: advices
            .iter()
            .map(|a| {
                let status = if !a.is_open() {
                    Cell::text(tx.advice_answered)
                } else if a.deadline < today {
                    Cell::badge(tx.advice_overdue, "middenveld-badge--warning")
                } else {
                    Cell::text(tx.advice_open)
                };
                vec![
                    Cell::link(a.case_number.clone(), format!("{BASE}/{}", a.id)),
                    Cell::text(a.data.subject.clone()),
                    Cell::text(a.data.advisory_body.clone()),
                    Cell::text(a.data.received_on.dutch()),
                    Cell::text(a.deadline.dutch()),
                    status,
                ]
            })
            .collect(),
    };
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let list = ListView {
        heading: tx.advice_nav.into(),
        intro: Some(tx.advice_intro.into()),
        new_link: can_edit.then(|| ("/adviezen/nieuw".to_string(), tx.advice_new.to_string())),
        action: BASE.into(),
        filters: vec![
            Field::new("zoek", tx.advice_search, FieldKind::Search).value(q.zoek.clone().unwrap_or_default()),
            Field::new("status", tx.field_status, FieldKind::Select)
                .options(vec![
                    ("open".into(), tx.advice_open.into()),
                    ("beantwoord".into(), tx.advice_answered.into()),
                ])
                .empty(tx.advice_all)
                .value(q.status.clone().unwrap_or_default()),
            Field::text("jaar", tx.advice_year)
                .value(q.jaar.clone().unwrap_or_default())
                .narrow(),
        ],
        pager: crate::view::Pager {
            prev: None,
            next: None,
            pages: Vec::new(),
            summary: String::new(),
        },
        count_text: format!("{} {}", advices.len(), tx.results_total),
        empty: if filtered {
            tx.advice_empty_filter.into()
        } else {
            tx.advice_empty.into()
        },
        table,
    };
    let mut chrome = staff.ctx.chrome(tx.advice_nav, Nav::Advice);
    chrome.notice = notice(tx, m.melding.as_deref());
    let extras = ListExtras {
        exports: vec![("/adviezen/zgw.json".to_string(), tx.advice_zgw.to_string())],
        ..ListExtras::default()
    };
    Ok(list_response_with(&headers, chrome, list, extras))
}

struct Choices {
    objectives: Vec<(i64, String)>,
    themes: Vec<(i64, String)>,
}

async fn choices(s: &AppState, staff: &Staff) -> Result<Choices, AppError> {
    let objectives = s
        .services
        .objectives(&staff.actor(), None)
        .await?
        .into_iter()
        .map(|o| (o.id, format!("{} {}", o.data.code, o.data.name)))
        .collect();
    let themes = s.services.theme_names(&staff.actor()).await?;
    Ok(Choices { objectives, themes })
}

fn strings(ids: &[i64]) -> Vec<String> {
    ids.iter().map(i64::to_string).collect()
}

fn fields(tx: &Texts, lang: Lang, c: &Choices, v: &AdviesInvoer, e: &ValidationErrors) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut out = vec![
        Field::text("adviesorgaan", tx.advice_body)
            .value(opt(&v.adviesorgaan))
            .required(),
        Field::new("adres", tx.advice_address, FieldKind::Textarea)
            .value(opt(&v.adres))
            .hint(tx.advice_address_hint),
        Field::new("ontvangen", tx.advice_received, FieldKind::Date)
            .value(opt(&v.ontvangen))
            .hint(tx.field_date_hint)
            .required()
            .narrow(),
        Field::text("uwKenmerk", tx.advice_their_ref).value(opt(&v.uw_kenmerk)),
        Field::text("onderwerp", tx.advice_subject)
            .value(opt(&v.onderwerp))
            .required(),
        Field::new("samenvatting", tx.advice_summary, FieldKind::Textarea).value(opt(&v.samenvatting)),
        Field::text("termijnWeken", tx.advice_weeks)
            .value(opt(&v.termijn_weken))
            .hint(tx.advice_weeks_hint)
            .narrow(),
    ];
    if !c.objectives.is_empty() {
        out.push(
            Field::new("prestatieIds", tx.advice_objectives, FieldKind::Checkboxes)
                .options(id_options(&c.objectives))
                .values(strings(&v.prestatie_ids)),
        );
    }
    if !c.themes.is_empty() {
        out.push(
            Field::new("themaIds", tx.advice_themes, FieldKind::Checkboxes)
                .options(id_options(&c.themes))
                .values(strings(&v.thema_ids)),
        );
    }
    out.into_iter().map(|f| f.errors_from(e, lang)).collect()
}

fn form_page(
    staff: &Staff,
    status: StatusCode,
    heading: &str,
    action: String,
    cancel: String,
    fields: Vec<Field>,
) -> Response {
    let tx = staff.ctx.tx;
    form_response(
        status,
        staff.ctx.chrome(heading, Nav::Advice),
        FormView {
            heading: heading.into(),
            intro: Some(tx.advice_intro.into()),
            action,
            fields,
            submit: tx.save.into(),
            cancel_href: cancel,
            alert: None,
        },
    )
}

async fn new_form(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let c = choices(&s, &staff).await?;
    let f = fields(
        tx,
        staff.ctx.lang,
        &c,
        &AdviesInvoer::default(),
        &ValidationErrors::new(),
    );
    Ok(form_page(
        &staff,
        StatusCode::OK,
        tx.advice_new,
        "/adviezen/nieuw".into(),
        BASE.into(),
        f,
    ))
}

async fn create(
    State(s): State<AppState>,
    staff: Staff,
    CsrfForm(v): CsrfForm<AdviesInvoer>,
) -> Result<Response, AppError> {
    let (input, links) = v.clone().split();
    match s.services.register_advice(&staff.actor(), input, links).await {
        Ok(id) => Ok(see_other(&format!("{BASE}/{id}?melding=aangemaakt"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let c = choices(&s, &staff).await?;
            let f = fields(tx, staff.ctx.lang, &c, &v, &errors);
            Ok(form_page(
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                tx.advice_new,
                "/adviezen/nieuw".into(),
                BASE.into(),
                f,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn edit_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let r = s.services.advice(&staff.actor(), id).await?;
    let c = choices(&s, &staff).await?;
    let f = fields(
        tx,
        staff.ctx.lang,
        &c,
        &AdviesInvoer::from(&r),
        &ValidationErrors::new(),
    );
    Ok(form_page(
        &staff,
        StatusCode::OK,
        &format!("{}: {}", tx.edit, r.case_number),
        format!("{BASE}/{id}/bewerken"),
        format!("{BASE}/{id}"),
        f,
    ))
}

async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<AdviesInvoer>,
) -> Result<Response, AppError> {
    let (input, links) = v.clone().split();
    match s.services.update_advice(&staff.actor(), id, input, links).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let c = choices(&s, &staff).await?;
            let f = fields(tx, staff.ctx.lang, &c, &v, &errors);
            Ok(form_page(
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                tx.edit,
                format!("{BASE}/{id}/bewerken"),
                format!("{BASE}/{id}"),
                f,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn reply_fields(tx: &Texts, lang: Lang, v: &AntwoordInvoer, e: &ValidationErrors) -> Vec<Field> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        Field::new("besluit", tx.advice_decision, FieldKind::Textarea).value(opt(&v.besluit)),
        Field::new("antwoordDatum", tx.advice_reply_date, FieldKind::Date)
            .value(opt(&v.antwoord_datum))
            .hint(tx.advice_reply_date_hint)
            .narrow(),
        Field::new("antwoordTekst", tx.advice_reply_body, FieldKind::Textarea)
            .value(opt(&v.antwoord_tekst))
            .hint(tx.advice_reply_body_hint),
        Field::text("contactNaam", tx.advice_contact_name).value(opt(&v.contact_naam)),
        Field::new("contactTelefoon", tx.advice_contact_phone, FieldKind::Tel).value(opt(&v.contact_telefoon)),
        Field::new("contactEmail", tx.advice_contact_email, FieldKind::Email).value(opt(&v.contact_email)),
        Field::new("ondertekening", tx.advice_signatories, FieldKind::Textarea)
            .value(opt(&v.ondertekening))
            .hint(tx.advice_signatories_hint),
    ]
    .into_iter()
    .map(|f| f.errors_from(e, lang))
    .collect()
}

async fn reply_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let tx = staff.ctx.tx;
    let a = s.services.advice(&staff.actor(), id).await?;
    let v = AntwoordInvoer {
        besluit: a.reply.decision.clone(),
        antwoord_datum: a.reply.reply_date.map(|d| d.iso()),
        antwoord_tekst: a.reply.body.clone(),
        contact_naam: a.reply.contact_name.clone(),
        contact_telefoon: a.reply.contact_phone.clone(),
        contact_email: a.reply.contact_email.clone(),
        ondertekening: a.reply.signatories.clone(),
    };
    let heading = format!("{}: {}", tx.advice_reply_write, a.case_number);
    Ok(form_page(
        &staff,
        StatusCode::OK,
        &heading,
        format!("{BASE}/{id}/antwoord"),
        format!("{BASE}/{id}"),
        reply_fields(tx, staff.ctx.lang, &v, &ValidationErrors::new()),
    ))
}

async fn reply(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(v): CsrfForm<AntwoordInvoer>,
) -> Result<Response, AppError> {
    match s.services.reply_advice(&staff.actor(), id, v.clone().into()).await {
        Ok(()) => Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(ServiceError::Invalid(errors)) => {
            let tx = staff.ctx.tx;
            let heading = tx.advice_reply_write.to_string();
            Ok(form_page(
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                &heading,
                format!("{BASE}/{id}/antwoord"),
                format!("{BASE}/{id}"),
                reply_fields(tx, staff.ctx.lang, &v, &errors),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    PageQuery(m): PageQuery<Melding>,
) -> Result<Response, AppError> {
    let tx = staff.ctx.tx;
    let a = s.services.advice(&staff.actor(), id).await?;
    let can_edit = staff.ctx.chrome("", Nav::None).can_edit();
    let text = |v: &Option<String>| Cell::text(v.clone().unwrap_or_default());
    let names = |v: &[(i64, String)]| Cell::text(v.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", "));
    let items = vec![
        Item {
            label: tx.advice_case_number.into(),
            value: Cell::text(a.case_number.clone()),
        },
        Item {
            label: tx.advice_body.into(),
            value: Cell::text(a.data.advisory_body.clone()),
        },
        Item {
            label: tx.advice_received.into(),
            value: Cell::text(a.data.received_on.dutch()),
        },
        Item {
            label: tx.advice_their_ref.into(),
            value: text(&a.data.their_reference),
        },
        Item {
            label: tx.advice_summary.into(),
            value: text(&a.data.summary),
        },
        Item {
            label: tx.advice_deadline.into(),
            value: Cell::text(a.deadline.dutch()),
        },
        Item {
            label: tx.field_status.into(),
            value: Cell::text(if a.is_open() {
                tx.advice_open
            } else {
                tx.advice_answered
            }),
        },
        Item {
            label: tx.advice_objectives.into(),
            value: names(&a.objectives),
        },
        Item {
            label: tx.advice_themes.into(),
            value: names(&a.themes),
        },
        Item {
            label: tx.advice_decision.into(),
            value: text(&a.reply.decision),
        },
        Item {
            label: tx.advice_reference.into(),
            value: text(&a.reply_reference),
        },
        Item {
            label: tx.advice_reply_date.into(),
            value: Cell::text(a.reply.reply_date.map(|d| d.dutch()).unwrap_or_default()),
        },
    ];
    let mut rows = Vec::new();
    match &a.document {
        Some((name, _, size)) => rows.push(vec![
            Cell::link(name.clone(), format!("{BASE}/{id}/document")),
            Cell::text(format!("{} kB", (size + 1023) / 1024)),
        ]),
        None => rows.push(vec![Cell::text(tx.advice_document_none), Cell::text("")]),
    }
    if can_edit {
        rows.push(vec![
            Cell::link(tx.advice_document_upload, format!("{BASE}/{id}/document/nieuw")),
            Cell::text(""),
        ]);
        rows.push(vec![
            Cell::link(tx.advice_reply_write, format!("{BASE}/{id}/antwoord")),
            Cell::text(""),
        ]);
    }
    if a.reply_reference.is_some() {
        rows.push(vec![
            Cell::link(tx.advice_letter_print, format!("{BASE}/{id}/brief")),
            Cell::link(tx.advice_letter_docx, format!("{BASE}/{id}/brief.docx")),
        ]);
    } else {
        rows.push(vec![Cell::text(tx.advice_letter_none), Cell::text("")]);
    }
    let files = Section {
        id: "stukken".into(),
        title: tx.advice_files.into(),
        table: Table {
            id: "t-stukken".into(),
            caption: tx.advice_files.into(),
            columns: vec![Column::plain(tx.advice_files), Column::plain("")],
            rows,
        },
        empty: tx.advice_document_none.into(),
        form: None,
    };
    let detail = DetailView {
        heading: format!("{} {}", a.case_number, a.data.subject),
        subtitle: Some(format!("{}: {}", tx.last_changed, dutch_time(&a.updated_at))),
        edit_href: can_edit.then(|| format!("{BASE}/{id}/bewerken")),
        delete_href: None,
        items,
        sections: vec![files],
        history: history(tx, &s.services.advice_history(&staff.actor(), id).await?),
    };
    let mut chrome = staff.ctx.chrome(a.case_number.clone(), Nav::Advice);
    chrome.notice = notice(tx, m.melding.as_deref());
    Ok(render(StatusCode::OK, &DetailTemplate { chrome, detail }))
}

async fn document(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let (name, media, bytes) = s.services.advice_document(&staff.actor(), id).await?;
    Ok(download(bytes, &media, &name))
}

#[derive(Template)]
#[template(path = "advice_upload.html")]
struct UploadTemplate {
    chrome: Chrome,
    heading: String,
    action: String,
    cancel_href: String,
    error: Option<String>,
}

fn upload_page(staff: &Staff, id: i64, status: StatusCode, error: Option<String>) -> Response {
    let tx = staff.ctx.tx;
    render(
        status,
        &UploadTemplate {
            chrome: staff.ctx.chrome(tx.advice_document_upload, Nav::Advice),
            heading: tx.advice_document_upload.into(),
            action: format!("{BASE}/{id}/document"),
            cancel_href: format!("{BASE}/{id}"),
            error,
        },
    )
}

async fn upload_form(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    s.services.advice(&staff.actor(), id).await?;
    Ok(upload_page(&staff, id, StatusCode::OK, None))
}

async fn upload(
    State(s): State<AppState>,
    staff: Staff,
    Id(id): Id,
    csrf: Option<axum::Extension<CsrfExpected>>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    staff.actor().require(Role::Editor)?;
    let max = s.services.config.advice.document_max_bytes;
    let mut sent_csrf = String::new();
    let mut file_name = String::new();
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
            Some("bestand") => {
                file_name = field.file_name().unwrap_or_default().to_string();
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if bytes.len() + chunk.len() > max {
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
    let tx = staff.ctx.tx;
    let result = if too_large {
        // Not read to the end: refused without looking further.
        Err(AttachError::Document(DocumentProblem::TooLarge))
    } else {
        s.services
            .attach_advice_document(&staff.actor(), id, &file_name, &bytes)
            .await
    };
    let message = match result {
        Ok(()) => return Ok(see_other(&format!("{BASE}/{id}?melding=gewijzigd"))),
        Err(AttachError::Document(DocumentProblem::Empty)) => tx.advice_document_empty,
        Err(AttachError::Document(DocumentProblem::TooLarge)) => tx.advice_document_large,
        Err(AttachError::Document(_)) => tx.advice_document_type,
        Err(AttachError::Service(e)) => return Err(e.into()),
    };
    Ok(upload_page(
        &staff,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(message.into()),
    ))
}

#[derive(Template)]
#[template(path = "advice_letter.html")]
struct LetterTemplate {
    chrome: Chrome,
    letter: ReplyLetter,
    columns: [&'static str; 7],
    row: [String; 7],
    docx_href: String,
    back_href: String,
}

async fn letter(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let letter = s.services.reply_letter(&staff.actor(), id).await?;
    let chrome = staff.ctx.chrome(
        format!("{} {}", staff.ctx.tx.advice_letter, letter.reference),
        Nav::Advice,
    );
    Ok(render(
        StatusCode::OK,
        &LetterTemplate {
            chrome,
            columns: ReplyLetter::COLUMNS,
            row: letter.row(),
            letter,
            docx_href: format!("{BASE}/{id}/brief.docx"),
            back_href: format!("{BASE}/{id}"),
        },
    ))
}

async fn letter_docx(State(s): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let letter = s.services.reply_letter(&staff.actor(), id).await?;
    let body = letter.docx()?;
    Ok(download(
        body,
        DOCX_TYPE,
        &format!("antwoord-{}.docx", letter.reference),
    ))
}

async fn zgw(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let zaken = s.services.advice_zgw(&staff.actor()).await?;
    let body = serde_json::to_vec_pretty(&zaken).map_err(|e| AppError::from(ServiceError::Internal(e.to_string())))?;
    Ok(download(body, "application/json", "adviezen-zgw-zaken.json"))
}
